"""Council mode, issue #17 "no mid-word breaks": with the council headers of the view models
(``COUNCIL_HEADERS``), the Übersicht's district table and the Wohnqualität table are laid out with every
word whole (``tables.council_layout`` finds a whole-words layout) for any selection of the city's real
district names and numbers up to the city's size. The browser test
(tests/browser/test_council_tables.py::test_no_council_table_breaks_a_word) checks the drawn result.
The working mode keeps the full headers: the council labels are only the page's column config.
"""

from __future__ import annotations

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from ankunft.core import fmt, reference
from ankunft.indicators import overview as ov_mod
from ankunft.ui import tables
from ankunft.views import housing_view as hv
from ankunft.views import overview_view as vv
from ankunft.views.housing_counts import SHARE_ITEMS

DISTRICTS = list(reference.DISTRICTS)
_subset = st.lists(st.sampled_from(DISTRICTS), min_size=1, max_size=len(DISTRICTS), unique_by=lambda d: d.id)
_count = st.integers(0, 99_999)


@settings(max_examples=30, deadline=None)
@given(_subset, st.data())
def test_overview_council_table_keeps_every_word_whole(districts, data):
    n = len(districts)
    raw = pd.DataFrame({
        "district_id": [d.id for d in districts], "district": [d.name for d in districts],
        "accommodations": data.draw(st.lists(st.integers(0, 99), min_size=n, max_size=n)),
        "residents": data.draw(st.lists(_count, min_size=n, max_size=n)),
        "places": data.draw(st.lists(_count, min_size=n, max_size=n)),
        "open_defects": data.draw(st.lists(st.integers(0, 9_999), min_size=n, max_size=n)),
        "kita_coverage": data.draw(st.lists(st.floats(0, 2), min_size=n, max_size=n)),
        "population": data.draw(st.lists(st.integers(0, 999_999), min_size=n, max_size=n)),
        "focus": data.draw(st.lists(st.booleans(), min_size=n, max_size=n)),
    })
    display = ov_mod.district_display(raw)
    assert set(vv.COUNCIL_HEADERS) <= set(display.columns)  # every short label belongs to a real header
    shown = tables._frame_of(vv.styled_districts(display, [])).rename(columns=vv.COUNCIL_HEADERS)
    layout = tables.council_layout(shown)
    assert layout is not None and layout.whole_words, (layout, [d.name for d in districts])


@settings(max_examples=15, deadline=None)
@given(_subset, st.data())
def test_housing_council_table_keeps_every_word_whole(districts, data):
    areas = [reference.FOCUS_LABEL_DEFAULT, "Stadt Kaiserslautern"] + [f"{d.id} {d.name}" for d in districts]
    counts = st.integers(0, 9_999).map(fmt.integer)
    share = st.floats(0, 1).map(fmt.pct)
    rows = []
    for area in areas:
        row = {"Gebiet": area, "Geprüfte Objekte": data.draw(counts)}
        row.update({label: data.draw(st.sampled_from(["•", "≤2", "–"]) | share) for label, _ in SHARE_ITEMS.values()})
        row.update({"Offene Mängel": data.draw(counts), "Behoben": data.draw(counts),
                    "Median Tage bis Behebung": data.draw(st.integers(0, 9_999).map(fmt.integer))})
        rows.append(row)
    table = pd.DataFrame(rows)
    assert set(hv.COUNCIL_HEADERS) <= set(table.columns)
    layout = tables.council_layout(table.rename(columns=hv.COUNCIL_HEADERS))
    assert layout is not None and layout.whole_words, (layout, areas)


def test_council_labels_are_short_german_and_distinct():
    for labels in (vv.COUNCIL_HEADERS, hv.COUNCIL_HEADERS):
        assert len(set(labels.values())) == len(labels)
        for full, short in labels.items():
            assert tables.header_px(short) < tables.header_px(full), (full, short)


def test_full_headers_would_break_a_name_inside():
    """Held against the short labels: with every district listed, the full headers leave no room for
    the longest names, so the layout would have to break a word (why COUNCIL_HEADERS exist)."""
    raw = pd.DataFrame({"district_id": [d.id for d in DISTRICTS], "district": [d.name for d in DISTRICTS],
                        "accommodations": 12, "residents": 1_234, "places": 1_500, "open_defects": 45,
                        "kita_coverage": 0.95, "population": 12_345, "focus": False})
    full = tables._frame_of(vv.styled_districts(ov_mod.district_display(raw), []))
    layout = tables.council_layout(full)
    assert layout is None or not layout.whole_words
