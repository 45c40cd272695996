"""The BIFF8 reader of hidden rows (io/xls_hidden.py): hidden rows of generated .xls workbooks (several
sheets, small files in the compound file's mini stream and large ones in regular sectors, non-ASCII sheet
names), and damaged input – truncated or with random bytes changed – gives a result or None, never an
exception."""

from __future__ import annotations

import sys
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

sys.path.insert(0, str(Path(__file__).parent))
import writers  # noqa: E402

from ankunft.importing.io.xls_hidden import xls_hidden_rows  # noqa: E402

NAMES = st.sampled_from(["Tabelle1", "Unterkünfte", "GU-Übersicht 2026", "Belegung (alt)", "Blatt ß"])


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(sheets=st.lists(st.tuples(NAMES, st.integers(1, 400), st.data()), min_size=1, max_size=3,
                       unique_by=lambda s: s[0]))
def test_hidden_rows_of_every_sheet_are_found(sheets):
    grids, hidden = {}, {}
    for name, n, data in sheets:
        grids[name] = [[f"Zeile {r}", r] for r in range(n)]
        hidden[name] = set(data.draw(st.lists(st.integers(0, n - 1), max_size=min(n, 20), unique=True)))
    got = xls_hidden_rows(writers.xls(grids, hidden=hidden))
    assert got == {name: sorted(r + 1 for r in rows) for name, rows in hidden.items()}


FILE = writers.xls({"Unterkünfte": [[f"GU-{k}", k] for k in range(300)]}, hidden={"Unterkünfte": {5, 77}})


@settings(max_examples=60, deadline=None)
@given(cut=st.integers(0, len(FILE)), flips=st.lists(st.tuples(st.integers(0, len(FILE) - 1), st.integers(0, 255)),
                                                      max_size=8))
def test_damaged_files_give_a_result_or_none_never_an_exception(cut, flips):
    data = bytearray(FILE[:cut] if cut < 600 else FILE)
    for pos, byte in flips:
        if pos < len(data):
            data[pos] = byte
    got = xls_hidden_rows(bytes(data))
    assert got is None or isinstance(got, dict)
    if not flips and cut >= 600:
        assert got == {"Unterkünfte": [6, 78]}
