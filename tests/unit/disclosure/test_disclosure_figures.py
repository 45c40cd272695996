"""Configuration, markers, single figures, shares, means and sentences."""

import math

import pytest

from ankunft.disclosure import (
    DERIVED,
    EMPTY,
    MASKED,
    PRIMARY,
    PUBLISHED,
    SECONDARY,
    DisclosureConfig,
    Figure,
    display,
    mean,
    mean_of,
    note_for,
    protect_value,
    safe_count_text,
    share,
)


def test_default_follows_yearbook():
    cfg = DisclosureConfig()
    assert cfg.threshold == 2 and cfg.marker == "≤2" and cfg.dominance is None and not cfg.suppress_zero
    assert [cfg.is_small(v) for v in (0, 1, 2, 3)] == [False, True, True, False]


def test_under_five_and_markers():
    cfg = DisclosureConfig.under_five()
    assert (cfg.threshold, cfg.marker) == (4, "<5")
    assert DisclosureConfig.from_marker("<5") == cfg
    assert DisclosureConfig.from_marker("≤2") == DisclosureConfig()
    assert DisclosureConfig.from_marker("<=3").threshold == 3
    with pytest.raises(ValueError):
        DisclosureConfig(style="~")
    with pytest.raises(ValueError):
        DisclosureConfig(dominance=0.3)


def test_suppress_zero_makes_zero_small():
    cfg = DisclosureConfig(suppress_zero=True)
    assert cfg.is_small(0) and cfg.small_low == 0
    assert cfg.bounds(PRIMARY) == (0.0, 2.0)


def test_bounds_per_status():
    cfg = DisclosureConfig()
    assert cfg.bounds(PRIMARY) == (1.0, 2.0)
    assert cfg.bounds(SECONDARY) == (3.0, math.inf)
    assert cfg.bounds(MASKED) == (1.0, math.inf)
    assert cfg.bounds(SECONDARY, signed=True) == (-math.inf, math.inf)


def test_note_texts():
    cfg = DisclosureConfig()
    assert cfg.note([PUBLISHED]) is None
    assert cfg.note([PRIMARY]) == "Werte ≤2 unterdrückt."
    assert cfg.note([PRIMARY, SECONDARY]) == "Werte ≤2 unterdrückt; • = zum Schutz kleiner Zahlen ausgeblendet."
    assert DisclosureConfig.under_five().note([PRIMARY]) == "Werte <5 unterdrückt."


def test_display():
    cfg = DisclosureConfig()
    assert display(1234, False, cfg) == "1.234"
    assert display(2, True, cfg) == "≤2"
    assert display(17, True, cfg) == "•"
    assert display(1, True, cfg, status=MASKED) == "•"
    assert display(None, False, cfg) == "–"
    assert display(-3, False, cfg, signed=True) == "−3"
    assert display(1, True, cfg, signed=True) == "•"
    assert display(3, True, DisclosureConfig.under_five()) == "<5"


def test_protect_value_and_figure_text():
    assert protect_value(1).text == "≤2"
    assert protect_value(1).value is None
    assert protect_value(0).text == "0"
    assert protect_value(0, DisclosureConfig(suppress_zero=True)).text == "≤2"
    assert protect_value(1500).text == "1.500"
    assert Figure(None, SECONDARY).text == "•"
    assert Figure(0.125, PUBLISHED, "share").text == "12,5\u00a0%"
    assert Figure(3.25, PUBLISHED, "mean", decimals=2).text == "3,25"


def test_safe_count_text():
    cfg = DisclosureConfig()
    assert safe_count_text(1, cfg) == "≤2 Personen"
    assert safe_count_text(2, cfg) == "≤2 Personen"
    assert safe_count_text(3, cfg) == "3 Personen"
    assert safe_count_text(0, cfg) == "0 Personen"
    assert safe_count_text(1, DisclosureConfig.under_five(), "Kind", "Kinder") == "<5 Kinder"
    assert safe_count_text(Figure(None, SECONDARY), cfg) == "eine ausgeblendete Zahl Personen"
    assert safe_count_text(Figure(1.0, PUBLISHED), cfg) == "1 Person"  # a figure's status is used as is


def test_share_rules():
    cfg = DisclosureConfig()
    assert share(10, 40, cfg).text == "25,0\u00a0%"
    assert share(10, 40, cfg).value == 0.25
    # small numerator: 1 of 40 would reveal the single person
    assert share(1, 40, cfg).status == DERIVED and share(1, 40, cfg).text == "•"
    # small complement: 39 of 40 reveals the one person not counted
    assert share(39, 40, cfg).status == DERIVED
    assert share(39, 40, cfg, complement=False).text == "97,5\u00a0%"
    # small denominator
    assert share(2, 2, cfg).status == DERIVED
    # hidden inputs
    assert share(Figure(None, SECONDARY), 40, cfg).status == DERIVED
    assert share(10, Figure(None, PRIMARY), cfg).status == DERIVED
    # zero denominator is empty, not hidden
    assert share(0, 0, cfg).status == EMPTY and share(0, 0, cfg).text == "–"
    assert share(40, 40, cfg).text == "100,0\u00a0%"


def test_mean_rules():
    cfg = DisclosureConfig()
    assert mean(30, 10, cfg).value == 3.0 and mean(30, 10, cfg).text == "3,0"
    assert mean(30, 2, cfg).status == DERIVED  # the mean of two persons is their own value
    assert mean(Figure(None, SECONDARY), 10, cfg).status == DERIVED
    assert mean(0, 0, cfg).status == EMPTY
    assert mean_of([12, 18, 30], cfg).value == 20.0
    assert mean_of([12, 18], cfg).status == DERIVED
    assert mean_of([12, 18, 30, 40], DisclosureConfig.under_five()).status == DERIVED
    assert note_for([mean_of([1, 2], cfg)], cfg) == "• = zum Schutz kleiner Zahlen ausgeblendet."
