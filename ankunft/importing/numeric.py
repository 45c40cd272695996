"""Numeric columns: German number text ("1.234,5", "ca. 380 €", "10–20"), Excel numbers, symbols."""

from __future__ import annotations

import math
import re

import numpy as np

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


def _num_text(x: float) -> str:
    return fmt.num(x, 0) if float(x).is_integer() else fmt.num(x, 2).rstrip("0").rstrip(",")


_APPROX_RE = re.compile(
    r"^(ca\.?|circa|cirka|rund|etwa|ungef(?:ä|ae)hr|~|≈|gut|knapp|über|ueber|unter|mind\.?|mindestens|"
    r"max\.?|maximal|höchstens|>=|<=|>|<|bis zu)\s*", re.IGNORECASE)
# Units as offices write them after (or, for money, before) a number, by class; a field accepts
# the classes of its own unit (`_FIELD_UNITS`), any other unit is an error ("12 %" in a count).
_UNIT_CLASS_PATTERNS = {
    "money": r"(?:€|eur|euro)(?:\s*/\s*[a-zäöü]+\.?)?|,-|\.-|,--",
    "percent": r"%|prozent|v\.\s?h\.?",
    "area": r"m²|m2|qm",
    "count": r"pers\.?|personen|plätze|platz|pl\.|betten|bett|stk\.?|stück|kinder|whg\.?|wohnungen",
    "fte": r"vzä",
    "degree": r"°",
}
_UNIT_RE = re.compile(r"\s*(" + "|".join(f"(?P<{k}>{v})" for k, v in _UNIT_CLASS_PATTERNS.items()) + r")\s*$",
                      re.IGNORECASE)
_LEAD_UNIT_RE = re.compile(r"^(€|eur)\s*", re.IGNORECASE)
_FIELD_UNITS = {"€": ("money",), "%": ("percent",), "m²": ("area",), "°": ("degree",)}
_EXPECTED = {"€": "ein Euro-Betrag", "%": "ein Prozentwert", "m²": "eine Fläche in m²", "°": "eine Koordinate in Grad"}
_THOUSANDS_COMMA = re.compile(r"\d{1,3}(?:,\d{3})+")


def _strip_units(t: str) -> tuple[str, list[tuple[str, str]]]:
    """The number text without its units, and the (class, unit as written) pairs that were removed."""
    found = []
    for _ in range(2):  # "380,- €"
        m = _UNIT_RE.search(t)
        if not m or m.start() == 0:
            break
        found.append((next(k for k, v in m.groupdict().items() if v is not None), m.group(1)))
        t = t[:m.start()]
    m = _LEAD_UNIT_RE.match(t)
    if m and m.end() < len(t):
        found.append(("money", m.group(1)))
        t = t[m.end():]
    return t.strip(), found


def _unit_misfit(found: list[tuple[str, str]], unit: str | None) -> str | None:
    """The first unit (as written) that does not fit a field of this unit, or None."""
    allowed = _FIELD_UNITS.get(unit or "", ("count", "fte"))
    return next((written for cls, written in found if cls not in allowed), None)


# a number, then a remark in brackets with at least one word: "200 (+20 Notbetten)", "45 m² (lt. Plan)"
_BRACKET_NOTE = re.compile(r"(?P<head>[^()]*\d[^()]*?)\s*\((?P<note>[^()]*[A-Za-zÄÖÜäöüß][^()]*)\)")
_N = r"[+\-−]?\d[\d.,' ]*"
_RANGE_RE = re.compile(rf"^({_N})\s*(?:-|–|—|bis)\s*({_N})$", re.IGNORECASE)


def to_float(core: str, dot_decimal: bool = False) -> float | None:
    """German (and plain) number text -> float; None when it is not a number."""
    c = core.strip().translate(SPACES).replace(" ", "").replace("'", "")
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


def parse_number_text(s: str, dot_decimal: bool = False, integer: bool = False,
                      unit: str | None = None) -> tuple[float | None, str | None, str]:
    """(value, code, message). code None = clean; message German (without the column name).

    `unit` is the field's unit: a unit of another kind in the text ("12 %" for a count, "€" for a
    share) is the error "unit_mismatch". In a count (`integer`), "1,234" is read as 1234 with the
    warning "thousands_comma" – never as 1,234.
    """
    t = s.translate(SPACES).strip()
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
    b = _BRACKET_NOTE.fullmatch(t) if t.endswith(")") else None
    if b:  # "200 (+20 Notbetten)": the number before the remark, the remark named – never dropped silently
        v, code, msg = parse_number_text(b.group("head"), dot_decimal, integer, unit)
        if v is None:
            return None, code or "not_a_number", msg or f"„{s.strip()}“ ist keine Zahl."
        also = f" {msg}" if code else ""
        return v, "value_with_note", (f"„{s.strip()}“: verwendet wird {_num_text(v)}; der Zusatz in Klammern "
                                      f"„{b.group('note').strip()}“ wird nicht mitgezählt – bitte prüfen.{also}")
    approx = False
    m = _APPROX_RE.match(t)
    if m and m.end() < len(t):
        approx = True
        t2 = t[m.end():]
    else:
        t2 = t
    core, found = _strip_units(t2)
    misfit = _unit_misfit(found, unit)
    if misfit is not None:
        expected = _EXPECTED.get(unit or "", "eine Anzahl" if integer else "eine Zahl ohne diese Einheit")
        return None, "unit_mismatch", (f"„{s.strip()}“: die Einheit „{misfit.strip()}“ passt nicht zu diesem Feld "
                                       f"(erwartet: {expected}); der Wert wird nicht übernommen.")
    if integer and _THOUSANDS_COMMA.fullmatch(core):
        v = float(core.replace(",", ""))
        return v, "thousands_comma", (f"„{s.strip()}“ mit Komma als Tausendertrennzeichen gelesen: "
                                      f"{_num_text(v)}.")
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
                    res = cache[v] = parse_number_text(v, dot_decimal, integer, f.unit)
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


# --- a row of units under the header ("Anzahl" | "Personen" | "m²" | "€/Monat") -----------------------------------
_UNIT_ONLY = re.compile("|".join(f"(?:{v})" for v in _UNIT_CLASS_PATTERNS.values()), re.IGNORECASE)
_UNIT_WORDS = frozenset({"anzahl", "anz", "absolut", "abs", "jahre", "jahr", "datum", "tt.mm.jjjj", "ja/nein",
                         "euro", "betrag", "fläche", "flaeche", "stück", "stueck"})
UNIT_ROW_SCAN = 3  # rows under the header looked at: a units row is the first (after empty rows)


def is_unit_text(s: str) -> bool:
    """A cell that only names a unit: "m²", "[EUR]", "(Anzahl)", "in %", "€/Monat", "Pers."."""
    t = s.translate(SPACES).strip().strip("[]()").strip()
    t = re.sub(r"^in\s+", "", t, flags=re.IGNORECASE).strip()
    if not t:
        return False
    return t.lower().rstrip(".") in _UNIT_WORDS or bool(_UNIT_ONLY.fullmatch(t))


def mark_unit_rows(kinds: list[str], reasons: list[str], cols: list) -> None:
    """The first row under the header that holds only units (at least two cells) is part of the header: skipped
    with its reason, never read as data (it gave one error per cell)."""
    width = len(cols)
    for j in range(min(UNIT_ROW_SCAN, len(kinds))):
        if kinds[j] != "data":
            if kinds[j] == "empty":
                continue
            break
        cells = [cols[c][j] for c in range(width) if cols[c][j] not in ("", None)]
        if len(cells) >= 2 and all(type(v) is str and is_unit_text(v) for v in cells):
            kinds[j] = "header"
            shown = "“, „".join(v.strip() for v in cells[:4])
            reasons[j] = f"Einheitenzeile unter der Kopfzeile („{shown}“)"
        break
