"""The tier table in tests/conftest.py names real tests: a renamed or moved test must not silently
fall back into the fast tier, and a stale entry must not linger."""

from __future__ import annotations

import re
from pathlib import Path

from tests import conftest

TESTS = Path(conftest.__file__).resolve().parent


def test_every_slow_entry_names_an_existing_test():
    stale = []
    for key in conftest.SLOW_TESTS:
        path, _, name = key.partition("::")
        file = TESTS / path
        if not file.is_file():
            stale.append(f"{key}: no such file")
        elif name and not re.search(rf"^(async )?def {re.escape(name)}\w*\(", file.read_text(encoding="utf-8"),
                                    re.MULTILINE):
            stale.append(f"{key}: no test of that name")
    assert not stale, stale


def test_the_rule_marks_by_folder_and_by_entry():
    assert conftest._is_slow("unit/views/test_report_view.py", "test_anything")
    assert conftest._is_slow("unit/export/test_export_html.py", "test_renders_offline_in_a_browser")
    assert not conftest._is_slow("unit/export/test_export_html.py", "test_html_is_one_file")
    assert not conftest._is_slow("unit/core/test_fmt.py", "test_num")
