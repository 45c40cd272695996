"""Number text with any Unicode space as thousands separator ("1 234" with a non-breaking, narrow, thin, figure or
hair space, as publishing tools and copied web tables write it) is that number; date text with its weekday
("Mo, 17.08.2026", "Donnerstag, 01.10.26", "17.08.2026 (Mo)") is that date – and a weekday that does not fit the
date is an error, never one of the two read silently."""

from __future__ import annotations

import datetime as dt
import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from ankunft.core import glossary
from ankunft.importing.dates import parse_date_text
from ankunft.importing.parse import parse_column

SPACES = sorted(c for c in map(chr, range(0x3001)) if unicodedata.category(c) == "Zs")
SHORT = ["Mo", "Di", "Mi", "Do", "Fr", "Sa", "So"]
LONG = ["Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag"]


def _grouped(n: int, sep: str) -> str:
    s = str(n)
    parts = []
    while s:
        parts.insert(0, s[-3:])
        s = s[:-3]
    return sep.join(parts)


@settings(max_examples=60, deadline=None)
@given(n=st.integers(1000, 9_999_999), sep=st.sampled_from(SPACES),
       key=st.sampled_from(["accommodations.capacity", "districts.population", "housing.residents"]))
def test_a_count_with_any_space_between_thousands_is_that_count(n, sep, key):
    dataset, fkey = key.split(".")
    f = glossary.DATASETS[dataset].field(fkey)
    values, issues = parse_column([_grouped(n, sep), "12"], f, dataset)
    assert [float(v) for v in values] == [n, 12], (repr(_grouped(n, sep)), values)
    assert not [i for i in issues if i.severity == "error"]


@settings(max_examples=30, deadline=None)
@given(n=st.integers(1000, 999_999), dec=st.integers(0, 9), sep=st.sampled_from(SPACES))
def test_a_decimal_with_any_space_between_thousands_is_that_decimal(n, dec, sep):
    f = glossary.DATASETS["accommodations"].field("floor_area_m2")
    values, issues = parse_column([f"{_grouped(n, sep)},{dec}"], f, "accommodations")
    assert float(values[0]) == n + dec / 10
    assert not [i for i in issues if i.severity == "error"]


@settings(max_examples=80, deadline=None)
@given(day=st.dates(dt.date(1990, 1, 1), dt.date(2035, 12, 31)), long=st.booleans(),
       dot=st.booleans(), sep=st.sampled_from([", ", " ", ",", ",\u00a0"]), two_digit=st.booleans(),
       after=st.booleans())
def test_a_date_with_its_weekday_is_that_date(day, long, dot, sep, two_digit, after):
    wd = (LONG if long else SHORT)[day.weekday()] + ("." if dot and not long else "")
    date = f"{day:%d.%m.}" + (f"{day:%y}" if two_digit and day.year >= 2000 else f"{day:%Y}")
    text = f"{date} ({wd})" if after else f"{wd}{sep}{date}"
    got, code, msg = parse_date_text(text)
    assert got == day and code is None, (text, got, code, msg)


@settings(max_examples=40, deadline=None)
@given(day=st.dates(dt.date(1990, 1, 1), dt.date(2035, 12, 31)), shift=st.integers(1, 6), long=st.booleans())
def test_a_weekday_that_does_not_fit_the_date_is_an_error(day, shift, long):
    wd = (LONG if long else SHORT)[(day.weekday() + shift) % 7]
    got, code, msg = parse_date_text(f"{wd}, {day:%d.%m.%Y}")
    assert got is None and code == "not_a_date" and wd in msg
