"""Results kept in the store across restarts (storage.computed): found again by a new process, gone with
any change of the stored data, never wrong, never an error, and nothing the officer stored is touched."""

from __future__ import annotations

import datetime as dt
import sqlite3

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from ankunft.storage import store as store_mod
from ankunft.storage.faults import StoreReadOnly
from ankunft.storage.store import Store

D = dt.date


def acc(n: int) -> pd.DataFrame:
    return pd.DataFrame({"id": [f"{i:03d}" for i in range(n)], "name": [f"Heim {i}" for i in range(n)],
                         "capacity": [50.0] * n, "occupancy": [40.0] * n})


def filled(tmp_path) -> Store:
    s = Store(tmp_path / "k.db")
    s.import_tables([("accommodations", D(2026, 3, 31), acc(3), "a.xlsx", "U", None)], user="t")
    return s


def officer_rows(path) -> dict:
    """Everything the officer stored (every table but the computed results)."""
    con = sqlite3.connect(path)
    try:
        return {t: con.execute(f"SELECT * FROM {t} ORDER BY 1").fetchall()
                for t in ("snapshots", "snapshot_data", "import_log", "settings", "scenarios", "meta")}
    finally:
        con.close()


def test_a_new_process_finds_what_was_kept(tmp_path):
    s = filled(tmp_path)
    rev = s.revision()
    assert s.keep_computed("kind", "k1", "v1", rev, b"result")
    again = Store(tmp_path / "k.db")  # a restart: another Store object on the same file
    assert again.computed("kind", "k1", "v1", rev) == b"result"
    assert again.computed("kind", "k2", "v1", rev) is None  # other arguments
    assert again.computed("other", "k1", "v1", rev) is None  # another computation
    assert again.computed("kind", "k1", "v2", rev) is None  # other code


def test_every_change_of_the_data_empties_it(tmp_path):
    s = filled(tmp_path)
    changes = [
        lambda: s.import_tables([("accommodations", D(2026, 6, 30), acc(4), "b.xlsx", "U", None)], user="t"),
        lambda: s.delete_snapshot(int(s.list_snapshots()["id"].max()), user="t"),
    ]
    for change in changes:
        rev = s.revision()
        s.keep_computed("kind", "k", "v", rev, b"old")
        change()
        assert s.revision() != rev
        assert s.computed_count() == 0
        assert s.computed("kind", "k", "v", rev) is None
        assert s.computed("kind", "k", "v", s.revision()) is None


def test_a_result_of_a_revision_that_moved_on_is_not_kept_or_used(tmp_path):
    s = filled(tmp_path)
    rev = s.revision()
    s.import_tables([("accommodations", D(2026, 6, 30), acc(4), "b.xlsx", "U", None)], user="t")
    # computed from the states of before the import: not kept under the new revision
    assert not s.keep_computed("kind", "k", "v", rev, b"stale")
    assert s.computed_count() == 0
    assert s.keep_computed("kind", "k", "v", s.revision(), b"new")
    assert s.computed("kind", "k", "v", rev) is None  # asked with the states of before: not this one


def test_a_damaged_entry_is_absent_not_an_error(tmp_path):
    s = filled(tmp_path)
    rev = s.revision()
    s.keep_computed("kind", "k", "v", rev, b"result")
    con = sqlite3.connect(s.path)
    con.execute("UPDATE computed SET payload = ?", (b"\x00kaputt",))
    con.commit()
    con.close()
    assert s.computed("kind", "k", "v", rev) is None


def test_a_store_that_cannot_be_written_keeps_nothing_and_raises_nothing(tmp_path, monkeypatch):
    s = filled(tmp_path)

    def refuse(*_a, **_k):
        raise StoreReadOnly(s.path)
    monkeypatch.setattr(s, "_write", refuse)
    assert not s.keep_computed("kind", "k", "v", s.revision(), b"result")


def test_states_carry_the_revision_they_were_read_at(tmp_path):
    s = filled(tmp_path)
    state = s.load_state(D(2026, 3, 31))
    assert state.revision == s.revision()
    s.import_tables([("accommodations", D(2026, 6, 30), acc(4), "b.xlsx", "U", None)], user="t")
    newer = s.load_state(D(2026, 6, 30))
    assert newer.revision == s.revision() != state.revision
    assert s.previous_state(newer).revision == newer.revision
    assert s.previous_state(newer).snapshot_ids == s.load_state(D(2026, 3, 31)).snapshot_ids


@settings(max_examples=15)
@given(st.lists(st.tuples(st.sampled_from(["a", "b"]), st.text(max_size=8), st.binary(max_size=300)), max_size=6))
def test_keeping_results_never_changes_what_the_officer_stored(tmp_path_factory, entries):
    s = filled(tmp_path_factory.mktemp("k"))
    s.set_setting("focus", '{"ids": ["09"]}', user="t")
    before = officer_rows(s.path)
    for kind, key, payload in entries:
        assert s.keep_computed(kind, key, "v", s.revision(), payload)
    for kind, key, payload in dict(((k, kk), (k, kk, p)) for k, kk, p in entries).values():
        assert s.computed(kind, key, "v", s.revision()) == payload
    assert officer_rows(s.path) == before
    assert store_mod.SCHEMA_VERSION == s.schema_version()
