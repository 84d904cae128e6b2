"""Organisations, their staff, families' consent to share with them, the audit log of every
staff read, and the urgent alerts organisations must see.

An organisation (NICU, clinic, class provider...) has staff who join by an e-mailed
invitation; a caregiver's consent says, category by category, what its staff may see
(revocable, kept as history with the text she was shown); every staff read is logged.
Her crisis-line country is wellbeing's ``CaregiverSettings``: it matters to her screenings
whether or not she shares with an organisation. The alert row *is* the alert: e-mailing the
organisation is only a notification about it, so a
failed e-mail never loses an alert, it stays undelivered and counted until a retry succeeds.
"""

from __future__ import annotations

import secrets
from datetime import timedelta
from typing import Any, ClassVar

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from firsttouch.accounts.models import validate_time_zone

# No 0/O or 1/I/L: codes are read out over the phone and typed on a phone.
JOIN_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
JOIN_CODE_LENGTH = 8


def new_join_code() -> str:
    return "".join(secrets.choice(JOIN_CODE_ALPHABET) for _ in range(JOIN_CODE_LENGTH))


def normalise_join_code(raw: str) -> str:
    """What people type ("abcd-efgh ") compared with what we store ("ABCDEFGH")."""
    return "".join(ch for ch in raw.upper() if ch.isalnum())


def default_epds_threshold() -> int:
    """The EPDS total at or above which an organisation gets a routine alert, by default.

    The deployment's "probable depression" cut-off (``EPDS_PROBABLE_THRESHOLD``, 13 unless
    configured), one of the cut-offs the meta-analysis in docs/sources.md (``levis-2020``)
    reports; an organisation may set its own.
    """
    return int(settings.EPDS_PROBABLE_THRESHOLD)


class OrganisationKind(models.TextChoices):
    NICU = "nicu", _("Neonatal unit (NICU)")
    CLINIC = "clinic", _("Clinic")
    HEALTH_VISITING = "health_visiting", _("Health-visiting team")
    CLASS_PROVIDER = "class_provider", _("Infant-massage class provider")
    RESEARCH_GROUP = "research_group", _("Research group")


def default_time_zone() -> str:
    """The deployment's zone (``TIME_ZONE``), read when an organisation is made, not in a
    migration."""
    return str(settings.TIME_ZONE)


class Organisation(models.Model):
    """A NICU, clinic, health-visiting team, class provider or research group.

    Families join it with its code and choose, category by category, what its staff may see.
    Alerts (and later studies and classes) hang off it.
    """

    name = models.CharField(max_length=120)
    kind = models.CharField(
        max_length=20, choices=OrganisationKind.choices, default=OrganisationKind.CLINIC
    )
    contact_email = models.EmailField(
        _("on-call alert address"),
        help_text=_("Where urgent alerts are e-mailed. Use a monitored team address."),
    )
    join_code = models.CharField(
        max_length=16,
        unique=True,
        default=new_join_code,
        help_text=_("Give this to families so they can choose to share with the organisation."),
    )
    # PRODUCT: how long an urgent alert may wait for a staff member's acknowledgement before it
    # is escalated to the on-call address, and again before the admins are e-mailed. At least
    # 5 minutes (PRODUCT): shorter would escalate before anyone could open the e-mail.
    alert_ack_window = models.DurationField(
        default=timedelta(hours=1),
        validators=[MinValueValidator(timedelta(minutes=5))],
        help_text=_(
            "How long an urgent alert may wait for acknowledgement before it is "
            "e-mailed to the on-call address again, and after that to the admins."
        ),
    )
    # The EPDS total runs 0 to 30 (ten items scored 0-3, epds-cox-1987).
    epds_threshold = models.PositiveSmallIntegerField(
        _("EPDS alert threshold"),
        default=default_epds_threshold,
        validators=[MinValueValidator(1), MaxValueValidator(30)],
        help_text=_("A completed EPDS scoring this or more (of 30) raises a routine alert."),
    )
    # Its staff pages show times (class sessions, alerts) in this zone, named on the page, so
    # every member of staff sees the same clock whatever the server's or her own zone.
    time_zone = models.CharField(
        max_length=64,
        default=default_time_zone,
        validators=[validate_time_zone],
        help_text=_(
            "Where the organisation works, e.g. Europe/London: its staff pages show times in it."
        ),
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects: ClassVar[models.Manager[Organisation]]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: object, **kwargs: object) -> None:
        self.join_code = normalise_join_code(self.join_code)
        super().save(*args, **kwargs)  # type: ignore[arg-type]


class StaffRole(models.TextChoices):
    CLINICIAN = "clinician", _("Clinician")
    CLASS_LEADER = "class_leader", _("Class leader")
    RESEARCHER = "researcher", _("Researcher")
    ORG_ADMIN = "org_admin", _("Organisation admin")


# Who may open a family's page (within her consent). Researchers see study data only, through
# the studies that come later, never a family's page.
ROLES_THAT_SEE_FAMILIES = frozenset(
    {StaffRole.CLINICIAN, StaffRole.CLASS_LEADER, StaffRole.ORG_ADMIN}
)


# Who works the alert queue: clinicians and admins. Class leaders run classes, not clinical
# follow-up (a self-harm alert is not theirs to handle), so the queue is a 404 for them, as it
# is for researchers.
ROLES_THAT_HANDLE_ALERTS = frozenset({StaffRole.CLINICIAN, StaffRole.ORG_ADMIN})


class StaffMembershipQuerySet(models.QuerySet["StaffMembership"]):
    def active(self) -> StaffMembershipQuerySet:
        return self.filter(ended_at__isnull=True)


class StaffMembership(models.Model):
    """A person's place in an organisation's staff; ending it keeps the row as history."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="staff")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="staff_memberships"
    )
    role = models.CharField(max_length=20, choices=StaffRole.choices)
    joined_at = models.DateTimeField(default=timezone.now)
    ended_at = models.DateTimeField(null=True, blank=True)

    objects: ClassVar[StaffMembershipQuerySet] = StaffMembershipQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "user"],
                condition=Q(ended_at__isnull=True),
                name="one_active_staff_membership",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} at {self.organisation} ({self.get_role_display()})"

    @property
    def is_admin(self) -> bool:
        return self.role == StaffRole.ORG_ADMIN

    @property
    def sees_families(self) -> bool:
        return self.role in ROLES_THAT_SEE_FAMILIES

    @property
    def handles_alerts(self) -> bool:
        return self.role in ROLES_THAT_HANDLE_ALERTS


class StaffInvitation(models.Model):
    """An e-mailed, single-use link that makes its addressee staff of an organisation.

    Only the token's hash is stored (``accounts.models.hash_secret``), like family invitations:
    a copy of the database hands out no working link.
    """

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="invitations"
    )
    email = models.EmailField()
    role = models.CharField(max_length=20, choices=StaffRole.choices)
    token_hash = models.CharField(max_length=64, unique=True)
    # Empty when the operator invited the first admin (``firsttouch create_organisation``).
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects: ClassVar[models.Manager[StaffInvitation]]

    def __str__(self) -> str:
        return f"{self.email} to {self.organisation} as {self.get_role_display()}"


class ConsentCategory(models.TextChoices):
    """What a family can let an organisation's staff see; each is a boolean on ``Consent``."""

    MASSAGE_SESSIONS = "massage_sessions", _("Massage sessions")
    BABY_LOGS = "baby_logs", _("The baby's logs (sleep, feeds, nappies, growth…)")
    SCREENINGS_MOOD = "screenings_mood", _("Your screenings and mood")
    NOTES = "notes", _("Free-text notes")


# What a study's staff read of a participant (her code, arm, follow-up): consented to in the
# study's own consent (studies), not an organisation's categories above.
STUDY_FOLLOW_UP = "study"

# The label of every category value an access-log row can carry: the consent categories and
# the study's. The family's "Who looked at my data" list shows these.
ACCESS_CATEGORY_LABELS: dict[str, str | Promise] = {
    **{c.value: c.label for c in ConsentCategory},
    STUDY_FOLLOW_UP: _("Study follow-up"),
}

# The family's shared data: any caregiver who consents shares it. Screenings and mood are the
# consenting caregiver's own (docs/decisions/0005-organisations-consent-audit.md).
FAMILY_CATEGORIES = frozenset(
    {ConsentCategory.MASSAGE_SESSIONS, ConsentCategory.BABY_LOGS, ConsentCategory.NOTES}
)


class ConsentQuerySet(models.QuerySet["Consent"]):
    def active(self) -> ConsentQuerySet:
        return self.filter(revoked_at__isnull=True)


class Consent(models.Model):
    """A caregiver's consent to let an organisation see some categories of data.

    Never edited: changing the categories revokes this row and creates a new one, so the
    history of what she agreed to, and the very text she was shown, stays.
    """

    caregiver = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="consents"
    )
    # Her family when she consented: the family data (logs, sessions, notes) it covers.
    family = models.ForeignKey(
        "accounts.Family",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="consents",
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="consents"
    )
    massage_sessions = models.BooleanField(default=False)
    baby_logs = models.BooleanField(default=False)
    screenings_mood = models.BooleanField(default=False)
    notes = models.BooleanField(default=False)
    consent_version = models.CharField(max_length=20)
    consent_text = models.TextField(help_text=_("The text she was shown when she agreed."))
    consented_at = models.DateTimeField(default=timezone.now)
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects: ClassVar[ConsentQuerySet] = ConsentQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        constraints = [
            # At most one live consent per caregiver and organisation; old ones are history.
            models.UniqueConstraint(
                fields=["caregiver", "organisation"],
                condition=Q(revoked_at__isnull=True),
                name="one_active_consent_per_organisation",
            ),
        ]

    def __str__(self) -> str:
        state = "revoked" if self.revoked_at else "active"
        return f"{self.caregiver} → {self.organisation} ({state})"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None

    @property
    def categories(self) -> frozenset[str]:
        return frozenset(c.value for c in ConsentCategory if getattr(self, c.value))

    def category_labels(self) -> list[str]:
        return [str(c.label) for c in ConsentCategory if getattr(self, c.value)]


class AppendOnlyError(Exception):
    """An attempt to change or delete an audit row: the log only ever grows."""


class AccessLogQuerySet(models.QuerySet["AccessLog"]):
    def update(self, **kwargs: Any) -> int:
        raise AppendOnlyError("The access log is append-only: rows cannot be updated.")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError("The access log is append-only: rows cannot be deleted.")


class AccessLog(models.Model):
    """One staff read of a family's data: who, which organisation, what, why and when.

    Append-only: the model refuses updates and deletes (and on PostgreSQL a trigger refuses
    them too, see migration 0005). The family is a plain id, like an alert's response id: the
    record outlives the family's deletion of her account and then identifies nobody.
    """

    staff = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    family_id = models.PositiveBigIntegerField(db_index=True)
    categories = models.CharField(
        max_length=100, help_text=_("The consent categories shown, comma-separated.")
    )
    what = models.CharField(max_length=200)
    why = models.CharField(max_length=200)
    at = models.DateTimeField(default=timezone.now, db_index=True)

    objects: ClassVar[AccessLogQuerySet] = AccessLogQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.staff} read {self.what} ({self.at:%Y-%m-%d %H:%M})"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None and not self._state.adding:
            raise AppendOnlyError("The access log is append-only: rows cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError("The access log is append-only: rows cannot be deleted.")

    def category_labels(self) -> list[str]:
        """What was read, in the family's words: every value any reader writes has a label
        (``ACCESS_CATEGORY_LABELS``); an unknown one is shown as written, never dropped."""
        names = set(self.categories.split(",")) if self.categories else set()
        known = [str(label) for value, label in ACCESS_CATEGORY_LABELS.items() if value in names]
        return known + sorted(names - ACCESS_CATEGORY_LABELS.keys())


class AlertKind(models.TextChoices):
    URGENT_SELF_HARM = "urgent_self_harm", _("Urgent: thoughts of self-harm (EPDS item 10)")
    EPDS_HIGH = "epds_high", _("EPDS at or above the organisation's threshold")
    BABY_RED_FLAG = "baby_red_flag", _("Baby red flag")
    LACTATION_RED_FLAG = "lactation_red_flag", _("Lactation red flag")


class AlertPriority(models.TextChoices):
    """Urgent alerts are e-mailed at once and escalate when nobody acknowledges them in time;
    routine ones wait in the queue (``services`` says which source is which)."""

    URGENT = "urgent", pgettext_lazy("alert priority", "Urgent")
    ROUTINE = "routine", pgettext_lazy("alert priority", "Routine")


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    DELIVERED = "delivered", _("Delivered")
    FAILED = "failed", _("Failed (gave up retrying)")
    # Routine alerts wait in the queue without a doorbell: there is nothing to deliver.
    NOT_EMAILED = "not_emailed", _("Not e-mailed (routine: in the queue)")


# Alert.status's words, as the queue shows them.
ALERT_STATUS_LABELS = {
    "open": pgettext_lazy("alert status", "Open"),
    "acknowledged": pgettext_lazy("alert status", "Acknowledged"),
    "resolved": pgettext_lazy("alert status", "Resolved"),
}


class AlertQuerySet(models.QuerySet["Alert"]):
    def undelivered(self) -> AlertQuerySet:
        return self.exclude(
            delivery_status__in=[DeliveryStatus.DELIVERED, DeliveryStatus.NOT_EMAILED]
        )

    def open(self) -> AlertQuerySet:
        """Not acknowledged yet (and so not resolved: resolving acknowledges)."""
        return self.filter(acknowledged_at__isnull=True, resolved_at__isnull=True)

    def acknowledged(self) -> AlertQuerySet:
        return self.filter(acknowledged_at__isnull=False, resolved_at__isnull=True)

    def resolved(self) -> AlertQuerySet:
        return self.filter(resolved_at__isnull=False)


class Alert(models.Model):
    """An alert in an organisation's queue, recorded in the transaction of what raised it.

    The row is the alert; e-mail is the doorbell. A staff member acknowledges it, records each
    contact (``AlertContact``) and resolves it; an urgent alert nobody acknowledges within the
    organisation's window is escalated by the worker (on-call address, then the admins).

    The source: EPDS alerts keep the wellbeing ``response_id``; red-flag alerts keep the entry
    (``source_kind``: a tracking entry kind or "lactation", ``source_id``) and the flag
    ``code``. Plain numbers, so the alert outlives any later edit or deletion there.
    """

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="alerts")
    kind = models.CharField(
        max_length=32, choices=AlertKind.choices, default=AlertKind.URGENT_SELF_HARM
    )
    priority = models.CharField(
        max_length=10, choices=AlertPriority.choices, default=AlertPriority.URGENT, db_index=True
    )
    # Kept if she deletes her account: the organisation's record of an urgent alert must not vanish.
    respondent = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    # A plain id like the access log's: the record outlives the family's account.
    family_id = models.PositiveBigIntegerField(null=True, blank=True, db_index=True)
    # The wellbeing Response's id: a plain number, so the alert outlives any later edit there.
    response_id = models.PositiveBigIntegerField(null=True, blank=True)
    source_kind = models.CharField(max_length=20, blank=True)
    source_id = models.PositiveBigIntegerField(null=True, blank=True)
    code = models.CharField(max_length=40, blank=True, help_text=_("The red flag's code."))
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
        help_text=_("A worker is sending it until then; others leave it alone (no double e-mail)."),
    )
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    resolution_note = models.TextField(blank=True)
    escalated_to_on_call_at = models.DateTimeField(null=True, blank=True)
    escalated_to_admins_at = models.DateTimeField(null=True, blank=True)
    escalation_claimed_until = models.DateTimeField(
        null=True,
        blank=True,
        help_text=_("A worker is sending an escalation until then (no double e-mail)."),
    )
    escalation_attempts = models.PositiveIntegerField(default=0)
    escalation_error = models.CharField(max_length=500, blank=True)

    objects: ClassVar[AlertQuerySet] = AlertQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            # Completing the same response twice must not queue a second alert.
            models.UniqueConstraint(
                fields=["organisation", "response_id", "kind"],
                name="one_alert_per_response_and_clinic",
            ),
            # Saving the same entry again (an edit, an API retry, an undo) raises nothing new.
            models.UniqueConstraint(
                fields=["organisation", "source_kind", "source_id", "kind", "code"],
                condition=Q(source_id__isnull=False),
                name="one_alert_per_flag_and_organisation",
            ),
        ]

    def __str__(self) -> str:
        return (
            f"{self.get_kind_display()} for {self.organisation} "
            f"({self.get_delivery_status_display()})"
        )

    @property
    def status_label(self) -> str:
        """The status word in the reader's language."""
        return str(ALERT_STATUS_LABELS[self.status])

    @property
    def status(self) -> str:
        """open, acknowledged or resolved: the queue's one status word."""
        if self.resolved_at is not None:
            return "resolved"
        if self.acknowledged_at is not None:
            return "acknowledged"
        return "open"

    @property
    def family_label(self) -> str:
        """How the queue names the family without showing any of its data."""
        if self.family_id:
            return gettext("Family #%(number)s") % {"number": self.family_id}
        return gettext("Family (account deleted)")


class ContactMethod(models.TextChoices):
    PHONE = "phone", _("Phone")
    VIDEO = "video", _("Video call")
    IN_PERSON = "in_person", _("In person")
    MESSAGE = "message", _("Message")
    OTHER = "other", _("Other")


class AlertContact(models.Model):
    """One attempt by staff to reach the family about an alert: how, when, what came of it."""

    alert = models.ForeignKey(Alert, on_delete=models.CASCADE, related_name="contacts")
    method = models.CharField(max_length=12, choices=ContactMethod.choices)
    contacted_at = models.DateTimeField()
    outcome = models.TextField()
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    objects: ClassVar[models.Manager[AlertContact]]

    class Meta:
        ordering = ["contacted_at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_method_display()} about alert {self.alert_id} at {self.contacted_at}"


class UnrecordedAlert(models.Model):
    """An alert that could not be recorded when its source was saved: the durable marker.

    Written in the sender's transaction (outside the rolled-back savepoint), so it commits with
    the screening or the entry; the worker's sweep (``alerts.retry_unrecorded``) records the
    alert from the source again and deletes the marker in the same savepoint, so the alert is
    recorded exactly once and the marker is never lost. The urgent self-harm alert keeps its
    own marker on the response (``wellbeing.services.ALERT_FAILED``).
    """

    kind = models.CharField(max_length=32, choices=AlertKind.choices)
    # The source as the alert keeps it: "epds" (a wellbeing response), a tracking entry kind
    # or "lactation"; plain numbers, like the alert's.
    source_kind = models.CharField(max_length=20)
    source_id = models.PositiveBigIntegerField()
    codes = models.JSONField(default=list, blank=True, help_text=_("The red flags' codes."))
    error = models.CharField(max_length=300, blank=True)
    attempts = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(default=timezone.now)

    objects: ClassVar[models.Manager[UnrecordedAlert]]

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} of {self.source_kind} {self.source_id}"
