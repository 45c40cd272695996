"""The auditor keeps each component's results by the digest of its numbers (audit._memo): a component met
again is not solved again, and what comes out is what a solve from scratch gives. Generated tables of
small counts, published without secondary suppression (so that hidden cells are recomputable), audited
in generated order against the auditor with the memo switched off."""

import importlib

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ankunft.disclosure import DisclosureConfig, audit_publication, primary_only, suppress_linked

audit_mod = importlib.import_module("ankunft.disclosure.audit")  # the module (the package exports the function)

SMALLISH = st.sampled_from([0, 1, 1, 2, 2, 3, 4, 6, 9])


@st.composite
def tables(draw):
    rows, cols = draw(st.integers(1, 4)), draw(st.integers(2, 4))
    values = draw(st.lists(SMALLISH, min_size=rows * cols, max_size=rows * cols))
    return pd.DataFrame(np.array(values, dtype=float).reshape(rows, cols), index=[f"Z{i}" for i in range(rows)],
                        columns=[f"S{j}" for j in range(cols)])


def _published(df, cfg, protected: bool):
    if protected:
        return suppress_linked({"t": _spec(df)}, (), cfg)
    return {"t": primary_only(df, cfg, row_total=True, col_total=True)}


def _spec(df):
    from ankunft.disclosure import Table

    return Table(df, row_total=True, col_total=True)


def _without_memo(monkeypatch, publications):
    with monkeypatch.context() as m:
        m.setattr(audit_mod, "_memo_get", lambda key: None)
        m.setattr(audit_mod, "_memo_put", lambda key, value: None)
        return [audit_publication(p) for p in publications]


@settings(max_examples=20, deadline=None)
@given(st.lists(st.tuples(tables(), st.sampled_from([DisclosureConfig(), DisclosureConfig.under_five()]),
                          st.booleans()), min_size=1, max_size=3), st.randoms(use_true_random=False))
def test_memo_results_equal_solves_from_scratch(cases, rnd):
    with pytest.MonkeyPatch.context() as monkeypatch:
        publications = [_published(df, cfg, protected) for df, cfg, protected in cases]
        expected = _without_memo(monkeypatch, publications)
        order = list(range(len(publications))) * 2  # each twice: the second time from the memo
        rnd.shuffle(order)
        for i in order:
            assert audit_publication(publications[i]) == expected[i]


def test_a_component_met_again_is_not_solved_again(monkeypatch):
    # rows x and y of ones, all "≤2" with their totals; row z's 5 + 2 = 7 gives its "≤2" away by the rank
    # test, and then the column totals leave only ones for x and y (the interval attack's programmes)
    df = pd.DataFrame({"a": [1.0, 1.0, 5.0], "b": [1.0, 1.0, 2.0]}, index=["x", "y", "z"])
    pub = {"t": primary_only(df, DisclosureConfig(), row_total=True, col_total=True)}
    audit_mod._memo.clear()
    solved = []
    for name in ("Polytope", "_linear"):
        original = getattr(audit_mod, name)
        monkeypatch.setattr(audit_mod, name, lambda *args, _f=original, _n=name: solved.append(_n) or _f(*args))
    first = audit_publication(pub)
    assert {r.how for r in first} == {"linear", "bounds"} and {"Polytope", "_linear"} <= set(solved)
    count = len(solved)
    assert audit_publication(pub) == first and len(solved) == count


def test_memo_keeps_at_most_its_size(monkeypatch):
    monkeypatch.setattr(audit_mod, "_MEMO_SIZE", 3)
    audit_mod._memo.clear()
    for n in range(6):
        df = pd.DataFrame({"a": [1.0, 5.0 + n], "b": [7.0 + n, 1.0]}, index=["x", "y"])
        audit_publication({"t": primary_only(df, DisclosureConfig(), row_total=True, col_total=True)})
        assert len(audit_mod._memo) <= 3
