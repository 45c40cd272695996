"""Back-test from the stored Stände themselves: how far did each Stand's projection hit the occupancy
recorded at the later Stände?

From every stored Stand (its accommodations table and, where present, its residents file) the start
state and the default assumptions are derived exactly as the Szenarien page derives them at that
Stand, and the engine projects 6 and 12 months ahead (middle variant). The projection is compared
with the occupancy recorded in the accommodations table of a later Stand ``h`` months on – or, when
no Stand lies exactly ``h`` months on, one ``h ± 1`` months on (then at that Stand's month, so
projection and count always refer to the same month). City-wide: projected persons (placed and
unplaced) against the recorded occupancy of all accommodations; per accommodation: projected
residents against the recorded occupancy of the same accommodation (by id). Errors as in
:mod:`backtest`: MAPE and bias (positive = the projection was too high).

:func:`stand_backtest` takes the Stände as :class:`StandPoint` (date, accommodations, residents);
fewer than two Stände give :data:`TOO_FEW` as the reason instead of a result.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from ankunft.core import fmt, glossary
from ankunft.scenario import backtest as bt_mod
from ankunft.scenario.backtest import HORIZONS, Backtest, _summary
from ankunft.scenario.inputs import default_assumptions, month_index, start_state
from ankunft.scenario.results import simulate

SLACK_MONTHS = 1  # a later Stand h ± 1 months on stands in for one exactly h months on
TOO_FEW = ("Für einen Rückblick braucht es mindestens zwei Stichtage mit Unterkunftsliste im Datenbestand; "
           "bisher ist {have} gespeichert. Sobald ein späterer Stand importiert ist, wird die damalige Projektion "
           "mit der dann erfassten Belegung verglichen.")
NO_PAIRS = ("Für einen Rückblick liegen die gespeicherten Stichtage nicht 6 oder 12 Monate (± 1 Monat) "
            "auseinander ({stands}). Sobald ein Stand etwa ein halbes Jahr nach einem früheren gespeichert ist, "
            "erscheint hier der Vergleich.")


@dataclass(frozen=True)
class StandPoint:
    """One stored Stand: its date, its accommodations table and its residents file (or None)."""

    stand: dt.date
    accommodations: pd.DataFrame
    residents: pd.DataFrame | None = None


@dataclass
class StandBacktest:
    """The result: ``backtest`` (city, sites, summary as in :class:`backtest.Backtest`, city rows
    with ``target`` = the later Stand and ``gap`` = months between the two) or ``reason`` (German)
    why there is none; ``notes``: what was left out (German)."""

    backtest: Backtest | None
    reason: str | None
    notes: tuple[str, ...] = ()


def _recorded(acc: pd.DataFrame) -> pd.Series:
    """Recorded occupancy per accommodation id (missing values stay missing)."""
    a = glossary.conform("accommodations", acc)
    return pd.Series(pd.to_numeric(a["occupancy"], errors="coerce").to_numpy(dtype="float64"),
                     index=a["id"].astype("str").to_numpy())


def _later(points: list[StandPoint], i: int, h: int) -> tuple[int, int] | None:
    """The later Stand that stands in for ``h`` months after Stand ``i``: (index, gap) or None."""
    best = None
    for j in range(i + 1, len(points)):
        gap = month_index(points[i].stand, points[j].stand)
        if gap is None or abs(gap - h) > SLACK_MONTHS:
            continue
        key = (abs(gap - h), -gap)
        if best is None or key < best[0]:
            best = (key, j, gap)
    return None if best is None else (best[1], best[2])


def stand_backtest(points: list[StandPoint], horizons: tuple[int, ...] = HORIZONS) -> StandBacktest:
    """Project from every stored Stand and compare with the occupancy recorded at the later ones."""
    points = sorted(points, key=lambda p: p.stand)
    if len(points) < 2:
        return StandBacktest(None, TOO_FEW.format(have="erst einer" if points else "noch keiner"))
    city_rows, site_rows, notes = [], [], []
    skipped_errors, partial = [], []
    for i, p in enumerate(points):
        pairs = [(h, *hit) for h in horizons if (hit := _later(points, i, h)) is not None]
        if not pairs:
            continue
        start = start_state(p.accommodations, p.residents, p.stand)
        if start.errors:
            skipped_errors.append(fmt.date(p.stand))
            continue
        a = default_assumptions(start, horizon_months=max(g for _, _, g in pairs) + 1)
        r = simulate(start, a, "mittel")
        obs = start.observed or {}
        ids = [str(x) for x in start.accommodations["id"]]
        for h, j, gap in pairs:
            rec = _recorded(points[j].accommodations)
            projected_sites = r.raw.residents[gap, : start.n]
            if rec.notna().all():
                city_rows.append({
                    "origin": pd.Timestamp(p.stand), "horizon": h, "gap": gap,
                    "target": pd.Timestamp(points[j].stand),
                    "projected": float(r.raw.placed_cells[gap].sum() + r.raw.unplaced_cells[gap].sum()),
                    "actual": float(rec.sum()), "estimated": bool(start.estimated),
                    "arrivals_per_month": obs.get("arrivals_per_month"), "moveout_rate": obs.get("moveout_rate"),
                    "departure_rate": obs.get("departure_rate")})
            else:
                partial.append(fmt.date(points[j].stand))
            site_rows += [{"origin": pd.Timestamp(p.stand), "horizon": h, "gap": gap,
                           "target": pd.Timestamp(points[j].stand), "id": k, "projected": float(v),
                           "actual": float(rec[k])}
                          for k, v in zip(ids, projected_sites) if k in rec.index and pd.notna(rec[k])]
    if skipped_errors:
        notes.append("Nicht zurückgerechnet (Eingabefehler in der Unterkunftsliste): Stand "
                     + ", ".join(sorted(set(skipped_errors))) + ".")
    if partial:
        notes.append("Stadtweit nicht verglichen, weil die Belegung nicht für jede Unterkunft erfasst ist: Stand "
                     + ", ".join(sorted(set(partial))) + ".")
    if not city_rows and not site_rows:
        stands = ", ".join(fmt.date(p.stand) for p in points)
        return StandBacktest(None, NO_PAIRS.format(stands=stands) if not skipped_errors else notes[0], tuple(notes))
    city = pd.DataFrame(city_rows, columns=["origin", "horizon", "gap", "target", "projected", "actual", "estimated",
                                            "arrivals_per_month", "moveout_rate", "departure_rate"])
    sites = pd.DataFrame(site_rows, columns=["origin", "horizon", "gap", "target", "id", "projected", "actual"])
    return StandBacktest(Backtest(city=city, sites=sites, summary=_summary(city, sites, horizons)), None, tuple(notes))


def city_display(bt: Backtest) -> pd.DataFrame:
    """City-wide, one row per Stand and horizon: projected against recorded (German)."""
    c = bt.city
    return pd.DataFrame({
        "Projektion ab Stand": [fmt.date(o) for o in c["origin"]],
        "verglichen mit Stand": [fmt.date(t) for t in c["target"]],
        "Monate voraus": [fmt.integer(g) for g in c["gap"]],
        "projiziert": [fmt.integer(v) for v in c["projected"]],
        "erfasste Belegung": [fmt.integer(v) for v in c["actual"]],
        "Abweichung": [bt_mod.deviation(p, q) for p, q in zip(c["projected"], c["actual"])],
    }, columns=["Projektion ab Stand", "verglichen mit Stand", "Monate voraus", "projiziert", "erfasste Belegung",
                "Abweichung"])


def sites_display(bt: Backtest, names: dict[str, str], horizon: int = max(HORIZONS)) -> pd.DataFrame:
    """Per accommodation for the latest Stand with a comparison ``horizon`` months on (else the longest
    there is; German)."""
    return bt_mod.sites_display(bt, names, horizon, actual="erfasste Belegung", nearest=True)


def points_of(states) -> list[StandPoint]:
    """The Stände of a list of data states (``storage.state.DataState``): one point per Stichtag of the
    accommodations table (a state whose accommodations come from an earlier Stichtag adds nothing)."""
    out: dict[dt.date, StandPoint] = {}
    for s in states:
        if not s.has("accommodations"):
            continue
        day = s.stichtag("accommodations") or s.stand
        residents = s.df("residents") if s.has("residents") else None
        out.setdefault(day, StandPoint(day, s.df("accommodations"), residents))
    return [out[d] for d in sorted(out)]
