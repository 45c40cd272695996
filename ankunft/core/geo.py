"""District polygons (approximate, generated once) and distances.

The shipped polygons in ``data/districts.geojson`` are a power-weighted Voronoi partition of
the 18 statistical districts' marker points, clipped to a hand-drawn approximate city outline.
They are labelled ``approximate: true`` and only draw maps: records always carry their own
district. The city's official boundary file (``ortsbezirksgrenzen_wgs84.geojson``, properties
``Bezirk``/``Nummer``, coordinates with Z) can be imported with :func:`import_official_geojson`
and then replaces the approximate polygons.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np

from ankunft.core import reference

DATA_DIR = Path(__file__).resolve().parents[2] / "data"
DISTRICTS_GEOJSON = DATA_DIR / "districts.geojson"
OFFICIAL_SETTING_KEY = "districts_geojson_official"

EARTH_RADIUS_M = 6_371_008.8

# Approximate city outline (lon, lat), counter-clockwise, drawn around the 18 districts
# (about 140 km², the city's area is 139.7 km²). Approximate — not an official boundary.
CITY_OUTLINE: tuple[tuple[float, float], ...] = (
    (7.6450, 49.4280),
    (7.6660, 49.4180),
    (7.6880, 49.4000),
    (7.7150, 49.3890),
    (7.7550, 49.3900),
    (7.7800, 49.3680),
    (7.8050, 49.3620),
    (7.8260, 49.3720),
    (7.8300, 49.3980),
    (7.8170, 49.4230),
    (7.8150, 49.4480),
    (7.8050, 49.4700),
    (7.7960, 49.4920),
    (7.7720, 49.4950),
    (7.7480, 49.4800),
    (7.7300, 49.4930),
    (7.7000, 49.4920),
    (7.6750, 49.4820),
    (7.6560, 49.4640),
    (7.6450, 49.4470),
)

# Power weights (km²) that widen or narrow a district's cell relative to plain Voronoi, so the
# cells match the real layout a little better (09 Kaiserslautern-West reaches east to the
# Slevogtstraße; the small inner-city districts are kept compact).
DISTRICT_WEIGHTS_KM2: dict[str, float] = {
    "09": 0.55,
    "14": 2.0,
    "11": 0.6,
}


# --- distances -----------------------------------------------------------------------------
def haversine_m(lat1, lon1, lat2, lon2):
    """Great-circle distance in metres; arguments may be scalars or numpy/pandas arrays (broadcast)."""
    lat1 = np.radians(np.asarray(lat1, dtype="float64"))
    lat2 = np.radians(np.asarray(lat2, dtype="float64"))
    dlat = lat2 - lat1
    dlon = np.radians(np.asarray(lon2, dtype="float64") - np.asarray(lon1, dtype="float64"))
    a = np.sin(dlat / 2.0) ** 2 + np.cos(lat1) * np.cos(lat2) * np.sin(dlon / 2.0) ** 2
    d = 2.0 * EARTH_RADIUS_M * np.arcsin(np.sqrt(np.clip(a, 0.0, 1.0)))
    if np.ndim(d) == 0:
        return float(d)
    return d


# --- local projection ------------------------------------------------------------------------
_LAT0, _LON0 = reference.CITY_CENTRE
_KX = 111.320 * math.cos(math.radians(_LAT0))  # km per degree of longitude
_KY = 110.574  # km per degree of latitude


def _to_km(lon: np.ndarray, lat: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    return (np.asarray(lon) - _LON0) * _KX, (np.asarray(lat) - _LAT0) * _KY


def _to_deg(x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    return np.asarray(x) / _KX + _LON0, np.asarray(y) / _KY + _LAT0


# --- polygon helpers -----------------------------------------------------------------------
def _clip_half_plane(poly: np.ndarray, normal: np.ndarray, offset: float) -> np.ndarray:
    """Keep the part of polygon ``poly`` (n×2) where normal·p ≤ offset (Sutherland–Hodgman, one edge)."""
    if len(poly) == 0:
        return poly
    out: list[np.ndarray] = []
    vals = poly @ normal - offset
    n = len(poly)
    for i in range(n):
        cur, nxt = poly[i], poly[(i + 1) % n]
        vc, vn = vals[i], vals[(i + 1) % n]
        if vc <= 0:
            out.append(cur)
        if (vc <= 0) != (vn <= 0):
            t = vc / (vc - vn)
            out.append(cur + t * (nxt - cur))
    return np.array(out) if out else np.zeros((0, 2))


def polygon_area(ring) -> float:
    """Signed shoelace area of a ring of (x, y) points (positive = counter-clockwise)."""
    p = np.asarray(ring, dtype="float64")
    if len(p) > 1 and np.allclose(p[0], p[-1]):
        p = p[:-1]
    x, y = p[:, 0], p[:, 1]
    return 0.5 * float(np.sum(x * np.roll(y, -1) - np.roll(x, -1) * y))


def ring_area_km2(ring_lonlat) -> float:
    """Area of a lon/lat ring in km² (local projection; fine at city scale)."""
    p = np.asarray(ring_lonlat, dtype="float64")
    x, y = _to_km(p[:, 0], p[:, 1])
    return abs(polygon_area(np.column_stack([x, y])))


def point_in_ring(lon, lat, ring) -> np.ndarray | bool:
    """Even–odd test: are the points (lon, lat) inside the ring of (lon, lat) pairs? Vectorised."""
    lon_a = np.atleast_1d(np.asarray(lon, dtype="float64"))
    lat_a = np.atleast_1d(np.asarray(lat, dtype="float64"))
    r = np.asarray(ring, dtype="float64")
    if len(r) > 1 and np.allclose(r[0], r[-1]):
        r = r[:-1]
    inside = np.zeros(lon_a.shape, dtype=bool)
    x1, y1 = r[:, 0], r[:, 1]
    x2, y2 = np.roll(x1, -1), np.roll(y1, -1)
    for ax, ay, bx, by in zip(x1, y1, x2, y2):
        crosses = (ay > lat_a) != (by > lat_a)
        with np.errstate(divide="ignore", invalid="ignore"):
            xint = ax + (lat_a - ay) * (bx - ax) / (by - ay)
        inside ^= crosses & (lon_a < xint)
    if np.ndim(lon) == 0 and np.ndim(lat) == 0:
        return bool(inside[0])
    return inside


def point_in_feature(lon, lat, feature: dict):
    """Is the point inside a GeoJSON Polygon/MultiPolygon feature (holes respected)?"""
    geom = feature["geometry"]
    polys = [geom["coordinates"]] if geom["type"] == "Polygon" else geom["coordinates"]
    result = np.zeros(np.atleast_1d(np.asarray(lon)).shape, dtype=bool)
    for poly in polys:
        inside = np.atleast_1d(point_in_ring(lon, lat, poly[0]))
        for hole in poly[1:]:
            inside &= ~np.atleast_1d(point_in_ring(lon, lat, hole))
        result |= inside
    if np.ndim(lon) == 0:
        return bool(result[0])
    return result


# --- generation ------------------------------------------------------------------------------
def generate_districts_geojson() -> dict:
    """Power-weighted Voronoi cells of the 18 marker points, clipped to the city outline."""
    outline = np.array(CITY_OUTLINE)
    ox, oy = _to_km(outline[:, 0], outline[:, 1])
    outline_km = np.column_stack([ox, oy])
    if polygon_area(outline_km) < 0:
        outline_km = outline_km[::-1]
    ids = [d.id for d in reference.DISTRICTS]
    sx, sy = _to_km(np.array([d.lon for d in reference.DISTRICTS]), np.array([d.lat for d in reference.DISTRICTS]))
    sites = np.column_stack([sx, sy])
    weights = np.array([DISTRICT_WEIGHTS_KM2.get(i, 0.0) for i in ids])
    features = []
    for i, d in enumerate(reference.DISTRICTS):
        cell = outline_km.copy()
        for j in range(len(sites)):
            if i == j:
                continue
            # |x-pi|² - wi ≤ |x-pj|² - wj  ⇔  2(pj-pi)·x ≤ |pj|² - |pi|² - (wj - wi)
            normal = 2.0 * (sites[j] - sites[i])
            offset = float(sites[j] @ sites[j] - sites[i] @ sites[i] - (weights[j] - weights[i]))
            cell = _clip_half_plane(cell, normal, offset)
        lon, lat = _to_deg(cell[:, 0], cell[:, 1])
        ring = [[round(float(a), 5), round(float(b), 5)] for a, b in zip(lon, lat)]
        # drop consecutive duplicates left by clipping, then close the ring
        dedup = [ring[0]] + [p for k, p in enumerate(ring[1:], 1) if p != ring[k - 1]]
        if dedup[-1] == dedup[0]:
            dedup = dedup[:-1]
        dedup.append(dedup[0])
        features.append({
            "type": "Feature",
            "properties": {"district_id": d.id, "name": d.name, "approximate": True},
            "geometry": {"type": "Polygon", "coordinates": [dedup]},
        })
    return {
        "type": "FeatureCollection",
        "name": "Stadtteile Kaiserslautern (angenähert)",
        "approximate": True,
        "note": ("Angenäherte Grenzen: Voronoi-Zerlegung der Stadtteil-Mittelpunkte, zugeschnitten auf "
                 "einen genäherten Stadtumriss. Nur zur Kartendarstellung; die amtlichen Grenzen können "
                 "auf der Seite Daten hochgeladen werden."),
        "features": features,
    }


def write_districts_geojson(path: Path | str | None = None) -> Path:
    path = Path(path) if path else DISTRICTS_GEOJSON
    path.parent.mkdir(parents=True, exist_ok=True)
    geo = generate_districts_geojson()
    head = {k: v for k, v in geo.items() if k != "features"}
    lines = [json.dumps(head, ensure_ascii=False)[:-1] + ', "features": [']
    lines += [json.dumps(f, ensure_ascii=False) + ("," if k < len(geo["features"]) - 1 else "")
              for k, f in enumerate(geo["features"])]
    lines.append("]}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


# --- loading -----------------------------------------------------------------------------------
def load_districts_geojson(path: Path | str | None = None, store=None) -> dict:
    """The district polygons to draw.

    With ``store``: an official file imported earlier (saved with :func:`save_official_geojson`)
    wins. Otherwise the file at ``path`` (default: the shipped approximate polygons).
    """
    if store is not None and path is None:
        official = store.get_setting(OFFICIAL_SETTING_KEY)
        if official:
            return json.loads(official)
    p = Path(path) if path else DISTRICTS_GEOJSON
    return json.loads(p.read_text(encoding="utf-8"))


def is_approximate(geojson: dict) -> bool:
    return bool(geojson.get("approximate")) or any(
        f.get("properties", {}).get("approximate") for f in geojson.get("features", []))


class GeoJSONError(ValueError):
    """An uploaded boundary file that cannot be used; the message is German and says why."""


def _drop_z(coords):
    if isinstance(coords, (list, tuple)) and coords and isinstance(coords[0], (int, float)):
        if len(coords) < 2:
            raise GeoJSONError("Eine Koordinate hat weniger als zwei Werte.")
        return [float(coords[0]), float(coords[1])]
    return [_drop_z(c) for c in coords]


_ID_PROPS = ("district_id", "Nummer", "nummer", "NUMMER", "Nr", "nr", "Bezirksnummer", "Stadtteil-Nr")
_NAME_PROPS = ("name", "Bezirk", "bezirk", "BEZIRK", "Name", "Stadtteil", "Ortsbezirk")


def import_official_geojson(data: bytes | str) -> dict:
    """Read the city's boundary file and normalise it to ``district_id``/``name``, 2-D coordinates.

    Accepts the open-data format (properties ``Bezirk`` and ``Nummer``, coordinates with Z) and
    files already in this app's format. Features are matched to the 18 districts by number,
    else by name variant. Raises :class:`GeoJSONError` (German message) when the file is unusable.
    Features that match no district are left out and listed under ``"skipped"``.
    """
    if isinstance(data, bytes):
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = data.decode("cp1252")
    else:
        text = data
    try:
        obj = json.loads(text)
    except json.JSONDecodeError as exc:
        raise GeoJSONError(f"Die Datei ist kein gültiges GeoJSON (Zeile {exc.lineno}: {exc.msg}).") from None
    if not isinstance(obj, dict) or obj.get("type") != "FeatureCollection" or not isinstance(obj.get("features"), list):
        raise GeoJSONError("Die Datei ist keine GeoJSON-FeatureCollection.")
    features: list[dict] = []
    skipped: list[str] = []
    seen: dict[str, int] = {}
    for idx, feat in enumerate(obj["features"], 1):
        props = feat.get("properties") or {}
        geom = feat.get("geometry") or {}
        raw_id = next((props[k] for k in _ID_PROPS if props.get(k) not in (None, "")), None)
        raw_name = next((props[k] for k in _NAME_PROPS if props.get(k) not in (None, "")), None)
        did = reference.resolve_district(raw_id) if raw_id is not None else None
        if did is None and raw_name is not None:
            did = reference.resolve_district(raw_name)
        label = str(raw_name or raw_id or f"Objekt {idx}")
        if did is None:
            skipped.append(f"{label}: kein bekannter Stadtteil")
            continue
        if geom.get("type") not in ("Polygon", "MultiPolygon"):
            skipped.append(f"{label}: Geometrie {geom.get('type')!s} ist keine Fläche")
            continue
        coords = _drop_z(geom["coordinates"])
        if did in seen:  # several parts of one district: merge into a MultiPolygon
            prev = features[seen[did]]["geometry"]
            parts = [prev["coordinates"]] if prev["type"] == "Polygon" else prev["coordinates"]
            parts += [coords] if geom["type"] == "Polygon" else coords
            features[seen[did]]["geometry"] = {"type": "MultiPolygon", "coordinates": parts}
            continue
        seen[did] = len(features)
        features.append({
            "type": "Feature",
            "properties": {"district_id": did, "name": reference.DISTRICT_NAMES[did], "approximate": False,
                           "source_name": str(raw_name) if raw_name is not None else None},
            "geometry": {"type": geom["type"], "coordinates": coords},
        })
    if not features:
        raise GeoJSONError("Keine Fläche der Datei ließ sich einem Stadtteil zuordnen "
                           "(erwartet: Eigenschaften „Nummer“ oder „Bezirk“).")
    features.sort(key=lambda f: f["properties"]["district_id"])
    return {
        "type": "FeatureCollection",
        "name": "Stadtteile Kaiserslautern (amtlich)",
        "approximate": False,
        "features": features,
        "skipped": skipped,
        "missing": [d.id for d in reference.DISTRICTS if d.id not in seen],
    }


def save_official_geojson(store, data: bytes | str, user: str = "unbekannt") -> dict:
    """Import an official boundary file and remember it in the store (replaces the approximate map)."""
    geo = import_official_geojson(data)
    store.set_setting(OFFICIAL_SETTING_KEY, json.dumps(geo, ensure_ascii=False), user=user)
    return geo


def reset_official_geojson(store, user: str = "unbekannt") -> None:
    """Forget an imported official file; maps go back to the approximate polygons."""
    store.delete_setting(OFFICIAL_SETTING_KEY, user=user)
