"""Uncertainty: a Monte Carlo of the demand, vectorised over runs.

The deterministic engine follows the expected flows. Here the same flows are drawn at random,
for ``runs`` runs at once (arrays runs × household types), month by month:

* arrivals: households of each type ~ Poisson with a month level that itself varies
  (Gamma, coefficient of variation ``ARRIVAL_CV``) around the chosen variant – a negative
  binomial, because assignments come in waves;
* move-outs, departures: binomial per household type with the assumed rates (a fixed number of
  move-outs a month becomes the rate it means for the households present);
* recognitions: binomial, must-house → entitled of the same size.

Demand does not depend on where households live (see the engine), so it needs no placement: the
places come from the plan (capacity at target utilisation minus the reserve). Results:
percentile bands of the demand per month and, per planned closure, the probability that no
shortfall against the target arises from its month to the end of the horizon (with every planned
closure counted) – the share of runs in which closing it then is feasible.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ankunft.scenario import engine
from ankunft.scenario import households as hh
from ankunft.scenario.inputs import Assumptions, StartState
from ankunft.scenario.results import TOLERANCE

RUNS = 500
ARRIVAL_CV = 0.3  # month-to-month variation of the arrival level (assumption, stated on the page)
BAND = (10, 90)  # percentiles of the band


@dataclass
class MonteCarlo:
    """Demand per run and month, the places at target, and what follows from them."""

    demand: np.ndarray  # (runs, T) persons
    target: np.ndarray  # (T,)
    plan: engine.Plan
    runs: int

    def band(self, q: tuple[int, int] = BAND) -> tuple[np.ndarray, np.ndarray]:
        """Lower and upper percentile of the demand per month."""
        lo, hi = np.percentile(self.demand, q, axis=0)
        return lo, hi

    def p_feasible_from(self, t: int) -> float:
        """Share of runs without a shortfall against the target in any month from t on."""
        ok = (self.demand[:, t:] <= self.target[None, t:] + TOLERANCE).all(axis=1)
        return float(ok.mean())

    @property
    def p_feasible(self) -> float:
        """Share of runs without any shortfall against the target (from month 1)."""
        return self.p_feasible_from(1)

    def closure_probabilities(self, n_start: int) -> dict[str, tuple[int, float]]:
        """Per planned closure within the horizon: id → (period, probability it is feasible then)."""
        T = self.demand.shape[1]
        out = {}
        for j in range(n_start):
            t = int(self.plan.close_at[j])
            if 1 <= t < T and self.plan.capacity[j] > 0:
                out[self.plan.ids[j]] = (t, self.p_feasible_from(t))
        return out


def monte_carlo(start: StartState, a: Assumptions, variant: str = "mittel", runs: int = RUNS,
                seed: int = 19) -> MonteCarlo:
    """``runs`` random demand paths (seeded: the same inputs give the same bands)."""
    rng = np.random.default_rng(seed)
    plan = engine.build_plan(start, a)
    ctx = engine.context(start, a, variant, plan)
    T = ctx.T
    N = np.repeat(start.households.sum(axis=0)[None, :], runs, axis=0).astype(np.int64)
    size = hh.TYPE_SIZE
    ent = hh.TYPE_GROUP == 1
    demand = np.empty((runs, T))
    demand[:, 0] = N @ size
    shape = 1.0 / ARRIVAL_CV**2
    for t in range(1, T):
        if ctx.count_mode:
            ent_persons = (N[:, ent] * size[ent]).sum(axis=1)
            f_e = np.minimum(1.0, np.divide(ctx.moveout_count, ent_persons, out=np.zeros(runs),
                                            where=ent_persons > 0))
        else:
            f_e = np.full(runs, min(1.0, max(0.0, float(ctx.rate[t]))))
        rates = np.where(ent[None, :], f_e[:, None], ctx.departure)
        N = N - rng.binomial(N, rates)
        must = N[:, hh.MUST_TYPES]
        rec = rng.binomial(must, ctx.recognition)
        N[:, hh.MUST_TYPES] -= rec
        N[:, hh.ENTITLED_TYPES] += rec
        level = rng.gamma(shape, 1.0 / shape, size=(runs, 1))
        N = N + rng.poisson(level * ctx.arrivals[t][None, :])
        demand[:, t] = N @ size
    target = np.maximum(ctx.cap.sum(axis=1) * ctx.target - ctx.reserve_places, 0.0)
    return MonteCarlo(demand=demand, target=target, plan=plan, runs=runs)
