"""Text and shape helpers of the PowerPoint export: the width of a line of text, the size of a KPI
value, colours, shapes without theme style, and text frames filled line by line."""

from __future__ import annotations

from pptx.dml.color import RGBColor
from pptx.util import Pt

from ankunft.core import palette

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


def rgb(hex_colour: str) -> RGBColor:
    return RGBColor.from_string(hex_colour.lstrip("#").upper()[:6])


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
