"""Cell value parsing: German numbers and dates, Excel serials, symbols, yes/no, categories.

Each `parse_*` function takes the raw cells of one column (as read by calamine or CSV: str, float,
int, bool, date/datetime, "" for empty) and returns the parsed values plus `CellIssue`s
(position in the column, stable code, German message). Work is vectorised where the column is
clean and cached per distinct text otherwise, so 50,000 rows parse in milliseconds.

The parsers live in `cells` (tokens, issue codes, `show`), `numeric`, `dates` (also the Stichtag)
and `categories` (yes/no, text, categories); this module dispatches by field kind and keeps the
names callers use (`parse.parse_numbers`, `parse.stichtag_in_text`, …).
"""

from __future__ import annotations

from ankunft.core import glossary
from ankunft.core.glossary import Field
from ankunft.importing.categories import (
    CATEGORY_ALIASES,
    CATEGORY_RULES,
    MISSING_LIST,
    category_lookup,
    clean_ascii_texts,
    map_category,
    negate_plain,
    parse_bools,
    parse_category,
    parse_text,
)
from ankunft.importing.cells import (
    CELL_CODES,
    DASH_TOKENS,
    EXCEL_ERRORS,
    FALSE_TOKENS,
    SUPPRESSED_TOKENS,
    TEXT_MISSING,
    TRUE_TOKENS,
    UNKNOWN_TOKENS,
    X_MARKS,
    CellIssue,
    show,
    token,
)
from ankunft.importing.dates import (
    EXCEL_EPOCH,
    MAX_SERIAL,
    dates_by_type,
    dates_by_value,
    month_stand_message,
    parse_date_text,
    parse_dates,
    serial_to_date,
    stichtag_from_file_name,
    stichtag_in_sheet_name,
    stichtag_in_text,
    stichtag_month_in_text,
)
from ankunft.importing.numeric import parse_number_text, parse_numbers, to_float

__all__ = [
    "CATEGORY_ALIASES", "CATEGORY_RULES", "CELL_CODES", "DASH_TOKENS", "EXCEL_EPOCH", "EXCEL_ERRORS", "FALSE_TOKENS",
    "MAX_SERIAL", "MISSING_LIST", "SUPPRESSED_TOKENS", "TEXT_MISSING", "TRUE_TOKENS", "UNKNOWN_TOKENS", "X_MARKS",
    "CellIssue", "category_lookup", "clean_ascii_texts", "dates_by_type", "dates_by_value", "map_category",
    "parse_bools", "parse_category", "parse_column", "parse_date_text", "parse_dates", "parse_number_text",
    "parse_numbers", "parse_text", "serial_to_date", "show", "stichtag_from_file_name", "stichtag_in_text",
    "stichtag_month_in_text", "stichtag_in_sheet_name", "month_stand_message", "negate_plain", "to_float", "token",
]


def parse_column(values, f: Field, dataset: str, value_map: dict[str, object] | None = None):
    """Dispatch by field kind. Returns (values, issues). `value_map`: the officer's mapping of values
    as written (yes/no and category fields)."""
    if f.kind in glossary.NUMERIC_KINDS:
        return parse_numbers(values, f)
    if f.kind == "date":
        return parse_dates(values, f)
    if f.kind == "bool":
        return parse_bools(values, f, dataset, value_map)
    if f.kind == "category":
        return parse_category(values, f, dataset, value_map)
    return parse_text(values, f)
