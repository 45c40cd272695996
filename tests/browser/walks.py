"""One walk over every page per mode, shared by the tests that check those pages (CI time).

Opening a page in the browser is what costs (the script run, the charts, the map); several tests
used to walk all eight pages each in the same mode. Now each mode is walked once per test session
(fixtures ``working_walk`` and ``council_walk`` in conftest.py) and the walk records what every
test asserts — per page, in the state the test used to see it — and the tests assert on the record.
A walk that cannot finish (a missing navigation link, a page that never settles) fails every test
that uses it, with a screenshot ``FEHLER_<walk>.png``.

Measured on 06.12.2026 (pytest -n 0 tests/browser --durations, 2 cores, load 14-18): the seven tests
now fed by the two walks took 689 s (97 + 175 + 129 + 95 + 80 + 66 + 46) with a walk each; the two
walks take 362 s (187 + 175) and the tests themselves < 0,1 s.

* Working mode (1440×900, the sidebar open as Streamlit opens it): every page via the sidebar with
  its screenshot; on Übersicht, Unterkünfte and Wohnqualität the toolbars after hovering; on
  Unterkünfte the tabs, the grid's height and the tab "Einzelne Unterkunft".
* Council mode at projector size (1280×720): every page opened via the sidebar; with the sidebar
  folded away (as the presenter shows it) the first screen, the tables and the tile labels; with the
  sidebar open (as the presenter navigates) the width, the title, the admin controls and the
  screenshots council_NN_<page>. Council mode is switched on at the start (the sidebar folds away)
  and off at the end (the sidebar stays open).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .conftest import (
    SCREENSHOTS,
    council_switch,
    exception_texts,
    guard_page,
    open_via_sidebar,
    screenshot,
    wait_for_app,
)

PROJECTOR = {"width": 1280, "height": 720}
WORKING = {"width": 1440, "height": 900}
DASHBOARDS = ("Übersicht", "Unterkünfte", "Wohnqualität", "Soziale Infrastruktur", "Szenarien")
TOOLBAR_PAGES = ("Übersicht", "Unterkünfte", "Wohnqualität")
SINGLE_SITE_NOTE = "Bewohner nur zusammengefasst; keine Einzelpersonen."

SIDEBAR_JS = """() => { const s = document.querySelector('[data-testid="stSidebar"]');
    if (!s) return 0; const r = s.getBoundingClientRect(); return Math.max(0, r.right); }"""

FIRST_SCREEN_JS = """() => {
    const box = e => { const r = e.getBoundingClientRect(); return [r.top, r.bottom, r.height]; };
    const visible = e => e.getBoundingClientRect().height > 0;
    const all = s => [...document.querySelectorAll(s)].filter(visible).map(box);
    const charts = all('[data-testid="stPlotlyChart"], [data-testid="stDeckGlJsonChart"], svg.ankunft-city-map')
        .sort((a, b) => a[0] - b[0]);
    return {title: all('h1')[0] || null, headline: all('[data-testid="stMarkdown"] h4')[0] || null,
            tiles: all('[data-testid="stMetric"]'), chart: charts[0] || null};
}"""

TABLES_JS = """() => [...document.querySelectorAll('[data-testid="stDataFrame"], [data-testid="stTable"]')]
    .filter(t => t.getBoundingClientRect().height > 0 && t.getBoundingClientRect().width > 0
                 && (t.dataset.testid === 'stTable' || t.querySelector('.dvn-scroller')))  // drawn, not in a closed expander
    .map(t => { const s = t.querySelector('.dvn-scroller') || t;
                return [s.scrollWidth, s.clientWidth, t.getBoundingClientRect().right,
                        (t.innerText || '').slice(0, 40)]; })"""

LABELS_JS = """() => [...document.querySelectorAll('[data-testid="stMetricLabel"] p')]
    .filter(p => p.getBoundingClientRect().height > 0)
    .map(p => { const tile = p.closest('[data-testid="stMetric"]').getBoundingClientRect();
                const r = document.createRange(); r.selectNodeContents(p); const t = r.getBoundingClientRect();
                return [p.innerText, t.right - tile.right, getComputedStyle(p).hyphens, getComputedStyle(p).overflowWrap,
                        getComputedStyle(p).wordBreak]; })"""

WIDTH_JS = """() => { const m = document.querySelector('[data-testid="stMain"]');
    return [document.documentElement.scrollWidth, m ? m.scrollWidth : 0, m ? m.clientWidth : 0]; }"""

TOOLBARS_JS = """() => [...document.querySelectorAll('.modebar, [data-testid="stElementToolbar"]')]
    .filter(e => e.getBoundingClientRect().height > 0 && getComputedStyle(e).display !== 'none'
                 && getComputedStyle(e).visibility !== 'hidden').map(e => e.className || e.dataset.testid)"""


def sidebar_width(page) -> float:
    return float(page.evaluate(SIDEBAR_JS))


def unfold_sidebar(page) -> None:
    if sidebar_width(page) == 0:
        page.get_by_test_id("stExpandSidebarButton").click()
        page.wait_for_function(f"() => ({SIDEBAR_JS})() > 200")
        page.wait_for_timeout(300)  # charts re-layout to the narrower main area


def fold_sidebar(page) -> None:
    if sidebar_width(page) > 0:
        page.get_by_test_id("stSidebarCollapseButton").locator("button").first.click()
        page.wait_for_function(f"() => ({SIDEBAR_JS})() === 0")
        page.wait_for_timeout(300)  # charts re-layout to the wider main area


def fresh_start(page, url: str, viewport: dict) -> None:
    """Open the app at ``viewport`` with the sidebar as Streamlit opens it: Streamlit remembers a
    hand-folded sidebar per browser (localStorage), and the browser is shared by the whole session."""
    page.set_viewport_size(viewport)
    page.goto(url)
    wait_for_app(page)
    page.evaluate("() => localStorage.clear()")
    page.reload()
    wait_for_app(page)


@dataclass
class Walk:
    """What one walk saw: per page title a dict of observations; the guard's problems at the end."""

    pages: dict[str, dict] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    log: str = ""  # the server log written during the walk
    start: dict = field(default_factory=dict)  # observations before the first page
    end: dict = field(default_factory=dict)  # observations after the last page


def run_walk(browser_context, name: str, steps) -> Walk:
    """Open a guarded tab, run ``steps(page, walk)``, record the guard; screenshot on failure."""
    page = browser_context.new_page()
    guard = guard_page(page)
    walk = Walk()
    try:
        steps(page, walk)
    except BaseException:
        try:
            screenshot(page, f"FEHLER_{name}")
        except Exception:  # the page may be gone; the failure itself is what matters
            pass
        raise
    finally:
        walk.problems = guard.problems()
        page.close()
    return walk


def working_steps(server, pages: list[tuple[str, str]], slug, url_path):
    """Working mode: every page of ``pages`` ((title, file) in navigation order) via the sidebar."""

    def steps(page, walk: Walk) -> None:
        log_start = len(server.log_text())
        fresh_start(page, server.url, WORKING)
        for i, (title, file) in enumerate(pages):
            if i > 0:
                open_via_sidebar(page, title)
            seen = walk.pages[title] = {
                "url": page.url, "h1": page.locator("h1", has_text=title).count(),
                "exceptions": exception_texts(page), "path": url_path(file),
            }
            screenshot(page, slug(i, title))
            if title in TOOLBAR_PAGES:
                seen["toolbars"] = toolbars_after_hover(page)
            if title == "Unterkünfte":
                seen.update(unterkuenfte_tabs(page))
            seen["exceptions_after"] = exception_texts(page)
        walk.log = server.log_text()[log_start:]

    return steps


def toolbars_after_hover(page) -> list[str]:
    """Hover the first table, chart and map; the toolbars then shown (plotly's mode bar, Streamlit's)."""
    for selector in ('[data-testid="stDataFrame"]', '[data-testid="stPlotlyChart"]',
                     '[data-testid="stDeckGlJsonChart"]'):
        element = page.locator(selector).first
        if element.count() and element.is_visible():
            element.scroll_into_view_if_needed()
            element.hover()
            page.wait_for_timeout(300)
    return page.evaluate(TOOLBARS_JS)


def unterkuenfte_tabs(page) -> dict:
    tabs = page.locator('[data-testid="stMain"]').get_by_role("tab").all_inner_texts()
    grid = page.locator('[data-testid="stDataFrame"] .dvn-scroller').first
    grid.scroll_into_view_if_needed()
    scroll_h, client_h = grid.evaluate("e => [e.scrollHeight, e.clientHeight]")
    page.get_by_role("tab", name="Einzelne Unterkunft").click()
    wait_for_app(page)
    return {"tabs": tabs, "grid": (scroll_h, client_h),
            "single_site_note": page.get_by_text(SINGLE_SITE_NOTE).is_visible()}


def council_steps(server, titles: list[str], files: dict[str, str], url_path):
    """Council mode at projector size: every page of ``titles`` via the sidebar."""

    def steps(page, walk: Walk) -> None:
        fresh_start(page, server.url, PROJECTOR)
        walk.start["sidebar_before"] = sidebar_width(page)
        page.locator('[data-testid="stSidebar"]').get_by_text("Ratsmodus", exact=True).click()
        wait_for_app(page)
        walk.start["switch_on"] = council_switch(page).is_checked()
        page.wait_for_function(f"() => ({SIDEBAR_JS})() === 0", timeout=10_000)
        walk.start["sidebar_on"] = sidebar_width(page)
        unfold_sidebar(page)  # the presenter can still reach it
        walk.start["sidebar_text"] = page.locator('[data-testid="stSidebar"]').inner_text()
        for index, title in enumerate(titles):
            unfold_sidebar(page)
            open_via_sidebar(page, title)
            seen = walk.pages[title] = {}
            # as the presenter shows it: the sidebar folded away
            fold_sidebar(page)
            seen["folded"] = folded_screen(page, title, index)
            # as the presenter navigates: the sidebar open
            unfold_sidebar(page)
            seen["open"] = open_screen(page, f"council_{index + 1:02d}_{url_path(files[title])}")
        # council mode off again: the sidebar stays, with its note for the administration
        page.locator('[data-testid="stSidebar"]').get_by_text("Ratsmodus", exact=True).click()
        wait_for_app(page)
        walk.end["switch_off"] = council_switch(page).is_checked()
        walk.end["sidebar_off"] = sidebar_width(page)
        walk.end["sidebar_text"] = page.locator('[data-testid="stSidebar"]').inner_text()

    return steps


def folded_screen(page, title: str, index: int) -> dict:
    seen = {"switch": council_switch(page).is_checked(), "exceptions": exception_texts(page)}
    if title in DASHBOARDS:
        shot = screenshot(page, f"praesentation_{DASHBOARDS.index(title) + 1:02d}").with_suffix(".erst.png")
        page.screenshot(path=str(shot))
        seen["first"] = page.evaluate(FIRST_SCREEN_JS)
    seen["tables"] = page.evaluate(TABLES_JS)
    seen["labels"] = page.evaluate(LABELS_JS)
    return seen


def open_screen(page, name: str) -> dict:
    seen = {"switch": council_switch(page).is_checked(), "exceptions": exception_texts(page)}
    page.set_viewport_size(PROJECTOR)
    page.wait_for_timeout(300)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"))
    screenshot(page, f"{name}_ganz")
    page.set_viewport_size(PROJECTOR)
    seen["h1"] = page.locator("h1").first.bounding_box()
    seen["widths"] = page.evaluate(WIDTH_JS)
    seen["file_inputs"] = page.locator('input[type="file"]').count()
    seen["buttons"] = page.locator("button").all_inner_texts()
    return seen
