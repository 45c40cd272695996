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

Tracebacks are formatted and redacted the same way (the code lines of a traceback are kept: they
are source code, not data). Row numbers like "Zeile 12" and field names stay, so a log line still
says *where* an error happened.

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


def redact(text: str) -> str:
    """Remove cell values and personal data from a log text; keep structure and row numbers."""
    if not text:
        return text
    text = _QUOTED.sub("'" + REDACTED + "'", text)
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
        record.exc_text = redact(formatted)
        record.exc_info = None
    elif record.exc_text:
        record.exc_text = redact(record.exc_text)
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
