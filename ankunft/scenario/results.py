"""Scenario results: `simulate`, `baseline`, `compare` and tidy tables.

`simulate(start, assumptions, variant)` runs the engine for the scenario and for its baseline
(the same assumptions without closures) and returns a `Result` whose tables are built lazily:

* ``monthly``: one row per month (capacity, demand, shortfalls, flows, transfers, costs, savings),
* ``by_accommodation``: one row per month × accommodation (capacity, residents, overbooking, rent),
* ``flats``: one row per month × household size (flats taken by assumed move-outs, extra flats
  needed to remove the shortfall against the target),
* ``costs_by_year``: one row per budget (calendar) year.

Column keys are English; ``LABELS`` gives the German column titles. The formatted comparison table
is :func:`ankunft.views.scenario_view.compare_display`, the Excel workbook
:func:`ankunft.export.scenario_workbook.to_excel`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cached_property

import numpy as np
import pandas as pd

from ankunft.core import fmt
from ankunft.scenario import households as hh
from ankunft.scenario.engine import Plan, Raw, build_plan, run
from ankunft.scenario.inputs import (
    CELL_AGE,
    CELL_GROUP,
    HOUSEHOLD_CLASSES,
    HOUSEHOLD_LABELS,
    N_K,
    VARIANT_LABELS,
    Assumptions,
    StartState,
    period_month,
)

# below this many (expected) persons a shortfall counts as none (counts are expected values)
TOLERANCE = 0.5


class InputError(ValueError):
    """The data cannot be simulated (German message naming the accommodation and the column)."""


def whole_persons(x: float) -> int:
    """A count of missing places or persons rounded up (below ``TOLERANCE`` it counts as none)."""
    return int(math.ceil(x - 1e-9)) if x > TOLERANCE else 0


def whole_flats(x: float) -> int:
    """Flats are whole: any need, however small per month, means at least one flat."""
    return int(math.ceil(x - 1e-6)) if x > 1e-6 else 0

LABELS: dict[str, str] = {
    "period": "Monat Nr.",
    "month": "Monatsbeginn",
    "month_label": "Monat",
    "capacity": "Plätze",
    "target_places": "Plätze bei Zielauslastung abzügl. Reserve",
    "placed": "Untergebracht",
    "unplaced": "Nicht untergebracht",
    "demand": "Bedarf (Personen)",
    "shortfall_capacity": "Fehlende Plätze (Kapazität)",
    "shortfall_target": "Fehlende Plätze (Zielauslastung)",
    "utilisation": "Auslastung",
    "arrivals": "Zuweisungen",
    "move_outs": "Auszüge in Wohnungen",
    "departures": "Sonstige Abgänge",
    "recognitions": "Anerkennungen",
    "transfers": "Verlegungen",
    "transfers_cross_district": "Verlegungen in anderen Stadtteil",
    "kita_children_cross_district": "Kinder 0–5 mit Stadtteilwechsel",
    "school_children_cross_district": "Kinder 6–17 mit Stadtteilwechsel",
    "must_house": "Unterbringungspflichtig",
    "entitled": "Auszugsberechtigt",
    "children_0_5": "Kinder 0–5",
    "children_6_17": "Kinder 6–17",
    "overbooked": "Überbelegung",
    "over_target": "Belegt über Zielauslastung",
    "gap": "Fehlbedarf (Plätze oder Unterbringung)",
    "open_accommodations": "Unterkünfte in Betrieb",
    "flats_assumed": "Wohnungen laut Annahme",
    "flats_extra": "Zusätzlich nötige Wohnungen",
    "flats_needed": "Wohnungen nötig",
    "rent": "Platzkosten (€)",
    "care": "Betreuungskosten (€)",
    "emergency": "Notunterbringung (€)",
    "reimbursement": "Landeserstattung (€)",
    "net_cost": "Nettokosten (€)",
    "baseline_net_cost": "Nettokosten ohne Schließungen (€)",
    "saving": "Einsparung (€)",
    "saving_cumulative": "Einsparung kumuliert (€)",
    "accommodation_id": "Unterkunfts-Nr.",
    "name": "Unterkunft",
    "district_id": "Stadtteil-Nr.",
    "residents": "Bewohner",
    "transfers_out": "Verlegt (abgebend)",
    "is_open": "In Betrieb",
    "household_size": "Haushaltsgröße",
    "household_label": "Haushalt",
    "year": "Haushaltsjahr",
    "months": "Monate im Zeitraum",
}

MONTHLY_COLUMNS = (
    "period", "month", "month_label", "capacity", "target_places", "placed", "unplaced", "demand",
    "shortfall_capacity", "shortfall_target", "gap", "utilisation", "arrivals", "move_outs", "departures",
    "recognitions", "transfers", "transfers_cross_district", "kita_children_cross_district",
    "school_children_cross_district", "must_house", "entitled", "children_0_5", "children_6_17", "overbooked",
    "over_target", "open_accommodations", "flats_assumed", "flats_extra", "flats_needed", "rent", "care", "emergency",
    "reimbursement", "net_cost", "baseline_net_cost", "saving", "saving_cumulative",
)


@dataclass
class Result:
    """One simulated scenario (one arrival variant) with its baseline.

    Attributes: ``start``, ``assumptions``, ``variant`` ("niedrig"/"mittel"/"hoch"), ``plan`` (the
    resolved accommodation table), ``raw`` (engine arrays), ``baseline_raw`` (the run without
    closures, simulated on first use; the same object when the scenario has no closures).
    """

    start: StartState
    assumptions: Assumptions
    variant: str
    plan: Plan
    raw: Raw
    name: str = ""

    @cached_property
    def baseline_raw(self) -> Raw:
        if not any(v for v in self.assumptions.closures.values()):
            return self.raw
        base_a = without_closures(self.assumptions)
        return run(self.start, base_a, self.variant, build_plan(self.start, base_a))

    # --- scalar arrays ---------------------------------------------------------------------
    @property
    def T(self) -> int:
        return self.raw.T

    @property
    def variant_label(self) -> str:
        return VARIANT_LABELS[self.variant]

    @cached_property
    def months(self) -> list[pd.Timestamp]:
        return [period_month(self.start.stichtag, t) for t in range(self.T)]

    @cached_property
    def month_labels(self) -> list[str]:
        return [fmt.month(m) for m in self.months]

    @cached_property
    def _series(self) -> dict[str, np.ndarray]:
        r = self.raw
        a = self.assumptions
        placed = r.placed_cells.sum(axis=1)
        unplaced = r.unplaced_cells.sum(axis=1)
        demand = placed + unplaced
        capacity = r.capacity.sum(axis=1)
        target = target_places(r, a)
        must_all = (r.placed_cells + r.unplaced_cells)[:, CELL_GROUP == 0].sum(axis=1)
        ent_types = hh.TYPE_GROUP == 1
        flats_assumed_k = _by_class(r.moveout_types * ent_types[None, :])
        short_t = np.maximum(demand - target, 0.0)
        gap = gap_series(r, a)
        flats_extra_k, covered = self._extra_flats(gap)
        return {
            "capacity": capacity,
            "target_places": target,
            "placed": placed,
            "unplaced": unplaced,
            "demand": demand,
            "shortfall_capacity": np.maximum(demand - capacity, 0.0),
            "shortfall_target": short_t,
            "utilisation": np.divide(placed, capacity, out=np.full(self.T, np.nan), where=capacity > 0),
            "arrivals": r.arrivals_cells.sum(axis=1),
            "move_outs": r.outflow_cells[:, CELL_GROUP == 1].sum(axis=1),
            "departures": r.outflow_cells[:, CELL_GROUP == 0].sum(axis=1),
            "recognitions": r.recognitions,
            "transfers": r.transfers_out.sum(axis=1),
            "transfers_cross_district": r.cross_cells.sum(axis=1),
            "kita_children_cross_district": r.cross_cells[:, CELL_AGE == 0].sum(axis=1),
            "school_children_cross_district": r.cross_cells[:, CELL_AGE == 1].sum(axis=1),
            "must_house": must_all,
            "entitled": (r.placed_cells + r.unplaced_cells)[:, CELL_GROUP == 1].sum(axis=1),
            "children_0_5": (r.placed_cells + r.unplaced_cells)[:, CELL_AGE == 0].sum(axis=1),
            "children_6_17": (r.placed_cells + r.unplaced_cells)[:, CELL_AGE == 1].sum(axis=1),
            "overbooked": np.maximum(r.residents - r.capacity, 0.0).sum(axis=1),
            "over_target": r.over_target,
            "gap": gap,
            "open_accommodations": (r.capacity > 0).sum(axis=1).astype("float64"),
            "flats_assumed": flats_assumed_k.sum(axis=1),
            "flats_extra": flats_extra_k.sum(axis=1),
            "flats_needed": flats_assumed_k.sum(axis=1) + flats_extra_k.sum(axis=1),
            "_flats_assumed_k": flats_assumed_k,
            "_flats_extra_k": flats_extra_k,
            "_flats_cover": covered,
        }

    @cached_property
    def _cost_series(self) -> dict[str, np.ndarray]:
        """Costs, the baseline's net cost and savings (simulates the baseline on first use)."""
        net, parts = net_cost(self.raw, self.assumptions)
        base_net, _ = net_cost(self.baseline_raw, self.assumptions)
        saving = base_net - net
        return {**parts, "net_cost": net, "baseline_net_cost": base_net, "saving": saving,
                "saving_cumulative": np.cumsum(saving)}

    def _extra_flats(self, gap: np.ndarray) -> tuple[np.ndarray, bool]:
        """Extra flats per month (by household class) so that the shortfall disappears, and whether
        the entitled households present could take them.

        The smallest constant number x of extra move-outs (persons) per month from month 1 on
        with x·t ≥ gap(t) for every month t ≥ 1 (a gap at the count itself counts from month 1).
        Only households actually entitled can move (those of the projection, recognitions
        included): x is capped at the entitled persons present in the decisive month spread over
        the months until then, split by their household classes – zero when nobody may move."""
        T = self.T
        out = np.zeros((T, N_K))
        if gap.max(initial=0.0) <= TOLERANCE:
            return out, True
        months = np.maximum(np.arange(T), 1)
        t_key = int(np.argmax(gap / months))
        need = float(gap[t_key] / months[t_key])
        r = self.raw
        ent = (r.placed_types[t_key] + r.unplaced_types[t_key]) * (hh.TYPE_GROUP == 1)
        ent_households = _by_class(ent[None, :])[0]
        ent_persons = _by_class((ent * hh.TYPE_SIZE)[None, :])[0]
        available = float(ent_persons.sum()) / months[t_key]
        persons = min(need, available)
        if persons <= 0:
            return out, False
        per_household = np.divide(ent_persons, ent_households, out=np.ones(N_K), where=ent_households > 0)
        per_month = persons * (ent_persons / ent_persons.sum()) / per_household
        last = int(np.flatnonzero(gap > TOLERANCE)[-1])
        out[: last + 1] = per_month[None, :]
        return out, persons >= need - 1e-9

    def series(self, key: str) -> np.ndarray:
        """One monthly series by column key (see ``LABELS``)."""
        if key in self._series:
            return self._series[key]
        return self._cost_series[key]

    # --- key figures -----------------------------------------------------------------------
    @property
    def feasible(self) -> bool:
        """No shortfall against the target utilisation (reserve included) and nobody unplaced in any
        month – the one feasibility measure (``gap``) of the verdict, the proposal and the
        earliest closure months."""
        return float(self._series["gap"].max(initial=0.0)) <= TOLERANCE

    @property
    def flats_cover(self) -> bool:
        """Could the entitled households present take the extra flats the verdict names?"""
        return bool(self._series["_flats_cover"])

    def _first(self, key: str) -> int | None:
        hit = np.flatnonzero(self._series[key] > TOLERANCE)
        return int(hit[0]) if len(hit) else None

    @property
    def first_shortfall_period(self) -> int | None:
        """First month (period index) with a shortfall (``gap``), or None."""
        return self._first("gap")

    @property
    def first_unplaced_period(self) -> int | None:
        """First month (period index) in which people are unplaced, or None."""
        return self._first("unplaced")

    def month_label(self, t: int | None) -> str:
        return fmt.MISSING if t is None else self.month_labels[t]

    @property
    def extra_flats_per_month(self) -> dict[int, float]:
        """Extra flats per month by household class (1, 2, 3, 4 = 4+) while the shortfall lasts."""
        k = self._series["_flats_extra_k"]
        return {hc: float(k[0, i]) for i, hc in enumerate(HOUSEHOLD_CLASSES)}

    def key_figures(self) -> dict:
        """Numeric key figures (English keys) for comparison and the verdict."""
        s = self._series
        closures = {k: v for k, v in self.assumptions.closures.items() if v}
        fs = self.first_shortfall_period
        fu = self.first_unplaced_period
        return {
            "scenario": self.name,
            "variant": self.variant,
            "feasible": self.feasible,
            "closures": len(closures),
            "first_shortfall_month": None if fs is None else self.months[fs],
            "max_shortfall_target": float(s["gap"].max(initial=0.0)),
            "max_shortfall_capacity": float(s["shortfall_capacity"].max(initial=0.0)),
            "first_unplaced_month": None if fu is None else self.months[fu],
            "max_unplaced": float(s["unplaced"].max(initial=0.0)),
            "extra_flats_per_month": float(sum(self.extra_flats_per_month.values())),
            "transfers_total": float(s["transfers"].sum()),
            "children_cross_district": float(s["kita_children_cross_district"].sum()
                                             + s["school_children_cross_district"].sum()),
            "capacity_end": float(s["capacity"][-1]),
            "demand_end": float(s["demand"][-1]),
            "net_cost_total": float(self.series("net_cost").sum()),
            "saving_total": float(self.series("saving").sum()),
        }

    # --- tables ----------------------------------------------------------------------------
    @cached_property
    def monthly(self) -> pd.DataFrame:
        """One row per month; keys in ``MONTHLY_COLUMNS``, German titles in ``LABELS``."""
        data = {"period": np.arange(self.T), "month": pd.DatetimeIndex(self.months),
                "month_label": pd.Series(self.month_labels, dtype="str")}
        for key in MONTHLY_COLUMNS[3:]:
            data[key] = self.series(key)
        return pd.DataFrame(data, columns=list(MONTHLY_COLUMNS))

    @cached_property
    def by_accommodation(self) -> pd.DataFrame:
        """One row per month × accommodation (new accommodations included)."""
        r = self.raw
        T, A = r.residents.shape
        period = np.repeat(np.arange(T), A)
        return pd.DataFrame({
            "period": period,
            "month": pd.DatetimeIndex(self.months).repeat(A),
            "month_label": pd.Series(np.repeat(np.array(self.month_labels, dtype=object), A), dtype="str"),
            "accommodation_id": pd.Series(np.tile(np.array(self.plan.ids, dtype=object), T), dtype="str"),
            "name": pd.Series(np.tile(np.array(self.plan.names, dtype=object), T), dtype="str"),
            "district_id": pd.Series(np.tile(np.array(self.plan.district_ids, dtype=object), T), dtype="str"),
            "capacity": r.capacity.reshape(-1),
            "residents": r.residents.reshape(-1),
            "overbooked": np.maximum(r.residents - r.capacity, 0.0).reshape(-1),
            "transfers_out": r.transfers_out.reshape(-1),
            "is_open": (r.capacity > 0).reshape(-1),
            "rent": r.rent.reshape(-1),
        })

    @cached_property
    def flats(self) -> pd.DataFrame:
        """One row per month × household size: flats taken by assumed move-outs and extra flats needed."""
        s = self._series
        ak, ek = s["_flats_assumed_k"], s["_flats_extra_k"]
        T = self.T
        return pd.DataFrame({
            "period": np.repeat(np.arange(T), N_K),
            "month": pd.DatetimeIndex(self.months).repeat(N_K),
            "month_label": pd.Series(np.repeat(np.array(self.month_labels, dtype=object), N_K), dtype="str"),
            "household_size": np.tile(np.array(HOUSEHOLD_CLASSES), T),
            "household_label": pd.Series(np.tile(np.array([HOUSEHOLD_LABELS[k] for k in HOUSEHOLD_CLASSES],
                                                          dtype=object), T), dtype="str"),
            "flats_assumed": ak.reshape(-1),
            "flats_extra": ek.reshape(-1),
            "flats_needed": (ak + ek).reshape(-1),
        })

    @cached_property
    def costs_by_year(self) -> pd.DataFrame:
        """Costs per budget (calendar) year; ``months`` says how many months of the year are simulated."""
        m = self.monthly
        cols = ["rent", "care", "emergency", "reimbursement", "net_cost", "baseline_net_cost", "saving"]
        g = m.assign(year=m["month"].dt.year, months=1).groupby("year", as_index=False)
        out = g[cols + ["months"]].sum()
        out["saving_cumulative"] = out["saving"].cumsum()
        return out[["year", "months", *cols, "saving_cumulative"]]


def target_places(r: Raw, a: Assumptions) -> np.ndarray:
    """Places per month at the target utilisation minus the reserve."""
    return np.maximum(r.capacity.sum(axis=1) * float(a.target_utilisation) - float(a.reserve_places), 0.0)


def gap_series(r: Raw, a: Assumptions) -> np.ndarray:
    """The one feasibility measure per month (persons): the larger of the shortfall against the
    target (reserve included) and the unplaced persons. A plan is feasible when it stays at or below
    ``TOLERANCE`` in every month (verdict, proposal and earliest closure months use this function)."""
    unplaced = r.unplaced_cells.sum(axis=1)
    demand = r.placed_cells.sum(axis=1) + unplaced
    return np.maximum(np.maximum(demand - target_places(r, a), 0.0), unplaced)


def _by_class(values: np.ndarray) -> np.ndarray:
    """Sum the household-type axis (last) into the four size classes 1, 2, 3, 4+."""
    onehot = np.zeros((hh.N_TYPES, N_K))
    onehot[np.arange(hh.N_TYPES), hh.TYPE_CLASS] = 1.0
    return values @ onehot


def net_cost(r: Raw, a: Assumptions) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """Net cost per month of a run and its parts (rent, care, emergency, reimbursement as income)."""
    placed = r.placed_cells.sum(axis=1)
    unplaced = r.unplaced_cells.sum(axis=1)
    must = (r.placed_cells + r.unplaced_cells)[:, CELL_GROUP == 0].sum(axis=1)
    rent = r.rent.sum(axis=1)
    care = placed * float(a.care_cost_per_person)
    emergency = unplaced * float(a.unplaced_cost_per_person)
    reimb = must * float(a.reimbursable_share) * float(a.reimbursement_per_person)
    net = rent + care + emergency - reimb
    return net, {"rent": rent, "care": care, "emergency": emergency, "reimbursement": reimb}


def without_closures(a: Assumptions) -> Assumptions:
    """The same assumptions with every closure removed (openings and new capacity kept)."""
    return a.replace(closures={k: None for k in a.closures})


def simulate(start: StartState, assumptions: Assumptions, variant: str = "mittel", name: str = "",
             reuse: Result | None = None) -> Result:
    """Simulate a scenario for one arrival variant ("niedrig", "mittel", "hoch").

    The baseline (same assumptions, no closures) is simulated on first use of anything that needs
    it (costs, savings, key figures); when the scenario has no closures it is the scenario itself.
    Pass an earlier result as ``reuse`` to take over its baseline when only closures changed (same
    start state, variant and other assumptions) – useful while a user edits closure dates.
    """
    if start.errors:
        raise InputError(" ".join(start.errors))
    plan = build_plan(start, assumptions)
    raw = run(start, assumptions, variant, plan)
    result = Result(start=start, assumptions=assumptions, variant=variant, plan=plan, raw=raw, name=name)
    if (reuse is not None and reuse.start is start and reuse.variant == variant
            and without_closures(reuse.assumptions) == without_closures(assumptions)):
        result.__dict__["baseline_raw"] = reuse.baseline_raw
    return result


def baseline(start: StartState, assumptions: Assumptions, variant: str = "mittel") -> Result:
    """The scenario without any closures (openings and new capacity kept)."""
    return simulate(start, without_closures(assumptions), variant, name="ohne Schließungen")


def simulate_variants(start: StartState, assumptions: Assumptions, name: str = "") -> dict[str, Result]:
    """All three arrival variants: {"niedrig": Result, "mittel": Result, "hoch": Result}."""
    return {v: simulate(start, assumptions, v, name=name) for v in ("niedrig", "mittel", "hoch")}


COMPARE_LABELS: dict[str, str] = {
    "scenario": "Szenario",
    "variant": "Zuweisung",
    "feasible": "Umsetzbar",
    "closures": "Schließungen",
    "first_shortfall_month": "Erster Monat mit Fehlbedarf",
    "max_shortfall_target": "Höchster Fehlbedarf (Zielauslastung)",
    "max_shortfall_capacity": "Höchster Fehlbedarf (Kapazität)",
    "first_unplaced_month": "Erster Monat mit nicht Untergebrachten",
    "max_unplaced": "Höchstens nicht untergebracht",
    "extra_flats_per_month": "Zusätzliche Wohnungen je Monat",
    "transfers_total": "Verlegungen gesamt",
    "children_cross_district": "Kinder mit Stadtteilwechsel",
    "capacity_end": "Plätze am Ende",
    "demand_end": "Bedarf am Ende",
    "net_cost_total": "Nettokosten gesamt",
    "saving_total": "Einsparung gegenüber ohne Schließungen",
}


def compare(*results: Result, names: list[str] | None = None) -> pd.DataFrame:
    """Key figures of several results, one row per result (numeric; German titles in ``COMPARE_LABELS``)."""
    rows = []
    for i, r in enumerate(results):
        kf = r.key_figures()
        kf["scenario"] = (names[i] if names else None) or r.name or f"Szenario {i + 1}"
        rows.append(kf)
    return pd.DataFrame(rows, columns=list(COMPARE_LABELS))


def monthly_table(result: Result) -> pd.DataFrame:
    """The monthly table with German column titles (for display and download)."""
    m = result.monthly.drop(columns=["month"])
    return m.rename(columns=LABELS)


def accommodation_table(result: Result) -> pd.DataFrame:
    """Residents per accommodation (rows) and month (columns), with places and closure month."""
    plan, raw = result.plan, result.raw
    closes = [result.month_labels[c] if c < result.T else "" for c in plan.close_at]
    opens = [result.month_labels[o] if 0 < o < result.T else ("" if o == 0 else "nicht geöffnet")
             for o in plan.open_from]
    head = pd.DataFrame({
        LABELS["accommodation_id"]: pd.Series(plan.ids, dtype="str"),
        LABELS["name"]: pd.Series(plan.names, dtype="str"),
        LABELS["district_id"]: pd.Series(plan.district_ids, dtype="str"),
        "Plätze": plan.capacity,
        "Öffnung": pd.Series(opens, dtype="str"),
        "Schließung": pd.Series(closes, dtype="str"),
    })
    months = pd.DataFrame(raw.residents.T, columns=result.month_labels)
    return pd.concat([head, months], axis=1)
