"""Back-test from the stored Stände: a store generated with known rates (the rates and the later
recorded occupancy are recovered), a store with one Stand (a German message, no crash), Stände that
are not 6 or 12 months apart, and the choice of the later Stand (hypothesis)."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ankunft.scenario.backtest import known_at
from ankunft.scenario.backtest_stands import SLACK_MONTHS, StandPoint, _later, stand_backtest
from ankunft.scenario.inputs import month_index, roster_at
from ankunft.storage.store import Store
from ankunft.views import scenario_view as pm
from tests.unit.scenario.test_scenario_backtest import ARRIVALS, DEPARTURE, MOVE_OUT, STAND, generated

NOW = dt.datetime(2026, 11, 2, 9, 30)


def stand_tables(acc: pd.DataFrame, res: pd.DataFrame, day: dt.date) -> list[tuple]:
    """What an import at ``day`` would have stored: the accommodations with the occupancy counted that
    day and the residents file as known that day."""
    counted = roster_at(res, day)["accommodation"].value_counts()
    table = acc.assign(occupancy=[int(counted.get(i, 0)) for i in acc["id"]])
    return [("accommodations", day, table, f"unterkuenfte_{day}.xlsx", "Unterkünfte", None),
            ("residents", day, known_at(res, pd.Timestamp(day)), f"bewohner_{day}.xlsx", "Bewohner", None)]


def store_with(tmp_path, days: list[dt.date], seed: int = 7) -> Store:
    acc, res = generated(seed)
    store = Store(tmp_path / "s.db", now=lambda: NOW)
    for day in days:
        store.import_tables(stand_tables(acc, res, day), user="test")
    return store


def quarter_ends(first: str, last: str) -> list[dt.date]:
    return [d.date() for d in pd.date_range(first, last, freq="QE")]


@pytest.mark.slow
def test_stands_of_a_store_with_known_rates_recover_them(tmp_path):
    days = quarter_ends("2024-09-30", STAND.isoformat())  # nine quarterly Stände
    store = store_with(tmp_path, days)
    states = [store.load_state(d) for d in store.stichtage()]
    res = stand_backtest([StandPoint(s.stand, s.df("accommodations"), s.df("residents")) for s in states])
    assert res.reason is None
    city = res.backtest.city
    # every Stand with a Stand 6 (12) months later is an origin: 7 pairs at 6 months, 5 at 12
    assert sorted(city.groupby("horizon").size().items()) == [(6, 7), (12, 5)]
    assert (city["gap"] == city["horizon"]).all()
    # the rates derived at each Stand recover the generating ones (tolerances as for the stays' history)
    assert abs(city["arrivals_per_month"].mean() / ARRIVALS - 1) < 0.10
    assert abs(city["moveout_rate"].mean() / MOVE_OUT - 1) < 0.25
    assert abs(city["departure_rate"].mean() / DEPARTURE - 1) < 0.35
    # and the projection hits the occupancy recorded later: city-wide MAPE < 6 %, |bias| < 5 %
    s = res.backtest.summary.set_index(["horizon", "level"])
    for h in (6, 12):
        assert s.loc[(h, "Stadt"), "mape"] < 0.06
        assert abs(s.loc[(h, "Stadt"), "bias"]) < 0.05
    assert s.loc[(6, "je Unterkunft"), "n"] == 7 * 4
    # the page's view model shows the same numbers
    view = pm.stand_backtest_view(states)
    assert view.message is None and view.headline.startswith("Rückblick aus den Ständen: 12 Monate voraus")
    assert list(view.city.columns) == ["Projektion ab Stand", "verglichen mit Stand", "Monate voraus", "projiziert",
                                       "erfasste Belegung", "Abweichung"]
    assert len(view.city) == len(city)


def small_store(tmp_path, days: list[dt.date]) -> Store:
    """Accommodations only (no residents file), one table per Stand."""
    store = Store(tmp_path / "s.db", now=lambda: NOW)
    for k, day in enumerate(days):
        acc = pd.DataFrame([{"id": "A", "name": "Asternweg", "district_id": "09", "capacity": 100,
                             "occupancy": 80 - k, "status": "in Betrieb", "monthly_cost_per_place": 200.0}])
        store.import_tables([("accommodations", day, acc, "u.xlsx", "Unterkünfte", None)], user="test")
    return store


@pytest.mark.parametrize("days", [[], [dt.date(2026, 9, 30)]])
def test_one_stand_gives_a_german_message_not_a_crash(tmp_path, days):
    store = small_store(tmp_path, days)
    view = pm.stand_backtest_view([store.load_state(d) for d in store.stichtage()])
    assert view.message.startswith("Für einen Rückblick braucht es mindestens zwei Stichtage")
    assert view.summary is None and view.city is None and view.headline == view.message
    assert ("erst einer" if days else "noch keiner") in view.message


def test_stands_too_close_together_say_so(tmp_path):
    store = small_store(tmp_path, [dt.date(2026, 6, 30), dt.date(2026, 9, 30)])
    view = pm.stand_backtest_view([store.load_state(d) for d in store.stichtage()])
    assert view.summary is None
    assert "nicht 6 oder 12 Monate" in view.message and "30.06.2026, 30.09.2026" in view.message


def test_a_stand_half_a_year_on_compares_without_a_residents_file(tmp_path):
    store = small_store(tmp_path, [dt.date(2026, 3, 31), dt.date(2026, 9, 30)])
    view = pm.stand_backtest_view([store.load_state(d) for d in store.stichtage()])
    assert view.message is None
    assert view.city[["verglichen mit Stand", "Monate voraus", "erfasste Belegung"]].values.tolist() == [
        ["30.09.2026", "6", "79"]]
    assert list(view.sites["Unterkunft"]) == ["Asternweg"]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(0, 40), min_size=2, max_size=12, unique=True), st.sampled_from([6, 12]))
def test_the_later_stand_is_the_nearest_to_the_horizon(offsets, h):
    base = dt.date(2024, 1, 31)
    days = sorted((pd.Timestamp(base) + pd.DateOffset(months=m)).date() for m in offsets)
    points = [StandPoint(d, pd.DataFrame()) for d in days]
    for i in range(len(points)):
        gaps = [month_index(days[i], days[j]) for j in range(i + 1, len(days))]
        hit = _later(points, i, h)
        fitting = [g for g in gaps if abs(g - h) <= SLACK_MONTHS]
        if not fitting:
            assert hit is None
            continue
        j, gap = hit
        assert gap == month_index(days[i], days[j]) and abs(gap - h) == min(abs(g - h) for g in fitting)
        if h in gaps:
            assert gap == h
