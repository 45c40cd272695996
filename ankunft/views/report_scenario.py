"""The report's scenario section: the closure scenarios chosen on the Bericht page, their comparison
table, chart and notes, with the Szenarien page's council rules."""

from __future__ import annotations

import pandas as pd

from ankunft.core import fmt, palette
from ankunft.views.report_data import (
    COLOUR_OCCUPANCY,
    COLOUR_PLACES,
    SECTION_LABELS,
    ReportData,
    ScenarioRun,
    join_text,
)
from ankunft.views.report_model import ChartSpec, Kpi, Section, Series


def _scenario_hidden(rd: ReportData, start) -> tuple[str, ...]:
    """Council mode: the accommodations whose start occupancy the Übersicht hides (and "Gesamt"
    when the city total is hidden or the model starts from other counts than the Ratsfassung) – the
    same rule as the Szenarien page (docs/disclosure.md)."""
    if not rd.council:
        return ()
    from ankunft.views import scenario_view as pm

    return pm.hidden_start(rd.state, rd.cfg, tuple(rd.focus_ids), rd.previous, start)  # the report's Ratsfassung


def persons_hidden(rd: ReportData, start) -> bool:
    """Council mode with the model's start total hidden: the scenario names no count, month or sum of money
    (``verdict(…, hide_persons=True)``; every text of the report, the Sachstand too)."""
    from ankunft.views import scenario_view as pm

    return pm.TOTAL_HIDDEN in _scenario_hidden(rd, start)


def council_verdict(rd: ReportData, run: ScenarioRun, hidden: tuple[str, ...] | None = None) -> tuple[str, str, bool]:
    """The verdict, the verdict over the variants and whether the plan is feasible, as every text of the
    report says them (section, deck, Excel, HTML, Sachstand). Council mode with the start total hidden:
    without counts and months, and feasible or not from the start of published figures only
    (``scenario_council.public_results`` with the report's threshold) – twins give the same finding."""
    from ankunft import scenario as sc
    from ankunft.views import scenario_council as sco

    hidden = _scenario_hidden(rd, run.result.start) if hidden is None else hidden
    if sco.TOTAL_HIDDEN not in hidden:
        return sc.verdict(run.result), sc.verdict_variants(run.variants), run.result.feasible
    public = sco.public_results(run.variants, hidden, rd.cfg)
    mine = public.get(run.result.variant) or sco.public_run(run.result, hidden, rd.cfg)
    return sc.verdict(run.result, True, mine), sc.verdict_variants(public), mine.feasible


def section_scenario(rd: ReportData) -> Section | None:
    from ankunft.plots.scenario_charts import council_values
    from ankunft.views import scenario_view as pm

    runs = rd.scenario_runs
    if not runs:
        return None
    first = runs[0].result
    labels = first.month_labels
    hidden = _scenario_hidden(rd, first.start)
    persons = pm.TOTAL_HIDDEN not in hidden  # with the city total hidden, no person line at all

    def values(y) -> list[float]:  # council: whole persons/places, not the model's exact expectation
        return [float(v) for v in council_values(y, rd.council)]

    series = []
    if len(runs) == 1:
        m = first.monthly
        series = [Series("Plätze", values(m["capacity"]), palette.GREY),
                  Series("Plätze bei Zielauslastung", values(m["target_places"]), COLOUR_PLACES)]
        if persons:
            series.append(Series("Bedarf", values(m["demand"]), COLOUR_OCCUPANCY))
    else:
        if persons:
            series.append(Series("Bedarf", values(first.monthly["demand"]), COLOUR_OCCUPANCY))
        for i, run in enumerate(runs):
            series.append(Series(f"Plätze – {run.name}", values(run.result.monthly["capacity"]),
                                 palette.OKABE_ITO[(i + 1) % len(palette.OKABE_ITO)]))
    chart = ChartSpec("line", labels, series, y_title="Personen / Plätze")
    # council, start total hidden: the verdict without counts (they follow from the hidden start)
    # (and feasible or not from the published start: scenario_council.public_results)
    found = [council_verdict(rd, run, hidden) for run in runs]
    verdicts = [(run.name, v, vv) for run, (v, vv, _) in zip(runs, found)]
    headline = short_verdict(verdicts[0][1])
    if len(runs) > 1:
        headline = f"{verdicts[0][0]}: {headline}"
    kpis = []
    for run, (_, _, feasible) in zip(runs[:5], found):
        kf = run.result.key_figures()
        kpis.append(Kpi(run.name, "umsetzbar" if feasible else "nicht umsetzbar",
                        f"Fehlbedarf ab {fmt.month(kf['first_shortfall_month'])}" if kf["first_shortfall_month"]
                        is not None and persons else run.result.variant_label))  # hidden start: no month
    table = scenario_table([run.result for run in runs], [run.name for run in runs], hidden if rd.council else None,
                           rd.cfg)
    return Section(key="scenario", title=SECTION_LABELS["scenario"], headline=headline, kpis=kpis, chart=chart,
                   table=table, notes=_scenario_notes(rd, runs, verdicts), source=rd.state.source("accommodations"),
                   stichtag=first.start.stichtag, filters="ganze Stadt (Modellrechnung)",
                   side_table=earliest_side_table(first, not persons))


def earliest_side_table(result, hide_persons: bool = False) -> pd.DataFrame:
    """The slide's table beside the chart: the earliest closure month per accommodation and, for the
    planned closures, the probability that they work in their month – from the page's functions
    (``scenario_view.earliest_display`` and ``closure_chances``; months and probabilities only, no
    person count). ``hide_persons`` (council mode, start total hidden): both "•" – they follow from
    the start's households, so one or two persons more at a closed site moved them in measured twins."""
    from ankunft.scenario.montecarlo import monte_carlo
    from ankunft.views import scenario_view as pm

    a_json = result.assumptions.to_json()
    early = pm.earliest_display(result.start, a_json, result.variant, hide_persons)
    mc = monte_carlo(result.start, result.assumptions, result.variant)
    return side_table(early, pm.closure_chances(result.start, mc, hide_persons))


def short_verdict(text: str) -> str:
    """The verdict's first clause (the slide headline): `Ab Juni 2027 fehlen … im Aug. 2031.` (the
    council verdict's note why it names no count is left out too; the published start's clause stays)."""
    from ankunft.scenario.verdict import PERSONS_HIDDEN_NOTE

    first = text.replace(PERSONS_HIDDEN_NOTE, "").split("; ")[0].split(". Ohne ")[0].strip().rstrip(".")
    return first + "."


def scenario_table(results: list, names: list[str], hidden=None, cfg=None) -> pd.DataFrame:
    """The Szenarien page's comparison table (:func:`ankunft.views.scenario_view.compare_display`,
    same rules, council hiding included) with "Kennzahl" as a column; a name that repeats gets its
    position appended (`Plan (2)`)."""
    from ankunft.views import scenario_view as pm

    columns: list[str] = []
    for i, name in enumerate(str(n) for n in names):
        columns.append(name if name not in columns and name != "Kennzahl" else f"{name} ({i + 1})")
    return pm.compare_display(dict(zip(columns, results)), hidden, cfg).reset_index()


def _scenario_notes(rd: ReportData, runs: list[ScenarioRun], verdicts) -> str:
    from ankunft import scenario as sc

    first = runs[0].result
    a = first.assumptions
    lines = [f"Modellrechnung ab {fmt.month(first.months[0])} über {fmt.integer(first.T)} Monate "
             f"({first.variant_label}); die Linien zeigen Plätze und Bedarf am Monatsbeginn."]
    for name, v, vv in verdicts:
        lines.append(f"{name}: {v} Über alle Zuweisungsvarianten: {vv}")
    closed = {k: v for k, v in a.closures.items() if v}
    names = dict(zip(first.start.accommodations["id"], first.start.accommodations["name"]))
    closures = "; ".join(f"{names.get(k, k)} ({fmt.month(pd.Timestamp(v + '-01'))})"
                         for k, v in sorted(closed.items(), key=lambda kv: kv[1])) or "keine"
    arrivals = ", ".join(f"{sc.VARIANT_LABELS[v]} {fmt.num(a.arrivals[v], 1)}" for v in sc.VARIANTS)
    moveout = fmt.pct(a.moveout_rate, 1)
    if rd.council:  # rates from the residents file rounded, "•" behind few persons (as on the page)
        from ankunft.views import scenario_view as pm

        shown = dict(zip(*pm.council_assumptions(a, first.start, rd.cfg)[["Annahme", "Wert"]].T.to_numpy()))
        arrivals = shown[sc.ASSUMPTION_LABELS["arrivals"]]
        moveout = shown[sc.ASSUMPTION_LABELS["moveout_rate"]]
    lines.append(
        f"Annahmen ({runs[0].name}): Schließungen: {closures}. Zuweisungen je Monat: {arrivals}"
        + f". Auszüge in Wohnungen: {moveout} der Auszugsberechtigten je Monat"
        + f"; Zielauslastung {fmt.pct(a.target_utilisation, 0)}, Reserve {fmt.integer(a.reserve_places)} Plätze.")
    if not rd.council:  # the page's earliest months, uncertainty and back-test error (same functions)
        from ankunft.views import scenario_view as pm

        stands = [*rd.history, rd.state]  # every stored Stand up to this one, as on the page
        lines += pm.shared_notes(first.start, a.to_json(), first.variant, rd.state, stands, memo=rd.memo)
    if first.start.estimated:
        lines.append("Der Startbestand ist aus der Belegung geschätzt (keine Bewohnerdatei).")
    lines.append("Die Zahlen sind Erwartungswerte eines Modells, keine Zählung von Personen.")
    return join_text(*lines)


def side_table(earliest: pd.DataFrame, chances: pd.DataFrame | None) -> pd.DataFrame:
    """The compact table from the page's earliest-month table (``scenario_view.earliest_display``) and
    closure probabilities (``scenario_view.closure_chances``): Unterkunft, Frühestens, Geplant,
    Wahrsch. – planned closures first, the others after them (each in the page's order). Months and a
    probability only: no person counts (so nothing hidden in the Ratsfassung shows)."""
    prob = {} if chances is None or chances.empty else dict(zip(chances["Unterkunft"],
                                                                  chances["Wahrscheinlichkeit umsetzbar"]))
    out = pd.DataFrame({
        "Unterkunft": earliest["Unterkunft"].astype(str),
        "Frühestens": earliest["Frühester Monat"].astype(str),
        "Geplant": [g if g.strip() else fmt.MISSING for g in earliest["Geplante Schließung"].astype(str)],
        "Wahrsch.": [prob.get(n, fmt.MISSING) for n in earliest["Unterkunft"].astype(str)],
    })
    planned = out["Geplant"] == fmt.MISSING
    order = pd.DataFrame({"unplanned": planned, "pos": range(len(out))})
    return out.loc[order.sort_values(["unplanned", "pos"], kind="stable").index].reset_index(drop=True)
