"""The auditor over the council views of the Stadtteilprofil and the Szenarien page (issue 7).

Stadtteilprofil: a reader sees, for the focus area and for each district, the residents in
accommodations, the city's residents and the objects with open defects out of the inspected ones;
he also knows the Übersicht (residents per accommodation, per district, city total) and the
Wohnqualität table (inspected objects and open defects per district, focus area and city). The
same quantity in two places is one cell (or two cells linked as equal), the focus area is the sum
of its districts. ``Reader.check`` then tries to recompute every hidden cell.

Szenarien: the council view is a model projection. Its month-0 demand is read as the Übersicht's
city total (the worst case for the reader), and every other figure must not depend on a start
occupancy the Übersicht hides: moving one resident between two hidden accommodations (a start
state the reader cannot tell from the true one) must leave every tile, chart payload, text
alternative and the comparison table of the council view unchanged — while the administration
view does change (so the check has teeth).
"""

from __future__ import annotations

import dataclasses
import functools
import json
import re

import numpy as np
import pytest

from ankunft import disclosure
from ankunft import scenario as sc
from ankunft.core import reference
from ankunft.indicators import accommodations as acc_mod
from ankunft.indicators.areas import CITY_ID, FOCUS_ID
from ankunft.plots import scenario_charts as scc
from ankunft.views import overview_view as ov
from ankunft.views import profile_view as V
from ankunft.views import ratsfassung_data
from ankunft.views import scenario_view as pm
from tests.audit.test_council_audit import FOCUS, MARKER, Reader, read_housing, read_overview, states

MARKERS = (MARKER, disclosure.HIDDEN_MARKER)
FOCI = {"fokus-01-04": tuple(FOCUS), "fokus-09": ("09",)}
HOUSING_OPEN, HOUSING_INSPECTED = "Offene Mängel", "Geprüfte Objekte"
COUNTS = re.compile(r"^(\S+) von (\S+) geprüften? Objekte")
PLAIN_COUNTS = re.compile(r"^([\d.]+) von ([\d.]+) geprüfte(?:m|n) Objekt")


# --- Stadtteilprofil ---------------------------------------------------------------------------
@functools.cache
def profile(kind: str, key: str, focus: tuple, council: bool):
    state, _ = states(kind)
    return V.profile_for(state, key, list(focus), "Fokusgebiet", council)


@functools.cache
def districts_to_read(kind: str) -> tuple[str, ...]:
    """Districts with an accommodation in operation, and one without (05 has none in the demo)."""
    state, _ = states(kind)
    table = acc_mod.open_only(ov.ov_mod.inputs(state, None).table)
    return tuple(sorted(set(table["district_id"].dropna()) | {"05"}))


def housing_labels(kind: str, focus: tuple) -> dict[str, str]:
    """Area id -> the Wohnqualität table's "Gebiet" label."""
    state, _ = states(kind)
    counts, _ = V.housing_figures(state, list(focus))
    return dict(zip(counts["area_id"], counts["area"]))


def _count(text: str) -> float:
    return float(text.replace(".", ""))


def read_profile(kind: str, focus: tuple, r: Reader, keys) -> None:
    """The profile rows with person and object counts, for the focus area and the given districts."""
    labels = housing_labels(kind, focus)
    for key in keys:
        p, q = profile(kind, key, focus, True), profile(kind, key, focus, False)
        res, pres = p.row("accommodation_residents"), q.row("accommodation_residents")
        if pres.value is not None:
            cell = ("dist", key) if key != V.FOCUS_KEY else ("profile_area", focus)
            r.add(cell, res.value_text, pres.value)
            if key == V.FOCUS_KEY:
                r.total(cell, [("dist", d) for d in focus])
            r.add(("total",), res.city_text, pres.city)
            # the reading and the headline say the same as the table cell
            if res.value_text in MARKERS:
                assert res.reading.startswith(f"{res.value_text} Menschen") or \
                    res.reading.startswith("eine ausgeblendete Zahl Menschen"), res.reading
            else:
                assert res.reading.startswith((f"{res.value_text} Menschen", "Keine Unterkunft")), res.reading
            assert f"{res.value_text} Menschen in Unterkünften" in V.headline(p, True)
        h, ph = p.row("housing"), q.row("housing")
        area_id = FOCUS_ID if key == V.FOCUS_KEY else key
        if ph.value is None or area_id not in labels:
            continue
        shown = COUNTS.match(h.reading)
        true = PLAIN_COUNTS.match(ph.reading)
        assert shown and true, (h.reading, ph.reading)
        area = labels[area_id]
        r.add(("housing", area, HOUSING_OPEN), shown.group(1), _count(true.group(1)))
        r.add(("housing", area, HOUSING_INSPECTED), shown.group(2), _count(true.group(2)))
        if h.value_text not in MARKERS:  # a published share rests on published counts only
            assert shown.group(1) not in MARKERS and shown.group(2) not in MARKERS, h.reading
        if h.city_text not in MARKERS:
            city = labels[CITY_ID]
            for col in (HOUSING_OPEN, HOUSING_INSPECTED):
                assert r.cells.get(("housing", city, col)) not in MARKERS, (city, col)


def profile_reader(kind: str, focus: tuple, districts: bool) -> Reader:
    state, previous = states(kind)
    r = Reader()
    read_overview(state, previous, r, list(focus))
    read_housing(state, previous, r, list(focus))
    keys = [V.FOCUS_KEY] + (list(districts_to_read(kind)) if districts else [])
    read_profile(kind, focus, r, keys)
    return r


@pytest.mark.parametrize("focus", list(FOCI))
@pytest.mark.parametrize("kind", ["demo", "small"])
def test_profile_no_hidden_cell_can_be_recomputed(kind, focus):
    # every district on the small data (where suppression happens); the focus areas on both
    r = profile_reader(kind, FOCI[focus], districts=kind == "small" and focus == "fokus-01-04")
    assert any(k[0] == "profile_area" for k in r.cells)
    r.check()


def test_profile_small_data_really_hides_something():
    r = profile_reader("small", FOCI["fokus-01-04"], districts=True)
    hidden = {k: v for k, v in r.hidden().items() if k[0] in ("dist", "housing")}
    assert hidden
    # hidden districts are shown on the profile with the Übersicht's marker (same cell, same text)
    for d in districts_to_read("small"):
        shown = profile("small", d, tuple(FOCUS), True).row("accommodation_residents").value_text
        assert shown == r.cells[("dist", d)], d


def test_profile_district_next_to_the_city_total_uses_the_uebersicht_marker():
    """Small data: 01 has 2 residents (≤2), 03 one (≤2), 04 two — shown "•" on the Übersicht
    because 01 + 03 + 04 = 5 with two "≤2" would read 04 = 3 as at least 3. The profile of 04
    shows the same "•", not the threshold rule's "≤2"."""
    p04 = profile("small", "04", tuple(FOCUS), True).row("accommodation_residents")
    q04 = profile("small", "04", tuple(FOCUS), False).row("accommodation_residents")
    assert (q04.value_text, p04.value_text) == ("2", disclosure.HIDDEN_MARKER)
    assert profile("small", "01", tuple(FOCUS), True).row("accommodation_residents").value_text == MARKER
    focus = profile("small", V.FOCUS_KEY, tuple(FOCUS), True).row("accommodation_residents")
    # the focus area (true 17 = 2 + 12 + 1 + 2) and the city are the cells of the Stand's Ratsfassung,
    # as on the Übersicht — no tile of its own (issue 15): one figure, one marker everywhere
    state, _ = states("small")
    rats = ratsfassung_data.for_stand(state, None, tuple(FOCUS))
    assert focus.value_text == rats.cell("Fokusgebiet", "Fokusgebiet").text
    assert focus.city_text == ov.occupancy_from(rats).total.text


# --- Szenarien ---------------------------------------------------------------------------------
@functools.cache
def start_of(kind: str) -> sc.StartState:
    state, _ = states(kind)
    return sc.start_state_from(state)


@functools.cache
def hidden_of(kind: str) -> tuple[str, ...]:
    return pm.hidden_start(states(kind)[0])


def scenario_view(start: sc.StartState, council: bool, hidden: tuple[str, ...]) -> pm.PageView:
    a = pm.defaults_for(start)
    return pm.page_view(start, a.to_json(), "mittel", council, "aktuelle Eingaben", hidden if council else ())


@functools.cache
def views(kind: str, council: bool) -> pm.PageView:
    return scenario_view(start_of(kind), council, hidden_of(kind))


def _json(obj) -> str:
    return json.dumps(obj, default=lambda o: o.tolist() if hasattr(o, "tolist") else str(o), ensure_ascii=False)


def payload(view: pm.PageView, hidden) -> str:
    """Everything the council view shows, as one text: tiles, verdicts, chart payloads (values,
    hover texts, meta texts), text alternatives and the comparison of two variants."""
    parts = [view.verdict, view.variants_text, _json([dataclasses.astuple(t) for t in view.tiles])]
    for key, fig in view.figures.items():
        parts.append(_json(fig.to_plotly_json()["data"]))
        parts.append(view.texts[key])
    pair = {"A": view.results["mittel"], "B": view.results["hoch"]}
    parts.append(pm.compare_display(pair, hidden).to_json())
    parts.append(_json(scc.compare_demand(pair, council=True).to_plotly_json()["data"]))
    return "\n".join(parts)


def moved(start: sc.StartState, src: int, dst: int) -> sc.StartState | None:
    """The start state with one resident of accommodation ``src`` living in ``dst`` instead: a
    one-person household moves (the engine moves whole households); None when ``src`` has none."""
    from ankunft.scenario import households as hh

    households = start.households.copy()
    for group in (0, 1):
        t = hh.type_index(group, 1)
        if households[src, t] >= 1:
            break
    else:
        return None
    households[src, t] -= 1.0
    households[dst, t] += 1.0
    persons = start.persons.copy()
    width = persons.shape[1] // 2
    block = persons[src, group * width:(group + 1) * width]
    cell = group * width + int(np.argmax(block))
    assert persons[src, cell] >= 1
    persons[src, cell] -= 1.0
    persons[dst, cell] += 1.0
    return dataclasses.replace(start, persons=persons, households=households)


def indistinguishable_pairs(kind: str) -> list[tuple[int, int]]:
    """(src, dst) positions of hidden accommodations such that the moved state shows the reader the
    same Übersicht markers: src keeps at least 1 (≤2 → 1..2, • → its range), dst stays in its range."""
    state, _ = states(kind)
    start = start_of(kind)
    table = ov.ov_mod.inputs(state, None).table
    occ = ov.occupancy_from(ratsfassung_data.for_stand(state, None, tuple(reference.FOCUS_DEFAULT)))
    status = {str(i): occ.by_key[k].status for k, i in zip(table["key"], table["id"]) if k in occ.by_key}
    ids = list(start.accommodations["id"])
    res = start.residents()
    low, high = disclosure.DEFAULT.small_low, disclosure.DEFAULT.threshold
    rng = {disclosure.PRIMARY: (low, high), disclosure.SECONDARY: (high + 1, np.inf),
           disclosure.MASKED: (low, np.inf), disclosure.DOMINANCE: (high + 1, np.inf)}
    pairs = []
    for a, ia in enumerate(ids):
        for b, ib in enumerate(ids):
            if a == b or status.get(ia) not in rng or status.get(ib) not in rng:
                continue
            lo_a, hi_a = rng[status[ia]]
            lo_b, hi_b = rng[status[ib]]
            if lo_a <= res[a] - 1 <= hi_a and lo_b <= res[b] + 1 <= hi_b:
                pairs.append((a, b))
    return pairs


@pytest.mark.parametrize("kind", ["demo", "small"])
def test_scenario_month_zero_demand_read_as_the_uebersicht_total(kind):
    """The month-0 demand is the start total plus a month's flows; a reader takes it for the
    Übersicht's total. Audited with the Übersicht: nothing hidden can be recomputed."""
    state, previous = states(kind)
    r = Reader()
    read_overview(state, previous, r, FOCUS)
    council, plain = views(kind, True), views(kind, False)
    tiles, ptiles = {t.key: t for t in council.tiles}, {t.key: t for t in plain.tiles}
    for v in sc.VARIANTS:
        shown = council.results[v].series("demand")[0]
        trace = [t for t in council.figures["demand"].data if t.name == f"Bedarf {sc.VARIANT_LABELS[v]}"][0]
        text = trace.meta["texts"][0]
        true = float(np.round(plain.results[v].series("demand")[0]))
        r.add(("sc_demand0", v), text, true)
        if true == r.truth[("total",)]:
            r.relations.append(disclosure.link_equal(("sc_demand0", v), ("total",)))
        if text not in MARKERS:
            assert float(trace.y[0]) == true == np.round(shown)  # whole persons in the payload
    r.add(("sc_transfers",), tiles["transfers"].value_text, _count(ptiles["transfers"].value_text))
    r.check()


@pytest.mark.parametrize("kind", ["demo", "small"])
def test_scenario_council_view_does_not_depend_on_hidden_start_occupancies(kind):
    pairs = indistinguishable_pairs(kind)
    if kind == "small":
        assert pairs, "die kleinen Daten verbergen keine Startbelegung"
    start, hidden = start_of(kind), hidden_of(kind)
    base = payload(views(kind, True), hidden)
    base_plain = payload(views(kind, False), hidden)
    changed_plain = tried = 0
    for src, dst in pairs:
        alt = moved(start, src, dst)
        if alt is None:
            continue
        assert payload(scenario_view(alt, True, hidden), hidden) == base, (src, dst)
        changed_plain += payload(scenario_view(alt, False, hidden), hidden) != base_plain
        tried += 1
        if tried == 3:
            break
    if kind == "small":
        assert tried, "keine verborgene Unterkunft mit einem Ein-Personen-Haushalt"
    assert changed_plain == tried  # the administration view does show the difference


def test_scenario_council_occupancy_is_one_area_and_transfers_are_hidden():
    """Small data: Ehemalige Hauptpost (2 residents, "≤2" on the Übersicht) closes in June 2027 and
    Burgherrenhalle (6) at once; the administration view draws Hauptpost's own line from 3 in the
    first month and counts 9 transfers – its start count could be read off. The council view has
    one area for all accommodations and "•" for the transfers."""
    plain, council = views("small", False), views("small", True)
    # the administration view names the largest sites (Hauptpost may fall under "übrige Unterkünfte")
    names = [t.name for t in plain.figures["occupancy"].data]
    assert len(names) > len([scc.PLACED, *scc.PLACE_SERIES])
    assert [t.name for t in council.figures["occupancy"].data] == [scc.PLACED, *scc.PLACE_SERIES]
    assert "002" in hidden_of("small")
    tiles = {t.key: t for t in council.tiles}
    assert int({t.key: t for t in plain.tiles}["transfers"].value_text) > 0
    assert (tiles["transfers"].value_text, tiles["transfers"].change_text) == (disclosure.HIDDEN_MARKER, None)
    table = pm.compare_display({"A": council.results["mittel"], "B": council.results["hoch"]}, hidden_of("small"))
    assert table.loc["Verlegungen gesamt", "A"] == disclosure.HIDDEN_MARKER
    assert table.loc["Kinder mit Stadtteilwechsel", "A"] == disclosure.HIDDEN_MARKER
    assert "Hauptpost" not in council.texts["occupancy"]
