"""Follow-up of enrolled participants: assessments done, deviations, and completeness.

The schedule's reading of each time point (``studies.schedule``) is applied to the stored
assessments here, so the staff table, the reminders and later the exports agree on who is
due, overdue and complete. The anchor of every window is the day she was randomised.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext

from . import schedule
from .models import Assessment, Participant, ProtocolDeviation, Study, StudyStatus

if TYPE_CHECKING:
    from firsttouch.accounts.models import User


FOLLOWED = (StudyStatus.RECRUITING, StudyStatus.CLOSED)


def anchor_of(participant: Participant) -> date:
    """Day 0 of her schedule: the local day she was randomised."""
    return timezone.localdate(participant.enrolled_at)


def record_assessment(
    participant: Participant,
    time_point: str,
    instrument: str,
    done_on: date,
    response_id: int | None = None,
    values: dict[str, Any] | None = None,
) -> Assessment | None:
    """Store that she did one instrument of one time point; None if it was already stored
    (a retried signal or a second EPDS the same window changes nothing). ``values``: the
    measures of an instrument that is not a questionnaire (``studies.instruments``)."""
    keys = {p.key for p in participant.study.time_points()}
    if time_point not in keys:
        raise ValidationError(f"{time_point} is not a time point of this study.")
    try:
        with transaction.atomic():
            return Assessment.objects.create(
                participant=participant,
                time_point=time_point,
                instrument=instrument,
                done_on=done_on,
                response_id=response_id,
                values=values or {},
            )
    except IntegrityError:
        return None


def link_response(response: Any) -> list[Assessment]:
    """A completed questionnaire of an enrolled, active participant counts for the time point
    whose window holds its day, when that time point lists the instrument. Outside every
    window it is not linked (staff may record a deviation instead)."""
    linked = []
    participations = Participant.objects.filter(
        caregiver_id=response.respondent_id,
        withdrawn_at=None,
        study__status__in=FOLLOWED,
    ).select_related("study")
    done_on = timezone.localdate(response.completed_at or timezone.now())
    for participant in participations:
        point = schedule.point_for(participant.study.time_points(), anchor_of(participant), done_on)
        if point is None or response.instrument_id not in point.instruments:
            continue
        made = record_assessment(
            participant, point.key, response.instrument_id, done_on, response.pk
        )
        if made is not None:
            linked.append(made)
    return linked


def record_deviation(
    participant: Participant, description: str, recorded_by: User, time_point: str = ""
) -> ProtocolDeviation:
    text = description.strip()
    if not text:
        raise ValidationError(gettext("Describe the deviation: what happened, and when."))
    if time_point and time_point not in {p.key for p in participant.study.time_points()}:
        raise ValidationError(f"{time_point} is not a time point of this study.")
    return ProtocolDeviation.objects.create(
        participant=participant, time_point=time_point, description=text, recorded_by=recorded_by
    )


def _done(participant: Participant, points: tuple[schedule.TimePoint, ...]) -> dict[str, date]:
    """Per time point, the day its assessment was done: when every instrument it lists has
    been recorded (a questionnaire she completed, or ``baby_logs`` once summarised), the day
    of the last of them. A time point with only some of its instruments is not done yet."""
    days: dict[str, dict[str, date]] = {}
    for assessment in participant.assessments.all():
        days.setdefault(assessment.time_point, {})[assessment.instrument] = assessment.done_on
    found: dict[str, date] = {}
    for point in points:
        recorded = days.get(point.key, {})
        if recorded and all(i in recorded for i in point.instruments):
            found[point.key] = max(recorded[i] for i in point.instruments)
    return found


@dataclass(frozen=True)
class OpenQuestionnaire:
    """A questionnaire her study asks for now: the time point's window is open and she has
    not done it there yet."""

    point: schedule.TimePoint
    instrument_id: str
    closes: date


def open_questionnaires(participant: Participant, today: date) -> list[OpenQuestionnaire]:
    """What she can do for her study today, in the schedule's order: each questionnaire of a
    due or overdue time point not yet recorded there (built-in instruments such as
    ``baby_logs`` ask nothing of her and are left out)."""
    from .instruments import is_built_in  # here: instruments imports this module

    if participant.withdrawn_at is not None or participant.study.status not in FOLLOWED:
        return []
    recorded = {(a.time_point, a.instrument) for a in participant.assessments.all()}
    anchor = anchor_of(participant)
    found = []
    for point, state in statuses(participant, today):
        if state not in (schedule.Status.DUE, schedule.Status.OVERDUE):
            continue
        found += [
            OpenQuestionnaire(point, instrument_id, point.closes(anchor))
            for instrument_id in point.instruments
            if not is_built_in(instrument_id) and (point.key, instrument_id) not in recorded
        ]
    return found


def statuses(participant: Participant, today: date) -> list[tuple[schedule.TimePoint, str]]:
    """Her status at each time point on ``today``, in the schedule's order."""
    anchor = anchor_of(participant)
    points = participant.study.time_points()
    done = _done(participant, points)
    withdrawn = timezone.localdate(participant.withdrawn_at) if participant.withdrawn_at else None
    return [
        (point, schedule.status(point, anchor, today, done.get(point.key), withdrawn))
        for point in points
    ]


@dataclass
class PointRow:
    """One line of the completeness table: counts per status, and who is due or overdue."""

    point: schedule.TimePoint
    counts: Counter[schedule.Status]
    due: list[str] = field(default_factory=list)
    overdue: list[str] = field(default_factory=list)


def completeness(study: Study, today: date) -> list[PointRow]:
    """Per time point: how many participants are in each status, and the codes of those due
    or overdue (codes only: the table names nobody)."""
    points = study.time_points()
    people = list(
        Participant.objects.filter(study=study).prefetch_related("assessments").order_by("code")
    )
    participations = [
        schedule.Participation(
            participant=p.code,
            anchor=anchor_of(p),
            done=_done(p, points),
            withdrawn_on=timezone.localdate(p.withdrawn_at) if p.withdrawn_at else None,
        )
        for p in people
    ]
    table = schedule.completeness(points, participations, today)
    rows = {point.key: PointRow(point, table[point.key]) for point in points}
    for person in participations:
        for point in points:
            state = schedule.status(
                point, person.anchor, today, person.done.get(point.key), person.withdrawn_on
            )
            if state == schedule.Status.DUE:
                rows[point.key].due.append(person.participant)
            elif state == schedule.Status.OVERDUE:
                rows[point.key].overdue.append(person.participant)
    return [rows[point.key] for point in points]
