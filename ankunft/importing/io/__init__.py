"""Reading files safely: format sniffing and guards, calamine/CSV readers, header detection.

Header detection (``header``: matching, rapidfuzz) is imported on first use, not with the package:
the check command starts reading a file (``read_ahead``) before anything else loads.
"""

from ankunft.importing.io.guards import Limits, ReadError, col_letters
from ankunft.importing.io.readers import RawSheet, RawWorkbook, load_bytes, read_workbook

__all__ = [
    "ColumnInfo", "HeaderMatch", "Limits", "RawSheet", "RawWorkbook", "ReadError", "col_letters", "find_table",
    "header_field", "identifier_reason", "load_bytes", "read_workbook",
]

_FROM_HEADER = frozenset({"ColumnInfo", "HeaderMatch", "find_table", "header_field", "identifier_reason"})


def __getattr__(name: str):
    if name in _FROM_HEADER:
        from ankunft.importing.io import header

        return getattr(header, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
