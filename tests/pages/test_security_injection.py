"""Issue #16 item 1: hostile values in every free-text field of every dataset show literally on every
page – no raw HTML, no markdown, no ``javascript:`` link, no Streamlit directive reaches the browser
as markup. Every markdown-rendering text (markdown, captions, alerts, headings, labels, help, radio
options, expander and tab labels, metric labels) is checked, in the main area and the sidebar."""

from __future__ import annotations

import re

import pytest

from tests.security.hostile import ACTIVE, HOSTILE, hostile_frames, unescape_markdown

from .conftest import PAGES, import_subset, no_exception, open_page

PLAIN_TYPES = {"text", "code", "dataframe", "arrow_data_frame", "exception", "json", "table"}


@pytest.fixture(scope="module")
def hostile_db(tmp_path_factory):
    from ankunft.storage import demo

    d = demo.build()
    frames = hostile_frames({"accommodations": d.accommodations, "residents": d.residents, "housing": d.housing,
                             "services": d.services, "districts": d.districts})
    path = tmp_path_factory.mktemp("hostile") / "hostile.db"
    import_subset(path, frames)
    return path


@pytest.fixture
def hostile_store(hostile_db, tmp_path, monkeypatch):
    import shutil

    path = tmp_path / "app.db"
    shutil.copy(hostile_db, path)
    monkeypatch.setenv("ANKUNFT_DB", str(path))
    return path


def markdown_texts(node) -> list[tuple[str, str]]:
    """(element type, markdown source) of every element that renders markdown, depth first."""
    out = []
    kind = getattr(node, "type", "")
    proto = getattr(node, "proto", None)
    # a script element (st.html with unsafe_allow_javascript) is a literal of the product, never data:
    # tests/security/test_unsafe_html.py holds every such call to literals and constants
    script = kind == "html" and getattr(proto, "unsafe_allow_javascript", False)
    if proto is not None and kind not in PLAIN_TYPES and not script:
        for attr in ("body", "label", "help", "placeholder"):
            value = getattr(proto, attr, None)
            if isinstance(value, str) and value:
                out.append((f"{kind}.{attr}", value))
        if kind == "radio":
            out += [(f"{kind}.option", str(o)) for o in getattr(proto, "options", [])]
    for child in getattr(node, "children", {}).values():
        out += markdown_texts(child)
    return out


def _page_texts(page: str) -> list[tuple[str, str]]:
    at = open_page(page, timeout=120)
    no_exception(at)
    if page == "uebersicht":  # the watch list is built only when open: the officer opens it
        at.session_state["ov_watch_open"] = at.session_state["ov_watch_open_alone"] = True
        at.run()
        no_exception(at)
    return markdown_texts(at.main) + markdown_texts(at.sidebar)


def _violations(texts: list[tuple[str, str]]) -> list[str]:
    bad = []
    for kind, body in texts:
        for pattern in ACTIVE:
            if re.search(pattern, body):
                bad.append(f"{kind}: {pattern} in {body[:160]!r}")
    return bad


SEEN: dict[str, str] = {}


@pytest.mark.parametrize("page", list(PAGES))
def test_hostile_values_show_literally(hostile_store, page):
    texts = _page_texts(page)
    assert not _violations(texts), "\n".join(_violations(texts)[:20])
    SEEN[page] = "\n".join(unescape_markdown(body) for _, body in texts)


def test_hostile_values_are_shown_not_dropped():
    """The escaping keeps the text: across the pages each hostile value is readable as written."""
    if len(SEEN) < len(PAGES):
        pytest.skip("needs the page runs above (run the whole module)")
    everything = "\n".join(SEEN.values())
    missing = [h for h in HOSTILE if h.replace("\n", " ") not in everything.replace("\n", " ")
               and h.split("\n")[0] not in everything]
    assert len(missing) <= 2, missing
