"""Per-accommodation table: places, occupancy, utilisation, space, cost, contracts, flags.

Occupancy: when a residents file is loaded and names the accommodation, the roster count at the
Stichtag wins over the accommodation list's own ``occupancy`` column; a difference is noted.
Every flag carries the rule behind it (German), so the UI can show it on hover.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ankunft.core import fmt, glossary, reference
from ankunft.core.palette import FLAG_LABEL
from ankunft.core.reference import STANDARDS, Standards
from ankunft.indicators import Unavailable
from ankunft.indicators import stays as stays_mod
from ankunft.indicators.areas import district_ids_of

OPEN_STATUSES = ("in Betrieb", "in Schließung")
SOURCE_ROSTER = "Bewohnerdatei"
SOURCE_COLUMN = "Unterkunftsliste"

LEVEL_RED = "rot"
LEVEL_AMBER = "gelb"
LEVEL_GREEN = "gruen"
LEVEL_ORDER = {LEVEL_RED: 0, LEVEL_AMBER: 1, LEVEL_GREEN: 2}

# German column labels of the table (English keys).
LABELS = {
    "key": "Schlüssel",
    "id": "Unterkunfts-Nr.",
    "name": "Unterkunft",
    "address": "Adresse",
    "district_id": "Stadtteil-Nr.",
    "district": "Stadtteil",
    "type": "Art",
    "operator": "Träger",
    "status": "Status",
    "is_open": "in Betrieb",
    "capacity": "Plätze",
    "occupancy_reported": "Belegung laut Liste",
    "occupancy_roster": "Belegung laut Bewohnerdatei",
    "occupancy": "Belegung",
    "occupancy_source": "Belegung aus",
    "occupancy_note": "Hinweis Belegung",
    "utilisation": "Auslastung",
    "free_places": "Freie Plätze",
    "over_capacity": "Überbelegung (Personen)",
    "floor_area_m2": "Wohnfläche (m²)",
    "m2_per_person": "m² je Person",
    "social_workers": "Sozialarbeit (VZÄ)",
    "residents_per_social_worker": "Bewohner je VZÄ",
    "monthly_cost_per_place": "Kosten je Platz und Monat",
    "monthly_cost": "Kosten je Monat",
    "cost_per_occupied_place": "Kosten je belegtem Platz",
    "lease_end": "Mietvertrag bis",
    "planned_closure": "Geplante Schließung",
    "flag_level": "Ampel",
    "flag_labels": "Hinweise",
    "flag_rules": "Regeln",
}


@dataclass(frozen=True)
class Flag:
    """One flag of one accommodation: short label, the general rule, and the specific finding."""

    code: str
    level: str  # "rot" | "gelb"
    label: str
    rule: str
    detail: str


def flag_rules(standards: Standards = STANDARDS) -> dict[str, str]:
    """The rule behind each flag code, in German, with the configured thresholds."""
    per = standards.residents_per_social_worker
    return {
        "over_capacity": "Rot, wenn mehr Menschen in der Unterkunft leben, als sie Plätze hat.",
        "high_utilisation": f"Gelb ab einer Auslastung von {fmt.pct(standards.utilisation_alert, 0)}.",
        "lease_expired": "Rot, wenn der Mietvertrag am Stichtag abgelaufen ist und die Unterkunft noch betrieben "
                         "wird oder bewohnt ist.",
        "lease_ending": f"Gelb, wenn der Mietvertrag innerhalb von {standards.lease_warning_months} Monaten nach "
                        "dem Stichtag endet.",
        "closure_overdue": "Rot, wenn das geplante Schließdatum erreicht ist und noch Menschen dort leben.",
        "space_below_standard": f"Gelb unter {fmt.m2(standards.m2_per_person_accommodation)} Wohnfläche je Person.",
        "social_work_below_standard": f"Gelb, wenn mehr als {fmt.num(per)} Bewohner auf eine Vollzeitstelle "
                                      f"Sozialarbeit kommen (entspricht {fmt.num(200 / per)} je 200 Bewohner).",
    }


def is_open(accommodations: pd.DataFrame) -> pd.Series:
    """In operation: status "in Betrieb" or "in Schließung", or no status given."""
    status = accommodations["status"]
    return (status.isna() | status.isin(list(OPEN_STATUSES))).astype("bool")


def _occupancy(acc: pd.DataFrame, keys: pd.Series, stays, roster) -> pd.DataFrame:
    """occupancy_reported, occupancy_roster, occupancy, occupancy_source, occupancy_note per row."""
    reported = acc["occupancy"].astype("float64")
    roster_counts = pd.Series(np.nan, index=acc.index)
    covered = pd.Series(False, index=acc.index)
    if stays is not None and not isinstance(stays, Unavailable):
        counts = stays_mod.occupancy_by_accommodation(roster)
        covered = keys.isin(stays["accommodation_id"].dropna().unique())
        roster_counts = keys.map(counts).astype("float64").fillna(0.0).where(covered)
    occupancy = roster_counts.where(covered, reported)
    source = pd.Series(np.where(covered, SOURCE_ROSTER, np.where(reported.notna(), SOURCE_COLUMN, "")),
                       index=acc.index, dtype="str")
    notes = []
    for rep, ros, cov in zip(reported, roster_counts, covered):
        if cov and pd.notna(rep) and rep != ros:
            notes.append(f"Unterkunftsliste nennt {fmt.integer(rep)}, Bewohnerdatei {fmt.integer(ros)} "
                         "Bewohner; gezählt wird die Bewohnerdatei.")
        elif stays is not None and not isinstance(stays, Unavailable) and not cov:
            notes.append("Nicht in der Bewohnerdatei; Belegung aus der Unterkunftsliste." if pd.notna(rep)
                         else "Nicht in der Bewohnerdatei und ohne Belegungsangabe.")
        else:
            notes.append("")
    return pd.DataFrame({"occupancy_reported": reported, "occupancy_roster": roster_counts,
                         "occupancy": occupancy, "occupancy_source": source,
                         "occupancy_note": pd.Series(notes, index=acc.index, dtype="str")})


def _divide(a: pd.Series, b: pd.Series) -> pd.Series:
    """a / b, NaN where b is 0 or missing."""
    return a / b.where(b > 0)


def _truthy(value) -> bool:
    return value is not None and not pd.isna(value) and bool(value)


def _flags_of(row, day: pd.Timestamp, standards: Standards) -> list[Flag]:
    rules = flag_rules(standards)
    name = row["name"]
    out: list[Flag] = []
    occ, cap = row["occupancy"], row["capacity"]
    if pd.notna(occ) and pd.notna(cap) and occ > cap:
        out.append(Flag("over_capacity", LEVEL_RED, "Überbelegt", rules["over_capacity"],
                        f"{name} ist überbelegt: {fmt.integer(occ)} Bewohner auf {fmt.integer(cap)} Plätzen."))
    elif pd.notna(row["utilisation"]) and row["utilisation"] >= standards.utilisation_alert:
        out.append(Flag("high_utilisation", LEVEL_AMBER, "Hohe Auslastung", rules["high_utilisation"],
                        f"{name} ist zu {fmt.pct(row['utilisation'])} ausgelastet "
                        f"(Warnschwelle {fmt.pct(standards.utilisation_alert, 0)})."))
    lease = row["lease_end"]
    occupied_or_open = row["is_open"] or (pd.notna(occ) and occ > 0)
    if pd.notna(lease) and lease <= day and occupied_or_open:
        out.append(Flag("lease_expired", LEVEL_RED, "Mietvertrag abgelaufen", rules["lease_expired"],
                        f"Der Mietvertrag für {name} ist am {fmt.date(lease)} ausgelaufen; "
                        "die Unterkunft wird noch genutzt."))
    elif pd.notna(lease) and day < lease <= day + pd.DateOffset(months=standards.lease_warning_months) \
            and occupied_or_open:
        out.append(Flag("lease_ending", LEVEL_AMBER, "Mietvertrag endet", rules["lease_ending"],
                        f"Der Mietvertrag für {name} endet am {fmt.date(lease)}."))
    closure = row["planned_closure"]
    if pd.notna(closure) and closure <= day and pd.notna(occ) and occ > 0:
        out.append(Flag("closure_overdue", LEVEL_RED, "Schließung überfällig", rules["closure_overdue"],
                        f"{name} sollte am {fmt.date(closure)} schließen; dort leben noch "
                        f"{fmt.plural(occ, 'Mensch', 'Menschen')}."))
    space = row["m2_per_person"]
    if pd.notna(space) and space < standards.m2_per_person_accommodation:
        out.append(Flag("space_below_standard", LEVEL_AMBER, "Zu wenig Fläche", rules["space_below_standard"],
                        f"In {name} stehen je Person {fmt.m2(space)} zur Verfügung "
                        f"(Standard: {fmt.m2(standards.m2_per_person_accommodation)})."))
    if _truthy(row["social_work_below"]):
        workers = row["social_workers"]
        finding = (f"kommen {fmt.integer(occ)} Bewohner auf {fmt.num(workers, 1)} VZÄ Sozialarbeit"
                   if workers > 0 else f"gibt es für {fmt.integer(occ)} Bewohner keine Sozialarbeit")
        out.append(Flag("social_work_below_standard", LEVEL_AMBER, "Zu wenig Sozialarbeit",
                        rules["social_work_below_standard"],
                        f"In {name} {finding} (Standard: höchstens "
                        f"{fmt.num(standards.residents_per_social_worker)} je VZÄ)."))
    return out


def _social_work_below(acc: pd.DataFrame, keys: pd.Series, occupancy: pd.Series,
                       standards: Standards) -> pd.Series:
    """True/False/NA per row, from the services module's social-work indicator."""
    from ankunft.indicators.services import social_work

    keyed = acc.assign(id=keys.to_numpy())
    sw = social_work(keyed, occupancy=pd.Series(occupancy.to_numpy(), index=keys.to_numpy()),
                     standards=standards)
    below = sw["below_standard"].astype("boolean").to_numpy()
    no_workers = (acc["social_workers"] == 0).to_numpy() & (occupancy > 0).to_numpy()
    return pd.Series([True if nw else (None if pd.isna(b) else bool(b)) for b, nw in zip(below, no_workers)],
                     index=acc.index, dtype="object")


def _canonical(accommodations: pd.DataFrame | None) -> pd.DataFrame:
    """The frame itself when it is already canonical (all fields, dates as dates), else conformed."""
    if accommodations is not None and set(glossary.ACCOMMODATIONS.keys) <= set(accommodations.columns) \
            and pd.api.types.is_datetime64_any_dtype(accommodations["lease_end"]) \
            and pd.api.types.is_float_dtype(accommodations["capacity"]):
        return accommodations
    return glossary.conform("accommodations", accommodations if accommodations is not None else pd.DataFrame())


def accommodation_table(accommodations: pd.DataFrame | None, stichtag: dt.date, stays=None,
                        standards: Standards = STANDARDS, roster_date: dt.date | None = None,
                        roster: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per accommodation with capacity, occupancy, utilisation, space, cost, contract dates and flags.

    ``stays``: the residents frame (ideally from :func:`stays.attach_accommodation_ids`), or None.
    ``roster_date``: the day the roster is taken (default: the Stichtag), e.g. the residents file's own Stichtag.
    ``roster``: the roster of ``stays`` at ``roster_date`` when the caller has it already (saves recomputing).
    Flags compare dates with ``stichtag``. Columns: see :data:`LABELS`; ``flag_list`` holds :class:`Flag` lists.
    """
    acc = _canonical(accommodations).reset_index(drop=True)
    if stays is not None and not isinstance(stays, Unavailable) and "accommodation_id" not in stays.columns:
        stays = stays_mod.attach_accommodation_ids(stays, acc)
    keys = stays_mod.accommodation_keys(acc)
    day = pd.Timestamp(stichtag).normalize()
    out = pd.DataFrame({"key": keys, "id": acc["id"], "name": acc["name"], "address": acc["address"]})
    out["district_id"] = district_ids_of(acc)
    out["district"] = acc["district"].fillna(out["district_id"].map(reference.DISTRICT_NAMES)).astype("str")
    for col in ("lat", "lon", "type", "operator", "status"):
        out[col] = acc[col]
    out["is_open"] = is_open(acc)
    out["capacity"] = acc["capacity"]
    if stays is not None and not isinstance(stays, Unavailable) and roster is None:
        roster = stays_mod.roster(stays, roster_date or stichtag)
    out = pd.concat([out, _occupancy(acc, keys, stays, roster)], axis=1)
    out["utilisation"] = _divide(out["occupancy"], out["capacity"])
    out["free_places"] = (out["capacity"] - out["occupancy"]).clip(lower=0)
    out["over_capacity"] = (out["occupancy"] - out["capacity"]).clip(lower=0)
    out["floor_area_m2"] = acc["floor_area_m2"]
    out["m2_per_person"] = _divide(out["floor_area_m2"], out["occupancy"])
    out["social_workers"] = acc["social_workers"]
    out["residents_per_social_worker"] = _divide(out["occupancy"], out["social_workers"])
    out["social_work_below"] = _social_work_below(acc, keys, out["occupancy"], standards) if len(acc) else \
        pd.Series([], dtype="object")
    out["monthly_cost_per_place"] = acc["monthly_cost_per_place"]
    out["monthly_cost"] = out["capacity"] * out["monthly_cost_per_place"]
    out["cost_per_occupied_place"] = _divide(out["monthly_cost"], out["occupancy"])
    out["lease_end"] = acc["lease_end"]
    out["planned_closure"] = acc["planned_closure"]
    flags = [_flags_of(row, day, standards) for _, row in out.iterrows()]
    out["flag_list"] = pd.Series(flags, index=out.index, dtype="object")
    out["flag_level"] = pd.Series([_level(f) for f in flags], index=out.index, dtype="str")
    out["flag_labels"] = pd.Series(["; ".join(f.label for f in fl) for fl in flags], index=out.index, dtype="str")
    out["flag_rules"] = pd.Series(["\n".join(f"{f.label}: {f.rule}" for f in fl) for fl in flags],
                                  index=out.index, dtype="str")
    return out.drop(columns=["social_work_below"])


def _level(flags: list[Flag]) -> str:
    if not flags:
        return LEVEL_GREEN
    return min((f.level for f in flags), key=LEVEL_ORDER.__getitem__)


def open_only(table: pd.DataFrame) -> pd.DataFrame:
    """Rows of accommodations in operation."""
    return table[table["is_open"].to_numpy(dtype=bool)]


def _sum(s: pd.Series) -> float | None:
    v = s.sum(min_count=1)
    return None if pd.isna(v) else float(v)


def totals(table: pd.DataFrame) -> dict:
    """City totals over accommodations in operation.

    Keys: accommodations, capacity, occupancy, utilisation, free_places, monthly_cost, over_capacity_count,
    flagged_red, flagged_amber. Values are None when nothing is known.
    """
    t = open_only(table)
    cap, occ = _sum(t["capacity"]), _sum(t["occupancy"])
    known = t[t["capacity"].notna() & t["occupancy"].notna()]
    util = None
    if len(known) and known["capacity"].sum() > 0:
        util = float(known["occupancy"].sum() / known["capacity"].sum())
    return {
        "accommodations": int(len(t)),
        "capacity": cap,
        "occupancy": occ,
        "utilisation": util,
        "free_places": _sum(t["free_places"]),
        "monthly_cost": _sum(t["monthly_cost"]),
        "over_capacity_count": int((t["over_capacity"] > 0).sum()),
        "flagged_red": int((t["flag_level"] == LEVEL_RED).sum()),
        "flagged_amber": int((t["flag_level"] == LEVEL_AMBER).sum()),
    }


def filter_table(table: pd.DataFrame, district_ids=None, types=None, operators=None, statuses=None) -> pd.DataFrame:
    """Rows matching the Unterkünfte page filters (None or empty = no filter)."""
    mask = pd.Series(True, index=table.index)
    for col, wanted in (("district_id", district_ids), ("type", types), ("operator", operators),
                        ("status", statuses)):
        if wanted:
            mask &= table[col].isin(list(wanted)).fillna(False).astype("bool")
    return table[mask.to_numpy()]


def display_table(table: pd.DataFrame) -> pd.DataFrame:
    """The table for display: German column titles, the visible columns only (flags as text)."""
    cols = ["name", "district", "type", "operator", "status", "capacity", "occupancy", "utilisation",
            "free_places", "m2_per_person", "monthly_cost", "cost_per_occupied_place", "lease_end",
            "planned_closure", "flag_level", "flag_labels", "flag_rules"]
    out = table[cols].copy()
    out["flag_level"] = out["flag_level"].map(FLAG_LABEL).astype("str")
    return out.rename(columns=LABELS)


def profile(table: pd.DataFrame, key: str) -> dict:
    """Profile card of one accommodation: German label -> formatted value, plus its flags."""
    row = table[table["key"] == key]
    if row.empty:
        raise KeyError(key)
    r = row.iloc[0]
    values = {
        "Unterkunft": r["name"] if pd.notna(r["name"]) else fmt.MISSING,
        "Adresse": r["address"] if pd.notna(r["address"]) else fmt.MISSING,
        "Stadtteil": f"{r['district_id']} {r['district']}" if pd.notna(r["district_id"]) else fmt.MISSING,
        "Art": r["type"] if pd.notna(r["type"]) else fmt.MISSING,
        "Träger": r["operator"] if pd.notna(r["operator"]) else fmt.MISSING,
        "Status": r["status"] if pd.notna(r["status"]) else fmt.MISSING,
        "Plätze": fmt.integer(r["capacity"]),
        "Belegung": fmt.integer(r["occupancy"]),
        "Auslastung": fmt.pct(r["utilisation"]),
        "Freie Plätze": fmt.integer(r["free_places"]),
        "m² je Person": fmt.m2(r["m2_per_person"]),
        "Sozialarbeit (VZÄ)": fmt.num(r["social_workers"], 1),
        "Kosten je Monat": fmt.eur(r["monthly_cost"]),
        "Kosten je belegtem Platz": fmt.eur(r["cost_per_occupied_place"]),
        "Mietvertrag bis": fmt.date(r["lease_end"]),
        "Geplante Schließung": fmt.date(r["planned_closure"]),
    }
    return {"values": values, "flags": list(r["flag_list"]), "occupancy_note": r["occupancy_note"] or ""}
