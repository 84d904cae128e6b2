import re

from django.core import mail
from django.urls import reverse

from firsttouch.accounts.models import ApiToken, hash_secret
from tests.cast import PASSWORD


def test_password_reset_by_email_link(client, alice) -> None:
    client.post(reverse("accounts:password_reset"), {"email": "alice@example.com"})
    assert len(mail.outbox) == 1
    link = re.search(r"http://testserver(\S+)", str(mail.outbox[0].body))
    assert link
    page = client.get(link.group(1), follow=True)
    assert page.status_code == 200
    form_url = page.redirect_chain[-1][0]
    response = client.post(
        form_url, {"new_password1": "a-new-calm-evening", "new_password2": "a-new-calm-evening"}
    )
    assert response.status_code == 302
    alice.user.refresh_from_db()
    assert alice.user.check_password("a-new-calm-evening")


def test_password_reset_for_an_unknown_address_sends_nothing(client, db) -> None:
    response = client.post(reverse("accounts:password_reset"), {"email": "who@example.com"})
    assert response.status_code == 302
    assert mail.outbox == []


def test_password_change(alice) -> None:
    client = alice.client()
    response = client.post(
        reverse("accounts:password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "another-calm-night",
            "new_password2": "another-calm-night",
        },
    )
    assert response.status_code == 302
    alice.user.refresh_from_db()
    assert alice.user.check_password("another-calm-night")


def test_api_key_is_shown_once_and_stored_hashed(alice) -> None:
    client = alice.client()
    body = client.post(reverse("accounts:settings"), {"name": "Home"}).content.decode()
    raw = re.search(r'id="new-key">([^<]+)<', body)
    assert raw
    token = ApiToken.objects.get(user=alice.user)
    assert token.key_hash == hash_secret(raw.group(1))
    assert raw.group(1) not in client.get(reverse("accounts:settings")).content.decode()


def test_api_key_revoked_by_its_owner_only(alice, bob) -> None:
    token, _ = ApiToken.issue(alice.user, "Home")
    bob.client().post(reverse("accounts:revoke_token", args=[token.pk]))
    assert ApiToken.objects.filter(pk=token.pk).exists()
    alice.client().post(reverse("accounts:revoke_token", args=[token.pk]))
    assert not ApiToken.objects.filter(pk=token.pk).exists()
