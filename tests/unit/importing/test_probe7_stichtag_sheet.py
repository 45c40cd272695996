"""The Stand written only in the sheet name ("Stand 30.9.26", "30.09.2026", "Stichtag 2026-09-30") is the table's
Stichtag (source "sheet_name"): after title rows and footnotes of the table itself, before other sheets and the
file name. A Stand with a two-digit year ("Stand: 30.9.26") is that date wherever a Stand is read."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

sys.path.insert(0, str(Path(__file__).parent))
import writers

from ankunft.importing.dates import stichtag_in_text
from ankunft.importing.pipeline import check_file

ROWS = [["Unterkunft", "Plätze", "belegt"], ["Modulbau Vogelweh", 96, 80], ["Pension Am Markt", 22, 20]]
FORMS = ["Stand {d.day}.{d.month}.{y2}", "Stand {d:%d.%m.%Y}", "{d:%d.%m.%Y}", "Stichtag {d:%Y-%m-%d}",
         "Belegung {d:%d.%m.%Y}", "GU Stand {d:%d.%m.%y}", "per {d.day}.{d.month}.{d.year}", "{d:%Y-%m-%d}"]


@settings(max_examples=40, deadline=None)
@given(day=st.dates(dt.date(2000, 1, 1), dt.date(2035, 12, 31)), form=st.sampled_from(FORMS),
       other=st.sampled_from([None, "file", "notes"]))
def test_the_stand_in_the_sheet_name_is_the_stichtag(day, form, other):
    sheet = form.format(d=day, y2=f"{day:%y}")[:31]
    sheets = {sheet: ROWS}
    name = "Belegung.xlsx"
    if other == "file":
        name = "Belegung_1999-12-31.xlsx"  # the file name is less specific than the sheet's own name
    elif other == "notes":
        sheets["Hinweise"] = [["Datenstand: 31.12.1999"]]
    t = check_file(writers.xlsx(sheets), file_name=name).table("accommodations")
    assert (t.stichtag, t.stichtag_source) == (day, "sheet_name"), sheet


@settings(max_examples=20, deadline=None)
@given(day=st.dates(dt.date(2000, 1, 1), dt.date(2035, 12, 31)))
def test_a_title_row_stand_wins_over_the_sheet_name(day):
    grid = [[f"Stand: {day:%d.%m.%Y}"], [], *ROWS]
    t = check_file(writers.xlsx({"Stand 01.01.1999": grid}), file_name="b.xlsx").table("accommodations")
    assert (t.stichtag, t.stichtag_source) == (day, "title_row")


@settings(max_examples=30, deadline=None)
@given(day=st.dates(dt.date(2000, 1, 1), dt.date(2068, 12, 31)), key=st.sampled_from(["Stand", "Stand:", "Stichtag",
                                                                                        "Datenstand:"]))
def test_a_stand_with_a_two_digit_year_is_that_date(day, key):
    assert stichtag_in_text(f"{key} {day.day}.{day.month}.{day:%y}") == day
    assert stichtag_in_text(f"{key} {day:%d.%m.%y} (vorläufig)") == day
