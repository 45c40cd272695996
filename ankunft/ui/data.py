"""Cached access to the store. Pages read data only through these functions."""

from __future__ import annotations

import datetime as dt
import os
from contextlib import contextmanager
from typing import Iterator

import pandas as pd
import streamlit as st

from ankunft.storage import store as store_mod
from ankunft.storage.faults import StoreError, StoreFault
from ankunft.storage.state import DataState


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


@st.cache_data(show_spinner="Daten werden geladen …", max_entries=32)
def _state(path: str, stand_iso: str, revision: int) -> DataState:
    return _store(path).load_state(dt.date.fromisoformat(stand_iso))


@st.cache_data(show_spinner=False, max_entries=32)
def _previous(path: str, stand_iso: str, revision: int) -> DataState | None:
    s = _store(path)
    return s.previous_state(s.load_state(dt.date.fromisoformat(stand_iso)))


def load_state(stand: dt.date) -> DataState:
    """Datasets as of a Stand; cached per database, Stand and store revision (snapshot ids)."""
    s = get_store()
    return _state(db_path(), stand.isoformat(), s.revision())


def load_previous(stand: dt.date) -> DataState | None:
    s = get_store()
    return _previous(db_path(), stand.isoformat(), s.revision())


@st.cache_data(show_spinner=False, max_entries=32)
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


def clear_caches() -> None:
    """After an import or a deletion: the revision changes anyway; this frees memory early."""
    _state.clear()
    _previous.clear()
    _history.clear()


def env_flag(name: str) -> bool:
    return os.environ.get(name, "").strip().lower() in ("1", "true", "yes", "ja")


# A DataState is identified by its database, snapshots and Stand: hashing it is cheap, whatever its size.
# (The database path matters when one process serves several databases, e.g. tests: snapshot ids repeat.)
_HASH_FUNCS = {DataState: lambda s: (db_path(), s.snapshot_ids, s.stand.isoformat())}


def memo(fn):
    """Cache a pure domain function of (DataState, plain parameters) across reruns and sessions.

    Safe to share between sessions: a DataState only holds stored (imported) snapshots, never a
    session's uploaded-but-not-imported file.
    """
    return st.cache_data(fn, hash_funcs=_HASH_FUNCS, show_spinner=False, max_entries=64)


def memo_shared(fn):
    """Like :func:`memo`, but the result object itself is kept and handed out (no pickled copy per
    rerun): for view models holding plotly figures, which are slow to unpickle. Read-only use only."""
    return st.cache_resource(fn, hash_funcs=_HASH_FUNCS, show_spinner=False, max_entries=64)
