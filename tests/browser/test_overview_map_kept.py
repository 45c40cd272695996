"""Übersicht in a real browser (issue #17, district filter < 2 s): a filter or Stand change updates the
city map in place. The browser keeps the map's canvas (its WebGL context and compiled programs);
before, the map moved one slot in the page whenever the number of alerts changed, and the browser
threw it away and set up WebGL again (≈ 2 s of browser CPU per filter change, software GL).
Districts drawn at random (seed printed), not the ones the page was looked at with."""

from __future__ import annotations

import random

from ankunft.core import names, reference

from .conftest import wait_for_app
from .test_sidebar_controls import WORKING, chosen_tags, filter_box

MARK_JS = """() => {
    const canvases = [...document.querySelectorAll('[data-testid="stDeckGlJsonChart"] canvas')];
    canvases.forEach(c => { c.__kept = true; });
    return canvases.length;
}"""
KEPT_JS = """() => {
    const canvases = [...document.querySelectorAll('[data-testid="stDeckGlJsonChart"] canvas')];
    return [canvases.length, canvases.filter(c => c.__kept === true).length];
}"""


def choose_district(page, label: str) -> None:
    filter_box(page).locator("input").click()
    page.keyboard.type(label.split(" ", 1)[1])
    page.keyboard.press("Enter")
    page.keyboard.press("Escape")
    wait_for_app(page)


def test_filter_and_stand_changes_keep_the_map(app_server, new_page):
    page, guard = new_page()
    page.set_viewport_size(WORKING)
    page.goto(app_server.url)
    wait_for_app(page)
    page.wait_for_selector('[data-testid="stDeckGlJsonChart"] canvas')
    assert page.evaluate(MARK_JS) >= 1
    seed = random.randrange(10_000)
    print("Stadtteile gezogen mit seed", seed)
    labels = random.Random(seed).sample([names.district_label(d.id) for d in reference.DISTRICTS], 3)
    texts = set()
    for label in labels:
        choose_district(page, label)
        assert chosen_tags(page)[-1] == label
        texts.add(page.locator('[data-testid="stMain"]').inner_text())
        total, kept = page.evaluate(KEPT_JS)
        assert total >= 1 and kept == total, (label, total, kept)
    filter_box(page).locator('[aria-label="Clear all"]').click()
    wait_for_app(page)
    assert chosen_tags(page) == []
    assert len(texts) == len(labels)  # each filter really changed the page
    box = page.locator('[data-testid="stSelectbox"]').filter(has_text="Stand").first
    box.click()
    page.locator('[role="option"]').nth(1).click()  # an older Stand
    wait_for_app(page)
    total, kept = page.evaluate(KEPT_JS)
    assert total >= 1 and kept == total, ("älterer Stand", total, kept)
    guard.assert_clean()
