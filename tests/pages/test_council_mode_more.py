"""Council mode of the Stadtteilprofil and the Szenarien page in the real app (AppTest), small-number data.

Every value the readers of ``tests/test_council_audit_pages.py`` mark hidden is looked up where
the page shows it — the profile table, the readings, the comparison table, the map's tooltip
payload, KPI tiles and the scenario chart payloads — and must show its marker, never its true value.
"""

from __future__ import annotations

import json

from ankunft import disclosure
from ankunft.core import fmt, reference
from ankunft.plots import scenario_charts as scc
from ankunft.views import scenario_view as pm
from tests.audit.test_council_audit_pages import hidden_of, profile_reader, states, views
from tests.pages.test_council_mode import _plotly_spec, frames, open_council, payloads

from .conftest import all_text, no_exception

MARKERS = (disclosure.DEFAULT.marker, disclosure.HIDDEN_MARKER)
RESIDENTS = "Menschen in Unterkünften"


def _profile_table(at):
    return frames(at)[0].set_index("Kennzahl")


def test_stadtteilprofil_hidden_districts_show_their_marker(small_db):
    r = profile_reader("small", ("01", "02", "03", "04"), districts=True)
    hidden = {k[1]: v for k, v in r.hidden().items() if k[0] == "dist"}
    assert hidden, "die kleinen Daten verbergen keinen Stadtteil"
    at = open_council("stadtteilprofil")
    no_exception(at)
    checked = 0
    for did, marker in sorted(hidden.items()):
        true = fmt.integer(r.truth[("dist", did)])
        at.selectbox(key="profil_area").set_value(did)
        # compare with another district (the same one twice gets columns "… (A)"/"… (B)")
        at.selectbox(key="profil_compare").set_value("02" if did != "02" else "03")
        at.run()
        no_exception(at)
        table = _profile_table(at)
        area_col = table.columns[0]
        assert table.loc[RESIDENTS, area_col] == marker, (did, table.loc[RESIDENTS, area_col])
        reading = table.loc[RESIDENTS, "Einordnung"]
        assert not reading.startswith(f"{true} Mensch"), reading
        assert f"{marker} Menschen" in reading or "ausgeblendete Zahl" in reading
        text = all_text(at)
        assert f": {true} Menschen in Unterkünften" not in text
        assert f"{RESIDENTS}: {true}" not in payloads(at)  # map tooltip of the highlighted district
        cmp = frames(at)[1].set_index("Kennzahl")
        assert cmp.loc[RESIDENTS, area_col] == marker
        checked += 1
    assert checked == len(hidden)


def test_stadtteilprofil_default_focus_area_matches_the_audit(small_db):
    focus = tuple(reference.FOCUS_DEFAULT)
    r = profile_reader("small", focus, districts=False)
    at = open_council("stadtteilprofil")
    no_exception(at)
    table = _profile_table(at)
    shown = table.loc[RESIDENTS, table.columns[0]]
    assert shown == r.cells[("profile_area", focus)]
    assert table.loc[RESIDENTS, "Stadt"] == r.cells[("total",)]
    r.check()


def test_szenarien_council_shows_no_hidden_start_occupancy(small_db):
    state, _ = states("small")
    hidden = hidden_of("small")
    assert "002" in hidden  # Ehemalige Hauptpost: 2 residents, "≤2" on the Übersicht
    names = dict(zip(state.df("accommodations")["id"].astype(str), state.df("accommodations")["name"]))
    at = open_council("szenarien")
    no_exception(at)
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Verlegungen"] == disclosure.HIDDEN_MARKER
    council = views("small", True)
    view = at.selectbox(key="sz_council_view")
    for label in view.options:
        if label == "Vergleich zweier Szenarien":
            continue
        view.set_value(label)
        at.run()
        no_exception(at)
        figs = [json.loads(_plotly_spec(el.proto)) for el in at.get("plotly_chart")]
        assert len(figs) == 1
        traces = [t for t in figs[0]["data"] if t.get("name")]
        for t in traces:
            assert t["name"] not in {names[i] for i in hidden if i in names}, (label, t["name"])
        if label == pm.view_labels(True)["occupancy"]:
            assert [t["name"] for t in traces] == [scc.PLACED, *scc.PLACE_SERIES]
            first = council.figures["occupancy"].data[0].meta["texts"][0]
            assert traces[0]["customdata"][0][1] == first
        view = at.selectbox(key="sz_council_view")
    assert "Ehemalige Hauptpost:" not in all_text(at)
