"""Stadtteilprofil: values, city values and German readings; every dataset may be missing."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from ankunft.indicators import profile as P
from ankunft.storage.state import DataState

STICHTAG = dt.date(2026, 10, 1)


@pytest.fixture
def frames() -> dict[str, pd.DataFrame]:
    districts = pd.DataFrame({
        "district_id": ["01", "09"],
        "population": [10000, 8000],
        "foreign_share": [20.0, 22.0],
        "children_under_2": [200, 200],
        "children_2": [100, 40],
        "children_3_5": [300, 200],
        "children_6_9": [400, 300],
    })
    accommodations = pd.DataFrame({
        "id": ["A", "B", "C", "X"],
        "name": ["Nah", "Mittel", "Fern", "Geschlossen"],
        "district_id": ["09", "09", "01", "01"],
        "lat": [49.40, 49.42, 49.44, 49.46],
        "lon": [7.70, 7.75, 7.80, 7.85],
        "capacity": [120, 350, 120, 50],
        "occupancy": [100, 300, 100, 0],
        "status": ["in Betrieb", "in Betrieb", "in Betrieb", "geschlossen"],
    })
    services = pd.DataFrame({
        "id": ["k1", "k2", "k3", "g1", "b1"],
        "name": ["Kita 1", "Kita 2", "Kita 3", "GS", "Beratung"],
        "category": ["Kita", "Kita", "Kita", "Grundschule", "Beratung"],
        "district_id": ["09", "01", "01", "09", "09"],
        "capacity": [100, 200, 140, 300, None],
        "lat": [49.404, 49.428, 49.46, None, None],
        "lon": [7.70, 7.75, 7.80, None, None],
    })
    housing = pd.DataFrame({
        "object_id": ["h1", "h2", "h3"],
        "district_id": ["09", "09", "01"],
        "hot_water": [False, True, True],
        "damp_mould": [False, False, True],
        "inspection_date": pd.to_datetime(["2026-02-01", "2026-02-01", "2026-03-01"]),
    })
    return {"districts": districts, "accommodations": accommodations, "services": services, "housing": housing}


def test_profile_values_and_readings(frames):
    p = P.district_profile(frames, ["09"], STICHTAG)
    assert p.label == "Bezirk 09 Kaiserslautern-West (mit Nordwest)"
    assert [r.key for r in p.rows] == ["population", "foreign_share", "accommodation_residents", "housing",
                                       "kita", "reach"]
    assert p.row("population").reading == "8.000 Einwohner – 44,4\u00a0% der Stadt (18.000)"
    # city foreign share weighted by population: (2.000 + 1.760) / 18.000 = 20,9 %
    assert p.row("foreign_share").city == pytest.approx(3760 / 18000)
    assert p.row("foreign_share").reading == "Ausländeranteil 22,0\u00a0% – Stadt 20,9\u00a0%"
    assert p.row("accommodation_residents").reading == (
        "400 Menschen in 2 Unterkünften – Stadt 500 in 3 Unterkünften (50,0 je 1.000 Einwohner, Stadt 27,8)")
    assert p.row("housing").reading == "1 von 2 geprüften Objekten mit offenen Mängeln (50,0\u00a0%) – Stadt 66,7\u00a0%"
    # Kita demand 09: 200·0,265 + 40·0,75 + 200·0,99 = 53 + 30 + 198 = 281; places 100
    # city: 425 + 281 = 706 for 440 places
    kita = p.row("kita")
    assert kita.value == pytest.approx(100 / 281) and kita.city == pytest.approx(440 / 706)
    assert kita.reading == "Kita-Versorgung 35,6\u00a0% – Stadt 62,3\u00a0% (es fehlen rund 181 Plätze)"
    # A and B (09) have a Kita within 1.000 m; C (01, 100 of 500 residents) does not
    reach = p.row("reach")
    assert reach.value == 1.0 and reach.city == pytest.approx(0.8)
    assert reach.reading == ("100\u00a0% der Bewohner erreichen Kita binnen 1.000 m Luftlinie – Stadt 80\u00a0% "
                             "(ohne Koordinaten: Grundschule, Beratung, Quartiersbüro)")
    assert p.missing == []
    assert p.headline == ("Bezirk 09 Kaiserslautern-West (mit Nordwest) am 01.10.2026: 400 Menschen in "
                          "Unterkünften, Kita-Versorgung 35,6\u00a0% (Stadt 62,3\u00a0%), 50,0\u00a0% der geprüften Objekte mit "
                          "offenen Mängeln.")


def test_reading_changes_when_data_changes(frames):
    before = P.district_profile(frames, ["09"], STICHTAG).row("kita").reading
    frames["services"].loc[0, "capacity"] = 300
    after = P.district_profile(frames, ["09"], STICHTAG).row("kita")
    assert after.reading != before
    assert after.reading == "Kita-Versorgung 106,8\u00a0% – Stadt 90,7\u00a0%"  # 300/281, 640/706 = 90,65 %


def test_missing_services(frames):
    del frames["services"]
    p = P.district_profile(frames, ["09"], STICHTAG)
    msg = "Keine Daten zur sozialen Infrastruktur (Jugendamt / Schulverwaltung) – bitte auf der Seite Daten hochladen."
    assert p.row("kita").reading == msg and p.row("kita").value is None
    assert p.row("reach").reading == msg
    assert p.missing == [msg]
    # the rest is still there
    assert p.row("population").value == 8000
    assert p.row("housing").value == 0.5


def test_missing_housing_and_districts(frames):
    p = P.district_profile({"accommodations": frames["accommodations"], "services": frames["services"]},
                           ["09"], STICHTAG)
    assert p.row("housing").reading == "Keine Daten der Wohnungsaufsicht – bitte auf der Seite Daten hochladen."
    assert p.row("population").reading.startswith("Keine Stadtteildaten der Statistikstelle")
    assert p.row("kita").value is None
    assert p.row("accommodation_residents").reading == "400 Menschen in 2 Unterkünften – Stadt 500 in 3 Unterkünften"
    assert len(p.missing) == 2


def test_nothing_loaded():
    p = P.district_profile({}, ["09"], STICHTAG)
    assert all(r.value is None for r in p.rows)
    assert all("hochladen" in r.reading for r in p.rows)
    assert p.headline == "Bezirk 09 Kaiserslautern-West (mit Nordwest): Für das Profil fehlen noch Daten."


def test_district_without_data(frames):
    p = P.district_profile(frames, ["12"], STICHTAG)
    assert p.label == "12 Morlautern"
    assert p.row("population").reading == "Keine Einwohnerzahl für 12 Morlautern in den Stadtteildaten."
    assert p.row("population").city == 18000
    assert p.row("accommodation_residents").reading == "Keine Unterkunft im Gebiet – Stadt 500 in 3 Unterkünften"
    assert p.row("housing").reading.startswith("Keine bis zum 01.10.2026 geprüften Objekte im Gebiet")
    assert p.row("reach").value is None


def test_missing_foreign_share_column(frames):
    frames["districts"] = frames["districts"].drop(columns=["foreign_share"])
    p = P.district_profile(frames, ["09"], STICHTAG)
    assert p.row("foreign_share").reading == "Ausländeranteil fehlt in den Stadtteildaten."


def test_data_state_and_occupancy_from_residents(frames):
    residents = pd.DataFrame({
        "person_id": ["p1", "p2", "p3", "p4"],
        "accommodation": ["A", "A", "Fern", "B"],
        "move_in": pd.to_datetime(["2025-01-01", "2026-01-01", "2024-05-01", "2020-01-01"]),
        "move_out": pd.to_datetime([None, None, None, "2026-06-30"]),
    })
    state = DataState.from_frames(STICHTAG, {**frames, "residents": residents})
    p = P.district_profile(state, ["09"], STICHTAG)
    # at the Stichtag: 2 in A, 0 in B (moved out), 1 in C ("Fern", matched by name)
    assert p.row("accommodation_residents").value == 2
    assert p.row("accommodation_residents").city == 3
    explicit = P.district_profile(state, ["09"], STICHTAG, occupancy=pd.Series({"A": 7.0, "B": 3.0}))
    assert explicit.row("accommodation_residents").value == 10


def test_to_frame_and_compare(frames):
    a = P.district_profile(frames, ["09"], STICHTAG)
    b = P.district_profile(frames, ["01"], STICHTAG)
    t = a.to_frame()
    assert list(t.columns) == ["Kennzahl", a.label, "Stadt", "Einordnung"]
    assert t.loc["kita", a.label] == "35,6\u00a0%"
    c = P.compare_profiles(a, b)
    assert list(c.columns) == ["Kennzahl", a.label, "01 Innenstadt-Ost", "Stadt"]
    assert c.loc["population"].tolist() == ["Einwohner", "8.000", "10.000", "18.000"]
    # 01: demand 425, places 340
    assert c.loc["kita", "01 Innenstadt-Ost"] == "80,0\u00a0%"
    same = P.compare_profiles(a, a)
    assert list(same.columns)[1:3] == [f"{a.label} (A)", f"{a.label} (B)"]


def test_custom_label_and_focus_set(frames):
    p = P.district_profile(frames, ["9", "01"], STICHTAG, label="Mein Gebiet")
    assert p.label == "Mein Gebiet" and p.district_ids == ("01", "09")
    assert p.row("population").value == 18000
    assert p.row("population").reading == "18.000 Einwohner – 100,0\u00a0% der Stadt (18.000)"


def test_reach_limit_is_configurable(frames):
    p = P.district_profile(frames, ["09"], STICHTAG, reach_limit_m=500)
    r = p.row("reach")
    assert r.label == "Grundangebote binnen 500 m"
    # only A (100 of 400 residents in 09; 100 of 500 in the city) has its Kita within 500 m (445 m)
    assert r.value == pytest.approx(0.25) and r.city == pytest.approx(0.2)
    assert r.reading.startswith("25\u00a0% der Bewohner erreichen Kita binnen 500 m Luftlinie – Stadt 20\u00a0%")
    assert P.compare_profiles(p, p).loc["reach", "Kennzahl"] == "Grundangebote binnen 500 m"
