"""Row classification of one table: data rows vs. empty, sum/subtotal/average, note and repeated header rows.

`classify_rows` gives a kind and a German reason per data row; the pipeline keeps the "data" rows
and reports the others as skipped rows ("end": trailing empty rows, not reported).
"""

from __future__ import annotations

import re

import numpy as np

from ankunft.core import glossary
from ankunft.importing.io.header import ColumnInfo, cell_text

# "Stadt insgesamt", "Kaiserslautern gesamt", "Gesamtstadt": the city's own total rows
_CITY_TOTAL = r"gesamtstadt|(?:stadt|stadtgebiet|kaiserslautern)\s+(?:insgesamt|gesamt)"
_SUM_RE = re.compile(r"^\s*(summe|gesamt|insgesamt|gesamtsumme|endsumme|total|zusammen|σ|∑|alle|" + _CITY_TOTAL
                     + r")\b.{0,60}$",
                     re.IGNORECASE)
_SUBTOTAL_RE = re.compile(r"^\s*(zwischensumme|teilsumme|summe\s+\S+|gesamt\s+\S+)", re.IGNORECASE)
_AVG_RE = re.compile(r"^\s*(durchschnitt|mittelwert|mittel|schnitt|ø|⌀|average)\b", re.IGNORECASE)
_LABEL_QUICK = re.compile(r"\s*(" + _CITY_TOTAL + r"|summe|gesamt|insgesamt|endsumme|total|zusammen|σ|∑|alle|"
                          r"zwischensumme|teilsumme|"
                          r"durchschnitt|mittel|schnitt|ø|⌀|average)", re.IGNORECASE)
LABEL_LINE = re.compile(r"^([ \t]*(?:" + _CITY_TOTAL + r"|summe|gesamt|insgesamt|endsumme|total|zusammen|σ|∑|alle|"
                        r"zwischensumme|"
                        r"teilsumme|durchschnitt|mittel|schnitt|ø|⌀|average).*)$", re.IGNORECASE | re.MULTILINE)
_NOTE_RE = re.compile(r"^\s*([*¹²³⁴⁵⁶⁷⁸⁹†]|\d\)|\(\d\)|quelle|anm\.|anmerkung|hinweis|fußnote|fussnote|erläuterung|"
                      r"legende|stand\b|datenstand|stichtag|daten:|erstellt|vorläufig|ohne gewähr)", re.IGNORECASE)
# Every match of LABEL_LINE in ASCII text contains one of these (lower case).
LABEL_WORDS = ("summe", "gesamt", "total", "zusammen", "alle", "mittel", "schnitt", "average")
_LABEL_REASONS = {"sum": "Summenzeile", "subtotal": "Zwischensumme", "avg": "Durchschnittszeile"}


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


class _ColumnTexts:
    """The cells of each column as a Python list and as joined one-line texts, each built once."""

    def __init__(self, cols: list) -> None:
        self.cols = cols
        self._lists: dict[int, list] = {}
        self._joined: dict[int, str] = {}

    def as_list(self, c: int) -> list:
        if c not in self._lists:
            self._lists[c] = self.cols[c].tolist()
        return self._lists[c]

    def joined(self, c: int) -> str:
        """The one-line texts of a column, one per line (for C-level scans).

        A column of only ASCII text is joined as it is (one C call, pre-filtered by
        `lines_matching`); a value with a line break then spans several lines, but only whole
        values are compared with the matched lines. Otherwise the distinct one-line texts.
        """
        if c not in self._joined:
            lst = self.as_list(c)
            try:
                text = "\n".join(lst)
            except TypeError:
                text = None
            if text is None or not text.isascii():
                text = "\n".join(u for u in set(lst) if type(u) is str and u and "\n" not in u)
            self._joined[c] = text
        return self._joined[c]


def _label_kind(s: str, cache: dict[str, str | None]) -> str | None:
    """"sum", "subtotal", "avg" or None for a label text (cached per text)."""
    if not _LABEL_QUICK.match(s):
        return None
    if s not in cache:
        k = None
        if _AVG_RE.match(s):
            k = "avg"
        elif _SUBTOTAL_RE.match(s) and not _SUM_RE.match(s.split()[0] if s.split() else s):
            k = "subtotal"
        elif _SUM_RE.match(s):
            k = "sum"
        cache[s] = k
    return cache[s]


def _mark_labels(kinds: list[str], reasons: list[str], texts: _ColumnTexts, label_cols: list[int]) -> None:
    """Sum, subtotal and average rows, by the label in one of the label columns."""
    cache: dict[str, str | None] = {}
    for c in label_cols:
        col = texts.as_list(c)
        # one C-level scan over the texts instead of a regex call per text
        lines = lines_matching(LABEL_LINE, texts.joined(c), LABEL_WORDS)
        hits = {u for u in lines if _label_kind(u.strip(), cache)}
        if not hits:
            continue
        for j in [j for j, v in enumerate(col) if v in hits]:
            v = col[j]
            if kinds[j] == "data":
                k = _label_kind(v.strip(), cache)
                kinds[j] = k
                reasons[j] = f"{_LABEL_REASONS[k]} („{v.strip()[:60]}“)"


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


def _mark_after_total(kinds: list[str], reasons: list[str], cols: list) -> None:
    """After the grand total: anything that is only text is a footnote."""
    n, width = len(kinds), len(cols)
    sums = [j for j in range(n) if kinds[j] == "sum"]
    if not sums:
        return
    for j in range(sums[-1] + 1, n):
        if kinds[j] == "data" and all(type(cols[c][j]) is str or cols[c][j] in ("", None) for c in range(width)):
            s = " ".join(str(cols[c][j]).strip() for c in range(width) if cols[c][j] not in ("", None))
            kinds[j] = "note"
            reasons[j] = f"Fußnote/Anmerkung („{s[:60]}“)"


def classify_rows(cols: list[list], n: int, table_cols: list[ColumnInfo], header_texts: list[list[str]],
                  label_cols: list[int], counts: np.ndarray | None = None) -> tuple[list[str], list[str]]:
    """(kind per data row, reason per data row); kinds: data, empty, sum, subtotal, avg, note, header, end."""
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
    texts = _ColumnTexts(cols)
    _mark_labels(kinds, reasons, texts, label_cols)
    _mark_single_cell_rows(kinds, reasons, cols, counts)
    _mark_repeated_headers(kinds, reasons, texts, counts, header_texts)
    _mark_after_total(kinds, reasons, cols)
    # trailing empty rows are the end of the sheet, not skipped rows
    for j in range(n - 1, -1, -1):
        if kinds[j] == "empty":
            kinds[j] = "end"
        else:
            break
    return kinds, reasons
