"""Corrections of faulty cells before an import: the officer's new text goes into the raw sheet at
the cell's Excel row and column, and the file is checked again by the one pipeline (no second
validator). Pure: nothing is stored here; the store logs each correction when the table is imported.

A correction is keyed by sheet, Excel row and field; it keeps the cell's text as written in the file
(``old``), so a second correction of the same cell still logs "as in the file → as imported".
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

import pandas as pd

from ankunft.core import fmt, glossary
from ankunft.importing.io import Limits, RawSheet, RawWorkbook, find_table
from ankunft.importing.io.header import cell_text
from ankunft.importing.io.read_ahead import Loaded
from ankunft.importing.report import TableReport

ROW = "Zeile"  # the Excel row (read-only in the grid)
ERRORS = "Fehler"  # what is wrong in that row (read-only)
MAX_ROWS = 200  # rows shown in one grid; the rest stay in the Prüfbericht
PERSONAL = ("residents",)  # datasets of person-level rows: a correction is logged without its values


@dataclass(frozen=True)
class Correction:
    """One cell changed by the officer: ``old`` as written in the file, ``new`` as it will be read."""

    file: str
    sheet: str
    row: int  # Excel row
    field: str
    header: str  # the column's header as written in the file
    old: str
    new: str

    def detail(self, dataset: str | None, stichtag: dt.date | None) -> str:
        """The German log sentence: the cell and old → new first (what a reader looks for), then the source."""
        label = glossary.label(dataset, self.field) if dataset in glossary.DATASETS else self.field
        what = glossary.DATASETS[dataset].label if dataset in glossary.DATASETS else "Tabelle"
        day = f", Stichtag {fmt.date(stichtag)}" if stichtag else ""
        cell = f"Zeile {self.row}, {label} (Spalte „{self.header}“)"
        source = f"{what}{day}, {self.file} (Blatt „{self.sheet}“)"
        if dataset in PERSONAL:  # the log is readable without person-level rights: no values of a person's row
            return f"{cell} korrigiert (Werte einer personenbezogenen Zeile werden nicht protokolliert) – {source}."
        return f"{cell}: {self.old or 'leer'} → {self.new or 'leer'} – {source}."


@dataclass(frozen=True)
class Grid:
    """The faulty rows of one table as text, for an editable grid with German column labels."""

    sheet: str
    frame: pd.DataFrame  # ROW, ERRORS, then one column per mapped field (German label), cells as text
    fields: dict[str, str]  # German label -> field key
    headers: dict[str, str]  # field key -> header as written in the file
    hidden: int = 0  # faulty rows not in the grid (beyond MAX_ROWS)


def _pick(d: dict | None, sheet: str):
    if not d:
        return None
    return d[sheet] if sheet in d else d.get("*")


def _text(v: object) -> str:
    """A raw cell as the officer would type it (German decimal comma, dates as TT.MM.JJJJ)."""
    if isinstance(v, float) and not v.is_integer():
        return repr(v).replace(".", ",")
    return cell_text(v)


def field_columns(sheet: RawSheet, table: TableReport, *, dataset: dict | None = None,
                  mapping: dict | None = None, limits: Limits | None = None) -> dict[str, int]:
    """Field key -> 0-based column of the sheet, for the mapped fields of ``table`` (the pipeline's own header
    recognition, with the same choices; a field whose header does not match the report is left out)."""
    forced = _pick(dataset, sheet.name)
    m = find_table(sheet.rows, dataset=forced if forced in glossary.DATASETS else None,
                   mapping=_pick(mapping, sheet.name), scan_rows=(limits or Limits()).header_scan_rows,
                   sheet_name=sheet.name, file_name=table.file)
    if m is None or m.dataset != table.dataset or m.header_row + 1 != table.header_row:
        return {}
    return {c.field: c.index for c in m.columns
            if c.field and not c.identifier and table.columns.get(c.header) == c.field}


def _sheet(wb: RawWorkbook, name: str) -> RawSheet | None:
    return next((s for s in wb.sheets if s.name == name), None)


def apply(loaded: Loaded, corrections: list[Correction], *, dataset: dict | None = None, mapping: dict | None = None,
          reports: list[TableReport] | None = None) -> Loaded:
    """A copy of ``loaded`` with each correction's text in its cell (the file's own workbook stays as read).

    The cell is found by the Excel row and the column the pipeline maps to the field (``reports``: the
    tables as checked without these corrections)."""
    if loaded.workbook is None or not corrections:
        return loaded
    by_sheet: dict[str, list[Correction]] = {}
    for c in corrections:
        by_sheet.setdefault(c.sheet, []).append(c)
    sheets = []
    for s in loaded.workbook.sheets:
        todo = by_sheet.get(s.name)
        table = next((t for t in reports or [] if t.sheet == s.name and t.dataset), None)
        if not todo or table is None:
            sheets.append(s)
            continue
        cols = field_columns(s, table, dataset=dataset, mapping=mapping)
        rows = list(s.rows)
        for c in todo:
            j, i = c.row - 1, cols.get(c.field)
            if i is None or not 0 <= j < len(rows):
                continue
            row = list(rows[j]) + [""] * max(0, i + 1 - len(rows[j]))
            row[i] = c.new
            rows[j] = row
        sheets.append(replace(s, rows=rows))
    return replace(loaded, workbook=replace(loaded.workbook, sheets=sheets))


def _messages(table: TableReport) -> tuple[dict[int, str], set[str]]:
    """Excel row -> its error messages (each naming its column once); the fields with an error."""
    out: dict[int, list[str]] = {}
    faulty: set[str] = set()
    for i in table.errors:
        if i.row is None:
            continue
        fld = table.columns.get(i.column or "")
        label = glossary.label(table.dataset, fld) if fld else None
        named = not i.column or i.column in i.message or (label and label in i.message)
        out.setdefault(i.row, []).append(i.message if named else f"{i.column}: {i.message}")
        if fld:
            faulty.add(fld)
    return {r: " · ".join(dict.fromkeys(ms)) for r, ms in out.items()}, faulty


def grid(loaded: Loaded, table: TableReport, *, dataset: dict | None = None, mapping: dict | None = None,
         max_rows: int = MAX_ROWS) -> Grid | None:
    """The rows of ``table`` with errors, each with its Excel row, its messages and the current text of every
    mapped cell (German labels; the columns with errors first, then the file's order). None when the table has
    no faulty rows or cannot be corrected."""
    if loaded.workbook is None or table.blocking or not table.dataset or not table.error_rows():
        return None
    sheet = _sheet(loaded.workbook, table.sheet)
    if sheet is None:
        return None
    cols = field_columns(sheet, table, dataset=dataset, mapping=mapping)
    if not cols:
        return None
    messages, faulty = _messages(table)
    order = sorted(cols, key=lambda f: (f not in faulty, cols[f]))  # columns with errors first, then file order
    labels = {f: glossary.label(table.dataset, f) for f in order}
    rows = sorted(messages)
    records = []
    for r in rows[:max_rows]:
        raw = sheet.rows[r - 1] if 0 < r <= len(sheet.rows) else []
        rec = {ROW: r, ERRORS: messages[r]}
        for f in order:
            rec[labels[f]] = _text(raw[cols[f]]) if cols[f] < len(raw) else ""
        records.append(rec)
    frame = pd.DataFrame(records, columns=[ROW, ERRORS, *labels.values()])
    frame[ROW] = frame[ROW].astype("int64")
    headers = {h_field: h for h, h_field in table.columns.items() if h_field in cols}
    return Grid(sheet=table.sheet, frame=frame, fields={v: k for k, v in labels.items()}, headers=headers,
                hidden=max(0, len(rows) - max_rows))


def _clean(v: object) -> str:
    if v is None or (isinstance(v, float) and pd.isna(v)):
        return ""
    return str(v).strip()


def changes(g: Grid, edited: pd.DataFrame, file: str, earlier: dict | None = None) -> dict[tuple[int, str], Correction]:
    """The cells the officer changed in the grid: (Excel row, field) -> Correction. ``earlier`` corrections of
    the same cells keep the file's text as ``old``; a cell set back to the file's text is no correction."""
    earlier = earlier or {}
    before = g.frame.set_index(ROW)
    out: dict[tuple[int, str], Correction] = {}
    for _, rec in edited.iterrows():
        r = int(rec[ROW])
        if r not in before.index:
            continue
        for label, f in g.fields.items():
            new, shown = _clean(rec.get(label)), _clean(before.at[r, label])
            if new == shown:
                continue
            old = earlier[(r, f)].old if (r, f) in earlier else shown
            out[(r, f)] = Correction(file=file, sheet=g.sheet, row=r, field=f, header=g.headers.get(f, label),
                                     old=old, new=new)
    return out


def merge(cells: dict, new: dict[tuple[int, str], Correction]) -> dict:
    """The sheet's corrections after ``new``: later ones replace earlier ones; back to the file's text drops it."""
    out = dict(cells)
    for key, c in new.items():
        if c.new == c.old:
            out.pop(key, None)
        else:
            out[key] = c
    return out
