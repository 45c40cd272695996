"""Store faults (issue #16, items 7 and 8): a damaged store is noticed before anything is copied or
written, and every fault — damaged file, no database at all, newer schema, read-only file, full
disk — is its own German StoreFault with the way out, never a raw sqlite3 error or TypeError."""

from __future__ import annotations

import datetime as dt
import hashlib
import sqlite3
from pathlib import Path

import pandas as pd
import pytest

from ankunft.core import glossary
from ankunft.storage import store as store_mod
from ankunft.storage.store import Store, StoreDamaged, StoreError, StoreFull, StoreNewer, StoreReadOnly

from . import faults

NOW = dt.datetime(2026, 10, 2, 9, 30)


def _frame(n: int, prefix: str = "U") -> pd.DataFrame:
    return glossary.conform("accommodations", pd.DataFrame({
        "id": [f"{i:04d}" for i in range(n)], "name": [f"{prefix} {i} " + "x" * 40 for i in range(n)],
        "capacity": [float(i % 90 + 10) for i in range(n)]}))


def _table(day: dt.date, n: int = 400, prefix: str = "U"):
    return ("accommodations", day, _frame(n, prefix), "a.xlsx", "Blatt1", None)


@pytest.fixture()
def filled(tmp_path) -> Path:
    """A store with several snapshots (enough pages that damage lands in data pages)."""
    path = tmp_path / "s.db"
    s = Store(path, now=lambda: NOW)
    for k in range(6):
        s.import_tables([_table(dt.date(2026, 1 + k, 28), prefix=f"Stand{k}")], user="t")
    faults.checkpoint(path)
    return path


def digest(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def _damaged_store(path: Path) -> Store:
    """Open before the damage (an app process that was already running), then damage the file."""
    s = Store(path, now=lambda: NOW)
    faults.damage_pages(path)
    return s


def test_backup_of_a_damaged_store_is_refused_and_copies_nothing(filled, tmp_path):
    s = _damaged_store(filled)
    dest = tmp_path / "sicherung.db"
    with pytest.raises(StoreDamaged) as info:
        s.backup(dest)
    assert not dest.exists() and not dest.with_name(dest.name + ".tmp").exists()
    text = str(info.value)
    assert "beschädigt" in text and "Sicherung" in text and "python -m ankunft backup" in text


def test_import_into_a_damaged_store_writes_nothing(filled):
    s = _damaged_store(filled)
    before = digest(filled)
    with pytest.raises(StoreDamaged):
        s.import_tables([_table(dt.date(2026, 9, 30), prefix="neu")], user="t")
    faults.checkpoint(filled)
    assert digest(filled) == before


def test_opening_a_damaged_store_is_a_german_fault(filled):
    faults.damage_pages(filled, seed=11, every=2)
    with pytest.raises(StoreDamaged) as info:
        Store(filled)
    assert "beschädigt" in str(info.value)


def test_a_file_that_is_no_database_is_reported_as_damaged(filled):
    faults.damage_header(filled)
    with pytest.raises(StoreDamaged):
        Store(filled)


def test_newer_schema_asks_to_update_the_app(filled):
    faults.make_newer(filled)
    with pytest.raises(StoreNewer) as info:
        Store(filled)
    assert ("Die Datenbank stammt aus einer neueren Version von Ankunft – bitte die App aktualisieren"
            in str(info.value))


def test_read_only_store_reads_but_refuses_writes_in_german(filled, monkeypatch):
    faults.read_only(monkeypatch)
    s = Store(filled)
    assert len(s.list_snapshots()) == 6
    before = digest(filled)
    for write in (lambda: s.import_tables([_table(dt.date(2026, 9, 30))], user="t"),
                  lambda: s.set_setting("k", "v"),
                  lambda: s.delete_snapshot(int(s.list_snapshots()["id"].iloc[0]), user="t")):
        with pytest.raises(StoreReadOnly) as info:
            write()
        assert "schreibgeschützt" in str(info.value)
    assert digest(filled) == before


def test_full_disk_refuses_the_import_and_keeps_the_data(filled, monkeypatch):
    faults.disk_full(monkeypatch)
    s = Store(filled)
    with pytest.raises(StoreFull) as info:
        s.import_tables([_table(dt.date(2026, 9, 30), n=3000, prefix="gross")], user="t")
    assert "Speicherplatz" in str(info.value)
    monkeypatch.undo()
    assert len(Store(filled).list_snapshots()) == 6


def test_every_fault_is_a_store_error_with_its_own_message(filled, tmp_path):
    """Different faults, different texts (no shared "Interner Fehler")."""
    texts = set()
    for make, kind in ((faults.damage_header, StoreDamaged), (faults.make_newer, StoreNewer)):
        path = tmp_path / f"{make.__name__}.db"
        path.write_bytes(filled.read_bytes())
        make(path)
        with pytest.raises(kind) as info:
            Store(path)
        assert isinstance(info.value, StoreError)
        texts.add(str(info.value))
    assert len(texts) == 2


@pytest.mark.parametrize("name, kind", [("SQLITE_FULL", StoreFull), ("SQLITE_CORRUPT", StoreDamaged),
                                        ("SQLITE_NOTADB", StoreDamaged), ("SQLITE_READONLY", StoreReadOnly)])
def test_fault_classification_by_sqlite_error_name(name, kind):
    exc = sqlite3.DatabaseError("x")
    exc.sqlite_errorname = name
    assert isinstance(store_mod.fault_of(exc, "/tmp/x.db"), kind)


def test_secure_delete_is_on_for_every_connection(tmp_path):
    s = Store(tmp_path / "s.db")
    con = s._connect()
    try:
        assert con.execute("PRAGMA secure_delete").fetchone()[0] == 1
    finally:
        con.close()
    with s._read() as con:
        assert con.execute("PRAGMA secure_delete").fetchone()[0] == 1
