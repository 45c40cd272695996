"""A zip entry's content in chunks, unpacked by a helper thread one or two chunks ahead of the reader.

zlib inflates (and computes the CRC) without holding the GIL, so the guards' regex scan of a large
worksheet (io/guards.py, holding the GIL) runs beside the unpacking of its next chunk instead of after
it: on the 50,000-row benchmark file the guards' thread spends 0.04 s less CPU. Small entries are
read in the calling thread (a thread costs more than it saves there).

Plain Python (no numpy/pandas): the CLI runs the guards while pandas is not yet imported.
"""

from __future__ import annotations

import queue
import threading
import zipfile
from collections.abc import Iterator

_END = object()


class Unpacked:
    """`with Unpacked(zf, name, chunk) as chunks: for piece in chunks: …` – the entry's bytes in pieces of
    `chunk` bytes (the last shorter). An error of the zip stream (CRC, truncated deflate data) is raised
    by the iteration at the point it happened. Leaving the block early stops the helper thread and
    waits for it, so the zip file can be closed right after."""

    def __init__(self, zf: zipfile.ZipFile, name: str, chunk: int, threaded: bool | None = None):
        self._zf, self._name, self._chunk = zf, name, chunk
        self._threaded = threaded if threaded is not None else zf.getinfo(name).file_size > 2 * chunk
        self._queue: queue.Queue = queue.Queue(maxsize=2)
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def __enter__(self) -> Iterator[bytes]:
        if not self._threaded:
            return self._inline()
        self._thread = threading.Thread(target=self._work, name="ankunft-unpack", daemon=True)
        self._thread.start()
        return self._queued()

    def __exit__(self, *exc) -> None:
        if self._thread is None:
            return
        self._stop.set()
        while self._thread.is_alive():  # free a helper blocked on a full queue, then wait for it
            try:
                self._queue.get(timeout=0.05)
            except queue.Empty:
                pass
        self._thread.join()

    def _inline(self) -> Iterator[bytes]:
        with self._zf.open(self._name) as f:
            while chunk := f.read(self._chunk):
                yield chunk

    def _queued(self) -> Iterator[bytes]:
        while True:
            item = self._queue.get()
            if item is _END:
                return
            if isinstance(item, BaseException):
                raise item
            yield item

    def _work(self) -> None:
        try:
            with self._zf.open(self._name) as f:
                while not self._stop.is_set():
                    chunk = f.read(self._chunk)
                    if not chunk:
                        break
                    self._queue.put(chunk)
            self._queue.put(_END)
        except BaseException as e:  # noqa: BLE001 - handed to the reader, which raises it
            self._queue.put(e)
