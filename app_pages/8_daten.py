"""Daten: upload and check exports, import them, data freshness, snapshots, templates, district map."""

from __future__ import annotations

import datetime as dt
import hashlib

import streamlit as st

from ankunft.core import fmt, geo, glossary
from ankunft.importing import templates
from ankunft.importing.pipeline import check_file
from ankunft.storage.store import StoreError
from ankunft.ui import auth, data, widgets
from ankunft.ui import frame as frame_ui
from ankunft.views import data_view as report_view

frame = frame_ui.page_frame("Daten", district_filter=False)
store = data.get_store()
acc = auth.current_access()

fresh = store.freshness()
present = fresh[fresh["stichtag"].notna()]
if len(present):
    oldest = present.loc[present["stichtag"].idxmin()]
    widgets.headline(
        f"{len(present)} von {len(fresh)} Datensätzen liegen vor; ältester Stand: {oldest['label']} "
        f"vom {fmt.date(oldest['stichtag'])}.")
else:
    widgets.headline("Noch keine Daten importiert.")

# ---------------------------------------------------------------------------------------------
# Upload, check, import (editors only, never in council mode)
# ---------------------------------------------------------------------------------------------
CHECKS = "daten_checks"  # session-scoped: an uploaded file is never visible in another session
OVERRIDES = "daten_overrides"
FLASH = "daten_flash"


def _context() -> dict:
    state = data.load_state(store.latest_stichtag() or frame.stand)
    return {k: state.df(k) for k in ("accommodations", "districts") if state.has(k)}


def _check(name: str, payload: bytes, digest: str) -> object:
    ov = st.session_state.setdefault(OVERRIDES, {}).setdefault(digest, {"stichtag": None, "mapping": {}, "dataset": {}})
    key = (digest, repr(sorted(ov["mapping"].items())), repr(sorted(ov["dataset"].items())), repr(ov["stichtag"]))
    cache = st.session_state.setdefault(CHECKS, {})
    if key not in cache:
        rep = check_file(payload, file_name=name, stichtag=ov["stichtag"], mapping=ov["mapping"] or None,
                         dataset=ov["dataset"] or None, context=_context())
        # remembered column mappings for files of the same layout
        remembered = {}
        for t in rep.tables:
            m = store.mapping_for(t.layout) if t.layout else None
            if m and t.unmapped_columns and any(h in m for h in t.unmapped_columns):
                remembered[t.sheet] = {h: f for h, f in m.items() if h in t.unmapped_columns}
        if remembered and not ov["mapping"]:
            ov["mapping"] = remembered
            rep = check_file(payload, file_name=name, stichtag=ov["stichtag"], mapping=remembered,
                             dataset=ov["dataset"] or None, context=_context())
        if len(cache) > 20:
            cache.clear()
        cache[key] = rep
    return cache[key], ov


def _table_block(rep, t, ov, digest: str) -> None:
    icon = ":material/error:" if (t.blocking or t.errors) else ":material/check_circle:"
    with st.expander(report_view.table_summary(t), expanded=bool(t.errors or t.blocking), icon=icon):
        c1, c2 = st.columns(2)
        options = list(glossary.DATASET_KEYS)
        current = t.dataset if t.dataset in options else None
        chosen = c1.selectbox("Datensatz", options=options, index=options.index(current) if current else None,
                              format_func=lambda k: glossary.DATASETS[k].label, key=f"ds-{digest}-{t.sheet}",
                              placeholder="nicht erkannt – bitte wählen")
        if chosen and chosen != t.dataset:
            ov["dataset"][t.sheet] = chosen
            st.rerun()
        day = c2.date_input("Stichtag", value=t.stichtag, format="DD.MM.YYYY", key=f"st-{digest}-{t.sheet}",
                            help=f"Erkannt aus: {t.stichtag_source}" if t.stichtag_source else "Nicht erkannt.")
        if day and day != t.stichtag:
            ov["stichtag"] = day
            st.rerun()
        if t.dataset and t.unmapped_columns:
            st.markdown("**Nicht erkannte Spalten zuordnen** (wird für Dateien gleichen Aufbaus gemerkt)")
            labels = glossary.labels(t.dataset)
            taken = set(t.columns.values())
            free = ["–"] + [k for k in labels if k not in taken]
            cols = st.columns(min(3, len(t.unmapped_columns)))
            for i, header in enumerate(t.unmapped_columns):
                pick = cols[i % len(cols)].selectbox(
                    f"„{header}“", options=free, key=f"map-{digest}-{t.sheet}-{header}",
                    format_func=lambda k: "nicht importieren" if k == "–" else labels[k])
                if pick != "–":
                    ov["mapping"].setdefault(t.sheet, {})[header] = pick
                    st.rerun()
        tab_issues, tab_map, tab_totals, tab_skip, tab_prev = st.tabs(
            ["Prüfbericht", "Spalten", "Kontrollsummen", "Übersprungene Zeilen", "Vorschau"])
        with tab_issues:
            issues = report_view.issues_frame(t)
            if issues.empty:
                st.success("Keine Fehler, keine Hinweise.")
            else:
                st.dataframe(issues, hide_index=True, width="stretch")
        with tab_map:
            st.dataframe(report_view.mapping_frame(t), hide_index=True, width="stretch")
            for key, text in t.derived.items():
                st.caption(f"{glossary.label(t.dataset, key)}: {text}")
        with tab_totals:
            st.dataframe(report_view.totals_frame(t), hide_index=True, width="stretch")
        with tab_skip:
            sk = report_view.skipped_frame(t)
            if len(sk):
                st.dataframe(sk, hide_index=True, width="stretch")
            else:
                st.write("Keine.")
        with tab_prev:
            if t.dataset == "residents" and not acc.can_see_person_level:
                st.info("Die Vorschau einzelner Aufenthalte ist nur nach Anmeldung sichtbar.", icon=":material/lock:")
            elif t.dataset:
                prev = t.frame.head(20).drop(columns=["_row"], errors="ignore")
                st.dataframe(prev.rename(columns=glossary.labels(t.dataset)), hide_index=True, width="stretch")


def _import(reports, without_faulty: bool) -> None:
    tables = [t for r in reports for t in r.tables]
    bar = st.progress(0.0, text="Import läuft …")
    try:
        ids = store.import_tables(tables, user=acc.actor, without_faulty_rows=without_faulty,
                                  progress=lambda done, total: bar.progress(done / total,
                                                                            text=f"Tabelle {done} von {total}"))
    except StoreError as exc:
        bar.empty()
        st.error(f"Import nicht durchgeführt, es wurde nichts gespeichert: {exc}", icon=":material/error:")
        return
    for r in reports:
        for t in r.tables:
            ov = st.session_state.get(OVERRIDES, {})
            for o in ov.values():
                if t.sheet in o.get("mapping", {}) and t.layout:
                    store.remember_mapping(t.layout, o["mapping"][t.sheet], user=acc.actor)
    data.clear_caches()
    left_out = sum(len(t.error_rows()) for t in tables) if without_faulty else 0
    st.session_state[FLASH] = (
        f"{fmt.plural(len(ids), 'Tabelle', 'Tabellen')} importiert"
        + (f"; {fmt.plural(left_out, 'fehlerhafte Zeile', 'fehlerhafte Zeilen')} ausgelassen (siehe Prüfbericht)."
           if left_out else "."))
    st.session_state.pop("uploader", None)
    st.session_state.pop(CHECKS, None)
    st.session_state.pop(OVERRIDES, None)
    st.rerun()


if FLASH in st.session_state:
    st.success(st.session_state.pop(FLASH), icon=":material/check_circle:")

if frame.council:
    st.info("Im Ratsmodus sind Upload und Verwaltung ausgeblendet.", icon=":material/co_present:")
elif auth.require("can_import", "Das Importieren"):
    st.subheader("Exporte hochladen und prüfen")
    uploads = st.file_uploader(
        "Excel- oder CSV-Exporte der Ämter (Sozialamt, Wohnungsaufsicht, Jugendamt, Statistik)",
        type=["xlsx", "xlsm", "csv"], accept_multiple_files=True, key="uploader",
        help="Titelzeilen, Summenzeilen, mehrere Blätter und deutsche Schreibweisen werden erkannt. "
             "Nichts wird gespeichert, bevor Sie „Importieren“ wählen.")
    reports = []
    for up in uploads or []:
        payload = up.getvalue()
        digest = hashlib.sha256(payload).hexdigest()[:16]
        rep, ov = _check(up.name, payload, digest)
        reports.append(rep)
        level, text = report_view.file_status(rep)
        {"error": st.error, "warning": st.warning, "ok": st.success}[level](text)
        for w in rep.warnings:
            st.caption(f"Hinweis: {w.message}")
        for s in rep.ignored_sheets:
            st.caption(f"Blatt „{s['sheet']}“ ignoriert: {s['reason']}")
        for t in rep.tables:
            _table_block(rep, t, ov, digest)
    if reports:
        has_errors = any(t.errors for r in reports for t in r.tables)
        without_faulty = False
        if has_errors:
            n = sum(len(t.error_rows()) for r in reports for t in r.tables)
            without_faulty = st.checkbox(
                f"Ich bestätige: ohne die {fmt.plural(n, 'fehlerhafte Zeile', 'fehlerhaften Zeilen')} importieren "
                "(sie bleiben im Prüfbericht aufgeführt).", key="confirm_faulty")
        label = "ohne fehlerhafte Zeilen importieren" if has_errors else "Importieren"
        ok = report_view.importable(reports, without_faulty)
        if st.button(label, type="primary", disabled=not ok, icon=":material/download_done:"):
            _import(reports, without_faulty)
        if not ok:
            st.caption("Import erst möglich, wenn jede Tabelle einen Datensatz und einen Stichtag hat und keine "
                       "Aufbaufehler enthält" + (" – und die fehlerhaften Zeilen bestätigt sind." if has_errors else "."))

# ---------------------------------------------------------------------------------------------
# Freshness, snapshots, log
# ---------------------------------------------------------------------------------------------
st.subheader("Aktualität der Daten")
fresh_view = fresh.assign(
    stichtag=fresh["stichtag"].map(fmt.date),
    rows=fresh["rows"].map(fmt.integer),
)[["label", "source_office", "stichtag", "rows", "file_name", "imported_at", "imported_by", "snapshots"]]
st.dataframe(fresh_view.rename(columns={
    "label": "Datensatz", "source_office": "Quelle", "stichtag": "Letzter Stichtag", "rows": "Zeilen",
    "file_name": "Datei", "imported_at": "Importiert am", "imported_by": "Importiert von", "snapshots": "Stände"}),
    hide_index=True, width="stretch")
if store.is_demo():
    st.caption("Angezeigt werden synthetische Beispieldaten aus data/demo/. Sie werden beim ersten echten Import entfernt.")

if not frame.council:
    snaps = store.list_snapshots()
    with st.expander(f"Gespeicherte Stände ({len(snaps)})"):
        view = snaps.assign(stichtag=snaps["stichtag"].map(fmt.date),
                            origin=snaps["origin"].map({"demo": "Beispiel", "import": "Import"}))
        st.dataframe(view[["id", "label", "stichtag", "rows", "file_name", "imported_at", "imported_by", "origin"]]
                     .rename(columns={"id": "Nr.", "label": "Datensatz", "stichtag": "Stichtag", "rows": "Zeilen",
                                      "file_name": "Datei", "imported_at": "Importiert am",
                                      "imported_by": "von", "origin": "Herkunft"}),
                     hide_index=True, width="stretch")
        if acc.can_delete and len(snaps):
            c1, c2 = st.columns([3, 1])
            sid = c1.selectbox("Stand löschen", options=list(snaps["id"]), index=None, placeholder="Stand wählen",
                               format_func=lambda i: (lambda r: f"Nr. {i}: {r['label']} {fmt.date(r['stichtag'])}")(
                                   snaps.set_index("id").loc[i]))
            if c2.button("Löschen", disabled=sid is None, icon=":material/delete:"):
                store.delete_snapshot(int(sid), user=acc.actor)
                data.clear_caches()
                st.session_state[FLASH] = f"Stand Nr. {sid} gelöscht."
                st.rerun()
            days = c1.number_input("Stände älter als … Tage löschen (Aufbewahrungsfrist; der jeweils neueste "
                                   "Stand bleibt)", min_value=30, max_value=3650, value=730, step=30)
            if c2.button("Bereinigen", icon=":material/auto_delete:"):
                n = store.purge(int(days), user=acc.actor)
                data.clear_caches()
                st.session_state[FLASH] = f"{fmt.plural(n, 'Stand', 'Stände')} gelöscht (älter als {days} Tage)."
                st.rerun()
    with st.expander("Protokoll (Importe und Löschungen)"):
        log = store.import_log()
        st.dataframe(log, hide_index=True, width="stretch")

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
                st.session_state[FLASH] = "Amtliche Stadtteilgrenzen übernommen."
                st.rerun()
            except geo.GeoJSONError as exc:
                st.error(f"{gj.name}: {exc}")
        if not geo.is_approximate(current) and st.button("Zurück zu den näherungsweisen Flächen"):
            geo.reset_official_geojson(store, user=acc.actor)
            st.rerun()
