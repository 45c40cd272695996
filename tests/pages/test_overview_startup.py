"""The first view after the start (issue #17, < 3 s): `streamlit run app.py` serves the ``st.App`` that
app.py names when imported as a module, and its lifespan prepares the first view's store, Stand and
Übersicht model in the caches the page reads. The first page run then loads and computes nothing."""

from __future__ import annotations

import asyncio
import concurrent.futures
import importlib.util
import random
import sys
from pathlib import Path

import pytest
import streamlit as st
from streamlit.web.server.app_discovery import discover_asgi_app

from ankunft.core import reference
from ankunft.indicators import overview as ov_mod
from ankunft.storage import store as store_mod
from ankunft.ui import frame, startup
from tests.pages.conftest import ROOT, no_exception, open_page


def _import_app_module(name: str):
    spec = importlib.util.spec_from_file_location(name, ROOT / "app.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    try:
        spec.loader.exec_module(module)
    finally:
        sys.modules.pop(name, None)
    return module


def test_streamlit_run_serves_the_app_with_the_start_hook(monkeypatch):
    found = discover_asgi_app(ROOT / "app.py")
    assert found.is_asgi_app and found.import_string == "app:app"

    def no_page(*args, **kwargs):  # imported as the server, app.py draws nothing
        raise AssertionError("Seitencode beim Import als Server ausgeführt")

    for name in ("navigation", "set_page_config", "Page"):
        monkeypatch.setattr(st, name, no_page)
    module = _import_app_module("app")
    assert isinstance(module.app, st.App)
    assert Path(module.app.script_path) == ROOT / "app.py"
    assert module.app._user_lifespan is startup.lifespan  # noqa: SLF001 - the hook the server runs


def _saved_focus(seed: int) -> list[str]:
    """A focus area the page code was not written with (seeded choice), saved in the store."""
    ids = sorted(random.Random(seed).sample([d.id for d in reference.DISTRICTS], 3))
    frame.save_focus(ids, "Testgebiet")
    return ids


@pytest.mark.parametrize("seed", [3, 29])
def test_after_the_start_hook_the_first_view_loads_and_computes_nothing(demo_db, count_calls, seed):
    st.cache_resource.clear()
    _saved_focus(seed)
    count_calls(ov_mod, "inputs")  # the Übersicht's computation from the frames
    count_calls(store_mod.Store, "load_state")  # a Stand read from SQLite
    # in its own thread: a session-wide playwright of another test may own this thread's event loop
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        pool.submit(asyncio.run, _run_lifespan()).result()
    assert {"inputs", "load_state"} <= set(count_calls.calls)  # the hook did the work …
    count_calls.calls.clear()
    at = open_page("uebersicht", timeout=120)
    no_exception(at)
    assert at.title[0].value == "Übersicht" and at.metric
    assert count_calls.calls == []  # … so the first page run only draws


async def _run_lifespan() -> None:
    async with startup.lifespan(None):
        pass


def test_the_start_hook_never_stops_the_server(tmp_path, monkeypatch):
    st.cache_resource.clear()
    damaged = tmp_path / "kaputt.db"
    damaged.write_bytes(b"keine SQLite-Datei " * 200)
    monkeypatch.setenv("ANKUNFT_DB", str(damaged))
    assert startup.prepare() == []  # logged; the page shows the German message on the first view
    st.cache_resource.clear()
    monkeypatch.setenv("ANKUNFT_DB", str(tmp_path / "neu.db"))  # a new store: the demo is filled
    assert startup.prepare() == ["Datenbank", "Stand", "Übersicht", "Unterkünfte", "Wohnqualität",
                                 "Soziale Infrastruktur", "Stadtteilprofil", "Szenarien"]
