"""People, the families they belong to, and the ways they get in (invitations, API tokens)."""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta
from typing import ClassVar
from zoneinfo import available_timezones

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def hash_secret(raw: str) -> str:
    """Tokens are stored hashed: a stolen database must not hand out working links or keys."""
    return hashlib.sha256(raw.encode()).hexdigest()


# The languages an account can choose (settings.LANGUAGES); each named in its own language.
LANGUAGE_CHOICES = [("en-gb", "English"), ("es", "Español"), ("fr", "Français")]


class User(AbstractUser):
    """A person who logs in. Logs in with their e-mail address, which is also the username."""

    # Blank: follow the browser's language (Accept-Language, or the log-in page's switcher).
    # db_default too: rows written by older code (or a migration test's historical models)
    # that do not know the column still get a value.
    language = models.CharField(
        max_length=10, choices=LANGUAGE_CHOICES, blank=True, default="", db_default=""
    )

    class Meta:
        db_table = "accounts_user"

    @property
    def language_of_messages(self) -> str:
        """The language of what is sent to this person with no browser to ask (e-mails,
        notifications): their choice, else the site's default."""
        return self.language or settings.LANGUAGE_CODE


TIME_ZONE_CHOICES = sorted((tz, tz) for tz in available_timezones() if "/" in tz or tz == "UTC")


def validate_time_zone(value: str) -> None:
    # Checked here, not as field choices, so the machine's tz database never alters migrations.
    if value not in available_timezones():
        raise ValidationError(f"{value!r} is not a time zone we know, e.g. Europe/London.")


class Units(models.TextChoices):
    """How weights, lengths, temperatures and bottle amounts are typed and shown.

    Stored values are always metric (grams, cm, °C, ml): see core/units.py.
    """

    METRIC = "metric", _("Metric (kg, cm, °C, ml)")
    IMPERIAL = "imperial", _("Imperial (lb and oz, inches, °F, fl oz)")


class Family(models.Model):
    """A household: its caregivers and its babies. The unit every scoping rule uses."""

    name = models.CharField(max_length=100)
    time_zone = models.CharField(max_length=64, default="UTC", validators=[validate_time_zone])
    units = models.CharField(
        max_length=10,
        choices=Units.choices,
        default=Units.METRIC,
        db_default=Units.METRIC,
        verbose_name=_("units"),
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name_plural = "families"

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    MOTHER = "mother", _("Mother")
    FATHER = "father", _("Father")
    PARTNER = "partner", _("Partner")
    GRANDPARENT = "grandparent", _("Grandparent")
    NANNY = "nanny", _("Nanny")
    OTHER = "other", _("Other caregiver")


class Membership(models.Model):
    """A user's place in one family. A user belongs to at most one family (see decisions)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="membership"
    )
    family = models.ForeignKey(Family, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.MOTHER)
    is_admin = models.BooleanField(
        default=False, help_text=_("Can invite and remove caregivers (the family's creator).")
    )
    joined_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"{self.user} in {self.family} as {self.get_role_display()}"


class Invitation(models.Model):
    """A single-use link that lets a new caregiver join a family before it expires."""

    family = models.ForeignKey(Family, on_delete=models.CASCADE, related_name="invitations")
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.PARTNER)
    token_hash = models.CharField(max_length=64, unique=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    used_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    @classmethod
    def issue(cls, family: Family, created_by: User, role: str) -> tuple[Invitation, str]:
        """Create an invitation; return it with the raw token (shown once, never stored)."""
        raw = secrets.token_urlsafe(24)
        invitation = cls.objects.create(
            family=family,
            role=role,
            created_by=created_by,
            token_hash=hash_secret(raw),
            expires_at=timezone.now() + timedelta(days=settings.INVITATION_VALID_DAYS),
        )
        return invitation, raw

    @property
    def is_usable(self) -> bool:
        return self.used_at is None and self.expires_at > timezone.now()


class ThrottleKind(models.TextChoices):
    """What is being counted: log-ins and password-reset requests never share a count."""

    LOGIN = "login", _("Log-in")
    RESET = "reset", _("Password-reset request")


class ThrottleScope(models.TextChoices):
    ACCOUNT = "account", _("Account")
    ADDRESS = "address", _("Address")


class LoginCounter(models.Model):
    """Attempts on one account, or from one address, in the current throttling window.

    One row per (kind, scope, subject), incremented with ``UPDATE ... count + 1`` (see
    ``throttle.py``): the database serialises concurrent requests from every server process,
    which neither a per-process dict nor the default local-memory cache would.
    """

    kind = models.CharField(max_length=10, choices=ThrottleKind.choices)
    scope = models.CharField(max_length=10, choices=ThrottleScope.choices)
    subject = models.CharField(max_length=254, help_text=_("The e-mail address, or the address."))
    count = models.PositiveIntegerField(default=0)
    window_started = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "scope", "subject"], name="one_login_counter_per_subject"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.scope} {self.subject}: {self.count}"


class ApiToken(models.Model):
    """A personal API key for ``Authorization: Bearer``; only its hash is stored."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(max_length=100)
    key_hash = models.CharField(max_length=64, unique=True)
    prefix = models.CharField(max_length=8, help_text=_("First characters, to recognise a key."))
    created_at = models.DateTimeField(default=timezone.now)
    last_used_at = models.DateTimeField(null=True, blank=True)
    # Staff routes read other families' data, so they take only a token issued after a second
    # factor (POST /api/v1/staff/token): a password alone, or a key made on the family's
    # settings page, never reaches them (decision 0009).
    second_factor_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text=_("When a second factor was checked to issue it; empty for a family's key."),
    )

    objects: ClassVar[models.Manager[ApiToken]]

    @classmethod
    def issue(
        cls, user: User, name: str, second_factor_at: datetime | None = None
    ) -> tuple[ApiToken, str]:
        raw = "ft_" + secrets.token_urlsafe(32)
        token = cls.objects.create(
            user=user,
            name=name,
            key_hash=hash_secret(raw),
            prefix=raw[:8],
            second_factor_at=second_factor_at,
        )
        return token, raw

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"
