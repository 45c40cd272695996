"""Benchmark: `python -m ankunft check` vs. `pandas.read_excel(engine="openpyxl")` as whole processes.

Generates a 50,000-stay residents export shaped like a real one (title rows, German headers,
German date text + Excel serials + date cells in one column, a sum row, footnotes, a notes
sheet), then times each command as a separate process (median of N runs) and reports the peak
memory (max RSS of the child, from os.wait4). Not a timed test.

    .venv/bin/python scripts/bench_import.py [--rows 50000] [--runs 3] [--write] [--parts] [--timeline] [--against REV]

`--write` replaces the "Benchmark: import" section of docs/benchmarks.md. `--against REV` also runs `check`
of an earlier commit (a temporary git worktree, the same Python and packages) in the same interleaved rounds:
whether a change kept the speed is measured like with like, on a machine whose speed drifts by a third within
minutes. `--timeline` prints when each phase of a real `check` ends (the entry point with marks, median).
`--parts` also prints
where `check`'s CPU time goes, stage by stage in one process (median of the runs), and which stages
can overlap: calamine parses without the GIL while the main thread imports pandas, and the guards
run in a forked child process (io/read_ahead.py), everything else holds this process's GIL – so the
wall time of `check` is at least imports up to the read + max(guards + calamine, pandas & co.
imports + warm-up) + rows + check (with the guards in the process, as without fork: the larger of
"everything but calamine" and the chain "imports → guards → calamine → rows → check"), and never
less than the process's GIL work (everything but guards and calamine).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import xlsxwriter

ROOT = Path(__file__).resolve().parents[1]
START, END = "<!-- bench:import:start -->", "<!-- bench:import:end -->"
STATUSES = ("Asylverfahren", "Aufenthaltsgestattung", "anerkannt (§ 25 Abs. 2 AufenthG)", "subsidiärer Schutz",
            "Duldung", "§ 24 AufenthG (Ukraine)", "Abschiebungsverbot", "Sonstiges")
NATIONS = ("syrisch", "afghanisch", "ukrainisch", "türkisch", "irakisch", "eritreisch", "iranisch", "somalisch")
ACCS = [f"{i:03d}" for i in range(1, 15)] + ["Ehem. Hauptpost", "Asternweg", "Hotel Zepp"]


def generate(path: Path, rows: int, seed: int = 7) -> Path:
    rnd = random.Random(seed)
    wb = xlsxwriter.Workbook(str(path), {"strings_to_numbers": False})
    dfmt = wb.add_format({"num_format": "dd.mm.yyyy"})
    bold = wb.add_format({"bold": True})
    ws = wb.add_worksheet("Bewohner")
    ws.write(0, 0, "Stadtverwaltung Kaiserslautern – Referat Soziales", bold)
    ws.write(1, 0, "Aufenthalte in Gemeinschaftsunterkünften (pseudonymisiert)")
    ws.write(2, 0, "Stand: 01.10.2026")
    header = ["Personen-Nr.", "BG-Nr.", "Unterkunft", "Einzugsdatum", "Auszugsdatum", "Geschl.", "Geb.-Jahr",
              "Staatsang.", "Aufenthaltsstatus", "Bemerkung"]
    ws.write_row(4, 0, header, bold)
    base = dt.date(2015, 1, 1)
    stichtag = dt.date(2026, 10, 1)
    r = 5
    person = 0
    next_in = None  # a person's second stay starts after the first ends
    for i in range(rows):
        if next_in is None:
            person += 1
            move_in = base + dt.timedelta(days=rnd.randrange(0, 4000))
        else:
            move_in = next_in
        out = move_in + dt.timedelta(days=rnd.randrange(30, 1500)) if rnd.random() < 0.6 else None
        if out is not None and out >= stichtag:
            out = None
        # about a third of the people move once between accommodations
        next_in = out + dt.timedelta(days=1) if (out is not None and next_in is None and rnd.random() < 0.5) else None
        ws.write_string(r, 0, f"P{person:06d}")
        ws.write_string(r, 1, f"{person // 3 + 1:05d}")
        ws.write_string(r, 2, rnd.choice(ACCS))
        k = i % 10
        if k < 6:
            ws.write_datetime(r, 3, dt.datetime(move_in.year, move_in.month, move_in.day), dfmt)
        elif k < 9:
            ws.write_string(r, 3, move_in.strftime("%d.%m.%Y"))
        else:
            ws.write_number(r, 3, (move_in - dt.date(1899, 12, 30)).days)
        if out is not None:
            ws.write_string(r, 4, out.strftime("%d.%m.%Y"))
        ws.write_string(r, 5, rnd.choice("mwmwd" if i % 97 == 0 else "mw"))
        ws.write_number(r, 6, rnd.randrange(1950, 2024))
        ws.write_string(r, 7, rnd.choice(NATIONS))
        ws.write_string(r, 8, rnd.choice(STATUSES))
        if i % 50 == 0:
            ws.write_string(r, 9, "Umzug beantragt")
        r += 1
    ws.write_string(r, 0, "Gesamt", bold)
    ws.write_string(r, 2, f"{rows} Aufenthalte")
    ws.write_string(r + 2, 0, "Quelle: Fachverfahren Unterbringung, Export vom 02.10.2026.")
    notes = wb.add_worksheet("Hinweise")
    for k, line in enumerate(["Hinweise zum Export", "Geschl.: m/w/d", "Auszugsdatum leer = wohnt noch dort",
                              "Personen-Nr. pseudonymisiert"]):
        notes.write_string(k, 0, line)
    wb.close()
    return path


def child_env(pycache: str) -> dict[str, str]:
    """The children's environment: bytecode cached as on an installed system.

    Python writes each module's bytecode (.pyc) on its first import and loads it afterwards. A shell
    with PYTHONDONTWRITEBYTECODE=1 (CI, containers, this project's sandbox) makes every child compile
    the sources of each module whose cached bytecode is missing or stale – for `check` the ankunft
    modules edited since the last write (up to 0,4 s CPU), for openpyxl/pandas nothing (site-packages
    ship their .pyc). So the children write and read bytecode in a private cache directory
    (PYTHONPYCACHEPREFIX, nothing written into the tree) and one unmeasured warm-up round fills it."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPYCACHEPREFIX"] = pycache
    return env


def measure(cmd: list[str], env: dict[str, str] | None = None, cwd: Path = ROOT) -> tuple[float, float, int, float]:
    """(wall seconds, peak RSS in MB, exit status, CPU seconds) of one child process."""
    t0 = time.perf_counter()
    p = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    _, status, usage = os.wait4(p.pid, 0)
    wall = time.perf_counter() - t0
    p.returncode = os.waitstatus_to_exitcode(status)
    return wall, usage.ru_maxrss / 1024, p.returncode, usage.ru_utime + usage.ru_stime


def worktree(rev: str, where: Path) -> Path:
    """A checkout of commit `rev` at `where` (git worktree, detached); removed by `drop_worktree`."""
    subprocess.run(["git", "worktree", "add", "--detach", "-q", str(where), rev], cwd=ROOT, check=True)
    return where


def drop_worktree(where: Path) -> None:
    subprocess.run(["git", "worktree", "remove", "--force", str(where)], cwd=ROOT, check=False,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def run(rows: int, runs: int, against: str | None = None) -> dict:
    py = sys.executable
    with tempfile.TemporaryDirectory() as d:
        path = generate(Path(d) / "export.xlsx", rows)
        size = path.stat().st_size
        where = {name: ROOT for name in ("check", "openpyxl", "python", "earlier")}
        if against:
            where["earlier"] = worktree(against, Path(d) / "earlier")
        cmds = {
            "check": [py, "-m", "ankunft", "check", "--json", str(path)],
            "openpyxl": [py, "-c", "import sys, pandas as pd; pd.read_excel(sys.argv[1], sheet_name=None, "
                                   "engine='openpyxl')", str(path)],
            "python": [py, "-c", "import pandas"],
        }
        if against:
            cmds["earlier"] = cmds["check"]
        # interleaved rounds (check, openpyxl, pandas, check, …): on a shared machine the speed
        # drifts by a third within minutes; each round's ratio compares like with like
        samples: dict[str, list] = {name: [] for name in cmds}
        env = child_env(str(Path(d) / "pycache"))
        try:
            for name, cmd in cmds.items():  # warm-up: fills the bytecode cache, not measured
                measure(cmd, env, where[name])
            for _ in range(runs):
                for name, cmd in cmds.items():
                    samples[name].append(measure(cmd, env, where[name]))
        finally:
            if against:
                drop_worktree(where["earlier"])
        res = {}
        for name, got in samples.items():
            res[name] = {"wall": statistics.median(s[0] for s in got),
                         "rss": max(s[1] for s in got), "status": got[0][2],
                         "cpu": statistics.median(s[3] for s in got)}
    if against:
        res["earlier"]["rev"] = against
        res["earlier"]["speedup"] = statistics.median(o[0] / c[0] for c, o in zip(samples["earlier"],
                                                                                   samples["openpyxl"]))
    ratios = [o[0] / c[0] for c, o in zip(samples["check"], samples["openpyxl"])]
    ratios_cpu = [o[3] / c[3] for c, o in zip(samples["check"], samples["openpyxl"])]
    res["rows"] = rows
    res["size_mb"] = size / 1024 / 1024
    res["speedup"] = statistics.median(ratios)
    res["speedup_range"] = (min(ratios), max(ratios))
    res["speedup_cpu"] = statistics.median(ratios_cpu)
    res["load"] = os.getloadavg()[0]
    return res


# Runs check's stages one after another in one process and prints their CPU seconds as JSON.
_PARTS = """
import io, json, sys, time
clock = time.process_time
out = {}
t = clock()
import ankunft.cli.main, ankunft.importing.io.read_ahead
from ankunft.importing.io.guards import Limits, inspect_xlsx
from ankunft.cli.check_command import _one_blas_thread
_one_blas_thread()  # as check does before numpy loads
out["Importe bis Lesebeginn"] = clock() - t
data = open(sys.argv[1], "rb").read()
t = clock(); inspect_xlsx(data, Limits(), sys.argv[1]); out["Schutzprüfung (guards)"] = clock() - t
import python_calamine as pc
t = clock()
wb = pc.CalamineWorkbook.from_filelike(io.BytesIO(data))
sheets = [wb.get_sheet_by_name(n) for n in wb.sheet_names]
out["calamine (ohne GIL)"] = clock() - t
t = clock(); [s.to_python(skip_empty_area=False) for s in sheets]; out["Zeilen als Python-Listen"] = clock() - t
t = clock(); import ankunft.importing.io.header; out["Import Kopfzeilenerkennung"] = clock() - t
t = clock(); import numpy; out["Import numpy"] = clock() - t
t = clock(); import pandas; out["Import pandas"] = clock() - t
t = clock(); from ankunft.importing.pipeline import check_files, warm_up; out["Import Pipeline (Rest)"] = clock() - t
from ankunft.importing.io.read_ahead import load
loaded = load(sys.argv[1], None, Limits())  # read again, not measured
import gc; gc.disable()
t = clock(); warm_up(); out["Vorwärmen (während calamine liest)"] = clock() - t
t = clock(); reports = check_files([loaded]); out["Prüfen nach dem Vorwärmen (Erkennung, Werte, Regeln)"] = clock() - t
t = clock(); json.dumps({"files": [r.to_json() for r in reports]}, ensure_ascii=False, indent=1)
out["JSON"] = clock() - t
print(json.dumps(out))
"""


# The real entry point (`python -m ankunft check --json FILE`) with a mark written to stderr when each phase of
# the run ends, in seconds since the parent started the process (T0): where the wall time goes, not the CPU.
_TIMELINE = """
import os, sys, time, runpy
T0 = float(os.environ["BENCH_T0"])
def mark(name):
    os.write(2, f"@@{name}={time.time() - T0:.4f}\\n".encode())
mark("Python gestartet")
import ankunft.importing.io.read_ahead as ra
import ankunft.importing.io.readers as rd
load, open_quietly, read_calamine = ra.load, rd._open_quietly, rd._read_calamine
def marked_load(*a, **k):
    mark("Lesen beginnt (Importe bis Lesebeginn)")
    out = load(*a, **k)
    mark("gelesen (calamine, Zeilen)")
    return out
def marked_open(data):
    out = open_quietly(data)
    mark("Arbeitsmappe geöffnet (Container geprüft)")
    return out
def marked_read(*a, **k):
    mark("Schutzprüfung bestanden, Blätter werden geparst")
    return read_calamine(*a, **k)
ra.load, rd._open_quietly, rd._read_calamine = marked_load, marked_open, marked_read
class Finder:
    def find_spec(self, name, path, target=None):
        if name != "ankunft.importing.pipeline":
            return None
        sys.meta_path.remove(self)
        import importlib.util
        spec = importlib.util.find_spec(name)
        exec_module = spec.loader.exec_module
        def marked_exec(mod):
            exec_module(mod)
            mark("Pipeline (pandas) importiert")
            check_files, warm_up = mod.check_files, mod.warm_up
            def marked_check(*a, **k):
                out = check_files(*a, **k)
                mark("Prüfung fertig")
                return out
            def marked_warm():
                warm_up()
                mark("Vorwärmen fertig")
            mod.check_files, mod.warm_up = marked_check, marked_warm
        spec.loader.exec_module = marked_exec
        return spec
sys.meta_path.insert(0, Finder())
sys.argv = ["ankunft", "check", "--json", sys.argv[1]]
runpy.run_module("ankunft", run_name="__main__", alter_sys=True)
"""


def timeline(path: Path, runs: int, env: dict[str, str]) -> str:
    """When each phase of a real `check` ends (median of `runs` processes, seconds since the start)."""
    got: list[dict[str, float]] = []
    for i in range(runs + 1):  # the first run fills the bytecode cache
        t0 = time.time()
        proc = subprocess.run([sys.executable, "-c", _TIMELINE, str(path)], cwd=ROOT,
                              env={**env, "BENCH_T0": repr(t0)}, capture_output=True, text=True, check=True)
        end = time.time() - t0
        if i:
            marks = dict(line[2:].rsplit("=", 1) for line in proc.stderr.splitlines() if line.startswith("@@"))
            got.append({**{k: float(v) for k, v in marks.items()}, "Prozess beendet": end})
    names = sorted({k for g in got for k in g}, key=lambda k: statistics.median(g.get(k, 0.0) for g in got))
    lines = ["| Zeitpunkt in `check` (echter Aufruf) | s seit Start (Median) |", "|---|---:|"]
    lines += [f"| {k} | {de(statistics.median(g[k] for g in got if k in g), 3)} |" for k in names]
    return "\n".join(lines)


def parts(path: Path, runs: int, env: dict[str, str]) -> str:
    """check's stages (CPU seconds, median of `runs` processes) and the two lower bounds of its wall time."""
    import json

    got: list[dict] = []
    for i in range(runs + 1):  # the first run fills the bytecode cache
        proc = subprocess.run([sys.executable, "-c", _PARTS, str(path)], cwd=ROOT, env=env, capture_output=True,
                              text=True, check=True)
        if i:
            got.append(json.loads(proc.stdout))
    med = {k: statistics.median(g[k] for g in got) for k in got[0]}
    lines = ["| Stufe von `check` | CPU (s) |", "|---|---:|"]
    lines += [f"| {k} | {de(v, 3)} |" for k, v in med.items()]
    bound_forked, bound_here = wall_bounds(med)
    lines += ["", (f"Untergrenze der Wanduhr (ohne Python-Start): {de(bound_forked, 2)} s mit der Schutzprüfung im "
                   f"Kindprozess (Importe bis Lesebeginn + max(Schutzprüfung + calamine, Importe numpy/pandas/"
                   f"Pipeline + Vorwärmen) + Zeilen + Prüfen + JSON); {de(bound_here, 2)} s mit der Schutzprüfung "
                   "im Prozess (ohne fork, ohne Vorwärmen: dessen einmalige Arbeit fällt dann beim Prüfen an)."),
              (f"Der Prozess von `check` hält das GIL insgesamt {de(gil_work(med), 2)} s (alle Stufen außer "
               "Schutzprüfung und calamine): so lange dauert `check` mindestens, wie sich die Zweige auch überlappen.")]
    return "\n".join(lines)


def wall_bounds(med: dict[str, float]) -> tuple[float, float]:
    """Lower bounds of check's wall time from its stages' CPU seconds: with the guards in a forked child
    (they overlap the pandas import) and with the guards in the process (they hold its GIL)."""
    start = med["Importe bis Lesebeginn"]
    guards, parse = med["Schutzprüfung (guards)"], med["calamine (ohne GIL)"]
    imports = sum(med[k] for k in ("Import Kopfzeilenerkennung", "Import numpy", "Import pandas",
                                   "Import Pipeline (Rest)"))
    warm = med["Vorwärmen (während calamine liest)"]
    after = sum(med[k] for k in ("Zeilen als Python-Listen", "Prüfen nach dem Vorwärmen (Erkennung, Werte, Regeln)",
                                 "JSON"))
    forked = start + max(guards + parse, imports + warm) + after
    here = start + guards + max(parse, imports) + after + warm  # the one-time work then falls into the check
    return forked, here


def gil_work(med: dict[str, float]) -> float:
    """CPU seconds in which check's own process holds the GIL (everything but the forked guards and
    calamine's parse): a lower bound of its wall time whatever overlaps."""
    return sum(v for k, v in med.items() if k not in ("Schutzprüfung (guards)", "calamine (ohne GIL)"))


def de(x: float, d: int = 1) -> str:
    return f"{x:,.{d}f}".replace(",", "\u0000").replace(".", ",").replace("\u0000", ".")


def markdown(res: dict, runs: int) -> str:
    c, o, p = res["check"], res["openpyxl"], res["python"]
    return "\n".join([
        START,
        "## Benchmark: import",
        "",
        f"`scripts/bench_import.py` – Bewohner-Export mit {de(res['rows'], 0)} Aufenthalten "
        f"({de(res['size_mb'])} MB; Titelzeilen, deutsche Überschriften, Datum als Zelle, Text und "
        "Seriennummer gemischt, Summenzeile, Fußnote, Hinweisblatt). Jeder Befehl als eigener Prozess, "
        f"{runs} Runden abwechselnd (check, openpyxl, pandas) nach einer ungemessenen Aufwärmrunde, Median; "
        "Bytecode (.pyc) zwischengespeichert wie auf einem installierten System (eigenes PYTHONPYCACHEPREFIX, "
        "ohne PYTHONDONTWRITEBYTECODE); Spitzen-Speicher = max. RSS des Kindprozesses (`os.wait4`). "
        f"Rechner: {os.cpu_count()} Kerne, Python {platform.python_version()}.",
        "",
        "| Prozess | Zeit (s) | CPU (s) | Spitzen-Speicher (MB) | Exit |",
        "|---|---:|---:|---:|---:|",
        f"| `python -m ankunft check --json` (lesen, prüfen, Bericht) | {de(c['wall'], 2)} | {de(c['cpu'], 2)} | "
        f"{de(c['rss'], 0)} | {c['status']} |",
        f"| `pandas.read_excel(engine=\"openpyxl\")` (nur lesen) | {de(o['wall'], 2)} | {de(o['cpu'], 2)} | "
        f"{de(o['rss'], 0)} | {o['status']} |",
        f"| `python -c \"import pandas\"` (Sockel) | {de(p['wall'], 2)} | {de(p['cpu'], 2)} | {de(p['rss'], 0)} | "
        f"{p['status']} |",
        *earlier_row(res),
        "",
        f"**`check` ist {de(res['speedup'])}× so schnell** (Wanduhr, Median der Runden; Spanne "
        f"{de(res['speedup_range'][0])}–{de(res['speedup_range'][1])}×; CPU-Zeit {de(res['speedup_cpu'])}×) wie das "
        f"reine Einlesen mit openpyxl (Ziel ≥ 4×) und braucht höchstens {de(c['rss'], 0)} MB (Ziel < 500 MB). "
        f"Systemlast während der Messung: {de(res['load'], 1)} (gemeinsam genutzter Rechner; die CPU-Zeit ist "
        "davon weniger abhängig als die Wanduhr).",
        END,
    ])


def earlier_row(res: dict) -> list[str]:
    """The row of `check` at an earlier commit (`--against`), with its own factor, or nothing."""
    e = res.get("earlier")
    if not e:
        return []
    return [f"| `check` auf dem Stand `{e['rev']}` (dieselben Runden; Faktor {de(e['speedup'])}×) | {de(e['wall'], 2)} | "
            f"{de(e['cpu'], 2)} | {de(e['rss'], 0)} | {e['status']} |"]


def write_section(text: str) -> Path:
    doc = ROOT / "docs" / "benchmarks.md"
    if doc.exists():
        old = doc.read_text(encoding="utf-8")
        if START in old and END in old:
            new = old.split(START)[0] + text + old.split(END, 1)[1]
        else:
            new = old.rstrip("\n") + "\n\n" + text + "\n"
    else:
        new = "# Benchmarks\n\n" + text + "\n"
    doc.write_text(new, encoding="utf-8")
    return doc


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=50_000)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--write", action="store_true", help="update docs/benchmarks.md")
    ap.add_argument("--parts", action="store_true", help="also print check's stages (CPU, one process)")
    ap.add_argument("--against", metavar="REV", help="also measure check at an earlier commit, interleaved")
    ap.add_argument("--timeline", action="store_true", help="also print when each phase of a real check ends")
    a = ap.parse_args()
    res = run(a.rows, a.runs, a.against)
    text = markdown(res, a.runs)
    print(text)
    if a.parts or a.timeline:
        with tempfile.TemporaryDirectory() as d:
            path = generate(Path(d) / "export.xlsx", a.rows)
            env = child_env(str(Path(d) / "pycache"))
            if a.parts:
                print("\n" + parts(path, a.runs, env))
            if a.timeline:
                print("\n" + timeline(path, a.runs, env))
    if a.write:
        print(f"geschrieben: {write_section(text)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
