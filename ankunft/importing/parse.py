"""Cell value parsing: German numbers and dates, Excel serials, symbols, yes/no, categories.

Each `parse_*` function takes the raw cells of one column (as read by calamine or CSV: str, float,
int, bool, date/datetime, "" for empty) and returns the parsed values plus `CellIssue`s
(position in the column, stable code, German message). Work is vectorised where the column is
clean and cached per distinct text otherwise, so 50,000 rows parse in milliseconds.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass
from pathlib import PurePath

import numpy as np
import pandas as pd

from ankunft.core import fmt, glossary
from ankunft.core.glossary import Field

EXCEL_EPOCH = dt.date(1899, 12, 30)
_EPOCH_ORD = dt.date(1970, 1, 1).toordinal()
_EXCEL_EPOCH_DAYS = EXCEL_EPOCH.toordinal() - _EPOCH_ORD
_NAT = np.iinfo(np.int64).min
MAX_SERIAL = 2_958_465  # 31.12.9999
_MAX_DAYS = dt.date(2200, 12, 31).toordinal() - _EPOCH_ORD  # datetime64[ns] ends in 2262
_MIN_DAYS = dt.date(1800, 1, 1).toordinal() - _EPOCH_ORD

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
}


@dataclass
class CellIssue:
    pos: int | None  # position in the column (None: the whole column)
    code: str
    value: str | None
    message: str

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


def _num_text(x: float) -> str:
    return fmt.num(x, 0) if float(x).is_integer() else fmt.num(x, 2).rstrip("0").rstrip(",")


# --- numbers ----------------------------------------------------------------------------
_APPROX_RE = re.compile(
    r"^(ca\.?|circa|cirka|rund|etwa|ungef(?:ä|ae)hr|~|≈|gut|knapp|über|ueber|unter|mind\.?|mindestens|"
    r"max\.?|maximal|höchstens|>=|<=|>|<|bis zu)\s*", re.IGNORECASE)
_UNIT_RE = re.compile(
    r"\s*(€|eur|euro|%|m²|m2|qm|pers\.?|personen|plätze|platz|vzä|stk\.?|stück|°|,-|\.-|,--)\s*$", re.IGNORECASE)
_LEAD_UNIT_RE = re.compile(r"^(€|eur)\s*", re.IGNORECASE)
_N = r"[+\-−]?\d[\d.,' ]*"
_RANGE_RE = re.compile(rf"^({_N})\s*(?:-|–|—|bis)\s*({_N})$", re.IGNORECASE)


def to_float(core: str, dot_decimal: bool = False) -> float | None:
    """German (and plain) number text -> float; None when it is not a number."""
    c = core.strip().replace("\u00a0", "").replace("\u202f", "").replace(" ", "").replace("'", "")
    c = c.replace("−", "-")
    sign = 1.0
    if not c:
        return None
    if c[0] in "+-":
        sign = -1.0 if c[0] == "-" else 1.0
        c = c[1:]
    if not c:
        return None
    if re.fullmatch(r"\d{1,3}(\.\d{3})+(,\d*)?", c):
        if dot_decimal and c.count(".") == 1 and "," not in c:
            return sign * float(c)
        return sign * float(c.replace(".", "").replace(",", ".") or 0)
    if re.fullmatch(r"\d+,\d*", c) or re.fullmatch(r",\d+", c):
        return sign * float(c.replace(",", "."))
    if re.fullmatch(r"\d{1,3}(,\d{3}){2,}(\.\d+)?", c) or re.fullmatch(r"\d{1,3}(,\d{3})+\.\d+", c):
        return sign * float(c.replace(",", ""))
    if re.fullmatch(r"\d+\.\d+", c) or re.fullmatch(r"\.\d+", c) or re.fullmatch(r"\d+", c):
        return sign * float(c)
    return None


def parse_number_text(s: str, dot_decimal: bool = False, integer: bool = False) -> tuple[float | None, str | None, str]:
    """(value, code, message). code None = clean; message German (without the column name)."""
    t = s.strip().replace("\u00a0", " ").replace("\u202f", " ")
    k = token(t)
    if k == "":
        return None, None, ""
    if k in DASH_TOKENS:
        return 0.0, None, ""
    if k in SUPPRESSED_TOKENS:
        return None, "suppressed_value", f"„{t}“ steht für einen geheim gehaltenen Wert; gilt als fehlend."
    if k in UNKNOWN_TOKENS:
        return None, "unknown_value", f"„{t}“ (keine Angabe) gilt als fehlend."
    if k in EXCEL_ERRORS:
        return None, "excel_error", f"Excel-Fehlerwert „{t}“ statt einer Zahl."
    approx = False
    m = _APPROX_RE.match(t)
    if m and m.end() < len(t):
        approx = True
        t2 = t[m.end():]
    else:
        t2 = t
    core = _LEAD_UNIT_RE.sub("", _UNIT_RE.sub("", t2)).strip()
    core = _UNIT_RE.sub("", core).strip()
    r = _RANGE_RE.match(core)
    if r and not re.fullmatch(r"[+\-−]?\d[\d.,]*", core.replace(" ", "")):
        a, b = to_float(r.group(1), dot_decimal), to_float(r.group(2), dot_decimal)
        if a is not None and b is not None and a <= b:
            mid = (a + b) / 2
            if integer:
                mid = float(math.floor(mid + 0.5))
            return mid, "range_value", f"Spanne „{s.strip()}“: verwendet wird {_num_text(mid)} (Mitte)."
    v = to_float(core, dot_decimal)
    if v is None:
        return None, "not_a_number", f"„{s.strip()}“ ist keine Zahl."
    if approx:
        return v, "approximate_value", f"Ungefähre Angabe „{s.strip()}“: verwendet wird {_num_text(v)}."
    return v, None, ""


def parse_numbers(values, f: Field) -> tuple[np.ndarray, list[CellIssue]]:
    """Numeric column -> float64 array (NaN = missing) and issues."""
    vals = values if isinstance(values, list) else list(values)
    n = len(vals)
    issues: list[CellIssue] = []
    kinds = set(map(type, vals))
    if kinds <= {float, int}:
        out = np.asarray(vals, dtype="float64") if n else np.zeros(0)
    else:
        out = np.full(n, np.nan)
        dot_decimal = f.max is not None and f.max < 1000
        integer = f.kind == "int"
        cache: dict[str, tuple] = {}
        label = f.label
        for i, v in enumerate(vals):
            tv = type(v)
            if tv is float or tv is int:
                out[i] = v
            elif tv is str:
                if v == "":
                    continue
                res = cache.get(v)
                if res is None:
                    res = cache[v] = parse_number_text(v, dot_decimal, integer)
                val, code, msg = res
                if val is not None:
                    out[i] = val
                if code:
                    issues.append(CellIssue(i, code, show(v), f"{label}: {msg}"))
            elif v is None:
                continue
            else:
                issues.append(CellIssue(i, "not_a_number", show(v), f"{label}: „{show(v)}“ ist keine Zahl."))
    if f.kind == "int" and n:
        frac = np.isfinite(out) & (np.abs(out - np.round(out)) > 1e-9)
        flagged = {x.pos for x in issues}
        for i in np.flatnonzero(frac):
            if int(i) not in flagged:
                issues.append(CellIssue(int(i), "not_integer", show(vals[i]),
                                        f"{f.label}: {_num_text(out[i])} ist keine ganze Zahl; Wert übernommen."))
    if f.unit == "%" and n:
        fin = out[np.isfinite(out)]
        raw_numbers = sum(1 for v in vals if type(v) is float or type(v) is int)
        if len(fin) and raw_numbers and fin.max() <= 1.0 and fin.min() >= 0:
            out = out * 100.0
            issues.append(CellIssue(None, "percent_as_fraction", None,
                                    f"{f.label}: alle Werte ≤ 1 – als Anteile gelesen und in Prozent "
                                    "umgerechnet (0,125 → 12,5 %)."))
    return out, issues


# --- dates ------------------------------------------------------------------------------
_MONTHS = {
    "jan": 1, "januar": 1, "jänner": 1, "feb": 2, "februar": 2, "mär": 3, "mar": 3, "märz": 3, "maerz": 3,
    "apr": 4, "april": 4, "mai": 5, "jun": 6, "juni": 6, "jul": 7, "juli": 7, "aug": 8, "august": 8,
    "sep": 9, "sept": 9, "september": 9, "okt": 10, "oktober": 10, "nov": 11, "november": 11,
    "dez": 12, "dezember": 12,
}
_D_DE_FAST = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$")
_D_DE = re.compile(r"^(\d{1,2})\.\s?(\d{1,2})\.\s?(\d{4}|\d{2})(?:[ ,T]+\d{1,2}:\d{2}(?::\d{2})?)?$")
_D_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$")
_D_SLASH = re.compile(r"^(\d{1,2})[/-](\d{1,2})[/-](\d{4})$")
_D_MONTH_YEAR = re.compile(r"^(\d{1,2})[./](\d{4})$")
_D_NAMED = re.compile(r"^(?:(\d{1,2})\.?\s*)?([a-zäöü]+)\.?\s+(\d{4})$", re.IGNORECASE)
_D_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})$")


def _mkdate(y: int, m: int, d: int) -> dt.date | None:
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


def _year(y: str) -> int:
    v = int(y)
    if len(y) == 2:
        return 2000 + v if v <= 69 else 1900 + v
    return v


def parse_date_text(s: str) -> tuple[dt.date | None, str | None, str]:
    """German/ISO date text, Excel serial as text, month/year -> (date, code, message)."""
    t = s.strip().replace("\u00a0", " ")
    m = _D_DE_FAST.match(t)
    if m:  # the common case first: 03.02.2016
        d = _mkdate(int(m.group(3)), int(m.group(2)), int(m.group(1)))
        if d:
            return d, None, ""
    k = token(t)
    if k == "" or k in DASH_TOKENS:
        return None, None, ""
    if k in UNKNOWN_TOKENS or k in SUPPRESSED_TOKENS:
        return None, "unknown_value", f"„{t}“ (keine Angabe) gilt als fehlend."
    if k in EXCEL_ERRORS:
        return None, "excel_error", f"Excel-Fehlerwert „{t}“ statt eines Datums."
    m = _D_DE.match(t)
    if m:
        d = _mkdate(_year(m.group(3)), int(m.group(2)), int(m.group(1)))
        return (d, None, "") if d else (None, "not_a_date", f"„{t}“ ist kein gültiges Datum.")
    m = _D_ISO.match(t)
    if m:
        d = _mkdate(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        return (d, None, "") if d else (None, "not_a_date", f"„{t}“ ist kein gültiges Datum.")
    m = _D_SLASH.match(t)
    if m:
        d = _mkdate(int(m.group(3)), int(m.group(2)), int(m.group(1)))
        return (d, None, "") if d else (None, "not_a_date", f"„{t}“ ist kein gültiges Datum.")
    m = _D_COMPACT.match(t)
    if m and 1900 <= int(m.group(1)) <= 2100:
        d = _mkdate(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        if d:
            return d, None, ""
    if re.fullmatch(r"\d{4,5}([.,]0+)?", t):
        v = float(t.replace(",", "."))
        if 1900 <= v <= 2100 and len(t.split(".")[0].split(",")[0]) == 4 and float(v).is_integer():
            d = dt.date(int(v), 1, 1)
            return d, "approximate_value", f"Nur das Jahr „{t}“ angegeben: verwendet wird {fmt.date(d)}."
        return serial_to_date(v), None, ""
    m = _D_MONTH_YEAR.match(t)
    if m and 1 <= int(m.group(1)) <= 12:
        d = dt.date(int(m.group(2)), int(m.group(1)), 1)
        return d, "approximate_value", f"Nur Monat und Jahr „{t}“ angegeben: verwendet wird {fmt.date(d)}."
    m = _D_NAMED.match(t)
    if m and m.group(2).lower().rstrip(".") in _MONTHS:
        mon = _MONTHS[m.group(2).lower().rstrip(".")]
        if m.group(1):
            d = _mkdate(int(m.group(3)), mon, int(m.group(1)))
            return (d, None, "") if d else (None, "not_a_date", f"„{t}“ ist kein gültiges Datum.")
        d = dt.date(int(m.group(3)), mon, 1)
        return d, "approximate_value", f"Nur Monat und Jahr „{t}“ angegeben: verwendet wird {fmt.date(d)}."
    return None, "not_a_date", f"„{t}“ ist kein Datum (erwartet z. B. 03.02.2016)."


def serial_to_date(v: float) -> dt.date | None:
    if not (1 <= v <= MAX_SERIAL):
        return None
    return EXCEL_EPOCH + dt.timedelta(days=int(v))


def parse_dates(values, f: Field) -> tuple[np.ndarray, list[CellIssue]]:
    """Date column -> datetime64[ns] array (NaT = missing) and issues.

    Accepts date cells, Excel serial numbers, German/ISO text and mixtures of them.
    """
    vals = values if isinstance(values, list) else list(values)
    label = f.label
    fast = _dates_by_value(vals, label)
    days, issues = fast if fast is not None else _dates_by_type(vals, label)
    far = (days != _NAT) & ((days > _MAX_DAYS) | (days < _MIN_DAYS))
    for i in np.flatnonzero(far):  # e.g. 31.12.9999 for "unbefristet": no real date
        days[i] = _NAT
        issues.append(CellIssue(int(i), "open_ended_date", show(vals[i]), f"{label}: „{show(vals[i])}“ ist kein "
                                                                          "reales Datum (z. B. „unbefristet“); "
                                                                          "gilt als leer."))
    if issues:
        issues.sort(key=lambda x: x.pos)
    mask = days == _NAT
    out = days.astype("datetime64[D]").astype("datetime64[ns]")
    out[mask] = np.datetime64("NaT")
    return out, issues


# cell types whose values never compare equal across types (unlike 1 == 1.0 == True)
_DATE_VALUE_TYPES = frozenset({str, dt.date, dt.datetime, float, type(None)})


def _date_cell(v: object, label: str) -> tuple[int, str | None, str]:
    """(days since 1970 or NaT, issue code, message) of one non-text cell of a date column."""
    tv = type(v)
    if tv is dt.date:
        return v.toordinal() - _EPOCH_ORD, None, ""
    if tv is dt.datetime:
        return v.date().toordinal() - _EPOCH_ORD, None, ""
    if v is None or math.isnan(v):
        return _NAT, None, ""
    if 19000101 <= v <= 21001231 and float(v).is_integer():
        d = _mkdate(int(v) // 10000, int(v) // 100 % 100, int(v) % 100)
        if d:
            return d.toordinal() - _EPOCH_ORD, None, ""
    if 1 <= v <= MAX_SERIAL:
        return _EXCEL_EPOCH_DAYS + int(v), None, ""
    return _NAT, "not_a_date", f"{label}: „{show(v)}“ ist kein Datum."


def _dates_by_value(vals: list, label: str) -> tuple[np.ndarray, list[CellIssue]] | None:
    """Days and issues computed once per distinct cell (text, date, datetime, float, empty).

    None when the column holds other cell types (int, bool …, which compare equal to floats);
    `_dates_by_type` handles those. Same results as `_dates_by_type`.
    """
    if not set(map(type, vals)) <= _DATE_VALUE_TYPES:
        return None
    table: dict[object, tuple[int, str | None, str]] = {}
    epoch = _EPOCH_ORD
    for u in set(vals):
        if type(u) is str:
            d, code, msg = parse_date_text(u)
            table[u] = (d.toordinal() - epoch if d is not None else _NAT, code, f"{label}: {msg}" if code else "")
        else:
            table[u] = _date_cell(u, label)
    ords = {u: r[0] for u, r in table.items()}
    days = np.fromiter(map(ords.__getitem__, vals), dtype="int64", count=len(vals))
    issues: list[CellIssue] = []
    bad = {u for u, r in table.items() if r[1]}
    if bad:
        for i, v in enumerate(vals):
            if v in bad:
                _, code, msg = table[v]
                issues.append(CellIssue(i, code, show(v), msg))
    return days, issues


def _dates_by_type(vals: list, label: str) -> tuple[np.ndarray, list[CellIssue]]:
    """Days since 1970 (NaT = missing) and issues, cell type by cell type."""
    n = len(vals)
    days = np.full(n, _NAT, dtype="int64")
    issues: list[CellIssue] = []
    epoch = _EPOCH_ORD
    types = list(map(type, vals))
    date_idx = [i for i, t in enumerate(types) if t is dt.date]
    if date_idx:  # date cells (the common case with calamine)
        days[date_idx] = np.fromiter((vals[i].toordinal() for i in date_idx), dtype="int64",
                                     count=len(date_idx)) - epoch
    str_idx = [i for i, t in enumerate(types) if t is str]
    if str_idx:  # text: parsed once per distinct text
        table = {u: parse_date_text(u) for u in {vals[i] for i in str_idx}}
        ords = {u: (d.toordinal() - epoch if d is not None else _NAT) for u, (d, _, _) in table.items()}
        days[str_idx] = np.fromiter((ords[vals[i]] for i in str_idx), dtype="int64", count=len(str_idx))
        bad = {u for u, (_, code, _) in table.items() if code}
        if bad:
            for i in str_idx:
                v = vals[i]
                if v in bad:
                    issues.append(CellIssue(i, table[v][1], show(v), f"{label}: {table[v][2]}"))
    if len(date_idx) + len(str_idx) < n:
        for i, tv in enumerate(types):
            if tv is dt.date or tv is str:
                continue
            v = vals[i]
            if tv is dt.datetime or tv is pd.Timestamp:
                days[i] = v.date().toordinal() - epoch
            elif (tv is float or tv is int) and not (tv is float and math.isnan(v)):
                if 19000101 <= v <= 21001231 and float(v).is_integer():
                    d = _mkdate(int(v) // 10000, int(v) // 100 % 100, int(v) % 100)
                    if d:
                        days[i] = d.toordinal() - epoch
                        continue
                if 1 <= v <= MAX_SERIAL:
                    days[i] = _EXCEL_EPOCH_DAYS + int(v)
                else:
                    issues.append(CellIssue(i, "not_a_date", show(v), f"{label}: „{show(v)}“ ist kein Datum."))
            elif v is None or (tv is float and math.isnan(v)):
                continue
            else:
                issues.append(CellIssue(i, "not_a_date", show(v), f"{label}: „{show(v)}“ ist kein Datum."))
    return days, issues


# --- yes/no ------------------------------------------------------------------------------
def _bool_of(v: object) -> tuple[object, str | None]:
    """(True/False/NA, issue code or None; "" marks an empty cell)."""
    tv = type(v)
    if tv is bool:
        return v, None
    if tv is float or tv is int:
        if tv is float and math.isnan(v):
            return pd.NA, ""
        if v == 1:
            return True, None
        if v == 0:
            return False, None
        return pd.NA, "not_yes_no"
    if tv is str:
        k = token(v)
        if k == "":
            return pd.NA, ""
        if k in TRUE_TOKENS:
            return True, None
        if k in FALSE_TOKENS:
            return False, None
        if k in UNKNOWN_TOKENS:
            return pd.NA, "unknown_value"
        return pd.NA, "not_yes_no"
    if v is None:
        return pd.NA, ""
    return pd.NA, "not_yes_no"


def parse_bools(values, f: Field) -> tuple[pd.array, list[CellIssue]]:
    """Yes/no column -> pandas "boolean" array. "x"/empty columns read empty cells as "nein"."""
    vals = values if isinstance(values, list) else list(values)
    table = {u: _bool_of(u) for u in set(vals)}
    out = [table[v][0] for v in vals]
    issues: list[CellIssue] = []
    bad = {u for u, (_, code) in table.items() if code}
    if bad:
        for i, v in enumerate(vals):
            if v in bad:
                code = table[v][1]
                if code == "unknown_value":
                    issues.append(CellIssue(i, code, show(v), f"{f.label}: „{show(v)}“ (keine Angabe) gilt als "
                                                              "fehlend."))
                else:
                    issues.append(CellIssue(i, "not_yes_no", show(v), f"{f.label}: „{show(v)}“ ist weder ja noch "
                                                                       "nein (erwartet: ja/nein, x/leer, "
                                                                       "vorhanden/nicht vorhanden, 1/0)."))
    nonempty_tokens = {token(u) for u, (_, code) in table.items() if code != "" and type(u) is str}
    empties = [u for u, (_, code) in table.items() if code == ""]
    if nonempty_tokens and nonempty_tokens <= X_MARKS and empties:
        empty_set = set(empties)
        n_empty = 0
        for i, v in enumerate(vals):
            if v in empty_set and table[v][1] == "":
                out[i] = False
                n_empty += 1
        issues.append(CellIssue(None, "empty_as_no", None, f"{f.label}: die Spalte markiert „ja“ mit „x“; "
                                                           f"{fmt.integer(n_empty)} leere Zellen als „nein“ "
                                                           "gelesen."))
    return pd.array(out, dtype="boolean"), issues


# --- text, ids, categories ----------------------------------------------------------------
def _text(v: object) -> str | None:
    tv = type(v)
    if tv is str:
        s = v.strip()
        if not s:
            return None
        if "  " in s or "\n" in s or "\t" in s:
            s = re.sub(r"\s+", " ", s)
        k = s.lower().replace(" ", "")
        if k in TEXT_MISSING:
            return None
        return s
    if v is None:
        return None
    if tv is float:
        if math.isnan(v):
            return None
        return str(int(v)) if v.is_integer() and abs(v) < 1e15 else repr(v).replace(".", ",")
    if tv is int:
        return str(v)
    return show(v)


def _unique_map(vals: list, fn) -> list:
    """fn applied once per distinct cell value (cells are hashable: str, float, int, bool, date)."""
    table = {}
    for u in set(vals):
        table[u] = fn(u)
    return [table[v] for v in vals]


_MISSING_LIST = sorted(TEXT_MISSING)
# ASCII whitespace other than tab and line breaks (those are checked separately)
_ASCII_SPACES = " \x0b\x0c\x1c\x1d\x1e\x1f"


def _clean_ascii_texts(vals: list[str]) -> np.ndarray | None:
    """The cells unchanged when every one is already clean ASCII text, else None (the general path decides).

    Clean: non-empty, no leading/trailing whitespace, no runs of spaces, tabs or line breaks, not a
    missing-value token. Checked with a few C-level passes over the joined column (ids of 50,000 stays).
    """
    joined = "\x00".join(vals)
    if not joined.isascii() or joined.count("\x00") != len(vals) - 1:
        return None
    if "  " in joined or "\n" in joined or "\t" in joined or "\r" in joined or "\x00\x00" in joined:
        return None
    if not joined or joined[0] == "\x00" or joined[-1] == "\x00" or joined[0].isspace() or joined[-1].isspace():
        return None  # empty or untrimmed cells
    if any(ch in joined and ("\x00" + ch in joined or ch + "\x00" in joined) for ch in _ASCII_SPACES):
        return None
    if not TEXT_MISSING.isdisjoint(joined.lower().replace(" ", "").split("\x00")):
        return None
    out = np.empty(len(vals), dtype=object)
    out[:] = vals
    return out


def parse_text(values, f: Field) -> tuple[np.ndarray, list[CellIssue]]:
    """Text or id column -> object array of str/None. Ids keep their leading zeros when written as text."""
    vals = values if isinstance(values, list) else list(values)
    if len(vals) > 1000 and type(vals[0]) is str and len(set(vals[:256])) > 64:
        # mostly distinct ids: the clean-text check first saves building the set of 50,000 values
        # (same result: _text returns a clean text unchanged)
        try:
            clean = _clean_ascii_texts(vals)
        except TypeError:  # not only text
            clean = None
        if clean is not None and set(map(type, vals)) == {str}:
            return clean, []
    distinct = set(vals)
    if len(distinct) * 4 < len(vals):  # few distinct values: one call per distinct value
        table = {u: _text(u) for u in distinct}
        out = np.empty(len(vals), dtype=object)
        out[:] = [table[v] for v in vals]
        return out, []
    if vals and set(map(type, vals)) == {str}:
        clean = _clean_ascii_texts(vals)
        if clean is not None:
            return clean, []
        # all text: vectorised (Arrow string kernels) instead of one Python call per cell
        s = pd.Series(vals, dtype="str").str.strip()
        if any(s.str.contains(w, regex=False).any() for w in ("  ", "\n", "\t", "\r")):
            s = s.str.replace(r"\s+", " ", regex=True)
        key = s.str.lower().str.replace(" ", "", regex=False)
        s = s.mask(key.isin(_MISSING_LIST) | (s == ""))
        return s.to_numpy(dtype=object, na_value=None), []
    out = np.empty(len(vals), dtype=object)
    out[:] = _unique_map(vals, _text)
    return out, []


# Category variants: normalised text (glossary.normalise_header) -> choice; then keyword rules.
CATEGORY_ALIASES: dict[str, dict[str, str]] = {
    "sex": {"m": "m", "maennlich": "m", "mann": "m", "male": "m", "w": "w", "weiblich": "w", "frau": "w",
            "f": "w", "female": "w", "d": "d", "divers": "d", "x": "d", "diverse": "d"},
    "type": {"gu": "Gemeinschaftsunterkunft", "nu": "Notunterkunft", "hotel": "Hotel/Pension",
             "pension": "Hotel/Pension", "hotel pension": "Hotel/Pension", "modulanlage": "Modulbau",
             "container": "Modulbau", "containeranlage": "Modulbau", "modulbauten": "Modulbau",
             "halle": "Leichtbauhalle", "traglufthalle": "Leichtbauhalle", "wohnheim": "Wohnheim",
             "reserveobjekt": "Reserve", "reservestandort": "Reserve"},
    "accommodations.status": {"betrieb": "in Betrieb", "aktiv": "in Betrieb", "belegt": "in Betrieb",
                              "geoeffnet": "in Betrieb", "in nutzung": "in Betrieb", "standby": "Reserve",
                              "stand by": "Reserve", "vorgehalten": "Reserve", "schliessung": "in Schließung",
                              "wird geschlossen": "in Schließung", "in aufloesung": "in Schließung",
                              "aufloesung": "in Schließung", "rueckbau": "in Schließung",
                              "aufgegeben": "geschlossen", "stillgelegt": "geschlossen",
                              "ausser betrieb": "geschlossen", "aufgeloest": "geschlossen"},
    "housing.status": {"neu": "offen", "gemeldet": "offen", "bearbeitung": "in Bearbeitung",
                       "laufend": "in Bearbeitung", "in arbeit": "in Bearbeitung", "anhoerung": "in Bearbeitung",
                       "anordnung": "in Bearbeitung", "erledigt": "behoben", "abgeschlossen": "behoben",
                       "beseitigt": "behoben"},
    "residence_status": {"aufenthaltsgestattung": "Asylverfahren", "gestattung": "Asylverfahren",
                         "im asylverfahren": "Asylverfahren", "asylbewerber": "Asylverfahren",
                         "asylberechtigt": "anerkannt (§ 25 Abs. 1 AufenthG)",
                         "fluechtlingseigenschaft": "anerkannt (§ 25 Abs. 2 AufenthG)",
                         "anerkannter fluechtling": "anerkannt (§ 25 Abs. 2 AufenthG)",
                         "anerkannt": "anerkannt (§ 25 Abs. 2 AufenthG)",
                         "subsidiaer": "subsidiärer Schutz", "subsidiaer schutzberechtigt": "subsidiärer Schutz",
                         "geduldet": "Duldung", "ukraine": "§ 24 AufenthG (Ukraine)",
                         "vorruebergehender schutz": "§ 24 AufenthG (Ukraine)", "sonstige": "Sonstiges",
                         "andere": "Sonstiges"},
    "category": {"kindertagesstaette": "Kita", "kindergarten": "Kita", "krippe": "Kita", "kiga": "Kita",
                 "gs": "Grundschule", "gymnasium": "weiterführende Schule", "realschule plus": "weiterführende Schule",
                 "realschule": "weiterführende Schule", "igs": "weiterführende Schule",
                 "gesamtschule": "weiterführende Schule", "integrierte gesamtschule": "weiterführende Schule",
                 "berufsbildende schule": "weiterführende Schule", "bbs": "weiterführende Schule",
                 "beratungsstelle": "Beratung", "migrationsberatung": "Beratung", "stadtteilbuero": "Quartiersbüro",
                 "quartiersmanagement": "Quartiersbüro", "buergeramt": "Bürgerbüro",
                 "integrationskurs": "Sprachkurs", "deutschkurs": "Sprachkurs", "jugendzentrum": "Jugendtreff",
                 "jugendhaus": "Jugendtreff", "arztpraxis": "Gesundheit", "gesundheitsamt": "Gesundheit"},
}
# Keyword rules (regex on the normalised text), tried in order after the exact lookup.
CATEGORY_RULES: dict[str, list[tuple[str, str]]] = {
    "residence_status": [
        (r"\b24\b.*aufenthg|\b24 aufenthg|ukrain", "§ 24 AufenthG (Ukraine)"),
        (r"25 abs 1\b|25 i\b|16a", "anerkannt (§ 25 Abs. 1 AufenthG)"),
        (r"25 abs 2\b|25 ii\b|gfk|fluechtling", "anerkannt (§ 25 Abs. 2 AufenthG)"),
        (r"subsidi", "subsidiärer Schutz"),
        (r"25 abs 3|60 abs 5|60 abs 7|abschiebungsverbot", "Abschiebungsverbot"),
        (r"duldung|60a|geduldet", "Duldung"),
        (r"gestattung|asylverfahren|55 asylg", "Asylverfahren"),
    ],
    "category": [
        (r"\bkita\b|kinderta|kindergarten|krippe", "Kita"),
        (r"grundschule", "Grundschule"),
        (r"gymnasium|realschule|gesamtschule|\bigs\b|berufsbild|foerderschule|sekundar", "weiterführende Schule"),
        (r"beratung", "Beratung"),
        (r"quartier|stadtteilbuero", "Quartiersbüro"),
        (r"buergerbuero|buergeramt|buergerservice", "Bürgerbüro"),
        (r"sprach|integrationskurs|deutschkurs", "Sprachkurs"),
        (r"jugend", "Jugendtreff"),
        (r"gesundheit|arzt|praxis|klinik", "Gesundheit"),
    ],
    "type": [
        (r"gemeinschaftsunterkunft", "Gemeinschaftsunterkunft"),
        (r"notunterkunft", "Notunterkunft"),
        (r"hotel|pension", "Hotel/Pension"),
        (r"modul|container", "Modulbau"),
        (r"halle|zelt", "Leichtbauhalle"),
        (r"wohnheim", "Wohnheim"),
    ],
}


def _category_key(dataset: str, f: Field) -> str:
    return f"{dataset}.{f.key}" if f"{dataset}.{f.key}" in CATEGORY_ALIASES else f.key


def category_lookup(dataset: str, f: Field) -> dict[str, str]:
    table = {glossary.normalise_header(c): c for c in f.choices}
    for k, v in CATEGORY_ALIASES.get(_category_key(dataset, f), {}).items():
        table.setdefault(k, v)
    return table


def map_category(text: str, dataset: str, f: Field, lookup: dict[str, str] | None = None) -> str | None:
    """Known choice for a category text, or None."""
    lookup = lookup if lookup is not None else category_lookup(dataset, f)
    k = glossary.normalise_header(text)
    if k in lookup:
        return lookup[k]
    for pattern, choice in CATEGORY_RULES.get(_category_key(dataset, f), []):
        if re.search(pattern, k):
            return choice
    return None


def parse_category(values, f: Field, dataset: str) -> tuple[np.ndarray, list[CellIssue]]:
    """Category column -> known choices; unknown values are kept as written, with a warning."""
    texts, _ = parse_text(values, f)
    if not f.choices:
        return texts, []
    lookup = category_lookup(dataset, f)
    cache = {t: (None if t is None else map_category(t, dataset, f, lookup)) for t in set(texts.tolist())}
    unknown = {t for t, c in cache.items() if t is not None and c is None}
    out = np.empty(len(texts), dtype=object)
    out[:] = [cache[t] or t for t in texts.tolist()]
    issues: list[CellIssue] = []
    if unknown:
        allowed = ", ".join(f.choices)
        for i, t in enumerate(texts.tolist()):
            if t in unknown:
                issues.append(CellIssue(i, "unknown_category", t, f"{f.label}: „{t}“ ist kein bekannter Wert "
                                                                  f"(bekannt: {allowed}); übernommen wie geschrieben."))
    return out, issues


def parse_column(values, f: Field, dataset: str):
    """Dispatch by field kind. Returns (values, issues)."""
    if f.kind in glossary.NUMERIC_KINDS:
        return parse_numbers(values, f)
    if f.kind == "date":
        return parse_dates(values, f)
    if f.kind == "bool":
        return parse_bools(values, f)
    if f.kind == "category":
        return parse_category(values, f, dataset)
    return parse_text(values, f)


# --- Stichtag ----------------------------------------------------------------------------
_ST_KEY = r"(?:stand|stichtag|datenstand|stand der daten|zum|per|am|auswertung vom|abfrage vom)"
_ST_DE = re.compile(_ST_KEY + r"\s*[:\-]?\s*(\d{1,2})\.\s?(\d{1,2})\.\s?(\d{4})", re.IGNORECASE)
_ST_ISO = re.compile(_ST_KEY + r"\s*[:\-]?\s*(\d{4})-(\d{2})-(\d{2})", re.IGNORECASE)
_ST_NAMED = re.compile(_ST_KEY + r"\s*[:\-]?\s*(\d{1,2})\.\s*([a-zäöü]+)\.?\s+(\d{4})", re.IGNORECASE)
_ANY_DE = re.compile(r"(?<!\d)(\d{1,2})\.(\d{1,2})\.(\d{4})(?!\d)")


def stichtag_in_text(text: str, keyword_only: bool = True) -> dt.date | None:
    """The reference date in a title/footnote text ("Stand: 01.10.2026"); None when absent."""
    if not text:
        return None
    for rx, order in ((_ST_DE, "dmy"), (_ST_ISO, "ymd")):
        m = rx.search(text)
        if m:
            a, b, c = (int(g) for g in m.groups())
            d = _mkdate(c, b, a) if order == "dmy" else _mkdate(a, b, c)
            if d:
                return d
    m = _ST_NAMED.search(text)
    if m and m.group(2).lower() in _MONTHS:
        d = _mkdate(int(m.group(3)), _MONTHS[m.group(2).lower()], int(m.group(1)))
        if d:
            return d
    if not keyword_only:
        m = _ANY_DE.search(text)
        if m:
            return _mkdate(int(m.group(3)), int(m.group(2)), int(m.group(1)))
    return None


def stichtag_from_file_name(name: str | None) -> dt.date | None:
    """A date in the file name: 2026-10-01, 2026_10_01, 20261001, 01.10.2026, 01-10-2026."""
    if not name:
        return None
    stem = PurePath(name).stem
    for m in re.finditer(r"(?<!\d)(\d{4})[-_.]?(\d{2})[-_.]?(\d{2})(?!\d)", stem):
        y, mo, d = (int(g) for g in m.groups())
        if 1990 <= y <= 2100:
            got = _mkdate(y, mo, d)
            if got:
                return got
    for m in re.finditer(r"(?<!\d)(\d{1,2})[-_.](\d{1,2})[-_.](\d{4})(?!\d)", stem):
        d, mo, y = (int(g) for g in m.groups())
        if 1990 <= y <= 2100:
            got = _mkdate(y, mo, d)
            if got:
                return got
    return None
