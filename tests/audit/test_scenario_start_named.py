"""The scenario's start month in the council exports is read by name as the Ratsfassung's total (issue 15).

The report's scenario chart starts in the Stand's month; its "Bedarf" there is the model's start
population, which council mode publishes only as the Ratsfassung's total of residents (see
``scenario_view.hidden_start``/``start_differs``). The cross-view adversary (``named_map``) names that
point the cell "Belegung je Unterkunft / Gesamt": on the real exports it equals the published total; a
start that differs (here: the total less a site of 2, as a site the residents file misses made it) is a
number that is not that cell – the test fails and says where.
"""

from __future__ import annotations

import dataclasses

from ankunft.core import fmt
from ankunft.disclosure import ratsfassung as rf
from ankunft.export import xlsx as export_xlsx
from tests.audit import export_audit as ea
from tests.audit import export_readers as er
from tests.audit import named_map as nm
from tests.audit.test_cross_view_exports import screens

KIND = "small"


def _start_points(files, cat):
    """The exported numbers of the scenario's "Bedarf" in the Stand's month."""
    month = fmt.month(cat.dates[nm.CUR])
    return [n for n in ea.read_files(files) if any(p in n.place for p in nm.SCENARIO_PLACES)
            and er.norm_label(n.col) == "Bedarf" and er.norm_label(n.row) == month and ea.kind_of(n) == "count"]


def test_the_scenario_start_is_named_as_the_ratsfassung_total():
    report, files = ea.exports(KIND)
    cat = ea.catalogue(KIND)
    points = _start_points(files, cat)
    assert points, "kein Startmonat des Szenarios in den Exporten gefunden"
    total = cat.figure(nm.Ref(nm.CUR, rf.ACC, rf.TOTAL))
    for n in points:
        named = nm.name_of(n, cat)
        assert named == nm.Named("cell", (nm.Ref(nm.CUR, rf.ACC, rf.TOTAL),)), (ea.where(n), named)
        assert nm.check(n, named, cat).ok and n.value == total.value


def test_a_start_other_than_the_ratsfassung_total_fails():
    report, files = ea.exports(KIND)
    cat = ea.catalogue(KIND)
    total = cat.figure(nm.Ref(nm.CUR, rf.ACC, rf.TOTAL)).value
    section = next(s for s in report.sections if s.key == "scenario")
    chart = section.chart
    series = [s._replace(values=[total - 2, *s.values[1:]]) if s.name == "Bedarf" else s
              for s in chart.series]
    patched = dataclasses.replace(report, sections=[
        dataclasses.replace(s, chart=dataclasses.replace(chart, series=series)) if s is section else s
        for s in report.sections])
    res = ea.read_export_bytes(KIND, screens(KIND), files={**files, "xlsx": export_xlsx.build(patched)})
    wrong = [n for n, _ in res.mismatch if n.fmt == "xlsx" and n.value == total - 2]
    assert wrong and all(er.norm_label(n.col) == "Bedarf" for n in wrong), res.problems()[:5]
