"""Council views render from the Ratsfassung only (issue 15): once the Stand's Ratsfassung is built,
building a council view model must not protect anything on its own. Guard: every protection entry
point (the suppression engine behind protect_table/protect_series/suppress_linked/Publication, and
the stand-alone threshold rule protect_value) raises while the view model is built."""

from __future__ import annotations

import pytest

from ankunft import disclosure
from ankunft.disclosure import engine, figures
from ankunft.views import housing_view as hv
from ankunft.views import ratsfassung_data
from tests.audit import test_council_audit as base
from tests.audit.test_council_audit import FOCUS


class ProtectedOnItsOwn(AssertionError):
    pass


def _forbid(*_args, **_kwargs):
    raise ProtectedOnItsOwn("eine Ratsansicht schützt Zahlen selbst statt sie aus der Ratsfassung zu lesen")


def _shares_of_figures_only(original):
    """A share is the relation of two published figures: a share of raw (unpublished) numbers is a
    figure the view computes and protects on its own (as the Stadtteilprofil's reach share did)."""
    def share(numerator, denominator, *args, **kwargs):
        if not (isinstance(numerator, figures.Figure) and isinstance(denominator, figures.Figure)):
            raise ProtectedOnItsOwn("ein Anteil aus nicht veröffentlichten Zahlen statt aus Zellen der Ratsfassung")
        return original(numerator, denominator, *args, **kwargs)
    return share


@pytest.fixture
def guard(monkeypatch):
    def arm(raw_shares: bool = False):
        monkeypatch.setattr(engine.Problem, "solve", _forbid)
        monkeypatch.setattr(figures, "protect_value", _forbid)
        monkeypatch.setattr(disclosure, "protect_value", _forbid)
        if raw_shares:
            monkeypatch.setattr(disclosure, "share", _shares_of_figures_only(figures.share))
            monkeypatch.setattr(figures, "share", _shares_of_figures_only(figures.share))
    return arm


def test_guard_catches_a_per_chart_protection(guard):
    """The guard has teeth: the protection a chart used to call on its own (before this change the
    Wohnqualität bins went through protect_table) is refused."""
    import pandas as pd

    guard()
    with pytest.raises(ProtectedOnItsOwn):
        disclosure.protect_table(pd.DataFrame({"a": [1.0, 5.0]}), ["a"], col_total=True)
    with pytest.raises(ProtectedOnItsOwn):
        disclosure.protect_series(pd.Series([3.0, 1.0]))
    with pytest.raises(ProtectedOnItsOwn):
        disclosure.protect_value(1.0)


def test_guard_catches_a_share_of_unpublished_numbers(guard):
    """With ``raw_shares`` the guard refuses a share built from raw numbers (the Stadtteilprofil's reach
    share was 'within / weight' of counts the Ratsfassung does not contain); a share of two figures passes."""
    guard(raw_shares=True)
    with pytest.raises(ProtectedOnItsOwn):
        disclosure.share(3.0, 40.0)
    assert disclosure.share(figures.Figure(30.0), figures.Figure(40.0)).text == "75,0\u00a0%"


@pytest.mark.parametrize("kind", ["demo", "small", "flows"])
def test_wohnqualitaet_council_view_renders_from_the_ratsfassung(kind, guard):
    state, previous = base.states(kind)
    rats = ratsfassung_data.for_stand(state, previous, tuple(FOCUS), ratsfassung_data.council_cfg(state))
    guard()
    model = hv.build(state, previous, None, FOCUS, council=True)
    assert model.has_data
    # the space bars and the line points are the Ratsfassung's published cells
    for r in model.space.itertuples(index=False):
        assert rats.cell("Wohnfläche je Person", r.label, r.group).value == r.objects
    for r in model.over_time.itertuples(index=False):
        assert rats.cell("Offene Mängel je Monatsende", r.month).value == r.open


def _rats_text(rats, name: str, row, col) -> str:
    return rats.cell(name, row, col).text


@pytest.mark.parametrize("kind", ["demo", "small", "flows"])
def test_infrastruktur_council_view_renders_from_the_ratsfassung(kind, guard):
    """Soziale Infrastruktur: the Kita and Grundschule tables (children of the population, waiting
    lists), the children table and tiles are read from the Ratsfassung; nothing is protected on its own."""
    from ankunft.disclosure import ratsfassung as rf
    from ankunft.indicators import services
    from ankunft.indicators.areas import CITY_ID, FOCUS_ID
    from ankunft.views import services_view as sv

    state, previous = base.states(kind)
    rats = ratsfassung_data.for_stand(state, previous, tuple(FOCUS), ratsfassung_data.council_cfg(state))
    guard()
    model = sv.build(state, previous, None, FOCUS, council=True)
    assert model.has_services and not model.kita.empty and not model.school.empty
    kita = services.kita_supply(state.df("services"), state.df("districts"), FOCUS)
    school = services.school_supply(state.df("services"), state.df("districts"), FOCUS)
    for raw, shown, name, focus_name, cols in (
            (kita, model.kita, rf.KITA, rf.KITA_FOCUS, {"children_under_2": "Kinder unter 2",
                                                         "children_3_5": "Kinder 3–5 Jahre",
                                                         "waiting_list": "Warteliste"}),
            (school, model.school, rf.SCHOOL, rf.SCHOOL_FOCUS, {"children_6_9": "Kinder 6–9 Jahre",
                                                                 "waiting_list": "Warteliste"})):
        assert name in rats.tables and focus_name in rats.tables
        by_area = dict(zip(raw["area"], raw["area_id"]))
        for _, row in shown.iterrows():
            a = by_area[row["Gebiet"]]
            table, key = (focus_name, rf.FOCUS) if a == FOCUS_ID else (name, rf.TOTAL if a == CITY_ID else a)
            for col, label in cols.items():
                value = raw.loc[raw["area_id"] == a, col].iloc[0]
                if value == value:  # a missing count stays "–"
                    assert row[label] == _rats_text(rats, table, key, col), (kind, a, col)


@pytest.mark.parametrize("kind", ["demo", "small", "flows"])
def test_uebersicht_council_district_table_renders_from_the_ratsfassung(kind, guard):
    """The Übersicht's district table and tiles: open defects per district (and the city tile) are the
    Ratsfassung's housing cells, the Kita coverage is hidden where a child count is. Found by reading
    the table against the Ratsfassung: it showed the raw open defects of districts whose cell the
    Ratsfassung hides (demo data: 01 → 1 where the Wohnqualität page shows ≤2)."""
    from ankunft.disclosure import ratsfassung as rf
    from ankunft.indicators import overview as ov_mod
    from ankunft.views import overview_view as ov

    state, previous = base.states(kind)
    rats = ratsfassung_data.for_stand(state, previous, tuple(FOCUS), ratsfassung_data.council_cfg(state))
    guard()
    view = ov.build(state, previous, FOCUS, None, council=True)
    labels = ov_mod.DISTRICT_LABELS
    hidden = 0
    for _, row in view.districts.iterrows():
        did = row[labels["district_id"]]
        if rats.has(rf.HOUSING, did, "open"):
            cell = rats.cell(rf.HOUSING, did, "open")
            assert row[labels["open_defects"]] == cell.text, (kind, did)
            hidden += cell.suppressed
        if rats.has(rf.KITA, did, "children_2") and any(rats.cell(rf.KITA, did, c).suppressed
                                                       for c in rf.KITA_COLS[:3]):
            assert row[labels["kita_coverage"]] == disclosure.HIDDEN_MARKER
    assert hidden  # the data exercise it: some district's open defects are hidden
    tiles = {t.key: t for t in view.tiles}
    assert tiles["open_defects"].value_text == rats.cell(rf.HOUSING, rf.TOTAL, "open").text


def _rats(state, previous):
    return ratsfassung_data.for_stand(state, previous, tuple(FOCUS), ratsfassung_data.council_cfg(state))


def _stands(kind: str):
    """Both Stände a council view can show: the current one (with the previous Stand's Ratsfassung
    for the comparison) and the older one on its own."""
    state, previous = base.states(kind)
    return [(state, previous), (previous, None)]


@pytest.mark.parametrize("kind", ["demo", "small", "flows"])
def test_unterkuenfte_council_view_renders_from_the_ratsfassung(kind, guard):
    """Unterkünfte: tiles, table, length-of-stay chart and every drill-down are read from the
    Ratsfassung (both Stände); nothing is protected on its own. The occupancy column and each site's
    card show the Ratsfassung's cell, the previous Stand's value the previous Ratsfassung's."""
    from ankunft.disclosure import ratsfassung as rf
    from ankunft.indicators import accommodations as acc_mod
    from ankunft.views import accommodations_view as av

    stands = [(state, previous, _rats(state, previous)) for state, previous in _stands(kind)]
    guard()
    for state, previous, rats in stands:
        view = av.build(state, previous, council=True, focus_ids=FOCUS)
        assert view.council and view.tiles
        tiles = {t.key: t for t in view.tiles}
        assert tiles["occupancy"].value_text == rats.cell(rf.ACC, rf.TOTAL).text
        label = acc_mod.LABELS["occupancy"]
        keys = list(view.names)
        assert len(keys) == len(view.table)
        published = set(rats.rows(rf.ACC))
        for key, shown in zip(keys, view.table[label]):
            if key in published:
                assert shown == rats.cell(rf.ACC, key).text, (kind, state.stand, key)
        bands = [c for c in view.charts if c.key == "bands"]
        if rf.BANDS in rats.tables:
            assert bands and bands[0].figure is not None
        for key in keys:
            card = av.detail(state, key, council=True, previous=previous, focus_ids=FOCUS)
            if key in published:
                assert card.values["Belegung"] == rats.cell(rf.ACC, key).text, (kind, key)
            if previous is not None and key in published:
                assert card.values["Belegung am vorigen Stand"] == rats.before(rf.ACC, key).text
            assert not any(item.figure is not None for item in card.charts)


@pytest.mark.parametrize("kind", ["demo", "small", "flows"])
def test_bericht_council_report_renders_from_the_ratsfassung(kind, guard):
    """Bericht: the council report's data (``report_data.prepare``), every section the exports render
    (PPTX, XLSX, HTML share the report object) and the Sachstand text are read from the Ratsfassung,
    on both Stände; nothing is protected on its own. The KPI tiles are the Ratsfassung's cells: the
    residents its total, the entitled residents its cell, the long-stay share its relation in whole
    per cent, and a comparison with the previous Stand is made between published figures only."""
    from ankunft.disclosure import ratsfassung as rf
    from ankunft.export import council_text
    from ankunft.views import report_data
    from ankunft.views import report_view as rv

    stands = [(state, previous, _rats(state, previous)) for state, previous in _stands(kind)]
    guard()
    for state, previous, rats in stands:
        rd = rv.prepare(state, previous, council=True, focus_ids=FOCUS, history=[previous] if previous else [])
        report = rv.report_from(rd, list(report_data.SECTION_KEYS))
        assert report.council and report.sections
        assert council_text.sachstand(rd)
        tiles = {k: rd.kpi_tile(k) for k in report_data.KPI_TILES if k in rd.kpis}
        assert tiles["residents"].value_text == rats.cell(rf.ACC, rf.TOTAL).text, (kind, state.stand)
        if rats.has(rf.ENTITLED, rf.ENTITLED):
            assert tiles["entitled_residents"].value_text == rats.cell(rf.ENTITLED, rf.ENTITLED).text
        if "long_stay_share" in tiles:
            assert tiles["long_stay_share"].value_text == rf.long_stay_share(rats).text, (kind, state.stand)
        for key in ("residents", "entitled_residents", "open_defects"):
            table = {"residents": rf.ACC, "entitled_residents": rf.ENTITLED, "open_defects": rf.HOUSING}[key]
            row, col = {"residents": (rf.TOTAL, None), "entitled_residents": (rf.ENTITLED, None),
                        "open_defects": (rf.TOTAL, "open")}[key]
            if key in tiles and tiles[key].change_text:
                assert rats.change(table, row, col) is not None, (kind, state.stand, key)


@pytest.mark.parametrize("kind", ["demo", "small", "flows"])
def test_stadtteilprofil_council_view_renders_from_the_ratsfassung(kind, guard):
    """Stadtteilprofil (every area, both Stände): residents are the district, focus and city cells, the
    housing reading the housing block's cells, the reach share the relation of the Ratsfassung's reach
    table (residents within the distance ÷ all residents, whole per cent). No figure is protected on its
    own and no share is built from numbers the Ratsfassung does not contain."""
    from ankunft.disclosure import ratsfassung as rf
    from ankunft.views import profile_view as pv

    stands = [(state, previous, _rats(state, previous)) for state, previous in _stands(kind)]
    guard(raw_shares=True)
    reach_shown = 0
    for state, previous, rats in stands:
        for key in pv.area_options():
            p = pv.profile_for(state, key, FOCUS, "Fokusgebiet", True, previous=previous)
            area = rf.FOCUS if key == pv.FOCUS_KEY else key
            res = p.row("accommodation_residents")
            if res.available and res.value:
                cell = rats.cell(rf.FOCUS, rf.FOCUS) if key == pv.FOCUS_KEY else rats.cell(rf.DIST, key)
                assert (res.value_text, res.city_text) == (cell.text, rats.cell(rf.ACC, rf.TOTAL).text), (kind, key)
            housing = p.row("housing")
            if housing.available:
                name = rf.HOUSING_FOCUS if key == pv.FOCUS_KEY else rf.HOUSING
                opened, inspected = rats.cell(name, area, "open"), rats.cell(name, area, "inspected")
                assert housing.reading.startswith(f"{opened.text} von {inspected.text} "), (kind, key)
            reach = p.row("reach")
            if reach.available:
                assert rf.REACH in rats.tables, (kind, state.stand)
                assert reach.value_text == rf.reach_share(rats, area).text, (kind, key)
                assert reach.city_text == rf.reach_share(rats, rf.TOTAL).text
                assert reach.value_text in reach.reading
                reach_shown += not rf.reach_share(rats, area).suppressed
    assert reach_shown  # the data exercise the published case too
