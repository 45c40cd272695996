"""Fixed classes for map cells: a map shows a cell's class (colour and text), never its exact count.

Issue #15, channel 4: a fill opacity that grows with the count gives the count of a hidden cell back.
The classes are fixed in advance (no data-dependent breaks), with a class for 0 and one class for every
count below the suppression limit.
"""

from __future__ import annotations

from dataclasses import dataclass

from ankunft.core import fmt, palette
from ankunft.core.reference import STANDARDS

CELL_BREAKS = (5, 10)  # fixed class breaks above the suppression limit: 3–4, 5–9, 10 and more


@dataclass(frozen=True)
class CellClass:
    """A class of grid cells by their number of points: ``lo`` ≤ n ≤ ``hi`` (``hi`` None = open)."""

    lo: int
    hi: int | None
    label: str
    hidden: bool = False


def cell_classes(min_count: int = STANDARDS.suppression_threshold + 1) -> list[CellClass]:
    """Fixed classes for grid cells: 0 (no cell drawn), below ``min_count`` (hidden: "weniger als 3"),
    then the fixed breaks ``CELL_BREAKS`` above it. The classes do not depend on the data."""
    out = [CellClass(0, 0, "keine (kein Feld)")]
    if min_count > 1:
        out.append(CellClass(1, min_count - 1, f"weniger als {fmt.integer(min_count)}", hidden=True))
    lows = [min_count] + [b for b in CELL_BREAKS if b > min_count]
    for k, lo in enumerate(lows):
        hi = lows[k + 1] - 1 if k + 1 < len(lows) else None
        label = f"{fmt.integer(lo)} und mehr" if hi is None else (
            fmt.integer(lo) if hi == lo else f"{fmt.integer(lo)} bis {fmt.integer(hi)}")
        out.append(CellClass(lo, hi, label))
    return out


def cell_class(n: int, classes: list[CellClass]) -> int:
    """Index of the class of a cell with ``n`` points."""
    for k, c in enumerate(classes):
        if n >= c.lo and (c.hi is None or n <= c.hi):
            return k
    raise ValueError(f"keine Klasse für {n}")


def class_colours(hex_colour: str, n: int) -> list[str]:
    """``n`` shades of a colour from light (first) to full (last): the colour of each cell class."""
    r, g, b = palette.hex_to_rgb(hex_colour)
    out = []
    for k in range(n):
        t = 0.75 * (1 - k / max(n - 1, 1))  # share of white
        out.append("#{:02X}{:02X}{:02X}".format(*(round(c + (255 - c) * t) for c in (r, g, b))))
    return out
