"""Übersicht: KPIs with the change since the previous snapshot, alerts, headline, district table.

Each dataset is evaluated at its own Stichtag (roster at the residents file's Stichtag, open defects at
the housing file's); contract and closure dates are compared with the selected Stand.
The housing and services indicators are called through injectable callables
(``open_defects(housing_df, stichtag) -> int``,
``kita_coverage(services_df, districts_df, district_ids, rates) -> float | None``); by default the
functions of :mod:`ankunft.indicators.housing` and :mod:`ankunft.indicators.services` are used.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np
import pandas as pd

from ankunft.core import fmt, glossary, reference
from ankunft.core.identity_cache import IdentityCache
from ankunft.core.reference import STANDARDS, Standards
from ankunft.indicators import Unavailable
from ankunft.indicators import accommodations as acc_mod
from ankunft.indicators import housing as housing_mod
from ankunft.indicators import services as services_mod
from ankunft.indicators import stays as stays_mod
from ankunft.indicators.areas import LEVEL_DISTRICT, district_ids_of
from ankunft.storage.state import DataState

PAGE_ACCOMMODATIONS = "app_pages/2_unterkuenfte.py"
PAGE_DATA = "app_pages/8_daten.py"
PAGE_LABELS = {PAGE_ACCOMMODATIONS: "Unterkünfte", PAGE_DATA: "Daten"}

OpenDefects = Callable[[pd.DataFrame, dt.date], int]
KitaCoverage = Callable[..., "float | None"]


@dataclass(frozen=True)
class KpiSpec:
    label: str
    kind: str  # "count" | "pct" | "eur"
    inverse: bool  # an increase is unfavourable
    help: str


KPI_SPECS: dict[str, KpiSpec] = {
    "residents": KpiSpec("Menschen in Unterkünften", "count", False,
                         "Bewohner am Stichtag in Unterkünften, die in Betrieb sind "
                         "(Bewohnerdatei vor Belegungsspalte)."),
    "places": KpiSpec("Plätze", "count", False, "Plätze in Unterkünften, die in Betrieb sind."),
    "utilisation": KpiSpec("Auslastung", "pct", False, "Belegung geteilt durch Plätze (Unterkünfte in Betrieb)."),
    "open_accommodations": KpiSpec("Unterkünfte in Betrieb", "count", False,
                                   "Status „in Betrieb“ oder „in Schließung“ "
                                   "(ohne Reserve und geschlossene)."),
    "long_stay_share": KpiSpec("Länger als {years} Jahre", "pct", True,
                               "Anteil der Bewohner, die seit mindestens {years} Jahren in einer Unterkunft leben."),
    "entitled_residents": KpiSpec("Auszugsberechtigte in Unterkünften", "count", True,
                                  "Bewohner, die eine eigene Wohnung beziehen dürften (Angabe in der Bewohnerdatei "
                                  "oder Aufenthaltsstatus mit Anerkennung/Schutz)."),
    "monthly_cost": KpiSpec("Kosten je Monat", "eur", True,
                            "Plätze × Kosten je Platz und Monat, Unterkünfte in Betrieb."),
    "open_defects": KpiSpec("Wohnungen mit offenen Mängeln", "count", True,
                            "Geprüfte Objekte mit Mangel, der am Stichtag nicht behoben ist."),
    "kita_coverage": KpiSpec("Kita-Versorgung im Fokusgebiet", "pct", False,
                             "Kita-Plätze geteilt durch den Bedarf nach den Bedarfsquoten des "
                             "Jugendhilfeausschusses."),
}
KPI_ORDER = tuple(KPI_SPECS)


@dataclass(frozen=True)
class Kpi:
    key: str
    label: str
    value: float | None
    previous: float | None
    change: float | None
    kind: str
    value_text: str
    change_text: str | None
    help: str
    inverse: bool
    reason: str | None = None  # why the value is missing (German)


@dataclass(frozen=True)
class Alert:
    level: str  # "rot" | "gelb"
    code: str
    text: str
    rule: str
    page: str
    page_label: str
    accommodation_key: str | None = None


@dataclass
class OverviewInputs:
    """What the Übersicht is computed from, for one DataState."""

    table: pd.DataFrame
    roster: pd.DataFrame | Unavailable
    stays: pd.DataFrame | Unavailable
    housing: pd.DataFrame
    services: pd.DataFrame
    districts: pd.DataFrame
    stand: dt.date
    roster_date: dt.date
    housing_date: dt.date
    unmatched: list[str] = field(default_factory=list)
    district_ids: list[str] | None = None


@dataclass
class Overview:
    kpis: list[Kpi]
    alerts: list[Alert]
    headline: str
    districts: pd.DataFrame
    table: pd.DataFrame


# --- inputs -----------------------------------------------------------------------------------
def _in_districts(df: pd.DataFrame, district_ids: list[str] | None) -> pd.DataFrame:
    if not district_ids or len(df) == 0:
        return df
    return df[district_ids_of(df).isin(list(district_ids)).to_numpy()]


@lru_cache(maxsize=None)
def _empty(key: str) -> pd.DataFrame:
    return glossary.empty_frame(key)


def _frame(state: DataState, key: str) -> pd.DataFrame:
    """The dataset's frame; a shared empty conformed frame when absent (never modified)."""
    return state.df(key) if key in state.views else _empty(key)


@dataclass(frozen=True)
class _CityPart:
    """What ``inputs`` derives from the whole city's data of a state, before restricting to districts."""

    acc: pd.DataFrame
    roster_date: dt.date
    stays: pd.DataFrame | Unavailable
    roster: pd.DataFrame | Unavailable
    table: pd.DataFrame
    unmatched: list[str]


# the city part per (state, standards), for as long as the state lives: a district filter, the
# Unterkünfte view, the Stadtteilprofil and the report all restrict the same city part (50.000 stays:
# ≈ 0,3 s CPU per rebuild). Kept per state object (core.identity_cache: a weak reference, never a hit
# for another state with a reused id); 32 entries at most, the least recently used out first.
_CITY: IdentityCache[_CityPart] = IdentityCache(maxsize=32)


def _city_part(state: DataState, standards: Standards) -> _CityPart:
    return _CITY.get_or_build((state,), standards, lambda: _build_city_part(state, standards))


def _build_city_part(state: DataState, standards: Standards) -> _CityPart:
    acc = _frame(state, "accommodations")
    roster_date = state.stichtag("residents") or state.stand
    stays = stays_mod.attach_accommodation_ids(state.df("residents"), acc) if state.has("residents") \
        else Unavailable(stays_mod.NO_STAYS)
    roster = stays_mod.roster(stays, roster_date)
    table = acc_mod.accommodation_table(acc, state.stand, stays, standards, roster_date=roster_date,
                                        roster=None if isinstance(roster, Unavailable) else roster)
    unmatched = stays_mod.unmatched_accommodations(stays, acc) if not isinstance(stays, Unavailable) else []
    return _CityPart(acc=acc, roster_date=roster_date, stays=stays, roster=roster, table=table, unmatched=unmatched)


def inputs(state: DataState, district_ids: list[str] | None = None,
           standards: Standards = STANDARDS) -> OverviewInputs:
    """Accommodation table, roster and the other frames of a state, restricted to ``district_ids``.

    The city-wide part is computed once per state (see ``_CITY``); its frames are shared, so callers
    treat them as read-only (as they always had to: an unfiltered call returned the state's frames)."""
    city = _city_part(state, standards)
    table = _in_districts(city.table, district_ids)
    roster = city.roster
    if not isinstance(roster, Unavailable) and district_ids:
        roster = roster[roster["accommodation_id"].isin(set(table["key"])).to_numpy()]
    return OverviewInputs(
        table=table, roster=roster, stays=city.stays,
        housing=_in_districts(_frame(state, "housing"), district_ids),
        services=_frame(state, "services"), districts=_frame(state, "districts"),
        stand=state.stand, roster_date=city.roster_date,
        housing_date=state.stichtag("housing") or state.stand, unmatched=city.unmatched,
        district_ids=list(district_ids) if district_ids else None,
    )


# --- KPIs -------------------------------------------------------------------------------------
def kpi_values(data: OverviewInputs, focus_ids: Iterable[str] = reference.FOCUS_DEFAULT,
               standards: Standards = STANDARDS, open_defects: OpenDefects | None = None,
               kita_coverage: KitaCoverage | None = None) -> dict[str, tuple[float | None, str | None]]:
    """KPI key -> (value, German reason when the value is missing)."""
    out: dict[str, tuple[float | None, str | None]] = {}
    no_acc = "Keine Unterkunftsliste geladen."
    t = acc_mod.totals(data.table) if len(data.table) else None
    out["residents"] = (t["occupancy"], None) if t and t["occupancy"] is not None else \
        (None, no_acc if t is None else "Keine Belegung bekannt.")
    out["places"] = (t["capacity"], None) if t and t["capacity"] is not None else (None, no_acc)
    out["utilisation"] = (t["utilisation"], None) if t and t["utilisation"] is not None else \
        (None, "Belegung oder Plätze fehlen.")
    out["open_accommodations"] = (float(t["accommodations"]), None) if t else (None, no_acc)
    out["monthly_cost"] = (t["monthly_cost"], None) if t and t["monthly_cost"] is not None else \
        (None, "Kosten je Platz fehlen in der Unterkunftsliste.")
    roster = data.roster
    if isinstance(roster, Unavailable):
        out["long_stay_share"] = (None, roster.reason)
        out["entitled_residents"] = (None, roster.reason)
    else:
        open_keys = set(acc_mod.open_only(data.table)["key"]) if len(data.table) else None
        r = roster if open_keys is None else roster[roster["accommodation_id"].isin(open_keys).to_numpy()]
        share = stays_mod.long_stay_share(r, standards.long_stay_years)
        out["long_stay_share"] = (share, None if share is not None else "Am Stichtag lebt niemand in einer Unterkunft.")
        n = stays_mod.entitled_count(r)
        out["entitled_residents"] = (None if n is None else float(n),
                                     None if n is not None else "Weder Auszugsberechtigung noch Aufenthaltsstatus "
                                                                "in der Bewohnerdatei.")
    out["open_defects"] = _open_defects_value(data, open_defects)
    out["kita_coverage"] = _kita_value(data, list(focus_ids), standards, kita_coverage)
    return out


def _open_defects_value(data: OverviewInputs, open_defects: OpenDefects | None) -> tuple[float | None, str | None]:
    fn = open_defects or housing_mod.open_defects
    if len(data.housing) == 0:
        return None, "Keine Daten der Wohnungsaufsicht geladen."
    return float(fn(data.housing, data.housing_date)), None


def _kita_value(data: OverviewInputs, focus_ids: list[str], standards: Standards,
                kita_coverage: KitaCoverage | None) -> tuple[float | None, str | None]:
    fn = kita_coverage or services_mod.kita_coverage
    if len(data.services) == 0 or len(data.districts) == 0:
        return None, "Für die Kita-Versorgung fehlen Einrichtungen (Jugendamt) oder Stadtteildaten (Statistikstelle)."
    value = fn(data.services, data.districts, focus_ids, rates=standards)
    return (None, "Kita-Plätze oder Kinderzahlen im Fokusgebiet fehlen.") if value is None else (float(value), None)


def format_value(kind: str, value: float | None) -> str:
    if value is None:
        return fmt.MISSING
    if kind == "pct":
        return fmt.pct(value)
    if kind == "eur":
        return fmt.eur_compact(value)
    return fmt.integer(value)


def format_change(kind: str, change: float | None) -> str | None:
    if change is None:
        return None
    if kind == "pct":
        return fmt.signed(change * 100, 1, "%-Punkte")
    if kind == "eur":
        return fmt.signed(change, 0, "€")
    return fmt.signed(change)


def build_kpis(current: dict[str, tuple[float | None, str | None]],
               previous: dict[str, tuple[float | None, str | None]] | None = None,
               standards: Standards = STANDARDS) -> list[Kpi]:
    """KPI tiles in the fixed order, with the change since the previous snapshot where both are known."""
    out = []
    for key in KPI_ORDER:
        if key not in current:
            continue
        spec = KPI_SPECS[key]
        value, reason = current[key]
        prev = previous.get(key, (None, None))[0] if previous else None
        change = value - prev if value is not None and prev is not None else None
        years = fmt.num(standards.long_stay_years)
        label, help_text = spec.label.format(years=years), spec.help.format(years=years)
        out.append(Kpi(key=key, label=label, value=value, previous=prev, change=change, kind=spec.kind,
                       value_text=format_value(spec.kind, value), change_text=format_change(spec.kind, change),
                       help=help_text if reason is None else f"{help_text} – {reason}", inverse=spec.inverse,
                       reason=reason))
    return out


# --- alerts -----------------------------------------------------------------------------------
_CODE_ORDER = ("over_capacity", "closure_overdue", "lease_expired", "high_utilisation", "lease_ending",
               "space_below_standard", "social_work_below_standard")


def alerts(table: pd.DataFrame, unmatched: list[str] | None = None) -> list[Alert]:
    """Alerts in plain German from the accommodation flags (red first), each with its target page."""
    out: list[Alert] = []
    for key, flags in zip(table["key"], table["flag_list"]):
        for f in flags:
            out.append(Alert(f.level, f.code, f.detail, f.rule, PAGE_ACCOMMODATIONS,
                             PAGE_LABELS[PAGE_ACCOMMODATIONS], key))
    out.sort(key=lambda a: (acc_mod.LEVEL_ORDER[a.level], _CODE_ORDER.index(a.code), a.text))
    if unmatched:
        names = ", ".join(unmatched[:5]) + (" …" if len(unmatched) > 5 else "")
        n = len(unmatched)
        out.append(Alert(acc_mod.LEVEL_AMBER, "unmatched_accommodations",
                         f"{fmt.plural(n, 'Unterkunftsangabe', 'Unterkunftsangaben')} der Bewohnerdatei "
                         f"{'passt' if n == 1 else 'passen'} zu keinem Eintrag der Unterkunftsliste: {names}.",
                         "Aufenthalte werden über Unterkunfts-Nr. oder Namen zugeordnet.", PAGE_DATA,
                         PAGE_LABELS[PAGE_DATA]))
    return out


# --- headline ---------------------------------------------------------------------------------
def _share_words(share: float) -> str:
    return "ein Drittel" if abs(share - 1 / 3) < 1e-9 else ("die Hälfte" if share == 0.5 else fmt.pct(share, 0))


def headline(table: pd.DataFrame, roster: pd.DataFrame | Unavailable, standards: Standards = STANDARDS,
             share_threshold: float = 1 / 3) -> str:
    """One sentence stating the main finding, computed from the data."""
    t = acc_mod.open_only(table) if len(table) else table
    if len(t) == 0:
        return "Noch keine Unterkunftsliste geladen – bitte den Export auf der Seite Daten hochladen."
    years = fmt.num(standards.long_stay_years)
    if not isinstance(roster, Unavailable) and len(roster):
        per = stays_mod.long_stay_by_accommodation(roster, standards.long_stay_years)
        per = per[per["accommodation_id"].isin(set(t["key"])).to_numpy()]
        n = int((per["share"] > share_threshold).sum())
        m = len(per)
        if n and m == 1:
            return (f"In der einzigen bewohnten Unterkunft leben mehr als {_share_words(share_threshold)} "
                    f"der Bewohner länger als {years} Jahre.")
        if n:
            return (f"In {fmt.integer(n)} von {fmt.integer(m)} Unterkünften leben mehr als "
                    f"{_share_words(share_threshold)} der Bewohner länger als {years} Jahre.")
    totals = acc_mod.totals(table)
    occ, cap = fmt.integer(totals["occupancy"]), fmt.integer(totals["capacity"])
    over = totals["over_capacity_count"]
    m = totals["accommodations"]
    if over:
        verb = "ist" if over == 1 else "sind"
        return f"{fmt.integer(over)} von {fmt.integer(m)} Unterkünften {verb} überbelegt; insgesamt leben {occ} " \
               f"Menschen auf {cap} Plätzen."
    if totals["utilisation"] is None:
        return f"{fmt.plural(m, 'Unterkunft ist', 'Unterkünfte sind')} in Betrieb, mit zusammen {cap} Plätzen."
    return f"{occ} Menschen leben in {fmt.plural(m, 'Unterkunft', 'Unterkünften')}; " \
           f"{fmt.pct(totals['utilisation'])} der {cap} Plätze sind belegt."


def accommodations_headline(table: pd.DataFrame, standards: Standards = STANDARDS) -> str:
    """The Unterkünfte page's sentence: places, occupancy and how many are at the alert threshold."""
    if len(table) == 0:
        return "Noch keine Unterkunftsliste geladen – bitte den Export auf der Seite Daten hochladen."
    totals = acc_mod.totals(table)
    m = totals["accommodations"]
    if totals["utilisation"] is None:
        return f"{fmt.plural(m, 'Unterkunft ist', 'Unterkünfte sind')} in Betrieb; die Belegung ist nicht bekannt."
    t = acc_mod.open_only(table)
    high = int((t["utilisation"] >= standards.utilisation_alert).sum())
    text = (f"Von {fmt.integer(totals['capacity'])} Plätzen in {fmt.plural(m, 'Unterkunft', 'Unterkünften')} "
            f"sind {fmt.integer(totals['occupancy'])} belegt ({fmt.pct(totals['utilisation'])})")
    if high:
        text += (f"; {fmt.integer(high)} {'ist' if high == 1 else 'sind'} zu mindestens "
                 f"{fmt.pct(standards.utilisation_alert, 0)} ausgelastet")
    return text + "."


# --- district table ---------------------------------------------------------------------------
DISTRICT_LABELS = {
    "district_id": "Nr.",
    "district": "Stadtteil",
    "accommodations": "Unterkünfte",
    "residents": "Bewohner in Unterkünften",
    "places": "Plätze",
    "open_defects": "Wohnungen mit offenen Mängeln",
    "kita_coverage": "Kita-Versorgung",
    "population": "Einwohner",
    "focus": "Fokusgebiet",
}


def _population(districts_df: pd.DataFrame) -> tuple[pd.Series, str]:
    if len(districts_df) and districts_df["population"].notna().any():
        s = pd.Series(districts_df["population"].to_numpy(), index=district_ids_of(districts_df).to_numpy())
        return s[~s.index.duplicated()], "Statistikstelle"
    ref = pd.Series({d.id: float(d.population) for d in reference.DISTRICTS})
    return ref, "Referenzwerte (Sekundärquelle, Stichtag unbekannt)"


def _defects_by_district(data: OverviewInputs, ids: list[str], open_defects: OpenDefects | None) -> dict[str, float]:
    """Open housing defects per district (NaN for all without housing data or evaluation).

    With the default evaluation one pass over the objects (``housing.housing_summaries``); an injected
    ``open_defects`` callable is called once per district on that district's rows.
    """
    if len(data.housing) == 0:
        return dict.fromkeys(ids, np.nan)
    if open_defects is None:
        sums = housing_mod.housing_summaries(data.housing, data.housing_date, {did: [did] for did in ids})
        return {did: float(sums[did].open) for did in ids}
    housing_ids = district_ids_of(data.housing)
    return {did: float(open_defects(data.housing[(housing_ids == did).to_numpy()], data.housing_date))
            for did in ids}


def _kita_by_district(data: OverviewInputs, ids: list[str], standards: Standards,
                      kita_coverage: KitaCoverage | None) -> dict[str, float]:
    """Kita coverage per district (NaN where not computable).

    With the default evaluation all districts come from one ``services.kita_supply`` call; an injected
    ``kita_coverage`` callable is called once per district.
    """
    if len(data.services) == 0 or len(data.districts) == 0:
        return dict.fromkeys(ids, np.nan)
    if kita_coverage is None:
        supply = services_mod.kita_supply(data.services, data.districts, None, rates=standards)
        per = supply[(supply["level"] == LEVEL_DISTRICT).to_numpy()]
        coverage = dict(zip(per["area_id"], per["coverage"].astype("float64")))
        return {did: float(coverage.get(did, np.nan)) for did in ids}
    out = {}
    for did in ids:
        value = kita_coverage(data.services, data.districts, [did], rates=standards)
        out[did] = np.nan if value is None else float(value)
    return out


def district_table(data: OverviewInputs, focus_ids: Iterable[str] = reference.FOCUS_DEFAULT,
                   standards: Standards = STANDARDS, open_defects: OpenDefects | None = None,
                   kita_coverage: KitaCoverage | None = None) -> pd.DataFrame:
    """One row per district: residents in accommodations, places, open housing defects, Kita coverage,
    population, focus flag. ``attrs["population_source"]`` says where the population comes from.
    """
    focus = {str(f) for f in focus_ids}
    t = acc_mod.open_only(data.table) if len(data.table) else data.table
    population, pop_source = _population(data.districts)
    ids = {d.id for d in reference.DISTRICTS}
    if len(t):
        ids |= set(t["district_id"].dropna())
    ids = sorted(ids if not data.district_ids else set(data.district_ids))
    defects = _defects_by_district(data, ids, open_defects)
    kita = _kita_by_district(data, ids, standards, kita_coverage)
    per = pd.DataFrame({"district_id": t["district_id"].astype("object"), "n": 1.0,
                        "occupancy": t["occupancy"].astype("float64"), "capacity": t["capacity"].astype("float64")})
    sums = per.dropna(subset=["district_id"]).groupby("district_id")[["n", "occupancy", "capacity"]].sum()
    rows = []
    for did in ids:
        counts = sums.loc[did] if did in sums.index else pd.Series({"n": 0.0, "occupancy": 0.0, "capacity": 0.0})
        rows.append({
            "district_id": did,
            "district": reference.DISTRICT_NAMES.get(did, did),
            "accommodations": int(counts["n"]),
            "residents": float(counts["occupancy"]),
            "places": float(counts["capacity"]),
            "open_defects": defects[did],
            "kita_coverage": kita[did],
            "population": float(population.get(did, np.nan)),
            "focus": did in focus,
        })
    out = pd.DataFrame(rows, columns=list(DISTRICT_LABELS))
    out.attrs["population_source"] = pop_source
    return out


def district_display(table: pd.DataFrame) -> pd.DataFrame:
    """District table with German titles, still numeric so it sorts: counts as integers (NA when unknown),
    Kita coverage in percent (one decimal), focus as "ja"/"".
    """
    def counts(col: str) -> pd.Series:
        return table[col].round().astype("Int64")

    return pd.DataFrame({
        DISTRICT_LABELS["district_id"]: table["district_id"],
        DISTRICT_LABELS["district"]: table["district"],
        DISTRICT_LABELS["accommodations"]: counts("accommodations"),
        DISTRICT_LABELS["residents"]: counts("residents"),
        DISTRICT_LABELS["places"]: counts("places"),
        DISTRICT_LABELS["open_defects"]: counts("open_defects"),
        DISTRICT_LABELS["kita_coverage"] + " (%)": (table["kita_coverage"] * 100).round(1),
        DISTRICT_LABELS["population"]: counts("population"),
        DISTRICT_LABELS["focus"]: table["focus"].map({True: "ja", False: ""}),
    })


# --- one call for the page --------------------------------------------------------------------
def overview(state: DataState, previous: DataState | None = None,
             focus_ids: Iterable[str] = reference.FOCUS_DEFAULT, district_ids: list[str] | None = None,
             standards: Standards = STANDARDS, open_defects: OpenDefects | None = None,
             kita_coverage: KitaCoverage | None = None) -> Overview:
    """Everything the Übersicht shows, for a state and (optionally) the previous snapshot's state."""
    focus_ids = list(focus_ids)
    data = inputs(state, district_ids, standards)
    current = kpi_values(data, focus_ids, standards, open_defects, kita_coverage)
    prev_values = None
    if previous is not None:
        prev_values = kpi_values(inputs(previous, district_ids, standards), focus_ids, standards, open_defects,
                                 kita_coverage)
    return Overview(
        kpis=build_kpis(current, prev_values, standards),
        alerts=alerts(data.table, data.unmatched),
        headline=headline(data.table, data.roster, standards),
        districts=district_table(data, focus_ids, standards, open_defects, kita_coverage),
        table=data.table,
    )


__all__ = ["Alert", "Kpi", "KPI_SPECS", "Overview", "OverviewInputs", "accommodations_headline", "alerts",
           "build_kpis", "district_table", "headline", "inputs", "kpi_values", "overview"]
