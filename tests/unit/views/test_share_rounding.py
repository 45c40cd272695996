"""One rounding rule for the Kita coverage (issue #17): the same district's coverage read 79,7 % in
the Infrastruktur table, 80 % on its tile, in the Stadtteilprofil and in the Sachstand. Now every
place shows `fmt.share` of the one indicator (`indicators.services.kita_coverage`): the
Infrastruktur tile, headline and table, the Übersicht's district table, the Stadtteilprofil's row
and headline, the report section, the Sachstand and the Handlungsbedarf. Checked for every
district of the demo and of generated variants whose Kita capacities are scaled at random (so the
values land on other rounding edges than the ones the code was written against)."""

from __future__ import annotations

import re

import numpy as np
import pytest

from ankunft.core import fmt
from ankunft.indicators import overview as ov_mod
from ankunft.indicators import services as services_mod
from ankunft.storage.state import DataState
from ankunft.views import overview_view as ov
from ankunft.views import profile_view as pv
from ankunft.views import services_view as sv
from tests.audit.test_council_audit import states

pytestmark = pytest.mark.slow  # every page's view for every district: ~45 s per variant on the build machine


def _variant(seed: int) -> DataState:
    """The demo with every Kita's capacity scaled by a random factor between 0,6 and 1,3."""
    state, _ = states("demo")
    if seed == 0:
        return state
    rng = np.random.default_rng(seed)
    frames = {k: state.df(k) for k in state.views}
    services = frames["services"].copy()
    kita = services["category"].eq("Kita") & services["capacity"].notna()
    services.loc[kita, "capacity"] = np.round(services.loc[kita, "capacity"] * rng.uniform(0.6, 1.3, kita.sum()))
    frames["services"] = services
    return DataState.from_frames(state.stand, frames, {k: state.stichtag(k) for k in frames})


def _truth(state: DataState, ids: list[str] | None) -> float | None:
    return services_mod.kita_coverage(state.df("services"), state.df("districts"), ids)


def _district_ids(state: DataState) -> list[str]:
    return sorted(state.df("districts")["district_id"].astype(str))


@pytest.mark.parametrize("seed", [0, 7])
def test_every_page_shows_one_coverage_text_per_district(seed):
    state = _variant(seed)
    column = ov_mod.DISTRICT_LABELS["kita_coverage"] + " (%)"
    shown = ov.build(state, None, ["09"], None, council=False).districts  # the Übersicht's district table
    shown = dict(zip(shown[ov_mod.DISTRICT_LABELS["district_id"]].astype(str), shown[column].map(ov.DISTRICT_FORMATS[column])))
    checked = set()
    for did in _district_ids(state):
        value = _truth(state, [did])
        if value is None:
            continue
        expected = fmt.share(value)
        model = sv.build(state, None, None, [did], council=False)
        tiles = {t.key: t.value_text for t in model.tiles}
        assert tiles["kita_coverage"] == expected, (did, tiles["kita_coverage"])
        assert f"deckt {expected} des Bedarfs" in model.headline, model.headline
        row = model.kita[model.kita["Gebiet"].astype(str).str.contains(did, regex=False)]
        assert row["Versorgung"].tolist()[:1] == [expected], (did, row["Versorgung"].tolist())
        profile = pv.profile_for(state, did, ["09"], "Fokusgebiet", False)
        assert profile.row("kita").value_text == expected
        assert f"Kita-Versorgung {expected}" in pv.headline(profile, False)
        assert shown[did] == expected, (did, shown[did])
        checked.add(expected)
    assert len(checked) >= 8  # many different values, not one case


@pytest.mark.parametrize("seed", [0, 11])
def test_report_sachstand_and_findings_show_the_same_text(seed):
    from ankunft.export import council_text
    from ankunft.views import report_data as rdata
    from ankunft.views import report_sections

    state = _variant(seed)
    city = fmt.share(_truth(state, None))
    for did in (_district_ids(state)[0], "09"):
        expected = fmt.share(_truth(state, [did]))
        rd = rdata.prepare(state, None, council=False, focus_ids=[did])
        text = council_text.sachstand(rd)
        assert f"decken {city} des rechnerischen Bedarfs" in text, text
        assert f") {expected}" in text, text
        section = report_sections.section_services(rd)
        assert f"liegt bei {expected} des Bedarfs (Stadt {city})" in section.headline, section.headline
        assert {k.value_text for k in section.kpis if k.label == "Kita-Versorgung Stadt"} == {city}
        # Handlungsbedarf: "09 Kaiserslautern-West 79,7 % des Bedarfs (95 fehlen)"
        for area, shown in re.findall(r"(\d\d) [^;:()]*? (\d{1,3}(?:,\d+)?\u00a0%) des Bedarfs \(", text):
            assert shown == fmt.share(_truth(state, [area])), (area, shown)
