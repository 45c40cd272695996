"""Council exports: a format-neutral report model and its PowerPoint, Excel and HTML renderers.

`model` holds the data classes, `pptx.build`, `xlsx.build` and `html.build` render a `Report`,
`safe.neutralise` keeps spreadsheet text cells inert.
"""
