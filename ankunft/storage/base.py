"""The store's foundation: where the database lives, its errors, and :class:`StoreBase` (one
connection per operation, short transactions, schema migration on open, the revision counter and
the import log).

WAL journal, a busy timeout and one connection per operation: several processes may import
while others read. A database from a *newer* release is refused.
"""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
import uuid
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterator

import pandas as pd

from ankunft.core import clock
from ankunft.storage.schema import MIGRATIONS, SCHEMA_VERSION

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_DB = ROOT / "data" / "ankunft.db"
DEMO_DIR = ROOT / "data" / "demo"
BUSY_TIMEOUT_S = 30.0


def default_path() -> str:
    """Database path: env ``ANKUNFT_DB``, else ``data/ankunft.db`` (git-ignored)."""
    return os.environ.get("ANKUNFT_DB") or str(DEFAULT_DB)


class StoreError(Exception):
    """A store operation that cannot be done; the message is German and meant for the user."""


class ImportRefused(StoreError):
    """An import that was refused before anything was written (blocking errors, no Stichtag …)."""


class ImportCancelled(StoreError):
    """An import cancelled through the progress callback; nothing was written."""


def as_date(value) -> dt.date:
    """A Stichtag given as date, datetime, Timestamp or ISO text; anything else is refused."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, pd.Timestamp):
        return value.date()
    if isinstance(value, str):
        return dt.date.fromisoformat(value.strip()[:10])
    raise ImportRefused("Kein gültiger Stichtag angegeben.")


def resolve_now(now) -> dt.datetime:
    """"Now" for bookkeeping: a datetime, a date, a callable returning one, or None (the wall clock)."""
    if now is None:
        return clock.wall_clock()
    if callable(now):
        now = now()
    if isinstance(now, dt.datetime):
        return now.replace(microsecond=0)
    if isinstance(now, dt.date):
        return dt.datetime.combine(now, dt.time())
    raise TypeError("now must be a datetime, a date or a callable")


class StoreBase:
    """Connections, transactions, migration, the revision counter and the log; the store's parts
    (import, snapshots, maintenance) build on it."""

    def __init__(self, path: str | os.PathLike | None = None, *, now: Callable[[], dt.datetime] | None = None):
        self.path = str(path) if path is not None else default_path()
        self._now = now
        Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        self._migrate()
        with self._read() as con:
            self.uid = con.execute("SELECT value FROM meta WHERE key = 'uid'").fetchone()[0]

    # -- connections ------------------------------------------------------------------------
    def _connect(self) -> sqlite3.Connection:
        con = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_S, isolation_level=None, check_same_thread=False)
        con.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
        con.execute("PRAGMA foreign_keys = ON")
        con.execute("PRAGMA synchronous = NORMAL")
        return con

    @contextmanager
    def _read(self) -> Iterator[sqlite3.Connection]:
        con = self._connect()
        try:
            con.execute("BEGIN")
            yield con
            con.execute("COMMIT")
        finally:
            if con.in_transaction:
                con.execute("ROLLBACK")
            con.close()

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """One short write transaction; any exception rolls everything back."""
        con = self._connect()
        try:
            con.execute("BEGIN IMMEDIATE")
            yield con
            con.execute("COMMIT")
        except BaseException:
            if con.in_transaction:
                con.execute("ROLLBACK")
            raise
        finally:
            con.close()

    def _migrate(self) -> None:
        con = self._connect()
        try:
            mode = con.execute("PRAGMA journal_mode").fetchone()[0]
            if str(mode).lower() != "wal":
                con.execute("PRAGMA journal_mode = WAL")
            version = con.execute("PRAGMA user_version").fetchone()[0]
            if version > SCHEMA_VERSION:
                raise StoreError(
                    f"Die Datenbank {self.path} stammt aus einer neueren Version von Ankunft "
                    f"(Schema {version}, diese Version kennt {SCHEMA_VERSION}). Bitte die Anwendung aktualisieren.")
            if version == SCHEMA_VERSION:
                return
            con.execute("BEGIN IMMEDIATE")
            try:
                version = con.execute("PRAGMA user_version").fetchone()[0]  # another process may have won
                for step in range(version, SCHEMA_VERSION):
                    for stmt in MIGRATIONS[step]:
                        con.execute(stmt)
                    con.execute(f"PRAGMA user_version = {step + 1}")
                con.execute("INSERT OR IGNORE INTO meta (key, value) VALUES ('uid', ?)", (uuid.uuid4().hex,))
                con.execute("INSERT OR IGNORE INTO meta (key, value) VALUES ('revision', '0')")
                con.execute("COMMIT")
            except BaseException:
                if con.in_transaction:
                    con.execute("ROLLBACK")
                raise
        finally:
            con.close()

    def schema_version(self) -> int:
        with self._read() as con:
            return con.execute("PRAGMA user_version").fetchone()[0]

    @staticmethod
    def _bump(con: sqlite3.Connection) -> None:
        con.execute("UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'revision'")

    def revision(self) -> int:
        """A counter that changes whenever snapshots change (cache key for the UI)."""
        with self._read() as con:
            return int(con.execute("SELECT value FROM meta WHERE key = 'revision'").fetchone()[0])

    def _stamp(self, now=None) -> str:
        return resolve_now(now if now is not None else self._now).isoformat(sep=" ")

    @staticmethod
    def _log(con, at: str, user: str | None, action: str, *, dataset=None, stichtag=None, snapshot_id=None,
             file_name=None, rows=None, detail: str = "") -> None:
        con.execute(
            "INSERT INTO import_log (at, user, action, dataset, stichtag, snapshot_id, file_name, rows, detail) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (at, user, action, dataset, stichtag, snapshot_id, file_name, rows, detail))

