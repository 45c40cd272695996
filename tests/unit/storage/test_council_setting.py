"""The council threshold is recorded per Stand in the store (issue 15: one threshold per Stand)."""

import datetime as dt
import sqlite3

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as hst

from ankunft.core import glossary
from ankunft.storage import council_setting as cs
from ankunft.storage import store as store_mod
from ankunft.storage.store import Store

NOW = dt.datetime(2026, 10, 2, 9, 30)
STAND, EARLIER = dt.date(2026, 9, 30), dt.date(2026, 3, 31)


def _acc(n: int) -> pd.DataFrame:
    return glossary.conform("accommodations", pd.DataFrame({
        "id": [f"{i:03d}" for i in range(n)], "name": [f"U {i}" for i in range(n)], "capacity": [10.0] * n}))


@pytest.fixture()
def st(tmp_path):
    s = Store(tmp_path / "s.db", now=lambda: NOW)
    for day, n in ((EARLIER, 2), (STAND, 3)):
        s.import_tables([("accommodations", day, _acc(n), "u.xlsx", "U", None)], user="t")
    return s


def test_default_until_an_editor_records_one_then_every_state_of_the_stand_carries_it(st):
    assert st.load_state(STAND).council_marker == cs.DEFAULT_MARKER == "≤2"
    before = st.revision()
    st.set_council_marker(STAND, "<5", user="redaktion")
    assert st.revision() > before  # cached states of the Stand are read again
    assert st.load_state(STAND).council_marker == "<5"
    assert st.load_state(EARLIER).council_marker == "≤2"  # another Stand keeps its own
    prev = st.previous_state(st.load_state(STAND))
    assert prev.stand == EARLIER and prev.council_marker == "≤2"
    st.set_council_marker(STAND, "≤2")
    assert st.load_state(STAND).council_marker == "≤2"


@settings(max_examples=25, deadline=None)
@given(hst.text(min_size=0, max_size=6).filter(lambda t: t not in cs.MARKERS))
def test_anything_but_a_known_threshold_is_refused_in_german(tmp_path_factory, marker):
    s = Store(tmp_path_factory.mktemp("c") / "s.db", now=lambda: NOW)
    with pytest.raises(ValueError, match="Unbekannte Schwelle"):
        s.set_council_marker(STAND, marker)
    assert s.council_marker(STAND) == "≤2"


def test_a_store_written_before_the_setting_reads_the_default(tmp_path):
    """Schema version 1 (no updated_at columns, no key): migrated, readable, default threshold."""
    path = tmp_path / "old.db"
    con = sqlite3.connect(path)
    for stmt in store_mod.MIGRATIONS[0]:
        con.execute(stmt)
    con.execute("PRAGMA user_version = 1")
    con.commit()
    con.close()
    s = Store(path, now=lambda: NOW)
    assert s.council_marker(STAND) == "≤2"
    s.set_council_marker(STAND, "<5", user="t")
    assert s.council_marker(STAND) == "<5"
    assert s.get_setting(cs.setting_key(STAND)) == "<5"


def test_a_tampered_value_reads_as_the_default(st):
    st.set_setting(cs.setting_key(STAND), "≤9")  # not a threshold council output may use
    assert st.load_state(STAND).council_marker == "≤2"
