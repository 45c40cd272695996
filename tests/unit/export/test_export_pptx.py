"""PowerPoint export: re-open the file with python-pptx and compare it with the report model."""

from __future__ import annotations

import copy
import io
import zipfile

import openpyxl
import pandas as pd
import pytest
from pptx import Presentation
from pptx.enum.chart import XL_CHART_TYPE
from pptx.enum.shapes import MSO_SHAPE_TYPE
from pptx.util import Emu, Inches

from ankunft.core import palette
from ankunft.export import pptx as export_pptx
from ankunft.views.report_model import ChartSpec, MapSpec, Section, Series
from tests.unit.views.test_report_model import hexagon, sample_report


def _open(data: bytes):
    return Presentation(io.BytesIO(data))


def _slide_texts(slide) -> list[str]:
    return [sh.text_frame.text for sh in slide.shapes if sh.has_text_frame]


def _chart(slide):
    charts = [sh.chart for sh in slide.shapes if sh.has_chart]
    assert len(charts) == 1
    return charts[0]


def _titles(prs) -> list[str]:
    return [s.shapes.title.text for s in prs.slides]


@pytest.fixture(scope="module")
def deck():
    report = sample_report()
    return report, _open(export_pptx.build(report))


def test_slide_order_and_count(deck):
    report, prs = deck
    # title + Inhalt + KPIs + 6 sections with one visual each + 15-row table on 2 slides + sources = 12
    assert _titles(prs) == [
        "Unterbringung Geflüchteter – Sachstand", "Inhalt", "Kennzahlen auf einen Blick", "Unterkünfte und Belegung",
        "Aufenthaltsdauer", "Zugänge und Abgänge", "Bewohner je Bezirk", "Mängel nach Status",
        "Erreichbarkeit der Dienste", "Zugänge je Monat (Teil 1 von 2)", "Zugänge je Monat (Teil 2 von 2)",
        "Annahmen und Quellen"]
    assert (prs.slide_width, prs.slide_height) == (Emu(12192000), Emu(6858000))  # 16:9


def test_title_slide(deck):
    _, prs = deck
    text = "\n".join(_slide_texts(prs.slides[0]))
    assert "Kaiserslautern · Stand 30.09.2026" in text
    assert "Integrationsbüro, Frau Beispiel" in text
    assert "Ratsfassung" not in text


def test_kpi_tiles(deck):
    report, prs = deck
    tiles = [sh for sh in prs.slides[2].shapes if sh.name.startswith("Kennzahl ")]
    assert [t.text_frame.text for t in tiles] == ["224\nBelegte Plätze\n+4 seit 30.06.2026"]
    section_tiles = [sh.text_frame.text for sh in prs.slides[3].shapes if sh.name.startswith("Kennzahl ")]
    assert section_tiles == ["224\nBelegte Plätze\n+4 seit 30.06.2026", "73,4\u00a0%\nAuslastung\n−1,2 Prozentpunkte",
                             "4\nUnterkünfte"]


def test_native_charts_equal_the_spec(deck):
    report, prs = deck
    chart_slides = {3: 0, 4: 1, 5: 2, 7: 4, 8: 5}  # slide index → section index (1: Inhalt)
    expected_types = {"bar": XL_CHART_TYPE.COLUMN_CLUSTERED, "stacked_bar": XL_CHART_TYPE.COLUMN_STACKED,
                      "line": XL_CHART_TYPE.LINE_MARKERS, "pie": XL_CHART_TYPE.PIE,
                      "barh": XL_CHART_TYPE.BAR_CLUSTERED}
    for slide_idx, sec_idx in chart_slides.items():
        spec = report.sections[sec_idx].chart
        chart = _chart(prs.slides[slide_idx])
        assert chart.chart_type == expected_types[spec.kind]
        plot = chart.plots[0]
        assert list(plot.categories) == spec.categories
        assert [s.name for s in plot.series] == [s.name for s in spec.series]
        for got, want in zip(plot.series, spec.series):
            assert list(got.values) == want.values
        assert f'formatCode="{spec.number_format}"'.replace('"m"', "&quot;m&quot;") in chart._chartSpace.xml \
            or f"<c:formatCode>{spec.number_format}</c:formatCode>".replace('"', "&quot;") in chart._chartSpace.xml


def test_chart_values_hand_checked(deck):
    _, prs = deck
    bar = _chart(prs.slides[3]).plots[0]
    assert list(bar.series[0].values) == [120.0, 80.0, 45.0, 60.0]
    assert list(bar.series[1].values) == [118.0, 61.0, 45.0, None]  # no report from Einsiedlerhof
    line = _chart(prs.slides[5]).plots[0]
    assert list(line.series[0].values) == [12.0, None, 8.0]


def test_chart_colours_and_format(deck):
    report, prs = deck
    bar = _chart(prs.slides[3]).plots[0]
    assert [str(s.format.fill.fore_color.rgb) for s in bar.series] == ["D1D5DB", "005A9C"]
    line = _chart(prs.slides[5]).plots[0]
    assert str(line.series[1].format.line.color.rgb) == palette.colour_for("Abgänge").lstrip("#")
    pie = _chart(prs.slides[7]).plots[0]
    assert [str(p.format.fill.fore_color.rgb) for p in pie.series[0].points] == [
        palette.colour_for(c).lstrip("#") for c in ("offen", "behoben", "in Bearbeitung")]
    value_axis = _chart(prs.slides[3]).value_axis
    assert value_axis.tick_labels.number_format == "#,##0"
    assert value_axis.axis_title.text_frame.text == "Personen"
    assert _chart(prs.slides[8]).category_axis.reverse_order is True  # barh: first category on top


def test_footer_on_every_slide(deck):
    report, prs = deck
    for i, slide in enumerate(prs.slides):
        footers = [sh.text_frame.text for sh in slide.shapes if sh.name == "Fußzeile"]
        assert len(footers) == 1, i
        assert footers[0].endswith(report.stamp)
    section_footer = [sh.text_frame.text for sh in prs.slides[6].shapes if sh.name == "Fußzeile"][0]
    assert section_footer.startswith("Quelle: Statistikstelle · Stichtag 31.12.2025 · Filter: keine\n")
    overview_footer = [sh.text_frame.text for sh in prs.slides[2].shapes if sh.name == "Fußzeile"][0]
    assert overview_footer.startswith("Quellen: Sozialamt, Statistikstelle")


def test_speaker_notes(deck):
    report, prs = deck
    notes = prs.slides[3].notes_slide.notes_text_frame.text
    assert notes == report.notes_for(report.sections[0])
    assert notes.startswith("Die Belegung liegt bei 224 Personen.")
    assert "• Standard Wohnfläche: 9\u00a0m² je Person" in notes
    assert "Bezirk 05 ist unterdrückt" in prs.slides[6].notes_slide.notes_text_frame.text


def test_notes_and_values_follow_the_data():
    one = _open(export_pptx.build(sample_report(1)))
    two = _open(export_pptx.build(sample_report(2)))
    assert one.slides[3].notes_slide.notes_text_frame.text.startswith("Die Belegung liegt bei 224 Personen.")
    assert two.slides[3].notes_slide.notes_text_frame.text.startswith("Die Belegung liegt bei 342 Personen.")
    assert list(_chart(two.slides[3]).plots[0].series[1].values) == [236.0, 61.0, 45.0, None]


def test_map_as_freeform_shapes(deck):
    report, prs = deck
    slide = prs.slides[6]
    assert not any(sh.has_chart for sh in slide.shapes)
    assert not any(sh.shape_type == MSO_SHAPE_TYPE.PICTURE for sh in slide.shapes)
    freeforms = [sh for sh in slide.shapes if sh.shape_type == MSO_SHAPE_TYPE.FREEFORM]
    assert len(freeforms) == 7  # one per district, the MultiPolygon as one shape
    by_name = {sh.name: sh for sh in freeforms}
    assert str(by_name["Bezirk 06 Betzenberg"].fill.fore_color.rgb) == palette.SEQUENTIAL[4].lstrip("#")  # 120
    assert str(by_name["Bezirk 03 Innenstadt West/Kotten"].fill.fore_color.rgb) == palette.SEQUENTIAL[1].lstrip("#")
    assert str(by_name["Bezirk 05 Grübentälchen/Volkspark"].fill.fore_color.rgb) == palette.GREY_LIGHT.lstrip("#")
    # the two-part district has two closed contours in one path
    multi = by_name["Bezirk 07 Lämmchesberg/Uniwohnstadt"]._element.xml
    assert multi.count("<a:moveTo>") == 2 and multi.count("<a:close/>") == 2
    texts = _slide_texts(slide)
    for label in ("Bewohner", "keine (0)", "über 0 bis unter 25", "25 bis unter 50", "100 und mehr", "keine Angabe",
                  "Unterkünfte (Größe: Plätze)", "Betzenberg\n120"):
        assert label in texts
    assert len([sh for sh in slide.shapes if sh.name.startswith("Punkt ")]) == 2
    assert any(t.startswith("Grübentälchen") for t in texts)  # no value: the name alone
    # shapes stay on the slide
    for sh in freeforms:
        assert 0 <= sh.left and sh.left + sh.width <= prs.slide_width
        assert 0 <= sh.top and sh.top + sh.height <= prs.slide_height


def test_native_table_pages(deck):
    _, prs = deck
    tables = [sh.table for sh in prs.slides[9].shapes if sh.has_table]
    assert len(tables) == 1
    t = tables[0]
    assert len(t.rows) == 13 and len(t.columns) == 2  # header + 12 rows
    assert [t.cell(0, j).text for j in range(2)] == ["Monat", "Zugänge"]
    assert [t.cell(1, 0).text, t.cell(1, 1).text, t.cell(12, 1).text] == ["M00", "0", "11"]
    t2 = [sh.table for sh in prs.slides[10].shapes if sh.has_table][0]
    assert len(t2.rows) == 4 and t2.cell(3, 1).text == "14"


def test_sources_slide(deck):
    _, prs = deck
    tables = [sh.table for sh in prs.slides[11].shapes if sh.has_table]
    assert [[c.text for c in r.cells] for r in tables[0].rows] == [
        ["Annahme", "Wert"], ["Mindestfallzahl", "5"], ["Standard Wohnfläche", "9\u00a0m² je Person"]]
    assert [c.text for c in tables[1].rows[2].cells] == ["Stadtteile", "Statistikstelle", "31.12.2025"]


def test_table_only_section_formats_numbers():
    report = sample_report()
    report.sections = [Section("t", "Tabelle", table=report.sections[0].table,
                               table_formats={"Auslastung": "0.0%"})]
    prs = _open(export_pptx.build(report))
    assert _titles(prs)[2] == "Tabelle"  # no KPIs in the report: no KPI slide
    t = [sh.table for sh in prs.slides[2].shapes if sh.has_table][0]
    header = [c.text for c in t.rows[0].cells]
    row1 = dict(zip(header, [c.text for c in t.rows[1].cells]))
    assert row1 == {"Unterkunft": "GU Pfaffstraße", "Bezirk": "09", "Plätze": "120", "Auslastung": "98,3\u00a0%",
                    "Eröffnet": "03.02.2016"}
    row4 = dict(zip(header, [c.text for c in t.rows[4].cells]))
    assert row4["Auslastung"] == "–"
    assert [c.text for c in t.rows[10].cells][2] == "1.234.567"


def test_chart_workbook_text_is_neutralised():
    report = sample_report()
    report.sections = [Section("x", "Injektion", chart=ChartSpec(
        "bar", ["=1+2", "Normal"], [Series("@Reihe", [1.0, 2.0], "#005A9C")]))]
    prs = _open(export_pptx.build(report))
    chart = _chart(prs.slides[2])
    assert list(chart.plots[0].categories) == ["'=1+2", "Normal"]
    assert chart.plots[0].series[0].name == "'@Reihe"
    wb = openpyxl.load_workbook(io.BytesIO(chart.part.chart_workbook.xlsx_part.blob))
    ws = wb.active
    assert ws["A2"].value == "'=1+2" and ws["A2"].data_type == "s"
    assert ws["B1"].value == "'@Reihe"


def test_council_mode_larger_type_and_note():
    normal = _open(export_pptx.build(sample_report()))
    council = _open(export_pptx.build(sample_report(council=True)))
    assert "Ratsfassung" in "\n".join(_slide_texts(council.slides[0]))

    def footer_size(prs):
        box = [sh for sh in prs.slides[3].shapes if sh.name == "Fußzeile"][0]
        return box.text_frame.paragraphs[0].runs[0].font.size.pt

    assert footer_size(normal) == 10 and footer_size(council) == 11.5
    # 12 table rows per slide normally, 10 in council mode: 15 rows → 2 slides either way
    assert len(council.slides) == len(normal.slides) == 12


def _template(with_slide: bool = True) -> bytes:
    """A 4:3 city template with a marked master and one example slide."""
    prs = Presentation()
    prs.slide_width, prs.slide_height = Inches(10), Inches(7.5)
    scratch = prs.slides.add_slide(prs.slide_layouts[6])  # MasterShapes cannot add a text box itself
    logo = scratch.shapes.add_textbox(Inches(8), Inches(0.1), Inches(1.8), Inches(0.4))
    logo.text_frame.text = "Stadtlogo KL"
    prs.slide_master.shapes._spTree.append(copy.deepcopy(logo._element))
    sld_id = prs.slides._sldIdLst[-1]
    prs.part.drop_rel(sld_id.rId)
    prs.slides._sldIdLst.remove(sld_id)
    if with_slide:
        s = prs.slides.add_slide(prs.slide_layouts[1])
        s.shapes.title.text = "Beispielfolie der Vorlage"
    out = io.BytesIO()
    prs.save(out)
    return out.getvalue()


def _as_potx(pptx_bytes: bytes) -> bytes:
    src = zipfile.ZipFile(io.BytesIO(pptx_bytes))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        for item in src.infolist():
            body = src.read(item.filename)
            if item.filename == "[Content_Types].xml":
                body = body.replace(b"presentationml.presentation.main+xml", b"presentationml.template.main+xml")
            z.writestr(item, body)
    return out.getvalue()


@pytest.mark.parametrize("kind", ["pptx", "potx"])
def test_city_template_is_used(kind):
    template = _template()
    if kind == "potx":
        template = _as_potx(template)
        assert b"template.main+xml" in zipfile.ZipFile(io.BytesIO(template)).read("[Content_Types].xml")
        with pytest.raises(Exception):
            Presentation(io.BytesIO(template))  # python-pptx alone refuses a .potx
    prs = _open(export_pptx.build(sample_report(), template=template))
    assert (prs.slide_width, prs.slide_height) == (Inches(10), Inches(7.5))  # the template's size
    titles = _titles(prs)
    assert "Beispielfolie der Vorlage" not in titles and len(titles) == 12
    master_texts = [sh.text_frame.text for sh in prs.slide_master.shapes if sh.has_text_frame]
    assert "Stadtlogo KL" in master_texts
    assert prs.slides[0].slide_layout.name == "Title Slide"
    assert {s.slide_layout.name for s in list(prs.slides)[1:]} == {"Title Only"}
    assert list(_chart(prs.slides[3]).plots[0].series[0].values) == [120.0, 80.0, 45.0, 60.0]
    for slide in prs.slides:  # everything inside the 4:3 slide
        for sh in slide.shapes:
            assert sh.left + sh.width <= prs.slide_width + Emu(1), (slide.shapes.title.text, sh.name)


def test_potx_conversion_leaves_pptx_alone():
    template = _template(with_slide=False)
    assert export_pptx.potx_to_pptx(template) == template
    converted = export_pptx.potx_to_pptx(_as_potx(template))
    assert b"presentation.main+xml" in zipfile.ZipFile(io.BytesIO(converted)).read("[Content_Types].xml")


def test_invalid_template_message():
    with pytest.raises(ValueError, match="keine gültige PowerPoint-Datei"):
        export_pptx.build(sample_report(), template=b"kein zip")


def test_empty_report_has_title_slide_only():
    report = sample_report()
    report.sections, report.assumptions, report.sources = [], [], []
    prs = _open(export_pptx.build(report))
    assert _titles(prs) == ["Unterbringung Geflüchteter – Sachstand"]


def test_table_dataframe_with_pandas_na():
    report = sample_report()
    df = pd.DataFrame({"Name": pd.array(["A", pd.NA], dtype="string"), "Wert": [1.0, float("nan")]})
    report.sections = [Section("t", "NA-Tabelle", table=df)]
    prs = _open(export_pptx.build(report))
    t = [sh.table for sh in prs.slides[2].shapes if sh.has_table][0]
    assert [c.text for c in t.rows[2].cells] == ["–", "–"]


def test_small_districts_get_their_name_beside_the_map():
    """A district too small for its name gets it as a callout beside the map with a line to it."""
    report = sample_report()
    features = [
        {"type": "Feature", "properties": {"district_id": "01", "name": "Groß"},
         "geometry": {"type": "Polygon", "coordinates": [hexagon(49.44, 7.70, 0.02)]}},
        {"type": "Feature", "properties": {"district_id": "02", "name": "Klein"},
         "geometry": {"type": "Polygon", "coordinates": [hexagon(49.44, 7.76, 0.0025)]}},
        {"type": "Feature", "properties": {"district_id": "03", "name": "Winzig"},
         "geometry": {"type": "Polygon", "coordinates": [hexagon(49.44, 7.80, 0.0004)]}},
    ]
    report.sections = [Section("m", "Karte", map=MapSpec({"type": "FeatureCollection", "features": features},
                                                         {"01": 10.0, "02": 20.0, "03": 30.0}, "Wert"))]
    slide = _open(export_pptx.build(report)).slides[2]
    labels = {sh.name: sh.text_frame.text for sh in slide.shapes if sh.name.startswith("Beschriftung ")}
    assert labels == {"Beschriftung 01": "Groß\n10", "Beschriftung 02": "Klein\n20", "Beschriftung 03": "Winzig\n30"}
    leaders = {sh.name for sh in slide.shapes if sh.name.startswith("Hinweislinie ")}
    assert "Hinweislinie 03" in leaders and "Hinweislinie 01" not in leaders
    assert len([sh for sh in slide.shapes if sh.shape_type == MSO_SHAPE_TYPE.FREEFORM]) == 3


def _value_tiles(prs, slide_index: int = 2) -> dict[str, tuple[float, bool]]:
    """Value text → (font size of the value in pt, word wrap of the tile) for the KPI tiles of a slide."""
    out = {}
    for sh in prs.slides[slide_index].shapes:
        if sh.name.startswith("Kennzahl "):
            run = sh.text_frame.paragraphs[0].runs[0]
            out[run.text] = (run.font.size.pt, sh.text_frame.word_wrap)
    return out


def _kpi_report(council: bool = False):
    from ankunft.views.report_model import Kpi

    report = sample_report(council=council)
    report.kpis = [Kpi("Belegte Plätze", "224", "+4 seit 30.06.2026"), Kpi("Nettokosten je Jahr", "996.160\u00a0€"),
                   Kpi("Einsparung", "−3,0\u00a0Mio.\u00a0€"), Kpi("Mietkosten gesamt", "12.345.678\u00a0€"),
                   Kpi("Rechenbeispiel", "1.234.567.890.123\u00a0€"),
                   Kpi("Auslastung", "73,4\u00a0%", "Zielauslastung der Unterkünfte laut Ratsbeschluss vom 12.03.2024")]
    return report


def test_text_width_estimate_hand_checked():
    # 6 digits · 0,70 + "." 0,38 + " " 0,35 + "€" 0,70 = 5,63 em
    assert export_pptx.text_width_pt("996.160\u00a0€", 10) == pytest.approx(56.3)
    # "−" 0,84 + 3 0,70 + "," 0,38 + 0 0,70 + " " 0,35 + M 1,05 + i 0,41 + o 0,65 + "." 0,38 + " " 0,35 + € 0,70
    assert export_pptx.text_width_pt("−3,0\u00a0Mio.\u00a0€", 1) == pytest.approx(6.51)
    assert export_pptx.kpi_value_size("224", 191.2) == 32
    assert export_pptx.kpi_value_size("996.160\u00a0€", 191.2) == 32  # 180,2 pt at 32 pt
    assert export_pptx.kpi_value_size("996.160\u00a0€", 131.2) == 22  # 4:3 slide: 135,1 pt at 24, 123,9 at 22
    assert export_pptx.kpi_value_size("996.160\u00a0€", 191.2, scale=1.15) == 32.2  # council: 36,8 → 207 pt, 34,5 → 194
    assert export_pptx.kpi_value_size("x" * 60, 191.2) == 16  # never below the smallest step
    # section tile: 7,41 em is 148 pt at 20 pt, 133 at 18
    assert export_pptx.kpi_value_size("12.345.678\u00a0€", 146.0, export_pptx.KPI_SIZES) == 18


def test_kpi_values_shrink_to_one_line():
    prs = _open(export_pptx.build(_kpi_report()))
    tiles = _value_tiles(prs)
    # 16:9, four tiles a row: (13,333 in − 2 · 0,5 − 3 · 0,25) / 4 = 2,896 in, less 2 · 0,12 in margin = 191,2 pt
    assert tiles["224"] == (32, False)  # short values keep 32 pt, one line
    assert tiles["996.160\u00a0€"] == (32, False)  # 180,2 pt wide at 32 pt
    assert tiles["−3,0\u00a0Mio.\u00a0€"] == (28, False)  # 6,51 em: 208 pt at 32, 195 at 30, 182 at 28
    assert tiles["12.345.678\u00a0€"] == (24, False)  # 7,41 em: 193 pt at 26, 178 at 24
    assert tiles["1.234.567.890.123\u00a0€"] == (16, False)  # 11,67 em: 210 pt at 18, 187 at 16
    assert tiles["73,4\u00a0%"] == (32, True)  # value fits, but the long change text has to wrap
    for sh in prs.slides[2].shapes:
        if sh.name.startswith("Kennzahl "):
            sizes = [p.runs[0].font.size.pt for p in sh.text_frame.paragraphs]
            assert sizes[1:] == [14, 13][: len(sizes) - 1]  # label and change keep their sizes


def test_kpi_values_shrink_in_council_mode_and_narrow_templates():
    council = _value_tiles(_open(export_pptx.build(_kpi_report(council=True))))
    # 32 · 1,15 (sizes are stored in hundredths of a point: 36,79)
    assert council["224"][0] == pytest.approx(36.8, abs=0.01) and council["224"][1] is False
    assert council["996.160\u00a0€"][0] == pytest.approx(32.2, abs=0.01)  # 36,8 pt would wrap before "€"
    assert council["996.160\u00a0€"][1] is False
    narrow = _value_tiles(_open(export_pptx.build(_kpi_report(), template=_template())))
    # 4:3: (10 in − 1 − 0,75) / 4 = 2,0625 in, less margins = 131,2 pt
    assert narrow["224"] == (32, True)  # "+4 seit 30.06.2026": 10,72 em · 13 pt = 139 pt, wraps
    # the label "Nettokosten je Jahr" (10,36 em · 14 pt = 145 pt) wraps, the value does not: 123,9 pt at 22 pt
    assert narrow["996.160\u00a0€"] == (22, True)
    assert export_pptx.text_width_pt("996.160\u00a0€", 22) <= 131.2 < export_pptx.text_width_pt("996.160\u00a0€", 24)
    assert narrow["12.345.678\u00a0€"][0] == 16  # 7,41 em: 133 pt at 18, 119 at 16
    assert narrow["1.234.567.890.123\u00a0€"] == (16, True)  # 187 pt even at 16 pt: the smallest size, wraps
