"""Issue 12: routines fit by corrected age (pages and API refuse the rest), stop signs end a
session with what to do, and an in-progress session is offered to continue or to log."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from firsttouch.babies.models import Baby
from firsttouch.massage import services
from firsttouch.massage.content import Routine, library
from firsttouch.massage.models import MassageSession
from tests.cast import Member, make_baby

from .helpers import safety_post

BEDTIME = "bedtime-wind-down"  # fits from 2 weeks


def routine(slug: str) -> Routine:
    found = library().get(slug)
    assert found is not None
    return found


def test_age_fit_names_when_it_fits_and_the_corrected_age(alice: Member) -> None:
    ava = make_baby(alice.family, "Ava", age_days=8)
    fit = services.age_fit(routine(BEDTIME), ava)
    assert not fit.fits and fit.too_young
    assert fit.message == "Bedtime wind-down fits from 2 weeks; Ava is 1 week old."
    # Born at 36 weeks, 5 weeks ago: 1 week old corrected.
    early = make_baby(alice.family, "Ada", age_days=35, gestational_weeks=36)
    assert services.age_fit(routine(BEDTIME), early).message == (
        "Bedtime wind-down fits from 2 weeks; Ada is 1 week old (corrected)."
    )
    assert services.age_fit(routine(BEDTIME), make_baby(alice.family, "Old", 30)).fits
    mia = make_baby(alice.family, "Mia", age_days=60)
    assert services.age_fit(routine("newborn-resting-hands"), mia).message == (
        "Newborn resting hands fits up to 6 weeks; Mia is 8 weeks old."
    )


def test_routine_page_for_a_too_young_baby_offers_no_start_and_suggests_one(
    alice: Member,
) -> None:
    ava = make_baby(alice.family, "Ava", age_days=8)
    page = alice.client().get(reverse("massage:routine", args=[BEDTIME]), {"baby": ava.pk})
    body = page.content.decode()
    assert "fits from 2 weeks; Ava is 1 week old" in body
    assert reverse("massage:start", args=[BEDTIME]) not in body
    assert "Newborn resting hands" in body  # the one that fits now


def test_starting_by_url_for_a_too_young_baby_is_refused_and_saves_nothing(
    alice: Member,
) -> None:
    ava = make_baby(alice.family, "Ava", age_days=8)
    client = alice.client()
    url = reverse("massage:start", args=[BEDTIME])
    shown = client.get(url, {"baby": ava.pk}).content.decode()
    assert "fits from 2 weeks" in shown and "Check and start" not in shown
    assert "Answer again" not in shown
    posted = client.post(url, safety_post(BEDTIME, ava))
    assert posted.status_code == 200
    assert "fits from 2 weeks; Ava is 1 week old" in posted.content.decode()
    assert not MassageSession.objects.exists()


def test_library_bedtime_sentence_only_when_bedtime_routine_is_first(
    alice: Member, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(services, "is_near_bedtime", lambda baby, now=None: True)
    ava = make_baby(alice.family, "Ava", age_days=8)  # too young for the bedtime routine
    body = alice.client().get(reverse("massage:library"), {"baby": ava.pk}).content.decode()
    assert "bedtime routine comes first" not in body
    assert "fits from 2 weeks" in body  # the bedtime card among the others says when
    mia = make_baby(alice.family, "Mia", age_days=60)
    body = alice.client().get(reverse("massage:library"), {"baby": mia.pk}).content.decode()
    assert "bedtime routine comes first" in body
    assert "((" not in body and "))" not in body


def test_stop_sign_ends_the_session_with_what_to_do_for_a_preterm_baby(alice: Member) -> None:
    early = make_baby(alice.family, "Ada", age_days=14, gestational_weeks=30)
    session = services.start_session(
        early,
        routine("preterm-gentle-touch"),
        services.evaluate_safety(
            routine("preterm-gentle-touch"), services.clear_answers(routine("preterm-gentle-touch"))
        ),
        alice.user,
    )
    page = alice.client().post(
        reverse("massage:stop", args=[session.pk]),
        {"steps_completed": "1", "cues": ["breathing-change"]},
    )
    body = page.content.decode()
    assert page.status_code == 200
    assert "NICU team" in body and "Keep going" not in body
    session.refresh_from_db()
    assert session.ended_early and not session.is_running
    assert session.cues == ["breathing-change"]
    assert "Breathing changes" in session.ended_early_reason


def test_stop_advice_is_empty_without_a_stop_sign_and_term_wording_for_term(
    alice: Member, mia: Baby
) -> None:
    session = MassageSession.objects.create(baby=mia, routine_slug="full-body", cues=["crying"])
    assert services.stop_advice(session) == []
    session.cues = ["colour-change"]
    advice = " ".join(a.text for a in services.stop_advice(session))
    assert "emergency number" in advice and "NICU" not in advice


def test_cues_ticked_when_stopping_are_in_the_log_form(alice: Member, mia: Baby) -> None:
    client = alice.client()
    client.post(reverse("massage:start", args=["full-body"]), safety_post("full-body", mia))
    session = MassageSession.objects.get()
    client.post(
        reverse("massage:stop", args=[session.pk]),
        {"steps_completed": "0", "cues": ["arching", "crying"]},
    )
    log = client.get(reverse("massage:log_session", args=[session.pk])).content.decode()
    checked = set(re.findall(r'<input[^>]*name="cues" value="([a-z-]+)"[^>]*checked', log))
    assert checked == {"arching", "crying"}
    response = client.post(
        reverse("massage:log_session", args=[session.pk]),
        {"tool": "hands", "cues": sorted(checked)},
    )
    assert response.status_code == 302
    session.refresh_from_db()
    assert sorted(session.cues) == ["arching", "crying"]


def test_massage_in_progress_and_the_continue_include(alice: Member, mia: Baby) -> None:
    assert services.massage_in_progress(mia) is None
    assert render_to_string("home/_continue_massage.html", {"baby": mia}).strip() == ""
    session = MassageSession.objects.create(baby=mia, routine_slug="full-body")
    running = services.massage_in_progress(mia)
    assert running is not None and running.session == session and running.resumable
    html = render_to_string("home/_continue_massage.html", {"baby": mia})
    assert "Continue the massage" in html
    assert reverse("massage:play", args=[session.pk]) in html
    # Hours later it is offered to log, not to resume, and the player sends it to the log.
    session.started_at = timezone.now() - services.RESUME_LIMIT - timedelta(minutes=1)
    session.save()
    running = services.massage_in_progress(mia)
    assert running is not None and not running.resumable
    html = render_to_string("home/_continue_massage.html", {"baby": mia})
    assert reverse("massage:play", args=[session.pk]) not in html
    assert reverse("massage:log_session", args=[session.pk]) in html
    played = alice.client().get(reverse("massage:play", args=[session.pk]))
    assert played["Location"] == reverse("massage:log_session", args=[session.pk])


def test_home_page_shows_continue_the_massage(alice: Member, mia: Baby) -> None:
    MassageSession.objects.create(baby=mia, routine_slug="full-body")
    body = alice.client().get(reverse("baby", args=[mia.pk])).content.decode()
    assert 'id="continue-massage"' in body
