"""View-model helpers: change texts, shares in both modes, protection of area tables."""

from __future__ import annotations

import re

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from ankunft.core import palette
from ankunft.disclosure import Figure
from ankunft.views import common as C


def test_change_text_kinds_and_metric_minus():
    assert C.change_text(12, 9) == "+3"
    # Streamlit reads the direction from an ASCII minus: the typographic one is replaced
    assert C.change_text(9, 12) == "-3"
    assert C.change_text(0.30, 0.325, "pct") == "-2,5\u00a0%-Punkte"
    assert C.change_text(250, 238, "days") == "+12\u00a0Tage"
    assert C.change_text(None, 3) is None and C.change_text(3, float("nan")) is None
    assert C.metric_delta("−4") == "-4" and C.metric_delta(None) is None


def test_share_figure_admin_and_council():
    assert C.share_figure(1, 4, False).text == "25,0\u00a0%"
    assert C.share_figure(3, 0, False).text == "–"
    # council: a small numerator (1) or a small complement (40 − 39 = 1) hides the share
    assert C.share_figure(1, 40, True).text == "•"
    assert C.share_figure(39, 40, True).text == "•"
    assert C.share_figure(10, 40, True).text == "25,0\u00a0%"
    # a hidden count as numerator hides the share too
    assert C.share_figure(Figure(None, "secondary"), 40, True).suppressed


def test_figure_change_hidden_when_either_is_hidden():
    assert C.figure_change(Figure(10.0), Figure(7.0)) == "+3"
    assert C.figure_change(Figure(None, "primary"), Figure(7.0)) is None
    assert C.figure_change(Figure(10.0), Figure(None, "secondary")) is None


def _area_table() -> pd.DataFrame:
    return pd.DataFrame({
        "area_id": ["01", "03", "09", "Fokus", "Stadt"],
        "area": ["01 A", "03 B", "09 C", "Fokus", "Stadt"],
        "level": ["Stadtteil", "Stadtteil", "Stadtteil", "Fokusgebiet", "Stadt"],
        "n": [1.0, 10.0, 20.0, 20.0, 31.0],
        "m": [5.0, float("nan"), 7.0, 7.0, 12.0],
    })


def test_protect_areas_primary_secondary_focus_and_missing():
    figs, note = C.protect_areas(_area_table(), ["n", "m"], focus_ids=["09"])
    # 1 is a small count; with the city total published a second district must be hidden too
    assert figs[("01", "n")].text == "≤2"
    assert figs[("Stadt", "n")].text == "31"
    hidden = [d for d in ("03", "09") if figs[(d, "n")].suppressed]
    assert len(hidden) == 1
    # the focus area (= district 09) follows its district
    assert figs[("Fokus", "n")].suppressed == figs[("09", "n")].suppressed
    # a missing value stays missing
    assert figs[("03", "m")].text == "–"
    assert note == "Werte ≤2 unterdrückt; • = zum Schutz kleiner Zahlen ausgeblendet."


def test_protect_areas_rest_row_protects_counts_without_district():
    # the city has 2 objects without district: the rest row is small and hidden, so a district
    # is hidden with it (city − districts would reveal the rest)
    t = pd.DataFrame({"area_id": ["01", "03", "Stadt"], "area": ["a", "b", "Stadt"],
                      "level": ["Stadtteil", "Stadtteil", "Stadt"], "n": [10.0, 12.0, 24.0]})
    figs, _ = C.protect_areas(t, ["n"])
    assert figs[("Stadt", "n")].text == "24"
    assert figs[("01", "n")].suppressed or figs[("03", "n")].suppressed
    assert (C.REST_ID, "n") not in figs


def test_plain_areas_and_order():
    figs, note = C.area_figures(_area_table(), ["n"], council=False)
    assert figs[("01", "n")].text == "1" and note is None
    ordered = C.area_order(_area_table())
    assert list(ordered["area_id"]) == ["Fokus", "Stadt", "01", "03", "09"]


def test_legend_markdown():
    md = C.legend_markdown([("Schweregrad", [("1 Befund", "#E1A100")])])
    assert md == '**Schweregrad:** :color[\u25cf]{foreground="#E1A100"}\u00a01 Befund'


def test_legend_markdown_escapes_data_and_adds_the_footer():
    md = C.legend_markdown([("Kita & Schule", [("<3 Plätze", "#123456")]), ("Leer", [])], footer="**Flächen**")
    assert md.split("  \n") == ['**Kita & Schule:** :color[\u25cf]{foreground="#123456"}\u00a0<3 Plätze',
                                "**Leer**", "**Flächen**"]
    # a colour that is not #rrggbb never reaches the colour directive: grey dot
    assert C.legend_markdown([("L", [("a", 'red"} [x](javascript:x) {')])]) == \
        '**L:** :color[\u25cf]{foreground="#6B7280"}\u00a0a'


def test_map_legend_shows_the_council_layers_only():
    from ankunft.plots import maps

    points = pd.DataFrame({"lat": [49.44], "lon": [7.76], "tooltip": ["Wohnung"], "hover": ["Wohnung"],
                           "colour": ["#E1A100"], "radius_m": [20.0]})
    flats = maps.Layer("defects", "Wohnungen mit Mängeln", "points", points, legend=(("1 Befund", "#E1A100"),),
                       sensitive=True)
    assert C.map_legend([flats]) == '**Wohnungen mit Mängeln:** :color[\u25cf]{foreground="#E1A100"}\u00a01 Befund'
    council = C.map_legend([flats], council=True, footer="**Flächen**").split("  \n")
    # council: the cells' fixed classes (maps.cell_classes), shades of the layer colour
    classes = [f"{C.colour_dot(c)}\u00a0{label}" for label, c in
               zip(["weniger als 3", "3 bis 4", "5 bis 9", "10 und mehr"], maps.class_colours("#E1A100", 4))]
    assert council == ["**Wohnungen mit Mängeln (je 250-m-Feld):** " + " · ".join(classes), "**Flächen**"]


_DIRECTIVE = re.compile(r':color\[\u25cf\]\{foreground="(#[0-9A-Fa-f]{6})"\}')


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=12))
def test_colour_dot_takes_only_a_hex_colour(colour):
    """Whatever string comes as a colour, the dot is the colour directive with a #rrggbb colour: the
    string itself when it is one, else the palette's grey (nothing else reaches the markdown)."""
    dot = C.colour_dot(colour)
    m = _DIRECTIVE.fullmatch(dot)
    assert m is not None, dot
    expected = colour if re.fullmatch(r"#[0-9A-Fa-f]{6}", colour) else palette.GREY
    assert m.group(1) == expected


@settings(max_examples=100, deadline=None)
@given(st.from_regex(r"#[0-9A-Fa-f]{6}", fullmatch=True))
def test_colour_dot_keeps_every_hex_colour(colour):
    assert _DIRECTIVE.fullmatch(C.colour_dot(colour)).group(1) == colour
