"""Disclosure configuration, statuses and markers."""

from __future__ import annotations

import math
from dataclasses import dataclass

from ankunft.core.reference import STANDARDS

# Statuses of a figure.
PUBLISHED = "published"
PRIMARY = "primary"  # a small count (threshold rule)
DOMINANCE = "dominance"  # one unit holds >= the dominance share
SECONDARY = "secondary"  # hidden so that a small count cannot be recomputed
MASKED = "masked"  # a small count shown as "•" because "≤2" would give it away (e.g. 1 + 1 = ≤2)
DERIVED = "derived"  # share/mean built from suppressed or small counts
EMPTY = "empty"  # share/mean without a base (denominator 0): shown as "–"
SUPPRESSED_STATUSES = frozenset({PRIMARY, DOMINANCE, SECONDARY, MASKED, DERIVED})

# Marker for every hidden value that is not a small count (secondary, dominance, derived).
HIDDEN_MARKER = "•"

STYLES = ("≤", "<")


@dataclass(frozen=True)
class DisclosureConfig:
    """Rules for one publication.

    threshold:     counts 1..threshold (0..threshold with suppress_zero) are hidden.
    style:         "≤" shows `≤2` (threshold 2); "<" shows `<5` (threshold 4).
    dominance:     None, or a share (0.85): a cell where one unit holds at least this share is hidden.
    suppress_zero: hide zeros as well (default False: a structural 0 is publishable).
    """

    threshold: int = STANDARDS.suppression_threshold
    style: str = "≤"
    dominance: float | None = None
    suppress_zero: bool = False

    def __post_init__(self):
        if self.style not in STYLES:
            raise ValueError(f"Unbekannte Darstellung {self.style!r}: erlaubt sind {' und '.join(STYLES)}")
        if int(self.threshold) != self.threshold or self.threshold < 0:
            raise ValueError("Die Schwelle muss eine ganze Zahl ≥ 0 sein")
        if self.dominance is not None and not 0.5 < self.dominance <= 1:
            raise ValueError("Der Dominanzanteil muss zwischen 0,5 und 1 liegen")

    @classmethod
    def yearbook(cls, dominance: float | None = None) -> "DisclosureConfig":
        """The city's statistical yearbook: counts ≤ 2 hidden."""
        return cls(threshold=2, style="≤", dominance=dominance)

    @classmethod
    def under_five(cls, dominance: float | None = None) -> "DisclosureConfig":
        """Stricter: counts below 5 hidden, shown as `<5`."""
        return cls(threshold=4, style="<", dominance=dominance)

    @classmethod
    def from_marker(cls, marker: str, **kwargs) -> "DisclosureConfig":
        """`"≤2"` → threshold 2, `"<5"` → threshold 4."""
        marker = marker.strip().replace("<=", "≤")
        if marker.startswith("≤"):
            return cls(threshold=int(marker[1:]), style="≤", **kwargs)
        if marker.startswith("<"):
            return cls(threshold=int(marker[1:]) - 1, style="<", **kwargs)
        raise ValueError(f"Unbekannte Markierung {marker!r}")

    @property
    def marker(self) -> str:
        """What a small count shows: `≤2` or `<5`."""
        if self.style == "≤":
            return f"≤{self.threshold}"
        return f"<{self.threshold + 1}"

    @property
    def small_low(self) -> int:
        """Smallest value a hidden small count can have (1 when zeros are published)."""
        return 0 if self.suppress_zero else 1

    def is_small(self, value) -> bool:
        """Does the threshold rule hide this count?"""
        if value is None or (isinstance(value, float) and math.isnan(value)):
            return False
        return self.small_low <= value <= self.threshold

    def bounds(self, status: str, signed: bool = False) -> tuple[float, float]:
        """What a reader who knows these rules learns about a hidden figure of this status."""
        if signed:
            return (-math.inf, math.inf)
        if status == PRIMARY:
            return (float(self.small_low), float(self.threshold))
        if status in (SECONDARY, DOMINANCE):
            return (float(self.threshold + 1), math.inf)
        if status == MASKED:
            return (float(self.small_low), math.inf)  # a reader cannot tell it from a secondary "•"
        return (0.0, math.inf)

    def marker_for(self, status: str) -> str:
        return self.marker if status == PRIMARY else HIDDEN_MARKER

    def note(self, statuses) -> str | None:
        """German caption for a figure with these statuses (None when nothing is hidden)."""
        statuses = set(statuses)
        parts = []
        if PRIMARY in statuses:
            parts.append(f"Werte {self.marker} unterdrückt")
        if statuses & {SECONDARY, DOMINANCE, MASKED, DERIVED}:
            parts.append(f"{HIDDEN_MARKER} = zum Schutz kleiner Zahlen ausgeblendet")
        return "; ".join(parts) + "." if parts else None


DEFAULT = DisclosureConfig()
