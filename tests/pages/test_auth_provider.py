"""Issue #16 item 9: a sign-in provider that cannot be reached ends on the German sign-in screen with
the way back (the "Anmelden" button to try again), not on Streamlit's English error page."""

from __future__ import annotations

import socket
import time

import pytest
from streamlit.testing.v1 import AppTest

from ankunft.core import logging_setup


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]  # released again: nothing listens there


@pytest.fixture(autouse=True)
def _quiet(monkeypatch):
    monkeypatch.setattr(logging_setup, "install", lambda *a, **k: None)
    from streamlit import auth_util, user_info

    # This test process has no server-side [auth]; the credentials themselves are valid here.
    monkeypatch.setattr(auth_util, "validate_auth_credentials", lambda provider: None)
    monkeypatch.setattr(user_info, "validate_auth_credentials", lambda provider: None)


def _app():
    from ankunft.ui import auth

    auth.gate()


@pytest.mark.parametrize("url", ["http://127.0.0.1:{port}/realms/stadt/.well-known/openid-configuration",
                                 "http://sso.invalid/.well-known/openid-configuration"])
def test_unreachable_provider_gives_german_message_and_a_way_back(url):
    secrets = {"auth": {"redirect_uri": "http://localhost:8501/oauth2callback", "cookie_secret": "x" * 32,
                        "client_id": "ankunft", "client_secret": "geheim",
                        "server_metadata_url": url.format(port=_closed_port())}}
    at = AppTest.from_function(_app, default_timeout=30)
    at.secrets = secrets
    at.user = {}
    at.run()
    t0 = time.monotonic()
    at.button[0].click().run()
    took = time.monotonic() - t0
    assert not at.exception
    errors = " ".join(e.value for e in at.error)
    assert "Anmeldedienst" in errors and "nicht erreichbar" in errors and "erneut" in errors
    assert [b.label for b in at.button] == ["Anmelden"]  # the way back: try again from the same screen
    assert took < 15


def test_reachable_provider_is_not_stopped():
    """A provider that answers with OIDC metadata passes the check (served by a local HTTP server)."""
    import http.server
    import json
    import threading

    from ankunft.ui import auth

    class Metadata(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            body = json.dumps({"issuer": "x", "authorization_endpoint": "http://x/auth"}).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Metadata)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        url = f"http://127.0.0.1:{server.server_port}/.well-known/openid-configuration"
        assert auth.provider_problem({"auth": {"server_metadata_url": url}}, None) is None
        assert auth.provider_problem({"auth": {"kc": {"server_metadata_url": url}}}, "kc") is None
        assert "nicht erreichbar" in auth.provider_problem(
            {"auth": {"server_metadata_url": url.replace("openid-configuration", "x").replace(
                str(server.server_port), str(_closed_port()))}}, None)
    finally:
        server.shutdown()
