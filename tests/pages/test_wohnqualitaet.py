"""AppTest of the Wohnqualität page: demo data, council mode, missing and changed housing data."""

from __future__ import annotations

import json

from tests import map_reader

from .conftest import all_text, import_subset, metrics, no_exception, open_page


def map_json(at) -> str:
    [fig] = map_reader.app_maps(at)
    return json.dumps(fig, ensure_ascii=False)


def test_demo_data(demo_db):
    at = open_page("wohnqualitaet")
    no_exception(at)
    text = all_text(at)
    assert ("Stadt Kaiserslautern: Am 30.09.2026 haben 94 von 294 geprüften Objekten offene Mängel (32,0\u00a0%). "
            "Häufigster offener Mangel: Feuchtigkeit/Schimmel (48 Objekte).") in text
    m = metrics(at)
    assert m["Geprüfte Objekte"][0] == "294"
    assert m["Ohne Warmwasser"][0] == "21,4\u00a0%"
    assert m["Feuchtigkeit/Schimmel"][0] == "28,6\u00a0%"
    assert m["Überbelegt"][0] == "9,5\u00a0%"
    assert m["Offene Mängel"][0] == "94"
    assert m["Median bis Behebung"][0] == "252\u00a0Tage"
    # the demo's earlier Stichtag has no housing list: no change shown, and the page says why
    assert all(delta is None or delta == "" for _, delta in m.values())
    assert "Für den vorigen Stichtag liegt keine Prüfliste der Wohnungsaufsicht vor." in text
    table, worst = at.dataframe[0].value, at.dataframe[1].value
    focus = table.set_index("Gebiet").loc["Bezirk 09 Kaiserslautern-West (mit Nordwest)"]
    assert (focus["Geprüfte Objekte"], focus["Ohne Warmwasser"], focus["Offene Mängel"]) == ("152", "37,5\u00a0%", "65")
    assert worst.iloc[0]["Objekt-Nr."] == "WA-0073"
    assert worst.iloc[0]["Adresse"] == "Feuerbachstraße 6, Whg. 3"
    assert "Slevogtstraße" in map_json(at)  # administration view: objects with their addresses
    assert "Quelle: Wohnungsaufsicht · Stand 30.09.2026 · Filter: ganze Stadt" in text


def test_district_filter_changes_the_reading(demo_db):
    at = open_page("wohnqualitaet")
    at.multiselect(key="district_filter").set_value(["09"])
    at.run()
    no_exception(at)
    assert ("09 Kaiserslautern-West: Am 30.09.2026 haben 65 von 152 geprüften Objekten offene Mängel "
            "(42,8\u00a0%; Stadt 32,0\u00a0%).") in all_text(at)
    assert metrics(at)["Geprüfte Objekte"][0] == "152"
    assert set(at.dataframe[1].value["Stadtteil"]) == {"09 Kaiserslautern-West"}


def test_council_mode(demo_db):
    at = open_page("wohnqualitaet")
    at.session_state["council_mode"] = True
    at.run()
    no_exception(at)
    text = all_text(at)
    # no worst-objects list, no addresses anywhere (map aggregated to grid cells)
    assert len(at.dataframe) == 1
    assert "schwersten offenen Mängeln" not in " ".join(e.label for e in at.expander)
    assert "Whg." not in text and "Whg." not in map_json(at)
    assert "Slevogtstraße" not in map_json(at)
    cells = map_reader.objects(map_json(at))["defects"]
    assert cells and all("polygon" in c and "position" not in c for c in cells)  # grid cells, not points
    assert "Objekte mit offenen Mängeln (je 250-m-Feld)" in text  # legend
    table = at.dataframe[0].value.set_index("Gebiet")
    # Morlautern: 2 inspected objects -> small count
    assert table.loc["12 Morlautern", "Geprüfte Objekte"] == "≤2"
    assert table.loc["01 Innenstadt-Ost", "Offene Mängel"] == "≤2"
    assert "Werte ≤2 unterdrückt" in text
    assert [t.label for t in at.tabs] == ["Mängel nach Art", "Wohnfläche je Person", "Verlauf"]


def test_missing_housing_says_what_is_missing(truth, tmp_path, monkeypatch):
    path = tmp_path / "no_housing.db"
    import_subset(path, {"accommodations": truth.accommodations, "districts": truth.districts})
    monkeypatch.setenv("ANKUNFT_DB", str(path))
    at = open_page("wohnqualitaet")
    no_exception(at)
    text = all_text(at)
    assert "Für die Wohnqualität fehlen die Daten der Wohnungsaufsicht." in text
    assert "Für diese Ansicht fehlen **Wohnqualität** (Wohnungsaufsicht)." in text
    assert not at.metric


def test_reading_changes_with_the_data(truth, tmp_path, monkeypatch):
    path = tmp_path / "west_only.db"
    h = truth.housing
    import_subset(path, {"housing": h[(h["district_id"] == "09").to_numpy()]})
    monkeypatch.setenv("ANKUNFT_DB", str(path))
    at = open_page("wohnqualitaet")
    no_exception(at)
    assert "Stadt Kaiserslautern: Am 30.09.2026 haben 65 von 152 geprüften Objekten offene Mängel (42,8\u00a0%)." \
        in all_text(at)
    assert metrics(at)["Ohne Warmwasser"][0] == "37,5\u00a0%"


def test_history_chart_is_drawn_only_while_its_expander_is_open(demo_db):
    """Issue #17 (browser time): the visit draws the map and the two current charts; the reconstructed
    history of open defects is drawn when the officer opens its expander, with the caption of its source."""
    at = open_page("wohnqualitaet")
    no_exception(at)

    def titles():
        return [fig["layout"]["title"]["text"] for fig in map_reader.app_charts(at)]

    first = titles()
    assert len(first) == 2 and "Objekte mit offenen Mängeln je Monatsende" not in first
    assert len(map_reader.app_maps(at)) == 1
    assert any(e.label.startswith("Verlauf") for e in at.expander)
    at.session_state["wq_time_open"] = True
    at.run()
    no_exception(at)
    assert titles() == first + ["Objekte mit offenen Mängeln je Monatsende"]
    assert "rekonstruiert aus Prüf- und Behebungsdaten" in all_text(at)
