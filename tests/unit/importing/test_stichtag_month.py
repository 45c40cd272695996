"""A month-only Stand in a title row, footnote or notes sheet ("Stand: Okt. 2026", "Stand Oktober 2026",
"Stand: 10/2026") is the Stichtag at the month's last day – never silently: a warning names the text and
the day read. A full date anywhere (title, footnote, notes sheet, file name) stays preferred.

Titles are generated from office practice (keywords, month spellings, separators), not from the code's lists."""

from __future__ import annotations

import calendar
import datetime as dt
import sys
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

sys.path.insert(0, str(Path(__file__).resolve().parents[3] / "tests" / "badinput"))
import badinput_cases as bc  # noqa: E402

from ankunft.core import fmt  # noqa: E402
from ankunft.importing.pipeline import check_file  # noqa: E402

_LONG = ["Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober",
         "November", "Dezember"]
_SHORT = ["Jan.", "Feb.", "Mrz.", "Apr.", "Mai", "Jun.", "Jul.", "Aug.", "Sept.", "Okt.", "Nov.", "Dez."]
_KEYWORDS = ["Stand:", "Stand", "Stand -", "Datenstand:", "Stichtag:", "Stand der Daten:", "stand:", "STAND:"]


@st.composite
def month_stand(draw):
    """(title text, the month's text, last day of the month)"""
    year, month = draw(st.integers(2015, 2035)), draw(st.integers(1, 12))
    spelled = draw(st.sampled_from([
        f"{_LONG[month - 1]} {year}", f"{_SHORT[month - 1]} {year}", f"{_SHORT[month - 1].rstrip('.')} {year}",
        f"{_LONG[month - 1].upper()} {year}", f"{month:02d}/{year}", f"{month}/{year}", f"{month:02d}.{year}",
        f"{year}-{month:02d}"]))
    key = draw(st.sampled_from(_KEYWORDS))
    prefix = draw(st.sampled_from(["", "Belegungsübersicht Gemeinschaftsunterkünfte – ", "Übersicht der Unterkünfte, "]))
    last = dt.date(year, month, calendar.monthrange(year, month)[1])
    return f"{prefix}{key} {spelled}", spelled, last


def _csv(lines: list[str]) -> bytes:
    return ("\n".join(lines) + "\n").encode()


_TABLE = ["Unterkunft;Plätze;Belegung", "Asternweg;120;80", "Hotel Zepp;60;40"]


def _month_warning(t) -> list[str]:
    return [w.message for w in t.warnings if w.code == "stichtag_month_only"]


@settings(max_examples=35, deadline=None)
@given(month_stand(), st.sampled_from(["title", "footnote"]))
def test_a_month_only_stand_is_the_months_last_day_with_a_warning(stand, where):
    text, spelled, last = stand
    lines = [text, "", *_TABLE] if where == "title" else [*_TABLE, "", text]
    t = check_file(_csv(lines), file_name="unterkuenfte.csv").tables[0]
    assert t.stichtag == last, (text, t.stichtag)
    assert t.stichtag_source == ("title_row" if where == "title" else "footnote")
    assert not [w for w in t.warnings if w.code == "stichtag_missing"]
    msgs = _month_warning(t)
    assert len(msgs) == 1, t.warnings
    assert f"„{spelled}“" in msgs[0] and fmt.date(last) in msgs[0] and "bitte prüfen" in msgs[0], msgs[0]


def test_a_month_only_stand_on_a_notes_sheet(tmp_path):
    p = bc.write_xlsx(tmp_path / "neutral.xlsx", [("T", [["Unterkunft", "Plätze"], ["A", 10]]),
                                                  ("Hinweise", [["Hinweise"], ["Datenstand: Sept. 2025"]])])
    t = check_file(p).tables[0]
    assert (t.stichtag, t.stichtag_source) == (dt.date(2025, 9, 30), "other_sheet")
    assert len(_month_warning(t)) == 1


@settings(max_examples=25, deadline=None)
@given(month_stand(), st.dates(dt.date(2015, 1, 1), dt.date(2035, 12, 31)))
def test_a_full_date_wins_over_a_month_only_stand(stand, day):
    text, _, _ = stand
    t = check_file(_csv([text, "", *_TABLE]), file_name=f"unterkuenfte_{day:%Y-%m-%d}.csv").tables[0]
    assert (t.stichtag, t.stichtag_source) == (day, "file_name")
    assert not _month_warning(t)
    full = f"Stand: {fmt.date(day)}"
    t = check_file(_csv([text, full, "", *_TABLE]), file_name="unterkuenfte.csv").tables[0]
    assert (t.stichtag, t.stichtag_source) == (day, "title_row") and not _month_warning(t)


@settings(max_examples=30, deadline=None)
@given(st.sampled_from(_KEYWORDS), st.sampled_from(["13/2026", "00/2026", "Oktober", "2026", "Okt.", "Quartal 3/2026",
                                                    "Oktobär 2026", "10/20266"]))
def test_no_month_no_stichtag(key, spelled):
    """Not a month and a year: no Stichtag is made up, the officer is asked for it."""
    t = check_file(_csv([f"{key} {spelled}", "", *_TABLE]), file_name="unterkuenfte.csv").tables[0]
    assert t.stichtag is None and [w for w in t.warnings if w.code == "stichtag_missing"], (spelled, t.stichtag)
