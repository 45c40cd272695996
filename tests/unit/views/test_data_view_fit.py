"""Daten page, "Aktualität der Daten": the table fits the page with every cell whole, whatever the
store holds (generated file names of any length, row counts, dates, missing datasets), and a long
file name keeps its start and its end. The grid's widths are those ``ui.tables`` estimates (a
column as wide as its longest cell or header); the browser check is tests/browser/test_daten_tables.py."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from ankunft.core import fmt, glossary
from ankunft.importing.io import Limits
from ankunft.storage.snapshots import ACTION_LABELS
from ankunft.ui import tables
from ankunft.views import data_view, text_lines

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


# --- "Gespeicherte Stände" and the log: in an expander, cells wrap, every cell whole ------------------
users = st.one_of(st.sampled_from(["lokal (ohne Anmeldung)", "Beispieldaten", "unbekannt"]),
                  st.emails(), names)
stamps = st.datetimes(dt.datetime(2000, 1, 1), dt.datetime(2100, 1, 1)).map(lambda d: d.isoformat(sep=" "))
days = st.dates(dt.date(1990, 1, 1), dt.date(2100, 12, 31))


def _fits_whole(table: pd.DataFrame, available: int) -> tables.Layout:
    """The layout fits ``available`` px and every cell is shown whole in its lines."""
    layout = tables.wrapped_layout(table, available)
    assert layout is not None, tables.layout_for(table, tables.MAX_LINES).widths
    assert sum(layout.widths.values()) + len(layout.widths) <= available
    for col, width in layout.widths.items():
        chars = int((width - tables.CELL_PAD_PX) / tables.CHAR_PX)
        for cell in table[col].dropna().astype(str):
            assert tables.lines_needed(cell, chars) <= layout.lines, (col, cell, width)
        assert tables.header_px(col) <= width  # the header is never wrapped (measured glyph widths)
    if layout.lines > 1:  # the grid wraps only rows taller than 4rem
        assert layout.row_height >= tables.WRAP_MIN_ROW_PX and layout.row_height >= layout.lines * tables.LINE_PX
    return layout


# names of spaced runs (the shape that wastes most of each wrapped line: issue #17's hypothesis failure)
run_names = st.lists(st.tuples(st.integers(1, 40), st.sampled_from("0WmI_.-@…")), min_size=1, max_size=40).map(
    lambda runs: " ".join(ch * n for n, ch in runs))


@st.composite
def snapshot_lists(draw) -> pd.DataFrame:
    rows = []
    for i in range(draw(st.integers(0, 12))):
        key = draw(st.sampled_from(glossary.DATASET_KEYS))
        rows.append({"id": draw(st.integers(1, 10**6)), "dataset": key, "label": glossary.DATASETS[key].label,
                     "stichtag": draw(days), "rows": draw(st.integers(0, MAX_ROWS)),
                     "file_name": draw(names | run_names), "sheet": "S", "imported_at": draw(stamps),
                     "imported_by": draw(users | run_names),
                     "origin": draw(st.sampled_from(["demo", "import"])), "active": True})
    return pd.DataFrame(rows, columns=["id", "dataset", "label", "stichtag", "rows", "file_name", "sheet",
                                       "imported_at", "imported_by", "origin", "active"])


def _stands(*cells) -> pd.DataFrame:
    """Stored stands from (id, dataset, rows, file name, user)."""
    return pd.DataFrame([{"id": i, "dataset": key, "label": glossary.DATASETS[key].label, "stichtag": dt.date(2000, 1, 1),
                          "rows": rows, "file_name": name, "sheet": "S", "imported_at": "2000-01-01 00:00:00",
                          "imported_by": user, "origin": "demo", "active": True}
                         for i, key, rows, name, user in cells])


# found by hypothesis: spaced runs of 23 characters (longer than a line may break unbroken) wasted most of
# every line, so a 97-character name needed 23 characters a line and the table 786 px of 784
SPACED_RUNS = _stands((100_000, "accommodations", 0, "0", "lokal (ohne Anmeldung)"),
                      (1, "residents", 1_000_000, "0 " + " ".join(["0" * 23] * 4), "lokal (ohne Anmeldung)"))


@pytest.mark.slow  # ≈ 4 s: hypothesis over whole tables; the widest case below runs in the fast tier
@given(snapshot_lists())
@example(SPACED_RUNS)
def test_stored_stands_fit_the_expander_with_every_cell_whole(snaps):
    table = data_view.snapshots_table(snaps)
    _fits_whole(table, tables.EXPANDER_WIDTH_PX)
    for (_, raw), (_, shown) in zip(snaps.iterrows(), table.iterrows()):
        assert shown["Zeilen"] == fmt.integer(raw["rows"]) and shown["Stichtag"] == fmt.date(raw["stichtag"])
        assert shown["Importiert"] == fmt.date_time(raw["imported_at"])
        assert shown["Datei"] == data_view.stand_file_name(raw["file_name"])
        assert shown["von"] == data_view.stand_user(raw["imported_by"])


def test_the_demo_stands_show_whole_file_names():
    """The exports as the offices name them (data/demo) are never shortened."""
    from ankunft.storage.demo_loader import demo_files

    for path in demo_files():
        assert data_view.stand_file_name(path.name) == path.name


words = st.text(st.characters(min_codepoint=33, max_codepoint=0x24F), min_size=1, max_size=40)
sentences = st.lists(words, min_size=1, max_size=30).map(" ".join)


@st.composite
def log_entries(draw) -> dict:
    """One import_log row with its sentence in one of the store's forms, or free text (older entries)."""
    key = draw(st.sampled_from(glossary.DATASET_KEYS))
    label, day = glossary.DATASETS[key].label, draw(days)
    named = f"{label}, Stichtag {fmt.date(day)}"
    rest = draw(sentences | run_names)
    form = draw(st.sampled_from(["prefix", "correction", "free", "no_dataset"]))
    detail = {"prefix": f"{named}: {rest}.",
              "correction": f"Zeile {draw(st.integers(2, 10**6))}, Belegung (Spalte „{draw(words)}“): "
                            f"{draw(words)} → {draw(words)} – {named}, {draw(names)} (Blatt „{draw(words)}“).",
              "free": rest, "no_dataset": rest}[form]
    has_ds = form != "no_dataset"
    return {"id": 1, "at": draw(stamps), "user": draw(users | run_names), "action": "import", "what": draw(
        st.sampled_from(list(ACTION_LABELS.values()))), "dataset": key if has_ds else None,
        "label": label if has_ds else None, "stichtag": day.isoformat() if has_ds else None,
        "snapshot_id": draw(st.one_of(st.none(), st.integers(1, 10**6))), "file_name": draw(st.one_of(st.none(), names)),
        "rows": None, "detail": detail}


@pytest.mark.slow  # ≈ 6 s; the widest case below runs in the fast tier
@given(st.lists(log_entries(), max_size=10))
def test_the_log_fits_the_expander_and_loses_nothing(entries):
    log = pd.DataFrame(entries, columns=["id", "at", "user", "action", "what", "dataset", "label", "stichtag",
                                         "snapshot_id", "file_name", "rows", "detail"])
    table = data_view.log_table(log)
    _fits_whole(table, tables.EXPANDER_WIDTH_PX - tables.SELECT_COLUMN_PX)
    for i, (raw, (_, shown)) in enumerate(zip(entries, table.iterrows())):
        assert shown["Zeitpunkt"] == fmt.date_time(raw["at"]) and shown["Vorgang"] == raw["what"]
        full = raw["detail"]
        if raw["label"]:
            day = fmt.date(dt.date.fromisoformat(raw["stichtag"]))
            assert shown["Stand"] == f"{raw['label']}, {day}"
            named = f"{raw['label']}, Stichtag {day}"
            # the Details column and the Stand column together say all the sentence says
            rebuilt = {full, shown["Details"], f"{named}: {shown['Details']}",
                       shown["Details"].replace(" – ", f" – {named}, ", 1)}
        else:
            assert pd.isna(shown["Stand"])  # shown as "–"
            rebuilt = {shown["Details"]}
        shortened = shown["Details"].endswith("…") and len(shown["Details"]) == data_view.DETAIL_CHARS
        assert full in rebuilt or shortened, (full, shown["Details"])
        # the selected row shows the whole entry: who, when, the whole sentence and the file
        entry = data_view.log_entry(log, i)
        assert fmt.md(full) in entry and fmt.md(raw["user"]) in entry and fmt.date_time(raw["at"]) in entry
        if raw["file_name"]:
            assert fmt.md(raw["file_name"]) in entry


@given(sentences, st.integers(3, tables.MAX_LINES))
def test_a_wrapped_width_is_the_narrowest_that_keeps_the_lines(text, lines):
    width = tables.wrapped_width(text, lines)
    chars = round((width - tables.CELL_PAD_PX) / tables.CHAR_PX)
    assert tables.lines_needed(text, chars) <= lines
    longest = max(len(w) for w in text.split(" "))
    if chars > min(longest, tables.UNBROKEN_CHARS) and chars > -(-len(text) // lines):
        assert tables.lines_needed(text, chars - 1) > lines  # one character narrower needs another line


def test_the_widest_stands_and_log_fit():
    """The longest cells the view lets through (file names, users, sentences at their limits, the most
    rows, the widest dataset label) still fit with every cell whole."""
    long_name = ("Sozialamt_Unterbringung_Gemeinschaftsunterkuenfte_" * 4)[:150] + "_2026-09-30.xlsx"
    user = "maria.mustermann-schneiderhahn." * 3 + "@kaiserslautern.de"
    snaps = pd.DataFrame([{"id": 10**6 - k, "dataset": "residents", "label": glossary.DATASETS["residents"].label,
                           "stichtag": dt.date(2026, 9, 30), "rows": MAX_ROWS, "file_name": long_name, "sheet": "S",
                           "imported_at": "2026-12-07 07:38:00", "imported_by": user, "origin": "import",
                           "active": True} for k in range(12)])
    layout = _fits_whole(data_view.snapshots_table(snaps), tables.EXPANDER_WIDTH_PX)
    assert layout.lines <= tables.MAX_LINES
    sentence = f"2.000.000 Zeilen aus {long_name} (Blatt „Unterkünfte“); ohne 12 fehlerhafte Zeilen (Zeilen " \
               + ", ".join(str(100_000 + k) for k in range(10)) + " …)."
    log = pd.DataFrame([{"id": k, "at": "2026-12-07 07:38:00", "user": user, "action": "import",
                         "what": ACTION_LABELS["demo_removed"], "dataset": "residents",
                         "label": glossary.DATASETS["residents"].label, "stichtag": "2026-09-30", "snapshot_id": 1,
                         "file_name": long_name, "rows": 1,
                         "detail": f"{glossary.DATASETS['residents'].label}, Stichtag 30.09.2026: {sentence}"}
                        for k in range(3)])
    table = data_view.log_table(log)
    _fits_whole(table, tables.EXPANDER_WIDTH_PX - tables.SELECT_COLUMN_PX)
    assert table["Details"].iloc[0].endswith("…") and sentence in data_view.log_entry(log, 0).replace("\\", "")


def _drawn_lines(text: str, chars: int) -> list[str]:
    """The lines as the grid draws them: words added while they fit, a word that does not fit starts a
    new line, a word longer than a line is cut into full lines."""
    lines = [""]
    for word in text.split(" "):
        if lines[-1] and len(lines[-1]) + 1 + len(word) <= chars:
            lines[-1] += " " + word
            continue
        if lines[-1]:
            lines.append("")
        while len(word) > chars:
            lines[-1] = word[:chars]
            lines.append("")
            word = word[chars:]
        lines[-1] = word
    return lines


@given(sentences, st.integers(1, 80))
def test_lines_needed_counts_the_lines_the_grid_draws(text, chars):
    drawn = _drawn_lines(text, chars)
    assert all(len(line) <= chars for line in drawn)
    assert "".join(drawn).replace(" ", "") == text.replace(" ", "")  # nothing dropped
    assert tables.lines_needed(text, chars) == len(drawn)


@given(names, st.integers(14, 40), st.integers(10, 200))
def test_a_stand_name_is_shortened_until_it_fits_its_lines(name, chars, limit):
    """Shortened in the middle to the longest cut that fits MAX_LINES lines of ``chars`` characters."""
    short = data_view.short_file_name(name, limit, chars)
    assert text_lines.fits_lines(short, chars)
    if len(name) <= limit and text_lines.fits_lines(name, chars):
        assert short == name
        return
    assert len(short) <= limit and any(short[k] == "…" and name.startswith(short[:k]) and name.endswith(short[k + 1:])
                                       for k in range(len(short))), (name, short)
    if len(short) < min(limit, len(name) - 1):  # one character more would not fit
        assert not text_lines.fits_lines(data_view.short_file_name(name, len(short) + 1), chars)


@pytest.mark.parametrize("run", range(1, 41))
def test_stands_of_spaced_runs_of_every_length_fit(run):
    """Names and users of runs of one length with single spaces (the shape that wastes most of each
    line), widest glyph count and every lead, at the length limits: the table fits with every cell whole."""
    cells = []
    for lead in range(0, 4):
        name = ("0" * lead + " " + " ".join(["W" * run] * 200))[:data_view.LONG_FILE_CHARS + 5]
        user = (" ".join(["m" * run] * 60))[lead:data_view.USER_CHARS + lead]
        cells.append((10**6 + lead, "residents", MAX_ROWS, name, user))
    _fits_whole(data_view.snapshots_table(_stands(*cells)), tables.EXPANDER_WIDTH_PX)
