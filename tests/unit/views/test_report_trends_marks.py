"""Entwicklung in council mode (issue #18): a point a Stand's Ratsfassung hid is marked where it is
hidden — its marker in the table (and so in Excel), at its month on the chart, said in the notes — and
never plotted. Generated patterns of hidden points over 2–6 Stände (hypothesis)."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

from hypothesis import given
from hypothesis import strategies as st

from ankunft.core import fmt
from ankunft.views import report_trends as rt

KEYS = [s.key for s in rt.SERIES]


def fake_rd():
    state = SimpleNamespace(source=lambda dataset: "Sozialamt")
    return SimpleNamespace(state=state, stichtag=lambda dataset: dt.date(2026, 9, 30), filters="ganze Stadt",
                           stand=dt.date(2026, 9, 30))


point_st = st.one_of(st.integers(0, 3000).map(lambda v: rt.Point(float(v), fmt.integer(v))),
                     st.sampled_from(["≤2", "•"]).map(lambda m: rt.Point(None, m, True)))


@given(n=st.integers(2, 6), data=st.data())
def test_hidden_points_are_marked_where_they_are_hidden(n, data):
    stands = sorted(data.draw(st.sets(st.dates(dt.date(2020, 1, 1), dt.date(2026, 9, 30)), min_size=n, max_size=n)))
    points = {k: data.draw(st.lists(point_st, min_size=n, max_size=n)) for k in KEYS}
    section = rt.section_from(fake_rd(), rt.Trends(stands, points))
    assert section is not None and section.title == "Entwicklung"
    assert list(section.table["Stand"]) == stands
    chart = section.chart
    for i in range(n):
        hidden = [points[s.key][i] for s in rt.SERIES if s.on_chart and points[s.key][i].hidden]
        label = chart.categories[i]
        if hidden:
            assert label.endswith(f" ({hidden[0].text})")
        else:
            assert "(" not in label
    for s in rt.SERIES:
        column = list(section.table[s.label])
        for p, cell in zip(points[s.key], column):
            assert cell == (p.text if p.hidden else p.value)  # the marker in the table, else the number
        if s.on_chart:
            values = next(x.values for x in chart.series if x.name == s.label)
            assert [v is None for v in values] == [p.hidden for p in points[s.key]]
    any_hidden = any(p.hidden for k in KEYS for p in points[k])
    assert ("ausgeblendeter Wert" in section.notes) == any_hidden
    assert f"seit {fmt.date(stands[0])}" in chart.y_title


def test_one_stand_gives_no_section():
    t = rt.Trends([dt.date(2026, 9, 30)], {k: [rt.Point(5.0, "5")] for k in KEYS})
    assert rt.section_from(fake_rd(), t) is None


def test_a_series_without_values_is_left_out():
    stands = [dt.date(2026, 3, 31), dt.date(2026, 9, 30)]
    points = {k: [rt.Point(3.0, "3"), rt.Point(4.0, "4")] for k in KEYS}
    points["open_defects"] = [rt.Point(None, "–"), rt.Point(None, "–")]  # no housing data at either Stand
    section = rt.section_from(fake_rd(), rt.Trends(stands, points))
    assert "Objekte mit offenen Mängeln" not in section.table.columns
    assert section.headline == "Seit 31.03.2026: Menschen in Unterkünften von 3 auf 4 (+1); Plätze von 3 auf 4 (+1)."
