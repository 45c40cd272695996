"""Reachability: haversine nearest services, weighted shares within 500/1,000 m, gaps, clusters."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest

from ankunft.indicators import reach as R

STICHTAG = dt.date(2026, 10, 1)
M_PER_DEG_LAT = 6_371_008.8 * np.pi / 180  # 111,195 m on the mean Earth radius


def test_one_degree_latitude_is_111_km():
    points = pd.DataFrame({"point_id": ["p"], "kind": ["Unterkunft"], "name": ["P"], "district_id": ["09"],
                           "district": ["09"], "lat": [49.0], "lon": [7.0], "objects": [1.0], "weight": [1.0]})
    services = pd.DataFrame({"name": ["Kita Nord", "Kita fern"], "category": ["Kita", "Kita"],
                             "lat": [50.0, 52.0], "lon": [7.0, 7.0]})
    t = R.nearest(points, services, ("Kita",))
    assert t.loc[0, "distance_m"] == pytest.approx(111_195, abs=1)
    assert t.loc[0, "service_name"] == "Kita Nord"


def test_known_pair_in_kaiserslautern():
    # Quartiersbüro Slevogtstraße (49.447, 7.743) to the city centre (49.444, 7.769):
    # dlat = 0,003° -> 333,6 m, dlon = 0,026° · cos(49,4455°) · 111.195 m = 1.879,9 m -> 1.909 m
    points = pd.DataFrame({"point_id": ["z"], "kind": ["Unterkunft"], "name": ["Zentrum"], "district_id": ["01"],
                           "district": ["01"], "lat": [49.444], "lon": [7.769], "objects": [1.0], "weight": [1.0]})
    services = pd.DataFrame({"name": ["Slevfisch"], "category": ["Quartiersbüro"], "lat": [49.447], "lon": [7.743]})
    d = R.nearest(points, services, ("Quartiersbüro",)).loc[0, "distance_m"]
    assert d == pytest.approx(1909, abs=3)


@pytest.fixture
def accommodations() -> pd.DataFrame:
    # Kitas lie due north: 0,004° ≈ 445 m, 0,008° ≈ 890 m, 0,02° ≈ 2.224 m
    return pd.DataFrame({
        "id": ["A", "B", "C", "X"],
        "name": ["Nah", "Mittel", "Fern", "Geschlossen"],
        "district_id": ["09", "09", "01", "01"],
        "lat": [49.40, 49.42, 49.44, 49.46],
        "lon": [7.70, 7.75, 7.80, 7.85],
        "capacity": [120, 350, 120, 50],
        "occupancy": [100, 300, 100, 0],
        "status": ["in Betrieb", "in Betrieb", "in Betrieb", "geschlossen"],
    })


@pytest.fixture
def services() -> pd.DataFrame:
    return pd.DataFrame({
        "id": ["k1", "k2", "k3", "g1"],
        "name": ["Kita 1", "Kita 2", "Kita 3", "GS"],
        "category": ["Kita", "Kita", "Kita", "Grundschule"],
        "lat": [49.404, 49.428, 49.46, 49.4005],
        "lon": [7.70, 7.75, 7.80, 7.70],
    })


def test_accommodation_points_skip_closed_and_weight_by_occupancy(accommodations):
    p = R.accommodation_points(accommodations)
    assert p["point_id"].tolist() == ["A", "B", "C"]
    assert p["weight"].tolist() == [100, 300, 100]
    occ = pd.Series({"A": 10.0, "B": 20.0})
    assert R.accommodation_points(accommodations, occ)["weight"].tolist() == [10, 20, 0]


def test_shares_within_thresholds_weighted(accommodations, services):
    long = R.reach_table(accommodations, None, services, STICHTAG, categories=("Kita", "Grundschule"))
    kita = long[long["category"] == "Kita"].set_index("point_id")["distance_m"]
    assert kita["A"] == pytest.approx(0.004 * M_PER_DEG_LAT, abs=0.5)
    assert kita["B"] == pytest.approx(0.008 * M_PER_DEG_LAT, abs=0.5)
    assert kita["C"] == pytest.approx(0.02 * M_PER_DEG_LAT, abs=0.5)
    s = R.reach_shares(long).set_index(["kind", "category"])
    # A (100 residents) within 500 m; A and B (400 of 500 residents) within 1.000 m
    assert s.loc[("Unterkunft", "Kita"), "within_500"] == pytest.approx(0.2)
    assert s.loc[("Unterkunft", "Kita"), "within_1000"] == pytest.approx(0.8)
    assert s.loc[("Unterkunft", "Kita"), "median_m"] == pytest.approx(0.008 * M_PER_DEG_LAT, abs=0.5)
    # the only school is 0,0005° (56 m) from A, far from B and C
    assert s.loc[("alle", "Grundschule"), "within_500"] == pytest.approx(0.2)
    # district filter: only 09 (A, B)
    s09 = R.reach_shares(long, ["09"]).set_index(["kind", "category"])
    assert s09.loc[("Unterkunft", "Kita"), "within_1000"] == 1.0
    assert s09.loc[("Unterkunft", "Kita"), "within_500"] == pytest.approx(0.25)


def test_all_within_share(accommodations, services):
    long = R.reach_table(accommodations, None, services, STICHTAG, categories=("Kita", "Grundschule"))
    # both a Kita and the school within 1.000 m: only A
    assert R.all_within_share(long, 1000) == pytest.approx(0.2)
    assert R.all_within_share(long, 1000, ["01"]) == 0.0
    assert R.all_within_share(long, 1000, ["12"]) is None


def test_gaps(accommodations, services):
    long = R.reach_table(accommodations, None, services, STICHTAG, categories=("Kita", "Beratung"))
    g = R.reach_gaps(long, 1000)
    # no Beratung has coordinates: every accommodation is a gap for it (listed first), C for Kita
    assert g[g["category"] == "Beratung"]["name"].tolist() == ["Mittel", "Nah", "Fern"]  # heaviest first
    kita = g[g["category"] == "Kita"]
    assert kita["name"].tolist() == ["Fern"]
    assert kita["distance_m"].iloc[0] > 1000
    assert R.reach_gaps(long, 5000)[lambda d: d["category"] == "Kita"].empty


def test_share_undefined_without_located_services(accommodations):
    long = R.reach_table(accommodations, None, None, STICHTAG)
    s = R.reach_shares(long)
    assert s["within_500"].isna().all()
    assert R.all_within_share(long) is None


def test_housing_clusters():
    h = pd.DataFrame({
        "object_id": ["a", "b", "c", "d"],
        "address": ["Slevogtstraße 36", "Slevogtstraße 38a", "Feuerbachstraße 2", "Königstraße 93"],
        "district_id": ["09", "09", "09", "03"],
        "lat": [49.44701, 49.44704, 49.44698, 49.4430],
        "lon": [7.74301, 7.74298, 7.74302, 7.7600],
        "residents": [4, 3, None, 5],
        "hot_water": [False, True, True, True],
        "inspection_date": pd.to_datetime(["2026-01-01", "2026-01-01", "2026-01-01", "2027-01-01"]),
    })
    c = R.housing_clusters(h, STICHTAG)
    assert len(c) == 1  # d inspected after the Stichtag
    row = c.iloc[0]
    assert row["objects"] == 3 and row["weight"] == 7 and row["open_defects"] == 1
    assert row["name"] == "Feuerbachstraße, Slevogtstraße"
    assert row["district_id"] == "09"
    c_all = R.housing_clusters(h, dt.date(2027, 6, 1))
    assert len(c_all) == 2


def test_housing_clusters_weight_objects_without_residents():
    h = pd.DataFrame({"object_id": ["a", "b"], "lat": [49.4, 49.4], "lon": [7.7, 7.7]})
    c = R.housing_clusters(h, STICHTAG)
    assert c["weight"].tolist() == [2.0] and c["name"].tolist() == ["Wohnobjekte"]


def test_reach_table_combines_kinds(accommodations, services):
    h = pd.DataFrame({"object_id": ["a"], "district_id": ["09"], "lat": [49.404], "lon": [7.701], "residents": [6]})
    long = R.reach_table(accommodations, h, services, STICHTAG, categories=("Kita",))
    assert sorted(long["kind"].unique()) == ["Unterkunft", "Wohnobjekte"]
    s = R.reach_shares(long).set_index(["kind", "category"])
    assert s.loc[("Wohnobjekte", "Kita"), "within_500"] == 1.0
    assert s.loc[("alle", "Kita"), "weight"] == 506


def test_empty_inputs():
    long = R.reach_table(None, None, None, STICHTAG)
    assert long.empty
    assert R.reach_gaps(long).empty
    assert R.all_within_share(long) is None
    assert R.housing_clusters(None, STICHTAG).empty


def test_streets_drop_house_numbers():
    s = pd.Series(["Slevogtstraße 36a, 67657 Kaiserslautern", "Am Hang 3 - 5", "Straße des 17. Juni 4", None],
                  dtype="str")
    got = R.streets(s)
    assert got.tolist()[:3] == ["Slevogtstraße", "Am Hang", "Straße des 17. Juni"]
    assert pd.isna(got.iloc[3])


# --- kept tables (one build per input frames) ----------------------------------------------------
def test_reach_table_is_built_once_per_inputs_and_never_changed_by_a_caller(accommodations, services):
    occupancy = pd.Series({"A": 90.0, "B": 310.0, "C": 100.0})
    fresh = R._reach_table(accommodations, None, services, STICHTAG, occupancy, R.REACH_CATEGORIES, 3)
    first = R.reach_table(accommodations, None, services, STICHTAG, occupancy)
    pd.testing.assert_frame_equal(first, fresh)
    first.loc[first.index[0], "distance_m"] = -1.0  # a caller changing its copy …
    first["extra"] = 1
    again = R.reach_table(accommodations, None, services, STICHTAG, occupancy)
    pd.testing.assert_frame_equal(again, fresh)  # … never reaches the kept table
    assert R._REACH.get((accommodations, None, services, occupancy), (STICHTAG, R.REACH_CATEGORIES, 3)) is not None
    # other inputs (another occupancy object, other categories) are other tables
    other = R.reach_table(accommodations, None, services, STICHTAG, pd.Series({"A": 1.0, "B": 1.0, "C": 1.0}))
    assert not other["weight"].equals(fresh["weight"])
    only_kitas = R.reach_table(accommodations, None, services, STICHTAG, occupancy, categories=("Kita",))
    assert set(only_kitas["category"]) == {"Kita"}
