"""The charts of the Unterkünfte page: occupancy per accommodation and the residents' stays.

Each chart is a :class:`ChartItem` — a figure, or the German reason why it cannot be shown.
``council=True``: counts of persons pass through :mod:`ankunft.views.accommodations_protection`
(hidden bars left out with their marker, the note under the chart), no per-accommodation breakdown.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from ankunft import disclosure
from ankunft.core import fmt
from ankunft.disclosure import DisclosureConfig, Protected
from ankunft.indicators import Unavailable
from ankunft.indicators import stays as stays_mod
from ankunft.plots import charts
from ankunft.views.accommodations_protection import (
    Anchor,
    patch_texts,
    protect_counts,
    protect_households,
    protect_timeline,
)
from ankunft.views.overview_view import OccupancyFigures

MEASURE_BANDS = "bisherige Aufenthaltsdauer der aktuellen Bewohner am Stichtag der Bewohnerdatei"
MEASURE_COMPLETED = "abgeschlossene Aufenthalte: Dauer vom Einzug bis zum Auszug, Auszüge bis zum Stichtag"


@dataclass
class ChartItem:
    """One view: a figure, or the German reason why it cannot be shown."""

    key: str
    label: str  # short German name (tab/selectbox)
    dataset: str  # for the caption (source, Stichtag)
    figure: go.Figure | None = None
    reason: str | None = None
    note: str = ""  # which measure, suppression note
    text_alternative: str = ""
    wide: bool = False  # needs the full width (one bar per accommodation)


def _unavailable(key: str, label: str, dataset: str, result) -> ChartItem:
    return ChartItem(key, label, dataset, reason=result.reason if isinstance(result, Unavailable) else str(result))


def _item(key: str, label: str, dataset: str, fig: go.Figure, note: str = "") -> ChartItem:
    return ChartItem(key, label, dataset, fig, note=note, text_alternative=charts.text_alternative(fig))


def occupancy_chart(table: pd.DataFrame, occupancy: OccupancyFigures | None = None, council: bool = False) -> ChartItem:
    """Occupancy vs places per accommodation (hidden occupancies left out in council mode)."""
    t = table
    note = ""
    if occupancy is not None:
        hidden = table["key"].map(occupancy.hidden).fillna(False).to_numpy(dtype=bool)
        t = table.copy()
        t.loc[hidden, "occupancy"] = np.nan
        note = occupancy.note or ""
    fig = charts.occupancy_vs_capacity(t, council=council)
    if occupancy is not None:
        patch_texts(fig, {("Belegung", n): occupancy.text(k) for n, k in zip(table["name"], table["key"])
                           if occupancy.hidden(k)})
    return _item("occupancy", "Belegung und Plätze", "accommodations", fig, note)


def _bars(key, label, dataset, df, label_col, count_cols, build, council, cfg, note="", names=None,
          anchor: Anchor | None = None) -> ChartItem:
    texts, hidden_note = {}, None
    if council:
        df, texts, hidden_note = protect_counts(df, label_col, count_cols, cfg, names, anchor)
        if df is None:
            return ChartItem(key, label, dataset, reason=hidden_note)
    fig = build(df)
    if texts:
        patch_texts(fig, texts)
    return _item(key, label, dataset, fig, "; ".join(p for p in (note, hidden_note or "") if p))


def _band_items(roster, names: Mapping[str, str] | None, per_accommodation: bool, council: bool,
                cfg: DisclosureConfig, anchor: Anchor | None) -> list[ChartItem]:
    """Length of stay of the current residents (and per accommodation for the administration)."""
    bands = stays_mod.length_of_stay_bands(roster)
    if isinstance(bands, Unavailable):
        return [_unavailable("bands", "Aufenthaltsdauer", "residents", bands)]
    out = [_bars("bands", "Aufenthaltsdauer", "residents", bands, "band", ["count"],
                 lambda d: charts.stay_bands(d, council=council), council, cfg,
                 f"Maß: {MEASURE_BANDS}.", {"count": "Bewohner"}, anchor)]
    if per_accommodation and not council and len(roster):
        per = stays_mod.length_of_stay_bands(roster, by_accommodation=True)
        item = _item("bands_per", "Aufenthaltsdauer je Unterkunft", "residents",
                     charts.stay_bands(per, names=dict(names or {}), council=council),
                     f"Maß: {MEASURE_BANDS}.")
        item.wide = True
        out.append(item)
    return out


def _completed_item(stays, roster_date: dt.date, council: bool, cfg: DisclosureConfig) -> ChartItem:
    """Completed stays: from moving in to moving out."""
    completed = stays_mod.completed_stays(stays, roster_date)
    hist = stays_mod.completed_stay_histogram(completed)
    if isinstance(hist, Unavailable):
        return _unavailable("completed", "Abgeschlossene Aufenthalte", "residents", hist)
    summary = stays_mod.completed_stay_summary(completed)
    note = f"Maß: {MEASURE_COMPLETED}."
    if summary["count"] and not council:
        note += (f" {fmt.plural(summary['count'], 'abgeschlossener Aufenthalt', 'abgeschlossene Aufenthalte')}, "
                 f"Median {fmt.plural(round(summary['median_days']), 'Tag', 'Tage')}.")
    return _bars("completed", "Abgeschlossene Aufenthalte", "residents", hist, "band", ["count"],
                 lambda d: charts.completed_stays(d, council=council), council, cfg, note,
                 {"count": "Aufenthalte"})


def _households_item(hh, council: bool, cfg: DisclosureConfig, anchor: Anchor | None) -> ChartItem:
    """Households by size (council: protected together with the persons they hold)."""
    if isinstance(hh, Unavailable):
        return _unavailable("households", "Haushalte", "residents", hh)
    note = "Haushalte der aktuellen Bewohner nach Zahl der anwesenden Personen."
    if not council:
        return _bars("households", "Haushalte", "residents", hh, "label", ["households"],
                     lambda d: charts.household_sizes(d, council=council), council, cfg, note,
                     {"households": "Haushalte"})
    shown, texts, hidden_note = protect_households(hh, cfg, anchor)
    if shown is None:
        return ChartItem("households", "Haushalte", "residents", reason=hidden_note)
    fig = charts.household_sizes(shown, council=council)
    patch_texts(fig, texts)
    return _item("households", "Haushalte", "residents", fig, "; ".join(p for p in (note, hidden_note or "") if p))


def _composition_items(roster, council: bool, cfg: DisclosureConfig, anchor: Anchor | None) -> list[ChartItem]:
    """Households, age groups, residence status and entitlement of the current residents."""
    comp = stays_mod.composition(roster)
    if isinstance(comp, Unavailable):
        return [_unavailable("composition", "Zusammensetzung", "residents", comp)]
    out = [_households_item(comp["households"], council, cfg, anchor)]
    for key, label, title in (("age_groups", "Alter", "Kinder und Erwachsene"),
                              ("residence_status", "Aufenthaltsstatus", "Aufenthaltsstatus"),
                              ("entitlement", "Auszugsberechtigung", "Auszugsberechtigt (eigene Wohnung)")):
        part = comp[key]
        if isinstance(part, Unavailable):
            out.append(_unavailable(key, label, "residents", part))
        else:
            out.append(_bars(key, label, "residents", part, "group", ["count"],
                             lambda d, t=title: charts.composition(d, t, council=council), council, cfg,
                             "Aktuelle Bewohner.", {"count": "Personen"}, anchor))
    return out


def _over_time_item(series, timeline, council: bool) -> ChartItem:
    """Occupancy over time (council: as protected together with the flows)."""
    if isinstance(series, Unavailable):
        return _unavailable("over_time", "Belegung im Zeitverlauf", "accommodations", series)
    dataset = "accommodations" if series.measure == stays_mod.MEASURE_SNAPSHOTS else "residents"
    note = ("Aus den Stichtagen der Unterkunftsliste (Belegungsspalte)." if dataset == "accommodations"
            else "Aus den Ein- und Auszugsdaten der Bewohnerdatei rekonstruiert (Monatsende).")
    texts = {}
    if timeline is not None:
        series = None if timeline.series is None else stays_mod.OccupancySeries(timeline.series, series.measure)
        texts = timeline.series_texts
        note += f" {timeline.series_note}" if timeline.series_note else ""
    if series is None:
        return ChartItem("over_time", "Belegung im Zeitverlauf", dataset, reason=timeline.series_note)
    fig = charts.occupancy_over_time(series, council=council)
    patch_texts(fig, texts)
    return _item("over_time", "Belegung im Zeitverlauf", dataset, fig, note)


def _flows_item(flows, timeline, count_transfers: bool, council: bool) -> ChartItem:
    """Arrivals and departures per month (council: as protected together with the series)."""
    if isinstance(flows, Unavailable):
        return _unavailable("flows", "Zugänge und Abgänge", "residents", flows)
    has_departures = bool(flows["departures"].notna().any())
    note = ("Jeder Einzug und Auszug zählt." if count_transfers
            else f"Umzüge zwischen Unterkünften innerhalb von {stays_mod.TRANSFER_GAP_DAYS} Tagen zählen nicht.")
    texts = {}
    if timeline is not None:
        flows, texts = timeline.flows, timeline.flows_texts
        note = "; ".join(p for p in (note, timeline.flows_note or "") if p)
    if flows is None:
        return ChartItem("flows", "Zugänge und Abgänge", "residents", reason=timeline.flows_note)
    fig = charts.arrivals_departures(flows, council=council, departures=has_departures)
    patch_texts(fig, texts)
    return _item("flows", "Zugänge und Abgänge", "residents", fig, note)


def stays_charts(stays, roster_date: dt.date, stand: dt.date, snapshots: Mapping[dt.date, pd.DataFrame] | None,
                 names: Mapping[str, str] | None = None, *, per_accommodation: bool = True,
                 count_transfers: bool = False, council: bool = False,
                 cfg: DisclosureConfig = disclosure.DEFAULT,
                 anchor: tuple[Protected, str, float] | None = None) -> list[ChartItem]:
    """Length of stay, completed stays, composition, occupancy over time, arrivals and departures.

    ``stays``: residents with ``accommodation_id`` (already restricted to the shown accommodations),
    or Unavailable. ``snapshots``: accommodation lists by Stichtag (already filtered). ``anchor``
    (council): the published occupancy table, the row the series' point at the Stichtag may repeat,
    and its true value (see :func:`~ankunft.views.accommodations_protection.protect_timeline`).
    """
    roster = stays_mod.roster(stays, roster_date)
    out = _band_items(roster, names, per_accommodation, council, cfg, anchor)
    out.append(_completed_item(stays, roster_date, council, cfg))
    out += _composition_items(roster, council, cfg, anchor)
    series = stays_mod.occupancy_over_time(snapshots, stays, stand)
    flows = stays_mod.arrivals_departures(stays, roster_date, count_transfers=count_transfers)
    timeline = None
    if council:  # both charts as one publication: a reader can compare the series with the flows
        timeline = protect_timeline(None if isinstance(series, Unavailable) else series.frame,
                                    None if isinstance(flows, Unavailable) else flows, cfg, anchor, stand)
    out.append(_over_time_item(series, timeline, council))
    out.append(_flows_item(flows, timeline, count_transfers, council))
    return out


__all__ = ["MEASURE_BANDS", "MEASURE_COMPLETED", "ChartItem", "occupancy_chart", "stays_charts"]
