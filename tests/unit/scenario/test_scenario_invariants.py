"""Scenario engine invariants (hypothesis, random plans): households never split, people conserved,
capacity, closed means empty, steady baseline."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ankunft.scenario import Assumptions, CapacityChange, simulate, start_state
from ankunft.scenario.households import S_MAX, TYPE_SIZE
from ankunft.scenario.inputs import period_month

STICHTAG = dt.date(2026, 10, 1)
SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def scenarios(draw):
    n = draw(st.integers(0, 6))
    horizon = draw(st.integers(1, 36))
    rows, closures, stays = [], {}, []
    for i in range(n):
        cap = draw(st.integers(0, 200))
        occ = draw(st.integers(0, 250))
        for h, (size, entitled) in enumerate(draw(st.lists(st.tuples(st.integers(1, 9), st.booleans()), max_size=25))):
            stays += [{"person_id": f"P{i}-{h}-{p}", "household_id": f"H{i}-{h}", "accommodation": f"U{i}",
                       "move_in": pd.Timestamp("2025-01-01"), "birth_year": 1990.0 - 10 * p,
                       "may_move_out": entitled} for p in range(size)]
        rows.append({
            "id": f"U{i}", "name": f"Unterkunft {i}", "district_id": draw(st.sampled_from(["01", "02", "09", None])),
            "capacity": cap, "occupancy": occ,
            "status": draw(st.sampled_from(["in Betrieb", "in Betrieb", "in Betrieb", "Reserve", "geschlossen"])),
            "monthly_cost_per_place": draw(st.sampled_from([199.0, 380.0, np.nan])),
        })
        if draw(st.booleans()):
            m = period_month(STICHTAG, draw(st.integers(-2, horizon + 2)))
            closures[f"U{i}"] = f"{m.year:04d}-{m.month:02d}"
    openings = {}
    for i in range(n):
        if draw(st.booleans()):
            m = period_month(STICHTAG, draw(st.integers(0, horizon)))
            openings[f"U{i}"] = f"{m.year:04d}-{m.month:02d}"
    new = []
    if draw(st.booleans()):
        m = period_month(STICHTAG, draw(st.integers(0, horizon)))
        new.append(CapacityChange(name="Neu", capacity=draw(st.integers(0, 100)), month=f"{m.year:04d}-{m.month:02d}",
                                  district_id=draw(st.sampled_from(["01", "05", ""]))))
    arrivals = draw(st.floats(0, 40))
    a = Assumptions(
        horizon_months=horizon,
        closures=closures,
        openings=openings,
        new_capacity=new,
        arrivals={"niedrig": arrivals / 2, "mittel": arrivals, "hoch": arrivals * 2},
        use_seasonal=draw(st.booleans()),
        moveout_mode=draw(st.sampled_from(["rate", "count"])),
        moveout_rate=draw(st.floats(0, 0.3)),
        moveout_count=draw(st.floats(0, 30)),
        moveout_rate_decline=draw(st.floats(0, 0.9)),
        departure_rate=draw(st.floats(0, 0.2)),
        recognition_rate=draw(st.floats(0, 0.3)),
        arrival_entitled_share=draw(st.floats(0, 1)),
        same_district_first=draw(st.booleans()),
    )
    acc = pd.DataFrame(rows, columns=["id", "name", "district_id", "capacity", "occupancy", "status",
                                      "monthly_cost_per_place"])
    residents = pd.DataFrame(stays) if stays and draw(st.booleans()) else None
    return start_state(acc, residents, STICHTAG), a, draw(st.sampled_from(["niedrig", "mittel", "hoch"]))


@SETTINGS
@given(scenarios())
def test_nobody_is_created_or_lost(case):
    start, a, variant = case
    r = simulate(start, a, variant)
    m = r.monthly
    expected = start.persons.sum() + np.cumsum(m["arrivals"] - m["move_outs"] - m["departures"])
    actual = m["placed"] + m["unplaced"]
    np.testing.assert_allclose(actual, expected, rtol=1e-9, atol=1e-6)
    # the same holds per cell sum of residents per accommodation
    np.testing.assert_allclose(r.raw.residents.sum(axis=1), m["placed"], rtol=1e-9, atol=1e-6)
    assert (m["unplaced"] >= -1e-9).all() and (r.raw.residents >= -1e-9).all()


@SETTINGS
@given(scenarios())
def test_households_are_never_split(case):
    start, a, variant = case
    raw = simulate(start, a, variant).raw
    H = raw.households
    # whole households everywhere, and residents are exactly households × size
    assert np.all(H >= 0) and np.all(H == np.round(H))
    assert np.all(raw.unplaced_types == np.round(raw.unplaced_types)) and np.all(raw.unplaced_types >= 0)
    np.testing.assert_array_equal(raw.residents, H @ TYPE_SIZE)
    # households of each size change only by arrivals and leavers: nobody is cut into smaller ones
    total = raw.placed_types + raw.unplaced_types
    by_size = total[:, :S_MAX] + total[:, S_MAX:]
    flow = raw.moveout_types[:, :S_MAX] + raw.moveout_types[:, S_MAX:]
    arrived = raw.arrivals_types[:, :S_MAX] + raw.arrivals_types[:, S_MAX:]
    np.testing.assert_array_equal(np.diff(by_size, axis=0), (arrived - flow)[1:])


@SETTINGS
@given(scenarios())
def test_capacity_is_respected_except_reported_start_overbooking(case):
    start, a, variant = case
    r = simulate(start, a, variant)
    res, cap = r.raw.residents, r.raw.capacity
    over = np.maximum(res - cap, 0.0)
    start_over = np.maximum(start.persons.sum(axis=1) - start.accommodations["capacity"].to_numpy(), 0.0)
    allowed = np.zeros(res.shape[1])
    allowed[: start.n] = start_over
    # period 0 is the count as it was; from period 1 on only the start overbooking may remain
    assert (over[1:] <= allowed[None, :] + 1e-6).all()
    # reported overbooking never grows
    assert (np.diff(over[1:], axis=0) <= 1e-6).all()
    np.testing.assert_allclose(r.monthly["overbooked"], over.sum(axis=1), atol=1e-9)
    # nobody is unplaced while an accommodation has room for their whole household
    free = np.where(cap > 0, np.maximum(cap - res, 0.0), 0.0).max(axis=1, initial=0.0)
    U = r.raw.unplaced_types
    smallest = np.where(U > 0, TYPE_SIZE[None, :], np.inf).min(axis=1)
    assert not (smallest <= free).any()


@SETTINGS
@given(scenarios())
def test_a_closed_accommodation_holds_nobody(case):
    start, a, variant = case
    r = simulate(start, a, variant)
    closed = r.raw.capacity[1:] <= 0  # period 0 shows the count of the Stichtag
    assert (r.raw.residents[1:][closed] <= 1e-9).all()
    t = np.arange(r.T)[:, None]
    shut = (t >= r.plan.close_at[None, :]) & (t >= 1)
    assert (r.raw.residents[shut] <= 1e-9).all()


@SETTINGS
@given(st.lists(st.tuples(st.integers(1, 200), st.floats(0, 1)), min_size=1, max_size=6),
       st.integers(1, 60), st.sampled_from(["niedrig", "mittel", "hoch"]))
def test_baseline_with_zero_flows_stays_constant(accs, horizon, variant):
    rows = [{"id": f"U{i}", "name": f"U{i}", "district_id": "01", "capacity": cap,
             "occupancy": np.floor(cap * share), "monthly_cost_per_place": 250.0} for i, (cap, share) in enumerate(accs)]
    start = start_state(pd.DataFrame(rows), None, STICHTAG)
    a = Assumptions(horizon_months=horizon, arrivals={"niedrig": 0.0, "mittel": 0.0, "hoch": 0.0},
                    moveout_rate=0.0, departure_rate=0.0, recognition_rate=0.0)
    r = simulate(start, a, variant)
    res = r.raw.residents
    np.testing.assert_allclose(res, np.broadcast_to(start.persons.sum(axis=1), res.shape), atol=1e-9)
    m = r.monthly
    for col in ("placed", "capacity", "net_cost", "rent", "care"):
        np.testing.assert_allclose(m[col], m[col].iloc[0], rtol=1e-12, atol=1e-9)
    assert m["unplaced"].max() == 0.0 and m["transfers"].max() == 0.0
    assert m["saving"].abs().max() == 0.0
