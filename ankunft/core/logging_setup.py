"""Logging without personal data.

Users never see error details (``client.showErrorDetails = "none"``); the details go to the
server log instead. Uploaded exports contain names, birth dates and addresses, and Python/pandas
error messages quote the offending cell (``could not convert string to float: 'Müller'``), so
every log record is redacted **when it is created**, before any handler sees it:

* quoted literals (``'…'``, ``"…"``, ``„…“``, ``«…»``) → ``'[…]'``
* e-mail addresses → ``[E-Mail]``
* dates (``01.10.2026``, ``2026-10-01``, ``1.10.26``) → ``[Datum]``
* digit runs of 6 or more (IDs, phone numbers, IBAN parts) → ``[Zahl]``
* ``key=value`` / ``key: value`` pairs whose key names a cell, row, value or person field
  (``wert=…``, ``zelle: …``, ``name=…``, ``row=…``) → ``key=[…]``

Tracebacks are formatted and their exception messages redacted the same way; file/line references
and source lines are kept (they are code, not data), as are Python names that Python's own messages
quote ("module 'ankunft.ui.widgets' has no attribute 'page_link'"). Row numbers like "Zeile 12" and
field names stay, so a log line still says *where* an error happened.

``install()`` is idempotent; call it once per process (the app's sign-in gate and the CLI do).
"""

from __future__ import annotations

import logging
import re
import traceback

REDACTED = "[…]"

_QUOTED = re.compile(r"""'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*"|„[^“\n]*“|«[^»\n]*»""")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_DATE = re.compile(r"\b\d{1,2}\.\d{1,2}\.(?:\d{4}|\d{2})\b|\b\d{4}-\d{2}-\d{2}(?:[ T]\d{2}:\d{2}(?::\d{2})?)?\b")
_LONG_NUMBER = re.compile(r"\b\d{6,}\b|\b\d{2,5}(?: \d{2,5}){2,}\b")
_PERSONAL_KEYS = (
    "wert", "value", "values", "zelle", "cell", "row", "zeilendaten", "record", "daten", "data",
    "name", "vorname", "nachname", "surname", "given_name", "person", "geburtsdatum", "birth_date",
    "dob", "adresse", "address", "anschrift", "email", "e-mail", "telefon", "phone", "iban",
)
_KEY_VALUE = re.compile(
    r"(?i)\b(" + "|".join(re.escape(k) for k in _PERSONAL_KEYS) + r")(\s*[:=]\s*)(\[[^\]]*\]|\([^)]*\)|\{[^}]*\}|(?:[^\s,;)]|,(?=\d))+)"
)


# Python names quoted by Python's own messages ("module 'x' has no attribute 'y'", "No module
# named 'x'", "name 'x' is not defined") are code, not data: kept, so a log still says what broke.
# Only these exact phrasings count, and only ASCII identifiers: "Name 'Ahmad'" is still redacted.
_CODE_BEFORE = re.compile(r"(?:\bmodule|has no attribute|No module named|cannot import name)\s*$")
_CODE_AFTER = re.compile(r"^ is not defined")
_IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*$")
_TRACEBACK_FILE = re.compile(r'^\s+File "[^"\n]*", line \d+')


def _quoted(match: re.Match) -> str:
    inner = match.group(0)[1:-1]
    before = match.string[max(0, match.start() - 40):match.start()]
    after = match.string[match.end():match.end() + 20]
    if _IDENTIFIER.match(inner) and (_CODE_BEFORE.search(before) or _CODE_AFTER.match(after)):
        return match.group(0)
    return "'" + REDACTED + "'"


def redact_traceback(text: str) -> str:
    """Redact a formatted traceback: file/line references and source lines are code and stay;
    exception messages (where cell values appear) are redacted like any log text."""
    out = []
    in_frames = False
    for line in text.split("\n"):
        if line.startswith("Traceback (most recent call last):"):
            in_frames = True
            out.append(line)
        elif in_frames and (_TRACEBACK_FILE.match(line) or line.startswith("    ")):
            out.append(line)
        else:
            in_frames = False
            out.append(redact(line))
    return "\n".join(out)


def redact(text: str) -> str:
    """Remove cell values and personal data from a log text; keep structure and row numbers."""
    if not text:
        return text
    text = _QUOTED.sub(_quoted, text)
    text = _EMAIL.sub("[E-Mail]", text)
    text = _DATE.sub("[Datum]", text)
    text = _KEY_VALUE.sub(lambda m: m.group(1) + m.group(2) + REDACTED, text)
    text = _LONG_NUMBER.sub("[Zahl]", text)
    return text


def redact_record(record: logging.LogRecord) -> logging.LogRecord:
    """Redact a record in place: message with its arguments, exception text and stack."""
    if getattr(record, "_ankunft_redacted", False):
        return record
    try:
        message = record.getMessage()
    except Exception:  # a broken %-format must not break logging
        message = f"{record.msg!s} (Argumente nicht formatierbar)"
    record.msg = redact(message)
    record.args = ()
    if record.exc_info and record.exc_info[0] is not None:
        formatted = "".join(traceback.format_exception(*record.exc_info)).rstrip("\n")
        record.exc_text = redact_traceback(formatted)
        record.exc_info = None
    elif record.exc_text:
        record.exc_text = redact_traceback(record.exc_text)
    if record.stack_info:
        record.stack_info = redact(record.stack_info)
    record._ankunft_redacted = True
    return record


class PersonalDataFilter(logging.Filter):
    """A handler/logger filter that redacts each record (for handlers set up elsewhere)."""

    def filter(self, record: logging.LogRecord) -> bool:
        redact_record(record)
        return True


_installed = False


def install(level: int = logging.INFO) -> None:
    """Redact every log record of this process at creation time; set the 'ankunft' logger level.

    Works for loggers that exist already and those created later (Streamlit creates its loggers
    lazily, each with its own handler), because it wraps the record factory, not the handlers.
    """
    global _installed
    if _installed:
        return
    previous = logging.getLogRecordFactory()

    def factory(*args, **kwargs) -> logging.LogRecord:
        return redact_record(previous(*args, **kwargs))

    logging.setLogRecordFactory(factory)
    logging.getLogger("ankunft").setLevel(level)
    _installed = True


def is_installed() -> bool:
    return _installed
