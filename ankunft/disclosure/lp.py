"""Linear programmes for the auditor's interval attack, solved by HiGHS (the `highspy` bindings).

`Polytope(A, b, lo, hi)` is the set {x : A x = b, lo <= x <= hi} (bounds may be infinite).
It is passed to one HiGHS instance once, and feasibility is checked when it is built;
`minimise(c)` / `maximise(c)` then only change the objective and solve again. HiGHS starts
each solve from the previous optimal basis (warm start), so the two programmes per hidden cell
cost a few simplex iterations instead of a solve from scratch; it copes with the highly
degenerate systems of table margins (it replaced a hand-written dense simplex, later
`scipy.optimize.linprog`, which set the model and checked the options again for every
programme: six times the time of the solves themselves).

The core class `highspy._Highs` is used rather than its subclass `highspy.Highs`: the subclass
logs a banner to standard output when it is created, before output can be switched off (the CLI
writes its results there).
"""

from __future__ import annotations

import math

import numpy as np

_TOLERANCES = {"primal_feasibility_tolerance": 1e-9, "dual_feasibility_tolerance": 1e-9}


class Infeasible(ValueError):
    """The published figures contradict each other (no table fits them)."""


class Polytope:
    """{x : A x = b, lo <= x <= hi}; raises `Infeasible` when empty."""

    def __init__(self, A, b, lo, hi):
        import highspy  # imported here: the first page view need not load the solver

        A = np.asarray(A, dtype=float)
        self.k = A.shape[1] if A.ndim == 2 else len(lo)
        self.A = A.reshape(-1, self.k) if A.size else np.zeros((0, self.k))
        self.b = np.asarray(b, dtype=float).reshape(-1)
        lo = np.asarray(lo, dtype=float).reshape(-1)
        hi = np.asarray(hi, dtype=float).reshape(-1)
        if np.any(hi < lo - 1e-9):
            raise Infeasible("Untergrenze über Obergrenze")
        self._status = highspy.HighsModelStatus
        self._highs = highspy._Highs()
        self._highs.setOptionValue("output_flag", False)
        self._highs.setOptionValue("threads", 1)
        for name, value in _TOLERANCES.items():
            self._highs.setOptionValue(name, value)
        inf = highspy.kHighsInf
        lp = highspy.HighsLp()
        lp.num_col_, lp.num_row_ = self.k, self.A.shape[0]
        lp.col_cost_ = np.zeros(self.k)
        lp.col_lower_ = np.where(np.isinf(lo), -inf, lo)
        lp.col_upper_ = np.where(np.isinf(hi), inf, hi)
        lp.row_lower_ = lp.row_upper_ = self.b
        cols, rows = np.nonzero(self.A.T)  # column-wise: the nonzeros of each column in row order
        matrix = lp.a_matrix_
        matrix.format_ = highspy.MatrixFormat.kColwise
        matrix.num_col_, matrix.num_row_ = self.k, self.A.shape[0]
        matrix.start_ = np.concatenate([[0], np.cumsum(np.bincount(cols, minlength=self.k))]).astype(np.int32)
        matrix.index_ = rows.astype(np.int32)
        matrix.value_ = self.A[rows, cols]
        self._highs.passModel(lp)
        self._columns = np.arange(self.k, dtype=np.int32)
        self._highs.run()
        status = self._highs.getModelStatus()
        if status == self._status.kInfeasible:
            raise Infeasible("Die veröffentlichten Werte widersprechen sich")
        if status != self._status.kOptimal:
            raise RuntimeError(f"LP-Löser: {self._highs.modelStatusToString(status)}")
        self._point = np.asarray(self._highs.getSolution().col_value, dtype=float)

    def feasible_point(self) -> np.ndarray:
        return self._point.copy()

    def minimise(self, c) -> tuple[float, np.ndarray | None]:
        """Minimum of c·x and a minimiser; (-inf, None) when unbounded."""
        c = np.asarray(c, dtype=float).reshape(-1)
        self._highs.changeColsCost(self.k, self._columns, c)
        self._highs.run()
        status = self._highs.getModelStatus()
        if status not in (self._status.kOptimal, self._status.kUnbounded):
            # the warm start can end undecided ("Unknown", seen on an unbounded programme with repeated
            # rows) or doubtful: solve this programme again from scratch (presolve, new basis)
            self._highs.clearSolver()
            self._highs.run()
            status = self._highs.getModelStatus()
        if status in (self._status.kUnbounded, self._status.kUnboundedOrInfeasible):
            return -math.inf, None  # (not infeasible: the polytope was found non-empty when it was built)
        if status == self._status.kInfeasible:
            raise Infeasible("Die veröffentlichten Werte widersprechen sich")
        if status != self._status.kOptimal:
            raise RuntimeError(f"LP-Löser: {self._highs.modelStatusToString(status)}")
        return float(self._highs.getInfo().objective_function_value), np.asarray(
            self._highs.getSolution().col_value, dtype=float)

    def maximise(self, c) -> tuple[float, np.ndarray | None]:
        value, x = self.minimise(-np.asarray(c, dtype=float))
        return -value, x
