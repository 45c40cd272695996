"""Handlungsbedarf (issue #18): findings from generated data the rules were not written from.

Each generated Stand has sites with random capacities, households of random size (every member of a
household entitled or none), and lease ends at random months around the Stichtag. The expected
figures are counted here from the generated households, not from the code's tables.
"""

from __future__ import annotations

import datetime as dt
import io
import itertools
import random
import re

import openpyxl
import pandas as pd
import pytest
from pptx import Presentation

from ankunft.core import fmt
from ankunft.export import council_text
from ankunft.export import html as export_html
from ankunft.export import pptx as export_pptx
from ankunft.export import xlsx as export_xlsx
from ankunft.storage.state import DataState
from ankunft.views import report_findings as rf
from ankunft.views import report_view as assemble

SEEDS = range(4)


def _months(day: dt.date, k: int) -> dt.date:
    return (pd.Timestamp(day) + pd.DateOffset(months=k)).date()


class World:
    """A generated Stand: sites, households, and what the findings must say about them."""

    def __init__(self, seed: int, small_site: bool = False) -> None:
        rng = random.Random(seed)
        self.stichtag = dt.date(2026, rng.choice([3, 6, 9, 12]), 1) - dt.timedelta(days=1)
        words = ["Ahorn", "Birken", "Eichen", "Linden", "Buchen", "Erlen", "Weiden", "Pappel", "Ulmen"]
        rng.shuffle(words)
        acc, people = [], []
        self.sites: dict[str, dict] = {}
        roles = ["soon_entitled", "soon_none", "over", "quiet"] + ["random"] * rng.randint(0, 3)
        if small_site:
            roles.append("small")
        for i, role in enumerate(roles):
            sid = f"S{seed}{i:02d}"
            name = f"{words[i]}weg {rng.randint(1, 99)}"
            households = []
            n_households = 2 if role == "small" else rng.randint(4, 14)
            for h in range(n_households):
                size = 1 if role == "small" else rng.randint(1, 6)
                entitled = role != "soon_none" and (role == "soon_entitled" and h == 0 or rng.random() < 0.5)
                households.append((f"{sid}-H{h}", size, entitled))
            residents = sum(s for _, s, _ in households)
            capacity = residents - rng.randint(1, 5) if role == "over" else residents + rng.randint(5, 60)
            lease = None
            if role in ("soon_entitled", "soon_none", "small"):
                lease = _months(self.stichtag, rng.randint(1, 11))
            elif role == "random":
                lease = rng.choice([None, _months(self.stichtag, rng.randint(13, 40))])
            acc.append({"id": sid, "name": name, "capacity": float(capacity), "status": "in Betrieb",
                        "lease_end": pd.Timestamp(lease) if lease else pd.NaT, "district_id": "09"})
            for hid, size, entitled in households:
                for p in range(size):
                    people.append({"person_id": f"{hid}-P{p}", "household_id": hid, "accommodation": sid,
                                   "move_in": pd.Timestamp(self.stichtag) - pd.Timedelta(days=rng.randint(30, 900)),
                                   "birth_year": rng.randint(1960, 2024), "may_move_out": entitled})
            self.sites[sid] = {"name": name, "role": role, "lease": lease, "capacity": capacity,
                               "residents": residents,
                               "entitled": sum(s for _, s, e in households if e),
                               "flats": sum(1 for _, _, e in households if e),
                               "flats_4plus": sum(1 for _, s, e in households if e and s >= 4)}
        frames = {"accommodations": pd.DataFrame(acc), "residents": pd.DataFrame(people)}
        self.state = DataState.from_frames(self.stichtag, frames)

    def role(self, role: str) -> tuple[str, dict]:
        return next((k, v) for k, v in self.sites.items() if v["role"] == role)


@pytest.fixture(scope="module", params=SEEDS)
def world(request):
    w = World(request.param)
    w.rd = assemble.prepare(w.state, None)
    w.all = rf.candidates(w.rd, rf.rules_from(w.rd.standards))
    return w


def _by_key(items) -> dict:
    return {f.key: f for f in items}


def test_lease_ending_soon_names_residents_entitled_and_flats_by_household(world):
    sid, site = world.role("soon_entitled")
    f = _by_key(world.all)[f"frist:{sid}"]
    assert f.due == site["lease"]
    assert fmt.date(site["lease"]) in f.text and site["name"] in f.title
    assert fmt.plural(site["residents"], "Mensch", "Menschen") in f.text
    assert f"davon {fmt.integer(site['entitled'])} auszugsberechtigt" in f.text
    assert f.flats == site["flats"]
    assert fmt.plural(site["flats"], "Wohnung", "Wohnungen") in f.text
    if site["flats_4plus"] and site["flats_4plus"] < site["flats"]:
        assert f"davon {fmt.integer(site['flats_4plus'])} für Familien ab 4 Personen" in f.text
    assert "Unterkünfte" in f.source and fmt.date(world.stichtag) in f.source


def test_no_entitled_residents_means_no_flats_claim(world):
    sid, _ = world.role("soon_none")
    f = _by_key(world.all)[f"frist:{sid}"]
    assert f.flats is None
    assert "Wohnung" not in f.text
    assert "davon 0 auszugsberechtigt" in f.text


def test_over_occupied_site_is_found_with_its_excess(world):
    sid, site = world.role("over")
    f = _by_key(world.all)[f"ueberbelegt:{sid}"]
    assert f.gap == site["residents"] - site["capacity"]
    assert fmt.plural(site["capacity"], "Platz", "Plätzen") in f.text
    assert f.due == world.stichtag


def test_sites_without_a_deadline_within_the_horizon_have_no_deadline_finding(world):
    horizon = _months(world.stichtag, rf.rules_from(world.rd.standards).horizon_months)
    keys = {f.key for f in world.all}
    for sid, site in world.sites.items():
        expected = site["lease"] is not None and site["lease"] <= horizon
        assert (f"frist:{sid}" in keys) == expected, site


def test_findings_are_few_and_ordered_by_urgency(world):
    items = rf.findings(world.rd)
    assert 1 <= len(items) <= 5
    months = [f.months(world.stichtag) for f in items]
    assert months == sorted(months)
    for a, b in itertools.pairwise(items):
        if a.months(world.stichtag) == b.months(world.stichtag):
            assert a.gap >= b.gap
    assert len({f.key for f in items}) == len(items)


def test_ordering_on_shuffled_findings_is_by_deadline_then_gap():
    rng = random.Random(7)
    stand = dt.date(2026, 9, 30)
    items = [rf.Finding(f"k{i}", "T", f"t{i}", "x.", "q", stand,
                        rng.choice([None, _months(stand, rng.randint(-3, 20))]), float(rng.randint(0, 50)))
             for i in range(40)]
    shuffled = items[:]
    rng.shuffle(shuffled)
    out = rf.ordered(shuffled, stand)
    assert out == rf.ordered(items, stand)
    keys = [(f.months(stand), -f.gap) for f in out]
    assert keys == sorted(keys)
    assert all(f.due is None for f in out[out.index(next(f for f in out if f.due is None)):])


def test_select_keeps_each_kind_with_a_deadline():
    stand = dt.date(2026, 9, 30)
    many = [rf.Finding(f"frist:{i}", "Unterkunft", "t", "x.", "q", stand, _months(stand, 1), 10.0) for i in range(8)]
    kita = rf.Finding("kita", "Kita", "t", "x.", "q", stand, _months(stand, 10), 5.0)
    late = rf.Finding("lange:1", "Unterkunft", "t", "x.", "q", stand, None, 99.0)
    out = rf.select(many + [kita, late], stand, rf.Rules())
    assert len(out) == 5 and kita in out and late not in out


@pytest.mark.slow  # the auditor / three exports: seconds
def test_council_version_shows_markers_and_no_unpublished_figures():
    w = World(3, small_site=True)
    rd = assemble.prepare(w.state, None, council=True)
    items = _by_key(rf.candidates(rd, rf.rules_from(rd.standards)))
    sid, site = w.role("small")
    f = items[f"frist:{sid}"]
    assert f"leben {rd.cfg.marker} " in f.text and f"leben {site['residents']} " not in f.text
    assert "auszugsberechtigt" not in f.text  # nothing said about a hidden count's people
    assert f.persons == rd.cfg.marker
    for item in items.values():
        assert "auszugsberechtigt –" not in item.text and item.flats is None
        assert not re.search(r"davon \d", item.text)
    assert assemble.audit(rd) == []


@pytest.mark.slow  # the auditor / three exports: seconds
def test_a_deselected_finding_disappears_from_every_export():
    w = World(11)
    rd = assemble.prepare(w.state, None)
    items = rf.findings(rd)
    assert len(items) >= 2
    gone, kept = items[0], items[1]
    report = assemble.report_from(rd, ["findings", "kpis"], excluded=(gone.key,))
    assert [f.key for f in report.findings] == [f.key for f in items[1:]]
    deck = Presentation(io.BytesIO(export_pptx.build(report)))
    slide_text = "\n".join(sh.text_frame.text for s in deck.slides for sh in s.shapes if sh.has_text_frame)
    notes = "\n".join(s.notes_slide.notes_text_frame.text for s in deck.slides if s.has_notes_slide)
    wb = openpyxl.load_workbook(io.BytesIO(export_xlsx.build(report)))
    cells = [c for ws in wb.worksheets for row in ws.iter_rows(values_only=True) for c in row]
    html = export_html.build(report)
    text = council_text.sachstand(rd, excluded=(gone.key,))
    for out in (slide_text, notes, "\n".join(str(c) for c in cells), html, text):
        assert gone.text not in out
        assert kept.text in out or kept.text.replace("„", "&#8222;") in out or kept.title in out
    assert gone.text in council_text.sachstand(rd)
    sheet = wb["Handlungsbedarf"]
    header = [c.value for c in next(sheet.iter_rows(min_row=1, max_row=sheet.max_row)) if c.value]
    rows = [r for r in sheet.iter_rows(values_only=True) if r and r[0] in range(1, 10)]
    assert rows and all(isinstance(r[0], int) for r in rows), header


def test_section_names_every_source_office_and_keeps_numbers_as_numbers(world):
    items = rf.findings(world.rd)
    section = rf.section_findings(world.rd, items)
    assert section.title == "Handlungsbedarf" and section.key == rf.SECTION_KEY
    for f in items:
        assert all(o in section.source for o in f.offices) and f.offices
    t = section.table
    assert list(t["Nr."]) == list(range(1, len(items) + 1))
    shown = [p for p in t["Menschen"] if not isinstance(p, str) and p == p]
    assert all(isinstance(p, float) for p in shown)
    assert rf.section_findings(world.rd, []) is None


def test_findings_are_computed_once_per_prepared_data(world, monkeypatch):
    first = rf.findings(world.rd)
    monkeypatch.setattr(rf, "candidates", lambda *a: pytest.fail("computed twice"))
    assert rf.findings(world.rd) == first
    assert rf.findings(world.rd) is not rf.findings(world.rd)  # a copy: a caller cannot change the cache
