"""The focus area's cells of a Ratsfassung: derived from its published district cells (issue 15).

The focus area is a saved setting that an officer may change between two council reports of the same
Stand. When the focus row took part in the joint protection, each focus area gave the Stand another
suppression pattern, and a reader holding two reports combined them: on the small-number data a district's
open defects "≤2" came out as 1 from the city total, the focus rows of 01–04 and of 01 alone
(``tests/audit/test_outside_attacker.py``). Now the Stand's tables are protected without any focus area,
and a focus cell is published only where a reader can add it up from published district cells (then it
tells nothing new, whatever focus area a report uses); otherwise it is "•".
"""

from __future__ import annotations

from dataclasses import replace
from typing import Hashable, Sequence

import numpy as np
import pandas as pd

from ankunft.disclosure.config import MASKED, PUBLISHED, SUPPRESSED_STATUSES
from ankunft.disclosure.protect import Protected, link_sum


def _sum(src: Protected, rows: Sequence[Hashable], col) -> tuple[float, str]:
    """The sum of these cells and its status: published when every part is, else hidden ("•")."""
    if src.is_series:
        values, statuses = src.values[list(rows)], src.status[list(rows)]
    else:
        values, statuses = src.values.loc[list(rows), col], src.status.loc[list(rows), col]
    statuses = [str(s) for s in statuses]
    if any(s in SUPPRESSED_STATUSES for s in statuses):
        return np.nan, MASKED
    total = float(pd.to_numeric(values, errors="coerce").fillna(0.0).sum())
    return total, ("" if statuses and all(s == "" for s in statuses) else PUBLISHED)


def focus_row(src: Protected, source: str, name: str, row: Hashable, ids: Sequence[str]) -> tuple[Protected, list]:
    """One focus row (or a one-cell series) over the district rows ``ids`` of ``src``, with its relations."""
    if src.is_series:
        value, status = _sum(src, ids, None)
        table = Protected(pd.Series({row: value}, name=name, dtype="float64"),
                          pd.Series({row: status}, name=name, dtype=object), src.cfg, signed=src.signed)
        return table, [link_sum((name, row, None), [(source, d, None) for d in ids])]
    values, status = {}, {}
    for col in src.values.columns:
        values[col], status[col] = _sum(src, ids, col)
    index = pd.Index([row], dtype="object")
    table = Protected(pd.DataFrame([values], index=index, columns=src.values.columns),
                      pd.DataFrame([status], index=index, columns=src.values.columns, dtype=object), src.cfg,
                      count_cols=tuple(src.count_cols), row_total=src.row_total, signed=src.signed)
    links = [link_sum((name, row, c), [(source, d, c) for d in ids]) for c in src.count_cols
             if c != src.row_total]
    return table, links


def tile(src: Protected, source: str, name: str, ids: Sequence[str], cols: Sequence) -> tuple[Protected, list]:
    """A one-cell tile: the sum of several columns over the district rows ``ids``."""
    parts = [_sum(src, ids, c) for c in cols] if ids else [(0.0, PUBLISHED)]
    hidden = any(s == MASKED for _, s in parts)
    value = np.nan if hidden else float(sum(v for v, _ in parts))
    table = Protected(pd.Series({name: value}, dtype="float64"),
                      pd.Series({name: MASKED if hidden else PUBLISHED}, dtype=object), src.cfg)
    return table, ([link_sum((name, name, None), [(source, d, c) for d in ids for c in cols])] if ids else [])


def with_focus(rats, focus_ids: Sequence[str], rows: Sequence[tuple[str, str]], tiles: Sequence[tuple],
               row: Hashable):
    """``rats`` (protected without a focus area) with the focus tables derived from its district tables:
    ``rows`` (focus table, district table) and ``tiles`` (tile, district table, columns)."""
    if not focus_ids:
        return rats
    tables, links = dict(rats.tables), list(rats.links)
    for name, source in rows:
        src = tables.get(source)
        if src is None or name in rats.withheld:
            continue
        ids = [d for d in focus_ids if d in src.values.index]
        if src.is_series and not ids:
            continue  # no district of the focus area has a site: no focus figure (as before)
        if not ids:  # a focus area without objects: a row of zeros
            zero = Protected(src.values.iloc[:0], src.status.iloc[:0], src.cfg, count_cols=tuple(src.count_cols),
                             row_total=src.row_total)
            index = pd.Index([row], dtype="object")
            tables[name] = replace(zero, values=pd.DataFrame(0.0, index=index, columns=src.values.columns),
                                   status=pd.DataFrame(PUBLISHED, index=index, columns=src.values.columns))
            continue
        tables[name], new = focus_row(src, source, name, row, ids)
        links += new
    for name, source, cols in tiles:
        src = tables.get(source)
        if src is None:
            continue
        tables[name], new = tile(src, source, name, [d for d in focus_ids if d in src.values.index], cols)
        links += new
    names = {n for n, _ in rows} | {n for n, *_ in tiles}
    out = replace(rats, tables=tables, links=tuple(links))
    if not any(tables[n].mask.to_numpy().any() for n in names if n in tables):
        return out
    # a hidden focus cell that published cells add up to anyway (the focus area holds every district whose
    # cell is hidden, next to the city total) is published: it tells nothing new
    derivable = [r for r in out.audit() if r.key[0] in names]
    for r in derivable:
        name, row_key, col = r.key
        t = tables[name]
        values, status = t.values.copy(), t.status.copy()
        if t.is_series:
            values[row_key], status[row_key] = r.value, PUBLISHED
        else:
            values.at[row_key, col], status.at[row_key, col] = r.value, PUBLISHED
        tables[name] = replace(t, values=values, status=status)
    return replace(out, tables=tables) if derivable else out
