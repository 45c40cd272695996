"""Report data classes of the import pipeline: issues, skipped rows, table and file reports.

Every problem the pipeline finds becomes an `Issue` with a stable `code` (English, for programs
and tests) and a German `message` (for people). `row` is the Excel row number (1-based, as Excel
shows it), `column` the header as written in the file.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

from ankunft.core import glossary

if TYPE_CHECKING:
    import pandas as pd


def _empty_frame() -> "pd.DataFrame":
    import pandas as pd

    return pd.DataFrame()

Severity = Literal["error", "warning"]


@dataclass
class Issue:
    code: str
    message: str
    row: int | None = None
    column: str | None = None
    value: str | None = None
    severity: Severity = "error"

    def to_json(self) -> dict:
        return {"code": self.code, "row": self.row, "column": self.column, "value": self.value,
                "message": self.message}


@dataclass
class SkippedRow:
    row: int
    reason: str

    def to_json(self) -> dict:
        return {"row": self.row, "reason": self.reason}


def _json_number(x: float) -> float | int | None:
    if x is None or (isinstance(x, float) and (math.isnan(x) or math.isinf(x))):
        return None
    x = float(x)
    return int(x) if x.is_integer() and abs(x) < 2**53 else round(x, 6)


@dataclass
class TableReport:
    file: str
    sheet: str
    dataset: str | None = None
    stichtag: dt.date | None = None
    stichtag_source: str | None = None
    header_row: int | None = None
    rows: int = 0
    # file header -> field key
    columns: dict[str, str] = field(default_factory=dict)
    unmapped_columns: list[str] = field(default_factory=list)
    # file header -> German reason
    dropped_identifier_columns: dict[str, str] = field(default_factory=dict)
    errors: list[Issue] = field(default_factory=list)
    warnings: list[Issue] = field(default_factory=list)
    skipped_rows: list[SkippedRow] = field(default_factory=list)
    totals: dict[str, float] = field(default_factory=dict)
    sum_row: dict[str, float] | None = None
    # canonical frame (glossary.conform) of ALL parsed data rows plus "_row" (Excel row)
    frame: pd.DataFrame = field(default_factory=_empty_frame)
    # structural error: no header / no required column / no data rows
    blocking: bool = False
    # hash of the normalised headers (remember user mappings for files of the same layout)
    layout: str = ""
    # fields derived by the pipeline (field key -> German explanation)
    derived: dict[str, str] = field(default_factory=dict)
    # values of vocabulary fields that no rule knows: field key -> {value as written: cells}
    unknown_values: dict[str, dict[str, int]] = field(default_factory=dict)
    # how the table was recognised: dataset points and runner-up, per column matched by header / values /
    # officer with score and runner-up (pipeline.recognition; issue #14)
    recognition: dict = field(default_factory=dict)

    def add(self, issue: Issue) -> None:
        (self.errors if issue.severity == "error" else self.warnings).append(issue)

    def error_rows(self) -> set[int]:
        """Excel rows with at least one error (these are left out when importing without faulty rows)."""
        return {i.row for i in self.errors if i.row is not None}

    def clean_frame(self) -> pd.DataFrame:
        """Rows without errors, without the "_row" column."""
        if self.frame is None or self.frame.empty:
            if self.dataset:
                return glossary.empty_frame(self.dataset)
            return _empty_frame()
        bad = self.error_rows()
        df = self.frame
        if bad and "_row" in df.columns:
            df = df[~df["_row"].isin(bad)]
        return df.drop(columns=["_row"], errors="ignore").reset_index(drop=True)

    @property
    def ok(self) -> bool:
        return not self.errors and not self.blocking

    @property
    def dataset_label(self) -> str | None:
        return glossary.DATASETS[self.dataset].label if self.dataset in glossary.DATASETS else None

    def to_json(self) -> dict:
        return {
            "sheet": self.sheet,
            "dataset": self.dataset,
            "dataset_label": self.dataset_label,
            "stichtag": self.stichtag.isoformat() if self.stichtag else None,
            "stichtag_source": self.stichtag_source,
            "header_row": self.header_row,
            "rows": int(self.rows),
            "columns": dict(self.columns),
            "unmapped_columns": list(self.unmapped_columns),
            "dropped_identifier_columns": dict(self.dropped_identifier_columns),
            "derived": dict(self.derived),
            "unknown_values": {k: dict(v) for k, v in self.unknown_values.items()},
            "blocking": bool(self.blocking),
            "layout": self.layout,
            "errors": [i.to_json() for i in self.errors],
            "warnings": [i.to_json() for i in self.warnings],
            "skipped_rows": [s.to_json() for s in self.skipped_rows],
            "totals": {k: _json_number(v) for k, v in self.totals.items()},
            "sum_row": None if self.sum_row is None else {k: _json_number(v) for k, v in self.sum_row.items()},
            "recognition": self.recognition or None,
        }


@dataclass
class FileReport:
    file: str
    ok: bool = True
    # why the file could not be read / used (None when it could)
    code: str | None = None
    error: str | None = None
    tables: list[TableReport] = field(default_factory=list)
    # [{"sheet": name, "reason": German text}]
    ignored_sheets: list[dict] = field(default_factory=list)
    # file-level notes that do not stop reading (macros ignored, CSV encoding …)
    warnings: list[Issue] = field(default_factory=list)

    @property
    def readable(self) -> bool:
        return self.code is None

    @property
    def exit_status(self) -> int:
        """0 no errors, 1 validation errors, 2 unreadable / nothing importable."""
        if self.code is not None:
            return 2
        if any(not t.ok for t in self.tables):
            return 1
        return 0

    def table(self, dataset: str) -> TableReport | None:
        for t in self.tables:
            if t.dataset == dataset:
                return t
        return None

    def to_json(self) -> dict:
        return {
            "file": self.file,
            "ok": bool(self.ok),
            "code": self.code,
            "error": self.error,
            "warnings": [i.to_json() for i in self.warnings],
            "tables": [t.to_json() for t in self.tables],
            "ignored_sheets": [dict(s) for s in self.ignored_sheets],
        }
