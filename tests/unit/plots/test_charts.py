"""The plotly theme and figure builders: German separators and months, fixed colours, text alternative."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import plotly.graph_objects as go

from ankunft.core import glossary, palette
from ankunft.indicators import Unavailable
from ankunft.indicators import accommodations as A
from ankunft.indicators import stays as S
from ankunft.plots import charts as C

DAY = dt.date(2026, 10, 1)


def residents() -> pd.DataFrame:
    return glossary.conform("residents", pd.DataFrame({
        "person_id": ["a", "b", "c"], "accommodation": ["A1", "A1", "A2"],
        "move_in": ["2020-01-01", "2026-01-01", "2023-05-01"], "move_out": [None, None, "2026-02-01"]}))


def table() -> pd.DataFrame:
    acc = glossary.conform("accommodations", pd.DataFrame({
        "id": ["A1", "A2"], "name": ["Asternweg", "Ehemalige Hauptpost"], "capacity": [10, 1200],
        "occupancy": [11, 950]}))
    return A.accommodation_table(acc, DAY)


def test_template_german_separators_and_council_fonts():
    normal, council = C.template(), C.template(council=True)
    assert normal.layout.separators == ",."
    assert council.layout.font.size > normal.layout.font.size
    assert normal.layout.paper_bgcolor == palette.BACKGROUND
    fig = C.apply_theme(go.Figure(), title="Test")
    assert fig.layout.separators == ",." and fig.layout.title.text == "Test"
    assert fig.layout.template.layout.separators == ",."
    assert fig.layout.template.layout.colorway == palette.OKABE_ITO
    big = C.apply_theme(go.Figure(), council=True)
    assert big.layout.template.layout.font.size == C.FONT_SIZE_COUNCIL


def test_month_ticks_are_german_and_thinned():
    dates = pd.date_range("2025-11-01", periods=24, freq="MS")
    vals, text = C.month_ticks(dates)
    assert text[0] == "Nov. 2025" and len(text) == 12
    assert text[1] == "Jan. 2026"  # every second month
    assert C.month_ticks([]) == ([], [])


def test_every_builder_sets_separators():
    r = S.roster(residents(), DAY)
    figs = [
        C.occupancy_vs_capacity(table()),
        C.stay_bands(S.length_of_stay_bands(r)),
        C.stay_bands(S.length_of_stay_bands(r, by_accommodation=True), {"A1": "Asternweg"}),
        C.completed_stays(S.completed_stay_histogram(S.completed_stays(residents(), DAY))),
        C.composition(pd.DataFrame({"group": ["Kinder 0–5", "Erwachsene"], "count": [3, 10]}), "Alter"),
        C.household_sizes(pd.DataFrame({"label": ["1 Person", "2 Personen"], "households": [4, 2]})),
        C.occupancy_over_time(S.occupancy_over_time(None, residents(), DAY, months=6)),
        C.arrivals_departures(S.arrivals_departures(residents(), DAY, months=12)),
    ]
    for fig in figs:
        assert fig.layout.separators == ",."
        assert fig.layout.title.text


def test_arrivals_chart_has_german_month_ticks():
    fig = C.arrivals_departures(S.arrivals_departures(residents(), DAY, months=12))
    assert list(fig.layout.xaxis.ticktext) == ["Nov. 2025", "Dez. 2025", "Jan. 2026", "Feb. 2026", "März 2026",
                                               "Apr. 2026", "Mai 2026", "Juni 2026", "Juli 2026", "Aug. 2026",
                                               "Sept. 2026", "Okt. 2026"]
    assert [t.name for t in fig.data] == ["Zugänge", "Abgänge"]
    assert fig.data[0].marker.color == palette.CATEGORY_COLOURS["Zugänge"]
    assert fig.data[0].customdata[2][0] == "Jan. 2026"


def test_occupancy_over_time_says_which_measure():
    rebuilt = C.occupancy_over_time(S.occupancy_over_time(None, residents(), DAY, months=6))
    assert "aus Aufenthalten rekonstruiert" in rebuilt.layout.title.text
    assert rebuilt.layout.xaxis.ticktext[-1] == "Okt. 2026"
    snaps = {dt.date(2026, 3, 31): pd.DataFrame({"capacity": [30.0], "occupancy": [20.0]}),
             dt.date(2026, 9, 30): pd.DataFrame({"capacity": [30.0], "occupancy": [25.0]})}
    fig = C.occupancy_over_time(S.occupancy_over_time(snaps, None, DAY))
    assert "aus Stichtagen" in fig.layout.title.text
    assert [t.name for t in fig.data] == ["Belegung", "Plätze"]
    assert fig.data[0].customdata[0][0] == "31.03.2026"


def test_same_colour_for_same_category():
    r = S.roster(residents(), DAY)
    overall = C.stay_bands(S.length_of_stay_bands(r))
    per = C.stay_bands(S.length_of_stay_bands(r, by_accommodation=True))
    assert list(overall.data[0].marker.color) == [palette.CATEGORY_COLOURS[b] for b in S.BANDS]
    assert {t.name: t.marker.color for t in per.data}["> 5 Jahre"] == palette.CATEGORY_COLOURS["> 5 Jahre"]
    assert per.layout.barmode == "stack"


def test_hover_texts_are_german_numbers():
    fig = C.occupancy_vs_capacity(table())
    places = next(t for t in fig.data if t.name == "Plätze")
    assert ("Ehemalige Hauptpost", "1.200") in [tuple(c) for c in places.customdata]
    assert fig.data[0].orientation == "h"
    pct = C.bar(pd.DataFrame({"x": ["a", "b"], "y": [0.125, 0.5]}), "x", "y", value_kind="pct")
    assert [tuple(c)[1] for c in pct.data[0].customdata] == ["12,5\u00a0%", "50,0\u00a0%"]


def test_generic_helpers():
    df = pd.DataFrame({"month": pd.to_datetime(["2026-01-31", "2026-02-28", "2026-01-31", "2026-02-28"]),
                       "kind": ["Kita", "Kita", "Grundschule", "Grundschule"], "value": [3, 4, 5, 6]})
    fig = C.line(df, "month", "value", "kind", title="Verlauf")
    assert {t.name: t.line.color for t in fig.data} == {"Kita": palette.CATEGORY_COLOURS["Kita"],
                                                         "Grundschule": palette.CATEGORY_COLOURS["Grundschule"]}
    assert list(fig.layout.xaxis.ticktext) == ["Jan. 2026", "Feb. 2026"]
    st = C.stacked(df, "kind", "value", "month")
    assert st.layout.barmode == "stack"
    council = C.line(df, "month", "value", council=True)
    assert council.data[0].line.width == C.LINE_WIDTH_COUNCIL


def test_text_alternative():
    fig = C.occupancy_vs_capacity(table())
    text = C.text_alternative(fig)
    assert text.startswith("Balkendiagramm „Belegung und Plätze je Unterkunft“.")
    assert "höchster bei Ehemalige Hauptpost (1.200)" in text
    assert "niedrigster bei Asternweg (11)" in text
    bands = C.stay_bands(S.length_of_stay_bands(S.roster(residents(), DAY)))
    assert C.text_alternative(bands).endswith("Bewohner – < 1 Jahr: 1; 1–3 Jahre: 0; 3–5 Jahre: 0; > 5 Jahre: 1.")
    frame = pd.DataFrame({"name": ["Asternweg"], "occupancy": [1234.0]})
    assert C.text_alternative(frame, "Belegung", {"name": "Unterkunft", "occupancy": "Belegung"}) == \
        "Tabelle „Belegung“ mit 1 Zeile und den Spalten Unterkunft, Belegung: Unterkunft Asternweg, Belegung 1.234."
    assert C.text_alternative(Unavailable("Keine Daten.")) == "Keine Daten."
    assert C.text_alternative(go.Figure(), "Leer") == "Diagramm „Leer“: keine Daten."
