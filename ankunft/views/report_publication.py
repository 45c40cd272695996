"""The report's one council publication: the count tables a report shows together and their relations.

`publication(…)` protects every count of persons (and of inspected objects with defects) of a report
jointly: the tables that appear together are linked (accommodations ↔ districts ↔ length of stay ↔
focus area; districts ↔ housing), so that no hidden cell can be recomputed from another table of the
same report. The tables are built from the indicator results by `los_wide`, `housing_area`,
`defect_types` and `focus_values`; `report_data.prepare` calls them once.
"""

from __future__ import annotations

import math

import pandas as pd

from ankunft import disclosure as dc
from ankunft.disclosure import ratsfassung as rf
from ankunft.indicators import Unavailable
from ankunft.indicators import housing as housing_mod
from ankunft.indicators import stays as stays_mod

# names of the jointly protected tables (they appear in audits and tests)
T_ACC = "Belegung je Unterkunft"
T_DIST = "Bewohner je Stadtteil"
T_LOS = "Aufenthaltsdauer je Unterkunft"
T_HOUSING = "Mängel je Stadtteil"
T_TYPES = "Mängel nach Art"
T_FOCUS = "Fokusgebiet"
TOTAL = dc.TOTAL
NO_DISTRICT = "ohne Stadtteil"
OPEN, RESOLVED = "offen", "behoben"


# ---------------------------------------------------------------------------------------------
# the count tables


def los_wide(roster, open_keys) -> pd.DataFrame | None:
    """Residents per accommodation (rows) and length-of-stay band (columns)."""
    if isinstance(roster, Unavailable) or roster is None:
        return None
    r = roster[roster["accommodation_id"].isin(open_keys).to_numpy()]
    long = stays_mod.length_of_stay_bands(r, by_accommodation=True)
    if isinstance(long, Unavailable) or len(long) == 0:
        return None
    wide = long.pivot(index="accommodation_id", columns="band", values="count")
    wide = wide.reindex(columns=list(stays_mod.BANDS)).fillna(0).astype("float64")
    wide.index = wide.index.astype("object")
    wide.columns = wide.columns.astype("object")
    wide.index.name = None
    wide.columns.name = None
    return wide


def housing_area(housing_table: pd.DataFrame) -> pd.DataFrame | None:
    """District rows of the housing table (open, overcrowded), plus `ohne Stadtteil` so that the
    rows add up to the total; index = district id."""
    if housing_table.empty:
        return None
    districts = housing_table[housing_table["level"] == housing_mod.LEVEL_DISTRICT]
    total = housing_table[housing_table["area_id"] == housing_mod.CITY_ID]
    df = pd.DataFrame({"open": districts["open"].to_numpy(dtype="float64"),
                       "overcrowded": districts["overcrowded"].to_numpy(dtype="float64")},
                      index=pd.Index(districts["area_id"].astype("object").to_numpy(), dtype="object"))
    if len(total):
        rest = {c: float(total[c].iloc[0]) - float(df[c].sum()) for c in ("open", "overcrowded")}
        if any(v > 0 for v in rest.values()):
            df.loc[NO_DISTRICT] = [rest["open"], rest["overcrowded"]]
    return df


def defect_types(defects: pd.DataFrame) -> pd.DataFrame | None:
    """Objects per defect type (rows) that are open or resolved (columns)."""
    if defects.empty:
        return None
    g = defects.groupby(["defect", "state"])["objects"].sum().unstack("state")
    order = [*housing_mod.DEFECT_TYPES.values(), housing_mod.OVERCROWDED_LABEL]
    g = g.reindex(index=[t for t in order if t in g.index], columns=[OPEN, RESOLVED]).fillna(0.0)
    g.index = pd.Index(list(g.index), dtype="object")
    g.columns = pd.Index(list(g.columns), dtype="object")
    return g.astype("float64")


def focus_values(district_tbl: pd.DataFrame, housing_table: pd.DataFrame, focus_ids) -> dict[str, float]:
    """The focus area's residents in accommodations and objects with open defects (when known)."""
    out = {}
    if len(district_tbl):
        out["residents"] = float(district_tbl.loc[district_tbl["district_id"].isin(focus_ids), "residents"].sum())
    if len(housing_table):
        f = housing_table[housing_table["area_id"] == housing_mod.FOCUS_ID]
        if len(f):
            out["open"] = float(f["open"].iloc[0])
    return out


# ---------------------------------------------------------------------------------------------
# the joint protection


def _occupancy_tables(open_table, district_tbl, tables: dict, links: list):
    """Occupancy per accommodation and residents per district, linked by district and total."""
    occ = dist = None
    if len(open_table):
        known = open_table[open_table["occupancy"].notna().to_numpy()]
        if len(known):
            occ = pd.Series(known["occupancy"].to_numpy(dtype="float64"),
                            index=pd.Index(known["key"].astype("object").to_numpy(), dtype="object"), name="Belegung")
            tables[T_ACC] = dc.Table(occ, total=True)
    if len(district_tbl) and occ is not None:
        dist = pd.Series(district_tbl["residents"].to_numpy(dtype="float64"),
                         index=pd.Index(district_tbl["district_id"].astype("object").to_numpy(), dtype="object"),
                         name="Bewohner")
        tables[T_DIST] = dc.Table(dist, total=True)
        groups = {k: d for k, d in zip(known["key"], known["district_id"]) if isinstance(d, str) and d in dist.index}
        members: dict = {}
        for k, d in groups.items():
            members.setdefault(d, []).append(k)
        for d, keys in members.items():
            if math.isclose(float(dist[d]), float(occ[keys].sum())):
                links.append(dc.link_sum((T_DIST, d, None), [(T_ACC, k, None) for k in keys]))
        if math.isclose(float(dist.sum()), float(occ.sum())):
            links.append(dc.link_equal((T_DIST, TOTAL, None), (T_ACC, TOTAL, None)))
    return occ, dist


def _focus_table(focus_ids, profile_values: dict, dist, housing_area_tbl, tables: dict, links: list) -> None:
    """The focus area's two figures, linked to the districts they sum up."""
    focus = {}
    focus_links = []
    if profile_values.get("residents") is not None:
        focus["residents"] = profile_values["residents"]
        if dist is not None:
            parts = [d for d in focus_ids if d in dist.index]
            if parts and math.isclose(float(dist[parts].sum()), focus["residents"]):
                focus_links.append(dc.link_sum((T_FOCUS, "residents", None), [(T_DIST, d, None) for d in parts]))
    if profile_values.get("open") is not None:
        focus["open"] = profile_values["open"]
        if housing_area_tbl is not None:
            parts = [d for d in focus_ids if d in housing_area_tbl.index]
            if parts and math.isclose(float(housing_area_tbl.loc[parts, "open"].sum()), focus["open"]):
                focus_links.append(dc.link_sum((T_FOCUS, "open", None), [(T_HOUSING, d, "open") for d in parts]))
    if focus:
        tables[T_FOCUS] = dc.Table(pd.Series(focus, dtype="float64", name="Fokusgebiet"))
        links += focus_links


def publication(open_table, district_tbl, los, housing_area_tbl, defect_types_tbl, focus_ids, profile_values,
                cfg) -> tuple[dict[str, dc.Protected], list]:
    """Protect every count table of the report as one publication (see the module docstring)."""
    tables: dict = {}
    links: list = []
    occ, dist = _occupancy_tables(open_table, district_tbl, tables, links)
    if los is not None and len(los):
        tables[T_LOS] = dc.Table(los, count_cols=list(los.columns), row_total=True, col_total=True)
        if occ is not None:
            for key, row in los.iterrows():
                if key in occ.index and math.isclose(float(row.sum()), float(occ[key])):
                    links.append(dc.link_equal((T_LOS, key, TOTAL), (T_ACC, key, None)))
            if math.isclose(float(los.to_numpy().sum()), float(occ.sum())):
                links.append(dc.link_equal((T_LOS, TOTAL, TOTAL), (T_ACC, TOTAL, None)))
    if housing_area_tbl is not None and len(housing_area_tbl):
        tables[T_HOUSING] = dc.Table(housing_area_tbl, count_cols=["open", "overcrowded"], col_total=True)
    if defect_types_tbl is not None and len(defect_types_tbl):
        tables[T_TYPES] = dc.Table(defect_types_tbl, count_cols=[OPEN, RESOLVED])
    _focus_table(focus_ids, profile_values, dist, housing_area_tbl, tables, links)
    if not tables:
        return {}, []
    return dc.suppress_linked(tables, links, cfg), links


def council_housing(rats: rf.Ratsfassung) -> tuple[dict[str, dc.Protected], list]:
    """The council report's housing tables: the Ratsfassung's housing block (``Mängel je Stadtteil``,
    ``Mängel nach Art``) and the focus area's open defects (its focus cell as ``Fokusgebiet``/``open``),
    with the relations between them — the same cells the Wohnqualität page shows."""
    tables = {name: rats.tables[name] for name in (T_HOUSING, T_TYPES) if name in rats.tables}
    links = [rel for rel in rats.links if all(k[0] in tables for k in rel)]
    if T_HOUSING in tables and rats.has(rf.HOUSING_FOCUS, rf.FOCUS, "open"):
        # the focus row of the report's housing table: open, inspected and overcrowded objects, each
        # the Ratsfassung's focus cell (never a count protected on its own next to the district cells)
        cols = [c for c in ("open", "inspected", "overcrowded") if rats.has(rf.HOUSING_FOCUS, rf.FOCUS, c)]
        figs = {c: rats.cell(rf.HOUSING_FOCUS, rf.FOCUS, c) for c in cols}
        tables[T_FOCUS] = dc.Protected(
            pd.Series({c: math.nan if f.value is None else f.value for c, f in figs.items()}, dtype="float64"),
            pd.Series({c: f.status for c, f in figs.items()}, dtype=object), rats.cfg)
        parts = [d for d in rats.rows(T_HOUSING) if d in set(_focus_of(rats))]
        links += [dc.link_sum((T_FOCUS, c, None), [(T_HOUSING, d, c) for d in parts]) for c in cols]
    return tables, links


def _focus_of(rats: rf.Ratsfassung) -> list:
    """The focus districts, read from the relation of the focus cell to the district cells."""
    for rel in rats.links:
        if (rf.HOUSING_FOCUS, rf.FOCUS, "open") in rel:
            return [k[1] for k in rel if k[0] == T_HOUSING]
    return []
