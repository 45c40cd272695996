"""View model of the Übersicht page: tiles, alerts, district table, map layers and legend.

Pure functions of the indicator results (:mod:`ankunft.indicators.overview`); the page only lays
them out. ``council=True`` gives the council version: every count of persons is a cell of the Stand's
Ratsfassung (:mod:`ankunft.disclosure.ratsfassung`, jointly protected); the view model holds nothing
else – its accommodation table carries only the published occupancies (:func:`council_table`), the
headline and the alerts are worded from the published figures.
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace

import numpy as np
import pandas as pd

from ankunft import disclosure
from ankunft.core import fmt, glossary, palette, reference
from ankunft.core.reference import STANDARDS, Standards
from ankunft.disclosure import DisclosureConfig, Figure, Protected
from ankunft.disclosure import ratsfassung as rf
from ankunft.indicators import Unavailable
from ankunft.indicators import accommodations as acc_mod
from ankunft.indicators import overview as ov_mod
from ankunft.indicators.housing import object_table
from ankunft.plots import maps
from ankunft.storage.state import DataState
from ankunft.views import ratsfassung_data
from ankunft.views.common import Tile

COUNCIL_CONTROLS: tuple[str, ...] = ()  # council mode: no district filter, one Ratsfassung per Stand
# flags that compare the occupancy with places, space or staff: for a site whose occupancy is hidden
# they would bound it ("Überbelegt": more than its places), so council mode leaves them out
OCCUPANCY_FLAGS = frozenset({"over_capacity", "high_utilisation", "space_below_standard",
                             "social_work_below_standard"})
QUERY_KEY = "unterkunft"  # query parameter of the Unterkünfte page that opens one accommodation
NO_DISTRICT = "ohne Stadtteil"
LEVEL_ICONS = {acc_mod.LEVEL_RED: ":material/error:", acc_mod.LEVEL_AMBER: ":material/warning:"}
SUPPRESSED_TEXT = "Zahlen zum Schutz kleiner Fallzahlen ausgeblendet"
HIDDEN_LEGEND = "Belegung ausgeblendet (kleine Zahl) oder unbekannt"
# last line of the map legend (see :func:`ankunft.views.common.map_legend`): the district areas
AREAS_LEGEND = "Flächen: Stadtteile (Nummer), **Fokusgebiet** blau umrandet; keine Hintergrundkarte."


@dataclass(frozen=True)
class AlertItem:
    level: str  # "rot" | "gelb"
    level_label: str  # "kritisch" | "beobachten"
    icon: str
    text: str
    rule: str
    page: str
    page_label: str
    query: dict = field(default_factory=dict)

    @property
    def markdown(self) -> str:
        """The alert as one markdown line: icon, bold level, the finding."""
        return f"{self.icon} **{self.level_label}:** {fmt.md(self.text)}"

    @property
    def rule_help(self) -> str:
        return f"Regel: {self.rule}"


@dataclass(frozen=True)
class OccupancyFigures:
    """Occupancy as it may be published: per accommodation key, per district id, and the total."""

    by_key: dict[str, Figure]
    by_district: dict[str, Figure]
    total: Figure
    note: str | None
    # the joint publication behind the figures ("acc": per accommodation with the total "Gesamt",
    # "dist": per district): other charts that repeat one of these numbers are protected with it
    tables: Mapping[str, Protected] = field(default_factory=dict)

    def text(self, key: str) -> str:
        fig = self.by_key.get(key)
        return fig.text if fig is not None else fmt.MISSING

    def hidden(self, key: str) -> bool:
        fig = self.by_key.get(key)
        return fig is not None and fig.suppressed


@dataclass
class OverviewView:
    headline: str
    tiles: list[Tile]
    alerts: list[AlertItem]
    districts: pd.DataFrame  # display table (numeric, sortable; strings in council mode)
    focus_rows: list[int]  # row positions of the focus area (highlighted)
    district_note: str
    table: pd.DataFrame  # accommodation table (for the map); council: only the Ratsfassung's occupancy (council_table)
    occupancy: OccupancyFigures | None  # council mode only
    council: bool
    notes: list[str] = field(default_factory=list)
    district_tips: dict[str, str] = field(default_factory=dict)  # map tooltip line per district


# --- disclosure ----------------------------------------------------------------------------------
def occupancy_from(pub: rf.Ratsfassung, table: pd.DataFrame | None = None) -> OccupancyFigures:
    """The occupancy figures of the Ratsfassung (per accommodation, per district, the total).

    ``table`` (the accommodation table): an accommodation with a known occupancy that is no cell of
    the Ratsfassung (not in operation) gets a withheld figure ("•"): council mode shows no count
    outside the one publication."""
    by_key = {k: pub.cell(rf.ACC, k) for k in pub.rows(rf.ACC)}
    if table is not None and len(table):
        known = table["occupancy"].notna().to_numpy()
        by_key.update({k: Figure(None, disclosure.SECONDARY, cfg=pub.cfg)
                       for k in table.loc[known, "key"] if k not in by_key})
    by_district = {d: pub.cell(rf.DIST, d) for d in pub.rows(rf.DIST)}
    tables = {"acc": pub.tables[rf.ACC], "dist": pub.tables[rf.DIST]} if rf.ACC in pub.tables else {}
    return OccupancyFigures(by_key, by_district, pub.cell(rf.ACC, rf.TOTAL), pub.note, tables)


# columns of the accommodation table computed from the occupancy (council: from the published cell only)
OCCUPANCY_COLUMNS = ("occupancy", "utilisation", "free_places", "over_capacity", "m2_per_person",
                     "residents_per_social_worker", "cost_per_occupied_place")
RAW_OCCUPANCY_COLUMNS = ("occupancy_reported", "occupancy_roster")  # the two sources before the choice


def council_table(table: pd.DataFrame, occupancy: OccupancyFigures,
                  standards: Standards = STANDARDS) -> pd.DataFrame:
    """The accommodation table as council mode may hold it (the map and any export read it): the
    occupancy is the Ratsfassung's published cell, and every column computed from it (utilisation,
    free places, space and staff per person, cost per occupied place) is computed from that cell –
    empty where the cell is hidden or the site no cell; the two raw sources and the note comparing
    them are empty; hidden sites keep no occupancy flag, and their other findings are worded
    without the count (:func:`council_flags`, :func:`council_flag_text`)."""
    if len(table) == 0:
        return table
    out = council_flags(table, occupancy)
    out = table.copy() if out is table else out  # never change the caller's table (a cached result)
    figs = [occupancy.by_key.get(k) for k in out["key"]]
    occ = pd.Series([f.value if f is not None and not f.suppressed and f.value is not None else np.nan
                     for f in figs], index=out.index, dtype="float64")
    cap = out["capacity"].astype("float64")
    derived = {
        "occupancy": occ,
        "utilisation": occ / cap.where(cap > 0),
        "free_places": (cap - occ).clip(lower=0),
        "over_capacity": (occ - cap).clip(lower=0),
        "m2_per_person": out["floor_area_m2"].astype("float64") / occ.where(occ > 0),
        "residents_per_social_worker": occ / out["social_workers"].astype("float64").where(
            out["social_workers"] > 0),
        "cost_per_occupied_place": out["monthly_cost"].astype("float64") / occ.where(occ > 0),
    }
    for col in OCCUPANCY_COLUMNS:
        out[col] = derived[col]
    for col in RAW_OCCUPANCY_COLUMNS:
        out[col] = np.nan
    out["occupancy_note"] = ""
    for i, fig in zip(out.index, figs):
        if fig is None or not fig.suppressed:
            continue
        row = out.loc[i]
        flags = []
        for f in out.at[i, "flag_list"]:
            text = council_flag_text(f.code, f.detail, row, fig, standards, ratsfassung=True)
            if text is not None:
                flags.append(replace(f, detail=text))
        out.at[i, "flag_list"] = flags
    return out


def council_flags(table: pd.DataFrame, occupancy: OccupancyFigures) -> pd.DataFrame:
    """The accommodation table with the occupancy flags of hidden sites removed (traffic light,
    labels and rules recomputed from the remaining flags): table, map and drill-down use it."""
    if len(table) == 0 or "flag_list" not in table.columns:
        return table
    out = table.copy()
    for i, key in zip(out.index, out["key"]):
        if not occupancy.hidden(key):
            continue
        kept = [f for f in out.at[i, "flag_list"] if f.code not in OCCUPANCY_FLAGS]
        out.at[i, "flag_list"] = kept
        out.at[i, "flag_level"] = min((f.level for f in kept), key=acc_mod.LEVEL_ORDER.__getitem__) \
            if kept else acc_mod.LEVEL_GREEN
        out.at[i, "flag_labels"] = "; ".join(f.label for f in kept)
        out.at[i, "flag_rules"] = "\n".join(f"{f.label}: {f.rule}" for f in kept)
    return out


# --- tiles ---------------------------------------------------------------------------------------
def tiles(kpis: Iterable[ov_mod.Kpi]) -> list[Tile]:
    """KPI tiles as computed (no suppression)."""
    return [Tile(k.key, k.label, k.value_text, k.change_text, k.help, k.inverse) for k in kpis]


def ratsfassung_tiles(kpis: Iterable[ov_mod.Kpi], pub: rf.Ratsfassung) -> list[Tile]:
    """KPI tiles for the council from the Ratsfassung: residents and entitled residents as published,
    changes only between two published figures (the previous Stand's Ratsfassung), the long-stay
    share as the relation of two published counts in whole per cent, the utilisation (and its
    change) only when the totals behind it are published."""
    total = pub.cell(rf.ACC, rf.TOTAL)
    before_total = pub.before(rf.ACC, rf.TOTAL)
    out = []
    for k in kpis:
        tile = Tile(k.key, k.label, k.value_text, k.change_text, k.help, k.inverse)
        if k.key in ("residents", "entitled_residents") and k.value is not None:
            name = rf.ACC if k.key == "residents" else rf.ENTITLED
            row = rf.TOTAL if k.key == "residents" else rf.ENTITLED
            tile = replace(tile, value_text=pub.cell(name, row).text,
                           change_text=ov_mod.format_change("count", pub.change(name, row)))
        elif k.key == "utilisation" and k.value is not None:
            if total.suppressed:
                tile = replace(tile, value_text=disclosure.HIDDEN_MARKER, change_text=None)
            elif before_total.suppressed or before_total.value is None:
                tile = replace(tile, change_text=None)
        elif k.key == "open_defects" and k.value is not None and rf.HOUSING in pub.tables:
            tile = replace(tile, value_text=pub.cell(rf.HOUSING, rf.TOTAL, "open").text,
                           change_text=ov_mod.format_change("count", pub.change(rf.HOUSING, rf.TOTAL, "open")))
        elif k.key == "kita_coverage" and k.value is not None and rf.KITA_FOCUS in pub.tables \
                and any(pub.cell(rf.KITA_FOCUS, rf.FOCUS, c).suppressed for c in rf.KITA_COLS[:3]):
            tile = replace(tile, value_text=disclosure.HIDDEN_MARKER, change_text=None)
        elif k.key == "long_stay_share" and k.value is not None:
            now = rf.long_stay_share(pub)
            then = rf.long_stay_share(pub.previous) if pub.previous is not None else None
            change = None
            if then is not None and now.value is not None and then.value is not None \
                    and not (now.suppressed or then.suppressed):
                change = round(now.value, 2) - round(then.value, 2)
            tile = replace(tile, value_text=now.text, change_text=None if change is None else
                           fmt.signed(change * 100, 0, "%-Punkte"))
        out.append(tile)
    return out


def long_stay_counts(roster: pd.DataFrame | Unavailable, table: pd.DataFrame,
                     years: float = STANDARDS.long_stay_years) -> tuple[int, int] | None:
    """(residents living there ``years`` or longer, current residents) in accommodations in operation."""
    if isinstance(roster, Unavailable):
        return None
    keys = set(acc_mod.open_only(table)["key"]) if len(table) else set()
    r = roster[roster["accommodation_id"].isin(keys).to_numpy()] if keys else roster
    return int((r["years"] >= years).sum()), int(len(r))


# --- headline and alerts -----------------------------------------------------------------------
def council_headline(table: pd.DataFrame, pub: rf.Ratsfassung, utilisation_text: str | None = None,
                     standards: Standards = STANDARDS) -> str:
    """The headline of council mode from the Ratsfassung only: the residents (its total cell), the
    accommodations and places (no person counts), then the long-stay share (the relation of its cells,
    whole per cent) or the utilisation (``utilisation_text``: the council tile's, shown only with a
    published total). The working headline counts accommodations by their own long-stay share or
    over-capacity – figures of sites whose occupancy the Ratsfassung hides – so it is not used."""
    totals = acc_mod.totals(table)
    m, cap = totals["accommodations"], totals["capacity"]
    if m == 0:
        return ov_mod.headline(table, Unavailable(""), standards)
    where = fmt.plural(m, "Unterkunft", "Unterkünften")
    places = "" if cap is None else f" mit zusammen {fmt.integer(cap)} Plätzen"
    if rf.ACC not in pub.tables:
        return f"{fmt.plural(m, 'Unterkunft ist', 'Unterkünfte sind')} in Betrieb{places}."
    residents = pub.cell(rf.ACC, rf.TOTAL)
    people = disclosure.safe_count_text(residents, residents.cfg, "Mensch", "Menschen")
    if residents.suppressed:
        return f"{people} leben in {where}{places}."
    long = rf.long_stay_share(pub)
    if not long.suppressed and long.value is not None:
        return (f"{people} leben in {where}; {long.text} der Bewohner leben seit mindestens "
                f"{fmt.num(standards.long_stay_years)} Jahren dort.")
    if utilisation_text and utilisation_text not in (fmt.MISSING, disclosure.HIDDEN_MARKER) and cap:
        return f"{people} leben in {where}; {utilisation_text} der {fmt.integer(cap)} Plätze sind belegt."
    return f"{people} leben in {where}{places}."


def council_flag_text(code: str, text: str, row: pd.Series, occ: Figure, standards: Standards = STANDARDS,
                      ratsfassung: bool = False) -> str | None:
    """A flag's finding without figures that would reveal a hidden occupancy (``text`` when nothing is hidden).

    ``ratsfassung``: council mode of the Ratsfassung: a flag that compares the hidden occupancy with
    places, space or staff is left out (None): even without figures it bounds the occupancy."""
    if not occ.suppressed:
        return text
    if ratsfassung and code in OCCUPANCY_FLAGS:
        return None
    name = row["name"]
    if code == "over_capacity":
        return f"{name} ist überbelegt ({SUPPRESSED_TEXT})."
    if code == "closure_overdue":
        people = disclosure.safe_count_text(occ, occ.cfg, "Mensch", "Menschen")
        return f"{name} sollte am {fmt.date(row['planned_closure'])} schließen; dort leben noch {people}."
    if code == "high_utilisation":
        return f"{name} ist zu mindestens {fmt.pct(standards.utilisation_alert, 0)} ausgelastet ({SUPPRESSED_TEXT})."
    if code == "space_below_standard":
        return f"In {name} steht je Person weniger Fläche zur Verfügung als der Standard " \
               f"({fmt.m2(standards.m2_per_person_accommodation)}; {SUPPRESSED_TEXT})."
    if code == "social_work_below_standard":
        return f"In {name} gibt es weniger Sozialarbeit als der Standard (höchstens " \
               f"{fmt.num(standards.residents_per_social_worker)} Bewohner je VZÄ; {SUPPRESSED_TEXT})."
    return text


def alert_items(alerts: Iterable[ov_mod.Alert], table: pd.DataFrame | None = None,
                occupancy: OccupancyFigures | None = None, standards: Standards = STANDARDS) -> list[AlertItem]:
    """Alerts with level label, icon and link target (the accommodation opens on the Unterkünfte page).

    With ``occupancy`` (council mode) an alert about an accommodation whose occupancy is hidden
    is worded without the hidden figures.
    """
    rows = table.set_index("key") if table is not None and len(table) else None
    out = []
    for a in alerts:
        text = a.text
        if occupancy is not None and a.accommodation_key and occupancy.hidden(a.accommodation_key) \
                and rows is not None and a.accommodation_key in rows.index:
            text = council_flag_text(a.code, a.text, rows.loc[a.accommodation_key],
                                     occupancy.by_key[a.accommodation_key], standards, ratsfassung=True)
            if text is None:
                continue
        query = {QUERY_KEY: a.accommodation_key} if a.accommodation_key else {}
        out.append(AlertItem(a.level, palette.FLAG_LABEL.get(a.level, a.level), LEVEL_ICONS.get(a.level, ""),
                             text, a.rule, a.page, a.page_label, query))
    return out


def alert_summary(items: list[AlertItem]) -> str:
    """"2 kritische Hinweise, 12 zum Beobachten." / "Keine Hinweise."."""
    red = sum(a.level == acc_mod.LEVEL_RED for a in items)
    amber = len(items) - red
    if not items:
        return "Keine Hinweise: keine Unterkunft verletzt eine der Regeln."
    parts = []
    if red:
        parts.append(fmt.plural(red, "kritischer Hinweis", "kritische Hinweise"))
    if amber:
        parts.append(f"{fmt.integer(amber)} zum Beobachten")
    return ", ".join(parts) + "."


def split_alerts(items: list[AlertItem]) -> tuple[list[AlertItem], list[AlertItem]]:
    """(critical alerts, alerts to watch): the page shows the first and folds the second away."""
    return [a for a in items if a.level == acc_mod.LEVEL_RED], [a for a in items if a.level != acc_mod.LEVEL_RED]


# --- captions ----------------------------------------------------------------------------------
def tiles_caption(filters_text: str, focus_label: str) -> str:
    """Under the tiles: what the changes compare, the filter and the area of the Kita tile."""
    return f"Veränderung seit dem vorigen Stichtag. {filters_text}; Kita-Versorgung: {focus_label}."


def boundaries_note(approximate: bool) -> str:
    """Which district areas the map draws."""
    return "Stadtteilflächen näherungsweise" if approximate else "amtliche Stadtteilgrenzen"


def district_caption(view: OverviewView, focus_label: str) -> str:
    """Under the district table: where the numbers come from and which rows are the focus area."""
    return f"{view.district_note} Fokusgebiet hervorgehoben: {focus_label}."


def missing_datasets(state: DataState) -> list[str]:
    """Datasets not loaded besides the accommodation list (whose absence the page says at the top)."""
    return [k for k in glossary.DATASET_KEYS if not state.has(k) and k != "accommodations"]


# --- district table ----------------------------------------------------------------------------
def _ratsfassung_count(pub: rf.Ratsfassung | None, name: str, did: str, col: str, raw) -> str:
    """A district's count as the Ratsfassung publishes it; a district its table does not hold has none
    to show ("0" or "–" when the data say so, else the marker: never an unprotected count)."""
    if pub is not None and name in pub.tables and pub.has(name, did, col):
        return pub.cell(name, did, col).text
    if raw is None or pd.isna(raw):
        return fmt.MISSING
    return fmt.integer(0) if float(raw) == 0 else disclosure.HIDDEN_MARKER


def _kita_share(pub: rf.Ratsfassung | None, did: str, value) -> str:
    """A district's Kita coverage: hidden where the Ratsfassung hides one of its child counts."""
    if pub is not None and rf.KITA in pub.tables and pub.has(rf.KITA, did, rf.KITA_COLS[0]) \
            and any(pub.cell(rf.KITA, did, c).suppressed for c in rf.KITA_COLS[:3]):
        return disclosure.HIDDEN_MARKER
    return fmt.share(value)


def council_districts(districts: pd.DataFrame, occupancy: OccupancyFigures,
                      pub: rf.Ratsfassung | None = None) -> pd.DataFrame:
    """District table as German strings: residents per district from the protected figures, open
    defects and Kita coverage from the Ratsfassung's housing and Kita blocks (issue 15: the table
    showed the raw open defects of districts whose cell the Ratsfassung hides)."""
    labels = ov_mod.DISTRICT_LABELS
    residents = [occupancy.by_district[d].text if d in occupancy.by_district else fmt.integer(0)
                 for d in districts["district_id"]]
    open_defects = [_ratsfassung_count(pub, rf.HOUSING, d, "open", v)
                    for d, v in zip(districts["district_id"], districts["open_defects"])]
    kita = [_kita_share(pub, d, v) for d, v in zip(districts["district_id"], districts["kita_coverage"])]
    return pd.DataFrame({
        labels["district_id"]: districts["district_id"],
        labels["district"]: districts["district"],
        labels["accommodations"]: districts["accommodations"].map(fmt.integer),
        labels["residents"]: residents,
        labels["places"]: districts["places"].map(fmt.integer),
        labels["open_defects"]: open_defects if pub is not None else districts["open_defects"].map(fmt.integer),
        labels["kita_coverage"]: kita,
        labels["population"]: districts["population"].map(fmt.integer),
        labels["focus"]: districts["focus"].map({True: "ja", False: ""}),
    })


DISTRICT_FORMATS = {
    ov_mod.DISTRICT_LABELS["accommodations"]: fmt.integer, ov_mod.DISTRICT_LABELS["residents"]: fmt.integer,
    ov_mod.DISTRICT_LABELS["places"]: fmt.integer, ov_mod.DISTRICT_LABELS["open_defects"]: fmt.integer,
    ov_mod.DISTRICT_LABELS["kita_coverage"] + " (%)": lambda v: fmt.pct_points(v, fmt.SHARE_DECIMALS),
    ov_mod.DISTRICT_LABELS["population"]: fmt.integer,
}
FOCUS_STYLE = f"background-color: {palette.ACCENT_LIGHT}40; font-weight: 600"
# Council mode (1280 px projector): the district table keeps every district name whole ("Bännjerrück/
# Karl-Pfaff-Siedlung" on two lines at its slash, never inside a word, issue #17) only with shorter
# headers; the page shows the full name on hover. The working mode keeps the full names.
COUNCIL_HEADERS = {
    ov_mod.DISTRICT_LABELS["residents"]: "Bewohner",  # "Bewohner in Unterkünften"
    ov_mod.DISTRICT_LABELS["open_defects"]: "Offene Mängel",  # "Wohnungen mit offenen Mängeln", as on Wohnqualität
}


def styled_districts(display: pd.DataFrame, focus_rows: list[int]):
    """District table with German formats (numeric columns stay sortable) and the focus area highlighted."""
    formats = {c: (lambda f: (lambda v: f(v)))(f) for c, f in DISTRICT_FORMATS.items()
               if c in display.columns and pd.api.types.is_numeric_dtype(display[c])}
    focus = set(focus_rows)

    def highlight(row):
        return [FOCUS_STYLE if row.name in focus else ""] * len(row)

    return display.reset_index(drop=True).style.format(formats).apply(highlight, axis=1)


def district_tooltips(districts: pd.DataFrame, occupancy: OccupancyFigures | None = None) -> dict[str, str]:
    """Extra tooltip line per district for the map: residents in accommodations and places."""
    out = {}
    for did, res, places in zip(districts["district_id"], districts["residents"], districts["places"]):
        if places == 0 and res == 0:
            out[did] = "keine Unterkunft"
            continue
        text = occupancy.by_district[did].text if occupancy is not None and did in occupancy.by_district \
            else fmt.integer(res)
        out[did] = f"In Unterkünften: {text} Bewohner auf {fmt.integer(places)} Plätzen"
    return out


def district_note(districts: pd.DataFrame, occupancy: OccupancyFigures | None = None) -> str:
    parts = ["Bewohner und Plätze: Unterkünfte in Betrieb",
             f"Einwohner: {districts.attrs.get('population_source', 'Statistikstelle')}"]
    if occupancy is not None and occupancy.note:
        parts.append(occupancy.note.rstrip("."))
    return "; ".join(parts) + "."


# --- the page model ----------------------------------------------------------------------------
def build(state: DataState, previous: DataState | None = None, focus_ids: Iterable[str] = reference.FOCUS_DEFAULT,
          district_ids: list[str] | None = None, council: bool = False,
          cfg: DisclosureConfig = disclosure.DEFAULT, standards: Standards = STANDARDS) -> OverviewView:
    """Everything the Übersicht shows, computed once per (state, previous, focus, districts, council)."""
    cfg = ratsfassung_data.council_cfg(state, cfg) if council else cfg  # the Stand's recorded threshold
    focus_ids = list(focus_ids)
    if council:  # the Ratsfassung covers the whole city: no filter recombines it
        district_ids = None
    data = ov_mod.inputs(state, district_ids, standards)
    current = ov_mod.kpi_values(data, focus_ids, standards)
    prev_values = None
    if previous is not None:
        prev_values = ov_mod.kpi_values(ov_mod.inputs(previous, district_ids, standards), focus_ids, standards)
    kpis = ov_mod.build_kpis(current, prev_values, standards)
    alerts = ov_mod.alerts(data.table, data.unmatched)
    districts = ov_mod.district_table(data, focus_ids, standards)
    focus_rows = [i for i, f in enumerate(districts["focus"]) if f]
    if not council:
        return OverviewView(ov_mod.headline(data.table, data.roster, standards), tiles(kpis), alert_items(alerts, data.table, standards=standards),
                            ov_mod.district_display(districts), focus_rows, district_note(districts),
                            data.table, None, False, district_tips=district_tooltips(districts))
    pub = ratsfassung_data.for_stand(state, previous, focus_ids, cfg)
    occ = occupancy_from(pub, data.table)
    tiles_ = ratsfassung_tiles(kpis, pub)
    utilisation = next((t.value_text for t in tiles_ if t.key == "utilisation"), None)
    return OverviewView(
        council_headline(data.table, pub, utilisation, standards), tiles_,
        alert_items(alerts, data.table, occ, standards),
        council_districts(districts, occ, pub), focus_rows, district_note(districts, occ),
        council_table(data.table, occ, standards), occ, True, [n for n in (occ.note, pub.footer) if n],
        district_tooltips(districts, occ))


# --- map -------------------------------------------------------------------------------------
def _council_accommodation_layer(table: pd.DataFrame, occupancy: OccupancyFigures) -> maps.Layer:
    """Accommodation circles without hidden occupancies: such a circle has the smallest size, grey
    colour, and its tooltip shows the marker (``≤2``/``•``) instead of the number."""
    hidden = table["key"].map(occupancy.hidden).fillna(False).to_numpy(dtype=bool)
    masked = table.copy()
    masked.loc[hidden, "occupancy"] = np.nan
    masked.loc[hidden, "utilisation"] = np.nan
    layer = maps.accommodation_layer(masked)
    if hidden.any():  # grey circles are mostly hidden occupancies here: the legend says so
        layer = replace(layer, legend=tuple((HIDDEN_LEGEND if label == "Auslastung unbekannt" else label, colour)
                                            for label, colour in layer.legend))
    located = masked[masked["lat"].notna().to_numpy() & masked["lon"].notna().to_numpy()]
    if len(located) == 0:
        return layer
    pts = layer.points.copy()
    hid = located["key"].map(occupancy.hidden).fillna(False).to_numpy(dtype=bool)
    keys = located["key"].to_numpy()
    missing_occ = f"Belegung {fmt.MISSING} von"
    for i in np.flatnonzero(hid):
        marker = occupancy.text(keys[i])
        for col, esc in (("tooltip", True), ("hover", False)):
            text = pts.at[i, col].replace(missing_occ, f"Belegung {html.escape(marker) if esc else marker} von", 1)
            pts.at[i, col] = text.replace(f"({fmt.MISSING})", f"({disclosure.HIDDEN_MARKER})", 1)
    return replace(layer, points=pts)


def open_defect_objects(housing: pd.DataFrame, stichtag: dt.date) -> pd.DataFrame:
    """Housing objects with a defect open at the Stichtag (address, lat, lon, defects text)."""
    if len(housing) == 0:
        return pd.DataFrame(columns=["address", "lat", "lon", "defects"])
    o = object_table(housing, stichtag)
    o = o[o["open"].to_numpy(dtype=bool)]
    from ankunft.indicators.housing import defect_list

    return pd.DataFrame({"address": o["address"], "lat": o["lat"], "lon": o["lon"],
                         "defects": defect_list(o).to_numpy() if len(o) else []})


def map_layers(view: OverviewView, state: DataState, services: bool = False, defects: bool = False,
               person_level: bool = False) -> list[maps.Layer]:
    """The optional layers (services, housing defects) and the accommodations (sized by occupancy,
    coloured by utilisation) on top.

    Housing defects are single flats: shown as points only to users who may see person-level data
    and never in council mode (then aggregated to grid cells).
    """
    table = view.table
    layers = []
    if services and state.has("services"):
        layers.append(maps.service_layer(state.df("services")))
    if defects and state.has("housing"):
        layer = maps.defect_layer(open_defect_objects(state.df("housing"), state.stichtag("housing") or state.stand))
        if not person_level and not view.council:
            layer = maps.aggregate_layer(layer)
        layers.append(layer)
    # accommodations last: drawn on top of the small service and defect points
    layers.append(_council_accommodation_layer(table, view.occupancy) if view.council and view.occupancy is not None
                  else maps.accommodation_layer(table))
    return layers


__all__ = ["AREAS_LEGEND", "AlertItem", "OccupancyFigures", "OverviewView", "Tile", "alert_items", "alert_summary",
           "COUNCIL_CONTROLS", "OCCUPANCY_COLUMNS", "boundaries_note", "build", "council_districts", "council_flag_text", "council_flags",
           "council_headline", "council_table",
           "district_caption", "district_note", "district_tooltips", "long_stay_counts", "map_layers",
           "missing_datasets", "occupancy_from", "open_defect_objects", "ratsfassung_tiles", "split_alerts", "styled_districts",
           "tiles", "tiles_caption"]
