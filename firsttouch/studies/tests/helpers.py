"""A study to enrol in: two arms and one stratification factor unless told otherwise."""

from __future__ import annotations

from collections.abc import Mapping

from firsttouch.studies.models import Arm, Study

PARITY = {"name": "parity", "levels": ["first baby", "not first"]}


def make_study(
    arms: Mapping[str, int] | None = None,
    factors: list[dict[str, object]] | None = None,
    block_multiples: list[int] | None = None,
) -> Study:
    study = Study.objects.create(
        title="Massage and attachment",
        target_size=100,
        stratification_factors=[PARITY] if factors is None else factors,
        block_multiples=block_multiples or [],
    )
    for name, ratio in (arms or {"massage": 1, "usual care": 1}).items():
        Arm.objects.create(study=study, name=name, ratio=ratio, intervention=f"{name} daily")
    return study
