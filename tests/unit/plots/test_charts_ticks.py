"""Month ticks of short series (few Stichtage): every point gets its German label, and plotly may not hide it."""

from __future__ import annotations

import pandas as pd
import pytest

from ankunft.indicators.stays import MEASURE_SNAPSHOTS, OccupancySeries
from ankunft.plots import charts as C


def snapshot_series(dates: list[str], occupancy: list[float]) -> OccupancySeries:
    return OccupancySeries(pd.DataFrame({"date": pd.to_datetime(dates), "occupancy": occupancy,
                                         "capacity": [2110.0] * len(dates)}), MEASURE_SNAPSHOTS)


def test_month_ticks_two_and_three_dates():
    vals, text = C.month_ticks(pd.to_datetime(["2026-03-31", "2026-09-30"]))
    assert vals == [pd.Timestamp("2026-03-31"), pd.Timestamp("2026-09-30")]
    assert text == ["März 2026", "Sept. 2026"]
    vals, text = C.month_ticks(pd.to_datetime(["2025-12-31", "2026-03-31", "2026-09-30"]))
    assert len(vals) == 3 and text == ["Dez. 2025", "März 2026", "Sept. 2026"]


def test_month_ticks_two_stichtage_in_one_month_show_dates():
    _, text = C.month_ticks(pd.to_datetime(["2026-09-01", "2026-09-30"]))
    assert text == ["01.09.2026", "30.09.2026"]


def test_month_ticks_long_series_still_thinned_to_months():
    vals, text = C.month_ticks(pd.date_range("2024-01-31", periods=36, freq="ME"))
    assert len(vals) == 12 and text[:2] == ["Jan. 2024", "Apr. 2024"]  # every third month


@pytest.mark.parametrize("council", [False, True])
def test_occupancy_chart_two_snapshots_labels_both_points(council):
    fig = C.occupancy_over_time(snapshot_series(["2026-03-31", "2026-09-30"], [1266.0, 1379.0]), council=council)
    ax = fig.layout.xaxis
    assert list(ax.tickvals) == [pd.Timestamp("2026-03-31"), pd.Timestamp("2026-09-30")]
    assert list(ax.ticktext) == ["März 2026", "Sept. 2026"]
    # the last point sits on the plot's right edge: its label must not be hidden by plotly.js
    assert ax.ticklabeloverflow == "allow" and ax.automargin is True
    assert [t.name for t in fig.data] == ["Belegung", "Plätze"]
    assert list(fig.data[0].customdata[1]) == ["30.09.2026", "1.379"]


def test_occupancy_chart_three_snapshots():
    fig = C.occupancy_over_time(snapshot_series(["2025-12-31", "2026-03-31", "2026-09-30"],
                                                [1200.0, 1266.0, 1379.0]))
    assert list(fig.layout.xaxis.ticktext) == ["Dez. 2025", "März 2026", "Sept. 2026"]
    assert len(fig.layout.xaxis.tickvals) == 3


def test_bar_chart_with_dates_gets_the_same_axis():
    df = pd.DataFrame({"month": pd.to_datetime(["2026-08-01", "2026-09-01"]), "arrivals": [12.0, 7.0],
                       "departures": [5.0, 9.0]})
    fig = C.arrivals_departures(df)
    assert list(fig.layout.xaxis.ticktext) == ["Aug. 2026", "Sept. 2026"]
    assert fig.layout.xaxis.ticklabeloverflow == "allow"
