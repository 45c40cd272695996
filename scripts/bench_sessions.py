"""Benchmark: server memory with 10 concurrent browser sessions on a store with 50,000 stays (issue #16).

Starts `streamlit run app.py` on a copy of the benchmark store of `scripts/bench_browser.py` (demo
exports + 50,000 stays), opens N sessions (separate browser contexts = separate Streamlit sessions,
each with its own cookies) in Debian's chromium and walks every session through all pages at the
same time: each step clicks the same page in every session, then waits until all have settled,
then does the same in council mode. The server's resident memory is read from /proc every 0.2 s;
the peak is VmHWM (the kernel's high-water mark of the process). Target: < 600 MB for 10 sessions.
Not a timed test.

    .venv/bin/python scripts/bench_sessions.py [--sessions 10] [--store PATH] [--write]

`--write` replaces the "Benchmark: server memory" section of docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))

from bench_browser import (  # noqa: E402 - scripts/ on the path first
    CHROMIUM,
    CHROMIUM_ARGS,
    PAGES,
    de,
    ensure_store,
    nav,
    open_sidebar,
    settle,
    start_server,
)

START, END = "<!-- bench:sessions:start -->", "<!-- bench:sessions:end -->"
TARGET_MB = 600


class Sampler(threading.Thread):
    """Reads the server's VmRSS every ``every`` seconds; keeps the maximum and the last value."""

    def __init__(self, server, every: float = 0.2) -> None:
        super().__init__(daemon=True)
        self.server, self.every = server, every
        self.max_mb = 0.0
        self.stop_flag = threading.Event()

    def run(self) -> None:
        while not self.stop_flag.is_set():
            try:
                self.max_mb = max(self.max_mb, self.server.rss_mb())
            except (FileNotFoundError, ProcessLookupError):
                return
            time.sleep(self.every)


def walk(pages: list, council: bool) -> list[float]:
    """Every session clicks the same page, then all settle; returns the slowest settle per page."""
    slowest = []
    for title in PAGES:
        t0 = time.perf_counter()
        for page in pages:
            open_sidebar(page)
            nav(page, title).click()
        slowest.append(max(settle(page, t0) for page in pages))
        print(f"  {'Rat ' if council else ''}{title}: alle {len(pages)} Sitzungen fertig nach "
              f"{de(slowest[-1])} s", flush=True)
    return slowest


def run(store: Path, sessions: int) -> dict:
    from playwright.sync_api import sync_playwright

    server = start_server(store)
    sampler = Sampler(server)
    sampler.start()
    out: dict = {"idle_mb": server.rss_mb()}
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
            try:
                contexts = [browser.new_context(locale="de-DE", timezone_id="Europe/Berlin",
                                                viewport={"width": 1440, "height": 900}) for _ in range(sessions)]
                pages = [c.new_page() for c in contexts]
                for c in contexts:
                    c.set_default_timeout(300_000)
                t0 = time.perf_counter()
                for page in pages:
                    page.goto(server.url, wait_until="commit")
                out["first"] = max(settle(page, t0, 300) for page in pages)
                out["after_first_mb"] = server.rss_mb()
                out["working"] = walk(pages, council=False)
                for page in pages:
                    open_sidebar(page)
                    page.locator('[data-testid="stSidebar"]').get_by_text("Ratsmodus", exact=True).click()
                for page in pages:
                    settle(page, time.perf_counter(), 300)
                out["council"] = walk(pages, council=True)
                out["end_mb"] = server.rss_mb()
            finally:
                browser.close()
        time.sleep(2)
        out["after_close_mb"] = server.rss_mb()
        out["peak_mb"] = max(server.peak_mb(), sampler.max_mb)
    finally:
        sampler.stop_flag.set()
        log = (server.workdir / "server.log").read_text(encoding="utf-8", errors="replace")
        out["tracebacks"] = log.count("Traceback")
        server.stop()
    return out


def markdown(res: dict, sessions: int, label: str) -> str:
    ok = "erreicht" if res["peak_mb"] < TARGET_MB else "nicht erreicht"
    return f"""{START}
## Benchmark: server memory ({label})

`scripts/bench_sessions.py` – `streamlit run app.py` on the store of "Benchmark: browser" (demo exports plus
50.000 stays); {sessions} browser sessions (own contexts) in Debian's chromium walk through all 8 pages at the
same time (each page clicked in every session, then all settle), then again in council mode. Server
memory from /proc (VmRSS every 0,2 s; peak = VmHWM). Machine: {os.cpu_count()} cores, Python
{platform.python_version()}.

| Zeitpunkt | Server-Speicher (MB) |
|---|---:|
| Server bereit, keine Sitzung | {de(res['idle_mb'], 0)} |
| nach der ersten Ansicht in {sessions} Sitzungen | {de(res['after_first_mb'], 0)} |
| nach allen Seiten, Arbeits- und Ratsmodus | {de(res['end_mb'], 0)} |
| nach dem Schließen der Sitzungen | {de(res['after_close_mb'], 0)} |
| **Spitze (VmHWM)** | **{de(res['peak_mb'], 0)}** |

Target < {TARGET_MB} MB for {sessions} sessions: {ok}. Slowest session per page (all {sessions} at once): working
mode {de(max(res['working']))} s, council mode {de(max(res['council']))} s; first view of all sessions
{de(res['first'])} s. Tracebacks in the server log: {res['tracebacks']}.
{END}"""


def write_section(text: str) -> Path:
    from bench_pages import write_section as write_marked

    return write_marked(text, START, END)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=50_000)
    ap.add_argument("--sessions", type=int, default=10)
    ap.add_argument("--store", type=Path, help="benchmark store (built there when absent)")
    ap.add_argument("--label", default="nach den Änderungen")
    ap.add_argument("--write", action="store_true", help="update docs/benchmarks.md")
    a = ap.parse_args()
    res = run(ensure_store(a.store, a.rows), a.sessions)
    text = markdown(res, a.sessions, a.label)
    print(text)
    if a.write:
        print(f"geschrieben: {write_section(text)}")
    return 0 if not res["tracebacks"] else 1


if __name__ == "__main__":
    sys.exit(main())
