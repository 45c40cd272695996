"""Placing whole households into free places (vectorised over accommodations).

:func:`fill` puts households, largest first, into accommodations that have room for the whole
household: accommodations closing soon come last, otherwise the largest first (:func:`ranking`).
Per household size the allocation is one cumulative sum over the ordered accommodations (no loop
over households); a size of a few households walks the first accommodations instead (numpy's
per-call cost would dominate). What does not fit stays in ``rest``.

:func:`evacuate` takes whole households out of accommodations above their limit (all of them where
an accommodation closes; otherwise the smallest households first until it fits).
"""

from __future__ import annotations

import math

import numpy as np

from ankunft.scenario.households import S_MAX, TYPE_SIZE

SIZES_DESC = np.arange(S_MAX, 0, -1)
SIZES_DESC_LIST = SIZES_DESC.tolist()
SMALLEST_FIRST = np.argsort(TYPE_SIZE, kind="stable").tolist()


SOON_MONTHS = 6  # an accommodation closing within this many months is filled last


def ranking(close_at: np.ndarray, capacity: np.ndarray, t: int, horizon: int) -> np.ndarray:
    """All accommodation positions in placement order for month ``t``: accommodations that close
    within ``SOON_MONTHS`` come last (the sooner, the later); the others by places, largest first.
    Only the next ``SOON_MONTHS`` of closures matter, so a closure month changes the placements of
    the months before it only from ``SOON_MONTHS`` months ahead (what lets the earliest closure
    month reuse a run)."""
    soon = (close_at < horizon) & (close_at - t <= SOON_MONTHS)
    return np.lexsort((-capacity, -np.where(soon, close_at, horizon), soon))


def rankings(close_at: np.ndarray, capacity: np.ndarray, horizon: int) -> np.ndarray:
    """:func:`ranking` of every month (T × A); computed only for the months where an accommodation
    enters the last ``SOON_MONTHS`` before its closure (in between the order stays the same)."""
    out = np.empty((horizon, len(close_at)), dtype=np.int64)
    changes = {0} | {int(c) - SOON_MONTHS for c in close_at if SOON_MONTHS < c < horizon}
    starts = sorted(changes)
    for first, end in zip(starts, starts[1:] + [horizon]):
        out[first:end] = ranking(close_at, capacity, first, horizon)
    return out


def order(free: np.ndarray, rank: np.ndarray, mask: np.ndarray | None = None) -> np.ndarray:
    """The ranked accommodations that have a free place (and lie in ``mask``)."""
    idx = rank[free[rank] > 0]
    if mask is not None:
        idx = idx[mask[idx]]
    return idx


def fill(counts: np.ndarray, free: np.ndarray, rank: np.ndarray, mask: np.ndarray | None = None,
         out: np.ndarray | None = None):
    """Place ``counts`` (households by type) into ``free`` (places by accommodation, changed in place).

    Returns ``(placed (A × N_TYPES), rest (N_TYPES))``; with ``out`` the placed households are
    added to ``out`` (which is returned as ``placed``). Households of one size are placed together,
    largest size first; within a size, must-house households before entitled ones. The ordered
    accommodations are taken in two rounds – first just enough of them to hold twice the persons
    to place, then the others for what is left – so that a month's few arrivals touch few arrays."""
    placed = np.zeros((len(free), len(counts))) if out is None else out
    rest = np.array(counts, dtype="float64")
    if rest.sum() <= 0:
        return placed, rest
    idx = order(free, rank, mask)
    if not len(idx):
        return placed, rest
    persons = float(rest @ TYPE_SIZE)
    cut = int(np.searchsorted(np.cumsum(free[idx]), 2.0 * persons + S_MAX)) + 1
    for part in (idx[:cut], idx[cut:]):
        if len(part) and rest.sum() > 0:
            sizes = int(np.count_nonzero(rest[:S_MAX] + rest[S_MAX:]))
            (_fill_sites if len(part) * sizes <= SCALAR_STEPS else _fill_ordered)(rest, free, part, placed)
    return placed, rest


SCALAR_STEPS = 96  # up to this many accommodation × size steps the plain loop is faster than numpy


def _fill_sites(rest: np.ndarray, free: np.ndarray, idx: np.ndarray, placed: np.ndarray) -> None:
    """The same greedy allocation as :func:`_fill_ordered`, accommodation by accommodation (for a
    few households and accommodations, where numpy's per-call cost dominates). Equal results: the
    take of a size at an accommodation depends only on what the larger sizes left there and on
    how many of that size the accommodations before it took, in either order."""
    r = rest.tolist()
    todo = [s for s in SIZES_DESC_LIST if r[s - 1] + r[S_MAX + s - 1] > 0]
    for site, f in zip(idx.tolist(), free[idx].tolist()):
        if not todo:
            break
        before = f
        for s in todo:
            slots = math.floor(f / s + 1e-9)
            if slots <= 0:
                continue
            j_m, j_e = s - 1, S_MAX + s - 1
            take_m = min(slots, r[j_m])
            take_e = min(slots - take_m, r[j_e])
            if take_m:
                placed[site, j_m] += take_m
                r[j_m] -= take_m
            if take_e:
                placed[site, j_e] += take_e
                r[j_e] -= take_e
            f -= (take_m + take_e) * s
        if f != before:
            free[site] = f
        todo = [s for s in todo if r[s - 1] + r[S_MAX + s - 1] > 0]
    rest[:] = r


def _fill_ordered(rest: np.ndarray, free: np.ndarray, idx: np.ndarray, placed: np.ndarray) -> None:
    """Greedy allocation along ``idx``, size by size, largest first (changes the arrays): a size of
    a few households walks the accommodations one by one (:func:`_walk`, it needs only the first
    few), the rest is one cumulative sum (:func:`_cumulative`) over the accommodations left."""
    f = free[idx]
    head = (f[:WALK_SITES].tolist(), idx[:WALK_SITES].tolist())  # the walk's plain copy, kept equal to f
    for s in SIZES_DESC_LIST:
        j_m, j_e = s - 1, S_MAX + s - 1
        n_m, n_e = float(rest[j_m]), float(rest[j_e])
        if n_m + n_e <= 0:
            continue
        first = 0
        if n_m + n_e <= WALK_HOUSEHOLDS:
            first, n_m, n_e = _walk(f, head, s, n_m, n_e, placed)
        if n_m + n_e > 0 and first < len(f):
            n_m, n_e = _cumulative(f[first:], idx[first:], s, n_m, n_e, placed)
            head = (f[:WALK_SITES].tolist(), head[1])
        rest[j_m], rest[j_e] = n_m, n_e
    free[idx] = f


WALK_HOUSEHOLDS = 12  # up to this many households of a size are placed accommodation by accommodation
WALK_SITES = 24  # ... along at most this many accommodations (then the cumulative sum takes over)


def _walk(f: np.ndarray, head: tuple[list, list], s: int, n_m: float, n_e: float,
          placed: np.ndarray) -> tuple[int, float, float]:
    """The first accommodations one by one for households of size ``s`` (must-house first);
    stops when all are placed or after ``WALK_SITES``. ``head`` holds the free places and the
    positions of the first ``WALK_SITES`` accommodations as plain lists (read without numpy's
    per-item cost; what is taken is written to both). Returns (accommodations walked, must-house
    and entitled households left); the greedy order is the same as :func:`_cumulative`'s, so the
    cumulative sum can go on from where the walk stopped."""
    j_m, j_e = s - 1, S_MAX + s - 1
    fl, sites = head
    end = len(fl)
    i = 0
    while i < end and n_m + n_e > 0:
        slots = math.floor(fl[i] / s + 1e-9)
        if slots > 0:
            take_m = min(slots, n_m)
            take_e = min(slots - take_m, n_e)
            if take_m:
                placed[sites[i], j_m] += take_m
                n_m -= take_m
            if take_e:
                placed[sites[i], j_e] += take_e
                n_e -= take_e
            fl[i] -= (take_m + take_e) * s
            f[i] = fl[i]
        i += 1
    return i, n_m, n_e


def _cumulative(f: np.ndarray, idx: np.ndarray, s: int, n_m: float, n_e: float,
                placed: np.ndarray) -> tuple[float, float]:
    """One size along ``idx`` as one cumulative sum (changes ``f`` and ``placed``; returns the
    must-house and entitled households left).

    Every accommodation offers ``floor(free / s)`` slots; the running sum of the slots capped at
    the number to place gives each accommodation its take (all counts are whole numbers, so the
    sums are exact), must-house households taking the first ones."""
    j_m, j_e = s - 1, S_MAX + s - 1
    n = n_m + n_e
    cum = f / s
    cum += 1e-9
    np.floor(cum, out=cum)
    np.cumsum(cum, out=cum)
    if cum[-1] <= 0:
        return n_m, n_e
    k = int(np.searchsorted(cum, n)) + 1  # the accommodations touched
    cum = cum[:k]
    sites = idx[:k]
    take = np.minimum(cum, n)
    got = float(take[-1])
    take[1:] -= take[:-1].copy()
    if n_e <= 0:
        placed[sites, j_m] += take
        got_m = got
    elif n_m <= 0:
        placed[sites, j_e] += take
        got_m = 0.0
    else:  # must-house households take the first slots
        take_m = np.minimum(cum, n_m)
        got_m = float(take_m[-1])
        take_m[1:] -= take_m[:-1].copy()
        placed[sites, j_m] += take_m
        placed[sites, j_e] += take - take_m
    take *= s
    f[:k] -= take
    return n_m - got_m, n_e - (got - got_m)


def evacuate(H: np.ndarray, limit: np.ndarray) -> np.ndarray | None:
    """Households taken out of accommodations whose residents exceed ``limit`` (None when none):
    everybody where the limit is 0, else the smallest households first until it fits."""
    tot = H @ TYPE_SIZE
    over = np.flatnonzero(tot > limit + 1e-9)
    if not len(over):
        return None
    X = np.zeros_like(H)
    for j in over:
        if limit[j] <= 0:
            X[j] = H[j]
            continue
        excess = tot[j] - limit[j]
        for t in SMALLEST_FIRST:
            if excess <= 0:
                break
            k = min(H[j, t], np.ceil(excess / TYPE_SIZE[t]))
            X[j, t] = k
            excess -= k * TYPE_SIZE[t]
    H -= X
    return X
