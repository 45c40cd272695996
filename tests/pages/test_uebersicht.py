"""AppTest of the Übersicht: demo data, a minimal upload (accommodation list only), council mode."""

from __future__ import annotations

import datetime as dt
import json

import pandas as pd
import pytest

from ankunft.core import glossary
from ankunft.storage import store as store_mod
from tests import map_reader

from .conftest import all_text, metrics, no_exception, open_page

STICHTAG = dt.date(2026, 10, 31)


def accommodation_list(with_small: bool = False) -> pd.DataFrame:
    """Three accommodations as in a typical Sozialamt list; optionally a fourth with 2 residents left."""
    rows = [
        {"id": "01", "name": "Asternweg", "district_id": "09", "capacity": 220.0, "occupancy": 180.0,
         "monthly_cost_per_place": 380.0, "status": "in Betrieb", "type": "Gemeinschaftsunterkunft",
         "operator": "ASZ", "lat": 49.4440, "lon": 7.7270},
        {"id": "02", "name": "Ehemalige Hauptpost", "district_id": "03", "capacity": 370.0, "occupancy": 301.0,
         "monthly_cost_per_place": 199.0, "status": "in Betrieb", "type": "Gemeinschaftsunterkunft",
         "operator": "Caritas", "lease_end": pd.Timestamp("2027-01-31"), "lat": 49.4429, "lon": 7.7552},
        {"id": "03", "name": "Colosseum", "district_id": "01", "capacity": 69.0, "occupancy": 74.0,
         "monthly_cost_per_place": 850.0, "status": "in Betrieb", "type": "Hotel", "operator": "Caritas",
         "lat": 49.4438, "lon": 7.7788},
    ]
    if with_small:
        rows.append({"id": "04", "name": "Villa Sonnenhang", "district_id": "09", "capacity": 10.0, "occupancy": 2.0,
                     "monthly_cost_per_place": 380.0, "status": "in Schließung", "type": "Wohnung",
                     "operator": "ASZ", "planned_closure": pd.Timestamp("2026-09-30"),
                     "lat": 49.4450, "lon": 7.7250})
    return glossary.conform("accommodations", pd.DataFrame(rows))


def import_list(path, with_small: bool = False) -> None:
    s = store_mod.Store(str(path))
    s.import_tables([("accommodations", STICHTAG, accommodation_list(with_small), "unterkuenfte.xlsx",
                      "Unterkünfte", None)], user="test")


@pytest.fixture
def minimal_db(tmp_path, monkeypatch):
    path = tmp_path / "minimal.db"
    import_list(path)
    monkeypatch.setenv("ANKUNFT_DB", str(path))
    return path


@pytest.fixture
def small_db(tmp_path, monkeypatch):
    path = tmp_path / "small.db"
    import_list(path, with_small=True)
    monkeypatch.setenv("ANKUNFT_DB", str(path))
    return path


def map_spec(at) -> dict:
    """The zoomable (plotly) city map – the first view draws the same map as SVG (tests/unit/plots/
    test_map_svg.py: same layers, places and texts); the officer's button opens this one."""
    if not map_reader.app_maps(at):
        at.session_state["map_interactive"] = True
        at.run()
    [fig] = map_reader.app_maps(at)
    return fig


def layer_ids(at) -> list[str]:
    return list(dict.fromkeys(t["meta"] for t in map_spec(at)["data"]))


def test_demo_data(demo_db):
    at = open_page("uebersicht")
    no_exception(at)
    m = metrics(at)
    assert len(m) == 9
    assert m["Menschen in Unterkünften"] == ("1.378", "+113")
    assert m["Plätze"] == ("2.111", "+102")
    assert m["Auslastung"] == ("65,3\u00a0%", "+2,3\u00a0%-Punkte")
    assert m["Unterkünfte in Betrieb"] == ("14", "+1")
    assert m["Länger als 3 Jahre"] == ("29,5\u00a0%", "-8,7\u00a0%-Punkte")  # Streamlit needs the ASCII minus for the arrow
    assert m["Auszugsberechtigte in Unterkünften"] == ("867", "+54")
    assert m["Kosten je Monat"] == ("996.160\u00a0€", "+89.760\u00a0€")
    assert m["Wohnungen mit offenen Mängeln"][0] == "94"
    assert m["Kita-Versorgung im Fokusgebiet"][0] == "79,7\u00a0%"
    text = all_text(at)
    assert "In 5 von 14 Unterkünften leben mehr als ein Drittel der Bewohner länger als 3 Jahre." in text
    assert "2 kritische Hinweise, 12 zum Beobachten." in text
    assert "Colosseum ist überbelegt: 74 Bewohner auf 69 Plätzen." in text
    assert "Burgherrenhalle sollte am 30.06.2026 schließen; dort leben noch 23 Menschen." in text
    # the first view: the city map as one SVG image, every district with its hover text, no plotly map
    [svg] = [m.value for m in at.markdown if "ankunft-city-map" in m.value]
    assert svg.count('<path class="district') == 18 and svg.count("<title>") >= 18 + 14
    assert not map_reader.app_maps(at)
    spec = map_spec(at)
    # no basemap from outside: SVG traces only (no geo/map subplot, no tiles)
    assert {t["type"] for t in spec["data"]} == {"scatter"} and "geo" not in spec["layout"]
    assert layer_ids(at) == ["districts", "accommodations", "district-labels"]  # names drawn over the markers
    assert "http" not in json.dumps(spec)
    districts = at.dataframe[0].value
    assert len(districts) == 18
    west = districts[districts["Nr."] == "09"].iloc[0]
    assert west["Fokusgebiet"] == "ja" and int(west["Bewohner in Unterkünften"]) == 504
    assert int(west["Wohnungen mit offenen Mängeln"]) == 65


def test_map_layers_switch_on(demo_db):
    at = open_page("uebersicht")
    at.toggle(key="map_services").set_value(True)
    at.toggle(key="map_defects").set_value(True)
    at.run()
    no_exception(at)
    assert layer_ids(at)[1:] == ["services", "defects", "accommodations", "district-labels"]
    assert "Soziale Infrastruktur:" in "\n".join(e.value for e in at.markdown)


def test_minimal_upload(minimal_db):
    at = open_page("uebersicht")
    no_exception(at)
    m = metrics(at)
    assert m["Menschen in Unterkünften"] == ("555", "")  # 180 + 301 + 74, no previous Stichtag
    assert m["Plätze"][0] == "659"
    assert m["Auslastung"][0] == "84,2\u00a0%"  # 555 / 659
    assert m["Unterkünfte in Betrieb"][0] == "3"
    assert m["Kosten je Monat"][0] == "215.880\u00a0€"  # 220·380 + 370·199 + 69·850
    for label in ("Länger als 3 Jahre", "Auszugsberechtigte in Unterkünften", "Wohnungen mit offenen Mängeln",
                  "Kita-Versorgung im Fokusgebiet"):
        assert m[label][0] == "–"
    text = all_text(at)
    assert "1 von 3 Unterkünften ist überbelegt; insgesamt leben 555 Menschen auf 659 Plätzen." in text
    assert "Colosseum ist überbelegt: 74 Bewohner auf 69 Plätzen." in text
    assert "Der Mietvertrag für Ehemalige Hauptpost endet am 31.01.2027." not in text  # in "Zum Beobachten"
    at.session_state["ov_watch_open"] = True  # the officer opens it: its alerts are built then
    at.run()
    text = all_text(at)
    assert "Der Mietvertrag für Ehemalige Hauptpost endet am 31.01.2027." in text
    assert "Für diese Ansicht fehlen **Bewohner (Aufenthalte)**" in text  # empty state, link to Daten
    assert "synthetische" not in text.lower()


def test_council_mode_suppresses_small_counts(small_db):
    at = open_page("uebersicht")
    no_exception(at)
    assert "dort leben noch 2 Menschen." in all_text(at)
    at.session_state["council_mode"] = True
    at.run()
    no_exception(at)
    text = all_text(at)
    assert "Villa Sonnenhang sollte am 30.09.2026 schließen; dort leben noch ≤2 Menschen." in text
    assert "noch 2 Menschen" not in text
    assert metrics(at)["Menschen in Unterkünften"][0] == "557"
    assert len(at.dataframe) == 1  # the district table only, no person-level table
    districts = at.dataframe[0].value
    assert list(districts.columns) == ["Nr.", "Stadtteil", "Unterkünfte", "Bewohner in Unterkünften", "Plätze",
                                       "Wohnungen mit offenen Mängeln", "Kita-Versorgung", "Einwohner", "Fokusgebiet"]
    tips = [d["tooltip"] for d in map_reader.objects(map_spec(at))["accommodations"]]
    villa = [t for t in tips if "Villa Sonnenhang" in t][0]
    assert "Belegung ≤2 von 10 Plätzen" in villa
    asternweg = [t for t in tips if "Asternweg" in t][0]
    assert "Belegung • von 220 Plätzen" in asternweg  # else 182 − 180 would reveal the Villa
    assert "Datenstand:" in text
