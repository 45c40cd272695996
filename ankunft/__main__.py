"""`python -m ankunft …` – see ankunft/cli/main.py."""

import os
import sys

from ankunft.cli.main import main

# Commands that only read files and print: once their output is flushed, nothing is left to do,
# so the process leaves without the interpreter's teardown (freeing pandas/pyarrow state takes
# 0.15–0.3 s – a tenth of a 50,000-row check). Commands that write (import, backup, purge …) exit
# normally, with every close/atexit handler.
_READ_ONLY = frozenset({"check"})

if __name__ == "__main__":
    status = main()
    if len(sys.argv) > 1 and sys.argv[1] in _READ_ONLY:
        try:
            sys.stdout.flush()
            sys.stderr.flush()
        except (BrokenPipeError, OSError):
            pass
        else:
            os._exit(status)
    sys.exit(status)
