"""Benchmark: browser CPU of one city-map mount, layer by layer (issue #17).

Serves a minimal Streamlit page that draws one deck (``st.pydeck_chart``, full width, 600 px high,
as the Übersicht) and measures, in Debian's headless chromium (software WebGL), the CPU seconds of
all chromium processes from the click that shows the map until the browser is idle again: the
mount of the map (WebGL context, shader programs, layer buffers, first draw). Each deck is mounted
``--reps`` times (hidden again in between); the report gives the median, the WebGL programs linked
per mount and the bytes of the deck JSON. The variant ``leer`` draws no map: the Streamlit rerun
alone, the baseline to subtract.

The decks are the product's own (:func:`ankunft.plots.maps.city_map` on the demo data: the Übersicht
map with accommodations, services and the defect grid cells, and its council version), each also
with one layer removed in turn (``<deck>-ohne-<layer id>``), so the cost of every layer shows.
``--designs`` adds prototype decks with the same content in fewer WebGL programs (districts, borders,
cells and markers all as one SolidPolygonLayer; labels as a TextLayer or as one SVG image): they are
measurements for issue #17, not the product's map.

    .venv/bin/python scripts/bench_map.py [--reps 5] [--only NAME,NAME] [--no-ablation] [--designs]
"""

from __future__ import annotations

import argparse
import base64
import html
import json
import math
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
import pydeck as pdk
import streamlit as st

st.set_page_config(page_title="Kartenmessung", layout="wide")
spec_dir = pathlib.Path(os.environ["BENCH_MAP_SPECS"])
variant = st.query_params.get("v", "leer")
if st.toggle("Karte anzeigen", key="show") and variant != "leer":
    spec = json.loads((spec_dir / f"{variant}.json").read_text(encoding="utf-8"))
    deck = pdk.Deck(map_provider=None, tooltip=spec["tooltip"])
    deck.to_json = lambda: spec["json"]
    st.pydeck_chart(deck, width="stretch", height=600, key="karte")
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
SHOWN_JS = """() => { const c = document.querySelector('[data-testid="stDeckGlJsonChart"] canvas');
    const app = document.querySelector('[data-testid="stApp"]');
    return !!c && c.width > 0 && app.getAttribute("data-test-script-state") !== "running"; }"""
HIDDEN_JS = """() => !document.querySelector('[data-testid="stDeckGlJsonChart"]') &&
    document.querySelector('[data-testid="stApp"]').getAttribute("data-test-script-state") !== "running" """
IDLE_STEP_S = 0.25  # the browser counts as idle when a step of this length costs < IDLE_CPU_S
IDLE_CPU_S = 0.015


# --- the decks ---------------------------------------------------------------------------------
def product_decks() -> dict[str, tuple[str, dict]]:
    """name → (deck JSON, tooltip) of the product's maps on the demo data."""
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
        deck = maps.city_map(geojson, layers, council=council, district_values=view.district_tips,
                             view=maps.view_for(geojson, 1000, 600), height=600)
        out[name] = (deck.to_json(), getattr(deck, "_tooltip", None) or maps.TOOLTIP)
    return out


def without(spec: str, layer_id: str) -> str:
    d = json.loads(spec)
    d["layers"] = [lay for lay in d["layers"] if lay.get("id") != layer_id]
    return json.dumps(d, separators=(",", ":"))


def variants(decks: dict[str, tuple[str, dict]]) -> dict[str, tuple[str, dict]]:
    """The decks, each with every layer removed in turn, plus an empty deck (no layers)."""
    out = dict(decks)
    for name, (spec, tip) in decks.items():
        for lay in json.loads(spec)["layers"]:
            out[f"{name}-ohne-{lay['id']}"] = (without(spec, lay["id"]), tip)
        empty = json.loads(spec)
        empty["layers"] = []
        out[f"{name}-ohne-alle"] = (json.dumps(empty), tip)
    return out


# --- prototype designs: the same content with fewer WebGL programs (measured, not in the product) --
def _layer(d: dict, layer_id: str) -> dict:
    return next(lay for lay in d["layers"] if lay.get("id") == layer_id)


def _solid(layer_id: str, data: list[dict], pickable: bool) -> dict:
    return {"@@type": "SolidPolygonLayer", "id": layer_id, "data": data, "getPolygon": "@@=polygon",
            "getFillColor": "@@=c", "pickable": pickable}


def _m_per_px(d: dict) -> float:
    v = d["initialViewState"]
    return 40_075_016.686 * math.cos(math.radians(v["latitude"])) / (512 * 2 ** v["zoom"])


def _circle(lon: float, lat: float, r_m: float, n: int = 20) -> list[list[float]]:
    dlat = r_m / 111_195.0
    dlon = dlat / math.cos(math.radians(lat))
    return [[round(lon + dlon * math.cos(2 * math.pi * k / n), 6), round(lat + dlat * math.sin(2 * math.pi * k / n), 6)]
            for k in range(n + 1)]


def _strip(a: list, b: list, width_m: float) -> list[list[float]]:
    """A border segment as a thin rectangle ``width_m`` wide (width in metres: it grows when zooming in)."""
    kx = math.cos(math.radians(a[1]))
    h = width_m / 2 / 111_195.0
    dx, dy = (b[0] - a[0]) * kx, b[1] - a[1]
    n = math.hypot(dx, dy) or 1.0
    ox, oy = -dy / n * h / kx, dx / n * h
    return [[a[0] + ox, a[1] + oy], [b[0] + ox, b[1] + oy], [b[0] - ox, b[1] - oy], [a[0] - ox, a[1] - oy],
            [a[0] + ox, a[1] + oy]]


def _all_solid(d: dict) -> None:
    """Districts, borders, grid cells and markers in one program (SolidPolygonLayer): borders as thin
    rectangles, markers as 20-gons on a white disk one pixel larger, at least 3 px at the first view."""
    mpp = _m_per_px(d)
    for lay in list(d["layers"]):
        kind, lid = lay["@@type"], lay["id"]
        if kind == "GeoJsonLayer":
            data = [{"polygon": poly, "c": f["properties"]["fill"], "tooltip": f["properties"]["tooltip"]}
                    for f in lay["data"]["features"] for poly in (
                        [f["geometry"]["coordinates"]] if f["geometry"]["type"] == "Polygon"
                        else f["geometry"]["coordinates"])]
            new = _solid(lid, data, True)
        elif kind == "LineLayer":
            new = _solid(lid, [{"polygon": _strip(x["s"], x["t"], lay["getWidth"] * mpp), "c": lay["getColor"]}
                               for x in lay["data"]], False)
        elif kind == "ScatterplotLayer":
            data = []
            for x in lay["data"]:
                r = max(x["radius"], 3 * mpp)
                data += [{"polygon": _circle(*x["position"], r + mpp), "c": [255, 255, 255, 255], "tooltip": x["tooltip"]},
                         {"polygon": _circle(*x["position"], r), "c": x["colour"], "tooltip": x["tooltip"]}]
            new = _solid(lid, data, True)
        elif kind == "PolygonLayer":
            new = _solid(lid, [{"polygon": x["polygon"], "c": x["colour"], "tooltip": x["tooltip"]}
                               for x in lay["data"]], True)
        else:
            continue
        d["layers"][d["layers"].index(lay)] = new


def _labels_image(d: dict) -> None:
    """The district labels as one SVG image (BitmapLayer) over the first view instead of a TextLayer
    (the text then grows with the zoom like a printed map's)."""
    lay = _layer(d, "district-labels")
    v = d["initialViewState"]
    w, h, scale = 1000, 600, 512 * 2 ** v["zoom"]

    def px(lon, lat):
        y = math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))
        return scale * (lon + 180) / 360, scale * (1 - y / math.pi) / 2

    def lonlat(x, y):
        return x / scale * 360 - 180, math.degrees(math.atan(math.sinh(math.pi * (1 - 2 * y / scale))))

    x0, y0 = px(v["longitude"], v["latitude"])
    size = lay["getSize"]
    parts = []
    for x in lay["data"]:
        lx, ly = px(*x["position"])
        lines = x["text"].split("\n")
        for k, line in enumerate(lines):
            parts.append(f'<text x="{lx - x0 + w / 2:.1f}" y="{ly - y0 + h / 2 + (k - (len(lines) - 1) / 2) * size * 1.2:.1f}" '
                         f'font-size="{size}" text-anchor="middle" dominant-baseline="central" fill="#1F2933" '
                         f'stroke="#FFFFFF" stroke-width="3" paint-order="stroke">{html.escape(line)}</text>')
    svg = (f'<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" font-family="sans-serif">'
           + "".join(parts) + "</svg>")
    (left, top), (right, bottom) = lonlat(x0 - w / 2, y0 - h / 2), lonlat(x0 + w / 2, y0 + h / 2)
    d["layers"][d["layers"].index(lay)] = {
        "@@type": "BitmapLayer", "id": "district-labels", "bounds": [left, bottom, right, top], "pickable": False,
        "image": "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()}


DESIGNS = {
    "einprogramm": [_all_solid],  # 1 program, but no labels: the lower bound
    "flaechen+text": [_all_solid],  # 2 programs: SolidPolygon + Text
    "flaechen+bild": [_all_solid, _labels_image],  # 2 programs: SolidPolygon + Bitmap
    "nur-beschriftung-als-bild": [_labels_image],  # layers as now, only the TextLayer replaced by the image
}


def designs(decks: dict[str, tuple[str, dict]]) -> dict[str, tuple[str, dict]]:
    out = {}
    for name, (spec, tip) in decks.items():
        for design, steps in DESIGNS.items():
            d = json.loads(spec)
            for step in steps:
                step(d)
            if design == "einprogramm":
                d["layers"] = [lay for lay in d["layers"] if lay["id"] != "district-labels"]
            out[f"{name}-{design}"] = (json.dumps(d, separators=(",", ":")), tip)
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


def run(specs: dict[str, tuple[str, dict]], reps: int) -> dict[str, dict]:
    from playwright.sync_api import sync_playwright

    spec_dir = Path(tempfile.mkdtemp(prefix="ankunft-bench-map-"))
    for name, (spec, tip) in specs.items():
        (spec_dir / f"{name}.json").write_text(json.dumps({"json": spec, "tooltip": tip}), encoding="utf-8")
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
                size = len(specs[name][0]) / 1024 if name in specs else 0
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
    ap.add_argument("--designs", action="store_true", help="also the prototype designs with fewer programs")
    args = ap.parse_args()
    decks = product_decks()
    specs = decks if args.no_ablation else variants(decks)
    if args.designs:
        specs.update(designs(decks))
    if args.only:
        keep = set(args.only.split(","))
        specs = {k: v for k, v in specs.items() if k in keep}
    print(f"Last: {de(os.getloadavg()[0], 1)}; je Variante {args.reps} Einblendungen, Median der Browser-CPU")
    run(specs, args.reps)
    return 0


if __name__ == "__main__":
    sys.exit(main())
