"""Every number of council mode mapped to the Ratsfassung **by name** (issue 15, the cross-view adversary).

The byte readers (:mod:`tests.audit.export_readers`) give each number with where it stands: the table
or chart (slide, sheet, figure), the row label, the column or series label, the whole row (for a KPI
row: the section, the KPI's label, its value, its change) or the whole sentence it stands in. This
module decides *what the number is*, from those names alone, and then checks it against that cell:

- a **Ratsfassung cell** ``(Stand, table, row, column)``: the quantity comes from a label
  (:data:`QUANTITIES`: "Belegung", "Bewohner gesamt", "Mit offenen Mängeln", a length-of-stay band …),
  the row from another (an accommodation's name, a district, "Gesamt", the focus area, a defect type,
  a band), the Stand from a date label ("Stand 31.03.2026", "März 2026"); the number must equal the
  cell's *published* value — a hidden cell that shows a number fails, whatever the number;
- a **change** ("Veränderung", "+113 seit 31.03.2026", "von 1.265 auf 1.378 (+113)"): the difference of
  the same cell in both Stände' Ratsfassungen, both published;
- a **derived figure** (Kita demand, missing places, children under six, persons over capacity): a
  function of named cells, accepted only where every cell it is computed from is published;
- **not a count of persons**, by name: places, accommodations or districts counted, map classes,
  finding numbers, scenario projections, public population figures (:data:`OTHER`). Each such name
  is listed with the reason it is not a person count of the Stand.

Value equality is never the reason to accept: a number is accepted only when its names lead to a
cell (or kind) and, for a cell, the value also equals that named cell. Free text is read by the
sentence around the number (:data:`TEXT_RULES`: the label before or after it), never by its value.
A number whose names lead nowhere is "Nicht zugeordnet".
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable

from ankunft.core import fmt, reference
from ankunft.disclosure import DisclosureConfig
from ankunft.disclosure import ratsfassung as rf
from ankunft.views import overview_view as ov
from ankunft.views import ratsfassung_data as rdata

CUR, PREV = "current", "earlier"
MONTHS = ("Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober",
          "November", "Dezember")


@dataclasses.dataclass(frozen=True)
class Ref:
    """A Ratsfassung cell by name: Stand (``current``/``earlier``), table, row, column (None: series)."""

    stand: str
    table: str
    row: object
    col: object = None

    def __str__(self) -> str:
        col = "" if self.col is None else f" / {self.col}"
        return f"{self.table} / {self.row}{col} ({'Stand' if self.stand == CUR else 'Vorstand'})"


@dataclasses.dataclass(frozen=True)
class Named:
    """What a number is: ``cell`` (refs[0]), ``sum`` (the sum of refs), ``change`` (refs[0] now − refs[1]
    before), ``derived`` (computed from refs, value not checked: demand, shortfall) or ``other`` (not a
    person count of the Stand; ``why`` says which kind)."""

    how: str
    refs: tuple = ()
    why: str = ""


def other(why: str) -> Named:
    return Named("other", (), why)


# --- the catalogue: a Stand's Ratsfassung and the names a reader sees ------------------------------------
class Catalogue:
    """The Ratsfassung of the Stand an export or screen shows (and the previous Stand's), with the
    names that lead to its rows: accommodation names, district labels, the focus area, "Gesamt"."""

    def __init__(self, state, previous, focus_ids, focus_label: str = reference.FOCUS_LABEL_DEFAULT):
        rats = rdata.for_stand(state, previous, tuple(focus_ids), rdata.council_cfg(state))
        self.rats = {CUR: rats, PREV: rats.previous}
        self._states, self._focus = {CUR: (state, previous), PREV: (previous, None)}, tuple(focus_ids)
        self.dates = {CUR: state.stand, PREV: previous.stand if previous is not None else None}
        self.focus_label = focus_label
        self.sites: dict[str, str] = {}
        self.empty_sites: set[str] = set()  # sites out of operation without residents at the Stand shown
        for s in (state, previous):
            if s is None:
                continue
            table = ov.ov_mod.inputs(s, None).table
            for key, name in zip(table["key"], table["name"]):
                self.sites.setdefault(norm(name), str(key))
            if s is state:
                occ = table["occupancy"].fillna(0.0).to_numpy()
                self.empty_sites = {str(k) for k, o, v in zip(table["key"], table["is_open"], occ) if not o and v == 0}
        self.site_names = sorted(self.sites, key=len, reverse=True)  # longest first (search in sentences)
        self.districts = {d.id: d.name for d in reference.DISTRICTS}
        self.context_school = False  # set while a school table is read (its "Warteliste", "Fehlende Plätze")

    # the cell ---------------------------------------------------------------------------------------
    def figure(self, ref: Ref):
        rats = self.rats.get(ref.stand)
        if rats is None or not rats.has(ref.table, ref.row, ref.col):
            return None
        return rats.cell(ref.table, ref.row, ref.col)

    def truth(self, ref: Ref) -> float | None:
        """The true value of a cell (a Ratsfassung built without protection), for the failure message."""
        if not hasattr(self, "_truth"):
            self._truth = {}
            for stand, (state, _) in self._states.items():
                if state is not None:
                    self._truth[stand] = rf.build(rdata.counts(state, self._focus), DisclosureConfig(threshold=0))
        rats = self._truth.get(ref.stand)
        if rats is None or not rats.has(ref.table, ref.row, ref.col):
            return None
        return rats.cell(ref.table, ref.row, ref.col).value

    def has(self, ref: Ref) -> bool:
        return self.figure(ref) is not None

    # names ------------------------------------------------------------------------------------------
    def stand_of(self, label: str) -> str | None:
        """``current``/``earlier`` when the label names a Stand's date ("Stand 31.03.2026", "2026-03-31
        00:00:00", "31.03.", "März 2026"); None otherwise."""
        text = norm(label)
        for stand, day in self.dates.items():
            if day is None:
                continue
            forms = (fmt.date(day), day.isoformat(), f"{MONTHS[day.month - 1]} {day.year}", fmt.month(day))
            if any(f and (text == f or text == f"Stand {f}" or text.startswith(day.isoformat())) for f in forms):
                return stand
        return None

    def entity(self, label: str) -> tuple[str, str] | None:
        """What a row or column label names: ("acc", key), ("dist", id), ("total", ""), ("focus", ""),
        ("band", label), ("type", label), ("bin", label), ("month", label)."""
        text = norm(label)
        if not text:
            return None
        if text in (self.focus_label, "Fokusgebiet") or text.startswith("Fokusgebiet") or self.focus_label in text:
            return ("focus", "")
        if text in self.sites:
            return ("acc", self.sites[text])
        if text in ("Gesamt", "Insgesamt", "Stadt", "Summe", "Stadt gesamt", "Kaiserslautern"):
            return ("total", "")
        m = re.match(r"^(?:Bezirk\s+)?(\d{2})(?:\s+(.*))?$", text)
        if m and m.group(1) in self.districts and (not m.group(2) or m.group(2).startswith(
                self.districts[m.group(1)].split("/")[0].split(" ")[0])):
            return ("dist", m.group(1))
        if text == rf.NO_DISTRICT:
            return ("dist", rf.NO_DISTRICT)
        rats = self.rats[CUR]
        for table, kind in ((rf.TYPES, "type"), (rf.SPACE, "bin"), (rf.OPEN_TIME, "month")):
            if table in rats.tables and text in [norm(r) for r in rats.tables[table].values.index]:
                return (kind, text)
        if self.band(text) is not None:
            return ("band", text)
        return None

    def band(self, label: str) -> str | None:
        """A published length-of-stay category named by the label (the Ratsfassung's own label)."""
        text = norm(label)
        rats = self.rats[CUR]
        for name in (rf.LOS, rf.BANDS):
            for b in rats.bands_of(name):
                if norm(b).lower() == text.lower():
                    return b
        return None

    def site_in(self, text: str) -> str | None:
        """The accommodation a text names last (nearest its end; the longest name at one place)."""
        best = max(((text.rfind(name), len(name), name) for name in self.site_names if name and name in text),
                   default=None)
        return self.sites[best[2]] if best else None


def norm(label) -> str:
    text = " ".join(str(label or "").replace("\xa0", " ").replace("\u202f", " ").split())
    return re.sub(r"\s*\((?:≤\d+|<\d+|•)\)\s*$", "", text)


# --- quantities: a label -> the cell of an entity ---------------------------------------------------------
Resolver = Callable[[tuple, str, Catalogue], Named | None]


def _residents(ent, stand, cat) -> Named | None:
    kind, key = ent
    ref = {"acc": Ref(stand, rf.ACC, key), "dist": Ref(stand, rf.DIST, key), "total": Ref(stand, rf.ACC, rf.TOTAL),
           "focus": Ref(stand, rf.FOCUS, rf.FOCUS)}.get(kind)
    return Named("cell", (ref,)) if ref is not None else None


def _los_total(ent, stand, cat) -> Named | None:
    kind, key = ent
    if kind in ("acc", "total"):
        return Named("cell", (Ref(stand, rf.LOS, key if kind == "acc" else rf.TOTAL, rf.TOTAL),))
    return _residents(ent, stand, cat)


def _long(ent, stand, cat) -> Named | None:
    return Named("cell", (Ref(stand, rf.LONG, rf.LONG),)) if ent[0] == "total" else None


def _entitled(ent, stand, cat) -> Named | None:
    return Named("cell", (Ref(stand, rf.ENTITLED, rf.ENTITLED),)) if ent[0] == "total" else None


def _housing(col: str) -> Resolver:
    def resolve(ent, stand, cat):
        kind, key = ent
        if kind == "dist":
            return Named("cell", (Ref(stand, rf.HOUSING, key, col),))
        if kind == "total":
            return Named("cell", (Ref(stand, rf.HOUSING, rf.TOTAL, col),))
        if kind == "focus":
            return Named("cell", (Ref(stand, rf.HOUSING_FOCUS, rf.FOCUS, col),))
        return None
    return resolve


def _type_state(state: str) -> Resolver:
    def resolve(ent, stand, cat):
        return Named("cell", (Ref(stand, rf.TYPES, ent[1], state),)) if ent[0] == "type" else None
    return resolve


def _kita_row(ent, stand):
    kind, key = ent
    if kind == "dist":
        return rf.KITA, key
    if kind == "total":
        return rf.KITA, rf.TOTAL
    if kind == "focus":
        return rf.KITA_FOCUS, rf.FOCUS
    return None


def _derived_from(named: Named | None) -> Named | None:
    return None if named is None else Named("derived", named.refs)


def _children(col: str) -> Resolver:
    def resolve(ent, stand, cat):
        kind, key = ent
        row = key if kind == "dist" else rf.TOTAL if kind == "total" else None
        return Named("cell", (Ref(stand, rf.CHILDREN, row, col),)) if row is not None else None
    return resolve


def _school(ent) -> tuple | None:
    kind, key = ent
    return {"dist": (rf.SCHOOL, key), "total": (rf.SCHOOL, rf.TOTAL), "focus": (rf.SCHOOL_FOCUS, rf.FOCUS)}.get(kind)


def _kita_col(col: str) -> Resolver:
    """A Kita (or, for the school columns and a school table, Grundschule) count of the row."""
    def resolve(ent, stand, cat):
        school = col == "children_6_9" or (col == "waiting_list" and cat.context_school)
        row = _school(ent) if school else _kita_row(ent, stand)
        return Named("cell", (Ref(stand, row[0], row[1], col),)) if row is not None else None
    return resolve


def _kita_children(ent, stand, cat) -> Named | None:
    """Children under six: the sum of the three Kita age cells of the row."""
    row = _kita_row(ent, stand)
    if row is None:
        return None
    return Named("sum", tuple(Ref(stand, row[0], row[1], c) for c in rf.KITA_COLS[:3]))


def _kita_derived(ent, stand, cat) -> Named | None:
    """Kita demand and missing places: computed from the row's child counts (rates × children); in a
    school table from the row's children 6–9."""
    if cat.context_school:
        row = _school(ent)
        return Named("derived", (Ref(stand, row[0], row[1], "children_6_9"),)) if row is not None else None
    row = _kita_row(ent, stand)
    if row is None:
        return None
    return Named("derived", tuple(Ref(stand, row[0], row[1], c) for c in rf.KITA_COLS[:3]))


def _band(label: str) -> Resolver:
    def resolve(ent, stand, cat):
        band = cat.band(label)
        kind, key = ent
        if band is None:
            return None
        if kind == "acc":
            return Named("cell", (Ref(stand, rf.LOS, key, band),))
        if kind == "total":
            if cat.has(Ref(stand, rf.BANDS, band)):
                return Named("cell", (Ref(stand, rf.BANDS, band),))
            return Named("cell", (Ref(stand, rf.LOS, rf.TOTAL, band),))
        return None
    return resolve


QUANTITIES: dict[str, Resolver] = {
    "Belegung": _residents, "Bewohner": _residents, "Menschen in Unterkünften": _residents, "Menschen": _residents,
    "Personen": _residents, "Bewohner gesamt": _los_total, "Bewohner in Unterkünften": _residents,
    "Freie Plätze": lambda ent, stand, cat: _derived_from(_residents(ent, stand, cat)),
    "Ohne Warmwasser": _housing("no_hot_water"), "Ohne Heizung": _housing("no_heating"),
    "Ohne eigenes Bad/WC": _housing("no_bath_wc"), "Feuchtigkeit/Schimmel": _housing("damp_mould"),
    "Behoben": _housing("resolved"),
    "Kinder in Unterkünften": lambda ent, stand, cat: Named("cell", (Ref(stand, rf.CHILDREN_FOCUS, rf.CHILDREN_FOCUS),)),
    "Bewohner je Fachkraft": lambda ent, stand, cat: _derived_from(_residents(ent, stand, cat)),
    "Soll (1 je 50)": lambda ent, stand, cat: _derived_from(_residents(ent, stand, cat)),
    "children_0_5": _children("children_0_5"), "children_6_9": _children("children_6_9"),
    "children_6_17": _children("children_6_17"),
    "Kinder unter 2": _kita_col("children_under_2"), "Kinder 2 Jahre": _kita_col("children_2"),
    "Kinder 3–5 Jahre": _kita_col("children_3_5"), "Warteliste": _kita_col("waiting_list"),
    "Kinder 6–9 Jahre": _kita_col("children_6_9"), "Bedarf (Plätze)": _kita_derived,
    "davon seit mindestens 3 Jahren dort": _long, "Länger als 3 Jahre": _long,
    "Auszugsberechtigte": _entitled, "Auszugsberechtigte in Unterkünften": _entitled,
    "Geprüft": _housing("inspected"), "Geprüfte Objekte": _housing("inspected"),
    "Mit offenen Mängeln": _housing("open"), "Offene Mängel": _housing("open"),
    "Wohnungen mit offenen Mängeln": _housing("open"), "Überbelegt": _housing("overcrowded"),
    "offen": _type_state("offen"), "behoben": _type_state("behoben"),
    "Kinder unter 6": _kita_children, "Fehlende Plätze": _kita_derived,
}
# names of numbers that are not counts of persons of the Stand, with the reason
OTHER: dict[str, str] = {
    "Plätze": "Plätze (Kapazität, keine Personen)", "Kita-Plätze": "Plätze (Kapazität, keine Personen)",
    "Plätze bei Zielauslastung": "Plätze (Kapazität, keine Personen)",
    "Unterkünfte in Betrieb": "Zahl der Unterkünfte", "Klasse (Karte)": "Klassengrenze der Karte",
    "Unterkünfte": "Zahl der Unterkünfte", "Standorte": "Zahl der Standorte", "Grundschulplätze": "Plätze",
    "Beratung": "Zahl der Einrichtungen", "Quartiersbüro": "Zahl der Einrichtungen",
    "Fachkräfte Sozialarbeit": "Fachkräfte (Stellen, keine Bewohner)",
    "Einwohner": "amtliche Einwohnerzahl (öffentliche Statistik)",
}
# the scenario comparison's rows: results of the model run from the assumptions, not counts of the Stand
SCENARIO_ROWS = ("Bedarf am Ende", "Höchstens nicht untergebracht", "Höchster Fehlbedarf (Kapazität)",
                 "Höchster Fehlbedarf (Zielauslastung)", "Kinder mit Stadtteilwechsel", "Plätze am Ende",
                 "Schließungen", "Verlegungen gesamt", "Zusätzliche Wohnungen je Monat")
SCENARIO_PLACES = ("Szenari", "diagramm-scenario")


def quantity(label: str, place: str, cat: Catalogue) -> Resolver | str | None:
    """The quantity a label names: a resolver, the reason of a non-person number (str), or None."""
    text = norm(label)
    if any(p in place for p in SCENARIO_PLACES) and text == "Bedarf" or text in SCENARIO_ROWS:
        return SCENARIO
    if text == "Fehlende Kita-Plätze":  # the page's tile: the focus area's (and the city's) shortfall
        return lambda ent, stand, cat: Named("derived", _kita_derived(("focus", ""), stand, cat).refs
                                             + _kita_derived(("total", ""), stand, cat).refs)
    if text == "Fehlende Kita-Plätze (Stadt)":
        return lambda ent, stand, cat: _kita_derived(("total", ""), stand, cat)
    if text == "Bedarf":
        return _kita_derived
    if text in QUANTITIES:
        return QUANTITIES[text]
    if text in OTHER:
        return OTHER[text]
    if cat.band(text) is not None:
        return _band(text)
    return None


# --- numbers in tables and charts: row, column, the row's other cells ----------------------------------
def name_grid(n, cat: Catalogue, change: bool = False) -> Named | None:
    """A number in a table, chart, sheet or KPI row, by its labels: one names the quantity, another the
    row (city when none does: a KPI row, a series over the Stände), a date label the Stand,
    "Veränderung" the change between the Stände."""
    stand, labels, start_month = CUR, [], False
    for lab in (n.col, n.row, *n.cells):  # the column (series) first: it names the quantity of a grid
        s = cat.stand_of(lab)
        if s is not None:
            stand = s
            start_month = start_month or (s == CUR and norm(lab) == fmt.month(cat.dates[CUR]))
        elif norm(lab) == "Veränderung":
            change = True
        elif norm(lab) and norm(lab) != norm(n.text):
            labels.append(lab)
    q, q_label = None, None
    for lab in labels:
        q = quantity(lab, n.place, cat)
        if q is not None:
            q_label = lab
            break
    if q is None:
        return None
    if q == SCENARIO and start_month and norm(q_label) == "Bedarf":  # the model starts from the Ratsfassung's total
        return Named("cell", (Ref(CUR, rf.ACC, rf.TOTAL),))
    if isinstance(q, str):
        return other(q)
    if norm(q_label) == "Menschen":  # a finding's persons: the person count its sentence names
        named = finding_persons(n, cat)
        if named is not None:
            return named
    ent = next((e for e in (cat.entity(lab) for lab in labels if lab is not q_label) if e is not None), None)
    if ent is None:  # a finding's row: the accommodation its text names
        site = cat.site_in(n.line) or next((cat.site_in(c) for c in n.cells if cat.site_in(c)), None)
        ent = ("acc", site) if site else None
    ent = ent or place_entity(n.place, cat)
    named = q(ent, stand, cat)
    if named is not None and change:
        return as_change(named)
    return named


def finding_persons(n, cat: Catalogue) -> Named | None:
    """The first count of persons named in a sentence of the row (a finding's "Menschen" column)."""
    from tests.audit.export_readers import Num, numbers_at

    for cell in n.cells:
        for t, v, ctx, line, at in numbers_at(cell):
            named = name_text(Num(n.fmt, n.place, "text", n.row, "", t, v, ctx, line, at), cat)
            if named is not None and named.how in ("cell", "sum") and named.refs[0].table in (rf.ACC, rf.LOS):
                return named
    return None


def as_change(named: Named) -> Named | None:
    if named.how != "cell":
        return named if named.how == "other" else None
    ref = named.refs[0]
    return Named("change", (dataclasses.replace(ref, stand=CUR), dataclasses.replace(ref, stand=PREV)))


def place_entity(place: str, cat: Catalogue) -> tuple[str, str]:
    """The row a text or KPI without a row label is about: the profile's area on a profile slide or
    screen (the focus area, or the district its title names), else the city."""
    if cat.focus_label and cat.focus_label in place:
        return ("focus", "")
    m = re.match(r"Profil (.+)$", place)  # the Excel sheet of the profile (its name cut to 31 characters)
    if m and cat.focus_label and m.group(1).strip() in cat.focus_label:
        return ("focus", "")
    m = re.search(r"Stadtteilprofil[^:]*: (.+)$", place)
    if m:
        return cat.entity(m.group(1)) or ("total", "")
    return ("total", "")


# --- numbers in sentences: templates by the words around the number ------------------------------------
N = r"[+−-]?\d{1,3}(?:\.\d{3})*"
MARK = r"•|≤\d+|<\d+"


def _q(label: str, ent=None, stand=CUR, change=False) -> Callable:
    def resolve(m, n, cat):
        q = quantity(label, n.place, cat)
        if q is None:
            return None
        if isinstance(q, str):
            return other(q)
        named = q(ent or place_entity(n.place, cat), stand, cat)
        return as_change(named) if change and named is not None else named
    return resolve


def _label_group(group: str = "label", stand=CUR, change=False) -> Callable:
    """The quantity is named by a group of the match ("Menschen in Unterkünften: 1.378")."""
    def resolve(m, n, cat):
        label = norm(m.group(group)).strip(" •–-")
        label = re.sub(r"^(?:Seit \S+: |davon: )", "", label)
        return _q(label, stand=stand, change=change)(m, n, cat)
    return resolve


def _change_above(m, n, cat):
    """"+113 seit 31.03.2026": the change of the quantity named just before (a tile's label line, a
    bullet's label), or of the table row it stands in."""
    before = n.line[:m.start()]
    for line in reversed([x for x in re.split(r"[\n(]", before) if x.strip()]):
        label = re.sub(rf"[:\s]*{N}?\s*$", "", norm(line)).strip(" •")
        if quantity(label, n.place, cat) is not None:
            return _q(label, change=True)(m, n, cat)
    return name_grid(n, cat, change=True) if n.cells else None


def _other(why: str) -> Callable:
    return lambda m, n, cat: other(why)


def _site_residents(m, n, cat):
    site = cat.site_in(n.line[:m.end()]) or next((cat.site_in(c) for c in n.cells if cat.site_in(c)), None)
    return Named("cell", (Ref(CUR, rf.ACC, site),)) if site else None


def _site_long(m, n, cat):
    """A site's residents of three years and more: its published band(s) that make exactly that."""
    site = cat.site_in(n.line[:m.end()])
    labels = rdata.long_columns(cat.rats[CUR].bands_of(rf.LOS)) if site else None
    if not labels:
        return None
    return Named("cell" if len(labels) == 1 else "sum", tuple(Ref(CUR, rf.LOS, site, b) for b in labels))


def _site_derived(m, n, cat):
    site = cat.site_in(n.line[:m.end()])
    return Named("derived", (Ref(CUR, rf.ACC, site),)) if site else None


def _type_open(m, n, cat):
    """Open objects of the defect type the sentence names („kein Warmwasser“, "Feuchtigkeit/Schimmel (48 …")."""
    start = max(n.line.rfind(". ", 0, m.start()), n.line.rfind("\n", 0, m.start())) + 1
    ends = [i for i in (n.line.find(". ", m.end()), n.line.find("\n", m.end())) if i >= 0]
    sentence = n.line[start:min(ends) if ends else len(n.line)]
    for label, words in (("Kein Warmwasser", "Warmwasser"), ("Keine Heizung", "Heizung"),
                         ("Kein eigenes Bad/WC", "Bad"), ("Feuchtigkeit/Schimmel", "Schimmel")):
        if words in sentence:
            return Named("cell", (Ref(CUR, rf.TYPES, label, "offen"),))
    return None


def _district_group(group: str, resolve: Callable) -> Callable:
    def inner(m, n, cat):
        ent = cat.entity(m.group(group))
        return resolve(ent, CUR, cat) if ent is not None else None
    return inner


def _area_group(group: str, label: str) -> Callable:
    """The quantity ``label`` of the area a group names ("Bezirk 09 … am 30.09.2026: 797 Menschen")."""
    def inner(m, n, cat):
        ent = cat.entity(m.group(group))
        return _q(label, ent)(m, n, cat) if ent is not None else None
    return inner


def _kita_listed(m, n, cat):
    """"fehlen in 4 Stadtteilen rund 221 Kita-Plätze: 09 …, 03 …": computed from the listed districts."""
    sentence = re.split(r"\.(?:\s|$)", n.line[m.end():])[0]
    ids = [cat.entity(a) for a in re.findall(r"(?:^|[:;] )(\d{2} [^;:()%\d]+?) \d", sentence)]
    ids = [e[1] for e in ids if e is not None and e[0] == "dist"]
    if not ids:
        return None
    return Named("derived", tuple(Ref(CUR, rf.KITA, d, c) for d in ids for c in rf.KITA_COLS[:3]))


def _kita_area(m, n, cat):
    ent = ("focus", "") if "Fokusgebiet" in n.line or cat.focus_label in n.place else ("total", "")
    return _kita_derived(ent, CUR, cat)


PEOPLE = "Menschen in Unterkünften"
SCENARIO = "Szenario: Modellrechnung oder Annahme des Szenarios (keine Zählung des Stands)"
TEXT_RULES: list[tuple[str, dict[str, Callable]]] = [
    # KPI tiles ("1.378\nMenschen in Unterkünften\n+113 seit 31.03.2026") and bullets ("Plätze: 2.111 (+102 …)")
    (rf"(?P<n>{N}) seit \d", {"n": _change_above}),
    (rf"(?:^|\n)(?P<n>{N})\n(?P<label>[^\n]+)", {"n": _label_group()}),
    (rf"(?:^|\n|• )(?P<label>[^\n:•]+): (?P<n>{N})(?: \(|\n|$)", {"n": _label_group()}),
    (rf"(?P<label>[^\n:;().]+) von (?P<a>{N}) auf (?P<b>{N}) \((?P<c>{N})\)",
     {"a": _label_group(stand=PREV), "b": _label_group(), "c": _label_group(change=True)}),
    # sentences of the sections
    (rf"Von (?P<p>{N}) Plätzen in (?P<u>{N}) Unterkünften sind (?P<b>{N}) belegt[^;\n]*(?:; (?P<s>{N}) sind zu)?",
     {"p": _other("Plätze"), "u": _other("Zahl der Unterkünfte"), "b": _q(PEOPLE),
      "s": _other("Zahl der Unterkünfte (Auslastung)")}),
    (rf"(?:Betrieb leben|sind es) (?P<b>{N}) Menschen auf (?P<p>{N}) Plätzen", {"b": _q(PEOPLE), "p": _other("Plätze")}),
    # the council headline (overview_view.council_headline): the Ratsfassung's total, sites and places
    (rf"(?:^|\n)(?P<b>{N}) Menschen leben in (?P<u>{N}) Unterk(?:ünften|unft)(?:; [^\n]*?der (?P<p>{N}) Plätze| mit "
     rf"zusammen (?P<q>{N}) Plätzen)?", {"b": _q(PEOPLE, ("total", "")), "u": _other("Zahl der Unterkünfte"),
                                        "p": _other("Plätze"), "q": _other("Plätze")}),
    (rf"(?P<n>{N}) Unterkünfte liegen bei", {"n": _other("Zahl der Unterkünfte (Auslastung)")}),
    (rf"(?P<n>{N}) Stände(?: seit|:)", {"n": _other("Zahl der Stände")}),
    (rf"In (?P<a>{N}) von (?P<b>{N}) Unterkünften", {"a": _other("Zahl der Unterkünfte"),
                                                     "b": _other("Zahl der Unterkünfte")}),
    (rf"\((?P<a>{N}) von (?P<b>{N}) Unterkünften\)", {"a": _other("Zahl der Unterkünfte"),
                                                      "b": _other("Zahl der Unterkünfte")}),
    (rf"Ampel: (?P<a>{N}) kritisch, (?P<b>{N}) zu beobachten", {"a": _other("Zahl der Unterkünfte (Ampel)"),
                                                                 "b": _other("Zahl der Unterkünfte (Ampel)")}),
    (rf"die (?P<n>{N}) Personen am", {"n": _q("Personen")}),
    (rf"(?P<label>< 1 Jahr|\d–\d Jahre|länger als \d Jahre|bis \d Jahre|> \d Jahre): (?P<n>{N}) Personen",
     {"n": _label_group()}),
    # findings
    (rf"(?P<n>{N}) Punkte brauchen", {"n": _other("Zahl der Befunde")}),
    (r"^(?P<n>\d+)$|(?:^|\n)(?P<m>\d+)\. ", {"n": _other("Nummer des Befunds"), "m": _other("Nummer des Befunds")}),
    (rf"Bei (?P<n>{N}) geprüften Wohnungen", {"n": _type_open}),
    (rf"dort leben (?P<n>{N}) Menschen", {"n": _site_residents}),
    (rf"In [^\n]+? leben (?P<n>{N}) Menschen seit mindestens 3 Jahren", {"n": _site_long}),
    (rf"In [^\n]+? leben (?P<n>{N}) Menschen auf (?P<p>{N}) Plätzen: (?P<o>{N}) Personen über der Kapazität",
     {"n": _site_residents, "p": _other("Plätze"), "o": _site_derived}),
    (rf"fehlen in (?P<d>{N}) Stadtteilen(?: rund (?P<n>{N}) Kita-Plätze)?",
     {"d": _other("Zahl der Stadtteile"), "n": _kita_listed}),
    (rf"(?P<dist>\d{{2}} [^;:()%\d]+?) [\d,]+ % des Bedarfs \((?P<n>{N}) fehlen\)", {"n": _district_group("dist", _kita_derived)}),
    (rf"(?P<n>{N}) Stadtteile liegen unter", {"n": _other("Zahl der Stadtteile")}),
    (rf"fehlen rund (?P<n>{N}) Plätze", {"n": _kita_area}),
    (rf"(?P<n>{N})\nFehlende Kita-Plätze", {"n": lambda m, n, cat: _kita_derived(("total", ""), CUR, cat)}),
    (r"Kinder (?:mit|unter) (?P<n>\d) Jahren", {"n": _other("Alter")}),
    (rf"weniger als (?P<n>{N}) Personen hatten", {"n": _other("Schwelle der Zusammenfassung")}),
    # housing
    (rf"(?P<i>{N}) Objekte, davon (?P<o>{N}) mit", {"i": _q("Geprüfte Objekte"), "o": _q("Offene Mängel")}),
    (rf"(?P<o>{N}|{MARK}) von (?P<i>{N}|{MARK}) geprüften Objekten? mit offenen Mängeln \([^)]*\) – Stadt",
     {"o": _q("Offene Mängel"), "i": _q("Geprüfte Objekte")}),
    (rf"Wohnobjekte an (?P<n>{N}) Standorte?n?", {"n": _other("Zahl der Standorte")}),
    (rf"überbelegt: (?P<o>{N}) Objekte? \(Stadt (?P<t>{N})\)",
     {"o": _q("Überbelegt"), "t": _q("Überbelegt", ("total", ""))}),
    (rf"(?P<o>{N}) von (?P<i>{N}) geprüften Objekten", {"o": _q("Offene Mängel"), "i": _q("Geprüfte Objekte")}),
    (rf"(?:Warmwasser|Heizung|Bad/WC|Schimmel) \((?P<n>{N}) Objekte\)", {"n": _type_open}),
    (rf"(?P<dist>\d{{2}} [^()\n]+?) \((?P<n>{N})\)\.", {"n": _district_group("dist", _housing("open"))}),
    # the profile
    (rf"(?P<area>[^\n:]+?) am \S+: (?P<n>{N}) Menschen in Unterkünften", {"n": _area_group("area", PEOPLE)}),
    # the profile's reading "area – Stadt": the area is the profile's (the report's focus area)
    (rf"(?:(?P<n>{N})|ausgeblendete Zahl) Menschen in (?P<u>{N}) Unterk(?:ünften?|unft)",
     {"n": _q(PEOPLE), "u": _other("Zahl der Unterkünfte")}),
    (rf"– Stadt (?P<t>{N}) in (?P<v>{N}) Unterk(?:ünften?|unft)",
     {"t": _q(PEOPLE, ("total", "")), "v": _other("Zahl der Unterkünfte")}),
    (r"(?:\(|, )(?P<n>\d{2})(?=[,)])", {"n": _other("Nummer eines Stadtteils")}),
    (rf"mehr als (?P<n>{N}) Bewohner auf|entspricht (?P<m>{N}) je (?P<k>{N}) Bewohner",
     {g: _other("Regel der Ampel") for g in "nmk"}),
    (r"\((?P<n>1) je (?P<m>\d+)\)", {"n": _other("Richtwert"), "m": _other("Richtwert")}),
    (rf"(?:^|\n)Stadt (?P<n>{N})$", {"n": _q(PEOPLE, ("total", ""))}),
    (rf"der Stadt \((?P<n>{N})\)", {"n": _other("amtliche Einwohnerzahl (öffentliche Statistik)")}),
    # map legends ("keine (0)", "20 bis unter 40", "40 und mehr")
    (rf"keine \((?P<n>0)\)|(?P<a>{N}) bis unter (?P<b>{N})|(?P<c>{N}) und mehr|unter (?P<d>{N})$",
     {g: _other("Klassengrenze der Karte") for g in "nabcd"}),
    # the scenario
    (rf"im Höchstfall (?P<n>{N})|dafür wären (?P<w>{N}) zusätzliche|davon (?P<f>{N}) für Familien|bis zu (?P<u>{N}) "
     rf"Personen ohne Unterkunft|(?:niedrig|mittel|hoch): (?P<a>{N})|Reserve (?P<r>{N}) Plätze",
     {g: _other(SCENARIO) for g in "nwfuar"}),
]
TEXT_PATTERNS = [(re.compile(p), groups) for p, groups in TEXT_RULES]


def name_text(n, cat: Catalogue) -> Named | None:
    """A number in a sentence, by the sentence template whose number group stands where it does."""
    for pattern, groups in TEXT_PATTERNS:
        for m in pattern.finditer(n.line):
            for g, resolve in groups.items():
                if m.group(g) is not None and m.start(g) == n.at:
                    named = resolve(m, n, cat)
                    if named is not None:
                        return named
    return None


def name_of(n, cat: Catalogue) -> Named | None:
    """What a number is, by name (see the module docstring); None when its names lead nowhere."""
    if n.line:  # a number in a text: only its sentence names it (never the labels of the cell around it)
        return name_text(n, cat)
    return name_grid(n, cat)


# --- the check -----------------------------------------------------------------------------------
@dataclasses.dataclass
class Verdict:
    ok: bool
    what: str  # German: the cell or kind, or the problem
    hidden: Ref | None = None  # a hidden cell the number stands for


def check(n, named: Named | None, cat: Catalogue) -> Verdict:
    """Is the number what its name says? A cell: published and equal; a sum: equal to the sum of its
    published cells; a change: equal to now − before, both published; derived: every source published."""
    if named is None:
        return Verdict(False, "Nicht zugeordnet")
    if named.how == "other":
        return Verdict(True, named.why)
    figs = [(ref, cat.figure(ref)) for ref in named.refs]
    missing = [ref for ref, f in figs if f is None]
    if missing and n.value == 0 and named.how == "cell" and cat.rats[missing[0].stand] is not None \
            and missing[0].table in cat.rats[missing[0].stand].tables:
        return Verdict(True, f"strukturelle Null: {missing[0].table} hat keine Zeile {missing[0].row}")
    if missing and named.how == "derived" and all(r.table == rf.ACC and r.stand == CUR and r.row in cat.empty_sites
                                                  for r in missing):
        return Verdict(True, "abgeleitet aus einer Unterkunft außer Betrieb ohne Bewohner")
    if missing:
        return Verdict(False, f"keine Zelle der Ratsfassung: {missing[0]}")
    hidden = [ref for ref, f in figs if f.suppressed]
    if hidden:
        return Verdict(False, f"zeigt eine Zahl für die verborgene Zelle {hidden[0]}", hidden[0])
    values = [f.value for _, f in figs]
    if any(v is None for v in values) and named.how != "derived":
        return Verdict(False, f"die Ratsfassung zeigt dort keinen Wert: {named.refs[0]}")
    if named.how == "derived":
        return Verdict(True, f"abgeleitet aus {', '.join(str(r) for r in named.refs[:3])}")
    expected = {"cell": lambda: values[0], "sum": lambda: sum(values), "change": lambda: values[0] - values[1]}[named.how]()
    if float(n.value) != float(expected):
        return Verdict(False, f"Wert {n.text} ≠ {fmt.integer(expected)} der Zelle {named.refs[0]} ({named.how})")
    return Verdict(True, f"{named.how}: {named.refs[0]}")
