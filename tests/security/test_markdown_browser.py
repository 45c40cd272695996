"""Issue #16 item 1 in a real browser: data text escaped with fmt.md and the map legend render
literally in Streamlit 1.67 (Debian's chromium via playwright) – no image, no link, no bold, no
icon from data, no request to an outside host; the legend dots are coloured "●" in the palette colours
(markdown colour directive, no KaTeX: its chunk is not even fetched), a colour that is not #rrggbb grey.
Slow; skips with the reason when chromium or playwright is missing."""

from __future__ import annotations

import concurrent.futures
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"

APP = '''
import sys
sys.path.insert(0, {root!r})
import streamlit as st
from ankunft.core import fmt
from ankunft.views.common import legend_markdown
from tests.security.hostile import HOSTILE
for i, h in enumerate(HOSTILE):
    st.markdown(f"Wert{{i}}: {{fmt.md(h)}}")
st.markdown(legend_markdown([("Kitas", [("Kita <img src=http://x.invalid/l.png>", "#005A9C"),
                                        ("**fett**", "#E1A100"),
                                        ("Fremd", '#005A9C"}} :red[rot] [x](http://x.invalid) {{')])]))
st.markdown("ENDE")
'''


@pytest.mark.slow
def test_escaped_data_renders_literally_in_chromium(tmp_path):
    playwright = pytest.importorskip("playwright.sync_api", reason="playwright fehlt")
    if not Path(CHROMIUM).exists():
        pytest.skip("chromium ist nicht installiert")
    from ankunft.core import palette  # noqa: F401 - the colours below are the palette's
    from tests.security.hostile import HOSTILE, unescape_markdown

    (tmp_path / "app.py").write_text(APP.format(root=str(ROOT)))
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = subprocess.Popen([sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port),
                               "--server.headless", "true", "--browser.gatherUsageStats", "false"],
                              cwd=tmp_path, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2).read()
                break
            except Exception:  # noqa: BLE001 - not up yet
                time.sleep(0.3)

        def drive():  # in its own thread: a session-wide playwright of another test may own this loop
            requests: list[str] = []
            with playwright.sync_playwright() as p:
                browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
                page = browser.new_page()
                page.on("request", lambda r: requests.append(r.url))
                page.goto(f"http://127.0.0.1:{port}/")
                page.wait_for_selector("text=ENDE", timeout=60_000)
                page.wait_for_timeout(500)
                main = page.locator("[data-testid='stMain']")
                texts = [el.inner_text() for el in main.locator("[data-testid='stMarkdownContainer']").all()]
                counts = {"img": main.locator("img").count(), "a": main.locator("a").count(),
                          "strong": [s.inner_text() for s in main.locator("strong").all()],
                          "em": main.locator("em").count(), "code": main.locator("code").count(),
                          "h1": main.locator("h1").count(), "li": main.locator("li").count(),
                          "icon": main.locator("[data-testid='stIconMaterial']").count(),
                          "katex": main.locator(".katex").count()}
                colours = page.evaluate("() => Array.from(document.querySelectorAll('.stMarkdownColoredText'))"
                                        ".map(e => [e.innerText, getComputedStyle(e).color])")
                browser.close()
            return texts, counts, colours, requests

        with concurrent.futures.ThreadPoolExecutor(1) as pool:
            texts, counts, colours, requests = pool.submit(drive).result()
    finally:
        server.terminate()
        server.wait(timeout=20)
    shown = "\n".join(t.replace("\u200b", "") for t in texts)
    for h in HOSTILE:
        assert unescape_markdown(h).replace("\n", " ") in shown.replace("\n", " ") or \
            h.split("\n")[0] in shown, h
    assert counts == {"img": 0, "a": 0, "strong": ["Kitas:"], "em": 0, "code": 0, "h1": 0, "li": 0, "icon": 0,
                      "katex": 0}, counts
    # one dot per entry, in its colour: #005A9C, #E1A100, and the palette's grey for the foreign "colour"
    assert colours == [["\u25cf", "rgb(0, 90, 156)"], ["\u25cf", "rgb(225, 161, 0)"],
                       ["\u25cf", "rgb(107, 114, 128)"]], colours
    legend = next(t for t in texts if t.startswith("Kitas:")).replace("\u200b", "")
    assert legend.count("\u25cf\u00a0") == 3  # each dot on the line of its label
    assert "Kita <img src=http://x.invalid/l.png>" in legend and "**fett**" in legend and "Fremd" in legend
    assert "rot" not in legend  # the foreign colour string is dropped, not shown or obeyed
    assert not [u for u in requests if "x.invalid" in u]
    assert not [u for u in requests if "katex" in u.lower()]  # the dots need no KaTeX chunk or font
