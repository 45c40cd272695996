"""Store shapes the council-mode fixtures had not tried (issue 15, outside adversary).

The audit fixtures (demo, small numbers, recent small moves, capacity flags, one history) keep the
demo's site list and districts and shrink the occupancy with one fixed pattern. Small-number leaks in
practice come from shapes that pattern never makes, so each shape here builds a store from the demo's
sites and residents (real names, districts, coordinates, households) with:

- ``lone``: districts with exactly one accommodation, whose only site sits below, at and just above
  the threshold (1, 2, 3);
- ``edges``: every occupancy at the threshold or one off it (1, 2, 3), both Stände;
- ``closure``: a small site that closes between the two Stände while every other site keeps its
  count (the difference of the two published totals is the closed site), a second one closed but
  still housing people (the scenario's start differs from the published count);
- ``category``: a type (Hotel/Pension) with one member of 1 resident, operators with a single small
  member, one of them moved to a district of its own;
- ``tiny``: many tiny districts: every site moved to a district of its own, 1–4 residents each;
- ``move``: the two Stände differ by one household of one person moving between two sites;
- ``zeros``: empty sites (a true, published 0) next to sites of 1 and 2;
- ``shares``: a small city (every site ≤ 4) where only one or two people stay longer than three
  years: a published share over a small denominator;
- ``focus``: the focus area set to a single district holding one small site (``FOCUS_OF``).

:func:`tables` makes any such shape from a :class:`Shape` (hypothesis builds families of them in
``test_outside_attacker.py``); :func:`states` gives the two Stände as the audit tests read them.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools

import numpy as np
import pandas as pd

from ankunft.core import reference
from ankunft.storage import demo
from ankunft.storage.demo import places
from tests.audit import test_council_audit as base

N_SITES = 14  # the demo's accommodation list
CLOSED = -1  # an occupancy entry: the site is closed at that Stand (status "geschlossen", nobody counted)
DISTRICT_NAMES = {d.id: d.name for d in reference.DISTRICTS}


@dataclasses.dataclass(frozen=True)
class Shape:
    """One store: occupancy per demo site at the Stichtag and at the earlier Stand (``CLOSED`` = closed),
    sites moved to other districts, one-member categories, how many current residents stay longer
    than three years (None: as in the demo), residents still listed at closed sites."""

    current: tuple[int, ...]
    earlier: tuple[int, ...]
    moved: tuple[tuple[int, str], ...] = ()  # (site index, district id)
    single_type: tuple[int, ...] = ()  # site indices that get an operator of their own
    long_stays: int | None = None
    stranded: tuple[tuple[int, int], ...] = ()  # (site index, residents) at a site closed at the Stichtag

    def __post_init__(self):
        assert len(self.current) == len(self.earlier) == N_SITES


def _pad(values) -> tuple[int, ...]:
    return tuple((list(values) * N_SITES)[:N_SITES])


SHAPES: dict[str, Shape] = {
    # districts 01 (site 002), 16 (006) and 11 (014) hold one site each: 1, 2 and 3 residents
    "lone": Shape(current=(4, 2, 5, 3, 6, 1, 7, 4, 9, 3, 5, 8, 6, 3),
                  earlier=(5, 1, 4, 3, 6, 2, 0, 4, 8, 3, 6, 8, 5, 2)),
    "edges": Shape(current=_pad((1, 2, 3, 3, 2, 1, 3)), earlier=(2, 3, 1, 2, 3, 3, 0, 2, 1, 3, 2, 1, 3, 2)),
    "closure": Shape(current=(8, 6, 5, 4, 7, CLOSED, 9, 6, 5, 4, 7, 8, 5, CLOSED),
                     earlier=(8, 6, 5, 4, 7, 2, 0, 6, 5, 4, 7, 8, 5, 3), stranded=((13, 1),)),
    "category": Shape(current=(6, 5, 7, 1, 4, 8, 6, 5, 4, 2, 7, 3, 6, 5),
                      earlier=(6, 5, 7, 3, 4, 8, 0, 5, 4, 1, 7, 3, 6, 5), moved=((9, "13"),), single_type=(9, 3)),
    "tiny": Shape(current=(1, 2, 3, 4, 1, 2, 3, 4, 2, 1, 3, 2, 4, 1), earlier=(2, 1, 4, 3, 2, 1, 0, 3, 1, 2, 4, 1, 3, 2),
                  moved=tuple(zip(range(N_SITES), ("01", "02", "03", "04", "05", "06", "07", "08", "09", "10",
                                                   "12", "13", "14", "15")))),
    "move": Shape(current=(7, 5, 3, 9, 6, 4, 8, 2, 6, 5, 7, 4, 3, 6),
                  earlier=(7, 5, 3, 9, 6, 4, 0, 1, 6, 5, 7, 4, 4, 6)),
    "zeros": Shape(current=_pad((0, 1, 0, 2, 0, 0, 5, 1, 0, 2, 0, 6, 0, 1)),
                   earlier=_pad((0, 2, 0, 1, 0, 0, 0, 2, 0, 1, 0, 5, 0, 2))),
    "shares": Shape(current=_pad((2, 1, 3, 4, 1, 2, 3)), earlier=_pad((1, 2, 3, 4, 2, 1, 0)), long_stays=1),
    "focus": Shape(current=(6, 4, 5, 7, 3, 2, 8, 6, 5, 4, 9, 5, 6, 7),
                   earlier=(6, 4, 5, 7, 3, 1, 0, 6, 5, 4, 9, 5, 6, 7)),
}
FOCUS_OF = {"focus": ["16"]}  # the focus area: one district with one small site (else the audits' FOCUS)


def focus(name: str) -> list[str]:
    return FOCUS_OF.get(name, list(base.FOCUS))


# --- building the tables -----------------------------------------------------------------------------------
def _sites(acc: pd.DataFrame, res: pd.DataFrame, day: dt.date, occupancy, shape: Shape,
           current: bool) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The site list and residents of one Stand: ``occupancy[i]`` current residents of site i (taken from
    the demo's residents of that site, households kept together where they fit), 40 past stays."""
    acc = acc.copy()
    cur = base._current(res, day)
    keep = []
    for i, aid in enumerate(acc["id"]):
        n = occupancy[i]
        stranded = dict(shape.stranded).get(i, 0) if current else 0
        take = max(n, 0) + (stranded if n == CLOSED else 0)
        here = cur[(cur["accommodation"] == aid).to_numpy()].sort_values(["household_id", "person_id"])
        assert len(here) >= take, (aid, take, len(here))
        keep.extend(here.index[:take])
        row = acc.index[i]
        if n == CLOSED:
            acc.loc[row, ["status", "occupancy"]] = ["geschlossen", 0.0]
        else:
            acc.loc[row, "occupancy"] = float(n)
            if acc.loc[row, "status"] == "Reserve" and n > 0:
                acc.loc[row, "status"] = "in Betrieb"
    rng = np.random.default_rng(len(keep))
    for i, did in shape.moved:
        lat, lon = places._place(rng, did)
        acc.loc[acc.index[i], ["district_id", "district", "lat", "lon"]] = [did, DISTRICT_NAMES[did], lat, lon]
    for n, i in enumerate(shape.single_type):
        acc.loc[acc.index[i], "operator"] = f"Träger {chr(ord('A') + n)}"
    past = res[~res.index.isin(cur.index)].iloc[:40]
    out = pd.concat([res.loc[keep], past]).sort_index().reset_index(drop=True)
    if current and shape.long_stays is not None:
        now = (out["move_out"].isna() | (out["move_out"] > pd.Timestamp(day))).to_numpy() & \
              (out["move_in"] <= pd.Timestamp(day)).to_numpy()
        for n, i in enumerate(out.index[now]):  # the first `long_stays` stay from 2019, the rest since 2025
            out.loc[i, "move_in"] = pd.Timestamp(2019, 5, 2) if n < shape.long_stays else pd.Timestamp(2025, 2, 3)
    return acc, out


def tables(shape: Shape) -> list[tuple]:
    """The shape as ``import_tables`` tuples (both Stichtage), like ``test_council_audit.small_number_tables``."""
    d = demo.build()
    acc, res = _sites(d.accommodations, d.residents, demo.STICHTAG, shape.current, shape, True)
    acc0, res0 = _sites(d.accommodations_earlier, d.residents_earlier, demo.EARLIER, shape.earlier, shape, False)
    return base.demo_tables_with(d, acc, res, acc0, res0)


def states_of(shape: Shape):
    """(Stand, previous Stand) of a shape."""
    t = tables(shape)
    return base._state(t, demo.STICHTAG), base._state(t, demo.EARLIER)


@functools.cache
def states(name: str):
    """(Stand, previous Stand) of a named shape, built once."""
    return states_of(SHAPES[name])


KINDS = [f"out:{name}" for name in SHAPES]  # the audits' data kinds (``test_cross_view.states``)
