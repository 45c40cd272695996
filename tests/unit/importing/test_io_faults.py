"""Reader faults of issue #16 (item 9): an over-long CSV cell is named by file, row and column, not
"interner Fehler: Error"; old .xls and OpenDocument .ods workbooks are read (python-calamine)."""

from __future__ import annotations

from pathlib import Path

import pytest

from ankunft.importing.pipeline import check_file


@pytest.mark.parametrize("delimiter, row, column, size", [(";", 2, "B", 140_000), (",", 4, "C", 300_000),
                                                          ("\t", 3, "A", 131_073)])
def test_csv_cell_over_the_limit_is_named(delimiter, row, column, size):
    header = ["Nr.", "Unterkunft", "Plätze"]
    lines = [header] + [[f"{i:03d}", f"Haus {i}", str(10 + i)] for i in range(1, 5)]
    lines[row - 1][ord(column) - ord("A")] = "x" * size
    data = "\n".join(delimiter.join(r) for r in lines).encode()
    rep = check_file(data, file_name="lang.csv")
    assert rep.code == "cell_too_large", (rep.code, rep.error)
    assert f"Zeile {row}" in rep.error and f"Spalte {column}" in rep.error
    assert "interner Fehler" not in rep.error
    if row > 1:
        assert f"„{header[ord(column) - ord('A')]}“" in rep.error


def test_csv_cells_just_under_the_limit_are_read():
    data = ("Nr.;Unterkunft;Plätze\n001;" + "y" * 131_000 + ";10\n002;Haus;20\n").encode()
    rep = check_file(data, file_name="knapp.csv")
    assert rep.code != "cell_too_large"


FILES = Path(__file__).parent / "files"


def test_old_xls_workbook_is_read_with_title_rows_and_stichtag():
    """A real BIFF8 .xls (written once with xlwt 1.3, committed: 5.5 KB)."""
    rep = check_file(FILES / "unterkuenfte_alt.xls")
    assert rep.code is None, rep.error
    [t] = rep.tables
    assert t.dataset == "accommodations" and t.rows == 3 and t.header_row == 3
    assert str(t.stichtag) == "2026-10-31"
    assert list(t.frame["id"]) == ["01", "02", "03"]
