"""Council mode glue: everything one screen shows is protected and audited as ONE publication.

A view model registers the count tables it publishes (tables, chart series, KPI tiles as
one-cell series) and the relations between them (a tile is the sum of table cells, a district
is the sum of its accommodations, the same number in two places) in a :class:`Publication`;
:meth:`Publication.solve` protects them jointly with :func:`ankunft.disclosure.suppress_linked`,
so that no hidden cell can be recomputed from any other figure of the same screen. The previous
Stichtag's publication can be added as fixed (already published) tables, together with the net
changes that are shown, so that "now = previous + change" is covered too.

:meth:`Publication.audit` runs the auditor over everything registered (including single figures
added with :meth:`Publication.figure`, e.g. a derived tile); the tests use the same collector to
audit each page's council view model from what it displays.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass, field

import pandas as pd

from ankunft import disclosure
from ankunft.disclosure import DEFAULT, DisclosureConfig, Figure, Protected, Recomputed, Table

Key = tuple
PREVIOUS_PREFIX = "vorher:"
CHANGE_PREFIX = "änderung:"


def previous_name(name: str) -> str:
    """Name under which the previous Stichtag's version of table ``name`` is registered."""
    return PREVIOUS_PREFIX + name


@dataclass
class Publication:
    """Tables, single figures and relations that appear together on one screen or in one export.

    Register with :meth:`table` (unprotected counts: a DataFrame/Series or a :class:`Table`),
    :meth:`published` (a table published earlier, fixed), :meth:`link` (relations over cell keys
    ``(table, row, col)``), then :meth:`solve`. Single figures computed from the solved tables
    (derived tiles) are registered with :meth:`figure` so that :meth:`audit` sees them.
    """

    cfg: DisclosureConfig = DEFAULT
    tables: dict[str, Table | Protected] = field(default_factory=dict)
    links: list[dict] = field(default_factory=list)
    figures: dict[Key, Figure] = field(default_factory=dict)
    priority: dict[Key, int] = field(default_factory=dict)
    _result: dict[str, Protected] | None = None

    # --- registering ----------------------------------------------------------------------
    def table(self, name: str, data: pd.DataFrame | pd.Series | Table, **spec) -> "Publication":
        """A table of counts to protect (``spec``: the :class:`Table` options, e.g. ``total=True``)."""
        if name in self.tables:
            raise ValueError(f"Tabelle {name!r} ist schon angemeldet")
        self.tables[name] = data if isinstance(data, Table) else Table(data, **spec)
        self._result = None
        return self

    def tile(self, name: str, value: float, parts: Iterable[Key]) -> "Publication":
        """A KPI tile that is the sum of table cells: a one-cell series linked to its parts."""
        parts = list(parts)
        self.table(name, pd.Series({name: float(value)}))
        if parts:
            self.link(disclosure.link_sum((name, name, None), parts))
        return self

    def published(self, name: str, pub: Protected) -> "Publication":
        """A table published earlier (previous Stichtag): fixed; its hidden cells must stay hidden."""
        if name in self.tables:
            raise ValueError(f"Tabelle {name!r} ist schon angemeldet")
        self.tables[name] = pub
        self._result = None
        return self

    def link(self, *relations: Mapping[Key, float]) -> "Publication":
        for rel in relations:
            self.links.append(dict(rel))
        self._result = None
        return self

    def expensive(self, keys: Iterable[Key], tier: int = 1) -> "Publication":
        """Cells to hide as complements only as a last resort (totals: tier 1, headline figures: 2)."""
        for key in keys:
            self.priority[key] = max(tier, self.priority.get(key, 0))
        self._result = None
        return self

    def link_all(self, relations: Iterable[Mapping[Key, float]]) -> "Publication":
        return self.link(*list(relations))

    def figure(self, key: Key, fig: Figure) -> "Publication":
        """A published single figure that appears in :attr:`links` (for the audit)."""
        self.figures[key] = fig
        return self

    # --- solving and auditing ---------------------------------------------------------------
    def solve(self) -> dict[str, Protected]:
        """Protect every registered table jointly (cached until something new is registered)."""
        if self._result is None:
            figure_keys = set(self.figures)
            links = [rel for rel in self.links if not figure_keys.intersection(rel)]
            self._result = disclosure.suppress_linked(self.tables, links, self.cfg, self.priority) if self.tables else {}
        return self._result

    def __getitem__(self, name: str) -> Protected:
        return self.solve()[name]

    def cell(self, name: str, row: Hashable, col: Hashable | None = None) -> Figure:
        """One protected figure (for tiles and sentences)."""
        pub = self[name]
        return pub.cell(row) if pub.is_series else pub.cell(row, col)

    def audit(self) -> list[Recomputed]:
        """Hidden cells that can be recomputed from everything registered (empty = safe)."""
        result = self.solve()
        links = self.links
        extra = {k: (None if f.suppressed else f.value) for k, f in self.figures.items()}
        if not result:
            return []
        return disclosure.audit_publication(result, links, extra=extra or None)

    @property
    def note(self) -> str | None:
        """German note for everything hidden on the screen (None when nothing is hidden)."""
        statuses: set = set()
        for name, pub in self.solve().items():
            if not name.startswith((PREVIOUS_PREFIX, CHANGE_PREFIX)):
                statuses |= pub.statuses
        statuses |= {f.status for f in self.figures.values()}
        return self.cfg.note(statuses)


def with_previous(pub: Publication, previous: Mapping[str, Protected],
                  changes: Mapping[str, pd.DataFrame | pd.Series] | None = None) -> Publication:
    """Add the previous Stichtag's published tables (fixed, as ``vorher:<name>``).

    ``changes``: table name -> the net changes since the previous Stichtag that the screen shows
    (same labels as the table; a Series for a series). They are registered as a signed table
    ``änderung:<name>`` linked by now = previous + change, so a change is hidden where it would
    give a hidden figure away (and the other way round).
    """
    for name, prev in previous.items():
        pub.published(previous_name(name), prev)
    for name, delta in (changes or {}).items():
        if name not in previous:
            raise ValueError(f"Veränderungen für {name!r} ohne vorigen Stichtag")
        change_name = CHANGE_PREFIX + name
        pub.table(change_name, Table(delta, signed=True))
        if isinstance(delta, pd.Series):
            cells = [(r, None) for r in delta.index]
        else:
            cells = [(r, c) for r in delta.index for c in delta.columns]
        prev_cells = {k[1:] for k in previous[name].keys(previous_name(name))}
        pub.link_all(disclosure.links_change(name, previous_name(name), change_name,
                                             [rc for rc in cells if rc in prev_cells]))
    return pub


def protected_children(body: pd.DataFrame, cols: list[str], tile_cols: list[str], area_ids: Iterable[str] | None,
                       cfg: DisclosureConfig = DEFAULT) -> tuple[Protected, Figure | None, str | None]:
    """Children in accommodations per district (``cols``) with the city total, and the tile
    "children in the area" (sum of the area's districts over ``tile_cols``), protected as one
    publication.

    Returns (the protected table, the tile figure or None without an area, the German note)."""
    pub = Publication(cfg)
    pub.table("children", body, count_cols=cols, col_total=True)
    tile = None
    if area_ids is not None:
        area = [d for d in area_ids if d in body.index]
        value = float(body.loc[area, tile_cols].to_numpy().sum()) if area else 0.0
        pub.tile("tile", value, [("children", d, c) for d in area for c in tile_cols])
        tile = pub.cell("tile", "tile")
    return pub["children"], tile, pub.note
