from django.contrib.auth.hashers import identify_hasher
from django.urls import reverse

from firsttouch.accounts.models import Membership, User

GOOD = {
    "name": "Alice",
    "email": "Alice@Example.com",
    "password": "gentle-strokes-42",
    "role": "mother",
    "time_zone": "Europe/Paris",
}


def test_it_creates_user_family_and_admin_membership(client, db) -> None:
    response = client.post(reverse("accounts:signup"), GOOD)
    assert response.status_code == 302
    assert response["Location"] == reverse("babies:add")
    user = User.objects.get()
    assert user.email == "alice@example.com"
    membership = Membership.objects.get(user=user)
    assert membership.is_admin
    assert membership.role == "mother"
    assert membership.family.time_zone == "Europe/Paris"
    assert identify_hasher(user.password).algorithm == "argon2"


def test_it_rejects_a_weak_password_and_saves_nothing(client, db) -> None:
    response = client.post(reverse("accounts:signup"), {**GOOD, "password": "12345678"})
    assert response.status_code == 200
    assert "password" in response.context["form"].errors
    assert not User.objects.exists()


def test_it_rejects_a_duplicate_email(client, alice) -> None:
    response = client.post(reverse("accounts:signup"), {**GOOD, "email": "ALICE@example.com"})
    assert "Log in instead" in response.content.decode()
    assert User.objects.count() == 1


def test_logged_in_user_is_sent_home(alice) -> None:
    response = alice.client().get(reverse("accounts:signup"))
    assert response.status_code == 302
