"""DataState: the five datasets as of one "Stand" (each its latest snapshot at or before it)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import pandas as pd

from ankunft.core import glossary


@dataclass(frozen=True)
class DatasetView:
    """One dataset as shown: canonical frame plus where it came from."""

    key: str
    df: pd.DataFrame
    stichtag: dt.date | None
    snapshot_id: int | None = None
    file_name: str | None = None
    source_office: str = ""
    imported_at: str | None = None
    imported_by: str | None = None

    @property
    def label(self) -> str:
        return glossary.DATASETS[self.key].label


@dataclass(frozen=True)
class DataState:
    """What the app shows for a Stand. Datasets without a snapshot are absent from `views`."""

    stand: dt.date
    views: dict[str, DatasetView] = field(default_factory=dict)
    is_demo: bool = False
    # the council threshold recorded for this Stand (storage.council_setting); None: not from a store
    council_marker: str | None = None
    # the store revision it was read at (storage.computed keeps results per revision); None: not from a store
    revision: int | None = field(default=None, compare=False)

    def has(self, key: str) -> bool:
        return key in self.views and len(self.views[key].df) > 0

    def df(self, key: str) -> pd.DataFrame:
        """The canonical frame, or an empty conformed frame when the dataset is absent."""
        if key in self.views:
            return self.views[key].df
        return glossary.empty_frame(key)

    def stichtag(self, key: str) -> dt.date | None:
        v = self.views.get(key)
        return v.stichtag if v else None

    def source(self, key: str) -> str:
        v = self.views.get(key)
        return v.source_office if v and v.source_office else glossary.DATASETS[key].source_office

    def missing(self) -> list[str]:
        return [k for k in glossary.DATASET_KEYS if not self.has(k)]

    @property
    def snapshot_ids(self) -> tuple:
        """Cache key: which snapshots make up this state."""
        return tuple((k, v.snapshot_id) for k, v in sorted(self.views.items())) + (("demo", self.is_demo),)

    @classmethod
    def from_frames(cls, stand: dt.date, frames: dict[str, pd.DataFrame], stichtage: dict | None = None,
                    is_demo: bool = False) -> "DataState":
        """Build a state from canonical frames (tests, benchmarks)."""
        stichtage = stichtage or {}
        views = {
            k: DatasetView(k, glossary.conform(k, df), stichtage.get(k, stand),
                           source_office=glossary.DATASETS[k].source_office)
            for k, df in frames.items()
        }
        return cls(stand=stand, views=views, is_demo=is_demo)
