"""The insights engine on a baby's own log: planted effects, minimum data, time zones."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.db import connection
from django.test.utils import CaptureQueriesContext

from firsttouch.babies.models import Baby
from firsttouch.insights.services import BabyInsights, baby_insights
from firsttouch.insights.stats import Comparison
from firsttouch.massage.models import MassageSession
from firsttouch.tracking.models import Crying, Sleep

from .factories import build_history, local

TZ = "Europe/London"
FIRST = date(2026, 11, 1)
NOW = datetime(2026, 12, 15, 12, 0, tzinfo=UTC)


def by_key(insights: BabyInsights, key: str) -> Comparison:
    return next(c for c in insights.comparisons if c.measure.key == key)


def test_planted_night_sleep_effect_is_detected(mia: Baby) -> None:
    build_history(mia, TZ, FIRST, 40, effect_minutes=45)
    insights = baby_insights(mia, TZ, now=NOW)
    night = by_key(insights, "night_sleep")
    assert night.with_n == 20 and night.without_n == 20
    assert night.low is not None and night.low > 0
    assert 25 < (night.difference or 0) < 65
    assert "night sleep was on average" in night.sentence and "longer" in night.sentence
    assert "association, not that the massage caused it" in night.sentence


def test_without_an_effect_no_difference_is_claimed(mia: Baby) -> None:
    build_history(mia, TZ, FIRST, 40, effect_minutes=0)
    night = by_key(baby_insights(mia, TZ, now=NOW), "night_sleep")
    assert night.low is not None and night.high is not None
    assert night.low < 0 < night.high
    assert night.sentence.startswith("No clear difference")


def test_six_massage_days_is_not_enough_and_seven_is(mia: Baby) -> None:
    # 12 days, massage every other day: 6 with, 6 without.
    build_history(mia, TZ, FIRST, 12, effect_minutes=45)
    six = baby_insights(mia, TZ, now=datetime(2026, 11, 14, 12, tzinfo=UTC))
    assert all(c.sentence.startswith("Not enough data yet") for c in six.comparisons)
    assert "6 days with an evening massage" in by_key(six, "night_sleep").sentence
    build_history(mia, TZ, FIRST + timedelta(days=12), 2, effect_minutes=45)
    seven = baby_insights(mia, TZ, now=datetime(2026, 11, 16, 12, tzinfo=UTC))
    assert by_key(seven, "night_sleep").enough_data


def test_a_night_across_midnight_counts_as_one_night_in_local_time(leo: Baby) -> None:
    tz = "America/New_York"
    day = date(2026, 11, 3)
    leo.usual_bedtime = time(20, 45)  # the massage at 20:30 falls in the evening window
    start, end = local(day, time(21, 0), tz), local(day + timedelta(days=1), time(5, 0), tz)
    Sleep.objects.bulk_create([Sleep(baby=leo, start=start, end=end)])
    MassageSession.objects.bulk_create(
        [
            MassageSession(
                baby=leo,
                started_at=local(day, time(20, 30), tz),
                ended_at=local(day, time(20, 50), tz),
            )
        ]
    )
    insights = baby_insights(leo, tz, now=datetime(2026, 11, 10, tzinfo=UTC))
    [night] = [d for d in insights.days if d.day == day]
    assert night.night_sleep == 480 and night.longest_stretch == 480
    assert night.night_wakings == 0 and night.massage_to_sleep == 10
    assert insights.massage_days == {day}


def test_crying_across_local_midnight_is_split_between_days(mia: Baby) -> None:
    day = date(2026, 11, 3)
    Crying.objects.bulk_create(
        [
            Crying(
                baby=mia,
                start=local(day, time(23, 30), TZ),
                end=local(day + timedelta(days=1), time(0, 45), TZ),
            )
        ]
    )
    insights = baby_insights(mia, TZ, now=NOW)
    assert insights.crying_by_day == {day: 30.0, day + timedelta(days=1): 45.0}


def test_bedtime_routine_is_compared_with_other_routines(mia: Baby) -> None:
    # The bedtime wind-down on even days (+45 minutes of night sleep), full body on odd days.
    build_history(mia, TZ, FIRST, 40, effect_minutes=45)
    MassageSession.objects.bulk_create(
        MassageSession(
            baby=mia,
            routine_slug="full-body",
            started_at=local(FIRST + timedelta(days=n), time(19, 20), TZ),
            ended_at=local(FIRST + timedelta(days=n), time(19, 35), TZ),
        )
        for n in range(1, 40, 2)
    )
    insights = baby_insights(mia, TZ, now=NOW)
    night = next(c for c in insights.by_routine if c.measure.key == "night_sleep")
    assert night.with_n == 20 and night.without_n == 20 and night.clear
    assert "bedtime wind-down" in night.sentence


def test_a_switch_of_routine_that_coincides_with_age_is_not_called_clear(mia: Baby) -> None:
    """Twenty days of one routine, then twenty of another: the routine and the weeks cannot
    be told apart, so allowing for the trend leaves the comparison unclear."""
    build_history(mia, TZ, FIRST, 20, effect_minutes=45, massage_every=1)
    build_history(
        mia,
        TZ,
        FIRST + timedelta(days=20),
        20,
        effect_minutes=0,
        massage_every=1,
        routine="full-body",
    )
    insights = baby_insights(mia, TZ, now=NOW)
    night = next(c for c in insights.by_routine if c.measure.key == "night_sleep")
    assert night.with_n == 20 and night.without_n == 20 and not night.clear


def test_three_queries_whatever_the_history(mia: Baby) -> None:
    build_history(mia, TZ, FIRST, 40, effect_minutes=45)
    with CaptureQueriesContext(connection) as queries:
        baby_insights(mia, TZ, now=NOW)
    assert len(queries) == 3


def test_another_babys_log_never_enters_the_comparison(mia: Baby, leo: Baby) -> None:
    build_history(leo, TZ, FIRST, 40, effect_minutes=45)
    insights = baby_insights(mia, TZ, now=NOW)
    assert insights.days == [] and insights.massage_days == set()
    assert all(c.sentence.startswith("Not enough data yet") for c in insights.comparisons)


def test_a_colic_pattern_in_the_log_is_reported_with_red_flags(mia: Baby) -> None:
    Baby.objects.filter(pk=mia.pk).update(birth_date=date(2026, 10, 1))
    mia.refresh_from_db()
    day = date(2026, 11, 2)
    Crying.objects.bulk_create(
        [
            Crying(
                baby=mia,
                start=local(day + timedelta(days=n), time(17, 0), TZ),
                end=local(day + timedelta(days=n), time(20, 0), TZ),
            )
            for n in (0, 2, 4)
        ]
    )
    colic = baby_insights(mia, TZ, now=NOW).colic
    assert colic.rome_iv and not colic.wessel  # exactly 3 hours: "or more", not "more than"
    assert "talk to your health visitor or doctor" in colic.sentences[0]
    assert "not gaining weight" in colic.sentences[-1]


def test_the_evening_window_is_a_parameter(mia: Baby) -> None:
    day = date(2026, 11, 3)
    Sleep.objects.bulk_create(
        [
            Sleep(
                baby=mia,
                start=local(day, time(19, 45), TZ),
                end=local(day + timedelta(days=1), time(6, 0), TZ),
            )
        ]
    )
    MassageSession.objects.bulk_create(
        [
            MassageSession(
                baby=mia,
                started_at=local(day, time(15, 0), TZ),
                ended_at=local(day, time(15, 20), TZ),
            )
        ]
    )
    assert baby_insights(mia, TZ, now=NOW).massage_days == set()
    early = baby_insights(mia, TZ, now=NOW, evening_start=time(14, 0))
    assert early.massage_days == {day}


def _crying_before_the_massage(baby: Baby, *, crying_on_massage_days_only: bool) -> None:
    """Issue 9's planted case: crying 17:00-18:00, a massage at 18:40 on alternate days."""
    sleeps, cries, sessions = [], [], []
    for n in range(20):
        day = FIRST + timedelta(days=n)
        massaged = n % 2 == 0
        if massaged:
            sessions.append(
                MassageSession(
                    baby=baby,
                    started_at=local(day, time(18, 40), TZ),
                    ended_at=local(day, time(18, 55), TZ),
                )
            )
        if massaged or not crying_on_massage_days_only:
            cries.append(
                Crying(baby=baby, start=local(day, time(17, 0), TZ), end=local(day, time(18), TZ))
            )
        onset = local(day, time(19, 30), TZ)
        sleeps.append(Sleep(baby=baby, start=onset, end=onset + timedelta(minutes=600 + n % 3)))
    Sleep.objects.bulk_create(sleeps)
    Crying.objects.bulk_create(cries)
    MassageSession.objects.bulk_create(sessions)


def test_crying_before_the_massage_is_not_its_outcome(mia: Baby) -> None:
    """Issue 9, point 4, the exact case: crying 17:00-18:00 every day, massage at 18:40 on
    alternate days. Outcomes count from the massage's end, and from the usual end time
    (18:55) on other days: the same window, so no difference is claimed."""
    _crying_before_the_massage(mia, crying_on_massage_days_only=False)
    insights = baby_insights(mia, TZ, now=datetime(2026, 11, 22, 12, tzinfo=UTC))
    crying = by_key(insights, "crying")
    assert crying.with_n == 10 and crying.without_n == 10
    assert crying.with_mean == crying.without_mean == 0
    assert crying.difference == 0 and not crying.clear
    assert "longer" not in crying.sentence and "shorter" not in crying.sentence
    assert not any(c.clear for c in insights.comparisons)


def test_crying_that_prompts_a_massage_is_not_read_as_its_effect(mia: Baby) -> None:
    """The reverse-causation trap: the baby cries, so the parent massages. Before issue 9
    this read "crying 60 minutes longer on days with an evening massage"."""
    _crying_before_the_massage(mia, crying_on_massage_days_only=True)
    insights = baby_insights(mia, TZ, now=datetime(2026, 11, 22, 12, tzinfo=UTC))
    crying = by_key(insights, "crying")
    assert crying.with_mean == crying.without_mean == 0
    assert crying.difference == 0 and not crying.clear
    assert not any(c.clear for c in insights.comparisons)


def test_crying_after_the_massage_still_counts(mia: Baby) -> None:
    """Counting from the massage's end must not hide what follows it."""
    _crying_before_the_massage(mia, crying_on_massage_days_only=False)
    day = FIRST + timedelta(days=2)  # a massage day
    Crying.objects.bulk_create(
        [Crying(baby=mia, start=local(day, time(19, 0), TZ), end=local(day, time(19, 20), TZ))]
    )
    insights = baby_insights(mia, TZ, now=datetime(2026, 11, 22, 12, tzinfo=UTC))
    [measured] = [d for d in insights.days if d.day == day]
    assert measured.crying == 20


def test_the_usual_end_time_is_counted_from_the_evening_not_midnight() -> None:
    """Massages ending at 23:50, 00:10 and 00:20: the usual end is 00:10, late, not early."""
    from firsttouch.insights.nights import usual_end

    tz = ZoneInfo(TZ)
    day = date(2026, 11, 3)
    ends = [
        datetime.combine(day, time(23, 50), tzinfo=tz),
        datetime.combine(day + timedelta(days=1), time(0, 10), tzinfo=tz),
        datetime.combine(day + timedelta(days=2), time(0, 20), tzinfo=tz),
    ]
    assert usual_end(ends, tz, time(16)) == timedelta(hours=8, minutes=10)
    assert usual_end([], tz, time(16)) == timedelta(0)
