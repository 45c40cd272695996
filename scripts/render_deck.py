"""Render the council deck (normal and Ratsfassung, demo data) with LibreOffice to PDF and PNGs.

Run: `.venv/bin/python scripts/render_deck.py [OUT_DIR] [--sheet docs/deck/contact_sheet.png]`

For each variant (``normal``, ``rat``) it writes `<variant>.pptx`, `<variant>.pdf` (``soffice
--headless --convert-to pdf``) and `<variant>-NN.png` (``pdftoppm``), prints the slide count, the PDF
page count and every layout problem the geometry check (`export.pptx_text.layout_problems`) finds.
`--sheet` additionally writes one contact sheet (all slides of both variants as a montage).
Exit code 1 when a problem is found or the page count differs from the slide count.
"""

from __future__ import annotations

import argparse
import io
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from pptx import Presentation  # noqa: E402

from ankunft.export import pptx as export_pptx  # noqa: E402
from ankunft.export.pptx_text import layout_problems  # noqa: E402
from ankunft.storage import demo  # noqa: E402
from ankunft.storage.state import DataState  # noqa: E402
from ankunft.views import report_view as assemble  # noqa: E402

VARIANTS = ("normal", "rat")
AUTHOR = "Integrationsbüro"


def demo_states():
    """The demo data at the Stichtag and the earlier Stand, as the app has them after loading the demo."""
    d = demo.build()
    state = DataState.from_frames(demo.STICHTAG, {
        "accommodations": d.accommodations, "residents": d.residents, "housing": d.housing,
        "services": d.services, "districts": d.districts}, {"districts": demo.DISTRICTS_STAND}, is_demo=True)
    previous = DataState.from_frames(demo.EARLIER, {
        "accommodations": d.accommodations_earlier, "residents": d.residents_earlier, "housing": d.housing,
        "services": d.services, "districts": d.districts_earlier}, {"districts": demo.DISTRICTS_EARLIER},
        is_demo=True)
    return state, previous


def demo_decks(states=None) -> dict[str, bytes]:
    """variant → .pptx bytes of the full report (all sections)."""
    state, previous = states or demo_states()
    out = {}
    for variant in VARIANTS:
        report = assemble.build_report(state, previous, sections=list(assemble.SECTION_KEYS),
                                       council=variant == "rat", author=AUTHOR)
        out[variant] = export_pptx.build(report)
    return out


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def to_pdf(pptx_path: Path, out_dir: Path) -> Path:
    """LibreOffice headless conversion (own user profile, so a running office does not interfere)."""
    with tempfile.TemporaryDirectory(prefix="lo-profile-") as profile:
        subprocess.run([soffice(), f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
                        "--outdir", str(out_dir), str(pptx_path)], check=True, capture_output=True, timeout=300)
    pdf = out_dir / (pptx_path.stem + ".pdf")
    if not pdf.exists():
        raise RuntimeError(f"LibreOffice hat keine PDF-Datei geschrieben: {pdf}")
    return pdf


def pdf_pages(pdf: Path) -> int:
    """Page count of a PDF (pdfinfo when installed, else the /Type /Page objects)."""
    if shutil.which("pdfinfo"):
        info = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, text=True).stdout
        return int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))
    return len(re.findall(rb"/Type\s*/Page(?!s)", pdf.read_bytes()))


def to_pngs(pdf: Path, out_dir: Path, dpi: int = 60) -> list[Path]:
    prefix = out_dir / pdf.stem
    subprocess.run(["pdftoppm", "-png", "-r", str(dpi), str(pdf), str(prefix)], check=True, timeout=300)
    return sorted(out_dir.glob(f"{pdf.stem}-*.png"))


def contact_sheet(groups: dict[str, list[Path]], target: Path, columns: int = 5, thumb_w: int = 480) -> None:
    """All slides as one montage: one block per variant, its name above, slide numbers under each."""
    from PIL import Image, ImageDraw

    pad, label_h = 12, 28
    blocks = []
    for name, paths in groups.items():
        thumbs = []
        for p in paths:
            img = Image.open(p).convert("RGB")
            thumbs.append(img.resize((thumb_w, round(img.height * thumb_w / img.width))))
        th = max(t.height for t in thumbs)
        rows = -(-len(thumbs) // columns)
        block = Image.new("RGB", (columns * (thumb_w + pad) + pad, label_h + rows * (th + pad + 18) + pad), "white")
        draw = ImageDraw.Draw(block)
        draw.text((pad, 6), name, fill="black")
        for i, t in enumerate(thumbs):
            r, c = divmod(i, columns)
            x, y = pad + c * (thumb_w + pad), label_h + r * (th + pad + 18)
            block.paste(t, (x, y))
            draw.rectangle([x - 1, y - 1, x + t.width, y + t.height], outline="#9CA3AF")
            draw.text((x, y + t.height + 3), f"Folie {i + 1}", fill="#374151")
        blocks.append(block)
    sheet = Image.new("RGB", (max(b.width for b in blocks), sum(b.height for b in blocks)), "white")
    y = 0
    for b in blocks:
        sheet.paste(b, (0, y))
        y += b.height
    target.parent.mkdir(parents=True, exist_ok=True)
    sheet.save(target, optimize=True)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out", nargs="?", default="build/deck")
    ap.add_argument("--sheet", default="", help="path of a contact sheet PNG to write")
    ap.add_argument("--dpi", type=int, default=60)
    args = ap.parse_args(argv)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    if soffice() is None:
        print("LibreOffice (soffice) fehlt: apt-get install libreoffice-impress", file=sys.stderr)
        return 2
    failed = False
    groups = {}
    for variant, data in demo_decks().items():
        path = out / f"{variant}.pptx"
        path.write_bytes(data)
        prs = Presentation(io.BytesIO(data))
        problems = layout_problems(prs)
        pdf = to_pdf(path, out)
        pages = pdf_pages(pdf)
        print(f"{variant}: {len(prs.slides)} Folien, PDF {pages} Seiten, {len(problems)} Layoutprobleme")
        for p in problems:
            print("  " + p)
        failed |= bool(problems) or pages != len(prs.slides)
        if shutil.which("pdftoppm"):
            groups["Normalfassung" if variant == "normal" else "Ratsfassung"] = to_pngs(pdf, out, args.dpi)
    if args.sheet and groups:
        contact_sheet(groups, Path(args.sheet))
        print(f"Kontaktbogen: {args.sheet}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
