"""Twin stores for the council scenario tests: sites in operation and one closed site whose persons differ by one
or two between the twins (a count the council version hides). Shared by test_scenario_council_uncertainty.py and
test_scenario_council_feasibility.py."""

from __future__ import annotations

import dataclasses

from hypothesis import strategies as st

from ankunft.scenario.inputs import start_state_from
from ankunft.views import scenario_view as pm
from tests.unit.views import council_data as cd

MONTHS = ["2026-12", *(f"2027-{m:02d}" for m in range(1, 13))]


@st.composite
def twin_cases(draw):
    """Sites in operation (1–20 residents), a closed site with ``n`` and ``n + 1`` or ``n + 2`` persons in
    the twins, arrivals per month, a short horizon, one or two planned closures of sites in operation:
    ``(counts, site, arrivals, horizon, (n, twin's n), closures)``."""
    counts = draw(st.lists(st.sampled_from([1, 2, 3, 4, 6, 9, 14, 20]), min_size=3, max_size=5))
    site = draw(st.integers(0, len(counts)))
    arrivals = draw(st.one_of(st.floats(0.2, 3.0), st.floats(0.5, 12.0)))
    horizon = draw(st.sampled_from([12, 18, 24]))
    n = draw(st.sampled_from([1, 2]))
    pair = (n, n + draw(st.sampled_from([1, 2])))
    open_ids = [f"U{i}" for i in range(len(counts) + 1) if i != site]
    chosen = draw(st.lists(st.sampled_from(open_ids), min_size=1, max_size=2, unique=True))
    closures = {sid: draw(st.sampled_from(MONTHS[:horizon - 2])) for sid in chosen}
    return counts, site, arrivals, horizon, pair, closures


def twin_store(counts, site: int, n: int):
    """(state, start) of the store with ``n`` persons left at the closed site ``site`` (inserted among the others)."""
    c = [*counts[:site], n, *counts[site:]]
    state = cd.state(c, statuses=["geschlossen" if i == site else "in Betrieb" for i in range(len(c))])
    return state, start_state_from(state)


def twin_assumptions(start, arrivals: float, horizon: int, closures: dict):
    """The page's defaults with the case's horizon, closures and arrivals (low half, high one and a half)."""
    a = pm.defaults_for(start)
    return dataclasses.replace(a, horizon_months=horizon, closures={**a.closures, **closures},
                               arrivals={"niedrig": arrivals / 2, "mittel": arrivals, "hoch": arrivals * 1.5})
