"""Generator of realistic export layouts for the value side of the import (issue #14 part 2).

`VARIANTS` is the declared list; `build(variant)` writes the file and returns what a correct import
must find: dataset, header row, field mapping, number of data rows, control totals, skipped rows
(Excel rows) and the dropped personal columns. Expected values come from the generated data itself
(what was written into the cells), never from the importer's own lists.

The variants follow how offices write exports (see ../shared/reference/export-quirks.md): title
blocks, a city total as the first data row, subtotals after each group, a block total in the
middle, hidden rows left from deleted records, kinds of heating and bath locations instead of
yes/no, free-text defect lists, thousands separators and units in count cells, full birth dates and
person names, Excel's UTF-16 "Unicode text" with or without byte-order mark, cp1252 CSV and .ods.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

import writers

DISTRICTS = [("01", "Innenstadt-Ost"), ("02", "Innenstadt-Südwest"), ("03", "Innenstadt West/Kotten"),
             ("04", "Innenstadt Nord/Kaiserberg"), ("05", "Grübentälchen/Volkspark"), ("06", "Betzenberg"),
             ("07", "Lämmchesberg/Uniwohnstadt"), ("09", "Kaiserslautern-West"), ("12", "Morlautern"),
             ("13", "Erlenbach"), ("15", "Dansenberg"), ("16", "Hohenecken"), ("17", "Siegelbach"),
             ("18", "Erfenbach")]
TITLES = [["Stadtverwaltung Kaiserslautern"], ["Referat Soziales – Abt. Integration"], ["Stand: 30.09.2026"]]
# heating kinds and bath locations as inspection reports write them, with the yes/no they mean
HEATING = [("Gas-Etagenheizung", True), ("Zentralhzg.", True), ("Fernwärme", True), ("Nachtspeicheröfen", True),
           ("Einzelöfen (Kohle)", True), ("keine", False), ("ohne Heizung", False), ("Öl-Zentralheizung", True)]
BATH = [("in der Wohnung", True), ("auf dem Flur", False), ("Gemeinschafts-WC", False), ("innerhalb der Whg.", True),
        ("Etagen-WC im Treppenhaus", False)]
DEFECTS = [("kein Warmwasser; Schimmel im Bad", False, True), ("Fenster undicht", None, None),
           ("Feuchtigkeit Keller, kein WW", False, True), ("", None, None), ("Schimmelbefall Kinderzimmer", None, True)]


@dataclass(frozen=True)
class Variant:
    name: str
    dataset: str
    fmt: str = "xlsx"  # xlsx, xls, ods, csv, csv-cp1252, utf16, utf16-bom, utf16-be-bom
    titles: int = 2  # title rows above the header
    totals: str = "none"  # none, top, bottom, subtotals, middle
    hidden: int = 0  # data rows hidden in the spreadsheet (deleted records)
    quirks: tuple[str, ...] = ()  # thousands, percent_in_count, sheet_hidden
    headers: int = 0  # which header wording of the dataset


VARIANTS = [
    Variant("Stadtteile, Stadt insgesamt oben", "districts", totals="top"),
    Variant("Stadtteile, Summe unten, cp1252-CSV", "districts", fmt="csv-cp1252", totals="bottom", headers=1),
    Variant("Stadtteile, Kernstadt zusammen in der Mitte", "districts", totals="middle", titles=3),
    Variant("Stadtteile, Unicode-Text mit BOM", "districts", fmt="utf16-bom", totals="top", headers=2),
    Variant("Stadtteile, Unicode-Text ohne BOM", "districts", fmt="utf16", totals="bottom"),
    Variant("Stadtteile, Tausender mit Komma", "districts", fmt="csv", quirks=("thousands",), titles=1),
    Variant("Stadtteile, .ods mit Zwischensummen", "districts", fmt="ods", totals="subtotals", headers=1),
    Variant("Kitas, Zwischensumme je Stadtteil", "services", totals="subtotals"),
    Variant("Kitas, Summe oben, .ods", "services", fmt="ods", totals="top", headers=1),
    Variant("Kitas, ausgeblendete Zeilen", "services", hidden=2, totals="bottom"),
    Variant("Kitas, Prozent in Plätzen", "services", quirks=("percent_in_count",), headers=1),
    Variant("Kitas, UTF-16 BE mit BOM", "services", fmt="utf16-be-bom", totals="subtotals", titles=0),
    Variant("Unterkünfte, ausgeblendete Zeilen, .ods", "accommodations", fmt="ods", hidden=2),
    Variant("Unterkünfte, Summe unten mit Fußnote", "accommodations", totals="bottom", headers=1),
    Variant("Unterkünfte, Gesamt oben, CSV", "accommodations", fmt="csv", totals="top"),
    Variant("Unterkünfte, Tausender und ausgeblendet", "accommodations", hidden=1, quirks=("thousands",),
            headers=1),
    Variant("Unterkünfte, ausgeblendetes Blatt", "accommodations", quirks=("sheet_hidden",), totals="bottom"),
    Variant("Wohnungsaufsicht, Heizungsart und Bad-Lage", "housing"),
    Variant("Wohnungsaufsicht, Mängel als Freitext, .ods", "housing", fmt="ods", headers=1),
    Variant("Wohnungsaufsicht, Unicode-Text ohne BOM", "housing", fmt="utf16", totals="bottom"),
    Variant("Wohnungsaufsicht, ausgeblendete Zeilen", "housing", hidden=2, headers=1),
    Variant("Bewohner, Geburtsdatum und Namen", "residents"),
    Variant("Bewohner, Geb.-Datum, Telefon, CSV", "residents", fmt="csv", headers=1),
    Variant("Bewohner, .ods mit ausgeblendeten Zeilen", "residents", fmt="ods", hidden=2, headers=1),
    Variant("Bewohner, Unicode-Text mit BOM", "residents", fmt="utf16-bom", titles=0),
    # Excel 97–2003 (.xls): hidden rows come from the BIFF8 ROW records (io/xls_hidden.py)
    Variant("Unterkünfte, .xls mit ausgeblendeten Zeilen", "accommodations", fmt="xls", hidden=2, totals="bottom"),
    Variant("Bewohner, .xls mit ausgeblendeten Zeilen", "residents", fmt="xls", hidden=1, headers=1),
    Variant("Stadtteile, .xls mit Stadt insgesamt oben", "districts", fmt="xls", totals="top", headers=2),
    Variant("Kitas, .xls mit Zwischensummen", "services", fmt="xls", totals="subtotals", headers=1),
    Variant("Unterkünfte, .xls mit Tausender-Komma", "accommodations", fmt="xls", quirks=("thousands",),
            totals="bottom"),
    Variant("Unterkünfte, .xls mit ausgeblendetem Blatt", "accommodations", fmt="xls", quirks=("sheet_hidden",),
            headers=1),
    Variant("Wohnungsaufsicht, Heizung und Bad, .xls", "housing", fmt="xls", titles=1),
    Variant("Wohnungsaufsicht, Mängel als Freitext, .xls", "housing", fmt="xls", headers=1, totals="bottom"),
    Variant("Bewohner, .xls mit Geburtsdatum und Namen", "residents", fmt="xls", titles=3),
    Variant("Kitas, .xls mit Prozent in Plätzen", "services", fmt="xls", quirks=("percent_in_count",)),
]


@dataclass
class Expected:
    dataset: str
    header_row: int
    columns: dict[str, str]  # header -> field
    rows: int
    totals: dict[str, float]
    skipped: list[int]  # Excel rows
    dropped: list[str] = field(default_factory=list)  # personal columns never read
    errors: list[tuple[str, int]] = field(default_factory=list)  # (code, Excel row)
    warnings: list[str] = field(default_factory=list)  # codes that must be there
    values: dict[str, list] = field(default_factory=dict)  # field -> values in frame order


HEADERS = {
    "districts": [("Nr.", "Stadtteil", "Einwohner", "Kinder 3-5"), ("Stadtteil-Nr.", "Stadtteil", "Bevölkerung",
                                                                      "3 bis unter 6"),
                  ("StB", "Bezirk", "EW", "Kinder 3 bis 5")],
    "services": [("Nr.", "Einrichtung", "Art", "Stadtteil", "Plätze", "Belegt"),
                 ("Kita-Nr", "Name der Einrichtung", "Einrichtungsart", "Stadtteil", "genehmigte Plätze",
                  "betreute Kinder")],
    "accommodations": [("Nr.", "Unterkunft", "Stadtteil", "Plätze", "Belegung"),
                       ("Objekt-Nr", "Name der Unterkunft", "Stadtteil", "Kapazität", "Bewohnerzahl")],
    "housing": [("Objekt-Nr.", "Anschrift", "Wohnungen", "Bewohner", "Heizung", "Bad/WC"),
                ("Objekt-Nr.", "Anschrift", "Wohnungen", "Bewohner", "Mängel")],
    "residents": [("Personen-Nr.", "Unterkunft", "Einzug", "Geburtsdatum", "Name, Vorname"),
                  ("Person-ID", "Unterkunft", "Einzug", "Geb.-Datum", "Telefon")],
}
FIELDS = {
    "districts": ("district_id", "name", "population", "children_3_5"),
    "services": ("id", "name", "category", "district", "capacity", "enrolled"),
    "accommodations": ("id", "name", "district", "capacity", "occupancy"),
    "housing": {0: ("object_id", "address", "flats", "residents", "heating", "bath_wc"),
                1: ("object_id", "address", "flats", "residents", "defects")},
    "residents": ("person_id", "accommodation", "move_in", None, None),
}
SUMMABLE = {"districts": ("population", "children_3_5"), "services": ("capacity", "enrolled"),
            "accommodations": ("capacity", "occupancy"), "housing": ("flats", "residents"), "residents": ()}
FIRST = ["Ahmad", "Fatima", "Olena", "Mohammed", "Aylin", "Yusuf", "Mariam", "Dmytro"]
LAST = ["Karimi", "Haddad", "Kovalenko", "Al-Hassan", "Yilmaz", "Abdi", "Nasser"]


def _records(v: Variant, rnd: random.Random) -> list[list]:
    """Data rows (cells as written) of the variant's dataset; the first column is the key."""
    n = rnd.randint(6, 10)
    out = []
    for k in range(n):
        nr, district = DISTRICTS[k % len(DISTRICTS)]
        if v.dataset == "districts":
            out.append([nr, district, rnd.randint(1200, 11_500), rnd.randint(30, 400)])
        elif v.dataset == "services":
            cap = rnd.randint(25, 120)
            out.append([f"K{k + 1:03d}", f"Kita {district.split('/')[0]} {k + 1}", rnd.choice(["Kita", "Kita"]),
                        district, cap, cap - rnd.randint(0, 20)])
        elif v.dataset == "accommodations":
            cap = rnd.randint(20, 240)
            out.append([f"U{k + 1:02d}", f"GU {district.split('/')[0]} {k + 1}", district, cap,
                        rnd.randint(0, cap)])
        elif v.dataset == "housing":
            base = [f"W-{k + 1:04d}", f"Slevogtstraße {k + 2}", rnd.randint(1, 12), rnd.randint(1, 30)]
            if v.headers == 0:
                base += [HEATING[k % len(HEATING)][0], BATH[k % len(BATH)][0]]
            else:
                base += [DEFECTS[k % len(DEFECTS)][0]]
            out.append(base)
        else:
            birth = dt.date(rnd.randint(1950, 2020), rnd.randint(1, 12), rnd.randint(1, 28))
            personal = (f"{LAST[k % len(LAST)]}, {FIRST[k % len(FIRST)]}" if v.headers == 0
                        else f"0631 {rnd.randint(100000, 999999)}")
            out.append([f"P{k + 1:05d}", "GU Asternweg", dt.date(2025, 1 + k % 12, 1 + k % 28), birth, personal])
    return out


def _sum_row(label: str, records: list[list], v: Variant) -> list:
    fields = FIELDS[v.dataset] if v.dataset != "housing" else FIELDS["housing"][v.headers]
    row: list = ["" for _ in fields]
    label_col = 1 if v.dataset in ("districts", "services", "accommodations") else 0
    row[label_col] = label
    for i, f in enumerate(fields):
        if f in SUMMABLE[v.dataset]:
            row[i] = sum(r[i] for r in records if isinstance(r[i], (int, float)))
    return row


def build(v: Variant, seed: int = 0) -> tuple[bytes, str, Expected]:
    """Long: one generator for all variants keeps the layout rules (titles, totals, hidden rows) in one place."""
    rnd = random.Random(f"{v.name}-{seed}")
    records = _records(v, rnd)
    headers = list(HEADERS[v.dataset][v.headers])
    fields = FIELDS[v.dataset] if v.dataset != "housing" else FIELDS["housing"][v.headers]
    numeric_overrides: dict[tuple[int, int], object] = {}  # (record, column) -> cell as written
    errors: list[tuple[int, str]] = []  # (record index, code)
    warnings: list[str] = []
    if "thousands" in v.quirks:
        col = fields.index(SUMMABLE[v.dataset][0])
        records[1][col] = 1234
        numeric_overrides[(1, col)] = "1,234"
        warnings.append("thousands_comma")
    if "percent_in_count" in v.quirks:
        col = fields.index(SUMMABLE[v.dataset][0])
        numeric_overrides[(2, col)] = "45 %"
        errors.append((2, "unit_mismatch"))
    grid: list[list] = [list(t) for t in TITLES[3 - v.titles:]] if v.titles else []
    header_index = len(grid)
    grid.append(headers)
    body: list[tuple[str, object]] = []  # ("data", record index) or ("skip", row) / ("note", row)
    if v.totals == "top":
        body.append(("skip", _sum_row("Stadt Kaiserslautern insgesamt" if v.dataset == "districts" else "Insgesamt",
                                      records, v)))
    groups = [records[:len(records) // 2], records[len(records) // 2:]]
    for g, group in enumerate(groups):
        for rec in group:
            body.append(("data", records.index(rec)))
        if v.totals == "subtotals":
            name = group[0][3] if v.dataset == "services" else group[0][1]
            body.append(("skip", _sum_row(f"Zwischensumme {name}", group, v)))
        if v.totals == "middle" and g == 0:
            body.append(("skip", _sum_row("Kernstadt zusammen", group, v)))
    if v.totals in ("bottom", "subtotals"):
        body.append(("skip", _sum_row("Summe" if v.totals == "bottom" else "Gesamt", records, v)))
    if v.totals == "bottom" and v.dataset == "accommodations":
        body.append(("skip", ["* vorläufige Belegungszahlen, Quelle: Sozialamt"]))
    # deleted records: never the rows that carry a quirk (their warning must show)
    hidden_records = set(rnd.sample(range(3, len(records)), v.hidden)) if v.hidden else set()
    hidden_rows: set[int] = set()
    skipped: list[int] = []
    data_rows: list[int] = []
    for kind, item in body:
        grid_row = len(grid)
        if kind == "data":
            rec = list(records[item])
            for (ri, ci), cell in numeric_overrides.items():
                if ri == item:
                    rec[ci] = cell
            grid.append(rec)
            if item in hidden_records:
                hidden_rows.add(grid_row)
                skipped.append(grid_row + 1)
            else:
                data_rows.append(item)
        else:
            grid.append(item)
            skipped.append(grid_row + 1)
    kept = [records[i] for i in data_rows]
    bad = {(item, fields.index(SUMMABLE[v.dataset][0])) for item, _ in errors}
    totals = {f: float(sum(records[i][fields.index(f)] for i in data_rows if (i, fields.index(f)) not in bad))
              for f in SUMMABLE[v.dataset]}
    columns = {h: f for h, f in zip(headers, fields) if f}
    dropped = [h for h, f in zip(headers, fields) if not f]
    excel_of = {item: i for i, item in enumerate(data_rows)}
    exp_errors = sorted((code, _excel_row(body, header_index, item)) for item, code in errors if item in excel_of)
    values = _expected_values(v, kept)
    if v.hidden:
        warnings.append("hidden_rows")
        if v.totals in ("top", "bottom"):  # the file's own total still counts the deleted records
            warnings.append("sum_row_includes_hidden")
    if v.dataset == "housing" and v.headers == 1:
        warnings.append("derived_from_text")
    if "sheet_hidden" in v.quirks:
        warnings.append("hidden_sheet")
    data, name = _write(v, grid, hidden_rows)
    return data, name, Expected(dataset=v.dataset, header_row=header_index + 1, columns=columns, rows=len(kept),
                                totals=totals, skipped=skipped, dropped=dropped, errors=exp_errors,
                                warnings=warnings, values=values)


def _excel_row(body: list, header_index: int, item: int) -> int:
    for k, (kind, it) in enumerate(body):
        if kind == "data" and it == item:
            return header_index + 2 + k
    raise KeyError(item)


def _expected_values(v: Variant, kept: list[list]) -> dict[str, list]:
    if v.dataset == "housing" and v.headers == 0:
        return {"heating": [dict(HEATING)[r[4]] for r in kept], "bath_wc": [dict(BATH)[r[5]] for r in kept]}
    if v.dataset == "housing":
        flags = {d: (h, m) for d, h, m in DEFECTS}
        return {"hot_water": [flags[r[4]][0] for r in kept], "damp_mould": [flags[r[4]][1] for r in kept]}
    if v.dataset == "residents":
        return {"birth_year": [r[3].year for r in kept]}
    return {}


def _write(v: Variant, grid: list[list], hidden_rows: set[int]) -> tuple[bytes, str]:
    sheet = {"districts": "Bevölkerung", "services": "Kitas", "accommodations": "Unterkünfte",
             "housing": "Begehungen", "residents": "Bewohner"}[v.dataset]
    stem = f"{sheet.lower()}_30.09.2026"
    if v.fmt in ("xlsx", "ods", "xls"):
        sheets = {sheet: grid}
        hidden_sheets = set()
        if "sheet_hidden" in v.quirks:
            sheets = {"Hinweise": [["Erläuterungen zur Liste"], ["Keine Daten auf diesem Blatt."]], sheet: grid}
            hidden_sheets = {sheet}
        writer = {"xlsx": writers.xlsx, "ods": writers.ods, "xls": writers.xls}[v.fmt]
        return writer(sheets, hidden={sheet: hidden_rows}, hidden_sheets=hidden_sheets), f"{stem}.{v.fmt}"
    if v.fmt == "csv":
        return writers.text(grid), f"{stem}.csv"
    if v.fmt == "csv-cp1252":
        return writers.text(grid, "cp1252"), f"{stem}.csv"
    enc = "utf-16-be" if "be" in v.fmt else "utf-16-le"
    return writers.text(grid, enc, "\t", bom=v.fmt.endswith("bom")), f"{stem}.txt"
