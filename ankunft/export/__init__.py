"""Exports: PowerPoint, Excel and HTML renderers of the report model, and the scenario workbook.

`pptx.build`, `xlsx.build` and `html.build` render a `views.report_model.Report`;
`scenario_workbook` writes the Szenarien page's Excel download; `safe.neutralise` keeps
spreadsheet text cells inert (the one formula neutraliser).
"""
