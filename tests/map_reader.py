"""The city map as a reader of the drawn figure sees it (tests only).

:func:`ankunft.plots.maps.city_map` gives a plotly figure; the browser gets its JSON. This module reads
that JSON back, layer by layer (a trace's ``meta`` names its layer), into the objects the officer can
hover: their tooltip as shown (``<br>`` a line break, HTML entities decoded — plotly shows the data
literally), their colour and geometry. It also refuses markup: a hover text with any tag but ``<br>``
would be drawn as markup by plotly, never as the data's text.
"""

from __future__ import annotations

import base64
import html
import json
import re

import numpy as np

TAG = re.compile(r"<[^>]*>")


def array(v) -> list:
    """A plotly JSON array: a list, or typed binary {"dtype", "bdata"} (plotly ≥ 6)."""
    if isinstance(v, dict) and "bdata" in v:
        data = np.frombuffer(base64.b64decode(v["bdata"]), dtype=np.dtype(v["dtype"])).astype(float)
        return [None if np.isnan(x) else float(x) for x in data]
    return list(v) if isinstance(v, (list, tuple)) else v


def plain(hover: str) -> str:
    """The tooltip text a reader sees: lines split at ``<br>``, entities decoded. Any other tag fails."""
    tags = set(TAG.findall(hover)) - {"<br>"}
    assert not tags, ("Markup im Tooltip", hover, tags)
    return html.unescape(hover.replace("<br>", "\n"))


def rgba(colour: str) -> tuple:
    """"rgba(r,g,b,a)" or "#RRGGBB" → (r, g, b, alpha 0–255)."""
    if colour.startswith("#"):
        return tuple(int(colour[i:i + 2], 16) for i in (1, 3, 5)) + (255,)
    r, g, b, a = colour[colour.index("(") + 1:-1].split(",")
    return int(r), int(g), int(b), round(float(a) * 255)


def rings(xs, ys) -> list[list[list[float]]]:
    """The parts of a trace's x/y, split at the gaps (None)."""
    out, cur = [], []
    for x, y in zip(array(xs), array(ys)):
        if x is None or y is None:
            if cur:
                out.append(cur)
            cur = []
        else:
            cur.append([x, y])
    return out + ([cur] if cur else [])


def is_map(fig: dict) -> bool:
    return any(t.get("meta") == "districts" for t in fig.get("data", []))


def objects(fig: dict | str) -> dict[str, list[dict]]:
    """Layer id → the objects drawn in it: district and cell polygons (one per part: ``polygon``,
    ``tooltip``, ``colour``), markers (``position``, ``tooltip``, ``colour``, ``size``), rings
    (``polygon``) and labels (``position``, ``text``)."""
    fig = json.loads(fig) if isinstance(fig, str) else fig
    out: dict[str, list[dict]] = {}
    for t in fig["data"]:
        layer = out.setdefault(t.get("meta"), [])
        if t.get("mode") == "text":
            text = array(t.get("text"))
            layer += [{"position": [x, y], "text": plain(s)} for x, y, s in zip(array(t["x"]), array(t["y"]), text)]
        elif t.get("mode") == "markers":
            m = t.get("marker", {})
            colours, sizes = array(m.get("color")), array(m.get("size"))
            hovers = array(t.get("hovertext"))
            for i, (x, y) in enumerate(zip(array(t["x"]), array(t["y"]))):
                layer.append({"position": [x, y], "tooltip": plain(hovers[i]),
                              "colour": rgba(colours[i] if isinstance(colours, list) else colours),
                              "size": sizes[i] if isinstance(sizes, list) else sizes})
        else:
            hoverable = t.get("hoverinfo") != "skip"
            for ring in rings(t["x"], t["y"]):
                obj = {"polygon": ring, "name": t.get("name")}
                if t.get("fill") == "toself":
                    obj["colour"] = rgba(t["fillcolor"])
                    obj["line"] = (t.get("line") or {})
                if hoverable:
                    obj["tooltip"] = plain(t.get("text", ""))
                layer.append(obj)
    return out


def map_figures(specs: list[str | dict]) -> list[dict]:
    """The city maps among plotly figure specs (JSON text or dicts)."""
    figs = [json.loads(s) if isinstance(s, str) else s for s in specs]
    return [f for f in figs if is_map(f)]


def app_maps(at) -> list[dict]:
    """The city maps an AppTest run drew (plotly chart elements whose figure is a city map)."""
    return map_figures([el.proto.spec if el.proto.spec else el.proto.figure.spec for el in at.get("plotly_chart")])


def app_charts(at) -> list[dict]:
    """The plotly figures of an AppTest run that are not city maps (the page's charts)."""
    figs = [json.loads(el.proto.spec if el.proto.spec else el.proto.figure.spec) for el in at.get("plotly_chart")]
    return [f for f in figs if not is_map(f)]
