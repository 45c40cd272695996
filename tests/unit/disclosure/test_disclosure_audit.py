"""The auditor and its small LP solver, on hand-worked systems."""

import math

import numpy as np
import pytest

from ankunft.disclosure import DisclosureConfig, Infeasible, Recomputed, audit, parse_published
from ankunft.disclosure.lp import Polytope


def test_polytope_min_max():
    # a + b + c = 7, a, b in [1, 2], c >= 3
    p = Polytope([[1, 1, 1]], [7], [1, 1, 3], [2, 2, math.inf])
    assert p.minimise([0, 0, 1])[0] == pytest.approx(3)
    assert p.maximise([0, 0, 1])[0] == pytest.approx(5)
    assert p.maximise([1, 1, 0])[0] == pytest.approx(4)
    x = p.feasible_point()
    assert x.sum() == pytest.approx(7) and 1 - 1e-9 <= x[0] <= 2 + 1e-9


def test_polytope_unbounded_and_free_variables():
    p = Polytope([[1, -1]], [3], [-math.inf, 0], [math.inf, math.inf])
    assert p.minimise([1, 0])[0] == pytest.approx(3)
    value, point = p.maximise([1, 0])
    assert value == math.inf and point is None


def test_polytope_infeasible():
    with pytest.raises(Infeasible):
        Polytope([[1, 1]], [1], [1, 1], [2, 2])


def test_parse_published():
    cfg = DisclosureConfig()
    assert parse_published(12, cfg) == ("known", 12.0)
    assert parse_published("1.234", cfg) == ("known", 1234.0)
    assert parse_published("−3", cfg, signed=True) == ("known", -3.0)
    assert parse_published("±0", cfg, signed=True) == ("known", 0.0)
    assert parse_published("≤2", cfg) == ("hidden", (1.0, 2.0))
    assert parse_published("•", cfg) == ("hidden", (3.0, math.inf))
    assert parse_published(None, cfg) == ("hidden", (0.0, math.inf))
    assert parse_published(float("nan"), cfg) == ("hidden", (0.0, math.inf))
    with pytest.raises(ValueError):
        parse_published("zwölf", cfg)


ROW = [{"a": 1, "b": 1, "c": 1, "T": -1}]


def test_single_hidden_cell_in_a_sum_is_recomputed_linearly():
    found = audit({"a": "≤2", "b": 5, "c": 6, "T": 12}, ROW)
    assert found == [Recomputed("a", 1.0, "linear")]


def test_two_small_cells_summing_to_two_are_recomputed_from_bounds():
    # a + b = 2 and both are 1..2 (zeros are published) → both are 1
    found = audit({"a": "≤2", "b": "≤2", "c": 5, "T": 7}, ROW)
    assert found == [Recomputed("a", 1.0, "bounds"), Recomputed("b", 1.0, "bounds")]
    # with zeros hidden as well (0..2), 0 + 2 and 2 + 0 are possible
    assert audit({"a": "≤2", "b": "≤2", "c": 5, "T": 7}, ROW, DisclosureConfig(suppress_zero=True)) == []


def test_secondary_marker_reveals_a_range():
    # a + c = 4 with a in 1..2 and c "•" (>= 3) → a = 1, c = 3
    found = audit({"a": "≤2", "b": 0, "c": "•", "T": 4}, ROW)
    assert found == [Recomputed("a", 1.0, "bounds"), Recomputed("c", 3.0, "bounds")]
    # a + c = 9: a in 1..2, c in 7..8 → safe
    assert audit({"a": "≤2", "b": 0, "c": "•", "T": 9}, ROW) == []


def test_2x2_rectangle_is_safe_and_broken_rectangle_is_not():
    # table x11 x12 | r1 ; x21 x22 | r2 ; c1 c2 | g
    rel = [{"x11": 1, "x12": 1, "r1": -1}, {"x21": 1, "x22": 1, "r2": -1},
           {"x11": 1, "x21": 1, "c1": -1}, {"x12": 1, "x22": 1, "c2": -1},
           {"r1": 1, "r2": 1, "g": -1}, {"c1": 1, "c2": 1, "g": -1}]
    shown = {"x11": "≤2", "x12": "•", "x21": "•", "x22": "•", "r1": 6, "r2": 13, "c1": 7, "c2": 12, "g": 19}
    assert audit(shown, rel) == []
    shown["x22"] = 7  # publish one corner of the rectangle → all four follow
    found = audit(shown, rel)
    assert [(r.key, r.value, r.how) for r in found] == [
        ("x11", 1.0, "linear"), ("x12", 5.0, "linear"), ("x21", 6.0, "linear")]


def test_unlisted_cells_are_auxiliary():
    # T is not shown anywhere; a + b = T tells nothing
    assert audit({"a": "≤2", "b": 9}, [{"a": 1, "b": 1, "T": -1}]) == []
    # b is shown twice (a link): still nothing about a
    assert audit({"a": "≤2", "b": 9, "b2": 9}, [{"a": 1, "b": 1, "T": -1}, {"b": 1, "b2": -1}]) == []
    # but T shown in another chart gives a away
    assert audit({"a": "≤2", "b": 9, "T2": 10}, [{"a": 1, "b": 1, "T": -1}, {"T": 1, "T2": -1}]) == [
        Recomputed("a", 1.0, "linear")]
    # auxiliary cells are reported on request
    found = audit({"a": 3, "b": 9}, [{"a": 1, "b": 1, "T": -1}], report_unlisted=True)
    assert found == [Recomputed("T", 12.0, "linear")]


def test_explicit_bounds_override_markers():
    rel = [{"a": 1, "b": 1, "T": -1}]
    assert audit({"a": None, "b": None, "T": 10}, rel) == []
    found = audit({"a": None, "b": None, "T": 10}, rel, bounds={"a": (0, 10), "b": (10, 20)})
    assert found == [Recomputed("a", 0.0, "bounds"), Recomputed("b", 10.0, "bounds")]


def test_inconsistent_publication_raises():
    with pytest.raises(Infeasible):
        audit({"a": 3, "b": 4, "T": 8}, [{"a": 1, "b": 1, "T": -1}])
    with pytest.raises(Infeasible):
        audit({"a": "≤2", "b": 4, "T": 9}, [{"a": 1, "b": 1, "T": -1}])


def test_signed_cells_carry_no_range():
    # now = previous + change; previous hidden ≤2, change hidden (signed) → nothing follows
    rel = [{"now": 1, "prev": -1, "chg": -1}]
    assert audit({"now": 10, "prev": "≤2", "chg": "•"}, rel, signed={"chg"}) == []
    assert audit({"now": 10, "prev": "≤2", "chg": 8}, rel, signed={"chg"}) == [Recomputed("prev", 2.0, "linear")]


def test_recomputed_text_is_german():
    assert str(Recomputed(("t", "A", "GU"), 1.0, "linear")) == "('t', 'A', 'GU'): 1 (aus den Summen rückrechenbar)"
    assert "Wertebereichen" in str(Recomputed("a", 1.0, "bounds"))


def test_larger_system_agrees_with_rank_test():
    rng = np.random.default_rng(3)
    # random 4x4 table: hide a 2x2 rectangle → safe linearly
    x = rng.integers(3, 9, size=(4, 4))
    shown, rel = {}, []
    for i in range(4):
        for j in range(4):
            shown[(i, j)] = float(x[i, j])
    for i in range(4):
        shown[("r", i)] = float(x[i].sum())
        rel.append({**{(i, j): 1 for j in range(4)}, ("r", i): -1})
    for j in range(4):
        shown[("c", j)] = float(x[:, j].sum())
        rel.append({**{(i, j): 1 for i in range(4)}, ("c", j): -1})
    for cell in [(0, 0), (0, 2), (3, 0), (3, 2)]:
        shown[cell] = None
    assert audit(shown, rel) == []
    shown[(3, 2)] = float(x[3, 2])
    assert {r.key for r in audit(shown, rel)} == {(0, 0), (0, 2), (3, 0)}
