"""Read files in a background thread, one file ahead of the code that checks them.

python-calamine parses a workbook in Rust without holding the GIL. The CLI starts a `ReadAhead`
*before* it imports pandas and the rest of the pipeline, so the parse of the first file runs
while pandas loads (about 0.7 s each on the reference machine), and each further file is read
while the previous one is checked. Memory stays bounded: at most one file waits, read but not yet
taken (plus the one being checked).

The guards before calamine (io/guards.py: a regex scan of each worksheet) hold the GIL: a consumer
that waits for `first_guarded` before importing pandas lets them run at full speed instead of
sharing the interpreter with the import, and still imports while calamine parses.

This module and everything it imports (`guards`, `readers`, `fmt`, `report`, `glossary`) must
stay importable without pandas/numpy; `tests/io/test_read_ahead.py` guards that.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from ankunft.importing.io.guards import Limits
from ankunft.importing.io.readers import RawWorkbook, load_bytes, read_workbook


@dataclass
class Loaded:
    """One source, loaded and read: the workbook, or the exception that stopped it.

    `pipeline.check_files` accepts these in place of paths/bytes and reports them exactly as it
    reports a source it reads itself (same file name, same error codes).
    """

    name: str
    workbook: RawWorkbook | None = None
    error: BaseException | None = None


def shown_name(source, file_name: str | None) -> str:
    """The file name a report shows for a source before it is read (also when it cannot be read)."""
    if file_name:
        return file_name
    return Path(source).name if isinstance(source, (str, Path)) else "Upload"


def load(source, file_name: str | None, limits: Limits, guarded=None) -> Loaded:
    """Load and read one source; never raises (the error travels in `Loaded.error`).
    `guarded()` is called when the guards have passed and calamine starts (not for text files)."""
    name = shown_name(source, file_name)
    try:
        data, name = load_bytes(source, file_name, limits)
        wb = read_workbook(data, name, limits, guarded)
    except BaseException as e:  # noqa: BLE001 - handed to the pipeline, which reports it
        return Loaded(name=name, error=e)
    return Loaded(name=name, workbook=wb)


class ReadAhead:
    """Iterate `Loaded` results of `sources` (paths, bytes, file-likes or (name, source) tuples)
    in order, read by a daemon thread at most one file ahead of the consumer."""

    def __init__(self, sources: Iterable, limits: Limits | None = None):
        self._sources = list(sources)
        self._limits = limits or Limits()
        self._results: queue.Queue[Loaded] = queue.Queue()
        self._slot = threading.Semaphore(1)  # files read but not yet taken
        # set when the first file's guards are done (calamine parsing, or the file read or refused)
        self.first_guarded = threading.Event()
        self._thread = threading.Thread(target=self._work, name="ankunft-read-ahead", daemon=True)
        self._thread.start()

    def __len__(self) -> int:
        return len(self._sources)

    def _work(self) -> None:
        try:
            for i, src in enumerate(self._sources):
                self._slot.acquire()
                name = None
                if isinstance(src, tuple) and len(src) == 2:
                    name, src = src
                self._results.put(load(src, name, self._limits, None if i else self.first_guarded.set))
                self.first_guarded.set()
        finally:
            self.first_guarded.set()

    def __iter__(self) -> Iterator[Loaded]:
        for _ in self._sources:
            item = self._results.get()
            self._slot.release()  # the consumer holds this one now: the thread may read the next
            yield item
