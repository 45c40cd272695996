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
CHAR_PX, CELL_PAD_PX, HEADER_PAD_PX = 7.6, 22, 40


def natural_widths(df: pd.DataFrame) -> dict[str, int]:
    """The width (px) the grid would give each column: its longest cell or its header."""
    out = {}
    for col in df.columns:
        cells = [len(str(v)) for v in df[col].tolist() if not (v is None or (isinstance(v, float) and v != v))]
        out[str(col)] = round(max(len(str(col)) * CHAR_PX + HEADER_PAD_PX, max(cells, default=1) * CHAR_PX + CELL_PAD_PX))
    return out


def fitted_widths(df: pd.DataFrame, available_px: int = COUNCIL_WIDTH_PX) -> dict[str, int] | None:
    """Column widths that fit ``available_px`` without a sideways scroll, or None when the table fits
    as it is. Every column gives way in proportion to its width (the grid cannot wrap a header or a
    cell, so the slack of every column is used rather than cutting one column's text)."""
    widths = natural_widths(df)
    total = sum(widths.values())
    if total <= available_px:
        return None
    scale = available_px / total
    return {c: max(40, int(w * scale)) for c, w in widths.items()}


# Wrapping: the grid wraps text cells only when the rows are taller than 4rem (64 px); then every row
# has that height. A wrapped line is about 19 px high.
LINE_PX, ROW_PAD_PX, WRAP_MIN_ROW_PX, MAX_LINES = 19, 14, 65, 8
UNBROKEN_CHARS = 14


def lines_needed(text: str, chars: int) -> int:
    """Lines the grid needs for ``text`` in a cell ``chars`` characters wide: greedy breaks at spaces,
    a word longer than a line broken inside (as the grid does)."""
    chars = max(1, chars)
    lines, used = 1, 0
    for word in str(text).split(" "):
        need = len(word) + (1 if used else 0)
        if used and used + need > chars:
            lines, used, need = lines + 1, 0, len(word)
        while need > chars:  # a word wider than the line fills whole lines
            lines, need = lines + 1, need - chars
        used += need
    return lines


def wrapped_width(text: str, lines: int) -> int:
    """The narrowest cell (px) that shows ``text`` in at most ``lines`` lines. Words up to
    UNBROKEN_CHARS (numbers, dates, most words) are never broken; longer ones (file names, e-mail
    addresses) may be."""
    text = str(text)
    n = len(text)
    if lines <= 1 or n == 0:
        return math.ceil(n * CHAR_PX + CELL_PAD_PX)
    longest = max(len(w) for w in text.split(" "))
    chars = max(1, -(-n // lines), min(longest, UNBROKEN_CHARS))
    while lines_needed(text, chars) > lines:
        chars += 1
    return math.ceil(chars * CHAR_PX + CELL_PAD_PX)


@dataclass(frozen=True)
class Layout:
    """Column widths (px) and the row height (None: one line, the grid's default) of a table."""

    widths: dict[str, int]
    lines: int
    row_height: int | None


def layout_for(df: pd.DataFrame, lines: int) -> Layout:
    """Each column as narrow as its header (never wrapped) and its cells in ``lines`` lines allow."""
    widths = {}
    for col in df.columns:
        cells = [str(v) for v in df[col].tolist() if not (v is None or (isinstance(v, float) and v != v))]
        head = math.ceil(len(str(col)) * CHAR_PX + HEADER_PAD_PX)
        widths[str(col)] = max([head] + [wrapped_width(c, lines) for c in cells])
    height = None if lines <= 1 else max(WRAP_MIN_ROW_PX, lines * LINE_PX + ROW_PAD_PX)
    return Layout(widths, lines, height)


def wrapped_layout(df: pd.DataFrame, available_px: int, max_lines: int = MAX_LINES) -> Layout | None:
    """The fewest lines per row (1, or 3 to ``max_lines``: the grid wraps only from 65 px rows) with
    which every cell is whole and the table fits ``available_px``; None when even ``max_lines`` do not."""
    for lines in (1, *range(3, max_lines + 1)):
        layout = layout_for(df, lines)
        if sum(layout.widths.values()) + len(layout.widths) <= available_px:  # 1 px border per column
            return layout
    return None


def show(data, *, config: dict | None = None, key: str | None = None, fit: bool = False,
         within_px: int | None = None, select: bool = False):
    """Draw a display table (DataFrame or Styler): every row visible (height to fit, no inner
    scroll), numbers right-aligned, missing values as "–", the page's column config kept.

    ``fit`` (council mode): column widths so the table fits the projector without a sideways scroll.
    ``within_px``: the table's width; cells wrap (rows grow to 3–8 lines) so it fits with every cell
    whole (:func:`wrapped_layout`). ``select``: one row can be selected; returns the grid's event."""
    df = _frame_of(data)
    height = "content" if len(df) <= MAX_CONTENT_ROWS else "auto"
    cfg = column_config(df, config)
    widths, row_height = (fitted_widths(df) if fit else None), None
    if within_px is not None:
        layout = wrapped_layout(df, within_px - (SELECT_COLUMN_PX if select else 0))
        widths, row_height = (layout.widths, layout.row_height) if layout else (fitted_widths(df, within_px), None)
    for col, width in (widths or {}).items():
        base = cfg.get(col) or {}
        cfg[col] = {**base, "width": int(width)} if isinstance(base, dict) else base
    extra = {"on_select": "rerun", "selection_mode": "single-row"} if select else {}
    return st.dataframe(data, hide_index=True, width="stretch", height=height, column_config=cfg, key=key,
                        placeholder=fmt.MISSING, row_height=row_height, **extra)
