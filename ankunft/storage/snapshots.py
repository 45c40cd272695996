"""Reading snapshots: the data state as of a Stand, the previous state, freshness, the list of
snapshots and the import log (with their German column labels), and deleting one snapshot.

The app's "Stand" X shows for each dataset its latest snapshot at or before X. Demo snapshots
(``origin='demo'``) are shown only while no real ones (``origin='import'``) exist.
"""

from __future__ import annotations

import datetime as dt
import json
import threading
from collections import OrderedDict

import pandas as pd

from ankunft.core import fmt, glossary
from ankunft.storage.base import StoreBase, StoreError, as_date
from ankunft.storage.codec import ENCODING, decode_frame
from ankunft.storage.state import DatasetView, DataState

ACTION_LABELS = {
    "import": "importiert",
    "replace": "ersetzt",
    "delete": "gelöscht",
    "purge": "bereinigt",
    "demo": "Beispieldaten geladen",
    "demo_removed": "Beispieldaten entfernt",
    "correct": "korrigiert",
}

# German headers of the tables below; the keys are the columns shown on the Daten page, in order.
FRESHNESS_LABELS = {
    "label": "Datensatz",
    "stichtag": "Stichtag",
    "rows": "Zeilen",
    "imported_at": "Importiert am",
    "file_name": "Datei",
}
SNAPSHOT_LABELS = {
    "id": "Nr.",
    "label": "Datensatz",
    "stichtag": "Stichtag",
    "rows": "Zeilen",
    "file_name": "Datei",
    "imported_at": "Importiert",
    "imported_by": "von",
}
ORIGIN_LABELS = {"demo": "Beispiel", "import": "Import"}
LOG_LABELS = {
    "at": "Zeitpunkt",
    "user": "Benutzer",
    "what": "Vorgang",
    "stand": "Stand",  # dataset and Stichtag of the entry
    "detail": "Details",
}

_FRAME_CACHE: "OrderedDict[tuple, pd.DataFrame]" = OrderedDict()
_FRAME_CACHE_MAX = 24
_FRAME_CACHE_LOCK = threading.Lock()


class SnapshotStore(StoreBase):
    """List, load and delete snapshots."""

    @staticmethod
    def _active_origin(con) -> str:
        real = con.execute("SELECT 1 FROM snapshots WHERE origin = 'import' LIMIT 1").fetchone()
        return "import" if real else "demo"

    def has_snapshots(self, origin: str | None = None) -> bool:
        with self._read() as con:
            if origin:
                return con.execute("SELECT 1 FROM snapshots WHERE origin = ? LIMIT 1", (origin,)).fetchone() is not None
            return con.execute("SELECT 1 FROM snapshots LIMIT 1").fetchone() is not None

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
        # the file's path too: copies of one store share its uid (a backup, the tests' demo copies), and two
        # copies can hold different snapshots under the same id and second (seen: one test read another's)
        key = (self.uid, self.path, sid, imported_at)
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
        stand = as_date(stand)
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
            marker = self._council_marker_on(con, stand)
            revision = self._revision_on(con)
        return DataState(stand=stand, views=views, is_demo=demo, council_marker=marker, revision=revision)

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
        with self._read() as con:
            marker = self._council_marker_on(con, stand)
            revision = self._revision_on(con)
        if state.revision is None or revision != state.revision:  # read across a change: no revision
            revision = None
        return DataState(stand=stand, views=views, is_demo=state.is_demo, council_marker=marker, revision=revision)

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
