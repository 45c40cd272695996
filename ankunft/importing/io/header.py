"""Header detection: find the header row below title rows (two-row headers: a group cell, merged or
repeated, over sub-headers gives "Plätze gesamt", "Belegung Personen"), map every column to a field
by evidence (``importing/matching.py``: header words, then the column's values; score and runner-up)
and choose the dataset from the columns' evidence together with the sheet name, file name and title
rows (``importing/detect.py``; score and runner-up)."""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass, field

from ankunft.core import glossary
from ankunft.importing import detect, matching
from ankunft.importing.io.guards import col_letters
from ankunft.importing.matching import ACCEPT, CONFIRM, Candidate


@dataclass
class ColumnInfo:
    index: int  # 0-based column index in the sheet
    header: str  # header as shown in reports (unique within the table)
    field: str | None = None  # field key, None when unmapped
    identifier: str | None = None  # German reason when the column holds direct identifiers
    note: str | None = None  # e.g. "doppelt" when a second column maps to the same field
    raw: str = ""  # header text of the (lower) header row
    score: float = 0.0  # 0–100: how sure the mapping is (matching.py)
    by: str | None = None  # "header", "values" or "officer" (matching.SOURCES)
    runner_up: str | None = None  # the next best field
    runner_up_score: float | None = None
    candidates: tuple[Candidate, ...] = ()  # header-only ranking of the text that was matched
    reason: str | None = None  # German: what the values showed, for a column named by its values alone
    negated: bool = False  # a yes/no header that says the opposite ("ohne Heizung"): plain ja/x read as nein
    from_left: bool = False  # a bare share ("Anteil in %") read with the count left of it: always confirmed
    counter: bool = False  # its values run 1, 2, 3 … from the first row: a running number ("lfd. Nr.")

    @property
    def needs_confirmation(self) -> bool:
        """A mapping the officer should confirm: not chosen by them and below the confirmation score."""
        return bool(self.field) and self.by != "officer" and self.score < CONFIRM


@dataclass
class HeaderMatch:
    dataset: str
    header_row: int  # 0-based index of the (last) header row
    header_rows: int  # 1 or 2
    columns: list[ColumnInfo] = field(default_factory=list)
    score: float = 0.0  # dataset evidence in points (columns + names around the table)
    ambiguous: list[str] = field(default_factory=list)
    forced: bool = False
    runner_up: str | None = None  # the next best dataset and its points
    runner_up_score: float | None = None
    evidence: list[str] = field(default_factory=list)  # German reasons for the dataset
    category: tuple[str, str] | None = None  # (service category, German source) constant for the sheet

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


_QUALIFIER = re.compile(r"\d|\b(unter|ueber|u3|u6|davon|darunter|frei|belegt|ab|bis|ohne|mit)\b")


@functools.lru_cache(maxsize=20_000)
def _variants(text: str) -> tuple[str, ...]:
    s = clean_header(text)
    out = [glossary.normalise_header(text), glossary.normalise_header(s)]
    # "(m²)", "(Anzahl)" may go, a qualifier may not: "Plätze (U3)" is not "Plätze"
    parens = " ".join(re.findall(r"\((.*?)\)", s))
    if not _QUALIFIER.search(glossary.normalise_header(parens)):
        out.append(glossary.normalise_header(re.sub(r"\(.*?\)", " ", s)))
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
    """Field key for a header text in a dataset (None when no field scores ``ACCEPT`` or more)."""
    ranked = rank(cell_text(text), dataset)
    return ranked[0].field if ranked and ranked[0].score >= ACCEPT else None


@functools.lru_cache(maxsize=20_000)
def _exact_field(t: str, dataset: str) -> str | None:
    idx = _index(dataset)
    for v in _variants(t):
        if v in idx:
            return idx[v]
    return None


@functools.lru_cache(maxsize=50_000)
def rank(t: str, dataset: str) -> tuple[Candidate, ...]:
    """Fields a header text may name, best first: a documented variant scores 100, others by their words.

    A number or date ("001", "12,5 %", "01.10.2026") names no field (at most 60 points, below ``ACCEPT``):
    not ranked, which spares the data rows among the 40 candidate header rows most of the matching."""
    if not t or _DATA_LIKE.fullmatch(t):
        return ()
    exact = _exact_field(t, dataset)
    words = t.split()
    # a sentence has many words; fillers and marks ("davon im Alter von … bis unter … Jahren 0 - 2") do not count
    meaning = [w for w in words if (n := glossary.normalise_header(w)) and n not in glossary.HEADER_FILLER_WORDS]
    sentence = len(meaning) > 6 or (len(words) >= 3 and t.rstrip().endswith((".", "!", "?"))
                                  and len(words[-1].strip(".!?)")) >= 6)
    fuzzy = () if sentence else matching.rank_header(clean_header(t), dataset)  # a sentence is no header
    if exact is None:
        return fuzzy
    return (Candidate(exact, matching.EXACT), *(c for c in fuzzy if c.field != exact))


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




def _column_texts(lo: str, up: str) -> list[tuple[str, str]]:
    """(shown header, text to match) for one column: the sub-header, then group + sub-header."""
    out = []
    if lo:
        out.append((lo, lo))
    if up and lo and up != lo:
        edge = glossary.HEADER_RANGE_WORDS.get(glossary.normalise_header(lo))  # "Aufenthalt" over "von"
        out.append((f"{up} / {lo}", f"{up} {edge or lo}"))
    if up and not lo:
        out.append((up, up))
    return out


def _map_row(lower: list[str], upper: list[str] | None, dataset: str,
             overrides: dict[str, str | None] | None) -> list[ColumnInfo]:
    """The columns of one header row (with the group row above it, if any), ranked and assigned."""
    cols: list[ColumnInfo] = []
    names: set[str] = set()
    ds_keys = set(glossary.DATASETS[dataset].keys)
    width = max(len(lower), len(upper or []))
    for c in range(width):
        lo = lower[c] if c < len(lower) else ""
        up = upper[c] if upper and c < len(upper) else ""
        texts = _column_texts(lo, up)
        if not texts:
            continue
        info = ColumnInfo(index=c, header=texts[0][0], raw=lo)
        best = 0.0
        for shown, text in texts:
            info.identifier = identifier_reason(text, dataset)
            if info.identifier:
                info.header, info.candidates = shown, ()
                break
            if overrides is not None and (shown in overrides or text in overrides):
                target = overrides.get(shown, overrides.get(text))
                info.header, info.by, info.candidates = shown, "officer", ()
                info.field, info.score = (target, matching.EXACT) if target in ds_keys else (None, 0.0)
                break
            ranked = rank(text, dataset)
            if ranked and ranked[0].score > best:
                best, info.header, info.candidates = ranked[0].score, shown, ranked
        share = _share_of_left(lower, c, dataset) if not info.identifier and info.by is None else ()
        if share and share[0].score > best:  # "darunter Ausländer" | "Anteil in %" = Ausländeranteil, to confirm
            best, info.candidates = share[0].score, tuple(Candidate(x.field, min(x.score, CONFIRM - 1), x.by)
                                                          for x in share)
            info.reason, info.from_left = f"Anteil zur Spalte links („{lower[c - 1]}“)", True
        if best < ACCEPT and not info.identifier and info.by is None and up and lo and up != lo:
            info.header = f"{up} / {lo}"
        if info.header in names:
            info.header = f"{info.header} (Spalte {col_letters(c + 1)})"
        names.add(info.header)
        cols.append(info)
    _assign(cols, dataset)
    return cols


_SHARE_WORDS = frozenset({"anteil", "%", "in", "quote", "prozent", "v", "h", "davon", "darunter"})


def _share_of_left(lower: list[str], c: int, dataset: str) -> tuple[Candidate, ...]:
    """A bare share header ("Anteil in %", "%", "Quote") right of a count is the share of that count: ranked as
    the left header plus the share words, and only for percentage fields (a share is never a count)."""
    lo = glossary.normalise_header(lower[c]) if c < len(lower) else ""
    if not lo or not set(lo.split()) <= _SHARE_WORDS or c == 0 or not lower[c - 1]:
        return ()
    ds = glossary.DATASETS[dataset]
    return tuple(x for x in rank(f"{lower[c - 1]} {lower[c]}", dataset) if ds.field(x.field).unit == "%")


def _assign(cols: list[ColumnInfo], dataset: str) -> None:
    """Give each field to the column with the best evidence for it (ties: the left one); a column whose
    field another column has already taken gets its next candidate or stays unmapped with a note."""
    used = {c.field for c in cols if c.by == "officer" and c.field}
    free_cols = [c for c in cols if c.by != "officer" and not c.identifier]
    for c in free_cols:
        c.field, c.score, c.by, c.note, c.runner_up, c.runner_up_score = None, 0.0, None, None, None, None
    order = sorted(free_cols, key=lambda c: (-(c.candidates[0].score if c.candidates else 0.0), c.index))
    for c in order:
        good = [x for x in c.candidates if x.score >= (ACCEPT if x.by == "header" else matching.VALUES_ONLY_MIN)]
        pick = next((x for x in good if x.field not in used), None)
        if pick is None:
            if good and good[0].score >= CONFIRM:
                taken = glossary.label(dataset, good[0].field)
                c.note = (f"eine laufende Nummer (1, 2, 3 …); „{taken}“ steht in einer anderen Spalte" if c.counter
                          else f"doppelt: „{taken}“ kommt schon in einer anderen Spalte vor")
            continue
        c.field, c.score, c.by = pick.field, pick.score, pick.by
        if pick is not good[0]:  # the first choice was taken by a better column
            c.score = min(c.score, CONFIRM - 1)
        used.add(pick.field)
        other = next((x for x in c.candidates if x.field != pick.field), None)
        if other is not None:
            c.runner_up, c.runner_up_score = other.field, other.score


def _points(cols: list[ColumnInfo]) -> float:
    return sum(c.score for c in cols if c.field) / 100.0


def _weigh_values(m: HeaderMatch, rows: list[list], profiles: dict) -> None:
    """Re-rank the columns of a candidate table with their values (first 40 rows below the header)."""
    start = m.header_row + 1
    for c in m.columns:
        # a house number belongs to the address (validate.join_house_numbers), whatever its values look like
        # ("7 b" resolves to district 07)
        if c.identifier or c.by == "officer" or matching.names_house_number(c.raw or c.header):
            continue
        key = (start, c.index)
        if key not in profiles:
            profiles[key] = matching.value_profile([r[c.index] for r in rows[start:start + 40] if c.index < len(r)])
        c.counter = matching.row_counter(profiles[key])
        c.candidates = matching.weigh(c.candidates, m.dataset, profiles[key])
    _assign(m.columns, m.dataset)


def _name_column_values(m: HeaderMatch, rows: list[list]) -> list[str]:
    c = m.mapped.get("name")
    if c is None:
        return []
    start = m.header_row + 1
    # under a header of several columns, a row of one cell is a group title, heading or footnote, no entry:
    # "Quartier: Hohenecken" over a list of accommodations names no Quartiersbüro
    need = 2 if sum(1 for col in m.columns if col.field) >= 2 else 1
    return [cell_text(r[c.index]) for r in rows[start:start + 40] if c.index < len(r) and isinstance(r[c.index], str)
            and r[c.index].strip() and sum(1 for v in r if v not in ("", None)) >= need]


# A page mark of a printed report: "Seite 1 von 3", "S. 2/3", "Blatt 2", "Page 1 of 2", "- 2 -", "Fortsetzung (von
# Seite 1)", "Forts." – alone in its cell.
PAGE_MARK = re.compile(r"^\s*(?:(?:seite|blatt|page|s\.|bl\.)\s*\d+(?:\s*(?:von|v\.|/|of|aus)\s*\d+)?"
                       r"|[-–—]\s*\d+\s*[-–—]|(?:fortsetzung|forts\.)(?:\s+(?:von\s+)?(?:seite|blatt|s\.)\s*\d+)?"
                       r"\s*[:.]?)\s*$", re.IGNORECASE)
_DATA_LIKE = re.compile(r"[-+]?[\d.,\s]+(%|€)?|\d{1,2}\.\d{1,2}\.\d{2,4}")


def _is_group_row(upper: list[str], lower: list[str]) -> bool:
    """A row of group cells over sub-headers: two or more cells, one of them spanning (merged: blank
    cells after it above sub-headers; or repeated over each sub-column)."""
    filled = [j for j, t in enumerate(upper) if t]
    if len(filled) < 2:
        return False
    for j in range(filled[0] + 1, len(lower)):
        above = upper[j] if j < len(upper) else ""
        if lower[j] and (not above or above == upper[j - 1]):
            return True
    return False


def _row_candidates(texts: list[list[str]], datasets: list[str], forced: bool,
                    mapping: dict[str, str | None] | None) -> dict[str, tuple[tuple, HeaderMatch]]:
    """The best header row (one or two rows) per dataset, by the header evidence alone."""
    best: dict[str, tuple[tuple, HeaderMatch]] = {}
    for i, lower in enumerate(texts):
        if sum(1 for t in lower if t) < (1 if forced else 2):
            continue
        # a row of sub-headers is text only; under a group row (merged or repeated cells) it wins ties
        sub_row = not any(_DATA_LIKE.fullmatch(t) for t in lower if t)
        upper = (_ffill(texts[i - 1]) if i > 0 and any(texts[i - 1]) and sub_row
                 and not any(PAGE_MARK.match(t) for t in texts[i - 1] if t) else None)  # a page break is no group
        group_bonus = 0.25 if upper and _is_group_row(texts[i - 1], lower) else 0.0
        for ds in datasets:
            required = set(glossary.DATASETS[ds].required)
            for two in ((False, True) if upper else (False,)):
                cols = _map_row(lower, upper if two else None, ds, mapping)
                used = {c.field for c in cols if c.field}
                req = len(required & used)
                if (forced and not used) or (not forced and (len(used) < 2 or req < 1)):
                    continue
                key = (round(_points(cols) + 0.5 * req + (group_bonus if two else 0.0), 3), not two, -i)
                if ds not in best or key > best[ds][0]:
                    best[ds] = (key, HeaderMatch(dataset=ds, header_row=i, header_rows=2 if two else 1,
                                                 columns=cols, forced=forced))
    return best


def find_table(rows: list[list], *, dataset: str | None = None, mapping: dict[str, str | None] | None = None,
               scan_rows: int = 40, sheet_name: str | None = None, file_name: str | None = None) -> HeaderMatch | None:
    """Locate the header and the dataset of a sheet. None when no known table is found.

    `dataset` forces the dataset (user choice); `mapping` maps header texts to field keys
    (user overrides; a value of None/"" ignores the column). The sheet and file name are evidence
    for the dataset besides the columns and their values.
    """
    n_scan = min(scan_rows, len(rows))
    texts = [[cell_text(v) for v in rows[i]] for i in range(n_scan)]
    datasets = [dataset] if dataset else list(glossary.DATASET_KEYS)
    best = _row_candidates(texts, datasets, bool(dataset), mapping)
    if not best:
        return None
    profiles: dict = {}
    scored = []
    for _, m in best.values():
        _weigh_values(m, rows, profiles)
        titles = [t for r in texts[:m.header_row - m.header_rows + 1] for t in r if t]
        scored.append((_dataset_points(m, rows, titles, sheet_name, file_name, forced=bool(dataset)), m))
    if not dataset and _is_legend(texts, {m.header_row for _, m in scored}):
        return None
    scored = [(p, m) for p, m in scored if p is not None]
    if not scored:
        return None
    scored.sort(key=lambda pm: (pm[0], -glossary.DATASET_KEYS.index(pm[1].dataset)), reverse=True)
    top, m = scored[0]
    _name_blank_columns(m, rows, texts, mapping)
    _mark_negations(m)
    _mark_persons_as_places(m)
    m.score = round(top, 2)
    if len(scored) > 1:
        m.runner_up, m.runner_up_score = scored[1][1].dataset, round(scored[1][0], 2)
        m.ambiguous = [o.dataset for p, o in scored[1:] if top - p < 0.25
                       or (top - p < AMBIGUOUS_LEAD and _explains_more(o, m))]
    return m


AMBIGUOUS_LEAD = 1.0  # points: a runner-up this close that reads a column the winner cannot is worth asking about


def _explains_more(other: HeaderMatch, m: HeaderMatch) -> bool:
    """The runner-up reads a column (sure, ≥ CONFIRM) that the winner leaves unmapped: a Kita list with
    "Warteliste" may look like an accommodations list by its other columns, but shelters keep no waiting list."""
    unread = {c.index for c in m.columns if not c.field and not c.identifier}
    return any(c.index in unread and c.field and c.score >= CONFIRM for c in other.columns)


_NEGATION = re.compile(glossary.HEADER_NEGATION)


def _mark_negations(m: HeaderMatch) -> None:
    """A share read with its left neighbour is always confirmed. A yes/no column whose header negates its field ("ohne Heizung", "WC außerhalb") is read inverted
    (plain ja/nein, x/leer, 1/0; a type or place such as "Etagen-WC" keeps its own meaning) and is always
    shown to the officer for confirmation – also after a confirmation, the header still says "ohne"."""
    ds = glossary.DATASETS[m.dataset]
    for c in m.columns:
        if c.from_left and c.field and c.by != "officer":  # the share's subject came from the neighbour
            c.score = min(c.score, CONFIRM - 1)
        if not c.field or c.identifier or ds.field(c.field).kind != "bool":
            continue
        if _NEGATION.search(glossary.normalise_header(clean_header(c.header))):
            c.negated = True
            label = ds.field(c.field).label
            c.reason = f"verneint „{label}“: „x“/„ja“ heißt „nein“, leer/„nein“ heißt „ja“"
            if c.by != "officer":
                c.score = min(c.score, CONFIRM - 1)


def _mark_persons_as_places(m: HeaderMatch) -> None:
    """A header that counts persons ("Kinder U3") read as a places field is always confirmed, with the reason."""
    for c in m.columns:
        if c.field and c.by != "officer" and matching.counts_persons_not_places(c.raw or c.header, m.dataset, c.field):
            c.score = min(c.score, CONFIRM - 1)
            c.reason = c.reason or "sie zählt Personen, keine Plätze"


def _name_blank_columns(m: HeaderMatch, rows: list[list], texts: list[list[str]],
                        mapping: dict[str, str | None] | None) -> None:
    """Columns of the chosen table with an empty header cell (or a generic name such as "Spalte1", "Unnamed: 3")
    that no header names: their values propose a field (matching.blank_candidates) – always to be confirmed
    by the officer, whose choice is remembered under the column's shown name."""
    start = m.header_row + 1
    data = rows[start:start + 40]
    width = max((len(r) for r in data), default=0)
    by_index = {c.index: c for c in m.columns}
    used = {c.field for c in m.columns if c.field}
    keys = set(glossary.DATASETS[m.dataset].keys)
    for j in range(width):
        c = by_index.get(j)
        if c is not None and c.by == "values" and c.reason is None and matching.is_placeholder_header(c.header):
            kinds = matching.values_kinds(matching.value_profile([r[j] for r in data if j < len(r)]))
            c.reason = kinds[0][1] if kinds else None  # named by distinctive values in weigh()
        if c is not None and (c.field or c.identifier or c.by == "officer"
                              or not matching.is_placeholder_header(c.header)):
            continue
        header = c.header if c is not None else f"Spalte {col_letters(j + 1)} (ohne Überschrift)"
        if c is None and mapping is not None and header in mapping:  # the officer's earlier choice
            target = mapping[header]
            m.columns.append(ColumnInfo(index=j, header=header, by="officer", field=target if target in keys else None,
                                        score=matching.EXACT if target in keys else 0.0))
            used.add(target)
            continue
        prof = matching.value_profile([r[j] for r in data if j < len(r)])
        cands, reason = matching.blank_candidates(m.dataset, prof, used)
        if not cands:
            continue
        if c is None:
            c = ColumnInfo(index=j, header=header)
            m.columns.append(c)
        c.candidates, c.reason = cands, reason
        c.field, c.score, c.by = cands[0].field, cands[0].score, "values"
        if len(cands) > 1:
            c.runner_up, c.runner_up_score = cands[1].field, cands[1].score
        used.add(c.field)
    m.columns.sort(key=lambda c: c.index)


def _is_legend(texts: list[list[str]], header_rows: set[int]) -> bool:
    """A sheet that lists the fields down a column (an explanation or legend sheet), not a table: one
    column names three or more different fields of one dataset exactly."""
    width = max(map(len, texts), default=0)
    for j in range(width):
        cells = [r[j] for i, r in enumerate(texts) if i not in header_rows and j < len(r) and r[j]
                 and not _DATA_LIKE.fullmatch(r[j])]
        for ds in glossary.DATASET_KEYS:
            if len({_exact_field(t, ds) for t in cells} - {None}) >= 3:
                return True
    return False


def _dataset_points(m: HeaderMatch, rows: list[list], titles: list[str], sheet_name: str | None,
                    file_name: str | None, forced: bool) -> float | None:
    """Points of a candidate table: its columns (score/100 each, +0.5 per required field) and the names
    around it; None when a Kita or school list would be filed under accommodations."""
    ds = glossary.DATASETS[m.dataset]
    used = {c.field for c in m.columns if c.field}
    cols_pts = _points(m.columns)
    pts = cols_pts + 0.5 * len(set(ds.required) & used)
    m.evidence = [f"{len(used)} Spalten zugeordnet ({cols_pts:.1f} Punkte)".replace(".", ",")]
    ev = detect.name_evidence(sheet_name, file_name, titles)
    pts += ev.points.get(m.dataset, 0.0)
    m.evidence += ev.reasons.get(m.dataset, [])
    names = _name_column_values(m, rows)
    service_names = detect.service_name_share(names) >= 0.5
    if m.dataset == "services":
        if service_names:
            pts += detect.NAME_VALUES_POINTS
            m.evidence.append("Namen der Einrichtungen nennen ihre Art (z. B. „" + names[0][:40] + "“)")
        m.category = detect.constant_category(sheet_name, file_name, titles)
        if "category" not in used and (m.category or service_names):
            pts += 0.5
    kita_school = (detect.kita_or_school(sheet_name) or any(detect.kita_or_school(t) for t in titles[:6])
                   or service_names or (detect.kita_or_school(file_name) and not detect.datasets_named(sheet_name or "")
                                        and set(detect.datasets_named(file_name or "")) <= {"services"}))
    if not forced and m.dataset in detect.NOT_FOR_SERVICES and kita_school:
        return None
    return pts

