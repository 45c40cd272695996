"""scripts/_server.py: the one "start streamlit, wait for health" of the scripts.

A stand-in server (a few lines of http.server) checks the wait loop without Streamlit's start-up
cost: it answers only after a delay, answers something else than "ok", exits early, or never
listens. One real `streamlit run` of a two-line app checks the command line the scripts use."""

from __future__ import annotations

import sys
import textwrap
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))
try:
    import _server
finally:
    sys.path.remove(str(ROOT / "scripts"))

FAKE = textwrap.dedent('''
    import http.server, sys, time
    port, delay, body, exit_code = int(sys.argv[1]), float(sys.argv[2]), sys.argv[3].encode(), sys.argv[4]
    print("fake server starting", flush=True)
    time.sleep(delay)
    if exit_code != "-":
        print("Traceback: kaputt beim Start", flush=True)
        sys.exit(int(exit_code))
    class H(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            self.send_response(200); self.end_headers(); self.wfile.write(body)
        def log_message(self, *a):
            pass
    http.server.HTTPServer(("127.0.0.1", port), H).serve_forever()
''')


def _fake(tmp_path: Path, delay: float, body: str = "ok", exit_code: str = "-") -> tuple[list[str], str]:
    script = tmp_path / "fake.py"
    script.write_text(FAKE, encoding="utf-8")
    port = _server.free_port()
    return [sys.executable, str(script), str(port), str(delay), body, exit_code], f"http://127.0.0.1:{port}"


@pytest.mark.parametrize("delay", [0.0, 0.7])
def test_returns_once_healthy_and_stop_ends_the_process(tmp_path, delay):
    cmd, url = _fake(tmp_path, delay)
    started = _server.launch(cmd, url, cwd=tmp_path, log=tmp_path / "server.log", timeout_s=20)
    try:
        assert started.url == url
        assert started.healthy - started.launched >= delay
        with urllib.request.urlopen(f"{url}/_stcore/health", timeout=5) as resp:
            assert resp.read() == b"ok"  # it was healthy when launch returned, and still is
        assert "fake server starting" in (tmp_path / "server.log").read_text(encoding="utf-8")
    finally:
        code = _server.stop(started.process)
    assert started.process.poll() is not None and code is not None


def test_an_early_exit_is_reported_in_german_with_the_log(tmp_path):
    cmd, url = _fake(tmp_path, 0.2, exit_code="3")
    t0 = time.monotonic()
    with pytest.raises(_server.ServerStartError) as err:
        _server.launch(cmd, url, cwd=tmp_path, log=tmp_path / "server.log", timeout_s=30)
    assert time.monotonic() - t0 < 15  # not the whole timeout: the exit is noticed
    text = str(err.value)
    assert "beim Start beendet" in text and "Exit-Code 3" in text and "kaputt beim Start" in text


def test_no_answer_or_a_wrong_answer_times_out_and_the_process_is_stopped(tmp_path, monkeypatch):
    launched = []
    real_popen = _server.subprocess.Popen

    def popen(*a, **k):
        launched.append(real_popen(*a, **k))
        return launched[-1]

    monkeypatch.setattr(_server.subprocess, "Popen", popen)
    for delay, body in [(60.0, "ok"), (0.0, "starting")]:  # never listens; listens but is not ready
        cmd, url = _fake(tmp_path, delay, body=body)
        with pytest.raises(_server.ServerStartError, match="antwortet nicht innerhalb von 2 s"):
            _server.launch(cmd, url, cwd=tmp_path, timeout_s=2)
        assert launched[-1].poll() is not None  # stopped, not left running


def test_stop_kills_a_process_that_ignores_terminate(tmp_path):
    script = tmp_path / "stubborn.py"
    script.write_text("import signal, time\nsignal.signal(signal.SIGTERM, signal.SIG_IGN)\nprint('x', flush=True)\n"
                      "time.sleep(60)\n", encoding="utf-8")
    proc = _server.subprocess.Popen([sys.executable, str(script)], stdout=_server.subprocess.PIPE)
    proc.stdout.readline()  # the handler is installed
    t0 = time.monotonic()
    assert _server.stop(proc, timeout_s=1) == -9
    assert time.monotonic() - t0 < 10


def test_a_real_streamlit_app_starts_on_loopback(tmp_path):
    app = tmp_path / "app.py"
    app.write_text("import streamlit as st\nst.write('hallo')\n", encoding="utf-8")
    started = _server.start_streamlit(app, cwd=tmp_path, log=tmp_path / "server.log", timeout_s=90,
                                      flags=["--server.fileWatcherType=none"])
    try:
        assert started.url.startswith("http://127.0.0.1:")
        with urllib.request.urlopen(started.url, timeout=10) as resp:
            assert resp.status == 200
    finally:
        _server.stop(started.process)
