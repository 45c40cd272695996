"""Native PowerPoint charts and tables of the report (python-pptx `add_chart`, `add_table`)."""

from __future__ import annotations

import re

import pandas as pd
from pptx.chart.data import CategoryChartData
from pptx.enum.chart import XL_AXIS_CROSSES, XL_CHART_TYPE, XL_LABEL_POSITION, XL_LEGEND_POSITION, XL_MARKER_STYLE
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.util import Emu, Inches, Pt

from ankunft.core import palette, reference
from ankunft.export.pptx_text import rgb, set_text
from ankunft.export.safe import neutralise
from ankunft.views import report_model as model
from ankunft.views.report_model import ChartSpec

MAX_DATA_LABELS = 36  # more points than this: no data labels (they would overlap)
MAX_LINE_LABELS = 8  # a line over more categories than this: no value labels

CHART_TYPES = {
    "bar": XL_CHART_TYPE.COLUMN_CLUSTERED,
    "stacked_bar": XL_CHART_TYPE.COLUMN_STACKED,
    "barh": XL_CHART_TYPE.BAR_CLUSTERED,
    "line": XL_CHART_TYPE.LINE_MARKERS,
    "pie": XL_CHART_TYPE.PIE,
}


def short_district(did: str) -> str:
    """`09 Kaiserslautern-West` for a district id: the name up to "/" or "(" (tight chart axes)."""
    name = reference.DISTRICT_NAMES.get(did, "")
    name = re.split(r"\s*[/(]", name)[0].strip()
    return f"{did} {name}" if name else did


def category_labels(spec: ChartSpec, markers: dict[int, str] | None = None) -> list[str]:
    """Axis labels: district ids get their (short) name, a category with hidden values its marker."""
    cats = list(spec.categories)
    if cats and all(c in reference.DISTRICT_NAMES for c in cats):
        cats = [short_district(c) for c in cats]
    for i, marker in (markers or {}).items():
        cats[i] = f"{cats[i]} ({marker})"
    return cats


def add_chart(slide, spec: ChartSpec, box, font_size: float, markers: dict[int, str] | None = None):
    """A native chart from the spec; returns the chart object. `markers`: category index → the marker
    of its hidden values, shown on the bar's label."""
    data = CategoryChartData(number_format=spec.number_format)
    # python-pptx writes the embedded workbook with xlsxwriter's write(): neutralise text.
    data.categories = [neutralise(c) for c in category_labels(spec, markers)]
    for s in spec.series:
        data.add_series(neutralise(s.name), list(s.values), number_format=spec.number_format)
    frame = slide.shapes.add_chart(CHART_TYPES[spec.kind], *box, data)
    frame.name = f"Diagramm {spec.y_title}".strip()
    chart = frame.chart
    chart.has_title = False
    chart.font.size = Pt(font_size)
    chart.font.color.rgb = rgb(palette.TEXT)
    plot = chart.plots[0]
    n_points = len(spec.categories) * len(spec.series)

    if spec.kind == "pie":
        colours = spec.colours_for_categories()
        for i, point in enumerate(plot.series[0].points):
            point.format.fill.solid()
            point.format.fill.fore_color.rgb = rgb(colours[i])
            point.format.line.color.rgb = rgb(palette.BACKGROUND)
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
            series.format.line.color.rgb = rgb(s.colour)
            series.format.line.width = Pt(2.75)
            series.marker.style = XL_MARKER_STYLE.CIRCLE
            series.marker.size = 7
            series.marker.format.fill.solid()
            series.marker.format.fill.fore_color.rgb = rgb(s.colour)
            series.marker.format.line.color.rgb = rgb(s.colour)
        else:
            series.format.fill.solid()
            series.format.fill.fore_color.rgb = rgb(s.colour)
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
    elif spec.kind == "line" and len(spec.categories) <= MAX_LINE_LABELS:  # a few Stände: every value at its point
        plot.has_data_labels = True
        labels = plot.data_labels
        labels.number_format = spec.number_format
        labels.number_format_is_linked = False
        labels.font.size = Pt(font_size - 1)
        labels.position = XL_LABEL_POSITION.ABOVE

    value_axis = chart.value_axis
    value_axis.tick_labels.number_format = spec.number_format
    value_axis.tick_labels.number_format_is_linked = False
    value_axis.tick_labels.font.size = Pt(font_size)
    value_axis.has_major_gridlines = True
    value_axis.major_gridlines.format.line.color.rgb = rgb(palette.GREY_LIGHT)
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
    category_axis.format.line.color.rgb = rgb(palette.GREY)
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


def table_pages(df: pd.DataFrame, rows: int) -> list[tuple[int, pd.DataFrame]]:
    if len(df) == 0:
        return [(0, df)]
    return [(i // rows, df.iloc[i:i + rows]) for i in range(0, len(df), rows)]


def column_widths(cols: list[str], texts: list[list[str]], available: int, font_size: float) -> list[int]:
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
    widths = column_widths(cols, texts, int(width), font_size)
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
            cell.fill.fore_color.rgb = rgb(palette.ACCENT if header else
                                            (palette.GREY_BG if i % 2 == 0 else palette.BACKGROUND))
            cell.margin_top = cell.margin_bottom = Inches(0.03)
            cell.vertical_anchor = MSO_ANCHOR.MIDDLE
            colour = palette.BACKGROUND if header else palette.TEXT
            set_text(cell.text_frame, [(text, font_size, colour, header)], font_size,
                      align=PP_ALIGN.RIGHT if numeric[j] else PP_ALIGN.LEFT)
    return table
