"""Issue 12, the small things a new user hit: the log-in page, `make demo`'s address, the
invitation link's share button, a partner's You tab, and the self-care nudge after an EPDS."""

from __future__ import annotations

import re
import subprocess
from datetime import date, datetime, time, timedelta
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from firsttouch.accounts.roles import is_mother
from firsttouch.ops.management.commands import demo
from firsttouch.reminders import schedule
from firsttouch.selfcare import services as selfcare
from firsttouch.wellbeing import services as wellbeing
from firsttouch.wellbeing.models import Response
from firsttouch.wellbeing.tests.epds_answers import with_total
from tests.cast import Member, make_member

ROOT = Path(__file__).resolve().parents[1]
NUDGE = "Take the wellbeing check now"
CRISIS = "Help is available now"


def _client(member: Member) -> Client:
    client = Client()
    client.force_login(member.user)
    return client


# --- The log-in page ---------------------------------------------------------------------------


def test_the_log_in_page_says_what_firsttouch_is(db: None) -> None:
    page = Client().get(reverse("login")).content.decode()
    assert "firsttouch is a companion for your baby" in page


def test_a_wrong_password_names_the_e_mail_not_a_username(alice: Member) -> None:
    answer = Client().post(
        reverse("login"), {"username": "alice@example.com", "password": "not-her-password"}
    )
    page = answer.content.decode()
    assert "Please enter a correct e-mail and password" in page
    assert "correct username" not in page


# --- make demo -----------------------------------------------------------------------------


@override_settings(SITE_URL="http://127.0.0.1:8000")
def test_the_demo_prints_the_port_it_is_given(db: None) -> None:
    out = StringIO()
    call_command("demo", host="127.0.0.1", port=8123, stdout=out)
    assert "Log in at http://127.0.0.1:8123/login/" in out.getvalue()


@override_settings(SITE_URL="https://family.example")
def test_without_a_host_or_port_the_demo_prints_the_site_url() -> None:
    assert demo.login_address() == "https://family.example/login/"
    assert demo.login_address(port=9000) == "http://127.0.0.1:9000/login/"


def test_make_demo_passes_the_port_the_user_set() -> None:
    dry = subprocess.run(
        ["make", "-n", "-C", str(ROOT), "demo", "PORT=8123", "HOST=0.0.0.0"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert "firsttouch demo --host 0.0.0.0 --port 8123" in dry.stdout


# --- The invitation link -----------------------------------------------------------------------


def test_the_new_invitation_link_has_a_share_button_and_stays_plain_text(alice: Member) -> None:
    client = _client(alice)
    client.post(reverse("accounts:invite"), {"role": "partner"})
    page = client.get(reverse("accounts:family")).content.decode()
    assert 'id="invite-link"' in page
    assert 'id="invite-share"' in page and 'aria-live="polite"' in page
    assert "accounts/invite.js" in page
    assert (ROOT / "firsttouch/accounts/static/accounts/invite.js").exists()


def test_no_share_button_without_a_new_link(alice: Member) -> None:
    page = _client(alice).get(reverse("accounts:family")).content.decode()
    assert 'id="invite-share"' not in page


# --- The partner's You tab ---------------------------------------------------------------------


def test_only_the_mother_role_is_a_mother(alice: Member, dan: Member) -> None:
    assert is_mother(alice.user)
    assert not is_mother(dan.user)


def test_the_mothers_you_tab_has_the_epds_and_breast_massage(alice: Member) -> None:
    page = _client(alice).get(reverse("wellbeing:overview")).content.decode()
    assert reverse("wellbeing:epds") in page and reverse("lactation:guide") in page
    assert "how a new mother has been feeling" in page


def test_the_partners_you_tab_has_their_own_mood_and_no_mother_only_content(
    dan: Member,
) -> None:
    page = _client(dan).get(reverse("wellbeing:overview")).content.decode()
    assert reverse("selfcare:today") in page
    assert reverse("wellbeing:epds") not in page
    assert reverse("lactation:guide") not in page
    assert "new mother" not in page
    assert "Breast massage" not in page


@pytest.mark.parametrize(
    "name", ["wellbeing:epds", "lactation:guide", "lactation:log", "lactation:history"]
)
def test_a_mothers_page_tells_a_partner_what_is_there_for_them(dan: Member, name: str) -> None:
    answer = _client(dan).get(reverse(name))
    page = answer.content.decode()
    assert answer.status_code == 200
    assert "This page is written for the baby" in page
    assert reverse("selfcare:today") in page
    # No form in the page's content (a <template>, like the offline queue's, is inert).
    content = re.sub(r"<template.*?</template>", "", page.split("<main", 1)[-1], flags=re.S)
    assert "<form" not in content


def test_a_partner_posting_an_epds_saves_nothing(dan: Member) -> None:
    _client(dan).post(reverse("wellbeing:epds"), {"1": "0", "action": "finish"})
    assert not Response.objects.filter(respondent=dan.user).exists()


def test_the_mother_still_gets_her_pages(alice: Member) -> None:
    client = _client(alice)
    for name in ("wellbeing:epds", "lactation:guide", "lactation:log", "lactation:history"):
        assert "written for the baby" not in client.get(reverse(name)).content.decode()


def test_a_partner_keeps_their_own_mood_and_self_care(dan: Member) -> None:
    client = _client(dan)
    today = timezone.localdate().isoformat()
    client.post(reverse("selfcare:mood"), {"day": today, "mood": 4, "note": ""})
    page = client.get(reverse("selfcare:today")).content.decode()
    assert "Mood and self-care" in page
    assert reverse("lactation:guide") not in page
    assert selfcare.MoodEntry.objects.filter(user=dan.user).exists()


# --- No EPDS nudge minutes after one; the crisis help after item 10 above 0 --------------------


def _symptoms(member: Member) -> None:
    selfcare.set_symptoms(
        member.user, timezone.localdate(), anxiety=True, low_energy=True, extreme_sadness=True
    )


def _epds(member: Member, on: date, item10: int = 0) -> Response:
    draft = wellbeing.submit(member.user, member.family, "epds", with_total(6 + item10, item10))
    at = datetime.combine(on, time(12), tzinfo=timezone.get_current_timezone())
    return wellbeing.complete(draft, at=at)


def test_symptoms_without_a_check_still_nudge(alice: Member) -> None:
    _symptoms(alice)
    hint = selfcare.symptom_suggestion(alice.user, timezone.localdate())
    assert hint.suggest_epds and hint.safety is None


def test_no_nudge_minutes_after_a_check(alice: Member) -> None:
    _symptoms(alice)
    wellbeing.submit(alice.user, alice.family, "epds", with_total(6), finish=True)
    hint = selfcare.symptom_suggestion(alice.user, timezone.localdate())
    assert not hint.suggest_epds and hint.safety is None


@pytest.mark.parametrize(
    ("days_ago", "nudged"),
    [(0, False), (schedule.FOLLOW_UP_AFTER.days - 1, False), (schedule.FOLLOW_UP_AFTER.days, True)],
)
def test_the_nudge_waits_for_the_screening_repeat_interval(
    alice: Member, days_ago: int, nudged: bool
) -> None:
    """The schedule repeats a check two weeks on at the soonest: not before, then as usual."""
    today = timezone.localdate()
    _symptoms(alice)
    _epds(alice, today - timedelta(days=days_ago))
    assert selfcare.symptom_suggestion(alice.user, today, today).suggest_epds is nudged


def test_after_item_10_above_0_the_crisis_help_not_a_nudge(alice: Member) -> None:
    today = timezone.localdate()
    _symptoms(alice)
    _epds(alice, today, item10=1)
    hint = selfcare.symptom_suggestion(alice.user, today, today)
    assert not hint.suggest_epds
    assert hint.safety is not None
    page = _client(alice).get(reverse("selfcare:today")).content.decode()
    assert CRISIS in page and NUDGE not in page
    assert 'id="selfcare-safety"' in page and 'class="safety-block"' in page


def test_the_crisis_help_shows_even_without_symptoms(alice: Member) -> None:
    today = timezone.localdate()
    _epds(alice, today - timedelta(days=3), item10=2)
    page = _client(alice).get(reverse("selfcare:today")).content.decode()
    assert CRISIS in page and NUDGE not in page


def test_a_check_with_item_10_older_than_the_interval_nudges_as_usual(alice: Member) -> None:
    today = timezone.localdate()
    _symptoms(alice)
    _epds(alice, today - timedelta(days=schedule.FOLLOW_UP_AFTER.days), item10=1)
    hint = selfcare.symptom_suggestion(alice.user, today, today)
    assert hint.suggest_epds and hint.safety is None


def test_a_partner_is_never_nudged_to_the_mothers_check(dan: Member) -> None:
    _symptoms(dan)
    assert not selfcare.symptom_suggestion(dan.user, timezone.localdate()).suggest_epds
    assert NUDGE not in _client(dan).get(reverse("selfcare:today")).content.decode()


def test_a_check_by_someone_else_does_not_silence_her_nudge(alice: Member) -> None:
    other = make_member("carol@example.com", "Carol")
    _symptoms(alice)
    _epds(other, timezone.localdate())
    assert selfcare.symptom_suggestion(alice.user, timezone.localdate()).suggest_epds
