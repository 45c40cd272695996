"""A small, format-neutral report model that the PowerPoint, Excel and HTML renderers share.

The caller (the Bericht page) assembles a `Report` from the dashboards' indicator functions;
every number and sentence in it is already computed (and, in council mode, already passed
through disclosure control). The renderers only lay it out.

Number formats are Excel format codes in their invariant (English) spelling, as stored in
OOXML: `#,##0`, `#,##0.0`, `0.0%`, `#,##0 "€"`. Excel and PowerPoint display them with the
reader's locale (German: `1.234`, `12,5 %`); `format_number` renders them as German text for
the places that need text (tables on slides, HTML, legends).
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass, field
from typing import NamedTuple

import pandas as pd

from ankunft.core import fmt, palette
from ankunft.disclosure.config import HIDDEN_MARKER

CHART_KINDS = ("bar", "stacked_bar", "line", "pie", "barh")
DEFAULT_NUMBER_FORMAT = "#,##0"
COUNCIL_NOTE = "Ratsfassung: kleine Fallzahlen sind zum Schutz der Bewohnerinnen und Bewohner unterdrückt."
MISSING_COLOUR = palette.GREY_LIGHT
ZERO_COLOUR = palette.BACKGROUND  # the class of 0: white, outlined like every district
MAP_OUTLINE = palette.GREY  # district borders (a white 0 class stays visible)
HIDDEN_MARK = HIDDEN_MARKER  # a hidden district on a council map
PER_1000 = "je 1.000 Einw."  # the unit of a count of people per district


@dataclass(frozen=True)
class Kpi:
    """One tile: label, the value as German text, the change since the previous Stichtag."""

    label: str
    value_text: str
    change_text: str = ""


class Series(NamedTuple):
    """One chart series: name, one value per category (None = no value), colour as `#RRGGBB`."""

    name: str
    values: list
    colour: str


@dataclass
class ChartSpec:
    kind: str
    categories: list[str]
    series: list[Series]
    y_title: str = ""
    number_format: str = DEFAULT_NUMBER_FORMAT
    # Pie charts colour categories, not series: one colour per category (default: the palette's).
    category_colours: list[str] | None = None

    def __post_init__(self) -> None:
        if self.kind not in CHART_KINDS:
            raise ValueError(f"Unbekannter Diagrammtyp {self.kind!r}; erlaubt: {', '.join(CHART_KINDS)}")
        self.categories = [str(c) for c in self.categories]
        self.series = [Series(str(s[0]), [_as_float(v) for v in s[1]], str(s[2])) for s in self.series]
        for s in self.series:
            if len(s.values) != len(self.categories):
                raise ValueError(f"Reihe {s.name!r} hat {len(s.values)} Werte für {len(self.categories)} Kategorien")
        if self.kind == "pie" and len(self.series) != 1:
            raise ValueError("Ein Kreisdiagramm hat genau eine Reihe")

    def colours_for_categories(self) -> list[str]:
        if self.category_colours and len(self.category_colours) == len(self.categories):
            return list(self.category_colours)
        cmap = palette.colour_map(self.categories)
        return [cmap[c] for c in self.categories]


class MapClass(NamedTuple):
    """One legend class: `lower` ≤ v < `upper` (`lower` < v when `exclusive_lower`; v == `lower` when
    `lower` == `upper`, the class of 0). None: open below / above."""

    lower: float | None
    upper: float | None
    colour: str
    label: str
    exclusive_lower: bool = False

    def contains(self, value: float) -> bool:
        if self.lower is not None and self.upper is not None and self.lower == self.upper:
            return value == self.lower
        if self.lower is not None and (value <= self.lower if self.exclusive_lower else value < self.lower):
            return False
        return self.upper is None or value < self.upper


class MapDistrict(NamedTuple):
    """One district to draw: its feature and rings, id, name, value (None: none) and fill colour."""

    feature: dict
    rings: list
    district_id: str
    name: str
    value: float | None
    colour: str


def short_name(name: str) -> str:
    """A district's name up to "/" or "(" ("Innenstadt West/Kotten" → "Innenstadt West") for maps."""
    return re.split(r"\s*[/(]", str(name))[0].strip()


@dataclass
class MapSpec:
    """District choropleth: GeoJSON polygons (properties `district_id`, `name`), a value per
    district_id (None = no value / hidden), a sequential colour scale, optional points.

    `unit` is said in the legend ("je 1.000 Einw."); a value of exactly 0 gets its own class
    (`zero_class`); `council` maps show names and classes only, never a district's exact figure, and
    mark a hidden district with "•" at its name."""

    polygons: dict
    values: dict[str, float | None]
    legend_title: str
    colours: tuple[str, ...] = palette.SEQUENTIAL
    number_format: str = DEFAULT_NUMBER_FORMAT
    points: list[tuple[float, float, str, float]] = field(default_factory=list)  # (lat, lon, label, size)
    points_label: str = ""  # legend text for the points, e.g. "Unterkünfte (Größe: Plätze)"
    breaks: list[float] | None = None  # inner class limits, ascending; None = computed
    missing_label: str = "keine Angabe"
    unit: str = ""
    zero_class: bool = True
    council: bool = False

    def __post_init__(self) -> None:
        self.values = {str(k): _as_float(v) for k, v in self.values.items()}

    def features(self) -> list[dict]:
        return list(self.polygons.get("features", []))

    @property
    def legend_heading(self) -> str:
        """The legend's title with the unit: `Menschen in Unterkünften je 1.000 Einw.`."""
        return f"{self.legend_title} {self.unit}".strip()

    def classes(self) -> list[MapClass]:
        """The legend classes: `keine (0)` alone (when a value is 0), then `unter b1` (`über 0 bis unter b1`
        after the 0 class), `b1 bis unter b2`, …, `bk und mehr`."""
        present = sorted(v for v in self.values.values() if v is not None)
        if not present:
            return []
        zero = self.zero_class and present[0] == 0
        out = [MapClass(0.0, 0.0, ZERO_COLOUR, f"keine ({format_number(0.0, self.class_format([]))})")] if zero else []
        rest = [v for v in present if v != 0] if zero else present
        if not rest:
            return out
        given = sorted(set(self.breaks)) if self.breaks is not None else None
        breaks = given if given is not None else nice_breaks(rest, len(self.colours))
        floor = 0.0 if zero else None
        breaks = [b for b in breaks if floor is None or b > floor]
        colours = spread(self.colours, len(breaks) + 1)
        number_format = self.class_format(breaks)
        if not breaks:
            text = format_number(rest[0], self.number_format)
            if rest[0] != rest[-1]:
                text = f"{text} bis {format_number(rest[-1], self.number_format)}"
            return out + [MapClass(floor, None, colours[0], text, exclusive_lower=zero)]
        for i in range(len(breaks) + 1):
            lo = breaks[i - 1] if i > 0 else floor
            hi = breaks[i] if i < len(breaks) else None
            lo_text = format_number(lo, number_format) if lo is not None else ""
            hi_text = format_number(hi, number_format) if hi is not None else ""
            if lo is None:
                label = f"unter {hi_text}"
            elif hi is None:
                label = f"{lo_text} und mehr"
            elif i == 0:
                label = f"über {lo_text} bis unter {hi_text}"
            else:
                label = f"{lo_text} bis unter {hi_text}"
            out.append(MapClass(lo, hi, colours[i], label, exclusive_lower=i == 0 and zero))
        return out

    def class_format(self, breaks: list[float]) -> str:
        """The number format of class limits: without decimals when every limit is whole (`20 bis
        unter 40`, not `20,0 bis unter 40,0`); percentages as they are."""
        if is_percent(self.number_format) or any(b != round(b) for b in breaks):
            return self.number_format
        numeric, suffix = _split_format(self.number_format)
        return ("#,##0" if "," in numeric else "0") + suffix

    def class_of(self, value: float | None, classes: list[MapClass] | None = None) -> MapClass | None:
        if value is None:
            return None
        return next((c for c in (classes if classes is not None else self.classes()) if c.contains(value)), None)

    def colour_of(self, value: float | None, classes: list[MapClass] | None = None) -> str:
        c = self.class_of(value, classes)
        return c.colour if c is not None else MISSING_COLOUR

    def has_missing(self) -> bool:
        ids = {str(f.get("properties", {}).get("district_id")) for f in self.features()}
        return any(self.values.get(i) is None for i in ids)

    def value_text(self, value: float | None, classes: list[MapClass] | None = None) -> str:
        """A district's figure as a map may say it: the number, in council mode only its class."""
        if value is None:
            return f"{HIDDEN_MARK} {self.missing_label}" if self.council else self.missing_label
        if self.council:
            c = self.class_of(value, classes)
            return c.label if c is not None else fmt.MISSING
        return format_number(value, self.number_format)

    def label_lines(self, district: MapDistrict) -> list[str]:
        """The text on the map at a district: its (short) name, below it the value (not in council
        mode: there the colour says the class); a hidden district's name carries the "•"."""
        name = short_name(district.name) or district.district_id
        if district.value is None:
            return [f"{name} {HIDDEN_MARK}"] if self.council else [name]
        if self.council:
            return [name]
        value = district.value
        return [name, format_number(value, self.class_format([]) if value == 0 else self.number_format)]

    def legend_entries(self, classes: list[MapClass] | None = None) -> list[tuple[str, str]]:
        """(colour, text) of every legend entry: the classes, then the hidden/missing class."""
        entries = [(c.colour, c.label) for c in (classes if classes is not None else self.classes())]
        if self.has_missing():
            entries.append((MISSING_COLOUR, f"{HIDDEN_MARK} {self.missing_label}" if self.council
                            else self.missing_label))
        return entries

    def districts(self, classes: list[MapClass] | None = None) -> list[MapDistrict]:
        """The districts to draw (features with at least one ring), coloured by class."""
        classes = classes if classes is not None else self.classes()
        out = []
        for feature in self.features():
            rings = feature_rings(feature)
            if not rings:
                continue
            props = feature.get("properties", {})
            did = str(props.get("district_id", ""))
            value = self.values.get(did)
            out.append(MapDistrict(feature, rings, did, str(props.get("name", "")), value,
                                   self.colour_of(value, classes)))
        return out


def label_colour(fill: str) -> str:
    """Text colour on a fill: the background colour on a dark fill, the text colour on a light one."""
    r, g, b = palette.hex_to_rgb(fill)
    return palette.BACKGROUND if 0.299 * r + 0.587 * g + 0.114 * b < 140 else palette.TEXT


@dataclass
class Section:
    key: str
    title: str
    headline: str = ""
    kpis: list[Kpi] = field(default_factory=list)
    chart: ChartSpec | None = None
    map: MapSpec | None = None
    table: pd.DataFrame | None = None
    notes: str = ""
    source: str = ""
    stichtag: dt.date | None = None
    filters: str = ""
    # Excel number format per numeric table column; columns not listed get one by inference.
    table_formats: dict[str, str] = field(default_factory=dict)
    # a compact table beside the chart on the slide (the scenario's earliest closure months)
    side_table: pd.DataFrame | None = None

    def has_table(self) -> bool:
        return self.table is not None and len(self.table.columns) > 0

    def caption(self) -> str:
        """`Quelle: Sozialamt · Stichtag 30.09.2026 · Filter: keine`."""
        parts = []
        if self.source:
            parts.append(f"Quelle: {self.source}")
        if self.stichtag is not None:
            parts.append(f"Stichtag {fmt.date(self.stichtag)}")
        parts.append(f"Filter: {self.filters}" if self.filters else "Filter: keine")
        return " · ".join(parts)


@dataclass
class Report:
    title: str
    city: str
    stand: dt.date
    author: str = ""
    sections: list[Section] = field(default_factory=list)
    stamp: str = ""
    council: bool = False
    threshold_line: str = ""  # council: "Kleine Fallzahlen (1–2) ausgeblendet, Stand …" in every footer
    assumptions: list[tuple[str, str]] = field(default_factory=list)
    sources: list[tuple[str, str, dt.date | None]] = field(default_factory=list)
    # Tiles of the overview; empty = the first KPI of each section (at most eight).
    kpis: list[Kpi] = field(default_factory=list)
    # Handlungsbedarf (views.report_findings.Finding), most urgent first; the "findings" section's slide
    findings: list = field(default_factory=list)

    def overview_kpis(self) -> list[Kpi]:
        if self.kpis:
            return list(self.kpis)
        return [s.kpis[0] for s in self.sections if s.kpis][:8]

    def offices(self) -> list[str]:
        """Distinct source offices in order of appearance (sources list first, then sections)."""
        seen: list[str] = []
        for entry in [s[1] for s in self.sources] + [s.source for s in self.sections]:
            for office in (entry or "").split(", "):  # a section may name several offices in one source
                if office.strip() and office.strip() not in seen:
                    seen.append(office.strip())
        return seen

    def caption(self) -> str:
        """Footer of slides that are not one section: offices and Stand."""
        offices = self.offices()
        head = f"Quellen: {', '.join(offices)} · " if offices else ""
        return f"{head}Stand {fmt.date(self.stand)}"

    def subtitle(self) -> str:
        return f"{self.city} · Stand {fmt.date(self.stand)}"

    def notes_for(self, section: Section) -> str:
        """Speaker notes: the caller's explanation, the assumptions, the source line."""
        parts = [section.notes.strip()] if section.notes.strip() else []
        if self.assumptions:
            parts.append("Annahmen:\n" + "\n".join(f"• {label}: {value}" for label, value in self.assumptions))
        parts.append(section.caption())
        if self.stamp:
            parts.append(self.stamp)
        return "\n\n".join(parts)


def file_name(report: Report, extension: str) -> str:
    """`Bericht_Kaiserslautern_Stand_2026-09-30.pptx` (`_Rat` added in council mode)."""
    city = re.sub(r"[^0-9A-Za-zÄÖÜäöüß]+", "-", report.city).strip("-") or "Stadt"
    council = "_Rat" if report.council else ""
    return f"Bericht_{city}_Stand_{report.stand.isoformat()}{council}.{extension.lstrip('.')}"


# ---------------------------------------------------------------------------------------------
# numbers


def _as_float(v) -> float | None:
    if v is None or v is pd.NA:
        return None
    try:
        if pd.isna(v):
            return None
    except (TypeError, ValueError):
        pass
    f = float(v)
    return None if math.isinf(f) else f


def _split_format(number_format: str) -> tuple[str, str]:
    m = re.match(r"^[#0,.]*", number_format)
    numeric = m.group(0) if m else ""
    return numeric, number_format[len(numeric):]


def format_decimals(number_format: str) -> int:
    numeric, _ = _split_format(number_format)
    return len(numeric.split(".", 1)[1]) if "." in numeric else 0


def is_percent(number_format: str) -> bool:
    return _split_format(number_format)[1].replace('"', "").strip() == "%"


def format_suffix(number_format: str) -> str:
    """The literal text after the number (`'\u00a0€'` for `#,##0 "€"`), `'\u00a0%'` for percentages:
    the space before a unit is non-breaking, as `fmt` writes it."""
    rest = _split_format(number_format)[1]
    if is_percent(number_format):
        return fmt.with_unit("", "%")
    text = rest.replace('"', "").replace("\\", "")
    return fmt.with_unit("", text.strip()) if text[:1].isspace() else text


def format_number(x, number_format: str = DEFAULT_NUMBER_FORMAT) -> str:
    """A number as German text following an Excel format code (`#,##0.0` → `1.234,5`)."""
    if fmt.is_missing(x):
        return fmt.MISSING
    numeric, _ = _split_format(number_format)
    decimals = format_decimals(number_format)
    if is_percent(number_format):
        return fmt.pct(float(x), decimals)
    text = fmt.num(float(x), decimals)
    if text != fmt.MISSING and "," not in numeric:
        text = text.replace(".", "")
    return text + format_suffix(number_format)


def infer_format(values: pd.Series) -> str | None:
    """Excel format for a numeric column (`#,##0` when all values are whole, else `#,##0.0`);
    None for text, dates and booleans."""
    if pd.api.types.is_bool_dtype(values) or not pd.api.types.is_numeric_dtype(values):
        return None
    present = pd.to_numeric(values, errors="coerce").dropna()
    if len(present) and not (present == present.round()).all():
        return "#,##0.0"
    return DEFAULT_NUMBER_FORMAT


def column_formats(section: Section) -> dict[str, str]:
    """Number format of every numeric table column (given ones win over inferred ones)."""
    if not section.has_table():
        return {}
    out: dict[str, str] = {}
    for col in section.table.columns:
        given = section.table_formats.get(str(col))
        inferred = infer_format(section.table[col])
        if given or inferred:
            out[str(col)] = given or inferred
    return out


def cell_text(value, number_format: str | None = None) -> str:
    """Display text of one table cell: German numbers, dates, ja/nein, `–` for missing."""
    if isinstance(value, str):
        return value
    if fmt.is_missing(value):
        return fmt.MISSING
    if isinstance(value, bool):
        return "ja" if value else "nein"
    if isinstance(value, (pd.Timestamp, dt.date)):
        return fmt.date(value)
    if isinstance(value, (int, float)) or pd.api.types.is_number(value):
        return format_number(value, number_format or infer_format(pd.Series([value])) or DEFAULT_NUMBER_FORMAT)
    return str(value)


def nice_step(raw: float) -> float:
    """The smallest of 1, 2, 2.5, 5 × 10^n that is ≥ raw."""
    if raw <= 0:
        return 1.0
    exp = math.floor(math.log10(raw))
    for m in (1, 2, 2.5, 5, 10):
        step = m * 10 ** exp
        if step >= raw * (1 - 1e-9):
            return step
    return 10 ** (exp + 1)


def nice_breaks(values: list[float], n_classes: int) -> list[float]:
    """Inner class limits with round steps so that `n_classes` classes span the values."""
    lo, hi = min(values), max(values)
    distinct = len(set(values))
    k = max(1, min(n_classes, distinct))
    if k == 1:
        return []
    step = nice_step((hi - lo) / k)
    start = math.floor(lo / step) * step
    # round away float noise (0.30000000000000004) – at the step's own scale, so tiny steps keep their limits
    digits = max(10, 6 - math.floor(math.log10(step))) if step > 0 else 10
    breaks = sorted({round(start + step * i, digits) for i in range(1, k)})
    # drop limits above the maximum (they would only create empty top classes)
    while len(breaks) > 1 and breaks[-1] > hi:
        breaks.pop()
    return breaks


def spread(colours, n: int) -> list[str]:
    """n colours picked evenly from a sequential scale (both ends included)."""
    colours = list(colours)
    if n <= 1:
        return [colours[len(colours) // 2]]
    if n >= len(colours):
        return [colours[min(i, len(colours) - 1)] for i in range(n)]
    return [colours[round(i * (len(colours) - 1) / (n - 1))] for i in range(n)]


# ---------------------------------------------------------------------------------------------
# geometry shared by the native PowerPoint map and the HTML map


def feature_rings(feature: dict) -> list[list[tuple[float, float]]]:
    """Outer rings (lon, lat) of a Polygon or MultiPolygon feature (holes are ignored)."""
    geom = feature.get("geometry") or {}
    coords = geom.get("coordinates") or []
    if geom.get("type") == "Polygon":
        polys = [coords]
    elif geom.get("type") == "MultiPolygon":
        polys = coords
    else:
        return []
    return [[(float(p[0]), float(p[1])) for p in poly[0]] for poly in polys if poly and len(poly[0]) >= 3]


def ring_centroid(ring: list[tuple[float, float]]) -> tuple[float, float]:
    """Area centroid (lon, lat) of a ring; the vertex mean for degenerate rings."""
    a = cx = cy = 0.0
    n = len(ring)
    for i in range(n):
        x0, y0 = ring[i]
        x1, y1 = ring[(i + 1) % n]
        cross = x0 * y1 - x1 * y0
        a += cross
        cx += (x0 + x1) * cross
        cy += (y0 + y1) * cross
    if abs(a) < 1e-15:
        return (sum(p[0] for p in ring) / n, sum(p[1] for p in ring) / n)
    return (cx / (3 * a), cy / (3 * a))


def ring_area(ring: list[tuple[float, float]]) -> float:
    n = len(ring)
    return abs(sum(ring[i][0] * ring[(i + 1) % n][1] - ring[(i + 1) % n][0] * ring[i][1] for i in range(n))) / 2


def feature_label_point(feature: dict) -> tuple[float, float] | None:
    """Centroid of the largest ring (lon, lat)."""
    rings = feature_rings(feature)
    if not rings:
        return None
    return ring_centroid(max(rings, key=ring_area))


def bounds(spec: MapSpec) -> tuple[float, float, float, float] | None:
    """(min_lon, min_lat, max_lon, max_lat) over polygons and points."""
    lons, lats = [], []
    for f in spec.features():
        for ring in feature_rings(f):
            lons += [p[0] for p in ring]
            lats += [p[1] for p in ring]
    for lat, lon, *_ in spec.points:
        lons.append(float(lon))
        lats.append(float(lat))
    if not lons:
        return None
    return min(lons), min(lats), max(lons), max(lats)
