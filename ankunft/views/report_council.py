"""The council report's key figures from the Ratsfassung (issue 15).

The report's KPI tiles, their previous values and changes show in council mode exactly what the
Übersicht's council tiles show (:func:`ankunft.views.overview_view.ratsfassung_tiles`): residents,
entitled residents and open defects are the Ratsfassung's cells, the long-stay share is the relation
of two published counts in whole per cent, a change is a difference of two published figures (the
previous Stand's Ratsfassung), the utilisation and the focus area's Kita coverage are hidden with the
counts behind them. Nothing here protects a number on its own.
"""

from __future__ import annotations

from collections.abc import Mapping

from ankunft.core import fmt
from ankunft.disclosure import DERIVED, EMPTY, HIDDEN_MARKER, Figure
from ankunft.disclosure import ratsfassung as rf
from ankunft.indicators import overview as ov_mod
from ankunft.views import overview_view
from ankunft.views.common import Tile

# KPI key -> the Ratsfassung cell (table, row, column) that the tile shows
CELLS = {
    "residents": (rf.ACC, rf.TOTAL, None),
    "entitled_residents": (rf.ENTITLED, rf.ENTITLED, None),
    "open_defects": (rf.HOUSING, rf.TOTAL, "open"),
}


def kita_hidden(rats: rf.Ratsfassung | None) -> bool:
    """Is a child count of the focus area's Kita row hidden (then the coverage would pin it)?"""
    return rats is not None and rf.KITA_FOCUS in rats.tables and any(
        rats.cell(rf.KITA_FOCUS, rf.FOCUS, c).suppressed for c in rf.KITA_COLS[:3])


def cell(rats: rf.Ratsfassung | None, key: str) -> Figure:
    """The Ratsfassung's figure of a count KPI (``–`` when the Ratsfassung has none)."""
    if rats is None:
        return Figure(None, EMPTY)
    name, row, col = CELLS[key]
    return rats.cell(name, row, col)


def figure(rats: rf.Ratsfassung, key: str) -> Figure | None:
    """The KPI's figure when the Ratsfassung decides it (None: a KPI that counts no persons or objects,
    shown as computed: places, costs, the utilisation with a published total)."""
    if key in CELLS:
        return cell(rats, key)
    if key == "long_stay_share":
        return rf.long_stay_share(rats)
    if key == "kita_coverage" and kita_hidden(rats):
        return Figure(None, DERIVED, "share", rats.cfg)
    return None


def tiles(rats: rf.Ratsfassung, kpis: Mapping[str, ov_mod.Kpi]) -> dict[str, Tile]:
    """The council tiles as the Übersicht shows them (one function for page and report)."""
    return {t.key: t for t in overview_view.ratsfassung_tiles(kpis.values(), rats)}


def previous_text(rats: rf.Ratsfassung, kpi: ov_mod.Kpi) -> str:
    """The previous Stand's value as its Ratsfassung published it (``–`` without a previous Stand)."""
    before = rats.previous
    if before is None or kpi.previous is None:
        return fmt.MISSING
    if kpi.key in CELLS:
        return cell(before, kpi.key).text
    if kpi.key == "long_stay_share":
        return rf.long_stay_share(before).text
    if kpi.key == "utilisation" and cell(before, "residents").suppressed:
        return HIDDEN_MARKER
    if kpi.key == "kita_coverage" and kita_hidden(before):
        return HIDDEN_MARKER
    return ov_mod.format_value(kpi.kind, kpi.previous)


__all__ = ["CELLS", "cell", "figure", "kita_hidden", "previous_text", "tiles"]
