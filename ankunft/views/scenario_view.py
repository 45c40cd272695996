"""Glue between the Szenarien page's widgets and the scenario engine (pure, no Streamlit).

* :func:`controls` – the sliders and switches: label, options (German formatted), default and the
  default's source ("aus Daten", "Referenzwert", "geschätzt", "eigene Eingabe");
* :func:`widget_values` / :func:`assumptions_from` – Assumptions → widget values → Assumptions; a
  value that differs from the default is marked "eigene Eingabe";
* editor tables: :func:`closure_frame` / :func:`closures_from_frame` (one row per accommodation),
  :func:`opening_frame` / :func:`openings_from_frame` (reserve accommodations),
  :func:`new_capacity_frame` / :func:`new_capacity_from_frame` (new accommodations), with month
  choices from :class:`MonthChoices`;
* :func:`tiles` – KPI tiles with the change against the same plan without closures;
* :func:`proposal_table`, :func:`scenario_payload` / :func:`parse_payload`, :func:`proposal_for`;
* council mode: :func:`hidden_start` (start occupancies the Übersicht hides), :func:`page_view`
  with ``council=True`` and :func:`compare_display` with ``hidden``: no figure of the council view
  gives a start count away that the Übersicht hides (see :func:`transfers_hidden`).
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from ankunft.core import fmt, reference
from ankunft.core.names import district_label
from ankunft.scenario.engine import build_plan
from ankunft.scenario.inputs import (
    ASSUMPTION_LABELS,
    CELL_GROUP,
    SOURCE_DATA,
    SOURCE_USER,
    VARIANT_LABELS,
    VARIANTS,
    Assumptions,
    CapacityChange,
    StartState,
    default_assumptions,
    month_key,
    period_month,
)
from ankunft.scenario.proposal import PROPOSAL_LABELS, Proposal, propose
from ankunft.scenario.results import TOLERANCE, Result, _without_closures
from ankunft.views.common import Tile

DEFAULT_YEARS = 5
MAX_YEARS = 10
CHOICE_MONTHS = 12 * MAX_YEARS
NO_MONTH = None

# column titles of the editor tables
COL_NAME = "Unterkunft"
COL_DISTRICT = "Stadtteil"
COL_PLACES = "Plätze"
COL_RESIDENTS = "Bewohner"
COL_LEASE = "Mietende"
COL_CLOSURE = "Schließung"
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

    @classmethod
    def of(cls, a: Assumptions) -> "PlanInputs":
        return cls(dict(a.closures), dict(a.openings), list(a.new_capacity))


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
    }
    for key in ("moveout_rate", "moveout_rate_decline", "recognition_rate", "departure_rate", "target_utilisation",
                "reserve_places", "default_cost_per_place", "care_cost_per_person", "reimbursement_per_person",
                "reimbursable_share", "unplaced_cost_per_person", "operating_share_saved",
                "arrival_entitled_share"):
        changes[key] = float(vals[key])
    sources = dict(defaults.sources)
    for key, value in changes.items():
        old = getattr(defaults, key)
        if key == "arrivals":
            changed = any(_differs(float(value[v]), float(old[v])) for v in VARIANTS)
        elif key in ("closures", "openings"):
            changed = {k: v for k, v in value.items() if v} != {k: v for k, v in old.items() if v}
        elif key == "new_capacity":
            changed = [c.__dict__ for c in value] != [c.__dict__ for c in old]
        else:
            changed = _differs(value, old)
        if changed:
            sources[key] = SOURCE_USER
            if key == "moveout_rate":
                sources["moveout_count"] = SOURCE_USER
    return defaults.replace(**changes, sources=sources)


def defaults_for(start: StartState) -> Assumptions:
    """The page's defaults: :func:`default_assumptions` over five years."""
    return default_assumptions(start, 12 * DEFAULT_YEARS)


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
    places, residents at the Stichtag, lease end, closure month (German label, None = no closure)."""
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
                                          dtype="object")})


def closures_from_frame(df: pd.DataFrame, choices: MonthChoices) -> dict[str, str | None]:
    """id → closure month key ("2027-06") or None, from the (edited) closure table."""
    return {str(i): choices.key(v) for i, v in zip(df.index, df[COL_CLOSURE])}


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


def _blank(v) -> bool:
    return v is None or (not isinstance(v, str) and pd.isna(v)) or (isinstance(v, str) and not v.strip())


def new_capacity_from_frame(df: pd.DataFrame, choices: MonthChoices) -> tuple[list[CapacityChange], list[str]]:
    """New accommodations from the edited table and German notes on rows left out (no places or month)."""
    out: list[CapacityChange] = []
    notes: list[str] = []
    for n, (_, row) in enumerate(df.iterrows(), start=1):
        values = [row.get(c) for c in NEW_COLUMNS]
        if all(_blank(v) for v in values):
            continue
        name = str(row[COL_NEW_NAME]).strip() if not _blank(row[COL_NEW_NAME]) else f"Neue Unterkunft {n}"
        places = row[COL_PLACES]
        month = choices.key(row[COL_FROM])
        if _blank(places) or float(places) <= 0 or month is None:
            missing = [t for t, bad in ((COL_PLACES, _blank(places) or float(places) <= 0), (COL_FROM, month is None))
                       if bad]
            notes.append(f"Zeile {n} ({name}) nicht berücksichtigt: {' und '.join(missing)} fehlt.")
            continue
        cost = None if _blank(row[COL_COST]) else float(row[COL_COST])
        out.append(CapacityChange(name=name, capacity=float(places), month=month,
                                  district_id=_district_id(row[COL_DISTRICT]), cost_per_place=cost,
                                  lease_end=choices.key(row[COL_NEW_LEASE])))
    return out, notes


# --- tiles ----------------------------------------------------------------------------------------

TOTAL_HIDDEN = "Gesamt"  # in ``hidden``: the city total of residents is hidden too


def hidden_start(state, cfg=None) -> tuple[str, ...]:
    """Accommodation ids whose start occupancy the Übersicht hides in council mode (its
    :func:`ankunft.views.overview_view.protect_occupancy`), plus :data:`TOTAL_HIDDEN` when the city total
    is hidden; sorted, hashable (a cache key of :func:`page_view`)."""
    from ankunft import disclosure
    from ankunft.views import overview_view as ov

    if not state.has("accommodations"):
        return ()
    table = ov.ov_mod.inputs(state, None).table
    occ = ov.protect_occupancy(table, cfg or disclosure.DEFAULT)
    ids = table["id"].astype("object").where(table["id"].notna(), table["key"]).astype("str")
    out = {i for k, i in zip(table["key"], ids) if occ.hidden(k)}
    if occ.total.suppressed:
        out.add(TOTAL_HIDDEN)
    return tuple(sorted(out))


def transfers_hidden(result: Result, hidden) -> bool:
    """Do the transfers of this result (or of its run without closures) move people out of an
    accommodation whose start occupancy is hidden? Then the number of transfers would give that
    occupancy away (a site closing in the first month moves exactly its residents)."""
    hidden = set(hidden)
    if not hidden:
        return False
    if TOTAL_HIDDEN in hidden:
        return True
    for raw in (result.raw, result.baseline_raw):
        out = raw.transfers_out.sum(axis=0)
        if any(out[j] > TOLERANCE and pid in hidden for j, pid in enumerate(result.plan.ids[:len(out)])):
            return True
    return False


def _up(x: float) -> int:
    return int(math.ceil(x - 1e-9)) if x > TOLERANCE else 0


TILES_NOTE = "Veränderung in den Kacheln: gegenüber denselben Annahmen ohne Schließungen."


def _change(now: float, before: float, unit: str = "") -> str | None:
    """Change against the plan without closures; ASCII minus so that the tile's arrow points down."""
    d = now - before
    if abs(d) < 0.5:
        return None
    return fmt.signed(d, 0, unit).replace("−", "-")


def baseline_of(result: Result) -> Result:
    """The same scenario without closures, from the result's baseline run (no extra simulation)."""
    base_a = _without_closures(result.assumptions)
    return Result(start=result.start, assumptions=base_a, variant=result.variant,
                  plan=build_plan(result.start, base_a), raw=result.baseline_raw, name="ohne Schließungen")


def tiles(result: Result, base: Result | None = None, hidden=()) -> list[Tile]:
    """Five tiles: places at the end, largest shortfall, extra flats per month, transfers, saving.

    ``hidden`` (council mode, :func:`hidden_start`): the transfers tile shows "•" when it would
    give a hidden start occupancy away; with the city total hidden every person tile does."""
    out = _tiles(result, base or baseline_of(result))
    persons_hidden = TOTAL_HIDDEN in set(hidden)
    hide = {"transfers"} if transfers_hidden(result, hidden) else set()
    if persons_hidden:
        hide |= {"shortfall", "flats", "transfers"}
    return [Tile(t.key, t.label, HIDDEN, None, t.help, t.inverse) if t.key in hide else t for t in out]


HIDDEN = "•"


def _tiles(result: Result, base: Result) -> list[Tile]:
    k, b = result.key_figures(), base.key_figures()
    end = result.month_label(result.T - 1)
    short_now, short_base = _up(k["max_shortfall_target"]), _up(b["max_shortfall_target"])
    flats_now = _up(k["extra_flats_per_month"]) if k["extra_flats_per_month"] > 1e-6 else 0
    flats_base = _up(b["extra_flats_per_month"]) if b["extra_flats_per_month"] > 1e-6 else 0
    saving = k["saving_total"]
    return [
        Tile("capacity_end", f"Plätze {end}", fmt.integer(k["capacity_end"]),
             _change(k["capacity_end"], b["capacity_end"]),
             "Plätze in Betrieb im letzten Monat des Zeitraums.", False),
        Tile("shortfall", "Höchster Fehlbedarf", fmt.integer(short_now),
             _change(short_now, short_base),
             "Größte Lücke (in Plätzen) zwischen Bedarf und Plätzen bei Zielauslastung abzüglich Reserve.", True),
        Tile("flats", "Wohnungen/Monat", fmt.integer(flats_now), _change(flats_now, flats_base),
             "Zusätzliche Wohnungen: so viele müssten zusätzlich zu den angenommenen Auszügen je Monat "
             "gefunden werden, "
             "damit kein Fehlbedarf entsteht.", True),
        Tile("transfers", "Verlegungen", fmt.integer(k["transfers_total"]),
             _change(k["transfers_total"], b["transfers_total"]),
             "Personen, die wegen Schließungen oder Überbelegung umziehen müssen (Summe über den Zeitraum).", True),
        Tile("saving", "Einsparung (Mio. €)",  # a negative saving (extra cost) with the typographic minus
             fmt.num(saving / 1_000_000, 1 if abs(saving) >= 1_000_000 else 2).replace("-", "−", 1), None,
             "Im ganzen Zeitraum: Nettokosten ohne Schließungen minus Nettokosten mit Schließungen "
             "(Miete bis Mietende, "
             "Betreuung, Notunterbringung, abzüglich Landeserstattung).", False),
    ]


# --- proposal, saved scenarios -----------------------------------------------------------------------
def proposal_table(p: Proposal) -> pd.DataFrame:
    """The strategies side by side, German: Reihenfolge, Umsetzbar, Einsparung, Schließungen, Unterkünfte."""
    c = p.comparison
    return pd.DataFrame({
        PROPOSAL_LABELS["order"]: c["order"].astype("str"),
        PROPOSAL_LABELS["feasible"]: ["ja" if v else "nein" for v in c["feasible"]],
        "Einsparung": [fmt.eur_compact(v) for v in c["saving"]],
        PROPOSAL_LABELS["closures"]: [fmt.integer(v) for v in c["closures"]],
        PROPOSAL_LABELS["plan"]: c["plan"].astype("str"),
    })


def proposal_for(start: StartState, assumptions_json: str, variant: str) -> Proposal:
    """The proposal for assumptions given as JSON (a cacheable signature)."""
    return propose(start, Assumptions.from_json(assumptions_json), variant)


PAYLOAD_VERSION = 1


def scenario_payload(a: Assumptions, variant: str, stand) -> str:
    """JSON stored for a named scenario: the assumptions, the arrival variant and the data Stand."""
    return json.dumps({"version": PAYLOAD_VERSION, "variant": variant, "stand": pd.Timestamp(stand).date().isoformat(),
                       "assumptions": a.to_dict()}, ensure_ascii=False, sort_keys=True)


@dataclass(frozen=True)
class Saved:
    assumptions: Assumptions
    variant: str
    stand: str | None


def parse_payload(text: str) -> Saved:
    """A stored scenario; plain Assumptions JSON (without the wrapper) is read as variant "mittel"."""
    obj = json.loads(text)
    if isinstance(obj, dict) and "assumptions" in obj:
        variant = obj.get("variant") if obj.get("variant") in VARIANTS else "mittel"
        return Saved(Assumptions.from_dict(obj["assumptions"]), variant, obj.get("stand"))
    return Saved(Assumptions.from_dict(obj), "mittel", None)


def saved_caption(name: str, saved: Saved) -> str:
    """`Plan A: mittlere Zuweisung, 3 Schließungen, Daten vom 30.09.2026`."""
    n = sum(1 for v in saved.assumptions.closures.values() if v)
    parts = [VARIANT_LABELS[saved.variant], fmt.plural(n, "Schließung", "Schließungen")]
    if saved.stand:
        parts.append(f"Daten vom {fmt.date(saved.stand)}")
    return f"{name}: " + ", ".join(parts)


def start_note(start: StartState) -> str:
    """One line on where the start population comes from."""
    if start.estimated:
        return ("Startbestand geschätzt aus der Belegung der Unterkunftsliste (ohne Bewohnerdatei: Gruppen, "
                "Alter und Haushaltsgrößen nach Standardanteilen).")
    return f"Startbestand: {fmt.plural(round(float(start.persons.sum())), 'Person', 'Personen')} laut Bewohnerdatei " \
           f"zum {fmt.date(start.stichtag)}."


def proposal_key(a: Assumptions, variant: str) -> str:
    """What a proposal depends on: every assumption except the closures (and the sources), and the variant."""
    d = a.to_dict()
    d.pop("closures", None)
    d.pop("sources", None)
    return json.dumps({"a": d, "variant": variant}, ensure_ascii=False, sort_keys=True)


PCT_COLUMNS = ("utilisation",)
TEXT_COLUMNS = ("period", "month", "month_label")


def monthly_display(result: Result) -> pd.DataFrame:
    """The monthly table for the screen: German titles, whole numbers, € amounts, utilisation in %."""
    from ankunft.scenario.results import LABELS, MONTHLY_COLUMNS

    m = result.monthly
    out = {LABELS["month_label"]: m["month_label"].astype("str")}
    for key in MONTHLY_COLUMNS:
        if key in TEXT_COLUMNS:
            continue
        col = m[key]
        if key in PCT_COLUMNS:
            out[LABELS[key]] = [fmt.pct(v, 1) for v in col]
        elif LABELS[key].endswith("(€)"):
            out[LABELS[key]] = [fmt.eur(v) for v in col]
        else:
            out[LABELS[key]] = [fmt.integer(v) for v in col]
    return pd.DataFrame(out)


def saved_table(listing: pd.DataFrame, payloads: Mapping[str, str | None]) -> pd.DataFrame:
    """Saved scenarios for the screen: Name, Zuweisung, Schließungen, Datenstand, gespeichert am, von."""
    rows = []
    for r in listing.itertuples(index=False):
        text = payloads.get(r.name)
        try:
            saved = parse_payload(text) if text else None
        except (ValueError, TypeError, KeyError):
            saved = None
        saved_at = pd.to_datetime(r.saved_at, errors="coerce")
        rows.append({
            "Name": r.name,
            "Zuweisung": VARIANT_LABELS[saved.variant] if saved else "nicht lesbar",
            "Schließungen": fmt.integer(sum(1 for v in saved.assumptions.closures.values() if v)) if saved else "–",
            "Datenstand": fmt.date(saved.stand) if saved and saved.stand else "–",
            "Gespeichert am": (fmt.date(saved_at) if not pd.isna(saved_at)
                               else "–" if _blank(r.saved_at) else str(r.saved_at)),
            "von": "–" if _blank(r.saved_by) else str(r.saved_by),
        })
    return pd.DataFrame(rows, columns=["Name", "Zuweisung", "Schließungen", "Datenstand", "Gespeichert am", "von"])


FLATS_ROW = "Zusätzliche Wohnungen je Monat"


TRANSFER_ROWS = ("transfers_total", "children_cross_district")
PERSON_ROWS = ("max_shortfall_target", "max_shortfall_capacity", "max_unplaced", "extra_flats_per_month",
               "demand_end", *TRANSFER_ROWS)


def compare_display(results: Mapping[str, Result], hidden=None) -> pd.DataFrame:
    """Key figures side by side (:func:`~ankunft.scenario.compare_table`), one column per scenario.

    The extra flats per month are written as a whole number of flats (rounded up) from the numeric
    key figures – ``compare_table`` formats that row by its key ending in ``_month`` as a month.
    ``hidden`` (council mode, :func:`hidden_start`): transfers that would give a hidden start
    occupancy away read "•" (every person row when the city total is hidden).
    """
    from ankunft.scenario.results import COMPARE_LABELS, compare, compare_table

    names = list(results)
    table = compare_table(*results.values(), names=names)
    numeric = compare(*results.values(), names=names)
    if FLATS_ROW in table.index:
        for name, v in zip(names, numeric["extra_flats_per_month"]):
            table.at[FLATS_ROW, name] = fmt.integer(_up(v) if v > 1e-6 else 0)
    if hidden is not None:
        rows = PERSON_ROWS if TOTAL_HIDDEN in set(hidden) else TRANSFER_ROWS
        for name, r in zip(names, results.values()):
            if TOTAL_HIDDEN in set(hidden) or transfers_hidden(r, hidden):
                hide = {COMPARE_LABELS[key] for key in rows}
                table[name] = [HIDDEN if label in hide else v for label, v in zip(table.index, table[name])]
    return table


def adopt_message(closures: Mapping[str, str | None]) -> str:
    """Flash text after adopting a proposal."""
    n = sum(1 for v in closures.values() if v)
    if n == 0:
        return "Vorschlag übernommen: keine Schließungen."
    return f"Vorschlag übernommen: {fmt.plural(n, 'Schließung', 'Schließungen')} eingetragen."


def same_closures(a: Mapping[str, str | None], b: Mapping[str, str | None]) -> bool:
    """True when both plans close the same accommodations in the same months."""
    return {k: v for k, v in a.items() if v} == {k: v for k, v in b.items() if v}


# --- the computed page (cacheable as a whole) ---------------------------------------------------------
@dataclass
class PageView:
    """Everything the page shows for one set of assumptions and one arrival variant."""

    results: dict[str, Result]
    verdict: str
    variants_text: str
    tiles: list[Tile]
    figures: dict[str, Any]  # key → plotly figure
    texts: dict[str, str]  # key → text alternative

    @property
    def result(self) -> Result:
        return self.results[self.variant]

    variant: str = "mittel"


VIEW_LABELS = {
    "demand": "Bedarf und Plätze",
    "timeline": "Zeitplan der Unterkünfte",
    "occupancy": "Belegung je Unterkunft",
    "flats": "Benötigte Wohnungen",
    "net_cost": "Nettokosten je Haushaltsjahr",
    "savings": "Einsparung",
}


COUNCIL_VIEW_LABELS = {**VIEW_LABELS, "occupancy": "Belegung aller Unterkünfte"}


def view_labels(council: bool) -> dict[str, str]:
    """The views a user can choose (council mode: occupancy of all accommodations together)."""
    return COUNCIL_VIEW_LABELS if council else VIEW_LABELS


def page_view(start: StartState, assumptions_json: str, variant: str, council: bool = False,
              name: str = "", hidden: tuple[str, ...] = ()) -> PageView:
    """Simulate the three variants and build the verdict, tiles and every chart of the page
    (one function so that the page can cache the whole view per assumptions and variant).

    ``council``: the council view (whole persons, occupancy of all accommodations together);
    ``hidden``: :func:`hidden_start` of the data state, so that no tile gives a start occupancy away
    that the Übersicht hides."""
    from ankunft.plots import scenario_charts as scc
    from ankunft.scenario.results import simulate
    from ankunft.scenario.verdict import verdict, verdict_variants

    a = Assumptions.from_json(assumptions_json)
    results = {v: simulate(start, a, v, name=name) for v in VARIANTS}
    r = results[variant]
    persons_hidden = council and TOTAL_HIDDEN in hidden
    figures = {
        "demand": scc.demand_vs_capacity(results, council, hide_persons=persons_hidden),
        "timeline": scc.timeline(r, council),
        "occupancy": scc.occupancy(r, council, hide_persons=persons_hidden),
        "flats": scc.flats(r, council, hide_persons=persons_hidden),
        "net_cost": scc.net_cost(r, council),
        "savings": scc.savings(r, council),
    }
    return PageView(results=results, verdict=verdict(r), variants_text=verdict_variants(results),
                    tiles=tiles(r, baseline_of(r), hidden if council else ()), figures=figures,
                    texts={k: scc.text_alternative(f) for k, f in figures.items()}, variant=variant)


# --- assumptions table in council mode -------------------------------------------------------------
def _council_counts(a: Assumptions, start: StartState) -> dict[str, tuple[float, float | None]]:
    """For each assumption taken from the residents file: (the 12-month count of persons behind it,
    the rest of its group, or None) – what a reader could multiply the shown rate back into."""
    persons = start.persons
    entitled = float(persons[:, CELL_GROUP == 1].sum())
    must = float(persons[:, CELL_GROUP == 0].sum())
    arrivals_12 = 12.0 * float(a.arrivals.get("mittel", 0.0))
    moveouts_12 = 12.0 * a.moveout_rate * entitled
    departures_12 = 12.0 * a.departure_rate * must
    asylum = a.reimbursable_share * must
    return {
        "arrivals": (arrivals_12, None),
        "moveout_rate": (moveouts_12, None),
        "moveout_count": (moveouts_12, None),
        "departure_rate": (departures_12, None),
        "reimbursable_share": (asylum, must - asylum),
        "arrival_entitled_share": (a.arrival_entitled_share * arrivals_12,
                                   (1.0 - a.arrival_entitled_share) * arrivals_12),
    }


def council_assumptions(a: Assumptions, start: StartState, cfg=None) -> pd.DataFrame:
    """The assumptions table for the council: values the model took from the residents file are
    rates of person counts (arrivals per month, move-out rate, shares), and a precise rate times a
    known group gives the count back. So each of them is shown as "•" where the 12-month count
    behind it (or the rest of its group) is small, and otherwise rounded: persons per month to whole
    persons, rates and shares to whole per cent (per mille for monthly rates below 1 %)."""
    from ankunft import disclosure

    cfg = cfg or disclosure.DEFAULT
    table = a.describe(start)
    counts = _council_counts(a, start)
    labels = {ASSUMPTION_LABELS[k]: k for k in counts}
    out = table.copy()
    for i, row in out.iterrows():
        key = labels.get(row["Annahme"])
        if key is None or a.sources.get(key) != SOURCE_DATA:
            continue
        count, rest = counts[key]
        small = lambda v: v is not None and 0 < round(v) <= cfg.threshold  # noqa: E731
        if small(count) or small(rest):
            out.at[i, "Wert"] = disclosure.HIDDEN_MARKER
            continue
        if key == "arrivals":
            out.at[i, "Wert"] = ", ".join(f"{v}: {fmt.integer(round(a.arrivals[v]))}" for v in a.arrivals)
        elif key == "moveout_count":
            out.at[i, "Wert"] = fmt.integer(round(a.moveout_count))
        elif key in ("moveout_rate", "departure_rate"):
            rate = getattr(a, key)
            out.at[i, "Wert"] = fmt.pct(rate, 0) if rate >= 0.01 else fmt.pct(round(rate, 3), 1)
        else:
            out.at[i, "Wert"] = fmt.pct(getattr(a, key), 0)
    return out
