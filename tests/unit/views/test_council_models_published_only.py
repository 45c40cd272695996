"""Council view models hold only what the Ratsfassung publishes (issue 15).

Generated small-number data; its twin has one resident moved between two accommodations of the same
district such that the Stand's Ratsfassung shows exactly the same (every table, every marker). A reader
of council mode cannot tell the two apart – so no council view model may differ between them, in any
value it holds (not only in what the page draws: an export or another caller may read any of it).
"""

from __future__ import annotations

import pytest
from hypothesis import Phase, example, given, settings

from ankunft.views import overview_view as ov
from tests.unit.views import council_data as cd

# each example builds Ratsfassungen and view models (several seconds CPU in all): slow tier
pytestmark = pytest.mark.slow

NO_SHRINK = (Phase.explicit, Phase.reuse, Phase.generate)  # each example builds two Ratsfassungen
FOCUS = ("01",)


def _same(build, pair) -> None:
    base, twin = pair
    diff = cd.differences(cd.plain(build(base)), cd.plain(build(twin)))
    assert diff == [], "\n".join(diff[:8])


@settings(max_examples=10, phases=NO_SHRINK)
@example(counts=[2, 1, 9, 1, 4, 6, 2, 14, 1])
@example(counts=[1, 9, 1, 1, 2])  # a '•' that is a masked small count in one twin, a complement in the other
@given(counts=cd.site_counts)
def test_council_overview_view_model_holds_only_published_values(counts):
    """The Übersicht's view model (tiles, alerts, district table, the accommodation table behind the
    map, the occupancy figures) is the same for both twins."""
    pair = cd.twins(counts, FOCUS)
    if pair is None:
        return
    _same(lambda s: ov.build(s, None, FOCUS, council=True), pair)


def test_the_twins_exist_and_differ_in_the_working_view():
    """The generator finds twins for the explicit example, and the working view tells them apart."""
    pair = cd.twins([2, 1, 9, 1, 4, 6, 2, 14, 1], FOCUS)
    assert pair is not None
    base, twin = pair
    assert cd.differences(cd.plain(ov.build(base, None, FOCUS)), cd.plain(ov.build(twin, None, FOCUS)))


@settings(max_examples=6, phases=NO_SHRINK)
@example(counts=[2, 1, 9, 1, 4, 6, 2, 14, 1])
@given(counts=cd.site_counts)
def test_council_report_sections_hold_only_published_values(counts):
    """The council report's data behind the Übersicht's figures (the accommodation table with its flags,
    the headlines) and every section built from them are the same for both twins."""
    from ankunft.views import report_sections as rs
    from ankunft.views import report_view as assemble

    pair = cd.twins(counts, FOCUS)
    if pair is None:
        return

    def sections(state):
        rd = assemble.prepare(state, None, council=True, focus_ids=FOCUS)
        return [rd.open_table, rd.headline, rs.section_kpis(rd), rs.section_accommodations(rd)]

    _same(sections, pair)


def _profiles(state):
    from ankunft.views import profile_view as pv

    return [pv.profile_for(state, key, FOCUS, "Fokus", True) for key in (pv.FOCUS_KEY, *cd.DISTRICTS)]


@settings(max_examples=10, phases=NO_SHRINK)
@example(counts=[1, 2, 6, 2, 1, 9, 14, 4])
@given(counts=cd.site_counts)
def test_council_profiles_hold_only_published_values(counts):
    """The Stadtteilprofil of the focus area and of every district (rows with their values, texts and
    readings, the headline's parts) is the same for twins whose resident moved between districts."""
    pair = cd.twins(counts, FOCUS, same_district=False)
    if pair is None:
        return
    _same(_profiles, pair)
