"""Display tables (issue #17): numbers right-aligned, all rows, widths that fit the projector, and the
one-line data stamp of council mode."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ankunft.core import fmt
from ankunft.ui import frame, tables

amounts = st.floats(min_value=-5e6, max_value=5e6, allow_nan=False)
formatted = st.one_of(
    amounts.map(fmt.integer), amounts.map(lambda x: fmt.num(x, 1)), st.floats(0, 3).map(fmt.pct),
    amounts.map(fmt.eur), st.floats(0, 500).map(fmt.m2), amounts.map(lambda x: fmt.signed(x, 1)),
    st.integers(0, 2000).map(lambda n: f"{fmt.integer(n)} Tage"), st.sampled_from(["≤2", "•", "–"]),
)
words = st.text(alphabet="abcdefghijklmnopqrstuvwxyzäöüßABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÜ -/", min_size=1,
                max_size=30).filter(lambda t: any(c.isalpha() for c in t))


@settings(max_examples=300, deadline=None)
@given(formatted)
def test_every_number_the_formatter_writes_looks_numeric(text):
    assert tables.looks_numeric(text), text


@settings(max_examples=300, deadline=None)
@given(words)
def test_words_are_not_numbers(text):
    assert not tables.looks_numeric(text), text


@settings(max_examples=100, deadline=None)
@given(st.lists(formatted, min_size=1, max_size=12), st.lists(words, min_size=1, max_size=12))
def test_number_columns_get_right_alignment_text_columns_do_not(numbers, names):
    n = min(len(numbers), len(names))
    numbers = numbers[:n]
    if all(v in ("≤2", "•", "–") for v in numbers):  # only markers: no number to align
        numbers[0] = "1.234"
    df = pd.DataFrame({"Name": names[:n], "Wert": numbers, "Anzahl": range(n), "Code": ["01"] * n})
    cfg = tables.column_config(df, {"Name": {"help": "Hilfe"}})
    assert cfg["Wert"]["alignment"] == "right" and cfg["Anzahl"]["alignment"] == "right"
    assert "alignment" not in cfg["Name"] and cfg["Name"]["help"] == "Hilfe"  # the page's config is kept
    assert "Code" not in cfg  # a district number "01" is a code, not an amount


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(words, words, formatted), min_size=1, max_size=20), st.integers(500, 1400))
def test_fitted_widths_fit_and_every_column_gives_way_in_proportion(rows, available):
    df = pd.DataFrame(rows, columns=["Unterkunft mit langem Namen", "Hinweise", "Belegung"])
    natural = tables.natural_widths(df)
    widths = tables.fitted_widths(df, available)
    if widths is None:
        assert sum(natural.values()) <= available
        return
    assert sum(widths.values()) <= available
    ratios = [widths[c] / natural[c] for c in natural if widths[c] > 40]
    assert max(ratios) - min(ratios) < 0.05, ratios  # nobody's text is cut alone


def test_a_real_table_shape_fits_the_projector():
    """The Übersicht district table (10 columns) at 1280 px: 1.181 px wide before, no scroll after."""
    df = pd.DataFrame({
        "Nr.": [f"{k:02d}" for k in range(1, 19)],
        "Stadtteil": ["Bännjerrück/Karl-Pfaff-Siedlung"] * 18,
        "Unterkünfte": ["2"] * 18, "Bewohner in Unterkünften": ["1.234"] * 18, "Plätze": ["220"] * 18,
        "Offene Wohnungsmängel": ["6"] * 18, "Kita-Versorgung": ["88,0 %"] * 18, "Einwohner": ["11.442"] * 18,
        "Fokusgebiet": ["ja"] + [""] * 17,
    })
    widths = tables.fitted_widths(df, tables.COUNCIL_WIDTH_PX)
    assert widths is None or sum(widths.values()) <= tables.COUNCIL_WIDTH_PX


def test_short_stamp_names_the_common_stichtag_once_and_the_others():
    day, other = dt.date(2026, 9, 30), dt.date(2026, 6, 30)
    text = frame.short_stamp({"accommodations": day, "residents": day, "districts": other}, demo=True)
    assert text == "**Synthetische Beispieldaten** · Datenstand: 30.09.2026; Stadtteile 30.06.2026"
    assert frame.short_stamp({"accommodations": day}, demo=False) == "Datenstand: 30.09.2026"
    assert frame.short_stamp({}, demo=False) == "Datenstand: keine Daten"


@settings(max_examples=100, deadline=None)
@given(st.dictionaries(st.sampled_from(["accommodations", "residents", "housing", "services", "districts"]),
                       st.dates(dt.date(2020, 1, 1), dt.date(2030, 12, 31)), min_size=1))
def test_short_stamp_shows_every_stichtag(days):
    text = frame.short_stamp(days, demo=False)
    for d in days.values():
        assert fmt.date(d) in text
    main = text.split()[1].rstrip(";")  # "Datenstand: 30.09.2026; …": a most common Stichtag, named once
    counts = {fmt.date(d): list(days.values()).count(d) for d in days.values()}
    assert counts[main] == max(counts.values()) and text.count(main) == 1
    assert text.count(";") == sum(1 for d in days.values() if fmt.date(d) != main)


# --- council mode: whole cells at the projector (issue #17, the Stadtteilprofil's Einordnung) ---------
sentence_words = st.text(alphabet="abcdefghijklmnopqrstuvwxyzäöüßABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.,–%()/-",
                         min_size=1, max_size=16)
sentences = st.lists(sentence_words, min_size=1, max_size=30).map(" ".join)


def test_council_css_sets_the_root_font_the_layout_assumes():
    """The grid wraps only from 4rem rows: the layout must know council mode's root font."""
    assert f"html {{ font-size: {tables.COUNCIL_ROOT_PX}px; }}" in frame.COUNCIL_CSS
    assert tables.wrap_min_row_px(tables.COUNCIL_ROOT_PX) > 4 * 18 and tables.wrap_min_row_px() > 4 * 16


@settings(max_examples=50, deadline=None)  # ≈ 1 s (a layout bisects each cell's width per line count)
@given(st.lists(st.tuples(words, formatted, sentences), min_size=1, max_size=12), words)
def test_a_council_layout_keeps_every_cell_whole_and_wraps_above_the_threshold(rows, area):
    area = area.strip() if area.strip() not in ("", "Kennzahl", "Einordnung") else "Gebiet"
    df = pd.DataFrame(rows, columns=["Kennzahl", area, "Einordnung"])
    layout = tables.council_layout(df)
    if layout is None:  # only when not even MAX_LINES fit the folded projector width
        widest = tables.layout_for(df, tables.MAX_LINES, tables.COUNCIL_ROOT_PX).widths
        assert sum(widest.values()) + len(widest) > tables.COUNCIL_FOLDED_PX - tables.EXPANDER_PAD_PX
        return
    scale = tables.COUNCIL_ROOT_PX / tables.ROOT_PX
    assert sum(layout.widths.values()) + len(layout.widths) <= tables.COUNCIL_FOLDED_PX - tables.EXPANDER_PAD_PX
    for col, width in layout.widths.items():
        chars = int((width / scale - tables.CELL_PAD_PX) / tables.CHAR_PX)
        text_width = width - tables.CELL_PAD_PX * scale
        for cell in df[col].astype(str):
            if layout.whole_words:  # measured glyph widths, and no word wider than the cell
                assert tables.lines_px(cell, text_width, tables.COUNCIL_ROOT_PX) <= layout.lines, (col, cell, width)
                assert max(tables.text_px(w, tables.COUNCIL_ROOT_PX) for w in cell.split(" ")) <= text_width
            else:
                assert tables.lines_needed(cell, chars) <= layout.lines, (col, cell, width)
        assert tables.header_px(col, tables.COUNCIL_ROOT_PX) <= width  # a header is never wrapped
    if layout.lines > 1:  # the grid wraps only in rows taller than 4rem at council mode's root font
        assert layout.row_height > 4 * tables.COUNCIL_ROOT_PX
        assert layout.row_height >= layout.lines * tables.LINE_PX * scale


@settings(max_examples=200, deadline=None)
@given(words, words)
def test_header_widths_add_up_and_scale_with_the_root_font(a, b):
    """Measured glyph widths: a longer header is never narrower, council mode's is 18/16 as wide."""
    assert tables.text_px(a + b) == pytest.approx(tables.text_px(a) + tables.text_px(b))
    assert tables.text_px(a, tables.COUNCIL_ROOT_PX) == pytest.approx(tables.text_px(a) * 18 / 16)
    assert tables.header_px(a + b) >= max(tables.header_px(a), tables.header_px(b))


def test_a_label_in_the_column_config_is_what_the_width_is_made_for():
    df = pd.DataFrame({"Median Tage bis Behebung": ["12"], "Gebiet": ["Stadt"]})
    cfg = {"Median Tage bis Behebung": {"label": "Tage", "help": "Median Tage bis Behebung"}}
    headed = tables._labelled(df, cfg)
    assert list(headed.columns) == ["Tage", "Gebiet"]
    assert tables.layout_for(headed, 1).widths["Tage"] < tables.layout_for(df, 1).widths["Median Tage bis Behebung"]


@settings(max_examples=200, deadline=None)
@given(sentences, st.integers(1, tables.MAX_LINES), st.sampled_from([tables.ROOT_PX, tables.COUNCIL_ROOT_PX]))
def test_a_whole_words_width_keeps_the_lines_and_is_the_narrowest(text, lines, root):
    width = tables.whole_words_width(text, lines, root)
    text_width = width - tables.CELL_PAD_PX * root / tables.ROOT_PX
    assert tables.lines_px(text, text_width, root) <= lines
    longest = max(tables.text_px(w, root) for w in text.split(" "))
    assert longest <= text_width  # no word broken
    narrower = text_width - 2
    assert tables.lines_px(text, narrower, root) > lines or longest > narrower or \
        tables.text_px(text, root) / lines > narrower  # 2 px less: another line, a broken word, or no room


@settings(max_examples=200, deadline=None)
@given(sentences, st.floats(60, 600))
def test_lines_px_is_a_greedy_wrap_at_spaces(text, width):
    """Counted independently: line by line, as many whole words as fit (every word fits a line here)."""
    if max(tables.text_px(w) for w in text.split(" ")) > width:
        width = max(tables.text_px(w) for w in text.split(" "))
    lines, line = 1, ""
    for w in text.split(" "):
        trial = f"{line} {w}" if line else w
        if line and tables.text_px(trial) > width + 1e-9:
            lines, line = lines + 1, w
        else:
            line = trial
    assert tables.lines_px(text, width) == lines
