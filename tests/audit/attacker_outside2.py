"""A second outside attacker (issue 15, round 2): reads every council artefact a council member can hold –
the Excel workbook (openpyxl), the PowerPoint deck (python-pptx: text, tables and each native chart's
*embedded workbook*) and the HTML report (its text, tables and the plotly figures' data) – and tries to
recover a true count of 1 or 2 (or narrow a "•") from them. Like the first round
(``outside_attacker.py``) it never calls ``ankunft.disclosure`` nor reads a product table: only the bytes of
the published files, the protection rule said on the cover ("≤2" is 1–2, "•" at least 1, a published 0 is
a true 0) and what a reader knows (the focus area's districts, which each report names).

What it tries beyond the first round:

1. **formats against each other**: one figure (same chart series and category, same table row and
   column) published as a number in one format and as a marker in another gives it away at once; two
   numbers that differ are reported too (:func:`cross_format`);
2. **chart workbooks**: a native chart in the deck carries its data in an embedded xlsx – a value left
   out of the drawn bar but kept in that workbook is read like any other cell;
3. **shares next to counts**: the site table's "Auslastung" (Excel: full precision) with its "Plätze" is
   the occupancy; the Kennzahlen' city "Auslastung" with the city's places is the city total (kept to
   the decimals the file shows);
4. **findings**: the "Menschen" of a finding that names one accommodation is that site's occupancy (one
   unknown with the site table's cell); an overcrowding finding says occupancy ≥ places + 1;
5. **several reports of the same Stand** (the district filter, another focus area) and **both Stände**:
   the same quantity in several files is one unknown (the first round's rule 5), the Entwicklung and
   Kennzahlen tie the two Stände (rule 6).

Bounds are propagated by :class:`outside_attacker.Attack` (interval arithmetic to a fixed point), whose
test of "pinned" is the rule's: a small count keeps its whole range 1–threshold, any other "•" two values.
"""

from __future__ import annotations

import dataclasses
import html as html_lib
import io
import json
import math
import re
from html.parser import HTMLParser

import openpyxl
from pptx import Presentation

from tests.audit import outside_attacker as oa

HIDDEN = oa.HIDDEN
MARKER_SUFFIX = re.compile(r"\s*\((≤2|<5|•)\)$")  # a chart category with hidden values: "Name (≤2)"
DISTRICT_ID = re.compile(r"^(\d{2})\b")
UNIT = r"\s*(%|Mio\. €|€|Tage|m²)?$"
GERMAN_NUMBER = re.compile(r"^[−-]?\d{1,3}(\.\d{3})*(,\d+)?" + UNIT + r"|^[−-]?\d+(,\d+)?" + UNIT)


# --- values as a reader reads them -----------------------------------------------------------------
def read_text(text) -> object:
    """A cell's text as a reader reads it: a German number ("1.234,5", "37 %") → float (a share as a
    fraction), a marker stays the marker, anything else None."""
    if text is None:
        return None
    if isinstance(text, bool):
        return None
    if isinstance(text, (int, float)):
        return None if isinstance(text, float) and math.isnan(text) else float(text)
    s = str(text).replace("\xa0", " ").strip()
    if s in HIDDEN:
        return s
    if not GERMAN_NUMBER.match(s):
        return None
    scale = 0.01 if s.endswith("%") else 1e6 if s.endswith("Mio. €") else 1.0
    s = re.sub(UNIT, "", s).replace(".", "").replace(",", ".").replace("−", "-")
    try:
        v = float(s)
    except ValueError:
        return None
    return v * scale


def decimals_of(value: float) -> int:
    """How many decimals a stored float carries (0.014 and 0.040999999999999995 → 3): the reader's guess
    of its rounding."""
    return next((d for d in range(13) if abs(value - round(value, d)) < 1e-12), 12)


def category_key(label) -> tuple[str, str | None]:
    """A chart category as the same key in every format: the marker suffix off (returned apart), a
    district category ("03 Innenstadt West", "03") as its id."""
    s = str(label).strip()
    marker = None
    m = MARKER_SUFFIX.search(s)
    if m:
        marker, s = m.group(1), s[:m.start()]
    d = DISTRICT_ID.match(s)
    if d and (len(s) == 2 or s[2] == " "):
        s = d.group(1)
    return s, marker


@dataclasses.dataclass
class Fact:
    """One published figure: where (format, place), under which key, what it reads."""

    fmt: str
    key: tuple  # ("chart", series, category) or ("table", column, row label)
    value: object  # float or marker
    where: str


# --- the three formats ----------------------------------------------------------------------------
def _header_at(rows: list[list]) -> int | None:
    for i, r in enumerate(rows):
        cells = [c for c in r if c is not None]
        if len(cells) >= 2 and all(isinstance(c, str) for c in cells) and r[0] is not None \
                and i + 1 < len(rows) and rows[i + 1] and rows[i + 1][0] is not None:
            return i
    return None


def xlsx_facts(data: bytes, name: str = "Excel") -> list[Fact]:
    """Every table of the workbook: chart sheets ("Kategorie" header) as chart facts, the others as
    table facts (column, row label)."""
    wb = openpyxl.load_workbook(io.BytesIO(data), data_only=True)
    out = []
    for ws in wb.worksheets:
        rows = [[c.value for c in r] for r in ws.iter_rows()]
        at = _header_at(rows)
        if at is None:
            continue
        header = [str(h) if h is not None else "" for h in rows[at]]
        chart = header[0] == "Kategorie"
        for r in rows[at + 1:]:
            if not r or r[0] is None:
                continue
            label = r[0].strftime("%d.%m.%Y") if hasattr(r[0], "strftime") else str(r[0])
            for col, v in zip(header[1:], r[1:]):
                val = read_text(v)
                if val is None or not col:
                    continue
                if chart:
                    cat, _ = category_key(label)
                    key = ("chart", re.sub(r" \(\d+\)$", "", col), cat)
                else:
                    key = ("table", col, f"{label} / {r[1]}" if header[1] == "Kennzahl" and header[0] != "Kennzahl" else label)
                out.append(Fact("xlsx", key, val, f"{name}, Blatt {ws.title!r}, Zeile {label!r}, Spalte {col!r}"))
    return out


def chart_workbook_rows(chart) -> list[tuple]:
    """The rows of a native chart's embedded workbook (what PowerPoint's "Daten bearbeiten" opens)."""
    blob = chart.part.chart_workbook.xlsx_part.blob
    wb = openpyxl.load_workbook(io.BytesIO(blob), data_only=True)
    return [tuple(c.value for c in r) for r in wb.worksheets[0].iter_rows()]


def pptx_facts(data: bytes, name: str = "Foliensatz") -> list[Fact]:
    """Tables (header row, first column as the row label) and charts: the plotted series and, apart,
    the embedded workbook's cells (a value kept there is published even when no bar shows it)."""
    prs = Presentation(io.BytesIO(data))
    out = []
    for n, slide in enumerate(prs.slides, 1):
        for shape in slide.shapes:
            where = f"{name}, Folie {n}"
            if shape.has_table:
                rows = [[c.text for c in r.cells] for r in shape.table.rows]
                header = rows[0]
                for r in rows[1:]:
                    for col, v in zip(header[1:], r[1:]):
                        val = read_text(v)
                        if val is not None:
                            out.append(Fact("pptx", ("table", col, r[0]), val, f"{where}, Tabelle, {r[0]!r}, {col!r}"))
            if shape.has_chart:
                chart = shape.chart
                plot = chart.plots[0]
                cats = [category_key(c) for c in plot.categories]
                for s in plot.series:
                    for (cat, marker), v in zip(cats, s.values):
                        val = float(v) if v is not None else marker
                        if val is not None:
                            out.append(Fact("pptx", ("chart", s.name, cat), val, f"{where}, Diagramm, {cat!r}, {s.name!r}"))
                rows = chart_workbook_rows(chart)
                header = [str(h) if h is not None else "" for h in rows[0]]
                for r in rows[1:]:
                    cat, marker = category_key(r[0])
                    for col, v in zip(header[1:], r[1:]):
                        val = read_text(v)
                        val = marker if val is None and marker else val
                        if val is not None:
                            out.append(Fact("pptx-wb", ("chart", col, cat), val,
                                            f"{where}, eingebettete Diagrammdaten, {cat!r}, {col!r}"))
    return out


class _Tables(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tables: list[list[list[str]]] = []
        self._cell: list[str] | None = None
        self._row: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self.tables.append([])
        elif tag == "tr" and self.tables:
            self._row = []
        elif tag in ("td", "th") and self._row is not None:
            self._cell = []

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None and self._row is not None:
            self._row.append("".join(self._cell).strip())
            self._cell = None
        elif tag == "tr" and self._row is not None:
            self.tables[-1].append(self._row)
            self._row = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)


def html_figures(text: str) -> list[tuple[str, list[dict]]]:
    """(div id, traces) of every plotly figure in the page."""
    dec = json.JSONDecoder()
    out = []
    for m in re.finditer(r'Plotly\.newPlot\(\s*"([^"]+)",\s*', text):
        data, _ = dec.raw_decode(text, m.end())
        out.append((m.group(1), data))
    return out


def html_facts(text: str, name: str = "HTML") -> list[Fact]:
    """Tables (as the page shows them) and every bar/line trace's data (y, or x of a horizontal bar)."""
    out = []
    p = _Tables()
    p.feed(text)
    for t in p.tables:
        if len(t) < 2:
            continue
        header = t[0]
        for r in t[1:]:
            for col, v in zip(header[1:], r[1:]):
                val = read_text(html_lib.unescape(v))
                if val is not None:
                    out.append(Fact("html", ("table", col, r[0]), val, f"{name}, Tabelle, {r[0]!r}, {col!r}"))
    for div, traces in html_figures(text):
        for tr in traces:
            if tr.get("type") not in ("bar", "scatter") or div.startswith("karte-"):
                continue
            horizontal = tr.get("orientation") == "h"
            cats, vals = (tr.get("y"), tr.get("x")) if horizontal else (tr.get("x"), tr.get("y"))
            if not cats or vals is None or isinstance(vals, dict):
                continue
            for c, v in zip(cats, vals):
                cat, _ = category_key(html_lib.unescape(str(c)))
                if v is not None:
                    out.append(Fact("html", ("chart", html_lib.unescape(str(tr.get("name"))), cat), float(v),
                                    f"{name}, Abbildung {div}, {cat!r}, {tr.get('name')!r}"))
    return out


def texts(xlsx: bytes, pptx: bytes, html: str) -> list[str]:
    """Every line of text a reader sees, in order: each sheet row, each text frame and table row of the
    deck, each text node of the HTML page (scripts apart: their data are :func:`html_facts`)."""
    out = []
    wb = openpyxl.load_workbook(io.BytesIO(xlsx), data_only=True)
    for ws in wb.worksheets:
        for r in ws.iter_rows(values_only=True):
            out.append(f"Excel {ws.title}: " + " | ".join("" if v is None else str(v) for v in r))
    for n, slide in enumerate(Presentation(io.BytesIO(pptx)).slides, 1):
        for shape in slide.shapes:
            if shape.has_text_frame:
                out.append(f"Folie {n}: {shape.text_frame.text}")
            if shape.has_table:
                out += [f"Folie {n}, Tabelle: " + " | ".join(c.text for c in r.cells) for r in shape.table.rows]
    body = re.sub(r"<[^>]+>", "\n", re.sub(r"<script.*?</script>", "", html, flags=re.S))
    out += [f"HTML: {html_lib.unescape(line.strip())}" for line in body.split("\n") if line.strip()]
    return out


def cross_format(facts: list[Fact]) -> list[str]:
    """Figures a format publishes as a number where another format (or another place of the same
    file) shows the marker for the same key, and numbers of one key that disagree beyond rounding."""
    by_key: dict[tuple, list[Fact]] = {}
    for f in facts:
        by_key.setdefault(f.key, []).append(f)
    out = []
    for key, fs in by_key.items():
        hidden = [f for f in fs if isinstance(f.value, str)]
        shown = [f for f in fs if isinstance(f.value, float)]
        if hidden and shown:
            out.append(f"{hidden[0].where} zeigt {hidden[0].value!r}, {shown[0].where} zeigt {shown[0].value:g}")
        if shown:
            lo, hi = min(f.value for f in shown), max(f.value for f in shown)
            if hi - lo > 0.5 + 1e-9 and key[0] == "chart":
                out.append(f"{key}: {lo:g} ({next(f.where for f in shown if f.value == lo)}) gegen "
                           f"{hi:g} ({next(f.where for f in shown if f.value == hi)})")
    return sorted(set(out))


# --- the linear attack ---------------------------------------------------------------------------
@dataclasses.dataclass
class Attack(oa.Attack):
    """The first round's attack with the relations of this round (shares next to counts, findings)."""

    limits: list[tuple[tuple, float, float]] = dataclasses.field(default_factory=list)  # var, lo, hi

    def initial(self):
        b = super().initial()
        for var, lo, hi in self.limits:
            cur = b.setdefault(var, [0.0, math.inf])
            cur[0], cur[1] = max(cur[0], lo), min(cur[1], hi)
        for num, den, _, _ in self.ratios:
            b.setdefault(num, [0.0, math.inf])
            b.setdefault(den, [0.0, math.inf])
        return b

    def read_report(self, data: bytes, stand: str, focus_key: str, focus_ids, name: str) -> None:
        """The first round's relations, then this round's."""
        self.read_workbook(data, stand, focus_key, focus_ids, name)
        wb = openpyxl.load_workbook(io.BytesIO(data), data_only=True)
        places: dict[str, float] = {}
        for ws in wb.worksheets:
            rows = [[c.value for c in r] for r in ws.iter_rows()]
            at = _header_at(rows)
            if at is None:
                continue
            header = [str(h or "") for h in rows[at]]
            body = [r for r in rows[at + 1:] if r and r[0] is not None]
            where = f"{name}, Blatt {ws.title!r}"
            if header[0] == "Unterkunft" and {"Belegung", "Plätze", "Auslastung"} <= set(header):
                self._utilisation(body, header, stand, where, places)
            elif header[0] == "Bereich" and "Kennzahl" in header:
                self._city_utilisation(body, header, stand, where)
            elif header[:3] == ["Nr.", "Thema", "Handlungsbedarf"] and "Menschen" in header:
                self._findings(body, header, stand, where, places)

    def _utilisation(self, body, header, stand, where, places) -> None:
        j, k = header.index("Plätze"), header.index("Auslastung")
        for r in body:
            site = str(r[0])
            if isinstance(r[j], (int, float)):
                places[site] = float(r[j])
                cap = (stand, "places", site)
                self.add(cap, float(r[j]), f"{where}, Zeile {site!r}, Plätze")
                if isinstance(r[k], (int, float)):
                    tol = 0.5 * 10 ** -decimals_of(r[k])
                    self.ratios.append(((stand, "site", site), cap, float(r[k]) - tol, float(r[k]) + tol))

    def _city_utilisation(self, body, header, stand, where) -> None:
        w = header.index("Wert")
        values = {(r[0], r[1]): r[w] for r in body if len(r) > w}
        util, cap = values.get(("Unterkünfte und Belegung", "Auslastung")), values.get(("Unterkünfte und Belegung", "Plätze"))
        if isinstance(util, (int, float)) and isinstance(cap, (int, float)):
            self.add((stand, "city places"), float(cap), f"{where}, Plätze")
            tol = 0.5 * 10 ** -decimals_of(util)
            self.ratios.append(((stand, "city residents"), (stand, "city places"), float(util) - tol, float(util) + tol))

    def _findings(self, body, header, stand, where, places) -> None:
        m, title = header.index("Menschen"), header.index("Handlungsbedarf")
        for r in body:
            head = str(r[title] or "")
            site = next((s for s in places if head.startswith(f"{s}:")), None)
            if site is None:
                continue
            shown = r[m]
            if shown is not None and not (isinstance(shown, float) and math.isnan(shown)):
                self.add((stand, "site", site), shown, f"{where}, Befund {head!r}, Menschen")
            if head.endswith(": überbelegt"):
                self.limits.append(((stand, "site", site), places[site] + 1, math.inf))


def true_values(truth: Attack) -> dict[tuple, float]:
    """The working-mode files read the same way: the attacker's unknowns with their true values."""
    return {c.var: float(c.text) for c in truth.cells if isinstance(c.text, (int, float))}


def wrong_assumptions(attack: Attack, truth: dict[tuple, float]) -> list:
    """Unknowns whose true value lies outside the attacker's bounds (its relations do not hold)."""
    bounds = attack.propagate()
    return [(v, b, truth[v]) for v, b in bounds.items() if v in truth and not b[0] - 1e-6 <= truth[v] <= b[1] + 1e-6]
