"""``overview.inputs``: the city-wide part (stays, roster, accommodation table) is computed once per
state and restricted per district set – equal to computing it afresh for every district set."""

from __future__ import annotations

import gc

import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ankunft.core.reference import STANDARDS
from ankunft.indicators import Unavailable
from ankunft.indicators import accommodations as acc_mod
from ankunft.indicators import overview as O
from ankunft.indicators import stays as stays_mod
from ankunft.storage import demo
from ankunft.storage.state import DataState

DEMO = demo.build()
STATE = DataState.from_frames(demo.STICHTAG, {
    "accommodations": DEMO.accommodations, "residents": DEMO.residents, "housing": DEMO.housing,
    "services": DEMO.services, "districts": DEMO.districts})
DISTRICTS = sorted(set(DEMO.districts["district_id"].astype(str)))


def fresh(state: DataState, district_ids) -> O.OverviewInputs:
    """The computation as it was before the city part was kept: everything from the state's frames."""
    acc = state.df("accommodations")
    roster_date = state.stichtag("residents") or state.stand
    stays = stays_mod.attach_accommodation_ids(state.df("residents"), acc)
    roster = stays_mod.roster(stays, roster_date)
    table = acc_mod.accommodation_table(acc, state.stand, stays, STANDARDS, roster_date=roster_date, roster=roster)
    table = O._in_districts(table, district_ids)
    if district_ids:
        roster = roster[roster["accommodation_id"].isin(set(table["key"])).to_numpy()]
    return O.OverviewInputs(
        table=table, roster=roster, stays=stays, housing=O._in_districts(state.df("housing"), district_ids),
        services=state.df("services"), districts=state.df("districts"), stand=state.stand,
        roster_date=roster_date, housing_date=state.stichtag("housing") or state.stand,
        unmatched=stays_mod.unmatched_accommodations(stays, acc),
        district_ids=list(district_ids) if district_ids else None)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(DISTRICTS), unique=True, max_size=6) | st.none())
def test_restricted_city_part_equals_a_fresh_computation(ids):
    got, want = O.inputs(STATE, ids), fresh(STATE, ids)
    pd.testing.assert_frame_equal(got.table, want.table)
    pd.testing.assert_frame_equal(got.roster, want.roster)
    pd.testing.assert_frame_equal(got.housing, want.housing)
    assert (got.unmatched, got.district_ids, got.roster_date) == (want.unmatched, want.district_ids,
                                                                   want.roster_date)
    # and the KPIs read from them are the same
    assert O.kpi_values(got) == O.kpi_values(want)


def test_city_part_computed_once_per_state(count_calls):
    state = DataState.from_frames(demo.STICHTAG, {"accommodations": DEMO.accommodations,
                                                  "residents": DEMO.residents})
    count_calls(acc_mod, "accommodation_table")
    count_calls(stays_mod, "roster")
    for ids in (None, DISTRICTS[:2], DISTRICTS[3:5], None):
        O.inputs(state, ids)
    assert count_calls.calls == ["roster", "accommodation_table"]
    # another state with equal data is another state: computed for it (never a stale hit)
    other = DataState.from_frames(demo.STICHTAG, {"accommodations": DEMO.accommodations.head(3),
                                                  "residents": DEMO.residents})
    assert len(O.inputs(other).table) == 3
    assert count_calls.calls.count("accommodation_table") == 2


def test_city_part_dropped_with_its_state():
    state = DataState.from_frames(demo.STICHTAG, {"accommodations": DEMO.accommodations})
    O.inputs(state)
    assert O._CITY.get((state,), STANDARDS) is not None
    # earlier tests' dead states (in reference cycles) are collected first, so only this
    # state's entry can leave below
    gc.collect()
    kept = len(O._CITY)
    del state
    gc.collect()
    assert len(O._CITY) == kept - 1


def test_without_residents_the_roster_is_unavailable():
    state = DataState.from_frames(demo.STICHTAG, {"accommodations": DEMO.accommodations})
    data = O.inputs(state, DISTRICTS[:3])
    assert isinstance(data.roster, Unavailable) and isinstance(data.stays, Unavailable)
