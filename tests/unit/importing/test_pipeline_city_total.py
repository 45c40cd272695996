"""A city total row written as "Stadt insgesamt" is a sum row, not data (it would double the totals)."""

import io

import pytest
import xlsxwriter

from ankunft.importing.pipeline import check_file


def _districts(label: str) -> bytes:
    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, {"in_memory": True})
    ws = wb.add_worksheet("Stadtteile")
    ws.write_row(0, 0, ["Bevölkerung nach Stadtteilen, Stand: 30.06.2026"])
    ws.write_row(2, 0, ["Nr.", "Stadtteil", "Einwohner"])
    ws.write_row(3, 0, ["01", "Innenstadt-Ost", 11442])
    ws.write_row(4, 0, ["02", "Innenstadt-Südwest", 8769])
    ws.write_row(5, 0, ["", label, 20211])
    wb.close()
    return buf.getvalue()


@pytest.mark.parametrize("label", ["Stadt insgesamt", "Kaiserslautern gesamt", "Gesamtstadt", "Insgesamt"])
def test_city_total_row_is_a_sum_row(label):
    rep = check_file(_districts(label), file_name="stadtteile.xlsx")
    t = rep.table("districts")
    assert t.rows == 2
    assert t.totals["population"] == 20211
    assert t.sum_row == {"population": 20211}
    assert [s.row for s in t.skipped_rows] == [6]
    assert label in t.skipped_rows[0].reason
    assert not t.errors
