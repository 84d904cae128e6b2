"""The mother's sharing page: join with a code, stop sharing, pick her country."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from firsttouch.programs.models import Clinic, ClinicShare
from firsttouch.wellbeing.models import CaregiverSettings
from tests.cast import Member


@pytest.fixture
def clinic(db: None) -> Clinic:
    return Clinic.objects.create(
        name="Riverside clinic", contact_email="team@river.test", join_code="RIVER234"
    )


def test_the_page_says_what_to_do_when_she_shares_with_nobody(alice: Member) -> None:
    page = alice.client().get(reverse("programs:sharing"))
    assert page.status_code == 200
    assert "You do not share with any clinic" in page.content.decode()


def test_she_joins_with_the_code_however_she_types_it(alice: Member, clinic: Clinic) -> None:
    client = alice.client()
    reply = client.post(reverse("programs:join"), {"code": " river-234 "})
    assert reply.status_code == 302
    share = ClinicShare.objects.get()
    assert (share.mother, share.clinic, share.revoked_at) == (alice.user, clinic, None)
    assert "Riverside clinic" in client.get(reverse("programs:sharing")).content.decode()


def test_an_unknown_code_says_what_to_do(alice: Member, clinic: Clinic) -> None:
    reply = alice.client().post(reverse("programs:join"), {"code": "NOPE9999"})
    assert reply.status_code == 400
    assert "Check it with your clinic" in reply.content.decode()
    assert not ClinicShare.objects.exists()


def test_joining_twice_is_refused_politely(alice: Member, clinic: Clinic) -> None:
    client = alice.client()
    client.post(reverse("programs:join"), {"code": "RIVER234"})
    reply = client.post(reverse("programs:join"), {"code": "RIVER234"})
    assert reply.status_code == 400
    assert "already share" in reply.content.decode()
    assert ClinicShare.objects.count() == 1


def test_stopping_asks_first_then_keeps_the_record(alice: Member, clinic: Clinic) -> None:
    share = ClinicShare.objects.create(mother=alice.user, clinic=clinic)
    client = alice.client()
    url = reverse("programs:revoke", args=[share.pk])
    confirm = client.get(url)
    assert confirm.status_code == 200
    assert "Stop sharing with Riverside clinic?" in confirm.content.decode()
    share.refresh_from_db()
    assert share.revoked_at is None
    assert client.post(url).status_code == 302
    share.refresh_from_db()
    assert share.revoked_at is not None
    assert client.post(url).status_code == 404  # no longer active
    # She can share again later.
    assert client.post(reverse("programs:join"), {"code": "RIVER234"}).status_code == 302


@pytest.mark.parametrize("who", ["bob", "dan"])
def test_nobody_else_can_stop_her_sharing(
    request: pytest.FixtureRequest, alice: Member, clinic: Clinic, who: str
) -> None:
    share = ClinicShare.objects.create(mother=alice.user, clinic=clinic)
    other: Member = request.getfixturevalue(who)
    url = reverse("programs:revoke", args=[share.pk])
    assert other.client().get(url).status_code == 404
    assert other.client().post(url).status_code == 404
    share.refresh_from_db()
    assert share.revoked_at is None


def test_bob_does_not_see_alices_clinics(alice: Member, bob: Member, clinic: Clinic) -> None:
    ClinicShare.objects.create(mother=alice.user, clinic=clinic)
    assert "Riverside clinic" not in bob.client().get(reverse("programs:sharing")).content.decode()


def test_she_picks_the_country_for_her_crisis_lines(alice: Member) -> None:
    client = alice.client()
    page = client.get(reverse("programs:sharing")).content.decode()
    assert "Samaritans" in page  # Europe/London until she says otherwise
    assert client.post(reverse("programs:country"), {"country": "US"}).status_code == 302
    assert CaregiverSettings.objects.get(user=alice.user).country == "US"
    assert (
        "988 Suicide &amp; Crisis Lifeline"
        in client.get(reverse("programs:sharing")).content.decode()
    )


def test_a_country_without_crisis_lines_is_refused(alice: Member) -> None:
    reply = alice.client().post(reverse("programs:country"), {"country": "ZZ"})
    assert reply.status_code == 400
    assert not CaregiverSettings.objects.filter(user=alice.user, country="ZZ").exists()


def test_logged_out_visitors_are_sent_to_log_in(db: None) -> None:
    reply = Client().get(reverse("programs:sharing"))
    assert reply.status_code == 302
    assert "/login/" in reply["Location"]


def test_the_wellbeing_overview_counts_the_clinics_she_shares_with(
    alice: Member, clinic: Clinic
) -> None:
    client = alice.client()
    assert (
        "You do not share with a clinic."
        in client.get(reverse("wellbeing:overview")).content.decode()
    )
    client.post(reverse("programs:join"), {"code": clinic.join_code})
    assert "You share with 1 clinic." in client.get(reverse("wellbeing:overview")).content.decode()
