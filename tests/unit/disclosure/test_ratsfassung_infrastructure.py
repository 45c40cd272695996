"""The Kita and Grundschule tables of Soziale Infrastruktur in the Ratsfassung (issue 15): children of
the population by age and waiting lists per district, the city row and the focus area's row, protected
jointly with their relations (rows add up to the city, the focus row to its districts)."""

import datetime as dt

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ankunft.disclosure import ratsfassung as R

DAY = dt.date(2026, 9, 30)


def infra_counts(kita_rows, school_rows, focus) -> R.Counts:
    ids = [f"{i + 1:02d}" for i in range(len(kita_rows))]
    kita = pd.DataFrame(kita_rows, index=ids, columns=list(R.KITA_COLS), dtype="float64")
    school = pd.DataFrame(school_rows, index=ids[:len(school_rows)], columns=list(R.SCHOOL_COLS), dtype="float64")
    return R.Counts(DAY, pd.Series(dtype="float64"), {}, ids, [ids[i] for i in focus if i < len(ids)],
                    kita=kita, school=school)


def _true(c: R.Counts, name: str, row, col) -> float:
    body = c.kita if name in (R.KITA, R.KITA_FOCUS) else c.school
    if row == R.TOTAL:
        return float(body[col].sum())
    if row == R.FOCUS:
        return float(body.loc[[d for d in c.focus_ids if d in body.index], col].sum())
    return float(body.at[row, col])


def test_relations_and_a_small_focus_district():
    c = infra_counts([[30, 12, 40, 1], [25, 9, 33, 8], [1, 0, 2, 0], [40, 20, 61, 6]],
                     [[50, 0], [44, 3], [2, 1], [70, 5]], focus=[0, 2])
    rf = R.build(c)
    keys = [set(rel) for rel in rf.links]
    for name, focus_name, cols in ((R.KITA, R.KITA_FOCUS, R.KITA_COLS), (R.SCHOOL, R.SCHOOL_FOCUS, R.SCHOOL_COLS)):
        for col in cols:
            assert {(focus_name, R.FOCUS, col), (name, "01", col), (name, "03", col)} in keys
        assert rf.cell(name, "03", cols[0]).text == "≤2"
        # the focus row is the sum with a small district in it: it cannot be published next to "01"
        assert rf.cell(focus_name, R.FOCUS, cols[0]).suppressed or rf.cell(name, "01", cols[0]).suppressed
    assert rf.cell(R.KITA, R.TOTAL, "children_3_5").value == 136.0  # the headline stays
    assert rf.audit() == []


def test_no_focus_area_no_focus_table_and_no_data_no_block():
    c = infra_counts([[30, 12, 40, 5], [25, 9, 33, 8]], [[50, 3], [44, 4]], focus=[])
    rf = R.build(c)
    assert R.KITA in rf.tables and R.KITA_FOCUS not in rf.tables
    assert R.KITA not in R.build(R.Counts(DAY, pd.Series(dtype="float64"), {}, [], [])).tables


row = st.lists(st.integers(0, 6), min_size=4, max_size=4)


@pytest.mark.slow  # about 4 s of CPU on the loaded machine
@settings(max_examples=25, deadline=None)
@given(st.lists(row, min_size=2, max_size=5), st.lists(st.tuples(st.integers(0, 7), st.integers(0, 3)), min_size=1,
                                                      max_size=5),
       st.sets(st.integers(0, 4), max_size=3))
def test_random_blocks_hide_small_counts_publish_true_values_and_leak_nothing(kita_rows, school_rows, focus):
    c = infra_counts(kita_rows, [list(r) for r in school_rows[:len(kita_rows)]], sorted(focus))
    rf = R.build(c)
    assert rf.audit() == []
    for name, cols in ((R.KITA, R.KITA_COLS), (R.KITA_FOCUS, R.KITA_COLS), (R.SCHOOL, R.SCHOOL_COLS),
                       (R.SCHOOL_FOCUS, R.SCHOOL_COLS)):
        if name not in rf.tables:
            assert name in (R.KITA_FOCUS, R.SCHOOL_FOCUS) and not c.focus_ids
            continue
        for r in rf.tables[name].values.index:
            for col in cols:
                f = rf.cell(name, r, col)
                truth = _true(c, name, r, col)
                if rf.cfg.is_small(truth):
                    assert f.suppressed, (name, r, col, truth)
                if not f.suppressed:
                    assert f.value == truth
