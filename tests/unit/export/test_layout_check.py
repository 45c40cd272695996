"""The deck's layout check (`pptx_text.layout_problems`) and the layout it guards: headlines, tiles
and legends take the height their wrapped text needs, so nothing overflows or overlaps, for any
headline or label (hypothesis), in normal and council size."""

from __future__ import annotations

import dataclasses
import io

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pptx import Presentation
from pptx.util import Inches, Pt

from ankunft.export import pptx as export_pptx
from ankunft.export.pptx_text import calibri_width_pt, layout_problems, wrapped_lines
from ankunft.views.report_model import Kpi
from tests.unit.views.test_report_model import sample_report

WORDS = st.sampled_from(["Unterkunft", "Menschen", "Kaiserslautern-West", "in", "der", "mit", "1.378", "65,3 %",
                         "Wohnungsmängeln", "Bezirk", "09", "(Stadt 92 %)", "auszugsberechtigt", "–", "seit",
                         "30.06.2026", "Donnersbergstraße", "Gemeinschaftsunterkunft"])
SENTENCE = st.lists(WORDS, min_size=1, max_size=45).map(" ".join)


def _blank():
    prs = Presentation()
    return prs, prs.slides.add_slide(prs.slide_layouts[6])


def test_calibri_widths_are_plausible():
    # Calibri digits are 0.507 em, bold a little wider; the check adds 5 %
    assert abs(calibri_width_pt("0000", 10) - 4 * 5.07 * 1.05) < 0.2  # stored in 1/250 em
    assert calibri_width_pt("Wohnungsmängel", 12, bold=True) > calibri_width_pt("Wohnungsmängel", 12)
    assert wrapped_lines("a " * 200, 12, 100) > 5


@settings(max_examples=40, deadline=None)
@given(text=SENTENCE, height_in=st.floats(0.3, 2.0), width_in=st.floats(1.0, 8.0))
def test_overflow_is_flagged_exactly_when_the_text_is_higher_than_its_box(text, height_in, width_in):
    prs, slide = _blank()
    box = slide.shapes.add_textbox(Inches(0.5), Inches(0.5), Inches(width_in), Inches(height_in))
    box.text_frame.word_wrap = True
    box.text_frame.text = text
    box.text_frame.paragraphs[0].runs[0].font.size = Pt(16)
    lines = wrapped_lines(text, 16, width_in * 72 - 14.4)
    need = lines * 16 * 1.22
    flagged = any("läuft über" in p for p in layout_problems(prs))
    if need > height_in * 72 - 7.2 + 2:
        assert flagged
    else:
        assert not flagged


@settings(max_examples=30, deadline=None)
@given(gap_in=st.floats(-1.5, 1.5))
def test_overlap_of_two_text_boxes_is_flagged(gap_in):
    prs, slide = _blank()
    a = slide.shapes.add_textbox(Inches(0.5), Inches(1), Inches(3), Inches(0.5))
    a.text_frame.text = "Von 2.111 Plätzen"
    b = slide.shapes.add_textbox(Inches(0.5), Inches(1.5 + gap_in), Inches(3), Inches(0.5))
    b.text_frame.text = "sind 1.378 belegt"
    # only the text counts (one 18-pt line under the same top inset), not the box's air
    overlap_pt = 18 * 1.22 - abs(0.5 + gap_in) * 72
    flagged = any("überdeckt" in p for p in layout_problems(prs))
    if overlap_pt > 3:
        assert flagged
    elif overlap_pt < 1:
        assert not flagged


def test_a_table_that_grows_into_the_footer_is_flagged():
    prs, slide = _blank()
    shape = slide.shapes.add_table(3, 2, Inches(0.5), Inches(5.5), Inches(4), Inches(1))
    for i in range(3):
        shape.table.cell(i, 1).text = "sehr langer Text " * 12
    footer = slide.shapes.add_textbox(Inches(0.5), Inches(6.6), Inches(6), Inches(0.4))
    footer.text_frame.text = "Quelle: Sozialamt"
    assert any("Table" in p and "überdeckt" in p for p in layout_problems(prs))


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(headline=SENTENCE, label=SENTENCE.map(lambda s: s[:90]), council=st.booleans())
def test_the_deck_keeps_any_headline_and_tile_label_apart(headline, label, council):
    report = sample_report(council=council)
    first = report.sections[0]
    report.sections[0] = dataclasses.replace(
        first, headline=headline, kpis=[Kpi(label, "1.378", "+113 seit 30.06.2026")] + first.kpis[1:])
    prs = Presentation(io.BytesIO(export_pptx.build(report)))
    assert layout_problems(prs) == []


@settings(max_examples=10, deadline=None)
@given(hidden=st.lists(st.booleans(), min_size=3, max_size=3), marker=st.sampled_from(["≤2", "•", "<5"]))
def test_council_bars_mark_hidden_values_on_the_bar(hidden, marker):
    import pandas as pd

    from ankunft.views.report_model import ChartSpec, Section, Series

    cats = ["Asternweg", "Villa Jänisch", "Zoar-Heim"]
    values = [None if h else 7.0 for h in hidden]
    table = pd.DataFrame({"Unterkunft": cats, "< 1 Jahr": [marker if h else 7 for h in hidden]})
    for council in (True, False):
        report = sample_report(council=council)
        report.sections = [Section("los", "Aufenthaltsdauer", chart=ChartSpec(
            "stacked_bar", cats, [Series("< 1 Jahr", values, "#005A9C"), Series("> 5 Jahre", [3.0] * 3, "#333333")]),
            table=table)]
        prs = Presentation(io.BytesIO(export_pptx.build(report)))
        slide = next(s for s in prs.slides if s.shapes.title.text == "Aufenthaltsdauer")
        chart = next(sh.chart for sh in slide.shapes if sh.has_chart)
        labels = list(chart.plots[0].categories)
        notes = [sh for sh in slide.shapes if sh.name == "Hinweis ausgeblendet"]
        if council:
            assert labels == [f"{c} ({marker})" if h else c for c, h in zip(cats, hidden)]
            assert bool(notes) == any(hidden)  # explained on the same slide
        else:
            assert labels == cats and not notes
        assert layout_problems(prs) == []
