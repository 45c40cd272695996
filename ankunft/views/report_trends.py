"""The report's "Entwicklung": key series over every stored Stand (not only the previous one).

`trends(rd)` takes the figures of each Stand the report was given (`ReportData.history`, oldest
first, and the report's own Stand last): people in accommodations, places, accommodations in
operation, people living there for at least three years, objects with open defects. The report's
own Stand takes the report's figures (the last point equals the key-figure slide); earlier Stände are
computed with the same indicator functions. In council mode every count of people is the one that
Stand's Ratsfassung published (`ratsfassung_data.for_stand`): a point hidden then stays hidden and is
marked (its marker in the table, "•"/"≤2" at the month on the chart). With one Stand there is no
trend (`section_trends` returns None).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from ankunft.core import fmt, palette
from ankunft.disclosure import Figure
from ankunft.disclosure import ratsfassung as rf
from ankunft.indicators import overview as ov
from ankunft.indicators import stays as stays_mod
from ankunft.storage.state import DataState
from ankunft.views import ratsfassung_data
from ankunft.views.report_data import ReportData, figure_value, join_text, make_section
from ankunft.views.report_model import ChartSpec, Section, Series


@dataclass(frozen=True)
class TrendSeries:
    key: str
    label: str
    unit: str  # the unit word of its values ("Menschen", "Plätze" …)
    person: bool  # a count of people: protected in council mode
    colour: str
    on_chart: bool  # the chart shows people and places; the table (and Excel) every series


SERIES = (
    TrendSeries("places", "Plätze", "Plätze", False, palette.GREY, True),
    TrendSeries("residents", "Menschen in Unterkünften", "Menschen", True, palette.ACCENT, True),
    TrendSeries("long_stays", "davon seit mindestens 3 Jahren dort", "Menschen", True, palette.OKABE_ITO[1], True),
    TrendSeries("open_accommodations", "Unterkünfte in Betrieb", "Unterkünfte", False, palette.OKABE_ITO[2], False),
    TrendSeries("open_defects", "Objekte mit offenen Mängeln", "Objekte", True, palette.OKABE_ITO[5], False),
)


@dataclass(frozen=True)
class Point:
    """One Stand's figure: the value (None when hidden or missing), its display text, hidden or not."""

    value: float | None
    text: str
    hidden: bool = False

    @classmethod
    def of(cls, f: Figure | None) -> Point:
        if f is None:
            return cls(None, fmt.MISSING)
        if f.suppressed:
            return cls(None, f.text, True)
        return cls(figure_value(f), fmt.integer(f.value) if f.value is not None else fmt.MISSING)

    @classmethod
    def plain(cls, value) -> Point:
        v = None if value is None or pd.isna(value) else float(value)
        return cls(v, fmt.integer(v) if v is not None else fmt.MISSING)


@dataclass
class Trends:
    stands: list[dt.date]  # oldest first; the report's Stand last
    points: dict[str, list[Point]]  # series key → one point per Stand

    def shown(self) -> list[TrendSeries]:
        """The series that exist: a value or a hidden point at two Stände or more."""
        return [s for s in SERIES if sum(p.value is not None or p.hidden for p in self.points[s.key]) >= 2]

    def hidden(self) -> bool:
        return any(p.hidden for s in self.shown() for p in self.points[s.key])


def stand_labels(stands: list[dt.date]) -> list[str]:
    """German month labels (`März 2026`); the dates themselves when two Stände share a month."""
    months = [fmt.month_long(d) for d in stands]
    return months if len(set(months)) == len(months) else [fmt.date(d) for d in stands]


def _states(rd: ReportData) -> list[DataState]:
    """Every Stand the report was given, oldest first, one per Stand, the report's own last."""
    earlier = list(rd.history) if rd.history else ([rd.previous] if rd.previous is not None else [])
    by_stand = {s.stand: s for s in earlier if s is not None and s.stand < rd.stand}
    return [by_stand[d] for d in sorted(by_stand)] + [rd.state]


def _earlier_points(rd: ReportData, state: DataState) -> dict[str, Point]:
    """An earlier Stand's figures: computed as for the report; people as its Ratsfassung published them."""
    data = ov.inputs(state, rd.district_ids, rd.standards)
    values = ov.kpi_values(data, rd.focus_ids, rd.standards)
    out = {"places": Point.plain(values["places"][0]),
           "open_accommodations": Point.plain(values["open_accommodations"][0])}
    if rd.council:
        pub = ratsfassung_data.for_stand(state, None, rd.focus_ids, rd.cfg)
        out["residents"] = Point.of(pub.cell(rf.ACC, rf.TOTAL)) if pub.has(rf.ACC, rf.TOTAL) else Point.plain(None)
        out["long_stays"] = Point.of(pub.cell(rf.LONG, rf.LONG)) if pub.has(rf.LONG, rf.LONG) else Point.plain(None)
        out["open_defects"] = Point.of(pub.cell(rf.HOUSING, rf.TOTAL, "open")) \
            if pub.has(rf.HOUSING, rf.TOTAL, "open") else Point.plain(None)
        return out
    out["residents"] = Point.plain(values["residents"][0])
    out["open_defects"] = Point.plain(values["open_defects"][0])
    roster = ratsfassung_data.open_roster(data)
    bands = stays_mod.length_of_stay_bands(roster) if roster is not None and len(roster) else None
    long = None
    if isinstance(bands, pd.DataFrame):  # the bands of the report's long-stay count (≥ 3 years)
        long = float(bands.loc[bands["band"].isin(ratsfassung_data.LONG_BANDS).to_numpy(), "count"].sum())
    out["long_stays"] = Point.plain(long)
    return out


def _own_points(rd: ReportData) -> dict[str, Point]:
    """The report's own Stand: the report's figures (protected as on its other slides)."""
    return {
        "places": Point.plain(rd.kpis["places"].value if "places" in rd.kpis else None),
        "open_accommodations": Point.plain(rd.kpis["open_accommodations"].value
                                           if "open_accommodations" in rd.kpis else None),
        "residents": Point.of(rd.residents_total),
        "long_stays": Point.of(rd.long_stay_count),
        "open_defects": Point.of(rd.open_defects_total) if rd.kpis.get("open_defects") is not None
        and rd.kpis["open_defects"].value is not None else Point.plain(None),
    }


def trends(rd: ReportData) -> Trends:
    states = _states(rd)
    per_stand = [_earlier_points(rd, s) for s in states[:-1]] + [_own_points(rd)]
    return Trends([s.stand for s in states], {s.key: [p[s.key] for p in per_stand] for s in SERIES})


def trend_table(t: Trends, series: list[TrendSeries]) -> pd.DataFrame:
    """One row per Stand (its date), one column per series: numbers, a hidden point as its marker."""
    table = pd.DataFrame({"Stand": list(t.stands)})
    for s in series:
        table[s.label] = [p.text if p.hidden else p.value for p in t.points[s.key]]
    return table


def _change_text(points: list[Point]) -> str | None:
    first, last = points[0], points[-1]
    if first.value is None or last.value is None:
        return None
    diff = last.value - first.value
    sign = "+" if diff > 0 else ("−" if diff < 0 else "±")
    return f"von {first.text} auf {last.text} ({sign}{fmt.integer(abs(diff))})"


def section_trends(rd: ReportData) -> Section | None:
    """Entwicklung: a line chart of people and places at every Stand, the table of every series."""
    return section_from(rd, trends(rd))


def section_from(rd: ReportData, t: Trends) -> Section | None:
    """The section of given trends (None with fewer than two Stände or no series)."""
    series = t.shown()
    if len(t.stands) < 2 or not series:
        return None
    since = fmt.date(t.stands[0])
    labels = stand_labels(t.stands)
    chart_series = [s for s in series if s.on_chart]
    chart = None
    if chart_series:
        marked = [label + next((f" ({p.text})" for s in chart_series for p in [t.points[s.key][i]] if p.hidden), "")
                  for i, label in enumerate(labels)]
        chart = ChartSpec("line", marked, [Series(s.label, [p.value for p in t.points[s.key]], s.colour)
                                           for s in chart_series],
                          y_title=f"Menschen bzw. Plätze, {len(t.stands)} Stände seit {since}")
    lead = sorted(series, key=lambda s: s.key != "residents")  # the people first, then places …
    changes = [f"{s.label} {text}" for s in lead if (text := _change_text(t.points[s.key]))]
    headline = f"Seit {since}: " + "; ".join(changes[:2]) + "." if changes else f"Entwicklung seit {since}."
    lines = [f"Die Grafik zeigt die Menschen in Unterkünften und die Plätze an jedem gespeicherten Stand seit "
             f"{since} ({len(t.stands)} Stände: {', '.join(fmt.date(d) for d in t.stands)}).",
             "Veränderung seit " + since + ": " + "; ".join(changes) + "." if changes else "",
             "Die Tabelle (Excel) enthält zusätzlich " + ", ".join(s.label for s in series if not s.on_chart) + "."
             if any(not s.on_chart for s in series) else ""]
    if t.hidden():
        lines.append("Ratsfassung: Jeder Stand zeigt die Werte, die seine Ratsfassung veröffentlicht hat; ein dort "
                     "ausgeblendeter Wert fehlt in der Linie und ist am Monat markiert (≤2 bzw. •).")
    return make_section(rd, "trends", "accommodations", title="Entwicklung", headline=headline, chart=chart,
                        table=trend_table(t, series), table_formats={s.label: "#,##0" for s in series},
                        notes=join_text(*lines))


__all__ = ["SERIES", "Point", "TrendSeries", "Trends", "section_from", "section_trends", "stand_labels", "trend_table", "trends"]
