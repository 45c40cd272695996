"""Deterministic synthetic demo exports ("Synthetische Beispieldaten") → ``data/demo/``.

The files look like real office exports (title rows, German headers worded differently per
file, German dates as text mixed with date cells and Excel serial numbers, decimal commas, a sum
row, footnotes, a notes sheet, district names in the city's variants), so loading the demo runs
the real import pipeline. Facts come from ``ankunft.core.reference`` (copied from the public
reference); everything else is invented and marked as synthetic in every workbook.

:func:`build` returns the synthetic truth as canonical frames (used by the tests);
:func:`generate` writes the workbooks. The parts: ``common`` (seed, Stichtage), ``people``
(accommodations and residents), ``places`` (housing, services, districts) and ``workbooks``
(writing the exports).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from ankunft.storage.base import DEMO_DIR
from ankunft.storage.demo.common import (
    CITY_HEAD,
    DEFAULT_SEED,
    DISTRICTS_EARLIER,
    DISTRICTS_STAND,
    EARLIER,
    STICHTAG,
    SYNTHETIC,
)
from ankunft.storage.demo.people import (
    ACCOMMODATIONS,
    STATUS_BY_NATIONALITY,
    accommodation_frame,
    build_residents,
    earlier_residents,
    roster,
)
from ankunft.storage.demo.places import KITA_PLACES_TOTAL, build_districts, build_housing, build_services
from ankunft.storage.demo.workbooks import write_districts, write_housing, write_services, write_sozialamt

__all__ = [
    "ACCOMMODATIONS", "CITY_HEAD", "DEFAULT_SEED", "DEMO_DIR", "DISTRICTS_EARLIER", "DISTRICTS_STAND", "EARLIER",
    "FILES", "KITA_PLACES_TOTAL", "STATUS_BY_NATIONALITY", "STICHTAG", "SYNTHETIC", "DemoData", "build",
    "generate", "roster",
]


@dataclass
class DemoData:
    """The synthetic truth, as canonical frames per dataset and Stichtag."""

    accommodations: pd.DataFrame
    accommodations_earlier: pd.DataFrame
    residents: pd.DataFrame  # all stays as known at STICHTAG
    residents_earlier: pd.DataFrame  # the export at EARLIER
    housing: pd.DataFrame
    services: pd.DataFrame
    districts: pd.DataFrame
    districts_earlier: pd.DataFrame
    extras: dict = field(default_factory=dict)


def build(seed: int = DEFAULT_SEED) -> DemoData:
    """The synthetic truth (canonical frames). Deterministic for a seed."""
    rng = np.random.default_rng(seed)
    residents = build_residents(rng)
    districts = build_districts(np.random.default_rng(seed + 1), earlier=False)
    districts_earlier = build_districts(np.random.default_rng(seed + 2), earlier=True)
    return DemoData(
        accommodations=accommodation_frame(residents, STICHTAG),
        accommodations_earlier=accommodation_frame(residents, EARLIER),
        residents=residents,
        residents_earlier=earlier_residents(residents),
        housing=build_housing(np.random.default_rng(seed + 3)),
        services=build_services(np.random.default_rng(seed + 4), districts),
        districts=districts,
        districts_earlier=districts_earlier,
    )


FILES = {
    "sozialamt": "Sozialamt_Unterbringung_2026-09-30.xlsx",
    "sozialamt_earlier": "Sozialamt_Unterbringung_2026-03-31.xlsx",
    "housing": "Wohnungsaufsicht_Begehungen_2026-09-30.xlsx",
    "services": "Jugendamt_Schulverwaltung_Einrichtungen_2026-09-30.xlsx",
    "districts": "Statistik_Stadtteile_2026-06-30.xlsx",
    "districts_earlier": "Statistik_Stadtteile_2025-12-31.xlsx",
}


def generate(out_dir: Path | str | None = None, seed: int = DEFAULT_SEED) -> list[Path]:
    """Write the demo exports (deterministic for a seed); returns the file paths."""
    out = Path(out_dir) if out_dir else DEMO_DIR
    out.mkdir(parents=True, exist_ok=True)
    data = build(seed)
    rng = np.random.default_rng(seed + 10)
    paths = {k: out / v for k, v in FILES.items()}
    write_sozialamt(paths["sozialamt"], data.accommodations, data.residents, STICHTAG, rng, 0)
    write_sozialamt(paths["sozialamt_earlier"], data.accommodations_earlier, data.residents_earlier, EARLIER, rng, 1)
    write_housing(paths["housing"], data.housing, STICHTAG, rng)
    write_services(paths["services"], data.services, STICHTAG, rng)
    write_districts(paths["districts"], data.districts, DISTRICTS_STAND, rng)
    write_districts(paths["districts_earlier"], data.districts_earlier, DISTRICTS_EARLIER, rng)
    return list(paths.values())
