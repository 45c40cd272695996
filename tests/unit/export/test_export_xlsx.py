"""Excel export: re-open with openpyxl; sheets, values, German number formats, neutralised text."""

from __future__ import annotations

import datetime as dt
import io

import openpyxl
import pandas as pd
import pytest

from ankunft.core import palette
from ankunft.export import xlsx as export_xlsx
from ankunft.export.safe import is_dangerous
from ankunft.views.report_model import Section
from tests.unit.views.test_report_model import INJECTIONS, sample_report

HEADER = export_xlsx.HEADER_ROW + 1  # 1-based row of the table header


def _open(report):
    return openpyxl.load_workbook(io.BytesIO(export_xlsx.build(report)))


@pytest.fixture(scope="module")
def wb():
    return _open(sample_report())


def _rows(ws, first: int):
    return [list(r) for r in ws.iter_rows(min_row=first, values_only=True)]


def test_sheets(wb):
    # a section with a table and a chart gets a second sheet with the chart's data
    assert wb.sheetnames == ["Übersicht", "Unterkünfte und Belegung", "Unterkünfte – Diagramm", "Aufenthaltsdauer",
                             "Zugänge und Abgänge", "Bewohner je Bezirk", "Mängel nach Status",
                             "Erreichbarkeit der Dienste", "Zugänge je Monat", "Annahmen und Quellen"]
    ws = wb["Unterkünfte – Diagramm"]
    assert ws["A1"].value == "Unterkünfte und Belegung – Daten des Diagramms: Personen"
    assert _rows(ws, HEADER)[:2] == [["Kategorie", "Plätze", "Belegung"], ["GU Pfaffstraße", 120, 118]]


def test_table_values_and_formats(wb):
    ws = wb["Unterkünfte und Belegung"]
    assert ws["A1"].value == "Unterkünfte und Belegung"
    assert ws["A2"].value == "224 von 305 Plätzen sind belegt."
    assert ws["A3"].value == "Quelle: Sozialamt · Stichtag 30.09.2026 · Filter: Status: in Betrieb"
    assert ws["A4"].value.startswith("Datenstand:")
    assert [c.value for c in ws[HEADER]] == ["Unterkunft", "Bezirk", "Plätze", "Auslastung", "Eröffnet"]
    first = ws[HEADER + 1]
    assert [c.value for c in first] == ["GU Pfaffstraße", "09", 120, 0.983, dt.datetime(2016, 2, 3)]
    assert first[1].data_type == "s"  # district id stays text
    assert first[2].number_format == "#,##0"
    assert first[3].number_format == "0.0%"
    assert first[4].number_format == "dd.mm.yyyy"
    assert ws.cell(HEADER + 4, 4).value is None  # missing utilisation stays empty
    assert ws.cell(HEADER + 10, 3).value == 1234567
    assert ws.freeze_panes == f"A{HEADER + 1}"
    assert ws.auto_filter.ref == f"A{HEADER}:E{HEADER + 10}"


def test_header_style_and_widths(wb):
    ws = wb["Unterkünfte und Belegung"]
    cell = ws.cell(HEADER, 1)
    assert cell.font.b and cell.fill.fgColor.rgb.endswith(palette.ACCENT.lstrip("#"))
    assert ws.cell(HEADER, 3).alignment.horizontal == "right"  # numeric column
    # widest text in column A: the neutralised HYPERLINK formula, 1 + 41 characters, + 2
    # (xlsxwriter stores the width plus 0.71 for the pixel padding)
    assert ws.column_dimensions["A"].width == pytest.approx(44.71, abs=0.01)
    assert ws.column_dimensions["C"].width >= 9  # "1.234.567" fits


def test_formula_injection_is_neutralised(wb):
    ws = wb["Unterkünfte und Belegung"]
    # control characters are stored escaped (_x000D_), which Excel reads back as CR
    got = [ws.cell(HEADER + 5 + i, 1).value.replace("_x000D_", "\r") for i in range(len(INJECTIONS))]
    assert got == ["'" + t for t in INJECTIONS]
    for sheet in wb.worksheets:
        for row in sheet.iter_rows():
            for c in row:
                assert c.data_type != "f", (sheet.title, c.coordinate)
                if isinstance(c.value, str):
                    assert not is_dangerous(c.value), (sheet.title, c.coordinate, c.value)


def test_neutralised_in_titles_and_headers_too():
    report = sample_report()
    report.title = "=Titel"
    report.sections = [Section("x", "-Abschnitt", headline="+Aussage",
                               table=pd.DataFrame({"@Spalte": ["=1+1"], "Wert": [1.0]}))]
    wb = _open(report)
    assert wb["Übersicht"]["A1"].value == "'=Titel"
    ws = wb["-Abschnitt"]
    assert ws["A1"].value == "'-Abschnitt" and ws["A2"].value == "'+Aussage"
    assert [c.value for c in ws[HEADER]] == ["'@Spalte", "Wert"]
    assert ws.cell(HEADER + 1, 1).value == "'=1+1"


def test_chart_and_map_sections_export_their_data(wb):
    ws = wb["Zugänge und Abgänge"]
    assert _rows(ws, HEADER) == [["Kategorie", "Zugänge", "Abgänge"], ["Juli 2026", 12, 5],
                                 ["Aug. 2026", None, 7], ["Sept. 2026", 8, 9.5]]
    assert ws.cell(HEADER + 1, 2).number_format == "#,##0.0"
    ws = wb["Bewohner je Bezirk"]
    rows = _rows(ws, HEADER)
    assert rows[0] == ["Bezirk", "Name", "Bewohner", "Klasse (Karte)"]
    assert rows[1] == ["01", "Innenstadt-Ost", 3, "über 0 bis unter 25"]
    assert rows[5] == ["05", "Grübentälchen/Volkspark", None, None]  # suppressed value stays empty
    assert len(rows) == 8


def test_overview_sheet(wb):
    ws = wb["Übersicht"]
    assert ws["A1"].value == "Unterbringung Geflüchteter – Sachstand"
    assert ws["A2"].value == "Kaiserslautern · Stand 30.09.2026"
    rows = _rows(ws, HEADER)
    assert rows[0] == ["Bereich", "Kennzahl", "Wert", "Veränderung"]
    # figures are numbers again, shown as on the slide: "+4 seit 30.06.2026" (no literal "'+4")
    assert rows[1] == ["Unterkünfte und Belegung", "Belegte Plätze", 224, 4]
    assert ws.cell(HEADER + 1, 4).number_format == '"+"#,##0" seit 30.06.2026";"−"#,##0" seit 30.06.2026";"±"0" seit 30.06.2026"'
    assert rows[2][2:] == [pytest.approx(0.734), -1.2]  # "73,4 %", "−1,2 Prozentpunkte"
    assert rows[3] == ["Unterkünfte und Belegung", "Unterkünfte", 4, None]  # no change given: empty cell
    assert rows[4] == [None] * 4
    assert rows[5] == ["Bereich", "Aussage", "Quelle, Stichtag, Filter", None]
    assert rows[6][:2] == ["Unterkünfte und Belegung", "224 von 305 Plätzen sind belegt."]


def test_sources_sheet(wb):
    ws = wb["Annahmen und Quellen"]
    rows = [r for r in _rows(ws, HEADER) if any(v is not None for v in r)]
    assert rows[0][0] == "Annahmen"
    assert rows[1][:2] == ["Annahme", "Wert"] and rows[2][:2] == ["Mindestfallzahl", 5]
    i = [r[0] for r in rows].index("Quellen")
    assert rows[i + 1][:3] == ["Datensatz", "Stelle", "Stichtag"]
    assert rows[i + 3][:3] == ["Stadtteile", "Statistikstelle", dt.datetime(2025, 12, 31)]
    i = [r[0] for r in rows].index("Abschnitte")
    assert rows[i + 1] == ["Abschnitt", "Quelle", "Stichtag", "Filter"]
    assert rows[i + 2] == ["Unterkünfte und Belegung", "Sozialamt", dt.datetime(2026, 9, 30), "Status: in Betrieb"]
    assert ["Stand", dt.datetime(2026, 9, 30), None, None] in rows


def test_sheet_names_valid_and_unique():
    used: set[str] = set()
    long = "Aufenthaltsdauer der Bewohnerinnen und Bewohner nach Unterkunft"
    names = [export_xlsx.sheet_name(long, used), export_xlsx.sheet_name(long, used),
             export_xlsx.sheet_name("Zu-/Abgänge [Monat]: 2026?", used), export_xlsx.sheet_name("'", used),
             export_xlsx.sheet_name("history", used)]
    # chosen, not cut: whole words only (a trailing "der" dropped too)
    assert names == ["Aufenthaltsdauer", "Aufenthaltsdauer (2)", "Zu- Abgänge Monat 2026", "Tabelle", "History Tabelle"]
    assert all(len(n) <= 31 for n in names)
    report = sample_report()
    for s in report.sections:
        s.title = long
    wb = _open(report)
    assert len(set(wb.sheetnames)) == len(wb.sheetnames) == 10


def test_values_follow_the_data():
    one = _open(sample_report(1))["Unterkünfte und Belegung"]
    two = _open(sample_report(2))["Unterkünfte und Belegung"]
    assert one["A2"].value == "224 von 305 Plätzen sind belegt."
    assert two["A2"].value == "342 von 305 Plätzen sind belegt."
    assert _open(sample_report(2))["Erreichbarkeit der Dienste"].cell(HEADER + 1, 2).value == 1700


def test_council_note():
    wb = _open(sample_report(council=True))
    assert wb["Übersicht"]["A5"].value.startswith("Ratsfassung")
    assert wb["Annahmen und Quellen"]["A4"].value.startswith("Ratsfassung")
