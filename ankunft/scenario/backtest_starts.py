"""Start states at many month-ends from one pass over the stays (the back-test's origins).

:func:`start_states` gives, for every origin ``o``, exactly what
``inputs.start_state(accommodations, backtest.known_at(residents, o), o)`` gives – the start state
from the stays as known at ``o`` – without rebuilding the residents frame for each origin: the stays
are read once into arrays (move-in, move-out, accommodation, person, household key, what the status
says), and each origin is a few masks over them. The per-origin steps mirror
:func:`observed.observed_flows` and :func:`households.households_from_roster` array by array, in the
same order of rows and groups, so every number is the same (tests/unit/scenario/test_backtest_equal.py
holds the two side by side on generated stays, the demo data and 50.000 stays).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ankunft.core import glossary
from ankunft.scenario import households as hh
from ankunft.scenario import inputs, observed

DAY_NS = 86_400 * 10**9
POWERS = 10 ** np.arange(1, 18, dtype="int64")
UKRAINE = "§ 24 AufenthG (Ukraine)"
ASYLUM = "Asylverfahren"


NEVER = np.iinfo("int64").max  # a missing move-in or move-out: never (moved in / out)


def _ns(series: pd.Series) -> np.ndarray:
    """Nanoseconds since 1970 (missing: :data:`NEVER`): comparisons as with NaT, and fast."""
    values = series.to_numpy(dtype="datetime64[ns]")
    return np.where(np.isnat(values), NEVER, values.view("int64"))


def _at(stamp) -> int:
    return int(np.datetime64(pd.Timestamp(stamp), "ns").view("int64"))


class Stays:
    """The stays as arrays, read once; :meth:`start` builds the start state at one origin."""

    def __init__(self, accommodations: pd.DataFrame, residents: pd.DataFrame):
        self.acc, self.errors, self.notes = inputs.accommodation_table(accommodations)
        res = glossary.conform("residents", residents)
        self.res = res
        self.move_in, self.move_out = _ns(res["move_in"]), _ns(res["move_out"])
        self.move_out_dates = res["move_out"].to_numpy(dtype="datetime64[ns]")  # sorted as pandas sorts dates
        self.pos = observed.resolve(self.acc, res["accommodation"])
        self.entitled = observed.entitled_known(res)
        self.birth_year = res["birth_year"].to_numpy(dtype="float64")
        person, _ = pd.factorize(res["person_id"].astype("object"), use_na_sentinel=True)
        self.person, self.n_persons = person, max(int(person.max()) + 1 if len(person) else 0, 1)  # ≥ 1: indexable
        self.first_in = np.full(self.n_persons, NEVER)  # each person's first move-in
        np.minimum.at(self.first_in, person[person >= 0], self.move_in[person >= 0])
        status = res["residence_status"].astype("object")
        self.status_known = status.notna().to_numpy()
        self.asylum = (status == ASYLUM).to_numpy(dtype=float)
        self.ukraine = (status == UKRAINE).to_numpy(dtype=bool)
        self.household_known = res["household_id"].notna().to_numpy()
        self.household_rank = self._household_ranks(res["household_id"])

    def _household_ranks(self, household: pd.Series) -> np.ndarray | None:
        """Each stay's household id as its rank among the ids in string order (-1: none); None when an id
        would sort before the keys of persons without one (then the string keys are used)."""
        values = household.astype("object").to_numpy()
        known = ~pd.isna(values)
        strings = values[known].astype(str)
        if any(s == "" or s[0] == "\x00" for s in np.unique(strings)):
            return None
        ranks = np.full(len(values), -1, dtype="int64")
        ranks[known] = np.unique(strings, return_inverse=True)[1]
        return ranks

    def _households(self, rows: np.ndarray, sites: np.ndarray, entitled: np.ndarray, ages: np.ndarray,
                    n_sites: int) -> tuple[np.ndarray, np.ndarray]:
        """``households_from_roster`` of the stays ``rows`` (the persons with a known site) at ``sites``."""
        if self.household_rank is None:
            return hh.households_from_roster(np.where(sites >= 0, sites, -1),
                                             self.res["household_id"].iloc[rows].reset_index(drop=True),
                                             entitled, ages, n_sites)
        ok = sites >= 0
        rank = self.household_rank[rows][ok]
        own = rank < 0
        # a stay without household id is a household of its own, keyed "\x00<i>" (i its number among the
        # persons with a known site): those keys sort first, in the string order of the numbers
        i = np.flatnonzero(own)
        digits = np.searchsorted(POWERS, i, side="right") + 1  # decimal digits of i
        width = int(digits.max()) if len(i) else 1
        order = i * 10 ** (width - digits) * (width + 1) + digits
        keys = rank.copy()
        keys[own] = order - (10 ** width * (width + 1) + width + 1)
        return hh.households_from_keys(sites[ok], keys, entitled[ok], ages[ok], n_sites)

    def start(self, origin) -> inputs.StartState:
        """The start state at ``origin`` from the stays as known then (see the module's docstring)."""
        stamp = pd.Timestamp(origin)
        stichtag = stamp.date()
        now = _at(stamp)
        known = self.move_in <= now
        in_roster = known & (self.move_out > now)
        if not in_roster.any():
            return inputs.assemble(stichtag, self.acc.copy(), self.errors, self.notes, None)
        rows = np.flatnonzero(in_roster)
        pos = self.pos[rows]
        wg, g_known = observed.weights_of_entitled(self.entitled[rows])
        wb, b_known = observed.weights_of_birth_years(self.birth_year[rows], stichtag)
        households, ages = self._households(rows, pos, wg[:, 1], wb, len(self.acc))
        obs, recent = self._flows(known, rows, wg, stamp)
        new_hh = None
        if recent is not None:
            new_hh, _ = self._households(rows, np.where(recent & (pos >= 0), 0, -1), wg[:, 1], wb, 1)
        parts = inputs.roster_parts(stichtag, pos, households, ages, obs, new_hh,
                                    (g_known, b_known, bool(self.household_known[rows].any())))
        return inputs.assemble(stichtag, self.acc.copy(), self.errors, self.notes, parts)

    def _flows(self, known: np.ndarray, rows: np.ndarray, wg: np.ndarray, stamp: pd.Timestamp
               ) -> tuple[dict, np.ndarray | None]:
        """``observed.observed_flows`` of the stays as known at ``stamp`` (``known``) and the roster
        ``rows``: the flows and the mask of recent arrivals over the roster (None: too few)."""
        now, start = _at(stamp), _at(stamp - pd.DateOffset(months=12))
        first = self.first_in
        arrived = (first > start) & (first <= now)
        out: dict = {"arrivals_per_month": None, "moveout_rate": None, "departure_rate": None,
                     "reimbursable_share": None, "arrival_entitled_share": None}
        if known.any() and self.move_in[known].min() <= start:
            out["arrivals_per_month"] = int(arrived.sum()) / 12.0
        must_w = wg[:, 0]
        if self.status_known[rows].any() and must_w.sum() > 0:
            out["reimbursable_share"] = float((self.asylum[rows] * must_w).sum() / must_w.sum())
        if (known & (self.move_out <= now)).any():  # a move-out known then (later ones were not)
            out.update(self._exit_rates(known, now, start))
        person = self.person[rows]
        mask = np.where(person >= 0, arrived[np.maximum(person, 0)], False)
        recent = None
        if mask.sum() >= observed.MIN_RECENT:
            out["arrival_entitled_share"] = (float(self.ukraine[rows][mask].mean())
                                             if self.status_known[rows][mask].any() else 0.0)
            recent = mask
        return out, recent

    def _exit_rates(self, known: np.ndarray, now: int, start: int) -> dict:
        """``observed._exit_rates`` of the stays known at ``now`` (a move-out after ``now`` unknown)."""
        out = {}
        person = self.person
        mine = known & (person >= 0)
        closed = self.move_out <= now
        open_any = np.zeros(self.n_persons, dtype=bool)
        open_any[person[mine & ~closed]] = True
        last_out = np.full(self.n_persons, np.iinfo("int64").min)  # each person's last move-out known then
        np.maximum.at(last_out, person[mine & closed], self.move_out[mine & closed])
        exited = ~open_any & (last_out > start) & (last_out <= now)  # (persons without a stay then: min)
        if exited.any():
            rows = np.flatnonzero(mine & exited[np.maximum(person, 0)])
            # each person's last stay as _exit_rates picks it: pandas' own sort by move-out (equal days
            # in its order), then the person's last row in that order, the rows in that order
            order = pd.Series(self.move_out_dates[rows]).sort_values().index.to_numpy()
            who = person[rows][order]
            _, first_from_end = np.unique(who[::-1], return_index=True)
            last = np.sort(len(who) - 1 - first_from_end)
            wg_ex, _ = observed.weights_of_entitled(self.entitled[rows[order[last]]])
            ent_exits, must_exits = float(wg_ex[:, 1].sum()), float(wg_ex[:, 0].sum())
        else:
            ent_exits = must_exits = 0.0
        k = np.flatnonzero(known)
        begin = np.maximum(self.move_in[k], start)
        end = np.minimum(self.move_out[k], now)  # open or moved out later: now
        days = np.floor_divide(end - begin, DAY_NS).astype("float64")
        months = (days / (365.25 / 12)).clip(min=0.0)
        w_all, _ = observed.weights_of_entitled(self.entitled[k])
        ent_exposure, must_exposure = observed.exposure(months, w_all)
        if ent_exposure > 0:
            out["moveout_rate"] = ent_exits / ent_exposure
        if must_exposure > 0:
            out["departure_rate"] = must_exits / must_exposure
        return out

    def counted(self, date) -> tuple[int, np.ndarray]:
        """The stays in the roster at ``date`` (``inputs.roster_at``): their number and the number per
        accommodation (positions of the accommodation table)."""
        now = _at(date)
        on = (self.move_in <= now) & (self.move_out > now)
        pos = self.pos[on]
        return int(on.sum()), np.bincount(pos[pos >= 0], minlength=len(self.acc)).astype(float)


def start_states(accommodations: pd.DataFrame, residents: pd.DataFrame, origins) -> list[inputs.StartState]:
    """The start state at each origin from the stays as known then (one pass over the stays)."""
    stays = Stays(accommodations, residents)
    return [stays.start(o) for o in origins]
