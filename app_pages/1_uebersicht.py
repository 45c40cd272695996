"""Übersicht: headline, KPI tiles, alerts, the city map and the district table (layout only)."""

from __future__ import annotations

import streamlit as st

from ankunft.core import geo
from ankunft.plots import maps
from ankunft.ui import auth, data, tables, widgets
from ankunft.ui import frame as frame_ui
from ankunft.views import overview_view as vv
from ankunft.views.common import map_legend

frame = frame_ui.page_frame("Übersicht")
state = frame.state
view = data.memo(vv.build)(state, frame.previous, tuple(frame.focus_ids), frame.district_ids, frame.council)

# Every part sits in its own container, so the map and the table keep their place in the page whatever
# the filter or the Stand shows (the browser knows an element by its place: a map one slot further down
# is thrown away and drawn anew, and loses the officer's zoom).
widgets.headline(view.headline)
with st.container():
    if not state.has("accommodations"):
        widgets.empty_state("accommodations", "Ohne Unterkunftsliste bleiben Plätze, Belegung und Hinweise leer.")
# council mode: one screen at 1280×720 — tiles on the left, the map on the right, alerts below
tiles_area, map_area = st.columns([1, 1], gap="medium") if frame.council else (st.container(), None)
with tiles_area:
    widgets.kpi_tiles(view.tiles, columns=3)
    st.caption(vv.tiles_caption(frame.filters_text(), frame.focus_label))

# --- alerts ------------------------------------------------------------------------------------
# The expander "Zum Beobachten" keeps whether it is open (its rows are built only when open); it starts
# open when nothing is critical, so that case has its own key and its own start.
WATCH_KEYS = {True: "ov_watch_open", False: "ov_watch_open_alone"}  # red alerts above it or not


def _alert(a: vv.AlertItem) -> None:
    left, right = st.columns([3, 1], vertical_alignment="center")
    left.markdown(a.markdown, help=a.rule_help)
    with right:
        widgets.page_link(a.page, a.page_label, icon=":material/arrow_forward:", query_params=a.query)


def _alerts() -> None:
    """The alerts in one container: how many there are never moves what follows them."""
    with st.container():
        _alert_list()


def _alert_list() -> None:
    st.subheader("Hinweise")
    st.write(vv.alert_summary(view.alerts))
    red, amber = vv.split_alerts(view.alerts)
    for a in red:
        _alert(a)
    if amber:  # built and drawn only while open (browser time, issue #17: 32 rows of 47 on the 50.000-stay store)
        box = st.expander(f"Zum Beobachten ({len(amber)})", expanded=not red, icon=":material/warning:",
                          key=WATCH_KEYS[bool(red)], on_change="rerun")
        if box.open:
            with box:
                for a in amber:
                    _alert(a)


if not frame.council:  # in council mode the map is beside the tiles, the alerts follow
    _alerts()

# --- map ---------------------------------------------------------------------------------------
def _map() -> None:
    st.subheader("Karte")
    c1, c2 = st.columns(2)
    show_services = c1.toggle("Soziale Infrastruktur zeigen", key="map_services", disabled=not state.has("services"))
    show_defects = c2.toggle("Wohnungen mit offenen Mängeln zeigen", key="map_defects",
                             disabled=not state.has("housing"),
                             help="Einzelne Wohnungen nur nach Anmeldung mit Bearbeitungsrecht; sonst und im "
                                  "Ratsmodus zusammengefasst je 250-m-Feld.")
    person_level = auth.current_access().can_see_person_level
    layers = vv.map_layers(view, state, show_services, show_defects, person_level)
    geojson = geo.load_districts_geojson(store=data.get_store())
    height, width = (440, 600) if frame.council else (600, 1000)
    drawn = dict(council=frame.council, focus_ids=frame.focus_ids, district_values=view.district_tips,
                 height=height, width=width)
    if widgets.interactive_map_wanted():  # zoomable, on the officer's request (plotly: slower first view)
        widgets.map_chart(maps.city_map(geojson, layers, **drawn), "karte_uebersicht")
        widgets.simple_map_button()
    else:  # the first view: an SVG image, hover texts, no plotly code to load (issue #17)
        widgets.city_map_svg(geojson, layers, **drawn)
    st.markdown(map_legend(layers, frame.council, vv.AREAS_LEGEND))
    st.caption(frame.caption("accommodations", vv.boundaries_note(geo.is_approximate(geojson))))


with map_area or st.container():  # working mode: the map below the alerts
    _map()

if frame.council:
    _alerts()

# --- districts ---------------------------------------------------------------------------------
st.subheader("Stadtteile")
short = vv.COUNCIL_HEADERS if frame.council else {}  # council: shorter headers, the full name on hover
tables.show(vv.styled_districts(view.districts, view.focus_rows), fit=frame.council, config={
    name: st.column_config.Column(label=label, help=name) for name, label in short.items()
    if name in view.districts.columns})
st.caption(f"{vv.district_caption(view, frame.focus_label)} {frame.caption('districts')}")

missing = vv.missing_datasets(state)
if missing:  # the last element of the page: its presence moves nothing
    with st.expander(f"Fehlende Daten ({len(missing)})", icon=":material/upload_file:"):
        for key in missing:
            widgets.empty_state(key)
