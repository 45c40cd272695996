"""What `python -m ankunft check` loads (issue #14: check ≥ 4× as fast as reading with openpyxl).

The check process starts reading the first file (io/read_ahead.py: calamine parses without the GIL)
before the header detection (rapidfuzz), pandas and numpy load, and never loads the libraries only
other commands or the app use. The guard runs the real module entry point in a subprocess and
records `sys.modules` when reading starts and when the process leaves.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
sys.path.insert(0, str(ROOT / "tests" / "badinput"))
import badinput_cases as bc  # noqa: E402

# Runs `python -m ankunft check …` as the module entry point does and prints, as JSON on stderr, the
# modules loaded when the read-ahead starts and when the process leaves (check ends with os._exit).
_PROBE = """
import json, os, runpy, sys
seen = {}
def snapshot(key):
    seen[key] = sorted(m for m, mod in sys.modules.items() if mod is not None)
import ankunft.importing.io.read_ahead as ra
start = ra.ReadAhead.__init__
def init(self, *a, **k):
    snapshot("read_start")
    start(self, *a, **k)
ra.ReadAhead.__init__ = init
real_exit = os._exit
main_pid = os.getpid()
def leave(status):
    if os.getpid() != main_pid:  # the forked guard process (io/read_ahead.py) leaves silently
        real_exit(status)
    snapshot("exit")
    seen["blas_threads"] = os.environ.get("OPENBLAS_NUM_THREADS")
    sys.stderr.write(json.dumps(seen))
    sys.stderr.flush()
    real_exit(status)
os._exit = leave
sys.argv = ["ankunft", *sys.argv[1:]]
runpy.run_module("ankunft", run_name="__main__", alter_sys=True)
"""

# Loaded by other commands or the app, never needed to check a file.
NEVER = ("openpyxl", "xlsxwriter", "scipy", "highspy", "streamlit", "plotly", "pptx", "docx", "matplotlib",
         # the store and what only writing commands need (a check stores nothing; 3–5 ms before reading starts)
         "sqlite3", "getpass", "ankunft.storage")
# Loaded only after the first file is being read (in parallel with the read).
AFTER_READ_START = ("pandas", "numpy", "rapidfuzz", "ankunft.importing.matching", "ankunft.importing.io.header",
                    "ankunft.importing.pipeline")


def _probe(*args: str, env: dict[str, str] | None = None) -> tuple[dict, str]:
    proc = subprocess.run([sys.executable, "-c", _PROBE, "check", *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=120, env=env)
    assert proc.returncode in (0, 1), proc.stderr
    return json.loads(proc.stderr), proc.stdout


def _top(modules: list[str]) -> set[str]:
    return set(modules) | {m.split(".")[0] for m in modules}


def test_check_starts_reading_before_pandas_and_never_loads_export_or_app_libraries(tmp_path):
    f = bc.write_xlsx(tmp_path / "unterkuenfte.xlsx", [("U", bc.acc_rows())])
    # the test suite itself sets OPENBLAS_NUM_THREADS (tests/conftest.py): the probe runs without it
    seen, out = _probe("--json", str(f), env={k: v for k, v in os.environ.items() if k != "OPENBLAS_NUM_THREADS"})
    at_start, at_exit = _top(seen["read_start"]), _top(seen["exit"])
    assert json.loads(out)["files"][0]["ok"] is True
    assert seen["blas_threads"] == "1"  # numpy loaded with one BLAS thread (see the next test)
    assert "pandas" in at_exit and "ankunft.importing.pipeline" in at_exit  # the probe saw the whole run
    assert not at_exit & set(NEVER)
    assert not at_start & set(AFTER_READ_START)


def test_one_blas_thread_unless_the_user_chose():
    """OpenBLAS would start a worker per further core when numpy loads (26 ms CPU more on two cores, beside
    the guards and calamine); a check does no linear algebra. A number the user set stays; once numpy is
    loaded the variable would change nothing, so it is left alone. The run itself: the test above."""
    from ankunft.cli.check_command import _one_blas_thread

    chosen = {"OPENBLAS_NUM_THREADS": "3"}
    _one_blas_thread(chosen, {})
    assert chosen == {"OPENBLAS_NUM_THREADS": "3"}
    environ: dict[str, str] = {}
    _one_blas_thread(environ, {"numpy": object()})
    assert environ == {}
    _one_blas_thread(environ, {})
    assert environ == {"OPENBLAS_NUM_THREADS": "1"}
