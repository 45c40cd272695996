"""Protected tables and series, linked publications and the publication auditor.

Cell keys are `(table_name, row_label, column_label)`; for a Series the column label is None.
A relation (link) is a mapping cell key -> coefficient with sum(coefficient * cell) == 0.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ankunft.core import fmt
from ankunft.disclosure.audit import Recomputed, audit
from ankunft.disclosure.config import DEFAULT, PRIMARY, PUBLISHED, SUPPRESSED_STATUSES, DisclosureConfig
from ankunft.disclosure.engine import Problem
from ankunft.disclosure.figures import Figure

TOTAL = "Gesamt"
Key = tuple
Link = Mapping[tuple, float]


# --- specification of a table to protect --------------------------------------------------------
@dataclass(frozen=True)
class Table:
    """A table (DataFrame) or series of counts to be protected.

    DataFrame: `count_cols` (default: all numeric columns) hold counts; other columns are passed
    through. `row_total`: each row's total as a column — True appends a column "Gesamt", a column
    label names an existing total column. `col_total`: each column's total as a row — True appends
    a row "Gesamt", a row label names an existing total row.
    Series: `total` as above (True appends an entry "Gesamt").
    `signed`: values are changes (may be negative); they are not small-count suppressed but may be
    hidden as complements. `contributions`: for the dominance rule, cell -> {unit: value}
    (cell = (row, col) for frames, row for series); totals are aggregated automatically.
    """

    data: pd.DataFrame | pd.Series
    count_cols: Sequence[Hashable] | None = None
    row_total: bool | Hashable = False
    col_total: bool | Hashable = False
    total: bool | Hashable = False
    signed: bool = False
    contributions: Mapping | None = None


@dataclass(frozen=True)
class _Prepared:
    data: pd.DataFrame | pd.Series
    count_cols: tuple
    row_total: Hashable | None
    col_total: Hashable | None
    total: Hashable | None
    signed: bool
    contributions: dict


def _is_flag(x) -> bool:
    return isinstance(x, (bool, np.bool_))


def _merge(parts: Iterable[Mapping | None]) -> dict | None:
    out: dict = {}
    any_part = False
    for part in parts:
        if part is None:
            continue
        any_part = True
        for unit, v in part.items():
            out[unit] = out.get(unit, 0.0) + float(v)
    return out if any_part else None


def _units(contrib) -> dict | None:
    if contrib is None:
        return None
    if isinstance(contrib, Mapping):
        return dict(contrib)
    return {i: v for i, v in enumerate(contrib)}


def _check_total(name, label, actual, expected):
    bad = ~np.isclose(np.asarray(actual, dtype=float), np.asarray(expected, dtype=float))
    if bad.any():
        raise ValueError(f"Tabelle {name!r}: die Summe {label!r} stimmt nicht mit den Einzelwerten überein")


def _prepare(name: str, spec: Table) -> _Prepared:
    data = spec.data
    if not data.index.is_unique:
        raise ValueError(f"Tabelle {name!r}: Zeilenbeschriftungen müssen eindeutig sein")
    raw_contrib = {k: _units(v) for k, v in (spec.contributions or {}).items()}
    if isinstance(data, pd.Series):
        s = data.astype(float)
        total = None
        if _is_flag(spec.total):
            if spec.total:
                if TOTAL in s.index:
                    raise ValueError(f"Tabelle {name!r}: enthält schon einen Eintrag {TOTAL!r}")
                s = pd.concat([s, pd.Series({TOTAL: s.sum()})])
                s.name = data.name
                total = TOTAL
        else:
            total = spec.total
            if total not in s.index:
                raise ValueError(f"Tabelle {name!r}: Summeneintrag {total!r} fehlt")
            _check_total(name, total, s[total], s.drop(total).sum())
        contrib = {(name, r, None): c for r, c in raw_contrib.items()}
        if total is not None and raw_contrib and total not in raw_contrib:
            contrib[(name, total, None)] = _merge(raw_contrib.values())
        return _Prepared(s, (), None, None, total, spec.signed, contrib)

    df = data.copy()
    if not df.columns.is_unique:
        raise ValueError(f"Tabelle {name!r}: Spaltennamen müssen eindeutig sein")
    row_total = None if _is_flag(spec.row_total) else spec.row_total
    col_total = None if _is_flag(spec.col_total) else spec.col_total
    if spec.count_cols is None:
        parts = [c for c in df.columns if pd.api.types.is_numeric_dtype(df[c]) and c != row_total]
    else:
        parts = [c for c in spec.count_cols if c != row_total]
    missing = [c for c in parts if c not in df.columns]
    if missing:
        raise ValueError(f"Tabelle {name!r}: Spalten fehlen: {missing}")
    body_rows = [r for r in df.index if r != col_total]
    for c in parts:
        df[c] = df[c].astype(float)
    if spec.row_total is True:
        if TOTAL in df.columns:
            raise ValueError(f"Tabelle {name!r}: enthält schon eine Spalte {TOTAL!r}")
        df[TOTAL] = df[parts].sum(axis=1)
        row_total = TOTAL
    elif row_total is not None:
        if row_total not in df.columns:
            raise ValueError(f"Tabelle {name!r}: Summenspalte {row_total!r} fehlt")
        df[row_total] = df[row_total].astype(float)
        _check_total(name, row_total, df[row_total], df[parts].sum(axis=1))
    counts = parts + ([row_total] if row_total is not None else [])
    if spec.col_total is True:
        if TOTAL in df.index:
            raise ValueError(f"Tabelle {name!r}: enthält schon eine Zeile {TOTAL!r}")
        total_row = pd.DataFrame([{c: df.loc[body_rows, c].sum() for c in counts}], index=[TOTAL])
        df = pd.concat([df, total_row])
        for c in counts:
            df[c] = df[c].astype(float)
        col_total = TOTAL
    elif col_total is not None:
        if col_total not in df.index:
            raise ValueError(f"Tabelle {name!r}: Summenzeile {col_total!r} fehlt")
        _check_total(name, col_total, df.loc[col_total, counts], df.loc[body_rows, counts].sum())
    contrib: dict = {}
    if raw_contrib:
        for (r, c), units in raw_contrib.items():
            contrib[(name, r, c)] = units
        for r in body_rows:
            if row_total is not None and (r, row_total) not in raw_contrib:
                contrib[(name, r, row_total)] = _merge(raw_contrib.get((r, c)) for c in parts)
        if col_total is not None:
            for c in parts:
                if (col_total, c) not in raw_contrib:
                    contrib[(name, col_total, c)] = _merge(raw_contrib.get((r, c)) for r in body_rows)
            if row_total is not None and (col_total, row_total) not in raw_contrib:
                contrib[(name, col_total, row_total)] = _merge(raw_contrib.values())
    return _Prepared(df, tuple(counts), row_total, col_total, None, spec.signed, contrib)


def _relations(name: str, data, count_cols, row_total, col_total, total) -> list[dict]:
    rels: list[dict] = []
    if isinstance(data, pd.Series):
        if total is not None:
            rel = {(name, r, None): 1.0 for r in data.index if r != total}
            rel[(name, total, None)] = -1.0
            rels.append(rel)
        return rels
    parts = [c for c in count_cols if c != row_total]
    body_rows = [r for r in data.index if r != col_total]
    if row_total is not None:
        for r in data.index:
            rel = {(name, r, c): 1.0 for c in parts}
            rel[(name, r, row_total)] = -1.0
            rels.append(rel)
    if col_total is not None:
        for c in count_cols:
            rel = {(name, r, c): 1.0 for r in body_rows}
            rel[(name, col_total, c)] = -1.0
            rels.append(rel)
    return rels


# --- the protected result ------------------------------------------------------------------------
@dataclass(frozen=True, eq=False)
class Protected:
    """A table or series as it may be published.

    values:  the published numbers; NaN where a count is hidden (never the hidden value).
             Non-count columns are passed through unchanged.
    status:  same shape; "published", "primary" (small count), "dominance", "secondary";
             "" for non-count columns.
    mask:    True where hidden.  display: German strings (`1.234`, `≤2`, `•`).
    residual: hidden cells (of this publication or of earlier ones linked to it) that stay
             recomputable whatever is hidden now, because earlier publications give them away
             (e.g. a previous value and an exactly published change). Empty in normal use.
    """

    values: pd.DataFrame | pd.Series
    status: pd.DataFrame | pd.Series
    cfg: DisclosureConfig = DEFAULT
    count_cols: tuple = ()
    row_total: Hashable | None = None
    col_total: Hashable | None = None
    total: Hashable | None = None
    signed: bool = False
    residual: tuple = field(default_factory=tuple)

    @property
    def is_series(self) -> bool:
        return isinstance(self.values, pd.Series)

    @property
    def mask(self) -> pd.DataFrame | pd.Series:
        if self.is_series:
            return self.status.isin(SUPPRESSED_STATUSES)
        return self.status.apply(lambda col: col.isin(SUPPRESSED_STATUSES))

    def _text(self, value, status) -> str:
        return Figure(None if status in SUPPRESSED_STATUSES else value, status,
                      "signed" if self.signed else "count", self.cfg).text

    @property
    def display(self) -> pd.DataFrame | pd.Series:
        """German strings for tables: counts formatted, hidden cells as `≤2` / `•`."""
        if self.is_series:
            return pd.Series([self._text(v, s) for v, s in zip(self.values, self.status)],
                             index=self.values.index, name=self.values.name, dtype=object)
        out = pd.DataFrame(index=self.values.index, columns=self.values.columns, dtype=object)
        for c in self.values.columns:
            if c in self.count_cols:
                out[c] = [self._text(v, s) for v, s in zip(self.values[c], self.status[c])]
            else:
                out[c] = [_passthrough(v) for v in self.values[c]]
        return out

    @property
    def statuses(self) -> set[str]:
        if self.is_series:
            return set(self.status)
        return set(self.status[list(self.count_cols)].to_numpy().ravel()) if self.count_cols else set()

    @property
    def note(self) -> str | None:
        """German caption, e.g. `Werte ≤2 unterdrückt.` (None when nothing is hidden)."""
        return self.cfg.note(self.statuses)

    def cell(self, row, col=None) -> Figure:
        """One published figure (for KPIs, sentences, shares and means)."""
        if self.is_series:
            value, st = self.values[row], self.status[row]
        else:
            if col not in self.count_cols:
                raise KeyError(f"{col!r} ist keine Zählspalte")
            value, st = self.values.at[row, col], self.status.at[row, col]
        hidden = st in SUPPRESSED_STATUSES
        return Figure(None if hidden else float(value), st, "signed" if self.signed else "count", self.cfg)

    def keys(self, name: str) -> list[Key]:
        if self.is_series:
            return [(name, r, None) for r in self.values.index]
        return [(name, r, c) for r in self.values.index for c in self.count_cols]

    def relations(self, name: str) -> list[dict]:
        """The sums this table publishes, as relations over its cell keys."""
        return _relations(name, self.values, self.count_cols, self.row_total, self.col_total, self.total)

    def published_cells(self, name: str) -> dict[Key, float | None]:
        """Cell key -> published value (None where hidden): what a reader sees."""
        out = {}
        for key in self.keys(name):
            _, r, c = key
            st = self.status[r] if self.is_series else self.status.at[r, c]
            v = self.values[r] if self.is_series else self.values.at[r, c]
            out[key] = None if st in SUPPRESSED_STATUSES else float(v)
        return out

    def hidden_bounds(self, name: str) -> dict[Key, tuple[float, float]]:
        """What the markers reveal about each hidden cell, as (low, high)."""
        out = {}
        for key in self.keys(name):
            _, r, c = key
            st = self.status[r] if self.is_series else self.status.at[r, c]
            if st in SUPPRESSED_STATUSES:
                out[key] = self.cfg.bounds(st, self.signed)
        return out

    def chart(self, column=None, *, include_total: bool = False) -> "ChartPayload":
        return chart_payload(self, column, include_total=include_total)


def _passthrough(v) -> str:
    if v is None or v is pd.NA or (isinstance(v, float) and math.isnan(v)):
        return fmt.MISSING
    if isinstance(v, (int, float, np.integer, np.floating)) and not isinstance(v, bool):
        return fmt.num(v, 0 if float(v) == round(float(v)) else 1)
    return str(v)


@dataclass(frozen=True)
class ChartPayload:
    """One chart series: labels, values (None where hidden), display texts and the German note."""

    labels: list
    values: list[float | None]
    texts: list[str]
    note: str | None


def chart_payload(pub: Protected, column=None, *, include_total: bool = False) -> ChartPayload:
    """Values for a chart: None for hidden cells (the bar/point is left out), plus the note
    `Werte ≤2 unterdrückt.` when something is hidden. For a DataFrame, name the `column`."""
    if pub.is_series:
        values, status, text = pub.values, pub.status, pub.display
        skip = pub.total
    else:
        if column not in pub.count_cols:
            raise KeyError(f"{column!r} ist keine Zählspalte")
        values, status, text = pub.values[column], pub.status[column], pub.display[column]
        skip = pub.col_total
    labels, vals, texts, seen = [], [], [], set()
    for label in values.index:
        if label == skip and skip is not None and not include_total:
            continue
        hidden = status[label] in SUPPRESSED_STATUSES
        labels.append(label)
        vals.append(None if hidden else float(values[label]))
        texts.append(text[label])
        seen.add(status[label])
    return ChartPayload(labels, vals, texts, pub.cfg.note(seen))


# --- building problems -------------------------------------------------------------------------
def _build(problem: Problem, name: str, item, cfg: DisclosureConfig):
    """Add a table to the problem; returns the prepared spec (None for already published tables)."""
    if isinstance(item, Protected):
        bounds = item.hidden_bounds(name)
        for key, value in item.published_cells(name).items():
            problem.add_fixed(key, value, bounds.get(key))
        for rel in item.relations(name):
            problem.add_relation(rel)
        return None
    spec = item if isinstance(item, Table) else Table(item)
    prep = _prepare(name, spec)
    if isinstance(prep.data, pd.Series):
        for r, v in prep.data.items():
            key = (name, r, None)
            problem.add_cell(key, v, signed=prep.signed, contributions=prep.contributions.get(key))
    else:
        for r in prep.data.index:
            for c in prep.count_cols:
                key = (name, r, c)
                problem.add_cell(key, prep.data.at[r, c], signed=prep.signed,
                                 contributions=prep.contributions.get(key))
    for rel in _relations(name, prep.data, prep.count_cols, prep.row_total, prep.col_total, prep.total):
        problem.add_relation(rel)
    return prep


def _result(name: str, prep: _Prepared, status: Mapping, residual, cfg: DisclosureConfig) -> Protected:
    data = prep.data
    mine = tuple(residual)
    if isinstance(data, pd.Series):
        st = pd.Series([status[(name, r, None)] for r in data.index], index=data.index, dtype=object)
        vals = data.where(~st.isin(SUPPRESSED_STATUSES))
        return Protected(vals, st, cfg, (), None, None, prep.total, prep.signed, mine)
    st = pd.DataFrame("", index=data.index, columns=data.columns, dtype=object)
    vals = data.copy()
    for c in prep.count_cols:
        st[c] = [status[(name, r, c)] for r in data.index]
        vals[c] = data[c].where(~st[c].isin(SUPPRESSED_STATUSES))
    return Protected(vals, st, cfg, prep.count_cols, prep.row_total, prep.col_total, None, prep.signed, mine)


def suppress_linked(tables: Mapping[str, Table | pd.DataFrame | pd.Series | Protected], links: Iterable[Link] = (),
                    cfg: DisclosureConfig = DEFAULT, priority: Mapping[Key, int] | None = None) -> dict[str, Protected]:
    """Protect several tables shown together (one screen or export) as one publication.

    tables: name -> `Table` spec, plain DataFrame/Series (no totals), or an already published
            `Protected` (e.g. the previous Stichtag: fixed, its hidden cells stay hidden and must
            not become recomputable).
    links:  relations between cells of different tables (see `link_equal`, `link_sum`,
            `links_grouped`, `links_change`).
    priority: cell key -> cost tier for complements (default 0); a cell of a higher tier is hidden
            only when no cheaper cell protects (totals and headline figures).
    Returns name -> Protected for every table (published ones unchanged).
    """
    problem = Problem()
    problem.priority = dict(priority or {})
    prepared = {name: _build(problem, name, item, cfg) for name, item in tables.items()}
    for link in links:
        problem.add_relation(link)
    status, residual = problem.solve(cfg)
    out = {}
    for name, item in tables.items():
        prep = prepared[name]
        out[name] = item if prep is None else _result(name, prep, status, residual, cfg)
    return out


def _single(item: Table, cfg, previous, changes) -> Protected:
    tables: dict = {"jetzt": item}
    links: list = []
    if previous is not None:
        tables["vorher"] = previous
        if changes is not None:
            if not isinstance(changes, Protected):  # public numbers: a signed table, all published
                changes = suppress_linked({"veränderung": Table(changes, signed=True)}, (), cfg)["veränderung"]
            tables["veränderung"] = changes
            prep = _prepare("jetzt", item)
            now_cells = [(r, None) for r in prep.data.index] if isinstance(prep.data, pd.Series) else [
                (r, c) for r in prep.data.index for c in prep.count_cols]
            prev_cells = {k[1:] for k in previous.keys("vorher")}
            change_cells = {k[1:] for k in changes.keys("veränderung")}
            cells = [rc for rc in now_cells if rc in prev_cells and rc in change_cells]
            links = links_change("jetzt", "vorher", "veränderung", cells)
    return suppress_linked(tables, links, cfg)["jetzt"]


def protect_table(df: pd.DataFrame, count_cols: Sequence[Hashable] | None = None, *, row_total: bool | Hashable = False,
                  col_total: bool | Hashable = False, cfg: DisclosureConfig = DEFAULT,
                  contributions: Mapping | None = None, previous: Protected | None = None,
                  changes: pd.DataFrame | Protected | None = None) -> Protected:
    """Protect one table of counts (rows × count columns, optional totals; see `Table`).

    previous: the previous Stichtag's published table (same labels); with `changes` (the
              published net changes per cell, a DataFrame of public numbers or a Protected) the
              relation now = previous + change is audited as well.
    """
    spec = Table(df, count_cols, row_total, col_total, signed=False, contributions=contributions)
    return _single(spec, cfg, previous, changes)


def protect_series(s: pd.Series, *, total: bool | Hashable = False, cfg: DisclosureConfig = DEFAULT,
                   contributions: Mapping | None = None, previous: Protected | None = None,
                   changes: pd.Series | Protected | None = None) -> Protected:
    """Protect one series of counts (e.g. persons per accommodation), optional total entry."""
    spec = Table(s, total=total, contributions=contributions)
    return _single(spec, cfg, previous, changes)


def apply_to_frame(df: pd.DataFrame, count_columns: Sequence[Hashable] | None = None, *,
                   total_row: bool | Hashable = False, total_col: bool | Hashable = False,
                   cfg: DisclosureConfig = DEFAULT) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Shortcut for pages: (display strings, mask). `total_row` is the row of column totals
    ("Gesamt" row), `total_col` the column of row totals ("Gesamt" column)."""
    pub = protect_table(df, count_columns, row_total=total_col, col_total=total_row, cfg=cfg)
    return pub.display, pub.mask


# --- links ----------------------------------------------------------------------------------------
def link_equal(a: Key, b: Key) -> dict:
    """The same quantity shown twice: a == b."""
    return {a: 1.0, b: -1.0}


def link_sum(total: Key, parts: Iterable[Key]) -> dict:
    """total == sum(parts)."""
    rel = {p: 1.0 for p in parts}
    rel[total] = -1.0
    return rel


def links_grouped(parts_table: str, totals_table: str, groups: Mapping[Hashable, Hashable], *,
                  parts_col=None, totals_col=None) -> list[dict]:
    """Per-group totals in one table equal sums of parts in another.

    groups: part row label -> total row label (e.g. accommodation -> district). Every total row
    that has parts gets a relation total == sum(parts)."""
    members: dict = {}
    for part, group in groups.items():
        members.setdefault(group, []).append((parts_table, part, parts_col))
    return [link_sum((totals_table, g, totals_col), ps) for g, ps in members.items()]


def links_change(now: str, previous: str, change: str, cells: Iterable[tuple]) -> list[dict]:
    """now == previous + change for each (row, col) in `cells` (col None for series)."""
    return [{(now, r, c): 1.0, (previous, r, c): -1.0, (change, r, c): -1.0} for r, c in cells]


def contributions_from(df: pd.DataFrame, rows: str, unit: str, value: str, cols: str | None = None) -> dict:
    """Per-unit contributions for the dominance rule from a long frame (one row per unit and cell):
    cell -> {unit: value}, cell = row label (series) or (row, col)."""
    out: dict = {}
    group_keys = [rows] if cols is None else [rows, cols]
    for key, part in df.groupby(group_keys, sort=False):
        cell = key[0] if cols is None else tuple(key)
        out[cell] = part.groupby(unit, sort=False)[value].sum().astype(float).to_dict()
    return out


# --- auditing a whole publication ---------------------------------------------------------------
def audit_publication(tables: Mapping[str, Protected], links: Iterable[Link] = (), *,
                      extra: Mapping[Key, float | None] | None = None) -> list[Recomputed]:
    """Audit everything published together: every table's own sums, the links between them,
    earlier publications included as tables (previous Stichtag). Returns the hidden cells that
    can be recomputed exactly (empty = safe). `extra`: further published single figures
    (key -> value, None if hidden) that appear in `links`."""
    published: dict = {}
    bounds: dict = {}
    signed: set = set()
    relations: list = []
    cfg = next(iter(tables.values())).cfg if tables else DEFAULT
    for name, pub in tables.items():
        published.update(pub.published_cells(name))
        bounds.update(pub.hidden_bounds(name))
        if pub.signed:
            signed.update(pub.keys(name))
        relations.extend(pub.relations(name))
    if extra:
        published.update(extra)
    relations.extend(links)
    return audit(published, relations, cfg, bounds=bounds, signed=signed)


def primary_only(df_or_s, cfg: DisclosureConfig = DEFAULT, **table_kwargs) -> Protected:
    """Threshold rule without secondary suppression — NOT safe to publish; for tests and for
    showing why secondary suppression is needed."""
    prep = _prepare("t", Table(df_or_s, **table_kwargs))
    status = {}
    if isinstance(prep.data, pd.Series):
        for r, v in prep.data.items():
            status[("t", r, None)] = PRIMARY if cfg.is_small(v) else PUBLISHED
    else:
        for r in prep.data.index:
            for c in prep.count_cols:
                status[("t", r, c)] = PRIMARY if cfg.is_small(prep.data.at[r, c]) else PUBLISHED
    return _result("t", prep, status, (), cfg)
