"""Plots: the plotly chart builders with the one theme, and the one map builder (plotly, SVG)."""
