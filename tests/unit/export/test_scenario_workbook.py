"""The Szenarien page's Excel workbook: sheets, numbers as numbers, formula-like text neutralised."""

from __future__ import annotations

import io

import openpyxl
import pytest

from ankunft.export.safe import neutralise_value
from ankunft.export.scenario_workbook import SHEETS, assumption_sheet, sheets, to_excel
from ankunft.scenario import simulate
from tests.unit.scenario.sites import flows, formula_sites


@pytest.fixture
def start():
    return formula_sites()

@pytest.mark.parametrize("text,expected", [
    ("=1+2", "'=1+2"), ("+49", "'+49"), ("-x", "'-x"), ("@SUM", "'@SUM"), ("\tx", "'\tx"), ("\rx", "'\rx"),
    ("Bahnhof", "Bahnhof"), (12, 12),
])
def test_the_workbook_uses_the_one_neutraliser(text, expected):
    assert neutralise_value(text) == expected


def test_excel_export_has_monthly_table_and_assumptions(start):
    r = simulate(start, flows(closures={"A": "2027-03"}))
    data = to_excel(r)
    wb = openpyxl.load_workbook(io.BytesIO(data))
    assert wb.sheetnames == ["Monatswerte", "Wohnungsbedarf", "Kosten je Jahr", "Unterkünfte", "Annahmen"]
    ws = wb["Monatswerte"]
    header = [c.value for c in ws[1]]
    assert header[:3] == ["Monat Nr.", "Monat", "Plätze"]
    assert ws.max_row == 13
    assert ws.cell(2, 2).value == "Okt. 2026"
    assert isinstance(ws.cell(2, 3).value, (int, float)) and ws.cell(2, 3).value == 200
    # accommodation names that look like formulas are written as text with an apostrophe
    acc = wb["Unterkünfte"]
    assert [c.value for c in acc[1]][:7] == ["Unterkunfts-Nr.", "Unterkunft", "Stadtteil-Nr.", "Plätze", "Öffnung",
                                            "Schließung", "Okt. 2026"]
    assert acc.cell(2, 6).value == "März 2027" and acc.cell(3, 6).value is None
    assert acc.cell(2, 7).value == 80.0  # period 0 is the count of the Stichtag
    names = {c.value for c in acc["B"][1:]}
    assert "'=HYPERLINK(\"http://x\")" in names
    assert all(not (isinstance(v, str) and v.startswith("=")) for v in names)
    ann = {row[0].value: row[1].value for row in wb["Annahmen"].iter_rows(min_row=2)}
    assert ann["Stichtag"] == "01.10.2026"
    assert ann["Zuweisungsvariante"] == "mittlere Zuweisung"
    assert ann["Zielauslastung"] == "90\u00a0%"
    assert ann["Schließungen (Monat je Unterkunft)"] == "'=HYPERLINK(\"http://x\"): März 2027"


def test_sheets_are_the_tables_of_the_result(start):
    r = simulate(start, flows(closures={"A": "2027-03"}))
    frames = sheets(r)
    assert tuple(frames) == SHEETS
    assert len(frames["Monatswerte"]) == 12
    assert len(frames["Wohnungsbedarf"]) == 48  # 12 months × 4 household sizes
    assert frames["Kosten je Jahr"]["Haushaltsjahr"].tolist() == [2026, 2027]
    assert frames["Unterkünfte"]["Schließung"].tolist() == ["März 2027", ""]


def test_assumption_sheet_starts_with_the_run(start):
    r = simulate(start, flows(), "hoch")
    sheet = assumption_sheet(r)
    assert sheet["Annahme"].tolist()[:3] == ["Stichtag", "Zuweisungsvariante", "Startbestand"]
    assert sheet["Wert"].tolist()[:3] == ["01.10.2026", "hohe Zuweisung", "geschätzt aus der Belegung"]
    assert sheet["Herkunft"].iloc[2] == "geschätzt"
