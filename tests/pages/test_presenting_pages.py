"""AppTest (issue #17): Unterkünfte in three tabs with whole tables, numbers right-aligned in the
page tables, missing values as "–", and the council table narrowed to what fits the projector."""

from __future__ import annotations

import json

from ankunft.ui import tables

from .conftest import no_exception, open_page

TABS = ["Überblick", "Aufenthalte", "Einzelne Unterkunft"]


def _config(df_element) -> dict:
    """The column config the page sent for one st.dataframe (as the frontend receives it)."""
    return json.loads(df_element.proto.columns or "{}")


def test_unterkuenfte_in_three_tabs_with_the_whole_table(demo_db):
    at = open_page("unterkuenfte")
    at.run()
    no_exception(at)
    assert [t.label for t in at.tabs] == TABS
    overview = at.tabs[0]
    assert overview.get("plotly_chart") and overview.dataframe
    table = at.dataframe[0]
    assert len(table.value) == 14  # all accommodations of the demo (the browser test checks no inner scroll)
    assert table.proto.placeholder == "–"  # a missing value is "–", never Python's None
    at.session_state["acc_tab"] = TABS[1]  # only the open tab is drawn: open the others
    at.run()
    assert len(at.tabs[1].get("plotly_chart")) >= 3  # stays charts moved out of the overview
    at.session_state["acc_tab"] = TABS[2]
    at.run()
    assert [s.label for s in at.tabs[2].selectbox] == ["Unterkunft"]


def test_numbers_in_page_tables_are_right_aligned(demo_db):
    checked = 0
    for page in ("uebersicht", "unterkuenfte", "wohnqualitaet", "infrastruktur", "stadtteilprofil"):
        at = open_page(page)
        at.run()
        no_exception(at)
        for element in at.dataframe:
            df = element.value
            config = _config(element)
            expected = tables.numeric_columns(df.reset_index(drop=True))
            assert expected, (page, list(df.columns))
            for col in expected:
                assert config.get(col, {}).get("alignment") == "right", (page, col, config.get(col))
                checked += 1
            for col in set(map(str, df.columns)) - set(expected):
                assert config.get(col, {}).get("alignment") != "right", (page, col)
    assert checked >= 20, checked


def test_council_table_of_unterkuenfte_fits_the_projector(demo_db):
    at = open_page("unterkuenfte")
    at.session_state["council_mode"] = True
    at.run()
    no_exception(at)
    table = at.dataframe[0]
    config = _config(table)
    widths = [c.get("width") for c in config.values() if isinstance(c.get("width"), int)]
    assert "Unterkunft" in table.value.columns and len(table.value.columns) <= 9
    natural = sum(tables.natural_widths(table.value).values())
    # whole cells, wrapped where needed, at the projector with the sidebar folded away (tables.council_layout)
    assert natural <= tables.COUNCIL_WIDTH_PX or sum(widths) <= tables.COUNCIL_FOLDED_PX - tables.EXPANDER_PAD_PX
