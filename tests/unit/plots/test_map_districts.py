"""The districts of the city map: every edge of every district drawn once, in its district's style (the
focus area's accent border last, over its neighbours' shared edges); generated polygons and the real
district geometry."""

from __future__ import annotations

import json
import math

from hypothesis import given, settings
from hypothesis import strategies as st

from ankunft.core import geo, palette
from ankunft.plots import maps as M
from tests import map_reader as R


def _ring(cx: float, cy: float, radius: float, n: int, close: bool) -> list[list[float]]:
    pts = [[cx + radius * math.cos(2 * math.pi * i / n), cy + radius * math.sin(2 * math.pi * i / n)]
           for i in range(n)]
    return pts + [pts[0]] if close else pts


rings = st.builds(_ring, st.floats(7.6, 7.9), st.floats(49.35, 49.5), st.floats(0.001, 0.05),
                  st.integers(3, 40), st.booleans())


def _edges(ring: list) -> set:
    pts = [tuple(round(v, 6) for v in p) for p in ring]
    if pts[0] != pts[-1]:
        pts.append(pts[0])
    return {frozenset((a, b)) for a, b in zip(pts, pts[1:]) if a != b}


def drawn_edges(obj: dict) -> set:
    """The edges a filled trace part shows: plotly closes a filled part ("toself") itself."""
    return _edges(obj["polygon"])


@settings(max_examples=30, deadline=None)
@given(st.lists(st.tuples(st.lists(rings, min_size=1, max_size=3), st.booleans()), min_size=1, max_size=8),
       st.booleans())
def test_every_edge_of_every_district_drawn_in_its_style(districts, council):
    features = [{"type": "Feature", "properties": {"district_id": f"{90 + i}"},
                 "geometry": {"type": "MultiPolygon", "coordinates": [[r] for r in rs]} if len(rs) > 1
                 else {"type": "Polygon", "coordinates": [rs[0]]}} for i, (rs, _) in enumerate(districts)]
    focus = [f"{90 + i}" for i, (_, f) in enumerate(districts) if f]
    fig = json.loads(M.city_map({"type": "FeatureCollection", "features": features}, [], council=council,
                                focus_ids=focus).to_json())
    objs = R.objects(fig)["districts"]
    for i, (rs, in_focus) in enumerate(districts):
        did = f"{90 + i}"
        parts = [o for o in objs if o["name"] == did]
        assert len(parts) == len(rs)  # one filled part per outer ring
        assert set().union(*(drawn_edges(o) for o in parts)) == set().union(*(_edges(r) for r in rs))
        for o in parts:
            assert o["line"]["color"] == (palette.ACCENT if in_focus else palette.GREY)
            assert o["line"]["width"] == (M.BORDER_PX_FOCUS if in_focus else
                                          M.BORDER_PX_COUNCIL if council else M.BORDER_PX)
    names = [o["name"] for o in objs]
    assert names == sorted(names, key=lambda d: d in focus)  # the focus area's borders on top


def test_real_districts_every_edge_and_one_hover_per_district():
    districts = geo.load_districts_geojson()
    focus = {"01", "02"}
    fig = json.loads(M.city_map(districts, [], focus_ids=sorted(focus)).to_json())
    objs = R.objects(fig)["districts"]
    for f in districts["features"]:
        did = M.district_id(f)
        parts = [o for o in objs if o["name"] == did]
        want = set().union(*(_edges(r) for r in M.outer_rings(f["geometry"])))
        assert set().union(*(drawn_edges(o) for o in parts)) == want, did
        assert {o["tooltip"].split("\n")[0] for o in parts} == {f"{did} {M.district_name(f)}"}
        assert all(("Fokusgebiet" in o["tooltip"]) == (did in focus) for o in parts)
    assert len({o["name"] for o in objs}) == len(districts["features"]) == 18
