"""One decision: ``scoring.safety_items`` says which answers call for the safety response.

Every edge of it (each item-10 answer, every other item, drafts, other instruments), and that
the form, the stored flags, the result and the clinic alert all follow it rather than deciding
again for themselves.
"""

from __future__ import annotations

import json

import pytest

from firsttouch.wellbeing import safety, scoring, services
from firsttouch.wellbeing.fhir import from_fhir_questionnaire
from firsttouch.wellbeing.forms import QuestionnaireForm
from firsttouch.wellbeing.instruments import INSTRUMENTS_DIR, Instrument, epds
from tests.cast import Member

from .epds_answers import answers, with_total

ITEM10_SCORES = {0: 3, 1: 2, 2: 1, 3: 0}  # option shown -> score ("Yes, quite often" .. "Never")


def demo() -> Instrument:
    """The demo bonding questionnaire: no safety item of its own."""
    return from_fhir_questionnaire(
        json.loads((INSTRUMENTS_DIR / "demo-bonding.fhir.json").read_text(encoding="utf-8"))
    )


def demo_with_safety_item() -> Instrument:
    """The demo with its first item marked as a safety item (an imported instrument may)."""
    instrument = demo()
    first = instrument.items[0].model_copy(update={"safety": True})
    return instrument.model_copy(update={"items": [first, *instrument.items[1:]]})


@pytest.mark.parametrize(("option", "points"), ITEM10_SCORES.items())
def test_each_item_10_answer(option: int, points: int) -> None:
    expected = {"10": points} if points else {}
    assert scoring.safety_items(epds(), {"10": option}) == expected
    # The same with a full set at the lowest total, and with the highest other answers.
    assert scoring.safety_items(epds(), with_total(0) | {"10": option}) == expected
    assert scoring.safety_items(epds(), with_total(27) | {"10": option}) == expected


def test_no_other_epds_item_ever_calls_for_it() -> None:
    for item in epds().items:
        if item.link_id == "10":
            continue
        for option in range(len(item.options)):
            assert scoring.safety_items(epds(), {item.link_id: option}) == {}, item.link_id


def test_a_draft_without_item_10_does_not() -> None:
    assert scoring.safety_items(epds(), {}) == {}
    assert scoring.safety_items(epds(), {"1": 3, "3": 0}) == {}


def test_an_unknown_option_is_refused_not_guessed() -> None:
    with pytest.raises(ValueError):
        scoring.safety_items(epds(), {"10": 4})


def test_another_instruments_safety_item_follows_its_own_scores() -> None:
    flagged = demo_with_safety_item()
    item = flagged.items[0]
    for option, choice in enumerate(item.options):
        found = scoring.safety_items(flagged, {item.link_id: option})
        assert found == ({item.link_id: choice.score} if choice.score > 0 else {})
    assert any(o.score == 0 for o in item.options) and any(o.score > 0 for o in item.options)


def test_an_instrument_without_safety_items_never_does() -> None:
    instrument = demo()
    assert instrument.safety_ids == ()
    for item in instrument.items:
        for option in range(len(item.options)):
            assert scoring.safety_items(instrument, {item.link_id: option}) == {}


@pytest.mark.parametrize(("option", "points"), ITEM10_SCORES.items())
def test_the_score_and_the_epds_reading_agree_with_it(option: int, points: int) -> None:
    chosen = answers([1] * 9 + [0]) | {"10": option}
    result = scoring.score(epds(), chosen)
    assert result.safety_items == scoring.safety_items(epds(), chosen)
    assert scoring.read_epds(result).safety_response_needed is (points > 0)


def test_the_form_marks_exactly_the_answers_that_call_for_it() -> None:
    for instrument in (epds(), demo_with_safety_item(), demo()):
        form = QuestionnaireForm(instrument)
        for question in form.questions():
            marked = [c.index for c in question.choices if c.triggers_safety]
            wanted = [
                i
                for i in range(len(question.item.options))
                if scoring.safety_items(instrument, {question.item.link_id: i})
            ]
            assert marked == wanted, (instrument.id, question.item.link_id)


@pytest.mark.parametrize(("option", "points"), ITEM10_SCORES.items())
def test_drafts_and_results_store_the_decision(alice: Member, option: int, points: int) -> None:
    expected = {"10": points} if points else {}
    draft = services.submit(alice.user, alice.family, "epds", {"10": option})
    assert draft.flags["safety_items"] == expected
    assert safety.safety_item_score(draft) == points
    done = services.submit(
        alice.user, alice.family, "epds", with_total(0) | {"10": option}, finish=True
    )
    assert done.flags["safety_items"] == expected
    assert done.flags["safety"] is (points > 0)
    assert (safety.safety_for(done) is not None) is (points > 0)


def test_the_page_and_alert_ask_the_scoring_module(
    alice: Member, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Nothing downstream decides again: if scoring said item 3 needs it, so would they."""
    draft = services.submit(alice.user, alice.family, "epds", {"3": 0})
    assert safety.safety_for(draft) is None
    monkeypatch.setattr(scoring, "safety_items", lambda instrument, chosen: {"3": 3})
    found = safety.safety_for(draft)
    assert found is not None and found.item_score == 3


def test_a_draft_whose_instrument_cannot_be_read_uses_the_stored_decision(
    alice: Member, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    draft = services.submit(alice.user, alice.family, "epds", {"10": 1})
    never = services.submit(alice.user, alice.family, "epds", {"10": 3})
    monkeypatch.setattr(type(draft), "instrument", lambda self: None)
    assert safety.safety_item_score(draft) == 2
    assert safety.safety_for(never) is None
    assert f"response {draft.pk}" in caplog.text


def test_a_result_stored_before_the_items_were_kept_still_shows_it() -> None:
    assert safety.stored_safety_items({"safety": True, "item10_score": 2}) == {"": 2}
    assert safety.stored_safety_items({"safety": False, "item10_score": 0}) == {}
    assert safety.stored_safety_items({}) == {}
