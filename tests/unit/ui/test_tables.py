"""Display tables (issue #17): numbers right-aligned, all rows, widths that fit the projector, and the
one-line data stamp of council mode."""

from __future__ import annotations

import datetime as dt

import pandas as pd
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
