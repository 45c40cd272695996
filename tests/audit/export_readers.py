"""Readers of the exported bytes (issue 15): every number a reader can get out of a council export.

The cross-view adversary must read what leaves the building, not the report object the exporters
render: a hidden series in a PPTX chart cache, a cell of a hidden Excel sheet, a plotly payload in
the HTML or a map colour shaded by a count would escape a test that reads the report object. Each
reader takes the bytes of one export (as the Bericht page offers them for download) and returns
:class:`Num` items: where the number stands (format, slide/sheet/figure, part, row and column
label), the text a reader sees and its value (``None`` for a marker or an empty point).

- PPTX: every chart part's XML caches (categories, series names and values, hidden series too), the
  chart's embedded workbook, table cells, text frames, notes, and the fill colour of every map shape.
- XLSX: every cell of every sheet (hidden sheets, rows and columns too; formulas with their cached
  values), defined names.
- HTML: the visible text (table cells with their row and column labels) and every plotly payload
  (trace values, texts, hover texts, fill colours of map polygons, legend swatches).

Map colours are items of part ``"map"`` whose text is the colour; the legend's swatches are items
of part ``"legend"`` (colour → class label), so a test can decide whether a cell's colour is a class.
"""

from __future__ import annotations

import base64
import datetime as dt
import html as html_mod
import io
import json
import re
from dataclasses import dataclass
from html.parser import HTMLParser

import numpy as np
import openpyxl
from lxml import etree
from pptx import Presentation

C = "{http://schemas.openxmlformats.org/drawingml/2006/chart}"
MARKER_TEXT = re.compile(r"[≤<]\s?\d+(?!\s?Jahr)")  # "< 1 Jahr" is a band's name, not a marker
MARKER_SUFFIX = re.compile(r"\s*\((?:≤\d+|<\d+|•)\)\s*$")
# a German number: 1.234 / 1.234,5 / 12,5 / −3 / +102, not inside a word or a longer number
NUMBER = re.compile(r"(?<![\w.,])[+−-]?\d{1,3}(?:\.\d{3})+(?:,\d+)?(?![\w])|(?<![\w.,])[+−-]?\d+(?:,\d+)?(?![\w])")


@dataclass(frozen=True)
class Num:
    fmt: str  # "pptx", "xlsx", "html"
    place: str  # slide title, sheet name, figure id
    part: str  # "chart", "chart-workbook", "table", "text", "notes", "cell", "name", "map", "legend", "plotly"
    row: str  # row label, category, shape name
    col: str  # column label, series name
    text: str  # what a reader sees (the number's text, the marker, the colour)
    value: float | None  # the number; None for a marker, an empty point or a colour
    context: str = ""  # the sentence or number format around it (for the kind of the number)
    line: str = ""  # the whole text the number stands in (a text frame, a cell's text); "" for a number cell
    at: int = -1  # where the number starts in ``line``
    cells: tuple = ()  # the texts of the whole row of a table (the KPI's label next to its value)


def norm_label(label) -> str:
    """A row or category label without the marker suffix the charts add ("Zoar-Heim (•)")."""
    text = " ".join(str(label or "").replace("\xa0", " ").split())
    return MARKER_SUFFIX.sub("", text)


def german_number(text: str) -> float:
    t = text.replace("−", "-").replace("+", "")
    return float(t.replace(".", "").replace(",", ".")) if "," in t or re.search(r"\.\d{3}", t) else float(t)


def numbers_in(text: str) -> list[tuple[str, float, str]]:
    """Every number in a text with the 24 characters around it: (number text, value, context)."""
    return [(t, v, ctx) for t, v, ctx, _, _ in numbers_at(text)]


def numbers_at(text: str) -> list[tuple[str, float, str, str, int]]:
    """(number text, value, 24 characters around it, the whole text, where the number starts)."""
    plain = str(text or "").replace("\xa0", " ").replace("\u202f", " ")
    masked = MARKER_TEXT.sub(lambda m: "#" * len(m.group(0)), plain)  # "≤2", "<5" are markers, not numbers
    out = []
    for m in NUMBER.finditer(masked):
        ctx = masked[max(0, m.start() - 24):m.end() + 24]
        out.append((m.group(0), german_number(m.group(0)), ctx, plain, m.start()))
    return out


def _text_items(fmt: str, place: str, part: str, row: str, text: str) -> list[Num]:
    return [Num(fmt, place, part, row, "", t, v, ctx, line, at) for t, v, ctx, line, at in numbers_at(text)]


# --- PPTX --------------------------------------------------------------------------------------------
def _cache(el) -> list[tuple[int, str]]:
    if el is None:
        return []
    return [(int(pt.get("idx")), pt.findtext(f"{C}v") or "") for pt in el.iter(f"{C}pt")]


def chart_xml_items(place: str, blob: bytes) -> list[Num]:
    """Categories and values of every series in a chart part's XML (including series a chart hides)."""
    root = etree.fromstring(blob)
    out = []
    for ser in root.iter(f"{C}ser"):
        name = " ".join(v.text or "" for v in ser.find(f"{C}tx").iter(f"{C}v")) if ser.find(f"{C}tx") is not None else ""
        cats = dict(_cache(ser.find(f"{C}cat")))
        hidden = ser.find(f"{C}spPr") is not None and ser.find(f"{C}spPr").find(
            "{http://schemas.openxmlformats.org/drawingml/2006/main}noFill") is not None
        part = "chart-hidden" if hidden else "chart"
        for tag in ("val", "yVal", "xVal", "bubbleSize"):
            for idx, raw in _cache(ser.find(f"{C}{tag}")):
                value = float(raw) if raw not in ("", None) else None
                out.append(Num("pptx", place, part, norm_label(cats.get(idx, str(idx))), norm_label(name),
                               raw, value, cats.get(idx, "")))
        for idx, raw in cats.items():  # a number standing as a category label is readable too
            out += [Num("pptx", place, "chart-category", norm_label(raw), norm_label(name), t, v, ctx)
                    for t, v, ctx in numbers_in(raw)]
    return out


def _slide_title(slide, i: int) -> str:
    title = slide.shapes.title
    return f"{i + 1}: {title.text_frame.text if title is not None else ''}"


def _table_items(place: str, table) -> list[Num]:
    rows = [[c.text for c in r.cells] for r in table.rows]
    return grid_items("pptx", place, "table", rows)


def grid_items(fmt: str, place: str, part: str, rows: list[list], header: int = 0,
               formats: list[list[str]] | None = None) -> list[Num]:
    """Cells of a grid with the row label (first cell) and the column label (the header row)."""
    out = []
    head = [str(h or "") for h in rows[header]] if rows else []
    for r, row in enumerate(rows):
        label = norm_label(row[0]) if row else ""
        texts = tuple(norm_label(v) for v in row if isinstance(v, str) and re.search(r"[^\W\d_]", v))
        for c, cell in enumerate(row):
            col = norm_label(head[c]) if r > header and c < len(head) else ""
            ctx = "fmt:" + formats[r][c] if formats else ""
            if isinstance(cell, bool) or cell is None:
                continue
            if isinstance(cell, (int, float)):
                out.append(Num(fmt, place, part, label, col, str(cell), float(cell), ctx, cells=texts))
            elif isinstance(cell, (dt.date, dt.datetime, dt.time)):
                out.append(Num(fmt, place, part, label, col, str(cell), None, "date"))
            else:
                text = str(cell)
                if norm_label(text) == "" and text.strip():
                    out.append(Num(fmt, place, part, label, col, text.strip(), None, ctx))
                elif text.strip() in ("•", "≤2", "<5"):
                    out.append(Num(fmt, place, part, label, col, text.strip(), None, ctx))
                elif re.fullmatch(r"\s*[+−-]?[\d.,]+\s*", text):  # a number as text: a number cell
                    out += [Num(fmt, place, part, label, col, t, v, cx, cells=texts) for t, v, cx in numbers_in(text)]
                else:
                    out += [Num(fmt, place, part, label, col, t, v, cx, ln, at, texts)
                            for t, v, cx, ln, at in numbers_at(text)]
    return out


def _shape_colour(shape) -> str | None:
    try:
        if shape.fill.type == 1:  # MSO_FILL.SOLID
            return str(shape.fill.fore_color.rgb)
    except (AttributeError, TypeError, ValueError):
        return None
    return None


def read_pptx(data: bytes) -> list[Num]:
    deck = Presentation(io.BytesIO(data))
    out: list[Num] = []
    for i, slide in enumerate(deck.slides):
        place = _slide_title(slide, i)
        for shape in slide.shapes:
            if shape.has_chart:
                part = shape.chart.part
                out += chart_xml_items(place, part.blob)
                wb = part.chart_workbook.xlsx_part
                if wb is not None:
                    out += [Num("pptx", place, "chart-workbook", n.row, n.col, n.text, n.value, n.context)
                            for n in read_xlsx(wb.blob)]
            elif shape.has_table:
                out += _table_items(place, shape.table)
            else:
                colour = _shape_colour(shape)
                name = shape.name or ""
                if colour and name.startswith("Bezirk "):
                    out.append(Num("pptx", place, "map", name[len("Bezirk "):], "", colour, None))
                elif colour and name.startswith("Legende "):
                    out.append(Num("pptx", place, "legend", name[len("Legende "):], "", colour, None))
                if shape.has_text_frame and name != "Foliennummer":
                    out += _text_items("pptx", place, "text", name, shape.text_frame.text)
        if slide.has_notes_slide:
            out += _text_items("pptx", place, "notes", "", slide.notes_slide.notes_text_frame.text)
    return out


# --- XLSX --------------------------------------------------------------------------------------------
def _header_row(rows: list[list]) -> int:
    """The table's header: the first row with two or more filled cells (titles fill one)."""
    for i, row in enumerate(rows):
        if sum(v not in (None, "") for v in row) >= 2:
            return i
    return 0


def read_xlsx(data: bytes) -> list[Num]:
    """Every cell of every sheet; a formula counts with its cached value (what Excel shows)."""
    book = openpyxl.load_workbook(io.BytesIO(data), data_only=True)
    out: list[Num] = []
    for ws in book.worksheets:  # hidden and very hidden sheets included
        rows = [[c.value for c in row] for row in ws.iter_rows()]
        formats = [[c.number_format or "" for c in row] for row in ws.iter_rows()]
        if not rows:
            continue
        place = ws.title if ws.sheet_state == "visible" else f"{ws.title} ({ws.sheet_state})"
        out += grid_items("xlsx", place, "cell", rows, _header_row(rows), formats)
    for name, defined in book.defined_names.items():  # a name shows the cell it points to
        for sheet, ref in defined.destinations:
            cells = book[sheet][ref.replace("$", "")]
            for cell in (c for row in (cells if isinstance(cells, tuple) else ((cells,),)) for c in
                         (row if isinstance(row, tuple) else (row,))):
                out += grid_items("xlsx", "Namen", "name", [[name, cell.value]])
    return out


# --- HTML --------------------------------------------------------------------------------------------
class _TextParser(HTMLParser):
    """Visible text outside scripts and styles, one text per block (a KPI tile, a list item, a
    paragraph: its spans and line breaks on lines of their own); table cells as grids."""

    BLOCKS = {"div", "p", "li", "ul", "ol", "section", "header", "footer", "h1", "h2", "h3", "h4", "h5", "h6",
              "figcaption", "figure", "body", "main", "nav", "details", "summary", "dl", "dt", "dd"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.skip = 0
        self.texts: list[str] = []
        self.tables: list[list[list[str]]] = []
        self.cell: list[str] | None = None
        self.blocks: list[list[str]] = [[]]
        self.heading = ""  # the section's heading (h2): the place of its texts and tables
        self.in_heading = False
        self.places: list[str] = []  # the heading of each table

    def _flush(self) -> None:
        text = "\n".join(line.strip() for line in "".join(self.blocks[-1]).split("\n") if line.strip())
        if text:
            self.texts.append((self.heading, text))
        self.blocks[-1] = []

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self.skip += 1
        elif tag == "table":
            self.tables.append([])
            self.places.append(self.heading)
        elif tag == "tr" and self.tables:
            self.tables[-1].append([])
        elif tag in ("td", "th") and self.tables and self.tables[-1]:
            self.cell = []
        elif tag in self.BLOCKS:
            self._flush()
            self.blocks.append([])
            if tag == "h2":
                self.heading, self.in_heading = "", True
        elif tag in ("br", "span") and self.cell is None:
            self.blocks[-1].append("\n")

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self.skip -= 1
        elif tag in ("td", "th") and self.cell is not None:
            self.tables[-1][-1].append(" ".join("".join(self.cell).split()))
            self.cell = None
        elif tag in self.BLOCKS and len(self.blocks) > 1:
            if tag == "h2":
                self.in_heading = False
            self._flush()
            self.blocks.pop()

    def handle_data(self, data):
        if self.skip:
            return
        if self.cell is not None:
            self.cell.append(data)
        else:
            self.blocks[-1].append(data)
            if self.in_heading:
                self.heading += data

    def close(self):
        super().close()
        while self.blocks:
            self._flush()
            self.blocks.pop()


def _decode(values):
    """plotly's typed arrays ({"dtype", "bdata"}) as lists."""
    if isinstance(values, dict) and "bdata" in values:
        arr = np.frombuffer(base64.b64decode(values["bdata"]), dtype=np.dtype(values["dtype"]))
        return arr.tolist()
    return values


def plotly_payloads(doc: str) -> list[tuple[str, list, dict]]:
    """(div id, data, layout) of every ``Plotly.newPlot`` call."""
    out = []
    dec = json.JSONDecoder()
    for m in re.finditer(r"Plotly\.newPlot\(\s*\"([^\"]+)\",\s*", doc):
        data, end = dec.raw_decode(doc, m.end())
        rest = re.match(r"\s*,\s*", doc[end:])
        layout, _ = dec.raw_decode(doc, end + rest.end()) if rest else ({}, 0)
        out.append((m.group(1), data, layout))
    return out


def _as_list(v, n: int) -> list:
    v = _decode(v)
    return list(v) if isinstance(v, (list, tuple)) else [v] * n


def trace_items(place: str, trace: dict) -> list[Num]:
    """A trace's numbers: values against categories, texts and hover texts; map fills as colours."""
    name = norm_label(html_mod.unescape(str(trace.get("name", ""))))
    out = []
    if trace.get("fill") == "toself":
        out.append(Num("html", place, "map", name, "", str(trace.get("fillcolor", "")), None))
        out += _text_items("html", place, "map-text", name, html_mod.unescape(str(trace.get("text", ""))))
        return out
    marker = trace.get("marker") or {}
    if trace.get("x") == [None] and trace.get("mode") == "markers":  # a legend swatch
        out.append(Num("html", place, "legend", name, "", str(marker.get("color", "")), None))
        return out
    x, y = _decode(trace.get("x", [])), _decode(trace.get("y", []))
    horizontal = trace.get("orientation") == "h"
    cats, vals = (y, x) if horizontal else (x, y)
    cats, vals = list(cats or []), list(vals or [])
    if vals and all(isinstance(v, (int, float)) or v is None for v in vals) and trace.get("type") != "scatter" or \
            (trace.get("mode") or "").startswith("lines"):
        for c, v in zip(cats, vals):
            out.append(Num("html", place, "plotly", norm_label(html_mod.unescape(str(c))), name,
                           "" if v is None else str(v), None if v is None else float(v), str(c)))
    n = max(len(cats), 1)
    for field in ("text", "hovertext", "customdata"):
        for c, t in zip(cats or [""] * n, _as_list(trace.get(field), n)):
            if t is not None:
                text = html_mod.unescape(str(t))
                if re.fullmatch(r"\s*[+−-]?[\d.,]+\s*", text):
                    out += [Num("html", place, "plotly-text", norm_label(html_mod.unescape(str(c))), name, s, v, ctx)
                            for s, v, ctx in numbers_in(text)]
                else:
                    out += [Num("html", place, "plotly-text", norm_label(html_mod.unescape(str(c))), name, s, v, ctx, ln, at)
                            for s, v, ctx, ln, at in numbers_at(text)]
    return out


def read_html(doc: str | bytes) -> list[Num]:
    doc = doc.decode("utf-8") if isinstance(doc, bytes) else doc
    parser = _TextParser()
    parser.feed(doc)
    parser.close()
    out: list[Num] = []
    for heading, t in parser.texts:
        out += _text_items("html", f"Text: {heading}", "text", "", t)
    for i, (table, heading) in enumerate(zip(parser.tables, parser.places)):
        if table:
            out += grid_items("html", f"Tabelle {i + 1}: {heading}", "table", table)
    for div, data, layout in plotly_payloads(doc):
        for trace in data:
            out += trace_items(div, trace)
        title = (layout.get("legend") or {}).get("title") or {}
        out += _text_items("html", div, "legend-title", "", html_mod.unescape(str(title.get("text", ""))))
    return out
