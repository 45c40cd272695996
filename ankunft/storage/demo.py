"""Deterministic synthetic demo exports ("Synthetische Beispieldaten") → ``data/demo/``.

The files look like real office exports (title rows, German headers worded differently per
file, German dates as text mixed with date cells and Excel serial numbers, decimal commas, a sum
row, footnotes, a notes sheet, district names in the city's variants), so loading the demo runs
the real import pipeline. Facts come from ``ankunft.core.reference`` (copied from the public
reference); everything else is invented and marked as synthetic in every workbook.

:func:`build` returns the synthetic truth as canonical frames (used by the tests);
:func:`generate` writes the workbooks.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import xlsxwriter

from ankunft.core import fmt, geo, glossary, reference

DEMO_DIR = Path(__file__).resolve().parents[2] / "data" / "demo"
DEFAULT_SEED = 20260930
STICHTAG = dt.date(2026, 9, 30)
EARLIER = dt.date(2026, 3, 31)
DISTRICTS_STAND = dt.date(2026, 6, 30)
DISTRICTS_EARLIER = dt.date(2025, 12, 31)
SYNTHETIC = "Synthetische Beispieldaten"
FIXED_CREATED = dt.datetime(2026, 10, 1, 8, 0, 0)

CITY_HEAD = "Stadtverwaltung Kaiserslautern"

# --- accommodations --------------------------------------------------------------------------
@dataclass(frozen=True)
class _Acc:
    id: str
    name: str
    address: str
    district_id: str
    lat: float
    lon: float
    type: str
    operator: str
    capacity: int
    occupancy: int  # target roster at STICHTAG
    floor_area_m2: float
    social_workers: float
    cost: float
    open_since: dt.date
    lease_end: dt.date | None = None
    planned_closure: dt.date | None = None
    status: str = "in Betrieb"
    status_earlier: str = "in Betrieb"
    long_stayers: bool = False  # roster of mostly long stays (closing site)
    reported_extra: int = 0  # operator's count differs from the roster by this


ACCOMMODATIONS: tuple[_Acc, ...] = (
    _Acc("001", "Asternweg", "Asternweg 30", "04", 49.4561, 7.7618, "Gemeinschaftsunterkunft", "ASZ", 220, 168,
         1720.0, 2.5, 199.0, dt.date(2015, 1, 1)),
    _Acc("002", "Ehemalige Hauptpost", "Fackelstraße 12", "01", 49.4447, 7.7741, "Gemeinschaftsunterkunft", "DRK",
         370, 236, 2890.0, 5.0, 380.0, dt.date(2015, 9, 1), lease_end=dt.date(2027, 2, 28),
         planned_closure=dt.date(2027, 6, 30)),
    _Acc("003", "Colosseum", "Königstraße 44", "03", 49.4418, 7.7561, "Gemeinschaftsunterkunft", "Caritas", 69, 74,
         515.0, 1.5, 380.0, dt.date(2016, 1, 15)),
    _Acc("004", "Hotel Zepp", "Pariser Straße 8", "02", 49.4391, 7.7652, "Hotel/Pension", "DRK", 60, 41, 610.0, 1.0,
         850.0, dt.date(2022, 3, 10), lease_end=dt.date(2027, 12, 31)),
    _Acc("005", "Villa Jänisch", "Trippstadter Straße 110", "04", 49.4534, 7.7679, "Wohnheim", "Caritas", 60, 38,
         640.0, 1.0, 380.0, dt.date(2015, 10, 1)),
    _Acc("006", "Burgherrenhalle", "Burgstraße 2", "16", 49.4126, 7.6985, "Notunterkunft", "ASB", 100, 23, 900.0,
         0.5, 880.0, dt.date(2015, 11, 1), lease_end=dt.date(2026, 12, 31), planned_closure=dt.date(2026, 6, 30),
         status="in Schließung", long_stayers=True),
    _Acc("007", "Halle Vogelwoogstraße", "Vogelwoogstraße 51", "09", 49.4431, 7.7181, "Leichtbauhalle", "ASB", 102,
         86, 420.0, 1.0, 880.0, dt.date(2026, 5, 4), status_earlier="Reserve"),
    _Acc("008", "Zoar-Heim", "Mennonitenstraße 21", "02", 49.4402, 7.7618, "Wohnheim", "ASZ", 160, 152, 1390.0,
         3.0, 420.0, dt.date(2016, 3, 1)),
    _Acc("009", "Slevogtstraße", "Slevogtstraße 20", "09", 49.4468, 7.7422, "Gemeinschaftsunterkunft", "Caritas",
         120, 97, 980.0, 2.0, 200.0, dt.date(2015, 1, 1)),
    _Acc("010", "Feuerbachstraße", "Feuerbachstraße 7", "09", 49.4479, 7.7385, "Gemeinschaftsunterkunft", "Caritas",
         90, 71, 760.0, 1.0, 200.0, dt.date(2015, 1, 1)),
    _Acc("011", "Wohnheim Danziger Straße", "Danziger Straße 60", "09", 49.4503, 7.7332, "Wohnheim", "DRK", 180, 119,
         1510.0, 2.5, 380.0, dt.date(2017, 6, 1)),
    _Acc("012", "Modulbau Pariser Straße", "Pariser Straße 212", "09", 49.4447, 7.7368, "Modulbau", "ASZ", 240, 131,
         2040.0, 3.0, 530.0, dt.date(2016, 9, 1), lease_end=dt.date(2026, 12, 31)),
    _Acc("013", "Königstraße", "Königstraße 120", "03", 49.4432, 7.7497, "Gemeinschaftsunterkunft", "DRK", 140, 88,
         1120.0, 2.0, 380.0, dt.date(2019, 4, 1), lease_end=dt.date(2027, 3, 15), reported_extra=2),
    _Acc("014", "Gewerbehalle Einsiedlerhof", "Kaiserstraße 150", "11", 49.4372, 7.6702, "Leichtbauhalle", "ASB",
         200, 54, 1650.0, 0.5, 880.0, dt.date(2022, 3, 15)),
)

# --- people ------------------------------------------------------------------------------------
NATIONALITIES_BEFORE_2022 = {
    "Syrien": 34, "Afghanistan": 17, "Irak": 13, "Eritrea": 8, "Türkei": 6, "Somalia": 4, "Iran": 5,
    "Georgien": 2, "Nigeria": 3, "Guinea": 2, "Albanien": 2, "staatenlos": 2, "Jemen": 2,
}
NATIONALITIES_FROM_2022 = {
    "Ukraine": 24, "Syrien": 25, "Afghanistan": 13, "Türkei": 10, "Irak": 5, "Eritrea": 3, "Somalia": 2,
    "Iran": 3, "Georgien": 2, "Russische Föderation": 2, "Nigeria": 1, "Guinea": 2, "staatenlos": 1, "Jemen": 1,
}
_ANER2 = "anerkannt (§ 25 Abs. 2 AufenthG)"
_ANER1 = "anerkannt (§ 25 Abs. 1 AufenthG)"
_SUBS = "subsidiärer Schutz"
_ASYL = "Asylverfahren"
_DULD = "Duldung"
_ABSCH = "Abschiebungsverbot"
STATUS_BY_NATIONALITY = {
    "Syrien": {_ANER2: 50, _SUBS: 30, _ASYL: 20},
    "Afghanistan": {_ASYL: 30, _ANER2: 20, _ABSCH: 20, _DULD: 15, _SUBS: 10, _ANER1: 5},
    "Irak": {_ASYL: 35, _ANER2: 20, _SUBS: 15, _DULD: 25, _ABSCH: 5},
    "Türkei": {_ASYL: 55, _DULD: 25, _ANER1: 15, "Sonstiges": 5},
    "Eritrea": {_ANER2: 60, _SUBS: 20, _ASYL: 20},
    "Somalia": {_SUBS: 40, _ASYL: 30, _ANER2: 20, _DULD: 10},
    "Iran": {_ANER2: 40, _ASYL: 40, _DULD: 20},
    "Georgien": {_ASYL: 50, _DULD: 50},
    "Albanien": {_ASYL: 50, _DULD: 50},
    "Nigeria": {_ASYL: 45, _DULD: 45, _ABSCH: 10},
    "Guinea": {_ASYL: 45, _DULD: 45, _ABSCH: 10},
    "Russische Föderation": {_ASYL: 50, _ANER2: 20, _DULD: 30},
    "staatenlos": {_ANER2: 50, _ASYL: 30, _DULD: 20},
    "Jemen": {_SUBS: 40, _ANER2: 30, _ASYL: 30},
}
HOUSEHOLD_SIZES = {1: 38, 2: 13, 3: 13, 4: 14, 5: 11, 6: 7, 7: 4}
HISTORIC_YEARS = {2015: 12, 2016: 14, 2017: 6, 2018: 5, 2019: 4, 2020: 3, 2021: 4, 2022: 18, 2023: 12,
                  2024: 10, 2025: 8, 2026: 5}
HISTORIC_PERSONS = 700
RECENT_LEAVER_PERSONS = 420  # lived here at EARLIER, left before STICHTAG


def _pick(rng: np.random.Generator, weights: dict):
    keys = list(weights)
    p = np.array([weights[k] for k in keys], dtype=float)
    return keys[int(rng.choice(len(keys), p=p / p.sum()))]


def _days(d: dt.date, n: int) -> dt.date:
    return d + dt.timedelta(days=int(n))


def _status(rng, nationality: str, move_in: dt.date, at: dt.date) -> str:
    if nationality == "Ukraine":
        return "§ 24 AufenthG (Ukraine)"
    w = dict(STATUS_BY_NATIONALITY[nationality])
    years = (at - move_in).days / 365.25
    if years > 1.5 and _ASYL in w:
        w[_ASYL] *= 0.15  # long stayers mostly have a decision by now
    elif years < 0.5 and _ASYL in w:
        w[_ASYL] *= 3.0
    return _pick(rng, w)


def _household(rng, size: int, nationality: str, move_in: dt.date) -> list[tuple[str, int]]:
    """(sex, birth_year) per member; adults first."""
    ukr = nationality == "Ukraine"
    members: list[tuple[str, int]] = []

    def adult_age():
        return int(np.clip(rng.triangular(18, 29 if not ukr else 36, 64), 18, 64))

    if size == 1:
        sex = "w" if rng.random() < (0.7 if ukr else 0.2) else "m"
        members.append((sex, move_in.year - adult_age()))
        return members
    first_sex = "w" if rng.random() < (0.75 if ukr else 0.35) else "m"
    members.append((first_sex, move_in.year - adult_age()))
    n_adults = 1
    if rng.random() < (0.45 if ukr else 0.75):
        members.append(("m" if first_sex == "w" else "w", move_in.year - adult_age()))
        n_adults = 2
    if size >= 4 and rng.random() < 0.12:
        members.append(("w", move_in.year - int(rng.integers(58, 78))))
        n_adults += 1
    child_ages = np.arange(18)
    cw = np.linspace(1.6, 0.7, 18)
    for _ in range(size - len(members)):
        age = int(rng.choice(child_ages, p=cw / cw.sum()))
        members.append(("w" if rng.random() < 0.49 else "m", move_in.year - age))
    return members[:size]


def _current_move_in(rng, acc: _Acc) -> dt.date:
    """Polarised: many arrived within 3 months, a long tail of people living here for years."""
    for _ in range(50):
        if acc.long_stayers:
            band = _pick(rng, {"3-5y": 35, ">5y": 55, "1-3y": 10})
        else:
            band = _pick(rng, {"<3m": 30, "3-12m": 16, "1-3y": 18, "3-5y": 12, ">5y": 24})
        lo, hi = {"<3m": (1, 89), "3-12m": (92, 364), "1-3y": (366, 1094), "3-5y": (1096, 1825),
                  ">5y": (1830, (STICHTAG - dt.date(2015, 6, 1)).days)}[band]
        d = _days(STICHTAG, -int(rng.integers(lo, hi + 1)))
        if d >= acc.open_since:
            return d
    return _days(acc.open_since, int(rng.integers(0, max(1, (STICHTAG - acc.open_since).days))))


def _historic_duration(rng) -> int:
    band = _pick(rng, {"short": 55, "mid": 27, "long": 18})
    if band == "short":
        return int(np.clip(rng.exponential(38), 3, 89))
    if band == "mid":
        return int(rng.integers(90, 731))
    return int(rng.integers(731, 3400))


@dataclass
class DemoData:
    """The synthetic truth, as canonical frames per dataset and Stichtag."""

    accommodations: pd.DataFrame
    accommodations_earlier: pd.DataFrame
    residents: pd.DataFrame  # all stays as known at STICHTAG
    residents_earlier: pd.DataFrame  # the export at EARLIER
    housing: pd.DataFrame
    services: pd.DataFrame
    districts: pd.DataFrame
    districts_earlier: pd.DataFrame
    extras: dict = field(default_factory=dict)


def _nationality(rng, move_in: dt.date) -> str:
    table = NATIONALITIES_FROM_2022 if move_in >= dt.date(2022, 3, 1) else NATIONALITIES_BEFORE_2022
    return _pick(rng, table)


def _build_residents(rng) -> pd.DataFrame:
    rows: list[dict] = []
    person_ids = iter(f"{v:06d}" for v in rng.permutation(np.arange(1, 1_000_000))[:20_000])
    hh_counter = iter(range(1, 100_000))

    def add_household(acc: _Acc, size: int, move_in: dt.date, move_out: dt.date | None, nationality: str,
                      status_at: dt.date, members=None, hh=None, pids=None):
        hh = hh or f"BG-{next(hh_counter):05d}"
        status = _status(rng, nationality, move_in, status_at)
        members = members or _household(rng, size, nationality, move_in)
        pids = pids or [next(person_ids) for _ in members]
        for pid, (sex, by) in zip(pids, members):
            rows.append({"person_id": pid, "household_id": hh, "accommodation": acc.id, "move_in": move_in,
                         "move_out": move_out, "sex": sex, "birth_year": by, "nationality": nationality,
                         "residence_status": status})
        return hh, members, pids, status

    by_id = {a.id: a for a in ACCOMMODATIONS}
    # current roster per accommodation
    for acc in ACCOMMODATIONS:
        left = acc.occupancy
        while left > 0:
            size = min(_pick(rng, HOUSEHOLD_SIZES), left)
            move_in = _current_move_in(rng, acc)
            nat = _nationality(rng, move_in)
            hh, members, pids, status = add_household(acc, size, move_in, None, nat, STICHTAG)
            left -= size
            # some households moved here from another accommodation (a second stay row each)
            if move_in >= dt.date(2016, 6, 1) and rng.random() < 0.09:
                prev_in = _days(move_in, -int(rng.integers(90, 1000)))
                options = [a for a in ACCOMMODATIONS if a.id != acc.id and a.open_since <= prev_in]
                if options:
                    prev = options[int(rng.integers(len(options)))]
                    for pid, (sex, by) in zip(pids, members):
                        rows.append({"person_id": pid, "household_id": hh, "accommodation": prev.id,
                                     "move_in": prev_in, "move_out": move_in, "sex": sex, "birth_year": by,
                                     "nationality": nat, "residence_status": status})
    # completed stays
    persons = 0
    weights = {a.id: a.capacity for a in ACCOMMODATIONS}
    while persons < HISTORIC_PERSONS:
        year = _pick(rng, HISTORIC_YEARS)
        start = dt.date(year, 1, 1)
        end = min(dt.date(year, 12, 31), _days(STICHTAG, -5))
        move_in = _days(start, int(rng.integers(0, (end - start).days + 1)))
        open_accs = {k: w for k, w in weights.items() if by_id[k].open_since <= move_in and k != "007"}
        if not open_accs:
            continue
        acc = by_id[_pick(rng, open_accs)]
        dur = _historic_duration(rng)
        max_dur = (STICHTAG - move_in).days - 1
        if dur > max_dur:
            dur = int(rng.integers(1, max(2, max_dur)))
        move_out = _days(move_in, dur)
        size = _pick(rng, HOUSEHOLD_SIZES)
        add_household(acc, size, move_in, move_out, _nationality(rng, move_in), move_out)
        persons += size
    # households that were there at EARLIER and have left since (turnover between the two exports)
    persons = 0
    leaver_weights = {a.id: a.capacity * (2.5 if a.long_stayers else 1) for a in ACCOMMODATIONS}
    while persons < RECENT_LEAVER_PERSONS:
        acc = by_id[_pick(rng, leaver_weights)]
        move_out = _days(EARLIER, int(rng.integers(1, (STICHTAG - EARLIER).days)))
        band = _pick(rng, {"short": 40, "mid": 35, "long": 25})
        lo, hi = {"short": (5, 89), "mid": (90, 730), "long": (731, 3000)}[band]
        move_in = _days(move_out, -int(rng.integers(lo, hi + 1)))
        if move_in < acc.open_since or move_in > EARLIER:
            continue
        size = _pick(rng, HOUSEHOLD_SIZES)
        add_household(acc, size, move_in, move_out, _nationality(rng, move_in), move_out)
        persons += size
    df = pd.DataFrame(rows)
    entitled = set(reference.ENTITLED_STATUSES)
    df["may_move_out"] = df["residence_status"].isin(entitled)
    df = df.sort_values(["accommodation", "move_in", "household_id", "person_id"]).reset_index(drop=True)
    return glossary.conform("residents", df)


def roster(residents: pd.DataFrame, at: dt.date) -> pd.DataFrame:
    """Stays current at a Stichtag: moved in on or before it, not moved out by then."""
    ts = pd.Timestamp(at)
    mask = (residents["move_in"] <= ts) & (residents["move_out"].isna() | (residents["move_out"] > ts))
    return residents[mask]


def _earlier_residents(res: pd.DataFrame) -> pd.DataFrame:
    """The export as it looked at EARLIER: stays begun by then; later move-outs were unknown."""
    ts = pd.Timestamp(EARLIER)
    df = res[res["move_in"] <= ts].copy()
    df.loc[df["move_out"] > ts, "move_out"] = pd.NaT
    # statuses then: people decided since EARLIER were still in the procedure
    decided_late = df["move_out"].isna() & (df["move_in"] > ts - pd.Timedelta(days=120)) & \
        (df["nationality"] != "Ukraine")
    df.loc[decided_late, "residence_status"] = _ASYL
    df["may_move_out"] = df["residence_status"].isin(set(reference.ENTITLED_STATUSES))
    return glossary.conform("residents", df.reset_index(drop=True))


def _accommodation_frame(res: pd.DataFrame, at: dt.date) -> pd.DataFrame:
    counts = roster(res, at).groupby("accommodation").size()
    rows = []
    for a in ACCOMMODATIONS:
        occ = int(counts.get(a.id, 0))
        status = a.status if at == STICHTAG else a.status_earlier
        rows.append({
            "id": a.id, "name": a.name, "address": a.address, "district_id": a.district_id,
            "district": reference.DISTRICT_NAMES[a.district_id], "lat": a.lat, "lon": a.lon, "type": a.type,
            "operator": a.operator, "capacity": a.capacity,
            "occupancy": occ + (a.reported_extra if at == STICHTAG else 0),
            "floor_area_m2": a.floor_area_m2,
            "social_workers": a.social_workers if (at == STICHTAG or a.status_earlier != "Reserve") else 0.0,
            "monthly_cost_per_place": a.cost, "lease_end": a.lease_end, "planned_closure": a.planned_closure,
            "status": status,
        })
    return glossary.conform("accommodations", pd.DataFrame(rows))


# --- geography ------------------------------------------------------------------------------------
_POLYGONS: dict[str, dict] = {}


def _polygon(did: str) -> dict:
    if not _POLYGONS:
        for f in geo.generate_districts_geojson()["features"]:
            _POLYGONS[f["properties"]["district_id"]] = f
    return _POLYGONS[did]


def _inside(did: str, lat: float, lon: float) -> bool:
    return bool(geo.point_in_feature(lon, lat, _polygon(did)))


def _place(rng, did: str, anchor: tuple[float, float] | None = None, spread_m: float = 250.0) -> tuple[float, float]:
    """A point near ``anchor`` (or the district marker) that lies inside the district's polygon."""
    d = reference.DISTRICT_BY_ID[did]
    base = anchor or (d.lat, d.lon)
    for _ in range(60):
        lat = base[0] + rng.normal(0, spread_m) / 111_000
        lon = base[1] + rng.normal(0, spread_m) / (111_000 * math.cos(math.radians(base[0])))
        if _inside(did, lat, lon):
            return round(lat, 5), round(lon, 5)
        spread_m *= 0.9
    for t in np.linspace(0, 1, 21):  # pull towards the marker
        lat = base[0] + t * (d.lat - base[0])
        lon = base[1] + t * (d.lon - base[1])
        if _inside(did, lat, lon):
            return round(lat, 5), round(lon, 5)
    return d.lat, d.lon


# --- housing -----------------------------------------------------------------------------------------
# (street, district, anchor, objects, per-flat rows?, defect profile)
_HOUSING_STREETS = (
    ("Slevogtstraße", "09", (49.4469, 7.7425), 62, True, "schlicht"),
    ("Feuerbachstraße", "09", (49.4481, 7.7392), 48, True, "schlicht"),
    ("Danziger Straße", "09", (49.4506, 7.7330), 22, False, "mittel"),
    ("Pariser Straße", "09", (49.4442, 7.7372), 12, False, "mittel"),
    ("Lothringer Dell", "09", (49.4496, 7.7262), 8, False, "gering"),
    ("Königstraße", "03", (49.4427, 7.7515), 20, False, "mittel"),
    ("Kanalstraße", "03", (49.4412, 7.7570), 10, False, "mittel"),
    ("Pirmasenser Straße", "02", (49.4385, 7.7630), 12, False, "mittel"),
    ("Mannheimer Straße", "01", (49.4452, 7.7800), 12, False, "mittel"),
    ("Eisenbahnstraße", "02", (49.4410, 7.7680), 10, False, "mittel"),
    ("Kaiserbergring", "04", (49.4560, 7.7660), 8, False, "gering"),
    ("Friedenstraße", "05", (49.4465, 7.7890), 16, False, "gering"),
    ("Ernst-Christmann-Straße", "08", (49.4340, 7.7270), 14, False, "gering"),
    ("Betzenbergstraße", "06", (49.4315, 7.7720), 12, False, "gering"),
    ("Am Harzhübel", "07", (49.4280, 7.7500), 10, False, "gering"),
    ("Hauptstraße Einsiedlerhof", "11", (49.4366, 7.6690), 4, False, "gering"),
    ("Erfenbacher Straße", "18", (49.4795, 7.7140), 4, False, "gering"),
    ("Siegelbacher Straße", "17", (49.4690, 7.6920), 4, False, "gering"),
    ("Hohenecker Straße", "16", (49.4125, 7.6990), 4, False, "gering"),
    ("Morlauterer Straße", "12", (49.4680, 7.7600), 2, False, "gering"),
)
_DEFECT_PROFILE = {  # P(no hot water), P(no heating), P(no own bath/WC), P(damp/mould)
    "schlicht": (0.38, 0.12, 0.22, 0.45),
    "mittel": (0.05, 0.05, 0.04, 0.25),
    "gering": (0.01, 0.02, 0.01, 0.07),
}
_DISTRICT_VARIANTS = {
    "09": ("Kaiserslautern-West", "KL-West", "Kaiserslautern West", "09 Kaiserslautern-West"),
    "03": ("Innenstadt West/Kotten", "Innenstadt-West/Kotten", "Kotten"),
    "08": ("Bännjerrück/Karl-Pfaff-Siedlung", "Bännjerrück/Karl-Pfaff-S."),
    "10": ("Erzhütten/Wiesenthalerhof", "Erzhütten-Wiesenthalerhof"),
}


def _district_text(rng, did: str) -> str:
    variants = _DISTRICT_VARIANTS.get(did, (reference.DISTRICT_NAMES[did],))
    return variants[int(rng.integers(len(variants)))]


def _build_housing(rng) -> pd.DataFrame:
    rows = []
    k = 0
    for street, did, anchor, n, per_flat, profile in _HOUSING_STREETS:
        p_hw, p_heat, p_bath, p_damp = _DEFECT_PROFILE[profile]
        for i in range(n):
            k += 1
            house = int(rng.integers(1, 80)) if not per_flat else 2 + 2 * (i // 4)
            address = f"{street} {house}" + (f", Whg. {i % 4 + 1}" if per_flat else "")
            flats = 1 if per_flat else int(rng.integers(3, 25))
            if per_flat:
                residents = int(rng.integers(1, 8))
                area = float(rng.integers(34, 62))
                kids = int(rng.binomial(max(0, residents - 2), 0.35))
            else:
                residents = int(flats * rng.uniform(1.6, 3.2))
                area = float(flats * rng.integers(48, 78))
                kids = int(rng.binomial(residents, 0.08))
            no_hw = rng.random() < p_hw
            no_heat = rng.random() < p_heat
            no_bath = rng.random() < p_bath
            damp = rng.random() < p_damp
            defects = []
            if no_hw:
                defects.append("kein Warmwasser")
            if no_heat:
                defects.append("Heizung defekt/fehlt")
            if no_bath:
                defects.append("kein eigenes Bad/WC")
            if damp:
                defects.append(str(rng.choice(["Schimmel im Bad", "Feuchtigkeit Außenwand", "Schimmel Schlafzimmer"])))
            if rng.random() < (0.25 if profile == "schlicht" else 0.08):
                defects.append(str(rng.choice(["Fenster undicht", "Elektrik veraltet", "Treppenhaus beschädigt"])))
            inspection = _days(dt.date(2023, 1, 9), int(rng.integers(0, (STICHTAG - dt.date(2023, 1, 9)).days)))
            status = resolved = None
            if defects:
                age = (STICHTAG - inspection).days
                p_resolved = min(0.75, age / 1000) * (0.6 if profile == "schlicht" else 1.0)
                u = rng.random()
                if u < p_resolved:
                    status = "behoben"
                    resolved = _days(inspection, int(rng.integers(20, max(21, min(age, 540)))))
                elif u < p_resolved + 0.35:
                    status = "in Bearbeitung"
                else:
                    status = "offen"
            lat, lon = _place(rng, did, anchor, 120.0)
            rows.append({
                "object_id": f"WA-{k:04d}", "address": address, "district_id": did,
                "district": reference.DISTRICT_NAMES[did], "lat": lat, "lon": lon, "flats": flats,
                "residents": residents, "children_under_6": kids, "floor_area_m2": area,
                "hot_water": not no_hw, "heating": not no_heat, "bath_wc": not no_bath, "damp_mould": damp,
                "defects": "; ".join(defects) if defects else None, "inspection_date": inspection,
                "status": status, "resolved_date": resolved,
            })
    return glossary.conform("housing", pd.DataFrame(rows))


# --- services -----------------------------------------------------------------------------------------
KITA_PLACES_TOTAL = 3989
_KITA_NAMES = ("Städt. Kita", "Prot. Kita", "Kath. Kita St.", "Kita", "Ev. Kita", "Kita Regenbogen", "AWO-Kita")
_KITA_SUFFIX = ("Sonnenschein", "Arche Noah", "Pusteblume", "Löwenzahn", "Martin", "Elisabeth", "Kunterbunt",
                "Spatzennest", "Wirbelwind", "Pfaffenberg", "Lutherkirche", "Apostel", "Marien", "Am Park")
_PRIMARY_SCHOOLS = (
    ("Goetheschule", "02"), ("Pestalozzischule", "09"), ("Grundschule Kotten", "03"), ("Röhmschule", "01"),
    ("Schillerschule", "01"), ("Grundschule Betzenberg", "06"), ("Fischerrückschule", "09"),
    ("Grundschule Bännjerrück", "08"), ("Grundschule Kaiserberg", "04"), ("Grundschule Volkspark", "05"),
    ("Grundschule Lämmchesberg", "07"), ("Grundschule Erzhütten", "10"), ("Grundschule Einsiedlerhof", "11"),
    ("Grundschule Morlautern", "12"), ("Grundschule Erlenbach", "13"), ("Grundschule Dansenberg", "15"),
    ("Grundschule Hohenecken", "16"), ("Grundschule Siegelbach", "17"), ("Grundschule Erfenbach", "18"),
)
_OTHER_SERVICES = (
    # name, category, district, address, anchor or None, capacity
    ("Quartiersbüro Slevfisch", "Quartiersbüro", "09", "Slevogtstraße 36", (49.4470, 7.7430), None),
    ("Quartiersbüro Innenstadt-West", "Quartiersbüro", "03", "Königstraße 93", (49.4430, 7.7530), None),
    ("Quartiersbüro Grübentälchen", "Quartiersbüro", "05", "Friedenstraße 118", (49.4468, 7.7905), None),
    ("Quartiersbüro Bännjerrück", "Quartiersbüro", "08", "Ernst-Christmann-Straße 2", None, None),
    ("Quartiersbüro Betzenberg", "Quartiersbüro", "06", "Betzenbergstraße 40", None, None),
    ("Bürgerbüro im Rathaus", "Bürgerbüro", "01", "Willy-Brandt-Platz 1", (49.4432, 7.7712), None),
    ("Migrationsberatung für Erwachsene (Caritas)", "Beratung", "02", "Engelsgasse 1", None, None),
    ("Flüchtlingsberatung DRK", "Beratung", "01", "Augustastraße 16", None, None),
    ("Jugendmigrationsdienst", "Beratung", "03", "Pirmasenser Straße 11", None, None),
    ("Beratungsstelle Nordwest", "Beratung", "09", "Danziger Straße 25", (49.4500, 7.7340), None),
    ("Sozialberatung Diakonie", "Beratung", "04", "Kaiserbergring 8", None, None),
    ("Volkshochschule – Integrationskurse", "Sprachkurs", "01", "Kanalstraße 3", None, 240),
    ("Sprachschule Westpfalz", "Sprachkurs", "02", "Eisenbahnstraße 30", None, 120),
    ("Sprachcafé Slevogtstraße", "Sprachkurs", "09", "Slevogtstraße 36", (49.4471, 7.7432), 30),
    ("Jugendtreff Nordwest", "Jugendtreff", "09", "Feuerbachstraße 2", (49.4484, 7.7390), 60),
    ("Jugendzentrum Innenstadt", "Jugendtreff", "02", "Steinstraße 47", None, 80),
    ("Jugendtreff Betzenberg", "Jugendtreff", "06", "Betzenbergstraße 12", None, 40),
    ("Jugendtreff Grübentälchen", "Jugendtreff", "05", "Friedenstraße 90", None, 40),
    ("Gesundheitsamt", "Gesundheit", "04", "Maxstraße 17", None, None),
    ("Kinder- und Jugendärztlicher Dienst", "Gesundheit", "01", "Maxstraße 19", None, None),
    ("Medizinische Sprechstunde Nordwest", "Gesundheit", "09", "Danziger Straße 31", (49.4502, 7.7336), None),
    ("Integrierte Gesamtschule Goetheschule", "weiterführende Schule", "02", "Goethestraße 1", None, 1100),
    ("IGS Kaiserslautern-West", "weiterführende Schule", "09", "Pariser Straße 180", (49.4448, 7.7400), 950),
    ("Realschule plus Kotten", "weiterführende Schule", "03", "Kottenstraße 5", None, 600),
    ("Burggymnasium", "weiterführende Schule", "01", "Burgstraße 18", None, 900),
    ("Hohenstaufen-Gymnasium", "weiterführende Schule", "04", "Hohenstaufenstraße 4", None, 950),
    ("Berufsbildende Schule I", "weiterführende Schule", "05", "Berliner Straße 22", None, 1800),
)


def _build_services(rng, districts: pd.DataFrame) -> pd.DataFrame:
    rows = []
    # Kitas: 60, places follow children under 6, sum exactly KITA_PLACES_TOTAL
    d = districts.set_index("district_id")
    kids = (d["children_under_2"] + d["children_2"] + d["children_3_5"]).astype(float)
    n_kitas = (kids / kids.sum() * 60).round().astype(int).clip(lower=1)
    while n_kitas.sum() > 60:
        n_kitas[n_kitas.idxmax()] -= 1
    while n_kitas.sum() < 60:
        n_kitas[n_kitas.idxmin()] += 1
    supply_factor = {"09": 0.86, "03": 0.9, "01": 0.93, "02": 0.95}  # fewer places where the need is greatest
    raw = []
    for did, n in n_kitas.items():
        share = kids[did] * supply_factor.get(did, 1.03) / n
        for _ in range(int(n)):
            raw.append((did, share * rng.uniform(0.75, 1.25)))
    weights = np.array([r[1] for r in raw])
    places = np.floor(weights / weights.sum() * KITA_PLACES_TOTAL).astype(int)
    order = np.argsort(-(weights / weights.sum() * KITA_PLACES_TOTAL - places))
    for i in order[: KITA_PLACES_TOTAL - places.sum()]:
        places[i] += 1
    for k, ((did, _), cap) in enumerate(zip(raw, places), 1):
        name = f"{_KITA_NAMES[k % len(_KITA_NAMES)]} {_KITA_SUFFIX[k % len(_KITA_SUFFIX)]}"
        if _KITA_NAMES[k % len(_KITA_NAMES)] in ("Kita Regenbogen", "AWO-Kita"):
            name = f"{_KITA_NAMES[k % len(_KITA_NAMES)]} {reference.DISTRICT_NAMES[did].split('/')[0]}"
        u3 = int(round(cap * rng.uniform(0.12, 0.28)))
        pressure = did in ("09", "03", "01", "02")
        enrolled = int(cap - (0 if pressure else rng.integers(0, max(1, int(cap * 0.06)))))
        waiting = int(rng.integers(6, 16)) if pressure else int(rng.integers(0, 4))
        lat, lon = _place(rng, did, None, 600.0)
        rows.append({"id": f"K{k:03d}", "name": name, "category": "Kita", "district_id": did,
                     "address": f"{str(rng.choice(['Am Anger', 'Lindenweg', 'Schulstraße', 'Gartenstraße', 'Ahornweg']))} {int(rng.integers(1, 60))}",
                     "lat": lat, "lon": lon, "capacity": int(cap), "places_under_3": u3, "enrolled": enrolled,
                     "waiting_list": waiting})
    for k, (name, did) in enumerate(_PRIMARY_SCHOOLS, 1):
        pupils = int(d.loc[did, "children_6_9"] / max(1, sum(1 for _, x in _PRIMARY_SCHOOLS if x == did)))
        cap = int(math.ceil(pupils * rng.uniform(0.98, 1.15) / 25) * 25)
        lat, lon = _place(rng, did, None, 500.0)
        rows.append({"id": f"S{k:03d}", "name": name, "category": "Grundschule", "district_id": did,
                     "address": f"Schulstraße {int(rng.integers(1, 40))}", "lat": lat, "lon": lon, "capacity": cap,
                     "places_under_3": None, "enrolled": pupils, "waiting_list": None})
    for k, (name, cat, did, address, anchor, cap) in enumerate(_OTHER_SERVICES, 1):
        if name == "Quartiersbüro Slevfisch":
            lat, lon = 49.447, 7.743
        else:
            lat, lon = _place(rng, did, anchor, 150.0 if anchor else 500.0)
        enrolled = int(cap * rng.uniform(0.8, 1.0)) if cap else None
        rows.append({"id": f"E{k:03d}", "name": name, "category": cat, "district_id": did, "address": address,
                     "lat": lat, "lon": lon, "capacity": cap, "places_under_3": None, "enrolled": enrolled,
                     "waiting_list": int(rng.integers(5, 40)) if cat == "Sprachkurs" else None})
    df = pd.DataFrame(rows)
    df["district"] = df["district_id"].map(reference.DISTRICT_NAMES)
    return glossary.conform("services", df)


# --- districts ------------------------------------------------------------------------------------------
_CHILD_FACTOR = {"01": 1.10, "02": 1.0, "03": 1.22, "04": 0.95, "05": 1.05, "06": 1.12, "07": 0.62, "08": 1.15,
                 "09": 1.38, "10": 1.0, "11": 0.95, "12": 1.0, "13": 0.98, "14": 0.9, "15": 1.02, "16": 0.97,
                 "17": 1.05, "18": 1.03}
_FOREIGN_SHARE = {"01": 27.5, "02": 24.1, "03": 29.8, "04": 18.2, "05": 16.5, "06": 19.0, "07": 14.2, "08": 15.8,
                  "09": 22.0, "10": 7.9, "11": 12.4, "12": 5.1, "13": 4.8, "14": 3.9, "15": 5.6, "16": 6.3,
                  "17": 9.7, "18": 6.8}
_BAND_RATES = {"children_under_2": 0.0190, "children_2": 0.0095, "children_3_5": 0.0285, "children_6_9": 0.0370}


def _build_districts(rng, earlier: bool) -> pd.DataFrame:
    rows = []
    for d in reference.DISTRICTS:
        pop = d.population
        if earlier:
            pop = int(round(pop * (1 + rng.uniform(-0.006, 0.004))))
        row = {"district_id": d.id, "name": d.name, "population": pop}
        for band, rate in _BAND_RATES.items():
            row[band] = int(round(pop * rate * _CHILD_FACTOR[d.id] * rng.uniform(0.95, 1.05)))
        fs = _FOREIGN_SHARE[d.id] - (rng.uniform(0.1, 0.5) if earlier else 0.0)
        row["foreign_share"] = round(fs, 1)
        rows.append(row)
    return glossary.conform("districts", pd.DataFrame(rows))


def build(seed: int = DEFAULT_SEED) -> DemoData:
    """The synthetic truth (canonical frames). Deterministic for a seed."""
    rng = np.random.default_rng(seed)
    residents = _build_residents(rng)
    districts = _build_districts(np.random.default_rng(seed + 1), earlier=False)
    districts_earlier = _build_districts(np.random.default_rng(seed + 2), earlier=True)
    return DemoData(
        accommodations=_accommodation_frame(residents, STICHTAG),
        accommodations_earlier=_accommodation_frame(residents, EARLIER),
        residents=residents,
        residents_earlier=_earlier_residents(residents),
        housing=_build_housing(np.random.default_rng(seed + 3)),
        services=_build_services(np.random.default_rng(seed + 4), districts),
        districts=districts,
        districts_earlier=districts_earlier,
    )


# --- writing ----------------------------------------------------------------------------------------------
def _de_date(d) -> str:
    return fmt.date(d)


def _de_num(x, decimals: int = 1) -> str:
    return fmt.num(x, decimals)


class _Sheet:
    """Writes one export-like sheet: title rows, header(s), data rows, sum row, footnotes."""

    def __init__(self, wb: xlsxwriter.Workbook, name: str, formats: dict):
        self.ws = wb.add_worksheet(name)
        self.f = formats
        self.row = 0

    def titles(self, lines: list[str]) -> None:
        for i, line in enumerate(lines):
            self.ws.write_string(self.row, 0, line, self.f["title"] if i == 0 else self.f["sub"])
            self.row += 1
        self.row += 1  # an empty row before the header

    def header(self, labels: list[str], group: list[tuple[int, int, str]] | None = None) -> None:
        if group:
            for first, last, text in group:
                if last > first:
                    self.ws.merge_range(self.row, first, self.row, last, text, self.f["group"])
                else:
                    self.ws.write_string(self.row, first, text, self.f["group"])
            self.row += 1
        for c, text in enumerate(labels):
            self.ws.write_string(self.row, c, text, self.f["head"])
            self.ws.set_column(c, c, max(10, min(34, len(text.split("\n")[0]) + 4)))
        self.ws.freeze_panes(self.row + 1, 0)
        self.row += 1

    def cells(self, values: list) -> None:
        for c, v in enumerate(values):
            if v is None or (isinstance(v, float) and math.isnan(v)):
                continue
            if isinstance(v, tuple) and v and v[0] == "date":
                self.ws.write_datetime(self.row, c, dt.datetime.combine(v[1], dt.time()), self.f["date"])
            elif isinstance(v, tuple) and v and v[0] == "serial":
                self.ws.write_number(self.row, c, float((v[1] - dt.date(1899, 12, 30)).days))
            elif isinstance(v, str):
                self.ws.write_string(self.row, c, v)
            elif isinstance(v, (bool, np.bool_)):
                self.ws.write_string(self.row, c, "ja" if v else "nein")
            else:
                self.ws.write_number(self.row, c, float(v))
        self.row += 1

    def sum_row(self, values: list) -> None:
        for c, v in enumerate(values):
            if v is None:
                continue
            if isinstance(v, str):
                self.ws.write_string(self.row, c, v, self.f["sum"])
            else:
                self.ws.write_number(self.row, c, float(v), self.f["sum"])
        self.row += 1

    def footnotes(self, lines: list[str]) -> None:
        self.row += 1
        for line in lines:
            self.ws.write_string(self.row, 0, line, self.f["note"])
            self.row += 1


def _workbook(path: Path) -> tuple[xlsxwriter.Workbook, dict]:
    wb = xlsxwriter.Workbook(str(path))
    wb.set_properties({"title": SYNTHETIC, "author": "Ankunft (Demo-Generator)", "company": CITY_HEAD,
                       "comments": f"{SYNTHETIC} – keine echten Personen oder Einrichtungen.",
                       "created": FIXED_CREATED})
    formats = {
        "title": wb.add_format({"bold": True, "font_size": 13}),
        "sub": wb.add_format({"italic": False}),
        "group": wb.add_format({"bold": True, "align": "center", "bg_color": "#D9E1F2", "border": 1}),
        "head": wb.add_format({"bold": True, "text_wrap": True, "bg_color": "#D9E1F2", "border": 1,
                               "valign": "top"}),
        "date": wb.add_format({"num_format": "dd.mm.yyyy"}),
        "sum": wb.add_format({"bold": True, "top": 2}),
        "note": wb.add_format({"italic": True, "font_color": "#555555"}),
    }
    return wb, formats


def _notes_sheet(wb, formats, name: str, office: str, lines: list[tuple[str, str]]) -> None:
    ws = wb.add_worksheet(name)
    ws.set_column(0, 0, 28)
    ws.set_column(1, 1, 90)
    ws.write_string(0, 0, f"{SYNTHETIC} – {office}", formats["title"])
    ws.write_string(1, 0, "Diese Datei wurde vom Demo-Generator von Ankunft erzeugt. Alle Personen, Haushalte "
                          "und Werte sind erfunden; Namen von Orten dienen nur der Anschaulichkeit.")
    r = 3
    for a, b in lines:
        ws.write_string(r, 0, a, formats["head"] if not b else None)
        if b:
            ws.write_string(r, 1, b)
        r += 1


def _date_cell(rng, d, serial_share: float = 0.04, cell_share: float = 0.10):
    """Mostly German text dates; some true date cells; a few bare Excel serial numbers."""
    if d is None or pd.isna(d):
        return None
    d = pd.Timestamp(d).date()
    u = rng.random()
    if u < serial_share:
        return ("serial", d)
    if u < serial_share + cell_share:
        return ("date", d)
    return _de_date(d)


def _write_sozialamt(path: Path, acc: pd.DataFrame, res: pd.DataFrame, at: dt.date, rng, variant: int) -> None:
    wb, f = _workbook(path)
    # accommodations
    sh = _Sheet(wb, "Unterkünfte", f)
    sh.titles([f"{CITY_HEAD} – Referat Soziales", "Unterbringung Geflüchteter – Übersicht der Unterkünfte",
               f"Stand: {_de_date(at)}", SYNTHETIC])
    if variant == 0:
        labels = ["Nr.", "Unterkunft", "Anschrift", "Stadtteil", "Breite", "Länge", "Art", "Träger", "Plätze",
                  "Belegung*", "Wohnfläche (m²)", "Sozialarbeit VZÄ", "Kosten je Platz und Monat",
                  "Mietvertrag bis", "Geplante Schließung", "Status"]
    else:
        labels = ["Objekt-Nr", "Name der Unterkunft", "Adresse", "Bezirk", "Lat", "Lon", "Unterkunftsart",
                  "Betreiber", "Kapazität", "Bewohner", "Nutzfläche", "Sozialarbeiter", "Platzkosten",
                  "Vertragsende", "Schließung geplant", "Betriebsstatus"]
    sh.header(labels)
    for a in acc.itertuples(index=False):
        cost = f"{fmt.num(a.monthly_cost_per_place)} €" if variant == 0 else float(a.monthly_cost_per_place)
        sh.cells([
            a.id, a.name, a.address, _district_text(rng, a.district_id), float(a.lat), float(a.lon), a.type,
            a.operator, float(a.capacity), float(a.occupancy),
            _de_num(a.floor_area_m2, 1) if variant == 0 else float(a.floor_area_m2),
            _de_num(a.social_workers, 1), cost,
            _date_cell(rng, a.lease_end, 0.0, 0.3), _date_cell(rng, a.planned_closure, 0.0, 0.0), a.status,
        ])
    sh.sum_row(["Gesamt", None, None, None, None, None, None, None, float(acc["capacity"].sum()),
                float(acc["occupancy"].sum())])
    sh.footnotes(["* Belegung laut Meldung der Träger zum Stichtag; maßgeblich ist die Bewohnerliste.",
                  "Kosten: Miete, Nebenkosten und Bewachung je Platz und Monat, ohne Verpflegung.",
                  f"Quelle: {CITY_HEAD}, Referat Soziales. {SYNTHETIC}."])
    # residents
    sh = _Sheet(wb, "Bewohner", f)
    sh.titles([f"{CITY_HEAD} – Referat Soziales", "Bewohnerinnen und Bewohner (pseudonymisiert), je Aufenthalt",
               f"Stand: {_de_date(at)}"])
    if variant == 0:
        labels = ["Personen-Nr", "BG-Nr", "Unterkunft-Nr", "Einzugsdatum", "Auszugsdatum", "Geschl.", "Geb.-Jahr",
                  "Staatsang.", "Aufenthaltsstatus", "Auszugsberechtigt"]
    else:
        labels = ["Pseudonym", "Haushalt", "Unterkunft", "Einzug", "Auszug", "Geschlecht", "Jahrgang",
                  "Staatsangehörigkeit", "Aufenthaltstitel"]
    sh.header(labels)
    for r in res.itertuples(index=False):
        values = [r.person_id, r.household_id, r.accommodation, _date_cell(rng, r.move_in),
                  _date_cell(rng, r.move_out), r.sex, float(r.birth_year), r.nationality, r.residence_status]
        if variant == 0:
            values.append("ja" if r.may_move_out else "nein")
        sh.cells(values)
    sh.footnotes([f"{fmt.integer(len(res))} Aufenthalte; Personen mit Umzug zwischen Unterkünften erscheinen "
                  "mehrfach.", f"{SYNTHETIC}."])
    _notes_sheet(wb, f, "Hinweise", "Referat Soziales", [
        ("Erläuterungen", ""),
        ("Belegung", "Zahl der Personen am Stichtag laut Meldung der Träger."),
        ("Sozialarbeit VZÄ", "Stellen der Sozialbetreuung in Vollzeitäquivalenten."),
        ("BG-Nr", "Bedarfsgemeinschaft bzw. Haushalt."),
        ("Auszugsberechtigt", "ja = berechtigt, in eine eigene Wohnung zu ziehen."),
        ("Datenschutz", "Personen sind pseudonymisiert; Namen und Geburtsdaten werden nicht exportiert."),
    ])
    wb.close()


def _write_housing(path: Path, hous: pd.DataFrame, at: dt.date, rng) -> None:
    wb, f = _workbook(path)
    sh = _Sheet(wb, "Begehungen", f)
    sh.titles([f"{CITY_HEAD} – Wohnungsaufsicht", "Begehungen und festgestellte Mängel", f"Stand: {_de_date(at)}",
               SYNTHETIC])
    sh.header(["Objekt-Nr", "Anschrift", "Stadtteil", "Breitengrad", "Längengrad", "WE", "Personen",
               "Kinder unter 6", "Wohnfläche (m²)", "Warmwasser", "Heizung", "eigenes Bad/WC",
               "Feuchtigkeit/Schimmel", "Mängelbeschreibung", "Begehung am", "Bearbeitungsstand", "Erledigt am"])
    for h in hous.itertuples(index=False):
        sh.cells([
            h.object_id, h.address, _district_text(rng, h.district_id), float(h.lat), float(h.lon), float(h.flats),
            float(h.residents), float(h.children_under_6), _de_num(h.floor_area_m2, 1),
            "vorhanden" if h.hot_water else "nicht vorhanden", "ja" if h.heating else "nein",
            "ja" if h.bath_wc else "nein", "x" if h.damp_mould else None,
            h.defects if isinstance(h.defects, str) else "keine",
            _date_cell(rng, h.inspection_date, 0.03, 0.15), h.status if isinstance(h.status, str) else None,
            _date_cell(rng, h.resolved_date, 0.0, 0.2),
        ])
    sh.sum_row(["Summe", None, None, None, None, float(hous["flats"].sum()), float(hous["residents"].sum()),
                float(hous["children_under_6"].sum())])
    sh.footnotes(["Feuchtigkeit/Schimmel: x = festgestellt.", f"Quelle: {CITY_HEAD}, Wohnungsaufsicht. {SYNTHETIC}."])
    _notes_sheet(wb, f, "Legende", "Wohnungsaufsicht", [
        ("Legende", ""),
        ("WE", "Wohneinheiten im Objekt (1 = einzelne Wohnung)."),
        ("Schlichtwohnungen", "Städtische Schlichtwohnungen Slevogt-/Feuerbachstraße: einzeln je Wohnung erfasst."),
        ("Bearbeitungsstand", "offen, in Bearbeitung, behoben."),
    ])
    wb.close()


def _write_services(path: Path, serv: pd.DataFrame, at: dt.date, rng) -> None:
    wb, f = _workbook(path)
    sh = _Sheet(wb, "Einrichtungen", f)
    sh.titles([f"{CITY_HEAD} – Referat Jugend und Sport / Schulverwaltung",
               "Soziale Infrastruktur: Kitas, Schulen, Beratung, Quartiersbüros", f"Stand: {_de_date(at)}",
               SYNTHETIC])
    sh.header(["Einrichtungs-Nr", "Name der Einrichtung", "Art der Einrichtung", "Stadtteil", "Straße", "Breite",
               "Länge", "Plätze", "davon U3", "Belegt", "Warteliste"])
    for k, s in enumerate(serv.itertuples(index=False)):
        cap = None if pd.isna(s.capacity) else float(s.capacity)
        if s.category == "Sprachkurs" and cap is not None and k % 2 == 0:
            cap = f"ca. {int(cap)}"  # approximate number as written by the provider
        waiting = None if pd.isna(s.waiting_list) else ("-" if s.waiting_list == 0 else float(s.waiting_list))
        sh.cells([s.id, s.name, s.category, _district_text(rng, s.district_id), s.address, float(s.lat),
                  float(s.lon), cap, None if pd.isna(s.places_under_3) else float(s.places_under_3),
                  None if pd.isna(s.enrolled) else float(s.enrolled), waiting])
    sh.footnotes(["- = keine Wartenden; leere Zellen: Angabe entfällt.",
                  f"Quelle: {CITY_HEAD}, Jugendamt / Schulverwaltung. {SYNTHETIC}."])
    _notes_sheet(wb, f, "Hinweise", "Jugendamt / Schulverwaltung", [
        ("Hinweise", ""),
        ("Plätze", "Kitas: genehmigte Plätze laut Betriebserlaubnis; Schulen: Schulplätze."),
        ("davon U3", "Plätze für Kinder unter 3 Jahren."),
        ("Warteliste", "Vormerkungen ohne Platzzusage zum Stichtag."),
    ])
    wb.close()


def _write_districts(path: Path, dist: pd.DataFrame, at: dt.date, rng) -> None:
    wb, f = _workbook(path)
    sh = _Sheet(wb, "Stadtteile", f)
    sh.titles([f"{CITY_HEAD} – Statistikstelle", "Bevölkerung nach statistischen Stadtteilen",
               f"Stand: {_de_date(at)}", SYNTHETIC])
    sh.header(["Stadtteil-Nr", "Stadtteil", "Einwohner insgesamt", "unter 2 Jahre", "2 Jahre", "3 bis unter 6",
               "6 bis unter 10", "Ausländeranteil in %"],
              group=[(0, 2, "Bevölkerung"), (3, 6, "Kinder nach Alter"), (7, 7, "")])
    for d in dist.itertuples(index=False):
        sh.cells([d.district_id, _district_text(rng, d.district_id), float(d.population), float(d.children_under_2),
                  float(d.children_2), float(d.children_3_5), float(d.children_6_9), _de_num(d.foreign_share, 1)])
    sh.sum_row(["Insgesamt", None, float(dist["population"].sum()), float(dist["children_under_2"].sum()),
                float(dist["children_2"].sum()), float(dist["children_3_5"].sum()),
                float(dist["children_6_9"].sum())])
    sh.footnotes(["Hauptwohnsitz. Ausländeranteil: Anteil nichtdeutscher Staatsangehöriger.",
                  f"Quelle: {CITY_HEAD}, Statistikstelle. {SYNTHETIC}."])
    _notes_sheet(wb, f, "Erläuterungen", "Statistikstelle", [
        ("Erläuterungen", ""),
        ("Stadtteile", "18 statistische Stadtteile (01–09 Kernstadt, 10–18 Ortsbezirke)."),
        ("Altersgruppen", "Passend zu den Bedarfsquoten des Jugendhilfeausschusses (unter 2, 2, 3–5 Jahre)."),
    ])
    wb.close()


FILES = {
    "sozialamt": "Sozialamt_Unterbringung_2026-09-30.xlsx",
    "sozialamt_earlier": "Sozialamt_Unterbringung_2026-03-31.xlsx",
    "housing": "Wohnungsaufsicht_Begehungen_2026-09-30.xlsx",
    "services": "Jugendamt_Schulverwaltung_Einrichtungen_2026-09-30.xlsx",
    "districts": "Statistik_Stadtteile_2026-06-30.xlsx",
    "districts_earlier": "Statistik_Stadtteile_2025-12-31.xlsx",
}


def generate(out_dir: Path | str | None = None, seed: int = DEFAULT_SEED) -> list[Path]:
    """Write the demo exports (deterministic for a seed); returns the file paths."""
    out = Path(out_dir) if out_dir else DEMO_DIR
    out.mkdir(parents=True, exist_ok=True)
    data = build(seed)
    rng = np.random.default_rng(seed + 10)
    paths = {k: out / v for k, v in FILES.items()}
    _write_sozialamt(paths["sozialamt"], data.accommodations, data.residents, STICHTAG, rng, 0)
    _write_sozialamt(paths["sozialamt_earlier"], data.accommodations_earlier, data.residents_earlier, EARLIER, rng, 1)
    _write_housing(paths["housing"], data.housing, STICHTAG, rng)
    _write_services(paths["services"], data.services, STICHTAG, rng)
    _write_districts(paths["districts"], data.districts, DISTRICTS_STAND, rng)
    _write_districts(paths["districts_earlier"], data.districts_earlier, DISTRICTS_EARLIER, rng)
    return list(paths.values())
