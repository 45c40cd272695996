"""Hand-worked primary and secondary suppression for series, tables, linked tables and Stichtage."""

import math

import pandas as pd
import pytest

from ankunft.disclosure import (
    DOMINANCE,
    MASKED,
    PRIMARY,
    PUBLISHED,
    SECONDARY,
    DisclosureConfig,
    Protected,
    Recomputed,
    Table,
    apply_to_frame,
    audit_publication,
    chart_payload,
    contributions_from,
    link_equal,
    links_grouped,
    primary_only,
    protect_series,
    protect_table,
    share,
    suppress_linked,
)


def _status(pub: Protected):
    return pub.status.to_dict() if pub.is_series else {
        r: [pub.status.at[r, c] for c in pub.count_cols] for r in pub.status.index}


def _shown(pub: Protected):
    return pub.display.tolist() if pub.is_series else pub.display.values.tolist()


# --- series ------------------------------------------------------------------------------------
def test_series_single_small_value_gets_smallest_complement():
    # 2 is hidden; the total would give it away, so the smallest other value (8) is hidden as well
    pub = protect_series(pd.Series([2, 8, 9], index=["A", "B", "C"]), total=True)
    assert _shown(pub) == ["≤2", "•", "9", "19"]
    assert _status(pub) == {"A": PRIMARY, "B": SECONDARY, "C": PUBLISHED, "Gesamt": PUBLISHED}
    assert math.isnan(pub.values["A"]) and math.isnan(pub.values["B"]) and pub.values["Gesamt"] == 19
    assert audit_publication({"s": pub}) == []
    assert pub.note == "Werte ≤2 unterdrückt; • = zum Schutz kleiner Zahlen ausgeblendet."


def test_series_two_small_values_summing_to_two_need_a_third():
    # ≤2 + ≤2 = 7 − 5 = 2 would show both are 1 (zeros are published, so hidden means 1..2)
    pub = protect_series(pd.Series([1, 1, 5], index=["A", "B", "C"]), total=True)
    assert _shown(pub) == ["≤2", "≤2", "•", "7"]
    assert audit_publication({"s": pub}) == []
    unsafe = primary_only(pd.Series([1, 1, 5], index=["A", "B", "C"]), total=True)
    assert audit_publication({"s": unsafe}) == [
        Recomputed(("s", "A", None), 1.0, "bounds"), Recomputed(("s", "B", None), 1.0, "bounds")]


def test_series_zeros_are_published_and_never_complements():
    pub = protect_series(pd.Series([1, 0, 0, 6], index=list("ABCD")), total=True)
    assert _shown(pub) == ["≤2", "0", "0", "•", "7"]
    pub = protect_series(pd.Series([1, 0, 0], index=list("ABC")), total=True)
    # the total equals the small value: both hidden, neither can be pinned (1 or 2)
    assert _shown(pub) == ["≤2", "0", "0", "≤2"]
    assert audit_publication({"s": pub}) == []


def test_series_suppress_zero_option():
    cfg = DisclosureConfig(suppress_zero=True)
    pub = protect_series(pd.Series([0, 5, 6], index=list("ABC")), total=True, cfg=cfg)
    assert _shown(pub) == ["≤2", "•", "6", "11"]


def test_series_without_total_needs_no_complement():
    pub = protect_series(pd.Series([1, 8, 9], index=list("ABC")))
    assert _shown(pub) == ["≤2", "8", "9"]


def test_under_five_style():
    pub = protect_series(pd.Series([4, 5, 9], index=list("ABC")), total=True, cfg=DisclosureConfig.under_five())
    assert _shown(pub) == ["<5", "•", "9", "18"]
    assert pub.note.startswith("Werte <5 unterdrückt")


# --- 2-D tables ----------------------------------------------------------------------------------
def test_2x2_table_rectangle():
    df = pd.DataFrame({"GU": [1, 6], "Hotel": [5, 7]}, index=["A", "B"])
    pub = protect_table(df, row_total=True, col_total=True)
    # row A: complement Hotel 5 (< total 6); column GU: B 6 (< total 7); row B then: Hotel 7 (< 13)
    assert _shown(pub) == [["≤2", "•", "6"], ["•", "•", "13"], ["7", "12", "19"]]
    assert list(pub.display.columns) == ["GU", "Hotel", "Gesamt"]
    assert list(pub.display.index) == ["A", "B", "Gesamt"]
    assert audit_publication({"t": pub}) == []
    unsafe = primary_only(df, row_total=True, col_total=True)
    assert audit_publication({"t": unsafe}) == [Recomputed(("t", "A", "GU"), 1.0, "linear")]


def test_3x3_table_cycle_avoiding_a_zero():
    df = pd.DataFrame({"GU": [10, 1, 7], "Hotel": [4, 6, 0], "Wohnheim": [8, 9, 5]}, index=["A", "B", "C"])
    pub = protect_table(df, row_total=True, col_total=True)
    # Row B: smallest partner Hotel 6. Column GU: C 7. Column Hotel: A 4 (C is 0, never a complement).
    # Row A: Wohnheim 8. Row C: Wohnheim 5. Every line holds two hidden cells; the pattern is a 6-cycle.
    assert _status(pub) == {
        "A": [PUBLISHED, SECONDARY, SECONDARY, PUBLISHED],
        "B": [PRIMARY, SECONDARY, PUBLISHED, PUBLISHED],
        "C": [SECONDARY, PUBLISHED, SECONDARY, PUBLISHED],
        "Gesamt": [PUBLISHED] * 4,
    }
    assert _shown(pub)[2] == ["•", "0", "•", "12"]
    assert audit_publication({"t": pub}) == []


def test_small_margin_is_masked_not_revealed():
    # row A = 1 + 1 = 2: all three are small; "≤2 ≤2 | ≤2" would reveal 1 and 1 (zeros are published).
    df = pd.DataFrame({"GU": [1, 5], "Hotel": [1, 6]}, index=["A", "B"])
    pub = protect_table(df, row_total=True, col_total=True)
    assert _shown(pub) == [["≤2", "≤2", "•"], ["•", "•", "•"], ["6", "7", "13"]]
    assert pub.status.at["A", "Gesamt"] == MASKED
    assert audit_publication({"t": pub}) == []
    assert pub.residual == ()


def test_existing_total_columns_are_used_and_checked():
    df = pd.DataFrame({"GU": [1, 6, 7], "Hotel": [5, 7, 12], "Summe": [6, 13, 19]}, index=["A", "B", "Σ"])
    pub = protect_table(df, ["GU", "Hotel"], row_total="Summe", col_total="Σ")
    assert _shown(pub) == [["≤2", "•", "6"], ["•", "•", "13"], ["7", "12", "19"]]
    bad = df.copy()
    bad.loc["A", "Summe"] = 7
    with pytest.raises(ValueError, match="Summe"):
        protect_table(bad, ["GU", "Hotel"], row_total="Summe", col_total="Σ")


def test_text_columns_pass_through():
    df = pd.DataFrame({"Name": ["Haus A", "Haus B"], "Personen": [1, 40], "Plätze": [60, 80]})
    pub = protect_table(df, ["Personen"], col_total=True)
    assert pub.display["Name"].tolist() == ["Haus A", "Haus B", "–"]
    assert pub.display["Personen"].tolist() == ["≤2", "•", "41"]
    assert pub.display["Plätze"].tolist() == ["60", "80", "–"]
    assert not pub.mask["Name"].any() and pub.mask["Personen"].tolist() == [True, True, False]


def test_invalid_counts_raise():
    with pytest.raises(ValueError, match="negative"):
        protect_series(pd.Series([-1, 5]))
    with pytest.raises(ValueError, match="ganze Zahl"):
        protect_series(pd.Series([1.5, 5]))
    with pytest.raises(ValueError, match="eindeutig"):
        protect_series(pd.Series([1, 5], index=["A", "A"]))


def test_apply_to_frame_shortcut():
    df = pd.DataFrame({"GU": [1, 6], "Hotel": [5, 7]}, index=["A", "B"])
    shown, mask = apply_to_frame(df, ["GU", "Hotel"], total_row=True, total_col=True)
    assert shown.loc["A"].tolist() == ["≤2", "•", "6"]
    assert mask.loc["B"].tolist() == [True, True, False]
    assert shown.loc["Gesamt"].tolist() == ["7", "12", "19"]


def test_cells_for_kpis_and_shares():
    df = pd.DataFrame({"GU": [1, 6], "Hotel": [5, 7]}, index=["A", "B"])
    pub = protect_table(df, row_total=True, col_total=True)
    assert pub.cell("Gesamt", "Gesamt").text == "19"
    assert pub.cell("A", "GU").text == "≤2" and pub.cell("A", "GU").value is None
    assert pub.cell("A", "Hotel").text == "•"
    assert share(pub.cell("A", "Hotel"), pub.cell("A", "Gesamt")).text == "•"
    assert share(pub.cell("Gesamt", "Hotel"), pub.cell("Gesamt", "Gesamt")).text == "63,2\u00a0%"


def test_chart_payload():
    pub = protect_series(pd.Series([2, 8, 9], index=["A", "B", "C"]), total=True)
    payload = chart_payload(pub)
    assert payload.labels == ["A", "B", "C"]
    assert payload.values == [None, None, 9.0]
    assert payload.texts == ["≤2", "•", "9"]
    assert payload.note == "Werte ≤2 unterdrückt; • = zum Schutz kleiner Zahlen ausgeblendet."
    df = pd.DataFrame({"GU": [1, 6], "Hotel": [5, 7]}, index=["A", "B"])
    table = protect_table(df, row_total=True, col_total=True)
    assert table.chart("Hotel").values == [None, None]
    assert table.chart("Gesamt", include_total=True).values == [6.0, 13.0, 19.0]
    assert table.chart("Gesamt").note is None
    with pytest.raises(KeyError):
        chart_payload(table, "Name")


# --- dominance --------------------------------------------------------------------------------
def test_dominance_rule():
    cfg = DisclosureConfig(dominance=0.85)
    long = pd.DataFrame({
        "district": ["01", "01", "02", "02", "03"],
        "unit": ["U1", "U2", "U3", "U4", "U5"],
        "persons": [45, 5, 20, 20, 30],
    })
    contrib = contributions_from(long, rows="district", unit="unit", value="persons")
    assert contrib["01"] == {"U1": 45.0, "U2": 5.0}
    s = long.groupby("district")["persons"].sum()
    pub = protect_series(s, total=True, cfg=cfg, contributions=contrib)
    # 01: U1 holds 90 % → hidden; the smallest other district (03: 30, held 100 % by U5 → also dominated)
    assert _status(pub)["01"] == DOMINANCE
    assert _status(pub)["03"] == DOMINANCE
    assert _shown(pub) == ["•", "40", "•", "120"]
    assert audit_publication({"s": pub}) == []
    # without the option nothing is hidden
    assert _shown(protect_series(s, total=True, contributions=contrib)) == ["50", "40", "30", "120"]


def test_dominance_in_a_table_aggregates_units_for_totals():
    cfg = DisclosureConfig(dominance=0.85)
    df = pd.DataFrame({"m": [40, 10], "w": [10, 10]}, index=["01", "02"])
    contrib = {("01", "m"): {"U1": 38, "U2": 2}, ("01", "w"): {"U1": 8, "U2": 2},
               ("02", "m"): {"U3": 5, "U4": 5}, ("02", "w"): {"U3": 5, "U4": 5}}
    pub = protect_table(df, row_total=True, col_total=True, cfg=cfg, contributions=contrib)
    # (01, m): U1 holds 95 % → dominance; the row total 01 (46 of 50 = 92 %) as well
    assert pub.status.at["01", "m"] == DOMINANCE
    assert pub.status.at["01", "Gesamt"] == DOMINANCE
    assert pub.status.at["01", "w"] == PUBLISHED or pub.status.at["01", "w"] == SECONDARY
    assert audit_publication({"t": pub}) == []


# --- linked tables ------------------------------------------------------------------------------
ACC = pd.Series({"U1": 1, "U2": 9, "U3": 4, "U4": 6, "U5": 7})
DISTRICT_OF = {"U1": "01", "U2": "01", "U3": "02", "U4": "02", "U5": "03"}
DISTRICTS = pd.Series({"01": 10, "02": 10, "03": 7})


def test_separately_protected_charts_leak_and_linked_protection_does_not():
    links = links_grouped("acc", "dist", DISTRICT_OF)
    alone = {"acc": protect_series(ACC), "dist": protect_series(DISTRICTS)}
    assert _shown(alone["acc"]) == ["≤2", "9", "4", "6", "7"]
    assert audit_publication(alone, links) == [Recomputed(("acc", "U1", None), 1.0, "linear")]
    linked = suppress_linked({"acc": ACC, "dist": DISTRICTS}, links)
    assert _shown(linked["acc"]) == ["≤2", "•", "4", "6", "7"]
    assert _shown(linked["dist"]) == ["10", "10", "7"]
    assert audit_publication(linked, links) == []


def test_linked_with_totals_and_the_same_number_twice():
    acc = pd.concat([ACC, pd.Series({"U6": 2})])
    dist = pd.concat([DISTRICTS, pd.Series({"04": 2})])
    groups = {**DISTRICT_OF, "U6": "04"}
    kpi = pd.Series({"Personen": int(acc.sum())})
    links = links_grouped("acc", "dist", groups) + [link_equal(("kpi", "Personen", None), ("dist", "Gesamt", None))]
    out = suppress_linked({"acc": Table(acc), "dist": Table(dist, total=True), "kpi": kpi}, links)
    # 04 (= U6 = 2) is hidden in both charts; in the district total it needs a partner: the smallest
    # district 03 (7), and since 03 is the single accommodation U5, U5 is hidden as well.
    assert _shown(out["dist"]) == ["10", "10", "•", "≤2", "29"]
    assert _shown(out["acc"]) == ["≤2", "•", "4", "6", "•", "≤2"]
    assert _shown(out["kpi"]) == ["29"]
    assert out["dist"].status["04"] == PRIMARY
    assert audit_publication(out, links) == []


# --- previous Stichtag ------------------------------------------------------------------------------
def test_previous_hidden_cell_stays_hidden_when_changes_are_published():
    prev = protect_series(pd.Series({"A": 1, "B": 8, "C": 9}), total=True)
    assert _shown(prev) == ["≤2", "•", "9", "18"]
    changes = pd.Series({"A": 4, "B": 0, "C": 0, "Gesamt": 4})  # published flows (public)
    now = pd.Series({"A": 5, "B": 8, "C": 9})
    # alone, "now" needs no suppression — but A now = 5 and change +4 would reveal A before = 1
    assert _shown(protect_series(now, total=True)) == ["5", "8", "9", "22"]
    pub = protect_series(now, total=True, previous=prev, changes=changes)
    assert _shown(pub) == ["•", "•", "9", "22"]
    assert pub.residual == ()
    # the full audit over both Stichtage and the flows
    change_pub = suppress_linked({"c": Table(changes, signed=True)})["c"]
    links = [{("jetzt", r, None): 1, ("vorher", r, None): -1, ("c", r, None): -1} for r in ["A", "B", "C", "Gesamt"]]
    assert audit_publication({"jetzt": pub, "vorher": prev, "c": change_pub}, links) == []


def test_value_already_given_away_earlier_is_reported_as_residual():
    prev = protect_series(pd.Series({"A": 5, "B": 8, "C": 9}), total=True)
    changes = pd.Series({"A": -3, "B": 0, "C": 0})
    pub = protect_series(pd.Series({"A": 2, "B": 8, "C": 9}), total=True, previous=prev, changes=changes)
    assert pub.display["A"] == "≤2"
    assert pub.residual == (("jetzt", "A", None),)


def test_previous_without_changes_adds_no_relation():
    prev = protect_series(pd.Series({"A": 1, "B": 8, "C": 9}), total=True)
    pub = protect_series(pd.Series({"A": 5, "B": 8, "C": 9}), total=True, previous=prev)
    assert _shown(pub) == ["5", "8", "9", "22"]


def test_linked_relation_must_hold():
    with pytest.raises(ValueError, match="Summenbeziehung"):
        suppress_linked({"a": pd.Series({"x": 5}), "b": pd.Series({"y": 6})},
                        [link_equal(("a", "x", None), ("b", "y", None))])
    with pytest.raises(KeyError):
        suppress_linked({"a": pd.Series({"x": 5})}, [link_equal(("a", "x", None), ("b", "y", None))])
