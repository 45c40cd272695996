"""The council report publishes nothing outside the Ratsfassung (issue 15): completed stays are no
cell of it, so a council report must read the same whatever the completed stays are; the working
report does show them."""

from __future__ import annotations

import pytest
from hypothesis import Phase, given, settings
from hypothesis import strategies as st

from ankunft.views import report_sections as rs
from ankunft.views import report_view as assemble
from tests.unit.views import council_data as cd

# each example builds Ratsfassungen and view models (several seconds CPU in all): slow tier
pytestmark = pytest.mark.slow

COMPLETED = "Abgeschlossene Aufenthalte"
# each example builds reports: no shrinking (a failing example is printed as found)
NO_SHRINK = (Phase.explicit, Phase.reuse, Phase.generate)


def _section(counts, past, council: bool):
    rd = assemble.prepare(cd.state(counts, past=past), None, council=council)
    return rs.section_length_of_stay(rd)


@settings(max_examples=8, phases=NO_SHRINK)
@given(counts=cd.site_counts, past=cd.past_stays)
def test_council_length_of_stay_does_not_depend_on_completed_stays(counts, past):
    """Adding completed stays (generated: site, end, length) changes nothing in the council section:
    no tile, no sentence, no chart value; the working section counts them."""
    without = cd.plain(_section(counts, (), True))
    with_past = cd.plain(_section(counts, past, True))
    assert cd.differences(without, with_past) == []
    working = _section(counts, past, False)
    assert any(k.label == COMPLETED for k in working.kpis)
    assert f"endeten {len(past)} Aufenthalte" in working.notes.replace("\u00a0", " ")


@settings(max_examples=5, phases=NO_SHRINK)
@given(counts=cd.site_counts, past=cd.past_stays, threshold=st.sampled_from([2, 4]))
def test_council_report_names_no_completed_stays_at_any_threshold(counts, past, threshold):
    """Whatever the Stand's threshold: the council report's tiles and sentences never name completed
    stays (no "Abgeschlossene Aufenthalte", no "endeten … Aufenthalte", no median of them)."""
    from ankunft.disclosure import DisclosureConfig

    cfg = DisclosureConfig.yearbook() if threshold == 2 else DisclosureConfig.under_five()
    rd = assemble.prepare(cd.state(counts, past=past), None, council=True, disclosure_cfg=cfg)
    section = rs.section_length_of_stay(rd)
    labels = [k.label for k in section.kpis]
    assert COMPLETED not in labels and "Median abgeschlossener Aufenthalte" not in labels
    assert "endeten" not in section.notes and "abgeschlossen" not in section.notes.lower()
