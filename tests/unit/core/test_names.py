"""The one accommodation name key and the one district label."""

import math

import pandas as pd

from ankunft.core.names import district_label, name_key


def test_name_key_ignores_type_words_abbreviations_and_case():
    assert name_key("GU Ehem. Hauptpost") == name_key("ehemalige hauptpost") == name_key("Ehemalige  HAUPTPOST")
    assert name_key("Pariser Str. 12") == name_key("Pariser Straße 12")
    assert name_key("Hauptpost") != name_key("Hauptbahnhof")


def test_name_key_of_missing_values_is_empty():
    assert name_key(None) == name_key(math.nan) == name_key(pd.NA) == ""


def test_district_label_names_known_districts_and_keeps_unknown_ids():
    assert district_label("09").startswith("09 ") and len(district_label("09")) > 3
    assert district_label("77") == "77"
    assert district_label(None) == district_label("") == district_label(math.nan) == "–"
