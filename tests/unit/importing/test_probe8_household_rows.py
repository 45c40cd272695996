"""A list with one row per household (issue #14, eighth probe batch, probe 71): a household number ("HH-Nr.",
"BG-Nr.") beside a count of its members ("Personen", "Haushaltsgröße", "davon Kinder") and no person number. It is
neither a list of stays (one row per person) nor of accommodations: refused with the German message
`household_list` that says so – not with a misleading "Plätze fehlt". A list of persons that names their household
and its size is read as usual. Variants generated here."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

sys.path.insert(0, str(Path(__file__).parent))
from writers import text, xlsx

from ankunft.importing.pipeline import check_file

HH = ("HH-Nr.", "Haushalts-Nr.", "BG-Nr.", "Haushaltsnummer", "Fam.-Nr.", "Bedarfsgemeinschaft-Nr.")
COUNTS = ("Personen", "Anzahl Personen", "Haushaltsgröße", "Personenzahl", "Anz. Pers.", "Mitglieder")


@settings(max_examples=40, deadline=None)
@given(hh=st.sampled_from(HH), count=st.sampled_from(COUNTS), fmt=st.sampled_from(["xlsx", "csv"]),
       extra=st.lists(st.sampled_from(["Einzug", "Herkunftsland", "davon Kinder", "Staatsangehörigkeit"]),
                      unique=True, max_size=3),
       sizes=st.lists(st.integers(1, 8), min_size=2, max_size=7))
def test_a_household_list_is_refused_with_its_reason(hh, count, fmt, extra, sizes):
    head = [hh, "Unterkunft", count, *extra]
    values = {"Einzug": lambda i: dt.date(2025, 1 + i % 12, 3), "Herkunftsland": lambda i: "Syrien",
              "davon Kinder": lambda i: i % 3, "Staatsangehörigkeit": lambda i: "syrisch"}
    grid = [head] + [[f"H-{i:04d}", f"GU Testweg {i % 2}", s, *(values[e](i) for e in extra)]
                     for i, s in enumerate(sizes)]
    rep = check_file(xlsx({"Liste": grid}) if fmt == "xlsx" else text(grid), file_name=f"liste.{fmt}")
    assert rep.tables, rep.error
    for t in rep.tables:
        assert t.blocking
        msgs = [i.message for i in t.errors if i.code == "household_list"]
        assert msgs and "Haushalt" in msgs[0] and count in msgs[0]


@settings(max_examples=20, deadline=None)
@given(hh=st.sampled_from(HH), count=st.sampled_from(COUNTS), n=st.integers(2, 6))
def test_a_list_of_persons_with_their_household_is_read(hh, count, n):
    grid = [["Personen-Nr.", hh, "Unterkunft", "Einzug", count]]
    grid += [[f"P-{i:04d}", f"H-{i // 2:03d}", "GU Testweg", dt.date(2025, 3, 1 + i), 2] for i in range(n)]
    t = check_file(xlsx({"Liste": grid}), file_name="bewohner.xlsx").table("residents")
    assert t is not None and not t.blocking and t.rows == n
    assert not [i for i in t.errors if i.code == "household_list"]
