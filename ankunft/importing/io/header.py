"""Header detection: find the header row below title rows (two-row headers too), detect the
dataset of a sheet by its columns (never by the file name) and map headers to fields through
the glossary's synonyms."""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass, field

from ankunft.core import glossary
from ankunft.importing.io.guards import col_letters


@dataclass
class ColumnInfo:
    index: int  # 0-based column index in the sheet
    header: str  # header as shown in reports (unique within the table)
    field: str | None = None  # field key, None when unmapped
    identifier: str | None = None  # German reason when the column holds direct identifiers
    note: str | None = None  # e.g. "doppelt" when a second column maps to the same field
    raw: str = ""  # header text of the (lower) header row


@dataclass
class HeaderMatch:
    dataset: str
    header_row: int  # 0-based index of the (last) header row
    header_rows: int  # 1 or 2
    columns: list[ColumnInfo] = field(default_factory=list)
    score: int = 0
    ambiguous: list[str] = field(default_factory=list)
    forced: bool = False

    @property
    def mapped(self) -> dict[str, ColumnInfo]:
        """field key -> column"""
        return {c.field: c for c in self.columns if c.field}


def cell_text(v: object) -> str:
    if v is None:
        return ""
    if isinstance(v, str):
        return v.strip()
    if isinstance(v, bool):
        return "WAHR" if v else "FALSCH"
    if isinstance(v, float):
        return str(int(v)) if v.is_integer() else str(v)
    if isinstance(v, (dt.date, dt.datetime)):
        return v.strftime("%d.%m.%Y")
    return str(v).strip()


_FOOTNOTE_MARK = re.compile(r"(\s*[*¹⁴⁵⁶⁷⁸⁹⁰†]+|(?<![mM])[²³]+|\s+\d\))$")
_SUFFIXES = re.compile(r"\s+(in eur|in euro|eur|euro|in prozent|prozent|in %|%|in m2|m2|qm|in qm|anzahl)$")
_PREFIXES = re.compile(r"^(davon|dar unter|darunter|anzahl|anz|zahl der|gesamt)\s+")


def clean_header(text: str) -> str:
    s = text.replace("[", "(").replace("]", ")")
    return _FOOTNOTE_MARK.sub("", s.strip())


@functools.lru_cache(maxsize=20_000)
def _variants(text: str) -> tuple[str, ...]:
    s = clean_header(text)
    out = [glossary.normalise_header(text), glossary.normalise_header(s)]
    no_paren = glossary.normalise_header(re.sub(r"\(.*?\)", " ", s))
    out.append(no_paren)
    for v in list(out):
        out.append(_SUFFIXES.sub("", v))
        out.append(_PREFIXES.sub("", v))
        out.append(_PREFIXES.sub("", _SUFFIXES.sub("", v)))
    seen = []
    for v in out:
        if v and v not in seen:
            seen.append(v)
    return tuple(seen)


_INDEX_CACHE: dict[str, dict[str, str]] = {}


def _index(dataset: str) -> dict[str, str]:
    if dataset not in _INDEX_CACHE:
        _INDEX_CACHE[dataset] = glossary.synonyms_index(dataset)
    return _INDEX_CACHE[dataset]


def header_field(text: object, dataset: str) -> str | None:
    """Field key for a header text in a dataset (None when it matches no documented variant)."""
    t = cell_text(text)
    if not t:
        return None
    return _header_field(t, dataset)


@functools.lru_cache(maxsize=20_000)
def _header_field(t: str, dataset: str) -> str | None:
    idx = _index(dataset)
    for v in _variants(t):
        if v in idx:
            return idx[v]
    return None


_IDENT_WORDS = re.compile(r"\b(vorname|nachname|familienname|geburtsdatum|geburtsort|telefon|telefonnummer|"
                          r"e mail|email|handynummer|mobilnummer|iban|aktenzeichen|passnummer|ausweisnummer|"
                          r"sozialversicherungsnummer|steuer id|steuernummer)\b")
_PERSON_ADDRESS = {"adresse", "anschrift", "wohnanschrift", "strasse", "strasse und hausnummer", "wohnort"}


def identifier_reason(text: object, dataset: str | None) -> str | None:
    """German reason when the header names a direct identifier column (never stored), else None."""
    t = cell_text(text)
    if not t:
        return None
    return _identifier_reason(t, dataset)


@functools.lru_cache(maxsize=20_000)
def _identifier_reason(t: str, dataset: str | None) -> str | None:
    n = glossary.normalise_header(clean_header(t))
    what = glossary.IDENTIFIER_HEADERS.get(n)
    if what == "Name" and n == "name" and dataset in glossary.NAME_IS_PLACE:
        return None
    if what is None:
        m = _IDENT_WORDS.search(n)
        if m:
            what = {"e mail": "E-Mail-Adresse", "email": "E-Mail-Adresse"}.get(m.group(1), t)
        elif dataset == "residents" and n in _PERSON_ADDRESS:
            what = "Wohnanschrift"
    if what is None:
        return None
    return f"Direktes Personenmerkmal ({what}) – wird aus Datenschutzgründen nicht gelesen und nicht gespeichert."


def _ffill(texts: list[str]) -> list[str]:
    out, last = [], ""
    for t in texts:
        if t:
            last = t
        out.append(last)
    return out


def _map_row(lower: list[str], upper: list[str] | None, dataset: str,
             overrides: dict[str, str | None] | None) -> tuple[list[ColumnInfo], set[str]]:
    cols: list[ColumnInfo] = []
    used: set[str] = set()
    names: set[str] = set()
    ds_keys = set(glossary.DATASETS[dataset].keys)
    width = max(len(lower), len(upper or []))
    for c in range(width):
        lo = lower[c] if c < len(lower) else ""
        up = (upper[c] if upper and c < len(upper) else "") if upper else ""
        candidates: list[tuple[str, str]] = []  # (shown header, text to match)
        if lo:
            candidates.append((lo, lo))
        if up and lo:
            candidates.append((f"{up} / {lo}", f"{up} {lo}"))
        if up and not lo:
            candidates.append((up, up))
        if not candidates:
            continue
        shown, fld, ident = candidates[0][0], None, None
        for cand_shown, text in candidates:
            ident = identifier_reason(text, dataset)
            if ident:
                shown = cand_shown
                break
            if overrides is not None and (cand_shown in overrides or text in overrides):
                target = overrides.get(cand_shown, overrides.get(text))
                shown = cand_shown
                fld = target if target in ds_keys else None
                break
            f = header_field(text, dataset)
            if f:
                shown, fld = cand_shown, f
                break
        if upper and not fld and not ident and lo and up:
            shown = f"{up} / {lo}" if up != lo else lo
        note = None
        if fld in used:
            note = f"doppelt: „{glossary.label(dataset, fld)}“ kommt schon in einer anderen Spalte vor"
            fld = None
        if fld:
            used.add(fld)
        if shown in names:
            shown = f"{shown} (Spalte {col_letters(c + 1)})"
        names.add(shown)
        cols.append(ColumnInfo(index=c, header=shown, field=fld, identifier=ident, note=note, raw=lo))
    return cols, used


def _value_score(rows: list[list], start: int, cols: list[ColumnInfo], dataset: str) -> float:
    """How well the first data rows fit the mapped fields (tie-break between datasets)."""
    from ankunft.importing import parse

    ds = glossary.DATASETS[dataset]
    sample = rows[start:start + 30]
    score = 0.0
    for c in cols:
        if not c.field:
            continue
        f = ds.field(c.field)
        vals = [r[c.index] for r in sample if c.index < len(r) and r[c.index] not in ("", None)]
        if not vals:
            continue
        good = 0
        for v in vals:
            if f.kind in glossary.NUMERIC_KINDS:
                good += isinstance(v, (int, float)) and not isinstance(v, bool) or (
                    isinstance(v, str) and parse.parse_number_text(v)[1] is None)
            elif f.kind == "date":
                good += isinstance(v, (dt.date, dt.datetime)) or (
                    isinstance(v, str) and parse.parse_date_text(v)[0] is not None)
            elif f.kind == "category" and f.choices:
                good += parse.map_category(parse.show(v) or "", dataset, f) is not None
            elif f.kind == "bool":
                good += isinstance(v, bool) or parse.token(str(v)) in parse.TRUE_TOKENS | parse.FALSE_TOKENS
            else:
                good += 0.5
        score += good / len(vals)
    return score


def find_table(rows: list[list], *, dataset: str | None = None,
               mapping: dict[str, str | None] | None = None, scan_rows: int = 40) -> HeaderMatch | None:
    """Locate the header and the dataset of a sheet. None when no known table is found.

    `dataset` forces the dataset (user choice); `mapping` maps header texts to field keys
    (user overrides; a value of None/"" ignores the column).
    """
    n_scan = min(scan_rows, len(rows))
    texts = [[cell_text(v) for v in rows[i]] for i in range(n_scan)]
    datasets = [dataset] if dataset else list(glossary.DATASET_KEYS)
    # (score, required, single-row, -row) per candidate
    cands: list[tuple[tuple, HeaderMatch]] = []
    for i in range(n_scan):
        lower = texts[i]
        filled = sum(1 for t in lower if t)
        if filled < (1 if dataset else 2):
            continue
        upper = _ffill(texts[i - 1]) if i > 0 and any(texts[i - 1]) else None
        for ds in datasets:
            required = set(glossary.DATASETS[ds].required)
            for two in ((False, True) if upper else (False,)):
                cols, used = _map_row(lower, upper if two else None, ds, mapping)
                score = len(used)
                req = len(required & used)
                if dataset:
                    if score < 1:
                        continue
                elif score < 2 or req < 1:
                    continue
                key = (score, req, not two, -i)
                cands.append((key, HeaderMatch(dataset=ds, header_row=i, header_rows=2 if two else 1,
                                               columns=cols, score=score, forced=bool(dataset))))
    if not cands:
        return None
    cands.sort(key=lambda kv: kv[0], reverse=True)
    best_key, best = cands[0]
    ties = [m for k, m in cands if k == best_key and m.dataset != best.dataset]
    if ties:
        scored = sorted([best, *ties], key=lambda m: (
            _value_score(rows, m.header_row + 1, m.columns, m.dataset),
            -glossary.DATASET_KEYS.index(m.dataset)), reverse=True)
        best = scored[0]
        top = _value_score(rows, best.header_row + 1, best.columns, best.dataset)
        best.ambiguous = [m.dataset for m in scored[1:]
                          if abs(_value_score(rows, m.header_row + 1, m.columns, m.dataset) - top) < 1e-9]
    return best
