"""Writers for test files: one grid (list of rows) as .xlsx, .xls, .ods, or CSV/Unicode text in an encoding.

`hidden` are 0-based row indexes of the grid that are hidden in the spreadsheet (Excel's
"Zeilen ausblenden"); `hidden_sheet` hides the sheet. The .ods writer is hand-written (an ODF
spreadsheet is a zip with content.xml), so no extra dependency is needed to produce one. The .xls
writer uses xlwt (tests only: nothing else writes the old BIFF8 format that offices still export).
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from xml.sax.saxutils import escape

import xlsxwriter


def xlsx(sheets: dict[str, list[list]], hidden: dict[str, set[int]] | None = None,
         hidden_sheets: set[str] = frozenset()) -> bytes:
    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, {"in_memory": True})
    date_fmt = wb.add_format({"num_format": "dd.mm.yyyy"})
    for name, grid in sheets.items():
        ws = wb.add_worksheet(name)
        for r, row in enumerate(grid):
            for c, v in enumerate(row):
                if isinstance(v, dt.date):
                    ws.write_datetime(r, c, dt.datetime(v.year, v.month, v.day), date_fmt)
                elif v is not None and v != "":
                    ws.write(r, c, v)
            if r in (hidden or {}).get(name, set()):
                ws.set_row(r, None, None, {"hidden": True})
        if name in hidden_sheets:
            ws.hide()
    wb.close()
    return buf.getvalue()


def xls(sheets: dict[str, list[list]], hidden: dict[str, set[int]] | None = None,
        hidden_sheets: set[str] = frozenset(), merges: dict[str, list[tuple[int, int, int, str]]] | None = None
        ) -> bytes:
    """An Excel 97–2003 workbook (.xls, BIFF8); `merges`: per sheet (row, first col, last col, text)."""
    import xlwt

    wb = xlwt.Workbook(encoding="utf-8")
    date_style = xlwt.easyxf(num_format_str="DD.MM.YYYY")
    for name, grid in sheets.items():
        ws = wb.add_sheet(name)
        merged = {(r, c1): (c2, text) for r, c1, c2, text in (merges or {}).get(name, [])}
        for r, row in enumerate(grid):
            for c, v in enumerate(row):
                if (r, c) in merged:
                    ws.write_merge(r, r, c, merged[(r, c)][0], merged[(r, c)][1])
                elif any(r == mr and c1 < c <= c2 for (mr, c1), (c2, _) in merged.items()):
                    continue
                elif isinstance(v, dt.date):
                    ws.write(r, c, dt.datetime(v.year, v.month, v.day), date_style)
                elif v is not None and v != "":
                    ws.write(r, c, v)
            if r in (hidden or {}).get(name, set()):
                ws.row(r).hidden = True
        if name in hidden_sheets:
            ws.visibility = 1
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _ods_cell(v) -> str:
    if v is None or v == "":
        return "<table:table-cell/>"
    if isinstance(v, bool):
        return (f'<table:table-cell office:value-type="boolean" office:boolean-value="{str(v).lower()}">'
                f"<text:p>{'WAHR' if v else 'FALSCH'}</text:p></table:table-cell>")
    if isinstance(v, (int, float)):
        return (f'<table:table-cell office:value-type="float" office:value="{v}"><text:p>{v}</text:p>'
                "</table:table-cell>")
    if isinstance(v, dt.date):
        return (f'<table:table-cell office:value-type="date" office:date-value="{v.isoformat()}">'
                f"<text:p>{v:%d.%m.%Y}</text:p></table:table-cell>")
    return f'<table:table-cell office:value-type="string"><text:p>{escape(str(v))}</text:p></table:table-cell>'


def ods(sheets: dict[str, list[list]], hidden: dict[str, set[int]] | None = None,
        hidden_sheets: set[str] = frozenset()) -> bytes:
    """An OpenDocument spreadsheet (.ods) as LibreOffice writes it (hidden rows: visibility="collapse")."""
    tables = []
    styles = ('<office:automatic-styles><style:style style:name="ta1" style:family="table">'
              '<style:table-properties table:display="true"/></style:style>'
              '<style:style style:name="ta2" style:family="table"><style:table-properties table:display="false"/>'
              "</style:style></office:automatic-styles>")
    for name, grid in sheets.items():
        rows = []
        for r, row in enumerate(grid):
            vis = ' table:visibility="collapse"' if r in (hidden or {}).get(name, set()) else ""
            rows.append(f"<table:table-row{vis}>" + "".join(_ods_cell(v) for v in row) + "</table:table-row>")
        style = "ta2" if name in hidden_sheets else "ta1"
        tables.append(f'<table:table table:name="{escape(name)}" table:style-name="{style}">' + "".join(rows)
                      + "</table:table>")
    content = ('<?xml version="1.0" encoding="UTF-8"?>'
               '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
               'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
               'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
               'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
               + styles + "<office:body><office:spreadsheet>" + "".join(tables)
               + "</office:spreadsheet></office:body></office:document-content>")
    manifest = ('<?xml version="1.0" encoding="UTF-8"?>'
                '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" '
                'manifest:version="1.2">'
                '<manifest:file-entry manifest:full-path="/" '
                'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
                '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
                "</manifest:manifest>")
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet")
        zf.writestr("content.xml", content, compress_type=zipfile.ZIP_DEFLATED)
        zf.writestr("META-INF/manifest.xml", manifest, compress_type=zipfile.ZIP_DEFLATED)
    return buf.getvalue()


def _text(v) -> str:
    if v is None:
        return ""
    if isinstance(v, dt.date):
        return f"{v:%d.%m.%Y}"
    if isinstance(v, float):
        return f"{v}".replace(".", ",")
    return str(v)


def text(grid: list[list], encoding: str = "utf-8", sep: str = ";", bom: bool = False) -> bytes:
    """CSV or Excel's "Unicode-Text" (encoding="utf-16-le", sep="\\t"), with or without byte-order mark."""
    body = "\r\n".join(sep.join(_text(v) for v in row) for row in grid) + "\r\n"
    data = body.encode(encoding)
    if bom:
        data = {"utf-8": b"\xef\xbb\xbf", "utf-16-le": b"\xff\xfe", "utf-16-be": b"\xfe\xff"}[encoding] + data
    return data
