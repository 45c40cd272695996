"""Council mode offers no free recombination (issue 15): no district, Art, Träger or Status filter
and no threshold choice on any page; the working mode keeps every filter (AppTest, demo data)."""

from __future__ import annotations

import pytest

from tests.pages.test_council_mode import open_council, widget_labels

from .conftest import no_exception, open_page

FILTERS = {"Stadtteile", "Art", "Träger", "Status", "Kleine Fallzahlen"}
PAGES_WITH_FILTERS = {"uebersicht": {"Stadtteile"}, "unterkuenfte": {"Stadtteile", "Art", "Träger", "Status"}}


def _filter_widgets(at) -> set[str]:
    labels = set(widget_labels(at, "multiselect")) | set(widget_labels(at, "radio"))
    return labels & FILTERS


@pytest.mark.parametrize("page", ["uebersicht", "unterkuenfte", "infrastruktur", "wohnqualitaet", "bericht"])
def test_council_mode_draws_no_filter(demo_db, page):
    at = open_council(page)
    no_exception(at)
    assert _filter_widgets(at) == set(), page


@pytest.mark.parametrize("page", list(PAGES_WITH_FILTERS))
def test_working_mode_keeps_its_filters(demo_db, page):
    at = open_page(page, timeout=120)
    no_exception(at)
    assert PAGES_WITH_FILTERS[page] <= _filter_widgets(at), page
