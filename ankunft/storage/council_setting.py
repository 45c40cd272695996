"""The council threshold of a Stand, recorded in the store (issue 15: one threshold per Stand).

Council output hides person counts from 1 up to a threshold. Two council exports of the same Stand
at different thresholds (``≤2`` and ``<5``) could be differenced against each other, so the
threshold is not a per-export choice: an editor records it once per Stand, and every council screen
and export of that Stand uses it (:attr:`DataState.council_marker`). It lives in the key-value
``settings`` table that every store version has (schema step 1), under ``council_threshold:<Stand>``;
an older store without the key reads the default — nothing to migrate.
"""

from __future__ import annotations

import datetime as dt

MARKERS = ("≤2", "<5")  # the thresholds council output may use (Statistisches Jahrbuch: ≤2)
DEFAULT_MARKER = MARKERS[0]
PREFIX = "council_threshold:"


def setting_key(stand: dt.date) -> str:
    return PREFIX + stand.isoformat()


class CouncilSettingStore:
    """Mixin of :class:`ankunft.storage.store.Store`: read and record a Stand's council threshold."""

    def council_marker(self, stand: dt.date) -> str:
        """The recorded threshold marker of ``stand`` (the default ``≤2`` when none is recorded)."""
        value = self.get_setting(setting_key(stand))
        return value if value in MARKERS else DEFAULT_MARKER

    def set_council_marker(self, stand: dt.date, marker: str, user: str | None = None, now=None) -> None:
        """Record the threshold for ``stand``; the store's revision moves on, so cached states of the
        Stand are read again and every council screen and export follows."""
        if marker not in MARKERS:
            raise ValueError(f"Unbekannte Schwelle „{marker}“ für die Ratsfassung; erlaubt: {', '.join(MARKERS)}.")
        stamp = self._stamp(now)
        with self._write() as con:
            con.execute("INSERT INTO settings (key, value, updated_at, updated_by) VALUES (?, ?, ?, ?) "
                        "ON CONFLICT(key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at, "
                        "updated_by = excluded.updated_by", (setting_key(stand), marker, stamp, user))
            self._bump(con)

    def _council_marker_on(self, con, stand: dt.date) -> str:
        row = con.execute("SELECT value FROM settings WHERE key = ?", (setting_key(stand),)).fetchone()
        return row[0] if row and row[0] in MARKERS else DEFAULT_MARKER


__all__ = ["DEFAULT_MARKER", "MARKERS", "PREFIX", "CouncilSettingStore", "setting_key"]
