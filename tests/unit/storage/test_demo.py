import shutil
from pathlib import Path

import pandas as pd
import pytest
from python_calamine import CalamineWorkbook

from ankunft.core import geo, reference
from ankunft.importing.pipeline import check_file
from ankunft.storage import demo
from ankunft.storage import store as store_mod

ROOT = Path(__file__).resolve().parents[3]
S = demo.STICHTAG
INNER_AND_WEST = {"01", "02", "03", "04", "09"}


@pytest.fixture(scope="module")
def state(tmp_path_factory):
    s = store_mod.Store(tmp_path_factory.mktemp("demo") / "demo.db")
    ids = store_mod.ensure_demo(s)
    assert len(ids) == 8
    return s, s.load_state(S)


@pytest.fixture(scope="module")
def roster(state):
    _, st = state
    return demo.roster(st.df("residents"), S)


def test_committed_demo_files_are_the_generator_output(tmp_path):
    paths = demo.generate(tmp_path, seed=demo.DEFAULT_SEED)
    committed = sorted((ROOT / "data" / "demo").glob("*.xlsx"))
    assert [p.name for p in committed] == sorted(p.name for p in paths)
    for p in paths:
        assert p.read_bytes() == (ROOT / "data" / "demo" / p.name).read_bytes(), p.name


def test_build_is_deterministic_and_seed_dependent():
    a, b, c = demo.build(1), demo.build(1), demo.build(2)
    pd.testing.assert_frame_equal(a.residents, b.residents)
    pd.testing.assert_frame_equal(a.housing, b.housing)
    assert not a.residents["person_id"].equals(c.residents["person_id"])


def test_every_workbook_is_marked_synthetic_and_has_a_notes_sheet():
    for p in store_mod.demo_files():
        wb = CalamineWorkbook.from_path(str(p))
        assert len(wb.sheet_names) >= 2
        notes = wb.get_sheet_by_name(wb.sheet_names[-1]).to_python()
        assert notes[0][0].startswith("Synthetische Beispieldaten"), p.name
        first = wb.get_sheet_by_name(wb.sheet_names[0]).to_python()
        assert first[0][0].startswith("Stadtverwaltung Kaiserslautern – ")
        assert str(first[2][0]).startswith("Stand: ")


def test_demo_files_pass_the_real_pipeline_without_errors_even_with_neutral_names(tmp_path):
    expected = {
        "Sozialamt_Unterbringung_2026-09-30.xlsx": [("accommodations", S), ("residents", S)],
        "Sozialamt_Unterbringung_2026-03-31.xlsx": [("accommodations", demo.EARLIER), ("residents", demo.EARLIER)],
        "Wohnungsaufsicht_Begehungen_2026-09-30.xlsx": [("housing", S)],
        "Jugendamt_Schulverwaltung_Einrichtungen_2026-09-30.xlsx": [("services", S)],
        "Statistik_Stadtteile_2026-06-30.xlsx": [("districts", demo.DISTRICTS_STAND)],
        "Statistik_Stadtteile_2025-12-31.xlsx": [("districts", demo.DISTRICTS_EARLIER)],
    }
    for k, (name, tables) in enumerate(sorted(expected.items())):
        neutral = tmp_path / f"export{k}.xlsx"
        shutil.copy(ROOT / "data" / "demo" / name, neutral)
        rep = check_file(neutral)
        assert rep.code is None
        assert [(t.dataset, t.stichtag) for t in rep.tables] == tables, name
        for t in rep.tables:
            assert not t.blocking and t.errors == [], (name, t.sheet, t.errors[:3])
            assert t.unmapped_columns == [], (name, t.sheet)
        assert rep.ignored_sheets, name  # the notes sheet
        assert any(t.skipped_rows for t in rep.tables)  # sum rows / footnotes


def test_demo_state_is_badged_and_has_an_earlier_stichtag(state):
    s, st = state
    assert st.is_demo
    assert set(st.views) == set(("accommodations", "residents", "housing", "services", "districts"))
    assert st.stichtag("districts") == demo.DISTRICTS_STAND
    prev = s.previous_state(st)
    assert prev.stichtag("accommodations") == demo.EARLIER
    assert prev.stichtag("residents") == demo.EARLIER
    assert prev.stichtag("districts") == demo.DISTRICTS_EARLIER
    assert s.stichtage() == [demo.DISTRICTS_EARLIER, demo.EARLIER, demo.DISTRICTS_STAND, S]
    # the earlier export knows only stays begun by then, and no later move-outs
    early = prev.df("residents")
    assert early["move_in"].max() <= pd.Timestamp(demo.EARLIER)
    assert early["move_out"].dropna().max() <= pd.Timestamp(demo.EARLIER)


def test_accommodations(state, roster):
    _, st = state
    acc = st.df("accommodations").set_index("id")
    assert len(acc) == 14 and acc.index.is_unique
    assert acc.index[0] == "001"  # leading zeros kept
    assert acc["capacity"].between(60, 400).all()
    assert acc["monthly_cost_per_place"].between(199, 880).all()
    assert set(acc["operator"]) <= {"DRK", "ASZ", "ASB", "Caritas"}
    for name in ("Asternweg", "Ehemalige Hauptpost", "Colosseum", "Hotel Zepp", "Villa Jänisch", "Burgherrenhalle",
                 "Zoar-Heim"):
        assert name in set(acc["name"])
    # concentrated in Kaiserslautern-West and the inner city
    cap = acc["capacity"]
    assert cap[acc["district_id"].isin(INNER_AND_WEST)].sum() / cap.sum() >= 0.75
    assert (acc["district_id"] == "09").sum() >= 4
    occ = roster.groupby("accommodation").size().reindex(acc.index, fill_value=0)
    assert 1200 <= occ.sum() <= 1500
    assert 0.55 <= occ.sum() / cap.sum() <= 0.75  # about two thirds occupied
    assert ((occ > cap).sum()) == 1
    closed_with_people = acc[(acc["planned_closure"] < pd.Timestamp(S)) & (occ > 0)]
    assert list(closed_with_people["name"]) == ["Burgherrenhalle"]
    assert closed_with_people["status"].tolist() == ["in Schließung"]
    lease_soon = acc["lease_end"].between(pd.Timestamp(S), pd.Timestamp(S) + pd.DateOffset(months=6))
    assert lease_soon.sum() >= 2
    m2_pp = acc["floor_area_m2"] / occ
    assert (m2_pp < 7).sum() >= 1
    per_sw = occ / acc["social_workers"]
    assert (per_sw > 50).sum() >= 2  # below 4 social workers per 200 residents
    assert (per_sw <= 50).sum() >= 5


def test_stays_are_polarised_and_in_households(state, roster):
    _, st = state
    res = st.df("residents")
    assert 2300 <= len(res) <= 2900
    assert res["move_in"].dt.year.min() == 2015 and res["move_in"].dt.year.max() == 2026
    length = (res["move_out"].fillna(pd.Timestamp(S)) - res["move_in"]).dt.days
    assert (length < 91).mean() >= 0.25
    assert (length > 5 * 365.25).mean() >= 0.08
    assert ((length >= 91) & (length <= 5 * 365.25)).mean() >= 0.3
    cur_len = (pd.Timestamp(S) - roster["move_in"]).dt.days
    assert (cur_len < 91).mean() >= 0.2 and (cur_len > 5 * 365.25).mean() >= 0.1
    sizes = roster.groupby("household_id")["person_id"].nunique()
    assert set(range(1, 8)) <= set(sizes)
    assert (sizes == 1).mean() >= 0.25
    moved = res.groupby("person_id").size()
    assert (moved > 1).sum() >= 50  # people who moved between accommodations have several stays
    assert res["person_id"].str.fullmatch(r"\d{6}").all()
    assert res["person_id"].str.startswith("0").any()


def test_nationalities_statuses_and_entitlement(roster):
    top = roster["nationality"].value_counts(normalize=True)
    assert set(top.index[:2]) == {"Syrien", "Ukraine"}
    assert {"Afghanistan", "Irak", "Türkei", "Eritrea"} <= set(top.index)
    assert set(roster["residence_status"]) <= set(demo.STATUS_BY_NATIONALITY["Afghanistan"]) | {
        "§ 24 AufenthG (Ukraine)", "anerkannt (§ 25 Abs. 2 AufenthG)", "Sonstiges"}
    entitled = roster["may_move_out"].astype(bool)
    assert 0.5 <= entitled.mean() <= 0.75
    assert (roster["residence_status"].isin(reference.ENTITLED_STATUSES) == entitled).all()
    # long stayers are mostly entitled to move out (the "Fehlbeleger" the audit found)
    long = (pd.Timestamp(S) - roster["move_in"]).dt.days > 3 * 365
    assert entitled[long].mean() > entitled[~long].mean()
    age = S.year - roster["birth_year"]
    assert (age <= 5).sum() >= 100 and ((age >= 6) & (age <= 17)).sum() >= 250
    assert age.max() <= 90 and age.min() >= 0


def test_housing_defects_concentrated_in_the_schlichtwohnungen(state):
    _, st = state
    h = st.df("housing")
    assert 280 <= len(h) <= 320
    defect = ~h["hot_water"].astype(bool) | ~h["heating"].astype(bool) | ~h["bath_wc"].astype(bool) | \
        h["damp_mould"].astype(bool)
    in09 = h["district_id"] == "09"
    assert defect[in09].mean() > 2 * defect[~in09].mean()
    assert (defect & in09).sum() / defect.sum() >= 0.6
    schlicht = h["address"].str.startswith(("Slevogtstraße", "Feuerbachstraße"))
    no_hw = ~h["hot_water"].astype(bool)
    assert no_hw[schlicht].sum() >= 25
    assert no_hw[schlicht].sum() / no_hw.sum() >= 0.8
    resolved = h["resolved_date"].notna()
    assert 0.15 <= resolved[defect].mean() <= 0.6
    assert (h.loc[resolved, "resolved_date"] >= h.loc[resolved, "inspection_date"]).all()
    assert (h["inspection_date"] <= pd.Timestamp(S)).all()
    assert set(h["status"].dropna()) == {"offen", "in Bearbeitung", "behoben"}


def test_services(state):
    _, st = state
    sv = st.df("services")
    kitas = sv[sv["category"] == "Kita"]
    assert len(kitas) == 60
    assert kitas["capacity"].sum() == demo.KITA_PLACES_TOTAL == 3989
    assert (sv["category"] == "Grundschule").sum() == 19
    assert {"Beratung", "Quartiersbüro", "Bürgerbüro", "Sprachkurs", "Jugendtreff", "Gesundheit",
            "weiterführende Schule"} <= set(sv["category"])
    slev = sv[sv["name"] == "Quartiersbüro Slevfisch"].iloc[0]
    assert (slev["address"], slev["district_id"], slev["lat"], slev["lon"]) == ("Slevogtstraße 36", "09", 49.447,
                                                                                 7.743)
    # waiting lists where the need is greatest
    wait = kitas.groupby(kitas["district_id"].isin(INNER_AND_WEST))["waiting_list"].mean()
    assert wait[True] > 3 * wait[False]
    assert 150 <= kitas["waiting_list"].sum() <= 700


def test_coordinates_lie_in_their_districts(state):
    _, st = state
    polys = {f["properties"]["district_id"]: f for f in geo.load_districts_geojson()["features"]}
    for key in ("accommodations", "housing", "services"):
        df = st.df(key)
        for did, grp in df.groupby("district_id"):
            inside = geo.point_in_feature(grp["lon"].to_numpy(), grp["lat"].to_numpy(), polys[did])
            assert inside.all(), (key, did, grp.loc[~inside, "lat"].tolist())


def test_districts(state):
    s, st = state
    d = st.df("districts").set_index("district_id")
    assert list(d.index) == [x.id for x in reference.DISTRICTS]
    assert d["population"].sum() == 101_597
    assert (d["population"] == pd.Series({x.id: x.population for x in reference.DISTRICTS})).all()
    for band in ("children_under_2", "children_2", "children_3_5", "children_6_9"):
        assert (d[band] > 0).all()
    share = d["children_3_5"] / d["population"]
    assert share["09"] > share.drop("09").max() * 0.99  # the youngest district
    foreign = (d["foreign_share"] * d["population"]).sum() / d["population"].sum()
    assert 16 <= foreign <= 20
    assert d.loc["09", "foreign_share"] == 22.0
    demand = 0.265 * d["children_under_2"].sum() + 0.75 * d["children_2"].sum() + 0.99 * d["children_3_5"].sum()
    assert 3989 < demand < 3989 + 500  # places missing, as reported
    early = s.previous_state(st).df("districts")
    assert early["population"].sum() != d["population"].sum()
