"""After an import the new store revision is warmed in the background (issue #17: the council toggle and
the next page after an import found nothing built): ui.data.clear_caches starts the warm-up again."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from ankunft.storage import demo
from ankunft.storage import store as store_mod
from ankunft.storage.state import DataState
from ankunft.ui import data


def make_store(tmp_path: Path) -> str:
    path = str(tmp_path / "r.db")
    store_mod.Store(path).import_files(demo.generate(tmp_path / "demo"), user="test")
    return path


def reads_of(monkeypatch, fn) -> int:
    """How often the data is read (DataState.df) while ``fn`` runs: 0 = its result came from the cache."""
    calls = []
    original = DataState.df
    monkeypatch.setattr(DataState, "df", lambda self, key: calls.append(key) or original(self, key))
    try:
        fn()
    finally:
        monkeypatch.setattr(DataState, "df", original)
    return len(calls)


def serve(monkeypatch, tmp_path: Path, path: str) -> None:
    import streamlit as st

    monkeypatch.setenv("ANKUNFT_DB", path)
    monkeypatch.setenv("ANKUNFT_WARM_UP_DELAY", "0")
    monkeypatch.delenv("ANKUNFT_NO_WARM_UP", raising=False)
    monkeypatch.setattr(data, "serving", lambda: True)
    pages = tmp_path / "pages"
    pages.mkdir()
    (pages / "1.py").write_text("from ankunft.views import overview_view\n", encoding="utf-8")
    monkeypatch.setattr(data, "_PAGES_DIR", [str(pages)])
    st.cache_resource.clear()


@pytest.mark.slow  # a whole warm-up of the demo store (≈ 15 s)
def test_an_import_warms_the_new_revision_with_the_council_overview(tmp_path, monkeypatch):
    path = make_store(tmp_path)
    serve(monkeypatch, tmp_path, path)
    s = data._store(path)
    # an import: the demo exports once more with other numbers (a new revision, new snapshots)
    revision_before = s.revision()
    s.import_files(demo.generate(tmp_path / "demo2", seed=7), user="test")
    assert s.revision() != revision_before
    before = set(threading.enumerate())
    data.clear_caches()  # what the Daten page calls after the import
    started = [t for t in threading.enumerate() if t not in before and t.name == "ankunft-warm-up"]
    assert len(started) == 1
    started[0].join(120)
    assert not started[0].is_alive()
    newest = s.stichtage()[-1]
    state = data.load_state(newest)
    previous = data.load_previous(newest)
    # the Übersicht of the new Stand, in council mode and in working mode, is built already
    assert reads_of(monkeypatch, lambda: data.overview_model(state, previous, True)) == 0
    assert reads_of(monkeypatch, lambda: data.overview_model(state, previous, False)) == 0
    # held-out check that counting reads sees a build: an older Stand's council view was not warmed
    older = data.load_state(s.stichtage()[0])
    assert reads_of(monkeypatch, lambda: data.overview_model(older, data.load_previous(older.stand), True)) > 0


def test_no_rewarm_outside_a_server_or_when_switched_off(tmp_path, monkeypatch):
    serve(monkeypatch, tmp_path, str(tmp_path / "leer.db"))  # returns before the store is opened
    monkeypatch.setattr(data, "serving", lambda: False)
    assert data.rewarm() is None
    monkeypatch.setattr(data, "serving", lambda: True)
    monkeypatch.setenv("ANKUNFT_NO_WARM_UP", "1")
    assert data.rewarm() is None
    monkeypatch.setattr(data, "_PAGES_DIR", [])  # app.py never started the warm-up (AppTest)
    monkeypatch.setenv("ANKUNFT_NO_WARM_UP", "")
    assert data.rewarm() is None


@pytest.mark.slow  # two demo imports (≈ 3 s)
def test_a_warm_up_of_an_old_revision_stops_when_a_newer_import_arrives(tmp_path, monkeypatch):
    path = make_store(tmp_path)
    serve(monkeypatch, tmp_path, path)
    s = data._store(path)
    loaded = []
    original = data._state

    def state_then_import(p, stand_iso, revision):
        loaded.append(stand_iso)
        if len(loaded) == 1:  # while the first Stand is warmed, the officer imports again
            s.import_files(demo.generate(tmp_path / "demo3", seed=11), user="test")
        return original(p, stand_iso, revision)

    monkeypatch.setattr(data, "_state", state_then_import)
    monkeypatch.setattr(data, "page_models", lambda *a: [])
    from ankunft.ui import report_cache

    monkeypatch.setattr(report_cache, "warm", lambda *a: None)
    built = []
    monkeypatch.setattr(data, "overview_model", lambda state, previous, council: built.append(state.stand))
    data._warm(path, data._PAGES_DIR[0])
    days = s.stichtage()
    assert len(days) >= 2
    # the newest Stand of the old revision was being warmed; no older Stand follows it
    assert set(built) <= {days[-1]}, built
