"""The import fast paths give exactly the results of the general code paths they short-cut.

(Speed work for the 50,000-stay benchmark: scripts/bench_import.py.)
"""

from __future__ import annotations

import datetime as dt
import re

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from ankunft.core import glossary
from ankunft.importing import parse, rows

RES = glossary.DATASETS["residents"]

_texts = st.sampled_from(["P000001", "P2", " P3", "P4 ", "P  5", "k.A.", "K. A.", "-", "", "a\nb", "x\ty", "Ä1",
                          "n.v.", "NA", "Summe", "Halle 3", "\x0bP6", "P7\x1f", "none", "Null", "?", "…"])


def _general_parse_text(vals: list[str]) -> list:
    """parse_text's vectorised branch (before the fast path existed)."""
    s = pd.Series(vals, dtype="str").str.strip()
    if any(s.str.contains(w, regex=False).any() for w in ("  ", "\n", "\t", "\r")):
        s = s.str.replace(r"\s+", " ", regex=True)
    key = s.str.lower().str.replace(" ", "", regex=False)
    s = s.mask(key.isin(parse.MISSING_LIST) | (s == ""))
    return s.to_numpy(dtype=object, na_value=None).tolist()


@settings(max_examples=200, deadline=None)
@given(st.lists(_texts, min_size=1, max_size=12))
def test_clean_ascii_texts_only_when_general_path_keeps_every_cell(vals):
    fast = parse.clean_ascii_texts(vals)
    general = _general_parse_text(vals)
    if fast is not None:
        assert fast.tolist() == vals
        assert general == vals


def test_clean_ascii_texts_examples():
    assert parse.clean_ascii_texts(["P000001", "P000002", "A 1"]).tolist() == ["P000001", "P000002", "A 1"]
    assert parse.clean_ascii_texts(["P1", " P2"]) is None  # leading space
    assert parse.clean_ascii_texts(["P1", "k.A."]) is None  # missing-value token
    assert parse.clean_ascii_texts(["P1", ""]) is None  # empty cell
    assert parse.clean_ascii_texts(["P1", "Ä2"]) is None  # not ASCII: general path
    assert parse.clean_ascii_texts(["P1", "P\x002"]) is None  # separator inside a cell
    ids = [f"P{i:06d}" for i in range(5000)]
    values, issues = parse.parse_text(ids, RES.field("person_id"))
    assert values.tolist() == ids and issues == []


_date_cells = st.one_of(
    st.sampled_from(["03.02.2016", "3.2.16", "2016-02-03", "31.02.2016", "k.A.", "-", "", "02/2016", "März 2016",
                     "31.12.9999", "12/9999", "2016", "20160203", "unbekannt", "#NV", "foo"]),
    st.dates(min_value=dt.date(1, 1, 1), max_value=dt.date(9999, 12, 31)),
    st.datetimes(min_value=dt.datetime(1800, 1, 1), max_value=dt.datetime(2300, 1, 1)),
    st.sampled_from([42000.0, 42000.5, 0.0, -0.0, -3.0, 20160203.0, 3e6, float("nan"), float("inf")]),
    # serial numbers around the bounds (1, 31.12.9999) and the yyyymmdd numbers
    st.sampled_from([1.0, 0.999, 1.5, 2958465.0, 2958465.9, 2958466.0, 19000101.0, 21001231.0, -float("inf")]),
    st.floats(min_value=-10, max_value=3e7, allow_nan=False),
    st.none(),
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_date_cells, min_size=0, max_size=15))
def test_dates_by_value_equals_dates_by_type(vals):
    fast = parse.dates_by_value(vals, "Einzug")
    assert fast is not None
    slow = parse.dates_by_type(vals, "Einzug")
    assert fast[0].tolist() == slow[0].tolist()
    key = lambda i: i.pos  # noqa: E731
    assert [(i.pos, i.code, i.value, i.message) for i in sorted(fast[1], key=key)] == \
           [(i.pos, i.code, i.value, i.message) for i in sorted(slow[1], key=key)]


def test_dates_by_value_leaves_ints_and_bools_to_the_typed_path():
    # 1 == 1.0 == True: one dict would mix them up
    assert parse.dates_by_value([1.0, 1, True], "Einzug") is None
    out, issues = parse.parse_dates([42000.0, 42000, True], RES.field("move_in"))
    assert pd.DatetimeIndex(out)[:2].strftime("%d.%m.%Y").tolist() == ["27.12.2014", "27.12.2014"]
    assert [(i.pos, i.code) for i in issues] == [(2, "not_a_date")]


_label_lines = st.sampled_from(["Summe", "  summe Haus 1", "Gesamt", "Insgesamt:", "Stadt insgesamt", "Halle 3",
                                "P000001", "Durchschnitt", "Ø 12", "Σ", "ALLE", "Zwischensumme A", "Mittelwert",
                                "Total", "average x", "x Summe", "\tGESAMT", "Personen-Nr.", "personen-nr. ", ""])


@settings(max_examples=300, deadline=None)
@given(st.lists(_label_lines, min_size=0, max_size=12))
def test_lines_matching_equals_full_scan(lines):
    text = "\n".join(lines)
    assert rows.lines_matching(rows.LABEL_LINE, text, rows.LABEL_WORDS) == \
        set(rows.LABEL_LINE.findall(text))
    probe = re.compile(r"^[ \t]*" + re.escape("Personen-Nr.") + r"[ \t]*$", re.IGNORECASE | re.MULTILINE)
    assert rows.lines_matching(probe, text, ("personen-nr.",)) == set(probe.findall(text))


def test_lines_matching_finds_the_sum_row_among_ids():
    text = "\n".join([f"P{i:06d}" for i in range(1000)] + ["Gesamt", "Halle 3"])
    assert rows.lines_matching(rows.LABEL_LINE, text, rows.LABEL_WORDS) == {"Gesamt"}


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(_texts, st.none(), st.just(float("nan")), st.just(1.5), st.just(True),
                          st.just(b"x"), st.just(dt.date(2020, 1, 2)), st.just(7)), min_size=0, max_size=8))
def test_text_columns_as_str_equal_astype(vals):
    col = pd.Series(np.array(vals, dtype=object), name="person_id")
    f = RES.field("person_id")
    got = glossary._as_dtype(col, f)
    want = col.astype("str") if col.notna().any() else pd.Series(pd.NA, index=col.index, dtype="str")
    assert str(got.dtype) == str(want.dtype)
    assert got.dtype == want.dtype
    pd.testing.assert_series_equal(got, want, check_names=False)
    assert [type(v) for v in got.tolist()] == [type(v) for v in want.tolist()]


def test_as_dtype_returns_canonical_columns_unchanged():
    num = pd.Series([1.0, np.nan, 3.5])
    assert glossary._as_dtype(num, RES.field("birth_year")) is num
    days = pd.Series(pd.to_datetime(["2020-01-02", None]).astype("datetime64[ns]"))
    assert glossary._as_dtype(days, RES.field("move_in")) is days
    # a time of day is still cut to the date
    noon = pd.Series(pd.to_datetime(["2020-01-02 12:00"]).astype("datetime64[ns]"))
    assert glossary._as_dtype(noon, RES.field("move_in")).dt.strftime("%d.%m.%Y %H:%M").tolist() == \
        ["02.01.2020 00:00"]
    flags = pd.Series(pd.array([True, None], dtype="boolean"))
    assert glossary._as_dtype(flags, RES.field("may_move_out")) is flags


def test_parse_text_many_distinct_ids_same_as_general_path():
    ids = [f"P{i:06d}" for i in range(3000)]
    values, issues = parse.parse_text(ids, RES.field("person_id"))
    assert values.tolist() == ids and issues == []
    # one untrimmed or missing cell sends the column through the general path
    messy = ids[:-2] + [" P999998", "k.A."]
    values, _ = parse.parse_text(messy, RES.field("person_id"))
    assert values.tolist()[-2:] == ["P999998", None]
    assert values.tolist()[:-2] == ids[:-2]
    # numbers among the ids: no fast path, ids written as numbers become text
    mixed = ids[:-1] + [17.0]
    values, _ = parse.parse_text(mixed, RES.field("person_id"))
    assert values.tolist()[-1] == "17"


@settings(max_examples=50, deadline=None)
@given(st.lists(_date_cells, min_size=1, max_size=30))
def test_parse_dates_parses_each_distinct_text_once(vals):
    """A date column is parsed in one pass: a distinct text goes through parse_date_text at most once
    (common DD.MM.YYYY texts are read by dmy_days instead)."""
    from unittest import mock

    from ankunft.importing import dates

    calls: list[str] = []
    real = dates.parse_date_text
    with mock.patch.object(dates, "parse_date_text", lambda s: calls.append(s) or real(s)):
        dates.parse_dates(vals, RES.field("move_in"))
    texts = [v for v in vals if isinstance(v, str)]
    assert len(calls) == len(set(calls)) and set(calls) <= set(texts)
    assert set(texts) - set(calls) <= {t for t, d in zip(texts, dates.dmy_days(texts).tolist()) if d != dates._NAT}


def _reference_parse_category(values, f, dataset, value_map=None):
    """parse_category before the one-pass mapping (texts, then a second set and pass over them)."""
    from ankunft.importing.categories import category_lookup, map_category

    texts, _ = parse.parse_text(values, f)
    if not f.choices:
        return texts, []
    lookup = category_lookup(dataset, f)
    chosen = {k: v for k, v in (value_map or {}).items() if v in f.choices}
    cache = {t: (None if t is None else chosen.get(t) or map_category(t, dataset, f, lookup))
             for t in set(texts.tolist())}
    unknown = {t for t, c in cache.items() if t is not None and c is None}
    out = np.empty(len(texts), dtype=object)
    out[:] = [cache[t] or t for t in texts.tolist()]
    issues = [(i, "unknown_category", t) for i, t in enumerate(texts.tolist()) if t in unknown] if unknown else []
    return out, issues


def _category_cells(ds_key: str, key: str):
    f = glossary.DATASETS[ds_key].field(key)
    words = list(f.choices) + [c.lower() for c in f.choices] + [f" {c} " for c in f.choices[:3]]
    words += ["k.A.", "-", "", "  ", "unbekannt", "Sonstiges", "anderes", "x", "Halle  3", "a\nb", "Ä"]
    return f, st.one_of(st.sampled_from(words), st.text(max_size=6), st.none(), st.just(float("nan")),
                        st.integers(-3, 3), st.floats(allow_nan=False, width=32), st.booleans())


_CATEGORY_FIELDS = [("residents", "sex"), ("residents", "residence_status"), ("accommodations", "status"),
                    ("housing", "status"), ("services", "category"), ("accommodations", "type")]


@settings(max_examples=120, deadline=None)
@given(st.data(), st.sampled_from(_CATEGORY_FIELDS), st.integers(1, 40))
def test_parse_category_equals_reference(data, which, repeat):
    """Same values and unknown-value issues as the two-pass code, for columns of few and of many
    distinct cells (repeated cells take the one-pass table path) and with the officer's mapping."""
    f, cells = _category_cells(*which)
    distinct = data.draw(st.lists(cells, min_size=1, max_size=12))
    vals = data.draw(st.lists(st.sampled_from(distinct), min_size=1, max_size=len(distinct) * repeat))
    value_map = data.draw(st.one_of(st.none(), st.dictionaries(st.sampled_from(
        [v for v in distinct if isinstance(v, str)] or ["x"]), st.sampled_from(list(f.choices) + ["kein Wert"]))))
    got, issues = parse.parse_category(vals, f, which[0], value_map)
    want, want_issues = _reference_parse_category(vals, f, which[0], value_map)
    assert got.tolist() == want.tolist()
    assert [(i.pos, i.code, i.value) for i in issues] == want_issues


_dmy_texts = st.one_of(
    st.builds(lambda d, m, y: f"{d:02d}.{m:02d}.{y:04d}", st.integers(0, 39), st.integers(0, 19), st.integers(0, 9999)),
    st.text(alphabet="0123456789.٣², -/\x00\n", min_size=8, max_size=12),
    st.dates().map(lambda d: f"{d.day:02d}.{d.month:02d}.{d.year:04d}"))


@settings(max_examples=200, deadline=None)
@given(st.lists(_dmy_texts, max_size=20))
def test_dmy_days_reads_exactly_what_parse_date_text_reads(texts):
    """The vectorised DD.MM.YYYY reader gives parse_date_text's day wherever it gives one, and gives
    one for every valid two-digit-day/month date the general parser reads from its first pattern."""
    from ankunft.importing import dates

    got = dates.dmy_days(texts).tolist()
    for t, day in zip(texts, got):
        d, code, _ = dates.parse_date_text(t)
        common = len(t) == 10 and t.isascii() and re.fullmatch(r"\d\d\.\d\d\.\d{4}", t) is not None
        if day != dates._NAT:
            assert code is None and d is not None and d.toordinal() - dt.date(1970, 1, 1).toordinal() == day
        else:
            assert not (common and code is None and d is not None), t


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(_dmy_texts, _date_cells), min_size=0, max_size=25))
def test_dates_by_value_with_common_texts_equals_dates_by_type(vals):
    from ankunft.importing import dates

    fast = dates.dates_by_value(vals, "Einzug")
    if fast is None:
        return
    slow = dates.dates_by_type(vals, "Einzug")
    assert fast[0].tolist() == slow[0].tolist()
    assert sorted((i.pos, i.code, i.value, i.message) for i in fast[1]) == \
        sorted((i.pos, i.code, i.value, i.message) for i in slow[1])


_cells = st.one_of(st.sampled_from(["Summe", "Gesamt", "Zwischensumme Nord", "Halle 3", "Alle", "insgesamt", "",
                                    "Nr.", "Summe\nNord", "P1", "Durchschnitt", "Σ", "Morlautern insgesamt"]),
                   st.text(max_size=6), st.none(), st.floats(allow_nan=False), st.integers(-3, 3),
                   st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2030, 1, 1)))


@settings(max_examples=150, deadline=None)
@given(st.lists(_cells, max_size=40), st.sets(st.text(max_size=4) | st.sampled_from(["Summe", "Gesamt", ""]),
                                              max_size=12))
def test_positions_equals_the_scan_over_every_cell(cells, values):
    assert rows.positions(cells, values) == [j for j, v in enumerate(cells) if v in values]


class _JoinFirst(rows._ColumnTexts):
    """The column texts as before the few-distinct shortcut: every column joined whole first."""

    def joined(self, c):
        if c not in self._joined:
            lst = self.as_list(c)
            try:
                text = "\n".join(lst)
            except TypeError:
                text = None
            if text is None or not text.isascii():
                text = "\n".join(u for u in set(lst) if type(u) is str and u and "\n" not in u)
            self._joined[c] = text
        return self._joined[c]


@settings(max_examples=25, deadline=None)
@given(st.lists(st.lists(_cells, min_size=3, max_size=3), min_size=1, max_size=6), st.integers(1001, 1100),
       st.randoms(use_true_random=False))
def test_row_kinds_of_long_few_distinct_columns_as_when_joined_whole(pool, n, rnd):
    """Long columns of a few distinct cells (label words, multi-line cells, numbers, dates) are scanned by
    their distinct texts: the same kinds and reasons as scanning the whole column."""
    grid = [list(rnd.choice(pool)) for _ in range(n)]
    cols = [np.array([r[c] for r in grid], dtype=object) for c in range(3)]
    counts = np.array([sum(v not in ("", None) for v in r) for r in grid], dtype=np.int32)
    args = (cols, n, [], [["Nr.", "Name", "Wert"]], [0, 1, 2], counts)
    new = rows.classify_rows(*args)
    real = rows._ColumnTexts
    try:
        rows._ColumnTexts = _JoinFirst
        old = rows.classify_rows(*args)
    finally:
        rows._ColumnTexts = real
    assert new == old


# --- one list per column, shared by the screen, the row kinds and the parsers (pipeline.column_texts) -------
class _FreshLists(rows._ColumnTexts):
    """The code before the shared lists: every caller converts the column again."""

    def as_list(self, c: int) -> list:
        return self.cols[c].tolist()


_stay_cells = st.tuples(
    st.sampled_from(["P1", "P2", "P3", "P1", " P4", "k.A.", "", "Summe", "Zwischensumme 001", "Gesamt"]),
    st.sampled_from(["001", "Asternweg", "002", "", "insgesamt"]),
    st.one_of(st.dates(min_value=dt.date(2010, 1, 1), max_value=dt.date(2026, 9, 1)),
              st.sampled_from(["01.02.2021", "31.02.2021", "", "k.A.", 44000.0])),
    st.sampled_from(["m", "w", "d", "x", "", "männlich"]),
    st.sampled_from([1980.0, 2001.0, "", "1975", "abc"]),
)


@settings(max_examples=20, deadline=None)
@given(st.lists(_stay_cells, min_size=1, max_size=25), st.lists(st.integers(0, 24), max_size=3),
       st.booleans())
def test_shared_column_lists_give_the_reports_of_fresh_lists(stays, blanks, footnote):
    """Skipped rows in the middle (the parsers take a gather) or only around the block (a slice of the
    shared list): the same report and frame as converting each column for each caller, and the
    sheet's rows are left as they were."""
    import copy

    from ankunft.importing import pipeline
    from ankunft.importing.io.read_ahead import Loaded
    from ankunft.importing.io.readers import RawSheet, RawWorkbook

    body = [list(s) for s in stays]
    for j in sorted(set(blanks), reverse=True):
        body.insert(min(j, len(body)), ["", "", "", "", ""])
    sheet_rows = [["Stand: 01.10.2026", "", "", "", ""], ["Personen-Nr.", "Unterkunft", "Einzug", "Geschlecht",
                                                          "Geburtsjahr"], *body]
    if footnote:
        sheet_rows += [["", "", "", "", ""], ["Quelle: Fachverfahren", "", "", "", ""]]
    before = copy.deepcopy(sheet_rows)

    def check():
        wb = RawWorkbook(kind="xlsx", sheets=[RawSheet(name="Bewohner", rows=sheet_rows)])
        return pipeline.check_files([Loaded(name="Bewohner.xlsx", workbook=wb)])[0]

    shared = check()
    real = pipeline.column_texts
    pipeline.column_texts = _FreshLists
    try:
        fresh = check()
    finally:
        pipeline.column_texts = real
    assert shared.to_json() == fresh.to_json()
    for a, b in zip(shared.tables, fresh.tables):
        pd.testing.assert_frame_equal(a.frame, b.frame)
    assert sheet_rows == before


# --- overlapping stays: numpy sort of factorized ids instead of a frame sort by id text ------------------
def _overlaps_by_frame_sort(df: pd.DataFrame) -> set[int]:
    """validate._resident_rules' overlap check before validate.overlapping_stays existed."""
    sub = df[df["person_id"].notna() & df["move_in"].notna()][["person_id", "move_in", "move_out", "_row"]]
    if len(sub) <= 1:
        return set()
    sub = sub.sort_values(["person_id", "move_in"], kind="stable")
    same = sub["person_id"].eq(sub["person_id"].shift())
    prev_out = sub["move_out"].shift()
    prev_in = sub["move_in"].shift()
    overlap = same & (prev_out.isna() | (prev_out > sub["move_in"])) & (prev_in != sub["move_in"])
    return set(sub.loc[overlap.fillna(False).to_numpy(bool), "_row"].tolist())


_day = st.one_of(st.none(), st.integers(0, 12).map(lambda d: dt.date(2020, 1, 1) + dt.timedelta(days=3 * d)))


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(st.sampled_from([None, "P1", "P2", "p1", "P10", "Ä3", ""]), _day, _day),
                max_size=14), st.randoms(use_true_random=False))
def test_overlapping_stays_equals_frame_sort(stays, rnd):
    """Few persons, few days: ties, stays without move-out, move-outs before move-ins, missing ids
    and dates, rows in any order – the same flagged rows as the frame sort."""
    from ankunft.importing import validate

    rows = list(range(10, 10 + len(stays)))
    rnd.shuffle(rows)
    raw = pd.DataFrame({"person_id": [s[0] for s in stays], "move_in": [s[1] for s in stays],
                        "move_out": [s[2] for s in stays]})
    df = glossary.conform("residents", raw)
    df["_row"] = np.array(rows, dtype="int64")
    assert validate.overlapping_stays(df) == _overlaps_by_frame_sort(df)


def test_overlapping_stays_examples():
    from ankunft.importing import validate

    d = dt.date
    raw = pd.DataFrame({"person_id": ["P1", "P1", "P2", "P2", "P1"],
                        "move_in": [d(2020, 1, 1), d(2020, 3, 1), d(2021, 1, 1), d(2021, 5, 1), d(2020, 2, 1)],
                        "move_out": [d(2020, 2, 1), None, d(2021, 6, 1), None, d(2020, 4, 1)]})
    df = glossary.conform("residents", raw)
    df["_row"] = np.arange(2, 7, dtype="int64")
    # P1: 01.01.–01.02., 01.02.–01.04., from 01.03. (overlaps the stay to 01.04.); P2: the second starts
    # before the first ends
    assert validate.overlapping_stays(df) == {3, 5}
    assert _overlaps_by_frame_sort(df) == {3, 5}


@settings(max_examples=40, deadline=None)
@given(st.lists(_cells, min_size=1, max_size=8), st.integers(1000, 1300), st.randoms(use_true_random=False))
def test_shared_texts_keep_every_cell_and_its_type(pool, n, rnd):
    """A long column of few distinct cells: the same cells, each of its own type (1, 1.0 and True stay apart);
    in an all-text column equal texts become one object."""
    cells = [rnd.choice(pool) for _ in range(n)]
    fresh = ["".join(list(v)) if type(v) is str else v for v in cells]  # equal texts as separate objects, as calamine makes them
    out = rows.shared_texts(fresh)
    assert [(type(v), v) for v in out] == [(type(v), v) for v in cells]
    if all(type(v) is str for v in cells):
        assert len({id(v) for v in out}) == len(set(cells))
