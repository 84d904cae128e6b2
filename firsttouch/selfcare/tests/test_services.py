"""Mood, self-care and the symptom suggestion, without HTTP."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.test import override_settings
from django.utils import timezone

from firsttouch.selfcare import services
from firsttouch.selfcare.models import MoodEntry, SelfCareDay
from tests.cast import Member

pytestmark = pytest.mark.django_db


def test_one_mood_per_day_a_second_tap_replaces_the_first(alice: Member) -> None:
    today = timezone.localdate()
    services.set_mood(alice.user, today, 2, "tired")
    services.set_mood(alice.user, today, 4)
    entry = MoodEntry.objects.get(user=alice.user)
    assert (entry.mood, entry.note) == (4, "")
    services.set_mood(alice.user, today - timedelta(days=1), 3)
    assert MoodEntry.objects.filter(user=alice.user).count() == 2


@pytest.mark.parametrize("mood", [0, 6])
def test_a_mood_outside_the_five_faces_is_refused(alice: Member, mood: int) -> None:
    with pytest.raises(ValidationError):
        services.set_mood(alice.user, timezone.localdate(), mood)
    assert not MoodEntry.objects.exists()


def test_a_future_day_is_refused(alice: Member) -> None:
    with pytest.raises(ValidationError, match="future"):
        services.set_mood(alice.user, timezone.localdate() + timedelta(days=1), 3)


def test_toggling_a_tick_twice_turns_it_back_off(alice: Member) -> None:
    today = timezone.localdate()
    assert services.toggle_self_care(alice.user, today, "yoga").yoga
    assert not services.toggle_self_care(alice.user, today, "yoga").yoga


def test_sleep_hours_outside_0_to_24_are_refused(alice: Member) -> None:
    with pytest.raises(ValidationError):
        services.set_self_care(alice.user, timezone.localdate(), sleep_hours=25)
    assert not SelfCareDay.objects.exists()


def _symptoms(member: Member, days_ago: int, *keys: str) -> None:
    services.set_symptoms(
        member.user, timezone.localdate() - timedelta(days=days_ago), **dict.fromkeys(keys, True)
    )


def test_two_distinct_symptoms_do_not_suggest_an_epds(alice: Member) -> None:
    _symptoms(alice, 0, "anxiety", "low_energy")
    _symptoms(alice, 3, "anxiety")  # the same sign again is still one
    hint = services.symptom_suggestion(alice.user, timezone.localdate())
    assert hint.symptoms == ["anxiety", "low_energy"]
    assert not hint.suggest_epds
    assert hint.message == ""


def test_three_distinct_symptoms_in_seven_days_suggest_an_epds(alice: Member) -> None:
    _symptoms(alice, 0, "anxiety")
    _symptoms(alice, 2, "low_energy")
    _symptoms(alice, 6, "extreme_sadness")  # the 7th day back is still in the window
    hint = services.symptom_suggestion(alice.user, timezone.localdate())
    assert hint.suggest_epds
    assert hint.window_start == timezone.localdate() - timedelta(days=6)
    assert hint.epds_url.endswith("/wellbeing/epds/")


def test_a_symptom_eight_days_ago_is_outside_the_window(alice: Member) -> None:
    _symptoms(alice, 0, "anxiety")
    _symptoms(alice, 2, "low_energy")
    _symptoms(alice, 7, "extreme_sadness")
    assert not services.symptom_suggestion(alice.user, timezone.localdate()).suggest_epds


def test_the_window_ends_on_the_day_asked_about(alice: Member) -> None:
    _symptoms(alice, 0, "anxiety", "low_energy", "sleep_change")
    yesterday = timezone.localdate() - timedelta(days=1)
    assert not services.symptom_suggestion(alice.user, yesterday).suggest_epds


@override_settings(SELFCARE_SYMPTOMS_SUGGEST_EPDS=2)
def test_the_threshold_is_a_setting(alice: Member) -> None:
    _symptoms(alice, 0, "anxiety", "low_energy")
    hint = services.symptom_suggestion(alice.user, timezone.localdate())
    assert hint.suggest_epds and hint.threshold == 2


def test_another_users_symptoms_never_count(alice: Member, dan: Member) -> None:
    _symptoms(dan, 0, "anxiety", "low_energy", "sleep_change")
    assert not services.symptom_suggestion(alice.user, timezone.localdate()).suggest_epds


def test_week_summary_counts_days_and_reads_the_trend(alice: Member) -> None:
    today = timezone.localdate()
    monday = today - timedelta(days=today.weekday() + 7)  # last week: never in the future
    wednesday = monday + timedelta(days=2)
    services.set_self_care(alice.user, monday, sun=True, yoga=True, sleep_hours=6)
    services.set_self_care(alice.user, wednesday, sun=True)
    services.set_mood(alice.user, monday, 2)
    services.set_mood(alice.user, wednesday, 4)
    week = services.week_summary(alice.user, wednesday)
    assert (week.start, week.end) == (monday, monday + timedelta(days=6))
    assert week.counts["sun"] == 2 and week.counts["yoga"] == 1 and week.counts["social"] == 0
    assert week.days[0].mood == 2 and week.days[1].mood is None
    assert week.mood_average == 3.0
    assert week.trend == "up"


@pytest.mark.parametrize(
    ("moods", "trend"),
    [
        ([], "not_enough"),
        ([3], "not_enough"),
        ([4, 2], "down"),
        ([3, 4, 3], "steady"),
        ([1, 2, 3, 4], "up"),
    ],
)
def test_mood_trend(moods: list[int], trend: str) -> None:
    assert services.mood_trend(moods) == trend
