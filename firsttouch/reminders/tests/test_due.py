"""What is due for whom: the schedule applied to a family's babies and the mother's EPDS."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest

from firsttouch.babies.models import Baby
from firsttouch.massage.models import MassageSession
from firsttouch.reminders import services
from firsttouch.reminders.models import ReminderSettings, ReminderState
from tests.cast import Member, make_baby

from .conftest import FakeEpds

pytestmark = pytest.mark.django_db

# 10:00 in London on 10 April 2025 (British Summer Time).
NOW = datetime(2025, 4, 10, 9, 0, tzinfo=UTC)


def born(alice: Member, day: date, weeks: int | None = None) -> Baby:
    return Baby.objects.create(
        family=alice.family, name="Ada", birth_date=day, gestational_weeks=weeks
    )


def keys(user, now=NOW) -> list[str]:
    return [i.key for i in services.due_for(user, now)]


def test_the_one_month_check_is_due_for_the_mother(alice: Member) -> None:
    baby = born(alice, date(2025, 3, 10))
    assert keys(alice.user) == [f"epds:month-1:{baby.pk}"]


def test_nothing_is_due_between_points(alice: Member) -> None:
    born(alice, date(2025, 3, 1))
    assert keys(alice.user, datetime(2025, 3, 10, 12, tzinfo=UTC)) == []


def test_a_preterm_babys_checks_follow_the_birth_date(alice: Member) -> None:
    baby = born(alice, date(2025, 3, 10), weeks=30)
    assert keys(alice.user) == [f"epds:month-1:{baby.pk}"]


def test_a_31_january_baby_is_due_on_28_february(alice: Member) -> None:
    baby = born(alice, date(2025, 1, 31))
    feb_28 = datetime(2025, 2, 28, 12, tzinfo=UTC)
    assert keys(alice.user, feb_28) == [f"epds:month-1:{baby.pk}"]
    # The day before, only the 2-week check (still in its window) is open.
    assert keys(alice.user, feb_28 - timedelta(days=1)) == [f"epds:week-2:{baby.pk}"]


def test_a_leap_day_baby_is_due_at_twelve_months_on_28_february(alice: Member) -> None:
    baby = born(alice, date(2024, 2, 29))
    assert keys(alice.user, datetime(2025, 2, 28, 12, tzinfo=UTC)) == [f"epds:month-12:{baby.pk}"]


def test_the_day_is_the_familys_day_not_utc(bob: Member) -> None:
    baby = born(bob, date(2025, 3, 10))
    # 02:00 UTC on 10 April is still 9 April in New York: not due yet.
    assert keys(bob.user, datetime(2025, 4, 10, 2, tzinfo=UTC)) == []
    assert keys(bob.user, datetime(2025, 4, 10, 5, tzinfo=UTC)) == [f"epds:month-1:{baby.pk}"]


def test_a_partner_never_gets_the_mothers_screening_reminders(alice: Member, dan: Member) -> None:
    born(alice, date(2025, 3, 10))
    assert keys(dan.user) == []


def test_screening_reminders_can_be_turned_off(alice: Member) -> None:
    born(alice, date(2025, 3, 10))
    ReminderSettings.objects.create(user=alice.user, screening_reminders=False)
    assert keys(alice.user) == []


def test_a_recent_epds_satisfies_the_check(alice: Member, epds: FakeEpds) -> None:
    born(alice, date(2025, 3, 10))
    epds.latest = (4, datetime(2025, 4, 5, 20, tzinfo=UTC))
    assert keys(alice.user) == []


def test_an_old_epds_does_not_satisfy_the_check(alice: Member, epds: FakeEpds) -> None:
    born(alice, date(2025, 3, 10))
    epds.latest = (4, datetime(2025, 3, 24, 20, tzinfo=UTC))  # the 2-week check
    assert len(keys(alice.user)) == 1


def test_a_score_of_10_asks_again_two_weeks_later(alice: Member, epds: FakeEpds) -> None:
    born(alice, date(2025, 1, 1))  # no milestone near mid-April
    epds.latest = (10, datetime(2025, 4, 1, 9, tzinfo=UTC))
    assert keys(alice.user, datetime(2025, 4, 14, 9, tzinfo=UTC)) == []
    assert keys(alice.user, datetime(2025, 4, 15, 9, tzinfo=UTC)) == ["epds:follow-up:2025-04-01"]


def test_a_score_below_the_threshold_asks_nothing_more(alice: Member, epds: FakeEpds) -> None:
    born(alice, date(2025, 1, 1))
    epds.latest = (9, datetime(2025, 4, 1, 9, tzinfo=UTC))
    assert keys(alice.user, datetime(2025, 4, 15, 9, tzinfo=UTC)) == []


def test_the_threshold_comes_from_settings(alice: Member, epds: FakeEpds, settings) -> None:
    settings.EPDS_POSSIBLE_THRESHOLD = 11
    born(alice, date(2025, 1, 1))
    epds.latest = (10, datetime(2025, 4, 1, 9, tzinfo=UTC))
    assert keys(alice.user, datetime(2025, 4, 15, 9, tzinfo=UTC)) == []


def test_snoozing_hides_the_check_for_three_days(alice: Member) -> None:
    baby = born(alice, date(2025, 3, 10))
    key = f"epds:month-1:{baby.pk}"
    state = services.snooze(alice.user, key, NOW)
    assert state.snoozed_until == date(2025, 4, 13)
    assert keys(alice.user) == []
    assert keys(alice.user, NOW + timedelta(days=2)) == []
    assert keys(alice.user, NOW + timedelta(days=3)) == [key]


def test_declining_hides_the_check_for_good(alice: Member) -> None:
    baby = born(alice, date(2025, 3, 10))
    services.decline(alice.user, f"epds:month-1:{baby.pk}", NOW)
    assert keys(alice.user) == []
    assert keys(alice.user, NOW + timedelta(days=5)) == []


def test_an_unknown_or_future_key_cannot_be_snoozed(alice: Member) -> None:
    baby = born(alice, date(2025, 3, 10))
    with pytest.raises(services.UnknownReminder):
        services.snooze(alice.user, f"epds:month-4:{baby.pk}", NOW)
    with pytest.raises(services.UnknownReminder):
        services.decline(alice.user, "nonsense", NOW)
    assert not ReminderState.objects.exists()


def test_another_familys_key_cannot_be_snoozed(alice: Member, bob: Member) -> None:
    baby = born(alice, date(2025, 3, 10))
    with pytest.raises(services.UnknownReminder):
        services.snooze(bob.user, f"epds:month-1:{baby.pk}", NOW)


def test_answering_one_of_two_open_checks_answers_both(alice: Member, epds: FakeEpds) -> None:
    born(alice, date(2025, 2, 10))  # 2-month check due 10 April
    epds.latest = (12, datetime(2025, 3, 27, 9, tzinfo=UTC))  # repeat due 10 April too
    (shown,) = keys(alice.user)
    services.decline(alice.user, shown, NOW)
    assert keys(alice.user) == []
    assert ReminderState.objects.filter(user=alice.user, declined=True).count() == 2


def massage_at(member: Member, at: time) -> None:
    ReminderSettings.objects.update_or_create(user=member.user, defaults={"massage_time": at})


def test_the_massage_reminder_appears_at_the_chosen_local_time(alice: Member) -> None:
    massage_at(alice, time(19, 30))
    before = datetime(2025, 4, 10, 18, 29, tzinfo=UTC)  # 19:29 in London
    after = datetime(2025, 4, 10, 18, 30, tzinfo=UTC)
    assert keys(alice.user, before) == []
    assert keys(alice.user, after) == ["massage:2025-04-10"]


def test_the_massage_reminder_is_for_any_caregiver_who_sets_a_time(dan: Member) -> None:
    massage_at(dan, time(7, 0))
    assert keys(dan.user) == ["massage:2025-04-10"]


def test_no_massage_reminder_once_the_baby_was_massaged_today(alice: Member) -> None:
    baby = make_baby(alice.family)
    massage_at(alice, time(7, 0))
    MassageSession.objects.create(baby=baby, started_at=NOW - timedelta(hours=1))
    assert keys(alice.user) == []


def test_not_today_hides_the_massage_until_tomorrow(alice: Member) -> None:
    massage_at(alice, time(7, 0))
    services.decline(alice.user, "massage:2025-04-10", NOW)
    assert keys(alice.user) == []
    assert keys(alice.user, NOW + timedelta(days=1)) == ["massage:2025-04-11"]


def test_due_reminders_carry_a_link_to_take_the_check(alice: Member) -> None:
    born(alice, date(2025, 3, 10))
    (reminder,) = services.due_reminders(alice.user, NOW)
    assert reminder.url.startswith("/wellbeing/")
    assert not reminder.is_massage


def test_due_now_uses_the_real_clock_by_default(alice: Member, five_weeks: Baby) -> None:
    assert [r.key for r in services.due_reminders(alice.user)] == [f"epds:month-1:{five_weeks.pk}"]


def test_a_real_epds_from_the_wellbeing_engine_satisfies_and_schedules(
    alice: Member, five_weeks: Baby
) -> None:
    from firsttouch.wellbeing import services as wellbeing
    from firsttouch.wellbeing.tests.epds_answers import with_total

    assert [r.key for r in services.due_reminders(alice.user)] == [f"epds:month-1:{five_weeks.pk}"]
    wellbeing.submit(alice.user, alice.family, wellbeing.EPDS, with_total(12), finish=True)
    assert services.due_reminders(alice.user) == []
    plan = services.screening_plan(alice.user)
    (repeat,) = [i for i in plan.upcoming() if "follow-up" in i.key]
    assert repeat.due_on == plan.today + timedelta(days=14)


def test_a_programme_can_add_its_own_screening_points(
    alice: Member, monkeypatch: pytest.MonkeyPatch
) -> None:
    from firsttouch.reminders.schedule import Due

    monkeypatch.setattr(services, "EXTRA_SOURCES", [])

    @services.register_source
    def end_of_class(user, today):
        return [
            Due(
                key="epds:programme-7:end",
                label="the end of your massage class",
                due_on=date(2025, 4, 9),
            )
        ]

    assert keys(alice.user) == ["epds:programme-7:end"]
    services.snooze(alice.user, "epds:programme-7:end", NOW)
    assert keys(alice.user) == []


def test_the_home_page_helper_costs_a_few_queries_whatever_the_family_size(
    alice: Member, django_assert_max_num_queries
) -> None:
    for day in (date(2025, 3, 10), date(2025, 3, 10), date(2024, 1, 5)):
        born(alice, day)
    massage_at(alice, time(7, 0))
    user = type(alice.user).objects.get(pk=alice.user.pk)
    with django_assert_max_num_queries(8):
        assert len(services.due_reminders(user, NOW)) == 2
