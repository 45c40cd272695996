"""The embedded store (SQLite, standard library): snapshots, import log, settings, scenarios.

A *snapshot* is one dataset at one Stichtag: the canonical rows plus where they came from
(file, sheet, import time, importer, the validation report). The app's "Stand" X shows for each
dataset its latest snapshot at or before X (:meth:`Store.load_state`).

* Every import is one short write transaction: a failed or cancelled import changes nothing.
* Re-importing the same dataset and Stichtag replaces that snapshot (logged).
* Demo snapshots (``origin='demo'``) are never mixed with real ones (``origin='import'``): the
  first real import removes the demo, and while real snapshots exist only they are shown.
* The schema is versioned (``PRAGMA user_version``) and migrated step by step on open, so a later
  release opens an older database; a database from a *newer* release is refused.
* WAL journal, a busy timeout and one connection per operation: several processes may import
  while others read.

Rows are stored per snapshot as compressed column-wise JSON that records each column's dtype, so
canonical frames round-trip exactly (text ids with leading zeros, NA, dates, nullable booleans).

The parts: ``schema`` (migrations), ``codec`` (frame encoding), ``faults`` (the German store
faults: damaged, newer, read-only, full), ``base`` (connections, errors, the integrity check),
``importer`` (writing snapshots), ``snapshots`` (reading, listing, deleting), ``maintenance``
(backup, purge, settings, scenarios), ``computed`` (results kept across restarts) and ``demo_loader``
(the demo tables). This module puts
them together as :class:`Store` and is the one place other code imports them from.
"""

from __future__ import annotations

from pathlib import Path

from ankunft.storage.base import (
    BUSY_TIMEOUT_S,
    DEFAULT_DB,
    DEMO_DIR,
    ROOT,
    ImportCancelled,
    ImportRefused,
    default_path,
)
from ankunft.storage.codec import ENCODING, decode_frame, encode_frame
from ankunft.storage.computed import ComputedStore
from ankunft.storage.council_setting import CouncilSettingStore
from ankunft.storage.demo_loader import DEMO_USER, demo_files, demo_tables
from ankunft.storage.faults import (
    StoreDamaged,
    StoreError,
    StoreFault,
    StoreFull,
    StoreNewer,
    StoreReadOnly,
    StoreUnavailable,
    fault_of,
)
from ankunft.storage.importer import ImportingStore
from ankunft.storage.maintenance import MaintenanceStore
from ankunft.storage.schema import MIGRATIONS, ORIGINS, SCHEMA_VERSION
from ankunft.storage.snapshots import (
    ACTION_LABELS,
    FRESHNESS_LABELS,
    LOG_LABELS,
    ORIGIN_LABELS,
    SNAPSHOT_LABELS,
    SnapshotStore,
)

__all__ = [
    "ACTION_LABELS", "BUSY_TIMEOUT_S", "DEFAULT_DB", "DEMO_DIR", "DEMO_USER", "ENCODING", "FRESHNESS_LABELS",
    "LOG_LABELS", "MIGRATIONS", "ORIGINS", "ORIGIN_LABELS", "ROOT", "SCHEMA_VERSION", "SNAPSHOT_LABELS",
    "ImportCancelled", "ImportRefused", "Store", "StoreDamaged", "StoreError", "StoreFault", "StoreFull",
    "StoreNewer", "StoreReadOnly", "StoreUnavailable", "decode_frame", "default_path", "demo_files",
    "encode_frame", "ensure_demo", "fault_of",
]


class Store(ImportingStore, SnapshotStore, MaintenanceStore, CouncilSettingStore, ComputedStore):
    """The SQLite store. Cheap to create; opens one connection per operation."""


def ensure_demo(store: Store, demo_dir: Path | str | None = None, now=None, cache: bool = True) -> list[int]:
    """Fill an EMPTY store with the demo exports, read through the real import pipeline (origin 'demo').

    Does nothing (returns []) when the store holds any snapshot; safe if two processes race.
    Returns the new snapshot ids.
    """
    if store.has_snapshots():
        return []
    files = demo_files(demo_dir)
    if not files:
        return []
    tables = demo_tables(files, cache)
    return store.import_tables(tables, user=DEMO_USER, now=now, origin="demo", only_if_empty=True)
