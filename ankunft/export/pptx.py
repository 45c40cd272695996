"""PowerPoint export (python-pptx): native, editable charts, tables and district maps.

Slides, in order:
1. title slide (title, city and Stand, author),
2. KPI slide (tiles as shapes) when the report has KPIs,
3. per section: a map slide when it has a map, a chart slide when it has a chart, and table
   slides (12 rows each, 10 in council mode) when it has a table but neither chart nor map,
4. "Annahmen und Quellen" when the report lists assumptions or sources;
"Inhalt" (every topic with its first slide's number) is moved in as the second slide, and every slide
but the title slide carries its number ("3 / 15") at the bottom right.

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
from pptx.enum.shapes import PP_PLACEHOLDER
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.util import Emu, Inches, Pt

from ankunft.core import fmt, palette
from ankunft.export.pptx_charts import add_chart, add_table, table_pages
from ankunft.export.pptx_findings import findings_slide
from ankunft.export.pptx_maps import add_map
from ankunft.export.pptx_scenario import add_side_table
from ankunft.export.pptx_text import (
    EMU_PER_PT,
    KPI_SIZES,
    KPI_SIZES_LARGE,
    calibri_width_pt,
    filled_box,
    kpi_value_size,
    lines_height_pt,
    rgb,
    set_text,
    text_width_pt,
)
from ankunft.importing.io import guards
from ankunft.views import report_model as model
from ankunft.views.report_model import Kpi, Report, Section

SLIDE_W_16_9 = Emu(12192000)  # 13,333 in
SLIDE_H_16_9 = Emu(6858000)  # 7,5 in
MARGIN = Inches(0.5)
TABLE_ROWS = 12
TABLE_ROWS_COUNCIL = 10
TILE_INSET = Inches(0.12)
NUMBER_W = Inches(0.9)  # slide number at the bottom right
HIDDEN_NOTE = ("(≤2) bzw. (•) am Balken: Werte zum Schutz kleiner Fallzahlen ausgeblendet – der Balken zeigt nur "
               "die veröffentlichten Teile.")

_CT_TEMPLATE = b"application/vnd.openxmlformats-officedocument.presentationml.template.main+xml"
_CT_PRESENTATION = b"application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml"
_MB = 1024 * 1024
# a city template: masters, layouts, a few pictures. The import guards with tighter totals
TEMPLATE_LIMITS = guards.Limits(max_uncompressed_bytes=150 * _MB, max_entry_bytes=60 * _MB, max_entries=2_000)
TEMPLATE_WORDING = guards.ZipWording(container="Die Vorlage", kind="eine PowerPoint-Vorlage", parts_of="der Vorlage",
                                     content="eine PowerPoint-Vorlage",
                                     hint="Bitte die Vorlage in PowerPoint ohne eingebettete Videos neu speichern.")
_INVALID_TEMPLATE = "Die Vorlage ist keine gültige PowerPoint-Datei (.pptx oder .potx)."


def build(report: Report, template: bytes | None = None) -> bytes:
    """The report as a .pptx file (bytes). `template`: the city's .pptx or .potx file (bytes);
    its masters, layouts and slide size are used, its own slides are dropped."""
    deck = _Deck(report, template)
    deck.title_slide()
    kpis = report.overview_kpis()
    if kpis:
        deck.mark("Kennzahlen auf einen Blick")
        deck.kpi_slide(kpis)
    for section in report.sections:
        deck.mark(section.title)
        if section.key == "findings" and report.findings:
            findings_slide(deck, section, report.findings)
        else:
            deck.section_slides(section)
    if report.assumptions or report.sources:
        deck.mark("Annahmen und Quellen")
        deck.sources_slide()
    deck.agenda_slide()
    deck.number_slides()
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


def check_template(template: bytes) -> None:
    """The import's zip guards (size, entries, entry sizes, ratio, encryption, DTDs) before python-pptx
    unpacks anything; ValueError with the German reason when the template is refused."""
    try:
        guards.inspect_zip_package(template, TEMPLATE_LIMITS, TEMPLATE_WORDING)
    except guards.ReadError as exc:
        raise ValueError(_INVALID_TEMPLATE if exc.code == "corrupt_file" else exc.message) from None


def template_problem(template: bytes) -> str | None:
    """Why the city template cannot be used (German), or None: the checks :func:`build` makes (zip
    guards, python-pptx opens it), without building a deck (the Bericht page says it before a click)."""
    try:
        _open(template)
    except ValueError as exc:
        return str(exc)
    return None


def _open(template: bytes | None):
    if template is None:
        prs = Presentation()
        _widen_default(prs)
        return prs, False
    check_template(template)
    try:
        prs = Presentation(io.BytesIO(potx_to_pptx(template)))
    except Exception as exc:  # noqa: BLE001 - whatever python-pptx trips over: the template is unusable
        raise ValueError(_INVALID_TEMPLATE) from exc
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


class _Deck:
    def __init__(self, report: Report, template: bytes | None) -> None:
        self.report = report
        self.prs, self.templated = _open(template)
        self.W = self.prs.slide_width
        self.H = self.prs.slide_height
        self.s = 1.15 if report.council else 1.0  # larger type in council mode (projector)
        self.content_layout = _content_layout(self.prs)
        self.title_layout = _title_layout(self.prs)
        self.topics: list[tuple[str, int]] = []  # agenda: topic, index of its first slide

    def mark(self, topic: str) -> None:
        """Remember where a topic of the agenda starts (the next slide)."""
        self.topics.append((topic, len(self.prs.slides)))

    def agenda_slide(self) -> None:
        """"Inhalt" as the second slide: every topic with the number of its first slide."""
        if not self.topics:
            return
        slide, title_shape = self.new_slide("Inhalt")
        top = self.body_top(title_shape) + Inches(0.1)
        rows = [(topic, str(index + 2)) for topic, index in self.topics]  # +1: 1-based, +1: this slide
        df = pd.DataFrame(rows, columns=["Thema", "Folie"])
        add_table(slide, df, {"Folie": "#,##0"}, (MARGIN, top, int(self.W * 0.6), self.footer_top - top - Inches(0.1)),
                  self.pt(14))
        self.footer(slide, self.report.caption())
        self.notes(slide, "Inhalt:\n" + "\n".join(f"• {topic} (Folie {n})" for topic, n in rows))
        ids = self.prs.slides._sldIdLst
        agenda = list(ids)[-1]
        ids.remove(agenda)
        ids.insert(1, agenda)

    def number_slides(self) -> None:
        """"n / N" at the bottom right of every slide but the title slide."""
        total = len(self.prs.slides)
        for n, slide in enumerate(self.prs.slides, start=1):
            if n == 1:
                continue
            box = slide.shapes.add_textbox(self.W - MARGIN - NUMBER_W, self.H - Inches(0.7), NUMBER_W, Inches(0.6))
            box.name = "Foliennummer"
            box.text_frame.vertical_anchor = MSO_ANCHOR.BOTTOM
            set_text(box.text_frame, [(f"{n} / {total}", self.pt(10), palette.GREY, False)], self.pt(10),
                     align=PP_ALIGN.RIGHT)

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
                run.font.color.rgb = rgb(palette.ACCENT)
        if not self.templated and layout is not self.title_layout:
            para.alignment = PP_ALIGN.LEFT
            frame.vertical_anchor = MSO_ANCHOR.MIDDLE
        return slide, title_shape

    def body_top(self, title_shape) -> int:
        return int(title_shape.top + title_shape.height + Inches(0.1))

    def footer(self, slide, first_line: str) -> None:
        width = self.W - 2 * MARGIN - NUMBER_W
        inner = width / EMU_PER_PT - 2 * 7.2
        def one_line(text: str, sizes: tuple) -> float:  # the largest size at which the text fits one line
            return next((self.pt(x) for x in sizes if calibri_width_pt(text, self.pt(x)) <= inner), self.pt(7))

        lines = [(first_line, one_line(first_line, (10, 9, 8, 7.5)), palette.GREY, False)]
        if self.report.stamp:  # the data-state stamp on one line: 9 pt, smaller when it is long
            lines.append((self.report.stamp, one_line(self.report.stamp, (9, 8, 7.5)), palette.GREY, False))
        if self.report.threshold_line:  # council: the Stand's recorded threshold on every slide
            lines.append((self.report.threshold_line, self.pt(8), palette.GREY, False))
        box = slide.shapes.add_textbox(MARGIN, self.H - Inches(0.7), width, Inches(0.6))
        box.name = "Fußzeile"
        box.text_frame.vertical_anchor = MSO_ANCHOR.BOTTOM
        set_text(box.text_frame, lines, self.pt(10))
        for para in box.text_frame.paragraphs:
            para.space_after = Pt(0)

    def headline(self, slide, text: str, top: int) -> int:
        """The section's statement under the title, as high as its wrapped lines (16 pt, 14 pt when it
        would take three lines); returns the height it takes including the gap below."""
        width = self.W - 2 * MARGIN
        inner = width / EMU_PER_PT - 2 * 7.2
        size = self.pt(16)
        if lines_height_pt([(text, size, None, False)], inner) > 2 * size * 1.22 + 1:
            size = self.pt(14)
        height = int((lines_height_pt([(text, size, None, False)], inner) + 2 * 3.6 + 2) * EMU_PER_PT)
        box = slide.shapes.add_textbox(MARGIN, top, width, height)
        box.name = "Aussage"
        set_text(box.text_frame, [(text, size, palette.TEXT, False)], size)
        return height + Inches(0.08)

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
        set_text(sub.text_frame, [(lines[0], self.pt(22), text_colour, False)]
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
        # a long label: smaller label type until every tile's text fits its height
        small = next((x for x in (14, 13, 12, 11, 10)
                      if self.tiles_height(kpis, per_row, 0, large=True, small=x) <= tile_h), 10)
        for i, kpi in enumerate(kpis):
            row, col = divmod(i, per_row)
            self.tile(slide, kpi, col, per_row, top + row * (tile_h + Inches(0.25)), tile_h, large=True, small=small)
        self.footer(slide, self.report.caption())
        lines = [f"{k.label}: {k.value_text}" + (f" ({k.change_text})" if k.change_text else "") for k in kpis]
        self.notes(slide, "Kennzahlen:\n" + "\n".join(f"• {line}" for line in lines)
                   + ("\n\n" + self.report.stamp if self.report.stamp else ""))

    def tile_width(self, per_row: int) -> int:
        gap = Inches(0.25)
        return min(int((self.W - 2 * MARGIN - (per_row - 1) * gap) / per_row), Inches(3.8))

    def tile_lines(self, kpi: Kpi, inner_pt: float, large: bool, small: float | None = None) -> list:
        small = small or (14 if large else 11)
        value_size = kpi_value_size(kpi.value_text, inner_pt, KPI_SIZES_LARGE if large else KPI_SIZES, self.s)
        lines = [(kpi.value_text, value_size, palette.ACCENT, True), (kpi.label, self.pt(small), palette.TEXT, False)]
        if kpi.change_text:
            lines.append((kpi.change_text, self.pt(small - 1), palette.GREY, False))
        return lines

    def tiles_height(self, kpis: list[Kpi], per_row: int, minimum: int, large: bool = False,
                     small: float | None = None) -> int:
        """Height of a row of tiles: `minimum`, or more where a label wraps (measured, never clipped)."""
        inner_pt = (self.tile_width(per_row) - 2 * TILE_INSET) / EMU_PER_PT
        need = max(lines_height_pt(self.tile_lines(k, inner_pt, large, small), inner_pt) for k in kpis)
        return max(minimum, int((need + 2 * 3.6 + 4) * EMU_PER_PT))

    def tile(self, slide, kpi: Kpi, col: int, per_row: int, top: int, height: int, large: bool = False,
             small: float | None = None) -> None:
        gap = Inches(0.25)
        width = self.tile_width(per_row)
        shape = filled_box(slide, MARGIN + col * (width + gap), top, width, height, palette.GREY_BG,
                           f"Kennzahl {kpi.label}", TILE_INSET)
        frame = shape.text_frame
        small = small or (14 if large else 11)
        inner_pt = (width - frame.margin_left - frame.margin_right) / EMU_PER_PT
        lines = self.tile_lines(kpi, inner_pt, large, small)
        set_text(frame, lines, self.pt(small), align=PP_ALIGN.LEFT)
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
            pages = table_pages(section.table, TABLE_ROWS_COUNCIL if self.report.council else TABLE_ROWS)
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
                top += self.headline(slide, section.headline, top)
            if section.kpis and i == 0:
                kpis = section.kpis[:5]
                per_row = max(len(kpis), 3)
                tile_h = self.tiles_height(kpis, per_row, Inches(0.95))
                for j, kpi in enumerate(kpis):
                    self.tile(slide, kpi, j, per_row, top, tile_h)
                top += tile_h + Inches(0.15)
            box = (MARGIN, top, self.W - 2 * MARGIN, self.footer_top - top - Inches(0.05))
            if kind == "chart":
                markers = self.hidden_markers(section)
                if markers:  # said on the slide itself, where the bars are
                    note_h = Inches(0.4)
                    note = slide.shapes.add_textbox(MARGIN, box[1] + box[3] - note_h, box[2], note_h)
                    note.name = "Hinweis ausgeblendet"
                    set_text(note.text_frame, [(HIDDEN_NOTE, self.pt(11), palette.GREY, False)], self.pt(11))
                    box = (box[0], box[1], box[2], box[3] - note_h - Inches(0.05))
                if section.side_table is not None and len(section.side_table):
                    box = add_side_table(slide, section.side_table, box, self.pt)
                add_chart(slide, section.chart, box, self.pt(12), markers)
            elif kind == "map":
                add_map(slide, section.map, box, self.pt(1))
            elif kind == "table":
                add_table(slide, page[1], model.column_formats(section), box, self.pt(12))
            self.footer(slide, section.caption())
            self.notes(slide, self.report.notes_for(section))

    def hidden_markers(self, section: Section) -> dict[int, str]:
        """Ratsfassung: category index → marker for every bar category with a hidden value (the marker
        the section's table shows for that row and series, else "•")."""
        spec = section.chart
        if not self.report.council or spec is None or spec.kind not in ("bar", "stacked_bar", "barh"):
            return {}
        table = section.table if section.has_table() else None
        rows = {}
        if table is not None and len(table.columns):
            rows = {str(r[table.columns[0]]): r for _, r in table.iterrows()}
        out = {}
        for i, cat in enumerate(spec.categories):
            hidden = [s.name for s in spec.series if s.values[i] is None]
            if not hidden:
                continue
            row = rows.get(cat)
            shown = [row[n] for n in hidden if row is not None and n in row.index and isinstance(row[n], str)]
            out[i] = next((m for m in shown if m.strip() not in ("", "–")), "•")
        return out

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
