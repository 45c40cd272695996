"""AppTest of the Bericht page's Handlungsbedarf (issue #18): every finding ticked by default; an
unticked one is left out of the PowerPoint, the Excel file, the HTML and the Sachstand (the selection
is part of the cached bundle's key), and ticking it again brings it back."""

from __future__ import annotations

import io

import openpyxl
from pptx import Presentation

from ankunft.storage import demo
from ankunft.storage.state import DataState
from ankunft.views import report_view as assemble

from .conftest import no_exception, open_page
from .test_bericht import STAND, downloads  # noqa: F401 - the download recorder fixture

PPTX = f"Bericht_Kaiserslautern_Stand_{STAND}.pptx"
XLSX = f"Bericht_Kaiserslautern_Stand_{STAND}.xlsx"
HTML = f"Bericht_Kaiserslautern_Stand_{STAND}.html"


def _deck_text(data: bytes) -> str:
    prs = Presentation(io.BytesIO(data))
    return "\n".join(sh.text_frame.text for s in prs.slides for sh in s.shapes if sh.has_text_frame)


def _sheet_text(data: bytes) -> str:
    wb = openpyxl.load_workbook(io.BytesIO(data))
    return "\n".join(str(c) for ws in wb.worksheets for row in ws.iter_rows(values_only=True) for c in row)


def test_unticked_finding_leaves_every_export(demo_db, downloads):  # noqa: F811
    at = open_page("bericht")
    no_exception(at)
    boxes = [c for c in at.checkbox if c.key and c.key.startswith("bericht_befund_")]
    assert 3 <= len(boxes) <= 5 and all(c.value for c in boxes)
    # the findings the page offers are the view model's for the demo Stand (computed here on its own)
    d = demo.build()
    state = DataState.from_frames(demo.STICHTAG, {"accommodations": d.accommodations, "residents": d.residents,
                                                  "housing": d.housing, "services": d.services,
                                                  "districts": d.districts}, {"districts": demo.DISTRICTS_STAND})
    found = assemble.find(assemble.prepare(state, None))
    assert [c.key for c in boxes] == [f"bericht_befund_{f.key}" for f in found]
    gone, kept = found[1], found[0]
    for name, read in ((PPTX, _deck_text), (XLSX, _sheet_text), (HTML, bytes.decode)):
        assert gone.title in read(downloads[name]), name
    assert gone.text in at.code[0].value

    at.checkbox(key=f"bericht_befund_{gone.key}").uncheck()
    at.run()
    no_exception(at)
    for name, read in ((PPTX, _deck_text), (XLSX, _sheet_text), (HTML, bytes.decode)):
        out = read(downloads[name])
        assert gone.title not in out and kept.title in out, name
    sachstand = at.code[0].value
    assert gone.text not in sachstand and kept.text in sachstand
    assert f"Sachstand_Kaiserslautern_Stand_{STAND}.txt" in downloads
    assert gone.text not in downloads[f"Sachstand_Kaiserslautern_Stand_{STAND}.txt"].decode("utf-8")

    at.checkbox(key=f"bericht_befund_{gone.key}").check()
    at.run()
    assert gone.title in _deck_text(downloads[PPTX])
