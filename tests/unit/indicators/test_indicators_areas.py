"""Areas: district ids, the focus area and the city, and their German labels."""

from __future__ import annotations

import pandas as pd

from ankunft.core import reference
from ankunft.core.names import district_label
from ankunft.indicators import areas as A


def test_area_label():
    assert A.area_label(None) == "Stadt Kaiserslautern"
    assert A.area_label(["09"]) == "Bezirk 09 Kaiserslautern-West (mit Nordwest)"
    assert A.area_label(["01"]) == "01 Innenstadt-Ost"
    assert A.area_label(["9", "08"]) == "Fokusgebiet (08, 09)"


def test_district_ids_from_names():
    df = pd.DataFrame({"district_id": [None, "9", None], "district": ["Kotten", None, "Nirgendwo"]})
    assert A.district_ids_of(df).tolist()[:2] == ["03", "09"]
    assert pd.isna(A.district_ids_of(df).iloc[2])


def test_district_name_is_the_one_district_label_for_known_districts():
    for did in reference.DISTRICT_NAMES:
        assert A.district_name(did) == district_label(did) == f"{did} {reference.DISTRICT_NAMES[did]}"
        assert A.area_label([did]) == (reference.FOCUS_LABEL_DEFAULT if (did,) == reference.FOCUS_DEFAULT
                                       else district_label(did))
    assert A.district_name("99") == "Stadtteil 99"  # unknown id: not a bare number
    assert A.area_label(["99"]) == "Stadtteil 99"
    assert A.district_names(pd.Series(["01", None, "99"])).tolist()[::2] == ["01 Innenstadt-Ost", "Stadtteil 99"]


def test_normalise_ids():
    assert A.normalise_ids(None) is None
    assert A.normalise_ids(["9", "09", "Kotten", "xyz"]) == ["03", "09", "xyz"]


def test_select_districts_and_area_list():
    df = pd.DataFrame({"district_id": ["01", "9", "03"], "n": [1, 2, 3]})
    assert A.select_districts(df, None) is df
    assert A.select_districts(df, ["09", "03"])["n"].tolist() == [2, 3]
    rows = A.area_list(["09", "01", None, "01"], ["08", "09"])
    assert [(r[0], r[2], r[3]) for r in rows] == [
        ("01", A.LEVEL_DISTRICT, ["01"]), ("09", A.LEVEL_DISTRICT, ["09"]),
        (A.FOCUS_ID, A.LEVEL_FOCUS, ["08", "09"]), (A.CITY_ID, A.LEVEL_CITY, None)]
    assert [r[1] for r in rows] == ["01 Innenstadt-Ost", "09 " + reference.DISTRICT_NAMES["09"],
                                    "Fokusgebiet (08, 09)", A.CITY_LABEL]
    assert [r[0] for r in A.area_list([], None)] == [A.CITY_ID]
