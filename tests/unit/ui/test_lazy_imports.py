"""The first view after the start imports only what it draws (issue #17: the first view paid ≈ 1 s
for the LP solver, which only the Ratsfassung's audit needs). The first page and its modules are
read from app.py and the page file, and imported in a fresh interpreter."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

from ankunft.ui import data

ROOT = Path(__file__).resolve().parents[3]
HEAVY = ("highspy", "scipy", "pptx", "xlsxwriter", "openpyxl", "odf")  # solver and export libraries


def default_page() -> Path:
    """The page app.py marks `default=True` (the first view after the start)."""
    for node in ast.walk(ast.parse((ROOT / "app.py").read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call) and any(k.arg == "default" and getattr(k.value, "value", False)
                                              for k in node.keywords):
            return ROOT / node.args[0].value
    raise AssertionError("app.py nennt keine Startseite")


def first_view_modules() -> list[str]:
    """The ankunft modules app.py and the first page import (in the order the warm-up reads them)."""
    wanted = _modules_of(default_page()) | _modules_of(ROOT / "app.py")
    return [m for m in data.page_modules(ROOT / "app_pages") if m in wanted] + sorted(
        wanted - set(data.page_modules(ROOT / "app_pages")))


def _modules_of(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("ankunft"):
            names |= {node.module} | {f"{node.module}.{a.name}" for a in node.names}
        elif isinstance(node, ast.Import):
            names |= {a.name for a in node.names if a.name.startswith("ankunft")}
    return names


def loaded_after_importing(modules: list[str]) -> set[str]:
    code = ("import importlib, json, sys\n"
            f"for m in {modules!r}:\n"
            "    try: importlib.import_module(m)\n"
            "    except ImportError: pass\n"
            "print(json.dumps(sorted({k.split('.')[0] for k in sys.modules})))")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    return set(json.loads(out.stdout.strip().splitlines()[-1]))


def test_first_view_does_not_import_solver_or_export_libraries():
    modules = first_view_modules()
    assert "ankunft.ui.data" in modules and any(m.startswith("ankunft.views.") for m in modules)
    loaded = loaded_after_importing(modules)
    assert "pandas" in loaded and "ankunft" in loaded  # the import really ran
    assert not loaded & set(HEAVY), sorted(loaded & set(HEAVY))


def test_disclosure_lp_imports_the_solver_only_when_it_solves():
    loaded = loaded_after_importing(["ankunft.disclosure", "ankunft.disclosure.lp", "ankunft.disclosure.audit"])
    assert "highspy" not in loaded and "scipy" not in loaded
    from ankunft.disclosure.lp import Polytope

    # x + y = 5, 0 <= x, y <= 4: x lies in [1, 4]
    box = Polytope([[1.0, 1.0]], [5.0], [0.0, 0.0], [4.0, 4.0])
    assert round(box.minimise([1.0, 0.0])[0], 6) == 1.0
