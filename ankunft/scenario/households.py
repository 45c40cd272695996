"""Households as the engine's units: types, the start households and whole-number flows.

A household *type* is a group (0 = must-house, 1 = entitled to private housing) and a household
size 1 … ``S_MAX`` persons. The engine keeps, for every accommodation, the **number of households
of each type** (whole numbers); persons are households × size, so a household is never split.

* :func:`type_index`, :data:`TYPE_GROUP`, :data:`TYPE_SIZE`, :data:`TYPE_CLASS` (size class 0 = 1
  person … 3 = 4 and more, the classes of the flats advice);
* :func:`households_from_roster` – the households of the residents file at the Stichtag, per
  accommodation (a household living in two accommodations counts as one household in each);
* :func:`roster_notes` – German notes on households of the residents file the planner cannot keep as
  one: persons without a household id, a household id at two accommodations (a data error) or a
  household above ``S_MAX`` persons;
* :func:`households_from_occupancy` – without a residents file: the occupancy split into households
  with the default shares (marked "geschätzt" by the start state);
* :func:`whole` – expected flows turned into whole households with a carried rounding error (so
  that the whole numbers follow the expected values over the months, deterministically).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ankunft.core import fmt

S_MAX = 12  # larger households are kept as several households of at most S_MAX persons
N_TYPES = 2 * S_MAX
TYPE_GROUP = np.repeat(np.arange(2), S_MAX)
TYPE_SIZE = np.tile(np.arange(1, S_MAX + 1), 2).astype("float64")
TYPE_CLASS = np.minimum(TYPE_SIZE, 4).astype(int) - 1
MUST_TYPES = np.flatnonzero(TYPE_GROUP == 0)
ENTITLED_TYPES = np.flatnonzero(TYPE_GROUP == 1)


def type_index(group: int, size: int) -> int:
    """Type index of a household of ``group`` (0 must-house, 1 entitled) and ``size`` persons."""
    return int(group) * S_MAX + min(max(int(size), 1), S_MAX) - 1


def _quota(p: np.ndarray) -> np.ndarray:
    """0/1 per item so that the running count of ones follows the running sum of ``p`` (rounded):
    items with p = 0 or 1 keep it, items of unknown share get that share as a whole number."""
    c = np.floor(np.cumsum(p) + 0.5)
    return np.diff(np.r_[0.0, c]).clip(0, 1)


def households_from_roster(pos: np.ndarray, household: pd.Series, entitled: np.ndarray, age_band: np.ndarray,
                           n_sites: int) -> tuple[np.ndarray, np.ndarray]:
    """Households per accommodation × type and persons per size × age band.

    ``pos``: accommodation position of each person (-1 = unknown, left out); ``household``: the
    household id (missing = a household of its own); ``entitled``: share 0…1 per person (1 = may move
    out; a fraction where the status is unknown); ``age_band``: (persons × 3) weights.
    A household is entitled when at least half of its members are (unknown shares are turned into
    whole households by :func:`_quota`). Returns ``(households (n_sites × N_TYPES), ages (S_MAX × 3))``.
    """
    ok = pos >= 0
    hh = household.astype("object").to_numpy()[ok]
    own = pd.isna(hh)
    keys = np.where(own, np.array([f"\x00{i}" for i in range(len(hh))], dtype=object), hh.astype(str))
    return households_from_keys(pos[ok], keys, entitled[ok], age_band[ok], n_sites)


def households_from_keys(sites: np.ndarray, keys: np.ndarray, entitled: np.ndarray, age_band: np.ndarray,
                         n_sites: int) -> tuple[np.ndarray, np.ndarray]:
    """:func:`households_from_roster` of the persons with a known accommodation, one household key each
    (the same key at the same site = one household; the households are taken in the order of the keys,
    so any keys in the order of the household ids give the same result)."""
    keys = np.asarray(keys)
    age_band = np.asarray(age_band, dtype="float64").reshape(-1, 3)
    columns = {"ent": entitled, "b0": age_band[:, 0], "b1": age_band[:, 1], "b2": age_band[:, 2]}
    if keys.dtype.kind in "iu" and len(keys):  # integer keys: one combined key (the same order, faster)
        span = int(keys.max()) - int(keys.min()) + 1
        g = pd.DataFrame({"key": np.asarray(sites, dtype="int64") * span + (keys - keys.min()), **columns}
                         ).groupby("key", sort=True)
        counts = g.size()
        sites = counts.index.to_numpy() // span
    else:
        g = pd.DataFrame({"site": sites, "key": keys, **columns}).groupby(["site", "key"], sort=True)
        counts = g.size()
        sites = counts.index.get_level_values("site").to_numpy()
    size = counts.to_numpy()
    share = g["ent"].mean().to_numpy()
    ages = g[["b0", "b1", "b2"]].sum().to_numpy()
    group = np.where(share > 0.5 + 1e-9, 1.0, np.where(share < 0.5 - 1e-9, 0.0, share))
    fractional = (group > 0) & (group < 1)
    group[fractional] = _quota(group[fractional])
    households = np.zeros((n_sites, N_TYPES))
    age_by_size = np.zeros((S_MAX, 3))
    rest = size.copy()
    while (rest > 0).any():  # households above S_MAX become several households
        part = np.minimum(rest, S_MAX)
        live = part > 0
        t = group[live].astype(int) * S_MAX + part[live] - 1
        np.add.at(households, (sites[live], t), 1.0)
        np.add.at(age_by_size, part[live] - 1, ages[live] * (part[live] / size[live])[:, None])
        rest = rest - part
    return households, age_by_size


NAMED = 10  # households named in a note (the rest counted)


def _named(keys: list[str], describe) -> str:
    shown = "; ".join(describe(k) for k in keys[:NAMED])
    return shown + (f" und {fmt.integer(len(keys) - NAMED)} weitere" if len(keys) > NAMED else "")


def double_stays(person: pd.Series, pos: np.ndarray, names: list[str]) -> list[str]:
    """A German note on persons with more than one open stay at the Stichtag (they count in each)."""
    ids = person.astype("object").to_numpy()
    known = person.notna().to_numpy()
    codes, keys = pd.factorize(ids[known])
    twice = np.flatnonzero(np.bincount(codes, minlength=len(keys)) > 1)
    if not len(twice):
        return []
    where = pos[known]
    twice = twice[np.argsort(keys[twice], kind="stable")]
    text = _named(list(twice), lambda c: (f"Nr. {keys[c]} "
                                          f"({', '.join(names[s] if s >= 0 else '?' for s in where[codes == c])})"))
    return [f"{fmt.plural(len(twice), 'Person hat', 'Personen haben')} am Stichtag mehr als einen laufenden "
            f"Aufenthalt: {text}. Sie zählen in jeder dieser Unterkünfte – bitte das Auszugsdatum des früheren "
            "Aufenthalts prüfen."]


def roster_notes(pos: np.ndarray, household: pd.Series, site_names, person: pd.Series | None = None) -> list[str]:
    """German notes on households the planner cannot keep as one household: persons without a household
    id where others have one (each counts as a household of its own), a household id at two or
    more accommodations (a data error; each part counts as a household of its own, see
    :func:`households_from_roster`) and households of more than ``S_MAX`` persons at one
    accommodation (kept as several households of at most ``S_MAX``, which may be placed apart).
    ``pos``: accommodation position of each person (-1 unknown); ``site_names`` by position; with
    ``person`` (the person ids) also persons with two open stays (:func:`double_stays`)."""
    doubles = [] if person is None else double_stays(person, pos, [str(n) for n in site_names])
    known = household.notna().to_numpy()
    ok = (pos >= 0) & known
    without = int(((pos >= 0) & ~known).sum())
    first = doubles if not without or not known.any() else [*doubles, 
        f"Haushalts-Nr. fehlt bei {fmt.plural(without, 'Person', 'Personen')}: sie zählen als eigene Haushalte "
        "(ein Kind darunter würde allein untergebracht) – bitte in der Bewohnerdatei ergänzen."]
    if not ok.any():
        return first
    names = [str(n) for n in site_names]
    codes, keys = pd.factorize(household.astype("object").to_numpy()[ok].astype(str))
    n = max(len(names), 1)
    pairs, size = np.unique(codes.astype(np.int64) * n + pos[ok], return_counts=True)  # (household, site)
    owner, where = pairs // n, pairs % n
    spread = np.flatnonzero(np.bincount(owner, minlength=len(keys)) > 1)
    notes = first
    if len(spread):
        spread = spread[np.argsort(keys[spread], kind="stable")]
        text = _named(list(spread), lambda c: f"Nr. {keys[c]} ({', '.join(names[s] for s in where[owner == c])})")
        notes.append(f"{fmt.plural(len(spread), 'Haushalt wohnt', 'Haushalte wohnen')} laut Bewohnerdatei in "
                     f"mehr als einer Unterkunft: {text}. Die Planung führt jeden Teil als eigenen Haushalt – bitte "
                     "die Haushalts-Nr. in der Bewohnerdatei prüfen.")
    big = np.flatnonzero(size > S_MAX)
    if len(big):
        big = big[np.argsort(keys[owner[big]], kind="stable")]
        text = _named(list(big), lambda i: (f"Nr. {keys[owner[i]]} ({fmt.integer(size[i])} Personen in "
                                            f"{names[where[i]]})"))
        notes.append(f"Haushalte über {fmt.integer(S_MAX)} Personen: {text}. Die Planung rechnet sie als mehrere "
                     f"Haushalte von höchstens {fmt.integer(S_MAX)} Personen, die getrennt untergebracht werden "
                     "können.")
    return notes


def households_from_occupancy(occupancy: np.ndarray, person_shares, size_4plus: float,
                              entitled_share: float) -> np.ndarray:
    """Households per accommodation × type from whole occupancies, with default person shares by
    class (1, 2, 3, 4+ persons; the 4+ class as households of ``round(size_4plus)``); whatever
    rounding leaves over lives in one-person households, so persons add up to the occupancy."""
    occ = np.floor(np.maximum(np.nan_to_num(occupancy), 0.0) + 0.5)
    big = int(min(max(round(size_4plus), 4), S_MAX))
    sizes = np.array([2, 3, big])
    counts = np.floor(occ[:, None] * np.asarray(person_shares[1:], dtype="float64")[None, :] / sizes[None, :])
    singles = occ - counts @ sizes
    by_size = np.zeros((len(occ), S_MAX))
    by_size[:, 0] = singles
    by_size[:, sizes - 1] = counts
    ent = np.floor(by_size * float(entitled_share) + 0.5)
    return np.concatenate([by_size - ent, ent], axis=1)


def whole(expected: np.ndarray, carry: np.ndarray, limit: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Whole households from expected (fractional) ones: ``expected + carry`` rounded half up, within
    0 … ``limit``; returns ``(whole, new carry)``. The carry (between −½ and ½ unless the limit
    binds) keeps the rounding error for the next month, so the whole numbers follow the expected
    ones without lag; it is dropped where nobody is left."""
    x = expected + carry
    k = np.floor(x + 0.5)
    np.minimum(k, limit, out=k)
    np.maximum(k, 0.0, out=k)
    x -= k
    x *= limit > 0
    return k, x


def whole_unlimited(expected: np.ndarray, carry: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """:func:`whole` without an upper limit (the month's arrivals): the same numbers in fewer steps."""
    x = expected + carry
    k = np.floor(x + 0.5)
    np.maximum(k, 0.0, out=k)
    x -= k
    return k, x


def persons_by_type(households: np.ndarray) -> np.ndarray:
    """Persons (households × size) of a households array (… × N_TYPES)."""
    return households * TYPE_SIZE


def age_step(ages: np.ndarray, ageing_0_5: float, ageing_6_17: float) -> np.ndarray:
    """One month of ageing of the persons by size × age band (0–5, 6–17, adults)."""
    out = np.empty_like(ages)
    b0, b1, b2 = ages[:, 0], ages[:, 1], ages[:, 2]
    up0, up1 = b0 * ageing_0_5, b1 * ageing_6_17
    np.subtract(b0, up0, out=out[:, 0])
    np.add(b1, up0, out=out[:, 1])
    out[:, 1] -= up1
    np.add(b2, up1, out=out[:, 2])
    return out


def age_shares(ages: np.ndarray, default) -> np.ndarray:
    """Age-band shares per household size (rows sum to 1; sizes without persons take ``default``)."""
    tot = ages.sum(axis=1, keepdims=True)
    out = np.where(tot > 0, ages / np.where(tot > 0, tot, 1.0), np.asarray(default, dtype="float64")[None, :])
    out[0] = np.where(tot[0] > 0, out[0], [0.0, 0.0, 1.0])  # a one-person household is an adult
    return out
