"""The Daten page's recognition report view model: dataset reason, per-column table, confirmations."""

from __future__ import annotations

import io

import xlsxwriter

from ankunft.importing.pipeline import check_file
from ankunft.views import data_view, recognition_view


def _xlsx(sheet: str, rows: list[list]) -> bytes:
    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, {"in_memory": True})
    ws = wb.add_worksheet(sheet)
    for i, r in enumerate(rows):
        ws.write_row(i, 0, r)
    wb.close()
    return buf.getvalue()


ROWS = [["Stand: 01.10.2026"], [], ["Bezeichnung", "Aufnahmekapazität", "Bewohner", "Ortsteil"],
        ["Asternweg", 120, 80, "Betzenberg"], ["Hotel Zepp", 60, 40, "Erfenbach"]]


def _table(sheet="Unterkünfte", rows=ROWS, **kw):
    return check_file(_xlsx(sheet, rows), file_name="export.xlsx", **kw).tables[0]


def test_dataset_reason_names_points_runner_up_and_evidence():
    text = recognition_view.dataset_reason(_table())
    assert text.startswith("Als „Unterkünfte“ erkannt (")
    assert "Punkte" in text and "zweitbester Datenbestand" in text and "Blattname „Unterkünfte“" in text


def test_dataset_reason_of_a_forced_dataset_and_of_a_constant_category():
    forced = _table(dataset={"*": "accommodations"})
    assert "weil Sie den Datenbestand vorgegeben haben" in recognition_view.dataset_reason(forced)
    kita = _table("Kitas", [["Einrichtung", "Plätze", "belegt"], ["Haus Sonnenblume", 40, 38]])
    assert "Kategorie „Kita“ für das ganze Blatt aus Blattname „Kitas“" in recognition_view.dataset_reason(kita)


def test_columns_frame_shows_source_score_runner_up_and_confirmation():
    df = recognition_view.columns_frame(_table()).set_index("Spalte in der Datei")
    assert list(df.columns) == recognition_view.COLUMNS[1:]
    row = df.loc["Aufnahmekapazität"]
    assert row["erkannt als"] == "Plätze" and row["erkannt nach"] == "Überschrift"
    assert row["Sicherheit"].endswith("\u00a0%") and row["Bestätigung"] == "bitte bestätigen"
    assert df.loc["Bezeichnung", "Bestätigung"] == "" and df.loc["Bezeichnung", "Sicherheit"] == "100\u00a0%"


def test_confirmations_offer_accept_change_and_ignore_and_are_recorded_as_overrides():
    t = _table()
    (item,) = recognition_view.confirmations(t)
    assert item.header == "Aufnahmekapazität" and item.field == "capacity"
    assert item.options[0] == "capacity" and item.options[-1] == recognition_view.IGNORE
    assert "name" not in item.options  # taken by another column
    assert item.option_labels[recognition_view.IGNORE] == "nicht importieren"
    assert recognition_view.open_headers(t) == {"Aufnahmekapazität"}
    ov = data_view.new_overrides()
    recognition_view.confirm(ov, t.sheet, item.header, item.field)
    again = check_file(_xlsx("Unterkünfte", ROWS), file_name="export.xlsx", mapping=ov["mapping"]).tables[0]
    assert recognition_view.confirmations(again) == []
    col = next(c for c in again.recognition["columns"] if c["header"] == "Aufnahmekapazität")
    assert (col["field"], col["by"], col["confirm"]) == ("capacity", "officer", False)
    assert not [w for w in again.warnings if w.code == "mapping_needs_confirmation"]


def test_a_remembered_confirmation_of_the_same_layout_is_applied():
    t = _table()
    remembered = {t.layout: {"Aufnahmekapazität": "capacity"}}
    ov = data_view.new_overrides()
    rep = data_view.check_upload("export.xlsx", _xlsx("Unterkünfte", ROWS), ov, mapping_for=remembered.get, context={})
    assert ov["mapping"] == {"Unterkünfte": {"Aufnahmekapazität": "capacity"}}
    assert recognition_view.confirmations(rep.tables[0]) == []
