"""Reading files in a background thread (ankunft/io/read_ahead.py) for the check CLI."""

import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[3] / "tests" / "badinput"))
import badinput_cases as bc  # noqa: E402

from ankunft.importing.io import read_ahead  # noqa: E402
from ankunft.importing.io.guards import Limits  # noqa: E402
from ankunft.importing.io.read_ahead import Loaded, ReadAhead  # noqa: E402
from ankunft.importing.pipeline import check_files  # noqa: E402

ROOT = Path(__file__).resolve().parents[3]


def _report(r):
    return r.to_json()


@pytest.fixture
def files(tmp_path):
    good = bc.write_xlsx(tmp_path / "unterkuenfte.xlsx", [("Unterkünfte", [
        ["Stand: 01.10.2026"], [],
        ["Nr.", "Unterkunft", "Stadtteil", "Plätze", "Belegung"],
        ["001", "Asternweg", "Kaiserslautern-West", 120, 80],
        ["002", "Hotel Zepp", "03", 60, 70],
    ])])
    text = tmp_path / "kaputt.xlsx"
    text.write_text("das ist kein Excel")
    return [good, text, tmp_path / "fehlt.xlsx"]


def test_pipeline_import_does_not_load_pandas_before_reading_starts():
    """The CLI starts reading while pandas loads: everything up to the read-ahead stays pandas-free."""
    code = ("import sys; import ankunft.cli.main, ankunft.importing.io.read_ahead; "
            "print(sorted(m for m in ('pandas', 'numpy', 'pyarrow') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_same_reports_as_reading_in_the_pipeline(files):
    direct = [_report(r) for r in check_files(files)]
    ahead = [_report(r) for r in check_files(ReadAhead(files, Limits()))]
    assert ahead == direct
    assert [r["code"] for r in ahead] == [None, "not_excel", "file_not_found"]
    assert ahead[0]["file"] == "unterkuenfte.xlsx" and ahead[2]["file"] == "fehlt.xlsx"


def test_names_from_tuples_and_bytes(files):
    data = files[0].read_bytes()
    out = check_files(ReadAhead([("Meldung Oktober.xlsx", data), data], Limits()))
    assert [r.file for r in out] == ["Meldung Oktober.xlsx", "Upload"]
    assert all(r.ok for r in out)


def test_order_is_kept_and_reading_stays_one_file_ahead(monkeypatch, files):
    started: list[int] = []
    lock = threading.Lock()
    real = read_ahead.load

    def slow_load(src, name, limits, guarded=None):
        with lock:
            started.append(len(started))
        return real(src, name, limits, guarded)

    monkeypatch.setattr(read_ahead, "load", slow_load)
    sources = [files[0]] * 5
    it = iter(ReadAhead(sources, Limits()))
    first = next(it)
    time.sleep(0.3)  # the consumer is busy with the first file
    assert isinstance(first, Loaded) and first.error is None
    assert len(started) == 2  # the first file and one ahead, no more
    rest = list(it)
    assert len(rest) == 4 and len(started) == 5


def test_errors_travel_to_the_report_not_as_exceptions(monkeypatch, files):
    def broken(src, name, limits, guarded=None):
        raise RuntimeError("kaputt")

    monkeypatch.setattr(read_ahead, "read_workbook", broken)
    [r] = check_files(ReadAhead(files[:1], Limits()))
    assert not r.ok and r.code == "internal_error" and "RuntimeError" in r.error


def test_keyboard_interrupt_is_not_reported_as_a_file_error():
    from ankunft.importing import pipeline

    with pytest.raises(KeyboardInterrupt):
        pipeline.check_files([Loaded(name="x.xlsx", error=KeyboardInterrupt())])


def test_first_guarded_is_set_after_the_guards_and_before_calamine(monkeypatch, files):
    """The check CLI waits for `first_guarded` before importing pandas: it is set once the first
    file's guards have passed and before calamine parses it – and also when the first file is text,
    broken or missing, so the wait always ends."""
    from ankunft.importing.io import readers

    seen: list[tuple[str, bool]] = []
    ahead: list[ReadAhead] = []
    real_inspect, real_calamine = readers.inspect_xlsx, readers._read_calamine

    def inspect(*a, **k):
        seen.append(("guards", ahead[0].first_guarded.is_set()))
        return real_inspect(*a, **k)

    def calamine(*a, **k):
        seen.append(("calamine", ahead[0].first_guarded.is_set()))
        return real_calamine(*a, **k)

    monkeypatch.setattr(readers, "inspect_xlsx", inspect)
    monkeypatch.setattr(readers, "_read_calamine", calamine)
    gate = threading.Event()
    real_load = read_ahead.load
    monkeypatch.setattr(read_ahead, "load", lambda *a, **k: (gate.wait(5), real_load(*a, **k))[1])
    ahead.append(ReadAhead([files[0], files[0]], Limits()))
    gate.set()
    assert ahead[0].first_guarded.wait(10)
    assert [x.error for x in ahead[0]] == [None, None]
    assert seen[:2] == [("guards", False), ("calamine", True)]
    for first in (files[1], files[2]):  # not an Excel file, missing
        r = ReadAhead([first], Limits())
        assert r.first_guarded.wait(10)
        assert list(r)[0].error is not None


# --- the first workbook's guards in a forked child (check CLI, issue #14 speed) -----------------------
_FORK = pytest.mark.skipif(not hasattr(__import__("os"), "fork"), reason="no os.fork on this system")


def _refused_cases(tmp_path):
    """Bad-input files the guards refuse, and files they pass, from the generated corpus (each with its
    own refusal: zip bomb, lying dimension, too wide, encrypted, truncated, not Excel …)."""
    picked = []
    for case in bc.cases():
        if case.level == "file" and case.file.endswith((".xlsx", ".xlsm")) and not any(
                big in case.name for big in ("1 Mio.", "600.000", "5.000 Spalten", "Upload-Limit")):
            path = tmp_path / case.file
            case.build(path)
            picked.append(path)
    return picked


@_FORK
@pytest.mark.slow  # builds and reads 14 bad-input files twice (≈ 1–2 s)
def test_forked_guards_give_the_same_reports_as_the_guards_in_this_process(tmp_path, files):
    """Refused or passed, read or missing: with the guards in a child process the reports are the
    reports of the thread that runs the guards itself (codes, messages, warnings, tables)."""
    sources = [*_refused_cases(tmp_path), *files]
    assert len(sources) >= 10
    for src in sources:
        ahead = ReadAhead([src, files[0]], Limits(), fork_guards=True)
        forked = [_report(r) for r in check_files(ahead)]
        here = [_report(r) for r in check_files(ReadAhead([src, files[0]], Limits()))]
        assert forked == here, src.name
    small = Limits(max_rows=3)  # the limits travel to the child
    assert check_files(ReadAhead([files[0]], small, fork_guards=True))[0].code == "too_many_rows"


@_FORK
def test_forked_guards_run_in_a_child_and_calamine_only_after_their_verdict(monkeypatch, tmp_path, files):
    import os

    from ankunft.importing.io import readers

    pids = tmp_path / "pids"
    real_inspect, real_calamine = readers.inspect_xlsx, readers._read_calamine
    order: list[str] = []

    def inspect(*a, **k):
        with open(pids, "a") as f:
            f.write(f"{os.getpid()}\n")
        return real_inspect(*a, **k)

    def calamine(*a, **k):
        order.append("calamine")
        return real_calamine(*a, **k)

    monkeypatch.setattr(readers, "inspect_xlsx", inspect)
    monkeypatch.setattr(readers, "_read_calamine", calamine)
    ahead = ReadAhead([files[0]], Limits(), fork_guards=True)
    assert ahead.guards_forked
    [loaded] = list(ahead)
    assert loaded.error is None and order == ["calamine"]
    assert [int(x) for x in pids.read_text().split()] != [os.getpid()]
    for other in files[1:]:  # not Excel, missing: nothing forked, the thread reads and reports them
        assert not ReadAhead([other], Limits(), fork_guards=True).guards_forked


@_FORK
def test_calamine_opens_the_workbook_while_the_child_scans_and_parses_only_after_the_verdict(monkeypatch, tmp_path,
                                                                                           files):
    """The child says when the container has passed; calamine opens the workbook then (what opening reads –
    shared strings, styles – is checked by that point), while the child still scans the sheets. A sheet is
    parsed only after the verdict: a sheet the scan refuses never reaches calamine's parser."""
    from ankunft.importing.io import guards, readers

    real_scan, real_open, real_calamine = guards._scan_sheet, readers._open_quietly, readers._read_calamine
    events: list[tuple[str, float]] = []

    def slow_scan(*a, **k):  # runs in the child: the parent's open must not wait for it
        time.sleep(0.3)
        return real_scan(*a, **k)

    def opening(data):
        events.append(("open", time.monotonic()))
        return real_open(data)

    def parsing(data, limits, kind, opened=None):
        events.append(("parse" if opened is not None else "open and parse", time.monotonic()))
        return real_calamine(data, limits, kind, opened)

    monkeypatch.setattr(guards, "_scan_sheet", slow_scan)
    monkeypatch.setattr(readers, "_open_quietly", opening)
    monkeypatch.setattr(readers, "_read_calamine", parsing)
    [r] = check_files(ReadAhead([files[0]], Limits(), fork_guards=True))
    assert r.ok and [e for e, _ in events] == ["open", "parse"]
    assert events[1][1] - events[0][1] > 0.2  # opened while the child scanned (≥ 0.3 s per sheet)
    events.clear()  # the guards in this process: opened after them, the same report
    assert [_report(r)] == [_report(x) for x in check_files(ReadAhead([files[0]], Limits()))]
    assert [e for e, _ in events] == ["open and parse"]

    # a sheet the scan refuses: opened early, never parsed, the scan's refusal reported
    events.clear()
    [r] = check_files(ReadAhead([files[0]], Limits(max_rows=3), fork_guards=True))
    assert r.code == "too_many_rows" and [e for e, _ in events] == ["open"]


@_FORK
def test_a_child_without_verdict_leaves_the_guards_to_this_process(monkeypatch, tmp_path, files):
    """A child that dies (killed, out of memory) gives no verdict: the guards run here, nothing is skipped."""
    import os

    from ankunft.importing.io import readers

    parent = os.getpid()
    real_inspect = readers.inspect_xlsx
    here: list[int] = []

    def inspect(*a, **k):
        if os.getpid() != parent:
            os._exit(9)
        here.append(1)
        return real_inspect(*a, **k)

    monkeypatch.setattr(readers, "inspect_xlsx", inspect)
    [r] = check_files(ReadAhead([files[0]], Limits(), fork_guards=True))
    assert here == [1] and r.ok
    [r] = check_files(ReadAhead([files[0]], Limits(max_rows=3), fork_guards=True))
    assert r.code == "too_many_rows"


def test_warm_up_leaves_every_later_report_as_it_was(tmp_path, files):
    """pipeline.warm_up checks a small export in memory; reports are pure functions of their input, so
    reports before and after it are the same (generated layouts of every dataset, a residents export)."""
    sys.path.insert(0, str(ROOT / "tests" / "unit" / "importing"))
    sys.path.insert(0, str(ROOT / "scripts"))
    import bench_import
    import layouts_headers as lh

    from ankunft.importing import pipeline

    sources = [lh.write(lay) for lay in lh.LAYOUTS[::7]]
    sources.append(("Bewohner.xlsx", bench_import.generate(tmp_path / "b.xlsx", 200, seed=3).read_bytes()))
    sources += [(f.name, f) for f in files]
    before = [_report(r) for r in check_files(sources)]
    pipeline.warm_up()
    assert [_report(r) for r in check_files(sources)] == before
    assert {r["code"] for r in before} == {None, "not_excel", "file_not_found"}
