from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from firsttouch.accounts.models import Invitation, Membership, User
from tests.cast import PASSWORD, make_member


def _new_link(member) -> str:
    client = member.client()
    response = client.post(reverse("accounts:invite"), {"role": "partner"}, follow=True)
    return response.context["new_link"]


def test_admin_creates_a_single_use_link_that_signs_up_a_partner(client, alice) -> None:
    link = _new_link(alice)
    path = link.replace("http://testserver", "")
    page = client.get(path)
    assert "Join Alice" in page.content.decode()
    response = client.post(path, {"name": "Dan", "email": "dan@example.com", "password": PASSWORD})
    assert response.status_code == 302
    dan = User.objects.get(email="dan@example.com")
    assert dan.membership.family == alice.family
    assert dan.membership.role == "partner"
    assert not dan.membership.is_admin
    # Used once: the same link no longer works.
    client.logout()
    assert client.get(path).status_code == 410


def test_an_expired_link_is_refused(client, alice) -> None:
    invitation, raw = Invitation.issue(alice.family, alice.user, "grandparent")
    invitation.expires_at = timezone.now() - timedelta(seconds=1)
    invitation.save()
    response = client.get(reverse("accounts:accept_invite", args=[raw]))
    assert response.status_code == 410
    assert "expired" in response.content.decode()


def test_an_unknown_link_is_404(client, db) -> None:
    assert client.get(reverse("accounts:accept_invite", args=["nope"])).status_code == 404


def test_a_member_of_another_family_cannot_join_a_second(alice, bob) -> None:
    _, raw = Invitation.issue(alice.family, alice.user, "partner")
    response = bob.client().post(reverse("accounts:accept_invite", args=[raw]), follow=True)
    assert "already belong to a family" in response.content.decode()
    assert Membership.objects.get(user=bob.user).family == bob.family


def test_only_the_admin_can_invite(dan) -> None:
    dan.client().post(reverse("accounts:invite"), {"role": "nanny"})
    assert not Invitation.objects.filter(role="nanny").exists()


def test_admin_removes_a_caregiver_who_then_sees_nothing(alice, dan, mia) -> None:
    response = alice.client().post(
        reverse("accounts:remove_member", args=[dan.membership.pk]), follow=True
    )
    assert "no longer has access" in response.content.decode()
    assert not Membership.objects.filter(user=dan.user).exists()
    page = dan.client().get(reverse("baby", args=[mia.pk]))
    assert page.status_code == 403
    assert "not in a family" in page.content.decode()


def test_a_partner_cannot_remove_anyone(alice, dan) -> None:
    dan.client().post(reverse("accounts:remove_member", args=[alice.membership.pk]))
    assert Membership.objects.filter(user=alice.user).exists()


def test_an_admin_cannot_remove_another_familys_member(alice, bob) -> None:
    alice.client().post(reverse("accounts:remove_member", args=[bob.membership.pk]))
    assert Membership.objects.filter(user=bob.user).exists()


def test_an_admin_cannot_cancel_another_familys_invitation(alice, bob) -> None:
    invitation, _ = Invitation.issue(bob.family, bob.user, "partner")
    alice.client().post(reverse("accounts:revoke_invite", args=[invitation.pk]))
    assert Invitation.objects.filter(pk=invitation.pk).exists()


def test_family_page_lists_only_own_members(alice, dan, bob) -> None:
    body = alice.client().get(reverse("accounts:family")).content.decode()
    assert "Dan" in body
    assert "Bob" not in body


def test_family_time_zone_is_validated(alice) -> None:
    response = alice.client().post(
        reverse("accounts:family"), {"action": "settings", "name": "Ours", "time_zone": "Mars/Base"}
    )
    assert response.status_code == 200
    alice.family.refresh_from_db()
    assert alice.family.name != "Ours"


def test_make_member_helper_makes_separate_families(db) -> None:
    a = make_member("x@example.com", "X")
    b = make_member("y@example.com", "Y")
    assert a.family != b.family
