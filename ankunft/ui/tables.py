"""Display tables on every page: all rows (height to fit, no inner scroll), numbers right-aligned; where
space is narrow (expanders), cells wrap so the table fits with every cell whole (:func:`wrapped_layout`).

The view models hand over German display tables (numbers already formatted as text by
:mod:`ankunft.core.fmt`), so "is this a number column" is read from the cells: numbers, percentages,
money, "≤2", "•" and "–" count as numeric; a column is right-aligned when every filled cell is.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

import pandas as pd
import streamlit as st

from ankunft.core import fmt
from ankunft.views.text_lines import MAX_LINES, lines_needed

# "1.234", "−3,5", "+12", "12,5 %", "380 €", "1,2 Mio. €", "45,0 m²", "252 Tage", "+2,3 %-Punkte", "≤2", "•", "–"
_NUMBER = re.compile(
    r"^[≤<>≈~]?\s?[+\-−±]?\s?\d{1,3}(?:\.\d{3})*(?:,\d+)?"
    r"(?:[\s\u00a0\u202f]?(?:%|%-Punkte|€|Mio\.[\s\u00a0]€|m²|Tage?|Monate?|Jahre?|km|m|Pl\.|Plätze|Personen))?$"
)
_MARKERS = {"•", "–", "-", "—", "≤2", ""}
MAX_CONTENT_ROWS = 200  # above this, a table keeps the inner scroll (10,000 px cap of "content")


def looks_numeric(value) -> bool:
    """True for a number, a formatted German number (with a unit) or a protection marker."""
    if value is None or isinstance(value, bool):
        return False
    if isinstance(value, (int, float)):
        return True
    text = str(value).strip()
    if len(text) > 1 and text.startswith("0") and text.isdigit():
        return False  # a code such as the district number "01", not an amount
    return text in _MARKERS or bool(_NUMBER.match(text))


def numeric_columns(df: pd.DataFrame) -> list[str]:
    """Columns to right-align: numeric dtype, or every filled cell looks like a number (and at
    least one is a number, not only markers)."""
    out = []
    for col in df.columns:
        series = df[col]
        if pd.api.types.is_bool_dtype(series):
            continue
        if pd.api.types.is_numeric_dtype(series):
            out.append(str(col))
            continue
        cells = [str(v).strip() for v in series.dropna().tolist()]
        if cells and all(looks_numeric(c) for c in cells) and any(c not in _MARKERS for c in cells):
            out.append(str(col))
    return out


def _frame_of(data) -> pd.DataFrame:
    return data.data if hasattr(data, "data") and hasattr(data, "to_html") else data


def column_config(df: pd.DataFrame, config: dict | None = None) -> dict:
    """The page's column config with right alignment added to every numeric column."""
    out = dict(config or {})
    for col in numeric_columns(df):
        base = out.get(col) or {}
        out[col] = {**base, "alignment": "right"} if isinstance(base, dict) else base
    return out


# Measured in chromium (the grid's clientWidth; tests/browser/test_daten_tables.py prints them, in expanders
# 944 and 784 px): working
# mode, the sidebar open, 978 px at 1440 px and 818 px at 1280 px; council mode at 1280 px 920 px with the
# sidebar open and 1220 px folded. An expander's border and padding take 34 px (978 → 944, 818 → 784).
COUNCIL_WIDTH_PX = 920  # council mode's main area at 1280 px (projector) with the sidebar open
WORKING_NARROW_PX = 818  # working mode's main area at 1280 px with the sidebar open
EXPANDER_PAD_PX = 34  # an expander's border and padding, both sides
EXPANDER_WIDTH_PX = WORKING_NARROW_PX - EXPANDER_PAD_PX  # a table in an expander fits from 1280 px up
SELECT_COLUMN_PX = 40  # the row-selection column of a selectable grid
COUNCIL_FOLDED_PX = 1220  # council mode's main area at 1280 px with the sidebar folded away (as it presents)
CHAR_PX, CELL_PAD_PX, HEADER_PAD_PX = 7.6, 22, 20  # header: 2 × 8 px padding and 4 px to spare

# The grid's text is 14 px Source Sans in both modes (its canvas font, "--gdg-base-font-style"); widths
# of its glyphs (px, rounded up) as chromium's canvas measureText gives them. Summed over a text they
# give its width to within +0–3,2 % (594 header and cell texts of every page measured whole, kerning
# included); a glyph not listed counts as the widest. tests/browser/test_council_tables.py checks the
# drawn result: no header cut. Headers are never wrapped by the grid, so their width must be right;
# cells keep the coarser CHAR_PX (an upper bound), with which their wrapping is modelled.
GLYPH_PX = {chars: px for chars, px in {
    ' \xa0': 2.8, 'i': 3.45, 'j': 3.46, "',.:;·": 3.49, 'l': 3.57, 'I': 3.69, '!': 4.05, 'f': 4.09, '()[]': 4.25,
    '•': 4.26, '-': 4.36, 't': 4.74, 'r': 4.86, '/': 4.9, '²': 5.14, '*': 5.86, 's': 5.87, '?z': 5.95, '"“„': 5.97,
    'x': 6.25, 'c': 6.39, 'vy': 6.54, 'Y': 6.67, 'J': 6.71, '–': 6.72, 'L': 6.81, 'F': 6.92, 'k': 6.93, 'e': 6.95,
    '#+0123456789<=>§±€−≤': 6.96, '_': 7.0, 'agä': 7.06, 'X': 7.19, 'V': 7.21, 'E': 7.38, 'S': 7.48, 'T': 7.51,
    'Z': 7.55, 'oö': 7.59, 'A': 7.61, 'huÄü': 7.62, 'n': 7.66, 'b': 7.75, 'dpq': 7.77, 'P': 7.93, 'R': 7.97,
    'C': 8.0, 'ß': 8.07, 'K': 8.11, 'B': 8.24, '&': 8.53, 'D': 8.61, 'G': 8.64, 'UÜ': 9.03, 'N': 9.06, 'H': 9.13,
    'OQÖ': 9.3, 'w': 10.07, 'M': 10.18, 'W': 11.01, '—': 11.2, '%': 11.54, 'm': 11.61, '@': 11.86, '…': 13.28,
}.items()}
_GLYPH = {ch: px for chars, px in GLYPH_PX.items() for ch in chars}
_WIDEST = max(GLYPH_PX.values())

# Streamlit's grid sizes itself in rem when it is mounted: its font is 0.875rem (14 px at the root
# font of 16 px), its cell padding about 0.5rem, and it wraps text cells only in rows taller than 4rem.
# Council mode sets the root font to COUNCIL_ROOT_PX (frame.COUNCIL_CSS): a grid mounted there draws
# 15,75-px text with 9-px padding, and wraps only from 72 px, not 64 px. Rows of 65–72 px (3 lines)
# stayed on one line in council mode and cut the text (issue #17, Stadtteilprofil). Every width and
# height below is given at ROOT_PX and scaled by root_px / ROOT_PX.
ROOT_PX, COUNCIL_ROOT_PX = 16, 18


def text_px(text: str, root_px: int = ROOT_PX) -> float:
    """The width (px) of ``text`` in the grid's font, from the measured glyph widths."""
    return sum(_GLYPH.get(ch, _WIDEST) for ch in str(text)) * root_px / ROOT_PX


def header_px(col, root_px: int = ROOT_PX) -> int:
    """The width (px) a column needs for its header on one line (the grid never wraps a header)."""
    return math.ceil(text_px(str(col), root_px) + HEADER_PAD_PX * root_px / ROOT_PX)


def natural_widths(df: pd.DataFrame, root_px: int = ROOT_PX) -> dict[str, int]:
    """The width (px) the grid would give each column: its longest cell or its header."""
    out = {}
    for col in df.columns:
        cells = [len(str(v)) for v in df[col].tolist() if not (v is None or (isinstance(v, float) and v != v))]
        cell = (max(cells, default=1) * CHAR_PX + CELL_PAD_PX) * root_px / ROOT_PX
        out[str(col)] = max(header_px(col, root_px), round(cell))
    return out


def fitted_widths(df: pd.DataFrame, available_px: int = COUNCIL_WIDTH_PX,
                  root_px: int = ROOT_PX) -> dict[str, int] | None:
    """Column widths that fit ``available_px`` without a sideways scroll, or None when the table fits
    as it is. Every column gives way in proportion to its width (the grid cannot wrap a header or a
    cell, so the slack of every column is used rather than cutting one column's text)."""
    widths = natural_widths(df, root_px)
    total = sum(widths.values())
    if total <= available_px:
        return None
    scale, out = available_px / total, widths
    for _ in range(20):  # the 40-px floor of narrow columns is taken from the others' scale
        out = {c: max(40, int(w * scale)) for c, w in widths.items()}
        if sum(out.values()) <= available_px:
            break
        scale *= available_px / sum(out.values()) * 0.999
    return out


# Wrapping: the grid wraps text cells only when the rows are taller than 4rem (64 px, in council mode
# 72 px); then every row has that height. A wrapped line is about 19 px high.
LINE_PX, ROW_PAD_PX = 19, 14  # MAX_LINES: views.text_lines


def wrap_min_row_px(root_px: int = ROOT_PX) -> int:
    """The lowest row height (px) at which the grid wraps: just above 4rem at the page's root font."""
    return 4 * root_px + 1


WRAP_MIN_ROW_PX = wrap_min_row_px()
UNBROKEN_CHARS = 14


def wrapped_width(text: str, lines: int, root_px: int = ROOT_PX) -> int:
    """The narrowest cell (px) that shows ``text`` in at most ``lines`` lines. Words up to
    UNBROKEN_CHARS (numbers, dates, most words) are never broken; longer ones (file names, e-mail
    addresses) may be."""
    text = str(text)
    n = len(text)
    if lines <= 1 or n == 0:
        return math.ceil((n * CHAR_PX + CELL_PAD_PX) * root_px / ROOT_PX)
    longest = max(len(w) for w in text.split(" "))
    chars = max(1, -(-n // lines), min(longest, UNBROKEN_CHARS))
    while lines_needed(text, chars) > lines:
        chars += 1
    return math.ceil((chars * CHAR_PX + CELL_PAD_PX) * root_px / ROOT_PX)


@dataclass(frozen=True)
class Layout:
    """Column widths (px) and the row height (None: one line, the grid's default) of a table."""

    widths: dict[str, int]
    lines: int
    row_height: int | None
    whole_words: bool = False  # widths from the measured glyph widths, no word broken


def lines_px(text: str, width_px: float, root_px: int = ROOT_PX) -> int:
    """Lines the grid needs for ``text`` in ``width_px`` of text width (measured glyph widths; breaks
    at spaces only, as the grid does; a word wider than the line fills whole lines)."""
    space = text_px(" ", root_px)
    room = width_px + 1e-6  # the words' widths summed one by one differ from the whole text's in the last bits
    lines, used = 1, 0.0
    for word in str(text).split(" "):
        need = text_px(word, root_px) + (space if used else 0.0)
        if used and used + need > room:
            lines, used, need = lines + 1, 0.0, text_px(word, root_px)
        while need > room:
            lines, need = lines + 1, need - width_px
        used += need
    return lines


def whole_words_width(text: str, lines: int, root_px: int = ROOT_PX) -> int:
    """The narrowest cell (px) that shows ``text`` in at most ``lines`` lines without breaking a word
    (council mode: no break inside a word on the projector), from the measured glyph widths."""
    text = str(text)
    pad = CELL_PAD_PX * root_px / ROOT_PX
    low = max([text_px(w, root_px) for w in text.split(" ")] + [text_px(text, root_px) / max(lines, 1)])
    high = text_px(text, root_px)
    while high - low > 0.5:  # lines_px falls as the width grows: bisect to half a pixel
        mid = (low + high) / 2
        low, high = (low, mid) if lines_px(text, mid, root_px) <= lines else (mid, high)
    return math.ceil(high + pad)


def layout_for(df: pd.DataFrame, lines: int, root_px: int = ROOT_PX, whole_words: bool = False) -> Layout:
    """Each column as narrow as its header (never wrapped) and its cells in ``lines`` lines allow;
    wrapped rows above the grid's wrapping threshold at the page's root font ``root_px``.
    ``whole_words``: no word broken, widths from the measured glyph widths (council mode)."""
    cell_width = whole_words_width if whole_words else wrapped_width
    widths = {}
    for col in df.columns:
        cells = [str(v) for v in df[col].tolist() if not (v is None or (isinstance(v, float) and v != v))]
        widths[str(col)] = max([header_px(col, root_px)] + [cell_width(c, lines, root_px) for c in cells])
    tall = math.ceil((lines * LINE_PX + ROW_PAD_PX) * root_px / ROOT_PX)
    height = None if lines <= 1 else max(wrap_min_row_px(root_px), tall)
    return Layout(widths, lines, height, whole_words)


def wrapped_layout(df: pd.DataFrame, available_px: int, max_lines: int = MAX_LINES,
                   root_px: int = ROOT_PX, whole_words: bool = False) -> Layout | None:
    """The fewest lines per row (1, or 3 to ``max_lines``: the grid wraps only from 4rem rows) with
    which every cell is whole and the table fits ``available_px``; None when even ``max_lines`` do not."""
    for lines in (1, *range(3, max_lines + 1)):
        layout = layout_for(df, lines, root_px, whole_words)
        if sum(layout.widths.values()) + len(layout.widths) <= available_px:  # 1 px border per column
            return layout
    return None


def council_layout(df: pd.DataFrame) -> Layout | None:
    """Council mode: every cell whole at the projector's width with the sidebar open (as the presenter
    navigates; the grid stretches its columns when the sidebar folds away); if that cannot be, with the
    sidebar folded away as council mode shows it (also inside an expander). No word broken where that
    fits; else long words (district names such as "Bännjerrück/Karl-Pfaff-Siedlung") break inside
    rather than being cut. None when nothing fits."""
    for whole_words in (True, False):
        for available in (COUNCIL_WIDTH_PX, COUNCIL_FOLDED_PX - EXPANDER_PAD_PX):
            layout = wrapped_layout(df, available, root_px=COUNCIL_ROOT_PX, whole_words=whole_words)
            if layout is not None:
                return layout
    return None


def _labelled(df: pd.DataFrame, cfg: dict) -> pd.DataFrame:
    """The table as the grid heads it: a column config's ``label`` replaces the column's name."""
    names = {c: cfg[str(c)]["label"] for c in df.columns
             if isinstance(cfg.get(str(c)), dict) and cfg[str(c)].get("label")}
    return df.rename(columns=names) if names else df


def show(data, *, config: dict | None = None, key: str | None = None, fit: bool = False,
         within_px: int | None = None, select: bool = False):
    """Draw a display table (DataFrame or Styler): every row visible (height to fit, no inner
    scroll), numbers right-aligned, missing values as "–", the page's column config kept.

    ``fit`` (council mode): every cell whole at the projector's width, wrapped where needed
    (:func:`council_layout`). ``within_px``: the table's width; cells wrap (rows grow to 3–8 lines) so
    it fits with every cell whole (:func:`wrapped_layout`). ``select``: one row can be selected;
    returns the grid's event."""
    df = _frame_of(data)
    height = "content" if len(df) <= MAX_CONTENT_ROWS else "auto"
    cfg = column_config(df, config)
    widths, row_height, headed = None, None, _labelled(df, cfg)
    if within_px is not None:
        root = COUNCIL_ROOT_PX if fit else ROOT_PX
        layout = wrapped_layout(headed, within_px - (SELECT_COLUMN_PX if select else 0), root_px=root)
    else:
        layout = council_layout(headed) if fit else None
    if layout is not None:
        widths, row_height = layout.widths, layout.row_height
    elif fit or within_px is not None:  # not even MAX_LINES fit: every column gives way
        widths = fitted_widths(headed, within_px or COUNCIL_WIDTH_PX, COUNCIL_ROOT_PX if fit else ROOT_PX)
    if widths:  # back to the frame's own column names (in order)
        widths = dict(zip(map(str, df.columns), widths.values()))
    for col, width in (widths or {}).items():
        base = cfg.get(col) or {}
        cfg[col] = {**base, "width": int(width)} if isinstance(base, dict) else base
    extra = {"on_select": "rerun", "selection_mode": "single-row"} if select else {}
    return st.dataframe(data, hide_index=True, width="stretch", height=height, column_config=cfg, key=key,
                        placeholder=fmt.MISSING, row_height=row_height, **extra)
