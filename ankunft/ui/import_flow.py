"""Session glue of the Daten page's import flow: uploaded files are checked once per content and
corrections (kept in this session only: an uploaded file is never visible in another session),
imported with a progress bar, and the outcome is shown after the rerun. The logic itself is in
``views/data_view.py``.
"""

from __future__ import annotations

import datetime as dt

import streamlit as st

from ankunft.importing import corrections, vocab
from ankunft.importing.report import FileReport
from ankunft.storage.store import Store
from ankunft.ui import data
from ankunft.views import data_view

CHECKS = "daten_checks"  # content + corrections → report
OVERRIDES = "daten_overrides"  # content digest → the user's corrections
FLASH = "daten_flash"  # the message shown after the next rerun
UPLOADER = "uploader"  # the file uploader's widget key
_MAX_CHECKS = 20


def _context(store: Store, stand: dt.date) -> dict:
    """Stored accommodations and districts, against which uploaded references are checked."""
    state = data.load_state(store.latest_stichtag() or stand)
    return {k: state.df(k) for k in ("accommodations", "districts") if state.has(k)}


def check_upload(store: Store, name: str, payload: bytes, stand: dt.date,
                 digest: str | None = None) -> tuple[data_view.Checked, dict, str]:
    """The check of one uploaded file with its corrections: (checked file, corrections, digest); cached in the
    session."""
    digest = digest or data_view.upload_digest(payload)
    ov = st.session_state.setdefault(OVERRIDES, {}).setdefault(digest, data_view.new_overrides())
    key = data_view.check_key(digest, ov)
    cache = st.session_state.setdefault(CHECKS, {})
    if key not in cache:
        checked = data_view.checked_upload(
            name, payload, ov, mapping_for=store.mapping_for, context=_context(store, stand),
            values_for=lambda layout: vocab.remembered_values(store.get_setting, layout))
        if len(cache) > _MAX_CHECKS:
            cache.clear()
        cache[key] = checked
    return cache[key], ov, digest


def checked_uploads(store: Store, uploads: list, stand: dt.date) -> list[tuple[str, data_view.Checked, dict]]:
    """Check every upload once per content: (widget key, checked file, corrections) for each distinct file, in
    upload order; a repeat of an earlier upload's content gets a German notice instead of a second check."""
    payloads = [up.getvalue() for up in uploads]
    digests = [data_view.upload_digest(p) for p in payloads]
    repeats = data_view.first_uploads([(up.name, d) for up, d in zip(uploads, digests)])
    checked = []
    for pos, (up, payload, digest) in enumerate(zip(uploads, payloads, digests)):
        if pos in repeats:
            st.warning(data_view.duplicate_notice(up.name, repeats[pos]), icon=":material/content_copy:")
            continue
        chk, ov, _ = check_upload(store, up.name, payload, stand, digest)
        checked.append((data_view.widget_key(pos, up.name), chk, ov))
    return checked


def correction_editor(grid: corrections.Grid, ov: dict, file_name: str, wkey: str) -> None:
    """The faulty rows of one table in an editable grid; the officer's changes are taken on a click and the
    file is checked again (nothing is stored before the import)."""
    st.markdown(f"**{data_view.correction_title(grid)}**")
    st.caption(data_view.CORRECTION_HINT)
    config = {corrections.ROW: st.column_config.NumberColumn(corrections.ROW, format="%d", width="small"),
              corrections.ERRORS: st.column_config.TextColumn(corrections.ERRORS, width="medium")}
    for label in grid.fields:
        config[label] = st.column_config.TextColumn(label)
    key = f"fix-{wkey}-{grid.sheet}-{data_view.grid_digest(grid)}"  # a changed grid gets a fresh editor
    edited = st.data_editor(grid.frame, key=key, hide_index=True, num_rows="fixed",
                            disabled=[corrections.ROW, corrections.ERRORS], column_config=config)
    if st.button("Korrekturen übernehmen und neu prüfen", key=f"fixok-{wkey}-{grid.sheet}",
                 icon=":material/published_with_changes:"):
        cells = ov.setdefault("cells", {}).get(grid.sheet, {})
        new = corrections.changes(grid, edited, file_name, cells)
        if not new:
            st.info("Keine Zelle geändert.", icon=":material/info:")
            return
        ov["cells"][grid.sheet] = corrections.merge(cells, new)
        st.session_state.pop(key, None)
        st.rerun()


def run_import(store: Store, reports: list[FileReport], without_faulty: bool, user: str,
               overrides: list[dict] | None = None) -> None:
    """Import with a progress bar; on success forget the uploads and rerun, else show why nothing was stored.

    ``overrides``: the choices and corrections of the files being imported (not those of files uploaded
    earlier in this session and removed since: a correction is logged only with the file it was made in)."""
    bar = st.progress(0.0, text="Import läuft …")
    chosen = dict(enumerate(overrides)) if overrides is not None else st.session_state.get(OVERRIDES, {})
    result = data_view.import_reports(
        store, reports, user=user, without_faulty_rows=without_faulty, overrides=chosen,
        progress=lambda done, total: bar.progress(done / total, text=f"Tabelle {done} von {total}"))
    if not result.ok:
        bar.empty()
        st.error(result.message, icon=":material/error:")
        return
    data.clear_caches()
    flash(result.message)
    for key in (UPLOADER, CHECKS, OVERRIDES):
        st.session_state.pop(key, None)
    st.rerun()


def delete_snapshot(store: Store, snapshot_id: int, user: str) -> None:
    store.delete_snapshot(int(snapshot_id), user=user)
    data.clear_caches()
    flash(data_view.deleted_message(snapshot_id))
    st.rerun()


def purge(store: Store, days: int, user: str) -> None:
    n = store.purge(int(days), user=user)
    data.clear_caches()
    flash(data_view.purged_message(n, days))
    st.rerun()


def flash(message: str) -> None:
    """Show ``message`` as a success note after the next rerun."""
    st.session_state[FLASH] = message


def show_flash() -> None:
    if FLASH in st.session_state:
        st.success(st.session_state.pop(FLASH), icon=":material/check_circle:")
