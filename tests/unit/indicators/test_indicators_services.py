"""Services indicators: Kita coverage and shortfall, schools, offices, social work, children in accommodations."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from ankunft.core.reference import Standards
from ankunft.indicators import services as S

STICHTAG = dt.date(2026, 10, 1)


@pytest.fixture
def districts() -> pd.DataFrame:
    return pd.DataFrame({
        "district_id": ["01", "09"],
        "population": [10000, 8000],
        "children_under_2": [200, 100],
        "children_2": [100, 40],
        "children_3_5": [300, 200],
        "children_6_9": [400, 300],
        "foreign_share": [20.0, 22.0],
    })


@pytest.fixture
def services() -> pd.DataFrame:
    return pd.DataFrame({
        "id": ["k1", "k2", "k3", "g1", "g2", "b1", "b2", "q1"],
        "name": ["Kita A", "Kita B", "Kita C", "GS Ost", "GS West", "Beratung 1", "Beratung 2", "Slevfisch"],
        "category": ["Kita", "Kita", "Kita", "Grundschule", "Grundschule", "Beratung", "Beratung", "Quartiersbüro"],
        "district_id": ["01", "01", "09", "01", "09", "09", "09", "09"],
        "capacity": [200, 140, 100, 450, 270, None, None, None],
        "places_under_3": [40, 20, 10, None, None, None, None, None],
        "enrolled": [200, 140, 100, 430, 270, None, None, None],
        "waiting_list": [12, None, 8, None, 5, None, None, None],
    })


def test_kita_coverage_hand_computed(services, districts):
    # district 01: demand = 200·0,265 + 100·0,75 + 300·0,99 = 53 + 75 + 297 = 425; places 340
    assert S.kita_coverage(services, districts, ["01"]) == pytest.approx(340 / 425)
    # district 09: demand = 26,5 + 30 + 198 = 254,5; places 100
    assert S.kita_coverage(services, districts, ["09"]) == pytest.approx(100 / 254.5)
    # city: 440 / 679,5
    assert S.kita_coverage(services, districts, None) == pytest.approx(440 / 679.5)
    # district ids may be given as numbers or names
    assert S.kita_coverage(services, districts, ["9"]) == S.kita_coverage(services, districts, ["Kaiserslautern-West"])


def test_kita_coverage_configurable_rates(services, districts):
    rates = Standards(kita_rate_under_2=0.5, kita_rate_2=1.0, kita_rate_3_5=1.0)
    # 200·0,5 + 100 + 300 = 500
    assert S.kita_coverage(services, districts, ["01"], rates) == pytest.approx(340 / 500)


def test_kita_coverage_none_when_not_computable(services, districts):
    assert S.kita_coverage(None, districts, ["01"]) is None
    assert S.kita_coverage(services, None, ["01"]) is None
    no_bands = districts.drop(columns=["children_2"])
    assert S.kita_coverage(services, no_bands, ["01"]) is None
    assert S.kita_coverage(services, districts, ["12"]) is None  # no district row
    zero = districts.assign(children_under_2=0, children_2=0, children_3_5=0)
    assert S.kita_coverage(services, zero, ["01"]) is None
    no_kitas = services[services["category"] != "Kita"]
    assert S.kita_coverage(no_kitas, districts, ["01"]) is None


def test_kita_coverage_zero_when_district_has_no_kita(services, districts):
    only_01 = services[services["id"] != "k3"]
    assert S.kita_coverage(only_01, districts, ["09"]) == 0.0


def test_kita_supply_shortfall(services, districts):
    t = S.kita_supply(services, districts, focus_ids=["09"]).set_index("area_id")
    assert list(t.index) == ["01", "09", "Fokus", "Stadt"]
    assert t.loc["01", "demand"] == pytest.approx(425.0)
    assert t.loc["01", "shortfall"] == pytest.approx(85.0)
    assert t.loc["09", "shortfall"] == pytest.approx(154.5)
    assert t.loc["Stadt", "shortfall"] == pytest.approx(239.5)
    assert t.loc["01", "places_under_3"] == 60
    # under-3 demand 01: 53 + 75 = 128
    assert t.loc["01", "under_3_coverage"] == pytest.approx(60 / 128)
    assert t.loc["09", "waiting_list"] == 8 and t.loc["Stadt", "waiting_list"] == 20
    assert t.loc["Fokus", "area"] == "Bezirk 09 Kaiserslautern-West (mit Nordwest)"


def test_kita_supply_no_shortfall_when_covered(districts):
    big = pd.DataFrame({"name": ["Groß"], "category": ["Kita"], "district_id": ["01"], "capacity": [500]})
    t = S.kita_supply(big, districts).set_index("area_id")
    assert t.loc["01", "shortfall"] == 0.0
    assert t.loc["01", "coverage"] == pytest.approx(500 / 425)


def test_school_supply(services, districts):
    t = S.school_supply(services, districts, ["09"]).set_index("area_id")
    assert t.loc["01", "coverage"] == pytest.approx(450 / 400)
    assert t.loc["01", "shortfall"] == 0.0
    assert t.loc["09", "coverage"] == pytest.approx(270 / 300)
    assert t.loc["09", "shortfall"] == 30.0
    assert t.loc["Stadt", "enrolled"] == 700
    assert t.loc["09", "waiting_list"] == 5


def test_school_supply_missing_children(services, districts):
    t = S.school_supply(services, districts.drop(columns=["children_6_9"])).set_index("area_id")
    assert t["coverage"].isna().all() and t["shortfall"].isna().all()


def test_offices_per_1000(services, districts):
    t = S.offices_per_1000(services, districts, ["09"])
    got = {(r.area_id, r.category): r.per_1000 for r in t.itertuples()}
    assert got[("09", "Beratung")] == pytest.approx(2 / 8)
    assert got[("09", "Quartiersbüro")] == pytest.approx(1 / 8)
    assert got[("01", "Beratung")] == 0.0
    assert got[("Stadt", "Beratung")] == pytest.approx(2 / 18)
    no_pop = S.offices_per_1000(services, None)
    assert no_pop["per_1000"].isna().all() and no_pop["offices"].max() == 2


def test_waiting_lists(services):
    w = S.waiting_lists(services)
    got = {(r.district_id, r.category): r.waiting_list for r in w.itertuples()}
    assert got == {("01", "Kita"): 12, ("09", "Kita"): 8, ("09", "Grundschule"): 5}
    assert S.waiting_lists(None).empty


@pytest.fixture
def accommodations() -> pd.DataFrame:
    return pd.DataFrame({
        "id": ["1", "2", "3"],
        "name": ["Asternweg", "Hauptpost", "Zoar"],
        "district_id": ["09", "01", "01"],
        "capacity": [220, 370, 160],
        "occupancy": [150, 100, 90],
        "social_workers": [2.0, 2.0, None],
    })


def test_social_work_against_standard(accommodations):
    t = S.social_work(accommodations).set_index("id")
    # standard 4 per 200 = 1 per 50: 150 residents need 3, 2 present -> 1 missing
    assert t.loc["1", "required"] == 3.0
    assert t.loc["1", "gap"] == 1.0
    assert bool(t.loc["1", "below_standard"]) is True
    assert t.loc["1", "residents_per_worker"] == 75.0
    assert bool(t.loc["2", "below_standard"]) is False  # 100 residents, 2 needed, 2 present
    assert pd.isna(t.loc["3", "below_standard"])  # staff unknown


def test_social_work_with_occupancy_series(accommodations):
    occ = pd.Series({"1": 40.0, "2": 220.0})
    t = S.social_work(accommodations, occupancy=occ).set_index("id")
    assert bool(t.loc["1", "below_standard"]) is False  # 40 residents need 0,8
    assert t.loc["2", "required"] == pytest.approx(4.4)
    assert pd.isna(t.loc["3", "residents"])


def test_social_work_by_area(accommodations):
    t = S.social_work_by_area(accommodations, focus_ids=["09"]).set_index("area_id")
    # city: only accommodations with staff known (1, 2): 250 residents, 4 workers, 5 required
    assert t.loc["Stadt", "residents"] == 250 and t.loc["Stadt", "required"] == 5.0
    assert t.loc["Stadt", "gap"] == 1.0 and bool(t.loc["Stadt", "below_standard"]) is True
    assert t.loc["01", "accommodations"] == 1
    assert bool(t.loc["01", "below_standard"]) is False


def test_accommodation_children_by_district(accommodations):
    roster = pd.DataFrame({
        "accommodation_id": ["1", "1", "1", "2", "2", "3", "3"],
        "birth_year": [2021, 2020, 1990, 2009, 2008, 2024, None],
    })
    t = S.accommodation_children(roster, STICHTAG, accommodations).set_index("district_id")
    assert t.loc["09", "residents"] == 3
    assert t.loc["09", "children_0_5"] == 1 and t.loc["09", "children_6_9"] == 1 and t.loc["09", "children_6_17"] == 1
    assert t.loc["01", "children_0_5"] == 1      # born 2024
    assert t.loc["01", "children_6_17"] == 1     # born 2009 (17); 2008 is 18
    assert t.loc["01", "age_unknown"] == 1
    assert t.loc["01", "district"] == "01 Innenstadt-Ost"


def test_accommodation_children_with_district_column():
    roster = pd.DataFrame({"district_id": ["9", "09", "03"], "birth_year": [2022, 2015, 2000]})
    t = S.accommodation_children(roster, STICHTAG).set_index("district_id")
    assert t.loc["09", "children_0_5"] == 1 and t.loc["09", "children_6_17"] == 1
    assert t.loc["03", "children_0_5"] == 0
    assert S.accommodation_children(None, STICHTAG).empty
