"""Back-test on a history generated with known rates: the rates and the counts are recovered."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from ankunft.scenario.backtest import backtest, known_at, origins, summary_display

STAND = dt.date(2026, 9, 30)
ARRIVALS = 30.0  # persons a month (single adults), 4 accommodations
MOVE_OUT = 0.05  # entitled, a month
DEPARTURE = 0.01  # must-house, a month
RECOGNITION = 0.02  # must-house → entitled, a month (the default assumption)


def generated(seed: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Four years of daily-dated stays with the known monthly rates; recognition = a new stay."""
    rng = np.random.default_rng(seed)
    acc = pd.DataFrame([{"id": f"U{i}", "name": f"Heim {i}", "district_id": "01", "capacity": 2000,
                         "status": "in Betrieb", "monthly_cost_per_place": 300.0} for i in range(4)])
    months = pd.date_range("2022-10-01", "2026-09-01", freq="MS")
    rows, pid = [], 0
    for m in months:
        for _ in range(rng.poisson(ARRIVALS)):
            pid += 1
            day = m + pd.Timedelta(days=int(rng.integers(0, 28)))
            site = f"U{rng.integers(0, 4)}"
            t, entitled, begin = day, False, day
            while True:  # month steps of the person's life in the accommodation
                t = t + pd.DateOffset(months=1)
                if t > pd.Timestamp(STAND):
                    rows.append((f"P{pid}", site, begin, pd.NaT, entitled))
                    break
                u = rng.random()
                if entitled and u < MOVE_OUT or not entitled and u < DEPARTURE:
                    rows.append((f"P{pid}", site, begin, t, entitled))
                    break
                if not entitled and u < DEPARTURE + RECOGNITION:
                    rows.append((f"P{pid}", site, begin, t, entitled))
                    entitled, begin = True, t
    res = pd.DataFrame(rows, columns=["person_id", "accommodation", "move_in", "move_out", "entitled"])
    res["residence_status"] = np.where(res.pop("entitled"), "anerkannt (§ 25 Abs. 2 AufenthG)", "Asylverfahren")
    res["birth_year"] = 1990.0
    return acc, res


def test_known_at_cuts_the_future():
    _, res = generated(1)
    cut = known_at(res, pd.Timestamp("2025-03-31"))
    assert cut["move_in"].max() <= pd.Timestamp("2025-03-31")
    assert cut["move_out"].dropna().max() <= pd.Timestamp("2025-03-31")


def test_backtest_recovers_known_rates_and_counts():
    acc, res = generated(7)
    bt = backtest(acc, res, STAND)
    city = bt.city
    assert len(origins(res, STAND)) == 24 and set(city["horizon"]) == {6, 12}
    # the rates derived at each origin recover the generating ones (stated tolerances)
    assert abs(city["arrivals_per_month"].mean() / ARRIVALS - 1) < 0.10
    assert abs(city["moveout_rate"].mean() / MOVE_OUT - 1) < 0.25
    assert abs(city["departure_rate"].mean() / DEPARTURE - 1) < 0.35
    # and so the projection hits the later counts: city-wide MAPE < 6 % at 6 and 12 months, |bias| < 5 %
    s = bt.summary.set_index(["horizon", "level"])
    for h in (6, 12):
        assert s.loc[(h, "Stadt"), "mape"] < 0.06
        assert abs(s.loc[(h, "Stadt"), "bias"]) < 0.05
        assert s.loc[(h, "je Unterkunft"), "n"] == 24 * 4
    table = summary_display(bt)
    assert list(table.columns) == ["Vorhersage", "Ebene", "Mittlerer Fehler (MAPE)", "Verzerrung", "Vergleiche"]
    assert table["Vorhersage"].iloc[0] == "6 Monate voraus"


def test_backtest_notices_a_wrong_model():
    # when move-outs suddenly stop after the origins' window, the projection is biased downwards
    acc, res = generated(3)
    late = res["move_out"] > pd.Timestamp("2025-06-30")
    res.loc[late, "move_out"] = pd.NaT
    bt = backtest(acc, res, STAND)
    s = bt.summary.set_index(["horizon", "level"])
    assert s.loc[(12, "Stadt"), "bias"] < -0.05


def test_too_short_a_history_gives_no_origins():
    acc, res = generated(2)
    short = res[res["move_in"] > pd.Timestamp("2026-01-01")]
    assert origins(short, STAND) == []
    assert backtest(acc, short, STAND).city.empty
