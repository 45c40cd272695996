"""The city's districts as the maps see them: features, ids and names, where a name goes, the bounds, the
first view (centre and Web-Mercator zoom) and the projection to pixels – shared by the plotly map
(:mod:`ankunft.plots.maps`), the SVG map (:mod:`ankunft.plots.map_svg`) and the label placement
(:mod:`ankunft.plots.map_labels`)."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from ankunft.core import reference

EARTH_RADIUS_M = 6_371_008.8
M_PER_DEG_LAT = math.pi * EARTH_RADIUS_M / 180


def district_features(geojson: dict) -> list[dict]:
    return list(geojson.get("features", [])) if geojson else []


def outer_rings(geometry: dict | None) -> list[list]:
    """Outer rings of a Polygon/MultiPolygon geometry (anything else: none)."""
    if not geometry:
        return []
    if geometry.get("type") == "Polygon":
        return [geometry["coordinates"][0]]
    if geometry.get("type") == "MultiPolygon":
        return [poly[0] for poly in geometry["coordinates"]]
    return []


_rings = outer_rings


def district_id(feature: dict) -> str:
    props = feature.get("properties") or {}
    raw = props.get("district_id", props.get("Nummer", ""))
    return reference.resolve_district(raw) or str(raw)


def district_name(feature: dict) -> str:
    props = feature.get("properties") or {}
    did = district_id(feature)
    return str(props.get("name") or reference.DISTRICT_NAMES.get(did, did))


def label_point(feature: dict) -> tuple[float, float]:
    """(lat, lon) where a district's name goes: the reference marker point, else the mean of its largest ring."""
    did = district_id(feature)
    if did in reference.DISTRICT_BY_ID:
        d = reference.DISTRICT_BY_ID[did]
        return d.lat, d.lon
    rings = _rings(feature.get("geometry"))
    ring = max(rings, key=len) if rings else [[reference.CITY_CENTRE[1], reference.CITY_CENTRE[0]]]
    arr = np.asarray(ring, dtype="float64")[:, :2]
    return float(arr[:, 1].mean()), float(arr[:, 0].mean())


def bounds(geojson: dict) -> tuple[float, float, float, float] | None:
    """(min_lon, min_lat, max_lon, max_lat) of all polygons; None without features."""
    coords = [pt[:2] for f in district_features(geojson) for ring in _rings(f.get("geometry")) for pt in ring]
    if not coords:
        return None
    arr = np.asarray(coords, dtype="float64")
    return float(arr[:, 0].min()), float(arr[:, 1].min()), float(arr[:, 0].max()), float(arr[:, 1].max())


@dataclass(frozen=True)
class View:
    """The map's first view: its centre and a Web-Mercator zoom (the world is 512 px wide at zoom 0)."""

    latitude: float
    longitude: float
    zoom: float

    def px_per_deg_lon(self) -> float:
        return 512.0 * 2.0 ** self.zoom / 360.0

    def m_per_px(self) -> float:
        return 360.0 * M_PER_DEG_LAT * math.cos(math.radians(self.latitude)) / (512.0 * 2.0 ** self.zoom)


def view_for(geojson: dict, width_px: int = 760, height_px: int = 520) -> View:
    """A view that shows all districts in a map of roughly ``width_px`` × ``height_px``."""
    b = bounds(geojson)
    if b is None:
        lat, lon = reference.CITY_CENTRE
        return View(latitude=lat, longitude=lon, zoom=11.5)
    min_lon, min_lat, max_lon, max_lat = b
    lat = (min_lat + max_lat) / 2
    lon_span = max(max_lon - min_lon, 1e-4)
    lat_span = max(max_lat - min_lat, 1e-4) / math.cos(math.radians(lat))
    zoom = min(math.log2(width_px * 360 / (512 * lon_span)), math.log2(height_px * 360 / (512 * lat_span)))
    return View(latitude=lat, longitude=(min_lon + max_lon) / 2, zoom=round(zoom - 0.2, 2))


def _pixels(lon, lat, zoom: float) -> tuple[np.ndarray, np.ndarray]:
    """Web-Mercator pixel coordinates at ``zoom`` (deck.gl: the world is 512 px wide at zoom 0)."""
    scale = 512.0 * 2.0 ** zoom
    lon_a = np.asarray(lon, dtype="float64")
    lat_r = np.radians(np.asarray(lat, dtype="float64"))
    x = scale * (lon_a + 180.0) / 360.0
    y = scale * (1.0 - np.log(np.tan(math.pi / 4 + lat_r / 2)) / math.pi) / 2.0
    return x, y


def axis_ranges(view: View, width_px: int, height_px: int) -> tuple[list[float], list[float]]:
    """The lon and lat ranges of a map of ``width_px`` × ``height_px`` at the view (equal distances:
    one degree of latitude is 1/cos(lat) times as many pixels as one of longitude)."""
    px_lon = view.px_per_deg_lon()
    px_lat = px_lon / math.cos(math.radians(view.latitude))
    half_lon, half_lat = width_px / 2 / px_lon, height_px / 2 / px_lat
    return ([view.longitude - half_lon, view.longitude + half_lon],
            [view.latitude - half_lat, view.latitude + half_lat])
