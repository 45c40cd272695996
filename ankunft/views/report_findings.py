"""Handlungsbedarf: the findings of a Stand that need a council decision, ordered by urgency.

`findings(rd)` reads the prepared report data (`report_data.ReportData`) and applies a few rules whose
thresholds come from the planning standards (`core.reference.Standards`, see `rules_from`):

- **Frist** – an accommodation in operation whose lease ends (or whose planned closure falls) within
  the horizon (twice the lease warning period), or has already passed: its residents, how many of
  them are entitled to a flat, and the flats needed by household size (the entitled households of
  the scenario's start state, `scenario.households` – the same households the flats advice counts);
- **Überbelegung** – more residents than places;
- **Warmwasser** – inspected flats whose missing hot water is still open (a serious defect);
- **Kita** – districts whose Kita coverage is far below the demand (the Kita year as the deadline);
- **Lange Aufenthalte** – a site where many stay long and most could move into a flat.

Urgency: the months until the deadline (none = after every dated finding), then the size of the gap.
Each finding has a stable key (the Bericht page deselects by key), a title, one sentence with its
figures, its source (office, dataset, Stand) and its deadline. In council mode every count of
persons is the protected publication's (`rd.occupancy`, `rd.cell`): a hidden count reads as its
marker, and figures the publication does not hold (entitled residents and flats per site) are left
out of the sentence. `section_findings` turns the findings into the report's section (table with
numbers as numbers); the renderers lay it out.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ankunft.core import fmt, glossary
from ankunft.core.reference import Standards
from ankunft.disclosure import Figure
from ankunft.indicators import Unavailable, areas
from ankunft.indicators import stays as stays_mod
from ankunft.scenario import households as hh
from ankunft.scenario import inputs as sc_in
from ankunft.views.report_data import (
    ReportData,
    count_text,
    figure_sum,
    join_text,
    make_section,
    number_or_none,
)
from ankunft.views.report_model import Section
from ankunft.views.report_publication import OPEN, T_LOS, T_TYPES, TOTAL

SECTION_KEY = "findings"
TITLE = "Handlungsbedarf"
HOT_WATER = "Kein Warmwasser"  # the defect type's label in the housing indicators
DAYS_PER_MONTH = 365.25 / 12
KITA_YEAR_START = (8, 1)  # the Kita year starts on 1 August


@dataclass(frozen=True)
class Rules:
    """Thresholds of the findings (defaults from the planning standards, `rules_from`)."""

    horizon_months: int = 12  # deadlines up to this many months after the Stand
    kita_coverage_below: float = 0.85  # "far below": coverage under this share of the demand
    kita_min_shortfall: float = 10.0  # … and at least this many places missing
    long_stay_share: float = 0.25  # a quarter of the residents stay ≥ long_stay_years
    entitled_share: float = 0.5  # … and at least half of them could move into a flat
    max_findings: int = 5


def rules_from(standards: Standards) -> Rules:
    """The rules of a set of standards: a council decision needs twice the lease warning period."""
    return Rules(horizon_months=2 * int(standards.lease_warning_months))


@dataclass(frozen=True)
class Finding:
    key: str  # stable: "frist:<accommodation>", "ueberbelegt:<accommodation>", "kita:<district>", …
    topic: str  # Unterkunft, Wohnqualität, Kita
    title: str
    text: str  # one sentence with the figures, German formatting
    source: str  # `Unterkunftsliste: Sozialamt, Stand 30.09.2026; …`
    stand: dt.date | None  # the Stichtag of the main dataset
    due: dt.date | None  # the deadline (None: no date, after every dated finding)
    gap: float  # size of the gap (persons, places, objects): the tie-breaker
    persons: float | str | None = None  # the persons concerned (number, marker when hidden)
    flats: float | None = None  # flats needed (None: no claim)
    offices: tuple[str, ...] = ()  # the source offices (the slide's footer names them all)

    def months(self, stand: dt.date) -> float:
        """Months from the Stand to the deadline (0 when it has passed; inf without a deadline)."""
        if self.due is None:
            return math.inf
        return max(0.0, (self.due - stand).days / DAYS_PER_MONTH)


def ordered(items: list[Finding], stand: dt.date) -> list[Finding]:
    """Most urgent first: the nearest deadline, then the largest gap, then the key (stable)."""
    return sorted(items, key=lambda f: (f.months(stand), -f.gap, f.key))


# ---------------------------------------------------------------------------------------------
# helpers


def source_text(rd: ReportData, *datasets: str) -> str:
    """`Unterkünfte: Sozialamt, Stand 30.09.2026; …` for the datasets present."""
    parts = [f"{glossary.DATASETS[d].label}: {rd.state.source(d)}, Stand {fmt.date(rd.stichtag(d))}"
             for d in datasets if rd.state.has(d)]
    return "; ".join(parts)


def offices(rd: ReportData, *datasets: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys(rd.state.source(d) for d in datasets if rd.state.has(d)))


def _day(value) -> dt.date | None:
    if value is None or pd.isna(value):
        return None
    return pd.Timestamp(value).date()


def _shown(f: Figure) -> float | str | None:
    """What a table cell shows: the number, the marker when hidden, None when empty."""
    if f.suppressed:
        return f.text
    return f.value


def flats_by_site(rd: ReportData) -> dict[str, np.ndarray]:
    """Accommodation key → entitled households by size class (1, 2, 3, 4+): one flat each.
    The households of the scenario's start state (`scenario.start_state_from`)."""
    if not rd.state.has("accommodations"):
        return {}
    start = rd.memo(sc_in.start_state_from)(rd.state)  # the Szenarien page's start state (ui cache)
    keys = stays_mod.accommodation_keys(glossary.conform("accommodations", rd.state.df("accommodations")))
    ent = start.households[:, hh.ENTITLED_TYPES]
    classes = hh.TYPE_CLASS[hh.ENTITLED_TYPES]
    by_class = np.stack([ent[:, classes == k].sum(axis=1) for k in range(len(sc_in.HOUSEHOLD_CLASSES))], axis=1)
    return {str(k): by_class[i] for i, k in enumerate(keys) if i < len(by_class)}


def flats_text(flats: np.ndarray) -> str:
    """`21 Wohnungen, davon 6 für Familien ab 4 Personen` (the largest class named when present)."""
    total = round(float(flats.sum()))
    text = fmt.plural(total, "Wohnung", "Wohnungen")
    big = round(float(flats[-1]))
    if big and big < total:
        text += f", davon {fmt.integer(big)} für {sc_in.HOUSEHOLD_LABELS[sc_in.HOUSEHOLD_CLASSES[-1]]}"
    elif big:
        text += f" für {sc_in.HOUSEHOLD_LABELS[sc_in.HOUSEHOLD_CLASSES[-1]]}"
    return text


def _entitled_by_site(rd: ReportData) -> dict[str, float]:
    roster = rd.inputs.roster
    if isinstance(roster, Unavailable) or not len(roster):
        return {}
    out = {}
    for key, group in roster.groupby("accommodation_id"):
        n = stays_mod.entitled_count(group)
        if n is not None:
            out[str(key)] = float(n)
    return out


# ---------------------------------------------------------------------------------------------
# the rules


def _deadline(row, stand: dt.date, horizon: dt.date) -> tuple[dt.date, str, str] | None:
    """The site's deadline within the horizon: (date, title, clause) of the earliest event (lease end or
    planned closure); the clause names both when both fall within the horizon."""
    lease, closure = _day(row["lease_end"]), _day(row["planned_closure"])
    occupied = number_or_none(row["occupancy"]) or 0.0
    events = []
    if lease is not None and lease <= horizon:
        past = lease <= stand
        events.append((lease, "Mietvertrag abgelaufen" if past else f"Mietvertrag endet {fmt.date(lease)}",
                       f"der Mietvertrag {'endete' if past else 'endet'} am {fmt.date(lease)}"))
    if closure is not None and closure <= horizon and (closure > stand or occupied > 0):
        past = closure <= stand
        events.append((closure, "Schließung überfällig" if past else f"Schließung zum {fmt.date(closure)}",
                       f"die Schließung war für den {fmt.date(closure)} geplant" if past
                       else f"die Schließung ist zum {fmt.date(closure)} geplant"))
    if not events:
        return None
    events.sort(key=lambda e: e[0])
    clause = ", ".join(e[2] for e in events)
    return events[0][0], events[0][1], clause[0].upper() + clause[1:]


def deadline_findings(rd: ReportData, rules: Rules, flats: dict, entitled: dict) -> list[Finding]:
    stand = rd.stand
    horizon = (pd.Timestamp(stand) + pd.DateOffset(months=rules.horizon_months)).date()
    out = []
    for _, row in rd.open_table.iterrows():
        found = _deadline(row, stand, horizon)
        if found is None:
            continue
        due, title, what = found
        key = str(row["key"])
        occ = rd.occupancy(key)
        sentence = f"{what}; dort leben {count_text(occ, 'Mensch', 'Menschen')}"
        datasets = ["accommodations"]
        site_flats = None
        if not rd.council and key in entitled:
            datasets.append("residents")
            sentence += f", davon {fmt.integer(entitled[key])} auszugsberechtigt"
            f = flats.get(key)
            if f is not None and f.sum() >= 0.5:
                site_flats = float(round(f.sum()))
                sentence += f" – benötigt: {flats_text(f)}"
        elif rd.council and key in entitled and entitled[key] and not occ.suppressed:
            sentence += " – für die auszugsberechtigten Haushalte werden Wohnungen benötigt"
        gap = occ.value if not occ.suppressed and occ.value is not None else 0.0
        out.append(Finding(f"frist:{key}", "Unterkunft", f"{row['name']}: {title}",
                           sentence + ".", source_text(rd, *datasets), rd.stichtag("accommodations"), due,
                           float(gap), _shown(occ), site_flats, offices(rd, *datasets)))
    return out


def overcrowding_findings(rd: ReportData) -> list[Finding]:
    out = []
    t = rd.open_table
    for _, row in t[(t["occupancy"] > t["capacity"]).fillna(False).to_numpy(dtype=bool)].iterrows():
        key = str(row["key"])
        occ = rd.occupancy(key)
        places = fmt.plural(row["capacity"], "Platz", "Plätzen")
        if occ.suppressed or occ.value is None:
            sentence = f"{row['name']} hat mehr Bewohnerinnen und Bewohner als Plätze ({places})."
            gap = 0.0
        else:
            gap = float(occ.value - row["capacity"])
            sentence = (f"In {row['name']} leben {count_text(occ, 'Mensch', 'Menschen')} auf {places}: "
                        f"{fmt.plural(gap, 'Person', 'Personen')} über der Kapazität.")
        out.append(Finding(f"ueberbelegt:{key}", "Unterkunft", f"{row['name']}: überbelegt", sentence,
                           source_text(rd, "accommodations", "residents"), rd.stichtag("accommodations"), rd.stand,
                           gap, _shown(occ), None, offices(rd, "accommodations", "residents")))
    return out


def hot_water_finding(rd: ReportData) -> list[Finding]:
    f = rd.cell(T_TYPES, HOT_WATER, OPEN)
    if f is None or (not f.suppressed and not f.value):
        return []
    day = rd.inputs.housing_date
    sentence = (f"Bei {count_text(f, 'geprüften Wohnung', 'geprüften Wohnungen')} ist der Mangel „kein Warmwasser“ "
                f"am {fmt.date(day)} noch nicht behoben.")
    return [Finding("warmwasser", "Wohnqualität", "Wohnungen ohne Warmwasser", sentence,
                    source_text(rd, "housing"), rd.stichtag("housing"), rd.stand,
                    float(f.value) if not f.suppressed and f.value else 0.0, None, None, offices(rd, "housing"))]


def kita_findings(rd: ReportData, rules: Rules) -> list[Finding]:
    """One finding for the districts whose Kita coverage is far below the demand (most places missing
    first); the deadline is the start of the next Kita year."""
    k = rd.kita
    if not len(k):
        return []
    rows = k[k["level"] == areas.LEVEL_DISTRICT]
    if rd.district_ids:
        rows = rows[rows["area_id"].isin(rd.district_ids).to_numpy()]
    stand = rd.stand
    month, day = KITA_YEAR_START
    due = dt.date(stand.year, month, day)
    if due <= stand:
        due = dt.date(stand.year + 1, month, day)
    low = []
    for _, r in rows.iterrows():
        cov, short = number_or_none(r["coverage"]), number_or_none(r["shortfall"])
        if cov is not None and short is not None and cov < rules.kita_coverage_below \
                and short >= rules.kita_min_shortfall:
            low.append((short, cov, areas.district_name(str(r["area_id"]))))
    if not low:
        return []
    low.sort(key=lambda x: (-x[0], x[2]))
    total = sum(x[0] for x in low)
    parts = [f"{name} {fmt.share(cov)} des Bedarfs ({fmt.integer(round(short))} fehlen)" for short, cov, name in low]
    where = "im Stadtteil" if len(low) == 1 else f"in {fmt.integer(len(low))} Stadtteilen"
    sentence = (f"Bis zum Kita-Jahr ab {fmt.date(due)} fehlen {where} rund "
                f"{fmt.plural(round(total), 'Kita-Platz', 'Kita-Plätze')}: " + "; ".join(parts) + ".")
    title = f"Kita-Plätze fehlen in {low[0][2]}" if len(low) == 1 else \
        f"Kita-Plätze fehlen in {fmt.integer(len(low))} Stadtteilen"
    return [Finding("kita", "Kita", title, sentence, source_text(rd, "services", "districts"),
                    rd.stichtag("services"), due, float(total), None, None, offices(rd, "services", "districts"))]


def long_stay_findings(rd: ReportData, rules: Rules, flats: dict, entitled: dict, taken: set) -> list[Finding]:
    """Sites where many stay long and at least half could move into a flat (not already named)."""
    if T_LOS not in rd.pub:
        return []
    years = fmt.num(rd.standards.long_stay_years)
    out = []
    for _, row in rd.open_table.iterrows():
        key = str(row["key"])
        total = rd.cell(T_LOS, key, TOTAL)
        parts = [rd.cell(T_LOS, key, b) for b in rd.long_bands or []]
        if key in taken or total is None or not parts or any(p is None for p in parts) or key not in entitled:
            continue
        long = figure_sum(parts, rd.cfg)
        residents = float(rd.inputs.roster["accommodation_id"].eq(key).sum())
        if not residents or entitled[key] < rules.entitled_share * residents:
            continue
        raw_long = float(sum(p.value for p in parts if p.value is not None)) if not rd.council else None
        value = long.value if not long.suppressed else raw_long
        if value is None or value < rules.long_stay_share * residents:
            continue
        sentence = (f"In {row['name']} leben {count_text(long, 'Mensch', 'Menschen')} seit mindestens {years} Jahren")
        f = flats.get(key)
        site_flats = None
        if not rd.council:
            sentence += f"; {fmt.integer(entitled[key])} von {fmt.integer(residents)} sind auszugsberechtigt"
            if f is not None and f.sum() >= 0.5:
                site_flats = float(round(f.sum()))
                sentence += f" – benötigt: {flats_text(f)}"
        else:
            sentence += "; die meisten dürften in eine eigene Wohnung ziehen"
        out.append(Finding(f"lange:{key}", "Unterkunft", f"{row['name']}: lange Aufenthalte", sentence + ".",
                           source_text(rd, "residents"), rd.stichtag("residents"), None,
                           float(value) if not long.suppressed else 0.0, _shown(long), site_flats,
                           offices(rd, "residents")))
    return out


def kind(f: Finding) -> str:
    return f.key.split(":", 1)[0]


def select(candidates: list[Finding], stand: dt.date, rules: Rules) -> list[Finding]:
    """At most `rules.max_findings`: first the most urgent finding of each kind that has a deadline
    within the horizon (so that one kind does not crowd out the others), then the rest by urgency;
    returned most urgent first."""
    ranked = ordered(candidates, stand)
    chosen: list[Finding] = []
    for f in ranked:
        if f.months(stand) <= rules.horizon_months and all(kind(c) != kind(f) for c in chosen):
            chosen.append(f)
    for f in ranked:
        if f not in chosen:
            chosen.append(f)
    return ordered(chosen[: rules.max_findings], stand)


def candidates(rd: ReportData, rules: Rules) -> list[Finding]:
    """Every finding the rules give, unordered."""
    found: list[Finding] = []
    if len(rd.open_table):
        flats, entitled = flats_by_site(rd), _entitled_by_site(rd)
        found = deadline_findings(rd, rules, flats, entitled) + overcrowding_findings(rd)
        taken = {f.key.split(":", 1)[1] for f in found}
        found += long_stay_findings(rd, rules, flats, entitled, taken)
    return found + hot_water_finding(rd) + kita_findings(rd, rules)


def findings(rd: ReportData, rules: Rules | None = None) -> list[Finding]:
    """The findings of the report (at most `rules.max_findings`), most urgent first. Computed once per
    prepared data and rules (kept on `rd` like its cached properties: the page, the report and the
    Sachstand ask for them in turn)."""
    rules = rules or rules_from(rd.standards)
    cache = rd.__dict__.setdefault("_findings", {})
    if rules not in cache:
        cache[rules] = select(candidates(rd, rules), rd.stand, rules)
    return list(cache[rules])


# ---------------------------------------------------------------------------------------------
# the report section


COLUMNS = ("Nr.", "Thema", "Handlungsbedarf", "Befund", "Frist", "Monate bis zur Frist", "Menschen",
           "Wohnungen nötig", "Quelle")


def table(items: list[Finding], stand: dt.date) -> pd.DataFrame:
    rows = []
    for i, f in enumerate(items, start=1):
        months = f.months(stand)
        rows.append((i, f.topic, f.title, f.text, f.due if f.due is not None else fmt.MISSING,
                     round(months, 1) if math.isfinite(months) else float("nan"),
                     f.persons if f.persons is not None else float("nan"),
                     f.flats if f.flats is not None else float("nan"), f.source))
    return pd.DataFrame(rows, columns=list(COLUMNS))


def headline(items: list[Finding], stand: dt.date) -> str:
    dated = [f for f in items if f.due is not None]
    text = f"{fmt.plural(len(items), 'Punkt braucht', 'Punkte brauchen')} eine Entscheidung"
    if dated:
        first = min(dated, key=lambda f: f.due)
        text += (": der dringendste sofort" if first.due <= stand
                 else f": der dringendste bis {fmt.date(first.due)}")
    return text + "."


def notes_lines(items: list[Finding]) -> list[str]:
    """One line per finding for speaker notes and plain text: `1. Title. Sentence (Quelle: …)`."""
    return [f"{i}. {f.title}. {f.text} (Quelle: {f.source})" for i, f in enumerate(items, start=1)]


def section_findings(rd: ReportData, items: list[Finding]) -> Section | None:
    """The Handlungsbedarf section of the report (None when nothing is found); its notes give the rules
    (the findings themselves are the section's table and the report's `findings`)."""
    if not items:
        return None
    rules = rules_from(rd.standards)
    s = rd.standards
    notes = [
        f"Regeln: Mietvertragsende oder geplante Schließung innerhalb von {rules.horizon_months} Monaten "
        f"(doppelte Vorwarnzeit von {s.lease_warning_months} Monaten); Überbelegung (mehr Menschen als Plätze); "
        f"offene Mängel „kein Warmwasser“; Kita-Versorgung unter {fmt.pct(rules.kita_coverage_below, 0)} des Bedarfs "
        f"bei mindestens {fmt.integer(rules.kita_min_shortfall)} fehlenden Plätzen; mindestens "
        f"{fmt.pct(rules.long_stay_share, 0)} seit {fmt.num(s.long_stay_years)} Jahren und mindestens "
        f"{fmt.pct(rules.entitled_share, 0)} auszugsberechtigt. Reihenfolge: nächste Frist zuerst, dann die "
        "größere Lücke. Wohnungen: eine je auszugsberechtigtem Haushalt, Haushalte wie in der Szenarienrechnung."]
    if rd.council:
        notes.append("Ratsfassung: Personenzahlen aus der geschützten Veröffentlichung; Auszugsberechtigte und "
                     "Wohnungen je Unterkunft sind dort nicht ausgewiesen und fehlen daher.")
    section = make_section(rd, SECTION_KEY, "accommodations", title=TITLE, headline=headline(items, rd.stand),
                           table=table(items, rd.stand), notes=join_text(*notes),
                           table_formats={"Nr.": "0", "Monate bis zur Frist": "#,##0.0", "Menschen": "#,##0",
                                          "Wohnungen nötig": "#,##0"})
    section.source = ", ".join(dict.fromkeys(o for f in items for o in f.offices)) or section.source
    return section


__all__ = ["COLUMNS", "SECTION_KEY", "TITLE", "Finding", "Rules", "candidates", "findings", "flats_by_site", "flats_text",
           "headline", "notes_lines", "offices", "ordered", "rules_from", "section_findings", "select", "source_text", "table"]
