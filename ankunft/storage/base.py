"""The store's foundation: where the database lives, its errors, and :class:`StoreBase` (one
connection per operation, short transactions, schema migration on open, the revision counter and
the import log).

WAL journal, a busy timeout and one connection per operation: several processes may import
while others read. A database from a *newer* release is refused. Every SQLite or file-system error
becomes a German :class:`~ankunft.storage.faults.StoreFault` (damaged, newer, read-only, full); the
file is checked (``PRAGMA quick_check``) when it is opened, before a backup and before an import,
so nothing is copied from or written into a damaged store. ``secure_delete`` is on for every
connection: deleted snapshots are overwritten, not just unlinked.
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
from ankunft.storage.faults import StoreDamaged, StoreError, StoreNewer, fault_of

__all__ = ["StoreError"]  # re-exported: the store's errors are imported from here by older code
from ankunft.storage.schema import MIGRATIONS, SCHEMA_VERSION

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_DB = ROOT / "data" / "ankunft.db"
DEMO_DIR = ROOT / "data" / "demo"
BUSY_TIMEOUT_S = 30.0


def default_path() -> str:
    """Database path: env ``ANKUNFT_DB``, else ``data/ankunft.db`` (git-ignored)."""
    return os.environ.get("ANKUNFT_DB") or str(DEFAULT_DB)


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
        with self._faults():
            Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        self._migrate()  # refuses a newer or damaged file before changing anything
        with self._read() as con:
            row = con.execute("SELECT value FROM meta WHERE key = 'uid'").fetchone()
        if row is None:
            raise StoreDamaged(self.path, "Kennung der Datenbank fehlt")
        self.uid = row[0]

    # -- connections ------------------------------------------------------------------------
    @contextmanager
    def _faults(self) -> Iterator[None]:
        """Turn SQLite and file-system errors into German store faults (StoreErrors pass unchanged)."""
        try:
            yield
        except StoreError:
            raise
        except (sqlite3.Error, OSError) as exc:
            raise fault_of(exc, self.path) from exc

    def _connect(self) -> sqlite3.Connection:
        with self._faults():
            con = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_S, isolation_level=None, check_same_thread=False)
            try:
                con.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
                con.execute("PRAGMA foreign_keys = ON")
                con.execute("PRAGMA synchronous = NORMAL")
                con.execute("PRAGMA secure_delete = ON")
            except BaseException:
                con.close()
                raise
        return con

    @staticmethod
    def _rollback(con: sqlite3.Connection) -> None:
        try:
            if con.in_transaction:
                con.execute("ROLLBACK")
        except sqlite3.Error:  # a failed rollback (damaged file, full disk): SQLite rolls back on close
            pass

    @contextmanager
    def _read(self) -> Iterator[sqlite3.Connection]:
        con = self._connect()
        try:
            with self._faults():
                con.execute("BEGIN")
                yield con
                con.execute("COMMIT")
        finally:
            self._rollback(con)
            con.close()

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """One short write transaction; any exception rolls everything back."""
        con = self._connect()
        try:
            with self._faults():
                con.execute("BEGIN IMMEDIATE")
                yield con
                con.execute("COMMIT")
        finally:
            self._rollback(con)
            con.close()

    def check(self, con: sqlite3.Connection) -> None:
        """``PRAGMA quick_check``: raise :class:`StoreDamaged` unless the file is intact."""
        with self._faults():
            found = [r[0] for r in con.execute("PRAGMA quick_check").fetchall()]
        if found != ["ok"]:
            raise StoreDamaged(self.path, f"Integritätsprüfung: {len(found)} Befund(e)")

    def _migrate(self) -> None:
        con = self._connect()
        try:
            with self._faults():
                self._migrate_on(con)
        finally:
            con.close()

    def _migrate_on(self, con: sqlite3.Connection) -> None:
        # read-only checks first: a newer or damaged file is left byte for byte as it is
        version = con.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise StoreNewer(self.path, version, SCHEMA_VERSION)
        self.check(con)
        mode = con.execute("PRAGMA journal_mode").fetchone()[0]
        if str(mode).lower() != "wal":
            con.execute("PRAGMA journal_mode = WAL")
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
            self._rollback(con)
            raise

    def schema_version(self) -> int:
        with self._read() as con:
            return con.execute("PRAGMA user_version").fetchone()[0]

    @staticmethod
    def _bump(con: sqlite3.Connection) -> None:
        """The stored data changed (in this transaction): a new revision; the results computed from the
        old one (:mod:`ankunft.storage.computed`) are deleted with it (and overwritten: secure_delete)."""
        con.execute("UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'revision'")
        con.execute("DELETE FROM computed")

    def revision(self) -> int:
        """A counter that changes whenever snapshots change (cache key for the UI)."""
        with self._read() as con:
            return self._revision_on(con)

    @staticmethod
    def _revision_on(con: sqlite3.Connection) -> int:
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

