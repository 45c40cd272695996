"""The Daten page's recognition report: why a table was taken for its dataset and how each column was
mapped (by its header, by its values or by the officer, with score and runner-up), and the mappings the
officer confirms with one click or changes. Reads ``TableReport.recognition`` (the same data as
``check --json``); no Streamlit here.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from ankunft.core import fmt, glossary
from ankunft.importing.matching import SOURCES
from ankunft.importing.report import TableReport

COLUMNS = ["Spalte in der Datei", "erkannt als", "erkannt nach", "Sicherheit", "Zweitbeste Zuordnung", "Bestätigung"]
IGNORE = ""  # the choice "nicht importieren" in a mapping


def _label(dataset: str | None, key: str | None) -> str:
    if not key:
        return "–"
    if dataset in glossary.DATASETS and key in glossary.DATASETS[dataset].keys:
        return glossary.label(dataset, key)
    return key


def _percent(score: float | None) -> str:
    return "–" if score is None else f"{fmt.num(score, 0)}\u00a0%"


def dataset_reason(table: TableReport) -> str:
    """One German sentence: the dataset, its points, the runner-up and the evidence."""
    rec = (table.recognition or {}).get("dataset")
    if not rec:
        return ""
    label = _label_dataset(rec["key"])
    if rec.get("forced"):
        text = f"Als „{label}“ eingelesen, weil Sie den Datenbestand vorgegeben haben."
    else:
        text = f"Als „{label}“ erkannt ({fmt.num(rec['score'], 1)} Punkte"
        if rec.get("runner_up"):
            text += f"; zweitbester Datenbestand: „{_label_dataset(rec['runner_up'])}“ mit " \
                    f"{fmt.num(rec['runner_up_score'], 1)} Punkten"
        text += ")."
    if rec.get("evidence"):
        text += " Begründung: " + "; ".join(rec["evidence"]) + "."
    if rec.get("category"):
        text += f" Kategorie „{rec['category']}“ für das ganze Blatt aus {rec['category_source']}."
    return text


def _label_dataset(key: str | None) -> str:
    return glossary.DATASETS[key].label if key in glossary.DATASETS else "–"


def columns_frame(table: TableReport) -> pd.DataFrame:
    """Per column of the file: the field, how it was found, the score, the runner-up and whether to confirm."""
    rows = []
    for c in (table.recognition or {}).get("columns", []):
        runner = c.get("runner_up")
        rows.append({
            "Spalte in der Datei": c["header"],
            "erkannt als": _label(table.dataset, c["field"]) if c["field"] else "nicht zugeordnet",
            "erkannt nach": SOURCES.get(c["by"], "–") if c["field"] else "–",
            "Sicherheit": _percent(c["score"]) if c["field"] else "–",
            "Zweitbeste Zuordnung": f"{_label(table.dataset, runner)} ({_percent(c.get('runner_up_score'))})"
            if runner else "–",
            "Bestätigung": "bitte bestätigen" if c.get("confirm") else "",
        })
    return pd.DataFrame(rows, columns=COLUMNS)


@dataclass(frozen=True)
class Confirmation:
    """A mapping the officer confirms (one click) or changes (a choice of the free fields)."""

    header: str
    field: str
    text: str  # German: what was recognised and how sure
    options: tuple[str, ...]  # field keys the column may be changed to; IGNORE = not imported
    option_labels: dict[str, str]


def confirmations(table: TableReport) -> list[Confirmation]:
    """The table's mappings below the confirmation score, in column order."""
    if table.dataset not in glossary.DATASETS:
        return []
    cols = (table.recognition or {}).get("columns", [])
    taken = {c["field"] for c in cols if c["field"]}
    labels = glossary.labels(table.dataset)
    out = []
    for c in cols:
        if not (c.get("confirm") and c["field"]):
            continue
        how = "nach den Werten der Spalte" if c["by"] == "values" else "nach der Überschrift"
        if c.get("reason"):  # a column without a header: what its values showed
            how += f" – {c['reason']} –"
        text = (f"„{c['header']}“ → **{labels[c['field']]}** ({how} erkannt, Sicherheit {_percent(c['score'])}"
                + (f"; zweitbeste: {_label(table.dataset, c['runner_up'])}" if c.get("runner_up") else "") + ")")
        options = (c["field"], *[k for k in labels if k not in taken], IGNORE)
        option_labels = {**labels, IGNORE: "nicht importieren"}
        out.append(Confirmation(c["header"], c["field"], text, options, option_labels))
    return out


def confirm(overrides: dict, sheet: str, header: str, field: str) -> None:
    """Record the officer's choice for a column (remembered for files of the same layout on import)."""
    overrides["mapping"].setdefault(sheet, {})[header] = field


def open_headers(table: TableReport) -> set[str]:
    """Columns a remembered mapping of the same layout may settle: unmapped ones and those awaiting confirmation."""
    cols = (table.recognition or {}).get("columns", [])
    return set(table.unmapped_columns) | {c["header"] for c in cols if c.get("confirm")}
