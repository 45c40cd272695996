"""Excel templates per dataset: a header row with the German labels, an explanation sheet and
dropdowns for categorical and yes/no fields. A filled-in template imports without errors.

Labels, units, required flags, choices and ranges come from ``ankunft.core.glossary``; this module
only adds what a person filling in the sheet needs to read (meaning and an example per field).
"""

from __future__ import annotations

import datetime as dt
import io

import xlsxwriter
from xlsxwriter.utility import xl_col_to_name

from ankunft.core import glossary, reference

TEMPLATE_ROWS = 2000  # rows prepared with formats and dropdowns
BOOL_CHOICES = ("ja", "nein")
LISTS_SHEET = "Auswahllisten"
EXPLANATION_SHEET = "Erläuterungen"

# Meaning and example per field (German, for the explanation sheet).
MEANINGS: dict[tuple[str, str], tuple[str, object]] = {
    ("accommodations", "id"): ("Eindeutige Nummer der Unterkunft; führende Nullen bleiben erhalten.", "001"),
    ("accommodations", "name"): ("Name der Unterkunft, wie er im Amt verwendet wird.", "Ehemalige Hauptpost"),
    ("accommodations", "address"): ("Anschrift mit Straße und Hausnummer.", "Fackelstraße 12"),
    ("accommodations", "district_id"): ("Nummer des statistischen Stadtteils (01–18).", "09"),
    ("accommodations", "district"): ("Name des Stadtteils (Schreibweisen der Stadt werden erkannt).",
                                     "Kaiserslautern-West"),
    ("accommodations", "lat"): ("Geografische Breite (WGS84), für die Karte.", 49.4447),
    ("accommodations", "lon"): ("Geografische Länge (WGS84), für die Karte.", 7.7741),
    ("accommodations", "type"): ("Welche Art von Unterkunft (Auswahl aus der Liste).", "Gemeinschaftsunterkunft"),
    ("accommodations", "operator"): ("Träger bzw. Betreiber.", "DRK"),
    ("accommodations", "capacity"): ("Zahl der Plätze (Betten) insgesamt.", 120),
    ("accommodations", "occupancy"): ("Belegte Plätze am Stichtag. Liegt eine Bewohnerliste vor, gilt diese.", 96),
    ("accommodations", "floor_area_m2"): ("Wohn- bzw. Nutzfläche für die Bewohner.", 980.5),
    ("accommodations", "social_workers"): ("Stellen der Sozialbetreuung in Vollzeitäquivalenten.", 2.5),
    ("accommodations", "monthly_cost_per_place"): ("Monatliche Kosten für einen Platz: Miete, Nebenkosten, Bewachung.",
                                                   380),
    ("accommodations", "lease_end"): ("Ende des Miet- oder Pachtvertrags.", "31.12.2027"),
    ("accommodations", "planned_closure"): ("Datum der geplanten Schließung, falls beschlossen.", "30.06.2027"),
    ("accommodations", "status"): ("Betriebsstatus am Stichtag.", "in Betrieb"),
    ("residents", "person_id"): ("Pseudonym der Person (keine Namen!). Gleiche Person = gleiche Nummer.", "000123"),
    ("residents", "household_id"): ("Nummer des Haushalts bzw. der Bedarfsgemeinschaft.", "BG-00045"),
    ("residents", "accommodation"): ("Nummer oder Name der Unterkunft dieses Aufenthalts.", "001"),
    ("residents", "move_in"): ("Einzugsdatum dieses Aufenthalts.", "03.02.2016"),
    ("residents", "move_out"): ("Auszugsdatum; leer, solange die Person dort wohnt.", ""),
    ("residents", "sex"): ("Geschlecht: m, w oder d.", "w"),
    ("residents", "birth_year"): ("Nur das Geburtsjahr, kein Geburtsdatum.", 1988),
    ("residents", "nationality"): ("Staatsangehörigkeit laut Ausländerbehörde.", "Syrien"),
    ("residents", "residence_status"): ("Aufenthaltsstatus am Stichtag.", "anerkannt (§ 25 Abs. 2 AufenthG)"),
    ("residents", "may_move_out"): ("Berechtigt, in eine eigene Wohnung zu ziehen (leer: aus dem Status abgeleitet).",
                                    "ja"),
    ("housing", "object_id"): ("Nummer des geprüften Objekts (Wohnung oder Gebäude).", "WA-0001"),
    ("housing", "address"): ("Straße, Hausnummer, ggf. Wohnung.", "Slevogtstraße 20, Whg. 3"),
    ("housing", "district_id"): ("Nummer des statistischen Stadtteils (01–18).", "09"),
    ("housing", "district"): ("Name des Stadtteils.", "Kaiserslautern-West"),
    ("housing", "lat"): ("Geografische Breite (WGS84).", 49.4469),
    ("housing", "lon"): ("Geografische Länge (WGS84).", 7.7425),
    ("housing", "flats"): ("Zahl der Wohnungen im Objekt (1 bei einer einzelnen Wohnung).", 1),
    ("housing", "residents"): ("Wie viele Menschen dort wohnen.", 5),
    ("housing", "children_under_6"): ("Wie viele der Bewohner jünger als 6 Jahre sind.", 2),
    ("housing", "floor_area_m2"): ("Wohnfläche der Wohnung bzw. aller Wohnungen.", 48),
    ("housing", "hot_water"): ("Gibt es Warmwasser?", "nein"),
    ("housing", "heating"): ("Gibt es eine funktionierende Heizung?", "ja"),
    ("housing", "bath_wc"): ("Hat die Wohnung ein eigenes Bad und WC?", "ja"),
    ("housing", "damp_mould"): ("Wurden Feuchtigkeit oder Schimmel festgestellt?", "ja"),
    ("housing", "defects"): ("Festgestellte Mängel in Stichworten.", "kein Warmwasser; Schimmel im Bad"),
    ("housing", "inspection_date"): ("Datum der Begehung.", "12.05.2026"),
    ("housing", "status"): ("Bearbeitungsstand der Mängel.", "in Bearbeitung"),
    ("housing", "resolved_date"): ("Datum, an dem die Mängel behoben wurden.", ""),
    ("services", "id"): ("Nummer der Einrichtung.", "K001"),
    ("services", "name"): ("Name der Einrichtung, wie er im Amt verwendet wird.", "Quartiersbüro Slevfisch"),
    ("services", "category"): ("Welche Art von Einrichtung (Auswahl aus der Liste).", "Quartiersbüro"),
    ("services", "district_id"): ("Nummer des statistischen Stadtteils (01–18).", "09"),
    ("services", "district"): ("Name des Stadtteils.", "Kaiserslautern-West"),
    ("services", "address"): ("Anschrift mit Straße und Hausnummer.", "Slevogtstraße 36"),
    ("services", "lat"): ("Geografische Breite (WGS84).", 49.447),
    ("services", "lon"): ("Geografische Länge (WGS84).", 7.743),
    ("services", "capacity"): ("Zahl der Plätze: bei Kitas die genehmigten Plätze, bei Schulen die Schulplätze.", 75),
    ("services", "places_under_3"): ("Davon Plätze für Kinder unter 3 Jahren.", 15),
    ("services", "enrolled"): ("Belegte Plätze bzw. Schülerzahl.", 75),
    ("services", "waiting_list"): ("Vormerkungen ohne Platzzusage.", 12),
    ("districts", "district_id"): ("Nummer des statistischen Stadtteils (01–18).", "09"),
    ("districts", "name"): ("Name des Stadtteils.", "Kaiserslautern-West"),
    ("districts", "population"): ("Einwohner mit Hauptwohnsitz.", 8565),
    ("districts", "children_under_2"): ("Kinder von 0 bis unter 2 Jahren.", 220),
    ("districts", "children_2"): ("Kinder von 2 bis unter 3 Jahren.", 110),
    ("districts", "children_3_5"): ("Kinder von 3 bis unter 6 Jahren.", 335),
    ("districts", "children_6_9"): ("Kinder von 6 bis unter 10 Jahren.", 430),
    ("districts", "foreign_share"): ("Anteil nichtdeutscher Staatsangehöriger in Prozent.", 22.0),
}

_KIND_TEXT = {
    "id": "Text (Nummer)",
    "text": "Text",
    "category": "Auswahl",
    "int": "ganze Zahl",
    "float": "Zahl",
    "money": "Betrag in €",
    "date": "Datum (TT.MM.JJJJ)",
    "bool": "ja/nein",
}


def file_name(dataset: str) -> str:
    """Download name, e.g. ``Vorlage_Unterkuenfte.xlsx``."""
    label = glossary.DATASETS[dataset].label.split(" (")[0]
    plain = (label.replace("ä", "ae").replace("ö", "oe").replace("ü", "ue").replace("Ä", "Ae")
             .replace("Ö", "Oe").replace("Ü", "Ue").replace("ß", "ss").replace(" ", "_"))
    return f"Vorlage_{plain}.xlsx"


def sheet_name(dataset: str) -> str:
    return glossary.DATASETS[dataset].label[:31]


def _choices(dataset: str, f: glossary.Field) -> tuple[str, ...]:
    if f.kind == "bool":
        return BOOL_CHOICES
    if f.choices:
        return tuple(f.choices)
    if f.key == "district_id":
        return tuple(d.id for d in reference.DISTRICTS)
    if f.key in ("district",) or (dataset == "districts" and f.key == "name"):
        return tuple(d.name for d in reference.DISTRICTS)
    return ()


_UNIT_WORDS = {"m²": "Quadratmeter", "€": "Euro", "%": "Prozent", "°": "Grad (WGS84)"}


def _unit(f: glossary.Field) -> str:
    """The unit in words (a bare "m²" cell would look like a column header to the importer)."""
    unit = f.unit or ("€" if f.kind == "money" else "")
    if f.key == "social_workers":
        return "Vollzeitstellen"
    return _UNIT_WORDS.get(unit, unit)


def template_xlsx(dataset: str) -> bytes:
    """An empty Excel template for one dataset (bytes of an .xlsx file)."""
    ds = glossary.DATASETS[dataset]
    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, {"in_memory": True})
    wb.set_properties({"title": f"Vorlage {ds.label}", "author": "Ankunft", "company": reference.CITY,
                       "created": dt.datetime(2026, 1, 1)})
    head = wb.add_format({"bold": True, "bg_color": "#D9E1F2", "border": 1, "text_wrap": True, "valign": "top"})
    head_req = wb.add_format({"bold": True, "bg_color": "#9EC3E6", "border": 1, "text_wrap": True, "valign": "top"})
    text_fmt = wb.add_format({"num_format": "@"})
    date_fmt = wb.add_format({"num_format": "dd.mm.yyyy"})
    dec_fmt = wb.add_format({"num_format": "#,##0.0##"})
    int_fmt = wb.add_format({"num_format": "#,##0"})
    money_fmt = wb.add_format({"num_format": "#,##0.00 €"})
    bold = wb.add_format({"bold": True})
    wrap = wb.add_format({"text_wrap": True, "valign": "top"})

    ws = wb.add_worksheet(sheet_name(dataset))
    expl = wb.add_worksheet(EXPLANATION_SHEET)
    lists = wb.add_worksheet(LISTS_SHEET)

    list_row = 0
    for c, f in enumerate(ds.fields):
        ws.write_string(0, c, f.label, head_req if f.required else head)
        ws.write_comment(0, c, _comment(dataset, f), {"x_scale": 2, "y_scale": 1.4})
        width = max(12, min(36, len(f.label) + 4))
        fmt_ = {"id": text_fmt, "text": text_fmt, "category": text_fmt, "date": date_fmt, "float": dec_fmt,
                "int": int_fmt, "money": money_fmt, "bool": text_fmt}[f.kind]
        ws.set_column(c, c, width, fmt_)
        col = xl_col_to_name(c)
        rng = f"{col}2:{col}{TEMPLATE_ROWS + 1}"
        choices = _choices(dataset, f)
        if choices:
            # all lists one below the other in column A: one value per row, so the importer
            # never mistakes a row of choices for a header row
            for r, v in enumerate(choices):
                lists.write_string(list_row + r, 0, v)
            first, last = list_row + 1, list_row + len(choices)
            list_row += len(choices) + 1
            strict = f.kind in ("bool", "category")
            ws.data_validation(rng, {
                "validate": "list",
                "source": f"='{LISTS_SHEET}'!$A${first}:$A${last}",
                "error_type": "stop" if strict else "information",
                "error_title": f.label,
                "error_message": "Bitte einen Wert aus der Liste wählen." if strict
                else "Der Wert steht nicht in der Liste; er wird beim Import geprüft.",
                "input_title": f.label[:32],
                "input_message": _short_hint(dataset, f)[:255],
            })
        elif f.kind in ("int", "float", "money") and (f.min is not None or f.max is not None):
            v = {"validate": "integer" if f.kind == "int" else "decimal", "error_type": "warning",
                 "error_title": f.label, "input_title": f.label[:32], "input_message": _short_hint(dataset, f)[:255]}
            if f.min is not None and f.max is not None:
                v.update(criteria="between", minimum=f.min, maximum=f.max,
                         error_message=f"Erwartet: Zahl von {f.min:g} bis {f.max:g}.")
            else:
                v.update(criteria=">=", value=f.min, error_message=f"Erwartet: Zahl ab {f.min:g}.")
            ws.data_validation(rng, v)
        elif f.kind == "date":
            ws.data_validation(rng, {"validate": "date", "criteria": "between",
                                     "minimum": dt.date(1900, 1, 1), "maximum": dt.date(2100, 12, 31),
                                     "error_type": "warning", "error_title": f.label,
                                     "error_message": "Bitte ein Datum eingeben (TT.MM.JJJJ).",
                                     "input_title": f.label[:32], "input_message": _short_hint(dataset, f)[:255]})
    ws.freeze_panes(1, 0)
    ws.set_row(0, 32)
    lists.hide()

    # explanation sheet
    expl.set_column(0, 0, 30)
    expl.set_column(1, 1, 70, wrap)
    expl.set_column(2, 2, 10)
    expl.set_column(3, 3, 12)
    expl.set_column(4, 4, 30)
    expl.set_column(5, 5, 60, wrap)
    expl.write_string(0, 0, f"Vorlage {ds.label} – {ds.source_office}", bold)
    expl.write_string(1, 0, ds.description + " Tragen Sie die Daten im ersten Blatt ab Zeile 2 ein; "
                      "den Stichtag geben Sie beim Hochladen an (oder im Dateinamen, z. B. …_2026-09-30.xlsx).")
    expl.write_string(2, 0, "Blau hinterlegte Überschriften sind Pflichtfelder. Namen, Geburtsdaten, Telefonnummern "
                      "und andere direkte Identifikatoren gehören nicht in die Datei.")
    row = 4
    for c, text in enumerate(("Feld", "Bedeutung", "Einheit", "Pflichtfeld", "Beispiel", "Auswahl / Format")):
        expl.write_string(row, c, text, head)
    for f in ds.fields:
        row += 1
        meaning, example = _meaning(dataset, f)
        expl.write_string(row, 0, f.label, bold if f.required else None)
        expl.write_string(row, 1, meaning)
        expl.write_string(row, 2, _unit(f))
        expl.write_string(row, 3, "ja" if f.required else "nein")
        if isinstance(example, (int, float)) and not isinstance(example, bool):
            expl.write_number(row, 4, example)
        elif example not in ("", None):
            expl.write_string(row, 4, f"z. B. {example}")
        else:
            expl.write_string(row, 4, "leer lassen, wenn unbekannt")
        expl.write_string(row, 5, _format_text(dataset, f))
    wb.close()
    return buf.getvalue()


def _meaning(dataset: str, f: glossary.Field) -> tuple[str, object]:
    meaning, example = MEANINGS.get((dataset, f.key), (f"Angabe „{f.label}“.", ""))
    return (f.help or meaning), example


def _format_text(dataset: str, f: glossary.Field) -> str:
    choices = _choices(dataset, f)
    if f.kind in ("category", "bool") and choices:
        return "Auswahl: " + ", ".join(choices)
    parts = [_KIND_TEXT[f.kind]]
    if f.min is not None and f.max is not None:
        parts.append(f"von {f.min:g} bis {f.max:g}")
    elif f.min is not None:
        parts.append(f"ab {f.min:g}")
    if choices:
        parts.append("Vorschläge in der Liste")
    return ", ".join(parts)


def _short_hint(dataset: str, f: glossary.Field) -> str:
    meaning, _ = _meaning(dataset, f)
    return f"{meaning} {_format_text(dataset, f)}."


def _comment(dataset: str, f: glossary.Field) -> str:
    meaning, example = _meaning(dataset, f)
    req = "Pflichtfeld. " if f.required else ""
    ex = f" Beispiel: {example}" if example not in ("", None) else ""
    return f"{req}{meaning}{ex}"


def all_templates() -> dict[str, bytes]:
    """File name → bytes for every dataset."""
    return {file_name(k): template_xlsx(k) for k in glossary.DATASET_KEYS}
