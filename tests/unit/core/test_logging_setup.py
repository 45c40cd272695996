"""Log records carry no personal data: cell values, names, dates, e-mails are redacted."""

from __future__ import annotations

import io
import logging
import subprocess
import sys
import textwrap
from pathlib import Path

from ankunft.core import logging_setup
from ankunft.core.logging_setup import redact

ROOT = Path(__file__).resolve().parents[3]
CELL = "Yilmaz, Emre"


def test_quoted_cell_values_are_removed_row_numbers_stay():
    msg = "Zeile 14, Spalte Geburtsdatum – could not convert string to float: 'Ahmadi, Fatima'"
    assert redact(msg) == "Zeile 14, Spalte Geburtsdatum – could not convert string to float: '[…]'"
    # "field: value" is always treated as a value, even if it was prose: redact rather than leak
    assert redact("Geburtsdatum: 3.7.88") == "Geburtsdatum: […]"
    assert redact('Wert "Müller" ungültig') == "Wert '[…]' ungültig"
    assert redact("Name „Özdemir“ und «Kaya»") == "Name '[…]' und '[…]'"


def test_emails_dates_and_long_numbers():
    assert redact("import by a.schmidt@kaiserslautern.de") == "import by [E-Mail]"
    assert redact("geboren 03.07.1988 bzw. 1988-07-03, eingezogen 1.10.26") == \
        "geboren [Datum] bzw. [Datum], eingezogen [Datum]"
    assert redact("Aktenzeichen 20231234567 Tel. 0631 365 1234") == "Aktenzeichen [Zahl] Tel. [Zahl]"
    # short numbers (rows, counts, ports) remain
    assert redact("Zeile 12 von 2500, Port 8501") == "Zeile 12 von 2500, Port 8501"


def test_key_value_pairs_naming_personal_fields():
    assert redact("row=[Ali, 3, w] skipped") == "row=[…] skipped"
    assert redact("vorname: Leyla; Zeile 7") == "vorname: […]; Zeile 7"
    assert redact("Wert=12,5 in Zelle C7") == "Wert=[…] in Zelle C7"
    assert redact("dataset=residents rows=2500") == "dataset=residents rows=2500"


def test_record_with_args_and_traceback_is_redacted():
    logger = logging.getLogger("ankunft.test_redaction")
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(logging_setup.PersonalDataFilter())
    logger.addHandler(handler)
    logger.propagate = False
    try:
        try:
            float(CELL)  # the value comes from data, not from this source line
        except ValueError:
            logger.exception("Import fehlgeschlagen für %s am %s", "k.lang@stadt.de", "01.10.2026")
    finally:
        logger.removeHandler(handler)
    out = stream.getvalue()
    assert "Yilmaz" not in out and "k.lang" not in out and "01.10.2026" not in out
    assert "Import fehlgeschlagen für [E-Mail] am [Datum]" in out
    assert "ValueError: could not convert string to float: '[…]'" in out
    assert "Traceback (most recent call last)" in out


def test_install_redacts_streamlit_style_loggers_created_later():
    # A separate process: install() changes the global record factory.
    code = textwrap.dedent("""
        import logging, sys
        from ankunft.core import logging_setup
        logging_setup.install()
        logging_setup.install()  # idempotent
        log = logging.getLogger("streamlit.error_util")   # created after install, own handler
        log.propagate = False
        h = logging.StreamHandler(sys.stdout)
        log.addHandler(h)
        cell = "Nachname Schulz"
        try:
            int(cell)
        except ValueError as ex:
            log.error("Uncaught app execution", exc_info=ex)
        log.warning("row=%s", ["Schulz", "1990-02-03"])
    """)
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert res.returncode == 0, res.stderr
    assert "Schulz" not in res.stdout and "1990" not in res.stdout
    assert "Uncaught app execution" in res.stdout
    assert "invalid literal for int() with base 10: '[…]'" in res.stdout
    assert "row=[…]" in res.stdout


def test_python_names_in_pythons_own_messages_stay_person_names_do_not():
    assert redact("AttributeError: module 'ankunft.ui.widgets' has no attribute 'page_link'") == \
        "AttributeError: module 'ankunft.ui.widgets' has no attribute 'page_link'"
    assert redact("ModuleNotFoundError: No module named 'authlib'") == \
        "ModuleNotFoundError: No module named 'authlib'"
    assert redact("NameError: name 'frame' is not defined") == "NameError: name 'frame' is not defined"
    # same shapes with data: redacted
    assert redact("Unbekannter Name 'Ahmad'") == "Unbekannter Name '[…]'"
    assert redact("KeyError: 'Yilmaz'") == "KeyError: '[…]'"
    assert redact("module 'Müller GmbH' has no attribute 'x y'") == "module '[…]' has no attribute '[…]'"


def test_traceback_keeps_file_lines_and_source_but_redacts_the_message():
    def parse_cell(value):
        return float(value)

    try:
        parse_cell("Özdemir, Ayşe")
    except ValueError:
        import sys
        record = logging.LogRecord("ankunft.t", logging.ERROR, __file__, 1, "Zeile %d fehlerhaft", (7,),
                                   sys.exc_info())
    logging_setup.redact_record(record)
    text = record.exc_text
    assert record.getMessage() == "Zeile 7 fehlerhaft"
    assert f'File "{__file__}"' in text  # where it happened stays
    assert "parse_cell(\"Özdemir, Ayşe\")" in text  # a source line is code from this file, kept
    assert text.splitlines()[-1] == "ValueError: could not convert string to float: '[…]'"
    assert record.exc_info is None
