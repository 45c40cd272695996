"""Results kept per object: "computed once for this very data state".

A result is keyed by the identity (``id``) of the objects it was computed from (a data state, the
previous Stand's state) plus a hashable rest (parameters). A hit needs every one of those objects to
still be the very object the result was built from: ``id`` values are reused once an object is gone,
so the cache holds a weak reference to each object (the entry is dropped when its object dies) or,
for an object that cannot be weakly referenced (``None``, tuples), the object itself. At most
``maxsize`` entries; a new entry pushes out the least recently used one only.

Plain Python (no Streamlit): the data layers use it for work shared by pages, exports and sessions
within one process: ``indicators.overview``'s city part per state, the Ratsfassung per Stand
(``views.ratsfassung_data.for_stand``).
"""

from __future__ import annotations

import weakref
from collections import OrderedDict
from collections.abc import Callable, Hashable, Sequence
from typing import Generic, TypeVar

V = TypeVar("V")
_MISSING = object()


class _Strong:
    """Holds an object that cannot be weakly referenced; called like a weak reference."""

    __slots__ = ("obj",)

    def __init__(self, obj: object) -> None:
        self.obj = obj

    def __call__(self) -> object:
        return self.obj


class IdentityCache(Generic[V]):
    """``get_or_build(objects, extra, build)``: the kept result for these very objects and ``extra``,
    or ``build()`` kept for them."""

    def __init__(self, maxsize: int = 16) -> None:
        if maxsize < 1:
            raise ValueError("maxsize must be at least 1")
        self.maxsize = maxsize
        self._data: OrderedDict[tuple, tuple[tuple, V]] = OrderedDict()

    def __len__(self) -> int:
        return len(self._data)

    def clear(self) -> None:
        self._data.clear()

    def get(self, objects: Sequence[object], extra: Hashable = None, default=None):
        """The result kept for these very ``objects`` and ``extra``, else ``default``."""
        key = self._key(objects, extra)
        entry = self._data.get(key)
        if entry is None or not self._same(entry[0], objects):
            return default
        try:
            self._data.move_to_end(key)  # recently used
        except KeyError:  # dropped meanwhile (its object died, another thread): the result is still right
            pass
        return entry[1]

    def put(self, objects: Sequence[object], extra: Hashable, value: V) -> V:
        key = self._key(objects, extra)
        me = weakref.ref(self)
        refs = tuple(self._ref(obj, key, me) for obj in objects)
        self._data[key] = (refs, value)
        self._data.move_to_end(key)
        while len(self._data) > self.maxsize:
            self._data.popitem(last=False)  # the least recently used only
        return value

    def get_or_build(self, objects: Sequence[object], extra: Hashable, build: Callable[[], V]) -> V:
        hit = self.get(objects, extra, _MISSING)
        if hit is not _MISSING:
            return hit
        return self.put(objects, extra, build())

    @staticmethod
    def _key(objects: Sequence[object], extra: Hashable) -> tuple:
        return (tuple(id(obj) for obj in objects), extra)

    @staticmethod
    def _same(refs: tuple, objects: Sequence[object]) -> bool:
        return len(refs) == len(objects) and all(ref() is obj for ref, obj in zip(refs, objects))

    @staticmethod
    def _ref(obj: object, key: tuple, cache: weakref.ref) -> Callable[[], object]:
        def gone(dead: weakref.ref) -> None:  # the object died: drop the entry that refers to it
            owner = cache()
            entry = owner._data.get(key) if owner is not None else None
            if entry is not None and any(ref is dead for ref in entry[0]):
                owner._data.pop(key, None)

        try:
            return weakref.ref(obj, gone)
        except TypeError:  # None, tuples, ints …: held (and so kept alive) until the entry goes
            return _Strong(obj)
