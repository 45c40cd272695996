"""Earliest feasible closure month: equals a brute-force search over full simulations."""

from __future__ import annotations

import datetime as dt

import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ankunft.scenario import Assumptions, simulate, start_state
from ankunft.scenario.earliest import earliest_period, earliest_table
from ankunft.scenario.inputs import month_key, period_month
from ankunft.scenario.results import TOLERANCE, gap_series

STICHTAG = dt.date(2026, 10, 1)


def key(t: int) -> str:
    return month_key(period_month(STICHTAG, t))


def brute_force(start, a: Assumptions, site: str, variant: str = "mittel") -> int | None:
    """The first month whose full simulation (site closing then, the rest as planned) is no worse
    than the plan with the site open, in every month."""
    ref = simulate(start, a.replace(closures={**a.closures, site: None}), variant)
    allowed = gap_series(ref.raw, ref.assumptions).clip(min=0) + TOLERANCE
    for m in range(max(1, a.notice_months), a.horizon_months):
        r = simulate(start, a.replace(closures={**a.closures, site: key(m)}), variant)
        if (gap_series(r.raw, r.assumptions) <= allowed).all():
            return m
    return None


def test_hand_case_waits_until_the_others_have_room():
    # 150 people, 200 places, 3 % leave a month: closing X leaves 100 places (target 90) – the first
    # month with at most 90 people left (150 · 0,97^c ≤ 90 → about c = 17)
    start = start_state(pd.DataFrame([
        {"id": "X", "name": "Hotel", "district_id": "01", "capacity": 100, "occupancy": 90},
        {"id": "Y", "name": "Heim", "district_id": "01", "capacity": 100, "occupancy": 60},
    ]), None, STICHTAG)
    a = Assumptions(horizon_months=36, arrivals={"niedrig": 0.0, "mittel": 0.0, "hoch": 0.0}, moveout_rate=0.03,
                    departure_rate=0.03, recognition_rate=0.0, reserve_places=0.0)
    m = earliest_period(start, a, "X")
    assert m == brute_force(start, a, "X")
    assert abs(m - 17) <= 2
    table = earliest_table(start, a).set_index("id")
    assert table.loc["X", "earliest_period"] == m
    assert table.loc["X", "earliest"] == simulate(start, a).month_label(m)


@st.composite
def cases(draw):
    n = draw(st.integers(2, 4))
    rows, closures = [], {}
    for i in range(n):
        cap = draw(st.integers(10, 80))
        rows.append({"id": f"U{i}", "name": f"U{i}", "district_id": draw(st.sampled_from(["01", "02"])),
                     "capacity": cap, "occupancy": draw(st.integers(0, cap))})
        closures[f"U{i}"] = draw(st.sampled_from([None, None, key(draw(st.integers(1, 14)))]))
    a = Assumptions(horizon_months=draw(st.integers(4, 16)), closures=closures,
                    arrivals={"niedrig": 0.0, "mittel": draw(st.floats(0, 6)), "hoch": 0.0},
                    moveout_rate=draw(st.floats(0, 0.15)), departure_rate=draw(st.floats(0, 0.05)),
                    recognition_rate=draw(st.floats(0, 0.1)), target_utilisation=draw(st.sampled_from([0.8, 1.0])),
                    reserve_places=0.0, notice_months=draw(st.integers(0, 3)))
    return start_state(pd.DataFrame(rows).assign(status="in Betrieb"), None, STICHTAG), a, draw(st.integers(0, n - 1))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cases())
def test_earliest_equals_brute_force(case):
    start, a, j = case
    site = f"U{j}"
    assert earliest_period(start, a, site) == brute_force(start, a, site)
    table = earliest_table(start, a).set_index("id")
    assert table.loc[site, "earliest_period"] == brute_force(start, a, site) or (
        pd.isna(table.loc[site, "earliest_period"]) and brute_force(start, a, site) is None)
