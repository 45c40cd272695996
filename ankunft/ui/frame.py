"""The shared frame of every page: sidebar (Stand, districts, focus area, council mode), badges, captions.

The focus area is chosen here (districts and a name, saved as a store setting for every page and
session, see :mod:`ankunft.views.focus`); in council mode the sidebar only names it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import streamlit as st

from ankunft.core import fmt, names, reference
from ankunft.storage.state import DataState
from ankunft.ui import auth, data
from ankunft.views import focus as focus_mod

COUNCIL_KEY = "council_mode"
STAND_KEY = "stand"
DISTRICT_KEY = "district_filter"
FOCUS_IDS_KEY = "focus_ids"
FOCUS_NAME_KEY = "focus_name"
FOLD_KEY = "sidebar_fold"


@dataclass
class Frame:
    """What every page gets: the data as of the chosen Stand and the active filters."""

    state: DataState
    previous: DataState | None
    district_ids: list[str] | None  # None = whole city
    focus_ids: list[str]
    focus_label: str
    council: bool
    stichtage: list[dt.date] = field(default_factory=list)

    @property
    def stand(self) -> dt.date:
        return self.state.stand

    def filters_text(self) -> str:
        if not self.district_ids:
            return "Filter: ganze Stadt"
        return "Filter: " + ", ".join(names.district_label(d) for d in self.district_ids)

    def caption(self, dataset: str, extra: str = "") -> str:
        """Under every chart: source office, that dataset's Stichtag, active filters."""
        st_day = self.state.stichtag(dataset)
        parts = [f"Quelle: {self.state.source(dataset)}", f"Stand {fmt.date(st_day)}" if st_day else "keine Daten",
                 self.filters_text()]
        if self.state.is_demo:
            parts.append("synthetische Beispieldaten")
        if extra:
            parts.append(extra)
        return " · ".join(parts)

    def stamp(self) -> str:
        """Data-state stamp: Stichtag per dataset."""
        from ankunft.core import glossary

        items = [f"{glossary.DATASETS[k].label} {fmt.date(v.stichtag)}" for k, v in self.state.views.items()]
        return "Datenstand: " + (" · ".join(items) if items else "keine Daten")

    def short_stamp(self) -> str:
        """The stamp on one line (council mode): see :func:`short_stamp`."""
        return short_stamp({k: v.stichtag for k, v in self.state.views.items()}, self.state.is_demo)


def short_stamp(stichtage: dict, demo: bool) -> str:
    """The data state in one short line for the projector: the most common Stichtag once, the
    datasets with another Stichtag named ("Datenstand: 30.09.2026; Stadtteile 30.06.2026"), and
    "Synthetische Beispieldaten" first when the demo data is shown."""
    from collections import Counter

    from ankunft.core import glossary

    days = {k: d for k, d in stichtage.items() if d is not None}
    if not days:
        text = "Datenstand: keine Daten"
    else:
        main = Counter(days.values()).most_common(1)[0][0]
        others = [f"{glossary.DATASETS[k].label} {fmt.date(d)}" for k, d in days.items() if d != main]
        text = "; ".join([f"Datenstand: {fmt.date(main)}"] + others)
    return f"**Synthetische Beispieldaten** · {text}" if demo else text


def load_focus() -> focus_mod.Focus:
    """The saved focus area (the default one when nothing is saved)."""
    return focus_mod.parse(data.get_store().get_setting(focus_mod.SETTING))


def save_focus(ids: list[str], label: str) -> None:
    """Save the focus area for every page and session (the store setting), with who changed it."""
    data.get_store().set_setting(focus_mod.SETTING, focus_mod.serialise(focus_mod.Focus(tuple(ids), label)),
                                 user=auth.current_user_label())


def _save_focus_choice() -> None:
    """Callback of the focus widgets: save the chosen districts and name (not without a district)."""
    chosen = focus_mod.from_choice(st.session_state.get(FOCUS_IDS_KEY) or [], st.session_state.get(FOCUS_NAME_KEY))
    if chosen is not None:
        try:
            save_focus(list(chosen.ids), chosen.label)
        except data.StoreError as exc:  # read-only file, full disk …: German message, not the crash box
            data.show_store_error(exc)


def focus_control(council: bool) -> focus_mod.Focus:
    """The focus area in the sidebar: districts and name to choose, saved at once; in council mode
    (and for users who may not change data) only its name."""
    current = load_focus()
    st.caption(focus_mod.caption(current))
    if council or not auth.current_access().can_import:
        return current
    if FOCUS_IDS_KEY not in st.session_state or FOCUS_NAME_KEY not in st.session_state:
        ids, name = focus_mod.choice_of(current)
        st.session_state[FOCUS_IDS_KEY], st.session_state[FOCUS_NAME_KEY] = ids, name
    with st.expander("Fokusgebiet ändern", icon=":material/my_location:"):
        chosen = st.multiselect("Stadtteile des Fokusgebiets", options=focus_mod.options(),
                                format_func=names.district_label, key=FOCUS_IDS_KEY, on_change=_save_focus_choice,
                                placeholder="Stadtteile wählen", select_all=False,
                                help="Das Gebiet, das die Seiten neben der ganzen Stadt zeigen: ein Stadtteil "
                                     "oder mehrere. Gilt für alle Seiten und wird gespeichert.")
        st.text_input("Name des Fokusgebiets", key=FOCUS_NAME_KEY, on_change=_save_focus_choice, max_chars=80,
                      placeholder=focus_mod.automatic_label(chosen or current.ids),
                      help="Leer lassen: Name aus den gewählten Stadtteilen.")
        if not chosen:
            st.caption("Mindestens einen Stadtteil wählen; bis dahin gilt das gespeicherte Fokusgebiet.")
    return current


def page_frame(title: str, *, district_filter: bool = True) -> Frame:
    """Draw the sidebar and the page title; return the frame the page works with."""
    auth.ensure_signed_in()  # second line of defence behind app.py's gate()
    for key in (COUNCIL_KEY, STAND_KEY, DISTRICT_KEY, FOCUS_IDS_KEY, FOCUS_NAME_KEY):
        if key in st.session_state:  # keep the sidebar choices when switching pages (widget clean-up)
            st.session_state[key] = st.session_state[key]
    council = bool(st.session_state.get(COUNCIL_KEY, False))
    # council mode: the sidebar folds away for the projector (and opens again when it ends)
    st.set_page_config(initial_sidebar_state="collapsed" if council else "expanded")
    fold = st.session_state.pop(FOLD_KEY, None)
    if council:
        _council_css()
    with data.store_guard():  # a faulty store: its German message, then the run stops
        days = data.stichtage()
    with st.sidebar:
        st.html(APP_STYLE)  # literal CSS only: st.html sends style-only HTML to the event container
        if fold:
            _fold_sidebar(fold)
        st.toggle("Ratsmodus", key=COUNCIL_KEY, on_change=_council_changed,
                  help="Für die Präsentation im Rat: große Schrift, ein Diagramm je Ansicht, keine "
                       "Verwaltungsfunktionen, kleine Fallzahlen unterdrückt.")
        if days:
            default = st.session_state.get(STAND_KEY)
            if default not in days:
                default = days[-1]
            stand = st.selectbox("Stand", options=days[::-1], index=days[::-1].index(default),
                                 format_func=fmt.date, key=STAND_KEY,
                                 help="Jeder Datensatz zeigt seinen letzten Stichtag an oder vor diesem Datum.")
        else:
            stand = dt.date(2026, 9, 30)
        district_ids = None
        if district_filter and not council:  # council mode: one Ratsfassung for the whole city
            chosen = st.multiselect("Stadtteile", options=[d.id for d in reference.DISTRICTS],
                                    format_func=names.district_label, key=DISTRICT_KEY,
                                    placeholder="ganze Stadt", select_all=False)  # no English "Select all"
            district_ids = list(chosen) or None
        focus = focus_control(council)
    with data.store_guard():
        state = data.load_state(stand)
        previous = data.load_previous(stand)
    frame = Frame(state=state, previous=previous, district_ids=district_ids, focus_ids=list(focus.ids),
                  focus_label=focus.label, council=council, stichtage=days)
    st.title(title)
    if council:  # banner and stamp on one line: the first screen belongs to the finding
        st.caption(frame.short_stamp())
    elif state.is_demo:
        st.info("**Synthetische Beispieldaten** – alle Zahlen sind erfunden. Eigene Exporte auf der Seite "
                "*Daten* hochladen; der erste echte Import ersetzt die Beispieldaten.", icon=":material/science:")
    return frame


# Every page: Streamlit's element toolbars (table search/download/fullscreen, map fullscreen) carry
# English tooltips that cannot be set; they are hidden (docs/deployment.md, "Was englisch bleibt").
# SIDEBAR_NOTE: the sidebar folds and opens without Streamlit's 0.3-s slide. During the slide the main
# area changed width on every frame and the map (WebGL, in software without a GPU), the tables and the
# charts were laid out again each time: the council toggle, which folds the sidebar, cost the browser
# about 1 s of CPU more (bench probe, median of 3 toggles: 3,2 → 2,2 s browser CPU, loaded machine).
# Multiselects (Streamlit 1.67): the focused field gives its text input 3rem, so with a long district
# name it grows by a line and shrinks again when the focus leaves. Its clear (⊗) and open buttons were
# centred in it: pressing ⊗ moved the focus, the field shrank, the button slid away from the pointer
# before the release, and the click opened the list instead of clearing the filter. Anchored to the
# first line they stay under the pointer (tests/browser/test_sidebar_controls.py).
APP_CSS = """
[data-testid="stElementToolbar"] { display: none !important; }
[data-testid="stMultiSelect"] div[role="group"] > button { align-self: flex-start !important; }
[data-testid="stMultiSelect"] div[role="group"] > button:not(:last-child) {
    margin-top: calc((2.5rem - 2px - 1.5em) / 2) !important; }
[data-testid="stMultiSelect"] div[role="group"] > button:last-child { height: calc(2.5rem - 2px) !important; }
[data-testid="stSidebar"] { transition: none !important; }  /* fold at once: see SIDEBAR_NOTE */
"""
APP_STYLE = "<style>" + APP_CSS + "</style>"  # literal CSS only: no data text ever passes here


def _council_changed() -> None:
    """Callback of the council toggle: fold the sidebar away on entering, open it on leaving."""
    st.session_state[FOLD_KEY] = "collapse" if st.session_state.get(COUNCIL_KEY) else "expand"


def _fold_sidebar(direction: str) -> None:
    """Fold or open the sidebar once, in the browser. Streamlit applies ``initial_sidebar_state``
    only while the user never folded the sidebar by hand (it then remembers the hand's choice in
    localStorage), so the toggle clicks the sidebar's own button. A fixed script, no user data."""
    want = "collapse" if direction == "collapse" else "expand"
    st.html(FOLD_SCRIPT.replace("__WANT__", want), unsafe_allow_javascript=True)


FOLD_SCRIPT = """<script>
(() => {
  const want = "__WANT__";
  const attempt = (left) => {
    const bar = document.querySelector('[data-testid="stSidebar"]');
    const open = !!bar && bar.getBoundingClientRect().right > 1;
    if ((want === "collapse") !== open) return;  // already as wanted
    const button = want === "collapse"
      ? document.querySelector('[data-testid="stSidebarCollapseButton"] button')
      : document.querySelector('[data-testid="stExpandSidebarButton"]');
    if (button) { button.click(); return; }
    if (left > 0) setTimeout(() => attempt(left - 1), 100);
  };
  setTimeout(() => attempt(20), 50);
})();
</script>"""


def _council_css() -> None:
    """Projector layout (1280×720): larger type, compact title, tiles and one chart on the first
    screen, no hyphenation and no break inside a word."""
    st.html(COUNCIL_STYLE)  # literal CSS only (no space taken, no unsafe_allow_html)


COUNCIL_CSS = """
html { font-size: 18px; }  /* Streamlit sizes in rem: everything scales for the projector */
[data-testid="stMain"] * { hyphens: manual !important; -webkit-hyphens: manual !important;
    word-break: normal !important; overflow-wrap: normal !important; }
[data-testid="stMainBlockContainer"] { padding: 3.2rem 1.6rem 2rem 1.6rem !important; max-width: none !important; }
[data-testid="stMainBlockContainer"] > div > [data-testid="stVerticalBlock"] { gap: 0.55rem !important; }
h1, h1 span { font-size: 2.5rem !important; line-height: 1.25 !important; padding: 0 !important; }
h2, h2 span, h3, h3 span { font-size: 1.35rem !important; line-height: 1.2 !important; padding: 0.3rem 0 0 0 !important; }
h4, h4 span { font-size: 1.2rem !important; line-height: 1.3 !important; padding: 0.1rem 0 !important; }
[data-testid="stMetric"] { padding: 0.3rem 0.6rem !important; }
[data-testid="stMetric"] > div { padding: 0.2rem !important; gap: 0.1rem !important; }
[data-testid="stMetricValue"], [data-testid="stMetricValue"] * { font-size: 1.6rem !important; line-height: 1.25 !important; }
[data-testid="stMetricLabel"], [data-testid="stMetricLabel"] p { font-size: 0.8rem !important; line-height: 1.25 !important; }
[data-testid="stMetricDelta"], [data-testid="stMetricDelta"] * { font-size: 0.75rem !important; }
[data-testid="stMetricLabel"] div, [data-testid="stMetricLabel"] p {
    white-space: normal !important; overflow: visible !important; text-overflow: clip !important; }
[data-testid="stCaptionContainer"], [data-testid="stCaptionContainer"] p { font-size: 0.8rem !important; }
"""
COUNCIL_STYLE = "<style>" + COUNCIL_CSS + "</style>"  # literal CSS only: no data text ever passes here
