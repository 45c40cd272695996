"""District labels of the city map: council mode names a district only where the name fits and overlaps nothing.

Pixel arithmetic (deck.gl Web-Mercator, world 512 px wide at zoom 0): at zoom 11 one degree of longitude
is 512 · 2048 / 360 = 2.912,7 px. A label is len(text) · 18 px · 0,55 + 4 px wide and 18 · 1,2 + 4 =
25,6 px high per line (council size 18 px); the middle 80 % of its width must lie inside the district.
"""

from __future__ import annotations

import json

import pytest

from ankunft.core import geo, reference
from ankunft.plots import map_labels as L
from ankunft.plots import maps as M
from tests import map_reader as R

PX_PER_DEG_LON_Z11 = 512 * 2048 / 360


def square(did: str, lon0: float, lat0: float, lon1: float, lat1: float) -> dict:
    return {"type": "Feature", "properties": {"district_id": did},
            "geometry": {"type": "Polygon", "coordinates": [[[lon0, lat0], [lon1, lat0], [lon1, lat1], [lon0, lat1],
                                                             [lon0, lat0]]]}}


def around(did: str, half_lon: float, half_lat: float) -> dict:
    """A rectangle centred on the district's reference marker point."""
    d = reference.DISTRICT_BY_ID[did]
    return square(did, d.lon - half_lon, d.lat - half_lat, d.lon + half_lon, d.lat + half_lat)


def collection(*features) -> dict:
    return {"type": "FeatureCollection", "features": list(features)}


def by_id(labels) -> dict:
    return {lab.district_id: lab for lab in labels}


def test_label_box_estimate():
    assert M.label_box_px("14 Mölschbach", 18) == pytest.approx((13 * 9.9 + 4, 25.6))
    assert M.label_box_px("14\nMölschbach", 18) == pytest.approx((10 * 9.9 + 4, 2 * 21.6 + 4))


def test_working_mode_names_districts_too_in_the_smaller_font():
    """Issue #17: the working map showed numbers only. A district gets its name where the name fits
    at the working font size (13 px): a district too narrow for the council font keeps the name here."""
    geo_ = collection(around("14", 0.1, 0.1), around("01", 0.001, 0.001))
    labels = M.district_labels(geo_, council=False, zoom=11)
    assert [(lab.district_id, lab.text, lab.named) for lab in labels] == [("14", "14 Mölschbach", True),
                                                                           ("01", "01", False)]
    d = reference.DISTRICT_BY_ID["14"]
    assert (labels[0].lat, labels[0].lon) == (d.lat, d.lon)
    # 13 px: "14 Mölschbach" is 13 · 13 · 0,55 + 4 = 96,95 px wide; a district 100 px wide takes it at
    # 80 % (77,6 px), the council font (18 px: 132,7 px, 80 % = 106,2 px) does not fit on one line
    half = 50 / PX_PER_DEG_LON_Z11
    narrow = collection(around("14", half, 0.02))
    assert M.district_labels(narrow, council=False, zoom=11)[0].text == "14 Mölschbach"
    assert M.district_labels(narrow, council=True, zoom=11)[0].text != "14 Mölschbach"


def test_council_name_where_it_fits_two_lines_when_narrow_number_when_small():
    # "14 Mölschbach": 13 · 9,9 + 4 = 132,7 px, middle 80 % = ±53,1 px = ±0,0182° at zoom 11;
    # "14\nMölschbach": 10 · 9,9 + 4 = 103 px, middle 80 % = ±41,2 px = ±0,0141°.
    wide = M.district_labels(collection(around("14", 0.05, 0.02)), council=True, zoom=11)[0]
    assert wide.text == "14 Mölschbach" and wide.named
    narrow = M.district_labels(collection(around("14", 0.016, 0.02)), council=True, zoom=11)[0]
    assert narrow.text == "14\nMölschbach" and narrow.named
    small = M.district_labels(collection(around("14", 0.005, 0.005)), council=True, zoom=11)[0]
    assert small.text == "14" and not small.named
    # zoomed out two levels the wide district is only 1/4 as many pixels across: the name no longer fits
    assert M.district_labels(collection(around("14", 0.05, 0.02)), council=True, zoom=9)[0].text == "14"


def test_council_names_never_overlap_larger_district_first():
    # 09 (7,7266 / 49,4442) and 01 (7,7788 / 49,4438) markers are 0,0522° = 152 px apart at zoom 11.
    # 09 is larger and goes first: "09 Kaiserslautern-West" is 22 · 9,9 + 4 = 221,8 px wide (±110,9 px),
    # clear of the "01" box (152 ± 11,9 px). "01 Innenstadt-Ost" at its marker (152 ± 86,2 px) would reach
    # 09's name, so 01 is labelled at the centroid of its area instead.
    assert (reference.DISTRICT_BY_ID["01"].lon - reference.DISTRICT_BY_ID["09"].lon) * PX_PER_DEG_LON_Z11 == \
        pytest.approx(152.0, abs=0.1)
    big09 = square("09", 7.60, 49.38, 7.80, 49.50)
    labels = by_id(M.district_labels(collection(big09, square("01", 7.70, 49.40, 7.90, 49.50)), True, 11))
    assert labels["09"].text == "09 Kaiserslautern-West"
    assert (labels["09"].lat, labels["09"].lon) == (49.4442, 7.7266)
    assert labels["01"].text == "01 Innenstadt-Ost"
    assert labels["01"].lon == pytest.approx(7.80) and labels["01"].lat == pytest.approx(49.45)
    # with 01's area centred on its marker the centroid is no way out; two lines (142,6 px) still reach
    # 09's name: 01 keeps its number
    labels = by_id(M.district_labels(collection(big09, around("01", 0.05, 0.03)), True, 11))
    assert labels["09"].named and labels["01"].text == "01" and not labels["01"].named


def boxes(labels, zoom: float, size: float = M.LABEL_SIZE_COUNCIL_PX) -> list[tuple]:
    out = []
    for lab in labels:
        x, y = M._pixels(lab.lon, lab.lat, zoom)
        w, h = M.label_box_px(lab.text, size)
        out.append((float(x) - w / 2, float(y) - h / 2, float(x) + w / 2, float(y) + h / 2))
    return out


@pytest.mark.parametrize("width, height, numbers_clear", [(1000, 640, True), (760, 520, True), (420, 380, False)])
def test_shipped_districts_no_overlap_inner_city_numbers_only(width, height, numbers_clear):
    districts = geo.load_districts_geojson()
    zoom = M.view_for(districts, width, height).zoom
    labels = M.district_labels(districts, council=True, zoom=zoom)
    assert len(labels) == 18
    b = boxes(labels, zoom)
    for i in range(len(b)):
        for k in range(i + 1, len(b)):
            if numbers_clear or labels[i].named or labels[k].named:  # a name never touches another label
                assert not L._overlaps(b[i], b[k], gap=0), (labels[i].text, labels[k].text)
    # on the small profile map (420 × 380 px) the inner-city districts are smaller than their numbers:
    # the numbers 01–03 touch there, but no name is drawn into them
    lab = by_id(labels)
    assert all(lab[d].text == d for d in ("01", "02", "03", "04"))  # the small inner-city districts
    for x in labels:
        assert x.text in (x.district_id, f"{x.district_id} {reference.DISTRICT_NAMES[x.district_id]}",
                          f"{x.district_id}\n{reference.DISTRICT_NAMES[x.district_id]}")


def test_shipped_districts_at_the_overview_zoom():
    districts = geo.load_districts_geojson()
    labels = by_id(M.district_labels(districts, council=True, zoom=M.view_for(districts, 1000, 640).zoom))
    assert labels["14"].text == "14 Mölschbach" and labels["15"].text == "15 Dansenberg"
    assert sum(x.named for x in labels.values()) >= 8


def test_city_map_uses_the_label_selection():
    districts = geo.load_districts_geojson()
    view = M.view_for(districts, 1000, 640)
    for council in (True, False):
        fig = json.loads(M.city_map(districts, [], council=council, view=view, width=1000, height=640).to_json())
        labels = R.objects(fig)["district-labels"]
        chosen = M.district_labels(districts, council, view.zoom)
        assert [x["text"] for x in labels] == [x.text for x in chosen]
        assert [x["position"] for x in labels] == [[round(x.lon, 6), round(x.lat, 6)] for x in chosen]
        assert fig["data"][-1]["meta"] == "district-labels"  # drawn last: markers never cover a name
        assert fig["data"][-1]["textfont"]["size"] == (M.LABEL_SIZE_COUNCIL_PX if council else M.LABEL_SIZE_PX)
    texts = [x["text"] for x in labels]
    assert sum(" " in t or "\n" in t for t in texts) >= 8  # most districts named, not only numbered


@pytest.mark.parametrize("width, height", [(1000, 600), (600, 440), (1100, 520)])
def test_the_label_zoom_is_the_figures_scale(width, height):
    """The names were chosen for the pixels of the view's zoom; the figure shows exactly that scale
    (degrees of longitude per pixel of its ranges), so a name that fits there fits on the screen."""
    districts = geo.load_districts_geojson()
    fig = M.city_map(districts, [], width=width, height=height)
    view = M.view_for(districts, width, height)
    x0, x1 = fig.layout.xaxis.range
    assert width / (x1 - x0) == pytest.approx(PX_PER_DEG_LON_Z11 * 2 ** (view.zoom - 11), rel=1e-9)
