"""Every third-party module the product or its tests import is declared in a requirements file.

A module that is merely installed on the developer's machine (shapely once was) passes every local
run and fails the clean-clone CI. This test reads the imports from the source (ast), maps each
top-level module to the distribution that provides it (importlib.metadata), and looks the
distribution up in requirements.txt (product) or requirements-dev.txt (tests, scripts).
"""

from __future__ import annotations

import ast
import re
import sys
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# the repository's own modules, also those imported as siblings (scripts, test helpers on sys.path)
LOCAL = {"ankunft", "app_pages", "app", "tests", "scripts"} | {
    p.stem for part in ("ankunft", "app_pages", "tests", "scripts") for p in (ROOT / part).rglob("*.py")}


def _declared(path: Path) -> set[str]:
    names: set[str] = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        if line.startswith("-r "):
            names |= _declared(path.parent / line[3:].strip())
            continue
        m = re.match(r"[A-Za-z0-9_.\-]+", line)
        if m:
            names.add(_norm(m.group(0)))
    return names


def _norm(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _top_imports(files) -> dict[str, Path]:
    found: dict[str, Path] = {}
    for f in files:
        tree = ast.parse(f.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                mods = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                mods = [node.module]
            else:
                continue
            for mod in mods:
                found.setdefault(mod.split(".")[0], f)
    return found


def _third_party(found: dict[str, Path]) -> dict[str, Path]:
    return {m: f for m, f in found.items()
            if m not in sys.stdlib_module_names and m not in LOCAL and not m.startswith("_")}


def _undeclared(files, declared: set[str], root: Path = ROOT) -> list[str]:
    providers = metadata.packages_distributions()
    missing = []
    for mod, f in sorted(_third_party(_top_imports(files)).items()):
        dists = {_norm(d) for d in providers.get(mod, [])}
        if not dists:
            missing.append(f"{mod} ({f.relative_to(root)}): not installed, not declared")
        elif not dists & declared:
            # a module that comes with a declared package's own dependency is fine only when the
            # declared package pulls it in: check the requirement chain one level deep
            if not any(dists & _requires(d) for d in declared):
                missing.append(f"{mod} ({f.relative_to(root)}): from {sorted(dists)}, not declared")
    return missing


def _requires(dist: str) -> set[str]:
    try:
        reqs = metadata.requires(dist) or []
    except metadata.PackageNotFoundError:
        return set()
    return {_norm(re.match(r"[A-Za-z0-9_.\-]+", r).group(0)) for r in reqs if "extra ==" not in r}


def _py(*parts: str):
    for part in parts:
        p = ROOT / part
        yield from ([p] if p.is_file() else sorted(p.rglob("*.py")))


def test_product_imports_are_in_requirements_txt():
    declared = _declared(ROOT / "requirements.txt")
    assert _undeclared(_py("ankunft", "app_pages", "app.py"), declared) == []


def test_test_and_script_imports_are_in_requirements_dev_txt():
    declared = _declared(ROOT / "requirements-dev.txt")
    assert _undeclared(_py("tests", "scripts"), declared) == []


def test_the_check_finds_an_undeclared_module(tmp_path):
    f = tmp_path / "uses.py"
    f.write_text("import numpy\nimport json\nfrom ankunft import core\n", encoding="utf-8")
    assert _undeclared([f], {"pandas-not-numpy"}, root=tmp_path) == [
        "numpy (uses.py): from ['numpy'], not declared"]
    assert _undeclared([f], {"numpy"}, root=tmp_path) == []
