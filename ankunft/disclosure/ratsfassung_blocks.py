"""Further blocks of the Ratsfassung (issue 15) and the shares published as relations of its cells.

``Erreichbarkeit nach Angebotsart`` (:data:`REACH_TYPES`): for each origin kind (accommodations,
inspected housing objects, all) and each service category with located services, the residents
(weights as the reach table counts them: the residents of an accommodation at the Stand, the
residents or objects of a housing cluster) whose nearest service of the category lies within 500 m
(``near``), within 500–1.000 m (``mid``) or farther (``far``), with the row total. The Soziale
Infrastruktur page shows only the relations "within 500 m" = near ÷ total and "within 1.000 m" =
1 − far ÷ total, in whole per cent (:func:`reach_type_share`); never a share of raw weights.

Relations registered (each only where it holds exactly for the data):

- a row's total = near + mid + far (the table's row total);
- the row "alle" = the sum of the kinds' rows, per column;
- a kind's totals are equal across the categories (the same points with the same weights);
- a cell of the accommodations' rows = the sum of the published residents of the accommodations in
  that band (council mode names every accommodation farther than 1.000 m and shows each one's
  nearest services, so a reader knows which sites make a cell); those cells are fixed;
- a row total = a fixed cell where it is exactly that cell's count (accommodations: the city's
  residents; housing objects: the inspected objects; all: the reach table's city total).

The block is protected after the person, housing and reach blocks with their cells fixed, and
withheld as a whole (every share "•") when its own pattern, or the whole Ratsfassung with it, lets
the auditor recompute a hidden cell. What a reader also knows but the auditor does not model: the
inequalities between a category's "near + mid" and the reach table's "all services within" (a point
within for every service is within for each); see docs/disclosure.md.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping

import pandas as pd

from ankunft.disclosure import protect as dc
from ankunft.disclosure.config import EMPTY, DisclosureConfig
from ankunft.disclosure.figures import Figure
from ankunft.disclosure.publication import Publication

REACH_TYPES = "Erreichbarkeit nach Angebotsart"
ACC_KIND, HOUSING_KIND, ALL_KIND = "Unterkunft", "Wohnobjekte", "alle"  # the origin kinds of ``indicators.reach``
REACH_BANDS = ("near", "mid", "far")  # ≤ 500 m, 500–1.000 m, farther (or none located)
REACH_BAND_LIMITS = (500.0, 1000.0)
TOTAL = dc.TOTAL


def row_key(kind: str, category: str) -> str:
    """The row of :data:`REACH_TYPES` for an origin kind and a service category: "Unterkunft: Kita"."""
    return f"{kind}: {category}"


def split_row(row: str) -> tuple[str, str]:
    kind, _, category = str(row).partition(": ")
    return kind, category


def relation_share(num: Figure, den: Figure, cfg: DisclosureConfig) -> Figure:
    """A share published only as the relation of two published cells, in whole per cent: hidden (``•``)
    when either is hidden, ``–`` without a denominator."""
    if num.suppressed or den.suppressed:
        return Figure(None, "derived", "share", cfg, 0)
    if num.value is None or not den.value:
        return Figure(None, EMPTY, "share", cfg, 0)
    return Figure(num.value / den.value, "published", "share", cfg, 0)


def reach_type_share(rats, kind: str, category: str, within_m: float) -> Figure:
    """The share of a kind's residents whose nearest service of ``category`` lies within ``within_m``
    (500 or 1.000 m) as the relation of the Ratsfassung's cells, in whole per cent: near ÷ total, or
    1 − far ÷ total. ``•`` when a cell is hidden or the block is withheld, ``–`` without the row."""
    row = row_key(kind, category)
    if REACH_TYPES in rats.withheld:
        return Figure(None, "derived", "share", rats.cfg, 0)
    total = rats.cell(REACH_TYPES, row, TOTAL)
    if within_m <= REACH_BAND_LIMITS[0]:
        return relation_share(rats.cell(REACH_TYPES, row, "near"), total, rats.cfg)
    far = relation_share(rats.cell(REACH_TYPES, row, "far"), total, rats.cfg)
    if far.suppressed or far.value is None:
        return far
    return Figure(1.0 - far.value, "published", "share", rats.cfg, 0)


def _internal_links(body: pd.DataFrame) -> list[dict]:
    """"alle" = the sum of the kinds; a kind's totals equal across its categories (where they are)."""
    rows: dict[str, dict[str, str]] = {}
    for row in body.index:
        kind, category = split_row(row)
        rows.setdefault(category, {})[kind] = row
    totals = body.sum(axis=1)
    out = []
    for by_kind in rows.values():
        parts = [r for k, r in by_kind.items() if k != ALL_KIND]
        if ALL_KIND in by_kind and parts:
            whole = by_kind[ALL_KIND]
            for c in REACH_BANDS:
                if float(body.loc[parts, c].sum()) == float(body.at[whole, c]):
                    out.append(dc.link_sum((REACH_TYPES, whole, c), [(REACH_TYPES, p, c) for p in parts]))
    first: dict[str, str] = {}
    for row in body.index:
        kind = split_row(row)[0]
        if kind not in first:
            first[kind] = row
        elif float(totals[row]) == float(totals[first[kind]]):
            out.append(dc.link_equal((REACH_TYPES, row, TOTAL), (REACH_TYPES, first[kind], TOTAL)))
    return out


def site_links(table: str, body: pd.DataFrame, sites: Mapping[str, Mapping[str, tuple]], occ: pd.Series,
               site_table: str) -> list[dict]:
    """A cell = Σ the residents cells of the accommodations counted in it (``sites``: row -> column -> keys),
    where that holds exactly for the data (no other origin adds to it): a reader who knows where each site
    lies reads the cell so. Used for :data:`REACH_TYPES` and the Stadtteilprofil's reach table."""
    out = []
    for row, cols in sites.items():
        for c, keys in cols.items():
            keys = [str(k) for k in keys]
            if row not in body.index or c not in body.columns or not keys or any(k not in occ.index for k in keys):
                continue
            if float(occ[keys].sum()) == float(body.at[row, c]):
                out.append(dc.link_sum((table, row, c), [(site_table, k, None) for k in keys]))
    return out


def reach_types_block(body: pd.DataFrame, sites: Mapping[str, Mapping[str, tuple]], occ: pd.Series,
                      site_table: str, anchors: Mapping[str, tuple[tuple, float]],
                      fixed: Mapping[str, dc.Protected], cfg: DisclosureConfig) -> Publication:
    """The block :data:`REACH_TYPES` with its relations (see the module docstring). ``anchors``: kind ->
    (a fixed cell's key, its true count): the kind's row totals are linked to it where equal."""
    pub = Publication(cfg)
    body = body[list(REACH_BANDS)].astype("float64")
    pub.table(REACH_TYPES, body, count_cols=list(REACH_BANDS), row_total=True)
    pub.expensive([(REACH_TYPES, r, TOTAL) for r in body.index], 2)  # the denominators of every share
    rels = _internal_links(body) + site_links(REACH_TYPES, body, sites, occ, site_table)
    totals = body.sum(axis=1)
    for row in body.index:
        anchor = anchors.get(split_row(row)[0])
        if anchor is not None and anchor[0][0] in fixed and float(totals[row]) == float(anchor[1]):
            rels.append(dc.link_equal((REACH_TYPES, row, TOTAL), anchor[0]))
    for name in sorted({k[0] for rel in rels for k in rel} - {REACH_TYPES}):
        pub.published(name, fixed[name])
    pub.link_all(rels)
    return pub


def with_reach_types(rats, counts, occ: pd.Series, site_table: str, cells: Mapping[str, tuple]):
    """``rats`` (a :class:`~ankunft.disclosure.ratsfassung.Ratsfassung`) with the block of
    ``counts.reach_types`` protected and joined, or withheld when no pattern protects it jointly with
    everything else. ``cells``: kind -> the fixed cell its row totals are linked to where equal (the city's
    residents, inspected objects, the reach table's total)."""
    body = counts.reach_types
    if body is None or len(body) == 0:
        return rats
    h, r = counts.housing, counts.reach
    truth = {ACC_KIND: float(occ.sum()), ALL_KIND: -1.0 if r is None else float(r.round().to_numpy().sum()),
             HOUSING_KIND: float(h["inspected"].sum()) if h is not None and "inspected" in h.columns else -1.0}
    anchors = {kind: (cell, truth[kind]) for kind, cell in cells.items()}
    block = reach_types_block(body, counts.reach_type_sites or {}, occ, site_table, anchors, rats.tables, rats.cfg)
    solved = block.solve()
    joint = dataclasses.replace(rats, tables={**rats.tables, REACH_TYPES: solved[REACH_TYPES]},
                                links=tuple(rats.links) + tuple(block.links))
    if block.audit() or joint.audit():
        return dataclasses.replace(rats, withheld=frozenset(rats.withheld) | {REACH_TYPES})
    return joint


def known_links(body: pd.DataFrame, table: str, known_of: Mapping[str, str], base: str = "inspected") -> list[dict]:
    """The housing block's "objects where the item is recorded" columns (``known_of``: item -> its column):
    a row's recorded objects = its inspected objects where the item is recorded for every object (a
    reader who sees no gap may assume so); the share item ÷ recorded is the relation of the two cells."""
    out = []
    if base not in body.columns:
        return out
    for known in dict.fromkeys(known_of.values()):
        if known in body.columns:
            out += [dc.link_equal((table, row, known), (table, row, base))
                    for row in body.index if float(body.at[row, known]) == float(body.at[row, base])]
    return out


__all__ = ["ACC_KIND", "ALL_KIND", "HOUSING_KIND", "REACH_BANDS", "REACH_BAND_LIMITS", "REACH_TYPES", "known_links",
           "reach_type_share", "reach_types_block", "relation_share", "row_key", "site_links", "split_row",
           "with_reach_types"]
