"""Council mode at projector size (1280×720, the sidebar folded away as council mode folds it): no
table on any page cuts a cell's text (issue #17: the Stadtteilprofil cut its "Einordnung" sentences).

The data grid draws on a canvas, so the test reads the drawing itself: it finds the grid lines
(1-px lines across the whole grid) and looks for text pixels ("ink") in each cell's padding — the
8 px the grid keeps free between the text and the cell's left and right border, and the few pixels
above and below the text of a row. Text that does not fit its cell runs into that padding (the grid
clips it at the border without an ellipsis); text that fits never touches it, whether left- or
right-aligned, on one line or wrapped. Every table in an expander or a tab is opened first.
Screenshots artifacts/screenshots/rat_tabelle_<page>_<n>.png.
"""

from __future__ import annotations

import pytest

from .conftest import SCREENSHOTS, exception_texts, guard_page, open_via_sidebar, wait_for_app
from .walks import PROJECTOR, fold_sidebar, fresh_start

# Pages with tables in council mode; Bericht shows none.
PAGES = ("Übersicht", "Unterkünfte", "Wohnqualität", "Soziale Infrastruktur", "Stadtteilprofil", "Szenarien",
         "Daten")

# One grid (a [data-testid="stDataFrame"] element) → what its canvas shows:
#  cols/rows: the grid's column and row count (its accessibility table), found: the cells between
#  the grid lines found on the canvas, cut: cells with ink in their padding [row, col, where, pixels],
#  ink: text pixels in the whole grid (a blank canvas must not pass), scroll: [scrollWidth, clientWidth].
GRID_CUTS_JS = """grid => {
    // the grid draws its body on one canvas and its header row on a second one laid over it
    const [canvas, header] = grid.querySelectorAll('canvas');
    const table = grid.querySelector('table[role="grid"]');
    if (!canvas || !table) return null;
    const W = canvas.width, H = canvas.height, scale = W / canvas.getBoundingClientRect().width;
    const both = document.createElement('canvas');
    both.width = W; both.height = H;
    const ctx = both.getContext('2d');
    ctx.drawImage(canvas, 0, 0);
    if (header) ctx.drawImage(header, 0, 0);
    const px = ctx.getImageData(0, 0, W, H).data;
    const lum = (x, y) => { const i = (y * W + x) * 4; return 0.299 * px[i] + 0.587 * px[i + 1] + 0.114 * px[i + 2]; };
    // a grid line is 1 px darker than the pixels on both sides of it, across the whole grid (on white
    // cells and on a shaded row alike); text is darker too, but never across the whole grid
    const INK = 170;
    const dip = (a, b, c) => b < a - 1 && b < c - 1;
    const vLines = [], hLines = [];
    for (let x = 1; x < W - 1; x++) { let n = 0; for (let y = 0; y < H; y++) if (dip(lum(x - 1, y), lum(x, y), lum(x + 1, y))) n++;
                                      if (n >= 0.9 * H) vLines.push(x); }
    for (let y = 1; y < H - 1; y++) { let n = 0; for (let x = 0; x < W; x++) if (dip(lum(x, y - 1), lum(x, y), lum(x, y + 1))) n++;
                                      if (n >= 0.9 * W) hLines.push(y); }
    const rights = vLines.filter(x => x > 2).concat(vLines.length && vLines[vLines.length - 1] >= W - 3 ? [] : [W]);
    const bottoms = hLines.concat(hLines.length && hLines[hLines.length - 1] >= H - 3 ? [] : [H]);
    const pad = Math.round(7 * scale), edge = Math.round(2 * scale);
    const inkIn = (x0, x1, y0, y1) => { let n = 0;
        for (let x = Math.max(0, x0); x < Math.min(W, x1); x++)
            for (let y = Math.max(0, y0); y < Math.min(H, y1); y++) if (lum(x, y) < INK) n++;
        return n; };
    const cut = []; let ink = 0;
    let top = 0;
    bottoms.forEach((bottom, r) => {
        let left = 0;
        rights.forEach((right, c) => {
            ink += inkIn(left + 1, right, top + 1, bottom);
            const sides = {rechts: inkIn(right - pad, right, top + 1, bottom),
                           links: inkIn(left + 1, left + 1 + pad, top + 1, bottom)};
            if (r > 0) {  // body rows: nothing above or below the text (a wrapped cell with too few lines)
                sides.oben = inkIn(left + 1 + pad, right - pad, top + 1, top + 1 + edge);
                sides.unten = inkIn(left + 1 + pad, right - pad, bottom - edge, bottom);
            }
            for (const [where, n] of Object.entries(sides)) if (n > 0) cut.push([r, c, where, n]);
            left = right;
        });
        top = bottom;
    });
    // words: a word of a body cell wider than its column's text width is broken inside (issue #17: "no
    // mid-word breaks"); measured in the grid's own canvas font, words split at spaces only (as the grid
    // breaks lines; a non-breaking space keeps "12,0 %" together)
    const css = getComputedStyle(grid.querySelector('[style*="--gdg-"]') || grid);
    const v = (name, dflt) => (css.getPropertyValue(name) || '').trim() || dflt;
    const font = `${v('--gdg-base-font-style', '14px')} ${v('--gdg-font-family', 'sans-serif')}`;
    const padPx = parseFloat(v('--gdg-cell-horizontal-padding', '8')) || 8;
    ctx.font = font;
    const cells = [...table.querySelectorAll('tr')].map(tr => [...tr.children].map(td => td.innerText));
    const broken = [];
    let prev = 0;
    rights.forEach((right, c) => {
        const room = (right - prev - 1) / scale - 2 * padPx;
        prev = right;
        cells.slice(1).forEach((row, r) => {
            for (const word of (row[c] || '').split(/[ \\t\\n]+/)) {
                const w = ctx.measureText(word).width;
                if (w > room + 0.5) broken.push([r + 1, c, word, Math.round(w), Math.round(room)]);
            }
        });
    });
    const s = grid.querySelector('.dvn-scroller');
    return {broken, font, cols: +table.getAttribute('aria-colcount'), rows: +table.getAttribute('aria-rowcount'),
            found: [rights.length, bottoms.length], cut, ink,
            texts: [...table.querySelectorAll('tr')].map(tr => [...tr.children].map(td => td.innerText)),
            scroll: s ? [s.scrollWidth, s.clientWidth] : null};
}"""

VISIBLE_GRIDS_JS = """() => [...document.querySelectorAll('[data-testid="stDataFrame"]')]
    .filter(t => t.getBoundingClientRect().height > 0 && t.querySelector('canvas')).length"""


def _open_everything(page) -> None:
    """Open every closed expander whose content is a table ("Tabelle: …", "Kennzahlen …", "Annahmen …")."""
    for summary in page.locator('[data-testid="stMain"] [data-testid="stExpander"] summary').all():
        if not summary.is_visible():
            continue
        details = summary.locator("xpath=..")
        if details.get_attribute("open") is None:
            summary.scroll_into_view_if_needed()
            summary.click()
            page.wait_for_timeout(200)
    wait_for_app(page)


def _check_grids(page, name: str, seen: dict) -> None:
    grids = page.locator('[data-testid="stMain"] [data-testid="stDataFrame"]')
    for k in range(grids.count()):
        grid = grids.nth(k)
        if not grid.is_visible():
            continue
        grid.scroll_into_view_if_needed()
        page.wait_for_timeout(400)  # the grid draws after it is laid out
        found = grid.evaluate(GRID_CUTS_JS)
        if found is None:
            continue
        if any(g["texts"] == found["texts"] for g in seen.values()):
            continue  # a table outside the tabs, seen with the first tab
        key = f"{name}_{len(seen)}"
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        grid.screenshot(path=str(SCREENSHOTS / f"rat_tabelle_{key}.png"))
        seen[key] = found


def _walk_tabs(page, name: str, seen: dict) -> None:
    """Every tab of the page (a table may sit in any of them), each with its expanders opened."""
    _open_everything(page)
    _check_grids(page, name, seen)
    tabs = page.locator('[data-testid="stMain"] [role="tab"]')
    for k in range(tabs.count()):
        tab = tabs.nth(k)
        if tab.get_attribute("aria-selected") == "true":
            continue
        tab.scroll_into_view_if_needed()
        tab.click()
        wait_for_app(page)
        _open_everything(page)
        _check_grids(page, f"{name}_tab{k}", seen)


@pytest.fixture(scope="module")
def council_grids(app_server, browser_context):
    """Every council table of every page, read once for the tests below: (grids by key, page guard)."""
    page = browser_context.new_page()
    guard = guard_page(page)
    try:
        fresh_start(page, app_server.url, PROJECTOR)
        page.locator('[data-testid="stSidebar"]').get_by_text("Ratsmodus", exact=True).click()
        wait_for_app(page)
        seen: dict[str, dict] = {}
        for title in PAGES:
            open_via_sidebar(page, title)
            fold_sidebar(page)  # as the presenter shows it
            assert not exception_texts(page), (title, exception_texts(page))
            _walk_tabs(page, title.split()[-1].lower(), seen)
        print("Tabellen geprüft:", {k: (g["cols"], g["rows"], len(g["cut"])) for k, g in seen.items()})
        yield seen, guard
    finally:
        page.close()


def test_no_council_table_cuts_a_cell(council_grids):
    seen, guard = council_grids
    problems = []
    for key, grid in seen.items():
        assert grid["ink"] > 500, (key, "kein Text auf der Tabelle gefunden", grid)
        # the lines found must be the grid's own: one per column and one per row (the detection works)
        assert grid["found"] == [grid["cols"], grid["rows"]], (key, grid["found"], grid["cols"], grid["rows"])
        if grid["scroll"] and grid["scroll"][0] > grid["scroll"][1] + 1:
            problems.append(f"{key}: Tabelle scrollt seitlich {grid['scroll']}")
        for row, col, where, n in grid["cut"]:
            problems.append(f"{key}: Zeile {row}, Spalte {col} ({where}, {n} px): {grid['texts'][row][col]!r}")
    assert len(seen) >= 10, sorted(seen)  # every page's tables (Infrastruktur alone has 8)
    assert not problems, "Abgeschnittener Text im Ratsmodus:\n" + "\n".join(problems)
    guard.assert_clean()


def test_no_council_table_breaks_a_word(council_grids):
    """Issue #17: "no mid-word breaks" — every word of every cell fits its column's text width, measured
    in the page with the grid's own canvas font (so no word such as "Bännjerrück/Karl-Pfaff-Siedlung"
    is split across two lines)."""
    seen, guard = council_grids
    assert len(seen) >= 10, sorted(seen)
    fonts = {g["font"] for g in seen.values()}
    assert all("px" in f or "rem" in f for f in fonts), fonts  # the grid's font was read, not guessed
    problems = [f"{key}: Zeile {row}, Spalte {grid['texts'][0][col]!r}: {word!r} ({w} px > {room} px)"
                for key, grid in seen.items() for row, col, word, w, room in grid["broken"]]
    assert not problems, "Wort im Ratsmodus mitten getrennt:\n" + "\n".join(problems)
    guard.assert_clean()
