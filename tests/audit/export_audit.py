"""The council exports' bytes in the cross-view adversary's system (issue 15).

``read_export_bytes`` builds the council report of a Stand as the Bericht page offers it for
download (PowerPoint, Excel, offline HTML), reads every number out of the bytes
(:mod:`tests.audit.export_readers`) and puts it into the :class:`CrossReader`:

1. Numbers that are provably not counts are left out **by kind**: dates and years, percentages
   (shares the auditor treats as relations; the rounding channel reads them from the screens),
   money, durations, units and distances, non-integers (means, demand), the threshold rule and the
   length-of-stay band names, slide numbers and the table of contents.
2. A number whose row label names something the system knows (an accommodation, a district, a
   defect type, the city total) is matched to that thing's cells: the same number published there
   is the same quantity (nothing new); a number equal to the true value of a cell the system hides
   is a leak — it enters the system linked to the hidden cell, so the auditor recomputes it.
3. Any other number must equal a figure published elsewhere: a known cell of the system, or a
   figure of the report object the export renders (places, sites, costs …). A number that is
   neither is unmapped — a possible leak — and the test fails with its place in the file.
4. Map colours: every district's fill must be a colour of the map's legend (colour = class); a fill
   outside the legend is a shade that may encode a count, and fails the test.
"""

from __future__ import annotations

import dataclasses
import functools
import math
import re

import pandas as pd

from ankunft import disclosure
from ankunft.core import geo, reference
from ankunft.export import html as export_html
from ankunft.export import pptx as export_pptx
from ankunft.export import xlsx as export_xlsx
from ankunft.indicators import stays as stays_mod
from ankunft.views import overview_view as ov
from ankunft.views import report_view
from tests.audit import export_readers as er
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
FORMAT_UNIT = re.compile(r"%|€|yy|dd|mm")


def kind_of(n: er.Num) -> str:
    """'count' unless the number is provably something else (see the module docstring)."""
    if n.value is None:
        return "marker"
    if not float(n.value).is_integer():
        return "decimal"
    if n.context.startswith("fmt:"):
        if FORMAT_UNIT.search(n.context[4:]):
            return "unit"
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


def report_numbers(report) -> set[float]:
    """Every number the report object shows as text or table/chart value (maps only as classes)."""
    out: set[float] = set()

    def walk(obj):
        if isinstance(obj, str):
            out.update(v for _, v, _ in er.numbers_in(obj))
        elif isinstance(obj, bool) or obj is None:
            return
        elif isinstance(obj, (int, float)):
            if not (isinstance(obj, float) and math.isnan(obj)):
                out.add(float(obj))
        elif isinstance(obj, pd.DataFrame):
            for col in obj.columns:
                walk(str(col))
                for v in obj[col].tolist():
                    walk(v)
        elif isinstance(obj, dict):
            for k, v in obj.items():
                walk(k)
                walk(v)
        elif isinstance(obj, (list, tuple)):
            for v in obj:
                walk(v)
        elif type(obj).__name__ == "MapSpec":
            return  # the map shows classes, never its values
        elif dataclasses.is_dataclass(obj):
            for f in dataclasses.fields(obj):
                walk(getattr(obj, f.name))
    walk(report)
    return out


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
    colours: list = dataclasses.field(default_factory=list)

    def problems(self) -> list[str]:
        out = [f"Leck: {n.fmt} {n.place!r} {n.part} Zeile {n.row!r} Spalte {n.col!r} zeigt {n.text!r} = "
               f"verborgene Zelle {key} (wahr {cv.base.fmtv(true)})" for n, key, true in self.leaks]
        out += [f"Nicht zugeordnet (mögliches Leck): {n.fmt} {n.place!r} {n.part} Zeile {n.row!r} Spalte "
                f"{n.col!r}: {n.text!r} ({n.context!r})" for n in self.unmapped]
        out += [f"Kartenfarbe außerhalb der Legende: {n.fmt} {n.place!r} {n.row!r} {n.text!r} (Legende {legend})"
                for n, legend in self.colours]
        return out


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


def place_number(n: er.Num, r: cv.CrossReader, index: dict, known: dict, published: tuple[set, set, dict],
                 res: BytesResult) -> None:
    """Steps 2 and 3 of the module docstring for one count."""
    cands = {k for t in tokens_of(n.row, known) for k in index.get(t, [])}
    col = er.norm_label(n.col)
    narrowed = {k for k in cands if col in k}
    cands = narrowed or cands
    shown_known = {k for k in cands if not _hidden(r.cells[k])
                   and disclosure.parse_published(r.cells[k], signed=k in r.signed) == ("known", n.value)}
    if shown_known:
        res.mapped += 1
        res.how["label"] = res.how.get("label", 0) + 1
        return
    hidden = sorted((k for k in cands if _hidden(r.cells[k]) and r.truth.get(k) == n.value), key=str)
    if hidden:
        res.leaks.append((n, hidden[0], r.truth[hidden[0]]))
        r.add(hidden[0], cv.fmt.integer(n.value), r.truth[hidden[0]])  # the auditor sees it too
        return
    system, report, hidden_by_value = published
    if not cands and n.value not in system and n.value > float(disclosure.DEFAULT.threshold):
        # no label to go by: a number equal to a hidden cell's true value and to no published cell
        # of the system is taken as that cell (outside the small range, where 1s and 2s abound)
        hidden = sorted(hidden_by_value.get(n.value, ()), key=str)
        if hidden:
            res.leaks.append((n, hidden[0], n.value))
            return
    if n.value in system or n.value in report:
        res.mapped += 1
        how = "value" if n.value in system else "report"
        res.how[how] = res.how.get(how, 0) + 1
        return
    res.unmapped.append(n)


def known_values(r: cv.CrossReader) -> set[float]:
    """The values of the system's published (known) cells."""
    out = set()
    for k, s in r.cells.items():
        kind, value = disclosure.parse_published(s, signed=k in r.signed) if not _hidden(s) else ("hidden", None)
        if kind == "known":
            out.add(float(value))
    return out


def read_export_bytes(kind: str, r: cv.CrossReader, stand: str = "current", files=None) -> BytesResult:
    """Every number of the Stand's council exports into ``r`` (see the module docstring)."""
    report, built = exports(kind, stand)
    files = files or built
    state = cv.states(kind)[0 if stand == "current" else 1]
    nums = read_files(files)
    index = _index(r, stand)
    known = entities(state)
    in_report = report_numbers(report)
    in_report |= {float(math.floor(v + 0.5)) for v in in_report if not v.is_integer()}  # shown rounded
    hidden_by_value: dict = {}
    for k, v in r.cells.items():
        if _hidden(v) and k in r.truth:
            hidden_by_value.setdefault(r.truth[k], []).append(k)
    published = (known_values(r), in_report, hidden_by_value)
    res = BytesResult(stand)
    check_colours(nums, res)
    for n in nums:
        res.parts.add((n.fmt, n.part))
        kind_ = kind_of(n)
        res.kinds[kind_] = res.kinds.get(kind_, 0) + 1
        if kind_ != "count":
            continue
        res.read += 1
        place_number(n, r, index, known, published, res)
    return res
