"""The auditor over every page's council view model (issue 7).

For the demo data and for generated small-number data (few residents per accommodation), each
page's council model is read as a reader would: every published count (tiles, tables, chart
values) becomes a cell, every relation a reader knows (totals, accommodations → districts, the
same quantity in two charts, persons = Σ size × households, the previous Stichtag plus the shown
change) a linear relation. ``ankunft.disclosure.audit`` then tries to recompute every hidden cell;
the test fails if one comes out exact, or if a hidden cell's true value is shown where it was
hidden.
"""

from __future__ import annotations

import datetime as dt
import functools
import html

import pandas as pd
import pytest

from ankunft import disclosure
from ankunft.core import fmt
from ankunft.disclosure import Figure
from ankunft.disclosure import publication as council
from ankunft.indicators import accommodations as acc_mod
from ankunft.storage import demo
from ankunft.storage.state import DataState
from ankunft.views import accommodations_view as av
from ankunft.views import housing_view as hv
from ankunft.views import overview_view as ov
from ankunft.views import ratsfassung_data
from ankunft.views import services_view as sv

FOCUS = ["01", "02", "03", "04"]
# residents kept per accommodation (cycled): many ones and twos, some larger sites
SMALL_PATTERN = (1, 2, 0, 3, 1, 6, 2, 9, 4, 1, 2, 14, 1, 5)
SMALL_PATTERN_EARLIER = (2, 1, 1, 3, 0, 5, 2, 8, 4, 2, 1, 12, 2, 4)


# --- data ----------------------------------------------------------------------------------------
def _current(res: pd.DataFrame, day: dt.date) -> pd.DataFrame:
    t = pd.Timestamp(day)
    return res[((res["move_in"] <= t) & (res["move_out"].isna() | (res["move_out"] > t))).to_numpy()]


def shrink(acc: pd.DataFrame, res: pd.DataFrame, day: dt.date, pattern) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Keep only ``pattern[i]`` current residents of the i-th accommodation (plus 40 past stays);
    the accommodation list's occupancy column follows."""
    acc = acc.copy()
    cur = _current(res, day)
    keep = []
    for i, aid in enumerate(acc["id"]):
        ids = cur[(cur["accommodation"] == aid).to_numpy()].index[:pattern[i % len(pattern)]]
        keep.extend(ids)
        acc.loc[acc.index[i], "occupancy"] = float(len(ids))
    past = res[~res.index.isin(cur.index)].iloc[:40]
    return acc, pd.concat([res.loc[keep], past]).sort_index().reset_index(drop=True)


def small_number_tables() -> list[tuple]:
    """The demo with tiny accommodations, as ``import_tables`` tuples (both Stichtage)."""
    d = demo.build()
    acc, res = shrink(d.accommodations, d.residents, demo.STICHTAG, SMALL_PATTERN)
    acc0, res0 = shrink(d.accommodations_earlier, d.residents_earlier, demo.EARLIER, SMALL_PATTERN_EARLIER)
    return demo_tables_with(d, acc, res, acc0, res0)


def demo_tables_with(d, acc, res, acc0, res0) -> list[tuple]:
    """The demo ``d`` as ``import_tables`` tuples (both Stichtage), its accommodations and residents
    replaced by ``acc``/``res`` (Stand) and ``acc0``/``res0`` (previous Stand)."""
    return [
        ("accommodations", demo.STICHTAG, acc, "unterkuenfte.xlsx", None, None),
        ("accommodations", demo.EARLIER, acc0, "unterkuenfte_frueher.xlsx", None, None),
        ("residents", demo.STICHTAG, res, "bewohner.xlsx", None, None),
        ("residents", demo.EARLIER, res0, "bewohner_frueher.xlsx", None, None),
        ("housing", demo.STICHTAG, d.housing, "wohnungen.xlsx", None, None),
        ("services", demo.STICHTAG, d.services, "infrastruktur.xlsx", None, None),
        ("districts", demo.DISTRICTS_STAND, d.districts, "stadtteile.xlsx", None, None),
        ("districts", demo.DISTRICTS_EARLIER, d.districts_earlier, "stadtteile_frueher.xlsx", None, None),
    ]


def flow_tables() -> list[tuple]:
    """The small data with recent moves: a few arrivals and departures in each of the last months,
    so the occupancy series and the monthly flows carry small numbers."""
    tables = small_number_tables()
    out = []
    for dataset, day, frame, *rest in tables:
        if dataset == "residents" and day == demo.STICHTAG:
            frame = frame.copy()
            current = frame["move_out"].isna().to_numpy()
            for n, i in enumerate(frame.index[current]):
                if n % 3 == 0:  # moved in during the last six months
                    frame.loc[i, "move_in"] = pd.Timestamp(2026, 4 + n % 6, 15)
            for n, i in enumerate(frame.index[~current]):
                if n % 2 == 0:  # left during the last six months
                    frame.loc[i, "move_in"] = pd.Timestamp(2025, 1 + n % 12, 1)
                    frame.loc[i, "move_out"] = pd.Timestamp(2026, 4 + n % 6, 10)
        out.append((dataset, day, frame, *rest))
    return out


def demo_tables() -> list[tuple]:
    d = demo.build()
    return [
        ("accommodations", demo.STICHTAG, d.accommodations, "u.xlsx", None, None),
        ("accommodations", demo.EARLIER, d.accommodations_earlier, "u0.xlsx", None, None),
        ("residents", demo.STICHTAG, d.residents, "b.xlsx", None, None),
        ("residents", demo.EARLIER, d.residents_earlier, "b0.xlsx", None, None),
        ("housing", demo.STICHTAG, d.housing, "w.xlsx", None, None),
        ("services", demo.STICHTAG, d.services, "i.xlsx", None, None),
        ("districts", demo.DISTRICTS_STAND, d.districts, "s.xlsx", None, None),
        ("districts", demo.DISTRICTS_EARLIER, d.districts_earlier, "s0.xlsx", None, None),
    ]


def _state(tables, stand: dt.date) -> DataState:
    frames, stichtage = {}, {}
    for dataset, day, frame, *_ in sorted(tables, key=lambda t: t[1]):
        if day <= stand:
            frames[dataset], stichtage[dataset] = frame, day
    return DataState.from_frames(stand, frames, stichtage)


@functools.cache
def states(kind: str) -> tuple[DataState, DataState]:
    tables = {"demo": demo_tables, "small": small_number_tables, "flows": flow_tables}[kind]()
    return _state(tables, demo.STICHTAG), _state(tables, demo.EARLIER)


# --- reading what is published -------------------------------------------------------------------
class Reader:
    """Published cells (key -> shown text or number), relations, and the true values behind them."""

    def __init__(self):
        self.cells: dict = {}
        self.truth: dict = {}
        self.relations: list[dict] = []
        self.signed: set = set()

    def add(self, key, shown, true) -> None:
        if isinstance(shown, Figure):
            shown = shown.text
        if key in self.cells and self.cells[key] != shown:
            # the same quantity shown twice: the audit sees both
            self.relations.append(disclosure.link_equal(key, (*key, "2")))
            key = (*key, "2")
        self.cells[key] = shown
        self.truth[key] = float(true)

    def total(self, total_key, parts) -> None:
        parts = [p for p in parts if p in self.cells or p in {k for r in self.relations for k in r}]
        self.relations.append(disclosure.link_sum(total_key, parts))

    def hidden(self) -> dict:
        return {k: v for k, v in self.cells.items() if isinstance(v, str) and v in (MARKER, disclosure.HIDDEN_MARKER)}

    def check(self) -> None:
        # 1. nothing hidden is shown as its true value (markers only), published cells are the truth
        for key, shown in self.cells.items():
            kind, value = disclosure.parse_published(shown, signed=key in self.signed)
            if kind == "known":
                assert value == pytest.approx(self.truth[key]), (key, shown, self.truth[key])
            elif disclosure.DEFAULT.is_small(self.truth[key]):
                assert shown != fmt.integer(self.truth[key])
        # 2. the published relations hold for the true values (else the reader model is wrong)
        for rel in self.relations:
            vals = {k: self.truth.get(k) for k in rel}
            if all(v is not None for v in vals.values()):
                assert sum(c * vals[k] for k, c in rel.items()) == pytest.approx(0.0), rel
        # 3. the auditor recomputes no hidden cell. A reader cannot tell a "•" that hides a small
        #    count (masked) from one that hides a larger number: "•" means at least 1.
        low = float(disclosure.DEFAULT.small_low)
        bounds = {k: (low, float("inf")) for k, v in self.cells.items()
                  if v == disclosure.HIDDEN_MARKER and k not in self.signed}
        found = disclosure.audit(self.cells, self.relations, bounds=bounds, signed=self.signed)
        assert found == [], [f"{r} (wahr {fmtv(self.truth.get(r.key))})" for r in found]


MARKER = disclosure.DEFAULT.marker


def fmtv(v) -> str:
    return "?" if v is None else fmt.integer(v)


# --- Übersicht -------------------------------------------------------------------------------------
def read_overview(state, previous, r: Reader, focus=FOCUS, prefix: str = "") -> None:
    view = ov.build(state, previous, focus, None, council=True)
    plain = ov.build(state, previous, focus, None, council=False)
    table = plain.table
    open_keys = set(acc_mod.open_only(table)["key"])
    by_district: dict = {}
    for key, did, occ in zip(table["key"], table["district_id"], table["occupancy"]):
        if pd.isna(occ):
            continue
        r.add((prefix + "acc", key), view.occupancy.text(key), occ)
        if key in open_keys:
            by_district.setdefault("ohne Stadtteil" if pd.isna(did) else did, []).append((prefix + "acc", key))
    res_col = ov.ov_mod.DISTRICT_LABELS["residents"]
    for did, shown, true in zip(view.districts.iloc[:, 0], view.districts[res_col], plain.districts[res_col]):
        r.add((prefix + "dist", did), shown, true)
        r.total((prefix + "dist", did), by_district.get(did, []))
    tiles = {t.key: t for t in view.tiles}
    plain_tiles = {t.key: t for t in plain.tiles}
    total = (prefix + "total",)
    r.add(total, tiles["residents"].value_text, float(plain_tiles["residents"].value_text.replace(".", "")))
    r.total(total, [k for parts in by_district.values() for k in parts])
    r.total(total, [(prefix + "dist", d) for d in view.districts.iloc[:, 0]])
    if previous is not None and tiles["residents"].change_text:
        # the previous Stichtag's published total and the shown change
        prev_view = ov.build(previous, None, focus, None, council=True)
        prev_plain = ov.build(previous, None, focus, None, council=False)
        prev_total = [t for t in prev_view.tiles if t.key == "residents"][0].value_text
        true_prev = float([t for t in prev_plain.tiles if t.key == "residents"][0].value_text.replace(".", ""))
        r.add((prefix + "prev_total",), prev_total, true_prev)
        change = tiles["residents"].change_text.replace("-", "−")
        r.signed.add((prefix + "change",))
        r.add((prefix + "change",), change, r.truth[total] - true_prev)
        r.relations.append({total: 1.0, (prefix + "prev_total",): -1.0, (prefix + "change",): -1.0})


# --- Unterkünfte -----------------------------------------------------------------------------------
def _chart_cells(item, r: Reader, plain_item, scope: str = "") -> dict:
    """Cells of one chart (one per trace and label); returns label -> key per trace name."""
    out: dict = {}
    ptraces = {t.name: t for t in plain_item.figure.data if isinstance(t.meta, dict)}
    for trace in item.figure.data:
        meta = trace.meta if isinstance(trace.meta, dict) else None
        if not meta:
            continue
        pmeta = ptraces[trace.name].meta
        truth = {lab: disclosure.parse_published(t)[1] for lab, t in zip(pmeta["labels"], pmeta["texts"])}
        for lab, text in zip(meta["labels"], meta["texts"]):
            key = ("chart", scope + item.key, trace.name, str(lab))
            # a band the Ratsfassung merged (table redesign): the sum of the bands behind it
            true = truth[lab] if lab in truth else sum(truth[b] for b in ratsfassung_data.band_members(lab))
            r.add(key, text, true)
            out.setdefault(trace.name, {})[str(lab)] = key
    return out


def read_accommodations(state, previous, r: Reader) -> None:
    view = av.build(state, previous, council=True, focus_ids=FOCUS)
    plain = av.build(state, previous, council=False)
    data = ov.ov_mod.inputs(state, None)
    table = data.table
    open_keys = set(acc_mod.open_only(table)["key"])
    occ_col = acc_mod.LABELS["occupancy"]
    parts = []
    for key, shown, true in zip(table["key"], view.table[occ_col], plain.table[occ_col]):
        if pd.isna(true):
            continue
        r.add(("acc", key), shown, true)
        if key in open_keys:
            parts.append(("acc", key))
    tiles = {t.key: t for t in view.tiles}
    ptiles = {t.key: t for t in plain.tiles}
    r.add(("total",), tiles["occupancy"].value_text, float(ptiles["occupancy"].value_text.replace(".", "")))
    r.total(("total",), parts)
    charts = {c.key: c for c in view.charts}
    pcharts = {c.key: c for c in plain.charts}
    roster_total = ("roster",)
    for key in ("bands", "age_groups", "residence_status", "entitlement"):
        if key in charts and charts[key].figure is not None:
            cells = _chart_cells(charts[key], r, pcharts[key])
            for keys in cells.values():
                r.relations.append(disclosure.link_sum(roster_total, keys.values()))
    if "households" in charts and charts["households"].figure is not None:
        cells = _chart_cells(charts["households"], r, pcharts["households"])
        keys = next(iter(cells.values()))
        six = [k for lab, k in keys.items() if lab.startswith("6+")]
        if six and r.truth[six[0]] == 0 and r.cells[six[0]] == "0":
            # persons = Σ size × households (exact when no household has 6 or more)
            rel = {k: float(i + 1) for i, k in enumerate(keys.values())}
            rel[roster_total] = -1.0
            r.relations.append(rel)
    if "completed" in charts and charts["completed"].figure is not None:
        _chart_cells(charts["completed"], r, pcharts["completed"])
    if isinstance(data.roster, pd.DataFrame):
        roster = data.roster
        if len(roster) == r.truth[("total",)]:
            r.relations.append(disclosure.link_equal(roster_total, ("total",)))
    read_timeline(charts, pcharts, r, ("total",), state.stand)
    # the drill-down of every accommodation is on the same page
    for key in view.names:
        read_detail(state, key, r, previous)


def _month_end(d: pd.Timestamp) -> bool:
    return d == d + pd.offsets.MonthEnd(0)


def read_timeline(charts: dict, pcharts: dict, r: Reader, occupancy_key, stand: dt.date, scope: str = "") -> None:
    """Occupancy over time and the monthly flows: a reader subtracts two month-end points and
    compares with the arrivals and departures of the month between (where that holds exactly for
    the true numbers: city-wide, transfers are left out of the flows); the point at the Stichtag is
    the occupancy shown elsewhere on the page when the numbers agree."""
    series = flows = None
    if "over_time" in charts and charts["over_time"].figure is not None:
        series = _chart_cells(charts["over_time"], r, pcharts["over_time"], scope).get("Belegung", {})
    if "flows" in charts and charts["flows"].figure is not None:
        flows = _chart_cells(charts["flows"], r, pcharts["flows"], scope)
    if series:
        dates = [(pd.Timestamp(dt.datetime.strptime(lab, "%d.%m.%Y")), key) for lab, key in series.items()]
        last_day, last_key = dates[-1]
        if last_day == pd.Timestamp(stand) and r.truth[last_key] == r.truth.get(occupancy_key):
            r.relations.append(disclosure.link_equal(last_key, occupancy_key))
        arrivals, departures = (flows or {}).get("Zugänge", {}), (flows or {}).get("Abgänge", {})
        for (d0, k0), (d1, k1) in zip(dates, dates[1:]):
            month = fmt.month(d1.replace(day=1))
            if not (_month_end(d0) and d1.replace(day=1) == d0 + pd.Timedelta(days=1)):
                continue
            if month not in arrivals or month not in departures:
                continue
            a, d = arrivals[month], departures[month]
            if r.truth[k1] - r.truth[k0] == r.truth[a] - r.truth[d]:
                r.relations.append({k1: 1.0, k0: -1.0, a: -1.0, d: 1.0})
    if flows:  # the reader can add up the bars of each series
        for name, keys in flows.items():
            r.relations.append({**{k: 1.0 for k in keys.values()}, ("flows_sum", scope, name): -1.0})


def read_detail(state, key: str, r: Reader, previous=None) -> None:
    """The drill-down of one accommodation: its charts add up to its occupancy (``("acc", key)``)."""
    view = av.detail(state, key, council=True, previous=previous, focus_ids=FOCUS)
    plain = av.detail(state, key, council=False)
    charts = {c.key: c for c in view.charts}
    pcharts = {c.key: c for c in plain.charts}
    occ_key = ("acc", key)
    if occ_key not in r.cells:
        return
    if r.cells[occ_key] in (MARKER, disclosure.HIDDEN_MARKER):
        assert all(c.figure is None for c in view.charts), key
        return
    scope = f"{key}:"
    for ck in ("bands", "age_groups", "residence_status", "entitlement"):
        if ck in charts and charts[ck].figure is not None:
            for keys in _chart_cells(charts[ck], r, pcharts[ck], scope).values():
                if sum(r.truth[k] for k in keys.values()) == r.truth[occ_key]:
                    r.relations.append(disclosure.link_sum(occ_key, keys.values()))
                else:
                    r.relations.append(disclosure.link_sum((scope + "roster",), keys.values()))
    if "completed" in charts and charts["completed"].figure is not None:
        _chart_cells(charts["completed"], r, pcharts["completed"], scope)
    if "households" in charts and charts["households"].figure is not None:
        _chart_cells(charts["households"], r, pcharts["households"], scope)
    read_timeline(charts, pcharts, r, occ_key, state.stand, scope)


# --- Soziale Infrastruktur -------------------------------------------------------------------------
def read_services(state, previous, r: Reader, focus=FOCUS) -> None:
    m = sv.build(state, previous, None, focus, True)
    p = sv.build(state, previous, None, focus, False)
    if not m.children.empty:
        cols = ["children_0_5", "children_6_9", "children_6_17"]
        for (_, row), (_, prow) in zip(m.children.iterrows(), p.children.iterrows()):
            for c in cols:
                r.add(("children", row["district_id"], c), row[c], prow[c].value)
        districts = [d for d in m.children["district_id"] if d != "Gesamt"]
        for c in cols:
            r.total(("children", "Gesamt", c), [("children", d, c) for d in districts])
        tile = {t.key: t for t in m.tiles}["children"]
        ptile = {t.key: t for t in p.tiles}["children"]
        r.add(("children_tile",), tile.value_text, float(ptile.value_text.replace(".", "")))
        r.total(("children_tile",), [("children", d, c) for d in districts if d in focus
                                     for c in ("children_0_5", "children_6_17")])
    # social work: residents per area
    if not m.social.empty:
        areas = [a for a in m.social["Gebiet"]]
        for area, shown, true in zip(areas, m.social["Bewohner"], p.social["Bewohner"]):
            kind, value = disclosure.parse_published(true)
            r.add(("social", area), shown, value if kind == "known" else 0.0)  # "–": no open site in the area
        dist = [a for a in areas if a[:2].isdigit()]
        in_focus = [a for a in dist if a[:2] in focus]
        city = [a for a in areas if a.startswith("Stadt")]
        focus_row = [a for a in areas if a.startswith("Fokusgebiet")]
        if focus_row:
            r.total(("social", focus_row[0]), [("social", a) for a in in_focus])
        if city:
            # accommodations without a district may add to the city: an unknown rest
            r.relations.append({**{("social", a): 1.0 for a in dist}, ("social_rest",): 1.0, ("social", city[0]): -1.0})


# --- Wohnqualität ----------------------------------------------------------------------------------
def read_housing(state, previous, r: Reader, focus=FOCUS) -> None:
    m = hv.build(state, previous, None, focus, True)
    p = hv.build(state, previous, None, focus, False)
    for col in ("Geprüfte Objekte", "Offene Mängel", "Behoben"):
        areas = list(m.table["Gebiet"])
        for area, shown, true in zip(areas, m.table[col], p.table[col]):
            r.add(("housing", area, col), shown, disclosure.parse_published(true)[1])
        dist = [a for a in areas if a[:2].isdigit()]
        in_focus = [a for a in dist if a[:2] in focus]
        focus_row = [a for a in areas if a.startswith("Fokusgebiet")]
        city = [a for a in areas if a.startswith("Stadt")]
        if focus_row:
            r.total(("housing", focus_row[0], col), [("housing", a, col) for a in in_focus])
        if city:
            r.relations.append({**{("housing", a, col): 1.0 for a in dist}, ("housing_rest", col): 1.0,
                                ("housing", city[0], col): -1.0})
    tiles = {t.key: t for t in m.tiles}
    ptiles = {t.key: t for t in p.tiles}
    for key in tiles:
        if tiles[key].value_text in (MARKER, disclosure.HIDDEN_MARKER):
            assert ptiles[key].value_text not in ("", None)


READERS = {"uebersicht": read_overview, "unterkuenfte": read_accommodations, "infrastruktur": read_services,
           "wohnqualitaet": read_housing}


@pytest.mark.parametrize("focus", [FOCUS, ["09"]], ids=["fokus-01-04", "fokus-09"])
@pytest.mark.parametrize("kind", ["demo", "small", "flows"])
@pytest.mark.parametrize("page", list(READERS))
def test_no_hidden_cell_can_be_recomputed(page, kind, focus):
    state, previous = states(kind)
    r = Reader()
    if page == "unterkuenfte":  # no focus area on this page
        READERS[page](state, previous, r)
    else:
        READERS[page](state, previous, r, focus)
    assert r.cells, "nichts gelesen"
    r.check()


def test_small_number_data_really_hides_something():
    """The generated data exercises suppression on every page (else the audit proves nothing)."""
    state, previous = states("small")
    for page, read in READERS.items():
        r = Reader()
        read(state, previous, r)
        assert r.hidden(), page


def test_flow_data_council_mode_shows_no_timeline_and_the_audit_holds():
    """With recent moves: council mode (the Ratsfassung) shows neither the monthly series nor the
    flows, whose month-ends would difference against the previous Stand and the hidden sites
    (issue 15); the working mode keeps both, and the council page still passes the audit."""
    state, previous = states("flows")
    council = {c.key for c in av.build(state, previous, council=True, focus_ids=FOCUS).charts}
    plain = {c.key for c in av.build(state, previous, council=False).charts}
    assert {"over_time", "flows"} <= plain and not {"over_time", "flows"} & council
    r = Reader()
    read_accommodations(state, previous, r)
    assert any(k[0] == "chart" and k[1] == "bands" for k in r.cells)
    r.check()


def test_timeline_protection_hides_a_flow_the_series_would_give_away():
    """Occupancy 10 → 12 → 13 with arrivals 5, 1 and departures 3, 0: with each value protected
    alone (≤2 rule), Sept. shows "≤2" arrivals and 0 departures – and 13 − 12 = x − 0 gives x = 1
    back. Protected together, a further value is hidden and nothing can be recomputed."""
    months = pd.date_range("2026-08-01", periods=2, freq="MS")
    flows = pd.DataFrame({"month": months, "month_label": [fmt.month(m) for m in months],
                          "arrivals": [5, 1], "departures": [3, 0]})
    series = pd.DataFrame({"date": pd.to_datetime(["2026-07-31", "2026-08-31", "2026-09-30"]),
                           "occupancy": [10.0, 12.0, 13.0], "capacity": float("nan")})
    tl = av.protect_timeline(series, flows, disclosure.DEFAULT)
    assert len(tl.links) == 2

    def cells_of(series_texts, flow_texts, occ, fl):
        cells = {("occ", fmt.date(d), None): (series_texts.get(("Belegung", fmt.date(d))) or v)
                 for d, v in zip(series["date"], occ)}
        for i, lab in enumerate(flows["month_label"]):
            for col, name in av.FLOW_NAMES.items():
                cells[("flows", lab, col)] = flow_texts.get((name, lab)) or fl[col].iloc[i]
        return cells

    naive = cells_of({}, {("Zugänge", "Sept. 2026"): "≤2"}, series["occupancy"], flows)
    assert {f.key: f.value for f in disclosure.audit(naive, tl.links)} == {("flows", "Sept. 2026", "arrivals"): 1.0}
    cells = cells_of(tl.series_texts, tl.flows_texts, tl.series["occupancy"], tl.flows)
    assert cells[("flows", "Sept. 2026", "arrivals")] == "≤2"
    assert len([v for v in cells.values() if isinstance(v, str)]) >= 2
    low = float(disclosure.DEFAULT.small_low)
    bounds = {k: (low, float("inf")) for k, v in cells.items() if v == disclosure.HIDDEN_MARKER}
    assert disclosure.audit(cells, tl.links, bounds=bounds) == []


def test_drill_down_shows_no_resident_charts_in_council_mode():
    """The Ratsfassung has no per-site breakdown of residents: no drill-down draws one in council
    mode, hidden site or not; the working mode keeps them."""
    state, previous = states("small")
    view = av.build(state, previous, council=True, focus_ids=FOCUS)
    occ = ov.occupancy_from(ratsfassung_data.for_stand(state, previous, FOCUS))
    hidden = [k for k in view.names if occ.hidden(k)]
    shown = [k for k in view.names if not occ.hidden(k) and k in occ.by_key]
    assert hidden
    for key in [hidden[0], *shown[:1]]:
        d = av.detail(state, key, council=True, previous=previous, focus_ids=FOCUS)
        assert [(c.key, c.figure) for c in d.charts] == [("residents_hidden", None)]
        assert "Ratsfassung" in d.charts[0].reason
        assert d.values["Belegung"] == occ.text(key)
    assert len(av.detail(state, hidden[0], council=False).charts) > 1


def test_overview_previous_stichtag_is_part_of_the_audit():
    """The residents tile's change links the previous Stichtag's published total to today's."""
    state, previous = states("small")
    r = Reader()
    read_overview(state, previous, r)
    prev = [k for k in r.cells if k == ("prev_total",)]
    if prev:  # a change is shown only when both totals are published
        assert r.cells[("change",)] != ""


# --- the Publication collector -------------------------------------------------------------------
def test_publication_tile_is_suppressed_with_its_parts():
    """Hidden cells 1 (04) and 3 (02) and 9, city total 13, and a tile of 01–04: a shown 4 = 1 + 3
    would give both away (≤2 means 1..2, • at least 3), so the tile is hidden too."""
    body = pd.DataFrame({"a": [0.0, 3.0, 0.0, 1.0, 9.0]}, index=["01", "02", "03", "04", "09"])
    alone = disclosure.protect_table(body, ["a"], col_total=True)
    assert alone.display["a"].tolist() == ["0", "•", "0", "≤2", "•", "13"]
    pub = council.Publication()
    pub.table("children", body, count_cols=["a"], col_total=True)
    pub.tile("tile", 4.0, [("children", d, "a") for d in ("01", "02", "03", "04")])
    assert pub.cell("tile", "tile").text == disclosure.HIDDEN_MARKER
    assert pub.audit() == []
    assert pub.note == "Werte ≤2 unterdrückt; • = zum Schutz kleiner Zahlen ausgeblendet."


def test_publication_audit_finds_a_derived_figure():
    """A single figure registered after solving (e.g. a difference shown as text) is audited."""
    body = pd.Series({"x": 1.0, "y": 7.0, "z": 8.0})
    pub = council.Publication()
    pub.table("t", body, total=True)
    solved = pub["t"]
    assert solved.display.tolist() == ["≤2", "•", "8", "16"]
    pub.figure(("diff",), Figure(6.0))  # "y − x = 6" published elsewhere
    pub.link({("t", "y", None): 1.0, ("t", "x", None): -1.0, ("diff",): -1.0})
    found = {f.key: f.value for f in pub.audit()}
    assert found == {("t", "x", None): 1.0, ("t", "y", None): 7.0}


def test_with_previous_hides_a_change_that_would_reveal_a_small_count():
    """Previous Stichtag published 10 (all), now 2 in x: a shown change −8 would give x = 2 away."""
    prev = disclosure.protect_series(pd.Series({"x": 10.0, "y": 20.0}), total=True)
    assert prev.display.tolist() == ["10", "20", "30"]
    now = pd.Series({"x": 2.0, "y": 28.0})
    pub = council.Publication()
    pub.table("t", now, total=True)
    council.with_previous(pub, {"t": prev}, {"t": pd.Series({"x": -8.0, "y": 8.0, "Gesamt": 0.0})})
    solved = pub.solve()
    assert solved["t"].display["x"] == "≤2"
    change = solved["änderung:t"]
    assert change.mask["x"], change.display.tolist()
    assert pub.audit() == []


def test_services_children_tile_hidden_with_the_table():
    state, _ = states("small")
    m = sv.build(state, None, None, FOCUS, True)
    tile = {t.key: t for t in m.tiles}["children"]
    p = sv.build(state, None, None, FOCUS, False)
    ptile = {t.key: t for t in p.tiles}["children"]
    # hand-checked on the small data: 02 has 3 school-age children, 04 one → tile 4 in plain mode
    assert ptile.value_text == "4"
    assert tile.value_text == disclosure.HIDDEN_MARKER


def test_households_cannot_be_recomputed_from_the_persons():
    """16·1 + 6·2 + x·3 + 3·4 + y·5 + 0·6 = 51 with x, y ≤ 2 has the one solution x = 2, y = 1:
    protected alone the chart gives y away (the auditor's linear relaxation: y = (11 − 3x)/5 with
    1 ≤ x ≤ 2 leaves only y = 1); with the persons relation nothing is recomputable."""
    hh = pd.DataFrame({"size": [1, 2, 3, 4, 5, 6],
                       "label": ["1 Person", "2 Personen", "3 Personen", "4 Personen", "5 Personen", "6+ Personen"],
                       "households": [16, 6, 2, 3, 1, 0], "persons": [16, 12, 6, 12, 5, 0]})
    alone = disclosure.protect_table(hh.set_index("label")[["households"]].astype(float), ["households"],
                                     col_total=True)
    cells = {("hh", lab): t for lab, t in alone.display["households"].items() if lab != "Gesamt"}
    cells[("persons",)] = 51.0
    rel = {("hh", lab): float(k) for lab, k in zip(hh["label"], hh["size"])}
    rel[("persons",)] = -1.0
    assert alone.display["households"].tolist() == ["16", "6", "≤2", "3", "≤2", "0", "28"]
    assert {r.key: r.value for r in disclosure.audit(cells, [rel])} == {("hh", "5 Personen"): 1.0}
    shown, texts, note = av.protect_households(hh)
    published = {("hh", lab): (texts.get(("Haushalte", lab)) or float(v))
                 for lab, v in zip(shown["label"], shown["households"])}
    published[("persons",)] = 51.0
    low = float(disclosure.DEFAULT.small_low)
    bounds = {k: (low, float("inf")) for k, v in published.items() if v == disclosure.HIDDEN_MARKER}
    assert disclosure.audit(published, [rel], bounds=bounds) == []
    assert texts == {("Haushalte", "1 Person"): "•", ("Haushalte", "2 Personen"): "•",
                     ("Haushalte", "3 Personen"): "≤2", ("Haushalte", "5 Personen"): "≤2"}
    assert shown["households"].isna().tolist() == [True, True, True, False, True, False]
    assert note is not None and note.startswith("Werte ≤2 unterdrückt")


def test_left_out_bars_carry_their_marker():
    """A hidden bar is left out of the chart; its marker stands at the axis so it does not read as 0."""
    state, previous = states("small")
    view = av.build(state, previous, council=True, focus_ids=FOCUS)
    bands = {c.key: c for c in view.charts}["bands"].figure
    pub = ratsfassung_data.for_stand(state, previous, FOCUS)
    hidden = [(b, pub.cell("Aufenthaltsdauer", b).text) for b in pub.rows("Aufenthaltsdauer")
              if pub.cell("Aufenthaltsdauer", b).suppressed]
    assert [(html.unescape(a.x), a.text) for a in bands.layout.annotations] == hidden
    # on these data the small bands are merged before suppression (bands 2 / 2 / 6 / 41 → "bis 3 Jahre"
    # 4), so no band needs a marker; a band hidden as a complement would carry its "•" at the axis
    assert pub.rows("Aufenthaltsdauer")[0] == "bis 3 Jahre" and not hidden


def test_children_tile_change_uses_the_previous_publication():
    """At the previous Stichtag the tile of 01–04 (true 5) was hidden with its table; a change
    against 5 would give it away, so the previous figure is the published "•", not 5."""
    state, previous = states("small")
    before_plain = {t.key: t for t in sv.build(previous, None, None, FOCUS, False).tiles}["children"]
    assert before_plain.value_text == "5"
    m = sv.build(state, previous, None, FOCUS, True)
    assert m.previous_values["children"].text == disclosure.HIDDEN_MARKER
    assert {t.key: t for t in m.tiles}["children"].change_text is None
    # focus 09: published at the previous Stand (7, every cell of 09 published then); now 09's cells are
    # hidden, and a focus cell is only what published district cells add up to (the pattern ignores the
    # focus area, ratsfassung_focus.py): "•" and no change – a "6" would give 09's hidden cells away
    # against a report with another focus area
    m09 = sv.build(state, previous, None, ["09"], True)
    tile = {t.key: t for t in m09.tiles}["children"]
    assert (tile.value_text, tile.change_text, m09.previous_values["children"].text) == ("•", None, "7")


def test_overview_map_legend_names_hidden_occupancies():
    """Hidden occupancies are drawn grey: in council mode the legend says they are hidden."""
    state, previous = states("small")
    view = ov.build(state, previous, FOCUS, None, council=True)
    legend = dict(ov.map_layers(view, state)[-1].legend)
    assert legend[ov.HIDDEN_LEGEND] == "#6B7280" and "Auslastung unbekannt" not in legend
    plain = ov.build(state, previous, FOCUS, None, council=False)
    assert "Auslastung unbekannt" in dict(ov.map_layers(plain, state)[-1].legend)
