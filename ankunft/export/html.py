"""Offline HTML export: one self-contained file that opens without network and prints to PDF.

- plotly.js is embedded once, inline; figures are plotly divs (`include_plotlyjs=False`),
- maps are plotly shapes: district polygons as filled Scatter traces on lon/lat with an equal
  aspect (no tiles, no geo traces — those fetch topojson —, not pydeck — it links a CDN),
- no `http://` / `https://` anywhere: in the plotly bundle the XML namespace identifiers
  (never fetched, only compared) are written with the JS escape `\\/`, which leaves the string
  value unchanged; every other URL in it (map tiles, fonts, topojson, licence links — code paths
  our Bar/Scatter/Pie figures never run) is turned into an inert `about:blank#…`. Our own text is
  HTML-escaped and `://` in it written as an entity,
- system fonts only; print CSS with a page break before every section.
"""

from __future__ import annotations

import functools
import html
import math
import re

import plotly.graph_objects as go
import plotly.offline

from ankunft.core import fmt, palette
from ankunft.plots import maps
from ankunft.views import report_model as model
from ankunft.views.report_model import ChartSpec, MapSpec, Report, Section

FONT_STACK = 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif'
FIG_WIDTH = 960
FIG_HEIGHT = 400  # a section (title, sentence, tiles, figure) fits one A4 landscape page
MAP_HEIGHT = 520
MAP_PLOT_WIDTH = FIG_WIDTH - 20 - 240  # margins and the legend column
PLOTLY_CONFIG = {"displaylogo": False, "responsive": False, "topojsonURL": "",
                 "modeBarButtonsToRemove": ["select2d", "lasso2d", "autoScale2d", "toggleSpikelines"]}

_NAMESPACES = re.compile(r"http://(www\.w3\.org/(?:2000/svg|1999/xlink|1999/xhtml|2000/xmlns/|XML/1998/namespace))")
_ANY_URL = re.compile(r"https?://")


@functools.lru_cache(maxsize=1)
def offline_plotlyjs() -> str:
    """plotly.js without any `http(s)://` substring (see module doc), safe inside <script>."""
    js = plotly.offline.get_plotlyjs()
    js = _NAMESPACES.sub(lambda m: "http:\\/\\/" + m.group(1), js)
    js = _ANY_URL.sub("about:blank#", js)
    if "</script" in js.lower():  # would end the inline script early
        js = re.sub(r"</(script)", r"<\\/\1", js, flags=re.IGNORECASE)
    return js


def build(report: Report) -> str:
    """The report as one self-contained HTML document (str, UTF-8 when written)."""
    parts = [
        "<!DOCTYPE html>",
        '<html lang="de">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_esc(report.title)} – {_esc(report.subtitle())}</title>",
        f"<style>{_css(report.council)}</style>",
        f"<script>{offline_plotlyjs()}</script>",
        "</head>",
        "<body>",
        _cover(report),
    ]
    kpis = report.overview_kpis()
    if kpis:
        parts.append(_section_open("kennzahlen", "Kennzahlen auf einen Blick"))
        parts.append(_kpis(kpis))
        parts.append(f'<p class="caption">{_esc(report.caption())}</p>')
        parts.append(_stamp(report))
        parts.append("</section>")
    for section in report.sections:
        parts.append(_section(report, section))
    if report.assumptions or report.sources:
        parts.append(_sources(report))
    if report.threshold_line:  # council: the Stand's recorded threshold closes the document too
        parts.append(f'<footer><p class="stamp">{_esc(report.threshold_line)}</p></footer>')
    parts += ["</body>", "</html>"]
    doc = "\n".join(parts)
    if "http://" in doc or "https://" in doc:  # guard: every path above escapes; never ship a link
        raise ValueError("HTML-Export enthält einen Verweis auf einen externen Server.")
    return doc


# ---------------------------------------------------------------------------------------------
# text


def _esc(text) -> str:
    """HTML-escaped text; `://` as an entity so no text ever forms a URL."""
    return html.escape(str(text), quote=True).replace("://", ":&#47;&#47;")


def _label(text) -> str:
    """A chart label for plotly, which renders its own mini-HTML: every `<` as `&lt;` (plotly shows it as
    `<`), `://` as entities so no label forms a URL."""
    return str(text).replace("<", "&lt;").replace("://", ":&#47;&#47;")


def _paragraphs(text: str) -> str:
    blocks = [b.strip() for b in re.split(r"\n\s*\n", text or "") if b.strip()]
    return "".join(f"<p>{'<br>'.join(_esc(line) for line in b.splitlines())}</p>" for b in blocks)


def slug(key: str) -> str:
    return re.sub(r"[^a-z0-9-]+", "-", str(key).lower()).strip("-") or "abschnitt"


def _section_open(key: str, title: str) -> str:
    return f'<section class="report-section" id="{slug(key)}">\n<h2>{_esc(title)}</h2>'


def _stamp(report: Report) -> str:
    return f'<p class="stamp">{_esc(report.stamp)}</p>' if report.stamp else ""


def _cover(report: Report) -> str:
    lines = ['<header class="cover">', f"<h1>{_esc(report.title)}</h1>",
             f'<p class="sub">{_esc(report.subtitle())}</p>']
    if report.author:
        lines.append(f'<p class="author">{_esc(report.author)}</p>')
    if report.council:
        lines.append(f'<p class="council">{_esc(model.COUNCIL_NOTE)}</p>')
    if report.threshold_line:
        lines.append(f'<p class="council">{_esc(report.threshold_line)}</p>')
    lines.append(_stamp(report))
    lines.append("</header>")
    return "\n".join(lines)


def _kpis(kpis) -> str:
    tiles = []
    for k in kpis:
        change = f'<span class="change">{_esc(k.change_text)}</span>' if k.change_text else ""
        tiles.append(f'<div class="kpi"><span class="value">{_esc(k.value_text)}</span>'
                     f'<span class="label">{_esc(k.label)}</span>{change}</div>')
    return f'<div class="kpis">{"".join(tiles)}</div>'


def _section(report: Report, section: Section) -> str:
    key = slug(section.key)
    parts = [_section_open(section.key, section.title)]
    if section.headline:
        parts.append(f'<p class="headline">{_esc(section.headline)}</p>')
    if section.kpis:
        parts.append(_kpis(section.kpis[:5]))
    caption = f'<figcaption>{_esc(section.caption())}</figcaption>'
    if section.map is not None:
        fig = map_figure(section.map)
        parts.append(f'<figure class="map">{_figure_html(fig, f"karte-{key}")}{caption}</figure>')
    if section.chart is not None:
        fig = chart_figure(section.chart)
        parts.append(f'<figure class="chart">{_figure_html(fig, f"diagramm-{key}")}{caption}</figure>')
    if section.key == "findings" and report.findings:  # Handlungsbedarf: a numbered list, as on the slide
        parts.append(findings_html(report.findings))
        parts.append(f'<p class="caption">{_esc(section.caption())}</p>')
    elif section.has_table():
        parts.append(table_html(section))
        if section.map is None and section.chart is None:
            parts.append(f'<p class="caption">{_esc(section.caption())}</p>')
    if section.notes.strip():
        parts.append(f'<div class="notes"><h3>Erläuterung</h3>{_paragraphs(section.notes)}</div>')
    parts.append(_stamp(report))
    parts.append("</section>")
    return "\n".join(parts)


def _sources(report: Report) -> str:
    parts = [_section_open("annahmen-und-quellen", "Annahmen und Quellen")]
    if report.assumptions:
        rows = "".join(f"<tr><td>{_esc(a)}</td><td>{_esc(b)}</td></tr>" for a, b in report.assumptions)
        parts.append(f"<h3>Annahmen</h3><table><thead><tr><th>Annahme</th><th>Wert</th></tr></thead>"
                     f"<tbody>{rows}</tbody></table>")
    if report.sources:
        rows = "".join(f"<tr><td>{_esc(a)}</td><td>{_esc(b)}</td><td>{_esc(fmt.date(c) if c else fmt.MISSING)}</td></tr>"
                       for a, b, c in report.sources)
        parts.append(f"<h3>Quellen</h3><table><thead><tr><th>Datensatz</th><th>Stelle</th><th>Stichtag</th></tr>"
                     f"</thead><tbody>{rows}</tbody></table>")
    parts.append(f'<p class="caption">{_esc(report.caption())}</p>')
    parts.append(_stamp(report))
    parts.append("</section>")
    return "\n".join(parts)


def findings_html(findings) -> str:
    """The findings (`views.report_findings.Finding`) as an ordered list: title, sentence, source."""
    items = "".join(f'<li><strong>{_esc(f.title)}</strong><br>{_esc(f.text)}<br>'
                    f'<span class="src">Quelle: {_esc(f.source)}</span></li>' for f in findings)
    return f'<ol class="findings">{items}</ol>'


def table_html(section: Section) -> str:
    formats = model.column_formats(section)
    cols = [str(c) for c in section.table.columns]
    head = "".join(f'<th{" class=num" if c in formats else ""}>{_esc(c)}</th>' for c in cols)
    body = []
    for row in section.table.itertuples(index=False):
        cells = "".join(f'<td{" class=num" if c in formats else ""}>{_esc(model.cell_text(v, formats.get(c)))}</td>'
                        for c, v in zip(cols, row))
        body.append(f"<tr>{cells}</tr>")
    return f'<table class="data"><thead><tr>{head}</tr></thead><tbody>{"".join(body)}</tbody></table>'


# ---------------------------------------------------------------------------------------------
# figures


def _figure_html(fig: go.Figure, div_id: str) -> str:
    out = fig.to_html(full_html=False, include_plotlyjs=False, config=PLOTLY_CONFIG, div_id=div_id,
                      default_width=f"{fig.layout.width}px", default_height=f"{fig.layout.height}px")
    # plotly writes figure JSON with "/" escaped; our config has no URL — keep the guarantee anyway
    return out.replace("http://", "http:\\/\\/").replace("https://", "https:\\/\\/")


def d3_format(number_format: str) -> tuple[str, str]:
    """(d3 tickformat, tick suffix) for an Excel number format; German separators come from the
    layout (`separators=",."`)."""
    d = model.format_decimals(number_format)
    numeric = number_format.split('"')[0]
    if model.is_percent(number_format):
        return f",.{d}%", ""
    grouping = "," if "," in numeric else ""
    return f"{grouping}.{d}f", model.format_suffix(number_format)


def _layout(height: int = FIG_HEIGHT, **extra) -> dict:
    base = dict(
        width=FIG_WIDTH, height=height, separators=",.", paper_bgcolor=palette.BACKGROUND,
        plot_bgcolor=palette.BACKGROUND, font=dict(family=FONT_STACK, size=14, color=palette.TEXT),
        margin=dict(l=70, r=30, t=30, b=60), hoverlabel=dict(font=dict(family=FONT_STACK)),
        legend=dict(orientation="h", yanchor="top", y=-0.15, x=0, font=dict(size=13), traceorder="normal"),
        template="none",
    )
    base.update(extra)
    return base


LABEL_FONT_SIZE = 14  # the layout font: tick labels
LABEL_EM = 0.6  # average advance of a system sans-serif character, in em (generous)
MIN_LABEL_MARGIN = 80
MAX_LABEL_MARGIN = int(FIG_WIDTH * 0.45)  # the bars keep at least about half of the figure


def label_margin(labels, font_size: float = LABEL_FONT_SIZE) -> int:
    """Left margin (px) of a horizontal bar chart so that the longest category label fits on one line:
    its estimated width plus the tick gap, at least ``MIN_LABEL_MARGIN``, at most ``MAX_LABEL_MARGIN``."""
    longest = max((len(str(label)) for label in labels), default=0)
    return max(MIN_LABEL_MARGIN, min(MAX_LABEL_MARGIN, math.ceil(longest * LABEL_EM * font_size) + 24))


def chart_figure(spec: ChartSpec) -> go.Figure:
    """A plotly figure of the chart spec (German number text on labels and hovers)."""
    tickformat, suffix = d3_format(spec.number_format)
    fig = go.Figure()
    many = len(spec.categories) * len(spec.series) > 36
    # plotly renders its own mini-HTML (<a href>, <b>, <br>) in labels: every name is escaped text
    categories = [_label(c) for c in spec.categories]

    def texts(values):
        return [model.format_number(v, spec.number_format) if v is not None else "" for v in values]

    if spec.kind == "pie":
        s = spec.series[0]
        fig.add_trace(go.Pie(labels=categories, values=[0 if v is None else v for v in s.values], name=_label(s.name),
                             marker=dict(colors=spec.colours_for_categories(), line=dict(color="#FFFFFF", width=2)),
                             text=texts(s.values), textinfo="label+text", hovertemplate="%{label}: %{text}<extra></extra>",
                             sort=False, direction="clockwise"))
        fig.update_layout(**_layout(legend=dict(orientation="v", x=1.02, y=0.5)))
        return fig

    for s in spec.series:
        text = texts(s.values)
        if spec.kind == "line":
            fig.add_trace(go.Scatter(x=categories, y=s.values, name=_label(s.name), mode="lines+markers",
                                     line=dict(color=s.colour, width=3), marker=dict(size=8, color=s.colour),
                                     text=text, connectgaps=False,
                                     hovertemplate=f"%{{x}}<br>{_esc(s.name)}: %{{text}}<extra></extra>"))
        elif spec.kind == "barh":
            fig.add_trace(go.Bar(y=categories, x=s.values, name=_label(s.name), orientation="h",
                                 marker=dict(color=s.colour), text=None if many else text, textposition="outside",
                                 customdata=text, cliponaxis=False,
                                 hovertemplate=f"%{{y}}<br>{_esc(s.name)}: %{{customdata}}<extra></extra>"))
        else:
            fig.add_trace(go.Bar(x=categories, y=s.values, name=_label(s.name), marker=dict(color=s.colour),
                                 text=None if many else text,
                                 textposition="inside" if spec.kind == "stacked_bar" else "outside",
                                 customdata=text, cliponaxis=False,
                                 hovertemplate=f"%{{x}}<br>{_esc(s.name)}: %{{customdata}}<extra></extra>"))
    value_axis = dict(tickformat=tickformat, ticksuffix=suffix, title=dict(text=_label(spec.y_title)),
                      gridcolor=palette.GREY_LIGHT, zeroline=True, zerolinecolor=palette.GREY, rangemode="tozero")
    category_axis = dict(type="category", showgrid=False, linecolor=palette.GREY)
    layout = _layout(barmode="stack" if spec.kind == "stacked_bar" else "group", showlegend=len(spec.series) > 1)
    if spec.kind == "barh":
        # the category labels sit left of the plot: the margin follows the longest one, and plotly.js
        # widens it further (automargin) should the browser's font run wider than the estimate
        layout.update(xaxis=value_axis, yaxis=dict(category_axis, autorange="reversed", automargin=True),
                      margin=dict(l=label_margin(spec.categories), r=60, t=30, b=60))
    else:
        layout.update(xaxis=category_axis, yaxis=value_axis)
    fig.update_layout(**layout)
    return fig


def map_figure(spec: MapSpec) -> go.Figure:
    """District polygons as filled Scatter traces on lon/lat (equal aspect), labels, points and a
    legend of the value classes — no tiles, no geo traces."""
    classes = spec.classes()
    fig = go.Figure()
    label_x, label_y, label_text, label_colour = [], [], [], []
    b = model.bounds(spec)
    mid_lat = (b[1] + b[3]) / 2 if b else 49.44
    kx = math.cos(math.radians(mid_lat))
    # approximate plot area (figure minus margins and the legend column) → pixels per degree
    if b:
        px_per_deg = min(MAP_PLOT_WIDTH / max((b[2] - b[0]) * kx, 1e-9), (MAP_HEIGHT - 20) / max(b[3] - b[1], 1e-9))
    else:
        px_per_deg = 0.0
    for d in spec.districts(classes):
        did, name, value, colour, rings = d.district_id, d.name, d.value, d.colour, d.rings
        xs, ys = maps.joined(rings)  # the app map's own outlines (rounded to 6 decimals)
        value_text = spec.value_text(value, classes)  # council: the class, never the figure
        fig.add_trace(go.Scatter(
            x=xs, y=ys, fill="toself", fillcolor=colour, mode="lines", line=dict(color=model.MAP_OUTLINE, width=1),
            name=f"{did} {name}", showlegend=False, hoveron="fills",
            text=f"{_esc(did)} {_esc(name)}: {_esc(value_text)}", hoverinfo="text"))
        anchor = model.feature_label_point(d.feature)
        width, height = _extent_px(rings, px_per_deg, kx)
        # a name only where it fits its district (about 6.5 px per character at 11 px)
        if anchor is not None and width >= 6.5 * len(spec.label_lines(d)[0]) and height >= 16:
            # name and value where there is room, only the name in small districts (hover shows all)
            lines = spec.label_lines(d)
            big = width >= 56 and height >= 34
            label_x.append(anchor[0])
            label_y.append(anchor[1])
            label_text.append("<br>".join([f"<b>{_esc(lines[0])}</b>"] + [_esc(t) for t in lines[1:]])
                              if big else f"<b>{_esc(lines[0])}</b>")
            label_colour.append(model.label_colour(colour))
    if label_x:
        fig.add_trace(go.Scatter(x=label_x, y=label_y, mode="text", text=label_text, showlegend=False,
                                 textfont=dict(size=11, color=label_colour), hoverinfo="skip"))
    for colour, label in spec.legend_entries(classes):
        fig.add_trace(go.Scatter(x=[None], y=[None], mode="markers", name=_esc(label),
                                 marker=dict(symbol="square", size=16, color=colour,
                                             line=dict(color=model.MAP_OUTLINE, width=1))))
    if spec.points:
        sizes = [float(p[3]) if p[3] is not None else 0.0 for p in spec.points]
        biggest = max(sizes) if sizes and max(sizes) > 0 else 1.0
        fig.add_trace(go.Scatter(
            x=[float(p[1]) for p in spec.points], y=[float(p[0]) for p in spec.points], mode="markers",
            marker=dict(size=[8 + 22 * math.sqrt(max(s, 0) / biggest) for s in sizes], color=palette.TEXT,
                        line=dict(color="#FFFFFF", width=1.5)),
            text=[_esc(p[2]) for p in spec.points], hoverinfo="text", name=_esc(spec.points_label or "Standorte")))
    axis = dict(visible=False, showgrid=False, zeroline=False)
    fig.update_layout(**_layout(
        height=MAP_HEIGHT, xaxis=axis, yaxis=dict(axis, scaleanchor="x", scaleratio=1 / math.cos(math.radians(mid_lat))),
        margin=dict(l=10, r=10, t=10, b=10), hovermode="closest",
        legend=dict(orientation="v", x=1.0, xanchor="left", y=1, title=dict(text=_esc(spec.legend_heading)),
                    traceorder="normal"),
    ))
    return fig


def _extent_px(rings, px_per_deg: float, kx: float) -> tuple[float, float]:
    ring = max(rings, key=model.ring_area)
    xs, ys = [p[0] for p in ring], [p[1] for p in ring]
    return (max(xs) - min(xs)) * kx * px_per_deg, (max(ys) - min(ys)) * px_per_deg


# ---------------------------------------------------------------------------------------------


def _css(council: bool) -> str:
    base = 18 if council else 16
    return f"""
:root {{ --accent: {palette.ACCENT}; --text: {palette.TEXT}; --grey: {palette.GREY};
        --grey-light: {palette.GREY_LIGHT}; --grey-bg: {palette.GREY_BG}; }}
* {{ box-sizing: border-box; }}
body {{ font-family: {FONT_STACK}; color: var(--text); background: #fff; margin: 0 auto;
       max-width: 1040px; padding: 24px 32px; font-size: {base}px; line-height: 1.45; }}
h1 {{ color: var(--accent); font-size: 2.1em; margin: 0.2em 0; }}
h2 {{ color: var(--accent); font-size: 1.6em; margin: 0 0 0.3em; }}
h3 {{ font-size: 1.05em; margin: 1em 0 0.3em; }}
.cover {{ padding: 15vh 0 2em; }}
.cover .sub {{ font-size: 1.35em; margin: 0.2em 0; }}
.cover .author, .stamp, .caption, figcaption {{ color: var(--grey); }}
.council {{ border-left: 4px solid var(--accent); padding-left: 0.6em; }}
.report-section {{ margin-top: 2.5em; padding-top: 1em; border-top: 1px solid var(--grey-light); }}
.headline {{ font-size: 1.2em; margin: 0.2em 0 0.8em; }}
.kpis {{ display: flex; flex-wrap: wrap; gap: 14px; margin: 0.6em 0 1em; }}
.kpi {{ background: var(--grey-bg); padding: 10px 14px; min-width: 180px; flex: 1 1 180px; max-width: 320px;
        display: flex; flex-direction: column; }}
.kpi .value {{ color: var(--accent); font-size: 1.8em; font-weight: 700; }}
.kpi .change {{ color: var(--grey); font-size: 0.9em; }}
figure {{ margin: 0.5em 0 1em; break-inside: avoid; page-break-inside: avoid; }}
figcaption, .caption, .stamp {{ font-size: 0.85em; margin: 0.3em 0; }}
table {{ border-collapse: collapse; margin: 0.5em 0 1em; font-size: 0.9em; }}
th {{ background: var(--accent); color: #fff; text-align: left; padding: 4px 10px; }}
td {{ padding: 3px 10px; border-bottom: 1px solid var(--grey-light); }}
tbody tr:nth-child(even) td {{ background: var(--grey-bg); }}
.num {{ text-align: right; font-variant-numeric: tabular-nums; }}
ol.findings li {{ margin: 0 0 0.7em; }}
ol.findings .src {{ color: var(--grey); font-size: 0.85em; }}
.notes {{ border-left: 4px solid var(--grey-light); padding-left: 0.8em; break-inside: avoid; page-break-inside: avoid; }}
@page {{ size: A4 landscape; margin: 12mm; }}
@media print {{
  html {{ -webkit-print-color-adjust: exact; print-color-adjust: exact; }}
  body {{ max-width: none; padding: 0; }}
  .cover {{ padding-top: 25vh; }}
  .report-section {{ page-break-before: always; break-before: page; border-top: none; margin-top: 0; }}
  .modebar-container {{ display: none !important; }}
  tr, .kpi {{ break-inside: avoid; page-break-inside: avoid; }}
  thead {{ display: table-header-group; }}
}}
"""
