"""District maps on a PowerPoint slide: freeform shapes per district, coloured by class, with value
labels, points and a legend (no browser, no images)."""

from __future__ import annotations

import math

from pptx.enum.shapes import MSO_SHAPE
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.util import Inches, Pt

from ankunft.core import palette
from ankunft.export.pptx_text import EMU_PER_PT, lines_height_pt, plain, rgb, set_text
from ankunft.views import report_model as model
from ankunft.views.report_model import MapSpec


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

    def __call__(self, lon: float, lat: float) -> tuple[int, int]:
        return (int(round(self.ox + (lon - self.min_lon) * self.kx * self.scale)),
                int(round(self.oy + (self.max_lat - lat) * self.scale)))


def add_map(slide, spec: MapSpec, box, scale: float = 1.0) -> int:
    """District polygons as freeform shapes coloured by class, value labels, points and a legend.
    Returns the number of district shapes."""
    left, top, width, height = box
    legend_w = Inches(3.2)
    map_box = (left, top, width - legend_w - Inches(0.2), height)
    b = model.bounds(spec)
    if b is None:
        return 0
    project = _Projection(b, map_box)
    classes = spec.classes()
    count = 0
    for d in spec.districts(classes):
        first = [project(*p) for p in d.rings[0]]
        builder = slide.shapes.build_freeform(first[0][0], first[0][1], scale=1.0)
        builder.add_line_segments(first[1:], close=True)
        for ring in d.rings[1:]:
            pts = [project(*p) for p in ring]
            builder.move_to(*pts[0])
            builder.add_line_segments(pts[1:], close=True)
        shape = builder.convert_to_shape()
        shape.name = f"Bezirk {d.district_id} {d.name}".strip()
        shape.fill.solid()
        shape.fill.fore_color.rgb = rgb(d.colour)
        shape.line.color.rgb = rgb(palette.BACKGROUND)
        shape.line.width = Pt(1.25 * scale)
        plain(shape)
        count += 1
        anchor = model.feature_label_point(d.feature)
        if anchor is not None:
            _district_label(slide, spec, d.district_id, d.value, d.colour, project(*anchor),
                            _extent(project, d.rings), scale)
    sizes = [float(p[3]) for p in spec.points if p[3] is not None and float(p[3]) > 0]
    biggest = max(sizes) if sizes else 1.0
    at = [project(float(p[1]), float(p[0])) for p in spec.points]  # points are (lat, lon, label, size)
    # names next to the points only when there are few and they do not crowd each other
    spaced = all(math.dist(a, b) >= Inches(0.8) for i, a in enumerate(at) for b in at[i + 1:])
    for (lat, lon, text, size), (x, y) in zip(spec.points, at):
        rel = math.sqrt(float(size) / biggest) if size and float(size) > 0 else 0.3
        d = int(Inches(0.1) + rel * Inches(0.2))
        dot = slide.shapes.add_shape(MSO_SHAPE.OVAL, x - d // 2, y - d // 2, d, d)
        dot.name = f"Punkt {text}"
        dot.fill.solid()
        dot.fill.fore_color.rgb = rgb(palette.TEXT)
        dot.line.color.rgb = rgb(palette.BACKGROUND)
        dot.line.width = Pt(1)
        plain(dot)
        if len(spec.points) <= 12 and spaced:
            tb = slide.shapes.add_textbox(x + d // 2, y - Inches(0.15), Inches(2.2), Inches(0.3))
            tb.name = f"Punktbeschriftung {text}"
            set_text(tb.text_frame, [(text, 9 * scale, palette.TEXT, False)], 9 * scale)
    _map_legend(slide, spec, classes, (left + width - legend_w, top, legend_w, height), scale)
    return count


def _extent(project, rings) -> tuple[int, int]:
    """Projected width and height of a district's largest ring."""
    pts = [project(*p) for p in max(rings, key=model.ring_area)]
    xs, ys = [p[0] for p in pts], [p[1] for p in pts]
    return max(xs) - min(xs), max(ys) - min(ys)


def _district_label(slide, spec: MapSpec, did: str, value, colour: str, at, extent, scale: float) -> None:
    """District id and value at the centroid; only the id where the district is small, nothing
    where even that would not fit (the values are also in the Excel file)."""
    width, height = extent
    x, y = at
    if width >= Inches(0.75) and height >= Inches(0.45):
        lines, w, h = [did, model.format_number(value, spec.number_format)], Inches(0.9), Inches(0.44)
    elif width >= Inches(0.3) and height >= Inches(0.22):
        lines, w, h = [did], Inches(0.4), Inches(0.24)
    else:
        return
    box = slide.shapes.add_textbox(x - w // 2, y - h // 2, w, h)
    box.name = f"Beschriftung {did}"
    frame = box.text_frame
    frame.margin_left = frame.margin_right = frame.margin_top = frame.margin_bottom = 0
    frame.vertical_anchor = MSO_ANCHOR.MIDDLE
    frame.word_wrap = False
    text_colour = model.label_colour(colour)
    size = 9 * scale if len(lines) == 2 else 8 * scale
    set_text(frame, [(lines[0], size, text_colour, True)] + [(t, size, text_colour, False) for t in lines[1:]],
              size, align=PP_ALIGN.CENTER)


def _map_legend(slide, spec: MapSpec, classes, box, scale: float) -> None:
    left, top, width, _ = box
    title = slide.shapes.add_textbox(left, top, width, Inches(0.6))
    title.name = "Legende"
    set_text(title.text_frame, [(spec.legend_title, 13 * scale, palette.TEXT, True)], 13 * scale)
    entries = [(c.colour, c.label) for c in classes]
    if spec.has_missing():
        entries.append((model.MISSING_COLOUR, spec.missing_label))
    y = top + Inches(0.7)
    text_w = width - Inches(0.5)
    for colour, text in entries:
        sw = slide.shapes.add_shape(MSO_SHAPE.RECTANGLE, left, y, Inches(0.4), Inches(0.28))
        sw.name = f"Legende {text}"
        sw.fill.solid()
        sw.fill.fore_color.rgb = rgb(colour)
        sw.line.color.rgb = rgb(palette.GREY_LIGHT)
        plain(sw)
        h = _legend_text(slide, text, left + Inches(0.5), y - Inches(0.04), text_w, scale)
        y += max(Inches(0.4), h + Inches(0.04))
    if spec.points:
        dot = slide.shapes.add_shape(MSO_SHAPE.OVAL, left + Inches(0.1), y + Inches(0.06), Inches(0.18), Inches(0.18))
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
