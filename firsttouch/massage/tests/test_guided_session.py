"""The guided flow: safety check -> player -> finish or stop early -> quick log."""

from __future__ import annotations

import json
from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from firsttouch.babies.models import Baby
from firsttouch.massage.models import MassageSession
from tests.cast import Member, make_baby

from .helpers import safety_post


def test_library_lists_suggestions_for_the_baby_with_may_help_wording(
    alice: Member, mia: Baby
) -> None:
    page = alice.client().get(reverse("massage:library"), {"baby": str(mia.pk), "goal": "gas"})
    assert page.status_code == 200
    body = page.content.decode()
    assert "Suggested for Mia" in body
    assert "Tummy time for gas and constipation" in body
    assert "May help" in body
    assert "Help with sleep" in body  # the goal filter chips


def test_library_without_a_baby_says_what_to_do(alice: Member) -> None:
    page = alice.client().get(reverse("massage:library"))
    assert "Add your baby to see routines" in page.content.decode()


def test_routine_detail_shows_steps_and_sources(alice: Member, mia: Baby) -> None:
    page = alice.client().get(reverse("massage:routine", args=["preterm-gentle-touch"]))
    body = page.content.decode()
    assert "Phase 2: limb movements" in body
    assert "NICU team" in body
    assert "Field et al." in body
    assert alice.client().get(reverse("massage:routine", args=["nope"])).status_code == 404


def test_start_play_finish_and_log(alice: Member, mia: Baby) -> None:
    client = alice.client()
    form = client.get(reverse("massage:start", args=["full-body"]), {"baby": mia.pk})
    assert "Is your baby unwell" in form.content.decode()

    response = client.post(
        reverse("massage:start", args=["full-body"]), safety_post("full-body", mia)
    )
    session = MassageSession.objects.get()
    assert response["Location"] == reverse("massage:play", args=[session.pk])
    assert session.is_running and session.routine_version == "1.1"
    assert session.created_by == alice.user

    player = client.get(response["Location"])
    body = player.content.decode()
    for element in (
        'id="player-next"',
        'id="player-back"',
        'id="player-pause"',
        'id="player-stop-early"',
        'id="player-finish"',
        'id="step-title"',
    ):
        assert element in body
    steps = json.loads(
        body.split('id="player-steps" type="application/json">')[1].split("</script>")[0]
    )
    assert len(steps) == 19 and steps[0]["pace"] == 6

    # The running session is offered for resuming from the library page.
    library = client.get(reverse("massage:library")).content.decode()
    assert reverse("massage:play", args=[session.pk]) in library

    MassageSession.objects.filter(pk=session.pk).update(
        started_at=timezone.now() - timedelta(minutes=14)
    )
    done = client.post(reverse("massage:finish", args=[session.pk]), {"steps_completed": "19"})
    assert done["Location"] == reverse("massage:log_session", args=[session.pk])
    session.refresh_from_db()
    assert not session.is_running and session.steps_completed == 19
    assert session.duration_seconds is not None
    assert 14 * 60 <= session.duration_seconds <= 14 * 60 + 5
    ended_at = session.ended_at

    saved = client.post(
        reverse("massage:log_session", args=[session.pk]),
        {
            "state_before": "fussy",
            "state_after": "drowsy",
            "cues": ["smiling", "cooing"],
            "tool": "hands",
            "oil": "Sunflower oil",
            "notes": "",
            # Left over from tapping Wand first: cleared because Hands was chosen.
            "vibration": "",
        },
    )
    assert saved.status_code == 302
    session.refresh_from_db()
    assert (session.state_before, session.state_after) == ("fussy", "drowsy")
    assert session.cues == ["smiling", "cooing"]
    assert session.ended_at == ended_at  # the log form never moves the measured end


def test_skipped_regions_are_recorded_and_left_out_of_the_player(alice: Member, mia: Baby) -> None:
    client = alice.client()
    response = client.post(
        reverse("massage:start", args=["full-body"]),
        safety_post(
            "full-body", mia, **{"recent-vaccination": "yes", "recent-vaccination-regions": "legs"}
        ),
    )
    session = MassageSession.objects.get()
    assert session.skipped_regions == ["legs"]
    body = client.get(response["Location"]).content.decode()
    assert "Leaving out today: legs" in body
    assert '"region": "Legs"' not in body


def test_a_refused_check_explains_and_starts_nothing(alice: Member, mia: Baby) -> None:
    response = alice.client().post(
        reverse("massage:start", args=["bedtime-wind-down"]),
        safety_post("bedtime-wind-down", mia, unwell="yes"),
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "not massage right now" in body
    assert "until your baby is well again" in body
    assert not MassageSession.objects.exists()


def test_unanswered_questions_show_errors_and_start_nothing(alice: Member, mia: Baby) -> None:
    data = safety_post("full-body", mia)
    del data["unwell"]
    data["skin-problem"] = "yes"
    response = alice.client().post(reverse("massage:start", args=["full-body"]), data)
    body = response.content.decode()
    assert "Please answer Yes or No." in body
    assert "Choose the areas affected" in body
    assert not MassageSession.objects.exists()


def test_baby_isnt_enjoying_this_ends_early_with_the_reason(alice: Member, mia: Baby) -> None:
    client = alice.client()
    client.post(reverse("massage:start", args=["colic-comfort"]), safety_post("colic-comfort", mia))
    session = MassageSession.objects.get()
    response = client.post(
        reverse("massage:stop", args=[session.pk]),
        {
            "steps_completed": "2",
            "cues": ["arching", "crying"],
            "note": "tired after the bath",
        },
    )
    assert response["Location"] == reverse("massage:log_session", args=[session.pk])
    session.refresh_from_db()
    assert session.ended_early and not session.is_running
    assert session.ended_early_reason == "Arching the back; Crying; tired after the bath"
    assert session.cues == ["arching", "crying"]
    assert session.steps_completed == 2
    log_page = client.get(response["Location"]).content.decode()
    assert "Arching the back; Crying" in log_page
    assert "stopped early" in log_page


def test_finishing_twice_keeps_the_first_end(alice: Member, mia: Baby) -> None:
    client = alice.client()
    client.post(reverse("massage:start", args=["colic-comfort"]), safety_post("colic-comfort", mia))
    session = MassageSession.objects.get()
    client.post(reverse("massage:finish", args=[session.pk]), {"steps_completed": "99"})
    session.refresh_from_db()
    first_end = session.ended_at
    assert session.steps_completed == 7  # clamped to the routine's steps
    client.post(reverse("massage:finish", args=[session.pk]), {"steps_completed": "1"})
    session.refresh_from_db()
    assert session.ended_at == first_end and session.steps_completed == 7
    # A finished session's player sends you to its log.
    assert client.get(reverse("massage:play", args=[session.pk])).status_code == 302


def test_stop_dialog_offers_preterm_cues_only_for_babies_born_early(
    alice: Member, mia: Baby
) -> None:
    term = MassageSession.objects.create(baby=mia, routine_slug="full-body")
    early_baby = make_baby(alice.family, "Pip", age_days=100, gestational_weeks=30)
    early = MassageSession.objects.create(baby=early_baby, routine_slug="full-body")
    client = alice.client()

    def dialog(session: MassageSession) -> str:
        page = client.get(reverse("massage:play", args=[session.pk])).content.decode()
        return page.split('id="stop-dialog"')[1]

    assert "Colour change" not in dialog(term)
    assert "Colour change" in dialog(early)


def test_player_for_a_routine_no_longer_shipped_goes_to_the_log(alice: Member, mia: Baby) -> None:
    session = MassageSession.objects.create(baby=mia, routine_slug="retired-routine")
    response = alice.client().get(reverse("massage:play", args=[session.pk]))
    assert response["Location"] == reverse("massage:log_session", args=[session.pk])
