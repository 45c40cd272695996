"""Earliest feasible closure month per accommodation, given the other decisions.

For an accommodation j the other closures stay as planned and j stays open in the *reference run*
(simulated once, with the state after every month kept). Closing j in month m is feasible when,
in no month, the problem (:func:`ankunft.scenario.engine.gap`: shortfall against the target
utilisation with the reserve, or unplaced persons) is larger than in the reference run (plus the
tolerance) – with a feasible reference run that is exactly the verdict's test. The earliest month
is the first such m from ``max(1, notice_months)`` on.

Months in which closing j would leave a shortfall against the target whatever the placement are
skipped without simulation (demand does not depend on placement). No full re-runs: a closure in
month m changes nothing before month m − ``SOON_MONTHS`` (capacity
is the same, flows do not depend on placement, and the placement order only looks
``SOON_MONTHS`` ahead), so each candidate resumes from the reference state of that month and
stops at the first month that fails. Accommodations without a planned closure share one
reference run.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from ankunft.core import fmt
from ankunft.scenario import engine, placement
from ankunft.scenario.inputs import Assumptions, StartState, month_key, period_month
from ankunft.scenario.results import TOLERANCE

EARLIEST_LABELS = {
    "id": "Unterkunfts-Nr.",
    "name": "Unterkunft",
    "planned": "Geplante Schließung",
    "earliest": "Frühester Monat",
    "note": "Hinweis",
}


@dataclass
class _Reference:
    ctx: engine.Context
    states: list
    gap: np.ndarray


def _reference(start: StartState, a: Assumptions, variant: str) -> _Reference:
    plan = engine.build_plan(start, a)
    ctx = engine.context(start, a, variant, plan)
    s = engine.initial(start, ctx)
    states, gaps = [s.copy()], [engine.gap(s, ctx, 0)]
    for t in range(1, ctx.T):
        engine.step(s, ctx, t)
        states.append(s.copy())
        gaps.append(engine.gap(s, ctx, t))
    return _Reference(ctx=ctx, states=states, gap=np.array(gaps))


def _candidate_ctx(ref: _Reference, j: int, m: int) -> engine.Context:
    """The reference context with accommodation j closing in period m."""
    ctx = ref.ctx
    close_at = ctx.plan.close_at.copy()
    close_at[j] = m
    cap = ctx.cap.copy()
    cap[m:, j] = 0.0
    rank = ctx.rank.copy()
    for t in range(max(0, m - placement.SOON_MONTHS), m):
        rank[t] = placement.ranking(close_at, ctx.plan.capacity, t, ctx.T)
    return replace(ctx, plan=replace(ctx.plan, close_at=close_at), cap=cap,
                   limit=np.floor(cap * ctx.target + 1e-9), rank=rank)


def _feasible_from(ref: _Reference, j: int, m: int) -> bool:
    ctx = _candidate_ctx(ref, j, m)
    first = max(1, m - placement.SOON_MONTHS)
    s = ref.states[first - 1].copy()
    allowed = np.maximum(ref.gap, 0.0) + TOLERANCE
    for t in range(first, ctx.T):
        engine.step(s, ctx, t)
        if engine.gap(s, ctx, t) > allowed[t]:
            return False
    return True


def _first_possible(ref: _Reference, j: int) -> int:
    """No candidate before the month after the last month in which closing j alone (without any
    placement) already leaves a shortfall against the target larger than allowed: demand does not
    depend on placement, so this needs no simulation."""
    ctx = ref.ctx
    states = ref.states
    demand = np.array([(s.H.sum(axis=0) + s.U) @ engine.SIZE for s in states])
    cap_without = ctx.cap.sum(axis=1) - ctx.cap[:, j]
    target = np.maximum(cap_without * ctx.target - ctx.reserve_places, 0.0)
    fails = np.flatnonzero(demand - target > np.maximum(ref.gap, 0.0) + TOLERANCE)
    return int(fails[-1]) + 1 if len(fails) else 1


def earliest_period(start: StartState, a: Assumptions, site_id: str, variant: str = "mittel",
                    reference: _Reference | None = None) -> int | None:
    """First period in which ``site_id`` can close (None: not within the horizon)."""
    ref = reference or _reference(start, a.replace(closures={**a.closures, site_id: None}), variant)
    j = ref.ctx.plan.ids.index(site_id)
    for m in range(max(1, int(a.notice_months), _first_possible(ref, j)), ref.ctx.T):
        if _feasible_from(ref, j, m):
            return m
    return None


def earliest_table(start: StartState, a: Assumptions, variant: str = "mittel") -> pd.DataFrame:
    """One row per accommodation in operation: planned closure month, earliest feasible month
    (German month labels; "nicht im Zeitraum" when none) and a note when the plan without this
    closure already falls short (then the earliest month is the one that does not make it worse).
    Columns: the keys of ``EARLIEST_LABELS`` plus ``earliest_period`` and ``planned_period``."""
    acc = start.accommodations
    shared = _reference(start, a, variant)
    rows = []
    for j in range(start.n):
        if acc["closed"].iat[j] or acc["reserve"].iat[j]:
            continue
        sid = str(acc["id"].iat[j])
        planned = a.closures.get(sid)
        ref = _reference(start, a.replace(closures={**a.closures, sid: None}), variant) if planned else shared
        m = earliest_period(start, a, sid, variant, ref)
        planned_t = int(shared.ctx.plan.close_at[j]) if planned else None
        short = float(ref.gap.max(initial=0.0)) > TOLERANCE
        rows.append({
            "id": sid, "name": str(acc["name"].iat[j]),
            "planned": fmt.month(period_month(start.stichtag, planned_t)) if planned_t is not None else "",
            "earliest": fmt.month(period_month(start.stichtag, m)) if m is not None else "nicht im Zeitraum",
            "note": ("schon ohne diese Schließung fehlen Plätze: frühester Monat, der das nicht verschlimmert"
                     if short else "" if m is not None else _never(start, a, shared.ctx.T)),
            "earliest_period": m, "planned_period": planned_t,
        })
    cols = [*EARLIEST_LABELS, "earliest_period", "planned_period"]
    return pd.DataFrame(rows, columns=cols)


def _never(start: StartState, a: Assumptions, T: int) -> str:
    """Why an accommodation cannot close within the horizon (the plan without its closure is fine)."""
    first = max(1, int(a.notice_months))
    if first >= T:
        return (f"Vorlauf von {fmt.plural(first, 'Monat', 'Monaten')} reicht über den Zeitraum hinaus "
                f"(bis {fmt.month(period_month(start.stichtag, T - 1))})")
    return (f"auch bei Schließung im {fmt.month(period_month(start.stichtag, T - 1))} fehlten Plätze oder "
            "Haushalte blieben ohne Unterkunft (Haushalte werden nicht getrennt)")


def earliest_key(start: StartState, t: int | None) -> str | None:
    """The month key ("2027-03") of a period (None stays None)."""
    return None if t is None else month_key(period_month(start.stichtag, t))
