"""Wohnqualität: housing-supervision indicators at a Stichtag.

A *defect* is: no hot water, no heating, no own bath/WC, damp/mould, or a defects text.
Overcrowding (floor area below 9 m² per adult + 6 m² per child under 6 by default) is reported
beside the defects and counts towards the severity score, but not towards ``open_defects``.

At a Stichtag only objects inspected on or before it count (objects without an inspection date
count as inspected). A defect is *resolved* at the Stichtag when its ``resolved_date`` is on or
before it; when no ``resolved_date`` is given, the status "behoben" decides. A ``resolved_date``
after the Stichtag means the defect was still open then, whatever the current status says.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import asdict, dataclass

import numpy as np
import pandas as pd

from ankunft.core import fmt, palette
from ankunft.core.reference import STANDARDS, Standards
from ankunft.indicators.areas import (
    CITY_ID,
    CITY_LABEL,
    FOCUS_ID,
    LEVEL_CITY,
    LEVEL_DISTRICT,
    LEVEL_FOCUS,
    area_label,
    district_ids_of,
    district_name,
    district_names,
    normalise_ids,
)
from ankunft.indicators.services import frame

# defect flag column -> German label (order = order in charts and lists)
DEFECT_TYPES: dict[str, str] = {
    "no_hot_water": "Kein Warmwasser",
    "no_heating": "Keine Heizung",
    "no_bath_wc": "Kein eigenes Bad/WC",
    "damp_mould": "Feuchtigkeit/Schimmel",
    "other_defects": "Sonstige Mängel",
}
OVERCROWDED_LABEL = "Überbelegt"
# word stems by which an item of the free defects text names a type that has its own column; an item
# naming none of them is a defect of its own ("Sonstige Mängel")
DEFECT_STEMS: dict[str, tuple[str, ...]] = {
    "no_hot_water": ("warmwasser", "warmes wasser", "boiler", "durchlauferhitzer", "heißwasser"),
    "no_heating": ("heizung", "heizkörper", "heizen", "ofen", "beheiz", "therme"),
    "no_bath_wc": ("bad", "wc", "toilette", "dusche", "sanitär", "klo"),
    "damp_mould": ("schimmel", "feucht", "nass", "nässe", "stockflecken", "kondens"),
    "overcrowded": ("überbeleg", "zu klein", "zu eng"),
}
_ITEM_SPLIT = re.compile(r"\s*(?:[;,\n•|]|\bsowie\b|\bund\b|\s\+\s)\s*", re.IGNORECASE)
SERIOUS = ("no_hot_water", "no_heating", "no_bath_wc", "damp_mould", "overcrowded")
NO_DEFECT_TEXTS = {"", "-", "–", "keine", "keine mängel", "ohne mängel", "nein", "k.a.", "n.b.", "0"}

# severity = open serious defects (or 1 for a defects text alone) + 1 when overcrowded
SEVERITY_BANDS = ("ohne offenen Befund", "1 Befund", "2 Befunde", "3 und mehr Befunde")
SEVERITY_COLOURS = {
    "ohne offenen Befund": palette.FLAG["gruen"],
    "1 Befund": palette.FLAG["gelb"],
    "2 Befunde": palette.CATEGORY_COLOURS["offen"],
    "3 und mehr Befunde": palette.FLAG["rot"],
}
WORST_COLUMNS_DE = {
    "object_id": "Objekt-Nr.",
    "address": "Adresse",
    "district": "Stadtteil",
    "defects": "Mängel",
    "description": "Beschreibung",
    "severity": "Schweregrad",
    "residents": "Bewohner",
    "open_since": "offen seit",
    "days_open": "Tage offen",
}


def _ts(stichtag: dt.date) -> pd.Timestamp:
    return pd.Timestamp(stichtag).normalize()


def _false(s: pd.Series) -> np.ndarray:
    return (s == False).fillna(False).to_numpy(dtype=bool)  # noqa: E712 (nullable boolean)


def _true(s: pd.Series) -> np.ndarray:
    return (s == True).fillna(False).to_numpy(dtype=bool)  # noqa: E712


def has_defect_text(defects: pd.Series) -> np.ndarray:
    """True where the defects text names a defect (empty, "-", "keine" … do not)."""
    t = defects.astype("str").str.strip().str.casefold()
    return (t.notna() & ~t.isin(NO_DEFECT_TEXTS)).fillna(False).to_numpy(dtype=bool)


def defect_items(text) -> list[str]:
    """The items of a defects text ("kein Warmwasser; Fenster undicht" → two items); none for
    "keine", "-", empty."""
    if not isinstance(text, str):
        return []
    items = [i.strip(" .") for i in _ITEM_SPLIT.split(text)]
    return [i for i in items if i and i.casefold() not in NO_DEFECT_TEXTS]


def names_known_type(item: str) -> bool:
    """True when a defects-text item names a type that has its own column (heating, mould, …)."""
    t = item.casefold()
    return any(stem in t for stems in DEFECT_STEMS.values() for stem in stems)


def unnamed_defect(defects: pd.Series) -> np.ndarray:
    """True where the defects text names a defect that no other column covers ("Fenster undicht"),
    False for a text that only repeats the columns ("kein Warmwasser; Schimmel im Bad")."""
    return np.array([any(not names_known_type(i) for i in defect_items(t)) for t in defects.astype("object")],
                    dtype=bool)


def required_area(residents: pd.Series, children_under_6: pd.Series, standards: Standards = STANDARDS) -> pd.Series:
    """Minimum floor area: m² per adult · adults + m² per child · children under 6 (adults = residents − children)."""
    children = children_under_6.fillna(0.0).clip(lower=0.0)
    children = np.minimum(children, residents)
    adults = residents - children
    return adults * standards.m2_per_adult_flat + children * standards.m2_per_child_under6_flat


def object_table(housing_df: pd.DataFrame | None, stichtag: dt.date, standards: Standards = STANDARDS) -> pd.DataFrame:
    """One row per object inspected by the Stichtag with its defect flags and state at the Stichtag.

    Columns: object_id, address, district_id, district, lat, lon, residents, children_under_6,
    floor_area_m2, m2_per_person, required_m2, overcrowded (boolean, NA when area or residents
    unknown), no_hot_water, no_heating, no_bath_wc, damp_mould, other_defects, has_defect, resolved,
    open, inspection_date, resolved_date, days_to_resolution, days_open, severity, severity_band.
    """
    h = frame("housing", housing_df)
    ts = _ts(stichtag)
    h = h[(h["inspection_date"].isna() | (h["inspection_date"] <= ts)).to_numpy()]
    out = pd.DataFrame(index=h.index)
    out["object_id"] = h["object_id"]
    out["address"] = h["address"]
    out["district_id"] = district_ids_of(h)
    out["district"] = district_names(out["district_id"])
    out["lat"] = h["lat"]
    out["lon"] = h["lon"]
    out["residents"] = h["residents"]
    out["children_under_6"] = h["children_under_6"]
    out["floor_area_m2"] = h["floor_area_m2"]
    res = h["residents"].where(h["residents"] > 0)
    out["m2_per_person"] = h["floor_area_m2"] / res
    out["required_m2"] = required_area(res, h["children_under_6"], standards)
    over = pd.Series(h["floor_area_m2"] < out["required_m2"], index=h.index, dtype="boolean")
    over[(h["floor_area_m2"].isna() | res.isna()).to_numpy()] = pd.NA
    out["overcrowded"] = over
    out["no_hot_water"] = _false(h["hot_water"])
    out["no_heating"] = _false(h["heating"])
    out["no_bath_wc"] = _false(h["bath_wc"])
    out["damp_mould"] = _true(h["damp_mould"])
    # "Sonstige Mängel": a defect the text names beyond the columns; any defect text still makes
    # the object one with a defect
    out["other_defects"] = unnamed_defect(h["defects"])
    out["defect_text"] = has_defect_text(h["defects"])
    out["defects_text"] = h["defects"]
    out["has_defect"] = (out[list(DEFECT_TYPES)].any(axis=1).to_numpy(dtype=bool) | out["defect_text"].to_numpy())

    rd = h["resolved_date"]
    status_done = h["status"].astype("str").str.strip().str.casefold().eq("behoben").fillna(False).to_numpy(dtype=bool)
    resolved = np.where(rd.notna().to_numpy(), (rd <= ts).fillna(False).to_numpy(dtype=bool), status_done)
    out["resolved"] = out["has_defect"].to_numpy() & resolved
    out["open"] = out["has_defect"].to_numpy() & ~resolved
    out["inspection_date"] = h["inspection_date"]
    out["resolved_date"] = rd.where(rd <= ts)
    days = (rd - h["inspection_date"]).dt.days.astype("float64")
    out["days_to_resolution"] = days.where(out["resolved"].to_numpy() & (days >= 0).fillna(False).to_numpy())
    out["days_open"] = ((ts - h["inspection_date"]).dt.days.astype("float64")).where(out["open"].to_numpy())
    counted = out[list(SERIOUS[:-1])].sum(axis=1)
    counted = counted + ((out["other_defects"] | out["defect_text"]) & (counted == 0)).astype(int)
    crowded = out["overcrowded"].fillna(False).to_numpy(dtype=bool).astype(int)
    out["severity"] = (np.where(out["open"].to_numpy(), counted.to_numpy(), 0) + crowded).astype(int)
    out["severity_band"] = [SEVERITY_BANDS[min(int(s), 3)] for s in out["severity"]]
    return out.reset_index(drop=True)


def open_defects(housing_df: pd.DataFrame | None, stichtag: dt.date) -> int:
    """Number of objects with a defect still open at the Stichtag."""
    return int(object_table(housing_df, stichtag)["open"].sum())


@dataclass(frozen=True)
class HousingSummary:
    inspected: int
    flats: float | None
    residents: float | None
    no_hot_water_share: float | None
    no_heating_share: float | None
    no_bath_wc_share: float | None
    damp_mould_share: float | None
    overcrowded: int
    overcrowded_share: float | None
    with_defect: int
    open: int
    resolved: int
    open_share: float | None
    median_days_to_resolution: float | None

    def as_dict(self) -> dict:
        return asdict(self)


def _share(flags: np.ndarray, known: np.ndarray) -> float | None:
    n = int(known.sum())
    return None if n == 0 else float((flags & known).sum()) / n


def _arrays(objects: pd.DataFrame, raw: pd.DataFrame) -> dict[str, np.ndarray]:
    """The columns a summary needs, as numpy arrays (summaries of many areas then cost little)."""
    crowded = objects["overcrowded"]
    return {
        "district_id": objects["district_id"].to_numpy(dtype=object),
        "residents": objects["residents"].to_numpy(dtype="float64"),
        "flats": raw["flats"].to_numpy(dtype="float64"),
        "days": objects["days_to_resolution"].to_numpy(dtype="float64"),
        "overcrowded": crowded.fillna(False).to_numpy(dtype=bool),
        "overcrowded_known": crowded.notna().to_numpy(dtype=bool),
        **{c: objects[c].to_numpy(dtype=bool) for c in ("no_hot_water", "no_heating", "no_bath_wc", "damp_mould",
                                                         "has_defect", "open", "resolved")},
        **{f"{c}_known": raw[c].notna().to_numpy(dtype=bool) for c in ("hot_water", "heating", "bath_wc",
                                                                      "damp_mould")},
    }


def _summarise(a: dict[str, np.ndarray], mask: np.ndarray) -> HousingSummary:
    n = int(mask.sum())
    res = a["residents"][mask]
    flats = a["flats"][mask]
    days = a["days"][mask]
    days = days[~np.isnan(days)]
    n_open = int(a["open"][mask].sum())
    return HousingSummary(
        inspected=n,
        flats=float(np.nansum(flats)) if (~np.isnan(flats)).any() else None,
        residents=float(np.nansum(res)) if (~np.isnan(res)).any() else None,
        no_hot_water_share=_share(a["no_hot_water"][mask], a["hot_water_known"][mask]),
        no_heating_share=_share(a["no_heating"][mask], a["heating_known"][mask]),
        no_bath_wc_share=_share(a["no_bath_wc"][mask], a["bath_wc_known"][mask]),
        damp_mould_share=_share(a["damp_mould"][mask], a["damp_mould_known"][mask]),
        overcrowded=int(a["overcrowded"][mask].sum()),
        overcrowded_share=_share(a["overcrowded"][mask], a["overcrowded_known"][mask]),
        with_defect=int(a["has_defect"][mask].sum()),
        open=n_open,
        resolved=int(a["resolved"][mask].sum()),
        open_share=None if n == 0 else n_open / n,
        median_days_to_resolution=float(np.median(days)) if len(days) else None,
    )


def _with_raw(housing_df: pd.DataFrame | None, stichtag: dt.date, standards: Standards) -> tuple[pd.DataFrame, pd.DataFrame]:
    h = frame("housing", housing_df)
    ts = _ts(stichtag)
    h = h[(h["inspection_date"].isna() | (h["inspection_date"] <= ts)).to_numpy()].reset_index(drop=True)
    return object_table(h, stichtag, standards), h


def housing_summaries(housing_df: pd.DataFrame | None, stichtag: dt.date, areas: dict[str, list[str] | None],
                      standards: Standards = STANDARDS) -> dict[str, HousingSummary]:
    """Summaries of several areas (name -> district ids, None = city) from one pass over the objects."""
    objects, raw = _with_raw(housing_df, stichtag, standards)
    a = _arrays(objects, raw)
    out = {}
    for name, district_ids in areas.items():
        ids = normalise_ids(district_ids)
        mask = np.ones(len(objects), dtype=bool) if ids is None else np.isin(a["district_id"], ids)
        out[name] = _summarise(a, mask)
    return out


def housing_summary(housing_df: pd.DataFrame | None, stichtag: dt.date, district_ids: list[str] | None = None,
                    standards: Standards = STANDARDS) -> HousingSummary:
    """Housing indicators for an area (None = whole city) at the Stichtag.

    Shares are over the objects where the item was recorded (None when never recorded).
    """
    return housing_summaries(housing_df, stichtag, {"area": district_ids}, standards)["area"]


def housing_table(housing_df: pd.DataFrame | None, stichtag: dt.date, focus_ids: list[str] | None = None,
                  standards: Standards = STANDARDS) -> pd.DataFrame:
    """Housing indicators per district (with inspected objects), for the focus area and the city.

    Columns: area_id, area, level and the fields of :class:`HousingSummary`.
    """
    h = frame("housing", housing_df)
    present = sorted(district_ids_of(h).dropna().unique())
    focus = normalise_ids(focus_ids)
    areas = [(d, district_name(d), LEVEL_DISTRICT, [d]) for d in present]
    if focus:
        areas.append((FOCUS_ID, area_label(focus), LEVEL_FOCUS, focus))
    areas.append((CITY_ID, CITY_LABEL, LEVEL_CITY, None))
    sums = housing_summaries(h, stichtag, {a[0]: a[3] for a in areas}, standards)
    rows = [{"area_id": area_id, "area": label, "level": level, **sums[area_id].as_dict()}
            for area_id, label, level, _ in areas]
    out = pd.DataFrame(rows)
    for c in out.columns[3:]:
        out[c] = pd.to_numeric(out[c], errors="coerce").astype("float64")
    return out


def defects_by_type(housing_df: pd.DataFrame | None, stichtag: dt.date, standards: Standards = STANDARDS,
                    include_overcrowding: bool = True) -> pd.DataFrame:
    """Defects by type, district and state at the Stichtag (tidy, for stacked bar charts).

    Columns: district_id, district, defect (German), state ("offen"/"behoben"), objects.
    Only combinations with at least one object are listed.
    """
    objects = object_table(housing_df, stichtag, standards)
    cols = ["district_id", "district", "defect", "state", "objects"]
    types = dict(DEFECT_TYPES)
    if include_overcrowding:
        types["overcrowded"] = OVERCROWDED_LABEL
    parts = []
    state = np.where(objects["open"].to_numpy(), "offen", np.where(objects["resolved"].to_numpy(), "behoben", ""))
    for col, label in types.items():
        flag = objects[col].fillna(False).to_numpy(dtype=bool) if col == "overcrowded" else objects[col].to_numpy()
        if col == "overcrowded":  # overcrowding is a state of the object; it takes the object's defect state
            st = np.where(state == "", "offen", state)
        else:
            st = state
        part = pd.DataFrame({"district_id": objects["district_id"].fillna("–").to_numpy(), "defect": label,
                             "state": st, "flag": flag})
        parts.append(part[part["flag"] & (part["state"] != "")])
    if not parts or all(p.empty for p in parts):
        return pd.DataFrame(columns=cols)
    tidy = pd.concat(parts, ignore_index=True)
    out = tidy.groupby(["district_id", "defect", "state"], as_index=False, sort=False).size()
    out = out.rename(columns={"size": "objects"})
    out["objects"] = out["objects"].astype("float64")
    out["district"] = out["district_id"].map(lambda x: district_name(x) if x != "–" else "ohne Stadtteil")
    order = {lab: i for i, lab in enumerate(types.values())}
    out["_o"] = out["defect"].map(order)
    out = out.sort_values(["district_id", "_o", "state"]).drop(columns="_o").reset_index(drop=True)
    return out[cols]


def space_per_person(housing_df: pd.DataFrame | None, stichtag: dt.date, standards: Standards = STANDARDS) -> pd.DataFrame:
    """m² per person of each object with area and residents known (for a histogram with the standard marked).

    Columns: object_id, district_id, district, residents, children_under_6, floor_area_m2,
    m2_per_person, required_m2_per_person (the object's own standard given its children), overcrowded.
    The flat standard per adult is ``standards.m2_per_adult_flat``.
    """
    o = object_table(housing_df, stichtag, standards)
    o = o[o["m2_per_person"].notna().to_numpy()]
    return pd.DataFrame({
        "object_id": o["object_id"], "district_id": o["district_id"], "district": o["district"],
        "residents": o["residents"], "children_under_6": o["children_under_6"],
        "floor_area_m2": o["floor_area_m2"], "m2_per_person": o["m2_per_person"],
        "required_m2_per_person": o["required_m2"] / o["residents"],
        "overcrowded": o["overcrowded"],
    }).reset_index(drop=True)


def open_defects_over_time(housing_df: pd.DataFrame | None, stichtag: dt.date,
                           district_ids: list[str] | None = None, months: int | None = None) -> pd.DataFrame:
    """Objects with open defects at each month end up to the Stichtag (last point = the Stichtag itself).

    Reconstructed from inspection and resolution dates. Objects marked "behoben" without a date count
    as resolved throughout (the date is unknown), so the last point equals ``open_defects``.
    Objects without an inspection date cannot be placed in time and are left out.
    Columns: date, month (German label "Okt. 2026"), open, new (defects found that month), resolved
    (resolved that month).
    """
    h = frame("housing", housing_df)
    ts = _ts(stichtag)
    o = object_table(h, stichtag)
    o = o[(o["has_defect"] & o["inspection_date"].notna()).to_numpy()]
    ids = normalise_ids(district_ids)
    if ids is not None:
        o = o[o["district_id"].isin(ids).to_numpy()]
    cols = ["date", "month", "open", "new", "resolved"]
    if o.empty:
        return pd.DataFrame(columns=cols)
    start = o["inspection_date"].min().to_period("M")
    if months is not None:
        start = max(start, ts.to_period("M") - (months - 1))
    periods = pd.period_range(start, ts.to_period("M"), freq="M")
    ends = [min(p.to_timestamp(how="end").normalize(), ts) for p in periods]
    insp = o["inspection_date"].to_numpy()
    res = o["resolved_date"].to_numpy()  # NaT unless resolved by the Stichtag with a date
    undated = (o["resolved"] & o["resolved_date"].isna()).to_numpy()
    rows = []
    for p, end in zip(periods, ends):
        e = np.datetime64(end)
        b = np.datetime64(p.to_timestamp(how="start"))
        found = insp <= e
        done = (~np.isnat(res) & (res <= e)) | undated
        rows.append({
            "date": end, "month": fmt.month(end),
            "open": float((found & ~done).sum()),
            "new": float(((insp >= b) & (insp <= e)).sum()),
            "resolved": float((~np.isnat(res) & (res >= b) & (res <= e)).sum()),
        })
    return pd.DataFrame(rows, columns=cols)


def defect_list(objects: pd.DataFrame) -> pd.Series:
    """German comma list of an object's defects ("Kein Warmwasser, Feuchtigkeit/Schimmel, Überbelegt").

    "Sonstige Mängel" exactly where :func:`defects_by_type` counts it (the ``other_defects`` column:
    the text names a defect no column covers); the text itself is in the ``description`` column of
    :func:`worst_objects`.
    """
    if objects.empty:
        return pd.Series([], dtype="str")
    flags = {label: objects[col].to_numpy(dtype=bool) for col, label in DEFECT_TYPES.items() if col != "other_defects"}
    crowded = objects["overcrowded"].fillna(False).to_numpy(dtype=bool)
    other = objects["other_defects"].to_numpy(dtype=bool)
    items = [*flags.items(), (OVERCROWDED_LABEL, crowded), (DEFECT_TYPES["other_defects"], other)]
    out = [", ".join(label for label, f in items if f[i]) for i in range(len(objects))]
    return pd.Series(out, index=objects.index, dtype="str")


def worst_objects(housing_df: pd.DataFrame | None, stichtag: dt.date, n: int | None = 20,
                  district_ids: list[str] | None = None, standards: Standards = STANDARDS) -> pd.DataFrame:
    """Objects with open defects, worst first (severity, then days open) — for the administration view.

    Columns: object_id, address, district_id, district, defects (German list), description (the
    defects text as recorded), severity, residents, open_since (inspection date), days_open. ``WORST_COLUMNS_DE`` gives German column titles.
    """
    o = object_table(housing_df, stichtag, standards)
    o = o[o["open"].to_numpy()]
    ids = normalise_ids(district_ids)
    if ids is not None:
        o = o[o["district_id"].isin(ids).to_numpy()]
    cols = ["object_id", "address", "district_id", "district", "defects", "description", "severity", "residents",
            "open_since", "days_open"]
    if o.empty:
        return pd.DataFrame(columns=cols)
    out = pd.DataFrame({
        "object_id": o["object_id"], "address": o["address"], "district_id": o["district_id"],
        "district": o["district"], "defects": defect_list(o).to_numpy(), "description": o["defects_text"],
        "severity": o["severity"],
        "residents": o["residents"], "open_since": o["inspection_date"], "days_open": o["days_open"],
    })
    out = out.sort_values(["severity", "days_open", "residents"], ascending=[False, False, False],
                          na_position="last", kind="stable")
    if n is not None:
        out = out.head(n)
    return out[cols].reset_index(drop=True)
