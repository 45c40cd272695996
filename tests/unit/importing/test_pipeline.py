import datetime as dt
import sys
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[3] / "tests" / "badinput"))
import badinput_cases as bc  # noqa: E402

from ankunft.core import glossary  # noqa: E402
from ankunft.core.names import name_key  # noqa: E402
from ankunft.importing.pipeline import Limits, check_file, check_files, layout_signature  # noqa: E402

S = dt.date(2026, 10, 1)


def _export(tmp_path, name="export.xlsx"):
    """An accommodations export shaped like a real one: title rows, two-row header, sum row,
    empty row, footnotes, a repeated header, a notes sheet."""
    acc = [
        ["Stadtverwaltung Kaiserslautern – Referat Soziales"],
        ["Übersicht Gemeinschaftsunterkünfte"],
        ["Stand: 01.10.2026"],
        [],
        ["Nr.", "Unterkunft", "Stadtteil", "Plätze", "", "Kosten je Platz", "Warmwasser"],
        ["", "", "", "gesamt", "belegt", "", ""],
        ["001", "Asternweg", "Kaiserslautern-West", 120, "ca. 80", "380 €", "x"],
        ["002", "Ehem. Hauptpost", "Innenstadt West/Kotten", 200, 150, "1.250,50", ""],
        [],
        ["Nr.", "Unterkunft", "Stadtteil", "Plätze", "", "Kosten je Platz", "Warmwasser"],
        ["003", "Hotel Zepp", "03", 60, "-", 850, "x"],
        ["Summe", "", "", 380, 230, "", ""],
        ["* belegt laut Meldung der Träger"],
        ["Quelle: Referat Soziales"],
    ]
    notes = [["Hinweise"], ["Zeichenerklärung: - = nichts vorhanden, * = geheim"]]
    return bc.write_xlsx(tmp_path / name, [("Unterkünfte", acc), ("Hinweise", notes)])


def test_real_shaped_export(tmp_path):
    rep = check_file(_export(tmp_path))
    assert rep.code is None and rep.ok and rep.exit_status == 0
    assert rep.ignored_sheets == [{"sheet": "Hinweise", "reason": "Hinweise/Legende – keine Datentabelle."}]
    t = rep.tables[0]
    assert (t.dataset, t.header_row, t.rows, t.stichtag, t.stichtag_source) == (
        "accommodations", 6, 3, S, "title_row")
    assert t.columns == {"Nr.": "id", "Unterkunft": "name", "Stadtteil": "district", "Plätze / gesamt": "capacity",
                         "belegt": "occupancy", "Kosten je Platz": "monthly_cost_per_place",
                         "Warmwasser": "hot_water"} or t.columns["Plätze / gesamt"] == "capacity"
    assert [(s.row, s.reason) for s in t.skipped_rows] == [
        (9, "Leerzeile"), (10, "Wiederholte Kopfzeile"), (12, "Summenzeile („Summe“)"),
        (13, "Fußnote/Anmerkung („* belegt laut Meldung der Träger“)"),
        (14, "Fußnote/Anmerkung („Quelle: Referat Soziales“)")]
    f = t.frame.set_index("_row")
    assert f.index.tolist() == [7, 8, 11]
    assert f["id"].tolist() == ["001", "002", "003"]
    assert f["district_id"].tolist() == ["09", "03", "03"]
    assert f["occupancy"].tolist() == [80.0, 150.0, 0.0]  # "ca. 80", "-" = 0
    assert f["monthly_cost_per_place"].tolist() == [380.0, 1250.5, 850.0]
    assert t.totals == {"capacity": 380.0, "occupancy": 230.0}
    assert t.sum_row == {"capacity": 380.0, "occupancy": 230.0}
    assert [(i.code, i.row, i.column, i.value) for i in t.warnings] == [
        ("approximate_value", 7, "belegt", "ca. 80")]
    assert t.unmapped_columns == ["Warmwasser"]  # housing field, not an accommodations field
    assert list(t.frame.columns[:len(glossary.ACCOMMODATIONS.fields)]) == glossary.ACCOMMODATIONS.keys
    assert t.frame["capacity"].dtype == "float64" and t.frame["id"].dtype == "str"
    assert t.layout == layout_signature(["Nr.", "Unterkunft", "Stadtteil", "gesamt", "belegt", "Kosten je Platz",
                                         "Warmwasser"])


def test_sum_row_mismatch_and_footnote_stichtag(tmp_path):
    rows = [["Unterkunft", "Plätze", "Belegung"], ["A", 10, 5], ["B", 20, 5], ["Gesamt", 31, 10],
            ["Stand: 30.09.2026"]]
    rep = check_file(bc.write_xlsx(tmp_path / "x.xlsx", [("Tabelle1", rows)]))
    t = rep.tables[0]
    assert (t.stichtag, t.stichtag_source) == (dt.date(2026, 9, 30), "footnote")
    assert [(i.code, i.row, i.column, i.value) for i in t.warnings] == [("sum_row_mismatch", 4, "Plätze", "31")]
    assert "Summenzeile der Datei 31, berechnet aus den Zeilen 30" in t.warnings[0].message


def test_stichtag_from_file_name_parameter_and_notes_sheet(tmp_path):
    rows = [["Unterkunft", "Plätze"], ["A", 10]]
    p = bc.write_xlsx(tmp_path / "Unterkuenfte_2026-06-30.xlsx", [("T", rows)])
    t = check_file(p).tables[0]
    assert (t.stichtag, t.stichtag_source) == (dt.date(2026, 6, 30), "file_name")
    t = check_file(p, stichtag=S).tables[0]
    assert (t.stichtag, t.stichtag_source) == (S, "parameter")
    p = bc.write_xlsx(tmp_path / "neutral.xlsx", [("T", rows), ("Hinweise", [["Datenstand: 31.12.2025"]])])
    t = check_file(p).tables[0]
    assert (t.stichtag, t.stichtag_source) == (dt.date(2025, 12, 31), "other_sheet")


def test_bytes_source_needs_no_name_and_detection_ignores_the_name(tmp_path):
    data = _export(tmp_path).read_bytes()
    a = check_file(data)
    b = check_file(data, file_name="Bewohner_Liste.xlsx")
    assert a.file == "Upload" and b.file == "Bewohner_Liste.xlsx"
    assert [t.dataset for t in a.tables] == [t.dataset for t in b.tables] == ["accommodations"]


def test_rows_with_errors_stay_listed_and_clean_frame_leaves_them_out(tmp_path):
    rows = bc.acc_rows([["004", "Neubau", "09", "viele", 3], ["005", "Altbau", "09", -2, 0]])
    t = check_file(bc.write_xlsx(tmp_path / "x.xlsx", [("U", rows)])).tables[0]
    assert [(i.code, i.row, i.column, i.value) for i in t.errors] == [
        ("not_a_number", 8, "Plätze", "viele"), ("negative_value", 9, "Plätze", "-2")]
    assert t.rows == 5 and t.error_rows() == {8, 9} and not t.blocking
    assert t.frame["_row"].tolist() == [5, 6, 7, 8, 9]
    clean = t.clean_frame()
    assert clean["id"].tolist() == ["001", "002", "003"] and "_row" not in clean.columns


def test_csv_with_identifier_columns_and_derived_fields():
    csv = ("Personen-Nr;Name;Vorname;Unterkunft;Einzug;Aufenthaltsstatus;Telefon\n"
           "0001;Muster;Max;Asternweg;03.02.2016;Duldung;0631 123\n"
           "0002;Beispiel;Eva;Asternweg;42403;subsidiärer Schutz;\n")
    rep = check_file(csv.encode("cp1252"), file_name="liste.csv")
    t = rep.tables[0]
    assert [w.code for w in rep.warnings] == ["csv_encoding"]
    assert set(t.dropped_identifier_columns) == {"Name", "Vorname", "Telefon"}
    assert t.frame["person_id"].tolist() == ["0001", "0002"]
    assert t.frame["may_move_out"].tolist() == [False, True]
    assert t.frame["move_in"].tolist() == [pd.Timestamp("2016-02-03")] * 2
    assert "may_move_out" in t.derived
    assert not any(v in t.frame.to_string() for v in ("Muster", "Max", "0631"))


def test_mapping_and_dataset_overrides(tmp_path):
    rows = [["Haus", "Betten", "Sonstiges"], ["A", 3, "x"]]
    p = bc.write_xlsx(tmp_path / "x.xlsx", [("Liste", rows)])
    rep = check_file(p)
    assert rep.code == "no_dataset" and rep.exit_status == 2
    rep = check_file(p, dataset={"Liste": "accommodations"}, mapping={"Liste": {"Haus": "name", "Sonstiges": ""}})
    t = rep.tables[0]
    assert t.columns == {"Haus": "name", "Betten": "capacity"} and t.unmapped_columns == ["Sonstiges"]
    assert rep.ok
    rep = check_file(p, dataset={"Liste": "residents"})
    t = rep.tables[0]
    assert t.blocking and [i.code for i in t.errors] == ["no_header"] and rep.exit_status == 1


def test_missing_required_column_blocks(tmp_path):
    rows = [["Personen-Nr.", "Unterkunft", "Geschl."], ["P1", "001", "m"]]
    t = check_file(bc.write_xlsx(tmp_path / "x.xlsx", [("B", rows)])).tables[0]
    assert t.blocking
    assert [(i.code, i.row, i.column) for i in t.errors] == [("missing_required_column", None, None)]
    assert "„Einzug“" in t.errors[0].message


def test_check_files_resolves_references_across_files(tmp_path):
    acc = bc.write_xlsx(tmp_path / "a.xlsx", [("U", bc.acc_rows())])
    res = bc.write_xlsx(tmp_path / "b.xlsx", [("B", bc.res_rows([["P9", "GU Nirgendwo", dt.date(2025, 1, 1), None,
                                                                 "m", 1990, "Duldung"]]))])
    alone = check_file(res)
    assert [i.code for i in alone.tables[0].warnings if i.code == "reference_unchecked"] == ["reference_unchecked"]
    reps = check_files([acc, res])
    r = reps[1].tables[0]
    assert [(i.code, i.row) for i in r.errors] == [("unknown_reference", 8)]
    assert r.frame["accommodation"].tolist()[:3] == ["001", "002", "003"]  # "Ehem. Hauptpost" -> "002"
    # roster vs. occupancy: 80/150/40 in the list, 1/1/0 stays current at 01.10.2026
    assert [(i.code, i.row) for i in reps[0].tables[0].warnings if i.code == "occupancy_mismatch"] == [
        ("occupancy_mismatch", 5), ("occupancy_mismatch", 6), ("occupancy_mismatch", 7)]
    # a tuple gives the name; context supplies the store's accommodations
    reps = check_files([("Bewohner.xlsx", res.read_bytes())], context={"accommodations": reps[0].tables[0].frame})
    assert reps[0].file == "Bewohner.xlsx"
    assert [i.code for i in reps[0].tables[0].errors] == ["unknown_reference"]


def test_limits_file_too_large(tmp_path):
    p = _export(tmp_path)
    rep = check_file(p, limits=Limits(max_file_bytes=1000))
    assert (rep.code, rep.ok, rep.tables) == ("file_too_large", False, [])
    assert "erlaubt sind höchstens" in rep.error


def test_json_shape(tmp_path):
    j = check_file(_export(tmp_path)).to_json()
    assert set(j) == {"file", "ok", "code", "error", "warnings", "tables", "ignored_sheets"}
    t = j["tables"][0]
    assert t["stichtag"] == "2026-10-01" and t["totals"] == {"capacity": 380, "occupancy": 230}
    assert t["warnings"][0] == {"code": "approximate_value", "row": 7, "column": "belegt", "value": "ca. 80",
                                "message": "Belegung: Ungefähre Angabe „ca. 80“: verwendet wird 80."}


def test_layout_signature_and_name_key_exports():
    assert layout_signature(["Plätze", "Unterkunft"]) == layout_signature(["unterkunft", " PLÄTZE "])
    assert layout_signature(["Plätze"]) != layout_signature(["Plätze", "Belegung"])
    assert len(layout_signature(["a"])) == 16
    assert name_key("Ehem. Hauptpost") == name_key("Ehemalige Hauptpost")


def test_fifty_thousand_rows_check_quickly(tmp_path):
    import time

    rows = [["Stand: 01.10.2026"], bc.RES_HEADER]
    for i in range(50_000):
        rows.append([f"P{i:06d}", "001", dt.date(2016, 1, 1) + dt.timedelta(days=i % 3000),
                     None if i % 3 else "03.02.2026", "m" if i % 2 else "w", 1950 + i % 70, "Duldung"])
    p = bc.write_xlsx(tmp_path / "big.xlsx", [("B", rows)])
    t0 = time.process_time()
    rep = check_file(p)
    cpu = time.process_time() - t0
    t = rep.tables[0]
    assert t.rows == 50_000
    assert cpu < 20  # generous: this only catches accidental quadratic behaviour
