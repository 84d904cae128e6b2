"""The safety check before a session: refuse with a reason, or leave regions out."""

from __future__ import annotations

import pytest

from firsttouch.massage.content import Routine, library
from firsttouch.massage.services import Answer, clear_answers, evaluate_safety


def routine(slug: str) -> Routine:
    found = library().get(slug)
    assert found is not None
    return found


def answers(r: Routine, **changes: Answer) -> dict[str, Answer]:
    result = clear_answers(r)
    result.update({k.replace("_", "-"): v for k, v in changes.items()})
    return result


def test_clear_answers_allow_the_whole_routine() -> None:
    r = routine("full-body")
    result = evaluate_safety(r, clear_answers(r))
    assert result.allowed
    assert result.reasons == [] and result.skipped_regions == []
    assert result.steps == r.steps


@pytest.mark.parametrize(
    "question", ["unwell", "medical-condition", "not-ready", "hospital-fragile"]
)
def test_refusing_answers_stop_the_session_with_their_reason(question: str) -> None:
    r = routine("bedtime-wind-down")
    result = evaluate_safety(r, answers(r, **{question: True}))
    expected = next(q for q in library().safety if q.id == question)
    assert not result.allowed
    assert result.reasons == [expected.reason]
    assert result.sources == [expected.source]
    assert result.steps == []


def test_every_rule_cites_a_source() -> None:
    assert all(q.source for q in library().safety)


def test_recent_vaccination_leaves_out_the_injection_site() -> None:
    r = routine("full-body")
    result = evaluate_safety(r, answers(r, recent_vaccination=["legs"]))
    assert result.allowed
    assert result.skipped_regions == ["legs"]
    assert all(s.region != "legs" for s in result.steps)
    assert any(s.region == "feet" for s in result.steps)
    assert "48 hours" in result.reasons[0]


def test_vaccination_says_nothing_for_a_routine_without_the_injection_site() -> None:
    r = routine("teething-face-jaw")
    result = evaluate_safety(r, answers(r, recent_vaccination=["legs"]))
    assert result.allowed and result.reasons == [] and result.steps == r.steps


def test_vaccination_without_the_site_chosen_asks_for_it() -> None:
    r = routine("full-body")
    result = evaluate_safety(r, answers(r, recent_vaccination=True))
    assert not result.allowed
    assert "Choose the areas to leave out" in result.reasons[0]


def test_healing_cord_stump_leaves_out_the_tummy() -> None:
    r = routine("tummy-gas-constipation")
    result = evaluate_safety(r, answers(r, umbilical_stump=True))
    assert result.allowed
    assert result.skipped_regions == ["tummy"]
    assert [s.stroke for s in result.steps if s.region != "whole_body"] == [
        "Knees to tummy",
        "Bicycling",
    ]


def test_skin_problem_leaves_out_the_chosen_areas() -> None:
    r = routine("full-body")
    result = evaluate_safety(r, answers(r, skin_problem=["face", "back"]))
    assert result.allowed
    assert result.skipped_regions == ["face", "back"]
    assert {s.region for s in result.steps}.isdisjoint({"face", "back"})


def test_skin_problem_without_an_area_is_refused() -> None:
    r = routine("full-body")
    result = evaluate_safety(r, answers(r, skin_problem=True))
    assert not result.allowed
    assert "Choose the areas" in result.reasons[0]


def test_skin_problem_all_over_leaves_nothing_and_is_refused() -> None:
    r = routine("full-body")
    result = evaluate_safety(r, answers(r, skin_problem=["whole_body"]))
    assert not result.allowed
    assert "nothing left of this routine" in result.reasons[-1]


def test_skipping_every_region_refuses_even_if_resting_hands_remain() -> None:
    r = routine("teething-face-jaw")
    result = evaluate_safety(r, answers(r, skin_problem=["face"]))
    assert not result.allowed
    assert result.skipped_regions == ["face"]
    assert "nothing left of this routine" in result.reasons[-1]


def test_an_unanswered_question_stops_the_session() -> None:
    r = routine("full-body")
    given = clear_answers(r)
    del given["unwell"]
    result = evaluate_safety(r, given)
    assert not result.allowed
    assert "Please answer" in result.reasons[0]


def test_preterm_routine_needs_the_teams_approval() -> None:
    r = routine("preterm-gentle-touch")
    asked = set(clear_answers(r))
    assert "team-approved" in asked and "hospital-fragile" not in asked
    refused = evaluate_safety(r, answers(r, team_approved=False))
    assert not refused.allowed and "NICU team" in refused.reasons[0]
    assert evaluate_safety(r, answers(r, team_approved=True)).allowed


def test_standard_routines_ask_about_hospital_not_team_approval() -> None:
    asked = set(clear_answers(routine("full-body")))
    assert "hospital-fragile" in asked and "team-approved" not in asked
