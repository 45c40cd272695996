"""Council mode of the Szenarien page: which start counts the Ratsfassung hides, and the feasibility
finding from a start of published figures only.

* :func:`hidden_start` – the accommodations whose start occupancy the Übersicht hides, and
  :data:`TOTAL_HIDDEN` when the model's start total is no published figure (:func:`start_differs`), then
  with the largest count the published sums allow a site withheld to protect a small one (:func:`upper_bounds`);
* :func:`public_start` – with the start total hidden: the model's start with every count the council
  version does not publish replaced by its largest public value (:func:`stand_ins`);
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
    number outside the one publication; then also ``"<id>\\x1f<n>"`` for each site in operation withheld
    to protect a small count (:func:`upper_bounds`: published figures only). Sorted, hashable (a cache key
    of ``scenario_view.page_view``).
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
        bounds = upper_bounds(table, occ, ids, cfg or disclosure.DEFAULT)
        out |= {f"{i}{BOUND}{fmt_count(v)}" for i, v in bounds.items()}
    return tuple(sorted(out))


BOUND = "\x1f"  # in ``hidden``: "<id>\x1f<n>" – a hidden site's largest count the published figures allow


def fmt_count(value: float) -> str:
    return str(int(round(value)))


def upper_bounds(table: pd.DataFrame, occ, ids, cfg) -> dict[str, float]:
    """The largest count the Ratsfassung allows for each hidden site in operation that is no small count
    (withheld to protect one, "•"), where that is above the threshold: its district's published total minus
    the district's published sites and the smallest value of its other hidden sites (else the city's
    total the same way; neither published: no bound, the site takes the threshold). Published figures only."""
    open_ = table["is_open"].to_numpy(dtype=bool)
    figs = {k: occ.by_key.get(k) for k in table["key"]}
    small = {disclosure.PRIMARY, disclosure.MASKED}
    rows = [(k, i, str(d)) for k, i, d, o in zip(table["key"], ids, table["district_id"].astype("object"), open_)
            if o and figs[k] is not None]

    def room(total, members, k) -> float | None:
        if total is None or total.suppressed or total.value is None:
            return None
        known = sum(figs[m].value for m in members if not figs[m].suppressed and figs[m].value is not None)
        others = sum(1 for m in members if m != k and figs[m].suppressed)
        return float(total.value) - known - others * cfg.small_low

    out = {}
    for k, i, d in rows:
        if not figs[k].suppressed or figs[k].status in small:
            continue
        bound = room(occ.by_district.get(d), [m for m, _, dm in rows if dm == d], k)
        if bound is None:
            bound = room(occ.total, [m for m, _, _ in rows], k)
        if bound is not None and bound > cfg.threshold:
            out[i] = bound
    return out


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
    """The public stand-in of one hidden small start count: the largest count the suppression hides as
    small (``cfg.threshold``, 2 for "≤2") – never the true count."""
    return int((cfg or disclosure.DEFAULT).threshold)


def stand_ins(start: StartState, hidden: Iterable[str], cfg=None) -> np.ndarray:
    """Per row of the start the count it takes in :func:`public_start` where it stands in: the largest
    count the published figures allow (``hidden``'s ``<id>\\x1f<n>``, :func:`upper_bounds`), else
    :func:`stand_in`."""
    bounds = {e.split(BOUND)[0]: float(e.split(BOUND)[1]) for e in hidden if BOUND in e}
    return np.array([bounds.get(str(i), float(stand_in(cfg))) for i in start.accommodations["id"]])


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
    """The model's start with each count the council version does not publish replaced by its largest
    public value (:func:`stand_ins`: a small count at the threshold, a count withheld to protect one at
    what the published sums leave for it, the hidden remainder at the threshold; households split with the default shares, like a start without residents
    file: :func:`ankunft.scenario.households.households_from_occupancy`); every other accommodation keeps
    its households. The age bands are the default shares of these households (they do not move places
    but came from every resident). So the start depends only on published counts and the rule."""
    hidden = tuple(hidden)
    rows = standing_in(start, hidden)
    counts = stand_ins(start, hidden, cfg)[rows]
    households = np.asarray(start.households, dtype="float64").copy()
    if rows.any():
        households[rows] = hh.households_from_occupancy(counts, DEFAULT_HOUSEHOLD_PERSON_SHARES, DEFAULT_SIZE_4PLUS,
                                                        DEFAULT_ENTITLED_SHARE)
    persons_by_size = hh.persons_by_type(households).reshape(len(households), 2, hh.S_MAX).sum(axis=(0, 1))
    ages = hh.age_shares(np.zeros((hh.S_MAX, len(DEFAULT_AGE_SHARES))), DEFAULT_AGE_SHARES) * persons_by_size[:, None]
    persons = hh.persons_by_type(households) @ type_cells(hh.age_shares(ages, DEFAULT_AGE_SHARES))
    acc = start.accommodations.copy()
    acc.loc[rows, "occupancy"] = counts
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
