"""Data minimisation by design: columns with personal data are recognised and never read or stored.

The header matcher drops columns whose header names a direct identifier ("Name", "Telefon" …).
`screen_columns` adds what a header does not say:

- birth dates under any header of the word family ("Geb.-Datum", "geboren am", "Geburtstag"): the
  column is dropped, the pipeline keeps only the birth year (`is_birth_date_header`);
- person names, phone numbers, e-mail addresses and (for residents) home addresses recognised by
  their *values*, under neutral headers ("Bemerkung", "Kontakt") or in a column the matcher took
  for a field (names in a "Bewohner/in" column must never become person ids).

Only whole columns are dropped, and the report names them with the reason
(`dropped_identifier_columns`, warning `identifier_column_dropped`); no value of them is shown.
"""

from __future__ import annotations

import re
from collections import Counter

from ankunft.core import glossary
from ankunft.importing.io.header import ColumnInfo, cell_text

_BIRTH_WORDS = re.compile(r"\b(geb|geburt\w*|geboren)\b")
_NOT_BIRTH_DATE = re.compile(r"jahr|jahrgang|ort|land|name")

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[A-Za-z]{2,}$")
_PHONE = re.compile(r"^(?:\+|00|\(?0)[\d\s/()\-–.]{5,}\d$")
_DATE_LIKE = re.compile(r"^\d{1,4}[./-]\d{1,2}[./-]\d{1,4}$")
_NAME_PART = r"[A-ZÄÖÜ][a-zäöüß'’]+(?:-[A-ZÄÖÜ][a-zäöüß'’]+)?"
_LAST_PART = r"[A-ZÄÖÜ][A-Za-zÄÖÜäöüß'’]+(?:-[A-ZÄÖÜ][A-Za-zÄÖÜäöüß'’]+)?"
_PERSON_NAME = re.compile(rf"^(?:{_NAME_PART}(?: {_NAME_PART}){{1,3}}|{_LAST_PART}(?: {_LAST_PART})?, ?"
                          rf"{_NAME_PART}(?: {_NAME_PART})?)$")
_ADDRESS = re.compile(r"^[A-ZÄÖÜ][^\d,;]{2,40}\s\d{1,4}\s?[a-zA-Z]?(?:\s*[,;]\s*(?:D-)?\d{5}(?:\s+\S.*)?)?$")

_KINDS = {
    "name": ("Personenname", _PERSON_NAME),
    "phone": ("Telefonnummer", _PHONE),
    "email": ("E-Mail-Adresse", _EMAIL),
    "address": ("Wohnanschrift", _ADDRESS),
}
# which kinds are looked for in a column the matcher mapped to a field (residents only)
_MAPPED_KINDS = ("name", "phone", "email")
# fields whose values may legitimately look like a name or an address (the accommodation "GU Asternweg 60")
_PLACE_FIELDS = ("accommodation", "nationality", "residence_status")


def is_birth_date_header(text: object) -> bool:
    """A header of the birth-date family ("Geburtsdatum", "Geb.-Datum", "geboren am", "Geburtstag"),
    not the birth year or place."""
    n = glossary.normalise_header(cell_text(text))
    return bool(_BIRTH_WORDS.search(n)) and not _NOT_BIRTH_DATE.search(n)


def _reason(what: str, by_values: bool) -> str:
    how = " – an den Werten erkannt" if by_values else ""
    return f"Direktes Personenmerkmal ({what}{how}) – wird aus Datenschutzgründen nicht gelesen und nicht gespeichert."


def value_kind(values: list, kinds: tuple[str, ...]) -> str | None:
    """The personal-data kind most of a column's distinct texts have (≥ 80 %; at least 3 filled cells).

    A column of few distinct values (nationality, accommodation, remarks) is reduced with a set at C speed
    instead of a Python loop over every cell; more than 200 distinct texts: the first 200 in the column."""
    distinct = set(values[:1000])
    if len(distinct) <= 400 and len(distinct := distinct | set(values[1000:])) <= 400:
        texts = {v.strip() for v in distinct if type(v) is str} - {""}
        if len(texts) <= 200:
            if len(texts) < 3:
                filled = sum(n for v, n in Counter(values).items() if type(v) is str and v.strip())
                if filled < 3:
                    return None
            return _kind_of(list(texts), kinds)
    return _value_kind_in_order(values, kinds)


def _value_kind_in_order(values: list, kinds: tuple[str, ...]) -> str | None:
    texts = []
    seen = set()
    filled = 0
    for v in values:
        if type(v) is str:
            s = v.strip()
            filled += bool(s)
            if s and s not in seen:
                seen.add(s)
                texts.append(s)
                if len(texts) >= 200:
                    break
    if filled < 3:
        return None
    return _kind_of(texts, kinds)


def _kind_of(texts: list[str], kinds: tuple[str, ...]) -> str | None:
    for kind in kinds:
        pattern = _KINDS[kind][1]
        if kind == "phone":
            hits = sum(1 for s in texts if pattern.match(s) and not _DATE_LIKE.match(s)
                       and 6 <= sum(ch.isdigit() for ch in s) <= 15)
        else:
            hits = sum(1 for s in texts if pattern.match(s))
        if hits >= 0.8 * len(texts):
            return kind
    return None


def screen_columns(dataset: str, columns: list[ColumnInfo], cols: list, as_list=None) -> None:
    """Mark columns with personal data as identifiers (field cleared, German reason set).
    `as_list(index)`: a column's cells as a list when the caller keeps them (else built here)."""
    for c in columns:
        if c.identifier:
            continue
        if dataset == "residents" and is_birth_date_header(c.raw or c.header):
            c.identifier = _reason("Geburtsdatum; übernommen wird nur das Geburtsjahr", False)
            c.field = None
            continue
        if c.index >= len(cols) or c.field in _PLACE_FIELDS:
            continue
        if c.field:
            if dataset != "residents" or glossary.DATASETS[dataset].field(c.field).kind not in ("id", "text"):
                continue
            kinds = _MAPPED_KINDS
        else:
            kinds = ("email", "phone", "name", "address") if dataset == "residents" else ("email", "phone")
        if as_list is not None:
            values = as_list(c.index)
        else:
            values = cols[c.index].tolist() if hasattr(cols[c.index], "tolist") else list(cols[c.index])
        kind = value_kind(values, kinds)
        if kind:
            c.identifier = _reason(_KINDS[kind][0], True)
            c.field = None
