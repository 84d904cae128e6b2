"""Enrolment: the one place where a study's secret seed becomes an allocation.

Concealment rests on this module: the allocation of a slot is computed only inside
``enrol``, in the transaction that stores it, so no page, route or helper can show staff the
next arm before a participant is committed to the study. There is deliberately no
"preview" or "next allocation" function, and the tests check that none appears.
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext

from .models import LOCKED_FIELDS, Participant, Study, StudyInvitation, StudyStatus
from .randomisation import DEFAULT_BLOCK_MULTIPLES, allocation_at, block_unit

if TYPE_CHECKING:
    from firsttouch.accounts.models import User

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
        raise ValidationError(
            gettext("Add at least two arms to the study before enrolling anyone.")
        )
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


def withdraw(participant: Participant, keeps_data: bool, reason: str = "") -> Participant:
    """Record a withdrawal: she stays randomised (intention to treat), and her choice about
    the data collected so far decides whether the analyses may use it."""
    if participant.withdrawn_at is not None:
        raise ValidationError(f"{participant.code} has already withdrawn.")
    participant.withdrawn_at = timezone.now()
    participant.withdrawal_keeps_data = keeps_data
    participant.withdrawal_reason = reason.strip()[:300]
    participant.save(update_fields=["withdrawn_at", "withdrawal_keeps_data", "withdrawal_reason"])
    return participant


# --- The protocol's life: draft, recruiting, closed -------------------------------------


def change_protocol(study: Study, **fields: Any) -> Study:
    """Change protocol fields of a draft; once recruiting, arms, strata, schedule, eligibility
    and consent are locked (``Study.clean`` refuses, and the admin shows them read-only)."""
    locked = set(fields) & {*LOCKED_FIELDS, "arms"}
    if locked and not study.is_draft:
        raise ValidationError(
            f"{', '.join(sorted(locked))} cannot change once recruitment has opened: the "
            "allocation and what participants agreed to depend on them."
        )
    for name, value in fields.items():
        setattr(study, name, value)
    study.full_clean()
    study.save()
    return study


def open_recruitment(study: Study) -> Study:
    """Draft to recruiting: the protocol must be complete, and from now on it is locked."""
    if not study.is_draft:
        raise ValidationError(gettext("Only a draft study can open recruitment."))
    if study.arms.count() < 2:
        raise ValidationError(gettext("Add at least two arms before opening recruitment."))
    study.status = StudyStatus.RECRUITING
    try:
        study.full_clean()
    except ValidationError:
        study.status = StudyStatus.DRAFT  # the object the caller holds stays a draft too
        raise
    study.save(update_fields=["status"])
    return study


def close_recruitment(study: Study) -> Study:
    """Recruiting to closed: no more enrolment; follow-up and reminders go on."""
    if study.status != StudyStatus.RECRUITING:
        raise ValidationError(gettext("Only a recruiting study can be closed."))
    study.status = StudyStatus.CLOSED
    study.save(update_fields=["status"])
    return study


# --- Eligibility, invitation and consent ----------------------------------------------


@dataclass(frozen=True)
class Screening:
    """Whether she is eligible and, if not, which answers do not fit (as sentences)."""

    eligible: bool
    reasons: tuple[str, ...] = ()


def screen(study: Study, answers: Sequence[bool | None]) -> Screening:
    """Check her yes/no answers against each question's eligible answer, in order.

    An unanswered question is a reason too: eligibility must be known, never assumed.
    """
    questions = study.eligibility
    given = list(answers) + [None] * (len(questions) - len(answers))
    reasons = []
    for question, answer in zip(questions, given, strict=False):
        if answer is None:
            reasons.append(f"Not answered: {question['question']}")
        elif answer != question["eligible_answer"]:
            reasons.append(f"{question['question']} ({'yes' if answer else 'no'})")
    return Screening(eligible=not reasons, reasons=tuple(reasons))


def shares_with(caregiver: User, study: Study) -> bool:
    """She consents to share something with the study's organisation (her own consent)."""
    from firsttouch.programs.consent import consented_categories

    organisation = study.organisation
    return organisation is not None and bool(consented_categories(organisation, caregiver))


def invite(
    study: Study, caregiver: User, stratum_values: Mapping[str, str], invited_by: User
) -> StudyInvitation:
    """Invite a caregiver who shares with the organisation; she decides on her own page."""
    if study.status != StudyStatus.RECRUITING:
        raise ValidationError(gettext("This study is not recruiting."))
    if not shares_with(caregiver, study):
        raise ValidationError(
            gettext(
                "Nobody with that address shares with this organisation. Ask her to join with "
                "the organisation's code first."
            )
        )
    stratum_key(study, stratum_values)  # refuse a wrong level now, not when she agrees
    if Participant.objects.filter(study=study, caregiver=caregiver).exists():
        raise ValidationError(gettext("She is already enrolled in this study."))
    if StudyInvitation.objects.filter(study=study, caregiver=caregiver, closed_at=None).exists():
        raise ValidationError(gettext("She already has an open invitation to this study."))
    invitation = StudyInvitation.objects.create(
        study=study, caregiver=caregiver, stratum_values=dict(stratum_values), invited_by=invited_by
    )
    _tell_her(invitation)
    return invitation


def _tell_her(invitation: StudyInvitation) -> None:
    """E-mail her that an invitation waits (after commit): the study's name and a link only,
    since taking part is decided on her page, where she reads the consent text."""
    from django.conf import settings
    from django.core.mail import send_mail
    from django.urls import reverse

    study, caregiver = invitation.study, invitation.caregiver
    if not caregiver.email:
        return
    organisation = study.organisation.name if study.organisation else "An organisation"
    body = (
        f"Hello {caregiver.first_name or 'there'},\n\n{organisation} invites you to take part "
        f"in the study {study.title}. Read about it and decide on your studies page:\n"
        f"{settings.SITE_URL}{reverse('studies:studies')}\n\n"
        "Taking part is your choice; saying no changes nothing else.\n"
    )
    transaction.on_commit(
        lambda: send_mail(
            f"[firsttouch] Invitation to a study: {study.title}", body, None, [caregiver.email]
        )
    )


def open_invitations(caregiver: User) -> list[StudyInvitation]:
    return list(
        StudyInvitation.objects.filter(caregiver=caregiver, closed_at=None)
        .select_related("study", "study__organisation")
        .order_by("created_at", "pk")
    )


def decline(invitation: StudyInvitation) -> None:
    if invitation.closed_at is None:
        invitation.closed_at = timezone.now()
        invitation.outcome = "declined"
        invitation.save(update_fields=["closed_at", "outcome"])


def enrol_caregiver(
    study: Study,
    caregiver: User,
    answers: Sequence[bool | None],
    stratum_values: Mapping[str, str],
    agreed_to_text_version: str,
) -> Participant:
    """Enrol her on her own agreement: every check first, then the allocation, in one
    transaction with the stored consent (so a refused enrolment leaves no slot taken).

    Refused (``ValidationError``, a sentence for her) when the study is not recruiting, she is
    not eligible, she does not share with the organisation, she is already enrolled, the
    target is reached, or the consent she read is not the version in force.
    """
    try:
        return _enrol_caregiver(study, caregiver, answers, stratum_values, agreed_to_text_version)
    except _NotEligible:
        # Her screening is part of the trial's record (CONSORT: assessed, not eligible), so
        # the invitation closes with that outcome; staff may invite her again if she
        # answered by mistake.
        StudyInvitation.objects.filter(study=study, caregiver=caregiver, closed_at=None).update(
            closed_at=timezone.now(), outcome=INELIGIBLE
        )
        raise


class _NotEligible(ValidationError):
    """Her answers do not fit: refused like any other check, but recorded as screened."""


INELIGIBLE = "ineligible"


def _enrol_caregiver(
    study: Study,
    caregiver: User,
    answers: Sequence[bool | None],
    stratum_values: Mapping[str, str],
    agreed_to_text_version: str,
) -> Participant:
    with transaction.atomic():
        study = Study.objects.select_for_update().get(pk=study.pk)
        if study.status != StudyStatus.RECRUITING:
            raise ValidationError(gettext("This study is not recruiting at the moment."))
        if agreed_to_text_version != study.consent_version:
            raise ValidationError(
                gettext(
                    "The study's consent text has changed since you opened this page. "
                    "Read it again before agreeing."
                )
            )
        screening = screen(study, answers)
        if not screening.eligible:
            # An unanswered question is not a screening yet: she can still answer it.
            refusal = (
                _NotEligible if None not in answers[: len(study.eligibility)] else ValidationError
            )
            raise refusal(
                "Thank you. From your answers, this study is not for you: "
                + "; ".join(screening.reasons)
            )
        if not shares_with(caregiver, study):
            raise ValidationError(
                gettext("To take part, first share with the organisation on your sharing page.")
            )
        if Participant.objects.filter(study=study, caregiver=caregiver).exists():
            raise ValidationError(gettext("You are already taking part in this study."))
        if study.participants.count() >= study.target_size:
            raise ValidationError(
                gettext("This study has all the participants it needs. Thank you.")
            )
        participant = enrol(study, stratum_values)
        membership = getattr(caregiver, "membership", None)
        participant.caregiver = caregiver
        participant.family_id = membership.family_id if membership else None
        participant.eligibility_answers = list(answers)
        participant.consented_at = timezone.now()
        participant.consent_text = study.consent_text
        participant.consent_version = study.consent_version
        participant.save()
        StudyInvitation.objects.filter(study=study, caregiver=caregiver, closed_at=None).update(
            closed_at=participant.consented_at, outcome="enrolled"
        )
        return participant
