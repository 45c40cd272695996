"""View model of the Unterkünfte page: filters, tiles, the table, the charts and the drill-down.

Pure functions of a :class:`~ankunft.storage.state.DataState`; the page only lays them out. Views that need
the residents file (stays) carry the German reason instead of a chart when it is missing.
``council=True``: every count of persons passes through :mod:`ankunft.disclosure` (tables as
strings with ``≤2``/``•``, hidden bars left out, the note under the chart), no per-accommodation
breakdown of residents' stays.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from ankunft import disclosure
from ankunft.core import fmt, palette
from ankunft.core.reference import STANDARDS, Standards
from ankunft.disclosure import DisclosureConfig, Protected
from ankunft.indicators import Unavailable
from ankunft.indicators import accommodations as acc_mod
from ankunft.indicators import overview as ov_mod
from ankunft.indicators import stays as stays_mod
from ankunft.indicators.services import district_ids_of
from ankunft.plots import charts
from ankunft.storage.state import DataState
from ankunft.views.overview_view import OccupancyFigures, Tile, council_flag_text, protect_occupancy

MEASURE_BANDS = "bisherige Aufenthaltsdauer der aktuellen Bewohner am Stichtag der Bewohnerdatei"
MEASURE_COMPLETED = "abgeschlossene Aufenthalte: Dauer vom Einzug bis zum Auszug, Auszüge bis zum Stichtag"
NO_ROWS = "Keine Unterkunft entspricht den gewählten Filtern."


@dataclass(frozen=True)
class Filters:
    district_ids: tuple[str, ...] = ()
    types: tuple[str, ...] = ()
    operators: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()

    @property
    def active(self) -> bool:
        return bool(self.district_ids or self.types or self.operators or self.statuses)

    def text(self) -> str:
        """The active filters besides the district (which the frame caption names)."""
        parts = []
        for label, values in (("Art", self.types), ("Träger", self.operators), ("Status", self.statuses)):
            if values:
                parts.append(f"{label}: {', '.join(values)}")
        return "; ".join(parts)


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


@dataclass
class AccommodationsView:
    headline: str
    tiles: list[Tile]
    table: pd.DataFrame  # display table (German titles)
    column_help: dict[str, str]
    names: dict[str, str]  # key -> name, for the drill-down selectbox (filtered rows)
    main: ChartItem
    charts: list[ChartItem]
    council: bool
    notes: list[str] = field(default_factory=list)


@dataclass
class DetailView:
    key: str
    name: str
    values: dict[str, str]
    flags: list[tuple[str, str, str, str]]  # (level, label, finding, rule)
    occupancy_note: str
    charts: list[ChartItem]


# --- filters ---------------------------------------------------------------------------------
def filter_options(table: pd.DataFrame) -> dict[str, list[str]]:
    """Values present for the filters: type, operator, status (sorted, missing values left out)."""
    return {col: sorted(str(v) for v in table[col].dropna().unique()) for col in ("type", "operator", "status")}


def filter_frame(accommodations: pd.DataFrame, filters: Filters, key: str | None = None) -> pd.DataFrame:
    """Rows of a raw (canonical) accommodation frame matching the filters, or the one accommodation ``key``."""
    if len(accommodations) == 0:
        return accommodations
    mask = np.ones(len(accommodations), dtype=bool)
    if key is not None:
        mask &= (stays_mod.accommodation_keys(accommodations) == key).to_numpy(dtype=bool)
    if filters.district_ids:
        mask &= district_ids_of(accommodations).isin(list(filters.district_ids)).to_numpy(dtype=bool)
    for col, wanted in (("type", filters.types), ("operator", filters.operators), ("status", filters.statuses)):
        if wanted:
            mask &= accommodations[col].isin(list(wanted)).fillna(False).to_numpy(dtype=bool)
    return accommodations[mask]


def history(states) -> dict[dt.date, pd.DataFrame]:
    """The accommodation list of each distinct snapshot among ``states`` (key: its Stichtag)."""
    out: dict[dt.date, pd.DataFrame] = {}
    for s in states:
        if s is not None and s.has("accommodations"):
            out[s.stichtag("accommodations")] = s.df("accommodations")
    return out


# --- disclosure helpers ------------------------------------------------------------------------
def _patch_texts(fig: go.Figure, texts: Mapping[tuple, str]) -> None:
    """Replace the hover/text-alternative texts of hidden values: (trace name, label) -> marker."""
    for trace in fig.data:
        meta = trace.meta if isinstance(trace.meta, dict) else None
        if not meta:
            continue
        new = [texts.get((trace.name, lab), t) for lab, t in zip(meta["labels"], meta["texts"])]
        trace.meta = {**meta, "texts": new}
    _mark_hidden_bars(fig, texts)


MARKER_FONT = {"size": 20, "color": palette.TEXT}  # legible on the projector


def _mark_hidden_bars(fig: go.Figure, texts: Mapping[tuple, str]) -> None:
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


# --- tiles and table ---------------------------------------------------------------------------
TILE_KEYS = (("accommodations", "Unterkünfte", "count", False),
             ("capacity", "Plätze", "count", False),
             ("occupancy", "Belegung", "count", False),
             ("utilisation", "Auslastung", "pct", False),
             ("free_places", "Freie Plätze", "count", False))
TILE_HELP = {
    "accommodations": "Unterkünfte in Betrieb: Status „in Betrieb“ oder „in Schließung“, gewählte Filter.",
    "capacity": "Plätze der Unterkünfte in Betrieb.",
    "occupancy": "Bewohner am Stichtag (Bewohnerdatei vor Belegungsspalte der Unterkunftsliste).",
    "utilisation": "Belegung geteilt durch Plätze.",
    "free_places": "Plätze minus Belegung, je Unterkunft nicht unter null.",
}


def tiles(table: pd.DataFrame, previous: pd.DataFrame | None, occupancy: OccupancyFigures | None = None,
          cfg: DisclosureConfig = disclosure.DEFAULT) -> list[Tile]:
    """Five tiles with the change since the previous snapshot (same filters)."""
    now = acc_mod.totals(table)
    before = acc_mod.totals(previous) if previous is not None and len(previous) else None
    out = []
    for key, label, kind, inverse in TILE_KEYS:
        value = now[key] if key != "accommodations" else float(now[key])
        prev = None if before is None else (before[key] if key != "accommodations" else float(before[key]))
        change = value - prev if value is not None and prev is not None else None
        value_text, change_text = ov_mod.format_value(kind, value), ov_mod.format_change(kind, change)
        if occupancy is not None and key in ("occupancy", "utilisation", "free_places") and value is not None:
            hidden = occupancy.total.suppressed
            if key == "occupancy":
                value_text = occupancy.total.text
                prev_fig = disclosure.protect_value(prev, cfg) if prev is not None else None
                if hidden or prev_fig is None or prev_fig.suppressed:
                    change_text = None
            elif hidden:
                value_text, change_text = disclosure.HIDDEN_MARKER, None
        out.append(Tile(key, label, value_text, change_text, TILE_HELP[key], inverse))
    return out


DISPLAY_COLUMNS = ["name", "district", "type", "operator", "status", "capacity", "occupancy", "utilisation",
                   "free_places", "m2_per_person", "monthly_cost", "cost_per_occupied_place", "lease_end",
                   "planned_closure", "flag_level", "flag_labels", "flag_rules"]
OCCUPANCY_DERIVED = ("utilisation", "free_places", "m2_per_person", "cost_per_occupied_place")


def table_display(table: pd.DataFrame, occupancy: OccupancyFigures | None = None) -> pd.DataFrame:
    """The accommodation table for display (German titles). Numbers stay numeric so columns sort
    (format them with :func:`styled`); in council mode all as German strings with hidden occupancies."""
    out = acc_mod.display_table(table).reset_index(drop=True)
    L = acc_mod.LABELS
    if occupancy is None:
        for col in ("lease_end", "planned_closure"):
            out[L[col]] = pd.to_datetime(table[col]).to_numpy()
        return out
    hidden = table["key"].map(occupancy.hidden).fillna(False).to_numpy(dtype=bool)
    derived = {"utilisation": fmt.pct, "free_places": fmt.integer, "m2_per_person": fmt.m2,
               "cost_per_occupied_place": fmt.eur}
    out[L["capacity"]] = table["capacity"].map(fmt.integer).to_numpy()
    out[L["occupancy"]] = [occupancy.text(k) if pd.notna(o) else fmt.MISSING
                           for k, o in zip(table["key"], table["occupancy"])]
    for col, f in derived.items():
        out[L[col]] = [disclosure.HIDDEN_MARKER if h else f(v) for h, v in zip(hidden, table[col])]
    out[L["monthly_cost"]] = table["monthly_cost"].map(fmt.eur).to_numpy()
    for col in ("lease_end", "planned_closure"):
        out[L[col]] = table[col].map(fmt.date).to_numpy()
    return out


def _formatter(f):
    return lambda v: f(v)


TABLE_FORMATS = {
    acc_mod.LABELS["capacity"]: fmt.integer, acc_mod.LABELS["occupancy"]: fmt.integer,
    acc_mod.LABELS["utilisation"]: fmt.pct, acc_mod.LABELS["free_places"]: fmt.integer,
    acc_mod.LABELS["m2_per_person"]: fmt.m2, acc_mod.LABELS["monthly_cost"]: fmt.eur,
    acc_mod.LABELS["cost_per_occupied_place"]: fmt.eur, acc_mod.LABELS["lease_end"]: fmt.date,
    acc_mod.LABELS["planned_closure"]: fmt.date,
}


def styled(display: pd.DataFrame):
    """German number and date formats for the numeric display table; values stay sortable.
    A council table (strings) is returned unchanged."""
    cols = {c: f for c, f in TABLE_FORMATS.items() if c in display.columns
            and (pd.api.types.is_numeric_dtype(display[c]) or pd.api.types.is_datetime64_any_dtype(display[c]))}
    if not cols:
        return display
    return display.style.format({c: _formatter(f) for c, f in cols.items()})


def column_help(standards: Standards = STANDARDS) -> dict[str, str]:
    """Header tooltips of the table: the rule behind every flag, and what the figures mean."""
    rules = "\n".join(f"- {r}" for r in acc_mod.flag_rules(standards).values())
    L = acc_mod.LABELS
    return {
        L["flag_level"]: "Ampel aus den Hinweisen: kritisch (rot), beobachten (gelb), in Ordnung (grün).",
        L["flag_labels"]: "Regeln hinter den Hinweisen:\n" + rules,
        L["flag_rules"]: "Die Regel hinter jedem Hinweis dieser Unterkunft.",
        L["occupancy"]: TILE_HELP["occupancy"],
        L["m2_per_person"]: f"Wohnfläche geteilt durch Belegung; Standard "
                            f"{fmt.m2(standards.m2_per_person_accommodation)}.",
        L["monthly_cost"]: "Plätze × Kosten je Platz und Monat.",
        L["cost_per_occupied_place"]: "Kosten je Monat geteilt durch die Belegung.",
    }


# --- charts ------------------------------------------------------------------------------------
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
        _patch_texts(fig, {("Belegung", n): occupancy.text(k) for n, k in zip(table["name"], table["key"])
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
        _patch_texts(fig, texts)
    return _item(key, label, dataset, fig, "; ".join(p for p in (note, hidden_note or "") if p))


def stays_charts(stays, roster_date: dt.date, stand: dt.date, snapshots: Mapping[dt.date, pd.DataFrame] | None,
                 names: Mapping[str, str] | None = None, *, per_accommodation: bool = True,
                 count_transfers: bool = False, council: bool = False,
                 cfg: DisclosureConfig = disclosure.DEFAULT,
                 anchor: tuple[Protected, str, float] | None = None) -> list[ChartItem]:
    """Length of stay, completed stays, composition, occupancy over time, arrivals and departures.

    ``stays``: residents with ``accommodation_id`` (already restricted to the shown accommodations),
    or Unavailable. ``snapshots``: accommodation lists by Stichtag (already filtered). ``anchor``
    (council): the published occupancy table, the row the series' point at the Stichtag may repeat,
    and its true value (see :func:`protect_timeline`).
    """
    out: list[ChartItem] = []
    roster = stays_mod.roster(stays, roster_date)
    bands = stays_mod.length_of_stay_bands(roster)
    if isinstance(bands, Unavailable):
        out.append(_unavailable("bands", "Aufenthaltsdauer", "residents", bands))
    else:
        out.append(_bars("bands", "Aufenthaltsdauer", "residents", bands, "band", ["count"],
                         lambda d: charts.stay_bands(d, council=council), council, cfg,
                         f"Maß: {MEASURE_BANDS}.", {"count": "Bewohner"}, anchor))
        if per_accommodation and not council and len(roster):
            per = stays_mod.length_of_stay_bands(roster, by_accommodation=True)
            item = _item("bands_per", "Aufenthaltsdauer je Unterkunft", "residents",
                         charts.stay_bands(per, names=dict(names or {}), council=council),
                         f"Maß: {MEASURE_BANDS}.")
            item.wide = True
            out.append(item)
    completed = stays_mod.completed_stays(stays, roster_date)
    hist = stays_mod.completed_stay_histogram(completed)
    if isinstance(hist, Unavailable):
        out.append(_unavailable("completed", "Abgeschlossene Aufenthalte", "residents", hist))
    else:
        summary = stays_mod.completed_stay_summary(completed)
        note = f"Maß: {MEASURE_COMPLETED}."
        if summary["count"] and not council:
            note += (f" {fmt.plural(summary['count'], 'abgeschlossener Aufenthalt', 'abgeschlossene Aufenthalte')}, "
                     f"Median {fmt.plural(round(summary['median_days']), 'Tag', 'Tage')}.")
        out.append(_bars("completed", "Abgeschlossene Aufenthalte", "residents", hist, "band", ["count"],
                         lambda d: charts.completed_stays(d, council=council), council, cfg, note,
                         {"count": "Aufenthalte"}))
    comp = stays_mod.composition(roster)
    if isinstance(comp, Unavailable):
        out.append(_unavailable("composition", "Zusammensetzung", "residents", comp))
    else:
        hh = comp["households"]
        if isinstance(hh, Unavailable):
            out.append(_unavailable("households", "Haushalte", "residents", hh))
        else:
            note = "Haushalte der aktuellen Bewohner nach Zahl der anwesenden Personen."
            if council:
                shown, texts, hidden_note = protect_households(hh, cfg, anchor)
                if shown is None:
                    out.append(ChartItem("households", "Haushalte", "residents", reason=hidden_note))
                else:
                    fig = charts.household_sizes(shown, council=council)
                    _patch_texts(fig, texts)
                    out.append(_item("households", "Haushalte", "residents", fig,
                                     "; ".join(p for p in (note, hidden_note or "") if p)))
            else:
                out.append(_bars("households", "Haushalte", "residents", hh, "label", ["households"],
                                 lambda d: charts.household_sizes(d, council=council), council, cfg, note,
                                 {"households": "Haushalte"}))
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
    series = stays_mod.occupancy_over_time(snapshots, stays, stand)
    flows = stays_mod.arrivals_departures(stays, roster_date, count_transfers=count_transfers)
    has_departures = not isinstance(flows, Unavailable) and bool(flows["departures"].notna().any())
    timeline = None
    if council:  # both charts as one publication: a reader can compare the series with the flows
        timeline = protect_timeline(None if isinstance(series, Unavailable) else series.frame,
                                    None if isinstance(flows, Unavailable) else flows, cfg, anchor, stand)
    if isinstance(series, Unavailable):
        out.append(_unavailable("over_time", "Belegung im Zeitverlauf", "accommodations", series))
    else:
        dataset = "accommodations" if series.measure == stays_mod.MEASURE_SNAPSHOTS else "residents"
        note = ("Aus den Stichtagen der Unterkunftsliste (Belegungsspalte)." if dataset == "accommodations"
                else "Aus den Ein- und Auszugsdaten der Bewohnerdatei rekonstruiert (Monatsende).")
        texts = {}
        if timeline is not None:
            series = None if timeline.series is None else stays_mod.OccupancySeries(timeline.series, series.measure)
            texts = timeline.series_texts
            note += f" {timeline.series_note}" if timeline.series_note else ""
        if series is None:
            out.append(ChartItem("over_time", "Belegung im Zeitverlauf", dataset, reason=timeline.series_note))
        else:
            fig = charts.occupancy_over_time(series, council=council)
            _patch_texts(fig, texts)
            out.append(_item("over_time", "Belegung im Zeitverlauf", dataset, fig, note))
    if isinstance(flows, Unavailable):
        out.append(_unavailable("flows", "Zugänge und Abgänge", "residents", flows))
    else:
        note = ("Jeder Einzug und Auszug zählt." if count_transfers
                else f"Umzüge zwischen Unterkünften innerhalb von {stays_mod.TRANSFER_GAP_DAYS} Tagen zählen nicht.")
        texts = {}
        if timeline is not None:
            flows, texts = timeline.flows, timeline.flows_texts
            note = "; ".join(p for p in (note, timeline.flows_note or "") if p)
        if flows is None:
            out.append(ChartItem("flows", "Zugänge und Abgänge", "residents", reason=timeline.flows_note))
        else:
            fig = charts.arrivals_departures(flows, council=council, departures=has_departures)
            _patch_texts(fig, texts)
            out.append(_item("flows", "Zugänge und Abgänge", "residents", fig, note))
    return out


# --- page model ----------------------------------------------------------------------------------
def _restrict(stays, keys: set[str] | None):
    if isinstance(stays, Unavailable) or keys is None:
        return stays
    return stays[stays["accommodation_id"].isin(keys).to_numpy()]


def headline(table: pd.DataFrame, occupancy: OccupancyFigures | None, standards: Standards = STANDARDS) -> str:
    if len(table) == 0:
        return NO_ROWS
    text = ov_mod.accommodations_headline(table, standards)
    if occupancy is not None and occupancy.total.suppressed:
        totals = acc_mod.totals(table)
        people = disclosure.safe_count_text(occupancy.total, occupancy.total.cfg, "Person", "Personen")
        return (f"{fmt.plural(totals['accommodations'], 'Unterkunft', 'Unterkünfte')} mit "
                f"{fmt.integer(totals['capacity'])} Plätzen; belegt mit {people}.")
    return text


def build(state: DataState, previous: DataState | None, filters: Filters = Filters(), council: bool = False,
          snapshots: Mapping[dt.date, pd.DataFrame] | None = None, cfg: DisclosureConfig = disclosure.DEFAULT,
          standards: Standards = STANDARDS) -> AccommodationsView:
    """The Unterkünfte page for a state and the filters."""
    districts = list(filters.district_ids) or None
    data = ov_mod.inputs(state, districts, standards)
    table = acc_mod.filter_table(data.table, types=filters.types, operators=filters.operators,
                                 statuses=filters.statuses)
    prev_table = None
    if previous is not None and previous.has("accommodations"):
        pdata = ov_mod.inputs(previous, districts, standards)
        prev_table = acc_mod.filter_table(pdata.table, types=filters.types, operators=filters.operators,
                                          statuses=filters.statuses)
    occ = protect_occupancy(table, cfg) if council else None
    names = dict(zip(table["key"], table["name"].fillna(table["key"])))
    keys = set(table["key"]) if filters.active else None
    snaps = {d: filter_frame(df, filters) for d, df in (snapshots or {}).items()}
    stays = _restrict(data.stays, keys)
    anchor = None
    if occ is not None and "acc" in occ.tables:
        anchor = (occ.tables["acc"], disclosure.TOTAL, float(acc_mod.open_only(table)["occupancy"].sum()))
    items = stays_charts(stays, data.roster_date, state.stand, snaps, names, council=council, cfg=cfg,
                         count_transfers=False, anchor=anchor)
    notes = []
    if occ is not None and occ.note:
        notes.append(occ.note)
    if not state.has("residents"):
        notes.append("Ohne Bewohnerdatei: Belegung aus der Unterkunftsliste; Auswertungen der Aufenthalte fehlen.")
    return AccommodationsView(
        headline=headline(table, occ, standards),
        tiles=tiles(table, prev_table, occ, cfg),
        table=table_display(table, occ),
        column_help=column_help(standards),
        names=names,
        main=occupancy_chart(table, occ, council),
        charts=items,
        council=council,
        notes=notes,
    )


HIDDEN_SITE_REASON = ("Im Ratsmodus nicht gezeigt: Die Belegung dieser Unterkunft ist zum Schutz kleiner Zahlen "
                      "ausgeblendet, und jede Auswertung ihrer Bewohner würde sie verraten.")


def detail(state: DataState, key: str, council: bool = False,
           snapshots: Mapping[dt.date, pd.DataFrame] | None = None, cfg: DisclosureConfig = disclosure.DEFAULT,
           standards: Standards = STANDARDS) -> DetailView:
    """Drill-down to one accommodation: profile card and its charts (residents only in aggregate)."""
    data = ov_mod.inputs(state, None, standards)
    table = data.table
    prof = acc_mod.profile(table, key)
    values = dict(prof["values"])
    flags = [(f.level, f.label, f.detail, f.rule) for f in prof["flags"]]
    if council:
        occ = protect_occupancy(table, cfg)
        row = table[table["key"] == key].iloc[0]
        fig = occ.by_key.get(key)
        if fig is not None:
            flags = [(f.level, f.label, council_flag_text(f.code, f.detail, row, fig, standards), f.rule)
                     for f in prof["flags"]]
        if occ.hidden(key):
            values["Belegung"] = occ.text(key)
            for label in ("Auslastung", "Freie Plätze", "m² je Person", "Kosten je belegtem Platz"):
                values[label] = disclosure.HIDDEN_MARKER
    snaps = {d: filter_frame(df, Filters(), key) for d, df in (snapshots or {}).items()}
    stays = _restrict(data.stays, {key})
    name = values["Unterkunft"]
    if council and occ.hidden(key):
        # every chart of one site adds up to its occupancy: with the occupancy hidden, they would
        # give it (or, with the other sites, the hidden cells of the page) away
        items = [ChartItem("residents_hidden", "Bewohner", "residents", reason=HIDDEN_SITE_REASON)]
    else:
        anchor = None
        if council and "acc" in occ.tables and key in occ.tables["acc"].values.index:
            anchor = (occ.tables["acc"], key, float(row["occupancy"]))
        items = stays_charts(stays, data.roster_date, state.stand, snaps, {key: name}, per_accommodation=False,
                             count_transfers=True, council=council, cfg=cfg, anchor=anchor)
    note = prof["occupancy_note"] if not (council and occ.hidden(key)) else ""
    return DetailView(key, name, values, flags, note, items)


__all__ = ["AccommodationsView", "ChartItem", "DetailView", "Filters", "build", "column_help", "detail",
           "filter_frame", "filter_options", "headline", "history", "occupancy_chart", "protect_counts",
           "protect_households",
           "stays_charts", "table_display", "tiles"]
