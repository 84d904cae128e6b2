"""Centiles on the WHO Child Growth Standards (birth to 2 years) by Cole's LMS method.

The WHO publishes each standard as three numbers per day of age: L (the skew, a Box-Cox power),
M (the median) and S (the spread). A measurement ``x`` at that age has the z-score
``((x / M) ** L - 1) / (L * S)`` (``ln(x / M) / S`` when L is 0), and its centile is the normal
distribution's share below z. The tables live in ``content/growth/who-2006-lms.json`` with their
source; this module only reads them, so the figures can be checked against the WHO's own.

A centile is a position among healthy children, not a judgement: the wording here states it
and nothing more. Outside birth to 2 years (or before the due date, for a baby born early)
there is no centile to give, and the reason says so.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from statistics import NormalDist
from typing import Literal, cast

from django.utils import translation
from django.utils.translation import gettext, ngettext, pgettext
from django.utils.translation import gettext_lazy as _
from pydantic import BaseModel, field_validator, model_validator

from firsttouch.core import units
from firsttouch.core.content import CONTENT_DIR, ContentError, display_path, validate_content

Measure = Literal["weight", "length", "head"]
Sex = Literal["boys", "girls"]

STANDARDS_PATH = CONTENT_DIR / "growth" / "who-2006-lms.json"
MEASURES: tuple[Measure, ...] = ("weight", "length", "head")
FIRST_DAY, LAST_DAY = 0, 730  # the WHO's daily tables for 0-24 months end at day 730
DAYS_PER_MONTH = 30.4375  # 365.25 / 12, as the WHO converts months to days
CENTILE_LINES = (3, 15, 50, 85, 97)  # the lines the WHO charts draw
# Below this |L| the power form loses precision and the limit (the log form) is used.
L_NEAR_ZERO = 1e-6

# Lazy (translated when shown), typed as the str each becomes.
MEASURE_NAMES: dict[Measure, str] = {
    "weight": cast(str, _("Weight")),
    "length": cast(str, _("Length")),
    "head": cast(str, _("Head circumference")),
}


class Table(BaseModel):
    """One measure's rows for both sexes: ``[age_days, L, M, S]``, a row for every day."""

    unit: str
    boys: list[tuple[int, float, float, float]]
    girls: list[tuple[int, float, float, float]]

    @field_validator("boys", "girls")
    @classmethod
    def _rows(
        cls, rows: list[tuple[int, float, float, float]]
    ) -> list[tuple[int, float, float, float]]:
        days = [row[0] for row in rows]
        if days != list(range(FIRST_DAY, LAST_DAY + 1)):
            raise ValueError(
                f"ages must rise one day at a time from {FIRST_DAY} to {LAST_DAY} days"
            )
        for day, _l, m, s in rows:
            if m <= 0 or s <= 0:
                raise ValueError(f"day {day}: M and S must be positive")
        return rows


class Standards(BaseModel):
    source: str
    url: str
    measures: dict[Measure, Table]

    @model_validator(mode="after")
    def _all_measures(self) -> Standards:
        missing = [m for m in MEASURES if m not in self.measures]
        if missing:
            raise ValueError(f"missing measures: {', '.join(missing)}")
        return self


def read_standards(path: Path = STANDARDS_PATH) -> Standards:
    """Read and check a standards file; ContentError names the file and what is wrong."""
    name = display_path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise ContentError(f"{name}: the file is missing.") from exc
    except json.JSONDecodeError as exc:
        raise ContentError(f"{name}: not valid JSON ({exc}).") from exc
    return validate_content(Standards, data, name)


@lru_cache(maxsize=1)
def standards() -> Standards:
    return read_standards()


@dataclass(frozen=True)
class LMS:
    L: float
    M: float
    S: float


def lms_at(measure: Measure, sex: Sex, age_days: float) -> LMS | None:
    """L, M and S at an age in days (between whole days, linearly); None outside the table."""
    if not FIRST_DAY <= age_days <= LAST_DAY:
        return None
    rows = getattr(standards().measures[measure], sex)
    low = math.floor(age_days)
    high = min(low + 1, LAST_DAY)
    share = age_days - low
    _, l0, m0, s0 = rows[low]
    _, l1, m1, s1 = rows[high]
    return LMS(l0 + (l1 - l0) * share, m0 + (m1 - m0) * share, s0 + (s1 - s0) * share)


def z_score(value: float, lms: LMS) -> float:
    """Cole's LMS z-score of ``value``; the log form when L is (near) zero."""
    if abs(lms.L) < L_NEAR_ZERO:
        return math.log(value / lms.M) / lms.S
    return ((value / lms.M) ** lms.L - 1) / (lms.L * lms.S)


def value_at(z: float, lms: LMS) -> float:
    """The measurement at z-score ``z``: the inverse of :func:`z_score` (draws the lines)."""
    if abs(lms.L) < L_NEAR_ZERO:
        return lms.M * math.exp(lms.S * z)
    return lms.M * (1 + lms.L * lms.S * z) ** (1 / lms.L)


def centile_of(z: float) -> float:
    """The share of the standard's children below z, in per cent."""
    return NormalDist().cdf(z) * 100


def z_of_centile(centile: float) -> float:
    return NormalDist().inv_cdf(centile / 100)


CURVE_STEP_DAYS = 10  # the centile lines sampled every 10 days: smooth at a chart's size
Curve = list[tuple[int, float]]  # (age in days, value) along one centile line


def centile_curves(measure: Measure, sex: Sex) -> list[tuple[int, Curve]]:
    """The WHO chart's centile lines (``CENTILE_LINES``) from birth to 2 years, for the app's
    SVG and the doctor's PDF alike."""
    days = list(range(FIRST_DAY, LAST_DAY + 1, CURVE_STEP_DAYS))
    if days[-1] != LAST_DAY:
        days.append(LAST_DAY)
    curves = []
    for centile in CENTILE_LINES:
        z = z_of_centile(centile)
        curve = []
        for day in days:
            lms = lms_at(measure, sex, day)
            assert lms is not None  # every day from FIRST_DAY to LAST_DAY is in the table
            curve.append((day, value_at(z, lms)))
        curves.append((centile, curve))
    return curves


def value_axis(values: list[float]) -> tuple[float, float, list[float]]:
    """A chart's value axis holding ``values``: its low and high ends on round numbers and
    the ticks between them (at most about six)."""
    span = max(values) - min(values)
    step = next((s for s in (0.5, 1, 2, 5, 10, 20) if span / s <= 6), 50.0)
    low = math.floor(min(values) / step) * step
    high = math.ceil(max(values) / step) * step
    ticks = [low + i * step for i in range(round((high - low) / step) + 1)]
    return low, high, ticks


def ordinal(n: int) -> str:
    """ "40th" in English; other languages write it their way ("40", "40e")."""
    if not (translation.get_language() or "en").startswith("en"):
        return pgettext("ordinal number", "%(n)sth") % {"n": n}
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def centile_words(centile: float) -> str:
    """ "about the 40th centile"; beyond the 1st and 99th it says so rather than rounding."""
    if centile < 1:
        return gettext("below the 1st centile")
    if centile > 99:
        return gettext("above the 99th centile")
    return gettext("about the %(ordinal)s centile") % {"ordinal": ordinal(round(centile))}


@dataclass(frozen=True)
class Centile:
    """Where one measurement sits, or why it has no centile (``centile`` is then None)."""

    measure: Measure
    value: float
    age_days: int
    corrected: bool
    centile: float | None
    reason: str = ""


def centile_for(
    measure: Measure, sex: Sex, value: float, age_days: int, corrected: bool = False
) -> Centile:
    """The centile of a measurement at an age in days (corrected age for a baby born early)."""
    if age_days < FIRST_DAY:
        return Centile(
            measure,
            value,
            age_days,
            corrected,
            None,
            gettext("Measured before the due date: the WHO charts start at term, so no centile."),
        )
    lms = lms_at(measure, sex, age_days)
    if lms is None:
        return Centile(
            measure,
            value,
            age_days,
            corrected,
            None,
            gettext("Older than 2 years: these charts cover birth to 2 years, so no centile."),
        )
    return Centile(measure, value, age_days, corrected, centile_of(z_score(value, lms)))


def age_words(age_days: int, corrected: bool) -> str:
    """ "4 months (corrected)", "3 weeks", "5 days": the age a chart plots."""
    if age_days < 0:
        return gettext("before the due date")
    if age_days < 14:
        text = ngettext("%(n)s day", "%(n)s days", age_days) % {"n": age_days}
    elif age_days < 7 * 13:
        weeks = age_days // 7
        text = ngettext("%(n)s week", "%(n)s weeks", weeks) % {"n": weeks}
    else:
        months = int(age_days / DAYS_PER_MONTH)
        text = ngettext("%(n)s month", "%(n)s months", months) % {"n": months}
    return gettext("%(age)s (corrected)") % {"age": text} if corrected else text


def value_words(measure: Measure, value: float) -> str:
    """A measurement (kg or cm, as the charts hold them) in the active family's units."""
    if measure == "weight":
        if units.is_imperial():
            return units.format_weight(round(value * 1000))
        return units.format_kilograms(value)
    return units.format_length(value)


def sentence(c: Centile) -> str:
    """ "Weight 6.20 kg at 4 months (corrected): about the 40th centile." """
    head = gettext("%(measure)s %(value)s at %(age)s") % {
        "measure": MEASURE_NAMES[c.measure],
        "value": value_words(c.measure, c.value),
        "age": age_words(c.age_days, c.corrected),
    }
    if c.centile is None:
        return f"{head}. {c.reason}"
    return gettext("%(measurement)s: %(centile)s.") % {
        "measurement": head,
        "centile": centile_words(c.centile),
    }
