"""An import killed mid-way (SIGKILL) leaves the previous snapshot intact and the database sound.

A child process imports a big residents table (random, barely compressible ids, several MB of
payload) into a store that already holds a baseline snapshot. It is killed

* deterministically *inside* the write transaction, after the big snapshot row and its data were
  inserted (the progress callback signals "writing" and waits), so uncommitted pages sit in the WAL;
* at several fixed delays while it imports in a loop, so the kill lands in encoding, inserting or
  committing.

Afterwards: ``PRAGMA integrity_check`` = ok, the baseline snapshot decodes to exactly the baseline
frame, every snapshot has its data with the recorded row count, nothing half-imported is visible,
and the store accepts the next import.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

from ankunft.storage import store as store_mod

ROOT = Path(__file__).resolve().parents[2]
BASE_DAY = dt.date(2026, 6, 30)
BIG_ROWS = 200_000

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="SIGKILL gibt es nur auf POSIX-Systemen")

CHILD = r"""
import datetime as dt, sys, time
import numpy as np, pandas as pd
from ankunft.storage.store import Store

path, mode, rows = sys.argv[1], sys.argv[2], int(sys.argv[3])
rng = np.random.default_rng(7)
n = rows
frame = pd.DataFrame({
    "person_id": [f"P{x:016x}" for x in rng.integers(0, 2**63, n)],
    "household_id": [f"H{x:012x}" for x in rng.integers(0, 2**47, n)],
    "accommodation": rng.choice(["GU Vogelweh", "GU Kaiserstraße", "Wohnheim Fischerrück"], n),
    "move_in": pd.Timestamp("2015-01-01") + pd.to_timedelta(rng.integers(0, 4000, n), unit="D"),
    "birth_year": rng.integers(1940, 2026, n).astype(float),
    "nationality": rng.choice(["Syrien", "Afghanistan", "Ukraine", "Türkei", "Irak"], n),
})
store = Store(path)

def hold(done, total):
    # called inside the write transaction after a table was inserted
    print("WRITING", flush=True)
    time.sleep(60)

if mode == "hold":
    big = ("residents", dt.date(2026, 9, 30), frame, "gross.xlsx", "Bewohner", None)
    small = ("services", dt.date(2026, 9, 30), pd.DataFrame({"name": ["Kita X"], "category": ["Kita"]}),
             "gross.xlsx", "Einrichtungen", None)
    store.import_tables([big, small], user="abbruch", progress=hold)
else:
    day = dt.date(2026, 7, 1)
    for i in range(1000):
        print("START", i, flush=True)
        store.import_tables([("residents", day + dt.timedelta(days=i), frame, f"lauf{i}.xlsx", None, None)],
                            user="schleife")
        print("DONE", i, flush=True)
"""


def _baseline(path: Path) -> tuple[int, pd.DataFrame]:
    s = store_mod.Store(path)
    frame = pd.DataFrame({
        "person_id": [f"B{i:05d}" for i in range(1000)],
        "accommodation": ["GU Vogelweh"] * 1000,
        "move_in": pd.to_datetime(["2024-05-01"] * 1000),
        "birth_year": [1990.0 + (i % 30) for i in range(1000)],
    })
    [sid] = s.import_tables([("residents", BASE_DAY, frame, "basis.xlsx", "Bewohner", None)], user="basis")
    return sid, s.load_frame(sid)


def _start(path: Path, mode: str, rows: int = BIG_ROWS) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", CHILD, str(path), mode, str(rows)], cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env={**os.environ, "PYTHONPATH": str(ROOT)})


def _wait_for(proc: subprocess.Popen, word: str, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        line = proc.stdout.readline()
        if line.startswith(word):
            return
        if not line and proc.poll() is not None:
            raise AssertionError(f"Kindprozess endete vorzeitig: {proc.stderr.read()[-2000:]}")
    raise AssertionError(f"{word} kam nicht innerhalb {timeout} s")


def _kill(proc: subprocess.Popen) -> None:
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL
    proc.stdout.close()
    proc.stderr.close()


def _assert_sound(path: Path, base_id: int, base_frame: pd.DataFrame) -> pd.DataFrame:
    con = sqlite3.connect(path)
    try:
        assert con.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert con.execute("PRAGMA foreign_key_check").fetchall() == []
        orphans = con.execute("SELECT COUNT(*) FROM snapshots s LEFT JOIN snapshot_data d ON d.snapshot_id = s.id "
                              "WHERE d.snapshot_id IS NULL").fetchone()[0]
        assert orphans == 0
    finally:
        con.close()
    s = store_mod.Store(path)
    pd.testing.assert_frame_equal(s.load_frame(base_id), base_frame)
    state = s.load_state(BASE_DAY)
    assert state.views["residents"].snapshot_id == base_id
    snaps = s.list_snapshots()
    for sid, rows in zip(snaps["id"], snaps["rows"]):
        assert len(s.load_frame(int(sid))) == rows  # every visible snapshot is complete
    return snaps


def test_kill_inside_the_write_transaction_leaves_previous_snapshot(tmp_path):
    db = tmp_path / "kill.db"
    base_id, base_frame = _baseline(db)
    log_before = store_mod.Store(db).import_log()
    proc = _start(db, "hold")
    _wait_for(proc, "WRITING")
    wal = Path(str(db) + "-wal")
    assert wal.exists() and wal.stat().st_size > 1_000_000, "the big table must be written (uncommitted) into the WAL"
    _kill(proc)

    snaps = _assert_sound(db, base_id, base_frame)
    assert snaps["id"].tolist() == [base_id]
    s = store_mod.Store(db)
    assert s.stichtage() == [BASE_DAY]
    pd.testing.assert_frame_equal(s.import_log(), log_before)
    # the store stays usable: the next import goes through
    [sid] = s.import_tables([("residents", dt.date(2026, 9, 30), base_frame.head(10), "neu.xlsx", None, None)],
                            user="danach")
    assert len(s.load_frame(sid)) == 10
    assert s.stichtage() == [BASE_DAY, dt.date(2026, 9, 30)]


@pytest.mark.parametrize("delay_ms", [0, 60, 130, 190, 230, 560, 1210])  # one import ≈ 250 ms
def test_kill_at_random_points_of_a_looping_import(tmp_path, delay_ms):
    db = tmp_path / "loop.db"
    base_id, base_frame = _baseline(db)
    proc = _start(db, "loop", rows=60_000)
    _wait_for(proc, "START")
    time.sleep(delay_ms / 1000)
    _kill(proc)

    snaps = _assert_sound(db, base_id, base_frame)
    # whatever was committed is whole: 60,000 rows each, stichtage without gaps, log entry per snapshot
    loops = snaps[snaps["id"] != base_id]
    assert set(loops["rows"]) <= {60_000}
    days = sorted(loops["stichtag"])
    assert days == [dt.date(2026, 7, 1) + dt.timedelta(days=i) for i in range(len(days))]
    log = store_mod.Store(db).import_log()
    assert sorted(log.loc[log["user"] == "schleife", "snapshot_id"].tolist()) == sorted(loops["id"].tolist())


def test_reliability_numbers_are_reported(tmp_path):
    """Time and peak memory of the worst case (the big import), written for docs/reliability.md."""
    db = tmp_path / "mass.db"
    _baseline(db)
    start = time.monotonic()
    proc = subprocess.run(
        [sys.executable, "-c", CHILD.replace('print("WRITING", flush=True)\n    time.sleep(60)', "pass")
         + "\nimport resource; print('PEAK_KB', resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)",
         str(db), "hold", str(BIG_ROWS)],
        cwd=ROOT, capture_output=True, text=True, timeout=300, env={**os.environ, "PYTHONPATH": str(ROOT)})
    elapsed = time.monotonic() - start
    assert proc.returncode == 0, proc.stderr[-2000:]
    peak_kb = int(proc.stdout.split("PEAK_KB")[1].split()[0])
    s = store_mod.Store(db)
    assert s.list_snapshots()["rows"].tolist()[:1] == [BIG_ROWS]
    out = ROOT / "artifacts" / "reliability"
    out.mkdir(parents=True, exist_ok=True)
    (out / "kill_big_import.json").write_text(json.dumps(
        {"rows": BIG_ROWS, "seconds": round(elapsed, 2), "peak_rss_mb": round(peak_kb / 1024, 1),
         "db_mb": round(db.stat().st_size / 2**20, 1)}, indent=2), encoding="utf-8")
    assert elapsed < 240
