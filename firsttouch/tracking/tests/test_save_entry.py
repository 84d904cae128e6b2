"""save_entry: the one save path, cheap inside the write lock and safe when the baby is gone."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from firsttouch.babies.models import Baby
from firsttouch.tracking.models import Nappy, Sleep
from firsttouch.tracking.services import save_entry
from tests.cast import Member

from .factories import ago

pytestmark = pytest.mark.django_db


def test_a_sleep_is_saved_in_a_fixed_few_queries(alice: Member, mia: Baby) -> None:
    entry = Sleep(baby=mia, created_by=alice.user, start=ago(hours=3), end=ago(hours=2))
    with CaptureQueriesContext(connection) as queries:
        save_entry(entry)
    sql = [q["sql"] for q in queries.captured_queries]
    # Lock the baby, the overlap check, the insert (plus savepoint bookkeeping): no query to
    # re-check that the baby and the author exist.
    assert not any('FROM "accounts_user"' in s for s in sql), sql
    assert sum('FROM "babies_baby"' in s for s in sql) == 1, sql
    assert Sleep.objects.filter(pk=entry.pk).exists()


def test_an_entry_for_a_baby_deleted_meanwhile_is_refused(alice: Member, mia: Baby) -> None:
    entry = Nappy(baby=mia, created_by=alice.user, time=ago(minutes=5), wet=True)
    Baby.objects.filter(pk=mia.pk).delete()
    with pytest.raises(ValidationError) as refused:
        save_entry(entry)
    assert "baby" in refused.value.message_dict
    assert not Nappy.objects.exists()


def test_an_overlap_is_still_refused(alice: Member, mia: Baby) -> None:
    save_entry(Sleep(baby=mia, start=ago(hours=3), end=ago(hours=1)))
    with pytest.raises(ValidationError):
        save_entry(Sleep(baby=mia, start=ago(hours=2), end=ago(hours=2) + timedelta(minutes=30)))
    assert Sleep.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_a_point_entry_on_its_own_is_one_insert_with_no_lock(alice: Member, mia: Baby) -> None:
    """The API's and the forms' create: no read of the baby inside the write transaction."""
    entry = Nappy(baby=mia, created_by=alice.user, time=ago(minutes=5), wet=True)
    with CaptureQueriesContext(connection) as queries:
        save_entry(entry)
    sql = [q["sql"] for q in queries.captured_queries]
    assert not any('FROM "babies_baby"' in s for s in sql), sql
    assert sum(s.startswith("INSERT") for s in sql) == 1, sql
    assert Nappy.objects.filter(pk=entry.pk).exists()


@pytest.mark.django_db(transaction=True)
def test_a_point_entry_for_a_baby_deleted_meanwhile_fails_the_key_and_is_refused(
    alice: Member, mia: Baby
) -> None:
    entry = Nappy(baby=mia, created_by=alice.user, time=ago(minutes=5), wet=True)
    Baby.objects.filter(pk=mia.pk).delete()
    with pytest.raises(ValidationError) as refused:
        save_entry(entry)
    assert refused.value.message_dict["baby"] == ["This baby is no longer in your family."]
    assert not Nappy.objects.exists()
