"""A table with the districts as columns and the indicators as rows (issue #14, eighth probe batch, probe 78 – the
printed yearbook's layout; also allocations per month × district): no dataset as it stands, and never misread. The
refusal says what is wrong – the districts stand side by side – and how to fix it (transpose). Variants generated
here."""

from __future__ import annotations

import sys
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

sys.path.insert(0, str(Path(__file__).parent))
from writers import text, xlsx

from ankunft.importing.pipeline import check_file

NAMES = ["Innenstadt-Ost", "Innenstadt-Südwest", "Betzenberg", "Kaiserslautern-West", "Erlenbach", "Morlautern",
         "Hohenecken", "Siegelbach", "Dansenberg", "Einsiedlerhof"]
ROWS = ["Einwohner insgesamt", "darunter weiblich", "unter 6 Jahre", "65 Jahre und älter", "Haushalte",
        "Arbeitslose", "Januar", "Februar", "März"]


@settings(max_examples=30, deadline=None)
@given(cols=st.lists(st.integers(0, len(NAMES) - 1), min_size=3, max_size=8, unique=True),
       rows=st.lists(st.sampled_from(ROWS), min_size=2, max_size=6, unique=True),
       numbered=st.booleans(), first=st.sampled_from(["Merkmal", "", "Monat", "Indikator"]),
       title=st.booleans(), fmt=st.sampled_from(["xlsx", "csv"]))
def test_districts_as_columns_are_refused_with_the_reason(cols, rows, numbered, first, title, fmt):
    head = [first] + [(f"{k + 1:02d} " if numbered else "") + NAMES[k] for k in cols]
    grid = ([["Kennzahlen nach Stadtteilen"], []] if title else []) + [head]
    grid += [[r] + [100 + 7 * i + j for j in range(len(cols))] for i, r in enumerate(rows)]
    rep = check_file(xlsx({"Tab": grid}) if fmt == "xlsx" else text(grid), file_name=f"kennzahlen.{fmt}")
    assert not [t for t in rep.tables if not t.blocking], [(t.dataset, t.rows) for t in rep.tables]
    reasons = " ".join(s["reason"] for s in rep.ignored_sheets)
    assert "Spalten" in reasons and "transponieren" in reasons.lower()
