"""storage.computed.code_version: a kept result counts only for the code and libraries that made it.
The hash (``version_of``) changes with every generated edit of a package tree (content, a new file, a
renamed file, text moved from one file into the next) and with every library version, and with
nothing else (file order on disk, order of the distributions)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from ankunft.storage import computed

names = st.from_regex(r"[a-z][a-z0-9_]{0,8}", fullmatch=True)
trees = st.dictionaries(st.tuples(st.sampled_from(["", "core/", "views/"]), names).map(lambda t: f"{t[0]}{t[1]}.py"),
                        st.binary(max_size=40), min_size=1, max_size=5)
libraries = st.lists(st.tuples(st.sampled_from(["scipy", "pandas", "python-pptx", "numpy"]),
                               st.from_regex(r"[0-9]\.[0-9]{1,2}\.[0-9]", fullmatch=True)),
                     unique_by=lambda t: t[0], max_size=4)


def write(root, tree: dict[str, bytes]):
    for rel, data in tree.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    return root


def version(tmp_path_factory, tree, libs) -> str:
    return computed.version_of(write(tmp_path_factory.mktemp("pkg"), tree), libs)


@given(trees, trees, libraries)
def test_equal_trees_hash_alike_and_different_trees_differently(tmp_path_factory, a, b, libs):
    va, vb = version(tmp_path_factory, a, libs), version(tmp_path_factory, b, libs)
    assert (va == vb) == (a == b)
    assert version(tmp_path_factory, a, list(reversed(libs))) == va  # order of the distributions


@given(trees, libraries, st.data())
def test_every_library_version_counts(tmp_path_factory, tree, libs, data):
    base = version(tmp_path_factory, tree, libs)
    if libs:
        i = data.draw(st.integers(0, len(libs) - 1))
        name, old = libs[i]
        new = data.draw(st.from_regex(r"[0-9]\.[0-9]{1,2}\.[0-9]", fullmatch=True).filter(lambda v: v != old))
        changed = [*libs[:i], (name, new), *libs[i + 1:]]
        assert version(tmp_path_factory, tree, changed) != base
    added = [*[lib for lib in libs if lib[0] != "highspy"], ("highspy", "1.7.2")]
    assert version(tmp_path_factory, tree, added) != base


def test_text_moved_into_the_next_file_is_another_version(tmp_path_factory):
    """Without length prefixes, ("a.py": "b.pyX") and ("a.py": "", "b.py": "X") would hash alike."""
    one = version(tmp_path_factory, {"a.py": b"b.pyX"}, [])
    two = version(tmp_path_factory, {"a.py": b"", "b.py": b"X"}, [])
    assert one != two


def test_only_python_files_count(tmp_path_factory):
    assert version(tmp_path_factory, {"a.py": b"x", "notes.txt": b"1"}, []) == \
        version(tmp_path_factory, {"a.py": b"x", "notes.txt": b"2"}, [])


def test_the_installed_libraries_are_part_of_the_version(monkeypatch):
    from importlib import metadata

    class Dist:
        def __init__(self, name, version):
            self.metadata, self.version = {"Name": name}, version

    def with_scipy(version):
        monkeypatch.setattr(metadata, "distributions", lambda: [Dist("numpy", "2.1.0"), Dist("scipy", version)])
        computed.code_version.cache_clear()
        return computed.code_version()

    try:
        assert with_scipy("1.14.1") == with_scipy("1.14.1")
        assert with_scipy("1.14.1") != with_scipy("1.15.0")
    finally:
        monkeypatch.undo()
        computed.code_version.cache_clear()
