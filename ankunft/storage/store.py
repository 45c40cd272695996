"""The embedded store (SQLite, standard library): snapshots, import log, settings, scenarios.

A *snapshot* is one dataset at one Stichtag: the canonical rows plus where they came from
(file, sheet, import time, importer, the validation report). The app's "Stand" X shows for each
dataset its latest snapshot at or before X (:meth:`Store.load_state`).

* Every import is one short write transaction: a failed or cancelled import changes nothing.
* Re-importing the same dataset and Stichtag replaces that snapshot (logged).
* Demo snapshots (``origin='demo'``) are never mixed with real ones (``origin='import'``): the
  first real import removes the demo, and while real snapshots exist only they are shown.
* The schema is versioned (``PRAGMA user_version``) and migrated step by step on open, so a later
  release opens an older database; a database from a *newer* release is refused.
* WAL journal, a busy timeout and one connection per operation: several processes may import
  while others read.

Rows are stored per snapshot as compressed column-wise JSON that records each column's dtype, so
canonical frames round-trip exactly (text ids with leading zeros, NA, dates, nullable booleans).
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json
import os
import sqlite3
import threading
import uuid
import zlib
from collections import OrderedDict
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable, Iterator, Sequence

import numpy as np
import pandas as pd

from ankunft.core import clock, fmt, glossary
from ankunft.storage.state import DatasetView, DataState

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_DB = ROOT / "data" / "ankunft.db"
DEMO_DIR = ROOT / "data" / "demo"
BUSY_TIMEOUT_S = 30.0
ORIGINS = ("demo", "import")
DEMO_USER = "Beispieldaten"


def default_path() -> str:
    """Database path: env ``ANKUNFT_DB``, else ``data/ankunft.db`` (git-ignored)."""
    return os.environ.get("ANKUNFT_DB") or str(DEFAULT_DB)


class StoreError(Exception):
    """A store operation that cannot be done; the message is German and meant for the user."""


class ImportRefused(StoreError):
    """An import that was refused before anything was written (blocking errors, no Stichtag …)."""


class ImportCancelled(StoreError):
    """An import cancelled through the progress callback; nothing was written."""


# --- schema ----------------------------------------------------------------------------------
# Each step brings the schema from version i to i+1. Never edit a released step: append one.
MIGRATIONS: tuple[tuple[str, ...], ...] = (
    (  # 1: snapshots, their rows, the import log, key-value settings
        """CREATE TABLE snapshots (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            dataset TEXT NOT NULL,
            stichtag TEXT NOT NULL,
            file_name TEXT,
            sheet TEXT,
            imported_at TEXT NOT NULL,
            imported_by TEXT,
            origin TEXT NOT NULL CHECK (origin IN ('demo', 'import')),
            report TEXT,
            row_count INTEGER NOT NULL
        )""",
        """CREATE TABLE snapshot_data (
            snapshot_id INTEGER PRIMARY KEY REFERENCES snapshots(id) ON DELETE CASCADE,
            encoding TEXT NOT NULL,
            payload BLOB NOT NULL
        )""",
        """CREATE TABLE import_log (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            at TEXT NOT NULL,
            user TEXT,
            action TEXT NOT NULL,
            dataset TEXT,
            stichtag TEXT,
            snapshot_id INTEGER,
            file_name TEXT,
            rows INTEGER,
            detail TEXT
        )""",
        """CREATE TABLE settings (
            key TEXT PRIMARY KEY,
            value TEXT NOT NULL
        )""",
    ),
    (  # 2: saved scenarios, lookup index, store metadata (revision counter, store id)
        """CREATE TABLE scenarios (
            name TEXT PRIMARY KEY,
            payload TEXT NOT NULL,
            saved_at TEXT NOT NULL,
            saved_by TEXT
        )""",
        "CREATE INDEX ix_snapshots_lookup ON snapshots (origin, dataset, stichtag)",
        "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
        "ALTER TABLE settings ADD COLUMN updated_at TEXT",
        "ALTER TABLE settings ADD COLUMN updated_by TEXT",
    ),
)
SCHEMA_VERSION = len(MIGRATIONS)

ACTION_LABELS = {
    "import": "importiert",
    "replace": "ersetzt",
    "delete": "gelöscht",
    "purge": "bereinigt",
    "demo": "Beispieldaten geladen",
    "demo_removed": "Beispieldaten entfernt",
}

FRESHNESS_LABELS = {
    "label": "Datensatz",
    "source_office": "Quelle",
    "stichtag": "Stichtag",
    "rows": "Zeilen",
    "file_name": "Datei",
    "imported_at": "Importiert am",
    "imported_by": "Importiert von",
    "snapshots": "Stände",
}
SNAPSHOT_LABELS = {
    "id": "Nr.",
    "label": "Datensatz",
    "stichtag": "Stichtag",
    "rows": "Zeilen",
    "file_name": "Datei",
    "sheet": "Blatt",
    "imported_at": "Importiert am",
    "imported_by": "Importiert von",
    "origin": "Herkunft",
}
LOG_LABELS = {
    "at": "Zeitpunkt",
    "user": "Benutzer",
    "what": "Vorgang",
    "detail": "Details",
}


# --- frame encoding ------------------------------------------------------------------------
ENCODING = "columns-json-zlib-1"


def _none_where(values: np.ndarray, mask: np.ndarray) -> list:
    out = values.astype(object)
    out[mask] = None
    return out.tolist()


def encode_frame(df: pd.DataFrame) -> bytes:
    """Column-wise JSON (zlib) that keeps each column's dtype; see :func:`decode_frame`."""
    cols = []
    for name in df.columns:
        s = df[name]
        dtype = s.dtype
        mask = s.isna().to_numpy()
        if isinstance(dtype, np.dtype) and dtype.kind == "M":
            values = s.to_numpy().view("int64").tolist()  # NaT is int64 min
            kind = "datetime"
        elif isinstance(dtype, np.dtype) and dtype.kind == "f":
            values = _none_where(s.to_numpy(), mask)
            kind = "float"
        elif isinstance(dtype, np.dtype) and dtype.kind in "iu":
            values = s.to_numpy().tolist()
            kind = "int"
        elif isinstance(dtype, np.dtype) and dtype.kind == "b":
            values = s.to_numpy().tolist()
            kind = "bool"
        elif isinstance(dtype, pd.BooleanDtype) or str(dtype) in ("Int64", "Int32", "Float64"):
            values = _none_where(s.to_numpy(dtype=object), mask)
            kind = "nullable"
        elif isinstance(dtype, pd.StringDtype) or dtype == object:
            values = _none_where(s.astype(object).to_numpy(), mask)
            values = [v if v is None or isinstance(v, str) else str(v) for v in values]
            kind = "text"
        elif isinstance(dtype, pd.DatetimeTZDtype):
            values = [None if m else v.isoformat() for v, m in zip(s, mask)]
            kind = "datetime_tz"
        else:
            values = [None if m else str(v) for v, m in zip(s.astype(object), mask)]
            kind = "text"
        cols.append({"name": str(name), "dtype": str(dtype), "kind": kind, "values": values})
    body = json.dumps({"n": len(df), "columns": cols}, ensure_ascii=False, separators=(",", ":"))
    return zlib.compress(body.encode("utf-8"), 1)


def decode_frame(payload: bytes) -> pd.DataFrame:
    obj = json.loads(zlib.decompress(payload).decode("utf-8"))
    data = {}
    for c in obj["columns"]:
        kind, dtype, values = c["kind"], c["dtype"], c["values"]
        if kind == "datetime":
            s = pd.Series(np.array(values, dtype="int64").view(dtype))
        elif kind == "float":
            s = pd.Series(np.array([np.nan if v is None else v for v in values], dtype=dtype))
        elif kind in ("int", "bool"):
            s = pd.Series(np.array(values, dtype=dtype))
        elif kind == "nullable":
            s = pd.Series(pd.array(values, dtype=dtype))
        elif kind == "datetime_tz":
            s = pd.Series(pd.to_datetime(values, utc=True)).astype(dtype)
        else:
            s = pd.Series(values, dtype=object if dtype == "object" else dtype)
        data[c["name"]] = s
    df = pd.DataFrame(data, index=pd.RangeIndex(obj["n"]))
    return df


# --- helpers ------------------------------------------------------------------------------
def _as_date(value) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, pd.Timestamp):
        return value.date()
    if isinstance(value, str):
        return dt.date.fromisoformat(value.strip()[:10])
    raise ImportRefused("Kein gültiger Stichtag angegeben.")


def _now(now) -> dt.datetime:
    if now is None:
        return clock.wall_clock()
    if callable(now):
        now = now()
    if isinstance(now, dt.datetime):
        return now.replace(microsecond=0)
    if isinstance(now, dt.date):
        return dt.datetime.combine(now, dt.time())
    raise TypeError("now must be a datetime, a date or a callable")


@dataclass
class _Item:
    dataset: str
    stichtag: dt.date
    frame: pd.DataFrame
    file_name: str | None
    sheet: str | None
    report: str | None
    payload: bytes = b""


def _report_json(t) -> str | None:
    for attr in ("to_json", "to_dict"):
        fn = getattr(t, attr, None)
        if callable(fn):
            out = fn()
            return out if isinstance(out, str) else json.dumps(out, ensure_ascii=False, default=str)
    return None


_FRAME_CACHE: "OrderedDict[tuple, pd.DataFrame]" = OrderedDict()
_FRAME_CACHE_MAX = 24
_FRAME_CACHE_LOCK = threading.Lock()


class Store:
    """The SQLite store. Cheap to create; opens one connection per operation."""

    def __init__(self, path: str | os.PathLike | None = None, *, now: Callable[[], dt.datetime] | None = None):
        self.path = str(path) if path is not None else default_path()
        self._now = now
        Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        self._migrate()
        with self._read() as con:
            self.uid = con.execute("SELECT value FROM meta WHERE key = 'uid'").fetchone()[0]

    # -- connections ------------------------------------------------------------------------
    def _connect(self) -> sqlite3.Connection:
        con = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_S, isolation_level=None, check_same_thread=False)
        con.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
        con.execute("PRAGMA foreign_keys = ON")
        con.execute("PRAGMA synchronous = NORMAL")
        return con

    @contextmanager
    def _read(self) -> Iterator[sqlite3.Connection]:
        con = self._connect()
        try:
            con.execute("BEGIN")
            yield con
            con.execute("COMMIT")
        finally:
            if con.in_transaction:
                con.execute("ROLLBACK")
            con.close()

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """One short write transaction; any exception rolls everything back."""
        con = self._connect()
        try:
            con.execute("BEGIN IMMEDIATE")
            yield con
            con.execute("COMMIT")
        except BaseException:
            if con.in_transaction:
                con.execute("ROLLBACK")
            raise
        finally:
            con.close()

    def _migrate(self) -> None:
        con = self._connect()
        try:
            mode = con.execute("PRAGMA journal_mode").fetchone()[0]
            if str(mode).lower() != "wal":
                con.execute("PRAGMA journal_mode = WAL")
            version = con.execute("PRAGMA user_version").fetchone()[0]
            if version > SCHEMA_VERSION:
                raise StoreError(
                    f"Die Datenbank {self.path} stammt aus einer neueren Version von Ankunft "
                    f"(Schema {version}, diese Version kennt {SCHEMA_VERSION}). Bitte die Anwendung aktualisieren.")
            if version == SCHEMA_VERSION:
                return
            con.execute("BEGIN IMMEDIATE")
            try:
                version = con.execute("PRAGMA user_version").fetchone()[0]  # another process may have won
                for step in range(version, SCHEMA_VERSION):
                    for stmt in MIGRATIONS[step]:
                        con.execute(stmt)
                    con.execute(f"PRAGMA user_version = {step + 1}")
                con.execute("INSERT OR IGNORE INTO meta (key, value) VALUES ('uid', ?)", (uuid.uuid4().hex,))
                con.execute("INSERT OR IGNORE INTO meta (key, value) VALUES ('revision', '0')")
                con.execute("COMMIT")
            except BaseException:
                if con.in_transaction:
                    con.execute("ROLLBACK")
                raise
        finally:
            con.close()

    def schema_version(self) -> int:
        with self._read() as con:
            return con.execute("PRAGMA user_version").fetchone()[0]

    @staticmethod
    def _bump(con: sqlite3.Connection) -> None:
        con.execute("UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'revision'")

    def revision(self) -> int:
        """A counter that changes whenever snapshots change (cache key for the UI)."""
        with self._read() as con:
            return int(con.execute("SELECT value FROM meta WHERE key = 'revision'").fetchone()[0])

    def _stamp(self, now=None) -> str:
        return _now(now if now is not None else self._now).isoformat(sep=" ")

    @staticmethod
    def _log(con, at: str, user: str | None, action: str, *, dataset=None, stichtag=None, snapshot_id=None,
             file_name=None, rows=None, detail: str = "") -> None:
        con.execute(
            "INSERT INTO import_log (at, user, action, dataset, stichtag, snapshot_id, file_name, rows, detail) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (at, user, action, dataset, stichtag, snapshot_id, file_name, rows, detail))

    # -- import ------------------------------------------------------------------------------
    def _items(self, tables, without_faulty_rows: bool, file_name: str | None) -> list[_Item]:
        items: list[_Item] = []
        for t in tables:
            if isinstance(t, (tuple, list)):
                dataset, stichtag, frame, fname, sheet, report = (list(t) + [None] * 6)[:6]
                if report is not None and not isinstance(report, str):
                    report = json.dumps(report, ensure_ascii=False, default=str)
            else:
                dataset, stichtag, sheet = t.dataset, t.stichtag, getattr(t, "sheet", None)
                fname = file_name or getattr(t, "file", None) or getattr(t, "file_name", None)
                where = ", ".join(x for x in (fname, f"Blatt „{sheet}“" if sheet else None) if x) or "Tabelle"
                if getattr(t, "blocking", False):
                    raise ImportRefused(f"{where}: Die Tabelle hat Fehler, die einen Import verhindern.")
                errors = list(getattr(t, "errors", []) or [])
                if errors and not without_faulty_rows:
                    raise ImportRefused(
                        f"{where}: {fmt.plural(len(errors), 'Fehler', 'Fehler')} in Zeilen. Bitte korrigieren "
                        "oder „ohne fehlerhafte Zeilen importieren“ wählen.")
                frame = t.frame
                bad = {i.row for i in errors if getattr(i, "row", None) is not None}
                if bad and isinstance(frame, pd.DataFrame) and "_row" in frame.columns:
                    frame = frame[~frame["_row"].isin(bad)]
                elif errors:
                    frame = t.clean_frame()
                report = _report_json(t)
            fname = fname or file_name
            if dataset not in glossary.DATASETS:
                raise ImportRefused(f"Unbekannter Datensatz „{dataset}“.")
            label = glossary.DATASETS[dataset].label
            if stichtag is None or (isinstance(stichtag, float) and np.isnan(stichtag)):
                raise ImportRefused(f"{label}: Kein Stichtag erkannt. Bitte den Stichtag angeben.")
            if not isinstance(frame, pd.DataFrame):
                raise ImportRefused(f"{label}: Keine Tabelle zum Importieren.")
            items.append(_Item(dataset, _as_date(stichtag), frame, fname, sheet, report))
        seen: set[tuple[str, dt.date]] = set()
        for it in items:
            k = (it.dataset, it.stichtag)
            if k in seen:
                raise ImportRefused(
                    f"{glossary.DATASETS[it.dataset].label} zum Stichtag {fmt.date(it.stichtag)} kommt in diesem "
                    "Import mehrfach vor. Bitte nur eine Tabelle je Datensatz und Stichtag importieren.")
            seen.add(k)
        return items

    def import_tables(self, tables: Sequence, *, user: str = "unbekannt", now=None, origin: str = "import",
                      without_faulty_rows: bool = False, file_name: str | None = None,
                      progress: Callable[[int, int], None] | None = None, only_if_empty: bool = False) -> list[int]:
        """Store tables as snapshots in ONE transaction; returns the new snapshot ids in input order.

        ``tables``: pipeline ``TableReport`` objects, or tuples
        ``(dataset, stichtag, frame, file_name, sheet, report_json)``. A table with row errors is
        refused unless ``without_faulty_rows`` (then its ``clean_frame()`` is stored); a blocking
        table is always refused (:class:`ImportRefused`). An existing snapshot of the same dataset,
        Stichtag and origin is replaced. A real import removes all demo snapshots.
        ``progress(done, total)`` is called per table inside the transaction; if it raises, the
        import is cancelled and nothing changes. ``only_if_empty``: do nothing when the store
        already holds snapshots (used for the demo, safe against two processes racing).
        """
        if origin not in ORIGINS:
            raise ValueError(origin)
        items = self._items(tables, without_faulty_rows, file_name)
        if not items:
            raise ImportRefused("Keine Tabelle zum Importieren.")
        for it in items:
            it.frame = glossary.conform(it.dataset, it.frame).reset_index(drop=True)
            it.payload = encode_frame(it.frame)
        stamp = self._stamp(now)
        ids: list[int] = []
        with self._write() as con:
            if only_if_empty and con.execute("SELECT 1 FROM snapshots LIMIT 1").fetchone():
                return []
            if origin == "import":
                n_demo = con.execute("SELECT COUNT(*) FROM snapshots WHERE origin = 'demo'").fetchone()[0]
                if n_demo:
                    con.execute("DELETE FROM snapshots WHERE origin = 'demo'")
                    self._log(con, stamp, user, "demo_removed",
                              detail=f"Beispieldaten entfernt ({fmt.plural(n_demo, 'Stand', 'Stände')}), "
                                     "weil echte Daten importiert wurden.")
            for k, it in enumerate(items):
                ids.append(self._insert(con, it, stamp, user, origin))
                if progress is not None:
                    try:
                        progress(k + 1, len(items))
                    except Exception as exc:
                        raise ImportCancelled("Import abgebrochen; es wurde nichts gespeichert.") from exc
            self._bump(con)
        return ids

    def _insert(self, con, it: _Item, stamp: str, user: str, origin: str) -> int:
        label = glossary.DATASETS[it.dataset].label
        iso = it.stichtag.isoformat()
        old = con.execute("SELECT id, file_name, row_count FROM snapshots WHERE origin = ? AND dataset = ? "
                          "AND stichtag = ?", (origin, it.dataset, iso)).fetchall()
        for old_id, old_file, old_rows in old:
            con.execute("DELETE FROM snapshots WHERE id = ?", (old_id,))
            self._log(con, stamp, user, "replace", dataset=it.dataset, stichtag=iso, snapshot_id=old_id,
                      file_name=old_file, rows=old_rows,
                      detail=f"{label}, Stichtag {fmt.date(it.stichtag)}: bisheriger Stand "
                             f"({fmt.plural(old_rows, 'Zeile', 'Zeilen')}, {old_file or 'ohne Datei'}) ersetzt.")
        cur = con.execute(
            "INSERT INTO snapshots (dataset, stichtag, file_name, sheet, imported_at, imported_by, origin, report, "
            "row_count) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (it.dataset, iso, it.file_name, it.sheet, stamp, user, origin, it.report, len(it.frame)))
        sid = int(cur.lastrowid)
        con.execute("INSERT INTO snapshot_data (snapshot_id, encoding, payload) VALUES (?, ?, ?)",
                    (sid, ENCODING, it.payload))
        src = f" aus {it.file_name}" + (f" (Blatt „{it.sheet}“)" if it.sheet else "") if it.file_name else ""
        self._log(con, stamp, user, "demo" if origin == "demo" else "import", dataset=it.dataset, stichtag=iso,
                  snapshot_id=sid, file_name=it.file_name, rows=len(it.frame),
                  detail=f"{label}, Stichtag {fmt.date(it.stichtag)}: "
                         f"{fmt.plural(len(it.frame), 'Zeile', 'Zeilen')}{src}.")
        return sid

    def import_files(self, paths: Iterable[str | os.PathLike], *, stichtag: dt.date | None = None,
                     without_faulty_rows: bool = False, user: str = "unbekannt", now=None, origin: str = "import",
                     only_if_empty: bool = False, progress=None) -> tuple[list, list[int]]:
        """Check files with the real pipeline and import all their tables in one transaction.

        Returns ``(file_reports, snapshot_ids)``. Raises :class:`ImportRefused` (German message
        naming file and sheet) when a file is unreadable or a table has blocking errors.
        """
        from ankunft.importing.pipeline import check_file

        paths = [Path(p) for p in paths]
        reports = []
        tables = []
        for p in paths:
            p = Path(p)
            rep = check_file(p, file_name=p.name, stichtag=stichtag)
            reports.append(rep)
            if getattr(rep, "code", None) is not None:
                raise ImportRefused(f"{p.name}: {rep.error or 'Datei nicht lesbar.'}")
            tables.extend(rep.tables)
        if not tables:
            raise ImportRefused("In den Dateien wurde keine Tabelle erkannt.")
        ids = self.import_tables(tables, user=user, now=now, origin=origin, without_faulty_rows=without_faulty_rows,
                                 only_if_empty=only_if_empty, progress=progress)
        return reports, ids

    # -- listing, deleting -------------------------------------------------------------------
    def has_snapshots(self, origin: str | None = None) -> bool:
        with self._read() as con:
            if origin:
                return con.execute("SELECT 1 FROM snapshots WHERE origin = ? LIMIT 1", (origin,)).fetchone() is not None
            return con.execute("SELECT 1 FROM snapshots LIMIT 1").fetchone() is not None

    @staticmethod
    def _active_origin(con) -> str:
        real = con.execute("SELECT 1 FROM snapshots WHERE origin = 'import' LIMIT 1").fetchone()
        return "import" if real else "demo"

    def active_origin(self) -> str:
        """'import' when any real snapshot exists, else 'demo'."""
        with self._read() as con:
            return self._active_origin(con)

    def is_demo(self) -> bool:
        with self._read() as con:
            return self._active_origin(con) == "demo" and con.execute(
                "SELECT 1 FROM snapshots WHERE origin = 'demo' LIMIT 1").fetchone() is not None

    def list_snapshots(self) -> pd.DataFrame:
        """All snapshots, newest Stichtag first per dataset.

        Columns: id, dataset, label, stichtag (date), rows, file_name, sheet, imported_at,
        imported_by, origin, active (shown in the app: origin is the active one).
        """
        with self._read() as con:
            active = self._active_origin(con)
            rows = con.execute(
                "SELECT id, dataset, stichtag, row_count, file_name, sheet, imported_at, imported_by, origin "
                "FROM snapshots").fetchall()
        cols = ["id", "dataset", "stichtag", "rows", "file_name", "sheet", "imported_at", "imported_by", "origin"]
        df = pd.DataFrame(rows, columns=cols)
        order = {k: i for i, k in enumerate(glossary.DATASET_KEYS)}
        df["label"] = df["dataset"].map(lambda k: glossary.DATASETS[k].label if k in glossary.DATASETS else k)
        df["stichtag"] = df["stichtag"].map(dt.date.fromisoformat)
        df["active"] = df["origin"] == active
        df["_o"] = df["dataset"].map(order)
        df = df.sort_values(["_o", "stichtag", "id"], ascending=[True, False, False]).drop(columns="_o")
        return df[["id", "dataset", "label", "stichtag", "rows", "file_name", "sheet", "imported_at",
                   "imported_by", "origin", "active"]].reset_index(drop=True)

    def snapshot_report(self, snapshot_id: int) -> dict | None:
        """The validation report stored with a snapshot (parsed JSON), or None."""
        with self._read() as con:
            row = con.execute("SELECT report FROM snapshots WHERE id = ?", (int(snapshot_id),)).fetchone()
        if not row or not row[0]:
            return None
        return json.loads(row[0])

    def delete_snapshot(self, snapshot_id: int, user: str = "unbekannt", now=None) -> None:
        """Delete one snapshot (logged). Raises StoreError when it does not exist."""
        stamp = self._stamp(now)
        with self._write() as con:
            row = con.execute("SELECT dataset, stichtag, file_name, row_count FROM snapshots WHERE id = ?",
                              (int(snapshot_id),)).fetchone()
            if row is None:
                raise StoreError(f"Stand Nr. {snapshot_id} gibt es nicht (mehr).")
            dataset, iso, fname, nrows = row
            con.execute("DELETE FROM snapshots WHERE id = ?", (int(snapshot_id),))
            label = glossary.DATASETS[dataset].label if dataset in glossary.DATASETS else dataset
            self._log(con, stamp, user, "delete", dataset=dataset, stichtag=iso, snapshot_id=int(snapshot_id),
                      file_name=fname, rows=nrows,
                      detail=f"{label}, Stichtag {fmt.date(dt.date.fromisoformat(iso))}: Stand Nr. {snapshot_id} "
                             f"({fmt.plural(nrows, 'Zeile', 'Zeilen')}) gelöscht.")
            self._bump(con)

    def import_log(self) -> pd.DataFrame:
        """What was imported, replaced or deleted, when and by whom (newest first).

        Columns: id, at, user, action, what (German), dataset, label, stichtag, snapshot_id,
        file_name, rows, detail (German sentence).
        """
        with self._read() as con:
            rows = con.execute("SELECT id, at, user, action, dataset, stichtag, snapshot_id, file_name, rows, detail "
                               "FROM import_log ORDER BY id DESC").fetchall()
        df = pd.DataFrame(rows, columns=["id", "at", "user", "action", "dataset", "stichtag", "snapshot_id",
                                         "file_name", "rows", "detail"])
        df.insert(4, "what", df["action"].map(lambda a: ACTION_LABELS.get(a, a)))
        df.insert(6, "label", df["dataset"].map(
            lambda k: glossary.DATASETS[k].label if k in glossary.DATASETS else None))
        return df

    def stichtage(self) -> list[dt.date]:
        """All Stichtage of the shown (active-origin) snapshots, ascending."""
        with self._read() as con:
            origin = self._active_origin(con)
            rows = con.execute("SELECT DISTINCT stichtag FROM snapshots WHERE origin = ? ORDER BY stichtag",
                               (origin,)).fetchall()
        return [dt.date.fromisoformat(r[0]) for r in rows]

    def latest_stichtag(self) -> dt.date | None:
        s = self.stichtage()
        return s[-1] if s else None

    # -- loading ---------------------------------------------------------------------------------
    def _frame(self, con, sid: int, imported_at: str) -> pd.DataFrame:
        key = (self.uid, sid, imported_at)
        with _FRAME_CACHE_LOCK:
            if key in _FRAME_CACHE:
                _FRAME_CACHE.move_to_end(key)
                return _FRAME_CACHE[key].copy()
        enc, payload = con.execute("SELECT encoding, payload FROM snapshot_data WHERE snapshot_id = ?",
                                   (sid,)).fetchone()
        if enc != ENCODING:
            raise StoreError(f"Stand Nr. {sid} ist in einem unbekannten Format gespeichert ({enc}).")
        df = decode_frame(payload)
        with _FRAME_CACHE_LOCK:
            _FRAME_CACHE[key] = df
            while len(_FRAME_CACHE) > _FRAME_CACHE_MAX:
                _FRAME_CACHE.popitem(last=False)
        return df.copy()

    def load_frame(self, snapshot_id: int) -> pd.DataFrame:
        """The canonical rows of one snapshot."""
        with self._read() as con:
            row = con.execute("SELECT imported_at FROM snapshots WHERE id = ?", (int(snapshot_id),)).fetchone()
            if row is None:
                raise StoreError(f"Stand Nr. {snapshot_id} gibt es nicht.")
            return self._frame(con, int(snapshot_id), row[0])

    _VIEW_COLS = "id, dataset, stichtag, file_name, imported_at, imported_by"

    def _view(self, con, row) -> DatasetView:
        sid, dataset, iso, fname, at, by = row
        df = self._frame(con, sid, at)
        return DatasetView(key=dataset, df=df, stichtag=dt.date.fromisoformat(iso), snapshot_id=sid,
                           file_name=fname, source_office=glossary.DATASETS[dataset].source_office,
                           imported_at=at, imported_by=by)

    def load_state(self, stand: dt.date) -> DataState:
        """Each dataset's latest snapshot with Stichtag ≤ stand (demo only while no real data exists)."""
        stand = _as_date(stand)
        views: dict[str, DatasetView] = {}
        with self._read() as con:
            origin = self._active_origin(con)
            for key in glossary.DATASET_KEYS:
                row = con.execute(
                    f"SELECT {self._VIEW_COLS} FROM snapshots WHERE origin = ? AND dataset = ? AND stichtag <= ? "
                    "ORDER BY stichtag DESC, id DESC LIMIT 1", (origin, key, stand.isoformat())).fetchone()
                if row:
                    views[key] = self._view(con, row)
            demo = origin == "demo" and con.execute(
                "SELECT 1 FROM snapshots WHERE origin = 'demo' LIMIT 1").fetchone() is not None
        return DataState(stand=stand, views=views, is_demo=demo)

    def previous_state(self, state: DataState) -> DataState | None:
        """Each dataset's snapshot before the one in ``state`` (for "change since previous Stichtag").

        Datasets without an earlier snapshot are absent; None when no dataset has one. The
        returned Stand is the latest of the previous Stichtage.
        """
        views: dict[str, DatasetView] = {}
        origin = "demo" if state.is_demo else "import"
        with self._read() as con:
            for key, v in state.views.items():
                if v.stichtag is None:
                    continue
                row = con.execute(
                    f"SELECT {self._VIEW_COLS} FROM snapshots WHERE origin = ? AND dataset = ? AND stichtag < ? "
                    "ORDER BY stichtag DESC, id DESC LIMIT 1", (origin, key, v.stichtag.isoformat())).fetchone()
                if row:
                    views[key] = self._view(con, row)
        if not views:
            return None
        stand = max(v.stichtag for v in views.values())
        return DataState(stand=stand, views=views, is_demo=state.is_demo)

    def freshness(self) -> pd.DataFrame:
        """One row per dataset (glossary order): its newest shown snapshot, or empty values.

        Columns: dataset, label, source_office, stichtag (date or None), rows, file_name,
        imported_at, imported_by, origin, snapshots (count). German headers: FRESHNESS_LABELS.
        """
        out = []
        with self._read() as con:
            origin = self._active_origin(con)
            for key in glossary.DATASET_KEYS:
                ds = glossary.DATASETS[key]
                row = con.execute(
                    "SELECT stichtag, row_count, file_name, imported_at, imported_by FROM snapshots "
                    "WHERE origin = ? AND dataset = ? ORDER BY stichtag DESC, id DESC LIMIT 1",
                    (origin, key)).fetchone()
                n = con.execute("SELECT COUNT(*) FROM snapshots WHERE origin = ? AND dataset = ?",
                                (origin, key)).fetchone()[0]
                base = {"dataset": key, "label": ds.label, "source_office": ds.source_office, "snapshots": n}
                if row:
                    base.update(stichtag=dt.date.fromisoformat(row[0]), rows=row[1], file_name=row[2],
                                imported_at=row[3], imported_by=row[4], origin=origin)
                else:
                    base.update(stichtag=None, rows=None, file_name=None, imported_at=None, imported_by=None,
                                origin=None)
                out.append(base)
        cols = ["dataset", "label", "source_office", "stichtag", "rows", "file_name", "imported_at", "imported_by",
                "origin", "snapshots"]
        df = pd.DataFrame(out, columns=cols)
        df["rows"] = df["rows"].astype("Int64")
        return df

    # -- maintenance --------------------------------------------------------------------------
    def backup(self, path: str | os.PathLike) -> Path:
        """A consistent copy of the whole store (SQLite online backup), safe while others write."""
        dest = Path(path)
        if dest.resolve() == Path(self.path).resolve():
            raise StoreError("Die Sicherung darf nicht die Datenbank selbst überschreiben.")
        dest.parent.mkdir(parents=True, exist_ok=True)
        tmp = dest.with_name(dest.name + ".tmp")
        if tmp.exists():
            tmp.unlink()
        src = self._connect()
        try:
            dst = sqlite3.connect(str(tmp))
            try:
                src.backup(dst)
                dst.execute("PRAGMA journal_mode = DELETE")
            finally:
                dst.close()
        finally:
            src.close()
        os.replace(tmp, dest)
        return dest

    def purge(self, older_than_days: int, now=None, user: str = "unbekannt") -> int:
        """Delete snapshots whose Stichtag is more than ``older_than_days`` days before ``now``.

        The newest snapshot of each dataset is always kept so the app keeps working. Logged;
        the file is compacted afterwards so deleted rows are really gone. Returns the count.
        """
        if older_than_days < 0:
            raise StoreError("Die Anzahl Tage darf nicht negativ sein.")
        moment = _now(now if now is not None else self._now)
        cutoff = (moment.date() - dt.timedelta(days=int(older_than_days))).isoformat()
        stamp = moment.isoformat(sep=" ")
        with self._write() as con:
            rows = con.execute(
                "SELECT s.id, s.dataset, s.stichtag, s.file_name, s.row_count FROM snapshots s "
                "WHERE s.stichtag < ? AND s.id NOT IN ("
                "  SELECT (SELECT id FROM snapshots t WHERE t.origin = o.origin AND t.dataset = o.dataset "
                "          ORDER BY t.stichtag DESC, t.id DESC LIMIT 1) "
                "  FROM (SELECT DISTINCT origin, dataset FROM snapshots) o)", (cutoff,)).fetchall()
            for sid, dataset, iso, fname, nrows in rows:
                con.execute("DELETE FROM snapshots WHERE id = ?", (sid,))
                label = glossary.DATASETS[dataset].label if dataset in glossary.DATASETS else dataset
                self._log(con, stamp, user, "purge", dataset=dataset, stichtag=iso, snapshot_id=sid, file_name=fname,
                          rows=nrows,
                          detail=f"{label}, Stichtag {fmt.date(dt.date.fromisoformat(iso))}: älter als "
                                 f"{older_than_days} Tage, gelöscht.")
            if rows:
                self._bump(con)
        if rows:
            con = self._connect()
            try:
                con.execute("VACUUM")
            finally:
                con.close()
        return len(rows)

    # -- settings, mappings, scenarios ----------------------------------------------------------
    def get_setting(self, key: str, default: str | None = None) -> str | None:
        with self._read() as con:
            row = con.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
        return row[0] if row else default

    def set_setting(self, key: str, value: str, user: str | None = None, now=None) -> None:
        if not isinstance(value, str):
            value = json.dumps(value, ensure_ascii=False, default=str)
        stamp = self._stamp(now)
        with self._write() as con:
            con.execute("INSERT INTO settings (key, value, updated_at, updated_by) VALUES (?, ?, ?, ?) "
                        "ON CONFLICT(key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at, "
                        "updated_by = excluded.updated_by", (key, value, stamp, user))

    def delete_setting(self, key: str, user: str | None = None) -> bool:
        with self._write() as con:
            return con.execute("DELETE FROM settings WHERE key = ?", (key,)).rowcount > 0

    MAPPING_PREFIX = "mapping:"

    def remember_mapping(self, layout_key: str, mapping: dict, user: str | None = None) -> None:
        """Remember a column mapping (file header → field) for files of the same layout."""
        self.set_setting(self.MAPPING_PREFIX + layout_key, json.dumps(mapping, ensure_ascii=False), user=user)

    def mapping_for(self, layout_key: str) -> dict | None:
        raw = self.get_setting(self.MAPPING_PREFIX + layout_key)
        return json.loads(raw) if raw else None

    def mappings(self) -> dict[str, dict]:
        """All remembered mappings: layout key → mapping."""
        with self._read() as con:
            rows = con.execute("SELECT key, value FROM settings WHERE key LIKE ?",
                               (self.MAPPING_PREFIX + "%",)).fetchall()
        return {k[len(self.MAPPING_PREFIX):]: json.loads(v) for k, v in rows}

    def save_scenario(self, name: str, payload, user: str | None = None, now=None) -> None:
        """Save (or overwrite) a named scenario; payload is a JSON string or a JSON-able object."""
        name = str(name).strip()
        if not name:
            raise StoreError("Bitte einen Namen für das Szenario angeben.")
        text = payload if isinstance(payload, str) else json.dumps(payload, ensure_ascii=False, default=str)
        json.loads(text)  # must be valid JSON
        stamp = self._stamp(now)
        with self._write() as con:
            con.execute("INSERT INTO scenarios (name, payload, saved_at, saved_by) VALUES (?, ?, ?, ?) "
                        "ON CONFLICT(name) DO UPDATE SET payload = excluded.payload, saved_at = excluded.saved_at, "
                        "saved_by = excluded.saved_by", (name, text, stamp, user))

    def list_scenarios(self) -> pd.DataFrame:
        """Columns: name, saved_at, saved_by (newest first)."""
        with self._read() as con:
            rows = con.execute("SELECT name, saved_at, saved_by FROM scenarios ORDER BY saved_at DESC, name").fetchall()
        return pd.DataFrame(rows, columns=["name", "saved_at", "saved_by"])

    def load_scenario(self, name: str) -> str | None:
        """The saved JSON text, or None."""
        with self._read() as con:
            row = con.execute("SELECT payload FROM scenarios WHERE name = ?", (str(name).strip(),)).fetchone()
        return row[0] if row else None

    def delete_scenario(self, name: str) -> bool:
        with self._write() as con:
            return con.execute("DELETE FROM scenarios WHERE name = ?", (str(name).strip(),)).rowcount > 0


# --- demo ------------------------------------------------------------------------------------
def demo_files(demo_dir: Path | str | None = None) -> list[Path]:
    d = Path(demo_dir) if demo_dir else DEMO_DIR
    return sorted(p for p in d.glob("*.xlsx") if not p.name.startswith("~$"))


_DEMO_MEMO: dict[str, list[tuple]] = {}


def _demo_key(files: list[Path]) -> str:
    """Hash of the demo files and of the domain code that reads them (pipeline, parsers, glossary …)."""
    h = hashlib.sha256()
    h.update(f"{ENCODING}|{SCHEMA_VERSION}".encode())
    for p in files:
        h.update(p.name.encode())
        h.update(p.read_bytes())
    pkg = Path(__file__).resolve().parents[1]  # the whole ankunft package
    for src in sorted(pkg.rglob("*.py")):
        if "ui" in src.relative_to(pkg).parts:
            continue
        h.update(str(src.relative_to(pkg)).encode())
        h.update(src.read_bytes())
    return h.hexdigest()


def _demo_cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "ankunft"


def _demo_tables(files: list[Path], cache: bool) -> list[tuple]:
    """The demo tables as ``(dataset, stichtag, frame, file_name, sheet, report_json)`` tuples.

    Always produced by the real pipeline; the result is memoised in this process and cached on
    disk (per user, keyed by the files and the code), so a fresh store fills in well under 2 s.
    """
    key = _demo_key(files) if cache else ""
    if cache and key in _DEMO_MEMO:
        return _DEMO_MEMO[key]
    cache_file = _demo_cache_dir() / f"demo-{key[:24]}.json.z"
    if cache and cache_file.is_file():
        try:
            obj = json.loads(zlib.decompress(cache_file.read_bytes()).decode("utf-8"))
            if obj.get("key") == key:
                tables = [(t["dataset"], dt.date.fromisoformat(t["stichtag"]),
                           decode_frame(base64.b64decode(t["payload"])), t["file_name"], t["sheet"], t["report"])
                          for t in obj["tables"]]
                _DEMO_MEMO[key] = tables
                return tables
        except (OSError, ValueError, KeyError, zlib.error):
            pass  # a broken cache is rebuilt below
    from ankunft.importing.pipeline import check_file

    tables = []
    for p in files:
        rep = check_file(p, file_name=p.name)
        if rep.code is not None:
            raise ImportRefused(f"Beispieldaten {p.name}: {rep.error}")
        for t in rep.tables:
            if t.blocking or t.errors:
                raise ImportRefused(f"Beispieldaten {p.name}, Blatt „{t.sheet}“: "
                                    f"{fmt.plural(len(t.errors), 'Fehler', 'Fehler')}.")
            tables.append((t.dataset, t.stichtag, glossary.conform(t.dataset, t.frame), p.name, t.sheet,
                           _report_json(t)))
    if cache:
        _DEMO_MEMO[key] = tables
        try:
            cache_file.parent.mkdir(parents=True, exist_ok=True)
            body = {"key": key, "tables": [
                {"dataset": d, "stichtag": s.isoformat(), "file_name": f, "sheet": sh, "report": r,
                 "payload": base64.b64encode(encode_frame(fr)).decode("ascii")} for d, s, fr, f, sh, r in tables]}
            tmp = cache_file.with_name(cache_file.name + f".{os.getpid()}.tmp")
            tmp.write_bytes(zlib.compress(json.dumps(body).encode("utf-8"), 1))
            os.replace(tmp, cache_file)
            for old in cache_file.parent.glob("demo-*.json.z"):
                if old != cache_file:
                    old.unlink(missing_ok=True)
        except OSError:
            pass  # no writable cache directory: fine, only slower next time
    return tables


def ensure_demo(store: Store, demo_dir: Path | str | None = None, now=None, cache: bool = True) -> list[int]:
    """Fill an EMPTY store with the demo exports, read through the real import pipeline (origin 'demo').

    Does nothing (returns []) when the store holds any snapshot; safe if two processes race.
    Returns the new snapshot ids.
    """
    if store.has_snapshots():
        return []
    files = demo_files(demo_dir)
    if not files:
        return []
    tables = _demo_tables(files, cache)
    return store.import_tables(tables, user=DEMO_USER, now=now, origin="demo", only_if_empty=True)
