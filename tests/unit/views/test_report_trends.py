"""Trends over every stored Stand (issue #18): the "Entwicklung" slide and Excel sheet.

Stände are generated from the demo's residents at random dates (hypothesis): the series has one point
per Stand, oldest first; each point equals what the Übersicht computes for that Stand
(`overview.overview`, a separate path); the last equals the key-figure slide; in council mode a point
is the published figure or hidden and marked. One Stand: no trend section and no crash. The deck and
the workbook are re-opened: a native line chart with German month labels, the unit and "seit" in its
title; the Excel sheet has numbers as numbers, a frozen header and the print setup.
"""

from __future__ import annotations

import datetime as dt
import io

import openpyxl
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pptx import Presentation
from pptx.enum.chart import XL_CHART_TYPE

from ankunft.core import fmt
from ankunft.export import pptx as export_pptx
from ankunft.export import xlsx as export_xlsx
from ankunft.indicators import overview as ov
from ankunft.storage import demo
from ankunft.storage.demo import people
from ankunft.storage.state import DataState
from ankunft.views import report_trends as rt
from ankunft.views import report_view as assemble

pytestmark = pytest.mark.slow  # every example prepares reports over several Stände


@pytest.fixture(scope="module")
def data():
    return demo.build()


def state_at(d, day: dt.date) -> DataState:
    """The demo's files as they would have been exported at `day` (stays begun by then)."""
    ts = pd.Timestamp(day)
    res = d.residents[d.residents["move_in"] <= ts].copy()
    res.loc[res["move_out"] > ts, "move_out"] = pd.NaT
    return DataState.from_frames(day, {
        "accommodations": people.accommodation_frame(d.residents, day), "residents": res, "housing": d.housing,
        "services": d.services, "districts": d.districts}, {"districts": demo.DISTRICTS_STAND}, is_demo=True)


days_st = st.lists(st.integers(0, 15), min_size=1, max_size=3, unique=True).map(
    lambda ks: sorted(demo.STICHTAG - dt.timedelta(days=30 * (k + 1)) for k in ks))


@settings(max_examples=3, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                 HealthCheck.too_slow])
@given(days=days_st)
def test_one_point_per_stand_equal_to_the_overview_of_that_stand(data, days):
    history = [state_at(data, d) for d in reversed(days)]  # any order in, oldest first out
    state = state_at(data, demo.STICHTAG)
    rd = assemble.prepare(state, history[0], history=history)
    t = rt.trends(rd)
    assert t.stands == [*days, demo.STICHTAG]
    for i, s in enumerate([*sorted(history, key=lambda x: x.stand), state]):
        kpis = {k.key: k.value for k in ov.overview(s).kpis}
        for key in ("residents", "places", "open_accommodations", "open_defects"):
            assert t.points[key][i].value == pytest.approx(kpis[key]), (key, s.stand)
        assert t.points["long_stays"][i].value <= t.points["residents"][i].value
    assert t.points["residents"][-1].text == rd.kpi_tile("residents").value_text  # = the key-figure slide
    section = rt.section_trends(rd)
    assert section.chart.kind == "line" and len(section.chart.categories) == len(days) + 1
    assert section.headline.startswith(f"Seit {fmt.date(days[0])}: Menschen in Unterkünften von ")
    council = rt.trends(assemble.prepare(state, history[0], history=history, council=True))
    for key in ("residents", "long_stays", "open_defects"):
        for normal, published in zip(t.points[key], council.points[key]):
            assert published.hidden or published.value == normal.value  # published figures are exact
            assert not published.hidden or (published.value is None and published.text in ("≤2", "•"))


def test_one_stand_has_no_trend_and_no_crash(data):
    state = state_at(data, demo.STICHTAG)
    report = assemble.build_report(state, None, sections=list(assemble.SECTION_KEYS))
    assert "trends" not in [s.key for s in report.sections]
    prs = Presentation(io.BytesIO(export_pptx.build(report)))
    assert "Entwicklung" not in [s.shapes.title.text for s in prs.slides]


@pytest.mark.parametrize("council", [False, True])
def test_deck_and_workbook_carry_the_trend(data, council):
    days = [dt.date(2025, 9, 30), demo.EARLIER, dt.date(2026, 6, 30)]
    history = [state_at(data, d) for d in days]
    state = state_at(data, demo.STICHTAG)
    report = assemble.build_report(state, history[-1], sections=["kpis", "trends"], council=council, history=history)
    section = next(s for s in report.sections if s.key == "trends")
    prs = Presentation(io.BytesIO(export_pptx.build(report)))
    slide = next(s for s in prs.slides if s.shapes.title.text == "Entwicklung")
    chart = next(sh.chart for sh in slide.shapes if sh.has_chart)
    assert chart.chart_type == XL_CHART_TYPE.LINE_MARKERS
    months = ["September 2025", "März 2026", "Juni 2026", "September 2026"]
    assert [c.split(" (")[0] for c in chart.plots[0].categories] == months
    assert chart.value_axis.axis_title.text_frame.text == "Menschen bzw. Plätze, 4 Stände seit 30.09.2025"
    series = {s.name: list(s.values) for s in chart.plots[0].series}
    assert series["Menschen in Unterkünften"][-1] == rd_value(report)
    text = " ".join(sh.text_frame.text for sh in slide.shapes if sh.has_text_frame)
    assert "Seit 30.09.2025:" in text
    wb = openpyxl.load_workbook(io.BytesIO(export_xlsx.build(report)))
    ws = wb["Entwicklung"]
    header_row = next(r for r in range(1, 12) if ws.cell(r, 1).value == "Stand")
    assert [ws.cell(header_row, c).value for c in range(1, 7)] == ["Stand", *section.table.columns[1:]]
    rows = [[ws.cell(r, c).value for c in range(1, 7)] for r in range(header_row + 1, header_row + 5)]
    assert [r[0].date() for r in rows] == [*days, demo.STICHTAG]
    for row, (_, expected) in zip(rows, section.table.iterrows()):
        for got, want in zip(row[1:], list(expected)[1:]):
            assert got == want if isinstance(want, str) else (isinstance(got, (int, float)) and got == want)
    assert ws.freeze_panes and int("".join(ch for ch in ws.freeze_panes if ch.isdigit())) == header_row + 1
    assert ws.page_setup.orientation == "landscape" and ws.print_area


def rd_value(report) -> float:
    tile = next(k for k in report.kpis if k.label == "Menschen in Unterkünften")
    return float(tile.value_text.replace(".", ""))


def test_stand_labels_are_german_months_or_dates():
    assert rt.stand_labels([dt.date(2026, 3, 31), dt.date(2026, 9, 30)]) == ["März 2026", "September 2026"]
    assert rt.stand_labels([dt.date(2026, 9, 1), dt.date(2026, 9, 30)]) == ["01.09.2026", "30.09.2026"]
