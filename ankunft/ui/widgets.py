"""Shared widgets: headline, KPI tiles, charts with caption and text alternative, empty states."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Iterable

import streamlit as st
from streamlit.errors import StreamlitPageNotFoundError

from ankunft.core import fmt, glossary
from ankunft.plots import charts, map_svg, maps
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


# --- the Übersicht's first map: SVG, the plotly map one click away (issue #17) ---------------------------
INTERACTIVE_KEY = "map_interactive"  # the officer asked for the zoomable map: kept for the session
INTERACTIVE_LABEL = "Interaktive Karte (zoomen)"
SIMPLE_LABEL = "Einfache Karte"


def _set_interactive(on: bool) -> None:
    st.session_state[INTERACTIVE_KEY] = on


def interactive_map_wanted() -> bool:
    """Has the officer chosen the zoomable (plotly) city map in this session?"""
    return bool(st.session_state.get(INTERACTIVE_KEY))


def city_map_svg(geojson: dict, layers: list, **kwargs) -> None:
    """The city map as an inline SVG image (:func:`ankunft.plots.map_svg.city_svg`: every data text
    escaped there; ``st.html`` would drop the SVG), the hover text the browser's own tooltip. A
    button below it opens the zoomable map; once the first view is drawn, the browser loads plotly's
    code while the officer reads (:func:`preload_plotly`), so the next page with charts is not slower."""
    st.markdown(map_svg.city_svg(geojson, layers, **kwargs), unsafe_allow_html=True)
    st.button(INTERACTIVE_LABEL, key="map_interactive_on", icon=":material/zoom_in:", type="tertiary",
              on_click=_set_interactive, args=(True,),
              help="Die Karte zum Vergrößern und Verschieben öffnen (bleibt für diese Sitzung so). "
                   "Einzelheiten zeigt auch diese Karte: mit der Maus auf eine Fläche oder einen Punkt zeigen.")
    preload_plotly()


def simple_map_button() -> None:
    """Below the zoomable map: back to the SVG map (the choice is kept for the session)."""
    st.button(SIMPLE_LABEL, key="map_interactive_off", icon=":material/map:", type="tertiary",
              on_click=_set_interactive, args=(False,), help="Zurück zur schnellen Karte ohne Zoom.")


def _plotly_chunk() -> str:
    """File name of Streamlit's plotly chunk in its static folder (hashed per release); "" if absent."""
    found = sorted((Path(st.__file__).parent / "static" / "static" / "js").glob("PlotlyChart.*.js"))
    name = found[0].name if found else ""
    return name if re.fullmatch(r"PlotlyChart\.[A-Za-z0-9_-]+\.js", name) else ""


PLOTLY_CHUNK = _plotly_chunk()  # from the installed Streamlit, never from data
# Once the page has been settled for half a second, import Streamlit's plotly chunk (relative to its own
# index.js, the URL Streamlit's dynamic import resolves to, so the browser evaluates it once): plotly's
# 4,7-MB bundle is then ready for the first chart page. Once per browser tab.
PRELOAD_SCRIPT = """<script>
(() => {
  if (window.__ankunftPlotly) return;
  window.__ankunftPlotly = true;
  let quiet = 0;
  const load = () => {
    const index = [...document.querySelectorAll("script[src]")].find(s => s.src.includes("/static/js/index."));
    if (index) import(new URL("__CHUNK__", index.src).href).catch(() => {});
  };
  const poll = () => {
    const app = document.querySelector('[data-testid="stApp"]');
    const busy = !app || app.getAttribute("data-test-script-state") === "running"
      || document.querySelector('[data-testid="stSkeleton"]');
    quiet = busy ? 0 : quiet + 1;
    if (quiet >= 2) { setTimeout(load, 0); return; }
    setTimeout(poll, 250);
  };
  setTimeout(poll, 250);
})();
</script>"""


def preload_plotly() -> None:
    """Let the browser load plotly's code after the first view (see :data:`PRELOAD_SCRIPT`)."""
    if PLOTLY_CHUNK:
        st.html(PRELOAD_SCRIPT.replace("__CHUNK__", PLOTLY_CHUNK), unsafe_allow_javascript=True)
