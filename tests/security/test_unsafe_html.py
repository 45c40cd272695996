"""Issue #16 item 1 (a): HTML is passed to the browser only as literal, data-free text.

Every call with ``unsafe_allow_html=True`` / ``unsafe_allow_javascript=True`` and every ``st.html`` /
``components.html`` in the product must take a value built only from string literals and module
constants (UPPER_CASE names), or from local names that are themselves only assigned such values
(e.g. ``"collapse" if … else "expand"``). Anything else could carry imported data into raw HTML."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SOURCES = sorted([*ROOT.glob("ankunft/**/*.py"), *ROOT.glob("app_pages/*.py"), ROOT / "app.py"])


def _assignments(fn: ast.AST | None, name: str) -> list[ast.AST]:
    if fn is None:
        return []
    return [n.value for n in ast.walk(fn) if isinstance(n, ast.Assign)
            and any(isinstance(t, ast.Name) and t.id == name for t in n.targets)]


def literal_only(node: ast.AST, fn: ast.AST | None, depth: int = 0) -> bool:
    """True when ``node`` can only evaluate to text from literals and constants."""
    if depth > 8:
        return False
    if isinstance(node, ast.Constant):
        return isinstance(node.value, str)
    if isinstance(node, ast.Name):
        if node.id.isupper():
            return True
        values = _assignments(fn, node.id)
        return bool(values) and all(literal_only(v, fn, depth + 1) for v in values)
    if isinstance(node, ast.JoinedStr):
        return all(literal_only(v.value if isinstance(v, ast.FormattedValue) else v, fn, depth + 1)
                   for v in node.values)
    if isinstance(node, ast.IfExp):
        return literal_only(node.body, fn, depth + 1) and literal_only(node.orelse, fn, depth + 1)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        return literal_only(node.left, fn, depth + 1) and literal_only(node.right, fn, depth + 1)
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in ("replace", "strip"):
        return literal_only(node.func.value, fn, depth + 1) and all(literal_only(a, fn, depth + 1) for a in node.args)
    return False


def _html_calls(tree: ast.AST):
    """(call, enclosing function) of every call that hands HTML to the browser."""
    parents: dict[ast.AST, ast.AST] = {}
    for parent in ast.walk(tree):
        for child in ast.iter_child_nodes(parent):
            parents[child] = parent
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        unsafe = any(k.arg in ("unsafe_allow_html", "unsafe_allow_javascript")
                     and not (isinstance(k.value, ast.Constant) and k.value.value is False) for k in node.keywords)
        html_fn = isinstance(node.func, ast.Attribute) and node.func.attr == "html" and \
            isinstance(node.func.value, ast.Name) and node.func.value.id in ("st", "components")
        if unsafe or html_fn:
            fn = node
            while fn in parents and not isinstance(fn, (ast.FunctionDef, ast.AsyncFunctionDef)):
                fn = parents[fn]
            yield node, fn if isinstance(fn, (ast.FunctionDef, ast.AsyncFunctionDef)) else None


# Builders of markup from data that escape every data text themselves, each proven by its own test, and
# allowed only into ``st.markdown`` (never with ``unsafe_allow_javascript``): the Übersicht's SVG map
# (tests/unit/plots/test_map_svg.py: hypothesis over names with markup characters; only div, svg, path, circle,
# text, tspan and title, no event attribute, no link). ``st.html`` cannot take it: its sanitiser (DOMPurify,
# HTML profile) drops every SVG element.
ESCAPING_BUILDERS = {("map_svg", "city_svg")}


def _escaped_markup(node: ast.AST, call: ast.Call) -> bool:
    js = any(k.arg == "unsafe_allow_javascript" and not (isinstance(k.value, ast.Constant) and k.value.value is False)
             for k in call.keywords)
    return not js and isinstance(call.func, ast.Attribute) and call.func.attr == "markdown" and \
        isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and \
        isinstance(node.func.value, ast.Name) and (node.func.value.id, node.func.attr) in ESCAPING_BUILDERS


def offending(source: str, name: str = "<test>") -> list[str]:
    tree = ast.parse(source)
    bad = []
    for call, fn in _html_calls(tree):
        args = list(call.args) + [k.value for k in call.keywords if k.arg in ("body", "html")]
        if not args or not all(literal_only(a, fn) or _escaped_markup(a, call) for a in args):
            bad.append(f"{name}:{call.lineno}: {ast.unparse(call)[:120]}")
    return bad


def test_no_data_derived_html_in_the_product():
    bad = []
    for path in SOURCES:
        bad += offending(path.read_text(encoding="utf-8"), str(path.relative_to(ROOT)))
    assert not bad, "\n".join(bad)


def test_the_check_tells_literal_from_data():
    """The check itself on held-out snippets: data-derived HTML is caught in every shape."""
    caught = [
        "st.markdown(legend(layers), unsafe_allow_html=True)",
        "st.markdown(f'<b>{name}</b>', unsafe_allow_html=True)",
        "st.html(row['name'])",
        "st.markdown('<b>' + name + '</b>', unsafe_allow_html=True)",
        "def f(x):\n    y = x\n    st.markdown(y, unsafe_allow_html=True)",
        "def f(x):\n    st.html(TEMPLATE.replace('__X__', x), unsafe_allow_javascript=True)",
        "components.html(page)",
        "st.caption(text, unsafe_allow_html=flag)",
        "st.html(map_svg.city_svg(gj, layers), unsafe_allow_javascript=True)",
        "st.markdown(map_svg.city_svg(gj, layers), unsafe_allow_html=True, unsafe_allow_javascript=True)",
        "st.markdown(maps.city_svg(gj, layers), unsafe_allow_html=True)",
    ]
    for snippet in caught:
        assert offending(snippet), snippet
    allowed = [
        "st.markdown('<hr>', unsafe_allow_html=True)",
        "st.markdown(f'<style>{CSS}</style>', unsafe_allow_html=True)",
        "def f(d):\n    want = 'a' if d else 'b'\n    st.html(SCRIPT.replace('__W__', want), unsafe_allow_javascript=True)",
        "st.markdown(text)",
        "st.markdown(text, unsafe_allow_html=False)",
        "st.markdown(map_svg.city_svg(gj, layers, council=True), unsafe_allow_html=True)",
    ]
    for snippet in allowed:
        assert not offending(snippet), snippet
