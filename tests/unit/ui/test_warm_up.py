"""The warm-up of ui.data (issue #17: the first visit of a page or a Stand imported modules and loaded
snapshots while the user waited): which modules it imports, that it fills the shared Stand caches,
that a store fault is only logged, and that AppTest never starts it."""

from __future__ import annotations

import ast
import logging
import textwrap
from pathlib import Path

import pytest

from ankunft.storage import demo
from ankunft.storage import store as store_mod
from ankunft.ui import data

ROOT = Path(__file__).resolve().parents[3]


def write_pages(tmp_path: Path, sources: dict[str, str]) -> Path:
    pages = tmp_path / "pages"
    pages.mkdir()
    for name, text in sources.items():
        (pages / name).write_text(textwrap.dedent(text), encoding="utf-8")
    return pages


def test_page_modules_follow_the_import_statements(tmp_path):
    pages = write_pages(tmp_path, {
        "2_b.py": """
            import json
            import ankunft.plots.maps
            from ankunft.views import overview_view as vv, common
            def later():
                from ankunft.export.xlsx import build  # imported inside a function: still needed
            """,
        "1_a.py": "from ankunft.core import fmt\nfrom . import sibling\nimport streamlit as st\n",
    })
    assert data.page_modules(pages) == [
        "ankunft.core", "ankunft.core.fmt",  # 1_a first (file order); relative and foreign imports ignored
        "ankunft.plots.maps", "ankunft.views", "ankunft.views.overview_view", "ankunft.views.common",
        "ankunft.export.xlsx", "ankunft.export.xlsx.build"]


def test_page_modules_of_the_real_pages_cover_every_ankunft_import():
    """Held out: every `ankunft` module a page names, read independently with a regex-free walk of the
    top-level statements only, is in the list (the function also walks nested imports)."""
    names = data.page_modules(ROOT / "app_pages")
    for path in (ROOT / "app_pages").glob("*.py"):
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("ankunft"):
                assert node.module in names, (path.name, node.module)
    assert "ankunft.plots.maps" in names and "ankunft.ui.report_cache" in names  # it imports the exporters


def make_store(tmp_path: Path) -> str:
    path = str(tmp_path / "w.db")
    s = store_mod.Store(path)
    s.import_files(demo.generate(tmp_path / "demo"), user="test")
    return path


def test_warm_fills_every_stand(tmp_path):
    path = make_store(tmp_path)
    data.clear_caches()
    data._store.clear()
    pages = write_pages(tmp_path, {"1.py": "from ankunft.views import overview_view\n"})
    data._warm(path, str(pages))
    s = data._store(path)
    days = s.stichtage()
    assert len(days) >= 2
    # every Stand now comes from the cache: the loader is not called again
    calls = []
    original = store_mod.Store.load_state
    store_mod.Store.load_state = lambda self, stand: calls.append(stand) or original(self, stand)
    try:
        for day in days:
            state = data._state(path, day.isoformat(), s.revision())
            assert state.stand == day
    finally:
        store_mod.Store.load_state = original
    assert calls == []


def test_warm_logs_a_store_fault_instead_of_raising(tmp_path, caplog):
    broken = tmp_path / "kaputt.db"
    broken.write_bytes(b"keine Datenbank" * 100)
    pages = write_pages(tmp_path, {"1.py": "import ankunft.core.fmt\n"})
    data._store.clear()
    with caplog.at_level(logging.ERROR, logger="ankunft.warm_up"):
        data._warm(str(broken), str(pages))
    assert any("Vorwärmen" in r.getMessage() for r in caplog.records)


def test_warm_up_does_not_start_outside_a_server(monkeypatch, tmp_path):
    started = []
    monkeypatch.setattr(data, "_warm_up_thread", lambda *a: started.append(a))
    data.warm_up(tmp_path)  # plain pytest: no Streamlit runtime
    assert not data.serving() and started == []


@pytest.mark.parametrize("flag", ["1", "ja"])
def test_warm_up_can_be_switched_off(monkeypatch, tmp_path, flag):
    started = []
    monkeypatch.setattr(data, "serving", lambda: True)
    monkeypatch.setattr(data, "_warm_up_thread", lambda *a: started.append(a))
    monkeypatch.setenv("ANKUNFT_NO_WARM_UP", flag)
    data.warm_up(tmp_path)
    assert started == []
    monkeypatch.setenv("ANKUNFT_NO_WARM_UP", "")
    data.warm_up(tmp_path)
    assert len(started) == 1


def frames_of(state) -> dict:
    return {key: view.df.copy(deep=True) for key, view in state.views.items()}


@pytest.mark.parametrize("council", [False, True])
def test_view_models_leave_the_shared_state_unchanged(tmp_path, council):
    """ui.data hands every session the same DataState object (cache_resource): building the page view
    models (as the pages call them, in both modes, with a district filter) must not change its frames."""
    import pandas as pd

    from ankunft.scenario.inputs import start_state_from
    from ankunft.views import accommodations_view as av
    from ankunft.views import housing_view, overview_view, profile_view, services_view

    s = store_mod.Store(make_store(tmp_path))
    days = s.stichtage()
    state = s.load_state(days[-1])
    previous = s.previous_state(state)
    before = frames_of(state)
    before_prev = frames_of(previous)
    focus = ["09", "11"]
    for districts in (None, ["09", "03"]):
        overview_view.build(state, previous, tuple(focus), districts, council)
        housing_view.build(state, previous, districts, focus, council)
        services_view.build_base(state, previous, districts, focus, council)
        services_view.build_kita(state, previous, districts, focus, council)
        view = av.build(state, previous, av.Filters.of(districts), council, {})
        keys = list(state.df("accommodations")["id"].dropna().astype(str))[:2]
        for key in keys:
            av.detail(state, key, council, {})
    profile_view.profile_for(state, "09", focus, "Fokus", council)
    start_state_from(state)
    assert view is not None
    for key, df in frames_of(state).items():
        pd.testing.assert_frame_equal(df, before[key], obj=f"{key} nach den Seitenmodellen")
    for key, df in frames_of(previous).items():
        pd.testing.assert_frame_equal(df, before_prev[key], obj=f"{key} (voriger Stand)")


def test_malloc_arenas_limited_on_glibc_only_inside_a_server(monkeypatch):
    import platform

    if platform.system() == "Linux" and platform.libc_ver()[0] == "glibc":
        assert data.limit_malloc_arenas(2) is True
    applied = []
    monkeypatch.setattr(data, "_arenas_limited", lambda: applied.append(1))
    data.limit_memory()  # plain pytest: no server
    assert applied == []
    monkeypatch.setattr(data, "serving", lambda: True)
    data.limit_memory()
    monkeypatch.setenv("ANKUNFT_MALLOC_ARENAS_FREE", "1")
    data.limit_memory()
    assert applied == [1]


PAGE_FILES = {"Übersicht": "app_pages/1_uebersicht.py", "Unterkünfte": "app_pages/2_unterkuenfte.py",
              "Wohnqualität": "app_pages/3_wohnqualitaet.py", "Soziale Infrastruktur": "app_pages/4_infrastruktur.py",
              "Stadtteilprofil": "app_pages/5_stadtteilprofil.py"}


def df_calls_of_first_visit(monkeypatch, page: str) -> int:
    """How often the data is read (DataState.df, whatever module calls it) while a page runs its
    first visit in a new session: the view builders read it dozens of times, the page itself a few."""
    from streamlit.testing.v1 import AppTest

    from ankunft.storage.state import DataState

    calls = []
    original = DataState.df
    monkeypatch.setattr(DataState, "df", lambda self, key: calls.append(key) or original(self, key))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.run()
    if page != "Übersicht":
        calls.clear()
        at.switch_page(PAGE_FILES[page])
        at.run()
    assert not at.exception, [e.value for e in at.exception]
    monkeypatch.setattr(DataState, "df", original)
    return len(calls)


@pytest.mark.parametrize("page", list(PAGE_FILES))
def test_warmed_pages_only_draw_on_their_first_visit(tmp_path, monkeypatch, page):
    """After the warm-up the first visit of pages 1–5 finds its view model in the cache (the builders
    do not run): measured against a first visit with cold caches in the same store."""
    path = make_store(tmp_path)
    monkeypatch.setenv("ANKUNFT_DB", path)
    for fn in (data._store, data._state, data._previous, data._history):
        fn.clear()
    import streamlit as st

    st.cache_resource.clear()
    cold = df_calls_of_first_visit(monkeypatch, page)
    st.cache_resource.clear()
    data._warm(path, str(ROOT / "app_pages"))
    warm = df_calls_of_first_visit(monkeypatch, page)
    # cold: the builders read the data (1–18 times per page); warm: at most the page's own read
    # (Unterkünfte's filter choices), the builders did not run
    assert cold > warm and warm <= 1, (page, cold, warm)


@pytest.mark.slow
def test_warmed_szenarien_first_visit_does_not_simulate(tmp_path, monkeypatch, count_calls):
    """After the warm-up the first Szenarien visit with the default inputs finds its start state and its
    simulations (verdict, tiles, six charts) in the cache: neither builder runs again. A held-out
    check that the warm-up derives the page's first inputs exactly as the page does."""
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    from ankunft.scenario import inputs
    from ankunft.views import scenario_view as pm

    path = make_store(tmp_path)
    monkeypatch.setenv("ANKUNFT_DB", path)
    st.cache_resource.clear()
    counting, calls = count_calls, count_calls.calls
    counting(pm, "page_view")
    counting(inputs, "start_state_from")  # the page imports it by name on every run: it gets the wrapper
    data._warm(path, str(ROOT / "app_pages"))
    assert calls == ["start_state_from", "page_view"]
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.run()
    at.switch_page("app_pages/6_szenarien.py")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert calls == ["start_state_from", "page_view"], calls  # nothing simulated on the visit
    at.select_slider(key="sz_arrivals_mittel").set_value(20.0)
    at.run()
    assert calls[-1] == "page_view"  # a changed input does simulate (the counter sees the page's calls)


@pytest.mark.slow
def test_warmed_council_toggle_and_older_stand_do_not_rebuild_the_uebersicht(tmp_path, monkeypatch):
    """The warm-up builds the Übersicht in council mode (its Ratsfassung: the LP audit) and for every
    older Stand: switching council mode on, and choosing an older Stand, then only draws. Each Stand
    is tried, so the test does not depend on which Stand the demo has data for."""
    import functools

    import streamlit as st
    from streamlit.testing.v1 import AppTest

    from ankunft.views import overview_view

    path = make_store(tmp_path)
    monkeypatch.setenv("ANKUNFT_DB", path)
    st.cache_resource.clear()
    calls: list[tuple] = []
    original = overview_view.build

    @functools.wraps(original)
    def counting(state, previous, focus_ids, district_ids, council):
        calls.append((state.stand, council))
        return original(state, previous, focus_ids, district_ids, council)

    monkeypatch.setattr(overview_view, "build", counting)
    data._warm(path, str(ROOT / "app_pages"))
    days = data._store(path).stichtage()
    assert sorted(calls, key=str) == sorted([(d, False) for d in days] + [(days[-1], True)], key=str)
    calls.clear()
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.run()
    at.session_state["council_mode"] = True
    at.run()
    at.session_state["council_mode"] = False
    at.run()
    for day in days[::-1]:
        at.session_state["stand"] = day
        at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert calls == []
