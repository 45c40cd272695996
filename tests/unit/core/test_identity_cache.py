"""core.identity_cache: a result kept per object is found only for that very object (never for an
equal one, never for a later object that got the same id), goes when its object goes, and a full
cache pushes out the least recently used entry only – checked against a plain list model over
generated sequences of calls."""

from __future__ import annotations

import gc
from dataclasses import dataclass

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ankunft.core.identity_cache import IdentityCache


@dataclass(frozen=True)
class State:  # as DataState: frozen, compared by value
    n: int


def test_a_hit_needs_the_same_objects_and_extra():
    cache, built = IdentityCache(maxsize=8), []
    a, b = State(1), State(1)  # equal, not the same

    def build(tag):
        return lambda: built.append(tag) or tag

    assert cache.get_or_build((a,), "x", build("a-x")) == "a-x"
    assert cache.get_or_build((a,), "x", build("again")) == "a-x"
    assert cache.get_or_build((b,), "x", build("b-x")) == "b-x"  # equal data, another object
    assert cache.get_or_build((a,), "y", build("a-y")) == "a-y"
    assert cache.get_or_build((a, None), "x", build("a-none")) == "a-none"  # None is held, not weakly referenced
    assert cache.get_or_build((a, None), "x", build("again")) == "a-none"
    assert cache.get_or_build((a, b), "x", build("a-b")) == "a-b"
    assert cache.get_or_build((b, a), "x", build("b-a")) == "b-a"  # order matters
    assert built == ["a-x", "b-x", "a-y", "a-none", "a-b", "b-a"]
    assert cache.get((State(1),), "x", "kein Treffer") == "kein Treffer"


def test_a_kept_none_result_is_a_hit():
    cache, calls = IdentityCache(), []
    a = State(1)
    for _ in range(3):
        assert cache.get_or_build((a,), None, lambda: calls.append(1)) is None
    assert calls == [1]


def test_an_entry_goes_with_its_object_and_ids_reused_later_never_hit():
    cache = IdentityCache(maxsize=1000)
    seen_ids, reused = {}, 0
    for round_ in range(300):
        obj = State(round_)
        if id(obj) in seen_ids:  # CPython hands out the id of an object that is gone
            reused += 1
            assert cache.get((obj,), "k", "frei") == "frei", "Treffer für ein anderes Objekt mit derselben id"
        cache.put((obj,), "k", round_)
        seen_ids[id(obj)] = round_
        assert cache.get((obj,), "k") == round_
        del obj  # no cycle: CPython frees it (and fires the weak reference) at once, without gc.collect()
        assert len(cache) == 0  # dropped with its object
    assert reused > 0, "the test never saw an id reused"


def test_no_stale_hit_even_when_an_entry_outlives_its_object(monkeypatch):
    """Should an entry stay after its object (a drop missed), the identity check alone still refuses it."""
    import weakref

    monkeypatch.setattr(IdentityCache, "_ref", staticmethod(lambda obj, key, cache: weakref.ref(obj)))
    cache, reused = IdentityCache(maxsize=1000), 0
    kept_ids = set()
    for round_ in range(300):
        obj = State(round_)
        if id(obj) in kept_ids:
            reused += 1
            assert cache.get((obj,), "k", "frei") == "frei", "Treffer für ein anderes Objekt mit derselben id"
        cache.put((obj,), "k", round_)
        kept_ids.add(id(obj))
        del obj
    assert reused > 0 and len(cache) == len(kept_ids)  # the entries stayed, and were never a hit


def test_an_entry_with_two_objects_goes_when_either_goes():
    cache = IdentityCache()
    a, b = State(1), State(2)
    cache.put((a, b), "k", "ab")
    cache.put((a,), "k", "a")
    del b
    gc.collect()
    assert len(cache) == 1 and cache.get((a,), "k") == "a"


def test_an_object_without_weak_references_is_kept_alive_while_its_entry_is_kept():
    cache = IdentityCache(maxsize=2)
    key_obj = ("tuple", 1)  # tuples cannot be weakly referenced
    ident = id(key_obj)
    cache.put((key_obj,), None, "t")
    del key_obj
    gc.collect()
    assert len(cache) == 1  # held by the entry: its id cannot be handed out again
    (held,) = [refs for refs, _ in cache._data.values()][0]
    assert id(held()) == ident


def test_a_replaced_entry_is_not_dropped_by_the_first_ones_reference():
    cache = IdentityCache()
    a = State(1)
    cache.put((a,), "k", "first")
    cache.put((a,), "k", "second")
    gc.collect()
    assert cache.get((a,), "k") == "second" and len(cache) == 1


def test_maxsize_must_be_positive():
    with pytest.raises(ValueError):
        IdentityCache(maxsize=0)


# --- against a model: the least recently used entry, and only it, goes when the cache is full -----
ops = st.lists(st.tuples(st.sampled_from(["use", "get"]), st.integers(0, 7), st.sampled_from(["x", "y"])),
               max_size=80)


@given(st.integers(1, 6), ops)
def test_a_full_cache_drops_the_least_recently_used_only(maxsize, calls):
    objects = [State(i % 3) for i in range(8)]  # some equal, all distinct objects
    cache, model = IdentityCache(maxsize=maxsize), []  # model: keys, least recently used first
    builds, expected_builds = [], []
    for op, i, extra in calls:
        key = (i, extra)
        if op == "get":
            got = cache.get((objects[i],), extra, None)
            assert (got is not None) == (key in model), (key, model)
            if got is not None:
                assert got == key
                model.remove(key)
                model.append(key)
            continue
        value = cache.get_or_build((objects[i],), extra, lambda key=key: builds.append(key) or key)
        assert value == key
        if key in model:
            model.remove(key)
        else:
            expected_builds.append(key)
            if len(model) == maxsize:
                model.pop(0)
        model.append(key)
        assert len(cache) == len(model) <= maxsize
    assert builds == expected_builds  # built exactly when not kept
