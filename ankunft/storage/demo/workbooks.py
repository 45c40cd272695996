"""Writing the demo exports as the offices' workbooks look: title rows, German headers worded
differently per file, dates as text, cells and serial numbers, decimal commas, sum rows, footnotes,
a notes sheet and the city's variants of district names."""

from __future__ import annotations

import datetime as dt
import math
from pathlib import Path

import numpy as np
import pandas as pd
import xlsxwriter

from ankunft.core import fmt, reference
from ankunft.storage.demo.common import CITY_HEAD, FIXED_CREATED, SYNTHETIC

_DISTRICT_VARIANTS = {
    "09": ("Kaiserslautern-West", "KL-West", "Kaiserslautern West", "09 Kaiserslautern-West"),
    "03": ("Innenstadt West/Kotten", "Innenstadt-West/Kotten", "Kotten"),
    "08": ("Bännjerrück/Karl-Pfaff-Siedlung", "Bännjerrück/Karl-Pfaff-S."),
    "10": ("Erzhütten/Wiesenthalerhof", "Erzhütten-Wiesenthalerhof"),
}


def _district_text(rng, did: str) -> str:
    """A district as one of the spellings the offices use."""
    variants = _DISTRICT_VARIANTS.get(did, (reference.DISTRICT_NAMES[did],))
    return variants[int(rng.integers(len(variants)))]


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


def write_sozialamt(path: Path, acc: pd.DataFrame, res: pd.DataFrame, at: dt.date, rng, variant: int) -> None:
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


def write_housing(path: Path, hous: pd.DataFrame, at: dt.date, rng) -> None:
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


def write_services(path: Path, serv: pd.DataFrame, at: dt.date, rng) -> None:
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


def write_districts(path: Path, dist: pd.DataFrame, at: dt.date, rng) -> None:
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

