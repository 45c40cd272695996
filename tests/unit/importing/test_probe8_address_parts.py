"""An address split into columns (issue #14, eighth probe batch, probe 76): Straße | Hausnr. (| Zusatz) | PLZ | Ort.

The address is the street with its house number ("Teststraße 7a"), reported as composed; a house number column is
never a key ("Haus-Nr." is no Objekt-Nr.), and PLZ/Ort never become counts. Variants generated here.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

sys.path.insert(0, str(Path(__file__).parent))
from writers import text, xlsx

from ankunft.core import glossary
from ankunft.importing import matching
from ankunft.importing.pipeline import check_file

NUMBER_HEADERS = ("Hausnr.", "Hausnummer", "Haus-Nr.", "HNr.", "Haus-Nummer", "Hausnr")
STREET_HEADERS = ("Straße", "Strasse", "Str.")
_DATASETS = {  # key column, other columns (header, value of row i)
    "housing": [("Objekt-Nr.", lambda i: f"Q-{i:03d}"), ("Wohnungen", lambda i: 2 + i % 4)],
    "accommodations": [("Unterkunft", lambda i: f"GU Haus {i}"), ("Plätze", lambda i: 30 + i)],
    "services": [("Kita", lambda i: f"Kita Regenbogen {i}"), ("Plätze", lambda i: 40 + i)],
}


@pytest.mark.parametrize("dataset", ["housing", "accommodations", "services", "residents"])
@pytest.mark.parametrize("header", NUMBER_HEADERS + ("Hausnummer-Zusatz",))
def test_a_house_number_is_no_key(dataset, header):
    ds = glossary.DATASETS[dataset]
    assert not [c for c in matching.rank_header(header, dataset) if ds.field(c.field).kind == "id"]


@settings(max_examples=40, deadline=None)
@given(dataset=st.sampled_from(sorted(_DATASETS)), street_h=st.sampled_from(STREET_HEADERS),
       number_h=st.sampled_from(NUMBER_HEADERS), fmt=st.sampled_from(["xlsx", "csv"]),
       with_plz=st.booleans(), data=st.data(),
       rows=st.lists(st.tuples(st.sampled_from(["Teststraße", "Am Hang", "Ringweg", "Lindenallee", "Kirchgasse"]),
                               st.one_of(st.integers(1, 250), st.sampled_from(["14a", "3-5", "7 b", "120"])),
                               st.sampled_from(["", "", "a", "b"])),
                     min_size=3, max_size=8))
def test_street_and_house_number_make_the_address(dataset, street_h, number_h, fmt, with_plz, data, rows):
    extra = _DATASETS[dataset]
    with_suffix = data.draw(st.booleans())
    head = [h for h, _ in extra] + [street_h, number_h] + (["Zusatz"] if with_suffix else []) + \
        (["PLZ", "Ort"] if with_plz else [])
    grid = [head]
    want = []
    for i, (street, nr, suffix) in enumerate(rows):
        line = [f(i) for _, f in extra] + [street, nr] + ([suffix] if with_suffix else []) + \
            ([67659, "Kaiserslautern"] if with_plz else [])
        grid.append(line)
        add = suffix if with_suffix else ""
        want.append(f"{street} {nr}{add}")
    data_bytes = xlsx({"Liste": grid}) if fmt == "xlsx" else text(grid)
    t = check_file(data_bytes, file_name=f"liste.{fmt}").table(dataset)
    assert t is not None and not t.blocking, [(i.code, i.message) for i in (t.errors if t else [])]
    assert list(t.frame["address"]) == want
    assert any(i.code == "derived_column" and number_h in i.message for i in t.warnings)
    assert number_h not in t.unmapped_columns
    for h in ("PLZ", "Ort"):
        assert t.columns.get(h) in (None,)


def test_a_street_cell_with_its_number_keeps_it_and_an_empty_number_adds_nothing():
    grid = [["Objekt-Nr.", "Straße", "Hausnr."], ["Q-1", "Teststraße 4", ""], ["Q-2", "Ringweg", ""],
            ["Q-3", "Am Hang", 12], ["Q-4", None, 5]]
    t = check_file(xlsx({"Liste": grid}), file_name="wohnungen.xlsx").table("housing")
    assert [None if v is None or v != v else v for v in t.frame["address"]] == \
        ["Teststraße 4", "Ringweg", "Am Hang 12", None]


@pytest.mark.parametrize("number", ["7 b", "9", "12", "3 a"])
def test_house_numbers_that_look_like_district_numbers_stay_house_numbers(number):
    """Found by the generated test: a column "Hausnr." holding only "7 b" was taken for the district by its values
    ("7" is district 07) and the address lost its number. A house number header is never re-read by its values."""
    grid = [["Unterkunft", "Plätze", "Straße", "Hausnr."]] + [[f"GU Haus {i}", 30 + i, "Teststraße", number]
                                                             for i in range(3)]
    t = check_file(xlsx({"Liste": grid}), file_name="liste.xlsx").table("accommodations")
    assert list(t.frame["address"]) == [f"Teststraße {number}"] * 3
    assert "district" not in set(t.columns.values())
