"""The Szenarien page's Excel download: one simulated scenario as a workbook (xlsxwriter).

Sheets: the monthly table, flats by household size, costs per budget year, residents per
accommodation and month, and the assumptions with their sources. Text cells (sheet headers
included) go through :func:`ankunft.export.safe.neutralise`; numbers stay numbers.
"""

from __future__ import annotations

import io
import math

import numpy as np
import pandas as pd

from ankunft.core import fmt
from ankunft.export.safe import neutralise
from ankunft.scenario.results import LABELS, Result, accommodation_table, monthly_table

SHEETS = ("Monatswerte", "Wohnungsbedarf", "Kosten je Jahr", "Unterkünfte", "Annahmen")


def sheets(result: Result) -> dict[str, pd.DataFrame]:
    """The workbook's tables by sheet name (German column titles)."""
    frames = (
        monthly_table(result),
        result.flats.drop(columns=["month", "household_size"]).rename(columns=LABELS),
        result.costs_by_year.rename(columns=LABELS),
        accommodation_table(result),
        assumption_sheet(result),
    )
    return dict(zip(SHEETS, frames))


def assumption_sheet(result: Result) -> pd.DataFrame:
    """Stichtag, arrival variant and where the start population comes from, then every assumption
    with its value and source."""
    desc = result.assumptions.describe(result.start)
    extra = pd.DataFrame([
        {"Annahme": "Stichtag", "Wert": fmt.date(result.start.stichtag), "Herkunft": "Daten"},
        {"Annahme": "Zuweisungsvariante", "Wert": result.variant_label, "Herkunft": "eigene Eingabe"},
        {"Annahme": "Startbestand", "Wert": "geschätzt aus der Belegung" if result.start.estimated
         else "aus der Bewohnerdatei", "Herkunft": "geschätzt" if result.start.estimated else "aus Daten"},
    ] + [{"Annahme": "Hinweis", "Wert": n, "Herkunft": ""} for n in result.start.notes])
    return pd.concat([extra, desc], ignore_index=True)


def to_excel(result: Result, extra: dict[str, pd.DataFrame] | None = None) -> bytes:
    """Excel workbook (bytes) of :func:`sheets`, then the ``extra`` sheets (the page's earliest
    closure months, uncertainty and back-test: ``views.scenario_view.shared_tables``). Text cells are
    neutralised against formula injection; numbers stay numbers (utilisation as per cent, floats
    with one decimal)."""
    import xlsxwriter

    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, {"in_memory": True, "strings_to_formulas": False,
                                   "strings_to_urls": False, "strings_to_numbers": False})
    formats = {
        "bold": wb.add_format({"bold": True, "bg_color": "#EEEEEE", "text_wrap": True, "valign": "top"}),
        "number": wb.add_format({"num_format": "#,##0"}),
        "decimal": wb.add_format({"num_format": "#,##0.0"}),
        "percent": wb.add_format({"num_format": "0.0%"}),
    }
    for sheet_name, df in {**sheets(result), **(extra or {})}.items():
        _write_sheet(wb.add_worksheet(sheet_name[:31]), df, formats)
    wb.close()
    return buf.getvalue()


def _write_sheet(ws, df: pd.DataFrame, formats: dict) -> None:
    for j, col in enumerate(df.columns):
        ws.write_string(0, j, neutralise(str(col)), formats["bold"])
        values = df[col]
        if col == LABELS["utilisation"]:
            cell_fmt = formats["percent"]
        else:
            cell_fmt = formats["decimal"] if values.dtype.kind == "f" else formats["number"]
        ws.set_column(j, j, max(10, min(40, len(str(col)) + 2)))
        for i, v in enumerate(values.tolist(), start=1):
            if v is None or v is pd.NA or v == "" or (isinstance(v, float) and math.isnan(v)):
                ws.write_blank(i, j, None)
            elif isinstance(v, (bool, np.bool_)):
                ws.write_string(i, j, "ja" if v else "nein")
            elif isinstance(v, (int, float, np.integer, np.floating)):
                ws.write_number(i, j, float(v), cell_fmt)
            else:
                ws.write_string(i, j, neutralise(str(v)))
    ws.freeze_panes(1, 0)
