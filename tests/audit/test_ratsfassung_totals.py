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


@pytest.mark.parametrize("marker", ["≤2", "<5"])
def test_the_previous_stands_ratsfassung_is_its_own_and_each_stand_is_counted_once(marker, count_calls):
    """for_stand(state, previous) carries the previous Stand's own Ratsfassung (the very object its pages
    show) and reads each state's counts once; the result is what building both from the counts gives."""
    from ankunft.disclosure import DisclosureConfig
    from ankunft.storage import demo

    tables = base.flow_tables()  # fresh states: nothing kept for them yet
    state, previous = base._state(tables, demo.STICHTAG), base._state(tables, demo.EARLIER)
    cfg = DisclosureConfig.from_marker(marker)
    count_calls(ratsfassung_data, "counts")
    rats = ratsfassung_data.for_stand(state, previous, FOCUS, cfg)
    assert ratsfassung_data.for_stand(previous, None, FOCUS, cfg) is rats.previous
    assert ratsfassung_data.for_stand(state, previous, FOCUS, cfg) is rats
    assert count_calls.calls == ["counts", "counts"]
    before = R.build(ratsfassung_data.counts(previous, FOCUS), cfg)
    expected = R.build(ratsfassung_data.counts(state, FOCUS), cfg, before, ratsfassung_data.counts(previous, FOCUS))
    for got, want in ((rats.previous, before), (rats, expected)):
        assert got.tables.keys() == want.tables.keys() and got.withheld == want.withheld
        for name, pub in want.tables.items():
            assert got.tables[name].display.equals(pub.display), name
