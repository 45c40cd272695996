"""The Daten page's view model: checking an upload with corrections and remembered mappings,
deciding importability, importing (one transaction, mappings remembered) and the store tables."""

import datetime as dt
import io

import pandas as pd
import pytest
import xlsxwriter

from ankunft.core import fmt, glossary
from ankunft.storage.store import FRESHNESS_LABELS, SNAPSHOT_LABELS, Store
from ankunft.views import data_view

NOW = dt.datetime(2026, 11, 2, 9, 30)
HEADER = ["Nr.", "Unterkunft", "Stadtteil", "Plätze", "Belegung", "Objektschlüssel Hausverwaltung"]


def xlsx(rows, sheet="Unterkünfte") -> bytes:
    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, {"in_memory": True})
    ws = wb.add_worksheet(sheet)
    for i, r in enumerate(rows):
        ws.write_row(i, 0, r)
    wb.close()
    return buf.getvalue()


def accommodations(occupancy_of_second=70) -> bytes:
    return xlsx([["Stand: 31.10.2026"], [], HEADER,
                 ["001", "Asternweg", "Kaiserslautern-West", 120, 80, "Asternweg 30"],
                 ["002", "Hotel Zepp", "03", 60, occupancy_of_second, "Pariser Straße 8"]])


def check(payload, overrides=None, mapping_for=lambda layout: None):
    overrides = overrides if overrides is not None else data_view.new_overrides()
    return data_view.check_upload("export.xlsx", payload, overrides, mapping_for=mapping_for, context={}), overrides


@pytest.fixture()
def store(tmp_path):
    return Store(tmp_path / "s.db", now=lambda: NOW)


# --- checking -------------------------------------------------------------------------------------
def test_check_without_corrections_reports_the_unknown_column():
    rep, ov = check(accommodations())
    (t,) = rep.tables
    assert (t.dataset, t.stichtag, t.rows) == ("accommodations", dt.date(2026, 10, 31), 2)
    assert t.unmapped_columns == ["Objektschlüssel Hausverwaltung"]
    assert ov == {"stichtag": None, "mapping": {}, "dataset": {}, "values": {}, "cells": {}}
    assert data_view.file_status(rep) == ("ok", "export.xlsx: bereit zum Import.")


def test_a_remembered_mapping_of_the_same_layout_is_applied_and_shown_as_a_correction():
    first, _ = check(accommodations())
    layout = first.tables[0].layout
    remembered = {layout: {"Objektschlüssel Hausverwaltung": "address", "Spalte aus einer anderen Datei": "name"}}
    rep, ov = check(accommodations(), mapping_for=remembered.get)
    (t,) = rep.tables
    assert ov["mapping"] == {"Unterkünfte": {"Objektschlüssel Hausverwaltung": "address"}}
    assert t.columns["Objektschlüssel Hausverwaltung"] == "address" and t.unmapped_columns == []
    assert t.frame["address"].tolist() == ["Asternweg 30", "Pariser Straße 8"]


def test_the_users_own_mapping_wins_over_a_remembered_one():
    first, _ = check(accommodations())
    remembered = {first.tables[0].layout: {"Objektschlüssel Hausverwaltung": "address"}}
    ov = data_view.new_overrides()
    ov["mapping"] = {"Unterkünfte": {"Objektschlüssel Hausverwaltung": "operator"}}
    rep, ov = check(accommodations(), ov, mapping_for=remembered.get)
    assert ov["mapping"] == {"Unterkünfte": {"Objektschlüssel Hausverwaltung": "operator"}}
    assert rep.tables[0].columns["Objektschlüssel Hausverwaltung"] == "operator"


def test_a_corrected_stichtag_is_used_and_changes_the_check_key():
    ov = data_view.new_overrides()
    before = data_view.check_key("abc", ov)
    ov["stichtag"] = dt.date(2026, 9, 30)
    assert data_view.check_key("abc", ov) != before
    rep, _ = check(accommodations(), ov)
    assert rep.tables[0].stichtag == dt.date(2026, 9, 30)


def test_upload_digest_depends_on_the_content_only():
    assert data_view.upload_digest(b"a") == data_view.upload_digest(b"a") != data_view.upload_digest(b"b")
    assert len(data_view.upload_digest(b"a")) == 16


def test_preview_has_german_headers_and_no_row_numbers():
    rep, _ = check(accommodations())
    prev = data_view.preview_frame(rep.tables[0])
    assert "_row" not in prev.columns
    assert prev[glossary.label("accommodations", "name")].tolist() == ["Asternweg", "Hotel Zepp"]


# --- deciding -------------------------------------------------------------------------------------
def test_panel_for_clean_files():
    rep, _ = check(accommodations())
    panel = data_view.import_panel([rep])
    assert panel == data_view.ImportPanel(
        has_errors=False, confirm_label=None, button_label="Importieren",
        blocked_hint="Import erst möglich, wenn jede Tabelle einen Datensatz und einen Stichtag hat und keine "
                     "Aufbaufehler enthält.")
    assert data_view.importable([rep], without_faulty_rows=False)


def test_panel_for_faulty_rows_asks_for_confirmation():
    rep, _ = check(accommodations(occupancy_of_second="viele"))
    assert data_view.faulty_rows([rep]) == 1
    panel = data_view.import_panel([rep])
    assert panel.has_errors and panel.button_label == "ohne fehlerhafte Zeilen importieren"
    assert panel.confirm_label == ("Ich bestätige: ohne die 1 fehlerhafte Zeile importieren (sie bleiben im "
                                   "Prüfbericht aufgeführt).")
    assert panel.blocked_hint.endswith(" – und die fehlerhaften Zeilen bestätigt sind.")
    assert not data_view.importable([rep], without_faulty_rows=False)
    assert data_view.importable([rep], without_faulty_rows=True)


def test_an_unreadable_file_is_not_importable():
    rep, _ = check(b"PK\x03\x04 kein Excel")
    assert data_view.file_status(rep)[0] == "error"
    assert not data_view.importable([rep], without_faulty_rows=True)


# --- importing ------------------------------------------------------------------------------------
def test_import_stores_the_tables_and_remembers_the_users_mapping(store):
    ov = data_view.new_overrides()
    ov["mapping"] = {"Unterkünfte": {"Objektschlüssel Hausverwaltung": "address"}}
    rep, ov = check(accommodations(), ov)
    seen = []
    result = data_view.import_reports(store, [rep], user="anna", without_faulty_rows=False,
                                      overrides={"digest": ov}, progress=lambda done, total: seen.append((done, total)))
    assert result.ok and result.message == "1 Tabelle importiert."
    assert seen == [(1, 1)]
    snaps = store.list_snapshots()
    assert snaps["id"].tolist() == list(result.snapshot_ids)
    assert snaps["dataset"].tolist() == ["accommodations"] and snaps["imported_by"].tolist() == ["anna"]
    assert store.mapping_for(rep.tables[0].layout) == {"Objektschlüssel Hausverwaltung": "address"}


def test_import_without_faulty_rows_says_how_many_were_left_out(store):
    rep, ov = check(accommodations(occupancy_of_second="viele"))
    result = data_view.import_reports(store, [rep], user="anna", without_faulty_rows=True, overrides={"d": ov})
    assert result.ok
    assert result.message == "1 Tabelle importiert; 1 fehlerhafte Zeile ausgelassen (siehe Prüfbericht)."
    assert store.load_frame(result.snapshot_ids[0])["id"].tolist() == ["001"]


def test_a_refused_import_stores_nothing_and_says_why(store):
    rep, ov = check(accommodations(occupancy_of_second="viele"))
    result = data_view.import_reports(store, [rep], user="anna", without_faulty_rows=False, overrides={"d": ov})
    assert not result.ok and result.snapshot_ids == ()
    assert result.message.startswith("Import nicht durchgeführt, es wurde nichts gespeichert: export.xlsx")
    assert not store.has_snapshots() and store.import_log().empty


def test_a_cancelled_import_stores_nothing(store):
    ov = data_view.new_overrides()
    ov["mapping"] = {"Unterkünfte": {"Objektschlüssel Hausverwaltung": "address"}}
    rep, ov = check(accommodations(), ov)

    def cancel(done, total):
        raise RuntimeError("Verbindung weg")

    result = data_view.import_reports(store, [rep], user="anna", without_faulty_rows=False, overrides={"d": ov},
                                      progress=cancel)
    assert result == data_view.ImportResult(
        False, "Import nicht durchgeführt, es wurde nichts gespeichert: Import abgebrochen; es wurde nichts "
               "gespeichert.")
    assert not store.has_snapshots()
    assert store.mapping_for(rep.tables[0].layout) is None  # mappings are remembered only after a successful import


# --- freshness and snapshots ----------------------------------------------------------------------
def test_freshness_headline_and_table(store):
    fresh = store.freshness()
    assert data_view.freshness_headline(fresh) == "Noch keine Daten importiert."
    rep, ov = check(accommodations())
    data_view.import_reports(store, [rep], user="anna", without_faulty_rows=False, overrides={"d": ov})
    fresh = store.freshness()
    assert data_view.freshness_headline(fresh) == (
        "1 von 5 Datensätzen liegen vor; ältester Stand: Unterkünfte vom 31.10.2026.")
    table = data_view.freshness_table(fresh)
    assert list(table.columns) == list(FRESHNESS_LABELS.values())
    assert list(table.columns) == ["Datensatz", "Stichtag", "Zeilen", "Importiert am", "Datei"]
    row = table.set_index("Datensatz").loc["Unterkünfte"]
    assert (row["Stichtag"], row["Zeilen"], row["Importiert am"], row["Datei"]) == (
        "31.10.2026", "2", fmt.date(fresh.loc[fresh["dataset"] == "accommodations", "imported_at"].iloc[0]),
        "export.xlsx")


def test_snapshots_table_choice_and_messages(store):
    rep, ov = check(accommodations())
    (sid,) = data_view.import_reports(store, [rep], user="anna", without_faulty_rows=False,
                                      overrides={"d": ov}).snapshot_ids
    snaps = store.list_snapshots()
    table = data_view.snapshots_table(snaps)
    assert list(table.columns) == list(SNAPSHOT_LABELS.values())
    assert list(table.columns) == ["Nr.", "Datensatz", "Stichtag", "Zeilen", "Datei", "Importiert", "von"]
    assert table.iloc[0].tolist() == [sid, "Unterkünfte", "31.10.2026", "2", "export.xlsx",
                                      fmt.date_time(dt.datetime(2026, 11, 2, 9, 30)), "anna"]
    assert data_view.snapshots_title(snaps) == "Gespeicherte Stände (1)"
    assert data_view.snapshot_choice(snaps, sid) == f"Nr. {sid}: Unterkünfte 31.10.2026"
    assert data_view.deleted_message(sid) == f"Stand Nr. {sid} gelöscht."
    assert data_view.purged_message(1, 730) == "1 Stand gelöscht (älter als 730 Tage)."
    assert data_view.purged_message(3, 30) == "3 Stände gelöscht (älter als 30 Tage)."


def test_demo_snapshots_are_labelled_as_examples(store):
    frame = glossary.conform("districts", pd.DataFrame({"district_id": ["01"], "population": [10.0]}))
    store.import_tables([("districts", dt.date(2026, 6, 30), frame, "d.xlsx", "S", None)], user="x", origin="demo")
    assert data_view.snapshots_title(store.list_snapshots()) == "Gespeicherte Stände (1, Beispieldaten)"
    assert data_view.snapshots_title(store.list_snapshots().iloc[:0]) == "Gespeicherte Stände (0)"
