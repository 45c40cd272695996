"""The Szenarien page's proposal and saved scenarios (pure, no Streamlit).

* the proposal: :func:`proposal_for` (cacheable), :func:`proposal_key` (what it depends on),
  :func:`proposal_table`, :func:`adopt_message`, :func:`same_closures`;
* saved scenarios: :func:`scenario_payload` / :func:`parse_payload` (the stored JSON),
  :func:`read_saved` / :func:`load_saved` (unreadable payloads are None), :func:`saved_table`,
  :func:`saved_caption`;
* the simulations behind a comparison: :func:`simulate_choice` (a saved scenario or the current
  inputs) and :func:`comparison_pair` (two chosen names, with notes on unreadable or older ones).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import pandas as pd

from ankunft.core import fmt
from ankunft.scenario.inputs import VARIANT_LABELS, VARIANTS, Assumptions, StartState
from ankunft.scenario.proposal import PROPOSAL_LABELS, Proposal, propose
from ankunft.scenario.results import Result, simulate
from ankunft.views.scenario_controls import is_blank

CURRENT = "Aktuelle Eingaben"  # the choice that stands for the page's own inputs

def proposal_table(p: Proposal) -> pd.DataFrame:
    """The strategies side by side, German: Reihenfolge, Umsetzbar, Einsparung, Schließungen, Unterkünfte."""
    c = p.comparison
    return pd.DataFrame({
        PROPOSAL_LABELS["order"]: c["order"].astype("str"),
        PROPOSAL_LABELS["feasible"]: ["ja" if v else "nein" for v in c["feasible"]],
        "Einsparung": [fmt.eur_compact(v) for v in c["saving"]],
        PROPOSAL_LABELS["closures"]: [fmt.integer(v) for v in c["closures"]],
        PROPOSAL_LABELS["plan"]: c["plan"].astype("str"),
    })


def proposal_for(start: StartState, assumptions_json: str, variant: str) -> Proposal:
    """The proposal for assumptions given as JSON (a cacheable signature)."""
    return propose(start, Assumptions.from_json(assumptions_json), variant)


PAYLOAD_VERSION = 1


def scenario_payload(a: Assumptions, variant: str, stand) -> str:
    """JSON stored for a named scenario: the assumptions, the arrival variant and the data Stand."""
    return json.dumps({"version": PAYLOAD_VERSION, "variant": variant, "stand": pd.Timestamp(stand).date().isoformat(),
                       "assumptions": a.to_dict()}, ensure_ascii=False, sort_keys=True)


@dataclass(frozen=True)
class Saved:
    assumptions: Assumptions
    variant: str
    stand: str | None


def parse_payload(text: str) -> Saved:
    """A stored scenario; plain Assumptions JSON (without the wrapper) is read as variant "mittel"."""
    obj = json.loads(text)
    if isinstance(obj, dict) and "assumptions" in obj:
        variant = obj.get("variant") if obj.get("variant") in VARIANTS else "mittel"
        return Saved(Assumptions.from_dict(obj["assumptions"]), variant, obj.get("stand"))
    return Saved(Assumptions.from_dict(obj), "mittel", None)


def read_saved(text: str | None) -> Saved | None:
    """A stored payload, or None when there is none or it cannot be read."""
    try:
        return parse_payload(text) if text else None
    except (ValueError, TypeError, KeyError):
        return None


def load_saved(store, name: str) -> Saved | None:
    """The scenario saved under ``name`` in the store (None when missing or unreadable)."""
    return read_saved(store.load_scenario(name))


def saved_caption(name: str, saved: Saved) -> str:
    """`Plan A: mittlere Zuweisung, 3 Schließungen, Daten vom 30.09.2026`."""
    n = sum(1 for v in saved.assumptions.closures.values() if v)
    parts = [VARIANT_LABELS[saved.variant], fmt.plural(n, "Schließung", "Schließungen")]
    if saved.stand:
        parts.append(f"Daten vom {fmt.date(saved.stand)}")
    return f"{name}: " + ", ".join(parts)


def proposal_key(a: Assumptions, variant: str) -> str:
    """What a proposal depends on: every assumption except the closures (and the sources), and the variant."""
    d = a.to_dict()
    d.pop("closures", None)
    d.pop("sources", None)
    return json.dumps({"a": d, "variant": variant}, ensure_ascii=False, sort_keys=True)


def saved_table(listing: pd.DataFrame, payloads: Mapping[str, str | None]) -> pd.DataFrame:
    """Saved scenarios for the screen: Name, Zuweisung, Schließungen, Datenstand, gespeichert am, von."""
    rows = []
    for r in listing.itertuples(index=False):
        saved = read_saved(payloads.get(r.name))
        saved_at = pd.to_datetime(r.saved_at, errors="coerce")
        rows.append({
            "Name": r.name,
            "Zuweisung": VARIANT_LABELS[saved.variant] if saved else "nicht lesbar",
            "Schließungen": fmt.integer(sum(1 for v in saved.assumptions.closures.values() if v)) if saved else "–",
            "Datenstand": fmt.date(saved.stand) if saved and saved.stand else "–",
            "Gespeichert am": (fmt.date(saved_at) if not pd.isna(saved_at)
                               else "–" if is_blank(r.saved_at) else str(r.saved_at)),
            "von": "–" if is_blank(r.saved_by) else str(r.saved_by),
        })
    return pd.DataFrame(rows, columns=["Name", "Zuweisung", "Schließungen", "Datenstand", "Gespeichert am", "von"])


def adopt_message(closures: Mapping[str, str | None]) -> str:
    """Flash text after adopting a proposal."""
    n = sum(1 for v in closures.values() if v)
    if n == 0:
        return "Vorschlag übernommen: keine Schließungen."
    return f"Vorschlag übernommen: {fmt.plural(n, 'Schließung', 'Schließungen')} eingetragen."


def same_closures(a: Mapping[str, str | None], b: Mapping[str, str | None]) -> bool:
    """True when both plans close the same accommodations in the same months."""
    return {k: v for k, v in a.items() if v} == {k: v for k, v in b.items() if v}


# --- simulations for a comparison -------------------------------------------------------------------
def simulate_choice(start: StartState, name: str, saved: Saved | None, current: Assumptions,
                    variant: str) -> Result:
    """The result of a chosen scenario: a saved one with its own assumptions and variant, otherwise
    (``saved`` None: the current inputs) ``current`` with the page's ``variant``."""
    if saved is None:
        return simulate(start, current, variant, name=name)
    return simulate(start, saved.assumptions, saved.variant, name=name)


def comparison_pair(start: StartState, names: Sequence[str], current: Result,
                    load: Callable[[str], Saved | None], stand) -> tuple[dict[str, Result], list[str]]:
    """The results to compare, by name (:data:`CURRENT` is ``current``, the page's own result;
    every other name is loaded with ``load`` and simulated on the current start state), and German
    notes on scenarios that could not be read or were saved with data of another Stand."""
    pair: dict[str, Result] = {}
    notes: list[str] = []
    stand_iso = pd.Timestamp(stand).date().isoformat()
    for name in names:
        if name == CURRENT:
            pair[name] = current
            continue
        saved = load(name)
        if saved is None:
            notes.append(f"„{name}“ ließ sich nicht lesen.")
            continue
        pair[name] = simulate_choice(start, name, saved, current.assumptions, current.variant)
        if saved.stand and saved.stand != stand_iso:
            notes.append(f"„{name}“ wurde mit Daten vom {fmt.date(saved.stand)} gespeichert und wird "
                         "hier mit dem aktuellen Startbestand gerechnet.")
    return pair, notes
