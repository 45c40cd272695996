"""Concurrency: two processes import while three others read (WAL); sessions do not share uploads.

Each import writes two datasets (accommodations and services) at one Stichtag in one transaction.
Every row carries a marker "W<writer>-<i>" and each import has a known row count, so a reader can
tell a mixed snapshot from a whole one:

* within a snapshot all rows carry one marker, and the row count fits that marker;
* within a state (``load_state``), both datasets come from the same import (same Stichtag and
  marker), because each import commits both at once and a state is read in one transaction.

Nobody may see an error (no "database is locked"), and every import must be stored.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from ankunft.storage import store as store_mod

ROOT = Path(__file__).resolve().parents[2]
IMPORTS_PER_WRITER = 8
READERS = 3

WORKER = r"""
import datetime as dt, json, sys, time, traceback
from pathlib import Path
import pandas as pd
from ankunft.storage.store import Store

role, path, ident, n_imports, stop_file = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), sys.argv[5]
START = dt.date(2030, 1, 1)

def rows_for(w, i):
    return 400 + 37 * i + 5 * w

def frames(w, i):
    n = rows_for(w, i)
    marker = f"W{w}-{i}"
    acc = pd.DataFrame({"id": [f"{marker}-{k}" for k in range(n)], "name": [marker] * n,
                        "capacity": [float(i)] * n})
    srv = pd.DataFrame({"id": [f"{marker}-{k}" for k in range(n)], "name": [marker] * n,
                        "category": ["Kita"] * n})
    return acc, srv

out = {"role": role, "ident": ident, "ops": 0, "errors": []}
try:
    store = Store(path)
    if role == "writer":
        for i in range(n_imports):
            acc, srv = frames(ident, i)
            day = START + dt.timedelta(days=2 * i + ident)  # writers interleave their Stichtage
            store.import_tables([("accommodations", day, acc, f"w{ident}.xlsx", None, None),
                                 ("services", day, srv, f"w{ident}.xlsx", None, None)], user=f"schreiber{ident}")
            out["ops"] += 1
    else:
        def check_view(view):
            names = set(view.df["name"].dropna())
            if len(names) != 1:
                return f"gemischter Stand {view.snapshot_id}: {sorted(names)[:4]}"
            marker = names.pop()
            w, i = (int(x) for x in marker[1:].split("-"))
            if len(view.df) != rows_for(w, i):
                return f"Stand {view.snapshot_id} unvollständig: {len(view.df)} statt {rows_for(w, i)}"
            return marker

        while True:
            done = Path(stop_file).exists()
            state = store.load_state(dt.date(2099, 1, 1))
            if "accommodations" in state.views or "services" in state.views:
                a, s = state.views.get("accommodations"), state.views.get("services")
                if a is None or s is None:
                    out["errors"].append("nur ein Datensatz eines Imports sichtbar")
                else:
                    ma, ms = check_view(a), check_view(s)
                    for m in (ma, ms):
                        if not m.startswith("W"):
                            out["errors"].append(m)
                    if ma != ms or a.stichtag != s.stichtag:
                        out["errors"].append(f"gemischter Zustand: {ma} {a.stichtag} / {ms} {s.stichtag}")
            snaps = store.list_snapshots()
            if len(snaps):
                sid = int(snaps["id"].iloc[(out["ops"] * 7) % len(snaps)])
                try:
                    df = store.load_frame(sid)
                    if len(set(df["name"].dropna())) > 1:
                        out["errors"].append(f"gemischter Stand {sid}")
                except Exception as ex:  # a snapshot listed a moment ago may have been replaced: not here
                    out["errors"].append(f"load_frame({sid}): {type(ex).__name__}: {ex}")
            out["ops"] += 1
            if done:
                break
except Exception:
    out["errors"].append(traceback.format_exc())
print(json.dumps(out))
"""


def _spawn(role: str, db: Path, ident: int, stop: Path) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", WORKER, role, str(db), str(ident), str(IMPORTS_PER_WRITER),
                             str(stop)], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env={**os.environ, "PYTHONPATH": str(ROOT)})


def _result(proc: subprocess.Popen, timeout: float) -> dict:
    out, err = proc.communicate(timeout=timeout)
    assert proc.returncode == 0, err[-3000:]
    return json.loads(out.strip().splitlines()[-1])


def test_two_writers_and_three_readers_no_error_no_mixed_snapshot(tmp_path):
    db = tmp_path / "concurrent.db"
    stop = tmp_path / "stop"
    store_mod.Store(db)  # schema once, so workers race on data, not on creation
    start = time.monotonic()
    readers = [_spawn("reader", db, k, stop) for k in range(READERS)]
    writers = [_spawn("writer", db, w, stop) for w in (0, 1)]
    try:
        wres = [_result(p, 240) for p in writers]
    finally:
        stop.touch()
    rres = [_result(p, 120) for p in readers]
    elapsed = time.monotonic() - start

    for r in wres + rres:
        assert r["errors"] == [], r
    assert [r["ops"] for r in wres] == [IMPORTS_PER_WRITER, IMPORTS_PER_WRITER]
    assert all(r["ops"] >= 2 for r in rres)  # readers really ran alongside

    s = store_mod.Store(db)
    assert s.list_snapshots()["dataset"].value_counts().to_dict() == {
        "accommodations": 2 * IMPORTS_PER_WRITER, "services": 2 * IMPORTS_PER_WRITER}
    # the last Stichtag is writer 1's last import (days interleave: writer w uses 2*i + w)
    state = s.load_state(dt.date(2099, 1, 1))
    last = f"W1-{IMPORTS_PER_WRITER - 1}"
    assert set(state.views["accommodations"].df["name"]) == {last}
    assert state.views["services"].stichtag == dt.date(2030, 1, 1) + dt.timedelta(days=2 * IMPORTS_PER_WRITER - 1)
    log = s.import_log()
    assert (log["action"] == "import").sum() == 4 * IMPORTS_PER_WRITER
    assert set(log["user"]) == {"schreiber0", "schreiber1"}

    out = ROOT / "artifacts" / "reliability"
    out.mkdir(parents=True, exist_ok=True)
    (out / "concurrency.json").write_text(json.dumps(
        {"writers": 2, "imports_per_writer": IMPORTS_PER_WRITER, "readers": READERS,
         "reader_checks": [r["ops"] for r in rres], "seconds": round(elapsed, 2)}, indent=2), encoding="utf-8")


# --- two sessions of the app -------------------------------------------------------------------
DATEN = "app_pages/8_daten.py"


def _upload_file() -> tuple[str, bytes]:
    from io import BytesIO

    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "Unterkünfte"
    ws.append(["Unterkünfte der Stadt Kaiserslautern, Stand 30.09.2026"])
    ws.append([])
    ws.append(["Unterkunfts-Nr.", "Unterkunft", "Plätze", "Belegung", "Stadtteil"])
    ws.append(["U-VERTRAULICH-1", "Geheime Sitzungsunterkunft Nord", 80, 61, "Innenstadt-Ost"])
    ws.append(["U-VERTRAULICH-2", "Geheime Sitzungsunterkunft Süd", 120, 97, "Kaiserslautern-West"])
    buf = BytesIO()
    wb.save(buf)
    return "vertraulich_sitzung_a.xlsx", buf.getvalue()


def _all_text(at: AppTest) -> str:
    """Everything a session renders as text (markdown, captions, alerts, tables, widget labels/values)."""
    parts: list[str] = []
    for kind in ("markdown", "caption", "info", "warning", "error", "success", "title", "header", "subheader",
                 "text", "code", "json", "metric", "expander", "tabs"):
        for el in getattr(at, kind, []):
            for attr in ("value", "label", "body"):
                v = getattr(el, attr, None)
                if v is not None:
                    parts.append(str(v))
    for el in getattr(at, "dataframe", []):
        parts.append(el.value.to_csv() if isinstance(el.value, pd.DataFrame) else str(el.value))
    for el in getattr(at, "table", []):
        parts.append(str(el.value))
    for kind in ("selectbox", "multiselect", "text_input", "date_input", "radio", "checkbox", "toggle"):
        for el in getattr(at, kind, []):
            parts.append(f"{el.label}={getattr(el, 'value', '')}")
            parts.extend(str(o) for o in getattr(el, "options", []) or [])
    return "\n".join(parts)


@pytest.mark.skipif(not (ROOT / DATEN).exists(), reason="die Seite Daten (app_pages/8_daten.py) fehlt noch")
def test_uploaded_but_not_imported_file_is_invisible_to_another_session(tmp_path, monkeypatch):
    monkeypatch.setenv("ANKUNFT_DB", str(tmp_path / "sessions.db"))
    name, payload = _upload_file()

    a = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    a.switch_page(DATEN).run()
    assert not a.exception
    b = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    b.switch_page(DATEN).run()
    assert not b.exception
    before_b = _all_text(b)

    uploaders = a.get("file_uploader")
    assert uploaders, "Die Seite Daten hat keinen Datei-Upload"
    uploaders[0].set_value([(name, payload, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")])
    a.run()
    assert not a.exception
    text_a = _all_text(a)
    assert "Geheime Sitzungsunterkunft" in text_a or "U-VERTRAULICH" in text_a or name in text_a, \
        "Sitzung A zeigt ihre hochgeladene Datei nicht an (Vorschau/Prüfbericht erwartet)"

    b.run()  # B reruns after A's upload and check
    assert not b.exception
    text_b = _all_text(b)
    for secret in (name, "Geheime Sitzungsunterkunft", "U-VERTRAULICH"):
        assert secret not in text_b
    assert text_b == before_b  # B's page did not change at all

    # nothing reached the store: the upload was checked, not imported
    s = store_mod.Store(tmp_path / "sessions.db")
    assert name not in set(s.list_snapshots()["file_name"].dropna())
    assert name not in " ".join(s.import_log()["file_name"].dropna())

    # a brand-new third session does not see it either
    c = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    c.switch_page(DATEN).run()
    assert not c.exception
    assert "Geheime Sitzungsunterkunft" not in _all_text(c) and name not in _all_text(c)
