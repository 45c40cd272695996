"""Store shapes for the second outside round (``attacker_outside2.py``), built like ``shapes_outside.py``
(the demo's sites and residents, occupancy set per site) with two further knobs: a site's places
(``capacity``) and its planned closure (``closures``), so that shares, findings and the scenario meet
small counts:

- ``full``: small sites with as many places as residents or fewer (utilisation 100 %, overcrowded by one),
  next to sites of 3 and more;
- ``nearly_empty``: the whole city houses two persons at the Stichtag (the city total itself is small),
  five at the previous Stand;
- ``one_big``: one large site (40) and every other site 0–2: the city total minus the large site is the
  sum of the small ones;
- ``closing``: a site of one resident closes next month, one of two in the scenario's horizon, every
  other site large (the scenario's transfers are the small sites' residents);
- ``grow``: every site as at the previous Stand except two small ones (1 → 2, 2 → 3): the difference of
  the published totals of both Stände is 2;
- ``pair``: districts with exactly two sites (1 and 4, 2 and 5): the district figure minus the
  published site.

:func:`states` gives (Stand, previous Stand) of a named shape, :func:`focus` its focus area.
"""

from __future__ import annotations

import dataclasses
import functools

import pandas as pd

from ankunft.storage import demo
from tests.audit import shapes_outside as so
from tests.audit import test_council_audit as base

N_SITES = so.N_SITES


@dataclasses.dataclass(frozen=True)
class Shape:
    """A first-round shape plus places per site (index, places) and planned closures (index, date)."""

    base: so.Shape
    capacity: tuple[tuple[int, float], ...] = ()
    closures: tuple[tuple[int, str], ...] = ()
    focus: tuple[str, ...] = tuple(base.FOCUS)


def _patch(acc: pd.DataFrame, shape: Shape) -> pd.DataFrame:
    acc = acc.copy()
    for i, cap in shape.capacity:
        acc.loc[acc.index[i], "capacity"] = float(cap)
    for i, day in shape.closures:
        acc.loc[acc.index[i], "planned_closure"] = pd.Timestamp(day)
    return acc


def tables(shape: Shape) -> list[tuple]:
    out = []
    for dataset, day, frame, *rest in so.tables(shape.base):
        if dataset == "accommodations":
            frame = _patch(frame, shape)
        out.append((dataset, day, frame, *rest))
    return out


SHAPES: dict[str, Shape] = {
    "full": Shape(so.Shape(current=(5, 1, 2, 2, 1, 2, 4, 6, 1, 3, 7, 2, 5, 3),
                           earlier=(5, 2, 2, 1, 1, 2, 0, 6, 2, 3, 7, 1, 5, 3)),
                  capacity=((1, 1.0), (2, 2.0), (3, 1.0), (4, 1.0), (5, 2.0), (8, 1.0), (11, 2.0), (9, 3.0))),
    "nearly_empty": Shape(so.Shape(current=(0, 0, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0),
                                   earlier=(0, 0, 0, 4, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0))),
    "one_big": Shape(so.Shape(current=(1, 2, 0, 1, 2, 1, 2, 40, 1, 0, 2, 1, 2, 1),
                              earlier=(2, 1, 0, 1, 2, 2, 0, 38, 1, 1, 2, 1, 1, 1))),
    "closing": Shape(so.Shape(current=(30, 2, 20, 25, 20, 1, 40, 50, 35, 30, 40, 45, 30, 20),
                              earlier=(30, 2, 20, 12, 20, 1, 0, 50, 35, 30, 40, 45, 30, 20)),
                     closures=((5, "2026-10-31"), (1, "2027-03-31"))),
    "grow": Shape(so.Shape(current=(6, 5, 7, 4, 2, 3, 5, 8, 4, 6, 9, 5, 7, 4),
                           earlier=(6, 5, 7, 4, 1, 2, 0, 8, 4, 6, 9, 5, 7, 4))),
    # 04 holds sites 0 and 4 (1 and 4), 02 sites 3 and 7 (2 and 5), 03 sites 2 and 12 (6 and 1)
    "pair": Shape(so.Shape(current=(1, 6, 6, 2, 4, 5, 7, 5, 8, 6, 9, 7, 1, 3),
                           earlier=(1, 6, 6, 2, 4, 5, 0, 5, 8, 6, 9, 7, 2, 3)), focus=("04",)),
}


def move_household(tables: list[tuple], src: str, dst: str) -> list[tuple]:
    """The same store with the smallest household living at accommodation ``src`` at the Stichtag moved to
    ``dst`` (the same persons: their stays and households unchanged, only the place), the list's
    occupancy column following."""
    res = next(f for d, day, f, *_ in tables if d == "residents" and day == demo.STICHTAG)
    cur = base._current(res, demo.STICHTAG)
    here = cur[(cur["accommodation"] == src).to_numpy()]
    sizes = here.groupby("household_id").size()
    rows = here.index[(here["household_id"] == sizes.idxmin()).to_numpy()]
    out = []
    for dataset, day, frame, *rest in tables:
        if day == demo.STICHTAG and dataset in ("residents", "accommodations"):
            frame = frame.copy()
            if dataset == "residents":
                frame.loc[rows, "accommodation"] = dst
            else:
                frame.loc[(frame["id"] == src).to_numpy(), "occupancy"] -= len(rows)
                frame.loc[(frame["id"] == dst).to_numpy(), "occupancy"] += len(rows)
        out.append((dataset, day, frame, *rest))
    return out


def singletons(tables: list[tuple], site: str) -> int:
    """Households of one person living at ``site`` at the Stichtag."""
    res = next(f for d, day, f, *_ in tables if d == "residents" and day == demo.STICHTAG)
    cur = base._current(res, demo.STICHTAG)
    return int((cur[(cur["accommodation"] == site).to_numpy()].groupby("household_id").size() == 1).sum())


def states_of_tables(tables: list[tuple]):
    return base._state(tables, demo.STICHTAG), base._state(tables, demo.EARLIER)


def states_of(shape: Shape):
    """(Stand, previous Stand) of a shape."""
    return states_of_tables(tables(shape))


@functools.cache
def states(name: str):
    """(Stand, previous Stand) of a named shape, built once."""
    return states_of(SHAPES[name])


def focus(name: str) -> list[str]:
    return list(SHAPES[name].focus)


KINDS = list(SHAPES)
