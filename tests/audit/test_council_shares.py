"""Shares in council mode are relations of published Ratsfassung cells (issue 15, the raw denominators).

The screen reader of :mod:`tests.audit.screen_audit` names counts; a share ("12 %") is a unit there and
was never checked. Two pages still divided by numbers that are no Ratsfassung cell:

- **Soziale Infrastruktur**: the reach tile and the reach table (share of residents within 500 m /
  1.000 m per origin kind and category) were computed from the raw weights (the residents of each
  accommodation). A reader who knows which accommodations lie farther than 1.000 m (the council page
  lists them by name, and shows every accommodation's nearest services) and the published total gets
  the hidden residents of small sites back from a whole-per-cent share
  (:func:`test_reach_shares_give_no_hidden_site_back`).
- **Wohnqualität**: defect and overcrowding shares divided by "objects where the item is recorded",
  a count no Ratsfassung cell holds.

:func:`test_council_shares_are_relations_of_published_cells` reads every such share of the two pages
(tiles, tables, headline) and accepts it only as the relation of two published cells of the Stand's
Ratsfassung, in whole per cent; a share over anything else fails and says which cell is missing.
"""

from __future__ import annotations

import dataclasses
import math

import pytest

from ankunft import disclosure
from ankunft.core import fmt
from ankunft.disclosure import Figure
from ankunft.disclosure import ratsfassung as rf
from ankunft.indicators.areas import CITY_ID, FOCUS_ID
from ankunft.views import housing_view as hv
from ankunft.views import ratsfassung_data as rdata
from ankunft.views import services_view as sv
from ankunft.views.housing_counts import SHARE_ITEMS
from tests.audit import test_cross_view as cv
from tests.audit.test_council_audit import FOCUS, read_overview

REACH_TYPES = getattr(rf, "REACH_TYPES", "Erreichbarkeit nach Angebotsart")
KIND_ROWS = {"Unterkünfte": "Unterkunft", "Geprüfte Wohnobjekte": "Wohnobjekte", "alle": "alle"}


# --- the adversary: reach shares with the sites the page names ------------------------------------------
def read_reach(state, previous, r: cv.CrossReader, model=None) -> int:
    """The council reach table's rows of accommodations: the share within 500 m / 1.000 m of a category
    is Σ residents of the sites within that distance (the page shows every site's distances) over the
    residents of all sites (the published total, when every site is located). Returns the shares read.
    ``model``: the council view model (built when not given)."""
    m = model if model is not None else sv.build(state, previous, None, FOCUS, True)
    kind, total = disclosure.parse_published(r.cells.get(("total",)))
    if m.reach.empty or m.long.empty or kind != "known":
        return 0
    read = 0
    rows = {(w, c): row for w, c, row in zip(m.reach["Wohnort"], m.reach["Einrichtung"], m.reach.to_dict("records"))}
    for cat in dict.fromkeys(m.long["category"]):
        row = rows.get(("Unterkünfte", cat))
        part = m.long[(m.long["category"] == cat).to_numpy()]
        if row is None or float(part["weight"].sum()) != r.truth[("total",)]:
            continue
        for t in (500, 1000):
            text = row[f"binnen {fmt.integer(t)} m"]
            if "%" not in text:
                continue
            share, decimals = cv._pct(text)
            near = part[(part["distance_m"] <= t).fillna(False).to_numpy()]
            keys = [("acc", p) for p in near["point_id"]]
            key = ("reach", cat, t)
            truth = float(near["weight"].sum())
            if not all(k in r.cells for k in keys) or sum(r.truth[k] for k in keys) != truth:
                continue  # the weights are not the published sites' residents: no exact relation
            r.aux(key, truth)
            r.relations.append(disclosure.link_sum(key, keys))
            half = 0.5 * 10 ** -(decimals + 2)
            r.limit(key, math.ceil((share - half) * total - 1e-9), math.floor((share + half) * total + 1e-9))
            read += 1
    return read


@pytest.mark.parametrize("kind", ["small", "flows", "demo"])
def test_reach_shares_give_no_hidden_site_back(kind):
    state, previous = cv.states(kind)
    r = cv.CrossReader()
    read_overview(state, previous, r)
    read_reach(state, previous, r)
    found = r.found()
    assert found == [], r.explain(found)


def test_the_reach_reader_has_teeth():
    """On the small data the shares as the working view computes them (raw weights, whole per cent)
    give hidden sites back through this reader: it is not blind."""
    state, previous = cv.states("small")
    r = cv.CrossReader()
    read_overview(state, previous, r)
    plain = sv.build(state, previous, None, FOCUS, False)
    council = sv.build(state, previous, None, FOCUS, True)
    assert read_reach(state, previous, r, dataclasses.replace(council, reach=plain.reach)) > 0
    assert r.found(), "the raw-weight shares pin no hidden site: the reader would prove nothing"


# --- every share, by name ----------------------------------------------------------------------------
def _pct_text(x: float | None) -> str:
    return Figure(x, disclosure.PUBLISHED, "share", decimals=0).text if x is not None else fmt.MISSING


def expected_relation(rats, num: tuple, den: tuple, complement: bool = False,
                      small_rest: bool = False) -> tuple[str | None, str | None]:
    """The text of the share num / den of two Ratsfassung cells in whole per cent (with ``complement``:
    1 − num / den), and a problem when a cell is not in the Ratsfassung. ``small_rest``: "•" also where
    den − num is a small count (the rest is no cell: rule 6)."""
    for ref in (num, den):
        if not rats.has(*ref):
            return None, f"keine Zelle der Ratsfassung: {' / '.join(str(x) for x in ref if x is not None)}"
    a, b = rats.cell(*num), rats.cell(*den)
    if a.suppressed or b.suppressed:
        return disclosure.HIDDEN_MARKER, None
    if a.value is None or not b.value:
        return fmt.MISSING, None
    if small_rest and rats.cfg.is_small(b.value - a.value):
        return disclosure.HIDDEN_MARKER, None
    x = a.value / b.value
    return _pct_text(1.0 - x if complement else x), None


def _check(problems: list, where: str, shown: str, expected: tuple[str | None, str | None]) -> None:
    text, problem = expected
    if problem is not None:
        if shown not in (disclosure.HIDDEN_MARKER, fmt.MISSING):
            problems.append(f"{where}: {shown!r} – {problem}")
        return
    if shown != text:
        problems.append(f"{where}: {shown!r} ≠ {text!r} (Verhältnis veröffentlichter Zellen, ganze Prozent)")


def services_problems(state, previous, rats) -> list[str]:
    m = sv.build(state, previous, None, FOCUS, True)
    out: list[str] = []
    tile = {t.key: t for t in m.tiles}.get("reach")
    if tile is not None and tile.value_text != fmt.MISSING:
        _check(out, "Soziale Infrastruktur: Kachel „Alles binnen 1.000 m“", tile.value_text,
               (rf.reach_share(rats, rf.FOCUS).text, None))
    for row in m.reach.to_dict("records"):
        key = f"{KIND_ROWS.get(row['Wohnort'], row['Wohnort'])}: {row['Einrichtung']}"
        where = f"Soziale Infrastruktur: Erreichbarkeit {key}"
        _check(out, f"{where} binnen 500 m", row["binnen 500 m"],
               expected_relation(rats, (REACH_TYPES, key, "near"), (REACH_TYPES, key, rf.TOTAL)))
        _check(out, f"{where} binnen 1.000 m", row["binnen 1.000 m"],
               expected_relation(rats, (REACH_TYPES, key, "far"), (REACH_TYPES, key, rf.TOTAL), complement=True))
    return out


def _housing_ref(rats, area_id: str, col: str) -> tuple:
    if area_id == CITY_ID:
        return (rf.HOUSING, rf.TOTAL, col)
    if area_id == FOCUS_ID:
        return (rf.HOUSING_FOCUS, rf.FOCUS, col)
    return (rf.HOUSING, area_id, col)


def housing_problems(state, previous, rats) -> list[str]:
    m = hv.build(state, previous, None, FOCUS, True)
    out: list[str] = []
    if not m.has_data:
        return out
    ids = dict(zip(m.counts["area"], m.counts["area_id"]))
    for row in m.table.to_dict("records"):
        area = ids[row["Gebiet"]]
        for item, (label, known) in SHARE_ITEMS.items():
            _check(out, f"Wohnqualität: {row['Gebiet']} / {label}", row[label],
                   expected_relation(rats, _housing_ref(rats, area, item), _housing_ref(rats, area, known),
                                     small_rest=True))
    tiles = {t.key: t for t in m.tiles}
    for item in ("no_hot_water", "damp_mould", "overcrowded"):
        if item in tiles:
            _check(out, f"Wohnqualität: Kachel {tiles[item].label}", tiles[item].value_text,
                   expected_relation(rats, _housing_ref(rats, CITY_ID, item),
                                     _housing_ref(rats, CITY_ID, SHARE_ITEMS[item][1]), small_rest=True))
    open_share = expected_relation(rats, _housing_ref(rats, CITY_ID, "open"), _housing_ref(rats, CITY_ID, "inspected"),
                                   small_rest=True)
    if open_share[0] not in (None, disclosure.HIDDEN_MARKER, fmt.MISSING) and f"({open_share[0]}" not in m.headline:
        out.append(f"Wohnqualität: Überschrift {m.headline!r} ohne den Anteil {open_share[0]!r}")
    return out


PAGES = {"Soziale Infrastruktur": services_problems, "Wohnqualität": housing_problems}


@pytest.mark.parametrize("page", list(PAGES))
@pytest.mark.parametrize("kind", ["demo", "small", "flows"])
def test_council_shares_are_relations_of_published_cells(kind, page):
    state, previous = cv.states(kind)
    rats = rdata.for_stand(state, previous, tuple(FOCUS), rdata.council_cfg(state))
    problems = PAGES[page](state, previous, rats)
    assert problems == [], "\n".join(problems[:30])
