"""Issue #18 item 1: "Sonstige Mängel" counts only objects whose defects text names a defect that no
column covers, and `defects_by_type` and `defect_list` agree object by object. Held-out phrasings
(not the demo's texts) generated with hypothesis."""

from __future__ import annotations

import datetime as dt

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from ankunft.indicators import housing as H

STICHTAG = dt.date(2026, 10, 1)
# phrasings of types that have their own column, as other offices write them
KNOWN = ["Heizkörper kalt", "Therme defekt", "keine Dusche", "WC auf dem Flur", "feuchte Wände", "Stockflecken Küche",
         "Schimmelbefall Decke", "kein warmes Wasser", "Boiler kaputt", "Nässe im Keller"]
# defects no column covers
UNKNOWN = ["Tür klemmt", "Steckdose lose", "Dach undicht", "Fenster schließt nicht", "Ungeziefer", "Rauchmelder fehlt",
           "Treppengeländer locker"]
SEPARATORS = ["; ", ", ", " und ", "\n", " sowie "]


@st.composite
def defect_texts(draw):
    items = draw(st.lists(st.sampled_from(KNOWN + UNKNOWN), min_size=0, max_size=4, unique=True))
    sep = draw(st.sampled_from(SEPARATORS))
    empty = draw(st.sampled_from([None, "", "keine", "-"]))
    return (sep.join(items) if items else empty), any(i in UNKNOWN for i in items)


@settings(max_examples=40, deadline=None)
@given(rows=st.lists(defect_texts(), min_size=1, max_size=12), flags=st.data())
def test_other_defects_means_a_defect_no_column_covers(rows, flags):
    n = len(rows)
    df = pd.DataFrame({
        "object_id": [f"O{i}" for i in range(n)], "district_id": ["09"] * n,
        "defects": [t for t, _ in rows],
        "hot_water": flags.draw(st.lists(st.sampled_from([True, False]), min_size=n, max_size=n)),
        "heating": [True] * n, "bath_wc": [True] * n, "damp_mould": [False] * n,
        "inspection_date": pd.to_datetime(["2026-09-01"] * n),
    })
    o = H.object_table(df, STICHTAG).set_index("object_id")
    assert o["other_defects"].tolist() == [other for _, other in rows]
    # defect_list and defects_by_type agree, object by object and type by type
    lists = H.defect_list(o.reset_index()).tolist()
    by_type = H.defects_by_type(df, STICHTAG, include_overcrowding=False)
    for label in H.DEFECT_TYPES.values():
        listed = sum(label in item.split(", ") for item in lists)
        counted = by_type.loc[by_type["defect"] == label, "objects"].sum()
        assert listed == counted, label
    assert by_type.loc[by_type["defect"] == "Sonstige Mängel", "objects"].sum() == sum(o for _, o in rows)


def test_a_text_only_repeating_the_columns_is_not_other():
    df = pd.DataFrame({"object_id": ["A", "B", "C"], "defects": ["kein Warmwasser; Schimmel im Bad",
                                                                  "Heizung defekt/fehlt", "Fenster undicht"],
                       "hot_water": [False, True, True], "heating": [True, False, True],
                       "damp_mould": [True, False, False], "inspection_date": pd.to_datetime(["2026-09-01"] * 3)})
    o = H.object_table(df, STICHTAG).set_index("object_id")
    assert o["other_defects"].tolist() == [False, False, True]
    assert o["open"].all()  # every object has an open defect
