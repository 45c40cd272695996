"""Maps (issue #17): a button "Ansicht zurücksetzen" below every app map brings the zoom back to the
whole city – each click gives the map a new view revision (plotly's ``uirevision``: the browser keeps
the officer's zoom while it stays the same and draws the figure's own ranges when it changes); the
mouse wheel scrolls the page (no scroll zoom in the map's config)."""

from __future__ import annotations

import json

import pytest
from streamlit.testing.v1 import AppTest

from ankunft.plots import maps
from ankunft.ui import widgets
from tests import map_reader
from tests.pages.conftest import open_page


def _map_app():
    import streamlit as st

    from ankunft.core import geo
    from ankunft.plots import maps
    from ankunft.ui import widgets

    geojson = geo.load_districts_geojson()
    widgets.map_chart(maps.city_map(geojson, [], height=300), "karte_test")
    st.caption(f"Zähler: {st.session_state.get('karte_test_view', 0)}")


def _maps(at) -> list[dict]:
    return map_reader.app_maps(at)


def test_reset_button_redraws_the_map_from_its_initial_view():
    at = AppTest.from_function(_map_app, default_timeout=60).run()
    assert not at.exception
    [button] = [b for b in at.button if b.label == widgets.MAP_RESET_LABEL]
    [first] = _maps(at)
    seen = {first["layout"]["uirevision"]}
    for clicks in range(1, 4):
        button.click().run()
        assert not at.exception
        [again] = _maps(at)
        assert again["layout"]["uirevision"] not in seen  # a new revision each time: the view starts anew
        seen.add(again["layout"]["uirevision"])
        assert at.caption[0].value == f"Zähler: {clicks}"
        for axis in ("xaxis", "yaxis"):  # the same first view as at first
            assert again["layout"][axis]["range"] == first["layout"][axis]["range"]
        assert again["data"] == first["data"]
        [button] = [b for b in at.button if b.label == widgets.MAP_RESET_LABEL]


def test_the_wheel_scrolls_the_page():
    at = AppTest.from_function(_map_app, default_timeout=60).run()
    [chart] = at.get("plotly_chart")
    config = json.loads(chart.proto.config)
    assert config["scrollZoom"] is False and config["displayModeBar"] is False
    assert config == json.loads(json.dumps(maps.MAP_CONFIG))


@pytest.mark.parametrize("page", ["uebersicht", "wohnqualitaet", "infrastruktur"])  # Stadtteilprofil: an image
def test_every_app_map_has_the_reset_button(demo_db, page):
    at = open_page(page)
    assert not at.exception
    if page == "uebersicht":  # first an SVG image (no zoom, no reset); the zoomable map one click away
        assert not _maps(at) and widgets.INTERACTIVE_LABEL in [b.label for b in at.button]
        at.session_state[widgets.INTERACTIVE_KEY] = True
        at.run()
    maps_drawn = _maps(at)
    assert len(maps_drawn) == 1
    assert [b.label for b in at.button].count(widgets.MAP_RESET_LABEL) == len(maps_drawn)
