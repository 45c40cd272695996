"""District borders as straight segments and the deck as compact JSON: what a map costs the browser.

Every layer type of a deck.gl map is a WebGL program the browser compiles when the map appears; on a
machine without a graphics card (software WebGL, as in the benchmark's chromium) that costs about half
a second per program, more than all drawing. The borders of a ``GeoJsonLayer`` come from its
``PathLayer`` (mitred joints, the most expensive program of the map); a ``LineLayer`` draws the same
pixel-wide straight edges with a much simpler program (browser CPU of a district map measured
1,9 s → 1,4 s). The polygons have few corners (about 130 for the city), so a segment per edge is small.

pydeck writes its JSON indented by two spaces; :class:`CompactDeck` sends the same content without
the indentation (a map with 300 markers: about half the bytes over the websocket).
"""

from __future__ import annotations

import json

import pydeck as pdk
from pydeck.bindings.json_tools import default_serialize

from ankunft.core import palette

WIDTH_PX = 1
WIDTH_PX_COUNCIL = 2
WIDTH_PX_FOCUS = 3
DIGITS = 6  # ≈ 0,1 m: the border lies exactly on the polygon's edge


def outer_rings(geometry: dict | None) -> list[list]:
    """Outer rings of a Polygon/MultiPolygon geometry (anything else: none)."""
    if not geometry:
        return []
    if geometry.get("type") == "Polygon":
        return [geometry["coordinates"][0]]
    if geometry.get("type") == "MultiPolygon":
        return [poly[0] for poly in geometry["coordinates"]]
    return []


def segments(geometry: dict | None) -> list[dict]:
    """The edges of a (Multi)Polygon's outer rings as ``{"s": [lon, lat], "t": [lon, lat]}``; a ring
    that is not closed gets its closing edge."""
    out = []
    for ring in outer_rings(geometry):
        pts = [[round(float(x), DIGITS), round(float(y), DIGITS)] for x, y, *_ in ring]
        if len(pts) > 1 and pts[0] != pts[-1]:
            pts.append(pts[0])
        out.extend({"s": a, "t": b} for a, b in zip(pts, pts[1:]) if a != b)
    return out


def line_layer(layer_id: str, data: list[dict], rgba: list[int], width_px: float) -> pdk.Layer:
    """One ``LineLayer`` of segments (``{"s", "t"}``) in one colour and pixel width, not pickable."""
    return pdk.Layer("LineLayer", id=layer_id, data=data, get_source_position="s", get_target_position="t",
                     get_color=rgba, get_width=width_px, width_units="'pixels'", pickable=False)


def border_layers(features: list[tuple[dict | None, bool]], council: bool = False) -> list[pdk.Layer]:
    """``LineLayer`` s of the district borders: (geometry, in focus) per district. The focus area's
    borders (accent colour, thicker) come last, over the shared edges of its neighbours."""
    layers = []
    for focus, layer_id, colour, width in (
            (False, "district-borders", palette.GREY, WIDTH_PX_COUNCIL if council else WIDTH_PX),
            (True, "district-borders-focus", palette.ACCENT, WIDTH_PX_FOCUS)):
        data = [seg for geometry, in_focus in features if in_focus == focus for seg in segments(geometry)]
        if data:
            layers.append(line_layer(layer_id, data, palette.hex_to_rgb(colour, 255), width))
    return layers


def outline_layer(layer_id: str, rings: list[list], rgba: list[int], width_px: float = 1) -> list[pdk.Layer]:
    """The outlines of polygons given as rings ([[lon, lat], …]) as one ``LineLayer`` (none without rings):
    the grid cells of council maps, whose ``PolygonLayer`` then only fills."""
    data = [seg for ring in rings for seg in segments({"type": "Polygon", "coordinates": [ring]})]
    return [line_layer(layer_id, data, rgba, width_px)] if data else []


class CompactDeck(pdk.Deck):
    """A ``pydeck.Deck`` whose JSON (what Streamlit sends to the browser) has no indentation."""

    def to_json(self) -> str:
        return json.dumps(self, sort_keys=True, default=default_serialize, separators=(",", ":"))
