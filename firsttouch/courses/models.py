"""Classes an organisation runs (sessions, enrolment, attendance) and NICU home programmes.

A course is the organisation's own record: its sessions, who is enrolled and who came. What a
family does at home (the massage sessions she logs) stays the family's, and staff read it only
through her consent (``services``). A NICU programme is the routine the team prescribes for one
baby, with the clinician who approved home use.
"""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, URLValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from firsttouch.accounts.models import Family
from firsttouch.babies.models import Baby
from firsttouch.core import moments
from firsttouch.programs.models import Organisation, StaffMembership, StaffRole

# PRODUCT: bounds a form accepts; no source sets them, they only catch typing slips.
MAX_WEEKLY_TARGET = 14
MAX_MINUTES_PER_DAY = 60


class Course(models.Model):
    """A class, e.g. a five-week infant-massage course, run by one class leader."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="courses")
    title = models.CharField(max_length=120)
    description = models.TextField(blank=True, max_length=2000)
    weekly_target = models.PositiveSmallIntegerField(
        _("home practice per week"),
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_WEEKLY_TARGET)],
        help_text=_("How many massage sessions a week families aim for at home."),
    )
    starts_on = models.DateField()
    # Kept if the leader's account goes: the course and its attendance are the organisation's.
    leader = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="led_courses",
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects: ClassVar[models.Manager[Course]]

    class Meta:
        ordering = ["-starts_on", "title"]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        errors = moments.out_of_range_fields(self, ["starts_on"])
        if self.leader_id and self.organisation_id:
            leads = (
                StaffMembership.objects.active()
                .filter(
                    organisation_id=self.organisation_id,
                    user_id=self.leader_id,
                    role=StaffRole.CLASS_LEADER,
                )
                .exists()
            )
            if not leads:
                errors["leader"] = gettext("Choose one of the organisation's class leaders.")
        if errors:
            raise ValidationError(errors)


https_only = URLValidator(
    schemes=["https"], message=_("Give an https:// link to the online class.")
)


class CourseSession(models.Model):
    """One class meeting: in a room, online, or both."""

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="sessions")
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    place = models.CharField(max_length=200, blank=True)
    online_link = models.URLField(
        blank=True, validators=[https_only], help_text=_("An https:// link, if it is online.")
    )
    notes = models.TextField(blank=True, max_length=1000)

    objects: ClassVar[models.Manager[CourseSession]]

    class Meta:
        ordering = ["starts_at", "pk"]

    def __str__(self) -> str:
        return f"{self.course} on {self.starts_at:%Y-%m-%d %H:%M}"

    def clean(self) -> None:
        errors = moments.out_of_range_fields(self, ["starts_at", "ends_at"])
        if errors:
            raise ValidationError(errors)
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            errors["ends_at"] = gettext("The end must be after the start.")
        if not self.place.strip() and not self.online_link:
            errors["place"] = gettext("Say where the class meets, or give the online link.")
        if errors:
            raise ValidationError(errors)


class EnrolmentQuerySet(models.QuerySet["Enrolment"]):
    def current(self) -> EnrolmentQuerySet:
        return self.filter(left_at__isnull=True)


class Enrolment(models.Model):
    """A family's place in a course. Leaving keeps the row, with its attendance, as history."""

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="enrolments")
    family = models.ForeignKey(Family, on_delete=models.CASCADE, related_name="enrolments")
    # The caregiver whose consent to the organisation made the enrolment possible.
    caregiver = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    enrolled_at = models.DateTimeField(default=timezone.now)
    left_at = models.DateTimeField(null=True, blank=True)

    objects: ClassVar[EnrolmentQuerySet] = EnrolmentQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        ordering = ["enrolled_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["course", "family"],
                condition=Q(left_at__isnull=True),
                name="one_current_enrolment_per_course",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.family} in {self.course}"


class Attendance(models.Model):
    """Whether an enrolled family came to one session, as the leader ticked it."""

    session = models.ForeignKey(CourseSession, on_delete=models.CASCADE, related_name="attendance")
    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="attendance")
    present = models.BooleanField(default=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    objects: ClassVar[models.Manager[Attendance]]

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["session", "enrolment"], name="one_attendance_per_session"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.enrolment.family} {'at' if self.present else 'not at'} {self.session}"


class ClassReminder(models.Model):
    """A reminder e-mailed before a session. Inserted before sending, in the same transaction:
    the unique constraint stops a retried task or a second worker from sending it again."""

    session = models.ForeignKey(CourseSession, on_delete=models.CASCADE, related_name="+")
    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="+")
    sent_at = models.DateTimeField(default=timezone.now)

    objects: ClassVar[models.Manager[ClassReminder]]

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["session", "enrolment"], name="class_reminder_sent_once"
            ),
        ]

    def __str__(self) -> str:
        return f"Reminder of {self.session} to {self.enrolment.family}"


class NicuProgramme(models.Model):
    """The massage routine a NICU team prescribes for one baby, and who approved home use.

    Until a clinician approves home use, the family is told to practise as the team teaches on
    the unit (the library's ``needs_team_approval`` routines say the same).
    """

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="nicu_programmes"
    )
    family = models.ForeignKey(Family, on_delete=models.CASCADE, related_name="nicu_programmes")
    baby = models.ForeignKey(Baby, on_delete=models.CASCADE, related_name="nicu_programmes")
    routine_slug = models.SlugField(max_length=60)
    minutes_per_day = models.PositiveSmallIntegerField(
        default=15, validators=[MinValueValidator(1), MaxValueValidator(MAX_MINUTES_PER_DAY)]
    )
    days_per_week = models.PositiveSmallIntegerField(
        default=7, validators=[MinValueValidator(1), MaxValueValidator(7)]
    )
    prescribed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    home_use_approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    home_use_approved_at = models.DateTimeField(null=True, blank=True)
    started_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    objects: ClassVar[models.Manager[NicuProgramme]]

    class Meta:
        ordering = ["-started_on", "pk"]

    def __str__(self) -> str:
        return f"{self.routine_slug} for {self.baby} ({self.organisation})"

    @property
    def home_use_approved(self) -> bool:
        return self.home_use_approved_at is not None

    def routine_title(self) -> str:
        from firsttouch.massage.content import library

        routine = library().get(self.routine_slug)
        return routine.title if routine else self.routine_slug

    def clean(self) -> None:
        from firsttouch.massage.content import library

        errors = moments.out_of_range_fields(self, ["started_on", "ended_on"])
        if errors:
            raise ValidationError(errors)
        if self.baby_id and self.family_id and self.baby.family_id != self.family_id:
            errors["baby"] = gettext("Choose one of this family's babies.")
        if self.routine_slug and library().get(self.routine_slug) is None:
            errors["routine_slug"] = gettext("Choose a routine from the library.")
        if self.started_on and self.ended_on and self.ended_on < self.started_on:
            errors["ended_on"] = gettext("The end must be on or after the start.")
        if errors:
            raise ValidationError(errors)
