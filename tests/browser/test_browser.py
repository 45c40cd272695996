"""The real app in a real browser: every page, upload + import, scenario slider, export, council mode.

Each test fails on a Streamlit exception box, on a console error outside the allowlist
(conftest.CONSOLE_ALLOWLIST) and on any request to a host other than loopback. Screenshots of every
page go to artifacts/screenshots/, downloads to artifacts/downloads/.
"""

from __future__ import annotations

import re
import shutil

from ankunft.storage import store as store_mod

from .conftest import (
    APP_DIR,
    DOWNLOADS,
    ROOT,
    council_switch,
    exception_texts,
    move_slider,
    nav_titles,
    open_via_sidebar,
    screenshot,
    start_streamlit,
    wait_for_app,
)
from .walks import fresh_start

# The pages of app.py, in navigation order: (title, file). The suite requires exactly these.
EXPECTED_TITLES = ["Übersicht", "Unterkünfte", "Wohnqualität", "Soziale Infrastruktur", "Stadtteilprofil",
                   "Szenarien", "Bericht", "Daten"]
_PAGE_RE = re.compile(r'st\.Page\(\s*"(?P<file>[^"]+)"\s*,\s*title="(?P<title>[^"]+)"')
UPLOAD_SOURCE = ROOT / "data" / "demo" / "Statistik_Stadtteile_2026-06-30.xlsx"
UPLOAD_NAME = "Statistik_Stadtteile_2026-06-30_Amt.xlsx"
ZIP_MAGIC = b"PK\x03\x04"


def app_pages() -> list[tuple[str, str]]:
    return [(m["title"], m["file"]) for m in _PAGE_RE.finditer((APP_DIR / "app.py").read_text(encoding="utf-8"))]


def url_path(file: str) -> str:
    """st.Page's URL path for a page file: the name without the number prefix and .py."""
    return re.sub(r"^\d+_", "", file.rsplit("/", 1)[-1][:-3])


def slug(index: int, title: str) -> str:
    return f"{index + 1:02d}_{url_path(app_pages()[index][1])}"


def assert_page_ok(page, guard, title: str) -> None:
    errors = exception_texts(page)
    assert not errors, f"Ausnahme auf der Seite „{title}“: {errors}"
    guard.assert_clean()


TRUSTED_NOTE = "gedacht für einen vertrauenswürdigen Einzelplatz im Intranet"
AUTH_SECRETS = """
[auth]
redirect_uri = "http://127.0.0.1:9/oauth2callback"
cookie_secret = "browser-test-cookie-secret-0123456789abcdef"
client_id = "ankunft-test"
client_secret = "nicht-geheim"
server_metadata_url = "http://127.0.0.1:9/.well-known/openid-configuration"
"""


def open_url(page, server, title: str) -> None:
    """Open a page by its URL (deep link) and check that it ran inside app.py (navigation, gate)."""
    file = dict(app_pages())[title]
    page.goto(f"{server.url}/{url_path(file)}")
    wait_for_app(page)
    assert page.locator("h1", has_text=title).count() >= 1, f"Seite „{title}“ zeigt ihren Titel nicht"
    # A deep link must run app.py (sign-in gate, navigation). If Streamlit ran the page file on its
    # own (legacy pages/ directory), the navigation shows file names and the gate's note is missing.
    assert nav_titles(page) == EXPECTED_TITLES, f"Direktaufruf lief an app.py vorbei: {nav_titles(page)}"
    assert page.get_by_text(TRUSTED_NOTE).count() == 1, "Direktaufruf ohne Anmelde-/Intranet-Prüfung"


def h1_font_px(page) -> float:
    """Computed font size of the page title (council mode enlarges it)."""
    return float(page.locator("h1").first.evaluate("e => parseFloat(getComputedStyle(e).fontSize)"))


def test_app_declares_all_eight_pages_and_their_files_exist():
    pages = app_pages()
    assert [t for t, _ in pages] == EXPECTED_TITLES
    missing = [f for _, f in pages if not (APP_DIR / f).exists()]
    assert not missing, f"Seitendateien fehlen: {missing}"


def test_every_page_opens_via_sidebar_without_errors(app_server, working_walk):
    """Every page via the sidebar in working mode (the shared walk, walks.py; screenshots NN_<page>)."""
    assert list(working_walk.pages) == EXPECTED_TITLES
    for i, (title, file) in enumerate(app_pages()):
        seen = working_walk.pages[title]
        url = seen["url"].rstrip("/")
        assert url.endswith(url_path(file)) or (i == 0 and url == app_server.url)
        assert seen["h1"] >= 1, f"Seite „{title}“ zeigt ihren Titel nicht"
        for key in ("exceptions", "exceptions_after"):
            assert not seen[key], f"Ausnahme auf der Seite „{title}“: {seen[key]}"
    assert not working_walk.problems, "\n".join(working_walk.problems)
    assert "Traceback" not in working_walk.log


def test_scenario_slider_moves(app_server, new_page):
    page, guard = new_page()
    open_url(page, app_server, "Szenarien")
    assert page.locator('[data-testid="stSlider"]').count() >= 1, "Szenarien hat keinen Schieberegler"
    before, after = move_slider(page, 0, 1)
    assert before != after, "Der Schieberegler hat sich nicht bewegt"
    screenshot(page, "06_szenarien_regler_bewegt")
    assert_page_ok(page, guard, "Szenarien")
    before2, after2 = move_slider(page, 0, -1)
    assert after2 == before
    assert_page_ok(page, guard, "Szenarien")


def test_report_export_downloads(app_server, new_page):
    page, guard = new_page()
    open_url(page, app_server, "Bericht")
    buttons = page.locator('[data-testid="stDownloadButton"] button')
    assert buttons.count() >= 1, "Bericht bietet keinen Download an"
    DOWNLOADS.mkdir(parents=True, exist_ok=True)
    saved = []
    for i in range(buttons.count()):
        with page.expect_download(timeout=120_000) as info:
            buttons.nth(i).click()
        target = DOWNLOADS / info.value.suggested_filename
        info.value.save_as(target)
        saved.append(target)
        wait_for_app(page)
    for target in saved:
        data = target.read_bytes()
        assert len(data) > 100, f"{target.name} ist (fast) leer"
        suffix = target.suffix.lower()
        if suffix in (".pptx", ".xlsx", ".docx", ".zip"):
            assert data[:4] == ZIP_MAGIC, f"{target.name} ist kein Office-/ZIP-Dokument"
        elif suffix in (".html", ".htm"):
            text = data.decode("utf-8")
            assert "<html" in text.lower()
            assert not re.search(r"""(?:src|href)\s*=\s*["']https?://(?!127\.0\.0\.1|localhost)""", text), \
                f"{target.name} lädt Inhalte von fremden Hosts"
        elif suffix == ".pdf":
            assert data[:5] == b"%PDF-"
        elif suffix in (".csv", ".txt", ".md", ".json"):
            data.decode("utf-8")
    screenshot(page, "07_bericht_nach_download")
    assert_page_ok(page, guard, "Bericht")


def test_council_mode_switches(app_server, new_page):
    page, guard = new_page()
    # the sidebar as Streamlit opens it (the browser and this server are shared by the session: a council-mode
    # test before may have left the sidebar folded in localStorage)
    fresh_start(page, app_server.url, page.viewport_size)
    switch = council_switch(page)
    assert switch.count() == 1, "Der Schalter „Ratsmodus“ fehlt"
    assert not switch.is_checked()
    normal_size = h1_font_px(page)
    page.locator('[data-testid="stSidebar"]').get_by_text("Ratsmodus", exact=True).click()
    wait_for_app(page)
    assert council_switch(page).is_checked()
    assert h1_font_px(page) > normal_size, "Im Ratsmodus wird die Schrift nicht größer"
    screenshot(page, "rat_01_uebersicht")
    assert_page_ok(page, guard, "Übersicht (Ratsmodus)")
    open_via_sidebar(page, "Szenarien")
    # presenting in the council means moving between pages: the mode must stay on
    assert council_switch(page).is_checked(), "Der Ratsmodus geht beim Seitenwechsel verloren"
    assert h1_font_px(page) > normal_size
    screenshot(page, "rat_06_szenarien")
    assert_page_ok(page, guard, "Szenarien (Ratsmodus)")
    page.locator('[data-testid="stSidebar"]').get_by_text("Ratsmodus", exact=True).click()
    wait_for_app(page)
    assert not council_switch(page).is_checked()
    assert h1_font_px(page) == normal_size
    assert_page_ok(page, guard, "Szenarien")


def test_upload_through_the_file_input_and_import(fresh_app_server, new_page, tmp_path):
    upload = tmp_path / UPLOAD_NAME
    shutil.copyfile(UPLOAD_SOURCE, upload)
    page, guard = new_page()
    open_url(page, fresh_app_server, "Daten")
    store = store_mod.Store(fresh_app_server.db_path)
    assert store.is_demo()
    before = set(store.list_snapshots()["id"])

    page.locator('[data-testid="stFileUploaderDropzoneInput"]').first.set_input_files(str(upload))
    wait_for_app(page, timeout_ms=120_000)
    assert page.get_by_text(UPLOAD_NAME).count() >= 1, "Die hochgeladene Datei wird nicht angezeigt"
    screenshot(page, "08_daten_hochgeladen")
    assert_page_ok(page, guard, "Daten (hochgeladen)")

    button = page.get_by_role("button", name="Importieren", exact=True)
    assert button.count() >= 1, "Kein Knopf „Importieren“"
    button.first.click()
    wait_for_app(page, timeout_ms=120_000)
    screenshot(page, "08_daten_importiert")
    assert_page_ok(page, guard, "Daten (importiert)")

    snaps = store.list_snapshots()
    new = snaps[~snaps["id"].isin(before)]
    assert new["file_name"].tolist() == [UPLOAD_NAME]
    assert new["dataset"].tolist() == ["districts"] and new["origin"].tolist() == ["import"]
    assert not store.is_demo()  # the first real import replaces the demo
    log = store.import_log()
    assert (log.loc[log["file_name"] == UPLOAD_NAME, "user"] == "lokal (ohne Anmeldung)").all()


def test_sign_in_required_on_every_deep_link(playwright_api, new_page):
    """With [auth] configured, every page URL shows only the sign-in screen – no page content."""
    server = start_streamlit(APP_DIR / "app.py", "anmeldung", app_dir=APP_DIR, secrets_text=AUTH_SECRETS)
    try:
        page, guard = new_page()
        for title, file in app_pages():
            page.goto(f"{server.url}/{url_path(file)}")
            wait_for_app(page)
            assert page.get_by_text("Anmeldung erforderlich").count() == 1, f"„{title}“ ohne Anmeldung erreichbar"
            assert page.locator("h1", has_text=title).count() == 0, f"„{title}“ zeigt Inhalt ohne Anmeldung"
            assert page.locator('[data-testid="stFileUploaderDropzoneInput"]').count() == 0
            assert_page_ok(page, guard, f"{title} (Anmeldung)")
        screenshot(page, "00_anmeldung")
        # the identity provider of this test (127.0.0.1:9) is unreachable: the sign-in screen says so in
        # German and stays (way back: "Anmelden" again) instead of Streamlit's English error page
        page.get_by_role("button", name="Anmelden").click()
        page.get_by_text("nicht erreichbar").first.wait_for(timeout=60_000)
        wait_for_app(page)
        assert page.url.startswith(server.url)
        body = page.inner_text("body")
        assert "Anmeldedienst" in body and "Authentication error" not in body
        assert page.get_by_role("button", name="Anmelden").count() == 1
        assert page.locator('[data-testid="stMetricValue"]').count() == 0
        assert not guard.foreign_requests, guard.foreign_requests
    finally:
        server.stop()
