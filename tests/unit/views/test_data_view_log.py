"""The Daten page's import log: German headers, German date-times, German actions (never the store's
English column names or ISO stamps)."""

import datetime as dt
import re

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ankunft.core import fmt, glossary
from ankunft.storage.snapshots import ACTION_LABELS, LOG_LABELS
from ankunft.storage.store import Store
from ankunft.views import data_view


def _districts(n: int) -> pd.DataFrame:
    return glossary.conform("districts", pd.DataFrame({"district_id": [f"{i + 1:02d}" for i in range(n)],
                                                       "population": [100.0 * (i + 1) for i in range(n)]}))


@pytest.mark.slow
@settings(max_examples=15)
@given(stamps=st.lists(st.datetimes(min_value=dt.datetime(2000, 1, 1), max_value=dt.datetime(2099, 12, 31)),
                       min_size=1, max_size=4), user=st.text(alphabet="abcxyzäöü ", min_size=1, max_size=12))
def test_log_table_has_german_headers_dates_and_actions(tmp_path_factory, stamps, user):
    stamps = [s.replace(microsecond=0) for s in stamps]
    clock = iter(stamps)
    store = Store(tmp_path_factory.mktemp("log") / "s.db", now=lambda: next(clock))
    for k, _ in enumerate(stamps):
        store.import_tables([("districts", dt.date(2020 + k, 6, 30), _districts(k + 1), "d.xlsx", "S", None)],
                            user=user)
    table = data_view.log_table(store.import_log())
    assert list(table.columns) == list(LOG_LABELS.values())
    assert len(table) == len(stamps)
    # newest first; every stamp as the German date-time the formatter makes, read back to the same minute
    assert table["Zeitpunkt"].tolist() == [fmt.date_time(s) for s in reversed(stamps)]
    for text, s in zip(table["Zeitpunkt"], reversed(stamps)):
        d, m, y, hh, mm = map(int, re.fullmatch(r"(\d\d)\.(\d\d)\.(\d{4}), (\d\d):(\d\d)\s?Uhr",
                                                text.replace("\u00a0", " ")).groups())
        assert dt.datetime(y, m, d, hh, mm) == s.replace(second=0)
    assert set(table["Benutzer"]) == {user}
    assert set(table["Vorgang"]) <= set(ACTION_LABELS.values())
    assert not set(table["Vorgang"]) & set(ACTION_LABELS)  # no English action key shows


def test_log_table_of_an_empty_log_keeps_the_german_headers(tmp_path):
    table = data_view.log_table(Store(tmp_path / "s.db").import_log())
    assert table.empty and list(table.columns) == list(LOG_LABELS.values())


def test_log_table_shows_deletions_with_their_german_sentence(tmp_path):
    store = Store(tmp_path / "s.db", now=lambda: dt.datetime(2026, 11, 2, 9, 30))
    (sid,) = store.import_tables([("districts", dt.date(2026, 6, 30), _districts(3), "d.xlsx", "S", None)],
                                 user="anna")
    store.delete_snapshot(sid, user="ben")
    table = data_view.log_table(store.import_log())
    assert table["Vorgang"].tolist() == [ACTION_LABELS["delete"], ACTION_LABELS["import"]]
    assert table["Benutzer"].tolist() == ["ben", "anna"]
    assert f"Stand Nr. {sid}" in table["Details"].iloc[0]
    assert table["Zeitpunkt"].iloc[0] == fmt.date_time(dt.datetime(2026, 11, 2, 9, 30))


@pytest.mark.slow  # ≈ 1,2 s: a store per example
@settings(max_examples=10, deadline=None)
@given(old=st.text(alphabet="0123456789OlIx ,.", min_size=1, max_size=30),
       new=st.text(alphabet="0123456789,.", min_size=1, max_size=30),
       row=st.integers(2, 200_000), header=st.text(alphabet="EinwohnerzahlABC _-", min_size=1, max_size=40))
def test_a_correction_shows_old_and_new_value_who_and_when_in_the_log(tmp_path_factory, old, new, row, header):
    """#17: the corrections log "old → new value, who and when" stays visible in the table (not only in
    the selected entry), with the Stand in its own column."""
    from ankunft.importing.corrections import Correction

    store = Store(tmp_path_factory.mktemp("fix") / "s.db", now=lambda: dt.datetime(2026, 11, 2, 9, 30))
    fix = Correction(file="d.xlsx", sheet="S", row=row, field="population", header=header, old=old, new=new)
    store.import_tables([("districts", dt.date(2026, 6, 30), _districts(2), "d.xlsx", "S", None)], user="anna",
                        corrections=[fix])
    log = store.import_log()
    table = data_view.log_table(log)
    (i,) = [k for k, what in enumerate(table["Vorgang"]) if what == ACTION_LABELS["correct"]]
    shown = table.iloc[i]
    assert f"{old} → {new}" in shown["Details"] and f"Zeile {row}," in shown["Details"]
    assert shown["Benutzer"] == "anna" and shown["Zeitpunkt"] == fmt.date_time(dt.datetime(2026, 11, 2, 9, 30))
    assert shown["Stand"] == f"{glossary.DATASETS['districts'].label}, 30.06.2026"
    assert "Stichtag" not in shown["Details"]  # said once, in the Stand column
    entry = data_view.log_entry(log, i)
    assert fmt.md(log["detail"].iloc[i]) in entry and "anna" in entry and "Datei „d.xlsx“" in entry
