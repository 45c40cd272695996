"""Areas: districts, the focus area and the city as the indicators and views address them.

District ids are two-digit text ("09"); ``None`` as a list of ids means the whole city. Every
per-area table has the columns ``area_id`` (a district id, ``FOCUS_ID`` or ``CITY_ID``), ``area``
(German label) and ``level`` (``LEVEL_DISTRICT``, ``LEVEL_FOCUS``, ``LEVEL_CITY``).
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from ankunft.core import reference
from ankunft.core.names import district_label

CITY_ID = "Stadt"
FOCUS_ID = "Fokus"
CITY_LABEL = f"Stadt {reference.CITY}"
LEVEL_DISTRICT = "Stadtteil"
LEVEL_FOCUS = "Fokusgebiet"
LEVEL_CITY = "Stadt"


def district_ids_of(df: pd.DataFrame) -> pd.Series:
    """Two-digit district id per row: the ``district_id`` column, else resolved from ``district``."""
    out = pd.Series(pd.NA, index=df.index, dtype="str")
    if "district_id" in df.columns:
        out = _resolve(df["district_id"])
    if "district" in df.columns:
        missing = out.isna() & df["district"].notna()
        if missing.any():
            out.loc[missing] = _resolve(df.loc[missing, "district"])
    return out


def _resolve(values: pd.Series) -> pd.Series:
    """resolve_district over a column, once per distinct value (fast on long frames)."""
    lookup = {v: reference.resolve_district(v) for v in pd.unique(values.dropna())}
    return values.map(lookup).astype("str")


def normalise_ids(district_ids: Iterable[str] | None) -> list[str] | None:
    """District ids as two-digit text; None stays None (= whole city)."""
    if district_ids is None:
        return None
    out = []
    for d in district_ids:
        r = reference.resolve_district(d)
        out.append(r if r is not None else str(d))
    return sorted(set(out))


def area_label(district_ids: Iterable[str] | None) -> str:
    """German label of an area: the city, the default focus area, one district or a set of districts."""
    ids = normalise_ids(district_ids)
    if ids is None:
        return CITY_LABEL
    if tuple(ids) == tuple(reference.FOCUS_DEFAULT):
        return reference.FOCUS_LABEL_DEFAULT
    if len(ids) == 1:
        return district_name(ids[0])
    return "Fokusgebiet (" + ", ".join(ids) + ")"


def district_name(district_id: str) -> str:
    """"09 Innenstadt-West" (``names.district_label``) for a known district, "Stadtteil 99" otherwise."""
    if district_id in reference.DISTRICT_NAMES:
        return district_label(district_id)
    return f"Stadtteil {district_id}"


def district_names(district_ids: pd.Series) -> pd.Series:
    """``district_name`` over a column, once per distinct id."""
    lookup = {d: district_name(d) for d in pd.unique(district_ids.dropna())}
    return district_ids.map(lookup).astype("str")


def select_districts(df: pd.DataFrame, district_ids: list[str] | None) -> pd.DataFrame:
    """The rows of ``df`` in the given districts; all rows for None (the city)."""
    if district_ids is None:
        return df
    return df[district_ids_of(df).isin(district_ids).to_numpy()]


def area_list(present_ids: Iterable[str], focus_ids: list[str] | None) -> list[tuple[str, str, str, list[str] | None]]:
    """(area_id, label, level, ids) for each district present, the focus area and the city."""
    rows = [(d, district_name(d), LEVEL_DISTRICT, [d]) for d in sorted({str(x) for x in present_ids if pd.notna(x)})]
    if focus_ids:
        rows.append((FOCUS_ID, area_label(focus_ids), LEVEL_FOCUS, list(focus_ids)))
    rows.append((CITY_ID, CITY_LABEL, LEVEL_CITY, None))
    return rows
