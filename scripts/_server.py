"""The scripts' one server start: `streamlit run <app>` on a free loopback port, returned once
``/_stcore/health`` answers "ok"; stopped by :func:`stop`.

Used by ``bench_browser.py`` (and through it ``bench_sessions.py``), ``bench_map.py``,
``screenshots.py`` and ``probe_uploads.py``; each passes its own app file, working directory,
environment and extra flags. A server that exits during the start or does not answer in time is
stopped and reported as :class:`ServerStartError` with the end of its log.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

# loopback only, no browser tab, no usage statistics: every script wants these
BASE_FLAGS = ("--server.address=127.0.0.1", "--server.headless=true", "--browser.gatherUsageStats=false")
POLL_S = 0.1
LOG_TAIL = 3000  # characters of the server log quoted when the start fails


class ServerStartError(RuntimeError):
    """The server exited during the start or did not answer in time (message in German)."""


@dataclass
class Started:
    process: subprocess.Popen
    url: str  # http://127.0.0.1:<port>
    log: Path | None  # the server's stdout and stderr, when kept
    launched: float  # time.perf_counter() when the process was started
    healthy: float  # time.perf_counter() when /_stcore/health first answered "ok"


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_streamlit(app: Path, *, cwd: Path, env: Mapping[str, str] | None = None, flags: Sequence[str] = (),
                    log: Path | None = None, timeout_s: float = 90.0, port: int | None = None) -> Started:
    """`streamlit run app` (this interpreter) with :data:`BASE_FLAGS` and ``flags``; ``env`` is added
    to the current environment. ``port``: a free one unless the caller had to know it beforehand."""
    port = port or free_port()
    cmd = [sys.executable, "-m", "streamlit", "run", str(app), f"--server.port={port}", *BASE_FLAGS, *flags]
    return launch(cmd, f"http://127.0.0.1:{port}", cwd=cwd, env=env, log=log, timeout_s=timeout_s)


def launch(cmd: Sequence[str], url: str, *, cwd: Path, env: Mapping[str, str] | None = None,
           log: Path | None = None, timeout_s: float = 90.0) -> Started:
    """Start ``cmd`` and wait until ``url``/_stcore/health answers "ok"; on failure the process is stopped."""
    full_env = {**os.environ, "PYTHONUNBUFFERED": "1", **(env or {})}
    launched = time.perf_counter()
    if log is None:
        process = subprocess.Popen(list(cmd), cwd=cwd, env=full_env, stdout=subprocess.DEVNULL,
                                   stderr=subprocess.STDOUT)
    else:
        with open(log, "w", encoding="utf-8") as out:  # the child keeps its own copy of the handle
            process = subprocess.Popen(list(cmd), cwd=cwd, env=full_env, stdout=out, stderr=subprocess.STDOUT)
    try:
        healthy = wait_healthy(process, url, timeout_s, log)
    except BaseException:
        stop(process)
        raise
    return Started(process, url, log, launched, healthy)


def wait_healthy(process: subprocess.Popen, url: str, timeout_s: float, log: Path | None = None) -> float:
    """perf_counter() of the first "ok" from ``url``/_stcore/health; ServerStartError when the
    process exits first or ``timeout_s`` passes."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise ServerStartError(f"streamlit hat sich beim Start beendet (Exit-Code {process.returncode})"
                                   + _tail(log))
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as resp:
                if resp.read().strip() == b"ok":
                    return time.perf_counter()
        except OSError:  # not listening yet (connection refused, reset, 503 while starting)
            pass
        time.sleep(POLL_S)
    raise ServerStartError(f"streamlit antwortet nicht innerhalb von {timeout_s:.0f} s" + _tail(log))


def stop(process: subprocess.Popen, timeout_s: float = 10.0) -> int:
    """Terminate, and kill when it does not end within ``timeout_s``; returns the exit code."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=timeout_s)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=timeout_s)
    return process.returncode


def _tail(log: Path | None) -> str:
    if log is None or not log.exists():
        return ""
    text = log.read_text(encoding="utf-8", errors="replace")[-LOG_TAIL:]
    return f"; Protokoll ({log}):\n{text}" if text.strip() else f"; Protokoll leer ({log})"
