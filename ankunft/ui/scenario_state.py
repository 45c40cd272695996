"""Session state of the Szenarien page (Streamlit glue; what is computed lives in ``views.scenario_*``).

The page's inputs live in the session under keys with the prefix ``sz_``:

* ``sz_values`` – the latest widget values (they survive page switches and council mode, where the
  sliders are not drawn); the widgets themselves use ``sz_<control key>`` (:func:`key`);
* ``sz_plan`` – the latest table inputs (:class:`~ankunft.views.scenario_controls.PlanInputs`),
  ``sz_base`` – the table inputs the editors start from, ``sz_version`` – bumped whenever the
  tables are replaced (proposal adopted, scenario loaded, new data Stand), so the editors start
  afresh under new keys;
* ``sz_stand`` – the data Stand the inputs belong to, ``sz_proposal`` – the last computed proposal
  with the inputs it was computed for, ``sz_flash`` – a message for the next run.

:class:`ScenarioSession` reads and writes them. It works on any mutable mapping (``st.session_state``
by default), so that it can be tested with a plain dict.
"""

from __future__ import annotations

from collections.abc import MutableMapping
from dataclasses import dataclass

import streamlit as st

from ankunft.scenario.inputs import Assumptions
from ankunft.scenario.proposal import Proposal
from ankunft.views import scenario_controls as ctl
from ankunft.views import scenario_saved as ssv

P = "sz_"
VALUES = P + "values"
PLAN = P + "plan"
BASE = P + "base"
VERSION = P + "version"
STAND = P + "stand"
PROPOSAL = P + "proposal"
FLASH = P + "flash"
VARIANT = P + "variant"
CHOSEN = P + "chosen"  # the saved scenario picked in the list (load, delete)
# Expanders whose content is computed only while they are open (Streamlit's lazy expanders): the first
# visit of the page does not wait for the earliest-month search or the back-test's projections.
EARLIEST_OPEN = P + "earliest_open"
BACKTEST_OPEN = P + "backtest_open"
BACKTEST_LABEL = "Rückblick: wie genau frühere Projektionen waren"
BACKTEST_MISSING = ("Rückblick über die Aufenthalte: braucht eine Bewohnerdatei mit Einzügen aus mindestens "
                    "24 Monaten vor dem Stand.")


def key(name: str) -> str:
    """The session key of one of the page's widgets (`sz_<name>`)."""
    return P + name


@dataclass(frozen=True)
class Editors:
    """The widget keys of the three editor tables and the table inputs they start from."""

    closures: str
    openings: str
    new: str
    base: ctl.PlanInputs


class ScenarioSession:
    """The Szenarien page's inputs in the session, for one data Stand's ``defaults``."""

    def __init__(self, defaults: Assumptions, ss: MutableMapping | None = None) -> None:
        self.defaults = defaults
        self.ss = st.session_state if ss is None else ss

    # --- the inputs as a whole ----------------------------------------------------------------
    def sync_stand(self, stand) -> None:
        """On a new data Stand start from its defaults (widgets, tables, proposal)."""
        if self.ss.get(STAND) == stand.isoformat():
            return
        for c in ctl.controls(self.defaults):
            self.ss.pop(key(c.key), None)
        self.ss[VALUES] = ctl.widget_values(self.defaults)
        self._replace_tables(ctl.PlanInputs.of(self.defaults))
        self.ss[STAND] = stand.isoformat()

    def apply(self, a: Assumptions, variant: str | None = None, flash: str | None = None) -> None:
        """Replace every input by an Assumptions object (a callback: runs before the widgets are drawn)."""
        values = ctl.widget_values(a)
        self.ss[VALUES] = values
        for name, value in values.items():
            self.ss[key(name)] = value
        self._replace_tables(ctl.PlanInputs.of(a))
        if variant:
            self.ss[VARIANT] = variant
        if flash:
            self.ss[FLASH] = flash

    def _replace_tables(self, plan: ctl.PlanInputs) -> None:
        self.ss[PLAN] = plan
        self.ss[VERSION] = self.ss.get(VERSION, 0) + 1
        self.ss.pop(PROPOSAL, None)

    @property
    def values(self) -> dict:
        """The latest widget values ({} before the first run)."""
        return self.ss.get(VALUES, {})

    def set_values(self, values: dict) -> None:
        self.ss[VALUES] = values

    def set_plan(self, plan: ctl.PlanInputs) -> None:
        self.ss[PLAN] = plan

    def current_assumptions(self) -> Assumptions:
        """The assumptions of the latest inputs (widget values and tables)."""
        return ctl.assumptions_from(self.defaults, self.values, self.ss.get(PLAN))

    def assumptions(self, values: dict, plan: ctl.PlanInputs) -> Assumptions:
        """Store this run's table inputs and return the assumptions of ``values`` and ``plan``."""
        self.set_plan(plan)
        return ctl.assumptions_from(self.defaults, values, plan)

    # --- widgets ------------------------------------------------------------------------------
    def ensure_variant(self, default: str) -> None:
        """The variant radio's first value (later runs keep the user's choice)."""
        if VARIANT not in self.ss:
            self.ss[VARIANT] = default

    def seed_widgets(self, controls: list[ctl.Control]) -> None:
        """Give every control without a session value its latest value (or its default), so that a
        slider keeps its value across page switches."""
        current = self.values
        for c in controls:
            if key(c.key) not in self.ss:
                self.ss[key(c.key)] = current.get(c.key, c.default)

    def editors(self) -> Editors:
        """The editor tables' keys for the current version; a new version starts from the latest plan."""
        version = self.ss.get(VERSION, 0)
        closures, openings, new = (f"{P}closures_{version}", f"{P}openings_{version}", f"{P}new_{version}")
        if closures not in self.ss or BASE not in self.ss:
            self.ss[BASE] = self.ss.get(PLAN) or ctl.PlanInputs.of(self.defaults)
        return Editors(closures, openings, new, self.ss[BASE])

    # --- proposal -----------------------------------------------------------------------------
    def remember_proposal(self, proposal_key: str, proposal: Proposal) -> None:
        self.ss[PROPOSAL] = {"key": proposal_key, "proposal": proposal}

    def proposal(self, proposal_key: str) -> tuple[Proposal | None, bool]:
        """(the proposal computed for these inputs or None, True when one was computed for other inputs)."""
        stored = self.ss.get(PROPOSAL)
        if not stored:
            return None, False
        if stored["key"] == proposal_key:
            return stored["proposal"], False
        return None, True

    def adopt(self, p: Proposal) -> None:
        """Take over a proposal's closures (a callback): new tables, the proposal is consumed."""
        current: ctl.PlanInputs = self.ss.get(PLAN) or ctl.PlanInputs.of(self.defaults)
        self._replace_tables(current.adopt(p.closures))
        self.ss[FLASH] = ssv.adopt_message(p.closures)

    # --- messages and saved scenarios ------------------------------------------------------------
    def pop_flash(self) -> str | None:
        """The message left for this run by a callback (shown once)."""
        return self.ss.pop(FLASH, None)

    def load_chosen(self, store) -> None:
        """Load the scenario picked in the list into the inputs (a callback)."""
        name = self.ss.get(CHOSEN)
        saved = ssv.load_saved(store, name)
        if saved is None:
            self.ss[FLASH] = f"Szenario „{name}“ ließ sich nicht lesen."
            return
        self.apply(saved.assumptions, saved.variant, f"Szenario „{name}“ geladen.")

    def delete_chosen(self, store) -> None:
        """Delete the scenario picked in the list (a callback)."""
        name = self.ss.get(CHOSEN)
        store.delete_scenario(name)
        self.ss[FLASH] = f"Szenario „{name}“ gelöscht."
