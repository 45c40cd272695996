"""A row of units under the header (issue #14, eighth probe batch, probe 82): "Anzahl" | "Personen" | "m²" | "€/Monat"
or "[m²]", "(EUR)", "in %" – part of the header, no data row: skipped with its reason, no cell errors. A first data
row is never taken for one. Variants generated here."""

from __future__ import annotations

import sys
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

sys.path.insert(0, str(Path(__file__).parent))
from writers import text, xlsx

from ankunft.importing.pipeline import check_file

# unit words only: a units row of field words ("Personen" | "Plätze") may still be taken for the header (left open)
_UNITS = {"count": ["Anzahl", "Anz.", "absolut", "Stück", "abs."],
          "area": ["m²", "qm", "m2", "in m²"], "money": ["€", "EUR", "€/Monat", "Euro", "in €", "EUR/Mon."],
          "percent": ["%", "in %", "Prozent"]}
_TABLES = {  # dataset: (key header, key value of row i), [(header, unit kind, value of row i)]
    "accommodations": (("Unterkunft", lambda i: f"GU Testweg {i}"),
                       [("Plätze", "count", lambda i: 40 + i), ("Belegung", "count", lambda i: 20 + i),
                        ("Nutzfläche", "area", lambda i: 500 + 10 * i), ("Kosten je Platz", "money", lambda i: 300 + i)]),
    "districts": (("Stadtteil-Nr.", lambda i: f"{i + 1:02d}"),
                  [("Einwohner", "count", lambda i: 2000 + 37 * i), ("Ausländeranteil", "percent", lambda i: 5 + i)]),
    "housing": (("Objekt-Nr.", lambda i: f"Q-{i:03d}"),
                [("Wohnungen", "count", lambda i: 2 + i), ("Bewohner", "count", lambda i: 5 + i),
                 ("Wohnfläche", "area", lambda i: 60 + i)]),
}


@settings(max_examples=40, deadline=None)
@given(dataset=st.sampled_from(sorted(_TABLES)), data=st.data(), n=st.integers(2, 8),
       key_cell=st.sampled_from([None, ""]), fmt=st.sampled_from(["xlsx", "csv"]),
       wrap=st.sampled_from(["{u}", "[{u}]", "({u})", " {u} "]))
def test_a_units_row_under_the_header_is_no_data_row(dataset, data, n, key_cell, fmt, wrap):
    (key_h, key_v), cols = _TABLES[dataset]
    units = [wrap.format(u=data.draw(st.sampled_from(_UNITS[kind]))) for _, kind, _ in cols]
    grid = [[key_h] + [h for h, _, _ in cols], [key_cell] + units]
    grid += [[key_v(i)] + [f(i) for _, _, f in cols] for i in range(n)]
    body = xlsx({"Tabelle": grid}) if fmt == "xlsx" else text(grid)
    t = check_file(body, file_name=f"tabelle.{fmt}").table(dataset)
    assert t is not None and not t.blocking
    assert t.rows == n, [(i.code, i.row, i.message) for i in t.errors]
    assert not [i for i in t.errors if i.row == 2]
    assert [s.row for s in t.skipped_rows if "Einheit" in s.reason] == [2]
    first_h, _, first_f = cols[0]
    assert list(t.frame[t.columns[first_h]]) == [first_f(i) for i in range(n)]


@settings(max_examples=20, deadline=None)
@given(n=st.integers(1, 5), unit=st.sampled_from(["Plätze", "Personen", "m²"]))
def test_a_first_data_row_is_never_a_units_row(n, unit):
    # a row with a name and numbers written with their unit is data, not units
    grid = [["Unterkunft", "Plätze", "Belegung"]]
    grid += [[f"GU Testweg {i}", f"{40 + i} {unit if unit != 'm²' else 'Plätze'}", 20 + i] for i in range(n)]
    t = check_file(xlsx({"Liste": grid}), file_name="unterkuenfte.xlsx").table("accommodations")
    assert t.rows == n and not [s for s in t.skipped_rows if "Einheit" in s.reason]
