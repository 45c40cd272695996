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

import datetime as dt
import functools
import hashlib
import sqlite3
import sys
import zlib
from pathlib import Path

from ankunft.storage.base import StoreBase
from ankunft.storage.faults import StoreError
from ankunft.storage.state import DataState


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


# --- keys and versions of kept results ------------------------------------------------------------
class _NotKept(Exception):
    """An argument without a stable key (the result is computed, not kept)."""


def _key_part(value, revisions: set):
    if isinstance(value, DataState):
        revisions.add(value.revision)
        return ("DataState", value.stand.isoformat(), value.snapshot_ids)
    if value is None or isinstance(value, (bool, int, float, str, dt.date)):
        return value
    if isinstance(value, (tuple, list)):
        return (type(value).__name__, tuple(_key_part(v, revisions) for v in value))
    if isinstance(value, dict):
        return ("dict", tuple((repr(k), _key_part(v, revisions)) for k, v in value.items()))
    raise _NotKept(type(value).__name__)


def kept_key(args: tuple, kwargs: dict) -> tuple[str, int] | None:
    """(key, revision) of a call: the arguments (a DataState by its Stand and snapshots) hashed, and the
    store revision its DataStates were read at; None when a call cannot be kept (an argument of another
    type, states of different revisions or not read from the store)."""
    revisions: set = set()
    try:
        parts = (_key_part(tuple(args), revisions), _key_part(sorted(kwargs.items()), revisions))
    except _NotKept:
        return None
    if len(revisions) != 1 or None in revisions:
        return None
    return hashlib.sha256(repr(parts).encode("utf-8")).hexdigest(), int(next(iter(revisions)))


@functools.cache
def code_version() -> str:
    """The version of the computations: a hash of the package's source, the Python version and the version
    of every installed distribution (a kept result of other code is never used: also not after an upgrade
    of highspy, whose HiGHS solves the disclosure auditor's programmes, or of python-pptx, which writes the
    report)."""
    from importlib import metadata

    libraries = ((str(d.metadata["Name"] or ""), str(d.version or "")) for d in metadata.distributions())
    return version_of(Path(__file__).resolve().parents[1], libraries)


def version_of(package: Path, libraries) -> str:
    """Hash of the ``*.py`` files under ``package`` (path and content), ``sys.version`` and ``libraries``
    ((name, version) pairs, in any order). Every part is length-prefixed, so no two trees hash alike by
    moving text from one file into the next."""
    h = hashlib.sha256()

    def part(data: bytes) -> None:
        h.update(len(data).to_bytes(8, "big"))
        h.update(data)

    part(sys.version.encode())
    for name, version in sorted({(n.lower(), v) for n, v in libraries}):
        part(name.encode())
        part(version.encode())
    for path in sorted(package.rglob("*.py")):
        part(path.relative_to(package).as_posix().encode())
        part(path.read_bytes())
    return h.hexdigest()[:32]
