"""Presenting in the council (issue #17): council mode at projector size 1280×720 in a real browser.

* Switching council mode on folds the sidebar away (and shows no admin note); switching it off
  brings the sidebar back.
* On every dashboard the first screen holds the title, the headline, every KPI tile and the start of
  one chart or map (at least ``MIN_CHART_VISIBLE`` px of it).
* No table scrolls sideways or reaches past the screen, no tile label overflows its tile and the text
  is set without hyphenation or breaks inside a word. (Right-aligned numbers: tests/unit/ui/test_tables.py
  and the AppTest there; the grid draws on a canvas, the browser cannot read its alignment.)
"""

from __future__ import annotations

from .conftest import council_switch, exception_texts, open_via_sidebar, screenshot, wait_for_app

PROJECTOR = {"width": 1280, "height": 720}
MIN_CHART_VISIBLE = 180  # px of the first chart/map that must be on the first screen
DASHBOARDS = ("Übersicht", "Unterkünfte", "Wohnqualität", "Soziale Infrastruktur", "Szenarien")
ALL_PAGES = DASHBOARDS + ("Stadtteilprofil", "Bericht", "Daten")

SIDEBAR_JS = """() => { const s = document.querySelector('[data-testid="stSidebar"]');
    if (!s) return 0; const r = s.getBoundingClientRect(); return Math.max(0, r.right); }"""

FIRST_SCREEN_JS = """() => {
    const box = e => { const r = e.getBoundingClientRect(); return [r.top, r.bottom, r.height]; };
    const visible = e => e.getBoundingClientRect().height > 0;
    const all = s => [...document.querySelectorAll(s)].filter(visible).map(box);
    const charts = all('[data-testid="stPlotlyChart"], [data-testid="stDeckGlJsonChart"]')
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

def sidebar_width(page) -> float:
    return float(page.evaluate(SIDEBAR_JS))


def goto(page, title: str) -> None:
    """Navigate as the presenter does: open the folded sidebar, click the page, fold it again."""
    folded = sidebar_width(page) == 0
    if folded:
        page.get_by_test_id("stExpandSidebarButton").click()
        page.wait_for_function(f"() => ({SIDEBAR_JS})() > 200")
    open_via_sidebar(page, title)
    if folded and sidebar_width(page) > 0:
        page.get_by_test_id("stSidebarCollapseButton").locator("button").first.click()
        page.wait_for_function(f"() => ({SIDEBAR_JS})() === 0")
        page.wait_for_timeout(300)  # charts re-layout to the wider main area


def working_mode(page, url: str) -> None:
    """1440×900, the sidebar as Streamlit opens it (no remembered hand-folding from an earlier test)."""
    page.set_viewport_size({"width": 1440, "height": 900})
    page.goto(url)
    wait_for_app(page)
    page.evaluate("() => localStorage.clear()")
    page.reload()
    wait_for_app(page)


def council_on(page, url: str) -> None:
    page.set_viewport_size(PROJECTOR)
    page.goto(url)
    wait_for_app(page)
    page.evaluate("() => localStorage.clear()")  # Streamlit remembers a hand-folded sidebar per browser
    page.reload()
    wait_for_app(page)
    assert sidebar_width(page) > 200, "Arbeitsmodus: die Seitenleiste ist offen"
    page.locator('[data-testid="stSidebar"]').get_by_text("Ratsmodus", exact=True).click()
    wait_for_app(page)
    page.wait_for_function(f"() => ({SIDEBAR_JS})() === 0", timeout=10_000)


def test_council_mode_folds_the_sidebar_and_unfolds_it_after(app_server, new_page):
    page, guard = new_page()
    council_on(page, app_server.url)
    assert sidebar_width(page) == 0, "Ratsmodus: die Seitenleiste ist nicht eingeklappt"
    # the presenter can still reach it; it carries no admin note in council mode
    page.get_by_test_id("stExpandSidebarButton").click()
    page.wait_for_function(f"() => ({SIDEBAR_JS})() > 200")
    sidebar_text = page.locator('[data-testid="stSidebar"]').inner_text()
    assert "Ohne Anmeldung" not in sidebar_text and "Einzelplatz" not in sidebar_text, sidebar_text
    assert council_switch(page).is_checked()
    page.locator('[data-testid="stSidebar"]').get_by_text("Ratsmodus", exact=True).click()
    wait_for_app(page)
    assert not council_switch(page).is_checked()
    assert sidebar_width(page) > 200, "nach dem Ratsmodus ist die Seitenleiste wieder offen"
    assert "Ohne Anmeldung" in page.locator('[data-testid="stSidebar"]').inner_text()
    guard.assert_clean()


def test_first_screen_holds_headline_tiles_and_one_chart(app_server, new_page):
    page, guard = new_page()
    council_on(page, app_server.url)
    report = []
    for title in DASHBOARDS:
        goto(page, title)
        assert council_switch(page).is_checked(), title
        assert not exception_texts(page), (title, exception_texts(page))
        page.screenshot(path=str(screenshot(page, f"praesentation_{len(report) + 1:02d}").with_suffix(".erst.png")))
        first = page.evaluate(FIRST_SCREEN_JS)
        height = PROJECTOR["height"]
        assert first["title"] and first["title"][1] <= height, (title, "Titel", first["title"])
        assert first["headline"] and first["headline"][1] <= height, (title, "Kernaussage", first["headline"])
        assert first["tiles"], (title, "keine Kacheln")
        low = [t for t in first["tiles"] if t[1] > height]
        assert not low, (title, "Kacheln unter dem ersten Bildschirm", low)
        chart = first["chart"]
        assert chart is not None, (title, "kein Diagramm")
        visible = min(chart[1], height) - chart[0]
        report.append((title, round(chart[0]), round(visible), round(chart[2])))
        assert visible >= min(MIN_CHART_VISIBLE, chart[2]), (title, "Diagramm nicht auf dem ersten Bildschirm", chart)
    print("erstes Diagramm (Seite, oben, sichtbar px, Höhe):", report)
    guard.assert_clean()


def test_no_table_scrolls_sideways_and_no_word_breaks(app_server, new_page):
    page, guard = new_page()
    council_on(page, app_server.url)
    checked = 0
    for title in ALL_PAGES:
        goto(page, title)
        assert not exception_texts(page), (title, exception_texts(page))
        for scroll_width, client_width, right, text in page.evaluate(TABLES_JS):
            assert scroll_width <= client_width + 1, (title, "Tabelle scrollt seitlich", scroll_width, client_width, text)
            assert right <= PROJECTOR["width"], (title, "Tabelle ragt über den Bildschirm", right, text)
            checked += 1
        for text, overflow, hyphens, wrap, word_break in page.evaluate(LABELS_JS):
            assert overflow <= 1, (title, "Kachelbeschriftung ragt aus der Kachel", text, overflow)
            assert hyphens == "manual" and wrap == "normal" and word_break == "normal", (title, text, hyphens, wrap)
    assert checked >= 5, f"zu wenige Tabellen geprüft ({checked})"
    guard.assert_clean()


def test_unterkuenfte_tabs_show_the_whole_table_without_inner_scroll(app_server, new_page):
    """Working mode (1440×900): the tabs, and the accommodation table with all its rows on the page."""
    page, guard = new_page()
    working_mode(page, app_server.url)
    open_via_sidebar(page, "Unterkünfte")
    tabs = page.locator('[data-testid="stMain"]').get_by_role("tab").all_inner_texts()
    assert [t.strip() for t in tabs[:3]] == ["Überblick", "Aufenthalte", "Einzelne Unterkunft"], tabs
    grid = page.locator('[data-testid="stDataFrame"] .dvn-scroller').first
    grid.scroll_into_view_if_needed()
    scroll_h, client_h = grid.evaluate("e => [e.scrollHeight, e.clientHeight]")
    assert scroll_h <= client_h + 1, ("Tabelle mit innerem Scrollbalken", scroll_h, client_h)
    assert client_h > 14 * 30, client_h  # 14 accommodations + header, each row ≈ 35 px
    page.get_by_role("tab", name="Einzelne Unterkunft").click()
    wait_for_app(page)
    assert page.get_by_text("Bewohner nur zusammengefasst; keine Einzelpersonen.").is_visible()
    guard.assert_clean()


def test_focus_area_chosen_in_the_sidebar_is_remembered_after_reload(fresh_app_server, new_page):
    """Issue #17: the officer chooses the focus area (two districts and a name) in the sidebar; after
    a reload (a new session) every page still uses it."""
    page, guard = new_page()
    page.set_viewport_size({"width": 1440, "height": 900})
    page.goto(fresh_app_server.url)
    wait_for_app(page)
    sidebar = page.locator('[data-testid="stSidebar"]')
    before = sidebar.get_by_text("Fokusgebiet:", exact=False).first.inner_text()
    sidebar.get_by_text("Fokusgebiet ändern").click()
    chooser = sidebar.locator('[data-testid="stMultiSelect"]').filter(has_text="Stadtteile des Fokusgebiets")
    # clear the saved districts, then pick two others by typing as the officer does
    clear = chooser.locator('[aria-label="Clear all"], [data-testid="stMultiSelectClearAll"]')
    if clear.count():
        clear.first.click()
        wait_for_app(page)
    for name in ("Betzenberg", "Erlenbach"):
        chooser.locator("input").click()
        page.keyboard.type(name)
        page.keyboard.press("Enter")
        wait_for_app(page)
    page.keyboard.press("Escape")
    name_box = sidebar.get_by_role("textbox", name="Name des Fokusgebiets")
    name_box.fill("Testgebiet Süd")
    name_box.press("Enter")
    wait_for_app(page)
    assert sidebar.get_by_text("Fokusgebiet: Testgebiet Süd").count() == 1, before
    page.reload()
    wait_for_app(page)
    sidebar = page.locator('[data-testid="stSidebar"]')
    assert sidebar.get_by_text("Fokusgebiet: Testgebiet Süd").count() == 1
    sidebar.get_by_text("Fokusgebiet ändern").click()
    chosen = sidebar.locator('[data-testid="stMultiSelect"]').filter(has_text="Stadtteile des Fokusgebiets").inner_text()
    assert "Betzenberg" in chosen and "Erlenbach" in chosen, chosen
    main = page.locator('[data-testid="stMain"]').inner_text()
    assert "Testgebiet Süd" in main, "die Übersicht nennt das gewählte Fokusgebiet"
    open_via_sidebar(page, "Stadtteilprofil")
    assert "Testgebiet Süd" in page.locator('[data-testid="stMain"]').inner_text()
    guard.assert_clean()


def test_no_english_chart_or_table_toolbar(app_server, new_page):
    """Issue #17: plotly's mode bar and Streamlit's table/map toolbars speak English (no German
    labels can be set in Streamlit 1.67): none is shown, also not on hover."""
    page, guard = new_page()
    working_mode(page, app_server.url)
    for title in ("Übersicht", "Unterkünfte", "Wohnqualität"):
        open_via_sidebar(page, title)
        for selector in ('[data-testid="stDataFrame"]', '[data-testid="stPlotlyChart"]',
                         '[data-testid="stDeckGlJsonChart"]'):
            element = page.locator(selector).first
            if element.count() and element.is_visible():
                element.scroll_into_view_if_needed()
                element.hover()
                page.wait_for_timeout(300)
        shown = page.evaluate("""() => [...document.querySelectorAll('.modebar, [data-testid="stElementToolbar"]')]
            .filter(e => e.getBoundingClientRect().height > 0 && getComputedStyle(e).display !== 'none'
                         && getComputedStyle(e).visibility !== 'hidden').map(e => e.className || e.dataset.testid)""")
        assert not shown, (title, shown)
    guard.assert_clean()
