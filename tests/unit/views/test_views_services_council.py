"""Soziale Infrastruktur in council mode (issue 15): the Kita and Grundschule tables and the ratio
tiles read the Stand's Ratsfassung; ratios resting on a hidden child count are hidden ("•")."""

from __future__ import annotations

import pytest

from ankunft.disclosure import ratsfassung as rf
from ankunft.indicators import services as S
from ankunft.storage.state import DataState
from ankunft.views import ratsfassung_data
from ankunft.views import services_view as V
from tests.unit.views.test_views_services import STICHTAG, accommodations, districts, residents, services


def _state(dd) -> DataState:
    return DataState.from_frames(STICHTAG, {"districts": dd, "services": services(),
                                            "accommodations": accommodations(), "residents": residents()})


@pytest.mark.parametrize("col,label", [("children_under_2", "Kinder unter 2"), ("children_2", "Kinder 2 Jahre"),
                                       ("children_3_5", "Kinder 3–5 Jahre")])
@pytest.mark.parametrize("small", [1, 2])
def test_a_small_child_count_of_the_focus_district_hides_its_ratios(col, label, small):
    dd = districts()
    dd.loc[dd["district_id"] == "09", col] = small
    state = _state(dd)
    m = V.build(state, None, None, ["09"], council=True)
    rats = ratsfassung_data.for_stand(state, None, ["09"], ratsfassung_data.council_cfg(state))
    west = m.kita.set_index("Gebiet").loc["09 Kaiserslautern-West"]
    assert west[label] == rats.cell(rf.KITA, "09", col).text == "≤2"
    assert west["Bedarf (Plätze)"] == west["Versorgung"] == west["Fehlende Plätze"] == "•"
    assert west["Kita-Plätze"] == "100"  # places are not persons: always shown
    tiles = {t.key: t for t in m.tiles}
    assert tiles["kita_coverage"].value_text == tiles["kita_shortfall"].value_text == "•"
    assert "nicht gezeigt" in m.headline and "deckt" not in m.headline
    # the chart's demand bar of the hidden row is left out; the other district keeps its bar
    raw = m.kita_raw.set_index("area_id")
    assert raw.loc["09", ["demand", "coverage", "shortfall"]].isna().all()
    assert raw.loc["09", "places"] == 100
    demand = next(t for t in V.kita_figure(m.kita_raw, None, True).data if t.name == "Bedarf")
    bars = dict(zip(demand.y, demand.x))
    assert bars["09 Kaiserslautern-West"] != bars["09 Kaiserslautern-West"]  # NaN: no bar
    # with two districts, the other one (and the city, by difference) cannot stay published both
    ost = m.kita.set_index("Gebiet").loc["01 Innenstadt-Ost"]
    city = m.kita.set_index("Gebiet").loc["Stadt Kaiserslautern"]
    assert ost[label] == "•" or city[label] == "•"


def test_council_tables_are_the_ratsfassung_cells_and_admin_is_unchanged():
    state = _state(districts())
    m = V.build(state, None, None, ["09"], council=True)
    rats = ratsfassung_data.for_stand(state, None, ["09"], ratsfassung_data.council_cfg(state))
    kita = S.kita_supply(services(), districts(), ["09"])
    shown = m.kita.set_index("Gebiet")
    for _, r in kita.iterrows():
        name, row = (rf.KITA_FOCUS, rf.FOCUS) if r["level"] == "Fokusgebiet" else (
            rf.KITA, rf.TOTAL if r["level"] == "Stadt" else r["area_id"])
        assert shown.loc[r["area"], "Kinder 3–5 Jahre"] == rats.cell(name, row, "children_3_5").text
        assert shown.loc[r["area"], "Warteliste"] == rats.cell(name, row, "waiting_list").text
    assert shown.loc["09 Kaiserslautern-West", "Warteliste"] == "≤2"
    tiles = {t.key: t for t in m.tiles}
    assert tiles["kita_coverage"].value_text == "39,3\u00a0%"  # nothing hidden in the focus row's children
    school = m.school.set_index("Gebiet")
    assert school.loc["09 Kaiserslautern-West", "Kinder 6–9 Jahre"] == rats.cell(rf.SCHOOL, "09", "children_6_9").text
    admin = V.build(state, None, None, ["09"], council=False).kita.set_index("Gebiet")
    assert admin.loc["09 Kaiserslautern-West", "Warteliste"] == "2"


@pytest.mark.parametrize("col", ["children_under_2", "children_2", "children_3_5"])
def test_council_report_kita_section_reads_the_ratsfassung(col):
    """The report's Kita section (deck, workbook, HTML) shows what the screens show: a row whose child
    count the Ratsfassung hides has no children, demand, coverage or shortfall; the focus tile too."""
    from ankunft.views import report_view

    dd = districts()
    dd.loc[dd["district_id"] == "09", col] = 1
    state = _state(dd)
    rep = report_view.build_report(state, None, sections=["services"], council=True, focus_ids=["09"])
    (sec,) = [s for s in rep.sections if s.key == "services"]
    rows = sec.table.set_index("Gebiet")
    west = rows.loc["09 Kaiserslautern-West"]
    assert [west[c] for c in ("Kinder unter 6", "Bedarf", "Versorgung", "Fehlende Plätze")] == ["•"] * 4
    assert west["Kita-Plätze"] == 100
    assert sec.kpis[0].value_text == "•"  # the focus area is district 09
    assert "Fokusgebiet" not in sec.headline or "•" not in sec.headline
    bars = dict(zip(sec.chart.categories, sec.chart.series[1].values))
    assert bars["09"] is None
    # outside council mode the same report shows every figure
    plain = report_view.build_report(state, None, sections=["services"], council=False, focus_ids=["09"])
    (psec,) = [s for s in plain.sections if s.key == "services"]
    assert psec.table.set_index("Gebiet").loc["09 Kaiserslautern-West", "Bedarf"] > 0
