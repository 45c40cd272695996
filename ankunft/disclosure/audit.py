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

import hashlib
import math
import threading
from collections import OrderedDict
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
            lo, hi = self.lo[cols], self.hi[cols]
            point = None
            if seed is not None and all(self.keys[c] in seed for c in cols):
                point = np.array([seed[self.keys[c]] for c in cols], dtype=float)
            found = _component_exact(A, b, lo, hi, [cols.index(c) for c in targets], point,
                                     [self.keys[c] for c in cols])
            for i, (value, how) in found.items():
                result[self.keys[cols[i]]] = (value, how)
        return result


# --- one component of a system ------------------------------------------------------------------
# The results of a component depend on nothing but its numbers (relations A x = b, ranges lo..hi) and
# the cell asked about: they are kept by the digest of those numbers, so that a component met again
# (the suppression engine audits the whole system after every move, and every move changes one
# component) is not solved again. The seed (a point known to be feasible, the true values) only lets a
# cell be found inexact without solving its programmes; it is part of the key all the same.
_MEMO_SIZE = 20_000  # cells and components (a few MB); least recently used out
_memo: OrderedDict = OrderedDict()
_memo_lock = threading.Lock()


def _memo_get(key):
    with _memo_lock:
        value = _memo.get(key)
        if value is not None:
            _memo.move_to_end(key)
        return value


def _memo_put(key, value) -> None:
    with _memo_lock:
        _memo[key] = value
        _memo.move_to_end(key)
        while len(_memo) > _MEMO_SIZE:
            _memo.popitem(last=False)


def _digest(*arrays: np.ndarray) -> bytes:
    h = hashlib.blake2b(digest_size=20)
    for a in arrays:
        a = np.ascontiguousarray(a, dtype=float)
        h.update(repr(a.shape).encode())
        h.update(a.tobytes())
    return h.digest()


def _linear(A: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(a solution of A x = b, which coordinates the sums alone determine): the null space of A has a
    zero in the cell's coordinate. Raises `Infeasible` when the sums contradict each other."""
    _, s, vt = np.linalg.svd(A)
    rank = int((s > 1e-9 * max(1.0, s.max(initial=0.0))).sum())
    null = vt[rank:].T
    solution = np.linalg.lstsq(A, b, rcond=None)[0]
    if np.abs(A @ solution - b).max(initial=0.0) > 1e-6:
        raise Infeasible("Die veröffentlichten Summen widersprechen sich")
    if null.shape[1] == 0:
        return solution, np.ones(A.shape[1], dtype=bool)
    return solution, np.linalg.norm(null, axis=1) < 1e-8


def _component_exact(A: np.ndarray, b: np.ndarray, lo: np.ndarray, hi: np.ndarray, targets: list[int],
                     point: np.ndarray | None, names: list) -> dict[int, tuple[float, str]]:
    """Exact cells among ``targets`` (column indices) of one component: index -> (value, how).
    ``names``: the cells' keys (for the message when the figures contradict each other)."""
    key = _digest(A, b, lo, hi)
    result: dict[int, tuple[float, str]] = {}
    linear = None
    if A.shape[0]:
        linear = _memo_get(("linear", key))
        if linear is None:
            linear = _linear(A, b)
            _memo_put(("linear", key), linear)
    rest = []
    for i in targets:
        if linear is not None and linear[1][i]:
            value = float(linear[0][i])
            if not lo[i] - EPS <= value <= hi[i] + EPS:
                raise Infeasible(f"Zelle {names[i]!r}: {value:g} liegt außerhalb des Wertebereichs")
            result[i] = (float(round(value)), "linear")
        else:
            rest.append(i)
    if not rest:
        return result
    seed_key = None if point is None else _digest(point)
    todo = []
    for i in rest:
        known = _memo_get(("bounds", key, seed_key, i))
        if known is None:
            todo.append(i)
        elif known[0] is not None:
            result[i] = (known[0], "bounds")
    if todo:
        for i, value in _bounds(A, b, lo, hi, todo, point).items():
            _memo_put(("bounds", key, seed_key, i), (value,))
            if value is not None:
                result[i] = (value, "bounds")
    return dict(sorted(result.items()))


def _bounds(A: np.ndarray, b: np.ndarray, lo: np.ndarray, hi: np.ndarray, todo: list[int],
            point: np.ndarray | None) -> dict[int, float | None]:
    """The interval attack on the cells ``todo``: the value where only one integer fits, else None."""
    poly = Polytope(A if A.shape[0] else np.zeros((0, len(lo))), b, lo, hi)
    points = [poly.feasible_point()]
    if point is not None:
        points.append(point)
    seen_lo = np.min(points, axis=0)
    seen_hi = np.max(points, axis=0)

    def varies(i):
        return math.floor(seen_hi[i] + EPS) - math.ceil(seen_lo[i] - EPS) >= 1

    out: dict[int, float | None] = {}
    for i in todo:
        out[i] = None
        if varies(i):
            continue
        e = np.zeros(len(lo))
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
            out[i] = float(low)
    return out


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
