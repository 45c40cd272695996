"""The "Handlungsbedarf" slide: the findings that need a council decision, most urgent first.

One numbered row per finding (`views.report_findings.Finding`): the number in an accent square,
then the title (bold), the sentence with its figures and the source with its Stand (small, grey).
The type sizes are the largest of a short ladder at which every row fits the slide (measured with
Calibri's widths, as the layout check measures); the speaker notes carry the section's notes (every
finding with its source, the rules and their thresholds).
"""

from __future__ import annotations

from pptx.enum.text import PP_ALIGN
from pptx.util import Inches

from ankunft.core import palette
from ankunft.export.pptx_text import EMU_PER_PT, filled_box, lines_height_pt, set_text
from ankunft.views.report_findings import notes_lines

MARGIN = Inches(0.5)  # as export.pptx
NUMBER_W = Inches(0.45)
GAP = Inches(0.15)
ROW_GAP = Inches(0.12)
INSET_PT = 7.2  # python-pptx's default left/right inset of a text box
SIZES = ((16, 13, 10), (15, 12, 9.5), (14, 11, 9), (13, 10.5, 8.5), (12, 10, 8))  # title, text, source


def row_lines(finding, sizes: tuple[float, float, float], scale: float) -> list:
    title, text, source = (round(s * scale, 1) for s in sizes)
    return [(finding.title, title, palette.TEXT, True), (finding.text, text, palette.TEXT, False),
            (f"Quelle: {finding.source}", source, palette.GREY, False)]


def row_heights(findings, sizes, scale: float, width_pt: float) -> list[int]:
    """Height (EMU) of each finding's text box at these sizes, with a little air for the insets."""
    return [int((lines_height_pt(row_lines(f, sizes, scale), width_pt) + 2 * 3.6 + 3) * EMU_PER_PT)
            for f in findings]


def fit(findings, scale: float, width_pt: float, available: int) -> tuple[tuple, list[int]]:
    """The largest sizes at which every row fits `available` (EMU); the smallest otherwise."""
    for sizes in SIZES:
        heights = row_heights(findings, sizes, scale, width_pt)
        if sum(heights) + ROW_GAP * (len(findings) - 1) <= available:
            return sizes, heights
    return SIZES[-1], row_heights(findings, SIZES[-1], scale, width_pt)


def findings_slide(deck, section, findings) -> None:
    """Add the slide to `deck` (`export.pptx._Deck`): title, the section's headline, one row per finding."""
    slide, title_shape = deck.new_slide(section.title)
    top = deck.body_top(title_shape)
    if section.headline:
        top += deck.headline(slide, section.headline, top)
    left = MARGIN
    text_left = left + NUMBER_W + GAP
    width = deck.W - MARGIN - text_left
    width_pt = width / EMU_PER_PT - 2 * INSET_PT
    available = deck.footer_top - top - Inches(0.1)
    sizes, heights = fit(findings, deck.s, width_pt, available)
    for i, (finding, height) in enumerate(zip(findings, heights), start=1):
        number = filled_box(slide, left, top + Inches(0.04), NUMBER_W, NUMBER_W, palette.ACCENT, f"Nummer {i}")
        set_text(number.text_frame, [(str(i), deck.pt(16), palette.BACKGROUND, True)], deck.pt(16), align=PP_ALIGN.CENTER)
        box = slide.shapes.add_textbox(text_left, top, width, height)
        box.name = f"Befund {i}"
        set_text(box.text_frame, row_lines(finding, sizes, deck.s), deck.pt(sizes[1]))
        top += height + ROW_GAP
    deck.footer(slide, section.caption())
    deck.notes(slide, "\n".join(notes_lines(findings)) + "\n\n" + deck.report.notes_for(section))


__all__ = ["findings_slide", "fit", "row_lines"]
