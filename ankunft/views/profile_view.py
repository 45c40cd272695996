"""View model of the Stadtteilprofil page (and of the profile slide of the Bericht).

:func:`profile_for` returns the :class:`~ankunft.indicators.profile.Profile` of the focus area or one
district — in council mode with every count of persons and objects protected: small counts read
"≤2", shares and rates built on them "•", and the readings and the headline are rewritten from
the protected figures.

Council mode shows the same protected figure in the same cell as the other pages, all from the
Stand's Ratsfassung (:mod:`ankunft.disclosure.ratsfassung`): residents of a district are its
district cell, the city total its total, the focus area's residents its focus cell. Inspected objects,
objects with open defects and overcrowded objects are the cells of its housing block, as on the
Wohnqualität page. The reach share is the relation of two cells of its reach table (residents within
the distance ÷ all residents, whole per cent; :func:`ankunft.disclosure.ratsfassung.reach_share`).
The Ratsfassung is the Stand's with the previous Stand's, the one every other council page reads.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math

import pandas as pd

from ankunft import disclosure
from ankunft.core import fmt, reference
from ankunft.core.names import district_label
from ankunft.core.reference import STANDARDS, Standards
from ankunft.disclosure import DEFAULT as DEFAULT_CFG
from ankunft.disclosure import DisclosureConfig, Figure
from ankunft.disclosure import ratsfassung as rf
from ankunft.indicators import accommodations as acc_mod
from ankunft.indicators import profile as profile_mod
from ankunft.indicators.areas import (
    CITY_ID,
    FOCUS_ID,
    LEVEL_CITY,
    LEVEL_DISTRICT,
    LEVEL_FOCUS,
    district_name,
    normalise_ids,
)
from ankunft.indicators.profile import Profile, ProfileRow
from ankunft.storage.state import DataState
from ankunft.views import overview_view as ov
from ankunft.views import ratsfassung_data
from ankunft.views.common import share_figure
from ankunft.views.housing_view import area_counts, council_figures

FOCUS_KEY = FOCUS_ID


def area_options() -> list[str]:
    """Choices of the area selectbox: the focus area, then the 18 districts."""
    return [FOCUS_KEY] + [d.id for d in reference.DISTRICTS]


def option_label(key: str, focus_label: str) -> str:
    if key == FOCUS_KEY:
        return f"Fokusgebiet: {focus_label}"
    return district_label(key)


def area_ids(key: str, focus_ids) -> list[str]:
    return list(normalise_ids(focus_ids) or []) if key == FOCUS_KEY else [key]


def _frames(state: DataState) -> dict:
    return profile_mod._frames(state)


# --- council ---------------------------------------------------------------------------------
def occupancy_publication(state: DataState, cfg: DisclosureConfig = DEFAULT_CFG, focus_ids=reference.FOCUS_DEFAULT,
                          previous: DataState | None = None) -> tuple[pd.DataFrame, ov.OccupancyFigures]:
    """The Übersicht's accommodation table (in operation, occupancy known) and its occupancy as the
    Stand's Ratsfassung publishes it (the same cells the Übersicht shows: no page protects its own)."""
    table = ov.ov_mod.inputs(state, None).table
    occ = ov.occupancy_from(ratsfassung_data.for_stand(state, previous, tuple(focus_ids), cfg))
    t = acc_mod.open_only(table)
    return t[t["occupancy"].notna().to_numpy()], occ


def area_residents(state: DataState, ids: list[str], cfg: DisclosureConfig = DEFAULT_CFG,
                   focus_ids=reference.FOCUS_DEFAULT, previous: DataState | None = None
                   ) -> tuple[Figure, Figure, int, int]:
    """Residents in accommodations of an area as the Ratsfassung publishes them.

    Returns (area figure, city figure, accommodations in the area, in the city). One district: its
    district cell; the focus area: its focus cell; an area without an accommodation: 0. Any other set
    of districts is no cell of the Ratsfassung (the page offers none): withheld ("•") – council mode
    never protects a figure of its own."""
    table, occ = occupancy_publication(state, cfg, focus_ids, previous)
    district = table["district_id"].astype("object").where(table["district_id"].notna(), ov.NO_DISTRICT).astype("str")
    in_area = district.isin(ids).to_numpy()
    n, n_city = int(in_area.sum()), int(len(table))
    if not any(d in occ.by_district for d in ids):
        return Figure(0.0, disclosure.PUBLISHED, cfg=cfg), occ.total, n, n_city
    if len(ids) == 1:
        return occ.by_district[ids[0]], occ.total, n, n_city
    rats = ratsfassung_data.for_stand(state, previous, tuple(focus_ids), cfg)
    if set(ids) == set(normalise_ids(focus_ids) or []) and rats.has(rf.FOCUS, rf.FOCUS):
        return rats.cell(rf.FOCUS, rf.FOCUS), occ.total, n, n_city
    return Figure(None, disclosure.SECONDARY, cfg=cfg), occ.total, n, n_city


def published_value(fig: Figure) -> float | None:
    """What a council row may hold as its number: the figure's published value; NaN when the figure is
    hidden (the row has a value, shown as its marker: None would mean "cannot be computed")."""
    return math.nan if fig.suppressed else fig.value


def _protect_residents(row: ProfileRow, state: DataState, ids: list[str], cfg: DisclosureConfig,
                       districts: pd.DataFrame | None, focus_ids=reference.FOCUS_DEFAULT,
                       previous: DataState | None = None) -> ProfileRow:
    if row.value is None or not state.has("accommodations"):
        return row
    fig, city, n, n_city = area_residents(state, ids, cfg, focus_ids, previous)
    city_text = f"{city.text} in {fmt.plural(n_city, 'Unterkunft', 'Unterkünften')}"
    if n == 0:
        reading = f"Keine Unterkunft im Gebiet – Stadt {city_text}"
        return dataclasses.replace(row, value=0.0, value_text=fmt.integer(0), city=published_value(city),
                                   city_text=city.text, reading=reading)
    people = disclosure.safe_count_text(fig, cfg, "Mensch", "Menschen")
    reading = f"{people} in {fmt.plural(n, 'Unterkunft', 'Unterkünften')} – Stadt {city_text}"
    if not fig.suppressed and not city.suppressed and districts is not None:
        pop = districts.set_index("district_id")["population"] if "population" in districts else pd.Series(dtype=float)
        area_pop = pop.reindex(ids)
        if len(area_pop) and area_pop.notna().all() and area_pop.sum() > 0 and pop.notna().all() and pop.sum() > 0:
            reading += (f" ({fmt.num(fig.value / area_pop.sum() * 1000, 1)} je 1.000 Einwohner, "
                        f"Stadt {fmt.num(city.value / pop.sum() * 1000, 1)})")
    return dataclasses.replace(row, value=published_value(fig), value_text=fig.text, city=published_value(city),
                               city_text=city.text, reading=reading)


def housing_figures(state: DataState, focus_ids, cfg: DisclosureConfig = DEFAULT_CFG,
                    standards: Standards = STANDARDS, previous: DataState | None = None) -> tuple[pd.DataFrame, dict]:
    """The Wohnqualität table's counts per area and their protected figures (same joint protection)."""
    h = state.df("housing")
    counts = area_counts(h, state.stichtag("housing") or state.stand, focus_ids, None, standards)
    base = counts[counts["level"].isin([LEVEL_DISTRICT, LEVEL_FOCUS, LEVEL_CITY]).to_numpy()]
    figs, _ = council_figures(base, ratsfassung_data.for_stand(state, previous, tuple(focus_ids or ()), cfg))
    return counts, figs


def _protect_housing(row: ProfileRow, state: DataState, key: str, focus_ids, cfg: DisclosureConfig,
                     standards: Standards, previous: DataState | None = None) -> ProfileRow:
    if row.value is None or not state.has("housing"):
        return row
    counts, figs = housing_figures(state, focus_ids, cfg, standards, previous)
    area_id = FOCUS_ID if key == FOCUS_KEY else key
    if (area_id, "inspected") not in figs:
        return row
    known = float(counts.set_index("area_id").at[area_id, "overcrowded_known"])
    share = share_figure(figs[(area_id, "open")], figs[(area_id, "inspected")], True, cfg)
    city_share = share_figure(figs[(CITY_ID, "open")], figs[(CITY_ID, "inspected")], True, cfg)
    reading = (f"{figs[(area_id, 'open')].text} von {figs[(area_id, 'inspected')].text} geprüften Objekten mit "
               f"offenen Mängeln ({share.text}) – Stadt {city_share.text}")
    if known > 0:  # the Ratsfassung's count (a share of the objects with known space would need their count)
        reading += (f"; überbelegt: {figs[(area_id, 'overcrowded')].text} Objekte "
                    f"(Stadt {figs[(CITY_ID, 'overcrowded')].text})")
    return dataclasses.replace(row, value=published_value(share), value_text=share.text,
                               city=published_value(city_share), city_text=city_share.text, reading=reading)


def _council_reach(row: ProfileRow, rats: rf.Ratsfassung, key: str) -> ProfileRow:
    """The reach share of the area and of the city as relations of the Ratsfassung's reach cells."""
    if row.value is None:
        return row
    share = rf.reach_share(rats, rf.FOCUS if key == FOCUS_KEY else key)
    city = rf.reach_share(rats, rf.TOTAL)
    reading = row.reading.replace(row.value_text, share.text, 1).replace(f"– Stadt {row.city_text}",
                                                                       f"– Stadt {city.text}", 1)
    if share.value is None and not share.suppressed:
        reading = f"Keine Bewohner im Gebiet gezählt – Stadt {city.text}"
    return dataclasses.replace(row, value=published_value(share), value_text=share.text,
                               city=published_value(city), city_text=city.text, reading=reading)


def _kita_hidden(rats: rf.Ratsfassung, name: str, row) -> bool:
    """Does the Ratsfassung hide a child count of this Kita row (the coverage and the shortfall would
    pin it, as on the Übersicht)?"""
    return name in rats.tables and rats.has(name, row, rf.KITA_COLS[0]) and any(
        rats.cell(name, row, c).suppressed for c in rf.KITA_COLS[:3])


def _council_kita(row: ProfileRow, rats: rf.Ratsfassung, key: str) -> ProfileRow:
    """The Kita coverage of the area and of the city: "•" where the Ratsfassung hides a child count
    behind it (then also without the number of missing places)."""
    if row.value is None:
        return row
    area = _kita_hidden(rats, rf.KITA_FOCUS, rf.FOCUS) if key == FOCUS_KEY else _kita_hidden(rats, rf.KITA, key)
    city = _kita_hidden(rats, rf.KITA, rf.TOTAL)
    if not (area or city):
        return row
    value_text = disclosure.HIDDEN_MARKER if area else row.value_text
    city_text = disclosure.HIDDEN_MARKER if city else row.city_text
    return dataclasses.replace(row, value=math.nan if area else row.value, value_text=value_text,
                               city=math.nan if city else row.city, city_text=city_text,
                               reading=f"Kita-Versorgung {value_text} – Stadt {city_text}")


def council_headline(p: Profile) -> str:
    """The profile headline from the displayed (protected) texts."""
    return p.sentence(lambda r: (r.value_text, r.city_text))


def profile_for(state: DataState, key: str, focus_ids, focus_label: str, council: bool,
                standards: Standards = STANDARDS, cfg: DisclosureConfig = DEFAULT_CFG,
                previous: DataState | None = None) -> Profile:
    """The profile of the focus area (``key`` "Fokus") or one district; in council mode every count and
    share from the Ratsfassung of the Stand (with ``previous``'s, as every council page reads it)."""
    cfg = ratsfassung_data.council_cfg(state, cfg) if council else cfg  # the Stand's recorded threshold
    ids = area_ids(key, focus_ids)
    label = focus_label if key == FOCUS_KEY else district_name(key)
    frames = _frames(state)
    occupancy = profile_mod.current_occupancy(frames, state.stand)
    p = profile_mod.district_profile(state, ids, state.stand, occupancy=occupancy, standards=standards, label=label)
    if not council:
        return p
    rats = ratsfassung_data.for_stand(state, previous, tuple(focus_ids or ()), cfg)
    rows = []
    for r in p.rows:
        if r.key == "accommodation_residents":
            r = _protect_residents(r, state, ids, cfg, frames.get("districts"), focus_ids, previous)
        elif r.key == "housing":
            r = _protect_housing(r, state, key, focus_ids, cfg, standards, previous)
        elif r.key == "reach":
            r = _council_reach(r, rats, key)
        elif r.key == "kita":
            r = _council_kita(r, rats, key)
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


def csv_file_name(p: Profile, stand: dt.date) -> str:
    """"stadtteilprofil_<first word of the area>_<Stand>.csv"."""
    return f"stadtteilprofil_{p.label.split()[0]}_{stand.isoformat()}.csv"


def missing_text(p: Profile) -> str | None:
    """Which rows cannot be computed and why (None when every row can)."""
    return "Nicht alle Zeilen lassen sich berechnen: " + " ".join(p.missing) if p.missing else None


def readings_markdown(p: Profile) -> str:
    """The readings as a markdown list."""
    return "\n".join(f"- {reading}" for reading in p.readings)


def table_caption(stamp: str, is_demo: bool) -> str:
    """Under the profile table: the data stamp, and that the data are synthetic where they are."""
    return " · ".join(filter(None, [stamp, "synthetische Beispieldaten" if is_demo else ""]))


def district_values(p: Profile) -> dict[str, str]:
    """Tooltip line for the highlighted districts on the map."""
    line = " · ".join(f"{r.label}: {r.value_text}" for r in p.rows[:3])
    return {d: line for d in p.district_ids}
