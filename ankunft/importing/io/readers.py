"""Readers: bytes -> raw sheets (lists of rows, absolute positions: rows[0] is Excel row 1, column A)."""

from __future__ import annotations

import csv
import io
import os
from dataclasses import dataclass, field
from pathlib import Path

from ankunft.core import fmt
from ankunft.importing.io.guards import (
    EXCEL_EXTENSIONS,
    Limits,
    ReadError,
    check_size,
    col_letters,
    ext_of,
    inspect_xlsx,
    sniff,
)
from ankunft.importing.io.ods import inspect_ods, is_ods
from ankunft.importing.io.xls_hidden import xls_hidden_rows
from ankunft.importing.report import Issue


@dataclass
class RawSheet:
    name: str
    rows: list[list]
    hidden: bool = False
    # Excel rows (1-based) hidden in the spreadsheet (.xlsx, .xls, .ods; text files have none)
    hidden_rows: list[int] = field(default_factory=list)
    # merged ranges ((first row, first col), (last row, last col)), 0-based, as calamine reports them (.xlsx, .xls)
    merged: list = field(default_factory=list)

    @property
    def width(self) -> int:
        return max((len(r) for r in self.rows), default=0)


@dataclass
class RawWorkbook:
    kind: str  # "xlsx", "xls", "ods", "csv"
    sheets: list[RawSheet] = field(default_factory=list)
    warnings: list[Issue] = field(default_factory=list)
    # sheets that are not worksheets (chart sheets …): [{"sheet", "reason"}]
    skipped: list[dict] = field(default_factory=list)


def load_bytes(source, file_name: str | None, limits: Limits) -> tuple[bytes, str]:
    """Read the source (path, bytes or file-like) within the upload limit. Returns (data, display name)."""
    if isinstance(source, (str, os.PathLike)):
        p = Path(source)
        name = file_name or p.name
        try:
            size = p.stat().st_size
        except FileNotFoundError:
            raise ReadError("file_not_found", f"Die Datei „{p}“ wurde nicht gefunden.") from None
        except OSError:
            raise ReadError("file_not_readable", f"Die Datei „{p}“ kann nicht gelesen werden.") from None
        if p.is_dir():
            raise ReadError("file_not_readable", f"„{p}“ ist ein Ordner, keine Datei.")
        check_size(size, limits)
        try:
            data = p.read_bytes()
        except OSError:
            raise ReadError("file_not_readable", f"Die Datei „{p}“ kann nicht gelesen werden.") from None
        return data, name
    if isinstance(source, (bytes, bytearray, memoryview)):
        data = bytes(source)
        check_size(len(data), limits)
        return data, file_name or "Upload"
    name = file_name or getattr(source, "name", None) or "Upload"
    if hasattr(source, "getvalue"):
        data = source.getvalue()
    elif hasattr(source, "read"):
        data = source.read(limits.max_file_bytes + 1)
    else:
        raise ReadError("file_not_readable", "Unbekannte Datenquelle.")
    if isinstance(data, str):
        data = data.encode("utf-8")
    check_size(len(data), limits)
    return bytes(data), str(name)


def read_workbook(data: bytes, file_name: str | None, limits: Limits, guarded=None, inspect=None) -> RawWorkbook:
    """The file's sheets. `guarded()`, when given, is called once the pre-parse guards have passed,
    just before calamine parses (which it does without holding the GIL; see io/read_ahead.py).
    `inspect`, when given, stands in for `inspect_xlsx` (same arguments, result and errors: the
    read-ahead's guards run in a child process)."""
    if utf16_without_bom(data):  # Excel's "Unicode-Text" as some programs save it: no byte-order mark
        return read_csv(data, file_name, limits)
    kind = sniff(data, file_name)
    if kind == "xlsx" and is_ods(data):
        hidden = inspect_ods(data, limits).hidden_rows
        _call(guarded)
        wb = _read_calamine(data, limits, "ods")
        for sheet in wb.sheets:
            sheet.hidden_rows = hidden.get(sheet.name, [])
        return wb
    if kind == "xlsx":
        # guards in a child process (io/read_ahead.py): calamine opens the workbook while the child still scans
        # the sheets, once it has passed the container (what opening reads); it parses a sheet after the verdict
        early = getattr(inspect, "container_passed", None)
        opened = _open_quietly(data) if early is not None and early() else None
        try:
            info = (inspect or inspect_xlsx)(data, limits, file_name)
        except BaseException:
            _close(opened)
            raise
        _call(guarded)
        wb = _read_calamine(data, limits, kind, opened)
        wb.warnings[:0] = info.warnings
        hidden = {sx.name: sx.hidden_rows for sx in info.sheets}
        errors = {sx.name: getattr(sx, "error_cells", []) for sx in info.sheets}
        for sheet in wb.sheets:
            sheet.hidden_rows = hidden.get(sheet.name, [])
            _put_error_values(sheet, errors.get(sheet.name, []))
        return wb
    if kind == "xls":
        _call(guarded)
        wb = _read_calamine(data, limits, kind)
        # calamine does not report hidden rows: they are read from the BIFF8 ROW records (io/xls_hidden.py)
        hidden = xls_hidden_rows(data)
        if hidden is None:
            wb.warnings.append(Issue("hidden_rows_unknown", "Ausgeblendete Zeilen konnten in dieser .xls-Datei "
                                     "nicht geprüft werden: falls die Liste ausgeblendete (z. B. gelöschte) Einträge "
                                     "enthält, diese vor dem Hochladen löschen oder die Datei als .xlsx speichern.",
                                     severity="warning"))
        for sheet in wb.sheets:
            sheet.hidden_rows = (hidden or {}).get(sheet.name, [])
        return wb
    return read_csv(data, file_name, limits)


def _put_error_values(sheet: RawSheet, cells: list[tuple[int, int, str]]) -> None:
    """Excel error values ("#N/A", "#VALUE!") back into the cells calamine read as empty: parsed and reported
    like the same text in a CSV export (cells.EXCEL_ERRORS), never an empty cell without a word."""
    for row, col, text in cells:
        if 0 < row <= len(sheet.rows) and 0 <= col < len(sheet.rows[row - 1]) \
                and sheet.rows[row - 1][col] in ("", None):
            sheet.rows[row - 1][col] = text


def takes_xlsx_guards(data: bytes, file_name: str | None) -> bool:
    """True when `read_workbook` reads these bytes as an .xlsx workbook (after `inspect_xlsx`)."""
    if utf16_without_bom(data):
        return False
    try:
        kind = sniff(data, file_name)
    except ReadError:
        return False
    return kind == "xlsx" and not is_ods(data)


def _call(hook) -> None:
    if hook is not None:
        hook()


def utf16_without_bom(data: bytes) -> str | None:
    """"utf-16-le"/"utf-16-be" for UTF-16 text without a byte-order mark, else None.

    Text of Latin letters, digits and separators in UTF-16 has a zero byte in every second place:
    at the odd offsets (little-endian) or the even ones (big-endian); nothing else looks like that.
    """
    head = data[:4096]
    if len(head) < 8 or head.startswith((b"\xff\xfe", b"\xfe\xff", b"PK", b"\xd0\xcf\x11\xe0")):
        return None
    head = head[: len(head) // 2 * 2]
    even, odd = head[0::2], head[1::2]
    n = len(odd)
    zeros_odd, zeros_even = odd.count(0), even.count(0)
    if zeros_odd >= 0.6 * n and zeros_even <= 0.05 * n:
        return "utf-16-le"
    if zeros_even >= 0.6 * n and zeros_odd <= 0.05 * n:
        return "utf-16-be"
    return None


def _open_quietly(data: bytes):
    """The calamine workbook of `data`, or None when it does not open (`_read_calamine` then opens it again
    after the guards and reports why, as without this early start)."""
    import python_calamine as pc

    try:
        return pc.CalamineWorkbook.from_filelike(io.BytesIO(data))
    except Exception:  # noqa: BLE001 - reported by the second attempt
        return None


def _close(wb) -> None:
    if wb is not None:
        try:
            wb.close()
        except Exception:  # noqa: BLE001
            pass


def _read_calamine(data: bytes, limits: Limits, kind: str, opened=None) -> RawWorkbook:
    """The sheets of `data` as calamine reads them; `opened`: the workbook already opened (see read_workbook)."""
    import python_calamine as pc

    try:
        wb = opened if opened is not None else pc.CalamineWorkbook.from_filelike(io.BytesIO(data))
    except pc.PasswordError:
        raise ReadError("encrypted", "Die Arbeitsmappe ist mit einem Kennwort geschützt.") from None
    except Exception:  # noqa: BLE001 - calamine raises several error types for broken files
        raise ReadError("corrupt_file", "Die Arbeitsmappe ist beschädigt und kann nicht gelesen werden.") from None
    out = RawWorkbook(kind=kind)
    try:
        metas = wb.sheets_metadata
    except Exception:  # noqa: BLE001
        metas = []
    meta_by_name = {m.name: m for m in metas}
    for name in wb.sheet_names:
        meta = meta_by_name.get(name)
        if meta is not None and meta.typ != pc.SheetTypeEnum.WorkSheet:
            out.skipped.append({"sheet": name, "reason": "Kein Tabellenblatt (z. B. Diagramm) – ignoriert."})
            continue
        hidden = meta is not None and meta.visible != pc.SheetVisibleEnum.Visible
        try:
            sheet = wb.get_sheet_by_name(name)
            end = sheet.end
            if end is not None:
                if end[0] + 1 > limits.max_rows:
                    raise ReadError("too_many_rows", f"Das Blatt „{name}“ reicht bis Zeile {fmt.integer(end[0] + 1)} "
                                                     f"(erlaubt: {fmt.integer(limits.max_rows)}).")
                if end[1] + 1 > limits.max_cols:
                    raise ReadError("too_many_columns", f"Das Blatt „{name}“ hat {fmt.integer(end[1] + 1)} Spalten "
                                                        f"(erlaubt: {fmt.integer(limits.max_cols)}).")
                rows = sheet.to_python(skip_empty_area=False, nrows=limits.max_rows)
            else:
                rows = []
        except ReadError:
            raise
        except pc.PasswordError:
            raise ReadError("encrypted", "Die Arbeitsmappe ist mit einem Kennwort geschützt.") from None
        except Exception:  # noqa: BLE001
            raise ReadError("corrupt_file", f"Das Blatt „{name}“ ist beschädigt und kann nicht gelesen werden.") from None
        out.sheets.append(RawSheet(name=name, rows=rows, hidden=hidden, merged=_merged(sheet) if rows else []))
    _close(wb)
    return out


def _merged(sheet) -> list:
    """The sheet's merged ranges (cells merged down give their value to each row, cells.fill_merged_down)."""
    try:
        return list(sheet.merged_cell_ranges or ())
    except Exception:  # noqa: BLE001 - a format without merge records: none
        return []


# --- CSV ---------------------------------------------------------------------------------
def decode_text(data: bytes) -> tuple[str, str]:
    """(text, encoding). UTF-8 with/without BOM, UTF-16 with or without BOM, else Windows-1252 (Latin-1)."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace"), "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace"), "utf-16"
    bare = utf16_without_bom(data)
    if bare:
        return data.decode(bare, errors="replace"), bare
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        return data.decode("latin-1"), "latin-1"


MAX_CSV_CELL_CHARS = 128 * 1024  # the csv module's own default field limit, now checked by us with a message
# The csv module's own limit (a process-wide setting) would end in a bare "field larger than field limit"
# error; it is lifted once, and _check_cells refuses over-long cells with their row and column instead.
csv.field_size_limit(max(csv.field_size_limit(), 2**31 - 1))


def _check_cells(rec: list[str], row: int, header: list[str] | None) -> None:
    """Refuse a record with a cell longer than MAX_CSV_CELL_CHARS, naming row and column."""
    for j, cell in enumerate(rec):
        if len(cell) > MAX_CSV_CELL_CHARS:
            name = header[j].strip() if header and j < len(header) and row > 1 and header[j].strip() else ""
            col = f"Spalte {col_letters(j + 1)}" + (f" („{name}“)" if name else "")
            raise ReadError("cell_too_large", f"Zeile {row}, {col}: Die Zelle ist {fmt.integer(len(cell) // 1024)} KB "
                                              f"lang (erlaubt: {fmt.integer(MAX_CSV_CELL_CHARS // 1024)} KB). "
                                              "Bitte den Inhalt kürzen oder die Spalte entfernen.")


def sniff_delimiter(text: str) -> tuple[str, int]:
    """(delimiter, score); score 0 means no line splits into several fields."""
    lines = [ln for ln in text.splitlines()[:60] if ln.strip()]
    sample = "\n".join(lines)
    best, best_score = ";", 0
    for d in (";", "\t", ",", "|"):
        if d not in sample:
            continue
        widths = [len(r) for r in csv.reader(io.StringIO(sample), delimiter=d)]
        multi = [w for w in widths if w > 1]
        if not multi:
            continue
        modal = max(set(multi), key=multi.count)
        if multi.count(modal) < 2 and len(widths) > 1:
            continue  # one line with a comma is prose, not a table
        score = multi.count(modal) * (modal - 1)
        if score > best_score:
            best, best_score = d, score
    return best, best_score


def read_csv(data: bytes, file_name: str | None, limits: Limits) -> RawWorkbook:
    text, encoding = decode_text(data)
    warnings: list[Issue] = []
    delim, score = sniff_delimiter(text)
    ext = ext_of(file_name)
    if ext in EXCEL_EXTENSIONS:
        if score == 0:
            raise ReadError("not_excel", f"Die Datei hat die Endung {ext}, ist aber keine Excel-Arbeitsmappe, "
                                          "sondern Text ohne Tabelle.")
        warnings.append(Issue("renamed_csv", f"Die Datei hat die Endung {ext}, ist aber eine CSV-Textdatei; "
                              "sie wurde als CSV gelesen.", severity="warning"))
    if encoding in ("cp1252", "latin-1"):
        warnings.append(Issue("csv_encoding", "Die CSV-Datei ist nicht UTF-8-kodiert; sie wurde als "
                              "Windows-1252 (ANSI) gelesen. Bitte Umlaute prüfen.", severity="warning"))
    rows: list[list] = []
    try:
        _read_records(text, delim, rows, limits)
    except csv.Error:
        raise ReadError("corrupt_file", "Die CSV-Datei ist fehlerhaft (z. B. ein nicht geschlossenes "
                                        "Anführungszeichen).") from None
    if '="' in text:  # one C-level search: only a file with Excel's text formulas pays the cell pass
        _unwrap_text_formulas(rows)
    width = max((len(r) for r in rows), default=0)
    if len(rows) * max(width, 1) > limits.max_cells:
        raise ReadError("too_many_cells", f"Die CSV-Datei hat {fmt.integer(len(rows) * width)} Zellen "
                                          f"(erlaubt: {fmt.integer(limits.max_cells)}).")
    for r in rows:
        if len(r) < width:
            r.extend([""] * (width - len(r)))
    return RawWorkbook(kind="csv", sheets=[RawSheet(name="CSV", rows=rows)], warnings=warnings)


def _unwrap_text_formulas(rows: list[list]) -> None:
    """="01" – Excel's text formula, written by exports to keep leading zeros – is the text inside the quotes."""
    for r in rows:
        for i, v in enumerate(r):
            if v[:2] == '="' and len(v) > 2 and v[-1] == '"' and '"' not in v[2:-1]:
                r[i] = v[2:-1]


def _read_records(text: str, delim: str, rows: list[list], limits: Limits) -> None:
    """CSV records into ``rows`` within the row, column and cell-length limits."""
    width = 0
    for rec in csv.reader(io.StringIO(text, newline=""), delimiter=delim):
        _check_cells(rec, len(rows) + 1, rows[0] if rows else None)
        rows.append(rec)
        if len(rec) > width:
            width = len(rec)
            if width > limits.max_cols:
                raise ReadError("too_many_columns", f"Die CSV-Datei hat {fmt.integer(width)} Spalten "
                                                    f"(erlaubt: {fmt.integer(limits.max_cols)}).")
        if len(rows) > limits.max_rows:
            raise ReadError("too_many_rows", f"Die CSV-Datei hat mehr als {fmt.integer(limits.max_rows)} Zeilen.")
