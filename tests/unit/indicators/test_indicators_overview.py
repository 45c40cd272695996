"""Übersicht: KPIs, alerts, headline and district table on hand-made states."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from ankunft.core.reference import STANDARDS
from ankunft.indicators import overview as O
from ankunft.storage.state import DataState

STAND = dt.date(2026, 10, 1)


def acc_df(**overrides) -> pd.DataFrame:
    base = {
        "id": ["A1", "A2", "A3"],
        "name": ["Asternweg", "Ehemalige Hauptpost", "Hotel Zepp"],
        "district_id": ["09", "01", "06"],
        "capacity": [10, 20, 5],
        "occupancy": [11, 15, 0],
        "floor_area_m2": [60, 200, None],
        "social_workers": [0.1, 1, None],
        "monthly_cost_per_place": [200, 380, None],
        "lease_end": ["2027-02-01", "2030-01-01", None],
        "planned_closure": [None, "2026-06-30", None],
        "status": ["in Betrieb", "in Schließung", "Reserve"],
    }
    base.update(overrides)
    return pd.DataFrame(base)


def residents_df() -> pd.DataFrame:
    # A1: 3 present, 2 of them longer than 3 years; A2: 2 present, none long; 1 unmatched stay
    return pd.DataFrame({
        "person_id": ["a", "b", "c", "d", "e", "f", "g"],
        "accommodation": ["A1", "A1", "Asternweg", "A2", "A2", "A2", "Villa X"],
        "move_in": ["2020-01-01", "2022-05-01", "2026-01-01", "2025-01-01", "2026-02-01", "2019-01-01",
                    "2026-01-01"],
        "move_out": [None, None, None, None, None, "2024-01-01", None],
        "residence_status": ["anerkannt (§ 25 Abs. 2 AufenthG)", "Asylverfahren", "Duldung", "subsidiärer Schutz",
                             None, None, None],
    })


def state(frames: dict, stand: dt.date = STAND, **stichtage) -> DataState:
    return DataState.from_frames(stand, frames, stichtage or None)


def fake_open_defects(housing_df, stichtag):
    return int((housing_df["status"] == "offen").sum())


CALLS: list = []


def fake_kita(services_df, districts_df, district_ids, rates=STANDARDS):
    CALLS.append(list(district_ids) if district_ids is not None else None)
    return {"09": 0.8, "01": 1.1}.get(district_ids[0]) if district_ids else 0.9


def kpis_by_key(ov: O.Overview) -> dict:
    return {k.key: k for k in ov.kpis}


def test_kpis_accommodation_level_only():
    ov = O.overview(state({"accommodations": acc_df()}))
    k = kpis_by_key(ov)
    assert list(k) == list(O.KPI_ORDER)
    assert k["residents"].value == 26 and k["residents"].value_text == "26"
    assert k["places"].value == 30
    assert k["utilisation"].value == pytest.approx(26 / 30) and k["utilisation"].value_text == "86,7\u00a0%"
    assert k["open_accommodations"].value == 2
    assert k["monthly_cost"].value == 9600 and k["monthly_cost"].value_text == "9.600\u00a0€"
    for key in ("long_stay_share", "entitled_residents"):
        assert k[key].value is None and k[key].value_text == "–"
        assert "Bewohnerdatei" in k[key].reason
    assert "Wohnungsaufsicht" in k["open_defects"].reason
    assert all(x.change is None for x in ov.kpis)


def test_kpis_with_residents_roster_wins():
    ov = O.overview(state({"accommodations": acc_df(), "residents": residents_df()}))
    k = kpis_by_key(ov)
    # A1: 3 from the roster, A2: 2 from the roster (A3 is a reserve and not counted)
    assert k["residents"].value == 5
    assert k["utilisation"].value == pytest.approx(5 / 30)
    assert k["long_stay_share"].value == pytest.approx(2 / 5)
    assert k["long_stay_share"].label == "Länger als 3 Jahre"
    # entitled: a (anerkannt), d (subsidiärer Schutz)
    assert k["entitled_residents"].value == 2


def test_injected_housing_and_kita_functions():
    CALLS.clear()
    housing = pd.DataFrame({"object_id": ["o1", "o2", "o3"], "district_id": ["09", "09", "01"],
                            "status": ["offen", "behoben", "offen"]})
    services = pd.DataFrame({"name": ["Kita A"], "category": ["Kita"], "district_id": ["09"], "capacity": [50]})
    districts = pd.DataFrame({"district_id": ["09", "01"], "population": [8000, 11000]})
    ov = O.overview(state({"accommodations": acc_df(), "housing": housing, "services": services,
                           "districts": districts}),
                    open_defects=fake_open_defects, kita_coverage=fake_kita)
    k = kpis_by_key(ov)
    assert k["open_defects"].value == 2 and k["open_defects"].value_text == "2"
    assert k["kita_coverage"].value == pytest.approx(0.8) and k["kita_coverage"].value_text == "80,0\u00a0%"
    assert CALLS[0] == ["09"]  # the focus area
    d = ov.districts.set_index("district_id")
    assert d.loc["09", "open_defects"] == 1 and d.loc["01", "open_defects"] == 1 and d.loc["02", "open_defects"] == 0
    assert d.loc["09", "kita_coverage"] == pytest.approx(0.8) and d.loc["01", "kita_coverage"] == pytest.approx(1.1)
    assert pd.isna(d.loc["02", "kita_coverage"])
    assert d.loc["09", "population"] == 8000 and pd.isna(d.loc["02", "population"])
    assert ov.districts.attrs["population_source"] == "Statistikstelle"


def test_change_since_previous_snapshot():
    previous = state({"accommodations": acc_df(occupancy=[8, 12, 0], capacity=[10, 25, 5])},
                     stand=dt.date(2026, 6, 30))
    ov = O.overview(state({"accommodations": acc_df()}), previous)
    k = kpis_by_key(ov)
    assert k["residents"].previous == 20 and k["residents"].change == 6 and k["residents"].change_text == "+6"
    assert k["places"].change == -5 and k["places"].change_text == "−5"
    assert k["utilisation"].change == pytest.approx(26 / 30 - 20 / 35)
    assert k["utilisation"].change_text == "+29,5\u00a0%-Punkte"
    assert k["monthly_cost"].change == -1900 and k["monthly_cost"].change_text == "−1.900\u00a0€"
    assert k["open_accommodations"].change_text == "±0"
    assert k["monthly_cost"].inverse and not k["places"].inverse


def test_build_kpis_formats_and_skips_unknown_previous():
    kpis = O.build_kpis({"places": (1234.0, None), "utilisation": (0.125, None)},
                        {"places": (None, "fehlt"), "utilisation": (0.1, None)})
    assert [k.key for k in kpis] == ["places", "utilisation"]
    assert kpis[0].value_text == "1.234" and kpis[0].change is None and kpis[0].change_text is None
    assert kpis[1].value_text == "12,5\u00a0%" and kpis[1].change_text == "+2,5\u00a0%-Punkte"


def test_alerts_plain_german_with_target_page():
    ov = O.overview(state({"accommodations": acc_df(), "residents": residents_df()}))
    texts = [a.text for a in ov.alerts]
    assert ov.alerts[0].level == "rot"
    assert texts[0] == "Ehemalige Hauptpost sollte am 30.06.2026 schließen; dort leben noch 2 Menschen."
    assert "Der Mietvertrag für Asternweg endet am 01.02.2027." in texts
    assert all(a.page == "app_pages/2_unterkuenfte.py" for a in ov.alerts[:-1])
    last = ov.alerts[-1]
    assert last.code == "unmatched_accommodations" and last.page == "app_pages/8_daten.py"
    assert last.text == "1 Unterkunftsangabe der Bewohnerdatei passt zu keinem Eintrag der Unterkunftsliste: Villa X."
    levels = [a.level for a in ov.alerts]
    assert levels == sorted(levels, key={"rot": 0, "gelb": 1}.__getitem__)


def test_alert_space_and_social_work():
    ov = O.overview(state({"accommodations": acc_df(planned_closure=[None] * 3)}))
    by_code = {a.code: a for a in ov.alerts}
    assert by_code["over_capacity"].text == "Asternweg ist überbelegt: 11 Bewohner auf 10 Plätzen."
    assert by_code["space_below_standard"].text == \
        "In Asternweg stehen je Person 5,5\u00a0m² zur Verfügung (Standard: 7,0\u00a0m²)."
    assert by_code["social_work_below_standard"].text == \
        "In Asternweg kommen 11 Bewohner auf 0,1 VZÄ Sozialarbeit (Standard: höchstens 50 je VZÄ)."
    assert by_code["over_capacity"].accommodation_key == "A1"


def test_headline_changes_with_the_data():
    with_long = O.overview(state({"accommodations": acc_df(), "residents": residents_df()}))
    assert with_long.headline == "In 1 von 2 Unterkünften leben mehr als ein Drittel der Bewohner länger als 3 Jahre."
    over = O.overview(state({"accommodations": acc_df()}))
    assert over.headline == "1 von 2 Unterkünften ist überbelegt; insgesamt leben 26 Menschen auf 30 Plätzen."
    calm = O.overview(state({"accommodations": acc_df(occupancy=[5, 10, 0])}))
    assert calm.headline == "15 Menschen leben in 2 Unterkünften; 50,0\u00a0% der 30 Plätze sind belegt."
    empty = O.overview(state({}))
    assert "Seite Daten" in empty.headline


def test_headline_single_inhabited_accommodation():
    res = pd.DataFrame({"person_id": ["a"], "accommodation": ["A1"], "move_in": ["2020-01-01"]})
    ov = O.overview(state({"accommodations": acc_df(), "residents": res}))
    assert ov.headline == "In der einzigen bewohnten Unterkunft leben mehr als ein Drittel der Bewohner " \
                          "länger als 3 Jahre."


def test_accommodations_headline():
    t = O.inputs(state({"accommodations": acc_df()})).table
    assert O.accommodations_headline(t) == \
        "Von 30 Plätzen in 2 Unterkünften sind 26 belegt (86,7\u00a0%); 1 ist zu mindestens 95\u00a0% ausgelastet."
    assert "Seite Daten" in O.accommodations_headline(t.iloc[0:0])


def test_district_table_reference_population_and_focus():
    ov = O.overview(state({"accommodations": acc_df()}), focus_ids=["09", "08"])
    d = ov.districts.set_index("district_id")
    assert len(d) == 18
    assert d.loc["09", "residents"] == 11 and d.loc["09", "places"] == 10 and d.loc["09", "accommodations"] == 1
    assert d.loc["06", "accommodations"] == 0  # the reserve does not count
    assert d.loc["09", "population"] == 8565
    assert d["focus"].sum() == 2 and d.loc["08", "focus"]
    assert "Referenzwerte" in ov.districts.attrs["population_source"]
    assert d["open_defects"].isna().all()
    shown = O.district_display(ov.districts)
    assert list(shown.columns)[:3] == ["Nr.", "Stadtteil", "Unterkünfte"]
    assert shown.loc[shown["Nr."] == "09", "Fokusgebiet"].item() == "ja"


def test_district_filter_restricts_everything():
    ov = O.overview(state({"accommodations": acc_df(), "residents": residents_df()}), district_ids=["09"])
    k = kpis_by_key(ov)
    assert k["residents"].value == 3 and k["places"].value == 10
    assert k["long_stay_share"].value == pytest.approx(2 / 3)
    assert ov.districts["district_id"].tolist() == ["09"]
    assert all(a.accommodation_key in (None, "A1") for a in ov.alerts)


def test_roster_taken_at_residents_stichtag():
    st = state({"accommodations": acc_df(), "residents": residents_df()}, residents=dt.date(2025, 12, 31))
    k = kpis_by_key(O.overview(st))
    # at 31.12.2025 only a, b (A1) and d (A2) are present
    assert k["residents"].value == 3
