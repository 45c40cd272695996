"""The one palette: a calm municipal look, colour-blind-safe categories, flag colours.

The same thing has the same colour on every page and in every export.
"""

from __future__ import annotations

ACCENT = "#005A9C"  # municipal blue
ACCENT_LIGHT = "#9EC3E6"
TEXT = "#1F2933"
GREY = "#6B7280"
GREY_LIGHT = "#D1D5DB"
GREY_BG = "#F3F4F6"
BACKGROUND = "#FFFFFF"

# Okabe–Ito (colour-blind safe), in a fixed order.
OKABE_ITO = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000")

# Flags: red/amber/green — always shown with a text label as well.
FLAG = {"rot": "#C0392B", "gelb": "#E1A100", "gruen": "#2E8B57"}
FLAG_LABEL = {"rot": "kritisch", "gelb": "beobachten", "gruen": "in Ordnung"}

# Fixed colours for recurring categories, so a category looks the same everywhere.
CATEGORY_COLOURS: dict[str, str] = {
    # length-of-stay bands
    "< 1 Jahr": "#56B4E9",
    "1–3 Jahre": "#0072B2",
    "3–5 Jahre": "#E69F00",
    "> 5 Jahre": "#D55E00",
    # groups
    "unterzubringen": "#0072B2",
    "auszugsberechtigt": "#E69F00",
    # age bands
    "Kinder 0–5": "#CC79A7",
    "Kinder 6–17": "#009E73",
    "Erwachsene": "#0072B2",
    # services
    "Kita": "#CC79A7",
    "Grundschule": "#009E73",
    "weiterführende Schule": "#56B4E9",
    "Beratung": "#E69F00",
    "Quartiersbüro": "#D55E00",
    "Bürgerbüro": "#0072B2",
    "Sprachkurs": "#F0E442",
    "Jugendtreff": "#000000",
    "Gesundheit": "#6B7280",
    # measures
    "Plätze": GREY_LIGHT,
    "Belegung": ACCENT,
    "Bedarf": "#E69F00",
    "Fehlbedarf": "#C0392B",
    "offen": "#D55E00",
    "behoben": "#009E73",
    "Zugänge": "#0072B2",
    "Abgänge": "#E69F00",
}

# Arrival scenario variants
VARIANT_COLOURS = {"niedrig": "#56B4E9", "mittel": "#0072B2", "hoch": "#D55E00"}

# Sequential scale for choropleth maps (light = low, dark = high), ending near the accent.
SEQUENTIAL = ("#DCEAF6", "#9EC3E6", "#5B9BD5", "#005A9C", "#003A66")


def colour_for(category: str, index: int = 0) -> str:
    """Fixed colour of a known category, otherwise the index-th Okabe–Ito colour."""
    return CATEGORY_COLOURS.get(category, OKABE_ITO[index % len(OKABE_ITO)])


def colour_map(categories) -> dict[str, str]:
    """Stable colour per category: known ones fixed, unknown ones by sorted order."""
    out: dict[str, str] = {}
    unknown = sorted(c for c in {str(c) for c in categories} if c not in CATEGORY_COLOURS)
    for c in categories:
        c = str(c)
        out[c] = CATEGORY_COLOURS[c] if c in CATEGORY_COLOURS else OKABE_ITO[unknown.index(c) % len(OKABE_ITO)]
    return out


def utilisation_colour(ratio: float | None) -> str:
    """Flag colour for a utilisation ratio (≥ 100 % red, ≥ 95 % amber, else green)."""
    if ratio is None or ratio != ratio:
        return GREY
    if ratio >= 1.0:
        return FLAG["rot"]
    if ratio >= 0.95:
        return FLAG["gelb"]
    return FLAG["gruen"]


def hex_to_rgb(hex_colour: str, alpha: int | None = None) -> list[int]:
    h = hex_colour.lstrip("#")
    rgb = [int(h[i:i + 2], 16) for i in (0, 2, 4)]
    return rgb + [alpha] if alpha is not None else rgb
