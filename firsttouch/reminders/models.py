"""What a person chose about reminders, and what has already been sent to them.

Reminders are personal, not family rows: a mother's screening reminders are hers alone (her
partner never sees them), so every row here belongs to a user and is only ever fetched through
that user.
"""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ReminderSettings(models.Model):
    """One person's reminder choices; a missing row means the defaults below."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminder_settings"
    )
    massage_time = models.TimeField(
        null=True,
        blank=True,
        help_text=_("The same time each day: consistency is the bedtime cue. Empty for none."),
    )
    # When on, the day's reminder comes at the start of tonight's suggested bedtime window
    # (home.bedtime: the baby's own logged sleep) on days there is one, else at massage_time.
    massage_at_bedtime_window = models.BooleanField(
        default=False,
        db_default=False,
        help_text=_("Remind me when tonight's suggested bedtime window opens, when there is one."),
    )
    email_enabled = models.BooleanField(
        default=True, help_text=_("Also send reminders by e-mail (at most once each).")
    )
    screening_reminders = models.BooleanField(
        default=True, help_text=_("Remind me when a short wellbeing check is due.")
    )
    # Only the hash of the calendar link's secret is kept; rotating replaces it, revoking
    # clears it, and either way the old link answers 404.
    feed_token_hash = models.CharField(max_length=64, null=True, blank=True, unique=True)
    feed_created_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects: ClassVar[models.Manager[ReminderSettings]]

    class Meta:
        verbose_name_plural = "reminder settings"

    def __str__(self) -> str:
        return f"Reminder settings of {self.user}"


class ReminderState(models.Model):
    """Her answer to one due item (by its stable key): snoozed for a few days, or declined."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminder_states"
    )
    key = models.CharField(max_length=120)
    declined = models.BooleanField(default=False)
    snoozed_until = models.DateField(null=True, blank=True)
    updated_at = models.DateTimeField(default=timezone.now)

    objects: ClassVar[models.Manager[ReminderState]]

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], name="reminder_state_once_per_item")
        ]

    def __str__(self) -> str:
        return f"{self.key} for {self.user}"


class Channel(models.TextChoices):
    EMAIL = "email", "E-mail"
    PUSH = "push", "Push"


class Delivery(models.Model):
    """A reminder that went out. Inserted before sending, in the same transaction: the unique
    constraint is what stops a retried task or a second worker from sending it again."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminder_deliveries"
    )
    key = models.CharField(max_length=120)
    channel = models.CharField(max_length=10, choices=Channel.choices)
    sent_at = models.DateTimeField(default=timezone.now)

    objects: ClassVar[models.Manager[Delivery]]

    class Meta:
        verbose_name_plural = "deliveries"
        constraints = [
            models.UniqueConstraint(
                fields=["user", "key", "channel"], name="reminder_delivered_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.key} by {self.channel} to {self.user}"


class PushSubscription(models.Model):
    """One device that asked for reminders as notifications (Web Push), for one person.

    The endpoint is the push service's address for this browser on this device; it is unique,
    so a shared phone belongs to whoever turned reminders on last. Together with the keys it
    lets the server reach the device, so it is never shown back to a page.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="push_subscriptions"
    )
    endpoint = models.URLField(max_length=1000, unique=True)
    # The help texts of this model are the admin's, for the people who run the server.
    p256dh = models.CharField(
        max_length=200,
        help_text="The browser's public key (base64url).",  # notranslate
    )
    auth = models.CharField(
        max_length=100,
        help_text="The browser's auth secret (base64url).",  # notranslate
    )
    label = models.CharField(
        max_length=120,
        blank=True,
        help_text='A name for the device, e.g. "Chrome on Android".',  # notranslate
    )
    created_at = models.DateTimeField(default=timezone.now)
    last_success_at = models.DateTimeField(null=True, blank=True)
    failures = models.PositiveIntegerField(
        default=0,
        help_text="Failed sends since the last one that worked.",  # notranslate
    )

    objects: ClassVar[models.Manager[PushSubscription]]

    def __str__(self) -> str:
        return f"{self.label or 'A device'} of {self.user}"
