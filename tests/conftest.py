"""Shared test set-up: every test runs against its own temporary database."""

from __future__ import annotations

import functools
import os
import sys
from pathlib import Path

import pytest

# One BLAS thread per process. The suite runs one worker per core (-n auto, inherited by the workers:
# this file is read before they start, and before anything imports numpy); OpenBLAS would start another
# thread per core in every worker, and on the auditor's small matrices those threads spin for more CPU
# than the work takes (a Ratsfassung build on the small data: 1,30 s CPU with them, 0,75 s without,
# its SVDs 0,47 s -> 0,03 s). Set before numpy is loaded, or it has no effect.
for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


SLOW_DIRS = {"pages", "audit", "reliability", "browser", "deck"}

# Tests outside those folders that belong to the slow tier, with the reason. The rule: a test is slow
# when it builds a whole report (deck, workbook, HTML), runs a page as an AppTest, starts a browser,
# or writes/reads files of 100,000+ rows — each of these costs a second or more. Everything else
# (functions on small inputs) is the fast tier that `pytest -m "not slow"` runs while developing.
# Keys are paths under tests/, optionally with "::test_name" (a prefix of the node name).
SLOW_TESTS = {
    "unit/views/test_report_view.py": "builds the whole report, deck, workbook and HTML in both modes",
    "unit/views/test_scenario_shared.py": "builds the page model, the deck and the workbook of scenarios",
    "unit/ui/test_warm_up.py": "runs every page as an AppTest",
    "unit/export/test_layout_check.py": "hypothesis over whole deck builds",
    "unit/export/test_council_text.py": "builds council reports",
    "unit/export/test_xlsx_figures.py": "builds both workbooks",
    "security/test_export_injection.py": "builds every export with hostile text",
    "unit/export/test_export_html.py::test_renders_offline_in_a_browser": "starts chromium",
    "unit/export/test_export_html.py::test_long_barh_labels_not_clipped_in_a_browser": "starts chromium",
    "unit/importing/test_io_faults.py::test_lying_dimension": "600,000-row sheets, memory measured in a subprocess",
    "unit/importing/test_pipeline.py::test_fifty_thousand_rows": "a 50,000-row export",
    "unit/disclosure/test_disclosure_properties.py::test_protected_tables_pass_the_auditor":
        "hypothesis over whole protected tables with the LP auditor (~12 s)",
    "unit/disclosure/test_ratsfassung_reach.py": "hypothesis over Ratsfassungen with reach blocks and the LP "
                                                 "auditor (5–10 s per test)",
}


def _is_slow(rel: str, name: str) -> bool:
    for key in SLOW_TESTS:
        path, _, test = key.partition("::")
        if rel == path and name.startswith(test):
            return True
    return False


def pytest_collection_modifyitems(config, items):
    """Mark tests as slow by folder (tests/{pages,audit,reliability,browser,deck}) or by SLOW_TESTS;
    tests/browser is also "browser"."""
    for item in items:
        parts = Path(str(item.fspath)).resolve().relative_to(ROOT / "tests").parts
        if parts and (parts[0] in SLOW_DIRS or _is_slow("/".join(parts), item.name)):
            item.add_marker(pytest.mark.slow)
        if parts and parts[0] == "browser":
            item.add_marker(pytest.mark.browser)


@pytest.fixture(autouse=True)
def _isolated_db(tmp_path, monkeypatch):
    """Never touch the developer's data/ankunft.db from a test."""
    monkeypatch.setenv("ANKUNFT_DB", str(tmp_path / "ankunft-test.db"))
    yield


# Hypothesis: no per-example deadline. The suite runs on every core (pytest-xdist), and a first example
# that also imports plotly or pandas code can take longer than 200 ms on a loaded 2-core machine,
# which Hypothesis reports as a flaky failure. Speed is measured by the benchmark scripts, not here.
from hypothesis import settings as _hypothesis_settings  # noqa: E402

# In CI (.ci/run sets ANKUNFT_HYPOTHESIS=ci) the examples are derandomized: a run on the same code draws the same
# examples, so CI passes or fails reproducibly. A developer's runs draw new examples each time and keep finding
# what the fixed ones miss (two generated tests found real bugs that way on 07.12.2026).
_hypothesis_settings.register_profile("ankunft", deadline=None)
_hypothesis_settings.register_profile("ci", deadline=None, derandomize=True)
_hypothesis_settings.load_profile("ci" if os.environ.get("ANKUNFT_HYPOTHESIS") == "ci" else "ankunft")


@pytest.fixture
def count_calls(monkeypatch):
    """Record calls by name: ``count_calls(module, "name")`` wraps ``module.name`` for the test;
    the names called, in order, are ``count_calls.calls``."""
    calls: list[str] = []

    def count(module, name: str) -> None:
        original = getattr(module, name)

        @functools.wraps(original)
        def wrapper(*args, **kwargs):
            calls.append(name)
            return original(*args, **kwargs)
        monkeypatch.setattr(module, name, wrapper)

    count.calls = calls
    return count
