"""``firsttouch demo``: believable, consistent data, and safe to run twice."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from io import StringIO
from itertools import pairwise

from django.core.management import call_command
from django.urls import reverse

from firsttouch.accounts.models import Family, User
from firsttouch.babies.models import Baby
from firsttouch.massage.content import library
from firsttouch.massage.models import MassageSession
from firsttouch.ops.management.commands import demo
from firsttouch.tracking.models import Crying, Feed, Growth, Nappy, Sleep

NOW = datetime(2025, 4, 20, 12, 0, tzinfo=UTC)  # the 8 weeks span the spring clock change


def _assert_no_overlap(rows: list[tuple[datetime, datetime | None]]) -> None:
    rows = sorted(rows)
    for (_, prev_end), (start, end) in pairwise(rows):
        assert prev_end is not None and end is not None
        assert prev_end <= start < end


def test_the_demo_has_eight_weeks_of_data(db) -> None:
    demo.create_demo(NOW)
    baby = Baby.objects.get()
    assert (baby.name, baby.family.name) == ("Ava", "Demo family")
    assert 65 <= baby.age(NOW.date()).days <= 75
    massages = MassageSession.objects.filter(baby=baby)
    assert 40 <= massages.count() <= 80
    assert massages.filter(routine_slug="bedtime-wind-down").count() > massages.count() / 2
    assert massages.filter(routine_slug="tummy-gas-constipation").exists()
    assert 6 * 50 <= Nappy.objects.count() <= 8 * 56
    assert 7 * 50 <= Feed.objects.count() <= 10 * 56
    assert Crying.objects.exists() and Growth.objects.count() == 8
    assert not Sleep.objects.filter(start__gt=NOW).exists()
    assert not Sleep.objects.filter(end__gt=NOW).exists()


def test_sleeps_and_crying_never_overlap(db) -> None:
    demo.create_demo(NOW)
    _assert_no_overlap(list(Sleep.objects.values_list("start", "end")))
    _assert_no_overlap(list(Crying.objects.values_list("start", "end")))


def test_cues_come_from_the_library(db) -> None:
    demo.create_demo(NOW)
    known = library().cues.ids()
    used = {c for cues in MassageSession.objects.values_list("cues", flat=True) for c in cues}
    assert used and used <= known


def test_running_twice_replaces_the_demo(db) -> None:
    first = demo.create_demo(NOW)
    counts = dict(first.counts())
    second = demo.create_demo(NOW)
    assert dict(second.counts()) == counts
    assert User.objects.filter(email=demo.EMAIL).count() == 1
    assert Family.objects.count() == 1 and Baby.objects.count() == 1
    assert Sleep.objects.count() == counts["sleep"]


def test_the_demo_leaves_other_families_alone(alice, mia) -> None:
    demo.create_demo(NOW)
    demo.create_demo(NOW + timedelta(days=1))
    assert Baby.objects.filter(pk=mia.pk).exists()
    assert Family.objects.count() == 2


def test_the_command_prints_the_login_and_the_login_works(client, db) -> None:
    out = StringIO()
    call_command("demo", stdout=out)
    assert "demo@example.com" in out.getvalue() and "firsttouch-demo" in out.getvalue()
    assert client.login(username=demo.EMAIL, password=demo.PASSWORD)
    assert client.get(reverse("home"), follow=True).status_code == 200


def test_the_demo_has_enough_evenings_of_each_kind_for_insights(db) -> None:
    from firsttouch.insights.services import baby_insights

    demo.create_demo(NOW)
    baby = Baby.objects.get()
    insights = baby_insights(baby, baby.family.time_zone, now=NOW)
    assert all(c.enough_data for c in insights.comparisons), [
        (c.with_n, c.without_n) for c in insights.comparisons
    ]
