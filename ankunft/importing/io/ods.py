"""OpenDocument spreadsheets (.ods): recognised by their mimetype, guarded like .xlsx (zip entries,
sizes, compression ratio, encryption), hidden rows found in content.xml; calamine reads the cells.

Plain Python (no numpy/pandas): the CLI reads files while pandas loads.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field

from ankunft.importing.io import guards
from ankunft.importing.io.guards import CHUNK, Limits, ReadError

ODS_MIME = b"application/vnd.oasis.opendocument.spreadsheet"
# the import's zip guards, worded for an OpenDocument spreadsheet
ODS_WORDING = guards.ZipWording(kind="eine Tabelle", parts_of="der Tabelle")


def is_ods(data: bytes) -> bool:
    """An OpenDocument spreadsheet: a zip whose "mimetype" entry names it (first entry, stored)."""
    if not data.startswith(b"PK"):
        return False
    if data[30:38] == b"mimetype" and ODS_MIME in data[38:160]:
        return True
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            return "mimetype" in zf.namelist() and zf.read("mimetype")[:100].strip() == ODS_MIME
    except Exception:  # noqa: BLE001 - not a readable zip: the xlsx guards say why
        return False


@dataclass
class OdsInfo:
    # table name -> hidden rows (1-based, as LibreOffice shows them)
    hidden_rows: dict[str, list[int]] = field(default_factory=dict)


_ODS_TAG_RE = re.compile(rb"<table:(table|table-row)(?=[\s>/])([^>]*?)(/?)>|</table:table>")
_NAME_RE = re.compile(rb'\stable:name="([^"]*)"')
_REPEAT_RE = re.compile(rb'\stable:number-rows-repeated="(\d+)"')
_VISIBILITY_RE = re.compile(rb'\stable:visibility="(collapse|filter)"')


def inspect_ods(data: bytes, limits: Limits) -> OdsInfo:
    """Zip guards for an .ods (entries, sizes, compression ratio, encryption) and its hidden rows."""
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except Exception:  # noqa: BLE001
        raise ReadError("corrupt_file", "Die OpenDocument-Tabelle ist beschädigt und kann nicht gelesen "
                                        "werden.") from None
    with zf:
        infos = zf.infolist()
        guards.check_entry_count(infos, limits, ODS_WORDING)
        guards.check_entry_sizes(infos, limits, ODS_WORDING)
        names = set(zf.namelist())
        if "META-INF/manifest.xml" in names and b"encryption-data" in _head(zf, "META-INF/manifest.xml"):
            raise ReadError("encrypted", "Die OpenDocument-Tabelle ist mit einem Kennwort geschützt.")
        if "content.xml" not in names:
            raise ReadError("corrupt_file", "Die OpenDocument-Tabelle ist beschädigt (content.xml fehlt).")
        return _scan_content(zf, limits)


def _head(zf: zipfile.ZipFile, name: str) -> bytes:
    with zf.open(name) as f:
        return f.read(1 << 20)


def _scan_content(zf: zipfile.ZipFile, limits: Limits) -> OdsInfo:
    info = OdsInfo()
    table, row, carry = None, 0, b""
    try:
        with zf.open("content.xml") as f:
            while True:
                chunk = f.read(CHUNK)
                buf = carry + chunk
                cut = buf.rfind(b"<") if chunk else len(buf)
                part, carry = (buf[:cut], buf[cut:]) if cut > 0 else (b"", buf)
                if len(carry) > CHUNK:
                    part, carry = buf, b""
                for m in _ODS_TAG_RE.finditer(part):
                    kind, attrs = m.group(1), m.group(2) or b""
                    if kind == b"table":
                        n = _NAME_RE.search(attrs)
                        table, row = (n.group(1).decode("utf-8", "replace") if n else ""), 0
                    elif kind == b"table-row" and table is not None:
                        r = _REPEAT_RE.search(attrs)
                        count = int(r.group(1)) if r else 1
                        if _VISIBILITY_RE.search(attrs) and row < limits.max_rows:
                            rows = range(row + 1, min(row + count, limits.max_rows) + 1)
                            info.hidden_rows.setdefault(table, []).extend(rows)
                        row += count
                if not chunk:
                    break
    except ReadError:
        raise
    except Exception:  # noqa: BLE001 - CRC error, truncated stream
        raise ReadError("corrupt_file", "Die OpenDocument-Tabelle ist beschädigt und kann nicht gelesen "
                                        "werden.") from None
    return info
