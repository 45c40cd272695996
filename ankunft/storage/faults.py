"""Store faults: what can go wrong with the database file itself, each with its own German message
and the way out. The store turns every SQLite or file-system error into one of these (``fault_of``),
so the CLI and the app never show a raw ``sqlite3`` error, a traceback or a generic "internal error".

* :class:`StoreDamaged` – the file is damaged or no SQLite database (``PRAGMA quick_check``, or
  SQLite's ``SQLITE_CORRUPT``/``SQLITE_NOTADB``); nothing is written into it, the way out is the
  last backup.
* :class:`StoreNewer` – written by a newer release of Ankunft: update the app.
* :class:`StoreReadOnly` – the file (or its folder) may not be written.
* :class:`StoreFull` – no space left for the database.
* :class:`StoreUnavailable` – the file cannot be opened at all.
* :class:`StoreFault` – any other database error (message of SQLite in brackets).
"""

from __future__ import annotations

import errno
import sqlite3
from pathlib import Path


class StoreError(Exception):
    """A store operation that cannot be done; the message is German and meant for the user."""


RESTORE_HINT = ("Ausweg: die letzte Sicherung zurückspielen – Anwendung anhalten, die neueste Sicherungsdatei "
                "(geschrieben mit „python -m ankunft backup ZIELDATEI“) an die Stelle der Datenbank kopieren, "
                "Anwendung starten; Schritt für Schritt in docs/deployment.md, Abschnitt „Sicherung und "
                "Wiederherstellung“.")


class StoreFault(StoreError):
    """The database file itself is not usable as it should be. ``str()`` is the German message."""

    def __init__(self, path: str, detail: str = ""):
        self.path = str(path)
        self.detail = detail
        super().__init__(self.message())

    @property
    def name(self) -> str:
        return Path(self.path).name or self.path

    def message(self) -> str:
        extra = f" ({self.detail})" if self.detail else ""
        return (f"Die Datenbank {self.name} meldet einen Fehler{extra}. Es wurde nichts gespeichert; "
                "bitte den Vorgang wiederholen und bei erneutem Fehler den IT-Betrieb informieren.")


class StoreDamaged(StoreFault):
    def message(self) -> str:
        extra = f" ({self.detail})" if self.detail else ""
        return (f"Die Datenbank {self.name} ist beschädigt{extra}. Es wurde nichts hineingeschrieben und nichts "
                f"gesichert. {RESTORE_HINT}")


class StoreNewer(StoreFault):
    def __init__(self, path: str, version: int, known: int):
        self.version, self.known = version, known
        super().__init__(path)

    def message(self) -> str:
        return ("Die Datenbank stammt aus einer neueren Version von Ankunft – bitte die App aktualisieren "
                f"(Datenbank {self.name}: Schema {self.version}, diese Version kennt Schema {self.known}). "
                "Es wurde nichts verändert.")


class StoreReadOnly(StoreFault):
    def message(self) -> str:
        return (f"Die Datenbank {self.name} ist schreibgeschützt: Importieren, Löschen und Speichern sind nicht "
                "möglich, es wurde nichts gespeichert. Bitte die Schreibrechte der Datei und ihres Ordners für "
                "das Dienstkonto prüfen (docs/deployment.md, Abschnitt Installation).")


class StoreFull(StoreFault):
    def message(self) -> str:
        return (f"Der Speicherplatz für die Datenbank {self.name} ist voll: es wurde nichts gespeichert, die "
                "bisherigen Daten sind unverändert. Bitte Platz schaffen (z. B. alte Sicherungen löschen) und "
                "den Vorgang wiederholen.")


class StoreUnavailable(StoreFault):
    def message(self) -> str:
        extra = f" ({self.detail})" if self.detail else ""
        return (f"Die Datenbank {self.name} lässt sich nicht öffnen{extra}. Bitte Pfad (Umgebungsvariable "
                "ANKUNFT_DB) und Rechte des Ordners prüfen.")


_BY_SQLITE_NAME = (
    ("SQLITE_CORRUPT", StoreDamaged), ("SQLITE_NOTADB", StoreDamaged), ("SQLITE_FULL", StoreFull),
    ("SQLITE_READONLY", StoreReadOnly), ("SQLITE_CANTOPEN", StoreUnavailable),
)
_BY_ERRNO = {errno.ENOSPC: StoreFull, errno.EDQUOT: StoreFull, errno.EROFS: StoreReadOnly,
             errno.EACCES: StoreReadOnly, errno.EPERM: StoreReadOnly}
_BY_TEXT = (("malformed", StoreDamaged), ("not a database", StoreDamaged), ("disk is full", StoreFull),
            ("readonly", StoreReadOnly), ("unable to open", StoreUnavailable))


def fault_of(exc: BaseException, path: str) -> StoreFault:
    """The store fault for an SQLite or file-system error (by SQLite's error name, errno, then text)."""
    if isinstance(exc, StoreFault):
        return exc
    if isinstance(exc, sqlite3.Error):
        name = getattr(exc, "sqlite_errorname", "") or ""
        for prefix, kind in _BY_SQLITE_NAME:
            if name.startswith(prefix):
                return kind(path, _detail(kind, exc))
        text = str(exc).lower()
        for part, kind in _BY_TEXT:
            if part in text:
                return kind(path, _detail(kind, exc))
        return StoreFault(path, f"SQLite: {exc}")
    if isinstance(exc, OSError):
        kind = _BY_ERRNO.get(exc.errno, StoreFault)
        return kind(path, "" if kind in (StoreFull, StoreReadOnly) else f"Betriebssystem: {exc.strerror or exc}")
    return StoreFault(path, type(exc).__name__)


def _detail(kind: type, exc: BaseException) -> str:
    """SQLite's own (English) text only where the kind alone does not say enough."""
    return f"SQLite: {exc}" if kind in (StoreUnavailable,) else ""
