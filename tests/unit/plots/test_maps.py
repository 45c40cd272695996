"""The city map (plotly SVG): nothing from outside, layers in order, plain-text tooltips, council aggregation."""

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
from tests import map_reader as R

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


def spec(fig) -> dict:
    """The figure as the browser gets it (its JSON)."""
    return json.loads(fig.to_json())


def test_map_fetches_nothing_from_outside():
    fig = M.city_map(GEOJSON, layers())
    text = fig.to_json()
    assert "http" not in text and "mapbox" not in text and "geo" not in spec(fig)["layout"]
    assert all(t.type == "scatter" for t in fig.data)  # SVG traces: no geo/map subplot, no tiles, no WebGL
    assert M.MAP_CONFIG["displayModeBar"] is False  # plotly's mode bar speaks English


def test_map_layers_in_order_and_tooltips_plain_text():
    fig = spec(M.city_map(GEOJSON, layers()))
    metas = list(dict.fromkeys(t["meta"] for t in fig["data"]))
    assert metas == ["districts", "accommodations", "services", "defects", "rings", "district-labels"]
    assert fig["data"][-1]["meta"] == "district-labels"  # drawn last: over every marker
    objs = R.objects(fig)
    acc = objs["accommodations"]
    assert len(acc) == 2  # the accommodation without coordinates is left out
    assert acc[0]["tooltip"] == \
        "Asternweg\nBelegung 230 von 220 Plätzen (104,5\u00a0%)\nin Betrieb\nHinweise: Überbelegt"
    assert acc[0]["colour"][:3] == tuple(palette.hex_to_rgb(palette.FLAG["rot"]))
    assert acc[1]["colour"][:3] == tuple(palette.hex_to_rgb(palette.FLAG["gruen"]))
    view = M.view_for(GEOJSON, 1000, 520)  # diameter in pixels: twice the radius in metres at the view
    assert acc[0]["size"] == pytest.approx(2 * (40 + 12 * math.sqrt(230)) / view.m_per_px(), abs=0.1)
    assert {x["text"][:2] for x in objs["district-labels"]} == {"09", "03"}
    assert "tooltip" not in objs["rings"][0]  # rings are not hoverable


def hovers(fig: dict) -> list[str]:
    """Every hover text of the figure, raw (as plotly gets it)."""
    out = []
    for t in fig["data"]:
        if t.get("hoverinfo") == "skip":
            continue
        out += R.array(t["hovertext"]) if "hovertext" in t else [t.get("text", "")]
    return out


# data text with tags and entities; control characters (a line break in a cell) plotly shows as a space
MARKUP = st.text(alphabet=st.sampled_from(list("<>/&\"';=bBrR #x0123"))
                 | st.characters(codec="utf-8", exclude_categories=["Cc", "Cs"]), min_size=1, max_size=40)


@settings(max_examples=60, deadline=None)
@given(name=MARKUP, status=MARKUP, category=MARKUP)
def test_every_tooltip_is_plain_text_showing_the_data_literally(name, status, category):
    """Issue #17: the tooltip showed raw tags. Every hover text holds no tag but plotly's line break,
    and any data text – tags and entities included – reads literally (escaped: plotly decodes it)."""
    acc = glossary.conform("accommodations", pd.DataFrame({"name": [name], "capacity": [10], "occupancy": [4],
                                                           "lat": [49.44], "lon": [7.74], "status": [status]}))
    svc = glossary.conform("services", pd.DataFrame({"name": [name], "category": [category], "lat": [49.45],
                                                     "lon": [7.75]}))
    fig = spec(M.city_map(GEOJSON, [M.accommodation_layer(A.accommodation_table(acc, DAY)), M.service_layer(svc)],
                          district_values={"09": name}))
    for hover in hovers(fig):
        assert set(R.TAG.findall(hover)) <= {"<br>"}, hover
    objs = R.objects(fig)  # (refuses any other tag)
    shown = {k: [o["tooltip"] for o in v] for k, v in objs.items() if v and "tooltip" in v[0]}
    assert shown["accommodations"][0].split("\n")[0] == name
    assert shown["services"][0].split("\n")[:2] == [name, category]
    west = next(o for o in objs["districts"] if o["name"] == "09")
    assert west["tooltip"].split("\n")[-1] == name  # the district's extra line
    assert [o["name"] for o in objs["districts"]] == ["03", "09"]  # the focus area last (its border on top)


def test_wheel_scrolls_the_page_and_reset_starts_anew():
    """The mouse wheel never zooms (plotly's scroll zoom off), a double click resets; the view
    revision keeps the user's zoom across reruns, a new one starts from the first view."""
    assert M.MAP_CONFIG["scrollZoom"] is False and M.MAP_CONFIG["doubleClick"] == "reset"
    fig = M.city_map(GEOJSON, [])
    assert fig.layout.uirevision == "karte-0" and fig.layout.dragmode == "zoom"
    first = (tuple(fig.layout.xaxis.range), tuple(fig.layout.yaxis.range))
    again = M.with_revision(fig, 4)
    assert again.layout.uirevision == "karte-4"
    assert (tuple(again.layout.xaxis.range), tuple(again.layout.yaxis.range)) == first


def test_focus_area_highlighted_and_district_tooltips():
    objs = R.objects(spec(M.city_map(GEOJSON, [], focus_ids=["09"],
                                     district_values={"09": "Bewohner in Unterkünften: 230"})))
    by_id = {o["name"]: o for o in objs["districts"]}
    assert by_id["09"]["colour"][:3] == tuple(palette.hex_to_rgb(palette.ACCENT_LIGHT))
    assert by_id["03"]["colour"][:3] == tuple(palette.hex_to_rgb(palette.GREY_BG))
    assert by_id["09"]["line"]["color"] == palette.ACCENT and by_id["09"]["line"]["width"] == M.BORDER_PX_FOCUS
    assert by_id["09"]["tooltip"] == "09 Kaiserslautern-West\nFokusgebiet\nBewohner in Unterkünften: 230"
    assert by_id["03"]["tooltip"] == "03 Innenstadt West/Kotten"


def test_view_fits_the_polygons():
    view = M.view_for(GEOJSON)
    assert view.latitude == pytest.approx(49.445) and view.longitude == pytest.approx(7.74)
    assert 10 < view.zoom < 14
    assert M.bounds({"features": []}) is None
    assert M.view_for({}).zoom == 11.5


@settings(max_examples=25, deadline=None)
@given(st.floats(7.5, 8.0), st.floats(49.2, 49.6), st.floats(0.005, 0.3), st.floats(0.005, 0.2),
       st.integers(300, 1400), st.integers(250, 800))
def test_first_view_shows_every_district_at_equal_distances(lon0, lat0, dlon, dlat, width, height):
    """The axis ranges hold every polygon (with the view's margin) in a map of the given size, and one
    pixel is the same distance east–west as north–south."""
    geo_ = {"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"district_id": "99"}, "geometry": {"type": "Polygon", "coordinates": [[
            [lon0, lat0], [lon0 + dlon, lat0], [lon0 + dlon, lat0 + dlat], [lon0, lat0 + dlat], [lon0, lat0]]]}}]}
    fig = M.city_map(geo_, [], height=height, width=width)
    (x0, x1), (y0, y1) = fig.layout.xaxis.range, fig.layout.yaxis.range
    assert x0 < lon0 and x1 > lon0 + dlon and y0 < lat0 and y1 > lat0 + dlat
    km_per_px_x = (x1 - x0) * M.M_PER_DEG_LAT * math.cos(math.radians((y0 + y1) / 2)) / width
    km_per_px_y = (y1 - y0) * M.M_PER_DEG_LAT / height
    assert km_per_px_x == pytest.approx(km_per_px_y, rel=1e-6)
    assert fig.layout.yaxis.scaleanchor == "x"


def test_council_mode_aggregates_household_points():
    objs = R.objects(spec(M.city_map(GEOJSON, layers(), council=True)))
    cells = objs["defects"]
    assert all("polygon" in c and "position" not in c for c in cells)  # grid cells, no points
    assert sorted(c["tooltip"] for c in cells) == ["Wohnungen mit offenen Mängeln: 3 bis 4",
                                                   "Wohnungen mit offenen Mängeln: weniger als 3"]
    assert "Slevogt" not in M.city_map(GEOJSON, layers(), council=True).to_json()
    assert all("position" in a for a in objs["accommodations"])  # non-sensitive layers stay points


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
    fig = M.city_map(GEOJSON, [layer, M.service_layer(glossary.empty_frame("services"))])
    assert [t.meta for t in fig.data] == ["districts", "districts", "district-labels"]  # nothing empty drawn
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
    text = M.city_map(GEOJSON, [layer], council=True).to_json()
    cells = R.objects(text)["defects"]
    assert len(cells) == len(set(map(tuple, M.grid_aggregate(points)[["lat", "lon"]].round(6).to_numpy())))
    classes = M.cell_classes()
    by_class: dict[int, set] = {}
    for cell in cells:
        assert set(cell) == {"polygon", "colour", "tooltip", "name", "line"}
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
    for n in set(sizes):  # no count in the figure: neither as a number nor in a text
        assert '"count"' not in text and f": {n}\"" not in text


@pytest.mark.parametrize("min_count", [2, 3, 5, 7, 11])
def test_cell_classes_cover_every_count_once(min_count):
    classes = M.cell_classes(min_count)
    assert classes[0].label.startswith("keine") and classes[0].lo == classes[0].hi == 0
    for n in range(0, 60):
        hits = [c for c in classes if n >= c.lo and (c.hi is None or n <= c.hi)]
        assert len(hits) == 1
        assert hits[0].hidden == (0 < n < min_count)
    assert len(set(M.class_colours("#E69F00", len(classes) - 1))) == len(classes) - 1
