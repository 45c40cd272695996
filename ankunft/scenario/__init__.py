"""Closure-timeline scenarios: start state, assumptions, stock-flow engine, proposal and verdict.

Typical use::

    start = start_state(accommodations_df, residents_df, stichtag)
    a = default_assumptions(start)
    result = simulate(start, a, "mittel")
    verdict(result)            # "Plan ist umsetzbar (mittlere Zuweisung)."
    result.monthly             # one row per month
    compare(result, baseline(start, a))  # key figures side by side (numeric)
    proposal = propose(start, a)

This package computes only. The formatted comparison table (with the council's hiding rules) is
``ankunft.views.scenario_view.compare_display``; the Excel workbook of a result is
``ankunft.export.scenario_workbook.to_excel``.
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
    accommodation_table,
    baseline,
    compare,
    monthly_table,
    simulate,
    simulate_variants,
    without_closures,
)
from ankunft.scenario.verdict import late_closures, verdict, verdict_head, verdict_variants

__all__ = [
    "AGE_LABELS", "ASSUMPTION_LABELS", "COMPARE_LABELS", "GROUP_LABELS", "HOUSEHOLD_LABELS", "LABELS",
    "PROPOSAL_LABELS", "VARIANTS", "VARIANT_LABELS", "Assumptions", "CapacityChange", "Proposal", "Result",
    "StartState", "accommodation_table", "baseline", "compare", "default_assumptions", "month_index", "month_key",
    "monthly_table", "period_label", "period_month", "propose", "simulate", "simulate_variants", "start_state",
    "start_state_from", "verdict", "verdict_head", "verdict_variants", "late_closures", "without_closures",
]
