"""A list grouped by a field that has no column – a title row "<field>: <value>" before each group ("Unterkunft:
GU Asternweg", "Stadtteil: Betzenberg"), maybe a count line after it ("Anzahl Personen: 2") – gives that field to
every row of the group (derived, reported), skips the title and count lines as such, and reads the rows as usual."""

from __future__ import annotations

import sys
from pathlib import Path

from hypothesis import assume, given, settings
from hypothesis import strategies as st

sys.path.insert(0, str(Path(__file__).parent))
import writers

from ankunft.core import glossary
from ankunft.importing.io.header import rank
from ankunft.importing.pipeline import check_file

# (dataset, grouping field, header and rows without it, group values)
CASES = {
    "residents": ("accommodation", ["Personen-Nr.", "Einzugsdatum", "Geschl."],
                  lambda i: [f"Q-{i:03d}", f"{1 + i:02d}.03.2026", "mw"[i % 2]],
                  ["Modulbau Vogelweh", "Wohnheim Lauterstraße", "Pension Am Markt"]),
    "housing": ("district", ["Objekt-Nr.", "Anschrift", "Heizung"],
                lambda i: [f"O-{i}", f"Teststraße {i}", "ja"], ["Betzenberg", "Erlenbach", "Morlautern"]),
    "accommodations": ("district", ["Unterkunft", "Plätze", "belegt"],
                       lambda i: [f"Haus {chr(65 + i)}", 20 + i, 10 + i], ["Hohenecken", "Siegelbach", "Dansenberg"]),
}
FOOTERS = [None, "Anzahl: {n}", "Anzahl Personen: {n}", "Summe Datensätze: {n}", "{n} Einträge"]


@settings(max_examples=50, deadline=None)
@given(ds=st.sampled_from(sorted(CASES)), data=st.data(), sizes=st.lists(st.integers(1, 3), min_size=1, max_size=3),
       sep=st.sampled_from([": ", ":", " : "]), footer=st.sampled_from(FOOTERS), fmt=st.sampled_from(["xlsx", "csv"]))
def test_a_group_title_gives_its_field_to_the_rows_below(ds, data, sizes, sep, footer, fmt):
    fkey, header, row, names = CASES[ds]
    f = glossary.DATASETS[ds].field(fkey)
    label = data.draw(st.sampled_from([f.label, *f.synonyms[:8]]))
    ranked = rank(label, ds)
    assume(ranked and ranked[0].field == fkey and ranked[0].score >= 90)
    grid = [["Übersicht 2026"], [], header]
    want, i = [], 0
    for g, size in enumerate(sizes):
        grid.append([f"{label}{sep}{names[g]}"] + [None] * (len(header) - 1))
        for _ in range(size):
            grid.append(row(i))
            want.append(names[g])
            i += 1
        if footer:
            grid.append([footer.format(n=size)] + [None] * (len(header) - 1))
    payload = writers.xlsx({"Liste": grid}) if fmt == "xlsx" else writers.text(grid)
    t = check_file(payload, file_name=f"liste.{fmt}").table(ds)
    assert t is not None and not t.blocking, [(x.code, x.message) for x in (t.errors if t else [])]
    assert t.rows == len(want), [(s.row, s.reason) for s in t.skipped_rows]
    assert list(t.frame[fkey]) == want
    assert fkey in t.derived
    assert not t.errors, [(x.code, x.row, x.message) for x in t.errors]


def test_a_title_for_a_field_that_has_its_column_is_no_group_value():
    """With a column of its own, the field is read from the column: a title row naming it stays a skipped row."""
    grid = [["Personen-Nr.", "Unterkunft", "Einzugsdatum"], ["Unterkunft: Modulbau Vogelweh", None, None],
            ["Q-1", "Wohnheim Lauterstraße", "01.03.2026"], ["Q-2", "Pension Am Markt", "02.03.2026"]]
    t = check_file(writers.xlsx({"Liste": grid}), file_name="l.xlsx").table("residents")
    assert list(t.frame["accommodation"]) == ["Wohnheim Lauterstraße", "Pension Am Markt"]
    assert "accommodation" not in t.derived


def test_a_line_of_that_form_under_the_last_row_is_no_group_title():
    """'Status: vorläufig' under a list without a status column heads no rows: a footnote, not a group."""
    grid = [["Objekt-Nr.", "Anschrift", "Heizung"], ["O-1", "Teststraße 1", "ja"], ["O-2", "Teststraße 2", "nein"],
            ["Status: vorläufig"]]
    t = check_file(writers.xlsx({"Liste": grid}), file_name="l.xlsx").table("housing")
    assert t.rows == 2 and "status" not in t.derived
    assert "status" not in set(t.columns.values())


def test_a_group_title_that_names_a_kind_of_service_is_no_entry():
    """Found by the test above (one group of one accommodation under "Quartier: Hohenecken"): the title row was
    taken as one of the list's names, "Quartier" read as a Quartiersbüro, and half the names being services
    refused the accommodations list. A one-cell row under a header of several columns is no entry."""
    for title in ("Quartier: Hohenecken", "Sozialraum: Beratungsstelle Nord", "Kita-Bezirk: West",
                  "Zuständig: Quartiersmanagement Grübentälchen"):
        grid = [["Übersicht 2026"], [], ["Unterkunft", "Plätze", "belegt"], [title, None, None], ["Haus A", 20, 10]]
        for fmt in ("xlsx", "csv"):
            payload = writers.xlsx({"Liste": grid}) if fmt == "xlsx" else writers.text(grid)
            t = check_file(payload, file_name=f"liste.{fmt}").table("accommodations")
            assert t is not None and t.rows == 1 and not t.blocking, (title, fmt)
