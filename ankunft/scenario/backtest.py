"""Back-test: how far did the projection hit what then happened?

From the stays' move-in/move-out history, month by month: for every month-end ``o`` of the history
(at least 12 months after the first move-in, so that flows can be derived, and at most ``h`` months
before the Stand) the data are cut to what was known at ``o`` (stays that began later dropped,
later move-outs removed), the start state and the default assumptions are derived as the page
would have derived them then, and the engine projects ``h`` = 6 and 12 months ahead (middle
variant). The projection is compared with the count of the stays at ``o + h`` – city-wide and per
accommodation. Errors: MAPE (mean absolute percentage error) and bias (mean signed percentage
error; positive = the projection was too high).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ankunft.core import fmt, glossary
from ankunft.scenario.backtest_starts import Stays
from ankunft.scenario.inputs import default_assumptions
from ankunft.scenario.results import simulate

HORIZONS = (6, 12)
MAX_ORIGINS = 24


@dataclass
class Backtest:
    """``city``: one row per origin × horizon (origin, horizon, projected, actual, error) plus the
    rates derived at the origin; ``sites``: the same per accommodation; ``summary``: MAPE and bias
    per horizon (city-wide and per accommodation)."""

    city: pd.DataFrame
    sites: pd.DataFrame
    summary: pd.DataFrame


def _month_end(d) -> pd.Timestamp:
    return (pd.Timestamp(d) + pd.offsets.MonthEnd(0)).normalize()


def known_at(residents: pd.DataFrame, date) -> pd.DataFrame:
    """The stays as they were known at ``date``: later stays dropped, later move-outs removed."""
    res = glossary.conform("residents", residents)
    stamp = pd.Timestamp(date)
    res = res[(res["move_in"] <= stamp).fillna(False).to_numpy(dtype=bool)].copy()
    res.loc[res["move_out"] > stamp, "move_out"] = pd.NaT
    return res.reset_index(drop=True)


def origins(residents: pd.DataFrame, stand: dt.date, horizon: int = max(HORIZONS)) -> list[pd.Timestamp]:
    """Month-ends from 12 months after the first move-in to ``horizon`` months before the Stand."""
    first = pd.to_datetime(glossary.conform("residents", residents)["move_in"]).min()
    if pd.isna(first):
        return []
    lo = _month_end(first + pd.DateOffset(months=12))
    hi = _month_end(pd.Timestamp(stand) - pd.DateOffset(months=horizon))
    if hi < lo:
        return []
    months = list(pd.date_range(lo, hi, freq="ME"))
    return months[-MAX_ORIGINS:]


def backtest(accommodations: pd.DataFrame, residents: pd.DataFrame, stand: dt.date,
             horizons: tuple[int, ...] = HORIZONS) -> Backtest:
    """Project from every origin of the history and compare with what was counted later. The stays are
    read once (:class:`backtest_starts.Stays`); each origin's start state is the one
    ``start_state(accommodations, known_at(residents, o), o)`` gives."""
    city_rows, site_rows = [], []
    stays = None
    for o in origins(residents, stand, max(horizons)):
        stays = stays or Stays(accommodations, residents)
        start = stays.start(o)
        a = default_assumptions(start, horizon_months=max(horizons) + 1)
        r = simulate(start, a, "mittel")
        obs = start.observed or {}
        ids = list(start.accommodations["id"])
        for h in horizons:
            count, actual_sites = stays.counted(_month_end(o + pd.DateOffset(months=h)))
            projected_sites = r.raw.residents[h, : start.n]
            city_rows.append({"origin": o, "horizon": h, "projected": float(r.raw.placed_cells[h].sum()
                                                                          + r.raw.unplaced_cells[h].sum()),
                              "actual": float(count),
                              "arrivals_per_month": obs.get("arrivals_per_month"),
                              "moveout_rate": obs.get("moveout_rate"), "departure_rate": obs.get("departure_rate")})
            site_rows += [{"origin": o, "horizon": h, "id": i, "projected": float(p), "actual": float(q)}
                          for i, p, q in zip(ids, projected_sites, actual_sites)]
    city = pd.DataFrame(city_rows, columns=["origin", "horizon", "projected", "actual", "arrivals_per_month",
                                            "moveout_rate", "departure_rate"])
    sites = pd.DataFrame(site_rows, columns=["origin", "horizon", "id", "projected", "actual"])
    return Backtest(city=city, sites=sites, summary=_summary(city, sites, horizons))


def _errors(df: pd.DataFrame) -> tuple[float, float, int]:
    ok = df[df["actual"] > 0]
    if not len(ok):
        return np.nan, np.nan, 0
    rel = (ok["projected"] - ok["actual"]) / ok["actual"]
    return float(rel.abs().mean()), float(rel.mean()), len(ok)


def _summary(city: pd.DataFrame, sites: pd.DataFrame, horizons) -> pd.DataFrame:
    rows = []
    for h in horizons:
        for level, df in (("Stadt", city), ("je Unterkunft", sites)):
            mape, bias, n = _errors(df[df["horizon"] == h])
            rows.append({"horizon": h, "level": level, "mape": mape, "bias": bias, "n": n})
    return pd.DataFrame(rows, columns=["horizon", "level", "mape", "bias", "n"])


def summary_display(bt: Backtest) -> pd.DataFrame:
    """The error table in German: Vorhersage, Ebene, mittlerer Fehler (MAPE), Verzerrung, Vergleiche."""
    s = bt.summary
    return pd.DataFrame({
        "Vorhersage": [f"{h} Monate voraus" for h in s["horizon"]],
        "Ebene": s["level"].astype("str"),
        "Mittlerer Fehler (MAPE)": [fmt.MISSING if pd.isna(v) else fmt.pct(v, 1) for v in s["mape"]],
        "Verzerrung": [fmt.MISSING if pd.isna(v) else fmt.signed(100 * v, 1, "%") for v in s["bias"]],
        "Vergleiche": [fmt.integer(n) for n in s["n"]],
    })


def deviation(projected: float, actual: float) -> str:
    """Projected against counted in per cent, signed (German); "–" without a count."""
    return fmt.MISSING if actual <= 0 else fmt.signed(100 * (projected - actual) / actual, 1, "%")


def city_display(bt: Backtest) -> pd.DataFrame:
    """Projected against counted, city-wide, one row per origin and horizon (German)."""
    c = bt.city
    return pd.DataFrame({
        "Projektion ab": [fmt.date(o) for o in c["origin"]],
        "für": [fmt.month(o + pd.DateOffset(months=int(h))) for o, h in zip(c["origin"], c["horizon"])],
        "Monate voraus": [fmt.integer(h) for h in c["horizon"]],
        "projiziert": [fmt.integer(v) for v in c["projected"]],
        "tatsächlich": [fmt.integer(v) for v in c["actual"]],
        "Abweichung": [deviation(p, q) for p, q in zip(c["projected"], c["actual"])],
    })


def sites_display(bt: Backtest, names: dict[str, str], horizon: int = max(HORIZONS), actual: str = "tatsächlich",
                  nearest: bool = False) -> pd.DataFrame:
    """Per accommodation for the latest origin: projected and counted ``horizon`` months later (German;
    ``actual``: the heading of the counted column; ``nearest``: without a comparison ``horizon`` months on,
    the longest horizon there is)."""
    s = bt.sites[bt.sites["horizon"] == horizon]
    if s.empty and nearest and len(bt.sites):
        s = bt.sites[bt.sites["horizon"] == bt.sites["horizon"].max()]
    if s.empty:
        return pd.DataFrame(columns=["Unterkunft", "projiziert", actual, "Abweichung"])
    s = s[s["origin"] == s["origin"].max()]
    return pd.DataFrame({
        "Unterkunft": [str(names.get(i, i)) for i in s["id"]],
        "projiziert": [fmt.integer(v) for v in s["projected"]],
        actual: [fmt.integer(v) for v in s["actual"]],
        "Abweichung": [deviation(p, q) for p, q in zip(s["projected"], s["actual"])],
    })
