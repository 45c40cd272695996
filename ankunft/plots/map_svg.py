"""The city map as one SVG image, drawn by the server: the Übersicht's first map (issue #17).

Why: the plotly city map made the first page view after a start wait for plotly's 4,7-MB JavaScript
bundle to be evaluated (≈ 2,7 s of a fresh browser's time); an inline SVG needs none of it. The SVG
draws the same map as :func:`ankunft.plots.maps.city_map` from the same model – the
:class:`~ankunft.plots.maps.Layer` objects, the view (:func:`maps.view_for`, :func:`maps.axis_ranges`),
the district labels and their placement (:func:`maps.district_labels`), palette and marker sizes – so
there is one map builder and two renderers. It cannot zoom: the page keeps the plotly map one click away.

Hover: every district, marker and grid cell carries its text as an SVG ``<title>`` (the browser's own
tooltip, plain text). Every text from data is XML-escaped here, and markdown's characters and line
breaks are character references: the image is one line of markup in a ``<div>`` (one raw HTML block for
markdown, nothing inside it read as markdown) with no tag but div, svg, path, circle, text, tspan and
title, no event attribute and no link. That escaping is the guard: the page hands the image to
``st.markdown(…, unsafe_allow_html=True)``, because ``st.html``'s sanitiser (DOMPurify with the HTML
profile) drops every SVG element. The district
names are drawn last, over every marker, with a white halo, and let the mouse through to the marker below.
"""

from __future__ import annotations

import html
import math
import re
from xml.sax.saxutils import escape

import numpy as np

from ankunft.core import fmt, palette, reference
from ankunft.plots import maps


def tooltip_lines(tooltip) -> list[str]:
    """A layer's tooltip (data escaped, ``<b>`` and ``<br/>`` ours: :attr:`maps.Layer.points`) as plain
    lines: bold dropped, split at the line breaks, the data unescaped – as the officer should read it."""
    if tooltip is None or (isinstance(tooltip, float) and math.isnan(tooltip)):
        return [fmt.MISSING]
    text = str(tooltip).replace("<b>", "").replace("</b>", "").replace("<br>", "<br/>")
    return [html.unescape(part) for part in text.split("<br/>")]


# characters markdown, Streamlit's directives or LaTeX could read, and the line break: as character
# references, so no data text can become markup even if a renderer looked inside the HTML block
_INERT = str.maketrans({c: f"&#{ord(c)};" for c in "*_`$[]():\\#~|!{}\n\r"})


def _text(value) -> str:
    """A data text for the SVG's text content: XML-escaped, markdown characters and line breaks as
    character references (the browser shows them as written)."""
    return escape(str(value)).translate(_INERT)


def _attr(value) -> str:
    """A data text as a quoted attribute value (escaped as :func:`_text`, quotes too)."""
    return '"' + _text(value).replace('"', "&quot;") + '"'


_HEX = re.compile(r"#[0-9A-Fa-f]{6}")


def _colour(value) -> str:
    """A fill colour as written into the markup: only ``#rrggbb`` (the palette's form); anything else –
    never expected, the layers take their colours from the palette – is drawn grey, never written."""
    text = str(value)
    return text if _HEX.fullmatch(text) else palette.GREY


def _title(lines) -> str:
    """An SVG ``<title>``: the browser's hover text, one line per entry, escaped."""
    return "<title>" + _text("\n".join(str(x) for x in lines)) + "</title>"


class _Projection:
    """lon/lat → pixels of a ``width`` × ``height`` image at the map's view: the same ranges and equal
    distances as the plotly map (:func:`maps.axis_ranges`)."""

    def __init__(self, view: maps.View, width: int, height: int) -> None:
        (self.lon0, _), (_, self.lat1) = maps.axis_ranges(view, width, height)
        self.px_lon = view.px_per_deg_lon()
        self.px_lat = self.px_lon / math.cos(math.radians(view.latitude))
        self.m_per_px = view.m_per_px()

    def xy(self, lon, lat) -> tuple[np.ndarray, np.ndarray]:
        return ((np.asarray(lon, dtype="float64") - self.lon0) * self.px_lon,
                (self.lat1 - np.asarray(lat, dtype="float64")) * self.px_lat)

    def path(self, rings) -> str:
        parts = []
        for ring in rings:
            arr = np.asarray(ring, dtype="float64")
            if arr.ndim != 2 or len(arr) < 3:
                continue
            x, y = self.xy(arr[:, 0], arr[:, 1])
            parts.append("M" + "L".join(f"{a:.1f},{b:.1f}" for a, b in zip(x, y)) + "Z")
        return "".join(parts)


def _districts(geojson: dict, proj: _Projection, focus: set[str], council: bool,
               values: dict[str, str] | None) -> list[str]:
    """One path per district with its hover text; the focus area last (its border over the neighbours')."""
    out = []
    feats = sorted(maps.district_features(geojson), key=lambda f: maps.district_id(f) in focus)
    for f in feats:
        did, name = maps.district_id(f), maps.district_name(f)
        d = proj.path(maps.outer_rings(f.get("geometry")))
        if not d:
            continue
        in_focus = did in focus
        lines = [f"{did} {name}"] + (["Fokusgebiet"] if in_focus else []) + \
            ([values[did]] if values and did in values else [])
        if in_focus:
            style = (f'fill="{palette.ACCENT_LIGHT}" fill-opacity="{maps.FOCUS_FILL_ALPHA / 255:.3f}" '
                     f'stroke="{palette.ACCENT}" stroke-width="{maps.BORDER_PX_FOCUS}"')
        else:
            width = maps.BORDER_PX_COUNCIL if council else maps.BORDER_PX
            style = (f'fill="{palette.GREY_BG}" fill-opacity="{maps.DISTRICT_FILL_ALPHA / 255:.3f}" '
                     f'stroke="{palette.GREY}" stroke-width="{width}"')
        out.append(f'<path class="district{" focus" if in_focus else ""}" data-district={_attr(did)} d="{d}" '
                   f'{style} stroke-linejoin="round" fill-rule="evenodd">{_title(lines)}</path>')
    return out


def _layer(layer: maps.Layer, proj: _Projection, council: bool) -> list[str]:
    key = _attr(layer.key)
    if layer.kind == "points":
        p = layer.points
        if len(p) == 0:
            return []
        x, y = proj.xy(p["lon"], p["lat"])
        smallest = maps.MARKER_MIN_PX_COUNCIL if council else maps.MARKER_MIN_PX
        r = np.maximum(2 * np.asarray(p["radius_m"], dtype="float64") / proj.m_per_px, smallest) / 2
        opacity = round(layer.opacity / 255, 3)
        return [f'<circle class="marker" data-layer={key} cx="{a:.1f}" cy="{b:.1f}" r="{c:.1f}" fill="{_colour(colour)}" '
                f'fill-opacity="{opacity}" stroke="#FFFFFF" stroke-width="1">{_title(tooltip_lines(tip))}</circle>'
                for a, b, c, colour, tip in zip(x, y, r, p["colour"], p["tooltip"])]
    if layer.kind == "rings":
        width = maps.RING_PX_COUNCIL if council else maps.RING_PX
        d = proj.path([p["ring"] for p in layer.polygons])
        return [f'<path class="rings" data-layer={key} d="{d}" fill="none" stroke="{palette.ACCENT}" '
                f'stroke-width="{width}" pointer-events="none"/>'] if d else []
    return [f'<path class="cell" data-layer={key} d="{proj.path([p["ring"]])}" fill="{_colour(p["colour"])}" '
            f'fill-opacity="{maps.CELL_ALPHA / 255:.3f}" stroke="#FFFFFF" stroke-width="1">'
            f'{_title(tooltip_lines(p["tooltip"]))}</path>' for p in layer.polygons]


def _labels(geojson: dict, proj: _Projection, view: maps.View, council: bool, shown: list[maps.Layer]) -> list[str]:
    """The district names where :func:`maps.district_labels` placed them (numbers beside the markers of
    ``shown``); drawn over everything, transparent to the mouse."""
    size = maps.LABEL_SIZE_COUNCIL_PX if council else maps.LABEL_SIZE_PX
    weight = 600 if council else 400
    out = []
    for lab in maps.district_labels(geojson, council, view.zoom, markers=maps.marker_discs(shown, council, view)):
        x, y = (float(v) for v in proj.xy(lab.lon, lab.lat))
        lines = lab.text.split("\n")
        top = y - (len(lines) - 1) * size * 0.6
        spans = "".join(f'<tspan x="{x:.1f}" y="{top + k * size * 1.2:.1f}">{_text(line)}</tspan>'
                        for k, line in enumerate(lines))
        out.append(f'<text class="label" data-district={_attr(lab.district_id)} font-size="{size}" '
                   f'font-weight="{weight}" text-anchor="middle" dominant-baseline="central" fill="{palette.TEXT}" '
                   f'stroke="#FFFFFF" stroke-width="3" stroke-linejoin="round" paint-order="stroke" '
                   f'pointer-events="none">{spans}</text>')
    return out


def city_svg(districts_geojson: dict, layers: list[maps.Layer], council: bool = False,
             focus_ids=reference.FOCUS_DEFAULT, district_values: dict[str, str] | None = None,
             height: int = 520, width: int = 1000) -> str:
    """The city map of :func:`maps.city_map` as SVG text: districts (focus area highlighted), the layers
    (sensitive ones aggregated in council mode, :func:`maps.for_council`), district names on top.

    ``width`` × ``height``: the drawing's size in pixels; the image scales to the width it is given
    (the names keep their places relative to the map). ``district_values``: an extra hover line per
    district id."""
    shown = maps.for_council(layers) if council else list(layers)
    view = maps.view_for(districts_geojson, width, height)
    proj = _Projection(view, width, height)
    focus = {str(f) for f in focus_ids or ()}
    body = _districts(districts_geojson, proj, focus, council, district_values)
    for kind in ("cells", "rings", "points"):  # areas below markers, so every marker can be hovered
        for layer in shown:
            if layer.kind == kind:
                body += _layer(layer, proj, council)
    body += _labels(districts_geojson, proj, view, council, shown)
    names = ", ".join(f"{maps.district_id(f)} {maps.district_name(f)}" for f in maps.district_features(districts_geojson))
    label = _attr(f"Stadtkarte mit {len(maps.district_features(districts_geojson))} Stadtteilen"
                      + (f" ({names})" if names else "") + "; Text beim Zeigen auf eine Fläche oder einen Punkt.")
    return (f'<div class="ankunft-city-map-block"><svg xmlns="http://www.w3.org/2000/svg" class="ankunft-city-map" '
            f'role="img" aria-label={label} '
            f'viewBox="0 0 {width} {height}" width="100%" preserveAspectRatio="xMidYMid meet" '
            f'style="display:block;height:auto;background:#FFFFFF" '
            f'font-family={_attr(maps.FONT)}>' + "".join(body) + "</svg></div>")
