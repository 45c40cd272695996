"""Value vocabularies: a heating *type*, a bath/WC *location*, a free-text defect list where the model
wants yes/no; unknown values grouped with counts; a value mapped once by the officer.

The spellings below are written as housing-inspection offices write them (abbreviations, compounds,
brackets, case), not copied from the glossary's lists.
"""

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
import writers  # noqa: E402

from ankunft.importing import vocab  # noqa: E402
from ankunft.importing.pipeline import check_file  # noqa: E402

HEATING = [("Zentralheizung", True), ("Öl-Zentralheizung", True), ("zentral", True), ("Gas-Etagenheizung", True),
           ("Gasetagenheizung", True), ("Gastherme", True), ("Fernwärme (Stadtwerke)", True),
           ("Nachtspeicheröfen", True), ("Nachtspeicher", True), ("Einzelöfen (Kohle)", True), ("Kohleofen", True),
           ("Einzelofen", True), ("Wärmepumpe", True), ("keine", False), ("ohne", False),
           ("keine Heizung", False), ("Keine", False), ("ja", True), ("nein", False)]
BATH = [("in der Wohnung", True), ("in der Whg.", True), ("innerhalb der Wohnung", True), ("eigenes Bad", True),
        ("auf dem Flur", False), ("Flur", False), ("Etagen-WC", False), ("Gemeinschafts-WC", False),
        ("Gemeinschaftsdusche im Keller", False), ("im Treppenhaus", False), ("außerhalb der Wohnung", False),
        ("Hof-WC", False), ("ja", True), ("nein", False)]
DEFECTS = [("kein Warmwasser; Schimmel im Bad", False, True), ("Schimmelbefall Schlafzimmer", None, True),
           ("Feuchtigkeit im Keller, kein WW", False, True), ("Warmwasser fehlt", False, None),
           ("ohne Warmwasser", False, None), ("nur Kaltwasser", False, None), ("feuchte Wände", None, True),
           ("Fenster undicht", None, None), ("Heizung defekt", None, None), ("kein Schimmel festgestellt", None, None),
           ("", None, None)]


def _housing(rows: list[list], header: list[str]) -> bytes:
    grid = [["Wohnungsaufsicht – Begehungen", ""], ["Stand: 30.09.2026"], ["Objekt-Nr.", "Anschrift", *header]]
    grid += [[f"W-{k:03d}", f"Slevogtstraße {k + 1}", *r] for k, r in enumerate(rows)]
    return writers.xlsx({"Begehungen": grid})


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_heating_type_and_bath_location_become_yes_no(fmt):
    n = max(len(HEATING), len(BATH))
    rows = [[HEATING[k % len(HEATING)][0], BATH[k % len(BATH)][0]] for k in range(n)]
    grid = [["Objekt-Nr.", "Anschrift", "Heizung", "Bad/WC"]] + [[f"W-{k:03d}", f"Weg {k}", *r]
                                                                 for k, r in enumerate(rows)]
    file = writers.xlsx({"Begehungen": grid}) if fmt == "xlsx" else writers.text(grid)
    t = check_file(file, file_name=f"begehungen_30.09.2026.{fmt}").table("housing")
    assert not t.errors, [i.message for i in t.errors]
    assert t.rows == n
    assert list(t.frame["heating"]) == [HEATING[k % len(HEATING)][1] for k in range(n)]
    assert list(t.frame["bath_wc"]) == [BATH[k % len(BATH)][1] for k in range(n)]
    assert not [i for i in t.warnings if i.code == "unknown_values"]


def test_free_text_defects_become_flags_with_a_warning_naming_the_rows():
    t = check_file(_housing([[d] for d, _, _ in DEFECTS], ["Mängel"]), file_name="b.xlsx").table("housing")
    hot = [None if v is None or str(v) == "<NA>" else bool(v) for v in t.frame["hot_water"]]
    damp = [None if v is None or str(v) == "<NA>" else bool(v) for v in t.frame["damp_mould"]]
    assert hot == [h for _, h, _ in DEFECTS]
    assert damp == [d for _, _, d in DEFECTS]
    warn = {i.column: i.message for i in t.warnings if i.code == "derived_from_text"}
    hot_rows = [4 + k for k, (_, h, _) in enumerate(DEFECTS) if h is not None]
    assert warn and all(str(r) in " ".join(warn.values()) for r in hot_rows)
    assert "hot_water" in t.derived and "damp_mould" in t.derived


def test_explicit_flags_win_over_the_defect_text():
    rows = [["ja", "kein Warmwasser"], ["", "kein Warmwasser"]]
    t = check_file(_housing(rows, ["Warmwasser", "Mängel"]), file_name="b.xlsx").table("housing")
    assert [bool(v) for v in t.frame["hot_water"]] == [True, False]


def test_unknown_values_one_grouped_warning_then_mapped_once_and_remembered():
    values = ["Zentralheizung", "siehe Akte", "siehe Akte", "Mieter fragen", "siehe Akte", "keine"]
    file = _housing([[v] for v in values], ["Heizung"])
    t = check_file(file, file_name="b.xlsx").table("housing")
    assert not t.errors
    warn = [i for i in t.warnings if i.code == "unknown_values"]
    assert len(warn) == 1
    assert "„siehe Akte“ (3×)" in warn[0].message and "„Mieter fragen“ (1×)" in warn[0].message
    assert t.unknown_values == {"heating": {"siehe Akte": 3, "Mieter fragen": 1}}
    assert list(t.frame["heating"].astype("object").where(t.frame["heating"].notna(), None)) == \
        [True, None, None, None, None, False]

    settings: dict[str, str] = {}
    vocab.remember_values(settings.__setitem__, t.layout, {"heating": {"siehe Akte": "nein"}})
    again = vocab.remembered_values(settings.get, t.layout)
    assert again == {"heating": {"siehe Akte": False}}
    t2 = check_file(file, file_name="b.xlsx", values=again).table("housing")
    assert list(t2.frame["heating"].astype("object").where(t2.frame["heating"].notna(), None)) == \
        [True, False, False, None, False, False]
    assert t2.unknown_values == {"heating": {"Mieter fragen": 1}}
    mapped = [i.message for i in t2.warnings if i.code == "values_mapped"]  # the report says who mapped it
    assert len(mapped) == 1 and "„siehe Akte“ → nein" in mapped[0] and "3" in mapped[0]


def test_vocabulary_terms_are_not_accepted_outside_their_field():
    """'auf dem Flur' is a bath location, not a heating value; it stays unknown under Heizung."""
    t = check_file(_housing([["auf dem Flur"], ["Fernwärme"]], ["Heizung"]), file_name="b.xlsx").table("housing")
    assert t.unknown_values == {"heating": {"auf dem Flur": 1}}


@pytest.mark.slow  # CLI subprocesses (pandas import each)
def test_cli_maps_a_value_and_reports_unknown_values(tmp_path):
    import json
    import subprocess

    root = Path(__file__).resolve().parents[3]
    f = tmp_path / "begehungen_30.09.2026.xlsx"
    f.write_bytes(_housing([["siehe Akte"], ["Fernwärme"], ["siehe Akte"]], ["Heizung"]))

    def check(*extra):
        out = subprocess.run([sys.executable, "-m", "ankunft", "check", "--json", str(f), *extra], cwd=root,
                             capture_output=True, text=True, timeout=120)
        return json.loads(out.stdout)["files"][0]["tables"][0]

    assert check()["unknown_values"] == {"heating": {"siehe Akte": 2}}
    t = check("--wert", "heating:siehe Akte=nein")
    assert t["unknown_values"] == {}
    assert [w["code"] for w in t["warnings"] if w["code"] == "values_mapped"] == ["values_mapped"]


def test_daten_flow_maps_a_value_and_applies_it_to_the_next_file_of_that_layout(tmp_path):
    """The Daten page's view model: the officer maps an unknown value, imports; the next upload of the same
    layout is checked with that mapping already applied (and shows it in the corrections)."""
    from ankunft.storage.store import Store
    from ankunft.views import data_view

    store = Store(tmp_path / "s.db")
    first = _housing([["siehe Akte"], ["Fernwärme"], ["siehe Akte"], ["keine"]], ["Heizung"])

    def values_for(layout):
        return vocab.remembered_values(store.get_setting, layout)

    ov = data_view.new_overrides()
    ov["stichtag"] = None
    rep = data_view.check_upload("b1.xlsx", first, ov, mapping_for=store.mapping_for, context={},
                                 values_for=values_for)
    t = rep.table("housing")
    assert [c[2] for c in data_view.value_choices(t)] == ["Heizung: „siehe Akte“ (2×)"]
    ov["values"] = {"heating": {"siehe Akte": False}}  # the officer's choice on the page
    rep = data_view.check_upload("b1.xlsx", first, ov, mapping_for=store.mapping_for, context={},
                                 values_for=values_for)
    assert rep.table("housing").unknown_values == {}
    result = data_view.import_reports(store, [rep], user="anna", without_faulty_rows=False, overrides={"d": ov})
    assert result.ok, result.message

    second = _housing([["siehe Akte"], ["Zentralheizung"]], ["Heizung"])
    ov2 = data_view.new_overrides()
    rep2 = data_view.check_upload("b2.xlsx", second, ov2, mapping_for=store.mapping_for, context={},
                                  values_for=values_for)
    t2 = rep2.table("housing")
    assert ov2["values"] == {"heating": {"siehe Akte": False}}
    assert [bool(v) for v in t2.frame["heating"]] == [False, True]
    assert t2.unknown_values == {}
