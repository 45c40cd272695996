"""Columns whose header cell is empty – or holds a name a program gave it ("Spalte3", "Unnamed: 2") – are
named by their values: dates, codes, district names, yes/no, years, counts (issue #14, content evidence).

The cases are the generated office exports of `layouts_headers` with one header blanked at a time (not
lists written from the glossary). Such a proposal is never used silently: it is mapped "by values", below
the confirmation score, with the reason and a `mapping_needs_confirmation` warning; every other column keeps
its mapping. The officer's choice is remembered under the column's shown name."""

from __future__ import annotations

import datetime as dt
import sys
from dataclasses import replace
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
import layouts_headers as lh  # noqa: E402
import writers  # noqa: E402

from ankunft.core import glossary  # noqa: E402
from ankunft.importing.io.guards import col_letters  # noqa: E402
from ankunft.importing.matching import CONFIRM, VALUES_ONLY_MIN  # noqa: E402
from ankunft.importing.pipeline import check_file  # noqa: E402

PLACEHOLDERS = ("", "Spalte{n}", "Unnamed: {i}", "")


def _kind(dataset: str, key: str) -> str:
    if key in ("district",) or (dataset == "districts" and key == "name"):
        return "district"
    if key.endswith("year"):
        return "year"
    return glossary.DATASETS[dataset].field(key).kind


def _blankable(lay: lh.Layout) -> list[int]:
    """Columns whose values are of a clear sort: the ones the values can name."""
    out = []
    required = [c.field for c in lay.cols if c.field in glossary.DATASETS[lay.dataset].required]
    for i, c in enumerate(lay.cols):
        if c.field is None or not isinstance(c.header, str) or lay.fmt != "xlsx":
            continue
        if required == [c.field]:  # the dataset is recognised by its headers: one required one must be there
            continue
        kind = _kind(lay.dataset, c.field)
        vals = [v for v in c.values if v not in ("", None)]
        if len(vals) < 3:  # too few values to say what they are
            continue
        if kind in ("date", "bool", "year", "district") or (kind == "int" and len(set(vals)) > 1) or (
                kind == "id" and all(isinstance(v, str) and any(ch.isdigit() for ch in v) for v in vals)):
            out.append(i)
    return out


CASES = [(lay, i) for lay in lh.LAYOUTS for i in _blankable(lay)]
# fast tier: the first blankable column of every layout; all of them in the full run
FAST = {lay.id: i for lay, i in reversed(CASES)}


def test_the_cases_cover_every_sort_of_values():
    kinds = {_kind(lay.dataset, lay.cols[i].field) for lay, i in CASES}
    assert kinds >= {"date", "id", "district", "int", "year"}
    assert len(CASES) >= 40


@pytest.mark.parametrize("lay,i", [c if FAST[c[0].id] == c[1] else pytest.param(*c, marks=pytest.mark.slow)
                                   for c in CASES], ids=[f"{lay.id}-{lay.cols[i].field}" for lay, i in CASES])
def test_a_blanked_header_is_named_by_its_values_and_asks_for_confirmation(lay: lh.Layout, i: int):
    placeholder = PLACEHOLDERS[i % len(PLACEHOLDERS)].format(n=i + 1, i=i)
    cols = list(lay.cols)
    cols[i] = replace(cols[i], header=placeholder)
    name, data = lh.write(replace(lay, cols=tuple(cols)))
    rep = check_file(data, file_name=name)
    assert [t.dataset for t in rep.tables] == [lay.dataset]
    t = rep.tables[0]
    assert t.rows == lay.rows and t.header_row == lay.header_row
    shown = placeholder or f"Spalte {col_letters(i + 1)} (ohne Überschrift)"
    want = lay.cols[i].field
    # every other column keeps its mapping
    for k, c in enumerate(lay.cols):
        if k != i:
            names = [h for h in lh.Layout.shown(c) if h in t.columns or h in t.unmapped_columns]
            assert names and t.columns.get(names[0]) == c.field, (c.header, t.columns)
    rec = next(c for c in t.recognition["columns"] if c["header"] == shown)
    got = rec["field"]
    assert got is not None, (shown, t.columns, t.unmapped_columns)
    assert rec["by"] == "values" and rec["confirm"] and VALUES_ONLY_MIN <= rec["score"] < CONFIRM, rec
    assert _kind(lay.dataset, got) == _kind(lay.dataset, want) or _kind(lay.dataset, want) == "district"
    # the field the column really is: the proposal, or (several free fields of that sort) the runner-up
    assert want in (got, rec["runner_up"]) or rec["runner_up"] is not None, rec
    if rec["runner_up"] is None:
        assert got == want
    assert rec["reason"] and rec["reason"].startswith("Werte sind"), rec
    warn = [w for w in t.warnings if w.code == "mapping_needs_confirmation" and w.column == shown]
    assert len(warn) == 1 and "nach den Werten" in warn[0].message and rec["reason"] in warn[0].message


ROWS = [["P-1001", "GU 1", dt.date(2024, 3, 1), 1988, "ja"], ["P-1002", "GU 1", dt.date(2024, 3, 1), 1990, "nein"],
        ["P-1003", "GU 2", dt.date(2025, 1, 15), 2015, "nein"], ["P-1004", "GU 3", dt.date(2026, 2, 1), 1979, "ja"]]


def test_values_that_are_no_clear_sort_are_not_named():
    """Free text, a row counter 1, 2, 3 …, mixed values, two values only: no proposal, the column stays unmapped."""
    grid = [["Personen-Nr.", "Unterkunft", "Einzug", "", "", "", ""]]
    extra = [("Umzug beantragt", 1, "ja", 5), ("siehe Akte", 2, 3, None), ("", 3, "12.03.2024", None),
             ("Rückfrage Sozialamt", 4, "x", None)]
    for r, e in zip(ROWS, extra):
        grid.append([r[0], r[1], r[2], *e])
    t = check_file(writers.xlsx({"Bewohner": grid}), file_name="b.xlsx").tables[0]
    assert t.columns == {"Personen-Nr.": "person_id", "Unterkunft": "accommodation", "Einzug": "move_in"}
    assert len(t.unmapped_columns) == 4
    assert not [w for w in t.warnings if w.code == "mapping_needs_confirmation"]


def test_a_blank_column_never_takes_a_field_a_header_already_names():
    grid = [["Personen-Nr.", "Unterkunft", "Einzug", ""]] + [[r[0], r[1], r[2], r[2] + dt.timedelta(days=30)]
                                                             for r in ROWS]
    t = check_file(writers.xlsx({"Bewohner": grid}), file_name="b.xlsx").tables[0]
    assert t.columns["Einzug"] == "move_in"
    assert t.columns["Spalte D (ohne Überschrift)"] == "move_out"
    rec = next(c for c in t.recognition["columns"] if c["header"] == "Spalte D (ohne Überschrift)")
    assert rec["confirm"] and rec["runner_up"] is None


def test_the_officers_choice_for_a_blank_column_is_remembered_for_the_layout():
    grid = [["Personen-Nr.", "Unterkunft", "", ""]] + [[r[0], r[1], r[2], r[4]] for r in ROWS]
    data = writers.xlsx({"Bewohner": grid})
    first = check_file(data, file_name="b.xlsx").tables[0]
    assert first.columns["Spalte C (ohne Überschrift)"] == "move_in"
    assert first.columns["Spalte D (ohne Überschrift)"] == "may_move_out"
    # the officer changes C to "Auszug" and ignores D; the next file of the layout takes it without asking
    mapping = {"Bewohner": {"Spalte C (ohne Überschrift)": "move_out", "Spalte D (ohne Überschrift)": None}}
    again = check_file(data, file_name="b.xlsx", mapping=mapping).tables[0]
    assert again.columns.get("Spalte C (ohne Überschrift)") == "move_out"
    assert "Spalte D (ohne Überschrift)" not in again.columns
    assert not [w for w in again.warnings if w.code == "mapping_needs_confirmation"]
    assert again.layout == first.layout


def test_the_daten_page_asks_with_the_reason_and_applies_the_confirmed_choice():
    from ankunft.views import data_view, recognition_view

    grid = [["Personen-Nr.", "Unterkunft", "Einzug", ""]] + [[r[0], r[1], r[2], r[3]] for r in ROWS]
    data = writers.xlsx({"Bewohner": grid})
    t = check_file(data, file_name="b.xlsx").tables[0]
    (item,) = recognition_view.confirmations(t)
    assert item.header == "Spalte D (ohne Überschrift)" and item.field == "birth_year"
    assert "Werte sind Jahreszahlen (4 von 4)" in item.text and "nach den Werten" in item.text
    assert item.options[-1] == recognition_view.IGNORE and "move_in" not in item.options
    ov = data_view.new_overrides()
    recognition_view.confirm(ov, t.sheet, item.header, item.field)
    again = check_file(data, file_name="b.xlsx", mapping=ov["mapping"]).tables[0]
    assert recognition_view.confirmations(again) == []
    assert again.columns["Spalte D (ohne Überschrift)"] == "birth_year"
    assert list(again.frame["birth_year"]) == [r[3] for r in ROWS]
