"""Data minimisation by design: a full birth date becomes the birth year; person names, full addresses of
persons, phone numbers and e-mail addresses are recognised – by header words or by their values – and never
stored; the report says so.

Headers and values are written as case-management exports write them; several headers are not in the
glossary's identifier list on purpose ("Geb.-Datum", "geboren am", "Kontakt", "Bewohner/in").
"""

import datetime as dt
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

sys.path.insert(0, str(Path(__file__).parent))
import writers  # noqa: E402

from ankunft.importing.pipeline import check_file  # noqa: E402

FIRST = ["Ahmad", "Fatima", "Olena", "Mohammed", "Aylin", "Yusuf", "Mariam", "Dmytro", "Samira", "Omar"]
LAST = ["Karimi", "Haddad", "Kovalenko", "Al-Hassan", "Yilmaz", "Abdi", "Nasser", "Shevchenko", "Rahimi"]
STREETS = ["Slevogtstraße", "Pariser Str.", "Danziger Straße", "Asternweg", "Am Feuerbach", "Königstraße"]


@st.composite
def person_name(draw):
    f, la = draw(st.sampled_from(FIRST)), draw(st.sampled_from(LAST))
    return draw(st.sampled_from([f"{f} {la}", f"{la}, {f}", f"{la.upper()}, {f}"]))


@st.composite
def phone(draw):
    n = draw(st.integers(100000, 9999999))
    return draw(st.sampled_from([f"0631 {n}", f"0631/{n}", f"+49 631 {n}", f"0176-{n}", f"(0631) {n}"]))


@st.composite
def address(draw):
    s, n = draw(st.sampled_from(STREETS)), draw(st.integers(1, 240))
    return draw(st.sampled_from([f"{s} {n}", f"{s} {n}, 67657 Kaiserslautern", f"{s} {n}a"]))


def _residents(extra_header: str, extra: list, birth_header: str | None = None, births=None, fmt="xlsx") -> bytes:
    header = ["Pers.-Nr.", "Unterkunft", "Einzug", extra_header] + ([birth_header] if birth_header else [])
    rows = []
    for k, v in enumerate(extra):
        row = [f"P{k:05d}", "GU Asternweg", dt.date(2025, 1 + k % 12, 1 + k % 27), v]
        if birth_header:
            row.append(births[k])
        rows.append(row)
    grid = [["Bewohnerliste, Stand: 30.09.2026"], header] + rows
    return writers.xlsx({"Bewohner": grid}) if fmt == "xlsx" else writers.text(grid)


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@pytest.mark.slow  # many workbooks (~4 s): full run only
@given(kind=st.sampled_from(["name", "phone", "address"]), data=st.data(),
       header=st.sampled_from(["Bemerkung", "Kontakt", "Info", "Zusatz", "Spalte1"]),
       fmt=st.sampled_from(["xlsx", "csv"]))
def test_personal_values_under_a_neutral_header_are_dropped(kind, data, header, fmt):
    strategy = {"name": person_name(), "phone": phone(), "address": address()}[kind]
    values = data.draw(st.lists(strategy, min_size=5, max_size=12))
    t = check_file(_residents(header, values, fmt=fmt), file_name=f"b.{fmt}").table("residents")
    assert header in t.dropped_identifier_columns, (kind, values)
    assert header not in t.unmapped_columns and header not in t.columns
    for v in values:  # nothing of it is in the frame
        assert not t.frame.astype(str).isin([v]).any().any()
    assert any(i.code == "identifier_column_dropped" and i.column == header for i in t.warnings)


def test_names_in_a_column_that_maps_to_the_person_id_are_refused():
    """'Bewohner/in' could pass for the person id; its values are names – never stored as ids."""
    grid = [["Bewohner/in", "Unterkunft", "Einzug"]] + [[f"{FIRST[k % 10]} {LAST[k % 9]}", "GU Asternweg",
                                                          dt.date(2025, 3, 1)] for k in range(8)]
    t = check_file(writers.xlsx({"Bewohner": grid}), file_name="b_30.09.2026.xlsx").table("residents")
    assert "Bewohner/in" in t.dropped_identifier_columns
    assert "person_id" not in t.columns.values()
    assert t.blocking  # the required person id is missing now: nothing is imported


@pytest.mark.parametrize("header", ["Geburtsdatum", "Geb.-Datum", "geboren am", "Geb. Dat.", "Geburtstag"])
@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_full_birth_date_becomes_the_year(header, fmt):
    births = [dt.date(1980 + k * 3, 1 + k, 2 + k) for k in range(6)]
    t = check_file(_residents("Bemerkung", ["-"] * 6, header, births, fmt), file_name=f"b.{fmt}").table("residents")
    assert list(t.frame["birth_year"]) == [b.year for b in births]
    assert header in t.dropped_identifier_columns
    assert "birth_year" in t.derived and "nicht gespeichert" in t.derived["birth_year"]
    assert not any(str(b.day) + "." + str(b.month) in " ".join(map(str, t.frame.iloc[0])) for b in births[:1])


def test_ordinary_text_columns_are_kept():
    """Accommodation names, nationalities and remarks are no personal identifiers."""
    grid = [["Pers.-Nr.", "Unterkunft", "Einzug", "Staatsangehörigkeit", "Bemerkung"]] + [
        [f"P{k}", f"GU {STREETS[k % 6]}", dt.date(2025, 2, 1), "syrisch", "Umzug geplant"] for k in range(8)]
    t = check_file(writers.xlsx({"B": grid}), file_name="b_30.09.2026.xlsx").table("residents")
    assert not t.dropped_identifier_columns
    assert t.columns["Unterkunft"] == "accommodation"
    assert "Bemerkung" in t.unmapped_columns
