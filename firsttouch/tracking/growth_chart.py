"""A baby's growth on the WHO charts: the readings with their centiles, and the SVG drawing.

The page and the doctor's PDF both start from :func:`growth_for`, so they state the same
centiles. The chart follows the house style (``core.charts``): server-drawn SVG with a
``<title>`` and ``<desc>``, colours from CSS variables, and every number also in a table.
Ages are corrected for babies born before 37 weeks (``Baby.age``), as growth charts are.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, tzinfo

from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext

from firsttouch.babies.models import Baby
from firsttouch.babies.models import Sex as BabySex
from firsttouch.core import units

from . import growth
from .growth import (
    DAYS_PER_MONTH,
    FIRST_DAY,
    LAST_DAY,
    MEASURE_NAMES,
    MEASURES,
    Centile,
    Measure,
    Sex,
)
from .models import Growth

WIDTH, HEIGHT = 320, 250
LEFT, RIGHT, TOP, BOTTOM = 34, 30, 8, 34

CHART_SEX: dict[str, Sex] = {BabySex.GIRL: "girls", BabySex.BOY: "boys"}
UNITS: dict[Measure, str] = {"weight": "kg", "length": "cm", "head": "cm"}
IMPERIAL_UNITS: dict[Measure, str] = {"weight": "lb", "length": "in", "head": "in"}
# Multiply a stored chart value (kg, cm) by this to draw it in imperial units (lb, inches).
IMPERIAL_FACTORS: dict[Measure, float] = {
    "weight": 1000 / float(units.GRAMS_PER_POUND),
    "length": 1 / float(units.CM_PER_INCH),
    "head": 1 / float(units.CM_PER_INCH),
}


def display_scale(measure: Measure) -> tuple[float, str]:
    """What a stored value (kg, cm) is multiplied by to be drawn in the family's units, and
    that unit's name: the app's charts and the doctor's PDF draw alike."""
    if units.is_imperial():
        return IMPERIAL_FACTORS[measure], IMPERIAL_UNITS[measure]
    return 1.0, UNITS[measure]


@dataclass(frozen=True)
class Reading:
    day: date
    centile: Centile

    @property
    def sentence(self) -> str:
        return growth.sentence(self.centile)

    @property
    def age_text(self) -> str:
        return growth.age_words(self.centile.age_days, self.centile.corrected)

    @property
    def value_text(self) -> str:
        return growth.value_words(self.centile.measure, self.centile.value)

    @property
    def centile_text(self) -> str:
        c = self.centile.centile
        return growth.centile_words(c) if c is not None else gettext("no centile")


@dataclass
class MeasureGrowth:
    measure: Measure
    readings: list[Reading] = field(default_factory=list)
    svg: SafeString = field(default_factory=lambda: SafeString(""))

    @property
    def name(self) -> str:
        return MEASURE_NAMES[self.measure]

    @property
    def latest(self) -> Reading | None:
        return self.readings[-1] if self.readings else None

    @property
    def plotted(self) -> list[Reading]:
        """The readings a chart of birth to 2 years can place."""
        return [r for r in self.readings if FIRST_DAY <= r.centile.age_days <= LAST_DAY]


@dataclass
class BabyGrowth:
    baby: Baby
    sex: Sex | None
    measures: list[MeasureGrowth]
    has_rows: bool = False

    @property
    def any_readings(self) -> bool:
        return self.has_rows or any(m.readings for m in self.measures)

    def latest_sentences(self) -> list[str]:
        return [m.latest.sentence for m in self.measures if m.latest]


def _values(row: Growth) -> dict[Measure, float | None]:
    return {
        "weight": row.weight_g / 1000 if row.weight_g is not None else None,
        "length": float(row.length_cm) if row.length_cm is not None else None,
        "head": float(row.head_cm) if row.head_cm is not None else None,
    }


def readings(
    baby: Baby, rows: Iterable[Growth], sex: Sex, tz: tzinfo
) -> dict[Measure, list[Reading]]:
    """Each measurement with its (corrected) age and centile, oldest first."""
    found: dict[Measure, list[Reading]] = {m: [] for m in MEASURES}
    for row in sorted(rows, key=lambda r: r.time):
        day = row.time.astimezone(tz).date()
        age = baby.age(on=day)
        for measure, value in _values(row).items():
            if value is None:
                continue
            c = growth.centile_for(measure, sex, value, age.days, corrected=age.is_corrected)
            found[measure].append(Reading(day, c))
    return found


def growth_for(baby: Baby, tz: tzinfo | None = None, until: datetime | None = None) -> BabyGrowth:
    """The baby's growth readings per measure (up to ``until``), charts when the sex is known.

    Without a sex there are no centiles, but ``any_readings`` still tells whether anything
    was measured, so the page and the report can say what is missing.
    """
    sex = CHART_SEX.get(baby.sex)
    query = Growth.objects.filter(baby=baby)
    if until is not None:
        query = query.filter(time__lte=until)
    rows = list(query.order_by("time", "pk"))
    measures = [MeasureGrowth(m) for m in MEASURES]
    if sex is None:
        return BabyGrowth(baby, None, measures, has_rows=bool(rows))
    found = readings(baby, rows, sex, tz or timezone.get_current_timezone())
    for m in measures:
        m.readings = found[m.measure]
        m.svg = chart(m, sex, baby.pk)
    return BabyGrowth(baby, sex, measures)


@dataclass(frozen=True)
class ChartScale:
    """What a growth chart draws, in the family's units: the centile lines, the baby's points
    (age in days, value) and the value axis. The app's SVG and the doctor's PDF share it."""

    unit: str
    curves: list[tuple[int, growth.Curve]]
    points: list[tuple[int, float]]
    low: float
    high: float
    ticks: list[float]


def chart_scale(m: MeasureGrowth, sex: Sex) -> ChartScale:
    factor, unit = display_scale(m.measure)
    curves = [
        (centile, [(d, v * factor) for d, v in curve])
        for centile, curve in growth.centile_curves(m.measure, sex)
    ]
    points = [(r.centile.age_days, r.centile.value * factor) for r in m.plotted]
    low, high, ticks = growth.value_axis(
        [v for _, curve in curves for _, v in curve] + [v for _, v in points]
    )
    return ChartScale(unit, curves, points, low, high, ticks)


def chart(m: MeasureGrowth, sex: Sex, baby_id: int) -> SafeString:
    """The WHO centile lines 3/15/50/85/97 with the baby's points, x in months (0-24).

    Drawn in the family's units: the y axis in lb or inches for an imperial family.
    """
    scale = chart_scale(m, sex)
    lines, unit, low, high, y_ticks = scale.curves, scale.unit, scale.low, scale.high, scale.ticks
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def x_of(day: float) -> float:
        return round(LEFT + plot_w * day / LAST_DAY, 1)

    def y_of(value: float) -> float:
        return round(TOP + plot_h * (1 - (value - low) / (high - low)), 1)

    grid = format_html_join(
        "",
        '<line class="grid" x1="{}" x2="{}" y1="{}" y2="{}"></line>'
        '<text class="label" x="{}" y="{}" text-anchor="end">{}</text>',
        ((LEFT, WIDTH - RIGHT, y_of(t), y_of(t), LEFT - 4, y_of(t) + 4, f"{t:g}") for t in y_ticks),
    )
    x_ticks = format_html_join(
        "",
        '<line class="grid" x1="{}" x2="{}" y1="{}" y2="{}"></line>'
        '<text class="label" x="{}" y="{}" text-anchor="middle">{}</text>',
        (
            (
                x_of(mo * DAYS_PER_MONTH),
                x_of(mo * DAYS_PER_MONTH),
                TOP,
                TOP + plot_h,
                x_of(mo * DAYS_PER_MONTH),
                TOP + plot_h + 14,
                mo,
            )
            for mo in range(0, 25, 3)
        ),
    )
    curves = format_html_join(
        "",
        '<polyline class="centile c{}" fill="none" points="{}"></polyline>'
        '<text class="centile-label" x="{}" y="{}">{}</text>',
        (
            (
                centile,
                " ".join(f"{x_of(d)},{y_of(v)}" for d, v in curve),
                WIDTH - RIGHT + 3,
                y_of(curve[-1][1]) + 3,
                growth.ordinal(centile),
            )
            for centile, curve in lines
        ),
    )
    dots = format_html_join(
        "",
        '<circle class="dot" cx="{}" cy="{}" r="4"></circle>',
        ((x_of(day), y_of(value)) for day, value in scale.points),
    )
    trail = " ".join(f"{x_of(day)},{y_of(value)}" for day, value in scale.points)
    corrected = any(r.centile.corrected for r in m.readings)
    axis = gettext("Age in months (corrected)") if corrected else gettext("Age in months")
    chart_id = f"growth-{m.measure}-{baby_id}"
    if sex == "girls":
        title = gettext("%(measure)s (%(unit)s) on the WHO girls chart")
    else:
        title = gettext("%(measure)s (%(unit)s) on the WHO boys chart")
    title = title % {"measure": m.name, "unit": unit}
    desc = (
        gettext("Centile lines 3rd, 15th, 50th, 85th and 97th.")
        + " "
        + ("; ".join(r.sentence.rstrip(".") for r in m.readings) or gettext("No measurements yet"))
        + "."
    )
    return format_html(
        '<svg class="chart growth-chart" id="{id}" viewBox="0 0 {w} {h}" role="img" '
        'aria-labelledby="{id}-title {id}-desc" preserveAspectRatio="xMidYMid meet">'
        '<title id="{id}-title">{title}</title><desc id="{id}-desc">{desc}</desc>'
        "{grid}{x_ticks}{curves}"
        '<polyline class="trail" fill="none" points="{trail}"></polyline>{dots}'
        '<text class="label" x="{mid}" y="{axis_y}" text-anchor="middle">{axis}</text>'
        "</svg>",
        id=chart_id,
        w=WIDTH,
        h=HEIGHT,
        title=title,
        desc=desc,
        grid=grid,
        x_ticks=x_ticks,
        curves=curves,
        trail=trail,
        dots=dots,
        mid=LEFT + plot_w / 2,
        axis_y=HEIGHT - 4,
        axis=axis,
    )
