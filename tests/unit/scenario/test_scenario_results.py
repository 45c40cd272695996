"""Scenario results: tables, comparison and the variants verdict (the comparison as text:
tests/unit/views/test_scenario_compare_table.py, the Excel export: tests/unit/export/test_scenario_workbook.py)."""

from __future__ import annotations

import pandas as pd
import pytest

from ankunft.scenario import (
    LABELS,
    baseline,
    compare,
    monthly_table,
    simulate,
    simulate_variants,
    verdict_variants,
)
from ankunft.scenario.results import MONTHLY_COLUMNS
from tests.unit.scenario.sites import flows, formula_sites


@pytest.fixture
def start():
    return formula_sites()


def test_tables_have_the_documented_shape(start):
    r = simulate(start, flows(closures={"A": "2027-03"}), name="Plan A")
    assert list(r.monthly.columns) == list(MONTHLY_COLUMNS)
    assert len(r.monthly) == 12
    assert r.monthly["month_label"].tolist()[:4] == ["Okt. 2026", "Nov. 2026", "Dez. 2026", "Jan. 2027"]
    assert len(r.by_accommodation) == 24
    assert len(r.flats) == 48
    assert r.flats["household_label"].iloc[3] == "Familien ab 4 Personen"
    assert r.costs_by_year["year"].tolist() == [2026, 2027]
    assert r.costs_by_year["months"].tolist() == [3, 9]
    assert r.costs_by_year["net_cost"].sum() == pytest.approx(r.monthly["net_cost"].sum())
    assert set(MONTHLY_COLUMNS) <= set(LABELS)
    table = monthly_table(r)
    assert "Fehlende Plätze (Zielauslastung)" in table.columns and "Monat" in table.columns


def test_baseline_and_compare(start):
    a = flows(closures={"A": "2027-03"})
    plan = simulate(start, a, name="Plan A")
    base = baseline(start, a)
    assert base.name == "ohne Schließungen"
    assert base.monthly["capacity"].min() == 200.0
    assert plan.monthly["baseline_net_cost"].to_numpy() == pytest.approx(base.monthly["net_cost"].to_numpy())
    df = compare(plan, base)
    assert df["scenario"].tolist() == ["Plan A", "ohne Schließungen"]
    assert df["closures"].tolist() == [1, 0]
    assert df["saving_total"].iloc[1] == 0.0
    # without closures: 200 places, target 180 > 130 + 3 · 11 = 163 people → feasible (period 0 is
    # the count, arrivals from period 1, as whole households: 33 ± one household);
    # from März 2027: 100 places, target 90 → short by 130 + arrivals − 90 at the end
    arrived = plan.monthly["arrivals"].sum()
    assert abs(arrived - 33) <= 5
    assert df["feasible"].tolist() == [False, True]
    assert df["first_shortfall_month"].iloc[0] == pd.Timestamp("2027-03-01")
    assert df["max_shortfall_target"].iloc[0] == pytest.approx(130 + arrived - 90)


def test_variants_verdict(start):
    results = simulate_variants(start, flows())
    assert set(results) == {"niedrig", "mittel", "hoch"}
    # 130 people, target 180: 3 a month fit for a year, 30 a month do not
    assert results["niedrig"].feasible and results["mittel"].feasible
    assert not results["hoch"].feasible
    assert verdict_variants(results) == "Umsetzbar bei niedriger und mittlerer Zuweisung, nicht bei hoher Zuweisung."
    assert verdict_variants({"mittel": results["niedrig"]}) == "Umsetzbar bei jeder Zuweisungsvariante."
    assert verdict_variants({"hoch": results["hoch"]}) == "Bei keiner Zuweisungsvariante umsetzbar."


def test_reuse_takes_over_the_baseline_only_when_just_closures_changed(start):
    first = simulate(start, flows(closures={"A": "2027-03"}))
    second = simulate(start, flows(closures={"A": "2027-05"}), reuse=first)
    assert second.baseline_raw is first.baseline_raw
    fresh = simulate(start, flows(closures={"A": "2027-05"}))
    assert second.monthly["saving"].to_numpy() == pytest.approx(fresh.monthly["saving"].to_numpy())
    other = simulate(start, flows(closures={"A": "2027-05"}, target_utilisation=0.8), reuse=first)
    assert other.baseline_raw is not first.baseline_raw
    assert simulate(start, flows(closures={"A": "2027-05"}), "hoch", reuse=first).baseline_raw is not first.baseline_raw
