"""The guards unpack a large worksheet in a helper thread (ankunft/importing/io/unpack.py): the pieces, the
errors of a broken zip stream and the end of the thread when the reader stops early must be exactly
those of reading the entry in the calling thread."""

from __future__ import annotations

import io
import threading
import zipfile

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ankunft.importing.io.guards import CHUNK, Limits, ReadError, inspect_xlsx
from ankunft.importing.io.unpack import Unpacked


def _zip(payload: bytes, method=zipfile.ZIP_DEFLATED) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", method) as z:
        z.writestr("part.xml", payload)
    return buf.getvalue()


def _pieces(data: bytes, chunk: int, threaded: bool) -> list[bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as zf, Unpacked(zf, "part.xml", chunk, threaded) as chunks:
        return list(chunks)


def _helpers() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name == "ankunft-unpack"]


@settings(max_examples=40, deadline=None)
@given(payload=st.binary(max_size=5000) | st.builds(lambda w, n: w * n, st.binary(min_size=1, max_size=40),
                                                     st.integers(0, 3000)),
       chunk=st.integers(1, 700), stored=st.booleans())
def test_pieces_are_those_of_a_plain_read(payload, chunk, stored):
    data = _zip(payload, zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED)
    inline, threaded = _pieces(data, chunk, False), _pieces(data, chunk, True)
    assert threaded == inline
    assert b"".join(threaded) == payload
    assert all(len(p) == chunk for p in threaded[:-1])


def _broken(payload: bytes) -> bytes:
    """The zip with bytes flipped in the middle of the compressed entry (CRC or deflate error)."""
    data = bytearray(_zip(payload))
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as z:
        info = z.getinfo("part.xml")
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    mid = start + info.compress_size // 2
    for k in range(mid, mid + 8):
        data[k] ^= 0xFF
    return bytes(data)


@pytest.mark.parametrize("seed", range(4))
def test_a_broken_stream_fails_alike_in_both_modes(seed):
    import random

    rnd = random.Random(seed)
    payload = bytes(rnd.randrange(256) for _ in range(20_000))
    data = _broken(payload)
    errors = []
    for threaded in (False, True):
        with pytest.raises(Exception) as e:
            _pieces(data, 1000, threaded)
        errors.append(type(e.value))
    assert errors[0] is errors[1]
    assert not _helpers()


def test_leaving_early_stops_the_helper():
    data = _zip(bytes(range(256)) * 4000)  # about 1 MB: many pieces of 1 KB, the queue fills up
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        with Unpacked(zf, "part.xml", 1024, True) as chunks:
            first = next(iter(chunks))
        assert first == bytes(range(256)) * 4
        assert not _helpers()  # gone before the zip file closes


def test_only_large_entries_get_a_thread():
    small = zipfile.ZipFile(io.BytesIO(_zip(b"x" * 100)))
    large = zipfile.ZipFile(io.BytesIO(_zip(b"<row/>" * (CHUNK // 2))))
    assert not Unpacked(small, "part.xml", CHUNK)._threaded
    assert Unpacked(large, "part.xml", CHUNK)._threaded


def _sheet_xlsx(rows: int) -> bytes:
    """A minimal workbook whose one worksheet has `rows` rows of three referenced cells (several MB of XML)."""
    cells = "".join(f'<row r="{r}"><c r="A{r}"><v>{r}</v></c><c r="B{r}" t="inlineStr"><is><t>x</t></is></c>'
                    f'<c r="C{r}"><v>1</v></c></row>' for r in range(1, rows + 1))
    sheet = ('<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
             f'<dimension ref="A1:C{rows}"/><sheetData>{cells}</sheetData></worksheet>')
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/workbook.xml", '<workbook xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/'
                   'relationships"><sheets><sheet name="Daten" sheetId="1" r:id="rId1"/></sheets></workbook>')
        z.writestr("xl/_rels/workbook.xml.rels", '<Relationships><Relationship Id="rId1" '
                   'Target="worksheets/sheet1.xml"/></Relationships>')
        z.writestr("xl/worksheets/sheet1.xml", sheet)
    return buf.getvalue()


def test_guards_on_a_large_sheet_count_and_refuse_as_before():
    data = _sheet_xlsx(40_000)  # > 2 MB of worksheet XML: unpacked by the helper
    info = inspect_xlsx(data, Limits())
    assert (info.sheets[0].rows, info.sheets[0].cols) == (40_000, 3)
    with pytest.raises(ReadError) as e:  # refused in the middle of the stream: the helper stops
        inspect_xlsx(data, Limits(max_rows=25_000))
    assert e.value.code == "too_many_rows"
    assert not _helpers()
