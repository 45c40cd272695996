"""The plain-German verdict shown at the top of the scenario page, computed from a result."""

from __future__ import annotations

import numpy as np

from ankunft.core import fmt
from ankunft.scenario.households import TYPE_SIZE
from ankunft.scenario.inputs import VARIANT_LABELS, VARIANTS, month_index, month_key, period_month
from ankunft.scenario.results import Result, whole_flats, whole_persons


def verdict(result: Result, hide_persons: bool = False, public: Result | None = None) -> str:
    """The finding (:func:`verdict_head`) and the closures entered too early (:func:`late_closures`)."""
    return verdict_head(result, hide_persons, public) + late_closures(result)


PERSONS_HIDDEN_NOTE = ("Zahlen und Monate sind hier ausgeblendet: Der Startbestand des Modells enthält eine Zahl, "
                       "die die Ratsfassung zum Schutz kleiner Zahlen nicht veröffentlicht.")


PUBLIC_START_CLAUSE = "gerechnet mit den veröffentlichten Zahlen (ausgeblendete Zahlen mit ihrem Höchstwert)"


def verdict_head(result: Result, hide_persons: bool = False, public: Result | None = None) -> str:
    """One or two German sentences, e.g.

    * "Plan ist umsetzbar (mittlere Zuweisung)."
    * "Ab März 2027 fehlen 85 Plätze (mittlere Zuweisung); dafür wären 12 zusätzliche Wohnungen pro
      Monat nötig, davon 5 für Familien ab 4 Personen."

    A shortfall (``gap``) is the larger of the shortfall against the target utilisation minus the
    reserve and the unplaced persons; when people would be left without any place, a second
    sentence says from when and how many. Flats are counted only for households actually entitled.

    ``hide_persons`` (council mode with the start total hidden, ``scenario_view.hidden_start``): every
    count depends on the hidden start count (1 or 2 persons more give "192" for "187"), and so do the
    months (one person more and the shortfall begins a month earlier), so the head says only what
    happens and why no number follows (:data:`PERSONS_HIDDEN_NOTE`), e.g. "Im Zeitraum fehlen Plätze
    (mittlere Zuweisung). Ohne weitere Plätze wären zeitweise Menschen ohne Unterkunft. …".

    ``public`` (with ``hide_persons``): the same scenario run from a start of published figures only
    (``views.scenario_council.public_run``) – whether the plan is feasible and whether people would be
    left without a place are its findings (one or two persons more at the start flipped them between
    twins), and the head says so in :data:`PUBLIC_START_CLAUSE`.
    """
    v = VARIANT_LABELS[result.variant]
    if hide_persons and public is not None:
        if public.feasible:
            return f"Plan ist umsetzbar ({v}), {PUBLIC_START_CLAUSE}."
        return _head_without_persons(public, v, f", {PUBLIC_START_CLAUSE}")
    if result.feasible:
        return f"Plan ist umsetzbar ({v})."
    if hide_persons:
        return _head_without_persons(result, v)
    short = result.series("gap")
    t0 = result.first_shortfall_period
    peak_t = int(t0 + np.argmax(short[t0:]))
    first_n, peak_n = whole_persons(short[t0]), whole_persons(short[peak_t])
    if peak_n == first_n:
        text = f"Ab {result.month_label(t0)} fehlen {fmt.plural(peak_n, 'Platz', 'Plätze')} ({v})"
    else:
        text = (f"Ab {result.month_label(t0)} fehlen Plätze ({v}), im Höchstfall {fmt.integer(peak_n)} "
                f"im {result.month_label(peak_t)}")
    flats = result.extra_flats_per_month
    total = whole_flats(sum(flats.values()))
    families = min(whole_flats(flats[4]), total)
    if not total:
        text += "; Auszüge helfen nicht: niemand ist auszugsberechtigt"
    else:
        verb = "wäre" if total == 1 else "wären"
        text += (f"; dafür {verb} {fmt.plural(total, 'zusätzliche Wohnung', 'zusätzliche Wohnungen')} "
                 "pro Monat nötig")
        if families:
            text += f", davon {fmt.integer(families)} für Familien ab 4 Personen"
        if not result.flats_cover:
            text += " (so viele Auszugsberechtigte gibt es nicht: das schließt die Lücke nicht ganz)"
    text += "."
    tu = result.first_unplaced_period
    if tu is not None:
        most = whole_persons(float(result.series("unplaced").max()))
        text += (f" Ohne weitere Plätze wären ab {result.month_label(tu)} bis zu "
                 f"{fmt.plural(most, 'Person', 'Personen')} ohne Unterkunft.") + not_whole(result, tu)
    return text


def _head_without_persons(result: Result, v: str, clause: str = "") -> str:
    """The council head of an infeasible plan with the start total hidden: what happens, no count and
    no month (with one person more at the start the shortfall begins a month earlier in small data);
    ``clause`` after the variant (the published start's)."""
    text = f"Im Zeitraum fehlen Plätze ({v}){clause}."
    if result.first_unplaced_period is not None:
        text += " Ohne weitere Plätze wären zeitweise Menschen ohne Unterkunft."
    return f"{text} {PERSONS_HIDDEN_NOTE}"


def late_closures(result: Result) -> str:
    """The closures entered for the Stichtag's month or earlier at accommodations with residents
    (else ""): the residents were counted there, so they move from the month after the Stichtag."""
    start = result.start
    now = month_key(start.stichtag)
    position = None
    late = []
    for sid, value in result.assumptions.closures.items():
        if not value or (isinstance(value, str) and len(value) == 7 and value > now):  # "YYYY-MM": text order
            continue
        t = month_index(start.stichtag, value)
        if t is None or t > 0:
            continue
        position = position or {str(i): j for j, i in enumerate(start.accommodations["id"])}
        j = position.get(str(sid))
        if j is not None and start.households[j].sum() > 0:
            late.append(f"„{start.accommodations['name'].iat[j]}“ ({fmt.month(period_month(start.stichtag, t))})")
    if not late or result.T < 2:
        return ""
    return (f" Schließung im Monat des Stichtags oder früher eingetragen bei {', '.join(late)}: die Bewohner "
            f"werden ab {result.month_label(1)} verlegt.")


def not_whole(result: Result, t: int) -> str:
    """Why households wait in month ``t`` although places are free (else ""): the free places are
    spread over accommodations, none has room for a waiting household as a whole, and households
    are not split."""
    raw = result.raw
    free = np.maximum(raw.capacity[t] - raw.residents[t], 0.0)
    sizes = TYPE_SIZE[raw.unplaced_types[t] > 0]
    if not len(sizes) or free.sum() < sizes.min():
        return ""
    lo, hi = int(sizes.min()), int(sizes.max())
    who = f"mit {fmt.integer(lo)} Personen" if lo == hi else f"mit {fmt.integer(lo)} bis {fmt.integer(hi)} Personen"
    return (f" Im {result.month_label(t)} sind zwar {fmt.plural(free.sum(), 'Platz', 'Plätze')} frei, aber "
            f"höchstens {fmt.integer(free.max())} in einer Unterkunft: Haushalte {who} finden so keinen Platz "
            "als Ganzes (Haushalte werden nicht getrennt).")


def verdict_variants(results: dict[str, Result]) -> str:
    """Summary over arrival variants, e.g. "Umsetzbar bei niedriger Zuweisung, nicht bei hoher Zuweisung."."""
    adjectives = {"niedrig": "niedriger", "mittel": "mittlerer", "hoch": "hoher"}
    ok = [v for v in VARIANTS if v in results and results[v].feasible]
    bad = [v for v in VARIANTS if v in results and not results[v].feasible]
    if not bad:
        return "Umsetzbar bei jeder Zuweisungsvariante."
    if not ok:
        return "Bei keiner Zuweisungsvariante umsetzbar."
    yes = " und ".join(adjectives[v] for v in ok)
    no = " und ".join(adjectives[v] for v in bad)
    return f"Umsetzbar bei {yes} Zuweisung, nicht bei {no} Zuweisung."
