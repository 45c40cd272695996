"""Soziale Infrastruktur view model on hand-made frames with hand-computed answers."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from ankunft.core import fmt
from ankunft.indicators import reach
from ankunft.indicators import services as S
from ankunft.storage.state import DataState
from ankunft.views import services_tables as T
from ankunft.views import services_view as V

STICHTAG = dt.date(2026, 10, 1)


def districts() -> pd.DataFrame:
    return pd.DataFrame({
        "district_id": ["01", "09"], "population": [10000, 8000],
        "children_under_2": [200, 100], "children_2": [100, 40], "children_3_5": [300, 200],
        "children_6_9": [400, 300], "foreign_share": [20.0, 22.0],
    })


def services() -> pd.DataFrame:
    return pd.DataFrame({
        "id": ["k1", "k2", "k3", "g1", "g2", "b1", "q1"],
        "name": ["Kita A", "Kita B", "Kita C", "GS Ost", "GS West", "Beratung 1", "Quartiersbüro West"],
        "category": ["Kita", "Kita", "Kita", "Grundschule", "Grundschule", "Beratung", "Quartiersbüro"],
        "district_id": ["01", "01", "09", "01", "09", "09", "09"],
        "capacity": [200, 140, 100, 450, 270, None, None],
        "waiting_list": [12, None, 2, None, 5, None, None],
        "lat": [49.4438, 49.444, 49.4442, 49.4439, 49.4445, 49.4442, 49.445],
        "lon": [7.7788, 7.779, 7.7266, 7.7789, 7.7270, 7.7300, 7.7400],
    })


def accommodations() -> pd.DataFrame:
    return pd.DataFrame({
        "id": ["U1", "U2"], "name": ["Halle West", "Haus Ost"], "district_id": ["09", "01"],
        "capacity": [100, 50], "occupancy": [80, 40], "social_workers": [1, 1], "status": ["in Betrieb"] * 2,
        "lat": [49.4442, 49.4438], "lon": [7.7266, 7.7788],
    })


def residents() -> pd.DataFrame:
    # U1: two children 0–5 and one 6–17; U2: one child 0–5 (born 2024), three adults
    return pd.DataFrame({
        "person_id": [f"P{i}" for i in range(8)],
        "accommodation": ["U1", "U1", "U1", "U1", "U2", "U2", "U2", "U2"],
        "birth_year": [2022, 2023, 2015, 1990, 2024, 1980, 1985, 1970],
        "move_in": pd.to_datetime(["2025-01-01"] * 8),
        "move_out": pd.to_datetime([None] * 8),
    })


@pytest.fixture
def state() -> DataState:
    return DataState.from_frames(STICHTAG, {"districts": districts(), "services": services(),
                                            "accommodations": accommodations(), "residents": residents()})


def test_rates_replace_the_standards():
    std = V.rates(0.3, 0.8, 1.0)
    assert (std.kita_rate_under_2, std.kita_rate_2, std.kita_rate_3_5) == (0.3, 0.8, 1.0)
    assert V.DEFAULT_RATES == (0.265, 0.75, 0.99)


def test_kita_tiles_and_headline_hand_computed(state):
    m = V.build(state, None, None, ["09"], council=False)
    tiles = {t.key: t for t in m.tiles}
    # 09: demand = 100 · 0,265 + 40 · 0,75 + 200 · 0,99 = 254,5; places 100 -> 39,3 %, 154,5 missing
    assert tiles["kita_coverage"].value_text == fmt.share(100 / 254.5) == "39,3\u00a0%"
    assert tiles["kita_shortfall"].value_text == "154"  # 154,5 rounded half to even
    # Grundschule 09: 270 places / 300 children
    assert tiles["school_coverage"].value_text == "90,0\u00a0%"
    # children 0–17 in accommodations in 09: 3 (born 2022, 2023, 2015)
    assert tiles["children"].value_text == "3"
    assert m.headline.startswith("Bezirk 09 Kaiserslautern-West (mit Nordwest): Das Kita-Angebot deckt 39,3\u00a0% "
                                 "des Bedarfs (Stadt 64,8\u00a0%), es fehlen rund 154 Plätze.")


def test_kita_rates_change_the_readings(state):
    m = V.build(state, None, None, ["09"], council=False, kita_rates=(0.0, 0.0, 0.5))
    # demand 200 · 0,5 = 100 = places -> 100,0 %, nothing missing
    assert {t.key: t.value_text for t in m.tiles}["kita_coverage"] == "100,0\u00a0%"
    assert "es fehlen" not in m.headline


def test_kita_display_and_council_waiting_list(state):
    kita = S.kita_supply(services(), districts(), ["09"])
    admin, note = T.kita_display(kita, council=False, focus_ids=["09"])
    row = admin.set_index("Gebiet").loc["09 Kaiserslautern-West"]
    assert row["Bedarf (Plätze)"] == "254" and row["Versorgung"] == "39,3\u00a0%" and row["Warteliste"] == "2"
    assert note is None
    council, note = T.kita_display(kita, council=True, focus_ids=["09"])
    c = council.set_index("Gebiet")
    assert c.loc["09 Kaiserslautern-West", "Warteliste"] == "≤2"
    assert c.loc["01 Innenstadt-Ost", "Warteliste"] == "•"  # else 14 − 12 reveals it
    assert c.loc["Stadt Kaiserslautern", "Warteliste"] == "14"
    assert note.startswith("Werte ≤2 unterdrückt")


def test_children_table_council(state):
    m = V.build(state, None, None, ["09"], council=True)
    shown = T.children_display(m.children).set_index("Stadtteil")
    assert shown.loc["01 Innenstadt-Ost", "Kinder 0–5 (Kita-Alter)"] == "≤2"
    assert shown.loc["Gesamt (Stadt)", "Kinder 0–5 (Kita-Alter)"] in ("3", "•")
    west = shown.loc["09 Kaiserslautern-West"].tolist()
    assert "≤2" in west or "•" in west
    fig = V.children_figure(m.children, council=True)
    plotted = [v for tr in fig.data for v in tr.x]  # horizontal bars: values on x
    assert all(v == 0 or v > 2 for v in plotted)  # small counts are left out of the chart
    # the focus tile (09) is derived from published cells only (issue 15: the pattern ignores the focus
    # area): 09's cells are hidden, so "•" – a "3" here and a tile of another focus area gave cells away
    assert {t.key: t.value_text for t in m.tiles}["children"] == "•"


def test_reach_and_gaps_admin_and_council(state):
    m = V.build(state, None, None, ["09"], council=False)
    r = m.reach.set_index(["Wohnort", "Einrichtung"])
    # Halle West lies 0 m from Kita C; Haus Ost next to Kita A
    assert r.loc[("Unterkünfte", "Kita"), "binnen 500 m"] == "100\u00a0%"
    gaps = m.gaps
    assert "Bewohner" in gaps.columns
    # Haus Ost is far from the only Beratung and Quartiersbüro (in 09)
    assert set(gaps["Wohnort"]) == {"Unterkünfte: Haus Ost"}
    council = V.build(state, None, None, ["09"], council=True)
    assert "Bewohner" not in council.gaps.columns
    assert set(council.gaps["Wohnort"]) == {"Unterkunft: Haus Ost"}


def test_gaps_council_never_names_housing_streets():
    gaps = pd.DataFrame({
        "kind": [reach.KIND_HOUSING, reach.KIND_HOUSING, reach.KIND_ACCOMMODATION],
        "name": ["Slevogtstraße", "Feuerbachstraße", "Halle West"],
        "district": ["09 Kaiserslautern-West"] * 3, "category": ["Beratung"] * 3,
        "distance_m": [1200.0, 1500.0, 1100.0], "service_name": ["B1", "B1", "B1"], "weight": [7.0, 2.0, 80.0],
    })
    shown = T.gaps_display(gaps, council=True)
    text = shown.to_string()
    assert "Slevogtstraße" not in text and "Feuerbachstraße" not in text
    assert list(shown["Wohnort"]) == ["Unterkunft: Halle West", "Wohnobjekte an 2 Standorten"]
    assert list(shown["Luftlinie"]) == ["1.100 m", "bis 1.500 m"]
    admin = T.gaps_display(gaps, council=False)
    assert list(admin["Wohnort"]) == ["Geprüfte Wohnobjekte: Slevogtstraße",
                                      "Geprüfte Wohnobjekte: Feuerbachstraße", "Unterkünfte: Halle West"]
    assert list(admin["Bewohner"]) == ["7", "2", "80"]


def test_reach_display_hides_shares_of_few_residents():
    shares = pd.DataFrame({"kind": ["Unterkunft"], "category": ["Kita"], "points": [1.0], "weight": [2.0],
                           "median_m": [300.0], "within_500": [1.0], "within_1000": [1.0]})
    assert T.reach_display(shares, council=False).iloc[0]["binnen 500 m"] == "100\u00a0%"
    assert T.reach_display(shares, council=True).iloc[0]["binnen 500 m"] == "•"


def test_map_layers_rings_around_selected_accommodation(state):
    m = V.build(state, None, None, ["09"], council=False)
    layers = V.map_layers(m, ["Kita"], "U1")
    assert [l.key for l in layers] == ["services", "accommodation_marks", "rings"]
    assert [p["radius_m"] for p in layers[2].polygons] == [500.0, 1000.0]
    assert len(layers[0].points) == 3  # only Kitas
    near = T.nearest_display(m.long, "U1").set_index("Einrichtung")
    assert near.loc["Kita", "Nächste"] == "Kita C" and near.loc["Kita", "Luftlinie"] == "0 m"


def test_without_services_the_rest_is_there():
    st = DataState.from_frames(STICHTAG, {"districts": districts(), "accommodations": accommodations(),
                                          "residents": residents()})
    m = V.build(st, None, None, ["09"], council=False)
    assert not m.has_services
    assert m.headline == ("Bezirk 09 Kaiserslautern-West (mit Nordwest): Für Angebot und Erreichbarkeit fehlen "
                          "die Daten zur sozialen Infrastruktur.")
    assert m.kita.empty and m.reach.empty
    assert not m.social.empty and not m.children.empty
    assert {t.key: t.value_text for t in m.tiles}["kita_coverage"] == "–"


def test_rate_inputs_in_per_cent_and_the_changed_rates_note():
    assert V.rates_percent() == [26.5, 75.0, 99.0]
    assert V.rates_from_percent(26.5, 75.0, 99.0) == V.DEFAULT_RATES
    assert V.rates_note(V.DEFAULT_RATES) is None
    assert V.rates_note(V.rates_from_percent(30.0, 75.0, 99.0)) == \
        "Bedarfsquoten: unter 2 Jahren 30,0\u00a0%, 2 Jahre 75,0\u00a0%, 3 bis 5 Jahre 99,0\u00a0% (geändert)."


def test_page_choices_and_captions(state):
    m = V.build(state, None, None, ["09"], council=False)
    assert V.default_categories(m) == ["Kita", "Grundschule", "Beratung", "Quartiersbüro"]
    options, names = V.point_choices(m)
    assert options == ["U1", "U2"] and names == {"U1": "Halle West", "U2": "Haus Ost"}
    empty = V.ServicesModel([], "", False, False, False, False)
    assert V.point_choices(empty) == ([], {}) and V.default_categories(empty) == []
    assert V.gaps_title(m) == f"Lücken: weiter als 1.000 m ({len(m.gaps)})"
    texts = V.captions(m)
    assert texts.map == "Ringe: 500 m und 1.000 m Luftlinie"
    assert texts.kita_chart == "Bedarf aus den Kinderzahlen der Statistikstelle" and texts.kita_table == ""
    assert texts.children_chart == "Alter im Jahr des Stichtags" and texts.children_table == ""
    assert texts.social == "Standard: 1 Fachkraft je 50 Bewohner" and texts.school == ""
    assert texts.reach == "Anteile gewichtet mit den Bewohnern; Fußwege sind länger als die Luftlinie"
    council = V.build(state, None, None, ["09"], council=True)
    assert V.captions(council).kita_chart == council.kita_note and council.kita_note
