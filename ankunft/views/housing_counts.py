"""The Wohnqualität counts per area (objects = flats): shared by the page's view model and the
Ratsfassung's housing block (:mod:`ankunft.views.ratsfassung_data`), so that both count alike."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from ankunft.core import fmt
from ankunft.core.reference import STANDARDS, Standards
from ankunft.indicators import housing
from ankunft.indicators.areas import (
    CITY_ID,
    FOCUS_ID,
    LEVEL_CITY,
    LEVEL_DISTRICT,
    LEVEL_FOCUS,
    area_label,
    district_name,
    normalise_ids,
)
from ankunft.indicators.services import frame

# flag column -> (German label, column with the number of objects where the item was recorded)
SHARE_ITEMS = {
    "no_hot_water": ("Ohne Warmwasser", "hot_water_known"),
    "no_heating": ("Ohne Heizung", "heating_known"),
    "no_bath_wc": ("Ohne eigenes Bad/WC", "bath_wc_known"),
    "damp_mould": ("Feuchtigkeit/Schimmel", "damp_mould_known"),
    "overcrowded": ("Überbelegt", "overcrowded_known"),
}
KNOWN_COLUMNS = {item: known for item, (_, known) in SHARE_ITEMS.items()}  # item -> objects where it is recorded
COUNT_COLUMNS = ["inspected", "no_hot_water", "no_heating", "no_bath_wc", "damp_mould", "overcrowded", "open",
                 "resolved"]
CHART_TYPES = {"no_hot_water": housing.DEFECT_TYPES["no_hot_water"], "no_heating": housing.DEFECT_TYPES["no_heating"],
               "no_bath_wc": housing.DEFECT_TYPES["no_bath_wc"], "damp_mould": housing.DEFECT_TYPES["damp_mould"],
               "overcrowded": housing.OVERCROWDED_LABEL}
SELECTION_ID = "Auswahl"
SPACE_GROUPS = ("überbelegt", "nicht überbelegt")  # the first counts the same objects as "overcrowded"
SPACE_BIN_M2 = 2.0
SPACE_MAX_M2 = 40.0


# --- counts per area -------------------------------------------------------------------------
def _inspected_raw(housing_df: pd.DataFrame | None, stichtag: dt.date) -> pd.DataFrame:
    """The canonical rows that :func:`housing.object_table` keeps (same filter, same order)."""
    h = frame("housing", housing_df)
    ts = pd.Timestamp(stichtag).normalize()
    return h[(h["inspection_date"].isna() | (h["inspection_date"] <= ts)).to_numpy()].reset_index(drop=True)


def _counts(objects: pd.DataFrame, raw: pd.DataFrame, mask: np.ndarray) -> dict:
    o, r = objects[mask], raw[mask]
    days = o["days_to_resolution"].dropna()
    crowded = o["overcrowded"]
    return {
        "inspected": float(len(o)),
        "no_hot_water": float(o["no_hot_water"].sum()), "hot_water_known": float(r["hot_water"].notna().sum()),
        "no_heating": float(o["no_heating"].sum()), "heating_known": float(r["heating"].notna().sum()),
        "no_bath_wc": float(o["no_bath_wc"].sum()), "bath_wc_known": float(r["bath_wc"].notna().sum()),
        "damp_mould": float(o["damp_mould"].sum()), "damp_mould_known": float(r["damp_mould"].notna().sum()),
        "overcrowded": float(crowded.fillna(False).sum()), "overcrowded_known": float(crowded.notna().sum()),
        "with_defect": float(o["has_defect"].sum()),
        "open": float(o["open"].sum()), "resolved": float(o["resolved"].sum()),
        "median_days": float(days.median()) if len(days) else np.nan,
    }


def area_counts(housing_df: pd.DataFrame | None, stichtag: dt.date, focus_ids: list[str] | None = None,
                selection_ids: list[str] | None = None, standards: Standards = STANDARDS,
                objects: pd.DataFrame | None = None) -> pd.DataFrame:
    """Counts behind the housing shares, per district (with inspected objects), focus area and city.

    With ``selection_ids`` of two or more districts (the page filter) a row "Auswahl" is added.
    Columns: area_id, area, level, inspected, no_hot_water, hot_water_known, no_heating,
    heating_known, no_bath_wc, bath_wc_known, damp_mould, damp_mould_known, overcrowded,
    overcrowded_known, with_defect, open, resolved, median_days. Shares = item / item_known, the
    same as :func:`housing.housing_table`. ``objects``: the object table when the caller has it.
    """
    if objects is None:
        objects = housing.object_table(housing_df, stichtag, standards)
    raw = _inspected_raw(housing_df, stichtag)
    did = objects["district_id"].to_numpy(dtype=object)
    present = sorted({d for d in did if isinstance(d, str)})
    rows = [(d, district_name(d), LEVEL_DISTRICT, [d]) for d in present]
    focus = normalise_ids(focus_ids)
    if focus:
        rows.append((FOCUS_ID, area_label(focus), LEVEL_FOCUS, focus))
    rows.append((CITY_ID, area_label(None), LEVEL_CITY, None))
    sel = normalise_ids(selection_ids)
    if sel is not None and len(sel) > 1:
        rows.append((SELECTION_ID, area_label(sel), SELECTION_ID, sel))
    out = []
    for area_id, label, level, ids in rows:
        mask = np.ones(len(objects), dtype=bool) if ids is None else np.isin(did, ids)
        out.append({"area_id": area_id, "area": label, "level": level, **_counts(objects, raw, mask)})
    return pd.DataFrame(out)


# --- space per person -------------------------------------------------------------------------
def space_bins(space: pd.DataFrame, width: float = SPACE_BIN_M2, upper: float = SPACE_MAX_M2) -> pd.DataFrame:
    """m² per person in bins of ``width`` (the last bin collects everything from ``upper`` up), split
    into overcrowded / not overcrowded objects. Columns: m2 (bin centre), label, group, objects."""
    cols = ["m2", "label", "group", "objects"]
    if space.empty:
        return pd.DataFrame(columns=cols)
    v = space["m2_per_person"].astype("float64").clip(upper=upper)
    start = np.floor(v / width) * width
    start = np.minimum(start, upper)
    group = np.where(space["overcrowded"].fillna(False).to_numpy(dtype=bool), SPACE_GROUPS[0], SPACE_GROUPS[1])
    df = pd.DataFrame({"start": start.to_numpy(), "group": group})
    out = df.groupby(["start", "group"], as_index=False).size().rename(columns={"size": "objects"})
    out["objects"] = out["objects"].astype("float64")
    out["m2"] = out["start"] + width / 2
    out["label"] = [f"ab {fmt.unit(s, 'm²')}" if s >= upper else f"{fmt.num(s)}–{fmt.unit(s + width, 'm²')}"
                    for s in out["start"]]
    return out[cols]


def space_table(bins: pd.DataFrame) -> pd.DataFrame:
    """The bins as a table: bin label (rows, in m² order) × group (columns), objects; 0 where empty."""
    if bins.empty:
        return pd.DataFrame(columns=list(SPACE_GROUPS), dtype="float64")
    order = bins.drop_duplicates("m2").sort_values("m2")["label"].tolist()
    table = bins.pivot_table(index="label", columns="group", values="objects", aggfunc="sum", fill_value=0.0)
    table = table.reindex(index=order, columns=list(SPACE_GROUPS), fill_value=0.0).astype("float64")
    table.index.name = None
    table.columns.name = None
    return table


__all__ = ["CHART_TYPES", "COUNT_COLUMNS", "KNOWN_COLUMNS", "SELECTION_ID", "SHARE_ITEMS", "SPACE_BIN_M2", "SPACE_GROUPS", "SPACE_MAX_M2",
           "area_counts", "space_bins", "space_table"]
