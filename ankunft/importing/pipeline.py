"""The import pipeline: file -> guards -> raw sheets -> header/dataset -> parsed, validated tables.

`check_file` / `check_files` never raise for bad input: everything ends up in a `FileReport`
(stable codes, German messages, Excel rows). Nothing is stored here; the store takes
`TableReport.clean_frame()` (or `.frame`) when the user confirms an import.
"""

from __future__ import annotations

import datetime as dt
import hashlib

import numpy as np
import pandas as pd

from ankunft.core import fmt, glossary
from ankunft.importing import cells, minimise, numeric, parse, totals, validate
from ankunft.importing.io import Limits, RawSheet, RawWorkbook, ReadError, col_letters, find_table
from ankunft.importing.io.header import ColumnInfo, HeaderMatch, cell_text
from ankunft.importing.io.read_ahead import Loaded, load
from ankunft.importing.report import FileReport, Issue, SkippedRow, TableReport
from ankunft.importing.rows import GROUP_REASON, classify_rows, column_texts, group_titles, mark_hidden

__all__ = ["Limits", "check_file", "check_files", "layout_signature", "STICHTAG_SOURCES", "warm_up"]


# Where the Stichtag of a table came from (stable value -> German label).
STICHTAG_SOURCES = {
    "parameter": "vorgegeben",
    "title_row": "Titelzeile",
    "footnote": "Fußzeile",
    "sheet_name": "Blattname",
    "other_sheet": "anderes Blatt der Datei",
    "file_name": "Dateiname",
}


def layout_signature(headers: list[str]) -> str:
    """Stable hash of a table layout (normalised, non-empty headers, order-independent)."""
    norm = sorted({glossary.normalise_header(h) for h in headers if h and glossary.normalise_header(h)})
    return hashlib.sha1("\x1f".join(norm).encode("utf-8")).hexdigest()[:16]


def _pick(d: dict | None, sheet: str):
    if not d:
        return None
    if sheet in d:
        return d[sheet]
    return d.get("*")


def check_file(source, *, file_name: str | None = None, stichtag: dt.date | None = None,
               mapping: dict[str, dict[str, str]] | None = None, dataset: dict[str, str] | None = None,
               context: dict[str, pd.DataFrame] | None = None, limits: Limits | None = None,
               hidden_rows: str = "exclude", values: dict[str, dict[str, object]] | None = None) -> FileReport:
    """Read, parse and validate one file (path, bytes or file-like). Never raises for bad input.

    values: field key -> {value as written -> yes/no or category}: the officer's value mapping
    (`vocab.remembered_values`).

    hidden_rows: "exclude" (default) leaves rows hidden in the spreadsheet out and lists them,
    "include" reads them (also listed).

    mapping: sheet -> {file header -> field key ("" ignores the column)}; dataset: sheet -> dataset key
    ("*" applies to every sheet, e.g. a CSV). context: canonical frames already in the store.
    """
    report = _read_file(source, file_name=file_name, stichtag=stichtag, mapping=mapping, dataset=dataset,
                        limits=limits or Limits(), hidden_rows=hidden_rows, values=values)
    _cross(report.tables, context)
    _finish(report)
    return report


def check_files(sources, **kw) -> list[FileReport]:
    """Check several files; references are checked across all tables of the run (and `context`).

    Each source is a path, bytes, a file-like object, a (file name, source) tuple or an
    `io.read_ahead.Loaded` (e.g. from a `ReadAhead`, which reads the files in a background thread).
    """
    context = kw.pop("context", None)
    limits = kw.pop("limits", None) or Limits()
    kw.pop("file_name", None)  # names travel as (name, source) tuples
    reports = []
    for src in sources:
        name = None
        if isinstance(src, tuple) and len(src) == 2:
            name, src = src
        reports.append(_read_file(src, file_name=name, limits=limits, **kw))
    _cross([t for r in reports for t in r.tables], context)
    for r in reports:
        _finish(r)
    return reports


def warm_up() -> None:
    """Check a small residents export held in memory and discard the report.

    The first check in a process pays for work done once (regular expressions compiled, the
    matcher's word tables, first calls into pandas and Arrow): about 0,05 s CPU of a 50,000-row
    check. The check command calls this while calamine still parses the first file (the guards ran
    in a child process, so this process would otherwise wait); reports are pure functions of their
    input, so nothing of this run reaches the real one."""
    rows = [["Aufenthalte in Gemeinschaftsunterkünften"], ["Stand: 01.10.2026"], [],
            ["Personen-Nr.", "BG-Nr.", "Unterkunft", "Einzugsdatum", "Auszugsdatum", "Geschl.", "Geb.-Jahr",
             "Staatsang.", "Aufenthaltsstatus", "Bemerkung"]]
    for i in range(12):
        rows.append([f"P{i:05d}", f"{i // 2:04d}", ("001", "Asternweg")[i % 2],
                     dt.date(2020, 1, 1 + i) if i % 3 else f"{1 + i:02d}.02.2021", 44_000.0 + i if i % 2 else "",
                     "mw"[i % 2], 1980.0 + i, ("syrisch", "ukrainisch")[i % 2], ("Duldung", "§ 24 AufenthG")[i % 2],
                     "Umzug beantragt" if i == 3 else ""])
    rows += [["Gesamt", "", "12 Aufenthalte"], [], ["Quelle: Fachverfahren, Export vom 02.10.2026."]]
    width = max(map(len, rows))
    sheet = RawSheet(name="Bewohner", rows=[r + [""] * (width - len(r)) for r in rows])
    try:
        check_files([Loaded(name="Bewohner.xlsx", workbook=RawWorkbook(kind="xlsx", sheets=[sheet]))])
    except Exception:  # noqa: BLE001 - a warm-up never stops the real check
        pass


def _cross(tables: list[TableReport], context) -> None:
    try:
        validate.cross_check(tables, context)
    except Exception as e:  # noqa: BLE001 - a reference check must never lose the report
        for t in tables:
            t.add(Issue("internal_error", f"Querprüfung fehlgeschlagen ({type(e).__name__}).", severity="warning"))


def _finish(report: FileReport) -> None:
    report.ok = report.code is None and all(t.ok for t in report.tables)


def _read_file(source, *, file_name, stichtag=None, mapping=None, dataset=None, limits: Limits,
               hidden_rows: str = "exclude", values=None) -> FileReport:
    loaded = source if isinstance(source, Loaded) else load(source, file_name, limits)
    report = FileReport(file=loaded.name)
    e = loaded.error
    if e is not None:
        report.ok = False
        if isinstance(e, ReadError):
            report.code, report.error = e.code, e.message
        elif isinstance(e, MemoryError):
            report.code, report.error = "too_large", "Die Datei ist zu groß, um sie zu prüfen."
        elif isinstance(e, Exception):  # never a traceback for the user
            report.code = "internal_error"
            report.error = f"Die Datei konnte nicht gelesen werden (interner Fehler: {type(e).__name__})."
        else:  # KeyboardInterrupt, SystemExit: not a property of the file
            raise e
        return report
    wb = loaded.workbook
    report.warnings.extend(wb.warnings)
    report.ignored_sheets.extend(wb.skipped)
    file_stichtag = parse.stichtag_from_file_name(report.file)
    other_texts: list[str] = []
    pending: list[tuple[RawSheet, HeaderMatch | None, str | None]] = []
    for sheet in wb.sheets:
        forced = _pick(dataset, sheet.name)
        if forced is not None and forced not in glossary.DATASETS:
            forced = None
        if forced == "":
            report.ignored_sheets.append({"sheet": sheet.name, "reason": "Vom Benutzer ausgeschlossen."})
            continue
        if not any(any(v not in ("", None) for v in r) for r in sheet.rows):
            report.ignored_sheets.append({"sheet": sheet.name, "reason": "Leeres Blatt."})
            continue
        blocks = _stacked_blocks(sheet, forced, dataset, report.file)
        for block, block_forced in blocks:
            if block_forced == "":  # a lower table the officer left out
                report.ignored_sheets.append({"sheet": block.name, "reason": "Vom Benutzer ausgeschlossen."})
                continue
            try:
                m = find_table(block.rows, dataset=block_forced, mapping=_pick(mapping, block.name),
                               scan_rows=limits.header_scan_rows, sheet_name=sheet.name, file_name=report.file)
            except Exception:  # noqa: BLE001
                m = None
            if m is None and not block_forced:
                texts = [cell_text(v) for r in block.rows[:60] for v in r if isinstance(v, str) and v.strip()]
                other_texts.extend(texts)
                report.ignored_sheets.append({"sheet": block.name, "reason": _ignore_reason(texts, block.rows)})
                continue
            pending.append((block, m, block_forced))
    other_stichtag = None
    for text in other_texts:
        other_stichtag = parse.stichtag_in_text(text)
        if other_stichtag:
            break
    other_month = None if other_stichtag else next(filter(None, map(parse.stichtag_month_in_text, other_texts)), None)
    for sheet, m, forced in pending:
        try:
            t = _build_table(report.file, sheet, m, forced, stichtag, file_stichtag, other_stichtag, limits,
                             hidden_rows == "include", values, other_month)
        except Exception as e:  # noqa: BLE001 - report, don't crash
            t = TableReport(file=report.file, sheet=sheet.name, dataset=m.dataset if m else forced, blocking=True)
            t.add(Issue("internal_error", f"Das Blatt konnte nicht verarbeitet werden (interner Fehler: "
                                          f"{type(e).__name__}).", severity="error"))
        report.tables.append(t)
    if not report.tables:
        if all(s["reason"] == "Leeres Blatt." for s in report.ignored_sheets) and report.ignored_sheets:
            report.ok, report.code = False, "empty_workbook"
            report.error = "Die Datei enthält keine Daten (alle Blätter sind leer)."
        else:
            report.ok, report.code = False, "no_dataset"
            names = ", ".join(d.label for d in glossary.DATASETS.values())
            report.error = ("In der Datei wurde keine Tabelle eines bekannten Datenbestands erkannt "
                            f"({names}). Spaltenüberschriften prüfen oder den Datenbestand von Hand zuordnen.")
    return report


def _stacked_blocks(sheet: RawSheet, forced: str | None, dataset: dict | None, file_name: str | None
                    ) -> list[tuple[RawSheet, str | None]]:
    """The tables of a sheet, one below the other (`header.stacked_tables`): each as a sheet of its own rows –
    the rows above it left empty, so Excel rows stay the sheet's; a lower table is named "<Blatt> (ab Zeile n)".
    A lower part that is no known table stays with the table above it (read, and reported, as its rows)."""
    from ankunft.importing.rows import stacked_tables

    starts = stacked_tables(sheet.rows)
    if not starts:
        return [(sheet, forced)]
    bounds = [0, *starts, len(sheet.rows)]
    parts: list[tuple[int, int]] = []
    orphan = None  # a first part without a table: its rows go with the table below it
    for lo, hi in zip(bounds, bounds[1:]):
        if orphan is not None:
            lo, orphan = orphan, None
        if find_table(_block_rows(sheet.rows, lo, hi), sheet_name=sheet.name, file_name=file_name) is None:
            if parts:
                parts.append((parts.pop()[0], hi))  # no table of its own: the rows belong to the table above
            else:
                orphan = lo
            continue
        parts.append((lo, hi))
    if orphan is not None:
        parts.append((parts.pop()[0], len(sheet.rows)) if parts else (orphan, len(sheet.rows)))
    if len(parts) < 2:
        return [(sheet, forced)]
    out = []
    for k, (lo, hi) in enumerate(parts):
        name = sheet.name if k == 0 else f"{sheet.name} (ab Zeile {lo + 1})"
        # the officer's dataset for the sheet is for its first table; a lower one only by its own name
        chosen = forced if k == 0 else (dataset or {}).get(name)
        block = RawSheet(name=name, rows=_block_rows(sheet.rows, lo, hi), hidden=sheet.hidden,
                         hidden_rows=[r for r in sheet.hidden_rows if lo < r <= hi],
                         merged=[g for g in sheet.merged if lo <= g[0][0] < hi])
        out.append((block, chosen if chosen in glossary.DATASETS or chosen == "" else None))
    return out


def _block_rows(rows: list[list], lo: int, hi: int) -> list[list]:
    width = max((len(r) for r in rows[lo:hi]), default=0)
    return [[""] * width for _ in range(lo)] + rows[lo:hi]


def _ignore_reason(texts: list[str], rows: list[list] | None = None) -> str:
    across = _districts_across(rows or [])
    if across:
        return (f"Die Stadtteile stehen als Spalten nebeneinander ({across} …) – so ist die Tabelle kein "
                "Datenbestand. Bitte mit einem Stadtteil je Zeile speichern (in Excel: Kopieren, Inhalte einfügen – "
                "Transponieren).")
    if not texts:
        return "Keine Tabelle (nur Zahlen ohne erkennbare Überschriften)."
    joined = " ".join(texts[:5]).lower()
    if any(w in joined for w in ("hinweis", "erläuterung", "legende", "anmerkung", "zeichenerklärung", "quelle")):
        return "Hinweise/Legende – keine Datentabelle."
    return "Keine Tabelle eines bekannten Datenbestands erkannt (z. B. Hinweise, Legende oder andere Daten)."


def _districts_across(rows: list[list]) -> str | None:
    """The district names of the first row (of 40) that holds three or more of them side by side, else None."""
    from ankunft.core.reference import resolve_district

    for r in rows[:40]:
        named = [v.strip() for v in r if isinstance(v, str) and any(ch.isalpha() for ch in v)]
        if len(named) < 3:
            continue
        hits = [v for v in named if resolve_district(v) is not None]
        if len({resolve_district(v) for v in hits}) >= 3:
            return ", ".join(f"„{v}“" for v in hits[:3])
    return None


# --- one table ---------------------------------------------------------------------------------------
def _build_table(file: str, sheet: RawSheet, m: HeaderMatch | None, forced: str | None,
                 stichtag: dt.date | None, file_stichtag, other_stichtag, limits: Limits,
                 include_hidden: bool = False, values: dict | None = None,
                 other_month: tuple[dt.date, str] | None = None) -> TableReport:
    t = TableReport(file=file, sheet=sheet.name, dataset=m.dataset if m else forced)
    if m is None:
        t.blocking = True
        t.frame = glossary.empty_frame(forced).assign(_row=pd.Series(dtype="int64"))
        t.add(Issue("no_header", f"Im Blatt „{sheet.name}“ wurde keine Kopfzeile mit Spalten für "
                                 f"„{glossary.DATASETS[forced].label}“ gefunden.", severity="error"))
        return t
    ds = glossary.DATASETS[m.dataset]
    rows = sheet.rows
    hdr = m.header_row
    t.header_row = hdr + 1
    _fill_merged(t, m, sheet, hdr)
    cols, counts = _grid(rows, hdr)
    group_rows = group_titles(m, cols, counts)  # "Unterkunft: GU Asternweg" over each group: a column of its own
    n, width = len(counts), len(cols)
    texts = column_texts(cols)  # each column's list built once for the screen, the row kinds and the parsers
    minimise.screen_columns(m.dataset, m.columns, cols, texts.as_list)
    headers = _map_columns(t, m, sheet, cols, counts)
    # row classification
    header_texts = [[cell_text(v) for v in rows[hdr - k]] for k in range(m.header_rows)]
    label_cols = sorted({c.index for c in m.columns[:3]} | {
        c.index for c in m.columns if c.field and ds.field(c.field).kind in ("id", "text", "category")
        and c.field not in ("defects",)})
    kinds, reasons = classify_rows(cols, n, m.columns, header_texts, label_cols, counts, texts)
    totals.mark_city_total(kinds, reasons, cols, m.columns)  # "Stadt Kaiserslautern" as a row of districts
    numeric.mark_unit_rows(kinds, reasons, cols)  # "Anzahl" | "m²" | "€/Monat" under the header
    for j, reason in group_rows.items():
        kinds[j], reasons[j] = "note", reason
    first_data_row = hdr + 2  # Excel row of data[0]
    mark_hidden(t, kinds, reasons, sheet.hidden_rows, first_data_row, include_hidden)
    kind_arr = np.array(kinds, dtype=object)  # one array for the C-level row selections below
    data_idx = np.flatnonzero(kind_arr == "data").astype(np.int64)
    excel_rows = data_idx + first_data_row
    for j in np.flatnonzero((kind_arr != "data") & (kind_arr != "end")).tolist():
        t.skipped_rows.append(SkippedRow(row=j + first_data_row, reason=reasons[j]))
    t.rows = int(len(data_idx))
    # Stichtag: parameter > title rows > footnotes > sheet name > other sheets > file name
    title_texts = [cell_text(v) for r in rows[:hdr - m.header_rows + 1] for v in r if isinstance(v, str) and v.strip()]
    note_texts = [cell_text(cols[c][j]) for j in np.flatnonzero(kind_arr == "note").tolist() for c in range(width)
                  if isinstance(cols[c][j], str) and cols[c][j].strip()]
    _set_stichtag(t, title_texts, note_texts, stichtag, other_stichtag, file_stichtag, other_month,
                  parse.stichtag_in_sheet_name(sheet.name))
    frame, flagged = _parse_columns(t, m, cols, data_idx, excel_rows, values or {}, texts.as_list)
    validate.join_house_numbers(t, m, cols, frame, _data_block(data_idx))  # Straße | Hausnr. → one address
    if m.dataset == "services" and "category" not in frame:
        _derive_category(t, m, frame)
    for c in m.columns:
        if c.by == "header" and c.reason and c.reason.startswith(GROUP_REASON) and c.field in frame:
            t.derived[c.field] = f"„{glossary.label(m.dataset, c.field)}“ {c.reason}."
            t.add(Issue("derived_column", t.derived[c.field], severity="warning"))
    present = set(frame)
    canon = _canonical_frame(t, m, frame, present, excel_rows, headers)
    # structure
    missing = [k for k in ds.required if k not in present and k not in t.derived]
    for k in missing:
        f = ds.field(k)
        examples = ", ".join((f.label.rstrip("."),) + tuple(s for s in f.synonyms[:4] if s != f.label.rstrip(".")))
        t.add(Issue("missing_required_column", f"Pflichtspalte „{f.label}“ fehlt (erkannt werden z. B.: "
                                               f"{examples}).", column=None, severity="error"))
        t.blocking = True
    if t.rows == 0:
        t.add(Issue("no_data_rows", "Die Tabelle hat eine Kopfzeile, aber keine Datenzeilen.", severity="error"))
        t.blocking = True
    validate.validate_table(t, canon, headers, flagged)
    totals.check_totals(t, m, cols, kinds, present, headers, canon, first_data_row)
    _sort_issues(t)
    return t


def _fill_merged(t: TableReport, m: HeaderMatch, sheet: RawSheet, hdr: int) -> None:
    """Cells merged down over data rows stand for each row of the range (reported per column)."""
    filled = cells.fill_merged_down(sheet.rows, sheet.merged, hdr) if sheet.merged else []
    by_col: dict[int, list[str]] = {}
    for r1, r2, c, v in filled:
        by_col.setdefault(c, []).append(f"„{cell_text(v)}“ Zeilen {r1}–{r2}")
    names = {c.index: c.header for c in m.columns}
    for c, parts in sorted(by_col.items()):
        col = names.get(c, f"Spalte {col_letters(c + 1)}")
        t.add(Issue("merged_cells", f"Verbundene Zellen in Spalte „{col}“: der Wert gilt für jede Zeile des Bereichs ("
                                    + "; ".join(parts[:5]) + (" …" if len(parts) > 5 else "") + ").",
                    column=col, severity="warning"))


def _grid(rows: list[list], hdr: int) -> tuple[list[np.ndarray], np.ndarray]:
    """The data rows below the header as columns (object arrays, padded with "") and non-empty cells per row."""
    data = rows[hdr + 1:]
    n = len(data)
    lens = set(map(len, data))
    width = max(len(rows[hdr]), max(lens, default=0))
    if n:
        grid = np.empty((n, width), dtype=object)
        # calamine rows are all equally wide: no padding pass needed
        grid[:] = data if lens == {width} else [r if len(r) == width else list(r) + [""] * (width - len(r))
                                                for r in data]
        cols = [grid[:, c] for c in range(width)]
        counts = ((grid != "") & np.not_equal(grid, None)).sum(axis=1).astype(np.int32)
    else:
        grid = np.empty((0, width), dtype=object)
        cols = [grid[:, c] for c in range(width)]
        counts = np.zeros(0, dtype=np.int32)
    return cols, counts


def _map_columns(t: TableReport, m: HeaderMatch, sheet: RawSheet, cols: list[np.ndarray],
                 counts: np.ndarray) -> dict[str, str]:
    """Columns -> fields on the report (identifier, unmapped and headerless columns noted); field -> header."""
    ds = glossary.DATASETS[m.dataset]
    n = len(counts)
    by_index = {c.index: c for c in m.columns}
    # columns with data but without a header
    for c in range(len(cols)):
        if c not in by_index and n and counts.any() and bool(((cols[c] != "") & np.not_equal(cols[c], None)).any()):
            info = ColumnInfo(index=c, header=f"Spalte {col_letters(c + 1)} (ohne Überschrift)")
            m.columns.append(info)
            by_index[c] = info
    m.columns.sort(key=lambda c: c.index)
    headers: dict[str, str] = {}  # field -> header
    for c in m.columns:
        if c.identifier:
            t.dropped_identifier_columns[c.header] = c.identifier
            t.add(Issue("identifier_column_dropped", f"Spalte „{c.header}“: {c.identifier}", column=c.header,
                        severity="warning"))
        elif c.field:
            t.columns[c.header] = c.field
            headers[c.field] = c.header
        else:
            t.unmapped_columns.append(c.header)
            if c.note:
                t.add(Issue("duplicate_column", f"Spalte „{c.header}“ ist {c.note}; sie wird nicht gelesen.",
                            column=c.header, severity="warning"))
    t.layout = layout_signature([c.raw or c.header for c in m.columns])
    t.recognition = recognition(m)
    for c in m.columns:
        if c.needs_confirmation and not c.identifier:
            how = "nach den Werten der Spalte" if c.by == "values" else "nach der Überschrift"
            if c.reason:
                how += f" ({c.reason})"
            t.add(Issue("mapping_needs_confirmation", f"Spalte „{c.header}“ wurde {how} als „"
                        f"{glossary.label(m.dataset, c.field)}“ erkannt (Sicherheit {fmt.num(c.score, 0)} %) – "
                        "bitte auf der Seite Daten bestätigen oder ändern.", column=c.header, severity="warning"))
    if m.ambiguous:
        others = ", ".join(glossary.DATASETS[k].label for k in m.ambiguous)
        t.add(Issue("ambiguous_dataset", f"Die Spalten passen ebenso zu: {others}. Erkannt als „{ds.label}“ – "
                                         "bitte prüfen.", severity="warning"))
    if sheet.hidden:
        t.add(Issue("hidden_sheet", f"Das Blatt „{sheet.name}“ ist in Excel ausgeblendet; es wurde trotzdem "
                                    "gelesen.", severity="warning"))
    return headers


def recognition(m: HeaderMatch) -> dict:
    """Why the table was recognised: the dataset's points and runner-up, per column how it was mapped."""
    return {
        "dataset": {"key": m.dataset, "score": round(float(m.score), 2), "runner_up": m.runner_up,
                    "runner_up_score": m.runner_up_score, "forced": bool(m.forced), "evidence": list(m.evidence),
                    "category": m.category[0] if m.category else None,
                    "category_source": m.category[1] if m.category else None},
        "columns": [{"header": c.header, "field": c.field, "by": c.by if c.field else None,
                     "score": round(float(c.score), 1) if c.field else 0.0, "runner_up": c.runner_up,
                     "runner_up_score": c.runner_up_score, "confirm": c.needs_confirmation,
                     "reason": c.reason if c.field else None}
                    for c in m.columns if not c.identifier],
    }


def _derive_category(t: TableReport, m: HeaderMatch, frame: dict[str, object]) -> None:
    """A services table without a category column: each row's category from its name ("Kita Sonnenschein"),
    else the one the sheet name, a title row or the file name says ("Kitas")."""
    from ankunft.importing.detect import service_category

    names = frame.get("name")
    n = len(names) if names is not None else 0
    const = m.category[0] if m.category else None
    by_name = [service_category(v) if isinstance(v, str) else None for v in (names if n else [])]
    if not n or not (const or any(by_name)):
        return
    frame["category"] = np.array([c or const for c in by_name], dtype=object)
    parts = []
    if any(by_name):
        parts.append(f"aus dem Namen der Einrichtung ({sum(1 for c in by_name if c)} Zeilen)")
    if const and not all(by_name):
        parts.append(f"„{const}“ aus {m.category[1]}")
    t.derived["category"] = "Kategorie " + " bzw. ".join(parts) + "."
    t.add(Issue("derived_column", t.derived["category"], severity="warning"))


def _set_stichtag(t: TableReport, title_texts: list[str], note_texts: list[str], stichtag: dt.date | None,
                  other_stichtag: dt.date | None, file_stichtag: dt.date | None,
                  other_month: tuple[dt.date, str] | None = None, sheet_stichtag: dt.date | None = None) -> None:
    """The table's Stichtag: parameter > title rows > footnotes > the sheet's name > other sheets > file name > any
    date in the title
    > a Stand of a month only ("Stand: Okt. 2026" in title rows > footnotes > other sheets): its last day, with a
    warning – a full date anywhere is more precise than a month."""
    found = None
    if stichtag:
        found = (stichtag, "parameter")
    if not found:
        for txt in title_texts:
            d = parse.stichtag_in_text(txt)
            if d:
                found = (d, "title_row")
                break
    if not found:
        for txt in note_texts:
            d = parse.stichtag_in_text(txt)
            if d:
                found = (d, "footnote")
                break
    if not found and sheet_stichtag:
        found = (sheet_stichtag, "sheet_name")
    if not found and other_stichtag:
        found = (other_stichtag, "other_sheet")
    if not found and file_stichtag:
        found = (file_stichtag, "file_name")
    if not found:
        for txt in title_texts:
            d = parse.stichtag_in_text(txt, keyword_only=False)
            if d:
                found = (d, "title_row")
                break
    if not found:
        months = [(mo, src) for texts, src in ((title_texts, "title_row"), (note_texts, "footnote"))
                  for mo in map(parse.stichtag_month_in_text, texts) if mo]
        months += [(other_month, "other_sheet")] if other_month else []
        if months:
            (day, spelled), src = months[0]
            found = (day, src)
            t.add(Issue("stichtag_month_only", parse.month_stand_message(spelled, day), severity="warning"))
    if found:
        t.stichtag, t.stichtag_source = found
    else:
        t.add(Issue("stichtag_missing", "Kein Stichtag gefunden (weder „Stand: TT.MM.JJJJ“ über der Tabelle noch "
                                        "ein Datum im Dateinamen). Bitte den Stichtag beim Import angeben.",
                    severity="warning"))


def _data_block(data_idx: np.ndarray) -> slice | np.ndarray:
    """The data rows: usually one block (skipped rows only around it), then a slice instead of a gather.
    `data_idx` ascends strictly (np.flatnonzero): it is one block when its ends are len - 1 apart."""
    n = len(data_idx)
    if n and int(data_idx[-1]) - int(data_idx[0]) + 1 == n:
        return slice(int(data_idx[0]), int(data_idx[-1]) + 1)
    return data_idx


def _parse_columns(t: TableReport, m: HeaderMatch, cols: list[np.ndarray], data_idx: np.ndarray,
                   excel_rows: np.ndarray, values: dict,
                   as_list=None) -> tuple[dict[str, object], set[tuple[int, str]]]:
    """Parsed values per mapped field (data rows only) and the (Excel row, field) pairs with a parse error.

    Cell issues go to the report. A birth date column (dropped as an identifier) yields only the
    birth year (data minimisation).
    """
    ds = glossary.DATASETS[m.dataset]
    frame: dict[str, object] = {}
    flagged: set[tuple[int, str]] = set()
    block = _data_block(data_idx)
    for c in m.columns:
        if not c.field:
            continue
        f = ds.field(c.field)
        # a slice of the column's shared list (a new list: the parsers may change theirs)
        if as_list is not None and isinstance(block, slice):
            vals = as_list(c.index)[block]
        else:
            vals = cols[c.index][block].tolist()
        parsed, issues = parse.parse_column(vals, f, m.dataset, values.get(c.field))
        if c.negated:  # "ohne Heizung": x = nein (io/header.py)
            parsed, issues = parse.negate_plain(vals, parsed, issues, f, c.header)
        frame[c.field] = parsed
        for ci in issues:
            if ci.counts:
                t.unknown_values[c.field] = dict(ci.counts)
            row = int(excel_rows[ci.pos]) if ci.pos is not None else None
            t.add(Issue(ci.code, ci.message, row=row, column=c.header, value=ci.value, severity=ci.severity))
            if ci.severity == "error" and row is not None:
                flagged.add((row, c.field))
    if m.dataset == "residents" and "birth_year" not in frame:
        for c in m.columns:
            if c.identifier and minimise.is_birth_date_header(c.raw or c.header):
                dates, _ = parse.parse_dates(cols[c.index][block].tolist(), ds.field("move_in"))
                years = pd.DatetimeIndex(dates).year.to_numpy(dtype="float64")
                frame["birth_year"] = years
                t.derived["birth_year"] = f"Geburtsjahr aus „{c.header}“ übernommen; das Geburtsdatum selbst wird " \
                                          "nicht gespeichert."
                break
    return frame, flagged


def _canonical_frame(t: TableReport, m: HeaderMatch, frame: dict[str, object], present: set[str],
                     excel_rows: np.ndarray, headers: dict[str, str]) -> pd.DataFrame:
    """The parsed columns as the dataset's canonical frame (districts resolved, fields derived) on `t.frame`."""
    df = pd.DataFrame({k: (v if not isinstance(v, np.ndarray) or v.dtype != object else pd.Series(v, dtype="object"))
                       for k, v in frame.items()}, index=pd.RangeIndex(len(excel_rows)))
    df["_row"] = excel_rows.astype("int64")
    validate.resolve_districts(t, df, headers)
    validate.derive_fields(t, df, present)
    canon = glossary.conform(m.dataset, df)
    canon["_row"] = canon.pop("_row").astype("int64")
    t.frame = canon
    return canon


def _sort_issues(t: TableReport) -> None:
    key = lambda i: (i.row is not None, i.row or 0)  # noqa: E731 - table-level notes first, then by row
    t.errors.sort(key=key)
    t.warnings.sort(key=key)
