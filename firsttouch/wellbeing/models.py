"""A mother's answers to a questionnaire, and the instruments a clinic imported.

A response belongs to the person who answered it (``respondent``) and to her family for
scoping, but the family does not see it by default: screenings are private unless she shares
them (``shared_with_family``); see ``services.visible_responses``. Answers are kept with the
option chosen, its text and its score, plus the instrument version, so a later version of the
wording never changes what she answered.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from firsttouch.core.scoping import FamilyOwned

from .instruments import Instrument


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    COMPLETE = "complete", _("Complete")


class Response(FamilyOwned):
    family = models.ForeignKey(
        "accounts.Family", on_delete=models.CASCADE, related_name="wellbeing_responses"
    )
    respondent = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="wellbeing_responses"
    )
    instrument_id = models.CharField(max_length=60)
    instrument_version = models.CharField(max_length=20)
    instrument_language = models.CharField(
        max_length=10,
        default="en",
        help_text=_("The language version answered, e.g. en, or es for a validated translation."),
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    started_at = models.DateTimeField(default=timezone.now)
    completed_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    answers = models.JSONField(
        default=list,
        blank=True,
        help_text=_("[{link_id, index, text, score}] in item order; index is the option chosen."),
    )
    total = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text=_("Null until complete: drafts never score.")
    )
    subscales = models.JSONField(default=dict, blank=True, help_text=_("{subscale id: score}"))
    band = models.CharField(
        max_length=20, blank=True, help_text=_("EPDS: below/possible/probable.")
    )
    flags = models.JSONField(
        default=dict,
        blank=True,
        help_text=_(
            "anxiety, rise, rise_by, previous_total, safety, safety_items, item10_score; "
            "alert_failed and alert_error while the urgent alert is not recorded."
        ),
    )
    shared_with_family = models.BooleanField(
        default=False, help_text=_("Other caregivers of the family may see it.")
    )

    objects: ClassVar[Any]

    class Meta:
        ordering = ["-started_at", "-pk"]
        indexes = [
            models.Index(
                fields=["respondent", "instrument_id", "status", "completed_at"],
                name="wellbeing_resp_history",
            )
        ]

    def __str__(self) -> str:
        return f"{self.instrument_id} {self.status} by {self.respondent_id}"

    @property
    def is_complete(self) -> bool:
        return self.status == Status.COMPLETE

    def instrument(self) -> Instrument | None:
        from .instruments import instruments

        return instruments().get(
            self.instrument_id, self.instrument_version, language=self.instrument_language
        )

    def chosen(self) -> dict[str, int]:
        """The answers as {link id: option index}, the scoring input."""
        return {a["link_id"]: a["index"] for a in self.answers}


class ImportedInstrument(models.Model):
    """An instrument a clinic loaded as a FHIR Questionnaire (``firsttouch import_instrument``).

    The FHIR JSON is kept as imported: it is the instrument, and the export gives it back.
    """

    instrument_id = models.CharField(max_length=60)
    version = models.CharField(max_length=20)
    title = models.CharField(max_length=300)
    demo = models.BooleanField(default=False)
    fhir = models.JSONField()
    imported_at = models.DateTimeField(default=timezone.now)

    objects: ClassVar[models.Manager[ImportedInstrument]]

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["instrument_id", "version"], name="wellbeing_instrument_version"
            )
        ]

    def __str__(self) -> str:
        return f"{self.title} {self.version}"

    def instrument(self) -> Instrument:
        from .fhir import from_fhir_questionnaire

        return from_fhir_questionnaire(self.fhir).model_copy(update={"origin": "imported"})


class CaregiverSettings(models.Model):
    """Per-person choices for the mother's side (kept apart from accounts on purpose).

    ``country`` picks the crisis lines shown by the safety response; blank means "not chosen",
    and the family's time zone (then the deployment's default) decides. It lives here, with
    the screenings and the safety response it serves (it was in ``programs`` until the
    programs -> wellbeing dependency was made one-way; the table moved with it).
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="caregiver_settings"
    )
    country = models.CharField(
        max_length=2,
        blank=True,
        default="",
        help_text=_("ISO 3166 code, e.g. GB or US; blank: decide from the family's time zone."),
    )
    # What clinics see of her screenings is her consent to each organisation
    # (programs.Consent, "screenings and mood"); there is no second switch for it here.
    share_screenings_with_family = models.BooleanField(
        default=False,
        help_text=_("Show her screening results to the other caregivers in her family."),
    )

    objects: ClassVar[models.Manager[CaregiverSettings]]

    class Meta:
        verbose_name_plural = _("caregiver settings")

    def __str__(self) -> str:
        return f"Settings of {self.user}"


class SafetyEventKind(models.TextChoices):
    RAISED = "raised", _("Urgent alert raised")
    CHANGED = "changed", _("Answer changed after the alert")


class SafetyEvent(models.Model):
    """The record of a response's urgent safety alert: raised once, then every later change.

    A safety item (EPDS item 10) answered above "Never" raises the clinics' urgent alert the
    moment it is first saved, draft or not, so a mother who closes the page is not lost. The
    ``raised`` row is unique per response (a database constraint, so two saves racing each
    other cannot raise it twice). If she later changes that answer, even to "Never", the alert
    stays and a ``changed`` row keeps what it was, what it became and when.
    """

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="safety_events")
    kind = models.CharField(max_length=10, choices=SafetyEventKind.choices)
    link_id = models.CharField(max_length=60, help_text=_("The safety item, e.g. EPDS item 10."))
    old_score = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text=_("Its score before; empty when it was not answered.")
    )
    new_score = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text=_("Its score after; empty when the answer was cleared.")
    )
    at = models.DateTimeField(default=timezone.now)

    objects: ClassVar[models.Manager[SafetyEvent]]

    class Meta:
        ordering = ["at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["response"],
                condition=models.Q(kind="raised"),
                name="wellbeing_one_safety_alert_per_response",
            )
        ]

    def __str__(self) -> str:
        change = f"{self.old_score} -> {self.new_score}"
        return f"{self.get_kind_display()}: item {self.link_id} {change}"
