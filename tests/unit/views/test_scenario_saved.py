"""Saved scenarios beyond the payload: reading, loading from the store and the simulations behind a comparison."""

from __future__ import annotations

import datetime as dt

import pytest

from ankunft.scenario import simulate
from ankunft.storage.store import Store
from ankunft.views import scenario_saved as ssv
from tests.unit.scenario.sites import still, two_sites

STAND = dt.date(2026, 9, 30)


@pytest.fixture
def start():
    return two_sites()


@pytest.fixture
def store(tmp_path):
    s = Store(str(tmp_path / "szenarien.db"))
    s.save_scenario("A schließen", ssv.scenario_payload(still(closures={"A": "2027-03", "B": None}), "hoch", STAND))
    s.save_scenario("Alt", ssv.scenario_payload(still(), "mittel", dt.date(2026, 6, 30)))
    s.save_scenario("Kaputt", '{"arrivals": {"mittel": 1}}')  # JSON, but no valid assumptions
    return s


def test_read_saved_turns_unreadable_payloads_into_none():
    a = still(closures={"A": "2027-03", "B": None})
    saved = ssv.read_saved(ssv.scenario_payload(a, "niedrig", STAND))
    assert (saved.variant, saved.stand, saved.assumptions.closures) == ("niedrig", "2026-09-30", a.closures)
    assert ssv.read_saved(None) is None
    assert ssv.read_saved("") is None
    assert ssv.read_saved("{") is None
    assert ssv.read_saved('{"arrivals": {"mittel": 1}}') is None


def test_load_saved_reads_the_store(store):
    saved = ssv.load_saved(store, "A schließen")
    assert saved.variant == "hoch" and saved.assumptions.closures["A"] == "2027-03"
    assert ssv.load_saved(store, "Kaputt") is None
    assert ssv.load_saved(store, "gibt es nicht") is None


def test_simulate_choice_uses_the_saved_variant_or_the_current_inputs(start, store):
    current = still()
    saved = ssv.load_saved(store, "A schließen")
    r = ssv.simulate_choice(start, "A schließen", saved, current, "mittel")
    assert (r.name, r.variant, r.assumptions.closures["A"]) == ("A schließen", "hoch", "2027-03")
    own = ssv.simulate_choice(start, ssv.CURRENT, None, current, "niedrig")
    assert (own.name, own.variant, own.assumptions.closures["A"]) == (ssv.CURRENT, "niedrig", None)


def test_comparison_pair_simulates_saved_scenarios_and_notes_problems(start, store):
    current = simulate(start, still(), "mittel", name=ssv.CURRENT)
    pair, notes = ssv.comparison_pair(start, (ssv.CURRENT, "A schließen"), current,
                                      lambda n: ssv.load_saved(store, n), STAND)
    assert list(pair) == [ssv.CURRENT, "A schließen"]
    assert pair[ssv.CURRENT] is current  # the page's own result is not simulated again
    assert pair["A schließen"].variant == "hoch" and not pair["A schließen"].feasible
    assert notes == []
    pair, notes = ssv.comparison_pair(start, ("Alt", "Kaputt"), current, lambda n: ssv.load_saved(store, n), STAND)
    assert list(pair) == ["Alt"]
    assert notes == ["„Alt“ wurde mit Daten vom 30.06.2026 gespeichert und wird hier mit dem aktuellen "
                     "Startbestand gerechnet.", "„Kaputt“ ließ sich nicht lesen."]
