"""District maps on a PowerPoint slide: freeform shapes per district, coloured by class, with district
names (and values), points and a legend (no browser, no images).

Labels are never covered: the points (accommodations) are drawn first and every label is placed where
its box meets no point and no other label — at the district's centre when that is free, else at the
free spot inside the district nearest to it, else as a callout beside the map with a leader line
(`place_labels`, pure geometry in slide EMU).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from pptx.enum.shapes import MSO_CONNECTOR, MSO_SHAPE
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.util import Inches, Pt

from ankunft.core import palette
from ankunft.export.pptx_text import EMU_PER_PT, LINE_HEIGHT, calibri_width_pt, lines_height_pt, plain, rgb, set_text
from ankunft.views import report_model as model
from ankunft.views.report_model import MapSpec

GAP = int(Inches(0.04))  # air between a label and a point or another label
CALLOUT_GAP = int(Inches(0.25))  # between the city's outline box and a callout column


class _Projection:
    """lon/lat → slide EMU: equirectangular with cos(latitude) so districts keep their shape."""

    def __init__(self, bounds, box) -> None:
        min_lon, min_lat, max_lon, max_lat = bounds
        left, top, width, height = box
        self.kx = math.cos(math.radians((min_lat + max_lat) / 2))
        dx = max((max_lon - min_lon) * self.kx, 1e-9)
        dy = max(max_lat - min_lat, 1e-9)
        self.scale = min(width / dx, height / dy)
        self.min_lon, self.max_lat = min_lon, max_lat
        self.ox = left + (width - dx * self.scale) / 2
        self.oy = top + (height - dy * self.scale) / 2
        self.extent = (int(self.ox), int(self.oy), int(self.ox + dx * self.scale), int(self.oy + dy * self.scale))

    def __call__(self, lon: float, lat: float) -> tuple[int, int]:
        return (int(round(self.ox + (lon - self.min_lon) * self.kx * self.scale)),
                int(round(self.oy + (self.max_lat - lat) * self.scale)))


# ---------------------------------------------------------------------------------------------
# label placement (pure geometry)


Rect = tuple[int, int, int, int]  # left, top, right, bottom (EMU)


@dataclass
class LabelItem:
    """A district label to place: its text variants (preferred first), each with its box size, the
    point it names (the district's centre) and the district's projected rings."""

    key: str
    variants: list[tuple[list[str], int, int, float]]  # (lines, width, height, font size)
    anchor: tuple[int, int]
    rings: list[list[tuple[int, int]]]


@dataclass
class Placement:
    key: str
    lines: list[str]
    rect: Rect
    size: float = 9.0
    callout: bool = False
    leader_to: tuple[int, int] | None = None  # the district point a callout's leader line ends at


def overlaps(a: Rect, b: Rect, pad: int = 0) -> bool:
    return a[0] < b[2] + pad and b[0] < a[2] + pad and a[1] < b[3] + pad and b[1] < a[3] + pad


def point_in_ring(x: float, y: float, ring: list[tuple[int, int]]) -> bool:
    inside, n = False, len(ring)
    for i in range(n):
        x0, y0 = ring[i]
        x1, y1 = ring[(i + 1) % n]
        if (y0 > y) != (y1 > y) and x < x0 + (y - y0) * (x1 - x0) / (y1 - y0):
            inside = not inside
    return inside


def _inside(rect: Rect, rings) -> bool:
    """The centre and the corners of the box's inner part (its text, not the air around it) in one
    ring of the district."""
    l, t, r, b = rect
    dx, dy = (r - l) // 6, (b - t) // 5
    l, t, r, b = l + dx, t + dy, r - dx, b - dy
    pts = [(l, t), (r, t), (l, b), (r, b), ((l + r) / 2, (t + b) / 2)]
    return any(all(point_in_ring(x, y, ring) for x, y in pts) for ring in rings)


def _free(rect: Rect, taken: list[Rect]) -> bool:
    return not any(overlaps(rect, o, GAP) for o in taken)


def _inner_spot(item: LabelItem, w: int, h: int, taken: list[Rect]) -> Rect | None:
    """The free box of w × h inside the district nearest to its centre (None when there is none)."""
    xs = [p[0] for ring in item.rings for p in ring]
    ys = [p[1] for ring in item.rings for p in ring]
    if max(xs) - min(xs) < w or max(ys) - min(ys) < h:
        return None
    step = max(int(h / 3), int(max(max(xs) - min(xs), max(ys) - min(ys)) / 30), 1)
    ax, ay = item.anchor
    cands = [(ax, ay)] + [(x, y) for x in range(min(xs) + w // 2, max(xs) - w // 2 + 1, step)
                          for y in range(min(ys) + h // 2, max(ys) - h // 2 + 1, step)]
    cands.sort(key=lambda p: (p[0] - ax) ** 2 + (p[1] - ay) ** 2)
    for cx, cy in cands:
        rect = (cx - w // 2, cy - h // 2, cx - w // 2 + w, cy - h // 2 + h)
        if _free(rect, taken) and _inside(rect, item.rings):
            return rect
    return None


def _leader_end(item: LabelItem, markers: list[Rect]) -> tuple[int, int]:
    """Where a callout's line ends: the district's centre, or the nearest point of it no marker covers."""
    ax, ay = item.anchor
    if _free((ax, ay, ax, ay), markers):
        return item.anchor
    xs = [p[0] for ring in item.rings for p in ring]
    ys = [p[1] for ring in item.rings for p in ring]
    step = max(int((max(xs) - min(xs)) / 20), 1)
    cands = [(x, y) for x in range(min(xs), max(xs) + 1, step) for y in range(min(ys), max(ys) + 1, step)]
    cands.sort(key=lambda p: (p[0] - ax) ** 2 + (p[1] - ay) ** 2)
    for x, y in cands:
        if _free((x, y, x, y), markers) and any(point_in_ring(x, y, r) for r in item.rings):
            return (x, y)
    return item.anchor


def crosses(a: tuple[float, float], b: tuple[float, float], rect: Rect) -> bool:
    """Whether the segment a–b passes through the box (Liang–Barsky clipping)."""
    (x0, y0), (x1, y1) = a, b
    dx, dy = x1 - x0, y1 - y0
    lo, hi = 0.0, 1.0
    for p, q in ((-dx, x0 - rect[0]), (dx, rect[2] - x0), (-dy, y0 - rect[1]), (dy, rect[3] - y0)):
        if p == 0:
            if q < 0:
                return False
            continue
        t = q / p
        if p < 0:
            lo = max(lo, t)
        else:
            hi = min(hi, t)
        if lo > hi:
            return False
    return True


def _leader_start(rect: Rect, end: tuple[int, int]) -> tuple[int, int]:
    """Where a callout's line leaves its box: the side facing the district, at mid height."""
    l, t, r, b = rect
    return (l if end[0] < l else (r if end[0] > r else (l + r) // 2), (t + b) // 2)


def _callout(item: LabelItem, w: int, h: int, taken: list[Rect], area: Rect, city: Rect,
             end: tuple[int, int] | None = None, labels: list[Rect] = ()) -> Rect:
    """A box beside the city's outline (left or right, the nearer side first), as close to the
    district's height as no other box allows, its leader line to `end` crossing no label of `labels`
    where such a place exists; inside `area`."""
    first = _callout_at(item, w, h, taken, area, city, end, labels)
    return first if first is not None else _callout_at(item, w, h, taken, area, city, None, ())


def _callout_at(item: LabelItem, w: int, h: int, taken: list[Rect], area: Rect, city: Rect,
                end: tuple[int, int] | None, labels) -> Rect | None:
    ax, ay = item.anchor
    left_col = (area[0], city[0] - CALLOUT_GAP)
    right_col = (city[2] + CALLOUT_GAP, area[2])
    cols = [left_col, right_col] if ax < (city[0] + city[2]) / 2 else [right_col, left_col]
    fitting = [c for c in cols if c[1] - c[0] >= w] or [max(cols, key=lambda c: c[1] - c[0])]
    step = max(h // 4, 1)
    for lo, hi in fitting:
        x = hi - w if (lo, hi) == left_col else lo
        x = max(area[0], min(x, area[2] - w))
        for k in range(0, 2 * (area[3] - area[1]) // step + 2):
            dy = (k + 1) // 2 * step * (1 if k % 2 else -1)
            y = max(area[1], min(ay - h // 2 + dy, area[3] - h))
            rect = (x, y, x + w, y + h)
            if _free(rect, taken) and (end is None or not any(
                    crosses(_leader_start(rect, end), end, o) for o in labels)):
                return rect
    if end is not None:
        return None
    x = max(area[0], min(fitting[0][0], area[2] - w))
    y = max(area[1], min(ay - h // 2, area[3] - h))
    return (x, y, x + w, y + h)


def place_labels(items: list[LabelItem], markers: list[Rect], area: Rect, city: Rect) -> list[Placement]:
    """Every label where it covers no marker and no other label: inside its district (the first text
    variant that fits, nearest the centre), else as a callout beside the map. Large districts first."""
    taken = list(markers)
    labels: list[Rect] = []
    out = []
    order = sorted(items, key=lambda it: -max(abs(model.ring_area(r)) for r in it.rings))
    callouts = []
    for item in order:
        for lines, w, h, size in item.variants:
            rect = _inner_spot(item, w, h, taken)
            if rect is not None:
                taken.append(rect)
                labels.append(rect)
                out.append(Placement(item.key, lines, rect, size))
                break
        else:
            callouts.append(item)
    for item in sorted(callouts, key=lambda it: it.anchor[1]):
        lines, w, h, size = item.variants[0 if len(item.variants) < 3 else 1]
        end = _leader_end(item, markers)
        rect = _callout(item, w, h, taken, area, city, end, labels)
        taken.append(rect)
        labels.append(rect)
        out.append(Placement(item.key, lines, rect, size, callout=True, leader_to=end))
    return out


# ---------------------------------------------------------------------------------------------
# drawing


def _label_size(lines: list[str], size: float) -> tuple[int, int]:
    widths = [calibri_width_pt(t, size, bold=i == 0) for i, t in enumerate(lines)]
    return int((max(widths) + 3) * EMU_PER_PT), int((len(lines) * size * LINE_HEIGHT + 2) * EMU_PER_PT)


def _variants(spec: MapSpec, d, size: float) -> list[tuple[list[str], int, int, float]]:
    """The label's text, preferred first: the full name, the short name (up to "/"), the short name a
    point smaller (a callout takes the short name at full size)."""
    short = spec.label_lines(d)
    full = list(short)
    if d.name and model.short_name(d.name) != d.name.strip():
        full[0] = full[0].replace(model.short_name(d.name), d.name.strip(), 1)
    out = []
    for lines, s in ((full, size), (short, size), (short, round(size * 8 / 9, 1))):
        if not any(lines == o[0] and s == o[3] for o in out):
            out.append((lines, *_label_size(lines, s), s))
    return out


def add_map(slide, spec: MapSpec, box, scale: float = 1.0) -> int:
    """District polygons as freeform shapes coloured by class, points, district labels that no point
    covers and a legend. Returns the number of district shapes."""
    left, top, width, height = box
    legend_w = Inches(3.2)
    map_box = (left, top, width - legend_w - Inches(0.2), height)
    b = model.bounds(spec)
    if b is None:
        return 0
    project = _Projection(b, map_box)
    classes = spec.classes()
    districts = spec.districts(classes)
    items = []
    for d in districts:
        rings = [[project(*p) for p in ring] for ring in d.rings]
        _district_shape(slide, d, rings, scale)
        anchor = model.feature_label_point(d.feature)
        if anchor is not None:
            items.append((d, LabelItem(d.district_id, _variants(spec, d, 9 * scale), project(*anchor), rings)))
    markers = _points(slide, spec, project, scale)
    area = (int(map_box[0]), int(map_box[1]), int(map_box[0] + map_box[2]), int(map_box[1] + map_box[3]))
    by_key = {item.key: d for d, item in items}
    placed = place_labels([item for _, item in items], markers, area, project.extent)
    for p in placed:  # leader lines first: no line is drawn over a label
        _leader(slide, p, by_key[p.key])
    for p in placed:
        _label(slide, p, by_key[p.key])
    _map_legend(slide, spec, classes, (left + width - legend_w, top, legend_w, height), scale)
    return len(districts)


def _district_shape(slide, d, rings, scale: float) -> None:
    builder = slide.shapes.build_freeform(rings[0][0][0], rings[0][0][1], scale=1.0)
    builder.add_line_segments(rings[0][1:], close=True)
    for ring in rings[1:]:
        builder.move_to(*ring[0])
        builder.add_line_segments(ring[1:], close=True)
    shape = builder.convert_to_shape()
    shape.name = f"Bezirk {d.district_id} {d.name}".strip()
    shape.fill.solid()
    shape.fill.fore_color.rgb = rgb(d.colour)
    shape.line.color.rgb = rgb(model.MAP_OUTLINE)
    shape.line.width = Pt(0.75 * scale)
    plain(shape)


def _points(slide, spec: MapSpec, project, scale: float) -> list[Rect]:
    """The points (size by their value) and, when few and apart, their names; returns the boxes
    every district label has to keep clear of."""
    sizes = [float(p[3]) for p in spec.points if p[3] is not None and float(p[3]) > 0]
    biggest = max(sizes) if sizes else 1.0
    at = [project(float(p[1]), float(p[0])) for p in spec.points]  # points are (lat, lon, label, size)
    spaced = all(math.dist(a, b) >= Inches(0.8) for i, a in enumerate(at) for b in at[i + 1:])
    taken: list[Rect] = []
    for (_, _, text, size), (x, y) in zip(spec.points, at):
        rel = math.sqrt(float(size) / biggest) if size and float(size) > 0 else 0.3
        d = int(Inches(0.1) + rel * Inches(0.2))
        dot = slide.shapes.add_shape(MSO_SHAPE.OVAL, x - d // 2, y - d // 2, d, d)
        dot.name = f"Punkt {text}"
        dot.fill.solid()
        dot.fill.fore_color.rgb = rgb(palette.TEXT)
        dot.line.color.rgb = rgb(palette.BACKGROUND)
        dot.line.width = Pt(1)
        plain(dot)
        taken.append((x - d // 2, y - d // 2, x - d // 2 + d, y - d // 2 + d))
    if len(spec.points) <= 12 and spaced:
        for (_, _, text, _), (x, y), dot in zip(spec.points, at, list(taken)):
            w, h = _label_size([text], 9 * scale)
            rect = (dot[2] + GAP, y - h // 2, dot[2] + GAP + w, y - h // 2 + h)
            if not _free(rect, [o for o in taken if o is not dot]):
                continue
            tb = slide.shapes.add_textbox(rect[0], rect[1], w, h)
            tb.name = f"Punktbeschriftung {text}"
            _fill_label(tb, [text], 9 * scale, palette.TEXT, PP_ALIGN.LEFT, bold_first=False)
            taken.append(rect)
    return taken


def _fill_label(box, lines: list[str], size: float, colour: str, align, bold_first: bool = True) -> None:
    frame = box.text_frame
    frame.margin_left = frame.margin_right = frame.margin_top = frame.margin_bottom = 0
    frame.vertical_anchor = MSO_ANCHOR.MIDDLE
    frame.word_wrap = False
    set_text(frame, [(t, size, colour, bold_first and i == 0) for i, t in enumerate(lines)], size, align=align)


def _leader(slide, p: Placement, d) -> None:
    if not p.callout or p.leader_to is None:
        return
    line = slide.shapes.add_connector(MSO_CONNECTOR.STRAIGHT, *_leader_start(p.rect, p.leader_to), *p.leader_to)
    line.name = f"Hinweislinie {d.district_id}"
    line.line.color.rgb = rgb(palette.GREY)
    line.line.width = Pt(0.75)


def _label(slide, p: Placement, d) -> None:
    l, t, r, b = p.rect
    box = slide.shapes.add_textbox(l, t, r - l, b - t)
    box.name = f"Beschriftung {d.district_id}"
    colour = palette.TEXT if p.callout else model.label_colour(d.colour)
    align = (PP_ALIGN.RIGHT if p.leader_to and p.leader_to[0] > r else PP_ALIGN.LEFT) if p.callout else PP_ALIGN.CENTER
    _fill_label(box, p.lines, p.size, colour, align)


def _map_legend(slide, spec: MapSpec, classes, box, scale: float) -> None:
    left, top, width, _ = box
    heading = [(spec.legend_title, 13 * scale, palette.TEXT, True)]
    if spec.unit:  # the unit on its own line: "je 1.000 Einw."
        heading.append((spec.unit, 12 * scale, palette.TEXT, False))
    head_h = int((lines_height_pt(heading, width / EMU_PER_PT - 14.4) + 9) * EMU_PER_PT)
    title = slide.shapes.add_textbox(left, top, width, head_h)
    title.name = "Legende"
    set_text(title.text_frame, heading, 13 * scale)
    y = top + head_h + Inches(0.1)
    text_w = width - Inches(0.5)
    for colour, text in spec.legend_entries(classes):
        sw = slide.shapes.add_shape(MSO_SHAPE.RECTANGLE, left, y, Inches(0.4), Inches(0.28))
        sw.name = f"Legende {text}"
        sw.fill.solid()
        sw.fill.fore_color.rgb = rgb(colour)
        sw.line.color.rgb = rgb(model.MAP_OUTLINE)
        sw.line.width = Pt(0.75)
        plain(sw)
        h = _legend_text(slide, text, left + Inches(0.5), y - Inches(0.04), text_w, scale)
        y += max(Inches(0.4), h + Inches(0.04))
    if spec.points:
        dot = slide.shapes.add_shape(MSO_SHAPE.OVAL, left + Inches(0.1), y + Inches(0.06), Inches(0.18), Inches(0.18))
        dot.name = "Legende Punkt"
        dot.fill.solid()
        dot.fill.fore_color.rgb = rgb(palette.TEXT)
        dot.line.fill.background()
        plain(dot)
        _legend_text(slide, spec.points_label or "Standorte", left + Inches(0.5), y - Inches(0.04), text_w, scale)


def _legend_text(slide, text: str, left: int, top: int, width: int, scale: float) -> int:
    """One legend entry's text, as high as its wrapped lines; returns its height."""
    line = (text, 12 * scale, palette.TEXT, False)
    height = max(Inches(0.36), int((lines_height_pt([line], width / EMU_PER_PT - 14.4) + 9) * EMU_PER_PT))
    tb = slide.shapes.add_textbox(left, top, width, height)
    tb.name = f"Legendentext {text}"[:60]
    set_text(tb.text_frame, [line], 12 * scale)
    return height
