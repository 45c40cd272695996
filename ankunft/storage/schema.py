"""The store's SQLite schema: versioned migrations (``PRAGMA user_version``) and the origins a
snapshot may have.

Each step brings the schema from version i to i+1. Never edit a released step: append one.
"""

from __future__ import annotations

ORIGINS = ("demo", "import")

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
    (  # 3: results computed from the stored data, kept across server restarts (emptied by every change)
        """CREATE TABLE computed (
            kind TEXT NOT NULL,
            key TEXT NOT NULL,
            version TEXT NOT NULL,
            revision INTEGER NOT NULL,
            computed_at TEXT NOT NULL,
            payload BLOB NOT NULL,
            PRIMARY KEY (kind, key)
        )""",
    ),
)
SCHEMA_VERSION = len(MIGRATIONS)
