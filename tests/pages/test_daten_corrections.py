"""AppTest of corrections on the Daten page (issue #17): a faulty cell is fixed in the grid and the complete
table imported (logged old → new); the import without faulty rows names what leaves the totals and needs a
confirmation; the first real import says what the demo removal leaves empty."""

from __future__ import annotations

import pandas as pd

from ankunft.storage import store as store_mod

from .conftest import all_text, no_exception, open_page, upload


def demo_sites_csv(bad: str | None = "15O", coordinates: bool = False) -> tuple[bytes, pd.DataFrame]:
    """The 14 demo accommodations as an office's CSV export (German numbers); the 7th site's Belegt is ``bad``."""
    from ankunft.storage import demo

    acc = demo.build().accommodations.reset_index(drop=True)
    head = ["Nr.", "Unterkunft", "Stadtteil-Nr.", "Plätze", "Belegt"] + (["Breitengrad", "Längengrad"]
                                                                         if coordinates else [])
    lines = [f"Stand: {demo.STICHTAG:%d.%m.%Y}", ";".join(head)]
    for i, r in acc.iterrows():
        occ = bad if (bad is not None and i == 6) else f"{r['occupancy']:.0f}"
        cells = [r["id"], r["name"], r["district_id"], f"{r['capacity']:.0f}", occ]
        if coordinates:
            cells += [f"{r['lat']}".replace(".", ","), f"{r['lon']}".replace(".", ",")]
        lines.append(";".join(cells))
    return ("\n".join(lines) + "\n").encode("utf-8"), acc


def test_fix_15O_in_the_grid_then_import_complete_and_logged(demo_db):
    payload, acc = demo_sites_csv("15O")
    at = upload(open_page("daten"), "unterkuenfte.csv", payload)
    no_exception(at)
    (editor,) = at.data_editor
    grid = editor.value
    assert grid["Zeile"].tolist() == [9]  # Stand row, header row, then the 7th site
    assert grid["Belegung"].tolist() == ["15O"] and grid["Unterkunft"].tolist() == [acc.loc[6, "name"]]
    assert "15O" in grid["Fehler"].iloc[0]
    assert not [b for b in at.button if b.label == "Importieren"]  # only the path without faulty rows so far
    at.session_state[editor.key] = {"edited_rows": {0: {"Belegung": "150"}}, "added_rows": [], "deleted_rows": []}
    [b for b in at.button if b.label == "Korrekturen übernehmen und neu prüfen"][0].click()
    at.run()
    no_exception(at)
    assert not at.data_editor
    assert "unterkuenfte.csv: bereit zum Import." in all_text(at)
    assert "Zeile 9, „Belegt“: 15O → 150" in all_text(at)
    s = store_mod.Store(str(demo_db))
    assert s.is_demo()  # nothing stored before the import
    btn = [b for b in at.button if b.label == "Importieren"][0]
    assert not btn.disabled
    btn.click()
    at.run()
    no_exception(at)
    assert "1 Tabelle importiert. 1 korrigierte Zelle im Protokoll." in all_text(at)
    (sid,) = s.list_snapshots()["id"].tolist()
    frame = s.load_frame(sid)
    assert len(frame) == 14 and frame["id"].tolist() == acc["id"].tolist()
    assert frame.set_index("id").at[acc.loc[6, "id"], "occupancy"] == 150
    log = at.dataframe[-1].value
    assert list(log.columns) == ["Zeitpunkt", "Benutzer", "Vorgang", "Stand", "Details"]
    line = log[log["Vorgang"] == "korrigiert"]
    assert len(line) == 1 and "15O → 150" in line["Details"].iloc[0]


def _plain(s: str) -> str:
    return s.replace("\u00a0", " ")


def test_without_faulty_rows_names_the_totals_and_needs_confirmation(demo_db):
    from ankunft.core import fmt

    payload, acc = demo_sites_csv("15O")
    at = upload(open_page("daten"), "unterkuenfte.csv", payload)
    no_exception(at)
    cap = int(acc.loc[6, "capacity"])
    total = int(acc["capacity"].sum())
    text = _plain(all_text(at))
    assert _plain(f"1 Unterkunft mit {fmt.plural(cap, 'Platz', 'Plätzen')} fehlt dann in allen Summen (Stadt: "
                  f"14 → 13 Unterkünfte, Plätze {fmt.integer(total)} → {fmt.integer(total - cap)})") in text
    btn = [b for b in at.button if b.label == "ohne fehlerhafte Zeilen importieren"][0]
    assert btn.disabled  # not before the confirmation
    at.checkbox(key="confirm_faulty").check()
    at.run()
    [b for b in at.button if b.label == "ohne fehlerhafte Zeilen importieren"][0].click()
    at.run()
    no_exception(at)
    assert "1 fehlerhafte Zeile ausgelassen" in all_text(at)
    s = store_mod.Store(str(demo_db))
    (sid,) = s.list_snapshots()["id"].tolist()
    assert len(s.load_frame(sid)) == 13


def test_first_real_import_says_what_the_demo_removal_leaves_empty(demo_db):
    payload, _ = demo_sites_csv(None)
    at = upload(open_page("daten"), "unterkuenfte.csv", payload)
    no_exception(at)
    before = "\n".join(w.value for w in at.warning)
    assert "Mit diesem ersten Import echter Daten werden alle Beispieldaten entfernt." in before
    assert "Wohnungsaufsicht (Wohnungen)" in before and "Jugendamt / Schulverwaltung (Kitas und Schulen)" in before
    assert "Sozialamt (Unterkünfte)" not in before
    assert any("keine Koordinaten" in i.value and "Unterkünfte" in i.value for i in at.info)
    [b for b in at.button if b.label == "Importieren"][0].click()
    at.run()
    no_exception(at)
    after = "\n".join(w.value for w in at.warning)
    assert "Noch keine echten Daten: " in after and "Wohnungsaufsicht (Wohnungen)" in after
    assert "bleiben ganz oder teilweise leer" in after and "Wohnqualität" in after
    assert any("keine Koordinaten" in i.value for i in at.info)
    log = at.dataframe[-1].value
    assert "Beispieldaten entfernt" in log["Vorgang"].tolist()


def test_a_file_with_coordinates_gets_no_map_note(demo_db):
    payload, _ = demo_sites_csv(None, coordinates=True)
    at = upload(open_page("daten"), "unterkuenfte.csv", payload)
    no_exception(at)
    assert not any("keine Koordinaten" in i.value for i in at.info)


def test_faulty_stays_are_not_shown_in_a_grid_without_sign_in(demo_db):
    """Residents are person-level rows: without sign-in (intranet mode) no correction grid shows them."""
    lines = ["Stand: 30.09.2026", "Personen-Nr.;Unterkunft;Einzug;Geburtsjahr",
             "P1;Asternweg;01.02.2025;1990", "P2;Asternweg;31.02.2025;1985", "P3;Colosseum;15.03.2026;2001"]
    at = upload(open_page("daten"), "aufenthalte.csv", ("\n".join(lines) + "\n").encode("utf-8"))
    no_exception(at)
    assert "aufenthalte.csv: 1 Zeile mit Fehlern" in all_text(at)
    assert not at.data_editor
    assert any("nur nach Anmeldung" in i.value for i in at.info)


def test_a_correction_of_a_removed_upload_is_not_logged_with_a_new_file_of_the_same_name(demo_db):
    faulty, _ = demo_sites_csv("15O")
    clean, _ = demo_sites_csv(None)
    at = upload(open_page("daten"), "unterkuenfte.csv", faulty)
    (editor,) = at.data_editor
    at.session_state[editor.key] = {"edited_rows": {0: {"Belegung": "150"}}, "added_rows": [], "deleted_rows": []}
    [b for b in at.button if b.label == "Korrekturen übernehmen und neu prüfen"][0].click()
    at.run()
    at = upload(at, "unterkuenfte.csv", clean)  # the officer fixed the file itself and uploads it again
    no_exception(at)
    assert "15O → 150" not in all_text(at)
    [b for b in at.button if b.label == "Importieren"][0].click()
    at.run()
    no_exception(at)
    log = store_mod.Store(str(demo_db)).import_log()
    assert "correct" not in log["action"].tolist()
