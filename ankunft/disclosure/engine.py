"""Primary and secondary suppression over cells and linear relations.

The engine knows nothing about tables: it gets cells (key -> true value), relations
(sum(coefficient * cell) == 0) and cells that were published before (fixed: their published
value, or the range their marker reveals). Table, series and linked-table helpers in
`protect.py` build these.

Rules, in this order:
1. Primary: a count 1..threshold (0..threshold with `suppress_zero`) → PRIMARY; optional dominance
   rule (one unit holds >= the dominance share of a cell) → DOMINANCE.
2. Line rule: every relation that contains exactly one hidden cell gets a second one: the
   cheapest published, non-zero cell of that relation — lowest cost tier first (``priority``:
   totals and headline figures of a publication are expensive), then the smallest (ties: a cell
   whose other relations already hide something, then reading order). Repeated until stable.
3. Audit loop: the auditor (`audit.System.exact`) tries to recompute every hidden cell from the
   relations and the marker ranges. For the first cell that comes out exact, the cheapest
   published cell that makes it inexact is hidden as well (searched in its relations, then in
   relations reached through other hidden cells); when the markers alone give it away
   (a total `≤2` with two parts `≤2` and zeros published: 1 + 1 = 2), a small count in its
   relations is shown as `•` instead (MASKED). Then rule 2 and the audit run again.
Zeros are never used as complements when zeros are published (a hidden 0 could be told apart from
a hidden small count). A hidden small count that nothing can protect (it follows from earlier
publications alone) is returned as residual; a complement in that situation is published again.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Mapping

from ankunft.disclosure.audit import System
from ankunft.disclosure.config import (
    DOMINANCE,
    MASKED,
    PRIMARY,
    PUBLISHED,
    SECONDARY,
    SUPPRESSED_STATUSES,
    DisclosureConfig,
)

Key = Hashable
MAX_TRIALS = 8


def dominated(contributions: Mapping[Hashable, float] | None, share: float | None) -> bool:
    """Does one unit hold at least `share` of the (positive) total of `contributions`?"""
    if not share or not contributions:
        return False
    parts = [float(v) for v in contributions.values() if v is not None and not math.isnan(float(v))]
    total = sum(parts)
    if total <= 0:
        return False
    return max(parts) / total >= share - 1e-12


class Problem:
    """Cells to publish, cells published earlier, and the relations between them."""

    def __init__(self):
        self.values: dict[Key, float] = {}
        self.signed: set[Key] = set()
        self.contributions: dict[Key, Mapping] = {}
        self.fixed_known: dict[Key, float] = {}
        self.fixed_hidden: dict[Key, tuple[float, float]] = {}
        self.relations: list[dict[Key, float]] = []
        self.priority: dict[Key, int] = {}  # cost tier of a complement: higher = hidden only as a last resort
        self._order: dict[Key, int] = {}

    def add_cell(self, key: Key, value: float, *, signed: bool = False, contributions: Mapping | None = None):
        value = float(value)
        if math.isnan(value) or value != round(value):
            raise ValueError(f"Zelle {key!r}: Anzahl muss eine ganze Zahl sein, nicht {value!r}")
        if value < 0 and not signed:
            raise ValueError(f"Zelle {key!r}: negative Anzahl {value:g}")
        self._register(key)
        self.values[key] = value
        if signed:
            self.signed.add(key)
        if contributions is not None:
            self.contributions[key] = contributions

    def add_fixed(self, key: Key, value: float | None, bounds: tuple[float, float] | None = None):
        """A cell published earlier: its value, or (value None) the range its marker revealed."""
        self._register(key)
        if value is None:
            self.fixed_hidden[key] = bounds if bounds is not None else (0.0, math.inf)
        else:
            self.fixed_known[key] = float(value)

    def add_relation(self, relation: Mapping[Key, float]):
        rel = {k: float(c) for k, c in relation.items() if c != 0}
        for key in rel:
            if key not in self._order:
                raise KeyError(f"Beziehung nennt unbekannte Zelle {key!r}")
        if len(rel) >= 2:
            self.relations.append(rel)

    def _register(self, key: Key):
        if key in self._order:
            raise ValueError(f"Zelle {key!r} doppelt angegeben")
        self._order[key] = len(self._order)

    # --- solving --------------------------------------------------------------------------
    def check_relations(self):
        """Every relation must hold for the true values (as far as they are known)."""
        for rel in self.relations:
            if all(k in self.values or k in self.fixed_known for k in rel):
                total = sum(c * self.values.get(k, self.fixed_known.get(k, 0.0)) for k, c in rel.items())
                if abs(total) > 1e-6:
                    names = ", ".join(repr(k) for k in rel)
                    raise ValueError(f"Summenbeziehung geht nicht auf ({names}): Abweichung {total:g}")

    def solve(self, cfg: DisclosureConfig) -> tuple[dict[Key, str], list[Key]]:
        """Status per current cell and the hidden cells that stay recomputable (residual)."""
        self.check_relations()
        status: dict[Key, str] = {}
        for key, value in self.values.items():
            if key in self.signed:
                status[key] = PUBLISHED
            elif cfg.is_small(value):
                status[key] = PRIMARY
            elif cfg.dominance and value > 0 and dominated(self.contributions.get(key), cfg.dominance):
                status[key] = DOMINANCE
            else:
                status[key] = PUBLISHED
        self._status = status
        self._cfg = cfg
        self._by_cell: dict[Key, list[int]] = {}
        for i, rel in enumerate(self.relations):
            for key in rel:
                self._by_cell.setdefault(key, []).append(i)

        residual: set[Key] = set()
        self._pinned: set[Key] = set()
        while True:
            self._line_rule()
            system = self._system()
            watch = [k for k in system.keys if k not in residual]
            exact = system.exact(watch, seed=self.values)
            if not exact:
                break
            target = min(exact, key=lambda k: self._order[k])
            move = self._protect(target)
            if move is None:
                if self._status.get(target) == SECONDARY:
                    # known from earlier publications anyway: hiding it protects nothing
                    self._status[target] = PUBLISHED
                    self._pinned.add(target)
                else:
                    residual.add(target)
            else:
                self._status[move[0]] = move[1]
        return dict(self._status), sorted(residual, key=lambda k: self._order[k])

    def _hidden(self, key: Key) -> bool:
        return key in self.fixed_hidden or self._status.get(key) in SUPPRESSED_STATUSES

    def _eligible(self, key: Key) -> bool:
        return (self._status.get(key) == PUBLISHED and key not in self._pinned
                and (key in self.signed or self.values[key] != 0))

    def _cost(self, key: Key, skip_relation: int | None = None):
        closes = any(i != skip_relation and any(self._hidden(k) for k in self.relations[i] if k != key)
                     for i in self._by_cell.get(key, ()))
        return (self.priority.get(key, 0), abs(self.values[key]), 0 if closes else 1, self._order[key])

    def _line_rule(self):
        changed = True
        while changed:
            changed = False
            for i, rel in enumerate(self.relations):
                hidden = [k for k in rel if self._hidden(k)]
                if len(hidden) != 1:
                    continue
                candidates = [k for k in rel if self._eligible(k)]
                if candidates:
                    best = min(candidates, key=lambda k: self._cost(k, i))
                    self._status[best] = SECONDARY
                    changed = True

    def _system(self, relations: list[dict] | None = None) -> System:
        relations = self.relations if relations is None else relations
        cells = None if relations is self.relations else {k for rel in relations for k in rel}
        known = {}
        hidden = {}
        for key, value in self.fixed_known.items():
            if cells is None or key in cells:
                known[key] = value
        for key, bound in self.fixed_hidden.items():
            if cells is None or key in cells:
                hidden[key] = bound
        for key, value in self.values.items():
            if cells is not None and key not in cells:
                continue
            st = self._status[key]
            if st in SUPPRESSED_STATUSES:
                hidden[key] = self._cfg.bounds(st, key in self.signed)
            else:
                known[key] = value
        return System(known, hidden, relations)

    def _rings(self, target: Key):
        """Candidate complements for `target`, nearest relations first."""
        seen_cells = {target}
        frontier = [target]
        seen_rel: set[int] = set()
        while frontier:
            ring: list[Key] = []
            next_frontier: list[Key] = []
            for cell in frontier:
                for i in self._by_cell.get(cell, ()):
                    if i in seen_rel:
                        continue
                    seen_rel.add(i)
                    for k in self.relations[i]:
                        if k in seen_cells:
                            continue
                        seen_cells.add(k)
                        if self._eligible(k):
                            ring.append(k)
                        elif self._hidden(k):
                            next_frontier.append(k)
            if ring:
                yield sorted(ring, key=self._cost)
            frontier = next_frontier

    def _frees(self, target: Key, key: Key, new_status: str) -> bool:
        old = self._status[key]
        self._status[key] = new_status
        try:
            # fewer relations can only widen the range: exact with the target's own relations
            # means exact with all of them (cheap test first)
            local = [self.relations[i] for i in self._by_cell.get(target, ())]
            if target in self._system(local).exact([target], seed=self.values):
                return False
            return target not in self._system().exact([target], seed=self.values)
        finally:
            self._status[key] = old

    def _maskable(self, target: Key) -> list[Key]:
        """Hidden small counts connected to the target through relations and hidden cells:
        nearest first, totals (coefficient −1) before parts, the target itself included."""
        found: dict[Key, tuple] = {}
        if self._status.get(target) == PRIMARY:
            found[target] = (0, 1, self._order[target])
        frontier, seen_rel, seen = [target], set(), {target}
        depth = 0
        while frontier:
            nxt = []
            for cell in frontier:
                for i in self._by_cell.get(cell, ()):
                    if i in seen_rel:
                        continue
                    seen_rel.add(i)
                    for key, coef in self.relations[i].items():
                        if key in seen or not self._hidden(key):
                            continue
                        seen.add(key)
                        nxt.append(key)
                        if self._status.get(key) == PRIMARY:
                            found[key] = (depth, 0 if coef < 0 else 1, self._order[key])
            frontier, depth = nxt, depth + 1
        return sorted(found, key=found.get)

    def _exact_if(self, target: Key, hide: bool, mask: bool) -> bool:
        """Would the target stay exact if every publishable cell were hidden (and every small count
        masked)? Then hiding (masking) more cannot help."""
        saved = dict(self._status)
        for key in self.values:
            if hide and self._eligible(key):
                self._status[key] = SECONDARY
            elif mask and self._status[key] == PRIMARY:
                self._status[key] = MASKED
        exact = target in self._system().exact([target], seed=self.values)
        self._status.clear()
        self._status.update(saved)
        return exact

    def _protect(self, target: Key) -> tuple[Key, str] | None:
        """The next move for an exposed cell: (cell, new status), or None if nothing can help.

        1. hide a published cell that makes the target inexact (cheapest first; cells with a cost tier
           (``priority``) only after 2.);
        2. show a small count in its relations as `•` instead of `≤2` (MASKED) if that helps;
        3. otherwise make progress: hide the cheapest candidate, or, when hiding cannot help
           (the markers alone give the target away), mask a small count."""
        if self._exact_if(target, hide=True, mask=True):
            return None  # follows from earlier publications alone
        rings = list(self._rings(target))
        first_ring = rings[0] if rings else []
        cheap = [k for k in first_ring if not self.priority.get(k, 0)]
        for key in cheap[:MAX_TRIALS]:
            if self._frees(target, key, SECONDARY):
                return key, SECONDARY
        maskable = self._maskable(target)
        for key in maskable[:MAX_TRIALS]:  # "•" instead of "≤2" costs less than hiding a total
            if self._frees(target, key, MASKED):
                return key, MASKED
        tiers = sorted({self.priority.get(k, 0) for ring in rings for k in ring})
        for tier in tiers:  # cheaper cost tiers first, in every ring, before a dearer one anywhere
            for i, ring in enumerate(rings):
                if i == 0 and tier == 0:
                    continue  # tried above
                for key in [k for k in ring if self.priority.get(k, 0) == tier][:MAX_TRIALS]:
                    if self._frees(target, key, SECONDARY):
                        return key, SECONDARY
        if rings and not (maskable and self._exact_if(target, hide=True, mask=False)):
            # progress: the cheapest cost tier, nearest ring first (without tiers: the first ring's cheapest)
            key = min(((self.priority.get(k, 0), i, j), k) for i, ring in enumerate(rings)
                      for j, k in enumerate(ring))[1]
            return key, SECONDARY
        if maskable:
            return maskable[0], MASKED
        return None
