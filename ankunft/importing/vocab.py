"""Value vocabularies of yes/no fields, free-text defect lists, and values the officer mapped once.

Where the model wants yes/no, offices often record a type or a location instead ("Gas-Etagenheizung",
"auf dem Flur") or a free-text list ("kein Warmwasser; Schimmel im Bad"). The rules live in the
glossary (`VALUE_VOCABULARIES`, `DEFECT_TEXT_FLAGS`); this module applies them:

- `bool_vocabulary(dataset, field)` – the rules of one field (None: plain yes/no only);
- `derive_from_defects(t, df, present)` – hot water / damp-mould flags from the defect text for rows
  whose own flag is empty, with a warning naming the rows;
- `remember_values` / `remembered_values` – a value the officer mapped once, stored per table layout
  through any settings store (`Store.set_setting` / `Store.get_setting`), like a column mapping.

Plain Python at import time (pandas only inside `derive_from_defects`).
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Callable
from typing import TYPE_CHECKING

from ankunft.core import glossary
from ankunft.importing.cells import FALSE_TOKENS, TRUE_TOKENS, token

if TYPE_CHECKING:
    import pandas as pd

    from ankunft.importing.report import TableReport

VALUES_PREFIX = "values:"  # settings key prefix, beside the column mappings ("mapping:")


@functools.lru_cache(maxsize=64)
def bool_vocabulary(dataset: str, key: str) -> tuple[tuple[re.Pattern, bool], ...] | None:
    rules = glossary.VALUE_VOCABULARIES.get(f"{dataset}.{key}")
    return tuple((re.compile(p), v) for p, v in rules) if rules else None


def vocabulary_value(text: str, rules: tuple[tuple[re.Pattern, bool], ...]) -> bool | None:
    """The yes/no a vocabulary gives a cell text, or None when no rule matches."""
    k = glossary.normalise_header(text)
    if not k:
        return None
    for pattern, value in rules:
        if pattern.search(k):
            return value
    return None


def one_word(hits: set[str]) -> str | None:
    """The one word of several that all begin with the shortest ("aufnahme", "aufnahmedatum" → aufnahme: the
    longer are its compounds); None when they differ ("bez" → bezeichnung, bezirk)."""
    if not hits:
        return None
    short = min(hits, key=len)
    return short if all(h.startswith(short) for h in hits) else None


def counts_text(counts: dict[str, int], limit: int = 12) -> str:
    items = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    shown = ", ".join(f"„{v}“ ({n}×)" for v, n in items[:limit])
    return shown + (f" und {len(items) - limit} weitere" if len(items) > limit else "")


def yes_no_text(v: object) -> str:
    return "ja" if v is True else "nein" if v is False else str(v)


# --- free-text defects ----------------------------------------------------------------------------------
_PARTS = re.compile(r"[;,/+]|\bund\b|\n")


@functools.lru_cache(maxsize=8)
def _defect_rules() -> dict[str, tuple[re.Pattern, bool, re.Pattern]]:
    return {k: (re.compile(p), v, re.compile(neg)) for k, (p, v, neg) in glossary.DEFECT_TEXT_FLAGS.items()}


def defect_flags(text: str) -> dict[str, bool]:
    """The flags a defect text states: {"hot_water": False, "damp_mould": True} for
    "kein Warmwasser; Schimmel im Bad"; a negated mention ("kein Schimmel") states nothing."""
    out: dict[str, bool] = {}
    for part in _PARTS.split(text):
        k = glossary.normalise_header(part)
        if not k:
            continue
        for key, (pattern, value, negation) in _defect_rules().items():
            if key not in out and pattern.search(k) and not negation.search(k):
                out[key] = value
    return out


def _row_list(rows: list[int]) -> str:
    shown = ", ".join(str(r) for r in rows[:20])
    return shown + (f" … (insgesamt {len(rows)})" if len(rows) > 20 else "")


def derive_from_defects(t: TableReport, df: pd.DataFrame, present: set[str]) -> None:
    """Fill empty hot-water / damp-mould flags from the defect text (housing); a warning names the rows."""
    import pandas as pd

    from ankunft.importing.report import Issue

    if t.dataset != "housing" or "defects" not in present:
        return
    texts = df["defects"].tolist()
    cache: dict[str, dict[str, bool]] = {}
    flags = [cache.setdefault(v, defect_flags(v)) if isinstance(v, str) and v else {} for v in texts]
    if not any(flags):
        return
    rows = df["_row"].tolist()
    ds = glossary.DATASETS["housing"]
    for key in glossary.DEFECT_TEXT_FLAGS:
        if not any(key in fl for fl in flags):
            continue
        own = df[key].astype("boolean") if key in df.columns else pd.Series(pd.NA, index=df.index, dtype="boolean")
        filled = own.copy()
        from_text = []
        for i, fl in enumerate(flags):
            if key in fl and pd.isna(own.iat[i]):
                filled.iat[i] = fl[key]
                from_text.append(int(rows[i]))
        if not from_text:
            continue
        df[key] = filled
        label = ds.field(key).label
        msg = (f"„{label}“ aus dem Mängeltext abgeleitet ({len(from_text)} Zeile(n): {_row_list(from_text)}); "
               "bitte prüfen.")
        t.derived[key] = msg
        t.add(Issue("derived_from_text", msg, column=label, severity="warning"))


# --- values mapped by the officer ----------------------------------------------------------------------
def remember_values(set_setting: Callable[[str, str], None], layout: str, values: dict[str, dict[str, object]]) -> None:
    """Store the officer's value mapping ({field: {value as written: target}}) for tables of this layout."""
    clean = {f: {str(k): yes_no_text(v) for k, v in m.items()} for f, m in values.items() if m}
    set_setting(VALUES_PREFIX + layout, json.dumps(clean, ensure_ascii=False))


def remembered_values(get_setting: Callable[[str], str | None], layout: str) -> dict[str, dict[str, object]]:
    """The value mapping remembered for a layout, ready for `check_file(values=…)` (yes/no as bool)."""
    raw = get_setting(VALUES_PREFIX + layout) if layout else None
    if not raw:
        return {}
    try:
        data = json.loads(raw)
    except ValueError:
        return {}
    return {f: {k: _target(v) for k, v in m.items()} for f, m in data.items() if isinstance(m, dict)}


def _target(v: object) -> object:
    if isinstance(v, str):
        k = token(v)
        if k in TRUE_TOKENS and k not in ("x", "1", "1.0"):
            return True
        if k in FALSE_TOKENS and k not in ("-", "–", "—", "0", "0.0"):
            return False
    return v


def parse_value_arg(text: str) -> tuple[str, str, str]:
    """CLI "FELD:WERT=ZIEL" ("heating:siehe Akte=nein") -> (field, value, target); ValueError otherwise."""
    field, sep, rest = text.partition(":")
    value, sep2, target = rest.rpartition("=")
    if not (sep and sep2 and field.strip() and value.strip() and target.strip()):
        raise ValueError(text)
    return field.strip(), value.strip(), target.strip()
