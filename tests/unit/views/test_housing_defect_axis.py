"""Wohnqualität, "Offene Mängel nach Art und Stadtteil" (issue #17): the stacked bars add one unit
per object and defect type, so an object with three open defects counts three times – the axis and
the hover must say "Mängel", not "Objekte". Checked on generated housing data: the bar total per
district equals the open (object, defect type) pairs, which exceeds the objects wherever one object
has several defects."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from ankunft.storage.state import DataState
from ankunft.views import housing_view as V
from tests.unit.views.test_views_housing import STICHTAG, housing_frame


def _generated(seed: int) -> pd.DataFrame:
    """The hand-made frame repeated six times with random defect flags and states."""
    rng = np.random.default_rng(seed)
    base = housing_frame()
    frame = pd.concat([base] * 6, ignore_index=True)
    frame["object_id"] = [f"O{i}" for i in range(len(frame))]
    for col in ("hot_water", "heating", "bath_wc", "damp_mould"):  # False = defect, except damp_mould
        frame[col] = rng.random(len(frame)) < 0.5
    frame["status"] = rng.choice(["offen", "in Bearbeitung", "behoben"], len(frame))
    return frame


@pytest.mark.parametrize("seed", [0, 3, 42])
def test_axis_and_hover_count_defects(seed):
    frame = housing_frame() if seed == 0 else _generated(seed)
    state = DataState.from_frames(STICHTAG, {"housing": frame})
    m = V.build(state, None, None, None, council=False)
    fig = V.defects_figure(m.defects, V.STATE_OPEN)
    assert fig.layout.xaxis.title.text == "Mängel"
    assert all("Objekte" not in (t.hovertemplate or "") for t in fig.data)
    open_pairs = m.defects[(m.defects["state"] == "offen").to_numpy()]
    totals: dict = {}
    for t in fig.data:
        for district, value in zip(t.y, t.x):
            totals[district] = totals.get(district, 0) + (value or 0)
    expected = open_pairs.groupby("district")["objects"].sum().to_dict()
    assert totals == pytest.approx(expected)


def test_hand_made_object_with_three_defects_counts_three():
    state = DataState.from_frames(STICHTAG, {"housing": housing_frame()})
    m = V.build(state, None, None, ["09"], council=False)
    open_objects = int(m.objects["open"].sum()) if "open" in m.objects else None
    fig = V.defects_figure(m.defects, V.STATE_OPEN)
    stacked = sum(v or 0 for t in fig.data for v in t.x)
    assert open_objects is not None and stacked > open_objects  # more defects than objects
