"""Synthetic studies with a planted effect: the truth is known, so an interval can be judged."""

from __future__ import annotations

import random

from firsttouch.studies.analysis import Measurement, PrePost

CONTROL, TREATMENT = "usual care", "massage"
TIMES = ["baseline", "week 4", "week 8", "week 12"]


def pre_post_study(
    rng: random.Random, per_arm: int, effect: float, missing: float = 0.0
) -> list[PrePost]:
    """Baseline ~ N(50, 10); post = 0.6 baseline + 20 + N(0, 6), plus ``effect`` if treated.

    A share ``missing`` of posts is lost, at random."""
    records = []
    for i in range(2 * per_arm):
        arm = TREATMENT if i % 2 else CONTROL
        baseline = rng.gauss(50, 10)
        post = 0.6 * baseline + 20 + rng.gauss(0, 6) + (effect if arm == TREATMENT else 0.0)
        lost = rng.random() < missing
        records.append(PrePost(f"p{i}", arm, baseline, None if lost else post))
    return records


def repeated_study(
    rng: random.Random,
    per_arm: int,
    effect: float,
    times: list[str] = TIMES,
    missing: float = 0.0,
    sd_mother: float = 3.0,
    sd_residual: float = 2.0,
) -> list[Measurement]:
    """EPDS-like scores: 11 + a mother's own level + noise, ``effect`` added in the treated
    arm after the first time point. Each later score is lost with probability ``missing``."""
    records = []
    for i in range(2 * per_arm):
        arm = TREATMENT if i % 2 else CONTROL
        own = rng.gauss(0, sd_mother)
        for order, label in enumerate(times):
            if order and rng.random() < missing:
                continue
            planted = effect if (arm == TREATMENT and order) else 0.0
            score = 11 + own + planted + rng.gauss(0, sd_residual)
            records.append(Measurement(f"m{i}", arm, label, order, score))
    return records
