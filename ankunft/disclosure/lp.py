"""Linear programmes for the auditor's interval attack, solved by SciPy's HiGHS.

`Polytope(A, b, lo, hi)` is the set {x : A x = b, lo <= x <= hi} (bounds may be infinite).
Feasibility is checked once when it is built; `minimise(c)` / `maximise(c)` then solve one LP
each with `scipy.optimize.linprog(method="highs")`, a maintained solver that copes with the
highly degenerate systems of table margins (it replaced a hand-written dense simplex).
"""

from __future__ import annotations

import math

import numpy as np

# HiGHS status codes (scipy.optimize.OptimizeResult.status)
_OPTIMAL, _ITERATION_LIMIT, _INFEASIBLE, _UNBOUNDED = 0, 1, 2, 3
_OPTIONS = {"presolve": True, "primal_feasibility_tolerance": 1e-9, "dual_feasibility_tolerance": 1e-9}


class Infeasible(ValueError):
    """The published figures contradict each other (no table fits them)."""


class Polytope:
    """{x : A x = b, lo <= x <= hi}; raises `Infeasible` when empty."""

    def __init__(self, A, b, lo, hi):
        A = np.asarray(A, dtype=float)
        self.k = A.shape[1] if A.ndim == 2 else len(lo)
        self.A = A.reshape(-1, self.k) if A.size else np.zeros((0, self.k))
        self.b = np.asarray(b, dtype=float).reshape(-1)
        lo = np.asarray(lo, dtype=float)
        hi = np.asarray(hi, dtype=float)
        if np.any(hi < lo - 1e-9):
            raise Infeasible("Untergrenze über Obergrenze")
        self.bounds = [(None if math.isinf(a) else float(a), None if math.isinf(z) else float(z))
                       for a, z in zip(lo, hi)]
        result = self._solve(np.zeros(self.k))
        if result.status == _INFEASIBLE:
            raise Infeasible("Die veröffentlichten Werte widersprechen sich")
        if result.status != _OPTIMAL:
            raise RuntimeError(f"LP-Löser: {result.message}")
        self._point = np.asarray(result.x, dtype=float)

    def _solve(self, c: np.ndarray):
        from scipy.optimize import linprog  # imported here: ≈ 1 s the first page view need not pay

        if self.A.shape[0]:
            return linprog(c, A_eq=self.A, b_eq=self.b, bounds=self.bounds, method="highs", options=_OPTIONS)
        return linprog(c, bounds=self.bounds, method="highs", options=_OPTIONS)

    def feasible_point(self) -> np.ndarray:
        return self._point.copy()

    def minimise(self, c) -> tuple[float, np.ndarray | None]:
        """Minimum of c·x and a minimiser; (-inf, None) when unbounded."""
        c = np.asarray(c, dtype=float)
        result = self._solve(c)
        if result.status == _UNBOUNDED:
            return -math.inf, None
        if result.status == _INFEASIBLE:
            raise Infeasible("Die veröffentlichten Werte widersprechen sich")
        if result.status != _OPTIMAL:
            raise RuntimeError(f"LP-Löser: {result.message}")
        return float(result.fun), np.asarray(result.x, dtype=float)

    def maximise(self, c) -> tuple[float, np.ndarray | None]:
        value, x = self.minimise(-np.asarray(c, dtype=float))
        return -value, x
