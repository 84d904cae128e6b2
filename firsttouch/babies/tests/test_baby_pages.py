from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from firsttouch.babies.models import Baby


def test_add_a_term_baby(alice) -> None:
    born = timezone.localdate() - timedelta(days=20)
    response = alice.client().post(
        reverse("babies:add"), {"name": "Mia", "birth_date": born.isoformat()}
    )
    baby = Baby.objects.get()
    assert response["Location"] == reverse("baby", args=[baby.pk])
    assert baby.family == alice.family
    assert baby.gestational_weeks is None


def test_add_a_preterm_baby_needs_the_weeks(alice) -> None:
    born = timezone.localdate() - timedelta(days=20)
    client = alice.client()
    response = client.post(
        reverse("babies:add"), {"name": "Mia", "born_early": "on", "birth_date": born.isoformat()}
    )
    assert "weeks of pregnancy" in response.content.decode()
    assert not Baby.objects.exists()
    client.post(
        reverse("babies:add"),
        {
            "name": "Mia",
            "born_early": "on",
            "gestational_weeks": "31",
            "birth_date": born.isoformat(),
        },
    )
    assert Baby.objects.get().gestational_weeks == 31


def test_weeks_are_ignored_for_a_term_baby(alice) -> None:
    born = timezone.localdate() - timedelta(days=20)
    alice.client().post(
        reverse("babies:add"),
        {"name": "Mia", "gestational_weeks": "31", "birth_date": born.isoformat()},
    )
    assert Baby.objects.get().gestational_weeks is None


def test_a_future_birth_date_is_refused(alice) -> None:
    born = timezone.localdate() + timedelta(days=2)
    response = alice.client().post(
        reverse("babies:add"), {"name": "Mia", "birth_date": born.isoformat()}
    )
    assert "future" in response.content.decode()
    assert not Baby.objects.exists()


def test_another_family_cannot_edit_or_see_the_baby(bob, mia) -> None:
    client = bob.client()
    assert client.get(reverse("babies:edit", args=[mia.pk])).status_code == 404
    assert (
        client.post(
            reverse("babies:edit", args=[mia.pk]), {"name": "X", "birth_date": "2026-01-01"}
        ).status_code
        == 404
    )
    mia.refresh_from_db()
    assert mia.name == "Mia"


def test_the_partner_can_edit_the_baby(dan, mia) -> None:
    response = dan.client().post(
        reverse("babies:edit", args=[mia.pk]),
        {"name": "Mia Rose", "birth_date": mia.birth_date.isoformat()},
    )
    assert response.status_code == 302
    mia.refresh_from_db()
    assert mia.name == "Mia Rose"
