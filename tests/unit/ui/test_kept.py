"""Results kept in the store across server restarts (ui.data.kept over storage.computed, issue #17): a
restart on an unchanged store reads the back-test instead of computing it; an import makes it compute
again; what is read equals a fresh computation; a damaged entry is computed again, never an error."""

from __future__ import annotations

import datetime as dt
import importlib
import sqlite3
import zlib

import pandas as pd
import pytest
import streamlit as st
from hypothesis import given, settings
from hypothesis import strategies as hst

from ankunft.scenario import backtest as bt_mod
from ankunft.storage import demo
from ankunft.storage.state import DataState
from ankunft.ui import data
from ankunft.views import scenario_view as pm

BACKTEST = "ankunft.views.scenario_view.backtest_view"


def restart() -> None:
    """What a server restart forgets: every in-memory cache (the store file stays)."""
    st.cache_resource.clear()
    data._store.clear()


def newest_state():
    s = data.get_store()
    return data.load_state(max(s.stichtage()))


def assert_same_view(a, b) -> None:
    assert a.headline == b.headline
    for name in ("summary", "city", "sites"):
        pd.testing.assert_frame_equal(getattr(a, name), getattr(b, name))


@pytest.fixture
def demo_store():
    restart()
    yield data.get_store()
    restart()


def test_every_kept_name_is_a_function_and_is_kept():
    for name in data.KEPT:
        module, _, attr = name.rpartition(".")
        fn = getattr(importlib.import_module(module), attr)
        fn = getattr(fn, "__wrapped__", fn)  # the memo'd report functions: their original
        assert callable(fn) and data._kept_name(fn) == name
        assert data.kept(fn) is not fn and data.kept(fn) is data.kept(fn)
    assert data.kept(pm.page_view) is pm.page_view  # not listed: unchanged


@pytest.mark.slow  # the demo store, its back-test three times and an import (≈ 5 s CPU)
def test_a_restart_reads_the_back_test_and_an_import_computes_it_again(demo_store, count_calls, tmp_path):
    count_calls(bt_mod, "backtest")
    first = data.memo(pm.backtest_view)(newest_state())
    assert count_calls.calls == ["backtest"] and first is not None
    assert demo_store.computed_count() >= 1

    restart()
    again = data.memo(pm.backtest_view)(newest_state())
    assert count_calls.calls == ["backtest"]  # read from the store, not computed
    assert_same_view(again, first)
    assert_same_view(again, pm.backtest_view(newest_state()))  # = a fresh computation (counts one call)

    data.get_store().import_files(demo.generate(tmp_path / "d7", seed=7), user="test")
    restart()
    calls = len(count_calls.calls)
    changed = data.memo(pm.backtest_view)(newest_state())
    assert len(count_calls.calls) == calls + 1  # the import made it compute again
    assert_same_view(changed, pm.backtest_view(newest_state()))


@pytest.mark.slow  # the demo store and its back-test twice
@pytest.mark.parametrize("damage", [b"\x00kaputt", zlib.compress(b"kein pickle"), zlib.compress(b"")])
def test_a_damaged_kept_result_is_computed_again(demo_store, count_calls, damage):
    state = newest_state()
    fresh = pm.backtest_view(state)
    data.memo(pm.backtest_view)(state)
    con = sqlite3.connect(demo_store.path)
    con.execute("UPDATE computed SET payload = ? WHERE kind = ?", (damage, BACKTEST))
    con.commit()
    con.close()
    restart()
    count_calls(bt_mod, "backtest")
    got = data.memo(pm.backtest_view)(newest_state())
    assert count_calls.calls == ["backtest"]
    assert_same_view(got, fresh)


def test_calls_that_cannot_be_keyed_are_computed_not_kept():
    state = DataState(stand=dt.date(2026, 9, 30), revision=5)
    assert data.kept_key((state,), {}) is not None
    assert data.kept_key((state, object()), {}) is None  # an argument of an unknown type
    older = DataState(stand=state.stand, revision=state.revision - 1)
    assert data.kept_key((state, older), {}) is None  # states of two revisions
    assert data.kept_key((DataState(stand=state.stand),), {}) is None  # not read from the store
    assert data.kept_key(("x",), {}) is None  # no state at all: no revision to keep it under


@settings(max_examples=40)
@given(hst.recursive(hst.none() | hst.booleans() | hst.integers() | hst.text(max_size=5),
                     lambda inner: hst.lists(inner, max_size=3).map(tuple) | hst.dictionaries(hst.text(max_size=3),
                                                                                               inner, max_size=3),
                     max_leaves=8),
       hst.recursive(hst.none() | hst.booleans() | hst.integers() | hst.text(max_size=5),
                     lambda inner: hst.lists(inner, max_size=3).map(tuple), max_leaves=8))
def test_the_key_is_the_arguments(a, b):
    state = DataState(stand=dt.date(2026, 9, 30), revision=3)
    key_a, key_b = data.kept_key((state, a), {}), data.kept_key((state, b), {})
    assert key_a == data.kept_key((state, a), {}) and key_a[1] == 3
    assert (key_a == key_b) == (repr(a) == repr(b) and type(a) is type(b))
