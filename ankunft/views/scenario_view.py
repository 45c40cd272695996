"""The Szenarien page's view (pure, no Streamlit): what the page and the report show of a scenario.

* :func:`page_view` – the three variants simulated, the verdict, the tiles and every chart of the
  page in one cacheable object (:class:`PageView`); :func:`defaults_for` – the page's defaults;
* :func:`tiles` – KPI tiles with the change against the same plan without closures
  (:func:`baseline_of`);
* :func:`compare_display` – **the** comparison table of scenarios (Szenarien page and report):
  key figures as German text, one column per scenario;
* council mode: :func:`hidden_start` (start occupancies the Übersicht hides; with the published start
  in :mod:`ankunft.views.scenario_council`), :func:`page_view`
  with ``council=True``, :func:`compare_display` with ``hidden`` and :func:`council_assumptions`:
  no figure of the council view gives a start count away that the Übersicht hides (see
  :func:`transfers_hidden`);
* :func:`monthly_display`, :func:`start_note`.

The inputs (controls, editor tables) are in :mod:`ankunft.views.scenario_controls`, the proposal and
saved scenarios in :mod:`ankunft.views.scenario_saved`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import pandas as pd

from ankunft import disclosure
from ankunft.core import fmt
from ankunft.scenario.engine import build_plan
from ankunft.scenario.inputs import (
    ASSUMPTION_LABELS,
    CELL_GROUP,
    SOURCE_DATA,
    VARIANT_LABELS,
    VARIANTS,
    Assumptions,
    StartState,
    default_assumptions,
    period_month,
)
from ankunft.scenario.montecarlo import ARRIVAL_CV, MonteCarlo, monte_carlo
from ankunft.scenario.results import (
    COMPARE_LABELS,
    LABELS,
    MONTHLY_COLUMNS,
    TOLERANCE,
    Result,
    compare,
    simulate,
    whole_flats,
    whole_persons,
    without_closures,
)
from ankunft.scenario.verdict import late_closures, verdict, verdict_head, verdict_variants
from ankunft.views import scenario_council as sco
from ankunft.views.common import Tile
from ankunft.views.scenario_controls import DEFAULT_YEARS
from ankunft.views.scenario_council import TOTAL_HIDDEN
from ankunft.views.scenario_council import hidden_start as hidden_start  # the page and the report ask here
from ankunft.views.scenario_council import start_differs as start_differs

HIDDEN = disclosure.HIDDEN_MARKER


def defaults_for(start: StartState) -> Assumptions:
    """The page's defaults: :func:`default_assumptions` over five years."""
    return default_assumptions(start, 12 * DEFAULT_YEARS)


def transfers_hidden(result: Result, hidden) -> bool:
    """Do the transfers of this result (or of its run without closures) move people out of an
    accommodation whose start occupancy is hidden? Then the number of transfers would give that
    occupancy away (a site closing in the first month moves exactly its residents)."""
    hidden = set(hidden)
    if not hidden:
        return False
    if TOTAL_HIDDEN in hidden:
        return True
    for raw in (result.raw, result.baseline_raw):
        out = raw.transfers_out.sum(axis=0)
        if any(out[j] > TOLERANCE and pid in hidden for j, pid in enumerate(result.plan.ids[:len(out)])):
            return True
    return False


# --- tiles ------------------------------------------------------------------------------------------
TILES_NOTE = "Veränderung in den Kacheln: gegenüber denselben Annahmen ohne Schließungen."


def _change(now: float, before: float, unit: str = "") -> str | None:
    """Change against the plan without closures; ASCII minus so that the tile's arrow points down."""
    d = now - before
    if abs(d) < 0.5:
        return None
    return fmt.signed(d, 0, unit).replace("−", "-")


def baseline_of(result: Result) -> Result:
    """The same scenario without closures, from the result's baseline run (no extra simulation)."""
    base_a = without_closures(result.assumptions)
    return Result(start=result.start, assumptions=base_a, variant=result.variant,
                  plan=build_plan(result.start, base_a), raw=result.baseline_raw, name="ohne Schließungen")


def tiles(result: Result, base: Result | None = None, hidden=()) -> list[Tile]:
    """Five tiles: places at the end, largest shortfall, extra flats per month, transfers, saving.
    (The flats tile rounds like a count of persons: below 0,5 flats a month it shows 0.)

    ``hidden`` (council mode, :func:`hidden_start`): the transfers tile shows "•" when it would
    give a hidden start occupancy away; with the city total hidden every person tile does, and the
    saving (its costs are € per person, like the comparison table's money rows)."""
    out = _tiles(result, base or baseline_of(result))
    persons_hidden = TOTAL_HIDDEN in set(hidden)
    hide = {"transfers"} if transfers_hidden(result, hidden) else set()
    if persons_hidden:  # the saving too: care, reimbursement and emergency costs are € per person
        hide |= {"shortfall", "flats", "transfers", "saving"}
    return [Tile(t.key, t.label, HIDDEN, None, t.help, t.inverse) if t.key in hide else t for t in out]


def _tiles(result: Result, base: Result) -> list[Tile]:
    k, b = result.key_figures(), base.key_figures()
    end = result.month_label(result.T - 1)
    short_now, short_base = whole_persons(k["max_shortfall_target"]), whole_persons(b["max_shortfall_target"])
    flats_now = whole_persons(k["extra_flats_per_month"])
    flats_base = whole_persons(b["extra_flats_per_month"])
    saving = k["saving_total"]
    return [
        Tile("capacity_end", f"Plätze {end}", fmt.integer(k["capacity_end"]),
             _change(k["capacity_end"], b["capacity_end"]),
             "Plätze in Betrieb im letzten Monat des Zeitraums.", False),
        Tile("shortfall", "Höchster Fehlbedarf", fmt.integer(short_now),
             _change(short_now, short_base),
             "Größte Lücke (in Plätzen) zwischen Bedarf und Plätzen bei Zielauslastung abzüglich Reserve.", True),
        Tile("flats", "Wohnungen/Monat", fmt.integer(flats_now), _change(flats_now, flats_base),
             "Zusätzliche Wohnungen: so viele müssten zusätzlich zu den angenommenen Auszügen je Monat "
             "gefunden werden, "
             "damit kein Fehlbedarf entsteht.", True),
        Tile("transfers", "Verlegungen", fmt.integer(k["transfers_total"]),
             _change(k["transfers_total"], b["transfers_total"]),
             "Personen, die wegen Schließungen oder Überbelegung umziehen müssen (Summe über den Zeitraum).", True),
        Tile("saving", "Einsparung", money_text(saving), None,  # with its unit; an extra cost with "−"
             "Im ganzen Zeitraum: Nettokosten ohne Schließungen minus Nettokosten mit Schließungen "
             "(Miete bis Mietende, "
             "Betreuung, Notunterbringung, abzüglich Landeserstattung).", False),
    ]


def start_note(start: StartState) -> str:
    """One line on where the start population comes from."""
    if start.estimated:
        return ("Startbestand geschätzt aus der Belegung der Unterkunftsliste (ohne Bewohnerdatei: Gruppen, "
                "Alter und Haushaltsgrößen nach Standardanteilen).")
    return f"Startbestand: {fmt.plural(round(float(start.persons.sum())), 'Person', 'Personen')} laut Bewohnerdatei " \
           f"zum {fmt.date(start.stichtag)}."


PCT_COLUMNS = ("utilisation",)
TEXT_COLUMNS = ("period", "month", "month_label")


def monthly_display(result: Result) -> pd.DataFrame:
    """The monthly table for the screen: German titles, whole numbers, € amounts, utilisation in %."""
    m = result.monthly
    out = {LABELS["month_label"]: m["month_label"].astype("str")}
    for key in MONTHLY_COLUMNS:
        if key in TEXT_COLUMNS:
            continue
        col = m[key]
        if key in PCT_COLUMNS:
            out[LABELS[key]] = [fmt.pct(v, 1) for v in col]
        elif LABELS[key].endswith("(€)"):
            out[LABELS[key]] = [fmt.eur(v) for v in col]
        else:
            out[LABELS[key]] = [fmt.integer(v) for v in col]
    return pd.DataFrame(out)


# --- the comparison table (Szenarien page and report) -----------------------------------------------
FIGURE_KEYS = tuple(COMPARE_LABELS)[1:]  # the rows: every key figure but the scenario's name
MONTH_KEYS = ("first_shortfall_month", "first_unplaced_month")  # a month; "extra_flats_per_month" is a count
MONEY_KEYS = ("net_cost_total", "saving_total")
PEAK_KEYS = ("max_shortfall_target", "max_shortfall_capacity", "max_unplaced")  # rounded up, like the verdict
FLATS_ROW = COMPARE_LABELS["extra_flats_per_month"]
TRANSFER_ROWS = ("transfers_total", "children_cross_district")
PERSON_ROWS = ("max_shortfall_target", "max_shortfall_capacity", "max_unplaced", "extra_flats_per_month",
               "demand_end", *TRANSFER_ROWS, *MONEY_KEYS,  # care, reimbursement, emergency: € per person
               *MONTH_KEYS)  # one person more at the start: the shortfall begins a month earlier


def money_text(value) -> str:
    """An amount in a comparison: `1,2 Mio. €`, `350.000 €`; negative with the typographic minus
    (`−3,0 Mio. €`) like ``fmt.signed``; an amount that rounds to zero has no sign. ``fmt`` itself
    keeps the ASCII hyphen (its text also feeds CSV/Excel)."""
    text = fmt.eur_compact(value)
    return "−" + text[1:] if text.startswith("-") else text


def figure_text(key: str, value) -> str:
    """One key figure of :func:`ankunft.scenario.compare` as German text. Counts of missing places
    and persons are rounded up (below 0,5 none) and extra flats per month are whole flats (any need
    means at least one) – the rounding of the verdict; months read `März 2027` (`–` for none)."""
    if key == "variant":
        return VARIANT_LABELS[value]
    if key == "feasible":
        return "ja" if value else "nein"
    if key in MONTH_KEYS:
        return fmt.month(value)
    if key in MONEY_KEYS:
        return money_text(value)
    if key == "extra_flats_per_month":
        return fmt.integer(whole_flats(value))
    if key in PEAK_KEYS:
        return fmt.integer(whole_persons(value))
    return fmt.integer(value)


def compare_display(results: Mapping[str, Result], hidden: Iterable[str] | None = (), cfg=None) -> pd.DataFrame:
    """Key figures side by side as German text: one row per figure (index "Kennzahl"), one column
    per scenario (the mapping's keys) – the one comparison table of the Szenarien page and the report.

    ``hidden`` (council mode, :func:`hidden_start`): in a scenario whose transfers would give a
    hidden start occupancy away, the transfer rows read "•"; with the city total hidden every
    person row does, the money rows and the months of the first shortfall and the first unplaced, and
    "Umsetzbar" is the run from published figures only (:func:`scenario_council.public_run`, ``cfg``'s threshold)."""
    hidden = set(hidden or ())
    rows = PERSON_ROWS if TOTAL_HIDDEN in hidden else TRANSFER_ROWS
    hide = {COMPARE_LABELS[key] for key in rows}
    labels = [COMPARE_LABELS[key] for key in FIGURE_KEYS]
    numeric = compare(*results.values(), names=list(results))
    columns = {}
    for (name, result), (_, row) in zip(results.items(), numeric.iterrows()):
        if TOTAL_HIDDEN in hidden:
            row = row.copy()
            row["feasible"] = sco.public_run(result, hidden, cfg).feasible
        column = [figure_text(key, row[key]) for key in FIGURE_KEYS]
        if transfers_hidden(result, hidden):
            column = [HIDDEN if label in hide else text for label, text in zip(labels, column)]
        columns[name] = column
    return pd.DataFrame(columns, index=pd.Index(labels, name="Kennzahl"))


# --- the computed page (cacheable as a whole) ---------------------------------------------------------
@dataclass
class PageView:
    """Everything the page shows for one set of assumptions and one arrival variant."""

    results: dict[str, Result]
    verdict: str  # the whole verdict (headline + late-closures note), as the deck and the proposal say it
    variants_text: str
    tiles: list[Tile]
    figures: dict[str, Any]  # key → plotly figure
    texts: dict[str, str]  # key → text alternative
    uncertainty: str = ""  # the Monte Carlo in one German sentence
    headline: str = ""  # the page's headline: the verdict's finding
    late_note: str = ""  # closures entered for the Stichtag's month or earlier (shown below the headline)
    chances: pd.DataFrame | None = None  # per planned closure: month and probability
    @property
    def result(self) -> Result:
        return self.results[self.variant]

    variant: str = "mittel"


VIEW_LABELS = {
    "demand": "Bedarf und Plätze",
    "timeline": "Zeitplan der Unterkünfte",
    "occupancy": "Belegung je Unterkunft",
    "flats": "Benötigte Wohnungen",
    "net_cost": "Nettokosten je Haushaltsjahr",
    "savings": "Einsparung",
}


MONEY_VIEWS = ("net_cost", "savings")  # € per person: withheld in council mode when the start total is hidden
MONEY_HIDDEN_NOTE = ("Im Ratsmodus ausgeblendet, weil die Kosten von der Zahl der Bewohner zu Beginn abhängen und "
                     "diese eine Zahl enthält, die die Ratsfassung zum Schutz kleiner Zahlen nicht veröffentlicht "
                     "(in der Vergleichstabelle: „•“).")


COUNCIL_VIEW_LABELS = {**VIEW_LABELS, "occupancy": "Belegung aller Unterkünfte"}


def view_labels(council: bool) -> dict[str, str]:
    """The views a user can choose (council mode: occupancy of all accommodations together)."""
    return COUNCIL_VIEW_LABELS if council else VIEW_LABELS


def page_view(start: StartState, assumptions_json: str, variant: str, council: bool = False,
              name: str = "", hidden: tuple[str, ...] = ()) -> PageView:
    """Simulate the three variants and build the verdict, tiles and every chart of the page
    (one function so that the page can cache the whole view per assumptions and variant).

    ``council``: the council view (whole persons, occupancy of all accommodations together);
    ``hidden``: :func:`hidden_start` of the data state, so that no tile gives a start occupancy away
    that the Übersicht hides; with the start total hidden (:data:`TOTAL_HIDDEN`) the verdict names no
    count (``verdict_head(…, hide_persons=True)``), its feasibility and the variants' come from the
    published start (:func:`scenario_council.public_results`) and the cost charts (:data:`MONEY_VIEWS`)
    show only :data:`MONEY_HIDDEN_NOTE`."""
    from ankunft.plots import scenario_charts as scc

    a = Assumptions.from_json(assumptions_json)
    results = {v: simulate(start, a, v, name=name) for v in VARIANTS}
    r = results[variant]
    persons_hidden = council and TOTAL_HIDDEN in hidden
    public = sco.public_results(results, hidden) if persons_hidden else None  # feasibility: published start
    p = public[variant] if public else None
    mc = monte_carlo(start, a, variant)
    lo, hi = mc.band()
    figures = {
        "demand": scc.demand_vs_capacity(results, council, hide_persons=persons_hidden, band=(lo, hi, variant)),
        "timeline": scc.timeline(r, council),
        "occupancy": scc.occupancy(p or r, council, hide_persons=persons_hidden),  # "nicht untergebracht" or not
        "flats": scc.flats(r, council, hide_persons=persons_hidden),
        "net_cost": scc.net_cost(r, council),
        "savings": scc.savings(r, council),
    }
    if persons_hidden:  # money per person from the hidden start total: no figure, a note why
        for key in MONEY_VIEWS:
            figures[key] = scc.withheld(VIEW_LABELS[key], MONEY_HIDDEN_NOTE, council)
    return PageView(results=results, verdict=verdict(r, persons_hidden, p), headline=verdict_head(r, persons_hidden, p),
                    late_note=late_closures(r).strip(), variants_text=verdict_variants(public or results),
                    tiles=tiles(r, baseline_of(r), hidden if council else ()), figures=figures,
                    texts={k: scc.text_alternative(f) for k, f in figures.items()}, variant=variant,
                    uncertainty=uncertainty_text(mc, variant, persons_hidden),
                    chances=closure_chances(start, mc, persons_hidden))


START_HIDDEN_REASON = ("vom Startbestand des Modells abhängt und dieser eine Zahl enthält, die die Ratsfassung "
                       "zum Schutz kleiner Zahlen nicht veröffentlicht")
UNCERTAINTY_HIDDEN_NOTE = ("Der Anteil der Läufe ohne Fehlbedarf und das Band im Diagramm sind im Ratsmodus "
                           f"ausgeblendet, weil beides {START_HIDDEN_REASON}.")
EARLIEST_HIDDEN_NOTE = f"im Ratsmodus ausgeblendet („{HIDDEN}“), weil der Monat {START_HIDDEN_REASON}"


def uncertainty_text(mc: MonteCarlo, variant: str, hide_persons: bool = False) -> str:
    """The Monte Carlo in one sentence (page caption, deck, Excel); ``hide_persons``: no share, no band, a note."""
    head = (f"Unsicherheit ({fmt.integer(mc.runs)} Zufallsläufe um die {VARIANT_LABELS[variant]}: Zuweisungen "
            f"schwanken von Monat zu Monat um {fmt.pct(ARRIVAL_CV, 0)}, Auszüge, Abgänge und Anerkennungen "
            "zufällig je Haushalt)")
    return f"{head}. {UNCERTAINTY_HIDDEN_NOTE}" if hide_persons else (
        f"{head}: in {fmt.pct(mc.p_feasible, 0)} der Läufe reichen die Plätze bei Zielauslastung in jedem Monat; "
        "das Band im Diagramm umfasst 80 % der Läufe.")


def closure_chances(start: StartState, mc: MonteCarlo, hide_persons: bool = False) -> pd.DataFrame:
    """Per planned closure: Unterkunft, Schließung, Wahrscheinlichkeit (``hide_persons``: "•"), by month."""
    names = dict(zip(start.accommodations["id"], start.accommodations["name"]))
    rows = sorted(mc.closure_probabilities(start.n).items(), key=lambda kv: kv[1][0])
    return pd.DataFrame({
        "Unterkunft": [str(names.get(k, k)) for k, _ in rows],
        "Schließung": [fmt.month(period_month(start.stichtag, t)) for _, (t, _) in rows],
        "Wahrscheinlichkeit umsetzbar": [HIDDEN if hide_persons else fmt.pct(p, 0) for _, (_, p) in rows],
    }, columns=["Unterkunft", "Schließung", "Wahrscheinlichkeit umsetzbar"])


# --- earliest closure month per accommodation -------------------------------------------------------
EARLIEST_NOTE = ("Frühester Monat, in dem die Unterkunft schließen kann, während alle anderen Schließungen wie "
                 "geplant bleiben: ohne Fehlbedarf gegenüber der Zielauslastung (mit Reserve) und ohne nicht "
                 "Untergebrachte – dieselbe Prüfung wie das Urteil oben. Frühestens nach dem Vorlauf.")


def earliest_display(start: StartState, assumptions_json: str, variant: str,
                     hide_persons: bool = False) -> pd.DataFrame:
    """The earliest-month table for the screen, the deck and the Excel file: Unterkunft, geplante
    Schließung, frühester Monat, Hinweis (German titles; one row per accommodation in operation).
    ``hide_persons``: each month "•", each note :data:`EARLIEST_HIDDEN_NOTE` (notes tell missing places too)."""
    from ankunft.scenario.earliest import EARLIEST_LABELS, earliest_table

    table = earliest_table(start, Assumptions.from_json(assumptions_json), variant)
    table = table.assign(earliest=HIDDEN, note=EARLIEST_HIDDEN_NOTE) if hide_persons else table
    shown = table[["name", "planned", "earliest", "note"]].rename(columns=EARLIEST_LABELS)
    return shown.astype("str").reset_index(drop=True)


# --- back-test ---------------------------------------------------------------------------------------
BACKTEST_NOTE = ("Rückblick: von jedem Monatsende der Bewohnerdatei aus (mit dem damaligen Datenstand und den "
                 "damals abgeleiteten Annahmen, mittlere Zuweisung) 6 und 12 Monate vorausgerechnet und mit der "
                 "später gezählten Belegung verglichen. MAPE = mittlere absolute Abweichung in %, Verzerrung = "
                 "mittlere Abweichung mit Vorzeichen (positiv: Projektion zu hoch).")


@dataclass
class BacktestView:
    """The back-test as the page, the deck and the Excel file show it."""

    summary: pd.DataFrame
    city: pd.DataFrame
    sites: pd.DataFrame
    headline: str


def backtest_view(state) -> BacktestView | None:
    """The back-test of a data state (None without a residents file or without 18 months of history)."""
    from ankunft.scenario import backtest as bt_mod

    if not (state.has("accommodations") and state.has("residents")):
        return None
    acc = state.df("accommodations")
    bt = bt_mod.backtest(acc, state.df("residents"), state.stand)
    if bt.city.empty:
        return None
    city12 = bt.summary[(bt.summary["level"] == "Stadt")].set_index("horizon")
    h = max(bt_mod.HORIZONS)
    headline = (f"Rückblick: 12 Monate voraus lag die Projektion stadtweit im Mittel um "
                f"{fmt.pct(city12.loc[h, 'mape'], 1)} daneben (Verzerrung "
                f"{fmt.signed(100 * city12.loc[h, 'bias'], 1, '%')}).")
    names = dict(zip(acc["id"].astype("str"), acc["name"].astype("str")))
    return BacktestView(summary=bt_mod.summary_display(bt), city=bt_mod.city_display(bt),
                        sites=bt_mod.sites_display(bt, names), headline=headline)


# --- back-test from the stored Stände ----------------------------------------------------------------
STAND_BACKTEST_NOTE = ("Rückblick aus den gespeicherten Ständen: von jedem Stichtag aus (mit der damaligen "
                       "Unterkunftsliste und Bewohnerdatei und den damals abgeleiteten Annahmen, mittlere Zuweisung) "
                       "6 und 12 Monate vorausgerechnet und mit der Belegung verglichen, die ein späterer Stand erfasst "
                       "hat (liegt keiner genau so weit entfernt, einer ± 1 Monat – dann für dessen Monat). "
                       "MAPE = mittlere absolute Abweichung in %, Verzerrung = mittlere Abweichung mit Vorzeichen "
                       "(positiv: Projektion zu hoch).")


@dataclass
class StandBacktestView:
    """The back-test from the stored Stände as the page, the deck and the Excel file show it; without
    a result ``message`` says why (German) and the tables are None."""

    summary: pd.DataFrame | None
    city: pd.DataFrame | None
    sites: pd.DataFrame | None
    headline: str
    notes: tuple[str, ...] = ()
    message: str | None = None


def stand_backtest_view(states) -> StandBacktestView:
    """The back-test from the stored Stände (``states``: the data states of the store's Stichtage up to
    the shown Stand, e.g. ``[store.load_state(d) for d in store.stichtage()]``)."""
    from ankunft.scenario import backtest as bt_mod
    from ankunft.scenario import backtest_stands as bs

    res = bs.stand_backtest(bs.points_of(states))
    if res.backtest is None:
        return StandBacktestView(None, None, None, res.reason or "", res.notes, res.reason)
    bt = res.backtest
    city = bt.summary[(bt.summary["level"] == "Stadt") & (bt.summary["n"] > 0)].set_index("horizon")
    names: dict[str, str] = {}
    for s in states:
        if s.has("accommodations"):
            acc = s.df("accommodations")
            names.update(zip(acc["id"].astype("str"), acc["name"].astype("str")))
    if len(city):
        h = int(city.index.max())
        headline = (f"Rückblick aus den Ständen: {h} Monate voraus lag die Projektion stadtweit im Mittel um "
                    f"{fmt.pct(city.loc[h, 'mape'], 1)} daneben (Verzerrung "
                    f"{fmt.signed(100 * city.loc[h, 'bias'], 1, '%')}; "
                    f"{fmt.plural(int(city.loc[h, 'n']), 'Vergleich', 'Vergleiche')}).")
    else:
        headline = "Rückblick aus den Ständen: nur je Unterkunft verglichen (stadtweit fehlt erfasste Belegung)."
    return StandBacktestView(summary=bt_mod.summary_display(bt), city=bs.city_display(bt),
                             sites=bs.sites_display(bt, names), headline=headline, notes=res.notes)


# --- what the page, the deck and the Excel file share ----------------------------------------------
def band_table(start: StartState, assumptions_json: str, variant: str, hide_persons: bool = False) -> pd.DataFrame:
    """The Monte Carlo band of the demand per month (the page's demand chart; ``hide_persons``: demand "•")."""
    a = Assumptions.from_json(assumptions_json)
    mc = monte_carlo(start, a, variant)
    lo, hi = mc.band()
    months = [fmt.month(period_month(start.stichtag, t)) for t in range(len(lo))]
    mid = mc.demand.mean(axis=0)
    demand = {"Bedarf (Mittel der Läufe)": mid.round(1), "untere Grenze (10 %)": lo.round(1),
              "obere Grenze (90 %)": hi.round(1)}
    return pd.DataFrame({"Monat": months, **{k: HIDDEN if hide_persons else v for k, v in demand.items()},
                         "Plätze bei Zielauslastung abzügl. Reserve": mc.target.round(1)})


def shared_tables(start: StartState, assumptions_json: str, variant: str, state=None,
                  states=None, hide_persons: bool = False) -> dict[str, pd.DataFrame]:
    """Earliest closure months, uncertainty (band and closure probabilities) and the back-tests'
    errors (from the stays' history of ``state`` and from the stored Stände ``states``) – the very
    tables of the page, for the Excel download and the report (sheet name → table; ``hide_persons``: "•")."""
    a = Assumptions.from_json(assumptions_json)
    mc = monte_carlo(start, a, variant)
    out = {"Frühester Schließmonat": earliest_display(start, assumptions_json, variant, hide_persons),
           "Unsicherheit": band_table(start, assumptions_json, variant, hide_persons),
           "Schließungen Wahrscheinl.": closure_chances(start, mc, hide_persons)}
    bt = backtest_view(state) if state is not None else None
    if bt is not None:
        out["Rückblick"] = bt.summary
    sb = stand_backtest_view(states) if states else None
    if sb is not None and sb.summary is not None:
        out["Rückblick Stände"] = sb.summary
        out["Rückblick Stände stadtweit"] = sb.city
    return out


def shared_notes(start: StartState, assumptions_json: str, variant: str, state=None, states=None,
                 memo=None, hide_persons: bool = False) -> list[str]:
    """The same in sentences (deck notes): earliest months, the uncertainty, the back-test's error.
    ``memo``: a cache wrapper for the back-tests (the ui's, shared with this page's expander); the
    sentences are the same without it. ``hide_persons``: months "•", no share, each with the note why."""
    cached = memo or (lambda fn: fn)
    a = Assumptions.from_json(assumptions_json)
    early = earliest_display(start, assumptions_json, variant, hide_persons)
    lines = ["Frühester Schließmonat (übrige Schließungen wie geplant): " + "; ".join(f"{n}: {m}" for n, m in zip(
        early["Unterkunft"], early["Frühester Monat"])) + (f" ({EARLIEST_HIDDEN_NOTE})" if hide_persons else "") + "."]
    lines.append(uncertainty_text(monte_carlo(start, a, variant), variant, hide_persons))
    bt = cached(backtest_view)(state) if state is not None else None
    if bt is not None:
        lines.append(bt.headline)
    sb = cached(stand_backtest_view)(tuple(states)) if states else None
    if sb is not None:
        lines.append(sb.headline if sb.message is None else f"Rückblick aus den Ständen: {sb.message}")
    return lines


# --- assumptions table in council mode -------------------------------------------------------------
def _council_counts(a: Assumptions, start: StartState) -> dict[str, tuple[float, float | None]]:
    """For each assumption taken from the residents file: (the 12-month count of persons behind it,
    the rest of its group, or None) – what a reader could multiply the shown rate back into."""
    persons = start.persons
    entitled = float(persons[:, CELL_GROUP == 1].sum())
    must = float(persons[:, CELL_GROUP == 0].sum())
    arrivals_12 = 12.0 * float(a.arrivals.get("mittel", 0.0))
    moveouts_12 = 12.0 * a.moveout_rate * entitled
    departures_12 = 12.0 * a.departure_rate * must
    asylum = a.reimbursable_share * must
    return {
        "arrivals": (arrivals_12, None),
        "moveout_rate": (moveouts_12, None),
        "moveout_count": (moveouts_12, None),
        "departure_rate": (departures_12, None),
        "reimbursable_share": (asylum, must - asylum),
        "arrival_entitled_share": (a.arrival_entitled_share * arrivals_12,
                                   (1.0 - a.arrival_entitled_share) * arrivals_12),
    }


def council_assumptions(a: Assumptions, start: StartState, cfg=None) -> pd.DataFrame:
    """The assumptions table for the council: values the model took from the residents file are
    rates of person counts (arrivals per month, move-out rate, shares), and a precise rate times a
    known group gives the count back. So each of them is shown as "•" where the 12-month count
    behind it (or the rest of its group) is small, and otherwise rounded: persons per month to whole
    persons, rates and shares to whole per cent (per mille for monthly rates below 1 %)."""
    cfg = cfg or disclosure.DEFAULT
    table = a.describe(start)
    counts = _council_counts(a, start)
    labels = {ASSUMPTION_LABELS[k]: k for k in counts}
    out = table.copy()
    for i, row in out.iterrows():
        key = labels.get(row["Annahme"])
        if key is None or a.sources.get(key) != SOURCE_DATA:
            continue
        count, rest = counts[key]
        small = lambda v: v is not None and 0 < round(v) <= cfg.threshold  # noqa: E731
        if small(count) or small(rest):
            out.at[i, "Wert"] = disclosure.HIDDEN_MARKER
            continue
        if key == "arrivals":
            out.at[i, "Wert"] = ", ".join(f"{v}: {fmt.integer(round(a.arrivals[v]))}" for v in a.arrivals)
        elif key == "moveout_count":
            out.at[i, "Wert"] = fmt.integer(round(a.moveout_count))
        elif key in ("moveout_rate", "departure_rate"):
            rate = getattr(a, key)
            out.at[i, "Wert"] = fmt.pct(rate, 0) if rate >= 0.01 else fmt.pct(round(rate, 3), 1)
        else:
            out.at[i, "Wert"] = fmt.pct(getattr(a, key), 0)
    return out
