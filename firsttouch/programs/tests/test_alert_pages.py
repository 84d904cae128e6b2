"""The staff alert queue pages: the table (filters, sorting, no family data, no audit row),
and an alert's page with its acknowledge, contact and resolve forms."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from firsttouch.accounts.models import User
from firsttouch.programs.alerts import QUEUE_PAGE_SIZE
from firsttouch.programs.consent import give_consent
from firsttouch.programs.models import (
    AccessLog,
    Alert,
    AlertContact,
    AlertKind,
    AlertPriority,
    Organisation,
    StaffRole,
)
from tests.cast import Member
from tests.staff import make_staff, verified_client


@pytest.fixture
def clinic(alice: Member) -> Organisation:
    org = Organisation.objects.create(name="Riverside clinic", contact_email="team@river.test")
    give_consent(alice.user, org, {"screenings_mood", "baby_logs"})
    return org


@pytest.fixture
def client(nurse: User) -> Client:
    return verified_client(nurse)


def alert_for(clinic: Organisation, member: Member, **fields: object) -> Alert:
    values: dict[str, object] = {
        "respondent": member.user,
        "response_id": 5,
        "family_id": member.family.pk,
        "created_at": timezone.now() - timedelta(minutes=20),
    }
    return Alert.objects.create(organisation=clinic, **(values | fields))


def queue_url(clinic: Organisation) -> str:
    return reverse("staff:alerts", args=[clinic.pk])


def page_url(alert: Alert, name: str = "alert") -> str:
    return reverse(f"staff:{name}", args=[alert.organisation_id, alert.pk])


def test_the_queue_names_families_by_number_only_and_logs_no_read(
    client: Client, clinic: Organisation, alice: Member
) -> None:
    alert = alert_for(clinic, alice)
    page = client.get(queue_url(clinic))
    text = page.content.decode()
    assert page.status_code == 200
    assert f"Family #{alice.family.pk}" in text
    assert escape(alice.family.name) not in text and alice.user.email not in text
    assert page_url(alert) in text
    assert "<caption>" in text and 'scope="col"' in text and 'scope="row"' in text
    assert not AccessLog.objects.exists()


def test_the_queue_filters_by_status_priority_and_kind(
    client: Client, clinic: Organisation, alice: Member, nurse: User
) -> None:
    urgent = alert_for(clinic, alice)
    routine = alert_for(
        clinic, alice, response_id=6, kind=AlertKind.EPDS_HIGH, priority=AlertPriority.ROUTINE
    )
    seen = alert_for(clinic, alice, response_id=7, acknowledged_at=timezone.now())

    def shown(query: str) -> set[int]:
        rows = client.get(queue_url(clinic) + query).context["page"]
        return {a.pk for a in rows}

    assert shown("") == {urgent.pk, routine.pk, seen.pk}
    assert shown("?status=open") == {urgent.pk, routine.pk}
    assert shown("?status=acknowledged") == {seen.pk}
    assert shown("?priority=routine") == {routine.pk}
    assert shown("?kind=epds_high") == {routine.pk}
    assert shown("?status=nonsense") == {urgent.pk, routine.pk, seen.pk}


def test_a_long_queue_is_paged_keeping_filters_and_sort(
    client: Client, clinic: Organisation, alice: Member
) -> None:
    made = [alert_for(clinic, alice, response_id=100 + i) for i in range(QUEUE_PAGE_SIZE + 1)]
    first = client.get(queue_url(clinic) + "?priority=urgent&sort=created")
    text = first.content.decode()
    assert [a.pk for a in first.context["page"]] == [a.pk for a in made[:QUEUE_PAGE_SIZE]]
    assert f"{QUEUE_PAGE_SIZE + 1} alerts matching the filters, page 1 of 2" in text
    assert "?priority=urgent&amp;sort=created&amp;page=2" in text
    second = client.get(queue_url(clinic) + "?priority=urgent&sort=created&page=2")
    assert [a.pk for a in second.context["page"]] == [made[-1].pk]
    assert "Previous page" in second.content.decode()
    beyond = client.get(queue_url(clinic) + "?page=99")  # the last page, not an error
    assert [a.pk for a in beyond.context["page"]] == [made[-1].pk]


def test_a_sorted_column_says_so_and_its_link_reverses_it(
    client: Client, clinic: Organisation
) -> None:
    text = client.get(queue_url(clinic) + "?sort=created&priority=urgent").content.decode()
    assert 'aria-sort="ascending"' in text
    assert 'href="?priority=urgent&amp;sort=-created"' in text
    text = client.get(queue_url(clinic) + "?sort=-created").content.decode()
    assert 'aria-sort="descending"' in text and 'href="?sort=created"' in text


def test_acknowledging_from_the_page_records_who(
    client: Client, clinic: Organisation, alice: Member, nurse: User
) -> None:
    alert = alert_for(clinic, alice)
    answer = client.post(page_url(alert, "alert_acknowledge"))
    assert answer.status_code == 302 and answer["Location"] == page_url(alert)
    alert.refresh_from_db()
    assert alert.acknowledged_by == nurse


def test_the_forms_need_the_csrf_token(clinic: Organisation, alice: Member, nurse: User) -> None:
    alert = alert_for(clinic, alice)
    client = verified_client(nurse)
    client.handler.enforce_csrf_checks = True
    assert client.post(page_url(alert, "alert_acknowledge")).status_code == 403
    alert.refresh_from_db()
    assert alert.acknowledged_at is None


def test_a_contact_is_recorded_from_the_page(
    client: Client, clinic: Organisation, alice: Member, nurse: User
) -> None:
    alert = alert_for(clinic, alice)
    when = timezone.localtime() - timedelta(minutes=5)
    answer = client.post(
        page_url(alert, "alert_contact"),
        {
            "contact-method": "video",
            "contact-contacted_at": when.strftime("%Y-%m-%dT%H:%M"),
            "contact-outcome": "Spoke to her, she is safe.",
        },
    )
    assert answer.status_code == 302
    contact = AlertContact.objects.get()
    assert (contact.method, contact.by, contact.outcome) == (
        "video",
        nurse,
        "Spoke to her, she is safe.",
    )
    assert "Spoke to her, she is safe." in client.get(page_url(alert)).content.decode()


@pytest.mark.parametrize(
    ("post", "says"),
    [
        ({"contact-method": "phone", "contact-outcome": "x"}, "Give the date and time"),
        (
            {"contact-method": "phone", "contact-contacted_at": "2999-01-01T10:00"},
            "Say what came of the contact",
        ),
        (
            {
                "contact-method": "phone",
                "contact-contacted_at": "2999-01-01T10:00",
                "contact-outcome": "Spoke",
            },
            "in the future",
        ),
    ],
)
def test_a_bad_contact_says_why_and_saves_nothing(
    client: Client, clinic: Organisation, alice: Member, post: dict[str, str], says: str
) -> None:
    alert = alert_for(clinic, alice)
    answer = client.post(page_url(alert, "alert_contact"), post)
    assert answer.status_code == 422
    assert says in answer.content.decode()
    assert not AlertContact.objects.exists()
    alert.refresh_from_db()
    assert alert.acknowledged_at is None


def test_resolving_from_the_page_needs_a_note_then_closes_the_alert(
    client: Client, clinic: Organisation, alice: Member, nurse: User
) -> None:
    alert = alert_for(clinic, alice)
    refused = client.post(page_url(alert, "alert_resolve"), {"resolve-note": ""})
    assert refused.status_code == 422
    assert "Say how the alert was resolved" in refused.content.decode()
    done = client.post(page_url(alert, "alert_resolve"), {"resolve-note": "GP saw her today."})
    assert done.status_code == 302
    alert.refresh_from_db()
    assert alert.resolved_by == nurse == alert.acknowledged_by
    text = client.get(page_url(alert)).content.decode()
    assert "GP saw her today." in text
    assert page_url(alert, "alert_resolve") not in text  # no forms on a closed alert
    again = client.post(page_url(alert, "alert_resolve"), {"resolve-note": "Again"})
    assert again.status_code == 422 and "was resolved on" in again.content.decode()


def test_the_staff_home_links_the_queue_for_those_who_work_it(
    clinic: Organisation, nurse: User
) -> None:
    leader = make_staff(clinic, "lead@river.test", "Lee Leader", StaffRole.CLASS_LEADER)
    assert queue_url(clinic) in verified_client(nurse).get("/staff/").content.decode()
    assert queue_url(clinic) not in verified_client(leader).get("/staff/").content.decode()


def test_a_baby_alerts_page_is_logged_as_a_read_of_the_babys_logs(
    client: Client, clinic: Organisation, alice: Member
) -> None:
    alert = alert_for(
        clinic,
        alice,
        response_id=None,
        kind=AlertKind.BABY_RED_FLAG,
        source_kind="nappy",
        source_id=9,
        code="stool-pale",
        priority=AlertPriority.ROUTINE,
    )
    text = client.get(page_url(alert)).content.decode()
    assert "Pale, white or clay-coloured stool" in text  # the flag's label from the content
    log = AccessLog.objects.get()
    assert (log.categories, log.why, log.family_id) == ("baby_logs", "follow-up", alice.family.pk)
