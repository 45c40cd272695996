"""The Bericht page's cached report parts, shared by every session, the warm-up and the downloads.

One entry per content, Stand (snapshot ids), council mode and choice: the prepared data with its
findings (Handlungsbedarf), the format-neutral report with the Sachstand, and each export file. The
files are built only when their download button is clicked (the page hands the builders below to
``st.download_button(data=callable)``); the same click again finds the file in the cache. The heavy
parts the Szenarien page shows too (the back-test of the stays and of the stored Stände) go through
the same cached functions as on that page (``ReportData.memo``), so each is computed once per Stand.
"""

from __future__ import annotations

from typing import Callable

from ankunft import disclosure
from ankunft.core import geo
from ankunft.export import council_text
from ankunft.export import html as export_html
from ankunft.export import pptx as export_pptx
from ankunft.export import xlsx as export_xlsx
from ankunft.storage.state import DataState
from ankunft.ui import data
from ankunft.views import report_view as assemble

# The bundle's key: (sections, council, author, focus_ids, focus_label, district_ids, marker, scenarios,
# geojson, excluded) – plain values, hashed by the cache.
ReportKey = tuple


def report_key(sections, council: bool, author: str, focus_ids, focus_label: str, district_ids, marker: str,
               scenarios: tuple, geojson: dict) -> ReportKey:
    """The key of a report as the page chooses it (sections in the report's order); the findings left
    out (``excluded``) are appended by :func:`with_excluded` once the findings are known."""
    return (tuple(s for s in assemble.SECTION_KEYS if s in sections), bool(council), (author or "").strip(),
            tuple(focus_ids), focus_label, tuple(district_ids) if district_ids else None, marker, tuple(scenarios),
            geojson)


def with_excluded(key: ReportKey, excluded: tuple) -> ReportKey:
    return (*key, tuple(excluded))


def _prepared_args(key: ReportKey) -> tuple:
    """The key without sections, author and excluded findings: what :func:`prepared` depends on."""
    return (key[1], *key[3:9])


@data.memo
def prepared(state: DataState, previous: DataState | None, council: bool, focus_ids: tuple, focus_label: str,
             district_ids: tuple | None, marker: str, scenarios: tuple, geojson: dict):
    """The report's data and its findings (Handlungsbedarf), once per Stand, council mode and choice."""
    rd = assemble.prepare(state, previous, council=council, focus_ids=list(focus_ids), focus_label=focus_label,
                          district_ids=list(district_ids) if district_ids else None,
                          disclosure_cfg=disclosure.DisclosureConfig.from_marker(marker),
                          scenarios=list(scenarios) or None, district_geojson=geojson,
                          history=data.earlier_states(state.stand),  # trends over every stored Stand
                          memo=data.memo)  # back-tests: the Szenarien page's cache entries
    return rd, assemble.find(rd)


def findings(state: DataState, previous: DataState | None, key: ReportKey) -> list:
    return prepared(state, previous, *_prepared_args(key))[1]


@data.memo
def bundle(state: DataState, previous: DataState | None, sections: tuple, council: bool, author: str,
           focus_ids: tuple, focus_label: str, district_ids: tuple | None, marker: str, scenarios: tuple,
           geojson: dict, excluded: tuple = ()):
    """(report, Sachstand text, warnings) of a key (see :func:`report_key`)."""
    rd, _ = prepared(state, previous, council, focus_ids, focus_label, district_ids, marker, scenarios, geojson)
    report = assemble.report_from(rd, list(sections), author, excluded)
    return report, council_text.sachstand(rd, excluded), list(rd.warnings)


@data.memo
def _pptx(state, previous, key: ReportKey, template_hash: str, _template: bytes | None) -> bytes:
    return export_pptx.build(bundle(state, previous, *key)[0], _template)


@data.memo
def _xlsx(state, previous, key: ReportKey) -> bytes:
    return export_xlsx.build(bundle(state, previous, *key)[0])


@data.memo
def _html(state, previous, key: ReportKey) -> str:
    return export_html.build(bundle(state, previous, *key)[0])


@data.memo
def _template_problem(template_hash: str, _template: bytes) -> str | None:
    return export_pptx.template_problem(_template)


def template_problem(template_hash: str, template: bytes | None) -> str | None:
    """Why the uploaded city template cannot be used (German), or None – checked once per template,
    without building the deck."""
    return _template_problem(template_hash, template) if template else None


def file_builders(state: DataState, previous: DataState | None, key: ReportKey, template_hash: str,
                  template: bytes | None) -> dict[str, Callable[[], bytes | str]]:
    """The export files of a report as callables (format -> builder) for ``st.download_button(data=…)``:
    each runs only when its button is clicked and returns what the report builders make for these
    inputs (cached: a second click does not build again). No Streamlit call inside."""
    return {
        "pptx": lambda: _pptx(state, previous, key, template_hash, template),
        "xlsx": lambda: _xlsx(state, previous, key),
        "html": lambda: _html(state, previous, key),
    }


def default_key(state: DataState) -> ReportKey:
    """The key of the page's first view of a Stand in working mode: every section, no author, the whole
    city, the saved focus area, the Stand's council threshold, the planned closures, every finding."""
    from ankunft.views import focus as focus_mod

    focus = focus_mod.parse(data.get_store().get_setting(focus_mod.SETTING))
    return report_key(assemble.SECTION_KEYS, False, "", focus.ids, focus.label, None,
                      assemble.COUNCIL_THRESHOLD.marker, (), geo.load_districts_geojson(store=data.get_store()))


def warm(state: DataState, previous: DataState | None) -> None:
    """Build the page's first view of a Stand (prepared data, findings, report, Sachstand) into the
    cache – the warm-up's step for the Bericht page; the files stay unbuilt until clicked."""
    key = default_key(state)
    bundle(state, previous, *with_excluded(key, ()))


def _warm_step(state: DataState, previous: DataState | None) -> None:
    warm(state, previous)  # looked up at call time (tests replace ``warm``)


data.register_warm_step(_warm_step)
