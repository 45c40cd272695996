"""View models: the glue between indicators and pages (KPI tiles, display tables, council versions).

Pure Python/pandas like the rest of ``ankunft`` (no streamlit): every number a page shows is
computed and tested here or in ``ankunft.indicators``; the pages only lay out.
"""
