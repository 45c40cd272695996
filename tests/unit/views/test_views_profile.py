"""Stadtteilprofil view model: options, council protection of the readings, comparison, CSV."""

from __future__ import annotations

import dataclasses
import datetime as dt
import math

import pandas as pd
import pytest

from ankunft.storage.state import DataState
from ankunft.views import profile_view as V

STICHTAG = dt.date(2026, 10, 1)


def state() -> DataState:
    districts = pd.DataFrame({
        "district_id": ["01", "09", "12"], "population": [10000, 8000, 2000],
        "children_under_2": [200, 100, 40], "children_2": [100, 40, 20], "children_3_5": [300, 200, 60],
        "children_6_9": [400, 300, 80], "foreign_share": [20.0, 22.0, 5.0],
    })
    acc = pd.DataFrame({
        "id": ["U1", "U2"], "name": ["Halle West", "Pension Ost"], "district_id": ["09", "01"],
        "capacity": [100, 10], "occupancy": [80, 2], "status": ["in Betrieb"] * 2,
        "lat": [49.4442, 49.4438], "lon": [7.7266, 7.7788],
    })
    housing = pd.DataFrame({
        "object_id": ["A", "B", "C"], "address": ["X 1", "X 3", "Y 2"], "district_id": ["12", "12", "09"],
        "residents": [2, 3, 4], "floor_area_m2": [40, 50, 60], "hot_water": [False, True, True],
        "inspection_date": pd.to_datetime(["2026-01-10", "2026-02-01", "2026-03-01"]),
        "status": ["offen", None, None],
    })
    return DataState.from_frames(STICHTAG, {"districts": districts, "accommodations": acc, "housing": housing})


def test_area_options_and_labels():
    opts = V.area_options()
    assert opts[0] == "Fokus" and len(opts) == 19 and opts[-1] == "18"
    assert V.option_label("Fokus", "Bezirk 09") == "Fokusgebiet: Bezirk 09"
    assert V.option_label("09", "x") == "09 Kaiserslautern-West"
    assert V.area_ids("Fokus", ["9"]) == ["09"] and V.area_ids("12", ["09"]) == ["12"]


def test_admin_profile_is_the_domain_profile():
    p = V.profile_for(state(), "01", ["09"], "Fokus West", council=False)
    assert p.row("accommodation_residents").value_text == "2"
    assert p.row("accommodation_residents").reading.startswith(
        "2 Menschen in 1 Unterkunft – Stadt 82 in 2 Unterkünften")
    assert V.headline(p, council=False) == p.headline
    focus = V.profile_for(state(), "Fokus", ["09"], "Fokus West", council=False)
    assert focus.label == "Fokus West" and focus.row("accommodation_residents").value_text == "80"


def test_council_profile_hides_small_counts_in_values_readings_and_headline():
    p = V.profile_for(state(), "01", ["09"], "Fokus West", council=True)
    row = p.row("accommodation_residents")
    assert row.value_text == "≤2"
    assert row.reading == "≤2 Menschen in 1 Unterkunft – Stadt 82 in 2 Unterkünften"
    assert V.headline(p, council=True).startswith("01 Innenstadt-Ost am 01.10.2026: ≤2 Menschen in Unterkünften")
    table = V.display(p)
    assert "2 Menschen" not in " ".join(table["Einordnung"]).replace("≤2 Menschen", "")
    # district 12: 1 of 2 inspected objects has an open defect -> counts and share hidden
    p12 = V.profile_for(state(), "12", ["09"], "Fokus West", council=True)
    h = p12.row("housing")
    assert h.value_text == "•"
    # the city's 1 open defect of 3 inspected objects would give 12's one away (09 has none): hidden
    # as on the Wohnqualität page, and with it the city's share (33,3 % of 3 = 1)
    # overcrowded objects: the Ratsfassung's counts (a share would divide by the objects with known
    # space, a count the Ratsfassung does not contain)
    assert h.reading == "≤2 von ≤2 geprüften Objekten mit offenen Mängeln (•) – Stadt •; überbelegt: 0 Objekte (Stadt 0)"
    assert h.city_text == "•"
    # the population (public statistics) stays as it is
    assert p12.row("population").value_text == "2.000"


def test_council_profile_shows_the_uebersicht_figures():
    """09 has 80 residents, 01 has 2, the city 82: 09 shown as 80 next to the city's 82 would give
    01's 2 away. The Übersicht hides 09 (•) — the profile shows the same marker."""
    p = V.profile_for(state(), "09", ["09"], "Fokus West", council=True)
    row = p.row("accommodation_residents")
    assert (row.value_text, row.city_text) == ("•", "82")
    assert row.reading == "eine ausgeblendete Zahl Menschen in 1 Unterkunft – Stadt 82 in 2 Unterkünften"
    focus = V.profile_for(state(), "Fokus", ["09"], "Fokus West", council=True)  # the focus area is 09 alone
    assert focus.row("accommodation_residents").value_text == "•"
    fig, city, n, n_city = V.area_residents(state(), ["01", "09"], focus_ids=["09", "01"])
    assert (fig.text, city.text, n, n_city) == ("82", "82", 2, 2)  # the focus area 01 + 09: its Ratsfassung cell
    # a set of districts that is no cell of the Ratsfassung is withheld – council mode protects nothing on its own
    assert V.area_residents(state(), ["01", "09"], focus_ids=["09"])[0].text == "•"
    # the rows hold only what they show: the hidden 80 of 09 is not kept as the row's number
    assert math.isnan(row.value) and row.city == 82.0


def test_readings_change_with_the_data():
    s = state()
    acc = s.df("accommodations").copy()
    acc.loc[acc["id"] == "U2", "occupancy"] = 9
    s2 = DataState.from_frames(STICHTAG, {"districts": s.df("districts"), "accommodations": acc,
                                         "housing": s.df("housing")})
    p = V.profile_for(s2, "01", ["09"], "Fokus West", council=True)
    assert p.row("accommodation_residents").value_text == "9"
    assert p.row("accommodation_residents").reading.startswith("9 Menschen in 1 Unterkunft – Stadt 89")


def test_compare_and_csv():
    a = V.profile_for(state(), "01", ["09"], "Fokus West", council=False)
    b = V.profile_for(state(), "12", ["09"], "Fokus West", council=False)
    cmp = V.compare(a, b)
    assert list(cmp.columns) == ["Kennzahl", "01 Innenstadt-Ost", "12 Morlautern", "Stadt"]
    assert cmp.iloc[0]["01 Innenstadt-Ost"] == "10.000" and cmp.iloc[0]["12 Morlautern"] == "2.000"
    csv = V.profile_csv(a).decode("utf-8-sig")
    assert csv.splitlines()[0] == "Kennzahl;01 Innenstadt-Ost;Stadt;Einordnung"
    assert V.district_values(a)["01"].startswith("Einwohner: 10.000")


def test_page_texts_file_name_missing_rows_and_readings():
    p = V.profile_for(state(), "Fokus", ["09"], "Fokus West", council=False)
    assert V.csv_file_name(p, STICHTAG) == "stadtteilprofil_Fokus_2026-10-01.csv"
    assert p.missing  # no services file: the Kita and reach rows say so
    assert V.missing_text(p) == "Nicht alle Zeilen lassen sich berechnen: " + " ".join(p.missing)
    assert V.readings_markdown(p).split("\n") == [f"- {r}" for r in p.readings]
    assert V.table_caption("Datenstand: x", True) == "Datenstand: x · synthetische Beispieldaten"
    assert V.table_caption("Datenstand: x", False) == "Datenstand: x"
    complete = dataclasses.replace(p, rows=tuple(dataclasses.replace(r, missing=None) for r in p.rows))
    assert V.missing_text(complete) is None


@pytest.mark.parametrize("col", ["children_under_2", "children_2", "children_3_5"])
@pytest.mark.parametrize("small", [1, 2])
def test_council_profile_hides_the_kita_coverage_behind_a_hidden_child_count(col, small):
    """The Kita coverage and the missing places of an area rest on its child counts: where the
    Ratsfassung hides one (as the Übersicht and Soziale Infrastruktur do), the profile shows "•" and
    no number of missing places; the working profile shows them."""
    from tests.unit.views.test_views_services import accommodations, districts, residents, services

    dd = districts()
    dd.loc[dd["district_id"] == "09", col] = small
    s = DataState.from_frames(STICHTAG, {"districts": dd, "services": services(),
                                         "accommodations": accommodations(), "residents": residents()})
    for key in ("09", V.FOCUS_KEY):
        council = V.profile_for(s, key, ["09"], "Fokus West", council=True).row("kita")
        working = V.profile_for(s, key, ["09"], "Fokus West", council=False).row("kita")
        assert council.value_text == "•" and math.isnan(council.value) and "fehlen" not in council.reading
        assert council.reading == f"Kita-Versorgung • – Stadt {council.city_text}"
        assert working.value_text != "•" and working.value is not None
