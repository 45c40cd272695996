"""fmt.date_time (issue #17): import timestamps in German, never ISO; the Daten page's freshness and
snapshot tables use it."""

from __future__ import annotations

import datetime as dt
import re

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from ankunft.core import fmt

ISO = re.compile(r"\d{4}-\d{2}-\d{2}")


@settings(max_examples=200, deadline=None)
@given(st.datetimes(min_value=dt.datetime(2000, 1, 1), max_value=dt.datetime(2099, 12, 31)))
def test_every_timestamp_form_reads_the_same(moment):
    moment = moment.replace(microsecond=0)
    expected = f"{moment.day:02d}.{moment.month:02d}.{moment.year}, {moment.hour:02d}:{moment.minute:02d}\u00a0Uhr"
    for form in (moment, moment.isoformat(), moment.isoformat(sep=" "), pd.Timestamp(moment)):
        assert fmt.date_time(form) == expected, form
    assert not ISO.search(fmt.date_time(moment.isoformat()))


def test_missing_bare_dates_and_garbage():
    assert fmt.date_time(None) == fmt.date_time(float("nan")) == fmt.date_time(pd.NaT) == "–"
    assert fmt.date_time("kein Datum") == "–"
    assert fmt.date_time(dt.date(2026, 10, 1)) == "01.10.2026"


def test_daten_tables_show_import_times_in_german(tmp_path):
    from ankunft.storage import store
    from ankunft.views import data_view
    from tests.audit.test_council_audit import small_number_tables

    s = store.Store(str(tmp_path / "t.db"))
    s.import_tables(small_number_tables(), user="test")
    # the freshness table shows the import date (it must fit the page), the snapshots the date and time
    date_time = r"\d{2}\.\d{2}\.\d{4}, \d{2}:\d{2}\u00a0Uhr|–"
    for table, pattern in ((data_view.freshness_table(s.freshness()), r"\d{2}\.\d{2}\.\d{4}|–"),
                           (data_view.snapshots_table(s.list_snapshots()), date_time)):
        shown = table.filter(like="Importiert").iloc[:, 0].dropna().astype(str)  # "Importiert am" / "Importiert"
        assert len(shown) and not shown.str.contains(ISO).any(), list(shown)
        assert shown.str.fullmatch(pattern).all(), list(shown)
        assert "None" not in table.astype(str).to_numpy().ravel().tolist()
