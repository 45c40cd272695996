"""Render check (issue #18): the demo deck, normal and Ratsfassung, rendered by LibreOffice.

No text box overflows its shape or overlaps another (python-pptx geometry with Calibri's widths,
`export.pptx_text.layout_problems`), and the PDF LibreOffice renders has one page per slide.
Slow (LibreOffice): tests/deck is a slow folder. CI installs libreoffice-impress (.ci/run).
"""

from __future__ import annotations

import importlib.util
import io
import shutil
from pathlib import Path

import pytest
from pptx import Presentation

from ankunft.export.pptx_text import layout_problems

ROOT = Path(__file__).resolve().parents[2]


def _script():
    spec = importlib.util.spec_from_file_location("render_deck", ROOT / "scripts" / "render_deck.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def render():
    return _script()


@pytest.fixture(scope="module")
def decks(render):
    return render.demo_decks()


@pytest.mark.parametrize("variant", ["normal", "rat"])
def test_no_text_overflows_or_overlaps(decks, variant):
    prs = Presentation(io.BytesIO(decks[variant]))
    assert layout_problems(prs) == []


@pytest.mark.parametrize("variant", ["normal", "rat"])
def test_libreoffice_renders_one_page_per_slide(decks, render, variant, tmp_path):
    if render.soffice() is None:
        pytest.fail("LibreOffice (soffice) fehlt – .ci/run installiert libreoffice-impress")
    path = tmp_path / f"{variant}.pptx"
    path.write_bytes(decks[variant])
    pdf = render.to_pdf(path, tmp_path)
    slides = len(Presentation(io.BytesIO(decks[variant])).slides)
    assert slides >= 10
    assert render.pdf_pages(pdf) == slides
    if shutil.which("pdftoppm"):
        pngs = render.to_pngs(pdf, tmp_path, dpi=20)
        assert len(pngs) == slides
