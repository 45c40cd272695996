"""AppTest fixtures: a demo database built once per session, copied for each test."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[2]
APP = str(ROOT / "app.py")

PAGES = {
    "uebersicht": "app_pages/1_uebersicht.py",
    "unterkuenfte": "app_pages/2_unterkuenfte.py",
    "wohnqualitaet": "app_pages/3_wohnqualitaet.py",
    "infrastruktur": "app_pages/4_infrastruktur.py",
    "stadtteilprofil": "app_pages/5_stadtteilprofil.py",
    "szenarien": "app_pages/6_szenarien.py",
    "bericht": "app_pages/7_bericht.py",
    "daten": "app_pages/8_daten.py",
}


@pytest.fixture(scope="session")
def demo_db_template(tmp_path_factory) -> Path:
    from ankunft.storage import store

    path = tmp_path_factory.mktemp("demo") / "demo.db"
    s = store.Store(str(path))
    store.ensure_demo(s)
    _checkpoint(s)
    return path


def _checkpoint(s) -> None:
    """Fold the WAL into the database file, so that a plain file copy is the whole store."""
    con = s._connect()
    try:
        con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        con.close()


@pytest.fixture
def demo_db(demo_db_template, tmp_path, monkeypatch) -> Path:
    """A fresh copy of the demo database for one test (ANKUNFT_DB points at it)."""
    path = tmp_path / "app.db"
    shutil.copy(demo_db_template, path)
    monkeypatch.setenv("ANKUNFT_DB", str(path))
    return path


@pytest.fixture(scope="session")
def small_db_template(tmp_path_factory) -> Path:
    """The small-number data of the council audit (few residents per accommodation), imported once
    per session (per xdist worker) for the council-mode AppTests of several modules."""
    from ankunft.storage import store
    from tests.audit.test_council_audit import small_number_tables

    path = tmp_path_factory.mktemp("small") / "small.db"
    s = store.Store(str(path))
    s.import_tables(small_number_tables(), user="test")
    _checkpoint(s)
    return path


@pytest.fixture
def small_db(small_db_template, tmp_path, monkeypatch) -> Path:
    """A fresh copy of the small-number database for one test (ANKUNFT_DB points at it)."""
    path = tmp_path / "small.db"
    shutil.copy(small_db_template, path)
    monkeypatch.setenv("ANKUNFT_DB", str(path))
    return path


def open_page(page: str, timeout: float = 60) -> AppTest:
    """Run the app and switch to a page (key of PAGES)."""
    at = AppTest.from_file(APP, default_timeout=timeout)
    at.run()
    if page != "uebersicht":
        at.switch_page(PAGES[page])
        at.run()
    return at


MIME = {".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ".csv": "text/csv",
        ".xls": "application/vnd.ms-excel"}


def upload(at: AppTest, name: str, payload: bytes) -> AppTest:
    """Put one file into the Daten page's upload widget (MIME type from the file name) and run the page."""
    at.file_uploader(key="uploader").set_value((name, payload, MIME[Path(name).suffix.lower()]))
    at.run()
    return at


def no_exception(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]


def all_text(at: AppTest) -> str:
    """Every text element a user can read (markdown, captions, metrics, alerts, titles)."""
    parts = []
    for kind in ("title", "header", "subheader", "markdown", "caption", "info", "warning", "error", "success",
                 "text"):
        parts += [str(e.value) for e in getattr(at, kind)]
    parts += [f"{m.label} {m.value} {m.delta}" for m in at.metric]
    return "\n".join(parts)


def metrics(at: AppTest) -> dict[str, tuple[str, str]]:
    """KPI tiles: label -> (value, change)."""
    return {m.label: (m.value, m.delta) for m in at.metric}


def import_subset(path, frames: dict) -> None:
    """A store with only the given canonical demo frames (dataset -> frame) at the demo Stichtag."""
    from ankunft.core import glossary
    from ankunft.storage import demo
    from ankunft.storage import store as store_mod

    s = store_mod.Store(str(path))
    tables = [(k, demo.DISTRICTS_STAND if k == "districts" else demo.STICHTAG, glossary.conform(k, f),
               f"{k}.xlsx", k, None) for k, f in frames.items()]
    s.import_tables(tables, user="test")


@pytest.fixture(scope="module")
def truth():
    """The demo data as built (the numbers the pages must show)."""
    from ankunft.storage import demo

    return demo.build()
