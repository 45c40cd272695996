"""docs/architecture.md describes the tree as it is (datasette-style: docs checked by tests)."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DOC = ROOT / "docs" / "architecture.md"


def documented_tree() -> set[str]:
    """Paths of the tree block under "## The tree", rebuilt from the indentation (two spaces a level)."""
    text = DOC.read_text(encoding="utf-8")
    block = text.split("## The tree", 1)[1].split("```", 2)[1]
    paths: set[str] = set()
    stack: list[tuple[int, str]] = []
    for line in block.splitlines():
        m = re.match(r"^( *)(\S+)", line)
        if not m or len(m.group(1)) >= 30:  # continuation lines of a description are indented deeper
            continue
        indent, name = len(m.group(1)), m.group(2)
        if not (name.endswith("/") or name.endswith(".py")):
            continue
        while stack and stack[-1][0] >= indent:
            stack.pop()
        path = "".join(p for _, p in stack) + name
        paths.add(path.rstrip("/"))
        if name.endswith("/"):
            stack.append((indent, name))
    return paths


def actual_modules() -> set[str]:
    found = {"app.py"}
    for base in ("ankunft", "app_pages"):
        for p in (ROOT / base).rglob("*.py"):
            if "__pycache__" in p.parts or p.name == "__init__.py":
                continue
            found.add(p.relative_to(ROOT).as_posix())
    return found


def test_every_module_is_described_and_every_described_module_exists():
    documented = documented_tree()
    modules = actual_modules()
    missing = sorted(modules - documented)
    stale = sorted(p for p in documented if p.endswith(".py") and p not in modules)
    assert not missing, f"docs/architecture.md does not describe: {missing}"
    assert not stale, f"docs/architecture.md describes modules that do not exist: {stale}"


def test_documented_folders_exist():
    for path in documented_tree():
        assert (ROOT / path).exists(), f"docs/architecture.md names {path}, which does not exist"


def test_named_functions_exist():
    """Every `module.function` the walks name is real (a renamed function makes the walk a lie)."""
    text = DOC.read_text(encoding="utf-8").split("## Two walks through the code", 1)[1].split("## Canonical", 1)[0]
    names = set(re.findall(r"`((?:ankunft\.)?[a-z_]+(?:\.[a-z_]+)+)`", text))
    assert len(names) >= 8
    packages = sorted(p.name for p in (ROOT / "ankunft").iterdir() if (p / "__init__.py").exists())
    for dotted in sorted(n for n in names if not n.endswith(".py")):
        bare = dotted.removeprefix("ankunft.")
        candidates = [bare] + [f"{pkg}.{bare}" for pkg in packages] + [f"importing.{bare}"]
        assert any(_resolves(c) for c in candidates), f"`{dotted}` in the walks names nothing in ankunft"


def _resolves(dotted: str) -> bool:
    import importlib

    parts = dotted.split(".")
    for cut in range(len(parts), 0, -1):
        try:
            obj = importlib.import_module("ankunft." + ".".join(parts[:cut]))
        except ModuleNotFoundError:
            continue
        for attr in parts[cut:]:
            if not hasattr(obj, attr):
                return False
            obj = getattr(obj, attr)
        return True
    return False
