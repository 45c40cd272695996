"""Council mode in a real browser at projector size (1280×720), every page (issue 7).

Screenshots go to artifacts/screenshots/council_NN_<page>.png (the first screen, as the projector
shows it) and council_NN_<page>_ganz.png (the whole page). Each page must run without an exception
or console error, show no upload field and no admin button, and not be wider than the projector.
"""

from __future__ import annotations

from .conftest import SCREENSHOTS, exception_texts, open_via_sidebar, screenshot, wait_for_app
from .test_browser import EXPECTED_TITLES, app_pages, url_path
from .walks import PROJECTOR

ADMIN_BUTTONS = ("Importieren", "Löschen", "Bereinigen", "Szenario speichern", "Grenzen übernehmen")


def test_every_page_in_council_mode_at_projector_size(council_walk):
    """On the shared council walk (walks.py), the sidebar open as the presenter navigates."""
    assert council_walk.start["switch_on"]
    files = dict(app_pages())
    assert list(council_walk.pages) == EXPECTED_TITLES
    for title in EXPECTED_TITLES:
        seen = council_walk.pages[title]["open"]
        assert seen["switch"], f"Ratsmodus auf „{title}“ verloren"
        assert not seen["exceptions"], (title, seen["exceptions"])
        # the title is on the first screen, nothing is wider than the projector
        h1 = seen["h1"]
        assert h1 is not None and h1["y"] < PROJECTOR["height"], title
        doc_w, main_w, main_client = seen["widths"]
        assert doc_w <= PROJECTOR["width"], (title, doc_w)
        assert main_w <= main_client + 1, (title, main_w, main_client)
        # no admin controls in the DOM
        assert seen["file_inputs"] == 0, f"Upload auf „{title}“"
        buttons = seen["buttons"]
        assert not [b for b in buttons if any(a in b for a in ADMIN_BUTTONS)], (title, buttons)
    assert not council_walk.problems, "\n".join(council_walk.problems)
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
