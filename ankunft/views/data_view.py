"""The Daten page's view model: German display tables of an import report, the import flow
(checking an upload with its corrections, deciding importability, storing, the messages) and the
store's freshness and snapshot tables. No Streamlit here; the session glue is ``ui/import_flow.py``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from typing import Callable

import pandas as pd

from ankunft.core import fmt, glossary
from ankunft.importing import corrections, vocab
from ankunft.importing.io import Limits
from ankunft.importing.io.read_ahead import load
from ankunft.importing.pipeline import check_file
from ankunft.importing.report import FileReport, TableReport
from ankunft.storage.store import FRESHNESS_LABELS, LOG_LABELS, ORIGIN_LABELS, SNAPSHOT_LABELS, Store, StoreError
from ankunft.views import recognition_view, text_lines

ISSUE_COLUMNS = ["Art", "Zeile", "Spalte", "Wert", "Meldung", "Code"]


def issues_frame(table: TableReport) -> pd.DataFrame:
    """Errors then warnings, one row each, with the Excel row and the column as in the file."""
    rows = []
    for kind, items in (("Fehler", table.errors), ("Hinweis", table.warnings)):
        for i in items:
            rows.append({"Art": kind, "Zeile": i.row, "Spalte": i.column or "", "Wert": i.value or "",
                         "Meldung": i.message, "Code": i.code})
    df = pd.DataFrame(rows, columns=ISSUE_COLUMNS)
    df["Zeile"] = df["Zeile"].astype("Int64")
    return df


def skipped_frame(table: TableReport) -> pd.DataFrame:
    df = pd.DataFrame([{"Zeile": s.row, "Grund": s.reason} for s in table.skipped_rows], columns=["Zeile", "Grund"])
    df["Zeile"] = df["Zeile"].astype("Int64")
    return df


def mapping_frame(table: TableReport) -> pd.DataFrame:
    """File header → recognised field (German label), plus unrecognised and dropped columns."""
    rows = []
    for header, key in table.columns.items():
        label = glossary.label(table.dataset, key) if table.dataset in glossary.DATASETS else key
        rows.append({"Spalte in der Datei": header, "erkannt als": label, "Hinweis": ""})
    for header in table.unmapped_columns:
        rows.append({"Spalte in der Datei": header, "erkannt als": "–", "Hinweis": "nicht erkannt, wird nicht importiert"})
    for header, reason in table.dropped_identifier_columns.items():
        rows.append({"Spalte in der Datei": header, "erkannt als": "–", "Hinweis": f"nicht gespeichert: {reason}"})
    return pd.DataFrame(rows, columns=["Spalte in der Datei", "erkannt als", "Hinweis"])


def totals_frame(table: TableReport) -> pd.DataFrame:
    """Control totals of numeric fields, and the file's own sum row beside them where it has one."""
    rows = []
    for key, total in table.totals.items():
        label = glossary.label(table.dataset, key) if table.dataset in glossary.DATASETS else key
        file_sum = table.sum_row.get(key) if table.sum_row else None
        if file_sum is None:
            check = "keine Summenzeile"
        elif abs(float(file_sum) - float(total)) < 0.5:
            check = "stimmt"
        else:
            check = f"weicht ab ({fmt.signed(float(file_sum) - float(total), 1)})"
        rows.append({"Feld": label, "Summe berechnet": fmt.num(total, 1 if float(total) % 1 else 0),
                     "Summenzeile der Datei": fmt.num(file_sum, 1 if file_sum is not None and float(file_sum) % 1 else 0)
                     if file_sum is not None else "–",
                     "Prüfung": check})
    return pd.DataFrame(rows, columns=["Feld", "Summe berechnet", "Summenzeile der Datei", "Prüfung"])


def table_summary(table: TableReport) -> str:
    """One German line: dataset, rows, Stichtag, errors/warnings."""
    ds = table.dataset_label or "nicht erkannt"
    parts = [f"Blatt „{fmt.md(table.sheet)}“: {ds}", fmt.plural(table.rows, "Datenzeile", "Datenzeilen")]
    parts.append(f"Stichtag {fmt.date(table.stichtag)}" if table.stichtag else "ohne Stichtag")
    if table.header_row:
        parts.append(f"Überschrift in Zeile {table.header_row}")
    parts.append(fmt.plural(len(table.errors), "Fehler", "Fehler"))
    parts.append(fmt.plural(len(table.warnings), "Hinweis", "Hinweise"))
    if table.skipped_rows:
        parts.append(fmt.plural(len(table.skipped_rows), "Zeile übersprungen", "Zeilen übersprungen"))
    return " · ".join(parts)


def file_status(report: FileReport) -> tuple[str, str]:
    """(level, German markdown text) for a whole file: level is 'error', 'warning' or 'ok' (file name escaped)."""
    name = fmt.md(report.file)
    if report.code is not None:
        return "error", f"{name}: {report.error}"
    if not report.tables:
        return "error", f"{name}: keine Tabelle erkannt."
    blocking = [t for t in report.tables if t.blocking]
    faulty = [t for t in report.tables if t.errors and not t.blocking]
    if blocking:
        return "error", f"{name}: {len(blocking)} Tabelle(n) nicht importierbar (Aufbau)."
    if faulty:
        n = sum(len(t.error_rows()) for t in faulty)
        return "warning", (f"{name}: {fmt.plural(n, 'Zeile', 'Zeilen')} mit Fehlern – in der Tabelle "
                           "„Fehlerhafte Zeilen korrigieren“ berichtigen oder nach Bestätigung ohne diese Zeilen "
                           "importieren.")
    return "ok", f"{name}: bereit zum Import."


def importable(reports: list[FileReport], without_faulty_rows: bool) -> bool:
    """True when every table can be imported (with the faulty rows left out if so confirmed)."""
    tables = [t for r in reports for t in r.tables]
    if not tables or any(r.code is not None for r in reports):
        return False
    if any(t.blocking or t.dataset is None or t.stichtag is None for t in tables):
        return False
    return without_faulty_rows or all(not t.errors for t in tables)


def preview_frame(table: TableReport, rows: int = 20) -> pd.DataFrame:
    """The first rows as recognised, with German headers (without the internal row number)."""
    prev = table.frame.head(rows).drop(columns=["_row"], errors="ignore")
    return prev.rename(columns=glossary.labels(table.dataset))


# --- checking an upload ------------------------------------------------------------------------
def upload_digest(payload: bytes) -> str:
    """A short id of an uploaded file's content (its corrections and checks are kept under it)."""
    return hashlib.sha256(payload).hexdigest()[:16]


def widget_key(position: int, name: str) -> str:
    """The widgets of one uploaded file are keyed by its place in the upload list and its name, not by
    its content: two uploads of the same bytes ("export.xlsx", "export (1).xlsx") keep apart."""
    return f"{position}-{name}"


def duplicate_notice(name: str, first: str) -> str:
    """The notice for an upload whose content equals an earlier upload of this list."""
    name, first = fmt.md(name), fmt.md(first)
    return (f"„{name}“ hat denselben Inhalt wie „{first}“ und wird nicht noch einmal geprüft oder importiert. "
            f"Bitte die doppelte Datei entfernen (× neben „{name}“).")


def first_uploads(uploads: list[tuple[str, str]]) -> dict[int, str]:
    """For ``[(name, digest), …]`` in upload order: position → name of the earlier upload with the same
    content, for every upload that repeats one; the first of each content is not listed."""
    seen: dict[str, str] = {}
    repeats: dict[int, str] = {}
    for pos, (name, digest) in enumerate(uploads):
        if digest in seen:
            repeats[pos] = seen[digest]
        else:
            seen[digest] = name
    return repeats


def new_overrides() -> dict:
    """The user's corrections of one uploaded file: a Stichtag, column mappings and datasets per sheet, and
    values mapped by hand (field -> {value as written -> yes/no or category}) and corrected cells
    (sheet -> {(Excel row, field) -> corrections.Correction})."""
    return {"stichtag": None, "mapping": {}, "dataset": {}, "values": {}, "cells": {}}


def check_key(digest: str, overrides: dict) -> tuple:
    """Identifies one check of one file with its corrections (the session caches checks by it)."""
    return (digest, repr(sorted(overrides["mapping"].items())), repr(sorted(overrides["dataset"].items())),
            repr(overrides["stichtag"]), repr(sorted(overrides.get("values", {}).items())),
            overrides.get("hidden_rows", "exclude"),
            repr(sorted((sheet, sorted(cells.items())) for sheet, cells in overrides.get("cells", {}).items())))


def remembered_mapping(report: FileReport, mapping_for: Callable[[str], dict | None]) -> dict:
    """Sheet → {header → field} for unrecognised columns that a remembered mapping of the same layout knows."""
    remembered = {}
    for t in report.tables:
        m = mapping_for(t.layout) if t.layout else None
        open_ = recognition_view.open_headers(t)  # unmapped columns and mappings awaiting confirmation
        if m and any(h in m for h in open_):
            remembered[t.sheet] = {h: f for h, f in m.items() if h in open_}
    return remembered


def remembered_values(report: FileReport, values_for: Callable[[str], dict]) -> dict:
    """Field -> {value -> target} for unknown values that a mapping remembered for the same layout knows."""
    out: dict[str, dict] = {}
    for t in report.tables:
        known = values_for(t.layout) if (t.layout and t.unknown_values) else {}
        for fld, counts in t.unknown_values.items():
            hits = {v: known[fld][v] for v in counts if v in known.get(fld, {})}
            if hits:
                out.setdefault(fld, {}).update(hits)
    return out


def has_hidden_rows(t: TableReport) -> bool:
    """The table has rows hidden in the spreadsheet (left out by default; the officer may include them)."""
    return any(i.code == "hidden_rows" for i in t.warnings)


def value_choices(t: TableReport) -> list[tuple[str, str, str]]:
    """(field, value as written, German label) for each unknown value of a table, most frequent first."""
    out = []
    for fld, counts in t.unknown_values.items():
        label = glossary.label(t.dataset, fld) if t.dataset else fld
        for value, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
            out.append((fld, value, f"{label}: „{value}“ ({fmt.integer(n)}×)"))
    return out


@dataclass(frozen=True)
class Checked:
    """One uploaded file as checked with the officer's choices and corrections."""

    report: FileReport
    grids: dict[str, corrections.Grid]  # sheet -> its faulty rows as an editable grid


def check_upload(name: str, payload: bytes, overrides: dict, *, mapping_for: Callable[[str], dict | None],
                 context: dict[str, pd.DataFrame], values_for: Callable[[str], dict] | None = None) -> FileReport:
    """The report of :func:`checked_upload`."""
    return checked_upload(name, payload, overrides, mapping_for=mapping_for, context=context,
                          values_for=values_for).report


def corrections_of(overrides: dict) -> list[corrections.Correction]:
    """The corrected cells of one uploaded file, in sheet and row order."""
    return [c for _, cells in sorted(overrides.get("cells", {}).items())
            for _, c in sorted(cells.items())]


def checked_upload(name: str, payload: bytes, overrides: dict, *, mapping_for: Callable[[str], dict | None],
                   context: dict[str, pd.DataFrame], values_for: Callable[[str], dict] | None = None) -> Checked:
    """Check an uploaded file with the user's corrections.

    Without corrections of the columns, mappings remembered for files of the same layout are
    applied (and recorded in ``overrides``, so the user sees and can change them). Corrected cells
    are written into the file's sheets as read and the whole file is checked again by the pipeline.
    """
    loaded = load(payload, name, Limits())

    def check(mapping, source=loaded):
        return check_file(source, file_name=name, stichtag=overrides["stichtag"], mapping=mapping,
                          dataset=overrides["dataset"] or None, context=context,
                          values=overrides.get("values") or None,
                          hidden_rows=overrides.get("hidden_rows", "exclude"))

    report = check(overrides["mapping"] or None)
    remembered = remembered_mapping(report, mapping_for)
    if remembered and not overrides["mapping"]:
        overrides["mapping"] = remembered
        report = check(remembered)
    known = remembered_values(report, values_for) if values_for else {}
    if known and not overrides.get("values"):
        overrides["values"] = known
        report = check(overrides["mapping"] or None)
    choices = {"dataset": overrides["dataset"] or None, "mapping": overrides["mapping"] or None}
    fixes = corrections_of(overrides)
    source = corrections.apply(loaded, fixes, reports=report.tables, **choices) if fixes else loaded
    if fixes:
        report = check(overrides["mapping"] or None, source)
    grids = {t.sheet: g for t in report.tables if (g := corrections.grid(source, t, **choices)) is not None}
    return Checked(report, grids)


CORRECTION_HINT = ("Werte direkt in der Tabelle ändern, dann „Korrekturen übernehmen und neu prüfen“. Die ganze "
                   "Datei wird mit den Korrekturen erneut geprüft; gespeichert wird erst beim Import, jede Korrektur "
                   "steht dann im Protokoll (alter → neuer Wert, wer, wann).")


def grid_digest(grid: corrections.Grid) -> str:
    """A short id of a grid's rows and columns: edits made in one grid never apply to another."""
    return hashlib.sha256(grid.frame.to_csv(index=False).encode("utf-8")).hexdigest()[:12]


def correction_title(grid: corrections.Grid) -> str:
    """The heading of a table's correction grid."""
    shown = len(grid.frame)
    more = f" (die ersten {fmt.integer(shown)}; weitere {fmt.integer(grid.hidden)} im Prüfbericht)" if grid.hidden \
        else ""
    return f"Fehlerhafte Zeilen korrigieren: {fmt.plural(shown + grid.hidden, 'Zeile', 'Zeilen')}{more}"


def corrections_summary(overrides: dict) -> str | None:
    """What the officer has corrected so far in one file (None when nothing); markdown, data text escaped."""
    fixes = corrections_of(overrides)
    if not fixes:
        return None
    return (f"{fmt.plural(len(fixes), 'Zelle', 'Zellen')} korrigiert (wird beim Import protokolliert): "
            + "; ".join(f"Zeile {c.row}, „{fmt.md(c.header)}“: {fmt.md(c.old) if c.old else 'leer'} → "
                        f"{fmt.md(c.new) if c.new else 'leer'}" for c in fixes[:5])
            + (" …" if len(fixes) > 5 else ""))


# --- deciding and importing ----------------------------------------------------------------------
def faulty_rows(reports: list[FileReport]) -> int:
    """Rows with errors over all tables (left out when importing without faulty rows)."""
    return sum(len(t.error_rows()) for r in reports for t in r.tables)


@dataclass(frozen=True)
class ImportPanel:
    """What the import controls say for the checked files."""

    has_errors: bool
    confirm_label: str | None  # the confirmation to leave out faulty rows; None when there are none
    button_label: str
    blocked_hint: str  # shown while the import is not possible


def import_panel(reports: list[FileReport]) -> ImportPanel:
    has_errors = any(t.errors for r in reports for t in r.tables)
    confirm = None
    if has_errors:
        rows = fmt.plural(faulty_rows(reports), "fehlerhafte Zeile", "fehlerhaften Zeilen")
        confirm = f"Ich bestätige: ohne die {rows} importieren (sie bleiben im Prüfbericht aufgeführt)."
    hint = ("Import erst möglich, wenn jede Tabelle einen Datensatz und einen Stichtag hat und keine Aufbaufehler "
            "enthält" + (" – und die fehlerhaften Zeilen bestätigt sind." if has_errors else "."))
    return ImportPanel(has_errors=has_errors, confirm_label=confirm,
                       button_label="ohne fehlerhafte Zeilen importieren" if has_errors else "Importieren",
                       blocked_hint=hint)


@dataclass(frozen=True)
class ImportResult:
    ok: bool
    message: str  # German: what was imported, or why nothing was stored
    snapshot_ids: tuple[int, ...] = ()


def import_message(tables: int, left_out: int, corrected: int = 0) -> str:
    fixed = (f" {fmt.plural(corrected, 'korrigierte Zelle', 'korrigierte Zellen')} im Protokoll." if corrected
             else "")
    return (f"{fmt.plural(tables, 'Tabelle', 'Tabellen')} importiert"
            + (f"; {fmt.plural(left_out, 'fehlerhafte Zeile', 'fehlerhafte Zeilen')} ausgelassen (siehe Prüfbericht)."
               if left_out else ".") + fixed)


def import_reports(store: Store, reports: list[FileReport], *, user: str, without_faulty_rows: bool,
                   overrides: dict[str, dict], progress: Callable[[int, int], None] | None = None) -> ImportResult:
    """Store every table of the checked files in one transaction, then remember the user's column
    mappings for files of the same layout. A refused or cancelled import stores nothing."""
    tables = [t for r in reports for t in r.tables]
    imported = {(t.file, t.sheet) for t in tables}
    fixes = [c for ov in overrides.values() for c in corrections_of(ov) if (c.file, c.sheet) in imported]
    try:
        ids = store.import_tables(tables, user=user, without_faulty_rows=without_faulty_rows, progress=progress,
                                  corrections=fixes)
    except StoreError as exc:
        return ImportResult(False, f"Import nicht durchgeführt, es wurde nichts gespeichert: {exc}")
    for t in tables:
        for ov in overrides.values():
            if t.sheet in ov.get("mapping", {}) and t.layout:
                store.remember_mapping(t.layout, ov["mapping"][t.sheet], user=user)
            mapped = {f: m for f, m in ov.get("values", {}).items() if f in glossary.DATASETS[t.dataset].keys} \
                if t.dataset in glossary.DATASETS else {}
            if mapped and t.layout:
                vocab.remember_values(lambda key, text: store.set_setting(key, text, user=user), t.layout, mapped)
    left_out = sum(len(t.error_rows()) for t in tables) if without_faulty_rows else 0
    return ImportResult(True, import_message(len(ids), left_out, len(fixes)), tuple(ids))


# --- freshness and snapshots ----------------------------------------------------------------------
def freshness_headline(fresh: pd.DataFrame) -> str:
    """How many datasets are present and which one is the oldest (``Store.freshness`` rows)."""
    present = fresh[fresh["stichtag"].notna()]
    if not len(present):
        return "Noch keine Daten importiert."
    oldest = present.loc[present["stichtag"].idxmin()]
    return (f"{len(present)} von {len(fresh)} Datensätzen liegen vor; ältester Stand: {oldest['label']} "
            f"vom {fmt.date(oldest['stichtag'])}.")


# The freshness table fits the page (920 px: 1280 px with the sidebar open, the narrowest main area) with
# every cell whole: the dataset, its newest Stichtag, rows, the import date and the file. Who imported
# and the time are in "Gespeicherte Stände" and the log; the office in the notice of a missing dataset.
FILE_NAME_CHARS = 48  # longer file names are shortened in the middle (the whole name: "Gespeicherte Stände")


def short_file_name(name: str | None, limit: int = FILE_NAME_CHARS, line_chars: int | None = None) -> str | None:
    """``name`` when it has at most ``limit`` characters; else its start and its end (date, extension)
    around "…", ``limit`` characters in all. With ``line_chars``: also shortened until it fits
    MAX_LINES wrapped lines of that many characters (words that waste most of a line need more lines
    than their length says). Missing stays missing."""
    if name is None or (isinstance(name, float) and name != name):
        return None
    text = str(name)
    fits = (lambda t: True) if line_chars is None else (lambda t: text_lines.fits_lines(t, line_chars))
    if len(text) <= limit and fits(text):
        return text
    size = min(limit, len(text) - 1)
    while size > 2 and not fits(_middle_cut(text, size)):
        size -= 1
    return _middle_cut(text, size)


def _middle_cut(text: str, limit: int) -> str:
    tail = max((limit - 1) // 3, min(16, (limit - 1) // 2))  # "_2026-09-30.xlsx": the date and the extension
    return f"{text[: limit - 1 - tail]}…{text[len(text) - tail:]}"


def freshness_table(fresh: pd.DataFrame) -> pd.DataFrame:
    """``Store.freshness`` for display: German dates and numbers, long file names shortened, the
    store's German headers (FRESHNESS_LABELS: the columns shown, in order)."""
    view = fresh.assign(stichtag=fresh["stichtag"].map(fmt.date), rows=fresh["rows"].map(fmt.integer),
                        imported_at=fresh["imported_at"].map(fmt.date),
                        file_name=fresh["file_name"].map(short_file_name))
    return view[list(FRESHNESS_LABELS)].rename(columns=FRESHNESS_LABELS)


# "Gespeicherte Stände" and the log sit in expanders and wrap their cells (ui.tables.wrapped_layout) to
# fit the page. Very long cells are shortened here, so that MAX_LINES lines always suffice: file names
# and users in the middle, a log sentence at its end (the whole entry is shown for the selected row:
# log_entry).
LONG_FILE_CHARS, USER_CHARS, DETAIL_CHARS = 120, 60, 110  # a log sentence of 110 characters: 4 lines at 784 px
# "Gespeicherte Stände" at MAX_LINES lines: the other columns need at most 499 px (7-digit number, longest
# label, date, "2.000.000", date and time, 1-px borders); "von" gets 14 characters (129 px: a word up to
# 14 characters is never broken), "Datei" 17 (152 px): 780 of 784 px, whatever the name's words.
FILE_LINE_CHARS, USER_LINE_CHARS = 17, 14


def stand_file_name(name: str | None) -> str | None:
    """A file name as "Gespeicherte Stände" shows it: whole, or its start and end so that it fits."""
    return short_file_name(name, LONG_FILE_CHARS, FILE_LINE_CHARS)


def stand_user(name: str | None) -> str | None:
    """Who imported, as "Gespeicherte Stände" shows it (shortened in the middle so that it fits)."""
    return short_file_name(name, USER_CHARS, USER_LINE_CHARS)


def snapshots_title(snaps: pd.DataFrame) -> str:
    """The expander title: how many Stände, and that they are examples while only demo data is stored."""
    demo = len(snaps) and set(snaps["origin"]) == {"demo"}
    return f"Gespeicherte Stände ({len(snaps)}" + (f", {ORIGIN_LABELS['demo']}daten)" if demo else ")")


def snapshots_table(snaps: pd.DataFrame) -> pd.DataFrame:
    """``Store.list_snapshots`` for display: German dates and numbers, very long file names and users
    shortened in the middle, the store's German headers (SNAPSHOT_LABELS: the columns shown, in order)."""
    view = snaps.assign(stichtag=snaps["stichtag"].map(fmt.date), rows=snaps["rows"].map(fmt.integer),
                        imported_at=snaps["imported_at"].map(fmt.date_time),
                        file_name=snaps["file_name"].map(stand_file_name), imported_by=snaps["imported_by"].map(stand_user))
    return view[list(SNAPSHOT_LABELS)].rename(columns=SNAPSHOT_LABELS).reset_index(drop=True)


def _stichtag(value) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(value)) if value is not None and value == value else None
    except ValueError:
        return None


def log_stand(label, stichtag) -> str | None:
    """The Stand a log entry is about: "Unterkünfte, 30.09.2026" (None for an entry about no dataset)."""
    day = _stichtag(stichtag)
    if not isinstance(label, str) or not label:
        return None
    return f"{label}, {fmt.date(day)}" if day else label


def log_detail(detail, label, stichtag) -> str:
    """The log sentence without the dataset and Stichtag the "Stand" column already shows (the stored
    sentence names them as "<Datensatz>, Stichtag <date>: …" or, for a correction, "… – <Datensatz>,
    Stichtag <date>, <Datei> …"); a sentence in another form stays whole."""
    text = "" if detail is None or detail != detail else str(detail)
    day = _stichtag(stichtag)
    if isinstance(label, str) and label and day:
        named = f"{label}, Stichtag {fmt.date(day)}"
        if text.startswith(named + ": "):
            return text[len(named) + 2:]
        if f" – {named}, " in text:
            return text.replace(f" – {named}, ", " – ", 1)
    return text


def _shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def log_table(log: pd.DataFrame) -> pd.DataFrame:
    """``Store.import_log`` for display: German date-times, the German action, the Stand (dataset and
    Stichtag), the rest of the sentence (over DETAIL_CHARS shortened; whole in :func:`log_entry`), the
    store's German headers (LOG_LABELS)."""
    view = log.assign(
        at=log["at"].map(fmt.date_time), user=log["user"].map(lambda n: short_file_name(n, USER_CHARS)),
        stand=[log_stand(lb, st) for lb, st in zip(log["label"], log["stichtag"])],
        detail=[_shorten(log_detail(d, lb, st), DETAIL_CHARS)
                for d, lb, st in zip(log["detail"], log["label"], log["stichtag"])])
    return view[list(LOG_LABELS)].rename(columns=LOG_LABELS).reset_index(drop=True)


def log_entry(log: pd.DataFrame, position: int) -> str:
    """The whole log entry at ``position`` (the row of :func:`log_table`), as German markdown: when,
    who, what, the whole sentence, the file and the Stand's number (data text escaped)."""
    r = log.reset_index(drop=True).iloc[position]
    head = f"**{fmt.date_time(r['at'])}** · {fmt.md(r['user'])} · {r['what']}"
    parts = [head, fmt.md(r["detail"]) if isinstance(r["detail"], str) and r["detail"] else "ohne Details"]
    source = []
    if isinstance(r["file_name"], str) and r["file_name"]:
        source.append(f"Datei „{fmt.md(r['file_name'])}“")
    if r["snapshot_id"] is not None and r["snapshot_id"] == r["snapshot_id"]:
        source.append(f"Stand Nr. {int(r['snapshot_id'])}")
    if source:
        parts.append(" · ".join(source))
    return "  \n".join(parts)


def snapshot_choice(snaps: pd.DataFrame, snapshot_id: int) -> str:
    """One snapshot in the delete choice: "Nr. 7: Unterkünfte 30.09.2026"."""
    r = snaps.set_index("id").loc[snapshot_id]
    return f"Nr. {snapshot_id}: {r['label']} {fmt.date(r['stichtag'])}"


def deleted_message(snapshot_id: int) -> str:
    return f"Stand Nr. {snapshot_id} gelöscht."


def purged_message(count: int, days: int) -> str:
    return f"{fmt.plural(count, 'Stand', 'Stände')} gelöscht (älter als {days} Tage)."
