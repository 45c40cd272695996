"""calamine opens an .xlsx (shared strings, styles) in a helper thread while the guards scan its worksheets
(io/readers.py `_Opening`, io/guards.py `containers_ok`): only after everything it reads on opening has
passed the guards, never when they refuse the container, and with the same sheets and the same German
errors as opening it after the guards."""

from __future__ import annotations

import io
import random
import sys
import threading
import zipfile
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[3] / "tests" / "badinput"))
import badinput_cases as bc  # noqa: E402

from ankunft.importing.io import Limits, ReadError, guards, readers  # noqa: E402


def _workbook(tmp_path, seed: int) -> bytes:
    rnd = random.Random(seed)
    sheets = []
    for k in range(rnd.randint(1, 3)):
        rows = [["Unterkunft", "Plätze", "Stand"]] + [[rnd.choice(["Asternweg", "Hotel Zepp", f"U{i}", ""]),
                                                      rnd.randint(0, 300), f"{rnd.randint(1, 28):02d}.10.2026"]
                                                     for i in range(rnd.randint(0, 60))]
        sheets.append((f"Blatt {k + 1}", rows))
    return bc.write_xlsx(tmp_path / f"w{seed}.xlsx", sheets).read_bytes()


def _no_helper() -> bool:
    return not [t for t in threading.enumerate() if t.name == "ankunft-open"]


def test_containers_ok_comes_after_the_container_and_before_the_worksheets(tmp_path, monkeypatch):
    events = []
    real_scan = guards._scan_sheet
    monkeypatch.setattr(guards, "_scan_sheet", lambda *a, **k: (events.append("scan"), real_scan(*a, **k))[1])
    guards.inspect_xlsx(_workbook(tmp_path, 1), Limits(), containers_ok=lambda: events.append("ok"))
    assert events[0] == "ok" and events.count("ok") == 1 and "scan" in events


def test_a_refused_container_never_opens(tmp_path):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("xl/workbook.xml", "<workbook/>")
        z.writestr("xl/sharedStrings.xml", "<sst>" + "a" * 3_000_000 + "</sst>")  # ratio far above 200:1
    called = []
    with pytest.raises(ReadError) as e:
        guards.inspect_xlsx(buf.getvalue(), Limits(), containers_ok=lambda: called.append(1))
    assert e.value.code == "zip_bomb" and not called


@pytest.mark.parametrize("seed", range(6))
def test_sheets_are_those_of_opening_after_the_guards(tmp_path, monkeypatch, seed):
    data = _workbook(tmp_path, seed)
    helper = readers.read_workbook(data, "x.xlsx", Limits())
    monkeypatch.setattr(readers._Opening, "start", lambda self: None)  # opened after the guards
    after = readers.read_workbook(data, "x.xlsx", Limits())
    assert [(s.name, s.rows, s.hidden, s.hidden_rows) for s in helper.sheets] == \
           [(s.name, s.rows, s.hidden, s.hidden_rows) for s in after.sheets]
    assert [w.code for w in helper.warnings] == [w.code for w in after.warnings]
    assert _no_helper()


def test_the_helper_is_waited_for_when_the_guards_refuse_a_worksheet(tmp_path):
    data = _workbook(tmp_path, 3)
    with pytest.raises(ReadError) as e:
        readers.read_workbook(data, "x.xlsx", Limits(max_rows=1))
    assert e.value.code == "too_many_rows"
    assert _no_helper()


@pytest.mark.parametrize("error, code", [("broken", "corrupt_file"), ("password", "encrypted")])
def test_errors_of_the_helper_are_worded_as_before(tmp_path, monkeypatch, error, code):
    import python_calamine as pc

    data = _workbook(tmp_path, 2)  # opens fine: only the patched failure can make it fail
    exc = RuntimeError("kaputt") if error == "broken" else pc.PasswordError("Kennwort")

    def fail(_f):
        raise exc

    monkeypatch.setattr(pc.CalamineWorkbook, "from_filelike", fail)
    for started in (True, False):
        opening = readers._Opening(data)
        if started:
            opening.start()
        with pytest.raises(ReadError) as e:
            readers._read_calamine(data, Limits(), "xlsx", opening)
        assert e.value.code == code


def test_without_a_thread_the_workbook_opens_after_the_guards(tmp_path, monkeypatch):
    data = _workbook(tmp_path, 4)
    expected = readers.read_workbook(data, "x.xlsx", Limits())

    def refuse(self):
        raise RuntimeError("can't start new thread")

    monkeypatch.setattr(threading.Thread, "start", refuse)
    got = readers.read_workbook(data, "x.xlsx", Limits())
    assert [(s.name, s.rows) for s in got.sheets] == [(s.name, s.rows) for s in expected.sheets]
