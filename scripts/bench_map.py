"""Benchmark: browser CPU of one city-map mount (issue #17).

Serves a minimal Streamlit page that draws one map (full width, 600 px high, as the Übersicht) and
measures, in Debian's headless chromium, the CPU seconds of all chromium processes from the click
that shows the map until the browser is idle again: the mount of the map (layout, SVG or WebGL,
first draw). Each map is mounted ``--reps`` times (hidden again in between); the report gives the
median, the WebGL programs linked per mount and the bytes of the map's JSON. The variant ``leer``
draws no map: the Streamlit rerun alone, the baseline to subtract.

The maps are the product's own (:func:`ankunft.plots.maps.city_map` on the demo data: the Übersicht
map with accommodations, services and defects, and its council version with the defect grid cells),
each also with one layer removed in turn (``<map>-ohne-<layer>``), so the cost of every layer shows.
``--deck DIR`` adds deck.gl maps saved as JSON (``{"json": <deck JSON>, "tooltip": …}`` per file, e.g.
the pydeck maps the app drew before issue #17's change) for a comparison in the same conditions;
that needs the ``pydeck`` package, which the app itself no longer uses.

    .venv/bin/python scripts/bench_map.py [--reps 5] [--only NAME,NAME] [--no-ablation] [--deck DIR]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from _server import start_streamlit, stop  # noqa: E402
from bench_browser import browser_cpu_s, de, launch  # noqa: E402

APP = '''
import json, os, pathlib
import streamlit as st

st.set_page_config(page_title="Kartenmessung", layout="wide")
spec_dir = pathlib.Path(os.environ["BENCH_MAP_SPECS"])
variant = st.query_params.get("v", "leer")
if st.toggle("Karte anzeigen", key="show") and variant != "leer":
    spec = json.loads((spec_dir / f"{variant}.json").read_text(encoding="utf-8"))
    if spec["kind"] == "deck":  # a saved deck.gl map, for comparison
        import pydeck as pdk
        deck = pdk.Deck(map_provider=None, tooltip=spec["tooltip"])
        deck.to_json = lambda: spec["json"]
        st.pydeck_chart(deck, width="stretch", height=600, key="karte")
    else:
        st.plotly_chart(json.loads(spec["json"]), width="stretch", key="karte", config=spec["config"])
st.caption("Ende der Seite")
'''

# Counts WebGL programs linked and shaders compiled in the page (all contexts), installed before load.
COUNT_GL_JS = """(() => { window.__gl = {programs: 0, shaders: 0, draws: 0};
  for (const C of [window.WebGLRenderingContext, window.WebGL2RenderingContext]) {
    if (!C) continue;
    const link = C.prototype.linkProgram, comp = C.prototype.compileShader;
    const de = C.prototype.drawElements, da = C.prototype.drawArrays;
    C.prototype.linkProgram = function (...a) { window.__gl.programs++; return link.apply(this, a); };
    C.prototype.compileShader = function (...a) { window.__gl.shaders++; return comp.apply(this, a); };
    C.prototype.drawElements = function (...a) { window.__gl.draws++; return de.apply(this, a); };
    C.prototype.drawArrays = function (...a) { window.__gl.draws++; return da.apply(this, a); };
    for (const n of ["drawElementsInstanced", "drawArraysInstanced"]) if (C.prototype[n]) {
      const f = C.prototype[n];
      C.prototype[n] = function (...a) { window.__gl.draws++; return f.apply(this, a); }; }
  } })();"""
MAP_SEL = '[data-testid="stDeckGlJsonChart"] canvas, [data-testid="stPlotlyChart"] .main-svg'
SHOWN_JS = """() => { const c = document.querySelector('%s');
    const app = document.querySelector('[data-testid="stApp"]');
    return !!c && c.getBoundingClientRect().width > 0 && app.getAttribute("data-test-script-state") !== "running"; }
    """ % MAP_SEL
HIDDEN_JS = """() => !document.querySelector('[data-testid="stDeckGlJsonChart"], [data-testid="stPlotlyChart"]') &&
    document.querySelector('[data-testid="stApp"]').getAttribute("data-test-script-state") !== "running" """
IDLE_STEP_S = 0.25  # the browser counts as idle when a step of this length costs < IDLE_CPU_S
IDLE_CPU_S = 0.015


# --- the maps ----------------------------------------------------------------------------------
def product_maps() -> dict[str, dict]:
    """name → spec (kind "plotly", the figure JSON, the app's plotly config) of the product's maps."""
    from render_deck import demo_states

    from ankunft.core import geo
    from ankunft.plots import maps
    from ankunft.views import overview_view as vv

    state, previous = demo_states()
    geojson = geo.load_districts_geojson()
    out = {}
    for name, council in (("uebersicht", False), ("rat", True)):
        view = vv.build(state, previous, council=council)
        layers = vv.map_layers(view, state, services=True, defects=True, person_level=False)
        fig = maps.city_map(geojson, layers, council=council, district_values=view.district_tips,
                            height=600, width=1000)
        out[name] = {"kind": "plotly", "json": fig.to_json(), "config": maps.MAP_CONFIG}
    return out


def variants(specs: dict[str, dict]) -> dict[str, dict]:
    """The maps, each with every layer (traces of one ``meta``) removed in turn (the variant ``leer``,
    no map at all, is the baseline)."""
    out = dict(specs)
    for name, spec in specs.items():
        fig = json.loads(spec["json"])
        for meta in dict.fromkeys(t.get("meta") for t in fig["data"]):
            cut = dict(fig, data=[t for t in fig["data"] if t.get("meta") != meta])
            out[f"{name}-ohne-{meta}"] = dict(spec, json=json.dumps(cut, separators=(",", ":")))
    return out


def saved_decks(folder: Path) -> dict[str, dict]:
    """Deck.gl maps saved as JSON files (name: the file's stem)."""
    out = {}
    for path in sorted(folder.glob("*.json")):
        saved = json.loads(path.read_text(encoding="utf-8"))
        out[path.stem] = {"kind": "deck", "json": saved["json"], "tooltip": saved.get("tooltip")}
    return out


# --- server and browser ------------------------------------------------------------------------
def serve(spec_dir: Path) -> tuple[subprocess.Popen, str]:
    app = spec_dir / "app.py"
    app.write_text(APP, encoding="utf-8")
    started = start_streamlit(app, cwd=spec_dir, env={"BENCH_MAP_SPECS": str(spec_dir)}, timeout_s=60,
                              flags=["--server.fileWatcherType=none", "--global.developmentMode=false"])
    return started.process, started.url


def idle_cpu(profile: str, timeout_s: float = 30.0) -> float:
    """Wait until chromium is idle (two steps in a row below ``IDLE_CPU_S``); its CPU seconds then."""
    last, quiet, deadline = browser_cpu_s(profile), 0, time.monotonic() + timeout_s
    while quiet < 2 and time.monotonic() < deadline:
        time.sleep(IDLE_STEP_S)
        now = browser_cpu_s(profile)
        quiet = quiet + 1 if now - last < IDLE_CPU_S else 0
        last = now
    return last


def mount_costs(page, profile: str, url: str, name: str, reps: int) -> dict:
    """Browser CPU seconds (and WebGL programs, draw calls) of ``reps`` mounts of one variant."""
    page.goto(f"{url}/?v={urllib.parse.quote(name)}")
    page.get_by_text("Ende der Seite").wait_for()
    switch = page.get_by_text("Karte anzeigen")
    cpu, programs, draws = [], [], []
    for _ in range(reps):
        before = idle_cpu(profile)
        page.evaluate("() => { window.__gl.programs = 0; window.__gl.draws = 0; }")
        switch.click()
        page.wait_for_function(SHOWN_JS if not name.startswith("leer") else "() => true", timeout=60_000)
        cpu.append(idle_cpu(profile) - before)
        gl = page.evaluate("() => window.__gl")
        programs.append(gl["programs"])
        draws.append(gl["draws"])
        switch.click()
        if not name.startswith("leer"):
            page.wait_for_function(HIDDEN_JS, timeout=60_000)
        idle_cpu(profile)
    return {"cpu": statistics.median(cpu), "min": min(cpu), "programs": max(programs), "draws": max(draws),
            "runs": cpu}


def run(specs: dict[str, dict], reps: int) -> dict[str, dict]:
    from playwright.sync_api import sync_playwright

    spec_dir = Path(tempfile.mkdtemp(prefix="ankunft-bench-map-"))
    for name, spec in specs.items():
        (spec_dir / f"{name}.json").write_text(json.dumps(spec), encoding="utf-8")
    proc, url = serve(spec_dir)
    results = {}
    try:
        with sync_playwright() as pw:
            ctx, profile = launch(pw)
            ctx.add_init_script(COUNT_GL_JS)
            page = ctx.new_page()
            errors = []
            page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
            page.on("pageerror", lambda e: errors.append(str(e)))
            for name in ["leer", *specs]:
                try:
                    results[name] = mount_costs(page, profile, url, name, reps)
                except Exception as exc:  # a deck that does not draw: say which and why, go on
                    print(f"{name}: nicht gezeichnet ({type(exc).__name__}); Browserfehler: {errors[-3:]}", flush=True)
                    continue
                r = results[name]
                size = len(specs[name]["json"]) / 1024 if name in specs else 0
                print(f"{name:45s} {de(r['cpu'])} s (min {de(r['min'])}) Programme {r['programs']:3d} "
                      f"Zeichnungen {r['draws']:4d}  {de(size, 0)} KB", flush=True)
            ctx.close()
            shutil.rmtree(profile, ignore_errors=True)
    finally:
        stop(proc)
    return results


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--reps", type=int, default=5)
    ap.add_argument("--only", default="", help="comma-separated variant names (default: all)")
    ap.add_argument("--no-ablation", action="store_true", help="only the whole decks, no layer removed")
    ap.add_argument("--deck", type=Path, help="folder of saved deck.gl maps (JSON) to compare with")
    args = ap.parse_args()
    maps_ = product_maps()
    specs = maps_ if args.no_ablation else variants(maps_)
    if args.deck:
        specs.update(saved_decks(args.deck))
    if args.only:
        keep = set(args.only.split(","))
        specs = {k: v for k, v in specs.items() if k in keep}
    print(f"Last: {de(os.getloadavg()[0], 1)}; je Variante {args.reps} Einblendungen, Median der Browser-CPU")
    run(specs, args.reps)
    return 0


if __name__ == "__main__":
    sys.exit(main())
