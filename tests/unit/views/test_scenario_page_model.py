"""Glue of the Szenarien page: controls, widget values ↔ assumptions, editor tables, tiles, payloads."""

from __future__ import annotations

import datetime as dt
import json

import pandas as pd
import pytest

from ankunft.scenario import Assumptions, CapacityChange, simulate
from ankunft.scenario.inputs import SOURCE_DATA, SOURCE_ESTIMATE, SOURCE_REFERENCE, SOURCE_USER
from ankunft.scenario.proposal import Proposal
from ankunft.views import scenario_controls as ctl
from ankunft.views import scenario_saved as ssv
from ankunft.views import scenario_view as pm
from tests.unit.scenario.sites import STICHTAG, two_sites


@pytest.fixture
def start():
    return two_sites(more=(
        {"id": "R", "name": "Reserve Nord", "district_id": "17", "capacity": 40, "occupancy": 0, "status": "Reserve"},
        {"id": "Z", "name": "Zu", "district_id": "01", "capacity": 30, "occupancy": 0, "status": "geschlossen"},
    ))


def still(**changes) -> Assumptions:
    """No flows at all: residents stay where they are unless an accommodation closes."""
    base = dict(horizon_months=12, arrivals={"niedrig": 0.0, "mittel": 0.0, "hoch": 30.0}, moveout_rate=0.0,
                departure_rate=0.0, recognition_rate=0.0, reserve_places=0.0, closures={"A": None, "B": None})
    base.update(changes)
    return Assumptions(**base)


# --- controls ---------------------------------------------------------------------------------------
def test_options_grid_adds_the_default_and_sorts():
    assert ctl.options_grid(0, 0.1, 0.05, 0.026) == (0.0, 0.026, 0.05, 0.1)
    assert ctl.options_grid(0, 3, 1, 1.0, None) == (0.0, 1.0, 2.0, 3.0)
    assert ctl.options_grid(0.7, 1.0, 0.1) == (0.7, 0.8, 0.9, 1.0)


def test_controls_show_default_and_source():
    d = Assumptions(moveout_rate=0.026, reserve_places=110.0,
                    sources={"moveout_rate": SOURCE_DATA, "reserve_places": SOURCE_ESTIMATE,
                             "care_cost_per_person": SOURCE_REFERENCE})
    cs = {c.key: c for c in ctl.controls(d)}
    assert len(cs) == len(ctl.controls(d))  # keys unique
    assert cs["moveout_rate"].caption == "Vorgabe: 2,6\u00a0% · aus Daten"
    assert cs["reserve_places"].caption == "Vorgabe: 110 Plätze · geschätzt"
    assert cs["care_cost_per_person"].caption == "Vorgabe: 100\u00a0€ · Referenzwert"
    assert cs["horizon_years"].caption == "Vorgabe: 5 Jahre · eigene Eingabe"
    assert cs["arrivals_mittel"].caption == "Vorgabe: 10 Personen · eigene Eingabe"
    assert cs["use_seasonal"].caption == "Vorgabe: nein · eigene Eingabe"
    for c in cs.values():
        if c.kind == "select":
            assert c.default in c.options, c.key
    assert cs["moveout_rate"].format(0.1) == "10,0\u00a0%"
    assert cs["target_utilisation"].format(0.9) == "90\u00a0%"
    assert cs["recognition_rate"].format(0.015) == "1,5\u00a0%"
    assert [c.group for c in ctl.controls(d)][0] == "Zeitraum"
    assert {c.group for c in cs.values()} == {"Zeitraum", *ctl.GROUPS}


def test_controls_keep_a_loaded_value_selectable():
    cs = {c.key: c for c in ctl.controls(Assumptions(), {"moveout_rate": 0.0123, "arrivals_hoch": 17.5})}
    assert 0.0123 in cs["moveout_rate"].options
    assert 17.5 in cs["arrivals_hoch"].options


def test_widget_values_round_trip_keeps_sources():
    d = Assumptions(horizon_months=36, moveout_rate=0.026, use_seasonal=True, closures={"A": "2027-03"},
                    sources={"moveout_rate": SOURCE_DATA, "closures": SOURCE_DATA})
    values = ctl.widget_values(d)
    assert values["horizon_years"] == 3
    assert values["arrivals_mittel"] == 10.0
    back = ctl.assumptions_from(d, values, ctl.PlanInputs.of(d))
    assert back.to_dict() == d.to_dict()


def test_changed_values_are_marked_as_own_input():
    d = Assumptions(moveout_rate=0.026, closures={"A": None},
                    sources={"moveout_rate": SOURCE_DATA, "arrivals": SOURCE_DATA, "closures": SOURCE_DATA,
                             "target_utilisation": SOURCE_ESTIMATE})
    values = {**ctl.widget_values(d), "moveout_rate": 0.05, "horizon_years": 2, "arrivals_hoch": 20.0}
    a = ctl.assumptions_from(d, values, ctl.PlanInputs({"A": "2027-01"}))
    assert a.moveout_rate == 0.05
    assert a.horizon_months == 24
    assert a.arrivals == {"niedrig": 6.0, "mittel": 10.0, "hoch": 20.0}
    assert a.closures == {"A": "2027-01"}
    assert a.sources["moveout_rate"] == SOURCE_USER
    assert a.sources["arrivals"] == SOURCE_USER
    assert a.sources["closures"] == SOURCE_USER
    assert a.sources["target_utilisation"] == SOURCE_ESTIMATE  # unchanged keeps its source
    assert d.moveout_rate == 0.026  # the defaults are not modified


# --- tables ---------------------------------------------------------------------------------------------
def test_month_choices():
    mc = ctl.MonthChoices.build(STICHTAG, extra=["2026-06", None])
    assert mc.labels[:3] == ("Juni 2026", "Okt. 2026", "Nov. 2026")
    assert len(mc.keys) == 121
    assert mc.key("März 2027") == "2027-03"
    assert mc.label("2027-03") == "März 2027"
    assert mc.key(None) is None and mc.key("") is None and mc.key(float("nan")) is None
    assert mc.label(None) is None


def test_plan_inputs_for_the_editors_and_a_proposal():
    a = still(closures={"A": "2027-03", "B": None}, openings={"R": "2027-05"},
              new_capacity=[CapacityChange("Modulbau Süd", 80, "2027-04", "09", None, "2031-12")])
    plan = ctl.PlanInputs.of(a)
    shown = plan.apply_to(Assumptions(horizon_months=24))
    assert (shown.horizon_months, shown.closures, shown.openings) == (24, a.closures, {"R": "2027-05"})
    assert shown.new_capacity == a.new_capacity
    adopted = plan.adopt({"B": "2027-08"})
    assert adopted.closures == {"A": None, "B": "2027-08"}  # A stays open: only the proposal's closures
    assert (adopted.openings, adopted.new_capacity) == (plan.openings, plan.new_capacity)
    assert plan.closures == {"A": "2027-03", "B": None}  # the inputs themselves are not changed
    # every month the plan names stays selectable, also one before the Stichtag
    mc = ctl.MonthChoices.for_plan(STICHTAG, ctl.PlanInputs({"A": "2026-02"}, {}, a.new_capacity))
    assert mc.labels[0] == "Feb. 2026" and len(mc.keys) == 121
    assert mc.key("Dez. 2031") == "2031-12"


def test_closure_table_round_trip(start):
    a = still(closures={"A": "2027-03", "B": None})
    mc = ctl.MonthChoices.build(STICHTAG)
    df = ctl.closure_frame(start, a, mc)
    assert list(df.index) == ["A", "B"]  # reserve and closed accommodations are not listed
    assert list(df.columns) == [ctl.COL_NAME, ctl.COL_DISTRICT, ctl.COL_PLACES, ctl.COL_RESIDENTS, ctl.COL_LEASE,
                                ctl.COL_CLOSURE, ctl.COL_PINNED]
    assert df.loc["A"].tolist() == ["Asternweg", "09 Kaiserslautern-West", 100, 80, "30.06.2027", "März 2027", False]
    assert df.loc["B", ctl.COL_CLOSURE] is None and df.loc["B", ctl.COL_LEASE] == ""
    assert ctl.closures_from_frame(df, mc) == {"A": "2027-03", "B": None}
    edited = df.copy()
    edited.loc["A", ctl.COL_CLOSURE] = None
    edited.loc["B", ctl.COL_CLOSURE] = "Jan. 2028"
    assert ctl.closures_from_frame(edited, mc) == {"A": None, "B": "2028-01"}
    # "beschlossen" round trip: pinned ids come back and reach the assumptions
    edited.loc["B", ctl.COL_PINNED] = True
    assert ctl.pinned_from_frame(edited) == ["B"]
    pinned = ctl.assumptions_from(a, ctl.widget_values(a), ctl.PlanInputs({"B": "2028-01"}, {}, [], ["B"]))
    assert pinned.pinned == ["B"] and pinned.sources["pinned"] == "eigene Eingabe"
    assert ctl.closure_frame(start, pinned, mc).loc["B", ctl.COL_PINNED]


def test_opening_table_lists_reserve_only(start):
    mc = ctl.MonthChoices.build(STICHTAG)
    df = ctl.opening_frame(start, still(openings={"R": "2027-05"}), mc)
    assert list(df.index) == ["R"]
    assert df.loc["R"].tolist() == ["Reserve Nord", "17 Siegelbach", 40, "Mai 2027"]
    assert ctl.openings_from_frame(df, mc) == {"R": "2027-05"}


def test_new_capacity_table():
    mc = ctl.MonthChoices.build(STICHTAG)
    a = still(new_capacity=[CapacityChange("Modulbau Süd", 80, "2027-04", "09", 450.0, "2031-12")])
    df = ctl.new_capacity_frame(a, mc)
    assert df.iloc[0].tolist() == ["Modulbau Süd", "09 Kaiserslautern-West", 80.0, "Apr. 2027", 450.0, "Dez. 2031"]
    assert ctl.new_capacity_from_frame(df, mc) == ([CapacityChange("Modulbau Süd", 80.0, "2027-04", "09", 450.0,
                                                                  "2031-12")], [])
    rows = pd.concat([df, pd.DataFrame([
        {ctl.COL_NEW_NAME: "Halle", ctl.COL_PLACES: None, ctl.COL_FROM: "Mai 2027"},
        {ctl.COL_NEW_NAME: None, ctl.COL_PLACES: None, ctl.COL_FROM: None},  # empty row: ignored
        {ctl.COL_NEW_NAME: None, ctl.COL_PLACES: 30, ctl.COL_FROM: "Juni 2027"},
    ])], ignore_index=True)
    changes, notes = ctl.new_capacity_from_frame(rows, mc)
    assert [c.name for c in changes] == ["Modulbau Süd", "Neue Unterkunft 4"]
    assert changes[1] == CapacityChange("Neue Unterkunft 4", 30.0, "2027-06", "", None, None)
    assert notes == ["Zeile 2 (Halle) nicht berücksichtigt: Plätze fehlt."]


# --- tiles ----------------------------------------------------------------------------------------
def test_tiles_against_the_plan_without_closures(start):
    # A (80 residents) closes März 2027; B has 50 free places → 30 unplaced. Target: 90 % of 100 = 90
    # places against a demand of 130 → shortfall 40 from month 5 on.
    r = simulate(start, still(closures={"A": "2027-03", "B": None}))
    t = {x.key: x for x in pm.tiles(r)}
    assert (t["capacity_end"].label, t["capacity_end"].value_text, t["capacity_end"].change_text) == \
        ("Plätze Sept. 2027", "100", "-100")
    assert (t["shortfall"].value_text, t["shortfall"].change_text, t["shortfall"].inverse) == ("40", "+40", True)
    # 40 persons within 5 months (period 0 is the count) → 8 persons a month, all entitled households of
    # the estimate (40 % of the households of each size): 4,07 flats a month → 5 whole flats
    assert r.key_figures()["extra_flats_per_month"] == pytest.approx(4.0727, abs=1e-4)
    assert (t["flats"].value_text, t["flats"].change_text) == ("5", "+5")
    assert (t["transfers"].value_text, t["transfers"].change_text) == ("80", "+80")
    # rent saved after the lease ends (Juli–Sept. 2027): 3 × 100 × 200 € = 60.000 €; care for 30 fewer
    # placed persons over 7 months: 21.000 €; emergency housing 30 × 850 € × 7 = 178.500 € → −97.500 €
    assert r.key_figures()["saving_total"] == pytest.approx(-97_500)
    assert t["saving"].value_text == "−97.500\u00a0€"
    assert t["saving"].change_text is None


def test_tiles_without_closures_show_no_change(start):
    r = simulate(start, still())
    assert all(t.change_text is None for t in pm.tiles(r))
    assert pm.baseline_of(r).key_figures()["capacity_end"] == 200.0


# --- proposal, payloads, tables -----------------------------------------------------------------------
def test_proposal_table_is_german():
    comparison = pd.DataFrame({"order": ["aktueller Plan", "Vorschlag"], "feasible": [False, True],
                               "saving": [-97_500.0, 2_250_000.0], "closures": [1, 2],
                               "plan": ["A: März 2027", "A: Juli 2027; B: Jan. 2028"]})
    p = Proposal(assumptions=Assumptions(), result=None, order=["A", "B"], closures={"A": "2027-07"},
                 strategy="Vorschlag", comparison=comparison, notes=())
    t = ssv.proposal_table(p)
    assert list(t.columns) == ["Reihenfolge", "Umsetzbar", "Einsparung", "Schließungen", "Unterkünfte und Monate"]
    assert t.iloc[0].tolist() == ["aktueller Plan", "nein", "-97.500\u00a0€", "1", "A: März 2027"]
    assert t.iloc[1].tolist() == ["Vorschlag", "ja", "2,2\u00a0Mio.\u00a0€", "2", "A: Juli 2027; B: Jan. 2028"]


def test_proposal_key_ignores_closures_and_sources():
    a = Assumptions(closures={"A": "2027-03"}, sources={"closures": SOURCE_DATA})
    b = a.replace(closures={"A": None}, sources={"closures": SOURCE_USER})
    assert ssv.proposal_key(a, "mittel") == ssv.proposal_key(b, "mittel")
    assert ssv.proposal_key(a, "mittel") != ssv.proposal_key(a, "hoch")
    assert ssv.proposal_key(a, "mittel") != ssv.proposal_key(a.replace(moveout_rate=0.05), "mittel")


def test_payload_round_trip_and_plain_assumptions():
    a = Assumptions(horizon_months=24, closures={"A": "2027-03"})
    text = ssv.scenario_payload(a, "hoch", dt.date(2026, 9, 30))
    obj = json.loads(text)
    assert (obj["version"], obj["variant"], obj["stand"]) == (1, "hoch", "2026-09-30")
    saved = ssv.parse_payload(text)
    assert saved.assumptions.to_dict() == a.to_dict()
    assert (saved.variant, saved.stand) == ("hoch", "2026-09-30")
    assert ssv.saved_caption("Plan A", saved) == "Plan A: hohe Zuweisung, 1 Schließung, Daten vom 30.09.2026"
    plain = ssv.parse_payload(a.to_json())
    assert (plain.variant, plain.stand, plain.assumptions.horizon_months) == ("mittel", None, 24)
    with pytest.raises(ValueError):
        ssv.parse_payload("kein JSON")


def test_saved_table():
    a = Assumptions(closures={"A": "2027-03", "B": None})
    listing = pd.DataFrame({"name": ["Plan A", "Kaputt"], "saved_at": ["2026-10-03T09:15:00", "2026-10-02T08:00:00"],
                            "saved_by": ["lokal (ohne Anmeldung)", None]})
    t = ssv.saved_table(listing, {"Plan A": ssv.scenario_payload(a, "niedrig", dt.date(2026, 9, 30)), "Kaputt": "{"})
    assert t.iloc[0].tolist() == ["Plan A", "niedrige Zuweisung", "1", "30.09.2026", "03.10.2026",
                                  "lokal (ohne Anmeldung)"]
    assert t.iloc[1].tolist() == ["Kaputt", "nicht lesbar", "–", "–", "02.10.2026", "–"]


def test_monthly_display_is_formatted(start):
    r = simulate(start, still(closures={"A": "2027-03", "B": None}))
    t = pm.monthly_display(r)
    assert t.columns[0] == "Monat"
    row = t.iloc[5]
    assert row["Monat"] == "März 2027"
    assert row["Plätze"] == "100"
    assert row["Nicht untergebracht"] == "30"
    assert row["Auslastung"] == "100,0\u00a0%"
    # A still paid (lease) + B + the holding cost of the reserve (40 places × 380 €) until it opens
    assert row["Platzkosten (€)"] == "65.200\u00a0€"


def test_start_note(start):
    assert pm.start_note(start).startswith("Startbestand geschätzt aus der Belegung")


def test_compare_display_writes_flats_as_a_count(start):
    a = simulate(start, still(closures={"A": "2027-03", "B": None}), name="Plan A")
    b = simulate(start, still(), name="Plan B")
    t = pm.compare_display({"Plan A": a, "Plan B": b})
    assert list(t.columns) == ["Plan A", "Plan B"]
    assert t.loc[pm.FLATS_ROW].tolist() == ["5", "0"]  # 4,07 flats per month → 5 (see the tiles test)
    assert t.loc["Umsetzbar"].tolist() == ["nein", "ja"]
    assert t.loc["Erster Monat mit Fehlbedarf"].tolist() == ["März 2027", "–"]


def test_adopt_message_and_same_closures():
    assert ssv.adopt_message({"A": "2027-07", "B": None, "C": "2028-01"}) == \
        "Vorschlag übernommen: 2 Schließungen eingetragen."
    assert ssv.adopt_message({"A": "2027-07"}) == "Vorschlag übernommen: 1 Schließung eingetragen."
    assert ssv.adopt_message({"A": None}) == "Vorschlag übernommen: keine Schließungen."
    assert ssv.same_closures({"A": "2027-07", "B": None}, {"A": "2027-07"})
    assert not ssv.same_closures({"A": "2027-07"}, {"A": "2027-08"})


def test_page_view_bundles_verdict_tiles_and_charts(start):
    a = still(closures={"A": "2027-03", "B": None})
    view = pm.page_view(start, a.to_json(), "mittel", name="Plan A")
    assert list(view.results) == ["niedrig", "mittel", "hoch"]
    assert view.result is view.results["mittel"] and view.result.name == "Plan A"
    assert view.verdict.startswith("Ab März 2027 fehlen 40 Plätze (mittlere Zuweisung)")
    assert view.variants_text == "Bei keiner Zuweisungsvariante umsetzbar."
    assert [t.value_text for t in view.tiles][:2] == ["100", "40"]
    assert list(view.figures) == list(pm.VIEW_LABELS)
    assert view.texts["timeline"].startswith("Zeitplan Okt. 2026 bis Sept. 2027: Asternweg schließt März 2027")
    council = pm.page_view(start, a.to_json(), "hoch", council=True)
    assert council.result.variant == "hoch"
    size = lambda v: v.figures["flats"].layout.template.layout.font.size  # noqa: E731
    assert size(council) > size(view)


def test_proposal_for_reads_assumptions_json(start):
    # no arrivals, 10 % of the entitled move out each month: demand falls from 130 to 100 places by Mai 2027
    a = still(closures={"A": None, "B": None}, target_utilisation=1.0, horizon_months=24,
              arrivals={"niedrig": 0.0, "mittel": 0.0, "hoch": 0.0}, moveout_rate=0.1)
    p = ssv.proposal_for(start, a.to_json(), "mittel")
    assert p.result.feasible
    # B (300 € per place, no lease) closes as soon as A's 100 places suffice
    assert (p.closures, p.strategy) == ({"B": "2027-05"}, "Vorschlag")
    t = ssv.proposal_table(p).set_index("Reihenfolge")
    # by lease end: A after its lease (Juli 2027, period 9) → 15 months × 100 places × 200 € = 300.000 €
    assert t.loc["nach Mietende"].tolist() == ["ja", "300.000\u00a0€", "1", "Asternweg: Juli 2027"]
    assert t.loc["Vorschlag", "Unterkünfte und Monate"] == "Bahnhof: Mai 2027"


# --- assumptions in council mode -------------------------------------------------------------------
def _council_rows(a, start):
    t = pm.council_assumptions(a, start)
    return dict(zip(t["Annahme"], t["Wert"]))


def test_council_assumptions_round_rates_from_the_data(start):
    from ankunft.scenario.inputs import ASSUMPTION_LABELS as L

    a = pm.defaults_for(start)
    a.arrivals = {"niedrig": 41.5, "mittel": 69.1, "hoch": 103.6}
    a.moveout_rate, a.moveout_count, a.departure_rate = 0.026, 22.9, 0.0052
    a.sources.update({k: SOURCE_DATA for k in ("arrivals", "moveout_rate", "moveout_count", "departure_rate")})
    a.sources["recognition_rate"] = SOURCE_ESTIMATE
    rows = _council_rows(a, start)
    assert rows[L["arrivals"]] == "niedrig: 42, mittel: 69, hoch: 104"
    assert rows[L["moveout_rate"]] == "3\u00a0%"
    assert rows[L["moveout_count"]] == "23"
    # a monthly rate below 1 % keeps one decimal (per mille), else it would read as 0 %
    assert rows[L["departure_rate"]] == "0,5\u00a0%"
    # estimates and the user's own inputs are shown as entered
    assert rows[L["recognition_rate"]] == a.describe(start).set_index("Annahme").loc[L["recognition_rate"], "Wert"]


def test_council_assumptions_hide_a_rate_behind_few_persons(start):
    """0,2 arrivals a month from the data are 2 or 3 persons in a year: shown as •."""
    from ankunft.scenario.inputs import ASSUMPTION_LABELS as L

    a = pm.defaults_for(start)
    a.arrivals = {"niedrig": 0.1, "mittel": 0.2, "hoch": 0.3}
    a.sources["arrivals"] = SOURCE_DATA
    assert _council_rows(a, start)[L["arrivals"]] == "•"
    a.sources["arrivals"] = SOURCE_USER  # the officer's own assumption is no data about persons
    assert _council_rows(a, start)[L["arrivals"]] == "niedrig: 0,1, mittel: 0,2, hoch: 0,3"


def test_compare_display_with_one_scenario(start):
    r = simulate(start, pm.defaults_for(start), "mittel", name="A")
    one = pm.compare_display({"A": r})
    two = pm.compare_display({"A": r, "B": r})
    assert list(one.columns) == ["A"]
    assert one["A"].tolist() == two["A"].tolist()


def test_arrivals_helper_controls_replace_the_middle_variant(start):
    d = pm.defaults_for(start)
    keys = [c.key for c in ctl.controls(d)]
    assert "land_forecast_per_year" in keys and "city_share" in keys
    values = {**ctl.widget_values(d), "land_forecast_per_year": 24_000.0, "city_share": 0.0125}
    a = ctl.assumptions_from(d, values)
    assert a.arrivals == {"niedrig": 15.0, "mittel": 25.0, "hoch": 37.5}  # 24.000 × 1,25 % ÷ 12 = 25
    assert a.sources["arrivals"] == "eigene Eingabe" and a.sources["city_share"] == "eigene Eingabe"
    table = a.describe(start).set_index("Annahme")["Wert"]
    assert "Landesprognose 24.000 je Jahr × Quote 1,25\u00a0% ÷ 12 = 25,0 je Monat" in table[
        "Zuweisungen je Monat (Personen)"]
    assert ctl.widget_values(a)["city_share"] == 0.0125  # round trip
    off = ctl.assumptions_from(d, {**values, "city_share": 0.0})  # a share of 0 switches the helper off
    assert off.arrivals == d.arrivals and off.land_forecast_per_year is None
