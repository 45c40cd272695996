"""Shared facts of the synthetic demo: seed, Stichtage, the marking as synthetic, date arithmetic."""

from __future__ import annotations

import datetime as dt

import numpy as np

DEFAULT_SEED = 20260930
STICHTAG = dt.date(2026, 9, 30)
EARLIER = dt.date(2026, 3, 31)
DISTRICTS_STAND = dt.date(2026, 6, 30)
DISTRICTS_EARLIER = dt.date(2025, 12, 31)
SYNTHETIC = "Synthetische Beispieldaten"
FIXED_CREATED = dt.datetime(2026, 10, 1, 8, 0, 0)

CITY_HEAD = "Stadtverwaltung Kaiserslautern"


def pick(rng: np.random.Generator, weights: dict):
    """One key of ``weights``, drawn with probability proportional to its weight."""
    keys = list(weights)
    p = np.array([weights[k] for k in keys], dtype=float)
    return keys[int(rng.choice(len(keys), p=p / p.sum()))]


def add_days(d: dt.date, n: int) -> dt.date:
    """The date ``n`` days after ``d`` (before it when ``n`` is negative)."""
    return d + dt.timedelta(days=int(n))
