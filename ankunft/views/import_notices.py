"""Daten: what an import changes beyond its own rows, said before the officer confirms it (markdown
texts: file and sheet names escaped with ``fmt.md``).

- leaving out faulty rows: what then leaves the city's totals ("1 Unterkunft mit 160 Plätzen fehlt
  dann in allen Summen (Stadt: 14 → 13 Unterkünfte)"), from the same indicator functions the pages use,
  once with and once without the rows;
- the first real import removes the demo: which datasets (office, what they hold) then have no data yet
  and which pages stay empty; a file without coordinates leaves the maps without its places.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from ankunft.core import fmt, glossary
from ankunft.importing.report import FileReport, TableReport
from ankunft.indicators import Unavailable
from ankunft.indicators import accommodations as acc_ind
from ankunft.indicators import services as services_ind
from ankunft.indicators import stays as stays_ind

# What each dataset holds, in the office's words, and the pages that stay empty without it.
HOLDS = {
    "accommodations": "Unterkünfte",
    "residents": "Aufenthalte",
    "housing": "Wohnungen",
    "services": "Kitas und Schulen",
    "districts": "Einwohner je Stadtteil",
}
PAGES = {
    "accommodations": ("Übersicht", "Unterkünfte", "Szenarien"),
    "residents": ("Unterkünfte", "Szenarien"),
    "housing": ("Wohnqualität",),
    "services": ("Soziale Infrastruktur",),
    "districts": ("Stadtteilprofil",),
}
# (singular, plural) of one row
NOUNS = {
    "accommodations": ("Unterkunft", "Unterkünfte"),
    "residents": ("Aufenthalt", "Aufenthalte"),
    "housing": ("Objekt", "Objekte"),
    "services": ("Einrichtung", "Einrichtungen"),
    "districts": ("Stadtteil", "Stadtteile"),
}
MAPPED = ("accommodations", "housing", "services")  # datasets drawn as places on the maps


def _n(x: float | None) -> str:
    return fmt.integer(x) if x is not None and not pd.isna(x) else fmt.MISSING


def _sum(df: pd.DataFrame, col: str) -> float | None:
    if col not in df.columns or df[col].isna().all():
        return None
    return float(df[col].sum())


def _arrow(label: str, before: float | None, after: float | None) -> str | None:
    if before is None or after is None or before == after:
        return None
    return f"{label} {_n(before)} → {_n(after)}"


def _accommodations(full: pd.DataFrame, kept: pd.DataFrame, left: pd.DataFrame, day: dt.date) -> str:
    before = acc_ind.totals(acc_ind.accommodation_table(full, day))
    after = acc_ind.totals(acc_ind.accommodation_table(kept, day))
    n = len(left)
    places = _sum(left, "capacity")
    what = fmt.plural(n, "Unterkunft", "Unterkünfte")
    with_places = f" mit {fmt.plural(places, 'Platz', 'Plätzen')}" if places else ""
    city = [f"{_n(before['accommodations'])} → {_n(after['accommodations'])} Unterkünfte"]
    city += [x for x in (_arrow("Plätze", before["capacity"], after["capacity"]),
                         _arrow("Belegung", before["occupancy"], after["occupancy"])) if x]
    verb = "fehlt" if n == 1 else "fehlen"
    return f"{what}{with_places} {verb} dann in allen Summen (Stadt: {', '.join(city)})."


def _residents(full: pd.DataFrame, kept: pd.DataFrame, left: pd.DataFrame, day: dt.date) -> str:
    def present(df):
        r = stays_ind.roster(df, day)
        return None if isinstance(r, Unavailable) else float(len(r))

    before, after = present(full), present(kept)
    n = len(left)
    verb = "fehlt" if n == 1 else "fehlen"
    city = _arrow("am Stichtag untergebracht", before, after)
    return (f"{fmt.plural(n, 'Aufenthalt', 'Aufenthalte')} {verb} dann in allen Summen"
            + (f" (Stadt: {city} Personen)." if city else "."))


def _by_sum(dataset: str, col: str, unit: str):
    def effect(full: pd.DataFrame, kept: pd.DataFrame, left: pd.DataFrame, day: dt.date) -> str:
        one, many = NOUNS[dataset]
        n = len(left)
        verb = "fehlt" if n == 1 else "fehlen"
        parts = [f"{_n(len(full))} → {_n(len(kept))} {many}"]
        if dataset == "services":
            k = (services_ind.kita_places(full, None), services_ind.kita_places(kept, None))
            parts.append(_arrow("Kita-Plätze", *k))
        else:
            parts.append(_arrow(unit, _sum(full, col), _sum(kept, col)))
        return f"{fmt.plural(n, one, many)} {verb} dann in allen Summen (Stadt: {', '.join(p for p in parts if p)})."
    return effect


_EFFECTS = {
    "accommodations": _accommodations,
    "residents": _residents,
    "housing": _by_sum("housing", "residents", "Bewohner"),
    "services": _by_sum("services", "capacity", "Plätze"),
    "districts": _by_sum("districts", "population", "Einwohner"),
}


def left_out_effect(table: TableReport) -> str | None:
    """What leaves the totals when ``table`` is imported without its faulty rows (None when nothing would)."""
    bad = table.error_rows()
    if not bad or table.stichtag is None or table.blocking or table.dataset not in _EFFECTS or table.frame is None \
            or "_row" not in table.frame.columns:
        return None
    rows = table.frame["_row"].isin(bad).to_numpy()
    full = table.frame.drop(columns="_row").reset_index(drop=True)
    kept = table.frame[~rows].drop(columns="_row").reset_index(drop=True)
    left = table.frame[rows].drop(columns="_row").reset_index(drop=True)
    day = table.stichtag
    if day is None:  # not importable without a Stichtag; the totals depend on it
        return None
    where = f"{fmt.md(table.file)}, Blatt „{fmt.md(table.sheet)}“: " if table.sheet else f"{fmt.md(table.file)}: "
    return where + _EFFECTS[table.dataset](full, kept, left, day)


def left_out_effects(reports: list[FileReport]) -> list[str]:
    """One sentence per table with faulty rows: what an import without them leaves out of the totals."""
    return [e for r in reports for t in r.tables if (e := left_out_effect(t))]


# --- first real import ---------------------------------------------------------------------------
def _office(key: str) -> str:
    return f"{glossary.DATASETS[key].source_office} ({HOLDS[key]})"


def missing_notice(missing: list[str], *, before_import: bool) -> str | None:
    """The datasets without real data, by office, and the pages that stay empty (None when all are there)."""
    missing = [k for k in glossary.DATASET_KEYS if k in missing]
    if not missing:
        return None
    pages = list(dict.fromkeys(p for k in missing for p in PAGES[k]))
    offices = ", ".join(_office(k) for k in missing)
    lead = ("Mit diesem ersten Import echter Daten werden alle Beispieldaten entfernt. Danach noch keine echten "
            "Daten: " if before_import else "Noch keine echten Daten: ")
    return (f"{lead}{offices} – diese Seiten bleiben ganz oder teilweise leer, bis die Dateien importiert sind: "
            f"{', '.join(pages)}.")


def first_import_notice(reports: list[FileReport], is_demo: bool) -> str | None:
    """Before the first real import (the store shows the demo): what the demo removal leaves empty."""
    if not is_demo:
        return None
    coming = {t.dataset for r in reports for t in r.tables if t.dataset}
    return missing_notice([k for k in glossary.DATASET_KEYS if k not in coming], before_import=True)


def stored_missing_notice(fresh: pd.DataFrame, is_demo: bool) -> str | None:
    """After real data exist (``Store.freshness``): the datasets still without real data."""
    if is_demo or fresh["stichtag"].notna().sum() == 0:
        return None
    return missing_notice(fresh.loc[fresh["stichtag"].isna(), "dataset"].tolist(), before_import=False)


def _no_places(key: str, frame: pd.DataFrame) -> bool:
    return len(frame) > 0 and ("lat" not in frame.columns or "lon" not in frame.columns
                              or not (frame["lat"].notna() & frame["lon"].notna()).any())


def coordinates_note(key: str, frame: pd.DataFrame, file_name: str | None = None) -> str | None:
    """A dataset drawn on the maps without any coordinates: why the maps show none of its places."""
    if key not in MAPPED or not _no_places(key, frame):
        return None
    src = f"„{fmt.md(file_name)}“ enthält" if file_name else "Die Daten enthalten"
    return (f"{src} keine Koordinaten (Breitengrad/Längengrad) für {glossary.DATASETS[key].label}: die Karten "
            f"zeigen deshalb keine Standorte dieser {NOUNS[key][1]}, nur die Stadtteilflächen. Abhilfe: eine Datei "
            "mit den Spalten „Breitengrad“ und „Längengrad“ importieren.")


def coordinates_notes(reports: list[FileReport]) -> list[str]:
    """Before an import: one note per table of a mapped dataset without coordinates."""
    return [n for r in reports for t in r.tables if t.dataset and not t.blocking
            and (n := coordinates_note(t.dataset, t.frame, r.file))]


def stored_coordinates_notes(state) -> list[str]:
    """After an import (a ``DataState`` of real data): one note per mapped dataset stored without coordinates."""
    if state.is_demo:
        return []
    return [n for key in MAPPED if state.has(key)
            and (n := coordinates_note(key, state.df(key), state.views[key].file_name))]
