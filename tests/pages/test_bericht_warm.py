"""Bericht after the background warm-up (issue #17): the warm-up builds the page's first view of the
newest Stand (prepared data, findings, report, Sachstand – with the back-tests the Szenarien page
shows), so the first visit only draws; no export file is built until a click. A held-out check that
the warm-up derives the page's first inputs (sections, focus area, threshold, closures) as the page does."""

from __future__ import annotations

from pathlib import Path

from ankunft.scenario import backtest as bt_mod
from ankunft.ui import data
from ankunft.ui import scenario_state as sst
from ankunft.views import report_view as assemble

from .conftest import all_text, no_exception, open_page
from .test_bericht import downloads  # noqa: F401 - the download recorder fixture
from .test_bericht_deferred import built  # noqa: F401 - the export builders' call counter (caches cleared)

ROOT = Path(__file__).resolve().parents[2]


def test_warmed_bericht_first_visit_only_draws(demo_db, downloads, built, monkeypatch, count_calls):  # noqa: F811
    counting, calls = count_calls, count_calls.calls
    counting(assemble, "prepare")
    counting(assemble, "report_from")
    counting(bt_mod, "backtest")
    data._warm(str(demo_db), str(ROOT / "app_pages"))
    assert sorted(calls) == ["backtest", "prepare", "report_from"], calls  # the Bericht's first view, once
    at = open_page("bericht")
    no_exception(at)
    assert "Bericht zum Stand 30.09.2026 mit 9 Abschnitten." in all_text(at)
    assert sorted(calls) == ["backtest", "prepare", "report_from"], calls  # nothing computed on the visit
    assert built == []  # and no file built
    name = next(n for n in downloads if n.endswith(".xlsx"))
    assert downloads[name] and built == ["xlsx"]  # the click builds its file from the warmed report
    at.switch_page("app_pages/6_szenarien.py")
    at.session_state[sst.BACKTEST_OPEN] = True
    at.run()
    no_exception(at)
    assert calls.count("backtest") == 1  # the Szenarien page's back-test is the warmed one
    # a choice the warm-up did not make is computed on the visit (the counter sees the page's calls)
    at.switch_page("app_pages/7_bericht.py")
    at.run()
    at.text_input(key="bericht_author").set_value("Integrationsbüro")
    at.run()
    no_exception(at)
    assert calls.count("report_from") == 2 and calls.count("prepare") == 1
