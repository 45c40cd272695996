"""District table of the Übersicht: the one-pass housing/Kita evaluation equals the per-district calls."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest

from ankunft.core.reference import STANDARDS
from ankunft.indicators import areas, housing, services
from ankunft.indicators import overview as O
from ankunft.storage import demo
from ankunft.storage.state import DataState


@pytest.fixture(scope="module")
def demo_data() -> demo.DemoData:
    return demo.build()


def demo_state(d: demo.DemoData, housing_date: dt.date = demo.STICHTAG) -> DataState:
    frames = {"accommodations": d.accommodations, "residents": d.residents, "housing": d.housing,
              "services": d.services, "districts": d.districts}
    return DataState.from_frames(demo.STICHTAG, frames, {"housing": housing_date})


def per_district(data: O.OverviewInputs, ids: list[str]) -> tuple[dict, dict]:
    """The values as the district table computed them before: one call per district."""
    hid = areas.district_ids_of(data.housing)
    defects = {d: float(housing.open_defects(data.housing[(hid == d).to_numpy()], data.housing_date)) for d in ids}
    kita = {}
    for d in ids:
        v = services.kita_coverage(data.services, data.districts, [d], rates=STANDARDS)
        kita[d] = np.nan if v is None else v
    return defects, kita


@pytest.mark.parametrize("housing_date", [demo.STICHTAG, demo.EARLIER])
def test_vectorised_equals_per_district_on_demo(demo_data, housing_date):
    data = O.inputs(demo_state(demo_data, housing_date))
    table = O.district_table(data)
    ids = list(table["district_id"])
    assert len(ids) == 18
    defects, kita = per_district(data, ids)
    got_defects = dict(zip(ids, table["open_defects"]))
    got_kita = dict(zip(ids, table["kita_coverage"]))
    assert got_defects == defects
    for d in ids:
        assert got_kita[d] == pytest.approx(kita[d], nan_ok=True, rel=1e-12)
    # the demo data is not trivial: defects and coverage vary between districts
    assert sum(defects.values()) > 0 and len(set(defects.values())) > 1
    assert table["kita_coverage"].notna().sum() > 1
    # and injecting the very same functions (per-district path) gives an identical table
    injected = O.district_table(data, open_defects=housing.open_defects, kita_coverage=services.kita_coverage)
    pd.testing.assert_frame_equal(table, injected)


def test_vectorised_restricted_to_districts(demo_data):
    data = O.inputs(demo_state(demo_data), district_ids=["09", "01"])
    table = O.district_table(data)
    assert list(table["district_id"]) == ["01", "09"]
    defects, kita = per_district(data, ["01", "09"])
    assert list(table["open_defects"]) == [defects["01"], defects["09"]]
    assert list(table["kita_coverage"]) == pytest.approx([kita["01"], kita["09"]], nan_ok=True)


def test_vectorised_without_housing_or_services(demo_data):
    frames = {"accommodations": demo_data.accommodations, "districts": demo_data.districts}
    data = O.inputs(DataState.from_frames(demo.STICHTAG, frames))
    table = O.district_table(data)
    assert table["open_defects"].isna().all()
    assert table["kita_coverage"].isna().all()


def test_hand_made_defects_and_coverage():
    # 09: o1 open, o2 resolved (resolved_date before the Stichtag), o4 inspected after the Stichtag;
    # 01: o3 open (resolved only after the Stichtag)
    housing_df = pd.DataFrame({
        "object_id": ["o1", "o2", "o3", "o4"], "district_id": ["09", "09", "01", "09"],
        "hot_water": [False, False, True, False], "damp_mould": [False, False, True, False],
        "inspection_date": ["2026-01-10", "2026-02-01", "2026-03-01", "2026-11-01"],
        "resolved_date": [None, "2026-05-01", "2026-12-01", None],
        "status": ["offen", "behoben", "behoben", "offen"],
    })
    # 09: 40 places; demand 10 · 0,265 + 10 · 0,75 + 30 · 0,99 = 39,85 → coverage 40 / 39,85
    services_df = pd.DataFrame({"name": ["Kita A", "Kita B"], "category": ["Kita", "Kita"],
                                "district_id": ["09", "09"], "capacity": [25, 15]})
    districts_df = pd.DataFrame({"district_id": ["09", "01"], "population": [8000, 11000],
                                 "children_under_2": [10, 5], "children_2": [10, None], "children_3_5": [30, 20]})
    state = DataState.from_frames(dt.date(2026, 10, 1), {"housing": housing_df, "services": services_df,
                                                         "districts": districts_df})
    d = O.district_table(O.inputs(state)).set_index("district_id")
    assert d.loc["09", "open_defects"] == 1 and d.loc["01", "open_defects"] == 1 and d.loc["02", "open_defects"] == 0
    expected = 40 / (10 * STANDARDS.kita_rate_under_2 + 10 * STANDARDS.kita_rate_2 + 30 * STANDARDS.kita_rate_3_5)
    assert d.loc["09", "kita_coverage"] == pytest.approx(expected)
    assert pd.isna(d.loc["01", "kita_coverage"])  # an age band is missing
    assert pd.isna(d.loc["02", "kita_coverage"])  # no district row
