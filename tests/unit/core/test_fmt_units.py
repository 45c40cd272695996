"""Non-breaking space between a number and its unit (issue #17): "32,0 %" must never break into
"32,0⏎%" on a page, a table cell or a slide. Checked on generated numbers for every formatter with a
unit, and on the text the exports carry (pptx, html, xlsx) — no mojibake, xlsx figures stay numbers."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile

import openpyxl
from hypothesis import given
from hypothesis import strategies as st

from ankunft.core import fmt

NBSP = "\u00a0"
NUMBERS = st.floats(-5e8, 5e8, allow_nan=False, allow_infinity=False)
UNITS = st.sampled_from(["%", "€", "Mio. €", "m²", "%-Punkte", "Tage", "Monate", "km", "Prozentpunkte"])
# a line may break at a plain space (or a tab …) but never at U+00A0
BREAKABLE = re.compile(r"[ \t\n\r\u2000-\u200a\u205f\u3000]")


def _unit_of(text: str) -> str:
    """What follows the number: everything after the first NBSP."""
    return text.split(NBSP, 1)[1] if NBSP in text else ""


@given(x=NUMBERS, decimals=st.integers(0, 3))
def test_unit_formatters_never_break_between_number_and_unit(x, decimals):
    for text, unit in [(fmt.pct(x / 1e6, decimals), "%"), (fmt.pct_points(x, decimals), "%"),
                       (fmt.eur(x, decimals), "€"), (fmt.m2(x, decimals), "m²"),
                       (fmt.eur_compact(x), "Mio.\u00a0€" if abs(x) >= 1e6 else "€")]:
        assert not BREAKABLE.search(text), repr(text)
        assert _unit_of(text) == unit, repr(text)
        number = text.split(NBSP, 1)[0]
        assert re.fullmatch(r"-?\d{1,3}(\.\d{3})*(,\d+)?", number), repr(text)  # dots stay dots


@given(x=NUMBERS, decimals=st.integers(0, 2), unit=UNITS)
def test_signed_and_unit_take_any_unit(x, decimals, unit):
    for text in (fmt.signed(x, decimals, unit), fmt.unit(x, unit, decimals)):
        assert not BREAKABLE.search(text), repr(text)
        assert _unit_of(text).replace(NBSP, " ") == unit
    assert fmt.signed(x, decimals)[:1] in "+−±" and NBSP not in fmt.signed(x, decimals)


@given(unit=UNITS)
def test_missing_values_stay_a_bare_dash(unit):
    for missing in (None, float("nan"), float("inf")):
        assert fmt.unit(missing, unit) == fmt.MISSING
        assert fmt.signed(missing, 1, unit) == fmt.MISSING
    assert fmt.pct(None) == fmt.eur(None) == fmt.eur_compact(None) == fmt.m2(None) == fmt.MISSING
    assert fmt.with_unit(fmt.MISSING, unit) == fmt.MISSING and fmt.with_unit("7", "") == "7"


def test_thousands_separators_and_counted_words_keep_their_form():
    assert fmt.num(1234567.5, 1) == "1.234.567,5"
    assert fmt.plural(3, "Unterkunft", "Unterkünfte") == "3 Unterkünfte"
    assert fmt.date_time("2026-12-06T20:01") == "06.12.2026, 20:01\u00a0Uhr"


def _report_with_units():
    import pandas as pd

    from ankunft.views.report_model import Kpi, Report, Section

    table = pd.DataFrame({"Bezirk": ["09", "11"], "Auslastung": [fmt.pct(0.3203), fmt.pct(0.917)],
                          "Kosten": [fmt.eur(1234.0), fmt.eur_compact(3.04e6)]})
    section = Section(key="units", title="Einheiten", headline=f"Auslastung {fmt.pct(0.3203)}",
                      kpis=[Kpi("Auslastung", fmt.pct(0.3203)), Kpi("Einsparung", fmt.eur_compact(-3.04e6))],
                      table=table)
    return Report(title="Test", city="Kaiserslautern", stand=dt.date(2026, 10, 1), author="Test", sections=[section])


def test_pptx_and_html_carry_the_nbsp_without_mojibake():
    from pptx import Presentation

    from ankunft.export import html as export_html
    from ankunft.export import pptx as export_pptx

    report = _report_with_units()
    prs = Presentation(io.BytesIO(export_pptx.build(report)))
    texts = [p.text for slide in prs.slides for shape in slide.shapes if shape.has_text_frame
             for p in shape.text_frame.paragraphs]
    texts += [c.text for slide in prs.slides for shape in slide.shapes if shape.has_table
              for row in shape.table.rows for c in row.cells]
    joined = "\n".join(texts)
    assert "32,0\u00a0%" in joined and "3,0\u00a0Mio.\u00a0€" in joined, joined
    assert "32,0 %" not in joined and "Â" not in joined
    raw = zipfile.ZipFile(io.BytesIO(export_pptx.build(report)))
    slides = "".join(raw.read(n).decode("utf-8") for n in raw.namelist() if n.startswith("ppt/slides/slide"))
    assert "32,0\u00a0%" in slides

    page = export_html.build(report)
    page = page.decode("utf-8") if isinstance(page, bytes) else page
    assert '<meta charset="utf-8">' in page and "Â" not in page
    assert "32,0\u00a0%" in page or "32,0&nbsp;%" in page or "32,0&#160;%" in page


def test_xlsx_figures_stay_numbers_and_show_the_nbsp():
    from ankunft.export import xlsx as export_xlsx

    wb = openpyxl.load_workbook(io.BytesIO(export_xlsx.build(_report_with_units())))
    cells = [c for ws in wb.worksheets for row in ws.iter_rows() for c in row]
    share = [c for c in cells if isinstance(c.value, (int, float)) and abs(c.value - 0.32) < 1e-9]
    money = [c for c in cells if isinstance(c.value, (int, float)) and abs(c.value - 3.0e6) < 1e-3]
    assert share and money, "the figures must arrive as numbers"
    assert all(f'"{NBSP}"%' in c.number_format for c in share), [c.number_format for c in share]
    assert all(f"{NBSP}Mio.{NBSP}€" in c.number_format for c in money), [c.number_format for c in money]
    texts = [c.value for c in cells if isinstance(c.value, str)]
    assert not any("Â" in t or re.search(r"\d \u20ac|\d %", t) for t in texts), texts
