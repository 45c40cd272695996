"""Cells merged down over several data rows (issue #14, eighth probe batch, probe 70): a district or an accommodation
written once in a merged cell for the rows of its group. In Excel the value stands for every row of the range; the
importer reads it so and says so (warning `merged_cells`). Cells that are merely empty stay empty. Variants generated
here."""

from __future__ import annotations

import io

import xlsxwriter
from hypothesis import given, settings
from hypothesis import strategies as st

from ankunft.importing.pipeline import check_file

DISTRICTS = ["Innenstadt-Ost", "Betzenberg", "Kaiserslautern-West", "Erlenbach", "Morlautern", "Hohenecken"]


def _book(grid: list[list], merges: list[tuple[int, int, int, int]], sheet: str = "Liste") -> bytes:
    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, {"in_memory": True})
    ws = wb.add_worksheet(sheet)
    for r, row in enumerate(grid):
        for c, v in enumerate(row):
            if v not in (None, ""):
                ws.write(r, c, v)
    for r1, c1, r2, c2 in merges:
        ws.merge_range(r1, c1, r2, c2, grid[r1][c1])
    wb.close()
    return buf.getvalue()


_TABLES = {  # dataset, merged column (header, field), other columns (header, value of row i)
    "housing": (("Stadtteil", "district"), [("Objekt-Nr.", lambda i: f"Q-{i:03d}"),
                                            ("Anschrift", lambda i: f"Teststraße {i + 1}"),
                                            ("Wohnungen", lambda i: 2 + i % 5)]),
    "accommodations": (("Ortsbezirk", "district"), [("Unterkunft", lambda i: f"GU Testweg {i}"),
                                                    ("Plätze", lambda i: 30 + i)]),
    "residents": (("Unterkunft", "accommodation"), [("Personen-Nr.", lambda i: f"P-{i:04d}"),
                                                    ("Einzug", lambda i: f"{1 + i % 28:02d}.03.2026")]),
}


@settings(max_examples=30, deadline=None)
@given(dataset=st.sampled_from(sorted(_TABLES)), sizes=st.lists(st.integers(1, 4), min_size=2, max_size=5),
       merged_first=st.booleans(), title=st.booleans(), data=st.data())
def test_a_value_merged_down_stands_for_every_row_of_its_range(dataset, sizes, merged_first, title, data):
    (mh, fld), others = _TABLES[dataset]
    names = DISTRICTS if fld == "district" else [f"GU Haus {k}" for k in range(6)]
    groups = data.draw(st.lists(st.sampled_from(names), min_size=len(sizes), max_size=len(sizes)))
    head = [mh] + [h for h, _ in others] if merged_first else [h for h, _ in others] + [mh]
    mc = 0 if merged_first else len(others)
    grid = ([["Liste nach Gruppen"], []] if title else []) + [head]
    merges, want, i = [], [], 0
    for g, size in zip(groups, sizes):
        for k in range(size):
            vals = [f(i) for _, f in others]
            cell = g if k == 0 else None
            grid.append([cell] + vals if merged_first else vals + [cell])
            want.append(g)
            i += 1
        if size > 1:
            r1 = len(grid) - size
            merges.append((r1, mc, r1 + size - 1, mc))
    if title:
        merges.append((0, 0, 0, len(head) - 1))
    t = check_file(_book(grid, merges), file_name="liste.xlsx").table(dataset)
    assert t is not None and not t.blocking
    assert t.rows == len(want)
    assert list(t.frame[fld]) == want
    if any(s > 1 for s in sizes):
        assert any(w.code == "merged_cells" and mh in w.message for w in t.warnings)
    else:
        assert not any(w.code == "merged_cells" for w in t.warnings)


def test_an_empty_cell_that_is_not_merged_stays_empty():
    grid = [["Objekt-Nr.", "Stadtteil", "Wohnungen"], ["Q-1", "Betzenberg", 3], ["Q-2", None, 4], ["Q-3", None, 5],
            ["Q-4", "Erlenbach", 2], ["Q-5", "Erlenbach", 2]]
    t = check_file(_book(grid, [(4, 1, 5, 1)]), file_name="wohnungen.xlsx").table("housing")
    got = [None if v is None or v != v else v for v in t.frame["district"]]
    assert got == ["Betzenberg", None, None, "Erlenbach", "Erlenbach"]


def test_ranges_covering_more_than_the_sheet_stop_the_filling():
    """Merged ranges never overlap in a real workbook. A crafted file with many ranges over the same rows would make
    the filling loop over rows × ranges: the ranges together may cover the sheet's cells once, then filling stops."""
    from ankunft.importing import cells

    rows = [["Kopf", "Wert"]] + [["", i] for i in range(2000)]
    rows[1][0] = "Betzenberg"
    merged = [((1, 0), (2000, 0))] * 100_000  # the same range a hundred thousand times
    import time

    t = time.perf_counter()
    filled = cells.fill_merged_down(rows, merged, 0)
    assert time.perf_counter() - t < 2.0
    assert all(r[0] == "Betzenberg" for r in rows[1:])  # the first (real) range is filled
    assert len(filled) <= 2
