"""Reminders before each class: e-mailed once per session and enrolment.

``send_class_reminders`` runs on the django-tasks queue (``firsttouch worker`` enqueues it with
the other periodic sweeps). A family enrolled in a course hears about a class that starts in the
next ``REMINDER_AHEAD`` (24 hours). Like ``reminders.tasks``, the ``ClassReminder`` row is
inserted before sending, inside the same transaction, under a unique (session, enrolment)
constraint: a second worker or a retry finds it and sends nothing; a failed send rolls the row
back, so the next sweep tries again.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django_tasks import task

from firsttouch.accounts.models import User
from firsttouch.reminders.services import settings_for

from .models import ClassReminder, CourseSession, Enrolment

logger = logging.getLogger(__name__)

# PRODUCT: how long before a class the reminder goes out.
REMINDER_AHEAD = timedelta(hours=24)


def recipients(enrolment: Enrolment) -> list[User]:
    """The family's current caregivers who keep e-mail reminders on (reminders' setting)."""
    caregivers = User.objects.filter(membership__family=enrolment.family, is_active=True).exclude(
        email=""
    )
    return [u for u in caregivers.order_by("pk") if settings_for(u).email_enabled]


def compose(session: CourseSession, enrolment: Enrolment, user: User) -> tuple[str, str]:
    """Subject and plain-text body in the family's time zone and the recipient's language,
    with where and how to join."""
    with translation.override(user.language_of_messages):
        return _compose(session, enrolment, user)


def _compose(session: CourseSession, enrolment: Enrolment, user: User) -> tuple[str, str]:
    starts = session.starts_at.astimezone(ZoneInfo(enrolment.family.time_zone))
    course = session.course
    # Day and month names in the recipient's language (Django's date formats, not strftime).
    when = formats.date_format(starts, "l j F, H:i")
    greeting = _("Hello %(name)s,") % {"name": user.first_name} if user.first_name else _("Hello,")
    lines = [
        greeting,
        "",
        _("Your class %(course)s with %(organisation)s is on %(when)s.")
        % {"course": course.title, "organisation": course.organisation.name, "when": when},
    ]
    if session.place:
        lines.append(_("Where: %(place)s") % {"place": session.place})
    if session.online_link:
        lines.append(_("Join online: %(link)s") % {"link": session.online_link})
    if session.notes:
        lines += ["", session.notes]
    lines += [
        "",
        _("Your classes: %(url)s") % {"url": f"{settings.SITE_URL}{reverse('courses:classes')}"},
        _("Change or stop these e-mails: %(url)s")
        % {"url": f"{settings.SITE_URL}{reverse('reminders:settings')}"},
    ]
    subject = _("[firsttouch] Class reminder: %(course)s, %(when)s") % {
        "course": course.title,
        "when": formats.date_format(starts, "D j M, H:i"),
    }
    return subject, "\n".join(lines)


def deliver_once(session: CourseSession, enrolment: Enrolment) -> bool:
    """Record, then send, atomically; False when it was already sent (or nobody wants it)."""
    people = recipients(enrolment)
    if not people:
        return False
    try:
        with transaction.atomic():
            ClassReminder.objects.create(session=session, enrolment=enrolment)
            for user in people:
                subject, body = compose(session, enrolment, user)
                send_mail(subject, body, None, [user.email])
    except IntegrityError:
        return False
    return True


def send_due(now: datetime | None = None) -> int:
    """The sweep, callable without the queue (tests, cron): how many reminders went out."""
    now = now or timezone.now()
    sessions = CourseSession.objects.filter(
        starts_at__gt=now, starts_at__lte=now + REMINDER_AHEAD
    ).select_related("course__organisation")
    sent = 0
    for session in sessions:
        already = set(
            ClassReminder.objects.filter(session=session).values_list("enrolment_id", flat=True)
        )
        enrolments = (
            Enrolment.objects.current()
            .filter(course=session.course, enrolled_at__lte=now)
            .exclude(pk__in=already)
            .select_related("family")
        )
        for enrolment in enrolments:
            try:
                if deliver_once(session, enrolment):
                    sent += 1
            except Exception:  # one bad address must not stop the other families' reminders
                logger.exception(
                    "Could not e-mail the reminder of session %s to enrolment %s",
                    session.pk,
                    enrolment.pk,
                )
    return sent


@task()
def send_class_reminders() -> int:
    """Queue entry point; returns the number of reminders sent (kept in the task result)."""
    return send_due()
