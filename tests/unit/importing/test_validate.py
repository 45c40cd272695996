import datetime as dt

import numpy as np
import pandas as pd
import pytest

from ankunft.core import glossary
from ankunft.importing import validate
from ankunft.importing.report import TableReport


@pytest.mark.parametrize("a,b", [
    ("Ehem. Hauptpost", "Ehemalige Hauptpost"),
    ("ehemalige  HAUPTPOST", "Ehemalige Hauptpost"),
    ("GU Ehemalige Hauptpost", "Ehemalige Hauptpost"),
    ("Pariser Str. 12", "Pariser Straße 12"),
    ("Pariserstr. 12", "Pariserstraße 12"),
    ("Villa Jänisch", "Villa Jaenisch"),
    ("Zoar-Heim", "Zoar Heim"),
])
def test_name_key_treats_variants_as_one(a, b):
    assert validate.name_key(a) == validate.name_key(b) != ""


def test_name_key_keeps_different_places_apart_and_handles_missing():
    assert validate.name_key("Hauptpost") != validate.name_key("Hotel Zepp")
    assert validate.name_key("Ehemalige Hauptpost") == "ehemaligehauptpost"
    assert validate.name_key(None) == "" and validate.name_key(float("nan")) == ""
    assert validate.name_key("GU") == "gu"  # only noise words: keep them


def test_id_key():
    assert validate.id_key("001") == validate.id_key(1.0) == validate.id_key(" 1 ") == "1"
    assert validate.id_key("GU-03") == "gu-03"
    assert validate.id_key(None) == ""


def _table(dataset, df, stichtag=dt.date(2026, 10, 1), headers=None):
    df = df.copy()
    df["_row"] = np.arange(len(df), dtype="int64") + 5
    canon = glossary.conform(dataset, df)
    canon["_row"] = canon.pop("_row")
    t = TableReport(file="f.xlsx", sheet="S", dataset=dataset, stichtag=stichtag, frame=canon)
    headers = headers or {c: glossary.label(dataset, c) for c in df.columns if c != "_row"}
    t.columns = {h: f for f, h in headers.items()}
    return t, canon, headers


def test_accommodation_rules():
    df = pd.DataFrame({"id": ["001", "002", "1", "004"], "name": ["A", "B", "C", None],
                       "capacity": [10.0, -1.0, 5.0, 8.0], "occupancy": [12.0, 0.0, 1.0, 2.0],
                       "status": ["in Betrieb", "geschlossen", "geschlossen", None]})
    t, canon, headers = _table("accommodations", df)
    validate.validate_table(t, canon, headers)
    errs = [(i.code, i.row, i.column) for i in t.errors]
    assert ("negative_value", 6, "Plätze") in errs
    assert ("duplicate_key", 7, "Unterkunfts-Nr.") in errs  # "1" = "001"
    assert ("missing_value", 8, "Unterkunft") in errs
    dup = next(i for i in t.errors if i.code == "duplicate_key")
    assert "schon in Zeile 5" in dup.message
    warns = [(i.code, i.row) for i in t.warnings]
    assert ("occupancy_above_capacity", 5) in warns
    assert ("occupied_but_closed", 7) in warns and ("occupied_but_closed", 6) not in warns


def test_duplicates_by_name_key_when_there_are_no_ids():
    df = pd.DataFrame({"name": ["Ehem. Hauptpost", "Ehemalige Hauptpost", "Asternweg"], "capacity": [1.0, 2.0, 3.0]})
    t, canon, headers = _table("accommodations", df)
    validate.validate_table(t, canon, headers)
    assert [(i.code, i.row, i.value) for i in t.errors] == [("duplicate_key", 6, "Ehemalige Hauptpost")]


def test_resident_rules():
    df = pd.DataFrame({
        "person_id": ["P1", "P1", "P2", "P3", "P4"],
        "accommodation": ["001"] * 5,
        "move_in": pd.to_datetime(["2024-01-01", "2024-06-01", "2025-05-01", "2026-12-01", "1980-01-01"]),
        "move_out": pd.to_datetime([None, None, "2025-04-01", None, None]),
        "birth_year": [1990.0, 1990.0, 2030.0, 2000.0, 1950.0],
    })
    t, canon, headers = _table("residents", df)
    validate.validate_table(t, canon, headers)
    assert {(i.code, i.row, i.column) for i in t.errors} == {
        ("move_out_before_move_in", 7, "Auszug"), ("out_of_range", 7, "Geburtsjahr")}
    assert {(i.code, i.row) for i in t.warnings} == {
        ("overlapping_stays", 6), ("move_in_after_stichtag", 8), ("implausible_date", 9)}


def test_same_person_same_move_in_is_a_duplicate_not_an_overlap():
    df = pd.DataFrame({"person_id": ["P1", "P1"], "accommodation": ["A", "A"],
                       "move_in": pd.to_datetime(["2024-01-01", "2024-01-01"])})
    t, canon, headers = _table("residents", df)
    validate.validate_table(t, canon, headers)
    assert [(i.code, i.row) for i in t.errors] == [("duplicate_key", 6)]
    assert t.warnings == []


def test_housing_services_districts_rules():
    t, canon, h = _table("housing", pd.DataFrame({
        "object_id": ["W1", "W2"], "residents": [3.0, 4.0], "children_under_6": [4.0, 1.0],
        "inspection_date": pd.to_datetime(["2026-05-01", "2026-11-01"]),
        "resolved_date": pd.to_datetime(["2026-04-01", None])}))
    validate.validate_table(t, canon, h)
    assert [(i.code, i.row) for i in t.errors] == [("part_exceeds_total", 5)]
    assert {(i.code, i.row) for i in t.warnings} == {("resolved_before_inspection", 5), ("date_after_stichtag", 6)}
    t, canon, h = _table("services", pd.DataFrame({
        "name": ["Kita A", "Kita B"], "category": ["Kita", "Kita"], "capacity": [50.0, 40.0],
        "places_under_3": [60.0, 10.0], "enrolled": [40.0, 45.0]}))
    validate.validate_table(t, canon, h)
    assert [(i.code, i.row) for i in t.errors] == [("part_exceeds_total", 5)]
    assert [(i.code, i.row) for i in t.warnings] == [("enrolled_above_capacity", 6)]
    t, canon, h = _table("districts", pd.DataFrame({
        "district_id": ["01", "02"], "population": [100.0, 1000.0], "children_under_2": [50.0, 10.0],
        "children_3_5": [60.0, 10.0], "foreign_share": [12.0, 120.0]}))
    validate.validate_table(t, canon, h)
    assert {(i.code, i.row, i.column) for i in t.errors} == {
        ("part_exceeds_total", 5, "Einwohner"), ("out_of_range", 6, "Ausländeranteil (%)")}


def test_coordinates_swapped_and_outside():
    t, canon, h = _table("accommodations", pd.DataFrame({
        "name": ["A", "B", "C"], "capacity": [1.0, 1.0, 1.0], "lat": [7.77, 49.44, 52.52], "lon": [49.44, 7.77, 13.40]}))
    validate.validate_table(t, canon, h)
    assert [(i.code, i.row) for i in t.warnings] == [("coordinates_swapped", 5), ("outside_city", 7)]
    assert canon.loc[0, "lat"] == 49.44 and canon.loc[0, "lon"] == 7.77


def test_districts_resolved_from_names_and_ids():
    df = pd.DataFrame({"name": ["A", "B", "C", "D"], "capacity": [1.0] * 4,
                       "district": ["Innenstadt West/Kotten", "Innenstadt-West/Kotten", "Atlantis", "KL-West"]},
                      dtype="object")
    df["_row"] = [5, 6, 7, 8]
    t = TableReport(file="f", sheet="s", dataset="accommodations")
    validate.resolve_districts(t, df, {"district": "Stadtteil"})
    assert df["district_id"].tolist() == ["03", "03", None, "09"]
    assert df["district"].tolist() == ["Innenstadt West/Kotten", "Innenstadt West/Kotten", "Atlantis",
                                       "Kaiserslautern-West"]
    assert [(i.code, i.row, i.column, i.value) for i in t.warnings] == [("unknown_district", 7, "Stadtteil", "Atlantis")]
    assert "district_id" in t.derived


def test_district_id_and_name_disagree():
    df = pd.DataFrame({"district_id": ["9", "03"], "district": ["Kaiserslautern-West", "Betzenberg"]}, dtype="object")
    df["_row"] = [5, 6]
    t = TableReport(file="f", sheet="s", dataset="housing")
    validate.resolve_districts(t, df, {"district_id": "Nr", "district": "Stadtteil"})
    assert df["district_id"].tolist() == ["09", "03"]
    assert [(i.code, i.row) for i in t.warnings] == [("district_mismatch", 6)]


def test_may_move_out_derived_from_status():
    df = pd.DataFrame({"residence_status": ["Duldung", "subsidiärer Schutz", None, "anerkannt (§ 25 Abs. 2 AufenthG)"]},
                      dtype="object")
    t = TableReport(file="f", sheet="s", dataset="residents")
    validate.derive_fields(t, df, {"residence_status"})
    assert df["may_move_out"].tolist() == [False, True, pd.NA, True]
    assert "may_move_out" in t.derived and [i.code for i in t.warnings] == ["derived_column"]
    df2 = pd.DataFrame({"residence_status": ["Duldung"], "may_move_out": [True]})
    t2 = TableReport(file="f", sheet="s", dataset="residents")
    validate.derive_fields(t2, df2, {"residence_status", "may_move_out"})
    assert df2["may_move_out"].tolist() == [True] and t2.derived == {}


def _acc_table():
    t, canon, h = _table("accommodations", pd.DataFrame({
        "id": ["001", "002"], "name": ["Asternweg", "Ehemalige Hauptpost"], "capacity": [10.0, 10.0],
        "occupancy": [2.0, 5.0]}))
    return t


def _res_table(accs):
    t, canon, h = _table("residents", pd.DataFrame({
        "person_id": ["P1", "P2", "P3", "P4", "P5"],
        "accommodation": ["1", "Ehem. Hauptpost", "GU Ehemalige Hauptpost", "Nirgendwo", "001"],
        "move_in": pd.to_datetime(["2024-01-01", "2024-01-01", "2024-01-01", "2024-01-01", "2024-01-01"]),
        "move_out": pd.to_datetime([None, None, "2025-01-01", None, None])}))
    return t


def test_cross_check_resolves_references_and_compares_roster():
    acc, res = _acc_table(), _res_table(None)
    validate.cross_check([acc, res])
    assert [(i.code, i.row, i.column, i.value) for i in res.errors] == [
        ("unknown_reference", 8, "Unterkunft", "Nirgendwo")]
    assert res.frame["accommodation"].tolist() == ["001", "002", "002", "Nirgendwo", "001"]
    # roster at 01.10.2026: 001 -> 2 (P1, P5) = occupancy 2; 002 -> 1 (P2) != 5
    assert [(i.code, i.row, i.column) for i in acc.warnings] == [("occupancy_mismatch", 6, "Belegung")]
    assert "5 laut Unterkunftsliste, 1 laut Bewohnerliste" in acc.warnings[0].message


def test_cross_check_against_the_store_context_and_absent_reference():
    res = _res_table(None)
    validate.cross_check([res], context={})
    assert [i.code for i in res.warnings] == ["reference_unchecked"] and res.errors == []
    res = _res_table(None)
    validate.cross_check([res], context={"accommodations": _acc_table().frame})
    assert [i.code for i in res.errors] == ["unknown_reference"]
    assert [(i.code, i.row, i.value) for i in res.warnings] == [("occupancy_mismatch", None, "Ehemalige Hauptpost")]


def test_current_roster():
    stays = pd.DataFrame({"move_in": pd.to_datetime(["2026-01-01", "2026-10-01", "2026-10-02", "2025-01-01"]),
                          "move_out": pd.to_datetime([None, None, None, "2026-10-01"])})
    assert validate.current_roster(stays, dt.date(2026, 10, 1)).index.tolist() == [0, 1]
