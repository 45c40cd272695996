"""German display tables of an import report (Daten page, CLI text output)."""

from __future__ import annotations

import pandas as pd

from ankunft.core import fmt, glossary
from ankunft.importing.report import FileReport, TableReport

ISSUE_COLUMNS = ["Art", "Zeile", "Spalte", "Wert", "Meldung", "Code"]


def issues_frame(table: TableReport) -> pd.DataFrame:
    """Errors then warnings, one row each, with the Excel row and the column as in the file."""
    rows = []
    for kind, items in (("Fehler", table.errors), ("Hinweis", table.warnings)):
        for i in items:
            rows.append({"Art": kind, "Zeile": i.row, "Spalte": i.column or "", "Wert": i.value or "",
                         "Meldung": i.message, "Code": i.code})
    df = pd.DataFrame(rows, columns=ISSUE_COLUMNS)
    df["Zeile"] = df["Zeile"].astype("Int64")
    return df


def skipped_frame(table: TableReport) -> pd.DataFrame:
    df = pd.DataFrame([{"Zeile": s.row, "Grund": s.reason} for s in table.skipped_rows], columns=["Zeile", "Grund"])
    df["Zeile"] = df["Zeile"].astype("Int64")
    return df


def mapping_frame(table: TableReport) -> pd.DataFrame:
    """File header → recognised field (German label), plus unrecognised and dropped columns."""
    rows = []
    for header, key in table.columns.items():
        label = glossary.label(table.dataset, key) if table.dataset in glossary.DATASETS else key
        rows.append({"Spalte in der Datei": header, "erkannt als": label, "Hinweis": ""})
    for header in table.unmapped_columns:
        rows.append({"Spalte in der Datei": header, "erkannt als": "–", "Hinweis": "nicht erkannt, wird nicht importiert"})
    for header, reason in table.dropped_identifier_columns.items():
        rows.append({"Spalte in der Datei": header, "erkannt als": "–", "Hinweis": f"nicht gespeichert: {reason}"})
    return pd.DataFrame(rows, columns=["Spalte in der Datei", "erkannt als", "Hinweis"])


def totals_frame(table: TableReport) -> pd.DataFrame:
    """Control totals of numeric fields, and the file's own sum row beside them where it has one."""
    rows = []
    for key, total in table.totals.items():
        label = glossary.label(table.dataset, key) if table.dataset in glossary.DATASETS else key
        file_sum = table.sum_row.get(key) if table.sum_row else None
        if file_sum is None:
            check = "keine Summenzeile"
        elif abs(float(file_sum) - float(total)) < 0.5:
            check = "stimmt"
        else:
            check = f"weicht ab ({fmt.signed(float(file_sum) - float(total), 1)})"
        rows.append({"Feld": label, "Summe berechnet": fmt.num(total, 1 if float(total) % 1 else 0),
                     "Summenzeile der Datei": fmt.num(file_sum, 1 if file_sum is not None and float(file_sum) % 1 else 0)
                     if file_sum is not None else "–",
                     "Prüfung": check})
    return pd.DataFrame(rows, columns=["Feld", "Summe berechnet", "Summenzeile der Datei", "Prüfung"])


def table_summary(table: TableReport) -> str:
    """One German line: dataset, rows, Stichtag, errors/warnings."""
    ds = table.dataset_label or "nicht erkannt"
    parts = [f"Blatt „{table.sheet}“: {ds}", fmt.plural(table.rows, "Datenzeile", "Datenzeilen")]
    parts.append(f"Stichtag {fmt.date(table.stichtag)}" if table.stichtag else "ohne Stichtag")
    if table.header_row:
        parts.append(f"Überschrift in Zeile {table.header_row}")
    parts.append(fmt.plural(len(table.errors), "Fehler", "Fehler"))
    parts.append(fmt.plural(len(table.warnings), "Hinweis", "Hinweise"))
    if table.skipped_rows:
        parts.append(fmt.plural(len(table.skipped_rows), "Zeile übersprungen", "Zeilen übersprungen"))
    return " · ".join(parts)


def file_status(report: FileReport) -> tuple[str, str]:
    """(level, German text) for a whole file: level is 'error', 'warning' or 'ok'."""
    if report.code is not None:
        return "error", f"{report.file}: {report.error}"
    if not report.tables:
        return "error", f"{report.file}: keine Tabelle erkannt."
    blocking = [t for t in report.tables if t.blocking]
    faulty = [t for t in report.tables if t.errors and not t.blocking]
    if blocking:
        return "error", f"{report.file}: {len(blocking)} Tabelle(n) nicht importierbar (Aufbau)."
    if faulty:
        n = sum(len(t.error_rows()) for t in faulty)
        return "warning", (f"{report.file}: {fmt.plural(n, 'Zeile', 'Zeilen')} mit Fehlern – importierbar nach "
                           "Bestätigung ohne diese Zeilen.")
    return "ok", f"{report.file}: bereit zum Import."


def importable(reports: list[FileReport], without_faulty_rows: bool) -> bool:
    """True when every table can be imported (with the faulty rows left out if so confirmed)."""
    tables = [t for r in reports for t in r.tables]
    if not tables or any(r.code is not None for r in reports):
        return False
    if any(t.blocking or t.dataset is None or t.stichtag is None for t in tables):
        return False
    return without_faulty_rows or all(not t.errors for t in tables)
