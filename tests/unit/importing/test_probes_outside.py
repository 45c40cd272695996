"""Blind probes (`probes_outside.PROBES`): each export layout, written from how German offices produce such
lists, is read by the library API and must give what the officer expects – the dataset, the rows, the key
values – with nothing read wrongly: no wrong dataset, no wrong column without confirmation, no value changed
silently, no row silently dropped. `python -m ankunft check --json` must agree with the library on every probe."""

from __future__ import annotations

import datetime as dt
import json
import math
import subprocess
import sys
from pathlib import Path

import jsonschema
import pandas as pd
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

sys.path.insert(0, str(Path(__file__).parent))
import probes_outside as po

from ankunft.importing.pipeline import check_file

ROOT = Path(__file__).resolve().parents[3]


def _norm(v):
    if v is None or (not isinstance(v, str) and pd.isna(v)):
        return None
    if isinstance(v, pd.Timestamp):
        return v.date()
    if isinstance(v, dt.datetime):
        return v.date()
    if hasattr(v, "item"):  # numpy scalar
        v = v.item()
    return v


def _same(a, b) -> bool:
    if isinstance(a, float) or isinstance(b, float):
        return a is not None and b is not None and math.isclose(float(a), float(b), abs_tol=1e-6)
    if isinstance(a, bool) or isinstance(b, bool):
        return a is b
    return a == b


def problems(p: po.Probe) -> list[str]:
    """What the officer would find wrong with the import of probe `p` (empty: read as expected)."""
    rep = check_file(po.write(p), file_name=p.file_name)
    if p.refused:
        return _refusal_problems(rep, p)
    if rep.code is not None:
        return [f"Datei abgelehnt: {rep.code}: {rep.error}"]
    out = []
    for t in rep.tables:
        if t.sheet in p.refused_sheets and not _refused_with_message(t):
            out.append(f"Blatt {t.sheet!r} ist kein Datenbestand, aber als {t.dataset} gelesen ({t.rows} Zeilen)")
    for t in rep.tables:
        if t.dataset in p.not_datasets:
            ambiguous = any(w.code == "ambiguous_dataset" for w in t.warnings)
            if not ambiguous:
                out.append(f"Blatt {t.sheet!r} ohne Rückfrage als {t.dataset} gelesen")
        if t.sheet in p.ignored_sheets:
            out.append(f"Blatt {t.sheet!r} als Tabelle {t.dataset} gelesen")
    for e in p.expect:
        t = next((x for x in rep.tables if x.dataset == e.dataset and (e.sheet is None or x.sheet == e.sheet)), None)
        if t is None:
            out.append(f"{e.dataset} (Blatt {e.sheet}) fehlt: {[(x.sheet, x.dataset) for x in rep.tables]}")
            continue
        out += _table_problems(t, e)
    return out


def _refused_with_message(t) -> bool:
    """A table the importer refuses: blocking, with a message for the officer."""
    return bool(t.blocking and t.errors and all(i.message for i in t.errors))


def _refusal_problems(rep, p: po.Probe) -> list[str]:
    """A file that is no dataset: refused as a whole with a German message, or every sheet refused/ignored."""
    if rep.code is not None:
        return [] if rep.error else [f"abgelehnt ohne Meldung: {rep.code}"]
    read = [(t.sheet, t.dataset, t.rows) for t in rep.tables if not _refused_with_message(t)]
    return [f"nicht abgelehnt, gelesen als {read}"] if read else []


def _confirm(t) -> set[str]:
    """Column headers whose mapping waits for the officer's confirmation."""
    rec = getattr(t, "recognition", None) or {}
    cols = rec.get("columns", []) if isinstance(rec, dict) else []
    return {c.get("header") for c in cols if c.get("confirm")}


def _table_problems(t, e: po.Expect) -> list[str]:
    out = []
    if t.blocking:
        return [f"{t.sheet}: blockiert: {[(i.code, i.message) for i in t.errors][:3]}"]
    if t.rows != e.rows:
        out.append(f"{t.sheet}: {t.rows} Zeilen statt {e.rows}; übersprungen "
                   f"{[(s.row, s.reason) for s in t.skipped_rows]}; Fehler {[(i.code, i.row) for i in t.errors]}")
    if len(t.skipped_rows) < e.skipped_at_least:
        out.append(f"{t.sheet}: nur {len(t.skipped_rows)} übersprungene Zeilen gemeldet")
    confirm = _confirm(t)
    for fld, header in e.never:
        if t.columns.get(header) == fld and header not in confirm:
            out.append(f"{t.sheet}: Spalte {header!r} ohne Rückfrage als {fld} gelesen")
    if len(t.dropped_identifier_columns) < e.dropped:
        out.append(f"{t.sheet}: Personenspalten nicht entfernt: {t.dropped_identifier_columns}")
    if e.stichtag is not None and _norm(t.stichtag) != e.stichtag:
        out.append(f"{t.sheet}: Stichtag {t.stichtag} statt {e.stichtag}")
    codes = {i.code for i in t.warnings} | {i.code for i in t.errors}
    if not e.reports <= codes:
        out.append(f"{t.sheet}: nicht gemeldet: {sorted(e.reports - codes)} (gemeldet: {sorted(codes)})")
    ok_rows = [r for r in range(len(t.frame))]
    for fld, want in e.values.items():
        if fld not in t.frame.columns:
            out.append(f"{t.sheet}: Feld {fld} fehlt (Spalten {t.columns})")
            continue
        got = [_norm(t.frame[fld].iloc[i]) for i in ok_rows]
        if len(got) == len(want) and not all(_same(a, b) for a, b in zip(got, want)):
            out.append(f"{t.sheet}: {fld} = {got} statt {want}")
    return out


# Probes that still fail (issue #14): strict expected failures – a probe that starts passing must leave the set.
KNOWN_GAPS: set[str] = {
}


@pytest.mark.parametrize("p", [pytest.param(p, marks=pytest.mark.xfail(strict=True, reason="bekannte Lücke (#14)"))
                               if p.name in KNOWN_GAPS else p for p in po.PROBES], ids=[p.name for p in po.PROBES])
def test_probe_is_read_as_the_officer_expects(p):
    assert problems(p) == []


def test_the_probes_cover_offices_formats_and_quirks():
    assert len(po.PROBES) >= 20
    assert {p.fmt for p in po.PROBES} >= {"xlsx", "xls", "ods", "csv", "csv-cp1252", "utf16"}
    assert {e.dataset for p in po.PROBES for e in p.expect} == {"accommodations", "residents", "housing",
                                                                 "services", "districts"}
    assert len({p.office for p in po.PROBES}) >= 5


@pytest.mark.slow
def test_check_json_agrees_with_the_library_on_every_probe(tmp_path):
    files = []
    for p in po.PROBES:
        (tmp_path / p.file_name).write_bytes(po.write(p))
        files.append(str(tmp_path / p.file_name))
    proc = subprocess.run([sys.executable, "-m", "ankunft", "check", "--json", *files], capture_output=True,
                          text=True, cwd=ROOT, timeout=300, check=False)
    assert proc.returncode in (0, 1, 2), proc.stderr
    whole = json.loads(proc.stdout)
    # the documented contract holds on every probe (a new value, e.g. a new Stichtag source, goes into the schema)
    jsonschema.validate(whole, json.loads((ROOT / "docs" / "check-output.schema.json").read_text(encoding="utf-8")))
    out = whole["files"]
    for p, f in zip(po.PROBES, out, strict=True):
        rep = check_file(po.write(p), file_name=p.file_name)
        assert [(t["sheet"], t["dataset"], t["rows"]) for t in f.get("tables", [])] == \
            [(t.sheet, t.dataset, t.rows) for t in rep.tables], p.name


# --- generated variants of the rules the probes led to (not the probes' own strings) -----------------------------
_NEGATIONS = ("ohne {h}", "kein {h}", "keine {h}", "{h} fehlt", "{h} nicht vorhanden", "{h} fehlend",
              "{h} außerhalb")


@settings(max_examples=12, deadline=None)
@given(field=st.sampled_from(["heating", "hot_water", "bath_wc", "damp_mould"]),
       form=st.sampled_from(_NEGATIONS), marks=st.sampled_from([("x", ""), ("ja", "nein"), ("X", None), (1, 0)]),
       flags=st.lists(st.booleans(), min_size=3, max_size=8))
def test_a_negated_yes_no_header_is_read_inverted_and_asks_for_confirmation(field, form, marks, flags):
    from ankunft.core import glossary

    label = glossary.DATASETS["housing"].field(field).label
    header = form.format(h=label)
    yes, no = marks
    assume(any(flags) or no not in ("", None))  # an empty x-column says nothing
    grid = [["Objekt-Nr.", "Anschrift", header]]
    grid += [[f"Q-{i:03d}", f"Teststraße {i}", yes if f else no] for i, f in enumerate(flags)]
    from writers import xlsx

    t = check_file(xlsx({"Wohnungen": grid}), file_name="wohnungen.xlsx").table("housing")
    assert t is not None and t.columns.get(header) == field
    assert [bool(v) for v in t.frame[field]] == [not f for f in flags]
    assert header in _confirm(t)


def test_a_negated_place_column_keeps_the_meaning_of_places():
    # "WC außerhalb" holding places: "Etagen-WC" is no own WC whatever the header says
    from writers import xlsx

    grid = [["Objekt-Nr.", "WC außerhalb"], ["A1", "Etagen-WC"], ["A2", "x"], ["A3", "in der Wohnung"]]
    t = check_file(xlsx({"Wohnungen": grid}), file_name="wohnungen.xlsx").table("housing")
    assert [_norm(v) for v in t.frame["bath_wc"]] == [False, False, True]


@settings(max_examples=40, deadline=None)
@given(prefix=st.sampled_from(["Kinder ", "", "davon Kinder ", "Anzahl Kinder ", "Kinder im Alter ", "darunter "]),
       bound=st.sampled_from([2, 3, 6, 10]), suffix=st.sampled_from(["J.", "Jahre", "Jahren", "Jahre alt", ""]))
def test_an_upper_age_bound_is_never_read_as_that_age(prefix, bound, suffix):
    """'Kinder unter 2 J.' counts the 0- and 1-year-olds: never the field of the 2-year-olds (nor any other
    age group that the bound does not close), not even as a guess to confirm."""
    from ankunft.importing.io.header import rank

    header = f"{prefix}unter {bound} {suffix}".strip()
    used = [c.field for c in rank(header, "districts") if c.score >= 70]
    assert used in ([], ["children_under_2"]) if bound == 2 else used == [], (header, used)


@pytest.mark.parametrize("group", ["davon im Alter von … bis unter … Jahren", "im Alter von ... bis unter ... Jahren",
                                   "Alter von bis unter Jahren"])
def test_age_groups_under_a_statistics_group_heading_are_mapped(group):
    from writers import xlsx

    grid = [["Bevölkerung nach Altersgruppen"], ["Nr.", "Stadtteil", "Einwohner", group, None, None],
            [None, None, None, "0 - 2", "3 - 6", "6 - 10"],
            ["05", "Grübentälchen/Volkspark", 9993, 170, 260, 330], ["13", "Erlenbach", 2214, 40, 61, 80]]
    t = check_file(xlsx({"Tabelle": grid}), file_name="daten.xlsx").table("districts")
    by_field = {v: k for k, v in t.columns.items()}
    assert {"children_under_2", "children_3_5", "children_6_9"} <= set(by_field)
    assert list(t.frame["children_3_5"]) == [260, 61]


@settings(max_examples=8, deadline=None)
@given(base=st.permutations(["Einrichtung", "Träger", "Plätze", "belegt"]),
       extra=st.sampled_from(["Warteliste", "auf der Warteliste", "Vormerkungen", "Anzahl Vormerkungen",
                              "Plätze U3", "Krippenplätze"]),
       names=st.sampled_from([["Pusteblume", "Regenbogen", "Sonnenblume"], ["Haus Nord", "Haus Süd", "Am Park"]]))
def test_a_column_only_kita_lists_have_is_never_passed_over_silently(base, extra, names):
    """A list whose other columns fit accommodations as well, but which has a column only services know
    (waiting list, places under 3), is either read as services or asks which dataset it is."""
    from writers import xlsx

    grid = [list(base) + [extra]]
    for i, n in enumerate(names):
        row = {"Einrichtung": n, "Träger": "AWO", "Plätze": 40 + i, "belegt": 30 + i}
        grid.append([row[h] for h in base] + [5 + i])
    rep = check_file(xlsx({"Tabelle1": grid}), file_name="Liste.xlsx")
    (t,) = rep.tables
    assert t.dataset == "services" or "ambiguous_dataset" in {w.code for w in t.warnings}, t.dataset


@settings(max_examples=40, deadline=None)
@given(data=st.data(), key=st.sampled_from(["housing.status", "accommodations.status", "services.category"]))
def test_a_shortened_category_value_is_its_choice_or_unknown_never_another(data, key):
    """'in Bearb.', 'geschl.', 'Grundsch.': every word cut after ≥ 3 letters (with or without a dot) gives the
    choice it was cut from – or stays unknown (warning) – but never a different choice."""
    from ankunft.core import glossary
    from ankunft.importing.categories import map_category

    dataset, fkey = key.split(".")
    f = glossary.DATASETS[dataset].field(fkey)
    choice = data.draw(st.sampled_from(f.choices))
    words = []
    for w in choice.split():
        cut = data.draw(st.integers(3, len(w))) if len(w) > 3 and w.isalpha() else len(w)
        words.append(w[:cut] + ("." if cut < len(w) and data.draw(st.booleans()) else ""))
    got = map_category(" ".join(words), dataset, f)
    assert got in (choice, None), (" ".join(words), got)


@settings(max_examples=30, deadline=None)
@given(n=st.integers(0, 5000), unit=st.sampled_from(["Pl.", "Plätze", "Betten", "Pers.", "Personen", "Stk."]),
       space=st.sampled_from([" ", "", "\u00a0"]))
def test_a_count_with_a_count_unit_is_read_and_a_foreign_unit_is_refused(n, unit, space):
    from ankunft.core import glossary
    from ankunft.importing.parse import parse_column

    f = glossary.DATASETS["accommodations"].field("capacity")
    values, issues = parse_column([f"{n}{space}{unit}", f"{n} %", f"{n} €"], f, "accommodations")
    assert values[0] == n
    assert [i.code for i in issues if i.severity == "error"] == ["unit_mismatch", "unit_mismatch"]


@pytest.mark.parametrize("prefix", ["OB ", "Ortsbezirk ", "Ortsteil ", "Stadtbezirk ", "OB. "])
def test_a_district_name_with_an_administrative_prefix_is_that_district(prefix):
    from ankunft.core import reference

    for d in reference.DISTRICTS:
        assert reference.resolve_district(prefix + d.name) == d.id, prefix + d.name


@settings(max_examples=12, deadline=None)
@given(group=st.sampled_from(["Aufenthalt", "Unterbringung", "Belegung", "Aufenthalt in der Unterkunft"]),
       start=st.sampled_from(["von", "vom", "ab", "seit", "Beginn"]), end=st.sampled_from(["bis", "bis zum", "Ende"]),
       fmt=st.sampled_from(["xlsx", "xls"]))
def test_a_group_over_start_and_end_gives_move_in_and_move_out(group, start, end, fmt):
    import writers

    grid = [["Pers.-Nr.", "Unterkunft", group, None], [None, None, start, end],
            ["P1", "GU Asternweg", "01.03.2026", ""], ["P2", "Colosseum", "02.03.2026", "30.06.2026"]]
    data = writers.xlsx({"Liste": grid}) if fmt == "xlsx" else writers.xls({"Liste": grid})
    t = check_file(data, file_name=f"liste.{fmt}").table("residents")
    assert t is not None and not t.blocking, [(i.code, i.message) for i in (t.errors if t else [])]
    assert [_norm(v) for v in t.frame["move_in"]] == [dt.date(2026, 3, 1), dt.date(2026, 3, 2)]
    assert [_norm(v) for v in t.frame["move_out"]] == [None, dt.date(2026, 6, 30)]


@settings(max_examples=15, deadline=None)
@given(label=st.sampled_from(["Stadt Kaiserslautern", "Kaiserslautern, Stadt", "Kaiserslautern insgesamt",
                              "Stadtgebiet", "Kaiserslautern – Stadt", "KAISERSLAUTERN", "Stadt Kaiserslautern gesamt"]),
       where=st.sampled_from(["first", "last"]), with_number=st.booleans())
def test_the_whole_city_as_a_row_of_districts_is_the_city_total(label, where, with_number):
    from writers import xlsx

    rows = [["01", "Innenstadt-Ost", 11442], ["06", "Betzenberg", 5096], ["13", "Erlenbach", 2214]]
    total = [None, label, 18752]
    body = [total, *rows] if where == "first" else [*rows, total]
    header = ["Nr.", "Stadtteil", "Einwohner"] if with_number else ["Stadtteil", "Einwohner"]
    grid = [header] + [r if with_number else r[1:] for r in body]
    t = check_file(xlsx({"Bevölkerung": grid}), file_name="ew.xlsx").table("districts")
    assert t.rows == 3 and not t.errors, [(i.code, i.row) for i in t.errors]
    assert list(t.frame["population"]) == [11442, 5096, 2214]
    assert "sum_row_mismatch" not in {w.code for w in t.warnings}


def test_the_city_as_operator_or_as_a_records_district_is_data():
    from writers import xlsx

    kitas = [["Einrichtung", "Träger", "Plätze"], ["Kita Kotten", "Stadt Kaiserslautern", 60],
             ["Kita Arche Noah", "Ev. Kirchengemeinde", 100]]
    t = check_file(xlsx({"Kitas": kitas}), file_name="kitas.xlsx").table("services")
    assert t.rows == 2
    flats = [["Objekt-Nr.", "Stadtteil", "Bewohner"], ["W-1", "Kaiserslautern", 4], ["W-2", "Betzenberg", 3]]
    t = check_file(xlsx({"Wohnungen": flats}), file_name="wohnungen.xlsx").table("housing")
    assert t.rows == 2 and list(t.frame["residents"]) == [4, 3]


@pytest.mark.parametrize("sheet", ["Kindergärten", "Kindergärten 2026", "Übersicht Kindergärten", "Horte",
                                   "Kinderhorte", "Krippen und Kindergärten"])
def test_a_kita_list_named_in_the_plural_is_never_accommodations(sheet):
    from writers import xlsx

    grid = [["Name der Einrichtung", "Träger", "Plätze", "belegt"], ["Pusteblume", "AWO", 75, 70],
            ["Am Park", "städtisch", 45, 45]]
    (t,) = check_file(xlsx({sheet: grid}), file_name="liste.xlsx").tables
    assert t.dataset != "accommodations"


@pytest.mark.parametrize("header", ["Ausländer in v.H.", "Ausländer in v. H.", "Ausländeranteil v.H."])
def test_per_hundred_in_a_header_is_percent(header):
    from writers import xlsx

    grid = [["Nr.", "Ortsteil", "Einwohner", header], ["12", "Morlautern", 2886, "4,0"], ["13", "Erlenbach", 2214, "3,1"]]
    t = check_file(xlsx({"Daten": grid}), file_name="daten.xlsx").table("districts")
    assert t.columns.get(header) == "foreign_share"
    assert list(t.frame["foreign_share"]) == [4.0, 3.1]


@pytest.mark.parametrize(("header", "field"), [("Aufn.-Dat.", "move_in"), ("Entl.-Dat.", "move_out"),
                                               ("Zuweis.-Dat.", "move_in"), ("Entl. am", "move_out"),
                                               ("Staatsangeh.", "nationality")])
def test_a_shortened_word_stands_for_the_word_its_compounds_share(header, field):
    """'Aufn.' begins 'Aufnahme' and 'Aufnahmedatum': the one word, whose compound the other is."""
    from ankunft.importing.io.header import rank

    assert rank(header, "residents")[0].field == field


@pytest.mark.parametrize("subject", ["darunter Ausländer", "Ausländer", "davon nichtdeutsch"])
@pytest.mark.parametrize("share", ["%", "Anteil", "in %", "Anteil in %", "Quote"])
def test_a_bare_share_right_of_a_count_is_that_counts_share_to_confirm(subject, share):
    from writers import xlsx

    grid = [["Nr.", "Stadtteil", "Einwohner", subject, share], ["06", "Betzenberg", 5096, 994, 19.5],
            ["15", "Dansenberg", 2428, 97, 4.0]]
    t = check_file(xlsx({"Tabelle": grid}), file_name="daten.xlsx").table("districts")
    assert t.columns.get(share) == "foreign_share", t.columns
    assert share in _confirm(t)
    assert list(t.frame["foreign_share"]) == [19.5, 4.0]


def test_a_share_is_never_read_as_a_count():
    from writers import xlsx

    grid = [["Unterkunft", "Plätze", "Belegung", "Anteil in %"], ["GU Asternweg", 220, 161, 73.2],
            ["Colosseum", 69, 58, 84.1]]
    t = check_file(xlsx({"Unterkünfte": grid}), file_name="gu.xlsx").table("accommodations")
    assert "Anteil in %" not in t.columns and list(t.frame["occupancy"]) == [161, 58]


def test_a_confirmed_negated_column_stays_inverted():
    """After the officer confirms 'ohne Heizung' → Heizung (remembered per layout), the next file of that layout
    is still read inverted: the confirmation says which field, the header still says 'ohne'."""
    from writers import xlsx

    grid = [["Objekt-Nr.", "ohne Heizung"], ["A1", "x"], ["A2", ""], ["A3", "x"]]
    rep = check_file(xlsx({"Wohnungen": grid}), file_name="w.xlsx", mapping={"Wohnungen": {"ohne Heizung": "heating"}})
    t = rep.table("housing")
    assert [bool(v) for v in t.frame["heating"]] == [False, True, False]
    assert "ohne Heizung" not in _confirm(t)


@settings(max_examples=30, deadline=None)
@given(choice=st.sampled_from(["offen", "in Bearbeitung", "behoben"]),
       extra=st.sampled_from(["seit Mai", "läuft", "(Stand 09/26)", "lt. Akte", "am 03.05."]),
       negate=st.sampled_from(["", "nicht ", "noch nicht ", "kein "]), before=st.booleans())
def test_a_state_with_more_words_is_its_state_and_a_negated_one_never(choice, extra, negate, before):
    from ankunft.core import glossary
    from ankunft.importing.categories import map_category

    text = f"{negate}{extra} {choice}" if before else f"{negate}{choice} {extra}"
    got = map_category(text, "housing", glossary.DATASETS["housing"].field("status"))
    assert got == (None if negate else choice), (text, got)


@pytest.mark.parametrize("header", ["davon Krippe", "Plätze Krippe", "Krippe", "davon Krippenplätze"])
def test_a_nursery_column_is_the_places_under_3_never_the_places(header):
    from ankunft.importing.io.header import rank

    assert rank(header, "services")[0].field == "places_under_3"


@pytest.mark.parametrize("written", ["1.", "01.", "9.", "11.", "18."])
def test_a_district_number_with_a_dot_is_that_district(written):
    from ankunft.core import reference

    assert reference.resolve_district(written) == f"{int(written.rstrip('.')):02d}"
