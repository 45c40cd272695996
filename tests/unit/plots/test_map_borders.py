"""District borders as straight segments (a LineLayer, not the polygon layer's costly stroke) and the
deck's compact JSON: generated polygons, the real district geometry, nothing of the map lost."""

from __future__ import annotations

import json
import math

import pydeck as pdk
from hypothesis import given, settings
from hypothesis import strategies as st

from ankunft.core import geo, palette
from ankunft.plots import map_borders as B
from ankunft.plots import maps as M


def _ring(cx: float, cy: float, radius: float, n: int, close: bool) -> list[list[float]]:
    pts = [[cx + radius * math.cos(2 * math.pi * i / n), cy + radius * math.sin(2 * math.pi * i / n)]
           for i in range(n)]
    return pts + [pts[0]] if close else pts


rings = st.builds(_ring, st.floats(7.6, 7.9), st.floats(49.35, 49.5), st.floats(0.001, 0.05),
                  st.integers(3, 40), st.booleans())


def _edges(ring: list) -> set[tuple]:
    pts = [tuple(round(v, B.DIGITS) for v in p) for p in ring]
    if pts[0] != pts[-1]:
        pts.append(pts[0])
    return {frozenset((a, b)) for a, b in zip(pts, pts[1:]) if a != b}


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.lists(rings, min_size=1, max_size=3), st.booleans()), min_size=1, max_size=8),
       st.booleans())
def test_every_edge_of_every_outer_ring_is_drawn_once_in_its_style(districts, council):
    features = [({"type": "MultiPolygon", "coordinates": [[r] for r in rs]} if len(rs) > 1 else
                 {"type": "Polygon", "coordinates": [rs[0]]}, focus) for rs, focus in districts]
    layers = {layer.id: layer for layer in B.border_layers(features, council)}
    for focus, layer_id in ((False, "district-borders"), (True, "district-borders-focus")):
        want = [e for rs, f in districts if f == focus for r in rs for e in _edges(r)]
        if not want:
            assert layer_id not in layers
            continue
        got = [frozenset((tuple(s["s"]), tuple(s["t"]))) for s in layers[layer_id].data]
        assert sorted(map(sorted, got)) == sorted(map(sorted, want))  # each edge once, nothing else
    if "district-borders-focus" in layers:
        focus_layer = layers["district-borders-focus"]
        assert focus_layer.get_color == palette.hex_to_rgb(palette.ACCENT, 255)
        assert focus_layer.get_width == B.WIDTH_PX_FOCUS
        assert list(layers)[-1] == "district-borders-focus"  # drawn over the neighbours' shared edges
    if "district-borders" in layers:
        assert layers["district-borders"].get_width == (B.WIDTH_PX_COUNCIL if council else B.WIDTH_PX)


def test_no_border_for_missing_or_other_geometry():
    assert B.segments(None) == [] and B.segments({"type": "Point", "coordinates": [7.7, 49.4]}) == []
    assert B.border_layers([(None, True), ({"type": "LineString", "coordinates": []}, False)]) == []


def test_city_map_draws_no_polygon_stroke_and_borders_of_every_district():
    """The real districts: the polygon layer only fills (no PathLayer), the focus area's borders are
    the focus layer's, and the edges of all districts are there."""
    districts = geo.load_districts_geojson()
    focus = {"01", "02"}
    for council in (False, True):
        spec = json.loads(M.city_map(districts, [], council=council, focus_ids=sorted(focus)).to_json())
        by_id = {layer["id"]: layer for layer in spec["layers"]}
        polygons = by_id["districts"]
        assert polygons["stroked"] is False and polygons["filled"] is True
        assert all("line" not in f["properties"] for f in polygons["data"]["features"])
        drawn = {frozenset((tuple(s["s"]), tuple(s["t"])))
                 for lid in ("district-borders", "district-borders-focus") for s in by_id[lid]["data"]}
        in_focus = {frozenset((tuple(s["s"]), tuple(s["t"]))) for s in by_id["district-borders-focus"]["data"]}
        for f in districts["features"]:
            did = M.district_id(f)
            for ring in M._rings(f["geometry"]):
                edges = _edges(ring)
                assert edges <= drawn, did
                assert (edges <= in_focus) == (did in focus), did
        assert [layer["id"] for layer in spec["layers"]][-1] == "district-labels"


def test_compact_json_is_pydecks_json_without_indentation():
    districts = geo.load_districts_geojson()
    deck = M.city_map(districts, [M.ring_layer(49.44, 7.76, label="Mitte")], council=True)
    compact = deck.to_json()
    indented = pdk.Deck.to_json(deck)
    assert json.loads(compact) == json.loads(indented)
    assert "\n" not in compact and len(compact) < 0.8 * len(indented)
    reset = M.reset_view(deck, 3)  # the page's reset button keeps the compact form
    assert json.loads(reset.to_json())["views"][0]["id"] == "karte-3" and "\n" not in reset.to_json()


POINTS = st.lists(st.tuples(st.floats(49.40, 49.48), st.floats(7.70, 7.82)), min_size=1, max_size=40)


@settings(max_examples=25, deadline=None)
@given(POINTS)
def test_council_cells_fill_only_and_their_outlines_are_segments(points):
    """Council mode aggregates defects to grid cells: the cells' PolygonLayer only fills, a LineLayer
    draws each cell's edges in white; no layer of the map uses deck.gl's PathLayer (stroked polygons)."""
    import pandas as pd

    from ankunft.core import glossary

    housing = glossary.conform("housing", pd.DataFrame({
        "object_id": [f"o{i}" for i in range(len(points))], "address": [f"Weg {i}" for i in range(len(points))],
        "lat": [p[0] for p in points], "lon": [p[1] for p in points], "defects": ["Schimmel"] * len(points)}))
    layer = M.defect_layer(housing)
    cells = M.aggregate_layer(layer)
    spec = json.loads(M.city_map(geo.load_districts_geojson(), [layer], council=True).to_json())
    by_id = {lay["id"]: lay for lay in spec["layers"]}
    polygons = by_id[layer.key]
    assert polygons["@@type"] == "PolygonLayer" and polygons["stroked"] is False
    assert len(polygons["data"]) == len(cells.polygons)
    outline = by_id[f"{layer.key}-outline"]
    assert outline["@@type"] == "LineLayer" and outline["getColor"] == [255, 255, 255, 255]
    drawn = {frozenset((tuple(s["s"]), tuple(s["t"]))) for s in outline["data"]}
    assert drawn == {e for p in cells.polygons for e in _edges(p["ring"])}
    ids = [lay["id"] for lay in spec["layers"]]
    assert ids.index(f"{layer.key}-outline") == ids.index(layer.key) + 1  # right over its cells
    for lay in spec["layers"]:
        assert lay["@@type"] != "PathLayer" and not (lay["@@type"] in ("GeoJsonLayer", "PolygonLayer")
                                                     and lay.get("stroked")), lay["id"]
