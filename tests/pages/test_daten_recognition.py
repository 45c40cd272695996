"""AppTest of the Daten page's recognition report (issue #14 part 1): an upload with a low-confidence
column mapping shows the confirmation (one click to accept, a choice to change); the confirmed mapping
is remembered on import and applied to the next file of the same layout, which then needs no confirmation."""

from __future__ import annotations

import io

import xlsxwriter

from ankunft.storage import store as store_mod

from .conftest import all_text, no_exception, open_page, upload

HEADER = ["Nr.", "Bezeichnung", "Aufnahmekapazität", "Bewohner", "Stadtteil"]


def _export(rows: list[list], stand: str) -> bytes:
    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, {"in_memory": True})
    ws = wb.add_worksheet("GU")
    ws.write(0, 0, "Stadtverwaltung Kaiserslautern – Referat Soziales")
    ws.write(1, 0, f"Stand: {stand}")
    ws.write_row(3, 0, HEADER)
    for i, r in enumerate(rows):
        ws.write_row(4 + i, 0, r)
    wb.close()
    return buf.getvalue()


FIRST = _export([["01", "Asternweg", 220, 180, "Kaiserslautern-West"], ["02", "Hotel Zepp", 60, 41, "Innenstadt-Ost"]],
                "31.10.2026")
SECOND = _export([["01", "Asternweg", 220, 150, "Kaiserslautern-West"], ["02", "Hotel Zepp", 60, 30, "Innenstadt-Ost"],
                  ["03", "Halle Nord", 200, 120, "Erfenbach"]], "30.11.2026")


def _confirm_buttons(at):
    return [b for b in at.button if b.label == "Übernehmen"]


def test_low_confidence_mapping_is_confirmed_and_applied_to_the_next_file_of_that_layout(demo_db):
    at = open_page("daten")
    upload(at, "gu_oktober.xlsx", FIRST)
    no_exception(at)
    text = all_text(at)
    assert "Zuordnung bestätigen" in text
    assert "„Aufnahmekapazität“ → **Plätze**" in text and "Sicherheit" in text
    # the recognition report: the dataset's points and the column's source and score
    assert "Als „Unterkünfte“ erkannt" in text
    frames = [d.value for d in at.dataframe if "erkannt nach" in d.value.columns]
    row = frames[0].set_index("Spalte in der Datei").loc["Aufnahmekapazität"]
    assert (row["erkannt als"], row["erkannt nach"], row["Bestätigung"]) == ("Plätze", "Überschrift", "bitte bestätigen")
    issues = next(d.value for d in at.dataframe if "Code" in d.value.columns)
    assert "mapping_needs_confirmation" in set(issues["Code"])

    buttons = _confirm_buttons(at)
    assert len(buttons) == 1
    buttons[0].click()
    at.run()
    no_exception(at)
    assert "Zuordnung bestätigen" not in all_text(at)
    frames = [d.value for d in at.dataframe if "erkannt nach" in d.value.columns]
    row = frames[0].set_index("Spalte in der Datei").loc["Aufnahmekapazität"]
    assert (row["erkannt als"], row["erkannt nach"], row["Bestätigung"]) == ("Plätze", "von Ihnen bestätigt", "")

    next(b for b in at.button if b.label == "Importieren").click()
    at.run()
    no_exception(at)
    assert "1 Tabelle importiert." in all_text(at)
    s = store_mod.Store(str(demo_db))
    assert {"Aufnahmekapazität": "capacity"}.items() <= next(iter(s.mappings().values())).items()

    upload(at, "gu_november.xlsx", SECOND)
    no_exception(at)
    text = all_text(at)
    assert "gu\\_november.xlsx: bereit zum Import." in text  # the markdown source: the name is escaped (fmt.md)
    assert "Zuordnung bestätigen" not in text and not _confirm_buttons(at)
    frames = [d.value for d in at.dataframe if "erkannt nach" in d.value.columns]
    row = frames[0].set_index("Spalte in der Datei").loc["Aufnahmekapazität"]
    assert (row["erkannt als"], row["erkannt nach"]) == ("Plätze", "von Ihnen bestätigt")


def test_a_low_confidence_mapping_can_be_changed_instead(demo_db):
    at = open_page("daten")
    upload(at, "gu_oktober.xlsx", FIRST)
    box = next(b for b in at.selectbox if b.label == "„Aufnahmekapazität“ ändern")
    box.set_value("")  # nicht importieren
    at.run()
    no_exception(at)
    text = all_text(at)
    assert "Zuordnung bestätigen" not in text
    frames = [d.value for d in at.dataframe if "erkannt nach" in d.value.columns]
    row = frames[0].set_index("Spalte in der Datei").loc["Aufnahmekapazität"]
    assert row["erkannt als"] == "nicht zugeordnet"
