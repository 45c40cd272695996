"""Bericht in a real browser (issue #17): type the author into "Verfasst von", move on as a user does
(a short pause, no Enter, no click elsewhere) and click a download once – the file carries the author.
Before, the field committed only on blur and the first click downloaded the file built before."""

from __future__ import annotations

from .conftest import DOWNLOADS, wait_for_app
from .test_browser import open_url

AUTHOR = "Integrationsbüro, Frau Test-Beispiel"
PAUSE_MS = 700  # typing stops → pointer on the button: about what a user needs


def test_author_reaches_the_first_download(app_server, new_page):
    page, guard = new_page()
    open_url(page, app_server, "Bericht")
    field = page.get_by_label("Verfasst von", exact=True).and_(page.get_by_test_id("stTextInputField"))
    field.click()
    field.press_sequentially(AUTHOR, delay=20)
    page.wait_for_timeout(PAUSE_MS)
    wait_for_app(page)  # the page rebuilds the files with the author (the field committed while typing)
    button = page.locator('[data-testid="stDownloadButton"] button', has_text="HTML")
    DOWNLOADS.mkdir(parents=True, exist_ok=True)
    with page.expect_download(timeout=120_000) as info:
        button.click()
    target = DOWNLOADS / ("autor_" + info.value.suggested_filename)
    info.value.save_as(target)
    assert AUTHOR in target.read_text(encoding="utf-8"), "Die erste heruntergeladene Datei nennt den Autor nicht"
    assert not guard.problems(), guard.problems()
