"""The Ratsfassung's reach table by service category (Soziale Infrastruktur, issue 15): residents of each
origin kind within 500 m / 500–1.000 m / farther from the nearest service of a category, protected after
the person block with the accommodations' cells fixed; the page's shares are relations of its cells in
whole per cent. Properties on generated sites and distances (none of them written down by hand)."""

import datetime as dt

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ankunft import disclosure
from ankunft.disclosure import ratsfassung as R
from ankunft.disclosure import ratsfassung_blocks as B

STAND = dt.date(2026, 9, 30)
CATEGORIES = ("Kita", "Grundschule", "Beratung")
cfgs = st.sampled_from([disclosure.DEFAULT, disclosure.DisclosureConfig.under_five()])


def _bands(distances) -> list[str]:
    return ["near" if d <= 500 else "mid" if d <= 1000 else "far" for d in distances]


@st.composite
def reach_type_data(draw):
    """Sites (residents 0–9) in two districts, housing clusters (weights 1–40), and for each category a
    distance band per site and cluster; the counts as ``ratsfassung_data.reach_type_counts`` makes them."""
    n = draw(st.integers(2, 6))
    occ = pd.Series({f"s{i}": float(draw(st.integers(0, 9))) for i in range(n)}, dtype="float64")
    district_of = {k: ("01" if i % 2 else "02") for i, k in enumerate(occ.index)}
    clusters = draw(st.lists(st.integers(1, 40), min_size=0, max_size=4))
    cats = CATEGORIES[:draw(st.integers(1, len(CATEGORIES)))]
    rows, sites = {}, {}
    for cat in cats:
        site_bands = _bands(draw(st.lists(st.sampled_from([100, 700, 1500]), min_size=n, max_size=n)))
        cluster_bands = _bands(draw(st.lists(st.sampled_from([100, 700, 1500]), min_size=len(clusters),
                                             max_size=len(clusters))))
        acc = {b: float(sum(v for v, sb in zip(occ, site_bands) if sb == b)) for b in B.REACH_BANDS}
        hous = {b: float(sum(w for w, cb in zip(clusters, cluster_bands) if cb == b)) for b in B.REACH_BANDS}
        rows[B.row_key("Unterkunft", cat)] = acc
        sites[B.row_key("Unterkunft", cat)] = {b: tuple(k for k, sb in zip(occ.index, site_bands) if sb == b)
                                               for b in B.REACH_BANDS}
        if clusters:
            rows[B.row_key("Wohnobjekte", cat)] = hous
        rows[B.row_key("alle", cat)] = {b: acc[b] + hous[b] for b in B.REACH_BANDS}
    body = pd.DataFrame.from_dict(rows, orient="index", columns=list(B.REACH_BANDS)).astype("float64")
    return R.Counts(STAND, occ, district_of, ["01", "02"], ["01"], reach_types=body, reach_type_sites=sites)


@settings(max_examples=20, deadline=None)
@given(reach_type_data(), cfgs)
def test_nothing_small_nothing_recomputable_and_published_cells_are_true(counts, cfg):
    rats = R.build(counts, cfg)
    assert rats.audit() == []  # with the accommodations' cells and every relation
    if B.REACH_TYPES in rats.withheld:
        assert B.REACH_TYPES not in rats.tables
        return
    truth = counts.reach_types
    for row in truth.index:
        for col in (*B.REACH_BANDS, R.TOTAL):
            fig = rats.cell(B.REACH_TYPES, row, col)
            true = float(truth.loc[row].sum()) if col == R.TOTAL else float(truth.at[row, col])
            if not fig.suppressed:
                assert fig.value == true and not cfg.is_small(true)


@settings(max_examples=20, deadline=None)
@given(reach_type_data(), cfgs)
def test_shares_are_relations_of_published_cells_in_whole_percent(counts, cfg):
    rats = R.build(counts, cfg)
    for row in counts.reach_types.index:
        kind, cat = B.split_row(row)
        near = B.reach_type_share(rats, kind, cat, 500)
        within = B.reach_type_share(rats, kind, cat, 1000)
        assert near.decimals == within.decimals == 0 and near.kind == within.kind == "share"
        if B.REACH_TYPES in rats.withheld:
            assert near.text == within.text == disclosure.HIDDEN_MARKER
            continue
        total, n, far = (rats.cell(B.REACH_TYPES, row, c) for c in (R.TOTAL, "near", "far"))
        if n.suppressed or total.suppressed:
            assert near.text == disclosure.HIDDEN_MARKER
        elif total.value:
            assert near.value == pytest.approx(n.value / total.value)
        if far.suppressed or total.suppressed:
            assert within.text == disclosure.HIDDEN_MARKER
        elif total.value:
            assert within.value == pytest.approx(1.0 - far.value / total.value)


@settings(max_examples=20, deadline=None)
@given(reach_type_data(), cfgs)
def test_site_cells_are_linked_and_the_person_block_keeps_its_pattern(counts, cfg):
    """Each band of an accommodations' row is the sum of its sites' residents cells (a reader knows which
    sites lie where): registered, so the audit above runs with it; the person block's pattern stays."""
    rats = R.build(counts, cfg)
    plain = R.build(R.Counts(STAND, counts.occupancy, counts.district_of, counts.districts, counts.focus_ids), cfg)
    for k in counts.occupancy.index:
        assert rats.cell(R.ACC, k).text == plain.cell(R.ACC, k).text
    if B.REACH_TYPES in rats.withheld:
        return
    linked = {(k[1], k[2]) for rel in rats.links for k in rel if k[0] == B.REACH_TYPES
              and any(j[0] == R.ACC for j in rel)}
    for row, bands in counts.reach_type_sites.items():
        for band, keys in bands.items():
            if keys:
                assert (row, band) in linked


def test_a_small_site_alone_beyond_the_distance_is_not_published():
    """The raw-weight leak of the page: 1 resident of one site farther than 1.000 m from a Kita, 40 near.
    The site's "≤2" is fixed; the row's "far" cell is that site, so it is hidden and the share reads "•";
    without the relation the share 98 % of 41 would give the 1 back."""
    occ = pd.Series({"a": 40.0, "b": 1.0})
    body = pd.DataFrame({"near": {"Unterkunft: Kita": 40.0, "alle: Kita": 40.0},
                         "mid": {"Unterkunft: Kita": 0.0, "alle: Kita": 0.0},
                         "far": {"Unterkunft: Kita": 1.0, "alle: Kita": 1.0}})
    sites = {"Unterkunft: Kita": {"near": ("a",), "mid": (), "far": ("b",)}}
    rats = R.build(R.Counts(STAND, occ, {"a": "01", "b": "01"}, ["01"], ["01"], reach_types=body,
                            reach_type_sites=sites))
    assert rats.cell(R.ACC, "b").suppressed and rats.audit() == []
    assert B.reach_type_share(rats, "Unterkunft", "Kita", 1000).text == disclosure.HIDDEN_MARKER
    assert B.reach_type_share(rats, "Unterkunft", "Kita", 500).text == disclosure.HIDDEN_MARKER


def test_no_block_without_counts():
    rats = R.build(R.Counts(STAND, pd.Series({"a": 5.0}), {"a": "01"}, ["01"], ["01"]))
    assert B.REACH_TYPES not in rats.tables
    assert B.reach_type_share(rats, "Unterkunft", "Kita", 500).text == "–"
