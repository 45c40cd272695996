"""The correction flow of the Daten page in a real browser (issue #17): a CSV of the 14 demo sites with
"15O" in Belegt → the faulty row in the editable grid → the cell typed over with 150 → checked again →
imported complete; the import log says 15O → 150. Fails on an exception box, a console error or a
request to a foreign host."""

from __future__ import annotations

from ankunft.storage import store as store_mod

from .conftest import exception_texts, screenshot, wait_for_app
from .walks import fresh_start

NAME = "Unterbringung_Korrektur.csv"
COLUMNS = ["Zeile", "Fehler", "Belegung", "Unterkunfts-Nr.", "Unterkunft", "Stadtteil-Nr.", "Plätze"]  # faulty first


def sites_csv() -> tuple[str, list[str]]:
    from ankunft.storage import demo

    acc = demo.build().accommodations.reset_index(drop=True)
    lines = [f"Stand: {demo.STICHTAG:%d.%m.%Y}", "Nr.;Unterkunft;Stadtteil-Nr.;Plätze;Belegt"]
    for i, r in acc.iterrows():
        occ = "15O" if i == 6 else f"{r['occupancy']:.0f}"
        lines.append(f"{r['id']};{r['name']};{r['district_id']};{r['capacity']:.0f};{occ}")
    return "\n".join(lines) + "\n", acc["id"].tolist()


def test_fix_a_cell_in_the_grid_and_import_complete(fresh_app_server, new_page, tmp_path):
    text, ids = sites_csv()
    upload = tmp_path / NAME
    upload.write_text(text, encoding="utf-8")
    page, guard = new_page()
    # the sidebar as Streamlit opens it (the browser is shared: a council-mode test before may have folded
    # it, which widens the grid this test clicks into)
    fresh_start(page, f"{fresh_app_server.url}/daten", page.viewport_size)
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').first.set_input_files(str(upload))
    wait_for_app(page, timeout_ms=60_000)
    assert page.get_by_text("Fehlerhafte Zeilen korrigieren: 1 Zeile").count() == 1
    assert page.get_by_text("1 Unterkunft mit").count() >= 1, "Der Satz zu den Summen fehlt"

    screenshot(page, "08_daten_korrektur")
    grid = page.locator('[data-testid="stDataFrame"]').filter(has=page.locator("canvas")).first
    editor = page.locator("#portal textarea, #portal input").first
    for attempt in range(3):  # the grid may still be laid out (widths after fonts): select again if so
        grid.scroll_into_view_if_needed()
        box = grid.bounding_box()
        # first data row, first column (Zeile, read-only): select it, then walk right to Belegung
        page.mouse.click(box["x"] + 15, box["y"] + 35 + 17)
        for _ in range(COLUMNS.index("Belegung")):
            page.keyboard.press("ArrowRight")
        page.keyboard.press("Enter")  # opens the cell's editor with its text
        editor.wait_for()
        if editor.is_enabled() and editor.input_value() == "15O":
            break
        page.keyboard.press("Escape")  # another cell (a read-only message) was selected
        page.wait_for_timeout(500)
    assert editor.input_value() == "15O", "Die Zelle Belegung mit dem Fehler ließ sich nicht öffnen"
    editor.fill("150")
    page.keyboard.press("Enter")
    page.wait_for_timeout(300)
    page.get_by_role("button", name="Korrekturen übernehmen und neu prüfen").click()
    wait_for_app(page, timeout_ms=60_000)
    screenshot(page, "08_daten_korrigiert")
    assert page.get_by_text(f"{NAME}: bereit zum Import.").count() == 1, "Die Korrektur wurde nicht übernommen"
    assert page.get_by_text("15O → 150").count() >= 1

    page.get_by_role("button", name="Importieren", exact=True).click()
    wait_for_app(page, timeout_ms=60_000)
    page.get_by_text("Protokoll (Importe und Löschungen)").click()
    wait_for_app(page)
    screenshot(page, "08_daten_nach_korrektur_importiert")
    assert page.get_by_text("Noch keine echten Daten:").count() == 1
    assert not exception_texts(page)
    guard.assert_clean()
    store = store_mod.Store(fresh_app_server.db_path)
    (sid,) = store.list_snapshots()["id"].tolist()
    frame = store.load_frame(sid)
    assert frame["id"].tolist() == ids and frame.set_index("id").at[ids[6], "occupancy"] == 150
    log = store.import_log()
    fix = log[log["action"] == "correct"]
    assert len(fix) == 1 and "15O → 150" in fix["detail"].iloc[0]
    assert fix["user"].iloc[0] == "lokal (ohne Anmeldung)"
