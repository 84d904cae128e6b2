"""What the family logs about the baby through the day.

Times are stored in UTC and shown in the family's time zone. Interval kinds (sleep, crying,
feeds) may be left open (``end`` is null) while a timer runs; the timer lives in the database,
so it survives a reload and shows on a second device.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal
from typing import ClassVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.formats import date_format, time_format
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from firsttouch.babies.models import Baby
from firsttouch.core import moments
from firsttouch.core.scoping import FamilyOwned

# A small allowance for clocks that disagree between a phone and the server.
FUTURE_TOLERANCE = timedelta(minutes=2)
# The longest one sleep, crying spell or feed can be. A product limit, not a clinical figure:
# an entry longer than a day is a timer left running or a date typed a day off, and a total
# that long would distort every chart and comparison it feeds. A longer stretch is refused
# with a sentence asking to check the end.
LONGEST_INTERVAL = timedelta(hours=24)


FUTURE = {
    "time": _("This time is in the future. Check the date and time."),
    "start": _("The start is in the future. Check the date and time."),
    "end": _("The end is in the future. Check the date and time."),
}


class Entry(FamilyOwned):
    """Common to every logged thing: whose baby, who logged it, when, and a note."""

    FAMILY_PATH = "baby__family"
    KIND: ClassVar[str] = ""

    baby = models.ForeignKey(Baby, on_delete=models.CASCADE, related_name="+")
    notes = models.TextField(blank=True, max_length=2000)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    # The time fields a user sets, checked by ``clean()`` (core.moments) before any comparison.
    TIME_FIELDS: ClassVar[tuple[str, ...]] = ()
    # Whether ``clean()`` reads the baby's other entries: saving then locks the baby first.
    CHECKS_SIBLINGS: ClassVar[bool] = False

    class Meta:
        abstract = True

    def clean(self) -> None:
        """Times in the sane years, and not (much) before the baby was born.

        Runs before the subclasses compare times, since comparing a time of year 1 with now
        converts it to UTC and fails.
        """
        super().clean()
        errors = moments.out_of_range_fields(self, list(self.TIME_FIELDS))
        for name in errors:
            if getattr(self, name).year > moments.LATEST_YEAR:
                errors[name] = str(FUTURE.get(name, errors[name]))
        if errors:
            raise ValidationError(errors)
        baby = self.baby if self.baby_id is not None else None
        if baby is None or baby.birth_date is None:
            return
        for name in self.TIME_FIELDS:
            value = getattr(self, name)
            if isinstance(value, datetime) and moments.before_birth(value, baby.birth_date):
                errors[name] = moments.BEFORE_BIRTH
        if errors:
            raise ValidationError(errors)


class PointEntry(Entry):
    """Something that happens at a moment."""

    time = models.DateTimeField(default=timezone.now)

    TIME_FIELDS = ("time",)

    class Meta:
        abstract = True
        ordering = ["-time"]

    def clean(self) -> None:
        super().clean()
        if self.time and self.time > timezone.now() + FUTURE_TOLERANCE:
            raise ValidationError({"time": FUTURE["time"]})


class IntervalEntry(Entry):
    """Something with a start and an end; ``end`` is empty while its timer runs."""

    start = models.DateTimeField(default=timezone.now)
    end = models.DateTimeField(null=True, blank=True)

    TIME_FIELDS = ("start", "end")
    # The running-timer and overlap checks read the baby's other entries of this kind.
    CHECKS_SIBLINGS = True
    # Whether two entries of this kind may overlap for the same baby.
    ALLOW_OVERLAP: ClassVar[bool] = True
    LONGEST: ClassVar[timedelta] = LONGEST_INTERVAL

    class Meta:
        abstract = True
        ordering = ["-start"]

    @property
    def is_running(self) -> bool:
        return self.end is None

    @property
    def duration(self) -> timedelta | None:
        if self.end is None:
            return None
        return self.end - self.start

    def clean(self) -> None:
        super().clean()
        errors: dict[str, object] = {}
        if self.start is None:
            # Checked here too: the overlap query below cannot run without a start.
            raise ValidationError({"start": gettext("Enter when it started.")})
        latest = timezone.now() + FUTURE_TOLERANCE
        if self.start > latest:
            errors["start"] = FUTURE["start"]
        if self.end is not None:
            if self.end > latest:
                errors["end"] = FUTURE["end"]
            elif self.end <= self.start:
                errors["end"] = gettext("The end must be after the start.")
            elif self.end - self.start > self.LONGEST:
                hours = int(self.LONGEST.total_seconds() // 3600)
                errors["end"] = gettext(
                    "A %(kind)s can last at most %(hours)s hours here. Check the end date and "
                    "time (a timer left running?), or log it as separate entries."
                ) % {"kind": self._meta.verbose_name, "hours": hours}
        if errors:
            raise ValidationError(errors)
        self._check_running_timer()
        if not self.ALLOW_OVERLAP:
            self._check_overlap()

    def _siblings(self) -> models.QuerySet[IntervalEntry]:
        qs = type(self).objects.filter(baby_id=self.baby_id)
        if self.pk:
            qs = qs.exclude(pk=self.pk)
        return qs

    def _check_running_timer(self) -> None:
        if self.end is None and self._siblings().filter(end__isnull=True).exists():
            raise ValidationError(
                gettext(
                    "A %(kind)s timer is already running for this baby. "
                    "Stop it before starting another."
                )
                % {"kind": self._meta.verbose_name}
            )

    def _check_overlap(self) -> None:
        end: datetime | None = self.end
        # Running or ending after our start, as a UNION rather than an OR: each half then uses
        # the (baby, end) index instead of walking every older entry by start.
        running = self._siblings().filter(end__isnull=True).order_by()
        later = self._siblings().filter(end__gt=self.start).order_by()
        if end is not None:
            running, later = running.filter(start__lt=end), later.filter(start__lt=end)
        other = running.union(later).order_by("start").first()
        if other is not None:
            local = timezone.localtime(other.start)
            raise ValidationError(
                gettext(
                    "This overlaps another %(kind)s that started %(day)s at %(time)s. "
                    "Change the times or edit that entry."
                )
                % {
                    "kind": self._meta.verbose_name,
                    "day": date_format(local, "j M"),
                    "time": time_format(local, "H:i"),
                }
            )


class Sleep(IntervalEntry):
    KIND = "sleep"
    ALLOW_OVERLAP = False

    class Meta(IntervalEntry.Meta):
        verbose_name = _("sleep")
        verbose_name_plural = _("sleep")
        # (baby, end) serves "what overlaps this window" without walking all history.
        indexes = [
            models.Index(fields=["baby", "start"]),
            models.Index(fields=["baby", "end"]),
            # insights.services.data_version: count and latest change, from the index
            models.Index(fields=["baby", "updated_at"]),
        ]


class Intensity(models.TextChoices):
    FUSSING = "fussing", _("Fussing")
    CRYING = "crying", pgettext_lazy("crying intensity", "Crying")
    INCONSOLABLE = "inconsolable", _("Inconsolable")


class Crying(IntervalEntry):
    KIND = "crying"
    ALLOW_OVERLAP = False

    intensity = models.CharField(max_length=20, choices=Intensity.choices, default=Intensity.CRYING)

    class Meta(IntervalEntry.Meta):
        verbose_name = _("crying")
        verbose_name_plural = _("crying")
        # (baby, end) serves "what overlaps this window" without walking all history.
        indexes = [
            models.Index(fields=["baby", "start"]),
            models.Index(fields=["baby", "end"]),
            # insights.services.data_version: count and latest change, from the index
            models.Index(fields=["baby", "updated_at"]),
        ]


class FeedKind(models.TextChoices):
    BREAST = "breast", _("Breast")
    BOTTLE = "bottle", _("Bottle")
    SOLIDS = "solids", _("Solids")


class BreastSide(models.TextChoices):
    LEFT = "left", _("Left")
    RIGHT = "right", _("Right")
    BOTH = "both", _("Both")


class BottleContents(models.TextChoices):
    BREAST_MILK = "breast_milk", _("Expressed breast milk")
    FORMULA = "formula", _("Formula")


class Feed(IntervalEntry):
    KIND = "feed"

    kind = models.CharField(max_length=10, choices=FeedKind.choices, default=FeedKind.BREAST)
    side = models.CharField(max_length=10, choices=BreastSide.choices, blank=True)
    contents = models.CharField(max_length=20, choices=BottleContents.choices, blank=True)
    amount_ml = models.PositiveIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(500)]
    )
    food = models.CharField(max_length=200, blank=True)
    # A breastfeed timed side by side (the side switch on the Today page): the seconds on
    # each breast, and while the timer runs, when the current side began. Empty for feeds
    # entered by hand or logged before the switch existed; ``last_side`` is the side the
    # feed ended on, so the next feed can offer the other one.
    left_seconds = models.PositiveIntegerField(null=True, blank=True)
    right_seconds = models.PositiveIntegerField(null=True, blank=True)
    last_side = models.CharField(
        max_length=10,
        choices=[(BreastSide.LEFT, _("Left")), (BreastSide.RIGHT, _("Right"))],
        blank=True,
    )
    side_since = models.DateTimeField(null=True, blank=True)

    class Meta(IntervalEntry.Meta):
        verbose_name = _("feed")
        # (baby, end) serves "what overlaps this window" without walking all history.
        indexes = [models.Index(fields=["baby", "start"]), models.Index(fields=["baby", "end"])]

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.kind == FeedKind.BREAST and not self.side:
            errors["side"] = gettext("Choose which breast: left, right or both.")
        if self.kind != FeedKind.BREAST and self.side:
            errors["side"] = gettext("A side only applies to breastfeeds.")
        if self.kind != FeedKind.BOTTLE and self.amount_ml is not None:
            errors["amount_ml"] = gettext("An amount only applies to bottle feeds.")
        if self.kind != FeedKind.BOTTLE and self.contents:
            errors["contents"] = gettext("Contents only apply to bottle feeds.")
        timed_sides = (self.left_seconds, self.right_seconds, self.last_side, self.side_since)
        if self.kind != FeedKind.BREAST and any(v not in (None, "") for v in timed_sides):
            errors["side"] = gettext("Time on each side only applies to breastfeeds.")
        if errors:
            raise ValidationError(errors)
        super().clean()


class StoolConsistency(models.TextChoices):
    WATERY = "watery", _("Watery")
    LOOSE = "loose", _("Loose / seedy")
    SOFT = "soft", pgettext_lazy("stool consistency", "Soft")
    FORMED = "formed", _("Formed")
    HARD = "hard", _("Hard / pellets")


class StoolColour(models.TextChoices):
    YELLOW = "yellow", _("Yellow / mustard")
    GREEN = "green", _("Green")
    BROWN = "brown", _("Brown")
    BLACK = "black", _("Black (after the first days)")
    RED = "red", _("Red or blood-streaked")
    PALE = "pale", _("Pale / white / chalky")


class Nappy(PointEntry):
    KIND = "nappy"

    wet = models.BooleanField(default=False)
    dirty = models.BooleanField(default=False)
    consistency = models.CharField(max_length=10, choices=StoolConsistency.choices, blank=True)
    colour = models.CharField(max_length=10, choices=StoolColour.choices, blank=True)

    class Meta(PointEntry.Meta):
        verbose_name = _("nappy")
        verbose_name_plural = _("nappies")
        indexes = [models.Index(fields=["baby", "time"])]

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if not (self.wet or self.dirty):
            errors["wet"] = gettext("Tick wet, dirty or both.")
        if not self.dirty and (self.consistency or self.colour):
            errors["dirty"] = gettext("Stool details apply only to a dirty nappy: tick dirty.")
        if errors:
            raise ValidationError(errors)
        super().clean()


class Severity(models.TextChoices):
    MILD = "mild", _("Mild")
    MODERATE = "moderate", _("Moderate")
    SEVERE = "severe", _("Severe")


class GasEpisode(PointEntry):
    KIND = "gas"

    severity = models.CharField(max_length=10, choices=Severity.choices, default=Severity.MILD)
    relieved_by = models.CharField(
        max_length=200, blank=True, help_text=_("What helped, e.g. tummy massage, burping.")
    )

    class Meta(PointEntry.Meta):
        verbose_name = _("gas or discomfort")
        verbose_name_plural = _("gas and discomfort")
        indexes = [models.Index(fields=["baby", "time"])]


TEETHING_SIGNS = [
    ("drooling", _("Drooling")),
    ("chewing", _("Chewing or biting")),
    ("swollen_gums", _("Red or swollen gums")),
    ("irritability", _("Irritable")),
    ("ear_rubbing", _("Rubbing ears or cheeks")),
    ("poor_sleep", _("Sleeping poorly")),
    ("tooth_visible", _("A tooth came through")),
]


def check_signs(signs: list[object], known: set[str]) -> None:
    """Each sign known and ticked once: a list is never longer than the signs there are.

    Refused before anything else is looked at, so a list of 10,000 repeats costs one pass.
    """
    if len(signs) > len(known):
        raise ValidationError(
            {
                "signs": gettext("Tick each sign at most once: there are only %(n)s signs.")
                % {"n": len(known)}
            }
        )
    unknown = [s for s in signs if not isinstance(s, str) or s not in known]
    if unknown:
        raise ValidationError(
            {"signs": gettext("Unknown sign: %(signs)s.") % {"signs": ", ".join(map(str, unknown))}}
        )
    if len(set(signs)) != len(signs):
        raise ValidationError({"signs": gettext("Tick each sign at most once.")})


class TeethingSign(PointEntry):
    KIND = "teething"

    signs = models.JSONField(default=list)

    class Meta(PointEntry.Meta):
        verbose_name = _("teething signs")
        verbose_name_plural = _("teething signs")
        indexes = [models.Index(fields=["baby", "time"])]

    def clean(self) -> None:
        known = {key for key, _ in TEETHING_SIGNS}
        if not isinstance(self.signs, list) or not self.signs:
            raise ValidationError({"signs": gettext("Tick at least one sign.")})
        check_signs(self.signs, known)
        super().clean()


class Growth(PointEntry):
    KIND = "growth"

    weight_g = models.PositiveIntegerField(
        null=True,
        blank=True,
        validators=[MinValueValidator(300), MaxValueValidator(25000)],
        help_text=_("Weight in grams."),
    )
    length_cm = models.DecimalField(
        max_digits=4,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(20), MaxValueValidator(120)],
    )
    # Measured with weight and length at checks, and plotted on the WHO chart beside them.
    head_cm = models.DecimalField(
        max_digits=4,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(20), MaxValueValidator(60)],
        help_text=_("Head circumference in cm."),
    )

    class Meta(PointEntry.Meta):
        verbose_name = _("weight and length")
        verbose_name_plural = _("weights and lengths")
        indexes = [models.Index(fields=["baby", "time"])]

    def clean(self) -> None:
        if self.weight_g is None and self.length_cm is None and self.head_cm is None:
            raise ValidationError(
                {
                    "weight_g": ValidationError(
                        gettext("Enter a weight, a length or a head circumference (any of them)."),
                        code=NO_MEASUREMENT,
                    )
                }
            )
        super().clean()


NO_MEASUREMENT = "no_measurement"  # Growth.clean's code: nothing measured at all


class Note(PointEntry):
    KIND = "note"

    class Meta(PointEntry.Meta):
        verbose_name = _("note")
        indexes = [models.Index(fields=["baby", "time"])]

    def clean(self) -> None:
        if not (self.notes or "").strip():
            raise ValidationError({"notes": "Write something in the note."})
        super().clean()


# What a parent can tick when the baby seems unwell. The words are plain; which of them are
# red flags, and how urgent, is content (content/baby_red_flags.toml, NICE NG143).
ILLNESS_SIGNS = [
    ("feeding_poorly", _("Feeding poorly")),
    ("floppy", _("Floppy")),
    ("hard_to_wake", _("Hard to wake or will not stay awake")),
    ("non_fading_rash", _("A rash that does not fade when pressed")),
    ("breathing_difficulty", _("Breathing fast or with difficulty")),
    ("abnormal_cry", _("A weak, high-pitched or continuous cry")),
    ("vomiting", _("Vomiting")),
]

# A reading outside this range is a typing slip or a broken thermometer, not a temperature.
TEMPERATURE_MIN_C = Decimal("34.0")
TEMPERATURE_MAX_C = Decimal("43.0")


class IllnessCheck(PointEntry):
    """A temperature and the signs of illness seen, so a fever or a red flag can be raised."""

    KIND = "illness"

    temperature_c = models.DecimalField(
        max_digits=3,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(TEMPERATURE_MIN_C), MaxValueValidator(TEMPERATURE_MAX_C)],
        help_text=_("Temperature in °C."),
    )
    signs = models.JSONField(default=list, blank=True)

    class Meta(PointEntry.Meta):
        verbose_name = _("temperature and signs of illness")
        verbose_name_plural = _("temperatures and signs of illness")
        indexes = [models.Index(fields=["baby", "time"])]

    def clean(self) -> None:
        known = {key for key, _ in ILLNESS_SIGNS}
        if not isinstance(self.signs, list):
            raise ValidationError({"signs": "Signs must be a list."})
        check_signs(self.signs, known)
        if self.temperature_c is None and not self.signs:
            raise ValidationError(
                {"temperature_c": gettext("Enter a temperature, tick a sign, or both.")}
            )
        super().clean()


ENTRY_MODELS: dict[str, type[Entry]] = {
    m.KIND: m
    for m in (Sleep, Crying, Feed, Nappy, GasEpisode, TeethingSign, Growth, Note, IllnessCheck)
}
