"""Names: the one key for matching accommodation names, and the one German label of a district.

Pure text functions (no pandas at import time): the import pipeline, the indicators, the scenario
inputs and every view use these instead of their own copies.
"""

from __future__ import annotations

import re
import unicodedata

from ankunft.core import reference

# Abbreviations in accommodation names ("Ehem. Hauptpost", "Hauptstr. 3").
NAME_ALIASES: dict[str, str] = {
    "ehem": "ehemalige", "ehemals": "ehemalige", "ehemaliger": "ehemalige", "ehemaliges": "ehemalige",
    "ehemaligen": "ehemalige", "ehm": "ehemalige",
    "str": "strasse", "strasze": "strasse",
    "st": "sankt", "hl": "heilige",
    "kl": "kaiserslautern", "ks": "kaiserslautern",
    "geb": "gebaeude", "bldg": "gebaeude",
    "whg": "wohnung", "whs": "wohnheim",
    "nr": "",
}
# Type words that do not distinguish accommodations ("GU Hauptpost" = "Hauptpost").
NAME_NOISE = {"gu", "nu", "gemeinschaftsunterkunft", "notunterkunft", "unterkunft", "fluechtlingsunterkunft",
              "asylunterkunft", "asylbewerberheim", "die", "der", "das", "im", "in", "am", "an"}


def _fold(text: str) -> str:
    s = str(text).lower().replace("ß", "ss").replace("ä", "ae").replace("ö", "oe").replace("ü", "ue")
    s = unicodedata.normalize("NFKD", s)
    return "".join(c for c in s if not unicodedata.combining(c))


def name_key(name: object) -> str:
    """Normalised accommodation name for matching ("Ehem. Hauptpost" -> "ehemaligehauptpost")."""
    if name is None or (isinstance(name, float) and name != name) or type(name).__name__ == "NAType":
        return ""
    tokens = [t for t in re.split(r"[^a-z0-9]+", _fold(name)) if t]
    out = []
    for t in tokens:
        t = NAME_ALIASES.get(t, t)
        if t.endswith("str") and len(t) > 3:
            t = t[:-3] + "strasse"
        if t:
            out.append(t)
    kept = [t for t in out if t not in NAME_NOISE]
    return "".join(kept or out)


def district_label(did: object) -> str:
    """"09 Innenstadt-West" for a known district id, the id itself otherwise, "–" for none."""
    if did is None or (isinstance(did, float) and did != did) or type(did).__name__ == "NAType":
        return "–"
    text = str(did).strip()
    if not text:
        return "–"
    name = reference.DISTRICT_NAMES.get(text)
    return f"{text} {name}" if name else text
