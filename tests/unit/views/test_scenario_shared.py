"""Page, Excel and deck show the same earliest closure months, uncertainty and back-test error
(one set of view functions: views.scenario_view.shared_tables / shared_notes)."""

from __future__ import annotations

import io

import openpyxl
import pandas as pd
import pytest
from pptx import Presentation

from ankunft import scenario as sc
from ankunft.export import pptx as export_pptx
from ankunft.export.scenario_workbook import to_excel
from ankunft.storage import demo
from ankunft.storage.state import DataState
from ankunft.views import report_view as assemble
from ankunft.views import scenario_view as pm


@pytest.fixture(scope="module")
def states():
    d = demo.build()
    frames = {"accommodations": d.accommodations, "residents": d.residents, "housing": d.housing,
              "services": d.services, "districts": d.districts}
    state = DataState.from_frames(demo.STICHTAG, frames, {"districts": demo.DISTRICTS_STAND})
    previous = DataState.from_frames(demo.EARLIER, {
        "accommodations": d.accommodations_earlier, "residents": d.residents_earlier, "housing": d.housing,
        "services": d.services, "districts": d.districts_earlier}, {"districts": demo.DISTRICTS_EARLIER})
    return state, previous


def _sheet(data: bytes, name: str) -> pd.DataFrame:
    ws = openpyxl.load_workbook(io.BytesIO(data))[name]
    rows = list(ws.values)
    return pd.DataFrame(rows[1:], columns=rows[0])


def test_excel_sheets_are_the_page_tables(states):
    state, _ = states
    start = sc.start_state_from(state)
    a = pm.defaults_for(start)
    tables = pm.shared_tables(start, a.to_json(), "mittel", state)
    assert list(tables) == ["Frühester Schließmonat", "Unsicherheit", "Schließungen Wahrscheinl.", "Rückblick"]
    data = to_excel(sc.simulate(start, a, "mittel"), tables)
    early = _sheet(data, "Frühester Schließmonat").fillna("")
    pd.testing.assert_frame_equal(early, pm.earliest_display(start, a.to_json(), "mittel"), check_dtype=False)
    band = _sheet(data, "Unsicherheit")
    view = pm.page_view(start, a.to_json(), "mittel")
    hi = [t for t in view.figures["demand"].data if t.name and t.name.endswith("obere Grenze")][0]
    assert band["obere Grenze (90 %)"].tolist() == pytest.approx(list(hi.y), abs=0.05)
    chances = _sheet(data, "Schließungen Wahrscheinl.")
    pd.testing.assert_frame_equal(chances, view.chances, check_dtype=False)
    back = _sheet(data, "Rückblick")
    pd.testing.assert_frame_equal(back, pm.backtest_view(state).summary, check_dtype=False)


def test_deck_notes_carry_the_same_sentences(states):
    state, previous = states
    rd = assemble.prepare(state, previous)
    section = assemble.section_scenario(rd)
    first = rd.scenario_runs[0].result
    lines = pm.shared_notes(first.start, first.assumptions.to_json(), first.variant, state)
    assert lines[0].startswith("Frühester Schließmonat") and lines[-1].startswith("Rückblick:")
    for line in lines:
        assert line in section.notes
    report = assemble.report_from(rd, list(assemble.SECTION_KEYS), "Integrationsbüro")
    deck = Presentation(io.BytesIO(export_pptx.build(report)))
    notes = "\n".join(s.notes_slide.notes_text_frame.text for s in deck.slides if s.has_notes_slide)
    assert lines[0] in notes and lines[-1] in notes


def _slide_table(deck, name: str) -> pd.DataFrame:
    for slide in deck.slides:
        for shape in slide.shapes:
            if shape.name == name:
                rows = [[c.text for c in r.cells] for r in shape.table.rows]
                return pd.DataFrame(rows[1:], columns=rows[0])
    raise AssertionError(f"{name} fehlt im Foliensatz")


@pytest.mark.slow  # builds the whole deck and workbook (about 10 s)
def test_page_deck_and_excel_show_the_same_earliest_months_bands_and_backtest_error(states):
    """The issue's 'Must show': one scenario (the report's), read back from the page's view model, the
    deck (python-pptx) and the Excel download (openpyxl)."""
    state, previous = states
    rd = assemble.prepare(state, previous, history=[previous])  # the Stände before this one
    first = rd.scenario_runs[0].result
    start, a_json, variant = first.start, first.assumptions.to_json(), first.variant
    stands = [previous, state]
    # the page's view model
    view = pm.page_view(start, a_json, variant)
    early = pm.earliest_display(start, a_json, variant).set_index("Unterkunft")["Frühester Monat"]
    history = pm.backtest_view(state)
    by_stand = pm.stand_backtest_view(stands)
    assert history is not None and by_stand.summary is not None
    # the Excel download
    data = to_excel(first, pm.shared_tables(start, a_json, variant, state, stands))
    xl_early = _sheet(data, "Frühester Schließmonat").set_index("Unterkunft")["Frühester Monat"]
    pd.testing.assert_series_equal(xl_early, early, check_dtype=False)
    band = _sheet(data, "Unsicherheit")
    lo = [t for t in view.figures["demand"].data if t.name and t.name.endswith("untere Grenze")][0]
    hi = [t for t in view.figures["demand"].data if t.name and t.name.endswith("obere Grenze")][0]
    assert band["untere Grenze (10 %)"].tolist() == pytest.approx(list(lo.y), abs=0.05)
    assert band["obere Grenze (90 %)"].tolist() == pytest.approx(list(hi.y), abs=0.05)
    pd.testing.assert_frame_equal(_sheet(data, "Rückblick"), history.summary, check_dtype=False)
    unquoted = _sheet(data, "Rückblick Stände").replace(r"^'", "", regex=True)  # "+3,7 %" is neutralised as text
    pd.testing.assert_frame_equal(unquoted, by_stand.summary, check_dtype=False)
    # the deck: the slide's table, and the notes' band and back-test sentences
    report = assemble.report_from(rd, list(assemble.SECTION_KEYS), "Integrationsbüro")
    deck = Presentation(io.BytesIO(export_pptx.build(report)))
    slide_table = _slide_table(deck, "Tabelle Frühester Schließmonat")
    shown = slide_table[~slide_table["Unterkunft"].str.startswith("…")]
    assert len(shown) >= 3
    for _, row in shown.iterrows():
        assert row["Frühestens"] == early[row["Unterkunft"]]
    chances = view.chances.set_index("Unterkunft")["Wahrscheinlichkeit umsetzbar"]
    for _, row in shown[shown["Geplant"] != "–"].iterrows():
        assert row["Wahrsch."] == chances[row["Unterkunft"]]
    notes = "\n".join(s.notes_slide.notes_text_frame.text for s in deck.slides if s.has_notes_slide)
    assert view.uncertainty in notes  # the band's sentence: share of runs within the places, the 80 % band
    assert history.headline in notes
    assert by_stand.headline in notes  # the back-test from the stored Stände: the page's sentence
    mape12 = history.summary.set_index(["Vorhersage", "Ebene"]).loc[("12 Monate voraus", "Stadt"),
                                                                     "Mittlerer Fehler (MAPE)"]
    assert mape12 in history.headline
