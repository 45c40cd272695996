"""The worksheet size counter of the import guards (`guards._SheetCounter`) has a fast path for pieces in
which every <row>/<c> carries r="…" first, and the general tag loop for everything else. On generated
worksheet XML – rows and cells with and without references, gaps, prefixed tags, other elements that
start like <row>/<c> (<rowBreaks>, <cols>, <cfRule>), cut into pieces at arbitrary tag boundaries – both
must give the same size and the same state as the general loop alone."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from ankunft.importing.io.guards import _SheetCounter, col_letters

CELL = st.tuples(st.integers(1, 800), st.booleans(), st.sampled_from(["", ' t="s"', ' s="1" t="n"']))
ROW = st.tuples(st.integers(1, 5), st.booleans(), st.lists(CELL, max_size=6), st.booleans())


def _sheet(draw_rows, prefix: str, extras: bool) -> list[bytes]:
    """Complete tags of a worksheet, one list item per tag (pieces are cut between items)."""
    p = prefix
    tags = [f'<{p}worksheet xmlns:x14ac="urn:x14ac">', f"<{p}cols>", f'<{p}col min="1" max="3"/>', f"</{p}cols>",
            f"<{p}sheetData>"]
    row = 0
    for gap, with_r, cells, self_closed in draw_rows:
        row += gap
        attrs = f' r="{row}"' if with_r else ""
        if self_closed and not cells:
            tags.append(f'<{p}row{attrs} x14ac:dyDescent="0.25"/>')
            continue
        tags.append(f"<{p}row{attrs} spans=\"1:9\">")
        col = 0
        for jump, cell_r, more in cells:
            col += jump
            ref = f' r="{col_letters(col)}{row}"' if cell_r else ""
            tags += [f"<{p}c{ref}{more}>", f"<{p}v>{col}</{p}v>", f"</{p}c>"]
        tags.append(f"</{p}row>")
    tags.append(f"</{p}sheetData>")
    if extras:
        tags += [f'<{p}conditionalFormatting sqref="A1">', f'<{p}cfRule type="x"/>', f"</{p}conditionalFormatting>",
                 f'<{p}rowBreaks count="1">', f'<{p}brk id="5"/>', f"</{p}rowBreaks>"]
    tags.append(f"</{p}worksheet>")
    return [t.encode() for t in tags]


def _state(c: _SheetCounter) -> tuple[int, int, int, int]:
    return c.row, c.col, c.max_row, c.max_col


def _counted_alike(tags: list[bytes], cuts: list[int]) -> _SheetCounter:
    """Feed ``tags`` cut at ``cuts`` to the fast path and to the tag loop; both must agree after every
    piece. Returns the fast counter."""
    bounds = sorted({min(c, len(tags)) for c in cuts} | {0, len(tags)})
    pieces = [b"".join(tags[a:b]) for a, b in zip(bounds, bounds[1:])]
    fast, slow = _SheetCounter(), _SheetCounter()
    for piece in pieces:
        fast.feed(piece)
        slow._feed_tags(piece)
        assert _state(fast) == _state(slow), piece
    return fast


@settings(max_examples=60, deadline=None)
@given(rows=st.lists(ROW, max_size=12), prefix=st.sampled_from(["", "", "x:"]), extras=st.booleans(),
       cuts=st.lists(st.integers(0, 200), max_size=5))
def test_fast_path_counts_like_the_tag_loop(rows, prefix, extras, cuts):
    tags = _sheet(rows, prefix, extras)
    _counted_alike(tags, cuts)


def test_fast_path_is_taken_for_referenced_pieces_and_refused_otherwise():
    c = _SheetCounter()
    assert c._feed_referenced(b'<row r="3"><c r="B3"><v>1</v></c><c r="AA3" t="s"><v>2</v></c></row>')
    assert (c.row, c.col, c.max_row, c.max_col) == (3, 27, 3, 27)
    before = (c.row, c.col, c.max_row, c.max_col)
    for piece in (b'<row><c r="A4"/></row>', b'<row r="4"><c><v>1</v></c></row>', b'<x:row r="4"><x:c r="A4"/></x:row>',
                  b'<row spans="1:2" r="4"><c r="A4"/></row>'):
        assert not c._feed_referenced(piece)
        assert (c.row, c.col, c.max_row, c.max_col) == before


def test_columns_growing_in_every_cell_and_a_late_unreferenced_cell():
    """The widest column is searched, not collected: a row whose 300 cells each lie right of the one
    before (more growth than the search's rounds) and a piece whose only unreferenced cell comes after
    wide ones must count like the tag loop; the latter is refused by the fast path."""
    cells = "".join(f'<c r="{col_letters(k)}7"><v>1</v></c>' for k in range(1, 301))
    wide = f'<row r="7">{cells}</row>'.encode()
    fast, slow = _SheetCounter(), _SheetCounter()
    assert fast._feed_referenced(wide)
    slow._feed_tags(wide)
    assert _state(fast) == _state(slow) == (7, 300, 7, 300)
    late = b'<row r="8"><c r="ZZ8"/><c r="B8"/><c t="s"><v>1</v></c></row>'
    assert not fast._feed_referenced(late)
    fast.feed(late)
    slow._feed_tags(late)
    assert _state(fast) == _state(slow)
    assert fast.max_col == 702  # ZZ; the cell without reference follows B: column C


# A cell's own reference decides where calamine puts it, whatever its <row> says: calamine sizes the sheet
# by the farthest cell and allocates every cell of that rectangle, so a 1 KB sheet with <c r="OJ4000000">
# inside <row r="1"> made it allocate 51 GB and abort the process (no message, the Streamlit server gone).
FAR_CELL = st.tuples(st.integers(1, 30), st.integers(1, 3_000_000), st.booleans())


@settings(max_examples=60, deadline=None)
@given(rows=st.lists(ROW, max_size=8), far=st.lists(FAR_CELL, max_size=3), zeros=st.booleans(),
       cuts=st.lists(st.integers(0, 200), max_size=5))
def test_cells_referencing_other_rows_count_like_the_tag_loop(rows, far, zeros, cuts):
    tags = _sheet(rows, "", False)
    for col, row, self_closed in far:  # a cell far below (or above) the row it stands in
        ref = f'{col_letters(col)}{"00" if zeros else ""}{row}'
        cell = [f'<c r="{ref}"/>'] if self_closed else [f'<c r="{ref}">', "<v>1</v>", "</c>"]
        at = next((i + 1 for i, t in enumerate(tags) if t.startswith(b"<row")), None)
        if at is None:
            tags[-2:-2] = [b'<row r="1">', *(c.encode() for c in cell), b"</row>"]
        else:
            tags[at:at] = [c.encode() for c in cell]
    fast = _counted_alike(tags, cuts)
    if far:
        assert fast.max_row >= max(r for _, r, _ in far)


def test_a_cell_far_below_its_row_is_counted():
    for piece in (b'<row r="1"><c r="A1"><v>1</v></c><c r="OJ4000000"><v>1</v></c></row>',
                  b'<row><c r="A1"><v>1</v></c><c r="B4000000"><v>1</v></c></row>'):
        c = _SheetCounter()
        c.feed(piece)
        assert c.max_row == 4_000_000, piece


@settings(max_examples=200, deadline=None)
@given(top=st.integers(0, 3_000_000), value=st.integers(0, 3_000_000), near=st.integers(-3, 3))
def test_numbers_upto_matches_exactly_the_rows_up_to_top(top, value, near):
    import re

    from ankunft.importing.io.guards import _numbers_upto

    rx = re.compile("(?:" + _numbers_upto(top) + r")\Z")
    for v in (value, max(top + near, 0)):
        assert bool(rx.match(str(v))) == (1 <= v <= top), (top, v)
        assert not rx.match("0" + str(v))  # a leading zero is left to the tag loop


# Rows in any order (a row above the one before, the same row twice, one far below) and row references
# with a leading zero: the fast path's shortcut for rows (the last <row r="…"> confirmed by one search for
# a higher or unreferenced row) must count exactly like the tag loop.
ROW_ANY = st.tuples(st.integers(1, 120_000), st.booleans(), st.booleans(), st.lists(CELL, max_size=3))


@settings(max_examples=80, deadline=None)
@given(rows=st.lists(ROW_ANY, max_size=10), cuts=st.lists(st.integers(0, 120), max_size=5))
def test_rows_out_of_order_count_like_the_tag_loop(rows, cuts):
    tags = [b"<worksheet>", b"<sheetData>"]
    for row, with_r, zero, cells in rows:
        attrs = f' r="{"0" if zero else ""}{row}"' if with_r else ""
        tags.append(f'<row{attrs} spans="1:3">'.encode())
        col = 0
        for jump, cell_r, more in cells:
            col += jump
            ref = f' r="{col_letters(col)}{row}"' if cell_r else ""
            tags += [f"<c{ref}{more}>".encode(), b"<v>1</v>", b"</c>"]
        tags.append(b"</row>")
    tags += [b"</sheetData>", b'<rowBreaks count="1">', b'<brk id="5"/>', b"</rowBreaks>", b"</worksheet>"]
    _counted_alike(tags, cuts)  # the same state as the tag loop after every piece


def test_last_row_shortcut_taken_only_when_no_row_lies_higher():
    c = _SheetCounter()
    assert c._top_row(b'<row r="1"><c r="A1"/></row><row r="2"><c r="A2"/></row>') == (2, 2)
    assert c._top_row(b'<row r="9"><c r="A9"/></row><row r="2"><c r="A2"/></row>') is None  # 9 above the last
    assert c._top_row(b'<row r="1"/><row><c r="A2"/></row>') is None  # a row without reference
    assert c._top_row(b'<row r="1"/><row r="02"/>') is None  # a leading zero
    assert c._top_row(b'<c r="B7"><v>1</v></c></row>') == (0, None)  # no row tag in the piece
    assert c._top_row(b'<rowBreaks count="1"><brk id="5"/></rowBreaks>') == (0, None)
    c.feed(b'<row r="40"><c r="A40"/></row>')
    assert c._top_row(b'<row r="3"><c r="A3"/></row>') == (40, 3)  # higher rows of earlier pieces count
