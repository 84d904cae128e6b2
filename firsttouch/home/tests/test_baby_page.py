"""The baby's home page: header, quick actions, today, the week, and the empty states."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from firsttouch.massage.models import MassageSession
from firsttouch.tracking.tests.factories import crying, feed, nappy, note, sleep
from tests.cast import make_baby


def page(member, baby) -> str:
    response = member.client().get(reverse("baby", args=[baby.pk]))
    assert response.status_code == 200
    return response.content.decode()


def local_today(member) -> tuple[ZoneInfo, datetime]:
    tz = ZoneInfo(member.family.time_zone)
    midnight = datetime.combine(timezone.now().astimezone(tz).date(), time.min, tzinfo=tz)
    return tz, midnight


def test_home_redirects_to_the_first_baby(alice, mia) -> None:
    response = alice.client().get(reverse("home"))
    assert response["Location"] == reverse("baby", args=[mia.pk])


def test_home_without_a_baby_welcomes(alice) -> None:
    assert "Add your baby" in alice.client().get(reverse("home")).content.decode()


def test_the_header_and_quick_actions(alice, mia) -> None:
    html = page(alice, mia)
    assert "<h1>Mia</h1>" in html and mia.age().describe() in html
    assert f'href="{reverse("massage:library")}?baby={mia.pk}"' in html
    assert f'href="{reverse("tracking:log")}?baby={mia.pk}"' in html


def test_a_new_baby_sees_what_to_do_next(alice, mia) -> None:
    html = page(alice, mia)
    for section in (
        'id="timeline"',
        'id="week-massage"',
        'id="chart-sleep"',
        'id="chart-crying"',
        'id="chart-stools"',
    ):
        assert section in html
    assert "Nothing logged today yet" in html
    assert "No massage streak yet" in html
    assert "Log sleep, crying and nappies to see the week here" in html
    assert "No timer is running" in html


def test_today_lists_entries_and_massages_newest_first(alice, mia) -> None:
    _, midnight = local_today(alice)
    now = timezone.now()
    first = max(midnight.astimezone(UTC), now - timedelta(hours=3))
    feed(mia, first, first + timedelta(minutes=1), side="right")
    MassageSession.objects.create(
        baby=mia,
        routine_slug="bedtime-wind-down",
        started_at=first + timedelta(minutes=2),
        ended_at=first + timedelta(minutes=14),
        state_before="fussy",
        state_after="drowsy",
    )
    note(mia, first + timedelta(minutes=3), "Smiled at the cat")
    note(mia, midnight - timedelta(minutes=5), "Yesterday's note")
    html = page(alice, mia)
    timeline = html[html.index('id="timeline"') : html.index('id="week-massage"')]
    assert "Yesterday's note" not in timeline
    order = [
        timeline.index(t)
        for t in ("Smiled at the cat", "Bedtime wind-down, 12 min", "Breastfeed, right")
    ]
    assert order == sorted(order)
    assert "fussy → drowsy" in timeline


def test_a_night_sleep_from_yesterday_is_on_todays_timeline(alice, mia) -> None:
    _, midnight = local_today(alice)
    sleep(mia, midnight - timedelta(hours=2), midnight + timedelta(minutes=1))
    html = page(alice, mia)
    timeline = html[html.index('id="timeline"') : html.index('id="week-massage"')]
    assert "Sleep, 2 h 01 min" in timeline


def test_the_timeline_uses_the_familys_time_zone(alice, mia) -> None:
    alice.family.time_zone = "Europe/Berlin"
    alice.family.save()
    berlin = ZoneInfo("Europe/Berlin")
    today = timezone.now().astimezone(berlin).date()
    late = datetime.combine(today - timedelta(days=1), time(23, 30), tzinfo=UTC)
    note(mia, late, "Just after midnight in Berlin")
    html = page(alice, mia)
    timeline = html[html.index('id="timeline"') : html.index('id="week-massage"')]
    assert "Just after midnight in Berlin" in timeline
    assert f">{late.astimezone(berlin):%H:%M}</time>" in timeline


def test_the_week_shows_massage_days_and_the_streak(alice, mia) -> None:
    now = timezone.now()
    for days_ago in (1, 2, 3):
        MassageSession.objects.create(
            baby=mia,
            started_at=now - timedelta(days=days_ago),
            ended_at=now - timedelta(days=days_ago, minutes=-10),
        )
    html = page(alice, mia)
    week = html[html.index('id="week-massage"') : html.index('id="week-charts"')]
    assert week.count("massage given") == 3
    assert week.count("no massage") == 4
    assert "<strong>3 days</strong> in a row" in week


def test_the_charts_carry_the_numbers_across_midnight(alice, mia) -> None:
    _, midnight = local_today(alice)
    yesterday = (midnight - timedelta(hours=1)).date()
    sleep(mia, midnight - timedelta(hours=2), midnight + timedelta(hours=3))
    crying(mia, midnight - timedelta(days=1, hours=-10), midnight - timedelta(days=1, hours=-11))
    nappy(mia, midnight - timedelta(hours=3), dirty=True)
    html = page(alice, mia)
    y_name = f"{yesterday:%A} {yesterday.day} {yesterday:%B}"
    today = midnight.date()
    t_name = f"{today:%A} {today.day} {today:%B}"
    assert f"{y_name}: 2.0 hours" in html
    assert f"{t_name}: 3.0 hours" in html
    assert f"{y_name}: 60 minutes" in html
    assert f"{y_name}: 1 stools" in html


def test_the_page_runs_a_fixed_number_of_queries(alice, mia, django_assert_max_num_queries) -> None:
    client = alice.client()
    url = reverse("baby", args=[mia.pk])
    with CaptureQueriesContext(connection) as empty:
        client.get(url)
    now = timezone.now()
    for n in range(40):
        start = now - timedelta(hours=4 * n + 3)
        sleep(mia, start, start + timedelta(hours=2))
        crying(mia, start + timedelta(hours=2, minutes=10), start + timedelta(hours=2, minutes=30))
        nappy(mia, start, dirty=True)
        MassageSession.objects.create(baby=mia, started_at=start)
    sleep(mia, now - timedelta(minutes=5), None)
    with django_assert_max_num_queries(len(empty)):
        client.get(url)
    # 4 for the session, the caregiver and the babies; 5 for the week (the charts' four kinds,
    # whose row for today is also Today's totals, and the massage dots); 14 for the day's
    # timeline and Today's "since the last" and next breast; 1 each for the streak, the
    # massage in progress and tonight's bedtime window; 2 for red flags; up to 6 for what is
    # due (reminders).
    assert len(empty) <= 34


def test_several_babies_can_be_switched(alice, mia) -> None:
    noa = make_baby(alice.family, "Noa", age_days=10)
    html = page(alice, mia)
    assert f'href="{reverse("baby", args=[noa.pk])}"' in html


def test_bob_cannot_see_alices_baby(bob, mia) -> None:
    assert bob.client().get(reverse("baby", args=[mia.pk])).status_code == 404


def test_bob_is_not_sent_to_alices_baby(bob, leo, mia) -> None:
    assert bob.client().get(reverse("home"))["Location"] == reverse("baby", args=[leo.pk])
