"""Key columns (issue #14, eighth probe batch, probes 71 and 73).

- A header that counts ("Anzahl Personen", "Personenzahl", "Personen", "Kinderzahl") names no key: a household list
  whose "Personen" column holds 4, 3, 1 … is no list of person numbers.
- A row counter (values 1, 2, 3 … from the first row) is the weakest evidence for a key: another column that names
  the same key with its own values ("Unterkunfts-Nr." U-0003 …) takes it, wherever it stands.

The variants are generated here, not taken from the probes.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

sys.path.insert(0, str(Path(__file__).parent))
from writers import xlsx

from ankunft.core import glossary
from ankunft.importing import matching
from ankunft.importing.pipeline import check_file

COUNT_HEADERS = ("Anzahl Personen", "Personenzahl", "Personen", "Kinderzahl", "Anz. Kinder", "Anzahl Bewohner",
                 "Bewohnerzahl", "Zahl der Personen", "Personen gesamt", "Kinder")
KEY_FIELDS = ("id", "person_id", "object_id", "household_id")


@pytest.mark.parametrize("dataset", ["residents", "accommodations", "housing", "services"])
@pytest.mark.parametrize("header", COUNT_HEADERS)
def test_a_counting_header_names_no_key(dataset, header):
    ds = glossary.DATASETS[dataset]
    keys = [c for c in matching.rank_header(header, dataset)
            if ds.field(c.field).kind == "id" and c.score >= matching.ACCEPT]
    assert keys == []


@pytest.mark.parametrize("header", ["Person", "Pers.-Nr.", "Personen-Nr.", "Personenkennung", "Kennziffer Person",
                                    "Personennummer", "Pers.-Kennz."])
def test_a_person_number_header_still_names_the_person(header):
    from ankunft.importing.io.header import rank

    assert rank(header, "residents")[0].field == "person_id"


@settings(max_examples=25, deadline=None)
@given(header=st.sampled_from(["Anzahl Personen", "Personenzahl", "Personen", "Personen im Haushalt",
                               "Anz. Personen"]),
       sizes=st.lists(st.integers(1, 7), min_size=3, max_size=9),
       hh=st.sampled_from(["HH-Nr.", "Haushalts-Nr.", "BG-Nr.", "Fam.-Nr."]))
def test_a_household_list_is_never_read_as_persons(header, sizes, hh):
    grid = [[hh, "Unterkunft", "Einzug", header]]
    grid += [[f"H-{i:04d}", f"GU Teststraße {i % 3}", dt.date(2025, 1 + i % 12, 1 + i), s]
             for i, s in enumerate(sizes)]
    rep = check_file(xlsx({"Liste": grid}), file_name="liste.xlsx")
    for t in rep.tables:
        if t.dataset == "residents" and not t.blocking:
            assert t.columns.get(header) != "person_id", t.columns


_DATASETS = {  # key field, key headers, filler columns (header, value of row i)
    "accommodations": ("id", ["Unterkunfts-Nr.", "Kennung", "Unterkunftsnummer", "ID"],
                       [("Unterkunft", lambda i: f"GU Teststraße {i}"), ("Plätze", lambda i: 20 + 7 * i)]),
    "housing": ("object_id", ["Objekt-Nr.", "Objektnummer", "Wohnungs-Nr."],
                [("Anschrift", lambda i: f"Teststraße {i + 1}"), ("Wohnungen", lambda i: 2 + i % 5)]),
    "residents": ("person_id", ["Personen-Nr.", "Pers.-Kennz.", "Personenkennung", "PID"],
                  [("Unterkunft", lambda i: f"GU {i % 3}"), ("Einzug", lambda i: dt.date(2025, 1 + i % 12, 2))]),
}


@settings(max_examples=40, deadline=None)
@given(dataset=st.sampled_from(sorted(_DATASETS)), data=st.data(),
       counter=st.sampled_from(["lfd. Nr.", "Nr.", "laufende Nummer", "Lfd. Nr", "Nr"]),
       n=st.integers(3, 12), key_last=st.booleans(), start=st.sampled_from([0, 1]), as_text=st.booleans(),
       prefix=st.sampled_from(["U-", "A", "X-0", "K", ""]))
def test_a_row_counter_yields_the_key_to_a_column_that_names_it(dataset, data, counter, n, key_last, start, as_text,
                                                              prefix):
    key, key_headers, fillers = _DATASETS[dataset]
    key_header = data.draw(st.sampled_from(key_headers))
    codes = [f"{prefix}{k:04d}" for k in data.draw(st.lists(st.integers(100, 9999), min_size=n, max_size=n,
                                                            unique=True))]
    head = [counter] + [h for h, _ in fillers]
    rows = [[str(i + start) if as_text else i + start] + [f(i) for _, f in fillers] for i in range(n)]
    if key_last:
        grid = [head + [key_header]] + [r + [c] for r, c in zip(rows, codes)]
    else:
        grid = [[head[0], key_header, *head[1:]]] + [[r[0], c, *r[1:]] for r, c in zip(rows, codes)]
    t = check_file(xlsx({"Liste": grid}), file_name="liste.xlsx").table(dataset)
    assert t is not None and not t.blocking
    assert t.columns.get(key_header) == key, t.columns
    assert t.columns.get(counter) != key
    assert list(t.frame[key]) == codes


@pytest.mark.parametrize("counter", ["lfd. Nr.", "Nr.", "Lfd.Nr", "laufende Nummer"])
@pytest.mark.parametrize("start", [0, 1])
def test_a_running_number_that_gives_way_is_reported_as_such(counter, start):
    """The counter column is not read; the report says it is a running number, not a duplicate of the key."""
    grid = [[counter, "Anschrift", "Wohnungen", "Objekt-ID"]] + [[start + i, f"Teststraße {i}", 2, f"W-{100 + i}"]
                                                                for i in range(6)]
    t = check_file(xlsx({"Liste": grid}), file_name="wohnungen.xlsx").table("housing")
    notes = [i.message for i in t.warnings if i.code == "duplicate_column" and counter in i.message]
    assert t.columns.get("Objekt-ID") == "object_id"
    assert all("laufende Nummer" in n and "doppelt" not in n for n in notes), notes


def test_a_real_second_key_column_is_still_reported_as_doubled():
    grid = [["Objekt-Nr.", "Anschrift", "Objekt-Nr. (alt)"]] + [[f"W-{100 + i}", f"Teststraße {i}", f"A-{7 * i + 3}"]
                                                              for i in range(6)]
    t = check_file(xlsx({"Liste": grid}), file_name="wohnungen.xlsx").table("housing")
    notes = [i.message for i in t.warnings if i.code == "duplicate_column"]
    assert notes and all("doppelt" in n for n in notes), [(i.code, i.message) for i in t.warnings]
