"""Issue #18 item 5: plotly renders its own mini-HTML (<a href>, <b>, <br>) in trace names, tick labels
and hover texts. A scenario or accommodation name with markup stays text in every chart label: in the
offline HTML and in the app's charts."""

from __future__ import annotations

import re

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from ankunft.export import html as export_html
from ankunft.plots import charts
from ankunft.views.report_model import ChartSpec, Section, Series
from tests.unit.views.test_report_model import sample_report

MARKUP = st.sampled_from(['<a href="http://x">Klick</a>', "<b>fett</b>", "Zoar<br>Heim", "<i>x</i> & <sub>2</sub>",
                          "<a href='https://evil.example/'>Szenario A</a>"])
NAME = st.tuples(st.sampled_from(["", "Szenario ", "GU "]), MARKUP).map("".join)


@settings(max_examples=15, deadline=None)
@given(series=NAME, category=NAME, kind=st.sampled_from(["bar", "barh", "line", "stacked_bar", "pie"]))
def test_offline_html_shows_names_as_text(series, category, kind):
    spec = ChartSpec(kind, [category, "Asternweg"], [Series(series, [3.0, 5.0], "#005A9C")], y_title=series)
    report = sample_report()
    report.sections = [Section("szenario", "Szenarienvergleich", headline="Vergleich", chart=spec)]
    doc = export_html.build(report)
    assert "http://x" not in doc and "evil.example/'>" not in doc and "<b>fett" not in doc
    assert not re.search(r"https?://", doc)
    fig = export_html.chart_figure(spec)
    values = [v for t in fig.data for key in ("x", "y", "labels") for v in list(getattr(t, key, None) or [])
              if key in t]
    labels = [v for v in values if isinstance(v, str)] + [t.name for t in fig.data]
    assert labels and not any("<" in x for x in labels)


@settings(deadline=None)
@given(name=NAME)
def test_app_charts_escape_names(name):
    df = pd.DataFrame({"site": [name, "Asternweg"], "group": [name, "Plätze"], "n": [3.0, 4.0],
                       "month": pd.to_datetime(["2026-08-31", "2026-09-30"])})
    figs = [charts.bar(df, "site", "n"), charts.bar(df, "site", "n", "group"), charts.bar(df, "site", "n", "site"),
            charts.line(df, "month", "n", "group")]
    for fig in figs:
        for t in fig.data:
            assert "<" not in str(t.name)
            for v in list(t.x) + list(t.y):
                assert not (isinstance(v, str) and "<" in v)
            for row in t.customdata:
                assert "<" not in str(row[0])
            assert "<a" not in (t.hovertemplate or "") and "<b>" not in (t.hovertemplate or "")
