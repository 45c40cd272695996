"""Hidden rows and error cells in a worksheet's XML stream (.xlsx).

Deleted records often stay in an export as hidden rows; the pipeline leaves them out by default and
lists them (see `pipeline.check_file(hidden_rows=…)`). `guards._scan_sheet` streams each worksheet
in pieces of complete tags and calls `xlsx_hidden_rows` only for a piece that mentions hidden="…".
Plain Python (no numpy/pandas): the CLI reads files while pandas loads.
"""

from __future__ import annotations

import re

# <row …> start tag of SpreadsheetML with its attributes
_XLSX_ROW_RE = re.compile(rb"<(?:\w+:)?row(?=[\s>/])([^>]*)>")
_R_RE = re.compile(rb'\sr="(\d+)"')
_HIDDEN_RE = re.compile(rb'\shidden="(?:1|true)"')


def xlsx_hidden_rows(part: bytes, last_row: int) -> list[int]:
    """Excel rows (1-based) of the <row hidden="1"> tags in a piece of complete tags.

    `last_row` is the row before the piece (a <row> without r="…" follows the previous one).
    """
    out = []
    row = last_row
    for attrs in _XLSX_ROW_RE.findall(part):
        m = _R_RE.search(attrs)
        row = int(m.group(1)) if m else row + 1
        if _HIDDEN_RE.search(attrs):
            out.append(row)
    return out


# <c …t="e"…>…<v>#N/A</v></c>: a cell holding an Excel error value (calamine reads it as an empty cell)
_ERROR_CELL_RE = re.compile(rb'<(?:\w+:)?c\s([^>]*?\st="e"[^>]*)>(.*?)</(?:\w+:)?c>', re.S)
_CELL_REF_RE = re.compile(rb'\sr="([A-Z]{1,3})(\d+)"')
_VALUE_RE = re.compile(rb"<(?:\w+:)?v>([^<]*)</(?:\w+:)?v>")


def xlsx_error_cells(part: bytes) -> list[tuple[int, int, str]]:
    """(Excel row 1-based, column 0-based, error text) of the cells with an error value in a piece of complete
    tags. Cells without a reference (r="B7") cannot be placed and are left out."""
    out = []
    for attrs, body in _ERROR_CELL_RE.findall(part):
        ref = _CELL_REF_RE.search(b" " + attrs)
        val = _VALUE_RE.search(body)
        if not ref or not val:
            continue
        col = 0
        for ch in ref.group(1):
            col = col * 26 + ch - 64
        out.append((int(ref.group(2)), col - 1, val.group(1).decode("utf-8", "replace")))
    return out
