"""Maps (issue #17): a button "Ansicht zurücksetzen" above every app map brings pan and zoom back –
each click gives the deck's map view a new id, and Streamlit's map component starts again from the
initial view when the views change (it keeps the user's view while they stay the same); the mouse
wheel scrolls the page (no scroll zoom in the deck's controller)."""

from __future__ import annotations

import json

import pytest
from streamlit.testing.v1 import AppTest

from ankunft.plots import maps
from ankunft.ui import widgets
from tests.pages.conftest import open_page


def _map_app():
    import streamlit as st

    from ankunft.core import geo
    from ankunft.plots import maps
    from ankunft.ui import widgets

    geojson = geo.load_districts_geojson()
    widgets.deck_map(maps.city_map(geojson, []), "karte_test", height=300)
    st.caption(f"Zähler: {st.session_state.get('karte_test_view', 0)}")


def _deck_ids(at) -> list[str]:
    """The map view id of every deck drawn."""
    return [json.loads(e.proto.json)["views"][0]["id"] for e in at.get("deck_gl_json_chart")]


def test_reset_button_redraws_the_map_from_its_initial_view():
    at = AppTest.from_function(_map_app, default_timeout=60).run()
    assert not at.exception
    [button] = [b for b in at.button if b.label == widgets.MAP_RESET_LABEL]
    first = _deck_ids(at)
    spec = json.loads(at.get("deck_gl_json_chart")[0].proto.json)
    seen = {tuple(first)}
    for clicks in range(1, 4):
        button.click().run()
        assert not at.exception
        ids = _deck_ids(at)
        assert len(ids) == 1 and tuple(ids) not in seen  # new views each time: the view starts anew
        seen.add(tuple(ids))
        assert at.caption[0].value == f"Zähler: {clicks}"
        again = json.loads(at.get("deck_gl_json_chart")[0].proto.json)
        assert again["initialViewState"] == spec["initialViewState"]  # the same initial view as at first
        assert again["views"][0]["controller"] == maps.CONTROLLER
        [button] = [b for b in at.button if b.label == widgets.MAP_RESET_LABEL]


def test_the_wheel_scrolls_the_page():
    assert maps.CONTROLLER["scrollZoom"] is False
    deck = maps.city_map({"type": "FeatureCollection", "features": []}, [])
    for generation in (0, 5):
        spec = json.loads(maps.reset_view(deck, generation).to_json())
        assert spec["views"][0]["controller"]["scrollZoom"] is False


@pytest.mark.parametrize("page", ["uebersicht", "wohnqualitaet", "infrastruktur"])  # Stadtteilprofil: an image
def test_every_app_map_has_the_reset_button(demo_db, page):
    at = open_page(page)
    assert not at.exception
    maps_drawn = at.get("deck_gl_json_chart")
    assert maps_drawn
    assert [b.label for b in at.button].count(widgets.MAP_RESET_LABEL) == len(maps_drawn)
