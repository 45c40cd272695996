"""Shared test set-up: every test runs against its own temporary database."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


@pytest.fixture(autouse=True)
def _isolated_db(tmp_path, monkeypatch):
    """Never touch the developer's data/ankunft.db from a test."""
    monkeypatch.setenv("ANKUNFT_DB", str(tmp_path / "ankunft-test.db"))
    yield
