"""Disclosure control: small-number suppression, secondary suppression and the auditor.

Every figure shown in council mode or exported passes through here. See docs/disclosure.md.

    cfg = DisclosureConfig()                       # counts ≤ 2 hidden (city yearbook)
    pub = protect_table(df, count_cols=[...], row_total=True, col_total=True, cfg=cfg)
    pub.display   # German strings: "12", "≤2" (small count), "•" (hidden to protect a small count)
    pub.values    # numbers, NaN where hidden;  pub.mask  # True where hidden;  pub.note
"""

from ankunft.disclosure.audit import Recomputed, audit, parse_published
from ankunft.disclosure.config import (
    DEFAULT,
    DERIVED,
    DOMINANCE,
    EMPTY,
    HIDDEN_MARKER,
    MASKED,
    PRIMARY,
    PUBLISHED,
    SECONDARY,
    SUPPRESSED_STATUSES,
    DisclosureConfig,
)
from ankunft.disclosure.engine import Problem, dominated
from ankunft.disclosure.figures import Figure, display, mean, mean_of, note_for, protect_value, safe_count_text, share
from ankunft.disclosure.lp import Infeasible
from ankunft.disclosure.protect import (
    TOTAL,
    ChartPayload,
    Protected,
    Table,
    apply_to_frame,
    audit_publication,
    chart_payload,
    contributions_from,
    link_equal,
    link_sum,
    links_change,
    links_grouped,
    primary_only,
    protect_series,
    protect_table,
    suppress_linked,
)

__all__ = [
    "DEFAULT", "DERIVED", "DOMINANCE", "EMPTY", "HIDDEN_MARKER", "MASKED", "PRIMARY", "PUBLISHED", "SECONDARY",
    "SUPPRESSED_STATUSES", "TOTAL", "ChartPayload", "DisclosureConfig", "Figure", "Infeasible", "Problem",
    "Protected", "Recomputed", "Table", "apply_to_frame", "audit", "audit_publication", "chart_payload",
    "contributions_from", "display", "dominated", "link_equal", "link_sum", "links_change", "links_grouped",
    "mean", "mean_of", "note_for", "parse_published", "primary_only", "protect_series", "protect_table",
    "protect_value", "safe_count_text", "share", "suppress_linked",
]
