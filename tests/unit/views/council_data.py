"""Generated small-number data for the council view models (issue 15), and a walker that turns a view
model into plain values, so that two council models can be compared as a reader sees them.

The tests built on it change the data only where the Ratsfassung does not look (completed stays, one
resident moved between two hidden accommodations, a site the residents file does not cover) and ask
that every council view model stays the same, or that it shows exactly the Ratsfassung's cells.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math

import numpy as np
import pandas as pd
from hypothesis import strategies as st

from ankunft.core import reference
from ankunft.disclosure import Figure, Protected
from ankunft.disclosure.config import SUPPRESSED_STATUSES
from ankunft.storage.state import DataState

STICHTAG = dt.date(2026, 9, 30)
DISTRICTS = ("01", "02", "03")
_CENTRES = {d.id: (d.lat, d.lon) for d in reference.DISTRICTS}


def frames(counts, *, past=(), uncovered=(), statuses=None, districts=None) -> dict[str, pd.DataFrame]:
    """Accommodations ``U0..`` with ``counts[i]`` current residents (one-person households), in the
    districts ``districts[i]`` (default: 01, 02, 03 in turn); ``past``: completed stays as (site, days
    before the Stichtag it ended, length in days); ``uncovered``: sites the residents file does not
    name (their occupancy is the list's column); ``statuses``: the list's status per site."""
    n = len(counts)
    dist = list(districts) if districts is not None else [DISTRICTS[i % len(DISTRICTS)] for i in range(n)]
    ids = [f"U{i}" for i in range(n)]
    acc = pd.DataFrame({
        "id": ids, "name": [f"Unterkunft {chr(65 + i)}" for i in range(n)], "district_id": dist,
        "capacity": [float(max(2 * c, 10)) for c in counts], "occupancy": [float(c) for c in counts],
        "status": list(statuses) if statuses is not None else ["in Betrieb"] * n,
        "lat": [_CENTRES[d][0] + 0.001 * i for i, d in enumerate(dist)],
        "lon": [_CENTRES[d][1] + 0.001 * i for i, d in enumerate(dist)],
        "floor_area_m2": [float(10 * max(c, 1)) for c in counts], "social_workers": [1.0] * n,
        "monthly_cost_per_place": [300.0] * n,
    })
    day = pd.Timestamp(STICHTAG)
    rows = []
    for i, c in enumerate(counts):
        if i in set(uncovered):
            continue
        for j in range(int(c)):
            rows.append((f"P{i}-{j}", ids[i], day - pd.Timedelta(days=40 + 173 * j), pd.NaT, 1980 + (7 * j) % 40,
                         "subsidiärer Schutz" if j % 2 else "Asylverfahren"))
    for k, (site, ended, length) in enumerate(past):
        out = day - pd.Timedelta(days=int(ended))
        rows.append((f"X{k}", ids[int(site) % n], out - pd.Timedelta(days=int(length)), out, 1985, None))
    res = pd.DataFrame(rows, columns=["person_id", "accommodation", "move_in", "move_out", "birth_year",
                                      "residence_status"])
    res["household_id"] = res["person_id"]
    res["move_out"] = pd.to_datetime(res["move_out"])
    districts_frame = pd.DataFrame({"district_id": [d.id for d in reference.DISTRICTS],
                                    "population": [5000 + 100 * i for i in range(len(reference.DISTRICTS))]})
    return {"accommodations": acc, "residents": res, "districts": districts_frame}


def state(counts, **kw) -> DataState:
    return DataState.from_frames(STICHTAG, frames(counts, **kw))


# many ones and twos, a few larger sites: something is always hidden
site_counts = st.lists(st.sampled_from([1, 1, 2, 2, 3, 4, 6, 9, 14]), min_size=4, max_size=9)
past_stays = st.lists(st.tuples(st.integers(0, 8), st.integers(1, 700), st.integers(5, 1500)),
                      min_size=1, max_size=8)


# --- a view model as a reader sees it ----------------------------------------------------------
def plain(obj):
    """The values a view model holds, recursively, as comparable plain data (NaN → None; a figure as
    its text and published value; a protected table as its display and published values)."""
    if isinstance(obj, Figure):
        return ("Figure", obj.text, obj.value, _seen(obj.status, obj.cfg))
    if isinstance(obj, Protected):
        return ("Protected", plain(obj.display), plain(obj.values), plain(obj.status.map(lambda s: _seen(s, obj.cfg))))
    if isinstance(obj, pd.DataFrame):
        return ("DataFrame", [str(c) for c in obj.columns], [plain(i) for i in obj.index],
                [[plain(v) for v in row] for row in obj.itertuples(index=False)])
    if isinstance(obj, pd.Series):
        return ("Series", [plain(i) for i in obj.index], [plain(v) for v in obj.to_numpy()])
    if isinstance(obj, np.ndarray):
        return [plain(v) for v in obj.tolist()]
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return (type(obj).__name__, {f.name: plain(getattr(obj, f.name)) for f in dataclasses.fields(obj)})
    if isinstance(obj, dict):
        return {str(k): plain(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [plain(v) for v in obj]
    if isinstance(obj, (np.floating, float)):
        return None if math.isnan(float(obj)) else float(obj)
    if isinstance(obj, np.integer):
        return int(obj)
    if obj is pd.NaT or (not isinstance(obj, str) and pd.api.types.is_scalar(obj) and pd.isna(obj)):
        return None
    if hasattr(obj, "to_plotly_json"):
        return plain(obj.to_plotly_json())
    return obj


def _seen(status, cfg) -> str:
    """A figure's status as a reader can tell it: a hidden one by its marker ("masked" – a small count
    shown as "•" – and "secondary" both read "•"; which of the two is the Ratsfassung's own record)."""
    return cfg.marker_for(status) if status in SUPPRESSED_STATUSES else status


def differences(a, b, path: str = "") -> list[str]:
    """Where two plain structures differ (paths), for a readable failure."""
    if type(a) is not type(b):
        return [f"{path}: {a!r} ≠ {b!r}"]
    if isinstance(a, dict):
        out = []
        for k in sorted(set(a) | set(b)):
            out += differences(a.get(k), b.get(k), f"{path}.{k}")
        return out
    if isinstance(a, (list, tuple)):
        if len(a) != len(b):
            return [f"{path}: {len(a)} ≠ {len(b)} Einträge"]
        out = []
        for i, (x, y) in enumerate(zip(a, b)):
            out += differences(x, y, f"{path}[{i}]")
        return out
    return [] if a == b else [f"{path}: {a!r} ≠ {b!r}"]


def moved(fr: dict[str, pd.DataFrame], src: int, dst: int) -> dict[str, pd.DataFrame] | None:
    """The frames with one current resident of site ``src`` living in site ``dst`` instead (the same
    person: move-in, birth year, status unchanged; the list's occupancy column follows); None when
    ``src`` has no current resident in the residents file."""
    acc, res = fr["accommodations"].copy(), fr["residents"].copy()
    a, b = acc["id"].iloc[src], acc["id"].iloc[dst]
    mine = res.index[(res["accommodation"] == a).to_numpy() & res["move_out"].isna().to_numpy()]
    if not len(mine):
        return None
    res.loc[mine[-1], "accommodation"] = b
    acc.loc[acc.index[src], "occupancy"] -= 1.0
    acc.loc[acc.index[dst], "occupancy"] += 1.0
    return {**fr, "accommodations": acc, "residents": res}


def published(state: DataState, focus=("01",)) -> tuple:
    """Everything the state's Ratsfassung shows (every table's display): two states with the same are
    the same to a reader of council mode."""
    from ankunft.views import ratsfassung_data

    rats = ratsfassung_data.for_stand(state, None, tuple(focus), ratsfassung_data.council_cfg(state))
    return tuple((name, plain(t.display)) for name, t in sorted(rats.tables.items()))


def twins(counts, focus=("01",), tries: int = 6, same_district: bool = True, **kw):
    """(state, twin): the generated state and one with a resident moved between two sites (of one
    district, or with ``same_district=False`` of two districts) such that the Ratsfassung shows
    exactly the same; None when no such pair is found within ``tries``."""
    fr = frames(counts, **kw)
    base = DataState.from_frames(STICHTAG, fr)
    shown = published(base, focus)
    acc = fr["accommodations"]
    pairs = [(i, j) for i in range(len(acc)) for j in range(len(acc))
             if i != j and (acc["district_id"].iloc[i] == acc["district_id"].iloc[j]) == same_district
             and counts[i] >= 2]
    for i, j in pairs[:tries]:
        other = moved(fr, i, j)
        if other is None:
            continue
        twin = DataState.from_frames(STICHTAG, other)
        if published(twin, focus) == shown:
            return base, twin
    return None
