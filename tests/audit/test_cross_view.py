"""Cross-view adversary (issue 15): everything council mode can show, audited as ONE system.

Each page's council view passes the auditor on its own (tests/audit/test_council_audit*.py). A
reader who combines what council mode publishes, however, sees more: every control the pages
still offer (district filter, Träger filter), both Stände of a two-Stand store, the exports at
each threshold the officer can choose, the maps' colours and tooltips. This module collects those
figures into one :class:`CrossReader` (cells, linear relations and the ranges a reader can infer
from flags, rounded shares and map colours) and runs :func:`ankunft.disclosure.audit` on the
union. One reader per channel of the issue, and one over everything:

1. filters against the whole city          5. flags and capacity of hidden sites
2. rounding of shares across pages         6. previous Stand against the timeline
3. exports against screens and each other  7. page against page (social work vs. Übersicht)
4. map cells whose colour encodes a count
8. quality and children: the Wohnqualität table, the children in accommodations (Soziale
   Infrastruktur), the Stadtteilprofil's housing and residents rows, next to the exports' housing
   tables (issue 15, item 1 of the follow-up)

Data: the demo, the small-number data, the small data with recent moves, and a generated variant
of the small data where hidden sites are small enough to carry capacity flags.
"""

from __future__ import annotations

import functools
import json
import math
import re

import pandas as pd
import pytest

from ankunft import disclosure
from ankunft.core import fmt, geo, reference
from ankunft.disclosure import Figure
from ankunft.indicators import accommodations as acc_mod
from ankunft.indicators.areas import CITY_ID, FOCUS_ID
from ankunft.plots import maps
from ankunft.storage import demo
from ankunft.views import accommodations_view as av
from ankunft.views import housing_view as hv
from ankunft.views import overview_view as ov
from ankunft.views import profile_view as pv
from ankunft.views import report_data as rdata
from ankunft.views import report_publication as rp
from ankunft.views import services_view as sv
from tests import map_reader
from tests.audit import test_council_audit as base
from tests.audit.test_council_audit import FOCUS, Reader, read_accommodations, read_overview

INF = math.inf
LONG_BANDS = rdata.LONG_BANDS
EXPORT_MARKERS = ("≤2", "<5")
MARKERS = (disclosure.DEFAULT.marker, disclosure.HIDDEN_MARKER)


# --- data ----------------------------------------------------------------------------------------
def flag_tables() -> list[tuple]:
    """The small data where some sites with hidden occupancy are tiny: capacity 1 with 2 residents
    ("Überbelegt"), capacity equal to the occupancy ("Hohe Auslastung"); the rest unchanged."""
    out = []
    for dataset, day, frame, *rest in base.small_number_tables():
        if dataset == "accommodations":
            frame = frame.copy()
            occ = frame["occupancy"].to_numpy()
            small = [i for i, o in enumerate(occ) if 1 <= o <= 2]
            for n, i in enumerate(small[:4]):
                frame.loc[frame.index[i], "capacity"] = float(occ[i] - 1 if n % 2 == 0 else occ[i]) or 1.0
        out.append((dataset, day, frame, *rest))
    return out


def history_tables() -> list[tuple]:
    """The small data with recent moves where both Stände come from one residents history (as when
    the same case-management system is exported twice): the earlier export is the current one as
    it stood at the earlier Stichtag, so the timeline of today runs through the earlier figures."""
    tables = base.flow_tables()
    residents = next(f for d, day, f, *_ in tables if d == "residents" and day == demo.STICHTAG)
    out = []
    for dataset, day, frame, *rest in tables:
        if day == demo.EARLIER and dataset == "residents":
            frame = residents[(residents["move_in"] <= pd.Timestamp(demo.EARLIER)).to_numpy()].copy()
        elif day == demo.EARLIER and dataset == "accommodations":
            frame = frame.copy()
            then = base._current(residents, demo.EARLIER)
            counts = then["accommodation"].value_counts()
            frame["occupancy"] = [float(counts.get(a, 0)) for a in frame["id"]]
        out.append((dataset, day, frame, *rest))
    return out


@functools.cache
def states(kind: str):
    if kind in ("flags", "history"):
        tables = flag_tables() if kind == "flags" else history_tables()
        return base._state(tables, demo.STICHTAG), base._state(tables, demo.EARLIER)
    if kind.startswith("out:"):  # the outside adversary's shapes (tests/audit/shapes_outside.py)
        from tests.audit import shapes_outside
        return shapes_outside.states(kind[4:])
    return base.states(kind)


KINDS = ["demo", "small", "flows", "flags", "history"]


# --- the reader ------------------------------------------------------------------------------------
class CrossReader(Reader):
    """A :class:`Reader` that also knows ranges (flags, rounded shares, other thresholds)."""

    def __init__(self):
        super().__init__()
        self.ranges: dict = {}

    def add(self, key, shown, true, marker_range: tuple[float, float] | None = None):
        """Add a cell; returns the key used (a second text for the same quantity gets its own key,
        linked as equal). ``marker_range``: a marker of another threshold (``<5`` → (1, 4))."""
        if isinstance(shown, Figure):
            shown = shown.text
        if marker_range is not None:
            shown = None
        if key in self.cells and self.cells[key] != shown:
            self.relations.append(disclosure.link_equal(key, (*key, "2")))
            key = (*key, "2")
            while key in self.cells and self.cells[key] != shown:
                key = (*key[:-1], key[-1] + "2")
        self.cells[key] = shown
        self.truth[key] = float(true)
        if marker_range is not None:
            self.limit(key, *marker_range)
        return key

    def limit(self, key, lo: float, hi: float) -> None:
        old = self.ranges.get(key, (-INF, INF))
        self.ranges[key] = (max(old[0], lo), min(old[1], hi))

    def aux(self, key, true: float) -> None:
        """An unknown quantity that appears only in relations (e.g. the long stays)."""
        self.truth[key] = float(true)

    def found(self) -> list:
        # the reader model must be right: relations and ranges hold for the true values
        for key, shown in self.cells.items():
            kind, value = disclosure.parse_published(shown, signed=key in self.signed)
            if kind == "known":
                assert value == pytest.approx(self.truth[key]), (key, shown, self.truth[key])
        for rel in self.relations:
            vals = {k: self.truth.get(k) for k in rel}
            if all(v is not None for v in vals.values()):
                assert sum(c * vals[k] for k, c in rel.items()) == pytest.approx(0.0), rel
        for key, (lo, hi) in self.ranges.items():
            if key in self.truth:
                assert lo - 1e-9 <= self.truth[key] <= hi + 1e-9, (key, lo, hi, self.truth[key])
        bounds: dict = {}
        low = float(disclosure.DEFAULT.small_low)
        for k, v in self.cells.items():
            if k in self.signed:
                continue
            if v == disclosure.HIDDEN_MARKER:
                bounds[k] = (low, INF)
            elif v == disclosure.DEFAULT.marker:
                bounds[k] = (low, float(disclosure.DEFAULT.threshold))
            elif v is None:
                bounds[k] = (0.0, INF)
        keys_in_relations = {k for rel in self.relations for k in rel}
        for k, (lo, hi) in self.ranges.items():
            if k in self.cells and disclosure.parse_published(self.cells[k])[0] == "known":
                continue
            if k not in self.cells and k not in keys_in_relations:
                continue
            b = bounds.get(k, (0.0, INF))
            bounds[k] = (max(b[0], lo), min(b[1], hi))
        return disclosure.audit(self.cells, self.relations, bounds=bounds, signed=self.signed)

    def explain(self, found) -> list[str]:
        return [f"{r} (wahr {base.fmtv(self.truth.get(r.key))})" for r in found]


def _int(text: str) -> float:
    return float(text.replace(".", "").replace("−", "-"))


def _pct(text: str) -> tuple[float, int]:
    """'92,2 %' → (0.922, 1 decimal)."""
    number = text.replace("\u202f", " ").replace("\xa0", " ").replace("%", "").strip()
    decimals = len(number.split(",")[1]) if "," in number else 0
    return float(number.replace(".", "").replace(",", ".")) / 100.0, decimals


def _tile(view, key):
    return {t.key: t for t in view.tiles}[key]


def _true_tile(view, key) -> float:
    return _int(_tile(view, key).value_text)


# --- 1. filters against the whole city -------------------------------------------------------------
def offers(module, control: str) -> bool:
    """Does the page still offer this control in council mode? A view module that has dropped
    it says so in ``COUNCIL_CONTROLS`` (the page tests check that no such widget is drawn)."""
    return control in getattr(module, "COUNCIL_CONTROLS", (control,))


def read_filters(state, previous, r: CrossReader) -> None:
    """The Übersicht with every district left out once, the Unterkünfte page per Träger."""
    plain = ov.build(state, previous, FOCUS, None, council=False)
    if offers(ov, "districts"):
        all_ids = [d.id for d in reference.DISTRICTS]
        for did in plain.districts.iloc[:, 0]:
            others = [d for d in all_ids if d != did]
            view = ov.build(state, previous, FOCUS, others, council=True)
            pview = ov.build(state, previous, FOCUS, others, council=False)
            key = r.add(("ohne", did), _tile(view, "residents").value_text, _true_tile(pview, "residents"))
            rel = {("total",): 1.0, key: -1.0, ("dist", did): -1.0}
            if r.truth[("total",)] - r.truth[key] == r.truth.get(("dist", did)):
                r.relations.append(rel)
    if offers(av, "operators"):
        table = acc_mod.open_only(plain.table)
        for op in sorted(str(o) for o in table["operator"].dropna().unique()):
            f = av.Filters.of(operators=[op])
            view, pview = av.build(state, previous, f, council=True), av.build(state, previous, f, council=False)
            key = r.add(("träger", op), _tile(view, "occupancy").value_text, _true_tile(pview, "occupancy"))
            parts = [("acc", k) for k in table.loc[(table["operator"] == op).to_numpy(), "key"]
                     if ("acc", k) in r.cells]
            if sum(r.truth[p] for p in parts) == r.truth[key]:
                r.relations.append(disclosure.link_sum(key, parts))


# --- 2. shares rounded across pages ------------------------------------------------------------------
def read_long_stay_share(state, previous, r: CrossReader) -> None:
    """"Länger als 3 Jahre 92,2 %" of the published residents pins the long stays (3–5 and > 5
    years) to a narrow range; the Unterkünfte bands chart carries the same bands."""
    view = ov.build(state, previous, FOCUS, None, council=True)
    tile = _tile(view, "long_stay_share")
    if tile.value_text in (disclosure.HIDDEN_MARKER, fmt.MISSING) or ("total",) not in r.cells:
        return
    share, decimals = _pct(tile.value_text)
    data = ov.ov_mod.inputs(state, None)
    counts = ov.long_stay_counts(data.roster, data.table)
    if counts is None or counts[1] != r.truth[("total",)]:
        return
    kind, total = disclosure.parse_published(r.cells[("total",)])
    if kind != "known":
        return
    half = 0.5 * 10 ** -(decimals + 2)
    r.aux(("long",), counts[0])
    r.limit(("long",), math.ceil((share - half) * total - 1e-9), math.floor((share + half) * total + 1e-9))
    bands = {k[3]: k for k in r.cells if k[:2] == ("chart", "bands")}
    long_keys = [bands[b] for b in LONG_BANDS if b in bands]
    if long_keys and sum(r.truth[k] for k in long_keys) == counts[0]:
        r.relations.append(disclosure.link_sum(("long",), long_keys))


# --- 3. exports against screens and against each other ---------------------------------------------
@functools.cache
def report_data(kind: str, marker: str):
    state, previous = states(kind)
    return rdata.prepare(state, previous, council=True, focus_ids=FOCUS,
                         disclosure_cfg=disclosure.DisclosureConfig.from_marker(marker))


SCREEN_KEYS = {rp.T_ACC: lambda row, col: ("acc", row) if row != disclosure.TOTAL else ("total",),
               rp.T_DIST: lambda row, col: ("dist", row) if row != disclosure.TOTAL else ("total",)}


def offered_markers() -> tuple[str, ...]:
    """The thresholds the officer can choose for council exports: one, when the report fixes it
    (``COUNCIL_THRESHOLD``; the Bericht page then draws no choice), else both of the old radio."""
    fixed = getattr(rdata, "COUNCIL_THRESHOLD", None)
    return (fixed.marker,) if fixed is not None else EXPORT_MARKERS


def read_exports(kind: str, r: CrossReader, markers=None) -> None:
    """The report's publication (the figures every export renders) at each threshold the
    officer can choose: the same cell in two exports and on the screen is one quantity."""
    for marker in markers or offered_markers():
        rd = report_data(kind, marker)
        plain = rdata.prepare(rd.state, rd.previous, council=False, focus_ids=FOCUS)
        cfg = rd.cfg
        for name, pub in rd.pub.items():
            truth_pub = plain.pub.get(name)
            for cell, shown in _cells(pub):
                row, col = cell
                true = _true(truth_pub, row, col)
                if true is None:
                    continue
                key = ("export", name, row, col)
                rng = (float(cfg.small_low), float(cfg.threshold)) if shown == cfg.marker and marker != "≤2" else None
                if shown == disclosure.HIDDEN_MARKER and marker != "≤2":
                    rng = (float(cfg.small_low), INF)
                used = r.add(key, shown, true, rng)
                screen = SCREEN_KEYS.get(name)
                if screen is not None and used == key and screen(row, col) in r.cells:
                    r.relations.append(disclosure.link_equal(key, screen(row, col)))
            for rel in pub.relations(name):
                r.relations.append({("export", *k): c for k, c in rel.items()})
        for rel in rd.links:
            r.relations.append({("export", *k): c for k, c in rel.items()})


def _cells(pub):
    if pub.is_series:
        for row, shown in pub.display.items():
            yield (row, None), shown
        return
    for row in pub.values.index:
        for col in pub.count_cols:
            yield (row, col), pub.display.at[row, col]


def _true(pub, row, col):
    if pub is None:
        return None
    try:
        value = pub.values[row] if pub.is_series else pub.values.at[row, col]
    except KeyError:
        return None
    return None if pd.isna(value) else float(value)


# --- 4. map cells ------------------------------------------------------------------------------------
ALPHA_BASE, ALPHA_STEP = 90, 15  # the count shading grid cells had before classes (maps.py, issue 15)


def label_range(label: str) -> tuple[float, float]:
    """A cell's tooltip class → the range of counts it admits: "7" → (7, 7), "weniger als 3" → (1, 2),
    "3 bis 4" → (3, 4), "10 und mehr" → (10, inf)."""
    text = label.strip()
    if text.startswith("weniger als "):
        return 1.0, _int(text[len("weniger als "):]) - 1
    if " bis " in text:
        lo, hi = text.split(" bis ")
        return _int(lo), _int(hi)
    if text.endswith(" und mehr"):
        return _int(text[:-len(" und mehr")]), INF
    return _int(text), _int(text)


def read_map_cells(r: CrossReader, data: list[dict], counts: list[float], scope: str = "map") -> None:
    """Grid cells of a map layer as a reader sees them: the class in the tooltip, and the shading.
    When cells of one class are shaded differently, the shading carries more than the class: the
    reader decodes it with the rule the maps used (alpha = 90 + 15 × count)."""
    by_class: dict = {}
    for i, (d, n) in enumerate(zip(data, counts)):
        lo, hi = label_range(d["tooltip"].rsplit(": ", 1)[-1])
        key = r.add((scope, i), fmt.integer(n) if lo == hi else None, n)
        if lo != hi:
            r.limit(key, lo, hi)
        by_class.setdefault((lo, hi), []).append((key, tuple(d["colour"]), n))
    for (lo, hi), cells in by_class.items():
        if lo == hi or len({c for _, c, _ in cells}) <= 1:
            continue
        for key, colour, n in cells:
            shade = r.add((scope + "_shade", key[1]), fmt.integer((colour[3] - ALPHA_BASE) / ALPHA_STEP), n)
            r.relations.append(disclosure.link_equal(key, shade))


def _ring_key(ring) -> str:
    return json.dumps([[round(float(a), 6), round(float(b), 6)] for a, b in ring])


def read_defect_map(state, previous, r: CrossReader) -> None:
    """The Wohnqualität council map (the figure JSON, as read): open defects per 250-m cell."""
    model = hv.build(state, previous, None, FOCUS, True)
    layers = hv.map_layers(model.objects, True)
    fig = json.loads(maps.city_map(geo.load_districts_geojson(), layers, council=True).to_json())
    truth = maps.grid_aggregate(layers[0].points)
    by_ring = {_ring_key(ring): n for ring, n in zip(truth["ring"], truth["count"])}
    data = map_reader.objects(fig).get("defects", [])
    assert len(data) == len(truth)  # every cell of the map read
    read_map_cells(r, data, [float(by_ring[_ring_key(d["polygon"])]) for d in data])


# --- 5. flags and capacity of hidden sites ------------------------------------------------------------
def read_flags(state, previous, r: CrossReader) -> None:
    """Places, traffic light and free places of every site: "Überbelegt" means more residents than
    places, "Hohe Auslastung" at least 90 % of the places, the "Freie Plätze" tile adds up
    max(0, places − residents) per site."""
    view = av.build(state, previous, council=True)
    plain = av.build(state, previous, council=False)
    table = ov.ov_mod.inputs(state, None).table
    L = acc_mod.LABELS
    open_keys = set(acc_mod.open_only(table)["key"])
    occupancy_flags = ("Überbelegt", "Hohe Auslastung", "Zu wenig Fläche", "Zu wenig Sozialarbeit")
    # does the table show occupancy flags for sites whose occupancy is hidden? Only then does the
    # absence of "Überbelegt" tell the reader anything about such a site
    shows_hidden_flags = any(any(f in str(fl or "") for f in occupancy_flags)
                             for key, fl in zip(table["key"], view.table[L["flag_labels"]])
                             if r.cells.get(("acc", key)) in MARKERS)
    free_parts = []
    for key, cap, free, pfree, flags in zip(table["key"], view.table[L["capacity"]], view.table[L["free_places"]],
                                            plain.table[L["free_places"]], view.table[L["flag_labels"]]):
        if key not in open_keys or ("acc", key) not in r.cells or cap == fmt.MISSING:
            continue
        capacity = _int(cap)
        r.add(("cap", key), cap, capacity)
        # a hidden "Freie Plätze" is derived (places − residents), not a count: it may be 0
        free_key = r.add(("free", key), None if free == disclosure.HIDDEN_MARKER else free, pfree)
        free_parts.append(free_key)
        flags = str(flags or "")
        occ = ("acc", key)
        if "Überbelegt" in flags:
            r.limit(occ, capacity + 1, INF)
            r.limit(free_key, 0, 0)
        elif r.cells.get(occ) in MARKERS and not shows_hidden_flags:
            continue
        else:
            r.limit(occ, 0, capacity)
            r.relations.append({free_key: 1.0, occ: 1.0, ("cap", key): -1.0})
            if "Hohe Auslastung" in flags:
                r.limit(occ, math.ceil(reference.STANDARDS.utilisation_alert * capacity - 1e-9), capacity)
    tile = _tile(view, "free_places")
    if "nur Unterkünfte mit veröffentlichter Belegung" in (tile.help or ""):  # the tile says what it sums
        free_parts = [k for k in free_parts if r.cells[k] is not None]
        true = sum(r.truth[k] for k in free_parts)
    else:
        true = _true_tile(plain, "free_places")
    key = r.add(("free_tile",), tile.value_text, true)
    r.relations.append(disclosure.link_sum(key, free_parts))


# --- 6. previous Stand against the timeline ----------------------------------------------------------
def read_previous_stand(state, previous, r: CrossReader) -> None:
    """The previous Stand's council publication (as it was shown then) next to today's timelines:
    a month-end point at the previous Stand is the occupancy published (or hidden) then."""
    if previous is None:
        return
    read_overview(previous, None, r, prefix="prev:")
    if not any(k[0] == "chart" for k in r.cells):
        read_accommodations(state, previous, r)
    label = fmt.date(previous.stand)
    for key in list(r.cells):
        if key[0] != "chart" or not key[1].endswith("over_time") or key[2] != "Belegung" or key[3] != label:
            continue
        site = key[1][:-len("over_time")].rstrip(":")
        then = ("prev:acc", site) if site else ("prev:total",)
        if then in r.cells and r.truth[then] == r.truth[key]:
            r.relations.append(disclosure.link_equal(key, then))


# --- 7. page against page ----------------------------------------------------------------------------
def read_social_work(state, previous, r: CrossReader) -> None:
    """Soziale Infrastruktur's residents per area next to the Übersicht's districts."""
    m = sv.build(state, previous, None, FOCUS, True)
    p = sv.build(state, previous, None, FOCUS, False)
    if m.social.empty:
        return
    for area, shown, true in zip(m.social["Gebiet"], m.social["Bewohner"], p.social["Bewohner"]):
        kind, value = disclosure.parse_published(true)
        if kind != "known":  # "–": an area without open sites (e.g. its only site closed)
            continue
        key = r.add(("social", area), shown, value)
        if area[:2].isdigit():
            same = ("dist", area[:2])
        elif area.startswith("Stadt"):
            same = ("total",)
        else:
            same = None
            r.total(key, [("dist", d) for d in FOCUS if ("dist", d) in r.cells])
        if same in r.cells and r.truth[same] == r.truth[key]:
            r.relations.append(disclosure.link_equal(key, same))


# --- 8. Wohnqualität, children and the Stadtteilprofil against the other pages and the exports ---------
def _housing_labels(state, previous) -> dict[str, str]:
    """Area id -> the Wohnqualität table's "Gebiet" label (districts, focus area, city)."""
    model = hv.build(state, previous, None, FOCUS, False)
    return dict(zip(model.counts["area_id"], model.counts["area"]))


def read_profiles(state, r: CrossReader) -> None:
    """The Stadtteilprofil's residents and housing rows for the focus area and every district."""
    labels = _housing_labels(state, None)
    shown_re = r"^(\S+) von (\S+) geprüften? Objekte"
    plain_re = r"^([\d.]+) von ([\d.]+) geprüfte(?:m|n) Objekt"
    keys = [pv.FOCUS_KEY, *sorted(k for k in labels if k[:2].isdigit() and len(k) == 2)]
    for key in keys:
        p = pv.profile_for(state, key, FOCUS, "Fokusgebiet", True)
        q = pv.profile_for(state, key, FOCUS, "Fokusgebiet", False)
        res, pres = p.row("accommodation_residents"), q.row("accommodation_residents")
        if res is not None and pres.value is not None:
            cell = ("dist", key) if key != pv.FOCUS_KEY else ("profile_area",)
            used = r.add(cell, res.value_text, pres.value)
            if key == pv.FOCUS_KEY:
                r.total(used, [("dist", d) for d in FOCUS])
            r.add(("total",), res.city_text, pres.city)
        h, ph = p.row("housing"), q.row("housing")
        area_id = FOCUS_ID if key == pv.FOCUS_KEY else key
        if h is None or ph.value is None or area_id not in labels:
            continue
        shown, true = re.match(shown_re, h.reading), re.match(plain_re, ph.reading)
        if shown and true:
            r.add(("housing", labels[area_id], "Offene Mängel"), shown.group(1), _int(true.group(1)))
            r.add(("housing", labels[area_id], "Geprüfte Objekte"), shown.group(2), _int(true.group(2)))


def link_export_housing(state, previous, r: CrossReader) -> None:
    """The report's housing tables name the same quantities as the Wohnqualität table: open defects
    per district (``Mängel je Stadtteil``), the focus area's open defects (``Fokusgebiet``)."""
    labels = _housing_labels(state, previous)
    for key in [k for k in r.cells if k[0] == "export" and len(k) == 4]:
        _, name, row, col = key
        screen = None
        if name == rp.T_HOUSING and col == "open":
            area = CITY_ID if row == disclosure.TOTAL else row
            screen = ("housing", labels.get(area), "Offene Mängel")
        elif name == rp.T_FOCUS and row == "open":
            screen = ("housing", labels.get(FOCUS_ID), "Offene Mängel")
        if screen is not None and screen in r.cells and r.truth[screen] == r.truth[key]:
            r.relations.append(disclosure.link_equal(key, screen))


def read_quality(state, previous, kind: str, r: CrossReader) -> None:
    """Wohnqualität table, children in accommodations (and the social-work residents), the
    profile's rows and the exports' housing tables, as one reader sees them together."""
    base.read_housing(state, previous, r, FOCUS)
    base.read_services(state, previous, r, FOCUS)
    read_profiles(state, r)
    if not any(k[0] == "export" for k in r.cells):
        read_exports(kind, r)
    link_export_housing(state, previous, r)


# --- the channels and the union ----------------------------------------------------------------------
def channel_reader(channel: str, kind: str) -> CrossReader:
    state, previous = states(kind)
    r = CrossReader()
    read_overview(state, previous, r)
    if channel in ("filters", "all"):
        read_filters(state, previous, r)
    if channel in ("rounding", "all"):
        read_accommodations(state, previous, r)
        read_long_stay_share(state, previous, r)
    if channel in ("exports", "all"):
        read_exports(kind, r)
    if channel in ("map", "all"):
        read_defect_map(state, previous, r)
    if channel in ("flags", "all"):
        read_flags(state, previous, r)
    if channel in ("previous", "all"):
        read_previous_stand(state, previous, r)
    if channel in ("pages", "all"):
        read_social_work(state, previous, r)
    if channel in ("quality", "all"):
        read_quality(state, previous, kind, r)
    return r


CHANNELS = ["filters", "rounding", "exports", "map", "flags", "previous", "pages", "quality"]


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("channel", CHANNELS)
def test_no_hidden_cell_can_be_recomputed_across_views(channel, kind):
    r = channel_reader(channel, kind)
    found = r.found()
    assert found == [], r.explain(found)


def test_map_reader_decodes_count_shading():
    """The map channel has teeth: cells of the class "weniger als 3" shaded by count (the rule
    before issue 15) give their counts away; one shade per class gives nothing away."""
    counts = [1.0, 2.0, 2.0, 7.0]
    old = [{"tooltip": "Objekte: weniger als 3" if n < 3 else f"Objekte: {fmt.integer(n)}",
            "colour": [1, 2, 3, ALPHA_BASE + ALPHA_STEP * int(n)]} for n in counts]
    r = CrossReader()
    read_map_cells(r, old, counts)
    assert {f.key for f in r.found()} == {("map", 0), ("map", 1), ("map", 2)}
    new = [dict(d, colour=[1, 2, 3, 200]) for d in old]
    r = CrossReader()
    read_map_cells(r, new, counts)
    assert r.found() == []
