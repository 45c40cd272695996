"""Scenario engine: hand-computed cases and edge cases."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest

from ankunft.scenario import Assumptions, CapacityChange, simulate, start_state, verdict
from ankunft.scenario.engine import AGEING_0_5, AGEING_6_17, arrivals_series, build_plan
from ankunft.scenario.inputs import DEFAULT_AGE_SHARES

STICHTAG = dt.date(2026, 10, 1)  # period 0 = Okt. 2026


def accs(rows: list[dict]) -> pd.DataFrame:
    base = {"status": "in Betrieb", "monthly_cost_per_place": 200.0}
    return pd.DataFrame([{**base, **r} for r in rows])


def still(**changes) -> Assumptions:
    """No flows and no costs: what happens is only what the closures cause."""
    base = dict(horizon_months=24, arrivals={"niedrig": 0.0, "mittel": 0.0, "hoch": 0.0}, moveout_rate=0.0,
                departure_rate=0.0, recognition_rate=0.0, target_utilisation=0.9, reserve_places=0.0,
                care_cost_per_person=0.0, reimbursement_per_person=0.0, unplaced_cost_per_person=0.0)
    base.update(changes)
    return Assumptions(**base)


def children_share_after(months: int) -> float:
    """Hand model of ageing: the children's share (0–17) of a group after `months` ageing steps."""
    b0, b1, _ = DEFAULT_AGE_SHARES
    for _ in range(months):
        b0, b1 = b0 * (1 - AGEING_0_5), b1 * (1 - AGEING_6_17) + b0 * AGEING_0_5
    return b0 + b1


# --- hand-computed: a closure with known free capacity elsewhere ----------------------------
@pytest.fixture
def three():
    return start_state(accs([
        {"id": "A", "name": "Altbau", "district_id": "01", "capacity": 100, "occupancy": 80},
        {"id": "B", "name": "Bahnhof", "district_id": "01", "capacity": 100, "occupancy": 50},
        {"id": "C", "name": "Colosseum", "district_id": "02", "capacity": 50, "occupancy": 10},
    ]), None, STICHTAG)


def test_closure_gives_exact_shortfall_month_and_size(three):
    r = simulate(three, still(closures={"A": "2027-03"}))
    m = r.monthly
    # before: 250 places, target 225, demand 140 → no shortfall
    assert m.loc[:4, "capacity"].tolist() == [250.0] * 5
    assert m.loc[:4, "shortfall_target"].max() == 0.0
    # März 2027 (period 5): 150 places, target 0,9 × 150 = 135, demand 140 → 5 missing
    assert r.first_shortfall_period == 5
    assert r.month_label(5) == "März 2027"
    assert m.loc[5, "capacity"] == 150.0
    assert m.loc[5, "target_places"] == pytest.approx(135.0)
    assert m.loc[5, "shortfall_target"] == pytest.approx(5.0)
    assert m.loc[5:, "shortfall_target"].to_numpy() == pytest.approx([5.0] * 19)
    # against hard capacity nothing is missing and nobody is unplaced
    assert m["shortfall_capacity"].max() == 0.0
    assert r.first_unplaced_period is None
    # 80 moved: 50 into the free places of B (same district), 30 to C in district 02
    assert m.loc[5, "transfers"] == pytest.approx(80.0)
    assert m.loc[5, "transfers_cross_district"] == pytest.approx(30.0)
    assert m["transfers"].sum() == pytest.approx(80.0)
    kids = m.loc[5, "kita_children_cross_district"] + m.loc[5, "school_children_cross_district"]
    assert kids == pytest.approx(30.0 * children_share_after(6))
    acc = r.by_accommodation.set_index(["period", "accommodation_id"])["residents"]
    assert acc[(5, "A")] == 0.0
    assert acc[(5, "B")] == pytest.approx(100.0)
    assert acc[(5, "C")] == pytest.approx(40.0)
    assert acc[(4, "A")] == pytest.approx(80.0)


def test_closure_verdict_and_extra_flats(three):
    r = simulate(three, still(closures={"A": "2027-03"}))
    # 5 people must leave within 6 months (Okt.–März): 5/6 persons per month, split by the default
    # household mix of the entitled group (30 % singles, 12 % in 2-, 13 % in 3-, 45 % in 4+ households)
    flats = r.extra_flats_per_month
    assert flats[1] == pytest.approx(5 / 6 * 0.30)
    assert flats[4] == pytest.approx(5 / 6 * 0.45 / 5.0)
    assert sum(flats.values()) == pytest.approx(5 / 6 * (0.30 + 0.12 / 2 + 0.13 / 3 + 0.45 / 5))
    assert verdict(r) == ("Ab März 2027 fehlen 5 Plätze (mittlere Zuweisung); dafür wäre 1 zusätzliche Wohnung "
                          "pro Monat nötig, davon 1 für Familien ab 4 Personen.")
    # the flats table carries the extra flats up to the last month with a shortfall
    f = r.flats
    assert f.loc[f["household_size"] == 4, "flats_extra"].to_numpy() == pytest.approx([5 / 6 * 0.09] * 24)


def test_no_closure_is_feasible(three):
    r = simulate(three, still())
    assert r.feasible
    assert verdict(r) == "Plan ist umsetzbar (mittlere Zuweisung)."


def test_closure_without_room_leaves_people_unplaced():
    start = start_state(accs([
        {"id": "A", "name": "A", "district_id": "01", "capacity": 100, "occupancy": 100},
        {"id": "B", "name": "B", "district_id": "02", "capacity": 60, "occupancy": 50},
    ]), None, STICHTAG)
    r = simulate(start, still(closures={"A": "2026-12"}, unplaced_cost_per_person=850.0))
    m = r.monthly
    assert r.first_unplaced_period == 2 and r.month_label(2) == "Dez. 2026"
    assert m.loc[2, "unplaced"] == pytest.approx(90.0)
    assert m.loc[2, "placed"] == pytest.approx(60.0)
    assert m.loc[2, "shortfall_capacity"] == pytest.approx(90.0)
    assert m.loc[2, "shortfall_target"] == pytest.approx(150.0 - 54.0)
    assert m.loc[2, "transfers_cross_district"] == pytest.approx(10.0)
    assert m.loc[2, "emergency"] == pytest.approx(90 * 850.0)
    assert m.loc[1, "emergency"] == 0.0
    # 160 places at 90 % = 144 < 150 people: short by 6 from the start, by 96 after the closure;
    # 96 people within 3 months = 32 a month, 0,4933 households per person → 16 flats
    text = verdict(r)
    assert text.startswith("Ab Okt. 2026 fehlen Plätze (mittlere Zuweisung), im Höchstfall 96 im Dez. 2026; "
                           "dafür wären 16 zusätzliche Wohnungen pro Monat nötig, davon 3 für Familien ab 4 Personen.")
    assert text.endswith("Ohne weitere Plätze wären ab Dez. 2026 bis zu 90 Personen ohne Unterkunft.")


# --- hand-computed: rent and lease end ------------------------------------------------------
def lease_start(lease_end: str) -> object:
    return start_state(accs([
        {"id": "A", "name": "A", "district_id": "01", "capacity": 100, "occupancy": 50,
         "monthly_cost_per_place": 200.0, "lease_end": pd.Timestamp(lease_end)},
        {"id": "B", "name": "B", "district_id": "01", "capacity": 100, "occupancy": 20,
         "monthly_cost_per_place": 300.0},
    ]), None, STICHTAG)


def test_closure_before_lease_end_saves_no_rent():
    start = lease_start("2030-12-31")
    r = simulate(start, still(closures={"A": "2027-01"}, care_cost_per_person=100.0))
    base = simulate(start, still(care_cost_per_person=100.0))
    assert r.monthly["rent"].to_numpy() == pytest.approx([50_000.0] * 24)
    assert r.monthly["rent"].to_numpy() == pytest.approx(base.monthly["rent"].to_numpy())
    assert r.key_figures()["saving_total"] == pytest.approx(0.0)
    assert r.monthly["saving_cumulative"].abs().max() == pytest.approx(0.0)
    # the empty building still costs rent, listed per accommodation
    a = r.by_accommodation[r.by_accommodation["accommodation_id"] == "A"]
    assert (a["residents"].iloc[3:] == 0).all()
    assert a["rent"].iloc[3:].to_numpy() == pytest.approx([20_000.0] * 21)


def test_closure_after_lease_end_saves_rent_from_the_next_month():
    start = lease_start("2027-06-30")  # lease month = period 8
    r = simulate(start, still(closures={"A": "2027-01"}))
    saving = r.monthly["saving"].to_numpy()
    assert saving[:9] == pytest.approx([0.0] * 9)
    assert saving[9:] == pytest.approx([20_000.0] * 15)
    years = r.costs_by_year.set_index("year")
    assert years.loc[2026, "months"] == 3 and years.loc[2026, "saving"] == pytest.approx(0.0)
    assert years.loc[2027, "saving"] == pytest.approx(6 * 20_000.0)
    assert years.loc[2028, "months"] == 9 and years.loc[2028, "saving"] == pytest.approx(9 * 20_000.0)
    assert r.key_figures()["saving_total"] == pytest.approx(300_000.0)


def test_operating_share_stops_at_closure():
    start = lease_start("2030-12-31")
    r = simulate(start, still(closures={"A": "2027-01"}, operating_share_saved=0.25))
    assert r.key_figures()["saving_total"] == pytest.approx(0.25 * 20_000.0 * 21)


def test_costs_care_reimbursement_and_default_place_cost():
    start = start_state(accs([
        {"id": "A", "name": "A", "capacity": 10, "occupancy": 10, "monthly_cost_per_place": 200.0},
        {"id": "B", "name": "B", "capacity": 10, "occupancy": 0, "monthly_cost_per_place": np.nan},
    ]), None, STICHTAG)
    r = simulate(start, still(care_cost_per_person=100.0, reimbursement_per_person=848.0,
                              reimbursable_share=0.5, default_cost_per_place=380.0))
    m = r.monthly.iloc[0]
    # 10 residents, 60 % must-house by the default estimate (40 % entitled)
    assert m["rent"] == pytest.approx(10 * 200.0 + 10 * 380.0)
    assert m["care"] == pytest.approx(1000.0)
    assert m["reimbursement"] == pytest.approx(6 * 0.5 * 848.0)
    assert m["net_cost"] == pytest.approx(5800.0 + 1000.0 - 2544.0)


# --- flows ----------------------------------------------------------------------------------
def test_moveout_count_mode_empties_the_entitled_group():
    start = start_state(accs([{"id": "A", "name": "A", "capacity": 100, "occupancy": 50}]), None, STICHTAG)
    # 50 residents, 40 % entitled = 20; 5 a month move out
    r = simulate(start, still(moveout_mode="count", moveout_count=5.0, horizon_months=6))
    assert r.monthly["move_outs"].to_numpy() == pytest.approx([5, 5, 5, 5, 0, 0])
    assert r.monthly["entitled"].iloc[-1] == pytest.approx(0.0)
    assert r.monthly["placed"].iloc[-1] == pytest.approx(30.0)
    # flats taken = households moving out: persons of each class / household size
    assert r.monthly["flats_assumed"].iloc[0] == pytest.approx(5 * (0.30 + 0.12 / 2 + 0.13 / 3 + 0.45 / 5))


def test_moveout_rate_falls_each_year_and_recognition_feeds_the_entitled_group():
    start = start_state(accs([{"id": "A", "name": "A", "capacity": 1000, "occupancy": 500}]), None, STICHTAG)
    r = simulate(start, still(moveout_rate=0.1, moveout_rate_decline=0.5, horizon_months=13))
    ent = 200.0
    expected = []
    for t in range(13):
        rate = 0.1 * 0.5 ** (t / 12)
        expected.append(ent * rate)
        ent *= 1 - rate
    assert r.monthly["move_outs"].to_numpy() == pytest.approx(expected)
    rec = simulate(start, still(recognition_rate=0.1, horizon_months=2))
    assert rec.monthly["recognitions"].to_numpy() == pytest.approx([30.0, 27.0])
    assert rec.monthly["entitled"].to_numpy() == pytest.approx([230.0, 257.0])


def test_arrivals_variants_and_seasonal_profile():
    start = start_state(accs([{"id": "A", "name": "A", "capacity": 1000, "occupancy": 0}]), None, STICHTAG)
    a = still(arrivals={"niedrig": 5.0, "mittel": 10.0, "hoch": 20.0}, horizon_months=12)
    assert simulate(start, a, "hoch").monthly["placed"].iloc[-1] == pytest.approx(240.0)
    assert simulate(start, a, "niedrig").monthly["placed"].iloc[-1] == pytest.approx(60.0)
    seasonal = a.replace(use_seasonal=True, seasonal_profile=[2.0] + [1.0] * 11)
    arr = arrivals_series(start, seasonal, "mittel")
    # the profile is normalised to mean 1; period 3 is January
    assert arr.sum() == pytest.approx(120.0)
    assert arr[3] == pytest.approx(10.0 * 2.0 / (13 / 12))
    assert arr[0] == pytest.approx(10.0 / (13 / 12))


def test_arrivals_split_into_groups_by_the_assumed_entitled_share():
    start = start_state(accs([{"id": "A", "name": "A", "capacity": 1000, "occupancy": 0}]), None, STICHTAG)
    a = still(arrivals={"niedrig": 0.0, "mittel": 10.0, "hoch": 0.0}, arrival_entitled_share=0.3, horizon_months=3)
    m = simulate(start, a).monthly
    assert m["entitled"].to_numpy() == pytest.approx([3.0, 6.0, 9.0])
    assert m["must_house"].to_numpy() == pytest.approx([7.0, 14.0, 21.0])


def test_reserve_opening_and_new_capacity():
    start = start_state(accs([
        {"id": "A", "name": "A", "capacity": 100, "occupancy": 90},
        {"id": "R", "name": "Halle", "capacity": 80, "occupancy": 0, "status": "Reserve"},
    ]), None, STICHTAG)
    a = still(openings={"R": "2027-02"},
              new_capacity=[CapacityChange(name="Modulbau Süd", capacity=40, month="2027-06", cost_per_place=530.0)])
    r = simulate(start, a)
    cap = r.monthly["capacity"].to_numpy()
    assert cap[:4].tolist() == [100.0] * 4
    assert cap[4:8].tolist() == [180.0] * 4
    assert cap[8:].tolist() == [220.0] * 16
    rent = r.monthly["rent"].to_numpy()
    assert rent[0] == pytest.approx(100 * 200.0)
    assert rent[8] == pytest.approx(100 * 200.0 + 80 * 200.0 + 40 * 530.0)


def test_start_overbooking_is_kept_reported_and_never_grows():
    start = start_state(accs([
        {"id": "A", "name": "A", "capacity": 50, "occupancy": 60},
        {"id": "B", "name": "B", "capacity": 50, "occupancy": 0},
    ]), None, STICHTAG)
    r = simulate(start, still(arrivals={"niedrig": 0, "mittel": 5.0, "hoch": 0}, horizon_months=12))
    a = r.by_accommodation[r.by_accommodation["accommodation_id"] == "A"]
    assert a["overbooked"].iloc[0] == pytest.approx(10.0)
    assert a["residents"].to_numpy() == pytest.approx([60.0] * 12)  # nobody moved in or forced out
    assert r.monthly["transfers"].sum() == 0.0
    assert r.monthly["overbooked"].iloc[-1] == pytest.approx(10.0)


# --- edge cases -----------------------------------------------------------------------------
def test_all_closed_leaves_everyone_unplaced():
    start = start_state(accs([
        {"id": "A", "name": "A", "capacity": 100, "occupancy": 40},
        {"id": "B", "name": "B", "capacity": 100, "occupancy": 30},
    ]), None, STICHTAG)
    r = simulate(start, still(closures={"A": "2026-10", "B": "2026-10"}, horizon_months=3))
    m = r.monthly
    assert m["capacity"].tolist() == [0.0] * 3
    assert m["placed"].tolist() == [0.0] * 3
    assert m["unplaced"].to_numpy() == pytest.approx([70.0] * 3)
    assert r.first_unplaced_period == 0
    assert "ab Okt. 2026 bis zu 70 Personen ohne Unterkunft" in verdict(r)


def test_horizon_of_one_month():
    start = start_state(accs([{"id": "A", "name": "A", "capacity": 100, "occupancy": 95}]), None, STICHTAG)
    r = simulate(start, still(horizon_months=1))
    assert len(r.monthly) == 1 and r.monthly["month_label"].iloc[0] == "Okt. 2026"
    assert r.monthly["shortfall_target"].iloc[0] == pytest.approx(5.0)
    assert r.extra_flats_per_month[1] == pytest.approx(5.0 * 0.30)
    assert len(r.costs_by_year) == 1


def test_zero_capacity_accumulates_arrivals_as_unplaced():
    start = start_state(accs([{"id": "A", "name": "A", "capacity": 0, "occupancy": 0}]), None, STICHTAG)
    r = simulate(start, still(arrivals={"niedrig": 0, "mittel": 5.0, "hoch": 0}, horizon_months=4))
    assert r.monthly["unplaced"].to_numpy() == pytest.approx([5.0, 10.0, 15.0, 20.0])
    assert r.first_unplaced_period == 0
    assert not r.feasible


def test_no_residents_stays_empty():
    start = start_state(accs([{"id": "A", "name": "A", "capacity": 100, "occupancy": np.nan}]), None, STICHTAG)
    r = simulate(start, still(horizon_months=6))
    assert r.monthly["placed"].sum() == 0.0
    assert r.feasible


def test_no_accommodations_at_all():
    start = start_state(pd.DataFrame(columns=["id", "name", "capacity"]), None, STICHTAG)
    r = simulate(start, still(arrivals={"niedrig": 0, "mittel": 3.0, "hoch": 0}, horizon_months=2))
    assert r.monthly["unplaced"].to_numpy() == pytest.approx([3.0, 6.0])
    assert len(r.by_accommodation) == 0


def test_closed_status_accommodation_hands_over_its_residents_at_once():
    start = start_state(accs([
        {"id": "A", "name": "A", "capacity": 100, "occupancy": 10, "status": "geschlossen"},
        {"id": "B", "name": "B", "capacity": 100, "occupancy": 0},
    ]), None, STICHTAG)
    plan = build_plan(start, still())
    assert plan.close_at.tolist() == [0, 24]
    r = simulate(start, still(horizon_months=2))
    assert r.monthly["capacity"].tolist() == [100.0, 100.0]
    assert r.monthly["transfers"].iloc[0] == pytest.approx(10.0)
    assert r.monthly["placed"].iloc[0] == pytest.approx(10.0)
