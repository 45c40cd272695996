"""Council mode in a real browser at projector size (1280×720), every page (issue 7).

Screenshots go to artifacts/screenshots/council_NN_<page>.png (the first screen, as the projector
shows it) and council_NN_<page>_ganz.png (the whole page). Each page must run without an exception
or console error, show no upload field and no admin button, and not be wider than the projector.
"""

from __future__ import annotations

from .conftest import SCREENSHOTS, council_switch, exception_texts, open_via_sidebar, screenshot, wait_for_app
from .test_browser import EXPECTED_TITLES, app_pages, url_path

PROJECTOR = {"width": 1280, "height": 720}
ADMIN_BUTTONS = ("Importieren", "Löschen", "Bereinigen", "Szenario speichern", "Grenzen übernehmen")

WIDTH_JS = """() => { const m = document.querySelector('[data-testid="stMain"]');
    return [document.documentElement.scrollWidth, m ? m.scrollWidth : 0, m ? m.clientWidth : 0]; }"""


def test_every_page_in_council_mode_at_projector_size(app_server, new_page):
    page, guard = new_page()
    page.set_viewport_size(PROJECTOR)
    page.goto(app_server.url)
    wait_for_app(page)
    page.locator('[data-testid="stSidebar"]').get_by_text("Ratsmodus", exact=True).click()
    wait_for_app(page)
    assert council_switch(page).is_checked()
    files = dict(app_pages())
    for index, title in enumerate(EXPECTED_TITLES):
        open_via_sidebar(page, title)
        assert council_switch(page).is_checked(), f"Ratsmodus auf „{title}“ verloren"
        assert not exception_texts(page), (title, exception_texts(page))
        name = f"council_{index + 1:02d}_{url_path(files[title])}"
        page.set_viewport_size(PROJECTOR)
        page.wait_for_timeout(300)
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / f"{name}.png"))
        screenshot(page, f"{name}_ganz")
        page.set_viewport_size(PROJECTOR)
        # the title is on the first screen, nothing is wider than the projector
        h1 = page.locator("h1").first.bounding_box()
        assert h1 is not None and h1["y"] < PROJECTOR["height"], title
        doc_w, main_w, main_client = page.evaluate(WIDTH_JS)
        assert doc_w <= PROJECTOR["width"], (title, doc_w)
        assert main_w <= main_client + 1, (title, main_w, main_client)
        # no admin controls in the DOM
        assert page.locator('input[type="file"]').count() == 0, f"Upload auf „{title}“"
        buttons = page.locator("button").all_inner_texts()
        assert not [b for b in buttons if any(a in b for a in ADMIN_BUTTONS)], (title, buttons)
    guard.assert_clean()
    assert sorted(p.name for p in SCREENSHOTS.glob("council_0*_*.png") if not p.stem.endswith("_ganz")) == sorted(
        f"council_{i + 1:02d}_{url_path(files[t])}.png" for i, t in enumerate(EXPECTED_TITLES))


def test_small_numbers_in_council_mode_show_markers(fresh_app_server, new_page):
    """With few residents per accommodation the council screens show "≤2" and "•", never the count."""
    from ankunft.storage import store
    from tests.audit.test_council_audit import small_number_tables

    page, guard = new_page()
    page.set_viewport_size(PROJECTOR)
    page.goto(fresh_app_server.url)
    wait_for_app(page)
    # a real import replaces the demo snapshots (the server's store, revision changes: caches refresh)
    store.Store(str(fresh_app_server.db_path)).import_tables(small_number_tables(), user="test")
    page.reload()
    wait_for_app(page)
    page.locator('[data-testid="stSidebar"]').get_by_text("Ratsmodus", exact=True).click()
    wait_for_app(page)
    files = dict(app_pages())
    for title in ("Übersicht", "Unterkünfte", "Wohnqualität", "Soziale Infrastruktur"):
        open_via_sidebar(page, title)
        assert not exception_texts(page), (title, exception_texts(page))
        name = f"council_klein_{url_path(files[title])}"
        page.set_viewport_size(PROJECTOR)
        screenshot(page, name)
        page.set_viewport_size(PROJECTOR)
        text = page.locator('[data-testid="stMain"]').inner_text()
        assert "≤2" in text or "•" in text, title
        assert "Synthetische Beispieldaten" not in text  # the small data replaced the demo
    guard.assert_clean()
