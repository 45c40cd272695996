"""The closure-timeline stock-flow engine (pure numpy, one vectorised step per month).

Month t (0 = the Stichtag's month) runs in this order:

1. capacity of the month: accommodations open from their opening month until their closure month
   (exclusive); a closed accommodation has capacity 0;
2. outflows: entitled people move to private housing (rate, optionally falling each year, or a
   fixed number), must-house people leave otherwise (departure rate);
3. recognition moves must-house people into the entitled group; children age into the next band;
4. transfers: whoever is above an accommodation's capacity (all residents when it closes) is moved,
   whole households together (every age band of a household class moves in the same share);
5. placement: transfers go first to free places in the same district (proportional to free
   capacity, i.e. the largest free capacity takes most), then the rest of the transfers, the
   unplaced stock and the month's arrivals share the free places city-wide; whoever does not fit
   is unplaced (a stock carried into the next month).

Start occupancy above capacity is kept and reported as overbooking; it never grows and nobody is
placed into an overbooked accommodation. Costs: places cost ``capacity × cost per place`` while an
accommodation is open and, after an early closure, until its lease ends (``lease_end`` month
included); ``operating_share_saved`` of that stops at closure. Care costs per placed person,
emergency costs per unplaced person, state reimbursement per must-house person (share in the
asylum procedure) counted as income. A reserve accommodation costs nothing until it is opened.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ankunft.scenario.inputs import (
    CELL_AGE,
    CELL_GROUP,
    N_B,
    N_CELLS,
    N_K,
    VARIANTS,
    Assumptions,
    StartState,
    month_index,
)

EPS = 1e-9
AGEING_0_5 = 1.0 / 72.0  # monthly share of 0–5 year olds turning 6
AGEING_6_17 = 1.0 / 144.0  # monthly share of 6–17 year olds turning 18


@dataclass
class Plan:
    """The accommodation table of one run: start accommodations plus new ones (positional arrays)."""

    ids: list[str]
    names: list[str]
    district_ids: list[str]
    capacity: np.ndarray
    cost: np.ndarray
    open_from: np.ndarray  # first open period (int, T = never)
    close_at: np.ndarray  # first closed period (int, T = never)
    lease_last: np.ndarray  # last period with rent after closure (-1 = none)
    is_new: np.ndarray
    district_index: np.ndarray
    n_districts: int


@dataclass
class Raw:
    """Arrays of one run (T periods, A accommodations, C cells)."""

    T: int
    residents: np.ndarray  # (T, A) end of month
    capacity: np.ndarray  # (T, A)
    transfers_out: np.ndarray  # (T, A) persons moved out of each accommodation
    placed_cells: np.ndarray  # (T, C)
    unplaced_cells: np.ndarray  # (T, C)
    arrivals_cells: np.ndarray  # (T, C)
    outflow_cells: np.ndarray  # (T, C) move-outs (entitled) and departures (must-house)
    recognitions: np.ndarray  # (T,)
    cross_cells: np.ndarray  # (T, C) transferred people placed in another district
    rent: np.ndarray  # (T, A)
    start_total: float
    start_cells: np.ndarray


def build_plan(start: StartState, a: Assumptions) -> Plan:
    """Resolve closures, openings and new capacity into per-accommodation period arrays."""
    T = int(a.horizon_months)
    acc = start.accommodations
    n0 = len(acc)
    ids = list(acc["id"])
    names = list(acc["name"])
    districts = list(acc["district_id"])
    capacity = acc["capacity"].to_numpy(dtype="float64").copy()
    cost = acc["cost_per_place"].to_numpy(dtype="float64").copy()
    open_from = np.zeros(n0, dtype=np.int64)
    close_at = np.full(n0, T, dtype=np.int64)
    lease_last = _periods(start, acc["lease_end"])
    reserve = acc["reserve"].to_numpy(dtype=bool)
    closed = acc["closed"].to_numpy(dtype=bool)
    position = {i: j for j, i in enumerate(ids)}
    open_from[reserve] = T  # reserve accommodations stay shut unless an opening month is set
    for key, value in a.openings.items():
        j = position.get(key)
        om = month_index(start.stichtag, value)
        if j is not None and reserve[j] and om is not None:
            open_from[j] = max(0, min(om, T))
    for key, value in a.closures.items():
        j = position.get(key)
        cm = month_index(start.stichtag, value)
        if j is not None and cm is not None:
            close_at[j] = max(0, min(cm, T))
    close_at[closed] = 0
    new = a.new_capacity
    for c in new:
        ids.append(f"neu-{len(ids) + 1}")
        names.append(c.name)
        districts.append(c.district_id or "")
    if new:
        capacity = np.concatenate([capacity, [float(c.capacity) for c in new]])
        cost = np.concatenate([cost, [np.nan if c.cost_per_place is None else float(c.cost_per_place)
                                      for c in new]])
        om = [month_index(start.stichtag, c.month) for c in new]
        open_from = np.concatenate([open_from, [T if m is None else max(0, min(m, T)) for m in om]])
        close_at = np.concatenate([close_at, np.full(len(new), T, dtype=np.int64)])
        le = [month_index(start.stichtag, c.lease_end) for c in new]
        lease_last = np.concatenate([lease_last, [-1 if m is None else m for m in le]])
    cost = np.where(np.isnan(cost), float(a.default_cost_per_place), cost)
    codes, district_index = np.unique(np.array(districts, dtype=object).astype(str), return_inverse=True)
    return Plan(ids=ids, names=names, district_ids=districts, capacity=np.maximum(capacity, 0.0), cost=cost,
                open_from=open_from.astype(np.int64), close_at=close_at.astype(np.int64),
                lease_last=lease_last.astype(np.int64),
                is_new=np.r_[np.zeros(n0, bool), np.ones(len(new), bool)],
                district_index=district_index.astype(np.int64), n_districts=len(codes))


def _periods(start: StartState, dates: pd.Series) -> np.ndarray:
    """Period index of each date's month (-1 where the date is missing)."""
    d = pd.to_datetime(dates)
    s = pd.Timestamp(start.stichtag)
    years = d.dt.year.to_numpy(dtype="float64", na_value=np.nan)
    months = d.dt.month.to_numpy(dtype="float64", na_value=np.nan)
    idx = (years - s.year) * 12 + (months - s.month)
    return np.where(np.isnan(idx), -1, idx).astype(np.int64)


def _transition(a: Assumptions) -> np.ndarray:
    """Recognition then ageing as a row-stochastic cell × cell matrix (applied as x @ M)."""
    rec = np.eye(N_CELLS)
    rho = float(np.clip(a.recognition_rate, 0.0, 1.0))
    must = np.flatnonzero(CELL_GROUP == 0)
    rec[must, must] = 1.0 - rho
    rec[must, must + N_K * N_B] = rho
    age = np.eye(N_CELLS)
    b0 = np.flatnonzero(CELL_AGE == 0)
    b1 = np.flatnonzero(CELL_AGE == 1)
    age[b0, b0] = 1.0 - AGEING_0_5
    age[b0, b0 + 1] = AGEING_0_5
    age[b1, b1] = 1.0 - AGEING_6_17
    age[b1, b1 + 1] = AGEING_6_17
    return rec @ age


def arrivals_series(start: StartState, a: Assumptions, variant: str) -> np.ndarray:
    """Arrivals (persons) per period for a variant, with the seasonal profile when switched on."""
    if variant not in VARIANTS:
        raise ValueError(f"Variante unbekannt: {variant}")
    T = int(a.horizon_months)
    base = np.full(T, max(0.0, float(a.arrivals[variant])))
    if a.use_seasonal:
        prof = np.asarray(a.seasonal_profile, dtype="float64")
        prof = prof / prof.mean() if prof.mean() > 0 else np.ones(12)
        first = pd.Timestamp(start.stichtag).month - 1
        base = base * prof[(first + np.arange(T)) % 12]
    return base


def arrival_mix(start: StartState, a: Assumptions) -> np.ndarray:
    """Cell shares of arrivals: household and age mix from the data, group split by the assumption."""
    kb = np.asarray(start.arrival_mix, dtype="float64").reshape(2, -1).sum(axis=0)
    kb = kb / kb.sum() if kb.sum() > 0 else np.full(kb.shape, 1.0 / kb.size)
    share = float(np.clip(a.arrival_entitled_share, 0.0, 1.0))
    return np.concatenate([(1.0 - share) * kb, share * kb])


@dataclass(frozen=True)
class _Flows:
    """What every month of a run shares: rates, arrivals by cell, the recognition/ageing matrix and
    the district layout (``D``: accommodation × district indicator)."""

    RA: np.ndarray
    arr_cells: np.ndarray  # (T, C)
    rate_series: np.ndarray  # (T,) move-out rate of each month
    ent: np.ndarray  # (C,) 1 for entitled cells
    must: np.ndarray  # (C,) 1 for must-house cells
    must_dep: np.ndarray  # (C,) departure share of the must-house cells
    rho: float
    count_mode: bool
    moveout_count: float
    same_district: bool
    dist: np.ndarray
    D: np.ndarray


def _schedule(plan: Plan, a: Assumptions, T: int) -> tuple[np.ndarray, np.ndarray]:
    """Capacity (T, A) of each month and the rent (T, A): full while open, after an early closure
    the share not saved until the lease ends."""
    t_idx = np.arange(T)[:, None]
    is_open = (t_idx >= plan.open_from[None, :]) & (t_idx < plan.close_at[None, :])
    cap = plan.capacity[None, :] * is_open
    paying = (t_idx >= plan.open_from[None, :]) & (is_open | (t_idx <= plan.lease_last[None, :]))
    rent_factor = np.where(is_open, 1.0, np.where(paying, 1.0 - float(a.operating_share_saved), 0.0))
    return cap, rent_factor * (plan.capacity * plan.cost)[None, :]


def _flows(start: StartState, a: Assumptions, variant: str, plan: Plan, T: int) -> _Flows:
    ent = (CELL_GROUP == 1).astype("float64")
    must = 1.0 - ent
    arr = arrivals_series(start, a, variant)
    mix = arrival_mix(start, a)
    decline = np.clip(float(a.moveout_rate_decline), 0.0, 1.0)
    dep = float(np.clip(a.departure_rate, 0.0, 1.0))
    A = len(plan.ids)
    D = np.zeros((A, plan.n_districts))
    D[np.arange(A), plan.district_index] = 1.0
    return _Flows(
        RA=_transition(a), arr_cells=arr[:, None] * mix[None, :],
        rate_series=float(a.moveout_rate) * (1.0 - decline) ** (np.arange(T) / 12.0),
        ent=ent, must=must, must_dep=must * dep, rho=float(np.clip(a.recognition_rate, 0.0, 1.0)),
        count_mode=a.moveout_mode == "count", moveout_count=max(0.0, float(a.moveout_count)),
        same_district=bool(a.same_district_first) and plan.n_districts > 1, dist=plan.district_index, D=D)


def _outflows(P: np.ndarray, U: np.ndarray, colsum_p: np.ndarray, f: _Flows, t: int):
    """Step 2 and 3 of month t: move-outs and departures, then recognition and ageing.
    Returns the new stocks (P, U), the outflow by cell and the recognitions."""
    colsum = colsum_p + U
    if f.count_mode:
        ent_total = float(colsum @ f.ent)
        f_e = min(1.0, f.moveout_count / ent_total) if ent_total > EPS else 0.0
    else:
        f_e = min(1.0, max(0.0, f.rate_series[t]))
    out_share = f.ent * f_e + f.must_dep
    out_t = colsum * out_share
    recognised = f.rho * float((colsum - out_t) @ f.must)
    M = (1.0 - out_share)[:, None] * f.RA
    return P @ M, U @ M, out_t, recognised


def _transfers(P: np.ndarray, limit: np.ndarray, ones_c: np.ndarray):
    """Step 4: whoever is above an accommodation's limit is taken out, whole households together.
    Returns the remaining stock, the transferred persons by accommodation × cell (None when nobody
    moves) and the residents per accommodation."""
    tot = P @ ones_c
    if not (tot > limit + EPS).any():
        return P, None, tot
    excess = np.maximum(tot - limit, 0.0)
    frac = np.divide(excess, tot, out=np.zeros(len(tot)), where=tot > EPS)
    X = P * frac[:, None]
    P = P - X
    return P, X, P @ ones_c


def _place(P: np.ndarray, U: np.ndarray, X: np.ndarray | None, free: np.ndarray, arrivals: np.ndarray,
           f: _Flows, ones_c: np.ndarray):
    """Step 5: transfers first into free places of their own district, then the rest of the
    transfers, the unplaced stock and the arrivals city-wide. Returns P, U and the transferred
    persons placed in another district (by cell, None without transfers)."""
    rem_d = None
    pool = U + arrivals
    if X is not None:
        Xd = f.D.T @ X  # transfers by origin district
        if f.same_district:
            Td = Xd @ ones_c
            Fd = f.D.T @ free
            placed_d = np.minimum(Td, Fd)
            s_d = np.divide(placed_d, Td, out=np.zeros_like(Td), where=Td > EPS)
            fill_d = np.divide(placed_d, Fd, out=np.zeros_like(Fd), where=Fd > EPS)
            per_free = np.divide(s_d, Fd, out=np.zeros_like(Fd), where=Fd > EPS)
            P += free[:, None] * (Xd * per_free[:, None])[f.dist]
            free = free * (1.0 - fill_d[f.dist])
            rem_d = Xd * (1.0 - s_d)[:, None]
        else:
            rem_d = Xd
        pool = pool + rem_d.sum(axis=0)
    n_pool = float(pool.sum())
    F = float(free.sum())
    cross = None
    if n_pool > EPS and F > EPS:
        q = min(n_pool, F) / n_pool
        P += free[:, None] * (pool * (q / F))[None, :]
        U = pool * (1.0 - q)
        if rem_d is not None:
            # share of a district's remaining transfers that lands outside that district
            away = 1.0 - (f.D.T @ free) / F
            cross = (rem_d * (q * away)[:, None]).sum(axis=0)
    else:
        U = pool
    return P, U, cross


def run(start: StartState, a: Assumptions, variant: str = "mittel", plan: Plan | None = None) -> Raw:
    """Simulate one scenario and return the raw arrays (see the module docstring for the order)."""
    plan = plan or build_plan(start, a)
    T = int(a.horizon_months)
    A = len(plan.ids)
    C = N_CELLS
    CAP, rent = _schedule(plan, a, T)
    f = _flows(start, a, variant, plan, T)

    P = np.zeros((A, C))
    P[: start.n] = start.persons
    start_cells = P.sum(axis=0)
    U = np.zeros(C)
    ones_a = np.ones(A)
    ones_c = np.ones(C)
    tot0 = P @ ones_c
    ob = np.where(CAP[0] > 0, np.maximum(tot0 - CAP[0], 0.0), 0.0)

    residents = np.empty((T, A))
    transfers_out = np.zeros((T, A))
    placed_cells = np.empty((T, C))
    unplaced_cells = np.empty((T, C))
    outflow_cells = np.empty((T, C))
    recognitions = np.empty(T)
    cross_cells = np.zeros((T, C))

    has_ob = bool((ob > 0).any())
    colsum_p = ones_a @ P
    for t in range(T):
        cap = CAP[t]
        P, U, outflow_cells[t], recognitions[t] = _outflows(P, U, colsum_p, f, t)
        # a closed accommodation keeps no overbooking
        limit = cap + np.where(cap > 0, ob, 0.0) if has_ob else cap
        P, X, tot = _transfers(P, limit, ones_c)
        if X is not None:
            transfers_out[t] = X @ ones_c
        if has_ob:
            ob = np.where(cap > 0, np.minimum(ob, np.maximum(tot - cap, 0.0)), 0.0)
        free = np.maximum(cap - tot, 0.0)
        P, U, cross = _place(P, U, X, free, f.arr_cells[t], f, ones_c)
        if cross is not None:
            cross_cells[t] = cross
        residents[t] = P @ ones_c
        colsum_p = ones_a @ P
        placed_cells[t] = colsum_p
        unplaced_cells[t] = U

    return Raw(T=T, residents=residents, capacity=CAP, transfers_out=transfers_out, placed_cells=placed_cells,
               unplaced_cells=unplaced_cells, arrivals_cells=f.arr_cells, outflow_cells=outflow_cells,
               recognitions=recognitions, cross_cells=cross_cells, rent=rent,
               start_total=float(start_cells.sum()), start_cells=start_cells)


def cells_by(values: np.ndarray, key: np.ndarray, n: int) -> np.ndarray:
    """Sum the cell axis (last) of `values` into n groups given by `key` (one group index per cell)."""
    onehot = np.zeros((N_CELLS, n))
    onehot[np.arange(N_CELLS), key] = 1.0
    return values @ onehot
