"""Yes/no, text/id and category columns."""

from __future__ import annotations

import functools
import math
import re

import numpy as np
import pandas as pd

from ankunft.core import fmt, glossary
from ankunft.core.glossary import Field
from ankunft.importing.cells import (
    FALSE_TOKENS,
    TEXT_MISSING,
    TRUE_TOKENS,
    UNKNOWN_TOKENS,
    X_MARKS,
    CellIssue,
    show,
    token,
)
from ankunft.importing.vocab import bool_vocabulary, counts_text, one_word, vocabulary_value, yes_no_text


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


def parse_bools(values, f: Field, dataset: str | None = None,
                value_map: dict[str, object] | None = None) -> tuple[pd.array, list[CellIssue]]:
    """Yes/no column -> pandas "boolean" array. "x"/empty columns read empty cells as "nein".

    A field with a value vocabulary (`glossary.VALUE_VOCABULARIES`: heating type, bath/WC location …)
    reads its terms; `value_map` holds the officer's own mapping (value as written -> True/False).
    There, unknown values are missing with one grouped warning (`unknown_values`, counts on the issue)
    instead of an error per row.
    """
    vals = values if isinstance(values, list) else list(values)
    table = {u: _bool_of(u) for u in set(vals)}
    rules = bool_vocabulary(dataset, f.key) if dataset else None
    if rules or value_map:
        return _vocabulary_bools(vals, table, f, rules, value_map or {})
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
    issues += _x_marks_as_no(vals, table, out, f)
    return pd.array(out, dtype="boolean"), issues


def _x_marks_as_no(vals: list, table: dict, out: list, f: Field) -> list[CellIssue]:
    """A column that marks "ja" with "x" (and nothing else) means "nein" by an empty cell: set those in `out`."""
    nonempty_tokens = {token(u) for u, (_, code) in table.items() if code != "" and type(u) is str}
    empties = [u for u, (_, code) in table.items() if code == ""]
    if not (nonempty_tokens and nonempty_tokens <= X_MARKS and empties):
        return []
    empty_set = set(empties)
    n_empty = 0
    for i, v in enumerate(vals):
        if v in empty_set and table[v][1] == "":
            out[i] = False
            n_empty += 1
    return [CellIssue(None, "empty_as_no", None, f"{f.label}: die Spalte markiert „ja“ mit „x“; "
                                                 f"{fmt.integer(n_empty)} leere Zellen als „nein“ gelesen.")]


def negate_plain(vals: list, parsed, issues: list[CellIssue], f: Field, header: str) -> tuple[pd.array, list[CellIssue]]:
    """A column whose header negates the field ("ohne Heizung"): plain answers (ja/nein, x/leer, 1/0) are
    inverted – an "x" under "ohne Heizung" is no heating; a type or place read by the field's vocabulary
    ("Etagen-WC", "Gasheizung") says the field itself and stays. The "x"/empty note is reworded to match."""
    table = {u: _bool_of(u) for u in set(vals)}
    out = list(parsed)
    n_empty = 0
    for i, v in enumerate(vals):
        value, code = table[v]
        if out[i] is pd.NA or out[i] is None:
            continue
        if code is None and value is not pd.NA or code == "":  # a plain answer, or an empty cell read as "nein"
            out[i] = not out[i]
            n_empty += code == ""
    again = []
    for ci in issues:
        if ci.code == "empty_as_no":
            ci = CellIssue(None, "empty_as_no", None, f"{f.label}: die Spalte „{header}“ verneint das Feld und "
                                                      f"markiert mit „x“; {fmt.integer(n_empty)} leere Zellen als "
                                                      "„ja“ gelesen.")
        again.append(ci)
    return pd.array(out, dtype="boolean"), again


def _vocabulary_bools(vals: list, table: dict, f: Field, rules, value_map: dict) -> tuple[pd.array, list[CellIssue]]:
    """Yes/no by plain words, the officer's mapping, then the field's vocabulary; unknown values grouped."""
    counts: dict[object, int] = {}
    for v in vals:
        counts[v] = counts.get(v, 0) + 1
    mapped: dict[str, list] = {}
    unknown: dict[str, int] = {}
    for u, (_, code) in list(table.items()):
        text = show(u) or ""
        if text in value_map and value_map[text] in (True, False):
            table[u] = (value_map[text], None)
            mapped.setdefault(text, [value_map[text], 0])[1] += counts[u]
        elif code == "not_yes_no":
            found = vocabulary_value(u, rules) if (rules and type(u) is str) else None
            if found is None:
                table[u] = (pd.NA, "unknown_term")
                unknown[text] = unknown.get(text, 0) + counts[u]
            else:
                table[u] = (found, None)
    out = [table[v][0] for v in vals]
    issues: list[CellIssue] = _x_marks_as_no(vals, table, out, f)
    for i, v in enumerate(vals):
        if table[v][1] == "unknown_value":
            issues.append(CellIssue(i, "unknown_value", show(v), f"{f.label}: „{show(v)}“ (keine Angabe) gilt als "
                                                                 "fehlend."))
    if mapped:
        what = ", ".join(f"„{k}“ → {yes_no_text(v)} ({n} Zeile(n))" for k, (v, n) in sorted(mapped.items()))
        issues.append(CellIssue(None, "values_mapped", None, f"{f.label}: vom Benutzer zugeordnet: {what}."))
    if unknown:
        issues.append(CellIssue(None, "unknown_values", None,
                                f"{f.label}: {sum(unknown.values())} Zelle(n) mit unbekannten Werten gelten als "
                                f"fehlend: {counts_text(unknown)}. Bitte einmal zuordnen (wird für Dateien gleichen "
                                "Aufbaus gemerkt).", counts=unknown))
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


MISSING_LIST = sorted(TEXT_MISSING)
# ASCII whitespace other than tab and line breaks (those are checked separately)
_ASCII_SPACES = " \x0b\x0c\x1c\x1d\x1e\x1f"


def clean_ascii_texts(vals: list[str]) -> np.ndarray | None:
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
    return _texts(vals)[0], []


def _texts(vals: list) -> tuple[np.ndarray, dict | None]:
    """parse_text's values and, for a column of few distinct cells, the table cell -> text it used
    (so a category column maps its few texts without hashing every cell again)."""
    if len(vals) > 1000 and type(vals[0]) is str and len(set(vals[:256])) > 64:
        # mostly distinct ids: the clean-text check first saves building the set of 50,000 values
        # (same result: _text returns a clean text unchanged)
        try:
            clean = clean_ascii_texts(vals)
        except TypeError:  # not only text
            clean = None
        if clean is not None and set(map(type, vals)) == {str}:
            return clean, None
    distinct = set(vals)
    if len(distinct) * 4 < len(vals):  # few distinct values: one call per distinct value
        table = {u: _text(u) for u in distinct}
        out = np.empty(len(vals), dtype=object)
        out[:] = list(map(table.__getitem__, vals))
        return out, table
    if vals and set(map(type, vals)) == {str}:
        clean = clean_ascii_texts(vals)
        if clean is not None:
            return clean, None
        # all text: vectorised (Arrow string kernels) instead of one Python call per cell
        s = pd.Series(vals, dtype="str").str.strip()
        if any(s.str.contains(w, regex=False).any() for w in ("  ", "\n", "\t", "\r")):
            s = s.str.replace(r"\s+", " ", regex=True)
        key = s.str.lower().str.replace(" ", "", regex=False)
        s = s.mask(key.isin(MISSING_LIST) | (s == ""))
        return s.to_numpy(dtype=object, na_value=None), None
    out = np.empty(len(vals), dtype=object)
    out[:] = _unique_map(vals, _text)
    return out, None


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
                 # school types by their short codes in school statistics (RLP: RS+ = Realschule plus)
                 "rs": "weiterführende Schule", "rs plus": "weiterführende Schule", "gym": "weiterführende Schule",
                 "gy": "weiterführende Schule", "hs": "weiterführende Schule", "gms": "weiterführende Schule",
                 "ms": "weiterführende Schule", "fs": "weiterführende Schule", "foes": "weiterführende Schule",
                 "fos": "weiterführende Schule", "bs": "weiterführende Schule", "grs": "Grundschule",
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
        (r"\b24\b.*aufenthg|\b24 aufenthg|ukrain|^24$", "§ 24 AufenthG (Ukraine)"),  # "§ 24" alone too
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
        ((r"gymnasium|realschule|gesamtschule|\bigs\b|berufsbild|foerderschule|sekundar|hauptschule|"
          r"gemeinschaftsschule|mittelschule|oberschule|berufsschule"), "weiterführende Schule"),
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
    rules = CATEGORY_RULES.get(_category_key(dataset, f), [])
    for pattern, choice in rules:
        if re.search(pattern, k):
            return choice
    full = _expand_truncated(k, _category_words(dataset, f.key, tuple(lookup.items())))  # "in Bearb." = in Bearbeitung
    if full and full != k:
        if full in lookup:
            return lookup[full]
        for pattern, choice in rules:
            if re.search(pattern, full):
                return choice
    return _by_words(full or k, lookup)


_NEGATED = re.compile(glossary.HEADER_NEGATION + r"|\bnoch\b")


def _by_words(k: str, lookup: dict[str, str]) -> str | None:
    """A text of several words whose known words all name one choice ("Anhörung läuft" → in Bearbeitung,
    "neu gemeldet" → offen); never a negated one ("noch nicht erledigt")."""
    words = k.split()
    if len(words) < 2 or _NEGATED.search(k):
        return None
    found = {lookup[w] for w in words if w in lookup}
    return found.pop() if len(found) == 1 else None


@functools.lru_cache(maxsize=64)
def _category_words(dataset: str, key: str, items: tuple) -> frozenset[str]:
    """The words of a field's known values and aliases (normalised), once per field and lookup."""
    return frozenset({w for k, _ in items for w in k.split()} | {w for _, v in items
                                                                 for w in glossary.normalise_header(v).split()})


def _expand_truncated(k: str, known: frozenset[str]) -> str | None:
    """A category text with shortened words, each written out as the one word of the known values and
    aliases it begins (at least three letters: "bearb" → bearbeitung); None when a word is not unique."""
    words = k.split()
    out, changed = [], False
    for w in words:
        if w in known or len(w) < 3 or not w.isalpha():
            out.append(w)
            continue
        short = one_word({x for x in known if x.startswith(w)})  # "subs" → subsidiaer (subsidiaerer is longer)
        if short is None:
            return None
        out.append(short)
        changed = True
    return " ".join(out) if changed else None


def parse_category(values, f: Field, dataset: str,
                   value_map: dict[str, object] | None = None) -> tuple[np.ndarray, list[CellIssue]]:
    """Category column -> known choices; unknown values are kept as written, with a warning.

    `value_map` (value as written -> choice) is the officer's own mapping; it wins over the aliases."""
    vals = values if isinstance(values, list) else list(values)
    texts, table = _texts(vals)
    if not f.choices:
        return texts, []
    lookup = category_lookup(dataset, f)
    chosen = {k: v for k, v in (value_map or {}).items() if v in f.choices}
    if table is None:  # many distinct cells: the texts are the cells
        vals = texts.tolist()
        table = {t: t for t in vals}
    cache = {t: (None if t is None else chosen.get(t) or map_category(t, dataset, f, lookup))
             for t in set(table.values())}
    unknown = {t for t, c in cache.items() if t is not None and c is None}
    # cell as read -> its choice (or its text when unknown): one pass over the cells
    final = {u: cache[t] or t for u, t in table.items()}
    out = np.empty(len(vals), dtype=object)
    out[:] = list(map(final.__getitem__, vals))
    issues: list[CellIssue] = []
    if unknown:
        allowed = ", ".join(f.choices)
        # one message per unknown text, shared by its cells
        bad = {u: (t, f"{f.label}: „{t}“ ist kein bekannter Wert (bekannt: {allowed}); übernommen wie geschrieben.")
               for u, t in table.items() if t in unknown}
        issues = [CellIssue(i, "unknown_category", *bad[v]) for i, v in enumerate(vals) if v in bad]
    return out, issues
