"""Core: the one glossary, reference facts, formatter, palette, clock, geometry, roles and logging.

Everything else builds on these modules; they import nothing from the rest of ``ankunft``.
They load pandas/numpy only inside the functions that need them (the check CLI relies on it).
"""
