"""The closure-timeline engine: whole households per accommodation, one vectorised step per month.

**Month convention** (the one place it is stated): period 0 is the Stichtag's month and shows the
count of the Stichtag itself – no flow is applied to it, whether the Stichtag is the last day of
its month or the middle. Period t ≥ 1 is the state one month of flows later, labelled with its
calendar month. A closure month is the first month in which an accommodation is closed; a closure
dated in the Stichtag's month (or earlier) of an accommodation with residents takes effect in
period 1, because period 0 shows them where they were counted.

Month t ≥ 1 runs in this order (every count is a whole number of households):

1. capacity of the month: accommodations open from their opening month until their closure month
   (exclusive);
2. outflows: entitled households move to private housing (rate, optionally falling each year, or a
   fixed number of persons), must-house households leave otherwise (departure rate); the expected
   number per household type becomes whole households city-wide with a carried rounding error
   (:func:`households.whole`) and is shared among the accommodations (:func:`spread`), so the
   flows do not depend on where households live (a closure changes no one's move-out);
3. recognition moves must-house households into the entitled group (same size); children age;
4. transfers: every household of a closing accommodation (and of one above its limit, smallest
   first) is moved – whole;
5. placement (:func:`placement.fill`): transfers first into their own district, then city-wide,
   then the unplaced households and the month's arrivals; accommodations closing within the next
   six months come last (so nobody is moved twice), whole households into places free for their size. The **target utilisation is a real
   limit**: first only places below ``target × places`` are filled; whoever does not fit there is
   placed above the target up to the places (reported as ``over_target``) and only then left
   unplaced (carried into the next month).

Start occupancy above capacity is kept and reported as overbooking; it never grows. Costs: places
cost ``capacity × cost per place`` while an accommodation is open and, after an early closure,
until its lease ends (``operating_share_saved`` of that stops at closure). A reserve accommodation
carries that holding cost (the share not saved) until it is opened, while its lease runs (no lease
end = the whole horizon). New accommodations cost nothing before they open.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import numpy as np
import pandas as pd

from ankunft.scenario import households as hh
from ankunft.scenario import placement
from ankunft.scenario.inputs import (
    DEFAULT_AGE_SHARES,
    N_CELLS,
    VARIANTS,
    Assumptions,
    StartState,
    month_index,
    type_cells,
)

EPS = 1e-9
AGEING_0_5 = 1.0 / 72.0  # monthly share of 0–5 year olds turning 6
AGEING_6_17 = 1.0 / 144.0  # monthly share of 6–17 year olds turning 18
SIZE = hh.TYPE_SIZE
J = hh.N_TYPES
IS_ENTITLED = hh.TYPE_GROUP == 1


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
    reserve: np.ndarray = field(default_factory=lambda: np.zeros(0, bool))


@dataclass
class Raw:
    """Arrays of one run (T periods, A accommodations, C cells, J household types)."""

    T: int
    residents: np.ndarray  # (T, A) persons
    capacity: np.ndarray  # (T, A)
    transfers_out: np.ndarray  # (T, A) persons moved out of each accommodation
    placed_cells: np.ndarray  # (T, C)
    unplaced_cells: np.ndarray  # (T, C)
    arrivals_cells: np.ndarray  # (T, C)
    outflow_cells: np.ndarray  # (T, C) move-outs (entitled) and departures (must-house)
    recognitions: np.ndarray  # (T,) persons
    cross_cells: np.ndarray  # (T, C) transferred people placed in another district
    rent: np.ndarray  # (T, A)
    start_total: float
    start_cells: np.ndarray
    households: np.ndarray | None = None  # (T, A, J) whole households (kept for checks)
    placed_types: np.ndarray | None = None  # (T, J) households placed
    unplaced_types: np.ndarray | None = None  # (T, J) households unplaced
    moveout_types: np.ndarray | None = None  # (T, J) households leaving (move-outs and departures)
    arrivals_types: np.ndarray | None = None  # (T, J) households arriving
    over_target: np.ndarray | None = None  # (T,) persons placed above the target utilisation


def build_plan(start: StartState, a: Assumptions) -> Plan:
    """Resolve closures, openings and new capacity into per-accommodation period arrays."""
    T = int(a.horizon_months)
    acc = start.accommodations
    n0 = len(acc)
    ids, names, districts = acc["id"].tolist(), acc["name"].tolist(), acc["district_id"].tolist()
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
        j, om = position.get(key), month_index(start.stichtag, value)
        if j is not None and reserve[j] and om is not None:
            open_from[j] = max(0, min(om, T))
    for key, value in a.closures.items():
        j, cm = position.get(key), month_index(start.stichtag, value)
        if j is not None and cm is not None:
            close_at[j] = max(0, min(cm, T))
    close_at[closed] = 0
    occupied = start.households.sum(axis=1) > 0
    close_at[occupied] = np.maximum(close_at[occupied], min(1, T))  # period 0 is the count
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
    # an unknown district is a district of its own (never merged with another unknown one)
    keys = [d if d else f"?{i}" for d, i in zip(districts, ids)]
    codes, district_index = np.unique(np.array(keys, dtype=object).astype(str), return_inverse=True)
    return Plan(ids=ids, names=names, district_ids=districts, capacity=np.maximum(np.floor(capacity), 0.0),
                cost=cost, open_from=open_from.astype(np.int64), close_at=close_at.astype(np.int64),
                lease_last=lease_last.astype(np.int64), is_new=np.r_[np.zeros(n0, bool), np.ones(len(new), bool)],
                district_index=district_index.astype(np.int64), n_districts=len(codes),
                reserve=np.r_[reserve, np.zeros(len(new), bool)])


def _periods(start: StartState, dates: pd.Series) -> np.ndarray:
    """Period index of each date's month (-1 where the date is missing)."""
    d = pd.to_datetime(dates)
    s = pd.Timestamp(start.stichtag)
    years = d.dt.year.to_numpy(dtype="float64", na_value=np.nan)
    months = d.dt.month.to_numpy(dtype="float64", na_value=np.nan)
    idx = (years - s.year) * 12 + (months - s.month)
    return np.where(np.isnan(idx), -1, idx).astype(np.int64)


def arrivals_series(start: StartState, a: Assumptions, variant: str) -> np.ndarray:
    """Arrivals (persons) per period for a variant, with the seasonal profile when switched on
    (period 0 included here; the engine applies no flow to period 0)."""
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


def arrival_types(start: StartState, a: Assumptions) -> np.ndarray:
    """Person shares of arrivals by household type: sizes from the data, group by the assumption."""
    by_size = np.asarray(start.arrival_types, dtype="float64").reshape(2, -1).sum(axis=0)
    by_size = by_size / by_size.sum() if by_size.sum() > 0 else np.r_[1.0, np.zeros(hh.S_MAX - 1)]
    share = float(np.clip(a.arrival_entitled_share, 0.0, 1.0))
    return np.concatenate([(1.0 - share) * by_size, share * by_size])


def schedule(plan: Plan, a: Assumptions, T: int) -> tuple[np.ndarray, np.ndarray]:
    """Capacity (T, A) of each month and the rent (T, A): full while open, after an early closure
    (and before a reserve opens) the share not saved, while the lease runs."""
    t_idx = np.arange(T)[:, None]
    is_open = (t_idx >= plan.open_from[None, :]) & (t_idx < plan.close_at[None, :])
    cap = plan.capacity[None, :] * is_open
    after = (t_idx >= plan.open_from[None, :]) & (t_idx <= plan.lease_last[None, :])
    lease_runs = (plan.lease_last[None, :] < 0) | (t_idx <= plan.lease_last[None, :])
    holding = plan.reserve[None, :] & (t_idx < plan.open_from[None, :]) & lease_runs
    kept = 1.0 - float(a.operating_share_saved)
    rent_factor = np.where(is_open, 1.0, np.where(after | holding, kept, 0.0))
    return cap, rent_factor * (plan.capacity * plan.cost)[None, :]


@dataclass
class Context:
    """What every month of a run shares (rates, arrivals, limits, layout)."""

    plan: Plan
    T: int
    cap: np.ndarray  # (T, A)
    limit: np.ndarray  # (T, A) places below the target utilisation
    rent: np.ndarray
    arrivals: np.ndarray  # (T, J) expected households
    rate: np.ndarray  # (T,) move-out rate
    departure: float
    recognition: float
    count_mode: bool
    moveout_count: float
    same_district: bool
    target: float
    reserve_places: float
    rank: np.ndarray  # (T, A) placement order of the accommodations per month (placement.rankings)


@dataclass
class State:
    """The engine's state after a month (copy with :meth:`copy` to resume from it)."""

    H: np.ndarray  # (A, J) households placed
    U: np.ndarray  # (J,) households unplaced
    carry_out: np.ndarray  # (J,) rounding carry of outflows (city-wide per type)
    carry_rec: np.ndarray  # (S_MAX,) rounding carry of recognitions
    carry_arr: np.ndarray  # (J,)
    ob: np.ndarray  # (A,) start overbooking still kept
    ages: np.ndarray  # (S_MAX, 3) persons by size × age band

    def copy(self) -> "State":
        return State(**{k: v.copy() for k, v in self.__dict__.items()})


def context(start: StartState, a: Assumptions, variant: str, plan: Plan) -> Context:
    T = int(a.horizon_months)
    cap, rent = schedule(plan, a, T)
    tu = float(np.clip(a.target_utilisation, 0.0, 1.0))
    arr = arrivals_series(start, a, variant)
    arr[0] = 0.0
    decline = np.clip(float(a.moveout_rate_decline), 0.0, 1.0)
    return Context(
        plan=plan, T=T, cap=cap, limit=np.floor(cap * tu + 1e-9), rent=rent,
        arrivals=arr[:, None] * arrival_types(start, a)[None, :] / SIZE[None, :],
        rate=float(a.moveout_rate) * (1.0 - decline) ** (np.arange(T) / 12.0),
        departure=float(np.clip(a.departure_rate, 0.0, 1.0)), recognition=float(np.clip(a.recognition_rate, 0.0, 1.0)),
        count_mode=a.moveout_mode == "count", moveout_count=max(0.0, float(a.moveout_count)),
        same_district=bool(a.same_district_first) and plan.n_districts > 1, target=tu,
        reserve_places=float(a.reserve_places), rank=placement.rankings(plan.close_at, plan.capacity, T))


def initial(start: StartState, ctx: Context) -> State:
    A = len(ctx.plan.ids)
    H = np.zeros((A, J))
    H[: start.n] = start.households
    tot = H @ SIZE
    ob = np.where(ctx.cap[0] > 0, np.maximum(tot - ctx.cap[0], 0.0), 0.0)
    return State(H=H, U=np.zeros(J), carry_out=np.zeros(J), carry_rec=np.zeros(hh.S_MAX),
                 carry_arr=np.zeros(J), ob=ob, ages=np.asarray(start.ages, dtype="float64").copy())


@dataclass
class Month:
    """What happened in one month (persons unless noted)."""

    transfers_out: np.ndarray  # (A,)
    arrivals: np.ndarray  # (J,) households
    outflow: np.ndarray  # (J,) households
    recognised: float
    cross: np.ndarray  # (J,) persons placed outside their district


def spread(stock: np.ndarray, k: np.ndarray) -> np.ndarray:
    """Share ``k`` whole households of each type (column) among the rows of ``stock``, in
    proportion to the rows and in whole households (systematic rounding of the running sum)."""
    rows = np.ascontiguousarray(stock.T)
    return _steps(_cum_shares(np.cumsum(rows, axis=1), rows.sum(axis=1), k), rows).T


def _cum_shares(C: np.ndarray, tot: np.ndarray, k: np.ndarray) -> np.ndarray:
    """The running sum of :func:`spread`'s shares: ``floor(C × k / tot + ½)`` per type (row), from
    the running sums ``C`` (types × accommodations) of the stock (whole numbers, so exact in any
    order; ``k ≤ tot``). Types with ``k = 0`` get the ratio 0 and so the running sum 0."""
    ratio = k / np.maximum(tot, 1.0)  # k > 0 only where tot ≥ k ≥ 1: the same quotient, else 0
    y = C * ratio[:, None]
    y += 0.5
    y += 1e-9
    np.floor(y, out=y)
    return y


def _steps(y: np.ndarray, stock: np.ndarray) -> np.ndarray:
    """Differences along each row of the running sums ``y`` (never more than the stock holds)."""
    d = np.empty_like(y)
    d[:, :1] = y[:, :1]
    np.subtract(y[:, 1:], y[:, :-1], out=d[:, 1:])
    np.minimum(d, stock, out=d)
    return d


def _buffer(s: State) -> np.ndarray:
    """The households by type (rows) × accommodation, the unplaced in the last column: the layout
    of the monthly flows (one contiguous row per type). ``s.H`` is its transposed view, so the
    array is reused from month to month (a copied state gets a new one)."""
    H = s.H
    A = len(H)
    B = H.base
    if not (B is not None and B.shape == (J, A + 1) and B.flags.c_contiguous and H.ctypes.data == B.ctypes.data
            and H.strides == B.strides[::-1]):
        B = np.empty((J, A + 1))
        B[:, :A] = H.T
    B[:, A] = s.U
    return B


def _outflows(s: State, ctx: Context, t: int) -> tuple[np.ndarray, float]:
    """Steps 2 and 3: move-outs, departures, recognitions (whole households), ageing. The number
    leaving is decided city-wide per household type (so it does not depend on where households
    live) and then shared among the accommodations and the unplaced (:func:`spread`). Both
    sharings use one running sum of the stock (the recognitions' one is that minus the move-outs')."""
    B = _buffer(s)
    tot = B.sum(axis=1)
    if ctx.count_mode:
        ent_persons = float(tot[hh.ENTITLED_TYPES] @ SIZE[hh.ENTITLED_TYPES])
        f_e = min(1.0, ctx.moveout_count / ent_persons) if ent_persons > EPS else 0.0
    else:
        f_e = min(1.0, max(0.0, float(ctx.rate[t])))
    rates = np.where(IS_ENTITLED, f_e, ctx.departure)
    k_tot, s.carry_out = hh.whole(tot * rates, s.carry_out, tot)
    S = hh.S_MAX
    must_tot = tot[:S] - k_tot[:S]
    r_tot, s.carry_rec = hh.whole(must_tot * ctx.recognition, s.carry_rec, must_tot)
    moves, recognises = bool(k_tot.any()), bool(r_tot.any())
    if moves or recognises:
        C = np.cumsum(B, axis=1)
    if moves:
        y = _cum_shares(C, tot, k_tot)
        B -= _steps(y, B)
        C_must = C[:S]
        C_must -= y[:S]
    elif recognises:
        C_must = C[:S]
    if recognises:
        r = _steps(_cum_shares(C_must, must_tot, r_tot), B[:S])
        B[:S] -= r
        B[S:] += r
    s.H, s.U = B[:, :-1].T, B[:, -1].copy()
    s.ages = hh.age_step(s.ages, AGEING_0_5, AGEING_6_17)
    return k_tot, float(r_tot @ SIZE[:S])


def _batches(X: np.ndarray, plan: Plan) -> list[tuple[int, np.ndarray]]:
    """Transferred households grouped by their district of origin."""
    origins = np.unique(plan.district_index[X.sum(axis=1) > 0])
    return [(int(d), X[plan.district_index == d].sum(axis=0)) for d in origins]


def _place_transfers(s: State, batches: list, free: np.ndarray, ctx: Context, t: int) -> tuple[list, np.ndarray]:
    """Transfers into ``free``: own district first (when switched on), then city-wide.
    Returns the batches still to place and the persons placed in another district (J,)."""
    plan = ctx.plan
    cross = np.zeros(J)
    if ctx.same_district:
        kept = []
        for d, batch in batches:
            placed, batch = placement.fill(batch, free, ctx.rank[t], plan.district_index == d)
            s.H += placed
            kept.append((d, batch))
        batches = kept
    left = []
    for d, batch in batches:
        placed, batch = placement.fill(batch, free, ctx.rank[t])
        s.H += placed
        cross += placed[plan.district_index != d].sum(axis=0) * SIZE
        left.append((d, batch))
    return left, cross


def step(s: State, ctx: Context, t: int) -> Month:
    """One month t ≥ 1 (changes ``s`` in place)."""
    A = len(ctx.plan.ids)
    outflow, recognised = _outflows(s, ctx, t)
    cap = ctx.cap[t]
    kept = s.ob.any()  # start overbooking still kept (it never grows, so once 0 it stays 0)
    X = placement.evacuate(s.H, cap + np.where(cap > 0, s.ob, 0.0) if kept else cap)
    if kept:
        s.ob = np.where(cap > 0, np.minimum(s.ob, np.maximum(s.H @ SIZE - cap, 0.0)), 0.0)
    arrivals, s.carry_arr = hh.whole_unlimited(ctx.arrivals[t], s.carry_arr)
    cross = np.zeros(J)
    transfers_out = np.zeros(A) if X is None else X @ SIZE
    batches = [] if X is None else _batches(X, ctx.plan)
    pool = s.U + arrivals
    # first within the target utilisation, then above it up to the places (a closed accommodation
    # has no places and, after the evacuation, no residents: its free places are 0 either way)
    for within in (True, False):
        base = ctx.limit[t] if within else cap
        free = np.maximum(base - s.H @ SIZE, 0.0)
        if batches:
            batches, c = _place_transfers(s, batches, free, ctx, t)
            cross += c
        _, pool = placement.fill(pool, free, ctx.rank[t], out=s.H)
        if pool.sum() <= 0 and not any(b.sum() > 0 for _, b in batches):
            break
    s.U = pool + sum((b for _, b in batches), np.zeros(J)) if batches else pool
    return Month(transfers_out=transfers_out, arrivals=arrivals, outflow=outflow, recognised=recognised,
                 cross=cross)


def gap(s: State, ctx: Context, t: int) -> float:
    """The month's problem in persons: the larger of the shortfall against the target (reserve
    included) and the unplaced persons – the measure of every feasibility check."""
    demand = float(s.H.sum(axis=0) @ SIZE + s.U @ SIZE)
    target = max(float(ctx.cap[t].sum()) * ctx.target - ctx.reserve_places, 0.0)
    return max(demand - target, float(s.U @ SIZE), 0.0)


def run(start: StartState, a: Assumptions, variant: str = "mittel", plan: Plan | None = None,
        keep_states: bool = False) -> Raw | tuple[Raw, list[State]]:
    """Simulate one scenario and return the raw arrays (see the module docstring for the order).
    With ``keep_states`` also the state after every month (to resume from, see ``earliest``)."""
    plan = plan or build_plan(start, a)
    ctx = context(start, a, variant, plan)
    s = initial(start, ctx)
    T, A = ctx.T, len(plan.ids)
    H_t = np.empty((T, A, J))
    U_t = np.zeros((T, J))
    ages_t = np.empty((T, hh.S_MAX, 3))
    transfers = np.zeros((T, A))
    arrivals = np.zeros((T, J))
    outflow = np.zeros((T, J))
    recognitions = np.zeros(T)
    cross = np.zeros((T, J))
    states = []
    for t in range(T):
        if t:
            m = step(s, ctx, t)
            transfers[t], arrivals[t], outflow[t], recognitions[t], cross[t] = (
                m.transfers_out, m.arrivals, m.outflow, m.recognised, m.cross)
        H_t[t], U_t[t], ages_t[t] = s.H, s.U, s.ages
        if keep_states:
            states.append(s.copy())
    raw = collect(ctx, H_t, U_t, ages_t, transfers, arrivals, outflow, recognitions, cross)
    return (raw, states) if keep_states else raw


def type_cells_t(ages_t: np.ndarray) -> np.ndarray:
    """(T, J, C): persons of each type → cells with the month's age shares."""
    tot = ages_t.sum(axis=2, keepdims=True)
    default = hh.age_shares(np.zeros((hh.S_MAX, 3)), DEFAULT_AGE_SHARES)[None, :, :]
    shares = np.where(tot > 0, ages_t / np.where(tot > 0, tot, 1.0), default)
    return type_cells(shares)


def collect(ctx: Context, H_t, U_t, ages_t, transfers, arrivals, outflow, recognitions, cross) -> Raw:
    """The Raw arrays of a run from the monthly states."""
    M = type_cells_t(ages_t)
    placed_types = np.ones(H_t.shape[1]) @ H_t  # whole numbers: exact, and 3× faster than sum(axis=1)
    residents = H_t @ SIZE
    over = np.where(ctx.cap > 0, np.maximum(residents - ctx.limit, 0.0), 0.0).sum(axis=1)

    def cells(households: np.ndarray) -> np.ndarray:
        return np.einsum("tj,tjc->tc", households * SIZE[None, :], M)

    placed_cells = cells(placed_types)
    return Raw(T=ctx.T, residents=residents, capacity=ctx.cap, transfers_out=transfers,
               placed_cells=placed_cells, unplaced_cells=cells(U_t), arrivals_cells=cells(arrivals),
               outflow_cells=cells(outflow), recognitions=recognitions,
               cross_cells=np.einsum("tj,tjc->tc", cross, M), rent=ctx.rent,
               start_total=float(placed_cells[0].sum()), start_cells=placed_cells[0].copy(),
               households=H_t, placed_types=placed_types, unplaced_types=U_t, moveout_types=outflow, arrivals_types=arrivals,
               over_target=over)


def with_closure(plan: Plan, j: int, t: int) -> Plan:
    """The plan with accommodation ``j`` closing in period ``t`` (T = stays open)."""
    close_at = plan.close_at.copy()
    close_at[j] = t
    return replace(plan, close_at=close_at)


def cells_by(values: np.ndarray, key: np.ndarray, n: int) -> np.ndarray:
    """Sum the cell axis (last) of `values` into n groups given by `key` (one group index per cell)."""
    onehot = np.zeros((N_CELLS, n))
    onehot[np.arange(N_CELLS), key] = 1.0
    return values @ onehot
