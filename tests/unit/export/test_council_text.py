"""The Sachstand text: generated from the data, changes with it, council-safe."""

from __future__ import annotations

import pytest

from ankunft import scenario as sc
from ankunft.export import council_text
from ankunft.storage import demo
from ankunft.views import report_view as assemble
from tests.unit.views.test_report_view import report_states, small_variant


@pytest.fixture(scope="module")
def demo_data():
    return demo.build()


@pytest.fixture(scope="module")
def states(demo_data):
    return report_states(demo_data)


@pytest.fixture(scope="module")
def text(states):
    return council_text.build_text(*states)


def _paragraphs(text: str) -> list[str]:
    return text.split("\n\n")


def test_heading_and_key_figures(text, states):
    assert "\u00a0%" in text and "\u00a0€" in text  # units stay with their numbers (fmt)
    p = _paragraphs(text.replace("\u00a0", " "))
    assert p[0] == "Sachstand zur Unterbringung Geflüchteter in Kaiserslautern (Stand 30.09.2026)"
    assert p[1] == ("Zum Stichtag 30.09.2026 leben in der Stadt 1.378 Menschen in 14 städtischen Unterkünften mit "
                    "zusammen 2.111 Plätzen; die Auslastung liegt bei 65,3 %. Am 31.03.2026 waren es 1.265 Menschen "
                    "(+113). Die Unterbringung kostet rund 996.160 € im Monat. 2 Unterkünfte sind als kritisch "
                    "markiert (Überbelegung, abgelaufener Mietvertrag oder überfällige Schließung).")
    assert p[2].startswith("29,5 % der Bewohnerinnen und Bewohner leben seit mindestens 3 Jahren in einer Unterkunft. "
                           "Am 31.03.2026 waren es 38,2 % (−8,7 %-Punkte). 867 Personen dürften bereits")
    assert p[3].startswith("Die Wohnungsaufsicht hat bis zum 30.09.2026 294 Objekte geprüft; bei 94 sind Mängel noch "
                           "offen (32,0 %).")
    assert ("Im Fokusgebiet (Bezirk 09 Kaiserslautern-West (mit Nordwest)) sind es 65 von 152 geprüften "
            "Objekten.") in p[3]
    assert p[4] == ("Die Kitas der Stadt decken 92,5 % des rechnerischen Bedarfs, im Fokusgebiet (Bezirk 09 "
                    "Kaiserslautern-West (mit Nordwest)) 79,7 %; dort fehlen rund 95 Plätze.")
    assert p[-1].startswith("Quellen: Unterkünfte: Sozialamt, Stand 30.09.2026;")
    assert "Zum Schutz" not in text


def test_scenario_verdict_is_the_engines(text, states):
    start = sc.start_state_from(states[0])
    a = sc.default_assumptions(start)
    variants = sc.simulate_variants(start, a)
    verdict = sc.verdict(variants["mittel"])
    assert f"Szenario „{assemble.DEFAULT_SCENARIO_NAME}“: {verdict} {sc.verdict_variants(variants)}" in text


def test_named_scenarios(states):
    start = sc.start_state_from(states[0])
    keep = sc.default_assumptions(start)
    keep = keep.replace(closures={k: None for k in keep.closures})
    result = sc.simulate(start, keep, "niedrig", name="Alles bleibt offen")
    text = council_text.build_text(*states, scenarios=[result])
    assert "Die Modellrechnung ergibt: Szenario „Alles bleibt offen“: " + sc.verdict(result) in text


def test_text_changes_with_the_data(text, demo_data):
    other = council_text.build_text(*small_variant(demo_data))
    assert other != text
    assert "1.321 Menschen in 14 städtischen Unterkünften" in other
    assert "1.378 Menschen" not in other
    # fewer residents, other flows: the scenario sentence follows the data as well
    assert _paragraphs(other)[5] != _paragraphs(text)[5]


def test_council_text_uses_protected_figures(demo_data):
    """Council mode has no district filter (issue 15): the Sachstand is the whole city's Ratsfassung,
    with a district choice as without it, and names the threshold."""
    states = small_variant(demo_data)
    rd = assemble.prepare(*states, council=True, district_ids=["16"])
    text = council_text.sachstand(rd)
    assert text == council_text.sachstand(assemble.prepare(*states, council=True))
    first = _paragraphs(text)[1]
    assert first.startswith(f"Zum Stichtag 30.09.2026 leben in der Stadt {rd.residents_total.text} Menschen")
    assert "Zum Schutz der Bewohnerinnen und Bewohner sind Personenzahlen von 1 bis 2 als „≤2“" in text


def test_council_text_with_everything_published_equals_the_plain_numbers(demo_data, text):
    rd = assemble.prepare(*report_states(demo_data), council=True)
    council = council_text.sachstand(rd)
    assert _paragraphs(council)[1] == _paragraphs(text)[1]
    assert council.endswith("ausgeblendet. Kleine Fallzahlen (1–2) ausgeblendet, Stand 30.09.2026.")


def test_without_data():
    from ankunft.storage.state import DataState

    text = council_text.build_text(DataState(stand=demo.STICHTAG))
    assert _paragraphs(text)[1] == ("Für die Unterkünfte liegt keine Unterkunftsliste vor; Belegung und Plätze "
                                    "können nicht angegeben werden.")
    assert "Modellrechnung" not in text
