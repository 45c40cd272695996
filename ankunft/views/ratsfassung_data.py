"""The counts of a Stand for its Ratsfassung, and the Ratsfassung itself (built once per Stand).

Council screens and exports call :func:`for_stand` and take every person count from the returned
:class:`~ankunft.disclosure.ratsfassung.Ratsfassung`; the previous Stand's Ratsfassung is built from
the previous state in the same way and travels along, so comparisons use what was published then.
Always the whole city: council mode has no district or other filters.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from ankunft import disclosure
from ankunft.core import reference
from ankunft.core.identity_cache import IdentityCache
from ankunft.disclosure import DisclosureConfig
from ankunft.disclosure import ratsfassung as rf
from ankunft.disclosure import ratsfassung_blocks as rf_blocks
from ankunft.indicators import Unavailable
from ankunft.indicators import accommodations as acc_mod
from ankunft.indicators import housing as housing_mod
from ankunft.indicators import overview as ov_mod
from ankunft.indicators import profile as profile_mod
from ankunft.indicators import reach as reach_mod
from ankunft.indicators import services as services_mod
from ankunft.indicators import stays as stays_mod
from ankunft.indicators.areas import LEVEL_CITY, LEVEL_DISTRICT
from ankunft.storage.state import DataState
from ankunft.views import housing_counts as hv
from ankunft.views import report_publication as rp

LONG_BANDS = ("3–5 Jahre", "> 5 Jahre")  # together: at least three years (the long-stay rule)
BAND_YEARS = {"< 1 Jahr": (0, 1), "1–3 Jahre": (1, 3), "3–5 Jahre": (3, 5), "> 5 Jahre": (5, None)}


def band_label(members) -> str:
    """German label of merged length-of-stay bands: "bis 3 Jahre", "länger als 3 Jahre", "1–5 Jahre"."""
    if len(members) == 1 or any(m not in BAND_YEARS for m in members):
        return str(members[0]) if len(members) == 1 else f"{members[0]} bis {members[-1]}"
    lo, hi = BAND_YEARS[members[0]][0], BAND_YEARS[members[-1]][1]
    if lo == 0:
        return "alle" if hi is None else f"bis {hi} Jahre"
    return f"länger als {lo} Jahre" if hi is None else f"{lo}–{hi} Jahre"


def band_members(label: str) -> tuple[str, ...]:
    """The bands behind a (possibly merged) label of :func:`band_label`: "bis 3 Jahre" -> the first two."""
    order = list(BAND_YEARS)
    for i in range(len(order)):
        for j in range(i, len(order)):
            if band_label(order[i:j + 1]) == label:
                return tuple(order[i:j + 1])
    return (label,)


def long_columns(labels) -> list[str] | None:
    """The published band labels that make up exactly "three years and more" (None when a merged band
    straddles three years or the bands are missing)."""
    picked = [lab for lab in labels if set(band_members(lab)) <= set(LONG_BANDS)]
    got = {b for lab in picked for b in band_members(lab)}
    return picked if got == set(LONG_BANDS) else None


def open_roster(data: ov_mod.OverviewInputs) -> pd.DataFrame | None:
    """Current residents of accommodations in operation (None without a residents file)."""
    if isinstance(data.roster, Unavailable):
        return None
    keys = set(acc_mod.open_only(data.table)["key"]) if len(data.table) else set()
    return data.roster[data.roster["accommodation_id"].isin(keys).to_numpy()]


def counts(state: DataState, focus_ids: Iterable[str]) -> rf.Counts:
    """What the Ratsfassung of this Stand publishes, as true counts."""
    data = ov_mod.inputs(state, None)
    table = acc_mod.open_only(data.table) if len(data.table) else data.table
    known = table[table["occupancy"].notna().to_numpy()] if len(table) else table
    occupancy = pd.Series(known["occupancy"].to_numpy(dtype="float64") if len(known) else [],
                          index=pd.Index(list(known["key"]) if len(known) else [], dtype="object"), dtype="float64")
    district_of = {k: (d if isinstance(d, str) and d else rf.NO_DISTRICT)
                   for k, d in zip(known["key"], known["district_id"])} if len(known) else {}
    districts = list(ov_mod.district_table(data, list(focus_ids))["district_id"]) if len(data.table) else []
    roster = open_roster(data)
    bands = entitled = per_site = None
    if roster is not None:
        b = stays_mod.length_of_stay_bands(roster)
        if not isinstance(b, Unavailable):
            bands = pd.Series(b["count"].to_numpy(dtype="float64"), index=list(b["band"]), dtype="float64")
        per_site = los_wide(roster)
        n = stays_mod.entitled_count(roster)
        entitled = None if n is None else float(n)
    housing, types, type_columns = housing_counts(state)
    space, months, dates = housing_charts(state)
    long = reach_long(state)
    types_body, type_sites = reach_type_counts(long)
    return rf.Counts(state.stand, occupancy, district_of, districts, list(focus_ids), bands, LONG_BANDS, entitled,
                     per_site, housing, types, type_columns, children_counts(state), space,
                     {hv.SPACE_GROUPS[0]: "overcrowded"}, months, dates,
                     (state.stichtag("housing") or state.stand) if state.has("housing") else None, band_label,
                     *infrastructure_counts(state), *reach_rows(long), reach_types=types_body,
                     reach_type_sites=type_sites, known_columns=dict(hv.KNOWN_COLUMNS), reach_sites=reach_sites(long))


def area_body(table: pd.DataFrame, cols) -> pd.DataFrame | None:
    """The district rows of an area table (``services.kita_supply``/``school_supply``) as whole counts,
    missing ones as 0, with the city's counts in no listed district as the row ``ohne Stadtteil`` (so
    that the rows add up to the city row): the same set the per-table protection used to protect."""
    cols = list(cols)
    if table is None or len(table) == 0:
        return None
    dist = table[(table["level"] == LEVEL_DISTRICT).to_numpy()]
    body = pd.DataFrame(dist[cols].to_numpy(dtype="float64"), columns=cols,
                        index=pd.Index([str(a) for a in dist["area_id"]], dtype="object")).fillna(0.0).round()
    city = table[(table["level"] == LEVEL_CITY).to_numpy()]
    if len(city):
        rest = (city.iloc[0][cols].astype("float64").fillna(0.0).round() - body.sum()).clip(lower=0.0)
        if (rest > 0).any():
            body.loc[rf.NO_DISTRICT] = rest.to_numpy()
    return body if len(body) else None


def reach_long(state: DataState) -> pd.DataFrame | None:
    """The nearest service per origin and category, weighted as the Stadtteilprofil weighs them (residents
    of the accommodations at the Stand, residents or objects of the inspected objects' clusters); None
    without services or origins."""
    frames = profile_mod._frames(state)
    if frames.get("services") is None or (frames.get("accommodations") is None and frames.get("housing") is None):
        return None
    occupancy = profile_mod.current_occupancy(frames, state.stand)
    return reach_mod.reach_table(frames.get("accommodations"), frames.get("housing"), frames["services"],
                                 state.stand, occupancy=occupancy)


def _located(long: pd.DataFrame) -> list:
    return [c for c in dict.fromkeys(long["category"]) if long.loc[long["category"] == c, "distance_m"].notna().any()]


def reach_type_counts(long: pd.DataFrame | None) -> tuple[pd.DataFrame | None, dict]:
    """Residents (whole weights) per origin kind (accommodations, housing objects, all) and located service
    category, by the distance of the nearest service: ``near`` (≤ 500 m), ``mid`` (≤ 1.000 m), ``far``; and
    for the accommodations' rows the accommodation keys in each band. (None, {}) without a located service."""
    if long is None or long.empty or not _located(long):
        return None, {}
    near_m, mid_m = rf_blocks.REACH_BAND_LIMITS
    kinds = [k for k in (reach_mod.KIND_ACCOMMODATION, reach_mod.KIND_HOUSING) if (long["kind"] == k).any()]
    rows, sites = {}, {}
    for kind in [*kinds, reach_mod.KIND_ALL]:
        part = long if kind == reach_mod.KIND_ALL else long[(long["kind"] == kind).to_numpy()]
        for cat in _located(long):
            c = part[(part["category"] == cat).to_numpy()]
            dist = c["distance_m"].to_numpy(dtype="float64")
            band = np.where(dist <= near_m, "near", np.where(dist <= mid_m, "mid", "far"))  # none located: far
            w = c["weight"].astype("float64").fillna(0.0).round().to_numpy()
            key = rf_blocks.row_key(kind, cat)
            rows[key] = {b: float(w[band == b].sum()) for b in rf_blocks.REACH_BANDS}
            if kind == reach_mod.KIND_ACCOMMODATION:
                ids = c["point_id"].astype("str").to_numpy()
                sites[key] = {b: tuple(ids[band == b]) for b in rf_blocks.REACH_BANDS}
    body = pd.DataFrame.from_dict(rows, orient="index", columns=list(rf_blocks.REACH_BANDS)).astype("float64")
    body.index = pd.Index([str(k) for k in body.index], dtype="object")
    return body, sites


def _worst(long: pd.DataFrame) -> pd.DataFrame:
    """Per origin: the distance to the farthest of its nearest services (located categories), its weight
    and district id (``NO_DISTRICT`` outside the known districts)."""
    sel = long[long["category"].isin(_located(long)).to_numpy()]
    worst = sel.groupby(["kind", "point_id"], sort=False).agg(
        distance_m=("distance_m", "max"), weight=("weight", "first"), district_id=("district_id", "first"))
    valid = {d.id for d in reference.DISTRICTS}
    worst["area"] = [d if isinstance(d, str) and d in valid else rf.NO_DISTRICT for d in worst["district_id"]]
    return worst


def reach_sites(long: pd.DataFrame | None, limit_m: float = reach_mod.GAP_LIMIT_M) -> dict:
    """District -> ``within``/``beyond`` -> the accommodation keys counted there in :func:`reach_rows` (a
    reader knows them: Soziale Infrastruktur names every accommodation beyond the distance)."""
    if long is None or long.empty or not _located(long):
        return {}
    worst = _worst(long)
    acc = worst[(worst.index.get_level_values("kind") == reach_mod.KIND_ACCOMMODATION)]
    out: dict = {}
    for (_, pid), d, dist in zip(acc.index, acc["area"], acc["distance_m"]):
        side = "within" if dist <= limit_m else "beyond"
        cols = out.setdefault(str(d), {"within": (), "beyond": ()})
        cols[side] = (*cols[side], str(pid))
    return out


def reach_counts(state: DataState, limit_m: float = reach_mod.GAP_LIMIT_M
                 ) -> tuple[pd.DataFrame | None, pd.DataFrame | None]:
    """Residents whose nearest service of every located category lies within ``limit_m`` (``within``) or
    not (``beyond``) per district, weighted as the Stadtteilprofil weighs them (:func:`reach_long`), and the
    same rows split by source (accommodations / housing). (None, None) without services or origins."""
    return reach_rows(reach_long(state), limit_m)


def reach_rows(long: pd.DataFrame | None, limit_m: float = reach_mod.GAP_LIMIT_M
               ) -> tuple[pd.DataFrame | None, pd.DataFrame | None]:
    """:func:`reach_counts` from the table of :func:`reach_long`."""
    located = [] if long is None or long.empty else _located(long)
    if not located:
        return None, None
    worst = _worst(long)
    did = list(worst["area"])
    w = worst["weight"].astype("float64").fillna(0.0).round().to_numpy()
    within = (worst["distance_m"] <= limit_m).to_numpy()
    kind = worst.index.get_level_values("kind").to_numpy()
    rows = pd.DataFrame({"area": did, "within": np.where(within, w, 0.0), "beyond": np.where(within, 0.0, w),
                         "accommodations": np.where(kind == reach_mod.KIND_ACCOMMODATION, w, 0.0),
                         "housing": np.where(kind == reach_mod.KIND_HOUSING, w, 0.0)})
    table = rows.groupby("area", sort=True).sum()
    table.index = pd.Index([str(a) for a in table.index], dtype="object")
    table.index.name = None
    return table[list(rf.REACH_COLS)], table[list(rf.REACH_SOURCES)]


def infrastructure_counts(state: DataState) -> tuple[pd.DataFrame | None, pd.DataFrame | None]:
    """The Kita and Grundschule counts of persons per district (children of the population by age,
    waiting lists) as the Soziale Infrastruktur tables show them; (None, None) without the data."""
    if not (state.has("services") and state.has("districts")):
        return None, None
    sv, dd = state.df("services"), state.df("districts")
    return (area_body(services_mod.kita_supply(sv, dd, None), rf.KITA_COLS),
            area_body(services_mod.school_supply(sv, dd, None), rf.SCHOOL_COLS))


def housing_charts(state: DataState) -> tuple[pd.DataFrame | None, pd.Series | None, dict]:
    """The Wohnqualität charts' counts for the whole city: objects per m² bin and group (bin label ×
    group), open defects per month end (month label -> objects) and the date of each point."""
    if not state.has("housing"):
        return None, None, {}
    h = state.df("housing")
    day = state.stichtag("housing") or state.stand
    space = hv.space_table(hv.space_bins(housing_mod.space_per_person(h, day)))
    series = housing_mod.open_defects_over_time(h, day)
    months = pd.Series(series["open"].to_numpy(dtype="float64"), index=pd.Index(list(series["month"]), dtype="object"),
                       dtype="float64") if len(series) else None
    dates = {m: pd.Timestamp(d).date() for m, d in zip(series["month"], series["date"])}
    return (space if len(space) else None), months, dates


def housing_counts(state: DataState) -> tuple[pd.DataFrame | None, pd.DataFrame | None, dict]:
    """The Wohnqualität counts per district (objects without a district as ``ohne Stadtteil``, so
    that the rows add up to the city) with the objects where each share's item is recorded (its
    denominator), the defect types by state, and type -> count column."""
    if not state.has("housing"):
        return None, None, {}
    h = state.df("housing")
    day = state.stichtag("housing") or state.stand
    counts = hv.area_counts(h, day, None)
    cols = list(dict.fromkeys([*hv.COUNT_COLUMNS, *hv.KNOWN_COLUMNS.values()]))  # with the shares' denominators
    dist = counts[(counts["level"] == LEVEL_DISTRICT).to_numpy()]
    body = pd.DataFrame(dist[cols].to_numpy(dtype="float64"), columns=cols,
                        index=pd.Index([str(a) for a in dist["area_id"]], dtype="object"))
    city = counts[(counts["level"] == LEVEL_CITY).to_numpy()]
    if len(city):
        rest = (city.iloc[0][cols].astype("float64") - body.sum()).clip(lower=0.0)
        if (rest > 0).any():
            body.loc[rf.NO_DISTRICT] = rest.to_numpy()
    types = rp.defect_types(housing_mod.defects_by_type(h, day))
    return (body if len(body) else None), types, {label: col for col, label in hv.CHART_TYPES.items()}


def children_counts(state: DataState) -> pd.DataFrame | None:
    """Children in accommodations per district (the Soziale Infrastruktur table)."""
    if not state.has("residents"):
        return None
    acc = state.df("accommodations") if state.has("accommodations") else None
    stays_df = stays_mod.attach_accommodation_ids(state.df("residents"), acc)
    roster = stays_mod.roster(stays_df, state.stichtag("residents") or state.stand)
    if not isinstance(roster, pd.DataFrame):
        return None
    children = services_mod.accommodation_children(roster, state.stichtag("residents") or state.stand, acc)
    if children.empty:
        return None
    body = children.set_index("district_id")[list(rf.CHILD_COLS)].astype("float64")
    body.index = pd.Index([str(d) for d in body.index], dtype="object")
    return body


def los_wide(roster: pd.DataFrame) -> pd.DataFrame | None:
    """Residents per accommodation (rows) and length-of-stay band (columns)."""
    long = stays_mod.length_of_stay_bands(roster, by_accommodation=True)
    if isinstance(long, Unavailable) or len(long) == 0:
        return None
    wide = long.pivot(index="accommodation_id", columns="band", values="count")
    wide = wide.reindex(columns=list(stays_mod.BANDS)).fillna(0).astype("float64")
    wide.index = pd.Index([str(k) for k in wide.index], dtype="object")
    wide.columns = pd.Index([str(c) for c in wide.columns], dtype="object")
    wide.index.name = None
    wide.columns.name = None
    return wide


# one Ratsfassung per (state, previous state, focus, threshold), for as long as the states live
_CACHE: IdentityCache[rf.Ratsfassung] = IdentityCache(maxsize=16)
_COUNTS: IdentityCache[rf.Counts] = IdentityCache(maxsize=16)


def council_cfg(state: DataState | None, default: DisclosureConfig = disclosure.DEFAULT) -> DisclosureConfig:
    """The council threshold recorded for the state's Stand (``DataState.council_marker``, set by an
    editor and stored with the Stand); ``default`` for a state not read from a store."""
    marker = getattr(state, "council_marker", None)
    return default if not marker else DisclosureConfig.from_marker(marker)


def for_stand(state: DataState, previous: DataState | None, focus_ids: Iterable[str],
              cfg: DisclosureConfig = disclosure.DEFAULT) -> rf.Ratsfassung:
    """The Ratsfassung of ``state``'s Stand (with the previous Stand's), built once per content. The
    threshold is the one recorded for the Stand (:func:`council_cfg`); ``cfg`` only when none is.
    The previous Stand's Ratsfassung is that Stand's own (``for_stand(previous, None, …)``, the same
    object its own pages show), and each state's counts are read once (:func:`kept_counts`)."""
    focus = tuple(focus_ids)
    cfg = council_cfg(state, cfg)

    def build() -> rf.Ratsfassung:
        if previous is None:
            return rf.build(kept_counts(state, focus), cfg)
        before = for_stand(previous, None, focus, cfg)
        return rf.build(kept_counts(state, focus), cfg, before, kept_counts(previous, focus))

    return _CACHE.get_or_build((state, previous), (focus, cfg), build)


def kept_counts(state: DataState, focus_ids: Iterable[str]) -> rf.Counts:
    """:func:`counts`, computed once per state and focus area while the state lives (a Stand's counts serve
    its own Ratsfassung and, as the previous Stand's, the next one's). Read only: the Ratsfassung copies
    what it protects."""
    focus = tuple(focus_ids)
    return _COUNTS.get_or_build((state,), focus, lambda: counts(state, focus))


__all__ = ["BAND_YEARS", "LONG_BANDS", "area_body", "band_label", "band_members", "long_columns", "children_counts", "council_cfg", "counts", "for_stand", "kept_counts", "housing_charts", "housing_counts", "infrastructure_counts", "los_wide", "open_roster", "reach_counts", "reach_long", "reach_rows", "reach_sites", "reach_type_counts"]
