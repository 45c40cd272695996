"""Probe (issue #16 item 3): does a visitor who has not signed in get files into the server's memory
through Streamlit's upload endpoint?

Starts the real app (``streamlit run app.py``) with an ``[auth]`` section (a fake provider: the sign-in
screen never contacts it), opens a websocket session like a browser on the sign-in screen, takes the
XSRF cookie from the index page and PUTs ``--files`` files of ``--mb`` MB each to
``/_stcore/upload_file/<session>/<file id>``. Prints the HTTP status of each PUT and the server's
resident memory (VmRSS) before, after and 30 s later. No widget with an uploader is ever shown on
the sign-in screen, so any file accepted here is held for nothing.

    .venv/bin/python scripts/probe_uploads.py --files 3 --mb 20
"""

from __future__ import annotations

import argparse
import asyncio
import os
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT / "scripts") not in sys.path:  # imported by tests/security with scripts/ already on the path
    sys.path.insert(0, str(ROOT / "scripts"))

from _server import ServerStartError, free_port, start_streamlit, stop  # after scripts/ is on the path

SECRETS = """[auth]
redirect_uri = "http://localhost:{port}/oauth2callback"
cookie_secret = "{secret}"
client_id = "ankunft"
client_secret = "geheim"
server_metadata_url = "http://127.0.0.1:9/.well-known/openid-configuration"

[ankunft.roles]
editors = ["a.schmidt@kaiserslautern.de"]
"""


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def start_server(port: int, home: Path, db: Path) -> subprocess.Popen:
    (home / ".streamlit").mkdir(parents=True, exist_ok=True)
    (home / ".streamlit" / "secrets.toml").write_text(SECRETS.format(port=port, secret="s" * 40))
    flags = ["--server.fileWatcherType=none", f"--secrets.files={home / '.streamlit' / 'secrets.toml'}"]
    try:
        return start_streamlit(ROOT / "app.py", cwd=ROOT, env={"ANKUNFT_DB": str(db)}, flags=flags, port=port,
                               log=home / "streamlit.log", timeout_s=60).process
    except ServerStartError as exc:
        raise SystemExit(f"Server startet nicht: {exc}") from None


async def open_session(port: int, cookie: str) -> tuple[object, str]:
    """A websocket session as a browser opens it; returns (socket, session id)."""
    import websockets
    from streamlit.proto.BackMsg_pb2 import BackMsg
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    ws = await websockets.connect(f"ws://127.0.0.1:{port}/_stcore/stream", max_size=None,
                                  additional_headers={"Cookie": cookie},
                                  subprotocols=["streamlit"])
    back = BackMsg()
    back.rerun_script.query_string = ""
    back.rerun_script.page_script_hash = ""
    await ws.send(back.SerializeToString())
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        raw = await asyncio.wait_for(ws.recv(), timeout=60)
        msg = ForwardMsg()
        msg.ParseFromString(raw)
        if msg.WhichOneof("type") == "new_session" and msg.new_session.initialize.session_id:
            return ws, msg.new_session.initialize.session_id
    raise SystemExit("keine Sitzung")


def xsrf_cookie(port: int) -> str:
    """The XSRF check is a double-submit cookie: any client may make its own token and send it as
    cookie and header (it only keeps other web sites' pages from posting in a user's name)."""
    from streamlit.web.server.starlette.starlette_app_utils import generate_xsrf_token_string

    return generate_xsrf_token_string()


def put_file(port: int, session: str, token: str, size: int, cookie_extra: str = "") -> int:
    boundary = uuid.uuid4().hex
    body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"x.bin\"\r\n"
            "Content-Type: application/octet-stream\r\n\r\n").encode() + os.urandom(size) + \
        f"\r\n--{boundary}--\r\n".encode()
    req = urllib.request.Request(f"http://127.0.0.1:{port}/_stcore/upload_file/{session}/{uuid.uuid4()}",
                                 data=body, method="PUT")
    req.add_header("Content-Type", f"multipart/form-data; boundary={boundary}")
    req.add_header("X-Xsrftoken", token)
    req.add_header("Cookie", f"_streamlit_xsrf={token}{cookie_extra}")
    try:
        with urllib.request.urlopen(req, timeout=60) as resp:
            return resp.status
    except urllib.error.HTTPError as ex:
        return ex.code


async def probe(files: int, mb: int, hold_s: float, settle_s: float = 8.0) -> dict:
    port = free_port()
    with tempfile.TemporaryDirectory() as tmp:
        proc = start_server(port, Path(tmp), Path(tmp) / "leer.db")
        try:
            token = xsrf_cookie(port)
            ws, session = await open_session(port, f"_streamlit_xsrf={token}")
            await asyncio.sleep(settle_s)  # the sign-in screen's first run has loaded its modules
            before = rss_mb(proc.pid)
            statuses = [put_file(port, session, token, mb * 1024 * 1024) for _ in range(files)]
            after = rss_mb(proc.pid)
            await asyncio.sleep(hold_s)
            later = rss_mb(proc.pid)
            await ws.close()
        finally:
            stop(proc, timeout_s=20)
    return {"statuses": statuses, "rss_before_mb": round(before), "rss_after_mb": round(after),
            "rss_later_mb": round(later), "files": files, "mb": mb, "hold_s": hold_s}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--files", type=int, default=3)
    ap.add_argument("--mb", type=int, default=20)
    ap.add_argument("--hold", type=float, default=30.0, help="seconds to keep the session open afterwards")
    args = ap.parse_args()
    print(asyncio.run(probe(args.files, args.mb, args.hold)))


if __name__ == "__main__":
    main()
