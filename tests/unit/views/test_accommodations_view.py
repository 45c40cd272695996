"""Unterkünfte view model: filters, tiles, table, stays charts (with and without residents), council, detail."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from ankunft.core import fmt
from ankunft.storage.state import DataState
from ankunft.views import accommodations_view as av
from tests.unit.views.test_overview_view import ST, frames  # noqa: E402  (tests/ is on sys.path)


def residents() -> pd.DataFrame:
    """Alpha: P1 since 2020 (> 5 years), P2 since 01.01.2026; Beta: P3 moved in and out (90 days), P4 since 2024."""
    return pd.DataFrame({
        "person_id": ["P1", "P2", "P3", "P4"], "household_id": ["H1", "H1", "H2", "H3"],
        "accommodation": ["A", "A", "B", "B"],
        "move_in": pd.to_datetime(["2020-01-01", "2026-01-01", "2025-01-01", "2024-06-30"]),
        "move_out": pd.to_datetime([None, None, "2025-04-01", None]),
        "birth_year": [1980.0, 2022.0, 1990.0, 2012.0],
        "residence_status": ["Duldung", "Duldung", "Asylverfahren", "subsidiärer Schutz"]})


def test_filter_options_and_frame():
    acc = frames()["accommodations"]
    assert av.filter_options(acc) == {"type": ["GU", "Wohnung"], "operator": ["X", "Y"], "status": ["in Betrieb"]}
    assert list(av.filter_frame(acc, av.Filters(types=("GU",), operators=("X",)))["id"]) == ["A"]
    assert list(av.filter_frame(acc, av.Filters(district_ids=("02",)))["id"]) == ["C"]
    assert list(av.filter_frame(acc, av.Filters(), key="B")["id"]) == ["B"]
    assert av.Filters(types=("GU",), statuses=("in Betrieb",)).text() == "Art: GU; Status: in Betrieb"
    assert not av.Filters().active


def test_history_keys_by_stichtag():
    s1 = DataState.from_frames(dt.date(2026, 3, 31), frames())
    s2 = DataState.from_frames(ST, frames())
    assert sorted(av.history([s1, s2, None])) == [dt.date(2026, 3, 31), ST]


def test_build_accommodation_level_only():
    state = DataState.from_frames(ST, frames())
    prev = frames()
    prev["accommodations"]["occupancy"] = [2.0, 10.0, 30.0]
    v = av.build(state, DataState.from_frames(dt.date(2026, 3, 31), prev))
    assert v.headline == "Von 70 Plätzen in 3 Unterkünften sind 47 belegt (67,1\u00a0%)."
    tiles = {t.key: (t.value_text, t.change_text) for t in v.tiles}
    assert tiles["occupancy"] == ("47", "+5") and tiles["free_places"] == ("23", "−5")
    assert tiles["capacity"] == ("70", "±0")
    assert list(v.table["Unterkunft"]) == ["Alpha", "Beta", "Gamma"]
    assert v.table["Plätze"].tolist() == [10, 20, 40]
    reasons = {c.key: c.reason for c in v.charts}
    assert reasons["bands"].startswith("Keine Bewohnerdatei geladen")
    assert reasons["over_time"].startswith("Für einen Verlauf braucht es mindestens zwei Stichtage")
    assert any("Ohne Bewohnerdatei" in n for n in v.notes)
    assert v.main.figure is not None and "Alpha" in v.main.text_alternative


def test_over_time_from_snapshots_when_several():
    state = DataState.from_frames(ST, frames())
    earlier = frames()["accommodations"].assign(occupancy=[1.0, 5.0, 10.0])
    snaps = {dt.date(2026, 3, 31): earlier, ST: frames()["accommodations"]}
    v = av.build(state, None, av.Filters(types=("GU",)), snapshots=snaps)
    item = {c.key: c for c in v.charts}["over_time"]
    assert item.dataset == "accommodations"
    assert list(item.figure.data[0].y) == [6.0, 17.0]  # Alpha + Beta only (filter GU)


def test_stays_charts_with_residents():
    state = DataState.from_frames(ST, {**frames(), "residents": residents()})
    v = av.build(state, None)
    items = {c.key: c for c in v.charts}
    bands = items["bands"].figure.data[0]
    assert list(bands.y) == [1, 1, 0, 1]  # P2 < 1 year, P4 1–3 years, P1 > 5 years
    assert "bisherige Aufenthaltsdauer der aktuellen Bewohner" in items["bands"].note
    assert list(items["completed"].figure.data[0].y)[0] == 1  # P3: 90 days, < 3 months
    assert "1 abgeschlossener Aufenthalt, Median 90 Tage" in items["completed"].note
    assert items["over_time"].dataset == "residents" and "rekonstruiert" in items["over_time"].note
    ages = items["age_groups"].figure.data[0]
    assert dict(zip(ages.y, ages.x)) == {"Kinder 0–5": 1, "Kinder 6–17": 1, "Erwachsene": 1}
    assert "bands_per" in items


def test_council_hides_small_counts():
    state = DataState.from_frames(ST, {**frames(), "residents": residents()})
    v = av.build(state, None, council=True)
    items = {c.key: c for c in v.charts}
    assert "bands_per" not in items  # no per-accommodation breakdown of residents for the council
    # bands 1, 1, 0, 1: no grouping of adjacent bands leaves every band at 3 or more, so the Ratsfassung
    # does not split the residents by length of stay (table redesign before suppression) and says so
    assert items["bands"].figure is None
    assert items["bands"].reason == ("Aufenthaltsdauer nicht aufgeteilt, weil einzelne Gruppen weniger als 3 Personen "
                                     "hatten.")
    row = v.table.iloc[0]
    # 2 at Alpha, shown "•": with the per-site bands (1 + 1) in the same Ratsfassung "≤2" would read 1..2
    assert row["Belegung"] in ("≤2", "•") and row["Auslastung"] == "•" and row["m² je Person"] == "•"
    tiles = {t.key: t.value_text for t in v.tiles}
    # the tile is the Ratsfassung's total (33 = Alpha 2 + Beta 1 + Gamma 30, hidden with the small sites)
    from ankunft.views import ratsfassung_data

    pub = ratsfassung_data.for_stand(state, None, av.reference.FOCUS_DEFAULT)
    assert tiles["occupancy"] == pub.cell("Belegung je Unterkunft", "Gesamt").text
    assert pub.audit() == []
    assert [c.key for c in v.charts] == ["bands"]  # the Ratsfassung's breakdown only
    assert av.COUNCIL_CONTROLS == ()
    # the working mode keeps its filters and every chart
    operator = av.filter_options(frames()["accommodations"])["operator"][0]
    plain = av.build(state, None, av.Filters.of(operators=[operator]))
    assert len(plain.charts) > 1 and plain.tiles[0].value_text != av.build(state, None).tiles[0].value_text


def test_protect_counts_secondary():
    df = pd.DataFrame({"g": ["a", "b", "c"], "count": [1, 5, 7]})
    out, texts, note = av.protect_counts(df, "g", ["count"], av.disclosure.DEFAULT, {"count": "Personen"})
    assert out["count"].isna().tolist() == [True, True, False]
    assert texts == {("Personen", "a"): "≤2", ("Personen", "b"): "•"}
    assert note == "Werte ≤2 unterdrückt; • = zum Schutz kleiner Zahlen ausgeblendet."


def test_detail_profile_and_council_wording():
    state = DataState.from_frames(ST, {**frames(), "residents": residents()})
    d = av.detail(state, "A")
    assert d.values["Belegung"] == "2" and d.values["Plätze"] == "10"
    assert d.flags[0][1] == "Schließung überfällig"
    assert "2 Menschen" in d.flags[0][2]
    flows = {c.key: c for c in d.charts}["flows"]
    assert "Jeder Einzug und Auszug zählt." in flows.note
    c = av.detail(state, "A", council=True)
    assert c.values["Belegung"] in ("≤2", "•") and c.values["Auslastung"] == "•"
    assert f"{c.values['Belegung']} Menschen" in c.flags[0][2] or "ausgeblendete Zahl" in c.flags[0][2]
    assert [ch.figure for ch in c.charts] == [None]  # no resident charts per site in council mode


def test_styled_formats_german():
    state = DataState.from_frames(ST, frames())
    html = av.styled(av.build(state, None).table).to_html()
    assert "67,1\u00a0%" not in html  # per row, not the total
    assert "20,0\u00a0%" in html and "3.000\u00a0€" in html and "30.06.2026" in html
    assert "<td" in html


def test_column_help_lists_every_rule():
    helptext = av.column_help()["Hinweise"]
    assert "Gelb unter 7,0\u00a0m² Wohnfläche je Person." in helptext
    assert helptext.count("\n- ") == 7


def test_page_filters_and_caption_texts():
    f = av.Filters.of(None, ["GU"], [], ["in Betrieb"])
    assert f == av.Filters((), ("GU",), (), ("in Betrieb",))
    assert av.Filters.of(["09"]).district_ids == ("09",) and av.Filters.of(["09"]).text() == ""
    item = av.ChartItem("bands", "Aufenthaltsdauer", "residents", note="Maß: x.")
    assert av.chart_note(f, item) == "Art: GU; Status: in Betrieb; Maß: x."
    assert av.chart_note(av.Filters(), item) == "Maß: x."
    assert av.table_note(av.Filters()) == "Regeln der Hinweise: Spaltenkopf „Hinweise“ oder Spalte „Regeln“."
    assert av.table_note(f) == "Art: GU; Status: in Betrieb; Regeln der Hinweise: Spaltenkopf „Hinweise“ oder " \
                               "Spalte „Regeln“."
    v = av.build(DataState.from_frames(ST, frames()), None)
    assert av.table_title(v) == "Alle 3 Unterkünfte mit Kennzahlen und Hinweisen"


def test_detail_choice_and_card_texts():
    keys = ["A", "B", "C"]
    assert av.detail_key(keys, "B", "C") == "B"  # a link from the Übersicht wins
    assert av.detail_key(keys, "X", "C") == "C" and av.detail_key(keys, None, None) == "A"
    d = av.detail(DataState.from_frames(ST, frames()), "A")
    assert d.facts[0][0] != "Unterkunft" and d.facts == [(k, fmt.md(v)) for k, v in list(d.values.items())[1:]]
    line, rule = d.flag_lines[0]
    assert line == ":material/error: **Schließung überfällig:** " + fmt.md(d.flags[0][2])
    assert rule == "Regel: " + fmt.md(d.flags[0][3])
