"""Roles only from verified claims, through the real gate under AppTest (issue #16 item 4)."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from ankunft.core import logging_setup

AUTH = {
    "redirect_uri": "https://ankunft.intranet.kaiserslautern.de/oauth2callback",
    "cookie_secret": "ein-langes-zufaelliges-geheimnis",
    "client_id": "ankunft",
    "client_secret": "geheim",
    "server_metadata_url": "https://sso.kaiserslautern.de/realms/stadt/.well-known/openid-configuration",
}
SECRETS = {"auth": AUTH, "ankunft": {"roles": {"editors": ["a.schmidt@kaiserslautern.de"],
                                               "editor_groups": ["ankunft-bearbeitung"]}}}


@pytest.fixture(autouse=True)
def _no_global_log_redaction(monkeypatch):
    monkeypatch.setattr(logging_setup, "install", lambda *a, **k: None)


def _app():
    import streamlit as st

    from ankunft.ui import auth

    acc = auth.gate()
    st.markdown(f"Rechte: import={acc.can_import} person={acc.can_see_person_level}")


def _run(user: dict) -> AppTest:
    at = AppTest.from_function(_app, default_timeout=30)
    at.secrets = SECRETS
    at.user = {"is_logged_in": True, **user}
    return at.run()


def _text(at: AppTest) -> str:
    return "\n".join(str(e.value) for e in [*at.markdown, *at.caption])


def test_unverified_editor_address_gets_the_viewer_role_and_is_told_why():
    at = _run({"email": "a.schmidt@kaiserslautern.de", "email_verified": False, "name": "Anna Schmidt"})
    assert not at.exception
    text = _text(at)
    assert "Rolle: Ansicht" in text and "Rechte: import=False person=False" in text
    assert "nicht als bestätigt" in text


def test_verified_editor_address_and_editor_group_are_editors():
    at = _run({"email": "a.schmidt@kaiserslautern.de", "email_verified": True})
    assert "Rolle: Bearbeitung" in _text(at) and "Rechte: import=True person=True" in _text(at)
    at = _run({"email": "z.neu@kaiserslautern.de", "groups": ["ankunft-bearbeitung"]})
    assert "Rolle: Bearbeitung" in _text(at) and "nicht als bestätigt" not in _text(at)


def test_the_name_from_the_provider_is_shown_as_written():
    """The sidebar's 'Angemeldet: …' carries the provider's name claim: data, escaped like imported text."""
    import re

    at = _run({"name": "**Chef** [x](javascript:alert(1)) <img src=http://x.invalid/p.png>"})
    caption = next(c.value for c in at.caption if c.value.startswith("Angemeldet:"))
    assert not re.search(r"(?<!\\)\*\*Chef|(?<!\\)\]\(javascript|(?<![\\&])<img", caption), caption
    assert "Rolle: Ansicht" in caption
