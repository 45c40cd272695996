"""CLI with a faulty store (issue #16, items 7 and 8): each fault its own German message and a
non-zero exit status; never "Interner Fehler … Bitte die Eingabe prüfen"; a damaged store is
neither backed up nor imported into."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from ankunft.cli import main as cli
from ankunft.storage.store import Store
from tests.unit.storage import faults

ROOT = Path(__file__).resolve().parents[3]
DEMO = ROOT / "data" / "demo"
STATS = DEMO / "Statistik_Stadtteile_2026-06-30.xlsx"
INTERNAL = "Interner Fehler"


def run(capsys, *argv):
    code = cli.main([str(a) for a in argv])
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.fixture()
def db(tmp_path, capsys) -> Path:
    path = tmp_path / "cli.db"
    for name in ("Statistik_Stadtteile_2025-12-31.xlsx", "Statistik_Stadtteile_2026-06-30.xlsx",
                 "Sozialamt_Unterbringung_2026-03-31.xlsx"):
        assert run(capsys, "import", DEMO / name, "--db", path)[0] == 0
    faults.checkpoint(path)
    return path


def digest(path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def test_backup_of_a_damaged_store_fails_and_names_the_way_out(capsys, db, tmp_path):
    faults.damage_pages(db)
    code, out, err = run(capsys, "backup", tmp_path / "kopie.db", "--db", db)
    assert code != 0
    assert not (tmp_path / "kopie.db").exists()
    assert "beschädigt" in err and "Sicherung" in err and INTERNAL not in err + out


def test_import_into_a_damaged_store_writes_nothing(capsys, db):
    faults.damage_pages(db)
    before = digest(db)
    code, _, err = run(capsys, "import", DEMO / "Statistik_Stadtteile_2026-06-30.xlsx", "--db", db)
    assert code != 0 and "beschädigt" in err and INTERNAL not in err
    assert digest(db) == before


@pytest.mark.parametrize("command", [["snapshots"], ["snapshots", "--protokoll"], ["import", STATS],
                                     ["purge", "--older-than-days", "30"]])
def test_newer_schema_says_update_the_app(capsys, db, tmp_path, command):
    faults.make_newer(db)
    code, _, err = run(capsys, *command, "--db", db)
    assert code != 0
    assert "neueren Version von Ankunft – bitte die App aktualisieren" in err
    assert INTERNAL not in err


def test_file_that_is_no_database(capsys, db, tmp_path):
    faults.damage_header(db)
    code, _, err = run(capsys, "snapshots", "--db", db)
    assert code != 0 and "beschädigt" in err and INTERNAL not in err


def test_read_only_store(capsys, db, monkeypatch):
    faults.read_only(monkeypatch)
    code, out, err = run(capsys, "import", STATS, "--db", db)
    assert code != 0 and "schreibgeschützt" in err and INTERNAL not in err
    code, out, _ = run(capsys, "snapshots", "--db", db)
    assert code == 0 and "Unterkünfte" in out


def test_full_disk(capsys, db, monkeypatch):
    before = Store(db).list_snapshots()
    faults.disk_full(monkeypatch)
    code, _, err = run(capsys, "import", DEMO / "Sozialamt_Unterbringung_2026-09-30.xlsx", "--db", db)
    assert code != 0 and "Speicherplatz" in err and INTERNAL not in err
    monkeypatch.undo()
    assert Store(db).list_snapshots().equals(before)
