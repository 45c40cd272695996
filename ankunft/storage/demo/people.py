"""The synthetic accommodations and their residents: the current roster, completed stays, the
turnover between the two Sozialamt exports, and the accommodation tables built from the stays."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ankunft.core import glossary, reference
from ankunft.storage.demo.common import EARLIER, STICHTAG, add_days, pick


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


def _status(rng, nationality: str, move_in: dt.date, at: dt.date) -> str:
    if nationality == "Ukraine":
        return "§ 24 AufenthG (Ukraine)"
    w = dict(STATUS_BY_NATIONALITY[nationality])
    years = (at - move_in).days / 365.25
    if years > 1.5 and _ASYL in w:
        w[_ASYL] *= 0.15  # long stayers mostly have a decision by now
    elif years < 0.5 and _ASYL in w:
        w[_ASYL] *= 3.0
    return pick(rng, w)


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
            band = pick(rng, {"3-5y": 35, ">5y": 55, "1-3y": 10})
        else:
            band = pick(rng, {"<3m": 30, "3-12m": 16, "1-3y": 18, "3-5y": 12, ">5y": 24})
        lo, hi = {"<3m": (1, 89), "3-12m": (92, 364), "1-3y": (366, 1094), "3-5y": (1096, 1825),
                  ">5y": (1830, (STICHTAG - dt.date(2015, 6, 1)).days)}[band]
        d = add_days(STICHTAG, -int(rng.integers(lo, hi + 1)))
        if d >= acc.open_since:
            return d
    return add_days(acc.open_since, int(rng.integers(0, max(1, (STICHTAG - acc.open_since).days))))


def _historic_duration(rng) -> int:
    band = pick(rng, {"short": 55, "mid": 27, "long": 18})
    if band == "short":
        return int(np.clip(rng.exponential(38), 3, 89))
    if band == "mid":
        return int(rng.integers(90, 731))
    return int(rng.integers(731, 3400))


def _nationality(rng, move_in: dt.date) -> str:
    table = NATIONALITIES_FROM_2022 if move_in >= dt.date(2022, 3, 1) else NATIONALITIES_BEFORE_2022
    return pick(rng, table)


def build_residents(rng) -> pd.DataFrame:
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
            size = min(pick(rng, HOUSEHOLD_SIZES), left)
            move_in = _current_move_in(rng, acc)
            nat = _nationality(rng, move_in)
            hh, members, pids, status = add_household(acc, size, move_in, None, nat, STICHTAG)
            left -= size
            # some households moved here from another accommodation (a second stay row each)
            if move_in >= dt.date(2016, 6, 1) and rng.random() < 0.09:
                prev_in = add_days(move_in, -int(rng.integers(90, 1000)))
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
        year = pick(rng, HISTORIC_YEARS)
        start = dt.date(year, 1, 1)
        end = min(dt.date(year, 12, 31), add_days(STICHTAG, -5))
        move_in = add_days(start, int(rng.integers(0, (end - start).days + 1)))
        open_accs = {k: w for k, w in weights.items() if by_id[k].open_since <= move_in and k != "007"}
        if not open_accs:
            continue
        acc = by_id[pick(rng, open_accs)]
        dur = _historic_duration(rng)
        max_dur = (STICHTAG - move_in).days - 1
        if dur > max_dur:
            dur = int(rng.integers(1, max(2, max_dur)))
        move_out = add_days(move_in, dur)
        size = pick(rng, HOUSEHOLD_SIZES)
        add_household(acc, size, move_in, move_out, _nationality(rng, move_in), move_out)
        persons += size
    # households that were there at EARLIER and have left since (turnover between the two exports)
    persons = 0
    leaver_weights = {a.id: a.capacity * (2.5 if a.long_stayers else 1) for a in ACCOMMODATIONS}
    while persons < RECENT_LEAVER_PERSONS:
        acc = by_id[pick(rng, leaver_weights)]
        move_out = add_days(EARLIER, int(rng.integers(1, (STICHTAG - EARLIER).days)))
        band = pick(rng, {"short": 40, "mid": 35, "long": 25})
        lo, hi = {"short": (5, 89), "mid": (90, 730), "long": (731, 3000)}[band]
        move_in = add_days(move_out, -int(rng.integers(lo, hi + 1)))
        if move_in < acc.open_since or move_in > EARLIER:
            continue
        size = pick(rng, HOUSEHOLD_SIZES)
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


def earlier_residents(res: pd.DataFrame) -> pd.DataFrame:
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


def accommodation_frame(res: pd.DataFrame, at: dt.date) -> pd.DataFrame:
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

