"""The command registry and shared argument types of the CLI.

A command is `configure(parser)` plus `run(args) -> exit status`, added with
`register("name", "German help", configure, run)`. The command modules (``check_command``,
``store_commands``) register theirs on import; ``main`` builds the parser from :data:`COMMANDS`.
Nothing here imports pandas, so ``python -m ankunft check`` starts reading files quickly.
"""

from __future__ import annotations

import argparse
import datetime as dt
from dataclasses import dataclass
from typing import Callable


@dataclass(frozen=True)
class Command:
    name: str
    help: str
    configure: Callable[[argparse.ArgumentParser], None]
    run: Callable[[argparse.Namespace], int]


COMMANDS: dict[str, Command] = {}


def register(name: str, help: str, configure: Callable[[argparse.ArgumentParser], None],
             run: Callable[[argparse.Namespace], int]) -> None:
    """Add a subcommand. `run` returns the exit status."""
    COMMANDS[name] = Command(name, help, configure, run)


def parse_date_arg(text: str) -> dt.date:
    """A German date argument (01.10.2026, 2026-10-01 …); argparse reports anything else."""
    from ankunft.importing.parse import parse_date_text

    d, code, _ = parse_date_text(text)
    if d is None or code:
        raise argparse.ArgumentTypeError(f"„{text}“ ist kein Datum (z. B. 01.10.2026)")
    return d
