"""Two tables one below the other on one sheet (a list, an empty row or two, maybe a title, a second list with
its own header): each is read as its own table with its own rows – the lower table's rows are never read as rows
of the upper one, and neither table is dropped silently."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

sys.path.insert(0, str(Path(__file__).parent))
import writers

from ankunft.importing.pipeline import check_file

# (header, rows) per dataset – wordings of their own, not the probes'
TABLES = {
    "accommodations": (["Name der Unterkunft", "Kapazität", "Ist-Belegung"],
                       [["Modulbau Vogelweh", 96, 80], ["Notunterkunft Halle Nord", 120, 15],
                        ["Wohnheim Lauterstraße", 40, 38], ["Pension Am Markt", 22, 20]]),
    "services": (["Kita", "Träger", "genehmigte Plätze", "betreute Kinder"],
                 [["Kita Regenbogen", "AWO", 80, 78], ["Kita Zwergenland", "Caritas", 55, 50],
                  ["Kita Löwenzahn", "Stadt", 100, 95]]),
    "housing": (["Objekt-Nr.", "Anschrift", "Heizung", "Warmwasser"],
                [["H-11", "Slevogtstr. 20", "ja", "nein"], ["H-12", "Slevogtstr. 22", "nein", "nein"],
                 ["H-13", "Feuerbachstr. 9", "ja", "ja"], ["H-14", "Feuerbachstr. 11", "ja", "nein"],
                 ["H-15", "Danziger Str. 4", "ja", "ja"]]),
    "districts": (["Stadtteil-Nr.", "Stadtteil", "Einwohner"],
                  [["05", "Grübentälchen/Volkspark", 9993], ["12", "Morlautern", 2886]]),
    "residents": (["Personen-Nr.", "Unterkunft", "Einzugsdatum"],
                  [["Z-1", "Modulbau Vogelweh", "01.02.2026"], ["Z-2", "Wohnheim Lauterstraße", "15.03.2026"],
                   ["Z-3", "Modulbau Vogelweh", "20.04.2026"]]),
}
TITLES = {"accommodations": "Unterbringung", "services": "Kindertagesstätten", "housing": "Wohnungsbegehungen",
          "districts": "Bevölkerung", "residents": "Aufenthalte"}


def _grid(upper: str, lower: str, blanks: int, title: bool, top_title: bool) -> list[list]:
    grid = [[TITLES[upper]], []] if top_title else []
    h, rows = TABLES[upper]
    grid += [h, *rows]
    grid += [[] for _ in range(blanks)]
    if title:
        grid.append([TITLES[lower]])
    h, rows = TABLES[lower]
    return grid + [h, *rows]


@settings(max_examples=40, deadline=None)
@given(pair=st.permutations(sorted(TABLES)).map(lambda p: p[:2]), blanks=st.integers(1, 3), title=st.booleans(),
       top_title=st.booleans(), fmt=st.sampled_from(["xlsx", "ods", "csv"]))
def test_each_of_two_stacked_tables_is_read_with_its_own_rows(pair, blanks, title, top_title, fmt):
    upper, lower = pair
    grid = _grid(upper, lower, blanks, title, top_title)
    data = {"xlsx": lambda: writers.xlsx({"Tabelle1": grid}), "ods": lambda: writers.ods({"Tabelle1": grid}),
            "csv": lambda: writers.text(grid)}[fmt]()
    rep = check_file(data, file_name=f"liste.{fmt}")
    assert rep.code is None, rep.error
    got = {t.dataset: t for t in rep.tables}
    assert set(got) == {upper, lower}, [(t.sheet, t.dataset, t.rows) for t in rep.tables]
    for ds in (upper, lower):
        t = got[ds]
        assert t.rows == len(TABLES[ds][1]), (ds, t.rows, [(s.row, s.reason) for s in t.skipped_rows])
    # the lower table keeps its Excel rows: its first data row is right under its header
    first = len(grid) - len(TABLES[lower][1]) + 1
    assert int(got[lower].frame["_row"].iloc[0]) == first


@pytest.mark.parametrize("file_name", ["Unterkuenfte_und_Kitas.xlsx", "Kitas_GU_2026.xlsx", "Kita-und-Unterbringung.xlsx",
                                       "Notunterkunft Schulen.xlsx", "Gemeinschaftsunterkuenfte+Grundschulen.xlsx"])
def test_a_file_named_for_both_shelters_and_kitas_does_not_veto_the_shelter_list(file_name):
    """A file name that names accommodations and Kitas/schools holds both kinds of list: it cannot say that a
    sheet is no accommodations list (a sheet or title naming Kitas still does)."""
    h, rows = TABLES["accommodations"]
    t = check_file(writers.xlsx({"Tabelle1": [h, *rows]}), file_name=file_name).table("accommodations")
    assert t is not None and t.rows == len(rows)
    kitas = check_file(writers.xlsx({"Kitas": [h, *rows]}), file_name=file_name).tables
    assert all(x.dataset != "accommodations" for x in kitas)


@pytest.mark.parametrize(("upper", "lower"), [("accommodations", "services"), ("housing", "residents"),
                                              ("districts", "accommodations")])
def test_the_officers_dataset_for_the_upper_table_keeps_the_lower_one_apart(upper, lower):
    """The officer sets the dataset of the sheet's first table (by the sheet's name): the table below keeps its own
    rows and its own recognition – the choice is for the table it was made for."""
    grid = _grid(upper, lower, 1, True, False)
    rep = check_file(writers.xlsx({"Tabelle1": grid}), file_name="liste.xlsx", dataset={"Tabelle1": upper})
    got = {t.sheet: t for t in rep.tables}
    assert got["Tabelle1"].dataset == upper and got["Tabelle1"].rows == len(TABLES[upper][1])
    below = [t for name, t in got.items() if name != "Tabelle1"]
    assert [(t.dataset, t.rows) for t in below] == [(lower, len(TABLES[lower][1]))]


def test_a_lower_table_the_officer_leaves_out_is_not_read():
    grid = _grid("accommodations", "services", 1, True, False)
    first = check_file(writers.xlsx({"Tabelle1": grid}), file_name="liste.xlsx")
    lower = next(t.sheet for t in first.tables if t.sheet != "Tabelle1")
    rep = check_file(writers.xlsx({"Tabelle1": grid}), file_name="liste.xlsx", dataset={lower: ""})
    assert [(t.sheet, t.dataset) for t in rep.tables] == [("Tabelle1", "accommodations")]
    assert {"sheet": lower, "reason": "Vom Benutzer ausgeschlossen."} in rep.ignored_sheets
