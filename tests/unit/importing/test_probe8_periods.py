"""A date known only as a quarter or a half year (issue #14, eighth probe batch, probe 75): "Q3/2026",
"3. Quartal 2026", "2026-Q3", "III. Quartal 2026", "2. Halbjahr 2026", "H1 2026" – its first day, always reported as
approximate (like a month only); an impossible quarter ("Q5/2026") is no date. Variants generated here."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

sys.path.insert(0, str(Path(__file__).parent))
from writers import xlsx

from ankunft.importing.dates import parse_date_text
from ankunft.importing.pipeline import check_file

ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}
QUARTER_FORMS = ("Q{q}/{y}", "Q{q} {y}", "Q{q}-{y}", "q{q}/{y}", "{q}. Quartal {y}", "{q}.Quartal {y}",
                 "{q}. Qu. {y}", "{q}. Qt. {y}", "{q}.Q. {y}", "{y}-Q{q}", "{y} Q{q}", "{r}. Quartal {y}",
                 "Quartal {q}/{y}", "{q}. Quartal {yy}", "Q{q}/{yy}", "{q}. quartal {y}")
HALF_FORMS = ("{h}. Halbjahr {y}", "{h}. Hj. {y}", "{h}.HJ {y}", "H{h} {y}", "H{h}/{y}", "{rh}. Halbjahr {y}")


@settings(max_examples=80, deadline=None)
@given(q=st.integers(1, 4), year=st.integers(1990, 2035), form=st.sampled_from(QUARTER_FORMS))
def test_a_quarter_is_its_first_day_and_approximate(q, year, form):
    text = form.format(q=q, y=year, yy=f"{year % 100:02d}", r=ROMAN[q])
    d, code, msg = parse_date_text(text)
    want_year = year if "{yy}" not in form else (2000 + year % 100 if year % 100 <= 69 else 1900 + year % 100)
    assert d == dt.date(want_year, 3 * (q - 1) + 1, 1), text
    assert code == "approximate_value" and text in msg and "Quartal" in msg


@settings(max_examples=30, deadline=None)
@given(h=st.integers(1, 2), year=st.integers(1990, 2035), form=st.sampled_from(HALF_FORMS))
def test_a_half_year_is_its_first_day_and_approximate(h, year, form):
    text = form.format(h=h, y=year, rh=ROMAN[h])
    d, code, msg = parse_date_text(text)
    assert d == dt.date(year, 1 if h == 1 else 7, 1), text
    assert code == "approximate_value" and "Halbjahr" in msg


@settings(max_examples=20, deadline=None)
@given(bad=st.sampled_from(["Q5/2026", "Q0/2026", "5. Quartal 2026", "0. Quartal 2026", "3. Halbjahr 2026",
                            "H3 2026", "Quartal", "Q3", "3. Quartal"]))
def test_no_such_period_is_no_date(bad):
    d, code, _ = parse_date_text(bad)
    assert d is None and code == "not_a_date"


@settings(max_examples=15, deadline=None)
@given(periods=st.lists(st.tuples(st.integers(1, 4), st.integers(2018, 2027), st.sampled_from(QUARTER_FORMS[:12])),
                        min_size=3, max_size=8))
def test_a_move_in_column_of_quarters_is_read_with_a_warning_per_row(periods):
    grid = [["Personen-Nr.", "Unterkunft", "Einzug"]]
    grid += [[f"P-{i:03d}", "GU Teststraße", f.format(q=q, y=y, r=ROMAN[q], yy=f"{y % 100:02d}")]
             for i, (q, y, f) in enumerate(periods)]
    t = check_file(xlsx({"Aufenthalte": grid}), file_name="aufenthalte.xlsx").table("residents")
    assert t is not None and not t.blocking
    got = [v.date() if hasattr(v, "date") else v for v in t.frame["move_in"]]
    assert got == [dt.date(y, 3 * (q - 1) + 1, 1) for q, y, _ in periods]
    assert {i.row for i in t.warnings if i.code == "approximate_value"} == set(range(2, 2 + len(periods)))
