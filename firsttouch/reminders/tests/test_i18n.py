"""Reminders in Spanish and French: the pages follow the browser's language, the e-mails
follow the recipient's account (else the site's default language)."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import translation

from firsttouch.babies.models import Baby
from firsttouch.reminders import tasks
from tests.cast import Member

pytestmark = pytest.mark.django_db

NOW = datetime(2025, 4, 10, 9, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("language", "said"),
    [
        ("es", ["Toca un breve control de bienestar", "Recuérdamelo en 3 días", "1 mes después"]),
        (
            "fr",
            ["Un court bilan de bien-être est à faire", "Me le rappeler dans 3 jours", "1 mois"],
        ),
    ],
)
def test_the_due_page_speaks_the_asked_language(
    alice: Member, five_weeks: Baby, language: str, said: list[str]
) -> None:
    page = (
        alice.client().get(reverse("reminders:due"), HTTP_ACCEPT_LANGUAGE=language).content.decode()
    )
    for text in said:
        assert text in page
    assert "A short wellbeing check is due" not in page
    assert "Remind me in 3 days" not in page


@pytest.mark.parametrize(
    ("language", "said"),
    [
        ("es", "Hora del masaje diario"),
        ("fr", "Heure du massage quotidien"),
    ],
)
def test_the_settings_page_speaks_the_asked_language(
    alice: Member, language: str, said: str
) -> None:
    response = alice.client().get(reverse("reminders:settings"), HTTP_ACCEPT_LANGUAGE=language)
    page = response.content.decode()
    assert said in page
    assert "Daily massage time" not in page


@pytest.fixture
def due_check(alice: Member) -> Baby:
    return Baby.objects.create(family=alice.family, name="Ada", birth_date=date(2025, 3, 10))


def test_the_e_mail_is_in_the_default_language_whatever_the_worker_has_active(
    alice: Member, due_check: Baby
) -> None:
    with translation.override("fr"):
        assert tasks.send_due(NOW) == 1
    (message,) = mail.outbox
    assert message.subject == "A short wellbeing check is due"
    assert "1 month after birth" in message.body
    assert "call your local emergency number now" in message.body


def test_the_e_mail_follows_the_recipients_account_language(alice: Member, due_check: Baby) -> None:
    alice.user.language = "es"
    alice.user.save(update_fields=["language"])
    assert tasks.send_due(NOW) == 1
    (message,) = mail.outbox
    assert message.subject == "Toca un breve control de bienestar"
    assert "1 mes después del parto" in message.body
