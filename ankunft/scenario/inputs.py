"""Scenario inputs: the start state at the Stichtag and the assumptions of a scenario.

The state is held per accommodation × cell, where a cell is one combination of

* group: people the city must house (``must``) / people entitled to private housing (``entitled``),
* household size class: 1, 2, 3, 4+ persons (households move as a whole),
* age band: 0–5 (Kita age), 6–17 (school age), adults.

The engine moves whole households (:mod:`ankunft.scenario.households`); the cells are the
persons of those households, with age bands as expected shares.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ankunft.core import fmt, glossary, reference
from ankunft.scenario import floor_area, observed
from ankunft.scenario import households as hh
from ankunft.scenario.months import check_month, month_key, month_start
from ankunft.scenario.months import month_index as month_index  # the package's month helpers, as before
from ankunft.scenario.months import period_label as period_label
from ankunft.scenario.months import period_month as period_month
from ankunft.scenario.observed import (
    DEFAULT_AGE_SHARES,
    DEFAULT_ENTITLED_SHARE,
    DEFAULT_HOUSEHOLD_PERSON_SHARES,
    DEFAULT_SIZE_4PLUS,
)

# --- cells ---------------------------------------------------------------------------------
GROUPS = ("must", "entitled")
GROUP_LABELS = {"must": "unterbringungspflichtig", "entitled": "auszugsberechtigt"}
HOUSEHOLD_CLASSES = (1, 2, 3, 4)
HOUSEHOLD_LABELS = {1: "1 Person", 2: "2 Personen", 3: "3 Personen", 4: "Familien ab 4 Personen"}
AGE_BANDS = ("0_5", "6_17", "adult")
AGE_LABELS = {"0_5": "0–5 Jahre", "6_17": "6–17 Jahre", "adult": "Erwachsene"}
N_G, N_K, N_B = len(GROUPS), len(HOUSEHOLD_CLASSES), len(AGE_BANDS)
N_CELLS = N_G * N_K * N_B


def cell(g: int, k: int, b: int) -> int:
    """Flat cell index of group g, household class k (0 = 1 person … 3 = 4+), age band b."""
    return (g * N_K + k) * N_B + b


CELL_GROUP = np.repeat(np.arange(N_G), N_K * N_B)
CELL_HOUSEHOLD = np.tile(np.repeat(np.arange(N_K), N_B), N_G)
CELL_AGE = np.tile(np.arange(N_B), N_G * N_K)

VARIANTS = ("niedrig", "mittel", "hoch")
VARIANT_LABELS = {"niedrig": "niedrige Zuweisung", "mittel": "mittlere Zuweisung", "hoch": "hohe Zuweisung"}

# --- estimates used when the data cannot tell (all marked "geschätzt") ---------------------
DEFAULT_SEASONAL_PROFILE = (0.85, 0.8, 0.85, 0.9, 0.95, 1.0, 1.05, 1.1, 1.15, 1.2, 1.1, 1.05)

SOURCE_DATA = "aus Daten"
SOURCE_REFERENCE = "Referenzwert"
SOURCE_ESTIMATE = "geschätzt"
SOURCE_USER = "eigene Eingabe"


# --- start state ----------------------------------------------------------------------------
@dataclass
class StartState:
    """Who lives where at the Stichtag, plus what the data say about flows.

    Attributes:
        stichtag: the reference date; period 0 is its month and shows exactly this count.
        accommodations: one row per accommodation (positional), columns ``id, name, district_id,
            capacity, cost_per_place, lease_end, planned_closure, status, type, reserve, closed``
            (``district_id`` empty where the district is unknown).
        persons: array (accommodations × 24 cells) of residents at the Stichtag (derived from
            ``households`` when those are given).
        households: whole households per accommodation × household type
            (:mod:`ankunft.scenario.households`), or None (then built from ``persons``).
        ages: persons by household size × age band (0–5, 6–17, adults) at the Stichtag.
        arrival_types: person shares (sum 1) of arrivals by household type.
        size_4plus: mean size of households with 4 or more persons.
        arrival_mix: shares (24 cells, sum 1) describing who arrives.
        estimated: True when the start state comes from ``occupancy`` with default shares.
        notes: German remarks on how the start state was built (unmatched stays, estimates …).
        errors: German input errors that stop the scenario (e.g. a missing number of places).
        observed: flows observed in the 12 months before the Stichtag (None when not derivable):
            ``arrivals_per_month``, ``moveout_rate``, ``departure_rate``, ``reimbursable_share``,
            ``arrival_entitled_share``.
    """

    stichtag: dt.date
    accommodations: pd.DataFrame
    persons: np.ndarray
    size_4plus: float = DEFAULT_SIZE_4PLUS
    arrival_mix: np.ndarray = field(default_factory=lambda: default_mix(0.0))
    estimated: bool = False
    notes: tuple[str, ...] = ()
    observed: dict = field(default_factory=dict)
    households: np.ndarray | None = None
    ages: np.ndarray | None = None
    arrival_types: np.ndarray | None = None
    errors: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if self.households is None:  # a start given in persons: one-person households by group
            by_g = self.persons.reshape(len(self.persons), N_G, -1).sum(axis=2)
            self.households = np.zeros((len(self.persons), hh.N_TYPES))
            self.households[:, hh.type_index(0, 1)] = np.floor(by_g[:, 0] + 0.5)
            self.households[:, hh.type_index(1, 1)] = np.floor(by_g[:, 1] + 0.5)
        if self.ages is None:
            self.ages = _default_ages(self.households)
        if self.arrival_types is None:
            self.arrival_types = _arrival_types(self.households, 0.0)

    @property
    def n(self) -> int:
        return len(self.accommodations)

    @property
    def household_sizes(self) -> np.ndarray:
        """Persons per household of each household class (1, 2, 3, mean of 4+)."""
        return np.array([1.0, 2.0, 3.0, self.size_4plus])

    def residents(self) -> np.ndarray:
        """Residents per accommodation at the Stichtag."""
        return self.persons.sum(axis=1)


def default_mix(entitled_share: float) -> np.ndarray:
    """Cell shares from the default household and age shares (sum 1)."""
    g = np.array([1.0 - entitled_share, entitled_share])
    k = np.array(DEFAULT_HOUSEHOLD_PERSON_SHARES)
    b = np.array(DEFAULT_AGE_SHARES)
    return (g[:, None, None] * k[None, :, None] * b[None, None, :]).reshape(-1)


_TYPE_ROWS = np.repeat(np.arange(hh.N_TYPES), N_B)
_TYPE_COLS = (np.array([cell(g, k, 0) for g, k in zip(hh.TYPE_GROUP, hh.TYPE_CLASS)])[:, None]
              + np.arange(N_B)[None, :]).reshape(-1)
_TYPE_SIZES = np.repeat(hh.TYPE_SIZE.astype(int) - 1, N_B)
_TYPE_BANDS = np.tile(np.arange(N_B), hh.N_TYPES)


def type_cells(age_shares: np.ndarray) -> np.ndarray:
    """(N_TYPES × 24) matrix: persons of a household type → cells (group, size class, age band);
    ``age_shares`` (S_MAX × 3) or a stack of them (… × S_MAX × 3) gives a stack of matrices."""
    shares = np.asarray(age_shares, dtype="float64")
    m = np.zeros((*shares.shape[:-2], hh.N_TYPES, N_CELLS))
    m[..., _TYPE_ROWS, _TYPE_COLS] = shares[..., _TYPE_SIZES, _TYPE_BANDS]
    return m


def _default_ages(households: np.ndarray) -> np.ndarray:
    persons = hh.persons_by_type(households).reshape(len(households), 2, hh.S_MAX).sum(axis=(0, 1))
    return hh.age_shares(np.zeros((hh.S_MAX, N_B)), DEFAULT_AGE_SHARES) * persons[:, None]


def _arrival_types(households: np.ndarray, entitled_share: float) -> np.ndarray:
    """Person shares by type of arrivals: the sizes of the given households, the group by the share."""
    by_size = hh.persons_by_type(households).reshape(-1, 2, hh.S_MAX).sum(axis=(0, 1))
    if by_size.sum() <= 0:
        by_size = np.zeros(hh.S_MAX)
        by_size[0] = 1.0
    by_size = by_size / by_size.sum()
    share = float(np.clip(entitled_share, 0.0, 1.0))
    return np.concatenate([(1.0 - share) * by_size, share * by_size])


def accommodation_table(acc: pd.DataFrame) -> tuple[pd.DataFrame, list[str], list[str]]:
    """The accommodations as the engine needs them, German input errors and notes."""
    acc = glossary.conform("accommodations", acc).reset_index(drop=True)
    n = len(acc)
    ids = acc["id"].astype("object").where(acc["id"].notna(), None)
    ids = [str(i) if i is not None else f"U{j + 1:03d}" for j, i in enumerate(ids)]
    status = acc["status"].astype("object").where(acc["status"].notna(), "in Betrieb")
    district = [reference.resolve_district(d) for d in acc["district_id"].astype("object")]
    if n and acc["district"].notna().any():
        district = [d if d is not None else reference.resolve_district(x)
                    for d, x in zip(district, acc["district"].astype("object"))]
    out = pd.DataFrame({
        "id": pd.Series(ids, dtype="str"),
        "name": acc["name"].astype("object").where(acc["name"].notna(), pd.Series(ids)).astype("str"),
        "district_id": pd.Series([d if d is not None else "" for d in district], dtype="str"),
        "capacity": acc["capacity"].fillna(0.0).clip(lower=0.0).astype("float64"),
        "occupancy": acc["occupancy"].astype("float64"),
        "cost_per_place": acc["monthly_cost_per_place"].astype("float64"),
        "lease_end": acc["lease_end"],
        "planned_closure": acc["planned_closure"],
        "status": pd.Series(list(status), dtype="str"),
        "type": acc["type"],
    })
    out["reserve"] = (out["status"] == "Reserve") | (out["type"].astype("object") == "Reserve")
    out["closed"] = out["status"] == "geschlossen"
    label = glossary.label("accommodations", "capacity")
    missing = acc["capacity"].isna().to_numpy() & ~out["closed"].to_numpy()
    errors = [f"Unterkunftsliste: bei „{out['name'].iat[j]}“ (Nr. {out['id'].iat[j]}) fehlt die Zahl der Plätze "
              f"(Spalte „{label}“). Ohne sie lässt sich nicht rechnen – bitte in der Datei ergänzen und neu "
              "einlesen." for j in np.flatnonzero(missing)]
    unknown = [f"„{out['name'].iat[j]}“" for j in range(n) if not out["district_id"].iat[j]]
    notes = [f"Stadtteil unbekannt bei {', '.join(unknown)}: jede zählt bei Verlegungen als eigener Stadtteil."
             ] if unknown else []
    return out, errors, notes + floor_area.area_notes(acc["floor_area_m2"], out["capacity"], out["name"], out["closed"])


def roster_at(residents: pd.DataFrame, stichtag: dt.date) -> pd.DataFrame:
    """Every stay with ``move_in ≤ Stichtag`` and (``move_out`` empty or ``> Stichtag``)."""
    stamp = pd.Timestamp(stichtag)
    res = glossary.conform("residents", residents)
    in_roster = (res["move_in"] <= stamp) & (res["move_out"].isna() | (res["move_out"] > stamp))
    return res[in_roster.fillna(False).to_numpy(dtype=bool)].reset_index(drop=True)


def _from_roster(acc: pd.DataFrame, res: pd.DataFrame, roster: pd.DataFrame, stichtag: dt.date) -> dict:
    """Households, ages, arrival types, observed flows and notes of a non-empty roster."""
    pos = observed.resolve(acc, roster["accommodation"])
    wg, g_known = observed.weights_group(roster)
    wb, b_known = observed.weights_age(roster, stichtag)
    households, ages = hh.households_from_roster(pos, roster["household_id"], wg[:, 1], wb, len(acc))
    obs = observed.observed_flows(res, roster, wg, stichtag)
    recent = obs.pop("_recent", None)
    new_hh = None
    if recent is not None:
        new_hh, _ = hh.households_from_roster(np.where(recent & (pos >= 0), 0, -1), roster["household_id"], wg[:, 1],
                                              wb, 1)
    parts = roster_parts(stichtag, pos, households, ages, obs, new_hh,
                         (g_known, b_known, bool(roster["household_id"].notna().any())))
    parts["notes"][:0] = hh.roster_notes(pos, roster["household_id"], acc["name"], roster["person_id"])
    return parts


def roster_parts(stichtag: dt.date, pos: np.ndarray, households: np.ndarray, ages: np.ndarray, obs: dict,
                 new_households: np.ndarray | None, known: tuple[bool, bool, bool]) -> dict:
    """The parts :func:`assemble` takes from a non-empty roster: ``pos`` (accommodation of each stay,
    -1 unknown), its households and ages, the observed flows (without ``_recent``), the households of
    the recent arrivals (None: too few) and whether status, birth years and household ids are known."""
    (g_known, b_known, h_known), notes = known, []
    unmatched = int((pos < 0).sum())
    if unmatched:
        notes.append(f"{fmt.integer(unmatched)} Aufenthalte ließen sich keiner Unterkunft zuordnen "
                     "und fehlen im Startbestand.")
    if not g_known:
        notes.append("Aufenthaltsstatus fehlt: Anteil Auszugsberechtigter geschätzt "
                     f"({fmt.pct(DEFAULT_ENTITLED_SHARE, 0)}).")
    if not b_known:
        notes.append("Geburtsjahre fehlen: Altersgruppen geschätzt.")
    if not h_known:
        notes.append("Haushalts-Nr. fehlt: jede Person zählt als eigener Haushalt.")
    share = obs.get("arrival_entitled_share") or 0.0
    arrival_types = _arrival_types(households if new_households is None else new_households, share)
    notes.append(f"Startbestand aus der Bewohnerdatei zum {fmt.date(stichtag)}: "
                 f"{fmt.integer((pos >= 0).sum())} Personen.")
    return {"households": households, "ages": ages, "arrival_types": arrival_types, "observed": obs,
            "notes": notes}


def start_state(accommodations: pd.DataFrame, residents: pd.DataFrame | None, stichtag: dt.date) -> StartState:
    """Build the start state at the Stichtag from canonical frames.

    The roster is every stay with ``move_in ≤ Stichtag`` and (``move_out`` empty or ``> Stichtag``);
    its households (same household id and accommodation) are the engine's units. Without a
    residents frame (or without any current stay), ``occupancy`` is split into households with
    default shares and the state is marked ``estimated`` ("geschätzt").
    """
    acc, errors, notes = accommodation_table(accommodations)
    roster = roster_at(residents, stichtag) if residents is not None and len(residents) else None
    parts = (_from_roster(acc, glossary.conform("residents", residents), roster, stichtag)
             if roster is not None and len(roster) else None)
    return assemble(stichtag, acc, errors, notes, parts)


def assemble(stichtag: dt.date, acc: pd.DataFrame, errors: list[str], notes: list[str],
             parts: dict | None) -> StartState:
    """The start state from the accommodation table (:func:`accommodation_table`) and the parts of
    the roster (:func:`_from_roster`; None: no current stay, the occupancy is split with default
    shares)."""
    notes = list(notes)
    if parts is not None:
        households, ages = parts["households"], parts["ages"]
        notes += parts["notes"]
        observed_, arrival_types, estimated = parts["observed"], parts["arrival_types"], False
    else:
        households = hh.households_from_occupancy(acc["occupancy"].to_numpy(), DEFAULT_HOUSEHOLD_PERSON_SHARES,
                                                  DEFAULT_SIZE_4PLUS, DEFAULT_ENTITLED_SHARE)
        ages = _default_ages(households)
        observed_, arrival_types, estimated = {}, _arrival_types(households, 0.0), True
        notes.append("Keine Bewohnerdatei zum Stichtag: Startbestand aus der Belegung der Unterkünfte "
                     "mit geschätzten Anteilen (Gruppen, Alter, Haushaltsgrößen) – geschätzt.")
    shares = hh.age_shares(ages, DEFAULT_AGE_SHARES)
    persons = hh.persons_by_type(households) @ type_cells(shares)
    mix = arrival_types @ type_cells(shares)
    big = households[:, hh.TYPE_SIZE >= 4].sum(axis=0)
    size4 = float((big * hh.TYPE_SIZE[hh.TYPE_SIZE >= 4]).sum() / big.sum()) if big.sum() else DEFAULT_SIZE_4PLUS
    return StartState(stichtag=stichtag, accommodations=acc, persons=persons, size_4plus=size4,
                      arrival_mix=mix / mix.sum(), estimated=estimated, notes=tuple(notes), observed=observed_,
                      households=households, ages=ages, arrival_types=arrival_types, errors=tuple(errors))


def start_state_from(state) -> StartState:
    """Start state from a `DataState` (its Stand is the Stichtag); residents only when present."""
    residents = state.df("residents") if state.has("residents") else None
    return start_state(state.df("accommodations"), residents, state.stand)


# --- assumptions ----------------------------------------------------------------------------
@dataclass
class CapacityChange:
    """A new or reactivated accommodation opening at a month (JSON-friendly)."""

    name: str
    capacity: float
    month: str  # "2027-03"
    district_id: str = ""
    cost_per_place: float | None = None
    lease_end: str | None = None  # "2030-12" or None (rent only while open)


ASSUMPTION_LABELS: dict[str, str] = {
    "horizon_months": "Zeitraum (Monate)",
    "closures": "Schließungen (Monat je Unterkunft)",
    "openings": "Öffnung von Reserveunterkünften (Monat)",
    "new_capacity": "Neue Unterkünfte",
    "arrivals": "Zuweisungen je Monat (Personen)",
    "use_seasonal": "Jahreszeitlicher Verlauf der Zuweisungen",
    "seasonal_profile": "Saisonfaktoren Jan.–Dez.",
    "moveout_mode": "Auszüge angegeben als",
    "moveout_rate": "Auszugsquote je Monat (Auszugsberechtigte)",
    "moveout_count": "Auszüge je Monat (Personen)",
    "moveout_rate_decline": "Rückgang der Auszugsquote je Jahr",
    "departure_rate": "Sonstige Abgänge je Monat (Unterbringungspflichtige)",
    "recognition_rate": "Anerkennungen je Monat (Anteil Unterbringungspflichtiger)",
    "arrival_entitled_share": "Anteil bereits Auszugsberechtigter bei Zuweisung",
    "target_utilisation": "Zielauslastung",
    "reserve_places": "Freizuhaltende Reserveplätze",
    "same_district_first": "Verlegung zuerst im selben Stadtteil",
    "default_cost_per_place": "Platzkosten, wo nicht angegeben (€ je Platz und Monat)",
    "operating_share_saved": "Anteil der Platzkosten, der mit der Schließung sofort entfällt",
    "care_cost_per_person": "Betreuungskosten je Person und Monat (€)",
    "reimbursement_per_person": "Landeserstattung je Person und Monat (€)",
    "reimbursable_share": "Anteil Unterbringungspflichtiger mit Landeserstattung (Asylverfahren)",
    "unplaced_cost_per_person": "Kosten je nicht untergebrachter Person und Monat (Notunterbringung, €)",
    "notice_months": "Vorlauf bis zur frühesten Schließung (Monate)",
    "pinned": "Beschlossene Schließungen (Vorschlag ändert sie nicht)",
    "land_forecast_per_year": "Erwartete Zugänge im Land je Jahr (Prognose)",
    "city_share": "Verteilungsquote der Stadt",
}

ARRIVAL_SPREAD = {"niedrig": 0.6, "mittel": 1.0, "hoch": 1.5}  # variants around the middle one


@dataclass
class Assumptions:
    """Everything a scenario assumes. JSON-serialisable (`to_json` / `from_json`).

    Months are strings ``"YYYY-MM"``; rates are monthly shares (0.03 = 3 % per month).
    ``sources`` says for each field where its value comes from ("aus Daten", "Referenzwert",
    "geschätzt", "eigene Eingabe").
    """

    horizon_months: int = 60
    closures: dict[str, str | None] = field(default_factory=dict)
    openings: dict[str, str | None] = field(default_factory=dict)
    new_capacity: list[CapacityChange] = field(default_factory=list)
    arrivals: dict[str, float] = field(default_factory=lambda: {"niedrig": 6.0, "mittel": 10.0, "hoch": 15.0})
    use_seasonal: bool = False
    seasonal_profile: tuple[float, ...] = DEFAULT_SEASONAL_PROFILE
    moveout_mode: str = "rate"  # "rate" or "count"
    moveout_rate: float = 0.03
    moveout_count: float = 10.0
    moveout_rate_decline: float = 0.0
    departure_rate: float = 0.01
    recognition_rate: float = 0.02
    arrival_entitled_share: float = 0.0
    target_utilisation: float = 0.9
    reserve_places: float = 0.0
    same_district_first: bool = True
    default_cost_per_place: float = float(reference.COST_PER_PLACE["angemietet"])
    operating_share_saved: float = 0.0
    care_cost_per_person: float = float(reference.CARE_COST_PER_PERSON_MONTH)
    reimbursement_per_person: float = float(reference.STATE_REIMBURSEMENT_PER_PERSON_MONTH)
    reimbursable_share: float = 0.6
    unplaced_cost_per_person: float = float(reference.COST_PER_PLACE["Hotel"])
    notice_months: int = 3
    pinned: list[str] = field(default_factory=list)
    land_forecast_per_year: float | None = None
    city_share: float | None = None
    sources: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.new_capacity = [c if isinstance(c, CapacityChange) else CapacityChange(**c) for c in self.new_capacity]
        self.seasonal_profile = tuple(float(x) for x in self.seasonal_profile)
        self.pinned = sorted({str(p) for p in self.pinned})
        if len(self.seasonal_profile) != 12:
            raise ValueError("Saisonfaktoren: genau 12 Werte (Jan.–Dez.) nötig.")
        if self.moveout_mode not in ("rate", "count"):
            raise ValueError("Auszüge: 'rate' oder 'count'.")
        if not 1 <= int(self.horizon_months) <= 120:
            raise ValueError("Zeitraum: 1 bis 120 Monate.")
        for kind, months in (("Schließung", self.closures), ("Öffnung", self.openings)):
            for key, value in months.items():
                check_month(value, f"{kind} von „{key}“")
        for c in self.new_capacity:
            check_month(c.month, f"neuer Unterkunft „{c.name}“ (ab Monat)")
            check_month(c.lease_end, f"neuer Unterkunft „{c.name}“ (Mietende)")
        if any(v not in self.arrivals for v in VARIANTS):
            raise ValueError("Zuweisungen: Werte für niedrig, mittel und hoch nötig.")

    def replace(self, **changes) -> "Assumptions":
        """A copy with some fields changed (dicts and lists are copied)."""
        data = self.to_dict()
        data.update(changes)
        return Assumptions.from_dict(data)

    def to_dict(self) -> dict:
        d = dataclasses.asdict(self)
        d["seasonal_profile"] = list(self.seasonal_profile)
        return d

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, sort_keys=True)

    @classmethod
    def from_dict(cls, data: dict) -> "Assumptions":
        known = {f.name for f in dataclasses.fields(cls)}
        clean = {k: v for k, v in data.items() if k in known}
        for key in ("closures", "openings", "arrivals", "sources"):
            if key in clean:
                clean[key] = dict(clean[key])
        if "new_capacity" in clean:
            clean["new_capacity"] = [dict(c) if not isinstance(c, CapacityChange) else dataclasses.asdict(c)
                                     for c in clean["new_capacity"]]
        return cls(**clean)

    @classmethod
    def from_json(cls, text: str) -> "Assumptions":
        return cls.from_dict(json.loads(text))

    def describe(self, start: StartState | None = None) -> pd.DataFrame:
        """The assumptions as a German table: Annahme, Wert, Herkunft (for the UI and the Excel sheet)."""
        names = {}
        if start is not None:
            names = dict(zip(start.accommodations["id"], start.accommodations["name"]))
        rows = []

        def add(key: str, value: str, source: str | None = None) -> None:
            rows.append({"Annahme": ASSUMPTION_LABELS.get(key, key), "Wert": value,
                         "Herkunft": source or self.sources.get(key, SOURCE_USER)})

        add("horizon_months", fmt.integer(self.horizon_months))
        closed = {k: v for k, v in self.closures.items() if v}
        add("closures", "; ".join(f"{names.get(k, k)}: {fmt.month(month_start(v + '-01'))}"
                                  for k, v in sorted(closed.items(), key=lambda kv: kv[1])) or "keine")
        opened = {k: v for k, v in self.openings.items() if v}
        add("openings", "; ".join(f"{names.get(k, k)}: {fmt.month(month_start(v + '-01'))}"
                                  for k, v in opened.items()) or "keine")
        add("new_capacity", "; ".join(
            f"{c.name} ({fmt.integer(c.capacity)} Plätze ab {fmt.month(month_start(c.month + '-01'))})"
            for c in self.new_capacity) or "keine")
        add("arrivals", ", ".join(f"{v}: {fmt.num(self.arrivals[v], 1)}" for v in VARIANTS))
        derivation = arrivals_derivation(self)
        if derivation:
            add("land_forecast_per_year", fmt.integer(self.land_forecast_per_year))
            add("city_share", fmt.pct(self.city_share, 2))
            rows[-3]["Wert"] += f" ({derivation})"
        add("pinned", "; ".join(names.get(k, k) for k in self.pinned) or "keine")
        add("use_seasonal", "ja" if self.use_seasonal else "nein")
        add("seasonal_profile", " · ".join(fmt.num(x, 2) for x in self.seasonal_profile))
        add("moveout_mode", "Quote" if self.moveout_mode == "rate" else "feste Anzahl")
        add("moveout_rate", fmt.pct(self.moveout_rate, 1))
        add("moveout_count", fmt.num(self.moveout_count, 1))
        add("moveout_rate_decline", fmt.pct(self.moveout_rate_decline, 0))
        add("departure_rate", fmt.pct(self.departure_rate, 1))
        add("recognition_rate", fmt.pct(self.recognition_rate, 1))
        add("arrival_entitled_share", fmt.pct(self.arrival_entitled_share, 0))
        add("target_utilisation", fmt.pct(self.target_utilisation, 0))
        add("reserve_places", fmt.integer(self.reserve_places))
        add("same_district_first", "ja" if self.same_district_first else "nein")
        add("default_cost_per_place", fmt.eur(self.default_cost_per_place))
        add("operating_share_saved", fmt.pct(self.operating_share_saved, 0))
        add("care_cost_per_person", fmt.eur(self.care_cost_per_person))
        add("reimbursement_per_person", fmt.eur(self.reimbursement_per_person))
        add("reimbursable_share", fmt.pct(self.reimbursable_share, 0))
        add("unplaced_cost_per_person", fmt.eur(self.unplaced_cost_per_person))
        add("notice_months", fmt.integer(self.notice_months))
        return pd.DataFrame(rows, columns=["Annahme", "Wert", "Herkunft"])


def arrivals_from_forecast(per_year: float, share: float) -> dict[str, float]:
    """Arrival variants (persons per month) from the Land's forecast per year × the city's share:
    the middle variant is ``per_year × share / 12``, the others 0,6 and 1,5 times that."""
    mid = max(0.0, float(per_year)) * max(0.0, float(share)) / 12.0
    return {v: round(mid * f, 1) for v, f in ARRIVAL_SPREAD.items()}


def arrivals_derivation(a: Assumptions) -> str:
    """German derivation of the arrival variants when they come from the Land's forecast, else ""."""
    if a.land_forecast_per_year is None or a.city_share is None:
        return ""
    mid = float(a.land_forecast_per_year) * float(a.city_share) / 12.0
    return (f"aus Landesprognose {fmt.integer(a.land_forecast_per_year)} je Jahr × Quote "
            f"{fmt.pct(a.city_share, 2)} ÷ 12 = {fmt.num(mid, 1)} je Monat; niedrig × 0,6, hoch × 1,5")


def default_assumptions(start: StartState, horizon_months: int = 60) -> Assumptions:
    """Defaults derived from the data (observed flows, planned closures) and the reference.

    Every value is labelled in ``sources``: observed flows "aus Daten", reference costs
    "Referenzwert", everything else "geschätzt".
    """
    obs = start.observed or {}
    src: dict[str, str] = {}
    acc = start.accommodations
    residents = float(start.persons.sum())
    open_cap = float(acc.loc[~acc["reserve"] & ~acc["closed"], "capacity"].sum())

    def pick(key: str, observed_value, fallback: float) -> float:
        if observed_value is not None and np.isfinite(observed_value):
            src[key] = SOURCE_DATA
            return float(observed_value)
        src[key] = SOURCE_ESTIMATE
        return float(fallback)

    mid = round(pick("arrivals", obs.get("arrivals_per_month"), max(1.0, round(0.02 * residents))), 1)
    arrivals = {"niedrig": round(0.6 * mid, 1), "mittel": mid, "hoch": round(1.5 * mid, 1)}
    moveout_rate = round(pick("moveout_rate", obs.get("moveout_rate"), 0.03), 4)
    entitled = float(start.persons[:, CELL_GROUP == 1].sum())
    src["moveout_count"] = src["moveout_rate"]
    departure = round(pick("departure_rate", obs.get("departure_rate"), 0.01), 4)
    reimb_share = round(pick("reimbursable_share", obs.get("reimbursable_share"), 0.6), 3)
    arr_ent = round(pick("arrival_entitled_share", obs.get("arrival_entitled_share"), 0.0), 3)
    closures: dict[str, str | None] = {}
    for _, row in acc.iterrows():
        if row["closed"] or row["reserve"]:
            continue
        pc = row["planned_closure"]
        closures[row["id"]] = month_key(pc) if not pd.isna(pc) else None
    src["closures"] = SOURCE_DATA
    pinned = [i for i, status, closed in zip(acc["id"], acc["status"], acc["closed"])
              if status == "in Schließung" and not closed]
    src["pinned"] = SOURCE_DATA
    for key in ("horizon_months", "openings", "new_capacity", "use_seasonal", "moveout_mode",
                "moveout_rate_decline", "same_district_first", "operating_share_saved", "notice_months"):
        src[key] = SOURCE_USER
    for key in ("recognition_rate", "target_utilisation", "reserve_places", "seasonal_profile"):
        src[key] = SOURCE_ESTIMATE
    for key in ("default_cost_per_place", "care_cost_per_person", "reimbursement_per_person",
                "unplaced_cost_per_person"):
        src[key] = SOURCE_REFERENCE
    return Assumptions(
        horizon_months=horizon_months,
        closures=closures,
        arrivals=arrivals,
        moveout_rate=moveout_rate,
        moveout_count=round(moveout_rate * entitled, 1),
        departure_rate=departure,
        recognition_rate=0.02,
        arrival_entitled_share=arr_ent,
        target_utilisation=0.9,
        reserve_places=float(round(0.05 * open_cap / 10.0) * 10.0),
        reimbursable_share=reimb_share,
        pinned=pinned,
        sources=src,
    )
