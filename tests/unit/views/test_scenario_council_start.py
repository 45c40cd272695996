"""The scenario's start counts in council mode are the Ratsfassung's (issue 15).

The model starts from the residents file (or the list's occupancy) of every accommodation; the
Ratsfassung counts the accommodations in operation, with the list's column where the residents file
does not name a site. Where the two differ – a closed site still housing people, a site the residents
file does not cover – the first month of every person line would be a number outside the one
publication (and with a small site, its hidden count: start − Ratsfassung total). Generated data with
such sites: every person count a council scenario shows for the start month (charts of the page and of
the report) is the Ratsfassung's published total, or no person count is shown at all.
"""

from __future__ import annotations

import pytest
from hypothesis import Phase, example, given, settings
from hypothesis import strategies as st

from ankunft.disclosure import ratsfassung as rf
from ankunft.plots import scenario_charts as scc
from ankunft.scenario.inputs import start_state_from
from ankunft.views import ratsfassung_data
from ankunft.views import scenario_view as pm
from tests.unit.views import council_data as cd

# each example builds Ratsfassungen and view models (several seconds CPU in all): slow tier
pytestmark = pytest.mark.slow

NO_SHRINK = (Phase.explicit, Phase.reuse, Phase.generate)  # each example simulates the scenario
FOCUS = ("01",)
PERSON_CHARTS = ("demand", "occupancy")


def _first_person_values(fig) -> list[tuple[str, float | None, str]]:
    """(trace, month-0 value, month-0 text) of every person trace (not places, not shading helpers)."""
    out = []
    for trace in fig.data:
        meta = trace.meta if isinstance(trace.meta, dict) else {}
        if meta.get(scc.HELPER) or str(trace.name).startswith(scc.PLACE_SERIES) or trace.name == scc.UNPLACED:
            continue
        out.append((str(trace.name), None if trace.y is None else trace.y[0], (meta.get("texts") or [None])[0]))
    return out


def _check_start(values, total) -> None:
    for name, y, text in values:
        if y is None:  # left out: the marker, no number
            assert text == scc.HIDDEN_TEXT, name
            continue
        assert not total.suppressed and total.value is not None, (name, y, "Gesamt ist verborgen")
        assert float(y) == total.value, (name, y, total.value)


@st.composite
def sites(draw):
    counts = draw(cd.site_counts)
    n = len(counts)
    uncovered = draw(st.sets(st.integers(0, n - 1), max_size=2))
    closed = draw(st.sets(st.integers(0, n - 1), max_size=1))
    return counts, uncovered, ["geschlossen" if i in closed else "in Betrieb" for i in range(n)]


@settings(max_examples=8, phases=NO_SHRINK)
@example(case=([1, 2, 6, 9, 2, 14], set(), ["geschlossen"] + ["in Betrieb"] * 5))  # a closed site with 1
@example(case=([3, 4, 6, 9, 5, 2], {5}, ["in Betrieb"] * 6))  # the residents file misses a site of 2
@given(case=sites())
def test_council_scenario_starts_from_the_ratsfassung_total(case):
    counts, uncovered, statuses = case
    state = cd.state(counts, uncovered=uncovered, statuses=statuses)
    rats = ratsfassung_data.for_stand(state, None, FOCUS, ratsfassung_data.council_cfg(state))
    total = rats.cell(rf.ACC, rf.TOTAL)
    start = start_state_from(state)
    hidden = pm.hidden_start(state, None, FOCUS)
    view = pm.page_view(start, pm.defaults_for(start).to_json(), "mittel", True, "aktuelle Eingaben", hidden)
    for key in PERSON_CHARTS:
        _check_start(_first_person_values(view.figures[key]), total)
    if pm.TOTAL_HIDDEN in hidden:  # no person figure at all: tiles and comparison rows read "•"
        tiles = {t.key: t.value_text for t in view.tiles}
        assert tiles["shortfall"] == tiles["flats"] == tiles["transfers"] == "•"


@settings(max_examples=3, phases=NO_SHRINK)
@example(case=([1, 2, 6, 9, 2, 14], set(), ["geschlossen"] + ["in Betrieb"] * 5))
@given(case=sites())
def test_council_report_scenario_starts_from_the_ratsfassung_total(case):
    """The report's scenario chart (deck, Excel, HTML): the "Bedarf" line's first month likewise."""
    from ankunft.views import report_scenario, report_view

    counts, uncovered, statuses = case
    state = cd.state(counts, uncovered=uncovered, statuses=statuses)
    rd = report_view.prepare(state, None, council=True, focus_ids=FOCUS)
    section = report_scenario.section_scenario(rd)
    total = rd.rats.cell(rf.ACC, rf.TOTAL)
    for series in section.chart.series:
        if series.name == "Bedarf":
            assert not total.suppressed and series.values[0] == total.value
