"""The back-test computed in one pass over the stays gives exactly what the per-origin computation gave.

The oracle below is the back-test as it was before the one-pass version (frozen here on purpose: it
rebuilds the start state of every origin with :func:`inputs.start_state` from the stays as known at
that month-end, and counts the later roster with :func:`inputs.roster_at`). The product must agree
with it value for value – on stays generated with every awkward property the residents file can have
(no household, no status, unknown accommodation, accommodation named instead of numbered, several
stays per person, equal move-out days, missing move-in) and on the demo data of several seeds.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ankunft.scenario import backtest as bt_mod
from ankunft.scenario.backtest import Backtest, _month_end, _summary, backtest, known_at, origins
from ankunft.scenario.inputs import default_assumptions, roster_at, start_state
from ankunft.scenario.observed import resolve
from ankunft.scenario.results import simulate
from ankunft.storage import demo

STATUSES = ("Asylverfahren", "anerkannt (§ 25 Abs. 2 AufenthG)", "§ 24 AufenthG (Ukraine)", "Duldung",
            "subsidiärer Schutz")


def reference_backtest(accommodations, residents, stand, horizons=bt_mod.HORIZONS) -> Backtest:
    """The per-origin back-test, frozen (the oracle)."""
    city_rows, site_rows = [], []
    for o in origins(residents, stand, max(horizons)):
        start = start_state(accommodations, known_at(residents, o), o.date())
        a = default_assumptions(start, horizon_months=max(horizons) + 1)
        r = simulate(start, a, "mittel")
        obs = start.observed or {}
        ids = list(start.accommodations["id"])
        for h in horizons:
            target = _month_end(o + pd.DateOffset(months=h))
            roster = roster_at(residents, target.date())
            pos = resolve(start.accommodations, roster["accommodation"])
            actual_sites = np.bincount(pos[pos >= 0], minlength=start.n).astype(float)
            projected_sites = r.raw.residents[h, : start.n]
            city_rows.append({"origin": o, "horizon": h, "projected": float(r.raw.placed_cells[h].sum()
                                                                          + r.raw.unplaced_cells[h].sum()),
                              "actual": float(len(roster)),
                              "arrivals_per_month": obs.get("arrivals_per_month"),
                              "moveout_rate": obs.get("moveout_rate"), "departure_rate": obs.get("departure_rate")})
            site_rows += [{"origin": o, "horizon": h, "id": i, "projected": float(p), "actual": float(q)}
                          for i, p, q in zip(ids, projected_sites, actual_sites)]
    city = pd.DataFrame(city_rows, columns=["origin", "horizon", "projected", "actual", "arrivals_per_month",
                                            "moveout_rate", "departure_rate"])
    sites = pd.DataFrame(site_rows, columns=["origin", "horizon", "id", "projected", "actual"])
    return Backtest(city=city, sites=sites, summary=_summary(city, sites, horizons))


def assert_same(got: Backtest, want: Backtest) -> None:
    for name in ("city", "sites", "summary"):
        pd.testing.assert_frame_equal(getattr(got, name), getattr(want, name), check_exact=True, obj=name)


def generated_stays(seed: int, persons: int, months: int, gaps: float, stand: dt.date) -> tuple[pd.DataFrame,
                                                                                                  pd.DataFrame]:
    """Accommodations and stays with ``gaps`` as the share of missing values in every optional field."""
    rng = np.random.default_rng(seed)
    n_sites = int(rng.integers(1, 6))
    acc = pd.DataFrame({"id": [f"{i + 1:03d}" for i in range(n_sites)], "name": [f"Heim {i}" for i in range(n_sites)],
                        "district_id": [f"{rng.integers(1, 19):02d}" for _ in range(n_sites)],
                        "capacity": rng.integers(20, 300, n_sites).astype(float),
                        "occupancy": rng.integers(0, 200, n_sites).astype(float),
                        "monthly_cost_per_place": 250.0, "status": "in Betrieb"})
    first = pd.Timestamp(stand) - pd.DateOffset(months=months)
    span = (pd.Timestamp(stand) - first).days + 1
    rows = []
    for p in range(persons):
        household = f"H{rng.integers(0, max(1, persons // 3)):04d}" if rng.random() > gaps else None
        status = STATUSES[rng.integers(len(STATUSES))] if rng.random() > gaps else None
        may = None if rng.random() < gaps else bool(rng.random() < 0.4)
        birth = None if rng.random() < gaps else float(rng.integers(1950, 2026))
        # the first person has an id and moves in first (the residents file's Personen-Nr. is required;
        # a roster without any number is no residents file and is not compared)
        day = first if p == 0 else first + pd.Timedelta(days=int(rng.integers(0, span)))
        for _ in range(int(rng.integers(1, 4))):  # several stays of one person (moves, recognitions)
            k = int(rng.integers(0, n_sites + 1))
            site = ("999" if k == n_sites else  # an accommodation not in the list
                    acc["name"].iat[k] if rng.random() < 0.2 else str(int(acc["id"].iat[k])) if rng.random() < 0.2
                    else acc["id"].iat[k])
            move_in = pd.NaT if rng.random() < gaps / 5 and p else day
            out_day = day + pd.Timedelta(days=int(rng.integers(0, 500)))
            # equal move-out days (the first of a month) are frequent in real files
            out_day = (out_day + pd.offsets.MonthBegin(0)) if rng.random() < 0.3 else out_day
            move_out = pd.NaT if rng.random() < 0.3 or out_day > pd.Timestamp(stand) + pd.Timedelta(days=400) else out_day
            rows.append({"person_id": f"P{p}" if rng.random() > gaps / 5 or not p else None, "household_id": household,
                         "accommodation": site, "move_in": move_in, "move_out": move_out, "birth_year": birth,
                         "residence_status": status, "may_move_out": may})
            if pd.isna(move_out):
                break
            day = move_out
    res = pd.DataFrame(rows, columns=["person_id", "household_id", "accommodation", "move_in", "move_out",
                                      "birth_year", "residence_status", "may_move_out"])
    res["may_move_out"] = res["may_move_out"].astype("boolean")
    return acc, res


GAPS = st.sampled_from([0.0, 0.05, 0.3, 0.9])


def check_generated(seed, persons, months, gaps, day):
    stand = dt.date(2026, 1 + seed % 12, day)
    acc, res = generated_stays(seed, persons, months, gaps, stand)
    assert_same(backtest(acc, res, stand), reference_backtest(acc, res, stand))


@settings(max_examples=5, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 2**31), persons=st.integers(0, 40), months=st.integers(22, 26), gaps=GAPS,
       day=st.integers(1, 28))
def test_backtest_equals_the_per_origin_computation_on_short_generated_histories(seed, persons, months, gaps, day):
    check_generated(seed, persons, months, gaps, day)  # a few origins each: the fast tier's check


@pytest.mark.slow
@settings(max_examples=40, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 2**31), persons=st.integers(0, 160), months=st.integers(6, 48), gaps=GAPS,
       day=st.integers(1, 28))
def test_backtest_equals_the_per_origin_computation_on_generated_stays(seed, persons, months, gaps, day):
    check_generated(seed, persons, months, gaps, day)


@pytest.mark.slow
@pytest.mark.parametrize("seed", [demo.DEFAULT_SEED, 5])
def test_backtest_equals_the_per_origin_computation_on_demo_data(seed):
    d = demo.build(seed)
    got = backtest(d.accommodations, d.residents, demo.STICHTAG)
    assert len(got.city) == 2 * bt_mod.MAX_ORIGINS
    assert_same(got, reference_backtest(d.accommodations, d.residents, demo.STICHTAG))


@pytest.mark.slow
def test_backtest_equals_the_per_origin_computation_on_fifty_thousand_stays(tmp_path):
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parents[3] / "scripts"))
    from bench_pages import build_store

    from ankunft.storage import store as store_mod

    build_store(tmp_path / "bench.db", 50_000, tmp_path)
    s = store_mod.Store(str(tmp_path / "bench.db"))
    state = s.load_state(s.latest_stichtag())
    acc, res = state.df("accommodations"), state.df("residents")
    assert len(res) == 50_000
    assert_same(backtest(acc, res, state.stand), reference_backtest(acc, res, state.stand))
