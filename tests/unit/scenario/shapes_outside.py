"""Planning situations drawn from how a city's accommodation and residents lists really look – a
generator written from outside the planner (not from its code), for the probe in
``test_scenario_outside.py``.

A drawn :class:`City` holds the canonical accommodations and residents frames, a Stichtag and the
assumptions, plus what the generator knows about the data (``households``: every household of the
residents list at the Stichtag with its members' sites), so that the tests can check the product
against the data and not against the product's own arrays. Shapes covered (each drawn with some
weight, in any mix):

* households of 1 and of 9 to 16 persons (larger than every accommodation's free places, larger
  than the planner's largest household type), families of 4–6;
* stays ending exactly at the Stichtag or months before (places freed then), stays starting on
  the Stichtag, stays starting after it;
* no free place at all (every site full); sites with 0 residents; sites with 0 places;
* closure dates before the Stichtag, in its month, the month after it, two sites closing in the
  same month and competing for the same places, no closure;
* residents without household id; members of one household at two sites, a person with two open
  stays (moved, the old stay not closed) – data errors;
* floor areas unknown, to the planning standard (7 m² a person), too small for the places, roomy;
* a very long horizon (up to 120 months), a Stichtag at a month's end, middle or a leap day.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import pandas as pd
from hypothesis import strategies as st

from ankunft.scenario import Assumptions
from ankunft.scenario.inputs import month_key, period_month

STICHTAGE = (dt.date(2026, 10, 1), dt.date(2026, 9, 30), dt.date(2027, 1, 31), dt.date(2028, 2, 29),
             dt.date(2026, 12, 15))


@dataclass
class Household:
    """One household of the residents list at the Stichtag, as the data state it."""

    key: str  # household id, or the person id where the id is missing
    sites: list[str]  # each member's accommodation id (two different ones: a data error)
    has_id: bool
    also: str | None = None  # a one-person household whose person has a second open stay there (data error)


@dataclass
class City:
    accommodations: pd.DataFrame
    residents: pd.DataFrame
    stichtag: dt.date
    assumptions: Assumptions
    households: list[Household] = field(default_factory=list)

    @property
    def split_households(self) -> list[Household]:
        return [h for h in self.households if len(set(h.sites)) > 1]


SIZE = st.one_of(st.just(1), st.integers(1, 3), st.integers(4, 6), st.integers(9, 16))


def _stays(draw, site: str, others: list[str], stamp: pd.Timestamp, counter: list[int]):
    """The stays of one accommodation and the households current at the Stichtag."""
    stays, current = [], []
    for _ in range(draw(st.integers(0, 5))):
        counter[0] += 1
        hid = f"HH{counter[0]:04d}"
        size = draw(SIZE)
        has_id = size > 1 and draw(st.integers(0, 5)) > 0 or size == 1 and draw(st.booleans())
        # when the stay ends: still there / exactly at the Stichtag / before it; when it began
        end = draw(st.sampled_from(["open", "open", "open", "at", "before"]))
        move_in = stamp if draw(st.integers(0, 6)) == 0 else stamp - pd.DateOffset(months=draw(st.integers(1, 40)))
        move_out = {"open": pd.NaT, "at": stamp, "before": stamp - pd.DateOffset(days=draw(st.integers(1, 200)))}[end]
        if end == "before" and move_out < move_in:
            move_in = move_out - pd.DateOffset(months=3)
        split = others and size > 1 and draw(st.integers(0, 9)) == 0  # a data error: one member elsewhere
        sites = [site] * size
        if split:
            sites[-1] = draw(st.sampled_from(others))
        entitled = draw(st.sampled_from([True, False, None]))
        members = []
        for p, where in enumerate(sites):
            pid = f"{hid}-{p}"
            members.append({"person_id": pid, "household_id": hid if has_id else None, "accommodation": where,
                            "move_in": move_in, "move_out": move_out,
                            "birth_year": float(draw(st.sampled_from([1960, 1988, 2012, 2024]))),
                            "may_move_out": entitled})
        also = None
        if end == "open" and size == 1 and others and draw(st.integers(0, 7)) == 0:  # moved, old stay not closed
            also = draw(st.sampled_from(others))
            members.append({**members[0], "accommodation": also, "move_in": stamp - pd.DateOffset(days=10)})
        stays += members
        if end == "open":
            if has_id:
                current.append(Household(hid, sites, True, also))
            else:
                current += [Household(m["person_id"], [m["accommodation"]], False) for m in members[:size]]
                current[-1].also = also
    return stays, current


@st.composite
def cities(draw, max_sites: int = 5, max_horizon: int = 36) -> City:
    stichtag = draw(st.sampled_from(STICHTAGE))
    stamp = pd.Timestamp(stichtag)
    n = draw(st.integers(1, max_sites))
    ids = [f"U{i + 1}" for i in range(n)]
    full = draw(st.integers(0, 3)) == 0  # no free place anywhere
    stays, current, counter = [], [], [0]
    for sid in ids:
        s, c = _stays(draw, sid, [o for o in ids if o != sid], stamp, counter)
        stays += s
        current += c
    rows = []
    for sid in ids:
        persons = sum(h.sites.count(sid) for h in current)
        cap = persons if full else draw(st.sampled_from([0, persons, persons + 2, 8, 12, 30, 60]))
        rows.append({"id": sid, "name": f"Unterkunft {sid}", "district_id": draw(st.sampled_from(["01", "02", "09"])),
                     "capacity": float(cap), "occupancy": float(persons),
                     "monthly_cost_per_place": draw(st.sampled_from([199.0, 380.0, 850.0])),
                     # floor area: unknown, to the planning standard, too small for the places, roomy
                     "floor_area_m2": draw(st.sampled_from([None, 7.0 * cap, 4.0 * cap + 3.0, 10.0 * cap])),
                     "status": "in Betrieb"})
    horizon = draw(st.one_of(st.integers(2, max_horizon), st.just(max_horizon)))
    closures = {}
    same = draw(st.integers(-14, horizon)) if n > 1 and draw(st.booleans()) else None
    for i, sid in enumerate(ids):
        pick = draw(st.sampled_from(["none", "past", "now", "next", "later", "same"]))
        t = {"none": None, "past": -draw(st.integers(1, 14)), "now": 0, "next": 1,
             "later": draw(st.integers(2, horizon + 1)), "same": same}[pick]
        closures[sid] = None if t is None else month_key(period_month(stichtag, t))
    arrivals = draw(st.sampled_from([0.0, 0.0, 2.0, 7.5]))
    a = Assumptions(
        horizon_months=horizon, closures=closures,
        arrivals={"niedrig": arrivals / 2, "mittel": arrivals, "hoch": arrivals * 2},
        moveout_rate=draw(st.sampled_from([0.0, 0.03, 0.2])), departure_rate=draw(st.sampled_from([0.0, 0.01])),
        recognition_rate=draw(st.sampled_from([0.0, 0.02])), arrival_entitled_share=0.0,
        target_utilisation=draw(st.sampled_from([0.8, 0.9, 1.0])), reserve_places=0.0,
        notice_months=draw(st.sampled_from([0, 1, 3])), same_district_first=draw(st.booleans()),
    )
    acc = pd.DataFrame(rows)
    res = pd.DataFrame(stays, columns=["person_id", "household_id", "accommodation", "move_in", "move_out",
                                       "birth_year", "may_move_out"])
    return City(acc, res, stichtag, a, current)
