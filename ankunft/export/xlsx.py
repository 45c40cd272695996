"""Excel export (xlsxwriter): an overview, the key tables one per sheet, assumptions and sources.

Sheets:
- "Übersicht": title, Stand, author, data-state stamp, the KPIs and the headline of each section,
- one sheet per section with a table — or, when the section has none, its chart data
  (categories × series) or its map values (district, name, value),
- "Annahmen und Quellen".

Numbers are written as numbers with Excel format codes (`#,##0`, `#,##0.0`, `0.0%`) that Excel
shows in the reader's locale (German: `1.234`, `12,5 %`); dates as dates (`TT.MM.JJJJ`). A figure
that a view already formatted as German text (`1.378`, `−3,0 Mio. €`, `+113 seit 30.06.2026`) is
turned back into a number with a format code that shows the same text (`figure`). Every sheet has
its header row frozen, a print area, landscape A4 fitted to the page width and page numbers.
A section with a table and a chart or map gets one more sheet each for the chart's series and the
map's values per district. Sheet names are chosen to fit 31 characters (`sheet_name`), never cut
inside a word.
Every text cell goes through `safe.neutralise`, and the workbook is opened with
`strings_to_formulas=False`, so no text becomes a formula.
"""

from __future__ import annotations

import datetime as dt
import io
import re

import pandas as pd
import xlsxwriter

from ankunft.core import fmt, palette
from ankunft.disclosure.config import HIDDEN_MARKER
from ankunft.export.safe import neutralise
from ankunft.views import report_model as model
from ankunft.views.report_model import Report, Section

MAX_SHEET_NAME = 31
OVERVIEW = "Übersicht"
SOURCES = "Annahmen und Quellen"
HEADER_ROW = 5  # 0-based: four lines of context above, one blank row
MIN_WIDTH, MAX_WIDTH = 8, 60
DATE_FORMAT = "dd.mm.yyyy"


def build(report: Report) -> bytes:
    """The report as an .xlsx file (bytes)."""
    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False,
                                   "strings_to_numbers": False})
    wb.set_properties({"title": report.title, "author": report.author, "company": report.city,
                       "comments": report.stamp})
    w = _Writer(wb, report)
    w.overview()
    for section in report.sections:
        for suffix, (frame, formats, what) in section_frames(section, report.council):
            w.table_sheet(section, frame, formats, suffix, what)
    w.sources()
    wb.close()
    return buf.getvalue()


# ---------------------------------------------------------------------------------------------
# what goes on a section's sheet


def _table_markers(section: Section) -> dict[tuple[str, str], str]:
    """(row label, column) → the marker text the section's table shows there (`≤2`, `•`, `–`)."""
    if not section.has_table():
        return {}
    t = section.table
    label = t.columns[0]
    return {(str(r[label]), str(col)): r[col] for _, r in t.iterrows() for col in t.columns[1:]
            if isinstance(r[col], str) and figure(r[col]) is None}


def _gap(section: Section, council: bool, category: str, series: str):
    """What a chart or map sheet shows where the chart has no value: the table's marker for the
    same row and column, in the Ratsfassung else the hidden marker; otherwise an empty cell."""
    marker = _table_markers(section).get((category, series))
    if marker is not None:
        return marker
    return HIDDEN_MARKER if council else float("nan")


def chart_frame(section: Section, council: bool = False) -> tuple[pd.DataFrame, dict[str, str]]:
    """The chart's data: categories × series, with the chart's number format; a value the chart
    leaves out is marked as the table marks it (`≤2`, `•`), never a silent gap in the Ratsfassung."""
    c = section.chart
    first = "Kategorie"
    data = {first: c.categories}
    for s in c.series:
        name = s.name if s.name not in data else f"{s.name} ({len(data)})"
        data[name] = [_gap(section, council, cat, s.name) if v is None else v for cat, v in zip(c.categories, s.values)]
    frame = pd.DataFrame(data)
    return frame, {col: c.number_format for col in frame.columns if col != first}


def map_frame(section: Section, council: bool = False) -> tuple[pd.DataFrame, dict[str, str]]:
    """The map's value and class per district (in the Ratsfassung only the class, as on the map, and
    `•` where it is hidden; else an empty cell)."""
    m = section.map
    classes = m.classes()
    rows = []
    for f in m.features():
        props = f.get("properties", {})
        did = str(props.get("district_id", ""))
        value = m.values.get(did)
        gap = HIDDEN_MARKER if council else float("nan")
        c = m.class_of(value, classes)
        rows.append((did, str(props.get("name", "")), gap if value is None else value,
                     c.label if c is not None else (HIDDEN_MARKER if council else "")))
    frame = pd.DataFrame(rows, columns=["Bezirk", "Name", m.legend_heading or "Wert", "Klasse (Karte)"])
    if council:
        frame = frame.drop(columns=[frame.columns[2]])
        return frame, {}
    return frame, {frame.columns[2]: m.number_format}


def section_frames(section: Section, council: bool = False) -> list[tuple[str, tuple[pd.DataFrame, dict[str, str], str]]]:
    """Every series the section's slide shows, one sheet each: (sheet name suffix, (frame, number
    formats, what it is)). The table first (no suffix); the chart's data and the map's values get
    their own sheet (suffix "Diagramm" / "Bezirke") — or none when the section has no table."""
    out = []
    if section.has_table():
        out.append(("", (section.table, model.column_formats(section), "")))
    if section.chart is not None:
        c = section.chart
        what = f"Daten des Diagramms: {c.y_title}" if c.y_title else "Daten des Diagramms"
        out.append(("Diagramm" if out else "", (*chart_frame(section, council), what)))
    if section.map is not None:
        what = f"Karte je Bezirk: {section.map.legend_title}" if section.map.legend_title else "Karte je Bezirk"
        out.append(("Bezirke" if out else "", (*map_frame(section, council), what)))
    return out


def section_frame(section: Section) -> tuple[pd.DataFrame | None, dict[str, str]]:
    """The section's key table with its number formats (the first of `section_frames`)."""
    frames = section_frames(section)
    return frames[0][1][:2] if frames else (None, {})


def sheet_name(title: str, used: set[str]) -> str:
    """A valid, unique (case-insensitive) sheet name of at most 31 characters."""
    name = re.sub(r"[\[\]:*?/\\]", " ", title)
    name = re.sub(r"\s+", " ", name).strip().strip("'").strip() or "Tabelle"
    base = short_title(name)
    if base.lower() == "history":  # reserved by Excel
        base = "History Tabelle"
    candidate, n = base, 2
    while candidate.lower() in used:
        suffix = f" ({n})"
        candidate = short_title(base, MAX_SHEET_NAME - len(suffix)) + suffix
        n += 1
    used.add(candidate.lower())
    return candidate


_SPACE = "[ \u00a0\u202f]"
# unit text → (factor applied to the number, literal shown after it); the literal starts with the
# non-breaking space `fmt` puts between number and unit, so the cell shows the view's text exactly
_UNITS = {unit: (factor, None if unit == "%" else fmt.with_unit("", unit)) for unit, factor in (
    ("%", 0.01), ("%-Punkte", 1), ("Prozentpunkte", 1), ("€", 1), ("Mio. €", 1e6), ("m²", 1), ("Monate", 1),
    ("Tage", 1), ("Jahre", 1), ("Plätze", 1), ("Personen", 1))}
_FIGURE = re.compile(
    r"^(?P<sign>[+−±-])?(?P<int>\d{1,3}(?:\.\d{3})+|\d{1,3})(?:,(?P<dec>\d+))?"
    rf"(?:{_SPACE}(?P<unit>" + "|".join(re.escape(u).replace(r"\ ", _SPACE)
                                        for u in sorted(_UNITS, key=len, reverse=True)) + "))?"
    rf"(?P<since>{_SPACE}seit{_SPACE}\d\d\.\d\d\.\d{{4}})?$")


def _literal(text: str) -> str:
    return f'"{text}"' if text else ""


def figure(text: str) -> tuple[float, str] | None:
    """A figure written by `core.fmt` (`1.378`, `65,3 %`, `−3,0 Mio. €`, `+113 seit 30.06.2026`) as
    (number, Excel format code that shows the same text); None for any other text — ids with a
    leading zero (`09`), years (`2026`, fmt writes `2.026`), markers (`≤2`, `•`) and words."""
    m = _FIGURE.match(text.strip()) if isinstance(text, str) else None
    if m is None or (m["int"].startswith("0") and len(m["int"]) > 1):
        return None
    dec = m["dec"] or ""
    value = float(m["int"].replace(".", "") + ("." + dec if dec else ""))
    unit = " ".join(m["unit"].split()) if m["unit"] else None
    factor, shown = _UNITS.get(unit, (1, None)) if unit else (1, "")
    digits = "#,##0" + ("." + "0" * len(dec) if dec else "")
    if unit == "%":
        body = digits + _literal(fmt.NBSP) + "%"
    elif unit == "Mio. €":
        body = digits + ",," + _literal(shown)
    else:
        body = digits + _literal(shown or "")
    body += _literal(m["since"] or "")
    if m["sign"] == "−" or m["sign"] == "-":
        value = -value
    value *= factor
    if m["sign"]:
        zero = "0" + ("." + "0" * len(dec) if dec else "")
        zero_body = body.replace(digits, zero, 1)
        return value, f'"+"{body};"−"{body};"±"{zero_body}'
    return value, body


_SHORT_WORDS = {"Stadtteilprofil": "Profil", "Soziale Infrastruktur": "Infrastruktur",
                "Kennzahlen und Definitionen": "Kennzahlen"}


def short_title(title: str, limit: int = MAX_SHEET_NAME) -> str:
    """A title shortened to `limit` characters by rules, not by cutting: parentheses dropped,
    `Bezirk 09` → `09`, long words shortened (`Stadtteilprofil` → `Profil`), then whole words from the end."""
    name = re.sub(r"\s*\([^)]*\)", "", title)
    if len(name) > limit:
        name = re.sub(r"\bBezirk\s+(?=\d)", "", name)
        for long, short in _SHORT_WORDS.items():
            name = name.replace(long, short)
    words = name.split(" ")
    while len(" ".join(words)) > limit and len(words) > 1:
        words.pop()
        while len(words) > 1 and words[-1] in ("und", "der", "die", "das", "–", "-", "je", "in", "mit", "nach"):
            words.pop()
    return " ".join(words).rstrip(":–- ")[:limit]


# ---------------------------------------------------------------------------------------------


class _Writer:
    def __init__(self, wb, report: Report) -> None:
        self.wb = wb
        self.report = report
        self.used: set[str] = set()
        font = {"font_name": "Arial", "font_size": 10, "font_color": palette.TEXT}
        self.f_title = wb.add_format({**font, "bold": True, "font_size": 14, "font_color": palette.ACCENT})
        self.f_text = wb.add_format(font)
        self.f_muted = wb.add_format({**font, "font_color": palette.GREY})
        self.f_bold = wb.add_format({**font, "bold": True})
        self.f_wrap = wb.add_format({**font, "text_wrap": True, "valign": "top"})
        header = {**font, "bold": True, "font_color": palette.BACKGROUND, "bg_color": palette.ACCENT,
                  "text_wrap": True, "valign": "vcenter", "border": 1, "border_color": palette.GREY_LIGHT}
        self.f_header = wb.add_format(header)
        self.f_header_num = wb.add_format({**header, "align": "right"})
        self.f_date = wb.add_format({**font, "num_format": DATE_FORMAT, "align": "left"})
        self.font = font
        self.num_formats: dict[tuple, object] = {}

    def number_format(self, code: str, align_right: bool = False):
        key = (code, align_right)
        if key not in self.num_formats:
            extra = {"align": "right"} if align_right else {}
            self.num_formats[key] = self.wb.add_format({**self.font, "num_format": code, **extra})
        return self.num_formats[key]

    # -- cells --------------------------------------------------------------------------------

    def text(self, ws, row: int, col: int, value: str, cell_format=None) -> None:
        if str(value) == "":
            ws.write_blank(row, col, None, cell_format or self.f_text)
        else:
            ws.write_string(row, col, neutralise(str(value)), cell_format or self.f_text)

    def value(self, ws, row: int, col: int, value, number_format: str | None, figures: bool = False) -> None:
        parsed = figure(value) if figures and isinstance(value, str) else None
        if parsed is not None:  # a figure the view formatted as text: a number again, shown the same
            ws.write_number(row, col, parsed[0], self.number_format(parsed[1], align_right=True))
        elif isinstance(value, str):
            self.text(ws, row, col, value)
        elif fmt.is_missing(value):
            ws.write_blank(row, col, None, self.f_text)
        elif isinstance(value, bool):
            self.text(ws, row, col, "ja" if value else "nein")
        elif isinstance(value, (pd.Timestamp, dt.datetime, dt.date)):
            d = value.to_pydatetime() if isinstance(value, pd.Timestamp) else value
            if not isinstance(d, dt.datetime):
                d = dt.datetime.combine(d, dt.time())
            ws.write_datetime(row, col, d.replace(tzinfo=None), self.f_date)
        elif pd.api.types.is_number(value):
            ws.write_number(row, col, float(value), self.number_format(number_format or model.DEFAULT_NUMBER_FORMAT))
        else:
            self.text(ws, row, col, str(value))

    def context(self, ws, title: str, lines: list[str]) -> None:
        self.text(ws, 0, 0, title, self.f_title)
        for i, line in enumerate(lines, start=1):
            if line:
                self.text(ws, i, 0, line, self.f_text if i == 1 else self.f_muted)

    def frame(self, ws, top: int, df: pd.DataFrame, formats: dict[str, str], widths: dict[int, int]) -> int:
        """Header + rows from `top`; returns the next free row."""
        cols = [str(c) for c in df.columns]
        for j, col in enumerate(cols):
            self.text(ws, top, j, col, self.f_header_num if col in formats else self.f_header)
            widths[j] = max(widths.get(j, 0), max(len(p) for p in col.split("\n")) + 2)
        for i, row in enumerate(df.itertuples(index=False), start=top + 1):
            for j, (col, v) in enumerate(zip(cols, row)):
                # the first column names the row; figures as text only in the others
                self.value(ws, i, j, v, formats.get(col), figures=j > 0)
                shown = neutralise(v) if isinstance(v, str) else model.cell_text(v, formats.get(col))
                widths[j] = max(widths[j], max(len(p) for p in shown.split("\n")) + 2)
        return top + 1 + len(df)

    @staticmethod
    def widths(ws, widths: dict[int, int]) -> None:
        for j, w in widths.items():
            ws.set_column(j, j, min(max(w, MIN_WIDTH), MAX_WIDTH))

    def print_setup(self, ws, title: str, last_row: int, last_col: int, header_row: int | None) -> None:
        """Landscape A4 fitted to the page width, the used range as print area, the header row
        repeated on every page, title and page numbers in the footer."""
        ws.set_landscape()
        ws.set_paper(9)
        ws.fit_to_pages(1, 0)
        ws.set_margins(left=0.5, right=0.5, top=0.6, bottom=0.7)
        ws.print_area(0, 0, max(last_row, 0), max(last_col, 0))
        if header_row is not None:
            ws.repeat_rows(header_row)
        safe_title = neutralise(title).replace("&", "&&")[:120]
        ws.set_footer(f"&L&8{safe_title}&R&8Seite &P von &N")
        if self.report.threshold_line:  # council: the Stand's recorded threshold on every printed page
            ws.set_header("&L&8" + neutralise(self.report.threshold_line).replace("&", "&&"))

    # -- sheets -------------------------------------------------------------------------------

    def overview(self) -> None:
        r = self.report
        ws = self.wb.add_worksheet(sheet_name(OVERVIEW, self.used))
        council = f"{model.COUNCIL_NOTE} {r.threshold_line}".strip() if r.council else ""
        lines = [r.subtitle(), r.author, r.stamp, council]
        self.context(ws, r.title, lines)
        widths: dict[int, int] = {}
        row = HEADER_ROW
        kpis = [(s.title, k) for s in r.sections for k in s.kpis] or [("", k) for k in r.overview_kpis()]
        if kpis:
            df = pd.DataFrame([(t, k.label, k.value_text, k.change_text) for t, k in kpis],
                              columns=["Bereich", "Kennzahl", "Wert", "Veränderung"])
            row = self.frame(ws, row, df, {}, widths) + 1
        statements = [(s.title, s.headline, s.caption()) for s in r.sections if s.headline]
        if statements:
            df = pd.DataFrame(statements, columns=["Bereich", "Aussage", "Quelle, Stichtag, Filter"])
            row = self.frame(ws, row, df, {}, widths)
        self.widths(ws, widths)
        ws.freeze_panes(HEADER_ROW + 1, 0)
        self.print_setup(ws, r.title, row, max(widths, default=3), HEADER_ROW)

    def table_sheet(self, section: Section, df: pd.DataFrame, formats: dict[str, str], suffix: str = "",
                    what: str = "") -> None:
        name = sheet_name(f"{short_title(section.title, MAX_SHEET_NAME - len(suffix) - 3)} – {suffix}"
                          if suffix else section.title, self.used)
        ws = self.wb.add_worksheet(name)
        title = f"{section.title} – {what}" if suffix and what else section.title
        self.context(ws, title, [section.headline if not suffix else what, section.caption(), self.report.stamp,
                                 model.COUNCIL_NOTE if self.report.council else ""])
        widths: dict[int, int] = {}
        end = self.frame(ws, HEADER_ROW, df, formats, widths)
        self.widths(ws, widths)
        ws.freeze_panes(HEADER_ROW + 1, 0)
        if len(df.columns):
            ws.autofilter(HEADER_ROW, 0, max(end - 1, HEADER_ROW), len(df.columns) - 1)
        self.print_setup(ws, title, end - 1, len(df.columns) - 1, HEADER_ROW)

    def sources(self) -> None:
        r = self.report
        ws = self.wb.add_worksheet(sheet_name(SOURCES, self.used))
        self.context(ws, SOURCES, [r.subtitle(), r.stamp, model.COUNCIL_NOTE if r.council else ""])
        widths: dict[int, int] = {}
        row = HEADER_ROW
        blocks = [
            ("Annahmen", pd.DataFrame(r.assumptions, columns=["Annahme", "Wert"])),
            ("Quellen", pd.DataFrame([(a, b, c if c else None) for a, b, c in r.sources],
                                     columns=["Datensatz", "Stelle", "Stichtag"])),
            ("Abschnitte", pd.DataFrame([(s.title, s.source, s.stichtag, s.filters or "keine") for s in r.sections],
                                        columns=["Abschnitt", "Quelle", "Stichtag", "Filter"])),
        ]
        for heading, df in blocks:
            if len(df) == 0:
                continue
            self.text(ws, row, 0, heading, self.f_bold)
            row = self.frame(ws, row + 1, df, {}, widths) + 1
        self.text(ws, row, 0, "Erstellt", self.f_bold)
        self.text(ws, row + 1, 0, "Stadt")
        self.text(ws, row + 1, 1, r.city)
        self.text(ws, row + 2, 0, "Stand")
        self.value(ws, row + 2, 1, r.stand, None)
        if r.author:
            self.text(ws, row + 3, 0, "Verfasst von")
            self.text(ws, row + 3, 1, r.author)
        self.widths(ws, widths)
        ws.freeze_panes(HEADER_ROW + 2, 0)  # the first block's header row
        self.print_setup(ws, SOURCES, row + 3, max(widths, default=3), None)
