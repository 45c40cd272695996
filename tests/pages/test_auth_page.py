"""The sign-in gate under AppTest: [auth] in secrets requires sign-in; roles from [ankunft.roles]."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from ankunft.core import logging_setup

ROOT = Path(__file__).resolve().parents[2]

AUTH = {
    "redirect_uri": "https://ankunft.intranet.kaiserslautern.de/oauth2callback",
    "cookie_secret": "ein-langes-zufaelliges-geheimnis",
    "client_id": "ankunft",
    "client_secret": "geheim",
    "server_metadata_url": "https://sso.kaiserslautern.de/realms/stadt/.well-known/openid-configuration",
}
ROLES = {"roles": {"editors": ["a.schmidt@kaiserslautern.de"]}}


@pytest.fixture(autouse=True)
def _no_global_log_redaction(monkeypatch):
    """gate() installs the redacting record factory process-wide; keep this test process unchanged
    (install() itself is tested in a subprocess in test_logging_setup.py)."""
    calls = []
    monkeypatch.setattr(logging_setup, "install", lambda *a, **k: calls.append(1))
    return calls


def test_gate_installs_the_log_redaction(_no_global_log_redaction):
    _run(None)
    assert _no_global_log_redaction == [1]


def _app():
    """A minimal page behind the gate: shows the rights the gate returned and the actor label."""
    import streamlit as st

    from ankunft.ui import auth

    acc = auth.gate()
    st.markdown(f"Rechte: import={acc.can_import} delete={acc.can_delete} person={acc.can_see_person_level}")
    st.markdown(f"Akteur: {auth.current_user_label()}")
    if auth.require("can_see_person_level", "Die Liste der Aufenthalte"):
        st.markdown("Personenliste sichtbar")


def _texts(at: AppTest) -> str:
    parts = [m.value for m in at.markdown] + [c.value for c in at.caption] + [i.value for i in at.info]
    parts += [e.value for e in at.error] + [t.value for t in at.title] + [s.value for s in at.subheader]
    return "\n".join(str(p) for p in parts)


def _run(secrets: dict | None, user: dict | None = None) -> AppTest:
    at = AppTest.from_function(_app, default_timeout=30)
    if secrets is not None:
        at.secrets = secrets
    if user is not None:
        at.user = user
    return at.run()


def test_without_auth_trusted_intranet_mode():
    at = _run(None)
    assert not at.exception
    text = _texts(at)
    assert "gedacht für einen vertrauenswürdigen Einzelplatz im Intranet" in text
    assert "Rechte: import=True delete=True person=False" in text
    assert "Akteur: lokal (ohne Anmeldung)" in text
    assert "nur nach Anmeldung sichtbar" in text
    assert "Personenliste sichtbar" not in text
    assert not [b for b in at.button if b.label == "Anmelden"]


def test_with_auth_not_signed_in_shows_only_the_german_sign_in_screen():
    at = _run({"auth": AUTH, "ankunft": ROLES}, user={})
    assert not at.exception
    text = _texts(at)
    assert "Anmeldung erforderlich" in text
    assert "Rechte:" not in text and "Akteur:" not in text  # the page itself never ran
    assert [b.label for b in at.button] == ["Anmelden"]


def test_sign_in_button_without_working_oidc_setup_shows_a_german_error_not_a_traceback():
    # No Authlib / no server-side [auth] in this test process: st.login raises StreamlitAuthError.
    at = _run({"auth": AUTH, "ankunft": ROLES}, user={})
    at.button[0].click().run()
    assert not at.exception
    assert any("nicht vollständig eingerichtet" in e.value for e in at.error)


def test_signed_in_editor():
    at = _run({"auth": AUTH, "ankunft": ROLES},
              user={"is_logged_in": True, "email": "A.Schmidt@kaiserslautern.de", "email_verified": True,
                    "name": "Anna Schmidt"})
    assert not at.exception
    text = _texts(at)
    assert "Angemeldet: A.Schmidt@kaiserslautern.de · Rolle: Bearbeitung" in text
    assert "Rechte: import=True delete=True person=True" in text
    assert "Akteur: A.Schmidt@kaiserslautern.de" in text
    assert "Personenliste sichtbar" in text
    assert [b.label for b in at.button] == ["Abmelden"]


def test_signed_in_viewer_sees_aggregates_only():
    at = _run({"auth": AUTH, "ankunft": ROLES},
              user={"is_logged_in": True, "email": "b.meyer@kaiserslautern.de"})
    assert not at.exception
    text = _texts(at)
    assert "Rolle: Ansicht" in text
    assert "Rechte: import=False delete=False person=False" in text
    assert "der Rolle „Bearbeitung“ vorbehalten" in text
    assert "Personenliste sichtbar" not in text


def test_logout_returns_to_the_sign_in_screen():
    at = _run({"auth": AUTH, "ankunft": ROLES},
              user={"is_logged_in": True, "email": "b.meyer@kaiserslautern.de"})
    at.button[0].click().run()
    assert not at.exception
    assert "Anmeldung erforderlich" in _texts(at)


def test_read_only_intranet_instance():
    at = _run({"ankunft": {"read_only": True}})
    assert not at.exception
    text = _texts(at)
    assert "Nur-Lese-Betrieb" in text
    assert "Rechte: import=False delete=False person=False" in text


def _page_with_second_line_of_defence():
    """A page that runs WITHOUT app.py's gate (as a deep link into a legacy pages/ directory would)."""
    import streamlit as st

    from ankunft.ui import auth

    auth.ensure_signed_in()
    st.markdown("Seiteninhalt")


def test_ensure_signed_in_stops_a_page_that_bypassed_the_gate():
    at = AppTest.from_function(_page_with_second_line_of_defence, default_timeout=30)
    at.secrets = {"auth": AUTH, "ankunft": ROLES}
    at.user = {}
    at.run()
    assert not at.exception
    assert "Anmeldung erforderlich" in _texts(at) and "Seiteninhalt" not in _texts(at)
    at = AppTest.from_function(_page_with_second_line_of_defence, default_timeout=30)
    at.secrets = {"auth": AUTH, "ankunft": ROLES}
    at.user = {"is_logged_in": True, "email": "b.meyer@kaiserslautern.de"}
    at.run()
    assert "Seiteninhalt" in _texts(at) and not at.caption  # no sidebar output from ensure_signed_in
