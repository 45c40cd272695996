"""The auditor's polytope solves one programme after the other on one HiGHS model (warm start from the
previous basis). Whatever the order of the objectives, each optimum must be the one a solve from scratch
finds: generated tables with margins and marker ranges, objectives in generated order."""

import math

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from ankunft.disclosure.lp import Polytope


@st.composite
def systems(draw):
    """A table of counts with row and column totals; each cell known (fixed), hidden small (1..2),
    hidden (≥ 1, no upper bound) or hidden with nothing known (≥ 0); some relations repeated (as when
    two publications state the same sum)."""
    rows, cols = draw(st.integers(1, 3)), draw(st.integers(1, 4))
    body = np.array(draw(st.lists(st.integers(0, 6), min_size=rows * cols, max_size=rows * cols)),
                    dtype=float).reshape(rows, cols)
    values = np.concatenate([body.ravel(), body.sum(axis=1), body.sum(axis=0)])
    k = len(values)
    relations = []
    for r in range(rows):
        rel = np.zeros(k)
        rel[r * cols:(r + 1) * cols] = 1
        rel[rows * cols + r] = -1
        relations.append(rel)
    for c in range(cols):
        rel = np.zeros(k)
        rel[[r * cols + c for r in range(rows)]] = 1
        rel[rows * cols + rows + c] = -1
        relations.append(rel)
    relations += [relations[i] for i in draw(st.lists(st.integers(0, len(relations) - 1), max_size=3))]
    lo, hi = np.zeros(k), np.full(k, math.inf)
    for i, v in enumerate(values):
        kind = draw(st.sampled_from(["known", "small", "hidden", "free"]))
        if kind == "known" or (kind == "small" and not 1 <= v <= 2) or (kind == "hidden" and v < 1):
            lo[i] = hi[i] = v
        elif kind == "small":
            lo[i], hi[i] = 1.0, 2.0
        elif kind == "hidden":
            lo[i] = 1.0
    order = draw(st.permutations([(i, sign) for i in range(k) for sign in (1.0, -1.0)]))
    return np.array(relations), np.zeros(len(relations)), lo, hi, values, order


@settings(max_examples=40, deadline=None)
@given(systems())
def test_warm_started_optima_equal_solves_from_scratch(system):
    A, b, lo, hi, truth, order = system
    warm = Polytope(A, b, lo, hi)
    assert np.allclose(A @ warm.feasible_point(), b, atol=1e-7)
    for i, sign in order:
        c = np.zeros(len(lo))
        c[i] = sign
        value, x = warm.minimise(c)
        fresh_value, _ = Polytope(A, b, lo, hi).minimise(c)
        if math.isinf(fresh_value):
            assert value == fresh_value and x is None
            continue
        assert value == fresh_value or abs(value - fresh_value) < 1e-7
        assert abs(c @ x - value) < 1e-7 and np.allclose(A @ x, b, atol=1e-7)
        assert np.all(x >= lo - 1e-7) and np.all(x <= hi + 1e-7)
        assert value <= sign * truth[i] + 1e-7  # the true table is feasible: the optimum is at most its value


def test_unbounded_after_a_warm_start_with_repeated_rows():
    """A system found by the reach-types property test: after twelve bounded maximisations HiGHS's warm
    start ended "Unknown" on the thirteenth (unbounded); the polytope solves it again from scratch."""
    rels = [{0: 1, 1: 1}, {2: 1, 3: 1}, {4: 1, 5: 1, 6: -1}, {7: 1, 8: 1, 9: 1, 10: -1}, {11: 1, 12: -1},
            {13: 1, 14: -1}, {15: 1, 16: -1}, {17: 1, 18: -1}, {0: 1, 1: 1}, {2: 1, 4: 1, 7: -1}, {3: 1, 8: -1},
            {5: 1, 9: -1}, {11: 1, 13: -1}, {15: 1, 17: -1}, {6: -1, 12: 1}, {10: -1, 14: 1}, {6: -1, 16: 1},
            {10: -1, 18: 1}, {1: 1, 2: -1}, {0: 1, 3: -1}, {0: 1, 1: 1}, {0: 1, 1: 1}]
    A = np.zeros((len(rels), 19))
    for r, rel in enumerate(rels):
        for j, coef in rel.items():
            A[r, j] = coef
    b = np.zeros(len(rels))
    b[[0, 1, 8, 20, 21]] = 4.0
    b[[12, 13]] = -4.0
    lo = np.array([1, 1, 1, 1, 3, 3, 3, 3, 1, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3], dtype=float)
    hi = np.full(19, math.inf)
    hi[1] = 2.0
    p = Polytope(A, b, lo, hi)
    for i in (0, 4, 5, 6, 9, 10, 11, 12, 13, 14, 15, 16):
        p.maximise(np.eye(19)[i])
    value, x = p.maximise(np.eye(19)[17])
    assert value == math.inf and x is None
    assert p.maximise(np.eye(19)[0])[0 ] == 3.0  # and goes on with bounded programmes: a0 = 4 − a1, a1 ≥ 1
