"""Store maintenance and small records: a consistent backup, purging old snapshots (data
minimisation), settings, remembered column mappings and saved scenarios."""

from __future__ import annotations

import datetime as dt
import json
import os
import sqlite3
from pathlib import Path

import pandas as pd

from ankunft.core import fmt, glossary
from ankunft.storage.base import StoreBase, StoreError, resolve_now
from ankunft.storage.faults import StoreDamaged, StoreFault, fault_of


def _backup_fault(exc: BaseException, dest: Path) -> StoreFault:
    """A fault while writing the backup concerns the backup file (full or read-only target), not the store."""
    return fault_of(exc, str(dest))


class MaintenanceStore(StoreBase):
    """Backup, purge, settings, mappings, scenarios."""

    def backup(self, path: str | os.PathLike) -> Path:
        """A consistent copy of the whole store (SQLite online backup), safe while others write.

        The store is checked first (``PRAGMA quick_check``) and the copy after: a damaged store is
        refused (:class:`StoreDamaged`) and nothing is written to ``path``.
        """
        dest = Path(path)
        if dest.resolve() == Path(self.path).resolve():
            raise StoreError("Die Sicherung darf nicht die Datenbank selbst überschreiben.")
        with self._read() as con:
            self.check(con)
        tmp = dest.with_name(dest.name + ".tmp")
        try:
            dest.parent.mkdir(parents=True, exist_ok=True)
            if tmp.exists():
                tmp.unlink()
            src = self._connect()
            try:
                dst = sqlite3.connect(str(tmp))
                try:
                    src.backup(dst)
                    dst.execute("PRAGMA journal_mode = DELETE")
                    if [r[0] for r in dst.execute("PRAGMA quick_check").fetchall()] != ["ok"]:
                        raise StoreDamaged(self.path, "die Kopie besteht die Integritätsprüfung nicht")
                finally:
                    dst.close()
            finally:
                src.close()
            os.replace(tmp, dest)
        except BaseException as exc:
            tmp.unlink(missing_ok=True)
            if isinstance(exc, (sqlite3.Error, OSError)):
                raise _backup_fault(exc, dest) from exc
            raise
        return dest

    def purge(self, older_than_days: int, now=None, user: str = "unbekannt") -> int:
        """Delete snapshots whose Stichtag is more than ``older_than_days`` days before ``now``.

        The newest snapshot of each dataset is always kept so the app keeps working. Logged;
        the file is compacted afterwards so deleted rows are really gone. Returns the count.
        """
        if older_than_days < 0:
            raise StoreError("Die Anzahl Tage darf nicht negativ sein.")
        moment = resolve_now(now if now is not None else self._now)
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
                with self._faults():
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
