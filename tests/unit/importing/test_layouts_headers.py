"""Recognition of generated office exports (issue #14, part 1): for every declared layout the
dataset, the header row, every column's field (and the columns that must stay unmapped), the row
count and – for services – the category of every row. Plus the wrong-but-plausible readings
(a Kita list as accommodations, a U3 column as places) that must be refused or flagged."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

sys.path.insert(0, str(Path(__file__).parent))
import layouts_headers as lh

from ankunft.importing.io import header_field
from ankunft.importing.pipeline import check_file


def test_the_generator_declares_enough_layouts():
    assert len(lh.LAYOUTS) >= 25
    assert len({lay.id for lay in lh.LAYOUTS}) == len(lh.LAYOUTS)
    assert sum(lay.two_rows for lay in lh.LAYOUTS) >= 5 and sum(bool(lay.title) for lay in lh.LAYOUTS) >= 10


def _field_of(t, c: lh.Col) -> str | None:
    names = [h for h in lh.Layout.shown(c) if h in t.columns or h in t.unmapped_columns]
    assert names, (c.header, t.columns, t.unmapped_columns)
    return t.columns.get(names[0])


@pytest.mark.parametrize("lay", lh.LAYOUTS, ids=lambda lay: lay.id)
def test_layout_is_recognised(lay: lh.Layout):
    name, data = lh.write(lay)
    rep = check_file(data, file_name=name)
    assert rep.code is None, rep.error
    assert [t.dataset for t in rep.tables] == [lay.dataset], (rep.tables, rep.ignored_sheets)
    t = rep.tables[0]
    assert t.header_row == lay.header_row
    assert t.rows == lay.rows
    got = {c.header: _field_of(t, c) for c in lay.cols}
    want = {c.header: c.field for c in lay.cols}
    assert got == want
    assert not t.blocking and not t.errors, [(e.code, e.message) for e in t.errors]
    rec = t.recognition
    assert rec["dataset"]["key"] == lay.dataset and rec["dataset"]["score"] > (rec["dataset"]["runner_up_score"] or 0)
    for col in rec["columns"]:
        if col["field"]:
            assert col["by"] in ("header", "values") and 0 < col["score"] <= 100
            assert col["confirm"] == (col["score"] < 90)
    if lay.category == "Kita":
        assert set(t.frame["category"]) == {"Kita"}
    elif lay.category == "by_row":
        assert t.frame["category"].tolist() == [s[2] for s in lh.SCHOOLS]


# --- wrong but plausible: refused or flagged, never read silently --------------------------------------
def _check(sheets: dict[str, list[list]], file_name: str = "export.xlsx"):
    import writers

    return check_file(writers.xlsx(sheets), file_name=file_name)


KITA_ROWS = [["Kita Sonnenschein", "Stadt", 75, 70, 5], ["Kita Am Betzenberg", "Prot. Kirche", 60, 58, 0],
             ["Haus für Kinder Erfenbach", "Stadt", 45, 40, 2]]


@pytest.mark.parametrize("sheet,file_name,names", [
    ("Kitas", "export.xlsx", None),  # the sheet name says it
    ("Tabelle1", "Kindertagesstaetten_2026.xlsx", None),  # the file name says it
    ("Tabelle1", "export.xlsx", ["Kita Sonnenschein", "Kita Am Betzenberg", "Kita Erfenbach"]),  # the names say it
])
def test_kita_list_is_never_read_as_accommodations(sheet, file_name, names):
    rows = [list(r) for r in KITA_ROWS]
    if names:
        for r, n in zip(rows, names):
            r[0] = n
    grid = [["Einrichtung", "Träger", "Plätze", "belegt", "Warteliste"], *rows]
    rep = _check({sheet: grid}, file_name)
    assert [t.dataset for t in rep.tables] == ["services"], rep.ignored_sheets
    t = rep.tables[0]
    assert t.columns == {"Einrichtung": "name", "Plätze": "capacity", "belegt": "enrolled",
                         "Warteliste": "waiting_list"}
    assert "accommodations" != t.recognition["dataset"]["key"]
    if sheet == "Kitas" or file_name != "export.xlsx":
        assert set(t.frame["category"]) == {"Kita"} and "category" in t.derived
    assert not t.blocking


def test_a_kita_sheet_that_fits_no_service_columns_is_refused_not_filed_as_accommodations():
    grid = [["Haus", "Betten", "belegt", "Mietvertrag bis"], ["A", 20, 10, "31.12.2027"], ["B", 30, 25, "31.12.2028"]]
    rep = _check({"Kitas": grid})
    assert all(t.dataset != "accommodations" for t in rep.tables)


@pytest.mark.parametrize("header", [
    [("Plätze", "U3"), ("Plätze", "gesamt")],  # the U3 sub-column first, under a merged group cell
    [("Plätze", "davon unter 3"), ("Plätze", "insgesamt")],
    [("Plätze", "unter 3 J."), ("Plätze", "Summe")],
])
def test_u3_sub_column_is_never_the_places(header):
    lay = lh.Layout("u3", "services", "Kitas", "kitas.xlsx", (
        lh.Col("name", "Einrichtung", ("Kita A", "Kita B")),
        lh.Col("places_under_3", header[0], (10, 12)),
        lh.Col("capacity", header[1], (75, 60)),
        lh.Col("enrolled", "belegt", (70, 55))))
    name, data = lh.write(lay)
    t = check_file(data, file_name=name).tables[0]
    f = t.frame
    assert f["capacity"].tolist() == [75, 60]
    assert f["places_under_3"].tolist() == [10, 12]


@pytest.mark.parametrize("u3_header", ["Plätze (U3)", "U3-Plätze", "Plätze unter 3 Jahre", "Pl. U3"])
def test_a_lone_u3_column_never_becomes_the_places(u3_header):
    grid = [["Einrichtung", u3_header, "belegt"], ["Kita A", 10, 70], ["Kita B", 12, 55]]
    t = _check({"Kitas": grid}).tables[0]
    assert t.columns.get(u3_header) != "capacity"
    assert t.frame["capacity"].isna().all()


def test_children_under_3_are_not_silently_taken_for_places_under_3():
    grid = [["Einrichtung", "Plätze", "Kinder unter 3 Jahren"], ["Kita A", 75, 10], ["Kita B", 60, 12]]
    t = _check({"Kitas": grid}).tables[0]
    col = next(c for c in t.recognition["columns"] if c["header"] == "Kinder unter 3 Jahren")
    assert col["field"] is None or col["confirm"], col


def test_a_guessed_mapping_is_flagged_with_score_and_runner_up():
    grid = [["Stand: 01.10.2026"], [], ["Bezeichnung", "Aufnahmekapazität", "Bewohner"], ["Asternweg", 120, 80],
            ["Hotel Zepp", 60, 40]]
    t = _check({"GU": grid}).tables[0]
    assert t.columns["Aufnahmekapazität"] == "capacity"
    col = next(c for c in t.recognition["columns"] if c["header"] == "Aufnahmekapazität")
    assert col["confirm"] and 70 <= col["score"] < 90 and col["by"] == "header"
    warn = [w for w in t.warnings if w.code == "mapping_needs_confirmation"]
    assert [w.column for w in warn] == ["Aufnahmekapazität"]
    assert "bestätigen" in warn[0].message and "Plätze" in warn[0].message


@pytest.mark.parametrize("unknown", ["Gebiet", "Lagebezeichnung Sozialraum", "Sozialraum"])
def test_values_name_a_column_whose_header_names_no_field_and_ask_for_confirmation(unknown):
    grid = [["Unterkunft", "Plätze", unknown], ["Asternweg", 120, "Betzenberg"], ["Hotel Zepp", 60, "Innenstadt-Ost"],
            ["Halle Nord", 200, "Erfenbach"], ["Pfaffgelände", 80, "Kaiserslautern-West"]]
    t = _check({"Daten": grid}).tables[0]
    assert t.columns[unknown] == "district"
    col = next(c for c in t.recognition["columns"] if c["header"] == unknown)
    assert col["by"] == "values" and col["confirm"] and col["score"] <= 80
    assert t.frame["district_id"].tolist() == ["06", "01", "18", "09"] or t.frame["district_id"].notna().all()


def test_values_that_contradict_a_header_flag_it_for_confirmation():
    grid = [["Unterkunft", "Plätze", "Belegung"], ["Asternweg", "rund hundert", 80], ["Hotel Zepp", "sechzig", 40],
            ["Halle Nord", "zweihundert", 150]]
    t = _check({"Daten": grid}).tables[0]
    col = next(c for c in t.recognition["columns"] if c["header"] == "Plätze")
    assert col["field"] == "capacity" and col["confirm"] and col["score"] < 90
    ok = next(c for c in t.recognition["columns"] if c["header"] == "Belegung")
    assert not ok["confirm"] and ok["score"] == 100


# --- composed headers: parts × separators × case, drawn by hypothesis -------------------------------------
NUMBER = st.sampled_from(["Nr.", "Nr", "Nummer", "Kennung", "Kennz.", "ID", "-Nr."])
SEP = st.sampled_from(["-", " ", ".-", " - ", "_"])
CASE = st.sampled_from([str, str.upper, str.lower])
# (dataset, field, the thing a key is for, as offices shorten it)
KEYED = [("residents", "person_id", ["Pers.", "Personen", "Person", "Pers"]),
         ("residents", "household_id", ["HH", "Haushalt", "Haushalts", "Fam.", "Familien", "Familie"]),
         ("housing", "object_id", ["Obj.", "Objekt", "Whg.", "Wohnungs"]),
         ("districts", "district_id", ["Stadtteil", "Stadtteil", "Ortsbez.", "Stat. Bez."])]


@settings(max_examples=60, deadline=None)
@given(which=st.sampled_from(KEYED), data=st.data(), number=NUMBER, sep=SEP, case=CASE)
def test_composed_key_headers_are_recognised(which, data, number, sep, case):
    dataset, key, subjects = which
    subject = data.draw(st.sampled_from(subjects))
    text = case(f"{subject}{'' if number.startswith('-') else sep}{number}")
    assert header_field(text, dataset) == key, text


@settings(max_examples=60, deadline=None)
@given(prefix=st.sampled_from(["", "Anz. ", "Anzahl ", "Anzahl der ", "Zahl der "]),
       word=st.sampled_from(["Plätze", "Betten", "Platzzahl"]),
       suffix=st.sampled_from(["", " insg.", " insgesamt", " gesamt", " (gesamt)", " lt. Vertrag"]), case=CASE)
def test_composed_places_headers_are_recognised_and_never_u3(prefix, word, suffix, case):
    text = case(f"{prefix}{word}{suffix}")
    assert header_field(text, "accommodations") == "capacity", text
    assert header_field(case(f"{prefix}{word} U3{suffix}"), "services") != "capacity"
