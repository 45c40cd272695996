"""Benchmark of the scenario engine: 400 accommodations × 120 months (target < 50 ms per simulate).

Run: `.venv/bin/python scripts/bench_scenario.py` (prints the median of repeated runs).
"""

from __future__ import annotations

import datetime as dt
import statistics
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from ankunft.scenario import engine  # noqa: E402
from ankunft.scenario.inputs import default_assumptions, start_state  # noqa: E402
from ankunft.scenario.results import simulate  # noqa: E402
from ankunft.scenario.verdict import verdict  # noqa: E402

STICHTAG = dt.date(2026, 10, 1)
N_ACC = 400
HORIZON = 120
REPEAT = 30


def synthetic_frames(n: int = N_ACC, seed: int = 7) -> tuple[pd.DataFrame, pd.DataFrame]:
    """n accommodations in 18 districts and a residents roster of matching size."""
    rng = np.random.default_rng(seed)
    cap = rng.integers(20, 300, n).astype(float)
    occ = np.floor(cap * rng.uniform(0.4, 1.0, n))
    acc = pd.DataFrame({
        "id": [f"U{i:04d}" for i in range(n)],
        "name": [f"Unterkunft {i}" for i in range(n)],
        "district_id": [f"{d:02d}" for d in rng.integers(1, 19, n)],
        "capacity": cap,
        "occupancy": occ,
        "monthly_cost_per_place": rng.choice([199.0, 200.0, 380.0, 530.0, 850.0], n),
        "lease_end": pd.Timestamp(STICHTAG) + pd.to_timedelta(rng.integers(30, 3000, n), unit="D"),
        "status": "in Betrieb",
    })
    persons = int(occ.sum())
    acc_of = np.repeat(acc["id"].to_numpy(), occ.astype(int))
    hh = np.cumsum(rng.random(persons) < 0.4)
    res = pd.DataFrame({
        "person_id": [f"P{i}" for i in range(persons)],
        "household_id": [f"H{h}" for h in hh],
        "accommodation": acc_of,
        "move_in": pd.Timestamp(STICHTAG) - pd.to_timedelta(rng.integers(1, 1500, persons), unit="D"),
        "birth_year": rng.integers(1950, 2026, persons).astype(float),
        "residence_status": rng.choice(["Asylverfahren", "anerkannt (§ 25 Abs. 2 AufenthG)", "Duldung"], persons),
    })
    return acc, res


def main() -> None:
    acc, res = synthetic_frames()
    t0 = time.perf_counter()
    start = start_state(acc, res, STICHTAG)
    t_start = time.perf_counter() - t0
    a = default_assumptions(start, horizon_months=HORIZON)
    ids = list(start.accommodations["id"])
    a = a.replace(closures={i: ("2028-03" if j % 10 == 0 else None) for j, i in enumerate(ids)})
    core, sim, full, tables = [], [], [], []
    for _ in range(REPEAT):
        t = time.perf_counter()
        engine.run(start, a, "mittel")
        core.append(time.perf_counter() - t)
        t = time.perf_counter()
        r = simulate(start, a, "mittel")
        verdict(r)
        sim.append(time.perf_counter() - t)
        t = time.perf_counter()
        r = simulate(start, a, "mittel")
        r.key_figures()
        full.append(time.perf_counter() - t)
        t = time.perf_counter()
        _ = r.monthly, r.by_accommodation, r.flats, r.costs_by_year
        tables.append(time.perf_counter() - t)
    ms = lambda xs: statistics.median(xs) * 1000  # noqa: E731
    print(f"Startbestand aus {len(res)} Aufenthalten: {t_start * 1000:.1f} ms")
    print(f"engine.run ({N_ACC} Unterkünfte × {HORIZON} Monate): {ms(core):.1f} ms (Median, {REPEAT} Läufe)")
    print(f"simulate + Urteil (ein Lauf): {ms(sim):.1f} ms")
    print(f"simulate + Kennzahlen inkl. Vergleichslauf ohne Schließungen: {ms(full):.1f} ms")
    print(f"Tabellen (monatlich, je Unterkunft, Wohnungen, Jahre): {ms(tables):.1f} ms")
    ok = ms(sim) < 50 and ms(full) < 50
    print("Ziel < 50 ms je simulate:", "erreicht" if ok else "NICHT erreicht")


if __name__ == "__main__":
    main()
