"""Row classification of one table: data rows vs. empty, sum/subtotal/average, note and repeated header rows.

`classify_rows` gives a kind and a German reason per data row; the pipeline keeps the "data" rows
and reports the others as skipped rows ("end": trailing empty rows, not reported). Page breaks of a printed
report are skipped rows too. `stacked_tables` finds where a second table starts below a first one on a sheet;
`group_titles` reads "Unterkunft: …" title rows over groups as a column of their own.
"""

from __future__ import annotations

import operator
import re
from itertools import compress

import numpy as np

from ankunft.core import glossary
from ankunft.importing.io import header as header_mod
from ankunft.importing.io.header import PAGE_MARK, ColumnInfo, HeaderMatch, cell_text, rank
from ankunft.importing.matching import CONFIRM
from ankunft.importing.report import Issue, TableReport

# Total words and the city's own names: a label of only these is the grand total ("Stadt
# Kaiserslautern insgesamt", "Kaiserslautern, Stadt – gesamt", "Summe", "Gesamtstadt"), wherever it
# stands; a total word with other words ("Zwischensumme Betzenberg", "Summe Stadtteil 05",
# "Morlautern insgesamt") is a group total, decided by its position (see `_resolve_groups`).
_TOTAL_WORDS = frozenset({"summe", "gesamt", "insgesamt", "gesamtsumme", "endsumme", "total", "zusammen",
                          "gesamtstadt", "alle", "aller", "allen", "σ", "∑"})
_ALL_WORDS = frozenset({"alle", "aller", "allen"})
_CITY_WORDS = frozenset({"stadt", "stadtgebiet", "kaiserslautern", "kl", "gesamtstadt"})
_END_WORDS = frozenset({"insgesamt", "gesamt", "zusammen"})
_WORD_RE = re.compile(r"[^\W\d_]+|\d+|[σ∑]")
_SUBTOTAL_RE = re.compile(r"^\s*(zwischensumme|teilsumme|zwischenergebnis)", re.IGNORECASE)
_AVG_RE = re.compile(r"^\s*(durchschnitt|mittelwert|mittel|schnitt|ø|⌀|average)(?![^\W\d_])", re.IGNORECASE)
# A line holding one of the label words as a word of its own (C-level pre-scan of a label column).
LABEL_LINE = re.compile(r"^([^\n]*?(?<![^\W\d_])(?:zwischensumme|teilsumme|zwischenergebnis|gesamtsumme|endsumme|"
                        r"gesamtstadt|summe|insgesamt|gesamt|total|zusammen|alle[rn]?|σ|∑|durchschnitt|mittelwert|"
                        r"mittel|schnitt|ø|⌀|average)(?![^\W\d_])[^\n]*)$", re.IGNORECASE | re.MULTILINE)
_NOTE_RE = re.compile(r"^\s*([*¹²³⁴⁵⁶⁷⁸⁹†]|\d\)|\(\d\)|quelle|anm\.|anmerkung|hinweis|fußnote|fussnote|erläuterung|"
                      r"legende|stand\b|datenstand|stichtag|daten:|erstellt|vorläufig|ohne gewähr)", re.IGNORECASE)
# Every match of LABEL_LINE in ASCII text contains one of these (lower case).
LABEL_WORDS = ("summe", "gesamt", "total", "zusammen", "alle", "mittel", "schnitt", "average", "zwischenergebnis")
_LABEL_REASONS = {"sum": "Summenzeile", "subtotal": "Zwischensumme", "avg": "Durchschnittszeile"}


def label_kind(s: str) -> str | None:
    """"sum", "subtotal", "group" (a group total: subtotal or sum by position), "avg" or None for a label."""
    low = s.strip().lower()
    if not low or len(low) > 80:
        return None
    if _AVG_RE.match(low):
        return "avg"
    if _SUBTOTAL_RE.match(low):
        return "subtotal"
    words = _WORD_RE.findall(low)
    if not any(w in _TOTAL_WORDS for w in words):
        return None
    if all(w in _TOTAL_WORDS or w in _CITY_WORDS for w in words):
        return "sum"
    if words[0] in _TOTAL_WORDS:  # "Summe aller Stadtteile", "Summe Betzenberg", "Gesamt (ohne Reserve)"
        return "sum" if any(w in _ALL_WORDS for w in words) else "group"
    if words[-1] in _END_WORDS:  # "Morlautern insgesamt" – or a name that ends so (see _resolve_groups)
        return "group_end"
    return None


def lines_matching(pattern: re.Pattern, text: str, needles: tuple[str, ...]) -> set[str]:
    """set(pattern.findall(text)) for a line pattern (MULTILINE, IGNORECASE, one line per match).

    ASCII text is pre-filtered at C speed: only lines that contain one of the lower-case needles
    (every match does) go through the regex. Other text is scanned whole.
    """
    if not text.isascii() or not all(w and w.isascii() for w in needles):
        return set(pattern.findall(text))
    low = text.lower()
    candidates = []
    for w in needles:
        i = low.find(w)
        while i != -1:
            start = low.rfind("\n", 0, i) + 1
            end = low.find("\n", i)
            if end == -1:
                end = len(low)
            candidates.append(text[start:end])
            i = low.find(w, end)
    return set(pattern.findall("\n".join(candidates))) if candidates else set()


def shared_texts(cells: list) -> list:
    """The cells, with equal texts as one object each when a long column holds few distinct texts only.

    calamine makes a new str for every cell, so each set, dict or lookup over a column of places or
    nationalities compares 50,000 strings character by character; with one object per distinct text
    those are identity checks (a set of the column: 0.5 instead of 3–5 ms). Only all-text columns are
    merged (1, 1.0 and True are equal keys of different types); others come back unchanged."""
    head = cells[:256]
    if len(cells) < 1000 or len(set(head)) > 64 or not all(type(v) is str for v in head):
        return cells
    first: dict = {}
    out = list(map(first.setdefault, cells, cells))
    # a text equals no cell of another type: with only texts among the distinct cells, every cell kept its own
    return out if all(type(k) is str for k in first) else cells


class _ColumnTexts:
    """The cells of each column as a Python list and as joined one-line texts, each built once."""

    def __init__(self, cols: list) -> None:
        self.cols = cols
        self._lists: dict[int, list] = {}
        self._joined: dict[int, str] = {}

    def as_list(self, c: int) -> list:
        if c not in self._lists:
            self._lists[c] = shared_texts(self.cols[c].tolist())
        return self._lists[c]

    def joined(self, c: int) -> str:
        """The one-line texts of a column, one per line (for C-level scans).

        A column of only ASCII text is joined as it is (one C call, pre-filtered by
        `lines_matching`); a value with a line break then spans several lines, but only whole
        values are compared with the matched lines. Otherwise – and for a long column of few
        distinct cells (places, nationalities, a status), where that is less text – the distinct
        one-line texts: the same whole values match either way.
        """
        if c not in self._joined:
            lst = self.as_list(c)
            text = None
            if len(lst) <= 1000 or len(set(lst[:256])) > 64:  # short, or mostly distinct (ids)
                try:
                    text = "\n".join(lst)
                except TypeError:
                    text = None
            if text is None or not text.isascii():
                text = "\n".join(u for u in set(lst) if type(u) is str and u and "\n" not in u)
            self._joined[c] = text
        return self._joined[c]


def _label_kind(s: str, cache: dict[str, str | None]) -> str | None:
    if s not in cache:
        cache[s] = label_kind(s)
    return cache[s]


def positions(cells: list, values) -> list[int]:
    """Sorted positions of the cells equal to one of `values` (`[j for j, v in enumerate(cells) if v in
    values]` for hashable text values): a few values are found with `list.index` scans at C speed."""
    values = set(values)
    if len(values) > 8:
        return [j for j, v in enumerate(cells) if v in values]
    out: list[int] = []
    for value in values:
        j = -1
        try:
            while True:
                j = cells.index(value, j + 1)
                out.append(j)
        except ValueError:
            pass
    out.sort()
    return out


def _mark_labels(kinds: list[str], reasons: list[str], texts: _ColumnTexts, label_cols: list[int]) -> None:
    """Sum, subtotal, group-total and average rows, by the label in one of the label columns."""
    cache: dict[str, str | None] = {}
    for c in label_cols:
        col = texts.as_list(c)
        # one C-level scan over the texts instead of a regex call per text
        lines = lines_matching(LABEL_LINE, texts.joined(c), LABEL_WORDS)
        hits = {u for u in lines if _label_kind(u.strip(), cache)}
        if not hits:
            continue
        for j in positions(col, hits):
            v = col[j]
            if kinds[j] == "data":
                k = _label_kind(v.strip(), cache)
                kinds[j] = k
                reasons[j] = v.strip()[:60]


_KEY_FIELDS = ("id", "object_id", "person_id", "district_id")


def _resolve_groups(kinds: list[str], reasons: list[str], counts: np.ndarray, cols: list,
                    key_cols: list[int]) -> None:
    """Group totals ("Summe Betzenberg", "Morlautern insgesamt") are subtotals when data rows follow
    them or other subtotals exist; a single one at the end is the table's sum row.

    A label with other words than total words may also be a name ("Total Digital Beratung",
    "Gemeinsam zusammen"): it is a total row only when the row leaves the key cells empty (a total has
    no Nr.), or – in a table without a key column – when it is sparser than the data rows."""
    typical = None  # cells of a typical data row: only needed for a group label in a table without keys
    # the loops over every row only when a row has such a kind ("x in list" runs at C speed)
    for j in positions(kinds, ("group", "group_end")):
        k = kinds[j]
        if typical is None and not key_cols:
            data_counts = sorted(int(counts[i]) for i, x in enumerate(kinds) if x == "data")
            typical = data_counts[len(data_counts) // 2] if data_counts else 0
        if key_cols:
            label = reasons[j]
            total = not any(type(cols[c][j]) is not str or (cols[c][j].strip() and cols[c][j].strip()[:60] != label)
                            for c in key_cols if cols[c][j] not in ("", None))
        else:
            total = counts[j] < typical or (k == "group" and counts[j] <= typical)
        kinds[j], reasons[j] = ("group", reasons[j]) if total else ("data", "")
    groups = positions(kinds, ("group",))
    if groups:
        last_data = len(kinds) - 1 - kinds[::-1].index("data") if "data" in kinds else -1
        several = len(groups) > 1 or "subtotal" in kinds
        for j in groups:
            kinds[j] = "subtotal" if several or j < last_data else "sum"
    for j in positions(kinds, _LABEL_REASONS):
        reasons[j] = f"{_LABEL_REASONS[kinds[j]]} („{reasons[j]}“)"


_PAGE_CELLS = 3  # a page-break row: the mark and at most two more text cells (print date, page title)


def _mark_page_breaks(kinds: list[str], reasons: list[str], cols: list, counts: np.ndarray) -> None:
    """Page breaks of a printed report: a sparse row (fewer cells than most rows, at most three) with a page mark
    and otherwise only text; the one-cell text rows right after it (the next page's title) go with it. Only the
    sparse rows are looked at, cell by cell."""
    filled = counts[counts > 0]
    if not len(filled):
        return
    typical = int(np.median(filled))
    width = len(cols)
    n = len(kinds)
    for j in np.flatnonzero((counts <= _PAGE_CELLS) & (counts < typical) & (counts > 0)).tolist():
        if kinds[j] != "data":
            continue
        cells = [cols[c][j] for c in range(width) if cols[c][j] not in ("", None)]
        if not all(type(v) is str for v in cells):
            continue
        mark = next((v.strip() for v in cells if PAGE_MARK.match(v)), None)
        if mark is None:
            continue
        kinds[j], reasons[j] = "note", f"Seitenumbruch („{mark[:60]}“)"
        k = j + 1
        while k < n and (kinds[k] == "empty" or (kinds[k] == "data" and counts[k] == 1 and any(
                type(cols[c][k]) is str and cols[c][k].strip() for c in range(width)))):
            if kinds[k] == "data":
                kinds[k] = "note"
                text = next(cols[c][k].strip() for c in range(width) if type(cols[c][k]) is str and cols[c][k].strip())
                reasons[k] = f"Seitenkopf („{text[:60]}“)"
            k += 1


def _mark_single_cell_rows(kinds: list[str], reasons: list[str], cols: list, counts: np.ndarray) -> None:
    """Rows with one text cell: footnotes and group headings."""
    width = len(cols)
    for j in np.flatnonzero(counts == 1):
        if kinds[j] != "data":
            continue
        v = next((cols[c][j] for c in range(width) if cols[c][j] not in ("", None)), "")
        if type(v) is str:
            s = v.strip()
            if _NOTE_RE.match(s) or (len(s) >= 20 and " " in s):
                kinds[j] = "note"
                reasons[j] = f"Fußnote/Anmerkung („{s[:60]}“)"
            elif " " in s and not any(ch.isdigit() for ch in s):
                kinds[j] = "note"
                reasons[j] = f"Zwischenüberschrift („{s[:60]}“)"


def _mark_repeated_headers(kinds: list[str], reasons: list[str], texts: _ColumnTexts, counts: np.ndarray,
                           header_texts: list[list[str]]) -> None:
    """Rows that repeat a header row (e.g. on every printed page)."""
    cols = texts.cols
    width = len(cols)
    for header in header_texts:
        norm_header = [glossary.normalise_header(h) for h in header]
        first_hdr = next((i for i, h in enumerate(norm_header) if h), None)
        if first_hdr is None or first_hdr >= width:
            continue
        probe = header[first_hdr].strip()
        col = texts.as_list(first_hdr)
        pattern = re.compile(r"^[ \t]*" + re.escape(probe) + r"[ \t]*$", re.IGNORECASE | re.MULTILINE)
        if "\n" in probe:  # a two-line header cell: matched against the distinct one-line texts
            hits = set(pattern.findall("\n".join(u for u in set(col) if type(u) is str and u and "\n" not in u)))
        else:
            hits = lines_matching(pattern, texts.joined(first_hdr), (probe.lower(),))
        for j in ([j for j, v in enumerate(col) if v in hits] if hits else ()):
            if kinds[j] == "data" and counts[j] > 1:
                row_norm = [glossary.normalise_header(cell_text(cols[c][j]))
                            for c in range(min(width, len(norm_header)))]
                if row_norm == norm_header[:len(row_norm)]:
                    kinds[j] = "header"
                    reasons[j] = "Wiederholte Kopfzeile"


def _mark_after_total(kinds: list[str], reasons: list[str], cols: list, counts: np.ndarray) -> None:
    """After the grand total: rows of one or two text cells are footnotes (a total on top is followed by
    data, which in a CSV is text as well)."""
    n, width = len(kinds), len(cols)
    if "sum" not in kinds:
        return
    last_sum = n - 1 - kinds[::-1].index("sum")
    for j in range(last_sum + 1, n):
        if kinds[j] == "data" and counts[j] <= 2 and all(type(cols[c][j]) is str or cols[c][j] in ("", None) for c in range(width)):
            s = " ".join(str(cols[c][j]).strip() for c in range(width) if cols[c][j] not in ("", None))
            kinds[j] = "note"
            reasons[j] = f"Fußnote/Anmerkung („{s[:60]}“)"


def column_texts(cols: list) -> _ColumnTexts:
    """Each column's cells as a list (and joined texts), built on first use and then shared: the pipeline
    hands one to the personal-data screen, the row classification and the column parsers."""
    return _ColumnTexts(cols)


def classify_rows(cols: list[list], n: int, table_cols: list[ColumnInfo], header_texts: list[list[str]],
                  label_cols: list[int], counts: np.ndarray | None = None,
                  texts: _ColumnTexts | None = None) -> tuple[list[str], list[str]]:
    """(kind per data row, reason per data row); kinds: data, empty, sum, subtotal, avg, note, header, end.
    `texts`: the columns' lists when the caller has them already (`column_texts`)."""
    if counts is None:
        counts = np.zeros(n, dtype=np.int32)
        for c in range(len(cols)):
            a = np.asarray(cols[c], dtype=object)
            counts += ((a != "") & np.not_equal(a, None)).astype(np.int32)
    kinds = ["data"] * n
    reasons = [""] * n
    for j in np.flatnonzero(counts == 0):
        kinds[j] = "empty"
        reasons[j] = "Leerzeile"
    if texts is None:
        texts = _ColumnTexts(cols)
    _mark_labels(kinds, reasons, texts, label_cols)
    _mark_page_breaks(kinds, reasons, cols, counts)
    _mark_single_cell_rows(kinds, reasons, cols, counts)
    _mark_repeated_headers(kinds, reasons, texts, counts, header_texts)
    key_cols = [c.index for c in table_cols if c.field in _KEY_FIELDS and c.index < len(cols)]
    _resolve_groups(kinds, reasons, counts, cols, key_cols)
    _mark_after_total(kinds, reasons, cols, counts)
    # trailing empty rows are the end of the sheet, not skipped rows
    for j in range(n - 1, -1, -1):
        if kinds[j] == "empty":
            kinds[j] = "end"
        else:
            break
    return kinds, reasons


def _row_list(rows: list[int]) -> str:
    shown = ", ".join(str(r) for r in rows[:30])
    return shown + (f" … (insgesamt {len(rows)})" if len(rows) > 30 else "")


def mark_hidden(t: TableReport, kinds: list[str], reasons: list[str], hidden_rows: list[int], first_data_row: int,
                include: bool) -> None:
    """Data rows hidden in Excel/LibreOffice: left out as skipped rows (default: deleted records often stay
    as hidden rows, and what the officer sees is what is imported) or, with `include`, kept; either way
    one warning lists them."""
    rows = [r for r in hidden_rows if 0 <= r - first_data_row < len(kinds) and kinds[r - first_data_row] == "data"]
    if not rows:
        return
    if include:
        t.add(Issue("hidden_rows", f"{len(rows)} ausgeblendete Zeile(n) wurden einbezogen: Zeilen {_row_list(rows)}.",
                    severity="warning"))
        return
    for r in rows:
        kinds[r - first_data_row] = "hidden"
        reasons[r - first_data_row] = "Zeile ist in der Datei ausgeblendet"
    t.add(Issue("hidden_rows", f"{len(rows)} ausgeblendete Zeile(n) nicht übernommen (oft gelöschte Einträge): "
                               f"Zeilen {_row_list(rows)}. Sollen sie mitgelesen werden, „ausgeblendete Zeilen "
                               "einbeziehen“ wählen.", severity="warning"))


# --- tables below each other and group titles (read before / with the row kinds) ----------------------------
_GROUP_TITLE = re.compile(r"^\s*(?P<label>[^\W\d][^:]{0,40}?)\s*:\s*(?P<value>\S.*?)\s*$")
GROUP_REASON = "aus den Gruppenüberschriften"


def group_titles(m: HeaderMatch, cols: list[np.ndarray], counts: np.ndarray) -> dict[int, str]:
    """A list grouped by a field without a column: a one-cell row "<header of the field>: <value>" ("Unterkunft:
    GU Asternweg", "Stadtteil: Betzenberg") before each group. Each such field becomes a column of its own (the
    value for every row up to the next title of that field, appended to `cols` and `m.columns`). Returns the rows
    to skip with their reasons: the titles, and one-cell lines of words and a number inside the groups (the
    group's count, "Anzahl Personen: 2"). Only one-cell rows are looked at."""
    single = np.flatnonzero(counts == 1).tolist()
    if not single:
        return {}
    mapped = {c.field for c in m.columns if c.field}
    width = len(cols)
    titles: dict[str, list[tuple[int, str, str]]] = {}
    texts: dict[int, str] = {}
    ranked: dict[str, tuple] = {}
    for j in single:
        v = next((cols[c][j] for c in range(width) if cols[c][j] not in ("", None)), None)
        if type(v) is not str or not v.strip():
            continue
        texts[j] = v.strip()
        mt = _GROUP_TITLE.match(v)
        if not mt:
            continue
        label = mt.group("label")
        if label not in ranked:
            ranked[label] = rank(label, m.dataset)
        best = ranked[label][0] if ranked[label] else None
        if best is not None and best.score >= CONFIRM and best.field not in mapped:
            titles.setdefault(best.field, []).append((j, label, mt.group("value")))
    n = len(counts)
    for fld, found in list(titles.items()):  # a title heads rows: one with rows of several cells below it
        ends = [j for j, _, _ in found[1:]] + [n]
        found = [x for x, end in zip(found, ends) if bool((counts[x[0] + 1:end] > 1).any())]
        if found:
            titles[fld] = found
        else:
            del titles[fld]
    if not titles:
        return {}
    skip: dict[int, str] = {}
    for fld, found in titles.items():
        values = np.full(n, "", dtype=object)
        for k, (j, label, value) in enumerate(found):
            end = found[k + 1][0] if k + 1 < len(found) else n
            values[j + 1:end] = value
            skip[j] = f"Gruppenüberschrift („{texts[j][:60]}“): gilt für die folgenden Zeilen"
        label = found[0][1]
        cols.append(values)
        score = ranked[label][0].score
        m.columns.append(ColumnInfo(index=len(cols) - 1, header=f"{label} (Gruppenüberschriften)", raw=label,
                                    field=fld, score=score, by="header",
                                    reason=f"{GROUP_REASON} („{texts[found[0][0]][:40]}“ …)"))
    first = min(j for found in titles.values() for j, _, _ in found)
    for j, text in texts.items():
        if j > first and j not in skip and " " in text and any(ch.isdigit() for ch in text):
            skip[j] = f"Gruppenzeile („{text[:60]}“)"
    return skip


def _empty(v: object) -> bool:
    return v is None or (isinstance(v, str) and not v.strip())


def _blank_row(r: list) -> bool:
    return all(_empty(v) for v in r)


STACKED_MAX_CANDIDATES = 200  # distinct header-like rows looked at per sheet (a sheet of text rows between blanks)


def stacked_tables(rows: list[list]) -> list[int]:
    """Rows (0-based) where another table starts below a first one on the same sheet: after an empty row (and
    maybe a one-cell title row) a row of headers of a known dataset (two fields or more, one of them required;
    text only) with data rows above it since the last start. A header equal to a row above is the same table
    continuing (a printed report's page break). Cost: one pass over the first cells; header ranking only for
    text rows right after an empty row."""
    n = len(rows)
    # rows whose first cell is empty – the only ones that can be empty – found at C speed, then checked whole
    try:
        firsts = list(map(operator.itemgetter(0), rows))
    except IndexError:  # a row without cells (text files)
        firsts = [r[0] if r else None for r in rows]
    # falsy first cells ("", None, and 0 – which _blank_row then turns down): a C-level pass
    blank = [i for i in compress(range(n), map(operator.not_, firsts)) if _blank_row(rows[i])]
    if not blank:
        return []
    blank_set = set(blank)
    starts: list[int] = []
    seen: dict[tuple, bool] = {}
    last = 0
    for b in blank:
        if b + 1 >= n or b + 1 in blank_set:
            continue
        h = b + 1
        texts = [cell_text(v) for v in rows[h]]
        filled = [t for t in texts if t]
        title = None
        if len(filled) == 1 and h + 1 < n and h + 1 not in blank_set:  # a title row over the header
            title, h = b + 1, h + 1
            texts = [cell_text(v) for v in rows[h]]
        key = tuple(texts)
        if key not in seen:
            if len(seen) >= STACKED_MAX_CANDIDATES:
                break
            seen[key] = (sum(1 for t in texts if t) >= 2
                         and not any(header_mod._DATA_LIKE.fullmatch(t) for t in texts if t)
                         and bool(header_mod._row_candidates([texts], list(glossary.DATASET_KEYS), False, None)))
        if not seen[key]:
            continue
        if not _has_table(rows, last, b):
            continue  # no table above yet (title rows only): this is the first table's header
        first = rows[h][0] if rows[h] else None
        if any([cell_text(v) for v in r] == texts for r in rows[:b] if r and r[0] == first):
            continue  # the header again: the same table continues
        start = title if title is not None else h
        starts.append(start)
        last = start
    return starts


def _has_table(rows: list[list], lo: int, hi: int) -> bool:
    """Rows lo..hi hold a table: a header and a data row (two rows of two cells or more), not only titles."""
    full = 0
    for r in rows[lo:hi]:
        if sum(1 for v in r if not _empty(v)) >= 2:
            full += 1
            if full >= 2:
                return True
    return False
