"""Corrections on the Daten page (issue #17): faulty rows as an editable grid, the officer's new text
written into the cell and the whole file checked again by the pipeline, each correction logged."""

import datetime as dt

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ankunft.importing import corrections
from ankunft.storage.store import Store
from ankunft.views import data_view

NOW = dt.datetime(2026, 11, 2, 9, 30)
NAMES = ["Asternweg", "Hotel Zepp", "Colosseum", "Am Heiligenhäuschen", "Pfaffplatz", "Vogelweh", "Betzenberg",
         "Lämmchesberg", "Kotten", "Erfenbach", "Morlautern", "Dansenberg", "Siegelbach", "Einsiedlerhof"]


def csv(rows: list[list[object]], header=("Nr.", "Unterkunft", "Stadtteil-Nr.", "Plätze", "Belegt")) -> bytes:
    lines = ["Stand: 31.10.2026", ";".join(header)] + [";".join(str(v) for v in r) for r in rows]
    return ("\n".join(lines) + "\n").encode("utf-8")


def sites(n: int, bad: dict[int, str] | None = None) -> list[list[object]]:
    """n accommodations; ``bad``: index -> text written into Belegt instead of the number."""
    out = []
    for i in range(n):
        cap = 40 + 10 * i
        out.append([f"{i + 1:03d}", NAMES[i % len(NAMES)] + (f" {i}" if i >= len(NAMES) else ""),
                    f"{(i % 18) + 1:02d}", cap, (bad or {}).get(i, cap - 5)])
    return out


def checked(payload: bytes, ov: dict | None = None, name: str = "export.csv"):
    ov = ov if ov is not None else data_view.new_overrides()
    return data_view.checked_upload(name, payload, ov, mapping_for=lambda layout: None, context={}), ov


def edit(grid: corrections.Grid, row: int, label: str, text: str) -> pd.DataFrame:
    edited = grid.frame.copy()
    edited.loc[edited[corrections.ROW] == row, label] = text
    return edited


def correct(ov: dict, grid: corrections.Grid, edited: pd.DataFrame, name: str = "export.csv") -> None:
    cells = ov["cells"].get(grid.sheet, {})
    ov["cells"][grid.sheet] = corrections.merge(cells, corrections.changes(grid, edited, name, cells))


@pytest.fixture()
def store(tmp_path):
    return Store(tmp_path / "s.db", now=lambda: NOW)


def test_faulty_rows_form_a_grid_with_excel_row_message_and_cell_text():
    res, _ = checked(csv(sites(5, {2: "15O"})))
    (t,) = res.report.tables
    assert t.error_rows() == {5}  # title row, header row, then the third site
    g = res.grids[t.sheet]
    assert g.frame[corrections.ROW].tolist() == [5]
    assert list(g.frame.columns[:2]) == [corrections.ROW, corrections.ERRORS]
    assert {"Unterkunfts-Nr.", "Unterkunft", "Plätze", "Belegung"} <= set(g.frame.columns)
    row = g.frame.iloc[0]
    assert row["Belegung"] == "15O" and row["Plätze"] == "60" and row["Unterkunft"] == "Colosseum"
    assert "Belegt" in row[corrections.ERRORS] or "15O" in row[corrections.ERRORS]
    assert g.headers["occupancy"] == "Belegt"


def test_a_clean_file_has_no_grid():
    res, _ = checked(csv(sites(4)))
    assert res.grids == {} and not res.report.tables[0].errors


def test_correction_is_checked_again_and_imported_complete_and_logged(store):
    payload = csv(sites(14, {6: "15O"}))
    res, ov = checked(payload)
    g = res.grids[res.report.tables[0].sheet]
    correct(ov, g, edit(g, 9, "Belegung", "150"))
    assert not store.has_snapshots()  # nothing stored before the import
    res2, _ = checked(payload, ov)
    (t,) = res2.report.tables
    assert not t.errors and res2.grids == {}
    assert t.frame.set_index("_row").at[9, "occupancy"] == 150
    panel = data_view.import_panel([res2.report])
    assert panel.confirm_label is None and panel.button_label == "Importieren"
    result = data_view.import_reports(store, [res2.report], user="anna", without_faulty_rows=False,
                                      overrides={"d": ov})
    assert result.ok and result.message == "1 Tabelle importiert. 1 korrigierte Zelle im Protokoll."
    frame = store.load_frame(result.snapshot_ids[0])
    assert len(frame) == 14 and frame["occupancy"].tolist()[6] == 150
    log = store.import_log()
    fix = log[log["action"] == "correct"]
    assert len(fix) == 1
    line = fix.iloc[0]
    assert line["user"] == "anna" and "15O → 150" in line["detail"] and "Zeile 9" in line["detail"]
    assert line["detail"] == ("Zeile 9, Belegung (Spalte „Belegt“): 15O → 150 – Unterkünfte, Stichtag 31.10.2026, "
                              "export.csv (Blatt „CSV“).")
    assert line["snapshot_id"] == result.snapshot_ids[0] and line["at"].startswith("2026-11-02 09:30")
    german = data_view.log_table(log)
    assert "korrigiert" in german["Vorgang"].tolist()


def test_a_wrong_correction_stays_in_the_grid_and_keeps_the_files_text_as_old():
    payload = csv(sites(3, {0: "15O"}))
    res, ov = checked(payload)
    g = res.grids[res.report.tables[0].sheet]
    correct(ov, g, edit(g, 3, "Belegung", "viele"))
    res2, _ = checked(payload, ov)
    g2 = res2.grids[res2.report.tables[0].sheet]
    assert g2.frame["Belegung"].tolist() == ["viele"]  # the grid shows the text as it now stands
    correct(ov, g2, edit(g2, 3, "Belegung", "12"))
    (c,) = data_view.corrections_of(ov)
    assert (c.old, c.new, c.row, c.field) == ("15O", "12", 3, "occupancy")
    res3, _ = checked(payload, ov)
    assert not res3.report.tables[0].errors


def test_setting_a_cell_back_to_the_files_text_undoes_the_correction():
    payload = csv(sites(3, {1: "15O"}))
    res, ov = checked(payload)
    g = res.grids[res.report.tables[0].sheet]
    correct(ov, g, edit(g, 4, "Belegung", "20"))
    assert len(data_view.corrections_of(ov)) == 1
    res2, _ = checked(payload, ov)
    assert res2.grids == {}
    fake = corrections.Grid(sheet=g.sheet, frame=edit(g, 4, "Belegung", "20"), fields=g.fields, headers=g.headers)
    correct(ov, fake, edit(g, 4, "Belegung", "15O"))
    assert data_view.corrections_of(ov) == []
    res3, _ = checked(payload, ov)
    assert res3.report.tables[0].error_rows() == {4}


def test_corrections_change_the_check_key():
    payload = csv(sites(3, {1: "15O"}))
    res, ov = checked(payload)
    before = data_view.check_key("d", ov)
    g = res.grids[res.report.tables[0].sheet]
    correct(ov, g, edit(g, 4, "Belegung", "20"))
    assert data_view.check_key("d", ov) != before


@pytest.mark.slow
@settings(max_examples=20, suppress_health_check=[HealthCheck.too_slow])
@given(n=st.integers(3, 12), data=st.data())
def test_random_corrections_change_only_their_cells(n, data):
    """Any set of cells corrected to new valid numbers: those cells read the new value, every other cell of
    the table reads exactly as without corrections (no row or column shifts)."""
    bad = {i: data.draw(st.sampled_from(["15O", "1,2,3", "zwölf", "12 Pers. 3"])) for i in
           data.draw(st.sets(st.integers(0, n - 1), min_size=1, max_size=n))}
    payload = csv(sites(n, bad))
    res, ov = checked(payload)
    base = res.report.tables[0].frame.set_index("_row")
    g = res.grids[res.report.tables[0].sheet]
    edited = g.frame.copy()
    expected: dict[tuple[int, str], float] = {}
    for r in edited[corrections.ROW]:
        new = data.draw(st.integers(0, 999))
        edited.loc[edited[corrections.ROW] == r, "Belegung"] = str(new)
        expected[(int(r), "occupancy")] = float(new)
        if data.draw(st.booleans()):
            cap = data.draw(st.integers(1000, 2000))
            edited.loc[edited[corrections.ROW] == r, "Plätze"] = f"{cap // 1000}.{cap % 1000:03d}"  # German 1.234
            expected[(int(r), "capacity")] = float(cap)
    correct(ov, g, edited)
    res2, _ = checked(payload, ov)
    (t,) = res2.report.tables
    assert not t.errors and res2.grids == {}
    after = t.frame.set_index("_row")
    assert list(after.index) == list(base.index)
    for col in ("id", "name", "district_id", "capacity", "occupancy"):
        for r in after.index:
            if (r, col) in expected:
                assert after.at[r, col] == expected[(r, col)]
            else:
                a, b = after.at[r, col], base.at[r, col]
                assert (pd.isna(a) and pd.isna(b)) or a == b, (r, col, a, b)


def test_xlsx_with_unmapped_and_identifier_columns_between_is_corrected_in_the_right_cell(store):
    import io

    import xlsxwriter

    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, {"in_memory": True})
    ws = wb.add_worksheet("Belegung")
    ws.write_row(0, 0, ["Sozialamt – Stand: 30.09.2026"])
    ws.write_row(2, 0, ["Bemerkung intern", "Nr.", "Objektschlüssel Hausverwaltung", "Bezeichnung", "Kapazität",
                        "Belegung Personen", "Fläche m²"])
    ws.write_row(3, 0, ["", "001", "K-1", "Asternweg", 120, 80, 1540.5])
    ws.write_row(4, 0, ["prüfen", "002", "K-2", "Hotel Zepp", 60, "sechzig", 480.25])
    ws.write_row(5, 0, ["", "003", "K-3", "Colosseum", 69, 50, 300])
    wb.close()
    payload = buf.getvalue()
    res, ov = checked(payload, name="belegung.xlsx")
    (t,) = res.report.tables
    g = res.grids["Belegung"]
    assert g.frame[corrections.ROW].tolist() == [5]
    assert g.frame["Belegung"].tolist() == ["sechzig"]
    area = [c for c in g.frame.columns if c.startswith("Wohnfläche")]
    assert area and g.frame[area[0]].tolist() == ["480,25"]  # a decimal as the officer writes it
    correct(ov, g, edit(g, 5, "Belegung", "58"), name="belegung.xlsx")
    res2, _ = checked(payload, ov, name="belegung.xlsx")
    (t2,) = res2.report.tables
    assert not t2.errors
    f1, f2 = t.frame.set_index("_row"), t2.frame.set_index("_row")
    assert f2.at[5, "occupancy"] == 58
    assert f2.drop(columns="occupancy").equals(f1.drop(columns="occupancy"))
    result = data_view.import_reports(store, [res2.report], user="ben", without_faulty_rows=False,
                                      overrides={"d": ov})
    assert result.ok and len(store.load_frame(result.snapshot_ids[0])) == 3
    detail = store.import_log().query("action == 'correct'")["detail"].iloc[0]
    assert "sechzig → 58" in detail and "Blatt „Belegung“" in detail and "„Belegung Personen“" in detail


@pytest.mark.slow
@settings(max_examples=15, suppress_health_check=[HealthCheck.too_slow])
@given(bad_cap=st.sets(st.integers(0, 5), max_size=3), bad_occ=st.sets(st.integers(0, 5), max_size=3))
def test_columns_with_errors_come_first_and_messages_name_their_column_once(bad_cap, bad_occ):
    rows = sites(6)
    for i in bad_cap:
        rows[i][3] = "vierzig"
    for i in bad_occ:
        rows[i][4] = "15O"
    res, _ = checked(csv(rows))
    (t,) = res.report.tables
    if not (bad_cap or bad_occ):
        assert res.grids == {}
        return
    g = res.grids[t.sheet]
    faulty = [lbl for lbl, on in (("Plätze", bad_cap), ("Belegung", bad_occ)) if on]
    labels = list(g.frame.columns[2:])
    assert labels[:len(faulty)] == faulty  # the faulty columns first (file order among them)
    assert labels[len(faulty):] == [c for c in ["Unterkunfts-Nr.", "Unterkunft", "Stadtteil-Nr.", "Plätze", "Belegung"]
                                    if c not in faulty]
    assert g.frame[corrections.ROW].tolist() == sorted(i + 3 for i in bad_cap | bad_occ)
    for msg in g.frame[corrections.ERRORS]:
        for part in msg.split(" · "):
            assert part.count("Plätze") + part.count("Belegung") + part.count("Belegt") == 1, part


def test_an_import_without_faulty_rows_names_the_left_out_rows_in_the_log(store):
    res, ov = checked(csv(sites(5, {1: "15O", 3: "x1"})))
    result = data_view.import_reports(store, [res.report], user="anna", without_faulty_rows=True, overrides={"d": ov})
    assert result.ok and len(store.load_frame(result.snapshot_ids[0])) == 3
    log = store.import_log()
    (detail,) = log.loc[log["action"] == "import", "detail"].tolist()
    assert detail.endswith("3 Zeilen aus export.csv (Blatt „CSV“); ohne 2 fehlerhafte Zeilen (Zeilen 4, 6).")


def test_grid_digest_changes_with_the_rows_and_only_with_them():
    payload = csv(sites(4, {1: "15O", 2: "x1"}))
    first, ov = checked(payload)
    again, _ = checked(payload)
    g1, g2 = first.grids["CSV"], again.grids["CSV"]
    assert data_view.grid_digest(g1) == data_view.grid_digest(g2)
    correct(ov, g1, edit(g1, 4, "Belegung", "7"))
    g3 = checked(payload, ov)[0].grids["CSV"]
    assert g3.frame[corrections.ROW].tolist() == [5]
    assert data_view.grid_digest(g3) != data_view.grid_digest(g1)


def test_two_row_header_is_corrected_in_the_right_cell():
    import io

    import xlsxwriter

    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, {"in_memory": True})
    ws = wb.add_worksheet("GU")
    ws.write_row(0, 0, ["Stand: 30.09.2026"])
    ws.write_row(2, 0, ["Unterkunft", "", "Kapazität", ""])
    ws.write_row(3, 0, ["Nr.", "Bezeichnung", "Plätze", "Belegt"])
    for r, row in enumerate([["001", "Asternweg", 120, 80], ["002", "Zepp", 60, "6O"], ["003", "Colosseum", 69, 50]]):
        ws.write_row(4 + r, 0, row)
    wb.close()
    payload = buf.getvalue()
    res, ov = checked(payload, name="zwei.xlsx")
    g = res.grids["GU"]
    assert g.frame[corrections.ROW].tolist() == [6] and g.frame["Belegung"].tolist() == ["6O"]
    correct(ov, g, edit(g, 6, "Belegung", "60"), name="zwei.xlsx")
    (t,) = checked(payload, ov, name="zwei.xlsx")[0].report.tables
    assert not t.errors
    assert t.frame[["id", "capacity", "occupancy"]].values.tolist() == [["001", 120, 80], ["002", 60, 60],
                                                                        ["003", 69, 50]]


@pytest.mark.parametrize("dataset", ["residents"])
def test_a_correction_of_a_persons_row_is_logged_without_its_values(dataset):
    c = corrections.Correction(file="a.csv", sheet="CSV", row=12, field="move_in", header="Einzugsdatum",
                               old="31.02.2025", new="28.02.2025")
    text = c.detail(dataset, dt.date(2026, 9, 30))
    assert "31.02.2025" not in text and "28.02.2025" not in text
    assert "Zeile 12" in text and "Einzug" in text and "nicht protokolliert" in text
    other = corrections.Correction(file="a.csv", sheet="CSV", row=12, field="occupancy", header="Belegt",
                                   old="15O", new="150").detail("accommodations", dt.date(2026, 9, 30))
    assert "15O → 150" in other
