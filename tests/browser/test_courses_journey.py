"""Classes in a real browser: a class leader passes her second factor, creates a course with a
session, enrols a family that shares with the organisation and ticks the register on a desktop
table; the mother then sees her class on her phone.

Runs in light and dark mode with the axe check on each page; screenshots go to
test-artifacts/screenshots/.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from firsttouch.courses.models import Attendance, Course
from firsttouch.massage.models import MassageSession
from firsttouch.programs.consent import give_consent
from firsttouch.programs.models import AccessLog, Organisation, StaffRole
from tests.cast import PASSWORD, make_baby, make_member
from tests.staff import current_code, device_for, make_staff

from .conftest import PHONE, log_in, serious_violations, shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
DESKTOP = {"width": 1280, "height": 900}


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_a_leader_runs_a_class_and_the_mother_sees_it(page: Page, scheme: str) -> None:
    page.emulate_media(color_scheme=scheme)
    alice = make_member("alice@example.com", "Alice")
    mia = make_baby(alice.family, "Mia")
    now = timezone.now()
    MassageSession.objects.create(
        baby=mia, started_at=now - timedelta(minutes=3), ended_at=now - timedelta(minutes=1)
    )
    riverside = Organisation.objects.create(
        name="Riverside massage class", kind="class_provider", contact_email="t@river.test"
    )
    give_consent(alice.user, riverside, {"massage_sessions"})
    leader = make_staff(riverside, "lena@river.test", "Lena Leader", StaffRole.CLASS_LEADER)
    device = device_for(leader)

    page.set_viewport_size(DESKTOP)
    log_in(page, "lena@river.test", PASSWORD)
    page.goto(f"/staff/{riverside.pk}/courses/")
    page.get_by_label("Code", exact=True).fill(current_code(device))
    page.get_by_role("button", name="Continue").click()

    expect(page.get_by_role("heading", name="Classes and programmes")).to_be_visible()
    page.get_by_role("link", name="New course").click()
    page.get_by_label("Title").fill("Baby massage, 5 weeks")
    page.get_by_label("Home practice per week").fill("3")
    page.get_by_label("Starts on").fill(str(timezone.localdate() - timedelta(days=1)))
    problems = serious_violations(page)
    page.get_by_role("button", name="Save the course").click()

    expect(page.get_by_role("heading", name="Baby massage, 5 weeks")).to_be_visible()
    course = Course.objects.get()
    assert course.leader == leader
    page.get_by_text("Add a session").click()
    start = timezone.localtime() - timedelta(minutes=1)
    page.get_by_label("Starts", exact=True).fill(start.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_label("Ends").fill((start + timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"))
    page.get_by_label("Place").fill("Riverside hall, room 2")
    page.get_by_role("button", name="Add the session").click()
    expect(page.get_by_text("Session added.")).to_be_visible()

    page.get_by_label("Family", exact=True).select_option(label="Alice's family")
    page.get_by_role("button", name="Enrol").click()
    expect(page.get_by_text("Alice's family enrolled.")).to_be_visible()

    tick = page.get_by_role("checkbox", name=f"Alice's family present on {start:%-d %b}")
    tick.focus()
    page.keyboard.press("Space")  # keyboard usable: a real checkbox
    expect(tick).to_be_checked()
    page.get_by_role("button", name="Save attendance").click()
    expect(page.get_by_text("Attendance saved.")).to_be_visible()
    expect(
        page.get_by_role("checkbox", name=f"Alice's family present on {start:%-d %b}")
    ).to_be_checked()
    # Her practice this week: enrolled today, so a one-day part week asks for 1 of the 3.
    expect(page.get_by_role("cell", name="1 of 1")).to_be_visible()
    problems += serious_violations(page)
    shot(page, f"courses-register-{scheme}")
    assert Attendance.objects.get().present
    assert AccessLog.objects.filter(family_id=alice.family.pk).exists()

    page.context.clear_cookies()
    page.set_viewport_size(PHONE)
    log_in(page, "alice@example.com", PASSWORD)
    page.goto("/classes/")
    expect(page.get_by_role("heading", name="Baby massage, 5 weeks")).to_be_visible()
    expect(page.get_by_text("Riverside hall, room 2")).to_be_visible()
    expect(page.get_by_text("you came")).to_be_visible()
    expect(page.get_by_text("This week: 1 of 1 massage session.")).to_be_visible()
    problems += serious_violations(page)
    shot(page, f"courses-family-{scheme}")
    assert problems == []
