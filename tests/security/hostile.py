"""Hostile text for the injection tests (issue #16 item 1): HTML that loads from outside or covers the
page, markdown, ``javascript:`` links, Streamlit directives, LaTeX, a script break-out, a formula.

``hostile_frames`` puts one of them behind every value of every free-text field of the demo data
(the values stay distinct, so joins and counts are unchanged), and makes an unknown service
category that is kept as written."""

from __future__ import annotations

import pandas as pd

HOSTILE = (
    "<img src=http://x.invalid/p.png>",
    '<a href="http://x.invalid" style="position:fixed;top:0;left:0;width:100%;height:100%">Anmelden</a>',
    "**fett**",
    "[x](javascript:alert(1))",
    "javascript:alert(1)",
    ":red[rot] :material/bolt: $x^2$ _kursiv_ `code`",
    "</script><script>alert(1)</script>",
    "# Titel\n- Punkt",
)
FORMULA = '=HYPERLINK("http://x.invalid";"klick")'

# free-text fields (kind "text") a user types into the source systems, per dataset; reference keys
# (residents.accommodation holds the accommodation id) are left alone
TEXT_FIELDS = {
    "accommodations": ("name", "address", "operator", "district"),
    "residents": ("nationality",),
    "housing": ("address", "defects", "district"),
    "services": ("name", "address", "district"),
    "districts": ("name",),
}

# markdown source that would render as markup: the raw form of each hostile value's active part
# (an escaped form has a backslash before it or is an HTML entity)
ACTIVE = (r"(?<![\\&])<img\b", r"(?<![\\&])<a\b", r"(?<!\\)\*\*fett", r"(?<!\\)\]\(javascript:",
          r"(?<!\\):red\[", r"(?<!\\):material/bolt", r"(?<!\\)\$x\^2", r"(?<!\\)_kursiv",
          r"(?<!\\)`code", r"(?<![\\&])</script", r"(?m)^\s*(?<!\\)# Titel")


def hostile_frames(frames: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    out = {}
    n = 0
    for name, df in frames.items():
        df = df.copy()
        for col in TEXT_FIELDS.get(name, ()):
            if col not in df.columns:
                continue
            values = df[col].astype("object")
            mapped = {}
            for v in values.dropna().unique():
                mapped[v] = f"{v} {HOSTILE[n % len(HOSTILE)]}"
                n += 1
            df[col] = values.map(lambda v, m=mapped: m.get(v, v)).astype("str").where(values.notna(), pd.NA)
        if name == "accommodations" and len(df):
            df.loc[df.index[0], "operator"] = FORMULA
        if name == "services" and len(df):  # unknown categories are kept as written: every 7th service
            rows = df.index[::7]
            df.loc[rows, "category"] = [f"Treffpunkt {HOSTILE[i % len(HOSTILE)]}" for i in range(len(rows))]
        out[name] = df
    return out


def unescape_markdown(text: str) -> str:
    """What a reader sees of escaped markdown text: backslash escapes and HTML entities undone."""
    import html
    import re

    return html.unescape(re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", text)).replace("\u200b", "")
