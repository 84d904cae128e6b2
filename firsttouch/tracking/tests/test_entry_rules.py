"""The model rules, through the one save path every page uses."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError

from firsttouch.tracking import services
from firsttouch.tracking.models import Crying, Sleep

from .factories import ago, crying, sleep


def test_touching_sleeps_are_allowed(mia) -> None:
    ten = ago(hours=3)
    first = services.save_entry(Sleep(baby=mia, start=ago(hours=5), end=ten))
    second = services.save_entry(Sleep(baby=mia, start=ten, end=ago(hours=1)))
    assert first.pk and second.pk


def test_a_sleep_overlapping_by_a_minute_is_refused(mia) -> None:
    ten = ago(hours=3)
    sleep(mia, ago(hours=5), ten)
    with pytest.raises(ValidationError, match="overlaps another sleep"):
        services.save_entry(Sleep(baby=mia, start=ten - timedelta(minutes=1), end=ago(hours=1)))
    assert Sleep.objects.count() == 1


def test_a_running_sleep_blocks_a_new_sleep(mia) -> None:
    sleep(mia, ago(hours=1), None)
    with pytest.raises(ValidationError):
        services.save_entry(Sleep(baby=mia, start=ago(minutes=30), end=ago(minutes=10)))
    with pytest.raises(ValidationError, match="already running"):
        services.start_timer("sleep", mia, None)
    assert Sleep.objects.count() == 1


def test_crying_overlaps_are_refused_but_other_babies_do_not_clash(mia, alice) -> None:
    from tests.cast import make_baby

    twin = make_baby(alice.family, "Noa")
    crying(mia, ago(hours=2), ago(hours=1))
    services.save_entry(Crying(baby=twin, start=ago(hours=2), end=ago(hours=1)))
    with pytest.raises(ValidationError):
        services.save_entry(Crying(baby=mia, start=ago(minutes=90), end=ago(minutes=30)))
    assert Crying.objects.filter(baby=mia).count() == 1


def test_a_future_start_is_refused(mia) -> None:
    with pytest.raises(ValidationError, match="future"):
        services.save_entry(Sleep(baby=mia, start=ago(hours=-1), end=None))
    assert not Sleep.objects.exists()


def test_an_end_before_the_start_is_refused(mia) -> None:
    with pytest.raises(ValidationError, match="end must be after the start"):
        services.save_entry(Sleep(baby=mia, start=ago(hours=1), end=ago(hours=2)))
    assert not Sleep.objects.exists()
