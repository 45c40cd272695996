"""Stadtteilprofil: one district (or the focus area) against the city, with one German reading per row.

Rows: population, foreign share, residents in accommodations, housing quality (open defects),
Kita coverage, reachability of the basic services. Every row works with any dataset missing: its
reading then says what is missing and where to upload it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ankunft.core import fmt, glossary
from ankunft.core.identity_cache import IdentityCache
from ankunft.core.reference import STANDARDS, Standards
from ankunft.indicators import Unavailable
from ankunft.indicators.areas import area_label, district_ids_of, normalise_ids
from ankunft.indicators.housing import housing_summaries
from ankunft.indicators.reach import GAP_LIMIT_M, REACH_CATEGORIES, all_within_share, reach_table
from ankunft.indicators.services import frame, kita_demand, kita_places, occupancy_of

UPLOAD_HINT = "bitte auf der Seite Daten hochladen."
MISSING_DATASET = {
    "districts": f"Keine Stadtteildaten der Statistikstelle – {UPLOAD_HINT}",
    "accommodations": f"Keine Daten zu den Unterkünften (Sozialamt) – {UPLOAD_HINT}",
    "housing": f"Keine Daten der Wohnungsaufsicht – {UPLOAD_HINT}",
    "services": f"Keine Daten zur sozialen Infrastruktur (Jugendamt / Schulverwaltung) – {UPLOAD_HINT}",
    "residents": f"Keine Bewohnerdatei (Sozialamt) – {UPLOAD_HINT}",
}
ROW_LABELS = {
    "population": "Einwohner",
    "foreign_share": "Ausländeranteil",
    "accommodation_residents": "Menschen in Unterkünften",
    "housing": "Objekte mit offenen Mängeln",
    "kita": "Kita-Versorgung",
    "reach": "Grundangebote binnen 1.000 m",
}
CITY_COLUMN = "Stadt"


@dataclass(frozen=True)
class ProfileRow:
    """One indicator of a profile: the area's value, the city's value and a German reading."""

    key: str
    label: str
    value: float | None
    city: float | None
    value_text: str
    city_text: str
    reading: str
    missing: str | None = None  # German: what is missing, when the value could not be computed

    @property
    def available(self) -> bool:
        return self.value is not None


@dataclass(frozen=True)
class Profile:
    district_ids: tuple[str, ...]
    label: str
    stichtag: dt.date
    rows: tuple[ProfileRow, ...]

    def row(self, key: str) -> ProfileRow:
        for r in self.rows:
            if r.key == key:
                return r
        raise KeyError(key)

    @property
    def readings(self) -> list[str]:
        return [r.reading for r in self.rows]

    @property
    def missing(self) -> list[str]:
        """What is missing, each message once, in row order."""
        return list(dict.fromkeys(r.missing for r in self.rows if r.missing))

    @property
    def headline(self) -> str:
        """One German sentence for the top of the page, from the rows that could be computed."""
        return self.sentence(lambda r: _HEADLINE_TEXTS[r.key](r))

    def sentence(self, texts) -> str:
        """The headline with the numbers given by ``texts(row) -> (area text, city text)`` (the
        council version passes the protected display texts of the rows)."""
        parts = []
        acc = self.row("accommodation_residents")
        if acc.value is not None:
            parts.append(f"{texts(acc)[0]} Menschen in Unterkünften")
        kita = self.row("kita")
        if kita.value is not None:
            area, city = texts(kita)
            parts.append(f"Kita-Versorgung {area} (Stadt {city})")
        housing = self.row("housing")
        if housing.value is not None:
            parts.append(f"{texts(housing)[0]} der geprüften Objekte mit offenen Mängeln")
        if not parts:
            return f"{self.label}: Für das Profil fehlen noch Daten."
        return f"{self.label} am {fmt.date(self.stichtag)}: " + ", ".join(parts) + "."

    def to_frame(self) -> pd.DataFrame:
        """Display table: Kennzahl, the area's value, the city's value, Einordnung (the reading)."""
        return pd.DataFrame({
            "Kennzahl": [r.label for r in self.rows],
            self.label: [r.value_text for r in self.rows],
            CITY_COLUMN: [r.city_text for r in self.rows],
            "Einordnung": [r.reading for r in self.rows],
        }, index=[r.key for r in self.rows])


# --- inputs -------------------------------------------------------------------------------
def _frames(state_or_frames) -> dict[str, pd.DataFrame | None]:
    """Datasets as a dict; absent or empty datasets are None."""
    out: dict[str, pd.DataFrame | None] = {}
    for key in glossary.DATASET_KEYS:
        if hasattr(state_or_frames, "has") and hasattr(state_or_frames, "df"):
            df = state_or_frames.df(key) if state_or_frames.has(key) else None
        elif isinstance(state_or_frames, Mapping):
            df = state_or_frames.get(key)
        else:
            raise TypeError("DataState oder dict von DataFrames erwartet")
        out[key] = df if df is not None and len(df) > 0 else None
    return out


# kept per input frames (core.identity_cache), so that every area's profile of one Stand reads the same
# Series – and the reach table kept for it (indicators.reach) – instead of rebuilding the roster each time
_OCCUPANCY: IdentityCache[pd.Series | None] = IdentityCache(maxsize=16)


def current_occupancy(frames: Mapping[str, pd.DataFrame | None], stichtag: dt.date) -> pd.Series | None:
    """Residents per accommodation key at the Stichtag from the residents file; None without one. The
    Series is shared between calls with the same frames: read it, don't change it."""
    residents = frames.get("residents")
    if residents is None or len(residents) == 0:
        return None
    return _OCCUPANCY.get_or_build((residents, frames.get("accommodations")), stichtag,
                                   lambda: _current_occupancy(residents, frames.get("accommodations"), stichtag))


def _current_occupancy(residents: pd.DataFrame, accommodations: pd.DataFrame | None,
                       stichtag: dt.date) -> pd.Series | None:
    from ankunft.indicators.stays import attach_accommodation_ids, occupancy_by_accommodation, roster

    stays = attach_accommodation_ids(residents, accommodations)
    occ = occupancy_by_accommodation(roster(stays, stichtag))
    return None if isinstance(occ, Unavailable) else occ


def _row(key: str, value, city, value_text: str, city_text: str, reading: str, missing: str | None = None,
         label: str | None = None) -> ProfileRow:
    def clean(x):
        return None if x is None or (isinstance(x, float) and np.isnan(x)) else float(x)
    return ProfileRow(key, label or ROW_LABELS[key], clean(value), clean(city), value_text, city_text, reading,
                      missing)


def _unavailable(key: str, missing: str, city=None, city_text: str = fmt.MISSING, label: str | None = None) -> ProfileRow:
    return _row(key, None, city, fmt.MISSING, city_text, missing, missing, label)


def _select(df: pd.DataFrame, ids: list[str]) -> pd.DataFrame:
    return df[district_ids_of(df).isin(ids).to_numpy()]


# --- rows ---------------------------------------------------------------------------------
def _population(districts: pd.DataFrame | None, ids: list[str], label: str) -> ProfileRow:
    if districts is None:
        return _unavailable("population", MISSING_DATASET["districts"])
    d = frame("districts", districts)
    city = float(d["population"].sum()) if d["population"].notna().any() else None
    sel = _select(d, ids)
    if sel.empty or sel["population"].isna().any():
        msg = f"Keine Einwohnerzahl für {label} in den Stadtteildaten."
        return _unavailable("population", msg, city, fmt.integer(city))
    value = float(sel["population"].sum())
    share = value / city if city else None
    reading = f"{fmt.integer(value)} Einwohner – {fmt.pct(share)} der Stadt ({fmt.integer(city)})"
    return _row("population", value, city, fmt.integer(value), fmt.integer(city), reading)


def _weighted_foreign_share(d: pd.DataFrame) -> float | None:
    ok = d["foreign_share"].notna() & d["population"].notna() & (d["population"] > 0)
    if not ok.any():
        return None
    k = d[ok.to_numpy()]
    return float((k["foreign_share"] * k["population"]).sum() / k["population"].sum()) / 100.0


def _foreign_share(districts: pd.DataFrame | None, ids: list[str], label: str) -> ProfileRow:
    if districts is None:
        return _unavailable("foreign_share", MISSING_DATASET["districts"])
    d = frame("districts", districts)
    if not d["foreign_share"].notna().any():
        return _unavailable("foreign_share", "Ausländeranteil fehlt in den Stadtteildaten.")
    city = _weighted_foreign_share(d)
    value = _weighted_foreign_share(_select(d, ids))
    if value is None:
        msg = f"Kein Ausländeranteil für {label} in den Stadtteildaten."
        return _unavailable("foreign_share", msg, city, fmt.pct(city))
    reading = f"Ausländeranteil {fmt.pct(value)} – Stadt {fmt.pct(city)}"
    return _row("foreign_share", value, city, fmt.pct(value), fmt.pct(city), reading)


def _accommodation_residents(accommodations: pd.DataFrame | None, occupancy: pd.Series | None,
                             districts: pd.DataFrame | None, ids: list[str]) -> ProfileRow:
    if accommodations is None:
        return _unavailable("accommodation_residents", MISSING_DATASET["accommodations"])
    acc = frame("accommodations", accommodations)
    closed = acc["status"].astype("str").str.strip().str.casefold().eq("geschlossen").fillna(False).to_numpy(dtype=bool)
    acc = acc[~closed]
    occ = occupancy_of(acc, occupancy)
    if occupancy is not None:
        occ = occ.fillna(0.0)  # an accommodation nobody lives in at the Stichtag has no roster rows
    if occ.isna().all():
        msg = "Belegung unbekannt: Die Unterkunftsliste hat keine Belegung und keine Bewohnerdatei ist geladen – " \
              + UPLOAD_HINT
        return _unavailable("accommodation_residents", msg)
    in_area = district_ids_of(acc).isin(ids).to_numpy()
    city, n_city = float(occ.sum()), int(len(acc))
    value, n = float(occ[in_area].sum()), int(in_area.sum())
    city_text = f"{fmt.integer(city)} in {fmt.plural(n_city, 'Unterkunft', 'Unterkünften')}"
    if n == 0:
        reading = f"Keine Unterkunft im Gebiet – Stadt {city_text}"
        return _row("accommodation_residents", 0.0, city, fmt.integer(0), fmt.integer(city), reading)
    reading = f"{fmt.integer(value)} Menschen in {fmt.plural(n, 'Unterkunft', 'Unterkünften')} – Stadt {city_text}"
    if districts is not None:
        d = frame("districts", districts)
        pop = _select(d, ids)["population"]
        if len(pop) and pop.notna().all() and pop.sum() > 0 and d["population"].notna().all():
            reading += (f" ({fmt.num(value / pop.sum() * 1000, 1)} je 1.000 Einwohner, "
                        f"Stadt {fmt.num(city / d['population'].sum() * 1000, 1)})")
    return _row("accommodation_residents", value, city, fmt.integer(value), fmt.integer(city), reading)


def _housing(housing: pd.DataFrame | None, stichtag: dt.date, ids: list[str], standards: Standards) -> ProfileRow:
    if housing is None:
        return _unavailable("housing", MISSING_DATASET["housing"])
    sums = housing_summaries(housing, stichtag, {"city": None, "area": ids}, standards)
    city, area = sums["city"], sums["area"]
    city_text = fmt.share(city.open_share)
    if area.inspected == 0:
        reading = f"Keine bis zum {fmt.date(stichtag)} geprüften Objekte im Gebiet – Stadt {city_text} mit offenen Mängeln"
        return _row("housing", None, city.open_share, fmt.MISSING, city_text, reading)
    reading = (f"{fmt.integer(area.open)} von {fmt.plural(area.inspected, 'geprüftem Objekt', 'geprüften Objekten')} "
               f"mit offenen Mängeln ({fmt.share(area.open_share)}) – Stadt {city_text}")
    if area.overcrowded_share is not None:
        reading += f"; überbelegt {fmt.pct(area.overcrowded_share)} (Stadt {fmt.pct(city.overcrowded_share)})"
    return _row("housing", area.open_share, city.open_share, fmt.share(area.open_share), city_text, reading)


def _kita(services: pd.DataFrame | None, districts: pd.DataFrame | None, ids: list[str], label: str,
          standards: Standards) -> ProfileRow:
    if services is None:
        return _unavailable("kita", MISSING_DATASET["services"])
    if districts is None:
        return _unavailable("kita", MISSING_DATASET["districts"])
    places_city = kita_places(services, None)
    if places_city is None:
        return _unavailable("kita", "Keine Kitas mit Platzzahl in den Daten zur sozialen Infrastruktur.")
    demand_city = kita_demand(districts, None, standards)
    if demand_city is None:
        return _unavailable("kita", "Kinder nach Altersgruppen fehlen in den Stadtteildaten: "
                            + glossary.DISTRICTS.limits["children_3_5"])
    city = places_city / demand_city["total"] if demand_city["total"] > 0 else None
    city_text = fmt.share(city)
    demand = kita_demand(districts, ids, standards)
    if demand is None or demand["total"] <= 0:
        msg = f"Keine Kinderzahlen für {label} in den Stadtteildaten."
        return _unavailable("kita", msg, city, city_text)
    places = kita_places(services, ids) or 0.0
    value = places / demand["total"]
    reading = f"Kita-Versorgung {fmt.share(value)} – Stadt {city_text}"
    shortfall = demand["total"] - places
    if shortfall >= 0.5:
        reading += f" (es fehlen rund {fmt.integer(shortfall)} Plätze)"
    return _row("kita", value, city, fmt.share(value), city_text, reading)


def _reach(frames: Mapping[str, pd.DataFrame | None], occupancy: pd.Series | None, stichtag: dt.date,
           ids: list[str], limit_m: float) -> ProfileRow:
    label = f"Grundangebote binnen {fmt.integer(limit_m)} m"
    if frames.get("services") is None:
        return _unavailable("reach", MISSING_DATASET["services"], label=label)
    if frames.get("accommodations") is None and frames.get("housing") is None:
        return _unavailable("reach", "Keine Unterkünfte und keine Wohnobjekte – " + UPLOAD_HINT, label=label)
    long = reach_table(frames.get("accommodations"), frames.get("housing"), frames["services"], stichtag,
                       occupancy=occupancy)
    if long.empty:
        return _unavailable("reach", "Keine Unterkünfte oder Wohnobjekte mit Koordinaten – " + UPLOAD_HINT,
                            label=label)
    located = [c for c in REACH_CATEGORIES
               if long.loc[long["category"] == c, "distance_m"].notna().any()]
    if not located:
        return _unavailable("reach", "Keine Einrichtungen mit Koordinaten in den Daten zur sozialen Infrastruktur.",
                            label=label)
    city = all_within_share(long, limit_m)
    value = all_within_share(long, limit_m, ids)
    names = ", ".join(located[:-1]) + (" und " if len(located) > 1 else "") + located[-1]
    city_text = fmt.pct(city, 0)
    if value is None:
        reading = f"Keine Unterkunft und kein geprüftes Wohnobjekt mit Koordinaten im Gebiet – Stadt {city_text}"
        return _row("reach", None, city, fmt.MISSING, city_text, reading, label=label)
    reading = (f"{fmt.pct(value, 0)} der Bewohner erreichen {names} binnen {fmt.integer(limit_m)} m Luftlinie "
               f"– Stadt {city_text}")
    missing_cats = [c for c in REACH_CATEGORIES if c not in located]
    if missing_cats:
        reading += f" (ohne Koordinaten: {', '.join(missing_cats)})"
    return _row("reach", value, city, fmt.pct(value, 0), city_text, reading, label=label)


# --- public -------------------------------------------------------------------------------
def district_profile(state_or_frames, district_ids: Iterable[str], stichtag: dt.date, *,
                     occupancy: pd.Series | None = None, standards: Standards = STANDARDS,
                     label: str | None = None, reach_limit_m: float = GAP_LIMIT_M) -> Profile:
    """Profile of one district or a set of districts (the focus area) at the Stichtag, beside the city.

    ``state_or_frames``: a :class:`~ankunft.storage.state.DataState` or a dict dataset key → canonical frame.
    ``occupancy``: residents per accommodation key at the Stichtag; computed from the residents file
    when not given, else the accommodations' own occupancy column is used.
    """
    ids = normalise_ids(district_ids) or []
    frames = _frames(state_or_frames)
    label = label or area_label(ids)
    if occupancy is None:
        occupancy = current_occupancy(frames, stichtag)
    rows = (
        _population(frames["districts"], ids, label),
        _foreign_share(frames["districts"], ids, label),
        _accommodation_residents(frames["accommodations"], occupancy, frames["districts"], ids),
        _housing(frames["housing"], stichtag, ids, standards),
        _kita(frames["services"], frames["districts"], ids, label, standards),
        _reach(frames, occupancy, stichtag, ids, reach_limit_m),
    )
    return Profile(tuple(ids), label, stichtag, rows)


def compare_profiles(a: Profile, b: Profile) -> pd.DataFrame:
    """Two profiles side by side: Kennzahl, value of a, value of b, Stadt (index = row keys).

    When both profiles carry the same label the columns are suffixed " (A)"/" (B)".
    """
    la, lb = a.label, b.label
    if la == lb:
        la, lb = f"{la} (A)", f"{lb} (B)"
    keys = [r.key for r in a.rows] + [r.key for r in b.rows if r.key not in {x.key for x in a.rows}]

    def text(p: Profile, key: str) -> str:
        try:
            return p.row(key).value_text
        except KeyError:
            return fmt.MISSING

    def row_label(key: str) -> str:
        for p in (a, b):
            try:
                return p.row(key).label
            except KeyError:
                continue
        return ROW_LABELS.get(key, key)

    def city(key: str) -> str:
        for p in (a, b):
            try:
                t = p.row(key).city_text
            except KeyError:
                continue
            if t != fmt.MISSING:
                return t
        return fmt.MISSING

    return pd.DataFrame({
        "Kennzahl": [row_label(k) for k in keys],
        la: [text(a, k) for k in keys],
        lb: [text(b, k) for k in keys],
        CITY_COLUMN: [city(k) for k in keys],
    }, index=keys)


# the plain headline's number formats: shares as in the rows and on every other page (`fmt.share`)
_HEADLINE_TEXTS = {
    "accommodation_residents": lambda r: (fmt.integer(r.value), ""),
    "kita": lambda r: (fmt.share(r.value), fmt.share(r.city)),
    "housing": lambda r: (fmt.share(r.value), ""),
}
