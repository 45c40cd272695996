"""Placing whole households into free places (vectorised over accommodations).

:func:`fill` puts households, largest first, into accommodations that have room for the whole
household: accommodations closing soon come last, otherwise the largest first (:func:`ranking`). Per household size the allocation is one cumulative sum over the ordered
accommodations (no loop over households). What does not fit stays in ``rest``.

:func:`evacuate` takes whole households out of accommodations above their limit (all of them where
an accommodation closes; otherwise the smallest households first until it fits).
"""

from __future__ import annotations

import numpy as np

from ankunft.scenario.households import S_MAX, TYPE_SIZE

SIZES_DESC = np.arange(S_MAX, 0, -1)


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
    """:func:`ranking` of every month (T × A)."""
    return np.array([ranking(close_at, capacity, t, horizon) for t in range(horizon)], dtype=np.int64
                    ).reshape(horizon, len(close_at))


def order(free: np.ndarray, rank: np.ndarray, mask: np.ndarray | None = None) -> np.ndarray:
    """The ranked accommodations that have a free place (and lie in ``mask``)."""
    idx = rank[free[rank] > 0]
    if mask is not None:
        idx = idx[mask[idx]]
    return idx


def fill(counts: np.ndarray, free: np.ndarray, rank: np.ndarray, mask: np.ndarray | None = None):
    """Place ``counts`` (households by type) into ``free`` (places by accommodation, changed in place).

    Returns ``(placed (A × N_TYPES), rest (N_TYPES))``. Households of one size are placed together,
    largest size first; within a size, must-house households before entitled ones. The ordered
    accommodations are taken in two rounds – first just enough of them to hold twice the persons
    to place, then the others for what is left – so that a month's few arrivals touch few arrays."""
    placed = np.zeros((len(free), len(counts)))
    rest = counts.astype("float64").copy()
    if rest.sum() <= 0:
        return placed, rest
    idx = order(free, rank, mask)
    if not len(idx):
        return placed, rest
    persons = float(rest @ TYPE_SIZE)
    cut = int(np.searchsorted(np.cumsum(free[idx]), 2.0 * persons + S_MAX)) + 1
    for part in (idx[:cut], idx[cut:]):
        if len(part) and rest.sum() > 0:
            _fill_ordered(rest, free, part, placed)
    return placed, rest


def _split(slots: np.ndarray, n: float) -> tuple[int, float]:
    """Greedy take of ``n`` along ``slots``: all slots before position k, ``last`` at k."""
    cum = np.cumsum(slots)
    k = int(np.searchsorted(cum, n - 1e-9))
    if k >= len(slots):
        return len(slots), 0.0
    return k, float(n - (cum[k - 1] if k else 0.0))


def _fill_ordered(rest: np.ndarray, free: np.ndarray, idx: np.ndarray, placed: np.ndarray) -> None:
    """Greedy allocation along ``idx``, one cumulative sum per household size (changes the arrays)."""
    f = free[idx]
    for s in SIZES_DESC:
        j_m, j_e = s - 1, S_MAX + s - 1
        n_m, n_e = rest[j_m], rest[j_e]
        if n_m + n_e <= 0:
            continue
        slots = np.floor(f / s + 1e-9)
        k, last = _split(slots, n_m + n_e)
        take = slots[: k + 1].copy()
        if k < len(slots):
            take[k] = last
        else:
            take = take[:k]
        if not take.any():
            continue
        km, last_m = _split(take, n_m)
        take_m = take[: km + 1].copy()
        if km < len(take):
            take_m[km] = last_m
        else:
            take_m = take_m[:km]
        sites = idx[: len(take)]
        placed[sites, j_e] += take
        placed[sites[: len(take_m)], j_m] += take_m
        placed[sites[: len(take_m)], j_e] -= take_m
        f[: len(take)] -= take * s
        got, got_m = float(take.sum()), float(take_m.sum())
        rest[j_m] -= got_m
        rest[j_e] -= got - got_m
    free[idx] = f


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
        for t in np.argsort(TYPE_SIZE, kind="stable"):
            if excess <= 0:
                break
            k = min(H[j, t], np.ceil(excess / TYPE_SIZE[t]))
            X[j, t] = k
            excess -= k * TYPE_SIZE[t]
    H -= X
    return X
