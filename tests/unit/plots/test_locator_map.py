"""The Stadtteilprofil's locator image: every district drawn once, the shown area highlighted and on
top, numbers at the label points, text escaped, everything inside the picture."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from ankunft.core import geo, palette
from ankunft.plots.locator_map import locator_svg


def _square(did: str, x: float, y: float, size: float, name: str = "") -> dict:
    ring = [[x, y], [x + size, y], [x + size, y + size], [x, y + size], [x, y]]
    return {"type": "Feature", "properties": {"district_id": did, "name": name or f"Gebiet {did}"},
            "geometry": {"type": "Polygon", "coordinates": [ring]}}


@settings(max_examples=40, deadline=None)
@given(n=st.integers(1, 12), pick=st.data(), w=st.integers(120, 600), h=st.integers(120, 600))
def test_generated_districts(n, pick, w, h):
    feats = [_square(f"{i:02d}", 7.7 + 0.03 * (i % 4), 49.4 + 0.02 * (i // 4), 0.025) for i in range(n)]
    marked = pick.draw(st.sets(st.sampled_from([f"{i:02d}" for i in range(n)])))
    svg = locator_svg({"type": "FeatureCollection", "features": feats}, sorted(marked), width=w, height=h)
    paths = re.findall(r'<path d="([^"]+)" fill="([^"]+)"', svg)
    assert len(paths) == n
    assert sum(fill == palette.ACCENT_LIGHT for _, fill in paths) == len(marked)
    fills = [fill for _, fill in paths]
    assert fills == sorted(fills, key=lambda f: f == palette.ACCENT_LIGHT)  # the shown area is drawn last
    coords = [float(v) for d, _ in paths for v in re.findall(r"-?\d+\.\d", d)]
    xs, ys = coords[0::2], coords[1::2]
    assert min(xs) >= 0 and max(xs) <= w and min(ys) >= 0 and max(ys) <= h
    assert sorted(re.findall(r"paint-order=\"stroke\">([^<]+)</text>", svg)) == [f"{i:02d}" for i in range(n)]


def test_text_is_escaped_and_real_districts_drawn():
    evil = _square("01", 7.7, 49.4, 0.02, name='<script>alert("x")</script>')
    svg = locator_svg({"type": "FeatureCollection", "features": [evil]}, ["01"])
    assert "<script>" not in svg and "&lt;script&gt;" in svg
    real = geo.load_districts_geojson()
    svg = locator_svg(real, ["09"])
    assert svg.startswith("<svg ") and svg.count("<path ") == len(real["features"])
    assert 'aria-label="Lage des Gebiets in der Stadt: 09"' in svg


def test_empty_map_is_an_empty_picture():
    assert locator_svg({"type": "FeatureCollection", "features": []}, []).endswith("</svg>")
