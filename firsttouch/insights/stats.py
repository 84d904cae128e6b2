"""Honest comparisons: days with and without a massage, allowing for trend and for streaks.

Why not a plain two-group comparison: a baby's days are not independent draws. Night sleep
drifts with age, and a good week follows a good week; massages come in streaks and become
more frequent as the family settles in. A bootstrap that resamples days as if they were
independent then calls chance a "clear" difference far more often than 5 % of the time
(issue 9 measured 7-16 % with 2,000 simulated logs). So each measure is fitted as

    value(day) = a + b * massage(day) + c * day + error,  errors AR(1) across days,

by ordinary least squares; ``b`` (the difference, allowing for the straight-line trend) gets
a standard error from the AR(1) covariance (a parametric sandwich: correlation rho ** gap
between any two logged days, so missing days are allowed for). rho is estimated from the
residuals by matching their lag-1 autocorrelation with its expected value under the design
(which removes the known downward bias of residual autocorrelation in short series), then
raised by one standard error of rho (a few weeks cannot pin it down) and kept within
[0, 0.95]. The interval is never narrower than the one for independent days, and uses
Student's t with the effective number of independent days, n (1 - rho) / (1 + rho), minus 4
degrees of freedom. bench/insights_null.py measured the result: see
docs/insights-and-data.md.

Multiplicity: night sleep is the one PRIMARY measure, tested at 95 %. The secondaries (night
wakings, crying) are read only when the primary is clear (fixed-sequence gatekeeping), with
Bonferroni intervals, so on data with no effect the chance of any "clear" sentence for a
baby is at most the primary's 5 %. Total sleep and the longest stretch overlap night sleep
and are shown as context only (averages, no interval, never a finding).

Plain Python (no numpy): every step is O(days); the window is the last ``ANALYSIS_DAYS``.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise
from operator import mul

from django.utils.formats import get_format
from django.utils.translation import gettext, gettext_noop, ngettext

MIN_DAYS = 7  # PRODUCT: "not enough data yet" until at least 7 days of each group
LEVEL = 0.95  # the primary's interval; secondaries get 1 - (1 - LEVEL) / their number
# The last 12 weeks of the log: long enough for many days of each, short enough that a
# straight-line trend with age is a fair description of a young baby's change.
ANALYSIS_DAYS = 84
RHO_MAX = 0.95
RHO_MARGIN = 1.0  # standard errors of rho added to its estimate (bench/insights_null.py)
_RHO_GRID = [k / 20 for k in range(20)]  # 0, 0.05, ... 0.95

PRIMARY = "primary"
SECONDARY = "secondary"
CONTEXT = "context"


@dataclass(frozen=True)
class Measure:
    """How to talk about one outcome: its name in a sentence, its unit and its role."""

    key: str
    label: str  # "night sleep", used as "Ava's night sleep"
    unit: str  # "minutes" or "wakings"
    up: str  # "longer" / "more"
    down: str  # "shorter" / "fewer"
    role: str = SECONDARY  # PRIMARY, SECONDARY or CONTEXT (shown, never a finding)


LONGER = gettext_noop("longer")
SHORTER = gettext_noop("shorter")
# What "with" means in the sentences by default (services names the other comparisons).
EVENING_MASSAGE = gettext_noop("an evening massage")

# The measures of a day (nights.DayMeasures), in the order they are compared.
# Night sleep is the one primary measure; wakings and crying are secondary (read only when
# night sleep is clear, Bonferroni between them); total sleep and the longest stretch overlap
# night sleep and are context, never a separate finding (see stats.py).
MEASURES = (
    Measure(
        "total_sleep",
        gettext_noop("total sleep over 24 hours"),
        "minutes",
        LONGER,
        SHORTER,
        CONTEXT,
    ),
    Measure("night_sleep", gettext_noop("night sleep"), "minutes", LONGER, SHORTER, PRIMARY),
    Measure(
        "longest_stretch",
        gettext_noop("longest sleep stretch"),
        "minutes",
        LONGER,
        SHORTER,
        CONTEXT,
    ),
    Measure(
        "night_wakings",
        gettext_noop("night wakings"),
        "wakings",
        gettext_noop("more"),
        gettext_noop("fewer"),
        SECONDARY,
    ),
    Measure(
        "crying",
        gettext_noop("crying and fussing over 24 hours"),
        "minutes",
        LONGER,
        SHORTER,
        SECONDARY,
    ),
)


@dataclass(frozen=True)
class Comparison:
    measure: Measure
    with_n: int
    without_n: int
    with_mean: float | None = None
    without_mean: float | None = None
    difference: float | None = None  # allowing for the trend (context: plain difference)
    low: float | None = None
    high: float | None = None
    sentence: str = ""
    level: float | None = None  # the interval's coverage (None: no interval)
    clear: bool = False  # a finding: see ``compare_days``

    @property
    def enough_data(self) -> bool:
        return self.difference is not None

    @property
    def role(self) -> str:
        return self.measure.role


def mean(values: Sequence[float]) -> float:
    return sum(values) / len(values)


# --- Student's t, exactly, for whole degrees of freedom (Abramowitz & Stegun 26.7.3-4) ---


def t_central(t: float, df: int) -> float:
    """P(|T| < t) for Student's t with ``df`` degrees of freedom (t >= 0)."""
    theta = math.atan(t / math.sqrt(df))
    s, c = math.sin(theta), math.cos(theta)
    c2 = c * c
    if df % 2 == 0:
        term, total = 1.0, 1.0
        for k in range(1, df // 2):
            term *= c2 * (2 * k - 1) / (2 * k)
            total += term
        return s * total
    if df == 1:
        return 2 * theta / math.pi
    term, total = 1.0, 1.0
    for k in range(1, (df - 1) // 2):
        term *= c2 * (2 * k) / (2 * k + 1)
        total += term
    return 2 / math.pi * (theta + s * c * total)


def t_critical(level: float, df: int) -> float:
    """The t value with ``level`` of the distribution between -t and t (bisection)."""
    low, high = 0.0, 1.0
    while t_central(high, df) < level:
        high *= 2
    for _ in range(60):
        middle = (low + high) / 2
        if t_central(middle, df) < level:
            low = middle
        else:
            high = middle
    return (low + high) / 2


# --- Least squares with AR(1) errors over possibly gappy days ---

Matrix = list[list[float]]


def _dot(u: Sequence[float], v: Sequence[float]) -> float:
    return sum(map(mul, u, v))


def _gram(us: Sequence[Sequence[float]], vs: Sequence[Sequence[float]]) -> Matrix:
    return [[_dot(u, v) for v in vs] for u in us]


def _mul(a: Matrix, b: Matrix) -> Matrix:
    return [[sum(a[i][k] * b[k][j] for k in range(3)) for j in range(3)] for i in range(3)]


def _trace(a: Matrix) -> float:
    return a[0][0] + a[1][1] + a[2][2]


def _inverse(a: Matrix) -> Matrix | None:
    (p, q, r), (s, t, u), (v, w, x) = a
    cof = [
        [t * x - u * w, -(q * x - r * w), q * u - r * t],
        [-(s * x - u * v), p * x - r * v, -(p * u - r * s)],
        [s * w - t * v, -(p * w - q * v), p * t - q * s],
    ]
    det = p * cof[0][0] + q * cof[1][0] + r * cof[2][0]
    scale = max(abs(p), abs(t), abs(x), 1e-300)
    if abs(det) <= 1e-12 * scale**3:
        return None
    return [[cof[i][j] / det for j in range(3)] for i in range(3)]


@dataclass(frozen=True)
class Design:
    """The days, the massage indicator and the trend, with what every measure shares."""

    days: list[int]
    columns: list[list[float]]  # 1, massage (0/1), day (centred, in weeks)
    inverse: Matrix  # (X'X)^-1
    adjacent: list[bool]  # day i directly follows day i - 1
    pairs: int
    ratio_grid: list[float]  # E[lag-1 residual autocorrelation] for each rho in _RHO_GRID

    @classmethod
    def of(cls, days: Sequence[int], massage: Sequence[bool]) -> Design | None:
        centre = mean(days)
        columns = [
            [1.0] * len(days),
            [1.0 if m else 0.0 for m in massage],
            [(d - centre) / 7 for d in days],
        ]
        inverse = _inverse(_gram(columns, columns))
        if inverse is None:
            return None
        adjacent = [False] + [b - a == 1 for a, b in pairwise(days)]
        design = cls(list(days), columns, inverse, adjacent, sum(adjacent), [])
        a_cols = [design.lag(c) for c in columns]
        xax = _gram(columns, a_cols)
        for rho in _RHO_GRID:
            s_cols = [design.ar1(c, rho) for c in columns]
            xsx = _gram(columns, s_cols)
            g = inverse
            numerator = (
                design.pairs * rho
                - 2 * _trace(_mul(g, _gram(a_cols, s_cols)))
                + _trace(_mul(_mul(g, xax), _mul(g, xsx)))
            )
            design.ratio_grid.append(numerator / (len(days) - _trace(_mul(g, xsx))))
        return design

    def ar1(self, v: Sequence[float], rho: float) -> list[float]:
        """Sigma(rho) v, with Sigma[i][j] = rho ** |day i - day j|, in O(days)."""
        n = len(v)
        decay = [0.0] + [rho ** (b - a) for a, b in pairwise(self.days)]
        forward = [0.0] * n
        backward = [0.0] * n
        for i in range(1, n):
            forward[i] = decay[i] * (forward[i - 1] + v[i - 1])
        for i in range(n - 2, -1, -1):
            backward[i] = decay[i + 1] * (backward[i + 1] + v[i + 1])
        return [v[i] + forward[i] + backward[i] for i in range(n)]

    def lag(self, v: Sequence[float]) -> list[float]:
        """A v: half the neighbour on each side that is the very next or previous day."""
        n = len(v)
        out = [0.0] * n
        for i in range(1, n):
            if self.adjacent[i]:
                out[i] += v[i - 1] / 2
                out[i - 1] += v[i] / 2
        return out

    def rho_for(self, residual_ratio: float) -> float:
        """The rho whose expected residual autocorrelation matches the observed one."""
        grid = self.ratio_grid
        if residual_ratio <= grid[0]:
            return 0.0
        for k in range(1, len(grid)):
            if residual_ratio <= grid[k]:
                span = grid[k] - grid[k - 1]
                part = (residual_ratio - grid[k - 1]) / span if span > 0 else 0.0
                return _RHO_GRID[k - 1] + part * (_RHO_GRID[k] - _RHO_GRID[k - 1])
        return RHO_MAX


@dataclass(frozen=True)
class Fit:
    difference: float  # the massage coefficient b
    standard_error: float
    df: int
    rho: float  # the rho the interval uses: the estimate raised by RHO_MARGIN standard errors
    rho_estimate: float

    def interval(self, level: float) -> tuple[float, float]:
        half = t_critical(level, self.df) * self.standard_error
        return self.difference - half, self.difference + half


def fit(design: Design, values: Sequence[float]) -> Fit:
    """OLS of ``values`` on the design; the massage coefficient's AR(1) standard error."""
    x, g = design.columns, design.inverse
    xy = [_dot(c, values) for c in x]
    beta = [sum(g[i][k] * xy[k] for k in range(3)) for i in range(3)]
    residual = [
        y - beta[0] * a - beta[1] * b - beta[2] * c
        for y, a, b, c in zip(values, x[0], x[1], x[2], strict=True)
    ]
    rss = _dot(residual, residual)
    n = len(values)
    scale = max(abs(y) for y in values) or 1.0
    if rss <= (1e-9 * scale) ** 2 * n:
        # A perfect fit (e.g. one night waking every day): the difference is exact, and a
        # rounding error of 1e-16 must not read as "fewer".
        exact = beta[1] if abs(beta[1]) > 1e-9 * scale else 0.0
        return Fit(exact, 0.0, n - 4, 0.0, 0.0)
    lagged = math.fsum(residual[i] * residual[i - 1] for i in range(1, n) if design.adjacent[i])
    estimate = design.rho_for(lagged / rss)
    # rho from a few weeks is uncertain (its standard error is about sqrt((1 - rho^2) / n)):
    # the interval uses an upper value, RHO_MARGIN standard errors above the estimate.
    spread = math.sqrt(max(1 - estimate * estimate, 0.0) / max(design.pairs, 1))
    rho = min(RHO_MAX, estimate + RHO_MARGIN * spread)
    variance = max(_variance(design, rss, rho), _variance(design, rss, 0.0))
    # Degrees of freedom from the effective number of independent days, n (1 - rho) / (1 + rho).
    effective = n * (1 - estimate) / (1 + estimate)
    return Fit(beta[1], math.sqrt(variance), max(2, math.floor(effective) - 4), rho, estimate)


def _variance(design: Design, rss: float, rho: float) -> float:
    """Var(b) under AR(1) errors with ``rho``, the error variance read from ``rss``."""
    x, g = design.columns, design.inverse
    xsx = _gram(x, [design.ar1(c, rho) for c in x])
    scale = rss / (len(x[0]) - _trace(_mul(g, xsx)))
    return max(_mul(_mul(g, xsx), g)[1][1], 0.0) * scale


# --- Words ---
# Labels, directions and conditions are English msgids (gettext_noop); the sentences below
# translate them when they are worded, in the reader's language. The numbers are the same in
# every language: only the decimal separator follows the language.


def _tenths(value: float) -> str:
    """ "0.8", "1", "12.5": one decimal at most, with the language's decimal separator."""
    text = f"{abs(value):.1f}".rstrip("0").rstrip(".")
    return text.replace(".", str(get_format("DECIMAL_SEPARATOR")))


def _amount(value: float, measure: Measure) -> str:
    """ "40 minutes" for durations, "0.8" for counts (the noun follows the direction)."""
    if measure.unit == "minutes":
        n = round(abs(value))
        return ngettext("%(n)s minute", "%(n)s minutes", n) % {"n": n}
    return _tenths(value)


def _is_zero(value: float, measure: Measure) -> bool:
    """Whether the value reads as nothing once rounded as it is shown."""
    if measure.unit == "minutes":
        return round(abs(value)) == 0
    return f"{abs(value):.1f}" == "0.0"


def _direction(value: float, measure: Measure) -> str:
    return gettext(measure.up if value > 0 else measure.down)


def _label(measure: Measure) -> str:
    return gettext(measure.label)


def _bound(value: float, measure: Measure) -> str:
    """One end of an interval: "12 minutes shorter", "0.5 more", or "no difference"."""
    if _is_zero(value, measure):
        return gettext("no difference")
    return gettext("%(amount)s %(direction)s") % {
        "amount": _amount(value, measure),
        "direction": _direction(value, measure),
    }


def percent_label(level: float) -> str:
    return f"{level * 100:.1f}".rstrip("0").rstrip(".")


def compare_days(
    measures: Sequence[Measure],
    days: Sequence[int],
    massage: Sequence[bool],
    values: Sequence[Sequence[float]],
    *,
    name: str,
    condition: str = EVENING_MASSAGE,
) -> list[Comparison]:
    """Every measure compared between days with and without ``condition``, in words.

    ``days`` are day numbers (e.g. ``date.toordinal()``), ascending; ``massage[i]`` says
    whether day i had the condition; ``values[m][i]`` is measure m on day i. This is the
    whole method (the page, the API, the PDF and bench/insights_null.py all call it).

    Below ``MIN_DAYS`` in either group there is no number at all, only "not enough data yet":
    a difference from four nights is noise that reads like news. A secondary measure is
    "clear" only when the primary is clear and its own Bonferroni interval excludes 0.
    """
    condition = gettext(condition)
    n_with = sum(1 for m in massage if m)
    n_without = len(massage) - n_with
    if n_with < MIN_DAYS or n_without < MIN_DAYS:
        return [_not_enough(m, n_with, n_without, name, condition) for m in measures]
    design = Design.of(days, massage)
    if design is None:  # massage days that are a straight line in time: nothing to compare
        return [_not_enough(m, n_with, n_without, name, condition) for m in measures]
    secondaries = sum(1 for m in measures if m.role == SECONDARY)
    secondary_level = 1 - (1 - LEVEL) / max(secondaries, 1)
    primary_clear = False
    fitted: dict[int, tuple[float, float, float, float]] = {}
    for k, m in enumerate(measures):
        if m.role == CONTEXT:
            continue
        level = LEVEL if m.role == PRIMARY else secondary_level
        result = fit(design, values[k])
        low, high = result.interval(level)
        fitted[k] = (result.difference, low, high, level)
        if m.role == PRIMARY:
            shown = _is_zero(low, m) and _is_zero(high, m)
            primary_clear = (low > 0 or high < 0) and not shown
    primary = next((m for m in measures if m.role == PRIMARY), None)
    comparisons = []
    for k, m in enumerate(measures):
        column = values[k]
        with_ = [v for v, on in zip(column, massage, strict=True) if on]
        without = [v for v, on in zip(column, massage, strict=True) if not on]
        if k not in fitted:
            comparisons.append(_context(m, with_, without, name, primary))
            continue
        diff, low, high, level = fitted[k]
        # An interval that reads "no difference" at both ends is not a finding, however
        # narrow (the sentence shows whole minutes or tenths of a waking).
        shown = _is_zero(low, m) and _is_zero(high, m)
        excludes = (low > 0 or high < 0) and not shown
        clear = excludes and (m.role == PRIMARY or primary_clear)
        comparisons.append(
            _described(m, with_, without, diff, low, high, level, clear, excludes, name, condition)
        )
    return comparisons


def _not_enough(
    measure: Measure, n_with: int, n_without: int, name: str, condition: str
) -> Comparison:
    sentence = gettext(
        "Not enough data yet to compare %(name)s's %(measure)s: %(days_with)s with "
        "%(condition)s and %(n_without)s without; at least %(min)s of each are needed."
    ) % {
        "name": name,
        "measure": _label(measure),
        "days_with": ngettext("%(n)s day", "%(n)s days", n_with) % {"n": n_with},
        "condition": condition,
        "n_without": n_without,
        "min": MIN_DAYS,
    }
    return Comparison(measure, n_with, n_without, sentence=sentence)


def _context(
    measure: Measure,
    with_: Sequence[float],
    without: Sequence[float],
    name: str,
    primary: Measure | None,
) -> Comparison:
    """Averages only: a measure that overlaps the primary is never a separate finding."""
    with_mean, without_mean = mean(with_), mean(without)
    values = {
        "name": name,
        "measure": _label(measure),
        "with": _amount(with_mean, measure),
        "without": _amount(without_mean, measure),
    }
    if primary is not None:
        sentence = gettext(
            "%(name)s's %(measure)s: on average %(with)s with and %(without)s without; it "
            "overlaps %(primary)s, so it is shown for context and not read as a separate finding."
        ) % {**values, "primary": _label(primary)}
    else:
        sentence = (
            gettext(
                "%(name)s's %(measure)s: on average %(with)s with and %(without)s without; it is "
                "shown for context and not read as a separate finding."
            )
            % values
        )
    return Comparison(
        measure,
        len(with_),
        len(without),
        with_mean,
        without_mean,
        with_mean - without_mean,
        sentence=sentence,
    )


def _described(
    measure: Measure,
    with_: Sequence[float],
    without: Sequence[float],
    diff: float,
    low: float,
    high: float,
    level: float,
    clear: bool,
    excludes: bool,
    name: str,
    condition: str,
) -> Comparison:
    """The comparison with its sentence: a clear difference, none, or an unclear one."""
    percent = percent_label(level)
    words = {
        "name": name,
        "measure": _label(measure),
        "condition": condition,
        "percent": percent,
        "low": _bound(low, measure),
        "high": _bound(high, measure),
    }
    if clear:
        near, far = (low, high) if diff > 0 else (high, low)
        # "between 25 and 61 minutes longer": the unit once, after the second bound.
        near_text = _tenths(near)
        if measure.unit == "minutes":
            near_text = str(round(abs(near)))
        found = {
            **words,
            "amount": _amount(diff, measure),
            "direction": _direction(diff, measure),
            "near": near_text,
            "far": _amount(far, measure),
        }
        if measure.unit == "minutes":
            sentence = (
                gettext(
                    "On days with %(condition)s, %(name)s's %(measure)s was on average %(amount)s "
                    "%(direction)s, allowing for the trend over the weeks (between %(near)s and "
                    "%(far)s %(direction)s, %(percent)s%% interval). The massage may be part "
                    "of the reason, but this shows an association, not that the massage caused it."
                )
                % found
            )
        else:
            sentence = (
                gettext(
                    "On days with %(condition)s, %(name)s had on average %(amount)s %(direction)s "
                    "%(measure)s, allowing for the trend over the weeks (between %(near)s and "
                    "%(far)s %(direction)s, %(percent)s%% interval). The massage may be part "
                    "of the reason, but this shows an association, not that the massage caused it."
                )
                % found
            )
    elif _is_zero(low, measure) and _is_zero(high, measure):
        # No spread at all (e.g. no night wakings on any day).
        sentence = gettext(
            "No difference in %(name)s's %(measure)s between days with and without "
            "%(condition)s: on average %(with)s with and %(without)s without."
        ) % {
            **words,
            "with": _amount(mean(with_), measure),
            "without": _amount(mean(without), measure),
        }
    elif excludes:
        # A secondary whose interval excludes 0 while the primary is not clear: the
        # gatekeeping rule says this is not a finding.
        sentence = (
            gettext(
                "No clear difference in %(name)s's %(measure)s between days with and without "
                "%(condition)s: the %(percent)s%% interval runs from %(low)s to %(high)s, but as "
                "night sleep, the main measure, shows no clear difference, this may be chance and "
                "is not read as a finding."
            )
            % words
        )
    else:
        sentence = (
            gettext(
                "No clear difference in %(name)s's %(measure)s between days with and without "
                "%(condition)s (the %(percent)s%% interval runs from %(low)s to %(high)s); a "
                "difference may still show with more days."
            )
            % words
        )
    return Comparison(
        measure,
        len(with_),
        len(without),
        mean(with_),
        mean(without),
        diff,
        low,
        high,
        sentence,
        level,
        clear,
    )
