"""View model of the Unterkünfte page: filters, tiles, the table, the charts and the drill-down.

Pure functions of a :class:`~ankunft.storage.state.DataState`; the page only lays them out. Views that need
the residents file (stays) carry the German reason instead of a chart when it is missing.
``council=True``: every count of persons passes through :mod:`ankunft.disclosure` (tables as
strings with ``≤2``/``•``, hidden bars left out, the note under the chart), no per-accommodation
breakdown of residents' stays. The charts are built in :mod:`ankunft.views.accommodations_charts`,
their council protection in :mod:`ankunft.views.accommodations_protection`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ankunft import disclosure
from ankunft.core import fmt, reference
from ankunft.core.reference import STANDARDS, Standards
from ankunft.disclosure import DisclosureConfig
from ankunft.disclosure import ratsfassung as rf
from ankunft.indicators import Unavailable
from ankunft.indicators import accommodations as acc_mod
from ankunft.indicators import overview as ov_mod
from ankunft.indicators import stays as stays_mod
from ankunft.indicators.areas import district_ids_of
from ankunft.plots import charts
from ankunft.storage.state import DataState
from ankunft.views import ratsfassung_data
from ankunft.views.accommodations_charts import MEASURE_BANDS, ChartItem, occupancy_chart, stays_charts
from ankunft.views.accommodations_protection import (
    FLOW_NAMES,
    patch_texts,
    protect_counts,
    protect_households,
    protect_timeline,
)
from ankunft.views.overview_view import (
    LEVEL_ICONS,
    QUERY_KEY,
    OccupancyFigures,
    Tile,
    council_flag_text,
    council_flags,
    occupancy_from,
)

# council mode offers no filter (Art, Träger, Status, districts): every filter choice would be a
# further publication to difference against the whole city (issue 15)
COUNCIL_CONTROLS: tuple[str, ...] = ()
NO_ROWS = "Keine Unterkunft entspricht den gewählten Filtern."


@dataclass(frozen=True)
class Filters:
    district_ids: tuple[str, ...] = ()
    types: tuple[str, ...] = ()
    operators: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()

    @classmethod
    def of(cls, district_ids=None, types=(), operators=(), statuses=()) -> Filters:
        """The filters from the page's choices (lists; no districts = the whole city)."""
        return cls(tuple(district_ids or ()), tuple(types or ()), tuple(operators or ()), tuple(statuses or ()))

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

    @property
    def facts(self) -> list[tuple[str, str]]:
        """(label, value) of the profile card below the name; the value escaped for markdown (data text)."""
        return [(label, fmt.md(value)) for label, value in list(self.values.items())[1:]]

    @property
    def heading(self) -> str:
        """The accommodation's name as the card's bold heading (escaped: the name is data)."""
        return f"**{fmt.md(self.name)}**"

    @property
    def flag_lines(self) -> list[tuple[str, str]]:
        """(markdown line, help text with the rule) per flag."""
        return [(f"{LEVEL_ICONS.get(level, LEVEL_ICONS[acc_mod.LEVEL_AMBER])} **{label}:** {fmt.md(finding)}",
                 f"Regel: {fmt.md(rule)}")
                for level, label, finding, rule in self.flags]


# --- page texts and the drill-down choice ------------------------------------------------------
def chart_note(filters: Filters, item: ChartItem) -> str:
    """The extra part of a chart's caption: the active filters and the chart's note."""
    return "; ".join(p for p in (filters.text(), item.note) if p)


def table_note(filters: Filters) -> str:
    """The extra part of the table's caption: the active filters and where the rules are."""
    extra = filters.text()
    return extra + ("; " if extra else "") + "Regeln der Hinweise: Spaltenkopf „Hinweise“ oder Spalte „Regeln“."


def table_title(view: AccommodationsView) -> str:
    return f"Alle {len(view.table)} Unterkünfte mit Kennzahlen und Hinweisen"


def detail_key(keys: list[str], wanted: str | None, current: str | None) -> str:
    """The accommodation the drill-down shows: the one a link asked for (query parameter), else the
    one chosen before, else the first."""
    if wanted in keys:
        return wanted
    return current if current in keys else keys[0]


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


def council_tiles(table: pd.DataFrame, pub: rf.Ratsfassung) -> list[Tile]:
    """The five tiles from the Ratsfassung: occupancy and its change as published (the previous
    Stand's Ratsfassung), utilisation only with a published total, free places summed over the
    sites whose occupancy is published (a hidden site's free places would bound its occupancy)."""
    occ = occupancy_from(pub)
    out = tiles(table, None, occ)
    total, before = pub.cell(rf.ACC, rf.TOTAL), pub.before(rf.ACC, rf.TOTAL)
    shown = acc_mod.open_only(table) if len(table) else table
    published = [not occ.hidden(k) and k in occ.by_key for k in shown["key"]] if len(shown) else []
    free = float(shown.loc[published, "free_places"].sum()) if any(published) else 0.0
    result = []
    for t in out:
        if t.key == "occupancy":
            t = Tile(t.key, t.label, t.value_text, ov_mod.format_change("count", pub.change(rf.ACC, rf.TOTAL)),
                     t.help, t.inverse)
        elif t.key == "free_places":
            t = Tile(t.key, t.label, fmt.integer(free), None, FREE_PLACES_COUNCIL_HELP, t.inverse)
        elif t.key == "utilisation" and not total.suppressed and before.suppressed:
            t = Tile(t.key, t.label, t.value_text, None, t.help, t.inverse)
        result.append(t)
    return result


FREE_PLACES_COUNCIL_HELP = ("Plätze minus Belegung, nur Unterkünfte mit veröffentlichter Belegung (bei "
                            "ausgeblendeter Belegung verriete die Zahl sie).")


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
          standards: Standards = STANDARDS, focus_ids=reference.FOCUS_DEFAULT) -> AccommodationsView:
    """The Unterkünfte page for a state and the filters (council mode: the Ratsfassung, no filters)."""
    cfg = ratsfassung_data.council_cfg(state, cfg) if council else cfg  # the Stand's recorded threshold
    if council:
        return council_build(state, previous, cfg, standards, focus_ids)
    districts = list(filters.district_ids) or None
    data = ov_mod.inputs(state, districts, standards)
    table = acc_mod.filter_table(data.table, types=filters.types, operators=filters.operators,
                                 statuses=filters.statuses)
    prev_table = None
    if previous is not None and previous.has("accommodations"):
        pdata = ov_mod.inputs(previous, districts, standards)
        prev_table = acc_mod.filter_table(pdata.table, types=filters.types, operators=filters.operators,
                                          statuses=filters.statuses)
    names = dict(zip(table["key"], table["name"].fillna(table["key"])))
    keys = set(table["key"]) if filters.active else None
    snaps = {d: filter_frame(df, filters) for d, df in (snapshots or {}).items()}
    stays = _restrict(data.stays, keys)
    items = stays_charts(stays, data.roster_date, state.stand, snaps, names, council=False, cfg=cfg,
                         count_transfers=False)
    notes = []
    if not state.has("residents"):
        notes.append("Ohne Bewohnerdatei: Belegung aus der Unterkunftsliste; Auswertungen der Aufenthalte fehlen.")
    return AccommodationsView(
        headline=headline(table, None, standards),
        tiles=tiles(table, prev_table),
        table=table_display(table),
        column_help=column_help(standards),
        names=names,
        main=occupancy_chart(table),
        charts=items,
        council=False,
        notes=notes,
    )


COUNCIL_CHARTS_NOTE = ("Ratsfassung: Bewohner nach Aufenthaltsdauer für die ganze Stadt; weitere Aufschlüsselungen "
                       "(Alter, Status, Haushalte, Zu- und Abgänge, je Unterkunft) nur in der Arbeitsansicht.")


def council_bands(pub: rf.Ratsfassung, cfg: DisclosureConfig) -> ChartItem:
    """The length-of-stay bands of the Ratsfassung as a chart (hidden bands left out with their marker)."""
    coarsened = [n for n in (pub.coarsening_note(rf.BANDS),) if n]  # merged or dropped bands
    if rf.BANDS not in pub.tables:
        return ChartItem("bands", "Aufenthaltsdauer", "residents",
                         reason=coarsened[0] if coarsened else "Ohne Bewohnerdatei gibt es keine Aufenthaltsdauer.")
    bands = [b for b in pub.rows(rf.BANDS)]
    figs = [pub.cell(rf.BANDS, b) for b in bands]
    df = pd.DataFrame({"band": bands, "count": [f.value if not f.suppressed else np.nan for f in figs]})
    fig = charts.stay_bands(df, council=True)
    fig.update_xaxes(categoryorder="array", categoryarray=bands)  # merged bands keep their order
    patch_texts(fig, {("Bewohner", b): f.text for b, f in zip(bands, figs) if f.suppressed})
    note = " ".join(p for p in (f"Maß: {MEASURE_BANDS}.", *coarsened, pub.tables[rf.BANDS].note or "") if p)
    return ChartItem("bands", "Aufenthaltsdauer", "residents", fig, note=note,
                     text_alternative=charts.text_alternative(fig))


def council_build(state: DataState, previous: DataState | None, cfg: DisclosureConfig = disclosure.DEFAULT,
                  standards: Standards = STANDARDS, focus_ids=reference.FOCUS_DEFAULT) -> AccommodationsView:
    """The council version: every person count from the Ratsfassung, the whole city, no filters."""
    pub = ratsfassung_data.for_stand(state, previous, focus_ids, cfg)
    occ = occupancy_from(pub)
    table = council_flags(ov_mod.inputs(state, None, standards).table, occ)
    names = dict(zip(table["key"], table["name"].fillna(table["key"])))
    notes = [n for n in (occ.note, pub.footer, COUNCIL_CHARTS_NOTE) if n]
    return AccommodationsView(
        headline=headline(table, occ, standards), tiles=council_tiles(table, pub),
        table=table_display(table, occ), column_help=column_help(standards), names=names,
        main=occupancy_chart(table, occ, True), charts=[council_bands(pub, cfg)], council=True, notes=notes)


SITE_COUNCIL_REASON = ("Die Ratsfassung zeigt je Unterkunft nur die Belegung: jede Aufschlüsselung ihrer Bewohner "
                       "(Dauer, Alter, Status, Zeitverlauf) wäre eine weitere Veröffentlichung, aus der sich "
                       "ausgeblendete Zahlen errechnen ließen.")


def council_detail(state: DataState, key: str, previous: DataState | None = None,
                   cfg: DisclosureConfig = disclosure.DEFAULT, standards: Standards = STANDARDS,
                   focus_ids=reference.FOCUS_DEFAULT) -> DetailView:
    """The drill-down in council mode: the site's figures as the Ratsfassung publishes them (and as the
    previous Stand's Ratsfassung did), no occupancy flags for a hidden site, no resident charts."""
    pub = ratsfassung_data.for_stand(state, previous, focus_ids, cfg)
    occ = occupancy_from(pub)
    table = council_flags(ov_mod.inputs(state, None, standards).table, occ)
    prof = acc_mod.profile(table, key)
    values = dict(prof["values"])
    row = table[table["key"] == key].iloc[0]
    fig = occ.by_key.get(key)
    flags = []
    for f in row["flag_list"]:
        text = council_flag_text(f.code, f.detail, row, fig, standards, ratsfassung=True) if fig is not None \
            else f.detail
        if text is not None:
            flags.append((f.level, f.label, text, f.rule))
    values["Belegung"] = occ.text(key) if fig is not None else fmt.MISSING
    if fig is None or fig.suppressed:
        for label in ("Auslastung", "Freie Plätze", "m² je Person", "Kosten je belegtem Platz"):
            values[label] = disclosure.HIDDEN_MARKER
    if pub.previous is not None:
        values["Belegung am vorigen Stand"] = pub.before(rf.ACC, key).text
    items = [ChartItem("residents_hidden", "Bewohner", "residents", reason=SITE_COUNCIL_REASON)]
    return DetailView(key, values["Unterkunft"], values, flags, "", items)


def detail(state: DataState, key: str, council: bool = False,
           snapshots: Mapping[dt.date, pd.DataFrame] | None = None, cfg: DisclosureConfig = disclosure.DEFAULT,
           standards: Standards = STANDARDS, previous: DataState | None = None,
           focus_ids=reference.FOCUS_DEFAULT) -> DetailView:
    """Drill-down to one accommodation: profile card and its charts (residents only in aggregate)."""
    if council:
        return council_detail(state, key, previous, cfg, standards, focus_ids)
    data = ov_mod.inputs(state, None, standards)
    prof = acc_mod.profile(data.table, key)
    values = dict(prof["values"])
    flags = [(f.level, f.label, f.detail, f.rule) for f in prof["flags"]]
    snaps = {d: filter_frame(df, Filters(), key) for d, df in (snapshots or {}).items()}
    name = values["Unterkunft"]
    items = stays_charts(_restrict(data.stays, {key}), data.roster_date, state.stand, snaps, {key: name},
                         per_accommodation=False, count_transfers=True, council=False, cfg=cfg)
    return DetailView(key, name, values, flags, prof["occupancy_note"], items)


__all__ = ["COUNCIL_CONTROLS", "FLOW_NAMES", "QUERY_KEY", "AccommodationsView", "ChartItem", "DetailView", "Filters", "build", "chart_note",
           "column_help", "council_bands", "council_build", "council_detail", "council_tiles", "detail", "detail_key", "filter_frame", "filter_options", "headline", "history",
           "occupancy_chart", "protect_counts", "protect_households", "protect_timeline", "stays_charts", "styled",
           "table_display", "table_note", "table_title", "tiles"]
