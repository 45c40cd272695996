"""The Bericht page's view model: the council report assembled from the dashboards' indicator functions.

`build_report(state, previous, sections=[…], …)` prepares the data once (`report_data.prepare`, with the
joint publication of `report_publication`) and turns it into a format-neutral `Report` (one builder per
section key, `report_sections` and `report_scenario`); `export.pptx`, `export.xlsx` and `export.html`
render it, `export.council_text` writes the Sachstand from the same prepared data. Nothing here
recomputes an indicator.
"""

from __future__ import annotations

from ankunft import disclosure as dc
from ankunft.core import fmt, reference
from ankunft.disclosure import DisclosureConfig
from ankunft.disclosure import ratsfassung as rf
from ankunft.storage.state import DataState
from ankunft.views.report_data import (
    COUNCIL_THRESHOLD,
    DEFAULT_SCENARIO_NAME,
    KPI_TILES,
    REPORT_TITLE,
    SECTION_KEYS,
    SECTION_LABELS,
    ReportData,
    audit,
    count_text,
    prepare,
    sources,
    stamp,
)
from ankunft.views.report_findings import findings as find
from ankunft.views.report_findings import section_findings
from ankunft.views.report_model import Report
from ankunft.views.report_publication import T_ACC, T_DIST, T_FOCUS, T_LOS, TOTAL
from ankunft.views.report_scenario import scenario_table, section_scenario, short_verdict
from ankunft.views.report_sections import (
    section_accommodations,
    section_district_profile,
    section_housing,
    section_kpis,
    section_length_of_stay,
    section_services,
)
from ankunft.views.report_trends import section_trends

__all__ = [  # the Bericht page's and the exporters' API
    "COUNCIL_THRESHOLD", "DEFAULT_SCENARIO_NAME", "KPI_TILES", "REPORT_TITLE", "SECTION_BUILDERS", "SECTION_KEYS", "SECTION_LABELS",
    "T_ACC", "T_DIST", "T_FOCUS", "T_LOS", "TOTAL", "ReportData", "assumptions", "audit", "build_report",
    "count_text", "find", "prepare", "report_from", "scenario_table", "section_scenario", "short_verdict", "sources", "stamp",
]

SECTION_BUILDERS = {
    "findings": lambda rd: section_findings(rd, find(rd)),
    "kpis": section_kpis,
    "trends": section_trends,
    "accommodations": section_accommodations,
    "length_of_stay": section_length_of_stay,
    "housing": section_housing,
    "services": section_services,
    "district_profile": section_district_profile,
    "scenario": section_scenario,
}


# ---------------------------------------------------------------------------------------------
# the report


def assumptions(rd: ReportData) -> list[tuple[str, str]]:
    s = rd.standards
    out = [
        ("Gebiet", rd.filters),
        ("Fokusgebiet", rd.focus_label),
        ("Lange Aufenthaltsdauer", f"ab {fmt.num(s.long_stay_years)} Jahren"),
        ("Warnschwelle Auslastung", fmt.pct(s.utilisation_alert, 0)),
        ("Wohnfläche je Person (Unterkunft)", fmt.m2(s.m2_per_person_accommodation, 1)),
    ]
    if rd.council:
        out.append(("Kleine Fallzahlen", f"Personenzahlen von 1 bis {rd.cfg.threshold} als „{rd.cfg.marker}“, "
                                         f"weitere Werte als „{dc.HIDDEN_MARKER}“ ausgeblendet"))
    return out


def report_from(rd: ReportData, sections: list[str], author: str = "", excluded=()) -> Report:
    """The report of the chosen sections (in the order of SECTION_KEYS) from prepared data; `excluded`:
    keys of findings (Handlungsbedarf) the officer left out."""
    unknown = [s for s in sections if s not in SECTION_BUILDERS]
    if unknown:
        raise ValueError(f"Unbekannte Abschnitte: {', '.join(unknown)}")
    chosen = [f for f in find(rd) if f.key not in set(excluded)] if "findings" in sections else []
    built = []
    for key in SECTION_KEYS:
        if key in sections:
            section = section_findings(rd, chosen) if key == "findings" else SECTION_BUILDERS[key](rd)
            if section is not None:
                built.append(section)
    kpis = [rd.kpi_tile(k) for k in KPI_TILES if k in rd.kpis] if "kpis" in sections else []
    return Report(title=REPORT_TITLE, city=reference.CITY, stand=rd.stand, author=author.strip(), sections=built,
                  stamp=stamp(rd.state), council=rd.council,
                  threshold_line=rf.threshold_line(rd.cfg, rd.stand) if rd.council else "",
                  assumptions=assumptions(rd), sources=sources(rd.state),
                  kpis=kpis, findings=chosen)


def build_report(state: DataState, previous: DataState | None = None, *, sections: list[str], council: bool = False,
                 author: str = "", focus_ids=reference.FOCUS_DEFAULT,
                 focus_label: str = reference.FOCUS_LABEL_DEFAULT, district_ids: list[str] | None = None,
                 disclosure_cfg: DisclosureConfig | None = None, scenarios: list | None = None,
                 history: list | None = None, district_geojson: dict | None = None, excluded=()) -> Report:
    """The council report (format-neutral) for the chosen sections; render it with
    `pptx.build`, `xlsx.build`, `html.build`."""
    rd = prepare(state, previous, council=council, focus_ids=focus_ids, focus_label=focus_label,
                 district_ids=district_ids, disclosure_cfg=disclosure_cfg, scenarios=scenarios,
                 district_geojson=district_geojson, history=history)
    return report_from(rd, list(sections), author, excluded)
