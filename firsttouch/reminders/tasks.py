"""Background work: send each person what is due for them, once and only once per channel.

``send_due_reminders`` runs on the django-tasks queue (``firsttouch worker`` enqueues it every
few minutes). It may run twice at the same moment (two workers) or again after a crash (a
retry); the ``Delivery`` row, under a unique (user, key, channel) constraint, makes the second
attempt a no-op. An e-mail's row is inserted before sending inside the same transaction: if
sending fails the row goes with it, and the next run tries again. A push goes to several
devices over the network, so its row is claimed in a short transaction of its own (no database
lock held while push services answer) and given back when no device took the message and one
may take it later.
"""

from __future__ import annotations

import logging
from datetime import datetime
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext
from django_tasks import task

from . import push, services
from .models import Channel, Delivery, PushSubscription, ReminderSettings
from .schedule import Due

if TYPE_CHECKING:
    from firsttouch.accounts.models import User

logger = logging.getLogger(__name__)


def absolute(path: str) -> str:
    return path if path.startswith("http") else f"{settings.SITE_URL}{path}"


def compose(user: User, item: Due) -> tuple[str, str]:
    """Subject and plain-text body: calm, short, with the way out of these e-mails."""
    with translation.override(user.language_of_messages):
        return _compose(user, item)


def _compose(user: User, item: Due) -> tuple[str, str]:
    if user.first_name:
        hello = gettext("Hello %(name)s,") % {"name": user.first_name}
    else:
        hello = gettext("Hello there,")
    manage = absolute(reverse("reminders:settings"))
    take = absolute(services.take_url(item))
    if item.kind == services.MASSAGE:
        subject = gettext("A gentle reminder: today's massage")
        lines = [
            hello,
            "",
            gettext(
                "You chose this time of day for your baby's massage. A session at the same "
                "time before bed can become a sleep cue."
            ),
            "",
            gettext(
                "Only when your baby is awake and calm, not hungry, and not right after a feed "
                "(wait about 30-45 minutes)."
            ),
            gettext("Open the guide: %(url)s") % {"url": take},
        ]
    else:
        subject = gettext("A short wellbeing check is due")
        lines = [
            hello,
            "",
            gettext("A short wellbeing check (the EPDS, 10 questions) is due: %(when)s.")
            % {"when": item.label},
            item.reason,
            gettext(
                "It takes a few minutes. It is a screening, not a diagnosis, and your answers "
                "are yours: only you see them unless you choose to share."
            ),
            "",
            gettext("Take it now: %(url)s") % {"url": take},
            gettext("Not a good time? Snooze it or say no thanks in the app."),
            "",
            gettext(
                "If you feel you might harm yourself, do not wait for a reminder: call your "
                "local emergency number now."
            ),
        ]
    lines += ["", gettext("Change or stop these e-mails: %(url)s") % {"url": manage}]
    return subject, "\n".join(lines)


def deliver_once(user: User, item: Due, channel: str = Channel.EMAIL) -> bool:
    """Record, then send; False when it was already sent (or is being sent), or not sent."""
    if channel == Channel.PUSH:
        return _push_once(user, item)
    try:
        with transaction.atomic():
            Delivery.objects.create(user=user, key=item.key, channel=channel)
            subject, body = compose(user, item)
            send_mail(subject, body, None, [user.email])
    except IntegrityError:
        return False
    return True


def _push_once(user: User, item: Due) -> bool:
    try:
        with transaction.atomic():
            claim = Delivery.objects.create(user=user, key=item.key, channel=Channel.PUSH)
    except IntegrityError:
        return False
    ttl = push.MASSAGE_TTL if item.kind == services.MASSAGE else push.CHECK_TTL
    outcomes = push.send_to_user(user, push.message_for(user, item), ttl)
    if push.Outcome.SENT in outcomes:
        return True
    if push.Outcome.FAILED in outcomes:
        claim.delete()  # no device took it, one still may: the next sweep tries again
    return False


def wants(user: User, prefs: ReminderSettings, channel: str) -> bool:
    """E-mail as her settings say; push when at least one of her devices turned it on."""
    if channel == Channel.PUSH:
        return PushSubscription.objects.filter(user=user).exists()
    return prefs.email_enabled and bool(user.email)


def pending_for(user: User, now: datetime | None = None, channel: str = Channel.EMAIL) -> list[Due]:
    """What should be sent to this person now on this channel (wanted, not yet sent)."""
    prefs = services.settings_for(user)
    if not wants(user, prefs, channel):
        return []
    items = services.screening_plan(user, now, prefs).due_now()
    massage = services.massage_item(user, now, prefs)
    here = services.local_now(user, now)
    chosen = services.massage_started_at(prefs, services.family_of(user), here)
    # Hours late (a worker that was down), a reminder would only nag: the app still shows it.
    if massage and chosen and here - chosen <= services.MASSAGE_EMAIL_WINDOW:
        items.append(massage)
    if not items:
        return []
    sent = set(
        Delivery.objects.filter(
            user=user, channel=channel, key__in=[i.key for i in items]
        ).values_list("key", flat=True)
    )
    return [i for i in items if i.key not in sent]


def send_due(now: datetime | None = None) -> int:
    """The sweep, callable without the queue (tests, a cron job): how many reminders went
    out (each e-mail counts one, each push one however many devices took it)."""
    from firsttouch.accounts.models import User

    now = now or timezone.now()
    sent = 0
    people = (
        User.objects.filter(is_active=True, membership__isnull=False)
        .select_related("membership__family")
        .order_by("pk")
    )
    for user in people.iterator(chunk_size=200):
        # The labels and reasons of what is due are read in the recipient's language.
        with translation.override(user.language_of_messages):
            for channel in (Channel.EMAIL, Channel.PUSH):
                for item in pending_for(user, now, channel):
                    try:
                        if deliver_once(user, item, channel):
                            sent += 1
                    except Exception:  # one bad address must not stop everyone else's reminders
                        logger.exception(
                            "Could not send reminder %s by %s to user %s",
                            item.key,
                            channel,
                            user.pk,
                        )
    return sent


@task()
def send_due_reminders() -> int:
    """Queue entry point; returns the number of reminders sent (kept in the task result)."""
    return send_due()
