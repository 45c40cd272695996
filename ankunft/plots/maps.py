"""The one city map: district polygons as base, accommodations, services and housing defects on top.

:func:`city_map` builds a plotly figure (SVG, no WebGL): district polygons as filled ``Scatter``
traces on lon/lat axes with equal distances, markers, grid cells and district names as text. It
fetches nothing from outside (no tiles, no geo or mapbox subplot, which would load topojson or a
basemap). Every page map and the reports' map previews draw through it.

Why plotly and not pydeck (issue #17): a deck.gl map compiles one WebGL program per layer type when
it appears; in software WebGL (office PCs without a graphics card, the benchmark's chromium) that
cost ≈ 2 s of browser CPU per map mount. The same map as SVG costs a fraction of it
(``scripts/bench_map.py``), and plotly's JavaScript is loaded for the charts anyway.

Point layers are described by :class:`Layer` (built by the ``*_layer`` functions). Layers that show
individual households are ``sensitive``: in council mode they are aggregated to grid cells
(:func:`grid_aggregate`) coloured by a fixed class, so no point identifies a household.
"""

from __future__ import annotations

import html
import math
from dataclasses import dataclass, field, replace

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from ankunft.core import fmt, palette, reference
from ankunft.core.reference import STANDARDS
from ankunft.plots.map_classes import CELL_BREAKS, CellClass, cell_class, cell_classes, class_colours  # noqa: F401

# the districts, the view and the label places live in their own modules; maps re-exports what its callers use
from ankunft.plots.map_geometry import (  # noqa: F401
    EARTH_RADIUS_M,
    M_PER_DEG_LAT,
    View,
    _pixels,
    _rings,
    axis_ranges,
    bounds,
    district_features,
    district_id,
    district_name,
    label_point,
    outer_rings,
    view_for,
)
from ankunft.plots.map_labels import (  # noqa: F401
    LABEL_SIZE_COUNCIL_PX,
    LABEL_SIZE_PX,
    DistrictLabel,
    district_labels,
    label_box_px,
)

FONT = "Source Sans Pro, Arial, Helvetica, sans-serif"


@dataclass(frozen=True)
class Layer:
    """One map layer, renderer-neutral.

    ``points``: lat, lon, radius_m, colour (hex), tooltip (data escaped with :func:`esc`, lines joined by
    ``<br/>``: what the map's hover shows, see :func:`hover_text`), hover (the same unescaped; not drawn).
    ``polygons``: list of dicts with ``ring`` ([[lon, lat], …]), colour (hex), tooltip, hover.
    ``kind``: points | rings | cells.  ``legend``: (German label, hex colour) pairs.
    """

    key: str
    label: str
    kind: str = "points"
    points: pd.DataFrame = field(default_factory=pd.DataFrame)
    polygons: list = field(default_factory=list)
    legend: tuple = ()
    sensitive: bool = False
    opacity: int = 220


# --- helpers ---------------------------------------------------------------------------------
def _rgba(hex_colour: str, alpha: int = 255) -> list[int]:
    return palette.hex_to_rgb(hex_colour, alpha)


def esc(value) -> str:
    """A value for an HTML tooltip: escaped text, "–" for a missing value."""
    return html.escape(str(value)) if value is not None and not (isinstance(value, float) and math.isnan(value)) \
        else fmt.MISSING


def hover_text(tooltip) -> str:
    """The hover text of a feature from its tooltip: the tooltip's data parts are escaped (:func:`esc`),
    so the only tags in it are ours – bold goes, ``<br/>`` becomes the line break plotly knows. Plotly
    shows the escaped characters literally: the reader sees the data as written, never a tag."""
    if tooltip is None or (isinstance(tooltip, float) and math.isnan(tooltip)):
        return fmt.MISSING
    return str(tooltip).replace("<b>", "").replace("</b>", "").replace("<br/>", "<br>")


def _located(df: pd.DataFrame) -> pd.DataFrame:
    if len(df) == 0 or "lat" not in df.columns or "lon" not in df.columns:
        return df.iloc[0:0]
    return df[df["lat"].notna().to_numpy() & df["lon"].notna().to_numpy()]


def _points(df: pd.DataFrame, radius_m, colour, tooltip: list[str], hover: list[str]) -> pd.DataFrame:
    return pd.DataFrame({"lat": df["lat"].astype("float64").to_numpy(), "lon": df["lon"].astype("float64").to_numpy(),
                         "radius_m": radius_m, "colour": colour, "tooltip": tooltip, "hover": hover})


def circle_ring(lat: float, lon: float, radius_m: float, n: int = 72) -> list[list[float]]:
    """A closed ring of [lon, lat] points approximating a circle of ``radius_m`` around a point."""
    dlat = radius_m / M_PER_DEG_LAT
    dlon = dlat / math.cos(math.radians(lat))
    angles = np.linspace(0, 2 * math.pi, n + 1)
    return [[float(lon + dlon * math.cos(a)), float(lat + dlat * math.sin(a))] for a in angles]


def marker_discs(layers: list[Layer], council: bool, view: View) -> list[tuple[float, float, float]]:
    """(lon, lat, radius in pixels, white outline included) of every marker of the point layers, as the
    maps draw them at ``view`` (at least ``MARKER_MIN_PX`` across): the places the numbers avoid."""
    smallest = MARKER_MIN_PX_COUNCIL if council else MARKER_MIN_PX
    out: list[tuple[float, float, float]] = []
    for layer in layers:
        if layer.kind != "points" or len(layer.points) == 0:
            continue
        p = layer.points
        r = np.maximum(2 * np.asarray(p["radius_m"], dtype="float64") / view.m_per_px(), smallest) / 2 + 1
        out += [(float(a), float(b), float(c)) for a, b, c in zip(p["lon"], p["lat"], r)
                if not (pd.isna(a) or pd.isna(b))]
    return out


# --- layer builders --------------------------------------------------------------------------
def occupancy_radius_m(occupancy: pd.Series) -> np.ndarray:
    """Circle radius in metres, area proportional to occupancy (40 m for an empty accommodation)."""
    occ = pd.to_numeric(occupancy, errors="coerce").fillna(0).clip(lower=0).to_numpy(dtype="float64")
    return 40.0 + 12.0 * np.sqrt(occ)


def accommodation_layer(table: pd.DataFrame) -> Layer:
    """Accommodations (rows of the accommodation table) as circles sized by occupancy, coloured by utilisation."""
    t = _located(table)
    colours = [palette.utilisation_colour(None if pd.isna(u) else float(u)) for u in t["utilisation"]] if len(t) else []
    tips, hovers = [], []
    for _, r in t.iterrows():
        occ_line = f"Belegung {fmt.integer(r['occupancy'])} von {fmt.integer(r['capacity'])} Plätzen " \
                   f"({fmt.pct(r['utilisation'])})"
        flags = r.get("flag_labels", "") or ""
        status = r["status"] if pd.notna(r["status"]) else "Status unbekannt"
        tips.append(f"<b>{esc(r['name'])}</b><br/>{esc(occ_line)}<br/>{esc(status)}"
                    + (f"<br/>Hinweise: {esc(flags)}" if flags else ""))
        hovers.append(f"{r['name']}<br>{occ_line}<br>{status}" + (f"<br>Hinweise: {flags}" if flags else ""))
    points = _points(t, occupancy_radius_m(t["occupancy"]) if len(t) else [], colours, tips, hovers)
    legend = ((f"Auslastung unter {fmt.pct(0.95, 0)}", palette.FLAG["gruen"]),
              (f"Auslastung {fmt.pct(0.95, 0)} bis unter {fmt.pct(1, 0)}", palette.FLAG["gelb"]),
              (f"überbelegt (ab {fmt.pct(1, 0)})", palette.FLAG["rot"]),
              ("Auslastung unbekannt", palette.GREY))
    return Layer("accommodations", "Unterkünfte (Größe: Belegung, Farbe: Auslastung)", points=points, legend=legend)


def service_layer(services: pd.DataFrame, categories: list[str] | None = None) -> Layer:
    """Services (canonical ``services`` frame) as small circles in their category colour."""
    s = _located(services)
    if categories:
        s = s[s["category"].isin(categories).to_numpy()]
    cats = [str(c) for c in s["category"]] if len(s) else []
    cmap = palette.colour_map(sorted(set(cats)))
    tips, hovers = [], []
    for _, r in s.iterrows():
        known = "capacity" in s.columns and pd.notna(r["capacity"])
        cap = f"<br/>Plätze: {fmt.integer(r['capacity'])}" if known else ""
        tips.append(f"<b>{esc(r['name'])}</b><br/>{esc(r['category'])}{cap}")
        hovers.append(f"{r['name']}<br>{r['category']}{cap.replace('<br/>', '<br>')}")
    points = _points(s, 45.0, [cmap[c] for c in cats], tips, hovers)
    return Layer("services", "Soziale Infrastruktur", points=points,
                 legend=tuple((c, cmap[c]) for c in sorted(cmap)))


def defect_layer(objects: pd.DataFrame, label: str = "Wohnungen mit offenen Mängeln") -> Layer:
    """Housing objects with open defects (the caller passes only those rows). Sensitive: one point = one flat."""
    o = _located(objects)
    colour = palette.CATEGORY_COLOURS["offen"]
    tips, hovers = [], []
    for _, r in o.iterrows():
        where = r["address"] if "address" in o.columns and pd.notna(r["address"]) else "Adresse unbekannt"
        what = r["defects"] if "defects" in o.columns and pd.notna(r["defects"]) else "offener Mangel"
        tips.append(f"<b>{esc(where)}</b><br/>{esc(what)}")
        hovers.append(f"{where}<br>{what}")
    return Layer("defects", label, points=_points(o, 30.0, colour, tips, hovers), legend=((label, colour),),
                 sensitive=True)


def ring_layer(lat: float, lon: float, radii_m=(500, 1000), label: str | None = None) -> Layer:
    """Distance rings (default 500 m and 1.000 m) around a point, e.g. an accommodation."""
    polys = []
    for r in radii_m:
        text = f"{fmt.integer(r)} m Umkreis" + (f" um {label}" if label else "")
        polys.append({"ring": circle_ring(lat, lon, float(r)), "colour": palette.ACCENT, "tooltip": esc(text),
                      "hover": text, "radius_m": float(r), "lat": lat, "lon": lon})
    return Layer("rings", "Umkreis " + " / ".join(f"{fmt.integer(r)} m" for r in radii_m), kind="rings",
                 polygons=polys, legend=(("Umkreis", palette.ACCENT),))


CELL_ALPHA = 200  # one fill opacity for every cell: the class is in the colour, never the count
def grid_aggregate(points: pd.DataFrame, cell_m: float = 250.0,
                   min_count: int = STANDARDS.suppression_threshold + 1) -> pd.DataFrame:
    """Count points per square grid cell of ``cell_m`` metres.

    Columns: lat, lon (cell centre), count, cls (index into :func:`cell_classes`), label (German: the
    class, counts below ``min_count`` only as "weniger als 3"), ring (cell corners as [[lon, lat], …]).
    The exact count stays here (for tests and working mode); the map layers carry only the class.
    """
    p = _located(points)
    cols = ["lat", "lon", "count", "cls", "label", "ring"]
    if len(p) == 0:
        return pd.DataFrame(columns=cols)
    classes = cell_classes(min_count)
    lat0 = float(p["lat"].mean())
    dlat = cell_m / M_PER_DEG_LAT
    dlon = dlat / math.cos(math.radians(lat0))
    iy = np.floor(p["lat"].to_numpy(dtype="float64") / dlat).astype(int)
    ix = np.floor(p["lon"].to_numpy(dtype="float64") / dlon).astype(int)
    counts = pd.Series(1, index=pd.MultiIndex.from_arrays([iy, ix])).groupby(level=[0, 1]).sum()
    rows = []
    for (y, x), n in counts.items():
        s, w = y * dlat, x * dlon
        ring = [[w, s], [w + dlon, s], [w + dlon, s + dlat], [w, s + dlat], [w, s]]
        k = cell_class(int(n), classes)
        rows.append({"lat": s + dlat / 2, "lon": w + dlon / 2, "count": int(n), "cls": k,
                     "label": classes[k].label, "ring": [[round(float(a), 6), round(float(b), 6)] for a, b in ring]})
    return pd.DataFrame(rows, columns=cols)


def aggregate_layer(layer: Layer, cell_m: float = 250.0,
                    min_count: int = STANDARDS.suppression_threshold + 1) -> Layer:
    """A point layer turned into grid cells (no point identifies a household), coloured by class.

    The cells carry their class only (colour, tooltip "…: 3 bis 4"), never the exact count: neither a
    hidden cell's nor a published one's (published counts would give the hidden ones by differencing
    against a total)."""
    cells = grid_aggregate(layer.points, cell_m, min_count)
    classes = cell_classes(min_count)
    colours = class_colours(layer.legend[0][1] if layer.legend else palette.ACCENT, len(classes) - 1)
    unit = layer.label
    polys = [{"ring": r["ring"], "colour": colours[int(r["cls"]) - 1], "cls": int(r["cls"]),
              "tooltip": esc(f"{unit}: {r['label']}"), "hover": f"{unit}: {r['label']}"}
             for _, r in cells.iterrows()]
    legend = tuple((c.label, colour) for c, colour in zip(classes[1:], colours))
    return replace(layer, kind="cells", points=pd.DataFrame(), polygons=polys, sensitive=False,
                   label=f"{layer.label} (je {fmt.integer(cell_m)}-m-Feld)", legend=legend)


def for_council(layers: list[Layer]) -> list[Layer]:
    """Sensitive point layers aggregated to grid cells; the others unchanged."""
    return [aggregate_layer(l) if l.sensitive and l.kind == "points" else l for l in layers]


def legend(layers: list[Layer], council: bool = False) -> list[tuple[str, list[tuple[str, str]]]]:
    """Legend entries per shown layer: (layer label, [(entry label, hex colour), …])."""
    shown = for_council(layers) if council else list(layers)
    return [(l.label, list(l.legend)) for l in shown]


# --- the figure ------------------------------------------------------------------------------
DISTRICT_FILL_ALPHA, FOCUS_FILL_ALPHA = 150, 110
BORDER_PX, BORDER_PX_COUNCIL, BORDER_PX_FOCUS = 1, 2, 3
MARKER_MIN_PX, MARKER_MIN_PX_COUNCIL = 6, 10  # smallest marker diameter (an empty accommodation)
RING_PX, RING_PX_COUNCIL = 2, 3
# a white halo around the district names: readable over any fill and any marker below them
LABEL_HALO = "0 0 2px #FFFFFF, 0 0 2px #FFFFFF, 1px 1px 1px #FFFFFF, -1px -1px 1px #FFFFFF"
# How the app draws a map (as every chart: no English mode bar, no scroll zoom). Dragging draws a box
# to zoom into; a double click or "Ansicht zurücksetzen" brings the whole city back.
MAP_CONFIG = {"displayModeBar": False, "displaylogo": False, "locale": "de", "scrollZoom": False,
              "doubleClick": "reset", "showTips": False, "responsive": True}


def _rgba(hex_colour: str, alpha: int) -> str:
    r, g, b = palette.hex_to_rgb(hex_colour)
    return f"rgba({r},{g},{b},{alpha / 255:.3f})"


def joined(rings: list) -> tuple[list, list]:
    """x and y of several rings in one trace, separated by gaps (plotly fills each part on its own),
    rounded to 6 decimals (about 0,1 m). The map and the HTML export draw their outlines with it."""
    xs: list = []
    ys: list = []
    for ring in rings:
        if xs:
            xs.append(None)
            ys.append(None)
        arr = np.asarray(ring, dtype="float64")[:, :2]
        xs += [round(float(v), 6) for v in arr[:, 0]]
        ys += [round(float(v), 6) for v in arr[:, 1]]
    return xs, ys


def _district_traces(geojson: dict, focus: set[str], council: bool, values: dict[str, str] | None) -> list:
    """One filled trace per district (hover: number, name, focus, the caller's line); the focus area
    last, so its thick border lies over the shared edges of its neighbours."""
    traces = []
    feats = sorted(district_features(geojson), key=lambda f: district_id(f) in focus)
    for f in feats:
        did, name = district_id(f), district_name(f)
        in_focus = did in focus
        lines = [f"{did} {name}"] + (["Fokusgebiet"] if in_focus else []) + \
            ([values[did]] if values and did in values else [])
        xs, ys = joined(_rings(f.get("geometry")))
        traces.append(go.Scatter(
            x=xs, y=ys, mode="lines", fill="toself", hoveron="fills", hoverinfo="text", meta="districts",
            fillcolor=_rgba(palette.ACCENT_LIGHT, FOCUS_FILL_ALPHA) if in_focus
            else _rgba(palette.GREY_BG, DISTRICT_FILL_ALPHA),
            line=dict(color=palette.ACCENT if in_focus else palette.GREY,
                      width=BORDER_PX_FOCUS if in_focus else (BORDER_PX_COUNCIL if council else BORDER_PX)),
            name=did, text="<br>".join(esc(x) for x in lines), showlegend=False))
    return traces


def _layer_traces(layer: Layer, council: bool, view: View) -> list:
    if layer.kind == "points":
        p = layer.points
        if len(p) == 0:
            return []
        size = np.maximum(2 * np.asarray(p["radius_m"], dtype="float64") / view.m_per_px(),
                          MARKER_MIN_PX_COUNCIL if council else MARKER_MIN_PX)
        return [go.Scatter(
            x=p["lon"].round(6).tolist(), y=p["lat"].round(6).tolist(), mode="markers", meta=layer.key,
            name=layer.label, hovertext=[hover_text(t) for t in p["tooltip"]],
            hovertemplate="%{hovertext}<extra></extra>", showlegend=False,
            marker=dict(size=np.round(size, 1).tolist(), color=list(p["colour"]),
                        opacity=round(layer.opacity / 255, 3), line=dict(color="#FFFFFF", width=1)))]
    if layer.kind == "rings":
        xs, ys = joined([p["ring"] for p in layer.polygons])
        return [go.Scatter(x=xs, y=ys, mode="lines", meta=layer.key, name=layer.label, hoverinfo="skip",
                           line=dict(color=palette.ACCENT, width=RING_PX_COUNCIL if council else RING_PX),
                           showlegend=False)] if xs else []
    traces = []  # grid cells: one trace per class – the class is in the colour and the hover, never the count
    for colour, tooltip in dict.fromkeys((p["colour"], p["tooltip"]) for p in layer.polygons):
        rings = [p["ring"] for p in layer.polygons if (p["colour"], p["tooltip"]) == (colour, tooltip)]
        xs, ys = joined(rings)
        traces.append(go.Scatter(x=xs, y=ys, mode="lines", fill="toself", hoveron="fills", hoverinfo="text",
                                 fillcolor=_rgba(colour, CELL_ALPHA), line=dict(color="#FFFFFF", width=1),
                                 meta=layer.key, name=layer.label, text=hover_text(tooltip), showlegend=False))
    return traces


def _label_trace(geojson: dict, council: bool, view: View, shown: list[Layer] = ()) -> go.Scatter:
    """The district names, drawn last: over every marker and cell, with a white halo (numbers beside
    the markers of ``shown``)."""
    labels = district_labels(geojson, council, view.zoom, markers=marker_discs(list(shown), council, view))
    return go.Scatter(
        x=[round(lab.lon, 6) for lab in labels], y=[round(lab.lat, 6) for lab in labels], mode="text",
        text=["<br>".join(esc(x) for x in lab.text.split("\n")) for lab in labels], meta="district-labels",
        textposition="middle center", hoverinfo="skip", showlegend=False,
        textfont=dict(family=FONT, size=LABEL_SIZE_COUNCIL_PX if council else LABEL_SIZE_PX, color=palette.TEXT,
                      weight=600 if council else 400, shadow=LABEL_HALO))


def city_map(districts_geojson: dict, layers: list[Layer], council: bool = False, view: View | None = None,
             focus_ids=reference.FOCUS_DEFAULT, district_values: dict[str, str] | None = None,
             height: int = 520, width: int = 1000, revision: int = 0) -> go.Figure:
    """The city map: district polygons (focus area highlighted), the given layers, district names on top.

    ``width`` × ``height``: the map's size in pixels (the width as the page gives it, roughly: a wider
    map shows more around the city). ``district_values``: optional extra hover line per district id
    (e.g. "Bewohner in Unterkünften: 120"). In council mode sensitive layers are aggregated.
    ``revision``: the view revision (plotly's ``uirevision``); a new value makes a new figure, which the
    browser draws from its first view, the whole city (the button "Ansicht zurücksetzen")."""
    from ankunft.plots.charts import apply_theme

    shown = for_council(layers) if council else list(layers)
    view = view or view_for(districts_geojson, width, height)
    focus = {str(f) for f in focus_ids}
    fig = go.Figure(_district_traces(districts_geojson, focus, council, district_values))
    for layer in shown:
        fig.add_traces(_layer_traces(layer, council, view))
    fig.add_trace(_label_trace(districts_geojson, council, view, shown))
    apply_theme(fig, council)
    x_range, y_range = axis_ranges(view, width, height)
    # "domain": a map wider or narrower than its ranges shrinks its drawing area, never the scale the
    # names were placed for (with "range" plotly widened the ranges, and a map first drawn narrow –
    # the sidebar still open – kept the smaller scale after the sidebar folded away)
    axis = dict(visible=False, showgrid=False, zeroline=False, constrain="domain")
    fig.update_layout(
        xaxis=dict(axis, range=x_range), yaxis=dict(axis, range=y_range, scaleanchor="x",
                                                    scaleratio=1 / math.cos(math.radians(view.latitude))),
        height=height, margin=dict(l=0, r=0, t=0, b=0), showlegend=False, hovermode="closest", dragmode="zoom",
        plot_bgcolor="#FFFFFF", paper_bgcolor="#FFFFFF", uirevision=f"karte-{int(revision)}",
        hoverlabel=dict(bgcolor="#FFFFFF", bordercolor=palette.GREY_LIGHT, align="left",
                        font=dict(family=FONT, size=16 if council else 14, color=palette.TEXT)))
    return fig


def with_revision(fig: go.Figure, revision: int) -> go.Figure:
    """The map with its view revision set (see :func:`city_map`); the figure itself, changed."""
    fig.layout.uirevision = f"karte-{int(revision)}"
    return fig
