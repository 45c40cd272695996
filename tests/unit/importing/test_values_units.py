"""Nothing read wrongly: units that don't fit the field are errors; "1,234" in a count is 1234, not 1,234.

The spellings are generated (numbers, spacing, unit spellings as offices write them), not taken
from the parser's own unit list.
"""

import io

import numpy as np
import pytest
import xlsxwriter
from hypothesis import given, settings
from hypothesis import strategies as st

from ankunft.core import glossary
from ankunft.importing import parse
from ankunft.importing.pipeline import check_file

CAP = glossary.ACCOMMODATIONS.field("capacity")  # count of places
OCC = glossary.ACCOMMODATIONS.field("occupancy")  # count of persons
COST = glossary.ACCOMMODATIONS.field("monthly_cost_per_place")  # money
AREA = glossary.ACCOMMODATIONS.field("floor_area_m2")  # m²
SHARE = glossary.DISTRICTS.field("foreign_share")  # %
POP = glossary.DISTRICTS.field("population")  # count

PERCENT = ["%", " %", "\u00a0%", " Prozent", "v. H.", " v.H."]
EURO = [" €", "€", " EUR", " Euro", ",-", " €/Monat"]
AREA_UNITS = [" m²", " qm", " m2", "m²"]


def _german(n: float) -> str:
    s = f"{n:,.1f}" if not float(n).is_integer() else f"{int(n):,}"
    return s.replace(",", "X").replace(".", ",").replace("X", ".")


@settings(max_examples=60, deadline=None)
@given(n=st.integers(1, 999), unit=st.sampled_from(PERCENT + EURO + AREA_UNITS),
       field=st.sampled_from([CAP, OCC, POP]))
def test_foreign_unit_in_a_count_is_an_error(n, unit, field):
    values, issues = parse.parse_numbers(["7", f"{n}{unit}"], field)
    assert values[0] == 7
    assert np.isnan(values[1]), "a count with a foreign unit must not be taken as a number"
    assert [(i.pos, i.code, i.severity) for i in issues] == [(1, "unit_mismatch", "error")]
    assert unit.strip().split("/")[0] in issues[0].message


@settings(max_examples=40, deadline=None)
@given(n=st.integers(1, 99), unit=st.sampled_from(PERCENT + AREA_UNITS))
def test_foreign_unit_in_money_is_an_error(n, unit):
    _, issues = parse.parse_numbers([f"{n}{unit}"], COST)
    assert [i.code for i in issues] == ["unit_mismatch"]


@settings(max_examples=40, deadline=None)
@given(n=st.integers(1, 99), unit=st.sampled_from(EURO + AREA_UNITS))
def test_foreign_unit_in_a_share_is_an_error(n, unit):
    _, issues = parse.parse_numbers([f"{n}{unit}"], SHARE)
    assert [i.code for i in issues] == ["unit_mismatch"]


@settings(max_examples=30, deadline=None)
@given(n=st.integers(1, 99_999), unit=st.sampled_from(["", " Pers.", " Personen", " Plätze"]))
def test_fitting_units_stay_clean(n, unit):
    values, issues = parse.parse_numbers([f"{_german(n)}{unit}"], CAP)
    assert values[0] == n and not issues
    values, issues = parse.parse_numbers([f"{_german(n)} €"], COST)
    assert values[0] == n and not issues
    values, issues = parse.parse_numbers([f"{_german(n)} m²"], AREA)
    assert values[0] == n and not issues


@settings(max_examples=60, deadline=None)
@given(n=st.integers(1000, 999_999), field=st.sampled_from([CAP, OCC, POP]))
def test_comma_thousands_in_a_count_is_the_whole_number(n, field):
    text = f"{n:,}"  # "1,234" / "12,345" / "123,456": English thousands separator
    values, issues = parse.parse_numbers([text], field)
    assert values[0] == n, f"{text} must be read as {n}, never as {n / 1000}"
    assert [(i.code, i.severity) for i in issues] == [("thousands_comma", "warning")]
    assert text in issues[0].message


def test_decimal_comma_in_a_measure_stays_a_decimal():
    values, issues = parse.parse_numbers(["1,234"], AREA)
    assert values[0] == pytest.approx(1.234) and not issues


def _places_sheet(cells: list[object]) -> bytes:
    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, {"in_memory": True})
    ws = wb.add_worksheet("Unterkünfte")
    ws.write_row(0, 0, ["Unterkünfte, Stand: 30.09.2026"])
    ws.write_row(2, 0, ["Nr.", "Unterkunft", "Plätze", "Belegung"])
    for k, c in enumerate(cells):
        ws.write_row(3 + k, 0, [f"U{k + 1}", f"Haus {k + 1}", c, 10])
    wb.close()
    return buf.getvalue()


def test_twelve_percent_in_places_is_refused_with_row_and_column():
    t = check_file(_places_sheet([40, "12 %", 60]), file_name="u.xlsx").table("accommodations")
    errs = [(i.code, i.row, i.column) for i in t.errors]
    assert errs == [("unit_mismatch", 5, "Plätze")]
    clean = t.clean_frame()
    assert list(clean["capacity"]) == [40, 60]


def test_comma_thousands_places_read_as_1234():
    t = check_file(_places_sheet(["1,234", 50]), file_name="u.xlsx").table("accommodations")
    assert list(t.frame["capacity"]) == [1234, 50]
    assert t.totals["capacity"] == 1284
    assert [(i.code, i.row) for i in t.warnings if i.code == "thousands_comma"] == [("thousands_comma", 4)]
    assert not t.errors
