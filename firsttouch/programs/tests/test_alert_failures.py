"""An urgent alert that cannot be recorded or delivered is never hidden.

Failures are injected for real: the alert insert runs SQL against a table that does not exist
(a genuine database error, which on PostgreSQL also aborts the transaction unless the savepoint
works), and the mail server raises SMTPException. Each time: the mother still sees the crisis
help (page and API), the failure is logged at ERROR with the response id, it is recorded for
the worker, the admin banner shows it, ``check_alerts`` exits 1, and the worker's sweep fixes
it, after which ``check_alerts`` exits 0 and the banner is gone.
"""

from __future__ import annotations

import logging
import smtplib
from collections.abc import Iterator
from io import StringIO
from typing import Any

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test import Client
from django.urls import reverse

from firsttouch.accounts.models import User
from firsttouch.api.tests.helpers import ApiClient
from firsttouch.programs.consent import give_consent
from firsttouch.programs.models import Alert, DeliveryStatus, Organisation
from firsttouch.programs.tasks import retry_pending_alerts
from firsttouch.wellbeing import services as wellbeing
from firsttouch.wellbeing.models import Response, Status
from tests.cast import Member
from tests.staff import verified_client

FORWARD = {1, 2, 4}
IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


class SmtpDown(BaseEmailBackend):
    """A mail server that refuses to talk."""

    def send_messages(self, email_messages: Any) -> int:
        raise smtplib.SMTPException("421 service not available")


def answers(item10_index: int = 1) -> dict[str, int]:
    """Every item at score 0 but item 10 (option 1 is "Sometimes", score 2)."""
    return {str(i): 0 if i in FORWARD else 3 for i in range(1, 10)} | {"10": item10_index}


@pytest.fixture
def clinic(alice: Member) -> Organisation:
    found = Organisation.objects.create(name="Riverside clinic", contact_email="team@river.test")
    give_consent(alice.user, found, {"screenings_mood"})
    return found


class BrokenInsert:
    """Make every Alert insert fail in the database until ``heal`` is called."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.monkeypatch = monkeypatch
        monkeypatch.setattr(Alert, "_do_insert", self._insert)

    @staticmethod
    def _insert(*args: Any, **kwargs: Any) -> Any:
        with connection.cursor() as cursor:
            cursor.execute("INSERT INTO no_such_table_for_alerts (id) VALUES (1)")
        raise AssertionError("unreachable: the insert above must fail")

    def heal(self) -> None:
        self.monkeypatch.undo()


@pytest.fixture
def broken_insert(monkeypatch: pytest.MonkeyPatch) -> Iterator[BrokenInsert]:
    yield BrokenInsert(monkeypatch)


@pytest.fixture
def admin_client(db: None) -> Client:
    user = User.objects.create_superuser("admin@example.com", "admin@example.com", "x-pass-42")
    return verified_client(user)


def errors_naming(caplog: pytest.LogCaptureFixture, response_id: int) -> list[str]:
    return [
        r.getMessage()
        for r in caplog.records
        if r.levelno >= logging.ERROR and f"response {response_id}" in r.getMessage()
    ]


def check_alerts() -> tuple[int, str]:
    """Run ``firsttouch check_alerts``; (exit status, what it printed)."""
    out = StringIO()
    try:
        call_command("check_alerts", stdout=out)
    except CommandError as exc:
        return exc.returncode, out.getvalue()
    return 0, out.getvalue()


def banner(client: Client) -> str:
    return client.get(reverse("admin:index")).content.decode()


def test_db_error_on_the_alert_the_page_still_shows_help_and_the_failure_is_kept(
    alice: Member,
    clinic: Organisation,
    broken_insert: BrokenInsert,
    admin_client: Client,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.ERROR)
    client = alice.client()
    reply = client.post(
        reverse("wellbeing:epds"), {f"item-{k}": str(v) for k, v in answers().items()}
    )
    assert reply.status_code == 302
    page = client.get(reply["Location"]).content.decode()
    assert "Help is available now" in page and "Samaritans" in page
    response = Response.objects.get()
    assert response.status == Status.COMPLETE and response.total == 2
    assert response.flags["alert_failed"] is True
    assert "no_such_table_for_alerts" in response.flags["alert_error"]
    assert not Alert.objects.exists()
    assert errors_naming(caplog, response.pk)
    # Admins see it: the banner, and check_alerts exits 1 naming the screening.
    assert 'id="unrecorded-alerts"' in banner(admin_client)
    status, printed = check_alerts()
    assert status == 1 and f"Response {response.pk}" in printed and "NOT be recorded" in printed


def test_db_error_on_the_alert_the_api_still_answers_with_the_help(
    alice: Member,
    clinic: Organisation,
    broken_insert: BrokenInsert,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.ERROR)
    created = ApiClient(alice).post(
        "/responses", {"instrument": "epds", "answers": answers(0), "complete": True}
    )
    assert created.status == 201, created.body
    assert created.body["safety"] is not None
    assert created.body["safety"]["emergency_number"] == "999"
    assert errors_naming(caplog, created.body["id"])
    assert Response.objects.get(pk=created.body["id"]).flags["alert_failed"] is True


def test_the_worker_sweep_records_and_delivers_it_once_the_database_is_back(
    alice: Member,
    clinic: Organisation,
    broken_insert: BrokenInsert,
    admin_client: Client,
    caplog: pytest.LogCaptureFixture,
) -> None:
    done = wellbeing.submit(alice.user, alice.family, "epds", answers(), finish=True)
    # Still broken: the sweep tries, logs at ERROR again, and keeps the marker.
    caplog.clear()
    assert retry_pending_alerts.call() == 1
    assert errors_naming(caplog, done.pk)
    assert Response.objects.get(pk=done.pk).flags["alert_failed"] is True
    broken_insert.heal()
    assert retry_pending_alerts.call() == 0
    alert = Alert.objects.get(response_id=done.pk)
    assert alert.organisation == clinic and alert.delivery_status == DeliveryStatus.DELIVERED
    assert [m.to for m in mail.outbox] == [["team@river.test"]]
    flags = Response.objects.get(pk=done.pk).flags
    assert "alert_failed" not in flags and "alert_error" not in flags
    assert 'id="unrecorded-alerts"' not in banner(admin_client)
    assert check_alerts()[0] == 0
    # A second sweep has nothing left to do and sends nothing twice.
    assert retry_pending_alerts.call() == 0
    assert len(mail.outbox) == 1 and Alert.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_firsttouch_worker_retries_an_alert_that_could_not_be_recorded(
    alice: Member, clinic: Organisation, monkeypatch: pytest.MonkeyPatch, settings: Any
) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    broken = BrokenInsert(monkeypatch)
    done = wellbeing.submit(alice.user, alice.family, "epds", answers(), finish=True)
    assert Response.objects.get(pk=done.pk).flags["alert_failed"] is True
    broken.heal()
    call_command("worker", batch=True, verbosity=0)
    assert Alert.objects.filter(response_id=done.pk, organisation=clinic).count() == 1
    assert "alert_failed" not in Response.objects.get(pk=done.pk).flags
    assert [m.to for m in mail.outbox] == [["team@river.test"]]


def test_smtp_down_the_help_shows_the_alert_waits_and_the_sweep_delivers_it(
    alice: Member,
    clinic: Organisation,
    settings: Any,
    admin_client: Client,
    caplog: pytest.LogCaptureFixture,
    django_capture_on_commit_callbacks: Any,
) -> None:
    caplog.set_level(logging.ERROR)
    settings.TASKS = IMMEDIATE
    settings.EMAIL_BACKEND = f"{__name__}.SmtpDown"
    client = alice.client()
    with django_capture_on_commit_callbacks(execute=True):
        reply = client.post(
            reverse("wellbeing:epds"), {f"item-{k}": str(v) for k, v in answers(2).items()}
        )
    assert reply.status_code == 302
    assert "Help is available now" in client.get(reply["Location"]).content.decode()
    response = Response.objects.get()
    alert = Alert.objects.get(response_id=response.pk)
    assert alert.delivery_status == DeliveryStatus.PENDING and alert.delivery_attempts == 1
    assert "SMTPException" in alert.last_error
    assert "alert_failed" not in response.flags  # recorded fine; only the e-mail failed
    assert errors_naming(caplog, response.pk)
    assert 'id="undelivered-alerts"' in banner(admin_client)
    status, printed = check_alerts()
    assert status == 1 and f"Alert {alert.pk}" in printed and "SMTPException" in printed
    # Still down: the sweep tries again and the alert stays pending, counted.
    assert retry_pending_alerts.call() == 1
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert retry_pending_alerts.call() == 0
    alert.refresh_from_db()
    assert alert.delivery_status == DeliveryStatus.DELIVERED and alert.delivery_attempts == 3
    assert 'id="undelivered-alerts"' not in banner(admin_client)
    assert check_alerts() == (0, "All urgent alerts are recorded and delivered.\n")


def test_check_alerts_is_quiet_and_zero_when_nothing_is_wrong(db: None) -> None:
    assert check_alerts() == (0, "All urgent alerts are recorded and delivered.\n")


def test_an_alert_that_gave_up_retrying_is_reported_as_such(
    alice: Member, clinic: Organisation
) -> None:
    Alert.objects.create(
        organisation=clinic,
        respondent=alice.user,
        response_id=7,
        delivery_status=DeliveryStatus.FAILED,
        delivery_attempts=10,
        last_error="SMTPException: 421",
    )
    status, printed = check_alerts()
    assert status == 1
    assert "response 7" in printed and "gave up retrying" in printed and "10 attempt(s)" in printed
