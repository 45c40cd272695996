"""`minimise.value_kind` reduces a column of few distinct values with a set instead of a loop over every
cell; on generated columns (names, phone numbers, e-mails, addresses, neutral words, numbers, dates, blanks,
padded spaces, up to 600 distinct values) it must give what the cell-by-cell loop gives."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from ankunft.importing import minimise

PERSONAL = st.sampled_from(["Ahmad Karimi", "Karimi, Ahmad", "Olena Kovalenko", "0631 365-1234", "+49 176 1234567",
                            "a.karimi@example.org", "Pariser Str. 12", "Mühlstraße 3a", "Fatima Haddad"])
OTHER = st.one_of(st.sampled_from(["syrisch", "Umzug beantragt", "ja", "", "  ", "siehe Akte", "Hotel Zepp"]),
                  st.integers(0, 3000), st.floats(0, 1e6, allow_nan=False), st.none(), st.just(dt.date(2024, 3, 1)),
                  st.text(alphabet="abcdefghij -", max_size=8))
KINDS = st.sampled_from([("email", "phone"), ("email", "phone", "name", "address"), ("name", "address")])


@settings(max_examples=150, deadline=None)
@given(pool=st.lists(st.one_of(PERSONAL, OTHER, PERSONAL.map(lambda s: f" {s} ")), min_size=1, max_size=600),
       picks=st.lists(st.integers(0, 10_000), max_size=1500), kinds=KINDS)
def test_value_kind_equals_the_cell_by_cell_loop(pool, picks, kinds):
    values = [pool[i % len(pool)] for i in picks] or pool
    assert minimise.value_kind(values, kinds) == minimise._value_kind_in_order(values, kinds)
