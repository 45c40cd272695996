"""The recognition report in `python -m ankunft check --json` (issue #14 part 1): fields added, none
renamed, valid against docs/check-output.schema.json; the schema rejects a malformed report."""

from __future__ import annotations

import copy
import json
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

sys.path.insert(0, str(Path(__file__).parent))
import layouts_headers as lh

ROOT = Path(__file__).resolve().parents[3]
SCHEMA = json.loads((ROOT / "docs" / "check-output.schema.json").read_text(encoding="utf-8"))
# the table keys the contract had before the recognition report: all must still be there
KEYS_BEFORE = {"sheet", "dataset", "dataset_label", "stichtag", "stichtag_source", "header_row", "rows", "columns",
               "unmapped_columns", "dropped_identifier_columns", "derived", "blocking", "layout", "errors",
               "warnings", "skipped_rows", "totals", "sum_row"}


@pytest.fixture(scope="module")
def output(tmp_path_factory):
    d = tmp_path_factory.mktemp("rec")
    files = []
    for lay in (lh.LAYOUTS[5], lh.LAYOUTS[12], lh.LAYOUTS[17]):  # two-row accommodations, Kita list, schools
        name, data = lh.write(lay)
        (d / name).write_bytes(data)
        files.append(str(d / name))
    proc = subprocess.run([sys.executable, "-m", "ankunft", "check", "--json", *files], capture_output=True, check=False,
                          text=True, cwd=ROOT, timeout=120)
    assert proc.returncode in (0, 1), proc.stderr
    return json.loads(proc.stdout)


def test_check_json_carries_the_recognition_report_and_matches_the_schema(output):
    jsonschema.validate(output, SCHEMA)
    tables = [t for f in output["files"] for t in f["tables"]]
    assert [t["dataset"] for t in tables] == ["accommodations", "services", "services"]
    for t in tables:
        assert KEYS_BEFORE <= set(t)
        rec = t["recognition"]
        assert rec["dataset"]["key"] == t["dataset"]
        assert rec["dataset"]["runner_up"] != t["dataset"]
        assert rec["dataset"]["score"] > (rec["dataset"]["runner_up_score"] or 0)
        assert rec["dataset"]["evidence"]
        mapped = {c["header"]: c["field"] for c in rec["columns"] if c["field"]}
        assert mapped == t["columns"]
        assert all(c["by"] in ("header", "values") for c in rec["columns"] if c["field"])
    kita = tables[1]["recognition"]["dataset"]
    assert kita["category"] == "Kita" and "Blattname" in kita["category_source"]


@pytest.mark.parametrize("path,bad", [
    (("dataset", "score"), "hoch"),
    (("dataset", "key"), "kitas"),
    (("columns", 0, "by"), "magic"),
    (("columns", 0, "score"), 120),
    (("columns", 0, "confirm"), "ja"),
])
def test_schema_rejects_a_malformed_recognition_report(output, path, bad):
    broken = copy.deepcopy(output)
    node = broken["files"][0]["tables"][0]["recognition"]
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = bad
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(broken, SCHEMA)


def test_text_report_names_points_and_the_mappings_to_confirm(tmp_path):
    lay = lh.Layout("t", "accommodations", "GU", "gu.xlsx", (
        lh.Col("name", "Bezeichnung", ("Asternweg", "Hotel Zepp")),
        lh.Col("capacity", "Aufnahmekapazität", (120, 60)),
        lh.Col("occupancy", "Bewohner", (80, 40))))
    name, data = lh.write(lay)
    (tmp_path / name).write_bytes(data)
    proc = subprocess.run([sys.executable, "-m", "ankunft", "check", str(tmp_path / name)], capture_output=True, check=False,
                          text=True, cwd=ROOT, timeout=120)
    assert "Erkannt mit " in proc.stdout and "Punkten" in proc.stdout
    assert "Zu bestätigen: Aufnahmekapazität → Plätze (" in proc.stdout
