"""Pre-parse guards: decide what a file is and reject dangerous or implausible input early.

Everything here works on the raw bytes (at most `Limits.max_file_bytes`), reads zip entries as
streams in 1 MB chunks and never materialises a worksheet: a zip bomb, a sheet with a million
formatted empty rows or 5,000 columns is rejected before calamine sees it.
"""

from __future__ import annotations

import functools
import io
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import PurePath
from xml.etree import ElementTree

from ankunft.core import fmt
from ankunft.importing.io.hidden import xlsx_error_cells, xlsx_hidden_rows
from ankunft.importing.report import Issue

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
EXCEL_EXTENSIONS = (".xlsx", ".xlsm", ".xls", ".xltx", ".xltm")
CHUNK = 1 << 20


@dataclass(frozen=True)
class Limits:
    """Caps of the import pipeline (all configurable; defaults fit a municipal export)."""

    max_file_bytes: int = 50 * 1024 * 1024  # upload limit
    max_rows: int = 200_000  # rows of one sheet (incl. title rows)
    max_cols: int = 500  # columns of one sheet
    max_cells: int = 5_000_000  # rows x columns of one sheet
    max_uncompressed_bytes: int = 600 * 1024 * 1024  # all zip entries together
    max_entry_bytes: int = 400 * 1024 * 1024  # one zip entry
    max_ratio: float = 200.0  # compression ratio of one entry larger than 1 MB
    max_entries: int = 5_000  # zip entries
    max_sheets: int = 200
    header_scan_rows: int = 40  # rows searched for the header


class ReadError(Exception):
    """The file cannot be read. `code` is stable, `message` German."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass
class SheetXmlInfo:
    name: str
    path: str
    rows: int = 0
    cols: int = 0
    dimension: str | None = None
    formulas: int = 0
    formulas_without_value: int = 0
    hidden_rows: list[int] = field(default_factory=list)  # Excel rows of <row hidden="1">
    error_cells: list[tuple[int, int, str]] = field(default_factory=list)  # (row, col, "#N/A") of formula errors


@dataclass
class XlsxInfo:
    sheets: list[SheetXmlInfo] = field(default_factory=list)
    warnings: list[Issue] = field(default_factory=list)
    macros: bool = False


def mb(n: int) -> str:
    return f"{fmt.num(n / 1024 / 1024, 1)} MB"


def ext_of(file_name: str | None) -> str:
    return PurePath(file_name or "").suffix.lower()


def check_size(size: int, limits: Limits) -> None:
    if size > limits.max_file_bytes:
        raise ReadError("file_too_large",
                        f"Die Datei ist {mb(size)} groß; erlaubt sind höchstens {mb(limits.max_file_bytes)}.")
    if size == 0:
        raise ReadError("empty_file", "Die Datei ist leer (0 Byte).")


def sniff(data: bytes, file_name: str | None) -> str:
    """Kind of content: "xlsx", "xls" or "csv". Raises ReadError for everything else.

    Decided by the bytes; the file name only sharpens the message.
    """
    ext = ext_of(file_name)
    if not data.strip(b" \t\r\n\x00\xef\xbb\xbf"):
        raise ReadError("empty_file", "Die Datei enthält keine Daten.")
    if data.startswith(ZIP_MAGIC) or data.startswith(b"PK\x05\x06") or data.startswith(b"PK"):
        return "xlsx"
    if data.startswith(OLE_MAGIC):
        head = data[: 1 << 20]
        if "EncryptedPackage".encode("utf-16-le") in head or b"EncryptedPackage" in head:
            raise ReadError("encrypted", "Die Arbeitsmappe ist mit einem Kennwort geschützt (verschlüsselt). "
                                         "Bitte in Excel den Kennwortschutz entfernen und erneut hochladen.")
        if "Workbook".encode("utf-16-le") in head or "Book".encode("utf-16-le") in head:
            return "xls"
        raise ReadError("not_excel", "Die Datei ist ein altes Office-Dokument, aber keine Excel-Arbeitsmappe.")
    if data.startswith(b"%PDF"):
        raise ReadError("not_excel", "Die Datei ist ein PDF-Dokument, keine Tabelle. "
                                     "Bitte die Excel- oder CSV-Datei hochladen.")
    head = data[:8192]
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "csv"  # UTF-16 text (Excel "Unicode-Text")
    if b"\x00" in head or _binary_share(head) > 0.1:
        raise ReadError("not_excel", "Die Datei ist weder eine Excel-Arbeitsmappe (.xlsx, .xlsm, .xls) "
                                     "noch eine CSV-Datei.")
    low = head.lower().lstrip(b"\xef\xbb\xbf \t\r\n")
    if low.startswith((b"<!doctype html", b"<html")) or b"<table" in low[:4096]:
        raise ReadError("html_not_excel", "Die Datei ist eine Webseite (HTML)"
                        + (f" mit der Endung {ext}" if ext else "")
                        + ". Bitte in Excel öffnen und als .xlsx speichern.")
    if low.startswith(b"<?xml"):
        if b"urn:schemas-microsoft-com:office:spreadsheet" in low:
            raise ReadError("unsupported_format", "Die Datei ist eine XML-Tabelle (Excel 2003). "
                                                  "Bitte in Excel öffnen und als .xlsx speichern.")
        raise ReadError("not_excel", "Die Datei ist ein XML-Dokument, keine Tabelle.")
    return "csv"


def _binary_share(head: bytes) -> float:
    if not head:
        return 0.0
    ctrl = sum(1 for b in head if b < 9 or 13 < b < 32)
    return ctrl / len(head)


_DIM_RE = re.compile(rb'<(?:\w+:)?dimension\s+ref="\$?([A-Z]{1,3})\$?(\d+)(?::\$?([A-Z]{1,3})\$?(\d+))?"')
_FORMULA_SELF_CLOSED_RE = re.compile(rb"<f [^>]*/></c>")


def col_number(letters: bytes | str) -> int:
    if isinstance(letters, bytes):
        letters = letters.decode()
    n = 0
    for ch in letters:
        n = n * 26 + (ord(ch) - 64)
    return n


def col_letters(n: int) -> str:
    """1 -> A, 27 -> AA."""
    s = ""
    while n > 0:
        n, r = divmod(n - 1, 26)
        s = chr(65 + r) + s
    return s


@dataclass(frozen=True)
class ZipWording:
    """How the zip guards name the file in their German messages."""

    container: str = "Die Datei"  # "Die Datei enthält … Bestandteile"
    kind: str = "eine Excel-Datei"  # "das ist für eine Excel-Datei unplausibel"
    parts_of: str = "der Arbeitsmappe"  # "Teile der Arbeitsmappe sind verschlüsselt"
    content: str = "eine Tabelle"  # "unplausibel für eine Tabelle"
    hint: str = "Bitte nur die Daten exportieren."


XLSX_WORDING = ZipWording()


def check_entry_count(infos: list[zipfile.ZipInfo], limits: Limits, wording: ZipWording = XLSX_WORDING) -> None:
    """Refuse a container with more entries than ``limits.max_entries`` (ReadError ``zip_bomb``)."""
    if len(infos) > limits.max_entries:
        raise ReadError("zip_bomb", f"{wording.container} enthält {fmt.integer(len(infos))} Bestandteile – "
                                    f"das ist für {wording.kind} unplausibel (mögliche Zip-Bombe).")


def check_entry_sizes(infos: list[zipfile.ZipInfo], limits: Limits, wording: ZipWording = XLSX_WORDING) -> None:
    """Refuse encrypted entries and entries whose declared sizes pass the limits: one entry, all entries
    together, or a compression ratio above ``max_ratio`` for an entry over 1 MB. The declared size is
    what :mod:`zipfile` will ever unpack of an entry (it stops there), so this bounds every reader."""
    total = 0
    for i in infos:
        if i.flag_bits & 0x1:
            raise ReadError("encrypted", f"Teile {wording.parts_of} sind verschlüsselt. "
                                         "Bitte den Kennwortschutz entfernen.")
        total += i.file_size
        ratio = i.file_size / max(i.compress_size, 1)
        if (i.file_size > limits.max_entry_bytes or total > limits.max_uncompressed_bytes
                or (i.file_size > CHUNK and ratio > limits.max_ratio)):
            raise ReadError("zip_bomb", f"{wording.container} würde entpackt "
                            f"{mb(max(total, i.file_size))} belegen (Verdichtung {fmt.integer(ratio)}:1) – "
                            f"unplausibel für {wording.content} (mögliche Zip-Bombe). {wording.hint}")


_DTD_MARKS = tuple(m.encode(enc) for m in ("<!DOCTYPE", "<!ENTITY") for enc in ("ascii", "utf-16-le", "utf-16-be"))


def check_xml_declarations(zf: zipfile.ZipFile, limits: Limits, wording: ZipWording = XLSX_WORDING) -> None:
    """Refuse any XML part with a DTD or entity declaration (Office Open XML never has one; entities
    are the "billion laughs" bomb). Streams every ``.xml``/``.rels`` part in 1 MB chunks."""
    overlap = max(len(m) for m in _DTD_MARKS) - 1
    for info in zf.infolist():
        if not info.filename.lower().endswith((".xml", ".rels", ".vml")):
            continue
        tail, seen = b"", 0
        try:
            with zf.open(info) as f:
                while chunk := f.read(CHUNK):
                    seen += len(chunk)
                    if seen > limits.max_entry_bytes:
                        raise ReadError("zip_bomb", f"{wording.container} enthält einen unplausibel großen "
                                                    "Bestandteil (mögliche Zip-Bombe).")
                    buf = tail + chunk
                    if any(m in buf for m in _DTD_MARKS):
                        raise ReadError("xml_dtd", f"{wording.container} enthält im Bestandteil "
                                        f"„{info.filename}“ eine DTD mit Entitäten; das kommt in Office-Dateien "
                                        "nicht vor und wird aus Sicherheitsgründen nicht gelesen.")
                    tail = buf[-overlap:]
        except ReadError:
            raise
        except Exception:  # noqa: BLE001 - CRC errors, truncated streams
            raise ReadError("corrupt_file", f"{wording.container} ist beschädigt und kann nicht gelesen "
                                            "werden.") from None


def inspect_zip_package(data: bytes, limits: Limits, wording: ZipWording) -> None:
    """The container guards of :func:`inspect_xlsx` for any Office package (e.g. a PowerPoint template):
    size, entries, entry sizes, ratio, encryption and DTDs, before anything is unpacked. Raises ReadError."""
    check_size(len(data), limits)
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except Exception:  # noqa: BLE001 - any container error means corrupt
        raise ReadError("corrupt_file", f"{wording.container} ist keine gültige Office-Datei (kein "
                                        "lesbares Zip-Archiv).") from None
    with zf:
        infos = zf.infolist()
        check_entry_count(infos, limits, wording)
        check_entry_sizes(infos, limits, wording)
        check_xml_declarations(zf, limits, wording)


def inspect_xlsx(data: bytes, limits: Limits, file_name: str | None = None, container_passed=None) -> XlsxInfo:
    """Check the zip container and every worksheet's size before parsing. Raises ReadError.

    `container_passed()`, when given, is called once the container itself has passed (entries, their sizes,
    the shared strings' real size) and before the worksheets are scanned: what calamine reads when it opens
    the workbook is checked by then; only its parsing of a sheet must wait for the whole verdict."""
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        if data.startswith(ZIP_MAGIC) and b"PK\x05\x06" not in data[-65_600:]:
            raise ReadError("truncated_file", "Die Datei ist unvollständig (abgeschnitten), z. B. durch einen "
                                              "abgebrochenen Download. Bitte erneut exportieren.") from None
        raise ReadError("corrupt_file", "Die Datei ist beschädigt und kann nicht gelesen werden.") from None
    except Exception:  # noqa: BLE001 - any container error means corrupt
        raise ReadError("corrupt_file", "Die Datei ist beschädigt und kann nicht gelesen werden.") from None
    with zf:
        infos = zf.infolist()
        names = {i.filename for i in infos}
        lower = {n.lower(): n for n in names}
        check_entry_count(infos, limits)
        if "xl/workbook.xml" not in lower:
            if "xl/workbook.bin" in lower:
                raise ReadError("unsupported_format", "Die Datei ist eine binäre Excel-Arbeitsmappe (.xlsb). "
                                                      "Bitte in Excel als .xlsx speichern.")
            if "word/document.xml" in lower:
                raise ReadError("not_excel", "Die Datei ist ein Word-Dokument, keine Excel-Arbeitsmappe.")
            if "ppt/presentation.xml" in lower:
                raise ReadError("not_excel", "Die Datei ist eine PowerPoint-Präsentation, keine Excel-Arbeitsmappe.")
            if "mimetype" in lower and b"opendocument.spreadsheet" in _read_small(zf, lower["mimetype"], 200):
                raise ReadError("unsupported_format", "Die Datei ist eine OpenDocument-Tabelle (.ods). "
                                                      "Bitte als .xlsx speichern.")
            raise ReadError("not_excel", "Die Datei ist ein Zip-Archiv, aber keine Excel-Arbeitsmappe.")
        check_entry_sizes(infos, limits)
        info = XlsxInfo()
        if "xl/vbaproject.bin" in lower:
            info.macros = True
            info.warnings.append(Issue(
                "macros_ignored", "Die Arbeitsmappe enthält Makros (VBA). Sie werden weder ausgeführt noch "
                "gespeichert; gelesen werden nur die Zellwerte.", severity="warning"))
        # calamine reads the shared strings and the styles whole when it opens the workbook: make sure their real
        # sizes match the headers
        for p in ("xl/sharedstrings.xml", "xl/styles.xml"):
            if p in lower:
                _drain(zf, lower[p], limits)
        if container_passed is not None:
            container_passed()
        for name, path in _sheet_paths(zf, lower):
            if path.lower() not in lower:
                continue
            real = lower[path.lower()]
            sx = _scan_sheet(zf, real, name, limits)
            info.sheets.append(sx)
            _check_dimension(sx, limits)
        if len(info.sheets) > limits.max_sheets:
            raise ReadError("too_many_sheets", f"Die Arbeitsmappe hat {fmt.integer(len(info.sheets))} Blätter; "
                                               f"erlaubt sind {fmt.integer(limits.max_sheets)}.")
        formulas = sum(s.formulas for s in info.sheets)
        missing = sum(s.formulas_without_value for s in info.sheets)
        if formulas:
            info.warnings.append(Issue(
                "formula_cells", "Die Arbeitsmappe enthält Formeln. Verwendet werden die zuletzt in Excel "
                "berechneten Ergebnisse; Formeln werden nicht ausgeführt.", severity="warning"))
        if missing:
            info.warnings.append(Issue(
                "formula_without_value", f"{fmt.integer(missing)} Formelzelle(n) ohne gespeichertes Ergebnis "
                "(Datei wurde nicht in Excel berechnet); diese Zellen gelten als leer. Bitte die Datei in "
                "Excel öffnen, speichern und erneut hochladen.", severity="warning"))
        return info


def _read_small(zf: zipfile.ZipFile, name: str, n: int) -> bytes:
    with zf.open(name) as f:
        return f.read(n)


def _drain(zf: zipfile.ZipFile, name: str, limits: Limits) -> None:
    try:
        with zf.open(name) as f:
            n = 0
            while True:
                b = f.read(CHUNK)
                if not b:
                    break
                n += len(b)
                if n > limits.max_entry_bytes:
                    raise ReadError("zip_bomb", "Ein Bestandteil der Datei ist entpackt größer als angegeben "
                                                "(mögliche Zip-Bombe).")
    except ReadError:
        raise
    except Exception:  # noqa: BLE001 - CRC errors, truncated streams
        raise ReadError("corrupt_file", "Die Datei ist beschädigt (Prüfsumme falsch) und kann nicht gelesen "
                                        "werden.") from None


_NS_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"


def _sheet_paths(zf: zipfile.ZipFile, lower: dict[str, str]) -> list[tuple[str, str]]:
    """(sheet name, zip path) of every worksheet, in workbook order."""
    try:
        wb = ElementTree.fromstring(_read_limited(zf, lower["xl/workbook.xml"], 5 * CHUNK))
        rels_name = lower.get("xl/_rels/workbook.xml.rels")
        rels = ElementTree.fromstring(_read_limited(zf, rels_name, 5 * CHUNK)) if rels_name else None
    except ReadError:
        raise
    except Exception:  # noqa: BLE001
        raise ReadError("corrupt_file", "Die Arbeitsmappe ist beschädigt (Inhaltsverzeichnis unlesbar).") from None
    targets = {}
    if rels is not None:
        for r in rels:
            targets[r.get("Id")] = r.get("Target", "")
    out = []
    for el in wb.iter():
        if el.tag.endswith("}sheet") or el.tag == "sheet":
            rid = el.get(_NS_REL) or next((v for k, v in el.attrib.items() if k.endswith("}id")), None)
            target = targets.get(rid, "")
            if not target or "worksheets/" not in target:
                continue
            path = target.lstrip("/") if target.startswith("/") else "xl/" + target
            path = re.sub(r"[^/]+/\.\./", "", path)
            out.append((el.get("name", ""), path))
    return out


def _read_limited(zf: zipfile.ZipFile, name: str, cap: int) -> bytes:
    with zf.open(name) as f:
        b = f.read(cap + 1)
    if len(b) > cap:
        raise ReadError("zip_bomb", "Das Inhaltsverzeichnis der Arbeitsmappe ist unplausibel groß.")
    return b


class _SheetCounter:
    """Rows and columns of a worksheet as its XML stream actually holds them (not as its <dimension>
    declares): a <row> without r="…" is the row after the previous one, a <c> without r="…" the
    column after the previous cell of its row (SpreadsheetML allows both). Fed with complete tags
    only (see :func:`_scan_sheet`): one regex pass per piece, then a plain loop over its tags."""

    def __init__(self) -> None:
        self.row = 0  # index of the last row seen
        self.col = 0  # index of the last cell seen in that row
        self.max_row = 0
        self.max_col = 0

    def feed(self, part: bytes) -> None:
        if not self._feed_referenced(part):
            self._feed_tags(part)

    def _feed_referenced(self, part: bytes) -> bool:
        """The common case – every <row> and <c> of the piece carries r="…" as its first attribute (Excel,
        LibreOffice, xlsxwriter): counted with a few C-level passes instead of a Python loop over each
        tag (a quarter of a 50,000-row check's CPU). False, with nothing changed, for any other piece.

        Cells are not collected one by one: a regex search finds the next cell that is either without
        a reference (the piece is refused) or right of the widest column so far (a few times in the
        first row, then never) – or whose own reference lies below the last row (the piece is refused:
        calamine places a cell by its reference and sizes the sheet by the farthest one)."""
        if _PREFIXED_RE.search(part):  # prefixed tags (<x:c …>): the general loop
            return False
        found = self._top_row(part)
        if found is None:  # rows without r="…", out of order or with a leading zero: collected one by one
            rows = _ROW_TAG_RE.findall(part)  # digits of r="…", b"" for a <row> without it
            if rows and not all(rows):
                return False
            found = (max(self.max_row, max(map(int, rows))) if rows else self.max_row,
                     int(rows[-1]) if rows else None)
        top, last_row = found
        widest = _widest_column(part, self.max_col, top)
        if widest is None:
            return False
        if last_row is not None:
            self.row = last_row
            self.max_row = top
            self.col = 0
        self.max_col = widest
        last_cell = part.rfind(b'<c r="')  # every cell tag starts like this here
        if last_cell > part.rfind(b'<row r="'):  # the piece ends inside a row
            self.col = col_number(_C_TAG_RE.match(part, last_cell).group(1))
        return True

    def _top_row(self, part: bytes) -> tuple[int, int | None] | None:
        """(highest row so far, the piece's last row or None) when every <row> of the piece carries r="…"
        first without a leading zero, else None (the caller collects the rows one by one).

        Without collecting every row: the last <row r="…"> gives a candidate, and one regex search – for a
        <row> that has no such reference or one above max(candidate, rows so far) – confirms it (about
        15 instead of 25 ms for 50,000 rows). Rows usually ascend, so the search finds nothing."""
        at = part.rfind(b'<row r="')
        if at == -1:
            return (self.max_row, None) if _ROW_TAG_RE.search(part) is None else None
        last = _ROW_REF_RE.match(part, at)
        if last is None:
            return None
        top = max(self.max_row, int(last.group(1)))
        if _other_row_re(top).search(part):
            return None
        return top, int(last.group(1))

    def _feed_tags(self, part: bytes) -> None:
        row, col, max_row, max_col = self.row, self.col, self.max_row, self.max_col
        for name, letters, digits in _TAG_REF_RE.findall(part):
            if name == b"row":
                row = int(digits) if digits else row + 1
                col = 0
                if row > max_row:
                    max_row = row
            else:
                col = col_number(letters) if digits else col + 1
                if col > max_col:
                    max_col = col
                if digits and int(digits) > max_row:  # calamine places the cell by its own reference
                    max_row = int(digits)
        self.row, self.col, self.max_row, self.max_col = row, col, max_row, max_col


def _widest_column(part: bytes, widest: int, top: int) -> int | None:
    """The widest column (1-based) of `widest` and the piece's cells; None if a cell has no r="…" first
    or a reference below row `top` (or with a leading zero): the tag loop counts those."""
    pos = 0
    for _ in range(64):  # columns usually grow a few times in the first row, then never
        hit = _other_cell_re(widest, top).search(part, pos)
        if hit is None:
            return widest
        letters, digits = _C_REF_RE.match(part, hit.start()).groups()
        if not letters or digits.startswith(b"0") or int(digits) > top:
            return None
        widest, pos = max(widest, col_number(letters)), hit.start() + 1
    # a piece whose columns keep growing (implausibly wide): every cell's reference at once
    refs = set(_C_REF_RE.findall(part))
    if any(not letters or digits.startswith(b"0") or int(digits) > top for letters, digits in refs):
        return None
    return max(widest, max(col_number(letters) for letters, _ in refs))


def _numbers_upto(top: int) -> str:
    """A regex for the numbers 1 … `top` written without leading zeros (nothing for `top` < 1). The
    alternatives with as many digits as `top` come first (most rows of a sheet), then fewer digits."""
    if top < 1:
        return "(?!)"
    digits = str(top)
    n = len(digits)
    upto = []
    for i, ch in enumerate(digits):  # the same up to place i, smaller there (or equal at the last place)
        low, high = "1" if i == 0 else "0", ch if i == n - 1 else chr(ord(ch) - 1)
        if high >= low:
            upto.append(digits[:i] + (f"[{low}-{high}]" if high > low else low)
                        + (f"\\d{{{n - i - 1}}}" if n - i - 1 else ""))
    if n > 1:  # fewer digits; possessive: a longer number fails at once
        upto.append(f"[1-9]\\d{{0,{n - 2}}}+")
    return "|".join(upto)


@functools.lru_cache(maxsize=256)
def _other_cell_re(col: int, top: int) -> re.Pattern:
    """A <c> start tag that does not begin with r="…" of a column up to `col` (1-based) and a row up to
    `top`: a cell without a reference, right of column `col` or below row `top`."""
    letters = col_letters(col)
    n = len(letters)
    upto = []
    for i, ch in enumerate(letters):  # as many letters: the same up to place i, before there (or the same)
        high = ch if i == n - 1 else chr(ord(ch) - 1)
        if high >= "A":
            upto.append(letters[:i] + (f"[A-{high}]" if high > "A" else "A") + (f"[A-Z]{{{n - i - 1}}}" if n - i - 1 else ""))
    if n > 1:  # fewer letters
        upto.append(f"[A-Z]{{1,{n - 1}}}+")
    refs = "|".join(upto) if n else "(?!)"
    return re.compile((r'<c(?=[\s>/])(?! r="(?:' + refs + r')(?:' + _numbers_upto(top) + r')")').encode())


@functools.lru_cache(maxsize=256)
def _other_row_re(top: int) -> re.Pattern:
    """A <row> start tag that does not begin with r="…" of a row up to `top` (written without a leading zero)."""
    return re.compile((r'<row(?=[\s>/])(?! r="(?:' + _numbers_upto(top) + r')")').encode())


# <row r="12"> / <c r="AB12"> with the reference as the first attribute (the fast path of _SheetCounter)
_ROW_REF_RE = re.compile(rb'<row r="(\d+)"')
_ROW_TAG_RE = re.compile(rb'<row(?=[\s>/])(?: r="(\d+)")?')
_C_TAG_RE = re.compile(rb'<c(?=[\s>/])(?: r="([A-Z]+)\d+")?')
_C_REF_RE = re.compile(rb'<c(?=[\s>/])(?: r="([A-Z]+)(\d+)")?')
_PREFIXED_RE = re.compile(rb':(?:c|row)[\s>/]')
# a <row> or <c> start tag with its r="…" reference when it has one: (name, column letters, row digits)
_TAG_REF_RE = re.compile(rb'<(?:\w+:)?(row|c)(?=[\s>/])(?:[^>]*?\sr="([A-Z]*)(\d+)")?')


def _scan_sheet(zf: zipfile.ZipFile, path: str, name: str, limits: Limits) -> SheetXmlInfo:
    """Stream one worksheet: declared dimension, formulas, and its real size counted in the XML itself
    (bounded memory; refused as soon as a limit is passed, whatever the <dimension> says)."""
    sx = SheetXmlInfo(name=name, path=path)
    seen = 0
    carry = b""
    counter = _SheetCounter()
    try:
        with zf.open(path) as f:
            while True:
                chunk = f.read(CHUNK)
                if not chunk:
                    break
                seen += len(chunk)
                if seen > limits.max_entry_bytes:
                    raise ReadError("zip_bomb", f"Das Blatt „{name}“ ist entpackt unplausibel groß "
                                                "(mögliche Zip-Bombe).")
                buf = carry + chunk
                cut = buf.rfind(b"<")  # everything before the last "<" is complete tags
                part, carry = (buf[:cut], buf[cut:]) if cut > 0 else (b"", buf)
                if len(carry) > CHUNK:  # no tag for a whole chunk: not a worksheet we can count
                    part, carry = buf, b""
                _scan_part(sx, part, counter, limits)
        _scan_part(sx, carry, counter, limits)
    except ReadError:
        raise
    except Exception:  # noqa: BLE001 - CRC error, truncated deflate stream
        raise ReadError("corrupt_file", f"Das Blatt „{name}“ ist beschädigt und kann nicht gelesen werden.") from None
    sx.rows, sx.cols = counter.max_row, counter.max_col
    return sx


def _scan_part(sx: SheetXmlInfo, part: bytes, counter: _SheetCounter, limits: Limits) -> None:
    """One piece of complete tags: the declared dimension (first piece), formulas, the real size."""
    if not part:
        return
    if sx.dimension is None and counter.max_row == 0:
        m = _DIM_RE.search(part[:65536])
        if m:
            sx.dimension = m.group(0).split(b'"')[1].decode()
    # one pass for the common case without formulas, exact counts only when "<f" occurs. A one-byte test
    # first: it runs at memchr speed, while a search for "<f" or 'hidden="' advances by its last byte,
    # which is frequent in XML (15 and 8 ms on a 16 MB sheet); cell XML rarely has an "f" or "h" at all.
    nf = b"f" in part and b"<f" in part and part.count(b"<f>") + part.count(b"<f ") + part.count(b"<f/")
    if nf:
        sx.formulas += nf
        sx.formulas_without_value += (part.count(b"</f></c>") + part.count(b"</f><v></v></c>")
                                      + part.count(b"</f><v/></c>") + len(_FORMULA_SELF_CLOSED_RE.findall(part)))
    if b"h" in part and b'hidden="' in part:
        sx.hidden_rows += xlsx_hidden_rows(part, counter.row)
    if nf and b't="e"' in part:  # error values come from formulas: looked for only in a piece with formulas
        sx.error_cells += xlsx_error_cells(part)
    counter.feed(part)
    sx.rows, sx.cols = counter.max_row, counter.max_col
    _check_dimension(sx, limits)


def _check_dimension(sx: SheetXmlInfo, limits: Limits) -> None:
    if sx.rows > limits.max_rows:
        raise ReadError("too_many_rows", f"Das Blatt „{sx.name}“ reicht mindestens bis Zeile "
                        f"{fmt.integer(sx.rows)} (erlaubt: {fmt.integer(limits.max_rows)}). Oft sind leere, aber formatierte Zeilen die "
                        "Ursache: bitte nur den Datenbereich exportieren.")
    if sx.cols > limits.max_cols:
        raise ReadError("too_many_columns", f"Das Blatt „{sx.name}“ hat {fmt.integer(sx.cols)} Spalten "
                        f"(erlaubt: {fmt.integer(limits.max_cols)}). Bitte nur den Datenbereich exportieren.")
    if sx.rows * sx.cols > limits.max_cells:
        raise ReadError("too_many_cells", f"Das Blatt „{sx.name}“ hat {fmt.integer(sx.rows * sx.cols)} Zellen "
                        f"(erlaubt: {fmt.integer(limits.max_cells)}).")
