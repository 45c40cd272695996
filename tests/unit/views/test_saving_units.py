"""The scenario's saving always carries its unit (issue #17): the tile showed −3,0 / 0,11 / 0,00 with
the unit only in the label. Tile, comparison table and the proposal table now read `−3,0 Mio. €`,
`110.000 €`, `0 €` – checked on generated amounts, the value read back from the text."""

from __future__ import annotations

import re
from types import SimpleNamespace

from hypothesis import given
from hypothesis import strategies as st

from ankunft.views import scenario_view as sv

MONEY = re.compile(r"^(?P<sign>[−+]?)(?P<num>\d{1,3}(?:\.\d{3})*(?:,\d)?)\u00a0(?P<unit>Mio\.\u00a0€|€)$")
AMOUNTS = st.floats(-5e7, 5e7, allow_nan=False)


def _value(text: str) -> float:
    m = MONEY.match(text)
    assert m is not None, repr(text)
    number = float(m["num"].replace(".", "").replace(",", "."))
    number *= 1e6 if m["unit"].startswith("Mio") else 1
    return -number if m["sign"] == "−" else number


class _Result(SimpleNamespace):
    T = 12

    def key_figures(self):
        return {"capacity_end": 100.0, "max_shortfall_target": 0.0, "extra_flats_per_month": 0.0,
                "transfers_total": 0.0, "saving_total": self.saving}

    def month_label(self, t):
        return "Sept. 2027"


@given(AMOUNTS)
def test_saving_tile_has_a_unit_and_reads_back(saving):
    tile = {t.key: t for t in sv._tiles(_Result(saving=saving), _Result(saving=0.0))}["saving"]
    assert "€" not in tile.label  # the unit is in the value, not only in the label
    got = _value(tile.value_text)
    assert abs(got - saving) <= (50_000 if abs(saving) >= 1e6 else 0.5) + 1e-6, (saving, tile.value_text)
    assert "-" not in tile.value_text  # typographic minus


@given(AMOUNTS)
def test_comparison_rows_of_money_have_a_unit(amount):
    for key in sv.MONEY_KEYS:
        text = sv.figure_text(key, amount)
        assert abs(_value(text) - amount) <= (50_000 if abs(amount) >= 1e6 else 0.5) + 1e-6, (key, text)
