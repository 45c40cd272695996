"""Template upload on the Bericht page (issue #16 item 2): only editors get the uploader; a zip bomb
uploaded by an editor ends in a German message, the other downloads stay."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from ankunft.core import logging_setup
from tests.security.test_template_guard import _PADDED, THEME, _rewrite

from .conftest import APP, PAGES, all_text, no_exception

AUTH = {
    "redirect_uri": "https://ankunft.intranet.kaiserslautern.de/oauth2callback",
    "cookie_secret": "ein-langes-zufaelliges-geheimnis",
    "client_id": "ankunft",
    "client_secret": "geheim",
    "server_metadata_url": "https://sso.kaiserslautern.de/realms/stadt/.well-known/openid-configuration",
}
SECRETS = {"auth": AUTH, "ankunft": {"roles": {"editors": ["a.schmidt@kaiserslautern.de"]}}}


@pytest.fixture(autouse=True)
def _no_global_log_redaction(monkeypatch):
    monkeypatch.setattr(logging_setup, "install", lambda *a, **k: None)


def _bericht(secrets: dict | None, user: dict | None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=90)
    if secrets is not None:
        at.secrets = secrets
    if user is not None:
        at.user = user
    at.run()
    at.session_state["bericht_sections"] = ["accommodations"]  # one section: fast, and independent of the rest
    at.switch_page(PAGES["bericht"])
    at.run()
    no_exception(at)
    return at


def _uploaders(at: AppTest) -> list:
    return [u for u in at.get("file_uploader") if getattr(u, "key", None) == "bericht_template_upload"
            or "Vorlage" in str(getattr(u.proto, "label", ""))]


@pytest.mark.parametrize("user", [
    {"is_logged_in": True, "email": "b.meyer@kaiserslautern.de", "email_verified": True},
    {"is_logged_in": True, "email": "a.schmidt@kaiserslautern.de", "email_verified": False},
])
def test_viewer_sees_no_template_upload(demo_db, user):
    at = _bericht(SECRETS, user)
    assert not _uploaders(at)
    assert "Rolle „Bearbeitung“ vorbehalten" in all_text(at)
    assert [d.proto.label for d in at.get("download_button")][:1] == ["PowerPoint"]  # the report itself stays


def test_read_only_intranet_instance_has_no_template_upload(demo_db):
    at = _bericht({"ankunft": {"read_only": True}}, None)
    assert not _uploaders(at)


def test_editor_zip_bomb_gets_a_german_refusal(demo_db):
    at = _bericht(SECRETS, {"is_logged_in": True, "email": "a.schmidt@kaiserslautern.de", "email_verified": True})
    assert _uploaders(at)
    at.file_uploader(key="bericht_template_upload").set_value(
        ("stadt.pptx", _rewrite({THEME: _PADDED}), "application/octet-stream"))
    at.run()
    no_exception(at)
    errors = " ".join(e.value for e in at.error)
    assert "„stadt.pptx“ kann nicht verwendet werden" in errors and "Zip-Bombe" in errors, errors
    assert [d.proto.label for d in at.get("download_button")] == ["Excel", "HTML (offline)", "Sachstand (Text)"]
