"""Daten: what an import without faulty rows leaves out of the totals, and what the first real import
leaves empty (issue #17). Expected figures are computed here from the generated rows, not by the code."""

import datetime as dt
import functools

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ankunft.core import fmt, glossary
from ankunft.storage.store import Store
from ankunft.views import data_view, import_notices

from .test_data_view_corrections import checked, csv


def _sites(caps: list[int], bad: set[int]) -> bytes:
    rows = [[f"{i + 1:03d}", f"Haus {i + 1}", f"{(i % 18) + 1:02d}", c, "15O" if i in bad else c // 2]
            for i, c in enumerate(caps)]
    return csv(rows)


@functools.cache
def _demo():
    from ankunft.storage import demo

    return demo.build()


def _plain(s: str) -> str:
    return s.replace("\u00a0", " ")


def test_the_issue_example_one_site_with_160_places():
    caps = [220, 370, 69, 160, 90, 120, 45, 300, 80, 60, 150, 75, 110, 95]
    res, _ = checked(_sites(caps, {3}))
    (sentence,) = import_notices.left_out_effects([res.report])
    total = sum(caps)
    assert _plain(sentence) == _plain(
        f"export.csv, Blatt „CSV“: 1 Unterkunft mit 160 Plätzen fehlt dann in allen Summen (Stadt: 14 → 13 "
        f"Unterkünfte, Plätze {fmt.integer(total)} → {fmt.integer(total - 160)}).")


@pytest.mark.slow
@settings(max_examples=25, suppress_health_check=[HealthCheck.too_slow])
@given(caps=st.lists(st.integers(1, 900), min_size=2, max_size=16), data=st.data())
def test_left_out_sites_and_places_match_the_rows(caps, data):
    bad = data.draw(st.sets(st.integers(0, len(caps) - 1), min_size=1, max_size=len(caps) - 1))
    res, _ = checked(_sites(caps, bad))
    (sentence,) = import_notices.left_out_effects([res.report])
    k, gone = len(bad), sum(caps[i] for i in bad)
    n, total = len(caps), sum(caps)
    what = fmt.plural(k, "Unterkunft", "Unterkünfte")
    assert _plain(f"{what} mit {fmt.plural(gone, 'Platz', 'Plätzen')} ") in _plain(sentence)
    assert f"(Stadt: {fmt.integer(n)} → {fmt.integer(n - k)} Unterkünfte" in _plain(sentence)
    assert _plain(f"Plätze {fmt.integer(total)} → {fmt.integer(total - gone)}") in _plain(sentence)
    assert ("fehlt dann" in sentence) == (k == 1)


def test_no_sentence_without_faulty_rows():
    res, _ = checked(_sites([10, 20, 30], set()))
    assert import_notices.left_out_effects([res.report]) == []


def test_districts_population_leaves_the_totals():
    rows = [["01", "Innenstadt", "12.000"], ["02", "Nord", "zwölftausend"], ["03", "Süd", "8.500"]]
    payload = csv(rows, header=("Stadtteil-Nr.", "Stadtteil", "Einwohner"))
    res, _ = checked(payload, name="stadtteile.csv")
    (t,) = res.report.tables
    assert t.dataset == "districts"
    sentence = import_notices.left_out_effect(t)
    assert _plain("1 Stadtteil fehlt dann in allen Summen (Stadt: 3 → 2 Stadtteile") in _plain(sentence)


# --- first real import -----------------------------------------------------------------------------
def test_before_the_first_import_the_notice_names_every_other_office_and_its_pages():
    res, _ = checked(_sites([10, 20], set()))
    text = import_notices.first_import_notice([res.report], is_demo=True)
    assert text.startswith("Mit diesem ersten Import echter Daten werden alle Beispieldaten entfernt.")
    for key in glossary.DATASET_KEYS:
        office = f"{glossary.DATASETS[key].source_office} ({import_notices.HOLDS[key]})"
        assert (office in text) == (key != "accommodations"), key
    assert "Wohnqualität" in text and "Soziale Infrastruktur" in text and "Stadtteilprofil" in text
    assert import_notices.first_import_notice([res.report], is_demo=False) is None


@settings(max_examples=20)
@given(st.sets(st.sampled_from(glossary.DATASET_KEYS)))
def test_missing_notice_lists_exactly_the_missing_datasets(missing):
    text = import_notices.missing_notice(sorted(missing), before_import=False)
    if not missing:
        assert text is None
        return
    for key in glossary.DATASET_KEYS:
        assert (f"{glossary.DATASETS[key].source_office} ({import_notices.HOLDS[key]})" in text) == (key in missing)
    pages = {p for k in missing for p in import_notices.PAGES[k]}
    assert all(p in text for p in pages)


def test_after_the_first_import_the_store_says_what_is_still_missing(tmp_path):
    store = Store(tmp_path / "s.db", now=lambda: dt.datetime(2026, 11, 2, 9, 30))
    res, ov = checked(_sites([10, 20], set()))
    assert data_view.import_reports(store, [res.report], user="a", without_faulty_rows=False,
                                    overrides={"d": ov}).ok
    text = import_notices.stored_missing_notice(store.freshness(), store.is_demo())
    assert text.startswith("Noch keine echten Daten: ")
    assert "Wohnungsaufsicht (Wohnungen)" in text and "Statistikstelle (Einwohner je Stadtteil)" in text
    assert "Sozialamt (Unterkünfte)" not in text


def test_coordinates_note_only_for_mapped_data_without_any_coordinates():
    res, _ = checked(_sites([10, 20], set()))
    (note,) = import_notices.coordinates_notes([res.report])
    assert "„export.csv“ enthält keine Koordinaten" in note and "Unterkünfte" in note
    with_xy = pd.DataFrame({"lat": [49.44, None], "lon": [7.76, None]})
    assert import_notices.coordinates_note("accommodations", with_xy) is None
    assert import_notices.coordinates_note("districts", pd.DataFrame({"district_id": ["01"]})) is None


@pytest.mark.slow
@given(st.sets(st.sampled_from(glossary.DATASET_KEYS), min_size=1))
@settings(max_examples=10, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_the_demo_removal_log_line_names_what_has_no_real_data_yet(tmp_path_factory, keys):
    store = Store(tmp_path_factory.mktemp("demo") / "s.db", now=lambda: dt.datetime(2026, 11, 2, 9, 30))
    built = _demo()
    store.import_tables([(k, dt.date(2026, 9, 30), glossary.conform(k, getattr(built, k).head(3)), "demo.xlsx", k, None)
                         for k in glossary.DATASET_KEYS], user="Beispieldaten", origin="demo")
    store.import_tables([(k, dt.date(2026, 10, 31), glossary.conform(k, getattr(built, k).head(2)), f"{k}.xlsx", k,
                          None) for k in sorted(keys)], user="anna")
    log = store.import_log()
    (detail,) = log.loc[log["action"] == "demo_removed", "detail"].tolist()
    rest = [glossary.DATASETS[k].label for k in glossary.DATASET_KEYS if k not in keys]
    if rest:
        assert detail.endswith(f"Noch ohne echte Daten: {', '.join(rest)}.")
    else:
        assert "Noch ohne" not in detail


def test_file_names_and_values_from_the_upload_are_escaped_in_the_markdown_notices():
    from ankunft.importing import corrections

    res, ov = checked(_sites([10, 20, 30], {1}), name="**fett**_[x](http://a).csv")
    (sentence,) = import_notices.left_out_effects([res.report])
    (note,) = import_notices.coordinates_notes([res.report])
    for text in (sentence, note):
        assert "**fett**_[x](http://a).csv" not in text
        assert fmt.md("**fett**_[x](http://a).csv") in text
    ov["cells"]["CSV"] = {(4, "occupancy"): corrections.Correction("a.csv", "CSV", 4, "occupancy", "Belegt",
                                                                   "15O", ":red[150]")}
    summary = data_view.corrections_summary(ov)
    assert ":red[" not in summary and fmt.md(":red[150]") in summary


def test_file_status_duplicate_notice_and_table_summary_escape_names_from_the_upload():
    hostile = "*Liste*_[a](http://b).csv"
    res, _ = checked(_sites([10, 20], set()), name=hostile)
    level, text = data_view.file_status(res.report)
    assert level == "ok" and text == f"{fmt.md(hostile)}: bereit zum Import."
    notice = data_view.duplicate_notice(hostile, ":red[x].csv")
    assert hostile not in notice and fmt.md(hostile) in notice and fmt.md(":red[x].csv") in notice
    assert data_view.table_summary(res.report.tables[0]).startswith("Blatt „CSV“: Unterkünfte")
