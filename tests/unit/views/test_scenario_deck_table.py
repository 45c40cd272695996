"""The scenario slide's earliest-month table beside the chart: it always fits its column (measured
like the render check), never overlaps the chart, counts the rows it leaves out, and shows months
and probabilities only (planned closures first)."""

from __future__ import annotations

import re

import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pptx import Presentation
from pptx.util import Inches

from ankunft.core import fmt
from ankunft.export.pptx_scenario import add_side_table
from ankunft.export.pptx_text import layout_problems
from ankunft.views.report_scenario import side_table

MONTHS = ["Okt. 2026", "Jan. 2027", "Sept. 2028", "Juni 2031", "nicht im Zeitraum", "sofort"]
NAME = st.text(alphabet=st.sampled_from(list("abcdefghijklmnopqrstuvwxyzäöüß ABCDEFGHKLMNPRSTUVWZ-")),
               min_size=1, max_size=45).map(lambda s: s.strip() or "X")


@st.composite
def earliest_tables(draw):
    n = draw(st.integers(0, 40))
    names = [f"{draw(NAME)} {i}" for i in range(n)]
    planned = [draw(st.sampled_from(["", "", "März 2027", "Okt. 2028"])) for _ in range(n)]
    early = pd.DataFrame({"Unterkunft": names, "Geplante Schließung": planned,
                          "Frühester Monat": [draw(st.sampled_from(MONTHS)) for _ in range(n)], "Hinweis": ""})
    chances = pd.DataFrame({"Unterkunft": [x for x, p in zip(names, planned) if p],
                            "Schließung": [p for p in planned if p],
                            "Wahrscheinlichkeit umsetzbar": [fmt.pct(draw(st.floats(0, 1)), 0) for p in planned if p]})
    return early, chances


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(earliest_tables(), st.floats(2.0, 5.0))
def test_the_side_table_fits_and_counts_what_it_leaves_out(case, height_in):
    early, chances = case
    table = side_table(early, chances)
    # planned closures first, each with its probability; the others without one
    planned = table["Geplant"] != fmt.MISSING
    assert not (planned.to_numpy()[1:] > planned.to_numpy()[:-1]).any()
    assert (table.loc[planned, "Wahrsch."] != fmt.MISSING).all() and (table.loc[~planned, "Wahrsch."] == fmt.MISSING).all()
    # months and probabilities only: no other number than a year or a per cent
    for col in ("Frühestens", "Geplant", "Wahrsch."):
        for text in table[col]:
            assert re.fullmatch(r"(\w+\.? \d{4}|nicht im Zeitraum|sofort|\d{1,3}\s%|–)", text), text
    prs = Presentation()
    prs.slide_width, prs.slide_height = Inches(13.333), Inches(7.5)
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    box = (Inches(0.5), Inches(1.8), Inches(12.3), Inches(height_in))
    chart_box = add_side_table(slide, table, box, lambda size: size)
    shapes = {s.name: s for s in slide.shapes}
    assert layout_problems(prs) == []
    frame = shapes["Tabelle Frühester Schließmonat"]
    assert chart_box[0] + chart_box[2] < frame.left and frame.top + frame.height <= box[1] + box[3] + Inches(0.01)
    rows = [[c.text for c in r.cells] for r in frame.table.rows][1:]
    if rows and rows[-1][0].startswith("…"):
        left_out = int(re.search(r"\d+", rows[-1][0]).group())
        assert len(rows) - 1 + left_out == len(table)
        assert [r[0] for r in rows[:-1]] == list(table["Unterkunft"][: len(rows) - 1])
    else:
        assert [r[0] for r in rows] == list(table["Unterkunft"])
