"""Übersicht in a real browser (issue #17, district filter < 2 s): a filter or Stand change leaves the
city map in its place, drawn once; a rerun that leaves the map as it is keeps the very element (and
so the officer's zoom). Before, the map moved one slot in the page whenever the number of alerts
changed, and the browser threw it away and built it anew (then a WebGL map: ≈ 2 s of browser CPU per
filter change). A map whose content changes with the filter is a new figure for Streamlit, drawn anew
as SVG (≈ 0,2 s of browser CPU, ``scripts/bench_map.py``).
Districts drawn at random (seed printed), not the ones the page was looked at with."""

from __future__ import annotations

import random

from ankunft.core import names, reference

from .conftest import wait_for_app
from .test_sidebar_controls import WORKING, chosen_tags, filter_box
from .walks import fresh_start

MAP_SEL = "svg.ankunft-city-map"  # the first view's map (the zoomable one: test_maps_browser.py)
MARK_JS = """() => {
    const canvases = [...document.querySelectorAll('%s')];
    canvases.forEach(c => { c.__kept = true; });
    return canvases.length;
}""" % MAP_SEL
# how many maps, the heading of the map's block ("Karte"), and whether its districts are drawn
SLOT_JS = """() => {
    const maps = [...document.querySelectorAll('%s')];
    if (maps.length !== 1) return [maps.length, null, false];
    let block = maps[0].closest('[data-testid="stVerticalBlock"]');
    const heading = block && block.querySelector('h3');
    return [1, heading ? heading.innerText.trim() : null, maps[0].querySelectorAll('path.district').length > 1];
}""" % MAP_SEL
KEPT_JS = """() => {
    const canvases = [...document.querySelectorAll('%s')];
    return [canvases.length, canvases.filter(c => c.__kept === true).length];
}""" % MAP_SEL


def choose_district(page, label: str) -> None:
    filter_box(page).locator("input").click()
    page.keyboard.type(label.split(" ", 1)[1])
    page.keyboard.press("Enter")
    page.keyboard.press("Escape")
    wait_for_app(page)


def test_filter_and_stand_changes_keep_the_map_in_place(app_server, new_page):
    page, guard = new_page()
    fresh_start(page, app_server.url, WORKING)  # the sidebar open (a council test may have folded it)
    page.wait_for_selector(MAP_SEL + " path.district")
    assert page.evaluate(SLOT_JS) == [1, "Karte", True]
    seed = random.randrange(10_000)
    print("Stadtteile gezogen mit seed", seed)
    labels = random.Random(seed).sample([names.district_label(d.id) for d in reference.DISTRICTS], 3)
    texts = set()
    for label in labels:
        choose_district(page, label)
        assert chosen_tags(page)[-1] == label
        texts.add(page.locator('[data-testid="stMain"]').inner_text())
        assert page.evaluate(SLOT_JS) == [1, "Karte", True], label
    filter_box(page).locator('[aria-label="Clear all"]').click()
    wait_for_app(page)
    assert chosen_tags(page) == []
    assert len(texts) == len(labels)  # each filter really changed the page
    box = page.locator('[data-testid="stSelectbox"]').filter(has_text="Stand").first
    box.click()
    page.locator('[role="option"]').nth(1).click()  # an older Stand
    wait_for_app(page)
    assert page.evaluate(SLOT_JS) == [1, "Karte", True], "älterer Stand"
    # a rerun that leaves the map as it is (the watch list opened): the same element, zoom and all
    assert page.evaluate(MARK_JS) == 1
    page.get_by_text("Zum Beobachten").first.click()
    wait_for_app(page)
    assert page.evaluate(KEPT_JS) == [1, 1], "Karte bei unveränderter Karte neu aufgebaut"
    guard.assert_clean()
