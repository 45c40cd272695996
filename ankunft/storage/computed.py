"""Results computed from the stored data, kept in the store so that a server restart on an unchanged
store does not compute them again (the back-test, the council Übersicht, the Bericht's report).

One row per (kind, key): the payload (bytes; what they mean is the caller's business), the version of
the computation that made it and the store revision it was computed from. A row counts only while both
still hold: every change of the stored data (import, deletion, purge, council threshold) moves the
revision on and empties the table in the same transaction (:meth:`StoreBase._bump`), and a new
release or changed code brings another version. Nothing the officer stored is touched; a row that
cannot be read is simply not there (the caller computes again), and a full or read-only disk only
means nothing is kept.
"""

from __future__ import annotations

import sqlite3
import zlib

from ankunft.storage.base import StoreBase
from ankunft.storage.faults import StoreError


class ComputedStore(StoreBase):
    """Keep and find computed results (see the module's docstring)."""

    def computed(self, kind: str, key: str, version: str, revision: int) -> bytes | None:
        """The payload kept for ``(kind, key)`` when ``version`` computed it from ``revision`` and that is
        still the store's revision, else None (also when the row is damaged or the store cannot be read)."""
        try:
            with self._read() as con:
                now = self._revision_on(con)
                row = con.execute("SELECT version, revision, payload FROM computed WHERE kind = ? AND key = ?",
                                  (kind, key)).fetchone()
        except (StoreError, sqlite3.Error):
            return None
        if row is None or row[0] != version or not int(row[1]) == int(revision) == now:
            return None
        try:
            return zlib.decompress(row[2])
        except (zlib.error, TypeError):
            return None

    def keep_computed(self, kind: str, key: str, version: str, revision: int, payload: bytes) -> bool:
        """Keep ``payload`` for ``(kind, key)``, computed by ``version`` from ``revision``; only while that
        is still the store's revision (an import during the computation: nothing is kept). Returns
        whether it was kept; a store that cannot be written keeps nothing and raises nothing."""
        try:
            with self._write() as con:
                if self._revision_on(con) != int(revision):
                    return False
                con.execute("INSERT OR REPLACE INTO computed (kind, key, version, revision, computed_at, payload) "
                            "VALUES (?, ?, ?, ?, ?, ?)",
                            (kind, key, version, int(revision), self._stamp(), zlib.compress(payload, 1)))
            return True
        except (StoreError, sqlite3.Error):
            return False

    def computed_count(self) -> int:
        """How many results are kept (any version)."""
        with self._read() as con:
            return int(con.execute("SELECT COUNT(*) FROM computed").fetchone()[0])
