"""The city map: no basemap and nothing from outside, layers present, council aggregation, plotly twin."""

from __future__ import annotations

import datetime as dt
import json
import math

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ankunft.core import glossary, palette
from ankunft.indicators import accommodations as A
from ankunft.plots import maps as M

DAY = dt.date(2026, 10, 1)

# a tiny hand-made GeoJSON: two squares, district 09 (focus) and 03
GEOJSON = {"type": "FeatureCollection", "features": [
    {"type": "Feature", "properties": {"district_id": "09", "name": "Kaiserslautern-West"},
     "geometry": {"type": "Polygon", "coordinates": [[[7.70, 49.43], [7.75, 49.43], [7.75, 49.46], [7.70, 49.46],
                                                      [7.70, 49.43]]]}},
    {"type": "Feature", "properties": {"district_id": "3", "name": "Innenstadt West/Kotten"},
     "geometry": {"type": "MultiPolygon", "coordinates": [[[[7.75, 49.43], [7.78, 49.43], [7.78, 49.46],
                                                            [7.75, 49.46], [7.75, 49.43]]]]}},
]}


def table() -> pd.DataFrame:
    acc = glossary.conform("accommodations", pd.DataFrame({
        "id": ["A1", "A2", "A3"], "name": ["Asternweg", "Ehemalige Hauptpost", "ohne Lage"],
        "capacity": [220, 370, 10], "occupancy": [230, 200, 5],
        "lat": [49.447, 49.44, None], "lon": [7.743, 7.77, None], "status": ["in Betrieb", None, None]}))
    return A.accommodation_table(acc, DAY)


def services() -> pd.DataFrame:
    return glossary.conform("services", pd.DataFrame({
        "name": ["Kita Sonnenschein", "Grundschule Fischerrück"], "category": ["Kita", "Grundschule"],
        "lat": [49.45, 49.44], "lon": [7.74, 7.745], "capacity": [50, None]}))


def defects() -> pd.DataFrame:
    # three flats in one 250-m cell, one alone elsewhere
    return glossary.conform("housing", pd.DataFrame({
        "object_id": ["o1", "o2", "o3", "o4"], "address": ["Slevogtstr. 1", "Slevogtstr. 3", "Slevogtstr. 5",
                                                            "Danziger Str. 2"],
        "lat": [49.44710, 49.44712, 49.44714, 49.4300], "lon": [7.74310, 7.74312, 7.74314, 7.7700],
        "defects": ["kein Warmwasser", None, "Schimmel", "Heizung defekt"]}))


def layers() -> list:
    return [M.accommodation_layer(table()), M.service_layer(services()), M.defect_layer(defects()),
            M.ring_layer(49.447, 7.743, label="Asternweg")]


def test_deck_fetches_nothing_from_outside():
    deck = M.city_map(GEOJSON, layers())
    text = deck.to_json()
    assert "http" not in text
    spec = json.loads(text)
    assert spec.get("mapProvider") is None  # no basemap provider
    # pydeck's default sentinel: Streamlit drops it and draws no basemap (an explicit None would pick Carto)
    assert spec["mapStyle"] == "__MAP_STYLE__"
    assert deck.map_provider is None


def test_deck_layers_and_tooltip():
    spec = json.loads(M.city_map(GEOJSON, layers()).to_json())
    ids = [(l["id"], l["@@type"]) for l in spec["layers"]]
    assert ids == [("districts", "GeoJsonLayer"), ("district-borders", "LineLayer"),
                   ("district-borders-focus", "LineLayer"), ("accommodations", "ScatterplotLayer"),
                   ("services", "ScatterplotLayer"), ("defects", "ScatterplotLayer"), ("rings", "ScatterplotLayer"),
                   ("district-labels", "TextLayer")]  # labels last: drawn over every marker
    deck = M.city_map(GEOJSON, layers())
    assert deck._tooltip["text"] == "{tooltip}" and "html" not in deck._tooltip  # plain text, never markup
    acc = spec["layers"][3]["data"]
    assert len(acc) == 2  # the accommodation without coordinates is left out
    assert acc[0]["tooltip"] == "Asternweg\nBelegung 230 von 220 Plätzen (104,5\u00a0%)\nin Betrieb\nHinweise: Überbelegt"
    assert acc[0]["colour"][:3] == palette.hex_to_rgb(palette.FLAG["rot"])
    assert acc[1]["colour"][:3] == palette.hex_to_rgb(palette.FLAG["gruen"])
    assert acc[0]["radius"] == pytest.approx(40 + 12 * math.sqrt(230), abs=0.05)  # 0,1 m is enough
    labels = spec["layers"][-1]
    assert labels["characterSet"] == "auto" and {d["text"][:2] for d in labels["data"]} == {"09", "03"}


def pickable_objects(spec: dict) -> list[dict]:
    """Every object the mouse can hover in a deck spec (GeoJSON features: their properties)."""
    out = []
    for layer in spec["layers"]:
        if not layer.get("pickable"):
            continue
        data = layer["data"]
        out += [f["properties"] for f in data["features"]] if isinstance(data, dict) else data
    return out


MARKUP = st.text(alphabet=st.sampled_from(list("<>/&\"'=bBrR ")) | st.characters(codec="utf-8"), min_size=1,
                 max_size=40)


@settings(max_examples=60, deadline=None)
@given(name=MARKUP, status=MARKUP, category=MARKUP)
def test_every_tooltip_is_plain_text_showing_the_data_literally(name, status, category):
    """Issue #17: the tooltip showed raw tags. The deck uses deck.gl's text tooltip (set as innerText):
    every pickable object carries "tooltip" (no "{tooltip}" left in the template), no markup of ours,
    and any data text – tags included – appears literally."""
    acc = glossary.conform("accommodations", pd.DataFrame({"name": [name], "capacity": [10], "occupancy": [4],
                                                           "lat": [49.44], "lon": [7.74], "status": [status]}))
    svc = glossary.conform("services", pd.DataFrame({"name": [name], "category": [category], "lat": [49.45],
                                                     "lon": [7.75]}))
    deck = M.city_map(GEOJSON, [M.accommodation_layer(A.accommodation_table(acc, DAY)), M.service_layer(svc)],
                      district_values={"09": name})
    assert set(deck._tooltip) == {"text", "style"} and deck._tooltip["style"]["whiteSpace"] == "pre-line"
    objects = pickable_objects(json.loads(deck.to_json()))
    assert len(objects) == 4 and all(isinstance(o.get("tooltip"), str) for o in objects)
    for o in objects:
        assert "<b>" not in o["tooltip"].replace(name, "").replace(status, "").replace(category, "")
        assert "<br" not in o["tooltip"].replace(name, "").replace(status, "").replace(category, "")
    # the data text literally (only a line break written as <br> in the data becomes a line break, as in
    # the plotly hover text the tooltip shares)
    shown = name.replace("<br/>", "\n").replace("<br>", "\n")
    assert objects[2]["tooltip"].startswith(shown) and objects[3]["tooltip"].startswith(shown)
    assert objects[0]["tooltip"].endswith(shown)  # the district's extra line


def test_scroll_wheel_does_not_zoom_the_map():
    spec = json.loads(M.city_map(GEOJSON, []).to_json())
    (view,) = spec["views"]
    assert view["@@type"] == "MapView" and view["controller"]["scrollZoom"] is False
    assert view["controller"]["dragPan"] is True and view["controller"]["doubleClickZoom"] is True


def test_focus_area_highlighted_and_district_tooltips():
    spec = json.loads(M.city_map(GEOJSON, [], focus_ids=["09"],
                                 district_values={"09": "Bewohner in Unterkünften: 230"}).to_json())
    feats = spec["layers"][0]["data"]["features"]
    by_id = {f["properties"]["district_id"]: f["properties"] for f in feats}
    assert by_id["09"]["fill"][:3] == palette.hex_to_rgb(palette.ACCENT_LIGHT)
    assert by_id["03"]["fill"][:3] == palette.hex_to_rgb(palette.GREY_BG)
    assert by_id["09"]["tooltip"] == "09 Kaiserslautern-West\nFokusgebiet\nBewohner in Unterkünften: 230"
    assert by_id["03"]["tooltip"] == "03 Innenstadt West/Kotten"
    assert all("tooltip" not in f for f in feats)  # once per feature, in its properties


def test_view_fits_the_polygons():
    view = M.view_for(GEOJSON)
    assert view.latitude == pytest.approx(49.445) and view.longitude == pytest.approx(7.74)
    assert 10 < view.zoom < 14
    assert M.bounds({"features": []}) is None
    assert M.view_for({}).zoom == 11.5


def test_council_mode_aggregates_household_points():
    spec = json.loads(M.city_map(GEOJSON, layers(), council=True).to_json())
    defects_layer = next(l for l in spec["layers"] if l["id"] == "defects")
    assert defects_layer["@@type"] == "PolygonLayer"
    tips = sorted(d["tooltip"] for d in defects_layer["data"])
    assert tips == ["Wohnungen mit offenen Mängeln: 3 bis 4", "Wohnungen mit offenen Mängeln: weniger als 3"]
    assert "Slevogt" not in json.dumps(defects_layer)
    # non-sensitive layers stay points
    assert next(l for l in spec["layers"] if l["id"] == "accommodations")["@@type"] == "ScatterplotLayer"


def test_grid_aggregate_counts_and_suppresses_small_cells():
    cells = M.grid_aggregate(defects(), cell_m=250)
    assert sorted(cells["count"].tolist()) == [1, 3]
    assert set(cells["label"]) == {"3 bis 4", "weniger als 3"}
    ring = cells["ring"].iloc[0]
    assert ring[0] == ring[-1] and len(ring) == 5
    height_m = (ring[2][1] - ring[0][1]) * M.M_PER_DEG_LAT
    assert height_m == pytest.approx(250, abs=0.25)  # corners rounded to 6 decimals (≈ 0,1 m)
    assert len(M.grid_aggregate(defects().iloc[0:0])) == 0


def test_ring_helper():
    ring = M.circle_ring(49.44, 7.74, 500)
    assert ring[0] == pytest.approx(ring[-1])
    north = max(p[1] for p in ring)
    assert (north - 49.44) * M.M_PER_DEG_LAT == pytest.approx(500, rel=1e-3)
    layer = M.ring_layer(49.44, 7.74)
    assert [p["radius_m"] for p in layer.polygons] == [500.0, 1000.0]
    assert layer.label == "Umkreis 500 m / 1.000 m"


def test_service_layer_uses_category_colours():
    layer = M.service_layer(services())
    assert list(layer.points["colour"]) == [palette.CATEGORY_COLOURS["Kita"], palette.CATEGORY_COLOURS["Grundschule"]]
    assert layer.points["tooltip"].iloc[0] == "<b>Kita Sonnenschein</b><br/>Kita<br/>Plätze: 50"
    only_kita = M.service_layer(services(), categories=["Kita"])
    assert len(only_kita.points) == 1


def test_legend():
    entries = dict(M.legend(layers(), council=True))
    assert entries["Wohnungen mit offenen Mängeln (je 250-m-Feld)"] == list(zip(
        ["weniger als 3", "3 bis 4", "5 bis 9", "10 und mehr"],
        M.class_colours(palette.CATEGORY_COLOURS["offen"], 4)))
    acc_entries = entries["Unterkünfte (Größe: Belegung, Farbe: Auslastung)"]
    assert ("überbelegt (ab 100\u00a0%)", palette.FLAG["rot"]) in acc_entries


def test_empty_layers_and_missing_coordinates():
    acc = glossary.conform("accommodations", pd.DataFrame({"name": ["X"], "capacity": [10]}))
    layer = M.accommodation_layer(A.accommodation_table(acc, DAY))
    assert len(layer.points) == 0
    spec = json.loads(M.city_map(GEOJSON, [layer, M.service_layer(glossary.empty_frame("services"))]).to_json())
    assert len(spec["layers"]) == 6  # districts, their borders (others, focus), two empty layers, labels
    fig = M.plotly_city_map(GEOJSON, [layer])
    assert len(fig.data) == 3  # two polygons + labels


def test_plotly_city_map_offline():
    fig = M.plotly_city_map(GEOJSON, layers(), title="Karte")
    assert all(t.type == "scatter" for t in fig.data)  # no geo/mapbox subplot, no tiles
    assert "http" not in json.dumps(fig.to_plotly_json()["layout"])
    names = [t.name for t in fig.data]
    assert "Unterkünfte (Größe: Belegung, Farbe: Auslastung)" in names
    assert fig.layout.yaxis.scaleanchor == "x"
    assert fig.layout.yaxis.scaleratio == pytest.approx(1 / math.cos(math.radians(49.445)))
    polygon_09 = fig.data[0]
    assert polygon_09.fillcolor == palette.ACCENT_LIGHT and "Fokusgebiet" in polygon_09.text
    points = next(t for t in fig.data if (t.name or "").startswith("Unterkünfte"))
    assert points.text[0] == \
        "Asternweg<br>Belegung 230 von 220 Plätzen (104,5\u00a0%)<br>in Betrieb<br>Hinweise: Überbelegt"
    council = M.plotly_city_map(GEOJSON, layers(), council=True)
    cells = [t for t in council.data if t.legendgroup == "defects"]
    assert len(cells) == 2 and all(t.fill == "toself" for t in cells)
    assert fig.layout.separators == ",."


@st.composite
def flats(draw):
    """Flats clustered in a few 250-m cells with random sizes (1 to 15 per cell)."""
    sizes = draw(st.lists(st.integers(1, 15), min_size=1, max_size=6))
    lat, lon = [], []
    for k, n in enumerate(sizes):
        base_lat, base_lon = 49.40 + 0.01 * k, 7.70 + 0.013 * k  # ≥ 1 km apart: one cell per cluster
        jitter = draw(st.lists(st.floats(0, 0.0004), min_size=n, max_size=n))
        lat += [base_lat + 0.0001 + j for j in jitter]
        lon += [base_lon + 0.0001 + j for j in jitter]
    return sizes, pd.DataFrame({"lat": lat, "lon": lon, "address": "Adresse", "defects": "Mangel"})


@settings(max_examples=60, deadline=None)
@given(flats())
def test_map_cells_encode_the_class_never_the_count(case):
    """Issue #15, channel 4: a cell's fill was a linear function of its count. Now the deck carries a
    fixed class per cell: equal classes give identical colour and tooltip whatever the count, every
    hidden cell (below the limit) looks alike, and no count is in the deck JSON."""
    _, points = case
    sizes = M.grid_aggregate(points)["count"].tolist()  # a cluster may straddle a cell border
    assert sum(sizes) == len(points)
    layer = M.defect_layer(points)
    spec = json.loads(M.city_map(GEOJSON, [layer], council=True).to_json())
    cells = next(l for l in spec["layers"] if l["id"] == "defects")["data"]
    assert len(cells) == len(set(map(tuple, M.grid_aggregate(points)[["lat", "lon"]].round(6).to_numpy())))
    classes = M.cell_classes()
    by_class: dict[int, set] = {}
    for cell in cells:
        assert set(cell) == {"polygon", "colour", "tooltip"}
        label = cell["tooltip"].split(": ", 1)[1]
        k = [c.label for c in classes].index(label)
        by_class.setdefault(k, set()).add(tuple(cell["colour"]))
    assert all(len(colours) == 1 for colours in by_class.values())
    assert len({c for colours in by_class.values() for c in colours}) == len(by_class)  # classes distinguishable
    expected = {M.cell_class(n, classes) for n in sizes}
    assert set(by_class) == expected
    hidden = [c for c in cells if "weniger als" in c["tooltip"]]
    assert len(hidden) == sum(1 for n in sizes if n < classes[2].lo)
    for cell in hidden:  # nothing in a hidden cell depends on its count
        assert cell["tooltip"] == "Wohnungen mit offenen Mängeln: weniger als 3"


@pytest.mark.parametrize("min_count", [2, 3, 5, 7, 11])
def test_cell_classes_cover_every_count_once(min_count):
    classes = M.cell_classes(min_count)
    assert classes[0].label.startswith("keine") and classes[0].lo == classes[0].hi == 0
    for n in range(0, 60):
        hits = [c for c in classes if n >= c.lo and (c.hi is None or n <= c.hi)]
        assert len(hits) == 1
        assert hits[0].hidden == (0 < n < min_count)
    assert len(set(M.class_colours("#E69F00", len(classes) - 1))) == len(classes) - 1
