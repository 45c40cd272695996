"""The Szenarien page's session state (ScenarioSession on a plain dict instead of st.session_state)."""

from __future__ import annotations

import datetime as dt

import pytest

from ankunft.scenario import Assumptions, propose
from ankunft.storage.store import Store
from ankunft.ui import scenario_state as sst
from ankunft.views import scenario_controls as ctl
from ankunft.views import scenario_saved as ssv
from tests.unit.scenario.sites import two_sites

STAND = dt.date(2026, 9, 30)


@pytest.fixture
def start():
    return two_sites()


@pytest.fixture
def defaults():
    return Assumptions(horizon_months=12, arrivals={"niedrig": 0.0, "mittel": 0.0, "hoch": 30.0}, moveout_rate=0.1,
                       departure_rate=0.0, recognition_rate=0.0, reserve_places=0.0, target_utilisation=1.0,
                       closures={"A": "2027-03", "B": None})


@pytest.fixture
def ss():
    return {}


@pytest.fixture
def session(defaults, ss):
    return sst.ScenarioSession(defaults, ss)


def test_a_new_stand_starts_from_its_defaults(session, ss, defaults):
    ss[sst.key("moveout_rate")] = 0.05  # a slider moved under the old Stand
    ss[sst.PROPOSAL] = {"key": "alt", "proposal": None}
    session.sync_stand(STAND)
    assert sst.key("moveout_rate") not in ss
    assert ss[sst.VALUES] == ctl.widget_values(defaults)
    assert ss[sst.PLAN] == ctl.PlanInputs.of(defaults)
    assert (ss[sst.VERSION], ss[sst.STAND]) == (1, "2026-09-30")
    assert sst.PROPOSAL not in ss
    ss[sst.key("moveout_rate")] = 0.05
    session.sync_stand(STAND)  # same Stand again: the inputs stay
    assert ss[sst.key("moveout_rate")] == 0.05 and ss[sst.VERSION] == 1
    session.sync_stand(dt.date(2026, 12, 31))
    assert sst.key("moveout_rate") not in ss and ss[sst.VERSION] == 2


def test_apply_replaces_every_input(session, ss, defaults):
    ss[sst.VERSION] = 3
    ss[sst.PROPOSAL] = {"key": "x", "proposal": None}
    other = defaults.replace(moveout_rate=0.02, closures={"A": None, "B": "2027-05"})
    session.apply(other, "hoch", "Szenario „B“ geladen.")
    assert ss[sst.key("moveout_rate")] == 0.02 and ss[sst.VALUES]["moveout_rate"] == 0.02
    assert ss[sst.PLAN].closures == {"A": None, "B": "2027-05"}
    assert (ss[sst.VERSION], ss[sst.VARIANT], ss[sst.FLASH]) == (4, "hoch", "Szenario „B“ geladen.")
    assert sst.PROPOSAL not in ss
    current = session.current_assumptions()
    assert (current.moveout_rate, current.closures) == (0.02, {"A": None, "B": "2027-05"})
    assert session.pop_flash() == "Szenario „B“ geladen." and session.pop_flash() is None


def test_widgets_are_seeded_once(session, ss, defaults):
    session.ensure_variant("mittel")
    session.ensure_variant("hoch")
    assert ss[sst.VARIANT] == "mittel"
    session.set_values({"moveout_rate": 0.05})
    controls = ctl.controls(defaults, session.values)
    session.seed_widgets(controls)
    assert ss[sst.key("moveout_rate")] == 0.05  # the latest value, not the default
    assert ss[sst.key("departure_rate")] == 0.0  # no latest value: the default
    ss[sst.key("moveout_rate")] = 0.07
    session.seed_widgets(controls)
    assert ss[sst.key("moveout_rate")] == 0.07  # a widget's own value is never overwritten


def test_editors_start_from_the_plan_of_their_version(session, ss, defaults):
    first = session.editors()
    assert (first.closures, first.openings, first.new) == ("sz_closures_0", "sz_openings_0", "sz_new_0")
    assert first.base == ctl.PlanInputs.of(defaults)
    ss[first.closures] = {"edited_rows": {}}  # the editor widget now exists
    edited = ctl.PlanInputs({"A": None, "B": "2027-08"}, {}, [])
    a = session.assumptions(session.values, edited)
    assert a.closures == {"A": None, "B": "2027-08"} and ss[sst.PLAN] == edited
    assert session.editors().base == first.base  # the editor keeps its start while the user edits
    session.apply(defaults)  # tables replaced: a new version starts from the latest plan
    second = session.editors()
    assert second.closures == "sz_closures_1" and second.base == ctl.PlanInputs.of(defaults)


def test_proposal_is_kept_for_its_inputs_and_adopted(session, ss, defaults, start):
    assert session.proposal("k") == (None, False)
    p = propose(start, defaults.replace(closures={"A": None, "B": None}), "mittel")
    assert p.closures  # demand falls below one site's places: the proposal closes one
    session.remember_proposal("k", p)
    assert session.proposal("k") == (p, False)
    assert session.proposal("other inputs") == (None, True)
    ss[sst.PLAN] = ctl.PlanInputs({"A": "2027-03", "B": None}, {"R": "2027-01"}, [])
    ss[sst.VERSION] = 5
    session.adopt(p)
    assert ss[sst.PLAN].closures == {"A": None, "B": None, **p.closures}
    assert ss[sst.PLAN].openings == {"R": "2027-01"}
    assert ss[sst.VERSION] == 6 and sst.PROPOSAL not in ss
    assert ss[sst.FLASH] == ssv.adopt_message(p.closures)


def test_load_and_delete_the_chosen_scenario(session, ss, defaults, tmp_path):
    store = Store(str(tmp_path / "s.db"))
    store.save_scenario("Plan B", ssv.scenario_payload(defaults.replace(moveout_rate=0.03), "niedrig", STAND))
    store.save_scenario("Kaputt", '{"arrivals": {"mittel": 1}}')
    ss[sst.CHOSEN] = "Plan B"
    session.load_chosen(store)
    assert (ss[sst.VALUES]["moveout_rate"], ss[sst.VARIANT]) == (0.03, "niedrig")
    assert session.pop_flash() == "Szenario „Plan B“ geladen."
    ss[sst.CHOSEN] = "Kaputt"
    session.load_chosen(store)
    assert ss[sst.VALUES]["moveout_rate"] == 0.03  # nothing replaced
    assert session.pop_flash() == "Szenario „Kaputt“ ließ sich nicht lesen."
    session.delete_chosen(store)
    assert list(store.list_scenarios()["name"]) == ["Plan B"]
    assert session.pop_flash() == "Szenario „Kaputt“ gelöscht."
