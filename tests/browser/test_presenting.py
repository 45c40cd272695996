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

from .conftest import open_via_sidebar, wait_for_app
from .walks import DASHBOARDS, PROJECTOR, SINGLE_SITE_NOTE

MIN_CHART_VISIBLE = 180  # px of the first chart/map that must be on the first screen
ALL_PAGES = DASHBOARDS + ("Stadtteilprofil", "Bericht", "Daten")


def test_council_mode_folds_the_sidebar_and_unfolds_it_after(council_walk):
    """The shared council walk (walks.py) switches council mode on at its start and off at its end."""
    start, end = council_walk.start, council_walk.end
    assert start["sidebar_before"] > 200, "Arbeitsmodus: die Seitenleiste ist offen"
    assert start["sidebar_on"] == 0, "Ratsmodus: die Seitenleiste ist nicht eingeklappt"
    # the presenter can still reach it; it carries no admin note in council mode
    sidebar_text = start["sidebar_text"]
    assert "Ohne Anmeldung" not in sidebar_text and "Einzelplatz" not in sidebar_text, sidebar_text
    assert start["switch_on"]
    assert not end["switch_off"]
    assert end["sidebar_off"] > 200, "nach dem Ratsmodus ist die Seitenleiste wieder offen"
    assert "Ohne Anmeldung" in end["sidebar_text"]
    assert not council_walk.problems, "\n".join(council_walk.problems)


def test_first_screen_holds_headline_tiles_and_one_chart(council_walk):
    """On the shared council walk (walks.py), the sidebar folded away: screenshots praesentation_NN."""
    walk = council_walk
    assert walk.start["sidebar_before"] > 200, "Arbeitsmodus: die Seitenleiste ist offen"
    assert walk.start["switch_on"]
    report = []
    for title in DASHBOARDS:
        seen = walk.pages[title]["folded"]
        assert seen["switch"], title
        assert not seen["exceptions"], (title, seen["exceptions"])
        first = seen["first"]
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
    assert not walk.problems, "\n".join(walk.problems)


def test_no_table_scrolls_sideways_and_no_word_breaks(council_walk):
    """On the shared council walk (walks.py), the sidebar folded away."""
    checked = 0
    for title in ALL_PAGES:
        seen = council_walk.pages[title]["folded"]
        assert not seen["exceptions"], (title, seen["exceptions"])
        for scroll_width, client_width, right, text in seen["tables"]:
            assert scroll_width <= client_width + 1, (title, "Tabelle scrollt seitlich", scroll_width, client_width, text)
            assert right <= PROJECTOR["width"], (title, "Tabelle ragt über den Bildschirm", right, text)
            checked += 1
        for text, overflow, hyphens, wrap, word_break in seen["labels"]:
            assert overflow <= 1, (title, "Kachelbeschriftung ragt aus der Kachel", text, overflow)
            assert hyphens == "manual" and wrap == "normal" and word_break == "normal", (title, text, hyphens, wrap)
    assert checked >= 5, f"zu wenige Tabellen geprüft ({checked})"
    assert not council_walk.problems, "\n".join(council_walk.problems)


def test_unterkuenfte_tabs_show_the_whole_table_without_inner_scroll(working_walk):
    """Working mode (1440×900, the shared walk): the tabs, and the accommodation table with all its rows on the page."""
    seen = working_walk.pages["Unterkünfte"]
    tabs = seen["tabs"]
    assert [t.strip() for t in tabs[:3]] == ["Überblick", "Aufenthalte", "Einzelne Unterkunft"], tabs
    scroll_h, client_h = seen["grid"]
    assert scroll_h <= client_h + 1, ("Tabelle mit innerem Scrollbalken", scroll_h, client_h)
    assert client_h > 14 * 30, client_h  # 14 accommodations + header, each row ≈ 35 px
    assert seen["single_site_note"], f"„{SINGLE_SITE_NOTE}“ fehlt auf dem Reiter „Einzelne Unterkunft“"
    assert not seen["exceptions_after"], seen["exceptions_after"]
    assert not working_walk.problems, "\n".join(working_walk.problems)


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


def test_no_english_chart_or_table_toolbar(working_walk):
    """Issue #17: plotly's mode bar and Streamlit's table/map toolbars speak English (no German
    labels can be set in Streamlit 1.67): none is shown, also not on hover (the shared walk hovers
    the first table, chart and map of these pages)."""
    for title in ("Übersicht", "Unterkünfte", "Wohnqualität"):
        shown = working_walk.pages[title]["toolbars"]
        assert not shown, (title, shown)
    assert not working_walk.problems, "\n".join(working_walk.problems)
