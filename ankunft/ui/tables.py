"""Display tables on every page: all rows (height to fit, no inner scroll), numbers right-aligned.

The view models hand over German display tables (numbers already formatted as text by
:mod:`ankunft.core.fmt`), so "is this a number column" is read from the cells: numbers, percentages,
money, "≤2", "•" and "–" count as numeric; a column is right-aligned when every filled cell is.
"""

from __future__ import annotations

import re

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


COUNCIL_WIDTH_PX = 980  # the main area at 1280 px even with the sidebar open (folded: 1140), less margins
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


def show(data, *, config: dict | None = None, key: str | None = None, fit: bool = False) -> None:
    """Draw a display table (DataFrame or Styler): every row visible (height to fit, no inner
    scroll), numbers right-aligned, missing values as "–", the page's column config kept.

    ``fit`` (council mode): column widths so the table fits the projector without a sideways scroll."""
    df = _frame_of(data)
    height = "content" if len(df) <= MAX_CONTENT_ROWS else "auto"
    cfg = column_config(df, config)
    widths = fitted_widths(df) if fit else None
    for col, width in (widths or {}).items():
        base = cfg.get(col) or {}
        cfg[col] = {**base, "width": int(width)} if isinstance(base, dict) else base
    st.dataframe(data, hide_index=True, width="stretch", height=height, column_config=cfg, key=key,
                 placeholder=fmt.MISSING)
