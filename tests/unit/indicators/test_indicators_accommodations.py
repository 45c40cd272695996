"""Accommodation table and flags on hand-made frames with hand-computed answers."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pandas as pd
import pytest

from ankunft.core import glossary
from ankunft.core.reference import STANDARDS
from ankunft.indicators import accommodations as A
from ankunft.indicators import stays as S

DAY = dt.date(2026, 10, 1)


def acc_frame(**overrides) -> pd.DataFrame:
    base = {
        "id": ["A1", "A2", "A3"],
        "name": ["Asternweg", "Ehemalige Hauptpost", "Hotel Zepp"],
        "district_id": ["09", "01", None],
        "district": [None, None, "Betzenberg"],
        "capacity": [10, 20, 5],
        "occupancy": [11, 15, None],
        "floor_area_m2": [60, 200, None],
        "social_workers": [0.1, 1, None],
        "monthly_cost_per_place": [200, 380, None],
        "lease_end": ["2027-02-01", "2030-01-01", None],
        "planned_closure": [None, "2026-06-30", None],
        "status": ["in Betrieb", "in Schließung", "Reserve"],
    }
    base.update(overrides)
    return glossary.conform("accommodations", pd.DataFrame(base))


def row(table: pd.DataFrame, key: str) -> pd.Series:
    return table.set_index("key").loc[key]


def codes(table: pd.DataFrame, key: str) -> list[str]:
    return [f.code for f in row(table, key)["flag_list"]]


def test_table_without_residents():
    t = A.accommodation_table(acc_frame(), DAY)
    a1, a2, a3 = row(t, "A1"), row(t, "A2"), row(t, "A3")
    assert a1["occupancy"] == 11 and a1["occupancy_source"] == "Unterkunftsliste"
    assert a1["utilisation"] == pytest.approx(1.1)
    assert a1["free_places"] == 0 and a1["over_capacity"] == 1
    assert a1["m2_per_person"] == pytest.approx(60 / 11)
    assert a1["residents_per_social_worker"] == pytest.approx(110)
    assert a1["monthly_cost"] == 2000
    assert a1["cost_per_occupied_place"] == pytest.approx(2000 / 11)
    assert a2["utilisation"] == pytest.approx(0.75) and a2["free_places"] == 5
    assert a2["monthly_cost"] == 7600
    assert a3["district_id"] == "06" and a3["district"] == "Betzenberg"
    assert not a3["is_open"] and pd.isna(a3["utilisation"])
    assert a1["district"] == "Kaiserslautern-West"


def test_flags_and_levels():
    t = A.accommodation_table(acc_frame(), DAY)
    assert codes(t, "A1") == ["over_capacity", "lease_ending", "space_below_standard", "social_work_below_standard"]
    assert codes(t, "A2") == ["closure_overdue"]
    assert codes(t, "A3") == []
    assert row(t, "A1")["flag_level"] == "rot"
    assert row(t, "A3")["flag_level"] == "gruen"
    a1_flags = {f.code: f for f in row(t, "A1")["flag_list"]}
    assert a1_flags["over_capacity"].detail == "Asternweg ist überbelegt: 11 Bewohner auf 10 Plätzen."
    assert a1_flags["lease_ending"].detail == "Der Mietvertrag für Asternweg endet am 01.02.2027."
    assert a1_flags["space_below_standard"].detail == \
        "In Asternweg stehen je Person 5,5\u00a0m² zur Verfügung (Standard: 7,0\u00a0m²)."
    assert "4 je 200" in a1_flags["social_work_below_standard"].rule
    assert row(t, "A2")["flag_list"][0].detail == \
        "Ehemalige Hauptpost sollte am 30.06.2026 schließen; dort leben noch 15 Menschen."
    # the rule behind each flag travels with it, for the hover text
    assert "Überbelegt: Rot, wenn mehr Menschen" in row(t, "A1")["flag_rules"]
    assert row(t, "A1")["flag_labels"].startswith("Überbelegt; Mietvertrag endet")


def test_roster_wins_over_occupancy_column_and_mismatch_is_noted():
    res = glossary.conform("residents", pd.DataFrame({
        "person_id": ["a", "b", "c", "d", "e"],
        "accommodation": ["A1", "asternweg", "hotel zepp", "A1", "Unbekannt"],
        "move_in": ["2020-01-01", "2026-01-01", "2024-01-01", "2020-01-01", "2025-01-01"],
        "move_out": [None, None, None, "2021-01-01", None],
    }))
    acc = acc_frame()
    t = A.accommodation_table(acc, DAY, S.attach_accommodation_ids(res, acc))
    a1, a2, a3 = row(t, "A1"), row(t, "A2"), row(t, "A3")
    assert a1["occupancy"] == 2 and a1["occupancy_source"] == "Bewohnerdatei"
    assert a1["occupancy_reported"] == 11
    assert a1["occupancy_note"] == \
        "Unterkunftsliste nennt 11, Bewohnerdatei 2 Bewohner; gezählt wird die Bewohnerdatei."
    # A2 is not named in the residents file: its own column stays, with a note
    assert a2["occupancy"] == 15 and a2["occupancy_source"] == "Unterkunftsliste"
    assert a2["occupancy_note"].startswith("Nicht in der Bewohnerdatei")
    assert a3["occupancy"] == 1 and a3["occupancy_note"] == ""
    assert "over_capacity" not in codes(t, "A1")
    # raw residents (without resolved ids) are resolved inside
    t2 = A.accommodation_table(acc, DAY, res)
    assert row(t2, "A1")["occupancy"] == 2


def test_roster_date_differs_from_stichtag():
    res = glossary.conform("residents", pd.DataFrame({
        "person_id": ["a", "b"], "accommodation": ["A1", "A1"],
        "move_in": ["2020-01-01", "2026-09-01"]}))
    t = A.accommodation_table(acc_frame(), DAY, res, roster_date=dt.date(2026, 6, 30))
    assert row(t, "A1")["occupancy"] == 1


def test_stichtag_in_the_past_changes_date_flags():
    t = A.accommodation_table(acc_frame(), dt.date(2026, 1, 1))
    assert "lease_ending" not in codes(t, "A1")  # 01.02.2027 is more than 6 months after 01.01.2026
    assert codes(t, "A2") == []  # closure planned for 30.06.2026 lies ahead


def test_lease_window_edges():
    acc = acc_frame(lease_end=["2027-04-01", "2027-04-02", "2026-09-01"], status=["in Betrieb"] * 3,
                    planned_closure=[None, None, None])
    t = A.accommodation_table(acc, DAY)
    assert "lease_ending" in codes(t, "A1")  # exactly 6 months later still counts
    assert "lease_ending" not in codes(t, "A2")
    assert codes(t, "A3") == ["lease_expired"]
    assert row(t, "A3")["flag_level"] == "rot"


def test_expired_lease_of_closed_empty_accommodation_is_not_flagged():
    acc = acc_frame(lease_end=["2026-01-01", None, None], status=["geschlossen", None, None], occupancy=[0, 1, 1])
    assert codes(A.accommodation_table(acc, DAY), "A1") == []


def test_configurable_standards():
    std = dataclasses.replace(STANDARDS, utilisation_alert=0.7, m2_per_person_accommodation=4.5,
                              lease_warning_months=3)
    t = A.accommodation_table(acc_frame(), DAY, standards=std)
    assert "high_utilisation" in codes(t, "A2")
    assert "space_below_standard" not in codes(t, "A1")
    assert "lease_ending" not in codes(t, "A1")
    high = {f.code: f for f in row(t, "A2")["flag_list"]}["high_utilisation"]
    assert high.detail == "Ehemalige Hauptpost ist zu 75,0\u00a0% ausgelastet (Warnschwelle 70\u00a0%)."
    assert A.flag_rules(std)["high_utilisation"] == "Gelb ab einer Auslastung von 70\u00a0%."


def test_social_work_standard_four_per_two_hundred():
    acc = acc_frame(occupancy=[200, 201, 10], capacity=[300, 300, 300], social_workers=[4, 4, 0],
                    floor_area_m2=[None, None, None], lease_end=[None] * 3, planned_closure=[None] * 3)
    t = A.accommodation_table(acc, DAY)
    assert "social_work_below_standard" not in codes(t, "A1")
    assert "social_work_below_standard" in codes(t, "A2")
    assert "social_work_below_standard" in codes(t, "A3")
    zero = row(t, "A3")["flag_list"][0]
    assert zero.detail == "In Hotel Zepp gibt es für 10 Bewohner keine Sozialarbeit (Standard: höchstens 50 je VZÄ)."


def test_zero_capacity_with_residents_is_over_capacity():
    acc = acc_frame(capacity=[0, 20, 5])
    t = A.accommodation_table(acc, DAY)
    assert pd.isna(row(t, "A1")["utilisation"])
    assert "over_capacity" in codes(t, "A1")


def test_totals_over_open_accommodations():
    tot = A.totals(A.accommodation_table(acc_frame(), DAY))
    assert tot["accommodations"] == 2
    assert tot["capacity"] == 30 and tot["occupancy"] == 26
    assert tot["utilisation"] == pytest.approx(26 / 30)
    assert tot["free_places"] == 5 and tot["monthly_cost"] == 9600
    assert tot["over_capacity_count"] == 1 and tot["flagged_red"] == 2 and tot["flagged_amber"] == 0


def test_one_accommodation_and_empty_data():
    one = glossary.conform("accommodations", pd.DataFrame({"name": ["Colosseum"], "capacity": [69]}))
    t = A.accommodation_table(one, DAY)
    assert t["key"].tolist() == ["Colosseum"]
    assert pd.isna(t["occupancy"].iloc[0]) and t["flag_level"].iloc[0] == "gruen"
    tot = A.totals(t)
    assert tot["capacity"] == 69 and tot["occupancy"] is None and tot["utilisation"] is None
    assert tot["monthly_cost"] is None
    empty = A.accommodation_table(None, DAY)
    assert len(empty) == 0 and "flag_list" in empty.columns
    assert A.totals(empty)["accommodations"] == 0


def test_filter_display_and_profile():
    t = A.accommodation_table(acc_frame(type=["Gemeinschaftsunterkunft", "Notunterkunft", "Hotel/Pension"]), DAY)
    assert A.filter_table(t, district_ids=["09", "01"])["key"].tolist() == ["A1", "A2"]
    assert A.filter_table(t, types=["Notunterkunft"])["key"].tolist() == ["A2"]
    assert A.filter_table(t, statuses=["Reserve"], district_ids=["06"])["key"].tolist() == ["A3"]
    assert len(A.filter_table(t)) == 3
    shown = A.display_table(t)
    assert {"Unterkunft", "Plätze", "Belegung", "Auslastung", "m² je Person", "Regeln"} <= set(shown.columns)
    assert shown["Ampel"].tolist() == ["kritisch", "kritisch", "in Ordnung"]
    card = A.profile(t, "A1")
    assert card["values"]["Auslastung"] == "110,0\u00a0%"
    assert card["values"]["Kosten je Monat"] == "2.000\u00a0€"
    assert card["values"]["Stadtteil"] == "09 Kaiserslautern-West"
    assert [f.code for f in card["flags"]][0] == "over_capacity"
    with pytest.raises(KeyError):
        A.profile(t, "nope")
