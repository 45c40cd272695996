"""Council mode of the Szenarien page: which start counts the Ratsfassung hides, and the feasibility
finding from a start of published figures only.

* :func:`hidden_start` – the accommodations whose start occupancy the Übersicht hides, and
  :data:`TOTAL_HIDDEN` when the model's start total is no published figure (:func:`start_differs`);
* :func:`public_start` – with the start total hidden: the model's start with every count the council
  version does not publish replaced by a public stand-in (:func:`stand_in`, the largest small count);
* :func:`public_run` / :func:`public_results` – the same scenario run from that start (cached): the
  council's feasibility ("umsetzbar" or not, people without a place or not, per variant) in the verdict,
  the comparison's "Umsetzbar" row, the report's tile, headline and notes and the Sachstand. Twins – two
  stores that differ only in a hidden count – run the identical model input and get the same finding.
"""

from __future__ import annotations

import dataclasses
from collections import OrderedDict
from collections.abc import Iterable, Mapping

import numpy as np
import pandas as pd

from ankunft import disclosure
from ankunft.scenario import households as hh
from ankunft.scenario.inputs import StartState, type_cells
from ankunft.scenario.observed import (
    DEFAULT_AGE_SHARES,
    DEFAULT_ENTITLED_SHARE,
    DEFAULT_HOUSEHOLD_PERSON_SHARES,
    DEFAULT_SIZE_4PLUS,
)
from ankunft.scenario.results import Result, simulate

TOTAL_HIDDEN = "Gesamt"  # in ``hidden``: the city total of residents is hidden too


# --- which start counts are hidden ----------------------------------------------------------------
def hidden_start(state, cfg=None, focus_ids=None, previous=None, start: StartState | None = None
                 ) -> tuple[str, ...]:
    """Accommodation ids whose start occupancy the Übersicht hides in council mode (the Stand's
    Ratsfassung, :mod:`ankunft.views.ratsfassung_data`; a site with residents outside it counts as
    hidden), plus :data:`TOTAL_HIDDEN` when the city total is hidden – or when the model starts from
    other counts than the Ratsfassung's (:func:`start_differs`): then its first month would show a
    number outside the one publication. Sorted, hashable (a cache key of :func:`page_view`).
    ``start``: the scenario's start state of ``state`` (computed when not given)."""
    from ankunft.core import reference
    from ankunft.indicators import overview as overview_indicators
    from ankunft.scenario.inputs import start_state_from
    from ankunft.views import overview_view as ov
    from ankunft.views import ratsfassung_data

    if not state.has("accommodations"):
        return ()
    table = overview_indicators.inputs(state, None).table
    # the cells the Stand's Ratsfassung hides (the Übersicht shows the same publication)
    occ = ov.occupancy_from(ratsfassung_data.for_stand(state, previous, tuple(focus_ids or reference.FOCUS_DEFAULT),
                                                       cfg or disclosure.DEFAULT), table)
    ids = table["id"].astype("object").where(table["id"].notna(), table["key"]).astype("str")
    out = {i for k, i in zip(table["key"], ids) if occ.hidden(k)}
    if occ.total.suppressed or start_differs(table, start if start is not None else start_state_from(state)):
        out.add(TOTAL_HIDDEN)
    return tuple(sorted(out))


def start_differs(table: pd.DataFrame, start: StartState) -> bool:
    """Does the model start from other counts than the Ratsfassung's? The Ratsfassung counts the
    accommodations in operation (the residents file where it names a site, else the list's column);
    the model every listed accommodation as its residents file (or the column) has it. A closed site
    still housing people, or a site the residents file misses, makes the start total a number outside
    the publication (start − published total = that site's count). Rows in the same order (both from
    the accommodation list); per site within half a person."""
    if len(start.accommodations) != len(table):
        return True
    counted = (table["is_open"].to_numpy(dtype=bool) & table["occupancy"].notna().to_numpy())
    expected = np.where(counted, table["occupancy"].fillna(0.0).to_numpy(dtype="float64"), 0.0)
    return bool(len(expected) and np.abs(start.residents() - expected).max() > 0.5)


# --- the feasibility finding from published figures only ------------------------------------------
def stand_in(cfg=None) -> int:
    """The public stand-in of one hidden start count: the largest count the suppression hides as small
    (``cfg.threshold``, 2 for "≤2") – never the true count."""
    return int((cfg or disclosure.DEFAULT).threshold)


def standing_in(start: StartState, hidden: Iterable[str]) -> np.ndarray:
    """Which rows of the start take the stand-in: every accommodation in ``hidden`` (a small count, a
    count withheld to protect one, a site outside the publication with a known count) and every
    closed accommodation the model still houses persons in (the hidden remainder: persons outside the
    Ratsfassung, whose count no publication names)."""
    hidden = set(hidden)
    acc = start.accommodations
    listed = np.array([str(i) in hidden for i in acc["id"]], dtype=bool)
    stranded = acc["closed"].to_numpy(dtype=bool) & (start.households.sum(axis=1) > 0)
    return listed | stranded


def public_start(start: StartState, hidden: Iterable[str], cfg=None) -> StartState:
    """The model's start with each count the council version does not publish replaced by
    :func:`stand_in` persons (households split with the default shares, like a start without residents
    file: :func:`ankunft.scenario.households.households_from_occupancy`); every other accommodation keeps
    its households. The age bands are the default shares of these households (they do not move places
    but came from every resident). So the start depends only on published counts and the rule."""
    rows = standing_in(start, hidden)
    households = np.asarray(start.households, dtype="float64").copy()
    if rows.any():
        households[rows] = hh.households_from_occupancy(np.full(int(rows.sum()), float(stand_in(cfg))),
                                                        DEFAULT_HOUSEHOLD_PERSON_SHARES, DEFAULT_SIZE_4PLUS,
                                                        DEFAULT_ENTITLED_SHARE)
    persons_by_size = hh.persons_by_type(households).reshape(len(households), 2, hh.S_MAX).sum(axis=(0, 1))
    ages = hh.age_shares(np.zeros((hh.S_MAX, len(DEFAULT_AGE_SHARES))), DEFAULT_AGE_SHARES) * persons_by_size[:, None]
    persons = hh.persons_by_type(households) @ type_cells(hh.age_shares(ages, DEFAULT_AGE_SHARES))
    acc = start.accommodations.copy()
    acc.loc[rows, "occupancy"] = float(stand_in(cfg))
    return dataclasses.replace(start, accommodations=acc, households=households, persons=persons, ages=ages)


_RUNS: OrderedDict[tuple, tuple[StartState, Result]] = OrderedDict()
_RUNS_KEPT = 48


def public_run(result: Result, hidden: Iterable[str], cfg=None) -> Result:
    """The scenario of ``result`` (its assumptions and variant) run from :func:`public_start` – one
    deterministic run, kept per start, assumptions, variant, hidden counts and threshold (the page, the
    comparison, the report and the Sachstand ask for the same run)."""
    hidden = tuple(sorted(set(hidden)))
    key = (id(result.start), result.assumptions.to_json(), result.variant, hidden, stand_in(cfg))
    kept = _RUNS.get(key)
    if kept is not None and kept[0] is result.start:  # the start itself is kept too: no id reused
        _RUNS.move_to_end(key)
        return kept[1]
    run = simulate(public_start(result.start, hidden, cfg), result.assumptions, result.variant, name=result.name)
    _RUNS[key] = (result.start, run)
    while len(_RUNS) > _RUNS_KEPT:
        _RUNS.popitem(last=False)
    return run


def public_results(results: Mapping[str, Result], hidden: Iterable[str], cfg=None) -> dict[str, Result]:
    """:func:`public_run` of each variant's result (the verdict over the variants reads all three)."""
    hidden = tuple(hidden)
    return {v: public_run(r, hidden, cfg) for v, r in results.items()}
