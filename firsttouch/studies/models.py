"""A randomised study: its arms, its strata and the participants enrolled in it.

The allocation seed is the secret that makes the allocation concealed. It is generated when
the study is created, is not editable (so no form or admin page shows it), is never part of
a schema, page or ``repr``, and is read only by ``studies.services.enrol``. Whoever is given
it after the trial (the statistician, an auditor) can rebuild every allocation with
``studies.randomisation.allocation_list``.

A study is run by an organisation (a research group, a NICU, a clinic): its staff will enrol
and follow the participants, under the families' consent.
"""

from __future__ import annotations

import secrets
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models

SEED_BYTES = 32


def new_allocation_seed() -> bytes:
    """32 random bytes from the operating system's CSPRNG."""
    return secrets.token_bytes(SEED_BYTES)


class Study(models.Model):
    # Nullable only so that the column could be added to a table that may hold rows made in
    # the admin before it existed; the admin and every form require it (blank=False).
    organisation = models.ForeignKey(
        "programs.Organisation", on_delete=models.PROTECT, null=True, related_name="studies"
    )
    title = models.CharField(max_length=200)
    # A trial registry id (ISRCTN..., NCT...), shown in reports; blank until registered.
    registration_id = models.CharField(max_length=60, blank=True)
    target_size = models.PositiveIntegerField()
    # [{"name": "parity", "levels": ["first baby", "not first"]}, ...]: each participant's
    # stratum is one level of each factor. Empty: a single stratum.
    stratification_factors = models.JSONField(default=list, blank=True)
    # Block sizes as multiples of the arms' ratio sum (see randomisation.allocation_list).
    block_multiples = models.JSONField(default=list, blank=True)
    allocation_seed = models.BinaryField(
        max_length=SEED_BYTES, default=new_allocation_seed, editable=False
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name_plural = "studies"

    def __str__(self) -> str:
        return self.title

    def __repr__(self) -> str:
        # Spelled out so that no default representation ever prints the seed.
        return f"<Study {self.pk}: {self.title}>"

    def clean(self) -> None:
        factors = self.stratification_factors
        problem = _factors_problem(factors)
        if problem:
            raise ValidationError({"stratification_factors": problem})
        multiples = self.block_multiples
        if not isinstance(multiples, list) or not all(
            isinstance(m, int) and m >= 1 for m in multiples
        ):
            raise ValidationError(
                {"block_multiples": "Give block sizes as whole multiples, e.g. [1, 2, 3]."}
            )


def _factors_problem(factors: Any) -> str:
    """A sentence saying what is wrong with a stratification factor list, or ''."""
    example = 'e.g. [{"name": "parity", "levels": ["first baby", "not first"]}]'
    if not isinstance(factors, list):
        return f"List the stratification factors, {example}."
    names: set[str] = set()
    for factor in factors:
        if (
            not isinstance(factor, dict)
            or set(factor) != {"name", "levels"}
            or not isinstance(factor["name"], str)
            or not factor["name"].strip()
            or not isinstance(factor["levels"], list)
            or len(factor["levels"]) < 2
            or not all(isinstance(level, str) and level.strip() for level in factor["levels"])
            or len(set(factor["levels"])) != len(factor["levels"])
        ):
            return f"Each factor needs a name and two or more different levels, {example}."
        if factor["name"] in names:
            return f"The factor {factor['name']!r} is listed twice."
        names.add(factor["name"])
    return ""


class Arm(models.Model):
    study = models.ForeignKey(Study, on_delete=models.CASCADE, related_name="arms")
    name = models.CharField(max_length=80)
    intervention = models.TextField(blank=True)
    # Allocation ratio: 2 against 1 puts two participants in this arm for each in the other.
    ratio = models.PositiveSmallIntegerField(default=1)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["study", "name"], name="studies_arm_unique_name"),
            models.CheckConstraint(condition=models.Q(ratio__gte=1), name="studies_arm_ratio"),
        ]

    def __str__(self) -> str:
        return self.name


class Participant(models.Model):
    """One randomised participant: allocated once, at enrolment, and never re-allocated.

    ``slot`` is the position in the stratum's allocation list; the unique constraint on
    (study, stratum, slot) is what stops two concurrent enrolments taking the same one.
    A withdrawn participant stays (intention to treat); ``withdrawal_keeps_data`` says whether
    she allowed the data collected so far to be analysed.
    """

    study = models.ForeignKey(Study, on_delete=models.PROTECT, related_name="participants")
    code = models.CharField(max_length=40)
    stratum = models.CharField(max_length=400)
    arm = models.ForeignKey(Arm, on_delete=models.PROTECT, related_name="participants")
    slot = models.PositiveIntegerField()
    enrolled_at = models.DateTimeField(auto_now_add=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawal_keeps_data = models.BooleanField(default=True)

    class Meta:
        ordering = ["study", "stratum", "slot"]
        constraints = [
            models.UniqueConstraint(
                fields=["study", "stratum", "slot"], name="studies_participant_one_per_slot"
            ),
            models.UniqueConstraint(fields=["study", "code"], name="studies_participant_code"),
        ]

    def __str__(self) -> str:
        return self.code
