"""The one comparison table (compare_display): months only where the key figure is a month, German minus for
negative money, counts rounded like the verdict, council hiding."""

from __future__ import annotations

import math

import pytest

from ankunft.disclosure import HIDDEN_MARKER
from ankunft.scenario import COMPARE_LABELS, baseline, compare, simulate
from ankunft.views import scenario_view as pm
from ankunft.views.report_scenario import scenario_table
from ankunft.views.scenario_view import MONEY_KEYS, MONTH_KEYS, compare_display, figure_text, money_text
from tests.unit.scenario.sites import flows, formula_sites, still, two_sites


def compare_table(*results):
    """The comparison table with one column per result, named after it."""
    return compare_display({r.name: r for r in results})


@pytest.fixture
def start():
    return two_sites()


@pytest.fixture
def table(start):
    closing = simulate(start, still(closures={"A": "2027-03", "B": None}), name="A schließen")
    keeping = simulate(start, still(), name="Alles offen")
    return compare_table(closing, keeping)


def row(table, key):
    return table.loc[COMPARE_LABELS[key]].tolist()


def test_only_real_month_keys_are_months():
    assert set(MONTH_KEYS) == {"first_shortfall_month", "first_unplaced_month"}
    assert "extra_flats_per_month" not in MONTH_KEYS  # ends in "_month" but is a count per month
    assert set(MONTH_KEYS) | set(MONEY_KEYS) <= set(COMPARE_LABELS)


def test_extra_flats_are_a_count_not_a_month(table):
    # closing A in März 2027 (month 5): 130 people, target 0,9 · 100 = 90 → short by 40 from month 5;
    # 40 / 6 months = 6,67 extra move-outs a month, split by the entitled households
    # (shares 0,30 / 0,12 / 0,13 / 0,45, sizes 1 / 2 / 3 / 5): 2,0 + 0,4 + 0,289 + 0,6 = 3,29 → 4 flats
    flats = row(table, "extra_flats_per_month")
    assert flats == ["5", "0"]
    assert not any("1970" in text or "Jan." in text for text in flats)


def test_month_rows_are_months_or_missing(table):
    assert row(table, "first_shortfall_month") == ["März 2027", "–"]
    assert row(table, "first_unplaced_month") == ["März 2027", "–"]  # 80 from A, 50 free places in B → 30 unplaced


def test_negative_saving_with_german_minus(table):
    # März–Juni 2027: A's rent is still paid (lease until 30.06.2027); care for 30 fewer placed saves 3.000 €,
    # 30 unplaced cost 45.000 € → −42.000 € a month; Juli–Sept.: plus A's rent 100 · 200 € → −22.000 € a month
    # 4 · −42.000 + 3 · −22.000 = −234.000 €
    assert row(table, "saving_total") == ["−234.000\u00a0€", "0\u00a0€"]
    assert all("-" not in text for text in row(table, "saving_total") + row(table, "net_cost_total"))


def test_numbers_behind_the_text(start):
    closing = simulate(start, still(closures={"A": "2027-03", "B": None}), name="A schließen")
    keeping = simulate(start, still(), name="Alles offen")
    df = compare(closing, keeping)
    assert df["saving_total"].tolist() == pytest.approx([-234_000.0, 0.0])
    # 40 persons within 5 months, from the entitled households of the estimate (see the tiles test)
    assert df["extra_flats_per_month"].iloc[0] == pytest.approx(4.0727, abs=1e-4)
    # without closures 24.840 € a month (the must-house persons of the estimate's whole households
    # get the reimbursement) · 12 = 298.080 €; closing A costs 234.000 € more
    assert df["net_cost_total"].tolist() == pytest.approx([298_080.0 + 234_000.0, 298_080.0])
    assert row(compare_table(closing, keeping), "net_cost_total") == ["532.080\u00a0€", "298.080\u00a0€"]


@pytest.mark.parametrize("value,expected", [
    (-3_000_000.0, "−3,0\u00a0Mio.\u00a0€"),
    (-2_950_000.0, "−3,0\u00a0Mio.\u00a0€"),
    (1_234_567.0, "1,2\u00a0Mio.\u00a0€"),
    (-350_000.0, "−350.000\u00a0€"),
    (350_000.0, "350.000\u00a0€"),
    (-0.4, "0\u00a0€"),  # rounds to zero: no sign
    (0.0, "0\u00a0€"),
    (math.nan, "–"),
    (None, "–"),
])
def test_money_text(value, expected):
    assert money_text(value) == expected


# --- one table for the page and the report: the reconciled rules ----------------------------------------
@pytest.mark.parametrize("key,value,expected", [
    ("max_shortfall_target", 40.3, "41"),  # missing places rounded up, like the verdict and the tile
    ("max_shortfall_capacity", 0.4, "0"),  # below half a person: none
    ("max_unplaced", 12.0, "12"),
    ("extra_flats_per_month", 0.3, "1"),  # any need means at least one flat, like the verdict
    ("extra_flats_per_month", 0.0, "0"),
    ("saving_total", -0.4, "0\u00a0€"),
    ("first_unplaced_month", None, "–"),
    ("capacity_end", 99.6, "100"),
    ("variant", "hoch", "hohe Zuweisung"),
    ("feasible", False, "nein"),
])
def test_figure_text(key, value, expected):
    assert figure_text(key, value) == expected


def test_peak_rows_match_the_tiles(start):
    # 2,1 arrivals a month from period 1, as whole households: 130 + 23 − 90 = 63 missing at the peak
    closing = simulate(start, still(closures={"A": "2027-03", "B": None}, arrivals={"niedrig": 0.0, "mittel": 2.1,
                                                                                   "hoch": 30.0}), name="A schließen")
    assert closing.monthly["arrivals"].sum() == 23.0
    assert closing.key_figures()["max_shortfall_target"] == 63.0
    tiles = {t.key: t.value_text for t in pm.tiles(closing)}
    assert row(compare_table(closing), "max_shortfall_target") == [tiles["shortfall"]] == ["63"]


def test_council_hides_transfers_out_of_hidden_sites(start):
    closing = simulate(start, still(closures={"A": "2027-03", "B": None}), name="A schließen")
    keeping = simulate(start, still(), name="Alles offen")
    pair = {"A schließen": closing, "Alles offen": keeping}
    plain = compare_display(pair)
    t = compare_display(pair, ("A",))  # A's start occupancy is hidden; closing A moves exactly its residents
    assert row(plain, "transfers_total") == ["80", "0"]
    assert row(t, "transfers_total") == [HIDDEN_MARKER, "0"]
    assert row(t, "children_cross_district")[0] == HIDDEN_MARKER
    assert row(t, "max_shortfall_target") == row(plain, "max_shortfall_target")
    assert t["Alles offen"].tolist() == plain["Alles offen"].tolist()
    total = compare_display(pair, (pm.TOTAL_HIDDEN,))  # the city total hidden: every person row in both
    for key in pm.PERSON_ROWS:
        assert row(total, key) == [HIDDEN_MARKER, HIDDEN_MARKER], key
    assert row(total, "capacity_end") == row(plain, "capacity_end")
    assert compare_display(pair, ()).equals(plain) and compare_display(pair, None).equals(plain)


def test_the_report_shows_the_same_table(start):
    closing = simulate(start, still(closures={"A": "2027-03", "B": None}), name="A schließen")
    keeping = simulate(start, still(), name="Alles offen")
    report = scenario_table([closing, keeping, keeping], ["Plan", "Plan", "Kennzahl"], ("A",))
    assert list(report.columns) == ["Kennzahl", "Plan", "Plan (2)", "Kennzahl (3)"]
    page = compare_display({"Plan": closing, "Plan (2)": keeping}, ("A",))
    assert report["Kennzahl"].tolist() == list(page.index)
    assert report["Plan"].tolist() == page["Plan"].tolist()
    assert report["Plan (2)"].tolist() == page["Plan (2)"].tolist() == report["Kennzahl (3)"].tolist()


def test_a_plan_against_its_baseline():
    start = formula_sites()
    a = flows(closures={"A": "2027-03"})
    plan = simulate(start, a, name="Plan A")
    base = baseline(start, a)
    table = compare_table(plan, base)
    assert list(table.columns) == ["Plan A", "ohne Schließungen"]
    assert table.loc[COMPARE_LABELS["feasible"]].tolist() == ["nein", "ja"]
    assert table.loc[COMPARE_LABELS["first_shortfall_month"], "Plan A"] == "März 2027"
    assert table.loc[COMPARE_LABELS["variant"], "Plan A"] == "mittlere Zuweisung"
