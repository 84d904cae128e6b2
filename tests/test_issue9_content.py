"""Issue 9, content a health visitor would sign: fever, hips, safe sleep, never shake, oil,
the wand and the preterm routine, checked in the content files, the rules and the pages."""

from __future__ import annotations

import shutil
from datetime import timedelta
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone

from firsttouch.api.tests.helpers import ApiClient
from firsttouch.babies.models import Baby
from firsttouch.insights.colic import COPING_SENTENCE, RED_FLAGS, colic_pattern
from firsttouch.massage import services
from firsttouch.massage.content import CONTENT_DIR, ContentError, library, load_library
from firsttouch.massage.models import Massager, MassageSession
from firsttouch.massage.tests.helpers import safety_post
from firsttouch.tracking.forms import CryingForm, TeethingForm
from tests.cast import Member, make_baby

FEVER_WORDS = ("38 °C or more", "under 3 months", "urgent medical assessment now")
EMERGENCY_WORDS = ("floppy", "hard to wake", "does not fade under pressure", "emergency")


@pytest.fixture
def broken_copy(tmp_path: Path) -> Path:
    shutil.copytree(CONTENT_DIR, tmp_path / "content")
    return tmp_path / "content"


def _question(qid: str):  # type: ignore[no-untyped-def]
    return next(q for q in library().safety if q.id == qid)


# --- 3. Fever --------------------------------------------------------------------------------


def test_the_unwell_answer_carries_the_nice_fever_and_emergency_signs() -> None:
    urgent = _question("unwell").urgent
    assert urgent is not None and urgent.source == "nice-ng143"
    for words in (*FEVER_WORDS, *EMERGENCY_WORDS):
        assert words in urgent.text


def test_the_refusal_page_shows_the_fever_signs_in_an_alert(alice: Member, mia: Baby) -> None:
    response = alice.client().post(
        reverse("massage:start", args=["full-body"]),
        safety_post("full-body", mia, unwell="yes"),
    )
    page = response.content.decode()
    assert response.status_code == 200 and not MassageSession.objects.exists()
    alert = page[page.index('role="alert" id="urgent-help"') :]
    alert = alert[: alert.index("</div>")]
    for words in (*FEVER_WORDS, *EMERGENCY_WORDS):
        assert words in alert


def test_no_fever_alert_when_the_baby_is_well(alice: Member, mia: Baby) -> None:
    response = alice.client().post(
        reverse("massage:start", args=["full-body"]),
        safety_post("full-body", mia, **{"not-ready": "yes"}),
    )
    assert "urgent-help" not in response.content.decode()


def test_the_colic_red_flags_and_the_teething_help_name_the_fever_rule() -> None:
    flags = " ".join(RED_FLAGS)
    for words in ("38 °C or more", "under 3 months", *EMERGENCY_WORDS[:3]):
        assert words in flags
    help_text = str(TeethingForm.base_fields["signs"].help_text)
    for words in (*FEVER_WORDS, *EMERGENCY_WORDS):
        assert words in help_text


# --- 8. Hips ---------------------------------------------------------------------------------


@pytest.mark.parametrize("slug", ["tummy-gas-constipation", "colic-comfort", "full-body"])
def test_a_pavlik_harness_leaves_out_every_step_that_moves_the_hips(slug: str) -> None:
    routine = library().get(slug)
    assert routine is not None and routine.hip_steps
    answers = {**services.clear_answers(routine), "hip-treatment": True}
    result = services.evaluate_safety(routine, answers)
    assert result.allowed
    assert not any(s.hips for s in result.steps)
    assert {s.stroke for s in routine.hip_steps}.isdisjoint(s.stroke for s in result.steps)
    assert any("ask your baby's hip team" in r.lower() for r in result.reasons)
    assert result.sources == ["ihdi-pavlik"]


def test_hip_steps_are_marked_with_what_they_do() -> None:
    gas = library().get("tummy-gas-constipation")
    assert gas is not None
    marks = {s.stroke: s.hips for s in gas.hip_steps}
    assert marks == {"Knees to tummy": "knees-to-tummy", "Bicycling": "bicycling"}


def test_the_hips_question_is_asked_before_the_legs(alice: Member, mia: Baby) -> None:
    page = alice.client().get(reverse("massage:start", args=["tummy-gas-constipation"])).content
    assert "Pavlik harness" in page.decode()


def test_a_legs_step_that_does_not_say_what_it_does_to_the_hips_is_refused(
    broken_copy: Path,
) -> None:
    path = broken_copy / "routines" / "tummy-gas-constipation.toml"
    path.write_text(path.read_text().replace('hips = "bicycling"\n', ""))
    with pytest.raises(ContentError, match="hips"):
        load_library(broken_copy)


def test_a_hip_mark_outside_the_legs_is_refused(broken_copy: Path) -> None:
    path = broken_copy / "routines" / "tummy-gas-constipation.toml"
    text = path.read_text().replace('region = "legs"', 'region = "feet"', 1)
    path.write_text(text)
    with pytest.raises(ContentError, match="only a legs step moves the hips"):
        load_library(broken_copy)


# --- 9. Safe sleep ---------------------------------------------------------------------------


def test_the_bedtime_routine_ends_on_the_back_in_a_clear_cot() -> None:
    bedtime = library().get("bedtime-wind-down")
    assert bedtime is not None
    last = bedtime.steps[-1]
    assert last.position == "back"
    assert "on their back" in last.how and "own clear cot" in last.how
    assert "moon-2022" in bedtime.sources
    assert not any("usual bedtime steps" in s.how for s in bedtime.steps)


def test_every_routine_with_a_tummy_step_ends_on_the_back() -> None:
    for routine in library().routines:
        if any(s.position == "tummy" for s in routine.steps):
            assert routine.steps[-1].position == "back", routine.slug


def test_a_routine_ending_on_the_tummy_is_refused(broken_copy: Path) -> None:
    path = broken_copy / "routines" / "bedtime-wind-down.toml"
    text = path.read_text()
    last = text.rindex("[[steps]]")
    text = text[:last].rstrip() + "\n"
    path.write_text(text.replace("duration_minutes = 7", "duration_minutes = 6"))
    with pytest.raises(ContentError, match="must end with the baby on the back"):
        load_library(broken_copy)


def test_a_tummy_step_must_say_so(broken_copy: Path) -> None:
    path = broken_copy / "routines" / "bedtime-wind-down.toml"
    path.write_text(path.read_text().replace('position = "tummy"\n', "", 1))
    with pytest.raises(ContentError, match='position = "tummy"'):
        load_library(broken_copy)


# --- 10. Never shake -------------------------------------------------------------------------


def test_the_colic_routine_crying_log_and_colic_section_say_never_shake() -> None:
    colic = library().get("colic-comfort")
    assert colic is not None and "icon" in colic.sources
    words = " ".join(s.how for s in colic.steps)
    help_text = str(CryingForm.base_fields["intensity"].help_text)
    for text in (words, help_text, COPING_SENTENCE):
        assert "Never shake a baby" in text
        assert "put your baby down safely" in text or "lay your baby down safely" in text
        assert "few minutes' break" in text
    today = timezone.localdate()
    pattern = colic_pattern({today: 30.0}, today - timedelta(days=40))
    assert COPING_SENTENCE in pattern.sentences


def test_the_crying_form_page_shows_never_shake(alice: Member, mia: Baby) -> None:
    page = alice.client().get(reverse("tracking:add", args=["crying"])).content.decode()
    assert "Never shake a baby" in page


# --- 7. Oil ----------------------------------------------------------------------------------


def test_the_oil_list_follows_the_advice() -> None:
    lib = library()
    names = {o.name for o in lib.oils}
    suggested = {o.name for o in lib.oils if o.suggest}
    assert suggested == {"No oil", "Sunflower seed oil"}
    assert not any("coconut" in n.lower() for n in names)
    for typed, expected in [
        ("mustard oil", "Not advised"),
        ("Almond", "allergies"),
        ("olive oil", "newborn"),
        ("lavender oil", "essential oils"),
        ("sunflower", "patch test"),
    ]:
        oil = lib.oil(typed)
        assert oil is not None and expected in oil.advice, typed
    advice = " ".join(a.text for a in lib.oil_advice)
    for words in ("without oil is fine", "sunflower seed oil", "patch", "essential oils"):
        assert words in advice
    assert {a.source for a in lib.oil_advice} >= {"cooke-2016", "danby-2013", "summers-2019"}


def test_the_log_form_suggests_only_advised_oils_and_shows_each_ones_advice(
    alice: Member, mia: Baby
) -> None:
    page = alice.client().get(reverse("massage:log_afterwards")).content.decode()
    datalist = page[page.index('<datalist id="oil-suggestions">') :]
    datalist = datalist[: datalist.index("</datalist>")]
    assert "Sunflower seed oil" in datalist and "Coconut" not in datalist
    assert "Mustard" not in datalist
    assert "Mustard oil:</strong> Not advised" in page
    assert "patch" in page


def test_a_typed_oil_shows_its_advice_when_the_form_comes_back(alice: Member, mia: Baby) -> None:
    response = alice.client().post(
        reverse("massage:log_afterwards"),
        {"baby": mia.pk, "oil": "mustard oil", "tool": "hands", "duration_minutes": ""},
    )
    page = response.content.decode()
    assert response.status_code == 200
    advice = page[page.index('id="typed-oil-advice"') :]
    assert "Not advised" in advice[: advice.index("</p>")]


def test_the_routine_page_and_steps_say_oil_is_optional(alice: Member, mia: Baby) -> None:
    page = alice.client().get(reverse("massage:routine", args=["full-body"])).content.decode()
    assert "Massage without oil is fine" in page
    for routine in library().routines:
        for step in routine.steps:
            if "oil" in step.how and "No oil" not in step.avoid:
                assert "If you use oil" in step.how, routine.slug


# --- 11. The wand ----------------------------------------------------------------------------


def _wand(baby: Baby) -> Massager:
    return Massager.objects.create(
        family=baby.family, name="Wand", vibration_levels=["off", "low", "medium"], heads=[]
    )


def test_the_start_page_shows_the_wand_guidance_before_starting(alice: Member, mia: Baby) -> None:
    page = alice.client().get(reverse("massage:start", args=["full-body"])).content.decode()
    guidance = page[page.index('id="wand-guidance"') :]
    guidance = guidance[: guidance.index("</div>")]
    for line in library().wand_guidance:
        assert line.replace("'", "&#x27;") in guidance
    assert "NICU team agrees" in guidance
    assert page.index('id="wand-guidance"') < page.index("Check and start")


def test_starting_with_the_wand_records_it_and_the_player_keeps_the_guidance(
    alice: Member, mia: Baby
) -> None:
    client = alice.client()
    response = client.post(
        reverse("massage:start", args=["full-body"]),
        safety_post("full-body", mia, tool="wand"),
    )
    session = MassageSession.objects.get()
    assert session.tool == "wand"
    player = client.get(response["Location"]).content.decode()
    assert 'id="wand-guidance"' in player and "lowest level" in player


def test_a_hands_session_player_has_no_wand_guidance(alice: Member, mia: Baby) -> None:
    client = alice.client()
    response = client.post(
        reverse("massage:start", args=["full-body"]), safety_post("full-body", mia)
    )
    assert 'id="wand-guidance"' not in client.get(response["Location"]).content.decode()


def test_the_gentlest_levels_are_off_and_the_lowest() -> None:
    assert services.gentlest_levels(["off", "low", "medium"]) == ["off", "low"]
    assert services.gentlest_levels(["low", "high"]) == ["low"]


def test_the_api_warns_about_a_wand_above_the_lowest_level(alice: Member, mia: Baby) -> None:
    api = ApiClient(alice)
    wand = _wand(mia)
    start = timezone.now() - timedelta(hours=1)
    body = {
        "baby": mia.pk,
        "tool": "wand",
        "massager": wand.pk,
        "started_at": start.isoformat(),
        "ended_at": (start + timedelta(minutes=5)).isoformat(),
    }
    high = api.post("/massage-sessions", {**body, "vibration": "medium"})
    assert high.status == 201, high.body
    assert [w["code"] for w in high.body["warnings"]] == ["wand-above-lowest-level"]
    assert high.body["warnings"][0]["urgency"] == "advice"
    assert MassageSession.objects.filter(pk=high.body["id"], vibration="medium").exists()
    low = api.post("/massage-sessions", {**body, "vibration": "low"})
    assert low.status == 201 and low.body["warnings"] == []
    hands = api.post("/massage-sessions", {"baby": mia.pk, "tool": "hands"})
    assert hands.status == 201 and hands.body["warnings"] == []
    read = api.get(f"/massage-sessions/{high.body['id']}")
    assert [w["code"] for w in read.body["warnings"]] == ["wand-above-lowest-level"]


def test_the_api_warns_about_the_wand_in_the_preterm_routine(alice: Member) -> None:
    early = make_baby(alice.family, "Noa", age_days=20, gestational_weeks=30)
    api = ApiClient(alice)
    answer = api.post(
        "/massage-sessions",
        {"baby": early.pk, "tool": "wand", "routine_slug": "preterm-gentle-touch"},
    )
    assert answer.status == 201, answer.body
    assert [w["code"] for w in answer.body["warnings"]] == ["wand-preterm-routine"]


def test_the_log_page_shows_the_wand_warning_and_still_saves(alice: Member, mia: Baby) -> None:
    wand = _wand(mia)
    start = timezone.localtime() - timedelta(hours=1)
    response = alice.client().post(
        reverse("massage:log_afterwards"),
        {
            "baby": mia.pk,
            "started_at": start.strftime("%Y-%m-%dT%H:%M"),
            "duration_minutes": 5,
            "tool": "wand",
            "massager": wand.pk,
            "vibration": "medium",
        },
    )
    page = response.content.decode()
    assert response.status_code == 200, page
    assert 'role="alert" id="session-warnings"' in page
    assert "above the lowest level" in page
    assert MassageSession.objects.get().vibration == "medium"


def test_a_gentle_wand_session_goes_straight_back_to_the_list(alice: Member, mia: Baby) -> None:
    wand = _wand(mia)
    start = timezone.localtime() - timedelta(hours=1)
    response = alice.client().post(
        reverse("massage:log_afterwards"),
        {
            "baby": mia.pk,
            "started_at": start.strftime("%Y-%m-%dT%H:%M"),
            "duration_minutes": 5,
            "tool": "wand",
            "massager": wand.pk,
            "vibration": "low",
        },
    )
    assert response.status_code == 302


# --- 12. The preterm routine -----------------------------------------------------------------


@pytest.mark.parametrize("weeks", [None, 37, 40])
def test_the_preterm_routine_cannot_start_for_a_term_baby_even_when_approved(
    alice: Member, weeks: int | None
) -> None:
    baby = make_baby(alice.family, "Ava", age_days=20, gestational_weeks=weeks)
    response = alice.client().post(
        reverse("massage:start", args=["preterm-gentle-touch"]),
        safety_post("preterm-gentle-touch", baby, **{"team-approved": "yes"}),
    )
    assert response.status_code == 200
    assert "only for babies born before 37 weeks" in response.content.decode()
    assert not MassageSession.objects.exists()
    routine = library().get("preterm-gentle-touch")
    assert routine is not None
    with pytest.raises(ValueError, match="born before 37 weeks"):
        services.start_session(
            baby, routine, services.evaluate_safety(routine, services.clear_answers(routine)), None
        )


def test_the_preterm_routine_page_offers_no_start_for_a_term_baby(alice: Member) -> None:
    term = make_baby(alice.family, "Ava", age_days=20)
    early = make_baby(alice.family, "Noa", age_days=20, gestational_weeks=32)
    url = reverse("massage:routine", args=["preterm-gentle-touch"])
    client = alice.client()
    page = client.get(url, {"baby": term.pk}).content.decode()
    assert "only for babies born before 37 weeks" in page and "Start with Ava" not in page
    assert "Start with Noa" in client.get(url, {"baby": early.pk}).content.decode()


def test_the_preterm_routine_starts_for_a_baby_born_at_36_weeks(alice: Member) -> None:
    baby = make_baby(alice.family, "Noa", age_days=20, gestational_weeks=36)
    response = alice.client().post(
        reverse("massage:start", args=["preterm-gentle-touch"]),
        safety_post("preterm-gentle-touch", baby, **{"team-approved": "yes"}),
    )
    assert response.status_code == 302
    assert MassageSession.objects.get().routine_slug == "preterm-gentle-touch"
