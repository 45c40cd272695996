"""Measure every bad-input case for docs/reliability.md: code found, time, peak memory, store unchanged.

    .venv/bin/python scripts/reliability_table.py [OUTDIR]

Builds helper-1's generated corpus (tests/badinput/badinput_cases.py), then for each case runs, in
its own process (so peak memory is per case): ``check_file`` and an import attempt into a store that
already holds the demo data. Prints a Markdown table and writes artifacts/reliability/badinput.json.
Not a timed test; the pass/fail assertions live in tests/badinput/.
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
    return 0 if all("error" not in r and r["found"] for r in rows) else 1


if __name__ == "__main__":
    raise SystemExit(main())
