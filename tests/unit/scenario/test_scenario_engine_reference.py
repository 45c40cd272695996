"""The optimised engine gives bit for bit the results of the plain one (``reference_engine``, the
engine as it was before the speed work), on random plans: small ones (the invariants' plans, any
target utilisation) and city-sized ones with many accommodations, closures in waves, many
arrivals and several districts (so that every placement path – the plain loop and the cumulative
sums, own district first or not, start overbooking – is taken)."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ankunft.scenario import Assumptions, engine, start_state
from ankunft.scenario.inputs import period_month
from tests.unit.scenario import reference_engine as ref
from tests.unit.scenario.test_scenario_invariants import scenarios

STICHTAG = dt.date(2026, 10, 1)
SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
FEW = settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
FIELDS = ("residents", "capacity", "transfers_out", "placed_cells", "unplaced_cells", "arrivals_cells",
          "outflow_cells", "recognitions", "cross_cells", "rent", "start_cells", "households", "placed_types",
          "unplaced_types", "moveout_types", "arrivals_types", "over_target")


def month_key(t: int) -> str:
    m = period_month(STICHTAG, t)
    return f"{m.year:04d}-{m.month:02d}"


@st.composite
def city_plans(draw):
    """Many accommodations (some overbooked at the start, some reserve), closures in waves."""
    n = draw(st.integers(8, 60))
    horizon = draw(st.integers(2, 30))
    seed = draw(st.integers(0, 2**32 - 1))
    rng = np.random.default_rng(seed)
    cap = rng.integers(0, 300, n).astype(float)
    occ = np.floor(cap * rng.uniform(0.2, draw(st.floats(0.6, 1.3)), n))
    acc = pd.DataFrame({
        "id": [f"U{i}" for i in range(n)], "name": [f"Unterkunft {i}" for i in range(n)],
        "district_id": [f"{d:02d}" for d in rng.integers(1, draw(st.integers(2, 8)), n)],
        "capacity": cap, "occupancy": occ,
        "monthly_cost_per_place": rng.choice([199.0, 380.0, 850.0], n),
        "status": rng.choice(["in Betrieb"] * 8 + ["Reserve", "geschlossen"], n),
    })
    share = draw(st.floats(0.0, 0.5))
    closures = {f"U{i}": month_key(int(rng.integers(0, horizon + 2))) for i in range(n) if rng.random() < share}
    openings = {f"U{i}": month_key(int(rng.integers(0, horizon))) for i in range(n) if rng.random() < 0.3}
    arrivals = draw(st.floats(0, 1200))
    a = Assumptions(
        horizon_months=horizon, closures=closures, openings=openings,
        arrivals={"niedrig": arrivals / 4, "mittel": arrivals, "hoch": arrivals * 2},
        use_seasonal=draw(st.booleans()), moveout_mode=draw(st.sampled_from(["rate", "count"])),
        moveout_rate=draw(st.floats(0, 0.3)), moveout_count=draw(st.floats(0, 300)),
        moveout_rate_decline=draw(st.floats(0, 0.9)), departure_rate=draw(st.floats(0, 0.2)),
        recognition_rate=draw(st.floats(0, 0.3)), arrival_entitled_share=draw(st.floats(0, 1)),
        same_district_first=draw(st.booleans()), target_utilisation=draw(st.floats(0.3, 1.0)),
        reserve_places=draw(st.floats(0, 50)),
    )
    return start_state(acc, None, STICHTAG), a, draw(st.sampled_from(["niedrig", "mittel", "hoch"]))


def assert_same_run(start, a, variant):
    got, got_states = engine.run(start, a, variant, keep_states=True)
    want, want_states = ref.run(start, a, variant, keep_states=True)
    for name in FIELDS:
        np.testing.assert_array_equal(getattr(got, name), getattr(want, name), err_msg=name)
    assert got.start_total == want.start_total
    for g, w in zip(got_states, want_states, strict=True):
        for name in ("H", "U", "carry_out", "carry_rec", "carry_arr", "ob", "ages"):
            np.testing.assert_array_equal(getattr(g, name), getattr(w, name), err_msg=name)


@pytest.mark.slow  # 60 random plans run twice (~3 s CPU); the fast tier has the few city plans below
@SETTINGS
@given(scenarios(), st.floats(0.0, 1.0))
def test_small_plans_equal_the_reference_engine(case, target):
    start, a, variant = case
    assert_same_run(start, a.replace(target_utilisation=target), variant)


@pytest.mark.slow  # 60 city-sized plans run twice (~3 s CPU)
@SETTINGS
@given(city_plans())
def test_city_sized_plans_equal_the_reference_engine(case):
    assert_same_run(*case)


@FEW
@given(city_plans())
def test_a_few_city_sized_plans_equal_the_reference_engine(case):
    assert_same_run(*case)


@pytest.mark.slow
@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(city_plans(), st.data())
def test_a_run_resumed_from_a_kept_state_equals_the_reference(case, data):
    """What ``earliest`` does: copy the state of a month and step on from there."""
    start, a, variant = case
    _, states = engine.run(start, a, variant, keep_states=True)
    _, want_states = ref.run(start, a, variant, keep_states=True)
    t0 = data.draw(st.integers(0, len(states) - 1))
    plan = engine.build_plan(start, a)
    ctx = engine.context(start, a, variant, plan)
    s = states[t0].copy()
    for t in range(t0 + 1, ctx.T):
        engine.step(s, ctx, t)
        np.testing.assert_array_equal(s.H, want_states[t].H)
        np.testing.assert_array_equal(s.U, want_states[t].U)
