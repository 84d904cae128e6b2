"""The admin keeps undelivered urgent alerts in view."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from firsttouch.accounts.models import User
from firsttouch.programs.models import Alert, DeliveryStatus, Organisation
from tests.cast import Member
from tests.staff import verified_client


@pytest.fixture
def staff(db: None) -> Client:
    user = User.objects.create_superuser("admin@example.com", "admin@example.com", "x-pass-42")
    return verified_client(user)


@pytest.fixture
def alerts(alice: Member) -> list[Alert]:
    clinic = Organisation.objects.create(name="Riverside clinic", contact_email="team@river.test")
    return [
        Alert.objects.create(organisation=clinic, respondent=alice.user, response_id=1),
        Alert.objects.create(
            organisation=clinic,
            respondent=alice.user,
            response_id=2,
            delivery_status=DeliveryStatus.DELIVERED,
        ),
    ]


def test_the_admin_index_shows_the_undelivered_count(staff: Client, alerts: list[Alert]) -> None:
    page = staff.get(reverse("admin:index")).content.decode()
    assert 'id="undelivered-alerts"' in page
    assert "1 urgent alert not delivered" in page


def test_no_banner_when_everything_is_delivered(staff: Client, alerts: list[Alert]) -> None:
    Alert.objects.update(delivery_status=DeliveryStatus.DELIVERED)
    assert 'id="undelivered-alerts"' not in staff.get(reverse("admin:index")).content.decode()


def test_the_alert_list_filters_the_undelivered(staff: Client, alerts: list[Alert]) -> None:
    page = staff.get(reverse("admin:programs_alert_changelist") + "?undelivered=yes")
    assert page.status_code == 200
    assert list(page.context["cl"].queryset) == [alerts[0]]
    assert "not delivered by e-mail yet" in page.content.decode()


def test_alerts_cannot_be_deleted_only_acknowledged(staff: Client, alerts: list[Alert]) -> None:
    url = reverse("admin:programs_alert_changelist")
    staff.post(url, {"action": "mark_acknowledged", "_selected_action": [alerts[0].pk]})
    alerts[0].refresh_from_db()
    assert alerts[0].acknowledged_at is not None
    staff.post(
        url, {"action": "delete_selected", "_selected_action": [alerts[0].pk], "post": "yes"}
    )
    assert Alert.objects.count() == 2
