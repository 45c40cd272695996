"""A small dense simplex, enough for the auditor's interval attack (no SciPy dependency).

`Polytope(A, b, lo, hi)` is the set {x : A x = b, lo <= x <= hi} (bounds may be infinite).
A feasible basis is found once (phase 1); `minimise(c)` / `maximise(c)` then run phase 2
from a copy of it. Bland's rule prevents cycling, which matters here because the systems
(table margins) are highly degenerate.
"""

from __future__ import annotations

import math

import numpy as np

PIVOT_TOL = 1e-9


class Infeasible(ValueError):
    """The published figures contradict each other (no table fits them)."""


def _pivot(T: np.ndarray, basis: list[int], row: int, col: int) -> None:
    T[row] /= T[row, col]
    col_vals = T[:, col].copy()
    col_vals[row] = 0.0
    T -= np.outer(col_vals, T[row])
    T[np.abs(T) < 1e-11] = 0.0  # keep degenerate ties exact
    basis[row] = col


def _run(T: np.ndarray, basis: list[int], n_cols: int, max_iter: int = 20000) -> bool:
    """Minimise; the last row holds reduced costs and -z. Returns False when unbounded."""
    m = T.shape[0] - 1
    for _ in range(max_iter):
        reduced = T[-1, :n_cols]
        candidates = np.nonzero(reduced < -PIVOT_TOL)[0]
        if candidates.size == 0:
            return True
        col = int(candidates[0])  # Bland: smallest index
        column = T[:m, col]
        positive = np.nonzero(column > PIVOT_TOL)[0]
        if positive.size == 0:
            return False
        ratios = T[positive, -1] / column[positive]
        best = ratios.min()
        ties = positive[ratios - best <= 1e-9 * max(1.0, abs(best))]
        row = int(min(ties, key=lambda r: basis[r]))  # Bland: smallest basic index leaves
        _pivot(T, basis, row, col)
    raise RuntimeError("Simplex: Iterationsgrenze erreicht")


class Polytope:
    """{x : A x = b, lo <= x <= hi}; raises `Infeasible` when empty."""

    def __init__(self, A, b, lo, hi):
        A = np.asarray(A, dtype=float)
        b = np.asarray(b, dtype=float)
        lo = np.asarray(lo, dtype=float)
        hi = np.asarray(hi, dtype=float)
        m, k = A.shape
        self.k = k
        # x = offset + D y, y >= 0
        cols: list[np.ndarray] = []
        offset = np.zeros(k)
        ub_rows: list[tuple[int, float]] = []  # (y column, width)
        for i in range(k):
            unit = np.zeros(k)
            unit[i] = 1.0
            if math.isfinite(lo[i]):
                offset[i] = lo[i]
                cols.append(unit)
                if math.isfinite(hi[i]):
                    if hi[i] < lo[i] - 1e-9:
                        raise Infeasible("Untergrenze über Obergrenze")
                    ub_rows.append((len(cols) - 1, hi[i] - lo[i]))
            elif math.isfinite(hi[i]):
                offset[i] = hi[i]
                cols.append(-unit)
            else:
                cols.append(unit)
                cols.append(-unit)
        D = np.array(cols).T if cols else np.zeros((k, 0))
        n = D.shape[1]
        n_total = n + len(ub_rows)
        rows = np.zeros((m + len(ub_rows), n_total))
        rhs = np.zeros(m + len(ub_rows))
        rows[:m, :n] = A @ D
        rhs[:m] = b - A @ offset
        for r, (ycol, width) in enumerate(ub_rows):
            rows[m + r, ycol] = 1.0
            rows[m + r, n + r] = 1.0
            rhs[m + r] = width
        self.D = np.hstack([D, np.zeros((k, len(ub_rows)))])
        self.offset = offset
        self.n = n_total
        self._phase1(rows, rhs)

    def _phase1(self, rows: np.ndarray, rhs: np.ndarray) -> None:
        m, n = rows.shape
        neg = rhs < 0
        rows = rows.copy()
        rhs = rhs.copy()
        rows[neg] *= -1
        rhs[neg] *= -1
        T = np.zeros((m + 1, n + m + 1))
        T[:m, :n] = rows
        T[:m, n:n + m] = np.eye(m)
        T[:m, -1] = rhs
        T[-1, :n] = -rows.sum(axis=0)
        T[-1, -1] = -rhs.sum()
        basis = list(range(n, n + m))
        _run(T, basis, n + m)
        scale = max(1.0, float(np.abs(rhs).max()) if m else 1.0)
        if -T[-1, -1] > 1e-7 * scale:
            raise Infeasible("Die veröffentlichten Werte widersprechen sich")
        # drive artificial variables out of the basis; drop redundant rows
        keep = []
        for r in range(m):
            if basis[r] >= n:
                nz = np.nonzero(np.abs(T[r, :n]) > 1e-7)[0]
                if nz.size:
                    _pivot(T, basis, r, int(nz[0]))
                    keep.append(r)
            else:
                keep.append(r)
        body = T[keep][:, list(range(n)) + [T.shape[1] - 1]]
        self._T = body  # m' x (n + 1), no objective row
        self._basis = [basis[r] for r in keep]

    def _point(self, T: np.ndarray, basis: list[int]) -> np.ndarray:
        y = np.zeros(self.n)
        for r, j in enumerate(basis):
            y[j] = T[r, -1]
        return self.offset + self.D @ y

    def feasible_point(self) -> np.ndarray:
        return self._point(self._T, self._basis)

    def minimise(self, c) -> tuple[float, np.ndarray | None]:
        """Minimum of c·x and a minimiser; (-inf, None) when unbounded."""
        c = np.asarray(c, dtype=float)
        cy = self.D.T @ c
        const = float(c @ self.offset)
        m = self._T.shape[0]
        T = np.zeros((m + 1, self.n + 1))
        T[:m] = self._T
        basis = list(self._basis)
        cb = cy[basis] if m else np.zeros(0)
        T[-1, :self.n] = cy - cb @ self._T[:, :self.n]
        T[-1, -1] = -(cb @ self._T[:, -1])
        if not _run(T, basis, self.n):
            return -math.inf, None
        return const - T[-1, -1], self._point(T, basis)

    def maximise(self, c) -> tuple[float, np.ndarray | None]:
        value, x = self.minimise(-np.asarray(c, dtype=float))
        return -value, x
