"""Scenario inputs: start state from residents, estimates from occupancy, assumptions and JSON."""

from __future__ import annotations

import datetime as dt
import json

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ankunft.scenario import (
    Assumptions,
    CapacityChange,
    default_assumptions,
    month_index,
    start_state,
    start_state_from,
)
from ankunft.scenario.inputs import cell, period_label
from ankunft.storage.state import DataState

STICHTAG = dt.date(2026, 10, 1)

ACC = pd.DataFrame([
    {"id": "A", "name": "Unterkunft A", "district_id": "9", "capacity": 10, "occupancy": 7,
     "monthly_cost_per_place": 200.0, "lease_end": pd.Timestamp("2027-06-30"), "status": "in Betrieb",
     "planned_closure": pd.Timestamp("2027-03-15")},
    {"id": "B", "name": "Hotel Zepp", "district_id": "01", "capacity": 10, "occupancy": 2,
     "status": "in Betrieb"},
    {"id": "R", "name": "Halle", "district_id": "05", "capacity": 80, "status": "Reserve"},
])


def T(s: str) -> pd.Timestamp:
    return pd.Timestamp(s)


RES = pd.DataFrame([
    # household H1 of three in A: adult (by id), child 4 (by name, other spelling), child 14
    {"person_id": "P1", "household_id": "H1", "accommodation": "A", "move_in": T("2025-01-01"),
     "birth_year": 1990, "residence_status": "Asylverfahren"},
    {"person_id": "P2", "household_id": "H1", "accommodation": " unterkunft a ", "move_in": T("2025-01-01"),
     "birth_year": 2022, "residence_status": "Asylverfahren"},
    {"person_id": "P3", "household_id": "H1", "accommodation": "A", "move_in": T("2025-01-01"),
     "birth_year": 2012, "residence_status": "Asylverfahren"},
    # single, allowed to move out (flag wins), in B
    {"person_id": "P4", "household_id": "H2", "accommodation": "B", "move_in": T("2026-02-01"),
     "birth_year": 1985, "residence_status": "Duldung", "may_move_out": True},
    # moved from A to B: the old stay has ended, the new one counts
    {"person_id": "P5", "accommodation": "A", "move_in": T("2024-01-01"), "move_out": T("2026-06-01"),
     "birth_year": 1970, "residence_status": "anerkannt (§ 25 Abs. 2 AufenthG)"},
    {"person_id": "P5", "accommodation": "Hotel Zepp", "move_in": T("2026-06-01"),
     "birth_year": 1970, "residence_status": "anerkannt (§ 25 Abs. 2 AufenthG)"},
    # moves in after the Stichtag: not in the roster
    {"person_id": "P6", "accommodation": "A", "move_in": T("2026-11-01"), "birth_year": 2000},
    # unknown accommodation: reported, not placed
    {"person_id": "P7", "accommodation": "Unbekannt", "move_in": T("2026-01-01"), "birth_year": 1999,
     "residence_status": "Duldung"},
    # left in the window before the Stichtag (an exit of the must-house group)
    {"person_id": "P8", "accommodation": "A", "move_in": T("2025-01-01"), "move_out": T("2026-03-01"),
     "birth_year": 1995, "residence_status": "Asylverfahren"},
])


def test_roster_resolves_ids_and_names_and_cells():
    s = start_state(ACC, RES, STICHTAG)
    assert not s.estimated
    assert s.n == 3
    a, b, r = s.persons
    # A: household of three (class 3 → index 2), must-house, one per age band
    assert a[cell(0, 2, 0)] == 1.0 and a[cell(0, 2, 1)] == 1.0 and a[cell(0, 2, 2)] == 1.0
    assert a.sum() == 3.0
    # B: two entitled single adults (P4 by flag, P5 by status)
    assert b[cell(1, 0, 2)] == 2.0 and b.sum() == 2.0
    assert r.sum() == 0.0
    assert any("1 Aufenthalte ließen sich keiner Unterkunft zuordnen" in n for n in s.notes)
    assert s.accommodations["district_id"].tolist() == ["09", "01", "05"]
    assert s.accommodations["reserve"].tolist() == [False, False, True]


def test_observed_flows_from_the_last_twelve_months():
    s = start_state(ACC, RES, STICHTAG)
    obs = s.observed
    # roster must-house: P1, P2, P3 (asylum procedure) and P7 (Duldung) → 3 of 4 reimbursable
    assert obs["reimbursable_share"] == pytest.approx(0.75)
    # first move-ins in (Okt. 2025, Okt. 2026]: P4, P6 is later, P7 → 2 arrivals
    assert obs["arrivals_per_month"] == pytest.approx(2 / 12)
    # one must-house exit (P8) over the must-house months in the window: P1–P3 12 months each, P7 since
    # Jan. 2026 (9), P8 until März 2026 (5) → 1 / 50 person-months (days / 30,44)
    assert obs["departure_rate"] == pytest.approx(1 / 50, rel=0.01)
    assert obs["moveout_rate"] == pytest.approx(0.0)
    a = default_assumptions(s)
    assert a.arrivals["mittel"] == pytest.approx(0.2)
    assert a.sources["arrivals"] == "aus Daten" and a.sources["recognition_rate"] == "geschätzt"
    assert a.sources["care_cost_per_person"] == "Referenzwert"
    assert a.closures == {"A": "2027-03", "B": None}  # from planned_closure; the reserve is not closable


def test_estimate_from_occupancy_without_residents():
    s = start_state(ACC, None, STICHTAG)
    assert s.estimated
    assert s.residents().tolist() == pytest.approx([7.0, 2.0, 0.0])
    # default entitled share 40 % of whole households: 7 singles (no room for larger households
    # by the default shares) → 2,8 → 3 entitled
    assert s.persons[0, 12:].sum() == 3.0
    assert s.households[0].sum() == 7.0
    assert "geschätzt" in s.notes[0]
    a = default_assumptions(s)
    assert a.sources["arrivals"] == "geschätzt"
    assert a.arrivals == {"niedrig": 0.6, "mittel": 1.0, "hoch": 1.5}
    # reserve: 5 % of the 20 operating places, rounded to tens
    assert a.reserve_places == 0.0


def test_missing_fields_are_estimated_and_said_so():
    res = RES.drop(columns=["household_id", "birth_year"])
    s = start_state(ACC, res, STICHTAG)
    assert any("Geburtsjahre fehlen" in n for n in s.notes)
    assert any("Haushalts-Nr. fehlt" in n for n in s.notes)
    assert s.persons.sum() == pytest.approx(5.0)


def test_month_helpers():
    assert month_index(STICHTAG, "2027-03") == 5
    assert month_index(STICHTAG, pd.Timestamp("2026-09-30")) == -1
    assert month_index(STICHTAG, None) is None and month_index(STICHTAG, pd.NaT) is None
    assert period_label(STICHTAG, 5) == "März 2027"


def test_assumptions_json_round_trip_and_description():
    a = Assumptions(closures={"A": "2027-03", "B": None},
                    new_capacity=[CapacityChange(name="=Modulbau", capacity=40, month="2027-06")],
                    sources={"arrivals": "aus Daten"})
    text = a.to_json()
    json.loads(text)
    b = Assumptions.from_json(text)
    assert b == a
    assert b.new_capacity[0].capacity == 40
    c = a.replace(target_utilisation=0.8)
    assert c.target_utilisation == 0.8 and a.target_utilisation == 0.9
    d = a.describe(start_state(ACC, None, STICHTAG))
    assert list(d.columns) == ["Annahme", "Wert", "Herkunft"]
    row = d.set_index("Annahme").loc["Schließungen (Monat je Unterkunft)"]
    assert row["Wert"] == "Unterkunft A: März 2027"
    assert d.set_index("Annahme").loc["Zielauslastung", "Wert"].replace("\u00a0", " ") == "90 %"
    assert d.set_index("Annahme").loc["Zuweisungen je Monat (Personen)", "Herkunft"] == "aus Daten"


@pytest.mark.parametrize("bad", [
    {"horizon_months": 0}, {"horizon_months": 121}, {"moveout_mode": "x"}, {"seasonal_profile": (1.0,) * 11},
    {"arrivals": {"mittel": 1.0}},
])
def test_assumptions_reject_invalid_values(bad):
    with pytest.raises(ValueError):
        Assumptions(**bad)


def test_numeric_ids_match_with_leading_zeros():
    acc = pd.DataFrame([{"id": "03", "name": "Asternweg", "capacity": 5}])
    res = pd.DataFrame([{"person_id": "P1", "accommodation": "3", "move_in": T("2026-01-01")},
                        {"person_id": "P2", "accommodation": "ASTERNWEG", "move_in": T("2026-01-01")}])
    s = start_state(acc, res, STICHTAG)
    assert s.persons.sum() == pytest.approx(2.0)
    assert np.isclose(s.persons[0].sum(), 2.0)


def test_start_state_from_data_state():
    with_res = start_state_from(DataState.from_frames(STICHTAG, {"accommodations": ACC, "residents": RES}))
    assert not with_res.estimated and with_res.persons.sum() == pytest.approx(5.0)
    without = start_state_from(DataState.from_frames(STICHTAG, {"accommodations": ACC}))
    assert without.estimated and without.persons.sum() == pytest.approx(9.0)
    assert without.stichtag == STICHTAG


# --- arrivals helper: the Land's forecast × the city's share ------------------------------------
@settings(max_examples=40, deadline=None)
@given(st.floats(0, 200_000), st.floats(0, 0.05))
def test_arrivals_from_the_land_forecast_and_its_derivation(per_year, share):
    from ankunft.core import fmt
    from ankunft.scenario.inputs import arrivals_derivation, arrivals_from_forecast

    arrivals = arrivals_from_forecast(per_year, share)
    mid = per_year * share / 12
    assert arrivals["mittel"] == pytest.approx(round(mid, 1))
    assert arrivals["niedrig"] == pytest.approx(round(0.6 * mid, 1))
    assert arrivals["hoch"] == pytest.approx(round(1.5 * mid, 1))
    a = Assumptions(arrivals=arrivals, land_forecast_per_year=per_year, city_share=share)
    text = arrivals_derivation(a)
    assert fmt.integer(per_year) in text and fmt.num(mid, 1) in text
    table = a.describe().set_index("Annahme")["Wert"]
    assert text in table["Zuweisungen je Monat (Personen)"]
    assert table["Verteilungsquote der Stadt"] == fmt.pct(share, 2)
    assert arrivals_derivation(Assumptions()) == ""
    assert Assumptions.from_json(a.to_json()).city_share == share
