"""Validation rules per dataset -> report issues with stable codes; reference checks across tables.

All rules are vectorised over the canonical frame; "now" is the table's Stichtag, never the clock.
"""

from __future__ import annotations

import datetime as dt
import re

import numpy as np
import pandas as pd

from ankunft.core import fmt, glossary, reference
from ankunft.core.names import name_key
from ankunft.importing import vocab
from ankunft.importing.matching import has_key_word, names_house_number
from ankunft.importing.parse import show
from ankunft.importing.report import Issue, TableReport

# --- accommodation names ---------------------------------------------------------------------
# Word variants folded before comparing accommodation names ("Ehem. Hauptpost" = "Ehemalige Hauptpost").


def id_key(value: object) -> str:
    """Normalised id for matching: case and spaces folded; purely numeric ids without leading zeros."""
    if value is None or value is pd.NA or (isinstance(value, float) and np.isnan(value)):
        return ""
    s = re.sub(r"\s+", "", str(value).strip().lower())
    if re.fullmatch(r"\d+(\.0+)?", s):
        return str(int(float(s)))
    return s


# --- helpers ---------------------------------------------------------------------------------
def _add_rows(t: TableReport, df: pd.DataFrame, mask, code: str, severity: str, fld: str | None,
              headers: dict[str, str], message) -> int:
    """One issue per flagged row. `message` is a str or a callable(row dict) -> str; the row dict holds
    the frame's columns plus "_idx" (the index label)."""
    mask = np.asarray(mask, dtype=bool)
    if not mask.any():
        return 0
    sub = df[mask]
    col = headers.get(fld) if fld else None
    records = sub.to_dict("records") if callable(message) or fld else [{} for _ in range(len(sub))]
    n = 0
    for idx, row_no, r in zip(sub.index.tolist(), sub["_row"].tolist(), records):
        r["_idx"] = idx
        val = show(_py(r[fld])) if fld and fld in r else None
        msg = message(r) if callable(message) else message
        t.add(Issue(code, msg, row=int(row_no), column=col, value=val, severity=severity))
        n += 1
    return n


def _py(v):
    if v is None or v is pd.NA or v is pd.NaT or (isinstance(v, float) and v != v):
        return None
    if isinstance(v, pd.Timestamp):
        return v.date()
    if isinstance(v, (np.floating,)):
        return float(v)
    if isinstance(v, (np.integer,)):
        return int(v)
    return v


def _num(v) -> str:
    return fmt.num(v, 0) if float(v).is_integer() else fmt.num(v, 2)


def _stamp(d: dt.date | None):
    return pd.Timestamp(d) if d else None


# --- districts ---------------------------------------------------------------------------------
def resolve_districts(t: TableReport, df: pd.DataFrame, headers: dict[str, str]) -> None:
    """district_id / district -> the city's ids ("09") and names; unknown districts are warnings."""
    name_field = "name" if t.dataset == "districts" else "district"
    has_id = "district_id" in df.columns and df["district_id"].notna().any()
    has_name = name_field in df.columns and df[name_field].notna().any()
    if not has_id and not has_name:
        return
    cache: dict = {}

    def res(v):
        v = _py(v)
        if v is None:
            return None
        if v not in cache:
            cache[v] = reference.resolve_district(v)
        return cache[v]

    raw_ids = df["district_id"].tolist() if has_id else [None] * len(df)
    raw_names = df[name_field].tolist() if has_name else [None] * len(df)
    rid = [res(v) for v in raw_ids]
    rname = [res(v) for v in raw_names]
    final = [a or b for a, b in zip(rid, rname)]
    bad_id = np.array([_py(v) is not None and a is None for v, a in zip(raw_ids, rid)], dtype=bool)
    bad_name = np.array([_py(v) is not None and b is None and a is None
                         for v, a, b in zip(raw_names, rid, rname)], dtype=bool)
    mism = np.array([a is not None and b is not None and a != b for a, b in zip(rid, rname)], dtype=bool)
    if has_id:
        _add_rows(t, df, bad_id, "unknown_district", "warning", "district_id", headers,
                  lambda r: f"Stadtteil-Nr. „{show(_py(r['district_id']))}“ ist in Kaiserslautern nicht bekannt.")
    if has_name:
        _add_rows(t, df, bad_name, "unknown_district", "warning", name_field, headers,
                  lambda r: f"Stadtteil „{show(_py(r[name_field]))}“ ist in Kaiserslautern nicht bekannt.")
    if has_id and has_name:
        _add_rows(t, df, mism, "district_mismatch", "warning", name_field, headers, lambda r: (
            f"Stadtteil „{show(_py(r[name_field]))}“ passt nicht zur Stadtteil-Nr. "
            f"„{show(_py(r['district_id']))}“; verwendet wird die Nummer."))
    df["district_id"] = pd.Series([f if f else _py(v) for f, v in zip(final, raw_ids)], index=df.index, dtype="object")
    if t.dataset != "districts" or not has_name:
        df[name_field] = pd.Series([reference.DISTRICT_NAMES[f] if f else _py(v) for f, v in zip(final, raw_names)],
                                   index=df.index, dtype="object")
    if not has_id:
        t.derived["district_id"] = "Stadtteil-Nr. aus dem Stadtteilnamen ermittelt."


# --- derived fields ------------------------------------------------------------------------------
def derive_fields(t: TableReport, df: pd.DataFrame, present: set[str]) -> None:
    """Fill fields that can be derived (reported in `t.derived` and as a warning)."""
    vocab.derive_from_defects(t, df, present)
    if t.dataset == "residents" and "may_move_out" not in present and "residence_status" in present:
        st = df["residence_status"]
        derived = pd.array(st.isin(reference.ENTITLED_STATUSES).to_numpy(), dtype="boolean")
        derived[st.isna().to_numpy()] = pd.NA
        df["may_move_out"] = pd.Series(derived, index=df.index)
        msg = ("Auszugsberechtigung aus dem Aufenthaltsstatus abgeleitet (anerkannt, subsidiärer Schutz, "
               "Abschiebungsverbot, § 24 = ja; Asylverfahren, Duldung, Sonstiges = nein).")
        t.derived["may_move_out"] = msg
        t.add(Issue("derived_column", msg, column=None, severity="warning"))


# --- fields kept in several columns --------------------------------------------------------------------
# An address split as the registry keeps it – Straße | Hausnr. (| Zusatz) | PLZ | Ort – is the street with its house
# number ("Teststraße 14a"); the composition is reported (`derived_column`), the house number columns count as read.
# PLZ and Ort stay unread columns (the city is the same for every row).
_SUFFIX_HEADER = re.compile(r"\b(zusatz|hausnummernzusatz|hausnummer zusatz|buchstabe)\b")
_LETTERS = re.compile(r"[A-Za-zÄÖÜäöüß]{1,2}")


def _part(v) -> str | None:
    if v is None or isinstance(v, bool):
        return None
    if isinstance(v, float):
        if v != v:
            return None
        return str(int(v)) if v.is_integer() else str(v).replace(".", ",")
    s = " ".join(str(v).split())
    return s or None


def join_house_numbers(t, m, cols: list[np.ndarray], frame: dict, block) -> None:
    """Street | house number (| addition) → "Street 12a" in the address field, reported as composed.

    Only when the address column holds streets without a number; a street cell that has its number keeps it."""
    if "address" not in frame:
        return
    street_col = next((c for c in m.columns if c.field == "address"), None)
    if street_col is None:
        return
    parts = [c for c in m.columns if not c.field and not c.identifier
             and (names_house_number(c.raw or c.header)
                  or _SUFFIX_HEADER.search(glossary.normalise_header(c.raw or c.header)))]
    if not parts or not any(names_house_number(c.raw or c.header) for c in parts):
        return
    parts.sort(key=lambda c: (not names_house_number(c.raw or c.header), c.index))
    values = [cols[c.index][block].tolist() for c in parts]
    streets = frame["address"]
    out = np.empty(len(streets), dtype=object)
    joined = 0
    for i, street in enumerate(streets):
        s = _part(street)
        if s is None or any(ch.isdigit() for ch in s):
            out[i] = street if s is not None else None
            continue
        number = ""
        for v in values:
            p = _part(v[i])
            if p is None:
                continue
            number += p if number and _LETTERS.fullmatch(p) else (" " + p if number else p)
        out[i] = f"{s} {number}" if number else s
        joined += bool(number)
    if not joined:
        return
    frame["address"] = out
    names = " und ".join(f"„{c.header}“" for c in [street_col, *parts])
    msg = f"Adresse aus {names} zusammengesetzt ({joined} Zeilen)."
    t.derived["address"] = msg
    t.add(Issue("derived_column", msg, column=street_col.header, severity="warning"))
    for c in parts:
        if c.header in t.unmapped_columns:
            t.unmapped_columns.remove(c.header)
        t.columns[c.header] = "address"


# A household list: a household's number beside the count of its members, no person number – one row per household
_HOUSEHOLD = re.compile(r"\b(hh|haushalt\w*|bg|bedarfsgemeinschaft\w*|fam|familie\w*)\b")
_MEMBERS = re.compile(r"\b(personen|pers|personenzahl|haushaltsgroesse|haushaltsgrosse|mitglieder|koepfe|kinder)\b")
_ROW_KEYS = {"residents": "person_id", "accommodations": "id", "housing": "object_id", "services": "id"}


def _household_rows(t: TableReport) -> None:
    """One row per household ("HH-Nr." | "Personen" 4, 3 …) is no list of persons, flats or places: refused with
    the reason (the key of a row missing or taken from the household number), not with a misleading column."""
    key = _ROW_KEYS.get(t.dataset)
    if key is None:
        return
    headers = [*t.columns, *t.unmapped_columns, *t.dropped_identifier_columns]
    norm = {h: glossary.normalise_header(h) for h in headers}
    hh = next((h for h, n in norm.items() if _HOUSEHOLD.search(n) and has_key_word(h)), None)
    count = next((h for h, n in norm.items() if h != hh and _MEMBERS.search(n) and not has_key_word(h)), None)
    keyed_by = next((h for h, f in t.columns.items() if f == key), None)
    if hh is None or count is None or (keyed_by is not None and keyed_by != hh):
        return
    t.add(Issue("household_list", f"Die Tabelle hat eine Zeile je Haushalt („{hh}“; „{count}“ zählt seine "
                                  "Mitglieder). Aufenthalte brauchen eine Zeile je Person mit Personen-Nr., Unterkünfte "
                                  "und Wohnungen eine Zeile je Ort – die Liste wird so nicht übernommen. Bitte die "
                                  "Personenliste exportieren oder den Datenbestand von Hand zuordnen.",
                column=count, severity="error"))
    t.blocking = True


# --- per-table rules ---------------------------------------------------------------------------------
def validate_table(t: TableReport, df: pd.DataFrame, headers: dict[str, str],
                   flagged: set[tuple[int, str]] | None = None) -> None:
    """Required values, ranges, duplicates and dataset rules. `df` is canonical with "_row".

    `flagged` holds (excel row, field) pairs that already have a parse error (not reported twice).
    """
    ds = glossary.DATASETS[t.dataset]
    flagged = flagged or set()
    rows = df["_row"].to_numpy()
    present = set(headers)
    _household_rows(t)

    def not_flagged(fld: str) -> np.ndarray:
        if not flagged:
            return np.ones(len(df), dtype=bool)
        return np.array([(int(r), fld) not in flagged for r in rows], dtype=bool)

    for key in ds.required:
        if key not in present and key not in t.derived:
            continue
        miss = df[key].isna().to_numpy() & not_flagged(key)
        _add_rows(t, df, miss, "missing_value", "error", key, headers,
                  f"Pflichtfeld „{ds.field(key).label}“ ist leer.")
    for f in ds.fields:
        if f.kind not in glossary.NUMERIC_KINDS or f.key not in df.columns:
            continue
        v = df[f.key].to_numpy(dtype="float64")
        if f.min is not None:
            if f.min == 0:
                _add_rows(t, df, v < 0, "negative_value", "error", f.key, headers,
                          lambda r, f=f: f"{f.label}: negativer Wert {_num(r[f.key])} ist nicht möglich.")
            else:
                _add_rows(t, df, v < f.min, "out_of_range", "error", f.key, headers,
                          lambda r, f=f: f"{f.label}: {_num(r[f.key])} liegt unter dem Mindestwert {_num(f.min)}.")
        if f.max is not None:
            _add_rows(t, df, v > f.max, "out_of_range", "error", f.key, headers,
                      lambda r, f=f: f"{f.label}: {_num(r[f.key])} liegt über dem Höchstwert {_num(f.max)}.")
    _duplicates(t, df, headers)
    rule = _RULES.get(t.dataset)
    if rule:
        rule(t, df, headers)


def _key_columns(t: TableReport, df: pd.DataFrame) -> tuple[list[pd.Series], list[str], str]:
    """(key series, fields, description) used for the duplicate check."""
    ds = glossary.DATASETS[t.dataset]
    if t.dataset in ("accommodations", "services") and not glossary.has_values(df, "id"):
        key = df["name"].map(name_key) if "name" in df.columns else pd.Series("", index=df.index)
        if t.dataset == "services" and glossary.has_values(df, "category"):
            return [key.replace("", pd.NA), df["category"]], ["name", "category"], "Name und Kategorie"
        return [key.replace("", pd.NA)], ["name"], "Name"
    fields = list(ds.key_fields)
    return [df[k] for k in fields], fields, " und ".join(ds.field(k).label for k in fields)


def _duplicates(t: TableReport, df: pd.DataFrame, headers: dict[str, str]) -> None:
    if df.empty:
        return
    if any(k not in df.columns for k in glossary.DATASETS[t.dataset].key_fields):
        return
    series, fields, what = _key_columns(t, df)
    keys = pd.DataFrame({f"k{i}": s for i, s in enumerate(series)}, index=df.index)
    complete = keys.notna().all(axis=1).to_numpy()
    if t.dataset in ("accommodations", "services") and fields == ["id"]:
        keys["k0"] = keys["k0"].map(id_key)
    dup = keys.duplicated(keep="first").to_numpy() & complete
    if not dup.any():
        return
    first_row = {}
    for tup, r in zip(keys.itertuples(index=False, name=None), df["_row"].tolist()):
        first_row.setdefault(tup, r)
    key_tuples = list(keys.itertuples(index=False, name=None))
    pos = {idx: i for i, idx in enumerate(df.index)}

    def msg(r):
        tup = key_tuples[pos[r["_idx"]]]
        shown = " / ".join(show(_py(df.at[r["_idx"], f])) or "" for f in fields)
        return f"Doppelter Schlüssel ({what}) „{shown}“ – schon in Zeile {first_row[tup]}."

    _add_rows(t, df, dup, "duplicate_key", "error", fields[0], headers, msg)


def _accommodation_rules(t: TableReport, df: pd.DataFrame, headers: dict[str, str]) -> None:
    cap, occ = df["capacity"].to_numpy("float64"), df["occupancy"].to_numpy("float64")
    over = occ > cap
    _add_rows(t, df, over, "occupancy_above_capacity", "warning", "occupancy", headers, lambda r: (
        f"Belegung {_num(r['occupancy'])} liegt über den Plätzen ({_num(r['capacity'])})."))
    closed = (df["status"] == "geschlossen").fillna(False).to_numpy(bool) & (occ > 0)
    _add_rows(t, df, closed, "occupied_but_closed", "warning", "occupancy", headers, lambda r: (
        f"Unterkunft ist als geschlossen gemeldet, aber mit {_num(r['occupancy'])} Personen belegt."))
    _coordinates(t, df, headers)


def _coordinates(t: TableReport, df: pd.DataFrame, headers: dict[str, str]) -> None:
    if "lat" not in df.columns or "lon" not in df.columns:
        return
    lat, lon = df["lat"].to_numpy("float64"), df["lon"].to_numpy("float64")
    swapped = (lat > 5) & (lat < 16) & (lon > 45) & (lon < 56)
    if swapped.any():
        _add_rows(t, df, swapped, "coordinates_swapped", "warning", "lat", headers,
                  "Breiten- und Längengrad sind vertauscht; sie wurden getauscht.")
        df.loc[swapped, ["lat", "lon"]] = np.c_[lon[swapped], lat[swapped]]
        lat, lon = df["lat"].to_numpy("float64"), df["lon"].to_numpy("float64")
    c_lat, c_lon = reference.CITY_CENTRE
    far = np.isfinite(lat) & np.isfinite(lon) & ((np.abs(lat - c_lat) > 0.25) | (np.abs(lon - c_lon) > 0.35))
    _add_rows(t, df, far, "outside_city", "warning", "lat", headers,
              "Koordinaten liegen weit außerhalb von Kaiserslautern.")


def _resident_rules(t: TableReport, df: pd.DataFrame, headers: dict[str, str]) -> None:
    mi, mo = df["move_in"], df["move_out"]
    before = (mo < mi).fillna(False).to_numpy(bool)
    _add_rows(t, df, before, "move_out_before_move_in", "error", "move_out", headers, lambda r: (
        f"Auszug {fmt.date(r['move_out'])} liegt vor dem Einzug {fmt.date(r['move_in'])}."))
    early = (mi < pd.Timestamp("1990-01-01")).fillna(False).to_numpy(bool)
    _add_rows(t, df, early, "implausible_date", "warning", "move_in", headers, lambda r: (
        f"Einzug {fmt.date(r['move_in'])} ist unplausibel früh."))
    s = _stamp(t.stichtag)
    if s is not None:
        after = (mi > s).fillna(False).to_numpy(bool)
        _add_rows(t, df, after, "move_in_after_stichtag", "warning", "move_in", headers, lambda r: (
            f"Einzug {fmt.date(r['move_in'])} liegt nach dem Stichtag {fmt.date(t.stichtag)}."))
        by = df["birth_year"].to_numpy("float64")
        _add_rows(t, df, by > t.stichtag.year, "out_of_range", "error", "birth_year", headers, lambda r: (
            f"Geburtsjahr {_num(r['birth_year'])} liegt nach dem Stichtag."))
    # overlapping stays of one person (counted twice in a roster)
    rows = overlapping_stays(df)
    if rows:
        _add_rows(t, df, df["_row"].isin(rows).to_numpy(), "overlapping_stays", "warning", "move_in", headers,
                  lambda r: "Dieser Aufenthalt beginnt, bevor der vorige Aufenthalt derselben Person endet.")


_NAT_I8 = np.iinfo(np.int64).min


def overlapping_stays(df: pd.DataFrame) -> set[int]:
    """Excel rows of stays that begin before the previous stay of the same person ends (the previous one
    without move-out, or moving out after this move-in; not a second row with the same move-in).

    A person's stays in move-in order, ties in row order (a stable sort by person and move-in); the
    persons are told apart by their factorized ids – their order among each other does not matter."""
    ok = (df["person_id"].notna() & df["move_in"].notna()).to_numpy(bool)
    if ok.sum() < 2:
        return set()
    person = pd.factorize(df["person_id"])[0][ok]
    move_in = df["move_in"].to_numpy("datetime64[ns]").view("int64")[ok]
    move_out = df["move_out"].to_numpy("datetime64[ns]").view("int64")[ok]
    order = np.lexsort((move_in, person))  # stable
    person, move_in, move_out = person[order], move_in[order], move_out[order]
    prev_out = move_out[:-1]
    overlap = ((person[1:] == person[:-1]) & ((prev_out == _NAT_I8) | (prev_out > move_in[1:]))
               & (move_in[:-1] != move_in[1:]))
    return set(df["_row"].to_numpy()[ok][order][1:][overlap].tolist())


def _housing_rules(t: TableReport, df: pd.DataFrame, headers: dict[str, str]) -> None:
    kids, res = df["children_under_6"].to_numpy("float64"), df["residents"].to_numpy("float64")
    _add_rows(t, df, kids > res, "part_exceeds_total", "error", "children_under_6", headers, lambda r: (
        f"Kinder unter 6 ({_num(r['children_under_6'])}) sind mehr als Bewohner ({_num(r['residents'])})."))
    early = (df["resolved_date"] < df["inspection_date"]).fillna(False).to_numpy(bool)
    _add_rows(t, df, early, "resolved_before_inspection", "warning", "resolved_date", headers, lambda r: (
        f"Behoben am {fmt.date(r['resolved_date'])} liegt vor der Begehung {fmt.date(r['inspection_date'])}."))
    s = _stamp(t.stichtag)
    if s is not None:
        late = (df["inspection_date"] > s).fillna(False).to_numpy(bool)
        _add_rows(t, df, late, "date_after_stichtag", "warning", "inspection_date", headers, lambda r: (
            f"Begehung {fmt.date(r['inspection_date'])} liegt nach dem Stichtag {fmt.date(t.stichtag)}."))
    _coordinates(t, df, headers)


def _service_rules(t: TableReport, df: pd.DataFrame, headers: dict[str, str]) -> None:
    cap = df["capacity"].to_numpy("float64")
    u3 = df["places_under_3"].to_numpy("float64")
    enr = df["enrolled"].to_numpy("float64")
    _add_rows(t, df, u3 > cap, "part_exceeds_total", "error", "places_under_3", headers, lambda r: (
        f"Plätze unter 3 ({_num(r['places_under_3'])}) sind mehr als Plätze insgesamt ({_num(r['capacity'])})."))
    _add_rows(t, df, enr > cap, "enrolled_above_capacity", "warning", "enrolled", headers, lambda r: (
        f"Belegt ({_num(r['enrolled'])}) liegt über den Plätzen ({_num(r['capacity'])})."))
    _coordinates(t, df, headers)


def _district_rules(t: TableReport, df: pd.DataFrame, headers: dict[str, str]) -> None:
    pop = df["population"].to_numpy("float64")
    kids = df[["children_under_2", "children_2", "children_3_5", "children_6_9"]].sum(axis=1, min_count=1)
    _add_rows(t, df, kids.to_numpy("float64") > pop, "part_exceeds_total", "error", "population", headers,
              lambda r: f"Die Kinder-Altersgruppen zusammen sind mehr als die Einwohner ({_num(r['population'])}).")


_RULES = {
    "accommodations": _accommodation_rules,
    "residents": _resident_rules,
    "housing": _housing_rules,
    "services": _service_rules,
    "districts": _district_rules,
}


# --- cross-table checks ----------------------------------------------------------------------------
def accommodation_lookup(accommodations: pd.DataFrame) -> tuple[dict[str, str], dict[str, str]]:
    """(id key -> canonical, name key -> canonical); canonical = id when the list has ids, else name."""
    ids: dict[str, str] = {}
    names: dict[str, str] = {}
    if accommodations is None or accommodations.empty:
        return ids, names
    has_ids = glossary.has_values(accommodations, "id")
    id_col = accommodations["id"] if "id" in accommodations.columns else pd.Series(pd.NA, index=accommodations.index)
    name_col = accommodations["name"] if "name" in accommodations.columns else pd.Series(pd.NA, index=accommodations.index)
    for i, n in zip(id_col.tolist(), name_col.tolist()):
        i = _py(i)
        n = _py(n)
        canon = (str(i) if i is not None else None) if has_ids else n
        if canon is None:
            canon = n
        if canon is None:
            continue
        if i is not None:
            ids.setdefault(id_key(i), str(canon))
        if n is not None and name_key(n):
            names.setdefault(name_key(n), str(canon))
    return ids, names


def resolve_accommodations(values: pd.Series, accommodations: pd.DataFrame) -> pd.Series:
    """Stay references (id or name, any spelling) -> canonical accommodation (id, or name); NA when unknown."""
    ids, names = accommodation_lookup(accommodations)
    cache: dict = {}

    def res(v):
        v = _py(v)
        if v is None:
            return None
        if v not in cache:
            got = ids.get(id_key(v))
            if got is None:
                got = names.get(name_key(v))
            cache[v] = got
        return cache[v]

    return pd.Series([res(v) for v in values.tolist()], index=values.index, dtype="object")


def current_roster(stays: pd.DataFrame, stichtag: dt.date) -> pd.DataFrame:
    """Stays current at the Stichtag: move_in <= Stichtag and (no move_out or move_out > Stichtag)."""
    s = pd.Timestamp(stichtag)
    mi = stays["move_in"]
    mo = stays["move_out"] if "move_out" in stays.columns else pd.Series(pd.NaT, index=stays.index)
    return stays[(mi <= s) & (mo.isna() | (mo > s))]


def cross_check(tables: list[TableReport], context: dict[str, pd.DataFrame] | None = None) -> None:
    """References between tables of one run and the store: stays -> accommodations, roster vs occupancy."""
    context = context or {}
    usable = [t for t in tables if t.dataset and not t.blocking and t.frame is not None]
    acc_tables = [t for t in usable if t.dataset == "accommodations"]
    res_tables = [t for t in usable if t.dataset == "residents"]
    if acc_tables:
        accs = pd.concat([t.frame for t in acc_tables], ignore_index=True)
    else:
        accs = context.get("accommodations")
    for t in res_tables:
        header = _header_of(t, "accommodation")
        if accs is None or len(accs) == 0:
            t.add(Issue("reference_unchecked", "Keine Unterkunftsliste vorhanden (weder in diesem Import noch "
                        "gespeichert): die Unterkünfte der Aufenthalte wurden nicht geprüft.", column=header,
                        severity="warning"))
            continue
        raw = t.frame["accommodation"]
        resolved = resolve_accommodations(raw, accs)
        unknown = raw.notna().to_numpy() & resolved.isna().to_numpy()
        _add_rows(t, t.frame, unknown, "unknown_reference", "error", "accommodation", _headers(t), lambda r: (
            f"Unterkunft „{show(_py(r['accommodation']))}“ ist in der Unterkunftsliste nicht bekannt."))
        t.frame["accommodation"] = resolved.where(resolved.notna(), raw).astype("str")
    # roster vs occupancy
    if res_tables:
        stays = pd.concat([t.frame for t in res_tables], ignore_index=True)
        stays_stichtag = next((t.stichtag for t in res_tables if t.stichtag), None)
    else:
        stays = context.get("residents")
        stays_stichtag = None
    if stays is None or len(stays) == 0 or accs is None or len(accs) == 0:
        return
    if not acc_tables and not res_tables:
        return
    if acc_tables:
        for t in acc_tables:
            s = t.stichtag or stays_stichtag
            if s is None or not glossary.has_values(t.frame, "occupancy"):
                continue
            _compare_roster(t, t.frame, stays, s, accs, per_row=True)
    else:
        for t in res_tables:
            if t.stichtag is None or not glossary.has_values(accs, "occupancy"):
                continue
            _compare_roster(t, accs, stays, t.stichtag, accs, per_row=False)


def _headers(t: TableReport) -> dict[str, str]:
    return {f: h for h, f in t.columns.items()}


def _header_of(t: TableReport, fld: str) -> str | None:
    return _headers(t).get(fld)


def _compare_roster(t: TableReport, acc_frame: pd.DataFrame, stays: pd.DataFrame, stichtag: dt.date,
                    accs: pd.DataFrame, per_row: bool) -> None:
    roster = current_roster(stays, stichtag)
    counts = resolve_accommodations(roster["accommodation"], accs).value_counts()
    ids, names = accommodation_lookup(accs)
    has_ids = glossary.has_values(accs, "id")
    headers = _headers(t)
    for idx, r in acc_frame.iterrows():
        occ = _py(r.get("occupancy"))
        if occ is None or (isinstance(occ, float) and np.isnan(occ)):
            continue
        canon = ids.get(id_key(_py(r.get("id")))) if has_ids else names.get(name_key(_py(r.get("name"))))
        if canon is None:
            continue
        n = int(counts.get(canon, 0))
        if n == int(round(occ)):
            continue
        name = show(_py(r.get("name"))) or canon
        msg = (f"Belegung von „{name}“: {_num(occ)} laut Unterkunftsliste, {_num(n)} laut Bewohnerliste "
               f"(Stichtag {fmt.date(stichtag)}). Es gilt die Bewohnerliste.")
        if per_row and "_row" in acc_frame.columns:
            t.add(Issue("occupancy_mismatch", msg, row=int(r["_row"]), column=headers.get("occupancy"),
                        value=_num(occ), severity="warning"))
        else:
            t.add(Issue("occupancy_mismatch", msg, row=None, column=headers.get("accommodation"), value=name,
                        severity="warning"))
