"""Council mode with the scenario's start total hidden (``scenario_view.hidden_start`` names "Gesamt"):
a closed site still houses one or two persons, so the model starts from a number the Ratsfassung does
not publish. Every figure computed from that start is a function of the hidden count – the verdict's
peak ("187" vs "192"), the flats per month, the people without a place, the money, and (in small data)
even the month the shortfall begins. Twins that differ only in that count (1 or 2 persons at the closed
site, generated) must give the same council verdict, tiles, cost charts, comparison table and report
section; the working mode and the council mode with a published start stay as they were.
"""

from __future__ import annotations

import dataclasses
import re

import pytest
from hypothesis import Phase, example, given, settings
from hypothesis import strategies as st

from ankunft.plots import scenario_charts as scc
from ankunft.scenario.inputs import start_state_from
from ankunft.scenario.results import simulate
from ankunft.scenario.verdict import PERSONS_HIDDEN_NOTE, PUBLIC_START_CLAUSE, verdict, verdict_head
from ankunft.views import report_scenario
from ankunft.views import scenario_council as sco
from ankunft.views import scenario_view as pm
from tests.unit.views import council_data as cd

NO_SHRINK = (Phase.explicit, Phase.reuse, Phase.generate)  # each example simulates the scenario
FOCUS = ("01",)
MONTHS = ("Jan.", "Feb.", "März", "Apr.", "Mai", "Juni", "Juli", "Aug.", "Sept.", "Okt.", "Nov.", "Dez.")


@st.composite
def stranded(draw):
    """Sites in operation (1–20 residents) and one closed site; arrivals per month (mittel)."""
    counts = draw(st.lists(st.sampled_from([1, 2, 3, 4, 6, 9, 14, 20]), min_size=3, max_size=7))
    site = draw(st.integers(0, len(counts)))
    arrivals = draw(st.floats(0.5, 12.0))
    return counts, site, arrivals


def _twin(counts, site: int, n: int):
    """The store with ``n`` persons left at the closed site ``site`` (inserted among the others)."""
    c = [*counts[:site], n, *counts[site:]]
    statuses = ["geschlossen" if i == site else "in Betrieb" for i in range(len(c))]
    return cd.state(c, statuses=statuses)


def _assumptions(start, arrivals: float):
    a = pm.defaults_for(start)
    return dataclasses.replace(a, arrivals={"niedrig": arrivals / 2, "mittel": arrivals, "hoch": arrivals * 1.5})


def _numbers(text: str) -> list[str]:
    return re.findall(r"\d", text)


@settings(max_examples=25, deadline=None, phases=NO_SHRINK)
@example(case=([4, 6, 2], 3, 6.82))  # the first place without room: one person more, a month earlier
@example(case=([2, 20, 1, 14], 4, 9.27))  # the shortfall begins a month earlier with two persons
@given(case=stranded())
def test_the_council_verdict_of_twins_is_the_same_and_names_no_figure(case):
    counts, site, arrivals = case
    heads = []
    for n in (1, 2):
        state = _twin(counts, site, n)
        start = start_state_from(state)
        assert pm.TOTAL_HIDDEN in pm.hidden_start(state, None, FOCUS, None, start)
        r = simulate(start, _assumptions(start, arrivals), "mittel")
        head = verdict_head(r, hide_persons=True)
        assert _numbers(head) == [], head  # no count, no month, no year
        assert verdict(r, hide_persons=True).startswith(head)
        heads.append(head)
        if not r.feasible:
            assert PERSONS_HIDDEN_NOTE in head
            assert report_scenario.short_verdict(head) == f"Im Zeitraum fehlen Plätze ({r.variant_label})."
    assert heads[0] == heads[1]


@pytest.mark.parametrize("counts,site,arrivals", [([4, 6, 2], 3, 6.82), ([2, 20, 1, 14], 4, 9.27)])
def test_the_months_tell_such_twins_apart(counts, site, arrivals):
    """Why the council head names no month either: in these twins one person more at the start moves the
    first shortfall or the first person without a place by a month (the working verdict differs)."""
    results = []
    for n in (1, 2):
        start = start_state_from(_twin(counts, site, n))
        results.append(simulate(start, _assumptions(start, arrivals), "mittel"))
    one, two = results
    assert (one.first_shortfall_period, one.first_unplaced_period) != (two.first_shortfall_period,
                                                                      two.first_unplaced_period)
    assert verdict_head(one) != verdict_head(two)
    assert verdict_head(one, hide_persons=True) == verdict_head(two, hide_persons=True)


def test_the_working_verdict_is_unchanged():
    """Without ``hide_persons`` the verdict still names its figures (and a published start never hides them)."""
    state = _twin([2, 20, 1, 14], 4, 2)
    start = start_state_from(state)
    r = simulate(start, _assumptions(start, 9.27), "mittel")
    text = verdict_head(r)
    assert not r.feasible and text == verdict_head(r, hide_persons=False)
    assert text.startswith("Ab ") and "Wohnung" in text and _numbers(text)
    assert PERSONS_HIDDEN_NOTE not in text


def _compare_rows(table, key):
    return table.loc[pm.COMPARE_LABELS[key]].tolist()


@pytest.mark.parametrize("key", ["first_shortfall_month", "first_unplaced_month", "net_cost_total", "saving_total"])
def test_the_comparison_table_hides_months_and_money_only_with_the_start_total_hidden(key):
    state = _twin([4, 6, 2], 3, 2)
    start = start_state_from(state)
    r = simulate(start, _assumptions(start, 6.82), "mittel", name="Plan")
    plain = pm.compare_display({"Plan": r})
    assert _compare_rows(plain, key) != [pm.HIDDEN]
    assert _compare_rows(pm.compare_display({"Plan": r}, (pm.TOTAL_HIDDEN,)), key) == [pm.HIDDEN]
    assert pm.compare_display({"Plan": r}, ("U9",)).equals(plain)  # a hidden site that nobody leaves


@pytest.mark.slow
@pytest.mark.parametrize("hidden", [(), ("U0",), (pm.TOTAL_HIDDEN,)])
def test_the_council_page_withholds_the_cost_charts_and_the_saving_only_with_the_start_total_hidden(hidden):
    """The page's cost charts: no data and a German note why when the start total is hidden (the text
    alternative says it too), the saving tile "•"; otherwise the charts of the council mode as before."""
    state = _twin([4, 6, 2], 3, 2)
    start = start_state_from(state)
    a_json = _assumptions(start, 6.82).to_json()
    view = pm.page_view(start, a_json, "mittel", True, "Plan", hidden)
    tiles = {t.key: t.value_text for t in view.tiles}
    if pm.TOTAL_HIDDEN in hidden:
        for key in pm.MONEY_VIEWS:
            assert len(view.figures[key].data) == 0, key
            assert pm.MONEY_HIDDEN_NOTE in view.texts[key]
            assert view.texts[key].startswith(pm.VIEW_LABELS[key])
        assert tiles["saving"] == pm.HIDDEN
        # feasible or not from the start of published figures (test_scenario_council_feasibility.py)
        public = sco.public_run(view.result, hidden)
        assert view.headline == verdict_head(view.result, hide_persons=True, public=public)
        assert PUBLIC_START_CLAUSE in view.headline
        assert _numbers(view.headline) == []
    else:
        r = view.result
        assert view.figures["net_cost"].to_json() == scc.net_cost(r, True).to_json()
        assert view.figures["savings"].to_json() == scc.savings(r, True).to_json()
        assert tiles["saving"] == pm.money_text(r.key_figures()["saving_total"])
        assert view.headline == verdict_head(r) and view.verdict.startswith(verdict_head(r))


def test_a_withheld_chart_has_no_data_and_says_why():
    fig = scc.withheld("Einsparung", "Im Ratsmodus ausgeblendet, weil …", council=True)
    assert len(fig.data) == 0
    assert scc.text_alternative(fig) == "Einsparung: Im Ratsmodus ausgeblendet, weil …"
    assert "ausgeblendet" in fig.layout.annotations[0].text
