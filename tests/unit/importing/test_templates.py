import datetime as dt
import io

import openpyxl
import pytest

from ankunft.core import glossary
from ankunft.importing import templates
from ankunft.importing.pipeline import check_file

STICHTAG = dt.date(2026, 9, 30)

ROWS = {
    "accommodations": [
        {"id": "001", "name": "Asternweg", "district_id": "04", "type": "Gemeinschaftsunterkunft", "capacity": 220,
         "occupancy": 168, "floor_area_m2": 1720.5, "lease_end": dt.datetime(2027, 2, 28), "status": "in Betrieb",
         "monthly_cost_per_place": 199, "lat": 49.4561, "lon": 7.7618},
        {"id": "002", "name": "Ehemalige Hauptpost", "district": "Innenstadt-Ost", "type": "Notunterkunft",
         "capacity": 370, "occupancy": 236, "social_workers": 5, "planned_closure": "30.06.2027",
         "status": "in Schließung", "operator": "DRK"},
    ],
    "residents": [
        {"person_id": "000123", "household_id": "BG-00045", "accommodation": "001",
         "move_in": dt.datetime(2016, 2, 3), "sex": "w", "birth_year": 1988, "nationality": "Syrien",
         "residence_status": "anerkannt (§ 25 Abs. 2 AufenthG)", "may_move_out": "ja"},
        {"person_id": "000124", "household_id": "BG-00045", "accommodation": "001", "move_in": "03.02.2016",
         "move_out": "15.08.2026", "sex": "m", "birth_year": 2015, "nationality": "Syrien",
         "residence_status": "Asylverfahren", "may_move_out": "nein"},
    ],
    "housing": [
        {"object_id": "WA-0001", "address": "Slevogtstraße 20, Whg. 3", "district_id": "09", "flats": 1,
         "residents": 5, "children_under_6": 2, "floor_area_m2": 48, "hot_water": "nein", "heating": "ja",
         "bath_wc": "ja", "damp_mould": "ja", "defects": "kein Warmwasser", "inspection_date": "12.05.2026",
         "status": "in Bearbeitung"},
        {"object_id": "WA-0002", "address": "Feuerbachstraße 7", "district": "Kaiserslautern-West", "flats": 6,
         "residents": 14, "hot_water": "ja", "heating": "ja", "bath_wc": "ja", "damp_mould": "nein",
         "inspection_date": dt.datetime(2025, 11, 3), "status": "behoben", "resolved_date": dt.datetime(2026, 1, 20)},
    ],
    "services": [
        {"id": "K001", "name": "Kita Sonnenschein", "category": "Kita", "district_id": "09", "capacity": 75,
         "places_under_3": 15, "enrolled": 75, "waiting_list": 12, "lat": 49.446, "lon": 7.735},
        {"id": "E001", "name": "Quartiersbüro Slevfisch", "category": "Quartiersbüro",
         "district": "Kaiserslautern-West", "address": "Slevogtstraße 36", "lat": 49.447, "lon": 7.743},
    ],
    "districts": [
        {"district_id": "01", "name": "Innenstadt-Ost", "population": 11442, "children_under_2": 230,
         "children_2": 115, "children_3_5": 350, "children_6_9": 460, "foreign_share": 27.5},
        {"district_id": "09", "name": "Kaiserslautern-West", "population": 8565, "children_under_2": 220,
         "children_2": 110, "children_3_5": 335, "children_6_9": 430, "foreign_share": 22.0},
    ],
}


def fill(dataset, rows) -> bytes:
    wb = openpyxl.load_workbook(io.BytesIO(templates.template_xlsx(dataset)))
    ws = wb[templates.sheet_name(dataset)]
    keys = glossary.DATASETS[dataset].keys
    for r, row in enumerate(rows, start=2):
        for key, value in row.items():
            ws.cell(row=r, column=keys.index(key) + 1, value=value)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


@pytest.mark.parametrize("dataset", glossary.DATASET_KEYS)
def test_filled_template_imports_without_errors(dataset):
    data = fill(dataset, ROWS[dataset])
    rep = check_file(io.BytesIO(data), file_name=templates.file_name(dataset), stichtag=STICHTAG)
    assert rep.code is None
    assert [t.dataset for t in rep.tables] == [dataset]
    t = rep.tables[0]
    assert t.errors == [] and not t.blocking, [(e.code, e.message) for e in t.errors]
    assert t.header_row == 1 and t.rows == len(ROWS[dataset])
    assert t.unmapped_columns == []
    assert set(t.columns.values()) == set(glossary.DATASETS[dataset].keys)
    assert {s["sheet"] for s in rep.ignored_sheets} == {templates.EXPLANATION_SHEET, templates.LISTS_SHEET}
    frame = t.clean_frame()
    first = ROWS[dataset][0]
    for key, value in first.items():
        got = frame.loc[0, key]
        if isinstance(value, dt.datetime):
            assert got == value, key
        elif isinstance(value, (int, float)):
            assert got == pytest.approx(value), key
        elif isinstance(value, str) and glossary.DATASETS[dataset].field(key).kind == "date":
            assert got == dt.datetime.strptime(value, "%d.%m.%Y"), key
        elif value in ("ja", "nein"):
            assert bool(got) is (value == "ja"), key
        else:
            assert got == value, key


def test_values_keep_leading_zeros_and_dates_from_text():
    rep = check_file(io.BytesIO(fill("residents", ROWS["residents"])), stichtag=STICHTAG)
    f = rep.tables[0].clean_frame()
    assert f["person_id"].tolist() == ["000123", "000124"]
    assert f["move_in"].tolist() == [dt.datetime(2016, 2, 3)] * 2
    assert f["move_out"].iloc[1] == dt.datetime(2026, 8, 15)


def test_template_has_dropdowns_explanations_and_required_marks():
    for dataset in glossary.DATASET_KEYS:
        ds = glossary.DATASETS[dataset]
        wb = openpyxl.load_workbook(io.BytesIO(templates.template_xlsx(dataset)))
        assert wb.sheetnames == [templates.sheet_name(dataset), templates.EXPLANATION_SHEET, templates.LISTS_SHEET]
        assert wb[templates.LISTS_SHEET].sheet_state == "hidden"
        ws = wb[templates.sheet_name(dataset)]
        assert [c.value for c in ws[1]] == [f.label for f in ds.fields]
        lists = wb[templates.LISTS_SHEET]
        dropdowns = {}
        for dv in ws.data_validations.dataValidation:
            if dv.type == "list":
                col = str(dv.sqref).split(":")[0].rstrip("0123456789")
                first, last = dv.formula1.split("!")[1].replace("$", "").replace("A", "").split(":")
                dropdowns[col] = [lists.cell(row=r, column=1).value for r in range(int(first), int(last) + 1)]
        for i, f in enumerate(ds.fields):
            col = openpyxl.utils.get_column_letter(i + 1)
            if f.kind == "bool":
                assert dropdowns[col] == ["ja", "nein"], f.key
            elif f.kind == "category":
                assert dropdowns[col] == list(f.choices), f.key
        expl = wb[templates.EXPLANATION_SHEET]
        header_row = next(r for r in range(1, 10) if expl.cell(row=r, column=1).value == "Feld")
        assert [expl.cell(row=header_row, column=c).value for c in range(1, 7)] == [
            "Feld", "Bedeutung", "Einheit", "Pflichtfeld", "Beispiel", "Auswahl / Format"]
        rows = list(expl.iter_rows(min_row=header_row + 1, values_only=True))
        assert [r[0] for r in rows] == [f.label for f in ds.fields]
        assert [r[3] for r in rows] == ["ja" if f.required else "nein" for f in ds.fields]
        assert all(r[1] for r in rows)


def test_specific_explanations():
    wb = openpyxl.load_workbook(io.BytesIO(templates.template_xlsx("accommodations")))
    expl = wb[templates.EXPLANATION_SHEET]
    rows = {r[0]: r for r in expl.iter_rows(values_only=True) if r[0]}
    assert rows["Plätze"][3] == "ja" and rows["Plätze"][4] == 120
    assert rows["Wohnfläche (m²)"][2] == "Quadratmeter"
    assert rows["Kosten je Platz und Monat (€)"][2] == "Euro"
    assert rows["Art"][5].startswith("Auswahl: Gemeinschaftsunterkunft, Notunterkunft")
    assert rows["Mietvertrag bis"][5] == "Datum (TT.MM.JJJJ)"
    assert templates.file_name("accommodations") == "Vorlage_Unterkuenfte.xlsx"
    assert templates.file_name("housing") == "Vorlage_Wohnqualitaet.xlsx"
    assert set(templates.all_templates()) == {templates.file_name(k) for k in glossary.DATASET_KEYS}
