"""The harness catches what it must: exception boxes, foreign requests, console errors.

Runs a small purpose-built app (harness_app.py) so the guards are proven to fail when they should,
and the widget selectors used by test_browser.py (toggle, slider, real file input, download) work.
"""

from __future__ import annotations

import pytest
from openpyxl import Workbook

from .conftest import (
    ROOT,
    council_switch,
    exception_texts,
    move_slider,
    open_via_sidebar,
    screenshot,
    start_streamlit,
    wait_for_app,
)


@pytest.fixture(scope="module")
def harness_server(playwright_api):
    server = start_streamlit(ROOT / "tests" / "browser" / "harness_app.py", "harness")
    yield server
    server.stop()


def _open(new_page, server, case: str):
    page, guard = new_page()
    page.goto(f"{server.url}/?fall={case}")
    wait_for_app(page)
    return page, guard


def test_clean_page_passes_all_guards(new_page, harness_server):
    page, guard = _open(new_page, harness_server, "ok")
    assert page.locator("h1", has_text="Prüfstand").count() == 1
    assert exception_texts(page) == []
    guard.assert_clean()


def test_exception_box_is_detected_without_details(new_page, harness_server):
    page, guard = _open(new_page, harness_server, "ausnahme")
    texts = exception_texts(page)
    assert len(texts) == 1
    # showErrorDetails = "none": the user never sees the cell value or a traceback
    assert "Müller" not in texts[0] and "Traceback" not in texts[0]
    assert "Müller" in harness_server.log_text() or "Uncaught app execution" in harness_server.log_text()


def test_foreign_request_is_recorded_and_aborted(new_page, harness_server):
    page, guard = _open(new_page, harness_server, "fremd")
    page.wait_for_timeout(500)
    assert guard.foreign_requests == ["http://beispiel.invalid/zaehlpixel.png"]
    assert any("beispiel.invalid" in p for p in guard.problems())
    with pytest.raises(AssertionError):
        guard.assert_clean()


def test_console_error_is_recorded(new_page, harness_server):
    page, guard = _open(new_page, harness_server, "konsole")
    page.wait_for_timeout(500)
    assert guard.console_errors == ["absichtlicher Konsolenfehler"]


def test_widget_selectors_toggle_slider_upload_download(new_page, harness_server, tmp_path):
    page, guard = _open(new_page, harness_server, "ok")

    assert not council_switch(page).is_checked()
    page.get_by_text("Ratsmodus", exact=True).click()
    wait_for_app(page)
    assert council_switch(page).is_checked()
    assert page.get_by_text("Ratsmodus an").count() == 1

    assert move_slider(page, 0, 2) == ("3", "5")
    assert page.get_by_text("Gewählt: 5").count() == 1

    xlsx = tmp_path / "unterkuenfte.xlsx"
    wb = Workbook()
    wb.active.append(["Name", "Plätze"])
    wb.active.append(["Unterkunft A", 120])
    wb.save(xlsx)
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(xlsx))
    wait_for_app(page)
    page.get_by_role("button", name="Importieren").click()
    wait_for_app(page)
    assert page.get_by_text(f"Importiert: unterkuenfte.xlsx ({xlsx.stat().st_size} Bytes)").count() == 1

    with page.expect_download() as info:
        page.locator('[data-testid="stDownloadButton"] button').first.click()
    target = tmp_path / info.value.suggested_filename
    info.value.save_as(target)
    assert target.name == "bericht.csv"
    assert target.read_text(encoding="utf-8") == "Spalte;Wert\nA;1\n"

    shot = screenshot(page, "00_pruefstand")
    assert shot.stat().st_size > 1000
    assert exception_texts(page) == []
    guard.assert_clean()


def test_sidebar_navigation_between_pages(new_page, harness_server):
    page, guard = _open(new_page, harness_server, "ok")
    open_via_sidebar(page, "Zweite Seite")
    assert page.url.endswith("/zweite")
    assert page.locator("h1", has_text="Zweite Seite").count() == 1
    open_via_sidebar(page, "Prüfstand")
    assert page.locator("h1", has_text="Prüfstand").count() == 1
    with pytest.raises(AssertionError, match="fehlt in der Seitennavigation"):
        open_via_sidebar(page, "Gibt es nicht")
    guard.assert_clean()
