"""Wohnqualität view model on a small hand-made state with hand-computed answers."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from ankunft.core import palette
from ankunft.indicators import housing as H
from ankunft.storage.state import DataState
from ankunft.views import housing_view as V

STICHTAG = dt.date(2026, 10, 1)
EARLIER = dt.date(2026, 3, 31)


def _d(*values):
    return pd.to_datetime(list(values))


def housing_frame() -> pd.DataFrame:
    return pd.DataFrame({
        "object_id": ["A", "B", "C", "D", "E", "F"],
        "address": ["Slevogtstraße 1", "Slevogtstraße 3", "Feuerbachstraße 2", "Königstraße 5",
                    "Königstraße 7", "Danziger Straße 10"],
        "district_id": ["09", "09", "09", "03", "03", "09"],
        "lat": [49.445, 49.4452, 49.446, 49.443, 49.4431, 49.447],
        "lon": [7.741, 7.7412, 7.742, 7.755, 7.7551, 7.743],
        "residents": [4, 3, 2, 5, None, 1],
        "children_under_6": [2, 0, None, 1, None, 0],
        "floor_area_m2": [28, 27, 20, 40, 50, 30],
        "hot_water": [False, True, True, None, True, True],
        "heating": [True, True, False, True, True, True],
        "bath_wc": [True, True, True, False, True, True],
        "damp_mould": [True, False, False, False, False, False],
        "defects": [None, "Fenster undicht", "", "keine", None, "keine Mängel"],
        "inspection_date": _d("2026-01-10", "2026-02-01", "2026-03-15", "2026-04-01", "2026-12-01", "2026-05-05"),
        "status": ["offen", "behoben", "behoben", "in Bearbeitung", "offen", None],
        "resolved_date": _d(None, "2026-03-03", "2026-11-01", None, None, None),
    })


@pytest.fixture
def state() -> DataState:
    return DataState.from_frames(STICHTAG, {"housing": housing_frame()})


@pytest.fixture
def previous() -> DataState:
    return DataState.from_frames(EARLIER, {"housing": housing_frame()})


def test_area_counts_hand_computed(state):
    c = V.area_counts(state.df("housing"), STICHTAG, ["09"]).set_index("area_id")
    # E is inspected after the Stichtag; A, B, C, D, F count
    assert c.loc["Stadt", "inspected"] == 5
    # open: A (no date, "offen"), C (resolved only after the Stichtag), D; resolved: B
    assert c.loc["Stadt", "open"] == 3 and c.loc["Stadt", "resolved"] == 1
    # hot water recorded for 4 objects, missing in A
    assert (c.loc["Stadt", "no_hot_water"], c.loc["Stadt", "hot_water_known"]) == (1, 4)
    # overcrowded: A (2 adults · 9 + 2 children · 6 = 30 > 28 m²) and D (4 · 9 + 6 = 42 > 40 m²)
    assert (c.loc["Stadt", "overcrowded"], c.loc["Stadt", "overcrowded_known"]) == (2, 5)
    # B: inspected 01.02., resolved 03.03. -> 30 days
    assert c.loc["Stadt", "median_days"] == 30
    assert c.loc["09", "inspected"] == 4 and c.loc["09", "open"] == 2
    assert c.loc["03", "inspected"] == 1 and c.loc["03", "hot_water_known"] == 0
    assert c.loc["Fokus", "inspected"] == 4 and c.loc["Fokus", "level"] == "Fokusgebiet"


def test_area_counts_match_housing_table_shares():
    h = housing_frame()
    counts = V.area_counts(h, STICHTAG, ["09"]).set_index("area_id")
    table = H.housing_table(h, STICHTAG, ["09"]).set_index("area_id")
    for area in ("09", "Stadt"):
        assert counts.loc[area, "no_hot_water"] / counts.loc[area, "hot_water_known"] == pytest.approx(
            table.loc[area, "no_hot_water_share"])
        assert counts.loc[area, "overcrowded"] / counts.loc[area, "overcrowded_known"] == pytest.approx(
            table.loc[area, "overcrowded_share"])
        assert counts.loc[area, "open"] == table.loc[area, "open"]


def test_selection_row_for_several_districts():
    c = V.area_counts(housing_frame(), STICHTAG, ["09"], ["03", "09"]).set_index("area_id")
    assert c.loc["Auswahl", "inspected"] == 5 and c.loc["Auswahl", "open"] == 3


def test_build_admin_tiles_headline_and_change(state, previous):
    m = V.build(state, previous, None, ["09"], council=False)
    tiles = {t.key: t for t in m.tiles}
    assert tiles["inspected"].value_text == "5"
    assert tiles["no_hot_water"].value_text == "25,0\u00a0%"
    assert tiles["damp_mould"].value_text == "20,0\u00a0%"
    assert tiles["overcrowded"].value_text == "40,0\u00a0%"
    assert tiles["open"].value_text == "3"
    assert tiles["median_days"].value_text == "30\u00a0Tage"
    # at 31.03.: A, B, C inspected; A and C open -> +2 inspected, +1 open
    assert tiles["inspected"].change_text == "+2"
    assert tiles["open"].change_text == "+1"
    assert m.previous_stichtag == EARLIER
    assert m.headline == ("Stadt Kaiserslautern: Am 01.10.2026 haben 3 von 5 geprüften Objekten offene Mängel "
                          "(60,0\u00a0%). Häufigster offener Mangel: Kein Warmwasser (1 Objekt).")
    assert list(m.table["Gebiet"]) == ["Bezirk 09 Kaiserslautern-West (mit Nordwest)", "Stadt Kaiserslautern",
                                       "03 Innenstadt West/Kotten", "09 Kaiserslautern-West"]
    row = m.table.set_index("Gebiet").loc["03 Innenstadt West/Kotten"]
    assert row["Ohne Warmwasser"] == "–" and row["Überbelegt"] == "100,0\u00a0%" and row["Offene Mängel"] == "1"
    assert list(m.worst["Objekt-Nr."]) == ["A", "D", "C"]
    assert m.worst.iloc[0]["Adresse"] == "Slevogtstraße 1"


def test_build_readings_change_with_the_data(state):
    h = housing_frame()
    h.loc[h["object_id"] == "D", "resolved_date"] = pd.Timestamp("2026-06-01")
    m = V.build(DataState.from_frames(STICHTAG, {"housing": h}), None, None, ["09"], council=False)
    assert "haben 2 von 5 geprüften Objekten offene Mängel (40,0\u00a0%)" in m.headline
    assert {t.key: t.value_text for t in m.tiles}["median_days"] == "46\u00a0Tage"  # median of 30 and 61 days = 45,5


def test_build_district_filter(state):
    m = V.build(state, None, ["09"], ["09"], council=False)
    assert m.headline.startswith("09 Kaiserslautern-West: Am 01.10.2026 haben 2 von 4 geprüften Objekten")
    assert "Stadt 60,0\u00a0%" in m.headline
    assert set(m.objects["district_id"]) == {"09"}
    assert set(m.worst["Stadtteil"]) == {"09 Kaiserslautern-West"}


def test_build_council_hides_small_counts_addresses_and_worst_list(state, previous):
    m = V.build(state, previous, None, ["09"], council=True)
    assert m.worst.empty
    assert m.objects["address"].isna().all()
    table = m.table.set_index("Gebiet")
    assert table.loc["03 Innenstadt West/Kotten", "Geprüfte Objekte"] == "≤2"
    assert table.loc["Stadt Kaiserslautern", "Geprüfte Objekte"] == "5"
    # the only other district must be hidden as well (city total − 09 would give 03)
    assert table.loc["09 Kaiserslautern-West", "Geprüfte Objekte"] == "•"
    # 3 of 5 open: numerator and complement small -> share hidden; top defect (1 object) not named
    assert m.headline == ("Stadt Kaiserslautern: Am 01.10.2026 haben 3 von 5 geprüften Objekten offene Mängel (•).")
    tiles = {t.key: t for t in m.tiles}
    assert tiles["no_hot_water"].value_text == "•"
    assert tiles["median_days"].value_text == "•"  # one resolved defect: its own duration
    assert m.note.startswith("Werte ≤2 unterdrückt")
    layers = V.map_layers(m.objects, council=True)
    assert layers[0].sensitive and layers[0].key == "defects"


def test_missing_housing_says_so():
    m = V.build(DataState.from_frames(STICHTAG, {}), None, None, ["09"], council=False)
    assert not m.has_data
    assert m.headline == "Für die Wohnqualität fehlen die Daten der Wohnungsaufsicht."


def test_space_bins_and_council_protection(state):
    space = H.space_per_person(housing_frame(), STICHTAG)
    bins = V.space_bins(space)
    got = {(r.m2, r.group): r.objects for r in bins.itertuples()}
    # A 7,0 m² (overcrowded), B 9,0, C 10,0, D 8,0 (overcrowded), F 30,0
    assert got == {(7.0, "überbelegt"): 1, (9.0, "nicht überbelegt"): 1, (9.0, "überbelegt"): 1,
                   (11.0, "nicht überbelegt"): 1, (31.0, "nicht überbelegt"): 1}
    assert list(bins[bins["m2"] == 9.0]["label"])[0] == "8–10\u00a0m²"
    council = V.build(state, None, None, ["09"], council=True)  # the Ratsfassung's cells: all small
    assert council.space.empty and council.space_note.startswith("Werte ≤2 unterdrückt")


def test_space_figure_marks_the_standard():
    bins = V.space_bins(H.space_per_person(housing_frame(), STICHTAG))
    fig = V.space_figure(bins)
    assert fig.layout.shapes[0].x0 == 9.0
    assert fig.layout.annotations[0].text == "Standard 9\u00a0m² je Erwachsenem"
    assert {tr.name for tr in fig.data} == {"überbelegt", "nicht überbelegt"}


def test_defects_figure_open_only_in_admin(state):
    m = V.build(state, None, None, ["09"], council=False)
    fig = V.defects_figure(m.defects, V.STATE_OPEN)
    names = {tr.name for tr in fig.data}
    # open defects: A (Warmwasser, Schimmel, überbelegt), C (Heizung), D (Bad/WC, überbelegt)
    assert names == {"Kein Warmwasser", "Feuchtigkeit/Schimmel", "Überbelegt", "Keine Heizung",
                     "Kein eigenes Bad/WC"}
    assert fig.layout.title.text == "Offene Mängel nach Art und Stadtteil"
    all_fig = V.defects_figure(m.defects, V.STATE_ALL)
    assert "Sonstige Mängel" in {tr.name for tr in all_fig.data}  # B, resolved


def test_severity_layer_colours_and_admin_tooltips(state):
    m = V.build(state, None, None, ["09"], council=False)
    layer = V.map_layers(m.objects, council=False)[0]
    pts = layer.points.assign(object_id=m.objects["object_id"].to_numpy())
    a = pts[pts["object_id"] == "A"].iloc[0]
    # A: no hot water + damp (2 open) + overcrowded -> 3
    assert a["colour"] == H.SEVERITY_COLOURS["3 und mehr Befunde"] == palette.FLAG["rot"]
    assert "Slevogtstraße 1" in a["tooltip"]
    f = pts[pts["object_id"] == "F"].iloc[0]
    assert f["colour"] == H.SEVERITY_COLOURS["ohne offenen Befund"]


def test_over_time_protection_leaves_out_small_months(state):
    council = V.build(state, None, None, ["09"], council=True)  # the Ratsfassung's month-end cells
    assert (council.over_time["open"] > 2).all() or council.over_time.empty
    assert council.over_time_note.startswith("Werte ≤2 unterdrückt")


def test_page_captions_admin_and_council(state, previous):
    plain = V.captions(V.build(state, previous, None, ["09"], council=False))
    assert plain.tiles == ""  # a previous Stichtag and no suppression: nothing to say under the tiles
    assert plain.map == "Farbe: Zahl der offenen Befunde je Objekt"
    assert plain.defects == ""
    assert plain.space == "rot: unter dem Flächenstandard (9\u00a0m² je Erwachsenem, 6\u00a0m² je Kind unter 6)"
    assert plain.over_time == "rekonstruiert aus Prüf- und Behebungsdaten"
    assert plain.table == "Anteile bezogen auf die Objekte, bei denen das Merkmal erfasst ist"
    m = V.build(state, previous, None, ["09"], council=False)
    assert plain.worst_title == f"Objekte mit den schwersten offenen Mängeln (höchstens {len(m.worst)})"
    council = V.build(state, None, None, ["09"], council=True)
    texts = V.captions(council)
    assert texts.tiles == ("Veränderung: Für den vorigen Stichtag liegt keine Prüfliste der Wohnungsaufsicht vor. "
                           + council.note)
    assert texts.map == "in der Ratsansicht zu 250-m-Feldern zusammengefasst"
    assert texts.defects == texts.table == council.note
    assert texts.space == (council.space_note or plain.space)
