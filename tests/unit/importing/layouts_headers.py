"""Generator of realistic office exports for header and dataset recognition (issue #14, part 1).

The header words below are written from how German offices label their exports (abbreviations
with dots and hyphens, compounds, "Anz."/"lfd."/"insg." fillers, group cells over sub-headers,
type codes, sheet names per category), following ``/work/shared/reference/export-quirks.md`` —
NOT copied from the glossary's synonym lists. Each layout combines one wording per field with a
style (title block, merged or repeated group cells, sheet and file names), so the recogniser is
tested on combinations nobody wrote it from.

``LAYOUTS`` is the declared list; ``write(layout)`` gives (file name, bytes).
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass, field, replace

import xlsxwriter

STAND = dt.date(2026, 10, 1)


@dataclass(frozen=True)
class Col:
    """One column: the field it must be read as (None: must stay unmapped), its header (a string, or
    (group, sub-header) for two-row headers) and its values per row."""

    field: str | None
    header: str | tuple[str, str]
    values: tuple


@dataclass(frozen=True)
class Layout:
    id: str
    dataset: str
    sheet: str
    file: str
    cols: tuple[Col, ...]
    title: tuple[str, ...] = ()
    merged: bool = True  # group cells merged (True) or repeated over each sub-column (False)
    fmt: str = "xlsx"
    category: str | None = None  # services: the category every row must get (from sheet/file/type column)
    extra_sheets: dict = field(default_factory=dict)

    @property
    def two_rows(self) -> bool:
        return any(isinstance(c.header, tuple) for c in self.cols)

    @property
    def header_row(self) -> int:
        """Excel row of the (last) header row."""
        return len(self.title) + (1 if self.title else 0) + (2 if self.two_rows else 1)

    @property
    def rows(self) -> int:
        return len(self.cols[0].values)

    @staticmethod
    def shown(c: Col) -> tuple[str, ...]:
        """How the report may name the column: the header, or the sub-header alone / "group / sub-header"."""
        return (c.header,) if isinstance(c.header, str) else (c.header[1], f"{c.header[0]} / {c.header[1]}")


def _grid(lay: Layout) -> tuple[list[list], list[tuple[int, int, int, str]]]:
    """Rows of the sheet and the merged ranges (row, first col, last col, text)."""
    rows: list[list] = [[t] for t in lay.title]
    if lay.title:
        rows.append([])
    merges = []
    if lay.two_rows:
        top, sub = [], []
        groups: dict[str, list[int]] = {}
        for i, c in enumerate(lay.cols):
            if isinstance(c.header, tuple):
                groups.setdefault(c.header[0], []).append(i)
                sub.append(c.header[1])
                top.append(c.header[0])
            else:
                top.append(c.header)
                sub.append("")
        if lay.merged:
            r = len(rows)
            for g, idx in groups.items():
                if len(idx) > 1:
                    merges.append((r, idx[0], idx[-1], g))
                    for j in idx[1:]:
                        top[j] = ""
        rows += [top, sub]
    else:
        rows.append([c.header for c in lay.cols])
    for k in range(lay.rows):
        rows.append([c.values[k] for c in lay.cols])
    return rows, merges


def write(lay: Layout) -> tuple[str, bytes]:
    rows, merges = _grid(lay)
    if lay.fmt == "xls":
        import writers

        return lay.file, writers.xls({**lay.extra_sheets, lay.sheet: rows}, merges={lay.sheet: merges})
    if lay.fmt == "csv":
        text = "\n".join(";".join("" if v is None else (v.strftime("%d.%m.%Y") if isinstance(v, dt.date) else str(v))
                                  for v in r) for r in rows) + "\n"
        return lay.file, text.encode("cp1252")
    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, {"in_memory": True})
    dfmt = wb.add_format({"num_format": "dd.mm.yyyy"})
    center = wb.add_format({"align": "center", "bold": True})
    for name, grid in lay.extra_sheets.items():
        ws = wb.add_worksheet(name)
        for r, row in enumerate(grid):
            ws.write_row(r, 0, row)
    ws = wb.add_worksheet(lay.sheet)
    for r, row in enumerate(rows):
        for c, v in enumerate(row):
            if isinstance(v, dt.date):
                ws.write_datetime(r, c, dt.datetime(v.year, v.month, v.day), dfmt)
            elif v not in ("", None):
                ws.write(r, c, v)
    for r, c1, c2, text in merges:
        ws.merge_range(r, c1, r, c2, text, center)
    wb.close()
    return lay.file, buf.getvalue()


# --- the declared variants ---------------------------------------------------------------------------
TITLE_SOZ = ("Stadtverwaltung Kaiserslautern – Referat Soziales", "Stand: 01.10.2026")
TITLE_JUG = ("Stadt Kaiserslautern, Referat Jugend und Sport", "Kindertagesstätten – Platzübersicht",
             "Stichtag 01.10.2026")
TITLE_STAT = ("Statistikstelle Kaiserslautern", "Bevölkerung am 30.09.2026 nach Stadtteilen")
TITLE_WA = ("Wohnungsaufsicht – Begehungen 2026", "Stand: 01.10.2026")

N = 4
ACC_NAMES = ("Asternweg", "Ehem. Hauptpost", "Hotel Zepp", "Pfaffgelände Halle 3")
DISTRICT_NAMES = ("Kaiserslautern-West", "Innenstadt-Ost", "Betzenberg", "Erfenbach")

# accommodations: one wording per field, several per field (from office exports)
ACC = {
    "id": ("Lfd. Nr.", "Obj.-Nr.", "GU-Nummer", "Nr. der Unterkunft", "Unterk.-Nr."),
    "name": ("Bezeichnung der Unterkunft", "Unterkunftsbezeichnung", "Name Unterkunft", "Objektbezeichnung",
             "Standortbezeichnung"),
    "district": ("Ortsteil", "Stadtteil/Ortsbezirk", "Ortsbez.", "Stadtteil (Name)", "Stadtbezirk"),
    "capacity": ("Anz. Plätze", "Plätze insg.", "Platzkapazität", "Kapazität (Betten)", "Bettenanzahl"),
    "occupancy": ("Anz. belegte Plätze", "Bewohner aktuell", "belegt (Pers.)", "Ist-Belegung Personen",
                  "Anzahl Bewohner/-innen"),
    "operator": ("Betreiber/Träger", "Trägerschaft", "Betreuender Träger", "Betreiber"),
}

RES = {
    "person_id": ("Pers.-Nr.", "lfd. Pers.-Nr.", "Personenkennung", "Bewohner-Nr.", "Pers.-Kennz."),
    "household_id": ("HH-Nr.", "Fam.-Nr.", "Haushalts-Kennung", "BG-Nummer", "Familien-Nr."),
    "accommodation": ("Unterkunft (Nr.)", "zugewiesene Unterkunft", "GU-Nr.", "Unterbringung", "Unterk."),
    "move_in": ("Einzugsdat.", "Datum Einzug", "Aufnahme am", "Einzug (Datum)", "Zuweisungsdatum"),
    "move_out": ("Auszugsdat.", "Datum Auszug", "Abgang am", "Auszug (Datum)", "Ende der Unterbringung"),
    "sex": ("Geschl.", "Geschlecht (m/w/d)", "m/w", "Geschlecht"),
    "birth_year": ("Geb.-Jahr", "Geburtsjahrgang", "Jahrg.", "Geb.jahr"),
    "nationality": ("Staatsang.", "Nationalität/Staatsangehörigkeit", "Staatsangehörigk.", "Herkunftsland"),
}
SER_KITA = {
    "name": ("Name der Kita", "Kindertagesstätte", "Einrichtungsname", "Bezeichnung Einrichtung", "Kita-Name"),
    "capacity": ("genehm. Plätze", "Plätze lt. Betriebserlaubnis", "Platzzahl gesamt", "Kita-Plätze"),
    "places_under_3": ("U3-Plätze", "Krippenplätze", "Plätze für Kinder unter 3", "davon U3"),
    "enrolled": ("Anz. betreute Kinder", "belegte Plätze", "Kinder gesamt", "betreute Kinder (Anz.)"),
    "waiting_list": ("Warteliste", "Anz. auf Warteliste", "Vormerkungen", "Kinder auf Warteliste"),
}
SER_SCHOOL = {
    "name": ("Schulname", "Name der Schule", "Bezeichnung der Schule", "Schule"),
    "category": ("Schulart", "Schulform", "Schultyp", "Art der Schule"),
    "capacity": ("Schulplätze", "Kapazität (Schüler)", "Aufnahmekapazität", "Plätze"),
    "enrolled": ("Schülerzahl", "Anz. Schüler/-innen", "Schüler insg.", "Schüler/innen"),
}
SCHOOLS = (("Grundschule Betzenberg", "GS", "Grundschule"), ("IGS Goetheschule", "IGS", "weiterführende Schule"),
           ("Burggymnasium", "Gymnasium", "weiterführende Schule"), ("Grundschule Erfenbach", "GS", "Grundschule"))
HOU = {
    "object_id": ("Objekt-Nr.", "Obj.-Nr.", "Whg.-Nr.", "Objektnummer"),
    "address": ("Straße, Hausnr.", "Anschrift des Objekts", "Str./Hausnr.", "Anschrift"),
    "flats": ("Anz. Whg.", "Zahl der Wohnungen", "Wohneinh.", "Anzahl WE"),
    "residents": ("Anz. Bewohner", "Bewohner (Pers.)", "Bewohnerzahl insg.", "Personen im Objekt"),
    "inspection_date": ("Datum der Begehung", "Begehungsdatum", "Besichtigung am", "Ortstermin am"),
    "hot_water": ("Warmwasser vorh.", "WW-Versorgung", "Warmwasser (ja/nein)", "Warmwasser"),
    "damp_mould": ("Schimmel/Feuchte", "Feuchtigkeitsschäden", "Schimmelbefall (ja/nein)", "Feuchte/Schimmel"),
}
DIS = {
    "district_id": ("Stadtteil-Nr.", "Stat. Bez.", "Ortsbez.-Nr.", "Stadtteilnummer", "Nr."),
    "name": ("Stadtteilname", "Bez.", "Ortsbezirk", "Bezeichnung des Stadtteils", "Stadtteil"),
    "population": ("Einwohner insg.", "Bevölkerung gesamt", "EW", "Einw.", "Einwohnerzahl (Hauptwohnsitz)"),
    "children_3_5": ("3 bis unter 6 Jahre", "Kinder 3 - 5 J.", "3 bis 5 Jahre", "Kinder von 3 bis unter 6"),
}


def _pick(words: dict, k: int) -> dict[str, str]:
    return {f: ws[k % len(ws)] for f, ws in words.items()}


def _acc(k: int) -> Layout:
    w = _pick(ACC, k)
    cols = [Col("id", w["id"], tuple(f"{i + 1:03d}" for i in range(N))),
            Col("name", w["name"], ACC_NAMES),
            Col("district", w["district"], DISTRICT_NAMES),
            Col("operator", w["operator"], ("ASB", "DRK", "Caritas", "Stadt"))]
    if k == 2:  # two-row header: one group cell over three sub-headers
        cols += [Col("capacity", ("Plätze", "gesamt"), (120, 200, 60, 80)),
                 Col("occupancy", ("Plätze", "belegt"), (80, 150, 40, 70)),
                 Col(None, ("Plätze", "frei"), (40, 50, 20, 10))]
    elif k == 5:  # two groups: "Plätze" (gesamt, frei) and "Belegung" (Personen, in %)
        cols += [Col("capacity", ("Plätze", "gesamt"), (120, 200, 60, 80)),
                 Col(None, ("Plätze", "frei"), (40, 50, 20, 10)),
                 Col("occupancy", ("Belegung", "Personen"), (80, 150, 40, 70)),
                 Col(None, ("Belegung", "in %"), (66.7, 75.0, 66.7, 87.5))]
    else:
        cols += [Col("capacity", w["capacity"], (120, 200, 60, 80)),
                 Col("occupancy", w["occupancy"], (80, 150, 40, 70))]
    sheet = ("Unterkünfte", "GU-Übersicht", "Tabelle1", "Belegung")[k % 4]
    return Layout(f"acc-{k}", "accommodations", sheet, f"Sozialamt_Unterbringung_{k}.xlsx", tuple(cols),
                  title=TITLE_SOZ if k % 2 == 0 else (), merged=k % 4 != 2)


def _res(k: int) -> Layout:
    w = _pick(RES, k)
    cols = (Col("person_id", w["person_id"], tuple(f"P-{1000 + i}" for i in range(N))),
            Col("household_id", w["household_id"], ("H-1", "H-1", "H-2", "H-3")),
            Col("accommodation", w["accommodation"], ("001", "001", "002", "003")),
            Col("move_in", w["move_in"], (dt.date(2024, 3, 1), dt.date(2024, 3, 1), dt.date(2025, 1, 15),
                                          dt.date(2026, 2, 1))),
            Col("move_out", w["move_out"], ("", "", dt.date(2026, 6, 30), "")),
            Col("sex", w["sex"], ("m", "w", "w", "m")),
            Col("birth_year", w["birth_year"], (1988, 1990, 2015, 1979)),
            Col("nationality", w["nationality"], ("syrisch", "syrisch", "afghanisch", "ukrainisch")))
    sheet = ("Bewohner", "Aufenthalte", "Daten", "Export")[k % 4]
    return Layout(f"res-{k}", "residents", sheet, f"belegung_personen_{k}.xlsx", cols,
                  title=TITLE_SOZ if k % 2 else (), fmt="csv" if k == 3 else "xlsx")


def _kita(k: int) -> Layout:
    w = _pick(SER_KITA, k)
    names = ("Kita Sonnenschein", "Kita Am Betzenberg", "Prot. Kita Arche", "Städt. Kita Erfenbach")
    if k % 2 == 1:  # two-row header: "Plätze" over "gesamt" / "davon U3" (U3 first in odd layouts)
        places = [Col("places_under_3", ("Plätze", "U3"), (10, 15, 0, 12)),
                  Col("capacity", ("Plätze", "gesamt"), (75, 60, 45, 90))]
        if k % 4 == 3:
            places.reverse()
        mid = places + [Col(None, ("Kinder", "unter 3 Jahren"), (9, 14, 0, 11)),
                        Col("enrolled", ("Kinder", "gesamt"), (70, 58, 40, 85))]
    else:
        mid = [Col("capacity", w["capacity"], (75, 60, 45, 90)),
               Col("places_under_3", w["places_under_3"], (10, 15, 0, 12)),
               Col("enrolled", w["enrolled"], (70, 58, 40, 85))]
    cols = (Col("name", w["name"], names), Col(None, "Träger", ("Stadt", "Stadt", "Prot. Kirche", "Stadt")),
            *mid, Col("waiting_list", w["waiting_list"], (5, 0, 2, 8)))
    sheet = ("Kitas", "Kindertagesstätten", "Kita-Plätze", "KiTa 2026")[k % 4]
    return Layout(f"kita-{k}", "services", sheet, f"Jugendamt_Platzplanung_{k}.xlsx", cols,
                  title=TITLE_JUG if k % 2 == 0 else (), merged=k % 3 != 0, category="Kita")


def _school(k: int) -> Layout:
    w = _pick(SER_SCHOOL, k)
    with_type = k % 2 == 0
    cols = [Col("name", w["name"], tuple(s[0] for s in SCHOOLS))]
    if with_type:
        cols.append(Col("category", w["category"], tuple(s[1] for s in SCHOOLS)))
    cols += [Col("capacity", w["capacity"], (300, 900, 1100, 200)),
             Col("enrolled", w["enrolled"], (280, 850, 1000, 190)),
             Col("district", ("Stadtteil", "Ortsteil")[k % 2], ("Betzenberg", "Innenstadt-Ost", "Innenstadt-Ost",
                                                                "Erfenbach"))]
    sheet = ("Schulen", "Schulen 2026-27", "Schulstandorte", "Allg. bild. Schulen")[k % 4]
    return Layout(f"school-{k}", "services", sheet, f"Schulverwaltung_{k}.xlsx", tuple(cols),
                  title=("Schulverwaltung Kaiserslautern", "Schuljahr 2026/27, Stand 01.10.2026") if k % 2 else (),
                  category="by_row")


def _housing(k: int) -> Layout:
    w = _pick(HOU, k)
    cols = (Col("object_id", w["object_id"], ("W-101", "W-102", "W-205", "W-310")),
            Col("address", w["address"], ("Pariser Str. 12", "Mühlstr. 3", "Eisenbahnstr. 40", "Am Altenhof 2")),
            Col("flats", w["flats"], (6, 4, 12, 1)),
            Col("residents", w["residents"], (14, 9, 30, 3)),
            Col("inspection_date", w["inspection_date"], ("12.03.2026", "02.04.2026", "20.05.2026", "01.09.2026")),
            Col("hot_water", w["hot_water"], ("ja", "nein", "ja", "ja")),
            Col("damp_mould", w["damp_mould"], ("nein", "ja", "ja", "nein")))
    sheet = ("Begehungen", "Wohnungsaufsicht", "Objekte", "Liste")[k % 4]
    return Layout(f"housing-{k}", "housing", sheet, f"WA_Maengel_{k}.xlsx", cols,
                  title=TITLE_WA if k % 2 == 0 else ())


def _districts(k: int) -> Layout:
    w = _pick(DIS, k)
    cols = (Col("district_id", w["district_id"], ("01", "06", "12", "18")),
            Col("name", w["name"], ("Innenstadt-Ost", "Betzenberg", "Morlautern", "Erfenbach")),
            Col("population", w["population"], (7420, 5130, 4012, 2890)),
            Col("children_3_5", w["children_3_5"], (210, 150, 120, 90)))
    sheet = ("Stadtteile", "Bevölkerung", "Tab. 1", "Ortsbezirke")[k % 4]
    return Layout(f"districts-{k}", "districts", sheet, f"Statistik_Bevoelkerung_{k}.xlsx", cols,
                  title=TITLE_STAT if k % 2 == 0 else ())


def _as_xls(lay: Layout) -> Layout:
    """The same export saved as Excel 97–2003 (.xls): offices with an old Fachverfahren still send these."""
    return replace(lay, id=f"{lay.id}-xls", fmt="xls", file=lay.file.rsplit(".", 1)[0] + ".xls")


LAYOUTS: tuple[Layout, ...] = (
    *(_acc(k) for k in range(6)), *(_res(k) for k in range(5)), *(_kita(k) for k in range(6)),
    *(_school(k) for k in range(4)), *(_housing(k) for k in range(4)), *(_districts(k) for k in range(5)),
    # .xls: new wordings (k beyond the .xlsx ones) and two-row headers, merged and repeated
    *(_as_xls(lay) for lay in (_acc(5), _acc(2), _acc(7), _res(6), _kita(7), _kita(8), _school(5), _housing(5),
                               _districts(6))),
)
