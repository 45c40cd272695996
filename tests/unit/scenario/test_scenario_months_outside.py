"""Months in stored scenarios as they arrive from outside (an older or hand-edited payload): a value
that is no month is refused with a German message naming where it stands – never a crash later in
the simulation, the description or the saved-scenarios table."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ankunft.scenario import Assumptions, simulate
from ankunft.views.scenario_saved import read_saved, scenario_payload
from tests.unit.scenario.sites import still, two_sites

NOT_A_MONTH = st.one_of(
    st.integers(13, 99).map(lambda m: f"2027-{m:02d}"),
    st.integers(0, 12).map(lambda m: f"0000-{m:02d}"),
    st.tuples(st.integers(2026, 2030), st.sampled_from([2, 4, 6, 9, 11]), st.integers(31, 40)).map(
        lambda t: f"{t[0]}-{t[1]:02d}-{t[2]}"),
    st.sampled_from(["Juni 2027", "06/2027", "2027/06", "nächstes Jahr", "2027-06-xx", "--"]),
    st.integers(-10_000, 10_000),
    st.floats(allow_nan=True),
    st.lists(st.integers(), max_size=2),
)
WHERE = st.sampled_from(["closures", "openings", "new_capacity", "lease_end"])


def _assumptions(where: str, value) -> dict:
    d = still().to_dict()
    if where in ("closures", "openings"):
        d[where] = {"A": value}
    else:
        new = {"name": "Neubau", "capacity": 20, "month": "2027-03"}
        new["month" if where == "new_capacity" else "lease_end"] = value
        d["new_capacity"] = [new]
    return d


@settings(max_examples=40, deadline=None)
@given(WHERE, NOT_A_MONTH)
def test_a_value_that_is_no_month_is_refused_in_german(where, value):
    with pytest.raises(ValueError) as err:
        Assumptions.from_dict(_assumptions(where, value))
    text = str(err.value)
    assert "Monat" in text and "JJJJ-MM" in text
    assert ("Asternweg" in text or "„A“" in text) if where in ("closures", "openings") else "Neubau" in text


@settings(max_examples=20, deadline=None)
@given(WHERE, NOT_A_MONTH)
def test_a_stored_scenario_with_such_a_month_is_unreadable_not_a_crash(where, value):
    payload = json.loads(scenario_payload(still(), "mittel", "2026-10-01"))
    payload["assumptions"] = _assumptions(where, value)
    assert read_saved(json.dumps(payload)) is None


@pytest.mark.parametrize("month", ["2027-06", "2027-6", "2027-06-30", "", None])
def test_real_months_still_work(month):
    a = Assumptions.from_dict({**still().to_dict(), "closures": {"A": month, "B": None}})
    r = simulate(two_sites(), a)
    a.describe(two_sites())
    assert r.T == 12
