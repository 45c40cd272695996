"""Facts copied from the public reference (docs/reference.md): districts, standards, costs.

The product never reads ../shared at run time; these constants are the copy it uses.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

CITY = "Kaiserslautern"
CITY_POPULATION = 101_500  # 31.12.2023
CITY_CENTRE = (49.444, 7.769)  # lat, lon


@dataclass(frozen=True)
class District:
    id: str
    name: str
    lat: float
    lon: float
    population: int


DISTRICTS: tuple[District, ...] = (
    District("01", "Innenstadt-Ost", 49.4438, 7.7788, 11442),
    District("02", "Innenstadt-Südwest", 49.4394, 7.7648, 8769),
    District("03", "Innenstadt West/Kotten", 49.4429, 7.7552, 11267),
    District("04", "Innenstadt Nord/Kaiserberg", 49.4550, 7.7642, 8910),
    District("05", "Grübentälchen/Volkspark", 49.4460, 7.7900, 9993),
    District("06", "Betzenberg", 49.4310, 7.7740, 5096),
    District("07", "Lämmchesberg/Uniwohnstadt", 49.4278, 7.7491, 10559),
    District("08", "Bännjerrück/Karl-Pfaff-Siedlung", 49.4343, 7.7263, 5050),
    District("09", "Kaiserslautern-West", 49.4442, 7.7266, 8565),
    District("10", "Erzhütten/Wiesenthalerhof", 49.4632, 7.7236, 2558),
    District("11", "Einsiedlerhof", 49.4364, 7.6687, 1315),
    District("12", "Morlautern", 49.4686, 7.7601, 2886),
    District("13", "Erlenbach", 49.4801, 7.7839, 2214),
    District("14", "Mölschbach", 49.3786, 7.8089, 1170),
    District("15", "Dansenberg", 49.4050, 7.7304, 2428),
    District("16", "Hohenecken", 49.4123, 7.6978, 3562),
    District("17", "Siegelbach", 49.4697, 7.6912, 3067),
    District("18", "Erfenbach", 49.4800, 7.7136, 2746),
)
DISTRICT_BY_ID = {d.id: d for d in DISTRICTS}
DISTRICT_NAMES = {d.id: d.name for d in DISTRICTS}

# Variants seen in the city's own files (besides hyphen/space/slash/case differences,
# which district_key() folds away).
DISTRICT_ALIASES = {
    "Bännjerrück/Karl-Pfaff-S.": "08",
    "Bännjerrück": "08",
    "Karl-Pfaff-Siedlung": "08",
    "Erzhütten-Wiesenthalerhof": "10",
    "Erzhütten": "10",
    "Wiesenthalerhof": "10",
    "Kotten": "03",
    "Innenstadt-West": "03",
    "Kaiserberg": "04",
    "Innenstadt-Nord": "04",
    "Volkspark": "05",
    "Grübentälchen": "05",
    "Lämmchesberg": "07",
    "Uniwohnstadt": "07",
    "KL-West": "09",
    "Kaiserslautern West": "09",
    "Nordwest": "09",
    "Kaiserslautern-Nordwest": "09",
    "Innenstadt Ost": "01",
    "Innenstadt Südwest": "02",
}

FOCUS_DEFAULT = ("09",)
FOCUS_LABEL_DEFAULT = "Bezirk 09 Kaiserslautern-West (mit Nordwest)"
# Kaiserslautern-Nordwest: programme area "Sozialer Zusammenhalt" inside district 09
NORDWEST_POPULATION = 5300


def district_key(text: str) -> str:
    s = str(text).lower().strip()
    s = s.replace("ß", "ss").replace("ä", "ae").replace("ö", "oe").replace("ü", "ue")
    s = re.sub(r"^(stadtteil|stadtbezirk|bezirk|ortsbezirk|ortsteil|ob|stb)\.?\s+", "", s)  # "OB Erlenbach"
    return re.sub(r"[^a-z0-9]+", "", s)


_LOOKUP: dict[str, str] = {}
for _d in DISTRICTS:
    _LOOKUP[district_key(_d.name)] = _d.id
for _alias, _id in DISTRICT_ALIASES.items():
    _LOOKUP.setdefault(district_key(_alias), _id)


def resolve_district(value: object) -> str | None:
    """District id ("09") for an id or a name variant; None when unknown."""
    if value is None:
        return None
    s = str(value).strip()
    if not s or s.lower() == "nan":
        return None
    m = re.fullmatch(r"0*(\d{1,2})(\.0|\.)?", s)  # "09", "9.0", "9." (printed tables)
    if m:
        did = f"{int(m.group(1)):02d}"
        return did if did in DISTRICT_BY_ID else None
    m = re.match(r"^0*(\d{1,2})\s+(.+)$", s)  # "09 Kaiserslautern-West"
    if m and f"{int(m.group(1)):02d}" in DISTRICT_BY_ID:
        return f"{int(m.group(1)):02d}"
    return _LOOKUP.get(district_key(s))


# --- Planning standards (configurable defaults) ---------------------------------------
@dataclass(frozen=True)
class Standards:
    m2_per_person_accommodation: float = 7.0  # shared accommodation; Sphere 3.5, BW 4.5
    m2_per_adult_flat: float = 9.0  # housing-supervision laws NRW/HE/BE (RLP: none, unverified)
    m2_per_child_under6_flat: float = 6.0
    residents_per_social_worker: float = 50.0  # NRW: 4 per 200
    utilisation_alert: float = 0.95
    lease_warning_months: int = 6
    kita_rate_under_2: float = 0.265
    kita_rate_2: float = 0.75
    kita_rate_3_5: float = 0.99
    school_rate_6_9: float = 1.0
    long_stay_years: float = 3.0
    suppression_threshold: int = 2  # city yearbook: counts ≤ 2 suppressed
    dominance_share: float = 0.85


STANDARDS = Standards()

# --- Costs per place and month (€) -------------------------------------------------------
COST_PER_PLACE = {
    "Kaiserslautern (Beispielstandort)": 199,
    "städtisches Gebäude": 200,
    "angemietet": 380,
    "Modulbau": 530,
    "Hotel": 850,
    "Leichtbauhalle": 880,
    "Vollverpflegung": 960,
}
CARE_COST_PER_PERSON_MONTH = 100  # security/care on top of rent, Düsseldorf figure
STATE_REIMBURSEMENT_PER_PERSON_MONTH = 848  # RLP until first asylum decision (2016–2024)

ENTITLED_STATUSES = (
    "anerkannt (§ 25 Abs. 2 AufenthG)",
    "anerkannt (§ 25 Abs. 1 AufenthG)",
    "subsidiärer Schutz",
    "Abschiebungsverbot",
    "§ 24 AufenthG (Ukraine)",
)
