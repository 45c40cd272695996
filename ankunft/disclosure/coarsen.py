"""Table redesign before suppression: collapse adjacent categories of a breakdown (issue 15).

Statistical offices do not publish a breakdown of a total (length-of-stay bands, age groups,
household sizes) cell by cell when some of its cells are small: they first *redesign* the table.
Adjacent categories are merged, in their order, until no cell is small (1..threshold; zeros are
fine) or only one category is left — then the breakdown is dropped. Only then does cell suppression
run, on the coarser table. Without this, a total published beside its breakdown often has to be
hidden: with bands 2 / 2 / 6 / 41, "Gesamt 51" and "länger als 3 Jahre 47" give 4 for the two
small bands, and markers `≤2` reveal 2 + 2.

Merging rule (deterministic, general): take the smallest small cell (first in reading order on
ties); merge its category with the adjacent one that does not cross a ``barrier`` (a boundary
another published figure relies on, e.g. three years for "länger als 3 Jahre"), else with the
adjacent one of the smaller total. A barrier is crossed only when nothing else helps; the result
then says so (:attr:`Coarsened.crossed`), and the figure that relied on it must not be published.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass

import pandas as pd

from ankunft.disclosure.config import DisclosureConfig

Label = Callable[[Sequence[Hashable]], str]


def default_label(members: Sequence[Hashable]) -> str:
    """"A bis C" for merged categories, the category itself when alone."""
    return str(members[0]) if len(members) == 1 else f"{members[0]} bis {members[-1]}"


@dataclass(frozen=True)
class Coarsened:
    """The redesigned breakdown.

    groups:  the published categories, each a tuple of original categories (in order).
    labels:  German label per group.
    data:    the breakdown with the merged categories as columns (a Series for a Series input).
    dropped: True when no grouping of two or more categories avoids small cells.
    crossed: barriers (indices into the original categories) that a merge had to cross.
    """

    groups: tuple[tuple[Hashable, ...], ...]
    labels: tuple[str, ...]
    data: pd.DataFrame | pd.Series | None
    dropped: bool = False
    crossed: frozenset = frozenset()

    @property
    def changed(self) -> bool:
        return self.dropped or any(len(g) > 1 for g in self.groups)

    def members(self, label: str) -> tuple[Hashable, ...]:
        return self.groups[self.labels.index(label)]

    def union_of(self, categories: Sequence[Hashable]) -> list[str] | None:
        """The published labels whose categories make up exactly ``categories`` (None if none do)."""
        want = set(categories)
        picked = [lab for lab, g in zip(self.labels, self.groups) if set(g) <= want]
        got = {c for lab in picked for c in self.members(lab)}
        return picked if got == want else None


def _frame(data: pd.DataFrame | pd.Series) -> pd.DataFrame:
    return data.to_frame().T if isinstance(data, pd.Series) else data


def _merged(frame: pd.DataFrame, groups, labels) -> pd.DataFrame:
    cols = {lab: frame[list(g)].sum(axis=1) for g, lab in zip(groups, labels)}
    return pd.DataFrame(cols, index=frame.index).astype("float64")


def collapse(data: pd.DataFrame | pd.Series, cfg: DisclosureConfig, *, label: Label = default_label,
             barriers: Sequence[int] = (), start: Sequence[Sequence[Hashable]] | None = None) -> Coarsened:
    """Merge adjacent categories of ``data`` until no cell is small (see the module docstring).

    data:     a Series (categories as index) or a DataFrame (rows × categories as columns, merged
              jointly: one grouping for every row).
    barriers: positions ``i`` of boundaries between original category ``i-1`` and ``i`` to keep.
    start:    an initial grouping (e.g. the grouping of a related breakdown that must stay aligned).
    """
    series = isinstance(data, pd.Series)
    frame = _frame(data).astype("float64")
    cats = list(frame.columns)
    groups = [tuple(g) for g in start] if start is not None else [(c,) for c in cats]
    pos = {c: i for i, c in enumerate(cats)}
    crossed: set[int] = set()
    while True:
        labels = [label(g) for g in groups]
        merged = _merged(frame, groups, labels)
        small = [(merged.iat[r, j], r, j) for r in range(len(merged)) for j in range(len(groups))
                 if cfg.is_small(merged.iat[r, j])]
        if not small:
            break
        if len(groups) == 1:
            return Coarsened(tuple(groups), tuple(labels), None, True, frozenset(crossed))
        _, _, j = min(small)
        totals = merged.sum(axis=0).to_numpy()
        options = []
        for k in (j - 1, j + 1):
            if 0 <= k < len(groups):
                boundary = pos[groups[max(j, k)][0]]
                options.append((boundary in barriers, float(totals[k]), k, boundary))
        cross, _, k, boundary = min(options)
        if cross:
            crossed.add(boundary)
        a, b = sorted((j, k))
        groups[a:b + 1] = [groups[a] + groups[b]]
    if len(groups) == 1 and len(cats) > 1:  # one category left is the total, not a breakdown
        return Coarsened(tuple(groups), tuple(labels), None, True, frozenset(crossed))
    out = merged.iloc[0].rename(data.name) if series else merged
    return Coarsened(tuple(groups), tuple(labels), out, False, frozenset(crossed))


def note(what: str, coarse: Coarsened, cfg: DisclosureConfig) -> str | None:
    """German note for screens and exports, e.g. "Aufenthaltsdauer zusammengefasst: bis 3 Jahre / länger
    als 3 Jahre, weil einzelne Gruppen weniger als 3 Personen hatten." (None when nothing changed)."""
    if not coarse.changed:
        return None
    why = f"weil einzelne Gruppen weniger als {cfg.threshold + 1} Personen hatten"
    if coarse.dropped:
        return f"{what} nicht aufgeteilt, {why}."
    return f"{what} zusammengefasst: {' / '.join(coarse.labels)}, {why}."


__all__ = ["Coarsened", "collapse", "default_label", "note"]
