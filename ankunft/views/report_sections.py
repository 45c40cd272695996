"""Report sections for the dashboards (Kennzahlen, Unterkünfte, Aufenthaltsdauer, Wohnqualität, Soziale
Infrastruktur, Stadtteilprofil): each turns the prepared `ReportData` into a format-neutral `Section`."""

from __future__ import annotations

import pandas as pd

from ankunft import disclosure as dc
from ankunft.core import fmt, palette
from ankunft.disclosure import Figure
from ankunft.disclosure import ratsfassung as rf
from ankunft.indicators import accommodations as acc_mod
from ankunft.indicators import areas
from ankunft.indicators import housing as housing_mod
from ankunft.indicators import overview as ov
from ankunft.indicators import profile as profile_mod
from ankunft.indicators import stays as stays_mod
from ankunft.views import profile_view, services_tables
from ankunft.views.report_data import (
    COLOUR_DEMAND,
    COLOUR_OCCUPANCY,
    COLOUR_PLACES,
    ReportData,
    council_note,
    count_text,
    disclosure_note,
    figure_sum,
    figure_value,
    join_text,
    make_section,
    number_or_none,
    published,
)
from ankunft.views.report_model import PER_1000, ChartSpec, Kpi, MapSpec, Section, Series
from ankunft.views.report_publication import (
    NO_DISTRICT,
    OPEN,
    RESOLVED,
    T_ACC,
    T_DIST,
    T_FOCUS,
    T_HOUSING,
    T_LOS,
    T_TYPES,
    TOTAL,
)


def section_kpis(rd: ReportData) -> Section | None:
    """Kennzahlen: every KPI of the Übersicht with value, change and definition."""
    if not rd.kpis:
        return None
    prev_day = rd.previous.stand if rd.previous is not None else None
    now_col = f"Stand {fmt.date(rd.stand)}"
    prev_col = f"Stand {fmt.date(prev_day)}" if prev_day else "Vorheriger Stand"
    rows, definitions = [], []
    for key, k in rd.kpis.items():
        tile = rd.kpi_tile(key)
        rows.append((tile.label, tile.value_text, rd.kpi_previous_text(key), tile.change_text or fmt.MISSING))
        definition = ov.KPI_SPECS[key].help.format(years=fmt.num(rd.standards.long_stay_years))
        definitions.append(f"• {tile.label}: {definition}")
    table = pd.DataFrame(rows, columns=["Kennzahl", now_col, prev_col, "Veränderung"])
    changes = (f"Die Veränderung bezieht sich auf den Stand {fmt.date(prev_day)}."
               if prev_day else "Es liegt kein früherer Stand vor; Veränderungen fehlen daher.")
    residents = rd.residents_total
    places = rd.kpis.get("places")
    notes = [
        f"Stand {fmt.date(rd.stand)}, {rd.filters}. {changes}",
        f"In Unterkünften in Betrieb leben {count_text(residents, 'Mensch', 'Menschen')}"
        + (f" auf {fmt.integer(places.value)} Plätzen" if places and places.value is not None else "") + ".",
        "Definitionen:\n" + "\n".join(definitions),
    ]
    missing = [f"{k.label}: {k.reason}" for k in rd.kpis.values() if k.value is None and k.reason]
    if missing:
        notes.append("Ohne Wert: " + " ".join(missing))
    notes.append(disclosure_note(rd, T_ACC, T_LOS, T_HOUSING))
    return make_section(rd, "kpis", "accommodations", title="Kennzahlen und Definitionen",
                    headline=_kpi_headline(rd), table=table, notes=join_text(*notes))


def _kpi_headline(rd: ReportData) -> str:
    """The Übersicht's sentence (in council mode the Übersicht's council headline, from the Ratsfassung)."""
    return rd.headline


def _accommodation_headline(rd: ReportData) -> str:
    if not rd.council:
        return rd.accommodations_headline
    occ = rd.residents_total  # council: the working sentence counts sites at the alert threshold, hidden ones too
    util = rd.kpi_figure("utilisation")
    t = acc_mod.totals(rd.inputs.table)
    where = fmt.plural(t["accommodations"], "Unterkunft", "Unterkünften")
    text = (f"Von {fmt.integer(t['capacity'])} Plätzen in {where} "
            f"sind {occ.text} belegt")
    if not util.suppressed and util.value is not None:
        text += f" ({util.text})"
    return text + "."


def section_accommodations(rd: ReportData) -> Section | None:
    t = rd.open_table
    if not len(t):
        return None
    t = t.sort_values("capacity", ascending=False, kind="stable", na_position="last")
    names = [str(n) if isinstance(n, str) else str(k) for n, k in zip(t["name"], t["key"])]
    occ = [rd.occupancy(k) for k in t["key"]]
    util = [rd.utilisation(k, c) for k, c in zip(t["key"], t["capacity"])]
    chart = ChartSpec("barh", names, [
        Series("Plätze", [number_or_none(c) for c in t["capacity"]], COLOUR_PLACES),
        Series("Belegung", [figure_value(f) for f in occ], COLOUR_OCCUPANCY),
    ], y_title="Personen / Plätze")
    table = pd.DataFrame({
        "Unterkunft": names,
        "Stadtteil": [f"{d} {n}" if isinstance(d, str) else fmt.MISSING
                      for d, n in zip(t["district_id"], t["district"])],
        "Art": t["type"].astype("object").where(t["type"].notna(), fmt.MISSING).to_list(),
        "Status": t["status"].astype("object").where(t["status"].notna(), fmt.MISSING).to_list(),
        "Plätze": t["capacity"].to_numpy(dtype="float64"),
        "Belegung": [f.text if f.suppressed else f.value for f in occ],
        "Auslastung": [f.text if f.suppressed else f.value for f in util],
        "Ampel": t["flag_level"].map(palette.FLAG_LABEL).fillna(fmt.MISSING).to_list(),
        "Hinweise": t["flag_labels"].fillna("").to_list(),
    })
    kpis = [rd.kpi_tile("residents", "Menschen in Unterkünften"), rd.kpi_tile("places"),
            rd.kpi_tile("utilisation"), rd.kpi_tile("open_accommodations")]
    return make_section(rd, "accommodations", "accommodations", headline=_accommodation_headline(rd), kpis=kpis,
                    chart=chart, map=_accommodation_map(rd), table=table,
                    table_formats={"Plätze": "#,##0", "Belegung": "#,##0", "Auslastung": "0.0%"},
                    notes=_accommodation_notes(rd, t, occ, util))


def _accommodation_map(rd: ReportData) -> MapSpec | None:
    """Menschen in Unterkünften je 1.000 Einwohner per district (a count of people as a rate; a hidden
    count stays hidden, a district without population has no value)."""
    if not len(rd.district_table):
        return None
    population = dict(zip(rd.district_table["district_id"], rd.district_table["population"]))
    values = {d: per_thousand(figure_value(rd.district_residents(d)), population.get(d))
              for d in rd.district_table["district_id"]}
    points = []
    for _, r in rd.open_table.iterrows():
        lat, lon = number_or_none(r["lat"]), number_or_none(r["lon"])
        if lat is not None and lon is not None:
            points.append((lat, lon, str(r["name"]), number_or_none(r["capacity"]) or 0.0))
    return MapSpec(rd.geojson(), values, legend_title="Menschen in Unterkünften", unit=PER_1000,
                   number_format="#,##0.0", points=points, points_label="Unterkünfte (Größe: Plätze)",
                   missing_label="ausgeblendet" if rd.council else "keine Angabe", council=rd.council)


def per_thousand(count: float | None, population) -> float | None:
    """A count per 1.000 inhabitants (None without a count or a population)."""
    pop = number_or_none(population)
    if count is None or not pop or pop <= 0:
        return None
    return count / pop * 1000.0


def _accommodation_notes(rd: ReportData, t: pd.DataFrame, occ: list[Figure], util: list[Figure]) -> str:
    k = rd.kpis
    places = k["places"].value
    util_total = rd.kpi_figure("utilisation")
    lines = [
        f"Die Grafik zeigt je Unterkunft in Betrieb die Plätze (grau) und die Belegung am Stichtag "
        f"{fmt.date(rd.inputs.roster_date)}. Insgesamt sind es {count_text(rd.residents_total, 'Mensch', 'Menschen')} "
        f"auf {fmt.integer(places)} Plätzen"
        + (f"; die Auslastung liegt bei {util_total.text}." if not util_total.suppressed else "."),
    ]
    shown = [(n, u) for n, u in zip(t["name"], util) if not u.suppressed and u.value is not None]
    if shown:
        name, top = max(shown, key=lambda x: x[1].value)
        lines.append(f"Am höchsten ausgelastet ist {name} mit {top.text}.")
    high = [n for n, u in shown if u.value >= rd.standards.utilisation_alert]
    if high:
        lines.append(f"{fmt.plural(len(high), 'Unterkunft liegt', 'Unterkünfte liegen')} bei mindestens "
                     f"{fmt.pct(rd.standards.utilisation_alert, 0)} Auslastung (Warnschwelle): {', '.join(high)}.")
    red = int((t["flag_level"] == acc_mod.LEVEL_RED).sum())
    amber = int((t["flag_level"] == acc_mod.LEVEL_AMBER).sum())
    lines.append(f"Ampel: {fmt.integer(red)} kritisch, {fmt.integer(amber)} zu beobachten "
                 f"(Regeln: Überbelegung, Vertragsende, Schließdatum, Fläche, Sozialarbeit).")
    sources = t["occupancy_source"].value_counts()
    roster_n = int(sources.get(acc_mod.SOURCE_ROSTER, 0))
    lines.append(
        f"Annahmen: Belegung aus der Bewohnerdatei, wo sie die Unterkunft nennt ({fmt.integer(roster_n)} von "
        f"{fmt.integer(len(t))} Unterkünften), sonst aus der Belegungsspalte der Unterkunftsliste. "
        "Gezählt werden Unterkünfte „in Betrieb“ und „in Schließung“; Auslastung = Belegung ÷ Plätze. "
        "Die Karte färbt die Stadtteile nach Menschen in Unterkünften je 1.000 Einwohner (Einwohner laut "
        "Stadtteildaten); Kreise zeigen die Unterkünfte nach Plätzen.")
    lines.append(disclosure_note(rd, T_ACC, T_DIST))
    return join_text(*lines)


def section_length_of_stay(rd: ReportData) -> Section | None:
    if rd.los is None:
        return None
    los = rd.los
    pub = rd.pub.get(T_LOS)
    names_by_key = dict(zip(rd.open_table["key"], rd.open_table["name"]))
    keys = list(los.index)
    categories = [str(names_by_key.get(k, k)) for k in keys]
    bands = rd.los_bands  # council: the Ratsfassung's (possibly merged) bands
    chart = table = None
    if pub is not None:
        chart, table = _los_chart_table(pub, bands, keys, categories)
    long_share = rd.kpi_tile("long_stay_share")
    kpis = [long_share, rd.kpi_tile("entitled_residents")]
    if rd.completed and rd.completed.get("count") and not rd.council:  # council: not in the Ratsfassung
        c = rd.completed
        kpis.append(Kpi("Abgeschlossene Aufenthalte", fmt.integer(c["count"])))
        median = c.get("median_days")
        if median is not None:
            kpis.append(Kpi("Median abgeschlossener Aufenthalte",
                            fmt.unit(median / stays_mod.DAYS_PER_MONTH, "Monate", 1)))
    return make_section(rd, "length_of_stay", "residents", headline=_kpi_headline(rd),
                        kpis=kpis, chart=chart, table=table,
                        table_formats={c: "#,##0" for c in [*bands, "Bewohner gesamt"]},
                        notes=_los_notes(rd, categories, keys))


def _los_chart_table(pub, bands: list[str], keys: list, categories: list[str]):
    """The stacked bars per accommodation and the table, from the protected per-site bands."""
    series = []
    for band in bands:
        payload = dc.chart_payload(pub, band)
        by_label = dict(zip(payload.labels, payload.values))
        series.append(Series(band, [by_label.get(k) for k in keys], palette.colour_for(band)))
    chart = ChartSpec("stacked_bar", categories, series, y_title="Bewohner")
    display = pub.display
    table = pd.DataFrame({"Unterkunft": categories + ["Gesamt"]})
    for col in [*bands, TOTAL]:
        values = []
        for row in [*keys, TOTAL]:
            f = pub.cell(row, col)
            values.append(display.at[row, col] if f.suppressed else f.value)
        table[col if col != TOTAL else "Bewohner gesamt"] = values
    return chart, table


def _los_notes(rd: ReportData, categories: list[str], keys: list) -> str:
    total = rd.roster_total
    if T_LOS in rd.pub:
        bands = [f"{b}: {count_text(rd.cell(T_LOS, TOTAL, b))}" for b in rd.los_bands]
    else:  # council, per-site bands dropped: the city's bands of the Ratsfassung
        city = rd.pub.get(rf.BANDS)
        rows = [] if city is None else [b for b in city.values.index if b != TOTAL]
        bands = [f"{b}: {count_text(rd.cell(rf.BANDS, b))}" for b in rows]
    years = fmt.num(rd.standards.long_stay_years)
    lines = [
        f"Die Grafik zeigt, wie lange die {count_text(total)} am {fmt.date(rd.inputs.roster_date)} schon in ihrer "
        f"Unterkunft leben, gestapelt nach Dauer: " + "; ".join(bands) + ".",
        f"Seit mindestens {years} Jahren dort: {rd.kpi_tile('long_stay_share').value_text}.",
    ]
    per = stays_mod.long_stay_by_accommodation(
        rd.inputs.roster[rd.inputs.roster["accommodation_id"].isin(keys).to_numpy()], rd.standards.long_stay_years)
    per = dict(zip(per["accommodation_id"], per["share"]))
    shares = []
    for name, key in zip(categories, keys):
        if key not in per or pd.isna(per[key]):
            continue
        if rd.council:  # a share of a hidden or small count would give the count away
            parts = [rd.cell(T_LOS, key, b) for b in rd.long_bands or []]
            if not parts or any(p is None for p in parts):
                continue
            check = dc.share(figure_sum(parts, rd.cfg), rd.cell(T_LOS, key, TOTAL), rd.cfg)
            if check.suppressed:
                continue
        shares.append((name, published(per[key], "share")))
    if shares:
        name, top = max(shares, key=lambda x: x[1].value)
        lines.append(f"Den höchsten Anteil langer Aufenthalte hat {name} ({top.text}).")
    if rd.completed and rd.completed.get("count") and not rd.council:  # council: not in the Ratsfassung
        c = rd.completed
        lines.append(
            f"Bis zum Stichtag endeten {fmt.integer(c['count'])} Aufenthalte; "
            + (f"im Median nach {fmt.num(c['median_days'] / stays_mod.DAYS_PER_MONTH, 1)} Monaten, "
               if c.get("median_days") is not None else "")
            + (f"{fmt.pct(c['share_over_18_months'])} dauerten 18 Monate oder länger."
               if c.get("share_over_18_months") is not None else ""))
    lines.append("Annahmen: Dauer ab dem Einzug in die jetzige Unterkunft bis zum Stichtag (365,25 Tage je Jahr); "
                 "gezählt werden Bewohner der Unterkünfte in Betrieb laut Bewohnerdatei. Auszugsberechtigt: Angabe "
                 "der Bewohnerdatei oder ein Aufenthaltsstatus mit Anerkennung oder Schutz.")
    lines.extend(rd.coarsening)
    lines.append(disclosure_note(rd, T_LOS))
    return join_text(*lines)


def section_housing(rd: ReportData) -> Section | None:
    ht = rd.housing_table
    if not len(ht):
        return None
    total_row = ht[ht["area_id"] == housing_mod.CITY_ID].iloc[0]
    inspected = float(total_row["inspected"])
    open_f = rd.open_defects_total
    share_f = dc.share(open_f, published(inspected), rd.cfg, complement=False) if open_f.suppressed or \
        rd.council else published(total_row["open_share"], "share")
    over_f = rd.cell(T_HOUSING, TOTAL, "overcrowded") or rd.count(total_row["overcrowded"])
    date = rd.inputs.housing_date
    headline = (f"{open_f.text} von {fmt.plural(inspected, 'geprüftem Objekt', 'geprüften Objekten')} haben am "
                f"{fmt.date(date)} offene Mängel" + (f" ({share_f.text})" if not share_f.suppressed else "") + ".")
    kpis = [Kpi("Geprüfte Objekte", fmt.integer(inspected)), rd.kpi_tile("open_defects"),
            Kpi("Anteil mit offenen Mängeln", share_f.text), Kpi("Überbelegt", over_f.text)]
    median = number_or_none(total_row["median_days_to_resolution"])
    resolved = number_or_none(total_row["resolved"]) or 0.0
    if median is not None and not (rd.council and rd.cfg.is_small(resolved)):
        kpis.append(Kpi("Median bis zur Behebung", fmt.unit(median, "Tage")))
    chart = None
    types = rd.defect_types
    if types is not None:
        pub = rd.pub[T_TYPES]
        chart = ChartSpec("barh", list(types.index), [
            Series("offen", [figure_value(pub.cell(t, OPEN)) for t in types.index], palette.colour_for("offen")),
            Series("behoben", [figure_value(pub.cell(t, RESOLVED)) for t in types.index],
                   palette.colour_for("behoben")),
        ], y_title="Objekte")
    hmap = None
    if rd.housing_area is not None:
        values = {d: figure_value(rd.cell(T_HOUSING, d, "open")) for d in rd.housing_area.index if d != NO_DISTRICT}
        hmap = MapSpec(rd.geojson(), values, legend_title="Objekte mit offenen Mängeln", unit="(Anzahl)",
                       missing_label="ausgeblendet oder nicht geprüft" if rd.council else "nicht geprüft",
                       council=rd.council)
    return make_section(rd, "housing", "housing", headline=headline, kpis=kpis, chart=chart, map=hmap,
                    table=_housing_table(rd),
                    table_formats={"Geprüft": "#,##0", "Mit offenen Mängeln": "#,##0", "Anteil offen": "0.0%",
                                   "Überbelegt": "#,##0", "Median Tage bis Behebung": "#,##0"},
                    notes=_housing_notes(rd, open_f, inspected))


def _housing_table(rd: ReportData) -> pd.DataFrame:
    rows = []
    for _, r in rd.housing_table.iterrows():
        aid = r["area_id"]
        if aid == housing_mod.CITY_ID:
            key, label = TOTAL, ("Gesamt" if rd.district_ids else r["area"])
        elif aid == housing_mod.FOCUS_ID:
            key, label = None, rd.focus_label
        else:
            key, label = aid, r["area"]
        cell = (lambda c: rd.cell(T_FOCUS, c)) if key is None else (lambda c: rd.cell(T_HOUSING, key, c))
        open_f = cell("open") or rd.count(r["open"])
        over_f = cell("overcrowded") or _council_unknown(rd, r["overcrowded"])
        inspected = number_or_none(r["inspected"]) or 0.0
        # council: the inspected objects are the Ratsfassung's cell too (a district with 1–2 objects)
        inspected_f = (cell("inspected") or _council_unknown(rd, inspected)) if rd.council else published(inspected)
        share_f = dc.share(open_f, inspected_f, rd.cfg, complement=False) if rd.council \
            else published(r["open_share"], "share")
        median = number_or_none(r["median_days_to_resolution"])
        if rd.council and rd.cfg.is_small(number_or_none(r["resolved"]) or 0.0):
            median_v = dc.HIDDEN_MARKER if median is not None else None
        else:
            median_v = median
        rows.append({
            "Gebiet": label, "Geprüft": inspected_f.text if inspected_f.suppressed else inspected_f.value,
            "Mit offenen Mängeln": open_f.text if open_f.suppressed else open_f.value,
            "Anteil offen": share_f.text if share_f.suppressed else share_f.value,
            "Überbelegt": over_f.text if over_f.suppressed else over_f.value,
            "Median Tage bis Behebung": median_v,
        })
    return pd.DataFrame(rows)


def _council_unknown(rd: ReportData, value) -> Figure:
    """A count the Ratsfassung does not contain: hidden in council mode (it would stand beside the
    protected cells unprotected), as it is outside council mode."""
    if rd.council:
        return Figure(None, dc.SECONDARY, cfg=rd.cfg)
    return rd.count(value)


def _housing_notes(rd: ReportData, open_f: Figure, inspected: float) -> str:
    types = rd.defect_types
    lines = [f"Gezählt werden Objekte (Wohnungen oder Gebäude), die die Wohnungsaufsicht bis zum "
             f"{fmt.date(rd.inputs.housing_date)} geprüft hat: {fmt.integer(inspected)} Objekte, davon "
             f"{open_f.text} mit mindestens einem offenen Mangel."]
    if types is not None:
        pub = rd.pub[T_TYPES]
        shown = [(t, pub.cell(t, OPEN)) for t in types.index]
        shown = [(t, f) for t, f in shown if not f.suppressed and f.value is not None]
        if shown:
            name, top = max(shown, key=lambda x: x[1].value)
            lines.append(f"Häufigster offener Mangel: {name} ({fmt.plural(top.value, 'Objekt', 'Objekte')}). "
                         "Ein Objekt kann mehrere Mängel haben; die Balken addieren sich daher nicht zur Gesamtzahl.")
    if rd.housing_area is not None and len(rd.housing_area):
        per = [(d, rd.cell(T_HOUSING, d, "open")) for d in rd.housing_area.index if d != NO_DISTRICT]
        per = [(d, f) for d, f in per if not f.suppressed and f.value]
        if per:
            d, top = max(per, key=lambda x: x[1].value)
            lines.append(f"Die meisten offenen Mängel hat der Stadtteil {areas.district_name(d)} "
                         f"({fmt.integer(top.value)}).")
    s = rd.standards
    lines.append(
        f"Annahmen: Ein Mangel ist behoben, wenn sein Behebungsdatum am oder vor dem Stichtag liegt, sonst "
        f"entscheidet der Status „behoben“. Überbelegt: weniger als {fmt.m2(s.m2_per_adult_flat, 0)} je "
        f"Erwachsenem und {fmt.m2(s.m2_per_child_under6_flat, 0)} je Kind unter 6 Jahren. "
        "Adressen privater Wohnungen werden im Bericht nicht gezeigt.")
    lines.append(disclosure_note(rd, T_HOUSING, T_TYPES))
    return join_text(*lines)


def _kita_rows(rd: ReportData) -> pd.DataFrame:
    k = rd.kita
    districts = k[k["level"] == areas.LEVEL_DISTRICT]
    if rd.district_ids:
        districts = districts[districts["area_id"].isin(rd.district_ids).to_numpy()]
    return districts


def section_services(rd: ReportData) -> Section | None:
    k = rd.kita
    if not len(k):
        return None
    districts = _kita_rows(rd)
    focus = k[k["area_id"] == areas.FOCUS_ID]
    city = k[k["area_id"] == areas.CITY_ID]
    chart = ChartSpec("bar", [str(a) for a in districts["area_id"]], [
        Series("Kita-Plätze", [number_or_none(v) for v in districts["places"]], COLOUR_OCCUPANCY),
        Series("Bedarf", [number_or_none(v) for v in districts["demand"]], COLOUR_DEMAND),
    ], y_title="Plätze")
    kmap = MapSpec(rd.geojson(), {str(a): number_or_none(v) for a, v in zip(districts["area_id"], districts["coverage"])},
                   legend_title="Kita-Versorgung", unit="(Plätze in % des Bedarfs)", number_format="0.0%",
                   breaks=[0.8, 0.9, 1.0, 1.1])
    fc = number_or_none(focus["coverage"].iloc[0]) if len(focus) else None
    cc = number_or_none(city["coverage"].iloc[0]) if len(city) else None
    short = number_or_none(focus["shortfall"].iloc[0]) if len(focus) else None
    headline = ""
    if fc is not None:
        headline = (f"Die Kita-Versorgung im Fokusgebiet ({rd.focus_label}) liegt bei {fmt.share(fc)} des Bedarfs"
                    + (f" (Stadt {fmt.share(cc)})" if cc is not None else "")
                    + (f"; es fehlen rund {fmt.integer(short)} Plätze" if short and short >= 0.5 else "") + ".")
    elif cc is not None:
        headline = f"Die Kita-Versorgung der Stadt liegt bei {fmt.share(cc)} des Bedarfs."
    kpis = [rd.kpi_tile("kita_coverage")]
    if cc is not None:
        kpis.append(Kpi("Kita-Versorgung Stadt", fmt.share(cc)))
    if len(city) and number_or_none(city["shortfall"].iloc[0]) is not None:
        kpis.append(Kpi("Fehlende Kita-Plätze (Stadt)", fmt.integer(city["shortfall"].iloc[0])))
    school_city = rd.school[rd.school["area_id"] == areas.CITY_ID] if len(rd.school) else pd.DataFrame()
    if len(school_city) and number_or_none(school_city["coverage"].iloc[0]) is not None:
        kpis.append(Kpi("Grundschulplätze je Kind 6–9", fmt.share(school_city["coverage"].iloc[0])))
    rows = pd.concat([districts, focus, city])
    table = pd.DataFrame({
        "Gebiet": [rd.focus_label if a == areas.FOCUS_ID else str(n)
                   for a, n in zip(rows["area_id"], rows["area"])],
        "Kinder unter 6": (rows["children_under_2"] + rows["children_2"] + rows["children_3_5"]).to_numpy(),
        "Bedarf": rows["demand"].to_numpy(), "Kita-Plätze": rows["places"].to_numpy(),
        "Versorgung": rows["coverage"].to_numpy(), "Fehlende Plätze": rows["shortfall"].to_numpy(),
    })
    if services_tables.COUNCIL_HIDDEN in rows:  # council: rows whose child counts the Ratsfassung hides
        hidden = rows[services_tables.COUNCIL_HIDDEN].fillna(False).to_numpy(dtype=bool)
        for col in ("Kinder unter 6", "Bedarf", "Versorgung", "Fehlende Plätze"):
            table[col] = table[col].astype(object).where(~hidden, dc.HIDDEN_MARKER)
        if len(focus) and bool(focus[services_tables.COUNCIL_HIDDEN].iloc[0]):
            kpis[0] = Kpi(kpis[0].label, dc.HIDDEN_MARKER)
    return make_section(rd, "services", "services", headline=headline, kpis=kpis, chart=chart, map=kmap, table=table,
                    table_formats={"Kinder unter 6": "#,##0", "Bedarf": "#,##0", "Kita-Plätze": "#,##0",
                                   "Versorgung": "0.0%", "Fehlende Plätze": "#,##0"},
                    notes=_services_notes(rd, districts))


def _services_notes(rd: ReportData, districts: pd.DataFrame) -> str:
    s = rd.standards
    lines = [f"Die Grafik stellt je Stadtteil die Kita-Plätze dem rechnerischen Bedarf gegenüber "
             f"(Kinder laut Stadtteildaten vom {fmt.date(rd.stichtag('districts'))}, Einrichtungen vom "
             f"{fmt.date(rd.stichtag('services'))})."]
    cov = districts[districts["coverage"].notna()]
    if len(cov):
        low = cov.sort_values("coverage").iloc[0]
        lines.append(f"Am niedrigsten ist die Versorgung in {low['area']} ({fmt.share(low['coverage'])}).")
        below = int((cov["coverage"] < 1).sum())
        lines.append(f"{fmt.plural(below, 'Stadtteil liegt', 'Stadtteile liegen')} unter 100 % des Bedarfs.")
    lines.append(f"Annahmen: Bedarf = Kinder unter 2 Jahren × {fmt.pct(s.kita_rate_under_2)} + Kinder mit 2 Jahren × "
                 f"{fmt.pct(s.kita_rate_2, 0)} + Kinder von 3 bis 5 Jahren × {fmt.pct(s.kita_rate_3_5, 0)} "
                 "(Bedarfsquoten des Jugendhilfeausschusses); Grundschulbedarf = Kinder von 6 bis 9 Jahren. "
                 "Statistik der Einwohner, keine Zählung von Bewohnern der Unterkünfte.")
    return join_text(*lines)


def section_district_profile(rd: ReportData) -> Section | None:
    """Stadtteilprofil: the focus area's profile as the page shows it (`profile_view`, protected in
    council mode: the same figures, readings and headline as on the screen)."""
    p = rd.profile
    kpis = [Kpi(p.row(key).label, p.row(key).value_text, f"Stadt {p.row(key).city_text}")
            for key in ("accommodation_residents", "kita", "housing")]
    lines = [f"Das Profil vergleicht {p.label} mit der ganzen Stadt am {fmt.date(p.stichtag)}."]
    lines += [f"{r.label}: {r.reading}" for r in p.rows]
    if p.missing:
        lines.append("Es fehlen: " + " ".join(p.missing))
    lines.append("Annahmen: Menschen in Unterkünften ohne geschlossene Unterkünfte; Erreichbarkeit als Luftlinie "
                 "(Wege sind länger); Stadtteilwerte laut Statistikstelle.")
    lines.append(council_note(rd, _profile_statuses(p, rd.cfg)))
    return make_section(rd, "district_profile", None, title=f"Stadtteilprofil: {p.label}",
                        headline=profile_view.headline(p, rd.council), kpis=kpis, table=profile_view.display(p),
                        notes=join_text(*lines))


def _profile_statuses(p: profile_mod.Profile, cfg) -> set[str]:
    """What the profile's figures hide: small counts (the marker) and figures hidden with them (•)."""
    shown = {text for r in p.rows for text in (r.value_text, r.city_text)}
    return ({dc.PRIMARY} if cfg.marker in shown else set()) | ({dc.DERIVED} if dc.HIDDEN_MARKER in shown else set())
