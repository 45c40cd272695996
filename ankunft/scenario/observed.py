"""What the residents file says, before the scenario starts: person weights and observed flows.

* :func:`weights_group` – per person the share entitled to private housing (1/0 where the status or
  the "Auszugsberechtigt" column says so, the known share where it does not);
* :func:`weights_age` – per person the age band (0–5, 6–17, adults) at the Stichtag;
* :func:`observed_flows` – arrivals, move-out and departure rates of the 12 months before the
  Stichtag, the share in the asylum procedure and who arrived recently.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from ankunft.core import reference
from ankunft.core.names import name_key

DEFAULT_ENTITLED_SHARE = 0.4  # 2019: 25 % recognised; state audit 2021: up to 60 % → midpoint
DEFAULT_AGE_SHARES = (0.12, 0.22, 0.66)  # 0–5, 6–17, adults (unverified)
DEFAULT_HOUSEHOLD_PERSON_SHARES = (0.30, 0.12, 0.13, 0.45)  # persons living in 1, 2, 3, 4+ households
DEFAULT_SIZE_4PLUS = 5.0
N_B = 3
MIN_RECENT = 10  # recent arrivals needed before their composition is used


def weights_group(roster: pd.DataFrame) -> tuple[np.ndarray, bool]:
    return weights_of_entitled(entitled_known(roster))


def entitled_known(roster: pd.DataFrame) -> np.ndarray:
    """Per person 1 (entitled) / 0 where the status or "Auszugsberechtigt" says so, NaN where unknown."""
    n = len(roster)
    may = roster["may_move_out"]
    status = roster["residence_status"].astype("object")
    ent = np.full(n, np.nan)
    known_status = status.notna().to_numpy()
    ent[known_status] = status[known_status].isin(reference.ENTITLED_STATUSES).to_numpy().astype(float)
    may_known = may.notna().to_numpy()
    ent[may_known] = may[may_known].astype(bool).to_numpy().astype(float)
    return ent


def weights_of_entitled(known: np.ndarray) -> tuple[np.ndarray, bool]:
    """:func:`weights_group` from :func:`entitled_known` of the same persons (unknown → the known share)."""
    ent = np.array(known, dtype="float64")
    unknown = np.isnan(ent)
    share = float(np.nanmean(ent)) if (~unknown).any() else DEFAULT_ENTITLED_SHARE
    ent[unknown] = share
    return np.column_stack([1.0 - ent, ent]), bool((~unknown).any())


def weights_age(roster: pd.DataFrame, stichtag: dt.date) -> tuple[np.ndarray, bool]:
    return weights_of_birth_years(roster["birth_year"].to_numpy(dtype="float64"), stichtag)


def weights_of_birth_years(by: np.ndarray, stichtag: dt.date) -> tuple[np.ndarray, bool]:
    """:func:`weights_age` from the persons' birth years (NaN = unknown)."""
    age = stichtag.year - by
    known = ~np.isnan(age)
    w = np.zeros((len(by), N_B))
    band = np.where(age < 6, 0, np.where(age < 18, 1, 2))
    w[np.flatnonzero(known), band[known]] = 1.0
    shares = w[known].mean(axis=0) if known.any() else np.array(DEFAULT_AGE_SHARES)
    w[~known] = shares
    return w, bool(known.any())


def observed_flows(res: pd.DataFrame, roster: pd.DataFrame, wg: np.ndarray, stichtag: dt.date) -> dict:
    """Flows of the 12 months before the Stichtag, per month (None when the data cannot tell).

    Keys: ``arrivals_per_month``, ``moveout_rate``, ``departure_rate``, ``reimbursable_share``,
    ``arrival_entitled_share`` and ``_recent`` (a mask over the roster: arrived within the 12
    months, only when at least ``MIN_RECENT`` did)."""
    stamp = pd.Timestamp(stichtag)
    start = stamp - pd.DateOffset(months=12)
    pid = res["person_id"].astype("object")
    first_in = res.groupby(pid)["move_in"].min()
    arrivals = int(((first_in > start) & (first_in <= stamp)).sum())
    out: dict = {"arrivals_per_month": None, "moveout_rate": None, "departure_rate": None,
                 "reimbursable_share": None, "arrival_entitled_share": None}
    if res["move_in"].notna().any() and res["move_in"].min() <= start:
        out["arrivals_per_month"] = arrivals / 12.0
    status = roster["residence_status"].astype("object")
    must_w = wg[:, 0]
    if status.notna().any() and must_w.sum() > 0:
        asyl = (status == "Asylverfahren").to_numpy(dtype=float)
        out["reimbursable_share"] = float((asyl * must_w).sum() / must_w.sum())
    if res["move_out"].notna().any():
        out.update(_exit_rates(res, pid, wg, start, stamp))
    recent = roster["person_id"].astype("object").map(first_in)
    mask = ((recent > start) & (recent <= stamp)).to_numpy(dtype=bool)
    if mask.sum() >= MIN_RECENT:
        status_recent = roster.loc[mask, "residence_status"].astype("object")
        ukr = float((status_recent == "§ 24 AufenthG (Ukraine)").mean()) if status_recent.notna().any() else 0.0
        out["arrival_entitled_share"] = ukr
        out["_recent"] = mask
    return out


def _exit_rates(res: pd.DataFrame, pid: pd.Series, wg: np.ndarray, start, stamp) -> dict:
    """Move-out rate (entitled) and departure rate (must-house) per month: exits in the window over
    the months people of the group lived in accommodations during the window (person-months at
    risk, from every stay's overlap with the window) – unbiased whether the stock grows or shrinks."""
    out = {}
    open_any = res["move_out"].isna().groupby(pid).any()
    last_out = res.groupby(pid)["move_out"].max()
    exited = (~open_any) & (last_out > start) & (last_out <= stamp)
    ex_ids = set(exited[exited].index)
    if ex_ids:
        last_rows = res[pid.isin(ex_ids)].sort_values("move_out").groupby(pid.loc[pid.isin(ex_ids)]).tail(1)
        wg_ex, _ = weights_group(last_rows.reset_index(drop=True))
        ent_exits, must_exits = float(wg_ex[:, 1].sum()), float(wg_ex[:, 0].sum())
    else:
        ent_exits = must_exits = 0.0
    begin = res["move_in"].where(res["move_in"] > start, start)
    end = res["move_out"].fillna(stamp).where(res["move_out"].fillna(stamp) < stamp, stamp)
    months = ((end - begin).dt.days.to_numpy(dtype="float64", na_value=0.0) / (365.25 / 12)).clip(min=0.0)
    w_all, _ = weights_group(res.reset_index(drop=True))
    ent_exposure, must_exposure = exposure(months, w_all)
    if ent_exposure > 0:
        out["moveout_rate"] = ent_exits / ent_exposure
    if must_exposure > 0:
        out["departure_rate"] = must_exits / must_exposure
    return out


def exposure(months: np.ndarray, weights: np.ndarray) -> tuple[float, float]:
    """Person-months at risk of the entitled and of the must-house: ``months`` weighted by the group
    weights. Summed by numpy (pairwise, the same on every machine) and not as a BLAS dot product, whose
    result depends on the number of BLAS threads and which waits for them on a busy machine (40 ms
    instead of 0,1 ms for 40.000 stays)."""
    return float((months * weights[:, 1]).sum()), float((months * weights[:, 0]).sum())


def _key(value) -> str:
    s = str(value).strip()
    if s.isdigit():
        s = str(int(s))
    return name_key(s)


def resolve(acc: pd.DataFrame, values: pd.Series) -> np.ndarray:
    """Position of each stay's accommodation (by id or by normalised name); -1 when unknown."""
    lookup: dict[str, int] = {}
    for j, name in enumerate(acc["name"]):
        lookup.setdefault(_key(name), j)
    for j, i in enumerate(acc["id"]):  # ids win over names
        lookup[_key(i)] = j
    vals = values.astype("object")
    codes, uniques = pd.factorize(vals, use_na_sentinel=True)
    pos_of_unique = np.array([lookup.get(_key(u), -1) for u in uniques] + [-1], dtype=int)
    return pos_of_unique[codes]  # code -1 (missing) picks the trailing -1
