"""Scenario engine: hand-computed cases with whole households, the month convention and edge cases."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest

from ankunft.scenario import Assumptions, CapacityChange, simulate, start_state, verdict
from ankunft.scenario.engine import arrivals_series, build_plan
from ankunft.scenario.households import type_index

STICHTAG = dt.date(2026, 10, 1)  # period 0 = Okt. 2026


def accs(rows: list[dict]) -> pd.DataFrame:
    base = {"status": "in Betrieb", "monthly_cost_per_place": 200.0}
    return pd.DataFrame([{**base, **r} for r in rows])


def roster(households: list[tuple[str, int, bool]], move_in: str = "2025-01-01") -> pd.DataFrame:
    """One stay per person: (accommodation, household size, entitled) per household."""
    rows = []
    for h, (site, size, entitled) in enumerate(households):
        for p in range(size):
            rows.append({"person_id": f"P{h}-{p}", "household_id": f"H{h}", "accommodation": site,
                         "move_in": pd.Timestamp(move_in), "birth_year": 1990 if p == 0 else 2015,
                         "residence_status": "anerkannt (§ 25 Abs. 2 AufenthG)" if entitled else "Asylverfahren"})
    return pd.DataFrame(rows)


def still(**changes) -> Assumptions:
    """No flows and no costs: what happens is only what the closures cause."""
    base = dict(horizon_months=24, arrivals={"niedrig": 0.0, "mittel": 0.0, "hoch": 0.0}, moveout_rate=0.0,
                departure_rate=0.0, recognition_rate=0.0, target_utilisation=1.0, reserve_places=0.0,
                care_cost_per_person=0.0, reimbursement_per_person=0.0, unplaced_cost_per_person=0.0)
    base.update(changes)
    return Assumptions(**base)


# --- households are never split (the 3/2 example) --------------------------------------
def test_a_family_of_five_is_not_split_into_three_and_two():
    start = start_state(accs([
        {"id": "A", "name": "A", "district_id": "01", "capacity": 10},
        {"id": "B", "name": "B", "district_id": "01", "capacity": 3},
        {"id": "C", "name": "C", "district_id": "01", "capacity": 2},
    ]), roster([("A", 5, False)]), STICHTAG)
    r = simulate(start, still(closures={"A": "2026-12"}, horizon_months=4))
    acc = r.by_accommodation.set_index(["period", "accommodation_id"])["residents"]
    # 3 + 2 free places would hold five persons, but not one household of five
    assert acc[(2, "B")] == 0.0 and acc[(2, "C")] == 0.0
    assert r.monthly["unplaced"].tolist() == [0.0, 0.0, 5.0, 5.0]
    assert r.first_unplaced_period == 2 and not r.feasible


def test_the_family_goes_where_it_fits_whole():
    start = start_state(accs([
        {"id": "A", "name": "A", "district_id": "01", "capacity": 10},
        {"id": "B", "name": "B", "district_id": "01", "capacity": 4},
        {"id": "C", "name": "C", "district_id": "02", "capacity": 6},
    ]), roster([("A", 5, False), ("A", 1, False)]), STICHTAG)
    r = simulate(start, still(closures={"A": "2026-11"}, horizon_months=3))
    acc = r.by_accommodation.set_index(["period", "accommodation_id"])["residents"]
    # the five fit only into C (other district); the single goes to B (same district first)
    assert acc[(1, "C")] == 5.0 and acc[(1, "B")] == 1.0
    assert r.monthly.loc[1, "transfers"] == 6.0
    assert r.monthly.loc[1, "transfers_cross_district"] == 5.0
    assert r.feasible


# --- the month convention ------------------------------------------------------------------
@pytest.mark.parametrize("stichtag", [dt.date(2026, 9, 30), dt.date(2026, 9, 15)])
def test_month_zero_is_the_count_of_the_stichtag(stichtag):
    # an end-of-month and a mid-month Stichtag: period 0 shows exactly the counted persons
    households = [("A", 1, i % 2 == 0) for i in range(30)] + [("A", 4, False)] * 3
    start = start_state(accs([{"id": "A", "name": "A", "capacity": 100}]), roster(households), stichtag)
    a = still(arrivals={"niedrig": 0.0, "mittel": 10.0, "hoch": 0.0}, moveout_rate=0.1, departure_rate=0.05,
              recognition_rate=0.1, horizon_months=3, closures={"A": None})
    r = simulate(start, a)
    m = r.monthly
    assert m.loc[0, "month_label"] == "Sept. 2026"
    assert m.loc[0, "placed"] == 42.0  # 30 singles + 3 families of four, as counted
    assert m.loc[0, ["arrivals", "move_outs", "departures", "recognitions"]].tolist() == [0.0] * 4
    # one month of flows first shows in Okt. 2026: 15 entitled singles × 10 % = 1,5 → 2 move-outs
    # (rounded half up; the carried −0,5 makes it 1 in the next month: 0,9 × 13 … ≈ 1,3 − 0,5)
    assert m.loc[1, "month_label"] == "Okt. 2026"
    assert m.loc[1, "move_outs"] == 2.0
    assert m.loc[1, "arrivals"] > 0
    # a closure dated in the Stichtag's month takes effect in period 1
    closed = simulate(start, still(closures={"A": "2026-09"}, horizon_months=3))
    assert closed.monthly["placed"].tolist() == [42.0, 0.0, 0.0]
    assert closed.monthly["unplaced"].tolist() == [0.0, 42.0, 42.0]


# --- hand-computed: a closure, the target as a real limit ------------------------------------
@pytest.fixture
def three():
    singles = [("A", 1, False)] * 80 + [("B", 1, False)] * 50 + [("C", 1, False)] * 10
    return start_state(accs([
        {"id": "A", "name": "Altbau", "district_id": "01", "capacity": 100},
        {"id": "B", "name": "Bahnhof", "district_id": "01", "capacity": 100},
        {"id": "C", "name": "Colosseum", "district_id": "02", "capacity": 50},
    ]), roster(singles), STICHTAG)


def test_closure_fills_up_to_the_target_first_and_reports_the_rest(three):
    r = simulate(three, still(closures={"A": "2027-03"}, target_utilisation=0.9))
    m = r.monthly
    assert m.loc[:4, "capacity"].tolist() == [250.0] * 5
    assert m.loc[:4, "gap"].max() == 0.0
    # März 2027 (period 5): 150 places, target 135, demand 140 → 5 missing
    assert r.first_shortfall_period == 5 and r.month_label(5) == "März 2027"
    assert m.loc[5, "shortfall_target"] == 5.0
    assert m.loc[5, "shortfall_capacity"] == 0.0 and r.first_unplaced_period is None
    acc = r.by_accommodation.set_index(["period", "accommodation_id"])["residents"]
    # B up to its target (90: 40 of the 80), then C up to its target (45: 35), the last 5 above
    # the target into the accommodation that stays open longest and is largest (B)
    assert acc[(5, "B")] == 95.0 and acc[(5, "C")] == 45.0 and acc[(5, "A")] == 0.0
    assert m.loc[5, "over_target"] == 5.0
    assert m.loc[5, "transfers"] == 80.0 and m.loc[5, "transfers_cross_district"] == 35.0


def test_transfers_prefer_accommodations_that_stay_open_longest():
    start = start_state(accs([
        {"id": "A", "name": "A", "district_id": "01", "capacity": 20},
        {"id": "B", "name": "B", "district_id": "01", "capacity": 50},
        {"id": "C", "name": "C", "district_id": "01", "capacity": 30},
    ]), roster([("A", 2, False)] * 10), STICHTAG)
    r = simulate(start, still(closures={"A": "2026-12", "B": "2027-01"}, horizon_months=4))
    acc = r.by_accommodation.set_index(["period", "accommodation_id"])["residents"]
    # B is larger but closes next month: the 20 go to C, which stays open
    assert acc[(2, "C")] == 20.0 and acc[(2, "B")] == 0.0
    assert r.monthly["transfers"].sum() == 20.0


# --- flats: only households actually entitled --------------------------------------------
def test_no_flats_advice_without_entitled_households():
    # must-house single adults only: nobody can move into a flat (issue #19, point 2)
    start = start_state(accs([
        {"id": "A", "name": "A", "district_id": "01", "capacity": 100},
        {"id": "B", "name": "B", "district_id": "01", "capacity": 60},
    ]), roster([("A", 1, False)] * 90 + [("B", 1, False)] * 50), STICHTAG)
    r = simulate(start, still(closures={"A": "2027-01"}, target_utilisation=0.9))
    assert not r.feasible
    assert sum(r.extra_flats_per_month.values()) == 0.0
    assert r.flats["flats_extra"].sum() == 0.0
    text = verdict(r)
    assert "Wohnung" not in text and "niemand ist auszugsberechtigt" in text


def test_flats_come_from_the_entitled_households_present():
    # 10 entitled families of four and must-house singles; 40 persons without a place from Jan. 2027
    hh = [("A", 4, True)] * 10 + [("A", 1, False)] * 40 + [("B", 1, False)] * 60
    start = start_state(accs([
        {"id": "A", "name": "A", "district_id": "01", "capacity": 80},
        {"id": "B", "name": "B", "district_id": "01", "capacity": 100},
    ]), roster(hh), STICHTAG)
    r = simulate(start, still(closures={"A": "2027-01"}))
    assert r.monthly.loc[3, "gap"] == 40.0
    flats = r.extra_flats_per_month
    # 40 persons within 3 months, the entitled are all in families of four: 40/3/4 flats a month
    assert flats[4] == pytest.approx(40 / 3 / 4)
    assert flats[1] == flats[2] == flats[3] == 0.0
    assert r.flats_cover
    assert "4 zusätzliche Wohnungen pro Monat nötig, davon 4 für Familien ab 4 Personen" in verdict(r)


def test_flats_capped_by_the_entitled_persons_present():
    hh = [("A", 1, True)] * 3 + [("A", 1, False)] * 57 + [("B", 1, False)] * 40
    start = start_state(accs([
        {"id": "A", "name": "A", "district_id": "01", "capacity": 60},
        {"id": "B", "name": "B", "district_id": "01", "capacity": 50},
    ]), roster(hh), STICHTAG)
    r = simulate(start, still(closures={"A": "2026-11"}))
    # 50 missing in month 1, only 3 entitled: at most 3 flats, and the verdict says it is not enough
    assert sum(r.extra_flats_per_month.values()) == pytest.approx(3.0)
    assert not r.flats_cover
    assert "das schließt die Lücke nicht ganz" in verdict(r)


# --- flows as whole households ---------------------------------------------------------------
def test_moveouts_are_whole_households_into_flats_of_their_size():
    hh = [("A", 1, True)] * 20 + [("A", 3, True)] * 10
    start = start_state(accs([{"id": "A", "name": "A", "capacity": 200}]), roster(hh), STICHTAG)
    r = simulate(start, still(moveout_rate=0.1, horizon_months=3))
    f = r.flats.set_index(["period", "household_size"])["flats_assumed"]
    # month 1: 10 % of 20 singles = 2 flats for one person, 10 % of 10 families = 1 flat for three
    assert f[(1, 1)] == 2.0 and f[(1, 3)] == 1.0 and f[(0, 1)] == 0.0
    assert r.monthly.loc[1, "move_outs"] == 2 * 1 + 1 * 3
    # whole persons every month
    assert np.all(r.monthly["placed"] % 1 == 0)


def test_count_mode_moves_whole_households_until_nobody_is_entitled():
    hh = [("A", 1, True)] * 10 + [("A", 2, False)] * 5
    start = start_state(accs([{"id": "A", "name": "A", "capacity": 100}]), roster(hh), STICHTAG)
    r = simulate(start, still(moveout_mode="count", moveout_count=4.0, horizon_months=5))
    assert r.monthly["move_outs"].tolist() == [0.0, 4.0, 4.0, 2.0, 0.0]
    assert r.monthly["entitled"].iloc[-1] == 0.0 and r.monthly["placed"].iloc[-1] == 10.0


def test_arrivals_come_as_whole_households_of_the_observed_sizes():
    start = start_state(accs([{"id": "A", "name": "A", "capacity": 1000}]), roster([("A", 1, False)]), STICHTAG)
    a = still(arrivals={"niedrig": 0.0, "mittel": 10.0, "hoch": 0.0}, horizon_months=13)
    m = simulate(start, a).monthly
    assert m["arrivals"].tolist() == [0.0] + [10.0] * 12
    assert m["placed"].iloc[-1] == 121.0
    seasonal = a.replace(use_seasonal=True, seasonal_profile=[2.0] + [1.0] * 11)
    arr = arrivals_series(start, seasonal, "mittel")
    assert arr[:12].sum() == pytest.approx(120.0)
    assert arr[3] == pytest.approx(10.0 * 2.0 / (13 / 12))  # period 3 is January


# --- costs ------------------------------------------------------------------------------------
def lease_start(lease_end: str):
    return start_state(accs([
        {"id": "A", "name": "A", "district_id": "01", "capacity": 100, "occupancy": 50,
         "monthly_cost_per_place": 200.0, "lease_end": pd.Timestamp(lease_end)},
        {"id": "B", "name": "B", "district_id": "01", "capacity": 100, "occupancy": 20,
         "monthly_cost_per_place": 300.0},
    ]), None, STICHTAG)


def test_closure_before_lease_end_saves_no_rent():
    start = lease_start("2030-12-31")
    r = simulate(start, still(closures={"A": "2027-01"}))
    assert r.monthly["rent"].to_numpy() == pytest.approx([50_000.0] * 24)
    assert r.key_figures()["saving_total"] == pytest.approx(0.0)


def test_closure_after_lease_end_saves_rent_from_the_next_month():
    r = simulate(lease_start("2027-06-30"), still(closures={"A": "2027-01"}))
    saving = r.monthly["saving"].to_numpy()
    assert saving[:9] == pytest.approx([0.0] * 9)
    assert saving[9:] == pytest.approx([20_000.0] * 15)
    assert r.key_figures()["saving_total"] == pytest.approx(300_000.0)


def test_reserve_carries_its_holding_cost_until_opened():
    start = start_state(accs([
        {"id": "A", "name": "A", "capacity": 100, "occupancy": 90},
        {"id": "R", "name": "Halle", "capacity": 80, "occupancy": 0, "status": "Reserve",
         "lease_end": pd.Timestamp("2027-12-31")},
        {"id": "S", "name": "Schule", "capacity": 50, "occupancy": 0, "status": "Reserve"},
    ]), None, STICHTAG)
    a = still(openings={"R": "2027-02"}, operating_share_saved=0.25,
              new_capacity=[CapacityChange(name="Modulbau Süd", capacity=40, month="2027-06", cost_per_place=530.0)])
    r = simulate(start, a)
    cap = r.monthly["capacity"].to_numpy()
    assert cap[:4].tolist() == [100.0] * 4 and cap[4:8].tolist() == [180.0] * 4 and cap[8:].tolist() == [220.0] * 16
    rent = r.monthly["rent"].to_numpy()
    held = 0.75 * (80 * 200.0), 0.75 * (50 * 200.0)  # the share not saved, while the lease runs
    assert rent[0] == pytest.approx(100 * 200.0 + held[0] + held[1])
    assert rent[4] == pytest.approx(100 * 200.0 + 80 * 200.0 + held[1])
    assert rent[8] == pytest.approx(100 * 200.0 + 80 * 200.0 + 40 * 530.0 + held[1])


# --- bad input -------------------------------------------------------------------------------
def test_missing_capacity_is_an_input_error_not_zero():
    acc = accs([{"id": "A", "name": "Hauptpost", "capacity": np.nan, "occupancy": 40},
                {"id": "B", "name": "B", "capacity": 50, "occupancy": 10},
                {"id": "Z", "name": "Zu", "capacity": np.nan, "status": "geschlossen"}])
    start = start_state(acc, None, STICHTAG)
    assert start.errors == ("Unterkunftsliste: bei „Hauptpost“ (Nr. A) fehlt die Zahl der Plätze (Spalte „Plätze“). "
                            "Ohne sie lässt sich nicht rechnen – bitte in der Datei ergänzen und neu einlesen.",)
    with pytest.raises(ValueError, match="Hauptpost"):
        simulate(start, still())


def test_unknown_districts_are_not_merged():
    start = start_state(accs([
        {"id": "A", "name": "A", "district_id": "77", "capacity": 10},
        {"id": "B", "name": "B", "district_id": "88", "capacity": 10},
        {"id": "C", "name": "C", "district_id": "01", "capacity": 10},
    ]), roster([("A", 1, False)] * 5), STICHTAG)
    plan = build_plan(start, still())
    assert len(set(plan.district_index.tolist())) == 3
    assert any("Stadtteil unbekannt bei „A“, „B“" in n for n in start.notes)


# --- edge cases -----------------------------------------------------------------------------
def test_start_overbooking_is_kept_reported_and_never_grows():
    start = start_state(accs([
        {"id": "A", "name": "A", "capacity": 50, "occupancy": 60},
        {"id": "B", "name": "B", "capacity": 50, "occupancy": 0},
    ]), None, STICHTAG)
    r = simulate(start, still(arrivals={"niedrig": 0, "mittel": 5.0, "hoch": 0}, horizon_months=12))
    a = r.by_accommodation[r.by_accommodation["accommodation_id"] == "A"]
    assert a["overbooked"].iloc[0] == 10.0
    assert a["residents"].tolist() == [60.0] * 12
    assert r.monthly["transfers"].sum() == 0.0


def test_zero_capacity_accumulates_arrivals_as_unplaced():
    start = start_state(accs([{"id": "A", "name": "A", "capacity": 0, "occupancy": 0}]), None, STICHTAG)
    r = simulate(start, still(arrivals={"niedrig": 0, "mittel": 5.0, "hoch": 0}, horizon_months=4))
    assert r.monthly["unplaced"].iloc[-1] == 15.0
    assert r.first_unplaced_period == 1 and not r.feasible


def test_no_accommodations_at_all():
    start = start_state(pd.DataFrame(columns=["id", "name", "capacity"]), None, STICHTAG)
    r = simulate(start, still(arrivals={"niedrig": 0, "mittel": 3.0, "hoch": 0}, horizon_months=3))
    assert r.monthly["unplaced"].iloc[-1] > 0
    assert len(r.by_accommodation) == 0


def test_closed_status_accommodation_hands_over_its_residents_in_month_one():
    start = start_state(accs([
        {"id": "A", "name": "A", "capacity": 100, "occupancy": 10, "status": "geschlossen"},
        {"id": "B", "name": "B", "capacity": 100, "occupancy": 0},
    ]), None, STICHTAG)
    assert build_plan(start, still()).close_at.tolist() == [1, 24]
    r = simulate(start, still(horizon_months=2))
    assert r.monthly["transfers"].tolist() == [0.0, 10.0]
    assert r.monthly["placed"].tolist() == [10.0, 10.0]
    assert start.households[0, type_index(0, 1)] >= 1  # the estimate has whole households
