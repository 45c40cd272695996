"""Properties on generated small-number data: after suppression nothing hidden can be recomputed.

Two attackers: the LP/rank auditor (`audit_publication`) and, for tiny tables, an independent
brute-force search over all integer tables consistent with what is shown.
"""

import math

import numpy as np
import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ankunft.disclosure import (
    PRIMARY,
    SUPPRESSED_STATUSES,
    DisclosureConfig,
    Table,
    audit_publication,
    link_equal,
    links_grouped,
    primary_only,
    protect_series,
    protect_table,
    suppress_linked,
)

SMALLISH = st.sampled_from([0, 0, 1, 1, 1, 2, 2, 3, 4, 5, 7, 9, 12])
CONFIGS = st.sampled_from([DisclosureConfig(), DisclosureConfig.under_five(), DisclosureConfig(suppress_zero=True)])


@st.composite
def count_tables(draw, max_rows=5, max_cols=5):
    rows = draw(st.integers(1, max_rows))
    cols = draw(st.integers(2, max_cols))
    values = draw(st.lists(SMALLISH, min_size=rows * cols, max_size=rows * cols))
    return pd.DataFrame(np.array(values).reshape(rows, cols), index=[f"Z{i}" for i in range(rows)],
                        columns=[f"S{j}" for j in range(cols)])


def _truth(df: pd.DataFrame) -> pd.DataFrame:
    full = df.astype(float).copy()
    full["Gesamt"] = full.sum(axis=1)
    full.loc["Gesamt"] = full.sum(axis=0)
    return full


def _check_published_and_display(pub, truth, cfg):
    for r in truth.index:
        for c in truth.columns:
            status = pub.status.at[r, c]
            if status in SUPPRESSED_STATUSES:
                assert math.isnan(pub.values.at[r, c])
                assert pub.display.at[r, c] in (cfg.marker, "•")
            else:
                assert pub.values.at[r, c] == truth.at[r, c]
                assert not cfg.is_small(truth.at[r, c])  # every small count is hidden
            if status == PRIMARY:
                assert cfg.is_small(truth.at[r, c])


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(count_tables(), CONFIGS)
def test_protected_tables_pass_the_auditor(df, cfg):
    pub = protect_table(df, row_total=True, col_total=True, cfg=cfg)
    _check_published_and_display(pub, _truth(df), cfg)
    assert pub.residual == ()
    assert audit_publication({"t": pub}) == []


@settings(max_examples=60, deadline=None)
@given(count_tables(), CONFIGS)
def test_auditor_finds_single_hidden_cells_of_primary_only_tables(df, cfg):
    unsafe = primary_only(df, cfg, row_total=True, col_total=True)
    truth = _truth(df)
    found = audit_publication({"t": unsafe})
    # whatever the auditor recomputes is the true value
    for rec in found:
        _, r, c = rec.key
        assert rec.value == truth.at[r, c]
    # a line (row or column incl. its total) with exactly one hidden cell is always caught
    mask = unsafe.mask
    lines = [mask.loc[r] for r in mask.index] + [mask[c] for c in mask.columns]
    if any(int(line.sum()) == 1 for line in lines):
        assert found


# --- an independent attacker for tiny tables ----------------------------------------------------
def _brute_force_alternatives(pub, truth, cap):
    """For every hidden cell: is there an integer table, consistent with everything shown,
    in which it has a different value? Depth-first search with interval pruning."""
    name = "t"
    relations = pub.relations(name)
    bounds = pub.hidden_bounds(name)
    hidden = list(bounds)
    known = {k: v for k, v in pub.published_cells(name).items() if v is not None}
    domains = {k: (int(max(bounds[k][0], 0)), int(min(bounds[k][1], cap))) for k in hidden}

    def feasible_partial(assign):
        for rel in relations:
            lo = hi = 0.0
            for k, coef in rel.items():
                if k in known:
                    lo += coef * known[k]
                    hi += coef * known[k]
                elif k in assign:
                    lo += coef * assign[k]
                    hi += coef * assign[k]
                else:
                    a, b = domains[k]
                    lo += min(coef * a, coef * b)
                    hi += max(coef * a, coef * b)
            if lo > 1e-9 or hi < -1e-9:
                return False
        return True

    def search(i, assign):
        if i == len(hidden):
            return True
        k = hidden[i]
        a, b = domains[k]
        near = int(truth.at[k[1], k[2]])  # try values near the truth first: alternatives are found fast
        for v in sorted(range(a, b + 1), key=lambda v: (abs(v - near), v)):
            assign[k] = v
            if feasible_partial(assign) and search(i + 1, assign):
                return True
            del assign[k]
        return False

    exact = []
    for k in hidden:
        _, r, c = k
        true_value = int(truth.at[r, c])
        saved = domains[k]
        found = False
        for lo, hi in ((saved[0], true_value - 1), (true_value + 1, saved[1])):
            if lo > hi:
                continue
            domains[k] = (lo, hi)
            if search(0, {}):
                found = True
                break
        domains[k] = saved
        if not found:
            exact.append(k)
    return exact


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(count_tables(max_rows=3, max_cols=3), CONFIGS)
def test_brute_force_attacker_finds_nothing_in_tiny_tables(df, cfg):
    pub = protect_table(df, row_total=True, col_total=True, cfg=cfg)
    truth = _truth(df)
    assert _brute_force_alternatives(pub, truth, cap=int(truth.at["Gesamt", "Gesamt"]) + 3) == []


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(count_tables(max_rows=3, max_cols=3))
def test_brute_force_agrees_with_auditor_on_unsafe_tables(df):
    cfg = DisclosureConfig()
    unsafe = primary_only(df, cfg, row_total=True, col_total=True)
    truth = _truth(df)
    brute = set(_brute_force_alternatives(unsafe, truth, cap=int(truth.at["Gesamt", "Gesamt"]) + 3))
    lp = {rec.key for rec in audit_publication({"t": unsafe})}
    # the auditor works on the relaxation: everything it finds is truly exact, and for these
    # totally unimodular systems it finds everything the brute force finds
    assert lp == brute


# --- linked charts and Stichtage --------------------------------------------------------------------
@st.composite
def accommodations(draw):
    n = draw(st.integers(2, 8))
    persons = draw(st.lists(SMALLISH, min_size=n, max_size=n))
    districts = draw(st.lists(st.sampled_from(["01", "02", "03"]), min_size=n, max_size=n))
    acc = pd.Series(persons, index=[f"U{i}" for i in range(n)], dtype=float)
    groups = dict(zip(acc.index, districts))
    return acc, groups


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(accommodations(), CONFIGS)
def test_linked_charts_pass_the_auditor(data, cfg):
    acc, groups = data
    dist = acc.groupby(pd.Series(groups)).sum()
    kpi = pd.Series({"Personen": float(acc.sum())})
    links = links_grouped("acc", "dist", groups) + [link_equal(("kpi", "Personen", None), ("dist", "Gesamt", None))]
    out = suppress_linked({"acc": Table(acc, total=True), "dist": Table(dist, total=True), "kpi": kpi}, links, cfg)
    assert all(p.residual == () for p in out.values())
    assert audit_publication(out, links) == []
    for name, series in (("acc", acc), ("dist", dist)):
        shown = out[name]
        for label, value in series.items():
            if cfg.is_small(value):
                assert shown.display[label] in (cfg.marker, "•")


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(SMALLISH, min_size=2, max_size=6), st.lists(st.integers(-3, 6), min_size=6, max_size=6), CONFIGS)
def test_previous_stichtag_with_published_changes(before, deltas, cfg):
    idx = [f"U{i}" for i in range(len(before))]
    prev_values = pd.Series(before, index=idx, dtype=float)
    now_values = (prev_values + pd.Series(deltas[:len(idx)], index=idx)).clip(lower=0)
    changes = now_values - prev_values
    prev = protect_series(prev_values, total=True, cfg=cfg)
    pub = protect_series(now_values, total=True, cfg=cfg, previous=prev, changes=changes)
    change_pub = suppress_linked({"c": Table(changes, signed=True)}, (), cfg)["c"]
    links = [{("jetzt", r, None): 1, ("vorher", r, None): -1, ("c", r, None): -1} for r in idx]
    found = audit_publication({"jetzt": pub, "vorher": prev, "c": change_pub}, links)
    # only what earlier publications give away (reported as residual) can be recomputed, and that
    # needs a small value at a cell whose change was published exactly
    assert {r.key for r in found} == set(pub.residual)
    if pub.residual:
        assert any(cfg.is_small(prev_values[r]) or cfg.is_small(now_values[r]) for r in idx)
