"""District numbers beside the markers: a marker showing through a one- or two-digit number reads as
another digit (council mode, Übersicht: the Einsiedlerhof marker made "11" look like "1•1").

Checked on the real district boundaries with markers anywhere (hypothesis): every label keeps its text; a
label that moved lies inside its district, clear of every marker and every other label; a label that
stayed is either clear of the markers or has no such place near it."""

from __future__ import annotations

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from ankunft.core import geo
from ankunft.plots import map_labels as L
from ankunft.plots import maps as M

GJ = geo.load_districts_geojson()
BOUNDS = M.bounds(GJ)


def _box_px(lab, zoom: float, council: bool) -> tuple:
    size = M.LABEL_SIZE_COUNCIL_PX if council else M.LABEL_SIZE_PX
    x, y = M._pixels(lab.lon, lab.lat, zoom)
    return L._box(float(x), float(y), lab.text, size)


def _discs_px(markers, zoom):
    return [(float(x), float(y), r) for lon, lat, r in markers for x, y in [M._pixels(lon, lat, zoom)]]


def _rings_px(did: str, zoom: float):
    f = next(f for f in M.district_features(GJ) if M.district_id(f) == did)
    return [np.column_stack(M._pixels(np.asarray(r)[:, 0], np.asarray(r)[:, 1], zoom)) for r in M._rings(f["geometry"])]


MARKER = st.tuples(st.floats(0.0, 1.0), st.floats(0.0, 1.0), st.floats(3.0, 14.0))


@settings(max_examples=40, deadline=None)
@given(council=st.booleans(), spots=st.lists(MARKER, max_size=14), on_labels=st.lists(st.integers(0, 17), max_size=6))
def test_labels_keep_clear_of_markers_where_they_can(council, spots, on_labels):
    zoom = M.view_for(GJ, 1000, 600).zoom
    plain = M.district_labels(GJ, council, zoom)
    lon0, lat0, lon1, lat1 = BOUNDS
    markers = [(lon0 + a * (lon1 - lon0), lat0 + b * (lat1 - lat0), r) for a, b, r in spots]
    # markers right on some labels (the case that matters), as large as a busy accommodation's
    markers += [(plain[k % len(plain)].lon, plain[k % len(plain)].lat, 9.0) for k in on_labels]
    placed = M.district_labels(GJ, council, zoom, markers=markers)
    discs = _discs_px(markers, zoom)
    assert [lab.district_id for lab in placed] == [lab.district_id for lab in plain]
    boxes = [_box_px(lab, zoom, council) for lab in placed]
    size = M.LABEL_SIZE_COUNCIL_PX if council else M.LABEL_SIZE_PX
    for i, (before, after) in enumerate(zip(plain, placed)):
        lines = before.text.count("\n") + 1
        moved = (after.lon, after.lat) != (before.lon, before.lat)
        if after.text != before.text:  # a name that found no clear place became its number, clear of all
            assert before.named and not after.named and after.text == after.district_id, (before, after)
            assert not L._on_marker(boxes[i], discs), after
            assert L._inside(boxes[i], _rings_px(after.district_id, zoom), 1), after
            assert not any(L._overlaps(boxes[i], b) for k, b in enumerate(boxes) if k != i), after
            gave_way = sum(a.text != b.text for a, b in zip(placed, plain))
            x0, y0 = M._pixels(before.lon, before.lat, zoom)
            # the name had no clear place among the tried ones (checked when no other name gave way after it)
            for x, y in (L._around(float(x0), float(y0), size) if gave_way == 1 else ()):
                box = L._box(x, y, before.text, size)
                assert (L._on_marker(box, discs) or not L._inside(box, _rings_px(before.district_id, zoom), lines)
                        or any(L._overlaps(box, b) for k, b in enumerate(boxes) if k != i)), (before, x, y)
        elif moved:
            assert not L._on_marker(boxes[i], discs), after
            assert L._inside(boxes[i], _rings_px(after.district_id, zoom), lines), after
            assert not any(L._overlaps(boxes[i], b) for k, b in enumerate(boxes) if k != i), after
        elif L._on_marker(boxes[i], discs):  # stayed on a marker: no clear place among the tried ones
            x0, y0 = M._pixels(before.lon, before.lat, zoom)
            for x, y in L._around(float(x0), float(y0), size):
                box = L._box(x, y, before.text, size)
                assert (L._on_marker(box, discs) or not L._inside(box, _rings_px(before.district_id, zoom), lines)
                        or any(L._overlaps(box, b) for k, b in enumerate(boxes) if k != i)), (before, x, y)


def test_without_markers_nothing_moves():
    zoom = M.view_for(GJ, 1000, 600).zoom
    assert M.district_labels(GJ, True, zoom, markers=()) == M.district_labels(GJ, True, zoom)


def test_lonlat_inverts_pixels():
    for lon, lat in ((7.75, 49.44), (7.6, 49.5), (7.9, 49.38)):
        x, y = M._pixels(lon, lat, 11.3)
        back = L._lonlat(float(x), float(y), 11.3)
        assert abs(back[0] - lon) < 1e-9 and abs(back[1] - lat) < 1e-9


def test_marker_discs_as_drawn_with_the_smallest_size_and_outline():
    view = M.view_for(GJ, 1000, 600)
    pts = pd.DataFrame({"lat": [49.44, 49.45, None], "lon": [7.75, 7.76, 7.77], "radius_m": [40.0, 400.0, 40.0],
                        "colour": ["#000000"] * 3, "tooltip": ["a", "b", "c"]})
    layers = [M.Layer("acc", "Unterkünfte", points=pts), M.Layer("rings", "Ringe", kind="rings")]
    discs = M.marker_discs(layers, True, view)
    assert len(discs) == 2  # a point without a place is not drawn
    small, big = discs[0][2], discs[1][2]
    assert small == max(2 * 40.0 / view.m_per_px(), M.MARKER_MIN_PX_COUNCIL) / 2 + 1
    assert big == max(2 * 400.0 / view.m_per_px(), M.MARKER_MIN_PX_COUNCIL) / 2 + 1


def test_the_demo_council_map_number_eleven_is_clear_of_its_marker():
    """The screenshot case: on the council map (600 × 440, the Übersicht beside the tiles) district 11's
    accommodation sits where its number was drawn; the number now stands beside it."""
    from ankunft.views import overview_view as ov
    from tests.audit.test_council_audit import FOCUS, states

    state, previous = states("demo")
    view = ov.build(state, previous, FOCUS, None, council=True)
    layers = M.for_council(ov.map_layers(view, state))
    mview = M.view_for(GJ, 600, 440)
    markers = M.marker_discs(layers, True, mview)
    discs = _discs_px(markers, mview.zoom)
    plain = {lab.district_id: lab for lab in M.district_labels(GJ, True, mview.zoom)}
    placed = {lab.district_id: lab for lab in M.district_labels(GJ, True, mview.zoom, markers=markers)}
    assert L._on_marker(_box_px(plain["11"], mview.zoom, True), discs)  # the case as it was
    assert not L._on_marker(_box_px(placed["11"], mview.zoom, True), discs)
    assert placed["11"].text == "11"


def test_the_demo_focus_area_name_gives_way_to_its_number_where_its_markers_fill_it():
    """The screenshot case (working mode, Übersicht): "09 Kaiserslautern-West" lay over the accommodations of the
    focus area, and no place in the district holds the name clear of them; the number stands clear instead."""
    from ankunft.views import overview_view as ov
    from tests.audit.test_council_audit import FOCUS, states

    state, previous = states("demo")
    view = ov.build(state, previous, FOCUS, None, council=False)
    layers = ov.map_layers(view, state)
    mview = M.view_for(GJ, 1000, 600)  # the working-mode Übersicht's drawing
    markers = M.marker_discs(layers, False, mview)
    discs = _discs_px(markers, mview.zoom)
    plain = {lab.district_id: lab for lab in M.district_labels(GJ, False, mview.zoom)}
    placed = {lab.district_id: lab for lab in M.district_labels(GJ, False, mview.zoom, markers=markers)}
    assert plain["09"].named and L._on_marker(_box_px(plain["09"], mview.zoom, False), discs)  # the case as it was
    assert placed["09"].text == "09" and not L._on_marker(_box_px(placed["09"], mview.zoom, False), discs)
    assert sum(lab.named for lab in placed.values()) >= 8  # the roomy districts keep their names
