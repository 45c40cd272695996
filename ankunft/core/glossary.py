"""The one glossary: datasets, fields, German labels and accepted header variants.

Import (header matching), UI (labels) and export (column titles) all read from here.
Field keys are English; everything a user reads is German.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # numpy/pandas are imported where used: the CLI reads files while pandas loads
    import pandas as pd

# Field kinds and the dtype each becomes in a canonical frame.
KIND_DTYPES = {
    "id": "str",
    "text": "str",
    "category": "str",
    "int": "float64",
    "float": "float64",
    "money": "float64",
    "date": "datetime64[ns]",
    "bool": "boolean",
}
NUMERIC_KINDS = ("int", "float", "money")


@dataclass(frozen=True)
class Field:
    key: str
    label: str
    kind: str
    required: bool = False
    synonyms: tuple[str, ...] = ()
    unit: str | None = None
    help: str = ""
    choices: tuple[str, ...] = ()
    min: float | None = None
    max: float | None = None
    # a numeric field whose column total is a meaningful control total
    summable: bool = False

    @property
    def dtype(self) -> str:
        return KIND_DTYPES[self.kind]


@dataclass(frozen=True)
class Dataset:
    key: str
    label: str
    source_office: str
    fields: tuple[Field, ...]
    key_fields: tuple[str, ...]
    description: str = ""
    # which views are limited when an optional field is missing: field key -> German text
    limits: dict[str, str] = field(default_factory=dict)

    def field(self, key: str) -> Field:
        for f in self.fields:
            if f.key == key:
                return f
        raise KeyError(key)

    @property
    def keys(self) -> list[str]:
        return [f.key for f in self.fields]

    @property
    def required(self) -> list[str]:
        return [f.key for f in self.fields if f.required]


ACCOMMODATION_TYPES = (
    "Gemeinschaftsunterkunft",
    "Notunterkunft",
    "Hotel/Pension",
    "Wohnheim",
    "Modulbau",
    "Leichtbauhalle",
    "Reserve",
)
ACCOMMODATION_STATUS = ("in Betrieb", "Reserve", "in Schließung", "geschlossen")
RESIDENCE_STATUSES = (
    "Asylverfahren",
    "anerkannt (§ 25 Abs. 2 AufenthG)",
    "anerkannt (§ 25 Abs. 1 AufenthG)",
    "subsidiärer Schutz",
    "Abschiebungsverbot",
    "Duldung",
    "§ 24 AufenthG (Ukraine)",
    "Sonstiges",
)
SERVICE_CATEGORIES = (
    "Kita",
    "Grundschule",
    "weiterführende Schule",
    "Beratung",
    "Quartiersbüro",
    "Bürgerbüro",
    "Sprachkurs",
    "Jugendtreff",
    "Gesundheit",
)
HOUSING_STATUS = ("offen", "in Bearbeitung", "behoben")
SEX_VALUES = ("m", "w", "d")

_district = (
    Field("district_id", "Stadtteil-Nr.", "id", synonyms=(
        "Stadtteil-Nr", "Stadtteilnummer", "Stadtteil Nr", "Bezirk-Nr", "Bezirksnummer", "Bezirk Nr",
        "Nr Stadtteil", "Statistischer Bezirk", "Stat. Bezirk", "StB", "Ortsbezirk Nr",
        "Stadtteil-ID", "Bezirks-ID")),
    Field("district", "Stadtteil", "text", synonyms=(
        "Stadtteil", "Stadtteilname", "Bezirk", "Ortsbezirk", "Ortsteil", "Stadtbezirk", "Quartier",
        "Stadtteil (Name)")),
)
_geo = (
    Field("lat", "Breitengrad", "float", synonyms=("Breite", "Breitengrad", "Lat", "Latitude", "Y", "geo_lat"),
          min=-90, max=90, unit="°"),
    Field("lon", "Längengrad", "float", synonyms=("Länge", "Längengrad", "Lon", "Lng", "Longitude", "X", "geo_lon"),
          min=-180, max=180, unit="°"),
)

ACCOMMODATIONS = Dataset(
    key="accommodations",
    label="Unterkünfte",
    source_office="Sozialamt",
    key_fields=("id",),
    description="Eine Zeile je Gemeinschafts- oder Notunterkunft.",
    fields=(
        Field("id", "Unterkunfts-Nr.", "id", synonyms=(
            "Nr", "Nr.", "ID", "Unterkunft-Nr", "Unterkunftsnummer", "Objekt-Nr", "Objektnummer",
            "Einrichtungs-Nr", "Kennung", "GU-Nr", "Unterkunft ID")),
        Field("name", "Unterkunft", "text", required=True, synonyms=(
            "Unterkunft", "Name", "Bezeichnung", "Name der Unterkunft", "Einrichtung",
            "Gemeinschaftsunterkunft", "Objekt", "Standort", "Unterkunftsname", "GU")),
        Field("address", "Adresse", "text", synonyms=(
            "Adresse", "Anschrift", "Straße", "Straße und Hausnummer", "Str. Hausnr.", "Lage")),
        *_district,
        *_geo,
        Field("type", "Art", "category", choices=ACCOMMODATION_TYPES, synonyms=(
            "Art", "Typ", "Unterkunftsart", "Art der Unterkunft", "Unterbringungsform", "Kategorie")),
        Field("operator", "Träger", "text", synonyms=(
            "Träger", "Betreiber", "Trägerschaft", "Betreuung durch", "Betreuender Träger")),
        Field("capacity", "Plätze", "int", required=True, min=0, summable=True, synonyms=(
            "Plätze", "Platzzahl", "Kapazität", "Kapazitaet", "Bettenzahl", "Betten", "Anzahl Plätze",
            "Belegungskapazität", "max. Belegung", "Plätze gesamt")),
        Field("occupancy", "Belegung", "int", min=0, summable=True, synonyms=(
            "Belegung", "Belegt", "Bewohner", "Bewohnerzahl", "Anzahl Bewohner", "belegte Plätze",
            "Personen", "Anzahl Personen", "Ist-Belegung", "aktuelle Belegung")),
        Field("floor_area_m2", "Wohnfläche (m²)", "float", min=0, unit="m²", summable=True, synonyms=(
            "Wohnfläche", "Fläche", "Nutzfläche", "Wohnfläche (m²)", "Wohnfläche in m²", "Fläche m2",
            "Wohnfl.", "qm", "m²")),
        Field("social_workers", "Sozialarbeiter (VZÄ)", "float", min=0, summable=True, synonyms=(
            "Sozialarbeiter", "Sozialarbeit", "Sozialarbeit VZÄ", "Sozialarbeiter VZÄ", "Betreuungspersonal",
            "Sozialbetreuung", "Stellen Sozialarbeit", "VZÄ Sozialarbeit")),
        Field("monthly_cost_per_place", "Kosten je Platz und Monat (€)", "money", min=0, unit="€", synonyms=(
            "Kosten je Platz", "Kosten pro Platz", "Kosten/Platz/Monat", "Monatskosten je Platz",
            "Platzkosten", "Kosten je Platz und Monat", "Kosten pro Platz und Monat", "Miete je Platz")),
        Field("lease_end", "Mietvertrag bis", "date", synonyms=(
            "Mietvertrag bis", "Vertragsende", "Mietende", "Laufzeit bis", "Pachtende", "Vertrag bis",
            "Ende Mietvertrag")),
        Field("planned_closure", "Geplante Schließung", "date", synonyms=(
            "Geplante Schließung", "Schließung geplant", "Schließung", "Schliessung", "Aufgabe geplant",
            "Auflösung geplant", "geplantes Schließdatum")),
        Field("status", "Status", "category", choices=ACCOMMODATION_STATUS, synonyms=(
            "Status", "Betriebsstatus", "Zustand", "Betrieb")),
    ),
    limits={
        "occupancy": "Auslastung nur aus der Bewohnerdatei berechenbar.",
        "floor_area_m2": "Fläche je Person und Flächen-Warnungen fehlen.",
        "social_workers": "Betreuungsschlüssel fehlt.",
        "monthly_cost_per_place": "Kosten und Einsparungen fehlen.",
        "lease_end": "Warnungen zu auslaufenden Mietverträgen fehlen.",
        "lat": "Unterkünfte fehlen auf der Karte.",
    },
)

RESIDENTS = Dataset(
    key="residents",
    label="Bewohner (Aufenthalte)",
    source_office="Sozialamt",
    key_fields=("person_id", "move_in"),
    description="Eine Zeile je Aufenthalt (pseudonymisiert). Wer umgezogen ist, hat mehrere Zeilen.",
    fields=(
        Field("person_id", "Personen-Nr.", "id", required=True, synonyms=(
            "Personen-Nr", "Personennummer", "Person", "Pseudonym", "Person-ID", "Personen-ID", "PID",
            "lfd. Person", "Kennziffer Person")),
        Field("household_id", "Haushalts-Nr.", "id", synonyms=(
            "Haushalts-Nr", "Haushaltsnummer", "Haushalt", "Haushalt-ID", "Bedarfsgemeinschaft", "BG-Nr",
            "Familien-Nr", "Familie")),
        Field("accommodation", "Unterkunft", "text", required=True, synonyms=(
            "Unterkunft", "Unterkunft-Nr", "Unterkunftsnummer", "GU", "Einrichtung", "Unterbringung",
            "Objekt", "Standort", "Unterkunft (Nr. oder Name)")),
        Field("move_in", "Einzug", "date", required=True, synonyms=(
            "Einzug", "Einzugsdatum", "Einzug am", "Aufnahme", "Aufnahmedatum", "Zuweisung", "Zugang",
            "Belegung ab", "seit", "Beginn")),
        Field("move_out", "Auszug", "date", synonyms=(
            "Auszug", "Auszugsdatum", "Auszug am", "Abgang", "Entlassung", "Belegung bis", "bis", "Ende")),
        Field("sex", "Geschlecht", "category", choices=SEX_VALUES, synonyms=("Geschlecht", "Geschl.", "Sex", "m/w/d")),
        Field("birth_year", "Geburtsjahr", "int", min=1900, max=2100, synonyms=(
            "Geburtsjahr", "Geb.-Jahr", "Geb.jahr", "Jahrgang", "Geburtsjahrgang")),
        Field("nationality", "Staatsangehörigkeit", "text", synonyms=(
            "Staatsangehörigkeit", "Staatsang.", "Nationalität", "Staatsangehoerigkeit", "Herkunftsland",
            "Herkunft", "StA")),
        Field("residence_status", "Aufenthaltsstatus", "category", choices=RESIDENCE_STATUSES, synonyms=(
            "Aufenthaltsstatus", "Status", "Aufenthaltstitel", "Rechtsstatus", "Aufenthaltsrecht", "Titel")),
        Field("may_move_out", "Auszugsberechtigt", "bool", synonyms=(
            "Auszugsberechtigt", "Auszugsberechtigung", "darf ausziehen", "wohnberechtigt", "Fehlbeleger",
            "Anspruch auf Wohnung", "Auszug möglich")),
    ),
    limits={
        "move_out": "Abgeschlossene Aufenthaltsdauern und Abgänge fehlen.",
        "birth_year": "Altersgruppen (Kinder 0–5, 6–17) fehlen.",
        "household_id": "Haushaltsgrößen fehlen; Wohnungsbedarf wird je Person geschätzt.",
        "residence_status": "Aufenthaltsstatus fehlt; Auszugsberechtigung nur wenn angegeben.",
    },
)

HOUSING = Dataset(
    key="housing",
    label="Wohnqualität",
    source_office="Wohnungsaufsicht",
    key_fields=("object_id",),
    description="Eine Zeile je geprüfter Wohnung oder je Gebäude.",
    fields=(
        Field("object_id", "Objekt-Nr.", "id", required=True, synonyms=(
            "Objekt-Nr", "Objektnummer", "Objekt", "Wohnungs-Nr", "Wohnungsnummer", "Nr", "Nr.", "ID",
            "Aktenz. Objekt", "Gebäude-Nr")),
        Field("address", "Adresse", "text", synonyms=("Adresse", "Anschrift", "Straße", "Lage", "Straße und Hausnummer")),
        *_district,
        *_geo,
        Field("flats", "Wohnungen", "int", min=0, summable=True, synonyms=(
            "Wohnungen", "Anzahl Wohnungen", "WE", "Wohneinheiten", "Whg.")),
        Field("residents", "Bewohner", "int", min=0, summable=True, synonyms=(
            "Bewohner", "Personen", "Anzahl Bewohner", "Bewohnerzahl", "Anzahl Personen", "Haushaltsgröße")),
        Field("children_under_6", "Kinder unter 6", "int", min=0, summable=True, synonyms=(
            "Kinder unter 6", "Kinder < 6", "Kinder u6", "davon Kinder unter 6 Jahren", "Kinder unter 6 Jahre",
            "Kleinkinder")),
        Field("floor_area_m2", "Wohnfläche (m²)", "float", min=0, unit="m²", summable=True, synonyms=(
            "Wohnfläche", "Fläche", "Wohnfläche (m²)", "Wohnfläche in m²", "Wohnfl.", "qm", "m²", "Fläche m2")),
        Field("hot_water", "Warmwasser", "bool", synonyms=(
            "Warmwasser", "Warmwasser vorhanden", "WW", "Warmwasserversorgung", "Heißwasser")),
        Field("heating", "Heizung", "bool", synonyms=("Heizung", "Heizung vorhanden", "beheizbar", "Zentralheizung")),
        Field("bath_wc", "Eigenes Bad/WC", "bool", synonyms=(
            "Bad/WC", "eigenes Bad/WC", "Bad", "WC", "Sanitär", "eigenes Bad", "Bad WC in Wohnung")),
        Field("damp_mould", "Feuchtigkeit/Schimmel", "bool", synonyms=(
            "Feuchtigkeit/Schimmel", "Schimmel", "Feuchtigkeit", "Feuchte/Schimmel", "Schimmelbefall",
            "Feuchteschäden")),
        Field("defects", "Mängel", "text", synonyms=(
            "Mängel", "Mangel", "Mängelbeschreibung", "festgestellte Mängel", "Beanstandungen", "Bemerkung Mängel")),
        Field("inspection_date", "Begehung am", "date", synonyms=(
            "Begehung", "Begehung am", "Prüfdatum", "Datum der Prüfung", "Besichtigung", "Kontrolle am",
            "Prüfung am", "Ortstermin")),
        Field("status", "Status", "category", choices=HOUSING_STATUS, synonyms=(
            "Status", "Bearbeitungsstand", "Stand Verfahren", "Verfahrensstand")),
        Field("resolved_date", "Behoben am", "date", synonyms=(
            "Behoben am", "behoben", "Erledigt am", "Mängelbeseitigung", "Abschluss", "erledigt")),
    ),
    limits={
        "floor_area_m2": "Überbelegung nicht berechenbar.",
        "resolved_date": "Bearbeitungsdauer nicht berechenbar.",
        "lat": "Objekte fehlen auf der Karte.",
    },
)

SERVICES = Dataset(
    key="services",
    label="Soziale Infrastruktur",
    source_office="Jugendamt / Schulverwaltung",
    key_fields=("id",),
    description="Eine Zeile je Einrichtung (Kita, Schule, Beratung, Quartiersbüro …).",
    fields=(
        Field("id", "Einrichtungs-Nr.", "id", synonyms=(
            "Einrichtungs-Nr", "Einrichtungsnummer", "Nr", "Nr.", "ID", "Kennung", "Kita-Nr", "Schulnummer")),
        Field("name", "Einrichtung", "text", required=True, synonyms=(
            "Einrichtung", "Name", "Bezeichnung", "Name der Einrichtung", "Kita", "Schule", "Angebot")),
        Field("category", "Kategorie", "category", required=True, choices=SERVICE_CATEGORIES, synonyms=(
            "Kategorie", "Art", "Typ", "Einrichtungsart", "Angebotsart", "Bereich", "Art der Einrichtung")),
        *_district,
        Field("address", "Adresse", "text", synonyms=("Adresse", "Anschrift", "Straße", "Standort")),
        *_geo,
        Field("capacity", "Plätze", "int", min=0, summable=True, synonyms=(
            "Plätze", "Platzzahl", "Kapazität", "genehmigte Plätze", "Betriebserlaubnis Plätze", "Schulplätze",
            "Plätze gesamt")),
        Field("places_under_3", "davon unter 3", "int", min=0, summable=True, synonyms=(
            "davon unter 3", "Plätze U3", "U3-Plätze", "Krippenplätze", "Plätze unter 3", "U3")),
        Field("enrolled", "Belegt", "int", min=0, summable=True, synonyms=(
            "Belegt", "Belegung", "Kinder", "Schüler", "Schülerzahl", "angemeldet", "betreute Kinder",
            "Anzahl Kinder")),
        Field("waiting_list", "Warteliste", "int", min=0, summable=True, synonyms=(
            "Warteliste", "Wartende", "Vormerkungen", "auf Warteliste", "Anmeldungen offen")),
    ),
    limits={
        "capacity": "Versorgungsquote nicht berechenbar.",
        "lat": "Einrichtungen fehlen auf der Karte und in der Erreichbarkeit.",
        "waiting_list": "Wartelisten fehlen.",
    },
)

DISTRICTS = Dataset(
    key="districts",
    label="Stadtteile",
    source_office="Statistikstelle",
    key_fields=("district_id",),
    description="Eine Zeile je statistischem Stadtteil.",
    fields=(
        Field("district_id", "Stadtteil-Nr.", "id", required=True, synonyms=_district[0].synonyms + ("Nr", "Nr.")),
        Field("name", "Stadtteil", "text", synonyms=("Stadtteil", "Name", "Bezeichnung", "Bezirk", "Ortsbezirk")),
        Field("population", "Einwohner", "int", required=True, min=0, summable=True, synonyms=(
            "Einwohner", "Einwohnerzahl", "Bevölkerung", "Einwohner insgesamt", "EW", "Insgesamt", "Personen")),
        Field("children_under_2", "Kinder unter 2", "int", min=0, summable=True, synonyms=(
            "Kinder unter 2", "unter 2 Jahre", "0 bis unter 2", "0-1 Jahre", "0 - 1", "Kinder 0-1")),
        Field("children_2", "Kinder 2 Jahre", "int", min=0, summable=True, synonyms=(
            "Kinder 2 Jahre", "2 Jahre", "2 bis unter 3", "Kinder 2", "2-jährige")),
        Field("children_3_5", "Kinder 3–5", "int", min=0, summable=True, synonyms=(
            "Kinder 3-5", "3 bis unter 6", "3-5 Jahre", "Kinder 3 bis 5", "3 - 5")),
        Field("children_6_9", "Kinder 6–9", "int", min=0, summable=True, synonyms=(
            "Kinder 6-9", "6 bis unter 10", "6-9 Jahre", "Kinder 6 bis 9", "6 - 9", "Grundschulalter")),
        Field("foreign_share", "Ausländeranteil (%)", "float", min=0, max=100, unit="%", synonyms=(
            "Ausländeranteil", "Ausländeranteil (%)", "Anteil Ausländer", "Ausländer in %", "Anteil nichtdeutsch",
            "Ausländerquote")),
    ),
    limits={
        "children_3_5": "Kita-Bedarf nicht berechenbar.",
        "children_6_9": "Grundschulbedarf nicht berechenbar.",
        "foreign_share": "Ausländeranteil fehlt im Stadtteilprofil.",
    },
)

DATASETS: dict[str, Dataset] = {d.key: d for d in (ACCOMMODATIONS, RESIDENTS, HOUSING, SERVICES, DISTRICTS)}
DATASET_KEYS = tuple(DATASETS)

# Headers that hold direct identifiers: never stored (data minimisation).
IDENTIFIER_HEADERS: dict[str, str] = {
    "name": "Name",
    "nachname": "Name",
    "familienname": "Name",
    "vorname": "Vorname",
    "vorname name": "Name",
    "name vorname": "Name",
    "geburtsdatum": "Geburtsdatum",
    "geb datum": "Geburtsdatum",
    "geb am": "Geburtsdatum",
    "telefon": "Telefonnummer",
    "tel": "Telefonnummer",
    "telefonnummer": "Telefonnummer",
    "handy": "Telefonnummer",
    "mobil": "Telefonnummer",
    "e mail": "E-Mail-Adresse",
    "email": "E-Mail-Adresse",
    "mail": "E-Mail-Adresse",
    "aktenzeichen": "Aktenzeichen",
    "az": "Aktenzeichen",
    "geburtsort": "Geburtsort",
    "ausweisnummer": "Ausweisnummer",
    "pass nr": "Ausweisnummer",
    "passnummer": "Ausweisnummer",
    "steuer id": "Steuer-ID",
    "sozialversicherungsnummer": "Sozialversicherungsnummer",
    "iban": "Bankverbindung",
}
# In these datasets a "Name" column is the name of a place, not a person.
NAME_IS_PLACE = ("accommodations", "services", "districts")

# Value vocabularies: where the model wants yes/no, offices often record a type or a location.
# dataset.field -> rules (regular expression on the normalised cell text, value), tried in order
# after the plain yes/no words. A "no" rule comes first where a text could hold both ("keine
# Zentralheizung"). Cells that match no rule are reported together (`unknown_values`).
VALUE_VOCABULARIES: dict[str, tuple[tuple[str, bool], ...]] = {
    # kind of heating -> heated at all ("keine" = no heating)
    "housing.heating": (
        (r"^(keine?|ohne|nicht vorhanden|fehlt)\b", False),
        (r"zentral|etage|fern(waerme|heiz)|nachtspeicher|speicher(ofen|oefen|heiz)|ofen|oefen|therme|gas|\boel|"
         r"pellet|waermepumpe|elektro|heizkoerper|kamin|heizung|beheizt", True),
    ),
    # where the bath/WC is -> own bath/WC in the flat
    "housing.bath_wc": (
        (r"gemeinschaft|flur|etage|treppenhaus|\bhof\b|hof wc|aussen|ausserhalb|keller|geteilt|mitbenutz|"
         r"^(keine?|ohne)\b", False),
        (r"\bwohnung|\bwhg\b|innen|innerhalb|eigene", True),
    ),
    "housing.hot_water": (
        (r"^(keine?|ohne)\b|kaltwasser|fehlt", False),
        (r"boiler|durchlauferhitzer|zentral|therme|fernwaerme|speicher|warmwasser", True),
    ),
    "housing.damp_mould": (
        (r"^(keine?|ohne|trocken)\b", False),
        (r"schimmel|feucht|nass|stockflecken", True),
    ),
}
# Free-text defect lists ("kein Warmwasser; Schimmel im Bad") -> the flags they state. Each part
# of the text (split at ; , / and "und") is tested; negated mentions ("kein Schimmel") set nothing.
DEFECT_TEXT_FLAGS: dict[str, tuple[str, bool, str]] = {
    # field: (pattern on a normalised part, value, pattern that negates the part)
    "hot_water": (r"(keine?|ohne|nur|fehlt|fehlend|defekt)\b.*\b(warmwasser|ww|heisswasser|kaltwasser)\b|"
                  r"\b(warmwasser|ww)\b.*\b(fehlt|fehlend|defekt|ausgefallen)|nur kaltwasser", False, r"$^"),
    "damp_mould": (r"schimmel|feucht|nass|stockflecken|wasserschaden", True, r"\b(kein|keine|keinen|ohne)\b"),
}


def normalise_header(text: object) -> str:
    """Normalise a header cell for matching: lower case, umlauts folded, units and punctuation removed."""
    if text is None:
        return ""
    return _normalise_text(str(text))


_UNIT_PAREN = re.compile(r"\((in )?(m2|qm|eur|€|%|stk|anzahl|vzae)\)")
_NON_WORD = re.compile(r"[^a-z0-9%]+")
_SPACES = re.compile(r"\s+")


@functools.lru_cache(maxsize=50_000)
def _normalise_text(s: str) -> str:
    # cached: header detection normalises the same cell texts once per dataset and header variant
    s = s.replace("\n", " ").replace("\r", " ").replace("\u00a0", " ")
    s = s.lower().strip()
    s = s.replace("ß", "ss").replace("ä", "ae").replace("ö", "oe").replace("ü", "ue")
    if not s.isascii():  # NFKD and combining marks only matter outside ASCII
        s = unicodedata.normalize("NFKD", s)
        s = "".join(c for c in s if not unicodedata.combining(c))
    s = s.replace("m²", "m2").replace("²", "2").replace("v. h.", "%").replace("v.h.", "%")  # "in v.H." = in %
    s = _UNIT_PAREN.sub(" ", s)
    s = _NON_WORD.sub(" ", s)
    return _SPACES.sub(" ", s).strip()


def synonyms_index(dataset: str) -> dict[str, str]:
    """Normalised header variant -> field key, for one dataset (labels and keys included)."""
    ds = DATASETS[dataset]
    out: dict[str, str] = {}
    for f in ds.fields:
        for variant in (f.key, f.label, *f.synonyms):
            out.setdefault(normalise_header(variant), f.key)
    return out


def label(dataset: str, key: str) -> str:
    """German label of a field."""
    return DATASETS[dataset].field(key).label


def labels(dataset: str) -> dict[str, str]:
    return {f.key: f.label for f in DATASETS[dataset].fields}


def conform(dataset: str, df: pd.DataFrame) -> pd.DataFrame:
    """Return a frame with every field of the dataset as a column, in glossary order, with canonical dtypes.

    Absent columns are added empty; extra columns are kept at the end.
    """
    import numpy as np
    import pandas as pd

    ds = DATASETS[dataset]
    out = pd.DataFrame(index=df.index)
    for f in ds.fields:
        if f.key in df.columns:
            col = df[f.key]
        else:
            col = pd.Series(np.nan if f.kind not in ("id", "text", "category") else pd.NA, index=df.index)
        out[f.key] = _as_dtype(col, f)
    for c in df.columns:
        if c not in out.columns:
            out[c] = df[c]
    return out


def _as_dtype(col: pd.Series, f: Field) -> pd.Series:
    import numpy as np
    import pandas as pd

    # Fast paths return the column unchanged when it already has the canonical dtype (the import
    # pipeline hands over float64 / datetime64[ns] / boolean columns) – same result, no re-cast.
    if f.kind in ("id", "text", "category"):
        if col.dtype == object:
            fast = _object_texts_as_str(col)
            if fast is not None:
                return fast
        return col.astype("str") if col.notna().any() else pd.Series(pd.NA, index=col.index, dtype="str")
    if f.kind in NUMERIC_KINDS:
        if col.dtype == np.float64:
            return col
        return pd.to_numeric(col, errors="coerce").astype("float64")
    if f.kind == "date":
        if col.dtype == "datetime64[ns]" and _is_midnight(col):
            return col
        return pd.to_datetime(col, errors="coerce").astype("datetime64[ns]").dt.normalize()
    if f.kind == "bool":
        if isinstance(col.dtype, pd.BooleanDtype):
            return col
        return col.astype("boolean")
    raise ValueError(f.kind)


_DAY_NS = 86_400_000_000_000


def _is_midnight(col: pd.Series) -> bool:
    """True when every non-missing datetime64[ns] value is already normalised to midnight."""
    import numpy as np

    i8 = col.to_numpy().view("int64")
    return not (i8[i8 != np.iinfo(np.int64).min] % _DAY_NS).any()


def _object_texts_as_str(col: pd.Series) -> pd.Series | None:
    """An object column of text cells and missing values as a "str" column, in one Arrow conversion.

    Same values and dtype as the general path; None when the column holds other cell types
    (numbers, dates, bytes …), which pandas' own conversion turns into text.
    """
    import pandas as pd
    import pyarrow as pa

    try:
        arr = pa.array(col.to_numpy(), from_pandas=True)
    except (pa.ArrowException, TypeError, ValueError, OverflowError):
        return None
    if arr.type == pa.null():
        return pd.Series(pd.NA, index=col.index, dtype="str")
    if arr.type not in (pa.string(), pa.large_string()):
        return None
    return pd.Series(pd.array(arr, dtype="str"), index=col.index, name=col.name)


def empty_frame(dataset: str) -> pd.DataFrame:
    import pandas as pd

    return conform(dataset, pd.DataFrame())


def has_values(df: pd.DataFrame | None, key: str) -> bool:
    """True when the column exists and holds at least one value."""
    return df is not None and key in df.columns and bool(df[key].notna().any())


# --- header words (import: header matching by evidence, importing/matching.py) ---------------------
# German administrative abbreviations as they appear in header cells (normalised, without the dot);
# a value with "|" has several readings ("Bez." is Bezeichnung or Bezirk), each is tried.
HEADER_ABBREVIATIONS: dict[str, str] = {
    "pers": "personen", "nr": "nummer", "no": "nummer", "geb": "geburts", "dat": "datum", "fam": "familie",
    "hh": "haushalt", "whg": "wohnung", "whgn": "wohnungen", "bez": "bezeichnung|bezirk", "anz": "anzahl",
    "geschl": "geschlecht", "ggf": "gegebenenfalls", "str": "strasse", "hausnr": "hausnummer",
    "u3": "unter 3", "u6": "unter 6", "ue3": "ueber 3", "stt": "stadtteil", "einr": "einrichtung",
    "unterk": "unterkunft", "kap": "kapazitaet", "bel": "belegung", "staatsang": "staatsangehoerigkeit",
    "wfl": "wohnflaeche", "vzae": "vollzeitaequivalente", "ew": "einwohner", "gepl": "geplant",
    "vertr": "vertrag", "kiga": "kindergarten", "bg": "bedarfsgemeinschaft", "lfd": "laufende",
    "akt": "aktuell", "obj": "objekt", "stb": "statistischer bezirk", "stat": "statistischer",
    "abs": "absolut", "ges": "gesamt", "insg": "insgesamt", "kdr": "kinder", "einw": "einwohner",
    "bes": "besichtigung", "ausz": "auszug", "einz": "einzug", "zust": "zustand", "genehm": "genehmigte",
    "jahrg": "jahrgang", "kennz": "kennziffer", "pl": "plaetze", "j": "jahre", "bew": "bewohner", "krippe": "unter 3",
}
# A sub-header that is only a start or end word names its group's start or end ("Aufenthalt" over "von" | "bis").
HEADER_RANGE_WORDS = {**dict.fromkeys(("von", "vom", "ab", "seit"), "beginn"), **dict.fromkeys(("bis", "bis zum"), "ende")}
# Same meaning in a header: any key is a "Nummer" ("Pers.-Kennz."); day care kinds a Kita; "Form" an "Art"; Sachstand.
HEADER_EQUIVALENTS: dict[str, str] = {
    "kennung": "nummer", "kennziffer": "nummer", "id": "nummer", "schluessel": "nummer", "code": "nummer",
    "form": "art", "sorte": "art", "ortsteil": "stadtteil", "feuchte": "feuchtigkeit", "naesse": "feuchtigkeit",
    "quote": "anteil", "%": "anteil", "prozent": "anteil", **dict.fromkeys((
        "kindertagesstaette", "kindertagesstaetten", "kindertageseinrichtung", "kindertageseinrichtungen",
        "kindergarten", "kindergaerten", "kinderhort", "hort", "kinderhaus", "kindertagesheim"), "kita"),
    **dict.fromkeys(("sachstand", "erledigungsstand", "bearbeitungsstatus"), "bearbeitungsstand")}
# Words that carry no meaning for the field in a header ("Anzahl der Plätze insgesamt" = "Plätze").
HEADER_FILLER_WORDS = frozenset({
    "der", "die", "das", "des", "dem", "den", "am", "im", "je", "pro", "und", "von", "vom", "zum", "zur", "fuer", "mit",
    "auf", "bei", "nach", "gegebenenfalls", "laufende", "anzahl", "zahl", "gesamt", "insgesamt", "aktuell", "aktuelle",
    "davon", "darunter", "absolut", "lt", "laut", "angabe", "angaben", "stand", "ist", "in", "eur", "euro", "m2", "qm",
    "innen"})
# Words that change what a header counts: "Plätze frei" is not "Plätze", "Kinder unter 3" not "Kinder".
HEADER_QUALIFIERS = frozenset({"frei", "freie", "verfuegbar", "belegt", "belegte", "unter", "ueber", "ab", "bis", "max",
                               "maximal", "min", "soll", "geplant", "reserviert", "offen", "noch", "bisher", "vorher"})
# Count families: a header with a word of counted persons and none of places is no places field ("Kinder U3").
HEADER_PLACES_WORDS = ("platz", "plaetze", "platzzahl", "kapazitaet", "max", "maximal")  # "max. Belegung" = places
HEADER_PERSONS_WORDS = ("kinder", "kind", "belegt", "belegung", "betreut", "angemeldet", "gemeldet", "aufgenommen",
                        "eingeschrieben", "bewohner", "personen", "schueler", "teilnehmer", "besucher")
HEADER_NEGATION = r"\b(ohne|kein|keine|keinen|nicht|fehlt|fehlend|fehlende|fehlender|ausserhalb|mangels)\b"  # "ohne WW"
# The thing a dataset is about: "Unterkunftsbezeichnung" in Unterkünfte is the Bezeichnung.
DATASET_SUBJECT_WORDS: dict[str, frozenset[str]] = {
    "accommodations": frozenset({"unterkunft", "gemeinschaftsunterkunft", "gu", "objekt", "einrichtung"}),
    "residents": frozenset({"person", "bewohner", "aufenthalt"}),
    "housing": frozenset({"objekt", "wohnung", "gebaeude"}),
    "services": frozenset({"einrichtung", "kita", "schul", "angebot", "kinder", "schueler"}),
    "districts": frozenset({"stadtteil", "bezirk", "ortsbezirk"}),
}
# Words in sheet names, file names and title rows that say which dataset a table is (detect.py).
DATASET_NAME_WORDS: dict[str, tuple[str, ...]] = {
    "accommodations": ("unterkunft", "unterkuenfte", "gemeinschaftsunterkunft", "notunterkunft", "unterbringung",
                       "belegungsuebersicht", "gu"),
    "residents": ("bewohner", "aufenthalt", "belegungsliste", "zugaenge", "abgaenge", "personen"),
    "housing": ("wohnungsaufsicht", "wohnqualitaet", "begehung", "maengel", "wohnungen", "objekte"),
    "services": ("kita", "kitas", "kindertagesstaette", "schule", "schulen", "grundschule", "einrichtungen",
                 "beratung", "infrastruktur", "jugendtreff", "kindergarten"),
    "districts": ("stadtteile", "bevoelkerung", "einwohner", "ortsbezirke", "statistik", "stadtteil"),
}
