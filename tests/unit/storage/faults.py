"""Store faults made for tests: a damaged file, a header that is no database, a database from a
newer release, a read-only file and a full disk.

Read-only and full disk are real SQLite errors, not mocks of them: the tests run as root (file
modes do not stop root), so every connection of the store is opened read-only through a URI
(``SQLITE_READONLY``) or limited to its current page count (``PRAGMA max_page_count``, which makes
SQLite answer ``SQLITE_FULL`` exactly as on a full disk).
"""

from __future__ import annotations

import random
import sqlite3
from pathlib import Path

from ankunft.storage import base

PAGE = 4096


def checkpoint(path) -> None:
    """Move the WAL into the main file so that damage to the file really hits the data."""
    con = sqlite3.connect(str(path))
    try:
        con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        con.close()


def damage_pages(path, seed: int = 7, every: int = 3) -> None:
    """Overwrite part of every ``every``-th page after the first (header and schema page intact)."""
    checkpoint(path)
    rng = random.Random(seed)
    path = Path(path)
    size = path.stat().st_size
    with path.open("r+b") as f:
        for page in range(2, size // PAGE, every):
            f.seek(page * PAGE + 8)
            f.write(bytes(rng.getrandbits(8) for _ in range(300)))


def damage_header(path) -> None:
    """The first 100 bytes (the SQLite header) overwritten: "file is not a database"."""
    checkpoint(path)
    with Path(path).open("r+b") as f:
        f.write(b"\x00ankunft" * 12 + b"1234")


def make_newer(path, version: int = base.SCHEMA_VERSION + 7) -> None:
    con = sqlite3.connect(str(path))
    try:
        con.execute(f"PRAGMA user_version = {version}")
    finally:
        con.close()


def read_only(monkeypatch, only=None) -> None:
    """Every connection of the store (or only those to the file ``only``) opens its file read-only
    (SQLite's own mode=ro)."""
    def connect(path, *args, **kwargs):
        if only is not None and Path(path).resolve() != Path(only).resolve():
            return _real_connect(path, *args, **kwargs)
        kwargs.pop("uri", None)
        return _real_connect(f"file:{Path(path).resolve()}?mode=ro", *args, uri=True, **kwargs)

    monkeypatch.setattr(base.sqlite3, "connect", connect)


def disk_full(monkeypatch) -> None:
    """Every connection of the store may not grow the file by a single page (SQLITE_FULL)."""
    def connect(path, *args, **kwargs):
        con = _real_connect(path, *args, **kwargs)
        pages = con.execute("PRAGMA page_count").fetchone()[0]
        con.execute(f"PRAGMA max_page_count = {max(pages, 1)}")
        return con

    monkeypatch.setattr(base.sqlite3, "connect", connect)


_real_connect = sqlite3.connect
