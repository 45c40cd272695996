"""Bericht: pick the content, download PowerPoint, Excel, offline HTML and the Sachstand text."""

from __future__ import annotations

import hashlib

import streamlit as st

from ankunft.core import fmt, geo
from ankunft.storage import council_setting
from ankunft.ui import auth, data, widgets
from ankunft.ui import frame as frame_ui
from ankunft.ui import report_cache as cache
from ankunft.views import report_model as model
from ankunft.views import report_view as assemble

TEMPLATE_KEY = "bericht_template"  # (file name, bytes) of the city's template, kept for this session
PPTX_MIME = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


frame = frame_ui.page_frame("Bericht")
state, previous = frame.state, frame.previous

if not state.views:
    widgets.headline("Für einen Bericht fehlen noch Daten.")
    widgets.empty_state("accommodations", "Der Bericht braucht mindestens die Unterkunftsliste.")
    st.stop()
top = st.empty()  # the headline, filled once the report is built

# --- choice of content ----------------------------------------------------------------------
st.subheader("Inhalt")
sections = st.multiselect("Abschnitte", options=list(assemble.SECTION_KEYS), default=list(assemble.SECTION_KEYS),
                          format_func=assemble.SECTION_LABELS.get, key="bericht_sections", select_all=False,
                          help="Reihenfolge im Bericht wie in der Liste; Abschnitte ohne Daten entfallen.")
left, right = st.columns(2)
# commits while typing (after a 300 ms pause), not only on blur: the click on a download button that
# would blur the field downloaded the file built before, without the author (issue #17)
author = left.text_input("Verfasst von", key="bericht_author", max_chars=120, live="300ms",
                         placeholder="z. B. Integrationsbüro, Name", help="Steht auf der Titelfolie.")
saved = data.get_store().list_scenarios()
chosen = right.multiselect("Szenarien vergleichen", options=list(saved["name"]), key="bericht_scenarios",
                           placeholder="keine: geplante Schließungen laut Unterkunftsliste", select_all=False,
                           help="Gespeicherte Szenarien der Seite Szenarien.")
marker = assemble.COUNCIL_THRESHOLD.marker  # one threshold per Stand, as on the screens (issue 15)
if not frame.council and auth.current_access().can_import:  # an editor records the Stand's threshold
    recorded = frame.state.council_marker or council_setting.DEFAULT_MARKER
    pick = left.selectbox(f"Schwelle der Ratsfassung (Stand {fmt.date(frame.state.stand)})",
                          options=list(council_setting.MARKERS), index=council_setting.MARKERS.index(recorded),
                          key=f"bericht_schwelle_{frame.state.stand.isoformat()}",
                          help="Gilt für jede Ratsansicht und jeden Ratsexport dieses Stands und steht in der "
                               "Fußzeile jedes Exports; keine Wahl je Export.")
    if pick != recorded:
        data.get_store().set_council_marker(frame.state.stand, pick, user=auth.current_user_label())
        st.rerun()
if frame.council:
    st.info("Ratsfassung: Jede Personenzahl läuft durch die Geheimhaltung wie auf dem Bildschirm – kleine Werte "
            "erscheinen als „≤2“ bzw. „<5“, Werte, aus denen sie sich errechnen ließen, als „•“.",
            icon=":material/shield_person:")
elif auth.require("can_upload_template", "Das Hochladen einer eigenen Vorlage"):
    upload = st.file_uploader("Vorlage der Stadt (optional, .pptx oder .potx)", type=["pptx", "potx"],
                              key="bericht_template_upload",
                              help="Masterfolien, Farben und Schriften der Vorlage werden übernommen.")
    if upload is not None:
        st.session_state[TEMPLATE_KEY] = (upload.name, upload.getvalue())
    elif TEMPLATE_KEY in st.session_state and st.session_state.get("bericht_template_upload") is None:
        st.session_state.pop(TEMPLATE_KEY, None)
else:  # no upload right (viewer, read-only instance): no template either, also not one kept from before
    st.session_state.pop(TEMPLATE_KEY, None)
template_name, template = st.session_state.get(TEMPLATE_KEY, (None, None))
template_hash = hashlib.sha256(template).hexdigest() if template else ""

if not sections:
    with top.container():
        widgets.headline("Bitte mindestens einen Abschnitt wählen.")
    st.stop()

scenarios = tuple((name, data.get_store().load_scenario(name) or "") for name in chosen)
key = cache.report_key(sections, frame.council, author, frame.focus_ids, frame.focus_label, frame.district_ids, marker,
                       scenarios, geo.load_districts_geojson(store=data.get_store()))

# --- Handlungsbedarf: every finding ticked; an unticked one is left out of every export ---------------
excluded: tuple = ()
if "findings" in sections:
    found = cache.findings(state, previous, key)
    st.subheader("Handlungsbedarf")
    if found:
        st.caption("Punkte, die eine Entscheidung des Rates brauchen, dringendste zuerst. Abgewählte Punkte "
                   "fehlen in PowerPoint, Excel, HTML und Sachstand.")
        for f in found:
            if not st.checkbox(fmt.md(f.title), value=True, key=f"bericht_befund_{f.key}"):
                excluded += (f.key,)
            st.caption(fmt.md(f"{f.text} Quelle: {f.source}"))
    else:
        st.caption("Die Daten dieses Stands zeigen keinen Punkt, der eine Entscheidung des Rates braucht.")
key = cache.with_excluded(key, excluded)

# --- the report (cached per content and Stand); the files are built when their button is clicked ----
with st.spinner("Bericht wird zusammengestellt …", show_time=True):
    report, sachstand, warnings = cache.bundle(state, previous, *key)
problem = cache.template_problem(template_hash, template)
if problem:  # an unusable template: say so, offer the rest
    st.error(f"Die Vorlage „{template_name}“ kann nicht verwendet werden: {problem}")
files = cache.file_builders(state, previous, key, template_hash, template)

missing = [assemble.SECTION_LABELS[s] for s in sections if s not in {x.key for x in report.sections}]
headline = (f"Bericht zum Stand {fmt.date(report.stand)} mit "
            f"{fmt.plural(len(report.sections), 'Abschnitt', 'Abschnitten')}")
headline += " – Ratsfassung, kleine Fallzahlen unterdrückt." if report.council else "."
with top.container():
    widgets.headline(headline)
if missing:
    st.warning("Ohne Daten und daher nicht im Bericht: " + ", ".join(missing) + ".", icon=":material/info:")
for w in warnings:
    st.warning(w)
if template_name and not problem:
    st.caption(f"PowerPoint mit der Vorlage „{template_name}“.")

# --- downloads ------------------------------------------------------------------------------------
st.subheader("Herunterladen")
buttons = []
if not problem:
    buttons.append(("PowerPoint", files["pptx"], model.file_name(report, "pptx"), PPTX_MIME, ":material/slideshow:",
                    "dl_pptx"))
buttons += [
    ("Excel", files["xlsx"], model.file_name(report, "xlsx"), XLSX_MIME, ":material/table_view:", "dl_xlsx"),
    ("HTML (offline)", files["html"], model.file_name(report, "html"), "text/html", ":material/public_off:",
     "dl_html"),
    ("Sachstand (Text)", sachstand.encode("utf-8"), model.file_name(report, "txt").replace("Bericht_", "Sachstand_", 1),
     "text/plain", ":material/article:", "dl_text"),
]
per_row = 2 if frame.council else 4  # projector width: labels stay whole
for start in range(0, len(buttons), per_row):
    cols = st.columns(per_row)
    for col, (label, payload, name, mime, icon, key_) in zip(cols, buttons[start:start + per_row]):
        col.download_button(label, data=payload, file_name=name, mime=mime, icon=icon, key=key_, on_click="ignore")
st.caption(f"Dateinamen mit dem Stand {fmt.date(report.stand)} · {report.stamp}")

# --- the Sachstand to copy ------------------------------------------------------------------------
st.subheader("Sachstand für die Beschlussvorlage")
st.code(sachstand, language=None, wrap_lines=True)

# --- what the report contains ---------------------------------------------------------------------
st.subheader("Vorschau der Abschnitte")
for section in report.sections:
    with st.expander(section.title, expanded=False):
        if section.headline:
            st.markdown(f"**{section.headline}**")
        if section.kpis:
            widgets.kpi_tiles(section.kpis, columns=min(4, len(section.kpis)))
        st.caption(section.caption())
        st.markdown("**Sprechernotiz**")
        st.text(report.notes_for(section))
