"""Closure-timeline scenarios: start state, assumptions, stock-flow engine, proposal and verdict.

Typical use::

    start = start_state(accommodations_df, residents_df, stichtag)
    a = default_assumptions(start)
    result = simulate(start, a, "mittel")
    verdict(result)            # "Plan ist umsetzbar (mittlere Zuweisung)."
    result.monthly             # one row per month
    proposal = propose(start, a)
    to_excel(result)           # bytes of an .xlsx with the assumptions on their own sheet
"""

from ankunft.scenario.inputs import (
    AGE_LABELS,
    ASSUMPTION_LABELS,
    GROUP_LABELS,
    HOUSEHOLD_LABELS,
    VARIANT_LABELS,
    VARIANTS,
    Assumptions,
    CapacityChange,
    StartState,
    default_assumptions,
    month_index,
    month_key,
    period_label,
    period_month,
    start_state,
    start_state_from,
)
from ankunft.scenario.proposal import PROPOSAL_LABELS, Proposal, propose
from ankunft.scenario.results import (
    COMPARE_LABELS,
    LABELS,
    Result,
    baseline,
    compare,
    compare_table,
    monthly_table,
    simulate,
    simulate_variants,
    to_excel,
)
from ankunft.scenario.verdict import verdict, verdict_variants

__all__ = [
    "AGE_LABELS", "ASSUMPTION_LABELS", "COMPARE_LABELS", "GROUP_LABELS", "HOUSEHOLD_LABELS", "LABELS",
    "PROPOSAL_LABELS", "VARIANTS", "VARIANT_LABELS", "Assumptions", "CapacityChange", "Proposal", "Result",
    "StartState", "baseline", "compare", "compare_table", "default_assumptions", "month_index", "month_key",
    "monthly_table", "period_label", "period_month", "propose", "simulate", "simulate_variants",
    "start_state", "start_state_from", "to_excel", "verdict", "verdict_variants",
]
