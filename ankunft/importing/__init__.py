"""Importing: reading exports safely (``io``), cell parsing, validation, reports and the pipeline.

``pipeline.check_files(paths)`` turns files into canonical DataFrames plus a report; nothing here
writes to the store. ``templates`` writes the Excel templates offered for download.
"""
