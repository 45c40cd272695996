"""View model of the Stadtteilprofil page (and of the profile slide of the Bericht).

:func:`profile_for` returns the :class:`~ankunft.indicators.profile.Profile` of the focus area or one
district — in council mode with every count of persons and objects protected: small counts read
"≤2", shares and rates built on them "•", and the readings and the headline are rewritten from
the protected figures.
"""

from __future__ import annotations

import dataclasses

import pandas as pd

from .. import fmt, reference
from ..disclosure import DEFAULT as DEFAULT_CFG
from ..disclosure import DisclosureConfig
from ..indicators import profile as profile_mod
from ..indicators import reach
from ..indicators.profile import Profile, ProfileRow
from ..indicators.services import FOCUS_ID, LEVEL_FOCUS, district_name, normalise_ids
from ..reference import STANDARDS, Standards
from ..state import DataState
from .common import count_figure, share_figure
from .housing_view import area_counts

FOCUS_KEY = FOCUS_ID


def area_options() -> list[str]:
    """Choices of the area selectbox: the focus area, then the 18 districts."""
    return [FOCUS_KEY] + [d.id for d in reference.DISTRICTS]


def option_label(key: str, focus_label: str) -> str:
    if key == FOCUS_KEY:
        return f"Fokusgebiet: {focus_label}"
    return f"{key} {reference.DISTRICT_NAMES.get(key, key)}"


def area_ids(key: str, focus_ids) -> list[str]:
    return list(normalise_ids(focus_ids) or []) if key == FOCUS_KEY else [key]


def _frames(state: DataState) -> dict:
    return profile_mod._frames(state)


# --- council ---------------------------------------------------------------------------------
def _protect_residents(row: ProfileRow, council: bool, cfg: DisclosureConfig) -> ProfileRow:
    if not council or row.value is None:
        return row
    f = count_figure(row.value, True, cfg)
    if not f.suppressed:
        return row
    reading = f"{f.text} Menschen in Unterkünften im Gebiet – Stadt {row.city_text}"
    return dataclasses.replace(row, value_text=f.text, reading=reading)


def _protect_housing(row: ProfileRow, state: DataState, ids: list[str], council: bool, cfg: DisclosureConfig,
                     standards: Standards) -> ProfileRow:
    if not council or row.value is None or not state.has("housing"):
        return row
    h = state.df("housing")
    counts = area_counts(h, state.stand, ids, None, standards)
    r = counts[(counts["level"] == LEVEL_FOCUS).to_numpy()].iloc[0]
    inspected, open_ = count_figure(r["inspected"], True, cfg), count_figure(r["open"], True, cfg)
    share = share_figure(open_, inspected, True, cfg)
    if not (inspected.suppressed or open_.suppressed or share.suppressed):
        crowded = share_figure(count_figure(r["overcrowded"], True, cfg), r["overcrowded_known"], True, cfg)
        if not crowded.suppressed:
            return row
    reading = (f"{open_.text} von {inspected.text} geprüften Objekten mit offenen Mängeln ({share.text}) "
               f"– Stadt {row.city_text}")
    return dataclasses.replace(row, value_text=share.text, reading=reading)


def _protect_reach(row: ProfileRow, state: DataState, ids: list[str], council: bool, cfg: DisclosureConfig,
                   occupancy) -> ProfileRow:
    if not council or row.value is None:
        return row
    frames = _frames(state)
    long = reach.reach_table(frames.get("accommodations"), frames.get("housing"), frames.get("services"),
                             state.stand, occupancy=occupancy)
    first = long["category"].iloc[0] if len(long) else None
    weight = float(long[(long["district_id"].isin(ids) & (long["category"] == first)).to_numpy()]["weight"].sum())
    within = row.value * weight
    share = share_figure(within, weight, True, cfg, decimals=0)
    if not share.suppressed:
        return row
    reading = f"{share.text} der Bewohner erreichen die Grundangebote binnen der Entfernung – Stadt {row.city_text}"
    return dataclasses.replace(row, value_text=share.text, reading=reading)


def council_headline(p: Profile) -> str:
    """The profile headline from the displayed (protected) texts."""
    parts = []
    acc = p.row("accommodation_residents")
    if acc.value is not None:
        parts.append(f"{acc.value_text} Menschen in Unterkünften")
    kita = p.row("kita")
    if kita.value is not None:
        parts.append(f"Kita-Versorgung {kita.value_text} (Stadt {kita.city_text})")
    housing = p.row("housing")
    if housing.value is not None:
        parts.append(f"{housing.value_text} der geprüften Objekte mit offenen Mängeln")
    if not parts:
        return f"{p.label}: Für das Profil fehlen noch Daten."
    return f"{p.label} am {fmt.date(p.stichtag)}: " + ", ".join(parts) + "."


def profile_for(state: DataState, key: str, focus_ids, focus_label: str, council: bool,
                standards: Standards = STANDARDS, cfg: DisclosureConfig = DEFAULT_CFG) -> Profile:
    """The profile of the focus area (``key`` "Fokus") or one district, protected in council mode."""
    ids = area_ids(key, focus_ids)
    label = focus_label if key == FOCUS_KEY else district_name(key)
    frames = _frames(state)
    occupancy = profile_mod.current_occupancy(frames, state.stand)
    p = profile_mod.district_profile(state, ids, state.stand, occupancy=occupancy, standards=standards, label=label)
    if not council:
        return p
    rows = []
    for r in p.rows:
        if r.key == "accommodation_residents":
            r = _protect_residents(r, council, cfg)
        elif r.key == "housing":
            r = _protect_housing(r, state, ids, council, cfg, standards)
        elif r.key == "reach":
            r = _protect_reach(r, state, ids, council, cfg, occupancy)
        rows.append(r)
    return dataclasses.replace(p, rows=tuple(rows))


def headline(p: Profile, council: bool) -> str:
    return council_headline(p) if council else p.headline


def display(p: Profile) -> pd.DataFrame:
    """The profile table for the page: Kennzahl, area, Stadt, Einordnung."""
    return p.to_frame().reset_index(drop=True)


def compare(a: Profile, b: Profile) -> pd.DataFrame:
    return profile_mod.compare_profiles(a, b).reset_index(drop=True)


def profile_csv(p: Profile) -> bytes:
    """The profile table as CSV for Excel (semicolon, UTF-8 with BOM)."""
    return display(p).to_csv(index=False, sep=";").encode("utf-8-sig")


def district_values(p: Profile) -> dict[str, str]:
    """Tooltip line for the highlighted districts on the map."""
    line = " · ".join(f"{r.label}: {r.value_text}" for r in p.rows[:3])
    return {d: line for d in p.district_ids}
