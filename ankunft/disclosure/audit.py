"""The auditor: try to recompute every hidden figure from everything that is published.

Everything published on a screen or in an export is a set of cells (known numbers or hidden
markers) and linear relations between them (a total is the sum of its parts, the same number
appears in two charts, now = previous + change). Each relation is a mapping cell -> coefficient
meaning ``sum(coefficient * cell) == 0``.

A hidden cell is recomputed exactly when
- **linear**: its unit vector lies in the row space of the relations restricted to the hidden
  cells (rank test via SVD), i.e. the published sums alone give it; or
- **bounds**: the relations together with what the markers reveal (`≤2` means 1..2 when zeros
  are published, `•` means more than 2, counts are never negative) leave only one integer:
  the interval attack of statistical offices, solved as two linear programmes per cell.
The interval is computed for the linear relaxation; for tables with margins and for
hierarchical links (totally unimodular systems) it equals the integer interval.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass

import numpy as np

from ankunft.core import fmt
from ankunft.disclosure.config import DEFAULT, HIDDEN_MARKER, PRIMARY, SECONDARY, DisclosureConfig
from ankunft.disclosure.lp import Infeasible, Polytope

EPS = 1e-6
Key = Hashable
Relation = Mapping[Key, float]


@dataclass(frozen=True)
class Recomputed:
    """A hidden cell an attacker can recompute exactly."""

    key: Key
    value: float
    how: str  # "linear" (from the sums alone) or "bounds" (sums plus what the markers reveal)

    def __str__(self) -> str:
        art = "aus den Summen" if self.how == "linear" else "aus Summen und Wertebereichen"
        return f"{self.key}: {fmt.integer(self.value)} ({art} rückrechenbar)"


def parse_published(entry, cfg: DisclosureConfig = DEFAULT, signed: bool = False):
    """A published entry → ("known", value) or ("hidden", (lo, hi)).

    Accepts numbers, None/NaN (hidden, nothing known), the markers `≤2`/`<5` and `•`, `–`, and
    German-formatted integers as shown on screen (`1.234`, `+3`, `−2`, `±0`).
    """
    if entry is None:
        return "hidden", cfg.bounds("", signed)
    if isinstance(entry, str):
        text = entry.strip()
        if text == cfg.marker:
            return "hidden", cfg.bounds(PRIMARY, signed)
        if text == HIDDEN_MARKER:
            return "hidden", cfg.bounds(SECONDARY, signed)
        if text in (fmt.MISSING, ""):
            return "hidden", cfg.bounds("", signed)
        cleaned = text.replace(".", "").replace("−", "-").replace("±", "").replace("+", "").replace(" ", "")
        try:
            return "known", float(int(cleaned))
        except ValueError:
            raise ValueError(f"Kein veröffentlichter Zahlenwert: {entry!r}") from None
    try:
        value = float(entry)
    except (TypeError, ValueError):
        raise ValueError(f"Kein veröffentlichter Zahlenwert: {entry!r}") from None
    if math.isnan(value):
        return "hidden", cfg.bounds("", signed)
    return "known", value


class System:
    """Relations with known values substituted: A x_hidden = b, lo <= x_hidden <= hi."""

    def __init__(self, known: Mapping[Key, float], hidden: Mapping[Key, tuple[float, float]],
                 relations: Iterable[Relation]):
        self.keys = list(hidden)
        self.index = {k: i for i, k in enumerate(self.keys)}
        self.lo = np.array([hidden[k][0] for k in self.keys], dtype=float)
        self.hi = np.array([hidden[k][1] for k in self.keys], dtype=float)
        rows, rhs = [], []
        for rel in relations:
            row = np.zeros(len(self.keys))
            const = 0.0
            for key, coef in rel.items():
                if key in self.index:
                    row[self.index[key]] += coef
                elif key in known:
                    const += coef * known[key]
                else:
                    raise KeyError(f"Zelle {key!r} steht in einer Beziehung, ist aber nicht veröffentlicht "
                                   "und nicht als verborgen angegeben")
            if np.any(row != 0):
                rows.append(row)
                rhs.append(-const)
            elif abs(const) > EPS:
                raise Infeasible(f"Veröffentlichte Werte passen nicht zusammen (Abweichung {const:g})")
        self.A = np.array(rows, dtype=float).reshape(len(rows), len(self.keys))
        self.b = np.array(rhs, dtype=float)

    def components(self) -> list[tuple[list[int], list[int]]]:
        """Independent blocks: (hidden column indices, relation row indices)."""
        k = len(self.keys)
        parent = list(range(k))

        def find(i):
            while parent[i] != i:
                parent[i] = parent[parent[i]]
                i = parent[i]
            return i

        for row in self.A:
            nz = np.nonzero(row)[0]
            for j in nz[1:]:
                a, b = find(int(nz[0])), find(int(j))
                if a != b:
                    parent[b] = a
        cols: dict[int, list[int]] = {}
        for i in range(k):
            cols.setdefault(find(i), []).append(i)
        rows: dict[int, list[int]] = {}
        for r, row in enumerate(self.A):
            nz = np.nonzero(row)[0]
            rows.setdefault(find(int(nz[0])), []).append(r)
        return [(c, rows.get(root, [])) for root, c in cols.items()]

    def exact(self, which: Iterable[Key] | None = None, seed: Mapping[Key, float] | None = None
              ) -> dict[Key, tuple[float, str]]:
        """Hidden cells (of `which`, default all) whose value is determined: key -> (value, how)."""
        wanted = set(self.keys) if which is None else set(which)
        result: dict[Key, tuple[float, str]] = {}
        for cols, rows in self.components():
            targets = [c for c in cols if self.keys[c] in wanted]
            if not targets:
                continue
            A = self.A[np.ix_(rows, cols)]
            b = self.b[rows]
            local = {c: i for i, c in enumerate(cols)}
            # linear: null space of A has a zero in the cell's coordinate
            linear: dict[int, float] = {}
            if rows:
                _, s, vt = np.linalg.svd(A)
                rank = int((s > 1e-9 * max(1.0, s.max(initial=0.0))).sum())
                null = vt[rank:].T
                solution = np.linalg.lstsq(A, b, rcond=None)[0]
                if np.abs(A @ solution - b).max(initial=0.0) > 1e-6:
                    raise Infeasible("Die veröffentlichten Summen widersprechen sich")
                for c in targets:
                    i = local[c]
                    if null.shape[1] == 0 or np.linalg.norm(null[i]) < 1e-8:
                        value = float(solution[i])
                        if not self.lo[c] - EPS <= value <= self.hi[c] + EPS:
                            raise Infeasible(f"Zelle {self.keys[c]!r}: {value:g} liegt außerhalb des Wertebereichs")
                        linear[c] = value
            for c, value in linear.items():
                result[self.keys[c]] = (float(round(value)), "linear")
            rest = [c for c in targets if c not in linear]
            if not rest:
                continue
            lo, hi = self.lo[cols], self.hi[cols]
            poly = Polytope(A if rows else np.zeros((0, len(cols))), b, lo, hi)
            points = [poly.feasible_point()]
            if seed is not None and all(self.keys[c] in seed for c in cols):
                points.append(np.array([seed[self.keys[c]] for c in cols], dtype=float))
            seen_lo = np.min(points, axis=0)
            seen_hi = np.max(points, axis=0)

            def varies(i):
                return math.floor(seen_hi[i] + EPS) - math.ceil(seen_lo[i] - EPS) >= 1

            for c in rest:
                i = local[c]
                if varies(i):
                    continue
                e = np.zeros(len(cols))
                e[i] = 1.0
                top, x = poly.maximise(e)
                if x is None:
                    continue  # unbounded above
                seen_lo = np.minimum(seen_lo, x)
                seen_hi = np.maximum(seen_hi, x)
                if varies(i):
                    continue
                bottom, x = poly.minimise(e)
                if x is None:
                    continue
                seen_lo = np.minimum(seen_lo, x)
                seen_hi = np.maximum(seen_hi, x)
                if varies(i):
                    continue
                low, high = math.ceil(bottom - EPS), math.floor(top + EPS)
                if low == high:
                    result[self.keys[c]] = (float(low), "bounds")
        return result


def audit(published: Mapping[Key, object], constraints: Iterable[Relation], cfg: DisclosureConfig = DEFAULT, *,
          bounds: Mapping[Key, tuple[float, float]] | None = None, signed: Iterable[Key] = (),
          report_unlisted: bool = False) -> list[Recomputed]:
    """Every hidden cell of `published` that can be recomputed exactly.

    published:   cell key -> number (shown), marker string (`≤2`, `•`), German number text, or None
                 (hidden, nothing known). Cells that occur only in `constraints` are unknown
                 auxiliary quantities (not shown anywhere); they are reported only with
                 `report_unlisted=True`.
    constraints: relations, each a mapping cell -> coefficient with sum(coefficient * cell) == 0.
    bounds:      explicit (low, high) for hidden cells, overriding what the markers say.
    signed:      cells that may be negative (net changes): hidden ones carry no range.
    Raises `Infeasible` when the published figures contradict each other.
    """
    constraints = list(constraints)
    signed = set(signed)
    known: dict[Key, float] = {}
    hidden: dict[Key, tuple[float, float]] = {}
    for key, entry in published.items():
        kind, payload = parse_published(entry, cfg, key in signed)
        if kind == "known":
            known[key] = payload
        else:
            hidden[key] = payload
    listed = set(hidden)
    for rel in constraints:
        for key in rel:
            if key not in known and key not in hidden:
                hidden[key] = cfg.bounds("", key in signed)
    for key, bound in (bounds or {}).items():
        if key in hidden:
            hidden[key] = (float(bound[0]), float(bound[1]))
    system = System(known, hidden, constraints)
    which = None if report_unlisted else listed
    exact = system.exact(which)
    order = {k: i for i, k in enumerate(system.keys)}
    return [Recomputed(k, v, how) for k, (v, how) in sorted(exact.items(), key=lambda kv: order[kv[0]])]
