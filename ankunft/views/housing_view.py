"""View model of the Wohnqualität page: KPI tiles, headline, area table, chart data, map layer, worst list.

Everything the page shows comes from :func:`build` (one pass, cached by the page) and the small
chart builders below. In council mode every count of objects (each object is a flat, i.e. a
household) is a cell of the Stand's Ratsfassung, and every share the relation of two of its cells (the
objects where an item is recorded are cells too) in whole per cent; medians built on small counts are
hidden; addresses never leave this module in council mode (no worst list, map aggregated).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import pandas as pd
import plotly.graph_objects as go

from ankunft import disclosure
from ankunft.core import fmt, palette
from ankunft.core.reference import STANDARDS, Standards
from ankunft.disclosure import DEFAULT as DEFAULT_CFG
from ankunft.disclosure import DisclosureConfig, Figure
from ankunft.disclosure import ratsfassung as rf
from ankunft.indicators import housing
from ankunft.indicators.areas import (
    CITY_ID,
    LEVEL_CITY,
    LEVEL_DISTRICT,
    LEVEL_FOCUS,
    area_label,
    normalise_ids,
)
from ankunft.plots import charts, maps
from ankunft.storage.state import DataState
from ankunft.views import ratsfassung_data
from ankunft.views.common import Tile, area_figures, area_order, count_figure, figure_change, hidden_if, share_figure
from ankunft.views.housing_counts import (
    CHART_TYPES,
    COUNT_COLUMNS,
    KNOWN_COLUMNS,
    SELECTION_ID,
    SHARE_ITEMS,
    SPACE_BIN_M2,
    SPACE_GROUPS,
    area_counts,
    space_bins,
)

DEFECT_COLOURS = {
    housing.DEFECT_TYPES["no_hot_water"]: palette.OKABE_ITO[0],
    housing.DEFECT_TYPES["no_heating"]: palette.OKABE_ITO[4],
    housing.DEFECT_TYPES["no_bath_wc"]: palette.OKABE_ITO[3],
    housing.DEFECT_TYPES["damp_mould"]: palette.OKABE_ITO[1],
    housing.DEFECT_TYPES["other_defects"]: palette.GREY,
    housing.OVERCROWDED_LABEL: palette.OKABE_ITO[5],
}
SPACE_COLOURS = {"überbelegt": palette.FLAG["rot"], "nicht überbelegt": palette.ACCENT}
STATE_OPEN = "offen"
STATE_ALL = "alle festgestellten"


# --- the model -------------------------------------------------------------------------------
@dataclass
class HousingModel:
    stichtag: dt.date | None
    area_label: str
    has_data: bool
    council: bool
    tiles: list[Tile] = field(default_factory=list)
    headline: str = ""
    counts: pd.DataFrame = field(default_factory=pd.DataFrame)
    table: pd.DataFrame = field(default_factory=pd.DataFrame)  # display (German strings)
    note: str | None = None  # disclosure note for the table, tiles and headline
    defects: pd.DataFrame = field(default_factory=pd.DataFrame)  # tidy: district, defect, state, objects
    space: pd.DataFrame = field(default_factory=pd.DataFrame)  # bins: m2, label, group, objects
    space_note: str | None = None
    over_time: pd.DataFrame = field(default_factory=pd.DataFrame)  # date, month, open
    over_time_note: str | None = None
    objects: pd.DataFrame = field(default_factory=pd.DataFrame)  # map: lat, lon, address, defects, band (admin)
    worst: pd.DataFrame = field(default_factory=pd.DataFrame)  # display, administration only
    previous_stichtag: dt.date | None = None


def _area_row(counts: pd.DataFrame, area_id: str) -> pd.Series:
    return counts[(counts["area_id"] == area_id).to_numpy()].iloc[0]


def _selected_id(counts: pd.DataFrame, district_ids: list[str] | None) -> str:
    """The row the KPIs describe: the city, the one filtered district, or the filtered set."""
    ids = normalise_ids(district_ids)
    if ids is None:
        return CITY_ID
    if len(ids) == 1 and (counts["area_id"] == ids[0]).any():
        return ids[0]
    return SELECTION_ID


def _figures(counts: pd.DataFrame, council: bool, focus_ids, cfg) -> tuple[dict, str | None]:
    base = counts[counts["level"].isin([LEVEL_DISTRICT, LEVEL_FOCUS, LEVEL_CITY]).to_numpy()]
    figs, note = area_figures(base, COUNT_COLUMNS, council, focus_ids, cfg)
    extra = counts[~counts["level"].isin([LEVEL_DISTRICT, LEVEL_FOCUS, LEVEL_CITY]).to_numpy()]
    for _, r in extra.iterrows():  # the filter selection: its districts are in the table
        for c in COUNT_COLUMNS:
            figs[(r["area_id"], c)] = count_figure(r[c], council, cfg)
    return figs, note


def council_figures(counts: pd.DataFrame, pub: rf.Ratsfassung | None) -> tuple[dict, str | None]:
    """Council mode: the counts per area as the Stand's Ratsfassung publishes them (districts, focus
    area, city of its housing block) — no page protects its own housing counts (issue 15)."""
    figs: dict = {}
    statuses: set = set()
    for _, r in counts.iterrows():
        a, level = r["area_id"], r["level"]
        for c in (*COUNT_COLUMNS, *KNOWN_COLUMNS.values()):
            if pub is None:
                f = Figure(None, disclosure.EMPTY)
            elif level == LEVEL_CITY:
                f = pub.cell(rf.HOUSING, rf.TOTAL, c)
            elif level == LEVEL_FOCUS:
                f = pub.cell(rf.HOUSING_FOCUS, rf.FOCUS, c)
            else:
                f = pub.cell(rf.HOUSING, a, c)
            figs[(a, c)] = f
            statuses.add(f.status)
    return figs, (pub.cfg.note(statuses) if pub is not None else None)


def _share(figs, row, item: str, council: bool, cfg) -> Figure:
    """Objects with the item ÷ objects where it is recorded. Council mode: the relation of the two
    Ratsfassung cells (:func:`council_figures`), in whole per cent; never a raw denominator (issue 15)."""
    known = SHARE_ITEMS[item][1]
    if council:
        return council_share(figs[(row["area_id"], item)], figs[(row["area_id"], known)], cfg)
    return share_figure(figs[(row["area_id"], item)], row[known], council, cfg)


def council_share(num: Figure, den: Figure, cfg: DisclosureConfig) -> Figure:
    """num ÷ den of two Ratsfassung cells in whole per cent, hidden ("•") also when the rest den − num is
    a small count (rule 6 of docs/disclosure.md: the rest is no cell, so no suppression protects it)."""
    share = rf.relation_share(num, den, cfg)
    if share.value is not None and cfg.is_small(den.value - num.value):
        return Figure(None, disclosure.DERIVED, "share", cfg, 0)
    return share


def _open_share(figs, area_id: str, council: bool, cfg) -> Figure:
    """Objects with open defects ÷ inspected objects (council: the relation of the two cells)."""
    open_f, inspected = figs[(area_id, "open")], figs[(area_id, "inspected")]
    return council_share(open_f, inspected, cfg) if council else share_figure(open_f, inspected, False, cfg)


def _median(figs, row, council: bool, cfg) -> Figure:
    resolved = figs[(row["area_id"], "resolved")]
    hide = council and (resolved.suppressed or (resolved.value is not None and cfg.is_small(resolved.value)))
    return hidden_if(row["median_days"], hide, cfg=cfg)


def tiles(counts: pd.DataFrame, figs: dict, area_id: str, council: bool, previous: pd.DataFrame | None = None,
          prev_figs: dict | None = None, cfg: DisclosureConfig = DEFAULT_CFG) -> list[Tile]:
    """Six KPI tiles for one area with the change since the previous Stichtag where it is known."""
    row = _area_row(counts, area_id)
    prow = None
    if previous is not None and prev_figs is not None and (previous["area_id"] == area_id).any():
        prow = _area_row(previous, area_id)

    def pair(kind: str, now_fig: Figure, prev_fig: Figure | None) -> tuple[str, str | None]:
        return now_fig.text, (figure_change(now_fig, prev_fig, kind) if prev_fig is not None else None)

    out = []
    f = figs[(area_id, "inspected")]
    text, ch = pair("count", f, prev_figs[(area_id, "inspected")] if prow is not None else None)
    out.append(Tile("inspected", "Geprüfte Objekte", text, ch,
                    "Objekte (Wohnungen/Gebäude), die bis zum Stichtag von der Wohnungsaufsicht geprüft wurden."))
    for item, label, help_text in (
        ("no_hot_water", "Ohne Warmwasser", "Anteil der geprüften Objekte ohne Warmwasser (wo erfasst)."),
        ("damp_mould", "Feuchtigkeit/Schimmel", "Anteil der geprüften Objekte mit Feuchtigkeit oder Schimmel."),
        ("overcrowded", "Überbelegt",
         f"Anteil der Objekte mit weniger als {fmt.unit(9, 'm²')} je Erwachsenem und {fmt.unit(6, 'm²')} je Kind unter 6 Jahren."),
    ):
        now_f = _share(figs, row, item, council, cfg)
        prev_f = _share(prev_figs, prow, item, council, cfg) if prow is not None else None
        text, ch = pair("pct", now_f, prev_f)
        out.append(Tile(item, label, text, ch, help_text, inverse=True))
    f = figs[(area_id, "open")]
    text, ch = pair("count", f, prev_figs[(area_id, "open")] if prow is not None else None)
    out.append(Tile("open", "Offene Mängel", text, ch,
                    "Objekte mit mindestens einem Mangel, der am Stichtag nicht behoben ist "
                    "(behoben = Behebungsdatum bis zum Stichtag oder Status „behoben“).", inverse=True))
    now_m = _median(figs, row, council, cfg)
    prev_m = _median(prev_figs, prow, council, cfg) if prow is not None else None
    text = fmt.MISSING if now_m.value is None and not now_m.suppressed else (
        now_m.text if now_m.suppressed else fmt.unit(now_m.value, "Tage"))
    out.append(Tile("median_days", "Median bis Behebung", text,
                    figure_change(now_m, prev_m, "days") if prev_m is not None else None,
                    "Mittlerer Wert (Median) der Tage von der Prüfung bis zur Behebung, behobene Mängel.",
                    inverse=True))
    return out


def council_top_defect(pub: rf.Ratsfassung) -> tuple[str, Figure] | None:
    """Council mode: the most frequent open defect among the published cells "offen" of the Ratsfassung's
    "Mängel nach Art" (a hidden type is never named, nor ranked above a published one)."""
    best = None
    for col, label in housing.DEFECT_TYPES.items():
        f = pub.cell(rf.TYPES, label, "offen")
        if col != "other_defects" and not f.suppressed and f.value and (best is None or f.value > best[1].value):
            best = (label, f)
    return best


def _top_open_defect(objects: pd.DataFrame, area_ids: list[str] | None) -> tuple[str, Figure] | None:
    o = objects[objects["open"].to_numpy()]
    if area_ids is not None:
        o = o[o["district_id"].isin(area_ids).to_numpy()]
    counts = {label: float(o[col].sum()) for col, label in housing.DEFECT_TYPES.items() if col != "other_defects"}
    counts = {k: v for k, v in counts.items() if v > 0}
    if not counts:
        return None
    best = max(counts, key=lambda k: counts[k])
    return best, Figure(counts[best], disclosure.PUBLISHED)


def headline(counts: pd.DataFrame, figs: dict, area_id: str, stichtag: dt.date, council: bool,
             top: tuple[str, Figure] | None, cfg: DisclosureConfig = DEFAULT_CFG) -> str:
    """One German sentence: open defects of the area against the city, and the most frequent open defect."""
    row = _area_row(counts, area_id)
    inspected = figs[(area_id, "inspected")]
    if not inspected.value and not inspected.suppressed:
        return f"{row['area']}: bis zum {fmt.date(stichtag)} keine geprüften Objekte."
    open_f = figs[(area_id, "open")]
    share = _open_share(figs, area_id, council, cfg)
    text = (f"{row['area']}: Am {fmt.date(stichtag)} haben {open_f.text} von {inspected.text} geprüften Objekten "
            f"offene Mängel ({share.text}")
    if area_id != CITY_ID and (counts["area_id"] == CITY_ID).any():
        text += f"; Stadt {_open_share(figs, CITY_ID, council, cfg).text}"
    text += ")."
    if top is not None and not top[1].suppressed and top[1].value is not None:
        text += f" Häufigster offener Mangel: {top[0]} ({fmt.plural(top[1].value, 'Objekt', 'Objekte')})."
    return text


# Council mode (1280 px projector): the ten columns of the table keep every area name whole (no word
# broken inside, issue #17) only with shorter headers; the page shows the full name on hover.
COUNCIL_HEADERS = {"Geprüfte Objekte": "Geprüft", "Ohne eigenes Bad/WC": "Ohne Bad/WC",
                   "Feuchtigkeit/Schimmel": "Schimmel", "Offene Mängel": "Offen",
                   "Median Tage bis Behebung": "Tage bis Behebung"}


def display_table(counts: pd.DataFrame, figs: dict, council: bool, district_ids: list[str] | None = None,
                  cfg: DisclosureConfig = DEFAULT_CFG) -> pd.DataFrame:
    """German display table: focus area and city first, then the districts (those of the filter)."""
    ids = normalise_ids(district_ids)
    keep = counts["level"].isin([LEVEL_FOCUS, LEVEL_CITY]) | (
        (counts["level"] == LEVEL_DISTRICT) & (counts["area_id"].isin(ids) if ids is not None else True))
    rows = []
    for _, r in area_order(counts[keep.to_numpy()]).iterrows():
        a = r["area_id"]
        row = {"Gebiet": r["area"], "Geprüfte Objekte": figs[(a, "inspected")].text}
        for item, (label, _) in SHARE_ITEMS.items():
            row[label] = _share(figs, r, item, council, cfg).text
        row["Offene Mängel"] = figs[(a, "open")].text
        row["Behoben"] = figs[(a, "resolved")].text
        m = _median(figs, r, council, cfg)
        row["Median Tage bis Behebung"] = m.text
        rows.append(row)
    return pd.DataFrame(rows)


# --- chart data ------------------------------------------------------------------------------
def defects_data(housing_df, stichtag, district_ids, counts: pd.DataFrame, figs: dict, council: bool,
                 standards: Standards = STANDARDS) -> pd.DataFrame:
    """Defects by type and district, tidy: district, defect, state ("offen"/"behoben"), objects.

    Council mode: the same protected per-district counts as the table (all defects found, by type,
    no split by state); hidden cells are left out.
    """
    cols = ["district_id", "district", "defect", "state", "objects"]
    if council:
        rows = []
        ids = normalise_ids(district_ids)
        for _, r in counts[(counts["level"] == LEVEL_DISTRICT).to_numpy()].iterrows():
            if ids is not None and r["area_id"] not in ids:
                continue
            for col, label in CHART_TYPES.items():
                f = figs[(r["area_id"], col)]
                if f.suppressed or not f.value:
                    continue
                rows.append({"district_id": r["area_id"], "district": r["area"], "defect": label,
                             "state": STATE_ALL, "objects": f.value})
        return pd.DataFrame(rows, columns=cols)
    d = housing.defects_by_type(housing_df, stichtag, standards)
    ids = normalise_ids(district_ids)
    if ids is not None:
        d = d[d["district_id"].isin(ids).to_numpy()]
    return d.reset_index(drop=True)


def defects_figure(defects: pd.DataFrame, state: str = STATE_OPEN, council: bool = False) -> go.Figure:
    """Stacked bars: defects by type per district (open defects, or all found). Each segment counts the
    objects with that defect, so a bar adds up defects – an object with three counts three times: the
    axis and the hover say "Mängel", not "Objekte"."""
    d = defects
    if state == STATE_OPEN and not council:
        d = d[(d["state"] == "offen").to_numpy()]
    d = d.groupby(["district_id", "district", "defect"], as_index=False, sort=True)["objects"].sum()
    title = "Offene Mängel nach Art und Stadtteil" if state == STATE_OPEN and not council else \
        "Festgestellte Mängel nach Art und Stadtteil"
    fig = charts.stacked(d, "district", "objects", "defect", orientation="h", title=title,
                         labels={"objects": "Mängel", "district": ""}, colours=DEFECT_COLOURS,
                         category_order=list(DEFECT_COLOURS), council=council)
    n = d["district"].nunique()
    fig.update_layout(height=max(380, 200 + (44 if council else 30) * n),
                      legend=dict(orientation="h", yanchor="top", y=-0.3 if council else -0.22, xanchor="left", x=0),
                      yaxis=dict(categoryorder="array", categoryarray=sorted(d["district"].unique())))
    return fig


def council_space(bins: pd.DataFrame, pub: rf.Ratsfassung) -> tuple[pd.DataFrame, str | None]:
    """Council version of the bins: the cells of the Ratsfassung's table "Wohnfläche je Person" (protected
    there with the overcrowded objects of the city); hidden and empty bins are left out."""
    if bins.empty or rf.SPACE not in pub.tables:
        return bins.iloc[0:0], None
    rows, statuses = [], set()
    for r in bins.itertuples(index=False):
        f = pub.cell(rf.SPACE, r.label, r.group)
        statuses.add(f.status)
        if not f.suppressed and f.value:
            rows.append({"m2": r.m2, "label": r.label, "group": r.group, "objects": f.value})
    return pd.DataFrame(rows, columns=bins.columns), pub.cfg.note(statuses)


def space_figure(bins: pd.DataFrame, standards: Standards = STANDARDS, council: bool = False) -> go.Figure:
    """Distribution of m² per person, the standard per adult marked by a dashed line."""
    fig = charts.stacked(bins, "m2", "objects", "group", title="Wohnfläche je Person",
                         labels={"objects": "Objekte", "m2": "m² je Person"}, colours=SPACE_COLOURS,
                         category_order=list(SPACE_GROUPS), council=council)
    for tr in fig.data:  # hover and text alternative name the bin, not its centre
        part = bins[(bins["group"] == tr.name).to_numpy()]
        tr.customdata = [(lab, fmt.integer(v)) for lab, v in zip(part["label"], part["objects"])]
        tr.meta = {**tr.meta, "labels": list(part["label"])}
    std = standards.m2_per_adult_flat
    fig.add_vline(x=std, line_dash="dash", line_color=palette.TEXT, line_width=3 if council else 2)
    fig.add_annotation(x=std, y=0.98, yref="paper", yanchor="top", xanchor="left", showarrow=False, xshift=4,
                       text=f"Standard {fmt.m2(std, 0)} je Erwachsenem", bgcolor="rgba(255,255,255,0.85)",
                       font=dict(color=palette.TEXT))
    fig.update_layout(bargap=0.05, xaxis=dict(tickformat=",d", dtick=SPACE_BIN_M2 * 2))
    return fig


def over_time_figure(series: pd.DataFrame, council: bool = False) -> go.Figure:
    return charts.line(series, "date", "open", title="Objekte mit offenen Mängeln je Monatsende",
                       labels={"open": "Objekte", "date": ""}, council=council)


def council_over_time(series: pd.DataFrame, pub: rf.Ratsfassung) -> tuple[pd.DataFrame, str | None]:
    """Council version of the line: the points of the Ratsfassung's "Offene Mängel je Monatsende" (the
    last point is the city's open objects, the point at the previous Stand that Stand's published
    value); hidden months are left out."""
    if series.empty or rf.OPEN_TIME not in pub.tables:
        return series.iloc[0:0], None
    keep, statuses = [], set()
    for month in series["month"]:
        f = pub.cell(rf.OPEN_TIME, month)
        statuses.add(f.status)
        keep.append(not f.suppressed and f.value is not None)
    return series[keep].reset_index(drop=True), pub.cfg.note(statuses)


# --- map -------------------------------------------------------------------------------------
def severity_layer(objects: pd.DataFrame) -> maps.Layer:
    """Inspected objects as points coloured by severity band (administration view; sensitive)."""
    o = objects[(objects["lat"].notna() & objects["lon"].notna()).to_numpy()]
    colours = [housing.SEVERITY_COLOURS[b] for b in o["severity_band"]]
    tips, hovers = [], []
    for r in o.itertuples(index=False):
        where = r.address if isinstance(r.address, str) else "Adresse unbekannt"
        what = r.defects if r.defects else "kein offener Befund"
        tips.append(f"<b>{maps.esc(where)}</b><br/>{maps.esc(r.severity_band)}<br/>{maps.esc(what)}")
        hovers.append(f"{where}<br>{r.severity_band}<br>{what}")
    points = pd.DataFrame({"lat": o["lat"].to_numpy(dtype="float64"), "lon": o["lon"].to_numpy(dtype="float64"),
                           "radius_m": 28.0, "colour": colours, "tooltip": tips, "hover": hovers})
    legend = tuple((band, housing.SEVERITY_COLOURS[band]) for band in housing.SEVERITY_BANDS)
    return maps.Layer("housing_severity", "Geprüfte Objekte nach Schweregrad", points=points, legend=legend,
                      sensitive=True)


def map_layers(objects: pd.DataFrame, council: bool) -> list[maps.Layer]:
    """Administration: every inspected object coloured by severity. Council: objects with open
    defects only, as a sensitive layer that the map builder aggregates to grid cells."""
    if council:
        return [maps.defect_layer(objects[objects["open"].to_numpy()].assign(defects="offener Mangel",
                                                                              address=pd.NA),
                                  label="Objekte mit offenen Mängeln")]
    return [severity_layer(objects)]


def worst_display(worst: pd.DataFrame) -> pd.DataFrame:
    """Worst objects with German titles, dates and numbers formatted."""
    if worst.empty:
        return pd.DataFrame(columns=[housing.WORST_COLUMNS_DE[c] for c in
                                     ("object_id", "address", "district", "defects", "severity", "residents",
                                      "open_since", "days_open")])
    out = pd.DataFrame({
        housing.WORST_COLUMNS_DE["object_id"]: worst["object_id"],
        housing.WORST_COLUMNS_DE["address"]: worst["address"],
        housing.WORST_COLUMNS_DE["district"]: worst["district"],
        housing.WORST_COLUMNS_DE["defects"]: worst["defects"],
        housing.WORST_COLUMNS_DE["severity"]: worst["severity"].astype(int),
        housing.WORST_COLUMNS_DE["residents"]: [fmt.integer(v) for v in worst["residents"]],
        housing.WORST_COLUMNS_DE["open_since"]: [fmt.date(v) for v in worst["open_since"]],
        housing.WORST_COLUMNS_DE["days_open"]: [fmt.integer(v) for v in worst["days_open"]],
    })
    return out.reset_index(drop=True)


# --- build -----------------------------------------------------------------------------------
def _objects_for_map(objects: pd.DataFrame, district_ids, council: bool) -> pd.DataFrame:
    """Objects for the map layer; in council mode without addresses and defect lists."""
    ids = normalise_ids(district_ids)
    o = objects if ids is None else objects[objects["district_id"].isin(ids).to_numpy()]
    o = o.assign(defects=housing.defect_list(o).to_numpy() if len(o) else [])
    if council:
        o = o.assign(address=pd.Series(pd.NA, index=o.index, dtype="str"), defects="")
    return o[["object_id", "address", "district_id", "lat", "lon", "open", "severity", "severity_band",
              "defects"]].reset_index(drop=True)


def build(state: DataState, previous: DataState | None, district_ids: list[str] | None, focus_ids: list[str],
          council: bool, standards: Standards = STANDARDS, cfg: DisclosureConfig = DEFAULT_CFG,
          worst_n: int = 20) -> HousingModel:
    """Everything the Wohnqualität page shows, for the data state, the district filter and the mode."""
    cfg = ratsfassung_data.council_cfg(state, cfg) if council else cfg  # the Stand's recorded threshold
    ids = normalise_ids(district_ids)
    label = area_label(ids)
    if not state.has("housing"):
        return HousingModel(None, label, False, council,
                            headline="Für die Wohnqualität fehlen die Daten der Wohnungsaufsicht.")
    h = state.df("housing")
    stichtag = state.stichtag("housing") or state.stand
    objects = housing.object_table(h, stichtag, standards)
    counts = area_counts(h, stichtag, focus_ids, ids, standards, objects)
    pub = ratsfassung_data.for_stand(state, previous, tuple(focus_ids or ()), cfg) if council else None
    figs, note = council_figures(counts, pub) if council else _figures(counts, council, focus_ids, cfg)
    area_id = _selected_id(counts, ids)

    prev_counts = prev_figs = None
    prev_day = None
    if previous is not None and previous.has("housing"):
        prev_day = previous.stichtag("housing") or previous.stand
        ph = previous.df("housing")
        prev_counts = area_counts(ph, prev_day, focus_ids, ids, standards)
        prev_figs, _ = council_figures(prev_counts, pub.previous) if council else \
            _figures(prev_counts, council, focus_ids, cfg)

    model = HousingModel(stichtag, label, True, council, previous_stichtag=prev_day)
    model.counts = counts
    model.tiles = tiles(counts, figs, area_id, council, prev_counts, prev_figs, cfg)
    top = council_top_defect(pub) if council else _top_open_defect(objects, ids)
    model.headline = headline(counts, figs, area_id, stichtag, council, top, cfg)
    model.table = display_table(counts, figs, council, ids, cfg)
    model.note = note
    model.defects = defects_data(h, stichtag, ids, counts, figs, council, standards)
    space = housing.space_per_person(h, stichtag, standards)
    if ids is not None:
        space = space[space["district_id"].isin(ids).to_numpy()]
    bins = space_bins(space)
    model.space, model.space_note = council_space(bins, pub) if council else (bins, None)
    series = housing.open_defects_over_time(h, stichtag, ids)
    model.over_time, model.over_time_note = council_over_time(series, pub) if council else (series, None)
    model.objects = _objects_for_map(objects, ids, council)
    if not council:
        model.worst = worst_display(housing.worst_objects(h, stichtag, worst_n, ids, standards))
    return model


# --- page texts ----------------------------------------------------------------------------
@dataclass(frozen=True)
class Captions:
    """The texts under the parts of the Wohnqualität page (beside source, Stichtag and filters)."""

    tiles: str  # under the tiles ("" = none)
    map: str
    defects: str
    space: str
    over_time: str
    table: str
    worst_title: str
    worst: str


def captions(model: HousingModel) -> Captions:
    """The page's captions: the disclosure notes where there are any, else what the view shows."""
    notes = []
    if model.previous_stichtag is None:
        notes.append("Veränderung: Für den vorigen Stichtag liegt keine Prüfliste der Wohnungsaufsicht vor.")
    if model.note:
        notes.append(model.note)
    return Captions(
        tiles=" ".join(notes),
        map=("in der Ratsansicht zu 250-m-Feldern zusammengefasst" if model.council
             else "Farbe: Zahl der offenen Befunde je Objekt"),
        defects=model.note or "",
        space=model.space_note or f"rot: unter dem Flächenstandard ({fmt.unit(9, 'm²')} je Erwachsenem, {fmt.unit(6, 'm²')} je Kind unter 6)",
        over_time=model.over_time_note or "rekonstruiert aus Prüf- und Behebungsdaten",
        table=model.note or "Anteile bezogen auf die Objekte, bei denen das Merkmal erfasst ist",
        worst_title=f"Objekte mit den schwersten offenen Mängeln (höchstens {len(model.worst)})",
        worst="Verwaltungsansicht; Schweregrad = Zahl der offenen Befunde (+1 bei Überbelegung)",
    )
