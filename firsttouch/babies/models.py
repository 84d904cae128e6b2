"""The baby: the person every routine, log and insight is about."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from firsttouch.accounts.models import Family
from firsttouch.core import moments
from firsttouch.core.scoping import FamilyOwned

from . import services

TERM_WEEKS = services.TERM_WEEKS


class Sex(models.TextChoices):
    """The WHO growth standards are published separately for girls and boys."""

    GIRL = "girl", _("Girl")
    BOY = "boy", _("Boy")


class Baby(FamilyOwned):
    FAMILY_PATH = "family"

    family = models.ForeignKey(Family, on_delete=models.CASCADE, related_name="babies")
    name = models.CharField(max_length=60)
    birth_date = models.DateField()
    gestational_weeks = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[MinValueValidator(22), MaxValueValidator(44)],
        help_text=_("Completed weeks of pregnancy at birth, if the baby was born early."),
    )
    sex = models.CharField(
        max_length=4,
        choices=Sex.choices,
        blank=True,
        default="",
        help_text=_("Only used to pick the girls' or boys' growth chart."),
    )
    usual_bedtime = models.TimeField(
        null=True, blank=True, help_text=_("Used to suggest the bedtime routine near bedtime.")
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["birth_date", "id"]
        verbose_name_plural = _("babies")

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if not self.birth_date:
            return
        today = timezone.localdate()
        if self.birth_date > today:
            raise ValidationError(
                {"birth_date": gettext("The birth date cannot be in the future.")}
            )
        if self.birth_date < moments.oldest_birth_date(today):
            raise ValidationError(
                {
                    "birth_date": gettext(
                        "This app is for babies: a birth date more than %(years)s years ago "
                        "cannot be entered. Check the year."
                    )
                    % {"years": moments.OLDEST_BABY_YEARS}
                }
            )

    def age(self, on: date | None = None) -> services.Age:
        return services.age(self.birth_date, self.gestational_weeks, on or timezone.localdate())
