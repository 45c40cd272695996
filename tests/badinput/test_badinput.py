"""Every generated bad-input case yields its own code, a German message and (for rows) the Excel
row and column – in bounded time, without a traceback and without touching the input files."""

from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import jsonschema
import pytest

sys.path.insert(0, str(Path(__file__).parent))
import badinput_cases as bc  # noqa: E402

from ankunft.importing.pipeline import check_file  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
GERMAN = re.compile(r"[äöüÄÖÜß„“]|\b(der|die|das|dem|den|ist|liegt|nicht|kein|keine|ein|eine|und|oder|von|vor|"
                    r"nach|als|wird|wurde|gilt|steht|mit|Datei|Spalte|Zeile|Blatt)\b", re.IGNORECASE)
HANG_TIMEOUT_S = 60  # only catches hangs


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    out = tmp_path_factory.mktemp("badinput")
    return bc.build_all(out)


def test_corpus_has_at_least_forty_cases_with_distinct_files():
    cases = bc.cases()
    assert len(cases) >= 40
    assert len({c.file for c in cases}) == len(cases)
    codes = {c.code for c in cases}
    assert len(codes) >= 35  # each case its own code, apart from a few shared family codes


def _find(rep, case):
    if case.level == "file":
        return [rep] if rep.code == case.code else []
    if case.level == "file_warning":
        return [w for w in rep.warnings if w.code == case.code]
    found = []
    for t in rep.tables:
        for i in t.errors + t.warnings:
            if i.code == case.code:
                found.append(i)
    return found


@pytest.mark.parametrize("case", bc.cases(), ids=lambda c: c.file)
def test_case_gets_its_code_row_column_and_german_message(case, corpus):
    path = dict((c.file, p) for c, p in corpus)[case.file]
    before = hashlib.sha256(path.read_bytes()[:1 << 20]).hexdigest() if path.stat().st_size < (1 << 25) else None
    listing = sorted(os.listdir(path.parent))
    t0 = time.monotonic()
    rep = check_file(path)
    elapsed = time.monotonic() - t0
    assert elapsed < HANG_TIMEOUT_S
    hits = _find(rep, case)
    assert hits, (case.name, rep.code, [(i.code, i.row, i.column) for t in rep.tables for i in t.errors + t.warnings],
                  [w.code for w in rep.warnings])
    if case.level == "file":
        assert rep.ok is False and rep.tables == [] and rep.exit_status == 2
        assert rep.error and GERMAN.search(rep.error), rep.error
        return
    hit = hits[0]
    assert GERMAN.search(hit.message), hit.message
    if case.level == "table":
        matching = [i for i in hits if (case.row is None or i.row == case.row)
                    and (case.column is None or i.column == case.column)
                    and (case.severity is None or i.severity == case.severity)]
        assert matching, (case.name, [(i.row, i.column, i.severity) for i in hits])
        if case.severity == "error":
            assert rep.exit_status == 1
            t = next(t for t in rep.tables if any(i in t.errors for i in matching))
            if case.row is not None:
                assert case.row in t.error_rows()
                assert case.row not in set(t.clean_frame().index)  # left out …
                assert case.row in set(t.frame["_row"])  # … but still listed
    # the input is never modified and nothing is written next to it
    if before is not None:
        assert hashlib.sha256(path.read_bytes()[:1 << 20]).hexdigest() == before
    assert sorted(os.listdir(path.parent)) == listing


def test_identifier_columns_never_reach_the_frame(corpus):
    path = dict((c.file, p) for c, p in corpus)["namen.xlsx"]
    rep = check_file(path)
    t = rep.tables[0]
    assert set(t.dropped_identifier_columns) == {"Name", "Vorname", "Geburtsdatum"}
    flat = t.frame.astype(str).to_numpy().ravel().tolist()
    assert "Mustermann" not in flat and "Max" not in flat
    assert t.frame["birth_year"].tolist() == [1990.0]  # only the year survives
    assert "birth_year" in t.derived


def test_mixed_types_in_every_column_are_each_reported(corpus):
    path = dict((c.file, p) for c, p in corpus)["gemischt.xlsx"]
    t = check_file(path).tables[0]
    got = {(i.code, i.row, i.column) for i in t.errors}
    assert ("not_a_number", 6, "Plätze") in got
    assert ("not_a_number", 6, "Belegung") in got  # TRUE in a number column
    assert ("not_a_date", 6, "Mietvertrag bis") in got
    assert ("not_a_number", 7, "Plätze") in got  # a date in a number column
    warned = {(i.code, i.row, i.column) for i in t.warnings}
    assert ("suppressed_value", 7, "Belegung") in warned  # "x" in a count is the statistical "suppressed"
    assert ("unknown_district", 7, "Stadtteil") in warned  # a date is no district
    row = t.frame.set_index("_row")
    assert row.loc[7, "lease_end"].date().isoformat() == "2025-12-09"  # serial 46000
    assert row.loc[6, "district_id"] == "09"  # number 9 -> "09"
    assert row.loc[6, "name"] == "1234"


def test_dates_in_three_formats_are_one_date(corpus):
    path = dict((c.file, p) for c, p in corpus)["daten3.xlsx"]
    t = check_file(path).tables[0]
    got = t.frame.set_index("_row")["move_in"]
    assert got.loc[5] == got.loc[6] == got.loc[7]
    assert str(got.loc[5].date()) == "2016-02-03"
    assert [(i.code, i.row) for i in t.errors] == [("not_a_date", 8)]


def test_cli_json_over_the_whole_corpus_is_valid_and_exits_2_without_traceback(corpus):
    schema = json.loads((ROOT / "docs" / "check-output.schema.json").read_text(encoding="utf-8"))
    paths = [str(p) for _, p in corpus]
    proc = subprocess.run([sys.executable, "-m", "ankunft", "check", "--json", *paths], cwd=ROOT,
                          capture_output=True, text=True, timeout=300)
    assert "Traceback" not in proc.stderr and "Traceback" not in proc.stdout
    assert proc.returncode == 2
    out = json.loads(proc.stdout)
    jsonschema.validate(out, schema)
    by_name = {f["file"]: f for f in out["files"]}
    for case, p in corpus:
        f = by_name[p.name]
        if case.level == "file":
            assert f["code"] == case.code and f["ok"] is False
