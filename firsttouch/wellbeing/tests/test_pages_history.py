"""Her trend: a chart with the bands, each check listed, and where to get help."""

from __future__ import annotations

from datetime import timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from firsttouch.wellbeing import services
from tests.cast import Member

FORWARD = {1, 2, 4}


def epds_with(member: Member, scores: list[int], days_ago: int) -> None:
    chosen = {str(i): s if i in FORWARD else 3 - s for i, s in enumerate(scores, start=1)}
    response = services.start(member.user, member.family, "epds")
    services.save_answers(response, chosen)
    services.complete(response, at=timezone.now() - timedelta(days=days_ago))


def test_the_trend_chart_shows_each_score_with_its_band(alice: Member) -> None:
    epds_with(alice, [1, 1, 1, 0, 0, 1, 1, 1, 2, 0], days_ago=60)  # 8
    epds_with(alice, [2, 2, 1, 1, 0, 2, 2, 1, 1, 0], days_ago=30)  # 12
    epds_with(alice, [2, 2, 2, 2, 0, 2, 2, 2, 1, 0], days_ago=1)  # 15
    page = alice.client().get(reverse("wellbeing:history")).content.decode()
    assert '<svg class="chart trend" id="epds-trend"' in page
    assert page.count('<circle class="dot"') == 3
    for css in ("band-below", "band-possible", "band-probable"):
        assert f'class="band {css}"' in page
    desc = page[page.index('id="epds-trend-desc">') : page.index("</desc>")]
    assert "8 (below the usual screening threshold)" in desc
    assert "12 (possible depression)" in desc
    assert "15 (probable depression)" in desc
    assert "Where to get help" in page


def test_no_checks_says_what_to_do_next(alice: Member) -> None:
    page = alice.client().get(reverse("wellbeing:history")).content.decode()
    assert "No checks yet" in page
    assert reverse("wellbeing:epds") in page
    assert "<svg" not in page.split("Who can see your checks")[0].split("<main")[1]


def test_the_overview_points_to_the_check_history_and_sharing(alice: Member) -> None:
    epds_with(alice, [0] * 10, days_ago=3)
    page = alice.client().get(reverse("wellbeing:overview")).content.decode()
    assert "Take a check now" in page
    assert 'href="/wellbeing/epds/"' in page
    assert reverse("programs:sharing") in page
    assert "What is this check?" in page
    assert "<strong>0</strong> of 30" in page


def test_the_history_and_overview_queries_do_not_grow_with_the_checks(alice: Member) -> None:
    client = alice.client()
    epds_with(alice, [0] * 10, days_ago=9)
    client.get(reverse("wellbeing:history"))  # the first request also sets up the session

    def count(name: str) -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse(name)).status_code == 200
        return len(ctx.captured_queries)

    one = {name: count(name) for name in ("wellbeing:history", "wellbeing:overview")}
    for days in range(1, 6):
        # Item 10 at "Never": a later check with item 10 above 0 adds the crisis block to the
        # overview (a fixed few queries, tested in test_safety_alert_at_first_save).
        epds_with(alice, [1] * 9 + [0], days_ago=days)
    assert {name: count(name) for name in one} == one
