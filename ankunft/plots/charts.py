"""Plotly figure builders with the one theme: German numbers and months, fixed category colours.

plotly.py ships no locales, so numbers use ``separators=",."`` and month ticks are pre-formatted
("Okt. 2026"); hover texts are formatted with :mod:`ankunft.core.fmt` and passed as customdata.
Each trace carries ``meta = {"labels": [...], "texts": [...]}`` so :func:`text_alternative` can
describe the chart in German for screen readers. ``council=True`` gives larger fonts and lines.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio

from ankunft.core import fmt, palette
from ankunft.indicators import Unavailable
from ankunft.indicators.stays import BANDS, COMPLETED_BANDS, OccupancySeries

FONT_FAMILY = "Source Sans Pro, Arial, Helvetica, sans-serif"
FONT_SIZE = 14
FONT_SIZE_COUNCIL = 20
LINE_WIDTH = 2.5
LINE_WIDTH_COUNCIL = 4.5
MAX_MONTH_TICKS = 12

FORMATTERS: dict[str, Callable] = {
    "count": fmt.integer,
    "num1": lambda v: fmt.num(v, 1),
    "pct": fmt.pct,
    "eur": fmt.eur,
    "m2": fmt.m2,
}
TICKFORMAT = {"count": ",d", "num1": ",.1f", "pct": ".0%", "eur": ",.0f", "m2": ",.1f"}
# How the app draws every chart. The plotly.js bundled with Streamlit registers no German locale, so
# the mode bar (zoom, pan, "Download plot as a png", …) would speak English: it is hidden; numbers
# are German through the template's separators, hover texts through fmt. No scroll zoom.
PLOTLY_CONFIG = {"displayModeBar": False, "displaylogo": False, "locale": "de", "scrollZoom": False,
                 "doubleClick": "reset", "showTips": False}


# --- theme -------------------------------------------------------------------------------------
def template(council: bool = False) -> go.layout.Template:
    """The one plotly template: white, calm, grey grid, Okabe–Ito colourway, German separators."""
    size = FONT_SIZE_COUNCIL if council else FONT_SIZE
    axis = dict(showgrid=True, gridcolor=palette.GREY_BG, linecolor=palette.GREY_LIGHT, zeroline=False,
                ticks="outside", tickcolor=palette.GREY_LIGHT, title=dict(font=dict(size=size, color=palette.GREY)),
                tickfont=dict(size=size - 1, color=palette.TEXT), automargin=True)
    return go.layout.Template(layout=go.Layout(
        font=dict(family=FONT_FAMILY, size=size, color=palette.TEXT),
        title=dict(font=dict(size=size + 4, color=palette.TEXT), x=0.01, xanchor="left", y=0.99, yanchor="top",
                   yref="container"),
        paper_bgcolor=palette.BACKGROUND,
        plot_bgcolor=palette.BACKGROUND,
        colorway=list(palette.OKABE_ITO),
        separators=",.",
        xaxis=axis,
        yaxis=axis,
        legend=dict(orientation="h", yanchor="bottom", y=1.02, xanchor="left", x=0, title=dict(text=""),
                    traceorder="normal",
                    font=dict(size=size - 1)),
        hoverlabel=dict(bgcolor=palette.BACKGROUND, bordercolor=palette.GREY_LIGHT,
                        font=dict(family=FONT_FAMILY, size=size, color=palette.TEXT)),
        margin=dict(l=10, r=10, t=115 if council else 82, b=10),
        bargap=0.25,
    ))


TEMPLATE_NAMES = {False: "ankunft", True: "ankunft_council"}


def template_name(council: bool = False) -> str:
    """Name of the template registered in ``plotly.io.templates`` (registered on first use)."""
    name = TEMPLATE_NAMES[bool(council)]
    if name not in pio.templates:
        pio.templates[name] = template(council)
    return name


def apply_theme(fig: go.Figure, council: bool = False, title: str | None = None) -> go.Figure:
    """Apply the template (and a title) to any figure; returns the figure."""
    fig.update_layout(template=template_name(council), separators=",.")
    if title is not None:
        fig.update_layout(title=dict(text=title))
    return fig


def month_ticks(dates: Sequence, max_ticks: int = MAX_MONTH_TICKS) -> tuple[list, list[str]]:
    """Tick positions and German month labels ("Okt. 2026"), at most ``max_ticks`` of them.

    A series of up to ``max_ticks`` dates gets a tick at every date. When two ticked dates fall in the
    same month (two Stichtage in one month), the ticks show the full dates ("01.09.2026") instead.
    """
    ds = [pd.Timestamp(d) for d in dates if not pd.isna(d)]
    if not ds:
        return [], []
    step = max(1, math.ceil(len(ds) / max_ticks))
    picked = ds[::step]
    text = [fmt.month(d) for d in picked]
    if len(set(text)) < len(set(picked)):
        text = [fmt.date(d) for d in picked]
    return picked, text


def _set_month_axis(fig: go.Figure, dates: Sequence, axis: str = "x") -> None:
    """German month ticks on a date axis.

    plotly.js hides a tick label that reaches past the figure's edge before it makes room for it; the
    last point of a line sits on the plot's right edge, so its label ("Sept. 2026") vanished. The labels
    are therefore never hidden (``ticklabeloverflow="allow"``) and the margins grow to fit them
    (``automargin``).
    """
    vals, text = month_ticks(sorted(set(pd.Timestamp(d) for d in dates)))
    fig.update_layout({f"{axis}axis": dict(tickmode="array", tickvals=vals, ticktext=text, automargin=True,
                                           ticklabeloverflow="allow")})


def _is_dates(s: pd.Series) -> bool:
    return pd.api.types.is_datetime64_any_dtype(s)


def _labels_of(s: pd.Series) -> list[str]:
    if _is_dates(s):
        return [fmt.month(v) for v in s]
    return ["–" if pd.isna(v) else str(v) for v in s]


def plain(text) -> str:
    """A name as plain text for plotly, which renders its own mini-HTML (<a href>, <b>, <br>) in trace
    names, tick labels and hover texts: every `<` as `&lt;` (no tag can start; plotly shows the entity
    as `<`), the rest unchanged."""
    return str(text).replace("<", "&lt;")


def _category(values: pd.Series):
    """Category values for an axis: text escaped (`plain`), dates and numbers as they are."""
    text = values.dtype == object or pd.api.types.is_string_dtype(values)
    return values.map(lambda v: v if pd.isna(v) else plain(v)) if text else values


def _meta(labels: list[str], texts: list[str], measure: str) -> dict:
    return {"labels": labels, "texts": texts, "measure": measure}


# --- generic builders --------------------------------------------------------------------------
def bar(df: pd.DataFrame, x: str, y: str, color: str | None = None, *, orientation: str = "v",
        barmode: str = "group", title: str | None = None, labels: dict[str, str] | None = None,
        value_kind: str = "count", colours: dict[str, str] | None = None, category_order: Sequence | None = None,
        council: bool = False) -> go.Figure:
    """Bar chart of ``y`` over ``x`` (one trace per ``color`` category, fixed palette colours).

    ``orientation="h"`` puts ``x`` on the vertical axis. ``labels``: column -> German axis/legend title.
    ``value_kind``: count | num1 | pct | eur | m2 (hover text and axis format).
    """
    labels = labels or {}
    fmt_value = FORMATTERS[value_kind]
    if color is not None and color == x:
        return _coloured_bars(df, x, y, orientation=orientation, title=title, labels=labels, value_kind=value_kind,
                              colours=colours, category_order=category_order, council=council)
    fig = go.Figure()
    groups = [(None, df)] if color is None else list(_ordered_groups(df, color, category_order))
    cmap = colours or palette.colour_map([str(k) for k, _ in groups if k is not None])
    for i, (key, part) in enumerate(groups):
        cat_labels = _labels_of(part[x])
        texts = [fmt_value(v) for v in part[y]]
        name = plain(labels.get(y, y) if key is None else str(key))
        colour = palette.ACCENT if key is None else cmap.get(str(key), palette.colour_for(str(key), i))
        custom = list(zip([plain(c) for c in cat_labels], texts))
        hover = "%{customdata[0]}<br>" + (f"{name}: " if key is not None else f"{plain(labels.get(y, y))}: ") + \
                "%{customdata[1]}<extra></extra>"
        xs, ys = (_category(part[x]), part[y]) if orientation == "v" else (part[y], _category(part[x]))
        fig.add_trace(go.Bar(x=xs, y=ys, name=name, orientation=orientation, marker_color=colour,
                             customdata=custom, hovertemplate=hover, meta=_meta(cat_labels, texts, name)))
    fig.update_layout(barmode=barmode, showlegend=color is not None)
    return _finish_bar(fig, df, x, y, orientation, title, labels, value_kind, council)


def _coloured_bars(df: pd.DataFrame, x: str, y: str, *, orientation: str, title: str | None, labels: dict,
                   value_kind: str, colours: dict | None, category_order: Sequence | None,
                   council: bool) -> go.Figure:
    """One trace, one fixed palette colour per category (the category is the bar itself, no legend)."""
    keys = [k for k, _ in _ordered_groups(df, x, category_order)]
    part = df.set_index(df[x].astype("str")).loc[keys].reset_index(drop=True) if len(df) else df
    cmap = colours or palette.colour_map(keys)
    cat_labels = _labels_of(part[x])
    texts = [FORMATTERS[value_kind](v) for v in part[y]]
    name = plain(labels.get(y, y))
    xs, ys = (_category(part[x]), part[y]) if orientation == "v" else (part[y], _category(part[x]))
    fig = go.Figure(go.Bar(x=xs, y=ys, name=name, orientation=orientation,
                           marker_color=[cmap[str(k)] for k in part[x]],
                           customdata=list(zip([plain(c) for c in cat_labels], texts)),
                           hovertemplate=f"%{{customdata[0]}}<br>{name}: %{{customdata[1]}}<extra></extra>",
                           meta=_meta(cat_labels, texts, name)))
    fig.update_layout(showlegend=False)
    return _finish_bar(fig, df, x, y, orientation, title, labels, value_kind, council)


def _finish_bar(fig: go.Figure, df: pd.DataFrame, x: str, y: str, orientation: str, title: str | None,
                labels: dict, value_kind: str, council: bool) -> go.Figure:
    apply_theme(fig, council, title)
    value_axis, cat_axis = ("yaxis", "xaxis") if orientation == "v" else ("xaxis", "yaxis")
    fig.update_layout({value_axis: dict(title=dict(text=labels.get(y, "")), tickformat=TICKFORMAT[value_kind]),
                       cat_axis: dict(title=dict(text=labels.get(x, "")))})
    if orientation == "h":
        fig.update_layout(yaxis=dict(autorange="reversed"))
    if _is_dates(df[x]) and len(df):
        _set_month_axis(fig, df[x], "x" if orientation == "v" else "y")
    return fig


def stacked(df: pd.DataFrame, x: str, y: str, color: str, **kwargs) -> go.Figure:
    """Stacked bars: :func:`bar` with ``barmode="stack"``."""
    return bar(df, x, y, color, barmode="stack", **kwargs)


def line(df: pd.DataFrame, x: str, y: str, color: str | None = None, *, title: str | None = None,
         labels: dict[str, str] | None = None, value_kind: str = "count", colours: dict[str, str] | None = None,
         dash: dict[str, str] | None = None, council: bool = False) -> go.Figure:
    """Line chart of ``y`` over ``x`` (dates get German month ticks), one line per ``color`` category."""
    labels = labels or {}
    fmt_value = FORMATTERS[value_kind]
    width = LINE_WIDTH_COUNCIL if council else LINE_WIDTH
    fig = go.Figure()
    groups = [(None, df)] if color is None else list(_ordered_groups(df, color, None))
    cmap = colours or palette.colour_map([str(k) for k, _ in groups if k is not None])
    for i, (key, part) in enumerate(groups):
        part = part.sort_values(x)
        xl = [fmt.date(v) for v in part[x]] if _is_dates(part[x]) else _labels_of(part[x])
        texts = [fmt_value(v) for v in part[y]]
        name = plain(labels.get(y, y) if key is None else str(key))
        colour = palette.ACCENT if key is None else cmap.get(str(key), palette.colour_for(str(key), i))
        fig.add_trace(go.Scatter(
            x=_category(part[x]), y=part[y], name=name, mode="lines+markers",
            line=dict(color=colour, width=width, dash=(dash or {}).get(str(key), "solid")),
            marker=dict(size=width * 2.4, color=colour), customdata=list(zip([plain(c) for c in xl], texts)),
            hovertemplate=f"%{{customdata[0]}}<br>{name}: %{{customdata[1]}}<extra></extra>",
            meta=_meta(xl, texts, name)))
    fig.update_layout(showlegend=color is not None)
    apply_theme(fig, council, title)
    fig.update_layout(yaxis=dict(title=dict(text=labels.get(y, "")), tickformat=TICKFORMAT[value_kind],
                                 rangemode="tozero"),
                      xaxis=dict(title=dict(text=labels.get(x, ""))))
    if _is_dates(df[x]) and len(df):
        _set_month_axis(fig, df[x], "x")
    return fig


def _ordered_groups(df: pd.DataFrame, color: str, order: Sequence | None):
    present = list(dict.fromkeys(df[color].astype("str")))
    keys = [k for k in order if k in present] + [k for k in present if k not in order] if order else present
    col = df[color].astype("str")
    for k in keys:
        yield k, df[(col == k).to_numpy()]


# --- domain charts -----------------------------------------------------------------------------
def occupancy_vs_capacity(table: pd.DataFrame, council: bool = False) -> go.Figure:
    """Horizontal bars per accommodation: places (grey) and occupancy (accent), largest first."""
    t = table[table["capacity"].notna() | table["occupancy"].notna()].sort_values("capacity", ascending=False)
    long = pd.concat([
        pd.DataFrame({"name": t["name"], "measure": "Plätze", "value": t["capacity"]}),
        pd.DataFrame({"name": t["name"], "measure": "Belegung", "value": t["occupancy"]}),
    ], ignore_index=True)
    fig = bar(long, "name", "value", "measure", orientation="h", title="Belegung und Plätze je Unterkunft",
              labels={"value": "Personen", "name": ""}, category_order=["Plätze", "Belegung"], council=council)
    fig.update_layout(height=max(320, 90 + 30 * len(t)) if council else max(280, 60 + 30 * len(t)))
    return fig


def stay_bands(bands: pd.DataFrame, names: dict[str, str] | None = None, council: bool = False) -> go.Figure:
    """Current residents by length of stay so far: one bar per band, or stacked per accommodation
    when ``bands`` has an ``accommodation_id`` column (``names`` maps ids to accommodation names)."""
    measure = "Bisherige Aufenthaltsdauer der aktuellen Bewohner"
    if "accommodation_id" not in bands.columns:
        return bar(bands, "band", "count", "band", title=measure, category_order=list(BANDS),
                   labels={"count": "Bewohner", "band": ""}, council=council)
    df = bands.assign(name=bands["accommodation_id"].map(lambda k: (names or {}).get(k, k)))
    fig = stacked(df, "name", "count", "band", orientation="h", title=f"{measure} je Unterkunft",
                  labels={"count": "Bewohner", "name": ""}, category_order=list(BANDS), council=council)
    fig.update_layout(height=max(280, 60 + 30 * df["name"].nunique()))
    return fig


def completed_stays(histogram: pd.DataFrame, council: bool = False) -> go.Figure:
    """Durations of completed stays (move-outs up to the Stichtag) per band."""
    return bar(histogram, "band", "count", title="Dauer abgeschlossener Aufenthalte (Auszüge bis zum Stichtag)",
               labels={"count": "Aufenthalte", "band": ""}, category_order=list(COMPLETED_BANDS), council=council)


def composition(df: pd.DataFrame, title: str, value_label: str = "Personen", council: bool = False) -> go.Figure:
    """Horizontal bars of a composition table (columns group, count)."""
    return bar(df, "group", "count", "group", orientation="h", title=title,
               labels={"count": value_label, "group": ""}, council=council)


def household_sizes(df: pd.DataFrame, council: bool = False) -> go.Figure:
    """Households by size (columns label, households)."""
    return bar(df, "label", "households", title="Haushalte nach Größe",
               labels={"households": "Haushalte", "label": ""}, council=council)


def occupancy_over_time(series: OccupancySeries, council: bool = False) -> go.Figure:
    """Occupancy (and places where known) over time; the title says which measure it is."""
    df = series.frame
    parts = [pd.DataFrame({"date": df["date"], "measure": "Belegung", "value": df["occupancy"]})]
    if df["capacity"].notna().any():
        parts.append(pd.DataFrame({"date": df["date"], "measure": "Plätze", "value": df["capacity"]}))
    long = pd.concat(parts, ignore_index=True)
    fig = line(long, "date", "value", "measure", title=f"Belegung im Zeitverlauf ({series.measure})",
               labels={"value": "Personen", "date": ""}, colours={"Belegung": palette.ACCENT, "Plätze": palette.GREY},
               dash={"Plätze": "dash"}, council=council)
    fig.update_layout(meta={"measure": series.measure})
    return fig


def arrivals_departures(df: pd.DataFrame, council: bool = False, departures: bool | None = None) -> go.Figure:
    """Arrivals and departures per month (grouped bars).

    A missing value (NaN, e.g. hidden in council mode) leaves its bar out but keeps its month.
    ``departures``: draw the departures series (default: when the file has any move-out dates)."""
    if departures is None:
        departures = bool(df["departures"].notna().any())
    parts = [pd.DataFrame({"month": df["month"], "measure": "Zugänge", "value": df["arrivals"]})]
    if departures:
        parts.append(pd.DataFrame({"month": df["month"], "measure": "Abgänge", "value": df["departures"]}))
    long = pd.concat(parts, ignore_index=True)
    long["value"] = pd.to_numeric(long["value"], errors="coerce").astype("float64")
    return bar(long, "month", "value", "measure", title="Zugänge und Abgänge je Monat",
               labels={"value": "Personen", "month": ""}, category_order=["Zugänge", "Abgänge"], council=council)


# --- text alternative --------------------------------------------------------------------------
_KINDS = {"bar": "Balkendiagramm", "scatter": "Liniendiagramm"}


def _trace_sentence(trace) -> str:
    meta = trace.meta if isinstance(trace.meta, dict) else None
    horizontal = getattr(trace, "orientation", None) == "h"
    values = list(trace.x if horizontal else trace.y) if (trace.x is not None and trace.y is not None) else []
    if meta:
        labels, texts = list(meta["labels"]), list(meta["texts"])
    else:
        cats = list(trace.y if horizontal else trace.x) if values else []
        labels, texts = [str(c) for c in cats], [fmt.num(v, 1) for v in values]
    name = trace.name or "Werte"
    known = [(v, i) for i, v in enumerate(values) if v is not None and not pd.isna(v)]
    if not known:
        return f"{name}: keine Werte."
    if len(known) == 1:
        i = known[0][1]
        return f"{name}: {labels[i]} {texts[i]}."
    hi = max(known)[1]
    lo = min(known)[1]
    return (f"{name}: {len(known)} Werte, höchster bei {labels[hi]} ({texts[hi]}), "
            f"niedrigster bei {labels[lo]} ({texts[lo]}).")


def _cell(v) -> str:
    if v is None or (not isinstance(v, str) and pd.isna(v)):
        return fmt.MISSING
    if isinstance(v, (bool,)) or type(v).__name__ == "bool_":
        return "ja" if v else "nein"
    if isinstance(v, pd.Timestamp):
        return fmt.date(v)
    if isinstance(v, (int, float)) or pd.api.types.is_number(v):
        return fmt.num(v, 0 if float(v).is_integer() else 1)
    return str(v)


def _frame_alternative(df: pd.DataFrame, title: str | None, labels: dict | None = None, max_rows: int = 10) -> str:
    head = f"Tabelle „{title}“" if title else "Tabelle"
    if df is None or len(df) == 0:
        return f"{head}: keine Daten."
    df = df.rename(columns=labels or {})
    cols = [str(c) for c in df.columns]
    rows = []
    for values in df.head(max_rows).itertuples(index=False):
        rows.append(", ".join(f"{c} {_cell(v)}" for c, v in zip(cols, values)))
    more = f" … und {fmt.integer(len(df) - max_rows)} weitere Zeilen." if len(df) > max_rows else ""
    intro = f"{head} mit {fmt.plural(len(df), 'Zeile', 'Zeilen')} und den Spalten {', '.join(cols)}: "
    return intro + "; ".join(rows) + "." + more


def is_marker_trace(trace) -> bool:
    """A text-only trace that writes ``≤2``/``•`` where a hidden bar is left out (no data of its own)."""
    return trace.type == "scatter" and trace.mode == "text"


def text_alternative(obj, title: str | None = None, labels: dict[str, str] | None = None) -> str:
    """A short German description of a figure (or of the table behind it) for screen readers.

    For a DataFrame, ``labels`` renames its columns to German titles first.
    """
    if isinstance(obj, Unavailable):
        return obj.reason
    if isinstance(obj, pd.DataFrame):
        return _frame_alternative(obj, title, labels)
    fig = obj
    title = title or (fig.layout.title.text if fig.layout.title and fig.layout.title.text else "ohne Titel")
    traces = [t for t in fig.data if not is_marker_trace(t)]
    if not traces:
        return f"Diagramm „{title}“: keine Daten."
    kinds = {_KINDS.get(t.type, "Diagramm") for t in traces}
    if len(traces) == 1 and isinstance(traces[0].meta, dict) and len(traces[0].meta["labels"]) <= 12:
        m = traces[0].meta
        pairs = "; ".join(f"{lab}: {txt}" for lab, txt in zip(m["labels"], m["texts"]))
        kind = kinds.pop()
        return f"{kind} „{title}“. {m['measure']} – {pairs}." if pairs else f"{kind} „{title}“: keine Daten."
    kind = kinds.pop() if len(kinds) == 1 else "Diagramm"
    stack = " (gestapelt)" if fig.layout.barmode == "stack" else ""
    return f"{kind}{stack} „{title}“. " + " ".join(_trace_sentence(t) for t in traces)
