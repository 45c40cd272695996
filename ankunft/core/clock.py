"""The product's "now" is the selected Stichtag, passed as a parameter, never the wall clock.

The wall clock is read only for bookkeeping (import timestamps in the store, the CLI's purge
reference day); the store takes an injectable ``now`` for tests.
"""

from __future__ import annotations

import datetime as dt


def wall_clock() -> dt.datetime:
    """The current local time to the second (import log, purge)."""
    return dt.datetime.now().replace(microsecond=0)
