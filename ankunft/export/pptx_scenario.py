"""The scenario slide's side table: the earliest closure month per accommodation (and, for planned
closures, the Monte Carlo probability that the closure works in its planned month) beside the chart.

:func:`add_side_table` takes the chart's box, keeps the left part for the chart and puts a caption
and a native table into the right part. The table is measured the way the layout check measures it
(rows grow to their wrapped text); rows that do not fit are left out and counted in a last row
(the full table is in the speaker notes and the Excel file).
"""

from __future__ import annotations

import pandas as pd
from pptx.util import Inches, Pt

from ankunft.core import fmt, palette
from ankunft.export.pptx_charts import add_table
from ankunft.export.pptx_text import EMU_PER_PT, _table_height, lines_height_pt, set_text

SIDE_SHARE = 0.40  # of the box's width for the table column
GAP = Inches(0.2)
TITLE = "Frühester Schließmonat"
EXPLAIN = ("übrige Schließungen wie geplant; Wahrsch. = Wahrscheinlichkeit, dass die geplante Schließung in "
           "ihrem Monat umsetzbar ist")


def _remove(shape) -> None:
    el = shape._element
    el.getparent().remove(el)


def _rows(df: pd.DataFrame, n: int) -> pd.DataFrame:
    """The first ``n`` rows, and when rows are left out a last row that counts them."""
    if n >= len(df):
        return df
    rest = len(df) - n
    more = pd.DataFrame([[f"… {fmt.plural(rest, 'weitere', 'weitere')}"] + [""] * (len(df.columns) - 1)],
                        columns=df.columns)
    return pd.concat([df.iloc[:n], more], ignore_index=True)


def add_side_table(slide, df: pd.DataFrame, box, pt) -> tuple[int, int, int, int]:
    """Caption and table in the right part of ``box``; returns the box left for the chart.
    ``pt``: the deck's font scaling (``_Deck.pt``)."""
    left, top, width, height = box
    side_w = int(width * SIDE_SHARE)
    side_left = left + width - side_w
    chart_box = (left, top, width - side_w - GAP, height)
    lines = [(TITLE, pt(12), palette.TEXT, True), (EXPLAIN, pt(9), palette.GREY, False)]
    cap_h = int((lines_height_pt(lines, side_w / EMU_PER_PT - 14.4) + 8) * EMU_PER_PT)
    cap = slide.shapes.add_textbox(side_left, top, side_w, cap_h)
    cap.name = "Frühester Schließmonat"
    cap.text_frame.word_wrap = True
    set_text(cap.text_frame, lines, pt(12))
    table_top = top + cap_h + Inches(0.05)
    room = top + height - table_top
    row_min = Pt(pt(10) * 1.5)  # the shortest row add_table draws (one line)
    fit = int(room // row_min) - 1  # data rows below the header at one line each
    for n in range(len(df) if len(df) <= fit else max(fit - 1, 0), -1, -1):
        shown = _rows(df, n)
        shape = add_table(slide, shown, {}, (side_left, table_top, side_w, room), pt(10))
        frame = shape._graphic_frame
        if _table_height(frame) <= room or n == 0:
            frame.name = "Tabelle Frühester Schließmonat"
            break
        _remove(frame)
    return chart_box
