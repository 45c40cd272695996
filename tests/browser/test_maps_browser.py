"""The city map in a real browser (issue #17): hovering shows a plain-text tooltip (never raw tags),
the names of the districts are on the map, the mouse wheel scrolls the page instead of zooming.

The point to hover is computed from the map's own view (``maps.view_for`` as the Übersicht uses it)
with deck.gl's Web-Mercator arithmetic (``maps._pixels``), relative to the centre of the canvas.
"""

from __future__ import annotations

from ankunft.core import geo
from ankunft.plots import maps
from ankunft.storage import store as store_mod

from .conftest import exception_texts, screenshot, wait_for_app

MAP = '[data-testid="stDeckGlJsonChart"]'
TOOLTIP_JS = """() => { const t = document.querySelector('.deck-tooltip');
    if (!t || t.style.display === 'none') return null;
    return {text: t.innerText, html: t.innerHTML}; }"""
SCROLL_JS = """() => [window.scrollY, ...[...document.querySelectorAll(
    '[data-testid="stMain"], [data-testid="stAppScrollToBottomContainer"], [data-testid="stAppViewContainer"]')]
    .map(e => e.scrollTop)].reduce((a, b) => a + b, 0)"""
CONTENT_WIDTH_JS = """() => { const m = document.querySelector('[data-testid="stMainBlockContainer"]');
    const cs = getComputedStyle(m);
    return m.clientWidth - parseFloat(cs.paddingLeft) - parseFloat(cs.paddingRight); }"""
HEIGHT = 600  # the Übersicht map in working mode


def screen_point(box: dict, view, lat: float, lon: float) -> tuple[float, float]:
    """Where (lat, lon) lies on the canvas (page coordinates) for the deck's initial view."""
    x0, y0 = maps._pixels(view.longitude, view.latitude, view.zoom)
    x, y = maps._pixels(lon, lat, view.zoom)
    return box["x"] + box["width"] / 2 + float(x - x0), box["y"] + box["height"] / 2 + float(y - y0)


def hover_tooltip(page, x: float, y: float) -> dict | None:
    page.mouse.move(x - 3, y - 3)
    page.mouse.move(x, y, steps=3)
    try:
        page.wait_for_function(TOOLTIP_JS, timeout=5_000)
    except Exception:  # no tooltip appeared: the caller's assertion says where
        return None
    return page.evaluate(TOOLTIP_JS)


def test_map_tooltip_plain_text_names_and_wheel(app_server, new_page):
    page, guard = new_page()
    page.set_viewport_size({"width": 1440, "height": 900})
    page.goto(app_server.url)
    wait_for_app(page)
    deck = page.locator(MAP).first
    deck.scroll_into_view_if_needed()
    page.wait_for_timeout(800)  # deck.gl draws after the layout settles
    canvas = deck.locator("canvas").first
    box = canvas.bounding_box()
    assert box is not None and box["height"] > 300
    main_w = page.evaluate(CONTENT_WIDTH_JS)
    assert box["width"] >= 0.97 * main_w, ("Karte nicht in voller Breite", box["width"], main_w)

    store = store_mod.Store(str(app_server.db_path))
    geojson = geo.load_districts_geojson(store=store)
    view = maps.view_for(geojson, 1000, HEIGHT)
    # a district without any marker at its label point: the polygon's tooltip, plain text
    acc = store.load_state(store.latest_stichtag()).df("accommodations")
    taken = {str(d) for d in acc["district_id"].dropna()} if "district_id" in acc.columns else set()
    label = next(lab for lab in maps.district_labels(geojson, False, view.zoom)
                 if lab.named and lab.district_id not in taken)
    tip = hover_tooltip(page, *screen_point(box, view, label.lat, label.lon))
    assert tip is not None, f"kein Tooltip über Stadtteil {label.district_id}"
    name = maps.district_name(next(f for f in geojson["features"] if maps.district_id(f) == label.district_id))
    assert tip["text"].startswith(f"{label.district_id} {name}"), tip
    for raw in ("<b>", "</b>", "<br/>", "&lt;"):
        assert raw not in tip["text"], ("Tooltip zeigt Markup", tip)
    assert "<b>" not in tip["html"]  # deck.gl's text tooltip: set as innerText, no markup of ours

    # an accommodation marker: its name, then "Belegung … von … Plätzen" on the next line
    located = acc[acc["lat"].notna() & acc["lon"].notna()]
    row = located.iloc[0]
    tip = hover_tooltip(page, *screen_point(box, view, float(row["lat"]), float(row["lon"])))
    assert tip is not None, f"kein Tooltip über der Unterkunft {row['name']}"
    lines = tip["text"].split("\n")
    assert lines[0] == str(row["name"]) and lines[1].startswith("Belegung "), tip
    assert "<" not in tip["text"], tip

    # the mouse wheel over the map scrolls the page, the map keeps its zoom
    before = page.evaluate(SCROLL_JS)
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + 40)
    page.mouse.wheel(0, 400)
    page.wait_for_timeout(600)
    assert page.evaluate(SCROLL_JS) > before, "Das Mausrad scrollt die Seite nicht"
    screenshot(page, "karte_uebersicht")  # (stretches the viewport for the shot: after the hovering)
    assert not exception_texts(page)
    guard.assert_clean()
