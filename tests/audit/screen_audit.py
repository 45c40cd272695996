"""Every column of every table a council screen shows, mapped to the Ratsfassung by name (issue 15).

The channel readers of :mod:`tests.audit.test_cross_view` read the cells they were written for; a
column they skipped went unchecked (the Übersicht district table's open defects leaked that way).
Here the council view models are read **generically**: every display table a view model exposes
(every ``DataFrame`` field whose columns carry display labels, every column of it), every tile (value,
label and change as the page draws them) and every profile row (area, city, reading). Each number is
named with :mod:`tests.audit.named_map` exactly as the exports' numbers are: a Ratsfassung cell it must
equal (published), a change, a figure derived from published cells, or a kind that counts no persons;
else it fails as "Nicht zugeordnet". Frames with only internal column names (``snake_case``: the inputs
of charts and maps, which the channel readers audit as drawn) are listed in :data:`INTERNAL`.
"""

from __future__ import annotations

import dataclasses
import functools
import re

import pandas as pd

from ankunft.views import accommodations_view as av
from ankunft.views import housing_view as hv
from ankunft.views import overview_view as ov
from ankunft.views import profile_view as pv
from ankunft.views import services_view as sv
from tests.audit import export_audit as ea
from tests.audit import export_readers as er
from tests.audit import named_map as nm
from tests.audit import test_cross_view as cv
from tests.audit.test_council_audit import FOCUS

SNAKE = re.compile(r"[a-z0-9_]+")
INTERNAL: set[tuple[str, str]] = set()  # (view, field) of frames with internal column names only (filled as read)


def council_views(state, previous) -> dict[str, object]:
    """The council view model of every page that shows counts of the Stand (the whole city: council mode
    has no filters), and the Stadtteilprofil of the focus area and of every district."""
    out = {"Übersicht": ov.build(state, previous, FOCUS, None, council=True),
           "Unterkünfte": av.build(state, previous, council=True),
           "Wohnqualität": hv.build(state, previous, None, FOCUS, True),
           "Soziale Infrastruktur": sv.build(state, previous, None, FOCUS, True)}
    keys = [pv.FOCUS_KEY, *sorted({str(d) for d in out["Übersicht"].districts.iloc[:, 0]})]
    for key in keys:
        out[f"Stadtteilprofil {key}"] = pv.profile_for(state, key, FOCUS, "Fokusgebiet", True)
    return out


def display_frames(model) -> list[tuple[str, pd.DataFrame]]:
    """Every DataFrame field of a view model with at least one display (non-``snake_case``) column."""
    out = []
    for f in dataclasses.fields(model):
        value = getattr(model, f.name)
        if isinstance(value, pd.DataFrame) and len(value.columns):
            if any(not SNAKE.fullmatch(str(c)) for c in value.columns):
                out.append((f.name, value))
    return out


def internal_frames(model) -> list[str]:
    return [f.name for f in dataclasses.fields(model) if isinstance(getattr(model, f.name), pd.DataFrame)
            and len(getattr(model, f.name).columns) and all(SNAKE.fullmatch(str(c)) for c in getattr(model, f.name).columns)]


def _frame_rows(df: pd.DataFrame) -> list[list]:
    rows = [[str(c) for c in df.columns]]
    for values in df.itertuples(index=False):
        rows.append([None if (not isinstance(v, str) and pd.isna(v)) else v for v in values])
    return rows


def screen_numbers(name: str, model) -> list[er.Num]:
    """The numbers a council page draws from its view model: every column of every display table, the
    tiles, the profile rows."""
    out: list[er.Num] = []
    for field, df in display_frames(model):
        out += er.grid_items("screen", f"{name}: {field}", "table", _frame_rows(df))
    for field in internal_frames(model):
        INTERNAL.add((name, field))
    for tile in getattr(model, "tiles", []) or []:  # a tile is a KPI row: label, value, change
        out += er.grid_items("screen", name, "tile", [["Kennzahl", "Wert", "Veränderung"],
                                                      [tile.label, tile.value_text, tile.change_text or ""]])
    for row in getattr(model, "rows", []) or []:
        if hasattr(row, "reading"):
            label = getattr(model, "label", "")
            out += er.grid_items("screen", f"{name}: {label}", "profile",
                                 [["Merkmal", label, "Stadt", "Einordnung"],
                                  [row.label, row.value_text, row.city_text, row.reading]])
    return out


@dataclasses.dataclass
class ScreenResult:
    read: int = 0
    mapped: int = 0
    columns: set = dataclasses.field(default_factory=set)  # (view, table, column) read
    problems: list = dataclasses.field(default_factory=list)


def check_numbers(nums: list[er.Num], cat: nm.Catalogue, res: ScreenResult) -> None:
    for n in nums:
        res.columns.add((n.place, n.part, n.col))
        if ea.kind_of(n) != "count":
            continue
        res.read += 1
        named = nm.name_of(n, cat)
        verdict = nm.check(n, named, cat)
        if verdict.ok:
            res.mapped += 1
        elif named is None:
            res.problems.append(f"Nicht zugeordnet (mögliches Leck): {ea.where(n)}: {n.text!r} "
                                f"({(n.line or n.context)[:100]!r})")
        else:
            res.problems.append(f"{'Leck' if verdict.hidden else 'Falsch zugeordnet'}: {ea.where(n)}: {n.text!r}: "
                                f"{verdict.what}")


@functools.cache
def views(kind: str):
    state, previous = cv.states(kind)
    return council_views(state, previous)


def read_screens(kind: str, models: dict | None = None) -> ScreenResult:
    """Every number of every council screen of the data kind's current Stand, by name."""
    state, previous = cv.states(kind)
    return read_screens_of(state, previous, models or views(kind))


def read_screens_of(state, previous, models: dict) -> ScreenResult:
    """Every number of the given council view models of ``state``'s Stand, by name."""
    cat = nm.Catalogue(state, previous, FOCUS)
    res = ScreenResult()
    for name, model in models.items():
        for n in screen_numbers(name, model):
            cat.context_school = n.place.endswith(": school")
            check_numbers([n], cat, res)
        cat.context_school = False
    return res
