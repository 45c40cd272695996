"""The cross-view adversary (issue 15) on the union of every channel: all numbers council mode can
show, on every data kind, in one system for the auditor — and a check that the data exercise every
channel. Split from test_cross_view.py (same readers) so that pytest-xdist, which runs a file on one
worker (--dist loadfile), runs the per-channel and the union halves on different workers.

For the demo, the small-number data and the data with recent small moves the union also reads the
exported bytes of both Stände: ``test_cross_view_exports.py`` (its own file, for the same reason).
Here the union runs on the other data kinds, over the report object's publication."""

from __future__ import annotations

import pytest

from ankunft.indicators import stays as stays_mod
from tests.audit import export_audit as ea
from tests.audit import test_cross_view as cv


@pytest.mark.parametrize("kind", [k for k in cv.KINDS if k not in ea.BYTES_KINDS])
def test_everything_council_mode_shows_together(kind):
    r = cv.channel_reader("all", kind)
    found = r.found()
    assert found == [], r.explain(found)


def test_the_data_exercise_every_channel():
    """Without hidden cells where a channel looks, a passing audit proves nothing."""
    small = cv.channel_reader("all", "small")
    hidden = small.hidden()
    assert any(k[0] == "dist" for k in hidden)  # channel 1, 7: hidden districts
    # channel 2: small bands – hidden, or (since the table redesign of 23fb3da) merged with their
    # neighbours, so that the share "Länger als 3 Jahre" can no longer pin them
    bands = [k for k in small.cells if k[:2] == ("chart", "bands")]
    assert any(k in hidden for k in bands) or any(k[3] not in stays_mod.BANDS for k in bands)
    assert any(k[0] == "export" for k in hidden)  # channel 3
    assert any(k[0] == "map" and v is None for k, v in small.cells.items())  # channel 4: cells as classes
    assert any(k[0] == "prev:acc" for k in hidden)  # channel 6: hidden at the previous Stand
    assert any(k[0] == "social" for k in hidden)  # channel 7
    assert any(k[0] == "housing" for k in hidden) and any(k[0] == "children" for k in hidden)  # channel 8
    flags = cv.channel_reader("flags", "flags")
    tiny = [k for k in flags.cells if k[0] == "cap" and flags.truth[k] <= 2]
    assert tiny and any(flags.cells.get(("acc", k[1])) in cv.MARKERS for k in tiny)  # channel 5
    assert stays_mod.BANDS[-2:] == cv.LONG_BANDS

