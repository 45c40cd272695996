"""Guard: the folder tree shows the layers, and imports only point downward.

Every ``import``/``from … import`` of an ``ankunft`` module (also inside functions) is read with
``ast``; a package may import only from packages of a lower layer or from itself. Separately, the
module graph must have no cycle, and no module outside ``ankunft/ui/`` may import streamlit.
"""

from __future__ import annotations

import ast
import functools
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PKG = ROOT / "ankunft"

# lower number = lower layer; packages on one layer may not import each other
LAYERS = {
    "core": 0,
    "importing": 1,
    "storage": 2,
    "indicators": 3,
    "disclosure": 3,
    "scenario": 4,
    "plots": 5,
    "views": 6,
    "export": 7,
    "ui": 8,
    "cli": 8,
    "__main__": 9,
}


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _modules() -> dict[str, Path]:
    return _modules_under(PKG, ROOT)


@functools.lru_cache(maxsize=8)
def _modules_under(pkg: Path, root: Path) -> dict[str, Path]:
    # keyed by the (monkeypatchable) package and root, so a guard test on a tmp tree gets its own listing
    return {_module_name(p): p for p in sorted(pkg.rglob("*.py"))}


@functools.lru_cache(maxsize=None)
def _parsed(path: Path, mtime_ns: int) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"))


def _parse(path: Path) -> ast.Module:
    """One parse per file version for all tests of this module (each used to re-parse the whole tree)."""
    return _parsed(path, path.stat().st_mtime_ns)


def _imports(path: Path, name: str) -> list[tuple[int, str]]:
    """Absolute names of every module this file imports (``from a import b`` yields a.b when b is a module)."""
    modules = _modules()
    tree = _parse(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out += [(node.lineno, a.name) for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                mod = ".".join(base + ([node.module] if node.module else []))
            else:
                mod = node.module or ""
            for a in node.names:
                full = f"{mod}.{a.name}"
                out.append((node.lineno, full if full in modules else mod))
    return out


def _layer_of(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else ""


def test_every_package_has_a_layer():
    unknown = sorted({_layer_of(m) for m in _modules()} - set(LAYERS) - {""})
    assert not unknown, f"packages without a layer in LAYERS: {unknown}"
    loose = sorted(m for m in _modules() if m.count(".") == 1 and m != "ankunft.__main__"
                   and not (PKG / m.split(".")[1]).is_dir())
    assert not loose, f"modules loose at the top of ankunft/ (put them in their layer's package): {loose}"


def test_imports_only_point_downward():
    bad = []
    for name, path in _modules().items():
        own = _layer_of(name)
        for line, target in _imports(path, name):
            if not target.startswith("ankunft.") or target == "ankunft":
                continue
            other = _layer_of(target)
            if other == own:
                continue
            if LAYERS[other] >= LAYERS[own]:
                bad.append(f"{path.relative_to(ROOT)}:{line} ({own}) imports {target} ({other})")
    assert not bad, "imports that do not point downward:\n" + "\n".join(bad)


def test_no_import_cycles():
    modules = _modules()
    graph = {name: sorted({t for _, t in _imports(path, name) if t in modules and t != name})
             for name, path in modules.items()}
    # a package's __init__ re-exporting its own modules is not a cycle of logic
    for name in graph:
        graph[name] = [t for t in graph[name] if not (t == name.rpartition(".")[0] and
                                                     (PKG / Path(*t.split(".")[1:]) / "__init__.py").exists())]
    seen: dict[str, int] = {}
    stack: list[str] = []
    cycles = []

    def visit(node: str) -> None:
        seen[node] = 1
        stack.append(node)
        for nxt in graph[node]:
            if seen.get(nxt) == 1:
                cycles.append(" → ".join(stack[stack.index(nxt):] + [nxt]))
            elif nxt not in seen:
                visit(nxt)
        stack.pop()
        seen[node] = 2

    for name in graph:
        if name not in seen:
            visit(name)
    assert not cycles, "import cycles:\n" + "\n".join(cycles)


def test_streamlit_only_in_ui():
    bad = [f"{path.relative_to(ROOT)}:{line}" for name, path in _modules().items()
           if _layer_of(name) != "ui"
           for line, target in _imports(path, name) if target.split(".")[0] == "streamlit"]
    assert not bad, f"streamlit imported outside ankunft/ui/: {bad}"


@pytest.mark.parametrize("bad_source, message", [
    ("from ankunft.views import common\n", "imports that do not point downward"),
])
def test_guard_catches_an_upward_import(tmp_path, monkeypatch, bad_source, message):
    """The guard itself: a core module importing a view is reported."""
    fake = tmp_path / "ankunft" / "core"
    fake.mkdir(parents=True)
    (tmp_path / "ankunft" / "__init__.py").write_text("")
    (fake / "__init__.py").write_text("")
    (fake / "bad.py").write_text(bad_source)
    (tmp_path / "ankunft" / "views").mkdir()
    (tmp_path / "ankunft" / "views" / "__init__.py").write_text("")
    (tmp_path / "ankunft" / "views" / "common.py").write_text("")
    monkeypatch.setattr(sys.modules[__name__], "ROOT", tmp_path)
    monkeypatch.setattr(sys.modules[__name__], "PKG", tmp_path / "ankunft")
    with pytest.raises(AssertionError, match=message):
        test_imports_only_point_downward()


def test_module_and_function_sizes():
    """No module over 600 lines; no function over 100 lines unless its docstring says why ("Long: …")."""
    big, long = [], []
    for path in sorted(PKG.rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        if text.count("\n") > 600:
            big.append(f"{path.relative_to(ROOT)} ({text.count(chr(10))} lines)")
        for node in ast.walk(_parse(path)):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                length = node.end_lineno - node.lineno + 1
                doc = ast.get_docstring(node) or ""
                if length > 100 and "Long:" not in doc:
                    long.append(f"{path.relative_to(ROOT)}:{node.lineno} {node.name} ({length} lines)")
    for path in sorted((ROOT / "app_pages").glob("*.py")) + [ROOT / "app.py"]:
        text = path.read_text(encoding="utf-8")
        if text.count("\n") > 600:
            big.append(f"{path.relative_to(ROOT)} ({text.count(chr(10))} lines)")
    assert not big and not long, "too large:\n" + "\n".join(big + long)
