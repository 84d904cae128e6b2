"""Issue 10, defects 3 and 14: times in a sane range and no nonsense, on every entry kind.

The rules live in the models' ``clean()`` (with the ranges in core.moments), so the pages, the
API and anything else that saves through ``full_clean`` refuse the same things. Tested here
without HTTP, on each kind, and once through the API and a page for each rule.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone

from firsttouch.api.tests.helpers import ApiClient, iso
from firsttouch.babies.models import Baby
from firsttouch.core import moments
from firsttouch.tracking import services
from firsttouch.tracking.models import (
    ENTRY_MODELS,
    FUTURE,
    LONGEST_INTERVAL,
    TEETHING_SIGNS,
    Crying,
    Entry,
    Feed,
    IntervalEntry,
    Nappy,
    Sleep,
    TeethingSign,
)
from tests.cast import Member, make_baby

# Fields that make each kind valid apart from its times.
VALID_FIELDS: dict[str, dict[str, Any]] = {
    "sleep": {},
    "crying": {},
    "feed": {"side": "left"},
    "nappy": {"wet": True},
    "gas": {},
    "teething": {"signs": ["drooling"]},
    "growth": {"weight_g": 4000},
    "note": {"notes": "A note"},
    "illness": {"temperature_c": "37.0"},
}
KINDS = sorted(ENTRY_MODELS)


@pytest.fixture
def api(alice: Member) -> ApiClient:
    return ApiClient(alice)


@pytest.fixture
def toddler(alice: Member) -> Baby:
    """Two years old: a year-long sleep would not start before the birth."""
    return make_baby(alice.family, "Ada", age_days=800)


def entry_at(kind: str, baby: Baby, moment: datetime) -> Entry:
    model = ENTRY_MODELS[kind]
    fields = dict(VALID_FIELDS[kind])
    if issubclass(model, IntervalEntry):
        try:
            end: datetime | None = moment + timedelta(minutes=20)
        except OverflowError:  # 31 December 9999: the start alone is enough to refuse
            end = None
        fields.update(start=moment, end=end)
    else:
        fields["time"] = moment
    return model(baby=baby, **fields)


def time_field(kind: str) -> str:
    return "start" if issubclass(ENTRY_MODELS[kind], IntervalEntry) else "time"


@pytest.mark.parametrize("kind", KINDS)
def test_each_kind_is_saved_at_a_sane_time(mia, kind: str) -> None:
    """The control: the same entries an hour ago are saved, so the refusals below are real."""
    saved = services.save_entry(entry_at(kind, mia, timezone.now() - timedelta(hours=1)))
    assert saved.pk


@pytest.mark.parametrize(
    "moment",
    [
        datetime(1, 1, 1, tzinfo=timezone.get_fixed_timezone(14 * 60)),
        datetime(1899, 12, 31, 12, tzinfo=UTC),
        datetime(2201, 1, 1, tzinfo=UTC),
        datetime(9999, 12, 31, 23, 59, tzinfo=timezone.get_fixed_timezone(-14 * 60)),
    ],
    ids=["year-1-at-+14", "1899", "2201", "9999-at--14"],
)
@pytest.mark.parametrize("kind", KINDS)
def test_each_kind_refuses_a_time_outside_1900_to_2200(mia, kind: str, moment: datetime) -> None:
    model = ENTRY_MODELS[kind]
    with pytest.raises(ValidationError) as refused:
        services.save_entry(entry_at(kind, mia, moment))
    # After 2200 the sentence is the one for any future time (an import reports it so).
    expected = FUTURE[time_field(kind)] if moment.year > 2200 else moments.OUT_OF_RANGE
    assert refused.value.message_dict[time_field(kind)] == [expected]
    assert not model.objects.exists()


@pytest.mark.parametrize("kind", KINDS)
def test_each_kind_refuses_a_time_more_than_a_week_before_birth(mia, kind: str) -> None:
    born = datetime.combine(mia.birth_date, datetime.min.time(), tzinfo=UTC)
    with pytest.raises(ValidationError) as refused:
        services.save_entry(entry_at(kind, mia, born - moments.BEFORE_BIRTH_MARGIN - timedelta(1)))
    assert refused.value.message_dict[time_field(kind)] == [moments.BEFORE_BIRTH]
    # Within the margin is accepted: a birth date a day off must not block the first days.
    assert services.save_entry(entry_at(kind, mia, born - timedelta(days=2))).pk


@pytest.mark.parametrize("kind", KINDS)
def test_each_kind_refuses_a_time_in_the_future(mia, kind: str) -> None:
    with pytest.raises(ValidationError) as refused:
        services.save_entry(entry_at(kind, mia, timezone.now() + timedelta(days=2)))
    assert time_field(kind) in refused.value.message_dict


def test_post_nappies_at_year_1_plus_14_is_422_and_the_list_still_answers(
    api: ApiClient, mia
) -> None:
    response = api.post("/nappies", {"baby": mia.pk, "time": "0001-01-01T00:00:00+14:00"})
    assert response.status == 422, response.body
    assert response.error["fields"]["time"] == [moments.OUT_OF_RANGE]
    assert not Nappy.objects.exists()
    assert api.get("/nappies").status == 200


def test_an_entry_before_birth_is_422_through_the_api(api: ApiClient, mia) -> None:
    before = datetime.combine(mia.birth_date - timedelta(days=30), datetime.min.time(), UTC)
    response = api.post("/sleep", {"baby": mia.pk, "start": iso(before)})
    assert response.status == 422, response.body
    assert response.error["fields"]["start"] == [moments.BEFORE_BIRTH]


def test_an_entry_before_birth_is_refused_on_the_page(alice, mia) -> None:
    client = Client()
    client.force_login(alice.user)
    day = mia.birth_date - timedelta(days=30)
    response = client.post("/log/nappy/new/", {"baby": mia.pk, "time": f"{day}T10:00", "wet": "on"})
    assert "more than a week before the baby" in response.content.decode()
    assert not Nappy.objects.exists()


# --- Defect 14: accepted nonsense ---------------------------------------------------------


def test_a_365_day_sleep_is_refused_with_a_clear_message(toddler: Baby) -> None:
    end = timezone.now() - timedelta(hours=1)
    with pytest.raises(ValidationError) as refused:
        services.save_entry(Sleep(baby=toddler, start=end - timedelta(days=365), end=end))
    assert refused.value.message_dict["end"] == [
        "A sleep can last at most 24 hours here. Check the end date and time (a timer left "
        "running?), or log it as separate entries."
    ]
    assert not Sleep.objects.exists()


@pytest.mark.parametrize("model", [Sleep, Crying, Feed], ids=lambda m: m.KIND)
def test_an_interval_longer_than_24_hours_is_refused_and_24_hours_is_not(mia, model) -> None:
    extra = VALID_FIELDS[model.KIND]
    end = timezone.now() - timedelta(hours=1)
    too_long = model(
        baby=mia, start=end - LONGEST_INTERVAL - timedelta(minutes=1), end=end, **extra
    )
    with pytest.raises(ValidationError) as refused:
        services.save_entry(too_long)
    assert "at most 24 hours" in refused.value.message_dict["end"][0]
    assert services.save_entry(model(baby=mia, start=end - LONGEST_INTERVAL, end=end, **extra)).pk


def test_stopping_a_timer_left_running_for_two_days_says_why(mia) -> None:
    running = Sleep.objects.create(baby=mia, start=timezone.now() - timedelta(days=2))
    with pytest.raises(ValidationError, match="at most 24 hours"):
        services.stop_timer(running)
    assert Sleep.objects.get().end is None


def test_10000_repeated_teething_signs_are_refused(mia) -> None:
    entry = entry_at("teething", mia, timezone.now() - timedelta(hours=1))
    entry.signs = ["drooling"] * 10_000  # type: ignore[attr-defined]
    with pytest.raises(ValidationError) as refused:
        services.save_entry(entry)
    assert refused.value.message_dict["signs"] == [
        f"Tick each sign at most once: there are only {len(TEETHING_SIGNS)} signs."
    ]
    assert not TeethingSign.objects.exists()


def test_a_teething_sign_twice_is_refused(mia) -> None:
    entry = entry_at("teething", mia, timezone.now() - timedelta(hours=1))
    entry.signs = ["drooling", "chewing", "drooling"]  # type: ignore[attr-defined]
    with pytest.raises(ValidationError, match="at most once"):
        services.save_entry(entry)


def test_repeated_teething_signs_are_422_through_the_api(api: ApiClient, mia) -> None:
    response = api.post("/teething", {"baby": mia.pk, "signs": ["drooling"] * 10_000})
    assert response.status == 422, response.body
    assert "signs" in response.error["fields"]
    assert not TeethingSign.objects.exists()


def test_repeated_illness_signs_are_refused(mia) -> None:
    entry = entry_at("illness", mia, timezone.now() - timedelta(hours=1))
    entry.signs = ["vomiting", "vomiting"]  # type: ignore[attr-defined]
    with pytest.raises(ValidationError, match="at most once"):
        services.save_entry(entry)


@pytest.mark.parametrize("born", [date(1, 1, 1), date(1900, 1, 1)], ids=["year-1", "year-1900"])
def test_birth_dates_in_year_1_or_1900_are_refused(alice, born: date) -> None:
    baby = Baby(family=alice.family, name="Noa", birth_date=born)
    with pytest.raises(ValidationError) as refused:
        baby.full_clean()
    assert "This app is for babies" in refused.value.message_dict["birth_date"][0]


def test_a_birth_date_more_than_5_years_ago_is_refused_and_4_years_is_not(alice) -> None:
    today = timezone.localdate()
    old = Baby(family=alice.family, name="Noa", birth_date=moments.oldest_birth_date(today))
    old.full_clean()  # exactly 5 years: accepted
    old.birth_date = moments.oldest_birth_date(today) - timedelta(days=1)
    with pytest.raises(ValidationError, match="more than 5 years ago"):
        old.full_clean()


def test_a_birth_date_in_1900_is_422_through_the_api(api: ApiClient) -> None:
    response = api.post("/babies", {"name": "Noa", "birth_date": "1900-01-01"})
    assert response.status == 422, response.body
    assert "This app is for babies" in response.error["fields"]["birth_date"][0]
    assert not Baby.objects.filter(name="Noa").exists()
