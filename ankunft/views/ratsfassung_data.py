"""The counts of a Stand for its Ratsfassung, and the Ratsfassung itself (built once per Stand).

Council screens and exports call :func:`for_stand` and take every person count from the returned
:class:`~ankunft.disclosure.ratsfassung.Ratsfassung`; the previous Stand's Ratsfassung is built from
the previous state in the same way and travels along, so comparisons use what was published then.
Always the whole city: council mode has no district or other filters.
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from ankunft import disclosure
from ankunft.disclosure import DisclosureConfig
from ankunft.disclosure import ratsfassung as rf
from ankunft.indicators import Unavailable
from ankunft.indicators import accommodations as acc_mod
from ankunft.indicators import overview as ov_mod
from ankunft.indicators import stays as stays_mod
from ankunft.storage.state import DataState

LONG_BANDS = ("3–5 Jahre", "> 5 Jahre")  # together: at least three years (the long-stay rule)


def open_roster(data: ov_mod.OverviewInputs) -> pd.DataFrame | None:
    """Current residents of accommodations in operation (None without a residents file)."""
    if isinstance(data.roster, Unavailable):
        return None
    keys = set(acc_mod.open_only(data.table)["key"]) if len(data.table) else set()
    return data.roster[data.roster["accommodation_id"].isin(keys).to_numpy()]


def counts(state: DataState, focus_ids: Iterable[str]) -> rf.Counts:
    """What the Ratsfassung of this Stand publishes, as true counts."""
    data = ov_mod.inputs(state, None)
    table = acc_mod.open_only(data.table) if len(data.table) else data.table
    known = table[table["occupancy"].notna().to_numpy()] if len(table) else table
    occupancy = pd.Series(known["occupancy"].to_numpy(dtype="float64") if len(known) else [],
                          index=pd.Index(list(known["key"]) if len(known) else [], dtype="object"), dtype="float64")
    district_of = {k: (d if isinstance(d, str) and d else rf.NO_DISTRICT)
                   for k, d in zip(known["key"], known["district_id"])} if len(known) else {}
    districts = list(ov_mod.district_table(data, list(focus_ids))["district_id"]) if len(data.table) else []
    roster = open_roster(data)
    bands = entitled = per_site = None
    if roster is not None:
        b = stays_mod.length_of_stay_bands(roster)
        if not isinstance(b, Unavailable):
            bands = pd.Series(b["count"].to_numpy(dtype="float64"), index=list(b["band"]), dtype="float64")
        per_site = los_wide(roster)
        n = stays_mod.entitled_count(roster)
        entitled = None if n is None else float(n)
    return rf.Counts(state.stand, occupancy, district_of, districts, list(focus_ids), bands, LONG_BANDS, entitled,
                     per_site)


def los_wide(roster: pd.DataFrame) -> pd.DataFrame | None:
    """Residents per accommodation (rows) and length-of-stay band (columns)."""
    long = stays_mod.length_of_stay_bands(roster, by_accommodation=True)
    if isinstance(long, Unavailable) or len(long) == 0:
        return None
    wide = long.pivot(index="accommodation_id", columns="band", values="count")
    wide = wide.reindex(columns=list(stays_mod.BANDS)).fillna(0).astype("float64")
    wide.index = pd.Index([str(k) for k in wide.index], dtype="object")
    wide.columns = pd.Index([str(c) for c in wide.columns], dtype="object")
    wide.index.name = None
    wide.columns.name = None
    return wide


_CACHE: dict = {}


def for_stand(state: DataState, previous: DataState | None, focus_ids: Iterable[str],
              cfg: DisclosureConfig = disclosure.DEFAULT) -> rf.Ratsfassung:
    """The Ratsfassung of ``state``'s Stand (with the previous Stand's), built once per content."""
    focus = tuple(focus_ids)
    key = (id(state), id(previous), focus, cfg)
    hit = _CACHE.get(key)
    if hit is not None and hit[0] is state and hit[1] is previous:
        return hit[2]
    before = rf.build(counts(previous, focus), cfg) if previous is not None else None
    result = rf.build(counts(state, focus), cfg, before)
    if len(_CACHE) > 16:
        _CACHE.clear()
    _CACHE[key] = (state, previous, result)
    return result


__all__ = ["LONG_BANDS", "counts", "for_stand", "los_wide", "open_roster"]
