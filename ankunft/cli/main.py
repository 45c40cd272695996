"""Command line: `python -m ankunft <command> …`.

Commands live in the `COMMANDS` registry (``cli/args.py``). To add one, write
`configure(parser)` and `run(args) -> exit status` in a command module, call
`register("name", "German help", configure, run)` there and import the module below (the import
order is the order of the help). `main()` never shows a traceback: a store fault (damaged file,
newer schema, read-only file, full disk) prints its own German message, unexpected errors a
German note; both exit with status 2.
"""

from __future__ import annotations

import argparse
import sys

# The command modules register their commands on import, in this order (check first).
from ankunft.cli import check_command, store_commands  # noqa: F401
from ankunft.cli.args import COMMANDS, register

__all__ = ["COMMANDS", "UsageError", "build_parser", "main", "register"]


class UsageError(Exception):
    pass


class _Parser(argparse.ArgumentParser):
    """argparse with German errors that raise instead of exiting (so main() controls the exit status)."""

    def error(self, message: str):  # noqa: D401 - argparse API
        raise UsageError(message)


def build_parser() -> argparse.ArgumentParser:
    p = _Parser(prog="python -m ankunft", description="Ankunft – Daten prüfen und verwalten.", add_help=False)
    p.add_argument("-h", "--help", action="help", help="Diese Hilfe anzeigen.")
    sub = p.add_subparsers(dest="command", metavar="BEFEHL", parser_class=_Parser)
    for cmd in COMMANDS.values():
        sp = sub.add_parser(cmd.name, help=cmd.help, description=cmd.help, add_help=False)
        sp.add_argument("-h", "--help", action="help", help="Diese Hilfe anzeigen.")
        cmd.configure(sp)
        sp.set_defaults(_run=cmd.run)
    return p


_USAGE_DE = (
    ("the following arguments are required:", "es fehlen Angaben:"),
    ("unrecognized arguments:", "unbekannte Angaben:"),
    ("invalid choice:", "ungültige Auswahl:"),
    ("choose from", "möglich sind"),
    ("expected one argument", "erwartet einen Wert"),
    ("invalid float value:", "keine Zahl:"),
    ("invalid int value:", "keine ganze Zahl:"),
    ("argument ", "Angabe "),
)


def _german_usage(message: str) -> str:
    for en, de in _USAGE_DE:
        message = message.replace(en, de)
    return message


def main(argv: list[str] | None = None) -> int:
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.reconfigure(errors="replace")
        except (AttributeError, ValueError):
            pass
    try:
        parser = build_parser()
        try:
            args = parser.parse_args(argv)
        except UsageError as e:
            print(f"Aufruf fehlerhaft: {_german_usage(str(e))}\nHilfe: python -m ankunft --help", file=sys.stderr)
            return 2
        if not getattr(args, "_run", None):
            parser.print_help()
            return 2
        return int(args._run(args))
    except KeyboardInterrupt:
        print("Abgebrochen.", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except SystemExit as e:  # argparse --help
        return int(e.code or 0) if isinstance(e.code, int) else 0
    except Exception as e:  # noqa: BLE001 - never a traceback
        # the store's faults are looked up only now: `check` never loads the store (sqlite3)
        from ankunft.storage.faults import StoreError

        if isinstance(e, StoreError):  # a store fault (damaged, newer schema, read-only, full disk …): its own text
            print(str(e), file=sys.stderr)
            return 2
        print(f"Interner Fehler ({type(e).__name__}). Bitte die Eingabe prüfen oder die Datei einzeln prüfen.",
              file=sys.stderr)
        return 2
