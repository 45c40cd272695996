"""The synthetic places: points inside the district polygons, housing inspections, social
services and the district statistics."""

from __future__ import annotations

import datetime as dt
import math

import numpy as np
import pandas as pd

from ankunft.core import geo, glossary, reference
from ankunft.storage.demo.common import STICHTAG, add_days

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


def build_housing(rng) -> pd.DataFrame:
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
            inspection = add_days(dt.date(2023, 1, 9), int(rng.integers(0, (STICHTAG - dt.date(2023, 1, 9)).days)))
            status = resolved = None
            if defects:
                age = (STICHTAG - inspection).days
                p_resolved = min(0.75, age / 1000) * (0.6 if profile == "schlicht" else 1.0)
                u = rng.random()
                if u < p_resolved:
                    status = "behoben"
                    resolved = add_days(inspection, int(rng.integers(20, max(21, min(age, 540)))))
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


def build_services(rng, districts: pd.DataFrame) -> pd.DataFrame:
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


def build_districts(rng, earlier: bool) -> pd.DataFrame:
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

