"""Blind probes: export layouts as German offices produce them, written down from how those lists look
(Fachverfahren exports, hand-kept Excel lists, the Statistikstelle's tables) – not from the glossary, the
importer or the project's own generator. One declarative entry per layout: the file, and what the officer
would expect (dataset, number of rows, key values, what must be reported, what must never happen).

`Expect.values` are per field, one entry per imported row in file order (dates as `dt.date`, yes/no as bool,
missing as None). `Expect.never` lists (field, header) pairs that must not be mapped silently (a wrong but
plausible column). `Expect.reports` are codes that must appear among the table's warnings or errors.
A probe with `refused=True` must be refused with a German message that names what is wrong.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

D = dt.date


@dataclass(frozen=True)
class Expect:
    dataset: str
    rows: int
    sheet: str | None = None
    values: dict = field(default_factory=dict)
    reports: frozenset = frozenset()
    never: tuple = ()            # (field, header) that must not be mapped without confirmation
    dropped: int = 0             # personal columns that must be dropped (at least)
    skipped_at_least: int = 0
    stichtag: object = None      # the reference date the officer reads off the file (None: not checked)


@dataclass(frozen=True)
class Probe:
    name: str
    office: str
    fmt: str                     # xlsx | xls | ods | csv | csv-cp1252 | csv-bom | utf16 | csv-comma
    file_name: str
    sheets: dict                 # sheet name -> grid (list of rows); CSV: one sheet, name ignored
    expect: tuple                # Expect per table the officer expects
    hidden: dict = field(default_factory=dict)         # sheet -> 0-based grid rows hidden
    merges: dict = field(default_factory=dict)         # xls only: sheet -> [(row, c1, c2, text)]
    ignored_sheets: tuple = ()   # sheets that must not become a table (legend, notes)
    not_datasets: tuple = ()     # datasets this file must never be filed under silently
    hidden_sheets: tuple = ()    # sheets hidden in Excel
    hidden_cols: dict = field(default_factory=dict)    # xlsx/ods: sheet -> 0-based columns hidden
    refused_sheets: tuple = ()   # sheets that are no dataset: no table, or one refused with a message
    refused: bool = False        # the whole file is no dataset: refused with a German message
    xlsx_merges: dict = field(default_factory=dict)    # xlsx: sheet -> [(r1, c1, r2, c2)] merged (value in r1, c1)


class XlErr(str):
    """An Excel error value in a cell (a formula whose cached result is '#N/A', '#VALUE!' …)."""


def _blank(n):
    return [None] * n


PROBES: list[Probe] = []


def probe(*a, **kw):
    PROBES.append(Probe(*a, **kw))


# 1 Sozialamt: Belegungsübersicht from a hand-kept Excel list, title block, "lfd. Nr.", capacity in "Betten",
#   occupancy "davon belegt" next to "frei", sum row at the bottom, notes column
probe("belegung_handliste", "Sozialamt", "xlsx", "Belegungsuebersicht_GU.xlsx", {"Belegung": [
    ["Stadtverwaltung Kaiserslautern", None, None],
    ["Referat Soziales – Abt. Unterbringung"],
    ["Belegungsübersicht der Gemeinschaftsunterkünfte", None],
    ["Stand: 30.09.2026"],
    [],
    ["lfd. Nr.", "Bezeichnung der Einrichtung", "Anschrift", "Ortsbezirk", "Kapazität (Betten)", "davon belegt",
     "frei", "Träger / Betreuung", "Bemerkungen"],
    [1, "GU Asternweg", "Asternweg 2-8", "Kaiserslautern-West", 220, 161, 59, "DRK", None],
    [2, "Ehem. Hauptpost", "Pariser Str. 23", "Innenstadt-Ost", 370, 244, 126, "ASB", "2. OG gesperrt"],
    [3, "Colosseum", "Mühlstr. 10", "Innenstadt West/Kotten", 69, 58, 11, "Caritas", None],
    [4, "Hotel Zepp", "Spittelstr. 3", "Innenstadt-Südwest", 50, 47, 3, "ASZ", "Vertrag bis 12/2027"],
    [5, "Vogelwoogstraße (Halle)", "Vogelwoogstr. 30", "Betzenberg", 102, 0, 102, "DRK", "Stand-by"],
    [None, "Summe", None, None, 811, 510, 301, None, None],
]}, (Expect("accommodations", 5, "Belegung", values={
    "name": ["GU Asternweg", "Ehem. Hauptpost", "Colosseum", "Hotel Zepp", "Vogelwoogstraße (Halle)"],
    "capacity": [220, 370, 69, 50, 102], "occupancy": [161, 244, 58, 47, 0]},
    never=(("occupancy", "frei"),), skipped_at_least=1),))

# 2 Sozialamt: Bewohnerliste from a case-management export (CSV, Windows-1252), with person names and full
#   birth dates, sex written out, status as the Ausländerbehörde words it
probe("bewohner_fachverfahren_csv", "Sozialamt", "csv-cp1252", "Bewohnerliste_20261001.csv", {"": [
    ["Pers.-Nr.", "Name, Vorname", "Geb.-Dat.", "Geschl.", "Staatsang.", "Aufenthaltsstatus", "Unterkunft",
     "Zimmer", "Einzug", "Auszug", "BG-Nr."],
    ["P-10231", "Haddad, Rami", "12.03.1988", "männlich", "syrisch", "Aufenthaltsgestattung", "GU Asternweg",
     "0.14", "01.02.2025", "", "BG-4411"],
    ["P-10232", "Haddad, Lina", "05.07.1991", "weiblich", "syrisch", "Aufenthaltsgestattung", "GU Asternweg",
     "0.14", "01.02.2025", "", "BG-4411"],
    ["P-10240", "Kovalenko, Olena", "23.11.1979", "weiblich", "ukrainisch", "§ 24 AufenthG", "Ehem. Hauptpost",
     "2.07", "14.03.2022", "30.06.2026", "BG-3902"],
    ["P-10251", "Ahmadi, Farid", "01.01.2001", "männlich", "afghanisch", "Duldung", "Colosseum", "1.03",
     "17.08.2024", "", "BG-4620"],
    ["P-10260", "Tesfaye, Hiwet", "30.04.1996", "weiblich", "eritreisch", "subsidiärer Schutz", "Hotel Zepp",
     "5", "02.12.2023", "", "BG-4701"],
]}, (Expect("residents", 5, values={
    "person_id": ["P-10231", "P-10232", "P-10240", "P-10251", "P-10260"],
    "birth_year": [1988, 1991, 1979, 2001, 1996], "sex": ["m", "w", "w", "m", "w"],
    "move_in": [D(2025, 2, 1), D(2025, 2, 1), D(2022, 3, 14), D(2024, 8, 17), D(2023, 12, 2)],
    "move_out": [None, None, D(2026, 6, 30), None, None],
    "residence_status": ["Asylverfahren", "Asylverfahren", "§ 24 AufenthG (Ukraine)", "Duldung",
                         "subsidiärer Schutz"]},
    dropped=2),))

# 3 Sozialamt: Excel "Unicode-Text" (UTF-16, tab) with other words for the same things, a move-in known only
#   as a month ("Okt. 2025"), "k.A." for an unknown birth year
probe("bewohner_unicode_text", "Sozialamt", "utf16", "Aufenthalte.txt", {"": [
    ["Kennziffer", "Haushalt", "Einrichtung", "Aufnahme am", "Entlassung am", "Geburtsjahr", "Herkunftsland",
     "Rechtsstatus"],
    ["K0017", "H0009", "GU Asternweg", "03.04.2024", "", "1985", "Syrien", "anerkannt"],
    ["K0018", "H0009", "GU Asternweg", "03.04.2024", "", "2015", "Syrien", "anerkannt"],
    ["K0021", "H0011", "Colosseum", "Okt. 2025", "", "k.A.", "Irak", "Asylverfahren"],
    ["K0030", "H0015", "Hotel Zepp", "15.01.2026", "28.02.2026", "1999", "Türkei", "Asylverfahren"],
]}, (Expect("residents", 4, values={
    "person_id": ["K0017", "K0018", "K0021", "K0030"], "household_id": ["H0009", "H0009", "H0011", "H0015"],
    "move_in": [D(2024, 4, 3), D(2024, 4, 3), D(2025, 10, 1), D(2026, 1, 15)],
    "move_out": [None, None, None, D(2026, 2, 28)], "birth_year": [1985, 2015, None, 1999]},
    reports=frozenset({"approximate_value"})),))

# 4 Wohnungsaufsicht: Mängelliste of the Schlichtwohnungen – abbreviated headers, heating/hot water/bath as
#   kinds and places, free-text defects, status words of the office
probe("maengelliste_wohnungsaufsicht", "Bauaufsicht/Wohnungsaufsicht", "xlsx", "Maengelliste_Schlichtwhg.xlsx", {
    "Mängelliste": [
        ["Wohnungsaufsicht – Mängelliste Schlichtwohnungen"],
        ["Stand 01.10.2026"],
        [],
        ["Obj.-Nr.", "Straße, Hausnr.", "Stadtteil", "Whg.-Anz.", "Bew.", "davon Kinder < 6 J.", "Wfl. in qm",
         "Heizungsart", "WW-Bereitung", "Bad/WC", "festgestellte Mängel", "Ortsbesichtigung", "Sachstand",
         "erledigt am"],
        ["W-0101", "Slevogtstr. 12", "Kaiserslautern-West", 1, 5, 2, 54.5, "Kohleofen", "keine", "Etagen-WC",
         "Schimmel im Schlafzimmer; Fenster undicht", D(2026, 3, 12), "offen", None],
        ["W-0102", "Slevogtstr. 14", "Kaiserslautern-West", 1, 3, 0, 61.0, "Gas-Etagenheizung",
         "Durchlauferhitzer", "in der Wohnung", "Feuchtigkeit Keller", D(2026, 4, 2), "in Bearb.", None],
        ["W-0103", "Feuerbachstr. 3", "Kaiserslautern-West", 1, 6, 3, 48.0, "keine", "Boiler", "Etagen-WC",
         "keine Heizung, Elektrik", D(2026, 5, 20), "erledigt", D(2026, 8, 1)],
        ["W-0104", "Danziger Str. 40", "Kaiserslautern-West", 1, 2, 0, 72.3, "Fernwärme", "zentral",
         "in der Wohnung", None, D(2026, 6, 9), "offen", None],
    ]}, (Expect("housing", 4, "Mängelliste", values={
        "object_id": ["W-0101", "W-0102", "W-0103", "W-0104"], "residents": [5, 3, 6, 2],
        "children_under_6": [2, 0, 3, 0], "floor_area_m2": [54.5, 61.0, 48.0, 72.3],
        "heating": [True, True, False, True], "hot_water": [False, True, True, True],
        "bath_wc": [False, True, False, True], "damp_mould": [True, True, None, None],
        "inspection_date": [D(2026, 3, 12), D(2026, 4, 2), D(2026, 5, 20), D(2026, 6, 9)],
        "status": ["offen", "in Bearbeitung", "behoben", "offen"],
        "resolved_date": [None, None, D(2026, 8, 1), None]}),))

# 5 Wohnungsaufsicht, old .xls: a deleted record kept as a hidden row, "k.A." and "-" in numbers
probe("wohnungen_xls_ausgeblendet", "Wohnungsaufsicht", "xls", "Wohnungen_Nordwest.xls", {"Tabelle1": [
    ["Objektnr.", "Lage", "Bezirk", "Bewohner", "Kinder unter 6 Jahre", "Wohnfläche m²", "Warmwasser",
     "Heizung", "Begehung"],
    ["N-11", "Slevogtstr. 20", "09", 4, 1, 52.0, "ja", "ja", "14.02.2026"],
    ["N-12", "Slevogtstr. 22", "09", 2, "-", "k.A.", "nein", "ja", "14.02.2026"],
    ["N-13", "Slevogtstr. 24", "09", 7, 3, 65.5, "nein", "nein", "15.02.2026"],
    ["N-14", "Feuerbachstr. 9", "09", 3, "-", 44.0, "ja", "ja", "15.02.2026"],
]}, (Expect("housing", 3, "Tabelle1", values={
    "object_id": ["N-11", "N-13", "N-14"], "residents": [4, 7, 3], "children_under_6": [1, 3, 0],
    "floor_area_m2": [52.0, 65.5, 44.0]}, reports=frozenset({"hidden_rows"})),), hidden={"Tabelle1": {2}})

# 6 Jugendamt: Kita list with merged group headers (Plätze / Belegung over gesamt / U3), sheet named for the year
probe("kita_zweizeilig", "Jugendamt", "xlsx", "Kitaplaetze_2026.xlsx", {"Kitas 2026-27": [
    ["Jugendamt Kaiserslautern – Platzangebot Kindertagesstätten, Stand 01.09.2026"],
    [],
    ["Kindertageseinrichtung", "Träger", "Stadtteil", "Plätze", None, "Belegung", None, "Vormerkungen"],
    [None, None, None, "insgesamt", "dav. U3", "gesamt", "U3", None],
    ["Kita Sonnenschein", "städtisch", "Betzenberg", 75, 20, 74, 20, 12],
    ["Prot. Kita Arche Noah", "Ev. Kirchengemeinde", "Innenstadt-Ost", 100, 30, 98, 29, 31],
    ["Städt. Kita Kotten", "städtisch", "Innenstadt West/Kotten", 60, 10, 60, 10, 18],
    ["Kath. Kita St. Martin", "Kath. Kirchengemeinde", "Morlautern", 45, 10, 40, 8, 0],
    ["Summe", None, None, 280, 70, 272, 67, 61],
]}, (Expect("services", 4, "Kitas 2026-27", values={
    "category": ["Kita"] * 4, "capacity": [75, 100, 60, 45], "places_under_3": [20, 30, 10, 10],
    "enrolled": [74, 98, 60, 40], "waiting_list": [12, 31, 18, 0]},
    never=(("capacity", "dav. U3"), ("enrolled", "U3")), skipped_at_least=1),),
    not_datasets=("accommodations",))

# 7 Jugendamt: CSV with a BOM, no "Kategorie" column, names without the word "Kita"; the file name says it
probe("kita_csv_dateiname", "Jugendamt", "csv-bom", "Kita-Platzangebot_Stand_2026-09-01.csv", {"": [
    ["Einrichtungsname", "Adresse", "Bezirk", "genehm. Plätze", "belegte Plätze", "Warteliste"],
    ["Haus für Kinder Pusteblume", "Am Harzhübel 4", "Bännjerrück/Karl-Pfaff-S.", "90", "88", "14"],
    ["Kindergarten Morlautern", "Otterberger Str. 2", "Morlautern", "50", "47", "3"],
    ["Kinderkrippe Zwergenland", "Pfaffstr. 8", "Innenstadt-Südwest", "30", "30", "22"],
]}, (Expect("services", 3, values={"category": ["Kita"] * 3, "capacity": [90, 50, 30],
                                  "enrolled": [88, 47, 30], "waiting_list": [14, 3, 22]}),),
    not_datasets=("accommodations",))

# 8 Schulverwaltung: .ods, sheet per school type missing – a "Schulform" column with short codes,
#   "Klassen" must not become places
probe("schulen_ods_schulform", "Schulverwaltung", "ods", "Schulstatistik_2026.ods", {"Schulen": [
    ["Schulstatistik Schuljahr 2026/27 (Stichtag 15.09.2026)"],
    ["Schul-Nr.", "Schule", "Schulform", "Straße", "Stadtteil", "Schüler/innen", "Klassen", "davon DaZ"],
    ["50311", "Grundschule Betzenberg", "GS", "Kantstr. 51", "Betzenberg", 212, 10, 31],
    ["50322", "Röhmschule", "GS", "Röhmstr. 7", "Innenstadt-Südwest", 248, 12, 64],
    ["50409", "IGS Goetheschule", "IGS", "Goethestr. 5", "Innenstadt-Ost", 812, 32, 70],
    ["50410", "Burg-Gymnasium", "Gym", "Burgstr. 16", "Innenstadt-Ost", 930, 36, 12],
    ["50412", "Realschule plus Nord", "RS+", "Kaiserbergring 30", "Innenstadt Nord/Kaiserberg", 540, 22, 48],
]}, (Expect("services", 5, "Schulen", values={
    "category": ["Grundschule", "Grundschule", "weiterführende Schule", "weiterführende Schule",
                 "weiterführende Schule"],
    "enrolled": [212, 248, 812, 930, 540], "capacity": [None] * 5},
    never=(("capacity", "Klassen"),)),), not_datasets=("accommodations",))

# 9 Statistikstelle: population by district – city total as first data row, foreign people as number and %,
#   age groups as "von … bis unter … Jahren" under a group heading, district names with their number
probe("einwohner_statistikstelle", "Statistikstelle", "xlsx", "Bevoelkerung_Stadtteile_2025.xlsx", {"Tab. 1": [
    ["Bevölkerung mit Hauptwohnsitz am 31.12.2025 nach Stadtteilen"],
    [],
    ["Stadtteil", "Insgesamt", "Ausländer", None, "davon im Alter von … bis unter … Jahren", None, None, None],
    [None, None, "Anzahl", "%", "0 - 2", "2 - 3", "3 - 6", "6 - 10"],
    ["Stadt Kaiserslautern", 101597, 17271, 17.0, 1830, 930, 2790, 3650],
    ["01 Innenstadt-Ost", 11442, 3204, 28.0, 220, 110, 320, 410],
    ["02 Innenstadt-Südwest", 8769, 2016, 23.0, 150, 80, 230, 300],
    ["09 Kaiserslautern-West", 8565, 1884, 22.0, 190, 95, 280, 360],
    ["12 Morlautern", 2886, 115, 4.0, 45, 25, 70, 100],
    ["Quelle: Einwohnermelderegister, eigene Berechnung"],
]}, (Expect("districts", 4, "Tab. 1", values={
    "district_id": ["01", "02", "09", "12"], "population": [11442, 8769, 8565, 2886],
    "foreign_share": [28.0, 23.0, 22.0, 4.0], "children_under_2": [220, 150, 190, 45],
    "children_3_5": [320, 230, 280, 70], "children_6_9": [410, 300, 360, 100]},
    never=(("foreign_share", "Ausländer / Anzahl"), ("population", "Ausländer / Anzahl")),
    skipped_at_least=2),))

# 10 Statistikstelle: CSV where Excel lost the leading zeros, thousands dots in text, "Gesamt" at the bottom
probe("einwohner_csv_ohne_nullen", "Statistikstelle", "csv", "EW_nach_Stadtteil.csv", {"": [
    ["Stadtteil-Nr.", "Stadtteilname", "Bevölkerung", "Ausländeranteil in %"],
    ["1", "Innenstadt-Ost", "11.442", "28,0"],
    ["6", "Betzenberg", "5.096", "19,5"],
    ["14", "Mölschbach", "1.170", "3,1"],
    ["Gesamt", "", "17.708", ""],
]}, (Expect("districts", 3, values={"district_id": ["01", "06", "14"], "population": [11442, 5096, 1170],
                                   "foreign_share": [28.0, 19.5, 3.1]}, skipped_at_least=1),))

# 11 Statistikstelle: Ortsbezirke by name only, spelled as in council papers ("OB …", "Ortsbezirk …")
probe("ortsbezirke_nur_namen", "Statistikstelle", "xlsx", "Ortsbezirke.xlsx", {"Ortsbezirke": [
    ["Ortsbezirk", "Einwohner"],
    ["OB Erlenbach", 2214],
    ["Ortsbezirk Mölschbach", 1170],
    ["Erzhütten-Wiesenthalerhof", 2558],
    ["Hohenecken", 3562],
]}, (Expect("districts", 4, "Ortsbezirke", values={"district_id": ["13", "14", "10", "16"],
                                                   "population": [2214, 1170, 2558, 3562]}),))

# 12 Sozialamt: accommodations in .ods with units in the cells, type abbreviations, lease end as "Okt. 2027",
#   an approximate count
probe("unterkuenfte_ods_einheiten", "Sozialamt", "ods", "Unterkuenfte_2026.ods", {"Unterkünfte": [
    ["Objekt", "Art", "Plätze", "Belegung", "Fläche", "Miete mtl. je Platz", "Mietvertrag läuft bis",
     "Status"],
    ["Asternweg", "GU", "220 Pl.", "161 Pers.", "2.950 m²", "199,00 €", "31.12.2028", "in Betrieb"],
    ["Hotel Zepp", "Hotel", "50 Pl.", "47 Pers.", "820 m²", "850,00 €", "Okt. 2027", "in Betrieb"],
    ["Burgherrenhalle", "NU", "ca. 100", "0", "1.200 m²", "880,00 €", "-", "Reserve"],
]}, (Expect("accommodations", 3, "Unterkünfte", values={
    "name": ["Asternweg", "Hotel Zepp", "Burgherrenhalle"], "capacity": [220, 50, 100],
    "occupancy": [161, 47, 0], "floor_area_m2": [2950.0, 820.0, 1200.0],
    "monthly_cost_per_place": [199.0, 850.0, 880.0], "lease_end": [D(2028, 12, 31), D(2027, 10, 1), None],
    "type": ["Gemeinschaftsunterkunft", "Hotel/Pension", "Notunterkunft"],
    "status": ["in Betrieb", "in Betrieb", "Reserve"]},
    reports=frozenset({"approximate_value"})),))

# 13 Sozialamt: workbook with a legend sheet (Abkürzung/Bedeutung), notes sheet, data on the third sheet
probe("unterkuenfte_mit_legende", "Sozialamt", "xlsx", "GU_Liste.xlsx", {
    "Hinweise": [["Hinweise zur Liste"], ["Die Belegung wird monatlich zum Monatsende gemeldet."],
                 ["Ansprechpartner: Abt. 50.2"]],
    "Legende": [["Abkürzung", "Bedeutung"], ["GU", "Gemeinschaftsunterkunft"], ["NU", "Notunterkunft"],
                ["Pl.", "Plätze"], ["VZÄ", "Vollzeitäquivalente"]],
    "Liste": [["Nr.", "Unterkunft", "Stadtteil-Nr.", "Pl.", "Bel.", "Sozialarbeit (VZÄ)"],
              ["01", "GU Asternweg", "09", 220, 161, 2.5], ["02", "Ehem. Hauptpost", "01", 370, 244, 4.0],
              ["03", "Zoar-Heim", "04", 160, 151, 1.5]],
}, (Expect("accommodations", 3, "Liste", values={
    "id": ["01", "02", "03"], "capacity": [220, 370, 160], "occupancy": [161, 244, 151],
    "social_workers": [2.5, 4.0, 1.5]}),), ignored_sheets=("Hinweise", "Legende"))

# 14 Sozialamt: list grouped by operator – group heading rows, "Zwischensumme" after each group, total at end
probe("unterkuenfte_nach_traeger", "Sozialamt", "xlsx", "Unterkuenfte_nach_Traeger.xlsx", {"Träger": [
    ["Unterkünfte nach Trägern – Stand 30.09.2026"],
    ["Einrichtung", "Träger", "Plätze", "belegt"],
    ["Träger: DRK"],
    ["GU Asternweg", "DRK", 220, 161],
    ["Vogelwoogstraße", "DRK", 102, 0],
    ["Zwischensumme DRK", None, 322, 161],
    ["Träger: Caritas"],
    ["Colosseum", "Caritas", 69, 58],
    ["Villa Jänisch", "Caritas", 18, 17],
    ["Zwischensumme Caritas", None, 87, 75],
    ["Gesamtsumme", None, 409, 236],
]}, (Expect("accommodations", 4, "Träger", values={
    "name": ["GU Asternweg", "Vogelwoogstraße", "Colosseum", "Villa Jänisch"], "capacity": [220, 102, 69, 18],
    "occupancy": [161, 0, 58, 17], "operator": ["DRK", "DRK", "Caritas", "Caritas"]}, skipped_at_least=5),))

# 15 Sozialamt: residents in xlsx, dates as date cells, as text and as serial numbers in one column,
#   "-" for "not moved out", a running number, a phone column
probe("bewohner_gemischte_daten", "Sozialamt", "xlsx", "Bewohner_Oktober.xlsx", {"Bewohner": [
    ["lfd. Nr.", "Pers.-Kennz.", "Unterkunft", "Einzug", "Auszug", "Geb.-Jahr", "Tel."],
    [1, "A-501", "GU Asternweg", D(2025, 5, 2), "-", 1990, "0176 1234567"],
    [2, "A-502", "GU Asternweg", "15.3.2025", "-", 1992, "0176 2345678"],
    [3, "A-503", "Colosseum", 45700, "30.09.2026", 2010, ""],
    [4, "A-504", "Hotel Zepp", "01.08.2026", "-", 1970, "0631 98765"],
]}, (Expect("residents", 4, "Bewohner", values={
    "person_id": ["A-501", "A-502", "A-503", "A-504"],
    "move_in": [D(2025, 5, 2), D(2025, 3, 15), D(2025, 2, 12), D(2026, 8, 1)],
    "move_out": [None, None, D(2026, 9, 30), None], "birth_year": [1990, 1992, 2010, 1970]},
    dropped=1),))

# 16 A list with no hint where it comes from: Einrichtung/Träger/Plätze/belegt and a waiting list, names
#   without a type word. Waiting lists are kept for Kitas, not for shelters – it must never be filed silently
#   as accommodations
probe("einrichtungen_ohne_hinweis", "Jugendamt", "xlsx", "Liste.xlsx", {"Tabelle1": [
    ["Einrichtung", "Träger", "Plätze", "belegt", "Warteliste"],
    ["Pusteblume", "AWO", 80, 78, 15],
    ["Regenbogen", "Lebenshilfe", 45, 45, 9],
    ["Zwergenland", "städtisch", 60, 52, 0],
]}, (), not_datasets=("accommodations",))

# 17 Schulverwaltung: .xls with one sheet per school type; the sheet name is the category ("weiterf. Schulen")
probe("schulen_xls_blatt_je_art", "Schulverwaltung", "xls", "Schulen_2026.xls", {
    "Grundschulen": [["Schule", "Anschrift", "Schüler", "Klassen"],
                     ["Grundschule Betzenberg", "Kantstr. 51", 212, 10],
                     ["Röhmschule", "Röhmstr. 7", 248, 12],
                     ["Schillerschule", "Schillerstr. 1", 301, 14]],
    "weiterf. Schulen": [["Schule", "Anschrift", "Schüler", "Klassen"],
                         ["Burg-Gymnasium", "Burgstr. 16", 930, 36],
                         ["Realschule plus Nord", "Kaiserbergring 30", 540, 22]],
}, (Expect("services", 3, "Grundschulen", values={"category": ["Grundschule"] * 3, "enrolled": [212, 248, 301]},
           never=(("capacity", "Klassen"),)),
    Expect("services", 2, "weiterf. Schulen", values={"category": ["weiterführende Schule"] * 2,
                                                      "enrolled": [930, 540]},
           never=(("capacity", "Klassen"),))), not_datasets=("accommodations",))

# 18 Integrationsbüro: counselling and language offers – kinds worded by the providers, an office phone column
probe("beratungsangebote", "Integrationsbüro", "xlsx", "Angebote_Integration.xlsx", {"Angebote": [
    ["Angebot", "Träger", "Art des Angebots", "Adresse", "Stadtteil", "Öffnungszeiten"],
    ["Migrationsberatung für Erwachsene (MBE)", "Caritas", "Migrationsberatung", "Engelsgasse 1",
     "Innenstadt-Ost", "Mo–Do 9–12"],
    ["Jugendmigrationsdienst", "IB", "Beratung", "Pirmasenser Str. 20", "Innenstadt-Südwest", "Di 14–17"],
    ["Quartiersbüro Slevfisch", "Caritas", "Quartiersbüro", "Slevogtstr. 36", "Kaiserslautern-West",
     "Mi 10–16"],
    ["Integrationskurs VHS", "VHS", "Sprachkurs", "Kanalstr. 3", "Innenstadt-Ost", "täglich"],
]}, (Expect("services", 4, "Angebote", values={
    "name": ["Migrationsberatung für Erwachsene (MBE)", "Jugendmigrationsdienst", "Quartiersbüro Slevfisch",
             "Integrationskurs VHS"],
    "category": ["Beratung", "Beratung", "Quartiersbüro", "Sprachkurs"]}),))

# 19 Wohnungsaufsicht: a CSV of negated marks – "ohne Heizung", "ohne WW", "WC außerhalb" with "x". The model
#   wants "has heating": an "x" under "ohne Heizung" is *no* heating. Reading x as yes would be the worst error
probe("wohnungen_ohne_markierungen", "Wohnungsaufsicht", "csv", "Schlichtwohnungen_Zustand.csv", {"": [
    ["Objekt-ID", "Adresse", "Ortsteil", "Wohneinheiten", "Bewohner gesamt", "ohne Heizung", "ohne WW",
     "WC außerhalb", "Schimmel/Feuchte"],
    ["S-01", "Slevogtstr. 30", "Kaiserslautern-West", "1", "4", "x", "x", "x", "x"],
    ["S-02", "Slevogtstr. 32", "Kaiserslautern-West", "1", "2", "", "x", "", ""],
    ["S-03", "Feuerbachstr. 11", "Kaiserslautern-West", "1", "5", "", "", "x", "x"],
]}, (Expect("housing", 3, values={
    "object_id": ["S-01", "S-02", "S-03"], "residents": [4, 2, 5],
    "heating": [False, True, True], "hot_water": [False, False, True], "bath_wc": [False, True, False],
    "damp_mould": [True, False, True]}),))

# 20 Statistikstelle: Ortsbezirke 10–18 with suppressed cells ("*"), "-" for none, Stand as "Okt. 2026"
probe("ortsbezirke_geheimhaltung", "Statistikstelle", "xlsx", "Kinder_Ortsbezirke.xlsx", {"Kinder": [
    ["Kinder nach Altersgruppen in den Ortsbezirken, Stand: Okt. 2026"],
    ["Nr", "Ortsbezirk", "Einw.", "Kinder unter 2 J.", "Kinder 3 bis unter 6 J.", "Kinder 6 bis unter 10 J."],
    ["10", "Erzhütten/Wiesenthalerhof", 2558, 41, 66, 90],
    ["11", "Einsiedlerhof", 1315, "*", 30, 41],
    ["14", "Mölschbach", 1170, "-", 25, 38],
    ["18", "Erfenbach", 2746, 50, 71, 102],
]}, (Expect("districts", 4, "Kinder", values={
    "district_id": ["10", "11", "14", "18"], "population": [2558, 1315, 1170, 2746],
    "children_under_2": [41, None, 0, 50], "children_3_5": [66, 30, 25, 71]},
    reports=frozenset({"suppressed_value"})),))

# 21 Sozialamt: one workbook with accommodations and residents; residents refer to accommodations by number
probe("unterkuenfte_und_bewohner", "Sozialamt", "xlsx", "Unterbringung_Stand_2026-10-01.xlsx", {
    "Unterkünfte": [["GU-Nr.", "Bezeichnung", "Plätze", "Belegung"],
                    ["GU 01", "Asternweg", 220, 3], ["GU 02", "Ehem. Hauptpost", 370, 1]],
    "Bewohner": [["Pers.-Nr.", "GU-Nr.", "Einzugsdatum", "Auszugsdatum", "Geburtsjahr"],
                 ["1001", "GU 01", D(2025, 1, 10), None, 1980], ["1002", "GU 01", D(2025, 1, 10), None, 2012],
                 ["1003", "GU 01", D(2026, 2, 1), None, 1995], ["1004", "GU 02", D(2024, 7, 7), None, 1960]],
}, (Expect("accommodations", 2, "Unterkünfte", values={"id": ["GU 01", "GU 02"], "capacity": [220, 370]}),
    Expect("residents", 4, "Bewohner", values={"person_id": ["1001", "1002", "1003", "1004"],
                                               "accommodation": ["GU 01", "GU 01", "GU 01", "GU 02"]})))

# 22 Sozialamt, .xls with a merged group heading "Aufenthalt" over "von" / "bis"
probe("bewohner_xls_aufenthalt_von_bis", "Sozialamt", "xls", "Aufenthalte_2026.xls", {"Aufenthalte": [
    ["Personen-ID", "Unterkunft", "Aufenthalt", None, "Jahrgang"],
    [None, None, "von", "bis", None],
    ["X1", "Colosseum", "01.03.2026", "", 1988],
    ["X2", "Colosseum", "01.03.2026", "15.09.2026", 1989],
    ["X3", "GU Asternweg", "20.06.2025", "", 2019],
]}, (Expect("residents", 3, "Aufenthalte", values={
    "person_id": ["X1", "X2", "X3"], "move_in": [D(2026, 3, 1), D(2026, 3, 1), D(2025, 6, 20)],
    "move_out": [None, D(2026, 9, 15), None], "birth_year": [1988, 1989, 2019]}),),
    merges={"Aufenthalte": [(0, 2, 3, "Aufenthalt")]})

# 23 A comma-separated export (a Fachverfahren's "CSV (Komma)"), quoted fields, ISO dates
probe("bewohner_csv_komma_iso", "Sozialamt", "csv-comma", "export_aufenthalte.csv", {"": [
    ["PersonID", "Unterkunft", "Zugang", "Abgang", "Status"],
    ["7001", "Hotel Zepp, Spittelstr.", "2025-11-03", "", "Asylverfahren"],
    ["7002", "GU Asternweg", "2024-02-29", "2026-07-31", "anerkannt"],
    ["7003", "Colosseum", "2026-01-15", "", "Duldung"],
]}, (Expect("residents", 3, values={
    "person_id": ["7001", "7002", "7003"], "accommodation": ["Hotel Zepp, Spittelstr.", "GU Asternweg", "Colosseum"],
    "move_in": [D(2025, 11, 3), D(2024, 2, 29), D(2026, 1, 15)], "move_out": [None, D(2026, 7, 31), None]}),))

# 24 Wohnungsaufsicht: units written in the cells, negated defect mentions, inspection month only
probe("wohnungen_einheiten_verneinung", "Wohnungsaufsicht", "xlsx", "Begehungen_2026.xlsx", {"Begehungen": [
    ["Objekt", "Anschrift", "Personen", "Wohnfläche", "Mängel (Freitext)", "Begehung"],
    ["B-7", "Pariser Str. 101", "4 Pers.", "58,5 m²", "kein Schimmel, Heizung defekt", "Sept. 2026"],
    ["B-8", "Pariser Str. 103", "6 Pers.", "1.020 m²", "Schimmel in Küche und Bad", "12.09.2026"],
    ["B-9", "Pariser Str. 105", "1 Pers.", "31 m²", "kein Warmwasser", "12.09.2026"],
]}, (Expect("housing", 3, "Begehungen", values={
    "object_id": ["B-7", "B-8", "B-9"], "residents": [4, 6, 1], "floor_area_m2": [58.5, 1020.0, 31.0],
    "damp_mould": [None, True, None], "hot_water": [None, None, False],
    "inspection_date": [D(2026, 9, 1), D(2026, 9, 12), D(2026, 9, 12)]},
    reports=frozenset({"derived_from_text", "approximate_value"})),))


# --- second batch, written after the first fixes, to see whether they generalise (held out) ---------------------
# 25 Sozialamt: client list of a case-management product – "Klient-ID", birth date, "Wohnheim", status as the
#    residence permit is written in the file ("AE § 25 Abs. 2")
probe("klientenliste_fachverfahren", "Sozialamt", "xlsx", "Klienten_Unterbringung.xlsx", {"Export": [
    ["Export vom 02.10.2026 – Unterbringung"],
    ["Klient-ID", "Haushalts-ID", "Geburtsdatum", "Nationalität", "Aufenthaltsstatus", "Wohnheim", "Zugangsdatum",
     "Abgangsdatum"],
    ["00123", "H-77", D(1987, 6, 1), "Syrien", "AE § 25 Abs. 2", "GU Asternweg", D(2024, 5, 6), None],
    ["00124", "H-77", D(2016, 2, 9), "Syrien", "AE § 25 Abs. 2", "GU Asternweg", D(2024, 5, 6), None],
    ["00131", "H-80", D(1975, 12, 24), "Ukraine", "§ 24", "Ehem. Hauptpost", D(2022, 4, 1), D(2026, 8, 31)],
]}, (Expect("residents", 3, "Export", values={
    "person_id": ["00123", "00124", "00131"], "household_id": ["H-77", "H-77", "H-80"],
    "birth_year": [1987, 2016, 1975], "move_in": [D(2024, 5, 6), D(2024, 5, 6), D(2022, 4, 1)],
    "move_out": [None, None, D(2026, 8, 31)],
    "residence_status": ["anerkannt (§ 25 Abs. 2 AufenthG)", "anerkannt (§ 25 Abs. 2 AufenthG)",
                         "§ 24 AufenthG (Ukraine)"]}, dropped=1),))

# 26 Wohnungsaufsicht, .ods: other negated wordings ("Heizung nicht vorhanden", "kein Bad in der Whg.", "WW fehlt")
probe("pruefliste_verneint_ods", "Wohnungsaufsicht", "ods", "Pruefliste_2026.ods", {"Prüfliste": [
    ["Objekt-Nr.", "Adresse", "Heizung nicht vorhanden", "kein Bad in der Whg.", "WW fehlt", "Feuchte"],
    ["P-1", "Kantstr. 1", "x", "", "x", "ja"],
    ["P-2", "Kantstr. 3", "", "x", "", "nein"],
    ["P-3", "Kantstr. 5", "", "", "", "nein"],
]}, (Expect("housing", 3, "Prüfliste", values={
    "heating": [False, True, True], "bath_wc": [True, False, True], "hot_water": [False, True, True],
    "damp_mould": [True, False, False]}),))

# 27 Jugendamt: one sheet per kind of day care ("Krippen", "Kindergärten"), a shortened header "Wartel."
probe("kitas_blatt_je_art", "Jugendamt", "xlsx", "Betreuungsplaetze.xlsx", {
    "Krippen": [["Name der Einrichtung", "Träger", "Betriebserlaubnis (Plätze)", "belegt", "Wartel."],
                ["Zwergenland", "AWO", 30, 30, 22], ["Kleine Strolche", "städtisch", 24, 20, 9]],
    "Kindergärten": [["Name der Einrichtung", "Träger", "Betriebserlaubnis (Plätze)", "belegt", "Wartel."],
                     ["Pusteblume", "Lebenshilfe", 75, 70, 4], ["St. Martin", "Kath. Kirchengemeinde", 45, 45, 12],
                     ["Am Volkspark", "städtisch", 100, 96, 0]],
}, (Expect("services", 2, "Krippen", values={"category": ["Kita"] * 2, "capacity": [30, 24], "enrolled": [30, 20],
                                             "waiting_list": [22, 9]}),
    Expect("services", 3, "Kindergärten", values={"category": ["Kita"] * 3, "capacity": [75, 45, 100],
                                                  "waiting_list": [4, 12, 0]})), not_datasets=("accommodations",))

# 28 Statistikstelle CSV: "Ortsteil" with "OB …", the city total at the bottom without a total word's usual place
probe("einwohner_ortsteile_csv", "Statistikstelle", "csv-cp1252", "Einwohner_Ortsteile_2026.csv", {"": [
    ["Ortsteil", "Einwohner", "Ausländer in v.H."],
    ["OB Siegelbach", "3.067", "6,2"],
    ["OB Erfenbach", "2.746", "5,0"],
    ["Betzenberg", "5.096", "19,5"],
    ["Stadtgebiet insgesamt", "10.909", ""],
]}, (Expect("districts", 3, values={"district_id": ["17", "18", "06"], "population": [3067, 2746, 5096],
                                   "foreign_share": [6.2, 5.0, 19.5]}, skipped_at_least=1),))

# 29 Schulverwaltungsamt: "Schulart" with codes and words, "Schülerzahl 2026/27", "Zügigkeit" (not places)
probe("schularten_codes", "Schulverwaltung", "xlsx", "Schulen_KL.xlsx", {"Tabelle1": [
    ["Schulverwaltungsamt Kaiserslautern"],
    ["Schule", "Schulart", "Schülerzahl 2026/27", "Zügigkeit"],
    ["Barbarossaschule", "GS", 260, 3],
    ["Heinrich-Heine-Gymnasium", "Gy", 1010, 5],
    ["Realschule plus Süd", "RS plus", 480, 3],
    ["Paul-Moor-Schule", "Förderschule", 120, 1],
]}, (Expect("services", 4, "Tabelle1", values={
    "category": ["Grundschule", "weiterführende Schule", "weiterführende Schule", "weiterführende Schule"],
    "enrolled": [260, 1010, 480, 120], "capacity": [None] * 4}, never=(("capacity", "Zügigkeit"),)),),
    not_datasets=("accommodations",))

# 30 Sozialamt: shortened type and status words, two-digit years
probe("unterkuenfte_kurzformen", "Sozialamt", "xlsx", "Objektliste.xlsx", {"Objekte": [
    ["Unterkunft", "Unterkunftsart", "Plätze", "Status", "Vertrag bis"],
    ["Asternweg", "Gemeinschaftsunterk.", 220, "in Betr.", "31.12.28"],
    ["Burgherrenhalle", "Notunterk.", 100, "Standby", "30.06.27"],
    ["Containeranlage Nord", "Container", 60, "geschl.", ""],
]}, (Expect("accommodations", 3, "Objekte", values={
    "type": ["Gemeinschaftsunterkunft", "Notunterkunft", "Modulbau"],
    "status": ["in Betrieb", "Reserve", "geschlossen"], "lease_end": [D(2028, 12, 31), D(2027, 6, 30), None]}),))

# 31 Sozialamt: "Aufenthaltszeitraum" over "Beginn" | "Ende", ids with leading zeros
probe("aufenthaltszeitraum", "Sozialamt", "xlsx", "Zeitraeume.xlsx", {"Bewohner": [
    ["Personen-Nr", "Unterkunft", "Aufenthaltszeitraum", None],
    [None, None, "Beginn", "Ende"],
    ["000451", "Colosseum", D(2025, 9, 1), None],
    ["000452", "Colosseum", D(2025, 9, 1), D(2026, 3, 31)],
]}, (Expect("residents", 2, "Bewohner", values={"person_id": ["000451", "000452"],
                                                "move_in": [D(2025, 9, 1), D(2025, 9, 1)],
                                                "move_out": [None, D(2026, 3, 31)]}),))

# 32 Wohnungsaufsicht: "ohne" in a count header is no negation of a yes/no; "Bad außerhalb der Wohnung" ja/nein
probe("ohne_in_anzahl", "Wohnungsaufsicht", "xlsx", "Gebaeude.xlsx", {"Gebäude": [
    ["Gebäude-Nr", "Anschrift", "Wohnungen", "Wohnungen ohne Mängel", "Bad außerhalb der Wohnung"],
    ["G-1", "Slevogtstr. 2", 8, 6, "nein"],
    ["G-2", "Slevogtstr. 4", 6, 0, "ja"],
]}, (Expect("housing", 2, "Gebäude", values={"object_id": ["G-1", "G-2"], "flats": [8, 6],
                                             "bath_wc": [True, False]}),))


# --- third batch, held out again after the second round of fixes ------------------------------------------------
# 33 Sozialamt: a ";" text file saved as .txt, heavily abbreviated headers, short dates
probe("bewohner_tab_abkuerzungen", "Sozialamt", "csv", "bew_export.txt", {"": [
    ["Pers-Nr", "Einr.", "Aufn.-Dat.", "Entl.-Dat.", "Geb.-J.", "Geschl."],
    ["4411", "Colosseum", "3.2.26", "", "1990", "m"],
    ["4412", "Colosseum", "3.2.26", "15.4.26", "1993", "w"],
    ["4415", "Hotel Zepp", "12.11.25", "", "2018", "m"],
]}, (Expect("residents", 3, values={
    "person_id": ["4411", "4412", "4415"], "accommodation": ["Colosseum", "Colosseum", "Hotel Zepp"],
    "move_in": [D(2026, 2, 3), D(2026, 2, 3), D(2025, 11, 12)], "move_out": [None, D(2026, 4, 15), None],
    "birth_year": [1990, 1993, 2018], "sex": ["m", "w", "m"]}),))

# 34 Wohnungsaufsicht, .xls: district numbers without zero, household size, children under 6
probe("wohnungen_xls_haushalt", "Wohnungsaufsicht", "xls", "Whg_Liste.xls", {"Liste": [
    ["Whg.-Nr.", "Str./Hnr.", "Stadtteil", "Personen im Haushalt", "davon Kinder unter 6", "Wohnfläche"],
    ["7-101", "Slevogtstr. 12", 9, 5, 2, 54.5],
    ["7-102", "Pariser Str. 99", "9", 3, 0, 61.0],
    ["7-103", "Kantstr. 7", 6, 4, 1, 70.0],
]}, (Expect("housing", 3, "Liste", values={
    "object_id": ["7-101", "7-102", "7-103"], "district_id": ["09", "09", "06"], "residents": [5, 3, 4],
    "children_under_6": [2, 0, 1], "floor_area_m2": [54.5, 61.0, 70.0]}),))

# 35 Integrationsbüro: kinds of offers as the providers name them
probe("angebote_arten", "Integrationsbüro", "xlsx", "Angebotsliste.xlsx", {"Liste": [
    ["Name", "Art", "Stadtteil"],
    ["Schuldnerberatung Diakonie", "Schuldnerberatung", "Innenstadt-Ost"],
    ["Stadtteilbüro Grübentälchen", "Stadtteilbüro", "Grübentälchen/Volkspark"],
    ["Jugendhaus West", "Jugendhaus", "Kaiserslautern-West"],
    ["Deutschkurs A1 (VHS)", "Deutschkurs", "Innenstadt-Ost"],
]}, (Expect("services", 4, "Liste", values={
    "category": ["Beratung", "Quartiersbüro", "Jugendtreff", "Sprachkurs"]}),),
    not_datasets=("accommodations",))

# 36 Statistikstelle: group "Einwohner" over "insgesamt" | "darunter Ausländer" | "Anteil in %"
probe("einwohner_gruppe_anteil", "Statistikstelle", "xlsx", "Stadtteile_2026.xlsx", {"Stadtteile": [
    ["Stadtteil-Nr.", "Bezeichnung", "Einwohner", None, None],
    [None, None, "insgesamt", "darunter Ausländer", "Anteil in %"],
    ["03", "Innenstadt West/Kotten", 11267, 3380, 30.0],
    ["07", "Lämmchesberg/Uniwohnstadt", 10559, 2112, 20.0],
    ["15", "Dansenberg", 2428, 97, 4.0],
]}, (Expect("districts", 3, "Stadtteile", values={
    "district_id": ["03", "07", "15"], "population": [11267, 10559, 2428], "foreign_share": [30.0, 20.0, 4.0]},
    never=(("population", "Einwohner / darunter Ausländer"),)),))

# 37 Sozialamt, .ods: a deleted record kept as a hidden row, a sum row that counts it
probe("unterkuenfte_ods_ausgeblendet", "Sozialamt", "ods", "GU_Belegung.ods", {"Belegung": [
    ["Unterkunft", "Plätze", "Belegung"],
    ["GU Asternweg", 220, 161],
    ["Zoar-Heim", 160, 151],
    ["Villa Jänisch (aufgegeben)", 18, 0],
    ["Colosseum", 69, 58],
    ["Summe", 467, 370],
]}, (Expect("accommodations", 3, "Belegung", values={"capacity": [220, 160, 69], "occupancy": [161, 151, 58]},
            reports=frozenset({"hidden_rows"}), skipped_at_least=2),), hidden={"Belegung": {3}})

# 38 Sozialamt: residence statuses in the office's short words, "Auszug möglich" ja/nein
probe("bewohner_statuskurzformen", "Sozialamt", "xlsx", "Status.xlsx", {"Bewohner": [
    ["Personen-Nr.", "Unterkunft", "Einzug", "Status", "Auszug möglich"],
    ["S1", "Colosseum", D(2025, 1, 1), "anerkannt (GFK)", "ja"],
    ["S2", "Colosseum", D(2025, 1, 1), "subs. Schutz", "ja"],
    ["S3", "Hotel Zepp", D(2025, 6, 1), "Asylbew.", "nein"],
    ["S4", "Hotel Zepp", D(2025, 6, 1), "Duldung § 60a", "nein"],
]}, (Expect("residents", 4, "Bewohner", values={
    "residence_status": ["anerkannt (§ 25 Abs. 2 AufenthG)", "subsidiärer Schutz", "Asylverfahren", "Duldung"],
    "may_move_out": [True, True, False, False]}),))


# --- fourth batch, held out after the third round -----------------------------------------------------------------
# 39 Jugendamt: "Plätze" over "Ü3" | "U3" – neither sub-column alone is the Kita's places
probe("kita_ue3_u3", "Jugendamt", "xlsx", "Kitas_Plaetze.xlsx", {"Kitas": [
    ["Kita", "Träger", "Plätze", None, "Kinder"],
    [None, None, "Ü3", "U3", None],
    ["Kita Sonnenschein", "Stadt Kaiserslautern", 55, 20, 74],
    ["Kita Regenbogen", "AWO", 35, 10, 45],
]}, (Expect("services", 2, "Kitas", values={"places_under_3": [20, 10], "enrolled": [74, 45]},
            never=(("capacity", "Plätze / Ü3"), ("capacity", "Ü3"))),), not_datasets=("accommodations",))

# 40 Sozialamt: the current list and an old one on a hidden sheet
probe("bewohner_verstecktes_blatt", "Sozialamt", "xlsx", "Bewohner_2026.xlsx", {
    "aktuell": [["Personen-Nr.", "Unterkunft", "Einzug"], ["A1", "Colosseum", D(2026, 1, 5)],
                ["A2", "Hotel Zepp", D(2026, 2, 9)]],
    "alt": [["Personen-Nr.", "Unterkunft", "Einzug"], ["Z9", "Colosseum", D(2019, 1, 5)]],
}, (Expect("residents", 2, "aktuell", values={"person_id": ["A1", "A2"]}),
    Expect("residents", 1, "alt", reports=frozenset({"hidden_sheet"}))), hidden_sheets=("alt",))

# 41 Wohnungsaufsicht: defects as free text only
probe("maengel_freitext", "Wohnungsaufsicht", "xlsx", "Maengel_Freitext.xlsx", {"Liste": [
    ["Objekt-Nr.", "Adresse", "Mängel"],
    ["F-1", "Pariser Str. 12", "Schimmelbildung im Bad"],
    ["F-2", "Pariser Str. 14", "WW-Boiler defekt"],
    ["F-3", "Pariser Str. 16", "keine Mängel"],
]}, (Expect("housing", 3, "Liste", values={"damp_mould": [True, None, None], "hot_water": [None, False, None]},
            reports=frozenset({"derived_from_text"})),))

# 42 Statistikstelle, Unicode text: "01 - Innenstadt-Ost", population headed with its date
probe("einwohner_unicode_nummer_strich", "Statistikstelle", "utf16", "ew_2025.txt", {"": [
    ["Stadtteil", "Einwohner am 31.12.2025"],
    ["01 - Innenstadt-Ost", "11442"],
    ["05 - Grübentälchen/Volkspark", "9993"],
    ["16 - Hohenecken", "3562"],
]}, (Expect("districts", 3, values={"district_id": ["01", "05", "16"], "population": [11442, 9993, 3562]}),))

# 43 Sozialamt: coordinates as text with decimal commas under "geogr. Breite" / "geogr. Länge"
probe("unterkuenfte_koordinaten", "Sozialamt", "xlsx", "GU_Standorte.xlsx", {"Standorte": [
    ["Unterkunft", "Plätze", "geogr. Breite", "geogr. Länge"],
    ["GU Asternweg", 220, "49,4472", "7,7431"],
    ["Ehem. Hauptpost", 370, "49,4438", "7,7712"],
]}, (Expect("accommodations", 2, "Standorte", values={"lat": [49.4472, 49.4438], "lon": [7.7431, 7.7712]}),))


# --- fifth batch, held out ---------------------------------------------------------------------------------------
# 44 Sozialamt, .xls: Stand only in the footer, "Soll-Belegung" beside "Ist-Belegung" (Soll is not the occupancy)
probe("unterkuenfte_soll_ist", "Sozialamt", "xls", "GU_Soll_Ist.xls", {"GU": [
    ["Unterkunft", "Kapazität lt. Vertrag", "Soll-Belegung", "Ist-Belegung"],
    ["GU Asternweg", 220, 200, 161],
    ["Zoar-Heim", 160, 150, 151],
    ["Stand: 30.09.2026"],
]}, (Expect("accommodations", 2, "GU", values={"capacity": [220, 160], "occupancy": [161, 151]},
            never=(("occupancy", "Soll-Belegung"),)),))

# 45 Sozialamt: birth date as text next to the age – the age is no birth year
probe("bewohner_alter", "Sozialamt", "xlsx", "Bewohner_Alter.xlsx", {"Liste": [
    ["Pers.-Nr.", "Unterkunft", "Einzug", "Geburtsdatum", "Alter"],
    ["B-1", "Colosseum", D(2025, 3, 3), "12.03.1988", 38],
    ["B-2", "Colosseum", D(2025, 3, 3), "01.07.2019", 7],
]}, (Expect("residents", 2, "Liste", values={"birth_year": [1988, 2019]}, never=(("birth_year", "Alter"),),
            dropped=1),))

# 46 Schulverwaltung: approximate and unknown counts
probe("schulen_ungefaehr", "Schulverwaltung", "xlsx", "Schulen_Schaetzung.xlsx", {"Schulen": [
    ["Schule", "Schüler"],
    ["Grundschule Morlautern", "ca. 120"],
    ["Grundschule Erlenbach", "k.A."],
    ["Grundschule Dansenberg", "95"],
]}, (Expect("services", 3, "Schulen", values={"category": ["Grundschule"] * 3, "enrolled": [120, None, 95]},
            reports=frozenset({"approximate_value", "unknown_value"})),))

# 47 Statistikstelle: names with spaces around the slash, numbers as text with a trailing footnote mark
probe("einwohner_schreibweisen", "Statistikstelle", "xlsx", "EW_Schreibweisen.xlsx", {"EW": [
    ["Stadtteil", "Einwohner"],
    ["Innenstadt-West / Kotten", "11.267"],
    ["Bännjerrück / Karl-Pfaff-Siedlung", "5.050"],
    ["Erzhütten / Wiesenthalerhof", "2.558"],
]}, (Expect("districts", 3, "EW", values={"district_id": ["03", "08", "10"], "population": [11267, 5050, 2558]}),))

# 48 Wohnungsaufsicht: procedure states as written in the file
probe("verfahrensstand_woerter", "Wohnungsaufsicht", "csv", "Verfahren.csv", {"": [
    ["Objekt-Nr.", "Verfahrensstand"],
    ["V-1", "Anhörung läuft"],
    ["V-2", "abgeschlossen"],
    ["V-3", "neu gemeldet"],
]}, (Expect("housing", 3, values={"status": ["in Bearbeitung", "behoben", "offen"]}),))


# --- sixth batch, held out ---------------------------------------------------------------------------------------
# 49 Jugendamt: Kita list with "Kapazität gesamt" and "davon Krippe" and "belegte Plätze gesamt"
probe("kita_krippe_davon", "Jugendamt", "xlsx", "Kita_Kapazitaet.xlsx", {"Kita": [
    ["Einrichtung", "Kapazität gesamt", "davon Krippe", "belegte Plätze gesamt"],
    ["Kita Sonnenschein", 75, 20, 74],
    ["Kita Kotten", 60, 10, 58],
]}, (Expect("services", 2, "Kita", values={"capacity": [75, 60], "places_under_3": [20, 10], "enrolled": [74, 58]},
            never=(("capacity", "davon Krippe"),)),), not_datasets=("accommodations",))

# 50 Sozialamt: residents where the accommodation is given by its number "GU-01" and the sex as "männl./weibl."
probe("bewohner_geschlecht_kurz", "Sozialamt", "csv-cp1252", "bew.csv", {"": [
    ["Personennummer", "GU-Nr.", "Einzug am", "Geschlecht"],
    ["9001", "GU-01", "01.04.2026", "männl."],
    ["9002", "GU-01", "01.04.2026", "weibl."],
    ["9003", "GU-02", "15.05.2026", "divers"],
]}, (Expect("residents", 3, values={"accommodation": ["GU-01", "GU-01", "GU-02"], "sex": ["m", "w", "d"]}),))

# 51 Wohnungsaufsicht: "Heizung" holding "Ofenheizung (Kohle)", "Nachtspeicher", "ohne"
probe("heizungsarten_klammern", "Wohnungsaufsicht", "xlsx", "Heizung.xlsx", {"Heizung": [
    ["Objekt-Nr.", "Heizung"],
    ["H-1", "Ofenheizung (Kohle)"],
    ["H-2", "Nachtspeicher"],
    ["H-3", "ohne"],
    ["H-4", "Gaszentralheizung"],
]}, (Expect("housing", 4, "Heizung", values={"heating": [True, True, False, True]}),))

# 52 Statistikstelle: "Bezirk" numbers with a dot ("1.", "2.") as written in printed tables
probe("bezirke_mit_punkt", "Statistikstelle", "xlsx", "Bezirke.xlsx", {"Bezirke": [
    ["Stat. Bezirk", "Einwohner"],
    ["1.", 11442],
    ["2.", 8769],
    ["11.", 1315],
]}, (Expect("districts", 3, "Bezirke", values={"district_id": ["01", "02", "11"], "population": [11442, 8769, 1315]}),))

# 53 Sozialamt: costs per place written "1.234,50 EUR" and "mtl. 380 €", plus "VZÄ Sozialarb."
probe("kosten_schreibweisen", "Sozialamt", "xlsx", "Kosten.xlsx", {"Kosten": [
    ["Unterkunft", "Plätze", "Kosten je Platz/Monat", "VZÄ Sozialarb."],
    ["Hotel Zepp", 50, "1.234,50 EUR", "0,5"],
    ["GU Asternweg", 220, "199 €", "2,5"],
]}, (Expect("accommodations", 2, "Kosten", values={"monthly_cost_per_place": [1234.5, 199.0],
                                                   "social_workers": [0.5, 2.5]}),))

# --- seventh batch, held out (issue #14) ---------------------------------------------------------------------------
# 54 Sozialamt, .xls: a printed report saved as Excel – merged report header, "Seite 1 von 2" and the page header
#    with the column headers repeated mid-list, a total line, a "created by" footer
probe("bericht_seitenumbruch_xls", "Sozialamt", "xls", "Bericht_Belegung_GU.xls", {"Bericht": [
    ["Stadtverwaltung Kaiserslautern – Referat Soziales", None, None, None, None, None, None],
    ["Bericht: Belegung der Gemeinschaftsunterkünfte", None, None, None, None, None, None],
    ["Berichtszeitraum: 01.09.2026 – 30.09.2026"],
    [],
    ["Nr.", "Unterkunft", "Straße", "Träger", "Plätze", "belegt", "Auslastung %"],
    ["1", "GU Asternweg", "Asternweg 2-8", "DRK", 220, 161, 73.2],
    ["2", "Ehem. Hauptpost", "Pariser Str. 23", "ASB", 370, 244, 65.9],
    ["3", "Colosseum", "Mühlstr. 10", "Caritas", 69, 58, 84.1],
    [],
    [None, None, None, None, None, None, "Seite 1 von 2"],
    ["Stadtverwaltung Kaiserslautern – Referat Soziales", None, None, None, None, None, None],
    ["Nr.", "Unterkunft", "Straße", "Träger", "Plätze", "belegt", "Auslastung %"],
    ["4", "Hotel Zepp", "Spittelstr. 3", "ASZ", 50, 47, 94.0],
    ["5", "Vogelwoogstraße (Halle)", "Vogelwoogstr. 30", "DRK", 102, 0, 0.0],
    ["Gesamt", None, None, None, 811, 510, 62.9],
    [],
    ["Erstellt am 01.10.2026 08:14", None, None, None, None, None, "Seite 2 von 2"],
]}, (Expect("accommodations", 5, "Bericht", values={
    "name": ["GU Asternweg", "Ehem. Hauptpost", "Colosseum", "Hotel Zepp", "Vogelwoogstraße (Halle)"],
    "capacity": [220, 370, 69, 50, 102], "occupancy": [161, 244, 58, 47, 0],
    "operator": ["DRK", "ASB", "Caritas", "ASZ", "DRK"]}, skipped_at_least=1),),
    merges={"Bericht": [(0, 0, 6, "Stadtverwaltung Kaiserslautern – Referat Soziales"),
                        (1, 0, 6, "Bericht: Belegung der Gemeinschaftsunterkünfte"),
                        (10, 0, 6, "Stadtverwaltung Kaiserslautern – Referat Soziales")]})

# 55 Sozialamt: residents listed per accommodation – a group title row "Unterkunft: …" before each group instead of
#    a column, a count line after each group
probe("bewohner_gruppentitel", "Sozialamt", "xlsx", "Bewohner_nach_Unterkunft.xlsx", {"Bewohner": [
    ["Bewohnerliste nach Unterkunft"],
    ["Stand: 01.10.2026"],
    [],
    ["Pers.-Nr.", "Geschlecht", "Geburtsjahr", "Staatsangehörigkeit", "Einzug"],
    ["Unterkunft: GU Asternweg", None, None, None, None],
    ["P-2001", "m", 1990, "syrisch", "03.02.2025"],
    ["P-2002", "w", 1993, "syrisch", "03.02.2025"],
    ["Anzahl Personen: 2"],
    ["Unterkunft: Colosseum", None, None, None, None],
    ["P-2010", "m", 2001, "afghanisch", "17.08.2024"],
    ["Anzahl Personen: 1"],
    ["Unterkunft: Hotel Zepp", None, None, None, None],
    ["P-2020", "w", 1996, "eritreisch", "02.12.2023"],
    ["P-2021", "d", 2004, "somalisch", "15.01.2026"],
    ["Anzahl Personen: 2"],
]}, (Expect("residents", 5, "Bewohner", values={
    "person_id": ["P-2001", "P-2002", "P-2010", "P-2020", "P-2021"],
    "accommodation": ["GU Asternweg", "GU Asternweg", "Colosseum", "Hotel Zepp", "Hotel Zepp"],
    "move_in": [D(2025, 2, 3), D(2025, 2, 3), D(2024, 8, 17), D(2023, 12, 2), D(2026, 1, 15)],
    "birth_year": [1990, 1993, 2001, 1996, 2004]}),))

# 56 Jugendamt: column headers with line breaks and footnote marks ("Plätze¹", "davon\nU3²", "belegt\n(Kinder)³"),
#    the footnotes under the table, the kind of service only in the sheet name
probe("kitas_umbrueche_fussnoten", "Jugendamt", "xlsx", "Kitaplaetze.xlsx", {"Kitas 2026": [
    ["Kindertagesstätten in Kaiserslautern"],
    ["Stand 01.03.2026"],
    [],
    ["Nr.", "Name der\nEinrichtung", "Träger", "Stadtteil", "Plätze¹", "davon\nU3²", "belegt\n(Kinder)³"],
    ["K-01", "Städt. Kita Kotten", "Stadt", "Innenstadt West/Kotten", 60, 10, 58],
    ["K-02", "Kita Arche Noah", "Ev. Kirchengemeinde", "Betzenberg", 100, 20, 97],
    ["K-03", "Kita St. Martin", "Kath. Kirchengemeinde", "Kaiserslautern-West", 75, 15, 75],
    ["K-04", "Kita Sonnenschein", "AWO", "Erlenbach", 45, 12, 40],
    [],
    ["¹ laut Betriebserlaubnis"],
    ["² Plätze für Kinder unter 3 Jahren"],
    ["³ Stichtag 01.03.2026"],
]}, (Expect("services", 4, "Kitas 2026", values={
    "name": ["Städt. Kita Kotten", "Kita Arche Noah", "Kita St. Martin", "Kita Sonnenschein"],
    "category": ["Kita"] * 4, "capacity": [60, 100, 75, 45], "places_under_3": [10, 20, 15, 12],
    "enrolled": [58, 97, 75, 40]}, never=(("capacity", "davon\nU3²"),), stichtag=D(2026, 3, 1)),),
    not_datasets=("accommodations",))

# 57 Statistikstelle: numbers copied from the published table – thousands separated by a non-breaking, a narrow
#    or a thin space; a failed lookup left "#NV" in the share column (German Excel, saved as CSV)
probe("einwohner_schmale_leerzeichen", "Statistikstelle", "csv-bom", "Einwohner_Stadtteile.csv", {"": [
    ["Stadtteil-Nr.", "Stadtteil", "Einwohner", "Ausländeranteil in %"],
    ["01", "Innenstadt-Ost", "11\u00a0442", "24,1"],
    ["02", "Innenstadt-Südwest", "8\u202f769", "#NV"],
    ["07", "Lämmchesberg/Uniwohnstadt", "10\u2009559", "18,3"],
    ["09", "Kaiserslautern-West", "8 565", "22,0"],
    ["13", "Erlenbach", "2\u00a0214", "3,1"],
]}, (Expect("districts", 5, values={
    "district_id": ["01", "02", "07", "09", "13"], "population": [11442, 8769, 10559, 8565, 2214],
    "foreign_share": [24.1, None, 18.3, 22.0, 3.1]}),))

# 58 Sozialamt: a case-management export that prints dates with the weekday ("Mo, 17.08.2026", "Donnerstag,
#    01.10.2026"), some with two-digit years
probe("bewohner_wochentage", "Sozialamt", "csv", "Aufenthalte.csv", {"": [
    ["Personen-ID", "Unterkunft", "Aufnahme", "Entlassung", "Geburtsjahr"],
    ["A-301", "GU Asternweg", "Mo, 17.08.2026", "", 1987],
    ["A-302", "Ehem. Hauptpost", "Di, 30.12.25", "Di, 30.06.2026", 1979],
    ["A-303", "Colosseum", "Mi. 02.09.2026", "", 2001],
    ["A-304", "Hotel Zepp", "Montag, 06.07.2026", "Donnerstag, 01.10.2026", 1994],
    ["A-305", "GU Asternweg", "Mo, 14.09.26", "", 1988],
]}, (Expect("residents", 5, values={
    "move_in": [D(2026, 8, 17), D(2025, 12, 30), D(2026, 9, 2), D(2026, 7, 6), D(2026, 9, 14)],
    "move_out": [None, D(2026, 6, 30), None, D(2026, 10, 1), None],
    "accommodation": ["GU Asternweg", "Ehem. Hauptpost", "Colosseum", "Hotel Zepp", "GU Asternweg"]}),))

# 59 Wohnungsaufsicht: yes/no written "J"/"N", a tick "✓" or nothing, "vorhanden"/"fehlt"
probe("wohnungen_j_n_haken", "Wohnungsaufsicht", "xlsx", "Begehungen_Nordwest.xlsx", {"Begehungen": [
    ["Objekt-Nr.", "Anschrift", "Warmwasser (J/N)", "Heizung", "Bad/WC", "Schimmel"],
    ["W-101", "Slevogtstr. 12", "J", "✓", "vorhanden", "N"],
    ["W-102", "Slevogtstr. 14", "N", "✓", "fehlt", "J"],
    ["W-103", "Feuerbachstr. 3", "N", "", "fehlt", "J"],
    ["W-104", "Feuerbachstr. 5", "J", "✓", "vorhanden", "N"],
]}, (Expect("housing", 4, "Begehungen", values={
    "hot_water": [True, False, False, True], "heating": [True, True, False, True],
    "bath_wc": [True, False, False, True], "damp_mould": [False, True, True, False]}),))

# 60 Sozialamt: occupancy looked up with a formula – "#N/A" and "#VALUE!" where the lookup failed
probe("belegung_excel_fehlerwerte", "Sozialamt", "xlsx", "Belegung_SVERWEIS.xlsx", {"Belegung": [
    ["Unterkunft", "Plätze", "Belegung", "Auslastung"],
    ["GU Asternweg", 220, 161, 0.732],
    ["Colosseum", 69, XlErr("#N/A"), XlErr("#N/A")],
    ["Hotel Zepp", 50, 47, 0.94],
    ["Villa Jänisch", 18, XlErr("#VALUE!"), XlErr("#VALUE!")],
]}, (Expect("accommodations", 4, "Belegung", values={
    "name": ["GU Asternweg", "Colosseum", "Hotel Zepp", "Villa Jänisch"], "capacity": [220, 69, 50, 18],
    "occupancy": [161, None, 47, None]}, reports=frozenset({"excel_error"})),))

# 61 Sozialamt: beside the list a sheet with the occupancy per month (one column per month) – no dataset
probe("belegung_monatsverlauf_breit", "Sozialamt", "xlsx", "Belegung_2026.xlsx", {
    "Unterkünfte": [
        ["Unterkunft", "Plätze", "Belegung"],
        ["GU Asternweg", 220, 161],
        ["Ehem. Hauptpost", 370, 244],
        ["Colosseum", 69, 58],
    ],
    "Verlauf 2026": [
        ["Belegung je Monat 2026 (Personen am Monatsende)"],
        ["Unterkunft", "Jan 26", "Feb 26", "Mrz 26", "Apr 26", "Mai 26", "Jun 26", "Jul 26", "Aug 26", "Sep 26"],
        ["GU Asternweg", 170, 168, 171, 165, 160, 158, 162, 163, 161],
        ["Ehem. Hauptpost", 260, 255, 251, 250, 248, 246, 245, 244, 244],
        ["Colosseum", 60, 61, 59, 58, 58, 57, 58, 58, 58],
    ]}, (Expect("accommodations", 3, "Unterkünfte", values={"capacity": [220, 370, 69],
                                                          "occupancy": [161, 244, 58]}),),
    refused_sheets=("Verlauf 2026",))

# 62 Integrationsbüro: allocations per month and district (one column per district) – no dataset at all
probe("zuweisungen_monat_stadtteil", "Integrationsbüro", "xlsx", "Zuweisungen_2026.xlsx", {"Zuweisungen": [
    ["Zuweisungen nach Monat und Stadtteil 2026"],
    ["Monat", "Innenstadt-Ost", "Innenstadt-Südwest", "Kaiserslautern-West", "Betzenberg", "Erlenbach", "Summe"],
    ["Januar", 12, 4, 18, 3, 0, 37],
    ["Februar", 9, 6, 21, 2, 1, 39],
    ["März", 15, 3, 17, 5, 0, 40],
    ["April", 8, 5, 14, 4, 2, 33],
    ["Mai", 11, 2, 19, 1, 0, 33],
    ["Juni", 7, 4, 16, 3, 1, 31],
]}, (), refused=True, not_datasets=("districts", "residents", "accommodations", "housing", "services"))

# 63 Sozialamt: a small summary per operator right of the list, one empty column between
probe("unterkuenfte_nebentabelle", "Sozialamt", "xlsx", "GU_Uebersicht.xlsx", {"Übersicht": [
    ["Unterkunft", "Träger", "Plätze", "Belegung", None, "Träger", "Anzahl Unterkünfte", "Plätze gesamt"],
    ["GU Asternweg", "DRK", 220, 161, None, "DRK", 2, 322],
    ["Ehem. Hauptpost", "ASB", 370, 244, None, "ASB", 1, 370],
    ["Colosseum", "Caritas", 69, 58, None, "Caritas", 1, 69],
    ["Vogelwoogstraße (Halle)", "DRK", 102, 0, None, "ASZ", 1, 50],
    ["Hotel Zepp", "ASZ", 50, 47, None, "Summe", 5, 811],
]}, (Expect("accommodations", 5, "Übersicht", values={
    "name": ["GU Asternweg", "Ehem. Hauptpost", "Colosseum", "Vogelwoogstraße (Halle)", "Hotel Zepp"],
    "operator": ["DRK", "ASB", "Caritas", "DRK", "ASZ"], "capacity": [220, 370, 69, 102, 50],
    "occupancy": [161, 244, 58, 0, 47]}, never=(("capacity", "Plätze gesamt"),)),))

# 64 Integrationsbüro: the accommodations and, under them on the same sheet, the Kitas nearby – a second table
probe("unterkuenfte_darunter_kitas", "Integrationsbüro", "xlsx", "Unterkuenfte_und_Kitas.xlsx", {"Tabelle1": [
    ["Gemeinschaftsunterkünfte"],
    ["Unterkunft", "Stadtteil", "Plätze", "belegt"],
    ["GU Asternweg", "Kaiserslautern-West", 220, 161],
    ["Colosseum", "Innenstadt West/Kotten", 69, 58],
    ["Hotel Zepp", "Innenstadt-Südwest", 50, 47],
    [],
    [],
    ["Kitas im Umfeld der Unterkünfte"],
    ["Einrichtung", "Stadtteil", "Plätze", "belegt"],
    ["Kita St. Martin", "Kaiserslautern-West", 75, 75],
    ["Städt. Kita Kotten", "Innenstadt West/Kotten", 60, 58],
    ["Kita Sonnenschein", "Innenstadt-Südwest", 45, 40],
]}, (Expect("accommodations", 3, "Tabelle1", values={
    "name": ["GU Asternweg", "Colosseum", "Hotel Zepp"], "capacity": [220, 69, 50]}),))

# 65 Sozialamt: residents with surname, first name, phone and full birth date – names and phone never stored
probe("bewohner_kontaktdaten", "Sozialamt", "xlsx", "Bewohner_Kontakt.xlsx", {"Bewohner": [
    ["Pers.-Nr.", "Familienname", "Vorname", "Geburtsdatum", "Telefon", "Unterkunft", "Einzug"],
    ["P-501", "Haddad", "Rami", D(1988, 3, 12), "0176 2345678", "GU Asternweg", D(2025, 2, 1)],
    ["P-502", "Kovalenko", "Olena", D(1979, 11, 23), "+49 1523 998877", "Ehem. Hauptpost", D(2022, 3, 14)],
    ["P-503", "Ahmadi", "Farid", D(2001, 1, 1), "", "Colosseum", D(2024, 8, 17)],
    ["P-504", "Tesfaye", "Hiwet", D(1996, 4, 30), "0631 3654-0", "Hotel Zepp", D(2023, 12, 2)],
]}, (Expect("residents", 4, "Bewohner", values={
    "person_id": ["P-501", "P-502", "P-503", "P-504"], "birth_year": [1988, 1979, 2001, 1996],
    "accommodation": ["GU Asternweg", "Ehem. Hauptpost", "Colosseum", "Hotel Zepp"]}, dropped=3),))

# 66 Sozialamt: a Fachverfahren's text export – tab-separated, text in quotes with ";" inside, ISO dates, the Stand
#    only in the file name as an ISO date
probe("bewohner_tab_anfuehrung", "Sozialamt", "tsv-quoted", "Export_Bewohner_2026-09-30.csv", {"": [
    ["Pers.Nr", "Unterkunft", "Zugang", "Abgang", "Bemerkung"],
    ["70011", "GU Asternweg", "2026-03-01", "", "Zimmer 2; Etage 1"],
    ["70012", "Ehem. Hauptpost", "2025-11-15", "2026-08-31", "Auszug in eigene Wohnung; Kaution beantragt"],
    ["70013", "Colosseum", "2026-06-20", "", "Familie; 3 Kinder"],
    ["70014", "Hotel Zepp", "2026-09-02", "", ""],
]}, (Expect("residents", 4, values={
    "person_id": ["70011", "70012", "70013", "70014"],
    "accommodation": ["GU Asternweg", "Ehem. Hauptpost", "Colosseum", "Hotel Zepp"],
    "move_in": [D(2026, 3, 1), D(2025, 11, 15), D(2026, 6, 20), D(2026, 9, 2)],
    "move_out": [None, D(2026, 8, 31), None, None]}, stichtag=D(2026, 9, 30)),))

# 67 Sozialamt, .ods: last year's places and a lookup key kept in hidden helper columns
probe("unterkuenfte_ods_hilfsspalte", "Sozialamt", "ods", "Unterkuenfte.ods", {"Unterkünfte": [
    ["Nr.", "Unterkunft", "Plätze 2025", "Plätze", "belegt", "Schlüssel"],
    ["1", "GU Asternweg", 228, 220, 161, "GU01|220"],
    ["2", "Ehem. Hauptpost", 370, 370, 244, "GU02|370"],
    ["3", "Colosseum", 69, 69, 58, "GU03|69"],
    ["4", "Burgherrenhalle", 100, 0, 0, "GU04|0"],
]}, (Expect("accommodations", 4, "Unterkünfte", values={
    "name": ["GU Asternweg", "Ehem. Hauptpost", "Colosseum", "Burgherrenhalle"], "capacity": [220, 370, 69, 0],
    "occupancy": [161, 244, 58, 0]}, never=(("capacity", "Plätze 2025"),)),),
    hidden_cols={"Unterkünfte": {2, 5}})

# 68 Sozialamt: the Stand only in the sheet name, written short ("Stand 30.9.26")
probe("belegung_stand_im_blattnamen", "Sozialamt", "xlsx", "Belegung.xlsx", {"Stand 30.9.26": [
    ["Unterkunft", "Plätze", "belegt"],
    ["GU Asternweg", 220, 161],
    ["Colosseum", 69, 58],
]}, (Expect("accommodations", 2, "Stand 30.9.26", values={"capacity": [220, 69], "occupancy": [161, 58]},
            stichtag=D(2026, 9, 30)),))


# --- eighth batch, held out (issue #14) ----------------------------------------------------------------------------
# 69 Sozialamt: the export pasted under the template's own header – the header row a second time as first data row
probe("kopfzeile_doppelt", "Sozialamt", "xlsx", "Zugaenge_September.xlsx", {"Zugänge": [
    ["Zugänge September 2026"],
    ["Pers.-Nr.", "Unterkunft", "Einzug", "Auszug", "Geburtsjahr", "Geschlecht"],
    ["Pers.-Nr.", "Unterkunft", "Einzug", "Auszug", "Geburtsjahr", "Geschlecht"],
    ["P-8101", "GU Asternweg", "02.09.2026", None, 1991, "m"],
    ["P-8102", "GU Asternweg", "02.09.2026", None, 2016, "w"],
    ["P-8103", "Colosseum", "11.09.2026", "28.09.2026", 1987, "m"],
    ["P-8104", "Hotel Zepp", "23.09.2026", None, 2003, "w"],
]}, (Expect("residents", 4, "Zugänge", values={
    "person_id": ["P-8101", "P-8102", "P-8103", "P-8104"],
    "move_in": [D(2026, 9, 2), D(2026, 9, 2), D(2026, 9, 11), D(2026, 9, 23)],
    "move_out": [None, None, D(2026, 9, 28), None], "birth_year": [1991, 2016, 1987, 2003]},
    skipped_at_least=1),))

# 70 Wohnungsaufsicht: the district written once in a cell merged down over the flats of that district
probe("stadtteil_verbundene_zellen", "Wohnungsaufsicht", "xlsx", "Wohnungen_nach_Stadtteil.xlsx", {"Wohnungen": [
    ["Stadtteil", "Objekt-Nr.", "Anschrift", "Wohnungen", "Bewohner", "Warmwasser"],
    ["Kaiserslautern-West", "W-201", "Slevogtstr. 12", 6, 17, "nein"],
    [None, "W-202", "Slevogtstr. 14", 6, 15, "ja"],
    [None, "W-203", "Feuerbachstr. 3", 8, 21, "nein"],
    ["Innenstadt-Ost", "W-301", "Pariser Str. 40", 4, 9, "ja"],
    [None, "W-302", "Pariser Str. 42", 4, 11, "ja"],
]}, (Expect("housing", 5, "Wohnungen", values={
    "object_id": ["W-201", "W-202", "W-203", "W-301", "W-302"],
    "district": ["Kaiserslautern-West"] * 3 + ["Innenstadt-Ost"] * 2, "flats": [6, 6, 8, 4, 4],
    "hot_water": [False, True, False, True, True]}, reports=frozenset({"merged_cells"})),),
    xlsx_merges={"Wohnungen": [(1, 0, 3, 0), (4, 0, 5, 0)]})

# 71 Sozialamt: one row per household ("Personen", "davon Kinder") – no list of persons: a resident row per household
#    would undercount every family; it must not be read as residents (or anything else) without a word
probe("haushalte_statt_personen", "Sozialamt", "xlsx", "Haushalte_GU.xlsx", {"Haushalte": [
    ["Haushaltsliste Gemeinschaftsunterkünfte – Stand 01.10.2026"],
    ["HH-Nr.", "Haushaltsvorstand", "Unterkunft", "Einzug", "Personen", "davon Kinder", "Herkunftsland"],
    ["H-0412", "Haddad, Rami", "GU Asternweg", "01.02.2025", 4, 2, "Syrien"],
    ["H-0413", "Kovalenko, Olena", "Ehem. Hauptpost", "14.03.2022", 3, 2, "Ukraine"],
    ["H-0420", "Ahmadi, Farid", "Colosseum", "17.08.2024", 1, 0, "Afghanistan"],
    ["H-0431", "Tesfaye, Hiwet", "Hotel Zepp", "02.12.2023", 2, 1, "Eritrea"],
    ["Summe", None, None, None, 10, 5, None],
]}, (), refused=True, not_datasets=("residents", "accommodations", "housing", "services", "districts"))

# 72 Sozialamt: a Fachverfahren export with technical column names, dates as JJJJMMTT numbers, sex as M/W
probe("fachverfahren_technische_koepfe", "Sozialamt", "csv-cp1252", "EXPORT_UNTERBRINGUNG.csv", {"": [
    ["PERS_ID", "HH_ID", "UNTERKUNFT_BEZ", "DAT_EINZUG", "DAT_AUSZUG", "GEB_JAHR", "GESCHL", "Staatsangehörigkeit",
     "Aufenthaltsstatus"],
    ["100231", "4411", "GU Asternweg", "20250201", "", "1988", "M", "syrisch", "Duldung"],
    ["100232", "4411", "GU Asternweg", "20250201", "", "1991", "W", "syrisch", "Duldung"],
    ["100240", "3902", "Ehem. Hauptpost", "20220314", "20260630", "1979", "W", "ukrainisch", "§ 24 AufenthG"],
    ["100251", "4620", "Colosseum", "20240817", "", "2001", "M", "afghanisch", "Duldung"],
]}, (Expect("residents", 4, values={
    "person_id": ["100231", "100232", "100240", "100251"], "household_id": ["4411", "4411", "3902", "4620"],
    "accommodation": ["GU Asternweg", "GU Asternweg", "Ehem. Hauptpost", "Colosseum"],
    "move_in": [D(2025, 2, 1), D(2025, 2, 1), D(2022, 3, 14), D(2024, 8, 17)],
    "move_out": [None, None, D(2026, 6, 30), None], "birth_year": [1988, 1991, 1979, 2001],
    "sex": ["m", "w", "w", "m"]}),))

# 73 Sozialamt: a running number first, the real object ID in the last column, columns in an unusual order
probe("lfd_nr_und_id_am_ende", "Sozialamt", "xlsx", "Objektliste_Unterbringung.xlsx", {"Objekte": [
    ["lfd. Nr.", "Plätze", "belegt", "Träger", "Bezeichnung", "Anschrift", "Objekt-ID"],
    [1, 220, 161, "DRK", "GU Asternweg", "Asternweg 2-8", "U-0003"],
    [2, 370, 244, "ASB", "Ehem. Hauptpost", "Pariser Str. 23", "U-0011"],
    [3, 69, 58, "Caritas", "Colosseum", "Mühlstr. 10", "U-0007"],
    [4, 18, 12, "ASZ", "Villa Jänisch", "Trippstadter Str. 12", "U-0015"],
]}, (Expect("accommodations", 4, "Objekte", values={
    "id": ["U-0003", "U-0011", "U-0007", "U-0015"],
    "name": ["GU Asternweg", "Ehem. Hauptpost", "Colosseum", "Villa Jänisch"], "capacity": [220, 370, 69, 18],
    "occupancy": [161, 244, 58, 12], "operator": ["DRK", "ASB", "Caritas", "ASZ"]},
    never=(("id", "lfd. Nr."),)),))

# 74 Sozialamt: the regular places with the emergency beds in brackets, units and "ca." in the cells
probe("plaetze_mit_notbetten", "Sozialamt", "xlsx", "Kapazitaeten_GU.xlsx", {"Kapazitäten": [
    ["Unterkunft", "Kapazität", "Belegung", "Fläche"],
    ["GU Asternweg", "200 (+20 Notbetten)", "161 Pers.", "2.400 m²"],
    ["Burgherrenhalle", "80 (+20 Notbetten)", "0", "1.100 m²"],
    ["Hotel Zepp", "50 Plätze", "47", "ca. 900 m²"],
    ["Villa Jänisch", "ca. 18", "12 Personen", "350 m²"],
]}, (Expect("accommodations", 4, "Kapazitäten", values={
    "name": ["GU Asternweg", "Burgherrenhalle", "Hotel Zepp", "Villa Jänisch"], "capacity": [200, 80, 50, 18],
    "occupancy": [161, 0, 47, 12], "floor_area_m2": [2400.0, 1100.0, 900.0, 350.0]},
    reports=frozenset({"approximate_value", "value_with_note"})),))

# 75 Sozialamt: move-ins known only as a month or a quarter ("Oktober 2025", "Q3/2026", "2. Quartal 2026")
probe("einzug_monat_quartal", "Sozialamt", "xlsx", "Aufenthalte_Nachtrag.xlsx", {"Nachtrag": [
    ["Pers.-Nr.", "Unterkunft", "Einzug", "Auszug"],
    ["P-7001", "GU Asternweg", "Oktober 2025", None],
    ["P-7002", "Colosseum", "Q3/2026", None],
    ["P-7003", "Hotel Zepp", "2. Quartal 2026", "September 2026"],
    ["P-7004", "Ehem. Hauptpost", "03/2026", None],
]}, (Expect("residents", 4, "Nachtrag", values={
    "move_in": [D(2025, 10, 1), D(2026, 7, 1), D(2026, 4, 1), D(2026, 3, 1)],
    "move_out": [None, None, D(2026, 9, 1), None]}, reports=frozenset({"approximate_value"})),))

# 76 Wohnungsaufsicht: the address split into Straße | Hausnr. | PLZ | Ort (as the Einwohnermeldewesen keeps it)
probe("adresse_in_teilen", "Wohnungsaufsicht", "xlsx", "Objekte_Adressen.xlsx", {"Objekte": [
    ["Objekt-Nr.", "Straße", "Hausnr.", "PLZ", "Ort", "Wohnungen", "Bewohner"],
    ["W-101", "Slevogtstraße", 12, 67659, "Kaiserslautern", 6, 17],
    ["W-102", "Slevogtstraße", "14a", 67659, "Kaiserslautern", 6, 15],
    ["W-103", "Feuerbachstraße", 3, 67659, "Kaiserslautern", 8, 21],
    ["W-104", "Feuerbachstraße", 5, 67659, "Kaiserslautern", 8, 19],
]}, (Expect("housing", 4, "Objekte", values={
    "object_id": ["W-101", "W-102", "W-103", "W-104"],
    "address": ["Slevogtstraße 12", "Slevogtstraße 14a", "Feuerbachstraße 3", "Feuerbachstraße 5"],
    "flats": [6, 6, 8, 8], "residents": [17, 15, 21, 19]}, reports=frozenset({"derived_column"}),
    never=(("flats", "PLZ"), ("residents", "PLZ"), ("flats", "Hausnr."), ("residents", "Hausnr."),
           ("object_id", "Hausnr."))),))

# 77 Sozialamt: the list on a hidden sheet "Daten", the visible sheet a summary per kind of accommodation
probe("uebersicht_und_verstecktes_datenblatt", "Sozialamt", "xlsx", "Belegung_Q3.xlsx", {
    "Übersicht": [
        ["Belegung nach Art der Unterkunft – Stand 30.09.2026"],
        [],
        ["Art", "Anzahl", "Plätze", "belegt", "Auslastung"],
        ["Gemeinschaftsunterkunft", 3, 659, 463, "70 %"],
        ["Hotel/Pension", 1, 50, 47, "94 %"],
        ["Notunterkunft", 1, 102, 0, "0 %"],
        ["Gesamt", 5, 811, 510, "63 %"],
    ],
    "Daten": [
        ["Nr.", "Unterkunft", "Art", "Plätze", "belegt"],
        ["1", "GU Asternweg", "Gemeinschaftsunterkunft", 220, 161],
        ["2", "Ehem. Hauptpost", "Gemeinschaftsunterkunft", 370, 244],
        ["3", "Colosseum", "Gemeinschaftsunterkunft", 69, 58],
        ["4", "Hotel Zepp", "Hotel/Pension", 50, 47],
        ["5", "Vogelwoogstraße (Halle)", "Notunterkunft", 102, 0],
    ]}, (Expect("accommodations", 5, "Daten", values={
        "name": ["GU Asternweg", "Ehem. Hauptpost", "Colosseum", "Hotel Zepp", "Vogelwoogstraße (Halle)"],
        "capacity": [220, 370, 69, 50, 102], "occupancy": [161, 244, 58, 47, 0]}),),
    hidden_sheets=("Daten",), refused_sheets=("Übersicht",))

# 78 Statistikstelle: districts as columns, indicators as rows (the printed yearbook's layout) – refused or read
#    the right way round, never misread
probe("stadtteile_quer", "Statistikstelle", "xlsx", "Strukturdaten_Stadtteile.xlsx", {"Tab. 3": [
    ["Strukturdaten nach Stadtteilen, Stand 31.12.2025"],
    [],
    ["Merkmal", "01 Innenstadt-Ost", "02 Innenstadt-Südwest", "03 Innenstadt West/Kotten", "09 Kaiserslautern-West",
     "13 Erlenbach"],
    ["Einwohner insgesamt", 11442, 8769, 11267, 8565, 2214],
    ["darunter Ausländer", 2758, 1885, 2963, 1884, 69],
    ["Ausländeranteil in %", 24.1, 21.5, 26.3, 22.0, 3.1],
    ["Kinder unter 3 Jahren", 341, 262, 377, 301, 52],
    ["Kinder 3 bis unter 6 Jahren", 318, 240, 352, 287, 61],
]}, (), refused=True, not_datasets=("districts", "residents", "accommodations", "housing", "services"))

# 79 Statistikstelle: the city total first ("Gesamt" in the number column), each district's share of the city
#    beside its population – that share is no foreign share; the foreign share follows the foreigners
_EW = [11442, 8769, 11267, 8910, 9993, 5096, 10559, 5050, 8565, 2558, 1315, 2886, 2214, 1170, 2428, 3562, 3067,
       2746]
_AQ = [24.1, 21.5, 26.3, 17.9, 14.2, 15.2, 18.3, 12.5, 22.0, 9.8, 8.1, 4.2, 3.1, 3.5, 5.7, 6.0, 7.4, 6.8]
_AUSL = [round(e * q / 100) for e, q in zip(_EW, _AQ)]
_NAMEN = ["Innenstadt-Ost", "Innenstadt-Südwest", "Innenstadt West/Kotten", "Innenstadt Nord/Kaiserberg",
          "Grübentälchen/Volkspark", "Betzenberg", "Lämmchesberg/Uniwohnstadt", "Bännjerrück/Karl-Pfaff-Siedlung",
          "Kaiserslautern-West", "Erzhütten/Wiesenthalerhof", "Einsiedlerhof", "Morlautern", "Erlenbach",
          "Mölschbach", "Dansenberg", "Hohenecken", "Siegelbach", "Erfenbach"]
probe("gesamt_zuerst_anteil_an_stadt", "Statistikstelle", "xlsx", "Einwohner_Anteile_2025.xlsx", {"EW 2025": [
    ["Nr.", "Stadtteil", "Einwohner", "in % der Gesamtstadt", "Ausländer", "Anteil in %"],
    ["Gesamt", None, sum(_EW), 100.0, sum(_AUSL), round(sum(_AUSL) / sum(_EW) * 100, 1)],
] + [[f"{i + 1:02d}", n, e, round(e / sum(_EW) * 100, 1), a, round(a / e * 100, 1)]
     for i, (n, e, a) in enumerate(zip(_NAMEN, _EW, _AUSL))]},
    (Expect("districts", 18, "EW 2025", values={
        "district_id": [f"{i:02d}" for i in range(1, 19)], "population": _EW,
        "foreign_share": [round(a / e * 100, 1) for e, a in zip(_EW, _AUSL)]},
        never=(("foreign_share", "in % der Gesamtstadt"),), skipped_at_least=1),))

# 80 Integrationsbüro: CSV in UTF-8 with BOM and CRLF, every line ending in ";" (an empty last column)
probe("csv_bom_leere_letzte_spalte", "Integrationsbüro", "csv-bom", "Anlaufstellen.csv", {"": [
    ["Einrichtung", "Kategorie", "Stadtteil", "Anschrift", ""],
    ["Quartiersbüro Slevfisch", "Quartiersbüro", "Kaiserslautern-West", "Slevogtstraße 36", ""],
    ["Quartiersbüro Innenstadt-West", "Quartiersbüro", "Innenstadt West/Kotten", "Königstraße 93", ""],
    ["Quartiersbüro Grübentälchen", "Quartiersbüro", "Grübentälchen/Volkspark", "Friedenstraße 118", ""],
    ["Migrationsberatung Caritas", "Beratung", "Innenstadt-Ost", "Engelsgasse 1", ""],
]}, (Expect("services", 4, values={
    "name": ["Quartiersbüro Slevfisch", "Quartiersbüro Innenstadt-West", "Quartiersbüro Grübentälchen",
             "Migrationsberatung Caritas"],
    "category": ["Quartiersbüro", "Quartiersbüro", "Quartiersbüro", "Beratung"],
    "address": ["Slevogtstraße 36", "Königstraße 93", "Friedenstraße 118", "Engelsgasse 1"]}),))

# 81 Statistikstelle: a CSV that keeps the leading zeros with Excel's formula trick ="01"
probe("csv_formel_fuehrende_null", "Statistikstelle", "csv-cp1252", "Stadtteile_Export.csv", {"": [
    ["Stadtteil-Nr.", "Stadtteil", "Einwohner", "Ausländeranteil in %"],
    ['="01"', "Innenstadt-Ost", "11442", "24,1"],
    ['="06"', "Betzenberg", "5096", "15,2"],
    ['="09"', "Kaiserslautern-West", "8565", "22,0"],
    ['="14"', "Mölschbach", "1170", "3,5"],
]}, (Expect("districts", 4, values={
    "district_id": ["01", "06", "09", "14"], "population": [11442, 5096, 8565, 1170],
    "foreign_share": [24.1, 15.2, 22.0, 3.5]}),))

# 82 Sozialamt: a row of units under the header ("Anzahl", "Personen", "m²", "€/Monat") – no data row
probe("einheitenzeile_unter_kopf", "Sozialamt", "xlsx", "GU_Kennzahlen.xlsx", {"Kennzahlen": [
    ["Unterkunft", "Plätze", "Belegung", "Nutzfläche", "Kosten je Platz"],
    [None, "Anzahl", "Personen", "m²", "€/Monat"],
    ["GU Asternweg", 220, 161, 2400, 199],
    ["Ehem. Hauptpost", 370, 244, 4100, 380],
    ["Colosseum", 69, 58, 820, 410],
    ["Hotel Zepp", 50, 47, 900, 850],
]}, (Expect("accommodations", 4, "Kennzahlen", values={
    "name": ["GU Asternweg", "Ehem. Hauptpost", "Colosseum", "Hotel Zepp"], "capacity": [220, 370, 69, 50],
    "occupancy": [161, 244, 58, 47], "floor_area_m2": [2400.0, 4100.0, 820.0, 900.0],
    "monthly_cost_per_place": [199.0, 380.0, 410.0, 850.0]}, skipped_at_least=1),))

# 83 Sozialamt: a Fachverfahren set to English number format – "1,234.50" and "380.00" in a cost column
probe("kosten_englisches_zahlenformat", "Sozialamt", "csv-comma", "cost_report.csv", {"": [
    ["Unterkunft", "Plätze", "Belegung", "Kosten je Platz/Monat (EUR)"],
    ["Hotel Zepp", "50", "47", "1,234.50"],
    ["Ehem. Hauptpost", "370", "244", "380.00"],
    ["GU Asternweg", "220", "161", "199.00"],
    ["Colosseum", "69", "58", "1,012.75"],
]}, (Expect("accommodations", 4, values={
    "name": ["Hotel Zepp", "Ehem. Hauptpost", "GU Asternweg", "Colosseum"], "capacity": [50, 370, 220, 69],
    "monthly_cost_per_place": [1234.5, 380.0, 199.0, 1012.75]}),))


def write(p: Probe) -> bytes:
    """The probe's file, written with the project's test writers (after the layouts were written down)."""
    import writers as w

    grids = {k: [list(r) for r in v] for k, v in p.sheets.items()}
    if p.fmt == "xlsx" and (p.hidden_cols or p.xlsx_merges
                            or any(isinstance(v, XlErr) for g in grids.values() for r in g for v in r)):
        return _xlsx_special(p, grids)
    if p.fmt == "ods" and p.hidden_cols:
        return _ods_hidden_cols(w.ods(grids, hidden=p.hidden), p.hidden_cols, grids)
    if p.fmt == "tsv-quoted":  # a Fachverfahren's text export: tab-separated, every text field in quotes
        def cell(v):
            return "" if v is None else (f'"{v}"' if isinstance(v, str) else str(v))
        return ("\r\n".join("\t".join(cell(v) for v in row) for row in next(iter(grids.values()))) + "\r\n").encode()
    if p.fmt == "xlsx":
        return w.xlsx(grids, hidden=p.hidden, hidden_sheets=set(p.hidden_sheets))
    if p.fmt == "xls":
        return w.xls(grids, hidden=p.hidden, merges=p.merges)
    if p.fmt == "ods":
        return w.ods(grids, hidden=p.hidden)
    grid = next(iter(grids.values()))
    if p.fmt == "csv":
        return w.text(grid)
    if p.fmt == "csv-bom":
        return w.text(grid, bom=True)
    if p.fmt == "csv-cp1252":
        return w.text(grid, encoding="cp1252")
    if p.fmt == "utf16":
        return w.text(grid, encoding="utf-16-le", sep="\t", bom=True)
    if p.fmt == "csv-comma":
        return ("\r\n".join(",".join(f'"{v}"' if v else "" for v in row) for row in grid) + "\r\n").encode()
    raise ValueError(p.fmt)


def _xlsx_special(p: Probe, grids: dict) -> bytes:
    """xlsx with Excel error values (formula cells whose result is an error), hidden columns, merged cells."""
    import io

    import xlsxwriter

    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, {"in_memory": True})
    date_fmt = wb.add_format({"num_format": "dd.mm.yyyy"})
    formula = {"#N/A": "NA()", "#VALUE!": "1+\"a\"", "#REF!": "#REF!", "#DIV/0!": "1/0"}
    for name, grid in grids.items():
        ws = wb.add_worksheet(name)
        for c in p.hidden_cols.get(name, ()):
            ws.set_column(c, c, None, None, {"hidden": True})
        for r, row in enumerate(grid):
            for c, v in enumerate(row):
                if isinstance(v, XlErr):
                    ws.write_formula(r, c, "=" + formula[str(v)], None, str(v))
                elif isinstance(v, dt.date):
                    ws.write_datetime(r, c, dt.datetime(v.year, v.month, v.day), date_fmt)
                elif v is not None and v != "":
                    ws.write(r, c, v)
            if r in p.hidden.get(name, set()):
                ws.set_row(r, None, None, {"hidden": True})
        for r1, c1, r2, c2 in p.xlsx_merges.get(name, ()):
            ws.merge_range(r1, c1, r2, c2, grid[r1][c1])
        if name in p.hidden_sheets:
            ws.hide()
    wb.close()
    return buf.getvalue()


def _ods_hidden_cols(data: bytes, hidden_cols: dict, grids: dict) -> bytes:
    """The .ods with LibreOffice's column elements (visibility="collapse" for the hidden ones)."""
    import io
    import zipfile
    from xml.sax.saxutils import escape

    src = zipfile.ZipFile(io.BytesIO(data))
    content = src.read("content.xml").decode()
    for name, cols in hidden_cols.items():
        width = max(len(r) for r in grids[name])
        decl = "".join('<table:table-column table:visibility="collapse"/>' if c in cols else "<table:table-column/>"
                       for c in range(width))
        tag = f'<table:table table:name="{escape(name)}" table:style-name="ta1">'
        assert tag in content
        content = content.replace(tag, tag + decl, 1)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        for info in src.infolist():
            body = content.encode() if info.filename == "content.xml" else src.read(info.filename)
            zf.writestr(info, body, compress_type=info.compress_type)
    return out.getvalue()
