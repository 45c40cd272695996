"""View model of the Soziale Infrastruktur page: supply vs. demand, reachability, map, demand from accommodations.

:func:`build` computes everything for a data state, the district filter (else the focus area), the
demand rates and the mode. Counts of persons (children, waiting lists, residents) pass through
``ankunft.disclosure`` in council mode; shares of residents built on small counts are hidden; housing
clusters (private flats) are never named in council mode. The tables are built in
:mod:`ankunft.views.services_tables`.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import pandas as pd
import plotly.graph_objects as go

from ankunft.core import fmt, palette
from ankunft.core.reference import STANDARDS, Standards
from ankunft.disclosure import DEFAULT as DEFAULT_CFG
from ankunft.disclosure import DERIVED, DisclosureConfig, Figure
from ankunft.disclosure import ratsfassung as rf
from ankunft.indicators import accommodations as acc_mod
from ankunft.indicators import overview as ov_mod
from ankunft.indicators import reach, services, stays
from ankunft.indicators.areas import CITY_ID, FOCUS_ID, LEVEL_DISTRICT, area_label, normalise_ids
from ankunft.indicators.profile import current_occupancy
from ankunft.plots import charts, maps
from ankunft.storage.state import DataState
from ankunft.views import ratsfassung_data
from ankunft.views.common import Tile, change_text, count_figure, share_figure
from ankunft.views.services_tables import (
    children_publication,
    council_kita_raw,
    council_social_display,
    gaps_display,
    keep_areas,
    kita_display,
    offices_display,
    reach_display,
    school_display,
    social_display,
)

REACH_LIMIT_M = reach.GAP_LIMIT_M
ACCOMMODATION_COLOUR = palette.ACCENT
DEFAULT_RATES = (STANDARDS.kita_rate_under_2, STANDARDS.kita_rate_2, STANDARDS.kita_rate_3_5)
RATE_LABELS = ("unter 2 Jahren", "2 Jahre", "3 bis 5 Jahre")
MAP_CATEGORIES = ("Kita", "Grundschule", "Beratung", "Quartiersbüro")  # shown on the map at first


def rates(under_2: float = STANDARDS.kita_rate_under_2, age_2: float = STANDARDS.kita_rate_2,
          age_3_5: float = STANDARDS.kita_rate_3_5, standards: Standards = STANDARDS) -> Standards:
    """The standards with the Kita demand rates set (shares 0..1)."""
    return replace(standards, kita_rate_under_2=float(under_2), kita_rate_2=float(age_2), kita_rate_3_5=float(age_3_5))


def rates_percent(kita_rates: tuple[float, float, float] = DEFAULT_RATES) -> list[float]:
    """The demand rates as the page's inputs show them (per cent, one decimal)."""
    return [round(r * 100, 1) for r in kita_rates]


def rates_from_percent(under_2: float, age_2: float, age_3_5: float) -> tuple[float, float, float]:
    """The page's inputs (per cent) as demand rates (shares 0..1)."""
    return under_2 / 100, age_2 / 100, age_3_5 / 100


def rates_note(kita_rates: tuple[float, float, float]) -> str | None:
    """The changed demand rates in words; None for the committee's rates."""
    if kita_rates == DEFAULT_RATES:
        return None
    return "Bedarfsquoten: " + ", ".join(f"{label} {fmt.pct(r, 1)}" for label, r in zip(RATE_LABELS, kita_rates)) \
        + " (geändert)."


def _frame(state: DataState, key: str) -> pd.DataFrame | None:
    return state.df(key) if state.has(key) else None


def _area(district_ids, focus_ids) -> tuple[list[str], str]:
    """The area the headline and the tiles describe: the filter, else the focus area."""
    ids = normalise_ids(district_ids)
    if ids:
        return ids, area_label(ids)
    focus = normalise_ids(focus_ids) or []
    return focus, area_label(focus)


# --- charts ----------------------------------------------------------------------------------
def children_figure(table: pd.DataFrame, council: bool = False) -> go.Figure:
    """Grouped bars per district: children 0–5 and 6–17 in accommodations (hidden cells left out)."""
    rows = []
    for _, r in table[(table["district_id"] != "Gesamt").to_numpy()].iterrows():
        for col, label in (("children_0_5", "Kinder 0–5"), ("children_6_17", "Kinder 6–17")):
            f = r[col]
            if f.suppressed or f.value is None:
                continue
            rows.append({"district": r["Stadtteil"], "group": label, "children": f.value})
    d = pd.DataFrame(rows, columns=["district", "group", "children"])
    fig = charts.bar(d, "district", "children", "group", orientation="h",
                     title="Kinder in Unterkünften nach Stadtteil", labels={"children": "Kinder", "district": ""},
                     category_order=["Kinder 0–5", "Kinder 6–17"], council=council)
    fig.update_layout(height=max(320, 150 + (56 if council else 40) * d["district"].nunique()))
    return fig


def kita_figure(kita: pd.DataFrame, district_ids=None, council: bool = False) -> go.Figure:
    """Places against demand per district (grouped bars)."""
    d = keep_areas(kita, district_ids)
    d = d[(d["level"] == LEVEL_DISTRICT).to_numpy()]
    long = pd.concat([
        pd.DataFrame({"area": d["area"], "measure": "Bedarf", "value": d["demand"]}),
        pd.DataFrame({"area": d["area"], "measure": "Plätze", "value": d["places"]}),
    ], ignore_index=True)
    colours = {"Bedarf": palette.CATEGORY_COLOURS["Bedarf"], "Plätze": palette.ACCENT}
    fig = charts.bar(long, "area", "value", "measure", orientation="h", title="Kita-Plätze und Bedarf je Stadtteil",
                     labels={"value": "Plätze", "area": ""}, colours=colours, category_order=["Bedarf", "Plätze"],
                     council=council)
    fig.update_layout(height=max(320, 150 + (44 if council else 30) * len(d)))
    return fig


# --- map -------------------------------------------------------------------------------------
def accommodation_marks(points: pd.DataFrame) -> maps.Layer:
    """Accommodations as plain markers (name only: this page is about places, not occupancy)."""
    p = points[(points["lat"].notna() & points["lon"].notna()).to_numpy()]
    names = [str(n) for n in p["name"]]
    df = pd.DataFrame({"lat": p["lat"].to_numpy(dtype="float64"), "lon": p["lon"].to_numpy(dtype="float64"),
                       "radius_m": 60.0, "colour": ACCOMMODATION_COLOUR,
                       "tooltip": [f"<b>{maps.esc(n)}</b><br/>Unterkunft" for n in names],
                       "hover": [f"{n}<br>Unterkunft" for n in names]})
    return maps.Layer("accommodation_marks", "Unterkünfte", points=df, legend=(("Unterkunft", ACCOMMODATION_COLOUR),))


# --- tiles and headline ----------------------------------------------------------------------
def _kita_values(state: DataState | None, ids: list[str], standards: Standards) -> dict:
    """Kita coverage and shortfall of the area and the city's coverage for one data state."""
    if state is None:
        return {}
    sv, dd = _frame(state, "services"), _frame(state, "districts")
    out: dict = {}
    if sv is None or dd is None:
        return out
    demand = services.kita_demand(dd, ids, standards)
    places = services.kita_places(sv, ids)
    if demand is not None and places is not None and demand["total"] > 0:
        out["kita_coverage"] = places / demand["total"]
        out["kita_shortfall"] = max(demand["total"] - places, 0.0)
    city_demand = services.kita_demand(dd, None, standards)
    city_places = services.kita_places(sv, None)
    if city_demand is not None and city_places is not None and city_demand["total"] > 0:
        out["kita_city"] = city_places / city_demand["total"]
    return out


def _other_values(state: DataState | None, ids: list[str], standards: Standards, council: bool, cfg,
                  school: pd.DataFrame | None = None, children: pd.DataFrame | None = None) -> dict:
    """Grundschule coverage and children in accommodations of the area for one data state.

    ``school``/``children``: the tables when the caller has them already (school_supply with the
    area as focus, accommodation_children). Council mode: no children tile here (the caller takes it
    from the Stand's Ratsfassung; nothing is protected on its own)."""
    if state is None:
        return {}
    sv, dd = _frame(state, "services"), _frame(state, "districts")
    out: dict = {}
    if sv is not None and dd is not None:
        if school is None:
            school = services.school_supply(sv, dd, ids, standards)
        row = school[(school["area_id"] == FOCUS_ID).to_numpy()]
        if len(row) and pd.notna(row.iloc[0]["coverage"]):
            out["school_coverage"] = float(row.iloc[0]["coverage"])
    if council:
        return out
    if children is None:
        roster = _roster(state)
        if roster is not None:
            children = services.accommodation_children(roster, state.stichtag("residents") or state.stand,
                                                       _frame(state, "accommodations"))
    if children is not None:
        sel = children[children["district_id"].isin(ids).to_numpy()]
        out["children"] = count_figure(float(sel["children_0_5"].sum() + sel["children_6_17"].sum()), council, cfg)
    return out


def council_ratios(values: dict, pub: rf.Ratsfassung | None, name: str, focus_name: str, cols,
                   focus_keys: tuple[str, ...], city_keys: tuple[str, ...] = ()) -> dict:
    """Council mode: the tiles' ratios of the focus area (and of the city) computed from child counts
    are hidden ("•") where the Ratsfassung hides one of those counts, as the table hides them in the
    row; without the Stand's Ratsfassung (``pub`` None: the previous Stand has none) they are dropped."""
    if pub is None:
        return {k: v for k, v in values.items() if k not in (*focus_keys, *city_keys)}
    out = dict(values)
    for keys, table, row in ((focus_keys, focus_name, rf.FOCUS), (city_keys, name, rf.TOTAL)):
        if any(pub.cell(table, row, c).suppressed for c in cols):
            out.update({k: Figure(None, DERIVED, "share", pub.cfg, 0) for k in keys if k in out})
    return out


def _ratio_text(v, text) -> str:
    return v.text if isinstance(v, Figure) else text(v)


def _ratio_change(now, before, kind: str = "count") -> str | None:
    """A tile's change; none when either value is hidden (a Figure)."""
    return None if isinstance(now, Figure) or isinstance(before, Figure) else change_text(now, before, kind)


def _roster(state: DataState) -> pd.DataFrame | None:
    if not state.has("residents"):
        return None
    stays_df = stays.attach_accommodation_ids(state.df("residents"), _frame(state, "accommodations"))
    r = stays.roster(stays_df, state.stichtag("residents") or state.stand)
    return None if not isinstance(r, pd.DataFrame) else r


def tiles(now: dict, before: dict | None, reach_share: Figure | None, label: str) -> list[Tile]:
    """KPI tiles: Kita coverage, missing Kita places, Grundschule coverage, children in accommodations, reach."""
    before = before or {}
    out = [
        Tile("kita_coverage", "Kita-Versorgung", _ratio_text(now.get("kita_coverage"), fmt.share),
             _ratio_change(now.get("kita_coverage"), before.get("kita_coverage"), "pct"),
             f"{label}: Kita-Plätze geteilt durch den Bedarf (Kinder je Altersgruppe × Bedarfsquote). "
             f"Stadt: {_ratio_text(now.get('kita_city'), fmt.share)}."),
        Tile("kita_shortfall", "Fehlende Kita-Plätze", _ratio_text(now.get("kita_shortfall"), fmt.integer),
             _ratio_change(now.get("kita_shortfall"), before.get("kita_shortfall")),
             "Bedarf minus Plätze (0, wenn gedeckt).", inverse=True),
        Tile("school_coverage", "Grundschulplätze je Kind 6–9", _ratio_text(now.get("school_coverage"), fmt.share),
             _ratio_change(now.get("school_coverage"), before.get("school_coverage"), "pct"),
             "Grundschulplätze geteilt durch die Kinder von 6 bis 9 Jahren."),
    ]
    ch = now.get("children")
    prev_ch = before.get("children")
    out.append(Tile("children", "Kinder in Unterkünften", ch.text if ch is not None else fmt.MISSING,
                    None if ch is None or prev_ch is None or ch.suppressed or prev_ch.suppressed
                    else change_text(ch.value, prev_ch.value),
                    "Kinder von 0 bis 17 Jahren, die am Stichtag in Unterkünften im Gebiet leben (Bewohnerdatei)."))
    out.append(Tile("reach", f"Alles binnen {fmt.integer(REACH_LIMIT_M)} m",
                    reach_share.text if reach_share is not None else fmt.MISSING, None,
                    "Anteil der Bewohner (Unterkünfte und geprüfte Wohnobjekte), die Kita, Grundschule, Beratung "
                    "und Quartiersbüro jeweils binnen 1.000 m Luftlinie erreichen."))
    return out


def headline(now: dict, reach_share: Figure | None, label: str, has_services: bool) -> str:
    if not has_services:
        return f"{label}: Für Angebot und Erreichbarkeit fehlen die Daten zur sozialen Infrastruktur."
    parts = []
    cov = now.get("kita_coverage")
    if isinstance(cov, Figure):  # council: hidden, it rests on a hidden child count
        parts.append(f"{label}: Die Kita-Versorgung beruht auf kleinen Kinderzahlen und wird nicht gezeigt.")
    elif cov is not None:
        city = _ratio_text(now.get("kita_city"), fmt.share)
        text = f"{label}: Das Kita-Angebot deckt {fmt.share(cov)} des Bedarfs (Stadt {city})"
        short = now.get("kita_shortfall") or 0.0
        text += f", es fehlen rund {fmt.plural(round(short), 'Platz', 'Plätze')}" if short >= 0.5 else ""
        parts.append(text + ".")
    else:
        parts.append(f"{label}: Für die Kita-Versorgung fehlen Plätze oder Kinderzahlen.")
    if reach_share is not None and reach_share.value is not None:
        parts.append(f"{reach_share.text} der Bewohner erreichen alle Grundangebote binnen "
                     f"{fmt.integer(REACH_LIMIT_M)} m Luftlinie.")
    return " ".join(parts)


# --- the model -------------------------------------------------------------------------------
@dataclass
class ServicesModel:
    area_ids: list[str]
    area_label: str
    has_services: bool
    has_districts: bool
    has_origins: bool
    council: bool
    headline: str = ""
    tiles: list[Tile] = field(default_factory=list)
    kita_raw: pd.DataFrame = field(default_factory=pd.DataFrame)
    kita: pd.DataFrame = field(default_factory=pd.DataFrame)
    kita_note: str | None = None
    school: pd.DataFrame = field(default_factory=pd.DataFrame)
    school_note: str | None = None
    offices: pd.DataFrame = field(default_factory=pd.DataFrame)
    social: pd.DataFrame = field(default_factory=pd.DataFrame)
    social_note: str | None = None
    children: pd.DataFrame = field(default_factory=pd.DataFrame)  # Figures, see children_table
    children_note: str | None = None
    has_residents: bool = False
    reach: pd.DataFrame = field(default_factory=pd.DataFrame)
    gaps: pd.DataFrame = field(default_factory=pd.DataFrame)
    long: pd.DataFrame = field(default_factory=pd.DataFrame)  # nearest services per accommodation
    accommodations: pd.DataFrame = field(default_factory=pd.DataFrame)  # point_id, name, lat, lon
    services: pd.DataFrame = field(default_factory=pd.DataFrame)  # located services for the map
    service_categories: list[str] = field(default_factory=list)
    reach_share: Figure | None = None
    values: dict = field(default_factory=dict)
    previous_values: dict = field(default_factory=dict)


def _reach_share(long: pd.DataFrame, ids: list[str], cfg: DisclosureConfig) -> Figure | None:
    """Working mode: the weighted share of the area's residents with every basic service within reach."""
    share = reach.all_within_share(long, REACH_LIMIT_M, ids)
    if share is None:
        return None
    first = long["category"].iloc[0] if len(long) else None
    weight = float(long[(long["district_id"].isin(ids) & (long["category"] == first)).to_numpy()]["weight"].sum())
    return share_figure(share * weight, weight, False, cfg, decimals=0) if weight > 0 else \
        share_figure(share, 1.0, False, cfg, decimals=0)


def council_reach_share(pub: rf.Ratsfassung | None, ids: list[str], focus_ids) -> Figure | None:
    """Council mode: the reach tile is the Ratsfassung's relation "binnen" ÷ row total of the area (the
    focus area, one district or the city; in whole per cent, ``•`` where hidden or withheld); None when
    the Ratsfassung has no reach table (no services or origins)."""
    if pub is None or (rf.REACH not in pub.tables and rf.REACH not in pub.withheld):
        return None
    area = rf.FOCUS if list(ids) == list(focus_ids or []) and ids else (ids[0] if len(ids) == 1 else rf.TOTAL)
    return rf.reach_share(pub, area)


def sites_per_area(state: DataState, focus_ids) -> dict[str, float]:
    """Accommodations in operation with known occupancy per district, focus area and city (the
    sites the Ratsfassung's residents per area sum up)."""
    table = ov_mod.inputs(state, None).table
    t = acc_mod.open_only(table) if len(table) else table
    t = t[t["occupancy"].notna().to_numpy()] if len(t) else t
    counts = t["district_id"].value_counts() if len(t) else pd.Series(dtype="int64")
    out = {str(d): float(n) for d, n in counts.items()}
    out[CITY_ID] = float(len(t))
    out[FOCUS_ID] = float(sum(counts.get(d, 0) for d in (focus_ids or [])))
    return out


def build_base(state: DataState, previous: DataState | None, district_ids: list[str] | None,
               focus_ids: list[str], council: bool, standards: Standards = STANDARDS,
               cfg: DisclosureConfig = DEFAULT_CFG) -> ServicesModel:
    """Everything that does not depend on the Kita demand rates (schools, offices, social work,
    children in accommodations, reachability, map data)."""
    cfg = ratsfassung_data.council_cfg(state, cfg) if council else cfg  # the Stand's recorded threshold
    ids, label = _area(district_ids, focus_ids)
    sv, dd, acc, hh = (_frame(state, k) for k in ("services", "districts", "accommodations", "housing"))
    model = ServicesModel(ids, label, sv is not None, dd is not None, acc is not None or hh is not None, council,
                          has_residents=state.has("residents"))
    focus = normalise_ids(focus_ids)
    # council mode: every count of persons from the Stand's Ratsfassung (issue 15)
    rats = ratsfassung_data.for_stand(state, previous, focus or [], cfg) if council else None
    school_area = None
    if sv is not None:
        school = services.school_supply(sv, dd, focus, standards)
        model.school, model.school_note = school_display(school, council, focus, district_ids, cfg, rats)
        school_area = school if list(focus or []) == list(ids) else None
        model.offices = offices_display(services.offices_per_1000(sv, dd, focus), district_ids)
        located = sv[(sv["lat"].notna() & sv["lon"].notna()).to_numpy()]
        model.services = located[["id", "name", "category", "lat", "lon", "capacity"]].reset_index(drop=True)
        model.service_categories = sorted(located["category"].dropna().astype("str").unique())
    occupancy = current_occupancy({"residents": _frame(state, "residents"), "accommodations": acc},
                                  state.stichtag("residents") or state.stand)
    if acc is not None:
        social = services.social_work_by_area(acc, occupancy, focus, standards)
        if council:  # residents from the Ratsfassung, never a separately protected sum (issue 15)
            model.social, model.social_note = council_social_display(social, rats, sites_per_area(state, focus),
                                                                     standards)
        else:
            model.social, model.social_note = social_display(social, council, focus, district_ids, standards, cfg)
        pts = reach.accommodation_points(acc, occupancy)
        model.accommodations = pts[["point_id", "name", "district_id", "lat", "lon"]].reset_index(drop=True)
    roster = _roster(state)
    children = None
    children_tile = None
    if roster is not None:
        children = services.accommodation_children(roster, state.stichtag("residents") or state.stand, acc)
        model.children, model.children_note, children_tile = children_publication(children, council, district_ids,
                                                                                   ids, cfg, rats)
    if sv is not None and model.has_origins:
        stichtag = state.stichtag("housing") or state.stand
        long = reach.reach_table(acc, hh, sv, stichtag, occupancy)
        sel_ids = normalise_ids(district_ids)
        # council mode: the shares are relations of the Ratsfassung's reach cells (issue 15), never raw weights
        model.reach = reach_display(reach.reach_shares(long, sel_ids), council, cfg, rats)
        model.gaps = gaps_display(reach.reach_gaps(long, REACH_LIMIT_M, sel_ids), council)
        model.long = long[(long["kind"] == reach.KIND_ACCOMMODATION).to_numpy()].reset_index(drop=True)
        model.reach_share = council_reach_share(rats, ids, focus) if council else _reach_share(long, ids, cfg)
    model.values = _other_values(state, ids, standards, council, cfg, school_area, children)
    if children_tile is not None:  # council: the tile from the same publication as the children table
        model.values["children"] = children_tile
    model.previous_values = _other_values(previous, ids, standards, council, cfg)
    if council:
        model.values = council_ratios(model.values, rats, rf.SCHOOL, rf.SCHOOL_FOCUS, rf.SCHOOL_COLS[:1],
                                      ("school_coverage",))
        model.previous_values = council_ratios(model.previous_values, rats.previous, rf.SCHOOL, rf.SCHOOL_FOCUS,
                                               rf.SCHOOL_COLS[:1], ("school_coverage",))
    if council and previous is not None and children_tile is not None:
        # the previous Stichtag's tile as its Ratsfassung published it: a change against a figure
        # that was hidden then would give it away now
        before = rats.previous if rats is not None else None
        if before is not None and before.has(rf.CHILDREN_FOCUS, rf.CHILDREN_FOCUS):
            model.previous_values["children"] = before.cell(rf.CHILDREN_FOCUS, rf.CHILDREN_FOCUS)
    return model


@dataclass
class KitaPart:
    """The Kita part of the page: depends on the demand rates (sliders)."""

    raw: pd.DataFrame
    display: pd.DataFrame
    note: str | None
    values: dict
    previous_values: dict


def build_kita(state: DataState, previous: DataState | None, district_ids: list[str] | None, focus_ids: list[str],
               council: bool, kita_rates: tuple[float, float, float] = DEFAULT_RATES,
               standards: Standards = STANDARDS, cfg: DisclosureConfig = DEFAULT_CFG) -> KitaPart:
    """Kita supply vs. demand with the given demand rates (under 2, age 2, age 3–5)."""
    cfg = ratsfassung_data.council_cfg(state, cfg) if council else cfg  # the Stand's recorded threshold
    std = rates(*kita_rates, standards=standards)
    ids, _ = _area(district_ids, focus_ids)
    sv, dd = _frame(state, "services"), _frame(state, "districts")
    focus = normalise_ids(focus_ids)
    if sv is None:
        return KitaPart(pd.DataFrame(), pd.DataFrame(), None, {}, {})
    kita = services.kita_supply(sv, dd, focus, std)
    # council mode: the counts of persons are the Stand's Ratsfassung's (issue 15)
    rats = ratsfassung_data.for_stand(state, previous, focus or [], cfg) if council else None
    display, note = kita_display(kita, council, focus, district_ids, cfg, rats)
    now, before = _kita_values(state, ids, std), _kita_values(previous, ids, std)
    if council:
        keys = ("kita_coverage", "kita_shortfall"), ("kita_city",)
        now = council_ratios(now, rats, rf.KITA, rf.KITA_FOCUS, rf.KITA_COLS[:3], *keys)
        before = council_ratios(before, rats.previous, rf.KITA, rf.KITA_FOCUS, rf.KITA_COLS[:3], *keys)
        kita = council_kita_raw(kita, rats)  # the chart's demand bars of hidden rows left out
    return KitaPart(kita, display, note, now, before)


def combine(base: ServicesModel, kita: KitaPart) -> ServicesModel:
    """The page model: the base with the Kita part, tiles and headline."""
    model = replace(base, kita_raw=kita.raw, kita=kita.display, kita_note=kita.note)
    now = {**base.values, **kita.values}
    before = {**base.previous_values, **kita.previous_values}
    model.tiles = tiles(now, before, base.reach_share, base.area_label)
    model.headline = headline(now, base.reach_share, base.area_label, base.has_services)
    return model


def build(state: DataState, previous: DataState | None, district_ids: list[str] | None, focus_ids: list[str],
          council: bool, kita_rates: tuple[float, float, float] = DEFAULT_RATES,
          standards: Standards = STANDARDS, cfg: DisclosureConfig = DEFAULT_CFG) -> ServicesModel:
    """Everything the Soziale Infrastruktur page shows (the page caches the two parts separately)."""
    return combine(build_base(state, previous, district_ids, focus_ids, council, standards, cfg),
                   build_kita(state, previous, district_ids, focus_ids, council, kita_rates, standards, cfg))


def selected_point(model: ServicesModel, point_id: str) -> tuple[float, float, str] | None:
    """(lat, lon, name) of an accommodation of the model."""
    p = model.accommodations[(model.accommodations["point_id"] == point_id).to_numpy()]
    if p.empty:
        return None
    r = p.iloc[0]
    return float(r["lat"]), float(r["lon"]), str(r["name"])


def map_layers(model: ServicesModel, categories: list[str], point_id: str | None) -> list[maps.Layer]:
    """Service layer (chosen categories), accommodations and the 500 m / 1.000 m rings around one of them."""
    layers = []
    if not model.services.empty and categories:
        layers.append(maps.service_layer(model.services, categories))
    if not model.accommodations.empty:
        layers.append(accommodation_marks(model.accommodations))
    if point_id is not None:
        sel = selected_point(model, point_id)
        if sel is not None:
            layers.append(maps.ring_layer(sel[0], sel[1], reach.THRESHOLDS_M, sel[2]))
    return layers


# --- page choices and texts ------------------------------------------------------------------
def default_categories(model: ServicesModel) -> list[str]:
    """The service categories the map shows at first (those of :data:`MAP_CATEGORIES` present)."""
    return [c for c in MAP_CATEGORIES if c in model.service_categories]


def point_choices(model: ServicesModel) -> tuple[list[str], dict[str, str]]:
    """The accommodations the rings can be drawn around: point ids and their names."""
    acc = model.accommodations
    options = list(acc["point_id"]) if not acc.empty else []
    return options, dict(zip(acc.get("point_id", []), acc.get("name", [])))


def gaps_title(model: ServicesModel) -> str:
    return f"Lücken: weiter als {fmt.integer(REACH_LIMIT_M)} m ({len(model.gaps)})"


@dataclass(frozen=True)
class Captions:
    """The texts under the parts of the page (beside source, Stichtag and filters)."""

    map: str
    kita_chart: str
    children_chart: str
    kita_table: str
    children_table: str
    school: str
    social: str
    reach: str


def captions(model: ServicesModel) -> Captions:
    """The page's captions: the disclosure notes where there are any, else what the view shows."""
    return Captions(
        map="Ringe: 500 m und 1.000 m Luftlinie",
        kita_chart=model.kita_note or "Bedarf aus den Kinderzahlen der Statistikstelle",
        children_chart=model.children_note or "Alter im Jahr des Stichtags",
        kita_table=model.kita_note or "",
        children_table=model.children_note or "",
        school=model.school_note or "",
        social=model.social_note or "Standard: 1 Fachkraft je 50 Bewohner",
        reach="Anteile gewichtet mit den Bewohnern; Fußwege sind länger als die Luftlinie",
    )
