"""The council exports' bytes in the cross-view adversary's system (issue 15).

``read_export_bytes`` builds the council report of a Stand as the Bericht page offers it for
download (PowerPoint, Excel, offline HTML), reads every number out of the bytes
(:mod:`tests.audit.export_readers`) and puts it into the :class:`CrossReader`:

1. Numbers that are provably not counts are left out **by kind**: dates and years, percentages
   (shares the auditor treats as relations; the rounding channel reads them from the screens),
   money, durations, units and distances, non-integers (means, demand), the threshold rule and the
   length-of-stay band names, slide numbers and the table of contents.
2. Every count is mapped **by name** to the Ratsfassung (:mod:`tests.audit.named_map`): its table or
   chart, row and column labels (or the sentence around it) name a cell of the Stand's Ratsfassung,
   a change between the two Stände, a figure derived from named cells, or a kind that counts no
   persons (places, sites, map classes, scenario results). A named cell must be published and the
   number must equal it; a number shown for a hidden cell is a leak (it also enters the auditor's
   system as that cell, so the auditor recomputes what it gives away); a number equal to its cell's
   value only by chance is not accepted: the name decides, the value is only checked against it.
3. A number whose names lead to no cell and no kind is "Nicht zugeordnet" (a possible leak), and
   the test fails with its place in the file. No number is accepted because the same value is
   published somewhere else.
4. Map colours: every district's fill must be a colour of the map's legend (colour = class); a fill
   outside the legend is a shade that may encode a count, and fails the test.
"""

from __future__ import annotations

import dataclasses
import functools
import re

from ankunft import disclosure
from ankunft.core import geo, reference
from ankunft.export import html as export_html
from ankunft.export import pptx as export_pptx
from ankunft.export import xlsx as export_xlsx
from ankunft.indicators import stays as stays_mod
from ankunft.views import overview_view as ov
from ankunft.views import report_view
from tests.audit import export_readers as er
from tests.audit import named_map as nm
from tests.audit import test_cross_view as cv
from tests.audit.test_council_audit import FOCUS

MARKERS = {disclosure.DEFAULT.marker, disclosure.HIDDEN_MARKER, "≤2", "<5", "•"}
STANDS = ("current", "earlier")
BYTES_KINDS = ("demo", "small", "flows")  # demo, small numbers, recent small moves (issue 15, "Must show")

# --- kinds of numbers that are not counts --------------------------------------------------------
DATE = re.compile(r"\d{1,2}\.\d{1,2}\.\d{4}|\d{4}-\d{2}-\d{2}")
AFTER_UNIT = re.compile(r"^\s?(%|€|Prozent|Monat|Monate|Monaten|Tag|Tage|Tagen|Jahr|Jahre|Jahren|m²|m\b|km|Min|"
                        r"Einw|Plätze je|Std|bis \d|–\d)")  # "6 bis 9 Jahren", "6–9": a range of ages or years
BEFORE_RULE = re.compile(r"(?:(?<!\w)(?:Folie|Nr\.|je|von 1 bis|Kleine Fallzahlen \(|\(1–|binnen|ab|mindestens|über|unter|bis"
                         r"|Kita-Jahr|Stand|Stände|Stichtag|Kind|Kinder)|–|…)\s*$")  # "… 8 weitere": rows of a cut table
RULE_CONTEXT = re.compile(r"Kleine Fallzahlen|Personenzahlen von|Warnschwelle|Fallzahlen \(1")
COL_UNIT = re.compile(r"Tage|Monate|Anteil|Auslastung|Quote|Versorgung|Wahrsch|Folie|Nr\.|Kosten|€|%|m²|Frist")
DISTRICT_NAMES = {d.id: (d.name,) for d in reference.DISTRICTS}
FORMAT_UNIT = re.compile(r"%|€|yy|dd|mm|Tage|m²")


def kind_of(n: er.Num) -> str:
    """'count' unless the number is provably something else (see the module docstring)."""
    if n.value is None:
        return "marker"
    if not float(n.value).is_integer() or re.search(r"\d,\d", n.text):  # "0,00": a rate, never a count
        return "decimal"
    if n.context.startswith("fmt:"):
        if FORMAT_UNIT.search(n.context[4:]):
            return "unit"
    else:
        if n.line and n.at >= 0:  # where the number stands, not the first equal text around it
            before, after = n.line[max(0, n.at - 24):n.at], n.line[n.at + len(n.text):n.at + len(n.text) + 24]
        else:
            pos = n.context.find(n.text)
            before, after = (n.context[:pos], n.context[pos + len(n.text):]) if pos >= 0 else ("", "")
        if DATE.search(n.context) and re.search(r"\d[.]\s*$|^[.]\d", before[-3:] + "|" + after[:2]):
            return "date"
        if after.startswith(".") and re.match(r"^\.\d", after) or before.endswith(".") and before[-2:-1].isdigit():
            return "date"
        if AFTER_UNIT.match(after) or BEFORE_RULE.search(before) or RULE_CONTEXT.search(n.context):
            return "unit"
        if "." not in n.text and 1990 <= n.value <= 2100:
            return "year"
        if any(after.startswith(" " + name.split("/")[0].split(" ")[0]) for name in DISTRICT_NAMES.get(n.text, ())):
            return "label"  # "01 Innenstadt-Ost", "Bezirk 09 Kaiserslautern-West": a district's number
        if n.row == n.text or re.match(r"^\d{2}(\s|$)", n.row) and n.row.startswith(n.text) and n.col == "":
            return "label"
    if COL_UNIT.search(n.col) or n.part in ("legend-title",) or n.row in ("Foliennummer",):
        return "unit"
    if any(n.col == b or n.row == b for b in stays_mod.BANDS) and n.part == "chart-category":
        return "label"
    return "count"


# --- the exports ---------------------------------------------------------------------------------------
@functools.cache
def exports(kind: str, stand: str = "current"):
    """The council report of a Stand and its three downloads, built once per data kind and Stand."""
    state, previous = cv.states(kind)
    if stand == "earlier":
        state, previous = previous, None
    report = report_view.build_report(
        state, previous, sections=list(report_view.SECTION_KEYS), council=True, focus_ids=FOCUS,
        district_geojson=geo.load_districts_geojson(), history=[previous] if previous is not None else None)
    files = {"pptx": export_pptx.build(report), "xlsx": export_xlsx.build(report), "html": export_html.build(report)}
    return report, files


def read_files(files: dict) -> list[er.Num]:
    return er.read_pptx(files["pptx"]) + er.read_xlsx(files["xlsx"]) + er.read_html(files["html"])


# --- entities: what a row label names ---------------------------------------------------------------------
def entities(state) -> dict[str, set]:
    """Row label -> the tokens of the system's keys it names (accommodation key, district id and
    label, the city total). Labels a reader sees: names, "01 Innenstadt-Ost", "01", "Gesamt"."""
    table = ov.ov_mod.inputs(state, None).table
    out: dict[str, set] = {}
    for key, name in zip(table["key"], table["name"]):
        out.setdefault(er.norm_label(name), set()).add(key)
    for label in ("Gesamt", "Insgesamt", "Stadt", "Summe", disclosure.TOTAL):
        out.setdefault(label, set()).update({disclosure.TOTAL, "total"})
    return out


def tokens_of(label: str, known: dict[str, set]) -> set:
    label = er.norm_label(label)
    tokens = set(known.get(label, set()))
    m = re.match(r"^(\d{2})(?:\s|$)", label)
    if m:
        tokens |= {m.group(1), label}
    elif label:
        tokens.add(label)
    return tokens


# --- the bytes in the system -------------------------------------------------------------------------------
@dataclasses.dataclass
class BytesResult:
    """What the bytes of one Stand's exports gave: counts read, mapped, left out by kind, and the
    problems (leaks, unmapped numbers, map colours outside the legend)."""

    stand: str
    read: int = 0
    mapped: int = 0
    parts: set = dataclasses.field(default_factory=set)  # (format, part) of every item read
    how: dict = dataclasses.field(default_factory=dict)  # how the counts were mapped (label, value, report)
    kinds: dict = dataclasses.field(default_factory=dict)
    leaks: list = dataclasses.field(default_factory=list)
    unmapped: list = dataclasses.field(default_factory=list)
    mismatch: list = dataclasses.field(default_factory=list)  # (number, why): named, but not that cell's value
    colours: list = dataclasses.field(default_factory=list)

    def problems(self) -> list[str]:
        out = [f"Leck: {where(n)} zeigt {n.text!r} für die verborgene Zelle {key} "
               f"(wahr {'unbekannt' if true is None else cv.base.fmtv(true)})" for n, key, true in self.leaks]
        out += [f"Nicht zugeordnet (mögliches Leck): {where(n)}: {n.text!r} ({(n.line or n.context)[:120]!r})"
                for n in self.unmapped]
        out += [f"Falsch zugeordnet: {where(n)}: {why}" for n, why in self.mismatch]
        out += [f"Kartenfarbe außerhalb der Legende: {n.fmt} {n.place!r} {n.row!r} {n.text!r} (Legende {legend})"
                for n, legend in self.colours]
        return out


def where(n: er.Num) -> str:
    """Where a number stands, as the officer would look for it: file, slide/sheet, part, row, column."""
    return f"{n.fmt} {n.place!r} {n.part} Zeile {n.row!r} Spalte {n.col!r}"


def _hidden(shown) -> bool:
    return shown is None or shown in MARKERS


def _index(r: cv.CrossReader, stand: str) -> dict:
    """token -> keys of the system for the Stand (the earlier Stand's cells carry ``prev:``)."""
    out: dict = {}
    for key in r.cells:
        head = str(key[0])
        if (stand == "earlier") != head.startswith("prev:"):
            continue
        for i, part in enumerate(key):
            token = str(part)[len("prev:"):] if i == 0 and head.startswith("prev:") else part
            if isinstance(token, str):
                out.setdefault(token, []).append(key)
    return out


def _colour(text: str) -> str:
    return text.strip().lstrip("#").upper()


def check_colours(nums: list[er.Num], res: BytesResult) -> None:
    legends: dict = {}
    for n in nums:
        if n.part == "legend":
            legends.setdefault((n.fmt, n.place), set()).add(_colour(n.text))
    for n in nums:
        if n.part == "map":
            legend = legends.get((n.fmt, n.place), set())
            if _colour(n.text) not in legend:
                res.colours.append((n, sorted(legend)))


def leak_into_system(n: er.Num, r: cv.CrossReader, index: dict, known: dict) -> None:
    """A number shown for a hidden cell enters the auditor's system as that cell (found by its row and
    column labels), so that the auditor recomputes what it gives away together with everything else."""
    cands = {k for t in tokens_of(n.row, known) for k in index.get(t, [])}
    col = er.norm_label(n.col)
    cands = {k for k in cands if col in k} or cands
    hidden = sorted((k for k in cands if _hidden(r.cells[k]) and r.truth.get(k) == n.value), key=str)
    if hidden:
        r.add(hidden[0], cv.fmt.integer(n.value), r.truth[hidden[0]])


@functools.cache
def catalogue(kind: str, stand: str = "current") -> nm.Catalogue:
    """The Ratsfassung the Stand's council exports render, with the names that lead to its cells."""
    state, previous = cv.states(kind)
    if stand == "earlier":
        state, previous = previous, None
    return nm.Catalogue(state, previous, FOCUS)


def place_number(n: er.Num, cat: nm.Catalogue, res: BytesResult, leak) -> None:
    """One count, by name (:mod:`tests.audit.named_map`): a cell of the Ratsfassung whose published value
    it must equal, a change, a figure derived from published cells, or a named kind that counts no persons."""
    named = nm.name_of(n, cat)
    verdict = nm.check(n, named, cat)
    if verdict.ok:
        res.mapped += 1
        how = named.how if named.how != "other" else verdict.what.split(":")[0]
        res.how[how] = res.how.get(how, 0) + 1
        return
    if named is None:
        res.unmapped.append(n)
    elif verdict.hidden is not None:
        true = cat.truth(verdict.hidden)
        res.leaks.append((n, verdict.hidden, true))
        leak(n)
    else:
        res.mismatch.append((n, verdict.what))


def read_export_bytes(kind: str, r: cv.CrossReader, stand: str = "current", files=None) -> BytesResult:
    """Every number of the Stand's council exports, checked by name (see the module docstring)."""
    _, built = exports(kind, stand)
    files = files or built
    state = cv.states(kind)[0 if stand == "current" else 1]
    nums = read_files(files)
    index, known = _index(r, stand), entities(state)
    cat = catalogue(kind, stand)
    res = BytesResult(stand)
    check_colours(nums, res)
    for n in nums:
        res.parts.add((n.fmt, n.part))
        kind_ = kind_of(n)
        res.kinds[kind_] = res.kinds.get(kind_, 0) + 1
        if kind_ != "count":
            continue
        res.read += 1
        place_number(n, cat, res, lambda n: leak_into_system(n, r, index, known))
    return res
