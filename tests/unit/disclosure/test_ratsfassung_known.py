"""The Wohnqualität shares' denominators as Ratsfassung cells (issue 15): "objects where the item is
recorded" are columns of the housing block, linked to the inspected objects where every object of the row
has the item recorded; a share is the relation of two cells. Generated districts (none written by hand)."""

import datetime as dt

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from ankunft import disclosure
from ankunft.disclosure import ratsfassung as R
from ankunft.disclosure import ratsfassung_blocks as B
from ankunft.indicators import reach

STAND = dt.date(2026, 9, 30)
KNOWN_COLUMNS = {"no_hot_water": "hot_water_known", "damp_mould": "damp_mould_known"}  # as the views name them
ITEMS = tuple(KNOWN_COLUMNS)
cfgs = st.sampled_from([disclosure.DEFAULT, disclosure.DisclosureConfig.under_five()])


@st.composite
def housing(draw):
    """Districts with inspected objects; per item the objects where it is recorded (all, or a few less)
    and the objects with it (at most the recorded ones)."""
    n = draw(st.integers(2, 6))
    rows = {}
    for i in range(n):
        inspected = draw(st.integers(0, 30))
        row = {"inspected": float(inspected), "open": float(draw(st.integers(0, inspected)))}
        for item in ITEMS:
            known = inspected - draw(st.sampled_from([0, 0, 0, 1, 2, 5])) if inspected else 0
            known = max(known, 0)
            row[KNOWN_COLUMNS[item]] = float(known)
            row[item] = float(draw(st.integers(0, known)))
        rows[f"{i + 1:02d}"] = row
    body = pd.DataFrame.from_dict(rows, orient="index")
    return R.Counts(STAND, pd.Series(dtype="float64"), {}, list(body.index), list(body.index[:2]), housing=body,
                    known_columns={item: KNOWN_COLUMNS[item] for item in ITEMS})


@settings(max_examples=30, deadline=None)
@given(housing(), cfgs)
def test_denominators_are_cells_linked_where_every_object_is_recorded(counts, cfg):
    rats = R.build(counts, cfg)
    assert rats.audit() == []
    body = counts.housing
    for d in body.index:
        for item in ITEMS:
            known = KNOWN_COLUMNS[item]
            fig = rats.cell(R.HOUSING, d, known)
            if not fig.suppressed:
                assert fig.value == body.at[d, known] and not cfg.is_small(fig.value)
            if body.at[d, known] == body.at[d, "inspected"]:  # the same number: the same sign
                assert fig.text == rats.cell(R.HOUSING, d, "inspected").text
            share = R.relation_share(rats.cell(R.HOUSING, d, item), fig, cfg)
            num = rats.cell(R.HOUSING, d, item)
            if num.suppressed or fig.suppressed:
                assert share.text == disclosure.HIDDEN_MARKER
            elif fig.value:
                assert share.value == num.value / fig.value and share.decimals == 0
    for item in ITEMS:  # the focus area's and the city's denominators are the sums of their districts
        known = KNOWN_COLUMNS[item]
        for name, row, parts in ((R.HOUSING, R.TOTAL, body.index), (R.HOUSING_FOCUS, R.FOCUS, counts.focus_ids)):
            f = rats.cell(name, row, known)
            if not f.suppressed:
                assert f.value == body.loc[list(parts), known].sum()


def test_the_kinds_are_those_of_the_reach_indicator():
    assert (B.ACC_KIND, B.HOUSING_KIND, B.ALL_KIND) == (reach.KIND_ACCOMMODATION, reach.KIND_HOUSING, reach.KIND_ALL)
