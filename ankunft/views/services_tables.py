"""The tables of the Soziale Infrastruktur page: Kita, Grundschule, offices, social work and
children in accommodations per area, and the reachability tables — as German display frames.

Council mode: counts of persons are the Stand's Ratsfassung's cells (Kita, Grundschule, children
in accommodations, residents for social work; :mod:`ankunft.disclosure.ratsfassung`), never protected
per table, and the reach shares are relations of its cells; housing clusters (private flats) are never named.
Moved as is out of :mod:`ankunft.views.services_view`, which builds the page model from them.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ankunft.core import fmt
from ankunft.core.reference import STANDARDS, Standards
from ankunft.disclosure import DEFAULT as DEFAULT_CFG
from ankunft.disclosure import EMPTY, DisclosureConfig, Figure
from ankunft.disclosure import ratsfassung as rf
from ankunft.indicators import reach
from ankunft.indicators.areas import CITY_ID, FOCUS_ID, LEVEL_DISTRICT, normalise_ids
from ankunft.views.common import area_figures, area_order, count_figure, hidden_if, share_figure

KIND_LABELS = {reach.KIND_ACCOMMODATION: "Unterkünfte", reach.KIND_HOUSING: "Geprüfte Wohnobjekte",
               reach.KIND_ALL: "alle"}


# --- area tables -----------------------------------------------------------------------------
def keep_areas(table: pd.DataFrame, district_ids) -> pd.DataFrame:
    """Focus area and city, and the districts of the filter (all without one), in the reading order."""
    ids = normalise_ids(district_ids)
    if ids is None:
        return area_order(table)
    keep = (table["level"] != LEVEL_DISTRICT) | table["area_id"].isin(ids)
    return area_order(table[keep.to_numpy()])


def _hidden(figs: dict, area_id: str, cols) -> bool:
    return any(figs[(area_id, c)].suppressed for c in cols)


def ratsfassung_figures(table: pd.DataFrame, cols, pub: rf.Ratsfassung, name: str, focus_name: str
                        ) -> tuple[dict[tuple[str, str], Figure], str | None]:
    """The council counts of an area table read from the Ratsfassung: districts from ``name``, the city
    from its total row, the focus area from ``focus_name``; a count missing in the data stays "–".
    Returns ((area_id, column) -> Figure, the German note of the tables read)."""
    figs: dict[tuple[str, str], Figure] = {}
    statuses: set = set()
    for _, r in table.iterrows():
        a = str(r["area_id"])
        cell_of = (lambda c: pub.cell(focus_name, rf.FOCUS, c)) if a == FOCUS_ID else (
            lambda c: pub.cell(name, rf.TOTAL if a == CITY_ID else a, c))
        for c in cols:
            f = Figure(None, EMPTY, cfg=pub.cfg) if pd.isna(r[c]) else cell_of(c)
            figs[(a, c)] = f
            statuses.add(f.status)
    return figs, pub.cfg.note(statuses)


def _area_counts(table: pd.DataFrame, cols, council: bool, focus_ids, cfg: DisclosureConfig,
                 pub: rf.Ratsfassung | None, names: tuple[str, str]):
    """Council screens (``pub`` given): the Ratsfassung's cells; otherwise :func:`area_figures`."""
    if council and pub is not None:
        return ratsfassung_figures(table, cols, pub, *names)
    return area_figures(table, cols, council, focus_ids, cfg)


KITA_DERIVED = ("demand_under_2", "demand_2", "demand_3_5", "demand", "coverage", "under_3_coverage", "shortfall")


def council_kita_raw(kita: pd.DataFrame, pub: rf.Ratsfassung) -> pd.DataFrame:
    """The Kita table for the council's chart: demand, coverage and shortfall left empty in the rows
    whose child counts the Ratsfassung hides (the bars would give them back)."""
    if kita.empty or rf.KITA not in pub.tables:
        return kita
    cols = list(rf.KITA_COLS[:3])
    figs, _ = ratsfassung_figures(kita, cols, pub, rf.KITA, rf.KITA_FOCUS)
    hide = np.array([_hidden(figs, str(a), cols) for a in kita["area_id"]], dtype=bool)
    out = kita.copy()
    out.loc[hide, [c for c in KITA_DERIVED if c in out.columns]] = np.nan
    return out


def council_area_rows(table: pd.DataFrame, pub: rf.Ratsfassung, name: str, focus_name: str, count_cols,
                      derived_cols) -> pd.DataFrame:
    """An area table (Kita or Grundschule supply) as the council report shows it: the counts are the
    Ratsfassung's cells (``name``/``focus_name``, published values are the true ones), and a row whose
    count the Ratsfassung hides has its counts and everything computed from them (``derived_cols``:
    demand, coverage, shortfall) left empty; the report writes the marker there."""
    if table.empty or name not in pub.tables:
        return table
    cols = [c for c in count_cols if c in table.columns]
    figs, _ = ratsfassung_figures(table, cols, pub, name, focus_name)
    hide = np.array([_hidden(figs, str(a), cols) for a in table["area_id"]], dtype=bool)
    out = table.copy()
    out.loc[hide, cols + [c for c in derived_cols if c in out.columns]] = np.nan
    out[COUNCIL_HIDDEN] = hide
    return out


COUNCIL_HIDDEN = "council_hidden"  # column of :func:`council_area_rows`: the row's counts are hidden


def kita_display(kita: pd.DataFrame, council: bool, focus_ids=None, district_ids=None,
                 cfg: DisclosureConfig = DEFAULT_CFG, pub: rf.Ratsfassung | None = None
                 ) -> tuple[pd.DataFrame, str | None]:
    """Kita supply vs. demand, German display: children by age band, demand, places, coverage, shortfall.
    Council screens pass the Stand's Ratsfassung ``pub``: the counts are its Kita block's cells;
    demand, coverage and shortfall are hidden ("•") where a child count of the row is."""
    cols = list(rf.KITA_COLS)
    figs, note = _area_counts(kita, cols, council, focus_ids, cfg, pub, (rf.KITA, rf.KITA_FOCUS))
    rows = []
    for _, r in keep_areas(kita, district_ids).iterrows():
        a = r["area_id"]
        hide = council and _hidden(figs, a, cols[:3])
        rows.append({
            "Gebiet": r["area"],
            "Kinder unter 2": figs[(a, "children_under_2")].text,
            "Kinder 2 Jahre": figs[(a, "children_2")].text,
            "Kinder 3–5 Jahre": figs[(a, "children_3_5")].text,
            "Bedarf (Plätze)": hidden_if(r["demand"], hide).text,
            "Kita-Plätze": fmt.integer(r["places"]),
            "Versorgung": hidden_if(r["coverage"], hide, "share", decimals=fmt.SHARE_DECIMALS).text,
            "Fehlende Plätze": hidden_if(r["shortfall"], hide).text,
            "Warteliste": figs[(a, "waiting_list")].text,
        })
    return pd.DataFrame(rows), note


def school_display(school: pd.DataFrame, council: bool, focus_ids=None, district_ids=None,
                   cfg: DisclosureConfig = DEFAULT_CFG, pub: rf.Ratsfassung | None = None
                   ) -> tuple[pd.DataFrame, str | None]:
    """Grundschule places vs. children 6–9, German display (council screens: the Ratsfassung's cells)."""
    cols = list(rf.SCHOOL_COLS)
    figs, note = _area_counts(school, cols, council, focus_ids, cfg, pub, (rf.SCHOOL, rf.SCHOOL_FOCUS))
    rows = []
    for _, r in keep_areas(school, district_ids).iterrows():
        a = r["area_id"]
        hide = council and _hidden(figs, a, cols[:1])
        rows.append({
            "Gebiet": r["area"],
            "Kinder 6–9 Jahre": figs[(a, "children_6_9")].text,
            "Grundschulplätze": fmt.integer(r["places"]),
            "Versorgung": hidden_if(r["coverage"], hide, "share", decimals=fmt.SHARE_DECIMALS).text,
            "Fehlende Plätze": hidden_if(r["shortfall"], hide).text,
            "Warteliste": figs[(a, "waiting_list")].text,
        })
    return pd.DataFrame(rows), note


def offices_display(offices: pd.DataFrame, district_ids=None) -> pd.DataFrame:
    """Counselling and neighbourhood offices per 1,000 inhabitants, one row per area."""
    if offices.empty:
        return pd.DataFrame(columns=["Gebiet"])
    rows = {}
    for _, r in offices.iterrows():
        row = rows.setdefault(r["area_id"], {"area_id": r["area_id"], "level": r["level"], "Gebiet": r["area"]})
        row[f"{r['category']}"] = fmt.integer(r["offices"])
        row[f"{r['category']} je 1.000 Einw."] = fmt.num(r["per_1000"], 2)
    table = pd.DataFrame(list(rows.values()))
    return keep_areas(table, district_ids).drop(columns=["area_id", "level"]).reset_index(drop=True)


def social_display(social: pd.DataFrame, council: bool, focus_ids=None, district_ids=None,
                   standards: Standards = STANDARDS, cfg: DisclosureConfig = DEFAULT_CFG
                   ) -> tuple[pd.DataFrame, str | None]:
    """Social workers against residents in accommodations (standard 1 per 50 residents)."""
    figs, note = area_figures(social, ["residents"], council, focus_ids, cfg)
    rows = []
    for _, r in keep_areas(social, district_ids).iterrows():
        a = r["area_id"]
        hide = council and figs[(a, "residents")].suppressed
        below = r["below_standard"]
        rows.append({
            "Gebiet": r["area"],
            "Unterkünfte": fmt.integer(r["accommodations"]),
            "Bewohner": figs[(a, "residents")].text,
            "Fachkräfte Sozialarbeit": fmt.num(r["social_workers"], 1),
            "Bewohner je Fachkraft": hidden_if(r["residents_per_worker"], hide, decimals=0).text,
            f"Soll (1 je {fmt.integer(standards.residents_per_social_worker)})":
                hidden_if(r["required"], hide, decimals=1).text,
            "Einordnung": "–" if hide or pd.isna(below) else ("unter Standard" if below else "Standard erfüllt"),
        })
    return pd.DataFrame(rows), note


def council_social_display(social: pd.DataFrame, pub: rf.Ratsfassung, all_sites: pd.DataFrame,
                           standards: Standards = STANDARDS) -> tuple[pd.DataFrame, str | None]:
    """Social work in council mode: residents per area are the Ratsfassung's (districts, focus area,
    city), never a separately protected sum. Ratio, target and verdict only where the area's
    residents are published and every site of it has its staff known (else the ratio would rest on
    a different sum of residents than the one shown). ``all_sites``: ``area_id`` -> number of sites
    in operation (from the Ratsfassung's district grouping)."""
    rows = []
    for _, r in area_order(social).iterrows():
        a = r["area_id"]
        fig = pub.cell(rf.ACC, rf.TOTAL) if a == CITY_ID else (
            pub.cell(rf.FOCUS, rf.FOCUS) if a == FOCUS_ID else pub.cell(rf.DIST, a))
        complete = float(r["accommodations"]) == float(all_sites.get(a, -1))
        show = complete and not fig.suppressed and fig.value is not None and pd.notna(r["social_workers"])
        residents = fig.value if show else None
        workers = float(r["social_workers"]) if pd.notna(r["social_workers"]) else None
        required = residents / standards.residents_per_social_worker if residents is not None else None
        per = residents / workers if residents is not None and workers else None
        rows.append({
            "Gebiet": r["area"],
            "Unterkünfte": fmt.integer(r["accommodations"]),
            "Bewohner": fig.text,
            "Fachkräfte Sozialarbeit": fmt.num(r["social_workers"], 1),
            "Bewohner je Fachkraft": fmt.num(per, 0) if per is not None else fmt.MISSING,
            f"Soll (1 je {fmt.integer(standards.residents_per_social_worker)})":
                fmt.num(required, 1) if required is not None else fmt.MISSING,
            "Einordnung": fmt.MISSING if required is None or workers is None else (
                "unter Standard" if workers < required else "Standard erfüllt"),
        })
    note = "; ".join(p for p in ((pub.note or "").rstrip("."), "Bewohner aus der Ratsfassung; Verhältnis nur, wo alle Unterkünfte "
                                          "des Gebiets ihre Fachkräfte melden") if p)
    return pd.DataFrame(rows), note + "."


def children_table(children: pd.DataFrame, council: bool, district_ids=None,
                   cfg: DisclosureConfig = DEFAULT_CFG) -> tuple[pd.DataFrame, str | None]:
    """Children living in accommodations per district (Kita age 0–5, school age 6–17, of which 6–9).

    Columns: district_id, Stadtteil and the three counts as Figures (protected in council mode, with
    the city total "Gesamt"), plus the display strings. Returns (table of Figures, note).
    """
    table, note, _ = children_publication(children, council, district_ids, None, cfg)
    return table, note


def children_publication(children: pd.DataFrame, council: bool, district_ids=None, area_ids=None,
                         cfg: DisclosureConfig = DEFAULT_CFG, pub: rf.Ratsfassung | None = None
                         ) -> tuple[pd.DataFrame, str | None, Figure | None]:
    """:func:`children_table` and the tile "Kinder in Unterkünften" of ``area_ids`` (0–5 plus 6–17),
    protected as one publication in council mode (the tile is the sum of table cells, so it is
    suppressed together with them). With the Stand's Ratsfassung ``pub`` (council screens) both are
    its cells (its children block; the tile is its focus cell when ``area_ids`` is the focus area).
    Returns (table of Figures, note, tile figure or None)."""
    cols = list(rf.CHILD_COLS)
    if children.empty:
        return pd.DataFrame(columns=["district_id", "Stadtteil", *cols]), None, None
    body = children.set_index("district_id")[cols].astype("float64")
    names = dict(zip(children["district_id"], children["district"]))
    tile = None
    if council and pub is not None and rf.CHILDREN in pub.tables:
        table = pub.tables[rf.CHILDREN]
        index = list(table.values.index)
        figs = {(d, c): pub.cell(rf.CHILDREN, d, c) for d in index for c in cols}
        note = pub.cfg.note(table.statuses)
        if area_ids is not None and pub.has(rf.CHILDREN_FOCUS, rf.CHILDREN_FOCUS):
            tile = pub.cell(rf.CHILDREN_FOCUS, rf.CHILDREN_FOCUS)
    elif council:
        from ankunft.disclosure.publication import protected_children

        pub, tile, note = protected_children(body, cols, ["children_0_5", "children_6_17"], area_ids, cfg)
        figs = {(d, c): pub.cell(d, c) for d in pub.values.index for c in cols}
        index = list(pub.values.index)
    else:
        figs = {(d, c): count_figure(body.at[d, c], False, cfg) for d in body.index for c in cols}
        total = body.sum()
        for c in cols:
            figs[("Gesamt", c)] = count_figure(total[c], False, cfg)
        note = None
        index = list(body.index) + ["Gesamt"]
    ids = normalise_ids(district_ids)
    rows = []
    for d in index:
        if ids is not None and d != "Gesamt" and d not in ids:
            continue
        rows.append({"district_id": d, "Stadtteil": "Gesamt (Stadt)" if d == "Gesamt" else names.get(d, d),
                     **{c: figs[(d, c)] for c in cols}})
    return pd.DataFrame(rows), note, tile


def children_display(table: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame({
        "Stadtteil": table["Stadtteil"],
        "Kinder 0–5 (Kita-Alter)": [f.text for f in table["children_0_5"]],
        "Kinder 6–17 (Schulalter)": [f.text for f in table["children_6_17"]],
        "darunter 6–9 (Grundschule)": [f.text for f in table["children_6_9"]],
    })


# --- reachability ----------------------------------------------------------------------------
def reach_display(shares: pd.DataFrame, council: bool, cfg: DisclosureConfig = DEFAULT_CFG,
                  pub: rf.Ratsfassung | None = None) -> pd.DataFrame:
    """Share of residents within 500 m / 1.000 m of the nearest service, per origin kind and category.
    Council mode: each share is the relation of the Ratsfassung's cells "Erreichbarkeit nach Angebotsart"
    (:func:`~ankunft.disclosure.ratsfassung.reach_type_share`, whole per cent), never one of raw weights."""
    rows = []
    for _, r in shares.iterrows():
        w = r["weight"]
        row = {"Wohnort": KIND_LABELS.get(r["kind"], r["kind"]), "Einrichtung": r["category"],
               "Standorte": fmt.integer(r["points"]), "Median Luftlinie": fmt.integer(r["median_m"]) + " m"
               if pd.notna(r["median_m"]) else fmt.MISSING}
        for t in reach.THRESHOLDS_M:
            v = r[f"within_{t}"]
            if council and pub is not None:
                f = rf.reach_type_share(pub, r["kind"], r["category"], t) if pd.notna(v) else \
                    Figure(None, EMPTY, "share", pub.cfg, 0)
            else:
                f = share_figure(v * w if pd.notna(v) else np.nan, w, council, cfg, decimals=0)
            row[f"binnen {fmt.integer(t)} m"] = f.text
        rows.append(row)
    return pd.DataFrame(rows)


def gaps_display(gaps: pd.DataFrame, council: bool) -> pd.DataFrame:
    """Origins whose nearest service of a category is farther than the limit.

    Administration: every origin with the residents counted. Council: accommodations by name;
    housing clusters only per district (number of sites, farthest distance) — no street names.
    """
    cols = ["Wohnort", "Stadtteil", "Einrichtung", "Nächste Einrichtung", "Luftlinie"]
    if gaps.empty:
        return pd.DataFrame(columns=cols)

    def dist(v) -> str:
        return "keine erfasst" if pd.isna(v) else f"{fmt.integer(v)} m"

    if not council:
        return pd.DataFrame({
            "Wohnort": [f"{KIND_LABELS.get(k, k)}: {n}" for k, n in zip(gaps["kind"], gaps["name"])],
            "Stadtteil": gaps["district"], "Einrichtung": gaps["category"],
            "Nächste Einrichtung": gaps["service_name"].fillna(fmt.MISSING),
            "Luftlinie": [dist(v) for v in gaps["distance_m"]],
            "Bewohner": [fmt.integer(v) for v in gaps["weight"]],
        })
    acc = gaps[(gaps["kind"] == reach.KIND_ACCOMMODATION).to_numpy()]
    rows = [{"Wohnort": f"Unterkunft: {r['name']}", "Stadtteil": r["district"], "Einrichtung": r["category"],
             "Nächste Einrichtung": r["service_name"] if pd.notna(r["service_name"]) else fmt.MISSING,
             "Luftlinie": dist(r["distance_m"])} for _, r in acc.iterrows()]
    hs = gaps[(gaps["kind"] == reach.KIND_HOUSING).to_numpy()]
    for (district, category), part in hs.groupby(["district", "category"], sort=True):
        n = len(part)
        rows.append({"Wohnort": f"Wohnobjekte an {fmt.plural(n, 'Standort', 'Standorten')}", "Stadtteil": district,
                     "Einrichtung": category, "Nächste Einrichtung": "–",
                     "Luftlinie": f"bis {dist(part['distance_m'].max())}"})
    return pd.DataFrame(rows, columns=cols)


def nearest_display(long: pd.DataFrame, point_id: str) -> pd.DataFrame:
    """Nearest service of each category for one accommodation, with the 500 m / 1.000 m rings."""
    p = long[((long["kind"] == reach.KIND_ACCOMMODATION) & (long["point_id"] == point_id)).to_numpy()]
    return pd.DataFrame({
        "Einrichtung": p["category"].to_numpy(),
        "Nächste": p["service_name"].fillna("keine erfasst").to_numpy(),
        "Luftlinie": [fmt.MISSING if pd.isna(v) else f"{fmt.integer(v)} m" for v in p["distance_m"]],
        "Einordnung": [("keine erfasst" if pd.isna(v) else "binnen 500 m" if v <= 500 else
                        "binnen 1.000 m" if v <= 1000 else "weiter als 1.000 m") for v in p["distance_m"]],
    })


__all__ = ["KIND_LABELS", "children_display", "children_publication", "children_table", "gaps_display",
           "council_kita_raw", "keep_areas", "kita_display", "nearest_display", "offices_display", "ratsfassung_figures", "reach_display",
           "school_display",
           "social_display"]
