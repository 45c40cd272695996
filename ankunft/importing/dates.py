"""Date columns (date cells, Excel serials, German/ISO text, month/year) and the Stichtag in titles and file names."""

from __future__ import annotations

import datetime as dt
import math
import re
from pathlib import PurePath

import numpy as np
import pandas as pd

from ankunft.core import fmt
from ankunft.core.glossary import Field
from ankunft.importing.cells import (
    DASH_TOKENS,
    EXCEL_ERRORS,
    SPACES,
    SUPPRESSED_TOKENS,
    UNKNOWN_TOKENS,
    CellIssue,
    show,
    token,
)

EXCEL_EPOCH = dt.date(1899, 12, 30)
_EPOCH_ORD = dt.date(1970, 1, 1).toordinal()
_EXCEL_EPOCH_DAYS = EXCEL_EPOCH.toordinal() - _EPOCH_ORD
_NAT = np.iinfo(np.int64).min
MAX_SERIAL = 2_958_465  # 31.12.9999
_MAX_DAYS = dt.date(2200, 12, 31).toordinal() - _EPOCH_ORD  # datetime64[ns] ends in 2262
_MIN_DAYS = dt.date(1800, 1, 1).toordinal() - _EPOCH_ORD

_MONTHS = {
    "jan": 1, "januar": 1, "jänner": 1, "feb": 2, "februar": 2, "mär": 3, "mar": 3, "märz": 3, "maerz": 3, "mrz": 3,
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
# A quarter or half year only ("Q3/2026", "3. Quartal 2026", "2026-Q3", "III. Quartal 26", "2. Halbjahr 2026", "H1 2026")
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}
_PERIOD_WORDS = {"quartal": 3, "qu": 3, "qt": 3, "q": 3, "halbjahr": 6, "hj": 6, "h": 6}
_SEP = r"\s*[/\-.,]?\s*"
_PERIOD = re.compile(
    r"^(?:(?P<w1>q|h)\s*(?P<n1>\d)"  # Q3 / H1
    r"|(?P<n2>\d|i{1,3}|iv)\s*\.?\s*(?P<w2>quartal|qu|qt|q|halbjahr|hj)\.?"  # 3. Quartal, III. Qu., 2. Hj.
    r"|(?P<w3>quartal|halbjahr)\s*(?P<n3>\d))"  # Quartal 3
    + _SEP + r"(?P<y>\d{4}|\d{2})$"
    r"|^(?P<y4>\d{4})" + _SEP + r"(?P<w4>q|h)(?P<n4>\d)$",  # 2026-Q3
    re.IGNORECASE)


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


_WEEKDAYS = ("montag", "dienstag", "mittwoch", "donnerstag", "freitag", "samstag", "sonntag")
_WEEKDAY_ALT = r"mo|di|mi|do|fr|sa|so|montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonnabend|sonntag"
_WEEKDAY_BEFORE = re.compile(rf"^(?P<wd>{_WEEKDAY_ALT})\.?\s*[,.]?\s*(?P<rest>\d.*)$", re.IGNORECASE)
_WEEKDAY_AFTER = re.compile(rf"^(?P<rest>\d.*?)\s*[,(]\s*(?P<wd>{_WEEKDAY_ALT})\.?\s*\)?$", re.IGNORECASE)


def _weekday_index(word: str) -> int:
    w = word.lower()
    return 5 if w == "sonnabend" else next(i for i, d in enumerate(_WEEKDAYS) if d.startswith(w))


def parse_date_text(s: str) -> tuple[dt.date | None, str | None, str]:
    """German/ISO date text, Excel serial as text, month/year -> (date, code, message). A weekday before or
    after the date ("Mo, 17.08.2026", "17.08.2026 (Mo)") is checked against the date: one that does not fit
    makes it no date (the officer decides which of the two is wrong)."""
    t = s.translate(SPACES).strip()
    m = _D_DE_FAST.match(t)
    if m:  # the common case first: 03.02.2016
        d = _mkdate(int(m.group(3)), int(m.group(2)), int(m.group(1)))
        if d:
            return d, None, ""
    m = (_WEEKDAY_BEFORE.match(t) or _WEEKDAY_AFTER.match(t)
         if t[:1].isalpha() or t[-1:].isalpha() or t[-1:] == ")" else None)
    if m:
        d, code, msg = parse_date_text(m.group("rest"))
        if d is not None and d.weekday() != _weekday_index(m.group("wd")):
            return None, "not_a_date", (f"„{t}“: der Wochentag „{m.group('wd')}“ passt nicht zum Datum "
                                        f"({fmt.date(d)} ist ein {_WEEKDAYS[d.weekday()].capitalize()}).")
        if d is not None or code != "not_a_date":
            return d, code, msg
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
    period = _period_start(t)
    if period is not None:
        d, what = period
        return d, "approximate_value", f"Nur {what} „{t}“ angegeben: verwendet wird {fmt.date(d)}."
    return None, "not_a_date", f"„{t}“ ist kein Datum (erwartet z. B. 03.02.2016)."


def _period_start(t: str) -> tuple[dt.date, str] | None:
    """The first day of a quarter or half year written alone, and what it was ("das Quartal")."""
    m = _PERIOD.match(t)
    if not m:
        return None
    g = m.groupdict()
    word = (g["w1"] or g["w2"] or g["w3"] or g["w4"]).lower()
    num = (g["n1"] or g["n2"] or g["n3"] or g["n4"]).lower()
    n = _ROMAN[num] if num in _ROMAN else int(num)
    months = _PERIOD_WORDS[word]
    if not 1 <= n <= 12 // months:
        return None
    year = _year(g["y"] or g["y4"])
    what = "das Quartal" if months == 3 else "das Halbjahr"
    return dt.date(year, months * (n - 1) + 1, 1), what


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
    fast = dates_by_value(vals, label)
    days, issues = fast if fast is not None else dates_by_type(vals, label)
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


_DIGIT_POS = [0, 1, 3, 4, 6, 7, 8, 9]


def dmy_days(texts: list[str]) -> np.ndarray:
    """Days since 1970 of each text of the form DD.MM.YYYY (ASCII digits, a valid date), else NaT.

    Exactly the texts `parse_date_text` reads on its first line (with two-digit day and month):
    vectorised over the code points, validity by comparing with the next month's first day."""
    out = np.full(len(texts), _NAT, dtype=np.int64)
    if not texts:
        return out
    idx = np.flatnonzero(np.fromiter(map(len, texts), dtype=np.int64, count=len(texts)) == 10)
    if not len(idx):
        return out
    cp = np.array([texts[i] for i in idx.tolist()], dtype="U10").view(np.uint32).reshape(-1, 10).astype(np.int64)
    dig = cp - 48
    ok = (cp[:, 2] == 46) & (cp[:, 5] == 46) & ((dig[:, _DIGIT_POS] >= 0) & (dig[:, _DIGIT_POS] <= 9)).all(axis=1)
    day = dig[:, 0] * 10 + dig[:, 1]
    month = dig[:, 3] * 10 + dig[:, 4]
    year = dig[:, 6] * 1000 + dig[:, 7] * 100 + dig[:, 8] * 10 + dig[:, 9]
    ok &= (day >= 1) & (month >= 1) & (month <= 12) & (year >= 1)
    months = np.where(ok, (year - 1970) * 12 + month - 1, 0)
    first = months.astype("datetime64[M]").astype("datetime64[D]").astype(np.int64)
    following = (months + 1).astype("datetime64[M]").astype("datetime64[D]").astype(np.int64)
    days = first + day - 1
    ok &= days < following
    out[idx[ok]] = days[ok]
    return out


def dates_by_value(vals: list, label: str) -> tuple[np.ndarray, list[CellIssue]] | None:
    """Days and issues computed once per distinct cell (text, date, datetime, float, empty).

    None when the column holds other cell types (int, bool …, which compare equal to floats);
    `dates_by_type` handles those. Same results as `dates_by_type`. The common cells – text
    "03.02.2016", date cells and Excel serial numbers – at C speed; the others one by one.
    """
    types = set(map(type, vals))
    if not types <= _DATE_VALUE_TYPES:
        return None
    ords: dict[object, int] = {}  # distinct cell -> days since 1970 (or NaT)
    bad: dict[object, tuple[str, str]] = {}  # distinct cell -> (issue code, message)
    distinct = set(vals)
    if str in types:
        texts = [u for u in distinct if type(u) is str]
        ords.update((u, day) for u, day in zip(texts, dmy_days(texts).tolist()) if day != _NAT)
    if dt.date in types:
        cells = [u for u in distinct if type(u) is dt.date]
        ords.update(zip(cells, map(_EPOCH_ORD.__rsub__, map(dt.date.toordinal, cells))))
    if float in types:  # serial numbers (1 … 31.12.9999 lies below the yyyymmdd numbers 19000101 …)
        nums = [u for u in distinct if type(u) is float]
        arr = np.array(nums, dtype=np.float64)
        serial = (arr >= 1) & (arr <= MAX_SERIAL)
        days = _EXCEL_EPOCH_DAYS + np.where(serial, arr, 0).astype(np.int64)
        ords.update((u, day) for u, day, ok in zip(nums, days.tolist(), serial.tolist()) if ok)
    epoch = _EPOCH_ORD
    for u in distinct.difference(ords) if ords else distinct:
        if type(u) is str:
            d, code, msg = parse_date_text(u)
            ords[u] = d.toordinal() - epoch if d is not None else _NAT
            if code:
                bad[u] = (code, f"{label}: {msg}")
        else:
            ords[u], code, msg = _date_cell(u, label)
            if code:
                bad[u] = (code, msg)
    days = np.fromiter(map(ords.__getitem__, vals), dtype="int64", count=len(vals))
    issues: list[CellIssue] = []
    if bad:
        for i, v in enumerate(vals):
            if v in bad:
                code, msg = bad[v]
                issues.append(CellIssue(i, code, show(v), msg))
    return days, issues


def dates_by_type(vals: list, label: str) -> tuple[np.ndarray, list[CellIssue]]:
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



# --- Stichtag ----------------------------------------------------------------------------
_ST_KEY = r"(?:stand|stichtag|datenstand|stand der daten|zum|per|am|auswertung vom|abfrage vom)"
_ST_DE = re.compile(_ST_KEY + r"\s*[:\-]?\s*(\d{1,2})\.\s?(\d{1,2})\.\s?(\d{4}|\d{2})(?!\d)", re.IGNORECASE)
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
            d = _mkdate(_year(m.group(3)), b, a) if order == "dmy" else _mkdate(a, b, c)
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


_ST_MONTH = re.compile(_ST_KEY + r"\s*[:\-]?\s*(?P<text>(?P<name>[a-zäöü]+)\.?\s*(?P<y1>\d{4})"
                       r"|(?P<m2>\d{1,2})\s?[./]\s?(?P<y2>\d{4})|(?P<y3>\d{4})-(?P<m3>\d{1,2}))(?![\d./-]*\d)",
                       re.IGNORECASE)


def stichtag_month_in_text(text: str) -> tuple[dt.date, str] | None:
    """A Stand of a month only ("Stand: Okt. 2026", "Stand Oktober 2026", "Stand: 10/2026", "Stand 2026-10"):
    (the month's last day, the month as written); None without one. The caller warns: the day is a guess."""
    for m in _ST_MONTH.finditer(text or ""):
        if m.group("name"):
            mon, year = _MONTHS.get(m.group("name").lower()), int(m.group("y1"))
        elif m.group("m2"):
            mon, year = int(m.group("m2")), int(m.group("y2"))
        else:
            mon, year = int(m.group("m3")), int(m.group("y3"))
        if mon and 1 <= mon <= 12 and 1900 <= year <= 2100:
            nxt = dt.date(year + mon // 12, mon % 12 + 1, 1)
            return nxt - dt.timedelta(days=1), m.group("text")
    return None


def month_stand_message(spelled: str, day: dt.date) -> str:
    return (f"Stand „{spelled}“ als {fmt.date(day)} gelesen (nur Monat und Jahr angegeben: der letzte Tag des "
            "Monats) – bitte prüfen und sonst den Stichtag beim Import angeben.")


def stichtag_from_file_name(name: str | None) -> dt.date | None:
    """A date in the file name: 2026-10-01, 2026_10_01, 20261001, 01.10.2026, 01-10-2026."""
    if not name:
        return None
    return _date_in_name(PurePath(name).stem)


def stichtag_in_sheet_name(name: str | None) -> dt.date | None:
    """The Stand in a sheet name: "Stand 30.9.26", "Stichtag 2026-09-30", "Belegung 30.09.2026", "2026-09-30"."""
    if not name:
        return None
    return stichtag_in_text(name) or stichtag_in_text(name, keyword_only=False) or _date_in_name(name)


def _date_in_name(stem: str) -> dt.date | None:
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
