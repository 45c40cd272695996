"""Real-browser harness: a `streamlit run` server on loopback and Debian's chromium via playwright.

* The server runs on 127.0.0.1 on a free port with its own temporary ANKUNFT_DB and an empty
  secrets file (a developer's secrets.toml must not switch the test to sign-in mode).
* Chromium is the system one (/usr/bin/chromium, or ANKUNFT_CHROMIUM); ``playwright install`` is
  never used. Each browser starts from a new, empty user-data-dir.
* Without chromium or playwright the suite is skipped with the reason, unless
  ANKUNFT_REQUIRE_BROWSER=1 (set by .ci/run): then it fails.
* Every page the tests open is guarded (see ``Guard``): any request to a host other than loopback is
  recorded and aborted, console errors and page errors are recorded.
* Screenshots, downloads and the server log go to artifacts/ (git-ignored) and are kept.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest

ROOT = Path(__file__).resolve().parents[2]
# The app under test: this checkout, or an unpacked release to smoke-test before switching over.
APP_DIR = Path(os.environ.get("ANKUNFT_BROWSER_APP_DIR") or ROOT)
ARTIFACTS = ROOT / "artifacts"
SCREENSHOTS = ARTIFACTS / "screenshots"
DOWNLOADS = ARTIFACTS / "downloads"
CHROMIUM = os.environ.get("ANKUNFT_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
LOOPBACK_HOSTS = {"127.0.0.1", "localhost", "::1", "[::1]"}
LOCAL_SCHEMES = {"data", "blob", "about", "chrome-extension", "chrome"}
SERVER_START_TIMEOUT = 90  # seconds until /_stcore/health answers "ok"

# Streamlit's frontend, opened on a deep link like /szenarien, first probes whether "/szenarien" is
# the server's base path (GET /szenarien/_stcore/health and …/host-config → 404), then uses "/".
# That probe is Streamlit's documented base-path discovery, not a defect of the app.
BASE_PATH_PROBE = re.compile(r"^/[^/_][^/]*/_stcore/(?:health|host-config)$")


def allowed_failure(url: str, status: int) -> bool:
    return status == 404 and is_loopback(url) and bool(BASE_PATH_PROBE.match(urlsplit(url).path))


# Console errors that are not defects of the app. Keep this list SHORT and say why for each.
# Each entry: (text fragment, predicate on the resource URL the message is about).
CONSOLE_ALLOWLIST = (
    # The resource-load error of the base-path probe above (the response itself is checked too).
    ("Failed to load resource: the server responded with a status of 404",
     lambda url: allowed_failure(url, 404)),
    # Chromium logs a request aborted by our own route guard; the guard records that request as a
    # foreign request already, so the console line would only duplicate the failure.
    ("net::ERR_FAILED", lambda url: bool(url) and not is_loopback(url)),
)


def browser_required() -> bool:
    return os.environ.get("ANKUNFT_REQUIRE_BROWSER", "").strip().lower() in ("1", "true", "yes", "ja")


def unavailable(reason: str) -> None:
    """Skip with a clear reason, or fail when the browser is required (CI)."""
    if browser_required():
        pytest.fail(f"ANKUNFT_REQUIRE_BROWSER=1, aber {reason}", pytrace=False)
    pytest.skip(f"Browser-Tests übersprungen: {reason} (ANKUNFT_REQUIRE_BROWSER=1 macht daraus einen Fehler)")


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class StreamlitServer:
    url: str
    process: subprocess.Popen
    db_path: Path
    log_path: Path
    workdir: Path

    def log_text(self) -> str:
        try:
            return self.log_path.read_text(encoding="utf-8", errors="replace")
        except FileNotFoundError:
            return ""

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=15)


def start_streamlit(script: Path, name: str, app_dir: Path = ROOT, secrets_text: str | None = None) -> StreamlitServer:
    """Start `streamlit run script` on a free loopback port; return once it is healthy.

    ``secrets_text``: content of the server's secrets.toml (default: empty = intranet mode).
    """
    workdir = Path(tempfile.mkdtemp(prefix=f"ankunft-browser-{name}-"))
    db_path = workdir / "ankunft.db"
    secrets = workdir / "secrets.toml"
    secrets.write_text(secrets_text or "# leer: Browser-Tests laufen im Intranet-Modus ohne Anmeldung\n",
                       encoding="utf-8")
    ARTIFACTS.mkdir(exist_ok=True)
    log_path = ARTIFACTS / f"streamlit-{name}.log"
    port = free_port()
    env = {**os.environ, "ANKUNFT_DB": str(db_path), "PYTHONUNBUFFERED": "1"}
    cmd = [
        sys.executable, "-m", "streamlit", "run", str(script),
        "--server.address=127.0.0.1", f"--server.port={port}", "--server.headless=true",
        "--browser.gatherUsageStats=false", "--server.fileWatcherType=none", "--server.runOnSave=false",
        f"--secrets.files={secrets}",
    ]
    log = open(log_path, "w", encoding="utf-8")  # noqa: SIM115 - closed with the process
    proc = subprocess.Popen(cmd, cwd=app_dir, env=env, stdout=log, stderr=subprocess.STDOUT)
    server = StreamlitServer(f"http://127.0.0.1:{port}", proc, db_path, log_path, workdir)
    deadline = time.monotonic() + SERVER_START_TIMEOUT
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            log.close()
            pytest.fail(f"streamlit run beendet (Code {proc.returncode}):\n{server.log_text()[-3000:]}",
                        pytrace=False)
        try:
            with urllib.request.urlopen(f"{server.url}/_stcore/health", timeout=2) as resp:
                if resp.status == 200 and resp.read().strip() == b"ok":
                    return server
        except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
            pass
        time.sleep(0.25)
    server.stop()
    log.close()
    pytest.fail(f"streamlit antwortet nicht innerhalb {SERVER_START_TIMEOUT} s:\n{server.log_text()[-3000:]}",
                pytrace=False)
    raise AssertionError("unreachable")


@dataclass
class Guard:
    """What a page did that it must not: foreign requests, console errors, page errors."""

    foreign_requests: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    failed_responses: list[str] = field(default_factory=list)

    def problems(self) -> list[str]:
        out = [f"Anfrage an fremden Host (abgebrochen): {u}" for u in self.foreign_requests]
        out += [f"Fehlerhafte Antwort: {r}" for r in self.failed_responses]
        out += [f"Konsolenfehler: {m}" for m in self.console_errors]
        out += [f"JavaScript-Fehler: {m}" for m in self.page_errors]
        return out

    def assert_clean(self) -> None:
        problems = self.problems()
        assert not problems, "\n".join(problems)


def is_loopback(url: str) -> bool:
    parts = urlsplit(url)
    if parts.scheme in LOCAL_SCHEMES:
        return True
    return (parts.hostname or "") in LOOPBACK_HOSTS


def allowed_console(text: str, url: str = "") -> bool:
    return any(fragment in text and ok(url) for fragment, ok in CONSOLE_ALLOWLIST)


def guard_page(page) -> Guard:
    """Intercept every request of the page (and its frames) and record what must not happen."""
    guard = Guard()

    def on_route(route):
        url = route.request.url
        if is_loopback(url):
            route.continue_()
        else:
            guard.foreign_requests.append(url)
            route.abort()

    def on_console(msg):
        if msg.type == "error" and not allowed_console(msg.text, (msg.location or {}).get("url", "")):
            guard.console_errors.append(msg.text)

    def on_websocket(ws):
        if not is_loopback(ws.url):
            guard.foreign_requests.append(ws.url)

    page.route("**/*", on_route)
    page.on("console", on_console)
    page.on("pageerror", lambda err: guard.page_errors.append(str(err)))
    page.on("websocket", on_websocket)
    def on_response(resp):
        if resp.status >= 400 and not allowed_failure(resp.url, resp.status):
            guard.failed_responses.append(f"{resp.status} {resp.url}")

    page.on("response", on_response)
    return guard


@pytest.fixture(scope="session")
def playwright_api():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        unavailable("das Python-Paket playwright ist nicht installiert")
    if not (Path(CHROMIUM).exists() or shutil.which(CHROMIUM)):
        unavailable(f"kein Chromium unter {CHROMIUM} (Debian: apt-get install chromium)")
    manager = sync_playwright()
    pw = manager.start()
    yield pw
    pw.stop()


@pytest.fixture(scope="session")
def browser_context(playwright_api):
    """One chromium with a new, empty user-data-dir; downloads allowed; German locale."""
    profile = tempfile.mkdtemp(prefix="ankunft-chromium-")
    try:
        context = playwright_api.chromium.launch_persistent_context(
            profile, executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS, accept_downloads=True,
            locale="de-DE", timezone_id="Europe/Berlin", viewport={"width": 1400, "height": 1000},
        )
    except Exception as ex:  # chromium present but not startable (missing libraries, wrong binary)
        unavailable(f"Chromium ließ sich nicht starten: {ex}")
    context.set_default_timeout(30_000)
    yield context
    context.close()
    shutil.rmtree(profile, ignore_errors=True)


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


@pytest.fixture
def new_page(browser_context, request):
    """A guarded tab; closed after the test (with a screenshot if the test failed). Returns (page, guard)."""
    opened = []

    def make():
        page = browser_context.new_page()
        # Each tab starts with the app as Streamlit opens it: the browser is shared by the whole session and
        # Streamlit remembers a hand-folded sidebar per origin (localStorage), so a council test before could
        # leave the next test's sidebar folded. Cleared once per tab (sessionStorage marks it), so a test that
        # folds the sidebar and reloads still sees it remembered.
        page.add_init_script("if (!sessionStorage.getItem('ankunft-test-fresh')) {"
                             " localStorage.clear(); sessionStorage.setItem('ankunft-test-fresh', '1'); }")
        guard = guard_page(page)
        opened.append(page)
        return page, guard

    yield make
    failed = getattr(request.node, "report_call", None)
    for k, page in enumerate(opened):
        if failed is not None and failed.failed:
            try:
                screenshot(page, f"FEHLER_{request.node.name}_{k}")
            except Exception:  # the page may be gone; the failure itself is what matters
                pass
        page.close()


@pytest.fixture(scope="session")
def app_server(playwright_api):
    """`streamlit run app.py` on the demo data for the whole session (per xdist worker): the
    read-only tests of every module share it, and its caches are warm after the first page.
    Tests that change data use ``fresh_app_server``."""
    server = start_streamlit(APP_DIR / "app.py", "app", app_dir=APP_DIR)
    yield server
    server.stop()
    shutil.rmtree(server.workdir, ignore_errors=True)


@pytest.fixture(scope="session")
def working_walk(app_server, browser_context):
    """Every page once in working mode, recorded for the tests that check it (walks.py)."""
    from .test_browser import app_pages, slug, url_path
    from .walks import run_walk, working_steps

    return run_walk(browser_context, "arbeitsmodus", working_steps(app_server, app_pages(), slug, url_path))


@pytest.fixture(scope="session")
def council_walk(app_server, browser_context):
    """Every page once in council mode at projector size, recorded for the tests that check it (walks.py)."""
    from .test_browser import EXPECTED_TITLES, app_pages, url_path
    from .walks import council_steps, run_walk

    return run_walk(browser_context, "ratsmodus",
                    council_steps(app_server, list(EXPECTED_TITLES), dict(app_pages()), url_path))


@pytest.fixture
def fresh_app_server(playwright_api, request):
    """A separate server with its own empty store, for tests that change data."""
    server = start_streamlit(APP_DIR / "app.py", request.node.name, app_dir=APP_DIR)
    yield server
    server.stop()
    shutil.rmtree(server.workdir, ignore_errors=True)


APP_STATE_JS = """() => {
    const app = document.querySelector('[data-testid="stApp"]');
    if (!app) return "absent";
    const busy = document.querySelector('[data-testid="stSkeleton"], [data-testid="stSpinner"]');
    return [app.getAttribute("data-test-script-state"), app.getAttribute("data-test-connection-state"),
            busy ? "busy" : "idle"].join("|");
}"""


def wait_for_app(page, timeout_ms: int = 90_000) -> None:
    """Wait until the Streamlit script run has finished and the page has settled.

    Streamlit marks ``stApp`` with ``data-test-script-state`` ("running" / "notRunning"). After a
    click the rerun starts a moment later, so "finished" means: not running, connected, no skeleton
    or spinner, continuously for 0.6 s.
    """
    page.wait_for_selector('[data-testid="stApp"]', timeout=timeout_ms)
    deadline = time.monotonic() + timeout_ms / 1000
    quiet_since = None
    state = ""
    while time.monotonic() < deadline:
        state = page.evaluate(APP_STATE_JS)
        script, connection, busy = (state.split("|") + ["", "", ""])[:3]
        settled = script == "notRunning" and connection.upper() == "CONNECTED" and busy == "idle"
        if not settled:
            quiet_since = None
        elif quiet_since is None:
            quiet_since = time.monotonic()
        elif time.monotonic() - quiet_since >= 0.6:
            return
        page.wait_for_timeout(100)
    raise AssertionError(f"Die App ist nicht zur Ruhe gekommen (Zustand {state}).")


def nav_link(page, title: str):
    """The sidebar navigation link of a page, by its exact title."""
    return page.locator('[data-testid="stSidebarNavLink"]').filter(has=page.locator(f'span[label="{title}"]'))


def open_via_sidebar(page, title: str) -> None:
    """Click a page in the sidebar navigation and wait until its script run has finished."""
    link = nav_link(page, title)
    assert link.count() == 1, f"Seite „{title}“ fehlt in der Seitennavigation"
    bar = page.locator('[data-testid="stSidebar"]').bounding_box()
    if bar is None or bar["x"] + bar["width"] <= 0:  # council mode folds the sidebar away: open it
        page.get_by_test_id("stExpandSidebarButton").click()
        page.wait_for_timeout(500)
    link.click()
    page.wait_for_function(
        """t => { const a = [...document.querySelectorAll('[data-testid="stSidebarNavLink"][aria-current="page"]')];
                  return a.some(x => x.querySelector(`span[label="${t}"]`)); }""", arg=title)
    wait_for_app(page)


def nav_titles(page) -> list[str]:
    """Titles in the sidebar navigation (st.navigation labels, or file names if Streamlit fell back
    to the legacy pages/ directory)."""
    links = page.locator('[data-testid="stSidebarNavLink"] span[label]')
    return [links.nth(i).get_attribute("label") for i in range(links.count())]


def council_switch(page):
    """The "Ratsmodus" toggle (an input role=switch)."""
    return page.get_by_role("switch", name="Ratsmodus")


SLIDER_INPUT = '[data-testid="stSlider"] input[type="range"]'


def move_slider(page, index: int = 0, steps: int = 1) -> tuple[str, str]:
    """Move the index-th slider by keyboard (ArrowRight/ArrowLeft); return (before, after) shown values."""
    handle = page.locator(SLIDER_INPUT).nth(index)
    handle.scroll_into_view_if_needed()
    before = handle.get_attribute("aria-valuetext") or handle.input_value()
    handle.focus()
    key = "ArrowRight" if steps > 0 else "ArrowLeft"
    for _ in range(abs(steps)):
        page.keyboard.press(key)
    wait_for_app(page)
    after = handle.get_attribute("aria-valuetext") or handle.input_value()
    return before, after


def exception_texts(page) -> list[str]:
    """Texts of Streamlit exception boxes on the page (empty list = none)."""
    boxes = page.locator('[data-testid="stException"]')
    return [boxes.nth(i).inner_text() for i in range(boxes.count())]


CONTENT_HEIGHT_JS = """() => Math.max(document.documentElement.scrollHeight, ...[...document.querySelectorAll(
    '[data-testid="stMain"], [data-testid="stAppScrollToBottomContainer"], [data-testid="stSidebarContent"]')]
    .map(e => e.scrollHeight))"""
MAX_SCREENSHOT_HEIGHT = 8000


def screenshot(page, name: str) -> Path:
    """The whole page content: Streamlit scrolls inside its main container, so the viewport is
    stretched to the content height for the shot (no rerun: only the layout changes), then restored."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    size = page.viewport_size or {"width": 1400, "height": 1000}
    height = min(max(int(page.evaluate(CONTENT_HEIGHT_JS)), size["height"]), MAX_SCREENSHOT_HEIGHT)
    if height > size["height"]:
        page.set_viewport_size({"width": size["width"], "height": height})
        page.wait_for_timeout(400)  # charts re-layout to the new size
    try:
        page.screenshot(path=str(path), full_page=True)
    finally:
        if height > size["height"]:
            page.set_viewport_size(size)
    return path
