"""Soziale Infrastruktur: Kita and school supply vs. demand, offices, social work, reachability, map."""

from __future__ import annotations

import streamlit as st

from ankunft.core import geo
from ankunft.plots import charts, maps
from ankunft.ui import data, tables, widgets
from ankunft.ui import frame as frame_ui
from ankunft.views import services_tables, services_view
from ankunft.views.common import map_legend

frame = frame_ui.page_frame("Soziale Infrastruktur")

with st.sidebar:
    with st.expander("Kita-Bedarfsquoten", expanded=False):
        st.caption("Anteil der Kinder, für die ein Platz gebraucht wird (Vorgabe des Jugendhilfeausschusses).")
        defaults = services_view.rates_percent()
        rate_u2 = st.number_input("unter 2 Jahren (%)", 0.0, 100.0, defaults[0], 0.5, format="%.1f", key="kita_rate_u2")
        rate_2 = st.number_input("2 Jahre (%)", 0.0, 100.0, defaults[1], 0.5, format="%.1f", key="kita_rate_2")
        rate_35 = st.number_input("3 bis 5 Jahre (%)", 0.0, 100.0, defaults[2], 0.5, format="%.1f", key="kita_rate_35")
kita_rates = services_view.rates_from_percent(rate_u2, rate_2, rate_35)

base = data.memo(services_view.build_base)(frame.state, frame.previous, frame.district_ids, frame.focus_ids,
                                           frame.council)
kita = data.memo(services_view.build_kita)(frame.state, frame.previous, frame.district_ids, frame.focus_ids,
                                           frame.council, kita_rates)
model = services_view.combine(base, kita)
texts = services_view.captions(model)

widgets.headline(model.headline)
widgets.kpi_tiles(model.tiles, columns=6 if frame.council else 3)
rates_note = services_view.rates_note(kita_rates)
# the notes in one container: whether they show never moves the map below (the browser knows an element
# by its place; a map one slot further down is thrown away, drawn anew and loses the officer's zoom)
with st.container():
    if rates_note:
        st.caption(rates_note)
    if not model.has_services:
        widgets.empty_state("services", "Damit zeigt diese Seite Kita- und Schulplätze gegen den Bedarf, Beratungs- "
                                        "und Quartiersbüros und die Erreichbarkeit von den Unterkünften aus.")
    if not model.has_districts:
        widgets.empty_state("districts", "Ohne Kinderzahlen je Stadtteil lässt sich der Kita- und Schulbedarf "
                                         "nicht berechnen.")

# --- map: service layers and rings around one accommodation (full width) ---------------------
st.subheader("Karte: Einrichtungen und Umkreis einer Unterkunft")
c1, c2 = st.columns([2, 1])
with c1:
    categories = st.multiselect("Einrichtungen", model.service_categories,
                                default=services_view.default_categories(model), key="inf_categories",
                                placeholder="keine Einrichtungen geladen" if not model.service_categories
                                else "Arten wählen", select_all=False)
with c2:
    options, names = services_view.point_choices(model)
    point = st.selectbox("Umkreis um Unterkunft", options, index=0 if options else None, key="inf_point",
                         format_func=lambda p: names.get(p, p), placeholder="keine Unterkunft mit Koordinaten")
layers = services_view.map_layers(model, categories, point)
districts_geo = geo.load_districts_geojson(store=data.get_store())
widgets.map_chart(maps.city_map(districts_geo, layers, council=frame.council, focus_ids=frame.focus_ids),
                  "karte_infrastruktur")
st.markdown(map_legend(layers, frame.council))
st.caption(frame.caption("services", texts.map))
if point is not None and not model.long.empty:
    tables.show(services_tables.nearest_display(model.long, point), fit=frame.council)


# --- views ---------------------------------------------------------------------------------
def kita_chart() -> None:
    if model.kita.empty:
        st.info("Keine Kita-Daten.")
        return
    fig = services_view.kita_figure(model.kita_raw, frame.district_ids, frame.council)
    widgets.chart(fig, frame.caption("services", texts.kita_chart), charts.text_alternative(fig), key="inf_kita")


def children_chart() -> None:
    if model.children.empty:
        if not model.has_residents:
            widgets.empty_state("residents", "Damit zeigt diese Ansicht, wie viele Kinder im Kita- und Schulalter "
                                             "in den Unterkünften je Stadtteil leben.")
        else:
            st.info("Keine Kinder in Unterkünften am Stichtag.")
        return
    fig = services_view.children_figure(model.children, frame.council)
    widgets.chart(fig, frame.caption("residents", texts.children_chart), charts.text_alternative(fig),
                  key="inf_children")


def table(df, caption: str, empty: str) -> None:
    if df.empty:
        st.info(empty)
        return
    tables.show(df, fit=frame.council)
    st.caption(caption)


def kita_table() -> None:
    table(model.kita, frame.caption("services", texts.kita_table), "Keine Kita-Daten.")


def children_table() -> None:
    if model.children.empty:
        st.info("Keine Kinder in Unterkünften (oder keine Bewohnerdatei).")
        return
    table(services_tables.children_display(model.children), frame.caption("residents", texts.children_table), "")


def school_table() -> None:
    table(model.school, frame.caption("services", texts.school), "Keine Schuldaten.")


def offices_table() -> None:
    table(model.offices, frame.caption("services"), "Keine Daten zu Beratungsstellen und Quartiersbüros.")


def social_table() -> None:
    if model.social.empty:
        widgets.empty_state("accommodations", "Damit zeigt diese Ansicht Fachkräfte gegen Bewohner.")
        return
    table(model.social, frame.caption("accommodations", texts.social), "")


def reach_table() -> None:
    if model.reach.empty:
        st.info("Für die Erreichbarkeit braucht es Einrichtungen und Unterkünfte oder Wohnobjekte mit Koordinaten.")
        return
    table(model.reach, frame.caption("services", texts.reach), "")
    with st.expander(services_view.gaps_title(model), expanded=False):
        if model.gaps.empty:
            st.write("Keine Lücken.")
        else:
            tables.show(model.gaps, fit=frame.council)


def with_table(chart_fn, table_fn, title: str):
    def view() -> None:
        chart_fn()
        with st.expander(title):
            table_fn()
    return view


if frame.council:
    views = {"Kita": with_table(kita_chart, kita_table, "Tabelle: Kita-Plätze und Bedarf"),
             "Bedarf aus Unterkünften": with_table(children_chart, children_table, "Tabelle: Kinder nach Stadtteil"),
             "Grundschule": school_table,
             "Beratung und Quartiersbüros": offices_table, "Sozialarbeit": social_table,
             "Erreichbarkeit": reach_table}
    for tab, fn in zip(st.tabs(list(views)), views.values()):
        with tab:
            fn()
else:
    left, right = st.columns(2)
    with left:
        kita_chart()
    with right:
        children_chart()
    st.subheader("Sozialarbeit in Unterkünften")
    social_table()
    st.subheader("Erreichbarkeit (Luftlinie zur nächsten Einrichtung)")
    reach_table()
    st.subheader("Tabellen")
    for title, fn in (("Kita: Plätze und Bedarf je Gebiet", kita_table),
                      ("Bedarf aus Unterkünften: Kinder nach Stadtteil", children_table),
                      ("Grundschule: Plätze und Kinder von 6 bis 9 Jahren", school_table),
                      ("Beratungsstellen und Quartiersbüros je 1.000 Einwohner", offices_table)):
        with st.expander(title):
            fn()
