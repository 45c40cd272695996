"""The one injectable clock. "Now" in the product is the selected Stichtag, never the wall clock."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Callable


@dataclass(frozen=True)
class Clock:
    """A fixed point in time that domain code treats as "now"."""

    stichtag: dt.date

    def today(self) -> dt.date:
        return self.stichtag

    def timestamp(self) -> "dt.datetime":
        return dt.datetime.combine(self.stichtag, dt.time())


def fixed(day: dt.date | str) -> Clock:
    if isinstance(day, str):
        day = dt.date.fromisoformat(day)
    return Clock(day)


def as_timestamp(day) -> "pd.Timestamp":  # noqa: F821
    import pandas as pd

    return pd.Timestamp(day).normalize()


# Wall-clock time only for bookkeeping (import log), injectable for tests.
WallClock = Callable[[], dt.datetime]


def wall_clock() -> dt.datetime:
    return dt.datetime.now().replace(microsecond=0)
