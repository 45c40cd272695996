"""The Wohnqualität charts in the Ratsfassung (issue 15): the space-per-person histogram and the
month-end line of open defects are registered tables of the housing block, with their exact
relations (overcrowded bins = the city's overcrowded objects; last point = open objects at the
Stichtag; the point at the previous Stand = that Stand's published figure)."""

import datetime as dt

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from ankunft.disclosure import ratsfassung as R

DAY, BEFORE = dt.date(2026, 9, 30), dt.date(2026, 6, 30)
MONTHS = ["Apr. 2026", "Mai 2026", "Juni 2026", "Juli 2026", "Aug. 2026", "Sept. 2026"]
DATES = dict(zip(MONTHS, [dt.date(2026, 4, 30), dt.date(2026, 5, 31), BEFORE, dt.date(2026, 7, 31),
                          dt.date(2026, 8, 31), DAY]))
BINS = ["6–8\u00a0m²", "8–10\u00a0m²", "10–12\u00a0m²"]


def housing_counts(open_by_district, crowded_by_district, bins, months, stand=DAY, day=DAY) -> R.Counts:
    ids = [f"{i + 1:02d}" for i in range(len(open_by_district))]
    housing = pd.DataFrame({"open": open_by_district, "overcrowded": crowded_by_district},
                           index=ids, dtype="float64")
    space = pd.DataFrame(bins, index=BINS[:len(bins)], columns=["überbelegt", "nicht überbelegt"], dtype="float64")
    return R.Counts(stand, pd.Series(dtype="float64"), {}, ids, [ids[0]], housing=housing, space=space,
                    space_columns={"überbelegt": "overcrowded"},
                    open_months=pd.Series(months, index=MONTHS[-len(months):], dtype="float64"),
                    open_dates={m: DATES[m] for m in MONTHS[-len(months):]}, housing_day=day)


def test_relations_are_registered_where_they_hold():
    c = housing_counts([4, 1, 3], [2, 0, 3], [[2, 0], [3, 4], [0, 6]], [5, 7, 8, 9, 6, 8])
    rf = R.build(c)
    keys = [set(rel) for rel in rf.links]
    assert {(R.HOUSING, R.TOTAL, "overcrowded"), *[(R.SPACE, b, "überbelegt") for b in BINS]} in keys
    assert {(R.OPEN_TIME, "Sept. 2026", None), (R.HOUSING, R.TOTAL, "open")} in keys
    assert rf.audit() == []
    assert rf.cell(R.SPACE, BINS[0], "überbelegt").text == "≤2"
    # a small bin of a group whose total is published needs a second hidden bin in that group
    hidden = [b for b in BINS if rf.cell(R.SPACE, b, "überbelegt").suppressed]
    assert len(hidden) >= 2 or rf.cell(R.HOUSING, R.TOTAL, "overcrowded").suppressed


def test_previous_stand_point_is_the_previous_publication():
    before = housing_counts([1, 4], [0, 0], [[0, 3]], [4, 5, 5], stand=BEFORE, day=BEFORE)
    prev = R.build(before)
    now = housing_counts([1, 4], [0, 0], [[0, 3]], [4, 5, 5, 6, 5, 5])
    rf = R.build(now, previous=prev, previous_counts=before)
    link = {(R.OPEN_TIME, "Juni 2026", None), (R.PREVIOUS + R.HOUSING, R.TOTAL, "open")}
    assert link in [set(rel) for rel in rf.links]
    assert rf.cell(R.OPEN_TIME, "Juni 2026").value == prev.cell(R.HOUSING, R.TOTAL, "open").value == 5
    assert rf.audit() == []
    changed = housing_counts([1, 4], [0, 0], [[0, 3]], [4, 5, 6, 6, 5, 5])  # the data were corrected since
    rf2 = R.build(changed, previous=prev, previous_counts=before)
    assert link not in [set(rel) for rel in rf2.links]


@settings(max_examples=25, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 5), st.integers(0, 3)), min_size=1, max_size=4),
       st.lists(st.integers(0, 6), min_size=1, max_size=6),
       st.lists(st.integers(0, 3), min_size=1, max_size=3))
def test_random_housing_blocks_hide_small_counts_and_leak_nothing(districts, months, free_bins):
    crowded = [c for _, c in districts]
    opened = [o for o, _ in districts]
    # the overcrowded objects spread over the first bins, the rest in the second column
    bins, left = [], sum(crowded)
    for free in free_bins:
        take = min(left, 2)
        bins.append([take, free])
        left -= take
    bins[-1][0] += left
    months = months[:-1] + [sum(opened)]  # the last point is the Stichtag
    prev_months = months[:3] if len(months) >= 3 else months
    before = housing_counts(opened, crowded, bins, prev_months, stand=BEFORE, day=DATES[MONTHS[-len(prev_months):][-1]])
    prev = R.build(before)
    rf = R.build(housing_counts(opened, crowded, bins, months), previous=prev, previous_counts=before)
    assert rf.audit() == []
    for name in (R.SPACE, R.OPEN_TIME, R.HOUSING):
        pub = rf.tables[name]
        for key, value in pub.published_cells(name).items():
            if value is not None:
                assert not rf.cfg.is_small(value)
