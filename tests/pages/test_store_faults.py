"""AppTest: every store fault ends in a German message on the page, never Streamlit's English crash
box (issue #16, item 8). States: damaged file, no database at all, newer schema, read-only file,
full disk; pages: Übersicht and Daten (each page goes through the same frame guard)."""

from __future__ import annotations

import hashlib
import io
from pathlib import Path

import pytest
import xlsxwriter

from tests.unit.storage import faults

from .conftest import all_text, no_exception, open_page

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

BROKEN = {
    "damaged": (faults.damage_pages, "beschädigt"),
    "no_database": (faults.damage_header, "beschädigt"),
    "newer": (faults.make_newer, ("Die Datenbank stammt aus einer neueren Version von Ankunft – bitte die App "
                                  "aktualisieren")),
}


def _errors(at) -> str:
    return "\n".join(str(e.value) for e in at.error)


@pytest.mark.parametrize("page", ["uebersicht", "daten"])
@pytest.mark.parametrize("state", sorted(BROKEN))
def test_unusable_store_shows_german_message(demo_db, page, state):
    make, expected = BROKEN[state]
    make(demo_db)
    before = hashlib.sha256(Path(demo_db).read_bytes()).hexdigest()
    at = open_page(page)
    no_exception(at)
    assert expected in _errors(at)
    assert "Interner Fehler" not in all_text(at)
    if state != "newer":
        assert "Sicherung" in _errors(at)
    assert hashlib.sha256(Path(demo_db).read_bytes()).hexdigest() == before


def _accommodations_file(rows: int = 3000) -> bytes:
    """Enough rows with varied names that storing them needs new pages in the file."""
    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, {"in_memory": True})
    ws = wb.add_worksheet("Unterkünfte")
    ws.write_row(0, 0, ["Belegungsübersicht, Stand: 31.12.2026"])
    ws.write_row(2, 0, ["Nr.", "Bezeichnung", "Stadtteil", "Kapazität", "Belegt"])
    for i in range(rows):
        ws.write_row(3 + i, 0, [f"{i:05d}", f"Unterkunft {i * 7919 % 100003} {hashlib.md5(str(i).encode()).hexdigest()}",
                                "Innenstadt-Ost", 50 + i % 40, 10 + i % 30])
    wb.close()
    return buf.getvalue()


def _real_and_compact(path) -> None:
    """Real data instead of the demo, file compacted: an import then needs new pages (no free ones)."""
    from ankunft.storage.store import Store

    s = Store(path)
    state = s.load_state(s.latest_stichtag())
    s.import_tables([(k, state.stichtag(k), state.df(k), f"{k}.xlsx", k, None) for k in state.views], user="t")
    con = s._connect()
    try:
        con.execute("VACUUM")
    finally:
        con.close()
    faults.checkpoint(path)


@pytest.mark.parametrize("state, expected", [("read_only", "schreibgeschützt"), ("disk_full", "Speicherplatz")])
def test_write_faults_show_german_message(demo_db, monkeypatch, state, expected):
    _real_and_compact(demo_db)
    getattr(faults, state)(monkeypatch)
    at = open_page("uebersicht")
    no_exception(at)
    assert at.metric, "the overview still shows its figures (reading works)"
    at = open_page("daten")
    no_exception(at)
    at.file_uploader(key="uploader").set_value(("unterkuenfte.xlsx", _accommodations_file(), XLSX))
    at.run()
    no_exception(at)
    buttons = [b for b in at.button if "mportieren" in b.label]
    assert buttons and not buttons[0].disabled, all_text(at)
    buttons[0].click()
    at.run()
    no_exception(at)
    assert expected in _errors(at)
    assert "Interner Fehler" not in all_text(at)


def test_read_only_store_focus_change_shows_german_message(demo_db, monkeypatch):
    """A write from a widget callback (saving the focus area) on a read-only store."""
    faults.checkpoint(demo_db)
    faults.read_only(monkeypatch)
    at = open_page("uebersicht")
    no_exception(at)
    at.multiselect(key="focus_ids").set_value(["01", "02"])
    at.run()
    no_exception(at)
    assert "schreibgeschützt" in _errors(at)
