"""Stadtteilprofil: one district or the focus area against the city, a second area side by side, a small map."""

from __future__ import annotations

import streamlit as st

from ankunft.core import geo
from ankunft.plots import locator_map
from ankunft.ui import data, tables, widgets
from ankunft.ui import frame as frame_ui
from ankunft.views import profile_view

frame = frame_ui.page_frame("Stadtteilprofil", district_filter=False)
options = profile_view.area_options()


def label(key: str) -> str:
    return profile_view.option_label(key, frame.focus_label)


c1, c2 = st.columns(2)
key = c1.selectbox("Gebiet", options, index=0, format_func=label, key="profil_area")
other = c2.selectbox("Zum Vergleich", [None] + options, index=0, key="profil_compare",
                     format_func=lambda k: "kein Vergleich" if k is None else label(k))

build = data.memo(profile_view.profile_for)
prof = build(frame.state, key, frame.focus_ids, frame.focus_label, frame.council, previous=frame.previous)
widgets.headline(profile_view.headline(prof, frame.council))

missing = profile_view.missing_text(prof)
if missing:
    st.info(missing, icon=":material/upload_file:")
    st.page_link(widgets.DATEN_PAGE, label="Zur Seite Daten: Export hochladen", icon=":material/arrow_forward:")

# every sentence whole: the Einordnung wraps (council mode: at the projector's width, issue #17)
tables.show(profile_view.display(prof), fit=frame.council, within_px=None if frame.council else tables.WORKING_NARROW_PX)
st.caption(profile_view.table_caption(frame.stamp(), frame.state.is_demo))

left, right = st.columns([2, 3]) if not frame.council else (st.container(), st.container())
with left:
    districts_geo = geo.load_districts_geojson(store=data.get_store())
    # a locator image, not an interactive map: nothing to set up on every visit (issue #17)
    st.image(locator_map.locator_svg(districts_geo, prof.district_ids, council=frame.council))
    st.caption(f"Hervorgehoben: {prof.label}")
with right:
    st.markdown("**Einordnung**")
    st.markdown(profile_view.readings_markdown(prof))
    st.download_button("Profil als CSV (Excel)", profile_view.profile_csv(prof),
                       file_name=profile_view.csv_file_name(prof, frame.stand),
                       mime="text/csv", icon=":material/download:")

if other is not None:
    st.subheader("Vergleich")
    prof_b = build(frame.state, other, frame.focus_ids, frame.focus_label, frame.council, previous=frame.previous)
    tables.show(profile_view.compare(prof, prof_b), fit=frame.council,
                within_px=None if frame.council else tables.WORKING_NARROW_PX)
    with st.expander(f"Einordnung {prof_b.label}"):
        st.markdown(profile_view.readings_markdown(prof_b))
