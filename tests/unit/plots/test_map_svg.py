"""The Übersicht's city map as server-side SVG (issue #17): well-formed for any name, every district
drawn once with its hover text, names escaped and never covered by a marker, the layers and the focus
area as the plotly map draws them, at the same places."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from ankunft.core import geo, palette
from ankunft.plots import map_svg, maps
from tests.security.hostile import ACTIVE

NS = "{http://www.w3.org/2000/svg}"
# names as a data export may hold them: markup characters, quotes, umlauts, line breaks; no control
# characters (an export cannot carry them and XML cannot either)
NAMES = st.text(alphabet=st.characters(exclude_categories=("Cs", "Cc"), include_characters="<>&\"'\n"),
                min_size=1, max_size=30).filter(lambda s: s.strip())


def _square(did: str, x: float, y: float, size: float, name: str) -> dict:
    ring = [[x, y], [x + size, y], [x + size, y + size], [x, y + size], [x, y]]
    return {"type": "Feature", "properties": {"district_id": did, "name": name},
            "geometry": {"type": "Polygon", "coordinates": [ring]}}


def _accommodations(names: list[str], lats: list[float], lons: list[float]) -> pd.DataFrame:
    n = len(names)
    return pd.DataFrame({"name": names, "lat": lats, "lon": lons, "occupancy": [10 * (i + 1) for i in range(n)],
                         "capacity": [50] * n, "utilisation": [0.2 * (i + 1) for i in range(n)],
                         "status": ["in Betrieb"] * n, "flag_labels": [""] * n})


def _parse(markup: str) -> ET.Element:
    """The SVG element of the map's markup: one line, one <div> (a raw HTML block for markdown) around it."""
    assert "\n" not in markup and "\r" not in markup
    block = ET.fromstring(markup)  # raises on anything not well-formed
    assert block.tag == "div" and len(block) == 1 and block[0].tag == f"{NS}svg"
    return block[0]


def _title(el: ET.Element) -> str:
    return el.find(f"{NS}title").text or ""


def _cls(root: ET.Element, name: str) -> list[ET.Element]:
    return [el for el in root.iter() if name in (el.get("class") or "").split()]


@settings(max_examples=40, deadline=None)
@given(names=st.lists(NAMES, min_size=1, max_size=9), place_names=st.lists(NAMES, min_size=0, max_size=5),
       pick=st.data(), council=st.booleans())
def test_any_names_give_a_well_formed_map_with_their_text(names, place_names, pick, council):
    feats = [_square(f"{i + 1:02d}", 7.70 + 0.03 * (i % 3), 49.40 + 0.03 * (i // 3), 0.028, name)
             for i, name in enumerate(names)]
    gj = {"type": "FeatureCollection", "features": feats}
    ids = [f"{i + 1:02d}" for i in range(len(names))]
    focus = pick.draw(st.sets(st.sampled_from(ids)))
    values = {did: pick.draw(NAMES) for did in pick.draw(st.sets(st.sampled_from(ids)))}
    lats = [49.41 + 0.01 * k for k in range(len(place_names))]
    lons = [7.71 + 0.015 * k for k in range(len(place_names))]
    layer = maps.accommodation_layer(_accommodations(place_names, lats, lons))
    root = _parse(map_svg.city_svg(gj, [layer], council=council, focus_ids=sorted(focus), district_values=values))

    districts = _cls(root, "district")
    assert sorted(el.get("data-district") for el in districts) == ids  # every district once
    for el in districts:
        did = el.get("data-district")
        lines = _title(el).split("\n")
        name = names[int(did) - 1]
        expected = f"{did} {name}".split("\n") + (["Fokusgebiet"] if did in focus else []) + \
            (values[did].split("\n") if did in values else [])
        assert lines == expected  # the data as written, unescaped by the browser's parser
    in_focus = [el.get("data-district") in focus for el in districts]
    assert in_focus == sorted(in_focus)  # the focus area drawn last, its border on top
    assert all(el.get("stroke") == palette.ACCENT for el in districts if el.get("data-district") in focus)

    markers = _cls(root, "marker")
    assert [_title(m).split("\n")[0] for m in markers] == [n.split("\n")[0] for n in place_names]

    labels = _cls(root, "label")
    # placed at the drawing's own scale (city_svg's default 1000 × 520): at another zoom a long name may
    # wrap differently (found by hypothesis: "03 000…" on one line at 1000 px, two lines at 760 px)
    zoom = maps.view_for(gj, 1000, 520).zoom
    expected_labels = {lab.district_id: lab.text for lab in maps.district_labels(gj, council, zoom)}
    assert {el.get("data-district"): "\n".join(t.text or "" for t in el) for el in labels} == expected_labels
    order = list(root)
    assert all(order.index(m) < order.index(labels[0]) for m in markers)  # names over every marker
    assert all(el.get("pointer-events") == "none" for el in labels)  # … and the mouse reaches the marker


def test_nothing_active_passes_into_the_markup():
    gj = {"type": "FeatureCollection", "features": [
        _square("01", 7.7, 49.4, 0.03, '<script>alert("x")</script>'),
        _square("02", 7.73, 49.4, 0.03, '" onmouseover="alert(1)'),
        _square("03", 7.76, 49.4, 0.03, "**fett** [x](javascript:alert(1)) :red[rot] $x^2$ _kursiv_ `code` # Titel")]}
    layer = maps.accommodation_layer(_accommodations(["<img src=x onerror=alert(1)>"], [49.41], [7.71]))
    svg = map_svg.city_svg(gj, [layer])
    root = _parse(svg)
    assert not [p for p in ACTIVE if re.search(p, svg)]  # no markup a markdown renderer could read
    tags = {el.tag.replace(NS, "") for el in root.iter()}
    assert tags <= {"svg", "path", "circle", "text", "tspan", "title"}
    assert not [a for el in root.iter() for a in el.attrib if a.lower().startswith("on") or a.endswith("href")]
    assert "<script" not in svg and "<img" not in svg


def test_real_city_every_district_named_layers_and_council_cells():
    gj = geo.load_districts_geojson()
    n = len(gj["features"])
    points = pd.DataFrame({"lat": [49.44 + 0.0004 * k for k in range(12)], "lon": [7.76 + 0.0004 * k for k in range(12)],
                           "address": [f"Weg {k}" for k in range(12)], "defects": ["Schimmel"] * 12})
    defects = maps.defect_layer(points)
    working = _parse(map_svg.city_svg(gj, [defects], council=False))
    assert len(_cls(working, "district")) == n and len(_cls(working, "label")) == n
    assert len(_cls(working, "marker")) == 12 and not _cls(working, "cell")
    assert {_title(m) for m in _cls(working, "marker")} == {f"Weg {k}\nSchimmel" for k in range(12)}
    council = _parse(map_svg.city_svg(gj, [defects], council=True, height=440, width=600))
    assert not _cls(council, "marker")  # one point = one flat: the council sees grid cells only
    cells = _cls(council, "cell")
    classes = {f"{defects.label}: {c.label}" for c in maps.cell_classes(maps.STANDARDS.suppression_threshold + 1)}
    assert cells and {_title(c) for c in cells} <= classes  # the class only, never a count
    named = [lab for lab in maps.district_labels(gj) if lab.named]
    assert len(named) >= n // 2  # most districts carry their name, not only their number


@settings(max_examples=6, deadline=None)
@given(k=st.integers(1, 8), w=st.integers(400, 1200), h=st.integers(300, 800))
def test_markers_sit_where_the_plotly_map_puts_them(k, w, h):
    gj = geo.load_districts_geojson()
    lats = [49.42 + 0.007 * i for i in range(k)]
    lons = [7.72 + 0.011 * i for i in range(k)]
    layer = maps.accommodation_layer(_accommodations([f"U{i}" for i in range(k)], lats, lons))
    fig = maps.city_map(gj, [layer], height=h, width=w)
    (x0, x1), (y0, y1) = fig.layout.xaxis.range, fig.layout.yaxis.range
    root = _parse(map_svg.city_svg(gj, [layer], height=h, width=w))
    assert root.get("viewBox") == f"0 0 {w} {h}"
    for m, lat, lon in zip(_cls(root, "marker"), lats, lons):
        assert abs(float(m.get("cx")) - (lon - x0) / (x1 - x0) * w) < 0.1
        assert abs(float(m.get("cy")) - (y1 - lat) / (y1 - y0) * h) < 0.1


def test_layers_follow_the_toggles_and_an_empty_map_is_a_picture():
    gj = geo.load_districts_geojson()
    services = pd.DataFrame({"lat": [49.44], "lon": [7.77], "name": ["Kita & Hort"], "category": ["Kita"],
                             "capacity": [40]})
    with_services = _parse(map_svg.city_svg(gj, [maps.service_layer(services)]))
    assert [_title(m) for m in _cls(with_services, "marker")] == ["Kita & Hort\nKita\nPlätze: 40"]
    assert not _cls(_parse(map_svg.city_svg(gj, [])), "marker")
    empty = _parse(map_svg.city_svg({"type": "FeatureCollection", "features": []}, []))
    assert not list(empty.iter(f"{NS}path"))


def test_the_preload_finds_streamlits_plotly_chunk():
    """The page's idle-time import names the chunk Streamlit's own code loads for a plotly chart (found in
    the installed Streamlit, so an upgrade that renames or drops it fails here, not silently in the browser)."""
    from pathlib import Path

    import streamlit

    from ankunft.ui import widgets

    js = Path(streamlit.__file__).parent / "static" / "static" / "js"
    assert widgets.PLOTLY_CHUNK and (js / widgets.PLOTLY_CHUNK).is_file()
    assert any(widgets.PLOTLY_CHUNK.encode() in p.read_bytes() for p in js.glob("index.*.js"))
    script = widgets.PRELOAD_SCRIPT.replace("__CHUNK__", widgets.PLOTLY_CHUNK)
    assert f'new URL("{widgets.PLOTLY_CHUNK}", index.src)' in script and "__CHUNK__" not in script


@settings(max_examples=60, deadline=None)
@given(colour=st.text(alphabet=st.characters(exclude_categories=("Cs",)), max_size=40))
def test_a_colour_is_written_only_as_rrggbb(colour):
    """Whatever a layer carried as its colour, the markup holds a ``#rrggbb`` fill (else the palette's
    grey): no text reaches the attribute but a hex colour."""
    layer = maps.accommodation_layer(_accommodations(["A"], [49.41], [7.71]))
    layer.points["colour"] = [colour]
    gj = {"type": "FeatureCollection", "features": [_square("01", 7.7, 49.4, 0.03, "Mitte")]}
    root = _parse(map_svg.city_svg(gj, [layer]))
    [marker] = _cls(root, "marker")
    expected = colour if re.fullmatch(r"#[0-9A-Fa-f]{6}", colour) else palette.GREY
    assert marker.get("fill") == expected
