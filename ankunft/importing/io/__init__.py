"""Reading files safely: format sniffing and guards, calamine/CSV readers, header detection."""

from ankunft.importing.io.guards import Limits, ReadError, col_letters
from ankunft.importing.io.header import ColumnInfo, HeaderMatch, find_table, header_field, identifier_reason
from ankunft.importing.io.readers import RawSheet, RawWorkbook, load_bytes, read_workbook

__all__ = [
    "ColumnInfo", "HeaderMatch", "Limits", "RawSheet", "RawWorkbook", "ReadError", "col_letters", "find_table",
    "header_field", "identifier_reason", "load_bytes", "read_workbook",
]
