"""Storage: the embedded SQLite store (snapshots per Stichtag, import log), the data state as of a
Stand, and the synthetic demo data."""
