"""Council protection of the Unterkünfte charts: counts of a chart protected with the totals a
reader can form, occupancy over time together with the monthly flows, households by size together
with the persons they hold, and the markers (``≤2``/``•``) that stand in for left-out bars.

Used by :mod:`ankunft.views.accommodations_charts`; moved as is out of ``accommodations_view``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from ankunft import disclosure
from ankunft.core import fmt, palette
from ankunft.disclosure import DisclosureConfig, Protected


def patch_texts(fig: go.Figure, texts: Mapping[tuple, str]) -> None:
    """Replace the hover/text-alternative texts of hidden values: (trace name, label) -> marker."""
    for trace in fig.data:
        meta = trace.meta if isinstance(trace.meta, dict) else None
        if not meta:
            continue
        new = [texts.get((trace.name, lab), t) for lab, t in zip(meta["labels"], meta["texts"])]
        trace.meta = {**meta, "texts": new}
    mark_hidden_bars(fig, texts)


MARKER_FONT = {"size": 20, "color": palette.TEXT}  # legible on the projector


def mark_hidden_bars(fig: go.Figure, texts: Mapping[tuple, str]) -> None:
    """A left-out bar would read as 0: write its marker (``≤2``/``•``) at the base of the axis.

    One bar series: an annotation at the category. Grouped bars (several series): a text trace
    per series in the series' offset group, so each marker stands in the slot of its own bar."""
    bars = [t for t in fig.data if t.type == "bar"]
    if not texts:
        return
    if not bars:  # a line: the marker stands at the base of the gap
        for trace in fig.data:
            if trace.type == "scatter" and isinstance(trace.meta, dict):
                for cat, marker in _hidden_categories(trace, texts):
                    fig.add_annotation(x=cat, y=0, text=marker, showarrow=False, yanchor="bottom", yshift=2,
                                       font=MARKER_FONT)
        return
    if len(bars) == 1:
        trace = bars[0]
        horizontal = trace.orientation == "h"
        for cat, marker in _hidden_categories(trace, texts):
            if horizontal:
                fig.add_annotation(x=0, y=cat, text=marker, showarrow=False, xanchor="left", xshift=4,
                                   font=MARKER_FONT)
            else:
                fig.add_annotation(x=cat, y=0, text=marker, showarrow=False, yanchor="bottom", yshift=2,
                                   font=MARKER_FONT)
        return
    fig.update_layout(scattermode="group")
    for i, trace in enumerate(bars):
        hidden = _hidden_categories(trace, texts)
        trace.offsetgroup = trace.offsetgroup or f"g{i}"
        if not hidden:
            continue
        cats, markers = [c for c, _ in hidden], [m for _, m in hidden]
        horizontal = trace.orientation == "h"
        fig.add_trace(go.Scatter(
            x=[0] * len(cats) if horizontal else cats, y=cats if horizontal else [0] * len(cats),
            mode="text", text=markers, textposition="middle right" if horizontal else "top center",
            textfont=MARKER_FONT, offsetgroup=trace.offsetgroup, showlegend=False, hoverinfo="skip",
            name=f"{trace.name}: ausgeblendet"))


def _hidden_categories(trace, texts: Mapping[tuple, str]) -> list[tuple[object, str]]:
    """(category, marker) of the trace's hidden values."""
    horizontal = getattr(trace, "orientation", None) == "h"
    axis = list(trace.y if horizontal else trace.x) if (trace.y if horizontal else trace.x) is not None else []
    meta = trace.meta if isinstance(trace.meta, dict) else {}
    labels = list(meta.get("labels") or [])
    if len(labels) != len(axis):  # the chart's own labels (month or date texts) where it has them
        labels = [fmt.month(c) if isinstance(c, (pd.Timestamp, dt.datetime, np.datetime64)) else str(c) for c in axis]
    out = []
    for cat, label in zip(axis, labels):
        marker = texts.get((trace.name, str(label)))
        if marker is not None:
            out.append((cat, marker))
    return out


Anchor = tuple  # (published occupancy table: Protected, its row, the row's true value)
UNPROTECTABLE = ("Im Ratsmodus nicht gezeigt: Bei so wenigen Personen ließe sich aus der gezeigten Gesamtzahl "
                 "auf einzelne Werte schließen.")


def _anchored(pub, name: str, total_keys: list[tuple], totals: list[float], anchor: Anchor | None) -> None:
    """Link the totals a reader forms from a chart to the occupancy published elsewhere on the page
    (the anchor's table, fixed) where they are the same number: the chart is then protected
    knowing that total, so its hidden bars cannot be recomputed from it."""
    if anchor is None:
        return
    table, row, true_value = anchor
    if row not in table.values.index:
        return
    linked = [k for k, t in zip(total_keys, totals) if float(t) == float(true_value)]
    if linked:
        pub.published("belegung", table)
        for k in linked:
            pub.link(disclosure.link_equal(k, ("belegung", row, None)))


def protect_counts(df: pd.DataFrame, label_col: str, count_cols: list[str], cfg: DisclosureConfig,
                   names: Mapping[str, str] | None = None,
                   anchor: Anchor | None = None) -> tuple[pd.DataFrame, dict[tuple, str], str | None]:
    """Counts of a chart table protected with their column totals (the sum a reader could form).

    Returns the frame with hidden counts as NaN, (trace name, label) -> marker for hidden cells, and
    the German note. ``names``: count column -> trace name (default: the column itself).
    ``anchor``: the published occupancy a column total repeats (see :func:`protect_timeline`).
    When no suppression pattern protects the small counts, the frame is None and the note says why.
    """
    if len(df) == 0:
        return df, {}, None
    from ankunft.disclosure.publication import Publication

    labels = [fmt.month(v) if isinstance(v, pd.Timestamp) else str(v) for v in df[label_col]]
    body = pd.DataFrame({c: pd.to_numeric(df[c], errors="coerce").astype("float64").fillna(0).to_numpy()
                         for c in count_cols}, index=labels)
    joint = Publication(cfg)
    joint.table("chart", body, count_cols=count_cols, col_total=True)
    _anchored(joint, "chart", [("chart", disclosure.TOTAL, c) for c in count_cols],
              [body[c].sum() for c in count_cols], anchor)
    pub = joint["chart"]
    if pub.residual:  # no pattern protects it (e.g. 1 child, 3 adults at a site of 4): not shown
        return None, {}, UNPROTECTABLE
    out = df.copy()
    texts: dict[tuple, str] = {}
    for c in count_cols:
        hidden = pub.mask[c].loc[labels].to_numpy(dtype=bool)
        out[c] = out[c].astype("float64").where(~hidden)
        for lab, h, t in zip(labels, hidden, pub.display[c].loc[labels]):
            if h:
                texts[((names or {}).get(c, c), lab)] = t
    return out, texts, pub.note


@dataclass
class Timeline:
    """Occupancy over time and arrivals/departures as the council may see them (hidden = NaN)."""

    series: pd.DataFrame | None  # date, occupancy, capacity
    series_texts: dict[tuple, str]  # ("Belegung", date text) -> marker
    series_note: str | None
    flows: pd.DataFrame | None  # month, month_label, arrivals, departures
    flows_texts: dict[tuple, str]  # ("Zugänge"/"Abgänge", month text) -> marker
    flows_note: str | None
    links: list[dict]  # the flow relations protected (cell keys "occ"/"flows"), for the audit


FLOW_NAMES = {"arrivals": "Zugänge", "departures": "Abgänge"}


def flow_links(series: pd.DataFrame, flows: pd.DataFrame, cols: list[str]) -> list[dict]:
    """The relations a reader knows between the occupancy series and the monthly flows:
    occupancy(d₁) − occupancy(d₀) = arrivals − departures of the months between two points.

    One relation per pair of consecutive points whose interval is exactly a run of whole calendar
    months of the flow chart (d₀ a month end, d₁ a month end or the last point within its month),
    and only where it holds for the true numbers – then a reader can use it exactly (the city-wide
    chart leaves transfers out, so there it often holds only roughly). Keys: ("occ", date text,
    None), ("flows", month text, column).
    """
    if series is None or flows is None or len(series) < 2 or len(flows) == 0 or "departures" not in cols:
        return []
    starts = [pd.Timestamp(m) for m in flows["month"]]
    labels = [fmt.month(m) for m in starts]
    month_of = {(m.year, m.month): i for i, m in enumerate(starts)}
    dates = [pd.Timestamp(d) for d in series["date"]]
    occ = series["occupancy"].to_numpy(dtype="float64")
    arr = flows["arrivals"].to_numpy(dtype="float64")
    dep = flows["departures"].to_numpy(dtype="float64")
    out = []
    for i in range(1, len(dates)):
        d0, d1 = dates[i - 1], dates[i]
        if d0 != d0 + pd.offsets.MonthEnd(0) or d1 <= d0:
            continue
        months, m = [], (d0 + pd.Timedelta(days=1))
        while m <= d1:
            j = month_of.get((m.year, m.month))
            if j is None:
                months = []
                break
            months.append(j)
            m = m + pd.offsets.MonthBegin(1)
        if not months:
            continue
        if d1 != d1 + pd.offsets.MonthEnd(0) and i != len(dates) - 1:
            continue
        if np.isnan(occ[[i - 1, i]]).any() or np.isnan(arr[months]).any() or np.isnan(dep[months]).any():
            continue
        if occ[i] - occ[i - 1] != arr[months].sum() - dep[months].sum():
            continue
        rel = {("occ", fmt.date(d1), None): 1.0, ("occ", fmt.date(d0), None): -1.0}
        for j in months:
            rel[("flows", labels[j], "arrivals")] = -1.0
            rel[("flows", labels[j], "departures")] = 1.0
        out.append(rel)
    return out


def protect_timeline(series: pd.DataFrame | None, flows: pd.DataFrame | None, cfg: DisclosureConfig,
                     anchor: tuple[Protected, str, float] | None = None, stand: dt.date | None = None) -> Timeline:
    """Occupancy over time and the monthly arrivals/departures protected as one publication.

    Both charts sit on one page (and in one export), and a reader can subtract two points of the
    series and compare with the flows of the months between (:func:`flow_links`). ``anchor``: the
    published occupancy table, the row whose number the series' point at ``stand`` may repeat (the
    total, or one accommodation) and its true value: where the point equals it, the two are linked
    (the table fixed), so a hidden occupancy stays hidden in the series too.
    """
    from ankunft.disclosure.publication import Publication

    pub = Publication(cfg)
    cols: list[str] = []
    if series is not None and len(series):
        occ = pd.Series(series["occupancy"].to_numpy(dtype="float64"), index=[fmt.date(d) for d in series["date"]])
        pub.table("occ", occ)
    if flows is not None and len(flows):
        cols = ["arrivals"] + (["departures"] if flows["departures"].notna().any() else [])
        body = pd.DataFrame({c: pd.to_numeric(flows[c], errors="coerce").astype("float64").fillna(0).to_numpy()
                             for c in cols}, index=[fmt.month(m) for m in flows["month"]])
        pub.table("flows", body, count_cols=cols, col_total=True)
    links = flow_links(series, flows, cols) if ("occ" in pub.tables and "flows" in pub.tables) else []
    pub.link_all(links)
    if anchor is not None and "occ" in pub.tables and stand is not None:
        table, row, true_value = anchor
        last = pd.Timestamp(series["date"].iloc[-1])
        if last == pd.Timestamp(stand) and row in table.values.index and \
                float(series["occupancy"].iloc[-1]) == float(true_value):
            pub.published("belegung", table)
            pub.link(disclosure.link_equal(("occ", fmt.date(last), None), ("belegung", row, None)))
    if any(pub[name].residual for name in ("occ", "flows") if name in pub.tables):
        # no pattern protects the small flows: neither chart is shown
        return Timeline(None, {}, UNPROTECTABLE, None, {}, UNPROTECTABLE, links)
    series_out, series_texts, series_note = series, {}, None
    if "occ" in pub.tables:
        res = pub["occ"]
        series_out = series.copy()
        hidden = res.mask.to_numpy(dtype=bool)
        series_out["occupancy"] = series_out["occupancy"].astype("float64").where(~hidden)
        series_texts = {("Belegung", lab): t for lab, h, t in zip(res.display.index, hidden, res.display) if h}
        series_note = res.note
    flows_out, flows_texts, flows_note = flows, {}, None
    if "flows" in pub.tables:
        res = pub["flows"]
        flows_out = flows.copy()
        labels = [fmt.month(m) for m in flows["month"]]
        for c in cols:
            hidden = res.mask[c].loc[labels].to_numpy(dtype=bool)
            flows_out[c] = flows_out[c].astype("float64").where(~hidden)
            for lab, h, t in zip(labels, hidden, res.display[c].loc[labels]):
                if h:
                    flows_texts[(FLOW_NAMES[c], lab)] = t
        flows_note = res.note
    return Timeline(series_out, series_texts, series_note, flows_out, flows_texts, flows_note, links)


def protect_households(hh: pd.DataFrame, cfg: DisclosureConfig = disclosure.DEFAULT, anchor: Anchor | None = None
                       ) -> tuple[pd.DataFrame, dict[tuple, str], str | None]:
    """Households by size for the council, protected together with the persons they hold.

    A reader knows persons = Σ size × households whenever the open class (the largest size, "6+")
    is empty; with the number of residents shown on the same page, that equation would give a
    hidden class away (3·x + 5·y = 11 → x = 2, y = 1). Returns the frame with hidden counts as NaN,
    ("Haushalte", label) -> marker, and the note. ``anchor``: the published occupancy that the
    persons repeat (see :func:`protect_timeline`)."""
    if len(hh) == 0:
        return hh, {}, None
    from ankunft.disclosure.publication import Publication

    labels = [str(v) for v in hh["label"]]
    counts = pd.Series(hh["households"].to_numpy(dtype="float64"), index=labels)
    pub = Publication(cfg)
    pub.table("hh", counts, total=True)
    pub.table("persons", pd.Series({"persons": float(hh["persons"].sum())}))
    if counts.iloc[-1] == 0:
        rel = {("hh", lab, None): float(size) for lab, size in zip(labels, hh["size"])}
        rel[("persons", "persons", None)] = -1.0
        pub.link(rel)
    _anchored(pub, "persons", [("persons", "persons", None)], [float(hh["persons"].sum())], anchor)
    res = pub["hh"]
    if res.residual or pub["persons"].residual:
        return None, {}, UNPROTECTABLE
    hidden = res.mask.loc[labels].to_numpy(dtype=bool)
    out = hh.copy()
    out["households"] = out["households"].astype("float64").where(~hidden)
    texts = {("Haushalte", lab): t for lab, h, t in zip(labels, hidden, res.display.loc[labels]) if h}
    return out, texts, pub.note


__all__ = [
    "FLOW_NAMES",
    "MARKER_FONT",
    "UNPROTECTABLE",
    "Anchor",
    "Timeline",
    "flow_links",
    "mark_hidden_bars",
    "patch_texts",
    "protect_counts",
    "protect_households",
    "protect_timeline",
]
