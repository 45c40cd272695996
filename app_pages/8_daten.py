"""Daten: upload and check exports, import them, data freshness, snapshots, templates, district map."""

from __future__ import annotations

import streamlit as st

from ankunft.core import geo, glossary
from ankunft.importing import templates
from ankunft.ui import auth, data, import_flow, tables, widgets
from ankunft.ui import frame as frame_ui
from ankunft.views import data_view, import_notices, recognition_view

frame = frame_ui.page_frame("Daten", district_filter=False)
store = data.get_store()
acc = auth.current_access()

fresh = store.freshness()
widgets.headline(data_view.freshness_headline(fresh))


# ---------------------------------------------------------------------------------------------
# Upload, check, import (editors only, never in council mode)
# ---------------------------------------------------------------------------------------------
def _confirm_block(t, ov, wkey: str) -> None:
    """Mappings below the confirmation score: one click to accept, a choice to change."""
    items = recognition_view.confirmations(t)
    if not items:
        return
    st.markdown("**Zuordnung bestätigen** (wird beim Import für Dateien gleichen Aufbaus gemerkt)")
    for item in items:
        c1, c2, c3 = st.columns([3, 1, 2], vertical_alignment="center")
        c1.markdown(item.text)
        if c2.button("Übernehmen", key=f"ok-{wkey}-{t.sheet}-{item.header}", icon=":material/check:"):
            recognition_view.confirm(ov, t.sheet, item.header, item.field)
            st.rerun()
        pick = c3.selectbox(f"„{item.header}“ ändern", options=item.options, key=f"chg-{wkey}-{t.sheet}-{item.header}",
                            format_func=lambda k, labels=item.option_labels: labels[k], label_visibility="collapsed")
        if pick != item.field:
            recognition_view.confirm(ov, t.sheet, item.header, pick)
            st.rerun()


def _table_block(rep, t, ov, wkey: str, grid=None) -> None:
    icon = ":material/error:" if (t.blocking or t.errors) else ":material/check_circle:"
    with st.expander(data_view.table_summary(t), expanded=bool(t.errors or t.blocking), icon=icon):
        c1, c2 = st.columns(2)
        options = list(glossary.DATASET_KEYS)
        current = t.dataset if t.dataset in options else None
        chosen = c1.selectbox("Datensatz", options=options, index=options.index(current) if current else None,
                              format_func=lambda k: glossary.DATASETS[k].label, key=f"ds-{wkey}-{t.sheet}",
                              placeholder="nicht erkannt – bitte wählen")
        if chosen and chosen != t.dataset:
            ov["dataset"][t.sheet] = chosen
            st.rerun()
        day = c2.date_input("Stichtag", value=t.stichtag, format="DD.MM.YYYY", key=f"st-{wkey}-{t.sheet}",
                            help=f"Erkannt aus: {t.stichtag_source}" if t.stichtag_source else "Nicht erkannt.")
        if day and day != t.stichtag:
            ov["stichtag"] = day
            st.rerun()
        _confirm_block(t, ov, wkey)
        if t.dataset and t.unmapped_columns:
            st.markdown("**Nicht erkannte Spalten zuordnen** (wird für Dateien gleichen Aufbaus gemerkt)")
            labels = glossary.labels(t.dataset)
            taken = set(t.columns.values())
            free = ["–"] + [k for k in labels if k not in taken]
            cols = st.columns(min(3, len(t.unmapped_columns)))
            for i, header in enumerate(t.unmapped_columns):
                pick = cols[i % len(cols)].selectbox(
                    f"„{header}“", options=free, key=f"map-{wkey}-{t.sheet}-{header}",
                    format_func=lambda k: "nicht importieren" if k == "–" else labels[k])
                if pick != "–":
                    ov["mapping"].setdefault(t.sheet, {})[header] = pick
                    st.rerun()
        if data_view.has_hidden_rows(t):
            include = st.checkbox("Ausgeblendete Zeilen einbeziehen", value=ov.get("hidden_rows") == "include",
                                  key=f"hid-{wkey}-{t.sheet}",
                                  help="In Excel ausgeblendete Zeilen sind oft gelöschte Einträge und werden "
                                       "deshalb nicht übernommen; sie stehen unter „Übersprungene Zeilen“.")
            if include != (ov.get("hidden_rows") == "include"):
                ov["hidden_rows"] = "include" if include else "exclude"
                st.rerun()
        if grid is not None and t.dataset == "residents" and not acc.can_see_person_level:
            st.info("Fehlerhafte Aufenthalte lassen sich nur nach Anmeldung hier korrigieren (personenbezogene "
                    "Zeilen); sonst in der Datei berichtigen.", icon=":material/lock:")
        elif grid is not None:
            import_flow.correction_editor(grid, ov, rep.file, wkey)
        choices = data_view.value_choices(t)
        if choices:
            st.markdown("**Unbekannte Werte zuordnen** (wird für Dateien gleichen Aufbaus gemerkt)")
            cols = st.columns(min(3, len(choices)))
            for i, (fld, value, label) in enumerate(choices):
                pick = cols[i % len(cols)].selectbox(label, options=["–", "ja", "nein"],
                                                     key=f"val-{wkey}-{t.sheet}-{fld}-{value}",
                                                     format_func=lambda k: "offen lassen" if k == "–" else k)
                if pick != "–":
                    ov.setdefault("values", {}).setdefault(fld, {})[value] = pick == "ja"
                    st.rerun()
        tab_issues, tab_map, tab_totals, tab_skip, tab_prev = st.tabs(
            ["Prüfbericht", "Spalten", "Kontrollsummen", "Übersprungene Zeilen", "Vorschau"])
        with tab_issues:
            issues = data_view.issues_frame(t)
            if issues.empty:
                st.success("Keine Fehler, keine Hinweise.")
            else:
                st.dataframe(issues, hide_index=True, width="stretch")
        with tab_map:
            st.caption(recognition_view.dataset_reason(t))
            st.dataframe(recognition_view.columns_frame(t), hide_index=True, width="stretch")
            st.dataframe(data_view.mapping_frame(t), hide_index=True, width="stretch")
            for key, text in t.derived.items():
                st.caption(f"{glossary.label(t.dataset, key)}: {text}")
        with tab_totals:
            st.dataframe(data_view.totals_frame(t), hide_index=True, width="stretch")
        with tab_skip:
            sk = data_view.skipped_frame(t)
            if len(sk):
                st.dataframe(sk, hide_index=True, width="stretch")
            else:
                st.write("Keine.")
        with tab_prev:
            if t.dataset == "residents" and not acc.can_see_person_level:
                st.info("Die Vorschau einzelner Aufenthalte ist nur nach Anmeldung sichtbar.", icon=":material/lock:")
            elif t.dataset:
                st.dataframe(data_view.preview_frame(t), hide_index=True, width="stretch")


import_flow.show_flash()

if frame.council:
    st.info("Im Ratsmodus sind Upload und Verwaltung ausgeblendet.", icon=":material/co_present:")
elif auth.require("can_import", "Das Importieren"):
    st.subheader("Exporte hochladen und prüfen")
    uploads = st.file_uploader(
        "Excel- oder CSV-Exporte der Ämter (Sozialamt, Wohnungsaufsicht, Jugendamt, Statistik)",
        type=["xlsx", "xlsm", "xls", "ods", "csv", "txt"], accept_multiple_files=True, key=import_flow.UPLOADER,
        help="Titelzeilen, Summenzeilen, mehrere Blätter und deutsche Schreibweisen werden erkannt. "
             "Nichts wird gespeichert, bevor Sie „Importieren“ wählen.")
    reports, choices = [], []
    for wkey, chk, ov in import_flow.checked_uploads(store, list(uploads or []), frame.stand):
        rep = chk.report
        reports.append(rep)
        choices.append(ov)
        level, text = data_view.file_status(rep)
        {"error": st.error, "warning": st.warning, "ok": st.success}[level](text)
        fixed = data_view.corrections_summary(ov)
        if fixed:
            st.caption(fixed)
        for w in rep.warnings:
            st.caption(f"Hinweis: {w.message}")
        for s in rep.ignored_sheets:
            st.caption(f"Blatt „{s['sheet']}“ ignoriert: {s['reason']}")
        for t in rep.tables:
            _table_block(rep, t, ov, wkey, chk.grids.get(t.sheet))
    if reports:
        panel = data_view.import_panel(reports)
        first = import_notices.first_import_notice(reports, store.is_demo())
        if first:
            st.warning(first, icon=":material/warning:")
        for note in import_notices.coordinates_notes(reports):
            st.info(note, icon=":material/location_off:")
        without_faulty = False
        if panel.confirm_label:
            for effect in import_notices.left_out_effects(reports):
                st.warning(effect, icon=":material/playlist_remove:")
            without_faulty = st.checkbox(panel.confirm_label, key="confirm_faulty")
        ok = data_view.importable(reports, without_faulty)
        if st.button(panel.button_label, type="primary", disabled=not ok, icon=":material/download_done:"):
            import_flow.run_import(store, reports, without_faulty, acc.actor, choices)
        if not ok:
            st.caption(panel.blocked_hint)

# ---------------------------------------------------------------------------------------------
# Freshness, snapshots, log
# ---------------------------------------------------------------------------------------------
st.subheader("Aktualität der Daten")
tables.show(data_view.freshness_table(fresh), fit=frame.council)
if store.is_demo():
    st.caption("Angezeigt werden synthetische Beispieldaten aus data/demo/. Sie werden beim ersten echten Import entfernt.")
elif not frame.council:  # notes for the officer, not for the projector
    still_missing = import_notices.stored_missing_notice(fresh, False)
    if still_missing:
        st.warning(still_missing, icon=":material/hourglass_empty:")
    for note in import_notices.stored_coordinates_notes(data.load_state(frame.stand)):
        st.info(note, icon=":material/location_off:")

if not frame.council:
    snaps = store.list_snapshots()
    with st.expander(data_view.snapshots_title(snaps)):
        tables.show(data_view.snapshots_table(snaps), within_px=tables.EXPANDER_WIDTH_PX)
        if acc.can_delete and len(snaps):
            c1, c2 = st.columns([3, 1])
            sid = c1.selectbox("Stand löschen", options=list(snaps["id"]), index=None, placeholder="Stand wählen",
                               format_func=lambda i: data_view.snapshot_choice(snaps, i))
            if c2.button("Löschen", disabled=sid is None, icon=":material/delete:"):
                import_flow.delete_snapshot(store, sid, acc.actor)
            days = c1.number_input("Stände älter als … Tage löschen (Aufbewahrungsfrist; der jeweils neueste "
                                   "Stand bleibt)", min_value=30, max_value=3650, value=730, step=30)
            if c2.button("Bereinigen", icon=":material/auto_delete:"):
                import_flow.purge(store, days, acc.actor)
    with st.expander("Protokoll (Importe und Löschungen)"):
        log = store.import_log()
        picked = tables.show(data_view.log_table(log), within_px=tables.EXPANDER_WIDTH_PX, select=True, key="log")
        chosen = [i for i in picked.selection.rows if i < len(log)]  # a kept choice may outlive a shorter log
        if chosen:
            st.info(data_view.log_entry(log, chosen[0]), icon=":material/receipt_long:")
        elif len(log):
            st.caption("Eine Zeile anklicken (Kästchen links): der ganze Eintrag mit Datei und Stand-Nummer.")

    st.subheader("Vorlagen")
    st.write("Excel-Vorlagen mit Erklärungsblatt und Auswahllisten; ausgefüllt lassen sie sich ohne Fehler importieren.")
    cols = st.columns(len(glossary.DATASET_KEYS))
    for col, key in zip(cols, glossary.DATASET_KEYS):
        col.download_button(glossary.DATASETS[key].label, data=templates.template_xlsx(key),
                            file_name=templates.file_name(key), icon=":material/download:",
                            mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                            key=f"tpl-{key}")

    st.subheader("Stadtteilgrenzen")
    current = geo.load_districts_geojson(store=store)
    if geo.is_approximate(current):
        st.write("Die Karten zeigen **näherungsweise** Stadtteilflächen. Die amtliche Datei "
                 "`ortsbezirksgrenzen_wgs84.geojson` des Open-Data-Portals kann sie ersetzen.")
    else:
        st.write("Die Karten zeigen die hochgeladenen amtlichen Stadtteilgrenzen.")
    if acc.can_import:
        gj = st.file_uploader("Amtliche Stadtteilgrenzen (GeoJSON)", type=["geojson", "json"], key="geojson")
        if gj is not None and st.button("Grenzen übernehmen", icon=":material/map:"):
            try:
                geo.save_official_geojson(store, gj.getvalue(), user=acc.actor)
                import_flow.flash("Amtliche Stadtteilgrenzen übernommen.")
                st.rerun()
            except geo.GeoJSONError as exc:
                st.error(f"{gj.name}: {exc}")
        if not geo.is_approximate(current) and st.button("Zurück zu den näherungsweisen Flächen"):
            geo.reset_official_geojson(store, user=acc.actor)
            st.rerun()
