"""An Excel error value in a cell of an .xlsx (a formula whose result is #N/A, #VALUE!, #REF! …, as a failed lookup
leaves it) is never read as an empty cell without a word: it is reported like the same text in a CSV export
("excel_error", with its Excel row and column) and the value counts as missing."""

from __future__ import annotations

import io

import xlsxwriter
from hypothesis import given, settings
from hypothesis import strategies as st

from ankunft.importing.pipeline import check_file

ERRORS = {"#N/A": "NA()", "#VALUE!": '1+"a"', "#DIV/0!": "1/0", "#REF!": "#REF!", "#NAME?": "unbekannt()",
          "#NUM!": "SQRT(-1)", "#NULL!": "A1 B1"}
COLUMNS = {"capacity": "Plätze", "occupancy": "Belegung", "floor_area_m2": "Fläche (m²)", "lease_end": "Mietvertrag bis"}


def _xlsx(rows: list[list], errors: dict[tuple[int, int], str]) -> bytes:
    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, {"in_memory": True})
    ws = wb.add_worksheet("Unterkünfte")
    for r, row in enumerate(rows):
        for c, v in enumerate(row):
            if (r, c) in errors:
                err = errors[(r, c)]
                ws.write_formula(r, c, "=" + ERRORS[err], None, err)
            elif v is not None:
                ws.write(r, c, v)
    wb.close()
    return buf.getvalue()


@settings(max_examples=30, deadline=None)
@given(err=st.sampled_from(sorted(ERRORS)), fld=st.sampled_from(["occupancy", "floor_area_m2", "lease_end"]),
       at=st.integers(1, 4))
def test_an_excel_error_cell_is_reported_not_read_as_empty(err, fld, at):
    header = ["Unterkunft", "Plätze", COLUMNS[fld]]
    sample = {"occupancy": 40, "floor_area_m2": 512.5, "lease_end": "31.12.2027"}[fld]
    rows = [header] + [[f"Haus {i}", 50 + i, sample] for i in range(1, 5)]
    t = check_file(_xlsx(rows, {(at, 2): err}), file_name="gu.xlsx").table("accommodations")
    hits = [i for i in t.errors + t.warnings if i.code == "excel_error"]
    assert [(i.row, i.column) for i in hits] == [(at + 1, COLUMNS[fld])], [(i.code, i.row) for i in t.errors]
    assert err in hits[0].message
