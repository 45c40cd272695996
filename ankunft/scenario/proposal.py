""""Vorschlag": a closure order and dates that re-simulate as feasible and save the most.

**Pinned decisions**: closures already decided – accommodations "in Schließung" and those the
officer marked (``Assumptions.pinned``) – are kept exactly as they are (month or none); the proposal
only adds closures of the other accommodations.

A closure is accepted when in no month the problem (:func:`results.gap_series`: shortfall against
the target utilisation, reserve included, or unplaced persons) is larger than with the decided
closures alone (normally: none at all), and when it lowers the net cost, so nothing is closed where
the city would only pay twice. Whether a plan is *feasible* ("Umsetzbar" in the comparison) is the
verdict's own test on the same simulation (``Result.feasible``), so the proposal and the verdict
beside it cannot contradict each other.

Strategies compared (each a greedy pass that adds one closure at a time and keeps it only if the
re-simulated plan stays feasible and saves more):

* "nach Kosten je Platz" (simple): most expensive places first, each at the earliest month
  (``notice_months`` from now), regardless of the lease;
* "nach Mietende" (simple): earliest lease end first, each in the month after its lease ends;
* "Vorschlag": ordered by the rent that can actually be saved within the horizon (places × cost ×
  months after the lease end), each at the month after its lease end or, when that is not
  feasible, at the first later month (steps of 3 months) that is.

The proposal is the best feasible of these (the "Vorschlag" strategy unless a simple one is better).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ankunft.core import fmt
from ankunft.scenario.engine import build_plan, run
from ankunft.scenario.inputs import Assumptions, StartState, month_index, period_month
from ankunft.scenario.results import TOLERANCE, Result, gap_series, net_cost, simulate

ORDER_COST = "nach Kosten je Platz"
ORDER_LEASE = "nach Mietende"
ORDER_PROPOSAL = "Vorschlag"
ORDER_CURRENT = "aktueller Plan"
DATE_STEP = 3

PROPOSAL_LABELS = {
    "order": "Reihenfolge",
    "feasible": "Umsetzbar",
    "saving": "Einsparung (€)",
    "closures": "Schließungen",
    "plan": "Unterkünfte und Monate",
}


@dataclass
class Proposal:
    """The proposed plan.

    Attributes:
        assumptions: the input assumptions with ``closures`` replaced by the proposal.
        result: the proposal re-simulated (``result.feasible`` is the check shown to the user).
        order: accommodation ids in closure order; ``closures`` maps id → "YYYY-MM".
        strategy: which strategy produced the plan (normally "Vorschlag").
        comparison: one row per strategy (and the current plan): order, feasible, saving,
            closures, plan (German text); German titles in ``PROPOSAL_LABELS``.
        notes: German remarks (e.g. when a shortfall exists even without closures).
    """

    assumptions: Assumptions
    result: Result
    order: list[str]
    closures: dict[str, str]
    strategy: str
    comparison: pd.DataFrame
    notes: tuple[str, ...]


def pinned_ids(start: StartState, a: Assumptions) -> set[str]:
    """Accommodations whose closure is decided: status "in Schließung" or marked by the officer."""
    acc = start.accommodations
    decided = set(acc.loc[(acc["status"] == "in Schließung") & ~acc["closed"], "id"].astype(str))
    return decided | {str(p) for p in a.pinned}


class _Evaluator:
    """Fast re-simulation of closure sets (engine arrays only, no tables). The decided (pinned)
    closures are part of every evaluation and of the reference run."""

    def __init__(self, start: StartState, assumptions: Assumptions, variant: str):
        self.start = start
        self.variant = variant
        self.pinned = pinned_ids(start, assumptions)
        self.fixed = {k: v for k, v in assumptions.closures.items() if k in self.pinned}
        self.base_a = assumptions.replace(closures={**{k: None for k in assumptions.closures}, **self.fixed})
        gap, net = self._measure(self.base_a)
        self.base_gap = gap
        self.base_net = float(net.sum())

    def _measure(self, a: Assumptions) -> tuple[np.ndarray, np.ndarray]:
        raw = run(self.start, a, self.variant, build_plan(self.start, a))
        net, _ = net_cost(raw, a)
        return gap_series(raw, a), net

    def assumptions(self, closures: dict[str, int]) -> Assumptions:
        """The assumptions with the decided closures and these (id → period)."""
        return self.base_a.replace(closures={**self.base_a.closures, **{
            k: _month_key(self.start, t) for k, t in closures.items() if k not in self.pinned}})

    def evaluate(self, closures: dict[str, int]) -> tuple[bool, float]:
        """(acceptable, saving vs. the decided closures alone) for closures given as id → period."""
        gap, net = self._measure(self.assumptions(closures))
        ok = bool(np.all(gap <= np.maximum(self.base_gap, 0.0) + TOLERANCE))
        return ok, self.base_net - float(net.sum())


def _month_key(start: StartState, t: int) -> str:
    m = period_month(start.stichtag, t)
    return f"{m.year:04d}-{m.month:02d}"


def _candidates(start: StartState, a: Assumptions, pinned: set[str]) -> pd.DataFrame:
    plan = build_plan(start, a.replace(closures={}))
    acc = start.accommodations
    T = int(a.horizon_months)
    rows = []
    for j in range(start.n):
        if acc["closed"].iat[j] or acc["reserve"].iat[j] or plan.capacity[j] <= 0 or plan.ids[j] in pinned:
            continue
        lease_last = int(plan.lease_last[j])
        earliest = max(int(a.notice_months), 1)
        after_lease = max(earliest, lease_last + 1)
        monthly = float(plan.capacity[j] * plan.cost[j])
        rows.append({
            "id": plan.ids[j],
            "cost_per_place": float(plan.cost[j]),
            "lease_last": lease_last if lease_last >= 0 else None,
            "earliest": earliest,
            "after_lease": after_lease,
            "value": monthly * max(0, T - after_lease),
        })
    return pd.DataFrame(rows, columns=["id", "cost_per_place", "lease_last", "earliest", "after_lease", "value"])


def _greedy(ev: _Evaluator, cands: pd.DataFrame, month_col: str, T: int, search_later: bool) -> tuple[dict, float]:
    """Add closures in the given order; keep one only if the plan stays feasible and saves more.

    With ``search_later`` a closure that is not feasible in its first month is tried every
    ``DATE_STEP`` months later; a hit is then moved back month by month as long as that stays
    feasible and saves more (so the date is exact to the month).
    """
    chosen: dict[str, int] = {}
    best_saving = 0.0
    for _, row in cands.iterrows():
        key = row["id"]
        first = int(row[month_col])
        dates = range(first, T, DATE_STEP) if search_later else [first]
        for t in dates:
            if t >= T:
                break
            feasible, saving = ev.evaluate({**chosen, key: t})
            if not (feasible and saving > best_saving + 1.0):
                continue
            if search_later:
                for u in range(t - 1, max(first, t - DATE_STEP + 1) - 1, -1):
                    ok, s_u = ev.evaluate({**chosen, key: u})
                    if not (ok and s_u > saving):
                        break
                    t, saving = u, s_u
            chosen, best_saving = {**chosen, key: t}, saving
            break
    return chosen, best_saving


def _describe(start: StartState, closures: dict[str, int], pinned: set[str] = frozenset()) -> str:
    names = dict(zip(start.accommodations["id"], start.accommodations["name"]))
    items = sorted(closures.items(), key=lambda kv: kv[1])
    return "; ".join(f"{names.get(k, k)}: {fmt.month(period_month(start.stichtag, t))}"
                     + (" (beschlossen)" if k in pinned else "") for k, t in items) or "keine"


def propose(start: StartState, assumptions: Assumptions, variant: str = "mittel") -> Proposal:
    """Propose closures (order and months) that keep the decided ones, stay feasible under the
    assumptions and save the most."""
    T = int(assumptions.horizon_months)
    ev = _Evaluator(start, assumptions, variant)
    cands = _candidates(start, assumptions, ev.pinned)
    notes: list[str] = []
    if float(ev.base_gap.max(initial=0.0)) > TOLERANCE:
        notes.append("Schon ohne weitere Schließungen fehlen Plätze gegenüber der Zielauslastung; vorgeschlagen "
                     "wird nur, was den Fehlbedarf nicht vergrößert.")
    if ev.pinned:
        notes.append("Beschlossene Schließungen bleiben, wie sie sind: " + _describe_pinned(start, ev) + ".")
    runs: dict[str, tuple[dict, float]] = {}
    by_cost = cands.sort_values(["cost_per_place", "value"], ascending=[False, False], kind="stable")
    runs[ORDER_COST] = _greedy(ev, by_cost, "earliest", T, search_later=False)
    by_lease = cands.assign(_k=cands["lease_last"].astype("float64").fillna(-1.0)).sort_values(
        ["_k", "value"], ascending=[True, False], kind="stable")
    runs[ORDER_LEASE] = _greedy(ev, by_lease, "after_lease", T, search_later=False)
    by_value = cands[cands["value"] > 0].sort_values("value", ascending=False, kind="stable")
    runs[ORDER_PROPOSAL] = _greedy(ev, by_value, "after_lease", T, search_later=True)

    strategy = max(runs, key=lambda k: (runs[k][1], k == ORDER_PROPOSAL))
    chosen, _ = runs[strategy]
    if strategy != ORDER_PROPOSAL:
        notes.append(f"Die Reihenfolge „{strategy}“ spart hier am meisten und wird vorgeschlagen.")
    proposed_a = ev.assumptions(chosen)
    result = simulate(start, proposed_a, variant, name=ORDER_PROPOSAL)
    closures = {k: v for k, v in sorted(proposed_a.closures.items(), key=lambda kv: kv[1] or "") if v}
    order = [k for k, _ in sorted(chosen.items(), key=lambda kv: kv[1])]
    comparison = _comparison(start, assumptions, variant, ev, runs, (chosen, result))
    return Proposal(assumptions=proposed_a, result=result, order=order, closures=closures,
                    strategy=strategy, comparison=comparison, notes=tuple(notes))


def _describe_pinned(start: StartState, ev: _Evaluator) -> str:
    names = dict(zip(start.accommodations["id"], start.accommodations["name"]))
    parts = []
    for k in sorted(ev.pinned, key=lambda i: names.get(i, i)):
        t = _period(start, ev.fixed.get(k)) if ev.fixed.get(k) else None
        parts.append(f"{names.get(k, k)} " + ("bleibt offen" if t is None else
                                               f"schließt {fmt.month(period_month(start.stichtag, t))}"))
    return "; ".join(parts)


def _comparison(start: StartState, assumptions: Assumptions, variant: str, ev: _Evaluator, runs: dict,
                proposed: tuple[dict, Result]) -> pd.DataFrame:
    """One row per strategy and the current plan. "feasible" is the verdict's own test
    (``Result.feasible``) on the plan's simulation – for the proposal the very result shown."""
    fixed = {k: _period(start, v) for k, v in ev.fixed.items() if v}
    cur = {k: _period(start, v) for k, v in assumptions.closures.items() if v and k not in ev.pinned}
    rows = [{"order": ORDER_CURRENT, "feasible": simulate(start, assumptions, variant).feasible,
             "saving": ev.evaluate(cur)[1], "closures": len(cur) + len(fixed),
             "plan": _describe(start, {**fixed, **cur}, ev.pinned)}]
    for name in (ORDER_COST, ORDER_LEASE, ORDER_PROPOSAL):
        ch, saving = runs[name]
        ok = proposed[1].feasible if ch == proposed[0] else simulate(start, ev.assumptions(ch), variant).feasible
        rows.append({"order": name, "feasible": ok, "saving": saving, "closures": len(ch) + len(fixed),
                     "plan": _describe(start, {**fixed, **ch}, ev.pinned)})
    comparison = pd.DataFrame(rows, columns=list(PROPOSAL_LABELS))
    comparison["plan"] = comparison["plan"].astype("str")
    comparison["order"] = comparison["order"].astype("str")
    return comparison


def _period(start: StartState, value) -> int:
    t = month_index(start.stichtag, value)
    return max(1, int(t)) if t is not None else 1
