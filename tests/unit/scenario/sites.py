"""The small scenario shared by the scenario, view, export and session tests: two accommodations
without a residents file.

:func:`two_sites` – Asternweg (09, 100 places, 80 residents, 200 € a place, lease until 30.06.2027) and
Bahnhof (01, 100 places, 50 residents, 300 € a place); :func:`formula_sites` – the same with a first
name a spreadsheet would read as a formula, in districts 01 and 02.
:func:`flows` – 3 arrivals a month in the middle variant, no other flows; :func:`still` – no flows at
all, so residents stay unless an accommodation closes; care 100 €, emergency housing 1.500 € a person
and month.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from ankunft.scenario import Assumptions, StartState, start_state

STICHTAG = dt.date(2026, 10, 1)


def two_sites(first_name: str = "Asternweg", districts: tuple[str, str] = ("09", "01"),
              more: tuple[dict, ...] = ()) -> StartState:
    """The start state of the two accommodations (and the rows of ``more`` after them)."""
    return start_state(pd.DataFrame([
        {"id": "A", "name": first_name, "district_id": districts[0], "capacity": 100, "occupancy": 80,
         "monthly_cost_per_place": 200.0, "lease_end": pd.Timestamp("2027-06-30")},
        {"id": "B", "name": "Bahnhof", "district_id": districts[1], "capacity": 100, "occupancy": 50,
         "monthly_cost_per_place": 300.0},
        *more,
    ]), None, STICHTAG)


def formula_sites() -> StartState:
    return two_sites("=HYPERLINK(\"http://x\")", ("01", "02"))


def flows(**changes) -> Assumptions:
    base = dict(horizon_months=12, arrivals={"niedrig": 0.0, "mittel": 3.0, "hoch": 30.0}, moveout_rate=0.0,
                departure_rate=0.0, recognition_rate=0.0, reserve_places=0.0)
    base.update(changes)
    return Assumptions(**base)


def still(**changes) -> Assumptions:
    base = dict(horizon_months=12, arrivals={"niedrig": 0.0, "mittel": 0.0, "hoch": 30.0}, moveout_rate=0.0,
                departure_rate=0.0, recognition_rate=0.0, reserve_places=0.0, closures={"A": None, "B": None},
                care_cost_per_person=100.0, unplaced_cost_per_person=1500.0)
    base.update(changes)
    return Assumptions(**base)
