"""Every council screen follows the threshold recorded for the Stand (issue 15): with "<5" recorded,
no council view model shows a "≤2", and the small counts of the small-number data show "<5"."""

from __future__ import annotations

import dataclasses

import pandas as pd
import pytest

from ankunft.disclosure import Figure
from ankunft.views import accommodations_view as av
from ankunft.views import housing_view as hv
from ankunft.views import overview_view as ov
from ankunft.views import profile_view as pv
from ankunft.views import services_view as sv
from tests.audit.test_council_audit import FOCUS, states


def texts(obj, seen=None) -> list[str]:
    """Every text a view model holds (fields, tiles, table cells, figures), recursively."""
    seen = set() if seen is None else seen
    if id(obj) in seen:
        return []
    seen.add(id(obj))
    if isinstance(obj, str):
        return [obj]
    if isinstance(obj, Figure):
        return [obj.text]
    if isinstance(obj, pd.DataFrame):
        return [t for v in obj.to_numpy().ravel() for t in texts(v, seen)]
    if isinstance(obj, pd.Series):
        return [t for v in obj.to_numpy() for t in texts(v, seen)]
    if isinstance(obj, dict):
        return [t for v in obj.values() for t in texts(v, seen)]
    if isinstance(obj, (list, tuple)):
        return [t for v in obj for t in texts(v, seen)]
    if dataclasses.is_dataclass(obj):
        return [t for f in dataclasses.fields(obj) for t in texts(getattr(obj, f.name), seen)]
    return []


VIEWS = {
    "uebersicht": lambda s, p: ov.build(s, p, FOCUS, None, council=True),
    "unterkuenfte": lambda s, p: av.build(s, p, council=True),
    "wohnqualitaet": lambda s, p: hv.build(s, p, None, FOCUS, True),
    "infrastruktur": lambda s, p: sv.build(s, p, None, FOCUS, True),
    "profil": lambda s, p: pv.profile_for(s, "09", FOCUS, "Fokusgebiet", True),
}


@pytest.mark.parametrize("page", list(VIEWS))
def test_council_views_use_the_recorded_threshold(page):
    state, previous = states("small")
    state = dataclasses.replace(state, council_marker="<5")
    previous = dataclasses.replace(previous, council_marker="<5")
    shown = texts(VIEWS[page](state, previous))
    assert not [t for t in shown if "≤2" in t], [t for t in shown if "≤2" in t][:5]
    if page in ("uebersicht", "unterkuenfte", "infrastruktur"):  # pages with small person counts
        assert any("<5" in t for t in shown)
