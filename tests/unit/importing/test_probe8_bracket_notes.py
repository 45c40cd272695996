"""A number with a remark in brackets after it (issue #14, eighth probe batch, probe 74): "200 (+20 Notbetten)",
"80 (davon 12 U3)", "45 m² (lt. Plan)", "ca. 30 (geschätzt)". The number before the bracket is the value; the remark
is never dropped without a word (warning `value_with_note` naming it) and never added in. A bracket without a
word ("120 (3)") or a head that is no number stays an error. Variants generated here."""

from __future__ import annotations

import sys
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

sys.path.insert(0, str(Path(__file__).parent))
from writers import xlsx

from ankunft.importing.numeric import parse_number_text
from ankunft.importing.pipeline import check_file

NOTES = ("+{k} Notbetten", "zzgl. {k} Reserveplätze", "davon {k} U3", "inkl. {k} Notplätze", "Stand Mai",
         "lt. Vertrag", "vorläufig", "+ {k} Notaufnahme", "geschätzt", "ohne {k} gesperrte Zimmer")


@settings(max_examples=80, deadline=None)
@given(n=st.integers(0, 5000), k=st.integers(1, 99), note=st.sampled_from(NOTES),
       head=st.sampled_from(["{n}", "{n} Plätze", "{n} Pers.", "ca. {n}", "{n}  "]),
       space=st.sampled_from([" ", "", "  "]))
def test_the_number_before_a_bracketed_remark_is_the_value(n, k, note, head, space):
    remark = note.format(k=k)
    text = head.format(n=n).rstrip() + space + f"({remark})"
    v, code, msg = parse_number_text(text, integer=True)
    assert v == n
    assert code == "value_with_note" and remark in msg


@settings(max_examples=20, deadline=None)
@given(text=st.sampled_from(["120 (3)", "Halle (80)", "(+20 Notbetten)", "viele (ca. 20)", "20 (+20 Notbetten",
                             "12 % (geschätzt)"]))
def test_a_bracket_without_a_number_before_it_or_without_words_is_no_value(text):
    v, code, _ = parse_number_text(text, integer=True)
    assert v is None and code in ("not_a_number", "unit_mismatch")


@settings(max_examples=15, deadline=None)
@given(rows=st.lists(st.tuples(st.integers(5, 400), st.one_of(st.none(), st.integers(1, 40)),
                               st.sampled_from(NOTES)), min_size=3, max_size=8))
def test_a_capacity_column_with_remarks_is_read_with_a_warning_per_remark(rows):
    grid = [["Unterkunft", "Plätze", "belegt"]]
    for i, (cap, k, note) in enumerate(rows):
        cell = cap if k is None else f"{cap} ({note.format(k=k)})"
        grid.append([f"GU Testweg {i}", cell, cap // 2])
    t = check_file(xlsx({"Unterkünfte": grid}), file_name="unterkuenfte.xlsx").table("accommodations")
    assert t is not None and not t.blocking and not t.errors
    assert list(t.frame["capacity"]) == [cap for cap, _, _ in rows]
    assert {i.row for i in t.warnings if i.code == "value_with_note"} == \
        {2 + i for i, (_, k, _) in enumerate(rows) if k is not None}
