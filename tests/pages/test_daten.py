"""AppTest of the Daten page: upload → check → import, freshness, failed import, template round trip,
confirmed import without faulty rows and deleting a snapshot."""

from __future__ import annotations

import hashlib
import io
import re
import sqlite3
from contextlib import closing

import openpyxl
import xlsxwriter

from ankunft.importing import templates
from ankunft.storage import store as store_mod

from .conftest import MIME, all_text, no_exception, open_page, upload

XLSX = MIME[".xlsx"]


def messy_accommodations() -> bytes:
    """Title rows, a Stand row, varying German headers, decimal commas as text, a sum row, a notes sheet."""
    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, {"in_memory": True})
    ws = wb.add_worksheet("Unterkünfte")
    ws.write_row(0, 0, ["Stadtverwaltung Kaiserslautern – Referat Soziales"])
    ws.write_row(1, 0, ["Belegungsübersicht Gemeinschaftsunterkünfte, Stand: 31.10.2026"])
    ws.write_row(3, 0, ["Nr.", "Bezeichnung", "Stadtteil", "Kapazität", "Belegt", "Wohnfläche (m²)",
                        "Kosten je Platz"])
    rows = [["01", "Asternweg", "Kaiserslautern-West", 220, 180, "1.540,5", "380 €"],
            ["02", "Ehem. Hauptpost", "Innenstadt West/Kotten", 370, 301, "2.600", "199 €"],
            ["03", "Colosseum", "Innenstadt-Ost", 69, 50, "480", "850 €"]]
    for i, r in enumerate(rows):
        ws.write_row(4 + i, 0, r)
    ws.write_row(7, 0, ["", "Gesamt", "", 659, 531])
    notes = wb.add_worksheet("Hinweise")
    notes.write(0, 0, "Legende: Belegt = Personen am Stichtag")
    wb.close()
    return buf.getvalue()


def test_daten_page_shows_demo_freshness(demo_db):
    at = open_page("daten")
    no_exception(at)
    text = all_text(at)
    assert "5 von 5 Datensätzen liegen vor" in text
    assert "synthetische Beispieldaten" in text.lower() or "Synthetische Beispieldaten" in text
    fresh = at.dataframe[0].value
    assert list(fresh["Datensatz"]) == ["Unterkünfte", "Bewohner (Aufenthalte)", "Wohnqualität",
                                        "Soziale Infrastruktur", "Stadtteile"]


def test_upload_and_import_messy_file(demo_db):
    at = open_page("daten")
    upload(at, "export.xlsx", messy_accommodations())
    no_exception(at)
    text = all_text(at)
    assert "export.xlsx: bereit zum Import." in text
    assert "Blatt „Unterkünfte“: Unterkünfte · 3 Datenzeilen · Stichtag 31.10.2026" in "\n".join(
        e.label for e in at.expander)
    btn = [b for b in at.button if b.label == "Importieren"][0]
    btn.click()
    at.run()
    no_exception(at)
    assert "1 Tabelle importiert." in all_text(at)
    s = store_mod.Store(str(demo_db))
    assert not s.is_demo()
    snaps = s.list_snapshots()
    assert list(snaps["dataset"]) == ["accommodations"]
    assert snaps["file_name"].iloc[0] == "export.xlsx"
    fresh = at.dataframe[0].value
    row = fresh[fresh["Datensatz"] == "Unterkünfte"].iloc[0]
    assert row["Stichtag"] == "31.10.2026"
    assert row["Datei"] == "export.xlsx"
    state = s.load_state(snaps["stichtag"].iloc[0])
    assert list(state.df("accommodations")["id"]) == ["01", "02", "03"]
    assert state.df("accommodations")["floor_area_m2"].tolist() == [1540.5, 2600.0, 480.0]


_KEPT_RESULTS = re.compile(r'(INSERT INTO "computed"|CREATE TABLE (IF NOT EXISTS )?"?computed\b|CREATE INDEX .* ON "?computed\b)')


def stored_data(path) -> str:
    """Everything the store holds except the results it keeps for speed (storage/computed.py: the page
    views of the first run may add such rows; they are derived, never the officer's data)."""
    with closing(sqlite3.connect(path)) as con:
        lines = [line for line in con.iterdump() if not _KEPT_RESULTS.match(line)]
    return hashlib.sha256("\n".join(lines).encode()).hexdigest()


def test_unreadable_file_cannot_be_imported_and_store_unchanged(demo_db):
    before = stored_data(demo_db)
    at = open_page("daten")
    upload(at, "kaputt.xlsx", b"PK\x03\x04 this is not really a workbook")
    no_exception(at)
    assert any("kaputt.xlsx" in e.value for e in at.error)
    btn = [b for b in at.button if b.label in ("Importieren", "ohne fehlerhafte Zeilen importieren")][0]
    assert btn.disabled
    assert stored_data(demo_db) == before


def test_template_round_trip(demo_db):
    wb = openpyxl.load_workbook(io.BytesIO(templates.template_xlsx("districts")))
    ws = wb.worksheets[0]
    header_row = next(r for r in range(1, 10) if ws.cell(r, 1).value)
    headers = [c.value for c in ws[header_row]]
    values = {"Stadtteil-Nr.": "09", "Stadtteil": "Kaiserslautern-West", "Einwohner": 8565}
    for col, h in enumerate(headers, start=1):
        if h in values:
            ws.cell(header_row + 1, col, values[h])
    out = io.BytesIO()
    wb.save(out)
    at = open_page("daten")
    upload(at, "stadtteile_2026-10-31.xlsx", out.getvalue())
    no_exception(at)
    assert not at.error, [e.value for e in at.error]
    btn = [b for b in at.button if b.label == "Importieren"][0]
    assert not btn.disabled
    btn.click()
    at.run()
    s = store_mod.Store(str(demo_db))
    snaps = s.list_snapshots()
    assert list(snaps["dataset"]) == ["districts"]
    assert int(snaps["rows"].iloc[0]) == 1


def faulty_accommodations() -> bytes:
    """One row with a non-numeric occupancy: importable only without that row, after confirmation."""
    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, {"in_memory": True})
    ws = wb.add_worksheet("Unterkünfte")
    ws.write_row(0, 0, ["Stand: 31.10.2026"])
    ws.write_row(2, 0, ["Nr.", "Unterkunft", "Stadtteil", "Plätze", "Belegung"])
    ws.write_row(3, 0, ["001", "Asternweg", "Kaiserslautern-West", 120, 80])
    ws.write_row(4, 0, ["002", "Hotel Zepp", "03", 60, "viele"])
    wb.close()
    return buf.getvalue()


def test_faulty_rows_need_confirmation_then_snapshot_can_be_deleted(demo_db):
    at = upload(open_page("daten"), "fehler.xlsx", faulty_accommodations())
    no_exception(at)
    assert ("fehler.xlsx: 1 Zeile mit Fehlern – in der Tabelle „Fehlerhafte Zeilen korrigieren“ berichtigen oder "
            "nach Bestätigung ohne diese Zeilen importieren.") in all_text(at)
    btn = [b for b in at.button if b.label == "ohne fehlerhafte Zeilen importieren"][0]
    assert btn.disabled
    assert "und die fehlerhaften Zeilen bestätigt sind." in all_text(at)
    box = at.checkbox(key="confirm_faulty")
    assert box.label == ("Ich bestätige: ohne die 1 fehlerhafte Zeile importieren (sie bleiben im Prüfbericht "
                         "aufgeführt).")
    box.check()
    at.run()
    [b for b in at.button if b.label == "ohne fehlerhafte Zeilen importieren"][0].click()
    at.run()
    no_exception(at)
    assert "1 Tabelle importiert; 1 fehlerhafte Zeile ausgelassen (siehe Prüfbericht)." in all_text(at)
    s = store_mod.Store(str(demo_db))
    (sid,) = s.list_snapshots()["id"].tolist()
    assert s.load_frame(sid)["id"].tolist() == ["001"]
    snaps = at.dataframe[1].value
    assert list(snaps.columns) == ["Nr.", "Datensatz", "Stichtag", "Zeilen", "Datei", "Importiert", "von"]
    assert snaps[["Nr.", "Stichtag", "Zeilen", "Datei"]].values.tolist() == [[sid, "31.10.2026", "1", "fehler.xlsx"]]
    assert "Gespeicherte Stände (1)" in [e.label for e in at.expander]
    choice = at.selectbox[0]
    assert choice.label == "Stand löschen"
    choice.set_value(sid)
    at.run()
    [b for b in at.button if b.label == "Löschen"][0].click()
    at.run()
    no_exception(at)
    assert f"Stand Nr. {sid} gelöscht." in all_text(at)
    assert not s.has_snapshots()


def test_same_file_uploaded_twice_gives_a_notice_not_a_crash(demo_db):
    """Issue #16 item 5: "export.xlsx" and its browser copy "export (1).xlsx" (same bytes) once crashed the
    page (widget keys from the content → DuplicateElementKey). Now: one notice naming both, one check,
    and the import of the first."""
    payload = messy_accommodations()
    at = open_page("daten")
    at.file_uploader(key="uploader").set_value([("export.xlsx", payload, XLSX), ("export (1).xlsx", payload, XLSX),
                                                ("export (2).xlsx", payload, XLSX)])
    at.run()
    no_exception(at)
    notices = [w.value for w in at.warning if "export (1).xlsx" in w.value or "export (2).xlsx" in w.value]
    assert len(notices) == 2 and all("denselben Inhalt wie „export.xlsx“" in n for n in notices), notices
    assert sum("Blatt „Unterkünfte“" in e.label for e in at.expander) == 1
    [b for b in at.button if b.label == "Importieren"][0].click()
    at.run()
    no_exception(at)
    assert "1 Tabelle importiert." in all_text(at)
    assert list(store_mod.Store(str(demo_db)).list_snapshots()["file_name"]) == ["export.xlsx"]


def test_widgets_are_keyed_by_upload_position_and_name(demo_db):
    """Two different files with the same sheet name each keep their own controls; a correction of the
    second (its Stichtag) does not touch the first."""
    first = messy_accommodations()
    buf = io.BytesIO()
    wb = openpyxl.load_workbook(io.BytesIO(first))
    wb["Unterkünfte"]["A2"] = "Belegungsübersicht Gemeinschaftsunterkünfte, Stand: 30.11.2026"
    wb.save(buf)
    second = buf.getvalue()
    at = open_page("daten")
    at.file_uploader(key="uploader").set_value([("a.xlsx", first, XLSX), ("b.xlsx", second, XLSX)])
    at.run()
    no_exception(at)
    dates = [d for d in at.date_input if d.label == "Stichtag"]
    assert len(dates) == 2 and len({d.key for d in dates}) == 2
    assert all("a.xlsx" in d.key or "b.xlsx" in d.key for d in dates)


def test_upload_widget_takes_old_xls_and_explains_ods(demo_db):
    """Issue #16 item 9: .xls is documented and read by the CLI, so the upload takes it; .ods is taken
    too so that the German explanation (save as .xlsx) appears instead of a silent refusal."""
    from pathlib import Path

    xls = (Path(__file__).parents[1] / "unit" / "importing" / "files" / "unterkuenfte_alt.xls").read_bytes()
    at = open_page("daten")
    types = at.file_uploader(key="uploader").proto.type
    assert {".xls", ".ods", ".xlsx", ".csv"} <= set(types)
    at.file_uploader(key="uploader").set_value(("alt.xls", xls, "application/vnd.ms-excel"))
    at.run()
    no_exception(at)
    assert "alt.xls: bereit zum Import." in all_text(at)
