"""fmt.md, the one escaping helper for data text in markdown (issue #16 item 1), over generated text."""

from __future__ import annotations

import math
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from ankunft.core import fmt
from tests.security.hostile import HOSTILE, unescape_markdown

_markupish = st.lists(st.sampled_from(list("ab 1.-+#>*_`[]()<>/!?$~:&;=|\\\n\"'") + ["img", "http", "ä"]),
                      max_size=30).map("".join)
_any = st.one_of(st.text(max_size=40), _markupish, st.sampled_from(HOSTILE))

# an unescaped markup character: one without an odd run of backslashes before it
_UNESCAPED = re.compile(r"(?<!\\)(?:\\\\)*(?:[*_`\[\]$~]|<[A-Za-z/!?]|:[\w/+-]|&[#A-Za-z])")


@settings(max_examples=500, deadline=None)
@given(_any)
def test_escaped_text_reads_as_written(text):
    escaped = fmt.md(text)
    assert unescape_markdown(escaped) == " ".join(text.splitlines()).replace("\u200b", "")
    assert "\n" not in escaped and "\r" not in escaped


@settings(max_examples=500, deadline=None)
@given(_any)
def test_no_markup_character_stays_active(text):
    escaped = fmt.md(text)
    assert not _UNESCAPED.search(escaped), escaped
    assert not re.match(r"\s*(?:[#>+=-]|\d+[.)])", escaped), escaped  # no heading, quote or list


@given(st.sampled_from([None, float("nan"), math.nan]))
def test_missing_values_give_the_dash(value):
    assert fmt.md(value) == fmt.MISSING


def test_plain_german_text_is_unchanged():
    for text in ("Asternweg 30", "< 1 Jahr; > 5 Jahre", "Größe: Belegung", "Kita & Schule", "am 30.06.2026",
                 "Träger (Caritas)", "3 – 5 Jahre"):
        assert fmt.md(text) == text
