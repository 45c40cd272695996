"""Shared test set-up: every test runs against its own temporary database."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


SLOW_DIRS = {"pages", "audit", "reliability", "browser", "deck"}


def pytest_collection_modifyitems(config, items):
    """Mark tests by folder: tests/{pages,audit,reliability,browser,deck} are slow, tests/browser is browser."""
    for item in items:
        parts = Path(str(item.fspath)).resolve().relative_to(ROOT / "tests").parts
        if parts and parts[0] in SLOW_DIRS:
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

_hypothesis_settings.register_profile("ankunft", deadline=None)
_hypothesis_settings.load_profile("ankunft")
