"""Daten page, "Aktualität der Daten": the table fits the page in a real browser, without a sideways
scroll, in working mode (1440×900, the sidebar open as Streamlit opens it) and in council mode at
projector size (1280×720) with the sidebar folded away and open. Screenshots daten_tabelle_*.png.

(That no cell is cut is a property of the view model's widths: tests/unit/views/test_data_view_fit.py.)
"""

from __future__ import annotations

from .conftest import SCREENSHOTS, exception_texts, open_via_sidebar, wait_for_app
from .walks import PROJECTOR, WORKING, fold_sidebar, fresh_start, sidebar_width, unfold_sidebar

HEADING = "Aktualität der Daten"


# the first grid after the heading: [scrollWidth, clientWidth, right edge] (the grid draws on a canvas)
TABLE_AFTER_HEADING_JS = """h => {
    const head = [...document.querySelectorAll('h1, h2, h3')].find(e => e.innerText.trim() === h);
    if (!head) return null;
    const t = [...document.querySelectorAll('[data-testid="stDataFrame"]')]
        .find(t => head.compareDocumentPosition(t) & Node.DOCUMENT_POSITION_FOLLOWING);
    if (!t || !t.querySelector('.dvn-scroller')) return null;
    const s = t.querySelector('.dvn-scroller');
    return [s.scrollWidth, s.clientWidth, t.getBoundingClientRect().right];
}"""


def _freshness_table(page) -> list:
    page.get_by_role("heading", name=HEADING).scroll_into_view_if_needed()
    found = page.evaluate(TABLE_AFTER_HEADING_JS, HEADING)
    assert found, "Tabelle unter „Aktualität der Daten“ nicht gefunden"
    return found


def _check(page, viewport: dict, name: str) -> tuple:
    scroll_width, client_width, right = _freshness_table(page)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"daten_tabelle_{name}.png"))
    assert scroll_width <= client_width + 1, (name, "Tabelle scrollt seitlich", scroll_width, client_width)
    assert right <= viewport["width"], (name, "Tabelle ragt über den Bildschirm", right)
    main_right = page.evaluate("() => document.querySelector('[data-testid=\"stMain\"]').getBoundingClientRect().right")
    assert right <= main_right, (name, "Tabelle ragt über den Hauptbereich", right, main_right)
    return scroll_width, client_width


def test_freshness_table_fits_in_working_and_council_mode(app_server, new_page):
    page, guard = new_page()
    fresh_start(page, app_server.url, WORKING)
    assert sidebar_width(page) > 200, "Arbeitsmodus: die Seitenleiste ist offen"
    open_via_sidebar(page, "Daten")
    assert not exception_texts(page)
    seen = {"arbeit": _check(page, WORKING, "arbeit")}

    page.set_viewport_size(PROJECTOR)
    page.locator('[data-testid="stSidebar"]').get_by_text("Ratsmodus", exact=True).click()
    wait_for_app(page)
    fold_sidebar(page)
    seen["rat"] = _check(page, PROJECTOR, "rat")
    unfold_sidebar(page)  # as the presenter navigates
    seen["rat_seitenleiste"] = _check(page, PROJECTOR, "rat_seitenleiste")
    print("Breiten (scrollWidth, clientWidth):", seen)

    page.locator('[data-testid="stSidebar"]').get_by_text("Ratsmodus", exact=True).click()  # off again
    wait_for_app(page)
    assert not exception_texts(page)
    guard.assert_clean()


# --- the tables inside the expanders "Gespeicherte Stände" and "Protokoll" ------------------------
EXPANDERS = ("Gespeicherte Stände", "Protokoll")

# the grid inside the expander whose title starts with t: [scrollWidth, clientWidth, right edge]
TABLE_IN_EXPANDER_JS = """t => {
    const ex = [...document.querySelectorAll('[data-testid="stExpander"]')]
        .find(e => e.querySelector('summary') && e.querySelector('summary').innerText.includes(t));
    if (!ex) return null;
    const s = ex.querySelector('[data-testid="stDataFrame"] .dvn-scroller');
    if (!s) return null;
    return [s.scrollWidth, s.clientWidth, ex.querySelector('[data-testid="stDataFrame"]').getBoundingClientRect().right];
}"""


def _open_expander(page, title: str) -> None:
    summary = page.locator('[data-testid="stExpander"] summary').filter(has_text=title).first
    summary.scroll_into_view_if_needed()
    if summary.locator("xpath=..").get_attribute("open") is None:
        summary.click()
    page.wait_for_function(f"() => ({TABLE_IN_EXPANDER_JS})({title!r}) !== null")
    page.wait_for_timeout(300)  # the grid sizes its columns after it is drawn


def _check_expanders(page, viewport: dict, name: str) -> dict:
    seen = {}
    main_right = page.evaluate("() => document.querySelector('[data-testid=\"stMain\"]').getBoundingClientRect().right")
    for title in EXPANDERS:
        _open_expander(page, title)
        scroll_width, client_width, right = page.evaluate(TABLE_IN_EXPANDER_JS, title)
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.locator('[data-testid="stExpander"]').filter(has_text=title).first.screenshot(
            path=str(SCREENSHOTS / f"daten_{title.split()[-1].lower()}_{name}.png"))
        seen[title] = (scroll_width, client_width)
        assert scroll_width <= client_width + 1, (name, title, "Tabelle scrollt seitlich", scroll_width, client_width)
        assert right <= min(viewport["width"], main_right), (name, title, "Tabelle ragt über den Hauptbereich", right)
    return seen


def _select_first_log_entry(page) -> None:
    """A click in the first row's selection box shows the whole entry below the log."""
    grid = page.locator('[data-testid="stExpander"]').filter(has_text="Protokoll").first \
        .locator('[data-testid="stDataFrame"]')
    grid.evaluate("e => { e.scrollIntoView({block: 'start'}); window.scrollBy(0, -200); }")
    page.wait_for_timeout(300)
    box = grid.bounding_box()
    page.mouse.click(box["x"] + 20, box["y"] + 36 + 20)  # below the header row, in the selection column
    wait_for_app(page)
    entry = page.locator('[data-testid="stExpander"]').filter(has_text="Protokoll").first \
        .locator('[data-testid="stAlert"]')
    entry.wait_for(timeout=15_000)
    text = entry.inner_text()
    assert "Stand Nr." in text and "Datei „" in text, text
    page.locator('[data-testid="stExpander"]').filter(has_text="Protokoll").first.screenshot(
        path=str(SCREENSHOTS / "daten_protokoll_eintrag.png"))


def test_stored_stands_and_log_fit_in_working_mode_at_both_sizes(app_server, new_page):
    """Both expanders opened: at 1440×900 and at projector size 1280×720, the sidebar open (the
    narrowest main area). In council mode the page shows neither (management is hidden there)."""
    page, guard = new_page()
    fresh_start(page, app_server.url, WORKING)
    assert sidebar_width(page) > 200, "Arbeitsmodus: die Seitenleiste ist offen"
    open_via_sidebar(page, "Daten")
    assert not exception_texts(page)
    seen = {"arbeit": _check_expanders(page, WORKING, "arbeit")}
    _select_first_log_entry(page)
    page.set_viewport_size(PROJECTOR)
    unfold_sidebar(page)
    page.wait_for_timeout(500)  # the grids re-measure to the narrower main area
    seen["arbeit_1280"] = _check_expanders(page, PROJECTOR, "arbeit_1280")
    print("Breiten (scrollWidth, clientWidth):", seen)

    page.locator('[data-testid="stSidebar"]').get_by_text("Ratsmodus", exact=True).click()
    wait_for_app(page)
    for title in EXPANDERS:
        assert not page.locator('[data-testid="stExpander"] summary').filter(has_text=title).count(), \
            ("Ratsmodus zeigt die Verwaltung nicht", title)
    unfold_sidebar(page)  # council mode folds it away
    page.locator('[data-testid="stSidebar"]').get_by_text("Ratsmodus", exact=True).click()  # off again
    wait_for_app(page)
    assert not exception_texts(page)
    guard.assert_clean()
