import json
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[3] / "tests" / "badinput"))
import badinput_cases as bc  # noqa: E402

from ankunft.cli import main as cli  # noqa: E402

ROOT = Path(__file__).resolve().parents[3]
SCHEMA = json.loads((ROOT / "docs" / "check-output.schema.json").read_text(encoding="utf-8"))


def run(*args, env=None):
    return subprocess.run([sys.executable, "-m", "ankunft", *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=120, env=env)


@pytest.fixture
def files(tmp_path):
    good = bc.write_xlsx(tmp_path / "gut.xlsx", [("U", bc.acc_rows())])
    bad = bc.write_xlsx(tmp_path / "fehler.xlsx", [("U", bc.acc_rows([["004", "Neubau", "09", -5, 0]]))])
    broken = tmp_path / "kaputt.xlsx"
    broken.write_bytes(b"kein Excel")
    return good, bad, broken


def test_exit_status_is_the_worst_file(files):
    good, bad, broken = files
    assert run("check", str(good)).returncode == 0
    assert run("check", str(good), str(bad)).returncode == 1
    assert run("check", str(good), str(bad), str(broken)).returncode == 2


def test_json_is_one_object_matching_the_schema(files):
    good, bad, broken = files
    proc = run("check", "--json", str(good), str(bad), str(broken))
    assert proc.returncode == 2 and proc.stderr == ""
    out = json.loads(proc.stdout)  # exactly one JSON object, nothing else on stdout
    jsonschema.validate(out, SCHEMA)
    g, b, k = out["files"]
    assert (g["ok"], g["code"]) == (True, None)
    t = b["tables"][0]
    assert (t["sheet"], t["dataset"], t["stichtag"], t["header_row"], t["rows"]) == (
        "U", "accommodations", "2026-10-01", 4, 4)
    assert t["columns"] == {"Nr.": "id", "Unterkunft": "name", "Stadtteil": "district", "Plätze": "capacity",
                            "Belegung": "occupancy"}
    assert t["errors"] == [{"code": "negative_value", "row": 8, "column": "Plätze", "value": "-5",
                            "message": "Plätze: negativer Wert -5 ist nicht möglich."}]
    assert t["totals"] == {"capacity": 375, "occupancy": 270}
    assert (k["ok"], k["code"], k["tables"]) == (False, "not_excel", [])
    assert "Excel" in k["error"]


def test_schema_rejects_wrong_output():
    bad = {"files": [{"file": "x", "ok": "ja", "code": None, "error": None, "tables": [], "ignored_sheets": []}]}
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(bad, SCHEMA)


def test_text_output_is_german(files):
    good, bad, broken = files
    proc = run("check", str(bad), str(broken))
    assert "Zeile 8, Spalte „Plätze“: Plätze: negativer Wert -5 ist nicht möglich. [negative_value]" in proc.stdout
    assert "NICHT LESBAR" in proc.stdout and "Stichtag 01.10.2026" in proc.stdout
    assert "Kontrollsummen: Plätze 375, Belegung 270" in proc.stdout
    assert proc.stdout.strip().endswith("Ergebnis: mindestens eine Datei ist nicht lesbar.")


def test_options_stichtag_dataset_and_size(files, tmp_path):
    good, _, _ = files
    out = json.loads(run("check", "--json", "--stichtag", "30.09.2026", str(good)).stdout)
    assert (out["files"][0]["tables"][0]["stichtag"], out["files"][0]["tables"][0]["stichtag_source"]) == (
        "2026-09-30", "parameter")
    proc = run("check", "--json", "--max-mb", "0.001", str(good))
    assert proc.returncode == 2 and json.loads(proc.stdout)["files"][0]["code"] == "file_too_large"
    csv = tmp_path / "liste.csv"
    csv.write_text("Haus;Betten gesamt;Unterkunft\nA;3;x\n", encoding="utf-8")
    out = json.loads(run("check", "--json", "--datenbestand", "accommodations", str(csv)).stdout)
    assert out["files"][0]["tables"][0]["dataset"] == "accommodations"


def test_usage_errors_are_german_and_without_traceback():
    for args in ([], ["check"], ["gibtsnicht"], ["check", "--stichtag", "morgen", "x.xlsx"]):
        proc = run(*args)
        assert proc.returncode == 2, args
        assert "Traceback" not in proc.stderr + proc.stdout
    assert "es fehlen Angaben" in run("check").stderr
    assert "kein Datum" in run("check", "--stichtag", "morgen", "x.xlsx").stderr


def test_ascii_terminal_does_not_crash(files):
    good, _, _ = files
    import os

    env = dict(os.environ, PYTHONIOENCODING="ascii", LC_ALL="C")
    proc = run("check", str(good), env=env)
    assert proc.returncode == 0 and "Traceback" not in proc.stderr


def test_registry_lets_others_add_commands(capsys):
    calls = []

    def configure(p):
        p.add_argument("--n", type=int, default=1)

    def runner(args):
        calls.append(args.n)
        return 0

    cli.register("probe", "Testbefehl.", configure, runner)
    try:
        assert cli.main(["probe", "--n", "3"]) == 0
        assert calls == [3]
    finally:
        cli.COMMANDS.pop("probe")
    assert "probe" not in cli.COMMANDS and "check" in cli.COMMANDS


def test_internal_errors_become_exit_2_without_traceback(capsys):
    def boom(args):
        raise RuntimeError("x")

    cli.register("boom", "Test.", lambda p: None, boom)
    try:
        assert cli.main(["boom"]) == 2
    finally:
        cli.COMMANDS.pop("boom")
    err = capsys.readouterr().err
    assert "Interner Fehler (RuntimeError)" in err and "Traceback" not in err


def test_in_process_check_leaves_the_garbage_collector_as_it_was(files, capsys, monkeypatch):
    """check switches the cyclic collector off for its run and collects between files."""
    import gc

    calls = []
    real = gc.collect
    monkeypatch.setattr(gc, "collect", lambda *a: calls.append(1) or real(*a))
    assert gc.isenabled()
    status = cli.main(["check", "--json", *map(str, files)])
    assert gc.isenabled()
    assert status == 2 and len(json.loads(capsys.readouterr().out)["files"]) == 3
    assert len(calls) == 2  # before the second and the third file
    gc.disable()
    try:
        cli.main(["check", "--json", str(files[0])])
        assert not gc.isenabled()
    finally:
        gc.enable()


@pytest.mark.parametrize("forked, ready, warmed", [(True, False, True), (True, True, False), (False, False, False)])
def test_check_warms_up_only_while_the_forked_read_is_still_running(files, capsys, monkeypatch, forked, ready,
                                                                     warmed):
    """The one-time work of a check (importing/pipeline.warm_up) runs only while calamine still parses the
    first file (guards in a child, first file not read yet): otherwise it would only delay the report."""
    from ankunft.importing import pipeline
    from ankunft.importing.io import read_ahead

    calls = []
    monkeypatch.setattr(pipeline, "warm_up", lambda: calls.append(1))
    monkeypatch.setattr(read_ahead.ReadAhead, "first_ready", lambda self: ready)
    if not forked:
        monkeypatch.delattr(read_ahead.os, "fork", raising=False)
    assert cli.main(["check", "--json", str(files[0])]) == 0
    assert json.loads(capsys.readouterr().out)["files"][0]["ok"] is True
    assert calls == ([1] if warmed else [])
