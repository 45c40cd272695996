"""Each declared layout of `layouts_values.VARIANTS` (≥ 20, three seeds each) is imported and must give the
dataset, header row, field mapping, row count, control totals and skipped rows the generator wrote – nothing
read wrongly, nothing personal kept."""

import sys
from pathlib import Path

import pandas as pd
import pytest

sys.path.insert(0, str(Path(__file__).parent))
import layouts_values as lv  # noqa: E402

from ankunft.importing.pipeline import check_file  # noqa: E402


def test_the_variant_list_covers_the_issue():
    v = lv.VARIANTS
    assert len(v) >= 20
    assert {x.totals for x in v} >= {"top", "middle", "bottom", "subtotals"}
    assert {x.fmt for x in v} >= {"xlsx", "xls", "ods", "csv", "csv-cp1252", "utf16", "utf16-bom", "utf16-be-bom"}
    assert any(x.hidden for x in v) and {x.dataset for x in v} == {"districts", "services", "accommodations",
                                                                   "housing", "residents"}
    assert {q for x in v for q in x.quirks} >= {"thousands", "percent_in_count", "sheet_hidden"}


def _as_list(s: pd.Series) -> list:
    return [None if pd.isna(x) else (bool(x) if isinstance(x, (bool,)) or str(s.dtype) == "boolean" else x)
            for x in s]


# fast tier (pytest -m "not slow"): seed 0 of every variant; seeds 1 and 2 only in the full run
@pytest.mark.parametrize("seed", [0, pytest.param(1, marks=pytest.mark.slow), pytest.param(2, marks=pytest.mark.slow)])
@pytest.mark.parametrize("variant", lv.VARIANTS, ids=[v.name for v in lv.VARIANTS])
def test_layout(variant, seed):
    data, name, exp = lv.build(variant, seed)
    rep = check_file(data, file_name=name)
    assert rep.code is None, rep.error
    t = rep.table(exp.dataset)
    assert t is not None, [(x.sheet, x.dataset) for x in rep.tables]
    assert t.header_row == exp.header_row
    assert t.columns == exp.columns
    assert sorted(t.dropped_identifier_columns) == sorted(exp.dropped)
    assert t.rows == exp.rows
    assert [s.row for s in t.skipped_rows] == exp.skipped, [(s.row, s.reason) for s in t.skipped_rows]
    assert t.totals == pytest.approx(exp.totals)
    assert [(i.code, i.row) for i in t.errors] == exp.errors
    codes = {i.code for i in t.warnings}
    assert set(exp.warnings) <= codes, codes
    assert not codes & {"sum_row_mismatch", "subtotal_mismatch", "unknown_values"}
    for key, values in exp.values.items():
        assert _as_list(t.frame[key]) == values, key
    for h in exp.dropped:  # nothing of a personal column is in the frame
        assert h not in t.frame.columns
