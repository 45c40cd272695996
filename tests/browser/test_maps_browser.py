"""The city map in a real browser (issue #17). The first view draws it as an SVG image: full width, the
district names on top and never covered by a marker, hovering a district or a marker gives its plain-text
tooltip (the SVG ``<title>`` of the element under the mouse, kept by Streamlit's sanitiser). The button
"Interaktive Karte (zoomen)" opens the zoomable plotly map (kept for the session): hovering shows a
plain-text tooltip (never raw tags), the names are over the markers, the mouse wheel scrolls the page
instead of zooming, a zoom is kept across a rerun that leaves the map as it is, and "Ansicht zurücksetzen"
shows the whole city again. (A map whose content changes – another layer, another filter – is drawn
anew from its first view: Streamlit's plotly element starts a changed figure from its spec.)

The point to hover is computed with the figure's own axes in the page (plotly's ``l2p`` of the drawn
x and y axis), so it holds at whatever width the browser gives the map.
"""

from __future__ import annotations

from ankunft.core import geo
from ankunft.plots import maps
from ankunft.storage import store as store_mod
from ankunft.ui import widgets

from .conftest import exception_texts, open_via_sidebar, screenshot, wait_for_app

MAP = '[data-testid="stPlotlyChart"]:has(.js-plotly-plot)'
GD = f"document.querySelector('{MAP} .js-plotly-plot')"
POINT_JS = f"""([lon, lat]) => {{ const gd = {GD}; const L = gd._fullLayout; const r = gd.getBoundingClientRect();
    return [r.left + L.xaxis._offset + L.xaxis.l2p(lon), r.top + L.yaxis._offset + L.yaxis.l2p(lat)]; }}"""
RANGE_JS = f"() => {{ const L = {GD}._fullLayout; return [...L.xaxis.range, ...L.yaxis.range]; }}"
SCALE_JS = f"() => {{ const x = {GD}._fullLayout.xaxis; return x._length / (x.range[1] - x.range[0]); }}"
TOOLTIP_JS = """() => { const t = document.querySelector('.hoverlayer .hovertext text.nums');
    if (!t) return null;
    const lines = [...t.querySelectorAll('tspan.line')];
    return {text: lines.length ? lines.map(l => l.textContent).join('\\n') : t.textContent, html: t.innerHTML}; }"""
LABELS_ON_TOP_JS = f"""() => {{ const traces = [...{GD}.querySelectorAll('.scatterlayer .trace')];
    const last = traces[traces.length - 1];
    return {{texts: [...last.querySelectorAll('.textpoint text')].map(t => t.textContent),
             markersBefore: traces.slice(0, -1).some(t => t.querySelector('.points path'))}}; }}"""
SCROLL_JS = """() => [window.scrollY, ...[...document.querySelectorAll(
    '[data-testid="stMain"], [data-testid="stAppScrollToBottomContainer"], [data-testid="stAppViewContainer"]')]
    .map(e => e.scrollTop)].reduce((a, b) => a + b, 0)"""
CONTENT_WIDTH_JS = """() => { const m = document.querySelector('[data-testid="stMainBlockContainer"]');
    const cs = getComputedStyle(m);
    return m.clientWidth - parseFloat(cs.paddingLeft) - parseFloat(cs.paddingRight); }"""


def hover_tooltip(page, lon: float, lat: float) -> dict | None:
    x, y = page.evaluate(POINT_JS, [lon, lat])
    page.mouse.move(x - 3, y - 3)
    page.mouse.move(x, y, steps=3)
    try:
        page.wait_for_function(TOOLTIP_JS, timeout=5_000)
    except Exception:  # no tooltip appeared: the caller's assertion says where
        return None
    return page.evaluate(TOOLTIP_JS)


def assert_plain(tip: dict) -> None:
    for raw in ("<b>", "</b>", "<br", "&lt;", "&amp;"):
        assert raw not in tip["text"], ("Tooltip zeigt Markup", tip)
    assert "bold" not in tip["html"] and "<b>" not in tip["html"], tip  # no markup of ours drawn


SVG = "svg.ankunft-city-map"
# the element the mouse is over (the innermost of :hover) and its SVG <title>, as the browser shows it
HOVERED_JS = """() => { const h = [...document.querySelectorAll(':hover')].pop();
    const t = h && h.querySelector(':scope > title');
    return h ? {tag: h.tagName, cls: h.getAttribute('class'), title: t ? t.textContent : null} : null; }"""
# every label: its text, and which element lies on top at the middle of each of its lines
# (the labels let the mouse through: for the look-up they take it for a moment)
LABELS_JS = """(sel) => { const all = [...document.querySelectorAll(sel + ' text.label')];
    all.forEach(t => t.setAttribute('pointer-events', 'auto'));
    const out = all.map(t => ({
    id: t.dataset.district, text: [...t.querySelectorAll('tspan')].map(s => s.textContent).join('\\n'),
    top: [...t.querySelectorAll('tspan')].map(s => { const r = s.getBoundingClientRect();
        const e = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
        return e ? (e.closest('text') === t) : false; }),
    after: [...document.querySelectorAll(sel + ' circle')].every(c =>
        c.compareDocumentPosition(t) & Node.DOCUMENT_POSITION_FOLLOWING)}));
    all.forEach(t => t.setAttribute('pointer-events', 'none'));
    return out; }"""


def svg_point(page, lon: float, lat: float) -> tuple[float, float]:
    """Where a lon/lat lies on the drawn SVG map (its viewBox scaled to the drawn box)."""
    box = page.locator(SVG).bounding_box()
    w, h = (float(v) for v in page.locator(SVG).get_attribute("viewBox").split()[2:])
    x, y = page.evaluate(SVG_XY_JS, [lon, lat])
    return box["x"] + x * box["width"] / w, box["y"] + y * box["height"] / h


SVG_XY_JS = "([lon, lat]) => window.__svgXY ? window.__svgXY(lon, lat) : null"


def _as_placed(texts: list[str], labels, joined: bool = False) -> bool:
    """The drawn district names are the placed ones: each district's label as placed without markers, or its bare
    number where the name gave way to the markers drawn under it (maps.district_labels with markers; the exact
    placement is tested in tests/unit/plots/test_maps_labels_markers.py)."""
    def shown(text):
        return text.replace("\n", "") if joined else text
    want = sorted(labels, key=lambda lab: lab.district_id)
    got = sorted(texts, key=lambda t: t.split()[0][:2])
    return len(got) == len(want) and all(t in (shown(lab.text), lab.district_id) for t, lab in zip(got, want))


def test_svg_map_first_view_full_width_labels_on_top_and_tooltips(app_server, new_page):
    page, guard = new_page()
    page.set_viewport_size({"width": 1440, "height": 900})
    page.goto(app_server.url)
    wait_for_app(page)
    svg = page.locator(SVG)
    svg.scroll_into_view_if_needed()
    assert page.locator(MAP).count() == 0  # the first view loads no plotly map
    box = svg.bounding_box()
    main_w = page.evaluate(CONTENT_WIDTH_JS)
    assert box["width"] >= 0.97 * main_w and box["height"] >= 550, ("Karte nicht in voller Breite", box, main_w)

    store = store_mod.Store(str(app_server.db_path))
    geojson = geo.load_districts_geojson(store=store)
    labels = maps.district_labels(geojson, False, maps.view_for(geojson, 1000, 600).zoom)
    drawn = page.evaluate(LABELS_JS, SVG)
    assert _as_placed([d["text"] for d in drawn], labels)
    assert sum(lab.named for lab in labels) >= 8
    covered = [d for d in drawn if not all(d["top"]) or not d["after"]]
    assert not covered, ("Stadtteilnamen verdeckt", covered)

    # the map's own projection: the same ranges as the plotly map (maps.axis_ranges)
    (x0, x1), (y0, y1) = maps.axis_ranges(maps.view_for(geojson, 1000, 600), 1000, 600)
    page.evaluate(f"""() => {{ window.__svgXY = (lon, lat) =>
        [(lon - {x0}) / ({x1} - {x0}) * 1000, ({y1} - lat) / ({y1} - {y0}) * 600]; }}""")

    # a district without any marker at its label point: the mouse on its name reaches the district
    acc = store.load_state(store.latest_stichtag()).df("accommodations")
    taken = {str(d) for d in acc["district_id"].dropna()} if "district_id" in acc.columns else set()
    label = next(lab for lab in labels if lab.named and lab.district_id not in taken)
    page.mouse.move(*svg_point(page, label.lon, label.lat), steps=3)
    hovered = page.evaluate(HOVERED_JS)
    name = maps.district_name(next(f for f in geojson["features"] if maps.district_id(f) == label.district_id))
    assert hovered["tag"] == "path" and hovered["title"].split("\n")[0] == f"{label.district_id} {name}", hovered
    # an accommodation marker: its name, then "Belegung … von … Plätzen", plain text
    row = acc[acc["lat"].notna() & acc["lon"].notna()].iloc[0]
    page.mouse.move(*svg_point(page, float(row["lon"]), float(row["lat"])), steps=3)
    hovered = page.evaluate(HOVERED_JS)
    lines = hovered["title"].split("\n")
    assert hovered["tag"] == "circle" and lines[0] == str(row["name"]) and lines[1].startswith("Belegung "), hovered
    assert not [x for x in ("<b>", "<br", "&lt;", "&amp;") if x in hovered["title"]], hovered
    screenshot(page, "karte_uebersicht_svg")
    assert not exception_texts(page)
    guard.assert_clean()


def test_map_tooltip_plain_text_names_wheel_and_reset(app_server, new_page):
    page, guard = new_page()
    page.set_viewport_size({"width": 1440, "height": 900})
    page.goto(app_server.url)
    wait_for_app(page)
    page.get_by_role("button", name=widgets.INTERACTIVE_LABEL).click()  # the zoomable map, on request
    wait_for_app(page)
    chart = page.locator(MAP).first
    chart.scroll_into_view_if_needed()
    page.wait_for_function(f"() => !!{GD} && !!{GD}._fullLayout")
    box = chart.bounding_box()
    assert box is not None and box["height"] >= 550
    main_w = page.evaluate(CONTENT_WIDTH_JS)
    assert box["width"] >= 0.97 * main_w, ("Karte nicht in voller Breite", box["width"], main_w)

    store = store_mod.Store(str(app_server.db_path))
    geojson = geo.load_districts_geojson(store=store)
    view = maps.view_for(geojson, 1000, 600)
    labels = maps.district_labels(geojson, False, view.zoom)
    # drawn at the scale the names were placed for, also after the window was narrower for a while
    # (plotly widened the ranges of a narrow map and kept them: names then ran out of their districts)
    # (the page's width estimate of 1.000 px may be a little wide: a map narrower by a few per cent)
    scale = page.evaluate(SCALE_JS)
    assert 0.97 < scale / view.px_per_deg_lon() <= 1.0001, (scale, view)
    page.set_viewport_size({"width": 900, "height": 900})
    page.wait_for_timeout(800)
    page.set_viewport_size({"width": 1440, "height": 900})
    page.wait_for_timeout(800)
    assert abs(page.evaluate(SCALE_JS) / scale - 1) < 0.005, "Maßstab nach Fensteränderung"
    # the names are drawn, in the last trace: over every marker
    drawn = page.evaluate(LABELS_ON_TOP_JS)
    assert drawn["markersBefore"], drawn
    assert _as_placed(drawn["texts"], labels, joined=True), drawn
    assert sum(lab.named for lab in labels) >= 8

    # a district without any marker at its label point: the polygon's tooltip, plain text
    acc = store.load_state(store.latest_stichtag()).df("accommodations")
    taken = {str(d) for d in acc["district_id"].dropna()} if "district_id" in acc.columns else set()
    label = next(lab for lab in labels if lab.named and lab.district_id not in taken)
    tip = hover_tooltip(page, label.lon, label.lat)
    assert tip is not None, f"kein Tooltip über Stadtteil {label.district_id}"
    name = maps.district_name(next(f for f in geojson["features"] if maps.district_id(f) == label.district_id))
    assert tip["text"].startswith(f"{label.district_id} {name}"), tip
    assert_plain(tip)

    # an accommodation marker: its name, then "Belegung … von … Plätzen" on the next line
    located = acc[acc["lat"].notna() & acc["lon"].notna()]
    row = located.iloc[0]
    tip = hover_tooltip(page, float(row["lon"]), float(row["lat"]))
    assert tip is not None, f"kein Tooltip über der Unterkunft {row['name']}"
    lines = tip["text"].split("\n")
    assert lines[0] == str(row["name"]) and lines[1].startswith("Belegung "), tip
    assert_plain(tip)

    # the mouse wheel over the map scrolls the page, the map keeps its zoom
    first = page.evaluate(RANGE_JS)
    before = page.evaluate(SCROLL_JS)
    # the pointer on a visible part of the map (the hovers above may have scrolled its top out of view)
    box = chart.bounding_box()
    height = page.viewport_size["height"]
    top, bottom = max(box["y"], 0), min(box["y"] + box["height"], height)
    assert bottom - top > 80, ("Karte nicht sichtbar", box)
    page.mouse.move(box["x"] + box["width"] / 2, top + 40)
    page.mouse.wheel(0, 400)
    page.wait_for_timeout(600)
    after = page.evaluate(SCROLL_JS)
    if after == before:  # the page was already at its end (a folded sidebar makes it shorter): upwards
        page.mouse.wheel(0, -400)
        page.wait_for_timeout(600)
        after = page.evaluate(SCROLL_JS)
    assert after != before, "Das Mausrad scrollt die Seite nicht"
    assert page.evaluate(RANGE_JS) == first, "Das Mausrad hat die Karte gezoomt"

    # a box drawn with the mouse zooms in; a rerun that leaves the map as it is (the watch list opened)
    # keeps that zoom; the button "Ansicht zurücksetzen" shows the whole city again
    chart.scroll_into_view_if_needed()
    box = chart.bounding_box()
    cx, cy = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    page.mouse.move(cx - 120, cy - 80)
    page.mouse.down()
    page.mouse.move(cx + 120, cy + 80, steps=8)
    page.mouse.up()
    page.wait_for_timeout(500)
    zoomed = page.evaluate(RANGE_JS)
    assert zoomed[1] - zoomed[0] < 0.5 * (first[1] - first[0]), (first, zoomed)
    page.get_by_text("Zum Beobachten").first.click()
    wait_for_app(page)
    page.wait_for_timeout(300)
    kept = page.evaluate(RANGE_JS)
    assert [round(v, 6) for v in kept] == [round(v, 6) for v in zoomed], ("Zoom nach der Änderung verloren", kept)
    page.get_by_role("button", name=widgets.MAP_RESET_LABEL).first.click()
    wait_for_app(page)
    page.wait_for_timeout(300)
    assert [round(v, 6) for v in page.evaluate(RANGE_JS)] == [round(v, 6) for v in first]
    screenshot(page, "karte_uebersicht")  # (stretches the viewport for the shot: after the hovering)
    # the choice is kept for the session: back from another page, the zoomable map again; "Einfache
    # Karte" brings the SVG image back
    open_via_sidebar(page, "Stadtteilprofil")
    open_via_sidebar(page, "Übersicht")
    page.locator(MAP).first.wait_for()
    assert page.locator(SVG).count() == 0
    page.get_by_role("button", name=widgets.SIMPLE_LABEL).click()
    wait_for_app(page)
    page.locator(SVG).wait_for()
    assert page.locator(MAP).count() == 0
    assert not exception_texts(page)
    guard.assert_clean()
