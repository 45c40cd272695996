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
