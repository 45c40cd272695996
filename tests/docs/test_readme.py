"""The README's two set-up lines stay true: .ci/run runs the test line verbatim."""

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _command_lines() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    return [ln for ln in text.splitlines() if ln.startswith("python3 -m venv .venv")]


def test_readme_has_exactly_two_setup_lines():
    lines = _command_lines()
    assert len(lines) == 2
    assert lines[0].endswith("streamlit run app.py")
    assert lines[1].endswith("python -m pytest")


def test_ci_runs_the_readme_test_line():
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert _command_lines()[1] in ci


def test_requirements_pin_major_versions():
    req = (ROOT / "requirements.txt").read_text(encoding="utf-8")
    assert "streamlit>=1.67,<2" in req
    assert "pandas>=3.0,<4" in req
    assert "python-calamine" in req
