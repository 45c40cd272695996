"""Formula-injection neutralisation for every spreadsheet-like export.

A text cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return may be read as a
formula by Excel, LibreOffice or any program the file is later converted to CSV for
(OWASP "CSV injection"). xlsxwriter's `write_string` already stores such text as a string, but
the value itself stays dangerous once it is copied out or saved as CSV. So the text is prefixed
with a single quote: it then stays inert in every consumer, and the reader sees that the cell
was changed.
"""

from __future__ import annotations

DANGEROUS_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
PREFIX = "'"


def is_dangerous(text: object) -> bool:
    """True for a string that a spreadsheet could interpret as a formula."""
    return isinstance(text, str) and text.startswith(DANGEROUS_PREFIXES)


def neutralise(text: str) -> str:
    """The text, prefixed with a single quote when it starts with a formula trigger."""
    return PREFIX + text if is_dangerous(text) else text


def neutralise_value(value: object) -> object:
    """Like `neutralise` for strings; any other value (numbers, dates, None) is returned unchanged."""
    return neutralise(value) if isinstance(value, str) else value
