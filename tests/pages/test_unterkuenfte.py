"""AppTest of the Unterkünfte page: demo data, drill-down, filters, minimal upload, council mode."""

from __future__ import annotations

from .conftest import all_text, metrics, no_exception, open_page
from .test_uebersicht import minimal_db, small_db  # noqa: F401  (fixtures)

PERSON_COLUMNS = {"Personen-Nr.", "person_id", "Geb.-Jahr", "birth_year", "Einzugsdatum", "move_in"}


TABS = ("Überblick", "Aufenthalte", "Einzelne Unterkunft")


def chart_texts(at) -> str:
    """Text alternatives of the charts (in the expanders) and captions."""
    return all_text(at)


def open_tab(at, label: str):
    """Click a tab: only the open tab is built and drawn (``st.tabs(on_change="rerun")``)."""
    at.session_state["acc_tab"] = label
    at.run()
    no_exception(at)
    return at


def every_tab(at) -> tuple[str, int]:
    """All text and the number of charts of the three tabs, each opened in turn (back on the first)."""
    texts, charts = [], 0
    for label in TABS:
        open_tab(at, label)
        texts.append(all_text(at))
        charts += len(at.get("plotly_chart"))
    open_tab(at, TABS[0])
    return "\n".join(texts), charts


def test_demo_data(demo_db):
    at = open_page("unterkuenfte")
    no_exception(at)
    assert metrics(at) == {"Unterkünfte": ("14", "+1"), "Plätze": ("2.111", "+102"),
                           "Belegung": ("1.378", "+113"), "Auslastung": ("65,3\u00a0%", "+2,3\u00a0%-Punkte"),
                           "Freie Plätze": ("738", "-6")}
    text, charts = every_tab(at)
    assert "Von 2.111 Plätzen in 14 Unterkünften sind 1.378 belegt (65,3\u00a0%); 2 sind zu mindestens 95\u00a0% " \
           "ausgelastet." in text
    assert "Bewohner – < 1 Jahr: 736; 1–3 Jahre: 236; 3–5 Jahre: 152; > 5 Jahre: 254." in text
    assert "Maß: bisherige Aufenthaltsdauer der aktuellen Bewohner" in text
    assert "Maß: abgeschlossene Aufenthalte" in text
    assert "Belegung im Zeitverlauf (aus Stichtagen)" in text
    table = at.dataframe[0].value
    assert len(table) == 14
    colosseum = table[table["Unterkunft"] == "Colosseum"].iloc[0]
    assert colosseum["Plätze"] == 69 and colosseum["Belegung"] == 74
    assert "Überbelegt: Rot, wenn mehr Menschen in der Unterkunft leben, als sie Plätze hat." in colosseum["Regeln"]
    assert not PERSON_COLUMNS & set(table.columns)
    assert charts >= 10  # main chart, stays charts in two columns, drill-down charts


def test_only_the_open_tab_is_drawn(demo_db):
    """Arriving on the page draws the occupancy chart and the table only; each tab draws its own charts
    when opened, the closed tabs stay empty."""
    from ankunft.views import accommodations_view as av

    at = open_page("unterkuenfte")
    no_exception(at)
    assert [len(t.get("plotly_chart")) for t in at.tabs] == [1, 0, 0]
    assert len(at.tabs[0].dataframe) == 1 and not at.tabs[1].children and not at.tabs[2].children
    seen = {}
    for label in TABS:
        open_tab(at, label)
        drawn = [len(t.get("plotly_chart")) for t in at.tabs]
        assert sum(drawn) == drawn[TABS.index(label)], (label, drawn)  # closed tabs stay empty
        seen[label] = drawn[TABS.index(label)]
    assert seen["Aufenthalte"] >= 3 and seen["Einzelne Unterkunft"] >= 3
    assert av.QUERY_KEY not in at.query_params  # opening a tab is not a link to an accommodation


def test_drill_down_from_query_parameter(demo_db):
    at = open_page("unterkuenfte")
    at.query_params["unterkunft"] = "003"
    at.run()
    no_exception(at)
    assert [len(t.children) > 0 for t in at.tabs] == [False, False, True]  # the link opens the drill-down
    assert at.selectbox(key="acc_detail").value == "003"
    text = all_text(at)
    assert "**Colosseum**" in text
    assert "Colosseum ist überbelegt: 74 Bewohner auf 69 Plätzen." in text
    assert "Bewohner – < 1 Jahr: 42; 1–3 Jahre: 13; 3–5 Jahre: 8; > 5 Jahre: 11." in text


def test_filter_by_type(demo_db):
    at = open_page("unterkuenfte")
    types = at.multiselect(key="acc_types")
    first = types.options[0]
    types.set_value([first])
    at.run()
    no_exception(at)
    table = at.dataframe[0].value
    assert set(table["Art"]) == {first}
    assert metrics(at)["Unterkünfte"][0] == str(len(table[table["Status"].isin(
        ["in Betrieb", "in Schließung"])]))
    assert f"Art: {first}" in all_text(at)


def test_minimal_upload(minimal_db):
    at = open_page("unterkuenfte")
    no_exception(at)
    m = metrics(at)
    assert m["Belegung"][0] == "555" and m["Plätze"][0] == "659"
    assert m["Freie Plätze"][0] == "109"  # 40 + 69 + 0 (Colosseum overbooked)
    assert m["Auslastung"][0] == "84,2\u00a0%"
    text, _ = every_tab(at)
    assert "Von 659 Plätzen in 3 Unterkünften sind 555 belegt (84,2\u00a0%); 1 ist zu mindestens 95\u00a0% ausgelastet." in text
    assert "Keine Bewohnerdatei geladen" in text  # views that need stays say so
    assert "Für diese Ansicht fehlen **Bewohner (Aufenthalte)**" in text
    assert len(at.dataframe[0].value) == 3
    assert len(at.get("plotly_chart")) >= 1  # occupancy vs places still works


def test_council_mode(small_db):
    at = open_page("unterkuenfte")
    at.query_params["unterkunft"] = "04"
    at.session_state["council_mode"] = True
    at.run()
    no_exception(at)
    assert [s.label for s in at.selectbox if s.label == "Ansicht"]  # the linked drill-down: one chart per view
    text, _ = every_tab(at)  # back on the Überblick with the table
    table = at.dataframe[0].value
    villa = table[table["Unterkunft"] == "Villa Sonnenhang"].iloc[0]
    assert villa["Belegung"] == "≤2" and villa["Auslastung"] == "•"
    asternweg = table[table["Unterkunft"] == "Asternweg"].iloc[0]
    assert asternweg["Belegung"] == "•"  # district 09 shows 182 on the Übersicht
    assert not PERSON_COLUMNS & set(table.columns)
    assert "dort leben noch ≤2 Menschen." in text
    assert "Werte ≤2 unterdrückt" in text
    assert "Belegung\n**≤2**" in text.replace("  \n", "\n")
    assert " 2 Menschen" not in text
