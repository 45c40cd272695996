"""Read files in a background thread, one file ahead of the code that checks them.

python-calamine parses a workbook in Rust without holding the GIL. The CLI starts a `ReadAhead`
*before* it imports pandas and the rest of the pipeline, so the parse of the first file runs
while pandas loads (about 0.7 s each on the reference machine), and each further file is read
while the previous one is checked. Memory stays bounded: at most one file waits, read but not yet
taken (plus the one being checked).

The guards before calamine (io/guards.py: a regex scan of each worksheet) hold the GIL: a consumer
that waits for `first_guarded` before importing pandas lets them run at full speed instead of
sharing the interpreter with the import, and still imports while calamine parses.

With `fork_guards` (the CLI, on systems with `os.fork`) the first .xlsx file's guards run in a
forked child process, on the other core, while this process imports pandas: the import no longer
waits for the guards, and calamine parses as soon as the child has passed the file. The child
returns the guards' verdict (`inspect_xlsx`'s result or its ReadError), and before it a one-byte
signal once the container has passed: calamine opens the workbook then (what opening reads is
checked), while the child still scans the sheets; calamine never parses a sheet the guards refuse. Should the child give no verdict (killed, unexpected error), the guards run
here, as without the fork.

This module and everything it imports (`guards`, `readers`, `fmt`, `report`, `glossary`) must
stay importable without pandas/numpy; `tests/io/test_read_ahead.py` guards that.
"""

from __future__ import annotations

import os
import pickle
import queue
import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from ankunft.importing.io import readers
from ankunft.importing.io.guards import Limits, ReadError
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


def load(source, file_name: str | None, limits: Limits, guarded=None, prepared=None) -> Loaded:
    """Load and read one source; never raises (the error travels in `Loaded.error`).
    `guarded()` is called when the guards have passed and calamine starts (not for text files).
    `prepared`: the source's (bytes, name, guards) as `_ForkedGuards.start` made them."""
    name = shown_name(source, file_name)
    try:
        if prepared is None:
            data, name = load_bytes(source, file_name, limits)
            wb = read_workbook(data, name, limits, guarded)
        else:
            data, name, inspect = prepared
            wb = read_workbook(data, name, limits, guarded, inspect=inspect)
    except BaseException as e:  # noqa: BLE001 - handed to the pipeline, which reports it
        return Loaded(name=name, error=e)
    return Loaded(name=name, workbook=wb)


class _ForkedGuards:
    """`inspect_xlsx` of one file, run in a forked child process; calling the object waits for the
    child's verdict and returns or raises exactly what `inspect_xlsx` would."""

    def __init__(self, reader_fd: int, pid: int) -> None:
        self._fd, self._pid = reader_fd, pid
        self._head = b""  # what container_passed read beyond its signal

    def container_passed(self) -> bool:
        """Wait until the child has checked the container (`inspect_xlsx`'s `container_passed`): True when it
        has, False when its verdict came first (a refused container) or none came. Calamine may open the
        workbook after True; it parses a sheet only after the whole verdict."""
        first = os.read(self._fd, 1)  # blocks without the GIL
        if first == _CONTAINER_PASSED:
            return True
        self._head = first
        return False

    @classmethod
    def start(cls, source, file_name: str | None, limits: Limits) -> tuple[bytes, str, _ForkedGuards] | None:
        """(bytes, name, guards) with the guards running in a child, or None (nothing started): not a
        path, not readable, not an .xlsx workbook – the reader thread then loads it as usual."""
        if not isinstance(source, (str, os.PathLike)) or not hasattr(os, "fork"):
            return None
        try:
            data, name = load_bytes(source, file_name, limits)
        except BaseException:  # noqa: BLE001 - the reader thread reads it again and reports it
            return None
        if not readers.takes_xlsx_guards(data, name):
            return None
        r, w = os.pipe()
        try:
            pid = os.fork()
        except OSError:
            os.close(r)
            os.close(w)
            return None
        if pid == 0:  # the child: the guards' verdict into the pipe, then leave without any teardown
            try:
                os.close(r)
                _verdict_into(w, data, limits, name)
            finally:
                os._exit(0)
        os.close(w)
        return data, name, cls(r, pid)

    def __call__(self, data: bytes, limits: Limits, file_name: str | None):
        chunks = [self._head]
        try:
            while chunk := os.read(self._fd, 1 << 16):  # blocks without the GIL
                chunks.append(chunk)
        finally:
            os.close(self._fd)
            os.waitpid(self._pid, 0)
        try:
            ok, value = pickle.loads(b"".join(chunks))
        except Exception:  # noqa: BLE001 - no verdict (child killed, unexpected error): the guards run here
            return readers.inspect_xlsx(data, limits, file_name)
        if ok:
            return value
        raise ReadError(*value)


_CONTAINER_PASSED = b"C"  # the child's first byte once the container has passed (a pickle starts otherwise)


def _verdict_into(fd: int, data: bytes, limits: Limits, name: str) -> None:
    """In the child: (True, XlsxInfo) or (False, (code, message)) of the guards, pickled into `fd`; nothing
    for any other outcome (the parent then runs the guards itself)."""
    try:
        try:
            verdict = (True, readers.inspect_xlsx(data, limits, name,
                                                  container_passed=lambda: os.write(fd, _CONTAINER_PASSED)))
        except ReadError as e:
            verdict = (False, (e.code, e.message))
        payload = memoryview(pickle.dumps(verdict))
    except BaseException:  # noqa: BLE001
        return
    while payload:
        payload = payload[os.write(fd, payload):]


class ReadAhead:
    """Iterate `Loaded` results of `sources` (paths, bytes, file-likes or (name, source) tuples)
    in order, read by a daemon thread at most one file ahead of the consumer."""

    def __init__(self, sources: Iterable, limits: Limits | None = None, fork_guards: bool = False):
        self._sources = list(sources)
        self._limits = limits or Limits()
        self._results: queue.Queue[Loaded] = queue.Queue()
        self._slot = threading.Semaphore(1)  # files read but not yet taken
        # set when the first file's guards are done (calamine parsing, or the file read or refused)
        self.first_guarded = threading.Event()
        # the first file's guards in a child process (forked here, before this object starts a thread)
        self._first = None
        if fork_guards and self._sources:
            src, name = self._sources[0], None
            if isinstance(src, tuple) and len(src) == 2:
                name, src = src
            self._first = _ForkedGuards.start(src, name, self._limits)
        # True when the guards do not hold this process's GIL: the caller need not wait for them
        self.guards_forked = self._first is not None
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
                args = (src, name, self._limits, None if i else self.first_guarded.set)
                first, self._first = self._first, None  # only ever set for the first source
                self._results.put(load(*args) if first is None else load(*args, prepared=first))
                self.first_guarded.set()
        finally:
            self.first_guarded.set()

    def first_ready(self) -> bool:
        """True once the first file is read (or refused) and waits to be taken."""
        return not self._results.empty()

    def __iter__(self) -> Iterator[Loaded]:
        for _ in self._sources:
            item = self._results.get()
            self._slot.release()  # the consumer holds this one now: the thread may read the next
            yield item
