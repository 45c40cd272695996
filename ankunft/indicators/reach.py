"""Erreichbarkeit: straight-line distance to the nearest Kita, Grundschule, Beratung and Quartiersbüro.

Origins are the accommodations (weighted by their current residents) and housing clusters
(inspected objects grouped by rounded coordinates, weighted by their residents). Distances are
great-circle (haversine) distances computed as one n×m numpy matrix per category — walking
distances are longer; the UI says "Luftlinie".
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from ankunft.core.geo import haversine_m
from ankunft.core.identity_cache import IdentityCache
from ankunft.indicators.areas import district_ids_of, district_names, normalise_ids
from ankunft.indicators.housing import object_table
from ankunft.indicators.services import frame, occupancy_of, services_of

REACH_CATEGORIES = ("Kita", "Grundschule", "Beratung", "Quartiersbüro")
THRESHOLDS_M = (500, 1000)
GAP_LIMIT_M = 1000
KIND_ACCOMMODATION = "Unterkunft"
KIND_HOUSING = "Wohnobjekte"
KIND_ALL = "alle"

POINT_COLUMNS = ["point_id", "kind", "name", "district_id", "district", "lat", "lon", "objects", "weight"]
LONG_COLUMNS = POINT_COLUMNS + ["category", "distance_m", "service_id", "service_name"]


def accommodation_points(accommodations_df: pd.DataFrame | None, occupancy: pd.Series | None = None) -> pd.DataFrame:
    """Accommodations as origins: weight = current residents (``occupancy`` Series by id, else the column).

    Closed accommodations (status "geschlossen") and rows without coordinates are left out.
    Columns: point_id, kind, name, district_id, district, lat, lon, objects, weight.
    """
    acc = frame("accommodations", accommodations_df)
    closed = acc["status"].astype("str").str.strip().str.casefold().eq("geschlossen").fillna(False).to_numpy(dtype=bool)
    weight = occupancy_of(acc, occupancy).fillna(0.0)
    ok = ~closed & acc["lat"].notna().to_numpy() & acc["lon"].notna().to_numpy()
    acc, weight = acc[ok], weight[ok]
    did = district_ids_of(acc)
    return pd.DataFrame({
        "point_id": acc["id"].astype("str").where(acc["id"].notna(), acc["name"]).to_numpy(),
        "kind": KIND_ACCOMMODATION,
        "name": acc["name"].to_numpy(),
        "district_id": did.to_numpy(),
        "district": district_names(did).to_numpy(),
        "lat": acc["lat"].to_numpy(dtype="float64"),
        "lon": acc["lon"].to_numpy(dtype="float64"),
        "objects": 1.0,
        "weight": weight.to_numpy(dtype="float64"),
    }, columns=POINT_COLUMNS)


def streets(addresses: pd.Series) -> pd.Series:
    """Street of each address: text before the first comma without trailing house numbers ("Slevogtstraße 36a")."""
    first = addresses.astype("str").str.replace(r",.*$", "", regex=True).str.strip()
    street = first.str.replace(r"(\s+(\S*\d\S*|[-–/+]))+$", "", regex=True).str.strip()
    return street.where(street.notna() & (street != ""), first)


def housing_clusters(housing_df: pd.DataFrame | None, stichtag: dt.date, decimals: int = 3) -> pd.DataFrame:
    """Inspected objects grouped by coordinates rounded to ``decimals`` (3 ≈ 110 m × 70 m here).

    Weight = the residents of the cluster when the data records residents, else the number of objects.
    Name = the streets in the cluster. Columns as :func:`accommodation_points`, plus open_defects.
    """
    o = object_table(housing_df, stichtag)
    o = o[(o["lat"].notna() & o["lon"].notna()).to_numpy()]
    cols = POINT_COLUMNS + ["open_defects"]
    if o.empty:
        return pd.DataFrame(columns=cols)
    use_residents = bool(o["residents"].notna().any())
    o = o.assign(
        _lat=o["lat"].round(decimals), _lon=o["lon"].round(decimals),
        _street=streets(o["address"]),
        _w=o["residents"].fillna(0.0) if use_residents else 1.0,
        _open=o["open"].astype("float64"),
    )
    keys = ["_lat", "_lon"]
    agg = o.groupby(keys, sort=True).agg(lat=("lat", "mean"), lon=("lon", "mean"), objects=("object_id", "size"),
                                         weight=("_w", "sum"), open_defects=("_open", "sum"))
    # district: the most frequent one in the cluster
    dist = (o.dropna(subset=["district_id"]).groupby([*keys, "district_id"]).size()
            .sort_values(ascending=False, kind="stable").reset_index().drop_duplicates(keys)
            .set_index(keys)["district_id"])
    # name: the first two streets (alphabetical), "…" when there are more
    st = o.dropna(subset=["_street"])[[*keys, "_street"]].drop_duplicates().sort_values([*keys, "_street"])
    rank = st.groupby(keys).cumcount()
    first = st[(rank == 0).to_numpy()].set_index(keys)["_street"]
    second = st[(rank == 1).to_numpy()].set_index(keys)["_street"].reindex(first.index)
    more = st[(rank == 2).to_numpy()].set_index(keys)["_street"].reindex(first.index).notna()
    names = first.where(second.isna(), first + ", " + second)
    names = names.where(~more.to_numpy(), names + " …")
    agg["district_id"] = dist.reindex(agg.index).astype("str")
    agg["name"] = names.reindex(agg.index).fillna("Wohnobjekte").astype("str")
    idx = agg.index.to_frame(index=False)
    out = pd.DataFrame({
        "point_id": [f"W{la:.{decimals}f}/{lo:.{decimals}f}" for la, lo in zip(idx["_lat"], idx["_lon"])],
        "kind": KIND_HOUSING,
        "name": agg["name"].to_numpy(),
        "district_id": agg["district_id"].to_numpy(),
        "district": district_names(agg["district_id"]).to_numpy(),
        "lat": agg["lat"].to_numpy(dtype="float64"),
        "lon": agg["lon"].to_numpy(dtype="float64"),
        "objects": agg["objects"].to_numpy(dtype="float64"),
        "weight": agg["weight"].to_numpy(dtype="float64"),
        "open_defects": agg["open_defects"].to_numpy(dtype="float64"),
    })
    return out[cols]


def nearest(points: pd.DataFrame, services_df: pd.DataFrame | None,
            categories: tuple[str, ...] = REACH_CATEGORIES) -> pd.DataFrame:
    """Distance from each point to the nearest service of each category (long format).

    One row per point and category; ``distance_m`` is NaN (and ``service_name`` empty) when no service
    of that category has coordinates. Columns: the point columns plus category, distance_m,
    service_id, service_name.
    """
    s = frame("services", services_df)
    s = s[(s["lat"].notna() & s["lon"].notna()).to_numpy()]
    pts = points[(points["lat"].notna() & points["lon"].notna()).to_numpy()].reset_index(drop=True)
    base = pts[[c for c in POINT_COLUMNS if c in pts.columns]]
    parts = []
    plat = pts["lat"].to_numpy(dtype="float64")[:, None]
    plon = pts["lon"].to_numpy(dtype="float64")[:, None]
    for cat in categories:
        sc = services_of(s, cat)
        part = base.copy()
        part["category"] = cat
        if sc.empty or pts.empty:
            part["distance_m"] = np.nan
            part["service_id"] = pd.Series(pd.NA, index=part.index, dtype="str")
            part["service_name"] = pd.Series(pd.NA, index=part.index, dtype="str")
        else:
            d = np.asarray(haversine_m(plat, plon, sc["lat"].to_numpy(dtype="float64")[None, :],
                                       sc["lon"].to_numpy(dtype="float64")[None, :])).reshape(len(pts), len(sc))
            j = d.argmin(axis=1)
            part["distance_m"] = d[np.arange(len(pts)), j]
            part["service_id"] = sc["id"].astype("str").to_numpy()[j]
            part["service_name"] = sc["name"].astype("str").to_numpy()[j]
        parts.append(part)
    if not parts:
        return pd.DataFrame(columns=LONG_COLUMNS)
    out = pd.concat(parts, ignore_index=True)
    return out[LONG_COLUMNS]


# The long table is read by the Stadtteilprofil for every area, the Soziale Infrastruktur page and the
# Ratsfassung's reach block: kept per input objects (core.identity_cache: weak references, never a hit for
# other frames), handed out as a shallow copy (copy-on-write: a caller's change never reaches the kept one).
_REACH: IdentityCache[pd.DataFrame] = IdentityCache(maxsize=16)


def reach_table(accommodations_df: pd.DataFrame | None, housing_df: pd.DataFrame | None,
                services_df: pd.DataFrame | None, stichtag: dt.date, occupancy: pd.Series | None = None,
                categories: tuple[str, ...] = REACH_CATEGORIES, decimals: int = 3) -> pd.DataFrame:
    """Nearest-service distances for all accommodations and housing clusters (long, see :func:`nearest`)."""
    kept = _REACH.get_or_build((accommodations_df, housing_df, services_df, occupancy),
                               (stichtag, tuple(categories), decimals),
                               lambda: _reach_table(accommodations_df, housing_df, services_df, stichtag, occupancy,
                                                    tuple(categories), decimals))
    return kept.copy(deep=False)


def _reach_table(accommodations_df, housing_df, services_df, stichtag, occupancy, categories, decimals) -> pd.DataFrame:
    pts = pd.concat([
        accommodation_points(accommodations_df, occupancy),
        housing_clusters(housing_df, stichtag, decimals)[POINT_COLUMNS],
    ], ignore_index=True)
    return nearest(pts, services_df, categories)


def _filter(long: pd.DataFrame, district_ids, kind: str | None) -> pd.DataFrame:
    ids = normalise_ids(district_ids)
    m = np.ones(len(long), dtype=bool)
    if ids is not None:
        m &= long["district_id"].isin(ids).to_numpy()
    if kind not in (None, KIND_ALL):
        m &= (long["kind"] == kind).to_numpy()
    return long[m]


def _weighted_share(flags: np.ndarray, weights: np.ndarray) -> float:
    total = weights.sum()
    if total > 0:
        return float(weights[flags].sum() / total)
    return float(flags.mean()) if len(flags) else np.nan


def reach_shares(long: pd.DataFrame, district_ids: list[str] | None = None,
                 thresholds: tuple[int, ...] = THRESHOLDS_M) -> pd.DataFrame:
    """Share of residents (weights) whose nearest service lies within each threshold, per origin kind and category.

    Kinds: "Unterkunft", "Wohnobjekte" and "alle". When all weights of a group are zero the share is
    taken over points. Columns: kind, category, points, weight, median_m, within_<t> for each threshold
    (NaN when no service of the category has coordinates).
    """
    sel = _filter(long, district_ids, None)
    rows = []
    kinds = [k for k in (KIND_ACCOMMODATION, KIND_HOUSING) if (sel["kind"] == k).any()] + [KIND_ALL]
    for kind in kinds:
        part = sel if kind == KIND_ALL else sel[(sel["kind"] == kind).to_numpy()]
        for cat in dict.fromkeys(long["category"]):
            c = part[(part["category"] == cat).to_numpy()]
            known = c["distance_m"].notna().to_numpy()
            row = {"kind": kind, "category": cat, "points": float(len(c)), "weight": float(c["weight"].sum()),
                   "median_m": float(c["distance_m"].median()) if known.any() else np.nan}
            w = c["weight"].to_numpy(dtype="float64")
            dist = c["distance_m"].to_numpy(dtype="float64")
            for t in thresholds:
                row[f"within_{t}"] = _weighted_share(dist <= t, w) if known.all() and len(c) else np.nan
            rows.append(row)
    return pd.DataFrame(rows, columns=["kind", "category", "points", "weight", "median_m",
                                       *[f"within_{t}" for t in thresholds]])


def all_within_share(long: pd.DataFrame, limit_m: float = GAP_LIMIT_M, district_ids: list[str] | None = None,
                     kind: str | None = None) -> float | None:
    """Weighted share of residents whose nearest service of every category (that has any located service)
    is within ``limit_m``. None when there are no origins or no located services."""
    sel = _filter(long, district_ids, kind)
    cats = [c for c in dict.fromkeys(long["category"]) if long.loc[long["category"] == c, "distance_m"].notna().any()]
    sel = sel[sel["category"].isin(cats).to_numpy()]
    if sel.empty or not cats:
        return None
    worst = sel.groupby(["kind", "point_id"], sort=False).agg(distance_m=("distance_m", "max"), weight=("weight", "first"))
    return _weighted_share((worst["distance_m"] <= limit_m).to_numpy(), worst["weight"].to_numpy(dtype="float64"))


def reach_gaps(long: pd.DataFrame, limit_m: float = GAP_LIMIT_M, district_ids: list[str] | None = None) -> pd.DataFrame:
    """Origins whose nearest service of a category is farther than ``limit_m`` (or none is located).

    Farthest first. Columns: kind, name, district, category, distance_m, service_name, weight.
    """
    sel = _filter(long, district_ids, None)
    located = {c for c in long["category"].unique() if long.loc[long["category"] == c, "distance_m"].notna().any()}
    gap = (sel["distance_m"] > limit_m).fillna(False).to_numpy(dtype=bool) | ~sel["category"].isin(located).to_numpy()
    out = sel[gap]
    out = out.sort_values(["distance_m", "weight"], ascending=[False, False], na_position="first", kind="stable")
    return out[["kind", "name", "district", "category", "distance_m", "service_name", "weight"]].reset_index(drop=True)
