"""Council mode with the scenario's start total hidden (a closed site still houses persons the Ratsfassung
does not count): whether the plan is feasible is decided from a start of published figures only
(``scenario_council.public_start``: every hidden start count stands at the largest value the published
figures allow – a small count and the closed site's remainder at the threshold, a count withheld to protect a
small one at what its district's published total leaves), so twin stores – two stores that differ only in that
hidden count – get one council finding.

Measured before the rule (``/tmp/h11/measure.py``, the twin generator of
``test_scenario_council_uncertainty.py``, 200 seeded pairs each): the verdict's "umsetzbar" flipped in 3 of
200 pairs (seed 2; 1 with seed 10), the clause "Ohne weitere Plätze wären zeitweise Menschen ohne Unterkunft"
in 1 (1), the verdict over the variants ("Umsetzbar bei niedriger Zuweisung, nicht bei …") in 10 (6). With
the rule: 0 of 200 in each, with both seeds. Against the working finding (400 stores, seed 2): the council
says "umsetzbar" where the working model does not in 2 (a closed site of 3–4 persons: no published bound),
the other way round in 23 (conservative).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import Phase, given, settings
from hypothesis import strategies as st

from ankunft import disclosure
from ankunft.plots import scenario_charts as scc
from ankunft.scenario.inputs import start_state, start_state_from
from ankunft.scenario.results import simulate
from ankunft.scenario.verdict import PERSONS_HIDDEN_NOTE, PUBLIC_START_CLAUSE, verdict, verdict_head, verdict_variants
from ankunft.views import report_scenario
from ankunft.views import scenario_council as sco
from ankunft.views import scenario_view as pm
from tests.unit.views import council_data as cd
from tests.unit.views.scenario_twins import twin_assumptions, twin_cases, twin_store

NO_SHRINK = (Phase.explicit, Phase.reuse, Phase.generate)
FOCUS = ("01",)
VARIANTS = ("niedrig", "mittel", "hoch")
# (open sites' counts, position of the closed site, arrivals (mittel), months, persons at the closed site in
# the two twins, planned closures) – found by the measurement (seed 2) before the rule
FLIPS = [  # "Plan ist umsetzbar" in one twin, "Im Zeitraum fehlen Plätze" in the other
    ([4, 14, 3, 4], 4, 1.2918153948932514, 24, (2, 3), {"U2": "2027-10"}),
    ([1, 6, 6, 6, 9, 4], 4, 2.7748215307254807, 12, (1, 2), {"U2": "2027-04"}),
    ([3, 9, 4, 9], 4, 0.3381838481479906, 24, (2, 3), {"U3": "2027-04", "U2": "2027-11"}),
]
UNPLACED_FLIP = ([9, 14, 20], 3, 0.9750858308974171, 12, (2, 3), {"U2": "2027-08"})  # "ohne Unterkunft" or not
VARIANTS_FLIP = ([1, 20, 2, 20, 9], 3, 0.9474467400987541, 12, (2, 3), {"U2": "2026-12", "U1": "2027-02"})


def _frames(counts, site: int, n: int) -> dict:
    c = [*counts[:site], n, *counts[site:]]
    return cd.frames(c, statuses=["geschlossen" if i == site else "in Betrieb" for i in range(len(c))])


def _assumptions(start, case):
    _, _, arrivals, horizon, _, closures = case
    return twin_assumptions(start, arrivals, horizon, closures)


def _twin(case, n: int):
    """The store with ``n`` persons at the closed site: state, start, assumptions, the Ratsfassung's hidden."""
    state, start = twin_store(case[0], case[1], n)
    hidden = pm.hidden_start(state, None, FOCUS, None, start)
    assert pm.TOTAL_HIDDEN in hidden
    return state, start, _assumptions(start, case), hidden


def _council(case, n: int) -> tuple[dict, dict]:
    """(what the council sees of feasibility, the same from the true start – the rule before)."""
    _, start, a, hidden = _twin(case, n)
    results = {v: simulate(start, a, v, name="Plan") for v in VARIANTS}
    r = results["mittel"]
    public = sco.public_results(results, hidden)
    table = pm.compare_display({"Plan": r}, hidden)
    shown = {"verdict": verdict(r, True, public["mittel"]), "head": verdict_head(r, True, public["mittel"]),
             "variants": verdict_variants(public), "table": cd.plain(table),
             "row": table.loc[pm.COMPARE_LABELS["feasible"], "Plan"]}
    before = {"verdict": verdict(r, True), "variants": verdict_variants(results),
              "row": pm.figure_text("feasible", r.feasible)}
    return shown, before


@pytest.mark.parametrize("case", [*FLIPS, UNPLACED_FLIP, VARIANTS_FLIP])
def test_twins_that_flipped_get_one_council_finding(case):
    (one, old_one), (two, old_two) = (_council(case, n) for n in case[4])
    assert cd.differences(one, two) == []
    assert PUBLIC_START_CLAUSE in one["head"] and PERSONS_HIDDEN_NOTE not in one["head"].split(PUBLIC_START_CLAUSE)[0]
    assert one["row"] == ("ja" if one["head"].startswith("Plan ist umsetzbar") else "nein")
    # the teeth: from the true start (the rule before) the same twins told their count apart
    if case in FLIPS:
        assert old_one["verdict"] != old_two["verdict"] and old_one["row"] != old_two["row"]
        assert {old_one["verdict"][:18], old_two["verdict"][:18]} == {"Plan ist umsetzbar", "Im Zeitraum fehlen"}
    elif case is UNPLACED_FLIP:
        assert old_one["verdict"] != old_two["verdict"]
        assert sum("ohne Unterkunft" in o["verdict"] for o in (old_one, old_two)) == 1
    else:
        assert old_one["variants"] != old_two["variants"]


def test_the_council_page_of_flipping_twins_says_one_finding():
    """Headline, verdict, variants, tiles and every chart (the occupancy chart's area "nicht untergebracht"
    is there or not as the published start has people without a place)."""
    case = UNPLACED_FLIP
    views, occupancy = [], []
    for n in case[4]:
        _, start, a, hidden = _twin(case, n)
        view = pm.page_view(start, a.to_json(), "mittel", True, "Plan", hidden)
        views.append({"headline": view.headline, "verdict": view.verdict, "variants": view.variants_text,
                      "tiles": cd.plain(view.tiles), "figures": cd.plain(view.figures), "texts": view.texts})
        occupancy.append([t.name for t in scc.occupancy(view.result, True, hide_persons=True).data])
    one, two = views
    assert cd.differences(one, two) == []
    assert one["headline"].startswith(("Plan ist umsetzbar (mittlere Zuweisung), ", "Im Zeitraum fehlen Plätze"))
    assert PUBLIC_START_CLAUSE in one["headline"] and one["verdict"].startswith(one["headline"])
    assert sum(scc.UNPLACED in names for names in occupancy) == 1  # the teeth: the true run's chart had it once


def test_the_council_report_and_sachstand_of_flipping_twins_are_the_same():
    """Deck, Excel and HTML read the report's section (headline, tile, table, notes); the Sachstand its paragraph."""
    from ankunft.export import council_text
    from ankunft.views import report_view as assemble

    case = FLIPS[0]
    seen = []
    for n in case[4]:
        state, start, a, _ = _twin(case, n)
        rd = assemble.prepare(state, None, council=True, focus_ids=list(FOCUS), scenarios=[("Plan", a)])
        section = assemble.section_scenario(rd)
        seen.append({"headline": section.headline, "kpis": cd.plain(section.kpis), "table": cd.plain(section.table),
                     "notes": section.notes, "sachstand": council_text.paragraph_scenarios(rd),
                     "true": rd.scenario_runs[0].result.feasible})
    one, two = seen
    assert {one.pop("true"), two.pop("true")} == {True, False}
    assert cd.differences(one, two) == []
    assert PUBLIC_START_CLAUSE in one["headline"] and PUBLIC_START_CLAUSE in one["sachstand"]
    assert PUBLIC_START_CLAUSE in one["notes"]
    tile = one["kpis"][0][1]["value_text"]
    row = dict(zip([r[0] for r in one["table"][3]], [r[1] for r in one["table"][3]]))[pm.COMPARE_LABELS["feasible"]]
    assert (tile, row) in {("umsetzbar", "ja"), ("nicht umsetzbar", "nein")}
    assert one["headline"].startswith("Plan ist umsetzbar") == (tile == "umsetzbar")


# --- generated twins -----------------------------------------------------------------------------------
def _hidden(counts, site: int) -> tuple[str, ...]:
    """What the Ratsfassung hides in these stores at least: the start total, the closed site (its list
    count is no cell) and each small count (the full ``hidden_start`` in the tests above; it is the same
    for both twins: the Ratsfassung does not count the closed site)."""
    ids = [f"U{i}" for i in range(len(counts) + 1)]
    small = [ids[i + (i >= site)] for i, c in enumerate(counts) if c <= disclosure.DEFAULT.threshold]
    return tuple(sorted({pm.TOTAL_HIDDEN, ids[site], *small}))


@settings(max_examples=100, deadline=None, phases=NO_SHRINK, derandomize=True, database=None)
@given(case=twin_cases())
def test_generated_twins_run_the_same_public_start_and_publish_the_same_feasibility(case):
    counts, site = case[0], case[1]
    hidden = _hidden(counts, site)
    found = []
    for n in case[4]:
        fr = _frames(counts, site, n)
        start = start_state(fr["accommodations"], fr["residents"], cd.STICHTAG)
        public = sco.public_start(start, hidden)
        assert start.residents()[site] == n and public.residents()[site] == pytest.approx(2.0)
        a = _assumptions(start, case)
        runs = {v: simulate(public, a, v) for v in VARIANTS}
        found.append({"households": public.households.tolist(), "persons": np.round(public.persons, 9).tolist(),
                      "ages": np.round(public.ages, 9).tolist(),
                      "feasible": [runs[v].feasible for v in VARIANTS],
                      "unplaced": runs["mittel"].first_unplaced_period is not None,
                      "head": verdict_head(runs["mittel"], True, runs["mittel"]),
                      "variants": verdict_variants(runs)})
    assert cd.differences(*found) == []


# --- the stand-in ----------------------------------------------------------------------------------------
@pytest.mark.parametrize("cfg", [disclosure.DEFAULT, disclosure.DisclosureConfig.under_five()])
def test_each_hidden_count_stands_at_the_threshold_whatever_its_true_value(cfg):
    counts, site = [1, 9, 3, 14], 2
    hidden = (pm.TOTAL_HIDDEN, "U0", "U2")  # a small open site and the closed one
    publics = []
    for n in range(1, 7):
        fr = _frames(counts, site, n)
        start = start_state(fr["accommodations"], fr["residents"], cd.STICHTAG)
        public = sco.public_start(start, hidden, cfg)
        rows = sco.standing_in(start, hidden)
        assert rows.tolist() == [True, False, True, False, False]
        assert public.residents()[rows].tolist() == pytest.approx([cfg.threshold] * 2)
        assert public.accommodations["occupancy"][rows].tolist() == [cfg.threshold] * 2
        np.testing.assert_array_equal(public.households[~rows], start.households[~rows])  # published counts kept
        assert start.residents()[site] == n
        publics.append((public.households.tolist(), np.round(public.persons, 9).tolist()))
    assert all(p == publics[0] for p in publics)


@settings(max_examples=4, deadline=None, phases=NO_SHRINK, derandomize=True, database=None)
@given(counts=st.lists(st.sampled_from([1, 2, 3, 4, 6, 9, 14]), min_size=3, max_size=7), extra=st.integers(1, 4))
def test_a_site_withheld_to_protect_another_stands_at_what_the_published_sums_leave(counts, extra):
    """Conservative for the counts withheld to protect a small one ("•", secondary): the district's published
    total minus its published sites and 1 for each other hidden site there (else the city's the same way) –
    read here from the Ratsfassung's cells, as a reader would; never below the true count, never the true
    count's own source."""
    from ankunft.disclosure import ratsfassung as rf
    from ankunft.views import ratsfassung_data

    c = [*counts, extra]
    state = cd.state(c, statuses=["in Betrieb"] * len(counts) + ["geschlossen"])
    start = start_state_from(state)
    hidden = pm.hidden_start(state, None, FOCUS, None, start)
    assert pm.TOTAL_HIDDEN in hidden
    rats = ratsfassung_data.for_stand(state, None, FOCUS, disclosure.DEFAULT)
    cells = {k: rats.cell(rf.ACC, k) for k in rats.rows(rf.ACC)}
    districts = dict(zip(start.accommodations["id"], start.accommodations["district_id"]))
    public = sco.public_start(start, hidden)
    for j, (sid, fig) in enumerate(cells.items()):
        if not fig.suppressed:
            assert public.residents()[j] == pytest.approx(start.residents()[j])  # published: kept
            continue
        assert public.residents()[j] >= start.residents()[j] - 1e-9  # at the largest value, never below
        if fig.status in (disclosure.PRIMARY, disclosure.MASKED):
            assert public.residents()[j] == pytest.approx(2.0)
            continue
        mates = [k for k in cells if districts[k] == districts[sid]]
        district = rats.cell(rf.DIST, districts[sid])
        if not district.suppressed:
            room = district.value - sum(cells[k].value for k in mates if not cells[k].suppressed)
            expected = max(room - sum(1 for k in mates if k != sid and cells[k].suppressed), 2.0)
            assert public.residents()[j] == pytest.approx(expected), (sid, c)
    assert public.residents()[-1] == pytest.approx(2.0)  # the closed site: the hidden remainder


def test_the_bounds_depend_on_published_figures_only():
    """One person moved between a "≤2" site and the site withheld to protect it (same district, same
    published district total): the same hidden entries, the same public start."""
    seen = []
    for first, second in ((1, 14), (2, 13)):
        state = cd.state([first, 9, 4, second, 6, 3, 2], statuses=["in Betrieb"] * 6 + ["geschlossen"])
        start = start_state_from(state)
        hidden = pm.hidden_start(state, None, FOCUS, None, start)
        assert any(sco.BOUND in e for e in hidden)
        seen.append((hidden, sco.public_start(start, hidden).households.tolist()))
    assert seen[0] == seen[1]


def test_a_closed_site_without_a_list_count_but_with_residents_stands_in_too():
    """The hidden remainder: persons the residents file places at a closed site whose list count is empty."""
    fr = _frames([9, 14, 4], 1, 3)
    fr["accommodations"].loc[1, "occupancy"] = np.nan
    start = start_state(fr["accommodations"], fr["residents"], cd.STICHTAG)
    assert sco.standing_in(start, (pm.TOTAL_HIDDEN,)).tolist() == [False, True, False, False]
    empty = _frames([9, 14, 4], 1, 0)
    start0 = start_state(empty["accommodations"], empty["residents"], cd.STICHTAG)
    assert not sco.standing_in(start0, (pm.TOTAL_HIDDEN,)).any()


def test_the_public_run_is_kept():
    _, start, a, hidden = _twin(FLIPS[0], 2)
    r = simulate(start, a, "mittel")
    assert sco.public_run(r, hidden) is sco.public_run(r, tuple(reversed(hidden)))
    assert sco.public_run(r, hidden) is not sco.public_run(r, hidden, disclosure.DisclosureConfig.under_five())


# --- working mode and a published start ------------------------------------------------------------------
@pytest.mark.parametrize("council,hidden", [(False, (pm.TOTAL_HIDDEN,)), (True, ("U0", "U4"))])
def test_working_mode_and_a_published_start_are_unchanged(council, hidden):
    _, start, a, _ = _twin(FLIPS[0], 3)
    view = pm.page_view(start, a.to_json(), "mittel", council, "Plan", hidden)
    results = {v: simulate(start, a, v, name="Plan") for v in VARIANTS}
    r = results["mittel"]
    assert view.headline == verdict_head(r) and view.verdict == verdict(r)
    assert view.variants_text == verdict_variants(results)
    assert PUBLIC_START_CLAUSE not in view.verdict
    table = pm.compare_display({"Plan": r}, hidden if council else ())
    assert table.loc[pm.COMPARE_LABELS["feasible"], "Plan"] == ("ja" if r.feasible else "nein") == "nein"
    pd.testing.assert_frame_equal(pm.compare_display({"Plan": r}), pm.compare_display({"Plan": r}, ("U9",)))


def test_the_working_report_keeps_the_true_feasibility():
    from ankunft.export import council_text
    from ankunft.views import report_view as assemble

    state, start, a, _ = _twin(FLIPS[0], 3)
    rd = assemble.prepare(state, None, council=False, focus_ids=list(FOCUS), scenarios=[("Plan", a)])
    run = rd.scenario_runs[0]
    assert report_scenario.council_verdict(rd, run) == (verdict(run.result), verdict_variants(run.variants), False)
    section = assemble.section_scenario(rd)
    assert section.kpis[0].value_text == "nicht umsetzbar"
    assert section.headline == report_scenario.short_verdict(verdict(run.result))
    assert verdict(run.result) in council_text.paragraph_scenarios(rd)
