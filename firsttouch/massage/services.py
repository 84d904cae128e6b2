"""Massage rules, kept apart from HTTP: which routines suit a baby now, whether massage is safe
today, and the life of a guided session (start, finish, stop early)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from firsttouch.babies.services import PRETERM_BEFORE_WEEKS, describe_days, is_preterm
from firsttouch.core.warnings import SafetyWarning

from .content import (
    Routine,
    SafetyQuestion,
    SourcedText,
    Step,
    describe_weeks,
    library,
    region_label,
)
from .models import MassageSession, Tool

if TYPE_CHECKING:
    from firsttouch.accounts.models import User
    from firsttouch.babies.models import Baby

BEDTIME_ROUTINE = "bedtime-wind-down"
# The bedtime routine comes first within this many minutes before the usual bedtime.
BEDTIME_WINDOW_MINUTES = 90
REASON_MAX = 200
# A guided session left running longer than this is offered to log, not to resume: after a
# few hours the baby's state has moved on and the steps are better started afresh.
RESUME_LIMIT = timedelta(hours=2)

# An answer is yes/no; the "which areas?" question may instead be answered with region ids.
Answer = bool | Sequence[str]


def local_now(baby: Baby, now: datetime | None = None) -> datetime:
    """``now`` on the family's wall clock: bedtimes are local times."""
    return (now or timezone.now()).astimezone(ZoneInfo(baby.family.time_zone))


def is_near_bedtime(baby: Baby, now: datetime | None = None) -> bool:
    """True from 90 minutes before the baby's usual bedtime up to the bedtime itself.

    Compared on the wall clock in minutes of the day, so a bedtime just after midnight still
    works from the evening before.
    """
    if baby.usual_bedtime is None:
        return False
    here = local_now(baby, now)
    bed = baby.usual_bedtime.hour * 60 + baby.usual_bedtime.minute
    minutes_until = (bed - (here.hour * 60 + here.minute)) % (24 * 60)
    return minutes_until <= BEDTIME_WINDOW_MINUTES


def suits_age(routine: Routine, baby: Baby, now: datetime | None = None) -> bool:
    return age_fit(routine, baby, now).fits


@dataclass(frozen=True)
class AgeFit:
    """Whether a routine suits a baby's corrected age now, and if not, why in plain words."""

    fits: bool
    too_young: bool = False
    message: str = ""


def age_fit(routine: Routine, baby: Baby, now: datetime | None = None) -> AgeFit:
    """The routine's age range against the baby's age to plan by (corrected when born early).

    The message names when the routine fits and the baby's age, e.g. "Bedtime wind-down fits
    from 2 weeks; Ava is 1 week old (corrected)."
    """
    age = baby.age(local_now(baby, now).date())
    days = age.days
    if routine.min_age_weeks * 7 <= days < (routine.max_age_weeks + 1) * 7:
        return AgeFit(True)
    corrected = _(" (corrected)") if age.is_corrected else ""
    now_age = describe_age(days)
    if days < routine.min_age_weeks * 7:
        return AgeFit(
            False,
            too_young=True,
            message=_("%(routine)s fits from %(from)s; %(baby)s is %(age)s%(corrected)s.")
            % {
                "routine": routine.title,
                "from": describe_weeks(routine.min_age_weeks),
                "baby": baby.name,
                "age": now_age,
                "corrected": corrected,
            },
        )
    return AgeFit(
        False,
        message=_("%(routine)s fits up to %(to)s; %(baby)s is %(age)s%(corrected)s.")
        % {
            "routine": routine.title,
            "to": describe_weeks(routine.max_age_weeks),
            "baby": baby.name,
            "age": now_age,
            "corrected": corrected,
        },
    )


def describe_age(days: int) -> str:
    """An age in words for a sentence ("1 week old", "3 months old", "2 weeks before due date")."""
    if days < 0:
        return describe_days(days)
    if days < 7:
        return ngettext("%(n)d day old", "%(n)d days old", days) % {"n": days}
    if days < 7 * 13:
        weeks = days // 7
        return ngettext("%(n)d week old", "%(n)d weeks old", weeks) % {"n": weeks}
    months = int(days / 30.4375)
    return ngettext("%(n)d month old", "%(n)d months old", months) % {"n": months}


def suggest_routines(
    baby: Baby, goal: str | None = None, now: datetime | None = None
) -> list[Routine]:
    """Routines for this baby's corrected age (and goal), bedtime routine first near bedtime.

    Routines that need the NICU team's approval are only offered for babies born early.
    """
    found = [
        r
        for r in library().routines
        if suits_age(r, baby, now)
        and (goal is None or goal in r.purposes)
        and (not r.needs_team_approval or is_preterm(baby.gestational_weeks))
    ]
    if is_near_bedtime(baby, now):
        found.sort(key=lambda r: r.slug != BEDTIME_ROUTINE)
    return found


def not_for_this_baby(routine: Routine, baby: Baby) -> str | None:
    """Why ``routine`` cannot be started for ``baby`` whatever the answers, or None.

    The preterm routine is for babies born before 37 weeks. A baby with no weeks of pregnancy
    recorded was not entered as born early (the baby form asks for the weeks exactly when
    "born early" is ticked), so they count as born at term: ticking "team approved" cannot
    open the routine for them.
    """
    if routine.needs_team_approval and not is_preterm(baby.gestational_weeks):
        return _(
            "This routine is only for babies born before %(weeks)s weeks, and %(name)s is "
            "recorded as born at term. If %(name)s was born early, add the weeks of pregnancy "
            "at birth on their page first. The other routines suit %(name)s."
        ) % {"weeks": PRETERM_BEFORE_WEEKS, "name": baby.name}
    return None


@dataclass(frozen=True)
class SafetyResult:
    allowed: bool
    reasons: list[str] = field(default_factory=list)
    skipped_regions: list[str] = field(default_factory=list)
    steps: list[Step] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    # Urgent guidance for an answer (a fever): shown as an alert beside the reasons.
    urgent: list[SourcedText] = field(default_factory=list)

    @property
    def skipped_labels(self) -> list[str]:
        return [region_label(r) for r in self.skipped_regions]


def clear_answers(routine: Routine) -> dict[str, Answer]:
    """The answers under which nothing stops or shortens a session (handy for tests)."""
    return {q.id: not q.triggers_on for q in library().safety_for(routine)}


def remaining_steps(routine: Routine, skipped_regions: Iterable[str]) -> list[Step]:
    """The routine without the skipped regions; "whole_body" skipped means every step."""
    skipped = set(skipped_regions)
    if "whole_body" in skipped:
        return []
    return [s for s in routine.steps if s.region not in skipped]


def _triggered(question: SafetyQuestion, answer: Answer) -> tuple[bool, list[str]]:
    """Whether the worrying answer was given, and for "which areas" questions, the areas."""
    if question.action == "choose_regions" and not isinstance(answer, bool):
        regions = [str(r) for r in answer]
        return bool(regions), regions
    return bool(answer) == question.triggers_on, []


def evaluate_safety(routine: Routine, answers: Mapping[str, Answer]) -> SafetyResult:
    """Apply the safety questions (content/safety.toml) to one routine.

    A question left unanswered stops the session: when unsure, we do not massage. Skipping
    regions that leave no region-specific step (only resting hands) also stops it.
    """
    reasons: list[str] = []
    sources: list[str] = []
    urgent: list[SourcedText] = []
    refused = False
    skipped: set[str] = set()
    for question in library().safety_for(routine):
        if question.id not in answers:
            refused = True
            reasons.append(
                _("Please answer this question first: %(question)s")
                % {"question": question.question}
            )
            continue
        triggered, chosen = _triggered(question, answers[question.id])
        if not triggered:
            continue
        if question.action == "refuse":
            refused = True
        elif question.action == "choose_regions" and not chosen:
            refused = True
            reasons.append(
                _("Choose the areas to leave out: %(question)s") % {"question": question.question}
            )
            continue
        regions = set(question.regions) | set(chosen)
        if question.action != "refuse" and not regions & (set(routine.regions) | {"whole_body"}):
            continue  # this routine does not touch those areas: nothing to say
        skipped |= regions
        reasons.append(question.reason)
        sources.append(question.source)
        if question.urgent is not None:
            urgent.append(question.urgent)
    steps = remaining_steps(routine, skipped)
    skipped_regions = [r for r in [*routine.regions, "whole_body"] if r in skipped]
    skipped_regions = list(dict.fromkeys(skipped_regions))
    if not refused and skipped and not any(s.region != "whole_body" for s in steps):
        refused = True
        reasons.append(
            _(
                "With those areas left out there is nothing left of this routine. "
                "Try another routine, or simply rest your hands on your baby today."
            )
        )
    sources = list(dict.fromkeys(sources))
    if refused:
        return SafetyResult(False, reasons, skipped_regions, [], sources, urgent)
    return SafetyResult(True, reasons, skipped_regions, steps, sources, urgent)


def routine_of(session: MassageSession) -> Routine | None:
    return library().get(session.routine_slug) if session.routine_slug else None


def session_steps(session: MassageSession) -> list[Step]:
    """The steps the player shows for this session: the routine minus skipped regions."""
    routine = routine_of(session)
    return remaining_steps(routine, session.skipped_regions) if routine else []


def settled_routine_version(session: MassageSession, recorded: tuple[str, str] | None) -> str:
    """The version of its routine a session records: the one rule, for pages and the API.

    ``recorded`` is the (routine slug, version) saved before this change, None for a new
    session. A version records what the caregiver followed, so it must not drift when the
    library moves on, nor outlive a change of routine:

    - no routine (a free massage): no version;
    - the same routine as before: the version given, else the one recorded;
    - a new session, or another routine: the version given (a client may know which version
      it played), else the library's current one ("" for a routine no longer in the library).
      A version left over from the previous routine does not count as given.
    """
    slug, version = session.routine_slug, session.routine_version
    if not slug:
        return ""
    if recorded is not None:
        recorded_slug, recorded_version = recorded
        if slug == recorded_slug:
            version = version or recorded_version
        elif version == recorded_version:
            version = ""
    if version:
        return version
    routine = library().get(slug)
    return routine.version if routine is not None else ""


def save_session(session: MassageSession) -> MassageSession:
    """The one save path for a massage session: the pages' forms, the API and the player.

    Settles ``routine_version`` (:func:`settled_routine_version`, reading what was saved
    before), then validates the whole row and saves it, in one transaction: whichever way a
    session arrives, the same rule and the same model checks apply.
    """
    with transaction.atomic():
        recorded = None
        if session.pk is not None and session.routine_slug:
            recorded = (
                MassageSession.objects.filter(pk=session.pk)
                .values_list("routine_slug", "routine_version")
                .first()
            )
        session.routine_version = settled_routine_version(session, recorded)
        session.full_clean()
        _refuse_unfit_start(session)
        session.save()
    return session


def _refuse_unfit_start(session: MassageSession) -> None:
    """A guided session opened (running, new) for a routine the baby cannot start is refused.

    Logging a massage afterwards records what happened and is not refused; starting one, by the
    pages or by the API, follows the same age and preterm rules as the routine's page.
    """
    if session.pk is not None or not session.is_running or not session.routine_slug:
        return
    routine = library().get(session.routine_slug)
    if routine is None:
        return
    refusal = not_for_this_baby(routine, session.baby)
    if refusal is None:
        fit = age_fit(routine, session.baby, session.started_at)
        refusal = None if fit.fits else fit.message
    if refusal is not None:
        raise ValidationError({"routine_slug": refusal})


def start_session(
    baby: Baby,
    routine: Routine,
    result: SafetyResult,
    user: User | None,
    now: datetime | None = None,
    tool: str = Tool.HANDS,
) -> MassageSession:
    """Open a guided session; refuses (ValueError) when the safety check did not allow it,
    when the routine is not for this baby (the preterm routine for a term baby), or when the
    baby's corrected age is outside the routine's range."""
    if not result.allowed:
        raise ValueError("The safety check did not allow this massage.")
    refusal = not_for_this_baby(routine, baby)
    if refusal is not None:
        raise ValueError(refusal)
    fit = age_fit(routine, baby, now)
    if not fit.fits:
        raise ValueError(fit.message)
    session = MassageSession(
        baby=baby,
        routine_slug=routine.slug,
        routine_version=routine.version,
        started_at=now or timezone.now(),
        skipped_regions=result.skipped_regions,
        tool=tool,
        created_by=user,
    )
    return save_session(session)


def finish_session(
    session: MassageSession, steps_completed: int, now: datetime | None = None
) -> MassageSession:
    """Close a running session; the server's clock measures the duration.

    Finishing twice (a double tap, a resent form) keeps the first end time.
    """
    if not session.is_running:
        return session
    total = len(session_steps(session))
    session.steps_completed = max(0, min(steps_completed, total))
    session.ended_at = max(now or timezone.now(), session.started_at)
    return save_session(session)


def stop_early(
    session: MassageSession,
    steps_completed: int,
    cue_ids: Iterable[str] = (),
    note: str = "",
    now: datetime | None = None,
) -> MassageSession:
    """ "Baby isn't enjoying this": end now and remember why, in the caregiver's words."""
    if not session.is_running:
        return session
    cues = library().cues
    chosen = [c for c in cue_ids if c in cues.ids()]
    parts = [cues.label(c) for c in chosen]
    if note.strip():
        parts.append(note.strip())
    session.ended_early = True
    session.ended_early_reason = "; ".join(parts)[:REASON_MAX]
    session.cues = list(dict.fromkeys([*session.cues, *chosen]))
    return finish_session(session, steps_completed, now)


def stop_signs_seen(session: MassageSession) -> list[str]:
    """The cues logged on this session that end a massage at once (content/cues.toml)."""
    signs = library().cues.stop_signs.cues
    return [c for c in session.cues if c in signs]


def stop_advice(session: MassageSession) -> list[SourcedText]:
    """What to do after a stop sign: the preterm wording for a baby born early; [] if none."""
    if not stop_signs_seen(session):
        return []
    return library().cues.stop_advice(is_preterm(session.baby.gestational_weeks))


@dataclass(frozen=True)
class InProgress:
    """A guided session still running for a baby; ``resumable`` is False once it is stale."""

    session: MassageSession
    routine: Routine | None
    resumable: bool


def massage_in_progress(baby: Baby, now: datetime | None = None) -> InProgress | None:
    """The baby's running guided session, if any (the latest one).

    A session older than :data:`RESUME_LIMIT` is offered to log rather than to resume.
    """
    session = (
        MassageSession.objects.filter(baby=baby, ended_at__isnull=True)
        .order_by("-started_at")
        .first()
    )
    if session is None:
        return None
    return InProgress(session, routine_of(session), is_resumable(session, now))


def is_resumable(session: MassageSession, now: datetime | None = None) -> bool:
    return session.is_running and (now or timezone.now()) - session.started_at <= RESUME_LIMIT


def gentlest_levels(levels: Sequence[str]) -> list[str]:
    """The levels our wand guidance allows on a baby: off, or the lowest level only.

    A device lists its levels lowest first (the device form says so); "off" is not a
    vibration, so when the list starts with it the next level is the lowest one.
    """
    allowed = list(levels[:1])
    if allowed and allowed[0].strip().lower() == "off":
        allowed += list(levels[1:2])
    return allowed


def wand_warnings(session: MassageSession) -> list[SafetyWarning]:
    """Our wand guidance applied to a logged session (source ``product``).

    The session is saved all the same: it is a log of what happened, not a prescription. No
    published source names an age from which a vibrating massager suits a baby, so there is
    no age rule here; the preterm routine is flagged because the guidance asks for the NICU
    team's agreement for babies born early.
    """
    if session.tool != Tool.WAND:
        return []
    found: list[SafetyWarning] = []
    logged = session.started_at
    massager = session.massager
    if massager is not None and session.vibration:
        allowed = gentlest_levels(massager.vibration_levels)
        if session.vibration not in allowed:
            found.append(
                SafetyWarning(
                    code="wand-above-lowest-level",
                    message=_(
                        "The wand was used on vibration level “%(level)s”, above the lowest level."
                    )
                    % {"level": session.vibration},
                    action=_(
                        "Our guidance for your baby is vibration off or the lowest level only "
                        "(%(levels)s), in short contacts, away from the head, face, spine and "
                        "soft spot."
                    )
                    % {"levels": _(" or ").join(allowed)},
                    urgency="advice",
                    source="product",
                    logged_at=logged,
                )
            )
    routine = routine_of(session)
    if routine is not None and routine.needs_team_approval:
        found.append(
            SafetyWarning(
                code="wand-preterm-routine",
                message=_("The wand was used during the preterm gentle touch routine."),
                action=_(
                    "For a baby born early, use the wand only if the NICU team agrees; "
                    "ask them before using it again."
                ),
                urgency="advice",
                source="product",
                logged_at=logged,
            )
        )
    return found
