"""Massage sessions as they were given, and the family's massager wand (our own guidance)."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from firsttouch.accounts.models import Family
from firsttouch.babies.models import Baby
from firsttouch.core import moments
from firsttouch.core.scoping import FamilyOwned


class BabyState(models.TextChoices):
    CALM = "calm", pgettext_lazy("baby state", "Calm")
    FUSSY = "fussy", pgettext_lazy("baby state", "Fussy")
    CRYING = "crying", pgettext_lazy("baby state", "Crying")
    DROWSY = "drowsy", pgettext_lazy("baby state", "Drowsy")
    ASLEEP = "asleep", pgettext_lazy("baby state", "Asleep")


class Tool(models.TextChoices):
    HANDS = "hands", _("Hands")
    WAND = "wand", _("Massager wand")


class Massager(FamilyOwned):
    """A family's massager device: its heads and vibration levels are configured, not assumed.

    The seed describes a wand with three interchangeable heads and a low vibration but not the
    heads themselves, so the family names them (no published standard describes them).
    """

    FAMILY_PATH = "family"

    family = models.ForeignKey(Family, on_delete=models.CASCADE, related_name="massagers")
    name = models.CharField(max_length=80, default="Massager wand")
    heads = models.JSONField(
        default=list,
        blank=True,
        help_text=_('List of {"name": ..., "texture": ...} for each head.'),
    )
    vibration_levels = models.JSONField(default=list, help_text=_('e.g. ["off", "low"]'))

    def __str__(self) -> str:
        return self.name

    def head_names(self) -> list[str]:
        return [str(h.get("name", "")) for h in self.heads if isinstance(h, dict)]

    def clean(self) -> None:
        if not isinstance(self.heads, list) or not all(
            isinstance(h, dict) and str(h.get("name", "")).strip() for h in self.heads
        ):
            raise ValidationError({"heads": gettext("Each head needs a name.")})
        if not isinstance(self.vibration_levels, list) or not self.vibration_levels:
            raise ValidationError(
                {"vibration_levels": gettext("List at least one level, e.g. off.")}
            )


class MassageSession(FamilyOwned):
    """One massage, guided by the player or logged afterwards."""

    FAMILY_PATH = "baby__family"

    baby = models.ForeignKey(Baby, on_delete=models.CASCADE, related_name="massage_sessions")
    routine_slug = models.SlugField(
        max_length=60, blank=True, help_text=_("Empty for a free-form session.")
    )
    routine_version = models.CharField(max_length=20, blank=True)
    started_at = models.DateTimeField(default=timezone.now)
    ended_at = models.DateTimeField(
        null=True, blank=True, help_text=_("Empty while the guided player is running.")
    )
    steps_completed = models.PositiveSmallIntegerField(default=0)
    skipped_regions = models.JSONField(
        default=list, blank=True, help_text=_("Regions left out after the safety check.")
    )
    ended_early = models.BooleanField(default=False)
    ended_early_reason = models.CharField(max_length=200, blank=True)
    state_before = models.CharField(max_length=10, choices=BabyState.choices, blank=True)
    state_after = models.CharField(max_length=10, choices=BabyState.choices, blank=True)
    cues = models.JSONField(
        default=list, blank=True, help_text=_("Cue ids seen, from the routine library.")
    )
    tool = models.CharField(max_length=10, choices=Tool.choices, default=Tool.HANDS)
    massager = models.ForeignKey(
        Massager, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    wand_head = models.CharField(max_length=60, blank=True)
    vibration = models.CharField(max_length=20, blank=True)
    oil = models.CharField(max_length=80, blank=True)
    notes = models.TextField(blank=True, max_length=2000)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-started_at"]
        indexes = [
            models.Index(fields=["baby", "started_at"]),
            # insights.services.data_version: count and latest change, from the index
            models.Index(fields=["baby", "updated_at"]),
        ]

    def __str__(self) -> str:
        what = self.routine_slug or "massage"
        return f"{what} for {self.baby} at {self.started_at:%Y-%m-%d %H:%M}"

    @property
    def is_running(self) -> bool:
        return self.ended_at is None

    @property
    def duration_seconds(self) -> int | None:
        if self.ended_at is None:
            return None
        return int((self.ended_at - self.started_at).total_seconds())

    def clean(self) -> None:
        # The years first: comparing a time of year 1 with now fails (core.moments).
        errors = moments.out_of_range_fields(self, ["started_at", "ended_at"])
        if errors:
            raise ValidationError(errors)
        latest = timezone.now() + timedelta(minutes=2)
        if self.started_at and self.started_at > latest:
            errors["started_at"] = gettext("The start is in the future. Check the date and time.")
        if self.ended_at is not None and self.started_at:
            if self.ended_at > latest:
                errors["ended_at"] = gettext("The end is in the future. Check the date and time.")
            elif self.ended_at < self.started_at:
                errors["ended_at"] = gettext("The end must be after the start.")
        if self.tool == Tool.HANDS and (self.wand_head or self.vibration or self.massager_id):
            errors["tool"] = gettext("A head and vibration level only apply when using the wand.")
        if (
            self.massager_id
            and self.massager
            and self.baby_id
            and self.massager.family_id != self.baby.family_id
        ):
            errors["massager"] = gettext("Choose one of your family's devices.")
        if self.massager and self.wand_head and self.wand_head not in self.massager.head_names():
            errors["wand_head"] = gettext("Choose one of this device's heads.")
        if (
            self.massager
            and self.vibration
            and self.vibration not in self.massager.vibration_levels
        ):
            errors["vibration"] = gettext("Choose one of this device's vibration levels.")
        errors.update(self._content_errors())
        if errors:
            raise ValidationError(errors)

    def _content_errors(self) -> dict[str, str]:
        """Ids stored in the row must exist in the routine library (content/*.toml)."""
        from .content import REGION_LABELS, library

        lib = library()
        errors: dict[str, str] = {}
        if not isinstance(self.cues, list) or not all(
            isinstance(c, str) and c in lib.cues.ids() for c in self.cues
        ):
            errors["cues"] = gettext("Choose cues from the list shown.")
        if not isinstance(self.skipped_regions, list) or not all(
            isinstance(r, str) and r in REGION_LABELS for r in self.skipped_regions
        ):
            errors["skipped_regions"] = gettext("Unknown body region.")
        if self._state.adding and self.routine_slug and lib.get(self.routine_slug) is None:
            errors["routine_slug"] = gettext("Choose a routine from the library.")
        return errors
