"""The Szenarien page's inputs (pure, no Streamlit): sidebar controls and the editor tables.

* :func:`controls` – the sliders and switches: label, options (German formatted), default and the
  default's source ("aus Daten", "Referenzwert", "geschätzt", "eigene Eingabe");
* :func:`widget_values` / :func:`assumptions_from` – Assumptions → widget values → Assumptions; a
  value that differs from the default is marked "eigene Eingabe";
* :class:`PlanInputs` – the table inputs (closures, openings, new accommodations) and
  :meth:`PlanInputs.adopt` for a proposal's closures;
* editor tables: :func:`closure_frame` / :func:`closures_from_frame` (one row per accommodation),
  :func:`opening_frame` / :func:`openings_from_frame` (reserve accommodations),
  :func:`new_capacity_frame` / :func:`new_capacity_from_frame` (new accommodations), with month
  choices from :class:`MonthChoices` (:meth:`MonthChoices.for_plan` for the page's tables).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from ankunft.core import fmt, reference
from ankunft.core.names import district_label
from ankunft.scenario.inputs import (
    SOURCE_USER,
    VARIANTS,
    Assumptions,
    CapacityChange,
    StartState,
    arrivals_from_forecast,
    month_key,
    period_month,
)

DEFAULT_YEARS = 5
MAX_YEARS = 10
CHOICE_MONTHS = 12 * MAX_YEARS

# column titles of the editor tables
COL_NAME = "Unterkunft"
COL_DISTRICT = "Stadtteil"
COL_PLACES = "Plätze"
COL_RESIDENTS = "Bewohner"
COL_LEASE = "Mietende"
COL_CLOSURE = "Schließung"
COL_PINNED = "beschlossen"
COL_OPENING = "Öffnung"
COL_NEW_NAME = "Bezeichnung"
COL_FROM = "ab Monat"
COL_COST = "Kosten je Platz (€)"
COL_NEW_LEASE = "Mietende (Monat)"

GROUPS = ("Zuweisungen", "Auszüge und Anerkennung", "Auslastung und Reserve", "Kosten", "Weitere Annahmen")


# --- controls -------------------------------------------------------------------------------------
def options_grid(lo: float, hi: float, step: float, *include: float) -> tuple[float, ...]:
    """Values lo, lo+step, …, hi (rounded to 6 decimals) plus the given values, sorted, no duplicates."""
    n = int(round((hi - lo) / step))
    values = {round(lo + i * step, 6) for i in range(n + 1)}
    values |= {round(float(v), 6) for v in include if v is not None and np.isfinite(float(v))}
    return tuple(sorted(values))


def _num(v: float) -> str:
    return fmt.num(v, 0 if float(v).is_integer() else 1)


def _pct(v: float) -> str:
    v = float(v)
    return fmt.pct(v, 0 if abs(v * 100 - round(v * 100)) < 1e-9 else 1)


FORMATS: dict[str, Callable[[Any], str]] = {
    "persons": lambda v: f"{_num(v)} Personen",
    "pct": _pct,
    "pct1": lambda v: fmt.pct(v, 1),
    "pct2": lambda v: fmt.pct(v, 2),
    "places": lambda v: f"{fmt.integer(v)} Plätze",
    "eur": lambda v: fmt.eur(v),
    "months": lambda v: fmt.plural(int(v), "Monat", "Monate"),
    "years": lambda v: fmt.plural(int(v), "Jahr", "Jahre"),
    "bool": lambda v: "ja" if v else "nein",
}


@dataclass(frozen=True)
class Control:
    """One widget: ``key`` (widget key suffix), the Assumptions ``field`` it sets, its German label,
    group, kind ("select": select slider over ``options``; "int": integer slider; "toggle"), the
    default value, how values are formatted and where the default comes from."""

    key: str
    field: str
    label: str
    group: str
    kind: str
    default: Any
    unit: str
    source: str
    options: tuple = ()
    lo: int = 0
    hi: int = 0
    help: str = ""

    def format(self, value) -> str:
        return FORMATS[self.unit](value)

    @property
    def caption(self) -> str:
        """`Vorgabe: 2,6 % · aus Daten`."""
        return f"Vorgabe: {self.format(self.default)} · {self.source}"


def _source(defaults: Assumptions, field_name: str) -> str:
    return defaults.sources.get(field_name, SOURCE_USER)


def controls(defaults: Assumptions, current: Mapping[str, Any] | None = None) -> list[Control]:
    """The page's controls in display order. ``current`` (widget values of this session) are added to
    the options so that a loaded scenario's values are always selectable."""
    current = dict(current or {})
    out: list[Control] = []

    def select(key: str, field_name: str, label: str, group: str, default, unit: str, lo, hi, step,
               help: str = "") -> None:
        opts = options_grid(lo, hi, step, default, current.get(key))
        out.append(Control(key, field_name, label, group, "select", round(float(default), 6), unit,
                           _source(defaults, field_name), opts, help=help))

    def toggle(key: str, field_name: str, label: str, group: str, default: bool, help: str = "") -> None:
        out.append(Control(key, field_name, label, group, "toggle", bool(default), "bool",
                           _source(defaults, field_name), help=help))

    a = defaults
    out.append(Control("horizon_years", "horizon_months", "Zeitraum", "Zeitraum", "int",
                       max(1, min(MAX_YEARS, round(a.horizon_months / 12))), "years", _source(a, "horizon_months"),
                       lo=1, hi=MAX_YEARS, help="Wie viele Jahre ab dem Stichtag gerechnet werden (1–10)."))
    top = max(100.0, math.ceil(2 * max(a.arrivals.values()) / 10) * 10)
    for v in VARIANTS:
        select(f"arrivals_{v}", "arrivals", f"Zuweisungen je Monat – {v}", "Zuweisungen", a.arrivals[v], "persons",
               0, top, 1, help="Neu zugewiesene Personen je Monat in dieser Variante (wie in Kapazitätsprognosen: "
                               "niedrig, mittel, hoch).")
    select("land_forecast_per_year", "land_forecast_per_year", "Landesprognose: Zugänge je Jahr", "Zuweisungen",
           a.land_forecast_per_year or 0.0, "persons", 0, 60_000, 500,
           help="Erwartete Zugänge im ganzen Land je Jahr. Mit einer Verteilungsquote über 0 ersetzt "
                "Prognose × Quote ÷ 12 die mittlere Zuweisung (niedrig × 0,6, hoch × 1,5); 0 = nicht verwendet.")
    select("city_share", "city_share", "Verteilungsquote der Stadt", "Zuweisungen", a.city_share or 0.0, "pct2",
           0, 0.03, 0.0005, help="Anteil der Zugänge im Land, der der Stadt zugewiesen wird; 0 = nicht verwendet.")
    toggle("use_seasonal", "use_seasonal", "Jahreszeitlicher Verlauf", "Zuweisungen", a.use_seasonal,
           help="Zuweisungen schwanken über das Jahr (mehr im Herbst, weniger im Winter); der Jahresdurchschnitt "
                "bleibt gleich.")
    select("moveout_rate", "moveout_rate", "Auszugsquote je Monat", "Auszüge und Anerkennung", a.moveout_rate,
           "pct1", 0, 0.1, 0.001, help="Anteil der Auszugsberechtigten, der je Monat eine Wohnung findet.")
    select("moveout_rate_decline", "moveout_rate_decline", "Rückgang der Auszugsquote je Jahr",
           "Auszüge und Anerkennung", a.moveout_rate_decline, "pct", 0, 0.5, 0.05,
           help="Die Quote sinkt jedes Jahr um diesen Anteil, weil die Verbleibenden schwerer eine Wohnung finden.")
    select("recognition_rate", "recognition_rate", "Anerkennungen je Monat", "Auszüge und Anerkennung",
           a.recognition_rate, "pct1", 0, 0.1, 0.001,
           help="Anteil der Unterbringungspflichtigen, der je Monat auszugsberechtigt wird.")
    select("departure_rate", "departure_rate", "Sonstige Abgänge je Monat", "Auszüge und Anerkennung",
           a.departure_rate, "pct1", 0, 0.1, 0.001,
           help="Anteil der Unterbringungspflichtigen, der je Monat aus anderen Gründen auszieht (Umzug, Rückkehr).")
    select("target_utilisation", "target_utilisation", "Zielauslastung", "Auslastung und Reserve",
           a.target_utilisation, "pct", 0.7, 1.0, 0.01,
           help="Höchstens so viel der Plätze soll belegt sein; darüber zählt es als Fehlbedarf.")
    select("reserve_places", "reserve_places", "Freizuhaltende Reserveplätze", "Auslastung und Reserve",
           a.reserve_places, "places", 0, max(500.0, math.ceil(2 * a.reserve_places / 10) * 10), 10,
           help="Plätze, die für Notfälle frei bleiben sollen (zusätzlich zur Zielauslastung).")
    select("default_cost_per_place", "default_cost_per_place", "Platzkosten, wo nicht angegeben", "Kosten",
           a.default_cost_per_place, "eur", 0, 1500, 10,
           help="€ je Platz und Monat für Unterkünfte ohne Kostenangabe.")
    select("care_cost_per_person", "care_cost_per_person", "Betreuungskosten je Person und Monat", "Kosten",
           a.care_cost_per_person, "eur", 0, 1000, 10)
    select("reimbursement_per_person", "reimbursement_per_person", "Landeserstattung je Person und Monat",
           "Kosten", a.reimbursement_per_person, "eur", 0, 1500, 10,
           help="Erstattung des Landes als Einnahme, für Unterbringungspflichtige im Asylverfahren.")
    select("reimbursable_share", "reimbursable_share", "Anteil mit Landeserstattung", "Kosten",
           a.reimbursable_share, "pct", 0, 1, 0.05, help="Anteil der Unterbringungspflichtigen im Asylverfahren.")
    select("unplaced_cost_per_person", "unplaced_cost_per_person", "Notunterbringung je Person und Monat",
           "Kosten", a.unplaced_cost_per_person, "eur", 0, 2000, 10,
           help="Kosten für Personen ohne Platz (Hotel, Notunterkunft).")
    select("operating_share_saved", "operating_share_saved", "Sofort entfallender Kostenanteil bei Schließung",
           "Kosten", a.operating_share_saved, "pct", 0, 1, 0.05,
           help="Anteil der Platzkosten, der mit der Schließung wegfällt; der Rest läuft bis zum Mietende weiter.")
    select("arrival_entitled_share", "arrival_entitled_share", "Anteil bereits Auszugsberechtigter bei Zuweisung",
           "Weitere Annahmen", a.arrival_entitled_share, "pct", 0, 1, 0.05,
           help="Z. B. Schutzsuchende aus der Ukraine (§ 24 AufenthG) dürfen sofort eine Wohnung beziehen.")
    select("notice_months", "notice_months", "Vorlauf bis zur frühesten Schließung", "Weitere Annahmen",
           a.notice_months, "months", 0, 24, 1, help="Gilt für den Vorschlag.")
    toggle("same_district_first", "same_district_first", "Verlegung zuerst im selben Stadtteil",
           "Weitere Annahmen", a.same_district_first,
           help="Bei einer Schließung werden Bewohner zuerst in Unterkünfte desselben Stadtteils verlegt.")
    return out


def widget_values(a: Assumptions) -> dict[str, Any]:
    """The widget values that represent an Assumptions object (inverse of :func:`assumptions_from`)."""
    out: dict[str, Any] = {"horizon_years": max(1, min(MAX_YEARS, round(a.horizon_months / 12)))}
    for v in VARIANTS:
        out[f"arrivals_{v}"] = round(float(a.arrivals[v]), 6)
    for key in ("moveout_rate", "moveout_rate_decline", "recognition_rate", "departure_rate", "target_utilisation",
                "reserve_places", "default_cost_per_place", "care_cost_per_person", "reimbursement_per_person",
                "reimbursable_share", "unplaced_cost_per_person", "operating_share_saved",
                "arrival_entitled_share", "notice_months"):
        out[key] = round(float(getattr(a, key)), 6)
    out["land_forecast_per_year"] = float(a.land_forecast_per_year or 0.0)
    out["city_share"] = round(float(a.city_share or 0.0), 6)
    out["use_seasonal"] = bool(a.use_seasonal)
    out["same_district_first"] = bool(a.same_district_first)
    return out


@dataclass
class PlanInputs:
    """The table inputs: closure month per accommodation, opening month per reserve accommodation,
    new accommodations (all JSON-friendly)."""

    closures: dict[str, str | None] = field(default_factory=dict)
    openings: dict[str, str | None] = field(default_factory=dict)
    new_capacity: list[CapacityChange] = field(default_factory=list)
    pinned: list[str] = field(default_factory=list)  # decided closures the proposal keeps

    @classmethod
    def of(cls, a: Assumptions) -> "PlanInputs":
        return cls(dict(a.closures), dict(a.openings), list(a.new_capacity), list(a.pinned))

    def apply_to(self, a: Assumptions) -> Assumptions:
        """``a`` with these closures, openings, new accommodations and decided closures (what the
        editor tables show)."""
        return a.replace(closures=self.closures, openings=self.openings, new_capacity=self.new_capacity,
                         pinned=list(self.pinned))

    def adopt(self, closures: Mapping[str, str | None]) -> PlanInputs:
        """These inputs with a proposal's closures: every other accommodation stays open (the
        proposal's closures include the decided ones unchanged)."""
        return PlanInputs({**{k: None for k in self.closures}, **closures}, dict(self.openings),
                          list(self.new_capacity), list(self.pinned))


def _differs(a, b) -> bool:
    if isinstance(a, float) or isinstance(b, float):
        return abs(float(a) - float(b)) > 1e-9
    return a != b


def assumptions_from(defaults: Assumptions, values: Mapping[str, Any], plan: PlanInputs | None = None) -> Assumptions:
    """Assumptions from widget values and table inputs; fields that differ from ``defaults`` are
    marked "eigene Eingabe" in ``sources``, the others keep the default's source."""
    plan = plan or PlanInputs.of(defaults)
    base = widget_values(defaults)
    vals = {**base, **{k: v for k, v in values.items() if k in base}}
    changes: dict[str, Any] = {
        "horizon_months": 12 * int(vals["horizon_years"]),
        "arrivals": {v: float(vals[f"arrivals_{v}"]) for v in VARIANTS},
        "use_seasonal": bool(vals["use_seasonal"]),
        "same_district_first": bool(vals["same_district_first"]),
        "notice_months": int(round(float(vals["notice_months"]))),
        "closures": {k: v for k, v in plan.closures.items()},
        "openings": {k: v for k, v in plan.openings.items()},
        "new_capacity": list(plan.new_capacity),
        "pinned": sorted(plan.pinned),
    }
    for key in ("moveout_rate", "moveout_rate_decline", "recognition_rate", "departure_rate", "target_utilisation",
                "reserve_places", "default_cost_per_place", "care_cost_per_person", "reimbursement_per_person",
                "reimbursable_share", "unplaced_cost_per_person", "operating_share_saved",
                "arrival_entitled_share"):
        changes[key] = float(vals[key])
    forecast, share = float(vals["land_forecast_per_year"]), float(vals["city_share"])
    used = forecast > 0 and share > 0  # the arrivals helper: Land forecast × city share
    changes["land_forecast_per_year"] = forecast if used else None
    changes["city_share"] = share if used else None
    if used:
        changes["arrivals"] = arrivals_from_forecast(forecast, share)
    sources = dict(defaults.sources)
    for key, value in changes.items():
        old = getattr(defaults, key)
        if key == "arrivals":
            changed = any(_differs(float(value[v]), float(old[v])) for v in VARIANTS)
        elif key in ("closures", "openings"):
            changed = {k: v for k, v in value.items() if v} != {k: v for k, v in old.items() if v}
        elif key == "new_capacity":
            changed = [c.__dict__ for c in value] != [c.__dict__ for c in old]
        elif key == "pinned":
            changed = sorted(value) != sorted(old)
        elif key in ("land_forecast_per_year", "city_share"):
            changed = value != old
        else:
            changed = _differs(value, old)
        if changed:
            sources[key] = SOURCE_USER
            if key == "moveout_rate":
                sources["moveout_count"] = SOURCE_USER
    return defaults.replace(**changes, sources=sources)



# --- months for the tables -------------------------------------------------------------------------
@dataclass(frozen=True)
class MonthChoices:
    """German month labels ("Juni 2027") for the tables' month columns and their "YYYY-MM" keys:
    the 120 months from the Stichtag's month plus earlier months that appear in the inputs."""

    keys: tuple[str, ...]
    labels: tuple[str, ...]

    @classmethod
    def build(cls, stichtag, extra: list[str | None] = (), months: int = CHOICE_MONTHS) -> "MonthChoices":
        keys = {month_key(period_month(stichtag, t)) for t in range(months)}
        keys |= {k for k in extra if k}
        keys = sorted(keys)
        return cls(tuple(keys), tuple(fmt.month(pd.Timestamp(k + "-01")) for k in keys))

    @classmethod
    def for_plan(cls, stichtag, plan: PlanInputs) -> MonthChoices:
        """The choices of the editor tables for ``plan``: every month it names stays selectable."""
        return cls.build(stichtag, extra=[*plan.closures.values(), *plan.openings.values(),
                                          *(c.month for c in plan.new_capacity),
                                          *(c.lease_end for c in plan.new_capacity)])

    def label(self, key: str | None) -> str | None:
        if not key:
            return None
        return self.labels[self.keys.index(key)] if key in self.keys else fmt.month(pd.Timestamp(key + "-01"))

    def key(self, label) -> str | None:
        if label is None or (not isinstance(label, str) and pd.isna(label)) or str(label).strip() == "":
            return None
        label = str(label)
        return self.keys[self.labels.index(label)] if label in self.labels else None


DISTRICT_CHOICES = tuple(district_label(d.id) for d in reference.DISTRICTS)


def _district_id(label) -> str:
    if label is None or (not isinstance(label, str) and pd.isna(label)):
        return ""
    text = str(label).strip()
    return text.split(" ", 1)[0] if text[:2].isdigit() else ""


def _row_ids(start: StartState, reserve: bool) -> list[int]:
    acc = start.accommodations
    keep = ~acc["closed"] & (acc["reserve"] if reserve else ~acc["reserve"])
    return [int(j) for j in np.flatnonzero(keep.to_numpy(dtype=bool))]


def closure_frame(start: StartState, a: Assumptions, choices: MonthChoices) -> pd.DataFrame:
    """Editor table, one row per accommodation in operation (index = accommodation id): name, district,
    places, residents at the Stichtag, lease end, closure month (German label, None = no closure) and
    whether the closure is decided ("beschlossen": the proposal keeps it as it is)."""
    acc = start.accommodations
    rows = _row_ids(start, reserve=False)
    residents = start.residents()
    part = acc.iloc[rows]
    return pd.DataFrame({
        COL_NAME: part["name"].astype("str").to_numpy(),
        COL_DISTRICT: [district_label(d) for d in part["district_id"]],
        COL_PLACES: part["capacity"].round().astype("int64").to_numpy(),
        COL_RESIDENTS: np.round(residents[rows]).astype("int64"),
        COL_LEASE: [fmt.date(d) if not pd.isna(d) else "" for d in part["lease_end"]],
    }, index=pd.Index(part["id"].astype("str").to_numpy(), name="id")).assign(**{
        COL_CLOSURE: lambda df: pd.Series([choices.label(a.closures.get(i)) for i in df.index], index=df.index,
                                          dtype="object"),
        COL_PINNED: lambda df: pd.Series([i in set(a.pinned) for i in df.index], index=df.index, dtype="bool")})


def closures_from_frame(df: pd.DataFrame, choices: MonthChoices) -> dict[str, str | None]:
    """id → closure month key ("2027-06") or None, from the (edited) closure table."""
    return {str(i): choices.key(v) for i, v in zip(df.index, df[COL_CLOSURE])}


def pinned_from_frame(df: pd.DataFrame) -> list[str]:
    """Ids marked "beschlossen" in the (edited) closure table."""
    if COL_PINNED not in df:
        return []
    return sorted(str(i) for i, v in zip(df.index, df[COL_PINNED]) if bool(v) and not pd.isna(v))


def opening_frame(start: StartState, a: Assumptions, choices: MonthChoices) -> pd.DataFrame:
    """Editor table of reserve accommodations (index = id): name, district, places, opening month."""
    acc = start.accommodations
    rows = _row_ids(start, reserve=True)
    part = acc.iloc[rows]
    return pd.DataFrame({
        COL_NAME: part["name"].astype("str").to_numpy(),
        COL_DISTRICT: [district_label(d) for d in part["district_id"]],
        COL_PLACES: part["capacity"].round().astype("int64").to_numpy(),
    }, index=pd.Index(part["id"].astype("str").to_numpy(), name="id")).assign(**{
        COL_OPENING: lambda df: pd.Series([choices.label(a.openings.get(i)) for i in df.index], index=df.index,
                                          dtype="object")})


def openings_from_frame(df: pd.DataFrame, choices: MonthChoices) -> dict[str, str | None]:
    return {str(i): choices.key(v) for i, v in zip(df.index, df[COL_OPENING])}


NEW_COLUMNS = (COL_NEW_NAME, COL_DISTRICT, COL_PLACES, COL_FROM, COL_COST, COL_NEW_LEASE)


def new_capacity_frame(a: Assumptions, choices: MonthChoices) -> pd.DataFrame:
    """Editor table of new accommodations (rows can be added and deleted)."""
    rows = [{COL_NEW_NAME: c.name, COL_DISTRICT: district_label(c.district_id) if c.district_id else None,
             COL_PLACES: float(c.capacity), COL_FROM: choices.label(c.month),
             COL_COST: None if c.cost_per_place is None else float(c.cost_per_place),
             COL_NEW_LEASE: choices.label(c.lease_end)} for c in a.new_capacity]
    df = pd.DataFrame(rows, columns=list(NEW_COLUMNS))
    for col in (COL_NEW_NAME, COL_DISTRICT, COL_FROM, COL_NEW_LEASE):
        df[col] = df[col].astype("object")
    for col in (COL_PLACES, COL_COST):
        df[col] = df[col].astype("float64")
    return df


def is_blank(v) -> bool:
    """None, NaN or text of only spaces: an empty editor cell."""
    return v is None or (not isinstance(v, str) and pd.isna(v)) or (isinstance(v, str) and not v.strip())


def new_capacity_from_frame(df: pd.DataFrame, choices: MonthChoices) -> tuple[list[CapacityChange], list[str]]:
    """New accommodations from the edited table and German notes on rows left out (no places or month)."""
    out: list[CapacityChange] = []
    notes: list[str] = []
    for n, (_, row) in enumerate(df.iterrows(), start=1):
        values = [row.get(c) for c in NEW_COLUMNS]
        if all(is_blank(v) for v in values):
            continue
        name = str(row[COL_NEW_NAME]).strip() if not is_blank(row[COL_NEW_NAME]) else f"Neue Unterkunft {n}"
        places = row[COL_PLACES]
        month = choices.key(row[COL_FROM])
        if is_blank(places) or float(places) <= 0 or month is None:
            missing = [t for t, bad in ((COL_PLACES, is_blank(places) or float(places) <= 0), (COL_FROM, month is None))
                       if bad]
            notes.append(f"Zeile {n} ({name}) nicht berücksichtigt: {' und '.join(missing)} fehlt.")
            continue
        cost = None if is_blank(row[COL_COST]) else float(row[COL_COST])
        out.append(CapacityChange(name=name, capacity=float(places), month=month,
                                  district_id=_district_id(row[COL_DISTRICT]), cost_per_place=cost,
                                  lease_end=choices.key(row[COL_NEW_LEASE])))
    return out, notes

