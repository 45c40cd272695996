"""Control totals of a table and the file's own total rows, wherever they stand.

The summable fields are added up over the data rows (`TableReport.totals`). Every sum row of the
file (a city total as the first data row, a grand total at the bottom) is compared with the total
of all data rows; every subtotal ("Zwischensumme Betzenberg", "Morlautern insgesamt") with the data
rows of its group – the rows since the previous total row, or, for a subtotal written above its
group, the rows up to the next one. A difference is a warning naming the row and the group.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from ankunft.core import fmt, glossary, reference
from ankunft.importing import parse
from ankunft.importing.cells import show
from ankunft.importing.io.header import HeaderMatch
from ankunft.importing.report import Issue, TableReport

_CITY_LABEL = re.compile(r"(stadt|stadtgebiet|gesamtstadt|gesamt|insgesamt|summe|" + re.escape(
    reference.CITY.lower()) + r")([\s,\-–/]+(stadt|stadtgebiet|gesamtstadt|gesamt|insgesamt|summe|" + re.escape(
    reference.CITY.lower()) + r"))*", re.IGNORECASE)


def mark_city_total(kinds: list[str], reasons: list[str], cols: list, table_cols: list) -> None:
    """A row of counts per area whose place is the whole city ("Stadt Kaiserslautern", "Kaiserslautern, Stadt",
    "Stadtgebiet") is the city total – also as the first data row – when no key cell names a district.

    Only the columns that name an area are read: the district / district number, and the name in a table of
    population counts (a Kita whose Träger is "Stadt Kaiserslautern" stays a Kita)."""
    fields = {c.field for c in table_cols if c.field}
    area = [c.index for c in table_cols if c.index < len(cols) and (
        c.field in ("district", "district_id") or (c.field == "name" and "population" in fields))]
    if not area:
        return
    # a row with its own key is a record: a district number that names a district, any other key (object, person)
    keys = [(c.index, c.field == "district_id") for c in table_cols
            if c.field in ("district_id", "id", "object_id", "person_id") and c.index < len(cols)]
    for c in area:
        col = cols[c].tolist() if hasattr(cols[c], "tolist") else list(cols[c])
        city = {v for v in set(col) if type(v) is str and v and _CITY_LABEL.fullmatch(v.strip())}  # distinct cells
        if not city:
            continue
        for j in (j for j, v in enumerate(col) if v in city and kinds[j] == "data"):
            if any((reference.resolve_district(cols[k][j]) if is_district else True)
                   for k, is_district in keys if k != c and cols[k][j] not in ("", None)):
                continue
            kinds[j] = "sum"
            reasons[j] = f"Summenzeile („{cols[c][j].strip()[:60]}“)"


def _n(x: float) -> str:
    return fmt.num(x, 0) if float(x).is_integer() else fmt.num(x, 2)


def _rows_text(rows: np.ndarray) -> str:
    if len(rows) == 1:
        return f"Zeile {int(rows[0])}"
    return f"Zeilen {int(rows[0])}–{int(rows[-1])}"


def _close(file_sum: float, total: float, f: glossary.Field) -> bool:
    tol = 0.5 if (f.kind != "int" and float(file_sum).is_integer()) else 0.005 + 1e-9 * abs(total)
    return abs(file_sum - total) <= tol


def check_totals(t: TableReport, m: HeaderMatch, cols: list[np.ndarray], kinds: list[str], present: set[str],
                 headers: dict[str, str], canon: pd.DataFrame, first_data_row: int) -> None:
    """Fill `t.totals` and `t.sum_row` (the last sum row); warn where a total row differs from its rows."""
    ds = glossary.DATASETS[m.dataset]
    summable = [f for f in ds.fields if f.summable and f.key in present]
    for f in summable:
        t.totals[f.key] = float(np.nansum(canon[f.key].to_numpy("float64")))
    marks = [j for j in range(len(kinds)) if kinds[j] in ("sum", "subtotal")]
    if not (marks and summable):
        return
    excel = canon["_row"].to_numpy("int64")
    values = {f.key: canon[f.key].to_numpy("float64") for f in summable}
    index = {f.key: next(ci.index for ci in m.columns if ci.field == f.key) for f in summable}
    sum_rows = [j for j in marks if kinds[j] == "sum"]
    hidden = [j for j in range(len(kinds)) if kinds[j] == "hidden"]
    hidden_sums = {f.key: float(np.nansum(parse.parse_numbers([cols[index[f.key]][j] for j in hidden], f)[0]))
                   for f in summable} if hidden else {}
    for pos, j in enumerate(marks):
        row = j + first_data_row
        written = {}
        for f in summable:
            raw = cols[index[f.key]][j]
            vals, _ = parse.parse_numbers([raw], f)
            if np.isfinite(vals[0]):
                written[f.key] = (float(vals[0]), raw)
        if sum_rows and j == sum_rows[-1]:
            t.sum_row = {k: v for k, (v, _) in written.items()}
        before = marks[pos - 1] + first_data_row if pos else -1
        after = marks[pos + 1] + first_data_row if pos + 1 < len(marks) else np.iinfo(np.int64).max
        group = (excel > before) & (excel < row)
        # a sum row between data rows closes the block above it, like a subtotal
        inner = kinds[j] == "subtotal" or bool(group.any() and (excel > row).any())
        if kinds[j] == "sum" and not inner:
            group = np.ones(len(excel), dtype=bool)
        elif not group.any():  # a subtotal written above its group
            group = (excel > row) & (excel < after)
        _compare(t, ds, written, values, group, excel, row, headers, is_sum=kinds[j] == "sum" and not inner,
                 hidden_sums=hidden_sums)


def _compare(t: TableReport, ds: glossary.Dataset, written: dict, values: dict, group: np.ndarray,
             excel: np.ndarray, row: int, headers: dict[str, str], is_sum: bool,
             hidden_sums: dict[str, float]) -> None:
    for key, (file_sum, raw) in written.items():
        f = ds.field(key)
        total = float(np.nansum(values[key][group]))
        if _close(file_sum, total, f):
            continue
        if is_sum and key in hidden_sums and _close(file_sum, total + hidden_sums[key], f):
            t.add(Issue("sum_row_includes_hidden", f"{f.label}: die Summenzeile der Datei ({_n(file_sum)}) zählt "
                                                   f"die ausgeblendeten Zeilen mit; ohne sie ergeben die Zeilen "
                                                   f"{_n(total)}.", row=row, column=headers.get(key),
                        value=show(raw), severity="warning"))
        elif is_sum:
            t.add(Issue("sum_row_mismatch", f"{f.label}: Summenzeile der Datei {_n(file_sum)}, berechnet aus "
                                            f"den Zeilen {_n(total)}.", row=row, column=headers.get(key),
                        value=show(raw), severity="warning"))
        else:
            rows = excel[group]
            where = _rows_text(rows) if len(rows) else "keine Datenzeilen"
            t.add(Issue("subtotal_mismatch", f"{f.label}: Zwischensumme der Datei {_n(file_sum)}, berechnet aus "
                                             f"ihrer Gruppe ({where}) {_n(total)}.", row=row,
                        column=headers.get(key), value=show(raw), severity="warning"))
