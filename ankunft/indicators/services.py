"""Soziale Infrastruktur: supply vs. demand per district, focus area and city.

Kita places against children by age band (configurable demand rates), Grundschule places against
children 6–9, waiting lists, counselling offices and neighbourhood offices per 1,000 inhabitants,
social workers per residents in accommodations, and the children living in accommodations.

All functions are pure functions of canonical frames (see ``ankunft.core.glossary``) and parameters.
Missing data gives ``None``/NaN, never a guessed number.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from ankunft.core import glossary, reference
from ankunft.core.reference import STANDARDS, Standards
from ankunft.indicators.areas import (
    area_list,
    district_ids_of,
    district_name,
    normalise_ids,
    select_districts,
)
from ankunft.indicators.stays import accommodation_keys, age_at

KITA = "Kita"
SCHOOL = "Grundschule"
COUNSELLING = "Beratung"
NEIGHBOURHOOD_OFFICE = "Quartiersbüro"

AGE_BANDS = ("children_under_2", "children_2", "children_3_5")


# --- shared helpers -------------------------------------------------------------------------
def frame(dataset: str, df: pd.DataFrame | None) -> pd.DataFrame:
    """The canonical frame of a dataset; an empty conformed frame for None."""
    if df is None:
        return glossary.empty_frame(dataset)
    if _is_canonical(dataset, df):
        return df  # already conformed (the usual case): no copy, callers never modify it
    return glossary.conform(dataset, df)


def _is_canonical(dataset: str, df: pd.DataFrame) -> bool:
    cols = df.columns
    try:
        return all(f.key in cols and df[f.key].dtype == f.dtype for f in glossary.DATASETS[dataset].fields)
    except TypeError:
        return False


def _sum(s: pd.Series) -> float:
    """Sum of known values; NaN when none is known."""
    return float(s.sum(min_count=1))


def _ratio(a: float | None, b: float | None) -> float | None:
    if a is None or b is None or pd.isna(a) or pd.isna(b) or b <= 0:
        return None
    return float(a) / float(b)


# --- Kita ----------------------------------------------------------------------------------
def services_of(services_df: pd.DataFrame, category: str) -> pd.DataFrame:
    cat = services_df["category"].astype("str").str.strip().str.casefold()
    return services_df[(cat == category.casefold()).to_numpy()]


def kita_demand(districts_df: pd.DataFrame | None, district_ids: list[str] | None,
                rates: Standards = STANDARDS) -> dict | None:
    """Kita demand of an area: children by age band times the demand rates.

    Returns ``{"under_2", "age_2", "age_3_5", "total", "children"}`` (places needed, children counted)
    or None when the districts frame lacks a row or an age band for the area.
    """
    d = frame("districts", districts_df)
    d = select_districts(d, normalise_ids(district_ids))
    if d.empty or d[list(AGE_BANDS)].isna().any().any():
        return None
    under_2 = float(d["children_under_2"].sum()) * rates.kita_rate_under_2
    age_2 = float(d["children_2"].sum()) * rates.kita_rate_2
    age_3_5 = float(d["children_3_5"].sum()) * rates.kita_rate_3_5
    return {
        "under_2": under_2,
        "age_2": age_2,
        "age_3_5": age_3_5,
        "total": under_2 + age_2 + age_3_5,
        "children": float(d[list(AGE_BANDS)].to_numpy().sum()),
    }


def kita_places(services_df: pd.DataFrame | None, district_ids: list[str] | None) -> float | None:
    """Kita places in an area; None when the services frame holds no Kita with a known capacity."""
    s = frame("services", services_df)
    kitas = services_of(s, KITA)
    if kitas.empty or kitas["capacity"].isna().all():
        return None
    sel = select_districts(kitas, normalise_ids(district_ids))
    return float(sel["capacity"].sum())


def kita_coverage(services_df: pd.DataFrame | None, districts_df: pd.DataFrame | None,
                  district_ids: list[str] | None, rates: Standards = STANDARDS) -> float | None:
    """Kita places / demand (demand = under 2 · 26,5 % + age 2 · 75 % + age 3–5 · 99 % by default).

    ``district_ids`` None means the whole city. None when places or demand are not computable
    (no Kita data, no age bands) or the demand is zero.
    """
    places = kita_places(services_df, district_ids)
    demand = kita_demand(districts_df, district_ids, rates)
    if places is None or demand is None:
        return None
    return _ratio(places, demand["total"])


def kita_supply(services_df: pd.DataFrame | None, districts_df: pd.DataFrame | None,
                focus_ids: list[str] | None = None, rates: Standards = STANDARDS) -> pd.DataFrame:
    """Kita supply vs. demand per district, for the focus area and the city.

    Columns: area_id, area, level, children_under_2, children_2, children_3_5, demand_under_2,
    demand_2, demand_3_5, demand, places, places_under_3, coverage, under_3_coverage, shortfall
    (places missing, 0 when covered), waiting_list, kitas.
    """
    s = frame("services", services_df)
    d = frame("districts", districts_df)
    kitas = services_of(s, KITA)
    has_places = not kitas.empty and kitas["capacity"].notna().any()
    present = set(district_ids_of(d).dropna()) | set(district_ids_of(kitas).dropna())
    rows = []
    for area_id, label, level, ids in area_list(present, normalise_ids(focus_ids)):
        dd = select_districts(d, ids)
        kk = select_districts(kitas, ids)
        demand = kita_demand(d, ids, rates)
        places = float(kk["capacity"].sum()) if has_places else np.nan
        places_u3 = _sum(kk["places_under_3"]) if has_places else np.nan
        total = demand["total"] if demand else np.nan
        u3_demand = demand["under_2"] + demand["age_2"] if demand else np.nan
        cov = _ratio(places, total)
        cov_u3 = _ratio(places_u3, u3_demand)
        rows.append({
            "area_id": area_id, "area": label, "level": level,
            "children_under_2": _sum(dd["children_under_2"]),
            "children_2": _sum(dd["children_2"]),
            "children_3_5": _sum(dd["children_3_5"]),
            "demand_under_2": demand["under_2"] if demand else np.nan,
            "demand_2": demand["age_2"] if demand else np.nan,
            "demand_3_5": demand["age_3_5"] if demand else np.nan,
            "demand": total,
            "places": places,
            "places_under_3": places_u3,
            "coverage": np.nan if cov is None else cov,
            "under_3_coverage": np.nan if cov_u3 is None else cov_u3,
            "shortfall": max(total - places, 0.0) if pd.notna(total) and pd.notna(places) else np.nan,
            "waiting_list": _sum(kk["waiting_list"]),
            "kitas": float(len(kk)),
        })
    return pd.DataFrame(rows)


# --- Grundschule ---------------------------------------------------------------------------
def school_supply(services_df: pd.DataFrame | None, districts_df: pd.DataFrame | None,
                  focus_ids: list[str] | None = None, rates: Standards = STANDARDS) -> pd.DataFrame:
    """Grundschule places vs. children 6–9 per district, focus area and city.

    Columns: area_id, area, level, children_6_9, demand (children · school rate), places, enrolled,
    coverage, shortfall, waiting_list, schools.
    """
    s = frame("services", services_df)
    d = frame("districts", districts_df)
    schools = services_of(s, SCHOOL)
    has_places = not schools.empty and schools["capacity"].notna().any()
    present = set(district_ids_of(d).dropna()) | set(district_ids_of(schools).dropna())
    rows = []
    for area_id, label, level, ids in area_list(present, normalise_ids(focus_ids)):
        dd = select_districts(d, ids)
        ss = select_districts(schools, ids)
        children = np.nan if dd.empty or dd["children_6_9"].isna().any() else float(dd["children_6_9"].sum())
        demand = children * rates.school_rate_6_9 if pd.notna(children) else np.nan
        places = float(ss["capacity"].sum()) if has_places else np.nan
        cov = _ratio(places, demand)
        rows.append({
            "area_id": area_id, "area": label, "level": level,
            "children_6_9": children,
            "demand": demand,
            "places": places,
            "enrolled": _sum(ss["enrolled"]),
            "coverage": np.nan if cov is None else cov,
            "shortfall": max(demand - places, 0.0) if pd.notna(demand) and pd.notna(places) else np.nan,
            "waiting_list": _sum(ss["waiting_list"]),
            "schools": float(len(ss)),
        })
    return pd.DataFrame(rows)


def waiting_lists(services_df: pd.DataFrame | None) -> pd.DataFrame:
    """Waiting lists by district and category (tidy, for charts).

    Columns: district_id, district, category, waiting_list, services. Empty when no waiting list is known.
    """
    s = frame("services", services_df)
    s = s[s["waiting_list"].notna().to_numpy()]
    cols = ["district_id", "district", "category", "waiting_list", "services"]
    if s.empty:
        return pd.DataFrame(columns=cols)
    s = s.assign(district_id=district_ids_of(s).fillna("–"))
    out = (s.groupby(["district_id", "category"], as_index=False)
           .agg(waiting_list=("waiting_list", "sum"), services=("name", "size")))
    out["services"] = out["services"].astype("float64")
    out["district"] = out["district_id"].map(lambda x: district_name(x) if x != "–" else "ohne Stadtteil")
    return out[cols].sort_values(["district_id", "category"]).reset_index(drop=True)


# --- offices per 1,000 inhabitants -----------------------------------------------------------
def offices_per_1000(services_df: pd.DataFrame | None, districts_df: pd.DataFrame | None,
                     focus_ids: list[str] | None = None,
                     categories: tuple[str, ...] = (COUNSELLING, NEIGHBOURHOOD_OFFICE)) -> pd.DataFrame:
    """Counselling and neighbourhood offices per 1,000 inhabitants (tidy).

    Columns: area_id, area, level, category, offices, population, per_1000 (NaN without population).
    """
    s = frame("services", services_df)
    d = frame("districts", districts_df)
    present = set(district_ids_of(d).dropna()) | set(district_ids_of(s).dropna())
    rows = []
    for area_id, label, level, ids in area_list(present, normalise_ids(focus_ids)):
        dd = select_districts(d, ids)
        pop = np.nan if dd.empty or dd["population"].isna().any() else float(dd["population"].sum())
        for cat in categories:
            n = float(len(select_districts(services_of(s, cat), ids)))
            per = _ratio(n * 1000.0, pop)
            rows.append({"area_id": area_id, "area": label, "level": level, "category": cat,
                         "offices": n, "population": pop, "per_1000": np.nan if per is None else per})
    return pd.DataFrame(rows, columns=["area_id", "area", "level", "category", "offices", "population", "per_1000"])


# --- social work in accommodations ---------------------------------------------------------
def accommodation_key(acc: pd.DataFrame) -> pd.Series:
    """The key that per-accommodation results (roster, occupancy) use: the id, or the name without id."""
    return accommodation_keys(acc)


def occupancy_of(acc: pd.DataFrame, occupancy: pd.Series | None) -> pd.Series:
    """Current residents per accommodation row: the given Series (indexed by accommodation id), else the column."""
    if occupancy is not None:
        occ = pd.Series(occupancy)
        occ.index = occ.index.astype("str")
        return accommodation_key(acc).map(occ).astype("float64").set_axis(acc.index)
    return acc["occupancy"].astype("float64")


def social_work(accommodations_df: pd.DataFrame | None, occupancy: pd.Series | None = None,
                standards: Standards = STANDARDS) -> pd.DataFrame:
    """Social workers per accommodation against the standard (default 4 per 200 residents = 1 per 50).

    ``occupancy``: current residents per accommodation key (id, or name without id; e.g.
    ``stays.occupancy_by_accommodation``);
    without it the accommodations' own ``occupancy`` column is used.
    Columns: id, name, district_id, residents, social_workers, residents_per_worker, required,
    gap (required − present, positive = missing), below_standard (boolean, NA when unknown).
    """
    acc = frame("accommodations", accommodations_df)
    residents = occupancy_of(acc, occupancy)
    workers = acc["social_workers"].astype("float64")
    required = residents / standards.residents_per_social_worker
    per_worker = residents / workers.where(workers > 0)
    below = pd.Series((workers < required).to_numpy(), index=acc.index, dtype="boolean")
    below[(workers.isna() | residents.isna()).to_numpy()] = pd.NA
    out = pd.DataFrame({
        "id": acc["id"], "name": acc["name"], "district_id": district_ids_of(acc),
        "residents": residents, "social_workers": workers,
        "residents_per_worker": per_worker, "required": required,
        "gap": required - workers, "below_standard": below,
    })
    return out.reset_index(drop=True)


def social_work_by_area(accommodations_df: pd.DataFrame | None, occupancy: pd.Series | None = None,
                        focus_ids: list[str] | None = None, standards: Standards = STANDARDS) -> pd.DataFrame:
    """Social workers vs. residents per district, focus area and city.

    Only accommodations with both residents and staff known count. Columns: area_id, area, level,
    accommodations, residents, social_workers, required, residents_per_worker, gap, below_standard.
    """
    sw = social_work(accommodations_df, occupancy, standards)
    known = sw[(sw["residents"].notna() & sw["social_workers"].notna()).to_numpy()]
    rows = []
    for area_id, label, level, ids in area_list(sw["district_id"].dropna(), normalise_ids(focus_ids)):
        k = known if ids is None else known[known["district_id"].isin(ids).to_numpy()]
        res = float(k["residents"].sum()) if len(k) else np.nan
        wk = float(k["social_workers"].sum()) if len(k) else np.nan
        req = res / standards.residents_per_social_worker if pd.notna(res) else np.nan
        per = _ratio(res, wk)
        rows.append({
            "area_id": area_id, "area": label, "level": level,
            "accommodations": float(len(k)), "residents": res, "social_workers": wk, "required": req,
            "residents_per_worker": np.nan if per is None else per,
            "gap": req - wk if pd.notna(req) else np.nan,
            "below_standard": (wk < req) if pd.notna(req) else pd.NA,
        })
    out = pd.DataFrame(rows)
    out["below_standard"] = out["below_standard"].astype("boolean")
    return out


# --- demand from accommodations ------------------------------------------------------------
AGE_GROUPS = {  # label -> (min age, max age) inclusive, age reached in the Stichtag's year
    "children_0_5": (0, 5),
    "children_6_9": (6, 9),
    "children_6_17": (6, 17),
}


def accommodation_children(roster: pd.DataFrame | None, stichtag: dt.date,
                           accommodations_df: pd.DataFrame | None = None,
                           district_col: str = "district_id") -> pd.DataFrame:
    """Children of Kita age (0–5) and school age (6–17, of which 6–9 primary) living in accommodations, per district.

    ``roster``: residents present at the Stichtag with ``birth_year`` and the accommodation's district
    (``district_col``). When that column is absent the district is looked up from ``accommodations_df``
    via the roster's ``accommodation_id`` (as from ``stays.roster``; or ``accommodation``) column.
    Columns: district_id, district, residents, children_0_5, children_6_9, children_6_17, age_unknown.
    """
    cols = ["district_id", "district", "residents", *AGE_GROUPS, "age_unknown"]
    if roster is None or roster.empty:
        return pd.DataFrame(columns=cols)
    r = roster.copy()
    if district_col in r.columns:
        r["_district"] = r[district_col].map(reference.resolve_district, na_action="ignore")
    else:
        acc = frame("accommodations", accommodations_df)
        lookup = pd.Series(district_ids_of(acc).to_numpy(), index=accommodation_key(acc).to_numpy())
        lookup = lookup[~lookup.index.duplicated()]
        key = "accommodation_id" if "accommodation_id" in r.columns else "accommodation"
        if key not in r.columns:
            raise KeyError(f"Roster braucht die Spalte {district_col!r} oder 'accommodation_id'.")
        r["_district"] = r[key].astype("str").map(lookup)
    birth = r["birth_year"] if "birth_year" in r.columns else pd.Series(np.nan, index=r.index)
    age = age_at(birth, stichtag)
    r["_district"] = r["_district"].fillna("–")
    g = pd.DataFrame({"district_id": r["_district"].astype("str"), "residents": 1.0,
                      "age_unknown": age.isna().astype("float64")})
    for key, (lo, hi) in AGE_GROUPS.items():
        g[key] = ((age >= lo) & (age <= hi)).astype("float64")
    out = g.groupby("district_id", as_index=False).sum()
    out["district"] = out["district_id"].map(lambda x: district_name(x) if x != "–" else "ohne Stadtteil")
    return out[cols].sort_values("district_id").reset_index(drop=True)
