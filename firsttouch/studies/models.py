"""A randomised study: its arms, its strata and the participants enrolled in it.

The allocation seed is the secret that makes the allocation concealed. It is generated when
the study is created, is not editable (so no form or admin page shows it), is never part of
a schema, page or ``repr``, and is read only by ``studies.services.enrol``. Whoever is given
it after the trial (the statistician, an auditor) can rebuild every allocation with
``studies.randomisation.allocation_list``.

A study is run by an organisation (a research group, a NICU, a clinic): its staff will enrol
and follow the participants, under the families' consent.
"""

from __future__ import annotations

import secrets
from typing import Any, ClassVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from firsttouch.programs.models import AppendOnlyError

from . import schedule as schedule_rules

SEED_BYTES = 32


def new_allocation_seed() -> bytes:
    """32 random bytes from the operating system's CSPRNG."""
    return secrets.token_bytes(SEED_BYTES)


class StudyStatus(models.TextChoices):
    """Draft: the protocol may change. Recruiting: enrolment is open and the protocol is
    locked (the allocation lists depend on the arms and strata, the schedule and eligibility
    on what participants agreed to). Closed: no more enrolment; follow-up goes on."""

    DRAFT = "draft", _("Draft")
    RECRUITING = "recruiting", _("Recruiting")
    CLOSED = "closed", _("Closed")


# The fields of the protocol that may change only while a study is a draft.
LOCKED_FIELDS = (
    "stratification_factors",
    "block_multiples",
    "eligibility",
    "schedule",
    "consent_text",
    "consent_version",
    "analysis_design",
    "outcome_instrument",
    "baseline_point",
    "outcome_point",
    "control_arm",
)


class AnalysisDesign(models.TextChoices):
    """The pre-specified primary analysis (``studies.analysis``), fixed before recruiting."""

    PRE_POST = "pre_post", _("Two groups, before and after (change scores and ANCOVA)")
    REPEATED = "repeated", _("Repeated measures (linear mixed model, arm x time)")


class Study(models.Model):
    # Nullable only so that the column could be added to a table that may hold rows made in
    # the admin before it existed; the admin and every form require it (blank=False).
    organisation = models.ForeignKey(
        "programs.Organisation", on_delete=models.PROTECT, null=True, related_name="studies"
    )
    title = models.CharField(max_length=200)
    # A trial registry id (ISRCTN..., NCT...), shown in reports; blank until registered.
    registration_id = models.CharField(max_length=60, blank=True)
    target_size = models.PositiveIntegerField()
    # [{"name": "parity", "levels": ["first baby", "not first"]}, ...]: each participant's
    # stratum is one level of each factor. Empty: a single stratum.
    stratification_factors = models.JSONField(default=list, blank=True)
    # Block sizes as multiples of the arms' ratio sum (see randomisation.allocation_list).
    block_multiples = models.JSONField(default=list, blank=True)
    allocation_seed = models.BinaryField(
        max_length=SEED_BYTES, default=new_allocation_seed, editable=False
    )
    status = models.CharField(max_length=12, choices=StudyStatus.choices, default=StudyStatus.DRAFT)
    # [{"question": "Is your baby under 8 weeks old?", "eligible_answer": true}, ...]: every
    # answer must match for her to be eligible.
    eligibility = models.JSONField(default=list, blank=True)
    consent_text = models.TextField(
        blank=True, help_text=_("What a participant reads and agrees to.")
    )
    consent_version = models.CharField(max_length=20, blank=True)
    # [{"key": "baseline", "label": "Baseline", "day": 0, "before": 0, "after": 3,
    #   "instruments": ["epds"]}, ...]: see studies.schedule.
    schedule = models.JSONField(default=list, blank=True)
    # The primary analysis, pre-specified and locked with the protocol: the design, the
    # instrument whose total is the outcome, the control arm (by name) and, for a pre/post
    # design, the baseline and post time points (keys of the schedule).
    analysis_design = models.CharField(
        max_length=10,
        choices=AnalysisDesign.choices,
        blank=True,
        help_text=_(
            "The primary analysis, chosen before recruiting opens and locked with the protocol."
        ),
    )
    outcome_instrument = models.CharField(
        max_length=60,
        blank=True,
        help_text=_(
            "The id of the questionnaire whose total is the outcome (e.g. epds); the "
            "schedule must collect it at the time points compared."
        ),
    )
    control_arm = models.CharField(
        max_length=80,
        blank=True,
        help_text=_(
            "The name of the arm every other arm is compared with, exactly as the arm is named."
        ),
    )
    baseline_point = models.CharField(
        max_length=40,
        blank=True,
        help_text=_(
            "Before/after design only: the key of the schedule's time point before (e.g. baseline)."
        ),
    )
    outcome_point = models.CharField(
        max_length=40,
        blank=True,
        help_text=_(
            "Before/after design only: the key of the schedule's time point after (e.g. week4)."
        ),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # The secret behind the date shifts of pseudonymised exports (``studies.exports``): each
    # participant's shift is an HMAC of her code under it, so every export of the study shifts
    # her dates by the same days. Like the seed, never shown on a page, a form or a ``repr``.
    date_shift_key = models.BinaryField(
        max_length=SEED_BYTES, default=new_allocation_seed, editable=False
    )

    class Meta:
        verbose_name_plural = "studies"

    def __str__(self) -> str:
        return self.title

    def __repr__(self) -> str:
        # Spelled out so that no default representation ever prints the seed.
        return f"<Study {self.pk}: {self.title}>"

    def clean(self) -> None:
        factors = self.stratification_factors
        problem = _factors_problem(factors)
        if problem:
            raise ValidationError({"stratification_factors": problem})
        multiples = self.block_multiples
        if not isinstance(multiples, list) or not all(
            isinstance(m, int) and m >= 1 for m in multiples
        ):
            raise ValidationError(
                {"block_multiples": "Give block sizes as whole multiples, e.g. [1, 2, 3]."}
            )
        problem = _eligibility_problem(self.eligibility)
        if problem:
            raise ValidationError({"eligibility": problem})
        if self.schedule:
            try:
                points = self.time_points()
            except schedule_rules.ScheduleError as exc:
                raise ValidationError({"schedule": str(exc)}) from None
            problem = _instruments_problem(points)
            if problem:
                raise ValidationError({"schedule": problem})
        problem = self.analysis_plan_problem()
        if problem and (self.analysis_design or self.outcome_instrument or self.control_arm):
            raise ValidationError({"analysis_design": problem})
        if self.status != StudyStatus.DRAFT:
            if not (self.schedule and self.consent_text.strip() and self.consent_version.strip()):
                raise ValidationError(
                    _(
                        "Before recruiting, give the study its schedule and its consent text "
                        "with a version."
                    )
                )
            if problem:
                raise ValidationError(f"Before recruiting, pre-specify the analysis: {problem}")
            if self.pk is not None:
                changed = self.locked_changes()
                if changed:
                    raise ValidationError(
                        f"{', '.join(changed)} cannot change once recruitment has opened: "
                        "the allocation and what participants agreed to depend on them."
                    )

    def locked_changes(self) -> list[str]:
        """The protocol fields that differ from the stored row; empty for a new study or one
        stored as a draft (the save that opens recruitment may still set the protocol)."""
        stored = Study.objects.filter(pk=self.pk).values("status", *LOCKED_FIELDS).first()
        if stored is None or stored["status"] == StudyStatus.DRAFT:
            return []
        return [name for name in LOCKED_FIELDS if stored[name] != getattr(self, name)]

    def analysis_plan_problem(self) -> str:
        """Why the primary analysis cannot run as specified (a sentence), or "" when it can.

        The outcome instrument must be collected at the time points the design compares, and
        the control arm must be one of the study's arms (checked once arms exist)."""
        if not self.analysis_design:
            return gettext("choose the design of the primary analysis.")
        if not self.outcome_instrument:
            return gettext("name the instrument whose total is the outcome.")
        if not self.control_arm:
            return gettext("name the control arm.")
        if self.pk is not None:
            names = set(self.arms.values_list("name", flat=True))
            if names and self.control_arm not in names:
                return gettext("the control arm must be one of %(arms)s.") % {
                    "arms": ", ".join(sorted(names))
                }
        try:
            points = self.time_points() if self.schedule else ()
        except schedule_rules.ScheduleError:
            return ""  # reported on the schedule itself
        from .instruments import is_built_in

        if is_built_in(self.outcome_instrument):
            return gettext(
                "%(instrument)s is a summary of measures, not a score: the outcome must be a "
                "questionnaire's total."
            ) % {"instrument": self.outcome_instrument}
        collecting = [p.key for p in points if self.outcome_instrument in p.instruments]
        if points and not collecting:
            return gettext("no time point of the schedule collects %(instrument)s.") % {
                "instrument": self.outcome_instrument
            }
        if self.analysis_design == AnalysisDesign.PRE_POST:
            pair = (self.baseline_point, self.outcome_point)
            if not all(pair) or pair[0] == pair[1]:
                return gettext(
                    "a before/after design needs two different time points, before and after."
                )
            if points and not set(pair) <= set(collecting):
                return gettext(
                    "the before and after time points must collect %(instrument)s"
                    " (those that do: %(points)s)."
                ) % {"instrument": self.outcome_instrument, "points": ", ".join(collecting)}
        return ""

    @property
    def is_draft(self) -> bool:
        return self.status == StudyStatus.DRAFT

    def time_points(self) -> tuple[schedule_rules.TimePoint, ...]:
        """The schedule as validated time points, in order (``ScheduleError`` if broken)."""
        return schedule_rules.validate(parse_schedule(self.schedule))


def parse_schedule(raw: Any) -> list[schedule_rules.TimePoint]:
    """JSON time points as ``TimePoint`` values; a wrong shape is a ``ScheduleError``."""
    example = (
        'e.g. [{"key": "baseline", "label": "Baseline", "day": 0, "after": 3, '
        '"instruments": ["epds"]}]'
    )
    if not isinstance(raw, list):
        raise schedule_rules.ScheduleError(f"List the time points, {example}.")
    points = []
    for item in raw:
        if (
            not isinstance(item, dict)
            or not {"key", "label", "day", "instruments"} <= set(item)
            or not set(item) <= {"key", "label", "day", "before", "after", "instruments"}
            or not all(isinstance(item.get(k, 0), int) for k in ("day", "before", "after"))
            or not isinstance(item["instruments"], list)
            or not all(isinstance(i, str) and i for i in item["instruments"])
            or not isinstance(item["key"], str)
            or not isinstance(item["label"], str)
        ):
            raise schedule_rules.ScheduleError(
                f"Each time point needs a key, a label, a day and its instruments, {example}."
            )
        points.append(
            schedule_rules.TimePoint(
                key=item["key"],
                label=item["label"],
                day=item["day"],
                before=item.get("before", 0),
                after=item.get("after", 0),
                instruments=tuple(item["instruments"]),
            )
        )
    return points


def _instruments_problem(points: tuple[schedule_rules.TimePoint, ...]) -> str:
    """A sentence naming the instruments of the schedule that nobody can collect, or ''.

    An instrument is a questionnaire the app knows (bundled, or imported with
    ``firsttouch import_instrument``) or a built-in one (``studies.instruments.BUILT_IN``); a
    misspelt id would otherwise lock into the protocol a time point that never completes."""
    from .instruments import BUILT_IN, unknown_instruments

    unknown = unknown_instruments(i for p in points for i in p.instruments)
    if not unknown:
        return ""
    names = ", ".join(repr(i) for i in unknown)
    noun = "instrument" if len(unknown) == 1 else "instruments"
    return (
        f"Unknown {noun} {names}: name a questionnaire the app knows (the EPDS is 'epds'; "
        "import a clinic's with firsttouch import_instrument first) or a built-in one "
        f"({', '.join(repr(b) for b in BUILT_IN)})."
    )


def _eligibility_problem(questions: Any) -> str:
    """A sentence saying what is wrong with the eligibility questions, or ''."""
    example = 'e.g. [{"question": "Is your baby under 8 weeks old?", "eligible_answer": true}]'
    if not isinstance(questions, list):
        return f"List the eligibility questions, {example}."
    for item in questions:
        if (
            not isinstance(item, dict)
            or set(item) != {"question", "eligible_answer"}
            or not isinstance(item["question"], str)
            or not item["question"].strip()
            or not isinstance(item["eligible_answer"], bool)
        ):
            return f"Each question needs its text and the answer (yes or no) that fits, {example}."
    return ""


def _factors_problem(factors: Any) -> str:
    """A sentence saying what is wrong with a stratification factor list, or ''."""
    example = 'e.g. [{"name": "parity", "levels": ["first baby", "not first"]}]'
    if not isinstance(factors, list):
        return f"List the stratification factors, {example}."
    names: set[str] = set()
    for factor in factors:
        if (
            not isinstance(factor, dict)
            or set(factor) != {"name", "levels"}
            or not isinstance(factor["name"], str)
            or not factor["name"].strip()
            or not isinstance(factor["levels"], list)
            or len(factor["levels"]) < 2
            or not all(isinstance(level, str) and level.strip() for level in factor["levels"])
            or len(set(factor["levels"])) != len(factor["levels"])
        ):
            return f"Each factor needs a name and two or more different levels, {example}."
        if factor["name"] in names:
            return f"The factor {factor['name']!r} is listed twice."
        names.add(factor["name"])
    return ""


class Arm(models.Model):
    study = models.ForeignKey(Study, on_delete=models.CASCADE, related_name="arms")
    name = models.CharField(max_length=80)
    intervention = models.TextField(blank=True)
    # Allocation ratio: 2 against 1 puts two participants in this arm for each in the other.
    ratio = models.PositiveSmallIntegerField(default=1)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["study", "name"], name="studies_arm_unique_name"),
            models.CheckConstraint(condition=models.Q(ratio__gte=1), name="studies_arm_ratio"),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        study = Study.objects.filter(pk=self.study_id).only("status").first()
        if study is not None and not study.is_draft:
            raise ValidationError(
                _(
                    "The arms cannot change once recruitment has opened: the allocation lists "
                    "depend on them."
                )
            )


class Participant(models.Model):
    """One randomised participant: allocated once, at enrolment, and never re-allocated.

    ``slot`` is the position in the stratum's allocation list; the unique constraint on
    (study, stratum, slot) is what stops two concurrent enrolments taking the same one.
    A withdrawn participant stays (intention to treat); ``withdrawal_keeps_data`` says whether
    she allowed the data collected so far to be analysed.
    """

    study = models.ForeignKey(Study, on_delete=models.PROTECT, related_name="participants")
    code = models.CharField(max_length=40)
    stratum = models.CharField(max_length=400)
    arm = models.ForeignKey(Arm, on_delete=models.PROTECT, related_name="participants")
    slot = models.PositiveIntegerField()
    enrolled_at = models.DateTimeField(auto_now_add=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawal_keeps_data = models.BooleanField(default=True)
    withdrawal_reason = models.CharField(max_length=300, blank=True)
    # Her account. SET_NULL: deleting the account withdraws her without keeping data (see
    # studies.receivers), and the row stays with no link to her, because the slot and its
    # allocation are part of the trial's record (intention to treat, CONSORT) and are never
    # reused. Empty for participants enrolled outside the app.
    caregiver = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="study_participations",
    )
    # Her family when she enrolled, as a plain id like the access log's: it names the family
    # in the access log and outlives the family's deletion without identifying anyone.
    family_id = models.PositiveBigIntegerField(null=True, blank=True)
    eligibility_answers = models.JSONField(default=list, blank=True)
    consented_at = models.DateTimeField(null=True, blank=True)
    consent_text = models.TextField(blank=True, help_text=_("The text she agreed to."))
    consent_version = models.CharField(max_length=20, blank=True)

    class Meta:
        ordering = ["study", "stratum", "slot"]
        constraints = [
            models.UniqueConstraint(
                fields=["study", "caregiver"],
                condition=models.Q(caregiver__isnull=False),
                name="studies_participant_once_per_caregiver",
            ),
            models.UniqueConstraint(
                fields=["study", "stratum", "slot"], name="studies_participant_one_per_slot"
            ),
            models.UniqueConstraint(fields=["study", "code"], name="studies_participant_code"),
        ]

    def __str__(self) -> str:
        return self.code

    @property
    def is_active(self) -> bool:
        return self.withdrawn_at is None


class StudyInvitation(models.Model):
    """Staff invite a caregiver whose family shares with the organisation; she answers the
    eligibility questions and agrees (or not) herself. Only her agreement enrols her.

    ``stratum_values`` are given by staff when they invite (e.g. parity): the allocation's
    strata are the study team's business, and knowing a stratum reveals no allocation.
    """

    study = models.ForeignKey(Study, on_delete=models.CASCADE, related_name="invitations")
    caregiver = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="study_invitations"
    )
    stratum_values = models.JSONField(default=dict, blank=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # When she enrolled, declined or was found not eligible; empty while open.
    closed_at = models.DateTimeField(null=True, blank=True)
    outcome = models.CharField(max_length=20, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["study", "caregiver"],
                condition=models.Q(closed_at__isnull=True),
                name="studies_one_open_invitation",
            )
        ]

    def __str__(self) -> str:
        return f"Invitation to {self.study} #{self.pk}"


class ProtocolDeviation(models.Model):
    """Something that did not go as the protocol says (an assessment out of its window, a
    wrong instrument...), recorded by staff for the trial report."""

    participant = models.ForeignKey(
        Participant, on_delete=models.PROTECT, related_name="deviations"
    )
    time_point = models.CharField(max_length=40, blank=True)
    description = models.TextField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["recorded_at", "pk"]

    def __str__(self) -> str:
        return f"Deviation for {self.participant} at {self.recorded_at:%Y-%m-%d}"


class Assessment(models.Model):
    """One time point's assessment done by a participant: the instrument and the day.

    ``response_id`` is the wellbeing response (a plain id, like an alert's): deleting her
    screenings removes the answers, and the study keeps only that the assessment was done.
    """

    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="assessments"
    )
    time_point = models.CharField(max_length=40)
    instrument = models.CharField(max_length=60)
    done_on = models.DateField()
    response_id = models.PositiveBigIntegerField(null=True, blank=True)
    # An instrument that is not a questionnaire (the baby's logs summarised over the window):
    # its measures by name, e.g. {"massage_sessions": 12}. Empty for a questionnaire, whose
    # answers stay in the wellbeing response.
    values = models.JSONField(default=dict, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["participant", "time_point", "instrument"],
                name="studies_one_assessment_per_instrument",
            )
        ]

    def __str__(self) -> str:
        return f"{self.participant} {self.time_point} {self.instrument}"


class WindowReminder(models.Model):
    """A participant was e-mailed that a time point's window opened: once, by the constraint."""

    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="+")
    time_point = models.CharField(max_length=40)
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["participant", "time_point"], name="studies_one_window_reminder"
            )
        ]


class StaffDigest(models.Model):
    """The study team was e-mailed the day's overdue assessments: once per study and day."""

    study = models.ForeignKey(Study, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["study", "day"], name="studies_one_digest_per_day")
        ]


class ExportFormat(models.TextChoices):
    CSV = "csv", _("CSV files with a data dictionary (ZIP)")
    REDCAP = "redcap", _("REDCap data dictionary, records and event mapping (ZIP)")
    FHIR = "fhir", _("FHIR R4 Bundle (JSON)")


class StudyExportQuerySet(models.QuerySet["StudyExport"]):
    def update(self, **kwargs: Any) -> int:
        raise AppendOnlyError("The export history is append-only: rows cannot be updated.")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError("The export history is append-only: rows cannot be deleted.")


class StudyExport(models.Model):
    """One download of a study's research data: who, when, which format, and whether it
    named the participants (then with the reason the exporter typed). Append-only, like the
    access log: the history is the study's record of where its data went."""

    study = models.ForeignKey(Study, on_delete=models.PROTECT, related_name="exports")
    exported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    exported_at = models.DateTimeField(auto_now_add=True)
    format = models.CharField(max_length=10, choices=ExportFormat.choices)
    identifiable = models.BooleanField(default=False)
    reason = models.CharField(max_length=300, blank=True)
    shifted = models.BooleanField(help_text=_("Whether the dates were shifted per participant."))

    objects: ClassVar[StudyExportQuerySet] = StudyExportQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        ordering = ["-exported_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.study} exported as {self.format} ({self.exported_at:%Y-%m-%d %H:%M})"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None and not self._state.adding:
            raise AppendOnlyError("The export history is append-only: rows cannot be changed.")
        super().save(*args, **kwargs)
