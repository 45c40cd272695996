"""The wall clock is only for bookkeeping: whole seconds, local time."""

import datetime as dt

from ankunft.core import clock


def test_wall_clock_is_now_to_the_second():
    before = dt.datetime.now().replace(microsecond=0)
    now = clock.wall_clock()
    after = dt.datetime.now()
    assert now.microsecond == 0
    assert before <= now <= after
    assert now.tzinfo is None
