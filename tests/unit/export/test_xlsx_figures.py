"""Excel (issue #18 item 7): every figure a number with a German format, print setup, frozen headers,
chosen sheet names and all series of the deck — checked on fmt's own output (hypothesis) and on the
demo report re-opened with openpyxl, normal and Ratsfassung."""

from __future__ import annotations

import io
import re

import openpyxl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from ankunft.core import fmt
from ankunft.export import xlsx as export_xlsx
from ankunft.export.xlsx import figure, short_title

HEADER = export_xlsx.HEADER_ROW + 1
NUMBERS = st.floats(-5e7, 5e7, allow_nan=False).map(lambda x: round(x, 3))
# text that looks like a figure; a cell with this must be a number (markers and ids excepted)
FIGURE_TEXT = re.compile(r"^'?[+−±-]?\d[\d.]*(,\d+)?( ?(%|€|Mio\. €|m²|%-Punkte|Prozentpunkte|Monate|Tage))?$")


def _decimals(code: str) -> int:
    m = re.search(r"#,##0\.(0+)", code)
    return len(m.group(1)) if m else 0


@given(x=NUMBERS, decimals=st.integers(0, 2))
def test_fmt_numbers_come_back_as_numbers(x, decimals):
    text = fmt.num(x, decimals)
    value, code = figure(text.replace("-", "−") if text.startswith("-") else text)
    assert value == pytest.approx(float(text.replace(".", "").replace(",", ".")), abs=1e-9)
    assert _decimals(code) == decimals and code.startswith(('"+"', "#")) is not None


@given(x=NUMBERS)
def test_money_percent_area_and_changes(x):
    for text, expected, unit in [
        (fmt.eur(abs(x)), round(abs(x)), '"\u00a0€"'),
        (fmt.eur_compact(abs(x)), None, "€"),
        (fmt.pct(abs(x) / 1e7, 1), round(abs(x) / 1e7 * 100, 1) / 100, "%"),
        (fmt.m2(abs(x) / 1000, 1), round(abs(x) / 1000, 1), '"\u00a0m²"'),
        (fmt.signed(x, 0), round(x), '"+"'),
        (fmt.signed(x, 1, "%-Punkte"), round(x, 1), '"\u00a0%-Punkte"'),
        (fmt.signed(x, 0) + " seit 30.06.2026", round(x), '" seit 30.06.2026"'),
    ]:
        parsed = figure(text)
        assert parsed is not None, text
        value, code = parsed
        if expected is not None:
            assert value == pytest.approx(expected, abs=0.011), text
        else:  # compact: as precise as shown
            assert value == pytest.approx(abs(x), abs=60_000 if abs(x) >= 1e6 else 1), text
        assert unit in code, (text, code)


@pytest.mark.parametrize("text", ["09", "01 Innenstadt-Ost", "2026", "≤2", "<5", "•", "–", "Stadt 92 %", "Juni 2027",
                                  "1–3 Jahre", "nicht umsetzbar", "12.2026", "1.23", "Haus 7", "+", ""])
def test_other_text_stays_text(text):
    assert figure(text) is None


@given(words=st.lists(st.sampled_from(["Stadtteilprofil:", "Bezirk", "09", "Kaiserslautern-West", "(mit Nordwest)",
                                        "Unterkünfte", "und", "Belegung", "Wohnqualität", "Szenarienvergleich",
                                        "Aufenthaltsdauer"]), min_size=1, max_size=9))
def test_sheet_names_are_whole_words(words):
    title = " ".join(words)
    name = export_xlsx.sheet_name(title, set())
    assert len(name) <= 31
    source = re.sub(r"[:()]", " ", title).replace("Stadtteilprofil", "Stadtteilprofil Profil").split()
    assert all(w in source for w in name.split()), (title, name)


def test_profile_sheet_name_keeps_the_district():
    assert short_title("Stadtteilprofil: Bezirk 09 Kaiserslautern-West (mit Nordwest)") == "Profil: 09 Kaiserslautern-West"


# ---------------------------------------------------------------------------------------------
# the demo report


@pytest.fixture(scope="module", params=[False, True], ids=["normal", "rat"])
def demo_wb(request):
    from tests.deck.test_render import _script

    render = _script()
    from ankunft.views import report_view as assemble

    report = assemble.build_report(*render.demo_states(), sections=list(assemble.SECTION_KEYS),
                                   council=request.param)
    return report, openpyxl.load_workbook(io.BytesIO(export_xlsx.build(report)))


def test_every_figure_is_a_number(demo_wb):
    _, wb = demo_wb
    texts = [(ws.title, c.coordinate, c.value) for ws in wb for row in ws.iter_rows(min_row=HEADER + 1)
             for c in row[1:] if isinstance(c.value, str) and FIGURE_TEXT.match(c.value)]
    assert texts == []
    literal = [(ws.title, c.coordinate) for ws in wb for row in ws.iter_rows() for c in row
               if isinstance(c.value, str) and re.match(r"^'[+−-]?\d", c.value)]
    assert literal == []
    numbers = [c for ws in wb for row in ws.iter_rows(min_row=HEADER + 1) for c in row if c.data_type == "n"
               and c.value is not None and not hasattr(c.value, "year")]
    assert len(numbers) > 300
    assert all(c.number_format != "General" for c in numbers)


def test_print_setup_and_frozen_headers(demo_wb):
    _, wb = demo_wb
    for ws in wb:
        assert ws.page_setup.orientation == "landscape", ws.title
        assert ws.page_setup.paperSize in (9, "9"), ws.title
        assert ws.sheet_properties.pageSetUpPr.fitToPage and ws.page_setup.fitToWidth in (1, None), ws.title
        assert ws.page_setup.fitToHeight in (0, "0"), ws.title
        assert ws.print_area, ws.title
        assert ws.freeze_panes, ws.title
        frozen_row = int(re.sub(r"\D", "", ws.freeze_panes))
        header = [c.value for c in ws[frozen_row - 1]]
        assert header[0] and header[1], (ws.title, header)  # the frozen rows end with a header row


def test_sheet_names_and_the_series_of_the_deck(demo_wb):
    report, wb = demo_wb
    assert all(len(n) <= 31 for n in wb.sheetnames)
    assert "Profil 09 Kaiserslautern-West" in wb.sheetnames  # chosen, not "Stadtteilprofil Bezirk 09 Kaise"
    assert "Infrastruktur – Diagramm" in wb.sheetnames
    defects = wb["Wohnqualität – Diagramm"]
    housing = next(s for s in report.sections if s.key == "housing")
    assert [r[0] for r in defects.iter_rows(min_row=HEADER + 1, values_only=True)] == housing.chart.categories
    residents = wb["Unterkünfte – Bezirke"]
    acc = next(s for s in report.sections if s.key == "accommodations")
    header = [c.value for c in residents[HEADER]]
    if report.council:  # the Ratsfassung's map sheet gives the class, as the map does (issue #18)
        assert header[2] == "Klasse (Karte)"
        got = {r[0]: r[2] for r in residents.iter_rows(min_row=HEADER + 1, values_only=True)}
        classes = acc.map.classes()
        assert got == {k: (acc.map.class_of(v, classes).label if v is not None else "•")
                       for k, v in acc.map.values.items() if k in got}
    else:
        assert header[2] == acc.map.legend_heading == "Menschen in Unterkünften je 1.000 Einw."
        got = {r[0]: r[2] for r in residents.iter_rows(min_row=HEADER + 1, values_only=True)}
        assert got == pytest.approx({k: v for k, v in acc.map.values.items() if k in got})
    monthly = wb["Szenarienvergleich – Diagramm"]
    scenario = next(s for s in report.sections if s.key == "scenario")
    rows = list(monthly.iter_rows(min_row=HEADER + 1, values_only=True))
    assert [r[0] for r in rows] == scenario.chart.categories and len(rows) >= 24
    assert [r[1] for r in rows] == [None if v is None else pytest.approx(v) for v in scenario.chart.series[0].values]


@pytest.fixture(scope="module")
def small_council_wb():
    """The council report on the small-number data (the demo's Ratsfassung merges its small bands and
    hides no chart value since the table redesign): hidden chart values must exist here."""
    from ankunft.views import report_view as assemble
    from tests.audit import test_council_audit as base

    state, previous = base.states("small")
    report = assemble.build_report(state, previous, sections=list(assemble.SECTION_KEYS), council=True)
    return report, openpyxl.load_workbook(io.BytesIO(export_xlsx.build(report)))


def test_hidden_values_are_marked_on_the_series_sheets(demo_wb):
    _marked_on_series_sheets(*demo_wb)


def test_hidden_values_of_small_data_are_marked_on_the_series_sheets(small_council_wb):
    assert _marked_on_series_sheets(*small_council_wb) > 0  # the small data's Ratsfassung hides chart values


def _marked_on_series_sheets(report, wb) -> int:
    """Every chart value on its sheet; a hidden one as the marker (council) or empty. Returns how many
    hidden values were checked."""
    checked = 0
    for section in report.sections:
        name = next((n for n in wb.sheetnames if n.endswith("– Diagramm")
                     and wb[n]["A1"].value.startswith(section.title)), None)
        if section.chart is None or name is None:
            continue
        ws = wb[name]
        header = [c.value for c in ws[HEADER]]
        for i, category in enumerate(section.chart.categories):
            for s in section.chart.series:
                cell = ws.cell(HEADER + 1 + i, header.index(s.name) + 1).value
                if s.values[i] is None:
                    checked += 1
                    if report.council:
                        assert cell in ("≤2", "<5", "•", "–"), (name, category, s.name, cell)
                    else:
                        assert cell in (None, "–"), (name, category, s.name, cell)
                else:
                    assert cell == pytest.approx(s.values[i])
    return checked
