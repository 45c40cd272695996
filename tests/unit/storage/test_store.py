import datetime as dt
import json
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from ankunft.core import glossary
from ankunft.importing.report import Issue, TableReport
from ankunft.storage import store as store_mod
from ankunft.storage.store import ImportCancelled, ImportRefused, Store, StoreError

ROOT = Path(__file__).resolve().parents[3]
D = dt.date
NOW = dt.datetime(2026, 10, 2, 9, 30)


def acc_frame(n=3, capacity=100.0):
    return glossary.conform("accommodations", pd.DataFrame({
        "id": [f"{i:03d}" for i in range(1, n + 1)],
        "name": [f"Unterkunft {i}" for i in range(1, n + 1)],
        "capacity": [capacity] * n,
    }))


def dist_frame(pop=1000.0):
    return glossary.conform("districts", pd.DataFrame({"district_id": ["01", "09"], "population": [pop, pop * 2]}))


@pytest.fixture()
def st(tmp_path):
    return Store(tmp_path / "s.db", now=lambda: NOW)


# --- encoding -------------------------------------------------------------------------------
def test_frame_round_trip_keeps_canonical_dtypes_exactly():
    df = glossary.conform("residents", pd.DataFrame({
        "person_id": ["000123", "007", None, "42"],
        "household_id": ["01", "01", "02", None],
        "accommodation": ["003", "Ehem. Hauptpost", "003", "010"],
        "move_in": pd.to_datetime(["2015-09-01", "2026-09-30", None, "2020-02-29"]),
        "move_out": pd.to_datetime([None, None, "2021-01-01", None]),
        "sex": ["w", "m", None, "d"],
        "birth_year": [1990.0, np.nan, 2019.0, 1975.0],
        "nationality": ["Syrien", "Ukraine", "Türkei", None],
        "residence_status": ["Asylverfahren", None, "Duldung", "subsidiärer Schutz"],
        "may_move_out": pd.array([True, None, False, True], dtype="boolean"),
    }))
    df["_row"] = np.array([5, 6, 7, 9], dtype="int64")
    back = store_mod.decode_frame(store_mod.encode_frame(df))
    pd.testing.assert_frame_equal(back, df)
    assert back.loc[0, "person_id"] == "000123"
    assert back["may_move_out"].isna().tolist() == [False, True, False, False]
    assert back["move_in"].dtype == np.dtype("datetime64[ns]")


def test_round_trip_empty_and_all_missing_columns():
    df = glossary.empty_frame("housing")
    back = store_mod.decode_frame(store_mod.encode_frame(df))
    pd.testing.assert_frame_equal(back, df)
    df = glossary.conform("districts", pd.DataFrame({"district_id": ["09"], "population": [8565.0]}))
    back = store_mod.decode_frame(store_mod.encode_frame(df))
    pd.testing.assert_frame_equal(back, df)
    assert back["name"].isna().all()


def test_fifty_thousand_rows_round_trip(st):
    n = 50_000
    rng = np.random.default_rng(1)
    df = glossary.conform("residents", pd.DataFrame({
        "person_id": [f"{i:06d}" for i in range(n)],
        "household_id": [f"H{i // 3:05d}" for i in range(n)],
        "accommodation": rng.choice(["001", "002", "003"], n),
        "move_in": pd.Timestamp("2015-01-01") + pd.to_timedelta(rng.integers(0, 4000, n), unit="D"),
        "birth_year": rng.integers(1950, 2026, n).astype(float),
        "may_move_out": pd.array(rng.choice([True, False], n), dtype="boolean"),
    }))
    (sid,) = st.import_tables([("residents", D(2026, 9, 30), df, "gross.xlsx", "Bewohner", None)], user="t")
    back = st.load_frame(sid)
    pd.testing.assert_frame_equal(back, df)


# --- schema ----------------------------------------------------------------------------------
def test_new_store_has_latest_schema_and_wal(st):
    assert st.schema_version() == store_mod.SCHEMA_VERSION == 3
    con = sqlite3.connect(st.path)
    assert con.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    con.close()


def test_version_1_database_is_migrated_with_data_kept(tmp_path):
    path = tmp_path / "old.db"
    con = sqlite3.connect(path)
    for stmt in store_mod.MIGRATIONS[0]:
        con.execute(stmt)
    payload = store_mod.encode_frame(acc_frame(2))
    con.execute("INSERT INTO snapshots (dataset, stichtag, file_name, sheet, imported_at, imported_by, origin, "
                "report, row_count) VALUES ('accommodations', '2026-03-31', 'alt.xlsx', 'U', '2026-04-01 08:00:00', "
                "'alt', 'import', NULL, 2)")
    con.execute("INSERT INTO snapshot_data VALUES (1, ?, ?)", (store_mod.ENCODING, payload))
    con.execute("INSERT INTO settings (key, value) VALUES ('focus', '{\"ids\": [\"09\"]}')")
    con.execute("PRAGMA user_version = 1")
    con.commit()
    con.close()

    s = Store(path, now=lambda: NOW)
    assert s.schema_version() == store_mod.SCHEMA_VERSION == 3
    snaps = s.list_snapshots()
    assert snaps["file_name"].tolist() == ["alt.xlsx"]
    assert s.get_setting("focus") == '{"ids": ["09"]}'
    state = s.load_state(D(2026, 9, 30))
    assert state.views["accommodations"].df["id"].tolist() == ["001", "002"]
    s.save_scenario("A", {"close": ["001"]}, user="t")  # table from migration 2
    assert json.loads(s.load_scenario("A")) == {"close": ["001"]}
    assert s.revision() == 0


def test_database_from_newer_release_is_refused(tmp_path):
    path = tmp_path / "new.db"
    Store(path)
    con = sqlite3.connect(path)
    con.execute("PRAGMA user_version = 99")
    con.commit()
    con.close()
    with pytest.raises(StoreError, match="neueren Version"):
        Store(path)


def test_default_path_from_env(monkeypatch, tmp_path):
    monkeypatch.setenv("ANKUNFT_DB", str(tmp_path / "x.db"))
    assert store_mod.default_path() == str(tmp_path / "x.db")
    monkeypatch.delenv("ANKUNFT_DB")
    assert store_mod.default_path().endswith("data/ankunft.db")


# --- import, state -------------------------------------------------------------------------
def test_stand_picks_latest_snapshot_at_or_before_per_dataset(st):
    st.import_tables([("accommodations", D(2026, 3, 31), acc_frame(2), "a1.xlsx", "U", None),
                      ("districts", D(2025, 12, 31), dist_frame(1000), "d1.xlsx", "S", None)], user="u")
    st.import_tables([("accommodations", D(2026, 9, 30), acc_frame(5), "a2.xlsx", "U", None)], user="u")
    st.import_tables([("districts", D(2026, 6, 30), dist_frame(2000), "d2.xlsx", "S", None)], user="u")

    s = st.load_state(D(2026, 9, 30))
    assert s.stichtag("accommodations") == D(2026, 9, 30) and len(s.df("accommodations")) == 5
    assert s.stichtag("districts") == D(2026, 6, 30) and s.df("districts")["population"].sum() == 6000
    assert s.views["accommodations"].file_name == "a2.xlsx"
    assert s.views["accommodations"].source_office == "Sozialamt"
    assert s.views["accommodations"].imported_at == "2026-10-02 09:30:00"
    assert not s.is_demo

    s = st.load_state(D(2026, 5, 1))
    assert s.stichtag("accommodations") == D(2026, 3, 31) and len(s.df("accommodations")) == 2
    assert s.stichtag("districts") == D(2025, 12, 31)

    s = st.load_state(D(2026, 1, 15))
    assert "accommodations" not in s.views and s.stichtag("districts") == D(2025, 12, 31)
    assert st.stichtage() == [D(2025, 12, 31), D(2026, 3, 31), D(2026, 6, 30), D(2026, 9, 30)]

    prev = st.previous_state(st.load_state(D(2026, 9, 30)))
    assert prev.stichtag("accommodations") == D(2026, 3, 31)
    assert prev.stichtag("districts") == D(2025, 12, 31)
    assert prev.stand == D(2026, 3, 31)
    assert st.previous_state(st.load_state(D(2026, 5, 1))) is None


def test_reimport_same_dataset_and_stichtag_replaces_and_logs(st):
    (a,) = st.import_tables([("accommodations", D(2026, 9, 30), acc_frame(2), "alt.xlsx", "U", None)], user="anna")
    rev = st.revision()
    (b,) = st.import_tables([("accommodations", D(2026, 9, 30), acc_frame(4), "neu.xlsx", "U", None)], user="ben")
    assert st.revision() == rev + 1
    snaps = st.list_snapshots()
    assert snaps["id"].tolist() == [b] and snaps["rows"].tolist() == [4]
    log = st.import_log()
    assert log["action"].tolist() == ["import", "replace", "import"]
    replace = log.iloc[1]
    assert replace["snapshot_id"] == a and replace["user"] == "ben" and replace["file_name"] == "alt.xlsx"
    assert replace["detail"] == "Unterkünfte, Stichtag 30.09.2026: bisheriger Stand (2 Zeilen, alt.xlsx) ersetzt."
    assert log.iloc[0]["detail"] == "Unterkünfte, Stichtag 30.09.2026: 4 Zeilen aus neu.xlsx (Blatt „U“)."
    assert log.iloc[0]["what"] == "importiert"


def _db_bytes(path):
    return Path(path).read_bytes()


def test_failed_import_leaves_database_byte_identical(st, monkeypatch):
    st.import_tables([("accommodations", D(2026, 3, 31), acc_frame(2), "a.xlsx", "U", None)], user="u")
    before = _db_bytes(st.path)
    rev = st.revision()
    real_insert = Store._insert
    calls = {"n": 0}

    def flaky(self, con, it, stamp, user, origin):
        calls["n"] += 1
        if calls["n"] == 2:
            raise RuntimeError("Festplatte voll")
        return real_insert(self, con, it, stamp, user, origin)

    monkeypatch.setattr(Store, "_insert", flaky)
    with pytest.raises(RuntimeError):
        st.import_tables([("accommodations", D(2026, 3, 31), acc_frame(7), "b.xlsx", "U", None),
                          ("districts", D(2026, 3, 31), dist_frame(), "b.xlsx", "S", None)], user="u")
    assert calls["n"] == 2  # the first table was written inside the transaction, then rolled back
    monkeypatch.setattr(Store, "_insert", real_insert)
    assert _db_bytes(st.path) == before
    assert st.revision() == rev
    assert st.list_snapshots()["file_name"].tolist() == ["a.xlsx"]
    assert len(st.import_log()) == 1


def test_cancelled_import_changes_nothing(st):
    st.import_tables([("districts", D(2026, 3, 31), dist_frame(), "d.xlsx", "S", None)], user="u")
    before = _db_bytes(st.path)

    def cancel(done, total):
        if done == 1:
            raise RuntimeError("Abbruch durch Benutzer")

    with pytest.raises(ImportCancelled, match="nichts gespeichert"):
        st.import_tables([("accommodations", D(2026, 3, 31), acc_frame(), "a.xlsx", "U", None),
                          ("districts", D(2026, 9, 30), dist_frame(), "d2.xlsx", "S", None)],
                         user="u", progress=cancel)
    assert _db_bytes(st.path) == before
    assert st.list_snapshots()["dataset"].tolist() == ["districts"]
    seen = []
    st.import_tables([("accommodations", D(2026, 3, 31), acc_frame(), "a.xlsx", "U", None)], user="u",
                     progress=lambda d, t: seen.append((d, t)))
    assert seen == [(1, 1)]


def test_refusals_are_german_and_write_nothing(st):
    with pytest.raises(ImportRefused, match="Kein Stichtag"):
        st.import_tables([("accommodations", None, acc_frame(), "a.xlsx", "U", None)])
    with pytest.raises(ImportRefused, match="Unbekannter Datensatz"):
        st.import_tables([("kantine", D(2026, 1, 1), acc_frame(), "a.xlsx", "U", None)])
    with pytest.raises(ImportRefused, match="mehrfach"):
        st.import_tables([("districts", D(2026, 1, 1), dist_frame(), "a.xlsx", "A", None),
                          ("districts", D(2026, 1, 1), dist_frame(), "a.xlsx", "B", None)])
    assert not st.has_snapshots() and st.import_log().empty


def _table_report(errors=(), blocking=False):
    frame = acc_frame(3)
    frame["_row"] = np.array([4, 5, 6], dtype="int64")
    t = TableReport(file="unterkuenfte.xlsx", sheet="Unterkünfte", dataset="accommodations",
                    stichtag=D(2026, 9, 30), header_row=3, rows=3, frame=frame, blocking=blocking)
    for row in errors:
        t.add(Issue("negative_value", "Negative Platzzahl", row=row, column="Plätze", value="-5"))
    return t


def test_table_reports_with_errors_need_confirmation(st):
    t = _table_report(errors=[5])
    with pytest.raises(ImportRefused) as exc:
        st.import_tables([t], user="u")
    assert "unterkuenfte.xlsx, Blatt „Unterkünfte“" in str(exc.value)
    assert "ohne fehlerhafte Zeilen" in str(exc.value)
    (sid,) = st.import_tables([t], user="u", without_faulty_rows=True)
    df = st.load_frame(sid)
    assert df["id"].tolist() == ["001", "003"]
    assert df["_row"].tolist() == [4, 6]
    snap = st.list_snapshots().iloc[0]
    assert snap["file_name"] == "unterkuenfte.xlsx" and snap["sheet"] == "Unterkünfte" and snap["rows"] == 2
    rep = st.snapshot_report(sid)
    assert rep["errors"][0]["row"] == 5 and rep["dataset"] == "accommodations"
    with pytest.raises(ImportRefused, match="verhindern"):
        st.import_tables([_table_report(blocking=True)], user="u", without_faulty_rows=True)


# --- demo vs real ------------------------------------------------------------------------------
def test_demo_is_never_mixed_with_real_data(st):
    st.import_tables([("accommodations", D(2026, 9, 30), acc_frame(14), "demo.xlsx", "U", None),
                      ("districts", D(2026, 6, 30), dist_frame(), "demo.xlsx", "S", None)],
                     user=store_mod.DEMO_USER, origin="demo")
    s = st.load_state(D(2026, 9, 30))
    assert s.is_demo and set(s.views) == {"accommodations", "districts"}
    assert st.is_demo()
    st.import_tables([("accommodations", D(2026, 8, 31), acc_frame(3), "echt.xlsx", "U", None)], user="eva")
    s = st.load_state(D(2026, 9, 30))
    assert not s.is_demo and set(s.views) == {"accommodations"}
    assert len(s.df("accommodations")) == 3
    assert st.list_snapshots()["origin"].tolist() == ["import"]
    assert st.stichtage() == [D(2026, 8, 31)]
    log = st.import_log()
    assert log.iloc[1]["action"] == "demo_removed"
    assert "Beispieldaten entfernt (2 Stände)" in log.iloc[1]["detail"]


def test_only_if_empty_guard(st):
    st.import_tables([("districts", D(2026, 6, 30), dist_frame(), "d.xlsx", "S", None)], user="u")
    assert st.import_tables([("accommodations", D(2026, 9, 30), acc_frame(), "demo.xlsx", "U", None)],
                            origin="demo", only_if_empty=True) == []
    assert st.list_snapshots()["dataset"].tolist() == ["districts"]


# --- listing, deleting, freshness -----------------------------------------------------------------
def test_freshness_lists_every_dataset(st):
    st.import_tables([("accommodations", D(2026, 3, 31), acc_frame(2), "a1.xlsx", "U", None)], user="anna")
    st.import_tables([("accommodations", D(2026, 9, 30), acc_frame(14), "a2.xlsx", "U", None)], user="ben")
    f = st.freshness()
    assert f["dataset"].tolist() == list(glossary.DATASET_KEYS)
    acc = f.set_index("dataset").loc["accommodations"]
    assert acc["label"] == "Unterkünfte" and acc["source_office"] == "Sozialamt"
    assert acc["stichtag"] == D(2026, 9, 30) and acc["rows"] == 14 and acc["snapshots"] == 2
    assert acc["file_name"] == "a2.xlsx" and acc["imported_by"] == "ben"
    housing = f.set_index("dataset").loc["housing"]
    assert housing["stichtag"] is None and pd.isna(housing["rows"]) and housing["snapshots"] == 0
    assert set(store_mod.FRESHNESS_LABELS) <= set(f.columns)


def test_delete_snapshot_is_logged(st):
    a, b = st.import_tables([("accommodations", D(2026, 9, 30), acc_frame(2), "a.xlsx", "U", None),
                             ("districts", D(2026, 6, 30), dist_frame(), "a.xlsx", "S", None)], user="u")
    st.delete_snapshot(a, user="chef")
    assert st.list_snapshots()["id"].tolist() == [b]
    top = st.import_log().iloc[0]
    assert top["action"] == "delete" and top["user"] == "chef" and top["snapshot_id"] == a
    assert top["detail"] == f"Unterkünfte, Stichtag 30.09.2026: Stand Nr. {a} (2 Zeilen) gelöscht."
    with pytest.raises(StoreError, match="gibt es nicht"):
        st.delete_snapshot(a, user="chef")
    assert "accommodations" not in st.load_state(D(2026, 9, 30)).views


def test_backup_is_a_consistent_copy(st, tmp_path):
    st.import_tables([("accommodations", D(2026, 9, 30), acc_frame(5), "a.xlsx", "U", None)], user="u")
    st.set_setting("focus", "09")
    dest = st.backup(tmp_path / "sicherung" / "kopie.db")
    copy = Store(dest)
    pd.testing.assert_frame_equal(copy.list_snapshots(), st.list_snapshots())
    assert copy.get_setting("focus") == "09"
    pd.testing.assert_frame_equal(copy.load_state(D(2026, 9, 30)).df("accommodations"),
                                  st.load_state(D(2026, 9, 30)).df("accommodations"))
    with pytest.raises(StoreError):
        st.backup(st.path)


def test_purge_keeps_newest_per_dataset(st):
    st.import_tables([("accommodations", D(2025, 3, 31), acc_frame(1), "a.xlsx", "U", None)], user="u")
    st.import_tables([("accommodations", D(2025, 9, 30), acc_frame(2), "b.xlsx", "U", None)], user="u")
    st.import_tables([("accommodations", D(2026, 9, 30), acc_frame(3), "c.xlsx", "U", None)], user="u")
    st.import_tables([("districts", D(2024, 12, 31), dist_frame(), "d.xlsx", "S", None)], user="u")
    # cutoff: 2026-10-02 minus 365 days = 2025-10-02 → a and b are older; districts is its newest
    n = st.purge(365, now=NOW, user="dsb")
    assert n == 2
    snaps = st.list_snapshots()
    assert sorted(snaps["file_name"]) == ["c.xlsx", "d.xlsx"]
    purged = st.import_log().query("action == 'purge'")
    assert len(purged) == 2 and set(purged["user"]) == {"dsb"}
    assert st.purge(365, now=NOW, user="dsb") == 0


def test_settings_mappings_scenarios(st):
    assert st.get_setting("x") is None and st.get_setting("x", "d") == "d"
    st.set_setting("x", "1")
    st.set_setting("x", "2", user="u")
    assert st.get_setting("x") == "2"
    assert st.delete_setting("x") and st.get_setting("x") is None
    st.remember_mapping("abc123", {"Pl.": "capacity"})
    assert st.mapping_for("abc123") == {"Pl.": "capacity"}
    assert st.mapping_for("nope") is None
    assert st.mappings() == {"abc123": {"Pl.": "capacity"}}
    st.save_scenario("Schließung Asternweg", '{"close": ["001"]}', user="u", now=dt.datetime(2026, 10, 1))
    st.save_scenario("Variante B", {"close": ["002"]}, user="u", now=dt.datetime(2026, 10, 3))
    assert st.list_scenarios()["name"].tolist() == ["Variante B", "Schließung Asternweg"]
    assert json.loads(st.load_scenario("Schließung Asternweg")) == {"close": ["001"]}
    st.save_scenario("Variante B", {"close": []}, user="u")
    assert json.loads(st.load_scenario("Variante B")) == {"close": []}
    assert st.delete_scenario("Variante B") and not st.delete_scenario("Variante B")
    assert st.load_scenario("Variante B") is None
    with pytest.raises(StoreError):
        st.save_scenario("  ", "{}")
    with pytest.raises(ValueError):
        st.save_scenario("kaputt", "{nicht json")


# --- concurrency --------------------------------------------------------------------------------
def test_threads_import_while_others_read(st):
    errors = []
    stop = threading.Event()

    def writer(k):
        try:
            for i in range(8):
                st.import_tables([("accommodations", D(2026, 1, 1) + dt.timedelta(days=k * 100 + i),
                                   acc_frame(50), f"w{k}-{i}.xlsx", "U", None)], user=f"w{k}")
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)

    def reader():
        try:
            while not stop.is_set():
                st.load_state(D(2027, 1, 1))
                st.list_snapshots()
                st.freshness()
        except Exception as exc:  # pragma: no cover
            errors.append(exc)

    readers = [threading.Thread(target=reader) for _ in range(2)]
    writers = [threading.Thread(target=writer, args=(k,)) for k in range(2)]
    for t in readers + writers:
        t.start()
    for t in writers:
        t.join()
    stop.set()
    for t in readers:
        t.join()
    assert errors == []
    assert len(st.list_snapshots()) == 16


WRITER = """
import datetime as dt, sys
import pandas as pd
from ankunft.core import glossary
from ankunft.storage.store import Store
s = Store(sys.argv[1])
k = int(sys.argv[2])
df = glossary.conform("accommodations", pd.DataFrame({"name": ["U"] * 200, "capacity": [10.0] * 200}))
for i in range(10):
    s.import_tables([("accommodations", dt.date(2026, 1, 1) + dt.timedelta(days=k * 50 + i), df, "p.xlsx", "U", None)],
                    user=f"p{k}")
print("ok")
"""


def test_processes_import_while_this_one_reads(st):
    procs = [subprocess.Popen([sys.executable, "-c", WRITER, st.path, str(k)], cwd=ROOT,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for k in range(2)]
    reads = 0
    while any(p.poll() is None for p in procs):
        st.load_state(D(2027, 1, 1))
        st.stichtage()
        reads += 1
    outs = [p.communicate() for p in procs]
    assert [p.returncode for p in procs] == [0, 0], outs
    assert all(o[0].strip() == "ok" for o in outs)
    assert len(st.list_snapshots()) == 20
    assert reads > 0


def test_copies_of_one_store_never_read_each_others_snapshots(tmp_path):
    """Copies of a store share its uid (a backup, a copied demo store): a snapshot with the same id
    and import time in two copies is read from its own file, not from the frame cache of the other."""
    import shutil

    first = tmp_path / "a.db"
    Store(first, now=lambda: NOW)
    second = tmp_path / "b.db"
    shutil.copy(first, second)
    a, b = Store(first, now=lambda: NOW), Store(second, now=lambda: NOW)
    assert a.uid == b.uid
    (sa,) = a.import_tables([("accommodations", D(2026, 9, 30), acc_frame(2), "a.xlsx", "U", None)], user="t")
    (sb,) = b.import_tables([("districts", D(2026, 9, 30), dist_frame(), "d.xlsx", "S", None)], user="t")
    assert sa == sb
    assert a.load_frame(sa)["id"].tolist() == ["001", "002"]
    assert b.load_frame(sb)["district_id"].tolist() == ["01", "09"]
