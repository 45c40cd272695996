import datetime as dt
import io
import sys
import zipfile
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[3] / "tests" / "badinput"))
import badinput_cases as bc  # noqa: E402

from ankunft.importing.io import (
    Limits,
    ReadError,
    col_letters,
    find_table,
    guards,
    header_field,
    identifier_reason,
    readers,
)  # noqa: E402


def test_col_letters_roundtrip():
    assert [col_letters(n) for n in (1, 26, 27, 52, 5000)] == ["A", "Z", "AA", "AZ", "GJH"]
    assert guards.col_number("GJH") == 5000


@pytest.mark.parametrize("data,name,kind", [
    (b"PK\x03\x04rest", "x.xlsx", "xlsx"),
    (b"Nr;Name\n1;A\n", "x.csv", "csv"),
    (b"\xff\xfeN\x00r\x00", "x.txt", "csv"),  # UTF-16 text (Excel "Unicode-Text")
    (bytes.fromhex("D0CF11E0A1B11AE1") + b"\x00" * 100 + "Workbook".encode("utf-16-le"), "x.xls", "xls"),
])
def test_sniff_decides_by_content(data, name, kind):
    assert guards.sniff(data, name) == kind
    assert guards.sniff(data, "neutral.bin") == kind  # the name never decides


@pytest.mark.parametrize("data,code", [
    (b"", "empty_file"),
    (b"%PDF-1.4 ...", "not_excel"),
    (b"\x00\x01\x02\x03" * 100, "not_excel"),
    (b"<!DOCTYPE html><html><table>", "html_not_excel"),
    (bytes.fromhex("D0CF11E0A1B11AE1") + "EncryptedPackage".encode("utf-16-le"), "encrypted"),
    (bytes.fromhex("D0CF11E0A1B11AE1") + b"\x00" * 600, "not_excel"),  # e.g. an old .doc
])
def test_sniff_rejects(data, code):
    with pytest.raises(ReadError) as e:
        guards.sniff(data, "x.xlsx") if data else guards.check_size(0, Limits())
    assert e.value.code == code and e.value.message


def test_size_limit_is_configurable():
    with pytest.raises(ReadError) as e:
        guards.check_size(2_000_000, Limits(max_file_bytes=1_000_000))
    assert e.value.code == "file_too_large" and "1,0 MB" in e.value.message
    guards.check_size(999_999, Limits(max_file_bytes=1_000_000))


def test_load_bytes_checks_the_size_before_reading(tmp_path):
    p = tmp_path / "gross.xlsx"
    with open(p, "wb") as f:
        f.truncate(3 * 1024 * 1024)
    with pytest.raises(ReadError) as e:
        readers.load_bytes(p, None, Limits(max_file_bytes=1024 * 1024))
    assert e.value.code == "file_too_large"
    with pytest.raises(ReadError) as e:
        readers.load_bytes(tmp_path / "fehlt.xlsx", None, Limits())
    assert e.value.code == "file_not_found"
    data, name = readers.load_bytes(io.BytesIO(b"a;b\n"), "upload.csv", Limits())
    assert (data, name) == (b"a;b\n", "upload.csv")


def test_inspect_xlsx_reads_dimension_and_counts_formulas(tmp_path):
    p = bc.write_xlsx(tmp_path / "f.xlsx", [("Daten", [["Unterkunft", "Plätze"], ["A", 1], ["B", 2],
                                                         ["Gesamt", bc.Formula("=SUM(B2:B3)", 3)]])])
    info = guards.inspect_xlsx(p.read_bytes(), Limits())
    assert [(s.name, s.rows, s.cols, s.dimension, s.formulas) for s in info.sheets] == [("Daten", 4, 2, "A1:B4", 1)]
    assert [w.code for w in info.warnings] == ["formula_cells"]


def test_dimension_guard_uses_limits(tmp_path):
    rows = [["Unterkunft", "Plätze"]] + [["A", i] for i in range(30)]
    p = bc.write_xlsx(tmp_path / "f.xlsx", [("Daten", rows)])
    with pytest.raises(ReadError) as e:
        guards.inspect_xlsx(p.read_bytes(), Limits(max_rows=20))
    assert e.value.code == "too_many_rows" and "„Daten“" in e.value.message and "Zeile 31" in e.value.message
    with pytest.raises(ReadError) as e:
        guards.inspect_xlsx(p.read_bytes(), Limits(max_cols=1))
    assert e.value.code == "too_many_columns"
    with pytest.raises(ReadError) as e:
        guards.inspect_xlsx(p.read_bytes(), Limits(max_cells=40))
    assert e.value.code == "too_many_cells"


def test_zip_entry_ratio_and_count(tmp_path):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("xl/workbook.xml", "<workbook/>")
        z.writestr("xl/worksheets/sheet1.xml", b" " * (3 << 20))  # 3 MB of spaces, ratio ≈ 1000:1
    with pytest.raises(ReadError) as e:
        guards.inspect_xlsx(buf.getvalue(), Limits())
    assert e.value.code == "zip_bomb"
    assert guards.inspect_xlsx(buf.getvalue(), Limits(max_ratio=10_000)).sheets == []  # no sheet listed
    with pytest.raises(ReadError) as e:
        guards.inspect_xlsx(buf.getvalue(), Limits(max_entries=1))
    assert e.value.code == "zip_bomb"


def test_csv_encodings_and_separators():
    text = "Unterkunft;Plätze\nHauptpost;12\n"
    for enc, warned in (("utf-8", False), ("utf-8-sig", False), ("cp1252", True), ("utf-16", False)):
        wb = readers.read_csv(text.encode(enc), "x.csv", Limits())
        assert wb.sheets[0].rows == [["Unterkunft", "Plätze"], ["Hauptpost", "12"]], enc
        assert [w.code for w in wb.warnings] == (["csv_encoding"] if warned else []), enc
    wb = readers.read_csv('Unterkunft,Plätze,Fläche\nHauptpost,12,"1.234,5"\nB,3,4\n'.encode(), "x.csv", Limits())
    assert wb.sheets[0].rows[1] == ["Hauptpost", "12", "1.234,5"]
    wb = readers.read_csv("Stand: 01.10.2026\nA\tB\n1\t2\n3\t4\n".encode(), "x.csv", Limits())
    assert wb.sheets[0].rows == [["Stand: 01.10.2026", ""], ["A", "B"], ["1", "2"], ["3", "4"]]


def test_csv_caps():
    text = ("a;" * 20 + "\n") * 3
    with pytest.raises(ReadError) as e:
        readers.read_csv(text.encode(), "x.csv", Limits(max_cols=10))
    assert e.value.code == "too_many_columns"
    with pytest.raises(ReadError) as e:
        readers.read_csv(("a;b\n" * 50).encode(), "x.csv", Limits(max_rows=10))
    assert e.value.code == "too_many_rows"


def test_calamine_reader_keeps_absolute_positions_and_reports_chart_free_sheets(tmp_path):
    p = bc.write_xlsx(tmp_path / "f.xlsx", [("Daten", [[], ["", "Stand: 01.10.2026"], [], ["", "Nr", "Einzug"],
                                                         ["", "01", dt.date(2016, 2, 3)]]),
                                            ("Leer", [])])
    wb = readers.read_workbook(p.read_bytes(), "f.xlsx", Limits())
    rows = wb.sheets[0].rows
    assert rows[1][1] == "Stand: 01.10.2026"  # Excel row 2, column B
    assert rows[4][1:] == ["01", dt.date(2016, 2, 3)]
    assert [s.name for s in wb.sheets] == ["Daten", "Leer"] and wb.sheets[1].rows == []


# --- header detection ---------------------------------------------------------------------------
def test_header_below_title_rows():
    rows = [["Stadtverwaltung Kaiserslautern"], ["Stand: 01.10.2026"], [],
            ["Personen-Nr.", "Unterkunft", "Einzugsdatum", "Staatsang."], ["P1", "001", "03.02.2016", "syrisch"]]
    m = find_table(rows)
    assert (m.dataset, m.header_row, m.header_rows) == ("residents", 3, 1)
    assert {c.header: c.field for c in m.columns} == {"Personen-Nr.": "person_id", "Unterkunft": "accommodation",
                                                       "Einzugsdatum": "move_in", "Staatsang.": "nationality"}


def test_two_row_header_with_group_headings():
    rows = [["Kita-Plätze nach Einrichtung"],
            ["Einrichtung", "Kategorie", "Plätze", "", "Belegt"],
            ["", "", "gesamt", "davon U3", ""],
            ["Kita Sonnenschein", "Kita", 75, 20, 70]]
    m = find_table(rows)
    assert (m.dataset, m.header_row, m.header_rows) == ("services", 2, 2)
    assert {c.header: c.field for c in m.columns} == {
        "Einrichtung": "name", "Kategorie": "category", "Plätze / gesamt": "capacity",
        "davon U3": "places_under_3", "Belegt": "enrolled"}


def test_dataset_detection_ignores_file_names_and_prefers_value_fit():
    # "Name", "Kategorie", "Plätze", "Belegt", "Stadtteil" fit accommodations and services alike
    header = ["Name", "Kategorie", "Plätze", "Belegt", "Stadtteil"]
    m = find_table([header, ["Kita Sonnenschein", "Kita", 75, 70, "09"]])
    assert m.dataset == "services"
    m = find_table([header, ["Asternweg", "Gemeinschaftsunterkunft", 120, 80, "09"]])
    assert m.dataset == "accommodations"


def test_no_table_in_notes_or_budget():
    assert find_table([["Hinweise"], ["Diese Datei enthält …"]]) is None
    assert find_table([["Produkt", "Bezeichnung", "Ansatz 2026"], ["31.10", "Asyl", 1]]) is None


def test_forced_dataset_and_mapping_override():
    rows = [["Haus", "Betten gesamt", "Sonstiges"], ["A", 3, "x"]]
    assert find_table(rows) is None
    m = find_table(rows, dataset="accommodations", mapping={"Haus": "name", "Sonstiges": ""})
    # "Betten gesamt" is recognised by its words ("gesamt" adds nothing, "Betten" names the places)
    assert {c.header: c.field for c in m.columns} == {"Haus": "name", "Betten gesamt": "capacity", "Sonstiges": None}
    m = find_table(rows, mapping={"Haus": "name", "Betten gesamt": "capacity"})
    assert m.dataset == "accommodations" and m.mapped["capacity"].header == "Betten gesamt"


@pytest.mark.parametrize("text,dataset,field", [
    ("Plätze¹", "accommodations", "capacity"),  # footnote marker
    ("Plätze*", "accommodations", "capacity"),
    ("Wohnfläche\n(m²)", "accommodations", "floor_area_m2"),  # line break and unit
    ("WOHNFLÄCHE [m²]", "accommodations", "floor_area_m2"),
    ("Kosten je Platz (EUR)", "accommodations", "monthly_cost_per_place"),
    ("Einzug am:", "residents", "move_in"),
    ("Anzahl Bewohner", "housing", "residents"),
    ("davon U3", "services", "places_under_3"),
    ("unbekannt", "residents", None),
])
def test_header_variants_beyond_the_glossary(text, dataset, field):
    assert header_field(text, dataset) == field


@pytest.mark.parametrize("text,dataset,dropped", [
    ("Name", "residents", True),
    ("Name", "accommodations", False),  # a place name
    ("Vorname", "accommodations", True),
    ("Geburtsdatum", "residents", True),
    ("E-Mail", "services", True),
    ("Tel.", "housing", True),
    ("Aktenzeichen", "housing", True),
    ("Vor- und Nachname", "residents", True),
    ("Anschrift", "residents", True),  # a person's address
    ("Anschrift", "housing", False),  # a building's address
    ("Plätze", "accommodations", False),
])
def test_identifier_headers(text, dataset, dropped):
    reason = identifier_reason(text, dataset)
    assert (reason is not None) == dropped
    if dropped:
        assert "nicht gespeichert" in reason


def test_a_cell_far_below_its_row_is_refused_before_calamine():
    """<c r="OJ4000000"> inside <row r="1">: calamine would size the sheet by that cell (4 million rows x 400
    columns) and abort the process; the guards refuse it from the XML."""
    sheet = ('<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
             '<dimension ref="A1:B1"/><sheetData><row r="1"><c r="A1"><v>1</v></c><c r="OJ4000000"><v>2</v></c>'
             '</row></sheetData></worksheet>')
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("xl/workbook.xml", '<workbook xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/'
                   'relationships"><sheets><sheet name="Daten" sheetId="1" r:id="rId1"/></sheets></workbook>')
        z.writestr("xl/_rels/workbook.xml.rels", '<Relationships><Relationship Id="rId1" '
                   'Target="worksheets/sheet1.xml"/></Relationships>')
        z.writestr("xl/worksheets/sheet1.xml", sheet)
    with pytest.raises(ReadError) as e:
        guards.inspect_xlsx(buf.getvalue(), Limits())
    assert e.value.code == "too_many_rows" and "„Daten“" in e.value.message and "4.000.000" in e.value.message
