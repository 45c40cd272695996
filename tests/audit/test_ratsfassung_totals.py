"""No over-suppression of the headline figures (issue 15 item 2): on small-number data and on data
with recent small moves, the Ratsfassung publishes the city's residents total, the number of sites
and every district total of at least the threshold — the table redesign merges the small
length-of-stay bands first, and the joint suppression keeps totals as the most expensive cells. The
Übersicht (council) shows the same figures, and the auditor finds nothing recomputable."""

from __future__ import annotations

import pytest

from ankunft.core import fmt
from ankunft.disclosure import ratsfassung as R
from ankunft.indicators import accommodations as acc_mod
from ankunft.indicators import overview as ov_mod
from ankunft.views import overview_view as ov
from ankunft.views import ratsfassung_data
from tests.audit import test_council_audit as base
from tests.audit.test_council_audit import FOCUS


@pytest.mark.parametrize("kind", ["small", "flows"])
def test_headline_totals_are_published(kind):
    state, previous = base.states(kind)
    rats = ratsfassung_data.for_stand(state, previous, tuple(FOCUS), ratsfassung_data.council_cfg(state))
    counts = ratsfassung_data.counts(state, FOCUS)
    total = float(counts.occupancy.sum())
    assert not rats.cfg.is_small(total)
    for name in (R.ACC, R.DIST, R.BANDS):
        f = rats.cell(name, R.TOTAL)
        assert not f.suppressed and f.value == total, name
    for district in rats.rows(R.DIST):  # every district of at least the threshold
        true = float(sum(v for k, v in counts.occupancy.items() if counts.district_of.get(k) == district))
        if true > rats.cfg.threshold:
            assert rats.cell(R.DIST, district).value == true, district
    assert rats.audit() == []
    # the small bands were merged before suppression, and the Ratsfassung says so
    assert "Aufenthaltsdauer zusammengefasst: bis 3 Jahre / 3–5 Jahre / > 5 Jahre, weil einzelne Gruppen weniger als " \
           "3 Personen hatten." in rats.coarsening_notes
    # the council Übersicht shows them: residents, number of sites, the long-stay share
    view = ov.build(state, previous, FOCUS, None, council=True)
    tiles = {t.key: t.value_text for t in view.tiles}
    sites = len(acc_mod.open_only(ov_mod.inputs(state, None).table))
    assert tiles["residents"] == fmt.integer(total)
    assert tiles["open_accommodations"] == fmt.integer(sites)
    assert tiles["long_stay_share"] == R.long_stay_share(rats).text != "•"


@pytest.mark.parametrize("kind", ["demo"])
def test_demo_data_keep_every_band(kind):
    """Nothing to redesign where no band is small: the demo data keep their four bands."""
    state, previous = base.states(kind)
    rats = ratsfassung_data.for_stand(state, previous, tuple(FOCUS), ratsfassung_data.council_cfg(state))
    assert rats.bands_of(R.BANDS) == ["< 1 Jahr", "1–3 Jahre", "3–5 Jahre", "> 5 Jahre"]
    assert rats.coarsening_note(R.BANDS) is None
