"""Assemble the council report from the dashboards' indicator functions.

`prepare(state, previous, …)` computes everything a report can show, once: the indicator results of
the Übersicht, Unterkünfte, Wohnqualität, Soziale Infrastruktur and Stadtteilprofil pages and the
scenario results. It also protects every count of persons (and of inspected objects with defects)
as **one publication**: the tables that appear together in a report (residents per accommodation,
per district, by length of stay, open defects per district and by type, the focus area) are
protected jointly with `ankunft.disclosure.suppress_linked`, with the relations that hold between
them (a district's residents are the sum of its accommodations' residents, …), so that no hidden
cell can be recomputed from another table of the same report.

Outside council mode the same path runs with a threshold of 0: nothing is hidden, every figure is
the indicator's own number.

`build_report(state, previous, sections=[…], …)` turns the prepared data into a format-neutral
`Report` (one function per section key); `council_text.sachstand` writes the Sachstand from the
same prepared data. Nothing here recomputes an indicator: numbers come from the indicator
functions; this module only selects, protects, formats and explains them.
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
from ankunft.export.model import ChartSpec, Kpi, MapSpec, Report, Section, Series
from ankunft.indicators import Unavailable, available
from ankunft.indicators import accommodations as acc_mod
from ankunft.indicators import housing as housing_mod
from ankunft.indicators import overview as ov
from ankunft.indicators import profile as profile_mod
from ankunft.indicators import services as services_mod
from ankunft.indicators import stays as stays_mod
from ankunft.storage.state import DataState

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


def _num(x) -> float | None:
    if x is None or x is pd.NA:
        return None
    try:
        f = float(x)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(f) or math.isinf(f) else f


def published(value, kind: str = "count", cfg: DisclosureConfig = NO_DISCLOSURE, decimals: int = 1) -> Figure:
    """A figure that is no count of persons (places, costs, coverage): shown as it is."""
    v = _num(value)
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
        return dc.protect_value(_num(value) if _num(value) is not None else float("nan"), self.cfg)

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
        cap = _num(capacity)
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


def _section(rd: ReportData, key: str, dataset: str | None, **kwargs) -> Section:
    title = kwargs.pop("title", SECTION_LABELS[key])
    source = rd.state.source(dataset) if dataset else ""
    stichtag = rd.stichtag(dataset) if dataset else rd.stand
    return Section(key=key, title=title, source=source, stichtag=stichtag or rd.stand, filters=rd.filters, **kwargs)


def _join(*parts: str) -> str:
    return "\n\n".join(p.strip() for p in parts if p and p.strip())


def _disclosure_note(rd: ReportData, *tables: str) -> str:
    if not rd.council:
        return ""
    statuses: set = set()
    for t in tables:
        if t in rd.pub:
            statuses |= rd.pub[t].statuses
    note = rd.cfg.note(statuses)
    base = f"Ratsfassung: Personenzahlen von 1 bis {rd.cfg.threshold} werden als „{rd.cfg.marker}“ gezeigt."
    return f"{base} {note}" if note else base


def section_kpis(rd: ReportData) -> Section | None:
    """Kennzahlen: every KPI of the Übersicht with value, change and definition."""
    if not rd.kpis:
        return None
    prev_day = rd.previous.stand if rd.previous is not None else None
    now_col = f"Stand {fmt.date(rd.stand)}"
    prev_col = f"Stand {fmt.date(prev_day)}" if prev_day else "Vorheriger Stand"
    rows, definitions = [], []
    for key, k in rd.kpis.items():
        tile = rd.kpi_tile(key)
        rows.append((tile.label, tile.value_text, rd.kpi_previous_text(key), tile.change_text or fmt.MISSING))
        definition = ov.KPI_SPECS[key].help.format(years=fmt.num(rd.standards.long_stay_years))
        definitions.append(f"• {tile.label}: {definition}")
    table = pd.DataFrame(rows, columns=["Kennzahl", now_col, prev_col, "Veränderung"])
    changes = (f"Die Veränderung bezieht sich auf den Stand {fmt.date(prev_day)}."
               if prev_day else "Es liegt kein früherer Stand vor; Veränderungen fehlen daher.")
    residents = rd.residents_total
    places = rd.kpis.get("places")
    notes = [
        f"Stand {fmt.date(rd.stand)}, {rd.filters}. {changes}",
        f"In Unterkünften in Betrieb leben {count_text(residents, 'Mensch', 'Menschen')}"
        + (f" auf {fmt.integer(places.value)} Plätzen" if places and places.value is not None else "") + ".",
        "Definitionen:\n" + "\n".join(definitions),
    ]
    missing = [f"{k.label}: {k.reason}" for k in rd.kpis.values() if k.value is None and k.reason]
    if missing:
        notes.append("Ohne Wert: " + " ".join(missing))
    notes.append(_disclosure_note(rd, T_ACC, T_LOS, T_HOUSING))
    return _section(rd, "kpis", "accommodations", title="Kennzahlen und Definitionen",
                    headline=_kpi_headline(rd), table=table, notes=_join(*notes))


def _kpi_headline(rd: ReportData) -> str:
    """The Übersicht's sentence; in council mode rebuilt from the published figures when it names
    a count that is hidden."""
    if not rd.council or not rd.headline:
        return rd.headline
    if "leben mehr als" in rd.headline or rd.residents_total.suppressed is False:
        return rd.headline
    n = len(rd.open_table)
    return (f"{count_text(rd.residents_total, 'Mensch', 'Menschen')} leben in "
            f"{fmt.plural(n, 'Unterkunft', 'Unterkünften')}.")


def _accommodation_headline(rd: ReportData) -> str:
    if not rd.council:
        return rd.accommodations_headline
    occ = rd.residents_total
    util = rd.kpi_figure("utilisation")
    if not occ.suppressed and not util.suppressed:
        return rd.accommodations_headline
    t = acc_mod.totals(rd.inputs.table)
    where = fmt.plural(t["accommodations"], "Unterkunft", "Unterkünften")
    text = (f"Von {fmt.integer(t['capacity'])} Plätzen in {where} "
            f"sind {occ.text} belegt")
    if not util.suppressed and util.value is not None:
        text += f" ({util.text})"
    return text + "."


def section_accommodations(rd: ReportData) -> Section | None:
    t = rd.open_table
    if not len(t):
        return None
    t = t.sort_values("capacity", ascending=False, kind="stable", na_position="last")
    names = [str(n) if isinstance(n, str) else str(k) for n, k in zip(t["name"], t["key"])]
    occ = [rd.occupancy(k) for k in t["key"]]
    util = [rd.utilisation(k, c) for k, c in zip(t["key"], t["capacity"])]
    chart = ChartSpec("barh", names, [
        Series("Plätze", [_num(c) for c in t["capacity"]], COLOUR_PLACES),
        Series("Belegung", [figure_value(f) for f in occ], COLOUR_OCCUPANCY),
    ], y_title="Personen / Plätze")
    council = rd.council
    table = pd.DataFrame({
        "Unterkunft": names,
        "Stadtteil": [f"{d} {n}" if isinstance(d, str) else fmt.MISSING
                      for d, n in zip(t["district_id"], t["district"])],
        "Art": t["type"].astype("object").where(t["type"].notna(), fmt.MISSING).to_list(),
        "Status": t["status"].astype("object").where(t["status"].notna(), fmt.MISSING).to_list(),
        "Plätze": t["capacity"].to_numpy(dtype="float64"),
        "Belegung": [f.text if f.suppressed else f.value for f in occ],
        "Auslastung": [f.text if f.suppressed else f.value for f in util],
        "Ampel": t["flag_level"].map(palette.FLAG_LABEL).fillna(fmt.MISSING).to_list(),
        "Hinweise": t["flag_labels"].fillna("").to_list(),
    })
    kpis = [rd.kpi_tile("residents", "Menschen in Unterkünften"), rd.kpi_tile("places"),
            rd.kpi_tile("utilisation"), rd.kpi_tile("open_accommodations")]
    return _section(rd, "accommodations", "accommodations", headline=_accommodation_headline(rd), kpis=kpis,
                    chart=chart, map=_accommodation_map(rd), table=table,
                    table_formats={"Plätze": "#,##0", "Belegung": "#,##0", "Auslastung": "0.0%"},
                    notes=_accommodation_notes(rd, t, occ, util))


def _accommodation_map(rd: ReportData) -> MapSpec | None:
    if not len(rd.district_table):
        return None
    values = {d: figure_value(rd.district_residents(d)) for d in rd.district_table["district_id"]}
    points = []
    for _, r in rd.open_table.iterrows():
        lat, lon = _num(r["lat"]), _num(r["lon"])
        if lat is not None and lon is not None:
            points.append((lat, lon, str(r["name"]), _num(r["capacity"]) or 0.0))
    return MapSpec(rd.geojson(), values, legend_title="Menschen in Unterkünften", points=points,
                   points_label="Unterkünfte (Größe: Plätze)",
                   missing_label="ausgeblendet" if rd.council else "keine Angabe")


def _accommodation_notes(rd: ReportData, t: pd.DataFrame, occ: list[Figure], util: list[Figure]) -> str:
    k = rd.kpis
    places = k["places"].value
    util_total = rd.kpi_figure("utilisation")
    lines = [
        f"Die Grafik zeigt je Unterkunft in Betrieb die Plätze (grau) und die Belegung am Stichtag "
        f"{fmt.date(rd.inputs.roster_date)}. Insgesamt sind es {count_text(rd.residents_total, 'Mensch', 'Menschen')} "
        f"auf {fmt.integer(places)} Plätzen"
        + (f"; die Auslastung liegt bei {util_total.text}." if not util_total.suppressed else "."),
    ]
    shown = [(n, u) for n, u in zip(t["name"], util) if not u.suppressed and u.value is not None]
    if shown:
        name, top = max(shown, key=lambda x: x[1].value)
        lines.append(f"Am höchsten ausgelastet ist {name} mit {top.text}.")
    high = [n for n, u in shown if u.value >= rd.standards.utilisation_alert]
    if high:
        lines.append(f"{fmt.plural(len(high), 'Unterkunft liegt', 'Unterkünfte liegen')} bei mindestens "
                     f"{fmt.pct(rd.standards.utilisation_alert, 0)} Auslastung (Warnschwelle): {', '.join(high)}.")
    red = int((t["flag_level"] == acc_mod.LEVEL_RED).sum())
    amber = int((t["flag_level"] == acc_mod.LEVEL_AMBER).sum())
    lines.append(f"Ampel: {fmt.integer(red)} kritisch, {fmt.integer(amber)} zu beobachten "
                 f"(Regeln: Überbelegung, Vertragsende, Schließdatum, Fläche, Sozialarbeit).")
    sources = t["occupancy_source"].value_counts()
    roster_n = int(sources.get(acc_mod.SOURCE_ROSTER, 0))
    lines.append(
        f"Annahmen: Belegung aus der Bewohnerdatei, wo sie die Unterkunft nennt ({fmt.integer(roster_n)} von "
        f"{fmt.integer(len(t))} Unterkünften), sonst aus der Belegungsspalte der Unterkunftsliste. "
        "Gezählt werden Unterkünfte „in Betrieb“ und „in Schließung“; Auslastung = Belegung ÷ Plätze. "
        "Die Karte färbt die Stadtteile nach Menschen in Unterkünften; Kreise zeigen die Unterkünfte nach Plätzen.")
    lines.append(_disclosure_note(rd, T_ACC, T_DIST))
    return _join(*lines)


def section_length_of_stay(rd: ReportData) -> Section | None:
    if rd.los is None:
        return None
    los = rd.los
    pub = rd.pub[T_LOS]
    names_by_key = dict(zip(rd.open_table["key"], rd.open_table["name"]))
    keys = list(los.index)
    categories = [str(names_by_key.get(k, k)) for k in keys]
    series = []
    for band in stays_mod.BANDS:
        payload = dc.chart_payload(pub, band)
        by_label = dict(zip(payload.labels, payload.values))
        series.append(Series(band, [by_label.get(k) for k in keys], palette.colour_for(band)))
    chart = ChartSpec("stacked_bar", categories, series, y_title="Bewohner")
    display = pub.display
    table = pd.DataFrame({"Unterkunft": categories + ["Gesamt"]})
    for col in [*stays_mod.BANDS, TOTAL]:
        values = []
        for row in [*keys, TOTAL]:
            f = pub.cell(row, col)
            values.append(display.at[row, col] if f.suppressed else f.value)
        table[col if col != TOTAL else "Bewohner gesamt"] = values
    long_share = rd.kpi_tile("long_stay_share")
    kpis = [long_share, rd.kpi_tile("entitled_residents")]
    if rd.completed and rd.completed.get("count"):
        c = rd.completed
        kpis.append(Kpi("Abgeschlossene Aufenthalte", fmt.integer(c["count"])))
        median = c.get("median_days")
        if median is not None and not (rd.council and rd.cfg.is_small(c["count"])):
            kpis.append(Kpi("Median abgeschlossener Aufenthalte",
                            f"{fmt.num(median / stays_mod.DAYS_PER_MONTH, 1)} Monate"))
    return _section(rd, "length_of_stay", "residents", headline=_kpi_headline(rd),
                    kpis=kpis, chart=chart, table=table,
                    table_formats={c: "#,##0" for c in [*stays_mod.BANDS, "Bewohner gesamt"]},
                    notes=_los_notes(rd, categories, keys))


def _los_notes(rd: ReportData, categories: list[str], keys: list) -> str:
    total = rd.roster_total
    bands = [f"{b}: {count_text(rd.cell(T_LOS, TOTAL, b))}" for b in stays_mod.BANDS]
    years = fmt.num(rd.standards.long_stay_years)
    lines = [
        f"Die Grafik zeigt, wie lange die {count_text(total)} am {fmt.date(rd.inputs.roster_date)} schon in ihrer "
        f"Unterkunft leben, gestapelt nach Dauer: " + "; ".join(bands) + ".",
        f"Seit mindestens {years} Jahren dort: {rd.kpi_tile('long_stay_share').value_text}.",
    ]
    per = stays_mod.long_stay_by_accommodation(
        rd.inputs.roster[rd.inputs.roster["accommodation_id"].isin(keys).to_numpy()], rd.standards.long_stay_years)
    per = dict(zip(per["accommodation_id"], per["share"]))
    shares = []
    for name, key in zip(categories, keys):
        if key not in per or pd.isna(per[key]):
            continue
        if rd.council:  # a share of a hidden or small count would give the count away
            check = dc.share(figure_sum([rd.cell(T_LOS, key, b) for b in LONG_BANDS], rd.cfg),
                             rd.cell(T_LOS, key, TOTAL), rd.cfg)
            if check.suppressed:
                continue
        shares.append((name, published(per[key], "share")))
    if shares:
        name, top = max(shares, key=lambda x: x[1].value)
        lines.append(f"Den höchsten Anteil langer Aufenthalte hat {name} ({top.text}).")
    if rd.completed and rd.completed.get("count"):
        c = rd.completed
        lines.append(
            f"Bis zum Stichtag endeten {fmt.integer(c['count'])} Aufenthalte; "
            + (f"im Median nach {fmt.num(c['median_days'] / stays_mod.DAYS_PER_MONTH, 1)} Monaten, "
               if c.get("median_days") is not None else "")
            + (f"{fmt.pct(c['share_over_18_months'])} dauerten 18 Monate oder länger."
               if c.get("share_over_18_months") is not None else ""))
    lines.append("Annahmen: Dauer ab dem Einzug in die jetzige Unterkunft bis zum Stichtag (365,25 Tage je Jahr); "
                 "gezählt werden Bewohner der Unterkünfte in Betrieb laut Bewohnerdatei. Auszugsberechtigt: Angabe "
                 "der Bewohnerdatei oder ein Aufenthaltsstatus mit Anerkennung oder Schutz.")
    lines.append(_disclosure_note(rd, T_LOS))
    return _join(*lines)


def section_housing(rd: ReportData) -> Section | None:
    ht = rd.housing_table
    if not len(ht):
        return None
    total_row = ht[ht["area_id"] == housing_mod.CITY_ID].iloc[0]
    inspected = float(total_row["inspected"])
    open_f = rd.open_defects_total
    share_f = dc.share(open_f, published(inspected), rd.cfg, complement=False) if open_f.suppressed or \
        rd.council else published(total_row["open_share"], "share")
    over_f = rd.cell(T_HOUSING, TOTAL, "overcrowded") or rd.count(total_row["overcrowded"])
    date = rd.inputs.housing_date
    headline = (f"{open_f.text} von {fmt.plural(inspected, 'geprüftem Objekt', 'geprüften Objekten')} haben am "
                f"{fmt.date(date)} offene Mängel" + (f" ({share_f.text})" if not share_f.suppressed else "") + ".")
    kpis = [Kpi("Geprüfte Objekte", fmt.integer(inspected)), rd.kpi_tile("open_defects"),
            Kpi("Anteil mit offenen Mängeln", share_f.text), Kpi("Überbelegt", over_f.text)]
    median = _num(total_row["median_days_to_resolution"])
    resolved = _num(total_row["resolved"]) or 0.0
    if median is not None and not (rd.council and rd.cfg.is_small(resolved)):
        kpis.append(Kpi("Median bis zur Behebung", f"{fmt.integer(median)} Tage"))
    chart = None
    types = rd.defect_types
    if types is not None:
        pub = rd.pub[T_TYPES]
        chart = ChartSpec("barh", list(types.index), [
            Series("offen", [figure_value(pub.cell(t, OPEN)) for t in types.index], palette.colour_for("offen")),
            Series("behoben", [figure_value(pub.cell(t, RESOLVED)) for t in types.index],
                   palette.colour_for("behoben")),
        ], y_title="Objekte")
    hmap = None
    if rd.housing_area is not None:
        values = {d: figure_value(rd.cell(T_HOUSING, d, "open")) for d in rd.housing_area.index if d != NO_DISTRICT}
        hmap = MapSpec(rd.geojson(), values, legend_title="Objekte mit offenen Mängeln",
                       missing_label="ausgeblendet oder nicht geprüft" if rd.council else "nicht geprüft")
    return _section(rd, "housing", "housing", headline=headline, kpis=kpis, chart=chart, map=hmap,
                    table=_housing_table(rd),
                    table_formats={"Geprüft": "#,##0", "Mit offenen Mängeln": "#,##0", "Anteil offen": "0.0%",
                                   "Überbelegt": "#,##0", "Median Tage bis Behebung": "#,##0"},
                    notes=_housing_notes(rd, open_f, inspected))


def _housing_table(rd: ReportData) -> pd.DataFrame:
    rows = []
    for _, r in rd.housing_table.iterrows():
        aid = r["area_id"]
        if aid == housing_mod.CITY_ID:
            key, label = TOTAL, ("Gesamt" if rd.district_ids else r["area"])
        elif aid == housing_mod.FOCUS_ID:
            key, label = None, rd.focus_label
        else:
            key, label = aid, r["area"]
        if key is None:
            open_f = rd.cell(T_FOCUS, "open") or rd.count(r["open"])
            over_f = rd.count(r["overcrowded"])
        else:
            open_f = rd.cell(T_HOUSING, key, "open") or rd.count(r["open"])
            over_f = rd.cell(T_HOUSING, key, "overcrowded") or rd.count(r["overcrowded"])
        inspected = _num(r["inspected"]) or 0.0
        share_f = dc.share(open_f, published(inspected), rd.cfg, complement=False) if rd.council \
            else published(r["open_share"], "share")
        median = _num(r["median_days_to_resolution"])
        if rd.council and rd.cfg.is_small(_num(r["resolved"]) or 0.0):
            median_v = dc.HIDDEN_MARKER if median is not None else None
        else:
            median_v = median
        rows.append({
            "Gebiet": label, "Geprüft": inspected,
            "Mit offenen Mängeln": open_f.text if open_f.suppressed else open_f.value,
            "Anteil offen": share_f.text if share_f.suppressed else share_f.value,
            "Überbelegt": over_f.text if over_f.suppressed else over_f.value,
            "Median Tage bis Behebung": median_v,
        })
    return pd.DataFrame(rows)


def _housing_notes(rd: ReportData, open_f: Figure, inspected: float) -> str:
    types = rd.defect_types
    lines = [f"Gezählt werden Objekte (Wohnungen oder Gebäude), die die Wohnungsaufsicht bis zum "
             f"{fmt.date(rd.inputs.housing_date)} geprüft hat: {fmt.integer(inspected)} Objekte, davon "
             f"{open_f.text} mit mindestens einem offenen Mangel."]
    if types is not None:
        pub = rd.pub[T_TYPES]
        shown = [(t, pub.cell(t, OPEN)) for t in types.index]
        shown = [(t, f) for t, f in shown if not f.suppressed and f.value is not None]
        if shown:
            name, top = max(shown, key=lambda x: x[1].value)
            lines.append(f"Häufigster offener Mangel: {name} ({fmt.plural(top.value, 'Objekt', 'Objekte')}). "
                         "Ein Objekt kann mehrere Mängel haben; die Balken addieren sich daher nicht zur Gesamtzahl.")
    if rd.housing_area is not None and len(rd.housing_area):
        per = [(d, rd.cell(T_HOUSING, d, "open")) for d in rd.housing_area.index if d != NO_DISTRICT]
        per = [(d, f) for d, f in per if not f.suppressed and f.value]
        if per:
            d, top = max(per, key=lambda x: x[1].value)
            lines.append(f"Die meisten offenen Mängel hat der Stadtteil {services_mod.district_name(d)} "
                         f"({fmt.integer(top.value)}).")
    s = rd.standards
    lines.append(
        f"Annahmen: Ein Mangel ist behoben, wenn sein Behebungsdatum am oder vor dem Stichtag liegt, sonst "
        f"entscheidet der Status „behoben“. Überbelegt: weniger als {fmt.m2(s.m2_per_adult_flat, 0)} je "
        f"Erwachsenem und {fmt.m2(s.m2_per_child_under6_flat, 0)} je Kind unter 6 Jahren. "
        "Adressen privater Wohnungen werden im Bericht nicht gezeigt.")
    lines.append(_disclosure_note(rd, T_HOUSING, T_TYPES))
    return _join(*lines)


def _kita_rows(rd: ReportData) -> pd.DataFrame:
    k = rd.kita
    districts = k[k["level"] == services_mod.LEVEL_DISTRICT]
    if rd.district_ids:
        districts = districts[districts["area_id"].isin(rd.district_ids).to_numpy()]
    return districts


def section_services(rd: ReportData) -> Section | None:
    k = rd.kita
    if not len(k):
        return None
    districts = _kita_rows(rd)
    focus = k[k["area_id"] == services_mod.FOCUS_ID]
    city = k[k["area_id"] == services_mod.CITY_ID]
    chart = ChartSpec("bar", [str(a) for a in districts["area_id"]], [
        Series("Kita-Plätze", [_num(v) for v in districts["places"]], COLOUR_OCCUPANCY),
        Series("Bedarf", [_num(v) for v in districts["demand"]], COLOUR_DEMAND),
    ], y_title="Plätze")
    kmap = MapSpec(rd.geojson(), {str(a): _num(v) for a, v in zip(districts["area_id"], districts["coverage"])},
                   legend_title="Kita-Versorgung", number_format="0%",
                   breaks=[0.8, 0.9, 1.0, 1.1])
    fc = _num(focus["coverage"].iloc[0]) if len(focus) else None
    cc = _num(city["coverage"].iloc[0]) if len(city) else None
    short = _num(focus["shortfall"].iloc[0]) if len(focus) else None
    headline = ""
    if fc is not None:
        headline = (f"Die Kita-Versorgung im Fokusgebiet ({rd.focus_label}) liegt bei {fmt.pct(fc, 0)} des Bedarfs"
                    + (f" (Stadt {fmt.pct(cc, 0)})" if cc is not None else "")
                    + (f"; es fehlen rund {fmt.integer(short)} Plätze" if short and short >= 0.5 else "") + ".")
    elif cc is not None:
        headline = f"Die Kita-Versorgung der Stadt liegt bei {fmt.pct(cc, 0)} des Bedarfs."
    kpis = [rd.kpi_tile("kita_coverage")]
    if cc is not None:
        kpis.append(Kpi("Kita-Versorgung Stadt", fmt.pct(cc, 1)))
    if len(city) and _num(city["shortfall"].iloc[0]) is not None:
        kpis.append(Kpi("Fehlende Kita-Plätze (Stadt)", fmt.integer(city["shortfall"].iloc[0])))
    school_city = rd.school[rd.school["area_id"] == services_mod.CITY_ID] if len(rd.school) else pd.DataFrame()
    if len(school_city) and _num(school_city["coverage"].iloc[0]) is not None:
        kpis.append(Kpi("Grundschulplätze je Kind 6–9", fmt.pct(school_city["coverage"].iloc[0], 0)))
    rows = pd.concat([districts, focus, city])
    table = pd.DataFrame({
        "Gebiet": [rd.focus_label if a == services_mod.FOCUS_ID else str(n)
                   for a, n in zip(rows["area_id"], rows["area"])],
        "Kinder unter 6": (rows["children_under_2"] + rows["children_2"] + rows["children_3_5"]).to_numpy(),
        "Bedarf": rows["demand"].to_numpy(), "Kita-Plätze": rows["places"].to_numpy(),
        "Versorgung": rows["coverage"].to_numpy(), "Fehlende Plätze": rows["shortfall"].to_numpy(),
    })
    return _section(rd, "services", "services", headline=headline, kpis=kpis, chart=chart, map=kmap, table=table,
                    table_formats={"Kinder unter 6": "#,##0", "Bedarf": "#,##0", "Kita-Plätze": "#,##0",
                                   "Versorgung": "0.0%", "Fehlende Plätze": "#,##0"},
                    notes=_services_notes(rd, districts))


def _services_notes(rd: ReportData, districts: pd.DataFrame) -> str:
    s = rd.standards
    lines = [f"Die Grafik stellt je Stadtteil die Kita-Plätze dem rechnerischen Bedarf gegenüber "
             f"(Kinder laut Stadtteildaten vom {fmt.date(rd.stichtag('districts'))}, Einrichtungen vom "
             f"{fmt.date(rd.stichtag('services'))})."]
    cov = districts[districts["coverage"].notna()]
    if len(cov):
        low = cov.sort_values("coverage").iloc[0]
        lines.append(f"Am niedrigsten ist die Versorgung in {low['area']} ({fmt.pct(low['coverage'], 0)}).")
        below = int((cov["coverage"] < 1).sum())
        lines.append(f"{fmt.plural(below, 'Stadtteil liegt', 'Stadtteile liegen')} unter 100 % des Bedarfs.")
    lines.append(f"Annahmen: Bedarf = Kinder unter 2 Jahren × {fmt.pct(s.kita_rate_under_2)} + Kinder mit 2 Jahren × "
                 f"{fmt.pct(s.kita_rate_2, 0)} + Kinder von 3 bis 5 Jahren × {fmt.pct(s.kita_rate_3_5, 0)} "
                 "(Bedarfsquoten des Jugendhilfeausschusses); Grundschulbedarf = Kinder von 6 bis 9 Jahren. "
                 "Statistik der Einwohner, keine Zählung von Bewohnern der Unterkünfte.")
    return _join(*lines)


def section_district_profile(rd: ReportData) -> Section | None:
    p = rd.profile
    table = p.to_frame().reset_index(drop=True)
    headline = p.headline
    if rd.council:
        table, headline = _council_profile(rd, p, table)
    kpis = []
    keys = [r.key for r in p.rows]
    for key in ("accommodation_residents", "kita", "housing"):
        i = keys.index(key)
        kpis.append(Kpi(p.row(key).label, table.loc[i, p.label], f"Stadt {table.loc[i, profile_mod.CITY_COLUMN]}"))
    lines = [f"Das Profil vergleicht {p.label} mit der ganzen Stadt am {fmt.date(p.stichtag)}."]
    lines += [f"{r.label}: {reading}" for r, reading in zip(p.rows, table["Einordnung"])]
    if p.missing:
        lines.append("Es fehlen: " + " ".join(p.missing))
    lines.append("Annahmen: Menschen in Unterkünften ohne geschlossene Unterkünfte; Erreichbarkeit als Luftlinie "
                 "(Wege sind länger); Stadtteilwerte laut Statistikstelle.")
    lines.append(_disclosure_note(rd, T_FOCUS))
    return _section(rd, "district_profile", None, title=f"Stadtteilprofil: {p.label}", headline=headline,
                    kpis=kpis, table=table, notes=_join(*lines))


def _council_profile(rd: ReportData, p: profile_mod.Profile, table: pd.DataFrame) -> tuple[pd.DataFrame, str]:
    """Profile rows and headline with the protected focus figures."""
    keys = [r.key for r in p.rows]
    table = table.copy()
    residents = rd.cell(T_FOCUS, "residents")
    row = p.row("accommodation_residents")
    if residents is not None and row.value is not None:
        i = keys.index("accommodation_residents")
        city = rd.residents_total if rd.residents_total.value == row.city else rd.count(row.city)
        table.loc[i, p.label] = residents.text
        table.loc[i, profile_mod.CITY_COLUMN] = city.text
        table.loc[i, "Einordnung"] = (f"{count_text(residents, 'Mensch', 'Menschen')} in Unterkünften im Gebiet – "
                                      f"Stadt {count_text(city, 'Mensch', 'Menschen')}")
    hrow = p.row("housing")
    open_f = rd.cell(T_FOCUS, "open")
    if open_f is not None and hrow.value is not None:
        i = keys.index("housing")
        if open_f.suppressed:
            table.loc[i, p.label] = dc.HIDDEN_MARKER
            table.loc[i, "Einordnung"] = (f"{open_f.text} geprüfte Objekte mit offenen Mängeln – "
                                          f"Stadt {hrow.city_text}")
    rrow = p.row("reach")
    if residents is not None and rrow.value is not None and (residents.suppressed or rd.cfg.is_small(residents.value)):
        i = keys.index("reach")
        table.loc[i, p.label] = dc.HIDDEN_MARKER
        table.loc[i, "Einordnung"] = f"Anteil ausgeblendet (zu wenige Bewohner) – Stadt {rrow.city_text}"
    parts = []
    if residents is not None and row.value is not None:
        parts.append(f"{count_text(residents, 'Mensch', 'Menschen')} in Unterkünften")
    kita = p.row("kita")
    if kita.value is not None:
        parts.append(f"Kita-Versorgung {fmt.pct(kita.value, 0)} (Stadt {fmt.pct(kita.city, 0)})")
    if hrow.value is not None and not (open_f is not None and open_f.suppressed):
        parts.append(f"{fmt.pct(hrow.value, 0)} der geprüften Objekte mit offenen Mängeln")
    headline = (f"{p.label} am {fmt.date(p.stichtag)}: " + ", ".join(parts) + ".") if parts else p.headline
    return table, headline


def _scenario_hidden(rd: ReportData) -> tuple[str, ...]:
    """Council mode: the accommodations whose start occupancy the Übersicht hides (and "Gesamt"
    when the city total is hidden) – the same rule as the Szenarien page (docs/disclosure.md)."""
    if not rd.council:
        return ()
    from ankunft.views import scenario_view as pm

    return pm.hidden_start(rd.state, rd.cfg)


def section_scenario(rd: ReportData) -> Section | None:
    from ankunft import scenario as sc
    from ankunft.plots.scenario_charts import council_values
    from ankunft.views import scenario_view as pm

    runs = rd.scenario_runs
    if not runs:
        return None
    first = runs[0].result
    labels = first.month_labels
    hidden = _scenario_hidden(rd)
    persons = pm.TOTAL_HIDDEN not in hidden  # with the city total hidden, no person line at all

    def values(y) -> list[float]:  # council: whole persons/places, not the model's exact expectation
        return [float(v) for v in council_values(y, rd.council)]

    series = []
    if len(runs) == 1:
        m = first.monthly
        series = [Series("Plätze", values(m["capacity"]), palette.GREY),
                  Series("Plätze bei Zielauslastung", values(m["target_places"]), COLOUR_PLACES)]
        if persons:
            series.append(Series("Bedarf", values(m["demand"]), COLOUR_OCCUPANCY))
    else:
        if persons:
            series.append(Series("Bedarf", values(first.monthly["demand"]), COLOUR_OCCUPANCY))
        for i, run in enumerate(runs):
            series.append(Series(f"Plätze – {run.name}", values(run.result.monthly["capacity"]),
                                 palette.OKABE_ITO[(i + 1) % len(palette.OKABE_ITO)]))
    chart = ChartSpec("line", labels, series, y_title="Personen / Plätze")
    verdicts = [(run.name, sc.verdict(run.result), sc.verdict_variants(run.variants)) for run in runs]
    headline = short_verdict(verdicts[0][1])
    if len(runs) > 1:
        headline = f"{verdicts[0][0]}: {headline}"
    kpis = []
    for run in runs[:5]:
        kf = run.result.key_figures()
        kpis.append(Kpi(run.name, "umsetzbar" if kf["feasible"] else "nicht umsetzbar",
                        f"Fehlbedarf ab {fmt.month(kf['first_shortfall_month'])}" if kf["first_shortfall_month"]
                        is not None else run.result.variant_label))
    table = scenario_table([run.result for run in runs], [run.name for run in runs], hidden if rd.council else None)
    return Section(key="scenario", title=SECTION_LABELS["scenario"], headline=headline, kpis=kpis, chart=chart,
                   table=table, notes=_scenario_notes(rd, runs, verdicts), source=rd.state.source("accommodations"),
                   stichtag=first.start.stichtag, filters="ganze Stadt (Modellrechnung)")


def short_verdict(text: str) -> str:
    """The verdict's first clause (the slide headline): `Ab Juni 2027 fehlen … im Aug. 2031.`"""
    first = text.split("; ")[0].split(". Ohne ")[0].rstrip(".")
    return first + "."


def scenario_table(results: list, names: list[str], hidden=None) -> pd.DataFrame:
    """Key figures side by side (German text): Kennzahl, one column per scenario.

    ``hidden`` (council mode, :func:`ankunft.views.scenario_view.hidden_start`): transfers that
    would give a hidden start occupancy away read "•" (every person row when the total is hidden),
    as on the Szenarien page."""
    from ankunft import scenario as sc
    from ankunft.views import scenario_view as pm

    df = sc.compare(*results, names=names)
    out = {"Kennzahl": [sc.COMPARE_LABELS[k] for k in list(sc.COMPARE_LABELS)[1:]]}
    for i, (_, row) in enumerate(df.iterrows()):
        col = []
        for key in list(sc.COMPARE_LABELS)[1:]:
            v = row[key]
            if key == "variant":
                col.append(sc.VARIANT_LABELS[v])
            elif key == "feasible":
                col.append("ja" if v else "nein")
            elif key in ("first_shortfall_month", "first_unplaced_month"):
                col.append(fmt.month(v) if v is not None and not pd.isna(v) else "keiner")
            elif key in ("net_cost_total", "saving_total"):
                text = fmt.eur_compact(abs(v))
                col.append(("−" if v < 0 else "") + text)
            elif key == "extra_flats_per_month":
                col.append(fmt.integer(math.ceil(v - 1e-6)) if v > 1e-6 else "0")
            else:
                col.append(fmt.integer(math.ceil(v - 1e-9)) if key.startswith("max_") and v > 0.5 else fmt.integer(v))
        if hidden is not None and (pm.TOTAL_HIDDEN in set(hidden) or pm.transfers_hidden(results[i], hidden)):
            rows = pm.PERSON_ROWS if pm.TOTAL_HIDDEN in set(hidden) else pm.TRANSFER_ROWS
            hide = {sc.COMPARE_LABELS[k] for k in rows}
            col = [dc.HIDDEN_MARKER if label in hide else v for label, v in zip(out["Kennzahl"], col)]
        name = str(row["scenario"])
        out[name if name not in out else f"{name} ({i + 1})"] = col
    return pd.DataFrame(out)


def _scenario_notes(rd: ReportData, runs: list[ScenarioRun], verdicts) -> str:
    from ankunft import scenario as sc

    first = runs[0].result
    a = first.assumptions
    lines = [f"Modellrechnung ab {fmt.month(first.months[0])} über {fmt.integer(first.T)} Monate "
             f"({first.variant_label}); die Linien zeigen Plätze und Bedarf am Monatsbeginn."]
    for name, v, vv in verdicts:
        lines.append(f"{name}: {v} Über alle Zuweisungsvarianten: {vv}")
    closed = {k: v for k, v in a.closures.items() if v}
    names = dict(zip(first.start.accommodations["id"], first.start.accommodations["name"]))
    closures = "; ".join(f"{names.get(k, k)} ({fmt.month(pd.Timestamp(v + '-01'))})"
                         for k, v in sorted(closed.items(), key=lambda kv: kv[1])) or "keine"
    arrivals = ", ".join(f"{sc.VARIANT_LABELS[v]} {fmt.num(a.arrivals[v], 1)}" for v in sc.VARIANTS)
    moveout = fmt.pct(a.moveout_rate, 1)
    if rd.council:  # rates from the residents file rounded, "•" behind few persons (as on the page)
        from ankunft.scenario import inputs as sc_inputs
        from ankunft.views import scenario_view as pm

        shown = dict(zip(*pm.council_assumptions(a, first.start, rd.cfg)[["Annahme", "Wert"]].T.to_numpy()))
        arrivals = shown[sc_inputs.ASSUMPTION_LABELS["arrivals"]]
        moveout = shown[sc_inputs.ASSUMPTION_LABELS["moveout_rate"]]
    lines.append(
        f"Annahmen ({runs[0].name}): Schließungen: {closures}. Zuweisungen je Monat: {arrivals}"
        + f". Auszüge in Wohnungen: {moveout} der Auszugsberechtigten je Monat"
        + f"; Zielauslastung {fmt.pct(a.target_utilisation, 0)}, Reserve {fmt.integer(a.reserve_places)} Plätze.")
    if first.start.estimated:
        lines.append("Der Startbestand ist aus der Belegung geschätzt (keine Bewohnerdatei).")
    lines.append("Die Zahlen sind Erwartungswerte eines Modells, keine Zählung von Personen.")
    return _join(*lines)


SECTION_BUILDERS = {
    "kpis": section_kpis,
    "accommodations": section_accommodations,
    "length_of_stay": section_length_of_stay,
    "housing": section_housing,
    "services": section_services,
    "district_profile": section_district_profile,
    "scenario": section_scenario,
}


# ---------------------------------------------------------------------------------------------
# the report


def assumptions(rd: ReportData) -> list[tuple[str, str]]:
    s = rd.standards
    out = [
        ("Gebiet", rd.filters),
        ("Fokusgebiet", rd.focus_label),
        ("Lange Aufenthaltsdauer", f"ab {fmt.num(s.long_stay_years)} Jahren"),
        ("Warnschwelle Auslastung", fmt.pct(s.utilisation_alert, 0)),
        ("Wohnfläche je Person (Unterkunft)", fmt.m2(s.m2_per_person_accommodation, 1)),
    ]
    if rd.council:
        out.append(("Kleine Fallzahlen", f"Personenzahlen von 1 bis {rd.cfg.threshold} als „{rd.cfg.marker}“, "
                                         f"weitere Werte als „{dc.HIDDEN_MARKER}“ ausgeblendet"))
    return out


def sources(state: DataState) -> list[tuple[str, str, dt.date | None]]:
    return [(glossary.DATASETS[k].label, state.source(k), state.stichtag(k))
            for k in glossary.DATASET_KEYS if state.has(k)]


def report_from(rd: ReportData, sections: list[str], author: str = "") -> Report:
    """The report of the chosen sections (in the order of SECTION_KEYS) from prepared data."""
    unknown = [s for s in sections if s not in SECTION_BUILDERS]
    if unknown:
        raise ValueError(f"Unbekannte Abschnitte: {', '.join(unknown)}")
    built = []
    for key in SECTION_KEYS:
        if key in sections:
            section = SECTION_BUILDERS[key](rd)
            if section is not None:
                built.append(section)
    kpis = [rd.kpi_tile(k) for k in KPI_TILES if k in rd.kpis] if "kpis" in sections else []
    return Report(title=REPORT_TITLE, city=reference.CITY, stand=rd.stand, author=author.strip(), sections=built,
                  stamp=stamp(rd.state), council=rd.council, assumptions=assumptions(rd), sources=sources(rd.state),
                  kpis=kpis)


def build_report(state: DataState, previous: DataState | None = None, *, sections: list[str], council: bool = False,
                 author: str = "", focus_ids=reference.FOCUS_DEFAULT,
                 focus_label: str = reference.FOCUS_LABEL_DEFAULT, district_ids: list[str] | None = None,
                 disclosure_cfg: DisclosureConfig | None = None, scenarios: list | None = None,
                 district_geojson: dict | None = None) -> Report:
    """The council report (format-neutral) for the chosen sections; render it with
    `pptx.build`, `xlsx.build`, `html.build`."""
    rd = prepare(state, previous, council=council, focus_ids=focus_ids, focus_label=focus_label,
                 district_ids=district_ids, disclosure_cfg=disclosure_cfg, scenarios=scenarios,
                 district_geojson=district_geojson)
    return report_from(rd, list(sections), author)


def audit(rd: ReportData) -> list:
    """Hidden cells of the publication that can be recomputed exactly (empty = safe)."""
    if not rd.pub:
        return []
    return dc.audit_publication(rd.pub, rd.links)
