"""The bytes readers of the cross-view adversary (tests/audit/export_readers.py) on files built
here, independently of the product's exporters: numbers in German text, hidden sheets, rows and
columns, formulas, hidden chart series, chart workbooks, plotly typed arrays and map colours."""

from __future__ import annotations

import io

import numpy as np
import openpyxl
import plotly.graph_objects as go
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl.workbook.defined_name import DefinedName
from pptx import Presentation
from pptx.chart.data import CategoryChartData
from pptx.enum.chart import XL_CHART_TYPE
from pptx.util import Inches

from ankunft.core import fmt
from tests.audit import export_readers as er


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=-10**7, max_value=10**7), st.integers(min_value=0, max_value=2),
       st.sampled_from(["Von {} Plätzen", "{}", "({})", "leben {} Menschen.", "{}\u00a0%", "Stadt {}; 7 fehlen"]))
def test_numbers_in_german_text_are_read_back(n, decimals, template):
    value = n / 10 ** decimals
    text = fmt.num(value, decimals) if decimals else fmt.integer(value)
    found = er.numbers_in(template.format(text))
    assert found and found[0][1] == value, (template.format(text), found)


def test_markers_are_no_numbers():
    assert er.numbers_in("Zoar-Heim (≤2) und Asternweg (<5), Kleine Fallzahlen •") == []
    assert er.norm_label("Zoar-Heim (•)") == "Zoar-Heim" and er.norm_label("Asternweg (≤2)") == "Asternweg"


def test_xlsx_reader_sees_hidden_sheets_rows_columns_and_names():
    book = openpyxl.Workbook()
    ws = book.active
    ws.append(["Titel"])
    ws.append(["Unterkunft", "Belegung", "Plätze"])
    ws.append(["Asternweg", 17, 40])
    ws.append(["Colosseum", "≤2", 12])
    ws.row_dimensions[4].hidden = True
    ws.column_dimensions["C"].hidden = True
    secret = book.create_sheet("Rohdaten")
    secret.append(["Unterkunft", "Belegung"])
    secret.append(["Colosseum", 2])
    secret.sheet_state = "veryHidden"
    book.defined_names["geheim"] = DefinedName("geheim", attr_text="Rohdaten!$B$2")
    buf = io.BytesIO()
    book.save(buf)
    nums = er.read_xlsx(buf.getvalue())
    by = {(n.place, n.row, n.col): n for n in nums}
    assert by[("Sheet", "Asternweg", "Belegung")].value == 17
    assert by[("Sheet", "Colosseum", "Plätze")].value == 12  # hidden row and column
    assert by[("Sheet", "Colosseum", "Belegung")].value is None  # a marker
    assert by[("Rohdaten (veryHidden)", "Colosseum", "Belegung")].value == 2
    assert any(n.part == "name" and n.row == "geheim" and n.value == 2 for n in nums)


def test_pptx_reader_reads_hidden_series_and_the_chart_workbook():
    deck = Presentation()
    slide = deck.slides.add_slide(deck.slide_layouts[5])
    slide.shapes.title.text = "Belegung"
    data = CategoryChartData()
    data.categories = ["Asternweg", "Colosseum (•)"]
    data.add_series("Plätze", (40, 12))
    data.add_series("Belegung", (17, None))
    data.add_series("intern", (17, 3))
    chart = slide.shapes.add_chart(XL_CHART_TYPE.BAR_CLUSTERED, Inches(1), Inches(1), Inches(6), Inches(4), data).chart
    chart.plots[0].series[2].format.fill.background()  # invisible on the slide, still in the file
    box = slide.shapes.add_textbox(Inches(1), Inches(5), Inches(4), Inches(1))
    box.text_frame.text = "Insgesamt 1.234 Menschen"
    slide.notes_slide.notes_text_frame.text = "davon 5 seit 2020"
    buf = io.BytesIO()
    deck.save(buf)
    nums = er.read_pptx(buf.getvalue())
    chart_nums = {(n.part, n.row, n.col): n.value for n in nums if n.part.startswith("chart")}
    assert chart_nums[("chart-hidden", "Colosseum", "intern")] == 3
    assert ("chart", "Colosseum", "Belegung") not in chart_nums  # an empty point has no cache entry
    assert any(n.part == "chart-workbook" and n.value == 3 for n in nums)
    assert any(n.part == "text" and n.value == 1234 for n in nums)
    assert {n.value for n in nums if n.part == "notes"} == {5, 2020}


def test_html_reader_decodes_plotly_payloads_tables_and_map_colours():
    fig = go.Figure([go.Bar(y=["Asternweg", "Colosseum"], x=np.array([17.0, 3.0]), orientation="h", name="Belegung",
                            text=["17", "3"]),
                     go.Scatter(x=[0, 1, 1, 0], y=[0, 0, 1, 1], fill="toself", fillcolor="#A1B2C3",
                                name="01 Innenstadt-Ost", text="01 Innenstadt-Ost: 4", mode="lines"),
                     go.Scatter(x=[None], y=[None], mode="markers", name="• ausgeblendet",
                                marker=dict(color="#D1D5DB"))])
    doc = ("<html><body><p>Von 2.111 Plätzen</p><table><tr><th>Gebiet</th><th>Bewohner</th></tr>"
           "<tr><td>01 Innenstadt-Ost</td><td>•</td></tr></table>"
           + fig.to_html(full_html=False, include_plotlyjs=False, div_id="karte") + "</body></html>")
    nums = er.read_html(doc)
    plot = {(n.row, n.col): n.value for n in nums if n.part == "plotly"}
    assert plot == {("Asternweg", "Belegung"): 17.0, ("Colosseum", "Belegung"): 3.0}
    assert any(n.part == "map" and n.text == "#A1B2C3" for n in nums)
    assert any(n.part == "legend" and n.text == "#D1D5DB" for n in nums)
    assert any(n.part == "map-text" and n.value == 4 for n in nums)
    assert any(n.part == "text" and n.value == 2111 for n in nums)
    assert any(n.part == "table" and n.row == "01 Innenstadt-Ost" and n.text == "•" for n in nums)
