"""Issue 11's review list, in a real browser on a phone: what families and staff now see."""

from __future__ import annotations

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from firsttouch.accounts.models import ApiToken
from firsttouch.programs import audit
from firsttouch.programs.models import Organisation
from tests.cast import PASSWORD, make_member
from tests.staff import current_code, device_for, make_staff

from .conftest import log_in, serious_violations, shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_her_sharing_page_names_a_study_read(page: Page) -> None:
    """Gap 4: a study's read of her data is listed as "Study follow-up", not an empty line."""
    alice = make_member("alice@example.com", "Alice")
    unit = Organisation.objects.create(name="Riverside research unit", contact_email="r@r.test")
    researcher = make_staff(unit, "rita@river.test", "Rita Researcher")
    audit.record_access(
        staff=researcher,
        organisation=unit,
        family=alice.family,
        categories={"study"},
        what="study participant P-001",
        why="study follow-up",
    )
    log_in(page, "alice@example.com", PASSWORD)
    page.goto("/programs/sharing/")
    reads = page.locator("#reads-h").locator("xpath=..")
    expect(reads.get_by_text("Study follow-up (study follow-up)")).to_be_visible()
    problems = serious_violations(page)
    shot(page, "sharing-study-read")
    assert problems == []


def test_a_nurse_revokes_her_api_token_on_the_staff_page(page: Page) -> None:
    """Gap 2: her tokens are listed by prefix, and Revoke (confirmed) removes one."""
    clinic = Organisation.objects.create(name="Riverside clinic", contact_email="t@river.test")
    nina = make_staff(clinic, "nina@river.test", "Nina Nurse")
    device = device_for(nina)
    token, raw = ApiToken.issue(nina, "Ward tablet", second_factor_at=timezone.now())
    log_in(page, "nina@river.test", PASSWORD)
    page.goto("/staff/")
    page.get_by_label("Code", exact=True).fill(current_code(device))
    page.get_by_role("button", name="Continue").click()
    tokens = page.locator("#tokens-h").locator("xpath=..")
    expect(tokens.get_by_text("Ward tablet")).to_be_visible(timeout=20000)
    expect(tokens.get_by_text(f"{token.prefix}…")).to_be_visible()
    assert raw[8:] not in page.content()
    problems = serious_violations(page)
    shot(page, "staff-api-tokens")
    page.once("dialog", lambda dialog: dialog.accept())
    tokens.get_by_role("button", name=f"Revoke Ward tablet ({token.prefix}…)").click()
    expect(page.get_by_text(f"Token {token.prefix}… revoked")).to_be_visible(timeout=20000)
    expect(tokens.get_by_text("No API tokens.")).to_be_visible()
    assert not ApiToken.objects.filter(pk=token.pk).exists()
    assert problems == []


def test_her_classes_page_states_the_time_zone_of_its_times(page: Page) -> None:
    """Gap 6: a class at 09:00 UTC reads 18:00 for a family in Tokyo, and the page says so."""
    from datetime import UTC, datetime, timedelta

    from firsttouch.courses.models import Course, CourseSession
    from firsttouch.courses.services import enrol
    from firsttouch.programs.consent import give_consent

    yui = make_member("yui@example.com", "Yui", time_zone="Asia/Tokyo")
    org = Organisation.objects.create(
        name="Riverside", kind="class_provider", contact_email="t@river.test"
    )
    org.time_zone = "Asia/Kolkata"
    org.save()
    course = Course.objects.create(
        organisation=org, title="Baby massage", weekly_target=3, starts_on=timezone.localdate()
    )
    day = (datetime.now(UTC) + timedelta(days=14)).date()
    start = datetime(day.year, day.month, day.day, 9, 0, tzinfo=UTC)
    CourseSession.objects.create(course=course, starts_at=start, ends_at=start + timedelta(hours=1))
    give_consent(yui.user, org, {"massage_sessions"})
    enrol(course, yui.family)
    log_in(page, "yui@example.com", PASSWORD)
    page.goto("/classes/")
    expect(page.get_by_text("Times are in Asia/Tokyo, your family's time zone.")).to_be_visible(
        timeout=20000
    )
    expect(page.get_by_text("18:00–19:00")).to_be_visible()
    problems = serious_violations(page)
    shot(page, "classes-time-zone")
    assert problems == []
