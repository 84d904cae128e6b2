"""Clinics and programmes a mother chooses to share with, and the alerts they must see.

The clinician side comes later; what exists now is what the safety response needs: a clinic, the
mother's consent to share with it (revocable, kept as history), and the urgent alert record.
Her own choices (crisis-line country, who sees her screenings) are wellbeing's
``CaregiverSettings``: they matter to her screenings whether or not she shares with a clinic.
The alert row *is* the alert: e-mailing the clinic is only a notification about it, so a
failed e-mail never loses an alert, it stays undelivered and counted until a retry succeeds.
"""

from __future__ import annotations

import secrets
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

# No 0/O or 1/I/L: codes are read out over the phone and typed on a phone.
JOIN_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
JOIN_CODE_LENGTH = 8


def new_join_code() -> str:
    return "".join(secrets.choice(JOIN_CODE_ALPHABET) for _ in range(JOIN_CODE_LENGTH))


def normalise_join_code(raw: str) -> str:
    """What people type ("abcd-efgh ") compared with what we store ("ABCDEFGH")."""
    return "".join(ch for ch in raw.upper() if ch.isalnum())


class Clinic(models.Model):
    """A clinic or programme (e.g. a massage class) that mothers may share screenings with."""

    name = models.CharField(max_length=120)
    contact_email = models.EmailField(
        help_text="Where urgent alerts are e-mailed. Use a monitored team address."
    )
    join_code = models.CharField(
        max_length=16,
        unique=True,
        default=new_join_code,
        help_text="Give this to mothers so they can choose to share with the clinic.",
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects: ClassVar[models.Manager[Clinic]]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: object, **kwargs: object) -> None:
        self.join_code = normalise_join_code(self.join_code)
        super().save(*args, **kwargs)  # type: ignore[arg-type]


class ClinicShareQuerySet(models.QuerySet["ClinicShare"]):
    def active(self) -> ClinicShareQuerySet:
        return self.filter(revoked_at__isnull=True)


class ClinicShare(models.Model):
    """A mother's consent to share with a clinic; revoking keeps the row as a record."""

    mother = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="clinic_shares"
    )
    clinic = models.ForeignKey(Clinic, on_delete=models.CASCADE, related_name="shares")
    consented_at = models.DateTimeField(default=timezone.now)
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects: ClassVar[ClinicShareQuerySet] = ClinicShareQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        constraints = [
            # At most one live consent per mother and clinic; revoked ones stay as history.
            models.UniqueConstraint(
                fields=["mother", "clinic"],
                condition=Q(revoked_at__isnull=True),
                name="one_active_share_per_clinic",
            ),
        ]

    def __str__(self) -> str:
        state = "revoked" if self.revoked_at else "active"
        return f"{self.mother} → {self.clinic} ({state})"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None


class AlertKind(models.TextChoices):
    URGENT_SELF_HARM = "urgent_self_harm", "Urgent: thoughts of self-harm (EPDS item 10)"


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", "Pending"
    DELIVERED = "delivered", "Delivered"
    FAILED = "failed", "Failed (gave up retrying)"


class AlertQuerySet(models.QuerySet["Alert"]):
    def undelivered(self) -> AlertQuerySet:
        return self.exclude(delivery_status=DeliveryStatus.DELIVERED)


class Alert(models.Model):
    """An urgent alert in a clinic's queue. Recorded in the same transaction as the response."""

    clinic = models.ForeignKey(Clinic, on_delete=models.PROTECT, related_name="alerts")
    kind = models.CharField(
        max_length=32, choices=AlertKind.choices, default=AlertKind.URGENT_SELF_HARM
    )
    # Kept if she deletes her account: the clinic's record of an urgent alert must not vanish.
    respondent = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    # The wellbeing Response's id: a plain number, so the alert outlives any later edit there.
    response_id = models.PositiveBigIntegerField()
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    delivery_status = models.CharField(
        max_length=16, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING, db_index=True
    )
    delivery_attempts = models.PositiveIntegerField(default=0)
    last_attempt_at = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(max_length=500, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)
    claimed_until = models.DateTimeField(
        null=True,
        blank=True,
        help_text="A worker is sending it until then; others leave it alone (no double e-mail).",
    )
    acknowledged_at = models.DateTimeField(null=True, blank=True)

    objects: ClassVar[AlertQuerySet] = AlertQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            # Completing the same response twice must not queue a second alert.
            models.UniqueConstraint(
                fields=["clinic", "response_id", "kind"], name="one_alert_per_response_and_clinic"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} for {self.clinic} ({self.get_delivery_status_display()})"
