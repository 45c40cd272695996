"""Wohnqualität: housing supervision — defects, overcrowding, resolution times, map, worst objects."""

from __future__ import annotations

import streamlit as st

from ankunft.core import geo
from ankunft.plots import charts, maps
from ankunft.ui import data, tables, widgets
from ankunft.ui import frame as frame_ui
from ankunft.views import housing_view
from ankunft.views.common import map_legend

frame = frame_ui.page_frame("Wohnqualität")
model = data.memo(housing_view.build)(frame.state, frame.previous, frame.district_ids, frame.focus_ids,
                                      frame.council)

widgets.headline(model.headline)
if not model.has_data:
    widgets.empty_state("housing", "Mit der Prüfliste der Wohnungsaufsicht zeigt diese Seite Mängel, Überbelegung, "
                                   "Behebungszeiten und eine Karte der geprüften Objekte.")
    st.stop()

widgets.kpi_tiles(model.tiles, columns=6 if frame.council else 3)
texts = housing_view.captions(model)
with st.container():  # shown or not, the caption never moves the map below (its zoom is kept)
    if texts.tiles:
        st.caption(texts.tiles)

# --- map: full width -----------------------------------------------------------------------
st.subheader("Karte der geprüften Objekte")
layers = housing_view.map_layers(model.objects, frame.council)
districts_geo = geo.load_districts_geojson(store=data.get_store())
widgets.map_chart(maps.city_map(districts_geo, layers, council=frame.council, focus_ids=frame.focus_ids),
                  "karte_wohnqualitaet")
st.markdown(map_legend(layers, frame.council))
st.caption(frame.caption("housing", texts.map))


# --- charts --------------------------------------------------------------------------------
OVER_TIME_LABEL = "Verlauf: Objekte mit offenen Mängeln je Monatsende"


def defects_view() -> None:
    state = housing_view.STATE_ALL
    if not frame.council:
        state = st.segmented_control("Mängel", [housing_view.STATE_OPEN, housing_view.STATE_ALL],
                                     default=housing_view.STATE_OPEN, key="wq_defect_state") \
            or housing_view.STATE_OPEN
    if model.defects.empty:
        st.info("Keine Mängel zu zeigen.")
        return
    fig = housing_view.defects_figure(model.defects, state, frame.council)
    widgets.chart(fig, frame.caption("housing", texts.defects), charts.text_alternative(fig), key="wq_defects")


def space_view() -> None:
    if model.space.empty:
        st.info("Keine Objekte mit Wohnfläche und Bewohnerzahl erfasst.")
        return
    fig = housing_view.space_figure(model.space, council=frame.council)
    widgets.chart(fig, frame.caption("housing", texts.space), charts.text_alternative(fig), key="wq_space")


def over_time_view() -> None:
    if model.over_time.empty:
        st.info("Keine Prüfdaten mit Datum für einen Verlauf.")
        return
    fig = housing_view.over_time_figure(model.over_time, frame.council)
    widgets.chart(fig, frame.caption("housing", texts.over_time), charts.text_alternative(fig), key="wq_time")


if frame.council:
    tab_a, tab_b, tab_c = st.tabs(["Mängel nach Art", "Wohnfläche je Person", "Verlauf"])
    with tab_a:
        defects_view()
    with tab_b:
        space_view()
    with tab_c:
        over_time_view()
else:
    left, right = st.columns(2)
    with left:
        defects_view()
    with right:
        space_view()
    # the reconstructed history is secondary: drawn only while its expander is open (browser time, issue #17)
    over_time_box = st.expander(OVER_TIME_LABEL, key="wq_time_open", on_change="rerun")
    if over_time_box.open:
        with over_time_box:
            over_time_view()

# --- tables --------------------------------------------------------------------------------
with st.expander("Kennzahlen je Stadtteil, Fokusgebiet und Stadt", expanded=len(model.table) <= 4):
    # council mode: ten columns fit the projector with every word whole only with shorter headers (full name on hover)
    short = housing_view.COUNCIL_HEADERS if frame.council else {}
    tables.show(model.table, fit=frame.council, config={
        name: st.column_config.Column(label=label, help=name) for name, label in short.items()
        if name in model.table.columns})
    st.caption(frame.caption("housing", texts.table))

if not frame.council:
    with st.expander(texts.worst_title):
        if model.worst.empty:
            st.write("Keine Objekte mit offenen Mängeln.")
        else:
            tables.show(model.worst, fit=frame.council)
        st.caption(frame.caption("housing", texts.worst))
