"""The colic pattern at the edges named in issue #4: 2h59 / 3h00 / 3h01, 3 vs 4 days, weeks."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from firsttouch.babies.models import Baby
from firsttouch.insights.colic import (
    COLIC_SENTENCE,
    RED_FLAGS,
    colic_pattern,
    crying_context,
    split_by_local_day,
)
from firsttouch.insights.services import baby_insights

START = date(2026, 3, 2)  # a Monday
BORN = date(2026, 2, 1)


def log(pattern: dict[int, float], days: int = 28) -> dict[date, float]:
    """Minutes per day offset; other days get 60 minutes."""
    return {START + timedelta(days=n): pattern.get(n, 60.0) for n in range(days)}


def test_rome_iv_counts_3h00_but_not_2h59() -> None:
    assert colic_pattern(log({0: 180, 2: 180, 4: 180}), BORN).rome_iv
    assert not colic_pattern(log({0: 179, 2: 180, 4: 180}), BORN).rome_iv


def test_rome_iv_needs_3_days_within_7() -> None:
    assert not colic_pattern(log({0: 200, 3: 200}), BORN).rome_iv
    inside = colic_pattern(log({0: 200, 3: 200, 6: 200}), BORN)
    assert inside.rome_iv and inside.rome_window == (START, START + timedelta(days=6))
    # Days 0, 3 and 7 span 8 days: no 7-day window holds all three.
    assert not colic_pattern(log({0: 200, 3: 200, 7: 200}), BORN).rome_iv


def test_rome_iv_only_under_five_months_chronological() -> None:
    born = START - timedelta(days=200)  # over 5 months old on every day of the log
    pattern = colic_pattern(log({0: 200, 1: 200, 2: 200}), born)
    assert not pattern.rome_iv and not pattern.rome_iv_age_ok
    assert any("under 5 months" in s for s in pattern.sentences)


def wessel_log(heavy_days_per_week: int, weeks: int, minutes: float = 181) -> dict[date, float]:
    pattern = {w * 7 + d: minutes for w in range(weeks) for d in range(heavy_days_per_week)}
    return log(pattern, days=max(28, weeks * 7))


def test_wessel_needs_more_than_3_hours() -> None:
    assert colic_pattern(wessel_log(4, 4, minutes=181), BORN).wessel
    assert not colic_pattern(wessel_log(4, 4, minutes=180), BORN).wessel


def test_wessel_needs_more_than_3_days_a_week() -> None:
    assert not colic_pattern(wessel_log(3, 4), BORN).wessel
    pattern = colic_pattern(wessel_log(4, 4), BORN)
    assert pattern.wessel and len(pattern.wessel_weeks) == 4


def test_wessel_needs_more_than_3_weeks() -> None:
    assert not colic_pattern(wessel_log(4, 3), BORN).wessel


def test_wessel_weeks_need_not_start_on_the_first_logged_day() -> None:
    # Four heavy days from day 5 of each week: calendar weeks from day 0 hold only two each,
    # weeks starting on days 2 to 5 hold all four.
    pattern = {5 + w * 7 + d: 200.0 for w in range(4) for d in range(4)}
    result = colic_pattern(log(pattern, days=35), BORN)
    assert result.wessel
    assert START + timedelta(days=2) <= result.wessel_weeks[0][0] <= START + timedelta(days=5)


def test_matching_pattern_says_talk_to_health_visitor_and_lists_red_flags() -> None:
    result = colic_pattern(log({0: 200, 1: 200, 2: 200}), BORN)
    assert result.matches and result.sentences[0] == COLIC_SENTENCE
    assert all(flag in result.sentences[-1] for flag in RED_FLAGS)


def test_calm_log_shows_red_flags_but_no_colic_sentence() -> None:
    result = colic_pattern(log({}), BORN)
    assert not result.matches and COLIC_SENTENCE not in result.sentences
    assert "blood in stool" in result.sentences[-1]


def test_crying_is_split_at_local_midnight_not_utc() -> None:
    london = ZoneInfo("Europe/London")  # BST in June: local midnight is 23:00 UTC
    start = datetime(2026, 6, 1, 22, 30, tzinfo=UTC)  # 23:30 local
    end = datetime(2026, 6, 1, 23, 30, tzinfo=UTC)  # 00:30 local
    assert split_by_local_day([(start, end)], london) == {
        date(2026, 6, 1): 30.0,
        date(2026, 6, 2): 30.0,
    }


def test_context_is_from_wolke_and_not_a_diagnosis() -> None:
    assert "about 2 hours" in crying_context(20, 95)
    assert "about 1 hour" in crying_context(80, None)
    assert "not a diagnosis" in crying_context(20, 95)


def test_a_32_weeker_at_10_weeks_gets_the_early_weeks_norm(mia: Baby) -> None:
    """Issue 9, point 6: 10 weeks chronological is 2 weeks corrected for a 32-weeker."""
    now = datetime(2026, 12, 15, 12, tzinfo=UTC)
    today = now.date()
    mia.birth_date = today - timedelta(weeks=10)
    mia.gestational_weeks = 32
    mia.save()
    context = baby_insights(mia, "UTC", now=now).crying_context
    assert "about 2 hours a day in the first 6 weeks;" in context
    assert "1 hour" not in context
    assert "age counted from the due date" in context
    mia.gestational_weeks = None  # the same day, born at term: the 10-12 week norm
    mia.save()
    term = baby_insights(mia, "UTC", now=now).crying_context
    assert "about 1 hour a day from 10-12 weeks" in term
    assert "due date" not in term


def test_corrected_age_for_crying_norms_stops_at_two_years(mia: Baby) -> None:
    """Past 2 years the corrected age is the chronological age (babies.services)."""
    now = datetime(2026, 12, 15, 12, tzinfo=UTC)
    mia.birth_date = now.date() - timedelta(days=2 * 365)
    mia.gestational_weeks = 26
    mia.save()
    context = baby_insights(mia, "UTC", now=now).crying_context
    assert "about 1 hour a day from 10-12 weeks" in context
    assert "due date" not in context


def test_crying_context_by_age_in_days() -> None:
    assert "first 6 weeks;" in crying_context(-20, None, corrected=True)  # before the due date
    assert "first 6 weeks;" in crying_context(14, None, corrected=True)
    assert "falling towards 1 hour" in crying_context(6 * 7, None)
    assert "from 10-12 weeks" in crying_context(10 * 7, None)
