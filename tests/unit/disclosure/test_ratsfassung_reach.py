"""The Ratsfassung's reach table (Stadtteilprofil, issue 15): residents within / beyond the distance per
district with the city row and the focus row, protected as registered tables with their relations;
the reach share is only the relation of two published cells in whole per cent. Properties on
generated small tables (none of them written down by hand)."""

import datetime as dt

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from ankunft import disclosure
from ankunft.disclosure import ratsfassung as R

STAND = dt.date(2026, 9, 30)
DISTRICTS = [f"{i:02d}" for i in range(1, 7)]
cfgs = st.sampled_from([disclosure.DEFAULT, disclosure.DisclosureConfig.under_five()])


@st.composite
def reach_data(draw):
    """Districts with accommodations (residents per site) and reach rows. A district's reach row is
    either its accommodations' residents exactly (no inspected objects: the relation holds) or adds
    residents of inspected objects that the Ratsfassung does not publish (no relation)."""
    n = draw(st.integers(2, len(DISTRICTS)))
    ids = DISTRICTS[:n]
    occupancy, district_of = {}, {}
    within, beyond, acc_part, housing_part = {}, {}, {}, {}
    for d in ids:
        sites = draw(st.lists(st.integers(0, 9), min_size=1, max_size=3))
        for j, v in enumerate(sites):
            occupancy[f"{d}-{j}"] = float(v)
            district_of[f"{d}-{j}"] = d
        residents = float(sum(sites))
        extra = float(draw(st.sampled_from([0, 0, 1, 2, 5, 30])))
        total = residents + extra
        inside = float(draw(st.integers(0, int(total))))
        within[d], beyond[d] = inside, total - inside
        acc_part[d], housing_part[d] = residents, extra
    focus = draw(st.lists(st.sampled_from(ids), min_size=1, max_size=n, unique=True))
    reach = pd.DataFrame({"within": within, "beyond": beyond})
    sources = pd.DataFrame({"accommodations": acc_part, "housing": housing_part})
    counts = R.Counts(STAND, pd.Series(occupancy, dtype="float64"), district_of, ids, focus,
                      reach=reach, reach_sources=sources)
    return counts


@settings(max_examples=60, deadline=None)
@given(reach_data(), cfgs)
def test_reach_table_publishes_nothing_small_nothing_recomputable(counts, cfg):
    rats = R.build(counts, cfg)
    assert rats.audit() == []  # nothing hidden can be recomputed from all tables with their relations
    if R.REACH in rats.withheld:  # no pattern protects the table (a small row split in two): not published
        assert R.REACH not in rats.tables and R.reach_share(rats, R.TOTAL).text == disclosure.HIDDEN_MARKER
        return
    pub = rats.tables[R.REACH]
    truth = counts.reach
    for d in truth.index:
        for col in (*R.REACH_COLS, R.TOTAL):
            fig = rats.cell(R.REACH, d, col)
            true = float(truth.loc[d].sum()) if col == R.TOTAL else float(truth.at[d, col])
            if not fig.suppressed:
                assert fig.value == true  # published as it is
                assert not cfg.is_small(true)  # never a small count
    # the city row is the column total, the focus row the sum of its districts
    for col in R.REACH_COLS:
        city = rats.cell(R.REACH, R.TOTAL, col)
        if not city.suppressed:
            assert city.value == float(truth[col].sum())
        focus = rats.cell(R.REACH_FOCUS, R.FOCUS, col)
        if not focus.suppressed:
            assert focus.value == float(truth.loc[list(counts.focus_ids), col].sum())
    assert pub.values.shape[0] == len(truth) + 1


@settings(max_examples=60, deadline=None)
@given(reach_data(), cfgs)
def test_reach_share_is_the_relation_of_two_published_cells(counts, cfg):
    rats = R.build(counts, cfg)
    if R.REACH in rats.withheld:
        return
    for area in [*counts.reach.index, R.FOCUS, R.TOTAL]:
        name = R.REACH_FOCUS if area == R.FOCUS else R.REACH
        within, total = rats.cell(name, area, "within"), rats.cell(name, area, R.TOTAL)
        share = R.reach_share(rats, area)
        assert share.decimals == 0 and share.kind == "share"  # whole per cent
        if within.suppressed or total.suppressed:
            assert share.suppressed and share.text == disclosure.HIDDEN_MARKER
        elif not total.value:
            assert share.value is None and not share.suppressed  # "–": no residents counted
        else:
            assert share.value == within.value / total.value


@settings(max_examples=60, deadline=None)
@given(reach_data(), cfgs)
def test_reach_rows_are_linked_to_the_residents_cells_where_that_holds(counts, cfg):
    """A district whose reach row counts exactly its accommodations' residents is linked to the
    person block's district cell (fixed): a reader adds that relation, so it is registered and the
    audit above runs with it; rows with unpublished parts (residents of inspected objects) are not."""
    rats = R.build(counts, cfg)
    if R.REACH in rats.withheld:
        return
    linked = {k[1] for rel in rats.links for k in rel if k[0] == R.REACH and any(j[0] == R.DIST for j in rel)}
    src = counts.reach_sources
    for d in counts.reach.index:
        exact = src.at[d, "housing"] == 0 and src.at[d, "accommodations"] > 0
        assert (d in linked) == bool(exact), d
    # the person block keeps its own pattern (the reach block is protected with it fixed)
    plain = R.build(R.Counts(STAND, counts.occupancy, counts.district_of, counts.districts, counts.focus_ids), cfg)
    for d in counts.districts:
        assert rats.cell(R.DIST, d).text == plain.cell(R.DIST, d).text


def test_no_reach_table_without_reach_counts():
    counts = R.Counts(STAND, pd.Series({"a": 5.0}), {"a": "01"}, ["01"], ["01"])
    rats = R.build(counts)
    assert R.REACH not in rats.tables
    assert R.reach_share(rats, "01").text == "–"


def test_a_small_district_split_in_two_is_not_published():
    """2 residents in a district, 1 reaching the services and 1 not: next to the district's published
    "≤2" every split gives 1 + 1 away, so the reach table is withheld and every share reads "•"."""
    reach = pd.DataFrame({"within": {"01": 40.0, "02": 1.0}, "beyond": {"01": 12.0, "02": 1.0}})
    src = pd.DataFrame({"accommodations": {"01": 52.0, "02": 2.0}, "housing": {"01": 0.0, "02": 0.0}})
    counts = R.Counts(STAND, pd.Series({"a": 52.0, "b": 2.0}), {"a": "01", "b": "02"}, ["01", "02"], ["01"],
                      reach=reach, reach_sources=src)
    rats = R.build(counts)
    assert R.REACH in rats.withheld and rats.audit() == []
    assert {R.reach_share(rats, a).text for a in ("01", "02", R.FOCUS, R.TOTAL)} == {disclosure.HIDDEN_MARKER}
    # the same district with 3 residents: published
    more = R.Counts(STAND, pd.Series({"a": 52.0, "b": 3.0}), {"a": "01", "b": "02"}, ["01", "02"], ["01"],
                    reach=reach.assign(beyond=[12.0, 2.0]), reach_sources=src.assign(accommodations=[52.0, 3.0]))
    assert R.REACH not in R.build(more).withheld


def _site_leak_counts(**extra) -> R.Counts:
    """District 01 holds only accommodations (no inspected objects): b (40 residents) and d (5) within reach
    of every basic service, a and c (1 each) and e (6) beyond — the Soziale Infrastruktur page names a, c
    and e as farther than 1.000 m. District 02: one site of 30."""
    occ = pd.Series({"a": 1.0, "b": 40.0, "c": 1.0, "d": 5.0, "e": 6.0, "f": 30.0})
    of = {"a": "01", "b": "01", "c": "01", "d": "01", "e": "01", "f": "02"}
    reach = pd.DataFrame({"within": {"01": 45.0, "02": 30.0}, "beyond": {"01": 8.0, "02": 0.0}})
    src = pd.DataFrame({"accommodations": {"01": 53.0, "02": 30.0}, "housing": {"01": 0.0, "02": 0.0}})
    return R.Counts(STAND, occ, of, ["01", "02"], ["01"], reach=reach, reach_sources=src, **extra)


SITES = {"01": {"within": ("b", "d"), "beyond": ("a", "c", "e")}, "02": {"within": ("f",), "beyond": ()}}


def test_reach_cells_of_a_district_with_only_accommodations_are_the_sum_of_its_sites():
    """A reader who knows which sites lie beyond (the page lists them) reads "beyond 8" of district 01 as
    a + c + e; with e = 6 published, a + c = 2 gives both hidden "≤2" sites away (1 and 1). The relation
    must be registered, so that the joint protection covers it."""
    rats = R.build(_site_leak_counts(reach_sites=SITES))
    assert _reader_audit(rats, SITES) == []
    assert R.reach_share(rats, "01").text == disclosure.HIDDEN_MARKER  # the relation hides the district's cells


def _reader_audit(rats, sites, housing=None) -> list:
    """The Ratsfassung's own audit plus what the reader adds: in a district without inspected objects
    (``housing``: district -> their residents; the Wohnqualität page shows which have none) each reach
    cell = the sum of its sites."""
    reader = [disclosure.link_sum((R.REACH, d, c), [(R.ACC, k, None) for k in keys])
              for d, cols in sites.items() for c, keys in cols.items()
              if keys and not (housing or {}).get(d, 0.0)]
    tables = dict(rats.tables)
    return disclosure.audit_publication(tables, list(rats.links) + [r for r in reader if R.REACH in tables])


@st.composite
def site_reach(draw):
    """Sites with residents 0–9 in up to four districts, each within or beyond; a district's reach row is
    its sites (and, in some districts, residents of inspected objects on either side)."""
    n = draw(st.integers(2, 4))
    ids = DISTRICTS[:n]
    occ, of, sites, within, beyond, acc, hous = {}, {}, {}, {}, {}, {}, {}
    for d in ids:
        cols = {"within": (), "beyond": ()}
        for j, v in enumerate(draw(st.lists(st.integers(0, 9), min_size=1, max_size=4))):
            key = f"{d}-{j}"
            occ[key], of[key] = float(v), d
            side = draw(st.sampled_from(["within", "beyond"]))
            cols[side] = (*cols[side], key)
        sites[d] = cols
        extra_in, extra_out = (float(draw(st.sampled_from([0, 0, 3, 20]))) for _ in range(2))
        within[d] = sum(occ[k] for k in cols["within"]) + extra_in
        beyond[d] = sum(occ[k] for k in cols["beyond"]) + extra_out
        acc[d], hous[d] = float(sum(occ[k] for k in cols["within"] + cols["beyond"])), extra_in + extra_out
    counts = R.Counts(STAND, pd.Series(occ, dtype="float64"), of, ids, ids[:1],
                      reach=pd.DataFrame({"within": within, "beyond": beyond}),
                      reach_sources=pd.DataFrame({"accommodations": acc, "housing": hous}), reach_sites=sites)
    return counts


@settings(max_examples=40, deadline=None)
@given(site_reach(), cfgs)
def test_a_reader_who_knows_where_each_site_lies_recomputes_nothing(counts, cfg):
    rats = R.build(counts, cfg)
    assert _reader_audit(rats, counts.reach_sites, dict(counts.reach_sources["housing"])) == []
