"""The focus area setting: parse, save text, the officer's choice, the sidebar's values."""

from __future__ import annotations

import json

from ankunft.core import reference
from ankunft.views import focus as F


def test_default_when_nothing_or_nothing_readable_is_saved():
    assert F.parse(None) == F.parse("") == F.parse("{kaputt") == F.parse('{"ids": ["09"]}') == F.DEFAULT
    assert F.DEFAULT == F.Focus(("09",), "Bezirk 09 Kaiserslautern-West (mit Nordwest)")
    assert F.DEFAULT.ids == tuple(reference.FOCUS_DEFAULT)


def test_saved_text_round_trip_keeps_umlauts():
    focus = F.Focus(("03", "07"), "Innenstadt Süd")
    text = F.serialise(focus)
    assert "Süd" in text and json.loads(text) == {"ids": ["03", "07"], "label": "Innenstadt Süd"}
    assert F.parse(text) == focus


def test_choice_orders_the_districts_and_names_them():
    assert F.from_choice(["07", "03"], "  Programmgebiet  ") == F.Focus(("03", "07"), "Programmgebiet")
    assert F.from_choice(["07", "03"], "") == F.Focus(("03", "07"), "Fokusgebiet (03, 07)")
    assert F.from_choice(["12"], None) == F.Focus(("12",), "12 Morlautern")
    assert F.from_choice(["09"], "") == F.DEFAULT
    assert F.from_choice([], "Name") is None


def test_sidebar_values_of_a_saved_focus_area():
    assert F.choice_of(F.DEFAULT) == (["09"], "")  # the automatic label: the name field stays empty
    assert F.choice_of(F.Focus(("03", "07"), "Ost")) == (["03", "07"], "Ost")
    assert F.choice_of(F.Focus(("03", "99"), "Fokusgebiet (03, 99)")) == (["03"], "")  # unknown id left out
    assert F.caption(F.Focus(("03",), "Ost")) == "Fokusgebiet: Ost"
    assert F.options()[0] == "01" and len(F.options()) == 18
