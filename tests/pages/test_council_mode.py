"""Council mode over all eight pages (issue 7), in the real app (AppTest).

* No admin controls (file upload, import/delete buttons, template downloads, scenario editing and
  saving) and no person-level tables (addresses, per-person rows) on any page.
* Suppressed values never appear: with small-number data (few residents per accommodation) every
  cell the council view model hides is looked up where the page shows it — table cells, KPI tiles,
  chart payloads (plotly JSON), map tooltips (plotly JSON, as read) — and must show the marker, never the
  true value of the administration view.
"""

from __future__ import annotations

import html
import json
import re

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from ankunft import disclosure
from ankunft.core import fmt, reference
from ankunft.indicators import accommodations as acc_mod
from ankunft.views import overview_view as ov
from tests import map_reader
from tests.audit.test_council_audit import (
    Reader,
    read_accommodations,
    read_housing,
    read_overview,
    read_services,
    states,
)

from .conftest import APP, PAGES, all_text, no_exception

MARKERS = (disclosure.DEFAULT.marker, disclosure.HIDDEN_MARKER)
ADMIN_BUTTONS = ("Importieren", "Löschen", "Bereinigen", "Speichern", "Vorschlag übernehmen", "Grenzen übernehmen",
                 "Vorgaben wiederherstellen")
# columns that only a person-level or object-level (address) table has
PERSON_COLUMNS = {"Adresse", "Anschrift", "Objekt-Nr.", "Personen-Nr.", "Haushalts-Nr.", "Einzug", "Auszug",
                  "Geburtsjahr", "Geschlecht", "Staatsangehörigkeit", "person_id", "household_id", "address",
                  "Begehung am", "Breitengrad", "Längengrad"}


def open_council(page: str, focus: list[str] | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=120)
    at.session_state["council_mode"] = True
    at.run()
    if page != "uebersicht":
        at.switch_page(PAGES[page])
        at.run()
    return at


def _tooltip_in(deck: str, text: str) -> bool:
    """Is the plain tooltip text in the deck payload (as written, or JSON-escaped)?"""
    return any(v in deck for v in (text, json.dumps(text)[1:-1], json.dumps(text, ensure_ascii=False)[1:-1]))


def frames(at: AppTest) -> list[pd.DataFrame]:
    out = []
    for d in at.dataframe:
        v = d.value
        out.append(v.data if hasattr(v, "data") and not isinstance(v, pd.DataFrame) else v)
    return out


def _plotly_spec(proto) -> str:
    """The figure JSON of a plotly_chart element (field name differs between Streamlit versions)."""
    return proto.spec if proto.spec else proto.figure.spec


def _array(v) -> list:
    """A plotly JSON array: a list, or typed binary {"dtype", "bdata"} (plotly ≥ 6)."""
    if isinstance(v, dict) and "bdata" in v:
        import base64

        import numpy as np

        return [None if np.isnan(x) else float(x) for x in
                np.frombuffer(base64.b64decode(v["bdata"]), dtype=np.dtype(v["dtype"])).astype(float)]
    return list(v or [])


def svg_titles(at: AppTest) -> list[str]:
    """The hover texts of the SVG maps on the page (the Übersicht's first map, plots/map_svg.py) as a
    reader sees them: each <title> unescaped ("name\nBelegung …")."""
    return [html.unescape(t) for m in at.markdown if "<svg" in m.value
            for t in re.findall(r"<title>(.*?)</title>", m.value, flags=re.S)]


def payloads(at: AppTest) -> str:
    """Plotly figure JSON of the page (charts and maps), the maps' tooltips as read and the SVG maps'
    hover texts, as one text."""
    parts = svg_titles(at)
    for el in at.get("plotly_chart"):
        fig = json.loads(_plotly_spec(el.proto))
        parts.append(json.dumps(fig, ensure_ascii=False))  # "≤" as is, not \u2264
        if map_reader.is_map(fig):  # the map's hover texts as the reader sees them ("name\nBelegung …")
            parts += [o["tooltip"] for objs in map_reader.objects(fig).values() for o in objs if "tooltip" in o]
    return "\n".join(parts)


def widget_labels(at: AppTest, kind: str) -> list[str]:
    return [str(getattr(e, "label", getattr(e.proto, "label", ""))) for e in at.get(kind)]


# --- admin controls and person-level tables ----------------------------------------------------
@pytest.mark.parametrize("data", ["demo", "small"])
@pytest.mark.parametrize("page", list(PAGES))
def test_council_mode_hides_admin_controls_and_person_level_tables(request, page, data):
    request.getfixturevalue("demo_db" if data == "demo" else "small_db")
    at = open_council(page)
    no_exception(at)
    assert at.session_state["council_mode"] is True
    assert len(at.get("file_uploader")) == 0, "Upload im Ratsmodus"
    buttons = widget_labels(at, "button")
    assert not [b for b in buttons if any(w in b for w in ADMIN_BUTTONS)], buttons
    downloads = [str(e.proto.label) for e in at.get("download_button")]
    assert not [d for d in downloads if any(k in d for k in ("Vorlage", "Unterkunftsliste", "Bewohner"))], downloads
    assert len(at.get("arrow_data_editor")) == 0, "Szenarien bearbeiten im Ratsmodus"
    for df in frames(at):
        cols = [str(c) for c in df.columns]
        assert not PERSON_COLUMNS.intersection(cols), (page, cols)
    # the data-state stamp: a Stichtag per dataset on every view
    text = all_text(at)
    assert any(w in text for w in ("Stand ", "Datenstand", "Stichtag")), page


# --- suppressed values never appear ---------------------------------------------------------------
def _row(df: pd.DataFrame, col: str, value: str) -> pd.Series:
    hit = df[df[col].astype(str) == value]
    assert len(hit) == 1, (col, value, list(df[col]))
    return hit.iloc[0]


def _find(at: AppTest, column: str) -> pd.DataFrame:
    for df in frames(at):
        if column in df.columns:
            return df
    raise AssertionError(f"keine Tabelle mit Spalte {column!r}")


def test_uebersicht_hidden_residents_never_shown(small_db):
    state, previous = states("small")
    r = Reader()
    read_overview(state, previous, r, list(reference.FOCUS_DEFAULT))
    hidden = r.hidden()
    assert hidden, "die kleinen Daten verbergen nichts"
    at = open_council("uebersicht")
    no_exception(at)
    districts = _find(at, ov.ov_mod.DISTRICT_LABELS["residents"])
    res_col = ov.ov_mod.DISTRICT_LABELS["residents"]
    deck = payloads(at)
    table = ov.ov_mod.inputs(state, None).table
    names = dict(zip(table["key"], table["name"]))
    checked = 0
    for key, marker in hidden.items():
        true = fmt.integer(r.truth[key])
        if key[0] == "dist":
            assert _row(districts, districts.columns[0], key[1])[res_col] == marker
            checked += 1
        elif key[0] == "acc":
            name = names[key[1]]
            # the map tooltip as read is plain text ("name\nBelegung … von …")
            assert not _tooltip_in(deck, f"{name}\nBelegung {true} von")
            assert _tooltip_in(deck, f"{name}\nBelegung {marker} von"), (name, marker)
            checked += 1
    assert checked == len([k for k in hidden if k[0] in ("dist", "acc")])
    metrics = {m.label: m.value for m in at.metric}
    total = r.cells[("total",)]
    assert metrics["Menschen in Unterkünften"] == total


def test_unterkuenfte_hidden_occupancies_and_chart_values_never_shown(small_db):
    state, previous = states("small")
    r = Reader()
    read_accommodations(state, previous, r)
    hidden = r.hidden()
    at = open_council("unterkuenfte")
    no_exception(at)
    occ_col = acc_mod.LABELS["occupancy"]
    table = _find(at, occ_col)
    names = dict(zip(ov.ov_mod.inputs(state, None).table["key"], ov.ov_mod.inputs(state, None).table["name"]))
    figs = []
    for tab in ("Überblick", "Aufenthalte", "Einzelne Unterkunft"):  # only the open tab is drawn: open each
        at.session_state["acc_tab"] = tab
        at.run()
        no_exception(at)
        figs += [json.loads(_plotly_spec(el.proto)) for el in at.get("plotly_chart")]
    traces = [t for f in figs for t in f["data"]]
    acc_checked = chart_checked = 0
    for key, marker in hidden.items():
        if key[0] == "acc":
            assert _row(table, acc_mod.LABELS["name"], names[key[1]])[occ_col] == marker
            acc_checked += 1
        elif key[0] == "chart":
            _, chart, trace_name, label = key
            for t in traces:
                if t.get("name") != trace_name:
                    continue
                horizontal = t.get("orientation") == "h"
                cats = _array(t.get("y") if horizontal else t.get("x"))
                vals = _array(t.get("x") if horizontal else t.get("y"))
                if label not in [str(c) for c in cats]:
                    continue
                i = [str(c) for c in cats].index(label)
                assert vals[i] is None, (chart, label, vals[i])
                hover = [str(x) for x in (t.get("customdata") or [[]])[i]] if t.get("customdata") else []
                assert fmt.integer(r.truth[key]) not in hover[1:], (chart, label, hover)
                assert t["meta"]["texts"][i] == marker
                chart_checked += 1
                break  # the page's chart comes first; later ones belong to the drill-down of one site
    assert acc_checked == len([k for k in hidden if k[0] == "acc"]) > 0
    # the bars of hidden classes are left out of the chart payload; since the Ratsfassung merges small
    # bands before suppressing (23fb3da), the small data may hide no chart cell at all
    assert chart_checked > 0 or not [k for k in hidden if k[0] == "chart"]


def test_infrastruktur_children_hidden_in_table_and_tile(small_db):
    state, previous = states("small")
    r = Reader()
    read_services(state, previous, r, list(reference.FOCUS_DEFAULT))  # the page's focus area
    at = open_council("infrastruktur")
    no_exception(at)
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Kinder in Unterkünften"] == r.cells[("children_tile",)]
    r.check()  # what the page shows, audited with the page's focus area
    for df in frames(at):
        if "Kinder 6–17 (Schulalter)" in df.columns:
            shown = dict(zip(df["Stadtteil"].str[:2], df["Kinder 6–17 (Schulalter)"]))
            for key, marker in r.hidden().items():
                if key[0] == "children" and key[2] == "children_6_17" and key[1] in shown:
                    assert shown[key[1]] == marker


def test_wohnqualitaet_hidden_counts_never_shown(small_db):
    state, previous = states("small")
    r = Reader()
    read_housing(state, previous, r, list(reference.FOCUS_DEFAULT))
    hidden = {k: v for k, v in r.hidden().items() if k[0] == "housing"}
    assert hidden
    at = open_council("wohnqualitaet")
    no_exception(at)
    table = _find(at, "Offene Mängel")
    for (_, area, col), marker in hidden.items():
        assert _row(table, "Gebiet", area)[col] == marker
