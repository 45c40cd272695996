"""Header matching by evidence: which field a column is, with a score and the runner-up.

A header cell is split into words; German administrative abbreviations are expanded ("Pers.-Nr." →
personen nummer, "HH" → haushalt, "U3" → unter 3), compounds are split against the words the
glossary knows ("Unterkunftsbezeichnung" → unterkunft bezeichnung), filler words dropped
("Anzahl der Plätze insgesamt" → plätze) and the words stemmed. The word sets are compared with
every name of every field; unknown words are matched to known ones with rapidfuzz (typos,
inflections). Then the column's values are weighed: numbers, dates, yes/no, category words and
district names confirm a header guess or overrule it, and can name a column without a header.

Scores run from 0 to 100: 100 an exact name of the field, ≥ ``CONFIRM`` sure enough to use without
asking, ``ACCEPT``–``CONFIRM`` used but shown to the officer for confirmation, below ``ACCEPT`` not
used. No pandas at import time (the check CLI reads files while pandas loads).
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from ankunft.core import glossary
from ankunft.importing.vocab import one_word

EXACT = 100.0
CONFIRM = 90.0  # from here a mapping is used without asking
ACCEPT = 70.0  # from here a mapping is used, below CONFIRM after the officer's confirmation
VALUES_ONLY_MAX = 80.0  # a column named by its values alone always asks for confirmation
VALUES_ONLY_MIN = 60.0
_FUZZY_TOKEN = 85  # rapidfuzz ratio from which an unknown word counts as a known one
_LINKS = ("s", "es", "n", "en", "")

# How a mapping was found (stable value -> German label)
SOURCES = {"header": "Überschrift", "values": "Werte der Spalte", "officer": "von Ihnen bestätigt"}


@dataclass(frozen=True)
class Candidate:
    field: str
    score: float  # 0–100
    by: str = "header"  # key of SOURCES


# Longest header text and word that are matched: German compounds in headers stay far below 40 letters,
# and splitting or fuzzy-matching a data cell of 100 KB as if it were a header took minutes.
_MAX_HEADER = 200
_MAX_WORD = 40


def stem(word: str) -> str:
    """A light German stem: plural and linking endings off ("Plätze" = "Platz"e, "Einzugs" = "Einzug")."""
    if len(word) <= 4 or not word.isalpha():
        return word
    if (word.endswith("en") and len(word) >= 6) or (word.endswith("es") and len(word) >= 7):
        return word[:-2]
    if word.endswith("e"):
        return word[:-1]
    if word.endswith("s") and word[-2] not in "aeiousz":
        return word[:-1]
    return word


def _words(text: str) -> list[str]:
    return glossary.normalise_header(text).split()


@functools.lru_cache(maxsize=1)
def _vocabulary() -> tuple[frozenset[str], tuple[str, ...]]:
    """Every word (stemmed) of every field name, abbreviation expansion and dataset word."""
    words: set[str] = set()
    texts = [v for ds in glossary.DATASETS.values() for f in ds.fields for v in (f.label, *f.synonyms)]
    texts += [v.replace("|", " ") for v in glossary.HEADER_ABBREVIATIONS.values()]
    texts += [w for ws in glossary.DATASET_NAME_WORDS.values() for w in ws]
    texts += [w for ws in glossary.DATASET_SUBJECT_WORDS.values() for w in ws]
    texts += ["name", "bezeichnung", "nummer", "datum", "art", "typ", "kennung", "jahr", "jahre", "kinder",
              "platz", "plaetze", "personen", "frei", "liste", "uebersicht", "unter", "ueber"]
    for t in texts:
        for w in _words(t):
            if len(w) >= 2:
                words.add(w)
                words.add(stem(w))
    known = frozenset(words)
    return known, tuple(sorted(w for w in known if len(w) >= 4 and w.isalpha()))


def _known(word: str) -> bool:
    vocab = _vocabulary()[0]
    return word in vocab or stem(word) in vocab or word in glossary.HEADER_ABBREVIATIONS


def _part(word: str) -> bool:
    """A word that can be part of a compound: known, at least three letters (or a known abbreviation)."""
    return (len(word) >= 3 and _known(word)) or word in glossary.HEADER_ABBREVIATIONS


@functools.lru_cache(maxsize=20_000)
def split_compound(word: str) -> tuple[str, ...]:
    """A compound as its known parts ("unterkunftsbezeichnung" → unterkunft, bezeichnung), longest head first.

    Known compounds are split too ("Einzugsdatum" = "Datum Einzug"), so both sides of a comparison agree.
    """
    if len(word) < 6 or len(word) > _MAX_WORD or not word.isalpha():
        return (word,)
    for i in range(len(word) - 2, 2, -1):
        head, rest = word[:i], word[i:]
        if not _part(head):
            continue
        for link in _LINKS:
            tail = rest[len(link):]
            if not rest.startswith(link) or len(tail) < 2:
                continue
            parts = split_compound(tail)
            if all(_part(p) for p in parts):
                return (head, *parts)
    if _known(word):
        return (word,)
    vocab = _vocabulary()[0]
    for i in range(len(word) - 4, 4, -1):  # a known head with an unknown tail ("Feuchtigkeit|s|schäden")
        head, rest = word[:i], word[i:]
        if head in vocab:
            for link in _LINKS:
                tail = rest[len(link):]
                if rest.startswith(link) and len(tail) >= 4:
                    return (head, tail)
    return (word,)


@functools.lru_cache(maxsize=20_000)
def _canonical(word: str) -> tuple[str, float]:
    """(known stem, weight): a known word is itself (1.0); an unknown one its nearest known word by rapidfuzz."""
    vocab, fuzzy_list = _vocabulary()
    s = stem(word)
    if word in vocab or s in vocab or len(word) < 5 or len(word) > _MAX_WORD or not word.isalpha():
        return s, 1.0
    hit = process.extractOne(s, fuzzy_list, scorer=fuzz.ratio, score_cutoff=_FUZZY_TOKEN)
    if hit is None:
        return s, 1.0
    return stem(hit[0]), hit[1] / 100.0


@functools.lru_cache(maxsize=50_000)
def header_tokens(text: str) -> tuple[tuple[frozenset[str], float], ...]:
    """The readings of a header: (set of known stems, weight ≤ 1 for fuzzy words), one per abbreviation reading."""
    text = text[:_MAX_HEADER]  # a longer cell is no header; matching it whole costs minutes (131 KB cell)
    readings: list[list[str]] = [[]]
    dotted = set(_words(" ".join(re.findall(r"(\w+)\.", text))))
    for w in _words(text):
        exp = glossary.HEADER_ABBREVIATIONS.get(w)
        if exp:
            options = [[p for x in o.split() for p in split_compound(x)] for o in exp.split("|")]
        else:
            full = _truncated(w) if w in dotted and not _known(w) else None
            # a word of a family ("Kinderkrippe" = Kita) stays whole: its parts would say something else
            parts = (full or w,) if stem(full or w) in _equivalents() else split_compound(full or w)
            options = [[p2 for p in parts for p2 in glossary.HEADER_ABBREVIATIONS.get(p, p).split("|")[0].split()]]
        readings = [r + o for r in readings for o in options][:4]
    out = []
    for r in readings:
        toks, weight = set(), 1.0
        for w in r:
            if w in glossary.HEADER_FILLER_WORDS:
                continue
            eq = _equivalents().get(stem(w))
            c, wt = (eq, 1.0) if eq else _canonical(w)
            c = _equivalents().get(c, c)
            if c in _FILLER_STEMS:
                continue
            toks.add(c)
            weight = min(weight, wt)
        if toks:
            out.append((frozenset(toks), weight))
    return tuple(out)


_FILLER_STEMS = frozenset(stem(w) for w in glossary.HEADER_FILLER_WORDS)
_QUALIFIER_STEMS = frozenset(stem(w) for w in glossary.HEADER_QUALIFIERS)


@functools.lru_cache(maxsize=1)
def _equivalents() -> dict[str, str]:
    return {stem(k): stem(v) for k, v in glossary.HEADER_EQUIVALENTS.items()}


def _truncated(word: str) -> str | None:
    """The one known word an abbreviation with a dot stands for ("Staatsangehörigk." → staatsangehoerigkeit)."""
    if len(word) < 3:
        return None
    hits = {stem(v) for v in _vocabulary()[1] if v.startswith(word) and len(v) > len(word)}
    return one_word(hits)


@dataclass(frozen=True)
class _FieldNames:
    field: str
    names: tuple[frozenset[str], ...]
    vocab: frozenset[str]


@functools.lru_cache(maxsize=8)
def _dataset_index(dataset: str) -> tuple[tuple[_FieldNames, ...], dict[str, tuple[int, ...]]]:
    """Per field its names as word sets, and word -> positions of the fields that use it."""
    fields, by_word = [], {}
    for f in glossary.DATASETS[dataset].fields:
        names = []
        for v in dict.fromkeys((f.label, *f.synonyms)):
            for toks, _ in header_tokens(v):
                names.append(toks)
        vocab = frozenset(w for n in names for w in n)
        for w in vocab:
            by_word.setdefault(w, []).append(len(fields))
        fields.append(_FieldNames(f.key, tuple(dict.fromkeys(names)), vocab))
    return tuple(fields), {w: tuple(v) for w, v in by_word.items()}


@functools.lru_cache(maxsize=8)
def _subjects(dataset: str) -> frozenset[str]:
    return frozenset(stem(w) for w in glossary.DATASET_SUBJECT_WORDS.get(dataset, ()))


def _dice(a: frozenset[str], b: frozenset[str]) -> float:
    return 2 * len(a & b) / (len(a) + len(b)) if a and b else 0.0


def _name_score(h: frozenset[str], fn: _FieldNames, subjects: frozenset[str], known: frozenset[str]) -> float:
    """100 a name of the field; 95 the same without the dataset's subject ("Unterkunftsbezeichnung");
    90 a name plus words of the same field ("Belegung Personen") – but not plus a qualifier: "Kinder unter 2"
    is not "Kinder 2 Jahre", although "unter" is a word of that field too ("2 bis unter 3"); 85 a name plus words no field of the
    dataset uses ("zugewiesene Unterkunft"), 75 plus words of other fields ("Plätze lt. Vertrag"); never
    when an extra word changes what is counted ("Plätze frei"); else the word overlap (Dice) × 90."""
    best = 0.0
    hs = (h - subjects) or h
    for s in fn.names:
        if h == s:
            return EXACT
        ss = (s - subjects) or s
        if hs == ss:
            best = max(best, 95.0)
        elif s <= h <= fn.vocab | subjects and not ((h - s) & _QUALIFIER_STEMS):
            best = max(best, 90.0)
        elif ss <= hs and not ((hs - ss) & _QUALIFIER_STEMS):
            best = max(best, 75.0 if (hs - ss) & known else 85.0)
        else:
            overlap = 90.0 * max(_dice(h, s), _dice(hs, ss))
            if (h ^ s) & _QUALIFIER_STEMS:  # "unter 2" on one side only: another count, at most a weak hint
                overlap = min(overlap, ACCEPT - 1.0)
            best = max(best, overlap)
    return best


PERSONS_AS_PLACES = 75.0  # a header counting persons read as a places field: used only after confirmation


@functools.lru_cache(maxsize=1)
def _count_families() -> tuple[frozenset[str], frozenset[str]]:
    """(places words, persons words) as header stems ("Plätze" → plaetz, "angemeldete" → angemeldet)."""
    def family(words: tuple[str, ...]) -> frozenset[str]:
        return frozenset(t for w in words for toks, _ in header_tokens(w) for t in toks)
    return family(glossary.HEADER_PLACES_WORDS), family(glossary.HEADER_PERSONS_WORDS)


def _counts_persons(toks: frozenset[str]) -> bool:
    places, persons = _count_families()
    return bool(toks & persons) and not toks & places


@functools.lru_cache(maxsize=8)
def places_fields(dataset: str) -> frozenset[str]:
    """Fields that count places: some name has a places word ("Plätze U3") and no name counts persons only."""
    places = _count_families()[0]
    return frozenset(fn.field for fn in _dataset_index(dataset)[0]
                     if any(n & places for n in fn.names) and not any(_counts_persons(n) for n in fn.names))


def counts_persons_not_places(text: str, dataset: str, field: str) -> bool:
    """A header that counts persons ("Kinder U3", "Krippenkinder", "belegt U3": a word of the enrolled
    family, none of places) mapped to a places field: a wrong read unless the officer confirms it."""
    return field in places_fields(dataset) and any(_counts_persons(t) for t, _ in header_tokens(text))


@functools.lru_cache(maxsize=50_000)
def rank_header(text: str, dataset: str) -> tuple[Candidate, ...]:
    """Fields of a dataset a header text may name, best first (score ≥ 50), from the header alone.
    A header counting persons scores a places field at most ``PERSONS_AS_PLACES`` (to be confirmed)."""
    fields, by_word = _dataset_index(dataset)
    subjects = _subjects(dataset)
    known = frozenset(by_word)
    places = places_fields(dataset)
    scores: dict[str, float] = {}
    for toks, weight in header_tokens(text):
        for pos in {p for w in toks for p in by_word.get(w, ())}:
            fn = fields[pos]
            sc = _name_score(toks, fn, subjects, known) - (1.0 - weight) * 100.0
            if fn.field in places and _counts_persons(toks):
                sc = min(sc, PERSONS_AS_PLACES)
            if sc > scores.get(fn.field, 0.0):
                scores[fn.field] = sc
    if counts_only(text) or names_house_number(text):  # "Anzahl Personen", "Haus-Nr.": never a key
        ds = glossary.DATASETS[dataset]
        scores = {k: s for k, s in scores.items() if ds.field(k).kind != "id"}
    ranked = sorted(((round(s, 1), k) for k, s in scores.items() if s >= 50.0), key=lambda x: (-x[0], x[1]))
    return tuple(Candidate(k, s) for s, k in ranked[:3])


# A header counts when it says so ("Anzahl", "…zahl") or names counted persons in the plural; a key word makes it
# a number of that thing ("Personen-Nr.", "Kinderzahl-ID" would be one).
_COUNT_WORDS = re.compile(r"\b(anzahl|anz|zahl|\w+zahl|personen|kinder|bewohnerinnen)\b")
_KEY_WORDS = re.compile(r"\b(nr|no|nummer|\w+nummer|id|pid|\w+id|kennung|\w+kennung|kennziffer|kennz|\w+kennz|"
                        r"schluessel|code|pseudonym|zeichen)\b")


_HOUSE_NUMBER = re.compile(r"\b(hausnummer|hausnr|haus nr|haus nummer|hnr|hausnummernzusatz|hausnummer zusatz)\b")


@functools.lru_cache(maxsize=20_000)
def names_house_number(text: str) -> bool:
    """A header naming a house number ("Hausnr.", "Haus-Nr.", "HNr."): part of an address, no key."""
    return bool(_HOUSE_NUMBER.search(glossary.normalise_header(text)))


def has_key_word(text: str) -> bool:
    """A header with a word of a number or key ("Nr.", "ID", "Kennung", "Haushaltsnummer")."""
    return bool(_KEY_WORDS.search(glossary.normalise_header(text)))


@functools.lru_cache(maxsize=20_000)
def counts_only(text: str) -> bool:
    """A header that counts ("Anzahl Personen", "Personenzahl", "Kinder") and names no key word: no key field."""
    words = glossary.normalise_header(text)
    return bool(_COUNT_WORDS.search(words)) and not _KEY_WORDS.search(words)


# --- content evidence ----------------------------------------------------------------------------
@dataclass(frozen=True)
class ValueProfile:
    """What the first values of a column look like (shares of the non-empty sample)."""

    n: int
    number: float
    year: float
    date: float
    yes_no: float
    text: float
    district: float
    distinct: float
    sample: tuple[str, ...]
    raw: tuple = ()


_STREET = re.compile(r"\d|stra(ss|ß)e|str\.|weg\b|platz\b|allee|gasse|ring\b|damm\b|ufer\b", re.IGNORECASE)
_UNITS = re.compile(r"€|%|m²|\b(m2|qm|eur|euro|stk|pers)\b\.?", re.IGNORECASE)


def value_profile(values: list) -> ValueProfile:
    from ankunft.core import reference
    from ankunft.importing import parse

    vals = [v for v in values if v not in ("", None)][:40]
    n = len(vals)
    if not n:
        return ValueProfile(0, 0, 0, 0, 0, 0, 0, 0, (), ())
    number = year = date = yes_no = text = district = 0
    for v in vals:
        x = None
        if isinstance(v, str):
            if parse.parse_date_text(v)[0] is not None:
                date += 1
            else:
                value, code, _ = parse.parse_number_text(_UNITS.sub("", v))
                if code is None and value is not None:
                    x = value
                else:
                    text += 1
                    district += reference.resolve_district(v) is not None
            yes_no += parse.token(v) in parse.TRUE_TOKENS | parse.FALSE_TOKENS
        elif isinstance(v, bool):
            yes_no += 1
        elif isinstance(v, (int, float)):
            x = float(v)
        elif isinstance(v, (dt.date, dt.datetime)):
            date += 1
        if x is not None:
            number += 1
            year += 1900 <= x <= 2100 and float(x).is_integer()
            if 20_000 <= x <= 60_000 and float(x).is_integer():
                date += 0.5  # an Excel serial date
    texts = tuple(parse.show(v) or "" for v in vals)
    return ValueProfile(n, number / n, year / n, date / n, yes_no / n, text / n, district / n,
                        len(set(texts)) / n, texts, tuple(vals))


def value_fit(dataset: str, key: str, prof: ValueProfile) -> float | None:
    """How well a column's values fit a field (0–1); None without values."""
    if not prof.n:
        return None
    from ankunft.importing import parse

    f = glossary.DATASETS[dataset].field(key)
    if key == "birth_year":
        return prof.year
    if f.kind in (*glossary.NUMERIC_KINDS, "date", "bool") or (f.kind == "category" and f.choices):
        # the field's own parser decides: share of values it reads without an error (or unknown category)
        _, issues = parse.parse_column(list(prof.raw), f, dataset)
        bad = {i.pos for i in issues if i.severity == "error" or i.code == "unknown_category"}
        fit = 1.0 - len(bad) / prof.n
        if f.kind == "date":  # a number column is no date column, even where numbers pass as serials
            fit = min(fit, prof.date)
        return fit
    if key == "address":  # an address has a house number or a street word, a district name has neither
        return sum(bool(_STREET.search(t)) for t in prof.sample) / prof.n
    if key in ("district", "district_id") or (dataset == "districts" and key == "name"):
        return max(prof.district, 0.5 if key == "district_id" and prof.number else 0.0)
    if f.kind == "text":  # numbers are possible (an accommodation by its number), dates are not
        return max(0.0, 1.0 - 0.5 * prof.number - prof.date)
    return 1.0  # ids: any value


def weigh(header: tuple[Candidate, ...], dataset: str, prof: ValueProfile) -> tuple[Candidate, ...]:
    """Header candidates re-scored by the column's values (80 % header, 20 % values); a field the values
    fit much better than the header's first guess overrules it; distinctive values (categories,
    districts) name a column whose header names no field."""
    if not prof.n:
        return header
    out = []
    counter = row_counter(prof)
    for c in header:
        fit = value_fit(dataset, c.field, prof)
        score = c.score
        if fit is not None:
            wv = 0.2 * min(1.0, prof.n / 5)  # a few values weigh less
            score = (1.0 - wv) * c.score + 100.0 * wv * fit
            if c.score >= EXACT and fit >= 0.3:  # a documented name stands unless the values clearly contradict
                score = max(score, CONFIRM)
        if counter and c.field in ROW_KEYS:  # 1, 2, 3 …: the row's place in the list, a key only for want of one
            score = min(score, EXACT - COUNTER_PENALTY)
        out.append(Candidate(c.field, round(min(EXACT, score), 1), c.by))
    if not out or max(c.score for c in out) < CONFIRM:  # values may name the column where the header is unsure
        taken = {c.field for c in out}
        for f in glossary.DATASETS[dataset].fields:
            distinctive = (f.kind == "category" and f.choices) or f.key == "district"
            if distinctive and f.key not in taken:
                fit = value_fit(dataset, f.key, prof)
                if fit is not None and fit >= 0.8:
                    out.append(Candidate(f.key, round(min(VALUES_ONLY_MAX, 60.0 + 20.0 * fit), 1), "values"))
    out.sort(key=lambda c: -c.score)
    if out and header and out[0].field != header[0].field:
        out[0] = Candidate(out[0].field, out[0].score, "values")
    return tuple(out)


# --- columns without a header: named by their values alone ---------------------------------------------
BLANK_SURE = 75.0  # the only free field of the values' kind
BLANK_SHARED = 70.0  # first of several free fields of that kind (the next ones as runner-up, 5 below)
_PLACEHOLDER = re.compile(r"(spalte|column|unnamed|feld)\s*[:_]?\s*\d*", re.IGNORECASE)
_CODE = re.compile(r"[A-Za-z]{0,5}[-/ .]?\d{1,9}[A-Za-z]?")


def is_placeholder_header(text: str) -> bool:
    """An empty header cell or a name a program gave it: "", "Spalte1", "Unnamed: 3", "Column 2", "Feld4"."""
    return not text.strip() or bool(_PLACEHOLDER.fullmatch(text.strip()))


def _consecutive(prof: ValueProfile) -> bool:
    """1, 2, 3 … – a row counter ("lfd. Nr."), no field."""
    try:
        nums = [int(float(str(v).replace(",", "."))) for v in prof.raw]
    except (TypeError, ValueError):
        return False
    return len(nums) >= 3 and nums == list(range(nums[0], nums[0] + len(nums)))


ROW_KEYS = ("id", "person_id", "object_id")  # the keys of a row; a district's number 1 … 18 is its own key
COUNTER_PENALTY = 10.0  # a row counter as key: below any column whose header names the key as well


def row_counter(prof: ValueProfile) -> bool:
    """1, 2, 3 … (or 0, 1, 2 …) from the first row: the running number of a list ("lfd. Nr.")."""
    if not _consecutive(prof):
        return False
    try:
        return int(float(str(prof.raw[0]).replace(",", "."))) in (0, 1)
    except (TypeError, ValueError):
        return False


def values_kinds(prof: ValueProfile) -> list[tuple[str, str]]:
    """The field kinds a column's values clearly are, most specific first, each with the German reason;
    empty when they are not clear.

    Clear means: at least 3 values and (nearly) all of one sort – district names, dates, yes/no, years,
    codes like "P-1000" (ids), whole numbers ≥ 0 (counts). A row counter 1, 2, 3 … is none of these."""
    n = prof.n
    if n < 3:
        return []
    if prof.district >= 0.8:
        return [("district", f"Werte sind Stadtteilnamen ({round(prof.district * n)} von {n})")]
    if prof.date >= 0.9 and prof.number < 0.5:
        return [("date", f"Werte sind Datumsangaben ({round(prof.date * n)} von {n})")]
    if prof.yes_no >= 0.9:
        return [("bool", f"Werte sind ja/nein ({round(prof.yes_no * n)} von {n})")]
    codes = all(isinstance(v, str) and _CODE.fullmatch(v.strip()) and any(ch.isdigit() for ch in v) for v in prof.raw)
    # "P-1000", "W-101" – or "001": digits kept as text with their leading zero are a key, not a number
    if codes and (prof.text >= 0.9 or any(v.strip().startswith("0") for v in prof.raw)):
        return [("id", f"Werte sind Kennungen wie „{prof.sample[0]}“ ({n} von {n})")]
    whole = prof.number >= 0.9 and all(isinstance(v, (int, float)) and not isinstance(v, bool) and v >= 0
                                       and float(v).is_integer() for v in prof.raw)
    if not whole or _consecutive(prof):
        return []
    out = []
    if all(1900 <= v <= 2030 for v in prof.raw):
        out.append(("year", f"Werte sind Jahreszahlen ({n} von {n})"))
    out.append(("int", f"Werte sind ganze Zahlen ≥ 0 ({n} von {n})"))
    return out


def _keys_of_kind(dataset: str, kind: str) -> list[str]:
    ds = glossary.DATASETS[dataset]
    if kind == "district":
        return [k for k in ("district", "name" if dataset == "districts" else "") if k in ds.keys]
    if kind == "year":
        return [f.key for f in ds.fields if f.key.endswith("year")]
    return [f.key for f in ds.fields if f.kind == kind and not f.key.endswith("year")]


def blank_candidates(dataset: str, prof: ValueProfile, used: set[str]) -> tuple[tuple[Candidate, ...], str | None]:
    """Candidates for a column without a header, from its values alone, and the reason.

    Only fields no other column has taken; required fields first, then in the glossary's order, each
    checked with the field's own parser. The scores stay below ``CONFIRM`` (the officer always
    confirms) and at or above ``VALUES_ONLY_MIN``; with several free fields of the kind the others
    follow as runner-up."""
    ds = glossary.DATASETS[dataset]
    for kind, reason in values_kinds(prof):
        keys = [k for k in _keys_of_kind(dataset, kind) if k not in used]
        if kind == "id" and prof.distinct < 1.0:  # repeated codes: a reference (household), not the key
            keys = [k for k in keys if k not in ("id", "person_id", "object_id")]
        keys.sort(key=lambda k: (k not in ds.required, ds.keys.index(k)))
        if kind != "id":  # a code fits any key; the other sorts are checked with the field's own parser
            keys = [k for k in keys if (value_fit(dataset, k, prof) or 0.0) >= 0.9]
        if keys:
            first = BLANK_SURE if len(keys) == 1 else BLANK_SHARED
            return tuple(Candidate(k, max(VALUES_ONLY_MIN, first - 5.0 * bool(i)), "values")
                         for i, k in enumerate(keys[:3])), reason
    return (), None
