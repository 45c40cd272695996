"""The format-neutral report model, and the sample report the renderer tests share."""

from __future__ import annotations

import datetime as dt
import math

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ankunft.core import palette
from ankunft.export.safe import is_dangerous, neutralise, neutralise_value
from ankunft.views import report_model as model
from ankunft.views.report_model import ChartSpec, Kpi, MapSpec, Report, Section, Series

STAND = dt.date(2026, 9, 30)

# text cells that a spreadsheet would read as formulas
INJECTIONS = ["=HYPERLINK(\"http://evil.example\";\"klick\")", "+49 631 123", "-Reserve-", "@SUM(A1)",
              "\tTab", "\rCR"]


def hexagon(lat: float, lon: float, r: float = 0.004) -> list[list[float]]:
    k = math.cos(math.radians(lat))
    ring = [[lon + r / k * math.cos(math.radians(a)), lat + r * math.sin(math.radians(a))] for a in range(0, 360, 60)]
    return ring + [ring[0]]


def sample_geojson() -> dict:
    from ankunft.core.reference import DISTRICTS

    features = []
    for d in DISTRICTS[:6]:
        features.append({"type": "Feature", "properties": {"district_id": d.id, "name": d.name},
                         "geometry": {"type": "Polygon", "coordinates": [hexagon(d.lat, d.lon)]}})
    d = DISTRICTS[6]  # one MultiPolygon district (two parts)
    features.append({"type": "Feature", "properties": {"district_id": d.id, "name": d.name},
                     "geometry": {"type": "MultiPolygon", "coordinates": [
                         [hexagon(d.lat, d.lon)], [hexagon(d.lat - 0.012, d.lon - 0.012, 0.002)]]}})
    return {"type": "FeatureCollection", "features": features}


def sample_report(variant: int = 1, council: bool = False) -> Report:
    """A report shaped like the Bericht page builds it; `variant` changes the numbers."""
    v = variant
    accommodations = ["GU Pfaffstraße", "GU Vogelweh", "WH Kotten", "GU Einsiedlerhof"]
    places = [120.0, 80.0, 45.0, 60.0]
    occupied = [118.0 * v, 61.0, 45.0, None]
    bands = ["< 1 Jahr", "1–3 Jahre", "3–5 Jahre", "> 5 Jahre"]
    table = pd.DataFrame({
        "Unterkunft": accommodations + INJECTIONS,
        "Bezirk": ["09", "11", "03", "11", "09", "09", "03", "01", "02", "04"],
        "Plätze": [120.0, 80.0, 45.0, 60.0, 10, 12, 14, 16, 18, 1234567],
        "Auslastung": [0.983, 0.7625, 1.0, None, 0.5, 0.25, 0.125, 0.9, 0.8, 0.7],
        "Eröffnet": [dt.date(2016, 2, 3)] * 10,
    })
    long_table = pd.DataFrame({"Monat": [f"M{i:02d}" for i in range(15)],
                               "Zugänge": [float(i * v) for i in range(15)]})
    sections = [
        Section(
            key="unterkuenfte", title="Unterkünfte und Belegung",
            headline=f"{model.fmt.integer(118 * v + 106)} von 305 Plätzen sind belegt.",
            kpis=[Kpi("Belegte Plätze", model.fmt.integer(118 * v + 106), "+4 seit 30.06.2026"),
                  Kpi("Auslastung", "73,4\u00a0%", "−1,2 Prozentpunkte"), Kpi("Unterkünfte", "4")],
            chart=ChartSpec("bar", accommodations,
                            [Series("Plätze", places, palette.colour_for("Plätze")),
                             Series("Belegung", occupied, palette.colour_for("Belegung"))], y_title="Personen"),
            table=table, table_formats={"Auslastung": "0.0%"},
            notes=f"Die Belegung liegt bei {118 * v + 106} Personen. GU Einsiedlerhof hat keine Meldung geliefert.",
            source="Sozialamt", stichtag=STAND, filters="Status: in Betrieb",
        ),
        Section(
            key="aufenthalt", title="Aufenthaltsdauer",
            headline="In 2 von 4 Unterkünften lebt mehr als ein Drittel länger als 3 Jahre.",
            chart=ChartSpec("stacked_bar", accommodations[:3],
                            [Series(b, [10.0 * v + i, 20.0, 5.0 + i], palette.colour_for(b)) for i, b in enumerate(bands)],
                            y_title="Bewohner"),
            notes="Aufenthaltsdauer ab Einzugsdatum bis zum Stichtag.", source="Sozialamt", stichtag=STAND,
        ),
        Section(
            key="entwicklung", title="Zugänge und Abgänge",
            headline="Die Zugänge sind seit Juni rückläufig.",
            chart=ChartSpec("line", ["Juli 2026", "Aug. 2026", "Sept. 2026"],
                            [Series("Zugänge", [12.0 * v, None, 8.0], palette.colour_for("Zugänge")),
                             Series("Abgänge", [5.0, 7.0, 9.5], palette.colour_for("Abgänge"))],
                            number_format="#,##0.0"),
            source="Sozialamt", stichtag=STAND,
        ),
        Section(
            key="bezirke", title="Bewohner je Bezirk",
            headline="Die meisten Bewohner leben im Bezirk 09 Kaiserslautern-West.",
            map=MapSpec(sample_geojson(),
                        {"01": 3.0, "02": 10.0, "03": 27.0 * v, "04": 55.0, "05": None, "06": 120.0, "07": 0.0},
                        legend_title="Bewohner", points=[(49.4442, 7.7266, "GU Pfaffstraße", 120.0),
                                                          (49.4364, 7.6687, "GU Einsiedlerhof", 60.0)],
                        points_label="Unterkünfte (Größe: Plätze)"),
            notes="Bezirk 05 ist unterdrückt (weniger als 5 Personen).", source="Statistikstelle",
            stichtag=dt.date(2025, 12, 31),
        ),
        Section(
            key="maengel", title="Mängel nach Status",
            headline="Ein Drittel der Mängel ist offen.",
            chart=ChartSpec("pie", ["offen", "behoben", "in Bearbeitung"], [Series("Mängel", [5.0 * v, 8.0, 2.0], "#000000")]),
            source="Wohnungsaufsicht", stichtag=STAND,
        ),
        Section(
            key="dienste", title="Erreichbarkeit der Dienste",
            headline="Die Kita ist im Mittel am weitesten entfernt.",
            chart=ChartSpec("barh", ["Kita", "Grundschule", "Beratung"],
                            [Series("Entfernung", [850.0 * v, 420.0, 1300.0], palette.ACCENT)],
                            y_title="Meter", number_format="#,##0 \"m\""),
            source="Jugendamt / Schulverwaltung", stichtag=STAND,
        ),
        Section(
            key="zugaenge", title="Zugänge je Monat",
            headline="15 Monate im Überblick.", table=long_table, source="Sozialamt", stichtag=STAND,
        ),
    ]
    return Report(
        title="Unterbringung Geflüchteter – Sachstand", city="Kaiserslautern", stand=STAND,
        author="Integrationsbüro, Frau Beispiel", sections=sections,
        stamp="Datenstand: Unterkünfte 30.09.2026 · Bewohner 30.09.2026 · Stadtteile 31.12.2025",
        council=council,
        assumptions=[("Mindestfallzahl", "5"), ("Standard Wohnfläche", "9\u00a0m² je Person")],
        sources=[("Unterkünfte", "Sozialamt", STAND), ("Stadtteile", "Statistikstelle", dt.date(2025, 12, 31))],
    )


# ---------------------------------------------------------------------------------------------


def test_neutralise_prefixes_formula_triggers_only():
    for text in INJECTIONS:
        assert is_dangerous(text)
        assert neutralise(text) == "'" + text
    for text in ("Kaiserslautern", "−3", "12,5\u00a0%", "", " =1", "'=1"):
        assert neutralise(text) == text
    assert neutralise_value(-5) == -5
    assert neutralise_value(None) is None


def test_format_number_follows_excel_codes_in_german():
    assert model.format_number(1234.56, "#,##0") == "1.235"
    assert model.format_number(1234.56, "#,##0.0") == "1.234,6"
    assert model.format_number(0.125, "0.0%") == "12,5\u00a0%"
    assert model.format_number(380, '#,##0 "€"') == "380\u00a0€"
    assert model.format_number(2026, "0") == "2026"
    assert model.format_number(None, "#,##0") == "–"
    assert model.format_number(float("nan"), "#,##0") == "–"


def test_infer_and_column_formats():
    s = sample_report().sections[0]
    formats = model.column_formats(s)
    assert formats == {"Plätze": "#,##0", "Auslastung": "0.0%"}
    assert model.infer_format(pd.Series([1.5, 2.0])) == "#,##0.0"
    assert model.infer_format(pd.Series(["a"])) is None


def test_cell_text():
    assert model.cell_text(dt.date(2026, 10, 1)) == "01.10.2026"
    assert model.cell_text(pd.Timestamp("2026-10-01")) == "01.10.2026"
    assert model.cell_text(True) == "ja"
    assert model.cell_text(float("nan")) == "–"
    assert model.cell_text(1234.0) == "1.234"
    assert model.cell_text(0.5, "0.0%") == "50,0\u00a0%"


def test_nice_breaks_and_classes():
    # range 0..120 in 5 classes: raw step 24 → 25
    assert model.nice_breaks([0.0, 3.0, 10.0, 27.0, 55.0, 120.0], 5) == [25.0, 50.0, 75.0, 100.0]
    spec = sample_report().sections[3].map
    classes = spec.classes()
    # 0 has its own class (issue #18); the others: 3 … 120 in 5 classes, raw step 23,4 → 25
    assert [c.label for c in classes] == ["keine (0)", "über 0 bis unter 25", "25 bis unter 50", "50 bis unter 75",
                                          "75 bis unter 100", "100 und mehr"]
    assert [c.colour for c in classes] == [model.ZERO_COLOUR, *palette.SEQUENTIAL]
    assert spec.colour_of(0.0, classes) == model.ZERO_COLOUR
    assert spec.colour_of(3.0, classes) == palette.SEQUENTIAL[0]
    assert spec.colour_of(27.0, classes) == palette.SEQUENTIAL[1]
    assert spec.colour_of(25.0, classes) == palette.SEQUENTIAL[1]
    assert spec.colour_of(120.0, classes) == palette.SEQUENTIAL[4]
    assert spec.colour_of(None, classes) == model.MISSING_COLOUR
    assert spec.has_missing()


def test_classes_with_few_values():
    # 0.2 … 0.6 in two classes: raw step 0.2 (already round), start 0.2 → one break at 0.4
    spec = MapSpec({"features": []}, {"01": 0.2, "02": 0.6}, "Anteil", number_format="0%")
    classes = spec.classes()
    assert [c.label.replace("\u00a0", " ") for c in classes] == ["unter 40 %", "40 % und mehr"]
    assert [c.colour for c in classes] == [palette.SEQUENTIAL[0], palette.SEQUENTIAL[-1]]
    single = MapSpec({"features": []}, {"01": 4.0, "02": 4.0}, "x").classes()
    assert [c.label for c in single] == ["4"]
    assert MapSpec({"features": []}, {"01": None}, "x").classes() == []


def test_chart_spec_validates():
    with pytest.raises(ValueError, match="Diagrammtyp"):
        ChartSpec("radar", ["a"], [("x", [1], "#000000")])
    with pytest.raises(ValueError, match="2 Kategorien"):
        ChartSpec("bar", ["a", "b"], [("x", [1], "#000000")])
    spec = ChartSpec("bar", ["a", "b"], [("x", [1, float("nan")], "#000000")])
    assert spec.series[0].values == [1.0, None]


def test_geometry_helpers():
    ring = [(0.0, 0.0), (2.0, 0.0), (2.0, 2.0), (0.0, 2.0), (0.0, 0.0)]
    assert model.ring_centroid(ring) == pytest.approx((1.0, 1.0))
    assert model.ring_area(ring) == pytest.approx(4.0)
    spec = sample_report().sections[3].map
    assert len(model.feature_rings(spec.features()[6])) == 2
    min_lon, min_lat, max_lon, max_lat = model.bounds(spec)
    assert min_lon < 7.67 < max_lon and min_lat < 49.43 < max_lat


def test_report_texts():
    r = sample_report()
    s = r.sections[0]
    assert s.caption() == "Quelle: Sozialamt · Stichtag 30.09.2026 · Filter: Status: in Betrieb"
    assert r.sections[1].caption().endswith("Filter: keine")
    notes = r.notes_for(s)
    assert notes.startswith("Die Belegung liegt bei 224 Personen.")
    assert "• Mindestfallzahl: 5" in notes and r.stamp in notes
    assert r.caption() == ("Quellen: Sozialamt, Statistikstelle, Wohnungsaufsicht, Jugendamt / Schulverwaltung"
                           " · Stand 30.09.2026")
    assert [k.label for k in r.overview_kpis()] == ["Belegte Plätze"]
    assert model.file_name(r, "pptx") == "Bericht_Kaiserslautern_Stand_2026-09-30.pptx"
    assert model.file_name(sample_report(council=True), ".xlsx") == "Bericht_Kaiserslautern_Stand_2026-09-30_Rat.xlsx"


@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(st.sampled_from(["Sozialamt", "Wohnungsaufsicht", "Jugendamt / Schulverwaltung",
                                          "Statistikstelle", "Ordnungsamt"]), min_size=0, max_size=4),
                max_size=6))
def test_footer_names_each_office_once_even_when_a_section_names_several(groups):
    """A section (e.g. Handlungsbedarf) may name several offices in one source; the deck's footer
    listed them a second time ("Sozialamt, …, Wohnungsaufsicht, Sozialamt, …")."""
    sections = [Section(key=f"s{i}", title="T", source=", ".join(g)) for i, g in enumerate(groups)]
    report = Report(title="R", city="K", stand=dt.date(2026, 9, 30), sections=sections)
    expected = list(dict.fromkeys(o for g in groups for o in g))
    assert report.offices() == expected
    assert report.caption().count("Sozialamt") == (1 if "Sozialamt" in expected else 0)
