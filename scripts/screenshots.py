"""Screenshots of every page in both modes (issue #17) → docs/screenshots/.

Starts `streamlit run app.py` on loopback with a fresh store (the demo data), opens every page in
Debian's chromium (playwright, no downloaded browser) and saves

* ``NN_<page>_arbeit.png``: working mode at 1440×900, the whole page (capped at 6,000 px);
* ``NN_<page>_rat.png``: council mode at 1280×720, the first screen as the projector shows it;
* ``NN_<page>_rat_ganz.png``: council mode, the whole page.

    .venv/bin/python scripts/screenshots.py [--out docs/screenshots] [--only Übersicht,Bericht]

Nothing is fetched from outside hosts (every other request is aborted and reported).
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))

from _server import ServerStartError, Started, start_streamlit, stop  # after scripts/ is on the path

CHROMIUM = os.environ.get("ANKUNFT_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]
PAGES = [("Übersicht", "uebersicht"), ("Unterkünfte", "unterkuenfte"), ("Wohnqualität", "wohnqualitaet"),
         ("Soziale Infrastruktur", "infrastruktur"), ("Stadtteilprofil", "stadtteilprofil"),
         ("Szenarien", "szenarien"), ("Bericht", "bericht"), ("Daten", "daten")]
WORKING, PROJECTOR = {"width": 1440, "height": 900}, {"width": 1280, "height": 720}
MAX_HEIGHT = 6000

SETTLED_JS = """() => {
    const app = document.querySelector('[data-testid="stApp"]');
    if (!app || app.getAttribute("data-test-script-state") === "running") return false;
    if ((app.getAttribute("data-test-connection-state") || "").toUpperCase() !== "CONNECTED") return false;
    if (document.querySelector('[data-testid="stSkeleton"], [data-testid="stSpinner"], [data-stale="true"]'))
        return false;
    for (const c of document.querySelectorAll('[data-testid="stPlotlyChart"]'))
        if (!c.querySelector('.main-svg')) return false;
    return true;
}"""
HEIGHT_JS = """() => Math.max(document.documentElement.scrollHeight, ...[...document.querySelectorAll(
    '[data-testid="stMain"], [data-testid="stAppScrollToBottomContainer"], [data-testid="stSidebarContent"]')]
    .map(e => e.scrollHeight))"""


def start_server(workdir: Path) -> Started:
    secrets = workdir / "secrets.toml"
    secrets.write_text("# leer: Intranet-Modus ohne Anmeldung\n", encoding="utf-8")
    try:
        return start_streamlit(ROOT / "app.py", cwd=ROOT, env={"ANKUNFT_DB": str(workdir / "ankunft.db")},
                               flags=[f"--secrets.files={secrets}"], log=workdir / "streamlit.log", timeout_s=90)
    except ServerStartError as exc:
        raise SystemExit(str(exc)) from None


def settle(page, timeout_s: float = 90) -> None:
    """Wait until the script run has finished and the page held still for 0.8 s."""
    deadline, quiet = time.monotonic() + timeout_s, None
    while time.monotonic() < deadline:
        if page.evaluate(SETTLED_JS):
            quiet = quiet or time.monotonic()
            if time.monotonic() - quiet >= 0.8:
                return
        else:
            quiet = None
        page.wait_for_timeout(100)
    raise SystemExit("Die App ist nicht zur Ruhe gekommen.")


def whole_page(page, path: Path, size: dict) -> None:
    """Streamlit scrolls inside its main container: stretch the viewport to the content for the shot."""
    height = min(max(int(page.evaluate(HEIGHT_JS)), size["height"]), MAX_HEIGHT)
    page.set_viewport_size({"width": size["width"], "height": height})
    page.wait_for_timeout(600)
    page.screenshot(path=str(path))
    page.set_viewport_size(size)
    page.wait_for_timeout(300)


def sidebar_collapsed(page) -> bool:
    box = page.locator('[data-testid="stSidebar"]').bounding_box()
    return box is None or box["x"] + box["width"] <= 0


def open_page(page, title: str) -> None:
    link = page.locator('[data-testid="stSidebarNavLink"]').filter(has=page.locator(f'span[label="{title}"]'))
    folded = sidebar_collapsed(page)
    if folded:  # council mode folds the sidebar away: open it to navigate, fold it again after
        page.locator('[data-testid="stExpandSidebarButton"]').first.click()
        page.wait_for_timeout(500)
    link.first.click()
    page.wait_for_timeout(300)
    settle(page)
    if folded and not sidebar_collapsed(page):
        page.locator('[data-testid="stSidebarCollapseButton"] button, [data-testid="stSidebarCollapseButton"]'
                     ).first.click()
        page.wait_for_timeout(500)


def shoot(url: str, out: Path, only: set[str]) -> list[str]:
    from playwright.sync_api import sync_playwright

    foreign: list[str] = []
    profile = tempfile.mkdtemp(prefix="ankunft-shots-")
    with sync_playwright() as pw:
        ctx = pw.chromium.launch_persistent_context(profile, executable_path=CHROMIUM, headless=True,
                                                    args=CHROMIUM_ARGS, locale="de-DE",
                                                    timezone_id="Europe/Berlin", viewport=WORKING)
        page = ctx.new_page()

        def route(r):
            host = urlsplit(r.request.url).hostname or ""
            if urlsplit(r.request.url).scheme in ("data", "blob") or host in ("127.0.0.1", "localhost"):
                r.continue_()
            else:
                foreign.append(r.request.url)
                r.abort()

        page.route("**/*", route)
        page.goto(url)
        settle(page)
        for mode, size in (("arbeit", WORKING), ("rat", PROJECTOR)):
            page.set_viewport_size(size)
            if mode == "rat":
                page.locator('[data-testid="stSidebar"]').get_by_text("Ratsmodus", exact=True).click()
                settle(page)
            for index, (title, slug) in enumerate(PAGES):
                if only and title not in only:
                    continue
                open_page(page, title)
                name = f"{index + 1:02d}_{slug}_{mode}"
                if mode == "rat":
                    page.screenshot(path=str(out / f"{name}.png"))
                    whole_page(page, out / f"{name}_ganz.png", size)
                else:
                    whole_page(page, out / f"{name}.png", size)
                print(f"  {name}")
        ctx.close()
    shutil.rmtree(profile, ignore_errors=True)
    return foreign


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    ap.add_argument("--only", default="", help="Seitentitel, durch Komma getrennt")
    args = ap.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    workdir = Path(tempfile.mkdtemp(prefix="ankunft-shots-server-"))
    server = start_server(workdir)
    try:
        foreign = shoot(server.url, args.out, {t.strip() for t in args.only.split(",") if t.strip()})
    finally:
        stop(server.process, timeout_s=15)
        shutil.rmtree(workdir, ignore_errors=True)
    if foreign:
        print("Anfragen an fremde Hosts (abgebrochen):", *foreign, sep="\n  ")
        return 1
    print(f"Bildschirmfotos in {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
