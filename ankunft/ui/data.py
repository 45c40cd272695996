"""Cached access to the store. Pages read data only through these functions."""

from __future__ import annotations

import ast
import datetime as dt
import functools
import importlib
import logging
import os
import pickle
import sys
import threading
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import pandas as pd
import streamlit as st

from ankunft.storage import store as store_mod
from ankunft.storage.computed import code_version, kept_key
from ankunft.storage.faults import StoreError, StoreFault
from ankunft.storage.state import DataState

log = logging.getLogger("ankunft.warm_up")


@contextmanager
def store_guard() -> Iterator[None]:
    """The one guard for store faults on every page: a damaged file, a database from a newer
    release, a read-only file or a full disk ends in its German message (with the way out) and
    the run stops – never in Streamlit's English crash box. Used by the page frame around its data
    access and by app.py around the whole page."""
    try:
        yield
    except StoreError as exc:
        show_store_error(exc)
        st.stop()


def show_store_error(exc: StoreError) -> None:
    icon = ":material/database:" if isinstance(exc, StoreFault) else ":material/error:"
    st.error(str(exc), icon=icon)


def db_path() -> str:
    return store_mod.default_path()


@st.cache_resource(show_spinner=False)
def _store(path: str) -> "store_mod.Store":
    s = store_mod.Store(path)
    store_mod.ensure_demo(s)
    return s


def get_store() -> "store_mod.Store":
    """The store of this app process (one per database path); fills the demo on first use."""
    return _store(db_path())


# The DataStates are shared objects (cache_resource), not pickled copies (cache_data): one copy per Stand
# for all sessions instead of one per session and rerun (10 sessions on 50,000 stays held ten copies of
# each frame), and no unpickling on every rerun. Pages and view models only read them.
@st.cache_resource(show_spinner="Daten werden geladen …", max_entries=16)
def _state(path: str, stand_iso: str, revision: int) -> DataState:
    return _store(path).load_state(dt.date.fromisoformat(stand_iso))


@st.cache_resource(show_spinner=False, max_entries=16)
def _previous(path: str, stand_iso: str, revision: int) -> DataState | None:
    return _store(path).previous_state(_state(path, stand_iso, revision))


def load_state(stand: dt.date) -> DataState:
    """Datasets as of a Stand; cached per database, Stand and store revision (snapshot ids)."""
    s = get_store()
    return _state(db_path(), stand.isoformat(), s.revision())


def load_previous(stand: dt.date) -> DataState | None:
    s = get_store()
    return _previous(db_path(), stand.isoformat(), s.revision())


@st.cache_resource(show_spinner=False, max_entries=16)
def _history(path: str, dataset: str, stand_iso: str, revision: int) -> dict[dt.date, pd.DataFrame]:
    snaps = _store(path).list_snapshots()
    snaps = snaps[(snaps["dataset"] == dataset) & snaps["active"]
                  & (snaps["stichtag"] <= dt.date.fromisoformat(stand_iso))]
    latest = snaps.sort_values("id").groupby("stichtag")["id"].last()
    return {day: _store(path).load_frame(int(sid)) for day, sid in sorted(latest.items())}


def history(dataset: str, stand: dt.date) -> dict[dt.date, pd.DataFrame]:
    """One dataset's snapshots with Stichtag ≤ Stand (the newest per Stichtag), oldest first; cached."""
    return _history(db_path(), dataset, stand.isoformat(), get_store().revision())


def stichtage() -> list[dt.date]:
    return get_store().stichtage()


def earlier_states(stand: dt.date) -> list[DataState]:
    """Every stored Stand before ``stand``, oldest first, each cached like :func:`load_state` (the
    report's trends over all Stände)."""
    s = get_store()
    return [_state(db_path(), d.isoformat(), s.revision()) for d in sorted(s.stichtage()) if d < stand]


def clear_caches() -> None:
    """After an import or a deletion: the revision changes anyway; this frees memory early. Then the
    new revision is warmed in the background (:func:`rewarm`)."""
    _state.clear()
    _previous.clear()
    _history.clear()
    rewarm()


def env_flag(name: str) -> bool:
    return os.environ.get(name, "").strip().lower() in ("1", "true", "yes", "ja")


# A DataState is identified by its database, snapshots and Stand: hashing it is cheap, whatever its size.
# (The database path matters when one process serves several databases, e.g. tests: snapshot ids repeat.)
_HASH_FUNCS = {DataState: lambda s: (db_path(), s.snapshot_ids, s.stand.isoformat())}


# --- results kept in the store across restarts ------------------------------------------------------
# The results that take more than 0,5 s CPU on 50.000 stays and depend only on the stored data (and plain
# parameters): a server restart on an unchanged store reads them instead of computing them again
# (storage.computed; measured: back-test 0,7 s, council Übersicht 1,9 s, the Bericht's data 1,0 s and
# report 1,4 s – the rest of the warm-up is below 0,5 s each). tests/unit/ui/test_kept.py checks the names.
KEPT = (
    "ankunft.views.scenario_view.backtest_view",
    "ankunft.views.scenario_view.stand_backtest_view",
    "ankunft.views.overview_view.build",
    "ankunft.ui.report_cache.prepared",
    "ankunft.ui.report_cache.bundle",
)
_KEPT_WRAPPERS: dict = {}


def _kept_name(fn) -> str:
    return f"{fn.__module__}.{fn.__qualname__}"


def kept(fn):
    """``fn`` whose results are kept in the store (see :data:`KEPT`): a call first looks there (same
    arguments, revision and code), else computes and keeps the result. A kept result that cannot be read
    is computed again; a store that cannot keep it changes nothing. Other functions come back unchanged."""
    name = _kept_name(fn)
    if name not in KEPT:
        return fn
    if fn in _KEPT_WRAPPERS:
        return _KEPT_WRAPPERS[fn]

    @functools.wraps(fn)
    def run(*args, **kwargs):
        key = kept_key(args, kwargs)
        if key is None:
            return fn(*args, **kwargs)
        digest, revision = key
        store = get_store()
        payload = store.computed(name, digest, code_version(), revision)
        if payload is not None:
            try:
                return pickle.loads(payload)  # the app's own store (as trusted as the snapshots in it)
            except Exception:  # noqa: BLE001 - a damaged entry: computed again
                log.warning("Gespeichertes Ergebnis %s unlesbar, wird neu berechnet", name)
        result = fn(*args, **kwargs)
        try:
            store.keep_computed(name, digest, code_version(), revision, pickle.dumps(result, protocol=5))
        except Exception:  # noqa: BLE001 - not picklable: only not kept
            log.warning("Ergebnis %s nicht gespeichert", name, exc_info=True)
        return result

    _KEPT_WRAPPERS[fn] = run
    return run


def memo(fn):
    """Cache a pure domain function of (DataState, plain parameters) across reruns and sessions.

    Safe to share between sessions: a DataState only holds stored (imported) snapshots, never a
    session's uploaded-but-not-imported file. The result object itself is shared (cache_resource):
    every session and rerun gets the same object, no pickled copy (with 10 sessions the copies of
    view models, figures and export files were what filled the server's memory). Callers only read
    the result (pages are layout only; tests/unit/ui/test_warm_up.py checks the view builders leave
    their inputs unchanged).
    """
    return st.cache_resource(kept(fn), hash_funcs=_HASH_FUNCS, show_spinner=False, max_entries=64)


# --- warm-up ---------------------------------------------------------------------------------------
def page_modules(pages_dir: Path) -> list[str]:
    """The ankunft modules the page scripts import (read from their source, in file order): what a
    first visit of each page would otherwise import while the user waits (the LP solver, exports …)."""
    names: list[str] = []
    for path in sorted(Path(pages_dir).glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                found = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
            elif isinstance(node, ast.Import):
                found = [a.name for a in node.names]
            else:
                continue
            names += [n for n in found if n.split(".")[0] == "ankunft" and n not in names]
    return names


WARM_STEPS: list = []  # further first views of the newest Stand, registered by ui modules the pages import


def register_warm_step(step) -> None:
    """Add ``step(state, previous)`` to the warm-up of the newest Stand (once per step; the pages'
    modules are imported at the start of the warm-up, so a module registers itself on import)."""
    if step not in WARM_STEPS:
        WARM_STEPS.append(step)


def import_pages(pages_dir: Path) -> None:
    """Import what the page files import (their modules register their warm-up steps on import)."""
    for name in page_modules(Path(pages_dir)):
        try:
            importlib.import_module(name)
        except ImportError:  # "from package import function": the package is imported already
            pass


def _warm(path: str, pages_dir: str) -> None:
    """Import what the pages import and load every Stand of the store into the shared caches: the
    first visit of a page or a Stand then computes only its own figures. Runs in a daemon thread;
    a fault is logged (the page that needs the data shows its German message)."""
    try:
        import_pages(Path(pages_dir))
        s = _store(path)
        days, revision = s.stichtage(), s.revision()
        for k, day in enumerate(reversed(days)):  # newest first: the Stand the first view shows
            if s.revision() != revision:  # a newer import: its own warm-up (rewarm) takes over
                return
            state = _state(path, day.isoformat(), revision)
            previous = _previous(path, day.isoformat(), revision)
            if k == 0:
                page_models(state, previous, _history(path, "accommodations", day.isoformat(), revision))
            # the first page in council mode (its Ratsfassung) and after a change to an older Stand
            for council in ((False, True) if k == 0 else (False,)):
                overview_model(state, previous, council)
            if k == 0:  # e.g. the Bericht's first view (with the Szenarien page's back-tests), before older Stände
                for step in WARM_STEPS:
                    step(state, previous)
    except Exception:  # noqa: BLE001 - a warm-up never takes the app down
        log.exception("Vorwärmen der Daten fehlgeschlagen")


def page_models(state: DataState, previous: DataState | None, snapshots: dict) -> list[str]:
    """Build the working-mode view models of the pages Übersicht … Szenarien for a Stand with
    the pages' first choices (whole city, no filter, the saved focus area, default Kita rates, the
    first accommodation and area), through the same cached functions and arguments the pages use:
    their first visit then only draws. A builder that fails is logged and skipped (the page shows
    the error itself). Returns the names of the models built. tests/unit/ui/test_warm_up.py fails when
    a page changes its call and this one no longer matches it."""
    from ankunft.views import accommodations_view as av
    from ankunft.views import focus as focus_mod
    from ankunft.views import housing_view, overview_view, profile_view, services_view

    focus = focus_mod.parse(get_store().get_setting(focus_mod.SETTING))
    ids = list(focus.ids)
    rates = services_view.rates_from_percent(*services_view.rates_percent())
    steps = {
        "Übersicht": lambda: memo(overview_view.build)(state, previous, tuple(ids), None, False),
        "Unterkünfte": lambda: memo(av.build)(state, previous, av.Filters.of(None, [], [], []), False,
                                                     snapshots, focus_ids=tuple(ids)),
        "Wohnqualität": lambda: memo(housing_view.build)(state, previous, None, ids, False),
        "Soziale Infrastruktur": lambda: (memo(services_view.build_base)(state, previous, None, ids, False),
                                          memo(services_view.build_kita)(state, previous, None, ids, False, rates)),
        "Stadtteilprofil": lambda: memo(profile_view.profile_for)(state, profile_view.area_options()[0], ids,
                                                                  focus.label, False, previous=previous),
        "Szenarien": lambda: scenario_model(state),
    }
    built = []
    for name, step in steps.items():
        try:
            result = step()
            if name == "Unterkünfte" and result.names:  # the drill-down the tab opens first
                key = av.detail_key(list(result.names), None, None)
                memo(av.detail)(state, key, False, snapshots, previous=previous, focus_ids=tuple(ids))
            built.append(name)
        except Exception:  # noqa: BLE001 - the page itself reports its error
            log.exception("Vorwärmen der Seite %s fehlgeschlagen", name)
    return built


def overview_model(state: DataState, previous: DataState | None, council: bool):
    """The Übersicht's view model for a Stand as the page builds it without a district filter (the
    saved focus area), in working or council mode; None when it fails (logged; the page shows it)."""
    from ankunft.views import focus as focus_mod
    from ankunft.views import overview_view

    try:
        ids = focus_mod.parse(get_store().get_setting(focus_mod.SETTING)).ids
        return memo(overview_view.build)(state, previous, tuple(ids), None, council)
    except Exception:  # noqa: BLE001 - the page itself reports its error
        log.exception("Vorwärmen der Übersicht (Stand %s) fehlgeschlagen", state.stand)
        return None


def scenario_model(state: DataState):
    """The Szenarien page's first view for a Stand with the default inputs (start state from the stays,
    the default assumptions and tables, middle variant), through the page's cached calls; None when
    the page cannot simulate (it then shows why). The earliest months and the back-test are computed
    only when their expander is opened."""
    from ankunft.scenario.inputs import start_state_from
    from ankunft.views import scenario_controls as ctl
    from ankunft.views import scenario_saved as ssv
    from ankunft.views import scenario_view as pm

    if not state.has("accommodations"):
        return None
    start = memo(start_state_from)(state)
    if start.errors:
        return None
    defaults = pm.defaults_for(start)
    a = ctl.assumptions_from(defaults, ctl.widget_values(defaults), ctl.PlanInputs.of(defaults))
    return memo(pm.page_view)(start, a.to_json(), "mittel", False, ssv.CURRENT)


# The warm-up starts this long after the first script run: the browser is still drawing the first view
# then (plotly.js and the map, the grid, the tiles; ≈ 1,5 s of two cores on the 2-core machine), and
# a warm-up beside it took one of the two cores from the drawing. ANKUNFT_WARM_UP_DELAY overrides it.
WARM_UP_DELAY_S = 1.5


def warm_up_delay() -> float:
    try:
        return max(0.0, float(os.environ.get("ANKUNFT_WARM_UP_DELAY", WARM_UP_DELAY_S)))
    except ValueError:
        return WARM_UP_DELAY_S


def _warm_later(path: str, pages_dir: str, delay: float) -> None:
    time.sleep(delay)
    _warm(path, pages_dir)


@st.cache_resource(show_spinner=False)
def _warm_up_thread(path: str, pages_dir: str) -> threading.Thread:
    thread = threading.Thread(target=_warm_later, args=(path, pages_dir, warm_up_delay()), name="ankunft-warm-up",
                              daemon=True)
    thread.start()
    return thread


def serving() -> bool:
    """True under `streamlit run` (a real server runtime), False in AppTest (a mocked runtime)."""
    from streamlit.runtime import Runtime

    return Runtime.exists() and type(Runtime._instance) is Runtime  # noqa: SLF001


def limit_malloc_arenas(arenas: int = 2) -> bool:
    """glibc gives every thread that allocates its own malloc arena (up to 8 per core) and rarely
    returns their memory; Streamlit runs every script run in a new thread. With few arenas the
    freed memory of one session's run is reused by the next (like MALLOC_ARENA_MAX=2 in the
    environment). Linux/glibc only; elsewhere nothing happens. Returns whether it was applied."""
    import ctypes
    import ctypes.util

    name = ctypes.util.find_library("c")
    if not name or not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(name)
        return bool(libc.mallopt(-8, int(arenas)))  # M_ARENA_MAX
    except (OSError, AttributeError):  # musl or another libc without mallopt
        return False


_PAGES_DIR: list[str] = []  # the pages' folder, known once app.py started the warm-up


def warm_up(pages_dir: Path) -> None:
    """Once per server process and database (on the first script run): start the warm-up thread."""
    if serving() and not env_flag("ANKUNFT_NO_WARM_UP"):
        _PAGES_DIR[:] = [str(pages_dir)]
        _warm_up_thread(db_path(), str(pages_dir))


def rewarm() -> threading.Thread | None:
    """After an import or a deletion (a new store revision, the caches cleared): warm the new revision
    in the background as at the start – the Stände, the pages' first models and the Übersicht in
    council mode (its Ratsfassung) for the newest Stand – so the officer's next page and the council
    toggle find them built. Only under a server whose warm-up ran; returns the thread."""
    if not (_PAGES_DIR and serving()) or env_flag("ANKUNFT_NO_WARM_UP"):
        return None
    thread = threading.Thread(target=_warm_later, args=(db_path(), _PAGES_DIR[0], warm_up_delay()),
                              name="ankunft-warm-up", daemon=True)
    thread.start()
    return thread


@st.cache_resource(show_spinner=False)
def _arenas_limited() -> bool:
    return limit_malloc_arenas()


def limit_memory() -> None:
    """Once per server process: few malloc arenas (see :func:`limit_malloc_arenas`)."""
    if serving() and not env_flag("ANKUNFT_MALLOC_ARENAS_FREE"):
        _arenas_limited()
