"""Residents' stays: roster at the Stichtag, length of stay, completed stays, composition, flows.

Input is the canonical ``residents`` frame (one row per stay, see ``ankunft.core.glossary``). A stay is
present on day ``d`` when ``move_in <= d < move_out`` (the move-out day is no longer counted).
Every function that needs stays returns :class:`~ankunft.indicators.Unavailable` with a German
reason when no residents file is loaded, so accommodation-level data alone still works.

Per-accommodation results use the column ``accommodation_id`` added by
:func:`attach_accommodation_ids` (the accommodation's id, or its name when it has no id); without
it they group by the raw ``accommodation`` value.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ankunft.core import fmt, glossary
from ankunft.core.names import name_key
from ankunft.core.reference import ENTITLED_STATUSES, STANDARDS
from ankunft.indicators import Unavailable, passes_unavailable

DAYS_PER_YEAR = 365.25
DAYS_PER_MONTH = DAYS_PER_YEAR / 12
TRANSFER_GAP_DAYS = 7  # a move-in within 7 days of a move-out elsewhere is a transfer, not an arrival

BANDS = ("< 1 Jahr", "1–3 Jahre", "3–5 Jahre", "> 5 Jahre")
BAND_EDGES_YEARS = (0.0, 1.0, 3.0, 5.0, np.inf)

COMPLETED_BANDS = ("< 3 Monate", "3–6 Monate", "6–12 Monate", "12–18 Monate", "18–24 Monate",
                   "2–3 Jahre", "3–5 Jahre", "> 5 Jahre")
COMPLETED_EDGES_MONTHS = (0.0, 3.0, 6.0, 12.0, 18.0, 24.0, 36.0, 60.0, np.inf)

AGE_GROUPS = ("Kinder 0–5", "Kinder 6–17", "Erwachsene")
UNKNOWN = "ohne Angabe"
ENTITLED = "auszugsberechtigt"
NOT_ENTITLED = "unterzubringen"
HOUSEHOLD_SIZE_MAX = 6  # sizes from 6 up are shown together as "6+ Personen"

MEASURE_SNAPSHOTS = "aus Stichtagen"
MEASURE_RECONSTRUCTED = "aus Aufenthalten rekonstruiert"

NO_STAYS = ("Keine Bewohnerdatei geladen: Diese Auswertung braucht die Aufenthalte der Bewohner "
            "(Sozialamt). Laden Sie den Export auf der Seite Daten hoch.")

# German column labels for display (keys are the English column names of the results).
LABELS = {
    "accommodation_id": "Unterkunft",
    "band": "Aufenthaltsdauer",
    "count": "Anzahl",
    "share": "Anteil",
    "residents": "Bewohner",
    "long_stay": "länger als 3 Jahre",
    "days": "Tage",
    "years": "Jahre",
    "months": "Monate",
    "group": "Gruppe",
    "size": "Haushaltsgröße",
    "label": "Haushaltsgröße",
    "households": "Haushalte",
    "persons": "Personen",
    "status": "Aufenthaltsstatus",
    "date": "Datum",
    "occupancy": "Belegung",
    "capacity": "Plätze",
    "month": "Monat",
    "month_label": "Monat",
    "arrivals": "Zugänge",
    "departures": "Abgänge",
    "age": "Alter",
    "age_group": "Altersgruppe",
    "entitled": "Auszugsberechtigt",
}


def _ts(day) -> pd.Timestamp:
    return pd.Timestamp(day).normalize()


def _limit(field_key: str) -> str:
    return f"{glossary.label('residents', field_key)} fehlt in der Bewohnerdatei: " \
           f"{glossary.RESIDENTS.limits[field_key]}"


# --- input ------------------------------------------------------------------------------------
def stays_frame(residents: pd.DataFrame | Unavailable | None) -> pd.DataFrame | Unavailable:
    """The canonical residents frame, or Unavailable when no stays are loaded."""
    if isinstance(residents, Unavailable):
        return residents
    if residents is None or len(residents) == 0:
        return Unavailable(NO_STAYS)
    missing = set(glossary.RESIDENTS.keys) - set(residents.columns)
    if missing or not pd.api.types.is_datetime64_any_dtype(residents["move_in"]):
        extra = residents[["accommodation_id"]] if "accommodation_id" in residents.columns else None
        residents = glossary.conform("residents", residents)
        if extra is not None:
            residents["accommodation_id"] = extra["accommodation_id"]
    return residents


def _acc_col(df: pd.DataFrame) -> str:
    return "accommodation_id" if "accommodation_id" in df.columns else "accommodation"


# --- resolving accommodations -----------------------------------------------------------------


def accommodation_keys(accommodations: pd.DataFrame) -> pd.Series:
    """One key per accommodation: its id, or its name when the id is missing."""
    if len(accommodations) == 0:
        return pd.Series([], dtype="str", index=accommodations.index)
    ids = accommodations["id"].astype("str").str.strip() if "id" in accommodations.columns \
        else pd.Series(pd.NA, index=accommodations.index, dtype="str")
    ids = ids.where(ids.notna() & (ids != ""))
    return ids.fillna(accommodations["name"].astype("str").str.strip()).astype("str")


def resolve_accommodations(values: pd.Series, accommodations: pd.DataFrame) -> pd.Series:
    """Accommodation key for each value: match the id first, then the normalised name; NA if unknown."""
    keys = accommodation_keys(accommodations)
    by_id: dict[str, str] = {}
    if "id" in accommodations.columns:
        for i, k in zip(accommodations["id"], keys):
            if pd.notna(i):
                by_id.setdefault(str(i).strip(), k)
    by_name: dict[str, str] = {}
    for n, k in zip(accommodations["name"], keys):
        if pd.notna(n):
            by_name.setdefault(name_key(n), k)
    codes, uniques = pd.factorize(values)
    resolved = [by_id.get(str(v).strip()) or by_name.get(name_key(str(v).strip())) for v in uniques]
    lookup = np.array(resolved + [None], dtype="object")  # code -1 (missing) picks the trailing None
    return pd.Series(lookup[codes], index=values.index, dtype="str")


def attach_accommodation_ids(residents: pd.DataFrame | None,
                             accommodations: pd.DataFrame | None) -> pd.DataFrame | Unavailable:
    """Residents with ``accommodation_id``: the resolved key, or the raw value when it matches nothing."""
    stays = stays_frame(residents)
    if isinstance(stays, Unavailable):
        return stays
    stays = stays.copy()
    raw = stays["accommodation"].astype("str").str.strip()
    if accommodations is None or len(accommodations) == 0:
        stays["accommodation_id"] = raw
        return stays
    stays["accommodation_id"] = resolve_accommodations(stays["accommodation"], accommodations).fillna(raw)
    return stays


def unmatched_accommodations(residents: pd.DataFrame | None, accommodations: pd.DataFrame) -> list[str]:
    """Accommodation values in the residents file that match no accommodation (for a data note)."""
    stays = stays_frame(residents)
    if isinstance(stays, Unavailable) or len(accommodations) == 0:
        return []
    values = pd.Series(stays["accommodation"].dropna().unique(), dtype="str")
    resolved = resolve_accommodations(values, accommodations)
    return sorted({str(v).strip() for v in values[resolved.isna().to_numpy()]})


# --- roster at the Stichtag ---------------------------------------------------------------------
def stay_band(years: pd.Series) -> pd.Series:
    """Length-of-stay band (< 1, 1–3, 3–5, > 5 years) per value; 5 years and more is "> 5 Jahre"."""
    cat = pd.cut(years, bins=list(BAND_EDGES_YEARS), labels=list(BANDS), right=False)
    return cat.astype("str").where(years.notna())


def age_at(birth_year: pd.Series, stichtag: dt.date) -> pd.Series:
    """Age reached in the Stichtag's year (birth year only is known); NaN when unknown or in the future."""
    age = stichtag.year - pd.to_numeric(birth_year, errors="coerce").astype("float64")
    return age.where(age >= 0)


def age_group(age: pd.Series) -> pd.Series:
    """Kinder 0–5, Kinder 6–17, Erwachsene, or "ohne Angabe"."""
    a = pd.to_numeric(age, errors="coerce").to_numpy(dtype="float64", na_value=np.nan)
    groups = np.select([(a >= 0) & (a <= 5), (a >= 6) & (a <= 17), a >= 18], list(AGE_GROUPS), default=UNKNOWN)
    return pd.Series(groups, index=age.index, dtype="str")


def entitled_flags(stays: pd.DataFrame, entitled_statuses=ENTITLED_STATUSES) -> pd.Series:
    """Entitled to move into a flat: ``may_move_out`` where given, else from the residence status; NA if unknown."""
    out = stays["may_move_out"].astype("boolean").copy()
    status = stays["residence_status"]
    from_status = status.isin(list(entitled_statuses)).astype("boolean").where(status.notna(), pd.NA)
    return out.fillna(from_status).astype("boolean")


def roster(residents: pd.DataFrame | None, stichtag: dt.date) -> pd.DataFrame | Unavailable:
    """Stays present at the Stichtag, with ``days``, ``years``, ``band``, ``age``, ``age_group``, ``entitled``."""
    stays = stays_frame(residents)
    if isinstance(stays, Unavailable):
        return stays
    day = _ts(stichtag)
    present = (stays["move_in"] <= day) & (stays["move_out"].isna() | (stays["move_out"] > day))
    out = stays.loc[present.fillna(False).to_numpy()].copy()
    out["days"] = (day - out["move_in"]).dt.days.astype("float64")
    out["years"] = out["days"] / DAYS_PER_YEAR
    out["band"] = stay_band(out["years"])
    out["age"] = age_at(out["birth_year"], stichtag)
    out["age_group"] = age_group(out["age"])
    out["entitled"] = entitled_flags(out)
    return out


def occupancy_by_accommodation(roster_df: pd.DataFrame | Unavailable) -> pd.Series | Unavailable:
    """Residents present per accommodation key (from the roster)."""
    if isinstance(roster_df, Unavailable):
        return roster_df
    return roster_df.groupby(_acc_col(roster_df)).size().astype("float64")


# --- length of stay ----------------------------------------------------------------------------
def _band_counts(bands: pd.Series, order) -> pd.DataFrame:
    counts = bands.value_counts().reindex(list(order), fill_value=0).astype("int64")
    total = int(counts.sum())
    share = counts / total if total else pd.Series(np.nan, index=counts.index)
    return pd.DataFrame({"band": list(order), "count": counts.to_numpy(), "share": share.to_numpy()})


@passes_unavailable
def length_of_stay_bands(roster_df: pd.DataFrame, by_accommodation: bool = False) -> pd.DataFrame:
    """Current residents per length-of-stay band (all four bands, zero included).

    Columns: band, count, share; with ``by_accommodation`` also accommodation_id (share within it).
    """
    if not by_accommodation:
        return _band_counts(roster_df["band"], BANDS)
    cols = ["accommodation_id", "band", "count", "share"]
    if len(roster_df) == 0:
        return pd.DataFrame(columns=cols)
    key_codes, keys = pd.factorize(roster_df[_acc_col(roster_df)], sort=True)
    band_codes = pd.Categorical(roster_df["band"], categories=list(BANDS)).codes
    ok = (key_codes >= 0) & (band_codes >= 0)
    nb = len(BANDS)
    counts = np.bincount(key_codes[ok] * nb + band_codes[ok], minlength=len(keys) * nb).reshape(len(keys), nb)
    totals = counts.sum(axis=1, keepdims=True)
    shares = np.divide(counts, totals, out=np.full(counts.shape, np.nan), where=totals > 0)
    return pd.DataFrame({
        "accommodation_id": np.repeat(np.asarray(keys, dtype="object"), nb).astype("str"),
        "band": np.tile(list(BANDS), len(keys)),
        "count": counts.ravel().astype("int64"),
        "share": shares.ravel(),
    })[cols]


@passes_unavailable
def long_stay_share(roster_df: pd.DataFrame, years: float = STANDARDS.long_stay_years) -> float | None:
    """Share of current residents living there for ``years`` or longer; None when nobody lives there."""
    if len(roster_df) == 0:
        return None
    return float((roster_df["years"] >= years).mean())


@passes_unavailable
def long_stay_by_accommodation(roster_df: pd.DataFrame,
                               years: float = STANDARDS.long_stay_years) -> pd.DataFrame:
    """Per accommodation: residents, long_stay (≥ ``years``) and share."""
    col = _acc_col(roster_df)
    g = roster_df.assign(_long=(roster_df["years"] >= years).astype("int64")).groupby(col)
    out = pd.DataFrame({"residents": g.size(), "long_stay": g["_long"].sum()})
    out["share"] = out["long_stay"] / out["residents"]
    out = out.reset_index().rename(columns={col: "accommodation_id"})
    return out[["accommodation_id", "residents", "long_stay", "share"]]


# --- completed stays ---------------------------------------------------------------------------
def completed_stays(residents: pd.DataFrame | None, stichtag: dt.date) -> pd.DataFrame | Unavailable:
    """Stays that ended on or before the Stichtag, with ``days`` and ``months``."""
    stays = stays_frame(residents)
    if isinstance(stays, Unavailable):
        return stays
    if not stays["move_out"].notna().any():
        return Unavailable(_limit("move_out"))
    day = _ts(stichtag)
    ended = stays["move_out"].notna() & (stays["move_out"] <= day) & (stays["move_out"] >= stays["move_in"])
    out = stays.loc[ended.fillna(False).to_numpy()].copy()
    out["days"] = (out["move_out"] - out["move_in"]).dt.days.astype("float64")
    out["months"] = out["days"] / DAYS_PER_MONTH
    return out


@passes_unavailable
def completed_stay_histogram(completed: pd.DataFrame) -> pd.DataFrame:
    """Completed stays per duration band (< 3 months … > 5 years). Columns: band, count, share."""
    cat = pd.cut(completed["months"], bins=list(COMPLETED_EDGES_MONTHS), labels=list(COMPLETED_BANDS),
                 right=False)
    return _band_counts(cat.astype("str"), COMPLETED_BANDS)


@passes_unavailable
def completed_stay_summary(completed: pd.DataFrame) -> dict:
    """Count, median duration (days) and the shares under 3 months and over 18 months."""
    n = len(completed)
    if n == 0:
        return {"count": 0, "median_days": None, "share_under_3_months": None, "share_over_18_months": None}
    months = completed["months"]
    return {
        "count": n,
        "median_days": float(completed["days"].median()),
        "share_under_3_months": float((months < 3).mean()),
        "share_over_18_months": float((months >= 18).mean()),
    }


# --- composition -------------------------------------------------------------------------------
@passes_unavailable
def household_sizes(roster_df: pd.DataFrame) -> pd.DataFrame | Unavailable:
    """Households present by size (persons present). Columns: size, label, households, persons."""
    if not roster_df["household_id"].notna().any():
        return Unavailable(_limit("household_id"))
    hh = roster_df["household_id"].astype("str").fillna("_p_" + roster_df["person_id"].astype("str"))
    size_per_household = hh.value_counts()
    bucket = size_per_household.clip(upper=HOUSEHOLD_SIZE_MAX)
    sizes = list(range(1, HOUSEHOLD_SIZE_MAX + 1))
    households = bucket.value_counts().reindex(sizes, fill_value=0)
    persons = size_per_household.groupby(bucket).sum().reindex(sizes, fill_value=0)
    labels = [fmt.plural(n, "Person", "Personen") for n in sizes[:-1]] + [f"{HOUSEHOLD_SIZE_MAX}+ Personen"]
    return pd.DataFrame({"size": sizes, "label": labels,
                         "households": households.to_numpy().astype("int64"),
                         "persons": persons.to_numpy().astype("int64")})


def _category_counts(values: pd.Series, order) -> pd.DataFrame:
    counts = values.fillna(UNKNOWN).astype("str").value_counts()
    known = [c for c in order if c in counts.index]
    other = sorted(c for c in counts.index if c not in order and c != UNKNOWN)
    rest = [UNKNOWN] if UNKNOWN in counts.index else []
    keys = known + other + rest
    return pd.DataFrame({"group": keys, "count": [int(counts[k]) for k in keys]})


@passes_unavailable
def age_groups(roster_df: pd.DataFrame) -> pd.DataFrame | Unavailable:
    """Current residents: Kinder 0–5, Kinder 6–17, Erwachsene (+ "ohne Angabe"). Columns: group, count."""
    if not roster_df["birth_year"].notna().any():
        return Unavailable(_limit("birth_year"))
    counts = roster_df["age_group"].value_counts()
    order = list(AGE_GROUPS) + ([UNKNOWN] if UNKNOWN in counts.index else [])
    return pd.DataFrame({"group": order, "count": counts.reindex(order, fill_value=0).to_numpy().astype("int64")})


@passes_unavailable
def residence_statuses(roster_df: pd.DataFrame) -> pd.DataFrame | Unavailable:
    """Current residents per residence status (glossary order). Columns: group, count."""
    if not roster_df["residence_status"].notna().any():
        return Unavailable(_limit("residence_status"))
    return _category_counts(roster_df["residence_status"], glossary.RESIDENCE_STATUSES)


@passes_unavailable
def move_out_entitlement(roster_df: pd.DataFrame) -> pd.DataFrame | Unavailable:
    """Current residents entitled to move into a flat vs. still to be housed. Columns: group, count."""
    flags = roster_df["entitled"] if "entitled" in roster_df.columns else entitled_flags(roster_df)
    if not flags.notna().any():
        return Unavailable("Weder Auszugsberechtigung noch Aufenthaltsstatus in der Bewohnerdatei: "
                           "Auszugsberechtigte nicht bestimmbar.")
    groups = flags.map({True: ENTITLED, False: NOT_ENTITLED}).astype("str")
    return _category_counts(groups, (ENTITLED, NOT_ENTITLED))


@passes_unavailable
def entitled_count(roster_df: pd.DataFrame) -> int | None:
    """People present who are entitled to move out; None when neither flag nor status is known."""
    flags = roster_df["entitled"] if "entitled" in roster_df.columns else entitled_flags(roster_df)
    if len(roster_df) and not flags.notna().any():
        return None
    return int(flags.fillna(False).sum())


@passes_unavailable
def composition(roster_df: pd.DataFrame) -> dict[str, pd.DataFrame | Unavailable]:
    """All composition views at once: households, age_groups, residence_status, entitlement."""
    return {
        "households": household_sizes(roster_df),
        "age_groups": age_groups(roster_df),
        "residence_status": residence_statuses(roster_df),
        "entitlement": move_out_entitlement(roster_df),
    }


# --- occupancy over time -----------------------------------------------------------------------
@dataclass(frozen=True)
class OccupancySeries:
    """Occupancy over time and which measure it is (``aus Stichtagen`` / ``aus Aufenthalten rekonstruiert``)."""

    frame: pd.DataFrame  # columns: date, occupancy, capacity
    measure: str


def month_end_dates(stichtag: dt.date, months: int) -> list[pd.Timestamp]:
    """Month ends of the ``months`` months up to the Stichtag's month; the last point is the Stichtag."""
    day = _ts(stichtag)
    ends = pd.date_range(end=day + pd.offsets.MonthEnd(0), periods=months, freq="ME")
    return [d.normalize() for d in ends[:-1]] + [day]


def occupancy_from_stays(residents: pd.DataFrame | None, stichtag: dt.date,
                         months: int = 36) -> pd.DataFrame | Unavailable:
    """Residents present at each month end (last point: the Stichtag), reconstructed from the stays.

    Columns: date, occupancy, capacity (NaN: stays say nothing about places).
    """
    stays = stays_frame(residents)
    if isinstance(stays, Unavailable):
        return stays
    dates = month_end_dates(stichtag, months)
    valid = stays["move_in"].notna() & ~(stays["move_out"] < stays["move_in"]).fillna(False)
    ins = np.sort(stays.loc[valid, "move_in"].to_numpy(dtype="datetime64[ns]"))
    outs = stays.loc[valid, "move_out"].dropna()
    outs = np.sort(outs.to_numpy(dtype="datetime64[ns]"))
    points = np.array(dates, dtype="datetime64[ns]")
    present = np.searchsorted(ins, points, side="right") - np.searchsorted(outs, points, side="right")
    return pd.DataFrame({"date": pd.to_datetime(points), "occupancy": present.astype("float64"),
                         "capacity": np.nan})


def occupancy_from_snapshots(snapshots: Mapping[dt.date, pd.DataFrame]) -> pd.DataFrame:
    """Occupancy and places per accommodation snapshot. Columns: date, occupancy, capacity."""
    rows = []
    for day, df in sorted(snapshots.items()):
        occ = df["occupancy"].sum(min_count=1) if "occupancy" in df.columns else np.nan
        cap = df["capacity"].sum(min_count=1) if "capacity" in df.columns else np.nan
        rows.append({"date": _ts(day), "occupancy": float(occ), "capacity": float(cap)})
    return pd.DataFrame(rows, columns=["date", "occupancy", "capacity"])


def occupancy_over_time(snapshots: Mapping[dt.date, pd.DataFrame] | None, residents: pd.DataFrame | None,
                        stichtag: dt.date, months: int = 36) -> OccupancySeries | Unavailable:
    """From accommodation snapshots when at least two carry occupancy, else reconstructed from stays."""
    if snapshots:
        snap = occupancy_from_snapshots({d: s for d, s in snapshots.items() if _ts(d) <= _ts(stichtag)})
        if int(snap["occupancy"].notna().sum()) >= 2:
            return OccupancySeries(snap.dropna(subset=["occupancy"]).reset_index(drop=True), MEASURE_SNAPSHOTS)
    rebuilt = occupancy_from_stays(residents, stichtag, months)
    if isinstance(rebuilt, Unavailable):
        return Unavailable("Für einen Verlauf braucht es mindestens zwei Stichtage der Unterkunftsliste mit "
                           "Belegung oder die Bewohnerdatei (Aufenthalte).")
    return OccupancySeries(rebuilt, MEASURE_RECONSTRUCTED)


# --- arrivals and departures -------------------------------------------------------------------
def _flow_flags(stays: pd.DataFrame, count_transfers: bool) -> tuple[pd.Series, pd.Series]:
    """(is_arrival, is_departure) per stay; transfers between accommodations excluded unless asked."""
    if count_transfers:
        return pd.Series(True, index=stays.index), stays["move_out"].notna()
    person = pd.factorize(stays["person_id"])[0]
    ins = stays["move_in"].to_numpy(dtype="datetime64[ns]")
    outs = stays["move_out"].to_numpy(dtype="datetime64[ns]")
    order = np.lexsort((ins, person))
    p, i, o = person[order], ins[order], outs[order]
    same_prev = np.r_[False, (p[1:] == p[:-1]) & (p[1:] >= 0)]
    same_next = np.r_[same_prev[1:], False]
    prev_out = np.r_[np.datetime64("NaT", "ns"), o[:-1]]
    next_in = np.r_[i[1:], np.datetime64("NaT", "ns")]
    gap = np.timedelta64(TRANSFER_GAP_DAYS, "D")
    with np.errstate(invalid="ignore"):
        transfer_in = same_prev & ~np.isnat(prev_out) & (np.abs(i - prev_out) <= gap)
        transfer_out = same_next & ~np.isnat(o) & (np.abs(next_in - o) <= gap)
    arrival = np.empty(len(order), dtype=bool)
    departure = np.empty(len(order), dtype=bool)
    arrival[order] = ~transfer_in
    departure[order] = ~np.isnat(o) & ~transfer_out
    return pd.Series(arrival, index=stays.index), pd.Series(departure, index=stays.index)


def arrivals_departures(residents: pd.DataFrame | None, stichtag: dt.date, months: int = 24,
                        count_transfers: bool = False) -> pd.DataFrame | Unavailable:
    """Arrivals (move-ins) and departures (move-outs) per calendar month up to the Stichtag.

    City-wide, a move between accommodations within 7 days is not counted (``count_transfers`` counts
    every stay, as for one accommodation). Columns: month (first day), month_label, arrivals, departures.
    """
    stays = stays_frame(residents)
    if isinstance(stays, Unavailable):
        return stays
    day = _ts(stichtag)
    periods = pd.period_range(end=day.to_period("M"), periods=months, freq="M")
    month_starts = periods.to_timestamp()
    arrival, departure = _flow_flags(stays, count_transfers)
    ins = stays.loc[arrival & (stays["move_in"] <= day), "move_in"]
    outs = stays.loc[departure & (stays["move_out"] <= day), "move_out"]
    a = ins.dt.to_period("M").value_counts()
    d = outs.dt.to_period("M").value_counts()
    out = pd.DataFrame({
        "month": month_starts,
        "month_label": [fmt.month(m) for m in month_starts],
        "arrivals": a.reindex(periods, fill_value=0).to_numpy().astype("int64"),
        "departures": d.reindex(periods, fill_value=0).to_numpy().astype("int64"),
    })
    if not stays["move_out"].notna().any():
        out["departures"] = pd.array([pd.NA] * len(out), dtype="Int64")
    return out
