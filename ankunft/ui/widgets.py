"""Shared widgets: headline, KPI tiles, charts with caption and text alternative, empty states."""

from __future__ import annotations

from typing import Iterable

import streamlit as st
from streamlit.errors import StreamlitPageNotFoundError

from ankunft.core import fmt, glossary
from ankunft.plots import charts, maps
from ankunft.views.common import metric_delta

DATEN_PAGE = "app_pages/8_daten.py"


def headline(text: str) -> None:
    """The one sentence at the top of a page that states the finding."""
    st.markdown(f"#### {text}")


def kpi_tiles(tiles: Iterable, columns: int = 4) -> None:
    """Tiles: objects with .label, .value_text, .change_text (optional), .help (optional), .inverse (optional)."""
    tiles = list(tiles)
    for start in range(0, len(tiles), columns):
        cols = st.columns(columns)
        for col, t in zip(cols, tiles[start:start + columns]):
            change = metric_delta(getattr(t, "change_text", None) or None)  # the ASCII minus Streamlit reads
            colour = "inverse" if getattr(t, "inverse", False) else "normal"
            if change and change.startswith("±"):
                colour = "off"
            label = t.label
            if st.session_state.get("council_mode"):  # narrow projector tiles: a line may break after "/"
                label = label.replace("/", "/\u200b")
            col.metric(label, t.value_text, delta=change, delta_color=colour,
                       help=getattr(t, "help", None) or None, border=True)


def chart(fig, caption: str, text_alternative: str = "", key: str | None = None) -> None:
    """A plotly chart, full width, with its caption (source, Stichtag, filters) and a text alternative."""
    st.plotly_chart(fig, width="stretch", config=charts.PLOTLY_CONFIG, key=key)
    st.caption(caption)
    if text_alternative:
        with st.expander("Beschreibung des Diagramms (Textalternative)"):
            st.markdown(fmt.md(text_alternative))  # names in it are data: shown as written


def page_link(page: str, label: str, icon: str | None = None, query_params: dict | None = None) -> None:
    """``st.page_link`` that degrades to a plain hint when the page runs outside ``st.navigation``
    (a page script run on its own, e.g. in tests while not every page file exists)."""
    try:
        st.page_link(page, label=label, icon=icon, query_params=query_params or None)
    except StreamlitPageNotFoundError:
        st.caption(f"→ Seite {label}")


def empty_state(dataset: str, what: str = "") -> None:
    """Explain what to upload to fill a view, with a link to the Daten page."""
    ds = glossary.DATASETS[dataset]
    msg = f"Für diese Ansicht fehlen **{ds.label}** ({ds.source_office})."
    if what:
        msg += f" {what}"
    st.info(msg, icon=":material/upload_file:")
    page_link(DATEN_PAGE, "Zur Seite Daten: Export hochladen", icon=":material/arrow_forward:")


def missing_fields_note(dataset: str, missing: list[str]) -> None:
    """Say which optional columns are missing and which views that limits."""
    ds = glossary.DATASETS[dataset]
    lines = [f"- **{ds.field(k).label}** fehlt: {ds.limits[k]}" for k in missing if k in ds.limits]
    if lines:
        with st.expander(f"Eingeschränkte Ansichten ({len(lines)})"):
            st.markdown("\n".join(lines))


MAP_RESET_LABEL = "Ansicht zurücksetzen"


def _next_view(counter: str) -> None:
    st.session_state[counter] = st.session_state.get(counter, 0) + 1


def map_chart(fig, key: str) -> None:
    """The city map (:func:`ankunft.plots.maps.city_map`), full width, with a button "Ansicht
    zurücksetzen" below it. Dragging draws a box to zoom into; the mouse wheel scrolls the page, it
    never zooms the map (``maps.MAP_CONFIG``: no scroll zoom, no English mode bar). The browser keeps
    the officer's zoom across reruns that leave the map as it is; a map whose content changes (another
    layer, Stand or filter) Streamlit draws anew from its first view. Each click on the button gives
    the map a new view revision (:func:`ankunft.plots.maps.with_revision`): a new figure for the
    browser, drawn from its first view – the whole city (as a double click in the map)."""
    counter = f"{key}_view"
    fig = maps.with_revision(fig, st.session_state.get(counter, 0))
    st.plotly_chart(fig, width="stretch", config=maps.MAP_CONFIG, key=key)
    # below the map: above it, the button pushed the map off the first screen at 1280×720 (council mode)
    st.button(MAP_RESET_LABEL, key=f"{key}_reset", icon=":material/center_focus_strong:", type="tertiary",
              on_click=_next_view, args=(counter,),
              help="Zoom der Karte rückgängig machen und die ganze Stadt zeigen (wie ein Doppelklick in die Karte). "
                   "Zum Vergrößern ein Rechteck in der Karte aufziehen.")
