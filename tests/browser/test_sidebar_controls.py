"""The sidebar's controls as the officer uses them in a real browser (issue #17, felt speed).

* District filter: the officer types a district, takes it with Enter, and clears the filter with the
  field's clear button (the ⊗ "Clear all") – one click, while the field still has the focus. The page
  then shows the whole city again. In Streamlit 1.67 the focused field grows by a line for long
  district names (the text input wants 3rem), leaving it shrinks the field again: the clear button
  moved away under the pointer between press and release, the click opened the list instead and the
  filter stayed (found by scripts/bench_browser.py: "Stadtteilfilter leeren" sent nothing).
* Council toggle: one click switches to the council layout with a single script run (no second run
  for folding the sidebar or for the layout), and the sidebar folds away.
"""

from __future__ import annotations

import random

from ankunft.core import names, reference

from .conftest import council_switch, wait_for_app
from .walks import fresh_start, unfold_sidebar

WORKING = {"width": 1440, "height": 900}

# Counts the script runs the page starts (stApp's data-test-script-state turning "running").
RUN_COUNTER_JS = """() => {
    const app = document.querySelector('[data-testid="stApp"]');
    window.__runs = 0;
    if (window.__runObserver) window.__runObserver.disconnect();
    window.__runObserver = new MutationObserver(() => {
        const now = app.getAttribute("data-test-script-state");
        if (now === "running" && window.__lastState !== "running") window.__runs += 1;
        window.__lastState = now;
    });
    window.__lastState = app.getAttribute("data-test-script-state");
    window.__runObserver.observe(app, {attributes: true, attributeFilter: ["data-test-script-state"]});
}"""


def district_cases(k: int = 3) -> list[str]:
    """The longest district label (the field wraps: the case that failed) and ``k`` others drawn at
    random (seeded per run of the suite, printed), not a list the code was written from."""
    labels = [names.district_label(d.id) for d in reference.DISTRICTS]
    longest = max(labels, key=len)
    seed = random.randrange(10_000)
    print("Stadtteile gezogen mit seed", seed)
    others = random.Random(seed).sample([x for x in labels if x != longest], k)
    return [longest, *others]


def filter_box(page):
    return page.locator('[data-testid="stSidebar"] [data-testid="stMultiSelect"]').filter(has_text="Stadtteile").first


def chosen_tags(page) -> list[str]:
    return filter_box(page).locator("[data-tag]").all_inner_texts()


def main_text(page) -> str:
    return page.locator('[data-testid="stMain"]').inner_text()


def test_district_filter_clear_returns_to_the_whole_city(app_server, new_page):
    page, guard = new_page()
    # the sidebar as Streamlit opens it: the browser is shared by the session, and a test before this one
    # (council mode) may have left it folded in localStorage – the filter was then outside the viewport
    fresh_start(page, app_server.url, WORKING)
    assert "Filter: ganze Stadt" in main_text(page)
    for label in district_cases():
        name = label.split(" ", 1)[1]  # typed as the officer does: the name, not the number
        filter_box(page).locator("input").click()
        options = page.locator('[role="listbox"] [role="option"]').all_inner_texts()
        assert options and not [o for o in options if "Select" in o], options  # German only, no "Select all"
        page.keyboard.type(name)
        page.keyboard.press("Enter")
        page.keyboard.press("Escape")  # the list closes, the field keeps the focus
        wait_for_app(page)
        assert chosen_tags(page) == [label]
        assert f"Filter: {label}" in main_text(page), label
        page.evaluate(RUN_COUNTER_JS)
        filter_box(page).locator('[aria-label="Clear all"]').click()  # one click, no retry
        page.wait_for_function("() => window.__runs >= 1", timeout=10_000)
        wait_for_app(page)
        assert chosen_tags(page) == [], (label, "Filter nicht geleert")
        assert "Filter: ganze Stadt" in main_text(page), label
        page.keyboard.press("Escape")
    guard.assert_clean()


def test_council_toggle_shows_the_council_layout_in_one_run(app_server, new_page):
    page, guard = new_page()
    page.set_viewport_size(WORKING)
    page.goto(app_server.url)
    wait_for_app(page)
    page.evaluate("() => localStorage.clear()")  # the sidebar as Streamlit opens it
    page.reload()
    wait_for_app(page)
    assert "Ohne Anmeldung" in page.locator('[data-testid="stSidebar"]').inner_text()
    for on in (True, False):
        unfold_sidebar(page)  # council mode folded it: the presenter opens it to switch back
        page.evaluate(RUN_COUNTER_JS)
        page.locator('[data-testid="stSidebar"]').get_by_text("Ratsmodus", exact=True).click()
        page.wait_for_function("() => window.__runs >= 1", timeout=10_000)
        wait_for_app(page)
        page.wait_for_timeout(800)  # a second run (a rerun after the toggle, a fold) would start by now
        wait_for_app(page)
        assert page.evaluate("() => window.__runs") == 1, ("Ratsmodus an" if on else "Ratsmodus aus")
        assert council_switch(page).is_checked() == on
        sidebar = page.locator('[data-testid="stSidebar"]').bounding_box()
        folded = sidebar is None or sidebar["x"] + sidebar["width"] <= 1
        assert folded == on, "Ratsmodus: Seitenleiste eingeklappt, danach wieder offen"
        main = main_text(page)
        if on:  # the council layout: the one-line stamp, tiles and map side by side, no admin hints
            assert "Datenstand:" in main and "Synthetische Beispieldaten" in main
            tiles = page.locator('[data-testid="stMetric"]').first.bounding_box()
            deck = page.locator("svg.ankunft-city-map").first.bounding_box()  # the map (the first view's SVG)
            assert deck["x"] > tiles["x"] + tiles["width"] and deck["y"] < 720, (tiles, deck)
            assert "Stadtteile" not in [t.strip() for t in page.locator(
                '[data-testid="stSidebar"] [data-testid="stWidgetLabel"]').all_inner_texts()]
        else:
            assert "Filter: ganze Stadt" in main
    guard.assert_clean()
