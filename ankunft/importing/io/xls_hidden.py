"""Hidden rows of an Excel 97–2003 workbook (.xls, BIFF8), which python-calamine does not report.

An .xls file is an OLE2 compound file; its "Workbook" stream is a sequence of BIFF records. A
BOUNDSHEET record (0x0085) gives each sheet's name and the offset of its substream; in a sheet's
substream, each ROW record (0x0208) carries the row number and the option flags, of which bit 5
(fDyZero, [MS-XLS] 2.4.221) means "row hidden". Only these records are read; every offset and chain
is checked against the file's size, so a damaged or hostile file gives `None` (the caller then says
that hidden rows could not be checked) and never an exception or a loop. Plain Python (struct): the
CLI reads files while pandas loads.
"""

from __future__ import annotations

import struct

_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")
_END = 0xFFFFFFFE  # ENDOFCHAIN
_FREE = 0xFFFFFFFF
_BOUNDSHEET, _BOF, _EOF, _ROW = 0x0085, 0x0809, 0x000A, 0x0208
_ROW_HIDDEN = 0x0020


class _Bad(Exception):
    pass


def _u32s(data: bytes) -> list[int]:
    return list(struct.unpack(f"<{len(data) // 4}I", data[: len(data) // 4 * 4]))


class _Compound:
    """Just enough of [MS-CFB] to read one stream by name."""

    def __init__(self, data: bytes):
        if len(data) < 512 or not data.startswith(_MAGIC):
            raise _Bad
        self.data = data
        shift, mini_shift = struct.unpack_from("<HH", data, 0x1E)
        if shift not in (9, 12) or mini_shift != 6:
            raise _Bad
        self.size = 1 << shift
        self.n_sectors = (len(data) - 512) // self.size + 1
        n_fat, self.dir_start = struct.unpack_from("<II", data, 0x2C)
        self.cutoff, self.minifat_start, _, difat_start, n_difat = struct.unpack_from("<IIIII", data, 0x38)
        difat = [s for s in _u32s(data[0x4C:0x200]) if s < _FREE - 1]
        s = difat_start
        for _ in range(min(n_difat, self.n_sectors)):  # further DIFAT sectors: 127 entries and the next one
            if s >= self.n_sectors:
                break
            entries = _u32s(self._sector(s))
            difat += [x for x in entries[:-1] if x < _FREE - 1]
            s = entries[-1]
        if len(difat) < min(n_fat, 1):
            raise _Bad
        self.fat: list[int] = []
        for sec in difat[:n_fat]:
            self.fat += _u32s(self._sector(sec))

    def _sector(self, n: int) -> bytes:
        if n >= self.n_sectors:
            raise _Bad
        start = 512 + n * self.size
        return self.data[start:start + self.size]

    def _chain(self, start: int, table: list[int]) -> list[int]:
        out, s = [], start
        while s != _END:
            if s >= len(table) or len(out) > len(table):  # outside the table or a loop
                raise _Bad
            out.append(s)
            s = table[s]
        return out

    def stream(self, names: tuple[str, ...]) -> bytes:
        directory = b"".join(self._sector(s) for s in self._chain(self.dir_start, self.fat))
        entries = [directory[i:i + 128] for i in range(0, len(directory) - 127, 128)]
        if not entries:
            raise _Bad
        root = entries[0]
        for e in entries:
            n = min(struct.unpack_from("<H", e, 64)[0], 64)
            if e[66] != 2 or e[:max(n - 2, 0)].decode("utf-16-le", "replace") not in names:
                continue
            start, size = struct.unpack_from("<II", e, 116)
            if size < self.cutoff:  # in the mini stream (64-byte sectors inside the root entry's stream)
                mini = b"".join(self._sector(s) for s in self._chain(struct.unpack_from("<I", root, 116)[0], self.fat))
                minifat = _u32s(b"".join(self._sector(s) for s in self._chain(self.minifat_start, self.fat))) \
                    if self.minifat_start != _END else []
                body = b"".join(mini[s * 64:(s + 1) * 64] for s in self._chain(start, minifat))
            else:
                body = b"".join(self._sector(s) for s in self._chain(start, self.fat))
            if len(body) < size:
                raise _Bad
            return body[:size]
        raise _Bad


def _records(stream: bytes, pos: int):
    """(type, data) of the BIFF records from `pos` to the end of the substream (EOF record)."""
    end = len(stream)
    while pos + 4 <= end:
        typ, n = struct.unpack_from("<HH", stream, pos)
        yield typ, stream[pos + 4:pos + 4 + n]
        if typ == _EOF:
            return
        pos += 4 + n


_HEADER = struct.Struct("<HH")


def _hidden_in_sheet(wb: bytes, pos: int) -> list[int]:
    """Rows (1-based) with fDyZero in one sheet's substream. Walks the record headers without copying the
    records (a sheet of 20,000 rows × 10 columns has 200,000 cell records)."""
    out = []
    end, unpack = len(wb), _HEADER.unpack_from
    while pos + 4 <= end:
        typ, n = unpack(wb, pos)
        if typ == _ROW and n >= 14 and pos + 18 <= end:
            rw, flags = unpack(wb, pos + 4)[0], unpack(wb, pos + 16)[0]
            if flags & _ROW_HIDDEN:
                out.append(rw + 1)
        elif typ == _EOF:
            break
        pos += 4 + n
    return sorted(out)


def _sheet_name(rec: bytes) -> str:
    n, high = rec[6], rec[7] & 1
    raw = rec[8:8 + (2 * n if high else n)]
    return raw.decode("utf-16-le" if high else "latin-1", "replace")


def xls_hidden_rows(data: bytes) -> dict[str, list[int]] | None:
    """Excel rows (1-based) hidden in each sheet of a BIFF8 workbook; None when the file cannot be read
    this way (damaged, BIFF5 or older, encrypted)."""
    try:
        wb = _Compound(data).stream(("Workbook",))
        sheets = [(_sheet_name(rec), struct.unpack_from("<I", rec)[0])
                  for typ, rec in _records(wb, 0) if typ == _BOUNDSHEET and len(rec) >= 8]
        out: dict[str, list[int]] = {}
        for name, pos in sheets:
            if pos + 4 > len(wb) or struct.unpack_from("<H", wb, pos)[0] != _BOF:
                raise _Bad
            out[name] = _hidden_in_sheet(wb, pos)
        return out
    except (_Bad, struct.error, IndexError):
        return None
