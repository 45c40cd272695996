import datetime as dt
import shutil
from pathlib import Path

import pytest
import xlsxwriter

from ankunft.cli import main as cli
from ankunft.storage import demo
from ankunft.storage.store import Store

ROOT = Path(__file__).resolve().parents[3]
DEMO = ROOT / "data" / "demo"


def run(capsys, *argv):
    code = cli.main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.fixture()
def db(tmp_path):
    return str(tmp_path / "cli.db")


def bad_accommodations(path: Path) -> Path:
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("Unterkünfte")
    ws.write_row(0, 0, ["Stand: 30.09.2026"])
    ws.write_row(2, 0, ["Nr.", "Unterkunft", "Plätze", "Belegung"])
    ws.write_row(3, 0, ["001", "Asternweg", 220, 150])
    ws.write_row(4, 0, ["002", "Colosseum", -5, 10])
    ws.write_row(5, 0, ["003", "Zoar-Heim", 160, 120])
    wb.close()
    return path


def test_import_lists_and_logs(capsys, db):
    code, out, err = run(capsys, "import", str(DEMO / "Statistik_Stadtteile_2026-06-30.xlsx"), "--db", db)
    assert code == 0, err
    assert "Blatt „Stadtteile“ → Stadtteile, Stichtag 30.06.2026: 18 Zeilen, 0 Fehler" in out
    assert "Importiert: 1 Stand (Nr. 1)." in out
    code, out, _ = run(capsys, "snapshots", "--db", db)
    assert code == 0
    assert "Stadtteile" in out and "30.06.2026" in out and "Statistik_Stadtteile_2026-06-30.xlsx" in out
    code, out, _ = run(capsys, "snapshots", "--protokoll", "--db", db)
    assert "Stadtteile, Stichtag 30.06.2026: 18 Zeilen aus Statistik_Stadtteile_2026-06-30.xlsx" in out


def test_import_with_stichtag_override_and_neutral_name(capsys, db, tmp_path):
    f = tmp_path / "export.xlsx"
    shutil.copy(DEMO / "Statistik_Stadtteile_2026-06-30.xlsx", f)
    code, out, _ = run(capsys, "import", str(f), "--stichtag", "31.07.2026", "--db", db)
    assert code == 0
    assert Store(db).stichtage() == [dt.date(2026, 7, 31)]


def test_unreadable_file_imports_nothing(capsys, db, tmp_path):
    junk = tmp_path / "kaputt.xlsx"
    junk.write_bytes(b"PK\x03\x04 nicht wirklich eine Excel-Datei")
    good = DEMO / "Statistik_Stadtteile_2026-06-30.xlsx"
    code, out, err = run(capsys, "import", str(good), str(junk), "--db", db)
    assert code == 2
    assert "NICHT LESBAR" in out and "Nichts importiert" in err
    assert "Traceback" not in out + err
    assert not Store(db).has_snapshots()


def test_row_errors_need_the_flag(capsys, db, tmp_path):
    f = bad_accommodations(tmp_path / "unterkuenfte.xlsx")
    code, out, err = run(capsys, "import", str(f), "--db", db)
    assert code == 1
    assert "Zeile 5" in out and "--without-faulty-rows" in err
    assert not Store(db).has_snapshots()
    code, out, err = run(capsys, "import", str(f), "--without-faulty-rows", "--db", db)
    assert code == 0, err
    assert "1 fehlerhafte Zeile ausgelassen" in out
    s = Store(db)
    frame = s.load_state(dt.date(2026, 9, 30)).df("accommodations")
    assert frame["id"].tolist() == ["001", "003"]


def test_backup_and_purge(capsys, db, tmp_path):
    run(capsys, "import", str(DEMO / "Statistik_Stadtteile_2025-12-31.xlsx"), "--db", db)
    run(capsys, "import", str(DEMO / "Statistik_Stadtteile_2026-06-30.xlsx"), "--db", db)
    code, out, _ = run(capsys, "backup", str(tmp_path / "kopie.db"), "--db", db)
    assert code == 0 and "Sicherung geschrieben" in out
    assert len(Store(tmp_path / "kopie.db").list_snapshots()) == 2
    code, out, _ = run(capsys, "purge", "--older-than-days", "100", "--heute", "01.05.2026", "--db", db)
    assert code == 0 and "1 Stand gelöscht (Stichtag vor dem 21.01.2026)." in out
    assert Store(db).stichtage() == [dt.date(2026, 6, 30)]
    code, _, err = run(capsys, "purge", "--db", db)
    assert code == 2 and "es fehlen Angaben" in err


def test_demo_writes_the_exports(capsys, tmp_path):
    code, out, _ = run(capsys, "demo", "--ziel", str(tmp_path / "demo"))
    assert code == 0
    written = sorted(p.name for p in (tmp_path / "demo").glob("*.xlsx"))
    assert written == sorted(demo.FILES.values())
    assert "Synthetische Beispieldaten erzeugt" in out
