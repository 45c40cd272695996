"""Scenario charts: traces, values, shading bands, the timeline and the text alternatives."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from ankunft.core import palette
from ankunft.plots import scenario_charts as scc
from ankunft.scenario import Assumptions, CapacityChange, simulate, simulate_variants, start_state
from tests.unit.scenario.sites import STICHTAG, two_sites


@pytest.fixture
def start():
    return two_sites(more=({"id": "C", "name": "Colosseum", "district_id": "01", "capacity": 60, "occupancy": 20,
                            "monthly_cost_per_place": 250.0},))


def still(**changes) -> Assumptions:
    base = dict(horizon_months=12, arrivals={"niedrig": 0.0, "mittel": 5.0, "hoch": 20.0}, moveout_rate=0.0,
                departure_rate=0.0, recognition_rate=0.0, reserve_places=0.0, closures={"A": "2027-03"})
    base.update(changes)
    return Assumptions(**base)


def trace(fig, name):
    return next(t for t in fig.data if t.name == name)


def test_demand_vs_capacity_lines_and_shading_bands(start):
    results = simulate_variants(start, still())
    fig = scc.demand_vs_capacity(results)
    cap = trace(fig, "Plätze")
    # 260 places until Feb. 2027, 160 from März 2027 (A closed)
    assert list(cap.y) == [260.0] * 5 + [160.0] * 7
    target = trace(fig, "Plätze bei Zielauslastung abzügl. Reserve")
    assert list(target.y) == pytest.approx([234.0] * 5 + [144.0] * 7)
    for v, colour in palette.VARIANT_COLOURS.items():
        line = trace(fig, f"Bedarf {results[v].variant_label}")
        assert line.line.color == colour
        assert list(line.y) == pytest.approx(results[v].series("demand"))
    # bands: niedrig from the target to its demand, mittel from there to its demand, hoch above
    fills = [t for t in fig.data if t.fill == "tonexty"]
    edges = [fig.data[i - 1] for i, t in enumerate(fig.data) if t.fill == "tonexty"]
    assert [t.name for t in fills] == ["Fehlbedarf niedrige Zuweisung", "Fehlbedarf mittlere Zuweisung",
                                       "Fehlbedarf hohe Zuweisung"]
    d = {v: np.asarray(results[v].series("demand")) for v in results}
    t = np.asarray(results["mittel"].series("target_places"))
    assert list(edges[0].y) == pytest.approx(t)
    assert list(fills[0].y) == pytest.approx(np.maximum(t, d["niedrig"]))
    assert list(edges[1].y) == pytest.approx(np.maximum(t, d["niedrig"]))
    assert list(fills[2].y) == pytest.approx(np.maximum.reduce([t, d["niedrig"], d["mittel"], d["hoch"]]))
    # month 5 (März 2027): demand 150 in the low variant against a target of 144 → shaded
    assert fills[0].y[5] - edges[0].y[5] == pytest.approx(150.0 - 144.0)
    assert list(fig.layout.xaxis.ticktext[:2]) == ["Okt. 2026", "Nov. 2026"]
    text = scc.text_alternative(fig)
    assert "Fehlbedarf" not in text.split("“", 1)[1]  # shading helpers are not described
    assert "Plätze: 12 Werte, höchster bei" in text and "(260)" in text and "(160)" in text


def test_occupancy_stacks_accommodations_and_unplaced(start):
    r = simulate(start, still())
    fig = scc.occupancy(r)
    areas = [t for t in fig.data if t.stackgroup == "residents"]
    # largest at the start first
    assert [t.name for t in areas] == ["Asternweg", "Bahnhof", "Colosseum", scc.UNPLACED]
    total = np.sum([np.asarray(t.y) for t in areas], axis=0)
    assert total == pytest.approx(np.asarray(r.series("demand")))
    assert trace(fig, scc.UNPLACED).line.color == palette.FLAG["rot"]
    assert list(trace(fig, "Plätze").y) == [260.0] * 5 + [160.0] * 7
    few = scc.occupancy(r, max_series=2)
    assert [t.name for t in few.data if t.stackgroup == "residents"] == ["Asternweg", scc.OTHERS, scc.UNPLACED]
    others = trace(few, scc.OTHERS)
    # Bahnhof 50 + Colosseum 20 as counted (period 0 is the count); the arrivals of month 1 go whole
    # into the accommodation that stays open longest and is largest with room below the target
    assert others.y[0] == 70.0
    assert others.y[1] + trace(few, "Asternweg").y[1] == 70.0 + 80.0 + r.monthly["arrivals"].iloc[1]


def test_no_unplaced_area_without_unplaced(start):
    r = simulate(start, still(closures={"A": None}))
    assert scc.UNPLACED not in [t.name for t in scc.occupancy(r).data]


def test_timeline_rows_and_segments(start):
    a = still(closures={"A": "2027-03", "B": None, "C": None},
              new_capacity=[CapacityChange("Modulbau Süd", 80, "2027-01", "09")])
    r = simulate(start, a)
    rows = scc.timeline_rows(r)
    assert list(rows["name"]) == ["Asternweg", "Modulbau Süd", "Bahnhof", "Colosseum"]
    a_row = rows.iloc[0]
    # März 2027 = period 5; rent until Juni 2027 = period 8
    assert (a_row["open_from"], a_row["close_at"], a_row["rent_until"], a_row["closes"]) == (0, 5, 8, True)
    assert (rows.iloc[1]["open_from"], rows.iloc[1]["is_new"]) == (3, True)
    fig = scc.timeline(r)
    lease = trace(fig, "geschlossen, Miete läuft bis Mietende")
    assert list(lease.x[:2]) == [pd.Timestamp("2027-03-01"), pd.Timestamp("2027-07-01")]
    new = trace(fig, "neu geöffnet")
    assert list(new.x[:2]) == [pd.Timestamp("2027-01-01"), pd.Timestamp("2027-10-01")]
    closes = trace(fig, "Schließung")
    assert list(closes.y) == ["Asternweg"] and list(closes.x) == [pd.Timestamp("2027-03-01")]
    assert list(fig.layout.yaxis.categoryarray) == list(rows["name"])
    assert scc.text_alternative(fig) == (
        "Zeitplan Okt. 2026 bis Sept. 2027: Asternweg schließt März 2027 (Miete bis Juni 2027); "
        "Modulbau Süd öffnet Jan. 2027. 2 Unterkünfte bleiben im ganzen Zeitraum in Betrieb.")


def test_timeline_closure_after_lease_end_pays_no_rent(start):
    r = simulate(start, still(closures={"A": "2027-08"}))
    row = scc.timeline_rows(r).iloc[0]
    assert (row["name"], row["close_at"], row["rent_until"]) == ("Asternweg", 10, -1)
    assert "geschlossen, Miete läuft bis Mietende" not in [t.name for t in scc.timeline(r).data]


def test_flats_by_household_size(start):
    r = simulate(start, still())
    fig = scc.flats(r)
    assert [t.name for t in fig.data] == ["1 Person", "2 Personen", "3 Personen", "Familien ab 4 Personen"]
    assert fig.layout.barmode == "stack"
    total = np.sum([np.asarray(t.y) for t in fig.data], axis=0)
    assert total == pytest.approx(r.monthly["flats_needed"].to_numpy())
    assert fig.data[3].marker.color == scc.HOUSEHOLD_COLOURS["Familien ab 4 Personen"]


def test_costs_per_budget_year(start):
    r = simulate(start, still())
    assert scc.year_labels(r.costs_by_year) == ["2026 (3 Mon.)", "2027 (9 Mon.)"]
    fig = scc.net_cost(r)
    with_c = trace(fig, "mit Schließungen")
    assert list(with_c.x) == ["2026 (3 Mon.)", "2027 (9 Mon.)"]
    assert list(with_c.y) == pytest.approx((r.costs_by_year["net_cost"] / 1e6).tolist())
    assert list(trace(fig, "ohne Schließungen").y) == pytest.approx(
        (r.costs_by_year["baseline_net_cost"] / 1e6).tolist())
    assert fig.layout.xaxis.type == "category"
    assert with_c.customdata[0][1].endswith("\u00a0Mio.\u00a0€")
    sav = scc.savings(r)
    cum = trace(sav, "Einsparung kumuliert")
    assert cum.y[-1] == pytest.approx(r.key_figures()["saving_total"] / 1e6)
    assert trace(sav, "Einsparung im Jahr").y[0] == pytest.approx(0.0)  # nothing closed in 2026
    assert "Einsparung kumuliert: 2 Werte" in scc.text_alternative(sav)


def test_comparison_overlays(start):
    a = simulate(start, still(), name="Plan A")
    b = simulate(start, still(closures={"A": None}), "hoch", name="Plan B")
    fig = scc.compare_demand({"Plan A": a, "Plan B": b})
    assert [t.name for t in fig.data] == ["Plätze – Plan A", "Bedarf – Plan A (mittlere Zuweisung)",
                                          "Plätze – Plan B", "Bedarf – Plan B (hohe Zuweisung)"]
    assert fig.data[0].line.color == fig.data[1].line.color != fig.data[2].line.color
    assert fig.data[0].line.dash == "dash"
    sav = scc.compare_savings({"Plan A": a, "Plan B": b})
    assert list(sav.data[1].y) == pytest.approx([0.0] * 12)  # no closures, no saving
    assert sav.data[0].y[-1] == pytest.approx(a.key_figures()["saving_total"] / 1e6)


def test_council_mode_uses_the_large_theme(start):
    r = simulate(start, still())
    normal, council = scc.flats(r), scc.flats(r, council=True)
    assert council.layout.template.layout.font.size > normal.layout.template.layout.font.size
    assert scc.timeline(r, council=True).data[0].line.width > scc.timeline(r).data[0].line.width


def test_occupancy_colours_are_distinct(start):
    many = start_state(pd.DataFrame([
        {"id": f"U{i}", "name": f"Unterkunft {i}", "district_id": "01", "capacity": 50, "occupancy": 40 - i}
        for i in range(12)]), None, STICHTAG)
    fig = scc.occupancy(simulate(many, still(closures={})))
    areas = [t for t in fig.data if t.stackgroup == "residents"]
    assert len(areas) == 7 and areas[-1].name == scc.OTHERS
    colours = [t.fillcolor for t in areas]
    assert len(set(colours)) == len(colours)
