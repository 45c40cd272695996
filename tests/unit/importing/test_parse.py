import datetime as dt

import numpy as np
import pandas as pd
import pytest

from ankunft.core import glossary
from ankunft.importing import parse

CAP = glossary.ACCOMMODATIONS.field("capacity")  # int
AREA = glossary.ACCOMMODATIONS.field("floor_area_m2")  # float
COST = glossary.ACCOMMODATIONS.field("monthly_cost_per_place")  # money
LAT = glossary.ACCOMMODATIONS.field("lat")
SHARE = glossary.DISTRICTS.field("foreign_share")
MOVE_IN = glossary.RESIDENTS.field("move_in")
HOT = glossary.HOUSING.field("hot_water")


@pytest.mark.parametrize("text,field,value,code", [
    ("1.234,5", AREA, 1234.5, None),  # thousands dot + decimal comma
    ("1.234", CAP, 1234.0, None),  # thousands dot
    ("12,5", AREA, 12.5, None),
    ("380 €", COST, 380.0, None),  # currency
    ("€ 380,00", COST, 380.0, None),
    ("380,-", COST, 380.0, None),
    ("1.250 EUR", COST, 1250.0, None),
    ("45 m²", AREA, 45.0, None),
    ("12,5 %", SHARE, 12.5, None),
    ("49.444", LAT, 49.444, None),  # a dot is a decimal point where values stay below 1000
    ("-5", CAP, -5.0, None),  # a negative number (the range check reports it)
    ("−3", CAP, -3.0, None),  # unicode minus
    ("-", CAP, 0.0, None),  # statistical zero
    ("–", CAP, 0.0, None),
    ("ca. 100", CAP, 100.0, "approximate_value"),
    ("rund 50", CAP, 50.0, "approximate_value"),
    ("etwa 1.200", CAP, 1200.0, "approximate_value"),
    ("> 30", CAP, 30.0, "approximate_value"),
    ("15-20", CAP, 18.0, "range_value"),  # midpoint 17,5 rounded for a count
    ("15 - 20", AREA, 17.5, "range_value"),
    ("15 bis 20", AREA, 17.5, "range_value"),
    ("*", CAP, None, "suppressed_value"),
    (".", CAP, None, "suppressed_value"),
    ("x", CAP, None, "suppressed_value"),
    ("k.A.", CAP, None, "unknown_value"),
    ("k. A.", CAP, None, "unknown_value"),
    ("n.b.", CAP, None, "unknown_value"),
    ("#DIV/0!", CAP, None, "excel_error"),
    ("viele", CAP, None, "not_a_number"),
    ("12a", CAP, None, "not_a_number"),
    ("2016-02-03", CAP, None, "not_a_number"),
])
def test_number_text(text, field, value, code):
    values, issues = parse.parse_numbers(["", text], field)
    assert np.isnan(values[0])  # empty cell: missing, no issue
    if value is None:
        assert np.isnan(values[1])
    else:
        assert values[1] == pytest.approx(value)
    codes = [(i.pos, i.code) for i in issues if i.code != "not_integer"]
    assert codes == ([] if code is None else [(1, code)])
    if issues:
        assert issues[0].message.startswith(field.label)
        assert issues[0].value == text.strip()


def test_number_cells_take_the_fast_path_and_flag_fractions_in_counts():
    values, issues = parse.parse_numbers([12.0, 3, 7.5], CAP)
    assert values.tolist() == [12.0, 3.0, 7.5]
    assert [(i.pos, i.code, i.severity) for i in issues] == [(2, "not_integer", "warning")]


def test_bool_and_date_cells_are_not_numbers():
    values, issues = parse.parse_numbers([True, dt.date(2020, 1, 1)], CAP)
    assert np.isnan(values).all()
    assert [(i.pos, i.code) for i in issues] == [(0, "not_a_number"), (1, "not_a_number")]
    assert issues[0].value == "WAHR" and issues[1].value == "01.01.2020"


def test_share_given_as_fractions_becomes_percent():
    values, issues = parse.parse_numbers([0.125, 0.2], SHARE)
    assert values.tolist() == pytest.approx([12.5, 20.0])
    assert [i.code for i in issues] == ["percent_as_fraction"] and issues[0].pos is None


@pytest.mark.parametrize("cell,expected,code", [
    ("03.02.2016", "2016-02-03", None),
    ("3.2.2016", "2016-02-03", None),
    ("03.02.16", "2016-02-03", None),
    ("03.02.2016 00:00", "2016-02-03", None),
    ("2016-02-03", "2016-02-03", None),
    ("2016-02-03 00:00:00", "2016-02-03", None),
    ("03/02/2016", "2016-02-03", None),  # day first in Germany
    ("42403", "2016-02-03", None),  # Excel serial as text
    (42403.0, "2016-02-03", None),  # Excel serial number
    (42403, "2016-02-03", None),
    (20160203.0, "2016-02-03", None),  # yyyymmdd as number
    (dt.date(2016, 2, 3), "2016-02-03", None),
    (dt.datetime(2016, 2, 3, 14, 30), "2016-02-03", None),  # time dropped
    ("3. Februar 2016", "2016-02-03", None),
    ("Feb. 2016", "2016-02-01", "approximate_value"),
    ("02/2016", "2016-02-01", "approximate_value"),
    ("2016", "2016-01-01", "approximate_value"),
    ("-", None, None),
    ("k.A.", None, "unknown_value"),
    ("31.02.2016", None, "not_a_date"),
    ("morgen", None, "not_a_date"),
    (True, None, "not_a_date"),
    (-5.0, None, "not_a_date"),
])
def test_dates(cell, expected, code):
    values, issues = parse.parse_dates([cell], MOVE_IN)
    got = pd.Timestamp(values[0])
    if expected is None:
        assert pd.isna(got)
    else:
        assert got == pd.Timestamp(expected)
    assert [i.code for i in issues] == ([] if code is None else [code])


def test_dates_of_three_kinds_in_one_column():
    values, issues = parse.parse_dates(["03.02.2016", 42403.0, dt.date(2016, 2, 3), "2016-02-03", ""], MOVE_IN)
    assert values.dtype == np.dtype("datetime64[ns]")
    assert len(set(values[:4].tolist())) == 1 and pd.isna(values[4])
    assert issues == []


@pytest.mark.parametrize("cell,expected", [
    ("ja", True), ("Ja", True), ("J", True), ("x", True), ("X", True), ("vorhanden", True), ("1", True),
    (1.0, True), (True, True), ("wahr", True), ("✓", True),
    ("nein", False), ("N", False), ("nicht vorhanden", False), ("0", False), (0.0, False), (False, False),
    ("-", False), ("fehlt", False),
])
def test_yes_no_variants(cell, expected):
    values, issues = parse.parse_bools([cell, "ja", "nein"], HOT)
    assert values[0] == expected
    assert issues == []


def test_x_and_empty_convention_reads_empty_as_no_and_says_so():
    values, issues = parse.parse_bools(["x", "", "x", ""], HOT)
    assert values.tolist() == [True, False, True, False]
    assert [(i.pos, i.code) for i in issues] == [(None, "empty_as_no")]
    assert "2 leere Zellen" in issues[0].message


def test_empty_stays_missing_when_the_column_says_ja_nein():
    values, issues = parse.parse_bools(["ja", "", "nein"], HOT)
    assert values[0] is np.True_ or values[0] == True  # noqa: E712
    assert pd.isna(values[1]) and values[2] == False  # noqa: E712
    assert issues == []


def test_unreadable_yes_no_is_an_error():
    values, issues = parse.parse_bools(["vielleicht", 2.0, "k.A."], HOT)
    assert values.isna().all()
    assert [(i.pos, i.code, i.severity) for i in issues] == [
        (0, "not_yes_no", "error"), (1, "not_yes_no", "error"), (2, "unknown_value", "warning")]


def test_ids_keep_leading_zeros_and_numbers_lose_the_point_zero():
    f = glossary.ACCOMMODATIONS.field("id")
    values, issues = parse.parse_text(["01", 1.0, " 007 ", 12.5, "", "k.A.", "-"], f)
    assert values.tolist() == ["01", "1", "007", "12,5", None, None, None]
    assert issues == []


@pytest.mark.parametrize("dataset,key,text,expected", [
    ("residents", "sex", "männlich", "m"),
    ("residents", "sex", "W", "w"),
    ("residents", "sex", "divers", "d"),
    ("residents", "residence_status", "Aufenthaltsgestattung", "Asylverfahren"),
    ("residents", "residence_status", "§ 25 Abs. 2 AufenthG", "anerkannt (§ 25 Abs. 2 AufenthG)"),
    ("residents", "residence_status", "Asylberechtigt (Art. 16a GG)", "anerkannt (§ 25 Abs. 1 AufenthG)"),
    ("residents", "residence_status", "subsidiär schutzberechtigt", "subsidiärer Schutz"),
    ("residents", "residence_status", "Duldung § 60a", "Duldung"),
    ("residents", "residence_status", "§24 Ukraine", "§ 24 AufenthG (Ukraine)"),
    ("accommodations", "type", "GU", "Gemeinschaftsunterkunft"),
    ("accommodations", "type", "Containeranlage", "Modulbau"),
    ("accommodations", "status", "aktiv", "in Betrieb"),
    ("accommodations", "status", "in Schliessung", "in Schließung"),
    ("housing", "status", "erledigt", "behoben"),
    ("services", "category", "Kindertagesstätte", "Kita"),
    ("services", "category", "Realschule plus", "weiterführende Schule"),
    ("services", "category", "IGS Goetheschule", "weiterführende Schule"),
    ("services", "category", "Migrationsberatung", "Beratung"),
])
def test_category_variants(dataset, key, text, expected):
    f = glossary.DATASETS[dataset].field(key)
    values, issues = parse.parse_category([text], f, dataset)
    assert values.tolist() == [expected] and issues == []


def test_unknown_category_is_kept_with_a_warning():
    f = glossary.SERVICES.field("category")
    values, issues = parse.parse_category(["Kita", "Schwimmbad"], f, "services")
    assert values.tolist() == ["Kita", "Schwimmbad"]
    assert [(i.pos, i.code, i.severity, i.value) for i in issues] == [(1, "unknown_category", "warning", "Schwimmbad")]


@pytest.mark.parametrize("text,expected", [
    ("Stand: 01.10.2026", dt.date(2026, 10, 1)),
    ("Belegungsliste, Stand 1.10.2026", dt.date(2026, 10, 1)),
    ("Stichtag: 30.09.2026", dt.date(2026, 9, 30)),
    ("Datenstand 2026-06-30", dt.date(2026, 6, 30)),
    ("Stand: 1. Oktober 2026", dt.date(2026, 10, 1)),
    ("Stadtverwaltung Kaiserslautern", None),
    ("Stand: 31.02.2026", None),
])
def test_stichtag_in_title_text(text, expected):
    assert parse.stichtag_in_text(text) == expected


def test_bare_date_counts_only_when_allowed():
    assert parse.stichtag_in_text("Belegung 01.10.2026") is None
    assert parse.stichtag_in_text("Belegung 01.10.2026", keyword_only=False) == dt.date(2026, 10, 1)


@pytest.mark.parametrize("name,expected", [
    ("bewohner_2026-10-01.xlsx", dt.date(2026, 10, 1)),
    ("Unterkuenfte_Stand_01.10.2026.xlsx", dt.date(2026, 10, 1)),
    ("export_20260930.csv", dt.date(2026, 9, 30)),
    ("liste_30-09-2026.xlsx", dt.date(2026, 9, 30)),
    ("export0.xlsx", None),
    ("v12345678.xlsx", None),
])
def test_stichtag_from_file_name(name, expected):
    assert parse.stichtag_from_file_name(name) == expected
