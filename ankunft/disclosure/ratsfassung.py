"""The Ratsfassung: council mode's ONE protected publication per Stand (issue 15).

Cell suppression does not compose: screens, filters, exports and Stände protected one by one give
hidden counts back when a reader combines them. So council mode publishes a fixed set of tables,
built once per Stand from the counts and protected jointly with every exact relation between
their cells registered:

- ``Belegung je Unterkunft``  residents per accommodation in operation, with the city total;
- ``Bewohner je Stadtteil``   residents per district (and "ohne Stadtteil"), with the total;
  each district is the sum of its accommodations, both totals are the same number;
- ``Fokusgebiet``             residents in the focus area: the sum of its districts;
- ``Aufenthaltsdauer``        current residents per length-of-stay band, with the total (the
  city total when every resident is in the residents file);
- ``Aufenthaltsdauer je Unterkunft``  the same bands per accommodation (rows add up to the
  site's occupancy where the residents file covers it, columns to the city bands);
- ``Länger als 3 Jahre``      the sum of the bands of three years and more: the long-stay share
  is published only as this relation (count / total), never as a rounded share of hidden counts;
- ``Auszugsberechtigte``      residents entitled to move out (one city figure).

Two further blocks of the same publication count other units and have no exact relation to the
persons above, so each is protected jointly on its own (joint protection of unrelated blocks is
block-wise protection; the person block's pattern stays what it was):

- housing (objects = flats, Wohnqualität): ``Mängel je Stadtteil`` (district × inspected, defect
  items, overcrowded, open, resolved, with the city row), ``Objekte im Fokusgebiet`` (each column
  the sum of the focus districts) and ``Mängel nach Art`` (type × open/resolved; a type's two
  cells add up to the city column of that type where that holds for the data), ``Wohnfläche je
  Person`` (m² bin × overcrowded or not; the overcrowded bins add up to the city's overcrowded
  objects) and ``Offene Mängel je Monatsende`` (the last point is the city's open objects; the point
  at the previous Stand's housing Stichtag is linked to that Stand's published figure, kept fixed);
- children in accommodations (Soziale Infrastruktur): ``Kinder in Unterkünften`` (district ×
  0–5, 6–9, 6–17, with the city row) and ``Kinder im Fokusgebiet`` (0–5 plus 6–17 of the focus
  districts: the page's tile).
- infrastructure (Soziale Infrastruktur, persons of the district population and waiting lists):
  ``Kita je Stadtteil`` (district × children under 2, 2, 3–5 and the Kita waiting lists, with the
  city row; counts of the city in no district form the row "ohne Stadtteil") and ``Kita im
  Fokusgebiet`` (each column the sum of the focus districts); ``Grundschule je Stadtteil`` (children
  6–9, waiting lists) and ``Grundschule im Fokusgebiet`` alike. Places are not persons: not here.
- reach (Stadtteilprofil): ``Erreichbarkeit je Stadtteil`` (district × residents whose nearest Kita,
  school, counselling and district office all lie within the distance / farther, with the row total
  and the city row; the residents of accommodations and of inspected objects, as the profile weighs
  them) and ``Erreichbarkeit im Fokusgebiet`` (each column the sum of the focus districts). The reach
  share is published only as the relation of two of its cells, in whole per cent (:func:`reach_share`). A
  district's row total is linked to the person and housing blocks' cells (fixed) where it is exactly their
  sum for the data (accommodations' residents = the district's residents cell, its objects = the inspected
  objects cell). ``Erreichbarkeit nach Angebotsart``: see :mod:`ankunft.disclosure.ratsfassung_blocks`.

Before suppression the length-of-stay breakdowns are redesigned (:mod:`ankunft.disclosure.coarsen`:
adjacent bands merged until none is small, else dropped; recorded in :attr:`Ratsfassung.coarsened`), and
the joint suppression runs with cost tiers that keep the city totals (:func:`_priorities`).

Every council screen and export takes its figures from here (:meth:`Ratsfassung.cell`); nothing in
council mode protects its own figures. The previous Stand's Ratsfassung travels along
(:attr:`Ratsfassung.previous`): comparisons and timeline points are its *published* values, so
the two publications agree by construction. The threshold (:attr:`Ratsfassung.cfg`) is one per
Stand and named in :attr:`Ratsfassung.footer`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Hashable, Mapping, Sequence
from dataclasses import dataclass, field, replace

import pandas as pd

from ankunft.core import fmt
from ankunft.disclosure import coarsen
from ankunft.disclosure import protect as dc
from ankunft.disclosure import ratsfassung_blocks as blocks
from ankunft.disclosure import ratsfassung_focus as focus_mod
from ankunft.disclosure.config import DEFAULT, EMPTY, DisclosureConfig
from ankunft.disclosure.figures import Figure
from ankunft.disclosure.protect import Protected
from ankunft.disclosure.publication import Publication
from ankunft.disclosure.ratsfassung_blocks import REACH_TYPES, reach_type_share, relation_share

ACC = "Belegung je Unterkunft"
DIST = "Bewohner je Stadtteil"
FOCUS = "Fokusgebiet"
BANDS = "Aufenthaltsdauer"
LOS = "Aufenthaltsdauer je Unterkunft"
LONG = "Länger als 3 Jahre"
ENTITLED = "Auszugsberechtigte"
HOUSING = "Mängel je Stadtteil"
HOUSING_FOCUS = "Objekte im Fokusgebiet"
TYPES = "Mängel nach Art"
CHILDREN = "Kinder in Unterkünften"
CHILDREN_FOCUS = "Kinder im Fokusgebiet"
SPACE = "Wohnfläche je Person"
OPEN_TIME = "Offene Mängel je Monatsende"
KITA = "Kita je Stadtteil"
KITA_FOCUS = "Kita im Fokusgebiet"
SCHOOL = "Grundschule je Stadtteil"
SCHOOL_FOCUS = "Grundschule im Fokusgebiet"
REACH = "Erreichbarkeit je Stadtteil"
REACH_FOCUS = "Erreichbarkeit im Fokusgebiet"
TABLES = (ACC, DIST, FOCUS, BANDS, LOS, LONG, ENTITLED, HOUSING, HOUSING_FOCUS, TYPES, SPACE, OPEN_TIME, CHILDREN,
          CHILDREN_FOCUS, KITA, KITA_FOCUS, SCHOOL, SCHOOL_FOCUS, REACH, REACH_FOCUS, REACH_TYPES)
REACH_COLS = ("within", "beyond")  # residents with every basic service within the distance / not
REACH_SOURCES = ("accommodations", "housing")
KITA_COLS = ("children_under_2", "children_2", "children_3_5", "waiting_list")
SCHOOL_COLS = ("children_6_9", "waiting_list")
PREVIOUS = "vorher:"  # prefix of the previous Stand's tables in relations across Stände
CHILD_COLS = ("children_0_5", "children_6_9", "children_6_17")
CHILD_TILE_COLS = ("children_0_5", "children_6_17")  # together: every child (6–9 is part of 6–17)
TOTAL = dc.TOTAL
NO_DISTRICT = "ohne Stadtteil"
FOCUS_ROWS = ((FOCUS, DIST), (HOUSING_FOCUS, HOUSING), (KITA_FOCUS, KITA), (SCHOOL_FOCUS, SCHOOL), (REACH_FOCUS, REACH))


@dataclass(frozen=True)
class Counts:
    """The true counts of one Stand that the Ratsfassung publishes (built by the views layer).

    occupancy:   accommodation key -> residents, accommodations in operation with known occupancy.
    district_of: accommodation key -> district id (``NO_DISTRICT`` when unknown).
    districts:   every district id the district table lists (0 where no accommodation).
    bands:       length-of-stay band -> current residents of accommodations in operation, or None.
    long_bands:  the bands that make "three years and more".
    entitled:    residents entitled to move out, or None when unknown.
    bands_by_site: accommodation key × band -> current residents (the report's table), or None.
    housing:     district id (``NO_DISTRICT`` for objects without one) × housing count column, or None.
    defect_types: defect type × ("offen", "behoben") -> objects, or None.
    type_columns: defect type -> the ``housing`` column that counts the same objects (all states).
    children:    district id × :data:`CHILD_COLS` -> children in accommodations, or None.
    space:       m² bin label (in order) × group -> objects (the Wohnqualität histogram), or None.
    space_columns: space group -> the ``housing`` column that counts the same objects ("überbelegt").
    open_months: month label -> objects with open defects at that month end (the last = the Stichtag).
    open_dates:  month label -> the date of that point.
    housing_day: the Stichtag of the housing data (the previous Stand's links its timeline point).
    band_label:  German label of merged bands (``("< 1 Jahr", "1–3 Jahre")`` -> "bis 3 Jahre").
    kita:        district id (``NO_DISTRICT`` for the city's rest) × :data:`KITA_COLS`, or None.
    school:      district id (``NO_DISTRICT`` for the city's rest) × :data:`SCHOOL_COLS`, or None.
    reach:       district id (``NO_DISTRICT`` for points in none) × :data:`REACH_COLS` (residents), or None.
    reach_sources: the same rows × :data:`REACH_SOURCES`: the residents of accommodations and the
                 weights of inspected objects in the row total (to register the relations that hold).
    reach_types: "kind: category" × near/mid/far (:mod:`~ankunft.disclosure.ratsfassung_blocks`), or None;
    reach_type_sites / reach_sites: its accommodation rows / ``reach``'s rows -> column -> accommodation keys.
    known_columns: housing item column -> the ``housing`` column of objects where it is recorded.
    """

    stand: dt.date
    occupancy: pd.Series
    district_of: Mapping[str, str]
    districts: Sequence[str]
    focus_ids: Sequence[str]
    bands: pd.Series | None = None
    long_bands: Sequence[str] = ()
    entitled: float | None = None
    bands_by_site: pd.DataFrame | None = None
    housing: pd.DataFrame | None = None
    defect_types: pd.DataFrame | None = None
    type_columns: Mapping[str, str] | None = None
    children: pd.DataFrame | None = None
    space: pd.DataFrame | None = None
    space_columns: Mapping[str, str] | None = None
    open_months: pd.Series | None = None
    open_dates: Mapping[str, dt.date] | None = None
    housing_day: dt.date | None = None
    band_label: Callable[[Sequence[Hashable]], str] | None = None
    kita: pd.DataFrame | None = None
    school: pd.DataFrame | None = None
    reach: pd.DataFrame | None = None
    reach_sources: pd.DataFrame | None = None
    reach_types: pd.DataFrame | None = None
    reach_type_sites: Mapping[str, Mapping[str, tuple]] | None = None
    known_columns: Mapping[str, str] | None = None
    reach_sites: Mapping[str, Mapping[str, tuple]] | None = None


@dataclass(frozen=True, eq=False)
class Ratsfassung:
    """One Stand's council publication: protected tables, their relations, the previous Stand's."""

    stand: dt.date
    cfg: DisclosureConfig
    tables: Mapping[str, Protected]
    links: tuple
    previous: "Ratsfassung | None" = None
    housing_day: dt.date | None = None
    coarsened: Mapping[str, coarsen.Coarsened] = field(default_factory=dict)
    withheld: frozenset = frozenset()  # tables no suppression pattern protects: not published ("•")

    def has(self, name: str, row: Hashable, col: Hashable | None = None) -> bool:
        pub = self.tables.get(name)
        if pub is None:
            return False
        return row in pub.values.index and (pub.is_series or col in pub.count_cols)

    def cell(self, name: str, row: Hashable, col: Hashable | None = None) -> Figure:
        """The published figure (``–`` when the Ratsfassung does not contain it)."""
        if not self.has(name, row, col):
            return Figure(None, EMPTY, cfg=self.cfg)
        pub = self.tables[name]
        return pub.cell(row) if pub.is_series else pub.cell(row, col)

    def before(self, name: str, row: Hashable, col: Hashable | None = None) -> Figure:
        """The same cell as the previous Stand's Ratsfassung published it (``–`` without one)."""
        if self.previous is None:
            return Figure(None, EMPTY, cfg=self.cfg)
        return self.previous.cell(name, row, col)

    def change(self, name: str, row: Hashable, col: Hashable | None = None) -> float | None:
        """now − before when both Stände published the cell (a difference of published numbers)."""
        now, then = self.cell(name, row, col), self.before(name, row, col)
        if now.suppressed or then.suppressed or now.value is None or then.value is None:
            return None
        return now.value - then.value

    def rows(self, name: str) -> list:
        pub = self.tables.get(name)
        return [] if pub is None else [r for r in pub.values.index if r != TOTAL]

    @property
    def note(self) -> str | None:
        statuses: set = set()
        for pub in self.tables.values():
            statuses |= pub.statuses
        return self.cfg.note(statuses)

    @property
    def coarsening_notes(self) -> tuple[str, ...]:
        """German notes on breakdowns that were coarsened or dropped before suppression (screens and
        export notes): "Aufenthaltsdauer zusammengefasst: bis 3 Jahre / …, weil …"."""
        out = []
        for name, c in self.coarsened.items():
            text = coarsen.note(name, c, self.cfg)
            if text:
                out.append(text)
        return tuple(out)

    def coarsening_note(self, name: str) -> str | None:
        """The note for one table (None when it was published as it is)."""
        c = self.coarsened.get(name)
        return None if c is None else coarsen.note(name, c, self.cfg)

    def bands_of(self, name: str) -> list[str]:
        """The published categories of a breakdown (the columns of a table, the rows of a series)."""
        pub = self.tables.get(name)
        if pub is None:
            return []
        return self.rows(name) if pub.is_series else [c for c in pub.count_cols if c != TOTAL]

    def long_bands(self, long: Sequence[str]) -> list[str] | None:
        """The published length-of-stay categories that make up exactly ``long`` (None when the bands
        were merged across the boundary, or dropped)."""
        c = self.coarsened.get(BANDS)
        if BANDS not in self.tables:
            return None
        return list(long) if c is None else c.union_of(long)

    @property
    def footer(self) -> str:
        """The line every council screen and export carries: Stand and threshold."""
        return (f"Ratsfassung zum Stand {fmt.date(self.stand)}: Personenzahlen von {self.cfg.small_low} bis "
                f"{self.cfg.threshold} als „{self.cfg.marker}“, rückrechenbare Werte als „•“.")

    @property
    def threshold_line(self) -> str:
        """The threshold line of every council export's footer (:func:`threshold_line`)."""
        return threshold_line(self.cfg, self.stand)

    def audit(self) -> list:
        """Hidden cells recomputable from this Ratsfassung and the previous Stand's together."""
        tables = dict(self.tables)
        links = list(self.links)
        if self.previous is not None:
            for name, pub in self.previous.tables.items():
                tables[PREVIOUS + name] = pub
            for rel in self.previous.links:  # (its own links to the Stand before it are not in view)
                if not any(str(k[0]).startswith(PREVIOUS) for k in rel):
                    links.append({(PREVIOUS + k[0], *k[1:]): c for k, c in rel.items()})
        return dc.audit_publication(tables, links) if tables else []


def threshold_line(cfg: DisclosureConfig, stand: dt.date) -> str:
    """"Kleine Fallzahlen (1–2) ausgeblendet, Stand 30.09.2026": the Stand's recorded threshold, as
    every council export prints it."""
    return f"Kleine Fallzahlen ({cfg.small_low}–{cfg.threshold}) ausgeblendet, Stand {fmt.date(stand)}"


def _series(values: Mapping, name: str) -> pd.Series:
    return pd.Series({k: float(v) for k, v in values.items()}, dtype="float64", name=name)


def build(counts: Counts, cfg: DisclosureConfig = DEFAULT, previous: Ratsfassung | None = None,
          previous_counts: Counts | None = None) -> Ratsfassung:
    """Protect the Stand's council tables jointly (see the module docstring). ``previous_counts``:
    the true counts behind ``previous`` (to register the relations across Stände that hold). The
    pattern does not depend on the focus area: its cells are derived afterwards (``ratsfassung_focus``)."""
    rats = _protect(replace(counts, focus_ids=()), cfg, previous,
                    None if previous_counts is None else replace(previous_counts, focus_ids=()))
    return focus_mod.with_focus(rats, list(counts.focus_ids), FOCUS_ROWS, [(CHILDREN_FOCUS, CHILDREN, CHILD_TILE_COLS)],
                                FOCUS)


def _protect(counts: Counts, cfg: DisclosureConfig, previous: Ratsfassung | None,
             previous_counts: Counts | None) -> Ratsfassung:
    pub = Publication(cfg)
    occ = counts.occupancy.astype("float64")
    occ.index = pd.Index([str(k) for k in occ.index], dtype="object")
    if len(occ):
        pub.table(ACC, occ.rename(ACC), total=True)
        groups = {k: counts.district_of.get(k) or NO_DISTRICT for k in occ.index}
        ids = list(dict.fromkeys([*counts.districts, *sorted(set(groups.values()) - set(counts.districts))]))
        dist = _series({d: occ[[k for k, g in groups.items() if g == d]].sum() for d in ids}, DIST)
        pub.table(DIST, dist, total=True)
        pub.link_all(dc.links_grouped(ACC, DIST, groups))
        pub.link(dc.link_equal((ACC, TOTAL, None), (DIST, TOTAL, None)))
    grouping = _bands(pub, counts, occ, cfg)
    per_site = _per_site_bands(pub, counts, occ, grouping, cfg)
    if counts.entitled is not None:
        pub.table(ENTITLED, _series({ENTITLED: counts.entitled}, ENTITLED))
    _priorities(pub)
    tables = dict(pub.solve()) if pub.tables else {}
    links = list(pub.links)
    for block in (_housing_block(counts, cfg, previous, previous_counts), _children_block(counts, cfg),
                  _infrastructure_block(counts, cfg)):
        if block.tables:
            tables.update({k: v for k, v in block.solve().items() if not k.startswith(PREVIOUS)})
            links += block.links
    coarsened = {name: c for name, c in ((BANDS, grouping), (LOS, per_site)) if c is not None and c.changed}
    reach, withheld = _reach_block(counts, cfg, tables, occ), frozenset()
    if reach.tables:
        solved = reach.solve()
        joint = Ratsfassung(counts.stand, cfg, {**tables, **{k: v for k, v in solved.items() if k not in tables}},
                            tuple(links + list(reach.links)), previous, counts.housing_day, coarsened)
        # withheld when its own pattern fails (a district of 2 residents split 1 / 1 next to its fixed
        # "≤2") or when, together with every other table and relation, it pins a hidden cell (e.g. the
        # known range 1–2 of hidden cells of a site and of its district, tied by the reach row's total)
        if reach.audit() or joint.audit():
            withheld = frozenset({REACH, REACH_FOCUS})
        else:
            return _reach_types(joint, counts, occ)
    return _reach_types(Ratsfassung(counts.stand, cfg, tables, tuple(links), previous, counts.housing_day, coarsened,
                                    withheld), counts, occ)


def _reach_types(rats: Ratsfassung, counts: Counts, occ: pd.Series) -> Ratsfassung:
    cells = {blocks.ACC_KIND: (ACC, TOTAL, None), blocks.HOUSING_KIND: (HOUSING, TOTAL, "inspected"),
             blocks.ALL_KIND: (REACH, TOTAL, TOTAL)}  # a kind's row totals: equal to these where they are
    return blocks.with_reach_types(rats, counts, occ, ACC, cells)


def _priorities(pub: Publication) -> None:
    """Costs of the joint suppression: the city totals are the headline (hidden only as a last resort),
    district, focus and length-of-stay figures next; single sites and per-site cells are cheapest."""
    headline = [(ACC, TOTAL, None), (DIST, TOTAL, None), (BANDS, TOTAL, None), (LOS, TOTAL, TOTAL)]
    pub.expensive([k for k in headline if k[0] in pub.tables], 2)
    tier1 = [(FOCUS, FOCUS, None), (LONG, LONG, None), (ENTITLED, ENTITLED, None)]
    for name in (DIST, BANDS):
        spec = pub.tables.get(name)
        if spec is not None:
            tier1 += [(name, r, None) for r in spec.data.index]
    spec = pub.tables.get(LOS)
    if spec is not None:
        tier1 += [(LOS, TOTAL, c) for c in spec.data.columns]
    pub.expensive([k for k in tier1 if k[0] in pub.tables], 1)


def _bands(pub: Publication, counts: Counts, occ: pd.Series, cfg: DisclosureConfig) -> coarsen.Coarsened | None:
    """The city's length-of-stay bands, redesigned before suppression (adjacent bands merged until no
    band is small, the three-year boundary of "länger als 3 Jahre" kept where possible), with the
    total and the long-stay figure (published only when its bands are whole published categories)."""
    if counts.bands is None or not len(counts.bands):
        return None
    bands = counts.bands.astype("float64").rename(BANDS)
    bands.index = pd.Index([str(b) for b in bands.index], dtype="object")
    long = [b for b in counts.long_bands if b in bands.index]
    order = list(bands.index)
    barriers = [order.index(long[0])] if long and order[-len(long):] == long else []
    grouping = coarsen.collapse(bands, cfg, label=counts.band_label or coarsen.default_label, barriers=barriers)
    if grouping.dropped:
        return grouping
    published = grouping.data.rename(BANDS)
    pub.table(BANDS, published, total=True)
    if len(occ) and float(bands.sum()) == float(occ.sum()):
        pub.link(dc.link_equal((BANDS, TOTAL, None), (ACC, TOTAL, None)))
    labels = grouping.union_of(long) if long else None
    if labels:
        pub.table(LONG, _series({LONG: bands[long].sum()}, LONG))
        pub.link(dc.link_sum((LONG, LONG, None), [(BANDS, b, None) for b in labels]))
    return grouping


def _frame(df: pd.DataFrame) -> pd.DataFrame:
    out = df.astype("float64").copy()
    out.index = pd.Index([str(k) for k in out.index], dtype="object")
    out.columns = pd.Index([str(c) for c in out.columns], dtype="object")
    return out


def _housing_block(counts: Counts, cfg: DisclosureConfig, previous: Ratsfassung | None = None,
                   previous_counts: Counts | None = None) -> Publication:
    """Objects (flats) of the Wohnqualität: per district with the city, the focus area, the types,
    the space-per-person histogram and the month-end line of open defects."""
    pub = Publication(cfg)
    if counts.housing is None or len(counts.housing) == 0:
        return pub
    body = _frame(counts.housing)
    cols = list(body.columns)
    pub.table(HOUSING, body, count_cols=cols, col_total=True)
    pub.expensive([(HOUSING, TOTAL, c) for c in cols], 2)  # the city's figures: the headline
    pub.link_all(blocks.known_links(body, HOUSING, counts.known_columns or {}))  # shares' denominators
    types = counts.defect_types
    if types is not None and len(types):
        types = _frame(types)
        pub.table(TYPES, types, count_cols=list(types.columns))
        for label, col in (counts.type_columns or {}).items():
            if label in types.index and col in cols and float(types.loc[label].sum()) == float(body[col].sum()):
                pub.link(dc.link_sum((HOUSING, TOTAL, col), [(TYPES, label, c) for c in types.columns]))
    _space(pub, counts, body)
    _open_months(pub, counts, body, previous, previous_counts)
    return pub


def _space(pub: Publication, counts: Counts, body: pd.DataFrame) -> None:
    """Objects per m² bin and group; a group's bins add up to the city's count of that group (the
    overcrowded objects of the housing table) where that holds for the data."""
    if counts.space is None or len(counts.space) == 0:
        return
    space = _frame(counts.space)
    pub.table(SPACE, space, count_cols=list(space.columns))
    for group, col in (counts.space_columns or {}).items():
        if group in space.columns and col in body.columns and float(space[group].sum()) == float(body[col].sum()):
            pub.link(dc.link_sum((HOUSING, TOTAL, col), [(SPACE, b, group) for b in space.index]))


def _open_months(pub: Publication, counts: Counts, body: pd.DataFrame, previous: Ratsfassung | None,
                 previous_counts: Counts | None) -> None:
    """Open defects per month end. The last point is the city's open objects at the Stichtag; the point
    at the previous Stand's housing Stichtag is what that Stand's Ratsfassung published (or hid) when
    the two agree — then it is linked to the previous publication, which stays fixed."""
    months = counts.open_months
    if months is None or len(months) == 0:
        return
    s = _series(dict(months.items()), OPEN_TIME)
    s.index = pd.Index([str(k) for k in s.index], dtype="object")
    pub.table(OPEN_TIME, s)
    if "open" in body.columns and float(s.iloc[-1]) == float(body["open"].sum()):
        pub.link(dc.link_equal((OPEN_TIME, s.index[-1], None), (HOUSING, TOTAL, "open")))
    if previous is None or previous_counts is None or HOUSING not in previous.tables:
        return
    prev = previous_counts.housing
    if prev is None or "open" not in prev.columns or previous.housing_day is None:
        return
    for label, day in (counts.open_dates or {}).items():
        if day == previous.housing_day and label in s.index and float(s[label]) == float(prev["open"].sum()):
            pub.published(PREVIOUS + HOUSING, previous.tables[HOUSING])
            pub.link(dc.link_equal((OPEN_TIME, label, None), (PREVIOUS + HOUSING, TOTAL, "open")))
            break


def _children_block(counts: Counts, cfg: DisclosureConfig) -> Publication:
    """Children in accommodations per district with the city, and the focus area's tile."""
    pub = Publication(cfg)
    if counts.children is None or len(counts.children) == 0:
        return pub
    body = _frame(counts.children[list(CHILD_COLS)])
    pub.table(CHILDREN, body, count_cols=list(CHILD_COLS), col_total=True)
    pub.expensive([(CHILDREN, TOTAL, c) for c in CHILD_COLS], 2)
    return pub


def _infrastructure_block(counts: Counts, cfg: DisclosureConfig) -> Publication:
    """Kita and Grundschule counts of persons per district with the city row, and the focus area's row
    (each column the sum of its districts). Both tables count other persons than the blocks above and
    than each other (population by age, waiting lists of different institutions): no relation between
    them, so protecting them in one block is protecting each on its own."""
    pub = Publication(cfg)
    for name, cols, data in ((KITA, KITA_COLS, counts.kita), (SCHOOL, SCHOOL_COLS, counts.school)):
        if data is None or len(data) == 0:
            continue
        body = _frame(data[list(cols)])
        pub.table(name, body, count_cols=list(cols), col_total=True)
        pub.expensive([(name, TOTAL, c) for c in cols], 2)  # the city's figures: the headline
    return pub


def _per_site_bands(pub: Publication, counts: Counts, occ: pd.Series, grouping: coarsen.Coarsened | None,
                    cfg: DisclosureConfig) -> coarsen.Coarsened | None:
    """The bands per accommodation, redesigned like the city's (starting from the city's grouping, so
    its total row is never finer than the city bands; merged further until no cell is small, else
    dropped), linked to the site's occupancy and to the city bands."""
    los = counts.bands_by_site
    if los is None or len(los) == 0 or BANDS not in pub.tables or grouping is None or grouping.dropped:
        return None
    los = _frame(los)
    if any(c not in los.columns for g in grouping.groups for c in g):
        return None
    order = list(counts.bands.index.astype(str))
    long = [b for b in counts.long_bands if b in order]
    barriers = [order.index(long[0])] if long and order[-len(long):] == long else []
    site = coarsen.collapse(los[order], cfg, label=counts.band_label or coarsen.default_label, barriers=barriers,
                            start=grouping.groups)
    if site.dropped:
        return site
    pub.table(LOS, site.data, count_cols=list(site.labels), row_total=True, col_total=True)
    for key, row in site.data.iterrows():
        if key in occ.index and float(row.sum()) == float(occ[key]):
            pub.link(dc.link_equal((LOS, key, TOTAL), (ACC, key, None)))
    city = pub.tables[BANDS].data
    for group, label in zip(site.groups, site.labels):
        parts = [lab for g, lab in zip(grouping.groups, grouping.labels) if set(g) <= set(group)]
        if parts and float(site.data[label].sum()) == float(city[parts].sum()):
            pub.link(dc.link_sum((LOS, TOTAL, label), [(BANDS, p, None) for p in parts]))
    return site


def _reach_block(counts: Counts, cfg: DisclosureConfig, fixed: Mapping[str, Protected], occ: pd.Series) -> Publication:
    """Residents within / beyond the distance per district with the city row, and the focus area's row.
    The person and housing blocks enter as fixed tables; a district's row total is linked to their cells,
    and a cell to its accommodations' residents (``counts.reach_sites``), where exactly so for the data."""
    pub = Publication(cfg)
    if counts.reach is None or len(counts.reach) == 0:
        return pub
    body = _frame(counts.reach[list(REACH_COLS)]).round()
    cols = list(REACH_COLS)
    pub.table(REACH, body, count_cols=cols, row_total=True, col_total=True)
    pub.expensive([(REACH, TOTAL, c) for c in (*cols, TOTAL)], 2)  # the city's share: the headline
    rels = _reach_links(counts, body, fixed, occ) + blocks.site_links(REACH, body, counts.reach_sites or {}, occ, ACC)
    for name in sorted({k[0] for rel in rels for k in rel} - {REACH}):
        pub.published(name, fixed[name])
    pub.link_all(rels)
    return pub


def _reach_links(counts: Counts, body: pd.DataFrame, fixed: Mapping[str, Protected], occ: pd.Series) -> list[dict]:
    """District row total = residents cell (+ inspected objects cell) where each nonzero part is exactly
    that cell's true count; no relation where a part counts something the Ratsfassung does not publish."""
    src = counts.reach_sources
    if src is None:
        return []
    groups = {k: counts.district_of.get(k) or NO_DISTRICT for k in occ.index}
    residents = {d: float(occ[[k for k, g in groups.items() if g == d]].sum()) for d in set(groups.values())}
    housing = counts.housing
    out = []
    for d in body.index:
        if d not in src.index:
            continue
        parts, ok = [], True
        for part, name, true, col in (("accommodations", DIST, residents.get(d, 0.0), None),
                                      ("housing", HOUSING, None if housing is None or d not in housing.index
                                       else float(housing.at[d, "inspected"]), "inspected")):
            value = float(src.at[d, part])
            if value == 0:
                continue
            if name in fixed and true == value and d in fixed[name].values.index:
                parts.append((name, d, col))
            else:
                ok = False
        if ok and parts:
            out.append(dc.link_sum((REACH, d, TOTAL), parts))
    return out


def reach_share(rf: Ratsfassung, area: Hashable) -> Figure:
    """Residents reaching every basic service within the distance ÷ all residents of a district
    (``area``: its id), the focus area (:data:`FOCUS`) or the city (:data:`TOTAL`)."""
    name = REACH_FOCUS if area == FOCUS else REACH
    if name in rf.withheld:
        return Figure(None, "derived", "share", rf.cfg, 0)
    return relation_share(rf.cell(name, area, "within"), rf.cell(name, area, TOTAL), rf.cfg)


def long_stay_share(rf: Ratsfassung) -> Figure:
    """The long-stay share as the relation of two published counts, in whole per cent; hidden
    (``•``) when either count is hidden: then no rounding can pin a hidden band."""
    long, total = rf.cell(LONG, LONG), rf.cell(BANDS, TOTAL)
    if long.suppressed or total.suppressed or (BANDS in rf.coarsened and not rf.has(LONG, LONG)):
        # hidden, or withheld by the table redesign (bands dropped or merged across three years)
        return Figure(None, "derived", "share", rf.cfg, 0)
    return relation_share(long, total, rf.cfg)


__all__ = ["ACC", "BANDS", "CHILDREN", "CHILDREN_FOCUS", "CHILD_COLS", "CHILD_TILE_COLS", "DIST", "ENTITLED", "FOCUS",
           "HOUSING", "HOUSING_FOCUS", "KITA", "KITA_COLS", "KITA_FOCUS", "LONG", "LOS", "NO_DISTRICT", "OPEN_TIME", "PREVIOUS", "REACH", "REACH_COLS", "REACH_FOCUS", "REACH_SOURCES", "REACH_TYPES", "SCHOOL", "SCHOOL_COLS", "SCHOOL_FOCUS", "SPACE", "TABLES", "TOTAL", "TYPES", "Counts", "Ratsfassung",
           "build", "long_stay_share", "reach_share", "reach_type_share", "relation_share", "threshold_line"]
