"""A printed report saved as a spreadsheet: at each page break a page mark ("Seite 1 von 3", "- 2 -", "Blatt 2",
"Fortsetzung"), maybe with the print date beside it, then the page title and the header again. None of these rows
is a data row: each is skipped and reported, the table goes on below them with its own rows."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

sys.path.insert(0, str(Path(__file__).parent))
import writers

from ankunft.importing.pipeline import check_file

TABLES = {
    "accommodations": (["Name der Unterkunft", "Kapazität", "Ist-Belegung", "Träger"],
                       [["Modulbau Vogelweh", 96, 80, "DRK"], ["Notunterkunft Halle Nord", 120, 15, "ASB"],
                        ["Wohnheim Lauterstraße", 40, 38, "Caritas"], ["Pension Am Markt", 22, 20, "privat"],
                        ["Containeranlage Süd", 60, 41, "DRK"]]),
    "residents": (["Personen-Nr.", "Unterkunft", "Einzugsdatum", "Geschl."],
                  [["Z-1", "Modulbau Vogelweh", "01.02.2026", "m"], ["Z-2", "Wohnheim Lauterstraße", "15.03.2026", "w"],
                   ["Z-3", "Modulbau Vogelweh", "20.04.2026", "w"], ["Z-4", "Pension Am Markt", "02.05.2026", "m"]]),
    "districts": (["Stadtteil-Nr.", "Stadtteil", "Einwohner"],
                  [["05", "Grübentälchen/Volkspark", 9993], ["12", "Morlautern", 2886], ["14", "Mölschbach", 1170],
                   ["16", "Hohenecken", 3562]]),
}
MARKS = ["Seite {p} von {n}", "Seite {p}/{n}", "S. {p} von {n}", "Blatt {p}", "- {p} -", "– {p} –", "Seite {p}",
         "Fortsetzung", "Fortsetzung von Seite {p}", "Forts.", "Page {p} of {n}"]
BESIDE = [None, "Druckdatum: 02.10.2026", "Erstellt am 01.10.2026 08:14", "erstellt von: Fachverfahren"]


@settings(max_examples=60, deadline=None)
@given(ds=st.sampled_from(sorted(TABLES)), mark=st.sampled_from(MARKS), where=st.sampled_from(["first", "last", "mid"]),
       beside=st.sampled_from(BESIDE), blank_before=st.booleans(), page_title=st.booleans(),
       header_again=st.booleans(), cut=st.integers(1, 3), fmt=st.sampled_from(["xlsx", "csv"]))
def test_a_page_break_is_no_data_row(ds, mark, where, beside, blank_before, page_title, header_again, cut, fmt):
    header, rows = TABLES[ds]
    width = len(header)
    page = [None] * width
    col = {"first": 0, "last": width - 1, "mid": 1}[where]
    page[col] = mark.format(p=1, n=2)
    if beside is not None:
        page[0 if col else width - 1] = beside
    gap = ([[None] * width] if blank_before else []) + [page]
    if page_title:
        gap.append(["Übersicht Stadt Kaiserslautern"] + [None] * (width - 1))
    if header_again:
        gap.append(list(header))
    grid = [["Bericht", None], [], header, *rows[:cut], *gap, *rows[cut:]]
    data = writers.xlsx({"Bericht": grid}) if fmt == "xlsx" else writers.text(grid)
    (t,) = check_file(data, file_name=f"bericht.{fmt}").tables
    assert t.dataset == ds
    assert t.rows == len(rows), [(s.row, s.reason) for s in t.skipped_rows]
    page_row = 3 + cut + blank_before + 1  # Excel row of the page mark
    assert page_row in {s.row for s in t.skipped_rows}
    assert not t.errors, [(i.code, i.row, i.message) for i in t.errors]


@pytest.mark.parametrize("gap", [[[]], [[], ["Fortsetzung"]], [[], [None, None, "Seite 2"], ["Unterbringung"]]])
def test_a_header_repeated_after_an_empty_row_is_the_same_table(gap):
    h, rows = TABLES["accommodations"]
    grid = [h, *rows[:2], *gap, h, *rows[2:]]
    rep = check_file(writers.xlsx({"Liste": grid}), file_name="liste.xlsx")
    (t,) = rep.tables
    assert t.dataset == "accommodations" and t.rows == len(rows)


@pytest.mark.parametrize("remark", ["Seite 2 der Akte", "Fortsetzung folgt", "Blatt 3"])
def test_a_full_row_that_mentions_a_page_stays_a_data_row(remark):
    grid = [["Personen-Nr.", "Unterkunft", "Einzugsdatum", "Bemerkung"], ["Z-1", "Wohnheim", "01.02.2026", remark],
            ["Z-2", "Wohnheim", "03.02.2026", ""], ["Z-3", "Wohnheim", "04.02.2026", ""]]
    t = check_file(writers.xlsx({"Liste": grid}), file_name="liste.xlsx").table("residents")
    assert t.rows == 3
