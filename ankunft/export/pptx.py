"""PowerPoint export (python-pptx): native, editable charts, tables and district maps.

Slides, in order:
1. title slide (title, city and Stand, author),
2. KPI slide (tiles as shapes) when the report has KPIs,
3. per section: a map slide when it has a map, a chart slide when it has a chart, and table
   slides (12 rows each, 10 in council mode) when it has a table but neither chart nor map,
4. "Annahmen und Quellen" when the report lists assumptions or sources.

Every slide has a footer with source office, Stichtag and the data-state stamp; section slides
carry speaker notes (the caller's explanation + the assumptions). Charts are native chart parts
(`add_chart`), maps are freeform shapes per district: no browser, no images.
"""

from __future__ import annotations

import io
import math
import zipfile

import pandas as pd
from pptx import Presentation
from pptx.chart.data import CategoryChartData
from pptx.dml.color import RGBColor
from pptx.enum.chart import XL_AXIS_CROSSES, XL_CHART_TYPE, XL_LABEL_POSITION, XL_LEGEND_POSITION, XL_MARKER_STYLE
from pptx.enum.shapes import MSO_SHAPE, PP_PLACEHOLDER
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.util import Emu, Inches, Pt

from ankunft.core import fmt, palette
from ankunft.export.safe import neutralise
from ankunft.views import report_model as model
from ankunft.views.report_model import ChartSpec, Kpi, MapSpec, Report, Section

SLIDE_W_16_9 = Emu(12192000)  # 13,333 in
SLIDE_H_16_9 = Emu(6858000)  # 7,5 in
MARGIN = Inches(0.5)
TABLE_ROWS = 12
TABLE_ROWS_COUNCIL = 10
MAX_DATA_LABELS = 36  # more points than this: no data labels (they would overlap)

CHART_TYPES = {
    "bar": XL_CHART_TYPE.COLUMN_CLUSTERED,
    "stacked_bar": XL_CHART_TYPE.COLUMN_STACKED,
    "barh": XL_CHART_TYPE.BAR_CLUSTERED,
    "line": XL_CHART_TYPE.LINE_MARKERS,
    "pie": XL_CHART_TYPE.PIE,
}

_CT_TEMPLATE = b"application/vnd.openxmlformats-officedocument.presentationml.template.main+xml"
_CT_PRESENTATION = b"application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml"


def build(report: Report, template: bytes | None = None) -> bytes:
    """The report as a .pptx file (bytes). `template`: the city's .pptx or .potx file (bytes);
    its masters, layouts and slide size are used, its own slides are dropped."""
    deck = _Deck(report, template)
    deck.title_slide()
    kpis = report.overview_kpis()
    if kpis:
        deck.kpi_slide(kpis)
    for section in report.sections:
        deck.section_slides(section)
    if report.assumptions or report.sources:
        deck.sources_slide()
    out = io.BytesIO()
    deck.prs.save(out)
    return out.getvalue()


# ---------------------------------------------------------------------------------------------
# template handling


def potx_to_pptx(data: bytes) -> bytes:
    """A .potx package with its main content type switched to presentation (python-pptx only
    opens presentations). A .pptx is returned unchanged."""
    with zipfile.ZipFile(io.BytesIO(data)) as zin:
        ct = zin.read("[Content_Types].xml")
        if _CT_TEMPLATE not in ct:
            return data
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
            for item in zin.infolist():
                body = zin.read(item.filename)
                if item.filename == "[Content_Types].xml":
                    body = body.replace(_CT_TEMPLATE, _CT_PRESENTATION)
                zout.writestr(item, body)
    return out.getvalue()


def _open(template: bytes | None):
    if template is None:
        prs = Presentation()
        _widen_default(prs)
        return prs, False
    try:
        prs = Presentation(io.BytesIO(potx_to_pptx(template)))
    except (zipfile.BadZipFile, KeyError) as exc:
        raise ValueError("Die Vorlage ist keine gültige PowerPoint-Datei (.pptx oder .potx).") from exc
    sld_ids = prs.slides._sldIdLst
    for sld_id in list(sld_ids):
        prs.part.drop_rel(sld_id.rId)
        sld_ids.remove(sld_id)
    return prs, True


def _widen_default(prs) -> None:
    """python-pptx's default template is 4:3; make it 16:9 and stretch its placeholders."""
    factor = SLIDE_W_16_9 / prs.slide_width
    prs.slide_width = SLIDE_W_16_9
    prs.slide_height = SLIDE_H_16_9
    masters = [prs.slide_master] + list(prs.slide_layouts)
    for owner in masters:
        for shape in owner.placeholders:
            xfrm = shape._element.spPr.find("{http://schemas.openxmlformats.org/drawingml/2006/main}xfrm")
            if xfrm is not None:
                shape.left = Emu(int(shape.left * factor))
                shape.width = Emu(int(shape.width * factor))


def _placeholder_types(layout) -> set:
    return {ph.placeholder_format.type for ph in layout.placeholders}


_DECOR = {PP_PLACEHOLDER.DATE, PP_PLACEHOLDER.FOOTER, PP_PLACEHOLDER.SLIDE_NUMBER}


def _title_layout(prs):
    for layout in prs.slide_layouts:
        types = _placeholder_types(layout)
        if PP_PLACEHOLDER.CENTER_TITLE in types and PP_PLACEHOLDER.SUBTITLE in types:
            return layout
    return _content_layout(prs)


def _content_layout(prs):
    """The layout with a title and nothing else ("Title Only"/"Nur Titel"), else the one with
    the fewest other placeholders, else the first."""
    best, best_extra = None, None
    for layout in prs.slide_layouts:
        types = _placeholder_types(layout)
        if PP_PLACEHOLDER.TITLE not in types:
            continue
        extra = len([t for t in types if t not in _DECOR and t != PP_PLACEHOLDER.TITLE])
        if best is None or extra < best_extra:
            best, best_extra = layout, extra
    return best if best is not None else prs.slide_layouts[0]


# ---------------------------------------------------------------------------------------------
# helpers


EMU_PER_PT = 12700
# value of a tile on the KPI slide, pt (before council scaling); 18 and 16 only for narrow tiles
# (4:3 templates) with long amounts, so that a value never breaks before its unit
KPI_SIZES_LARGE = (32, 30, 28, 26, 24, 22, 20, 18, 16)
KPI_SIZES = (20, 18, 16, 14)  # value of a tile on a section slide

# Advance widths in em of DejaVu Sans Bold — the face LibreOffice falls back to when Calibri is
# missing and wider than Calibri or Arial, so an estimate from it is on the safe side everywhere.
_EM = {" ": 0.35, ".": 0.38, ",": 0.38, ":": 0.4, ";": 0.4, "€": 0.7, "%": 1.0, "−": 0.84, "+": 0.84,
       "±": 0.84, "–": 0.5, "-": 0.42, "/": 0.37, "(": 0.46, ")": 0.46}
_NARROW = set("iljtfrI")
_WIDE = set("mwMW")


def _char_em(c: str) -> float:
    if c in _EM:
        return _EM[c]
    if c.isdigit():
        return 0.70
    if c in _NARROW:
        return 0.41
    if c in _WIDE:
        return 1.05
    if c.isupper():
        return 0.76
    if c.isalpha():
        return 0.65
    return 0.7


def text_width_pt(text: str, size: float) -> float:
    """Estimated width (pt) of one line of bold sans-serif text at `size` pt (generous, see `_EM`)."""
    return sum(_char_em(c) for c in str(text)) * size


def kpi_value_size(text: str, width_pt: float, sizes=KPI_SIZES_LARGE, scale: float = 1.0) -> float:
    """Font size (pt) of a KPI value: the largest of `sizes` (each times `scale`, the council factor)
    at which the text fits `width_pt` on one line; the smallest when none does."""
    scaled = [round(size * scale, 1) for size in sizes]
    return next((size for size in scaled if text_width_pt(text, size) <= width_pt), scaled[-1])


def _rgb(hex_colour: str) -> RGBColor:
    return RGBColor.from_string(hex_colour.lstrip("#").upper()[:6])


def _is_dark(hex_colour: str) -> bool:
    r, g, b = palette.hex_to_rgb(hex_colour)
    return 0.299 * r + 0.587 * g + 0.114 * b < 140


def _plain(shape):
    """Drop the theme style reference of an autoshape/freeform (no theme shadow or outline);
    fill and line are then set explicitly."""
    style = shape._element.find("{http://schemas.openxmlformats.org/presentationml/2006/main}style")
    if style is not None:
        shape._element.remove(style)
    return shape


def _set_text(frame, lines, size: float, colour: str | None = palette.TEXT, bold_first: bool = False,
              align=None) -> None:
    """Fill a text frame with lines; each line a (text, size, colour, bold) tuple or a string."""
    frame.clear()
    frame.word_wrap = True
    for i, line in enumerate(lines):
        if isinstance(line, str):
            line = (line, size, colour, bold_first and i == 0)
        text, line_size, line_colour, bold = line
        para = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
        if align is not None:
            para.alignment = align
        run = para.add_run()
        run.text = text
        run.font.size = Pt(line_size)
        run.font.bold = bold
        if line_colour is not None:  # None: inherit (template colours)
            run.font.color.rgb = _rgb(line_colour)


class _Deck:
    def __init__(self, report: Report, template: bytes | None) -> None:
        self.report = report
        self.prs, self.templated = _open(template)
        self.W = self.prs.slide_width
        self.H = self.prs.slide_height
        self.s = 1.15 if report.council else 1.0  # larger type in council mode (projector)
        self.content_layout = _content_layout(self.prs)
        self.title_layout = _title_layout(self.prs)

    def pt(self, size: float) -> float:
        return round(size * self.s, 1)

    # -- frame of every slide -----------------------------------------------------------------

    def new_slide(self, title: str, layout=None):
        slide = self.prs.slides.add_slide(layout or self.content_layout)
        title_shape = slide.shapes.title
        for ph in list(slide.placeholders):
            if title_shape is not None and ph.shape_id == title_shape.shape_id:
                continue
            if layout is self.title_layout and ph.placeholder_format.type == PP_PLACEHOLDER.SUBTITLE:
                continue
            ph._element.getparent().remove(ph._element)
        if title_shape is None:
            title_shape = slide.shapes.add_textbox(MARGIN, Inches(0.3), self.W - 2 * MARGIN, Inches(0.8))
            title_shape.name = "Titel"
        if not self.templated and layout is not self.title_layout:
            title_shape.left, title_shape.top = MARGIN, Inches(0.3)
            title_shape.width, title_shape.height = self.W - 2 * MARGIN, Inches(0.8)
        frame = title_shape.text_frame
        frame.text = title
        frame.word_wrap = True
        para = frame.paragraphs[0]
        for run in para.runs:
            # a template keeps its face and colour, but the size is ours: long German titles in a
            # 44-pt template title would wrap into the chart
            run.font.size = Pt(self.pt(36 if layout is self.title_layout else 28))
            if not self.templated:
                run.font.bold = True
                run.font.color.rgb = _rgb(palette.ACCENT)
        if not self.templated and layout is not self.title_layout:
            para.alignment = PP_ALIGN.LEFT
            frame.vertical_anchor = MSO_ANCHOR.MIDDLE
        return slide, title_shape

    def body_top(self, title_shape) -> int:
        return int(title_shape.top + title_shape.height + Inches(0.1))

    def footer(self, slide, first_line: str) -> None:
        lines = [(first_line, self.pt(10), palette.GREY, False)]
        if self.report.stamp:
            lines.append((self.report.stamp, self.pt(9), palette.GREY, False))
        box = slide.shapes.add_textbox(MARGIN, self.H - Inches(0.7), self.W - 2 * MARGIN, Inches(0.6))
        box.name = "Fußzeile"
        box.text_frame.vertical_anchor = MSO_ANCHOR.BOTTOM
        _set_text(box.text_frame, lines, self.pt(10))
        for para in box.text_frame.paragraphs:
            para.space_after = Pt(0)

    @property
    def footer_top(self) -> int:
        return int(self.H - Inches(0.75))

    def notes(self, slide, text: str) -> None:
        slide.notes_slide.notes_text_frame.text = text

    # -- slides -------------------------------------------------------------------------------

    def title_slide(self) -> None:
        r = self.report
        slide, title_shape = self.new_slide(r.title, self.title_layout)
        lines = [r.subtitle()]
        if r.author:
            lines.append(r.author)
        if r.council:
            lines.append(model.COUNCIL_NOTE)
        sub = next((ph for ph in slide.placeholders
                    if ph.placeholder_format.type == PP_PLACEHOLDER.SUBTITLE), None)
        if sub is None:
            sub = slide.shapes.add_textbox(MARGIN, int(self.H * 0.55), self.W - 2 * MARGIN, Inches(1.4))
            sub.name = "Untertitel"
        # with a template: its colours, our sizes (its subtitle box is often small)
        text_colour = None if self.templated else palette.TEXT
        muted = None if self.templated else palette.GREY
        _set_text(sub.text_frame, [(lines[0], self.pt(22), text_colour, False)]
                  + [(line, self.pt(16), muted, False) for line in lines[1:]], self.pt(16),
                  align=None if self.templated else PP_ALIGN.CENTER)
        self.footer(slide, r.caption())
        self.notes(slide, "\n\n".join(x for x in (r.subtitle(), model.COUNCIL_NOTE if r.council else "",
                                                   r.stamp) if x))

    def kpi_slide(self, kpis: list[Kpi]) -> None:
        slide, title_shape = self.new_slide("Kennzahlen auf einen Blick")
        per_row = 4 if len(kpis) > 3 else len(kpis)
        rows = math.ceil(len(kpis) / per_row)
        top = self.body_top(title_shape) + Inches(0.2)
        avail_h = self.footer_top - top - Inches(0.2)
        tile_h = min(Inches(1.9), int((avail_h - (rows - 1) * Inches(0.25)) / rows))
        for i, kpi in enumerate(kpis):
            row, col = divmod(i, per_row)
            self.tile(slide, kpi, col, per_row, top + row * (tile_h + Inches(0.25)), tile_h, large=True)
        self.footer(slide, self.report.caption())
        lines = [f"{k.label}: {k.value_text}" + (f" ({k.change_text})" if k.change_text else "") for k in kpis]
        self.notes(slide, "Kennzahlen:\n" + "\n".join(f"• {line}" for line in lines)
                   + ("\n\n" + self.report.stamp if self.report.stamp else ""))

    def tile(self, slide, kpi: Kpi, col: int, per_row: int, top: int, height: int, large: bool = False) -> None:
        gap = Inches(0.25)
        width = min(int((self.W - 2 * MARGIN - (per_row - 1) * gap) / per_row), Inches(3.8))
        shape = slide.shapes.add_shape(MSO_SHAPE.RECTANGLE, MARGIN + col * (width + gap), top, width, height)
        shape.name = f"Kennzahl {kpi.label}"
        shape.fill.solid()
        shape.fill.fore_color.rgb = _rgb(palette.GREY_BG)
        shape.line.fill.background()
        _plain(shape)
        frame = shape.text_frame
        frame.vertical_anchor = MSO_ANCHOR.MIDDLE
        frame.margin_left = frame.margin_right = Inches(0.12)
        small = 14 if large else 11
        inner_pt = (width - frame.margin_left - frame.margin_right) / EMU_PER_PT
        value_size = kpi_value_size(kpi.value_text, inner_pt, KPI_SIZES_LARGE if large else KPI_SIZES, self.s)
        lines = [(kpi.value_text, value_size, palette.ACCENT, True), (kpi.label, self.pt(small), palette.TEXT, False)]
        if kpi.change_text:
            lines.append((kpi.change_text, self.pt(small - 1), palette.GREY, False))
        _set_text(frame, lines, self.pt(small), align=PP_ALIGN.LEFT)
        # every line fits on one line: no wrapping at all (a value never breaks before its unit);
        # a long label still wraps
        frame.word_wrap = not all(text_width_pt(text, size) <= inner_pt for text, size, _, _ in lines)

    def section_slides(self, section: Section) -> None:
        visuals = []
        if section.map is not None:
            visuals.append(("map", None))
        if section.chart is not None:
            visuals.append(("chart", None))
        if not visuals and section.has_table():
            pages = _table_pages(section.table, TABLE_ROWS_COUNCIL if self.report.council else TABLE_ROWS)
            visuals += [("table", p) for p in pages]
        if not visuals:
            visuals.append(("text", None))
        n_tables = len([v for v in visuals if v[0] == "table"])
        for i, (kind, page) in enumerate(visuals):
            title = section.title
            if kind == "table" and n_tables > 1:
                title = f"{section.title} (Teil {page[0] + 1} von {n_tables})"
            slide, title_shape = self.new_slide(title)
            top = self.body_top(title_shape)
            if section.headline:
                box = slide.shapes.add_textbox(MARGIN, top, self.W - 2 * MARGIN, Inches(0.6))
                box.name = "Aussage"
                _set_text(box.text_frame, [(section.headline, self.pt(16), palette.TEXT, False)], self.pt(16))
                top += Inches(0.65)
            if section.kpis and i == 0:
                kpis = section.kpis[:5]
                for j, kpi in enumerate(kpis):
                    self.tile(slide, kpi, j, max(len(kpis), 3), top, Inches(0.95))
                top += Inches(1.1)
            box = (MARGIN, top, self.W - 2 * MARGIN, self.footer_top - top - Inches(0.05))
            if kind == "chart":
                add_chart(slide, section.chart, box, self.pt(12))
            elif kind == "map":
                add_map(slide, section.map, box, self.pt(1))
            elif kind == "table":
                add_table(slide, page[1], model.column_formats(section), box, self.pt(12))
            self.footer(slide, section.caption())
            self.notes(slide, self.report.notes_for(section))

    def sources_slide(self) -> None:
        r = self.report
        slide, title_shape = self.new_slide("Annahmen und Quellen")
        top = self.body_top(title_shape) + Inches(0.1)
        height = self.footer_top - top - Inches(0.1)
        half = int((self.W - 2 * MARGIN - Inches(0.4)) / 2)
        if r.assumptions:
            df = pd.DataFrame(r.assumptions, columns=["Annahme", "Wert"])
            add_table(slide, df, {}, (MARGIN, top, half, height), self.pt(12))
        if r.sources:
            df = pd.DataFrame([(a, b, fmt.date(c) if c else fmt.MISSING) for a, b, c in r.sources],
                              columns=["Datensatz", "Stelle", "Stichtag"])
            left = MARGIN + half + Inches(0.4) if r.assumptions else MARGIN
            add_table(slide, df, {}, (left, top, half, height), self.pt(12))
        self.footer(slide, r.caption())
        self.notes(slide, "\n".join(f"• {a}: {b}" for a, b in r.assumptions)
                   + ("\n\n" + r.stamp if r.stamp else ""))


# ---------------------------------------------------------------------------------------------
# chart


def add_chart(slide, spec: ChartSpec, box, font_size: float):
    """A native chart from the spec; returns the chart object."""
    data = CategoryChartData(number_format=spec.number_format)
    # python-pptx writes the embedded workbook with xlsxwriter's write(): neutralise text.
    data.categories = [neutralise(c) for c in spec.categories]
    for s in spec.series:
        data.add_series(neutralise(s.name), list(s.values), number_format=spec.number_format)
    frame = slide.shapes.add_chart(CHART_TYPES[spec.kind], *box, data)
    frame.name = f"Diagramm {spec.y_title}".strip()
    chart = frame.chart
    chart.has_title = False
    chart.font.size = Pt(font_size)
    chart.font.color.rgb = _rgb(palette.TEXT)
    plot = chart.plots[0]
    n_points = len(spec.categories) * len(spec.series)

    if spec.kind == "pie":
        colours = spec.colours_for_categories()
        for i, point in enumerate(plot.series[0].points):
            point.format.fill.solid()
            point.format.fill.fore_color.rgb = _rgb(colours[i])
            point.format.line.color.rgb = _rgb(palette.BACKGROUND)
        plot.has_data_labels = True
        labels = plot.data_labels
        labels.number_format = spec.number_format
        labels.number_format_is_linked = False
        labels.show_value = True
        labels.position = XL_LABEL_POSITION.OUTSIDE_END
        labels.font.size = Pt(font_size)
        chart.has_legend = True
        chart.legend.position = XL_LEGEND_POSITION.RIGHT
        chart.legend.include_in_layout = False
        chart.legend.font.size = Pt(font_size)
        return chart

    for s, series in zip(spec.series, plot.series):
        if spec.kind == "line":
            series.smooth = False
            series.format.line.color.rgb = _rgb(s.colour)
            series.format.line.width = Pt(2.75)
            series.marker.style = XL_MARKER_STYLE.CIRCLE
            series.marker.size = 7
            series.marker.format.fill.solid()
            series.marker.format.fill.fore_color.rgb = _rgb(s.colour)
            series.marker.format.line.color.rgb = _rgb(s.colour)
        else:
            series.format.fill.solid()
            series.format.fill.fore_color.rgb = _rgb(s.colour)
            series.invert_if_negative = False
    if spec.kind in ("bar", "stacked_bar", "barh"):
        plot.gap_width = 60
        if spec.kind == "stacked_bar":
            plot.overlap = 100
    if spec.kind != "line" and n_points <= MAX_DATA_LABELS:
        plot.has_data_labels = True
        labels = plot.data_labels
        labels.number_format = spec.number_format
        labels.number_format_is_linked = False
        labels.font.size = Pt(font_size - 1)
        labels.position = XL_LABEL_POSITION.CENTER if spec.kind == "stacked_bar" else XL_LABEL_POSITION.OUTSIDE_END

    value_axis = chart.value_axis
    value_axis.tick_labels.number_format = spec.number_format
    value_axis.tick_labels.number_format_is_linked = False
    value_axis.tick_labels.font.size = Pt(font_size)
    value_axis.has_major_gridlines = True
    value_axis.major_gridlines.format.line.color.rgb = _rgb(palette.GREY_LIGHT)
    value_axis.format.line.fill.background()
    if spec.y_title:
        value_axis.has_title = True
        value_axis.axis_title.text_frame.text = spec.y_title
        for para in value_axis.axis_title.text_frame.paragraphs:
            for run in para.runs:
                run.font.size = Pt(font_size)
                run.font.bold = False
    category_axis = chart.category_axis
    category_axis.tick_labels.font.size = Pt(font_size)
    category_axis.format.line.color.rgb = _rgb(palette.GREY)
    category_axis.has_major_gridlines = False
    if spec.kind == "barh":
        category_axis.reverse_order = True  # first category on top, as read
        # … and the value axis crosses at the last category, i.e. stays at the bottom
        value_axis._element._remove_crosses()
        value_axis._element._add_crosses(val=XL_AXIS_CROSSES.MAXIMUM)
    chart.has_legend = len(spec.series) > 1
    if chart.has_legend:
        chart.legend.position = XL_LEGEND_POSITION.BOTTOM
        chart.legend.include_in_layout = False
        chart.legend.font.size = Pt(font_size)
    return chart


# ---------------------------------------------------------------------------------------------
# table


def _table_pages(df: pd.DataFrame, rows: int) -> list[tuple[int, pd.DataFrame]]:
    if len(df) == 0:
        return [(0, df)]
    return [(i // rows, df.iloc[i:i + rows]) for i in range(0, len(df), rows)]


def _column_widths(cols: list[str], texts: list[list[str]], available: int, font_size: float) -> list[int]:
    """Natural widths (longest text, one line); when they do not fit, short columns (numbers,
    dates, codes) keep theirs and the long text columns share the rest and wrap."""
    per_char = Inches(0.11 * font_size / 12)  # bold header text included
    pad = Inches(0.35)  # cell margins
    lengths = [max([len(line) for line in c.split("\n")] + [len(r[j]) for r in texts]) for j, c in enumerate(cols)]
    natural = [int(pad + max(n, 4) * per_char) for n in lengths]
    if sum(natural) <= available:
        return natural
    short = [n <= 12 for n in lengths]
    fixed = sum(w for w, s in zip(natural, short) if s)
    flexible = sum(w for w, s in zip(natural, short) if not s)
    if not flexible or fixed >= available:
        return [int(available * w / sum(natural)) for w in natural]
    rest = available - fixed
    return [w if s else int(rest * w / flexible) for w, s in zip(natural, short)]


def add_table(slide, df: pd.DataFrame, formats: dict[str, str], box, font_size: float):
    """A native table: header row in the accent colour, German number text, numbers right-aligned."""
    left, top, width, max_height = box
    cols = [str(c) for c in df.columns]
    texts = [[model.cell_text(v, formats.get(c)) for c, v in zip(cols, row)] for row in df.itertuples(index=False)]
    # rows shrink (down to one line of text) to stay above the footer
    row_h = max(min(Inches(0.36 * font_size / 12), int(max_height / (len(texts) + 1))), Pt(font_size * 1.5))
    height = int(row_h * (len(texts) + 1))
    widths = _column_widths(cols, texts, int(width), font_size)
    width = sum(widths)
    shape = slide.shapes.add_table(len(texts) + 1, len(cols), left, top, width, height)
    shape.name = "Tabelle"
    table = shape.table
    table.first_row = True
    table.horz_banding = False
    for j, w in enumerate(widths):
        table.columns[j].width = Emu(w)
    numeric = [c in formats for c in cols]
    for i in range(len(texts) + 1):
        table.rows[i].height = Emu(int(row_h))
        for j, col in enumerate(cols):
            cell = table.cell(i, j)
            header = i == 0
            text = col if header else texts[i - 1][j]
            cell.fill.solid()
            cell.fill.fore_color.rgb = _rgb(palette.ACCENT if header else
                                            (palette.GREY_BG if i % 2 == 0 else palette.BACKGROUND))
            cell.margin_top = cell.margin_bottom = Inches(0.03)
            cell.vertical_anchor = MSO_ANCHOR.MIDDLE
            colour = palette.BACKGROUND if header else palette.TEXT
            _set_text(cell.text_frame, [(text, font_size, colour, header)], font_size,
                      align=PP_ALIGN.RIGHT if numeric[j] else PP_ALIGN.LEFT)
    return table


# ---------------------------------------------------------------------------------------------
# map


class _Projection:
    """lon/lat → slide EMU: equirectangular with cos(latitude) so districts keep their shape."""

    def __init__(self, bounds, box) -> None:
        min_lon, min_lat, max_lon, max_lat = bounds
        left, top, width, height = box
        self.kx = math.cos(math.radians((min_lat + max_lat) / 2))
        dx = max((max_lon - min_lon) * self.kx, 1e-9)
        dy = max(max_lat - min_lat, 1e-9)
        self.scale = min(width / dx, height / dy)
        self.min_lon, self.max_lat = min_lon, max_lat
        self.ox = left + (width - dx * self.scale) / 2
        self.oy = top + (height - dy * self.scale) / 2

    def __call__(self, lon: float, lat: float) -> tuple[int, int]:
        return (int(round(self.ox + (lon - self.min_lon) * self.kx * self.scale)),
                int(round(self.oy + (self.max_lat - lat) * self.scale)))


def add_map(slide, spec: MapSpec, box, scale: float = 1.0) -> int:
    """District polygons as freeform shapes coloured by class, value labels, points and a legend.
    Returns the number of district shapes."""
    left, top, width, height = box
    legend_w = Inches(3.2)
    map_box = (left, top, width - legend_w - Inches(0.2), height)
    b = model.bounds(spec)
    if b is None:
        return 0
    project = _Projection(b, map_box)
    classes = spec.classes()
    count = 0
    for feature in spec.features():
        rings = model.feature_rings(feature)
        if not rings:
            continue
        props = feature.get("properties", {})
        did = str(props.get("district_id", ""))
        value = spec.values.get(did)
        colour = spec.colour_of(value, classes)
        first = [project(*p) for p in rings[0]]
        builder = slide.shapes.build_freeform(first[0][0], first[0][1], scale=1.0)
        builder.add_line_segments(first[1:], close=True)
        for ring in rings[1:]:
            pts = [project(*p) for p in ring]
            builder.move_to(*pts[0])
            builder.add_line_segments(pts[1:], close=True)
        shape = builder.convert_to_shape()
        shape.name = f"Bezirk {did} {props.get('name', '')}".strip()
        shape.fill.solid()
        shape.fill.fore_color.rgb = _rgb(colour)
        shape.line.color.rgb = _rgb(palette.BACKGROUND)
        shape.line.width = Pt(1.25 * scale)
        _plain(shape)
        count += 1
        anchor = model.feature_label_point(feature)
        if anchor is not None:
            _district_label(slide, spec, did, value, colour, project(*anchor), _extent(project, rings), scale)
    sizes = [float(p[3]) for p in spec.points if p[3] is not None and float(p[3]) > 0]
    biggest = max(sizes) if sizes else 1.0
    at = [project(float(p[1]), float(p[0])) for p in spec.points]  # points are (lat, lon, label, size)
    # names next to the points only when there are few and they do not crowd each other
    spaced = all(math.dist(a, b) >= Inches(0.8) for i, a in enumerate(at) for b in at[i + 1:])
    for (lat, lon, text, size), (x, y) in zip(spec.points, at):
        rel = math.sqrt(float(size) / biggest) if size and float(size) > 0 else 0.3
        d = int(Inches(0.1) + rel * Inches(0.2))
        dot = slide.shapes.add_shape(MSO_SHAPE.OVAL, x - d // 2, y - d // 2, d, d)
        dot.name = f"Punkt {text}"
        dot.fill.solid()
        dot.fill.fore_color.rgb = _rgb(palette.TEXT)
        dot.line.color.rgb = _rgb(palette.BACKGROUND)
        dot.line.width = Pt(1)
        _plain(dot)
        if len(spec.points) <= 12 and spaced:
            tb = slide.shapes.add_textbox(x + d // 2, y - Inches(0.15), Inches(2.2), Inches(0.3))
            tb.name = f"Punktbeschriftung {text}"
            _set_text(tb.text_frame, [(text, 9 * scale, palette.TEXT, False)], 9 * scale)
    _map_legend(slide, spec, classes, (left + width - legend_w, top, legend_w, height), scale)
    return count


def _extent(project, rings) -> tuple[int, int]:
    """Projected width and height of a district's largest ring."""
    pts = [project(*p) for p in max(rings, key=model.ring_area)]
    xs, ys = [p[0] for p in pts], [p[1] for p in pts]
    return max(xs) - min(xs), max(ys) - min(ys)


def _district_label(slide, spec: MapSpec, did: str, value, colour: str, at, extent, scale: float) -> None:
    """District id and value at the centroid; only the id where the district is small, nothing
    where even that would not fit (the values are also in the Excel file)."""
    width, height = extent
    x, y = at
    if width >= Inches(0.75) and height >= Inches(0.45):
        lines, w, h = [did, model.format_number(value, spec.number_format)], Inches(0.9), Inches(0.44)
    elif width >= Inches(0.3) and height >= Inches(0.22):
        lines, w, h = [did], Inches(0.4), Inches(0.24)
    else:
        return
    box = slide.shapes.add_textbox(x - w // 2, y - h // 2, w, h)
    box.name = f"Beschriftung {did}"
    frame = box.text_frame
    frame.margin_left = frame.margin_right = frame.margin_top = frame.margin_bottom = 0
    frame.vertical_anchor = MSO_ANCHOR.MIDDLE
    frame.word_wrap = False
    text_colour = palette.BACKGROUND if _is_dark(colour) else palette.TEXT
    size = 9 * scale if len(lines) == 2 else 8 * scale
    _set_text(frame, [(lines[0], size, text_colour, True)] + [(t, size, text_colour, False) for t in lines[1:]],
              size, align=PP_ALIGN.CENTER)


def _map_legend(slide, spec: MapSpec, classes, box, scale: float) -> None:
    left, top, width, _ = box
    title = slide.shapes.add_textbox(left, top, width, Inches(0.6))
    title.name = "Legende"
    _set_text(title.text_frame, [(spec.legend_title, 13 * scale, palette.TEXT, True)], 13 * scale)
    entries = [(c.colour, c.label) for c in classes]
    if spec.has_missing():
        entries.append((model.MISSING_COLOUR, spec.missing_label))
    y = top + Inches(0.7)
    for colour, text in entries:
        sw = slide.shapes.add_shape(MSO_SHAPE.RECTANGLE, left, y, Inches(0.4), Inches(0.28))
        sw.name = f"Legende {text}"
        sw.fill.solid()
        sw.fill.fore_color.rgb = _rgb(colour)
        sw.line.color.rgb = _rgb(palette.GREY_LIGHT)
        _plain(sw)
        tb = slide.shapes.add_textbox(left + Inches(0.5), y - Inches(0.04), width - Inches(0.5), Inches(0.36))
        _set_text(tb.text_frame, [(text, 12 * scale, palette.TEXT, False)], 12 * scale)
        y += Inches(0.4)
    if spec.points:
        dot = slide.shapes.add_shape(MSO_SHAPE.OVAL, left + Inches(0.1), y + Inches(0.06), Inches(0.18), Inches(0.18))
        dot.fill.solid()
        dot.fill.fore_color.rgb = _rgb(palette.TEXT)
        dot.line.fill.background()
        _plain(dot)
        tb = slide.shapes.add_textbox(left + Inches(0.5), y - Inches(0.04), width - Inches(0.5), Inches(0.36))
        _set_text(tb.text_frame, [(spec.points_label or "Standorte", 12 * scale, palette.TEXT, False)], 12 * scale)
