"""Enrolment: the one place where a study's secret seed becomes an allocation.

Concealment rests on this module: the allocation of a slot is computed only inside
``enrol``, in the transaction that stores it, so no page, route or helper can show staff the
next arm before a participant is committed to the study. There is deliberately no
"preview" or "next allocation" function, and the tests check that none appears.
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from .models import Participant, Study
from .randomisation import DEFAULT_BLOCK_MULTIPLES, allocation_at, block_unit

# How many taken slots one enrolment may meet before it gives up: each collision means another
# enrolment in the same stratum committed meanwhile, so this is far above any real burst.
MAX_SLOT_ATTEMPTS = 64
CODE_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"  # no 0/O, 1/I: read aloud and copied by hand


def stratum_key(study: Study, stratum_values: Mapping[str, str]) -> str:
    """The canonical key of a stratum: each factor's level, in the study's factor order.

    JSON keeps the key unambiguous whatever the levels contain. A value that is not one of the
    factor's levels is refused, so a typo can never open a new stratum.
    """
    factors = study.stratification_factors
    names = [factor["name"] for factor in factors]
    missing = [name for name in names if name not in stratum_values]
    unknown = sorted(set(stratum_values) - set(names))
    if missing or unknown:
        parts = []
        if missing:
            parts.append(f"give {', '.join(missing)}")
        if unknown:
            parts.append(f"leave out {', '.join(unknown)} (not a factor of this study)")
        raise ValidationError(f"To enrol in this study, {' and '.join(parts)}.")
    pairs = []
    for factor in factors:
        value = stratum_values[factor["name"]]
        if value not in factor["levels"]:
            levels = ", ".join(factor["levels"])
            raise ValidationError(f"{factor['name']} must be one of: {levels}.")
        pairs.append([factor["name"], value])
    return json.dumps(pairs, ensure_ascii=False, separators=(",", ":"))


def new_participant_code() -> str:
    """A random code (40 bits): it says nothing about the order or the arm of enrolment."""
    return "P-" + "".join(secrets.choice(CODE_ALPHABET) for _ in range(8))


def enrol(study: Study, stratum_values: Mapping[str, str], code: str = "") -> Participant:
    """Randomise one participant: take the next slot of her stratum and store its allocation.

    The next slot is one past the highest taken in the stratum. If a concurrent enrolment
    commits that slot first, the unique constraint refuses the insert and the next slot is
    tried, so two participants never share a slot or an allocation. On SQLite the writers are
    serialised anyway (``BEGIN IMMEDIATE``); on PostgreSQL the retry is what makes it safe.
    """
    stratum = stratum_key(study, stratum_values)
    arms = list(study.arms.order_by("name"))
    if len(arms) < 2:
        raise ValidationError("Add at least two arms to the study before enrolling anyone.")
    by_name = {arm.name: arm for arm in arms}
    ratios = {arm.name: arm.ratio for arm in arms}
    multiples = study.block_multiples or list(DEFAULT_BLOCK_MULTIPLES)
    sizes = [block_unit(list(ratios.values())) * m for m in multiples]
    code = code.strip() or new_participant_code()
    with transaction.atomic():
        seed = bytes(Study.objects.values_list("allocation_seed", flat=True).get(pk=study.pk))
        if Participant.objects.filter(study=study, code=code).exists():
            raise ValidationError(f"The code {code} is already used in this study.")
        slot = _next_slot(study, stratum)
        for _ in range(MAX_SLOT_ATTEMPTS):
            arm = by_name[allocation_at(seed, stratum, ratios, slot, sizes)]
            try:
                with transaction.atomic():
                    return Participant.objects.create(
                        study=study, code=code, stratum=stratum, arm=arm, slot=slot
                    )
            except IntegrityError:
                if Participant.objects.filter(study=study, code=code).exists():
                    raise ValidationError(
                        f"The code {code} is already used in this study."
                    ) from None
                slot += 1
    raise IntegrityError(f"No free slot after {MAX_SLOT_ATTEMPTS} tries in stratum {stratum}.")


def _next_slot(study: Study, stratum: str) -> int:
    """One past the highest slot taken in the stratum (a slot is never reused)."""
    highest = Participant.objects.filter(study=study, stratum=stratum).aggregate(
        highest=Max("slot")
    )["highest"]
    return 0 if highest is None else highest + 1


def withdraw(participant: Participant, keeps_data: bool) -> Participant:
    """Record a withdrawal: she stays randomised (intention to treat), and her choice about
    the data collected so far decides whether the analyses may use it."""
    if participant.withdrawn_at is not None:
        raise ValidationError(f"{participant.code} has already withdrawn.")
    participant.withdrawn_at = timezone.now()
    participant.withdrawal_keeps_data = keeps_data
    participant.save(update_fields=["withdrawn_at", "withdrawal_keeps_data"])
    return participant
