"""Daten page, "Aktualität der Daten": the table fits the page with every cell whole, whatever the
store holds (generated file names of any length, row counts, dates, missing datasets), and a long
file name keeps its start and its end. The grid's widths are those ``ui.tables`` estimates (a
column as wide as its longest cell or header); the browser check is tests/browser/test_daten_tables.py."""

from __future__ import annotations

import datetime as dt

import pandas as pd
from hypothesis import given
from hypothesis import strategies as st

from ankunft.core import fmt, glossary
from ankunft.importing.io import Limits
from ankunft.ui import tables
from ankunft.views import data_view

names = st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), min_size=1, max_size=300)
# the importer refuses sheets of more rows (Limits.max_rows, 200.000); ten times that for margin
MAX_ROWS = 10 * Limits().max_rows
stems = st.text(st.characters(min_codepoint=32, max_codepoint=0x24F, exclude_categories=("Cc",)), max_size=120)


@st.composite
def freshness_frames(draw, present=st.booleans(), rows=st.integers(0, MAX_ROWS), file_names=names) -> pd.DataFrame:
    """``Store.freshness`` rows: every dataset, some never imported."""
    out = []
    for key in glossary.DATASET_KEYS:
        ds = glossary.DATASETS[key]
        base = {"dataset": key, "label": ds.label, "source_office": ds.source_office,
                "snapshots": draw(st.integers(0, 10_000))}
        if draw(present) or key == glossary.DATASET_KEYS[0]:
            base.update(stichtag=draw(st.dates(dt.date(1990, 1, 1), dt.date(2100, 12, 31))),
                        rows=draw(rows), file_name=draw(file_names),
                        imported_at=draw(st.datetimes(dt.datetime(2000, 1, 1), dt.datetime(2100, 1, 1))).isoformat(),
                        imported_by=draw(st.text(min_size=1, max_size=80)), origin="import")
        else:
            base.update(stichtag=None, rows=None, file_name=None, imported_at=None, imported_by=None, origin=None)
        out.append(base)
    df = pd.DataFrame(out)
    df["rows"] = df["rows"].astype("Int64")
    return df


@given(st.one_of(freshness_frames(),  # and the widest case: every dataset, the most rows, long names
                 freshness_frames(st.just(True), st.just(MAX_ROWS), st.text("WMm_ .", min_size=57, max_size=300))))
def test_the_table_fits_the_page_without_shrinking_a_column(fresh):
    table = data_view.freshness_table(fresh)
    widths = tables.natural_widths(table)
    assert sum(widths.values()) <= tables.COUNCIL_WIDTH_PX, widths
    assert tables.fitted_widths(table) is None  # nothing would be narrowed, so no cell is cut
    assert table["Datensatz"].tolist() == [glossary.DATASETS[k].label for k in glossary.DATASET_KEYS]
    for (_, raw), (_, shown) in zip(fresh.iterrows(), table.iterrows()):
        if raw["stichtag"] is None:
            assert shown["Stichtag"] == fmt.MISSING and pd.isna(shown["Datei"])
        else:
            assert shown["Stichtag"] == fmt.date(raw["stichtag"])
            assert shown["Importiert am"] == fmt.date(dt.datetime.fromisoformat(raw["imported_at"]))
            assert shown["Zeilen"] == fmt.integer(raw["rows"])
            assert shown["Datei"] == data_view.short_file_name(raw["file_name"])


@given(names, st.integers(10, 80))
def test_a_file_name_is_shortened_only_when_too_long(name, limit):
    short = data_view.short_file_name(name, limit)
    if len(name) <= limit:
        assert short == name
    else:
        assert len(short) == limit
        # some "…" of the short name joins a start and an end of the name, neither empty
        assert any(short[k] == "…" and 0 < k < limit - 1 and name.startswith(short[:k])
                   and name.endswith(short[k + 1:]) for k in range(limit)), (name, short)


@given(stems, st.dates(dt.date(2000, 1, 1), dt.date(2100, 1, 1)), st.sampled_from(["xlsx", "xls", "csv", "ods"]))
def test_a_long_export_name_keeps_its_date_and_extension(stem, day, ext):
    """Offices name exports "<what>_<YYYY-MM-DD>.<ext>" or "<what> <DD.MM.YYYY>.<ext>": the end is what
    tells two exports of one dataset apart."""
    for name in (f"{stem}_{day.isoformat()}.{ext}", f"{stem} {fmt.date(day)}.{ext}"):
        short = data_view.short_file_name(name)
        assert short.endswith(name[-16:]) and len(short) <= data_view.FILE_NAME_CHARS


def test_missing_file_names_stay_missing():
    assert data_view.short_file_name(None) is None
    assert data_view.short_file_name(float("nan")) is None
