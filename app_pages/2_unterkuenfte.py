"""Unterkünfte: filters, tiles, then three tabs — Überblick (occupancy chart and the whole table),
Aufenthalte (stays charts) and Einzelne Unterkunft (the drill-down). Layout only."""

from __future__ import annotations

import streamlit as st

from ankunft.ui import data, tables, widgets
from ankunft.ui import frame as frame_ui
from ankunft.views import accommodations_view as av

frame = frame_ui.page_frame("Unterkünfte")
state = frame.state

types = operators = statuses = ()
if not frame.council:  # council mode: the Ratsfassung, no filters (av.COUNCIL_CONTROLS)
    options = av.filter_options(state.df("accommodations"))
    with st.sidebar:
        st.markdown("**Unterkünfte filtern**")
        # select_all=False: Streamlit's "Select all" option has no German label
        types = st.multiselect("Art", options["type"], key="acc_types", placeholder="alle",
                               select_all=False)
        operators = st.multiselect("Träger", options["operator"], key="acc_operators", placeholder="alle",
                                   select_all=False)
        statuses = st.multiselect("Status", options["status"], key="acc_statuses", placeholder="alle",
                                  select_all=False)
filters = av.Filters.of(None if frame.council else frame.district_ids, types, operators, statuses)

snapshots = data.history("accommodations", frame.stand)
view = data.memo(av.build)(state, frame.previous, filters, frame.council, snapshots,
                                  focus_ids=tuple(frame.focus_ids))

widgets.headline(view.headline)
if not state.has("accommodations"):
    widgets.empty_state("accommodations", "Ohne Unterkunftsliste gibt es keine Plätze, Belegung und Hinweise.")
widgets.kpi_tiles(view.tiles, columns=5)
for note in view.notes:
    st.caption(note)


def _show(item: av.ChartItem, key: str) -> None:
    if item.figure is None:
        st.info(f"**{item.label}:** {item.reason}", icon=":material/info:")
        return
    caption = frame.caption(item.dataset, av.chart_note(filters, item))
    widgets.chart(item.figure, caption, item.text_alternative, key=key)


def _views(items: list[av.ChartItem], prefix: str) -> None:
    """Council: one chart per view (picked in a selectbox); otherwise two columns."""
    if not items:
        return
    if frame.council:
        labels = [i.label for i in items]
        pick = st.selectbox("Ansicht", labels, key=f"{prefix}_view")
        _show(items[labels.index(pick)], f"{prefix}_{items[labels.index(pick)].key}")
        return
    narrow = [i for i in items if not i.wide]
    for start in range(0, len(narrow), 2):
        cols = st.columns(2)
        for col, item in zip(cols, narrow[start:start + 2]):
            with col:
                _show(item, f"{prefix}_{item.key}")
    for item in items:
        if item.wide:
            _show(item, f"{prefix}_{item.key}")


# --- tabs: one view at a time instead of one long page -------------------------------------------
TAB_OVERVIEW, TAB_STAYS, TAB_DETAIL = "Überblick", "Aufenthalte", "Einzelne Unterkunft"
# Only the open tab is built and drawn (on_change="rerun", tab.open): the browser draws one chart on
# arrival instead of all 18 of the three tabs. A link from the Übersicht (query parameter) opens the
# tab of that accommodation (the default is part of the widget's identity, so the link wins).
tab_overview, tab_stays, tab_detail = st.tabs(
    [TAB_OVERVIEW, TAB_STAYS, TAB_DETAIL], default=TAB_DETAIL if st.query_params.get(av.QUERY_KEY) else None,
    key="acc_tab", on_change="rerun")
# on the projector: the columns the council discusses, so the table fits the screen without scrolling
COUNCIL_COLUMNS = ("Unterkunft", "Stadtteil", "Art", "Träger", "Plätze", "Belegung", "Auslastung", "Freie Plätze",
                   "Hinweise")


def overview_tab() -> None:
    if len(view.names):
        _show(view.main, "main_occupancy")
    if len(view.table):
        st.subheader(av.table_title(view))
        config = {col: st.column_config.Column(help=text) for col, text in view.column_help.items()}
        shown = view.table[[c for c in view.table.columns if c in COUNCIL_COLUMNS]] if frame.council else view.table
        tables.show(av.styled(shown), config=config, fit=frame.council)
        st.caption(frame.caption("accommodations", av.table_note(filters)))


def stays_tab() -> None:
    if not state.has("residents"):
        widgets.empty_state("residents", "Aufenthaltsdauer, Zusammensetzung, Zu- und Abgänge brauchen die "
                                         "Aufenthalte; die übrigen Ansichten funktionieren ohne.")
    _views(view.charts, "all")


def _remember() -> None:
    st.query_params[av.QUERY_KEY] = st.session_state["acc_detail"]


def detail_tab() -> None:
    if not view.names:
        st.info("Keine Unterkunft mit diesen Filtern.", icon=":material/info:")
        return
    keys = list(view.names)
    # the choice lives in the query parameter too: it survives the tab being closed (widget not drawn)
    st.session_state["acc_detail"] = av.detail_key(keys, st.query_params.get(av.QUERY_KEY),
                                                   st.session_state.get("acc_detail"))
    key = st.selectbox("Unterkunft", keys, format_func=view.names.get, key="acc_detail", on_change=_remember)
    detail = data.memo(av.detail)(state, key, frame.council, snapshots, previous=frame.previous,
                                         focus_ids=tuple(frame.focus_ids))
    with st.container(border=True):
        st.markdown(detail.heading)
        cols = st.columns(4)
        for i, (label, value) in enumerate(detail.facts):
            cols[i % 4].markdown(f"{label}  \n**{value}**")
        for line, rule in detail.flag_lines:
            st.markdown(line, help=rule)
        if not detail.flags:
            st.markdown(":material/check_circle: Keine Hinweise.")
        if detail.occupancy_note:
            st.caption(detail.occupancy_note)
    st.caption("Bewohner nur zusammengefasst; keine Einzelpersonen.")
    _views(detail.charts, "detail")


for tab, draw in ((tab_overview, overview_tab), (tab_stays, stays_tab), (tab_detail, detail_tab)):
    if tab.open:
        with tab:
            draw()
