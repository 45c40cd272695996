"""The assembled council report: re-open PowerPoint, Excel and HTML and compare them with the
dashboards' indicator functions; council mode never shows a suppressed value."""

from __future__ import annotations

import datetime as dt
import io
import re
from html.parser import HTMLParser

import openpyxl
import pandas as pd
import pytest
from pptx import Presentation
from pptx.enum.chart import XL_CHART_TYPE

from ankunft import disclosure as dc
from ankunft import scenario as sc
from ankunft.disclosure import ratsfassung as rf
from ankunft.export import council_text
from ankunft.export import html as export_html
from ankunft.export import pptx as export_pptx
from ankunft.export import xlsx as export_xlsx
from ankunft.indicators import accommodations as acc_mod
from ankunft.indicators import areas
from ankunft.indicators import housing as housing_mod
from ankunft.indicators import overview as ov
from ankunft.indicators import services as services_mod
from ankunft.indicators import stays as stays_mod
from ankunft.storage import demo
from ankunft.storage.state import DataState
from ankunft.views import ratsfassung_data
from ankunft.views import report_view as assemble
from ankunft.views.report_view import T_ACC, T_DIST, T_LOS, TOTAL

STICHTAG = demo.STICHTAG
ALL = list(assemble.SECTION_KEYS)
INJECTION = "=SUMME(1;2) Hotel Zepp"


# ---------------------------------------------------------------------------------------------
# data sets


@pytest.fixture(scope="module")
def demo_data():
    return demo.build()


def report_states(d, residents=None, accommodations=None, housing=None):
    frames = {"accommodations": d.accommodations if accommodations is None else accommodations,
              "residents": d.residents if residents is None else residents,
              "housing": d.housing if housing is None else housing,
              "services": d.services, "districts": d.districts}
    state = DataState.from_frames(STICHTAG, frames, {"districts": demo.DISTRICTS_STAND})
    previous = DataState.from_frames(demo.EARLIER, {
        "accommodations": d.accommodations_earlier, "residents": d.residents_earlier, "housing": d.housing,
        "services": d.services, "districts": d.districts_earlier}, {"districts": demo.DISTRICTS_EARLIER})
    return state, previous


def small_variant(d):
    """Demo data with small counts: Villa Jänisch (005, district 04) and Burgherrenhalle (006, the only
    accommodation in district 16) keep 2 residents each; Hotel Zepp gets a formula-like name."""
    res = d.residents.copy()
    day = pd.Timestamp(STICHTAG)
    present = (res["move_in"] <= day) & (res["move_out"].isna() | (res["move_out"] > day))
    drop = []
    for acc_id in ("005", "006"):
        idx = res.index[(present & (res["accommodation"] == acc_id)).to_numpy()]
        drop += list(idx[2:])
    res = res.drop(index=drop)
    acc = d.accommodations.copy()
    acc.loc[acc["id"] == "004", "name"] = INJECTION
    return report_states(d, residents=res, accommodations=acc)


@pytest.fixture(scope="module")
def states(demo_data):
    return report_states(demo_data)


@pytest.fixture(scope="module")
def small_states(demo_data):
    return small_variant(demo_data)


@pytest.fixture(scope="module")
def rd(states):
    return assemble.prepare(*states)


@pytest.fixture(scope="module")
def report(rd):
    return assemble.report_from(rd, ALL, "Integrationsbüro, Frau Beispiel")


@pytest.fixture(scope="module")
def deck(report):
    return Presentation(io.BytesIO(export_pptx.build(report)))


@pytest.fixture(scope="module")
def council_rd(small_states):
    return assemble.prepare(*small_states, council=True)


@pytest.fixture(scope="module")
def council_report(council_rd):
    return assemble.report_from(council_rd, ALL, "Integrationsbüro")


@pytest.fixture(scope="module")
def council_files(council_report):
    return (export_pptx.build(council_report), export_xlsx.build(council_report), export_html.build(council_report))


def _chart(slide):
    charts = [sh.chart for sh in slide.shapes if sh.has_chart]
    assert len(charts) == 1
    return charts[0]


def _slide(prs, title: str, n: int = 0):
    found = [s for s in prs.slides if s.shapes.title is not None and s.shapes.title.text == title]
    return found[n]


def _expected_open_table(state):
    data = ov.inputs(state)
    t = acc_mod.open_only(data.table)
    return data, t.sort_values("capacity", ascending=False, kind="stable")


# ---------------------------------------------------------------------------------------------
# PowerPoint: slide count, chart types, series values = the indicator functions' numbers


def test_slide_titles_and_count(deck, report):
    titles = [s.shapes.title.text for s in deck.slides]
    assert titles == [
        assemble.REPORT_TITLE, "Inhalt", "Kennzahlen auf einen Blick", "Handlungsbedarf",
        "Kennzahlen und Definitionen", "Entwicklung", "Unterkünfte und Belegung", "Unterkünfte und Belegung",
        # map, chart
        "Aufenthaltsdauer", "Wohnqualität", "Wohnqualität", "Soziale Infrastruktur", "Soziale Infrastruktur",
        "Stadtteilprofil: Bezirk 09 Kaiserslautern-West (mit Nordwest)", "Szenarienvergleich",
        "Annahmen und Quellen"]
    assert len(deck.slides) == 16  # with "Entwicklung" (two Stände)
    assert [s.key for s in report.sections] == ALL


def test_kpi_tiles_equal_the_overview(deck, states):
    o = ov.overview(*states)
    by_key = {k.key: k for k in o.kpis}
    tiles = [sh.text_frame.text for sh in deck.slides[2].shapes if sh.name.startswith("Kennzahl ")]
    since = f" seit {states[1].stand:%d.%m.%Y}"  # every change says since when (issue #18)
    expected = [f"{by_key[k].value_text}\n{by_key[k].label}\n{by_key[k].change_text}{since}" for k in assemble.KPI_TILES]
    assert tiles == expected
    assert tiles[0] == "1.378\nMenschen in Unterkünften\n+113 seit 31.03.2026"


def test_accommodation_chart_equals_the_table(deck, states):
    _, t = _expected_open_table(states[0])
    chart = _chart(_slide(deck, "Unterkünfte und Belegung", 1))
    assert chart.chart_type == XL_CHART_TYPE.BAR_CLUSTERED
    plot = chart.plots[0]
    assert list(plot.categories) == list(t["name"])
    places, occupancy = plot.series
    assert (places.name, occupancy.name) == ("Plätze", "Belegung")
    assert list(places.values) == list(t["capacity"])
    assert list(occupancy.values) == list(t["occupancy"])
    assert sum(occupancy.values) == 1378.0


def test_length_of_stay_chart_equals_the_bands(deck, states):
    data = ov.inputs(states[0])
    open_keys = set(acc_mod.open_only(data.table)["key"])
    roster = data.roster[data.roster["accommodation_id"].isin(open_keys).to_numpy()]
    bands = stays_mod.length_of_stay_bands(roster, by_accommodation=True)
    chart = _chart(_slide(deck, "Aufenthaltsdauer"))
    assert chart.chart_type == XL_CHART_TYPE.COLUMN_STACKED
    assert [s.name for s in chart.plots[0].series] == list(stays_mod.BANDS)
    names = dict(zip(data.table["key"], data.table["name"]))
    cats = list(chart.plots[0].categories)
    for s in chart.plots[0].series:
        expected = bands[bands["band"] == s.name].set_index("accommodation_id")["count"]
        assert list(s.values) == [float(expected[k]) for k in sorted(open_keys)]
    assert cats == [names[k] for k in sorted(open_keys)]
    # the city's band totals: hand-checked against the demo roster
    total = [sum(s.values) for s in chart.plots[0].series]
    assert total == [736.0, 236.0, 152.0, 254.0]


def test_housing_chart_equals_defects_by_type(deck, states):
    state = states[0]
    tidy = housing_mod.defects_by_type(state.df("housing"), state.stichtag("housing"))
    sums = tidy.groupby(["defect", "state"])["objects"].sum()
    chart = _chart(_slide(deck, "Wohnqualität", 1))
    assert chart.chart_type == XL_CHART_TYPE.BAR_CLUSTERED
    cats = list(chart.plots[0].categories)
    offen, behoben = chart.plots[0].series
    assert list(offen.values) == [sums.get((c, "offen"), 0.0) for c in cats]
    assert list(behoben.values) == [sums.get((c, "behoben"), 0.0) for c in cats]
    assert dict(zip(cats, offen.values))["Kein Warmwasser"] == 42.0


def test_services_chart_equals_kita_supply(deck, states):
    state = states[0]
    k = services_mod.kita_supply(state.df("services"), state.df("districts"), ["09"])
    k = k[k["level"] == areas.LEVEL_DISTRICT]
    chart = _chart(_slide(deck, "Soziale Infrastruktur", 1))
    assert chart.chart_type == XL_CHART_TYPE.COLUMN_CLUSTERED
    places, demand = chart.plots[0].series
    from ankunft.export.pptx_charts import short_district  # districts by (short) name on charts
    assert list(chart.plots[0].categories) == [short_district(d) for d in k["area_id"]]
    assert list(places.values) == list(k["places"])
    assert [round(v, 3) for v in demand.values] == [round(v, 3) for v in k["demand"]]


def test_scenario_chart_equals_the_simulation(deck, states, report):
    start = sc.start_state_from(states[0])
    result = sc.simulate(start, sc.default_assumptions(start), "mittel")
    chart = _chart(_slide(deck, "Szenarienvergleich"))
    assert chart.chart_type == XL_CHART_TYPE.LINE_MARKERS
    series = {s.name: list(s.values) for s in chart.plots[0].series}
    assert [round(v, 6) for v in series["Bedarf"]] == [round(v, 6) for v in result.monthly["demand"]]
    assert [round(v, 6) for v in series["Plätze"]] == [round(v, 6) for v in result.monthly["capacity"]]
    section = report.sections[-1]
    assert section.headline == assemble.short_verdict(sc.verdict(result))
    assert sc.verdict(result) in section.notes


def test_map_slide_has_district_shapes(deck, rd):
    slide = _slide(deck, "Unterkünfte und Belegung", 0)
    districts = [sh for sh in slide.shapes if sh.name.startswith("Bezirk ")]
    assert len(districts) == 18
    spec = next(s for s in assemble.report_from(rd, ["accommodations"]).sections).map
    # people per 1.000 inhabitants (issue #18): 504 residents in 09, 23 in 16, none in 05
    pop = dict(zip(rd.district_table["district_id"], rd.district_table["population"]))
    assert spec.values["09"] == pytest.approx(504.0 / pop["09"] * 1000)
    assert spec.values["16"] == pytest.approx(23.0 / pop["16"] * 1000) and spec.values["05"] == 0.0
    assert spec.legend_heading == "Menschen in Unterkünften je 1.000 Einw."


def test_every_slide_has_notes_computed_from_the_data(deck):
    acc_notes = _slide(deck, "Unterkünfte und Belegung", 1).notes_slide.notes_text_frame.text
    assert "Insgesamt sind es 1.378 Menschen auf 2.111 Plätzen; die Auslastung liegt bei 65,3\u00a0%." in acc_notes
    assert "Am höchsten ausgelastet ist Colosseum mit 107,2\u00a0%." in acc_notes
    assert "Annahmen:" in acc_notes and "Datenstand:" in acc_notes
    los_notes = _slide(deck, "Aufenthaltsdauer").notes_slide.notes_text_frame.text
    assert ("< 1 Jahr: 736 Personen; 1–3 Jahre: 236 Personen; 3–5 Jahre: 152 Personen; "
            "> 5 Jahre: 254 Personen") in los_notes
    for slide in list(deck.slides)[2:-1]:
        assert slide.has_notes_slide and len(slide.notes_slide.notes_text_frame.text) > 200


def test_kpi_section_table(report, states):
    section = next(s for s in report.sections if s.key == "kpis")
    o = ov.overview(*states)
    assert list(section.table["Kennzahl"]) == [k.label for k in o.kpis]
    assert list(section.table["Stand 30.09.2026"]) == [k.value_text for k in o.kpis]
    assert list(section.table["Veränderung"]) == [f"{k.change_text} seit 31.03.2026" if k.change_text else "–"
                                                  for k in o.kpis]
    assert section.table.loc[0, "Stand 31.03.2026"] == "1.265"
    assert section.headline == o.headline


# ---------------------------------------------------------------------------------------------
# Excel and HTML


def test_excel_reopened_equals_the_indicators(report, states):
    wb = openpyxl.load_workbook(io.BytesIO(export_xlsx.build(report)))
    assert wb.sheetnames == ["Übersicht", "Handlungsbedarf", "Kennzahlen und Definitionen", "Entwicklung",
                             "Entwicklung – Diagramm", "Unterkünfte und Belegung", "Unterkünfte – Diagramm", "Unterkünfte – Bezirke", "Aufenthaltsdauer",
                             "Aufenthaltsdauer – Diagramm", "Wohnqualität", "Wohnqualität – Diagramm",
                             "Wohnqualität – Bezirke", "Soziale Infrastruktur", "Infrastruktur – Diagramm",
                             "Soziale Infrastruktur – Bezirke", "Profil 09 Kaiserslautern-West", "Szenarienvergleich",
                             "Szenarienvergleich – Diagramm", "Annahmen und Quellen"]
    ws = wb["Unterkünfte und Belegung"]
    header = [c.value for c in ws[6]]
    rows = list(ws.iter_rows(min_row=7, values_only=True))
    _, t = _expected_open_table(states[0])
    col = {h: i for i, h in enumerate(header)}
    assert [r[col["Unterkunft"]] for r in rows] == list(t["name"])
    assert [r[col["Belegung"]] for r in rows] == list(t["occupancy"])
    assert ws.cell(7, col["Auslastung"] + 1).number_format == "0.0%"
    los = wb["Aufenthaltsdauer"]
    last = [c.value for c in los[6 + 15]]
    assert last == ["Gesamt", 736, 236, 152, 254, 1378]


def test_formula_injection_is_neutralised(small_states):
    rep = assemble.build_report(*small_states, sections=["accommodations", "length_of_stay"], author="=cmd|x")
    wb = openpyxl.load_workbook(io.BytesIO(export_xlsx.build(rep)))
    texts = [c.value for ws in wb.worksheets for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    assert "'" + INJECTION in texts
    assert INJECTION not in texts
    assert not [t for t in texts if t.startswith(("=", "+", "-", "@", "\t", "\r"))]
    assert "'=cmd|x" in texts
    # the chart's embedded workbook inside the PowerPoint file is neutralised as well
    prs = Presentation(io.BytesIO(export_pptx.build(rep)))
    chart = _chart(_slide(prs, "Unterkünfte und Belegung", 1))
    assert "'" + INJECTION in list(chart.plots[0].categories)


class _Collect(HTMLParser):
    def __init__(self):
        super().__init__()
        self.attrs, self.text, self.tables = [], [], []
        self._cell = None

    def handle_starttag(self, tag, attrs):
        self.attrs += [v for _, v in attrs if v]
        if tag in ("td", "th"):
            self._cell = []

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None:
            self.tables.append("".join(self._cell).strip())
            self._cell = None

    def handle_data(self, data):
        self.text.append(data)
        if self._cell is not None:
            self._cell.append(data)


def test_html_is_offline_and_shows_the_numbers(report):
    text = export_html.build(report)
    assert not re.search(r"https?://", text)
    p = _Collect()
    p.feed(text)
    assert not any(v.startswith(("http", "//")) for v in p.attrs)
    body = " ".join(p.text)
    assert "Von 2.111 Plätzen in 14 Unterkünften sind 1.378 belegt (65,3\u00a0%)" in body
    assert "Szenarienvergleich" in body and "Kennzahlen und Definitionen" in body


# ---------------------------------------------------------------------------------------------
# council mode: nothing suppressed appears anywhere


def test_council_publication_is_safe_and_hides_the_small_counts(council_rd):
    assert assemble.audit(council_rd) == []
    acc = council_rd.pub[T_ACC]
    assert acc.status["005"] == dc.PRIMARY and acc.status["006"] == dc.PRIMARY
    hidden = acc.mask[acc.mask].index.tolist()
    assert len(hidden) >= 3  # two small counts and at least one complement in their district/total
    assert council_rd.pub[T_DIST].mask["16"]  # district 16 has only Burgherrenhalle
    # sites of 1–2 residents: no grouping of the bands per site without small cells, so the Ratsfassung
    # does not publish the per-site breakdown (table redesign before suppression) and says so
    assert T_LOS not in council_rd.pub
    assert "Aufenthaltsdauer je Unterkunft nicht aufgeteilt, weil einzelne Gruppen weniger als 3 Personen hatten." \
        in council_rd.coarsening


def _hidden_accommodations(rd):
    acc = rd.pub[T_ACC]
    names = dict(zip(rd.open_table["key"], rd.open_table["name"]))
    raw = rd.inputs.table  # the true counts (the council's open_table holds only the published ones)
    true = dict(zip(raw["key"], raw["occupancy"]))
    assert rd.open_table.loc[rd.open_table["key"].isin(list(acc.mask[acc.mask].index)), "occupancy"].isna().all()
    return {names[k]: true[k] for k in acc.mask[acc.mask].index}


def test_council_pptx_has_no_suppressed_value(council_rd, council_files):
    prs = Presentation(io.BytesIO(council_files[0]))
    hidden = _hidden_accommodations(council_rd)
    chart = _chart(_slide(prs, "Unterkünfte und Belegung", 1))
    cats = [re.sub(r" \((≤2|•|<5)\)$", "", c) for c in chart.plots[0].categories]  # hidden values marked at the bar
    occupancy = dict(zip(cats, chart.plots[0].series[1].values))
    for name in hidden:
        assert occupancy[name.replace(INJECTION, "'" + INJECTION)] is None
    # stacked length-of-stay chart: every hidden cell is a gap (not published at all on these data)
    los = council_rd.pub.get(T_LOS)
    slide = _slide(prs, "Aufenthaltsdauer")
    if los is None:
        assert not any(sh.has_chart for sh in slide.shapes)
    else:
        chart = _chart(slide)
        names = dict(zip(council_rd.open_table["key"], council_rd.open_table["name"]))
        keys = list(council_rd.los.index)
        for s in chart.plots[0].series:
            for key, v in zip(keys, s.values):
                if los.mask.loc[key, s.name]:
                    assert v is None, (names[key], s.name)
    # the map: hidden districts carry no value in the label
    slide = _slide(prs, "Unterkünfte und Belegung", 0)
    labels = {sh.name: sh.text_frame.text for sh in slide.shapes if sh.name.startswith("Beschriftung ")}
    assert "Beschriftung 16" not in labels or "2" not in labels["Beschriftung 16"].split()
    # notes and text on all slides: no sentence names a hidden accommodation together with its count
    for slide in prs.slides:
        texts = [sh.text_frame.text for sh in slide.shapes if sh.has_text_frame]
        if slide.has_notes_slide:
            texts.append(slide.notes_slide.notes_text_frame.text)
        for t in texts:
            for sentence in re.split(r"(?<=[.;:])\s", t):
                for name, value in hidden.items():
                    if name in sentence:
                        assert not re.search(rf"(?<![\d.,]){int(value)}(?![\d.,])", sentence.replace(name, "")), \
                            sentence


def test_council_excel_and_html_show_markers_not_values(council_rd, council_files):
    hidden = _hidden_accommodations(council_rd)
    wb = openpyxl.load_workbook(io.BytesIO(council_files[1]))
    ws = wb["Unterkünfte und Belegung"]
    header = [c.value for c in ws[6]]
    col = {h: i for i, h in enumerate(header)}
    rows = {str(r[0]).lstrip("'"): r for r in ws.iter_rows(min_row=7, values_only=True)}
    for name, value in hidden.items():
        row = rows[name]
        assert row[col["Belegung"]] in ("≤2", dc.HIDDEN_MARKER)
        assert row[col["Auslastung"]] == dc.HIDDEN_MARKER
    assert rows["Villa Jänisch"][col["Belegung"]] == "≤2"
    if T_LOS not in council_rd.pub:  # the per-site breakdown is not published on these data: no sheet
        assert "Aufenthaltsdauer" not in wb.sheetnames
        return
    los = wb["Aufenthaltsdauer"]
    los_rows = {str(r[0]).lstrip("'"): r for r in los.iter_rows(min_row=7, values_only=True)}
    assert los_rows["Villa Jänisch"][-1] in ("≤2", dc.HIDDEN_MARKER)
    # the whole LoS sheet: every hidden cell shows a marker
    pub = council_rd.pub[T_LOS]
    names = dict(zip(council_rd.open_table["key"], council_rd.open_table["name"]))
    bands = list(stays_mod.BANDS) + [TOTAL]
    for key in council_rd.los.index:
        row = los_rows[names[key]]
        for j, band in enumerate(bands, start=1):
            if pub.mask.loc[key, band]:
                assert row[j] in ("≤2", dc.HIDDEN_MARKER)
    text = council_files[2]
    p = _Collect()
    p.feed(text)
    cells = p.tables
    i = cells.index("Villa Jänisch")
    assert cells[i + 5] == "≤2"  # Unterkunft, Stadtteil, Art, Status, Plätze, Belegung
    assert "Ratsfassung" in text


def test_council_report_is_the_ratsfassung_without_filters(small_states):
    """Council mode has no district filter: the report is the whole city's Ratsfassung (the same
    figures as with no filter), and its person tables are the Ratsfassung's."""
    from ankunft.views import ratsfassung_data

    rd = assemble.prepare(*small_states, council=True, district_ids=["16"])
    whole = assemble.prepare(*small_states, council=True)
    rep, rep_whole = (assemble.report_from(x, ["kpis", "accommodations", "length_of_stay"]) for x in (rd, whole))
    assert [(k.label, k.value_text) for k in rep.kpis] == [(k.label, k.value_text) for k in rep_whole.kpis]
    pub = ratsfassung_data.for_stand(*small_states, rd.focus_ids, rd.cfg)
    for name in (assemble.T_ACC, assemble.T_DIST, assemble.T_LOS):
        assert rd.pub.get(name) is pub.tables.get(name)
    assert assemble.audit(rd) == []
    assert "als „≤2“" in council_text.sachstand(rd)
    # the working mode keeps its district filter
    plain = assemble.prepare(*small_states, district_ids=["16"])
    assert plain.kpis["residents"].value != assemble.prepare(*small_states).kpis["residents"].value


@pytest.mark.parametrize("council", [False, True])
@pytest.mark.parametrize("focus", [None, ["01", "03", "04"], ["16"]])
def test_district_profile_is_the_pages_profile(small_states, council, focus):
    """The profile slide shows what the Stadtteilprofil page shows for the focus area: same table,
    headline and readings, in council mode with the page's protection."""
    from ankunft.views import profile_view
    from ankunft.views.report_model import Kpi

    kw = {"focus_ids": focus, "focus_label": "Fokusgebiet"} if focus else {}
    rd = assemble.prepare(*small_states, council=council, **kw)
    page = profile_view.profile_for(small_states[0], profile_view.FOCUS_KEY, rd.focus_ids, rd.focus_label, council)
    section = assemble.SECTION_BUILDERS["district_profile"](rd)
    pd.testing.assert_frame_equal(section.table, profile_view.display(page))
    assert section.headline == profile_view.headline(page, council)
    assert all(r.reading in section.notes for r in page.rows)
    residents = page.row("accommodation_residents")
    assert section.kpis[0] == Kpi(residents.label, residents.value_text, f"Stadt {residents.city_text}")


def test_council_district_profile_hides_what_the_page_hides(small_states):
    """Focus 01/03/04 in the small data: the page hides the focus area's objects with open defects
    (jointly protected with the Wohnqualität table); district 16 alone holds ≤2 residents."""
    rd = assemble.prepare(*small_states, council=True, focus_ids=["01", "03", "04"], focus_label="Fokusgebiet")
    section = assemble.SECTION_BUILDERS["district_profile"](rd)
    housing = dict(zip(section.table["Kennzahl"], section.table["Fokusgebiet"]))["Objekte mit offenen Mängeln"]
    # the focus area's open defects are the Ratsfassung's housing focus cell (issue 15: one publication)
    rats = ratsfassung_data.for_stand(small_states[0], small_states[1], rd.focus_ids, rd.cfg)
    focus_open = rats.cell(rf.HOUSING_FOCUS, rf.FOCUS, "open")
    if focus_open.suppressed:
        assert housing == focus_open.text
        assert section.headline.endswith(f"{focus_open.text} der geprüften Objekte mit offenen Mängeln.")
        assert section.notes.endswith("= zum Schutz kleiner Zahlen ausgeblendet.")
    else:  # published: the share of the focus area's inspected objects
        assert housing.endswith("\u00a0%") and housing in section.headline
    small = assemble.SECTION_BUILDERS["district_profile"](
        assemble.prepare(*small_states, council=True, focus_ids=["16"], focus_label="Fokusgebiet"))
    assert small.kpis[0].value_text == "≤2"
    assert small.notes.endswith("Werte ≤2 unterdrückt.")


def test_council_district_profile_ignores_the_district_filter(states):
    """The profile compares the focus area with the whole city also when the report is filtered to
    other districts (it read 0 residents for the focus area when the filter left it out)."""
    plain = assemble.SECTION_BUILDERS["district_profile"](assemble.prepare(*states, council=True))
    filtered = assemble.SECTION_BUILDERS["district_profile"](
        assemble.prepare(*states, council=True, district_ids=["16"]))
    assert filtered.kpis == plain.kpis
    assert filtered.kpis[0].value_text == "504"


def test_outside_council_mode_nothing_is_hidden(small_states):
    rd = assemble.prepare(*small_states)
    acc = rd.pub[T_ACC]
    assert not acc.mask.any()
    assert acc.values["005"] == 2.0


# ---------------------------------------------------------------------------------------------
# notes change with the data; scenarios; missing data


def test_notes_change_when_the_data_change(report, council_report, small_states):
    plain_small = assemble.build_report(*small_states, sections=ALL)
    a = {s.key: s.notes for s in report.sections}
    b = {s.key: s.notes for s in plain_small.sections}
    assert a["accommodations"] != b["accommodations"]
    assert a["length_of_stay"] != b["length_of_stay"]
    assert "1.378 Menschen" in a["accommodations"]
    total = 1378 - (38 - 2) - (23 - 2)
    assert f"{total:,}".replace(",", ".") + " Menschen" in b["accommodations"]


def test_scenarios_from_store_payloads(states):
    start = sc.start_state_from(states[0])
    a = sc.default_assumptions(start)
    none = a.replace(closures={k: None for k in a.closures})
    payload = {"name": "Ohne Schließungen", "variant": "niedrig", "assumptions": none.to_dict()}
    rd = assemble.prepare(*states, scenarios=[("Plan", a.to_json()), payload, ("Kaputt", "{not json")])
    runs = rd.scenario_runs
    assert [r.name for r in runs] == ["Plan", "Ohne Schließungen"]
    assert runs[1].result.variant == "niedrig"
    assert rd.warnings and rd.warnings[0].startswith("Szenario 3 übersprungen")
    section = assemble.section_scenario(rd)
    assert list(section.table.columns) == ["Kennzahl", "Plan", "Ohne Schließungen"]
    assert [s.name for s in section.chart.series] == ["Bedarf", "Plätze – Plan", "Plätze – Ohne Schließungen"]
    assert section.headline.startswith("Plan: ")
    row = section.table.set_index("Kennzahl").loc["Zusätzliche Wohnungen je Monat"]
    assert all(re.fullmatch(r"\d+", v) for v in row)  # a count, not a month


def test_missing_datasets_leave_sections_out(demo_data):
    state = DataState.from_frames(STICHTAG, {"accommodations": demo_data.accommodations})
    rep = assemble.build_report(state, None, sections=ALL)
    assert [s.key for s in rep.sections] == ["findings", "kpis", "accommodations", "district_profile", "scenario"]
    kpis = rep.sections[1]
    assert "Ohne Wert:" in kpis.notes and "Es liegt kein früherer Stand vor" in kpis.notes
    empty = DataState(stand=STICHTAG)
    rep = assemble.build_report(empty, None, sections=ALL)
    assert [s.key for s in rep.sections] == ["kpis", "district_profile"]
    assert export_pptx.build(rep)[:2] == b"PK"


def test_district_filter_restricts_every_view(states):
    rep = assemble.build_report(*states, sections=["accommodations", "housing"], district_ids=["09"])
    acc = rep.sections[0]
    assert acc.filters == "Stadtteil 09 Kaiserslautern-West"
    assert sorted(acc.chart.categories) == sorted(["Halle Vogelwoogstraße", "Slevogtstraße", "Feuerbachstraße",
                                                   "Wohnheim Danziger Straße", "Modulbau Pariser Straße"])
    assert sum(acc.chart.series[1].values) == 504.0
    housing = rep.sections[1]
    assert housing.headline.startswith("65 von 152 geprüften Objekten")


def test_unknown_section_is_an_error(rd):
    with pytest.raises(ValueError, match="Unbekannte Abschnitte: folien"):
        assemble.report_from(rd, ["folien"])


def test_file_names_carry_the_stand(report, council_report):
    from ankunft.views import report_model as model

    assert model.file_name(report, "pptx") == "Bericht_Kaiserslautern_Stand_2026-09-30.pptx"
    assert model.file_name(council_report, "html") == "Bericht_Kaiserslautern_Stand_2026-09-30_Rat.html"
    assert report.stand == dt.date(2026, 9, 30)


def test_council_scenario_section_follows_the_page_rules():
    """The export's scenario section in council mode: whole persons in the chart, transfers out of
    an accommodation whose occupancy is hidden as •, rates from the data rounded or hidden – the
    same rules as the Szenarien page (a closure moves exactly the residents of that site)."""
    from ankunft.views import scenario_view as pm
    from tests.audit.test_council_audit import states as audit_states

    state, previous = audit_states("small")
    hidden = pm.hidden_start(state)
    rd_c = assemble.prepare(state, previous, council=True)
    closures = rd_c.scenario_runs[0].result.assumptions.closures
    assert any(v and k in hidden for k, v in closures.items())  # a hidden site closes
    sec = assemble.section_scenario(rd_c)
    rows = dict(zip(sec.table["Kennzahl"], sec.table.iloc[:, 1]))
    assert rows["Verlegungen gesamt"] == "•" and rows["Kinder mit Stadtteilwechsel"] == "•"
    assert all(float(v).is_integer() for s in sec.chart.series for v in s.values)
    assert "Zuweisungen je Monat: •" in sec.notes
    plain = assemble.section_scenario(assemble.prepare(state, previous, council=False))
    prow = dict(zip(plain.table["Kennzahl"], plain.table.iloc[:, 1]))
    assert prow["Verlegungen gesamt"] not in ("•", "")
    assert not all(float(v).is_integer() for s in plain.chart.series if s.name == "Bedarf" for v in s.values)


def test_council_housing_table_takes_every_count_from_the_ratsfassung(small_states):
    """The report's housing table in council mode: inspected, overcrowded and open objects of the focus
    area and of each district are the Ratsfassung's cells (before, the focus area's overcrowded objects
    and every 'Geprüft' were printed as counted, beside the protected cells)."""
    rd = assemble.prepare(*small_states, council=True)
    rats = ratsfassung_data.for_stand(small_states[0], small_states[1], rd.focus_ids, rd.cfg)
    table = assemble.SECTION_BUILDERS["housing"](rd).table
    focus = table[table["Gebiet"] == rd.focus_label].iloc[0]
    columns = (("Geprüft", "inspected"), ("Überbelegt", "overcrowded"), ("Mit offenen Mängeln", "open"))
    for label, col in columns:
        f = rats.cell(rf.HOUSING_FOCUS, rf.FOCUS, col)
        assert rats.has(rf.HOUSING_FOCUS, rf.FOCUS, col)
        assert focus[label] == (f.text if f.suppressed else f.value), label
    names = {r["area_id"]: r["area"] for _, r in rd.housing_table.iterrows()}
    for district in rats.rows(rf.HOUSING):
        if district not in names:
            continue
        row = table[table["Gebiet"] == names[district]].iloc[0]
        for label, col in columns:
            f = rats.cell(rf.HOUSING, district, col)
            assert row[label] == (f.text if f.suppressed else f.value), (district, label)
    assert assemble.audit(rd) == []
