"""The guarantee: after the admin deletes her account, nothing of her family is left.

The test walks every model Django knows (including many-to-many tables), so a model added
later by any app is checked too: a foreign key to the deleted user, family or babies fails
it, and so does the deleted user's e-mail found in any text or JSON column.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.apps import apps
from django.contrib.admin.models import ADDITION, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.contrib.sessions.models import Session
from django.db import models
from django.test import Client

from firsttouch.accounts import throttle
from firsttouch.accounts.models import Family, LoginCounter, User
from firsttouch.api.models import IdempotencyKey
from firsttouch.babies.models import Baby
from firsttouch.portability import deletion
from firsttouch.portability.tests.factories import fill
from firsttouch.programs.consent import give_consent
from firsttouch.programs.models import Alert, Organisation
from firsttouch.reminders.models import Delivery, ReminderSettings, ReminderState
from firsttouch.wellbeing import services as wellbeing
from firsttouch.wellbeing.models import CaregiverSettings
from tests.cast import PASSWORD, Member, make_baby

URGENT = {str(i): 0 if i in {1, 2, 4} else 3 for i in range(1, 10)} | {"10": 1}
TEXT = (models.CharField, models.TextField, models.JSONField)


def references(targets: dict[type[models.Model], set[Any]]) -> Iterator[tuple[str, Any]]:
    """(model.field, value) for every row whose foreign key points at one of ``targets``."""
    for model in apps.get_models(include_auto_created=True):
        for f in model._meta.concrete_fields:
            if not f.is_relation or f.related_model not in targets:
                continue
            ids = targets[f.related_model]  # type: ignore[index]
            for value in model._default_manager.filter(**{f"{f.attname}__in": ids}).values_list(
                f.attname, flat=True
            ):
                yield f"{model._meta.label}.{f.name}", value


def mentions(text: str) -> Iterator[str]:
    """model.field for every stored text or JSON value that contains ``text``."""
    for model in apps.get_models(include_auto_created=True):
        names = [f.attname for f in model._meta.concrete_fields if isinstance(f, TEXT)]
        for values in model._default_manager.values_list(*names) if names else []:
            for name, value in zip(names, values, strict=True):
                if value is not None and text in str(value).lower():
                    yield f"{model._meta.label}.{name}"


def snapshot(member: Member) -> dict[str, int]:
    """How many rows of every model reference Bob, his family or his baby."""
    targets = {
        User: {member.user.pk},
        Family: {member.family.pk},
        Baby: set(Baby.objects.filter(family=member.family).values_list("pk", flat=True)),
    }
    counts: dict[str, int] = {}
    for where, _ in references(targets):
        counts[where] = counts.get(where, 0) + 1
    return counts


def give_her_everything(alice: Member, dan: Member, mia: Baby) -> Organisation:
    """Rows in every app that can hold something of hers."""
    fill(alice, mia)
    fill(dan, mia, screening=False)
    make_baby(alice.family, "Noor", age_days=400, gestational_weeks=35)
    clinic = Organisation.objects.create(name="Riverside clinic", contact_email="team@river.test")
    give_consent(alice.user, clinic, {"screenings_mood", "baby_logs"})
    wellbeing.submit(alice.user, alice.family, "epds", URGENT, finish=True)
    CaregiverSettings.objects.get_or_create(user=alice.user, defaults={"country": "GB"})
    ReminderSettings.objects.create(user=alice.user)
    ReminderState.objects.create(user=alice.user, key="epds:6w", declined=True)
    Delivery.objects.create(user=alice.user, key="massage:2026-11-24", channel="email")
    IdempotencyKey.objects.create(
        user=alice.user,
        key="k1",
        method_path="POST /api/v1/feeds",
        request_hash="0" * 64,
        status=201,
        body="{}",
    )
    LogEntry.objects.create(
        user=alice.user,
        content_type=ContentType.objects.get_for_model(Baby),
        object_id=str(mia.pk),
        object_repr=str(mia),
        action_flag=ADDITION,
    )
    throttle.begin("login", "alice@example.com", "127.0.0.1")  # a failed log-in
    # A live session in a browser somewhere.
    browser = Client()
    assert browser.login(username="alice@example.com", password=PASSWORD)
    return clinic


def test_nothing_of_the_deleted_family_remains(
    alice: Member, dan: Member, mia: Baby, bob: Member, leo: Baby
) -> None:
    fill(bob, leo, note="Bob's note")
    clinic = give_her_everything(alice, dan, mia)
    targets = {
        User: {alice.user.pk},
        Family: {alice.family.pk},
        Baby: set(Baby.objects.filter(family=alice.family).values_list("pk", flat=True)),
    }
    assert len(list(references(targets))) > 30  # the walk does find her rows beforehand
    assert "accounts.LoginCounter.subject" in set(mentions("alice@example.com"))
    bobs = snapshot(bob)
    sessions = Session.objects.count()

    deletion.delete_account(alice.user)

    assert list(references(targets)) == []
    assert list(mentions("alice@example.com")) == []
    assert not LoginCounter.objects.filter(subject="alice@example.com").exists()
    assert Session.objects.count() == sessions - 1
    assert not any(
        s.get_decoded().get("_auth_user_id") == str(alice.user.pk) for s in Session.objects.all()
    )
    # Kept: the clinic's record of the urgent alert, with no respondent.
    alert = Alert.objects.get()
    assert alert.organisation == clinic and alert.respondent_id is None
    # Untouched: Bob's family, row for row.
    assert snapshot(bob) == bobs and bobs
    assert Baby.objects.filter(pk=leo.pk).exists()
