"""AppTest of the Soziale Infrastruktur page: demo data, demand rates, missing services file, council mode."""

from __future__ import annotations

from tests import map_reader

from .conftest import all_text, import_subset, metrics, no_exception, open_page


def table_with(at, column: str):
    """The first table on the page that has this column."""
    found = [df.value for df in at.dataframe if column in df.value.columns]
    assert found, f"keine Tabelle mit Spalte {column!r}"
    return found[0]


def test_demo_data(demo_db):
    at = open_page("infrastruktur")
    no_exception(at)
    text = all_text(at)
    assert ("Bezirk 09 Kaiserslautern-West (mit Nordwest): Das Kita-Angebot deckt 79,7\u00a0% des Bedarfs (Stadt 92,5\u00a0%), "
            "es fehlen rund 95 Plätze. 75\u00a0% der Bewohner erreichen alle Grundangebote binnen 1.000 m "
            "Luftlinie.") in text
    m = metrics(at)
    assert m["Kita-Versorgung"][0] == "79,7\u00a0%"
    assert m["Fehlende Kita-Plätze"][0] == "95"
    assert m["Grundschulplätze je Kind 6–9"][0] == "111,4\u00a0%"
    assert m["Kinder in Unterkünften"] == ("228", "+61")
    assert m["Alles binnen 1.000 m"][0] == "75\u00a0%"
    kita = table_with(at, "Kinder unter 2")
    assert list(kita.columns)[:4] == ["Gebiet", "Kinder unter 2", "Kinder 2 Jahre", "Kinder 3–5 Jahre"]
    row = kita.set_index("Gebiet").loc["09 Kaiserslautern-West"]
    assert (row["Kita-Plätze"], row["Versorgung"], row["Fehlende Plätze"]) == ("373", "79,7\u00a0%", "95")
    children = table_with(at, "Kinder 0–5 (Kita-Alter)").set_index("Stadtteil")
    assert children.loc["09 Kaiserslautern-West", "Kinder 0–5 (Kita-Alter)"] == "77"
    assert children.loc["Gesamt (Stadt)", "Kinder 6–17 (Schulalter)"] == "386"
    # nearest services around the first accommodation (rings on the map)
    near = table_with(at, "Nächste").set_index("Einrichtung")
    assert near.loc["Kita", "Einordnung"] == "binnen 500 m"
    gaps = table_with(at, "Nächste Einrichtung")
    assert gaps["Wohnort"].str.contains("Geprüfte Wohnobjekte: Hauptstraße Einsiedlerhof").any()
    assert "Bewohner" in gaps.columns
    [fig] = map_reader.app_maps(at)
    assert {t["meta"] for t in fig["data"]} >= {"services", "accommodation_marks", "rings"}


def test_demand_rates_change_the_readings(demo_db):
    at = open_page("infrastruktur")
    at.number_input(key="kita_rate_35").set_value(50.0)
    at.run()
    no_exception(at)
    m = metrics(at)
    # 09: demand = 221 · 0,265 + 109 · 0,75 + 331 · 0,5 = 58,6 + 81,8 + 165,5 = 305,8; 373 places -> 122,0 %
    assert m["Kita-Versorgung"][0] == "122,0\u00a0%"
    assert m["Fehlende Kita-Plätze"][0] == "0"
    assert "Bedarfsquoten: unter 2 Jahren 26,5\u00a0%, 2 Jahre 75,0\u00a0%, 3 bis 5 Jahre 50,0\u00a0% (geändert)." in all_text(at)


def test_missing_services_file_says_so_and_shows_the_rest(truth, tmp_path, monkeypatch):
    path = tmp_path / "no_services.db"
    import_subset(path, {"accommodations": truth.accommodations, "residents": truth.residents,
                         "housing": truth.housing, "districts": truth.districts})
    monkeypatch.setenv("ANKUNFT_DB", str(path))
    at = open_page("infrastruktur")
    no_exception(at)
    text = all_text(at)
    assert ("Bezirk 09 Kaiserslautern-West (mit Nordwest): Für Angebot und Erreichbarkeit fehlen die Daten zur "
            "sozialen Infrastruktur.") in text
    assert "Für diese Ansicht fehlen **Soziale Infrastruktur** (Jugendamt / Schulverwaltung)." in text
    m = metrics(at)
    assert m["Kita-Versorgung"][0] == "–"
    assert m["Kinder in Unterkünften"][0] == "228"
    social = table_with(at, "Fachkräfte Sozialarbeit").set_index("Gebiet")
    assert social.loc["Stadt Kaiserslautern", "Bewohner"] == "1.378"
    children = table_with(at, "Kinder 0–5 (Kita-Alter)").set_index("Stadtteil")
    assert children.loc["09 Kaiserslautern-West", "Kinder 0–5 (Kita-Alter)"] == "77"


def test_council_mode(demo_db):
    at = open_page("infrastruktur")
    at.session_state["council_mode"] = True
    at.run()
    no_exception(at)
    assert [t.label for t in at.tabs] == ["Kita", "Bedarf aus Unterkünften", "Grundschule",
                                          "Beratung und Quartiersbüros", "Sozialarbeit", "Erreichbarkeit"]
    children = table_with(at, "Kinder 0–5 (Kita-Alter)").set_index("Stadtteil")
    assert children.loc["16 Hohenecken", "Kinder 0–5 (Kita-Alter)"] == "≤2"
    assert children.loc["11 Einsiedlerhof", "Kinder 0–5 (Kita-Alter)"] == "•"
    gaps = table_with(at, "Nächste Einrichtung")
    assert "Bewohner" not in gaps.columns
    # housing clusters only per district, never by street
    housing_rows = gaps[gaps["Wohnort"].str.startswith("Wohnobjekte")]
    assert len(housing_rows) > 0 and housing_rows["Nächste Einrichtung"].eq("–").all()
    # (the administration view lists e.g. "Geprüfte Wohnobjekte: Hauptstraße Einsiedlerhof")
    assert not gaps["Wohnort"].str.contains("Hauptstraße").any()
    assert "Werte ≤2 unterdrückt" in all_text(at)
