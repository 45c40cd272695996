"""Stays indicators on small hand-made frames with hand-computed answers."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from ankunft.core import glossary
from ankunft.indicators import Unavailable, available
from ankunft.indicators import stays as S

DAY = dt.date(2026, 10, 1)


def acc_frame(**cols) -> pd.DataFrame:
    base = {"id": ["A1", "A2"], "name": ["Asternweg", "Ehemalige Hauptpost"], "capacity": [10, 20]}
    base.update(cols)
    return glossary.conform("accommodations", pd.DataFrame(base))


def res_frame(rows: list[dict]) -> pd.DataFrame:
    return glossary.conform("residents", pd.DataFrame(rows))


@pytest.fixture
def residents() -> pd.DataFrame:
    return res_frame([
        # present, 6 years 9 months -> "> 5 Jahre"
        {"person_id": "p1", "household_id": "h1", "accommodation": "A1", "move_in": "2020-01-01",
         "birth_year": 1990, "residence_status": "Asylverfahren"},
        # present, 487 days -> "1–3 Jahre"; name variant with umlaut-free spelling and spaces
        {"person_id": "p2", "household_id": "h1", "accommodation": " asternweg ", "move_in": "2025-06-01",
         "birth_year": 2022, "residence_status": "subsidiärer Schutz"},
        # completed stay of 1,155 days
        {"person_id": "p3", "accommodation": "Ehemalige Hauptpost", "move_in": "2023-01-01",
         "move_out": "2026-03-01", "birth_year": 2012},
        # present, 273 days -> "< 1 Jahr"; accommodation unknown to the list
        {"person_id": "p4", "household_id": "h2", "accommodation": "Villa Jänisch", "move_in": "2026-01-01",
         "may_move_out": True},
        # earlier stay of p1: 363 days, ended 2 days before the move to A1 (a transfer)
        {"person_id": "p1", "household_id": "h1", "accommodation": "A2", "move_in": "2019-01-02",
         "move_out": "2019-12-30", "birth_year": 1990, "residence_status": "Asylverfahren"},
        # moves in after the Stichtag: never counted
        {"person_id": "p5", "accommodation": "A2", "move_in": "2026-11-01"},
    ])


@pytest.fixture
def stays(residents) -> pd.DataFrame:
    return S.attach_accommodation_ids(residents, acc_frame())


def test_no_residents_is_unavailable_with_german_reason():
    for result in (S.roster(None, DAY), S.roster(glossary.empty_frame("residents"), DAY),
                   S.completed_stays(None, DAY), S.occupancy_from_stays(None, DAY),
                   S.arrivals_departures(None, DAY), S.attach_accommodation_ids(None, acc_frame())):
        assert isinstance(result, Unavailable)
        assert "Bewohnerdatei" in result.reason
        assert not available(result)
    # downstream functions pass the marker on
    assert isinstance(S.length_of_stay_bands(S.roster(None, DAY)), Unavailable)
    assert isinstance(S.long_stay_share(S.roster(None, DAY)), Unavailable)
    assert isinstance(S.composition(S.roster(None, DAY)), Unavailable)


def test_resolve_by_id_then_normalised_name():
    acc = acc_frame()
    values = pd.Series(["A2", "EHEMALIGE  HAUPTPOST", "asternweg", "Nirgendwo", None])
    got = S.resolve_accommodations(values, acc)
    assert got.tolist()[:3] == ["A2", "A2", "A1"]
    assert got.isna().tolist()[3:] == [True, True]


def test_name_key_folds_case_space_and_umlauts():
    assert S.name_key("  Villa  JÄNISCH ") == S.name_key("villa jaenisch") == "villajaenisch"
    assert S.name_key("Straße") == "strasse"


def test_accommodation_without_id_is_keyed_by_name():
    acc = glossary.conform("accommodations", pd.DataFrame({"name": ["Colosseum", "Hotel Zepp"], "capacity": [69, 50]}))
    assert S.accommodation_keys(acc).tolist() == ["Colosseum", "Hotel Zepp"]
    res = res_frame([{"person_id": "p", "accommodation": "hotel zepp", "move_in": "2026-01-01"}])
    assert S.attach_accommodation_ids(res, acc)["accommodation_id"].tolist() == ["Hotel Zepp"]


def test_unmatched_accommodations_listed(residents):
    assert S.unmatched_accommodations(residents, acc_frame()) == ["Villa Jänisch"]


def test_roster_at_stichtag(stays):
    r = S.roster(stays, DAY)
    assert sorted(r["person_id"]) == ["p1", "p2", "p4"]
    by_person = r.set_index("person_id")
    assert by_person.loc["p1", "days"] == 2465  # 01.01.2020 -> 01.10.2026
    assert by_person.loc["p2", "days"] == 487
    assert by_person.loc["p4", "days"] == 273
    assert by_person.loc["p1", "band"] == "> 5 Jahre"
    assert by_person.loc["p2", "band"] == "1–3 Jahre"
    assert by_person.loc["p4", "band"] == "< 1 Jahr"
    assert by_person.loc["p2", "age"] == 4 and by_person.loc["p2", "age_group"] == "Kinder 0–5"
    assert by_person.loc["p4", "age_group"] == "ohne Angabe"
    assert by_person.loc["p4", "accommodation_id"] == "Villa Jänisch"


def test_roster_move_out_day_not_counted():
    res = res_frame([{"person_id": "a", "accommodation": "A1", "move_in": "2026-01-01", "move_out": "2026-10-01"},
                     {"person_id": "b", "accommodation": "A1", "move_in": "2026-10-01"}])
    assert S.roster(res, DAY)["person_id"].tolist() == ["b"]


def test_roster_in_the_past(stays):
    r = S.roster(stays, dt.date(2024, 1, 1))
    assert sorted(r["person_id"]) == ["p1", "p3"]
    assert r.set_index("person_id").loc["p3", "days"] == 365


def test_stay_band_edges():
    years = pd.Series([0.0, 0.999, 1.0, 2.99, 3.0, 4.99, 5.0, 12.0, float("nan")])
    assert S.stay_band(years).tolist()[:8] == ["< 1 Jahr", "< 1 Jahr", "1–3 Jahre", "1–3 Jahre", "3–5 Jahre",
                                               "3–5 Jahre", "> 5 Jahre", "> 5 Jahre"]
    assert pd.isna(S.stay_band(years).iloc[8])


def test_length_of_stay_bands_overall_and_per_accommodation(stays):
    r = S.roster(stays, DAY)
    bands = S.length_of_stay_bands(r)
    assert bands["band"].tolist() == list(S.BANDS)
    assert bands["count"].tolist() == [1, 1, 0, 1]
    assert bands["share"].sum() == pytest.approx(1.0)
    per = S.length_of_stay_bands(r, by_accommodation=True)
    a1 = per[per["accommodation_id"] == "A1"].set_index("band")
    assert a1["count"].to_dict() == {"< 1 Jahr": 0, "1–3 Jahre": 1, "3–5 Jahre": 0, "> 5 Jahre": 1}
    assert a1.loc["> 5 Jahre", "share"] == pytest.approx(0.5)


def test_length_of_stay_bands_empty_roster(stays):
    r = S.roster(stays, dt.date(2000, 1, 1))
    assert len(r) == 0
    bands = S.length_of_stay_bands(r)
    assert bands["count"].sum() == 0 and bands["share"].isna().all()
    assert S.long_stay_share(r) is None
    assert len(S.length_of_stay_bands(r, by_accommodation=True)) == 0


def test_long_stay_share(stays):
    r = S.roster(stays, DAY)
    assert S.long_stay_share(r) == pytest.approx(1 / 3)
    assert S.long_stay_share(r, years=1.0) == pytest.approx(2 / 3)
    per = S.long_stay_by_accommodation(r).set_index("accommodation_id")
    assert per.loc["A1", "residents"] == 2 and per.loc["A1", "long_stay"] == 1
    assert per.loc["A1", "share"] == pytest.approx(0.5)


def test_completed_stays_and_histogram(stays):
    c = S.completed_stays(stays, DAY)
    assert sorted(c["days"].tolist()) == [362.0, 1155.0]
    hist = S.completed_stay_histogram(c).set_index("band")["count"]
    assert hist["6–12 Monate"] == 1 and hist["3–5 Jahre"] == 1 and hist.sum() == 2
    summary = S.completed_stay_summary(c)
    assert summary["count"] == 2
    assert summary["median_days"] == pytest.approx((362 + 1155) / 2)
    assert summary["share_under_3_months"] == 0.0
    assert summary["share_over_18_months"] == 0.5


def test_completed_stays_before_stichtag_only(stays):
    c = S.completed_stays(stays, dt.date(2025, 1, 1))
    assert c["days"].tolist() == [362.0]


def test_completed_stays_without_move_out_column():
    res = res_frame([{"person_id": "a", "accommodation": "A1", "move_in": "2026-01-01"}])
    result = S.completed_stays(res, DAY)
    assert isinstance(result, Unavailable) and "Auszug" in result.reason
    assert isinstance(S.completed_stay_histogram(result), Unavailable)


def test_composition(stays):
    comp = S.composition(S.roster(stays, DAY))
    hh = comp["households"].set_index("size")
    assert hh.loc[1, "households"] == 1 and hh.loc[2, "households"] == 1 and hh["households"].sum() == 2
    assert hh["persons"].sum() == 3
    assert hh.loc[2, "label"] == "2 Personen" and hh.loc[6, "label"] == "6+ Personen"
    ages = comp["age_groups"].set_index("group")["count"].to_dict()
    assert ages == {"Kinder 0–5": 1, "Kinder 6–17": 0, "Erwachsene": 1, "ohne Angabe": 1}
    status = comp["residence_status"].set_index("group")["count"].to_dict()
    assert status == {"Asylverfahren": 1, "subsidiärer Schutz": 1, "ohne Angabe": 1}
    ent = comp["entitlement"].set_index("group")["count"].to_dict()
    # p4 flag given (True); p2 entitled by status; p1 in the asylum procedure
    assert ent == {"auszugsberechtigt": 2, "unterzubringen": 1}
    assert S.entitled_count(S.roster(stays, DAY)) == 2


def test_large_households_grouped():
    rows = [{"person_id": f"p{i}", "household_id": "big", "accommodation": "A1", "move_in": "2026-01-01"}
            for i in range(7)]
    hh = S.household_sizes(S.roster(res_frame(rows), DAY)).set_index("size")
    assert hh.loc[6, "households"] == 1 and hh.loc[6, "persons"] == 7


def test_composition_missing_optional_columns():
    res = res_frame([{"person_id": "a", "accommodation": "A1", "move_in": "2026-01-01"}])
    comp = S.composition(S.roster(res, DAY))
    for key in ("households", "age_groups", "residence_status", "entitlement"):
        assert isinstance(comp[key], Unavailable), key
    assert "Haushalts-Nr." in comp["households"].reason
    assert S.entitled_count(S.roster(res, DAY)) is None


def test_entitled_flag_given_wins_over_status():
    res = res_frame([
        {"person_id": "a", "accommodation": "A1", "move_in": "2026-01-01", "may_move_out": False,
         "residence_status": "subsidiärer Schutz"},
        {"person_id": "b", "accommodation": "A1", "move_in": "2026-01-01", "residence_status": "Duldung"},
    ])
    assert S.entitled_flags(res).tolist() == [False, False]


def test_occupancy_from_stays(stays):
    occ = S.occupancy_from_stays(stays, DAY, months=3)
    assert [d.date() for d in occ["date"]] == [dt.date(2026, 8, 31), dt.date(2026, 9, 30), DAY]
    assert occ["occupancy"].tolist() == [3.0, 3.0, 3.0]
    past = S.occupancy_from_stays(stays, dt.date(2026, 2, 28), months=2)
    # 31.01.2026: p1, p2, p3, p4; 28.02.2026: still the same four (p3 leaves on 01.03.)
    assert past["occupancy"].tolist() == [4.0, 4.0]
    # the last point equals the roster count
    assert occ["occupancy"].iloc[-1] == len(S.roster(stays, DAY))


def test_occupancy_over_time_prefers_snapshots(stays):
    snaps = {dt.date(2026, 3, 31): acc_frame(occupancy=[5, 10]), dt.date(2026, 9, 30): acc_frame(occupancy=[6, 12])}
    series = S.occupancy_over_time(snaps, stays, DAY)
    assert series.measure == "aus Stichtagen"
    assert series.frame["occupancy"].tolist() == [15.0, 18.0]
    assert series.frame["capacity"].tolist() == [30.0, 30.0]
    one = S.occupancy_over_time({dt.date(2026, 9, 30): acc_frame(occupancy=[6, 12])}, stays, DAY, months=2)
    assert one.measure == "aus Aufenthalten rekonstruiert" and len(one.frame) == 2
    none = S.occupancy_over_time({dt.date(2026, 9, 30): acc_frame()}, None, DAY)
    assert isinstance(none, Unavailable) and "Stichtage" in none.reason


def test_snapshots_after_stichtag_ignored(stays):
    snaps = {dt.date(2026, 3, 31): acc_frame(occupancy=[5, 10]), dt.date(2026, 12, 31): acc_frame(occupancy=[6, 12])}
    assert S.occupancy_over_time(snaps, stays, DAY).measure == "aus Aufenthalten rekonstruiert"


def test_arrivals_departures_exclude_transfers():
    res = res_frame([
        {"person_id": "a", "accommodation": "A1", "move_in": "2026-01-10", "move_out": "2026-03-05"},
        {"person_id": "a", "accommodation": "A2", "move_in": "2026-03-06", "move_out": "2026-09-15"},
        {"person_id": "b", "accommodation": "A1", "move_in": "2026-03-20"},
        {"person_id": "c", "accommodation": "A2", "move_in": "2025-05-01", "move_out": "2026-10-20"},
    ])
    flows = S.arrivals_departures(res, DAY, months=10).set_index("month_label")
    assert flows.index[0] == "Jan. 2026" and flows.index[-1] == "Okt. 2026"
    assert flows.loc["Jan. 2026", "arrivals"] == 1
    assert flows.loc["März 2026", "arrivals"] == 1  # b; a's move is a transfer
    assert flows.loc["März 2026", "departures"] == 0
    assert flows.loc["Sept. 2026", "departures"] == 1
    assert flows.loc["Okt. 2026", "departures"] == 0  # 20.10. lies after the Stichtag
    assert flows["arrivals"].sum() == 2
    every = S.arrivals_departures(res, DAY, months=10, count_transfers=True).set_index("month_label")
    assert every.loc["März 2026", "arrivals"] == 2 and every.loc["März 2026", "departures"] == 1


def test_arrivals_without_move_out_column():
    res = res_frame([{"person_id": "a", "accommodation": "A1", "move_in": "2026-09-10"}])
    flows = S.arrivals_departures(res, DAY, months=2)
    assert flows["arrivals"].tolist() == [1, 0]
    assert flows["departures"].isna().all()


def test_non_canonical_input_is_conformed():
    raw = pd.DataFrame({"person_id": ["a"], "accommodation": ["A1"], "move_in": ["2026-01-01"]})
    r = S.roster(raw, DAY)
    assert len(r) == 1 and r["days"].iloc[0] == 273


def test_age_at():
    ages = S.age_at(pd.Series([2026, 2021, 2020, 2009, 2008, None, 2030]), DAY)
    assert ages.tolist()[:5] == [0, 5, 6, 17, 18]
    assert ages.iloc[5:].isna().all()
