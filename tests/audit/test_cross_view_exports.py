"""The cross-view adversary (issue 15) on the exported bytes: everything council mode shows on the
screens, plus every number a reader gets out of the council PowerPoint, Excel and HTML of both
Stände (chart caches and their embedded workbooks, table cells, text and notes, every sheet and
cell, plotly payloads, map colours and tooltips), in one system for the auditor.

The union test of ``test_cross_view_union.py`` read the report object the exporters render; here
the bytes are read (``tests/audit/export_readers.py``) and mapped to the system's cells
(``tests/audit/export_audit.py``): a number equal to a hidden cell's true value is a leak, a number
that maps to no published figure is a possible leak, a map colour outside its legend encodes a
value. Each export is built once per data kind and Stand. The negative tests make one export leaky
(a chart carrying the hidden counts, a map shaded by count) and check that the test fails.
"""

from __future__ import annotations

import copy
import dataclasses
import functools

import pytest

from ankunft.export import html as export_html
from ankunft.export import pptx as export_pptx
from ankunft.export import xlsx as export_xlsx
from ankunft.views import report_model
from tests.audit import export_audit as ea
from tests.audit import export_readers as er
from tests.audit import test_cross_view as cv

KINDS = list(ea.BYTES_KINDS)


@functools.cache
def _screens(kind: str) -> cv.CrossReader:
    return cv.channel_reader("all", kind)


def screens(kind: str) -> cv.CrossReader:
    """Everything council mode shows on the screens (all channels), a fresh copy per use."""
    return copy.deepcopy(_screens(kind))


@functools.cache
def union(kind: str):
    """Everything council mode shows (all channels) and both Stände' export bytes, in one reader."""
    r = screens(kind)
    return r, [ea.read_export_bytes(kind, r, stand) for stand in ea.STANDS]


@pytest.mark.parametrize("kind", KINDS)
def test_everything_council_mode_shows_together_with_the_export_bytes(kind):
    r, results = union(kind)
    problems = [p for res in results for p in res.problems()]
    assert problems == [], "\n".join(problems[:40])
    for res in results:  # the bytes were read: counts of every format and part, mapped to the system
        assert res.read == res.mapped and res.read > 300, res
        assert {"pptx", "xlsx", "html"} <= {f for f, _ in res.parts}
        assert {"chart", "chart-workbook", "table", "notes", "cell", "plotly", "map", "legend"} <= {p for _, p in res.parts}
    found = r.found()
    assert found == [], r.explain(found)


def _hidden_sites(kind: str):
    """(name, true occupancy) of the sites whose occupancy council mode hides, in the reader."""
    r, _ = union(kind)
    state = cv.states(kind)[0]
    table = cv.ov.ov_mod.inputs(state, None).table
    names = dict(zip(table["key"], table["name"]))
    return {names[k[1]]: r.truth[k] for k, v in r.cells.items() if k[0] == "acc" and ea._hidden(v)}


@pytest.mark.parametrize("series", ["Belegung", "Belegung (intern)"])
def test_a_chart_carrying_hidden_counts_fails(series):
    """One exported chart (PowerPoint) gets a series with the true occupancy of every site. Named as
    the published series ("Belegung"), its points name the hidden Ratsfassung cells: leaks, which the
    auditor then recomputes with everything else. Under a name no cell has ("Belegung (intern)") the
    points map to nothing: "Nicht zugeordnet" – either way the test fails and says where."""
    kind = "small"
    report, files = ea.exports(kind)
    hidden = _hidden_sites(kind)
    assert hidden
    section = next(s for s in report.sections if s.chart is not None and
                   any(er.norm_label(c) in hidden for c in s.chart.categories))
    chart = section.chart
    leaky = report_model.Series(series, [hidden.get(er.norm_label(c)) for c in chart.categories],
                                chart.series[0].colour)
    patched = dataclasses.replace(report, sections=[
        dataclasses.replace(s, chart=dataclasses.replace(chart, series=[*chart.series, leaky])) if s is section else s
        for s in report.sections])
    r = screens(kind)
    res = ea.read_export_bytes(kind, r, files={**files, "pptx": export_pptx.build(patched)})
    if series == "Belegung":
        leaked = {n.row for n, _, _ in res.leaks if n.fmt == "pptx" and n.part.startswith("chart")}
        assert leaked and leaked <= set(hidden), res.problems()[:5]
        assert r.found(), "the auditor must recompute the leaked cells"
    else:
        unmapped = {n.row for n in res.unmapped if n.fmt == "pptx" and n.col == series}
        assert unmapped >= {er.norm_label(c) for c in chart.categories if er.norm_label(c) in hidden}, res.problems()[:5]


def test_a_map_shaded_by_a_hidden_count_fails(monkeypatch):
    """The HTML map of a hidden district shaded by its count (the rule before issue 15): the
    colours are no longer the legend's classes, and the test says which district."""
    kind = "small"
    report, files = ea.exports(kind)
    r0, _ = union(kind)
    counts = {k[1]: r0.truth[k] for k, v in r0.cells.items() if k[0] == "dist" and ea._hidden(v)}
    assert counts
    plain = report_model.MapSpec.districts

    def shaded(self, classes=None):
        out = plain(self, classes)
        return [d._replace(colour=f"#{0x40 + 8 * int(counts[d.district_id]):02X}4040")
                if d.value is None and d.district_id in counts else d for d in out]

    monkeypatch.setattr(report_model.MapSpec, "districts", shaded)
    r = screens(kind)
    res = ea.read_export_bytes(kind, r, files={**files, "html": export_html.build(report)})
    assert {n.row[:2] for n, _ in res.colours} >= set(counts), res.problems()[:5]


def _published_elsewhere(kind: str) -> tuple[str, float, str]:
    """A hidden site (name, true occupancy) whose true value the council exports also publish as another
    count: the case the old value-based mapping accepted ("the same value appears in the report")."""
    _, files = ea.exports(kind)
    shown = {n.value for n in ea.read_files(files) if ea.kind_of(n) == "count"}
    name, value = next((k, v) for k, v in sorted(_hidden_sites(kind).items()) if v in shown)
    return name, value, cv.fmt.integer(value)


def test_a_hidden_count_in_a_kpi_row_of_the_excel_fails():
    """(a) The council Excel's KPI rows (sheet Übersicht): the tile "Auszugsberechtigte in Unterkünften"
    carries a hidden site's occupancy, and an added row "Belegung <site>" does too. The value is
    published elsewhere, so only the name can tell: the first is not the Ratsfassung's cell of that
    name ("Falsch zugeordnet"), the second names no cell ("Nicht zugeordnet")."""
    kind = "small"
    report, files = ea.exports(kind)
    site, value, text = _published_elsewhere(kind)
    section = next(s for s in report.sections if any(k.label.startswith("Auszugsberechtigte") for k in s.kpis))
    kpis = [dataclasses.replace(k, value_text=text) if k.label.startswith("Auszugsberechtigte") else k
            for k in section.kpis] + [report_model.Kpi(f"Belegung {site}", text)]
    patched = dataclasses.replace(report, sections=[
        dataclasses.replace(s, kpis=kpis) if s is section else s for s in report.sections])
    res = ea.read_export_bytes(kind, screens(kind), files={**files, "xlsx": export_xlsx.build(patched)})
    wrong = [n for n, _ in res.mismatch if n.fmt == "xlsx" and n.value == value]
    assert any(c.startswith("Auszugsberechtigte") for n in wrong for c in n.cells), res.problems()[:5]
    assert any(f"Belegung {site}" in n.cells for n in res.unmapped if n.fmt == "xlsx"), res.problems()[:5]


def test_a_hidden_count_in_a_sentence_of_the_deck_fails():
    """(b) A sentence on a council slide names a hidden site's occupancy, with a value the deck
    publishes elsewhere under another name: read by its template ("<site>: dort leben N Menschen") it
    names the site's hidden Ratsfassung cell – a leak; in a sentence no template knows it is unmapped."""
    kind = "small"
    report, files = ea.exports(kind)
    site, value, text = _published_elsewhere(kind)
    section = next(s for s in report.sections if s.headline)
    for sentence, expect in ((f"{site}: dort leben {text} Menschen.", "leak"),
                             (f"Unter den kleinen Unterkünften hat {site} {text} Bewohner.", "unmapped")):
        patched = dataclasses.replace(report, sections=[
            dataclasses.replace(s, headline=f"{s.headline} {sentence}") if s is section else s for s in report.sections])
        res = ea.read_export_bytes(kind, screens(kind), files={**files, "pptx": export_pptx.build(patched)})
        if expect == "leak":
            assert any(n.fmt == "pptx" and n.value == value and site in n.line for n, _, _ in res.leaks), \
                res.problems()[:5]
        else:
            assert any(n.fmt == "pptx" and n.value == value and site in n.line for n in res.unmapped), \
                res.problems()[:5]
