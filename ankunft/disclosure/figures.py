"""Single figures: display strings, headline sentences, shares and means built from counts."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from ankunft.core import fmt
from ankunft.disclosure.config import (
    DEFAULT,
    DERIVED,
    EMPTY,
    HIDDEN_MARKER,
    PRIMARY,
    PUBLISHED,
    SUPPRESSED_STATUSES,
    DisclosureConfig,
)


def _isnan(x) -> bool:
    try:
        return x is None or math.isnan(float(x))
    except (TypeError, ValueError):
        return False


@dataclass(frozen=True)
class Figure:
    """One figure as it may be published.

    value:  the number (None when hidden or empty); a ratio 0..1 for kind "share".
    status: "published", "primary" (small count), "dominance", "secondary", "derived", "empty".
    kind:   "count" (integer), "signed" (a change, `+3`), "share" (`12,5 %`), "mean".
    """

    value: float | None
    status: str = PUBLISHED
    kind: str = "count"
    cfg: DisclosureConfig = DEFAULT
    decimals: int = 1  # for means and shares

    @property
    def suppressed(self) -> bool:
        return self.status in SUPPRESSED_STATUSES

    @property
    def text(self) -> str:
        """German display string: `12`, `≤2`, `•`, `12,5 %`, `–`."""
        if self.suppressed:
            return self.cfg.marker_for(self.status)
        if self.value is None or self.status == EMPTY:
            return fmt.MISSING
        if self.kind == "share":
            return fmt.pct(self.value, self.decimals)
        if self.kind == "mean":
            return fmt.num(self.value, self.decimals)
        if self.kind == "signed":
            return fmt.signed(self.value)
        return fmt.integer(self.value)

    def __str__(self) -> str:
        return self.text


def protect_value(n, cfg: DisclosureConfig = DEFAULT) -> Figure:
    """A stand-alone count (not part of a published table): threshold rule only.

    For a figure that also appears in a table or chart (a total, a KPI), take it from that
    table's `Protected.cell(...)` instead, so that secondary suppression applies.
    """
    if isinstance(n, Figure):
        return n
    if _isnan(n):
        return Figure(None, EMPTY, cfg=cfg)
    value = float(n)
    return Figure(None if cfg.is_small(value) else value, PRIMARY if cfg.is_small(value) else PUBLISHED, cfg=cfg)


def display(value, suppressed: bool, cfg: DisclosureConfig = DEFAULT, *, status: str | None = None,
            signed: bool = False) -> str:
    """A count as shown: the number (`1.234`), `≤2` for a hidden small count, `•` for any other
    hidden value (secondary suppression, dominance, masked), `–` when missing.

    Pass the cell's `status` from `Protected.status` whenever you have it: without it the marker
    is inferred from the value, which cannot know that a small count had to be shown as `•`."""
    if suppressed:
        if status is not None:
            return cfg.marker_for(status)
        if not signed and value is not None and not _isnan(value) and cfg.is_small(float(value)):
            return cfg.marker
        return HIDDEN_MARKER
    if _isnan(value):
        return fmt.MISSING
    return fmt.signed(value) if signed else fmt.integer(value)


def safe_count_text(n, cfg: DisclosureConfig = DEFAULT, singular: str = "Person", plural: str = "Personen") -> str:
    """A count for headlines and readings: `≤2 Personen` instead of `1 Person`.

    `n` is a number (threshold rule applied) or a `Figure` from a protected table (its status is
    used as is). A hidden non-small figure reads `eine ausgeblendete Zahl Personen`.
    """
    fig = protect_value(n, cfg) if not isinstance(n, Figure) else n
    if fig.status == PRIMARY:
        return f"{fig.cfg.marker} {plural}"
    if fig.suppressed:
        return f"eine ausgeblendete Zahl {plural}"
    if fig.value is None:
        return f"{fmt.MISSING} {plural}"
    return fmt.plural(fig.value, singular, plural)


def _as_figure(x, cfg: DisclosureConfig) -> Figure:
    if isinstance(x, Figure):
        return x
    return Figure(None if _isnan(x) else float(x), EMPTY if _isnan(x) else PUBLISHED, cfg=cfg)


def _count_reveals(n: Figure, cfg: DisclosureConfig) -> bool:
    """Is this count hidden or small (so that a ratio built on it would reveal it)?"""
    return n.suppressed or (n.value is not None and cfg.is_small(n.value))


def share(numerator, denominator, cfg: DisclosureConfig = DEFAULT, *, complement: bool = True,
          decimals: int = 1) -> Figure:
    """numerator / denominator as a share (`Figure(kind="share")`).

    Hidden ("derived", shown `•`) when either count is hidden, when the numerator or the
    denominator is a small count, and (with `complement`) when denominator − numerator is a small
    count (97,5 % of 40 reveals the one person not counted). Empty (`–`) for a zero denominator.
    """
    num = _as_figure(numerator, cfg)
    den = _as_figure(denominator, cfg)
    hidden = _count_reveals(num, cfg) or _count_reveals(den, cfg)
    if not hidden and complement and num.value is not None and den.value is not None:
        hidden = cfg.is_small(den.value - num.value)
    if hidden:
        return Figure(None, DERIVED, "share", cfg, decimals)
    if num.value is None or den.value is None or den.value == 0:
        return Figure(None, EMPTY, "share", cfg, decimals)
    return Figure(num.value / den.value, PUBLISHED, "share", cfg, decimals)


def mean(total, count, cfg: DisclosureConfig = DEFAULT, *, decimals: int = 1) -> Figure:
    """total / count (e.g. months of stay over persons) as `Figure(kind="mean")`.

    Hidden ("derived") when the count or the total is hidden or the count is small: the mean of
    one or two persons is their own value. Empty (`–`) when the count is 0.
    """
    tot = _as_figure(total, cfg)
    cnt = _as_figure(count, cfg)
    if tot.suppressed or _count_reveals(cnt, cfg):
        return Figure(None, DERIVED, "mean", cfg, decimals)
    if tot.value is None or cnt.value is None or cnt.value == 0:
        return Figure(None, EMPTY, "mean", cfg, decimals)
    return Figure(tot.value / cnt.value, PUBLISHED, "mean", cfg, decimals)


def mean_of(values: Sequence[float], cfg: DisclosureConfig = DEFAULT, *, decimals: int = 1) -> Figure:
    """Mean of individual values (one per person); hidden when there are at most `threshold`."""
    vals = [float(v) for v in values if not _isnan(v)]
    return mean(sum(vals), len(vals), cfg, decimals=decimals)


def note_for(figures, cfg: DisclosureConfig = DEFAULT) -> str | None:
    """German caption for a set of figures (`Werte ≤2 unterdrückt.`), None when none is hidden."""
    return cfg.note(f.status for f in figures)
