"""Benchmark: felt speed of the real app in a real browser (issue #17), on a store with 50,000 stays.

Starts `streamlit run app.py` on loopback with a copy of a store that holds the demo exports plus a
residents export with 50,000 stays (`scripts/bench_pages.py`'s builder), drives it with playwright in
Debian's chromium and measures, per user action, the time from the action until the page is settled:
the script run has finished, the connection is up, no status widget, spinner, skeleton or stale
(greyed) element is left, and every plotly chart and map has drawn. Actions: the first page view
after the server start, each page switch, Stand change, district filter, council toggle, scenario
slider and an export download. Reports median and worst per action (targets on the 2-core machine:
median < 1 s, worst < 2 s, first view < 3 s), which actions miss them, and the server's peak memory.
Not a timed test. Every action must start a script run (counted by a MutationObserver armed right
before it) and leave the control as the user wanted it (filter set / cleared): an action that does
nothing is reported as failed, never timed as fast.

    .venv/bin/python scripts/bench_browser.py [--rounds 3] [--store PATH] [--write]
    .venv/bin/python scripts/bench_browser.py --store PATH --first-views 5 [--pause 3]  # first view, then Unterkünfte

`--store PATH` keeps the generated store (built once, ≈ 1 min) for further runs; the server always
works on a copy. `--write` replaces the "Benchmark: browser" section of docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from _server import start_streamlit, stop  # after scripts/ is on the path

START, END = "<!-- bench:browser:start -->", "<!-- bench:browser:end -->"
CHROMIUM = os.environ.get("ANKUNFT_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]
PAGES = ["Übersicht", "Unterkünfte", "Wohnqualität", "Soziale Infrastruktur", "Stadtteilprofil", "Szenarien",
         "Bericht", "Daten"]
TARGET_MEDIAN_S, TARGET_WORST_S, TARGET_FIRST_S = 1.0, 2.0, 3.0
QUIET_S = 0.5  # settled = the settled state held this long (the time reported is when it began)
POLL_MS = 40
RUN_START_S = 5.0  # an action that starts no script run within this is reported as failed

SETTLED_JS = """() => {
    const app = document.querySelector('[data-testid="stApp"]');
    if (!app) return "absent";
    if (app.getAttribute("data-test-script-state") === "running") return "running";
    if ((app.getAttribute("data-test-connection-state") || "").toUpperCase() !== "CONNECTED") return "connecting";
    if (document.querySelector('[data-testid="stSkeleton"], [data-testid="stSpinner"]')) return "skeleton";
    if (document.querySelector('[data-stale="true"]')) return "stale";
    const status = document.querySelector('[data-testid="stStatusWidget"]');
    if (status && status.innerText.trim()) return "status";
    for (const c of document.querySelectorAll('[data-testid="stPlotlyChart"]'))
        if (!c.querySelector('.main-svg')) return "plotly";
    for (const c of document.querySelectorAll('[data-testid="stDeckGlJsonChart"]'))
        if (!c.querySelector('canvas')) return "deck";
    return "settled";
}"""


def de(x: float, d: int = 2) -> str:
    return f"{x:,.{d}f}".replace(",", "\u0000").replace(".", ",").replace("\u0000", ".")


# --- server ------------------------------------------------------------------------------------
def ensure_store(path: Path | None, rows: int) -> Path:
    """The benchmark store (demo exports + ``rows`` stays), built once when ``path`` does not exist."""
    from bench_pages import build_store

    path = path or Path(tempfile.gettempdir()) / f"ankunft-bench-browser-{rows}.db"
    if not path.exists():
        work = Path(tempfile.mkdtemp(prefix="ankunft-bench-build-"))
        t = time.perf_counter()
        info = build_store(work / "bench.db", rows, work)
        shutil.move(str(work / "bench.db"), path)
        shutil.rmtree(work, ignore_errors=True)
        print(f"Store aufgebaut in {de(time.perf_counter() - t, 1)} s: {info}", flush=True)
    return path


@dataclass
class Server:
    url: str
    process: subprocess.Popen
    workdir: Path
    started: float = 0.0  # perf_counter when /_stcore/health first answered
    launched: float = 0.0  # perf_counter when the process was started

    def status(self, key: str) -> int:
        """A /proc/<pid>/status value in kB (VmRSS now, VmHWM = peak resident memory)."""
        for line in Path(f"/proc/{self.process.pid}/status").read_text().splitlines():
            if line.startswith(key + ":"):
                return int(line.split()[1])
        return 0

    def cpu_s(self) -> float:
        """CPU seconds the server process has used so far (user + system, all threads): what an action
        cost the server, much less dependent on the machine's load than the wall clock."""
        fields = Path(f"/proc/{self.process.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def rss_mb(self) -> float:
        return self.status("VmRSS") / 1024

    def peak_mb(self) -> float:
        return self.status("VmHWM") / 1024

    def stop(self) -> None:
        log = self.workdir / "server.log"
        if log.exists():  # kept for reading the tracebacks the report counts
            (ROOT / "artifacts").mkdir(exist_ok=True)
            shutil.copy(log, ROOT / "artifacts" / "bench-server.log")
        stop(self.process)
        shutil.rmtree(self.workdir, ignore_errors=True)


def start_server(store: Path, extra_env: dict | None = None) -> Server:
    """`streamlit run app.py` on a free loopback port with a copy of ``store``; returns once healthy."""
    workdir = Path(tempfile.mkdtemp(prefix="ankunft-bench-server-"))
    db = workdir / "ankunft.db"
    shutil.copy(store, db)
    secrets = workdir / "secrets.toml"
    secrets.write_text("# leer: Intranet-Modus ohne Anmeldung\n", encoding="utf-8")
    flags = ["--server.fileWatcherType=none", "--server.runOnSave=false", f"--secrets.files={secrets}"]
    # a failed start raises ServerStartError naming workdir/server.log, which is kept for reading
    started = start_streamlit(ROOT / "app.py", cwd=ROOT, env={"ANKUNFT_DB": str(db), **(extra_env or {})},
                              flags=flags, log=workdir / "server.log", timeout_s=120)
    return Server(started.url, started.process, workdir, started=started.healthy, launched=started.launched)


# --- browser -----------------------------------------------------------------------------------
def launch(pw, viewport=(1440, 900)):
    profile = tempfile.mkdtemp(prefix="ankunft-bench-chromium-")
    ctx = pw.chromium.launch_persistent_context(
        profile, executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS, accept_downloads=True,
        locale="de-DE", timezone_id="Europe/Berlin", viewport={"width": viewport[0], "height": viewport[1]})
    ctx.set_default_timeout(120_000)
    return ctx, profile


# Counts the script runs the page starts: stApp's data-test-script-state turning "running", seen by a
# MutationObserver (a short run between two polls is not missed). Armed just before each action.
ARM_JS = """() => {
    const app = document.querySelector('[data-testid="stApp"]');
    window.__benchRuns = 0;
    if (window.__benchObserver) window.__benchObserver.disconnect();
    if (!app) return;
    let last = app.getAttribute("data-test-script-state");
    window.__benchObserver = new MutationObserver(() => {
        const now = app.getAttribute("data-test-script-state");
        if (now === "running" && last !== "running") window.__benchRuns += 1;
        last = now;
    });
    window.__benchObserver.observe(app, {attributes: true, attributeFilter: ["data-test-script-state"]});
}"""


def arm(page) -> None:
    """Start counting script runs (call right before the user's action)."""
    page.evaluate(ARM_JS)


def runs(page) -> int:
    return int(page.evaluate("() => window.__benchRuns || 0"))


def settle(page, t0: float, timeout_s: float = 120.0, expect_run: bool = True) -> float:
    """Seconds from ``t0`` until the page is settled (the start of a settled stretch of ``QUIET_S``).

    ``expect_run``: the action starts a script run (the page was armed with :func:`arm` before it);
    the page counts as settled only after that run. An action that starts no run within
    ``RUN_START_S`` did nothing the user could see happen: that is an error of the action (or of the
    product's widget), reported as such, never timed as a fast action."""
    deadline = time.perf_counter() + timeout_s
    since = None
    state = ""
    seen_run = not expect_run
    while time.perf_counter() < deadline:
        state = page.evaluate(SETTLED_JS)
        now = time.perf_counter()
        seen_run = seen_run or state != "settled" or runs(page) > 0
        if not seen_run:
            since = None
            if now - t0 > RUN_START_S:
                raise RuntimeError(f"die Aktion hat nach {de(RUN_START_S, 0)} s keinen Skriptlauf ausgelöst")
        elif state != "settled":
            since = None
        elif since is None:
            since = now
        elif now - since >= QUIET_S:
            return since - t0
        page.wait_for_timeout(POLL_MS)
    raise TimeoutError(f"Seite nicht zur Ruhe gekommen ({state})")


def nav(page, title: str):
    return page.locator('[data-testid="stSidebarNavLink"]').filter(has=page.locator(f'span[label="{title}"]'))


def open_sidebar(page) -> None:
    """Expand the sidebar when it is collapsed (council mode collapses it)."""
    expand = page.locator('[data-testid="stExpandSidebarButton"], [data-testid="stSidebarCollapsedControl"] button')
    if expand.count() and expand.first.is_visible():
        expand.first.click()
        page.wait_for_timeout(300)


def switch_page(page, title: str) -> float:
    open_sidebar(page)
    arm(page)
    t0 = time.perf_counter()
    nav(page, title).click()
    page.wait_for_function(
        """t => [...document.querySelectorAll('[data-testid="stSidebarNavLink"][aria-current="page"]')]
                 .some(x => x.querySelector(`span[label="${t}"]`))""", arg=title)
    # the navigation marked the new page: the server has started its run (the page link follows the run's
    # page message). A run served from the caches can end before React draws "running" at all (the two
    # states batched into one render: seen once for the Bericht on 07.12.2026), so no run is demanded here
    return settle(page, t0, expect_run=False)


def choose_stand(page, index: int) -> float:
    """Open the Stand selectbox and pick the ``index``-th option (0 = newest)."""
    box = page.locator('[data-testid="stSelectbox"]').filter(has_text="Stand").first
    box.click()
    option = page.locator('[role="option"]').nth(index)
    arm(page)
    t0 = time.perf_counter()
    option.click()
    return settle(page, t0)


def district_filter(page, add: str | None) -> float:
    """Add a district to the "Stadtteile" filter (``add``), or clear the filter (``None``)."""
    box = page.locator('[data-testid="stMultiSelect"]').filter(has_text="Stadtteile").first
    if add is None:  # one click on the field's clear button (⊗), as the officer does
        arm(page)
        t0 = time.perf_counter()
        box.locator('[aria-label="Clear all"]').first.click()
        took = settle(page, t0)
        if box.locator("[data-tag]").count():  # the chosen districts (Streamlit 1.67's tags)
            raise RuntimeError("Stadtteilfilter nicht geleert")
        return took
    box.locator("input").click()
    page.keyboard.type(add)
    arm(page)
    t0 = time.perf_counter()
    page.keyboard.press("Enter")
    page.keyboard.press("Escape")
    took = settle(page, t0)
    if not any(add in tag for tag in box.locator("[data-tag]").all_inner_texts()):
        raise RuntimeError(f"Stadtteilfilter {add} nicht gesetzt")
    return took


def toggle_council(page, on: bool) -> float:
    """Switch council mode on or off with the "Ratsmodus" switch (opening the sidebar first when
    council mode folded it). The click goes to the switch's label; when a loaded browser swallowed it
    (no change after 5 s) it is repeated once, the time still counted from the first click."""
    open_sidebar(page)
    switch = page.locator('[data-testid="stSidebar"] label').filter(has_text="Ratsmodus").locator("input").first
    if switch.is_checked() == on:
        raise RuntimeError(f"Ratsmodus ist schon {'an' if on else 'aus'}")
    label = page.locator('[data-testid="stSidebar"] label').filter(has_text="Ratsmodus").first
    arm(page)
    t0 = time.perf_counter()
    label.click()
    deadline, retried = time.perf_counter() + 30, False
    while switch.is_checked() != on:  # the click has reached the switch
        if not retried and time.perf_counter() - t0 > 5:
            print("  Ratsmodus: der erste Klick kam nicht an, wiederholt (Zeit ab dem ersten Klick)", flush=True)
            label.click()
            retried = True
        if time.perf_counter() > deadline:
            raise TimeoutError("Der Ratsmodus-Schalter hat nicht umgeschaltet")
        page.wait_for_timeout(POLL_MS)
    return settle(page, t0)


def move_slider(page, steps: int) -> float:
    handle = page.locator('[data-testid="stSlider"] input[type="range"], [data-testid="stSlider"] [role="slider"]').first
    handle.scroll_into_view_if_needed()
    handle.focus()
    arm(page)
    t0 = time.perf_counter()
    page.keyboard.press("ArrowRight" if steps > 0 else "ArrowLeft")
    return settle(page, t0)


def download(page, key: str = "dl_xlsx") -> float:
    button = page.locator(f'.st-key-{key} button').first
    t0 = time.perf_counter()
    with page.expect_download(timeout=120_000) as info:
        button.click()
    info.value.path()  # the whole file arrived
    took = time.perf_counter() - t0
    settle(page, time.perf_counter(), expect_run=False)
    return took


def browser_cpu_s(profile: str) -> float:
    """CPU seconds of the chromium started with ``profile`` and all its descendants (renderer, GPU,
    zygote and utility processes do not all carry the profile on their command line): the drawing side
    of an action (plotly, deck.gl, layout)."""
    procs: dict[int, tuple[int, float, bytes]] = {}
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            fields = (proc / "stat").read_text().rsplit(")", 1)[1].split()
            cmd = (proc / "cmdline").read_bytes()
        except OSError:  # the process ended meanwhile
            continue
        procs[int(proc.name)] = (int(fields[1]), (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK"), cmd)
    chosen = {pid for pid, (_, _, cmd) in procs.items() if profile.encode() in cmd}
    grew = True
    while grew:
        more = {pid for pid, (ppid, _, _) in procs.items() if ppid in chosen} - chosen
        chosen |= more
        grew = bool(more)
    return sum(procs[pid][1] for pid in chosen)


class Wire:
    """Bytes the server sent over the websocket (Streamlit's deltas: elements, figures, tables)."""

    def __init__(self, page) -> None:
        self.received = 0
        page.on("websocket", lambda ws: ws.on("framereceived", self._count))

    def _count(self, payload) -> None:
        self.received += len(payload)


@dataclass
class Timings:
    actions: dict[str, list[float]] = field(default_factory=dict)
    cpu: dict[str, list[float]] = field(default_factory=dict)  # server CPU seconds per action
    wire: dict[str, list[int]] = field(default_factory=dict)  # websocket bytes per action
    browser: dict[str, list[float]] = field(default_factory=dict)  # chromium CPU seconds per action
    server: Server | None = None
    ws: Wire | None = None
    profile: str = ""
    failures: list[str] = field(default_factory=list)

    def measure(self, page, action: str, fn, *args) -> None:
        """Run one action; a failure (element missing, timeout) is recorded with a screenshot, not fatal.
        Besides the time until settled: the server's CPU time and the websocket bytes of the action."""
        cpu0 = self.server.cpu_s() if self.server else 0.0
        bytes0 = self.ws.received if self.ws else 0
        browser0 = browser_cpu_s(self.profile) if self.profile else 0.0
        try:
            self.add(action, fn(page, *args))
            if self.server:
                self.cpu.setdefault(action, []).append(self.server.cpu_s() - cpu0)
            if self.profile:
                self.browser.setdefault(action, []).append(browser_cpu_s(self.profile) - browser0)
            if self.ws:
                self.wire.setdefault(action, []).append(self.ws.received - bytes0)
        except Exception as exc:  # noqa: BLE001 - the benchmark reports it and goes on
            self.failures.append(f"{action}: {type(exc).__name__}: {str(exc).splitlines()[0]}")
            print(f"  {action}: FEHLER {self.failures[-1]}", flush=True)
            shot = ROOT / "artifacts" / f"bench_fehler_{len(self.failures)}.png"
            shot.parent.mkdir(exist_ok=True)
            page.screenshot(path=str(shot))
            settle(page, time.perf_counter(), expect_run=False)

    def add(self, action: str, seconds: float) -> None:
        self.actions.setdefault(action, []).append(seconds)
        print(f"  {action}: {de(seconds)} s", flush=True)


def session_round(page, t: Timings, district: str) -> None:
    """One pass over every page and control the benchmark measures."""
    for title in PAGES[1:] + PAGES[:1]:
        t.measure(page, f"Seitenwechsel → {title}", switch_page, title)
    t.measure(page, "Stand ändern (älterer Stand)", choose_stand, 1)
    t.measure(page, "Stand ändern (zurück zum neuesten)", choose_stand, 0)
    t.measure(page, "Stadtteilfilter setzen", district_filter, district)
    t.measure(page, "Stadtteilfilter leeren", district_filter, None)
    t.measure(page, "Ratsmodus an", toggle_council, True)
    t.measure(page, "Ratsmodus aus", toggle_council, False)
    t.measure(page, "(Seitenwechsel zu Szenarien, nicht gezählt)", switch_page, "Szenarien")
    t.measure(page, "Szenario-Schieberegler", move_slider, 1)
    t.measure(page, "Szenario-Schieberegler", move_slider, -1)
    t.measure(page, "(Seitenwechsel zu Bericht, nicht gezählt)", switch_page, "Bericht")
    t.measure(page, "Export herunterladen (Excel)", download)
    t.measure(page, "(Seitenwechsel zu Übersicht, nicht gezählt)", switch_page, "Übersicht")


@contextmanager
def fresh_page():
    """A new page in a fresh browser profile (cold cache) and the profile's directory; both gone after."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        ctx, profile = launch(pw)
        try:
            yield ctx.new_page(), profile
        finally:
            ctx.close()
            shutil.rmtree(profile, ignore_errors=True)


def prewarmed(store: Path) -> Path:
    """The store after a first server start with one visit, once the server's warm-up has gone quiet:
    what a restart of the office's server finds (the results kept per Stand, storage/computed.py).
    A copy next to ``store``; ``store`` itself is not changed."""
    server = start_server(store)
    try:
        with fresh_page() as (page, _profile):
            page.goto(server.url)
            settle(page, time.perf_counter(), expect_run=False)
            last, quiet_since, deadline = server.cpu_s(), time.perf_counter(), time.perf_counter() + 180
            while time.perf_counter() < deadline and time.perf_counter() - quiet_since < 3.0:
                time.sleep(0.5)
                now = server.cpu_s()
                if now - last > 0.05:
                    quiet_since = time.perf_counter()
                last = now
        stop(server.process, timeout_s=30)  # the store written completely before it is copied
        warm = store.with_name(store.stem + "-vorgewaermt.db")
        shutil.copy(server.workdir / "ankunft.db", warm)
        for suffix in ("-wal", "-shm"):
            side = server.workdir / f"ankunft.db{suffix}"
            target = Path(str(warm) + suffix)
            if side.exists():
                shutil.copy(side, target)
            elif target.exists():
                target.unlink()
        return warm
    finally:
        server.stop()


def run(store: Path, rounds: int) -> dict:
    from playwright.sync_api import sync_playwright

    server = start_server(store)
    out: dict = {"timings": Timings(server=server)}
    try:
        with sync_playwright() as pw:
            ctx, profile = launch(pw)
            try:
                page = ctx.new_page()
                out["timings"].ws = Wire(page)
                out["timings"].profile = profile
                cpu0, browser0 = server.cpu_s(), browser_cpu_s(profile)
                t0 = time.perf_counter()
                page.goto(server.url)
                out["first_view"] = settle(page, t0)
                out["first_view_cpu"] = server.cpu_s() - cpu0
                out["first_view_browser"] = browser_cpu_s(profile) - browser0
                out["first_view_bytes"] = out["timings"].ws.received
                out["server_to_view"] = out["first_view"] + (t0 - server.started)
                out["start_to_healthy"] = server.started - server.launched
                print(f"erste Ansicht: {de(out['first_view'])} s, Server-CPU {de(out['first_view_cpu'])} s", flush=True)
                for k in range(rounds):
                    print(f"Runde {k + 1}", flush=True)
                    session_round(page, out["timings"], ["Innenstadt-Ost", "Betzenberg", "Erfenbach"][k % 3])
                    out.setdefault("rss_after_round", []).append(server.rss_mb())
            finally:
                ctx.close()
                shutil.rmtree(profile, ignore_errors=True)
        out["peak_mb"] = server.peak_mb()
    finally:
        log = (server.workdir / "server.log").read_text(encoding="utf-8", errors="replace")
        out["tracebacks"] = log.count("Traceback")
        server.stop()
    return out


def first_views(store: Path, times: int, pause_s: float = 0.0) -> list[tuple[float, ...]]:
    """The first view after the start, ``times`` times (new server on a copy of ``store``, fresh browser profile),
    then Unterkünfte after ``pause_s``: (seconds, server CPU, browser CPU, switch seconds, switch browser CPU)."""
    out = []
    for k in range(times):
        server = start_server(store)
        try:
            with fresh_page() as (page, profile):
                cpu0, browser0 = server.cpu_s(), browser_cpu_s(profile)
                t0 = time.perf_counter()
                page.goto(server.url)
                seconds = settle(page, t0)
                cpu1, browser1 = server.cpu_s(), browser_cpu_s(profile)
                page.wait_for_timeout(pause_s * 1000)  # the officer reads; the browser loads plotly meanwhile
                browser2 = browser_cpu_s(profile)
                switch = switch_page(page, "Unterkünfte")
                out.append((seconds, cpu1 - cpu0, browser1 - browser0, switch, browser_cpu_s(profile) - browser2))
        finally:
            server.stop()
        print(f"Start {k + 1}: erste Ansicht {de(out[-1][0])} s, Server-CPU {de(out[-1][1])} s, Browser-CPU "
              f"{de(out[-1][2])} s; danach Unterkünfte {de(out[-1][3])} s, Browser-CPU {de(out[-1][4])} s", flush=True)
    return out


def first_views_text(views: list[tuple[float, ...]], pause_s: float = 0.0) -> str:
    s, cpu, browser, switch, switch_cpu = ([v[i] for v in views] for i in range(5))
    return (f"Erste Ansicht nach dem Start, {len(views)} Starts: Median {de(statistics.median(s))} s, schlechteste "
            f"{de(max(s))} s, unter {de(TARGET_FIRST_S, 0)} s: {sum(x < TARGET_FIRST_S for x in s)} von {len(s)}; "
            f"Server-CPU Median {de(statistics.median(cpu))} s, Browser-CPU Median {de(statistics.median(browser))} s. "
            f"Seitenwechsel zu Unterkünfte {de(pause_s, 1)} s danach: Median {de(statistics.median(switch))} s, "
            f"schlechtester {de(max(switch))} s, Browser-CPU Median {de(statistics.median(switch_cpu))} s.")


def markdown(res: dict, rounds: int, load: float, label: str) -> str:
    rows, missed = [], []
    t = res["timings"]
    for action, values in t.actions.items():
        if action.startswith("("):
            continue
        med, worst = statistics.median(values), max(values)
        ok = "ja" if med < TARGET_MEDIAN_S and worst < TARGET_WORST_S else "nein"
        if ok == "nein":
            missed.append(action)
        cpu = de(statistics.median(t.cpu[action])) if t.cpu.get(action) else "–"
        browser = de(statistics.median(t.browser[action])) if t.browser.get(action) else "–"
        kb = de(statistics.median(t.wire[action]) / 1024, 0) if t.wire.get(action) else "–"
        rows.append(f"| {action} | {len(values)} | {de(med)} | {de(worst)} | {cpu} | {browser} | {kb} | {ok} |")
    every = [v for a, vals in res["timings"].actions.items() if not a.startswith("(") for v in vals]
    first_ok = "ja" if res["first_view"] < TARGET_FIRST_S else "nein"
    return f"""{START}
## Benchmark: browser ({label})

`scripts/bench_browser.py` – `streamlit run app.py` with the demo exports plus a residents export with
50.000 stays (store as in "Benchmark: pages"), driven by playwright in Debian's chromium (headless,
1440×900). Time from the user's action until the page is settled: script run finished, no status
widget, spinner, skeleton or greyed (stale) element, every plotly chart and map drawn (the start of a
{de(QUIET_S, 1)}-s settled stretch). {rounds} rounds over every page and control. {res['start_kind']} Machine: {os.cpu_count()} cores,
Python {platform.python_version()}, load average {de(load, 1)} during the measurement (shared machine).
Targets: median < 1 s, worst < 2 s per action, first view < 3 s.

| Aktion | n | Median (s) | schlechtester (s) | Server-CPU, Median (s) | Browser-CPU, Median (s) | Websocket, Median (KB) | Ziel |
|---|---:|---:|---:|---:|---:|---:|---|
{chr(10).join(rows)}

Target per action (median < 1 s and worst < 2 s) met by {len(rows) - len(missed)} of {len(rows)} actions{
': missed by ' + ', '.join(missed) if missed else ''}.

*Server-CPU*: CPU time of the server process during the action (all threads, so in the first round it
includes the warm-up running beside it); *Browser-CPU*: CPU time of all chromium processes (drawing
charts, maps and the page); both much less dependent on the machine's load than the wall clock.
*Websocket*: bytes the server sent for the action.

First page view after the start (server healthy → Übersicht settled): **{de(res['first_view'])} s** ({first_ok});
server CPU {de(res['first_view_cpu'])} s, browser CPU {de(res['first_view_browser'])} s,
{de(res['first_view_bytes'] / 1024, 0)} KB over the websocket. Server start (`streamlit run` → healthy, the
first view and the pages' first models prepared in `ankunft/ui/startup.py`): {de(res['start_to_healthy'])} s.
All {len(every)} actions: median {de(statistics.median(every))} s, worst {de(max(every))} s. Server peak
memory (VmHWM) {de(res['peak_mb'], 0)} MB; tracebacks in the server log: {res['tracebacks']}; failed
actions: {'; '.join(res['timings'].failures) or 'none'}.
{END}"""


def write_section(text: str) -> Path:
    from bench_pages import write_section as write_marked

    return write_marked(text, START, END)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=50_000)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--store", type=Path, help="benchmark store (built there when absent)")
    ap.add_argument("--label", default="nach den Änderungen")
    ap.add_argument("--write", action="store_true", help="update docs/benchmarks.md")
    ap.add_argument("--first-start", action="store_true",
                    help="measure the very first server start on the store (default: a restart after one "
                         "earlier start, as on the office's server)")
    ap.add_argument("--first-views", type=int, default=0, metavar="N",
                    help="only the first view after the start (new server, fresh profile), then Unterkünfte; N times")
    ap.add_argument("--pause", type=float, default=0.0, metavar="S", help="--first-views: seconds before the switch")
    a = ap.parse_args()
    store = ensure_store(a.store, a.rows)
    if not a.first_start:
        store = prewarmed(store)
    if a.first_views:
        print(first_views_text(first_views(store, a.first_views, a.pause), a.pause))
        return 0
    load0 = os.getloadavg()[0]
    res = run(store, a.rounds)
    res["start_kind"] = ("The very first server start on the store (`--first-start`): every result computed anew."
                         if a.first_start else
                         "A restart: the server had run once on the store before (one visit, until its warm-up "
                         "was quiet), so the results kept per Stand (storage/computed.py) are there, as on the "
                         "office's server after its first day.")
    text = markdown(res, a.rounds, (load0 + os.getloadavg()[0]) / 2, a.label)
    print(text)
    if a.write:
        print(f"geschrieben: {write_section(text)}")
    return 0 if not res["tracebacks"] else 1


if __name__ == "__main__":
    sys.exit(main())
