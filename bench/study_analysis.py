"""Time a study's analysis at full size (issue 11: 10,000 participants x 5 time points, < 5 s).

Builds a synthetic two-arm study in memory (a random intercept per mother, a planted effect
after baseline, about 5 % of later scores missing), then times
``studies.analysis.repeated_measures`` (the linear mixed model) and ``studies.analysis.pre_post``
(t-test and ANCOVA on the first and last time points). Prints the median wall and CPU time of
the runs and the machine's load average, since this machine is shared. The first run pays
for importing statsmodels, scipy and pandas; it is shown apart and left out of the median.

    .venv/bin/python bench/study_analysis.py [--participants 10000] [--times 5] [--runs 3]
    .venv/bin/python bench/study_analysis.py --statsmodels-default   # also: MixedLM unaided

``--statsmodels-default`` also fits the same model with statsmodels' own starting values
(what the app did before it computed a REML starting point), for comparison.

A measurement, never a test; the figures go in bench/README.md.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from firsttouch.studies.analysis import Measurement, PrePost, pre_post, repeated_measures

CONTROL, TREATMENT = "usual care", "massage"


def build(participants: int, times: int) -> tuple[list[Measurement], list[PrePost]]:
    rng = random.Random(11)
    measurements: list[Measurement] = []
    pairs: list[PrePost] = []
    for i in range(participants):
        arm = TREATMENT if i % 2 else CONTROL
        own = rng.gauss(0, 3)
        scores: list[float | None] = []
        for t in range(times):
            if t and rng.random() < 0.05:
                scores.append(None)
                continue
            score = 11 + own + (-1.5 if arm == TREATMENT and t else 0.0) + rng.gauss(0, 2)
            scores.append(score)
            measurements.append(Measurement(f"p{i}", arm, f"week {4 * t}", t, score))
        pairs.append(PrePost(f"p{i}", arm, scores[0], scores[-1]))
    return measurements, pairs


def timed(action: Callable[[], object]) -> tuple[float, float]:
    wall, cpu = time.perf_counter(), time.process_time()
    action()
    return time.perf_counter() - wall, time.process_time() - cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--participants", type=int, default=10_000)
    parser.add_argument("--times", type=int, default=5)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--statsmodels-default", action="store_true")
    args = parser.parse_args()

    measurements, pairs = build(args.participants, args.times)
    print(
        f"{args.participants} participants x {args.times} time points: "
        f"{len(measurements)} scores; load average {os.getloadavg()[0]:.1f}"
    )
    cases: list[tuple[str, Callable[[], object]]] = [
        ("pre_post (t-test + ANCOVA)", lambda: pre_post(pairs, CONTROL, TREATMENT)),
        ("repeated_measures (MixedLM)", lambda: repeated_measures(measurements, CONTROL)),
    ]
    first_wall, _ = timed(lambda: pre_post(pairs[:50], CONTROL, TREATMENT))
    print(f"  first call (imports statsmodels, scipy, pandas): {first_wall:.2f} s")
    for name, action in cases:
        runs = [timed(action) for _ in range(args.runs)]
        walls = [w for w, _ in runs]
        cpus = [c for _, c in runs]
        print(
            f"  {name}: median {statistics.median(walls):.2f} s wall, "
            f"{statistics.median(cpus):.2f} s CPU (runs: {', '.join(f'{w:.2f}' for w in walls)})"
        )
    result = repeated_measures(measurements, CONTROL)
    print(f"  converged: {result.converged}; warnings: {list(result.warnings) or 'none'}")
    print(f"  load average after: {os.getloadavg()[0]:.1f}")

    if args.statsmodels_default:
        import pandas as pd
        from statsmodels.regression.mixed_linear_model import MixedLM

        from firsttouch.studies.analysis import _design

        _, _, names, rows = _design(measurements, CONTROL)
        exog = pd.DataFrame(rows, columns=names)
        endog = [m.score for m in measurements]
        groups = [m.participant for m in measurements]
        wall, cpu = timed(lambda: MixedLM(endog, exog, groups=groups).fit(reml=True))
        print(f"  MixedLM with statsmodels' own start: {wall:.2f} s wall, {cpu:.2f} s CPU")


if __name__ == "__main__":
    main()
