"""Scenario charts on the one theme of :mod:`ankunft.plots.charts` (German months, fixed colours).

* :func:`demand_vs_capacity` – places, places at the target utilisation (minus the reserve) and the
  demand of the three arrival variants; the shortfall against the target is shaded per variant;
* :func:`occupancy` – residents per accommodation stacked, unplaced people on top, capacity line;
* :func:`timeline` – Gantt-style: when each accommodation is open, when it closes, rent until the
  lease ends (read-only view of the closure table);
* :func:`flats` – flats needed per month by household size;
* :func:`net_cost` / :func:`savings` – net cost per budget year with and without closures; saving
  per year and cumulative;
* :func:`compare_demand` / :func:`compare_savings` – two or more saved scenarios overlaid;
* :func:`withheld` – a chart left out in council mode: its title and a German note why, no data.

Every figure is described by :func:`text_alternative` (helper traces for shading are left out).
Counts are expected values of the model; hover texts show them rounded to whole persons.

Council mode (``council=True``): person and flat counts are whole numbers in the payload too (the
exact expected values would let a reader who knows the published assumptions solve for the start
counts), the occupancy chart shows all accommodations together (a site's own line starts at its
real occupancy, which the Übersicht may hide), and with ``hide_persons`` every person count is
left out (its marker stays in the hover and text payload) – for a city total the Übersicht hides.
"""

from __future__ import annotations

import textwrap
from collections.abc import Mapping

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from ankunft.core import fmt, palette
from ankunft.plots import charts
from ankunft.scenario.inputs import HOUSEHOLD_CLASSES, HOUSEHOLD_LABELS, VARIANT_LABELS, VARIANTS, period_month
from ankunft.scenario.results import Result

CAPACITY_COLOUR = palette.TEXT
TARGET_COLOUR = palette.GREY
UNPLACED_COLOUR = palette.FLAG["rot"]
OTHER_COLOUR = palette.GREY_LIGHT
OPEN_COLOUR = palette.ACCENT
NEW_COLOUR = "#009E73"
LEASE_COLOUR = "#E69F00"
CLOSE_COLOUR = palette.FLAG["rot"]
HOUSEHOLD_COLOURS = {HOUSEHOLD_LABELS[1]: "#56B4E9", HOUSEHOLD_LABELS[2]: "#0072B2",
                     HOUSEHOLD_LABELS[3]: "#E69F00", HOUSEHOLD_LABELS[4]: "#D55E00"}
SCENARIO_COLOURS = ("#0072B2", "#D55E00", "#009E73", "#CC79A7")
OTHERS = "übrige Unterkünfte"
UNPLACED = "nicht untergebracht"
MIO = 1_000_000.0
HELPER = "helper"  # meta flag of traces that only draw shading
PLACED = "in Unterkünften"
HIDDEN_TEXT = "•"
PLACE_SERIES = ("Plätze", "Plätze bei Zielauslastung abzügl. Reserve")


def council_values(y, council: bool) -> np.ndarray:
    """Model counts as published: whole numbers in council mode (halves up, after cutting float
    noise at the 6th decimal, so that the same expected value always gives the same number), the
    expected values otherwise."""
    y = np.asarray(y, dtype=float)
    return np.floor(np.round(y, 6) + 0.5) + 0.0 if council else y


def _width(council: bool) -> float:
    return charts.LINE_WIDTH_COUNCIL if council else charts.LINE_WIDTH


def _meta(labels: list[str], texts: list[str], measure: str) -> dict:
    return {"labels": labels, "texts": texts, "measure": measure}


HALF_TICKS = 6  # month ticks of a chart in a half-width column
COUNCIL_TICKS = 7  # full width, but the projector's larger type: "Sept. 2026" twelve times would overlap


def _month_axis(fig: go.Figure, months, max_ticks: int = charts.MAX_MONTH_TICKS) -> None:
    vals, text = charts.month_ticks(months, max_ticks)
    fig.update_xaxes(tickmode="array", tickvals=vals, ticktext=text, tickangle=0)


def _legend_below(fig: go.Figure) -> None:
    """Legend under the plot (for charts with many series in a half-width column)."""
    fig.update_layout(legend=dict(orientation="h", yanchor="top", y=-0.12, xanchor="left", x=0),
                      margin=dict(t=60))


def _line(x, y, name: str, colour: str, council: bool, *, dash: str = "solid", labels: list[str],
          value_text=fmt.integer, legendgroup: str | None = None, shape: str = "linear") -> go.Scatter:
    if value_text is fmt.integer:
        y = council_values(y, council)
    texts = [value_text(v) for v in y]
    return go.Scatter(x=list(x), y=list(y), name=name, mode="lines", legendgroup=legendgroup,
                      line=dict(color=colour, width=_width(council), dash=dash, shape=shape),
                      customdata=list(zip(labels, texts)),
                      hovertemplate=f"%{{customdata[0]}}<br>{name}: %{{customdata[1]}}<extra></extra>",
                      meta=_meta(labels, texts, name))


def _shade(x, lower, upper, colour: str, name: str, legendgroup: str) -> list[go.Scatter]:
    """Fill between ``lower`` and ``upper`` (where upper > lower): a hidden lower edge plus a filled edge."""
    r, g, b = palette.hex_to_rgb(colour)
    lower = np.asarray(lower, dtype=float)
    top = np.maximum(np.asarray(upper, dtype=float), np.asarray(lower, dtype=float))
    edge = go.Scatter(x=list(x), y=list(lower), mode="lines", line=dict(width=0), hoverinfo="skip",
                      showlegend=False, legendgroup=legendgroup, meta={HELPER: True})
    fill = go.Scatter(x=list(x), y=list(top), mode="lines", line=dict(width=0), fill="tonexty",
                      fillcolor=f"rgba({r},{g},{b},0.3)", hoverinfo="skip", name=name, showlegend=False,
                      legendgroup=legendgroup, meta={HELPER: True})
    return [edge, fill]


# --- demand vs capacity (three variants) ---------------------------------------------------------
BAND_NAME = f"Bedarf: {fmt.pct(0.8, 0)} der Zufallsläufe (Monte Carlo)"


def demand_vs_capacity(results: Mapping[str, Result], council: bool = False, hide_persons: bool = False,
                       band: tuple[np.ndarray, np.ndarray, str] | None = None) -> go.Figure:
    """Places, target places and the demand of each arrival variant; shortfall against the target shaded.
    ``band``: (lower, upper, variant) – the Monte Carlo band of the demand, drawn as a grey area with
    its edges in the hover (``BAND_NAME``)."""
    first = next(iter(results.values()))
    months = first.months
    labels = first.month_labels
    cap = first.series("capacity")
    target = first.series("target_places")
    fig = go.Figure()
    fig.add_trace(_line(months, cap, "Plätze", CAPACITY_COLOUR, council, labels=labels, shape="hv"))
    fig.add_trace(_line(months, target, "Plätze bei Zielauslastung abzügl. Reserve", TARGET_COLOUR, council,
                        dash="dash", labels=labels, shape="hv"))
    # shading in bands: each variant's band starts where the next lower variant's shortfall ends,
    # so the shaded area above the target line of one colour is that variant's extra shortfall
    present = sorted((v for v in VARIANTS if v in results), key=lambda v: float(results[v].series("demand").sum()))
    lower = council_values(target, council)
    for v in present:
        demand = council_values(results[v].series("demand"), council)
        for trace in _shade(months, lower, demand, palette.VARIANT_COLOURS[v], f"Fehlbedarf {VARIANT_LABELS[v]}", v):
            fig.add_trace(trace)
        lower = np.maximum(lower, demand)
    if band is not None and not hide_persons:
        lo, hi, v = band
        fig.add_trace(_line(months, lo, f"{BAND_NAME}, untere Grenze", palette.VARIANT_COLOURS[v], council,
                            dash="dot", labels=labels, legendgroup="band"))
        fig.add_trace(_line(months, hi, f"{BAND_NAME}, obere Grenze", palette.VARIANT_COLOURS[v], council,
                            dash="dot", labels=labels, legendgroup="band"))
    for v in VARIANTS:
        if v in results:
            fig.add_trace(_line(months, results[v].series("demand"), f"Bedarf {VARIANT_LABELS[v]}",
                                palette.VARIANT_COLOURS[v], council, labels=labels, legendgroup=v))
    charts.apply_theme(fig, council, "Bedarf und Plätze je Monat (schattiert: Fehlbedarf)")
    fig.update_yaxes(title=dict(text="Personen / Plätze"), tickformat=",d", rangemode="tozero")
    _month_axis(fig, months)
    # the legend sits above the plot, two long entries per row: room for every row below the title
    rows = -(-sum(1 for t in fig.data if t.showlegend is not False) // 2)
    extra = 22 * max(rows - 2, 0)
    fig.update_layout(height=(560 if council else 440) + extra, hovermode="x unified",
                      margin=dict(t=(115 if council else 82) + extra))
    return hide_person_traces(fig) if hide_persons else fig


def hide_person_traces(fig: go.Figure) -> go.Figure:
    """Leave every person count out of a figure (places, i.e. series named "Plätze …", stay):
    values None, texts the marker, shading helpers dropped."""
    keep = []
    for trace in fig.data:
        meta = trace.meta if isinstance(trace.meta, dict) else {}
        if meta.get(HELPER):
            continue
        if not str(trace.name).startswith(PLACE_SERIES) and meta.get("texts") is not None:
            n = len(meta["texts"])
            texts = [HIDDEN_TEXT] * n
            labels = list(meta["labels"])
            trace.y = [None] * n
            trace.customdata = list(zip(labels, texts))
            trace.meta = _meta(labels, texts, meta.get("measure", trace.name))
        keep.append(trace)
    out = go.Figure(data=keep, layout=fig.layout)
    return out


# --- occupancy per accommodation -------------------------------------------------------------------
def occupancy(result: Result, council: bool = False, max_series: int = 7, hide_persons: bool = False
              ) -> go.Figure:
    """Residents per accommodation stacked (the largest at the start individually, the rest together),
    unplaced people on top, total places and target places as lines. ``max_series`` areas at most
    (besides the unplaced), so that every area has its own colour. In council mode all
    accommodations form one area ("in Unterkünften"): a site's own line would start at its real
    occupancy."""
    raw, plan = result.raw, result.plan
    months, labels = result.months, result.month_labels
    res = raw.residents
    order = np.argsort(-(res[0] + 1e-9 * res.sum(axis=0)), kind="stable")
    keep = [int(j) for j in order if res[:, j].max(initial=0.0) > 0][:max_series - 1] \
        if res.shape[1] > max_series else [int(j) for j in order if res[:, j].max(initial=0.0) > 0]
    rest = [j for j in range(res.shape[1]) if j not in keep]
    fig = go.Figure()
    colours = [c for c in palette.OKABE_ITO if c not in ("#000000", "#F0E442")]

    def area(y, name: str, colour: str) -> go.Scatter:
        y = council_values(y, council)
        texts = [fmt.integer(v) for v in y]
        return go.Scatter(x=list(months), y=list(y), name=name, mode="lines", stackgroup="residents",
                          line=dict(width=0.5, color=colour), fillcolor=colour,
                          customdata=list(zip(labels, texts)),
                          hovertemplate=f"%{{customdata[0]}}<br>{name}: %{{customdata[1]}}<extra></extra>",
                          meta=_meta(labels, texts, name))

    if council:
        fig.add_trace(area(res.sum(axis=1), PLACED, OPEN_COLOUR))
    else:
        for i, j in enumerate(keep):
            fig.add_trace(area(res[:, j], plan.names[j], colours[i % len(colours)]))
        if rest and res[:, rest].sum() > 0:
            fig.add_trace(area(res[:, rest].sum(axis=1), OTHERS, OTHER_COLOUR))
    unplaced = result.series("unplaced")
    if unplaced.max(initial=0.0) > 0.5:
        fig.add_trace(area(unplaced, UNPLACED, UNPLACED_COLOUR))
    fig.add_trace(_line(months, result.series("capacity"), "Plätze", CAPACITY_COLOUR, council, labels=labels,
                        shape="hv"))
    fig.add_trace(_line(months, result.series("target_places"), "Plätze bei Zielauslastung abzügl. Reserve",
                        TARGET_COLOUR, council, dash="dash", labels=labels, shape="hv"))
    title = "Belegung aller Unterkünfte" if council else "Belegung je Unterkunft"
    charts.apply_theme(fig, council, f"{title} ({result.variant_label})")
    fig.update_yaxes(title=dict(text="Personen"), tickformat=",d", rangemode="tozero")
    _month_axis(fig, months, COUNCIL_TICKS if council else HALF_TICKS)
    _legend_below(fig)
    fig.update_layout(height=640 if council else 620)
    return hide_person_traces(fig) if hide_persons else fig


# --- closure timeline ----------------------------------------------------------------------------
def timeline_rows(result: Result) -> pd.DataFrame:
    """One row per accommodation of the plan: name, open/close period, last rent period, flags.

    ``open_from``/``close_at`` are period indices clipped to the horizon (``T`` = never),
    ``rent_until`` the last period with rent after closing (-1 = none); rows that are never open
    within the horizon and pay no rent are left out. Sorted: closing ones by closure month, then new
    ones by opening month, then the rest by name.
    """
    plan, T = result.plan, result.T
    rows = []
    for j, name in enumerate(plan.names):
        o, c = int(plan.open_from[j]), int(plan.close_at[j])
        o = max(0, min(o, T))
        c = max(0, min(c, T))
        lease = int(plan.lease_last[j])
        rent_until = min(lease, T - 1) if (c < T and lease >= c and o < T) else -1
        if o >= c and rent_until < 0:
            continue
        rows.append({"name": name, "open_from": o, "close_at": c, "rent_until": rent_until,
                     "is_new": bool(plan.is_new[j]) or o > 0, "closes": c < T})
    df = pd.DataFrame(rows, columns=["name", "open_from", "close_at", "rent_until", "is_new", "closes"])
    if df.empty:
        return df
    df["_k"] = np.where(df["closes"], 0, np.where(df["is_new"], 1, 2))
    df["_t"] = np.where(df["closes"], df["close_at"], df["open_from"])
    return df.sort_values(["_k", "_t", "name"], kind="stable").drop(columns=["_k", "_t"]).reset_index(drop=True)


def timeline(result: Result, council: bool = False) -> go.Figure:
    """Gantt-style plan: open periods (existing/new), rent after closure until the lease ends, closure marks."""
    rows = timeline_rows(result)
    T = result.T
    start = result.start.stichtag

    def m(t: int) -> pd.Timestamp:
        return period_month(start, t)

    width = 20 if council else 14
    segments: dict[str, tuple[list, list, list]] = {
        "in Betrieb": ([], [], []), "neu geöffnet": ([], [], []),
        "geschlossen, Miete läuft bis Mietende": ([], [], [])}
    closes_x, closes_y, closes_t = [], [], []
    for r in rows.itertuples(index=False):
        if r.open_from < r.close_at:
            key = "neu geöffnet" if r.is_new else "in Betrieb"
            until = "Ende des Zeitraums" if r.close_at >= T else fmt.month(m(r.close_at))
            text = f"{r.name}: {key} {fmt.month(m(r.open_from))} bis {until}"
            xs, ys, ts = segments[key]
            xs += [m(r.open_from), m(r.close_at), None]
            ys += [r.name, r.name, None]
            ts += [text, text, None]
        if r.rent_until >= 0:
            text = f"{r.name}: geschlossen, Miete bis {fmt.month(m(r.rent_until))}"
            xs, ys, ts = segments["geschlossen, Miete läuft bis Mietende"]
            xs += [m(r.close_at), m(r.rent_until + 1), None]
            ys += [r.name, r.name, None]
            ts += [text, text, None]
        if r.closes:
            closes_x.append(m(r.close_at))
            closes_y.append(r.name)
            closes_t.append(f"{r.name}: Schließung {fmt.month(m(r.close_at))}")
    fig = go.Figure()
    colours = {"in Betrieb": OPEN_COLOUR, "neu geöffnet": NEW_COLOUR,
               "geschlossen, Miete läuft bis Mietende": LEASE_COLOUR}
    for key, (xs, ys, ts) in segments.items():
        if not xs:
            continue
        fig.add_trace(go.Scatter(x=xs, y=ys, mode="lines", name=key, line=dict(color=colours[key], width=width),
                                 customdata=ts, hovertemplate="%{customdata}<extra></extra>",
                                 meta={HELPER: True}))
    if closes_x:
        fig.add_trace(go.Scatter(x=closes_x, y=closes_y, mode="markers", name="Schließung",
                                 marker=dict(symbol="line-ns", size=width + 8, color=CLOSE_COLOUR,
                                             line=dict(width=4 if council else 3, color=CLOSE_COLOUR)),
                                 customdata=closes_t, hovertemplate="%{customdata}<extra></extra>",
                                 meta={HELPER: True}))
    charts.apply_theme(fig, council, "Zeitplan der Unterkünfte")
    months = [m(t) for t in range(T + 1)]
    fig.update_xaxes(range=[months[0], months[-1]])
    _month_axis(fig, months)
    fig.update_yaxes(autorange="reversed", title=dict(text=""), showgrid=False,
                     categoryorder="array", categoryarray=list(rows["name"]))
    per_row = 40 if council else 30
    fig.update_layout(height=max(260, 150 + per_row * len(rows)))
    fig.layout.meta = {"text": timeline_text(result, rows)}
    return fig


def timeline_text(result: Result, rows: pd.DataFrame | None = None) -> str:
    """German description of the plan: which accommodation closes when, rent until, what opens."""
    rows = timeline_rows(result) if rows is None else rows
    start, T = result.start.stichtag, result.T
    if rows.empty:
        return "Zeitplan: keine Unterkunft in Betrieb."
    parts = []
    for r in rows[rows["closes"]].itertuples(index=False):
        text = f"{r.name} schließt {fmt.month(period_month(start, r.close_at))}"
        if r.rent_until >= 0:
            text += f" (Miete bis {fmt.month(period_month(start, r.rent_until))})"
        parts.append(text)
    for r in rows[~rows["closes"] & rows["is_new"]].itertuples(index=False):
        parts.append(f"{r.name} öffnet {fmt.month(period_month(start, r.open_from))}")
    stay = int((~rows["closes"] & ~rows["is_new"]).sum())
    head = (f"Zeitplan {fmt.month(period_month(start, 0))} bis {fmt.month(period_month(start, T - 1))}: ")
    body = "; ".join(parts) if parts else "keine Schließungen"
    rest = fmt.plural(stay, "Unterkunft bleibt", "Unterkünfte bleiben")
    return head + body + f". {rest} im ganzen Zeitraum in Betrieb."


# --- flats ----------------------------------------------------------------------------------------
def flats(result: Result, council: bool = False, hide_persons: bool = False) -> go.Figure:
    """Flats needed per month by household size (assumed move-outs plus extra flats for the target);
    whole flats in council mode."""
    df = result.flats
    if council:
        df = df.assign(flats_needed=council_values(df["flats_needed"], True))
    order = [HOUSEHOLD_LABELS[k] for k in HOUSEHOLD_CLASSES]
    fig = charts.stacked(df, "month", "flats_needed", "household_label", title="Benötigte Wohnungen je Monat",
                         labels={"flats_needed": "Wohnungen", "month": ""}, category_order=order,
                         colours=HOUSEHOLD_COLOURS, council=council)
    _month_axis(fig, result.months, COUNCIL_TICKS if council else HALF_TICKS)
    fig.update_layout(height=520 if council else 400, bargap=0.1)
    return hide_person_traces(fig) if hide_persons else fig


# --- costs ----------------------------------------------------------------------------------------
def year_labels(costs: pd.DataFrame) -> list[str]:
    """`2027`, or `2026 (4 Mon.)` for a budget year only partly inside the horizon."""
    return [str(int(y)) if int(n) == 12 else f"{int(y)} ({int(n)} Mon.)"
            for y, n in zip(costs["year"], costs["months"])]


def net_cost(result: Result, council: bool = False) -> go.Figure:
    """Net cost per budget year (Mio. €): with the plan's closures and without any closures."""
    c = result.costs_by_year
    years = year_labels(c)
    long = pd.concat([
        pd.DataFrame({"year": years, "measure": "mit Schließungen", "value": c["net_cost"] / MIO}),
        pd.DataFrame({"year": years, "measure": "ohne Schließungen", "value": c["baseline_net_cost"] / MIO}),
    ], ignore_index=True)
    fig = charts.bar(long, "year", "value", "measure", title="Nettokosten je Haushaltsjahr",
                     labels={"value": "Mio. €", "year": ""}, value_kind="num1",
                     colours={"mit Schließungen": palette.ACCENT, "ohne Schließungen": palette.GREY_LIGHT},
                     category_order=["mit Schließungen", "ohne Schließungen"], council=council)
    _money_hover(fig)
    fig.update_xaxes(type="category")
    fig.update_layout(height=520 if council else 400)
    return fig


def savings(result: Result, council: bool = False) -> go.Figure:
    """Saving against no closures per budget year (bars) and cumulative (line), Mio. €."""
    c = result.costs_by_year
    years = year_labels(c)
    per_year = (c["saving"] / MIO).tolist()
    cumulative = (c["saving_cumulative"] / MIO).tolist()
    fig = go.Figure()
    texts = [_mio(v) for v in per_year]
    fig.add_trace(go.Bar(x=years, y=per_year, name="Einsparung im Jahr", marker_color=palette.ACCENT_LIGHT,
                         customdata=list(zip(years, texts)),
                         hovertemplate="%{customdata[0]}<br>Einsparung im Jahr: %{customdata[1]}<extra></extra>",
                         meta=_meta(years, texts, "Einsparung im Jahr")))
    ctexts = [_mio(v) for v in cumulative]
    fig.add_trace(go.Scatter(x=years, y=cumulative, name="Einsparung kumuliert", mode="lines+markers",
                             line=dict(color=palette.TEXT, width=_width(council)),
                             marker=dict(size=_width(council) * 3, color=palette.TEXT),
                             customdata=list(zip(years, ctexts)),
                             hovertemplate="%{customdata[0]}<br>Einsparung kumuliert: %{customdata[1]}<extra></extra>",
                             meta=_meta(years, ctexts, "Einsparung kumuliert")))
    charts.apply_theme(fig, council, "Einsparung gegenüber ohne Schließungen")
    fig.update_yaxes(title=dict(text="Mio. €"), tickformat=",.1f", zeroline=True, zerolinecolor=palette.GREY)
    fig.update_xaxes(type="category")
    fig.update_layout(height=520 if council else 400)
    return fig


def withheld(title: str, note: str, council: bool = False) -> go.Figure:
    """A chart left out on purpose (council mode, a figure that would give a hidden count away): no
    data at all, only the title and ``note`` (German, why) – on the chart and as its text alternative."""
    fig = go.Figure()
    charts.apply_theme(fig, council, title)
    fig.add_annotation(text="<br>".join(textwrap.wrap(note, 60 if council else 80)), x=0.5, y=0.5, xref="paper", yref="paper", showarrow=False,
                       font=dict(size=18 if council else 14))
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    fig.update_layout(height=260, meta={"text": f"{title}: {note}"})
    return fig


def _mio(v: float) -> str:
    return fmt.unit(v, "Mio. €", 1)


def _money_hover(fig: go.Figure) -> None:
    """Hover and text alternative of a Mio. € bar chart: "1,2 Mio. €" instead of "1,2"."""
    for trace in fig.data:
        texts = [_mio(v) for v in trace.y]
        labels = list(trace.meta["labels"])
        trace.customdata = list(zip(labels, texts))
        trace.meta = _meta(labels, texts, trace.name)


# --- comparison -----------------------------------------------------------------------------------
def compare_demand(results: Mapping[str, Result], council: bool = False) -> go.Figure:
    """Saved scenarios overlaid: places (step line, dashed) and demand (solid), one colour per scenario."""
    fig = go.Figure()
    longest = max(results.values(), key=lambda r: r.T)
    for i, (name, r) in enumerate(results.items()):
        colour = SCENARIO_COLOURS[i % len(SCENARIO_COLOURS)]
        fig.add_trace(_line(r.months, r.series("capacity"), f"Plätze – {name}", colour, council, dash="dash",
                            labels=r.month_labels, legendgroup=name, shape="hv"))
        fig.add_trace(_line(r.months, r.series("demand"), f"Bedarf – {name} ({r.variant_label})", colour, council,
                            labels=r.month_labels, legendgroup=name))
    charts.apply_theme(fig, council, "Bedarf und Plätze im Vergleich")
    fig.update_yaxes(title=dict(text="Personen / Plätze"), tickformat=",d", rangemode="tozero")
    _month_axis(fig, longest.months, COUNCIL_TICKS if council else HALF_TICKS)
    if not council:
        _legend_below(fig)
    fig.update_layout(height=560 if council else 500)
    return fig


def compare_savings(results: Mapping[str, Result], council: bool = False) -> go.Figure:
    """Saved scenarios overlaid: cumulative saving against no closures per month (Mio. €)."""
    fig = go.Figure()
    longest = max(results.values(), key=lambda r: r.T)
    for i, (name, r) in enumerate(results.items()):
        colour = SCENARIO_COLOURS[i % len(SCENARIO_COLOURS)]
        fig.add_trace(_line(r.months, r.series("saving_cumulative") / MIO, f"{name} ({r.variant_label})", colour,
                            council, labels=r.month_labels, value_text=_mio))
    charts.apply_theme(fig, council, "Einsparung kumuliert im Vergleich")
    fig.update_yaxes(title=dict(text="Mio. €"), tickformat=",.1f", zeroline=True, zerolinecolor=palette.GREY)
    _month_axis(fig, longest.months, COUNCIL_TICKS if council else HALF_TICKS)
    if not council:
        _legend_below(fig)
    fig.update_layout(height=560 if council else 500)
    return fig


# --- text alternative -----------------------------------------------------------------------------
def text_alternative(fig: go.Figure) -> str:
    """German description for screen readers: the timeline's own text, else the shared description of
    the visible data traces (shading helpers left out)."""
    meta = fig.layout.meta
    if isinstance(meta, dict) and meta.get("text"):
        return str(meta["text"])
    keep = [t for t in fig.data if not (isinstance(t.meta, dict) and t.meta.get(HELPER))]
    return charts.text_alternative(go.Figure(data=keep, layout=fig.layout))
