"""Benchmark: the Übersicht and Unterkünfte page scripts (AppTest) with 50,000 stays imported.

Builds a temporary store: the demo exports (all five datasets, several Stichtage) imported as real
data, plus the 50,000-stay residents export of `scripts/bench_import.py` (Stichtag 01.10.2026).
Each page then runs in its own fresh process (so no cache is shared between pages):
first run (cold caches), then the median of further runs (warm caches, what a user sees when
changing a widget), and the same in council mode. Target: < 1 s per warm page run (issue 4).
Not a timed test.

    .venv/bin/python scripts/bench_pages.py [--rows 50000] [--runs 5] [--write]

`--write` replaces the "Benchmark: pages" section of docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

START, END = "<!-- bench:pages:start -->", "<!-- bench:pages:end -->"
PAGES = {"Übersicht": "app_pages/1_uebersicht.py", "Unterkünfte": "app_pages/2_unterkuenfte.py",
         "Wohnqualität": "app_pages/3_wohnqualitaet.py", "Soziale Infrastruktur": "app_pages/4_infrastruktur.py",
         "Stadtteilprofil": "app_pages/5_stadtteilprofil.py", "Szenarien": "app_pages/6_szenarien.py",
         "Bericht": "app_pages/7_bericht.py", "Daten": "app_pages/8_daten.py"}
TARGET_S = 1.0


def build_store(db: Path, rows: int, work: Path) -> dict:
    """Demo exports + the generated residents export, imported as real data. Returns row counts."""
    from bench_import import generate

    from ankunft.storage import demo, store

    s = store.Store(str(db))
    s.import_files(demo.generate(work / "demo"), user="bench")
    s.import_files([generate(work / "bewohner_50k.xlsx", rows)], user="bench")
    state = s.load_state(s.latest_stichtag())
    return {"stays": len(state.df("residents")), "accommodations": len(state.df("accommodations")),
            "stand": state.stand.isoformat()}


def measure_page(page: str, runs: int) -> dict:
    """Run one page (AppTest): first run, warm runs, council first and warm runs (seconds)."""
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / page), default_timeout=600)
    t = time.perf_counter()
    at.run()
    first = time.perf_counter() - t
    errors = [str(e.value) for e in at.exception]
    warm, cpu = [], []
    for _ in range(runs):
        t, c = time.perf_counter(), time.process_time()
        at.run()
        warm.append(time.perf_counter() - t)
        cpu.append(time.process_time() - c)
    at.session_state["council_mode"] = True
    t = time.perf_counter()
    at.run()
    council_first = time.perf_counter() - t
    council = []
    for _ in range(runs):
        t = time.perf_counter()
        at.run()
        council.append(time.perf_counter() - t)
    errors += [str(e.value) for e in at.exception]
    return {"first": first, "warm": statistics.median(warm), "warm_max": max(warm), "warm_cpu": statistics.median(cpu),
            "council_first": council_first, "council": statistics.median(council), "errors": errors}


def de(x: float, d: int = 2) -> str:
    return f"{x:,.{d}f}".replace(",", "\u0000").replace(".", ",").replace("\u0000", ".")


def verdict(r: dict) -> str:
    """Target met on the wall clock, or only in CPU time (the machine's load adds waiting time)."""
    if r["warm"] < TARGET_S and r["council"] < TARGET_S:
        return "ja"
    return "ja (CPU)" if r["warm_cpu"] < TARGET_S else "nein"


def markdown(info: dict, res: dict, runs: int, load: float) -> str:
    rows = "\n".join(
        f"| {name} | {de(r['first'])} | {de(r['warm'])} | {de(r['warm_max'])} | {de(r['warm_cpu'])} | "
        f"{de(r['council_first'])} | "
        f"{de(r['council'])} | {verdict(r)} |"
        for name, r in res.items())
    return f"""{START}
## Benchmark: pages

`scripts/bench_pages.py` – the demo exports plus a residents export with {de(info['stays'], 0)} stays
(`scripts/bench_import.py`'s generator) imported into a temporary store ({info['accommodations']}
accommodations, Stand {info['stand']}); each page script run by `streamlit.testing` AppTest in its own
process. *First run*: cold caches (loading the snapshots and computing every indicator once per data
Stand). *Warm*: median (and maximum) of {runs} further runs, what a user waits for after changing a widget;
the same for council mode; *CPU*: process CPU time of a warm run (less dependent on the machine's load).
Target: **< 1 s per warm page run**. Machine: {os.cpu_count()} cores,
Python {platform.python_version()}, load average {de(load, 1)} during the measurement (shared build machine).

| Seite | erster Lauf (s) | warm, Median (s) | warm, max. (s) | warm, CPU (s) | Ratsmodus erster Lauf (s) | Ratsmodus warm (s) | Ziel < 1 s |
|---|---:|---:|---:|---:|---:|---:|---|
{rows}
{END}"""


def write_section(text: str, start: str = START, end: str = END) -> Path:
    """Replace the section between the markers ``start``/``end`` in docs/benchmarks.md (or append it)."""
    doc = ROOT / "docs" / "benchmarks.md"
    old = doc.read_text(encoding="utf-8") if doc.exists() else "# Benchmarks\n"
    if start in old and end in old:
        new = old.split(start)[0] + text + old.split(end, 1)[1]
    else:
        new = old.rstrip("\n") + "\n\n" + text + "\n"
    doc.write_text(new, encoding="utf-8")
    return doc


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=50_000)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--write", action="store_true", help="update docs/benchmarks.md")
    ap.add_argument("--page", help=argparse.SUPPRESS)  # child process: measure one page, print JSON
    a = ap.parse_args()
    if a.page:
        print(json.dumps(measure_page(a.page, a.runs)))
        return 0
    with tempfile.TemporaryDirectory(prefix="ankunft-bench-") as tmp:
        work = Path(tmp)
        db = work / "bench.db"
        t = time.perf_counter()
        info = build_store(db, a.rows, work)
        print(f"Store aufgebaut in {de(time.perf_counter() - t, 1)} s: {info}")
        env = {**os.environ, "ANKUNFT_DB": str(db), "PYTHONPATH": str(ROOT)}
        res = {}
        loads = []
        for name, page in PAGES.items():
            loads.append(os.getloadavg()[0])
            out = subprocess.run([sys.executable, __file__, "--page", page, "--runs", str(a.runs)], env=env,
                                 capture_output=True, text=True, check=True, cwd=ROOT)
            res[name] = json.loads(out.stdout.strip().splitlines()[-1])
            if res[name]["errors"]:
                print(f"{name}: Fehler {res[name]['errors']}", file=sys.stderr)
            print(name, res[name])
    text = markdown(info, res, a.runs, statistics.mean(loads))
    print(text)
    if a.write:
        print(f"geschrieben: {write_section(text)}")
    return 0 if all(not r["errors"] for r in res.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
