"""Shared pieces of the view models: KPI tiles, change texts, disclosure control of area tables
and the map legend.

Area tables are the indicator tables with one row per district (level "Stadtteil"), one for the
focus area ("Fokusgebiet") and one for the city ("Stadt") — e.g. ``housing.housing_table`` or
``services.kita_supply``. In council mode their counts are protected together: the districts are
the body, the city row their column total (objects without a district go into a hidden rest row),
and the focus area is shown only when none of its districts is hidden (else "•").
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ankunft import disclosure
from ankunft.core import fmt, palette
from ankunft.disclosure import DEFAULT as DEFAULT_CFG
from ankunft.disclosure import EMPTY, PUBLISHED, SECONDARY, DisclosureConfig, Figure
from ankunft.indicators.areas import CITY_ID, FOCUS_ID, LEVEL_CITY, LEVEL_DISTRICT, LEVEL_FOCUS
from ankunft.plots import maps

REST_ID = "ohne Stadtteil"


@dataclass(frozen=True)
class Tile:
    """One KPI tile as ``ankunft.ui.widgets.kpi_tiles`` draws it."""

    key: str
    label: str
    value_text: str
    change_text: str | None = None
    help: str = ""
    inverse: bool = False  # an increase is unfavourable (red arrow)


def metric_delta(text: str | None) -> str | None:
    """A change text for ``st.metric``: Streamlit reads the direction from a leading ASCII "-",
    so the typographic minus of :func:`ankunft.core.fmt.signed` is given as "-" there."""
    if text is None:
        return None
    return "-" + text[1:] if text.startswith("−") else text


def change_text(now: float | None, before: float | None, kind: str = "count") -> str | None:
    """Change since the previous Stichtag: counts `+3`, shares in percentage points `−2,5 %-Punkte`,
    days `+12 Tage`; None when either value is unknown."""
    if now is None or before is None or pd.isna(now) or pd.isna(before):
        return None
    d = float(now) - float(before)
    if kind == "pct":
        return metric_delta(fmt.signed(d * 100, 1, "%-Punkte"))
    if kind == "days":
        return metric_delta(fmt.signed(d, 0, "Tage"))
    return metric_delta(fmt.signed(d))


def figure_change(now: Figure, before: Figure, kind: str = "count") -> str | None:
    """Change between two published figures; None when either is hidden or missing (a change of a
    hidden figure would reveal it)."""
    if now.suppressed or before.suppressed or now.value is None or before.value is None:
        return None
    return change_text(now.value, before.value, kind)


def _clean(x) -> float | None:
    if x is None or x is pd.NA:
        return None
    try:
        v = float(x)
    except (TypeError, ValueError):
        return None
    return None if np.isnan(v) else v


def count_figure(n, council: bool, cfg: DisclosureConfig = DEFAULT_CFG) -> Figure:
    """A stand-alone count: protected (threshold rule) in council mode, else as is."""
    v = _clean(n)
    if v is None:
        return Figure(None, EMPTY, cfg=cfg)
    return disclosure.protect_value(v, cfg) if council else Figure(v, PUBLISHED, cfg=cfg)


def share_figure(numerator, denominator, council: bool, cfg: DisclosureConfig = DEFAULT_CFG,
                 decimals: int = 1) -> Figure:
    """numerator / denominator: in council mode hidden when it rests on a small count (see
    :func:`ankunft.disclosure.share`), else the plain ratio (empty for a zero denominator)."""
    if council:
        return disclosure.share(_num_or_fig(numerator), _num_or_fig(denominator), cfg, decimals=decimals)
    n, d = _value(numerator), _value(denominator)
    if n is None or d is None or d == 0:
        return Figure(None, EMPTY, "share", cfg, decimals)
    return Figure(n / d, PUBLISHED, "share", cfg, decimals)


def _value(x) -> float | None:
    return x.value if isinstance(x, Figure) else _clean(x)


def _num_or_fig(x):
    return x if isinstance(x, Figure) else (np.nan if _clean(x) is None else float(x))


def hidden_if(fig_or_value, hide: bool, kind: str = "mean", cfg: DisclosureConfig = DEFAULT_CFG,
              decimals: int = 0) -> Figure:
    """A derived value (median, ratio) as a Figure, hidden ("•") when ``hide``."""
    if hide:
        return Figure(None, disclosure.DERIVED, kind, cfg, decimals)
    v = _clean(fig_or_value)
    return Figure(v, PUBLISHED if v is not None else EMPTY, kind, cfg, decimals)


def protect_areas(table: pd.DataFrame, count_cols: Sequence[str], focus_ids: Iterable[str] | None = None,
                  cfg: DisclosureConfig = DEFAULT_CFG) -> tuple[dict[tuple[str, str], Figure], str | None]:
    """Council version of the counts of an area table: (area_id, column) -> Figure, and the German note.

    Districts are protected as one table with the city row as column total (primary and secondary
    suppression); counts of the city that belong to no listed district form a hidden rest row.
    The focus area is the sum of its districts: published when none of them is hidden, else "•".
    Missing values (NaN) stay missing ("–").
    """
    cols = list(count_cols)
    dist_rows = table[(table["level"] == LEVEL_DISTRICT).to_numpy()]
    city_rows = table[(table["level"] == LEVEL_CITY).to_numpy()]
    raw = dist_rows.set_index("area_id")[cols].astype("float64")
    missing = raw.isna()
    body = raw.fillna(0.0).round()
    has_city = len(city_rows) > 0
    city_missing = pd.Series(False, index=cols)
    if has_city:
        city_raw = city_rows.iloc[0][cols].astype("float64")
        city_missing = city_raw.isna()
        city = city_raw.fillna(0.0).round()
        rest = (city - body.sum()).clip(lower=0.0)
        if (rest > 0).any():
            body.loc[REST_ID] = rest
        body.loc[CITY_ID] = body.sum()
    if body.empty:
        return {}, None
    pub = disclosure.protect_table(body, cols, col_total=CITY_ID if has_city else False, cfg=cfg)
    out: dict[tuple[str, str], Figure] = {}
    statuses = set()
    for area in body.index:
        if area == REST_ID:
            continue
        for c in cols:
            was_missing = bool(city_missing[c]) if area == CITY_ID else bool(missing.at[area, c])
            f = Figure(None, EMPTY, cfg=cfg) if was_missing else pub.cell(area, c)
            out[(area, c)] = f
            statuses.add(f.status)
    focus_rows = table[(table["level"] == LEVEL_FOCUS).to_numpy()]
    if len(focus_rows):
        members = [d for d in (focus_ids or []) if d in raw.index]
        for c in cols:
            if focus_rows.iloc[0][c] is None or pd.isna(focus_rows.iloc[0][c]):
                out[(FOCUS_ID, c)] = Figure(None, EMPTY, cfg=cfg)
                continue
            figs = [out[(d, c)] for d in members]
            if any(f.suppressed for f in figs):
                f = Figure(None, SECONDARY, cfg=cfg)
            else:
                f = Figure(float(sum(f.value or 0.0 for f in figs)), PUBLISHED, cfg=cfg)
            out[(FOCUS_ID, c)] = f
            statuses.add(f.status)
    return out, cfg.note(statuses)


def plain_areas(table: pd.DataFrame, count_cols: Sequence[str],
                cfg: DisclosureConfig = DEFAULT_CFG) -> dict[tuple[str, str], Figure]:
    """The administration version of :func:`protect_areas`: every count as it is."""
    out = {}
    for _, r in table.iterrows():
        for c in count_cols:
            v = _clean(r[c])
            out[(str(r["area_id"]), c)] = Figure(v, PUBLISHED if v is not None else EMPTY, cfg=cfg)
    return out


def area_figures(table: pd.DataFrame, count_cols: Sequence[str], council: bool, focus_ids=None,
                 cfg: DisclosureConfig = DEFAULT_CFG) -> tuple[dict[tuple[str, str], Figure], str | None]:
    """Counts of an area table as Figures: protected in council mode, plain otherwise."""
    if council:
        return protect_areas(table, count_cols, focus_ids, cfg)
    return plain_areas(table, count_cols, cfg), None


def area_order(table: pd.DataFrame) -> pd.DataFrame:
    """Focus area and city first (the comparison the reader wants), then the districts."""
    rank = table["level"].map({LEVEL_FOCUS: 0, LEVEL_CITY: 1, LEVEL_DISTRICT: 2}).fillna(3)
    return table.assign(_rank=rank.to_numpy()).sort_values(["_rank", "area_id"], kind="stable").drop(columns="_rank")


_HEX = re.compile(r"#[0-9A-Fa-f]{6}")
DOT = "\u25cf"  # ● BLACK CIRCLE: in every system font the page uses (no web font)


def colour_dot(colour: str) -> str:
    """A dot ("●") in the palette colour through Streamlit's markdown colour directive
    (``:color[…]{foreground="#rrggbb"}``): no HTML and no KaTeX (its 265-KB chunk and font were
    fetched and compiled on the first page view only for these dots, issue #17). Anything but a
    ``#rrggbb`` colour gives a grey dot, so no text from outside reaches the directive."""
    colour = colour if isinstance(colour, str) and _HEX.fullmatch(colour) else palette.GREY
    return f':color[{DOT}]{{foreground="{colour}"}}'


def legend_markdown(entries: list[tuple[str, list[tuple[str, str]]]], footer: str = "") -> str:
    """The one map legend in text: one markdown line per layer (bold label, a coloured dot and a
    German label per entry); labels are data (e.g. a service category kept as written) and are
    escaped with :func:`ankunft.core.fmt.md`; ``footer`` (markdown) as a last line.

    ``entries`` as :func:`ankunft.plots.maps.legend` gives them; plain markdown, no HTML."""
    lines = []
    for layer_label, items in entries:
        # a non-breaking space keeps each dot on the line of its label
        dots = " · ".join(f"{colour_dot(colour)}\u00a0{fmt.md(label)}" for label, colour in items)
        lines.append(f"**{fmt.md(layer_label)}:** {dots}" if dots else f"**{fmt.md(layer_label)}**")
    if footer:
        lines.append(footer)
    return "  \n".join(lines)


def map_legend(layers: list[maps.Layer], council: bool = False, footer: str = "") -> str:
    """The legend of the layers a map shows (in council mode only the layers the council sees)."""
    return legend_markdown(maps.legend(layers, council), footer)
