"""The one formatter: German numbers, percentages, money, dates and months.

`1.234,5`, `12,5 %`, `380 €`, `01.10.2026`, `Okt. 2026`. Missing values become "–".
Between a number and its unit (`%`, `€`, `Mio. €`, `m²`, `Uhr`, a unit given to `signed`/`unit`) stands a
non-breaking space (U+00A0, `NBSP`), so "32,0 %" never breaks into "32,0⏎%" on a page, in a table
cell or on a slide; the space inside "Mio. €" is non-breaking too. Thousands separators stay dots.
"""

from __future__ import annotations

import datetime as dt
import math
import re

MISSING = "–"
NBSP = "\u00a0"
MONTHS_SHORT = ("Jan.", "Feb.", "März", "Apr.", "Mai", "Juni", "Juli", "Aug.", "Sept.", "Okt.", "Nov.", "Dez.")
MONTHS_LONG = ("Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober",
               "November", "Dezember")


def is_missing(x) -> bool:
    """True for None, NaN, pd.NA and NaT (what the formatters show as "–")."""
    if x is None:
        return True
    tx = type(x)
    if tx is float:
        return x != x
    if tx is int or tx is str or tx is bool:
        return False
    import pandas as pd  # only for pandas/numpy values: `fmt` itself stays importable without pandas

    if x is pd.NA or x is pd.NaT:
        return True
    try:
        return bool(pd.isna(x))
    except (TypeError, ValueError):
        return False


def num(x, decimals: int = 0) -> str:
    """German number: thousands dot, decimal comma."""
    if is_missing(x):
        return MISSING
    x = float(x)
    if math.isinf(x):
        return MISSING
    s = f"{x:,.{decimals}f}"
    s = s.replace(",", "\u0000").replace(".", ",").replace("\u0000", ".")
    if s.startswith("-") and float(s.replace(".", "").replace(",", ".")) == 0:
        s = s[1:]
    return s


def integer(x) -> str:
    return num(x, 0)


def unit_text(unit: str) -> str:
    """A unit as it follows a number: every space inside it non-breaking (`Mio.\u00a0€`)."""
    return NBSP.join(unit.split())


def with_unit(number_text: str, unit: str) -> str:
    """An already formatted number and its unit joined by a non-breaking space (`12,5\u00a0%`);
    the missing-value dash stays alone, an empty unit adds nothing."""
    if number_text == MISSING or not unit:
        return number_text
    return f"{number_text}{NBSP}{unit_text(unit)}"


def unit(x, unit: str, decimals: int = 0) -> str:
    """A number with a unit: `unit(252, "Tage")` → `252\u00a0Tage`; missing → "–"."""
    return with_unit(num(x, decimals), unit)


def pct(ratio, decimals: int = 1) -> str:
    """A ratio (0.125) as `12,5 %`."""
    if is_missing(ratio):
        return MISSING
    return with_unit(num(float(ratio) * 100, decimals), "%")


# One rounding rule for a share that several pages, the exports and the Sachstand show side by side
# (Kita and Grundschule coverage, share of inspected objects with open defects): one decimal.
SHARE_DECIMALS = 1


def share(ratio) -> str:
    """A coverage or quality share as every page shows it: `79,7\u00a0%` (`SHARE_DECIMALS`), so the
    same district never reads 80 % on one page and 79,7 % on the next."""
    return pct(ratio, SHARE_DECIMALS)


def pct_points(value, decimals: int = 1) -> str:
    """A value already in percent (12.5) as `12,5 %`."""
    if is_missing(value):
        return MISSING
    return with_unit(num(value, decimals), "%")


def eur(x, decimals: int = 0) -> str:
    if is_missing(x):
        return MISSING
    return with_unit(num(x, decimals), "€")


def eur_compact(x) -> str:
    """Large amounts: `1,2 Mio. €`, `350.000 €`."""
    if is_missing(x):
        return MISSING
    x = float(x)
    if abs(x) >= 1_000_000:
        return with_unit(num(x / 1_000_000, 1), "Mio. €")
    return eur(x)


def m2(x, decimals: int = 1) -> str:
    if is_missing(x):
        return MISSING
    return with_unit(num(x, decimals), "m²")


def signed(x, decimals: int = 0, unit: str = "") -> str:
    """Change with sign: `+12`, `−3,5\u00a0%` (unit after a non-breaking space)."""
    if is_missing(x):
        return MISSING
    x = float(x)
    if math.isinf(x):
        return MISSING
    body = num(abs(x), decimals)
    sign = "+" if x > 0 else ("−" if x < 0 else "±")
    return with_unit(f"{sign}{body}", unit)


def _as_date(d) -> dt.date | None:
    if is_missing(d):
        return None
    import pandas as pd

    if isinstance(d, pd.Timestamp):
        return d.date()
    if isinstance(d, dt.datetime):
        return d.date()
    if isinstance(d, dt.date):
        return d
    return pd.Timestamp(d).date()


def date(d) -> str:
    """`01.10.2026`."""
    d = _as_date(d)
    return MISSING if d is None else d.strftime("%d.%m.%Y")


def date_time(x) -> str:
    """A timestamp (datetime, pandas Timestamp or ISO text as the store keeps it) as
    `06.12.2026, 20:01\u00a0Uhr`; a bare date as `06.12.2026`; missing or unreadable as "–"."""
    if is_missing(x):
        return MISSING
    if isinstance(x, str):
        try:
            x = dt.datetime.fromisoformat(x.strip())
        except ValueError:
            return MISSING
    if isinstance(x, dt.datetime):  # also pandas Timestamp
        return f"{x.strftime('%d.%m.%Y')}, {x.strftime('%H:%M')}{NBSP}Uhr"
    return date(x)


def month(d) -> str:
    """`Okt. 2026`."""
    d = _as_date(d)
    return MISSING if d is None else f"{MONTHS_SHORT[d.month - 1]} {d.year}"


def month_long(d) -> str:
    """`Oktober 2026`."""
    d = _as_date(d)
    return MISSING if d is None else f"{MONTHS_LONG[d.month - 1]} {d.year}"


def plural(n, singular: str, plural_form: str) -> str:
    """`1 Unterkunft`, `3 Unterkünfte` (German number)."""
    return f"{integer(n)} {singular if n == 1 else plural_form}"


# characters that markdown, Streamlit's directives (":red[…]", ":material/…:", emoji shortcodes),
# LaTeX ("$…$") or raw HTML read as markup anywhere in a line; block markers count only at its start
_INLINE_MARKUP = re.compile(r"[\\`*_\[\]$~]|<(?=[A-Za-z/!?])|:(?=[\w/+-])|&(?=[#A-Za-z])")
# Streamlit's icon (":material/…:") and emoji (":smile:") plugins and GFM's bare-URL links
# ("http://…", "www.…") work on the text after escapes are read: a zero-width space after such a
# colon and after "www" keeps them from matching (invisible on screen)
_TEXT_PLUGINS = re.compile(r"(?<=:)(?=[A-Za-z_/])|(?<=\bwww)(?=\.)", re.IGNORECASE)
_BLOCK_START = re.compile(r"^(\s*)([#>+=-]|\d+[.)])")


def md(value) -> str:
    """Data text (names, addresses, categories …) for a markdown element: shown exactly as written.

    Every inline markup character gets a backslash (CommonMark shows an escaped ASCII punctuation
    character literally), so ``**fett**``, ``[x](javascript:…)``, ``<img src=…>``, ``:red[…]`` and
    ``$x$`` appear as typed ("<" only before a tag name, ":" only before a word, "&" only before an
    entity name: "< 1 Jahr" stays as it is); a
    heading, list or quote marker at the start is escaped too, and line breaks become spaces. ``None``/NaN/NA give the missing-value dash. Dates and numbers stay as
    they are (``30.06.2026``). A zero-width space after a colon before a letter or "/" and after
    "www" stops icons, emoji and bare-URL links. The one escaping helper for data in markdown."""
    if value is None or (isinstance(value, float) and math.isnan(value)) or type(value).__name__ == "NAType":
        return MISSING
    text = " ".join(str(value).splitlines())
    text = _INLINE_MARKUP.sub(lambda m: "\\" + m.group(0), text)
    text = _TEXT_PLUGINS.sub("\u200b", text)
    return _BLOCK_START.sub(lambda m: m.group(1) + m.group(2)[:-1] + "\\" + m.group(2)[-1], text)
