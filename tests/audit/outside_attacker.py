"""An attacker from outside (issue 15): reads only the council Excel files a council member receives and
narrows hidden cells down by interval arithmetic. It does not use ``ankunft.disclosure.audit`` nor any
table of the product: only the workbook's cells (openpyxl), what a reader knows about the city (which
district the focus area holds: the sidebar names it) and the protection rule of ``config.py`` (a hidden
count "≤2" is 1–2, "•" is at least 1; a published 0 is a true 0).

Relations it assumes, each one a reader would (and each checked against the true values by the test:
an assumption that is false for the data is the attacker's error, not a finding):

1. the accommodations' "Belegung" adds up to "Menschen in Unterkünften" (sheet Übersicht);
2. the focus area's "Menschen in Unterkünften" (profile sheet) is the sum over the sites of its districts
   (the site table names each site's district);
3. in a table with district rows "NN Name", a row "Stadt …" and a focus row, every count column adds up:
   city = Σ districts, focus = Σ its districts;
4. a published share with its denominator published: numerator = share × denominator (the Excel keeps the
   full precision; a share shown as text "32,0 %" is read with its rounding);
5. the same quantity (same sheet, row and column label) in several workbooks of the same Stand (e.g. the
   council report built with another focus area) is one unknown; a focus row is another unknown per
   focus area;
6. over time: a Stand's residents in the Kennzahlen and in the Entwicklung table are one unknown, in the
   workbooks of both Stände; the long stays are the share "Länger als 3 Jahre" (whole per cent) of them.

Bounds are propagated to a fixed point; a hidden cell is **pinned** when its interval is narrower than
the rule allows: a small count ("≤2", or a "•" shown to be small) keeps all ``threshold − small_low + 1``
values of its range, any other "•" at least two values.
"""

from __future__ import annotations

import dataclasses
import io
import math
import re

import openpyxl

HIDDEN = ("≤2", "<5", "•")
DISTRICT_ROW = re.compile(r"^(\d{2}) ")
COUNT_HEADER = re.compile(r"Geprüft|Mit offenen Mängeln|Überbelegt|Offen|Behoben|Belegung|Bewohner|Kinder")
SHARE_HEADER = re.compile(r"^Anteil")


@dataclasses.dataclass
class Cell:
    var: tuple  # the unknown it shows
    text: object  # what the workbook holds (number or marker)
    where: str  # file, sheet, row, column (for messages)


@dataclasses.dataclass
class Attack:
    cells: list[Cell] = dataclasses.field(default_factory=list)
    sums: list[tuple[tuple, list[tuple]]] = dataclasses.field(default_factory=list)  # total = Σ parts
    ratios: list[tuple[tuple, tuple, float, float]] = dataclasses.field(default_factory=list)  # num, den, lo, hi
    threshold: int = 2
    small_low: int = 1

    def add(self, var, text, where) -> None:
        self.cells.append(Cell(var, text, where))

    # --- reading ------------------------------------------------------------------------------------
    def read_workbook(self, data: bytes, stand: str, focus_key: str, focus_ids, name: str) -> None:
        wb = openpyxl.load_workbook(io.BytesIO(data), data_only=True)
        sites: dict[str, str] = {}
        for ws in wb.worksheets:
            rows = [[c.value for c in r] for r in ws.iter_rows()]
            header_at = next((i for i, r in enumerate(rows) if r and r[0] in ("Unterkunft", "Gebiet", "Kennzahl",
                                                                               "Bereich", "Stand")), None)
            if header_at is None:
                continue
            header = [str(h or "") for h in rows[header_at]]
            body = [r for r in rows[header_at + 1:] if r and r[0] is not None]
            where = f"{name}, Blatt {ws.title!r}"
            if header[0] == "Unterkunft" and "Belegung" in header:
                self._sites(body, header, stand, where, sites)
            elif header[0] == "Gebiet":
                self._areas(ws.title, body, header, stand, focus_key, focus_ids, where)
            elif header[0] == "Stand" or header[0] == "Kennzahl" and any(h.startswith("Stand ") for h in header):
                self._over_time(header, body, where)
            elif header[0] == "Bereich" and "Wert" in header:
                for r in body:
                    if r[1] == "Menschen in Unterkünften" and r[0] == "Unterkünfte und Belegung":
                        self.add((stand, "city residents"), r[header.index("Wert")], where + ", Menschen")
            elif header[0] == "Kennzahl" and len(header) > 1 and header[1].startswith("Bezirk") or \
                    header[0] == "Kennzahl" and ws.title.startswith("Profil"):
                for r in body:
                    if r[0] == "Menschen in Unterkünften":
                        self.add((stand, "focus residents", focus_key), r[1], where + ", Profil")
        if sites:
            self.sums.append(((stand, "city residents"), [(stand, "site", s) for s in sites]))
            parts = [(stand, "site", s) for s, d in sites.items() if d in focus_ids]
            self.sums.append(((stand, "focus residents", focus_key), parts))

    def _over_time(self, header, body, where) -> None:
        """Kennzahlen per Stand ("Stand 30.09.2026" columns) and the Entwicklung table (a row per Stand): the
        residents of a Stand are one unknown in both; the long stays are the share "Länger als 3 Jahre"
        (kept to whole per cent) of the residents."""
        if header[0] == "Stand":
            for r in body:
                day = r[0].strftime("%d.%m.%Y") if hasattr(r[0], "strftime") else str(r[0])
                for c, v in zip(header[1:], r[1:]):
                    self.add(("over time", c, day), v, f"{where}, Zeile {day}, Spalte {c!r}")
            return
        for j, h in enumerate(header):
            if not h.startswith("Stand "):
                continue
            day = h[len("Stand "):]
            rows = {r[0]: r[j] for r in body}
            residents = rows.get("Menschen in Unterkünften")
            if residents is not None:
                self.add(("over time", "Menschen in Unterkünften", day), residents, f"{where}, {h}")
            share = rows.get("Länger als 3 Jahre")
            if isinstance(share, (int, float)):
                long = ("over time", "davon seit mindestens 3 Jahren dort", day)
                self.ratios.append((long, ("over time", "Menschen in Unterkünften", day), share - 0.005, share + 0.005))

    def _sites(self, body, header, stand, where, sites) -> None:
        i, j = header.index("Belegung"), header.index("Stadtteil") if "Stadtteil" in header else None
        for r in body:
            m = DISTRICT_ROW.match(str(r[j] or "")) if j is not None else None
            if m:
                sites[str(r[0])] = m.group(1)
            self.add((stand, "site", str(r[0])), r[i], f"{where}, Zeile {r[0]!r}, Belegung")

    def _areas(self, sheet, body, header, stand, focus_key, focus_ids, where) -> None:
        counts = [c for c in header[1:] if COUNT_HEADER.search(c)]
        districts, city, focus = [], None, None
        for r in body:
            label = str(r[0])
            m = DISTRICT_ROW.match(label)
            key = m.group(1) if m else ("city" if label.startswith("Stadt") else "focus")
            for c in counts:
                var = (stand, sheet, key if key != "focus" else f"focus:{focus_key}", c)
                self.add(var, r[header.index(c)], f"{where}, Zeile {label!r}, Spalte {c!r}")
            for c in header[1:]:
                if SHARE_HEADER.match(c) and isinstance(r[header.index(c)], (int, float)):
                    num, den = self._share_parts(header, c)
                    if num and den:
                        k = key if key != "focus" else f"focus:{focus_key}"
                        v = float(r[header.index(c)])
                        self.ratios.append(((stand, sheet, k, num), (stand, sheet, k, den), v - 1e-9, v + 1e-9))
            if m:
                districts.append(m.group(1))
            elif key == "city":
                city = key
            else:
                focus = key
        for c in counts:
            if city:
                self.sums.append(((stand, sheet, "city", c), [(stand, sheet, d, c) for d in districts]))
            if focus:
                self.sums.append(((stand, sheet, f"focus:{focus_key}", c),
                                  [(stand, sheet, d, c) for d in districts if d in focus_ids]))

    @staticmethod
    def _share_parts(header, share: str) -> tuple[str | None, str | None]:
        """'Anteil offen' → ('Mit offenen Mängeln', 'Geprüft'): the count column the share names, over the
        first count column (the table's base)."""
        word = share.split(" ", 1)[1] if " " in share else ""
        num = next((h for h in header if word and word in h.lower() and h != share), None)
        den = next((h for h in header[1:] if COUNT_HEADER.search(h)), None)
        return (num, den) if num != den else (None, None)

    # --- bounds -----------------------------------------------------------------------------------------
    def initial(self) -> dict[tuple, list[float]]:
        b: dict[tuple, list[float]] = {}
        for c in self.cells:
            lo, hi = self.rule(c.text)
            old = b.setdefault(c.var, [0.0, math.inf])
            old[0], old[1] = max(old[0], lo), min(old[1], hi)
        for total, parts in self.sums:
            for v in (total, *parts):
                b.setdefault(v, [0.0, math.inf])
        return b

    def rule(self, text) -> tuple[float, float]:
        if isinstance(text, (int, float)) and not isinstance(text, bool):
            return float(text), float(text)
        if text in ("≤2", "<5"):
            return float(self.small_low), float(self.threshold)
        if text == "•":
            return float(self.small_low), math.inf
        return 0.0, math.inf

    def propagate(self, rounds: int = 60) -> dict[tuple, list[float]]:
        b = self.initial()
        for _ in range(rounds):
            changed = False
            for total, parts in self.sums:
                lo = sum(b[p][0] for p in parts)
                hi = sum(b[p][1] for p in parts)
                changed |= _tighten(b[total], lo, hi)
                for p in parts:
                    rest_lo = sum(b[q][0] for q in parts if q != p)
                    rest_hi = sum(b[q][1] for q in parts if q != p)
                    changed |= _tighten(b[p], b[total][0] - rest_hi, b[total][1] - rest_lo)
            for num, den, lo, hi in self.ratios:
                if num in b and den in b:
                    changed |= _tighten(b[num], b[den][0] * lo, b[den][1] * hi)
                    if lo > 0:
                        changed |= _tighten(b[den], b[num][0] / hi, b[num][1] / lo)
            if not changed:
                break
        return b

    def pinned(self) -> list[str]:
        """Hidden cells narrowed beyond the rule, with where they are shown and the interval."""
        b = self.propagate()
        out = []
        for c in self.cells:
            if c.text not in HIDDEN:
                continue
            lo, hi = b[c.var]
            left = math.floor(hi + 1e-9) - math.ceil(lo - 1e-9) + 1 if hi != math.inf else math.inf
            small = c.text != "•" or hi <= self.threshold  # the rule leaves a small count its whole range
            if left < (self.threshold - self.small_low + 1 if small else 2):
                out.append(f"{c.where}: {c.text!r} eingegrenzt auf {lo:g}–{hi:g}")
        return sorted(set(out))


def _tighten(cur: list[float], lo: float, hi: float) -> bool:
    """Integer counts: round the new bounds inwards; True when the interval shrank."""
    lo = math.ceil(lo - 1e-9) if math.isfinite(lo) else lo
    hi = math.floor(hi + 1e-9) if math.isfinite(hi) else hi
    new = [max(cur[0], lo), min(cur[1], hi)]
    if new[0] > cur[0] + 1e-9 or new[1] < cur[1] - 1e-9:
        cur[0], cur[1] = new
        return True
    return False
