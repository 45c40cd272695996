"""The small locator map of the Stadtteilprofil as an SVG image: every district, the shown area
highlighted, the district numbers. Drawn by the browser as a plain image – the deck.gl map it replaced set up
its WebGL programs on every visit (≈ 1 s of browser CPU in software WebGL) for a map that only
shows where the area lies. The image takes no input: district names and numbers are escaped.
"""

from __future__ import annotations

import math
from xml.sax.saxutils import escape, quoteattr

from shapely.geometry import shape

from ankunft.core import palette
from ankunft.plots import maps

PAD_PX = 6.0


def _polygons(geometry: dict | None) -> list:
    """The polygons of a GeoJSON geometry (Polygon or MultiPolygon; anything else: none)."""
    if not geometry or geometry.get("type") not in ("Polygon", "MultiPolygon"):
        return []
    geom = shape(geometry)
    return list(geom.geoms) if geom.geom_type == "MultiPolygon" else [geom]


def _projector(geojson: dict, width: float, height: float):
    """lon/lat → SVG pixels: equirectangular at the city's mean latitude, fitted into the box."""
    b = maps.bounds(geojson)
    if b is None:
        return None
    min_lon, min_lat, max_lon, max_lat = b
    kx = math.cos(math.radians((min_lat + max_lat) / 2))
    w_deg, h_deg = max((max_lon - min_lon) * kx, 1e-9), max(max_lat - min_lat, 1e-9)
    scale = min((width - 2 * PAD_PX) / w_deg, (height - 2 * PAD_PX) / h_deg)
    x0 = (width - w_deg * scale) / 2
    y0 = (height - h_deg * scale) / 2

    def project(lon: float, lat: float) -> tuple[float, float]:
        return x0 + (lon - min_lon) * kx * scale, y0 + (max_lat - lat) * scale

    return project


def _path(polygons: list, project) -> str:
    parts = []
    for poly in polygons:
        for ring in (poly.exterior, *poly.interiors):
            pts = [project(x, y) for x, y, *_ in ring.coords]
            parts.append("M" + "L".join(f"{x:.1f},{y:.1f}" for x, y in pts) + "Z")
    return "".join(parts)


def locator_svg(geojson: dict, highlight_ids, width: int = 420, height: int = 380, council: bool = False) -> str:
    """The SVG text of the locator map; ``highlight_ids``: the district ids of the shown area."""
    project = _projector(geojson, width, height)
    head = (f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
            f'viewBox="0 0 {width} {height}" font-family="sans-serif">')
    if project is None:
        return head + "</svg>"
    marked = {str(i) for i in highlight_ids or ()}
    feats = [(maps.district_id(f), f) for f in maps.district_features(geojson)]
    shapes, focus_shapes, labels = [], [], []
    for did, f in feats:
        d = _path(_polygons(f.get("geometry")), project)
        if not d:
            continue
        title = f"<title>{escape(f'{did} {maps.district_name(f)}')}</title>"
        if did in marked:
            focus_shapes.append(f'<path d="{d}" fill="{palette.ACCENT_LIGHT}" fill-opacity="0.75" '
                                f'stroke="{palette.ACCENT}" stroke-width="2.5" fill-rule="evenodd">{title}</path>')
        else:
            shapes.append(f'<path d="{d}" fill="{palette.GREY_BG}" stroke="{palette.GREY}" stroke-width="1" '
                          f'fill-rule="evenodd">{title}</path>')
        lat, lon = maps.label_point(f)
        x, y = project(lon, lat)
        size = 15 if council else 12
        labels.append(f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" font-weight="600" text-anchor="middle" '
                      f'dominant-baseline="central" fill="{palette.TEXT}" stroke="#FFFFFF" stroke-width="3" '
                      f'paint-order="stroke">{escape(did)}</text>')
    label = quoteattr("Lage des Gebiets in der Stadt: " + ", ".join(sorted(marked)))
    return head.replace("<svg ", f"<svg role=\"img\" aria-label={label} ", 1) + "".join(
        shapes + focus_shapes + labels) + "</svg>"
