"""CSV cells written as Excel's text formula ="01" (issue #14, eighth probe batch, probe 81): offices export ids
so that Excel keeps their leading zeros. The cell is the text inside the quotes – a district number "09", a person
number "000123" – never an unknown value. Variants generated here (with and without CSV quoting)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from ankunft.importing.io import Limits
from ankunft.importing.io.readers import read_csv
from ankunft.importing.pipeline import check_file


def _cell(v: str, quoted: bool) -> str:
    return '"=""' + v + '"""' if quoted else '="' + v + '"'


@settings(max_examples=30, deadline=None)
@given(ids=st.lists(st.integers(1, 18), min_size=3, max_size=10, unique=True), quoted=st.booleans(),
       sep=st.sampled_from([";", ",", "\t"]))
def test_district_numbers_as_text_formulas_are_the_numbers(ids, quoted, sep):
    lines = [sep.join(["Stadtteil-Nr.", "Einwohner"])]
    lines += [sep.join([_cell(f"{k:02d}", quoted), str(1000 + 37 * k)]) for k in ids]
    t = check_file(("\r\n".join(lines) + "\r\n").encode(), file_name="einwohner.csv").table("districts")
    assert t is not None and not t.blocking
    assert list(t.frame["district_id"]) == [f"{k:02d}" for k in ids]
    assert not [w for w in t.warnings if w.code == "unknown_district"]


@settings(max_examples=30, deadline=None)
@given(values=st.lists(st.from_regex(r"[0-9A-Z\-]{1,8}", fullmatch=True), min_size=1, max_size=6),
       quoted=st.booleans())
def test_a_text_formula_cell_is_its_text_and_other_cells_are_unchanged(values, quoted):
    plain = ["=A1+1", '="', "x=\"1\"", "Summe"]
    line = ";".join([_cell(v, quoted) for v in values] + plain)
    wb = read_csv((line + "\r\n").encode(), "liste.csv", Limits())
    assert wb.sheets[0].rows[0] == values + plain
