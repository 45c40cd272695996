"""Shared pieces of cell parsing: missing-value and yes/no tokens, issue codes, `CellIssue`, `token`, `show`.

Plain Python (no numpy/pandas), so readers that only sniff a header can use it cheaply.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass

# Every Unicode space separator (category Zs) as a plain space: no-break, narrow no-break, thin, figure, hair …
# space – thousands separators and gaps as publishing tools and copied web tables write them.
SPACES = str.maketrans({c: " " for c in "\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008"
                        "\u2009\u200a\u202f\u205f\u3000"})

# Token keys: lower case, spaces removed.
DASH_TOKENS = {"-", "–", "—", "--"}
SUPPRESSED_TOKENS = {"*", ".", "x", "/", "…", "...", "(*)", "(.)", "•"}
UNKNOWN_TOKENS = {
    "k.a.", "k.a", "ka", "k.a.:", "keineangabe", "keineangaben", "n.b.", "n.b", "nb", "nichtbekannt", "unbekannt",
    "n.v.", "n.v", "nv", "#nv", "n/a", "na", "?", "o.a.", "ohneangabe", "n.a.", "nan", "none", "null",
}
EXCEL_ERRORS = {"#div/0!", "#nv", "#n/a", "#wert!", "#value!", "#ref!", "#bezug!", "#name?", "#zahl!", "#num!",
                "#null!", "#leer!", "#calc!", "#überlauf!", "#spill!"}
TRUE_TOKENS = {"ja", "j", "yes", "y", "x", "1", "1.0", "wahr", "true", "vorhanden", "vorh.", "vorh", "ok", "✓", "✔",
               "☑", "zutreffend", "trifftzu", "gegeben", "liegtvor"}
FALSE_TOKENS = {"nein", "n", "no", "0", "0.0", "falsch", "false", "nichtvorhanden", "nichtvorh.", "nichtvorh", "fehlt",
                "keine", "kein", "ohne", "-", "–", "—", "trifftnichtzu", "nichtgegeben", "entfällt", "☐"}
X_MARKS = {"x", "✓", "✔", "☑"}
TEXT_MISSING = DASH_TOKENS | UNKNOWN_TOKENS | {"*", ".", "…", "...", "(*)", "(.)"}

# Stable codes of cell issues and whether they block the row.
CELL_CODES = {
    "not_a_number": "error", "not_a_date": "error", "not_yes_no": "error", "excel_error": "error",
    "approximate_value": "warning", "range_value": "warning", "suppressed_value": "warning",
    "unknown_value": "warning", "not_integer": "warning", "unknown_category": "warning",
    "percent_as_fraction": "warning", "empty_as_no": "warning", "open_ended_date": "warning",
    "unit_mismatch": "error", "thousands_comma": "warning", "unknown_values": "warning",
    "values_mapped": "warning", "value_with_note": "warning",
}


@dataclass
class CellIssue:
    pos: int | None  # position in the column (None: the whole column)
    code: str
    value: str | None
    message: str
    # grouped issues (unknown_values): value as written -> number of cells
    counts: dict[str, int] | None = None

    @property
    def severity(self) -> str:
        return CELL_CODES.get(self.code, "error")


def token(s: str) -> str:
    return re.sub(r"\s+", "", s.strip().lower())


def show(v: object) -> str | None:
    """A raw cell as a short German text for reports."""
    if v is None or (isinstance(v, str) and v == ""):
        return None
    if isinstance(v, bool):
        return "WAHR" if v else "FALSCH"
    if isinstance(v, float):
        if math.isnan(v):
            return None
        if v.is_integer() and abs(v) < 1e15:
            return str(int(v))
        return repr(v).replace(".", ",")
    if isinstance(v, dt.datetime):
        return v.strftime("%d.%m.%Y") if v.time() == dt.time() else v.strftime("%d.%m.%Y %H:%M")
    if isinstance(v, dt.date):
        return v.strftime("%d.%m.%Y")
    s = str(v).strip()
    return s[:200] if s else None


def fill_merged_down(rows: list[list], merged: list, below: int) -> list[tuple[int, int, int, object]]:
    """Cells merged down over data rows (a district written once for the rows of its group): the range's value in
    each of its empty cells, as Excel shows it. Only ranges that start below row `below` (0-based header row) and
    span several rows; header and title rows keep their own reading. Returns (first, last Excel row, column, value)."""
    out = []
    # merged ranges never overlap in a real workbook: together they cover at most the sheet's cells; a file whose
    # ranges cover more (a crafted one) gets no further filling, instead of a loop over rows × ranges
    budget = sum(map(len, rows))
    for (r1, c1), (r2, c2) in merged:
        r2 = min(r2, len(rows) - 1)
        if r1 <= below or r2 <= r1 or c1 >= len(rows[r1]):
            continue
        budget -= (r2 - r1 + 1) * (min(c2, len(rows[r1]) - 1) - c1 + 1)
        if budget < 0:
            break
        v = rows[r1][c1]
        if v is None or v == "":
            continue
        for r in range(r1, r2 + 1):
            row = rows[r]
            for c in range(c1, min(c2, len(row) - 1) + 1):
                if row[c] is None or row[c] == "":
                    row[c] = v
        out.append((r1 + 1, r2 + 1, c1, v))
    return out
