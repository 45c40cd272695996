"""Writing snapshots: an import is one short write transaction, so a failed or cancelled import
changes nothing. Re-importing the same dataset and Stichtag replaces that snapshot (logged); the
first real import removes the demo (demo and real snapshots are never mixed)."""

from __future__ import annotations

import datetime as dt
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable, Sequence

import numpy as np
import pandas as pd

from ankunft.core import fmt, glossary
from ankunft.storage.base import ImportCancelled, ImportRefused, StoreBase, as_date
from ankunft.storage.codec import ENCODING, encode_frame
from ankunft.storage.schema import ORIGINS


@dataclass
class _Item:
    dataset: str
    stichtag: dt.date
    frame: pd.DataFrame
    file_name: str | None
    sheet: str | None
    report: str | None
    payload: bytes = b""
    left_out: tuple[int, ...] = ()  # Excel rows with errors left out ("ohne fehlerhafte Zeilen")


def report_json(t) -> str | None:
    """A table report as JSON text (its ``to_json``/``to_dict``), or None."""
    for attr in ("to_json", "to_dict"):
        fn = getattr(t, attr, None)
        if callable(fn):
            out = fn()
            return out if isinstance(out, str) else json.dumps(out, ensure_ascii=False, default=str)
    return None


def _left_out_text(rows: tuple[int, ...]) -> str:
    """'; ohne 2 fehlerhafte Zeilen (Zeilen 9, 12)' for the log line of an import without faulty rows."""
    if not rows:
        return ""
    shown = ", ".join(str(r) for r in rows[:10]) + (" …" if len(rows) > 10 else "")
    return (f"; ohne {fmt.plural(len(rows), 'fehlerhafte Zeile', 'fehlerhafte Zeilen')} "
            f"({'Zeile' if len(rows) == 1 else 'Zeilen'} {shown})")


class ImportingStore(StoreBase):
    """Import tables or files as snapshots."""

    def _items(self, tables, without_faulty_rows: bool, file_name: str | None) -> list[_Item]:
        items: list[_Item] = []
        for t in tables:
            left_out: tuple[int, ...] = ()
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
                left_out = tuple(sorted(bad))
                if bad and isinstance(frame, pd.DataFrame) and "_row" in frame.columns:
                    frame = frame[~frame["_row"].isin(bad)]
                elif errors:
                    frame = t.clean_frame()
                report = report_json(t)
            fname = fname or file_name
            if dataset not in glossary.DATASETS:
                raise ImportRefused(f"Unbekannter Datensatz „{dataset}“.")
            label = glossary.DATASETS[dataset].label
            if stichtag is None or (isinstance(stichtag, float) and np.isnan(stichtag)):
                raise ImportRefused(f"{label}: Kein Stichtag erkannt. Bitte den Stichtag angeben.")
            if not isinstance(frame, pd.DataFrame):
                raise ImportRefused(f"{label}: Keine Tabelle zum Importieren.")
            items.append(_Item(dataset, as_date(stichtag), frame, fname, sheet, report, left_out=left_out))
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
                      progress: Callable[[int, int], None] | None = None, only_if_empty: bool = False,
                      corrections: Sequence = ()) -> list[int]:
        """Store tables as snapshots in ONE transaction; returns the new snapshot ids in input order.

        ``tables``: pipeline ``TableReport`` objects, or tuples
        ``(dataset, stichtag, frame, file_name, sheet, report_json)``. A table with row errors is
        refused unless ``without_faulty_rows`` (then its ``clean_frame()`` is stored); a blocking
        table is always refused (:class:`ImportRefused`). An existing snapshot of the same dataset,
        Stichtag and origin is replaced. A real import removes all demo snapshots.
        ``progress(done, total)`` is called per table inside the transaction; if it raises, the
        import is cancelled and nothing changes. ``only_if_empty``: do nothing when the store
        already holds snapshots (used for the demo, safe against two processes racing).
        ``corrections``: cells the officer corrected before this import (``importing.corrections.Correction``);
        each is logged (action ``correct``: Excel row, field, old → new) with the snapshot of its table.
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
            self.check(con)  # nothing is written into a damaged store
            if only_if_empty and con.execute("SELECT 1 FROM snapshots LIMIT 1").fetchone():
                return []
            if origin == "import":
                n_demo = con.execute("SELECT COUNT(*) FROM snapshots WHERE origin = 'demo'").fetchone()[0]
                if n_demo:
                    con.execute("DELETE FROM snapshots WHERE origin = 'demo'")
                    coming = {it.dataset for it in items}
                    empty = [glossary.DATASETS[k].label for k in glossary.DATASET_KEYS if k not in coming]
                    self._log(con, stamp, user, "demo_removed",
                              detail=f"Beispieldaten entfernt ({fmt.plural(n_demo, 'Stand', 'Stände')}), "
                                     "weil echte Daten importiert wurden."
                                     + (f" Noch ohne echte Daten: {', '.join(empty)}." if empty else ""))
            for k, it in enumerate(items):
                ids.append(self._insert(con, it, stamp, user, origin))
                if progress is not None:
                    try:
                        progress(k + 1, len(items))
                    except Exception as exc:
                        raise ImportCancelled("Import abgebrochen; es wurde nichts gespeichert.") from exc
            self._log_corrections(con, stamp, user, items, ids, corrections)
            self._bump(con)
        return ids

    def _log_corrections(self, con, stamp: str, user: str, items: list[_Item], ids: list[int],
                         corrections: Sequence) -> None:
        """One log line per corrected cell, with the snapshot of the table it belongs to."""
        where = {(it.file_name, it.sheet): (it, sid) for it, sid in zip(items, ids)}
        for c in corrections:
            hit = where.get((c.file, c.sheet))
            if hit is None:
                continue
            it, sid = hit
            self._log(con, stamp, user, "correct", dataset=it.dataset, stichtag=it.stichtag.isoformat(),
                      snapshot_id=sid, file_name=it.file_name, rows=None, detail=c.detail(it.dataset, it.stichtag))

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
                         f"{fmt.plural(len(it.frame), 'Zeile', 'Zeilen')}{src}{_left_out_text(it.left_out)}.")
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
