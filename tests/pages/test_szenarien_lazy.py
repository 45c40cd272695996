"""Szenarien's first visit (issue #17: 38 s in the browser, 15 of 18 profiled seconds in the back-test):
the earliest-month search and the back-test run only while their expander is open; a slider move
does not repeat them while they are closed."""

from __future__ import annotations

import functools

import pytest

from ankunft.ui import scenario_state as sst
from ankunft.views import scenario_view as pm

from .conftest import all_text, no_exception, open_page


@pytest.fixture
def counted(monkeypatch):
    """Count the calls of the two expensive view builders (the page looks them up at run time)."""
    import streamlit as st

    st.cache_resource.clear()  # nothing cached by an earlier test
    calls = {"earliest_display": 0, "backtest_view": 0, "stand_backtest_view": 0}

    def counting(name):
        original = getattr(pm, name)

        @functools.wraps(original)  # the cache keys the function by its name: one key per builder
        def wrapper(*args, **kwargs):
            calls[name] += 1
            return original(*args, **kwargs)
        return wrapper

    for name in calls:
        monkeypatch.setattr(pm, name, counting(name))
    return calls


def test_first_visit_computes_neither_earliest_months_nor_backtest(demo_db, counted):
    at = open_page("szenarien")
    no_exception(at)
    labels = [e.label for e in at.expander]
    assert sst.BACKTEST_LABEL in labels and any(x.startswith("Frühester Schließmonat") for x in labels)
    assert counted == {"earliest_display": 0, "backtest_view": 0, "stand_backtest_view": 0}
    # a slider move re-simulates the page, not the closed expanders
    at.select_slider(key="sz_arrivals_mittel").set_value(20.0)
    at.run()
    assert at.select_slider(key="sz_arrivals_mittel").value == 20.0
    no_exception(at)
    assert counted == {"earliest_display": 0, "backtest_view": 0, "stand_backtest_view": 0}


@pytest.mark.parametrize("key, builder", [(sst.EARLIEST_OPEN, "earliest_display"), (sst.BACKTEST_OPEN, "backtest_view")])
def test_opening_an_expander_computes_its_content_once(demo_db, counted, key, builder):
    at = open_page("szenarien")
    at.session_state[key] = True
    at.run()
    no_exception(at)
    assert counted[builder] == 1
    at.run()  # cached: an unchanged rerun does not compute again
    assert counted[builder] == 1
    text = all_text(at)
    assert (pm.EARLIEST_NOTE if builder == "earliest_display" else pm.BACKTEST_NOTE) in text
    if builder == "backtest_view":  # the back-test from the stored Stände beside it, computed once too
        assert counted["stand_backtest_view"] == 1 and "Rückblick aus den Ständen" in text


def test_backtest_without_enough_history_says_so(demo_db, counted, monkeypatch):
    monkeypatch.setattr(pm, "backtest_view", lambda state: None)
    at = open_page("szenarien")
    at.session_state[sst.BACKTEST_OPEN] = True
    at.run()
    no_exception(at)
    assert sst.BACKTEST_MISSING in all_text(at)


def _titles(at) -> list[str]:
    import json

    return [json.loads(c.proto.spec)["layout"]["title"]["text"] for c in at.get("plotly_chart")]


def test_secondary_charts_are_drawn_only_while_their_expander_is_open(demo_db):
    """Issue #17 (browser time): the visit draws the demand chart and the timeline; occupancy, flats,
    net cost and saving are drawn when the officer opens their expander, with the view model's figures
    (same titles and trace values as the page model), and leave again when it is closed."""
    import json

    at = open_page("szenarien")
    no_exception(at)
    first = _titles(at)
    assert len(first) == 2 and any(t.startswith("Bedarf und Plätze") for t in first)
    assert any(e.label.startswith("Belegung, Wohnungen und Kosten") for e in at.expander)
    at.session_state[sst.P + "secondary_open"] = True
    at.run()
    no_exception(at)
    opened = _titles(at)
    assert opened[:2] == first and len(opened) == 6
    assert any(t.startswith("Benötigte Wohnungen") for t in opened)
    assert any(t.startswith("Einsparung") for t in opened) and any(t.startswith("Nettokosten") for t in opened)
    # the charts carry all their traces (nothing dropped for speed): as many as the figures of the model
    traces = [len(json.loads(c.proto.spec)["data"]) for c in at.get("plotly_chart")[2:]]
    assert all(n >= 2 for n in traces), traces
    at.session_state[sst.P + "secondary_open"] = False
    at.run()
    assert _titles(at) == first
