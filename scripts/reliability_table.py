"""Measure every bad-input case for docs/reliability.md: code found, time, peak memory, store unchanged.

    .venv/bin/python scripts/reliability_table.py [OUTDIR]

Builds helper-1's generated corpus (tests/badinput/badinput_cases.py), then for each case runs, in
its own process (so peak memory is per case): ``check_file`` and an import attempt into a store that
already holds the demo data. Prints a Markdown table and writes artifacts/reliability/badinput.json.
Not a timed test; the pass/fail assertions live in tests/badinput/.

Second table: store faults (issue #16). For each state of the database – intact, damaged pages,
no database at all (header overwritten), newer schema, read-only file, full disk – the CLI commands
``backup`` and ``import`` run in their own process: exit status, the first line of the German
message, time, peak memory, whether the database file stayed byte-identical and whether a backup
file was written. Writes artifacts/reliability/store_faults.json. The assertions live in
tests/unit/storage/test_store_faults.py, tests/unit/cli/test_cli_store_faults.py and
tests/pages/test_store_faults.py.

Third table: templates and uploads (issue #16 items 2, 3). Each PowerPoint template case (generated
zip bombs, DTD, a realistic template) is built and handed to ``export.pptx.build`` in its own
process: outcome, the start of the German message, time, peak memory. Then the upload probe
(scripts/probe_uploads.py): 10 x 20 MB PUT from a session on the sign-in screen of the real server.
Writes artifacts/reliability/templates_uploads.json. Assertions: tests/security/.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "badinput"))

CHILD = r"""
import hashlib, json, resource, sys, time
from pathlib import Path
from ankunft.importing.pipeline import check_file
from ankunft.storage.store import Store, StoreError

path, db, code, level = Path(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]
digest = lambda p: hashlib.sha256(Path(p).read_bytes()).hexdigest()
file_before = digest(path)
t0 = time.monotonic()
rep = check_file(path)
t_check = time.monotonic() - t0
codes = []
if rep.code:
    codes.append(rep.code)
codes += [w.code for w in rep.warnings]
for t in rep.tables:
    codes += [i.code for i in t.errors + t.warnings]
store = Store(db)
store_before = digest(db)
t1 = time.monotonic()
try:
    store.import_files([path], user="zuverlaessigkeit")
    outcome = "übernommen"
except StoreError as ex:
    outcome = "abgelehnt"
t_import = time.monotonic() - t1
print(json.dumps({
    "found": code in codes, "codes": sorted(set(codes)), "exit_status": rep.exit_status,
    "check_s": round(t_check, 3), "import_s": round(t_import, 3), "outcome": outcome,
    "store_unchanged": digest(db) == store_before, "file_unchanged": digest(path) == file_before,
    "peak_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
}))
"""


STORE_CHILD = r"""
import contextlib, hashlib, io, json, resource, sys, time
from pathlib import Path
sys.path.insert(0, sys.argv[5])
from tests.unit.storage import faults
from ankunft.cli import main as cli

state, command, db, work = sys.argv[1], sys.argv[2], Path(sys.argv[3]), Path(sys.argv[4])


class _Patch:  # the two faults that patch sqlite3.connect expect pytest's monkeypatch; this is enough
    def setattr(self, obj, name, value):
        setattr(obj, name, value)


{"damaged": faults.damage_pages, "no_database": faults.damage_header, "newer": faults.make_newer}.get(
    state, lambda p: None)(db)
if state == "read_only":
    faults.read_only(_Patch(), only=db)  # the database, not the backup target elsewhere
elif state == "disk_full":
    faults.disk_full(_Patch())
digest = lambda p: hashlib.sha256(Path(p).read_bytes()).hexdigest()
before = digest(db)
target = work / "sicherung.db"
argv = {"backup": ["backup", str(target)], "import": ["import", sys.argv[6]]}[command] + ["--db", str(db)]
err = io.StringIO()
t0 = time.monotonic()
with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
    code = cli.main(argv)
took = time.monotonic() - t0
print(json.dumps({"exit": code, "message": (err.getvalue().strip().splitlines() or [""])[0], "s": round(took, 3),
                  "db_unchanged": digest(db) == before, "backup_written": target.exists(),
                  "peak_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)}, ensure_ascii=False))
"""

STORE_STATES = {"intact": "intakt", "damaged": "Seiten beschädigt",
                "no_database": "keine Datenbank (Kopf überschrieben)",
                "newer": "Schema einer neueren Version", "read_only": "schreibgeschützt",
                "disk_full": "Platte voll"}


def store_faults(out: Path, source: Path) -> list[dict]:
    """Run backup and import against every store state (each in its own process); print the table."""
    import badinput_cases as bc

    from tests.unit.storage import faults as faults_mod

    import hashlib

    from ankunft.storage import store as store_mod

    # 20,000 accommodations with varied names: storing them needs new pages even after the demo is removed
    upload = out / "unterkuenfte.xlsx"
    bc.write_xlsx(upload, [("Unterkünfte", [["Belegungsübersicht, Stand: 31.12.2026"], [],
                                            ["Nr.", "Bezeichnung", "Stadtteil", "Kapazität", "Belegt"]]
                            + [[f"{i:05d}", f"Unterkunft {hashlib.md5(str(i).encode()).hexdigest()}",
                                "Innenstadt-Ost", 50 + i % 40, 10 + i % 30] for i in range(20_000)])])
    template = out / "vorlage-wal.db"  # as the app leaves it: WAL mode, checkpointed
    shutil.copyfile(source, template)
    store_mod.Store(template)
    faults_mod.checkpoint(template)
    rows = []
    for state, label in STORE_STATES.items():
        for command in ("backup", "import"):
            work = out / f"store-{state}-{command}"
            shutil.rmtree(work, ignore_errors=True)
            work.mkdir(parents=True)
            db = work / "ankunft.db"
            shutil.copyfile(template, db)
            res = subprocess.run([sys.executable, "-c", STORE_CHILD, state, command, str(db), str(work), str(ROOT),
                                  str(upload)], cwd=ROOT, capture_output=True, text=True, timeout=600,
                                 env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"})
            if res.returncode != 0:
                rows.append({"key": state, "state": label, "command": command, "error": res.stderr[-500:]})
                continue
            rows.append({"key": state, "state": label, "command": command,
                         **json.loads(res.stdout.strip().splitlines()[-1])})
    dest = ROOT / "artifacts" / "reliability"
    dest.mkdir(parents=True, exist_ok=True)
    (dest / "store_faults.json").write_text(json.dumps(rows, ensure_ascii=False, indent=2), encoding="utf-8")
    print()
    print("| Zustand | Befehl | Exit | Meldung (Anfang) | Zeit s | DB unverändert | Sicherung geschrieben | Spitze MB |")
    print("|---|---|---:|---|---:|:-:|:-:|---:|")
    for r in rows:
        if "error" in r:
            print(f"| {r['state']} | `{r['command']}` | **Absturz** | – | – | – | – | – |")
            continue
        msg = r["message"][:90] + ("…" if len(r["message"]) > 90 else "")
        print(f"| {r['state']} | `{r['command']}` | {r['exit']} | {msg or '–'} | {r['s']:.2f} | "
              f"{'ja' if r['db_unchanged'] else 'nein'} | {'ja' if r['backup_written'] else 'nein'} | "
              f"{r['peak_mb']:.0f} |")
    return rows


TEMPLATE_CHILD = r"""
import json, resource, sys, time
sys.path.insert(0, sys.argv[2])
from tests.security import test_template_guard as g
from tests.unit.views.test_report_model import sample_report
from ankunft.export import pptx as export_pptx

case = sys.argv[1]
MB = g.MB
data = {
    "theme": lambda: g._rewrite({g.THEME: g._PADDED}),
    "master": lambda: g._rewrite({"ppt/slideMasters/slideMaster1.xml": g._PADDED}),
    "parts": lambda: g._rewrite({f"ppt/media/b{i}.bin": (b"", b"\0" * (900 * 1024), 1, b"") for i in range(260)},
                                extra={f"ppt/media/b{i}.bin": b"" for i in range(260)}),
    "entries": lambda: g._rewrite({}, extra={f"ppt/customXml/item{i}.xml": b"<a/>" for i in range(6000)}),
    "dtd": lambda: g._rewrite({g.THEME: b'<?xml version="1.0"?><!DOCTYPE t [<!ENTITY a "aaaa">]><t>&a;</t>'}),
    "ok": lambda: g._base(),
}[case]()
t0 = time.monotonic()
try:
    export_pptx.build(sample_report(), template=data)
    outcome, message = "angenommen", ""
except ValueError as ex:
    outcome, message = "abgelehnt", str(ex)
print(json.dumps({"kb": round(len(data) / 1024, 1), "outcome": outcome, "message": message[:90],
                  "s": round(time.monotonic() - t0, 2),
                  "peak_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)}, ensure_ascii=False))
"""
TEMPLATE_CASES = {"theme": "Theme-XML entpackt 110 MB", "master": "Folienmaster entpackt 110 MB",
                  "parts": "260 Teile zu 0,9 MB (234 MB)", "entries": "6.000 Bestandteile",
                  "dtd": "DTD mit Entität im Theme", "ok": "gewöhnliche Vorlage"}


def templates_and_uploads() -> list[dict]:
    """Template cases in their own processes, then the upload probe; print the table."""
    import asyncio

    rows = []
    for key, label in TEMPLATE_CASES.items():
        res = subprocess.run([sys.executable, "-c", TEMPLATE_CHILD, key, str(ROOT)], cwd=ROOT, capture_output=True,
                             text=True, timeout=600, env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"})
        row = {"case": label, **(json.loads(res.stdout.strip().splitlines()[-1]) if res.returncode == 0
                                 else {"error": res.stderr[-300:]})}
        rows.append(row)
    sys.path.insert(0, str(ROOT / "scripts"))
    import probe_uploads

    probe = asyncio.run(probe_uploads.probe(files=10, mb=20, hold_s=5))
    print("| Fall | Datei KB | Ergebnis | Meldung (Anfang) | s | Spitze MB |")
    print("|---|---:|---|---|---:|---:|")
    for r in rows:
        if "error" in r:
            print(f"| {r['case']} | – | **Absturz** | – | – | – |")
            continue
        print(f"| {r['case']} | {r['kb']:.0f} | {r['outcome']} | {r['message'] or '–'} | {r['s']:.2f} | "
              f"{r['peak_mb']} |")
    print(f"\nHochladen von der Anmeldeseite, 10 × 20 MB: Status {sorted(set(probe['statuses']))}, Serverspeicher "
          f"{probe['rss_before_mb']} → {probe['rss_after_mb']} MB (5 s später {probe['rss_later_mb']} MB)")
    dest = ROOT / "artifacts" / "reliability"
    dest.mkdir(parents=True, exist_ok=True)
    (dest / "templates_uploads.json").write_text(json.dumps({"templates": rows, "upload_probe": probe},
                                                            ensure_ascii=False, indent=2), encoding="utf-8")
    return rows + [probe]


def main() -> int:
    import badinput_cases as bc

    from ankunft.storage import store as store_mod

    out = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(tempfile.mkdtemp(prefix="ankunft-badinput-"))
    built = bc.build_all(out / "corpus")
    template = out / "vorlage.db"
    if template.exists():
        template.unlink()
    store_mod.ensure_demo(store_mod.Store(template))
    # checkpoint the WAL so the file alone is the whole database (copied per case)
    s = store_mod.Store(template)
    s.backup(out / "vorlage-kompakt.db")
    rows = []
    for case, path in built:
        db = out / "fall.db"
        shutil.copyfile(out / "vorlage-kompakt.db", db)
        for extra in (Path(str(db) + "-wal"), Path(str(db) + "-shm")):
            if extra.exists():
                extra.unlink()
        res = subprocess.run([sys.executable, "-c", CHILD, str(path), str(db), case.code, case.level],
                             cwd=ROOT, capture_output=True, text=True, timeout=600,
                             env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"})
        if res.returncode != 0:
            rows.append({"case": case.name, "file": case.file, "expected": case.code, "error": res.stderr[-500:]})
            continue
        rows.append({"case": case.name, "file": case.file, "expected": case.code, "size_kb": round(
            path.stat().st_size / 1024, 1), **json.loads(res.stdout.strip().splitlines()[-1])})
    dest = ROOT / "artifacts" / "reliability"
    dest.mkdir(parents=True, exist_ok=True)
    (dest / "badinput.json").write_text(json.dumps(rows, ensure_ascii=False, indent=2), encoding="utf-8")

    print("| Fall | Datei (KB) | erwarteter Code | gefunden | Prüfung s | Import | DB unverändert | Spitze MB |")
    print("|---|---:|---|:-:|---:|---|:-:|---:|")
    for r in rows:
        if "error" in r:
            print(f"| {r['case']} | – | `{r['expected']}` | **Absturz** | – | – | – | – |")
            continue
        print(f"| {r['case']} | {r['size_kb']:.1f} | `{r['expected']}` | {'ja' if r['found'] else '**nein**'} | "
              f"{r['check_s']:.2f} | {r['outcome']} | {'ja' if r['store_unchanged'] else 'nein'} | "
              f"{r['peak_mb']:.0f} |")
    faults = store_faults(out, out / "vorlage-kompakt.db")
    uploads = templates_and_uploads()
    ok_uploads = all("error" not in r for r in uploads[:-1]) and set(uploads[-1]["statuses"]) == {403}
    # succeed: everything on an intact store, and a backup of a read-only one (reading works)
    expected_ok = {("intact", "backup"), ("intact", "import"), ("read_only", "backup")}
    ok_faults = all("error" not in r and "Interner Fehler" not in r["message"]
                    and (r["exit"] == 0) == ((r["key"], r["command"]) in expected_ok) for r in faults)
    return 0 if ok_faults and ok_uploads and all("error" not in r and r["found"] for r in rows) else 1


if __name__ == "__main__":
    raise SystemExit(main())
