"""The engine's fast paths give the results of their plain definitions (hypothesis, random inputs):
the greedy placement accommodation by accommodation equals the one size by size, the sharing of
whole households equals the systematic rounding of the running sum written as a loop, the
placement orders computed only at their change points equal the month-by-month ones."""

from __future__ import annotations

import math

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ankunft.scenario import engine, placement
from ankunft.scenario.households import N_TYPES, S_MAX, TYPE_SIZE

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def greedy_reference(counts: np.ndarray, free: np.ndarray, idx: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The placement as the officer would describe it: largest households first; for each size go
    along the accommodations in order and put in as many whole households as fit, must-house first."""
    rest, free, placed = counts.astype(float).copy(), free.astype(float).copy(), np.zeros((len(free), N_TYPES))
    for s in range(S_MAX, 0, -1):
        for site in idx:
            for j in (s - 1, S_MAX + s - 1):
                fit = min(math.floor(free[site] / s + 1e-9), rest[j])
                if fit > 0:
                    placed[site, j] += fit
                    rest[j] -= fit
                    free[site] -= fit * s
    return placed, rest, free


@st.composite
def placement_case(draw):
    n = draw(st.integers(1, 40))
    free = np.array(draw(st.lists(st.integers(0, 60), min_size=n, max_size=n)), dtype=float)
    counts = np.zeros(N_TYPES)
    for _ in range(draw(st.integers(0, 12))):
        counts[draw(st.integers(0, N_TYPES - 1))] += draw(st.integers(1, 15))
    idx = np.array(draw(st.permutations(range(n))), dtype=np.int64)[: draw(st.integers(1, n))]
    return counts, free, idx


@SETTINGS
@given(placement_case())
def test_both_greedy_orders_equal_the_plain_definition(case):
    counts, free, idx = case
    want_placed, want_rest, want_free = greedy_reference(counts, free, idx)
    for fn in (placement._fill_sites, placement._fill_ordered):
        rest, f, placed = counts.copy(), free.copy(), np.zeros((len(free), N_TYPES))
        fn(rest, f, idx, placed)
        np.testing.assert_array_equal(placed, want_placed)
        np.testing.assert_array_equal(rest, want_rest)
        np.testing.assert_array_equal(f, want_free)
        assert float(placed.sum(axis=0) @ TYPE_SIZE + rest @ TYPE_SIZE) == float(counts @ TYPE_SIZE)


@SETTINGS
@given(placement_case(), st.booleans())
def test_fill_into_the_households_equals_fill_then_add(case, with_mask):
    counts, free, idx = case
    rank = np.arange(len(free))
    mask = (np.arange(len(free)) % 2 == 0) if with_mask else None
    H = np.ones((len(free), N_TYPES))
    placed, rest = placement.fill(counts, free.copy(), rank, mask)
    H2 = H.copy()
    _, rest2 = placement.fill(counts, free.copy(), rank, mask, out=H2)
    np.testing.assert_array_equal(H + placed, H2)
    np.testing.assert_array_equal(rest, rest2)


def spread_reference(stock: np.ndarray, k: np.ndarray) -> np.ndarray:
    """Whole households per row: the running sum of ``stock × k / total`` rounded half up, row by row."""
    out = np.zeros_like(stock)
    for j in range(stock.shape[1]):
        total = stock[:, j].sum()
        if k[j] <= 0 or total <= 0:
            continue
        run, before = 0.0, 0.0
        for i in range(stock.shape[0]):
            run += stock[i, j] * k[j] / total
            now = math.floor(run + 0.5 + 1e-9)
            out[i, j] = min(now - before, stock[i, j])
            before = now
    return out


@SETTINGS
@given(st.integers(1, 30), st.integers(1, 6), st.data())
def test_spread_equals_the_running_sum_rounded(rows, cols, data):
    stock = np.array(data.draw(st.lists(st.lists(st.integers(0, 40), min_size=cols, max_size=cols),
                                        min_size=rows, max_size=rows)), dtype=float)
    tot = stock.sum(axis=0)
    k = np.array([data.draw(st.integers(0, int(t))) for t in tot], dtype=float)
    got = engine.spread(stock, k)
    np.testing.assert_array_equal(got, spread_reference(stock, k))
    np.testing.assert_array_equal(got.sum(axis=0), k)


@SETTINGS
@given(st.lists(st.integers(0, 40), min_size=1, max_size=30), st.integers(1, 36), st.data())
def test_rankings_at_change_points_equal_month_by_month(close, horizon, data):
    close_at = np.minimum(np.array(close, dtype=np.int64), horizon)
    capacity = np.array(data.draw(st.lists(st.integers(0, 300), min_size=len(close), max_size=len(close))), dtype=float)
    want = np.array([placement.ranking(close_at, capacity, t, horizon) for t in range(horizon)])
    np.testing.assert_array_equal(placement.rankings(close_at, capacity, horizon), want)
