"""The council threshold is set once per Stand by an editor on the Bericht page (working mode) and
recorded in the store; council mode offers no choice (issue 15). AppTest, demo data."""

from __future__ import annotations

import datetime as dt

from ankunft.storage.store import Store
from tests.pages.test_council_mode import open_council

from .conftest import no_exception, open_page

STAND = dt.date(2026, 9, 30)
KEY = f"bericht_schwelle_{STAND.isoformat()}"


def test_editor_records_the_threshold_and_the_exports_follow(demo_db):
    at = open_page("bericht", timeout=180)
    no_exception(at)
    box = at.selectbox(key=KEY)
    assert box.value == "≤2" and list(box.options) == ["≤2", "<5"]
    box.set_value("<5")
    at.run()
    no_exception(at)
    assert Store(demo_db).council_marker(STAND) == "<5"
    assert at.selectbox(key=KEY).value == "<5"


def test_council_mode_offers_no_threshold_choice(demo_db):
    Store(demo_db).set_council_marker(STAND, "<5", user="test")
    at = open_council("bericht")
    no_exception(at)
    assert not [s for s in at.selectbox if s.label.startswith("Schwelle")]
