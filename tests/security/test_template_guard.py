"""Template upload guards (issue #16 item 2): a .pptx/.potx template goes through the same zip guards
as an import (entries, entry size, total size, compression ratio, encryption) plus a DTD/entity ban
for its XML parts, before python-pptx unpacks anything. Bombs are generated here, never stored."""

from __future__ import annotations

import io
import os
import time
import tracemalloc
import zipfile

import pytest
from pptx import Presentation

from ankunft.export import pptx as export_pptx
from tests.unit.views.test_report_model import sample_report

MB = 1024 * 1024


def _base() -> bytes:
    out = io.BytesIO()
    Presentation().save(out)
    return out.getvalue()


def _rewrite(replace: dict[str, object], extra: dict[str, object] | None = None) -> bytes:
    """The default python-pptx deck with parts replaced/added; a value is bytes or a (chunk, count) pair
    that is streamed into the zip (so a 110 MB part never exists in memory here)."""
    src = zipfile.ZipFile(io.BytesIO(_base()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        items = [(i.filename, src.read(i.filename)) for i in src.infolist()]
        known = {name for name, _ in items}
        for name, body in items + [(k, v) for k, v in (extra or {}).items() if k not in known]:
            body = replace.get(name, body)
            if isinstance(body, tuple):
                head, chunk, count, tail = body
                with z.open(name, "w", force_zip64=True) as f:
                    f.write(head)
                    for _ in range(count):
                        f.write(chunk)
                    f.write(tail)
            else:
                z.writestr(name, body)
    return out.getvalue()


THEME = "ppt/theme/theme1.xml"
ZEROS_900K = b"\0" * (900 * 1024)
# a theme XML that unpacks to 110 MB: a real XML prolog, 110 MB of whitespace inside the root element
_PADDED = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<a:theme '
           b'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" name="Bombe">',
           b" " * MB, 110, b"</a:theme>")


def _build(template: bytes):
    return export_pptx.build(sample_report(), template=template)


def test_theme_bomb_is_refused_fast_and_small():
    bomb = _rewrite({THEME: _PADDED})
    assert len(bomb) < 1 * MB
    tracemalloc.start()
    t0 = time.perf_counter()
    try:
        with pytest.raises(ValueError) as err:
            _build(bomb)
        took = time.perf_counter() - t0
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    message = str(err.value)
    assert "Vorlage" in message and "Zip-Bombe" in message and "MB" in message, message
    assert took < 2.0
    assert peak < 20 * MB, f"peak {peak / MB:.1f} MB"


@pytest.mark.parametrize("part", ["ppt/slideMasters/slideMaster1.xml", "ppt/presentation.xml",
                                  "ppt/media/hintergrund.png", "docProps/custom.bin"])
def test_a_bomb_in_any_part_is_refused(part):
    """Not only the theme: any part, XML or not, listed or not."""
    bomb = _rewrite({part: _PADDED}, extra={part: b""})
    with pytest.raises(ValueError, match="Zip-Bombe"):
        _build(bomb)


def test_many_parts_each_under_the_ratio_threshold_are_refused_by_the_total():
    # 260 parts of 0.9 MB (below the 1 MB ratio rule each) unpack to 234 MB together
    parts = {f"ppt/media/bild{i}.bin": (b"", ZEROS_900K, 1, b"") for i in range(260)}  # one shared chunk
    bomb = _rewrite(parts, extra={k: b"" for k in parts})
    with pytest.raises(ValueError, match="MB"):
        _build(bomb)


def test_too_many_entries_are_refused():
    extra = {f"ppt/customXml/item{i}.xml": b"<a/>" for i in range(6000)}
    with pytest.raises(ValueError, match="Bestandteile"):
        _build(_rewrite({}, extra=extra))


@pytest.mark.parametrize("part", [THEME, "ppt/slideMasters/slideMaster1.xml", "[Content_Types].xml"])
def test_xml_with_a_dtd_or_entities_is_refused(part):
    laughs = (b'<?xml version="1.0"?>\n<!DOCTYPE lol [<!ENTITY lol "lol">'
              + b"".join(b'<!ENTITY lol%d "&lol%s;&lol%s;&lol%s;&lol%s;">' % (i, b"" if i == 1 else b"%d" % (i - 1),
                                                                             b"" if i == 1 else b"%d" % (i - 1),
                                                                             b"" if i == 1 else b"%d" % (i - 1),
                                                                             b"" if i == 1 else b"%d" % (i - 1))
                         for i in range(1, 10))
              + b']>\n<a:theme xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main">&lol9;</a:theme>')
    with pytest.raises(ValueError, match="DTD|Entit"):
        _build(_rewrite({part: laughs}))


def test_encrypted_parts_are_refused():
    data = bytearray(_base())
    # set the "encrypted" flag bit in every local and central header
    for sig, off in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        start = 0
        while (pos := data.find(sig, start)) >= 0:
            data[pos + off] |= 0x1
            start = pos + 4
    with pytest.raises(ValueError, match="verschlüsselt"):
        _build(bytes(data))


def test_a_realistic_template_with_a_large_photo_still_works():
    """Held-out: a template with a 6 MB incompressible background picture and a 2 MB XML part of
    ordinary variety (numbered shapes with varying text, as a master with many placeholders has)."""
    import random

    rnd = random.Random(16)
    words = ["Stadt", "Kaiserslautern", "Referat", "Integration", "Folie", "Titel", "Text", "Logo", "Fußzeile"]
    photo = os.urandom(6 * MB)
    body = "".join(f'<a:sp id="{i}" x="{rnd.randint(0, 12_192_000)}" y="{rnd.randint(0, 6_858_000)}">'
                   f"<a:t>{' '.join(rnd.choices(words, k=rnd.randint(1, 6)))} {rnd.randint(0, 10**6)}</a:t></a:sp>"
                   for i in range(20_000))
    xml = b'<?xml version="1.0"?><a:x xmlns:a="urn:x">' + body.encode() + b"</a:x>"
    assert len(xml) > MB
    template = _rewrite({}, extra={"ppt/media/hintergrund.jpeg": photo, "customXml/stadt.xml": xml})
    prs = Presentation(io.BytesIO(_build(template)))
    assert len(prs.slides) > 3


def test_refused_upload_has_a_german_message_naming_the_limit():
    with pytest.raises(ValueError) as err:
        _build(_rewrite({THEME: _PADDED}))
    text = str(err.value)
    assert "110,0 MB" in text and "Verdichtung" in text and "PowerPoint-Vorlage" in text, text
