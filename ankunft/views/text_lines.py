"""How many lines a table cell's text needs when the grid wraps it, counted in characters (a pure model,
below the views and ``ui.tables`` both: the views shorten a cell until it fits, ``ui.tables`` sizes the
columns with the same count)."""

from __future__ import annotations

MAX_LINES = 8  # the most lines a wrapped row shows


def lines_needed(text: str, chars: int) -> int:
    """Lines the grid needs for ``text`` in a cell ``chars`` characters wide: greedy breaks at spaces,
    a word longer than a line broken inside (as the grid does)."""
    chars = max(1, chars)
    lines, used = 1, 0
    for word in str(text).split(" "):
        need = len(word) + (1 if used else 0)
        if used and used + need > chars:
            lines, used, need = lines + 1, 0, len(word)
        while need > chars:  # a word wider than the line fills whole lines
            lines, need = lines + 1, need - chars
        used += need
    return lines


def fits_lines(text: str, chars: int, lines: int = MAX_LINES) -> bool:
    """True when ``text`` fits ``lines`` lines of ``chars`` characters, also by its length alone (the
    narrowest wrapped width is at least len/lines characters)."""
    return len(text) <= lines * chars and lines_needed(text, chars) <= lines
