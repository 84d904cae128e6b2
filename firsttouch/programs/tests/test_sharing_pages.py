"""The family's sharing pages: join by code or link, choose categories, stop, see who looked."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from firsttouch.programs import audit
from firsttouch.programs.consent import current_text, give_consent
from firsttouch.programs.models import Consent, Organisation, OrganisationKind
from firsttouch.wellbeing.models import CaregiverSettings
from tests.cast import Member
from tests.staff import make_staff


@pytest.fixture
def clinic(db: None) -> Organisation:
    return Organisation.objects.create(
        name="Riverside clinic",
        kind=OrganisationKind.HEALTH_VISITING,
        contact_email="team@river.test",
        join_code="RIVER234",
    )


def test_the_page_says_what_to_do_when_she_shares_with_nobody(alice: Member) -> None:
    page = alice.client().get(reverse("programs:sharing"))
    assert page.status_code == 200
    assert "You do not share with any clinic" in page.content.decode()


def test_the_code_leads_to_the_consent_page_however_she_types_it(
    alice: Member, clinic: Organisation
) -> None:
    reply = alice.client().post(reverse("programs:join"), {"code": " river-234 "})
    assert reply.status_code == 302
    assert reply["Location"] == reverse("join_link", args=["RIVER234"])
    assert not Consent.objects.exists()  # nothing shared before she agrees


def test_the_link_shows_who_they_are_and_the_text_with_nothing_ticked(
    alice: Member, clinic: Organisation
) -> None:
    page = alice.client().get(reverse("join_link", args=["RIVER234"]))
    html = page.content.decode()
    assert page.status_code == 200
    assert "Riverside clinic" in html and "Health-visiting team" in html
    assert current_text().paragraphs()[0] in html
    assert "checked" not in html


def test_she_agrees_to_the_categories_she_ticks_and_the_text_is_kept(
    alice: Member, clinic: Organisation
) -> None:
    client = alice.client()
    reply = client.post(
        reverse("join_link", args=["river234"]), {"categories": ["massage_sessions", "notes"]}
    )
    assert reply.status_code == 302
    consent = Consent.objects.get()
    assert consent.caregiver == alice.user and consent.family == alice.family
    assert consent.categories == {"massage_sessions", "notes"}
    assert consent.consent_text == current_text().text
    assert consent.consent_version == current_text().version
    assert "Riverside clinic" in client.get(reverse("programs:sharing")).content.decode()


def test_agreeing_to_nothing_is_refused_and_saves_nothing(
    alice: Member, clinic: Organisation
) -> None:
    reply = alice.client().post(reverse("join_link", args=["RIVER234"]), {})
    assert reply.status_code == 400
    assert "Tick at least one" in reply.content.decode()
    reply = alice.client().post(reverse("join_link", args=["RIVER234"]), {"categories": ["dna"]})
    assert reply.status_code == 400
    assert not Consent.objects.exists()


def test_changing_categories_revokes_the_old_row_and_keeps_it(
    alice: Member, clinic: Organisation
) -> None:
    first = give_consent(alice.user, clinic, {"baby_logs"})
    client = alice.client()
    page = client.get(reverse("join_link", args=["RIVER234"])).content.decode()
    assert 'value="baby_logs" id="id_categories_1" checked' in page  # starts from her choice
    client.post(reverse("join_link", args=["RIVER234"]), {"categories": ["screenings_mood"]})
    first.refresh_from_db()
    assert first.revoked_at is not None
    assert Consent.objects.active().get().categories == {"screenings_mood"}
    assert Consent.objects.count() == 2


def test_an_unknown_code_says_what_to_do(alice: Member, clinic: Organisation) -> None:
    reply = alice.client().post(reverse("programs:join"), {"code": "NOPE9999"})
    assert reply.status_code == 400
    assert "Check it with your clinic" in reply.content.decode()
    assert alice.client().get(reverse("join_link", args=["NOPE9999"])).status_code == 404
    assert not Consent.objects.exists()


def test_stopping_asks_first_then_keeps_the_record(alice: Member, clinic: Organisation) -> None:
    consent = give_consent(alice.user, clinic, {"screenings_mood"})
    client = alice.client()
    url = reverse("programs:revoke", args=[consent.pk])
    confirm = client.get(url)
    assert confirm.status_code == 200
    assert "Stop sharing with Riverside clinic?" in confirm.content.decode()
    consent.refresh_from_db()
    assert consent.revoked_at is None
    assert client.post(url).status_code == 302
    consent.refresh_from_db()
    assert consent.revoked_at is not None
    assert client.post(url).status_code == 404  # no longer active
    # She can share again later.
    reply = client.post(reverse("join_link", args=["RIVER234"]), {"categories": ["notes"]})
    assert reply.status_code == 302


@pytest.mark.parametrize("who", ["bob", "dan"])
def test_nobody_else_can_stop_her_sharing(
    request: pytest.FixtureRequest, alice: Member, clinic: Organisation, who: str
) -> None:
    consent = give_consent(alice.user, clinic, {"screenings_mood"})
    other: Member = request.getfixturevalue(who)
    url = reverse("programs:revoke", args=[consent.pk])
    assert other.client().get(url).status_code == 404
    assert other.client().post(url).status_code == 404
    consent.refresh_from_db()
    assert consent.revoked_at is None


def test_bob_does_not_see_alices_clinics(alice: Member, bob: Member, clinic: Organisation) -> None:
    give_consent(alice.user, clinic, {"screenings_mood"})
    assert "Riverside clinic" not in bob.client().get(reverse("programs:sharing")).content.decode()


def test_who_looked_at_my_data_lists_staff_reads_of_her_family_only(
    alice: Member, bob: Member, clinic: Organisation
) -> None:
    nurse = make_staff(clinic, "nurse@river.test", "Nina Nurse")
    audit.record_access(
        staff=nurse,
        organisation=clinic,
        family=alice.family,
        categories={"baby_logs"},
        what="family summary",
        why="caseload",
    )
    page = alice.client().get(reverse("programs:sharing")).content.decode()
    assert "Who looked at my data" in page
    assert "Nina Nurse" in page and "The baby&#x27;s logs" in page and "caseload" in page
    assert "Nina Nurse" not in bob.client().get(reverse("programs:sharing")).content.decode()


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


@pytest.mark.parametrize("url", ["/programs/sharing/", "/join/RIVER234/"])
def test_logged_out_visitors_are_sent_to_log_in(clinic: Organisation, url: str) -> None:
    reply = Client().get(url)
    assert reply.status_code == 302
    assert "/login/" in reply["Location"]


def test_the_wellbeing_overview_counts_the_clinics_she_shares_with(
    alice: Member, clinic: Organisation
) -> None:
    client = alice.client()
    assert (
        "You do not share with a clinic."
        in client.get(reverse("wellbeing:overview")).content.decode()
    )
    give_consent(alice.user, clinic, {"notes"})
    assert "You share with 1 clinic." in client.get(reverse("wellbeing:overview")).content.decode()


def _written_categories() -> set[str]:
    """Every category value a reader writes to the access log: the staff pages' consent
    categories, the alerts', the courses' and the studies' (issue 11, gap 4)."""
    from firsttouch.courses.views.staff import MASSAGE
    from firsttouch.programs.alerts import KIND_CATEGORY
    from firsttouch.programs.models import ConsentCategory
    from firsttouch.studies.access import STUDY_CATEGORY

    return (
        {c.value for c in ConsentCategory}
        | {str(c) for c in KIND_CATEGORY.values()}
        | {MASSAGE, STUDY_CATEGORY}
    )


def test_every_category_written_to_the_log_has_a_label_on_her_page(
    alice: Member, clinic: Organisation
) -> None:
    from firsttouch.programs.models import ACCESS_CATEGORY_LABELS

    nurse = make_staff(clinic, "nurse@river.test", "Nina Nurse")
    written = _written_categories()
    assert "study" in written
    for category in sorted(written):
        audit.record_access(
            staff=nurse,
            organisation=clinic,
            family=alice.family,
            categories={category},
            what=f"read of {category}",
            why="follow-up",
        )
    page = alice.client().get(reverse("programs:sharing")).content.decode()
    for category in written:
        label = str(ACCESS_CATEGORY_LABELS[category])
        assert label.strip()
        assert f"{label} (follow-up)".replace("'", "&#x27;") in page, category
    assert "Study follow-up (follow-up)" in page
    assert "> (follow-up)" not in page  # no row with an empty category


def test_an_unknown_category_is_shown_as_written_not_dropped(
    alice: Member, clinic: Organisation
) -> None:
    nurse = make_staff(clinic, "nurse@river.test", "Nina Nurse")
    row = audit.record_access(
        staff=nurse,
        organisation=clinic,
        family=alice.family,
        categories={"something_new", "notes"},
        what="x",
        why="y",
    )
    assert row.category_labels() == ["Free-text notes", "something_new"]
