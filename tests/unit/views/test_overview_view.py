"""Übersicht view model: tiles, alerts, council suppression, map tooltips, legend, styled district table."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from ankunft.core import fmt
from ankunft.indicators import overview as ov
from ankunft.storage.state import DataState
from ankunft.views import overview_view as vv
from ankunft.views.common import map_legend

ST = dt.date(2026, 9, 30)


def frames() -> dict[str, pd.DataFrame]:
    """Alpha: 2 residents (closure date passed), Beta: 15 on 100\u00a0m² (6,7\u00a0m² each), Gamma: 30."""
    return {"accommodations": pd.DataFrame({
        "id": ["A", "B", "C"], "name": ["Alpha", "Beta", "Gamma"], "district_id": ["01", "01", "02"],
        "capacity": [10.0, 20.0, 40.0], "occupancy": [2.0, 15.0, 30.0], "status": ["in Betrieb"] * 3,
        "type": ["GU", "GU", "Wohnung"], "operator": ["X", "Y", "X"], "floor_area_m2": [100.0, 100.0, 300.0],
        "monthly_cost_per_place": [300.0, 300.0, 200.0], "lat": [49.44, 49.445, 49.45],
        "lon": [7.77, 7.775, 7.76], "planned_closure": [pd.Timestamp("2026-06-30"), pd.NaT, pd.NaT],
        "social_workers": [1.0, 1.0, 1.0]})}


@pytest.fixture
def state() -> DataState:
    return DataState.from_frames(ST, frames())


@pytest.fixture
def table(state) -> pd.DataFrame:
    return ov.inputs(state).table


def test_build_plain_values(state):
    v = vv.build(state, None)
    assert v.headline == "47 Menschen leben in 3 Unterkünften; 67,1\u00a0% der 70 Plätze sind belegt."
    tiles = {t.key: t.value_text for t in v.tiles}
    assert tiles["residents"] == "47" and tiles["places"] == "70" and tiles["utilisation"] == "67,1\u00a0%"
    assert tiles["monthly_cost"] == "17.000\u00a0€"  # 10·300 + 20·300 + 40·200
    assert tiles["long_stay_share"] == "–"  # no residents file
    assert len(v.tiles) == 9
    assert [a.text for a in v.alerts] == [
        "Alpha sollte am 30.06.2026 schließen; dort leben noch 2 Menschen.",
        "In Beta stehen je Person 6,7\u00a0m² zur Verfügung (Standard: 7,0\u00a0m²)."]
    assert v.alerts[0].query == {"unterkunft": "A"} and v.alerts[0].page == "app_pages/2_unterkuenfte.py"
    assert v.alerts[0].level_label == "kritisch"
    assert v.district_tips["01"] == "In Unterkünften: 17 Bewohner auf 30 Plätzen"
    assert v.district_tips["03"] == "keine Unterkunft"


def test_change_since_previous(state):
    prev = frames()
    prev["accommodations"]["occupancy"] = [2.0, 10.0, 30.0]
    v = vv.build(state, DataState.from_frames(dt.date(2026, 3, 31), prev))
    tiles = {t.key: t for t in v.tiles}
    assert tiles["residents"].change_text == "+5"
    assert tiles["utilisation"].change_text == "+7,1\u00a0%-Punkte"  # 47/70 − 42/70


def test_council_build_words_alerts_without_hidden_figures(state):
    v = vv.build(state, None, council=True)
    texts = [a.text for a in v.alerts]
    assert texts[0] == "Alpha sollte am 30.06.2026 schließen; dort leben noch ≤2 Menschen."
    # the space flag of a site with hidden occupancy would bound it: left out in council mode
    assert not any("weniger Fläche" in t for t in texts)
    assert len(vv.build(state, None).alerts) == len(texts) + 1  # the working mode keeps it
    row = v.districts[v.districts["Nr."] == "01"].iloc[0]
    assert row["Bewohner in Unterkünften"] == "17" and row["Einwohner"] == "11.442"
    assert v.notes[0] == "Werte ≤2 unterdrückt; • = zum Schutz kleiner Zahlen ausgeblendet."
    assert v.notes[1].startswith("Ratsfassung zum Stand 30.09.2026")


def test_council_mode_ignores_the_district_filter(state):
    """The Ratsfassung covers the whole city: a district choice does not change council figures."""
    assert vv.COUNCIL_CONTROLS == ()
    whole, part = vv.build(state, None, council=True), vv.build(state, None, district_ids=["02"], council=True)
    assert [t.value_text for t in whole.tiles] == [t.value_text for t in part.tiles]
    # the working mode keeps the filter
    res = [{t.key: t.value_text for t in vv.build(state, None, district_ids=ids).tiles}["residents"]
           for ids in (None, ["02"])]
    assert res[0] != res[1]


def _ratsfassung(occ: dict, stand=ST, previous=None, bands=None, entitled=None):
    from ankunft.disclosure import ratsfassung as rf

    counts = rf.Counts(stand, pd.Series(occ, dtype="float64"), {k: "01" for k in occ}, ["01"], ["01"],
                       None if bands is None else pd.Series(bands, dtype="float64"), ("3–5 Jahre", "> 5 Jahre"),
                       entitled)
    return rf.build(counts, previous=previous)


def test_council_tiles_and_headline_with_small_total():
    kpis = ov.build_kpis({"residents": (2.0, None), "utilisation": (0.2, None), "long_stay_share": (0.5, None),
                          "entitled_residents": (1.0, None)}, {"residents": (5.0, None)})
    before = _ratsfassung({"A": 5.0}, dt.date(2026, 3, 31))
    pub = _ratsfassung({"A": 2.0}, previous=before, entitled=1.0,
                       bands={"< 1 Jahr": 1.0, "1–3 Jahre": 0.0, "3–5 Jahre": 1.0, "> 5 Jahre": 0.0})
    tiles = {t.key: t for t in vv.ratsfassung_tiles(kpis, pub)}
    assert tiles["residents"].value_text in ("≤2", "•") and tiles["residents"].change_text is None
    assert tiles["utilisation"].value_text == "•"
    assert tiles["long_stay_share"].value_text == "•"
    assert tiles["entitled_residents"].value_text == "≤2"
    table = ov.inputs(DataState.from_frames(ST, {"accommodations": frames()["accommodations"].iloc[:1]})).table
    marker = pub.cell("Belegung je Unterkunft", "Gesamt").text
    assert vv.council_headline(table, pub, "20,0 %") == f"{marker} Menschen leben in 1 Unterkunft mit zusammen 10 Plätzen."


def test_council_headline_reads_only_ratsfassung_cells():
    """Published total: the long-stay share as the relation of the Ratsfassung's cells (whole per cent),
    else the council tile's utilisation; never the working headline's count of sites by their own
    long-stay share or over-capacity (figures of hidden sites)."""
    table = ov.inputs(DataState.from_frames(ST, {"accommodations": frames()["accommodations"].iloc[:1]})).table
    bands = {"< 1 Jahr": 10.0, "1–3 Jahre": 10.0, "3–5 Jahre": 10.0, "> 5 Jahre": 10.0}
    pub = _ratsfassung({"A": 40.0}, bands=bands)
    assert vv.council_headline(table, pub, "400,0 %").replace("\u00a0", " ") == \
        "40 Menschen leben in 1 Unterkunft; 50 % der Bewohner leben seit mindestens 3 Jahren dort."
    pub = _ratsfassung({"A": 40.0})  # no residents file: no bands
    assert vv.council_headline(table, pub, "400,0 %") == \
        "40 Menschen leben in 1 Unterkunft; 400,0 % der 10 Plätze sind belegt."
    assert vv.council_headline(table, pub, "•") == "40 Menschen leben in 1 Unterkunft mit zusammen 10 Plätzen."


def test_council_tiles_keep_published_change_and_whole_percent_share():
    kpis = ov.build_kpis({"residents": (47.0, None), "long_stay_share": (30 / 47, None)},
                         {"residents": (40.0, None), "long_stay_share": (0.5, None)})
    before = _ratsfassung({"A": 40.0}, dt.date(2026, 3, 31),
                          bands={"< 1 Jahr": 10.0, "1–3 Jahre": 10.0, "3–5 Jahre": 10.0, "> 5 Jahre": 10.0})
    pub = _ratsfassung({"A": 47.0}, previous=before,
                       bands={"< 1 Jahr": 7.0, "1–3 Jahre": 10.0, "3–5 Jahre": 10.0, "> 5 Jahre": 20.0})
    tiles = {t.key: t for t in vv.ratsfassung_tiles(kpis, pub)}
    assert (tiles["residents"].value_text, tiles["residents"].change_text) == ("47", "+7")
    assert tiles["long_stay_share"].value_text.replace("\u202f", " ").replace("\xa0", " ") == "64 %"
    assert tiles["long_stay_share"].change_text.startswith("+14")


def test_long_stay_counts():
    roster = pd.DataFrame({"accommodation_id": ["A", "A", "B", "Z"], "years": [4.0, 1.0, 3.0, 9.0]})
    table = pd.DataFrame({"key": ["A", "B"], "is_open": [True, True]})
    assert vv.long_stay_counts(roster, table) == (2, 3)


def test_alert_summary():
    assert vv.alert_summary([]).startswith("Keine Hinweise")
    items = vv.alert_items([ov.Alert("rot", "over_capacity", "t", "r", "p", "P"),
                            ov.Alert("gelb", "lease_ending", "t", "r", "p", "P"),
                            ov.Alert("gelb", "lease_ending", "t", "r", "p", "P")])
    assert vv.alert_summary(items) == "1 kritischer Hinweis, 2 zum Beobachten."
    assert items[0].query == {} and items[0].icon == ":material/error:"


def test_map_tooltips_in_council_mode_show_markers(state):
    v = vv.build(state, None, council=True)
    tips = list(vv.map_layers(v, state)[-1].points["tooltip"])
    assert tips[0].startswith("<b>Alpha</b><br/>Belegung ≤2 von 10 Plätzen (•)")
    assert "Belegung • von 20 Plätzen (•)" in tips[1]
    assert "Belegung 30 von 40 Plätzen (75,0\u00a0%)" in tips[2]
    radius = list(vv.map_layers(v, state)[-1].points["radius_m"])
    assert radius[0] == radius[1] == 40.0  # hidden occupancy: the size of an empty accommodation


def test_map_layers_optional_and_defects_aggregated_without_person_level(state):
    from ankunft.storage import demo

    d = demo.build()
    full = DataState.from_frames(ST, {**frames(), "housing": d.housing, "services": d.services})
    v = vv.build(full, None)
    layers = vv.map_layers(v, full, services=True, defects=True, person_level=False)
    assert [l.key for l in layers] == ["services", "defects", "accommodations"]  # accommodations on top
    assert layers[1].kind == "cells"  # single flats only with person-level rights
    assert vv.map_layers(v, full, defects=True, person_level=True)[0].kind == "points"
    md = map_legend(layers, footer=vv.AREAS_LEGEND)
    assert "**Unterkünfte (Größe: Belegung, Farbe: Auslastung):**" in md and "Kita" in md
    assert "keine Hintergrundkarte" in md


def test_open_defect_objects_counts_open_only():
    housing = pd.DataFrame({"object_id": ["1", "2", "3"], "address": ["a", "b", "c"], "district_id": ["09"] * 3,
                            "lat": [49.44] * 3, "lon": [7.72] * 3, "inspection_date": [pd.Timestamp("2026-01-05")] * 3,
                            "hot_water": [False, True, False], "resolved_date": [pd.NaT, pd.NaT,
                                                                                 pd.Timestamp("2026-03-01")]})
    from ankunft.core import glossary

    out = vv.open_defect_objects(glossary.conform("housing", housing), ST)
    assert list(out["address"]) == ["a"]
    assert vv.open_defect_objects(glossary.empty_frame("housing"), ST).empty


def test_styled_districts_formats_german_and_highlights_focus(state):
    v = vv.build(state, None, focus_ids=("02",))
    html = vv.styled_districts(v.districts, v.focus_rows).to_html()
    assert "11.442" in html and "background-color: #9EC3E640" in html
    assert v.focus_rows == [1]


def test_alerts_split_and_worded_for_the_page(state):
    v = vv.build(state, None)
    red, amber = vv.split_alerts(v.alerts)
    assert [a.text for a in red] == ["Alpha sollte am 30.06.2026 schließen; dort leben noch 2 Menschen."]
    assert [a.level for a in amber] == ["gelb"]
    assert red[0].markdown == (":material/error: **kritisch:** Alpha sollte am 30.06.2026 schließen; "
                               "dort leben noch 2 Menschen.")
    assert red[0].rule_help == f"Regel: {red[0].rule}"
    assert vv.split_alerts([]) == ([], [])


def test_page_captions_and_missing_datasets(state):
    v = vv.build(state, None)
    assert vv.tiles_caption("Filter: ganze Stadt", "Ost") == \
        "Veränderung seit dem vorigen Stichtag. Filter: ganze Stadt; Kita-Versorgung: Ost."
    assert vv.boundaries_note(True) == "Stadtteilflächen näherungsweise"
    assert vv.boundaries_note(False) == "amtliche Stadtteilgrenzen"
    assert vv.district_caption(v, "Ost") == f"{v.district_note} Fokusgebiet hervorgehoben: Ost."
    assert vv.missing_datasets(state) == ["residents", "housing", "services", "districts"]


@pytest.mark.parametrize("occupancy", [1.0, 3.0, 12.0])
def test_council_withholds_a_site_outside_the_ratsfassung(occupancy):
    """A closed site still listed with residents is no cell of the Ratsfassung (it counts sites in
    operation): council mode shows "•" for it – in the table behind the map and in its alert – never
    the count, whatever its size; the working view names it."""
    fr = frames()
    fr["accommodations"].loc[0, ["status", "occupancy"]] = ["geschlossen", occupancy]
    s = DataState.from_frames(ST, fr)
    council, working = vv.build(s, None, council=True), vv.build(s, None)
    row = council.table.set_index("key").loc["A"]
    assert row[list(vv.OCCUPANCY_COLUMNS)].isna().all() and council.occupancy.by_key["A"].text == "•"
    people = fmt.plural(occupancy, "Mensch", "Menschen")
    assert any(people in a.text for a in working.alerts)
    alpha = [a.text for a in council.alerts if a.query.get("unterkunft") == "A"]
    assert alpha and not any(people in t for t in alpha)
    assert not any(people in f.detail for f in row["flag_list"])
