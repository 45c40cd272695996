"""`python -m ankunft …` – see ankunft/cli/main.py."""

import gc
import os
import sys

from ankunft.cli.main import main

# Commands that only read files and print: once their output is flushed, nothing is left to do,
# so the process leaves without the interpreter's teardown (freeing pandas/pyarrow state takes
# 0.15–0.3 s – a tenth of a 50,000-row check). Commands that write (import, backup, purge …) exit
# normally, with every close/atexit handler.
_READ_ONLY = frozenset({"check"})

if __name__ == "__main__":
    read_only = len(sys.argv) > 1 and sys.argv[1] in _READ_ONLY
    if read_only:
        # The cyclic collector stays off to the end (the check turns it off for its run and would turn it
        # back on: the first allocation after that collects every object the run made – 0.04 s of a
        # 50,000-row check, just before the process leaves without freeing them). Collections between
        # files are explicit (check_command._collect_between) and still run.
        gc.disable()
    status = main()
    if read_only:
        try:
            sys.stdout.flush()
            sys.stderr.flush()
        except (BrokenPipeError, OSError):
            pass
        else:
            os._exit(status)
    sys.exit(status)
