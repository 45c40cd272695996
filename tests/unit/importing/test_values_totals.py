"""Total and subtotal rows anywhere in a list: skipped, reported, and checked against their group.

Labels are composed from the parts offices use (place words × total words × order × punctuation),
so the recogniser is tested on combinations it was not written from.
"""

import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

sys.path.insert(0, str(Path(__file__).parent))
import writers  # noqa: E402

from ankunft.importing.pipeline import check_file  # noqa: E402

DISTRICTS = [("01", "Innenstadt-Ost"), ("02", "Innenstadt-Südwest"), ("05", "Grübentälchen/Volkspark"),
             ("06", "Betzenberg"), ("12", "Morlautern"), ("16", "Hohenecken"), ("18", "Erfenbach")]

CITY = st.sampled_from(["Stadt Kaiserslautern", "Kaiserslautern, Stadt", "Stadt KL", "Stadt", "Kaiserslautern",
                        "Stadtgebiet", "KL", "Gesamtstadt"])
TOTAL_WORD = st.sampled_from(["insgesamt", "gesamt", "Insgesamt", "INSGESAMT", "zusammen", "Summe"])


@st.composite
def city_label(draw) -> str:
    city, word = draw(CITY), draw(TOTAL_WORD)
    if city == "Gesamtstadt":
        return city
    form = draw(st.sampled_from(["{c} {w}", "{w} {c}", "{c} – {w}", "{c}: {w}", "{w}"]))
    if word == "Summe" and form in ("{c} {w}", "{c} – {w}", "{c}: {w}"):
        form = "{w} {c}"
    return form.format(c=city, w=word)


def _population_grid(label: str, where: str, values: list[int], fmt_csv: bool):
    rows = [[nr, name, v] for (nr, name), v in zip(DISTRICTS, values)]
    total = ["", label, sum(values)]
    if where == "top":
        rows.insert(0, total)
    else:
        rows.append(total)
    return [["Bevölkerung nach Stadtteilen, Stand: 30.06.2026"], [], ["Nr.", "Stadtteil", "Einwohner"]] + rows


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(label=city_label(), where=st.sampled_from(["top", "bottom"]),
       values=st.lists(st.integers(500, 12_000), min_size=3, max_size=7), kind=st.sampled_from(["xlsx", "csv"]))
def test_city_total_anywhere_is_skipped_and_checked(label, where, values, kind):
    grid = _population_grid(label, where, values, kind == "csv")
    data = writers.xlsx({"Stadtteile": grid}) if kind == "xlsx" else writers.text(grid)
    t = check_file(data, file_name=f"bev.{kind}").table("districts")
    assert t.rows == len(values), f"„{label}“ ({where}) must not be read as a district"
    assert t.totals["population"] == sum(values)
    total_row = 4 if where == "top" else 4 + len(values)
    assert [s.row for s in t.skipped_rows] == [total_row]
    assert t.sum_row == {"population": sum(values)}
    assert not [i for i in t.warnings if i.code == "sum_row_mismatch"]


def test_wrong_city_total_on_top_is_a_warning_naming_its_row():
    grid = _population_grid("Stadt Kaiserslautern insgesamt", "top", [1000, 2000, 3000], False)
    grid[3][2] = 7000
    t = check_file(writers.xlsx({"Stadtteile": grid}), file_name="bev.xlsx").table("districts")
    assert t.rows == 3 and t.totals["population"] == 6000
    warn = [(i.code, i.row) for i in t.warnings if i.code == "sum_row_mismatch"]
    assert warn == [("sum_row_mismatch", 4)]


GROUP_LABEL = st.sampled_from(["Zwischensumme {d}", "Summe {d}", "Zwischensumme:", "Teilsumme {d}",
                               "{d} insgesamt", "{d} zusammen", "Summe Stadtteil {nr}"])


@pytest.mark.slow  # 40 workbooks (~5 s): full run only
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(label=GROUP_LABEL, sizes=st.lists(st.integers(1, 4), min_size=2, max_size=4),
       kind=st.sampled_from(["xlsx", "csv"]), data=st.data())
def test_subtotals_after_each_group_are_skipped_and_checked(label, sizes, kind, data):
    grid = [["Kindertagesstätten – Plätze nach Stadtteilen, Stand: 01.09.2026"],
            ["Nr.", "Einrichtung", "Kategorie", "Stadtteil", "Plätze", "Belegt"]]
    n, expected_rows, subtotal_rows, places = 0, 0, [], 0
    for g, size in enumerate(sizes):
        nr, d = DISTRICTS[g]
        group = 0
        for k in range(size):
            n += 1
            cap = data.draw(st.integers(20, 120))
            group += cap
            grid.append([f"K{n:03d}", f"Kita {d} {k + 1}", "Kita", d, cap, cap - 5])
        grid.append(["", label.format(d=d, nr=nr), "", "", group, group - 5 * size])
        subtotal_rows.append(len(grid))
        expected_rows += size
        places += group
    file = writers.xlsx({"Kitas": grid}) if kind == "xlsx" else writers.text(grid)
    t = check_file(file, file_name=f"kitas.{kind}").table("services")
    assert t.rows == expected_rows
    assert t.totals["capacity"] == places
    assert [s.row for s in t.skipped_rows] == subtotal_rows
    assert all("Zwischensumme" in s.reason for s in t.skipped_rows)
    assert not [i for i in t.warnings if i.code in ("sum_row_mismatch", "subtotal_mismatch")]


def test_wrong_subtotal_is_a_warning_naming_its_row_and_group():
    grid = [["Nr.", "Einrichtung", "Kategorie", "Stadtteil", "Plätze"],
            ["K1", "Kita Sonnenschein", "Kita", "Betzenberg", 40],
            ["K2", "Kita Regenbogen", "Kita", "Betzenberg", 60],
            ["", "Zwischensumme Betzenberg", "", "", 100],
            ["K3", "Kita Am Park", "Kita", "Morlautern", 30],
            ["", "Zwischensumme Morlautern", "", "", 35],
            ["", "Summe", "", "", 135]]
    t = check_file(writers.xlsx({"Kitas": grid}), file_name="kitas_30.09.2026.xlsx").table("services")
    assert t.rows == 3 and t.totals["capacity"] == 130
    warn = [(i.code, i.row) for i in t.warnings if i.code in ("subtotal_mismatch", "sum_row_mismatch")]
    assert warn == [("subtotal_mismatch", 6), ("sum_row_mismatch", 7)]
    sub = next(i for i in t.warnings if i.code == "subtotal_mismatch")
    assert "35" in sub.message and "30" in sub.message and "Zeile 5" in sub.message


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(names=st.lists(st.sampled_from(["Gemeinsam zusammen", "Kita Alle Kinder", "Treff Gesamtschule Süd",
                                       "Lernen insgesamt e.V.", "Summerfield-Haus", "Haus für alle",
                                       "Total Digital Beratung"]), min_size=2, max_size=5, unique=True),
       with_total=st.booleans())
def test_names_that_contain_total_words_stay_data(names, with_total):
    """A place whose name contains a total word is data; a real total row (sparse) is still found."""
    grid = [["Nr.", "Einrichtung", "Kategorie", "Stadtteil", "Plätze"]]
    grid += [[f"B{k}", n, "Beratung", "Betzenberg", 10 + k] for k, n in enumerate(names)]
    if with_total:
        grid.append(["", "Betzenberg insgesamt", "", "", sum(10 + k for k in range(len(names)))])
    t = check_file(writers.xlsx({"Angebote": grid}), file_name="angebote_30.09.2026.xlsx").table("services")
    assert t.rows == len(names)
    assert [s.row for s in t.skipped_rows] == ([len(names) + 2] if with_total else [])
