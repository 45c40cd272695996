"""Indicators: one pure function per indicator, computed from canonical frames and parameters.

Modules: ``areas`` (district ids, focus area, city and their labels), ``stays`` (residents'
stays), ``accommodations`` (per-accommodation table and flags), ``overview`` (KPIs, alerts, headline,
district table), ``housing``, ``services``, ``reach``, ``profile``. Whoever needs an indicator
first writes it; everybody else calls it.

A view that cannot be computed from the data at hand returns :class:`Unavailable` with a German
reason instead of a guessed number.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import wraps


@dataclass(frozen=True)
class Unavailable:
    """Marker for an indicator that the loaded data cannot answer; ``reason`` is German, for the UI."""

    reason: str

    def __bool__(self) -> bool:
        return False


def available(result) -> bool:
    """True when an indicator returned a value (not None, not :class:`Unavailable`)."""
    return result is not None and not isinstance(result, Unavailable)


def passes_unavailable(func):
    """Decorator: when the first argument is :class:`Unavailable`, return it unchanged."""

    @wraps(func)
    def wrapper(first, *args, **kwargs):
        if isinstance(first, Unavailable):
            return first
        return func(first, *args, **kwargs)

    return wrapper


__all__ = ["Unavailable", "available", "passes_unavailable"]
