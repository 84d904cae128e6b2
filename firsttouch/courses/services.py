"""Courses and NICU programmes: the one save path for each, enrolment, attendance, adherence.

Enrolment (docs/decisions/0006-courses-and-nicu-programmes.md): the class leader enrols a
family that already shares something with the organisation (an active consent of one of its
current caregivers); the family then sees the course on its classes page and can leave it.
Home practice is read from the family's massage sessions only when the family consents to
"massage sessions" with the organisation; otherwise the answer is "not shared" and the
sessions are never queried. The family always sees its own.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.db import IntegrityError, transaction
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _

from firsttouch.accounts.models import Family, User
from firsttouch.core.scoping import scoped
from firsttouch.massage.models import MassageSession
from firsttouch.programs import audit
from firsttouch.programs.consent import consented_categories
from firsttouch.programs.models import Consent, ConsentCategory, Organisation, StaffMembership
from firsttouch.programs.models import StaffRole as Role

from .adherence import PracticeDay, PracticeWeek, daily_minutes, monday_of, weekly_practice
from .models import Attendance, Course, CourseSession, Enrolment, NicuProgramme

MASSAGE = ConsentCategory.MASSAGE_SESSIONS.value
COURSE_ROLES = frozenset({Role.CLASS_LEADER, Role.ORG_ADMIN})
NICU_ROLES = frozenset({Role.CLINICIAN, Role.ORG_ADMIN})


class CourseError(Exception):
    """A course action that cannot be done; the message is shown as it is."""


def manages_courses(membership: StaffMembership) -> bool:
    return membership.role in COURSE_ROLES


def sees_nicu_programmes(membership: StaffMembership) -> bool:
    return membership.role in NICU_ROLES


def prescribes(membership: StaffMembership) -> bool:
    """Only a clinician prescribes a routine or approves home use (not an admin's call)."""
    return membership.role == Role.CLINICIAN


def zone_of(family: Family) -> ZoneInfo:
    return ZoneInfo(family.time_zone)


def today_for(family: Family, now: datetime | None = None) -> date:
    return (now or timezone.now()).astimezone(zone_of(family)).date()


def _day_bounds(family: Family, first: date, last: date) -> tuple[datetime, datetime]:
    """The instants that open ``first`` and close ``last`` in the family's time zone."""
    zone = zone_of(family)
    return (
        datetime.combine(first, time.min, tzinfo=zone),
        datetime.combine(last + timedelta(days=1), time.min, tzinfo=zone),
    )


# --- courses -------------------------------------------------------------------------------


@transaction.atomic
def save_course(course: Course) -> Course:
    course.full_clean()
    course.save()
    return course


@transaction.atomic
def save_session(session: CourseSession) -> CourseSession:
    session.full_clean()
    session.save()
    return session


def class_leaders(organisation: Organisation) -> list[User]:
    return list(
        User.objects.filter(
            staff_memberships__organisation=organisation,
            staff_memberships__role=Role.CLASS_LEADER,
            staff_memberships__ended_at__isnull=True,
        ).order_by("first_name", "pk")
    )


def _sharing_consents(organisation: Organisation) -> list[Consent]:
    """Active consents of caregivers still in the family they consented for."""
    consents = (
        Consent.objects.active()
        .filter(organisation=organisation, family__isnull=False)
        .select_related("family", "caregiver__membership")
        .order_by("consented_at", "pk")
    )
    return [
        c
        for c in consents
        if getattr(c.caregiver, "membership", None) is not None
        and c.caregiver.membership.family_id == c.family_id
    ]


def families_sharing(organisation: Organisation, category: str | None = None) -> list[Family]:
    """Families that share something (or ``category``) with the organisation: who may be
    enrolled or given a programme. Only their names are shown, never their data."""
    seen: dict[int, Family] = {}
    for consent in _sharing_consents(organisation):
        if category is None or category in consent.categories:
            seen.setdefault(consent.family_id, consent.family)  # type: ignore[arg-type]
    return sorted(seen.values(), key=lambda f: (f.name.lower(), f.pk))


def enrol(course: Course, family: Family) -> Enrolment:
    """Enrol ``family`` in ``course``: only a family that shares with the organisation."""
    grounds = next(
        (c for c in _sharing_consents(course.organisation) if c.family_id == family.pk), None
    )
    if grounds is None:
        raise CourseError(
            _(
                "This family does not share with your organisation. Give them the "
                "organisation's code; once they join, you can enrol them."
            )
        )
    try:
        with transaction.atomic():
            return Enrolment.objects.create(
                course=course, family=family, caregiver=grounds.caregiver
            )
    except IntegrityError as exc:
        raise CourseError(
            _("%(family)s is already enrolled in %(course)s.")
            % {"family": family.name, "course": course.title}
        ) from exc


def leave(enrolment: Enrolment) -> None:
    if enrolment.left_at is None:
        enrolment.left_at = timezone.now()
        enrolment.save(update_fields=["left_at"])


@transaction.atomic
def record_attendance(
    session: CourseSession, present_ids: set[int], recorded_by: User
) -> list[Attendance]:
    """Tick who came to ``session``: every current enrolment gets a row, present or not.

    Ids that are not a current enrolment of this course are ignored, so a forged form cannot
    mark another course's family.
    """
    rows = []
    for enrolment in session.course.enrolments.current():
        row, _created = Attendance.objects.update_or_create(
            session=session,
            enrolment=enrolment,
            defaults={
                "present": enrolment.pk in present_ids,
                "recorded_by": recorded_by,
                "recorded_at": timezone.now(),
            },
        )
        rows.append(row)
    return rows


def tickable_sessions(course: Course, now: datetime | None = None) -> list[CourseSession]:
    """Sessions whose attendance can be ticked: those that start today or have started (in the
    server's time zone, which staff pages use); a class that has not happened has no register."""
    today = timezone.localdate(now or timezone.now())
    return [s for s in course.sessions.all() if timezone.localdate(s.starts_at) <= today]


@transaction.atomic
def record_course_attendance(
    course: Course, ticks: set[tuple[int, int]], recorded_by: User, now: datetime | None = None
) -> int:
    """Save the whole register: each tickable session gets its ticks (``(session, enrolment)``
    pairs); pairs naming another course's session are ignored. Returns the rows written."""
    written = 0
    for session in tickable_sessions(course, now):
        present = {enrolment for session_id, enrolment in ticks if session_id == session.pk}
        written += len(record_attendance(session, present, recorded_by))
    return written


@transaction.atomic
def record_session_register(
    session: CourseSession, present_ids: set[int], recorded_by: User, now: datetime | None = None
) -> list[Attendance]:
    """One session's register, as the API sends it: only a session that can be ticked (see
    ``tickable_sessions``), and only ids of the course's current enrolments. Unlike the
    page's form, which cannot name anything else, a wrong id is refused, not ignored, and
    nothing is saved."""
    if session not in tickable_sessions(session.course, now):
        raise CourseError(
            "This session has not started yet: its register can be saved from the day it meets."
        )
    current = set(session.course.enrolments.current().values_list("pk", flat=True))
    stray = sorted(present_ids - current)
    if stray:
        raise CourseError(
            f"Not current enrolments of this course: {', '.join(map(str, stray[:10]))}. "
            "List the enrolment ids the course shows."
        )
    return record_attendance(session, present_ids, recorded_by)


@dataclass(frozen=True)
class CourseAdherence:
    """Home practice of one enrolment by ISO week, or ``shared=False`` when not consented."""

    shared: bool
    target: int = 0
    weeks: list[PracticeWeek] = field(default_factory=list)

    @property
    def judged(self) -> list[PracticeWeek]:
        return [w for w in self.weeks if not w.in_progress]

    @property
    def weeks_met(self) -> int:
        return sum(1 for w in self.judged if w.met)

    @property
    def this_week(self) -> PracticeWeek | None:
        return next((w for w in self.weeks if w.in_progress), None)


NOT_SHARED = CourseAdherence(shared=False)


def _practice_range(enrolment: Enrolment, today: date) -> tuple[date, date]:
    """From the later of the course start and her enrolment, to today, the day she left, or
    the day of the last class, whichever comes first (all in the family's time zone)."""
    family = enrolment.family
    zone = zone_of(family)
    first = max(enrolment.course.starts_on, enrolment.enrolled_at.astimezone(zone).date())
    last = today
    if enrolment.left_at is not None:
        last = min(last, enrolment.left_at.astimezone(zone).date())
    final = enrolment.course.sessions.order_by("-starts_at").first()
    if final is not None:
        last = min(last, final.starts_at.astimezone(zone).date())
    return first, last


def _course_adherence(enrolment: Enrolment, now: datetime | None) -> CourseAdherence:
    family = enrolment.family
    today = today_for(family, now)
    first, last = _practice_range(enrolment, today)
    if last < first:
        return CourseAdherence(shared=True, target=enrolment.course.weekly_target)
    lo, hi = _day_bounds(family, first, last)
    starts = scoped(MassageSession, family).filter(
        ended_at__isnull=False, started_at__gte=lo, started_at__lt=hi
    )
    weeks = weekly_practice(
        starts.values_list("started_at", flat=True),
        zone_of(family),
        first,
        last,
        enrolment.course.weekly_target,
        today,
    )
    return CourseAdherence(shared=True, target=enrolment.course.weekly_target, weeks=weeks)


def course_adherence_for_staff(
    enrolment: Enrolment, now: datetime | None = None
) -> CourseAdherence:
    """What the organisation may see: "not shared" unless the family consents to massage
    sessions now; then, and only then, the sessions are read."""
    if MASSAGE not in consented_categories(enrolment.course.organisation, enrolment.family):
        return NOT_SHARED
    return _course_adherence(enrolment, now)


def course_adherence_for_family(
    enrolment: Enrolment, now: datetime | None = None
) -> CourseAdherence:
    """The family's own view of its practice: its own data, no consent needed."""
    return _course_adherence(enrolment, now)


@dataclass
class RosterRow:
    enrolment: Enrolment
    present: dict[int, bool]
    adherence: CourseAdherence


def roster(course: Course, now: datetime | None = None) -> list[RosterRow]:
    """The current enrolments with their ticks per session and their home practice (as the
    organisation may see it). The caller logs a read for each row whose practice is shown."""
    enrolments = (
        course.enrolments.current()
        .select_related("family", "course__organisation")
        .prefetch_related(Prefetch("attendance", queryset=Attendance.objects.all()))
    )
    return [
        RosterRow(
            enrolment=e,
            present={a.session_id: a.present for a in e.attendance.all()},
            adherence=course_adherence_for_staff(e, now),
        )
        for e in enrolments
    ]


def read_roster(course: Course, staff: User, now: datetime | None = None) -> list[RosterRow]:
    """A staff read of the roster, for the page and the API alike: one access-log row for each
    family whose home practice is shown (those that consent to massage sessions now); names
    and ticks are the organisation's own records and log nothing."""
    rows = roster(course, now)
    for row in rows:
        if row.adherence.shared:
            audit.record_access(
                staff=staff,
                organisation=course.organisation,
                family=row.enrolment.family,
                categories={MASSAGE},
                what=f"course #{course.pk} home practice",
                why="roster",
            )
    return rows


@dataclass
class FamilyCourse:
    enrolment: Enrolment
    next_session: CourseSession | None
    sessions: list[CourseSession]
    present: dict[int, bool]
    adherence: CourseAdherence


def family_courses(family: Family, now: datetime | None = None) -> list[FamilyCourse]:
    """The family's current courses, the next class first in mind."""
    now = now or timezone.now()
    found = []
    enrolments = (
        Enrolment.objects.current()
        .filter(family=family)
        .select_related("course__organisation", "family")
        .order_by("course__starts_on", "pk")
    )
    for enrolment in enrolments:
        sessions = list(enrolment.course.sessions.all())
        found.append(
            FamilyCourse(
                enrolment=enrolment,
                next_session=next((s for s in sessions if s.ends_at > now), None),
                sessions=sessions,
                present={a.session_id: a.present for a in enrolment.attendance.all()},
                adherence=course_adherence_for_family(enrolment, now),
            )
        )
    return found


# --- NICU programmes -----------------------------------------------------------------------


@transaction.atomic
def save_programme(programme: NicuProgramme) -> NicuProgramme:
    programme.full_clean()
    programme.save()
    return programme


def approve_home_use(programme: NicuProgramme, membership: StaffMembership) -> None:
    """A clinician of the programme's organisation approves home use; once is enough."""
    if not prescribes(membership) or membership.organisation_id != programme.organisation_id:
        raise CourseError(_("Only a clinician of the unit can approve home use."))
    if programme.home_use_approved_at is None:
        programme.home_use_approved_by = membership.user
        programme.home_use_approved_at = timezone.now()
        programme.save(update_fields=["home_use_approved_by", "home_use_approved_at"])


@dataclass(frozen=True)
class NicuAdherence:
    """Minutes per day against the prescription, or ``shared=False`` when not consented."""

    shared: bool
    days: list[PracticeDay] = field(default_factory=list)
    week: list[PracticeDay] = field(default_factory=list)
    days_per_week: int = 0

    @property
    def days_met_this_week(self) -> int:
        return sum(1 for d in self.week if d.met)

    @property
    def minutes_this_week(self) -> int:
        return sum(d.minutes for d in self.week)

    @property
    def days_met(self) -> int:
        return sum(1 for d in self.days if d.met)


def _nicu_adherence(programme: NicuProgramme, now: datetime | None) -> NicuAdherence:
    family = programme.family
    today = today_for(family, now)
    last = today if programme.ended_on is None else min(today, programme.ended_on)
    first = programme.started_on
    if last < first:
        return NicuAdherence(shared=True, days_per_week=programme.days_per_week)
    lo, hi = _day_bounds(family, first, last)
    # Only this baby's sessions: a sibling's massage is not this baby's programme.
    rows = scoped(MassageSession, family).filter(
        baby=programme.baby, ended_at__isnull=False, started_at__gte=lo, started_at__lt=hi
    )
    days = daily_minutes(
        [(start, end) for start, end in rows.values_list("started_at", "ended_at") if end],
        zone_of(family),
        first,
        last,
        programme.minutes_per_day,
    )
    monday = monday_of(today)
    return NicuAdherence(
        shared=True,
        days=days,
        week=[d for d in days if d.day >= monday],
        days_per_week=programme.days_per_week,
    )


def nicu_adherence_for_staff(
    programme: NicuProgramme, now: datetime | None = None
) -> NicuAdherence:
    if MASSAGE not in consented_categories(programme.organisation, programme.family):
        return NicuAdherence(shared=False)
    return _nicu_adherence(programme, now)


def nicu_adherence_for_family(
    programme: NicuProgramme, now: datetime | None = None
) -> NicuAdherence:
    return _nicu_adherence(programme, now)


def family_programmes(family: Family) -> list[NicuProgramme]:
    return list(
        NicuProgramme.objects.filter(family=family, ended_on__isnull=True)
        .select_related("organisation", "baby", "home_use_approved_by", "family")
        .order_by("-started_on", "pk")
    )
