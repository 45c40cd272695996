"""The focus area: the district or the named set of districts the officer compares with the city.

It is one setting of the store (``focus_area``, JSON ``{"ids": [...], "label": "..."}``), chosen in
the sidebar (:mod:`ankunft.ui.frame`) and used by every page that shows the focus area. Without a
saved choice it is :data:`ankunft.core.reference.FOCUS_DEFAULT`. The name may stay empty: the
label is then the automatic one (:func:`automatic_label`), the same the area tables use.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass

from ankunft.core import reference
from ankunft.indicators.areas import area_label

SETTING = "focus_area"  # key of the store setting


@dataclass(frozen=True)
class Focus:
    ids: tuple[str, ...]
    label: str


DEFAULT = Focus(tuple(reference.FOCUS_DEFAULT), reference.FOCUS_LABEL_DEFAULT)


def options() -> list[str]:
    """The districts a focus area can be made of (ids in the reference order)."""
    return [d.id for d in reference.DISTRICTS]


def automatic_label(ids: Iterable[str]) -> str:
    """The label of a focus area without a name: one district by name, the default area by its
    name, several districts as "Fokusgebiet (03, 07)"."""
    return area_label(list(ids))


def parse(raw: str | None) -> Focus:
    """The saved focus area; :data:`DEFAULT` when nothing (or nothing readable) is saved."""
    if raw:
        try:
            obj = json.loads(raw)
            return Focus(tuple(str(i) for i in obj["ids"]), str(obj["label"]))
        except (ValueError, KeyError, TypeError):
            pass
    return DEFAULT


def serialise(focus: Focus) -> str:
    """The setting's text (JSON, umlauts kept)."""
    return json.dumps({"ids": list(focus.ids), "label": focus.label}, ensure_ascii=False)


def from_choice(ids: Iterable[str], name: str | None) -> Focus | None:
    """The focus area the officer chose: the districts in the reference order and the name (the
    automatic label when the name is empty); None without a district (nothing to save)."""
    chosen = {str(i) for i in ids}
    ordered = [d for d in options() if d in chosen]
    if not ordered:
        return None
    text = (name or "").strip()
    return Focus(tuple(ordered), text or automatic_label(ordered))


def choice_of(focus: Focus) -> tuple[list[str], str]:
    """The sidebar's values for a saved focus area: the known districts and the name (empty when
    the label is the automatic one)."""
    ids = [d for d in focus.ids if d in set(options())]
    return ids, "" if focus.label == automatic_label(focus.ids) else focus.label


def caption(focus: Focus) -> str:
    return f"Fokusgebiet: {focus.label}"


__all__ = ["DEFAULT", "SETTING", "Focus", "automatic_label", "caption", "choice_of", "from_choice", "options",
           "parse", "serialise"]
