"""Bericht (issue #17: 7,15 s in the browser, 9,3 s server CPU): a plain visit builds no export file –
PowerPoint, Excel and HTML are built when their button is clicked (``st.download_button(data=callable)``),
and the click yields the very file the report builders make from the same inputs. The back-test in the
scenario section's notes is the one the Szenarien page shows: computed once per Stand for both pages."""

from __future__ import annotations

import functools
import io
import random
import re
import zipfile

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as hst

from ankunft.core import geo
from ankunft.export import html as export_html
from ankunft.export import pptx as export_pptx
from ankunft.export import xlsx as export_xlsx
from ankunft.storage import store as store_mod
from ankunft.ui import scenario_state as sst
from ankunft.views import focus as focus_mod
from ankunft.views import report_view as assemble

from .conftest import all_text, no_exception, open_page
from .test_bericht import STAND, downloads  # noqa: F401 - the download recorder fixture

PPTX = f"Bericht_Kaiserslautern_Stand_{STAND}.pptx"
XLSX = f"Bericht_Kaiserslautern_Stand_{STAND}.xlsx"
HTML = f"Bericht_Kaiserslautern_Stand_{STAND}.html"
BUILDERS = {PPTX: (export_pptx, "pptx"), XLSX: (export_xlsx, "xlsx"), HTML: (export_html, "html")}
ORIGINAL = {name: module.build for name, (module, _) in BUILDERS.items()}  # before any test patches them


@pytest.fixture
def built(monkeypatch):
    """The export builders' calls (kind per call); the caches start empty."""
    import streamlit as st

    st.cache_resource.clear()
    calls: list[str] = []
    for module, kind in BUILDERS.values():
        original = module.build

        @functools.wraps(original)
        def counting(*args, _original=original, _kind=kind, **kwargs):
            calls.append(_kind)
            return _original(*args, **kwargs)
        monkeypatch.setattr(module, "build", counting)
    return calls


def _zip_parts(data: bytes) -> dict[str, bytes]:
    """The parts of an Office file, embedded workbooks (chart data) opened too; the time a package
    was saved (zip entry times, created/modified in core.xml) left out."""
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        parts = {i.filename: z.read(i.filename) for i in z.infolist()}
    for name in list(parts):
        if name.endswith("core.xml"):
            parts[name] = re.sub(rb"(<dcterms:(created|modified)[^>]*>)[^<]*", rb"\1", parts[name])
        elif name.endswith(".xlsx"):
            parts.update({f"{name}/{k}": v for k, v in _zip_parts(parts.pop(name)).items()})
    return parts


def _first_difference(a: bytes, b: bytes) -> str:
    at = next((i for i, (x, y) in enumerate(zip(a, b)) if x != y), min(len(a), len(b)))
    return f"lengths {len(a)} / {len(b)}, first difference at {at}: {a[at - 80:at + 80]!r} / {b[at - 80:at + 80]!r}"


def _direct(db_path, sections: list[str], author: str) -> dict[str, bytes]:
    """The three files built straight from the report builders for the page's first inputs."""
    s = store_mod.Store(str(db_path))
    days = sorted(s.stichtage())
    state = s.load_state(days[-1])
    focus = focus_mod.parse(s.get_setting(focus_mod.SETTING))
    report = assemble.build_report(
        state, s.previous_state(state), sections=[k for k in assemble.SECTION_KEYS if k in sections], author=author,
        focus_ids=list(focus.ids), focus_label=focus.label, district_geojson=geo.load_districts_geojson(store=s),
        history=[s.load_state(d) for d in days[:-1]])
    return {PPTX: ORIGINAL[PPTX](report, None), XLSX: ORIGINAL[XLSX](report),
            HTML: ORIGINAL[HTML](report).encode("utf-8")}


def test_plain_visit_builds_no_export_and_each_click_builds_its_file(demo_db, downloads, built):  # noqa: F811
    at = open_page("bericht")
    no_exception(at)
    assert [d.proto.label for d in at.get("download_button")] == ["PowerPoint", "Excel", "HTML (offline)",
                                                                   "Sachstand (Text)"]
    assert "Bericht zum Stand 30.09.2026 mit 9 Abschnitten." in all_text(at)
    assert built == []  # nothing built for a visit
    at.run()  # nor for a rerun
    assert built == []
    for name, (_, kind) in BUILDERS.items():
        assert downloads[name], name  # the click
        assert built[-1] == kind and built.count(kind) == 1
    downloads[XLSX]  # a second click: the file built before (cached), not built again
    assert sorted(built) == ["html", "pptx", "xlsx"]


SECTIONS = hst.lists(hst.sampled_from(list(assemble.SECTION_KEYS)), min_size=1, max_size=4, unique=True)
AUTHORS = hst.text(alphabet="abcdefghijklmnopqrstuvwxyzäöüß ,.&", min_size=0, max_size=20).map(str.strip)


@settings(max_examples=2, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(sections=SECTIONS, author=AUTHORS)
def test_a_click_yields_the_same_file_as_the_report_builders(demo_db, downloads, built, sections,  # noqa: F811
                                                             author):
    downloads.clear()
    at = open_page("bericht")
    at.multiselect(key="bericht_sections").set_value(sections)
    at.text_input(key="bericht_author").set_value(author)
    at.run()
    no_exception(at)
    expected = _direct(demo_db, sections, author)
    names = list(BUILDERS)
    random.Random(len(author)).shuffle(names)  # the order of the clicks does not matter
    for name in names:
        got = downloads[name]
        if name == HTML:
            assert got == expected[name], _first_difference(got, expected[name])
        else:
            parts, want = _zip_parts(got), _zip_parts(expected[name])
            assert sorted(parts) == sorted(want), name
            assert not [p for p in want if parts[p] != want[p]], (name, [p for p in want if parts[p] != want[p]])


def test_backtest_is_computed_once_for_bericht_and_szenarien(demo_db, monkeypatch):
    """The report's scenario notes carry the back-test's headline; opening the back-test on the
    Szenarien page afterwards finds it computed (one back-test per Stand for both pages)."""
    import streamlit as st

    from ankunft.scenario import backtest as bt_mod

    st.cache_resource.clear()
    calls: list[int] = []
    original = bt_mod.backtest

    @functools.wraps(original)
    def counting(*args, **kwargs):
        calls.append(1)
        return original(*args, **kwargs)
    monkeypatch.setattr(bt_mod, "backtest", counting)
    at = open_page("bericht")
    no_exception(at)
    assert len(calls) == 1
    at.switch_page("app_pages/6_szenarien.py")
    at.session_state[sst.BACKTEST_OPEN] = True
    at.run()
    no_exception(at)
    assert "Rückblick: 12 Monate voraus" in all_text(at)
    assert len(calls) == 1, "Szenarien computed the back-test again"
