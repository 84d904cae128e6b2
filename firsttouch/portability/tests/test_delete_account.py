"""Deleting an account: the admin takes the family with her; anyone else only themselves."""

from __future__ import annotations

from django.core import mail
from django.test import Client
from django.urls import reverse

from firsttouch.accounts.models import ApiToken, Family, Invitation, Membership, Role, User
from firsttouch.babies.models import Baby
from firsttouch.lactation.models import LactationSession
from firsttouch.portability import deletion
from firsttouch.portability.tests.factories import fill
from firsttouch.programs.consent import give_consent
from firsttouch.programs.models import Alert, Organisation
from firsttouch.selfcare.models import MoodEntry
from firsttouch.tracking.models import Sleep
from firsttouch.wellbeing import services as wellbeing
from firsttouch.wellbeing.models import Response
from tests.cast import PASSWORD, Member

URL = reverse("portability:delete")
# Item 10 answered "Sometimes" (index 1): an urgent alert for each clinic she shares with.
URGENT = {str(i): 0 if i in {1, 2, 4} else 3 for i in range(1, 10)} | {"10": 1}


def test_the_admin_deletes_her_family_and_the_others_keep_their_accounts(
    alice: Member, dan: Member, mia: Baby
) -> None:
    fill(alice, mia)
    fill(dan, mia, screening=False)
    # Two mothers in one family: Dan answers EPDS checks of her own.
    Membership.objects.filter(user=dan.user).update(role=Role.MOTHER)
    dan.user.refresh_from_db()
    dans_screening = wellbeing.submit(dan.user, dan.family, "epds", URGENT, finish=False)
    ApiToken.issue(alice.user, "laptop")
    Invitation.issue(alice.family, alice.user, "nanny")
    report = deletion.delete_account(alice.user)
    assert report.family_deleted and report.told == ["dan@example.com"]
    assert not User.objects.filter(email="alice@example.com").exists()
    assert not Family.objects.filter(pk=alice.family.pk).exists()
    assert not Baby.objects.exists() and not Sleep.objects.exists()
    assert not Invitation.objects.exists() and not ApiToken.objects.exists()
    # Dan keeps his account, his own records, and lands in a family of his own.
    dan.user.refresh_from_db()
    membership = Membership.objects.get(user=dan.user)
    assert membership.is_admin and membership.family_id != alice.family.pk
    assert MoodEntry.objects.filter(user=dan.user).count() == 1
    assert LactationSession.objects.filter(user=dan.user).count() == 1
    assert Response.objects.get(pk=dans_screening.pk).family_id == membership.family_id
    assert not MoodEntry.objects.exclude(user=dan.user).exists()
    [message] = mail.outbox
    assert message.to == ["dan@example.com"] and "deleted" in message.body


def test_a_caregiver_deletes_only_themselves(alice: Member, dan: Member, mia: Baby) -> None:
    fill(alice, mia)
    fill(dan, mia, screening=False)
    report = deletion.delete_account(dan.user)
    assert not report.family_deleted and report.told == []
    assert not User.objects.filter(email="dan@example.com").exists()
    assert Baby.objects.filter(pk=mia.pk).exists()
    # What he logged about the baby stays for the family, with no author.
    assert Sleep.objects.filter(baby=mia).count() == 2
    assert Sleep.objects.filter(created_by__isnull=True).count() == 1
    assert not MoodEntry.objects.exclude(user=alice.user).exists()
    assert Response.objects.filter(respondent=alice.user).count() == 1
    assert mail.outbox == []


def test_clinic_alerts_are_kept_without_her(alice: Member, mia: Baby) -> None:
    clinic = Organisation.objects.create(name="Riverside clinic", contact_email="team@river.test")
    give_consent(alice.user, clinic, {"screenings_mood"})
    wellbeing.submit(alice.user, alice.family, "epds", URGENT, finish=True)
    assert Alert.objects.count() == 1
    deletion.delete_account(alice.user)
    alert = Alert.objects.get()
    assert alert.respondent_id is None and alert.organisation == clinic


def test_the_page_deletes_after_delete_and_the_password_then_logs_out(
    alice: Member, mia: Baby
) -> None:
    client = alice.client()
    page = client.get(URL)
    assert b"DELETE" in page.content and b"clinic keeps that alert" in page.content
    response = client.post(URL, {"confirm": "DELETE", "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == reverse("login")
    assert not User.objects.filter(pk=alice.user.pk).exists()
    assert not Baby.objects.exists()
    assert client.get(reverse("portability:export")).status_code == 302  # logged out


def test_a_wrong_password_deletes_nothing(alice: Member, mia: Baby) -> None:
    response = alice.client().post(URL, {"confirm": "DELETE", "password": "nope"})
    assert response.status_code == 400
    assert b"That password is not right" in response.content
    assert User.objects.filter(pk=alice.user.pk).exists() and Baby.objects.exists()


def test_without_the_word_delete_nothing_is_deleted(alice: Member, mia: Baby) -> None:
    response = alice.client().post(URL, {"confirm": "delete", "password": PASSWORD})
    assert response.status_code == 400
    assert b"Type DELETE in capital letters" in response.content
    assert User.objects.filter(pk=alice.user.pk).exists() and Baby.objects.exists()


def test_the_admins_page_names_who_will_be_told(alice: Member, dan: Member) -> None:
    assert b"Dan" in alice.client().get(URL).content
    assert b"stay for the others" in dan.client().get(URL).content


def test_logged_out_visitors_are_sent_to_log_in(client: Client) -> None:
    response = client.get(URL)
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_bob_deleting_himself_leaves_alices_family_alone(
    alice: Member, mia: Baby, bob: Member
) -> None:
    fill(alice, mia)
    before = (Baby.objects.count(), Sleep.objects.count(), Response.objects.count())
    bob.client().post(URL, {"confirm": "DELETE", "password": PASSWORD})
    assert not User.objects.filter(pk=bob.user.pk).exists()
    assert (Baby.objects.count(), Sleep.objects.count(), Response.objects.count()) == before


def test_delete_account_password_guesses_are_throttled(alice: Member) -> None:
    """The password asked before deleting counts like a log-in: no free guesses."""
    client = alice.client()
    guess = {"confirm": "DELETE", "password": "wrong"}
    statuses = [client.post(URL, guess).status_code for _ in range(6)]
    assert statuses == [400] * 5 + [429]
    response = client.post(URL, {"confirm": "DELETE", "password": PASSWORD})
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert "Too many wrong passwords" in response.content.decode()
    assert User.objects.filter(pk=alice.user.pk).exists()


def test_delete_account_after_a_few_wrong_passwords_still_works(alice: Member) -> None:
    client = alice.client()
    for _ in range(4):
        client.post(URL, {"confirm": "DELETE", "password": "wrong"})
    assert client.post(URL, {"confirm": "DELETE", "password": PASSWORD}).status_code == 302
    assert not User.objects.filter(pk=alice.user.pk).exists()
