"""Council mode with the scenario's start total hidden (``scenario_view.hidden_start`` names "Gesamt"; a
closed site still houses persons the Ratsfassung does not count): the Monte Carlo's uncertainty sentence,
the closure probabilities ("Chancen") and the earliest closure months.

Measured before the rule (twin stores as here, 200 seeded pairs, 1 or 2 persons at the closed site and 1
or 2 more in its twin, 1–2 planned closures, 12–36 months): the sentence's share of runs differed in 47
pairs (in 7 % vs 4 % of the runs …), each closure probability in the same 47 (both a share of the same
runs from the start's households on), the earliest month in 10 and the earliest-month table's note in 13
("schon ohne diese Schließung fehlen Plätze" against "auch bei Schließung im … fehlten Plätze"); the
deck's side table (months and probabilities) in 48. So all three are functions of the hidden count. The
rule (``hide_persons``): the sentence names no share and no band (a German note why), the probabilities
and the earliest months read "•", the earliest-month notes give the reason instead – on the page's view
model, in the deck's side table and notes, in the Excel's sheets (``shared_tables``).

Kept, because they do not depend on the start total: which closures are planned and their months (the
assumptions), the table's rows (the list's accommodations in operation), the number of runs and the
arrivals' variation (constants), the places at target (the plan's capacity, no person). Working mode and
council mode with a published start stay exactly as they were.
"""

from __future__ import annotations

import re

import pandas as pd
import pytest
from hypothesis import Phase, example, given, settings

from ankunft.core import fmt
from ankunft.scenario.earliest import earliest_table
from ankunft.scenario.montecarlo import monte_carlo
from ankunft.scenario.results import simulate
from ankunft.views import report_scenario
from ankunft.views import scenario_view as pm
from tests.unit.views import council_data as cd
from tests.unit.views.scenario_twins import twin_assumptions, twin_cases, twin_store

NO_SHRINK = (Phase.explicit, Phase.reuse, Phase.generate)  # each example simulates the scenario
FOCUS = ("01",)
# twins measured before the rule: each tells its pair apart by one of the three figures
SHARE_TWIN = ([9, 9, 2, 20], 4, 1.74, 12, (2, 4), {"U0": "2026-12", "U1": "2027-04"})  # 7 % vs 4 %
MONTH_TWIN = ([6, 14, 3], 3, 1.57, 12, (1, 3), {"U2": "2027-09"})  # "Dez. 2026" vs "nicht im Zeitraum"
NOTE_TWIN = ([1, 6, 4, 6, 2, 3], 2, 3.84, 12, (1, 3), {"U6": "2027-04"})  # the earliest-month note


def _published(case, n: int, hide: bool) -> dict:
    """The three figures wherever they are published, for the store with ``n`` persons at the closed site."""
    counts, site, arrivals, horizon, _, closures = case
    state, start = twin_store(counts, site, n)
    if hide:
        assert pm.TOTAL_HIDDEN in pm.hidden_start(state, None, FOCUS, None, start)
    a = twin_assumptions(start, arrivals, horizon, closures)
    a_json = a.to_json()
    mc = monte_carlo(start, a, "mittel")
    tables = pm.shared_tables(start, a_json, "mittel", hide_persons=hide)
    return {
        "sentence": pm.uncertainty_text(mc, "mittel", hide),
        "chances": cd.plain(pm.closure_chances(start, mc, hide)),
        "earliest": cd.plain(pm.earliest_display(start, a_json, "mittel", hide)),
        "side": cd.plain(report_scenario.earliest_side_table(simulate(start, a, "mittel"), hide)),
        "sheets": cd.plain(tables),
        "notes": pm.shared_notes(start, a_json, "mittel", hide_persons=hide),
    }


def _digits(text: str) -> list[str]:
    """Digits of a sentence that are not the constants (500 runs, 30 % variation)."""
    return re.findall(r"\d", text.replace(fmt.integer(500), "").replace(fmt.pct(0.3, 0), ""))


@settings(max_examples=10, deadline=None, phases=NO_SHRINK)
@example(case=SHARE_TWIN)
@example(case=MONTH_TWIN)
@example(case=NOTE_TWIN)
@given(case=twin_cases())
def test_twins_publish_the_same_uncertainty_chances_and_earliest_months(case):
    one, two = (_published(case, n, hide=True) for n in case[4])
    assert cd.differences(one, two) == []
    assert _digits(one["sentence"]) == [], one["sentence"]
    assert pm.UNCERTAINTY_HIDDEN_NOTE in one["sentence"]
    assert {row[2] for row in one["chances"][3]} <= {pm.HIDDEN}  # every probability "•"
    earliest = one["earliest"][3]
    assert {row[2] for row in earliest} <= {pm.HIDDEN} and {row[3] for row in earliest} <= {pm.EARLIEST_HIDDEN_NOTE}
    assert {row[1] for row in one["side"][3]} <= {pm.HIDDEN}
    assert set(one["side"][3][i][3] for i in range(len(one["side"][3]))) <= {pm.HIDDEN, fmt.MISSING}
    assert one["sheets"]["Frühester Schließmonat"] == one["earliest"]
    assert one["sheets"]["Schließungen Wahrscheinl."] == one["chances"]
    band = one["sheets"]["Unsicherheit"][3]
    assert {v for row in band for v in row[1:4]} == {pm.HIDDEN}  # the demand band: persons
    assert one["sentence"] in one["notes"]


@pytest.mark.parametrize("case,figure", [(SHARE_TWIN, "sentence"), (SHARE_TWIN, "chances"),
                                         (MONTH_TWIN, "earliest"), (NOTE_TWIN, "earliest"),
                                         (MONTH_TWIN, "side"), (SHARE_TWIN, "side")])
def test_without_the_rule_the_figures_tell_such_twins_apart(case, figure):
    """The teeth: the same twins without ``hide_persons`` publish a different share, month or note."""
    one, two = (_published(case, n, hide=False) for n in case[4])
    assert one[figure] != two[figure]


def test_the_working_figures_are_unchanged():
    """Without ``hide_persons`` (working mode, council with a published start): the share of runs in the
    sentence, the probabilities and the earliest months and notes as the engine computes them."""
    counts, site, arrivals, horizon, (n, _), closures = MONTH_TWIN
    _, start = twin_store(counts, site, n)
    a = twin_assumptions(start, arrivals, horizon, closures)
    mc = monte_carlo(start, a, "mittel")
    text = pm.uncertainty_text(mc, "mittel")
    assert text == pm.uncertainty_text(mc, "mittel", False)
    assert f"in {fmt.pct(mc.p_feasible, 0)} der Läufe reichen" in text and "Band im Diagramm umfasst 80 %" in text
    chances = pm.closure_chances(start, mc)
    probabilities = sorted(mc.closure_probabilities(start.n).values(), key=lambda tp: tp[0])
    assert chances["Wahrscheinlichkeit umsetzbar"].tolist() == [fmt.pct(p, 0) for _, p in probabilities]
    early = pm.earliest_display(start, a.to_json(), "mittel")
    table = earliest_table(start, a, "mittel")
    assert early["Frühester Monat"].tolist() == table["earliest"].tolist()
    assert early["Hinweis"].tolist() == table["note"].astype(str).tolist()
    assert pm.HIDDEN not in early.to_numpy() and pm.HIDDEN not in chances.to_numpy()
    band = pm.band_table(start, a.to_json(), "mittel")
    assert band["Bedarf (Mittel der Läufe)"].tolist() == pytest.approx(mc.demand.mean(axis=0).round(1).tolist())


@pytest.mark.parametrize("council,hidden", [(False, (pm.TOTAL_HIDDEN,)), (True, ()), (True, ("U0",)),
                                            (True, (pm.TOTAL_HIDDEN,))])
def test_the_page_view_hides_them_only_in_council_mode_with_the_start_total_hidden(council, hidden):
    counts, site, arrivals, horizon, (n, _), closures = SHARE_TWIN
    _, start = twin_store(counts, site, n)
    a = twin_assumptions(start, arrivals, horizon, closures)
    view = pm.page_view(start, a.to_json(), "mittel", council, "Plan", hidden)
    mc = monte_carlo(start, a, "mittel")
    hide = council and pm.TOTAL_HIDDEN in hidden
    assert view.uncertainty == pm.uncertainty_text(mc, "mittel", hide)
    pd.testing.assert_frame_equal(view.chances, pm.closure_chances(start, mc, hide))
    assert (pm.UNCERTAINTY_HIDDEN_NOTE in view.uncertainty) == hide
    assert (view.chances["Wahrscheinlichkeit umsetzbar"] == pm.HIDDEN).all() == hide


@pytest.mark.parametrize("case", [SHARE_TWIN, MONTH_TWIN])
def test_the_council_report_of_twins_has_the_same_side_table_and_notes(case):
    """The report (deck, Excel, HTML, Sachstand read its section) of each twin in council mode."""
    from ankunft.views import report_view as assemble

    counts, site, arrivals, horizon, pair, closures = case
    sections = []
    for n in pair:
        state, start = twin_store(counts, site, n)
        rd = assemble.prepare(state, None, council=True, focus_ids=list(FOCUS),
                              scenarios=[("Plan", twin_assumptions(start, arrivals, horizon, closures))])
        assert report_scenario.persons_hidden(rd, start)
        sections.append(assemble.section_scenario(rd))
    one, two = sections
    pd.testing.assert_frame_equal(one.side_table, two.side_table)
    assert one.notes == two.notes
    assert set(one.side_table["Frühestens"]) == {pm.HIDDEN}
