"""Places against the floor area: the planning standard for shared accommodation
(``STANDARDS.m2_per_person_accommodation`` m² a person) set against the places the planner fills.

The planner fills an accommodation up to its places (the place count of the accommodations list);
:func:`area_notes` names, in the start notes, every accommodation whose floor area allows fewer
persons than it has places, so that a plan that fills those places does not go unsaid.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ankunft.core import fmt
from ankunft.core.reference import STANDARDS

NAMED = 10  # accommodations named in the note (the rest counted)


def persons_by_area(area: pd.Series, per_person: float = STANDARDS.m2_per_person_accommodation) -> np.ndarray:
    """Persons the floor area allows by the standard (NaN where the area is unknown)."""
    a = pd.to_numeric(area, errors="coerce").to_numpy(dtype="float64")
    return np.floor(a / per_person + 1e-9)


def area_notes(area: pd.Series, capacity: pd.Series, names: pd.Series, closed: pd.Series,
               per_person: float = STANDARDS.m2_per_person_accommodation) -> list[str]:
    """One German note naming the accommodations (not closed) with more places than persons their
    floor area allows by the standard, e.g. "„Kaserne“: 30 Plätze, Fläche (140,0 m²) für 20 Personen"."""
    allowed = persons_by_area(area, per_person)
    places = capacity.to_numpy(dtype="float64")
    short = np.flatnonzero(np.isfinite(allowed) & (places > allowed) & ~closed.to_numpy(dtype=bool))
    if not len(short):
        return []
    area_values = pd.to_numeric(area, errors="coerce").to_numpy(dtype="float64")
    items = [(f"„{names.iat[j]}“: {fmt.plural(places[j], 'Platz', 'Plätze')}, Fläche ({fmt.m2(area_values[j])}) "
              f"für {fmt.plural(allowed[j], 'Person', 'Personen')}") for j in short[:NAMED]]
    more = f" und {fmt.integer(len(short) - NAMED)} weitere" if len(short) > NAMED else ""
    return [(f"Weniger Fläche als Plätze (Planungsstandard {fmt.m2(per_person)} je Person): {'; '.join(items)}"
             f"{more}. Die Planung belegt die angegebenen Plätze – bitte die Platzzahl prüfen oder die Unterkunft "
             "nicht voll belegen.")]
