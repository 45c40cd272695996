"""AppTest of the Stadtteilprofil page: demo profile, another district, comparison, missing services, council."""

from __future__ import annotations

import base64

from tests import map_reader

from .conftest import all_text, import_subset, no_exception, open_page


def profile_table(at):
    return at.dataframe[0].value.set_index("Kennzahl")


def test_demo_focus_area(demo_db):
    at = open_page("stadtteilprofil")
    no_exception(at)
    assert ("Bezirk 09 Kaiserslautern-West (mit Nordwest) am 30.09.2026: 504 Menschen in Unterkünften, "
            "Kita-Versorgung 79,7\u00a0% (Stadt 92,5\u00a0%), 42,8\u00a0% der geprüften Objekte mit offenen Mängeln.") in all_text(at)
    t = profile_table(at)
    assert list(t.columns) == ["Bezirk 09 Kaiserslautern-West (mit Nordwest)", "Stadt", "Einordnung"]
    assert t.loc["Einwohner", "Stadt"] == "101.597"
    assert t.loc["Kita-Versorgung", "Einordnung"] == "Kita-Versorgung 79,7\u00a0% – Stadt 92,5\u00a0% (es fehlen rund 95 Plätze)"
    assert t.loc["Menschen in Unterkünften", "Einordnung"].startswith(
        "504 Menschen in 5 Unterkünften – Stadt 1.378")
    assert not map_reader.app_maps(at)  # the locator is an image (no interactive map to set up)
    (img,) = at.get("image")
    url = str(img.proto)
    assert "data:image/svg+xml;base64," in url
    svg = base64.b64decode(url.split("data:image/svg+xml;base64,")[1].split('"')[0].split("\\")[0]).decode()
    assert 'aria-label="Lage des Gebiets in der Stadt: 09"' in svg
    assert [b.label for b in at.get("download_button")] == ["Profil als CSV (Excel)"]


def test_other_district_and_comparison(demo_db):
    at = open_page("stadtteilprofil")
    at.selectbox(key="profil_area").set_value("12")
    at.run()
    no_exception(at)
    t = profile_table(at)
    assert t.loc["Objekte mit offenen Mängeln", "Einordnung"].startswith(
        "0 von 2 geprüften Objekten mit offenen Mängeln (0,0\u00a0%) – Stadt 32,0\u00a0%")
    assert t.loc["Einwohner", "12 Morlautern"] == "2.886"
    at.selectbox(key="profil_compare").set_value("09")
    at.run()
    no_exception(at)
    cmp = at.dataframe[1].value.set_index("Kennzahl")
    assert list(cmp.columns) == ["12 Morlautern", "09 Kaiserslautern-West", "Stadt"]
    assert cmp.loc["Menschen in Unterkünften", "09 Kaiserslautern-West"] == "504"
    assert cmp.loc["Kita-Versorgung", "09 Kaiserslautern-West"] == "79,7\u00a0%"


def test_missing_services_file(truth, tmp_path, monkeypatch):
    path = tmp_path / "no_services.db"
    import_subset(path, {"accommodations": truth.accommodations, "residents": truth.residents,
                         "housing": truth.housing, "districts": truth.districts})
    monkeypatch.setenv("ANKUNFT_DB", str(path))
    at = open_page("stadtteilprofil")
    no_exception(at)
    text = all_text(at)
    assert ("Nicht alle Zeilen lassen sich berechnen: Keine Daten zur sozialen Infrastruktur (Jugendamt / "
            "Schulverwaltung) – bitte auf der Seite Daten hochladen.") in text
    t = profile_table(at)
    assert t.loc["Kita-Versorgung", "Bezirk 09 Kaiserslautern-West (mit Nordwest)"] == "–"
    # the rest is there
    assert t.loc["Menschen in Unterkünften", "Bezirk 09 Kaiserslautern-West (mit Nordwest)"] == "504"
    assert "504 Menschen in Unterkünften, 42,8\u00a0% der geprüften Objekte mit offenen Mängeln." in text


def test_council_mode_hides_small_counts(demo_db):
    at = open_page("stadtteilprofil")
    at.session_state["council_mode"] = True
    at.selectbox(key="profil_area").set_value("12")
    at.run()
    no_exception(at)
    t = profile_table(at)
    assert t.loc["Objekte mit offenen Mängeln", "12 Morlautern"] == "•"
    assert t.loc["Objekte mit offenen Mängeln", "Einordnung"] == \
        "0 von ≤2 geprüften Objekten mit offenen Mängeln (•) – Stadt 32,0\u00a0%; überbelegt: 0 Objekte (Stadt 28)"
    assert "• der geprüften Objekte mit offenen Mängeln" in all_text(at)
    assert "0 von 2 geprüften" not in all_text(at)
