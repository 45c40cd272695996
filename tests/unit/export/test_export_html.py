"""Offline HTML export: parse it, check it is self-contained, compare figures with the model."""

from __future__ import annotations

import math
import shutil
from html.parser import HTMLParser

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ankunft.core import palette
from ankunft.export import html as export_html
from ankunft.plots import maps
from ankunft.views.report_model import ChartSpec, Section, Series
from tests.unit.views.test_report_model import sample_report


class _Doc(HTMLParser):
    """Collects what the tests look at: sections, headings, scripts, links, tables."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.sections: list[str] = []
        self.h2: list[str] = []
        self.scripts: list[str] = []
        self.script_srcs: list[str] = []
        self.links: list[str] = []
        self.attr_values: list[str] = []
        self.plot_divs: list[str] = []
        self.tables: list[list[list[str]]] = []
        self._stack: list[str] = []
        self._text: list[str] = []
        self._row: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.attr_values += [v for v in a.values() if v]
        if tag == "section":
            self.sections.append(a.get("id", ""))
        if tag == "script":
            if "src" in a:
                self.script_srcs.append(a["src"])
        if tag == "link":
            self.links.append(a.get("href", ""))
        if tag == "div" and "plotly-graph-div" in (a.get("class") or ""):
            self.plot_divs.append(a.get("id", ""))
        if tag == "table":
            self.tables.append([])
        if tag == "tr":
            self._row = []
        self._stack.append(tag)
        self._text = []

    def handle_endtag(self, tag):
        text = "".join(self._text)
        if tag == "script":
            self.scripts.append(text)
        if tag == "h2":
            self.h2.append(text)
        if tag in ("td", "th") and self._row is not None:
            self._row.append(text)
        if tag == "tr" and self._row is not None:
            self.tables[-1].append(self._row)
            self._row = None
        if self._stack:
            self._stack.pop()
        self._text = []

    def handle_data(self, data):
        self._text.append(data)


@pytest.fixture(scope="module")
def doc():
    text = export_html.build(sample_report())
    parser = _Doc()
    parser.feed(text)
    return text, parser


def test_sections_in_order(doc):
    _, d = doc
    assert d.sections == ["kennzahlen", "unterkuenfte", "aufenthalt", "entwicklung", "bezirke", "maengel",
                          "dienste", "zugaenge", "annahmen-und-quellen"]
    assert d.h2 == ["Kennzahlen auf einen Blick", "Unterkünfte und Belegung", "Aufenthaltsdauer", "Zugänge und Abgänge",
                    "Bewohner je Bezirk", "Mängel nach Status", "Erreichbarkeit der Dienste", "Zugänge je Monat",
                    "Annahmen und Quellen"]


def test_self_contained_without_outside_hosts(doc):
    text, d = doc
    assert "http://" not in text and "https://" not in text
    assert d.script_srcs == [] and d.links == []
    assert not any(v.startswith(("//", "http")) for v in d.attr_values)
    # plotly.js inline, exactly once, before the figures
    bundles = [s for s in d.scripts if len(s) > 1_000_000]
    assert len(bundles) == 1 and "newPlot" in bundles[0]
    assert text.index(bundles[0][:200]) < text.index("Plotly.newPlot(")
    assert d.plot_divs == ["diagramm-unterkuenfte", "diagramm-aufenthalt", "diagramm-entwicklung", "karte-bezirke",
                           "diagramm-maengel", "diagramm-dienste"]


def test_plotly_bundle_keeps_namespaces_and_drops_urls():
    js = export_html.offline_plotlyjs()
    assert "http://" not in js and "https://" not in js
    # the SVG namespace is still the same string value at run time ("\/" is "/" in a JS string)
    assert 'createElementNS("http:\\/\\/www.w3.org/2000/svg"' in js
    assert "about:blank#cdn.plot.ly" in js  # topojson default: inert
    assert "</script" not in js.lower()


def test_print_css_and_system_fonts(doc):
    text, _ = doc
    assert "page-break-before: always" in text and "break-before: page" in text
    assert "system-ui" in text and "@font-face" not in text and "@import" not in text


def test_tables_are_german_text(doc):
    _, d = doc
    table = d.tables[0]
    assert table[0] == ["Unterkunft", "Bezirk", "Plätze", "Auslastung", "Eröffnet"]
    assert table[1] == ["GU Pfaffstraße", "09", "120", "98,3\u00a0%", "03.02.2016"]
    assert table[4][3] == "–"
    assert table[10][2] == "1.234.567"
    sources = d.tables[-1]
    assert sources == [["Datensatz", "Stelle", "Stichtag"], ["Unterkünfte", "Sozialamt", "30.09.2026"],
                       ["Stadtteile", "Statistikstelle", "31.12.2025"]]


def test_text_is_escaped():
    report = sample_report()
    report.sections = [Section("x", "<script>alert(1)</script>", headline='A & B "c"',
                               notes="Siehe https://example.org/x\n\nZweiter Absatz")]
    text = export_html.build(report)
    assert "<script>alert(1)</script>" not in text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text
    assert "A &amp; B &quot;c&quot;" in text
    assert "https:&#47;&#47;example.org/x" in text and "https://" not in text
    assert "<p>Zweiter Absatz</p>" in text


def test_chart_figures_equal_the_spec():
    report = sample_report()
    for section in report.sections:
        spec = section.chart
        if spec is None:
            continue
        fig = export_html.chart_figure(spec)
        assert fig.layout.separators == ",."
        if spec.kind == "pie":
            assert fig.data[0].type == "pie"
            assert list(fig.data[0].labels) == [c.replace("<", "&lt;") for c in spec.categories]  # plotly shows &lt; as <
            assert list(fig.data[0].values) == spec.series[0].values
            assert list(fig.data[0].marker.colors) == spec.colours_for_categories()
            continue
        assert [t.name for t in fig.data] == [s.name.replace("<", "&lt;") for s in spec.series]
        for trace, s in zip(fig.data, spec.series):
            if spec.kind == "barh":
                assert trace.orientation == "h" and list(trace.x) == s.values and list(trace.y) == [c.replace("<", "&lt;") for c in spec.categories]
            else:
                assert list(trace.y) == s.values and list(trace.x) == [c.replace("<", "&lt;") for c in spec.categories]
            colour = trace.line.color if spec.kind == "line" else trace.marker.color
            assert colour == s.colour
        expected_type = "scatter" if spec.kind == "line" else "bar"
        assert {t.type for t in fig.data} == {expected_type}
    stacked = export_html.chart_figure(report.sections[1].chart)
    assert stacked.layout.barmode == "stack"
    barh = export_html.chart_figure(report.sections[5].chart)
    assert barh.layout.yaxis.autorange == "reversed" and barh.layout.xaxis.ticksuffix == "\u00a0m"
    assert list(barh.data[0].text) == ["850\u00a0m", "420\u00a0m", "1.300\u00a0m"]
    line = export_html.chart_figure(report.sections[2].chart)
    assert list(line.data[0].text) == ["12,0", "", "8,0"] and line.data[0].connectgaps is False


def test_d3_formats():
    assert export_html.d3_format("#,##0") == (",.0f", "")
    assert export_html.d3_format("#,##0.0") == (",.1f", "")
    assert export_html.d3_format("0.0%") == (",.1%", "")
    assert export_html.d3_format('#,##0 "€"') == (",.0f", "\u00a0€")
    assert export_html.d3_format("0") == (".0f", "")


def test_map_figure_polygons():
    spec = sample_report().sections[3].map
    fig = export_html.map_figure(spec)
    polygons = [t for t in fig.data if t.fill == "toself"]
    assert len(polygons) == 7
    assert all(t.type == "scatter" for t in fig.data)  # no geo / mapbox traces, no tiles
    by_name = {t.name: t for t in polygons}
    assert by_name["06 Betzenberg"].fillcolor == palette.SEQUENTIAL[4]
    assert by_name["05 Grübentälchen/Volkspark"].fillcolor == palette.GREY_LIGHT
    multi = by_name["07 Lämmchesberg/Uniwohnstadt"]
    assert list(multi.x).count(None) == 1  # two rings, one gap
    legend = [t.name for t in fig.data if t.showlegend is not False and t.fill != "toself" and t.mode != "text"]
    assert legend == ["keine (0)", "über 0 bis unter 25", "25 bis unter 50", "50 bis unter 75", "75 bis unter 100",
                      "100 und mehr", "keine Angabe", "Unterkünfte (Größe: Plätze)"]
    assert fig.layout.yaxis.scaleanchor == "x"
    # latitudes span 49.4158 − 0.002·sin 60° (small part of 07) … 49.4550 + 0.004·sin 60° (04): middle 49.43627
    assert fig.layout.yaxis.scaleratio == pytest.approx(1 / math.cos(math.radians(49.43627)), rel=1e-6)
    labels = [t for t in fig.data if t.mode == "text"][0]
    assert "<b>Betzenberg</b><br>120" in labels.text  # district names, not ids (issue #18)
    assert not any(t.startswith("<b>0") for t in labels.text)


def test_content_follows_the_data():
    one = export_html.build(sample_report(1))
    two = export_html.build(sample_report(2))
    assert "Die Belegung liegt bei 224 Personen." in one and "Die Belegung liegt bei 342 Personen." in two
    fig = export_html.chart_figure(sample_report(2).sections[0].chart)
    assert list(fig.data[1].y) == [236.0, 61.0, 45.0, None]


def test_council_mode():
    text = export_html.build(sample_report(council=True))
    assert "Ratsfassung" in text and "font-size: 18px" in text
    assert "font-size: 16px" in export_html.build(sample_report())


def test_injection_text_shown_as_text():
    report = sample_report()
    report.sections = [Section("c", "Diagramm", chart=ChartSpec("bar", ["</script><b>x"],
                                                                [Series("s", [1.0], "#005A9C")]))]
    text = export_html.build(report)
    assert "</script><b>x" not in text  # plotly's JSON escapes "<" and "/" inside the script


def _chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")


def _in_thread(fn):
    """Run a Playwright sync-API block in its own thread: the browser suite (tests/browser) may keep a
    Playwright session with a running asyncio loop open in the main thread for the whole test run."""
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=1) as ex:
        return ex.submit(fn).result()


CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]


@pytest.mark.skipif(_chromium() is None, reason="kein Chromium installiert")
def test_renders_offline_in_a_browser(tmp_path):
    sync_api = pytest.importorskip("playwright.sync_api")
    path = tmp_path / "bericht.html"
    path.write_text(export_html.build(sample_report()), encoding="utf-8")

    def run():
        with sync_api.sync_playwright() as p:
            browser = p.chromium.launch(executable_path=_chromium(), args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1100, "height": 900})
            requests, errors = [], []
            page.on("request", lambda r: requests.append(r.url))
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.goto(path.as_uri())
            page.wait_for_function("document.querySelectorAll('.js-plotly-plot .main-svg').length >= 6")
            assert requests == [path.as_uri()]  # nothing else is fetched
            assert errors == []
            # the map's polygons were drawn as SVG paths (namespace strings still work)
            assert page.evaluate("document.querySelectorAll('#karte-bezirke .scatterlayer path.js-fill').length") == 7
            page.emulate_media(media="print")
            breaks = page.evaluate("[...document.querySelectorAll('section.report-section')]"
                                   ".map(s => getComputedStyle(s).breakBefore)")
            assert breaks == ["page"] * 9
            browser.close()

    _in_thread(run)


def test_same_report_same_document():
    # fixed figure ids: the file depends on the content only (the page caches per content and Stand)
    assert export_html.build(sample_report()) == export_html.build(sample_report())


LONG_LABEL = "Gemeinschaftsunterkunft Pfaffstraße Nord"  # 40 characters


def test_barh_margin_follows_the_longest_label():
    assert len(LONG_LABEL) == 40
    spec = ChartSpec("barh", ["Kita", LONG_LABEL, "Beratung"],
                     [Series("Entfernung", [850.0, 420.0, 1300.0], "#005A9C")], number_format='#,##0 "m"')
    fig = export_html.chart_figure(spec)
    assert fig.layout.yaxis.automargin is True
    # 40 characters · 0,6 em · 14 px = 336 px, plus 24 px tick gap
    assert fig.layout.margin.l == 360
    assert export_html.label_margin([LONG_LABEL]) == 360
    # short labels: a small margin instead of the former fixed 170 px; bounds at both ends
    assert export_html.label_margin(["Kita", "Beratung"]) == 92  # ceil(8 · 0,6 · 14 = 67,2) + 24
    assert export_html.label_margin(["A"]) == export_html.MIN_LABEL_MARGIN == 80
    assert export_html.label_margin(["x" * 200]) == export_html.MAX_LABEL_MARGIN == 432
    assert export_html.label_margin([]) == 80


@pytest.mark.skipif(_chromium() is None, reason="kein Chromium installiert")
def test_long_barh_labels_not_clipped_in_a_browser(tmp_path):
    sync_api = pytest.importorskip("playwright.sync_api")
    report = sample_report()
    labels = [LONG_LABEL, "Wohnheim Kotten", "GU Einsiedlerhof (Erweiterung Süd, Haus B)"]
    report.sections = [Section("dienste", "Erreichbarkeit", chart=ChartSpec(
        "barh", labels, [Series("Entfernung", [850.0, 420.0, 1300.0], "#005A9C")], number_format='#,##0 "m"'))]
    path = tmp_path / "bericht.html"
    path.write_text(export_html.build(report), encoding="utf-8")

    def run():
        with sync_api.sync_playwright() as p:
            browser = p.chromium.launch(executable_path=_chromium(), args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1100, "height": 900})
            page.goto(path.as_uri())
            page.wait_for_function("document.querySelectorAll('#diagramm-dienste .ytick text').length === 3")
            boxes = page.evaluate("""() => {
                const fig = document.querySelector('#diagramm-dienste').getBoundingClientRect();
                return [...document.querySelectorAll('#diagramm-dienste .ytick text')].map(t => {
                    const b = t.getBoundingClientRect();
                    return {text: t.textContent, left: b.left - fig.left, right: b.right - fig.left};
                });
            }""")
            browser.close()
            return boxes

    boxes = _in_thread(run)
    assert sorted(b["text"] for b in boxes) == sorted(labels)
    for b in boxes:
        assert b["left"] >= 0, b  # fully inside the figure: nothing clipped on the left
        assert b["right"] > b["left"] + 100


# --- D2: the export draws district outlines with the map's own ring joining ----------------------
coords = st.floats(min_value=-180, max_value=180, allow_nan=False, allow_infinity=False)
rings = st.lists(st.lists(st.tuples(coords, coords), min_size=3, max_size=12), min_size=1, max_size=4)


@settings(max_examples=80, deadline=None)
@given(rings)
def test_joined_rings_are_the_plain_concatenation_only_rounded(parts):
    """What html.map_figure drew before (rings concatenated, None between them), within rounding."""
    xs, ys = maps.joined(parts)
    plain_x = [v for k, ring in enumerate(parts) for v in ([None] if k else []) + [p[0] for p in ring]]
    plain_y = [v for k, ring in enumerate(parts) for v in ([None] if k else []) + [p[1] for p in ring]]
    assert [v is None for v in xs] == [v is None for v in plain_x] and len(ys) == len(plain_y)
    for got, was in zip(xs + ys, plain_x + plain_y):
        assert (got is None and was is None) or abs(got - was) <= 5e-7


def test_map_figure_outlines_are_the_spec_rings_rounded():
    spec = sample_report().sections[3].map
    fig = export_html.map_figure(spec)
    by_name = {t.name: t for t in fig.data if t.fill == "toself"}
    for d in spec.districts(spec.classes()):
        trace = by_name[f"{d.district_id} {d.name}"]
        xs, ys = maps.joined(d.rings)
        assert list(trace.x) == xs and list(trace.y) == ys
        flat = [p for ring in d.rings for p in ring]
        assert len([v for v in trace.x if v is not None]) == len(flat)
        assert all(abs(a - p[0]) <= 5e-7 for a, p in zip([v for v in trace.x if v is not None], flat))
