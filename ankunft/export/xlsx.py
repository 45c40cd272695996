"""Excel export (xlsxwriter): an overview, the key tables one per sheet, assumptions and sources.

Sheets:
- "Übersicht": title, Stand, author, data-state stamp, the KPIs and the headline of each section,
- one sheet per section with a table — or, when the section has none, its chart data
  (categories × series) or its map values (district, name, value),
- "Annahmen und Quellen".

Numbers are written as numbers with Excel format codes (`#,##0`, `#,##0.0`, `0.0%`) that Excel
shows in the reader's locale (German: `1.234`, `12,5 %`); dates as dates (`TT.MM.JJJJ`).
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
        frame, formats = section_frame(section)
        if frame is not None:
            w.table_sheet(section, frame, formats)
    w.sources()
    wb.close()
    return buf.getvalue()


# ---------------------------------------------------------------------------------------------
# what goes on a section's sheet


def section_frame(section: Section) -> tuple[pd.DataFrame | None, dict[str, str]]:
    """The section's key table with its number formats: the table, else the chart data, else the
    map values; (None, {}) when the section has none."""
    if section.has_table():
        return section.table, model.column_formats(section)
    if section.chart is not None:
        c = section.chart
        first = "Kategorie"
        data = {first: c.categories}
        for s in c.series:
            name = s.name if s.name not in data else f"{s.name} ({len(data)})"
            data[name] = [float("nan") if v is None else v for v in s.values]
        frame = pd.DataFrame(data)
        return frame, {col: c.number_format for col in frame.columns if col != first}
    if section.map is not None:
        m = section.map
        rows = []
        for f in m.features():
            props = f.get("properties", {})
            did = str(props.get("district_id", ""))
            value = m.values.get(did)
            rows.append((did, str(props.get("name", "")), float("nan") if value is None else value))
        frame = pd.DataFrame(rows, columns=["Bezirk", "Name", m.legend_title or "Wert"])
        return frame, {frame.columns[2]: m.number_format}
    return None, {}


def sheet_name(title: str, used: set[str]) -> str:
    """A valid, unique (case-insensitive) sheet name of at most 31 characters."""
    name = re.sub(r"[\[\]:*?/\\]", " ", title)
    name = re.sub(r"\s+", " ", name).strip().strip("'").strip() or "Tabelle"
    if name.lower() == "history":  # reserved by Excel
        name = "History (Tabelle)"
    base = name[:MAX_SHEET_NAME].rstrip()
    candidate, n = base, 2
    while candidate.lower() in used:
        suffix = f" ({n})"
        candidate = base[:MAX_SHEET_NAME - len(suffix)].rstrip() + suffix
        n += 1
    used.add(candidate.lower())
    return candidate


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
        self.num_formats: dict[str, object] = {}

    def number_format(self, code: str):
        if code not in self.num_formats:
            self.num_formats[code] = self.wb.add_format({**self.font, "num_format": code})
        return self.num_formats[code]

    # -- cells --------------------------------------------------------------------------------

    def text(self, ws, row: int, col: int, value: str, cell_format=None) -> None:
        if str(value) == "":
            ws.write_blank(row, col, None, cell_format or self.f_text)
        else:
            ws.write_string(row, col, neutralise(str(value)), cell_format or self.f_text)

    def value(self, ws, row: int, col: int, value, number_format: str | None) -> None:
        if isinstance(value, str):
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
                self.value(ws, i, j, v, formats.get(col))
                shown = neutralise(v) if isinstance(v, str) else model.cell_text(v, formats.get(col))
                widths[j] = max(widths[j], max(len(p) for p in shown.split("\n")) + 2)
        return top + 1 + len(df)

    @staticmethod
    def widths(ws, widths: dict[int, int]) -> None:
        for j, w in widths.items():
            ws.set_column(j, j, min(max(w, MIN_WIDTH), MAX_WIDTH))

    # -- sheets -------------------------------------------------------------------------------

    def overview(self) -> None:
        r = self.report
        ws = self.wb.add_worksheet(sheet_name(OVERVIEW, self.used))
        lines = [r.subtitle(), r.author, r.stamp, model.COUNCIL_NOTE if r.council else ""]
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
            self.frame(ws, row, df, {}, widths)
        self.widths(ws, widths)
        ws.freeze_panes(HEADER_ROW, 0)

    def table_sheet(self, section: Section, df: pd.DataFrame, formats: dict[str, str]) -> None:
        ws = self.wb.add_worksheet(sheet_name(section.title, self.used))
        self.context(ws, section.title, [section.headline, section.caption(), self.report.stamp])
        widths: dict[int, int] = {}
        end = self.frame(ws, HEADER_ROW, df, formats, widths)
        self.widths(ws, widths)
        ws.freeze_panes(HEADER_ROW + 1, 0)
        if len(df.columns):
            ws.autofilter(HEADER_ROW, 0, max(end - 1, HEADER_ROW), len(df.columns) - 1)

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
