"""Where the district names go on the city map: "Nr. Name" where the name fits inside its district and
keeps clear of the other names, else the number; a label that would sit on a marker moves beside it (a
name with no room there becomes its number).
The plotly map and the SVG map draw the same places (:func:`district_labels`)."""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from itertools import chain

import numpy as np

from ankunft.core import geo
from ankunft.plots.map_geometry import (
    _pixels,
    _rings,
    district_features,
    district_id,
    district_name,
    label_point,
    view_for,
)

LABEL_SIZE_PX = 13
LABEL_SIZE_COUNCIL_PX = 18
LABEL_CHAR_EM = 0.55  # mean character width of the label font (semi-bold), in font sizes; errs on the wide side
LABEL_GAP_PX = 4.0  # free space kept between two labels
LABEL_INSIDE_SHARE = 0.8  # this middle share of a name label's width must lie inside its district


@dataclass(frozen=True)
class DistrictLabel:
    """A district label: where it goes (lon, lat), its text, and whether it names the district."""

    district_id: str
    lon: float
    lat: float
    text: str
    named: bool




def label_box_px(text: str, size_px: float) -> tuple[float, float]:
    """Estimated (width, height) in pixels of a label, lines split at "\\n" (text outline included)."""
    lines = text.split("\n")
    return max(len(line) for line in lines) * size_px * LABEL_CHAR_EM + 4.0, len(lines) * size_px * 1.2 + 4.0


def _ring_centroid(ring) -> tuple[float, float]:
    """(lat, lon) of the area centroid of a ring (the mean of its points when degenerate)."""
    p = np.asarray(ring, dtype="float64")[:, :2]
    if len(p) > 1 and np.allclose(p[0], p[-1]):
        p = p[:-1]
    x, y = p[:, 0], p[:, 1]
    cross = x * np.roll(y, -1) - np.roll(x, -1) * y
    a = cross.sum() / 2
    if abs(a) < 1e-15:
        return float(y.mean()), float(x.mean())
    return float(((y + np.roll(y, -1)) * cross).sum() / (6 * a)), float(((x + np.roll(x, -1)) * cross).sum() / (6 * a))


def _overlaps(a: tuple, b: tuple, gap: float = LABEL_GAP_PX) -> bool:
    """Do two boxes (x0, y0, x1, y1) come closer than ``gap`` pixels?"""
    return a[0] < b[2] + gap and b[0] < a[2] + gap and a[1] < b[3] + gap and b[1] < a[3] + gap


def _box(x: float, y: float, text: str, size_px: float) -> tuple[float, float, float, float]:
    w, h = label_box_px(text, size_px)
    return x - w / 2, y - h / 2, x + w / 2, y + h / 2


def _in_ring(x: np.ndarray, y: np.ndarray, ring: np.ndarray) -> np.ndarray:
    """Even–odd test of a few points against a ring, vectorised over points × edges (official boundary
    files have thousands of vertices per district)."""
    ax, ay = ring[:, 0][None, :], ring[:, 1][None, :]
    bx, by = np.roll(ring[:, 0], -1)[None, :], np.roll(ring[:, 1], -1)[None, :]
    px, py = x[:, None], y[:, None]
    crosses = (ay > py) != (by > py)
    with np.errstate(divide="ignore", invalid="ignore"):
        xint = ax + (py - ay) * (bx - ax) / (by - ay)
    return ((crosses & (px < xint)).sum(axis=1) % 2).astype(bool)


def _inside(box: tuple, rings_px: list[np.ndarray], lines: int = 1) -> bool:
    """Does the middle ``LABEL_INSIDE_SHARE`` of the box's width lie in one of the rings, along the
    middle of each text line?"""
    margin = (box[2] - box[0]) * (1 - LABEL_INSIDE_SHARE) / 2
    xs = np.linspace(box[0] + margin, box[2] - margin, 5)
    rows = [box[1] + (box[3] - box[1]) * (2 * k + 1) / (2 * lines) for k in range(lines)]
    px = np.tile(xs, len(rows))
    py = np.repeat(rows, len(xs))
    return any(bool(np.all(_in_ring(px, py, r))) for r in rings_px)


def district_labels(geojson: dict, council: bool = False, zoom: float | None = None,
                    size_px: float | None = None, markers=()) -> list[DistrictLabel]:
    """The district labels of the map.

    A district is labelled "Nr. Name" (one line, else the number above the name; in council mode in
    the larger projector font, else in the working font) where that label, at ``zoom``, lies
    inside the district (its middle ``LABEL_INSIDE_SHARE`` of the width) and keeps clear of every
    other label; districts are tried from the largest area down, at the reference marker point and
    then at the centroid of the largest ring. The other districts (typically the small inner-city
    ones) keep their number only; a number that would touch another label moves to the centroid of
    its district when it is clear there. ``markers``: (lon, lat, radius in pixels) of the markers drawn
    below the names (:func:`marker_discs`); a label that would sit on one moves beside it, inside its
    district and clear of the other labels and markers, where there is such a place nearby (a marker
    showing through a number reads as another digit, a name hides the accommodation); a name with no
    such place gives way to its number where that is clear (the list below the map names the district).
    """
    feats = district_features(geojson)
    size = float(size_px or (LABEL_SIZE_COUNCIL_PX if council else LABEL_SIZE_PX))
    points = [label_point(f) for f in feats]
    base = [DistrictLabel(district_id(f), lon, lat, district_id(f), False) for f, (lat, lon) in zip(feats, points)]
    if not feats:
        return base
    zoom = float(view_for(geojson).zoom if zoom is None else zoom)
    boxes: list[tuple] = []
    for lab in base:
        x, y = _pixels(lab.lon, lab.lat, zoom)
        boxes.append(_box(float(x), float(y), lab.text, size))
    out = list(base)
    rings = [[np.asarray(r, dtype="float64")[:, :2] for r in _rings(f.get("geometry"))] for f in feats]
    ring_areas = [[geo.ring_area_km2(r) for r in rs] for rs in rings]
    for i in sorted(range(len(feats)), key=lambda k: (-sum(ring_areas[k]), base[k].district_id)):
        if not rings[i]:
            continue
        rings_px = [np.column_stack(_pixels(r[:, 0], r[:, 1], zoom)) for r in rings[i]]
        did, name = base[i].district_id, district_name(feats[i])
        largest = rings[i][int(np.argmax(ring_areas[i]))]
        anchors = ((base[i].lat, base[i].lon), _ring_centroid(largest))
        candidates = [(text, anchor) for text in (f"{did} {name}", f"{did}\n{name}") for anchor in anchors]
        for text, (lat, lon) in candidates:
            x, y = _pixels(lon, lat, zoom)
            box = _box(float(x), float(y), text, size)
            clear = not any(_overlaps(box, b) for k, b in enumerate(boxes) if k != i)
            if clear and _inside(box, rings_px, text.count("\n") + 1):
                boxes[i] = box
                out[i] = DistrictLabel(did, float(lon), float(lat), text, True)
                break
    for i, lab in enumerate(out):  # a number that touches another label moves to its area's centroid if clear
        if lab.named or not rings[i] or not any(_overlaps(boxes[i], b) for k, b in enumerate(boxes) if k != i):
            continue
        lat, lon = _ring_centroid(rings[i][int(np.argmax(ring_areas[i]))])
        x, y = _pixels(lon, lat, zoom)
        box = _box(float(x), float(y), lab.text, size)
        if not any(_overlaps(box, b) for k, b in enumerate(boxes) if k != i):
            boxes[i] = box
            out[i] = replace(lab, lon=float(lon), lat=float(lat))
    discs = [(float(x), float(y), float(r)) for lon, lat, r in markers for x, y in [_pixels(lon, lat, zoom)]]
    # until no label moves: a move takes a label off every marker (so this ends), and a name that gave way
    # to its number may leave room for a label tried before it
    while _move_off_markers(out, boxes, rings, discs, zoom, size):
        pass
    return out


def _move_off_markers(out: list[DistrictLabel], boxes: list[tuple], rings: list, discs: list, zoom: float,
                      size: float) -> bool:
    """One pass over the labels on a marker: each moves beside it, or – a name with no clear place there –
    gives way to its number where that is clear. True when a label moved."""
    moved = False
    for i, lab in enumerate(out):
        if not rings[i] or not _on_marker(boxes[i], discs):
            continue
        rings_px = [np.column_stack(_pixels(r[:, 0], r[:, 1], zoom)) for r in rings[i]]
        x0, y0 = (float(v) for v in _pixels(lab.lon, lab.lat, zoom))
        tries = [(lab.text, _around(x0, y0, size))]
        if lab.named:
            tries.append((lab.district_id, chain([(x0, y0)], _around(x0, y0, size))))
        for text, places in tries:
            spot = next((xy for xy in places if _clear(_box(*xy, text, size), discs, rings_px, text, boxes, i)), None)
            if spot is not None:
                boxes[i] = _box(*spot, text, size)
                lon, lat = _lonlat(*spot, zoom)
                out[i] = replace(lab, lon=lon, lat=lat, text=text, named=text != lab.district_id)
                moved = True
                break
    return moved


def _clear(box: tuple, discs: list, rings_px: list, text: str, boxes: list, i: int) -> bool:
    """Is a label box clear of the markers and of the other labels, and inside its district?"""
    return (not _on_marker(box, discs) and _inside(box, rings_px, text.count("\n") + 1)
            and not any(_overlaps(box, b) for k, b in enumerate(boxes) if k != i))


def _on_marker(box: tuple, discs: list[tuple[float, float, float]], gap: float = 1.0) -> bool:
    """Does a label box (x0, y0, x1, y1) touch one of the discs (x, y, radius), all in pixels?"""
    for x, y, r in discs:
        dx = max(box[0] - x, 0.0, x - box[2])
        dy = max(box[1] - y, 0.0, y - box[3])
        if dx * dx + dy * dy < (r + gap) ** 2:
            return True
    return False


def _around(x: float, y: float, size: float):
    """Places near (x, y), nearest first: rings of eight directions, half a font size apart."""
    for k in range(1, 7):
        d = k * size / 2
        for ux, uy in ((1, 0), (-1, 0), (0, -1), (0, 1), (1, -1), (-1, -1), (1, 1), (-1, 1)):
            yield x + ux * d, y + uy * d


def _lonlat(x: float, y: float, zoom: float) -> tuple[float, float]:
    """The inverse of :func:`_pixels` for one point: (lon, lat)."""
    scale = 512.0 * 2.0 ** zoom
    lon = x / scale * 360.0 - 180.0
    lat = math.degrees(2 * math.atan(math.exp(math.pi * (1 - 2 * y / scale))) - math.pi / 2)
    return lon, lat
