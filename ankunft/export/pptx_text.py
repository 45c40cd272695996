"""Text and shape helpers of the PowerPoint export: the width of a line of text, the size of a KPI
value, colours, shapes without theme style, and text frames filled line by line."""

from __future__ import annotations

from pptx.dml.color import RGBColor
from pptx.enum.shapes import MSO_SHAPE
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.util import Pt

from ankunft.core import palette

EMU_PER_PT = 12700
# value of a tile on the KPI slide, pt (before council scaling); 18 and 16 only for narrow tiles
# (4:3 templates) with long amounts, so that a value never breaks before its unit
KPI_SIZES_LARGE = (32, 30, 28, 26, 24, 22, 20, 18, 16)
KPI_SIZES = (20, 18, 16, 14)  # value of a tile on a section slide

# Advance widths in em of DejaVu Sans Bold — the face LibreOffice falls back to when Calibri is
# missing and wider than Calibri or Arial, so an estimate from it is on the safe side everywhere.
_EM = {" ": 0.35, "\u00a0": 0.35, ".": 0.38, ",": 0.38, ":": 0.4, ";": 0.4, "€": 0.7, "%": 1.0, "−": 0.84, "+": 0.84,
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


def rgb(hex_colour: str) -> RGBColor:
    return RGBColor.from_string(hex_colour.lstrip("#").upper()[:6])


def filled_box(slide, left: int, top: int, width: int, height: int, colour: str, name: str, inset: int = 0):
    """A plain filled rectangle without outline whose text sits in the middle (tiles, numbers)."""
    shape = slide.shapes.add_shape(MSO_SHAPE.RECTANGLE, left, top, width, height)
    shape.name = name
    shape.fill.solid()
    shape.fill.fore_color.rgb = rgb(colour)
    shape.line.fill.background()
    plain(shape)
    frame = shape.text_frame
    frame.vertical_anchor = MSO_ANCHOR.MIDDLE
    frame.margin_left = frame.margin_right = inset
    return shape


def plain(shape):
    """Drop the theme style reference of an autoshape/freeform (no theme shadow or outline);
    fill and line are then set explicitly."""
    style = shape._element.find("{http://schemas.openxmlformats.org/presentationml/2006/main}style")
    if style is not None:
        shape._element.remove(style)
    return shape


def set_text(frame, lines, size: float, colour: str | None = palette.TEXT, bold_first: bool = False,
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
            run.font.color.rgb = rgb(line_colour)


# ---------------------------------------------------------------------------------------------
# layout check: does every text fit its shape, and do shapes with text keep apart?

# Advance widths of Calibri (measured from Carlito, its metric twin that LibreOffice uses), in 1/250 em,
# regular and bold, for the characters of `_CAL_CHARS`; other characters count 0.6 em.
_CAL_CHARS = ' !"#$%&\'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~äöüÄÖÜßé€–−„“”‚‘’·•≤≥±²³…→×÷°§'
_CAL_REGULAR = bytes.fromhex("3851647c7eb2aa374b4b7c7c3e4c3f607e7e7e7e7e7e7e7e7e7e43437c7c7c73df908885997a729d9b3f4f8269d5a1a581a8877279a08dde8179754c604c7c7c48778369837c4c7583393b7139c7838383835761538371b26c71624e734e7c77838390a5a0837c7e7c7c6868683e3e3e3f7c7c7c7c5453ace27c7c547c")
_CAL_BOLD = bytes.fromhex("38516d7c7eb6b03a4e4e7c7c404c426b7e7e7e7e7e7e7e7e7e7e45457c7c7c73e0978c849d7a729f9d42528869daa4a985ab8c767ba393e2898277516b517c7c4b7b8668867d4f76863d3f783dcb868686865863568676ba7276635676567c7b868697a9a38a7d7e7c7c6c6c6c404040437c7c7c7c5454b1e27c7c557c")
_CAL_INDEX = {c: i for i, c in enumerate(_CAL_CHARS)}
CHECK_MARGIN = 1.05  # the check measures 5 % wider than Calibri (hinting, kerning differences)


def calibri_width_pt(text: str, size: float, bold: bool = False) -> float:
    """Width (pt) of one line of Calibri/Carlito at `size` pt, 5 % generous (the layout check's measure)."""
    table = _CAL_BOLD if bold else _CAL_REGULAR
    em = sum(table[_CAL_INDEX[c]] / 250 if c in _CAL_INDEX else 0.6 for c in str(text))
    return em * size * CHECK_MARGIN


LINE_HEIGHT = 1.22  # line pitch of Calibri/Carlito in em
DEFAULT_SIZE = 18.0  # PowerPoint's size of a run without one
_TOLERANCE_PT = 2.0
_INSET_LR, _INSET_TB = 7.2, 3.6  # default text insets, pt


def _size_of(para, default: float) -> float:
    sizes = [r.font.size.pt for r in para.runs if r.font.size is not None]
    if para.font.size is not None:
        sizes.append(para.font.size.pt)
    return max(sizes) if sizes else default


def wrapped_lines(text: str, size: float, width_pt: float, bold: bool = False) -> int:
    """Lines a paragraph takes when wrapped greedily at spaces into `width_pt` (a word longer than
    the width is broken like PowerPoint does, by characters)."""
    lines, current = 1, 0.0
    space = calibri_width_pt(" ", size, bold)
    for word in text.split(" "):
        w = calibri_width_pt(word, size, bold)
        if current and current + space + w <= width_pt:
            current += space + w
            continue
        if current:
            lines += 1
        while w > width_pt > 0:  # an over-long word breaks by characters
            lines += 1
            w -= width_pt
        current = w
    return lines


def text_extent_pt(frame, width_pt: float, wrap: bool | None = None) -> tuple[float, float]:
    """(widest line, total height) in pt of a text frame's paragraphs laid out into `width_pt`."""
    wrap = frame.word_wrap is not False if wrap is None else wrap
    widest = height = 0.0
    for para in frame.paragraphs:
        size = _size_of(para, DEFAULT_SIZE)
        text = "".join(r.text for r in para.runs) or " "
        bold = bool(para.runs) and para.runs[0].font.bold is True
        widest = max(widest, max(calibri_width_pt(line, size, bold) for line in text.split("\v")))
        n = sum(wrapped_lines(line, size, width_pt, bold) if wrap else 1 for line in text.split("\v"))
        extra = sum(x.pt for x in (para.space_before, para.space_after) if x is not None)
        height += n * size * LINE_HEIGHT + extra
    return widest, height


def _insets(frame) -> tuple[float, float, float, float]:
    def pt(v, default):
        return v / EMU_PER_PT if v is not None else default
    body = frame._txBody.bodyPr
    return (pt(body.lIns, _INSET_LR), pt(body.rIns, _INSET_LR), pt(body.tIns, _INSET_TB), pt(body.bIns, _INSET_TB))


def _frame_problem(frame, width_emu: int, height_emu: int) -> str:
    """Why the text of a frame does not fit a width × height box ('' when it fits)."""
    left, right, top, bottom = _insets(frame)
    inner_w = width_emu / EMU_PER_PT - left - right
    inner_h = height_emu / EMU_PER_PT - top - bottom
    widest, height = text_extent_pt(frame, inner_w)
    if frame.word_wrap is False and widest > inner_w + _TOLERANCE_PT:
        return f"line {widest:.0f} pt wide in {inner_w:.0f} pt"
    if height > inner_h + _TOLERANCE_PT:
        return f"text {height:.0f} pt high in {inner_h:.0f} pt"
    return ""


def _table_height(shape) -> int:
    """Rendered height (EMU) of a table: a row grows to the wrapped text of its tallest cell."""
    table = shape.table
    widths = [c.width for c in table.columns]
    total = 0
    for row in table.rows:
        need = row.height
        for j, cell in enumerate(row.cells):
            body_w = widths[j] / EMU_PER_PT - (cell.margin_left + cell.margin_right) / EMU_PER_PT
            _, h = text_extent_pt(cell.text_frame, body_w, wrap=True)
            need = max(need, int((h + (cell.margin_top + cell.margin_bottom) / EMU_PER_PT) * EMU_PER_PT))
        total += need
    return total


def _text_box(shape) -> tuple[int, int, int, int]:
    """(left, top, width, height) of the text itself inside a text box, by alignment and anchor."""
    frame = shape.text_frame
    left, right, top, bottom = _insets(frame)
    inner_w = shape.width / EMU_PER_PT - left - right
    widest, height = text_extent_pt(frame, inner_w)
    w = int((min(widest, inner_w) if frame.word_wrap is not False else widest) * EMU_PER_PT)
    h = int(height * EMU_PER_PT)
    align = frame.paragraphs[0].alignment
    x = shape.left + int(left * EMU_PER_PT)
    if align == PP_ALIGN.CENTER:
        x = shape.left + (shape.width - w) // 2
    elif align == PP_ALIGN.RIGHT:
        x = shape.left + shape.width - int(right * EMU_PER_PT) - w
    anchor = frame.vertical_anchor
    y = shape.top + int(top * EMU_PER_PT)
    if anchor == MSO_ANCHOR.MIDDLE:
        y = shape.top + (shape.height - h) // 2
    elif anchor == MSO_ANCHOR.BOTTOM:
        y = shape.top + shape.height - int(bottom * EMU_PER_PT) - h
    return x, y, w, h


def _is_map_area(shape) -> bool:
    """District polygons: labels sit on them on purpose."""
    return shape.shape_type is not None and shape.shape_type == 5  # MSO_SHAPE_TYPE.FREEFORM


def layout_problems(prs) -> list[str]:
    """Every text that does not fit its shape, every two text-bearing shapes (text boxes, tiles,
    tables, charts) that overlap, every shape outside the slide; one line per problem
    (`Folie 3 „Titel“: …`). Measured with Calibri's widths (`calibri_width_pt`)."""
    out = []
    sw, sh = prs.slide_width, prs.slide_height
    tol = int(_TOLERANCE_PT * EMU_PER_PT)
    for n, slide in enumerate(prs.slides, 1):
        title = slide.shapes.title.text_frame.text if slide.shapes.title is not None else ""
        where = f"Folie {n} „{title[:40]}“"
        boxes = []
        for shape in slide.shapes:
            if shape.width is None or _is_map_area(shape):
                continue
            x, y, w, h = shape.left, shape.top, shape.width, shape.height
            if getattr(shape, "has_table", False) and shape.has_table:
                h = max(h, _table_height(shape))
            elif shape.has_text_frame:
                if not shape.text_frame.text.strip():
                    continue
                problem = _frame_problem(shape.text_frame, w, h)
                if problem:
                    out.append(f"{where}: „{shape.name}“ läuft über ({problem})")
                if shape.shape_type == 17:  # MSO_SHAPE_TYPE.TEXT_BOX: only its text counts, not its air
                    x, y, w, h = _text_box(shape)
            elif not getattr(shape, "has_chart", False):
                continue
            if x < -tol or y < -tol or x + w > sw + tol or y + h > sh + tol:
                out.append(f"{where}: „{shape.name}“ ragt über den Folienrand")
            boxes.append((shape.name, x, y, x + w, y + h))
        for i, a in enumerate(boxes):
            for b in boxes[i + 1:]:
                if min(a[3], b[3]) - max(a[1], b[1]) > tol and min(a[4], b[4]) - max(a[2], b[2]) > tol:
                    out.append(f"{where}: „{a[0]}“ überdeckt „{b[0]}“")
    return out


def lines_height_pt(lines, width_pt: float) -> float:
    """Height (pt) that `set_text` lines — (text, size, colour, bold) tuples — take wrapped into
    `width_pt`, measured like the layout check."""
    return sum(wrapped_lines(text, size, width_pt, bool(bold)) * size * LINE_HEIGHT
               for text, size, _, bold in lines)
