"""Soziale Infrastruktur: Kita and school supply vs. demand, offices, social work, reachability, map."""

from __future__ import annotations

import streamlit as st

from ankunft import charts, fmt, geo, maps
from ankunft.ui import data, frame as frame_ui, widgets
from ankunft.views import services_view
from ankunft.views.common import legend_markdown

frame = frame_ui.page_frame("Soziale Infrastruktur")

with st.sidebar:
    with st.expander("Kita-Bedarfsquoten", expanded=False):
        st.caption("Anteil der Kinder, für die ein Platz gebraucht wird (Vorgabe des Jugendhilfeausschusses).")
        defaults = [round(r * 100, 1) for r in services_view.DEFAULT_RATES]
        rate_u2 = st.number_input("unter 2 Jahren (%)", 0.0, 100.0, defaults[0], 0.5, format="%.1f", key="kita_rate_u2")
        rate_2 = st.number_input("2 Jahre (%)", 0.0, 100.0, defaults[1], 0.5, format="%.1f", key="kita_rate_2")
        rate_35 = st.number_input("3 bis 5 Jahre (%)", 0.0, 100.0, defaults[2], 0.5, format="%.1f", key="kita_rate_35")
kita_rates = (rate_u2 / 100, rate_2 / 100, rate_35 / 100)

base = data.memo(services_view.build_base)(frame.state, frame.previous, frame.district_ids, frame.focus_ids,
                                           frame.council)
kita = data.memo(services_view.build_kita)(frame.state, frame.previous, frame.district_ids, frame.focus_ids,
                                           frame.council, kita_rates)
model = services_view.combine(base, kita)

widgets.headline(model.headline)
widgets.kpi_tiles(model.tiles, columns=5)
if kita_rates != services_view.DEFAULT_RATES:
    st.caption("Bedarfsquoten: " + ", ".join(f"{label} {fmt.pct(r, 1)}" for label, r in
               zip(("unter 2 Jahren", "2 Jahre", "3 bis 5 Jahre"), kita_rates)) + " (geändert).")
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
    default_cats = [c for c in ("Kita", "Grundschule", "Beratung", "Quartiersbüro") if c in model.service_categories]
    categories = st.multiselect("Einrichtungen", model.service_categories, default=default_cats, key="inf_categories",
                                placeholder="keine Einrichtungen geladen" if not model.service_categories
                                else "Arten wählen")
with c2:
    options = list(model.accommodations["point_id"]) if not model.accommodations.empty else []
    names = dict(zip(model.accommodations.get("point_id", []), model.accommodations.get("name", [])))
    point = st.selectbox("Umkreis um Unterkunft", options, index=0 if options else None, key="inf_point",
                         format_func=lambda p: names.get(p, p), placeholder="keine Unterkunft mit Koordinaten")
layers = services_view.map_layers(model, categories, point)
districts_geo = geo.load_districts_geojson(store=data.get_store())
st.pydeck_chart(maps.city_map(districts_geo, layers, council=frame.council, focus_ids=frame.focus_ids),
                width="stretch")
st.markdown(legend_markdown(maps.legend(layers, frame.council)), unsafe_allow_html=True)
st.caption(frame.caption("services", "Ringe: 500 m und 1.000 m Luftlinie"))
if point is not None and not model.long.empty:
    st.dataframe(services_view.nearest_display(model.long, point), hide_index=True, width="stretch")


# --- views ---------------------------------------------------------------------------------
def kita_view() -> None:
    st.markdown("**Kita: Plätze und Bedarf**")
    if model.kita.empty:
        st.info("Keine Kita-Daten.")
        return
    fig = services_view.kita_figure(model.kita_raw, frame.district_ids, frame.council)
    widgets.chart(fig, frame.caption("services", "Bedarf aus den Kinderzahlen der Statistikstelle"),
                  charts.text_alternative(fig), key="inf_kita")
    st.dataframe(model.kita, hide_index=True, width="stretch")
    if model.kita_note:
        st.caption(model.kita_note)


def children_view() -> None:
    st.markdown("**Bedarf aus Unterkünften: Kinder nach Stadtteil**")
    if model.children.empty:
        if not model.has_residents:
            widgets.empty_state("residents", "Damit zeigt diese Ansicht, wie viele Kinder im Kita- und Schulalter "
                                             "in den Unterkünften je Stadtteil leben.")
        else:
            st.info("Keine Kinder in Unterkünften am Stichtag.")
        return
    fig = services_view.children_figure(model.children, frame.council)
    widgets.chart(fig, frame.caption("residents", model.children_note or "Alter im Jahr des Stichtags"),
                  charts.text_alternative(fig), key="inf_children")
    st.dataframe(services_view.children_display(model.children), hide_index=True, width="stretch")


def school_view() -> None:
    st.markdown("**Grundschule: Plätze und Kinder von 6 bis 9 Jahren**")
    if model.school.empty:
        st.info("Keine Schuldaten.")
        return
    st.dataframe(model.school, hide_index=True, width="stretch")
    st.caption(frame.caption("services", model.school_note or ""))


def offices_view() -> None:
    st.markdown("**Beratungsstellen und Quartiersbüros je 1.000 Einwohner**")
    if model.offices.empty:
        st.info("Keine Daten zu Beratungsstellen und Quartiersbüros.")
        return
    st.dataframe(model.offices, hide_index=True, width="stretch")
    st.caption(frame.caption("services"))


def social_view() -> None:
    st.markdown("**Sozialarbeit in Unterkünften**")
    if model.social.empty:
        widgets.empty_state("accommodations", "Damit zeigt diese Ansicht Fachkräfte gegen Bewohner.")
        return
    st.dataframe(model.social, hide_index=True, width="stretch")
    st.caption(frame.caption("accommodations", model.social_note or "Standard: 1 Fachkraft je 50 Bewohner"))


def reach_view() -> None:
    st.markdown("**Erreichbarkeit (Luftlinie zur nächsten Einrichtung)**")
    if model.reach.empty:
        st.info("Für die Erreichbarkeit braucht es Einrichtungen und Unterkünfte oder Wohnobjekte mit Koordinaten.")
        return
    st.dataframe(model.reach, hide_index=True, width="stretch")
    st.caption(frame.caption("services", "Anteile gewichtet mit den Bewohnern; Fußwege sind länger als die Luftlinie"))
    label = f"Lücken: weiter als {fmt.integer(services_view.REACH_LIMIT_M)} m ({len(model.gaps)})"
    with st.expander(label, expanded=False):
        if model.gaps.empty:
            st.write("Keine Lücken.")
        else:
            st.dataframe(model.gaps, hide_index=True, width="stretch")


VIEWS = {"Kita": kita_view, "Bedarf aus Unterkünften": children_view, "Grundschule": school_view,
         "Beratung und Quartiersbüros": offices_view, "Sozialarbeit": social_view, "Erreichbarkeit": reach_view}

if frame.council:
    for tab, fn in zip(st.tabs(list(VIEWS)), VIEWS.values()):
        with tab:
            fn()
else:
    left, right = st.columns(2)
    with left:
        kita_view()
    with right:
        children_view()
    left, right = st.columns(2)
    with left:
        school_view()
        offices_view()
    with right:
        social_view()
    reach_view()
