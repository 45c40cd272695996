"""Dataset evidence outside the columns: sheet name, file name and title rows, and the names in a table.

A sheet "Kitas" in "Jugendamt_Einrichtungen.xlsx" says "services" before any column is read; a
column of names like "Kita Sonnenschein", "Grundschule Betzenberg" says it again. The header
module adds these points to the columns' evidence when it chooses the dataset; a list that any of
them marks as Kitas or schools is never filed under accommodations. A category that is the same for
the whole sheet ("Kitas", "Grundschulen") is taken from these names when the table has no category
column. No pandas at import time.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

from ankunft.core import glossary
from ankunft.importing.matching import stem

SHEET_POINTS = 2.0
FILE_POINTS = 1.0
TITLE_POINTS = 1.0
NAME_VALUES_POINTS = 1.5
# Datasets that a Kita/school list must never be filed under
NOT_FOR_SERVICES = ("accommodations",)


@dataclass
class NameEvidence:
    """Points per dataset from the names around a table, with German reasons."""

    points: dict[str, float] = field(default_factory=dict)
    reasons: dict[str, list[str]] = field(default_factory=dict)

    def add(self, dataset: str, pts: float, reason: str) -> None:
        self.points[dataset] = self.points.get(dataset, 0.0) + pts
        self.reasons.setdefault(dataset, []).append(reason)


@functools.lru_cache(maxsize=1)
def _keywords() -> dict[str, tuple[str, ...]]:
    return {ds: tuple(dict.fromkeys(stem(glossary.normalise_header(w)) for w in words))
            for ds, words in glossary.DATASET_NAME_WORDS.items()}


def _words(text: str) -> list[str]:
    return [stem(w) for w in glossary.normalise_header(re.sub(r"\.[A-Za-z0-9]{2,4}$", "", text or "")
                                                      .replace("_", " ")).split()]


def datasets_named(text: str) -> list[str]:
    """Datasets whose words appear in a name ("Kitas" → services, "GU-Belegung" → accommodations)."""
    words = _words(text)
    out = []
    for ds, keys in _keywords().items():
        for w in words:
            if any(w == k or (len(k) >= 4 and (w.startswith(k) or w.endswith(k))) for k in keys):
                out.append(ds)
                break
    return out


def name_evidence(sheet_name: str | None, file_name: str | None, title_texts: list[str]) -> NameEvidence:
    ev = NameEvidence()
    if sheet_name:
        for ds in datasets_named(sheet_name):
            ev.add(ds, SHEET_POINTS, f"Blattname „{sheet_name}“")
    if file_name:
        for ds in datasets_named(file_name):
            ev.add(ds, FILE_POINTS, f"Dateiname „{file_name}“")
    seen: set[str] = set()
    for text in title_texts[:6]:
        for ds in datasets_named(text):
            if ds not in seen:
                seen.add(ds)
                ev.add(ds, TITLE_POINTS, f"Titelzeile „{text[:60]}“")
    return ev


def service_category(text: str) -> str | None:
    """The one service category a name stands for ("Kitas" → Kita, "Grundschulen" → Grundschule)."""
    from ankunft.importing import parse

    f = glossary.DATASETS["services"].field("category")
    lookup = parse.category_lookup("services", f)
    found = set()
    for w in glossary.normalise_header(re.sub(r"\.[A-Za-z0-9]{2,4}$", "", text or "").replace("_", " ")).split():
        for cand in (w, stem(w), w[:-1] if w.endswith(("s", "n")) else w, plain_plural(w)):
            c = parse.map_category(cand, "services", f, lookup)
            if c:
                found.add(c)
                break
    return found.pop() if len(found) == 1 else None


def constant_category(sheet_name: str | None, file_name: str | None,
                      title_texts: list[str]) -> tuple[str, str] | None:
    """(category, German source) when the sheet name, a title row or the file name names one category."""
    for text, where in ((sheet_name, "Blattname"), *((t, "Titelzeile") for t in title_texts[:6]),
                        (file_name, "Dateiname")):
        if text:
            c = service_category(text)
            if c:
                return c, f"{where} „{text[:60]}“"
    return None


def service_name_share(values: list[str]) -> float:
    """Share of names that say what kind of service they are ("Kita Sonnenschein", "IGS Goetheschule")."""
    if not values:
        return 0.0
    from ankunft.importing import parse

    f = glossary.DATASETS["services"].field("category")
    lookup = parse.category_lookup("services", f)
    hits = sum(parse.map_category(v, "services", f, lookup) is not None for v in values)
    return hits / len(values)


_KITA_SCHOOL = ("kita", "kindertagesstaett", "kindergart", "krippe", "schul", "gymnasium", "hort")


def kita_or_school(text: str | None) -> bool:
    """True when a name says Kitas or schools ("Kitas", "Schulen", "Grundschulen 2026", "KiTa-Liste")."""
    return any(w.startswith(k) or (len(w) > 6 and w.endswith(k))
               for word in _words(text or "") for w in {word, plain_plural(word)} for k in _KITA_SCHOOL)


def plain_plural(word: str) -> str:
    """A German plural with umlaut as its singular's letters ("kindergaerten" → "kindergarten", "hoefe" → "hofe"):
    names of sheets and files are often plural ("Kindergärten", "Horte")."""
    return word.replace("ae", "a").replace("oe", "o").replace("ue", "u")
