"""Months of the scenario: the "YYYY-MM" keys of the JSON, period indices relative to the Stichtag's
month, German month labels – and :func:`check_month`, which refuses (in German) a stored value that is
no month before it can crash a simulation.
"""

from __future__ import annotations

import datetime as dt
import re

import pandas as pd

from ankunft.core import fmt


def month_start(d) -> pd.Timestamp:
    """First day of the month of a date-like value."""
    ts = pd.Timestamp(d)
    return pd.Timestamp(ts.year, ts.month, 1)


def month_key(d) -> str:
    """`2027-03` for a date-like value (the JSON form of a month)."""
    ts = pd.Timestamp(d)
    return f"{ts.year:04d}-{ts.month:02d}"


def month_index(stichtag: dt.date, value) -> int | None:
    """Period index of a month relative to the Stichtag's month (0 = the Stichtag's month).

    `value` may be "2027-03", a date, a Timestamp or None/NaT (→ None). Months before the
    Stichtag's month give negative indices.
    """
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    if isinstance(value, str):
        value = value.strip()
        if not value:
            return None
        ts = pd.Timestamp(value + "-01") if len(value) == 7 else pd.Timestamp(value)
    else:
        ts = pd.Timestamp(value)
    s = pd.Timestamp(stichtag)
    return (ts.year - s.year) * 12 + (ts.month - s.month)


def period_month(stichtag: dt.date, t: int) -> pd.Timestamp:
    """First day of period t (0 = the Stichtag's month)."""
    s = pd.Timestamp(stichtag)
    m = s.month - 1 + t
    return pd.Timestamp(s.year + m // 12, m % 12 + 1, 1)


def period_label(stichtag: dt.date, t: int) -> str:
    """German month label of period t, e.g. `März 2027`."""
    return fmt.month(period_month(stichtag, t))


_MONTH = re.compile(r"\d{4}-\d{1,2}(-\d{1,2})?")
YEARS = (1, 9999)  # the years a date can have (year 0 parses as text but no month can be built from it)


def check_month(value, where: str) -> None:
    """Nothing when ``value`` is empty or a month :func:`month_index` reads ("2027-03", a date or a
    Timestamp in the years 1–9999 – any date of the data); else a German ``ValueError``
    naming ``where`` it stands."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return
    idx = None
    if isinstance(value, (dt.date, pd.Timestamp)) or (isinstance(value, str) and _MONTH.fullmatch(value.strip())):
        try:
            idx = month_index(dt.date(2000, 1, 1), value)
        except (ValueError, OverflowError):
            idx = None
    if idx is None or not YEARS[0] <= 2000 + idx // 12 <= YEARS[1]:
        raise ValueError(f"Monat „{value}“ bei {where} ist kein Monat – erwartet JJJJ-MM (z. B. 2027-03).")
