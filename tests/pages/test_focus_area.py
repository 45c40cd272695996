"""AppTest of the focus area in the sidebar: chosen on one page, saved, used by the others; council read-only."""

from __future__ import annotations

import json

from streamlit.testing.v1 import AppTest

from ankunft.storage import store as store_mod

from .conftest import APP, PAGES, all_text, no_exception, open_page


def sidebar_captions(at: AppTest) -> list[str]:
    return [c.value for c in at.sidebar.caption]


def saved(db) -> dict:
    return json.loads(store_mod.Store(str(db)).get_setting("focus_area"))


def test_focus_area_set_in_the_sidebar_shows_on_stadtteilprofil(demo_db):
    at = open_page("uebersicht")
    no_exception(at)
    assert "Fokusgebiet: Bezirk 09 Kaiserslautern-West (mit Nordwest)" in sidebar_captions(at)
    assert at.multiselect(key="focus_ids").value == ["09"] and at.text_input(key="focus_name").value == ""
    at.multiselect(key="focus_ids").set_value(["07", "03"])
    at.text_input(key="focus_name").input("Programmgebiet Innenstadt")
    at.run()
    no_exception(at)
    assert saved(demo_db) == {"ids": ["03", "07"], "label": "Programmgebiet Innenstadt"}
    assert "Fokusgebiet: Programmgebiet Innenstadt" in sidebar_captions(at)
    districts = at.dataframe[0].value.set_index("Nr.")
    assert list(districts.index[districts["Fokusgebiet"] == "ja"]) == ["03", "07"]

    at.switch_page(PAGES["stadtteilprofil"])
    at.run()
    no_exception(at)
    assert at.selectbox(key="profil_area").value == "Fokus"
    table = at.dataframe[0].value
    assert list(table.columns) == ["Kennzahl", "Programmgebiet Innenstadt", "Stadt", "Einordnung"]
    assert "Programmgebiet Innenstadt am 30.09.2026:" in all_text(at)
    assert "Bezirk 09 Kaiserslautern-West (mit Nordwest)" not in all_text(at)
    # the sidebar keeps the choice on the new page
    assert at.multiselect(key="focus_ids").value == ["07", "03"]  # as chosen
    assert at.text_input(key="focus_name").value == "Programmgebiet Innenstadt"


def test_focus_area_without_name_and_without_district(demo_db):
    at = open_page("stadtteilprofil")
    at.multiselect(key="focus_ids").set_value(["12"])
    at.run()
    no_exception(at)
    assert saved(demo_db) == {"ids": ["12"], "label": "12 Morlautern"}  # no name: the automatic label
    assert list(at.dataframe[0].value.columns)[1] == "12 Morlautern"
    at.multiselect(key="focus_ids").set_value([])
    at.run()
    no_exception(at)
    assert saved(demo_db) == {"ids": ["12"], "label": "12 Morlautern"}  # nothing to save without a district
    assert "Mindestens einen Stadtteil wählen; bis dahin gilt das gespeicherte Fokusgebiet." in sidebar_captions(at)
    assert list(at.dataframe[0].value.columns)[1] == "12 Morlautern"


def test_saved_focus_area_in_a_new_session_and_read_only_in_council_mode(demo_db):
    store_mod.Store(str(demo_db)).set_setting("focus_area", json.dumps({"ids": ["03", "07"], "label": "Ost"}))
    at = open_page("stadtteilprofil")
    no_exception(at)
    assert at.multiselect(key="focus_ids").value == ["03", "07"] and at.text_input(key="focus_name").value == "Ost"
    assert list(at.dataframe[0].value.columns)[1] == "Ost"

    council = AppTest.from_file(APP, default_timeout=60)
    council.session_state["council_mode"] = True
    council.run()
    council.switch_page(PAGES["stadtteilprofil"])
    council.run()
    no_exception(council)
    assert "Fokusgebiet: Ost" in sidebar_captions(council)
    assert not [w for w in council.multiselect if w.key == "focus_ids"] and not council.text_input
    assert list(council.dataframe[0].value.columns)[1] == "Ost"
