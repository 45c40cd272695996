"""The Sachstand for the council paper (Beschlussvorlage): a few German paragraphs, generated.

Every figure comes from the same prepared report data as the exports (`assemble.prepare`), so in
council mode the text uses the same protected figures: a hidden count reads `≤2 Menschen` or
`eine ausgeblendete Zahl …`, and shares built on hidden counts are left out.

    rd = assemble.prepare(state, previous, council=True, scenarios=[...])
    text = sachstand(rd)
"""

from __future__ import annotations

from ankunft.core import fmt
from ankunft.disclosure.ratsfassung import threshold_line
from ankunft.indicators import areas
from ankunft.indicators import housing as housing_mod
from ankunft.views.report_findings import notes_lines
from ankunft.views.report_view import T_FOCUS, ReportData, count_text, find, prepare

HEADING = "Sachstand"


def _kpi(rd: ReportData, key: str):
    return rd.kpis.get(key)


def _change_clause(rd: ReportData, key: str, noun: str = "") -> str:
    """` Am 31.03.2026 waren es 1.265 Menschen (+113).` when the change may be shown, else ""."""
    change = rd.kpi_change_text(key)
    if not change or rd.previous is None:
        return ""
    return f" Am {fmt.date(rd.previous.stand)} waren es {rd.kpi_previous_text(key)}{noun} ({change})."


def paragraph_accommodations(rd: ReportData) -> str:
    residents = rd.residents_total
    places = _kpi(rd, "places")
    n = _kpi(rd, "open_accommodations")
    if places is None or places.value is None or n is None or n.value is None:
        return ("Für die Unterkünfte liegt keine Unterkunftsliste vor; Belegung und Plätze können nicht "
                "angegeben werden.")
    area = "in der Stadt" if not rd.district_ids else f"im Gebiet {rd.filters}"
    text = (f"Zum Stichtag {fmt.date(rd.inputs.roster_date)} leben {area} "
            f"{count_text(residents, 'Mensch', 'Menschen')} in "
            f"{fmt.plural(n.value, 'städtischen Unterkunft', 'städtischen Unterkünften')} mit zusammen "
            f"{fmt.integer(places.value)} Plätzen")
    util = rd.kpi_figure("utilisation")
    if not util.suppressed and util.value is not None:
        text += f"; die Auslastung liegt bei {fmt.pct(util.value)}"
    text += "." + _change_clause(rd, "residents", " Menschen")
    cost = _kpi(rd, "monthly_cost")
    if cost is not None and cost.value is not None:
        text += f" Die Unterbringung kostet rund {fmt.eur_compact(cost.value)} im Monat."
    red = int((rd.open_table["flag_level"] == "rot").sum()) if len(rd.open_table) else 0
    if red:
        text += (f" {fmt.plural(red, 'Unterkunft ist', 'Unterkünfte sind')} als kritisch markiert "
                 "(Überbelegung, abgelaufener Mietvertrag oder überfällige Schließung).")
    return text


def paragraph_stays(rd: ReportData) -> str | None:
    share = rd.kpi_figure("long_stay_share")
    entitled = rd.kpi_figure("entitled_residents")
    if share.value is None and not share.suppressed and entitled.value is None and not entitled.suppressed:
        return None
    years = fmt.num(rd.standards.long_stay_years)
    sentences = []
    if not share.suppressed and share.value is not None:
        sentences.append(f"{fmt.pct(share.value)} der Bewohnerinnen und Bewohner leben seit mindestens {years} "
                         "Jahren in einer Unterkunft." + _change_clause(rd, "long_stay_share"))
    if entitled.suppressed or entitled.value is not None:
        text = count_text(entitled)
        sentences.append(f"{text[0].upper()}{text[1:]} dürften bereits eine eigene Wohnung beziehen, leben aber "
                         "noch in einer Unterkunft.")
    if rd.headline and "leben mehr als" in rd.headline:
        sentences.append(rd.headline)
    return " ".join(sentences)


def paragraph_housing(rd: ReportData) -> str | None:
    ht = rd.housing_table
    if not len(ht):
        return None
    total = ht[ht["area_id"] == housing_mod.CITY_ID].iloc[0]
    open_f = rd.open_defects_total
    text = (f"Die Wohnungsaufsicht hat bis zum {fmt.date(rd.inputs.housing_date)} "
            f"{fmt.plural(total['inspected'], 'Objekt', 'Objekte')} geprüft; bei {open_f.text} "
            f"{'ist' if open_f.value == 1 else 'sind'} Mängel noch offen")
    if not open_f.suppressed and open_f.value is not None and total["inspected"]:
        text += f" ({fmt.share(total['open_share'])})"
    text += "." + _change_clause(rd, "open_defects", " Objekte mit offenen Mängeln")
    focus = rd.cell(T_FOCUS, "open")
    frow = ht[ht["area_id"] == housing_mod.FOCUS_ID]
    if focus is not None and len(frow) and frow["inspected"].iloc[0]:
        text += f" Im Fokusgebiet ({rd.focus_label}) sind es {focus.text}"
        if not focus.suppressed and focus.value is not None:
            text += f" von {fmt.integer(frow['inspected'].iloc[0])} geprüften Objekten"
        text += "."
    return text


def paragraph_services(rd: ReportData) -> str | None:
    k = rd.kita
    if not len(k):
        return None
    focus = k[k["area_id"] == areas.FOCUS_ID]
    city = k[k["area_id"] == areas.CITY_ID]
    if not len(city) or city["coverage"].isna().all():
        return None
    text = f"Die Kitas der Stadt decken {fmt.share(city['coverage'].iloc[0])} des rechnerischen Bedarfs"
    if len(focus) and focus["coverage"].notna().all():
        text += (f", im Fokusgebiet ({rd.focus_label}) {fmt.share(focus['coverage'].iloc[0])}")
        short = focus["shortfall"].iloc[0]
        if short >= 0.5:
            text += f"; dort fehlen rund {fmt.integer(short)} Plätze"
    return text + "."


def paragraph_scenarios(rd: ReportData) -> str | None:
    runs = rd.scenario_runs
    if not runs:
        return None
    from ankunft.views.report_scenario import council_verdict

    parts = []
    for run in runs:
        # council mode, start total hidden: the verdict without counts and months and feasible or not from
        # the published start, as on every other page
        verdict, variants, _ = council_verdict(rd, run)
        parts.append(f"Szenario „{run.name}“: {verdict} {variants}")
    if rd.scenario_items is None:
        intro = "Die Modellrechnung zu den in der Unterkunftsliste geplanten Schließungen ergibt:"
    else:
        intro = "Die Modellrechnung ergibt:" if len(runs) == 1 else "Die Modellrechnungen der Szenarien ergeben:"
    return intro + " " + " ".join(parts) + " (Erwartungswerte eines Modells; Annahmen siehe Anlage.)"


def paragraph_sources(rd: ReportData) -> str:
    from ankunft.views.report_view import sources, stamp

    items = "; ".join(f"{label}: {office}, Stand {fmt.date(day)}" for label, office, day in sources(rd.state))
    text = f"Quellen: {items}." if items else stamp(rd.state)
    if rd.state.is_demo:
        text += " Hinweis: synthetische Beispieldaten."
    if rd.council:
        text += (f" Zum Schutz der Bewohnerinnen und Bewohner sind Personenzahlen von 1 bis {rd.cfg.threshold} "
                 f"als „{rd.cfg.marker}“ angegeben und Werte, aus denen sie sich errechnen ließen, ausgeblendet. "
                 f"{threshold_line(rd.cfg, rd.stand)}.")
    return text


def paragraph_findings(rd: ReportData, excluded=()) -> str | None:
    """Handlungsbedarf: the findings of the report (`report_findings.findings`) without the excluded keys."""
    items = [f for f in find(rd) if f.key not in set(excluded)]
    if not items:
        return None
    lines = [f"Handlungsbedarf: {fmt.plural(len(items), 'Punkt braucht', 'Punkte brauchen')} eine Entscheidung."]
    lines += notes_lines(items)
    return "\n".join(lines)


def sachstand(rd: ReportData, excluded=()) -> str:
    """The Sachstand: a heading line and a few paragraphs (plain text, paragraphs separated by a blank line);
    `excluded`: keys of findings the officer left out of the Handlungsbedarf."""
    paragraphs = [
        paragraph_accommodations(rd),
        paragraph_stays(rd),
        paragraph_housing(rd),
        paragraph_services(rd),
        paragraph_scenarios(rd),
        paragraph_findings(rd, excluded),
        paragraph_sources(rd),
    ]
    head = f"{HEADING} zur Unterbringung Geflüchteter in Kaiserslautern (Stand {fmt.date(rd.stand)})"
    return "\n\n".join([head] + [p for p in paragraphs if p])


def build_text(state, previous=None, **kwargs) -> str:
    """Convenience: prepare the data (same keywords as `assemble.prepare`) and write the Sachstand."""
    return sachstand(prepare(state, previous, **kwargs))


__all__ = ["HEADING", "build_text", "sachstand"]
