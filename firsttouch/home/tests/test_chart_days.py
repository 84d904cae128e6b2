"""Week/month chart days: a day with nothing of a kind logged is a gap (None), not a zero."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from firsttouch.core.charts import bar_chart
from firsttouch.home import services
from firsttouch.home.views import range_charts
from firsttouch.tracking.tests.factories import crying, feed, nappy, sleep

LONDON = ZoneInfo("Europe/London")


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=LONDON)


def test_days_without_entries_of_a_kind_are_not_logged(mia) -> None:
    d1, d2, d3 = date(2025, 2, 10), date(2025, 2, 11), date(2025, 2, 12)
    sleep(mia, at(d1, 13), at(d1, 14, 30))
    feed(mia, at(d1, 8), at(d1, 8, 20))
    feed(mia, at(d1, 11), at(d1, 11, 15))
    nappy(mia, at(d2, 9), wet=True)  # nappies logged on d2, none dirty: a logged zero
    crying(mia, at(d2, 18), at(d2, 18, 25))
    first, second, third = services.chart_days(mia, [d1, d2, d3], LONDON, now=at(d3, 20))
    assert (first.sleep_minutes, first.feeds, first.wet, first.crying_minutes) == (
        90,
        2,
        None,
        None,
    )
    assert (second.sleep_minutes, second.feeds, second.wet, second.dirty) == (None, None, 1, 0)
    assert second.crying_minutes == 25
    # Nothing at all on the third day: every kind is a gap, none a zero.
    assert (third.sleep_minutes, third.feeds, third.wet, third.dirty, third.crying_minutes) == (
        None,
        None,
        None,
        None,
        None,
    )


def test_a_night_sleep_is_logged_on_both_days_it_touches(mia) -> None:
    d1, d2 = date(2025, 2, 10), date(2025, 2, 11)
    sleep(mia, at(d1, 22), at(d2, 5))
    first, second = services.chart_days(mia, [d1, d2], LONDON, now=at(d2, 20))
    assert (first.sleep_minutes, second.sleep_minutes) == (120, 300)


def test_another_familys_logs_never_show(mia, leo) -> None:
    day = date(2025, 2, 10)
    feed(leo, at(day, 8), at(day, 8, 20))
    (only,) = services.chart_days(mia, [day], LONDON, now=at(day, 20))
    assert only.feeds is None


def test_a_gap_draws_no_bar_and_reads_not_logged() -> None:
    svg = str(bar_chart([("Mo", 2.0), ("Tu", None), ("We", 0.0)], chart_id="c", title="t"))
    assert svg.count('class="bar"') == 2
    assert "Tu: not logged" in svg and "We: 0" in svg


def test_the_range_charts_mark_gaps_in_their_descriptions() -> None:
    days = [
        services.ChartDay(date(2025, 2, 10), 600.0, 7, 5, 2, 30.0),
        services.ChartDay(date(2025, 2, 11), None, None, None, None, None),
    ]
    charts = range_charts(days, "week")
    assert "Tuesday 11 February: not logged" in str(charts["range_crying"])
    assert "Monday 10 February: 30 minutes" in str(charts["range_crying"])
    assert charts["has_data"]
    assert not range_charts(days[1:], "week")["has_data"]
