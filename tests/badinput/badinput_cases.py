"""Generated bad-input corpus for the import pipeline (issue 2 / issue 9).

Run `python tests/badinput/badinput_cases.py OUTDIR` to write every case to OUTDIR and print the
expected codes; tests call `build_all(tmp_dir)`. Big cases (a million formatted rows, a zip
bomb, 5,000 columns, a file over the upload limit) are generated at test time, never committed.

Each case names the file it writes, the level its code appears on ("file": FileReport.code or a
file warning; "table": an issue of a table) and, for table issues, the Excel row and column.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import random
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import xlsxwriter


@dataclass
class Formula:
    formula: str
    value: object = None


@dataclass
class Case:
    name: str
    file: str
    build: Callable[[Path], None]
    code: str
    level: str = "file"  # "file" (FileReport.code), "file_warning", "table"
    row: int | None = None
    column: str | None = None
    severity: str | None = None  # for table issues: "error" / "warning"


def write_xlsx(path: Path, sheets: list[tuple[str, list[list]]], *, dates_as_cells: bool = True) -> Path:
    """Small xlsx writer for tests: rows of str/int/float/date/bool/None/Formula, first row = Excel row 1."""
    wb = xlsxwriter.Workbook(str(path), {"strings_to_numbers": False, "strings_to_formulas": False})
    dfmt = wb.add_format({"num_format": "dd.mm.yyyy"})
    for name, rows in sheets:
        ws = wb.add_worksheet(name)
        for r, row in enumerate(rows):
            for c, v in enumerate(row):
                if v is None or v == "":
                    continue
                if isinstance(v, Formula):
                    ws.write_formula(r, c, v.formula, None, v.value if v.value is not None else 0)
                elif isinstance(v, bool):
                    ws.write_boolean(r, c, v)
                elif isinstance(v, (dt.date, dt.datetime)):
                    d = v if isinstance(v, dt.datetime) else dt.datetime(v.year, v.month, v.day)
                    ws.write_datetime(r, c, d, dfmt)
                elif isinstance(v, (int, float)):
                    ws.write_number(r, c, v)
                else:
                    ws.write_string(r, c, str(v))
    wb.close()
    return path


TITLE = ["Stadtverwaltung Kaiserslautern – Referat Soziales"]
STAND = ["Stand: 01.10.2026"]
ACC_HEADER = ["Nr.", "Unterkunft", "Stadtteil", "Plätze", "Belegung"]
RES_HEADER = ["Personen-Nr.", "Unterkunft", "Einzug", "Auszug", "Geschl.", "Geb.-Jahr", "Aufenthaltsstatus"]


def acc_rows(extra: list[list] | None = None) -> list[list]:
    """Title rows + header in row 4; data from row 5."""
    rows = [TITLE, STAND, [], ACC_HEADER,
            ["001", "Asternweg", "Kaiserslautern-West", 120, 80],
            ["002", "Ehemalige Hauptpost", "Innenstadt-Ost", 200, 150],
            ["003", "Hotel Zepp", "Innenstadt West/Kotten", 60, 40]]
    return rows + (extra or [])


def res_rows(extra: list[list] | None = None) -> list[list]:
    rows = [TITLE, STAND, [], RES_HEADER,
            ["P0001", "001", dt.date(2024, 3, 1), None, "m", 1990, "Duldung"],
            ["P0002", "Ehem. Hauptpost", dt.date(2025, 1, 15), None, "w", 1985, "subsidiärer Schutz"],
            ["P0003", "003", dt.date(2023, 6, 1), dt.date(2025, 2, 1), "w", 2010, "Asylverfahren"]]
    return rows + (extra or [])


def _xlsx(rows_by_sheet):
    def build(p: Path) -> None:
        write_xlsx(p, rows_by_sheet)
    return build


def _bytes(data: bytes):
    def build(p: Path) -> None:
        p.write_bytes(data)
    return build


def _rewrite_zip(src: bytes, replace: dict[str, bytes | None], add: dict[str, bytes] | None = None) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(src)) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            if info.filename in replace:
                if replace[info.filename] is not None:
                    zout.writestr(info.filename, replace[info.filename])
                continue
            zout.writestr(info, zin.read(info.filename))
        for name, data in (add or {}).items():
            zout.writestr(name, data)
    return out.getvalue()


def _valid_xlsx_bytes(rows_by_sheet=None) -> bytes:
    buf = io.BytesIO()
    p = Path(os.devnull)
    del p
    import tempfile
    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / "x.xlsx"
        write_xlsx(path, rows_by_sheet or [("Unterkünfte", acc_rows())])
        buf.write(path.read_bytes())
    return buf.getvalue()


_CT = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
       '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
       '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
       '<Default Extension="xml" ContentType="application/xml"/>'
       '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.'
       'spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/'
       'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>')
_RELS = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.'
         'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.'
         'openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
         '</Relationships>')
_WB = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook xmlns="http://schemas.openxmlformats.'
       'org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
       '<sheets><sheet name="Daten" sheetId="1" r:id="rId1"/></sheets></workbook>')
_WB_RELS = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.'
            'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.'
            'openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
            '</Relationships>')


def raw_xlsx(path: Path, sheet_chunks, *, level: int = 6) -> None:
    """Write a minimal xlsx whose sheet1.xml is streamed from `sheet_chunks` (bytes iterator)."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as z:
        z.writestr("[Content_Types].xml", _CT)
        z.writestr("_rels/.rels", _RELS)
        z.writestr("xl/workbook.xml", _WB)
        z.writestr("xl/_rels/workbook.xml.rels", _WB_RELS)
        with z.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as f:
            for chunk in sheet_chunks:
                f.write(chunk)


_SHEET_HEAD = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.'
               b'openxmlformats.org/spreadsheetml/2006/main">')


def _million_rows(with_dimension: bool):
    def chunks():
        yield _SHEET_HEAD
        if with_dimension:
            yield b'<dimension ref="A1:E1000000"/>'
        yield (b'<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>Unterkunft</t></is></c>'
               b'<c r="B1" t="inlineStr"><is><t>Pl\xc3\xa4tze</t></is></c></row>')
        row = b'<row r="%d" s="1" customFormat="1"/>'
        for start in range(2, 1_000_001, 20_000):
            yield b"".join([row % r for r in range(start, min(start + 20_000, 1_000_001))])
        yield b"</sheetData></worksheet>"

    def build(p: Path) -> None:
        raw_xlsx(p, chunks(), level=1)  # level 1: the rows, not the compression, are what the case is about
    return build


def _lying_dimension(rows: int, cols: int, explicit_refs: bool):
    """A sheet whose <dimension> claims A1:C3 but whose XML holds ``rows`` rows of ``cols`` numbers each,
    with or without r="…" on rows and cells (both are valid SpreadsheetML). One %-format per row
    (a row template), not per cell: building the 600,000-row files took ~10 s otherwise."""
    if explicit_refs:
        row = (b'<row r="%d">' + b"".join(b'<c r="' + _letters(j + 1) + b'%d"><v>%d</v></c>' for j in range(cols))
               + b"</row>")
    else:
        row = b"<row>" + b"<c><v>%d</v></c>" * cols + b"</row>"

    def chunks():
        yield _SHEET_HEAD + b'<dimension ref="A1:C3"/><sheetData>'
        for start in range(1, rows + 1, 5_000):
            rs = range(start, min(start + 5_000, rows + 1))
            columns = [[(r * 7919 + j * 104729) % 1_000_003 for r in rs] for j in range(cols)]
            if explicit_refs:
                columns = [rs] + [x for col in columns for x in (rs, col)]
            yield b"".join([row % t for t in zip(*columns)])
        yield b"</sheetData></worksheet>"

    def build(p: Path) -> None:
        raw_xlsx(p, chunks(), level=1)
    return build


def _letters(n: int) -> bytes:
    s = b""
    while n:
        n, rem = divmod(n - 1, 26)
        s = bytes([65 + rem]) + s
    return s


def _long_csv_cell(p: Path) -> None:
    p.write_bytes(("Unterkunft;Plätze;Bemerkung\nAsternweg;10;" + "x" * 200_000 + "\n").encode())


def _zip_bomb(p: Path) -> None:
    def chunks():
        yield _SHEET_HEAD + b"<sheetData>"
        block = b" " * (1 << 20)
        for _ in range(60):
            yield block
        yield b"</sheetData></worksheet>"
    raw_xlsx(p, chunks(), level=9)


def _wide(p: Path) -> None:
    header = ["Unterkunft", "Plätze"] + [f"Spalte {i}" for i in range(3, 5001)]
    write_xlsx(p, [("Breit", [header, ["Asternweg", 10] + [i for i in range(3, 5001)]])])


def _truncated(p: Path) -> None:
    data = _valid_xlsx_bytes()
    p.write_bytes(data[: len(data) // 2])


def _crc_broken(p: Path) -> None:
    data = bytearray(_valid_xlsx_bytes())
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as z:
        info = z.getinfo("xl/worksheets/sheet1.xml")
    # flip bytes in the middle of the compressed sheet data
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    mid = start + info.compress_size // 2
    for k in range(mid, mid + 8):
        data[k] ^= 0xFF
    p.write_bytes(bytes(data))


def _broken_xml(p: Path) -> None:
    data = _valid_xlsx_bytes()
    p.write_bytes(_rewrite_zip(data, {"xl/worksheets/sheet1.xml": _SHEET_HEAD + b"<sheetData><row r=\"1\"><c r="}))


def _encrypted(p: Path) -> None:
    # OLE compound file holding an "EncryptedPackage" stream: how Excel stores password-protected workbooks
    head = bytes.fromhex("D0CF11E0A1B11AE1") + b"\x00" * 504
    directory = "EncryptionInfo".encode("utf-16-le") + b"\x00" * 50 + "EncryptedPackage".encode("utf-16-le")
    p.write_bytes(head + directory + bytes(random.Random(1).getrandbits(8) for _ in range(4096)))


def _broken_xls(p: Path) -> None:
    head = bytes.fromhex("D0CF11E0A1B11AE1") + b"\x00" * 504
    p.write_bytes(head + "Workbook".encode("utf-16-le") + bytes(random.Random(2).getrandbits(8) for _ in range(4096)))


def _docx(p: Path) -> None:
    with zipfile.ZipFile(p, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<w:document/>")


def _xlsb(p: Path) -> None:
    with zipfile.ZipFile(p, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/workbook.bin", b"\x00\x01")


def _ods(p: Path) -> None:
    with zipfile.ZipFile(p, "w") as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        z.writestr("content.xml", "<office:document-content/>")


def _over_limit(p: Path) -> None:
    with open(p, "wb") as f:  # sparse: 51 MB on paper, no disk used
        f.truncate(51 * 1024 * 1024)


def _macros(p: Path) -> None:
    data = _valid_xlsx_bytes()
    p.write_bytes(_rewrite_zip(data, {}, add={"xl/vbaProject.bin": b"\xd0\xcf\x11\xe0" + b"\x00" * 512}))


def _formula_without_value(p: Path) -> None:
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Unterkünfte"
    for r in acc_rows():
        ws.append(r if r else [None])
    ws.append(["Gesamt", None, None, "=SUM(D5:D7)", "=SUM(E5:E7)"])
    wb.save(p)


def _formulas_cached(p: Path) -> None:
    rows = acc_rows([["Gesamt", None, None, Formula("=SUM(D5:D7)", 380), Formula("=SUM(E5:E7)", 270)]])
    write_xlsx(p, [("Unterkünfte", rows)])


def _csv(text: str, encoding: str = "utf-8"):
    return _bytes(text.encode(encoding))


CSV_ACC = "Nr.;Unterkunft;Stadtteil;Plätze;Belegung\n001;Asternweg;Kaiserslautern-West;120;80\n"


def cases() -> list[Case]:
    """The corpus (≥ 40 cases), each with its own expected code."""
    budget = [["Haushaltsplan 2026 – Teilhaushalt 50 Soziales"], [],
              ["Produkt", "Bezeichnung", "Ansatz 2026", "Ergebnis 2025", "Veränderung"],
              ["31.10", "Leistungen für Asylbewerber", 12_500_000, 11_900_000, 600_000],
              ["31.20", "Unterbringung", 4_200_000, 4_000_000, 200_000]]
    mixed = [TITLE, STAND, [], ["Nr.", "Unterkunft", "Plätze", "Belegung", "Mietvertrag bis", "Stadtteil"],
             ["001", "Asternweg", 120, 80, dt.date(2027, 1, 31), "09"],
             [2, 1234, "viele", True, "bald", 9],
             [dt.date(2020, 1, 1), True, dt.date(2020, 1, 1), "x", 46000, dt.date(2020, 1, 1)]]
    three_dates = [TITLE, STAND, [], RES_HEADER,
                   ["P1", "001", "03.02.2016", None, "m", 1990, "Duldung"],
                   ["P2", "001", 42403, None, "w", 1991, "Duldung"],
                   ["P3", "001", "2016-02-03", None, "w", 1992, "Duldung"],
                   ["P4", "001", "31.02.2016", None, "w", 1993, "Duldung"]]
    ident = [TITLE, STAND, [], ["Personen-Nr.", "Name", "Vorname", "Geburtsdatum", "Unterkunft", "Einzug"],
             ["P1", "Mustermann", "Max", dt.date(1990, 5, 1), "Asternweg", dt.date(2024, 1, 1)]]
    c = [
        Case("leere Datei", "leer.xlsx", _bytes(b""), "empty_file"),
        Case("nur Leerzeichen (CSV)", "leer.csv", _bytes(b"  \r\n \r\n"), "empty_file"),
        Case("Zufallsbytes", "kaputt.xlsx", _bytes(bytes(random.Random(3).getrandbits(8) for _ in range(5000))),
             "not_excel"),
        Case("abgeschnittene Datei", "halb.xlsx", _truncated, "truncated_file"),
        Case("Prüfsumme falsch", "crc.xlsx", _crc_broken, "corrupt_file"),
        Case("kaputtes XML im Blatt", "xml.xlsx", _broken_xml, "corrupt_file"),
        Case("umbenannte Textdatei", "brief.xlsx",
             _bytes("Sehr geehrte Damen und Herren,\nanbei die Liste.\nMit freundlichen Grüßen\n".encode()),
             "not_excel"),
        Case("PDF als .xlsx", "scan.xlsx", _bytes(b"%PDF-1.7\n" + b"\x00\x01" * 100), "not_excel"),
        Case("Word-Dokument als .xlsx", "bericht.xlsx", _docx, "not_excel"),
        Case("HTML als .xls", "export.xls",
             _bytes(b"<html><body><table><tr><td>Unterkunft</td></tr></table></body></html>"), "html_not_excel"),
        Case("verschlüsselte Arbeitsmappe", "geheim.xlsx", _encrypted, "encrypted"),
        Case("beschädigte alte .xls", "alt.xls", _broken_xls, "corrupt_file"),
        Case("Zip-Bombe", "bombe.xlsx", _zip_bomb, "zip_bomb"),
        Case("1 Mio. formatierte Zeilen", "formatiert.xlsx", _million_rows(True), "too_many_rows"),
        Case("1 Mio. Zeilen ohne dimension", "formatiert2.xlsx", _million_rows(False), "too_many_rows"),
        Case("5.000 Spalten", "breit.xlsx", _wide, "too_many_columns"),
        Case("Größenangabe gelogen, 600.000 Zeilen ohne r", "gelogen.xlsx", _lying_dimension(600_000, 4, False),
             "too_many_rows"),
        Case("Größenangabe gelogen, 600.000 Zeilen mit r", "gelogen2.xlsx", _lying_dimension(600_000, 4, True),
             "too_many_rows"),
        Case("Größenangabe gelogen, 2.000 Spalten ohne r", "gelogen3.xlsx", _lying_dimension(3, 2_000, False),
             "too_many_columns"),
        Case("CSV-Zelle über 128 KB", "lang.csv", _long_csv_cell, "cell_too_large"),
        Case("über dem Upload-Limit", "gross.xlsx", _over_limit, "file_too_large"),
        Case("binäre Arbeitsmappe .xlsb", "daten.xlsb", _xlsb, "unsupported_format"),
        Case("OpenDocument .ods ohne Tabellenteil", "daten.ods", _ods, "corrupt_file"),
        Case("Excel-2003-XML", "daten.xml", _bytes(b'<?xml version="1.0"?><Workbook xmlns="urn:schemas-microsoft-'
                                                   b'com:office:spreadsheet"></Workbook>'), "unsupported_format"),
        Case("Haushaltsplan (andere Fachlichkeit)", "haushalt.xlsx", _xlsx([("Haushalt", budget)]), "no_dataset"),
        Case("nur Hinweisblatt", "hinweise.xlsx", _xlsx([("Hinweise", [["Hinweise zur Datei"], ["Keine Daten."]])]),
             "no_dataset"),
        Case("leere Arbeitsmappe", "leer2.xlsx", _xlsx([("Tabelle1", [])]), "empty_workbook"),
        Case("Makros in .xlsm", "makro.xlsm", _macros, "macros_ignored", level="file_warning"),
        Case("Formeln mit Ergebnis", "formeln.xlsx", _formulas_cached, "formula_cells", level="file_warning"),
        Case("Formeln ohne Ergebnis", "formeln2.xlsx", _formula_without_value, "formula_without_value",
             level="file_warning"),
        Case("CSV nicht UTF-8 (Windows-1252)", "ansi.csv", _csv(CSV_ACC, "cp1252"), "csv_encoding",
             level="file_warning"),
        Case("CSV umbenannt in .xlsx", "csv.xlsx", _csv(CSV_ACC), "renamed_csv", level="file_warning"),
        Case("nur Kopfzeile", "kopf.xlsx", _xlsx([("Unterkünfte", [TITLE, STAND, [], ACC_HEADER])]), "no_data_rows",
             level="table"),
        Case("Pflichtspalte fehlt", "ohne_einzug.xlsx",
             _xlsx([("Bewohner", [TITLE, STAND, [], ["Personen-Nr.", "Unterkunft", "Geschl."], ["P1", "001", "m"]])]),
             "missing_required_column", level="table"),
        Case("Pflichtfeld leer", "leerfeld.xlsx", _xlsx([("Unterkünfte", acc_rows([["004", "Neubau", "09", None, 3]]))]),
             "missing_value", level="table", row=8, column="Plätze", severity="error"),
        Case("falscher Typ (Text statt Zahl)", "typ.xlsx",
             _xlsx([("Unterkünfte", acc_rows([["004", "Neubau", "09", "viele", 3]]))]),
             "not_a_number", level="table", row=8, column="Plätze", severity="error"),
        Case("negative Plätze", "negativ.xlsx", _xlsx([("Unterkünfte", acc_rows([["004", "Neubau", "09", -5, 0]]))]),
             "negative_value", level="table", row=8, column="Plätze", severity="error"),
        Case("doppelte Nummer", "doppelt.xlsx",
             _xlsx([("Unterkünfte", acc_rows([["002", "Zweitname", "09", 10, 5]]))]),
             "duplicate_key", level="table", row=8, column="Nr.", severity="error"),
        Case("unbekannte Unterkunft", "referenz.xlsx",
             _xlsx([("Unterkünfte", acc_rows()), ("Bewohner", res_rows([["P9", "GU Nirgendwo", dt.date(2025, 1, 1),
                                                                       None, "m", 1990, "Duldung"]]))]),
             "unknown_reference", level="table", row=8, column="Unterkunft", severity="error"),
        Case("unbekannter Stadtteil", "stadtteil.xlsx",
             _xlsx([("Unterkünfte", acc_rows([["004", "Neubau", "Atlantis", 10, 5]]))]),
             "unknown_district", level="table", row=8, column="Stadtteil", severity="warning"),
        Case("Spalten mit Personendaten", "namen.xlsx", _xlsx([("Bewohner", ident)]), "identifier_column_dropped",
             level="table", column="Name", severity="warning"),
        Case("gemischte Typen in jeder Spalte", "gemischt.xlsx", _xlsx([("Unterkünfte", mixed)]), "not_a_date",
             level="table", row=6, column="Mietvertrag bis", severity="error"),
        Case("Datum in drei Formaten (+ ungültig)", "daten3.xlsx", _xlsx([("Bewohner", three_dates)]), "not_a_date",
             level="table", row=8, column="Einzug", severity="error"),
        Case("Auszug vor Einzug", "auszug.xlsx",
             _xlsx([("Bewohner", res_rows([["P7", "001", dt.date(2025, 5, 1), dt.date(2025, 4, 1), "m", 1990,
                                            "Duldung"]]))]),
             "move_out_before_move_in", level="table", row=8, column="Auszug", severity="error"),
        Case("Einzug nach Stichtag", "zukunft.xlsx",
             _xlsx([("Bewohner", res_rows([["P7", "001", dt.date(2026, 12, 1), None, "m", 1990, "Duldung"]]))]),
             "move_in_after_stichtag", level="table", row=8, column="Einzug", severity="warning"),
        Case("Überbelegung", "ueberbelegt.xlsx",
             _xlsx([("Unterkünfte", acc_rows([["004", "Neubau", "09", 10, 12]]))]),
             "occupancy_above_capacity", level="table", row=8, column="Belegung", severity="warning"),
        Case("ungefähre Zahl", "ca.xlsx", _xlsx([("Unterkünfte", acc_rows([["004", "Neubau", "09", "ca. 100", 5]]))]),
             "approximate_value", level="table", row=8, column="Plätze", severity="warning"),
        Case("Spanne", "spanne.xlsx", _xlsx([("Unterkünfte", acc_rows([["004", "Neubau", "09", "15-20", 5]]))]),
             "range_value", level="table", row=8, column="Plätze", severity="warning"),
        Case("geheim gehaltener Wert", "geheim2.xlsx",
             _xlsx([("Unterkünfte", acc_rows([["004", "Neubau", "09", 10, "*"]]))]),
             "suppressed_value", level="table", row=8, column="Belegung", severity="warning"),
        Case("Summenzeile passt nicht", "summe.xlsx",
             _xlsx([("Unterkünfte", acc_rows([["Gesamt", None, None, 999, 270]]))]),
             "sum_row_mismatch", level="table", row=8, column="Plätze", severity="warning"),
        Case("Excel-Fehlerwert", "fehlerwert.csv",
             _csv("Unterkunft;Plätze;Belegung\nAsternweg;#DIV/0!;3\n"),
             "excel_error", level="table", row=2, column="Plätze", severity="error"),
        Case("Koordinaten außerhalb", "koordinaten.csv",
             _csv("Unterkunft;Plätze;Breite;Länge\nAsternweg;10;123,4;7,7\n"),
             "out_of_range", level="table", row=2, column="Breite", severity="error"),
        Case("kein Stichtag", "ohne_stand.csv", _csv(CSV_ACC), "stichtag_missing", level="table",
             severity="warning"),
        Case("ja/nein unlesbar", "janein.csv",
             _csv("Personen-Nr;Unterkunft;Einzug;Auszugsberechtigt\nP1;GU A;01.02.2025;vielleicht\n"), "not_yes_no",
             level="table", row=2, column="Auszugsberechtigt", severity="error"),
        Case("Heizungsart unbekannt", "heizung.csv",
             _csv("Objekt-Nr;Warmwasser;Heizung\nW1;ja;vielleicht\nW2;ja;Fernwärme\n"), "unknown_values",
             level="table", column="Heizung", severity="warning"),
    ]
    return c


def build_all(out: Path) -> list[tuple[Case, Path]]:
    out.mkdir(parents=True, exist_ok=True)
    built = []
    for case in cases():
        p = out / case.file
        case.build(p)
        built.append((case, p))
    return built


if __name__ == "__main__":
    target = Path(sys.argv[1] if len(sys.argv) > 1 else "badinput-out")
    for case, path in build_all(target):
        where = f" Zeile {case.row}" if case.row else ""
        where += f" Spalte {case.column}" if case.column else ""
        print(f"{path.name:28} {case.code:28} {case.level:12}{where}  – {case.name}")
