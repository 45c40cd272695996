"""The council report's data: everything a report can show, computed and protected once.

`prepare(state, previous, …)` runs the indicator functions of the Übersicht, Unterkünfte, Wohnqualität,
Soziale Infrastruktur and Stadtteilprofil pages and the scenarios, and protects every count of persons
(and of inspected objects with defects) as **one publication** (`_publication`): the tables that appear
together in a report are protected jointly with their relations, so that no hidden cell can be
recomputed from another table of the same report. Outside council mode the same path runs with a
threshold of 0. The section builders (`report_sections`, `report_scenario`) only select and format.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from dataclasses import dataclass, field
from functools import cached_property

import pandas as pd

from ankunft import disclosure as dc
from ankunft.core import fmt, glossary, palette, reference
from ankunft.core.reference import STANDARDS, Standards
from ankunft.disclosure import DisclosureConfig, Figure
from ankunft.indicators import Unavailable, available
from ankunft.indicators import accommodations as acc_mod
from ankunft.indicators import housing as housing_mod
from ankunft.indicators import overview as ov
from ankunft.indicators import profile as profile_mod
from ankunft.indicators import services as services_mod
from ankunft.indicators import stays as stays_mod
from ankunft.storage.state import DataState
from ankunft.views.report_model import Kpi, Section

SECTION_KEYS = ("kpis", "accommodations", "length_of_stay", "housing", "services", "district_profile", "scenario")


SECTION_LABELS = {
    "kpis": "Kennzahlen",
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


# names of the jointly protected tables (they appear in audits and tests)
T_ACC = "Belegung je Unterkunft"


T_DIST = "Bewohner je Stadtteil"


T_LOS = "Aufenthaltsdauer je Unterkunft"


T_HOUSING = "Mängel je Stadtteil"


T_TYPES = "Mängel nach Art"


T_FOCUS = "Fokusgebiet"


TOTAL = dc.TOTAL


NO_DISTRICT = "ohne Stadtteil"
OPEN, RESOLVED = "offen", "behoben"


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
    names = ", ".join(f"{d} {reference.DISTRICT_NAMES.get(d, d)}" for d in district_ids)
    return f"Stadtteile {names}" if len(district_ids) > 1 else f"Stadtteil {names}"


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
        """A stand-alone count of persons: the threshold rule only."""
        return dc.protect_value(number_or_none(value) if number_or_none(value) is not None else float("nan"), self.cfg)

    @cached_property
    def residents_total(self) -> Figure:
        """People in accommodations in operation (the KPI), as published."""
        k = self.kpis.get("residents")
        value = k.value if k else None
        f = self.cell(T_ACC, TOTAL)
        if f is not None and value is not None and (f.suppressed or f.value == value):
            return f
        return self.count(value)

    @cached_property
    def open_defects_total(self) -> Figure:
        k = self.kpis.get("open_defects")
        value = k.value if k else None
        f = self.cell(T_HOUSING, TOTAL, "open")
        if f is not None and value is not None and (f.suppressed or f.value == value):
            return f
        return self.count(value)

    @cached_property
    def roster_total(self) -> Figure:
        f = self.cell(T_LOS, TOTAL, TOTAL)
        return f if f is not None else Figure(None, dc.EMPTY, "count", self.cfg)

    @cached_property
    def long_stay_count(self) -> Figure:
        parts = [self.cell(T_LOS, TOTAL, b) for b in LONG_BANDS]
        if any(p is None for p in parts):
            return Figure(None, dc.EMPTY, "count", self.cfg)
        return figure_sum(parts, self.cfg)

    def kpi_figure(self, key: str) -> Figure:
        """The KPI's value as it may be published."""
        k = self.kpis.get(key)
        value = k.value if k else None
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
        text = f.text if f.suppressed else k.value_text
        return Kpi(label or k.label, text, self.kpi_change_text(key) or "")

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
        start = sc.start_state_from(self.state)
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
        return profile_mod.district_profile(self.state, self.focus_ids, self.state.stand, standards=self.standards,
                                            label=self.focus_label)

    def geojson(self) -> dict:
        if self.district_geojson is None:
            from ankunft.core import geo

            self.district_geojson = geo.load_districts_geojson()
        return self.district_geojson


# ---------------------------------------------------------------------------------------------
# preparing: indicator calls and the joint publication


def _los_wide(roster, open_keys) -> pd.DataFrame | None:
    if isinstance(roster, Unavailable) or roster is None:
        return None
    r = roster[roster["accommodation_id"].isin(open_keys).to_numpy()]
    long = stays_mod.length_of_stay_bands(r, by_accommodation=True)
    if isinstance(long, Unavailable) or len(long) == 0:
        return None
    wide = long.pivot(index="accommodation_id", columns="band", values="count")
    wide = wide.reindex(columns=list(stays_mod.BANDS)).fillna(0).astype("float64")
    wide.index = wide.index.astype("object")
    wide.columns = wide.columns.astype("object")
    wide.index.name = None
    wide.columns.name = None
    return wide


def _housing_area(housing_table: pd.DataFrame) -> pd.DataFrame | None:
    """District rows of the housing table (open, overcrowded), plus `ohne Stadtteil` so that the
    rows add up to the total; index = district id."""
    if housing_table.empty:
        return None
    districts = housing_table[housing_table["level"] == housing_mod.LEVEL_DISTRICT]
    total = housing_table[housing_table["area_id"] == housing_mod.CITY_ID]
    df = pd.DataFrame({"open": districts["open"].to_numpy(dtype="float64"),
                       "overcrowded": districts["overcrowded"].to_numpy(dtype="float64")},
                      index=pd.Index(districts["area_id"].astype("object").to_numpy(), dtype="object"))
    if len(total):
        rest = {c: float(total[c].iloc[0]) - float(df[c].sum()) for c in ("open", "overcrowded")}
        if any(v > 0 for v in rest.values()):
            df.loc[NO_DISTRICT] = [rest["open"], rest["overcrowded"]]
    return df


def _defect_types(defects: pd.DataFrame) -> pd.DataFrame | None:
    if defects.empty:
        return None
    g = defects.groupby(["defect", "state"])["objects"].sum().unstack("state")
    order = [*housing_mod.DEFECT_TYPES.values(), housing_mod.OVERCROWDED_LABEL]
    g = g.reindex(index=[t for t in order if t in g.index], columns=[OPEN, RESOLVED]).fillna(0.0)
    g.index = pd.Index(list(g.index), dtype="object")
    g.columns = pd.Index(list(g.columns), dtype="object")
    return g.astype("float64")


def _publication(open_table, district_tbl, los, housing_area, defect_types, focus_ids, profile_values,
                 cfg) -> tuple[dict[str, dc.Protected], list]:
    """Protect every count table of the report as one publication (see the module docstring)."""
    tables: dict = {}
    links: list = []
    occ = None
    if len(open_table):
        known = open_table[open_table["occupancy"].notna().to_numpy()]
        if len(known):
            occ = pd.Series(known["occupancy"].to_numpy(dtype="float64"),
                            index=pd.Index(known["key"].astype("object").to_numpy(), dtype="object"), name="Belegung")
            tables[T_ACC] = dc.Table(occ, total=True)
    dist = None
    if len(district_tbl) and occ is not None:
        dist = pd.Series(district_tbl["residents"].to_numpy(dtype="float64"),
                         index=pd.Index(district_tbl["district_id"].astype("object").to_numpy(), dtype="object"),
                         name="Bewohner")
        tables[T_DIST] = dc.Table(dist, total=True)
        groups = {k: d for k, d in zip(known["key"], known["district_id"]) if isinstance(d, str) and d in dist.index}
        members: dict = {}
        for k, d in groups.items():
            members.setdefault(d, []).append(k)
        for d, keys in members.items():
            if math.isclose(float(dist[d]), float(occ[keys].sum())):
                links.append(dc.link_sum((T_DIST, d, None), [(T_ACC, k, None) for k in keys]))
        if math.isclose(float(dist.sum()), float(occ.sum())):
            links.append(dc.link_equal((T_DIST, TOTAL, None), (T_ACC, TOTAL, None)))
    if los is not None and len(los):
        tables[T_LOS] = dc.Table(los, count_cols=list(los.columns), row_total=True, col_total=True)
        if occ is not None:
            for key, row in los.iterrows():
                if key in occ.index and math.isclose(float(row.sum()), float(occ[key])):
                    links.append(dc.link_equal((T_LOS, key, TOTAL), (T_ACC, key, None)))
            if math.isclose(float(los.to_numpy().sum()), float(occ.sum())):
                links.append(dc.link_equal((T_LOS, TOTAL, TOTAL), (T_ACC, TOTAL, None)))
    if housing_area is not None and len(housing_area):
        tables[T_HOUSING] = dc.Table(housing_area, count_cols=["open", "overcrowded"], col_total=True)
    if defect_types is not None and len(defect_types):
        tables[T_TYPES] = dc.Table(defect_types, count_cols=[OPEN, RESOLVED])
    focus = {}
    focus_links = []
    if profile_values.get("residents") is not None:
        focus["residents"] = profile_values["residents"]
        if dist is not None:
            parts = [d for d in focus_ids if d in dist.index]
            if parts and math.isclose(float(dist[parts].sum()), focus["residents"]):
                focus_links.append(dc.link_sum((T_FOCUS, "residents", None), [(T_DIST, d, None) for d in parts]))
    if profile_values.get("open") is not None:
        focus["open"] = profile_values["open"]
        if housing_area is not None:
            parts = [d for d in focus_ids if d in housing_area.index]
            if parts and math.isclose(float(housing_area.loc[parts, "open"].sum()), focus["open"]):
                focus_links.append(dc.link_sum((T_FOCUS, "open", None), [(T_HOUSING, d, "open") for d in parts]))
    if focus:
        tables[T_FOCUS] = dc.Table(pd.Series(focus, dtype="float64", name="Fokusgebiet"))
        links += focus_links
    if not tables:
        return {}, []
    return dc.suppress_linked(tables, links, cfg), links


def prepare(state: DataState, previous: DataState | None = None, *, council: bool = False,
            focus_ids=reference.FOCUS_DEFAULT, focus_label: str = reference.FOCUS_LABEL_DEFAULT,
            district_ids: list[str] | None = None, disclosure_cfg: DisclosureConfig | None = None,
            scenarios: list | None = None, district_geojson: dict | None = None,
            standards: Standards = STANDARDS) -> ReportData:
    """Compute the indicators and the (council-)protected publication for a report."""
    focus_ids = services_mod.normalise_ids(list(focus_ids)) or list(reference.FOCUS_DEFAULT)
    district_ids = services_mod.normalise_ids(district_ids) if district_ids else None
    cfg = (disclosure_cfg or dc.DEFAULT) if council else NO_DISCLOSURE
    data = ov.inputs(state, district_ids, standards)
    current = ov.kpi_values(data, focus_ids, standards)
    prev_values = None
    if previous is not None:
        prev_values = ov.kpi_values(ov.inputs(previous, district_ids, standards), focus_ids, standards)
    kpis = {k.key: k for k in ov.build_kpis(current, prev_values, standards)}
    open_table = acc_mod.open_only(data.table) if len(data.table) else data.table
    district_tbl = ov.district_table(data, focus_ids, standards) if len(data.table) else pd.DataFrame()
    los = _los_wide(data.roster, set(open_table["key"])) if len(open_table) else None
    completed = None
    if not isinstance(data.stays, Unavailable):
        c = stays_mod.completed_stays(data.stays, data.roster_date)
        completed = stays_mod.completed_stay_summary(c) if available(c) else None
    has_housing = len(data.housing) > 0
    housing_table = housing_mod.housing_table(data.housing, data.housing_date, focus_ids, standards) \
        if has_housing else pd.DataFrame()
    housing_area = _housing_area(housing_table) if has_housing else None
    defect_types = _defect_types(housing_mod.defects_by_type(data.housing, data.housing_date, standards)) \
        if has_housing else None
    kita = services_mod.kita_supply(state.df("services"), state.df("districts"), focus_ids, standards) \
        if state.has("services") and state.has("districts") else pd.DataFrame()
    school = services_mod.school_supply(state.df("services"), state.df("districts"), focus_ids, standards) \
        if state.has("services") and state.has("districts") else pd.DataFrame()
    focus_values = {}
    if len(district_tbl):
        focus_values["residents"] = float(district_tbl.loc[district_tbl["district_id"].isin(focus_ids),
                                                           "residents"].sum())
    if len(housing_table):
        f = housing_table[housing_table["area_id"] == housing_mod.FOCUS_ID]
        if len(f):
            focus_values["open"] = float(f["open"].iloc[0])
    pub, links = _publication(open_table, district_tbl, los, housing_area, defect_types, focus_ids, focus_values,
                              cfg)
    return ReportData(
        state=state, previous=previous, council=council, cfg=cfg, focus_ids=focus_ids, focus_label=focus_label,
        district_ids=district_ids, standards=standards, inputs=data, kpis=kpis, previous_kpis=prev_values or {},
        headline=ov.headline(data.table, data.roster, standards),
        accommodations_headline=ov.accommodations_headline(data.table, standards),
        open_table=open_table, district_table=district_tbl, los=los, completed=completed,
        housing_table=housing_table, housing_area=housing_area, defect_types=defect_types, kita=kita,
        school=school, pub=pub, links=links, scenario_items=list(scenarios) if scenarios else None,
        district_geojson=district_geojson,
    )


# ---------------------------------------------------------------------------------------------
# sections


def make_section(rd: ReportData, key: str, dataset: str | None, **kwargs) -> Section:
    title = kwargs.pop("title", SECTION_LABELS[key])
    source = rd.state.source(dataset) if dataset else ""
    stichtag = rd.stichtag(dataset) if dataset else rd.stand
    return Section(key=key, title=title, source=source, stichtag=stichtag or rd.stand, filters=rd.filters, **kwargs)


def join_text(*parts: str) -> str:
    return "\n\n".join(p.strip() for p in parts if p and p.strip())


def disclosure_note(rd: ReportData, *tables: str) -> str:
    if not rd.council:
        return ""
    statuses: set = set()
    for t in tables:
        if t in rd.pub:
            statuses |= rd.pub[t].statuses
    note = rd.cfg.note(statuses)
    base = f"Ratsfassung: Personenzahlen von 1 bis {rd.cfg.threshold} werden als „{rd.cfg.marker}“ gezeigt."
    return f"{base} {note}" if note else base


def sources(state: DataState) -> list[tuple[str, str, dt.date | None]]:
    return [(glossary.DATASETS[k].label, state.source(k), state.stichtag(k))
            for k in glossary.DATASET_KEYS if state.has(k)]


def audit(rd: ReportData) -> list:
    """Hidden cells of the publication that can be recomputed exactly (empty = safe)."""
    if not rd.pub:
        return []
    return dc.audit_publication(rd.pub, rd.links)
