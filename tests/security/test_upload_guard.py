"""Uploads before sign-in (issue #16 item 3): the nginx rule of docs/deployment.md and the app's own
guard. The rule is taken from the documentation itself, so the documented text is what is tested."""

from __future__ import annotations

import asyncio
import concurrent.futures
import http.server
import re
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DOC = ROOT / "docs" / "deployment.md"


def upload_block() -> str:
    """The ``location ^~ /_stcore/upload_file/ { … }`` block of the documented nginx config."""
    text = DOC.read_text(encoding="utf-8")
    start = text.index("location ^~ /_stcore/upload_file/ {")
    depth, i = 0, start
    while True:
        ch = text[i]
        depth += ch == "{"
        depth -= ch == "}"
        i += 1
        if ch == "}" and depth == 0:
            return text[start:i]


def test_documented_rule_refuses_uploads_without_the_sign_in_cookie():
    block = upload_block()
    assert re.search(r'if \(\$cookie__streamlit_user = ""\) \{ return 403; \}', block)
    assert "proxy_pass" in block and "proxy_request_buffering off" in block
    # the cookie Streamlit 1.67 signs in with is still called so
    from streamlit.web.server.starlette.starlette_server_config import USER_COOKIE_NAME

    assert USER_COOKIE_NAME == "_streamlit_user"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class _Backend(http.server.BaseHTTPRequestHandler):
    seen: list[str] = []

    def do_PUT(self):  # noqa: N802 - http.server naming
        length = int(self.headers.get("Content-Length") or 0)
        self.rfile.read(length)
        _Backend.seen.append(self.path)
        self.send_response(204)
        self.end_headers()

    def log_message(self, *args):
        pass


def _put(url: str, cookie: str | None) -> int:
    req = urllib.request.Request(url, data=b"x" * 2048, method="PUT")
    if cookie:
        req.add_header("Cookie", cookie)
    try:
        with urllib.request.urlopen(req, timeout=10) as resp:
            return resp.status
    except urllib.error.HTTPError as ex:
        return ex.code


@pytest.mark.slow
def test_real_nginx_with_the_documented_rule(tmp_path):
    nginx = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)
    if not nginx:
        pytest.skip("nginx ist nicht installiert (apt-get install nginx); die Regel selbst prüft der Test oben")
    backend_port, proxy_port = _free_port(), _free_port()
    server = http.server.ThreadingHTTPServer(("127.0.0.1", backend_port), _Backend)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    block = upload_block().replace("http://127.0.0.1:8501", f"http://127.0.0.1:{backend_port}")
    conf = tmp_path / "nginx.conf"
    conf.write_text(f"""
pid {tmp_path}/nginx.pid;
error_log {tmp_path}/error.log;
daemon off;
events {{}}
http {{
    access_log off;
    client_body_temp_path {tmp_path}/body;
    proxy_temp_path {tmp_path}/proxy;
    fastcgi_temp_path {tmp_path}/fcgi;
    uwsgi_temp_path {tmp_path}/uwsgi;
    scgi_temp_path {tmp_path}/scgi;
    server {{
        listen 127.0.0.1:{proxy_port};
        {block}
        location / {{ proxy_pass http://127.0.0.1:{backend_port}; }}
    }}
}}
""")
    proc = subprocess.Popen([nginx, "-p", str(tmp_path), "-c", str(conf)], stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE)
    try:
        url = f"http://127.0.0.1:{proxy_port}/_stcore/upload_file/sitzung/datei"
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", proxy_port), timeout=0.5).close()
                break
            except OSError:
                time.sleep(0.1)
        _Backend.seen.clear()
        assert _put(url, None) == 403
        assert _put(url, "_streamlit_xsrf=2|abc|def|123") == 403  # the XSRF cookie is no sign-in
        assert _put(url, "_streamlit_user=") == 403
        assert _Backend.seen == []  # none of them reached Streamlit
        assert _put(url, "_streamlit_xsrf=2|a|b|1; _streamlit_user=signiert") == 204
        assert _Backend.seen == ["/_stcore/upload_file/sitzung/datei"]
        assert _put(f"http://127.0.0.1:{proxy_port}/_stcore/health", None) in (204, 501)  # other paths untouched
    finally:
        proc.terminate()
        proc.wait(timeout=10)
        server.shutdown()


@pytest.mark.slow
def test_real_streamlit_server_keeps_no_upload_of_a_session_on_the_sign_in_screen():
    """Measured in scripts/probe_uploads.py: before the guard every PUT got 204 and the data stayed.
    The PUTs come right after the session opens (settle 0 s): the guard is installed at server start,
    not by the first script run."""
    sys.path.insert(0, str(ROOT / "scripts"))
    try:
        import probe_uploads
    finally:
        sys.path.remove(str(ROOT / "scripts"))
    # in its own thread: a session-wide playwright of another test may own this thread's event loop
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        result = pool.submit(asyncio.run, probe_uploads.probe(files=3, mb=5, hold_s=0, settle_s=0)).result()
    assert result["statuses"] == [403, 403, 403], result
