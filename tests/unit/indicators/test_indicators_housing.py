"""Housing-quality indicators on small hand-made frames with hand-computed answers."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from ankunft.core.reference import Standards
from ankunft.indicators import housing as H

STICHTAG = dt.date(2026, 10, 1)


def _d(*values):
    return pd.to_datetime(list(values))


@pytest.fixture
def housing() -> pd.DataFrame:
    return pd.DataFrame({
        "object_id": ["A", "B", "C", "D", "E", "F"],
        "address": ["Slevogtstraße 1", "Slevogtstraße 3", "Feuerbachstraße 2", "Königstraße 5",
                    "Königstraße 7", "Danziger Straße 10"],
        "district_id": ["09", "09", "09", "03", "03", "09"],
        "residents": [4, 3, 2, 5, None, 1],
        "children_under_6": [2, 0, None, 1, None, 0],
        "floor_area_m2": [28, 27, 20, 40, 50, 30],
        "hot_water": [False, True, True, None, True, True],
        "heating": [True, True, False, True, True, True],
        "bath_wc": [True, True, True, False, True, True],
        "damp_mould": [True, False, False, False, False, False],
        "defects": [None, "Fenster undicht", "", "keine", None, "keine Mängel"],
        # E was inspected after the Stichtag: not counted at all
        "inspection_date": _d("2026-01-10", "2026-02-01", "2026-03-15", "2026-04-01", "2026-12-01", "2026-05-05"),
        # C: status says behoben, but the resolution date lies after the Stichtag -> still open then
        "status": ["offen", "behoben", "behoben", "in Bearbeitung", "offen", None],
        "resolved_date": _d(None, "2026-03-03", "2026-11-01", None, None, None),
    })


def test_overcrowding_adult_child_rule(housing):
    o = H.object_table(housing, STICHTAG).set_index("object_id")
    # A: 2 adults · 9 + 2 children · 6 = 30 m² needed, 28 m² present -> overcrowded
    assert o.loc["A", "required_m2"] == 30.0
    assert bool(o.loc["A", "overcrowded"]) is True
    # B: 3 adults · 9 = 27 m² needed, exactly 27 m² -> not overcrowded (standard met)
    assert o.loc["B", "required_m2"] == 27.0
    assert bool(o.loc["B", "overcrowded"]) is False
    # C: children unknown -> both residents count as adults: 18 m² needed, 20 present
    assert o.loc["C", "required_m2"] == 18.0
    assert bool(o.loc["C", "overcrowded"]) is False
    # D: 4 adults · 9 + 1 child · 6 = 42 > 40
    assert o.loc["D", "required_m2"] == 42.0
    assert bool(o.loc["D", "overcrowded"]) is True
    assert o.loc["A", "m2_per_person"] == 7.0


def test_overcrowding_configurable_standard(housing):
    lax = Standards(m2_per_adult_flat=6.0, m2_per_child_under6_flat=4.0)
    o = H.object_table(housing, STICHTAG, lax).set_index("object_id")
    assert o.loc["A", "required_m2"] == 20.0  # 2·6 + 2·4
    assert bool(o.loc["A", "overcrowded"]) is False


def test_overcrowding_unknown_when_area_or_residents_missing():
    df = pd.DataFrame({"object_id": ["X", "Y"], "residents": [None, 3], "floor_area_m2": [20, None]})
    o = H.object_table(df, STICHTAG)
    assert o["overcrowded"].isna().all()
    assert H.housing_summary(df, STICHTAG).overcrowded_share is None


def test_children_more_than_residents_are_capped():
    df = pd.DataFrame({"object_id": ["X"], "residents": [2], "children_under_6": [5], "floor_area_m2": [11]})
    o = H.object_table(df, STICHTAG)
    assert o.loc[0, "required_m2"] == 12.0  # 2 children · 6
    assert bool(o.loc[0, "overcrowded"]) is True


def test_open_defects_at_stichtag(housing):
    # A open (no hot water, mould), B resolved 03.03., C resolved only after the Stichtag -> open,
    # D open (no bath), E inspected later, F no defect ("keine Mängel")
    assert H.open_defects(housing, STICHTAG) == 3
    # after C's resolution date it is resolved
    assert H.open_defects(housing, dt.date(2026, 11, 1)) == 2
    # before anything was inspected nothing is open
    assert H.open_defects(housing, dt.date(2025, 12, 31)) == 0


def test_status_behoben_without_date_counts_as_resolved():
    df = pd.DataFrame({"object_id": ["X", "Y"], "damp_mould": [True, True], "status": ["behoben", "offen"],
                       "inspection_date": _d("2026-01-01", "2026-01-01")})
    assert H.open_defects(df, STICHTAG) == 1


def test_defect_text_counts_but_no_defect_words_do_not():
    df = pd.DataFrame({"object_id": ["X", "Y", "Z", "W"], "defects": ["Fenster undicht", "keine", "-", None]})
    o = H.object_table(df, STICHTAG)
    assert o["has_defect"].tolist() == [True, False, False, False]
    assert H.open_defects(df, STICHTAG) == 1


def test_summary_shares_and_median_resolution(housing):
    s = H.housing_summary(housing, STICHTAG)
    assert s.inspected == 5  # E inspected after the Stichtag
    assert s.no_hot_water_share == pytest.approx(1 / 4)  # hot water recorded for A, B, C, F
    assert s.no_heating_share == pytest.approx(1 / 5)
    assert s.no_bath_wc_share == pytest.approx(1 / 5)
    assert s.damp_mould_share == pytest.approx(1 / 5)
    assert s.overcrowded == 2 and s.overcrowded_share == pytest.approx(2 / 5)
    assert (s.with_defect, s.open, s.resolved) == (4, 3, 1)
    assert s.open_share == pytest.approx(3 / 5)
    # B: 01.02. -> 03.03. = 30 days
    assert s.median_days_to_resolution == 30.0
    assert s.residents == 15.0


def test_median_days_to_resolution_of_several():
    df = pd.DataFrame({
        "object_id": ["1", "2", "3", "4"],
        "heating": [False, False, False, False],
        "inspection_date": _d("2026-01-01", "2026-01-01", "2026-01-01", "2026-01-01"),
        "resolved_date": _d("2026-01-11", "2026-01-21", "2026-02-15", "2026-12-01"),
    })
    s = H.housing_summary(df, STICHTAG)
    # 10, 20, 45 days resolved by the Stichtag; the fourth still open on 01.10.2026
    assert s.median_days_to_resolution == 20.0
    assert (s.open, s.resolved) == (1, 3)


def test_housing_table_districts_focus_city(housing):
    t = H.housing_table(housing, STICHTAG, focus_ids=["09"]).set_index("area_id")
    assert list(t.index) == ["03", "09", "Fokus", "Stadt"]
    assert t.loc["09", "inspected"] == 4 and t.loc["03", "inspected"] == 1
    assert t.loc["Fokus", "area"] == "Bezirk 09 Kaiserslautern-West (mit Nordwest)"
    assert t.loc["Fokus", "open"] == 2  # A, C
    assert t.loc["Stadt", "open"] == 3
    assert t.loc["03", "open_share"] == 1.0


def test_focus_summary_equals_sum_of_districts(housing):
    a = H.housing_summary(housing, STICHTAG, ["09"])
    b = H.housing_summary(housing, STICHTAG, ["03"])
    c = H.housing_summary(housing, STICHTAG, ["03", "09"])
    assert a.open + b.open == c.open
    assert a.inspected + b.inspected == c.inspected


def test_defects_by_type(housing):
    t = H.defects_by_type(housing, STICHTAG)
    got = {(r.district_id, r.defect, r.state): r.objects for r in t.itertuples()}
    assert got == {
        ("09", "Kein Warmwasser", "offen"): 1,       # A
        ("09", "Feuchtigkeit/Schimmel", "offen"): 1,  # A
        ("09", "Keine Heizung", "offen"): 1,          # C
        ("09", "Sonstige Mängel", "behoben"): 1,      # B
        ("09", "Überbelegt", "offen"): 1,             # A
        ("03", "Kein eigenes Bad/WC", "offen"): 1,    # D
        ("03", "Überbelegt", "offen"): 1,             # D
    }
    no_crowding = H.defects_by_type(housing, STICHTAG, include_overcrowding=False)
    assert "Überbelegt" not in set(no_crowding["defect"])


def test_space_per_person(housing):
    s = H.space_per_person(housing, STICHTAG).set_index("object_id")
    assert list(s.index) == ["A", "B", "C", "D", "F"]
    assert s.loc["D", "m2_per_person"] == 8.0
    assert s.loc["A", "required_m2_per_person"] == 7.5  # 30 m² / 4 persons


def test_open_defects_over_time(housing):
    t = H.open_defects_over_time(housing, STICHTAG)
    assert t["month"].iloc[0] == "Jan. 2026" and t["month"].iloc[-1] == "Okt. 2026"
    assert t["date"].iloc[-1] == pd.Timestamp("2026-10-01")
    by = dict(zip(t["month"], t["open"]))
    assert by["Jan. 2026"] == 1   # A
    assert by["Feb. 2026"] == 2   # A, B
    assert by["März 2026"] == 2   # B resolved 03.03., C found 15.03.
    assert by["Apr. 2026"] == 3   # D
    assert by["Okt. 2026"] == H.open_defects(housing, STICHTAG)
    assert dict(zip(t["month"], t["resolved"]))["März 2026"] == 1
    assert t["new"].sum() == 4
    assert len(H.open_defects_over_time(housing, STICHTAG, months=3)) == 3


def test_severity_and_worst_objects(housing):
    o = H.object_table(housing, STICHTAG).set_index("object_id")
    assert o.loc["A", "severity"] == 3  # no hot water + mould + overcrowded
    assert o.loc["D", "severity"] == 2  # no bath + overcrowded
    assert o.loc["C", "severity"] == 1
    assert o.loc["B", "severity"] == 0  # resolved
    assert o.loc["A", "severity_band"] == "3 und mehr Befunde"
    w = H.worst_objects(housing, STICHTAG)
    assert w["object_id"].tolist() == ["A", "D", "C"]
    assert w.loc[0, "defects"] == "Kein Warmwasser, Feuchtigkeit/Schimmel, Überbelegt"
    assert w.loc[0, "open_since"] == pd.Timestamp("2026-01-10")
    assert w.loc[0, "days_open"] == 264  # 10.01. -> 01.10.2026
    assert H.worst_objects(housing, STICHTAG, n=1)["object_id"].tolist() == ["A"]
    assert H.worst_objects(housing, STICHTAG, district_ids=["03"])["object_id"].tolist() == ["D"]
    assert set(H.WORST_COLUMNS_DE) == set(w.columns) - {"district_id"}


def test_missing_data():
    assert H.open_defects(None, STICHTAG) == 0
    s = H.housing_summary(None, STICHTAG)
    assert s.inspected == 0 and s.open_share is None and s.median_days_to_resolution is None
    assert H.defects_by_type(None, STICHTAG).empty
    assert H.worst_objects(None, STICHTAG).empty
    assert H.open_defects_over_time(None, STICHTAG).empty
    t = H.housing_table(None, STICHTAG, ["09"])
    assert t["area_id"].tolist() == ["Fokus", "Stadt"] and (t["inspected"] == 0).all()


def test_only_required_columns():
    df = pd.DataFrame({"object_id": ["1", "2"]})
    s = H.housing_summary(df, STICHTAG)
    assert s.inspected == 2 and s.open == 0 and s.no_hot_water_share is None


def test_worst_objects_text_only_defect_and_description():
    df = pd.DataFrame({"object_id": ["X", "Y"], "address": ["Am Hang 1", "Am Hang 2"],
                       "defects": ["Fenster undicht", "kein Warmwasser"], "hot_water": [True, False],
                       "inspection_date": _d("2026-09-01", "2026-09-21")})
    w = H.worst_objects(df, STICHTAG).set_index("object_id")
    assert w.loc["X", "defects"] == "Sonstige Mängel"
    assert w.loc["X", "description"] == "Fenster undicht"
    assert w.loc["Y", "defects"] == "Kein Warmwasser"  # the text names the same defect: not repeated
    assert w.loc["X", "days_open"] == 30 and w.loc["Y", "days_open"] == 10
