"""The council report's data: everything a report can show, computed and protected once.

`prepare(state, previous, …)` runs the indicator functions of the Übersicht, Unterkünfte, Wohnqualität
and Soziale Infrastruktur pages and the scenarios, and protects every count of persons (and of
inspected objects with defects) as **one publication** (`report_publication.publication`): the tables
that appear together in a report are protected jointly with their relations, so that no hidden cell
can be recomputed from another table of the same report. The district profile is the Stadtteilprofil
page's (`profile_view.profile_for`, with its council protection). Outside council mode the same path
runs with a threshold of 0. The section builders (`report_sections`, `report_scenario`) only select
and format.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from dataclasses import dataclass, field
from functools import cached_property
from typing import Callable

import pandas as pd

from ankunft import disclosure as dc
from ankunft.core import fmt, glossary, names, palette, reference
from ankunft.core.reference import STANDARDS, Standards
from ankunft.disclosure import DisclosureConfig, Figure
from ankunft.disclosure import ratsfassung as rf
from ankunft.indicators import Unavailable, areas, available
from ankunft.indicators import accommodations as acc_mod
from ankunft.indicators import housing as housing_mod
from ankunft.indicators import overview as ov
from ankunft.indicators import profile as profile_mod
from ankunft.indicators import services as services_mod
from ankunft.indicators import stays as stays_mod
from ankunft.storage.state import DataState
from ankunft.views import overview_view, profile_view, ratsfassung_data, report_council, services_tables
from ankunft.views import report_publication as rp
from ankunft.views.report_model import Kpi, Section
from ankunft.views.report_publication import T_ACC, T_DIST, T_HOUSING, T_LOS, TOTAL

SECTION_KEYS = ("findings", "kpis", "trends", "accommodations", "length_of_stay", "housing", "services", "district_profile", "scenario")

SECTION_LABELS = {
    "findings": "Handlungsbedarf",
    "kpis": "Kennzahlen",
    "trends": "Entwicklung",
    "accommodations": "Unterkünfte und Belegung",
    "length_of_stay": "Aufenthaltsdauer",
    "housing": "Wohnqualität",
    "services": "Soziale Infrastruktur",
    "district_profile": "Stadtteilprofil",
    "scenario": "Szenarienvergleich",
}

REPORT_TITLE = "Unterbringung Geflüchteter – Sachstand"

# KPI tiles of the overview slide (eight: two rows of four)
KPI_TILES = ("residents", "places", "utilisation", "long_stay_share", "entitled_residents", "monthly_cost",
             "open_defects", "kita_coverage")

DEFAULT_SCENARIO_NAME = "Schließungen laut Unterkunftsliste"

DEFAULT_VARIANT = "mittel"

# everything published outside council mode: a threshold of 0 hides nothing
NO_DISCLOSURE = DisclosureConfig(threshold=0)
# one threshold per Stand for every council output (screens and exports): a per-export choice would
# make two publications that difference each other (issue 15)
COUNCIL_THRESHOLD = dc.DEFAULT

LONG_BANDS = ("3–5 Jahre", "> 5 Jahre")  # together: at least `long_stay_years` (3) years

# colours shared with the dashboards
COLOUR_PLACES = palette.GREY_LIGHT

COLOUR_OCCUPANCY = palette.ACCENT

COLOUR_DEMAND = palette.OKABE_ITO[1]


# ---------------------------------------------------------------------------------------------
# small helpers


def number_or_none(x) -> float | None:
    if x is None or x is pd.NA:
        return None
    try:
        f = float(x)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(f) or math.isinf(f) else f


def published(value, kind: str = "count", cfg: DisclosureConfig = NO_DISCLOSURE, decimals: int = 1) -> Figure:
    """A figure that is no count of persons (places, costs, coverage): shown as it is."""
    v = number_or_none(value)
    return Figure(v, dc.PUBLISHED if v is not None else dc.EMPTY, kind, cfg, decimals)


def figure_sum(figures: list[Figure], cfg: DisclosureConfig) -> Figure:
    """The sum of published figures; hidden (derived) when any part is hidden."""
    if any(f.suppressed for f in figures):
        return Figure(None, dc.DERIVED, "count", cfg)
    values = [f.value for f in figures if f.value is not None]
    if not values:
        return Figure(None, dc.EMPTY, "count", cfg)
    return Figure(float(sum(values)), dc.PUBLISHED, "count", cfg)


def figure_value(f: Figure) -> float | None:
    """The number a chart may plot: None when hidden or empty."""
    return None if f.suppressed or f.value is None else float(f.value)


def count_text(f: Figure, singular: str = "Person", plural: str = "Personen") -> str:
    """`1.378 Menschen`, `≤2 Menschen`, `eine ausgeblendete Zahl Menschen`."""
    return dc.safe_count_text(f, f.cfg, singular, plural)


def month_text(day) -> str:
    return fmt.month_long(day) if day is not None and not pd.isna(day) else fmt.MISSING


def filters_text(district_ids: list[str] | None) -> str:
    if not district_ids:
        return "ganze Stadt"
    labels = ", ".join(names.district_label(d) for d in district_ids)
    return f"Stadtteile {labels}" if len(district_ids) > 1 else f"Stadtteil {labels}"


def stamp(state: DataState) -> str:
    """Data-state stamp (as on every page): Stichtag per dataset."""
    items = [f"{glossary.DATASETS[k].label} {fmt.date(v.stichtag)}" for k, v in state.views.items()]
    text = "Datenstand: " + (" · ".join(items) if items else "keine Daten")
    if state.is_demo:
        text += " (synthetische Beispieldaten)"
    return text


# ---------------------------------------------------------------------------------------------
# scenarios given by the caller


@dataclass
class ScenarioRun:
    name: str
    result: object  # ankunft.scenario.Result
    variants: dict  # variant -> Result (all three)


def _parse_scenario(item, index: int):
    """(name, Assumptions, variant) from a Result, an Assumptions, a (name, payload) pair, a dict
    (`{"name", "assumptions", "variant"}` or the assumptions themselves) or a JSON string."""
    from ankunft import scenario as sc

    if isinstance(item, sc.Result):
        return item.name or f"Szenario {index}", item.assumptions, item.variant
    if isinstance(item, sc.Assumptions):
        return f"Szenario {index}", item, DEFAULT_VARIANT
    name = None
    if isinstance(item, tuple) and len(item) == 2:
        name, item = item
    if isinstance(item, sc.Assumptions):
        return str(name or f"Szenario {index}"), item, DEFAULT_VARIANT
    if isinstance(item, (str, bytes)):
        item = json.loads(item)
    if not isinstance(item, dict):
        raise ValueError(f"Szenario {name or index}: unbekanntes Format")
    variant = str(item.get("variant") or DEFAULT_VARIANT)
    if variant not in sc.VARIANTS:
        variant = DEFAULT_VARIANT
    raw = item.get("assumptions", item)
    if isinstance(raw, str):
        raw = json.loads(raw)
    name = name or item.get("name") or f"Szenario {index}"
    return str(name), sc.Assumptions.from_dict(raw), variant


# ---------------------------------------------------------------------------------------------
# the prepared data of one report


def no_cache(fn: Callable) -> Callable:
    """The default of ``ReportData.memo``: call the function itself."""
    return fn


@dataclass
class ReportData:
    """Everything a report or the Sachstand shows, computed once; `pub` holds the protected tables."""

    state: DataState
    previous: DataState | None
    council: bool
    cfg: DisclosureConfig
    focus_ids: list[str]
    focus_label: str
    district_ids: list[str] | None
    standards: Standards
    inputs: ov.OverviewInputs
    kpis: dict[str, ov.Kpi]
    previous_kpis: dict[str, tuple]
    headline: str
    accommodations_headline: str
    open_table: pd.DataFrame
    district_table: pd.DataFrame
    los: pd.DataFrame | None  # accommodation key × band counts
    completed: dict | None
    housing_table: pd.DataFrame
    housing_area: pd.DataFrame | None  # rows per district (+ ohne Stadtteil): open, overcrowded
    defect_types: pd.DataFrame | None  # defect type × (offen, behoben)
    kita: pd.DataFrame
    school: pd.DataFrame
    pub: dict[str, dc.Protected]
    links: list
    scenario_items: list | None = None
    district_geojson: dict | None = None
    warnings: list[str] = field(default_factory=list)
    history: list = field(default_factory=list)  # DataStates of earlier Stände (trends), oldest first
    # a cache for the heavy parts other pages compute too (the back-tests): the ui passes its memo, so
    # both pages share one result per Stand; the results are the same with the default (no cache)
    memo: Callable = field(default=no_cache, compare=False, repr=False)
    coarsening: tuple = ()  # council: German notes on breakdowns the Ratsfassung coarsened or dropped
    rats: rf.Ratsfassung | None = None  # council: the Stand's Ratsfassung (every figure of the report)

    # -- dates and sources -------------------------------------------------------------------
    @property
    def stand(self) -> dt.date:
        return self.state.stand

    def stichtag(self, dataset: str) -> dt.date | None:
        return self.state.stichtag(dataset)

    @property
    def filters(self) -> str:
        return filters_text(self.district_ids)

    @property
    def area_label(self) -> str:
        """`Kaiserslautern` or the chosen districts."""
        return reference.CITY if not self.district_ids else filters_text(self.district_ids)

    def note(self) -> str | None:
        """The German suppression note for the whole publication (None when nothing is hidden)."""
        statuses: set = set()
        for p in self.pub.values():
            statuses |= p.statuses
        return self.cfg.note(statuses)

    # -- protected figures ---------------------------------------------------------------
    def cell(self, table: str, row, col=None) -> Figure | None:
        pub = self.pub.get(table)
        if pub is None:
            return None
        try:
            return pub.cell(row, col)
        except KeyError:
            return None

    def count(self, value) -> Figure:
        """A stand-alone count outside council mode (as it is). In council mode a count the Ratsfassung
        does not contain is not published ("•"): nothing in council mode protects a figure on its own."""
        if self.council:
            return Figure(None, dc.SECONDARY, cfg=self.cfg)
        return dc.protect_value(number_or_none(value) if number_or_none(value) is not None else float("nan"), self.cfg)

    @cached_property
    def residents_total(self) -> Figure:
        """People in accommodations in operation (the KPI), as published."""
        if self.rats is not None:
            return report_council.cell(self.rats, "residents")
        k = self.kpis.get("residents")
        value = k.value if k else None
        f = self.cell(T_ACC, TOTAL)
        if f is not None and value is not None and (f.suppressed or f.value == value):
            return f
        return self.count(value)

    @cached_property
    def open_defects_total(self) -> Figure:
        if self.rats is not None:
            return report_council.cell(self.rats, "open_defects")
        k = self.kpis.get("open_defects")
        value = k.value if k else None
        f = self.cell(T_HOUSING, TOTAL, "open")
        if f is not None and value is not None and (f.suppressed or f.value == value):
            return f
        return self.count(value)

    @property
    def los_bands(self) -> list[str]:
        """The length-of-stay columns of the per-site table as published (council: possibly merged)."""
        pub = self.pub.get(T_LOS)
        return [] if pub is None or pub.is_series else [c for c in pub.count_cols if c != TOTAL]

    @property
    def long_bands(self) -> list[str] | None:
        """The per-site columns that make up "three years and more" (None when merged across it)."""
        return ratsfassung_data.long_columns(self.los_bands)

    @cached_property
    def roster_total(self) -> Figure:
        f = self.cell(T_LOS, TOTAL, TOTAL)
        if f is None:  # council: the per-site breakdown was dropped; the city bands' total
            f = self.cell(rf.BANDS, TOTAL)
        return f if f is not None else Figure(None, dc.EMPTY, "count", self.cfg)

    @cached_property
    def long_stay_count(self) -> Figure:
        if T_LOS not in self.pub and self.cell(rf.LONG, rf.LONG) is not None:
            return self.cell(rf.LONG, rf.LONG)
        cols = self.long_bands
        parts = [self.cell(T_LOS, TOTAL, b) for b in cols or []]
        if not parts or any(p is None for p in parts):
            return Figure(None, dc.EMPTY, "count", self.cfg)
        return figure_sum(parts, self.cfg)

    def kpi_figure(self, key: str) -> Figure:
        """The KPI's value as it may be published."""
        k = self.kpis.get(key)
        value = k.value if k else None
        council = report_council.figure(self.rats, key) if self.rats is not None and value is not None else None
        if council is not None:
            return council
        if key == "residents":
            return self.residents_total
        if key == "open_defects":
            return self.open_defects_total
        if key == "entitled_residents":
            return self.count(value) if value is not None else Figure(None, dc.EMPTY, "count", self.cfg)
        if key == "utilisation":
            if value is None:
                return Figure(None, dc.EMPTY, "share", self.cfg)
            if self.residents_total.suppressed:
                return Figure(None, dc.DERIVED, "share", self.cfg)
            return published(value, "share", self.cfg)
        if key == "long_stay_share":
            if value is None:
                return Figure(None, dc.EMPTY, "share", self.cfg)
            if self.long_stay_count.suppressed or self.roster_total.suppressed:
                return Figure(None, dc.DERIVED, "share", self.cfg)
            hidden = dc.share(self.long_stay_count, self.roster_total, self.cfg)
            if hidden.suppressed:
                return hidden
            return published(value, "share", self.cfg)
        return published(value, "count", self.cfg)

    def kpi_change_text(self, key: str) -> str | None:
        """The change since the previous Stichtag, only when neither figure reveals a small count."""
        k = self.kpis.get(key)
        if k is None or k.change_text is None:
            return None
        if self.rats is not None:  # a difference of two published figures (the previous Ratsfassung)
            return report_council.tiles(self.rats, self.kpis)[key].change_text
        if self.kpi_figure(key).suppressed:
            return None
        if self.council and key in ("residents", "entitled_residents", "open_defects", "utilisation",
                                    "long_stay_share"):
            prev = self.previous_kpis.get("residents" if key in ("utilisation", "long_stay_share") else key)
            prev_value = prev[0] if prev else None
            if prev_value is None or self.cfg.is_small(prev_value):
                return None
        return k.change_text

    def kpi_previous_text(self, key: str) -> str:
        """The previous Stichtag's value as shown (hidden when it was a small count)."""
        k = self.kpis.get(key)
        if k is None or k.previous is None:
            return fmt.MISSING
        if self.rats is not None:
            return report_council.previous_text(self.rats, k)
        if self.council and key in ("residents", "entitled_residents", "open_defects"):
            if self.cfg.is_small(k.previous):
                return self.cfg.marker
        if self.council and key in ("utilisation", "long_stay_share"):
            prev = self.previous_kpis.get("residents")
            if prev is None or prev[0] is None or self.cfg.is_small(prev[0]):
                return dc.HIDDEN_MARKER
        return ov.format_value(k.kind, k.previous)

    def kpi_tile(self, key: str, label: str | None = None) -> Kpi:
        k = self.kpis[key]
        f = self.kpi_figure(key)
        text = f.text if f.suppressed or (self.rats is not None and key in report_council.CELLS) else k.value_text
        if self.rats is not None and key == "long_stay_share" and k.value is not None:
            text = f.text  # whole per cent: the relation of two published counts
        change = self.kpi_change_text(key) or ""
        if change and self.previous is not None and " seit " not in change:  # every change says since when
            change = f"{change} seit {fmt.date(self.previous.stand)}"
        return Kpi(label or k.label, text, change)

    # -- accommodation figures ---------------------------------------------------------------
    def occupancy(self, key: str) -> Figure:
        f = self.cell(T_ACC, key)
        return f if f is not None else Figure(None, dc.EMPTY, "count", self.cfg)

    def district_residents(self, did: str) -> Figure:
        f = self.cell(T_DIST, did)
        return f if f is not None else Figure(None, dc.EMPTY, "count", self.cfg)

    def utilisation(self, key: str, capacity) -> Figure:
        occ = self.occupancy(key)
        cap = number_or_none(capacity)
        if occ.suppressed:
            return Figure(None, dc.DERIVED, "share", self.cfg)
        if occ.value is None or not cap:
            return Figure(None, dc.EMPTY, "share", self.cfg)
        return Figure(occ.value / cap, dc.PUBLISHED, "share", self.cfg)

    # -- scenarios ---------------------------------------------------------------------------
    @cached_property
    def scenario_runs(self) -> list[ScenarioRun]:
        """The scenarios to compare (the data's planned closures when the caller gave none)."""
        from ankunft import scenario as sc

        if not self.state.has("accommodations"):
            return []
        start = self.memo(sc.start_state_from)(self.state)  # the Szenarien page's start state (ui cache)
        items = self.scenario_items
        parsed = []
        if not items:
            parsed.append((DEFAULT_SCENARIO_NAME, sc.default_assumptions(start), DEFAULT_VARIANT))
        else:
            for i, item in enumerate(items, start=1):
                try:
                    parsed.append(_parse_scenario(item, i))
                except (ValueError, TypeError, KeyError) as exc:
                    self.warnings.append(f"Szenario {i} übersprungen: {exc}")
        runs = []
        for name, assumptions, variant in parsed:
            variants = sc.simulate_variants(start, assumptions, name=name)
            runs.append(ScenarioRun(name, variants[variant], variants))
        return runs

    @cached_property
    def profile(self) -> profile_mod.Profile:
        """The focus area's profile as the Stadtteilprofil page shows it (protected in council mode)."""
        return profile_view.profile_for(self.state, profile_view.FOCUS_KEY, self.focus_ids, self.focus_label,
                                        self.council, self.standards, self.cfg, previous=self.previous)

    def geojson(self) -> dict:
        if self.district_geojson is None:
            from ankunft.core import geo

            self.district_geojson = geo.load_districts_geojson()
        return self.district_geojson


# ---------------------------------------------------------------------------------------------
# preparing: indicator calls and the joint publication


def prepare(state: DataState, previous: DataState | None = None, *, council: bool = False,
            focus_ids=reference.FOCUS_DEFAULT, focus_label: str = reference.FOCUS_LABEL_DEFAULT,
            district_ids: list[str] | None = None, disclosure_cfg: DisclosureConfig | None = None,
            scenarios: list | None = None, district_geojson: dict | None = None,
            standards: Standards = STANDARDS, history: list | None = None,
            memo: Callable | None = None) -> ReportData:
    """Compute the indicators and the (council-)protected publication for a report; `history`: the
    DataStates of every earlier stored Stand (the trends; default: the previous one); `memo`: a cache
    wrapper for the parts other pages compute too (see ``ReportData.memo``)."""
    focus_ids = areas.normalise_ids(list(focus_ids)) or list(reference.FOCUS_DEFAULT)
    district_ids = areas.normalise_ids(district_ids) if district_ids and not council else None
    # council: the threshold recorded for the Stand (one per Stand, not a per-export choice; issue 15)
    cfg = ratsfassung_data.council_cfg(state, disclosure_cfg or dc.DEFAULT) if council else NO_DISCLOSURE
    data = ov.inputs(state, district_ids, standards)
    current = ov.kpi_values(data, focus_ids, standards)
    prev_values = None
    if previous is not None:
        prev_values = ov.kpi_values(ov.inputs(previous, district_ids, standards), focus_ids, standards)
    kpis = {k.key: k for k in ov.build_kpis(current, prev_values, standards)}
    open_table = acc_mod.open_only(data.table) if len(data.table) else data.table
    district_tbl = ov.district_table(data, focus_ids, standards) if len(data.table) else pd.DataFrame()
    los = rp.los_wide(data.roster, set(open_table["key"])) if len(open_table) else None
    completed = None  # council: completed stays are no cell of the Ratsfassung – not published (issue 15)
    if not council and not isinstance(data.stays, Unavailable):
        c = stays_mod.completed_stays(data.stays, data.roster_date)
        completed = stays_mod.completed_stay_summary(c) if available(c) else None
    has_housing = len(data.housing) > 0
    housing_table = housing_mod.housing_table(data.housing, data.housing_date, focus_ids, standards) \
        if has_housing else pd.DataFrame()
    housing_area = rp.housing_area(housing_table) if has_housing else None
    defect_types = rp.defect_types(housing_mod.defects_by_type(data.housing, data.housing_date, standards)) \
        if has_housing else None
    kita = services_mod.kita_supply(state.df("services"), state.df("districts"), focus_ids, standards) \
        if state.has("services") and state.has("districts") else pd.DataFrame()
    school = services_mod.school_supply(state.df("services"), state.df("districts"), focus_ids, standards) \
        if state.has("services") and state.has("districts") else pd.DataFrame()
    headline = ov.headline(data.table, data.roster, standards)
    if council:
        pub, links = council_publication(state, previous, focus_ids, cfg, open_table, district_tbl, housing_area,
                                         defect_types, rp.focus_values(district_tbl, housing_table, focus_ids))
        rats = ratsfassung_data.for_stand(state, previous, focus_ids, cfg)
        coarsening = rats.coarsening_notes
        # the Übersicht's council table and headline: occupancy, flags and findings only as the Ratsfassung has them
        open_table = overview_view.council_table(open_table, overview_view.occupancy_from(rats, open_table), standards)
        utilisation = report_council.tiles(rats, kpis).get("utilisation")
        headline = overview_view.council_headline(data.table, rats, utilisation.value_text if utilisation else None,
                                                  standards)
        # Kita and Grundschule rows from the Ratsfassung's infrastructure block, as on the screens
        kita = services_tables.council_area_rows(kita, rats, rf.KITA, rf.KITA_FOCUS, rf.KITA_COLS[:3],
                                                 services_tables.KITA_DERIVED)
        school = services_tables.council_area_rows(school, rats, rf.SCHOOL, rf.SCHOOL_FOCUS, rf.SCHOOL_COLS[:1],
                                                   ("demand", "coverage", "shortfall"))
    else:
        coarsening, rats = (), None
        pub, links = rp.publication(open_table, district_tbl, los, housing_area, defect_types, focus_ids,
                                    rp.focus_values(district_tbl, housing_table, focus_ids), cfg)
    return ReportData(
        state=state, previous=previous, council=council, cfg=cfg, focus_ids=focus_ids, focus_label=focus_label,
        district_ids=district_ids, standards=standards, inputs=data, kpis=kpis, previous_kpis=prev_values or {},
        headline=headline,
        accommodations_headline=ov.accommodations_headline(data.table, standards),
        open_table=open_table, district_table=district_tbl, los=los, completed=completed,
        housing_table=housing_table, housing_area=housing_area, defect_types=defect_types, kita=kita,
        school=school, pub=pub, links=links, scenario_items=list(scenarios) if scenarios else None,
        district_geojson=district_geojson, history=list(history or []), coarsening=coarsening, rats=rats,
        memo=memo or no_cache,  # the ui's cache for the back-tests (ReportData.memo)
    )


def council_publication(state: DataState, previous: DataState | None, focus_ids, cfg: DisclosureConfig,
                        open_table, district_tbl, housing_area, defect_types, focus_values: dict):
    """The council report's publication: the person tables (per accommodation, per district, length
    of stay per accommodation) and the housing tables (flats: defects per district and type, the
    focus area's open defects) are the Ratsfassung's, as on the screens."""
    rats = ratsfassung_data.for_stand(state, previous, focus_ids, cfg)
    housing, links = rp.council_housing(rats)  # the Ratsfassung's housing block, as on the page
    person = {name: rats.tables[name] for name in (T_ACC, T_DIST, T_LOS, rf.BANDS, rf.LONG) if name in rats.tables}
    links = list(links) + [rel for rel in rats.links if all(k[0] in person for k in rel)]
    return {**housing, **person}, links


# ---------------------------------------------------------------------------------------------
# sections


def make_section(rd: ReportData, key: str, dataset: str | None, **kwargs) -> Section:
    title = kwargs.pop("title", SECTION_LABELS[key])
    source = rd.state.source(dataset) if dataset else ""
    stichtag = rd.stichtag(dataset) if dataset else rd.stand
    return Section(key=key, title=title, source=source, stichtag=stichtag or rd.stand, filters=rd.filters, **kwargs)


def join_text(*parts: str) -> str:
    return "\n\n".join(p.strip() for p in parts if p and p.strip())


def council_note(rd: ReportData, statuses) -> str:
    """The council version's note for figures with these statuses ("" outside council mode)."""
    if not rd.council:
        return ""
    note = rd.cfg.note(statuses)
    base = f"Ratsfassung: Personenzahlen von 1 bis {rd.cfg.threshold} werden als „{rd.cfg.marker}“ gezeigt."
    return f"{base} {note}" if note else base


def disclosure_note(rd: ReportData, *tables: str) -> str:
    """The council note for tables of the report's publication."""
    statuses: set = set()
    for t in tables:
        if t in rd.pub:
            statuses |= rd.pub[t].statuses
    return council_note(rd, statuses)


def sources(state: DataState) -> list[tuple[str, str, dt.date | None]]:
    return [(glossary.DATASETS[k].label, state.source(k), state.stichtag(k))
            for k in glossary.DATASET_KEYS if state.has(k)]


def audit(rd: ReportData) -> list:
    """Hidden cells of the publication that can be recomputed exactly (empty = safe)."""
    if not rd.pub:
        return []
    return dc.audit_publication(rd.pub, rd.links)
