"""Do the insights' "clear" findings hold their 5 %? Simulated logs through the app's own method.

Each simulated log is a baby's daily series (night sleep, night wakings, crying, and the two
context measures) with massage days, handed to ``firsttouch.insights.stats.compare_days``:
the function the insights page, the API and the PDF call after reading the database. Null
scenarios plant no effect, so every "clear" is false; the power scenario plants +60 minutes
of night sleep on massage days.

    .venv/bin/python bench/insights_null.py                 # 2,000 logs per scenario, 2 processes
    .venv/bin/python bench/insights_null.py --logs 200 --processes 1

Prints, per scenario, the share of logs with a "clear" primary (night sleep), with any
"clear" sentence at all, and their Monte Carlo standard errors (sqrt(p(1-p)/logs)).
A log whose random massage days give fewer than 7 of either group is drawn again (the app
would only say "not enough data yet", which cannot be a false claim).
"""

from __future__ import annotations

import argparse
import math
import random
import sys
import time
from collections.abc import Callable
from multiprocessing import Pool
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from firsttouch.insights.stats import (
    MEASURES,
    MIN_DAYS,
    PRIMARY,
    compare_days,
)

SD_NIGHT = 45.0  # minutes
SD_CRYING = 30.0
ROLES = {m.key: m.role for m in MEASURES}


def _noise(rng: random.Random, n: int, phi: float) -> list[float]:
    """Standard normal AR(1) series with autocorrelation ``phi`` (stationary from day 0)."""
    out = [rng.gauss(0, 1)]
    innovation = math.sqrt(1 - phi * phi)
    for _ in range(n - 1):
        out.append(phi * out[-1] + innovation * rng.gauss(0, 1))
    return out


def _exact_split(rng: random.Random, n_with: int, n_without: int) -> list[bool]:
    days = [True] * n_with + [False] * n_without
    rng.shuffle(days)
    return days


def _streaky(rng: random.Random, n: int, stay: float = 0.8) -> list[bool]:
    """Massage days in streaks: each day repeats the day before with probability ``stay``."""
    days = [rng.random() < 0.5]
    for _ in range(n - 1):
        days.append(days[-1] if rng.random() < stay else not days[-1])
    return days


def _rising(rng: random.Random, n: int) -> list[bool]:
    """Uptake rising from 10 % to 90 % of days over the log."""
    return [rng.random() < 0.1 + 0.8 * i / (n - 1) for i in range(n)]


def _log(
    rng: random.Random,
    massage: list[bool],
    *,
    phi: float = 0.0,
    slope_per_day: float = 0.0,
    effect: float = 0.0,
) -> list[list[float]]:
    """The five measures, in MEASURES order, for the given massage days."""
    n = len(massage)
    night_noise, cry_noise, wake_noise = (
        _noise(rng, n, phi),
        _noise(rng, n, phi),
        _noise(rng, n, phi),
    )
    night = [
        600 + slope_per_day * i + SD_NIGHT * e + (effect if m else 0.0)
        for i, (e, m) in enumerate(zip(night_noise, massage, strict=True))
    ]
    crying = [max(0.0, 90 - slope_per_day * i / 2 + SD_CRYING * e) for i, e in enumerate(cry_noise)]
    wakings = [
        float(max(0, round(2 - slope_per_day * i / 60 + 1.2 * e))) for i, e in enumerate(wake_noise)
    ]
    total = [v + 180 + rng.gauss(0, 30) for v in night]
    longest = [v * 0.45 + rng.gauss(0, 25) for v in night]
    series = {
        "total_sleep": total,
        "night_sleep": night,
        "longest_stretch": longest,
        "night_wakings": wakings,
        "crying": crying,
    }
    return [series[m.key] for m in MEASURES]


Scenario = Callable[[random.Random], tuple[list[bool], dict[str, float]]]


def _until_enough(
    draw: Callable[[random.Random], list[bool]],
) -> Callable[[random.Random], list[bool]]:
    def again(rng: random.Random) -> list[bool]:
        while True:
            days = draw(rng)
            if MIN_DAYS <= sum(days) <= len(days) - MIN_DAYS:
                return days

    return again


SCENARIOS: dict[str, tuple[Callable[[random.Random], list[bool]], dict[str, float]]] = {
    "iid 7/7": (lambda r: _exact_split(r, 7, 7), {}),
    "iid 10/10": (lambda r: _exact_split(r, 10, 10), {}),
    "iid 20/20": (lambda r: _exact_split(r, 20, 20), {}),
    "iid 7/33": (lambda r: _exact_split(r, 7, 33), {}),
    "AR(1) phi 0.5, streaky massage, 28 days": (
        _until_enough(lambda r: _streaky(r, 28)),
        {"phi": 0.5},
    ),
    "AR(1) phi 0.5, streaky massage, 84 days": (
        _until_enough(lambda r: _streaky(r, 84)),
        {"phi": 0.5},
    ),
    "age trend (+3 min/day), rising uptake, 28 days": (
        _until_enough(lambda r: _rising(r, 28)),
        {"slope_per_day": 3.0},
    ),
    "age trend + AR(1) 0.5 + rising uptake, 56 days": (
        _until_enough(lambda r: _rising(r, 56)),
        {"slope_per_day": 3.0, "phi": 0.5},
    ),
    "POWER: +60 min night sleep (SD 45), iid 14/14": (
        lambda r: _exact_split(r, 14, 14),
        {"effect": 60.0},
    ),
}


def run(job: tuple[str, int, int]) -> tuple[str, int, int, int]:
    """``logs`` simulated logs of one scenario: (name, logs, clear primary, any clear)."""
    name, logs, seed = job
    draw, options = SCENARIOS[name]
    rng = random.Random(seed)
    primary_clear = any_clear = 0
    for _ in range(logs):
        massage = draw(rng)
        values = _log(rng, massage, **options)
        result = compare_days(MEASURES, list(range(len(massage))), massage, values, name="Baby")
        primary_clear += any(c.clear for c in result if c.role == PRIMARY)
        any_clear += any(c.clear for c in result)
    return name, logs, primary_clear, any_clear


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--logs", type=int, default=2000, help="simulated logs per scenario")
    parser.add_argument("--processes", type=int, default=2)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--only", default="", help="only scenarios whose name contains this")
    args = parser.parse_args()
    names = [name for name in SCENARIOS if args.only in name]
    chunks = 8
    jobs = [
        (
            name,
            args.logs // chunks + (1 if k < args.logs % chunks else 0),
            args.seed * 1000 + s * chunks + k,
        )
        for s, name in enumerate(SCENARIOS)
        if name in names
        for k in range(chunks)
    ]
    started = time.perf_counter()
    totals: dict[str, list[int]] = {name: [0, 0, 0] for name in names}
    with Pool(args.processes) as pool:
        for name, logs, primary, anything in pool.imap_unordered(run, jobs):
            totals[name][0] += logs
            totals[name][1] += primary
            totals[name][2] += anything
    print("| scenario | logs | clear primary (night sleep) | any clear sentence |")
    print("|---|---|---|---|")
    for name, (logs, primary, anything) in totals.items():
        cells = []
        for count in (primary, anything):
            p = count / logs
            cells.append(f"{100 * p:.1f} % ± {100 * math.sqrt(p * (1 - p) / logs):.1f}")
        print(f"| {name} | {logs} | {cells[0]} | {cells[1]} |")
    print(f"\n{time.perf_counter() - started:.0f} s with {args.processes} process(es)")


if __name__ == "__main__":
    main()
