"""Issue #17: the server listens on loopback by default, the README says which URL to open, the
intranet option and what stays English are documented; charts carry no English toolbar."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from ankunft.plots import charts

ROOT = Path(__file__).resolve().parents[2]


def _config() -> dict:
    return tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))


def test_server_binds_to_loopback_by_default():
    assert _config()["server"]["address"] == "127.0.0.1"


def test_readme_names_the_url_of_the_configured_port():
    port = _config()["server"].get("port", 8501)
    urls = re.findall(r"http://(localhost|127\.0\.0\.1):(\d+)/", (ROOT / "README.md").read_text(encoding="utf-8"))
    assert urls and all(int(p) == port for _, p in urls), urls


def test_deployment_documents_the_intranet_option_and_the_english_leftovers():
    text = (ROOT / "docs" / "deployment.md").read_text(encoding="utf-8")
    assert "`server.address`" in text and "--server.address=0.0.0.0" in text
    section = text.split("## Was englisch bleibt", 1)[1].split("\n## ", 1)[0]
    for leftover in ("„Upload“", "50MB per file", "Help for", "Download plot as a png", "Download as CSV"):
        assert leftover in section, leftover


def test_charts_hide_the_english_mode_bar():
    assert charts.PLOTLY_CONFIG["displayModeBar"] is False
    assert charts.PLOTLY_CONFIG["locale"] == "de" and charts.PLOTLY_CONFIG["scrollZoom"] is False
